"""The clinician's words for what the engine serves: one Dutch vocabulary.

Field names, enum values, steps, triggers and profiles keep their stable codes (`icf_functies`,
`niet_besproken`, `anamnese_afronden`); a person reads them by the titles below, as a therapist
says them. The served definition (GET /v1/workflows/{profile}) carries these titles itself, so
an EPD and the web client take the words from there instead of keeping their own list:

- every property of every form, appendix and payload schema has its `title` from `VELDEN`
  (or, rarely, a per-model override from `FORM_VELDEN`);
- every nested model (`$defs`) and every form has its `title` from `MODELLEN`;
- every fixed value keeps its `enum` (or `const`) and gets, beside it,
  `oneOf: [{"const": value, "title": ...}]`, the JSON Schema idiom for titled values.

`DutchSchema` applies them while the JSON Schema is generated. Titles carry no document numbers
or section signs: sources stay in descriptions and code comments.
"""

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

VELDEN: dict[str, str] = {
    "aan": "Gesteld aan",
    "aandrang": "Aandrang",
    "aanleiding": "Aanleiding",
    "aantal_bevallingen": "Aantal bevallingen",
    "aanvullende_medische_info_nodig": "Aanvullende medische informatie nodig",
    "aanvullende_medische_info_ontvangen": "Ontvangen medische informatie",
    "aanwijzingen": "Aanwijzingen",
    "activiteitenobservatie": "Activiteitenobservatie",
    "activiteitenonderzoek": "Activiteitenonderzoek",
    "ademhaling": "Ademhaling",
    "ademklachten": "Ademklachten",
    "advies": "Advies",
    "advies_van": "Advies van",
    "akkoord": "Instemming",
    "akkoord_betrokkenen": "Akkoord van de betrokkenen",
    "akkoord_client": "Akkoord van de cliënt",
    "andere_pathologie_uitgesloten": "Andere pathologie uitgesloten",
    "antwoord": "Antwoord",
    "beantwoord_op": "Beantwoord op",
    "beginmeting_geen_reden": "Reden zonder beginmeting",
    "behandelbare_componenten": "Behandelbare componenten",
    "bejegening": "Bejegening",
    "bekken_rode_vlaggen": "Rode vlaggen bekken en bekkenbodem",
    "bekkenbodem": "Bekkenbodem",
    "bekkenbodemfunctie_objectiveren": "Bekkenbodemfunctie objectiveren",
    "bekkengordelpijn": "Bekkengordelpijn",
    "bekkenklachten": "Bekkenklachten",
    "beleid": "Beleid",
    "besluit": "Besluit",
    "besluit_toelichting": "Toelichting op het besluit",
    "besproken_met_betrokkenen": "Besproken met de betrokkenen",
    "besproken_met_client": "Besproken met de cliënt",
    "betrokkenen": "Betrokkenen",
    "bevindingen": "Bevindingen",
    "bijstellen_nodig": "Bijstellen nodig",
    "binnen_deskundigheid": "Binnen de eigen deskundigheid",
    "binnen_domein": "Binnen het domein van de oefentherapie",
    "bristol_type": "Bristol-type",
    "buikdruk": "Buikdruk",
    "cognitie": "Cognitie",
    "collegiale_consultatie": "Collegiale consultatie",
    "compensaties": "Compensaties",
    "conclusie": "Conclusie",
    "coordinatiestoornis": "Coördinatiestoornis",
    "cyclus_menopauze": "Cyclus en menopauze",
    "datum": "Datum",
    "defecatiefrequentie_per_week": "Defecatiefrequentie per week",
    "diagnosecode": "DCSPH-code",
    "doel": "Doel",
    "doelen": "Resultaat per doel",
    "domeinen": "Domeinanamneses",
    "door": "Ingestemd door",
    "doorverwijzing_naar": "Doorverwijzen naar",
    "doorverwijzing_nodig": "Doorverwijzen nodig",
    "eerder_ondernomen": "Eerder ondernomen",
    "eindrapportage_datum": "Datum eindrapportage",
    "eindrapportage_geen_reden": "Reden zonder eindrapportage",
    "eindrapportage_verzonden_aan": "Eindrapportage verzonden aan",
    "emotie": "Emotie",
    "evaluatiemomenten": "Evaluatiemomenten",
    "factoren": "Predisponerende, luxerende en in stand houdende factoren",
    "fecale_incontinentie": "Fecale incontinentie",
    "gastro_enterologisch": "Gastro-enterologische anamnese",
    "gedrag": "Gedrag",
    "gele_vlaggen": "Gele vlaggen",
    "gesprek_met_client": "Gesprek met de cliënt",
    "gesteld_op": "Gesteld op",
    "gezondheidsvaardigheden": "Gezondheidsvaardigheden",
    "gynaecologisch": "Gynaecologische anamnese",
    "heteroanamnese": "Heteroanamnese",
    "hoofddoel": "Hoofddoel",
    "hoofddoel_bereikt": "Hoofddoel bereikt",
    "hoofddoel_niveau": "Niveau van het hoofddoel",
    "hoofddoel_niveau_reden": "Reden hoofddoel op functieniveau",
    "hulpvraag": "Hulpvraag",
    "hulpvraag_niveau": "Niveau van de hulpvraag",
    "hypothesen": "Hypothesen",
    "icf_activiteiten": "ICF-activiteiten",
    "icf_functies": "ICF-functies",
    "icf_participatie": "ICF-participatie",
    "in_stand_houdend": "In stand houdende factoren",
    "indicatie": "Indicatie",
    "inhoudelijk": "Inhoudelijk",
    "instrument": "Meetinstrument",
    "intercollegiale_hulpvraag": "Intercollegiale hulpvraag",
    "interventies": "Interventies",
    "inwendig_behandelen": "Inwendig behandelen",
    "inwendig_behandelen_toestemming": "Toestemming voor inwendig behandelen",
    "inwendig_onderzoek": "Inwendig onderzoek",
    "klachten": "Klachten",
    "klachten_beloop": "Klachten en beloop",
    "kwaliteit_van_leven": "Kwaliteit van leven",
    "ldo_aanlevering": "Aangeleverd aan de LDO",
    "luxerend": "Luxerende factoren",
    "mate_bereikt": "Mate bereikt",
    "medische_voorgeschiedenis": "Medische voorgeschiedenis",
    "meldcode": "Meldcode",
    "meldcode_stappen": "Stappen van de meldcode",
    "metingen_niet_herhaald": "Metingen niet herhaald",
    "mictiefrequentie_overdag": "Mictiefrequentie overdag",
    "na_sessies": "Na aantal sessies",
    "nazorg": "Nazorg",
    "niet_besproken_reden": "Reden niet besproken",
    "nycturie": "Nycturie",
    "obstetrische_voorgeschiedenis": "Obstetrische voorgeschiedenis",
    "obstipatie": "Obstipatie",
    "odim_domein": "ODIM-domein",
    "oefentherapeutische_diagnose": "Oefentherapeutische diagnose",
    "omgevingsfactoren": "Omgevingsfactoren",
    "omschrijving": "Omschrijving",
    "onderactiviteit": "Onderactiviteit",
    "oordeel_client": "Oordeel van de cliënt",
    "oordeel_therapeut": "Oordeel van de therapeut",
    "op_datum": "Op datum",
    "organisatorisch": "Organisatorisch",
    "overactiviteit": "Overactiviteit",
    "persoonlijke_factoren": "Persoonlijke factoren",
    "predisponerend": "Predisponerende factoren",
    "probleemhandeling": "Probleemhandeling",
    "procesevaluatie": "Procesevaluatie",
    "proctologisch": "Proctologische klachten",
    "productevaluatie": "Productevaluatie",
    "prognose": "Prognose",
    "psychosociaal_spoor": "Psychosociaal spoor",
    "reactie": "Reactie van de cliënt",
    "recidivebeleid": "Recidivebeleid en terugvalpreventie",
    "reden": "Reden",
    "reden_afsluiting": "Reden van afsluiten",
    "risico_en_prognostische_factoren": "Risico- en prognostische factoren",
    "rode_vlaggen": "Rode vlaggen",
    "rol": "Rol",
    "scegs": "SCEGS-klachtdimensies",
    "seksuele_klachten": "Seksuele klachten",
    "seksuologisch": "Seksuologische anamnese",
    "signalen": "Signalen",
    "signalen_mishandeling": "Signalen van mishandeling",
    "sociaal": "Sociaal",
    "solk_complexiteit": "SOLK-complexiteit",
    "soma": "Soma",
    "somatisch_spoor": "(Psycho)somatisch spoor",
    "spanning_adem": "Spanning- en ademgerelateerde anamnese",
    "spanningsklachten": "Spanningsklachten",
    "specifiek_onderzoek": "Specifiek onderzoek",
    "status": "Status",
    "subdoelen": "Subdoelen",
    "terugvalpreventie": "Terugvalpreventie",
    "toegang": "Toegang",
    "toelichting": "Toelichting",
    "toestemming": "Geïnformeerde toestemming",
    "toestemming_client": "Toestemming van de cliënt",
    "tussentijdse_evaluaties": "Tussentijdse evaluaties",
    "type_incontinentie": "Type incontinentie",
    "urineverlies": "Urineverlies",
    "urologisch": "Urologische anamnese",
    "verwacht_beloop_met_interventie": "Verwacht beloop met interventie",
    "verwacht_beloop_zonder_interventie": "Verwacht beloop zonder interventie",
    "verwachte_duur_weken": "Verwachte duur in weken",
    "verwezen_naar": "Verwezen naar",
    "verzakkingsklachten": "Verzakkingsklachten",
    "vraag": "Vraag",
    "weging": "Weging",
    "werkdiagnose": "Werkdiagnose",
    "wijze": "Wijze van instemmen",
    "zwanger_of_postpartum": "Zwanger of net bevallen",
}
"""Field name -> title, the same in every form unless `FORM_VELDEN` says otherwise."""

