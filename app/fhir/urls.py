"""The canonical URLs of what the engine defines itself (its CodeSystems, extensions and
identifier systems). `.example` is a reserved TLD: these name things, they are not fetched."""

BASE = "https://methodisch.example/fhir"

# Identifier systems
EPISODE = f"{BASE}/NamingSystem/episode"
CLIENT_REF = f"{BASE}/NamingSystem/client-ref"  # the EPD's own reference of the client
THERAPIST = f"{BASE}/NamingSystem/therapist"
AGB = "http://fhir.nl/fhir/NamingSystem/agb-z"  # Vektis AGB code (nl-core)
BIG = "http://fhir.nl/fhir/NamingSystem/big"

# CodeSystems of the project
INSTRUMENT = f"{BASE}/CodeSystem/instrument"  # an instrument code, e.g. "nprs"
SCORE = f"{BASE}/CodeSystem/score"  # "<instrument>.<score name>", where no LOINC code exists
PROFILE = f"{BASE}/CodeSystem/profiel"
ODIM = f"{BASE}/CodeSystem/odim-domein"
MOMENT = f"{BASE}/CodeSystem/meetmoment"
STEP = f"{BASE}/CodeSystem/stap"

# Canonical of an instrument's Questionnaire
QUESTIONNAIRE = f"{BASE}/Questionnaire"

# Extensions
EXT_MOMENT = f"{BASE}/StructureDefinition/meetmoment"

# Added for the episode Bundle (`app/fhir/bundle.py`)
MEASUREMENT = f"{BASE}/NamingSystem/measurement"  # a measurement's id (QuestionnaireResponse)
KP = f"{BASE}/NamingSystem/kwaliteitsregister-paramedici"  # a KP registration number
DOEL = f"{BASE}/CodeSystem/doel"  # hoofddoel | subdoel (a Goal of the behandelplan)
DOELNIVEAU = f"{BASE}/CodeSystem/doelniveau"  # the hoofddoel's level: activiteiten, ...
SPOOR = f"{BASE}/CodeSystem/spoor"  # psychosomatisch: somatisch_spoor | psychosociaal_spoor
TOESTEMMING_DOEL = f"{BASE}/CodeSystem/toestemming-doel"  # a consent's purpose (doel)
# DCSPH (Diagnosecoderingssysteem Paramedische Hulpverlening, the uniform list Vektis publishes
# since 2020): no FHIR canonical URL or OID for it was found, neither in Nictiz'
# zib2020 terminology nor in Vektis' COD code lists, so the project names it until one exists.
DCSPH = f"{BASE}/CodeSystem/dcsph"