FORM_VELDEN: dict[str, dict[str, str]] = {
    # In an interim evaluation the subdoelen are the progress made on each, not the goals.
    "TussentijdseEvaluatie": {"subdoelen": "Voortgang per subdoel"},
}
"""Per model class name (or a base class's name: subclasses inherit it), the rare field whose
title differs there from `VELDEN`."""

WAARDEN: dict[str, str] = {
    # aanleiding (screening), route
    "eigen_initiatief": "Eigen initiatief",
    "advies_derden": "Op advies van derden",
    "dto": "Directe toegang",
    "verwijzing": "Verwijzing",
    # rol van een betrokkene
    "ouder": "Ouder",
    "naaste": "Naaste",
    "mantelzorger": "Mantelzorger",
    "begeleider": "Begeleider",
    "verzorger": "Verzorger",
    "wettelijk_vertegenwoordiger": "Wettelijk vertegenwoordiger",
    "school": "School",
    "consultatiebureau": "Consultatiebureau",
    # niveau (ICF) van hulpvraag en hoofddoel
    "participatie": "Participatie",
    "activiteiten": "Activiteiten",
    "functies": "Functies",
    # gezondheidsvaardigheden
    "voldoende": "Voldoende",
    "beperkt": "Beperkt",
    "onvoldoende": "Onvoldoende",
    # SOLK-complexiteit (NHG-standaard)
    "licht": "Licht",
    "matig_ernstig": "Matig-ernstig",
    "ernstig": "Ernstig",
    # bekkenklachten
    "geen": "Geen",
    "ongecompliceerd": "Ongecompliceerd",
    "complex": "Complex",
    "bekkenbodemfunctiestoornis": "Bekkenbodemfunctiestoornis",
    # ODIM-domeinen
    "motoriek": "Motoriek",
    "cognitie": "Cognitie",
    "motivatie": "Motivatie",
    "omgeving": "Omgeving",
    # mate waarin een doel is bereikt
    "volledig": "Volledig",
    "grotendeels": "Grotendeels",
    "gedeeltelijk": "Gedeeltelijk",
    "niet": "Niet",
    # reden van afsluiten
    "doelen_bereikt": "Doelen bereikt",
    "behandeladvies": "Behandeladvies",
    "verwezen_naar_arts": "Verwezen naar een arts",
    "buiten_domein": "Buiten het domein",
    "geen_indicatie": "Geen indicatie",
    "doorverwezen": "Doorverwezen",
    "client_gestopt": "Cliënt gestopt",
    "overig": "Overig",
    # eindrapportage verzonden aan
    "verwijzer": "Verwijzer",
    "huisarts": "Huisarts",
    # wie instemt, en hoe
    "client": "Cliënt",
    "ouders": "Ouders of voogd",
    "vertegenwoordiger": "Vertegenwoordiger",
    "mondeling": "Mondeling",
    "schriftelijk": "Schriftelijk",
    # besluit van de meldcode (stap 5)
    "melden": "Melden bij Veilig Thuis",
    "hulp_bieden_of_organiseren": "Hulp bieden of organiseren",
    "melden_en_hulp": "Melden en hulp bieden",
    "geen_zorgen_meer": "Geen zorgen meer",
    # bekken: domeinen, en of een domein is uitgevraagd
    "urologisch": "Urologisch",
    "gynaecologisch": "Gynaecologisch",
    "gastro_enterologisch": "Maag-darm",
    "seksuologisch": "Seksuologisch",
    "spanning_adem": "Spanning en ademhaling",
    "uitgevraagd": "Uitgevraagd",
    "nvt": "Niet van toepassing",
    "niet_besproken": "Niet besproken",
    # bekken: type incontinentie, zwangerschap, inwendig onderzoek, aan wie de hulpvraag
    "stress": "Stressincontinentie",
    "urge": "Urge-incontinentie",
    "gemengd": "Gemengde incontinentie",
    "overloop": "Overloopincontinentie",
    "nee": "Nee",
    "zwanger": "Zwanger",
    "postpartum": "Net bevallen",
    "vaginaal": "Vaginaal",
    "rectaal": "Rectaal",
    "bevoegde_bekkenoefentherapeut": "Bevoegde bekkenoefentherapeut",
    "bekkenfysiotherapeut": "Bekkenfysiotherapeut",
    "medisch_specialist": "Medisch specialist",
    # soort trigger
    "voorwaarts": "Volgende stap",
    "lus": "Terug in het proces",
    "uitstroom": "Uitstroom",
}
"""Enum value -> title. A value means the same wherever it occurs (`geen` is "Geen" both as
bekkenklachten and as the addressee of an eindrapportage)."""

MODELLEN: dict[str, str] = {
    # step forms and appendices
    "ScreeningForm": "Screening",
    "AnamneseForm": "Anamnese",
    "OnderzoekForm": "Onderzoek",
    "DiagnoseForm": "Diagnose",
    "BehandelplanForm": "Behandelplan",
    "BehandelingForm": "Behandeling",
    "EvaluatieForm": "Evaluatie",
    "AfsluitingForm": "Afsluiting",
    "SessieForm": "Behandelsessie",
    # sections of the forms
    "Betrokkene": "Betrokkene",
    "Subdoel": "Subdoel",
    "Evaluatiemoment": "Evaluatiemoment",
    "Instemming": "Instemming",
    "TussentijdseEvaluatie": "Tussentijdse evaluatie",
    "DoelResultaat": "Resultaat per doel",
    "Productevaluatie": "Productevaluatie",
    "Procesevaluatie": "Procesevaluatie",
    "NietHerhaald": "Meting niet herhaald",
    "Meldcode": "Meldcode huiselijk geweld en kindermishandeling",
    "BekkenDomeinen": "Domeinanamneses",
    "Urologisch": "Urologische anamnese",
    "Gynaecologisch": "Gynaecologische anamnese",
    "GastroEnterologisch": "Gastro-enterologische anamnese",
    "Seksuologisch": "Seksuologische anamnese",
    "SpanningAdem": "Spanning- en ademgerelateerde anamnese",
    "NietUitgevraagd": "Niet uitgevraagd",
    "Activiteitenobservatie": "Activiteitenobservatie",
    "Bekkenbodembevindingen": "Bevindingen bekkenbodem",
    "InwendigOnderzoek": "Inwendig onderzoek",
    "IntercollegialeHulpvraag": "Intercollegiale hulpvraag",
    "Scegs": "SCEGS-klachtdimensies",
    "Factoren": "Predisponerende, luxerende en in stand houdende factoren",
    "Werkdiagnose": "Werkdiagnose",
    "Spoor": "Behandelspoor",
    # trigger payloads
    "Reden": "Reden",
    "Advies": "Advies",
    "Voortzetten": "Voortzetten",
    "VoortzettenMetInstemming": "Voortzetten",
    "TijdelijkeVerwijzing": "Tijdelijke verwijzing",
    "ArtsVerwijzing": "Verwijzing naar een arts",
}
"""Model class name -> title. A subclass without an entry of its own takes its nearest base's
(a profile's `BekkenAnamneseForm` is "Anamnese")."""

STAPPEN: dict[str, str] = {
    "screening": "Screening",
    "anamnese": "Anamnese",
    "onderzoek": "Onderzoek",
    "diagnose": "Diagnose",
    "behandelplan": "Behandelplan",
    "behandeling": "Behandeling",
    "evaluatie": "Evaluatie",
    "afsluiting": "Afsluiting",
    "afgesloten": "Afgesloten",
}

BIJLAGEN: dict[str, str] = {"sessie": "Behandelsessie"}
"""Appendix name -> title (rows added during a step)."""

TRIGGERS: dict[str, str] = {
    "screening_afronden": "Screening afronden",
    "anamnese_afronden": "Anamnese afronden",
    "onderzoek_afronden": "Onderzoek afronden",
    "diagnose_afronden": "Diagnose afronden",
    "behandelplan_vaststellen": "Behandelplan vaststellen",
    "behandeling_afronden": "Behandeling afronden",
    "evaluatie_afronden": "Evaluatie afronden",
    "afsluiten": "Episode afsluiten",
    "bijstellen": "Behandelplan bijstellen",
    "opnieuw_onderzoeken": "Opnieuw onderzoeken",
    "tijdelijk_verwijzen": "Tijdelijk doorverwijzen",
    "hervatten": "Behandeling hervatten",
    "behandeling_voortzetten": "Behandeling voortzetten",
    "verwijzen_naar_arts": "Verwijzen naar een arts",
    "verwijzen_naar_arts_bekken": "Verwijzen naar een arts om rode vlaggen bekken",
    "advies_buiten_domein": "Advies geven: buiten het domein",
    "geen_indicatie": "Geen indicatie: advies of verwijzing",
    "alleen_advies": "Alleen een behandeladvies",
    "client_stopt": "Cliënt stopt",
    "verwijzen_psychosomatisch": "Verwijzen naar een psychosomatisch oefentherapeut",
    "verwijzen_bekken": "Verwijzen naar een bekkenoefentherapeut",
}

PROFIELEN: dict[str, str] = {
    "algemeen": "Algemeen",
    "bekken": "Bekkenoefentherapie",
    "psychosomatisch": "Psychosomatische oefentherapie",
    "basis": "Basisproces",
}

INSTRUMENTEN: dict[str, str] = {
    "4dkl": "4DKL",
    "nijmegen": "Nijmegen-vragenlijst",
    "phq15": "PHQ-15",
    "hads": "HADS",
    "nprs": "NPRS",
    "psk": "PSK",
    "psfs": "PSFS",
    "gpe": "GPE",
    "pgq": "PGQ",
    "iciq_ui_sf": "ICIQ-UI SF",
    "iiq7": "IIQ-7",
    "udi6": "UDI-6",
    "pfdi20": "PFDI-20",
    "prafab": "PRAFAB",
    "bristol": "Bristol-schaal",
    "tsk": "TSK",
    "pcs": "PCS",
    "odi": "ODI",
    "ndi": "NDI",
    "qbpds": "QBPDS",
    "who5": "WHO-5",
}
"""Instrument code (as in measures/) -> the short name a therapist uses, for messages."""


def _fallback(code: str) -> str:
    # Only for a code the vocabulary misses (tests/workflows/test_titels.py fails on it).
    return code.replace("_", " ").capitalize()


def veld(name: str, model: type[Any] | None = None) -> str:
    """The title of field `name`, in `model` (its own override, or its bases')."""
    for cls in model.__mro__ if model is not None else ():
        title = FORM_VELDEN.get(cls.__name__, {}).get(name)
        if title is not None:
            return title
    return VELDEN.get(name) or _fallback(name)


def waarde(value: str) -> str:
    return WAARDEN.get(value) or _fallback(value)


def model(cls: type[Any]) -> str | None:
    """The title of model `cls` or its nearest titled base; None if none has one."""
    return next((MODELLEN[c.__name__] for c in cls.__mro__ if c.__name__ in MODELLEN), None)


def stap(name: str) -> str:
    return STAPPEN.get(name) or _fallback(name)


def bijlage(name: str) -> str:
    return BIJLAGEN.get(name) or _fallback(name)


def trigger(name: str) -> str:
    return TRIGGERS.get(name) or _fallback(name)


def profiel(name: str) -> str:
    return PROFIELEN.get(name) or _fallback(name)


def instrument(code: str) -> str:
    return INSTRUMENTEN.get(code, code)


def instrumenten(codes: tuple[str, ...]) -> str:
    """`a, b of c`: instruments by name, for a message."""
    names = [instrument(c) for c in codes]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} of {names[-1]}"


def _met_titels(json_schema: JsonSchemaValue) -> JsonSchemaValue:
    """`enum`/`const` of strings kept, with `oneOf` beside it giving each value its title."""
    values = json_schema.get("enum", [json_schema["const"]] if "const" in json_schema else [])
    if values and all(isinstance(v, str) for v in values):
        json_schema["oneOf"] = [{"const": v, "title": waarde(v)} for v in values]
    return json_schema


class DutchSchema(GenerateJsonSchema):
    """JSON Schema with the clinician's titles (module docstring); use it as
    `Form.model_json_schema(schema_generator=DutchSchema)`."""

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        json_schema = super().model_schema(schema)
        cls: type[BaseModel] = schema["cls"]
        if (title := model(cls)) is not None:
            json_schema["title"] = title
        for name, prop in json_schema.get("properties", {}).items():
            prop["title"] = veld(name, cls)
        return json_schema

    def literal_schema(self, schema: core_schema.LiteralSchema) -> JsonSchemaValue:
        return _met_titels(super().literal_schema(schema))

    def enum_schema(self, schema: core_schema.EnumSchema) -> JsonSchemaValue:
        return _met_titels(super().enum_schema(schema))
