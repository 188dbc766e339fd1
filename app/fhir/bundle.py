"""An episode as a FHIR R4 Bundle (`type: collection`): what another system needs to take over or
follow the treatment, built from one read of the episode (`app.fhir.service`).

Every entry's `fullUrl` is `urn:uuid:` + a UUID v5 of the kind and the engine's key (`_uuid`), so
the same thing gets the same URL in every export, and the entries refer to each other by those
URLs. A resource carries no `id`: the Bundle is a message, not a server's copy.

What comes from where:
- Patient: `client_ref` (identifier, system urls.CLIENT_REF, assigned by the practice),
  `client.geslacht` (gender), `client.geboortedatum` (birthDate; an age group is left out).
- Organization: the practice's `naam` and `agb_code` (AGB-Z). Practitioner and PractitionerRole:
  the responsible therapist (id, `naam`, `big_nummer`, `kp_nummer`, each registration as a
  `qualification` with its number and `geldig_tot`).
- EpisodeOfCare: the episode (id, status, profile@version, `aangemeld_op`, when it closed).
- Condition: the diagnose record (`oefentherapeutische_diagnose`, `diagnosecode`, `hypothesen`).
- CarePlan and a Goal per doel: the behandelplan record (`beleid`, `hoofddoel`,
  `hoofddoel_niveau`, `subdoelen`, the psychosomatisch sporen); achievement from the evaluatie.
- QuestionnaireResponse and an Observation per score: each measurement.
- Consent: each consent record (`toestemmingen`).

Status mappings (the engine's `status` is the current step):
- EpisodeOfCare: `afgesloten` → `finished`, or `cancelled` when the client stopped (trigger
  `client_stopt`, or `reden_afsluiting: client_gestopt`): the episode ended outside its course;
  temporarily referred out (`aangehouden`) → `onhold`; any other step → `active`.
- CarePlan (only once a behandelplan is recorded): step `behandelplan` → `draft`; `behandeling`,
  `evaluatie` → `active` (`on-hold` while aangehouden); `afsluiting`, `afgesloten` → `completed`,
  or `revoked` when the client stopped; back at an earlier step (new symptoms: onderzoek) →
  `on-hold`. Its Goals follow: proposed, active, on-hold, completed, cancelled.
- Goal `achievementStatus` from the evaluatie (`productevaluatie`): volledig → achieved,
  grotendeels or gedeeltelijk → improving, niet → not-achieved; a subdoel by the evaluation
  entry whose `doel` is its text.
- Condition `clinicalStatus`: `active` while the episode runs; `resolved` when it closed with
  `reden_afsluiting: doelen_bereikt`; otherwise left out (the engine does not know).
- Consent: the record that holds for its doel and ontvanger (the latest) → `active` (gegeven,
  provision `permit`), `rejected` (geweigerd, `deny`), `inactive` (ingetrokken, `deny`); a record
  a later one replaced → `inactive`, its provision as it was decided.

Observations: one per score of a measurement; a score `<x>_band` is the interpretation of score
`<x>` (and the measurement's `band` that of its main score), not an Observation of its own. The
code holds the LOINC code where LOINC has one for that score, and always the project's
`urls.SCORE` code `<instrument>.<score>` (one code every reader can rely on). Integers are
`valueInteger`, fractions and percentages `valueQuantity` (UCUM `{score}` or `%`), yes/no
`valueBoolean`, text `valueString`.

Dutch profiles (Nictiz zib2020, nl-core 0.12): claimed in `meta.profile` only where the resource
meets every element and binding the profile requires — nl-core-Patient (only optional elements;
gender with the zib's GeslachtCodelijst code in ext-CodeSpecification), nl-core-HealthcareProvider-
Organization (AGB in its `agb-z` slice), nl-core-HealthProfessional-PractitionerRole,
nl-core-TreatmentObjective (Goal) and nl-core-PainScore (the NPRS score: SNOMED 225908003,
`valueInteger`). Practitioner follows nl-core-HealthProfessional-Practitioner but does not claim
it (the name is one text, not the zib's NameInformation parts); Condition follows zib Problem
(category 282291009 "Diagnose") but does not claim nl-core-Problem, whose `code` is bound
(required) to the problem-name code lists and whose `verificationStatus` is required; EpisodeOfCare,
CarePlan, QuestionnaireResponse, Consent and the other Observations have no nl-core profile.
The claims were checked by reading the profiles' StructureDefinitions (Nictiz-R4-zib2020,
release 0.12.1-beta.1), not by a FHIR validator: `fhir.resources` checks R4 structure only.
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from pydantic_core import to_json

import measures
from app.episodes.schemas import ContactOut, ToestemmingOut
from app.fhir import urls
from app.measurements.schemas import MeasurementOut
from workflows.client import ClientFacts
from workflows.registraties import Registratie

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
UCUM = "http://unitsofmeasure.org"
ADMINISTRATIVE_GENDER = "http://terminology.hl7.org/CodeSystem/v3-AdministrativeGender"
NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
CONDITION_CATEGORY = "http://terminology.hl7.org/CodeSystem/condition-category"
CONDITION_CLINICAL = "http://terminology.hl7.org/CodeSystem/condition-clinical"
GOAL_ACHIEVEMENT = "http://terminology.hl7.org/CodeSystem/goal-achievement"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"
DATA_ABSENT = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
EXT_CODE_SPECIFICATION = "http://nictiz.nl/fhir/StructureDefinition/ext-CodeSpecification"

NL_CORE = "http://nictiz.nl/fhir/StructureDefinition/"
PATIENT_PROFILE = NL_CORE + "nl-core-Patient"
ORGANIZATION_PROFILE = NL_CORE + "nl-core-HealthcareProvider-Organization"
ROLE_PROFILE = NL_CORE + "nl-core-HealthProfessional-PractitionerRole"
GOAL_PROFILE = NL_CORE + "nl-core-TreatmentObjective"
PAIN_SCORE_PROFILE = NL_CORE + "nl-core-PainScore"

LOINC_CODES: dict[str, tuple[str, str]] = {
    # Each looked up: 72514-3 (loinc.org term; the pain-scale ValueSet of HL7 Belgium and the
    # ANS pain-severity profile), 97909-6 (loinc.org/97909-6, panel 97908-8 "Oswestry Disability
    # Index"), 70273-8 (loinc.org/69729-2 PHQ-SADS panel; the MII PRO PHQ-15 score profile).
    # The other scores have only urls.SCORE until a LOINC term is verified (searched without a
    # result: NDI, TSK, PCS, HADS, ICIQ-UI SF, WHO-5, PSFS, Bristol; not yet: the rest).
    "nprs.score": ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "odi.score_pct": ("97909-6", "Oswestry disability index score ODI"),
    "phq15.total": ("70273-8", "Patient Health Questionnaire 15 item (PHQ-15) total score"),
}
"""`<instrument>.<score>` → LOINC code and display, only where LOINC has that very score. The ODI
term is the percentage (its description: "reported as a percent"), not the raw 0-50 total."""

PAIN_SCORE = ("225908003", "Pain score")
"""SNOMED CT, the code zib PainScore fixes; on the NPRS score."""

GESLACHT: dict[str, tuple[str, str, str]] = {
    # zib GeslachtCodelijst → FHIR administrative-gender (Nictiz ConceptMap
    # GeslachtCodelijst-to-AdministrativeGender), and the zib code kept beside it.
    "vrouw": ("female", ADMINISTRATIVE_GENDER, "F"),
    "man": ("male", ADMINISTRATIVE_GENDER, "M"),
    "ongedifferentieerd": ("other", ADMINISTRATIVE_GENDER, "UN"),
    "onbekend": ("unknown", NULL_FLAVOR, "UNK"),
}

ACHIEVEMENT = {
    "volledig": "achieved",
    "grotendeels": "improving",
    "gedeeltelijk": "improving",
    "niet": "not-achieved",
}

DOOR = {"ouders": "ouders (of voogd)", "vertegenwoordiger": "vertegenwoordiger"}
"""Who agreed, besides the client (`workflows.instemming.Door`)."""

SPOREN = ("somatisch_spoor", "psychosociaal_spoor")


@dataclass(frozen=True)
class Record:
    """A step's current record, and when its first version was saved."""

    data: Mapping[str, Any]
    first_saved_at: datetime


@dataclass(frozen=True)
class Therapist:
    id: int
    naam: str
    active: bool
    big_nummer: str | None = None
    kp_nummer: str | None = None
    registraties: tuple[Registratie, ...] = ()


@dataclass(frozen=True)
class Transition:
    at: datetime
    trigger: str
    to: str


@dataclass(frozen=True)
class EpisodeExport:
    """Everything the Bundle is made of, read in one transaction."""

    episode_id: int
    practice_id: int
    client_ref: str
    client: ClientFacts
    profile: str
    definition_version: int
    status: str
    aangehouden: bool
    aangemeld_op: date
    updated_at: datetime
    praktijk_naam: str
    praktijk_agb: str | None
    therapist_id: int
    therapist: Therapist | None
    exported_at: datetime
    records: Mapping[str, Record] = field(default_factory=dict)
    """The current record per step (only the steps the Bundle reads)."""
    transitions: Sequence[Transition] = ()
    measurements: Sequence[MeasurementOut] = ()
    contacten: Sequence[ContactOut] = ()
    toestemmingen: Sequence[ToestemmingOut] = ()


# --- small helpers ---------------------------------------------------------------------------


def _uuid(kind: str, key: object) -> str:
    """The entry's fullUrl: the same kind and key give the same URL in every export."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{urls.BASE}/{kind}/{key}')}"


def _ref(url: str, display: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"reference": url}
    if display:
        out["display"] = display
    return out


def instant(at: datetime) -> str:
    """A moment as FHIR writes an instant in UTC (`...Z`); a naive one is read as UTC."""
    moment = at.replace(tzinfo=at.tzinfo or UTC).astimezone(UTC)
    return moment.isoformat().replace("+00:00", "Z")


def _coding(system: str, code: str, display: str | None = None) -> dict[str, Any]:
    out = {"system": system, "code": code}
    if display:
        out["display"] = display
    return out


def _concept(*codings: dict[str, Any], text: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if codings:
        out["coding"] = list(codings)
    if text:
        out["text"] = text
    return out


def _entry(url: str, resource: dict[str, Any]) -> dict[str, Any]:
    return {"fullUrl": url, "resource": resource}


# --- the Bundle ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Urls:
    patient: str
    organization: str
    practitioner: str
    role: str
    episode: str
    condition: str | None
    careplan: str | None


def render(e: EpisodeExport) -> bytes:
    """The Bundle as JSON, validated by the `fhir.resources` R4B model first (a ValidationError
    is a bug here: a 500). What is served is `build`'s own JSON: parsing it with that model and
    writing it out again gives the same (api_tests/test_fhir_bundle.py), and writing the model
    costs more than building and checking together (~130 ms for 170 entries)."""
    bundle = build(e)
    Bundle.model_validate(bundle)
    return to_json(bundle)


def build(e: EpisodeExport) -> dict[str, Any]:
    """The episode as a Bundle, as plain FHIR JSON."""
    diagnose = e.records.get("diagnose")
    plan = e.records.get("behandelplan")
    has_condition = diagnose is not None and bool(diagnose.data.get("oefentherapeutische_diagnose"))
    u = _Urls(
        patient=_uuid("Patient", f"{e.practice_id}/{e.client_ref}"),
        organization=_uuid("Organization", e.practice_id),
        practitioner=_uuid("Practitioner", e.therapist_id),
        role=_uuid("PractitionerRole", f"{e.practice_id}/{e.therapist_id}"),
        episode=_uuid("EpisodeOfCare", e.episode_id),
        condition=_uuid("Condition", e.episode_id) if has_condition else None,
        careplan=_uuid("CarePlan", e.episode_id) if plan is not None else None,
    )
    entries = [
        _entry(u.patient, patient(e, u)),
        _entry(u.organization, organization(e)),
        _entry(u.practitioner, practitioner(e)),
        _entry(u.role, practitioner_role(e, u)),
        _entry(u.episode, episode_of_care(e, u)),
    ]
    if u.condition is not None and diagnose is not None:
        entries.append(_entry(u.condition, condition(e, u, diagnose)))
    if u.careplan is not None and plan is not None:
        goals = list(_goals(e, u, plan))
        entries.append(_entry(u.careplan, care_plan(e, u, plan, [url for url, _ in goals])))
        entries.extend(_entry(url, goal) for url, goal in goals)
    for m in e.measurements:
        qr_url = _uuid("QuestionnaireResponse", m.id)
        entries.append(_entry(qr_url, questionnaire_response(m, u)))
        for name, observation in observations(m, u, qr_url):
            entries.append(_entry(_uuid("Observation", f"{m.id}/{name}"), observation))
    for t, holds in _consents(e.toestemmingen):
        entries.append(_entry(_uuid("Consent", f"{e.episode_id}/{t.id}"), consent(e, u, t, holds)))
    return {
        "resourceType": "Bundle",
        "meta": {"lastUpdated": instant(e.updated_at)},
        "type": "collection",
        "timestamp": instant(e.exported_at),
        "entry": entries,
    }


# --- who -------------------------------------------------------------------------------------


def patient(e: EpisodeExport, u: _Urls) -> dict[str, Any]:
    """Only the EPD's reference, the sex and a birth date the engine keeps: never a name, address
    or BSN (the engine holds none, `workflows.client`). An age group is not a birth date."""
    out: dict[str, Any] = {
        "resourceType": "Patient",
        "meta": {"profile": [PATIENT_PROFILE]},
        "identifier": [
            {
                "system": urls.CLIENT_REF,
                "value": e.client_ref,
                "assigner": _ref(u.organization, e.praktijk_naam),
            }
        ],
    }
    if e.client.geslacht is not None:
        gender, system, code = GESLACHT[e.client.geslacht]
        out["gender"] = gender
        out["_gender"] = {
            "extension": [
                {
                    "url": EXT_CODE_SPECIFICATION,
                    "valueCodeableConcept": _concept(_coding(system, code)),
                }
            ]
        }
    if e.client.geboortedatum is not None:
        out["birthDate"] = e.client.geboortedatum.isoformat()
    out["managingOrganization"] = _ref(u.organization, e.praktijk_naam)
    return out


def organization(e: EpisodeExport) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resourceType": "Organization",
        "meta": {"profile": [ORGANIZATION_PROFILE]},
    }
    if e.praktijk_agb:
        out["identifier"] = [{"system": urls.AGB, "value": e.praktijk_agb}]
    out["active"] = True
    out["name"] = e.praktijk_naam
    return out


def practitioner(e: EpisodeExport) -> dict[str, Any]:
    """The responsible therapist, with the Kwaliteitsregister registrations as qualifications
    (003 §3.3; the number and the last day it is valid, `geldig_tot`)."""
    t = e.therapist
    identifiers = [{"system": urls.THERAPIST, "value": str(e.therapist_id)}]
    out: dict[str, Any] = {"resourceType": "Practitioner", "identifier": identifiers}
    if t is None:
        return out
    if t.big_nummer:
        identifiers.append({"system": urls.BIG, "value": t.big_nummer})
    if t.kp_nummer:
        identifiers.append({"system": urls.KP, "value": t.kp_nummer})
    out["active"] = t.active
    out["name"] = [{"text": t.naam}]
    if t.registraties:
        out["qualification"] = [_qualification(r) for r in t.registraties]
    return out


def _qualification(r: Registratie) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if r.nummer:
        out["identifier"] = [{"system": urls.KP, "value": r.nummer}]
    out["code"] = {"text": r.register}
    if r.geldig_tot is not None:
        out["period"] = {"end": r.geldig_tot.isoformat()}
    out["issuer"] = {"display": "Kwaliteitsregister Paramedici"}
    return out


def practitioner_role(e: EpisodeExport, u: _Urls) -> dict[str, Any]:
    naam = e.therapist.naam if e.therapist else None
    out: dict[str, Any] = {
        "resourceType": "PractitionerRole",
        "meta": {"profile": [ROLE_PROFILE]},
    }
    if e.therapist is not None:
        out["active"] = e.therapist.active
    out["practitioner"] = _ref(u.practitioner, naam)
    out["organization"] = _ref(u.organization, e.praktijk_naam)
    out["code"] = [{"text": "oefentherapeut"}]
    return out


# --- the episode -----------------------------------------------------------------------------


def _stopped(e: EpisodeExport) -> bool:
    """The client stopped (engine policy: at any step, with a reason)."""
    afsluiting = e.records.get("afsluiting")
    reden = afsluiting.data.get("reden_afsluiting") if afsluiting else None
    return reden == "client_gestopt" or any(t.trigger == "client_stopt" for t in e.transitions)


def _closed_at(e: EpisodeExport) -> datetime | None:
    if e.status != "afgesloten":
        return None
    closing = [t.at for t in e.transitions if t.to == "afgesloten"]
    return closing[-1] if closing else e.updated_at


def episode_status(e: EpisodeExport) -> str:
    if e.status == "afgesloten":
        return "cancelled" if _stopped(e) else "finished"
    return "onhold" if e.aangehouden else "active"


def episode_of_care(e: EpisodeExport, u: _Urls) -> dict[str, Any]:
    period: dict[str, Any] = {"start": e.aangemeld_op.isoformat()}
    if (closed := _closed_at(e)) is not None:
        period["end"] = instant(closed)
    out: dict[str, Any] = {
        "resourceType": "EpisodeOfCare",
        "identifier": [{"system": urls.EPISODE, "value": str(e.episode_id)}],
        "status": episode_status(e),
        "type": [
            _concept(
                {
                    "system": urls.PROFILE,
                    "version": str(e.definition_version),
                    "code": e.profile,
                },
                text=f"{e.profile}@{e.definition_version}",
            )
        ],
    }
    if u.condition is not None:
        out["diagnosis"] = [
            {
                "condition": _ref(u.condition),
                "role": {"text": "oefentherapeutische diagnose"},
                "rank": 1,
            }
        ]
    out["patient"] = _ref(u.patient)
    out["managingOrganization"] = _ref(u.organization, e.praktijk_naam)
    out["period"] = period
    out["careManager"] = _ref(u.role)
    return out


def condition(e: EpisodeExport, u: _Urls, diagnose: Record) -> dict[str, Any]:
    """The oefentherapeutische diagnose (003 Stap 4), with its DCSPH code where recorded."""
    d = diagnose.data
    codings = []
    code = d.get("diagnosecode")
    if isinstance(code, str) and code:
        codings.append(_coding(urls.DCSPH, code))
    out: dict[str, Any] = {"resourceType": "Condition"}
    clinical = _clinical_status(e)
    if clinical is not None:
        out["clinicalStatus"] = _concept(_coding(CONDITION_CLINICAL, clinical))
    out["category"] = [
        _concept(_coding(CONDITION_CATEGORY, "encounter-diagnosis", "Encounter Diagnosis")),
        _concept(_coding(SNOMED, "282291009", "Diagnosis interpretation"), text="Diagnose"),
    ]
    out["code"] = _concept(*codings, text=str(d["oefentherapeutische_diagnose"]))
    out["subject"] = _ref(u.patient)
    out["recordedDate"] = instant(diagnose.first_saved_at)
    out["asserter"] = _ref(u.role)
    if d.get("hypothesen"):
        out["note"] = [{"text": f"Hypothesen: {d['hypothesen']}"}]
    return out


def _clinical_status(e: EpisodeExport) -> str | None:
    if e.status != "afgesloten":
        return "active"
    afsluiting = e.records.get("afsluiting")
    if afsluiting is not None and afsluiting.data.get("reden_afsluiting") == "doelen_bereikt":
        return "resolved"
    return None


def plan_status(e: EpisodeExport) -> str:
    if e.status == "behandelplan":
        return "draft"
    if e.status in ("behandeling", "evaluatie"):
        return "on-hold" if e.aangehouden else "active"
    if e.status in ("afsluiting", "afgesloten"):
        return "revoked" if _stopped(e) else "completed"
    return "on-hold"  # back at onderzoek or diagnose with the plan recorded


_GOAL_STATUS = {
    "draft": "proposed",
    "active": "active",
    "on-hold": "on-hold",
    "completed": "completed",
    "revoked": "cancelled",
}


def care_plan(e: EpisodeExport, u: _Urls, plan: Record, goals: list[str]) -> dict[str, Any]:
    p = plan.data
    out: dict[str, Any] = {
        "resourceType": "CarePlan",
        "status": plan_status(e),
        "intent": "plan",
        "title": "Behandelplan",
    }
    if p.get("beleid"):
        out["description"] = str(p["beleid"])
    out["subject"] = _ref(u.patient)
    period: dict[str, Any] = {}
    started = [t.at for t in e.transitions if t.to == "behandeling"]
    if started:
        period["start"] = instant(started[0])
    if (closed := _closed_at(e)) is not None:
        period["end"] = instant(closed)
    if period:
        out["period"] = period
    out["created"] = instant(plan.first_saved_at)
    out["author"] = _ref(u.role)
    if u.condition is not None:
        out["addresses"] = [_ref(u.condition)]
    if goals:
        out["goal"] = [_ref(url) for url in goals]
    return out


def _goals(e: EpisodeExport, u: _Urls, plan: Record) -> Iterable[tuple[str, dict[str, Any]]]:
    """The hoofddoel, then every subdoel (each on its ODIM domain), then the subdoelen of the
    psychosomatisch sporen (004 ch.2). A Goal's key is its place in the plan."""
    p = plan.data
    results = _results(e)
    status = _GOAL_STATUS[plan_status(e)]
    if p.get("hoofddoel"):
        categories = [_concept(_coding(urls.DOEL, "hoofddoel"))]
        if p.get("hoofddoel_niveau"):
            categories.append(_concept(_coding(urls.DOELNIVEAU, str(p["hoofddoel_niveau"]))))
        achieved = results.get("hoofddoel")
        yield (
            _uuid("Goal", f"{e.episode_id}/hoofddoel"),
            _goal(u, status, str(p["hoofddoel"]), categories, achieved),
        )
    for i, sub in enumerate(p.get("subdoelen") or []):
        text = str(sub["omschrijving"])
        categories = [
            _concept(_coding(urls.DOEL, "subdoel")),
            _concept(_coding(urls.ODIM, str(sub["odim_domein"]))),
        ]
        yield (
            _uuid("Goal", f"{e.episode_id}/subdoel/{i}"),
            _goal(u, status, text, categories, results.get(text)),
        )
    for spoor in SPOREN:
        for i, text in enumerate((p.get(spoor) or {}).get("subdoelen") or []):
            categories = [
                _concept(_coding(urls.DOEL, "subdoel")),
                _concept(_coding(urls.SPOOR, spoor)),
            ]
            yield (
                _uuid("Goal", f"{e.episode_id}/{spoor}/{i}"),
                _goal(u, status, str(text), categories, results.get(str(text))),
            )


def _results(e: EpisodeExport) -> dict[str, str]:
    """From the evaluatie: `hoofddoel` → its mate_bereikt, and each evaluated doel by its text."""
    evaluatie = e.records.get("evaluatie")
    product = (evaluatie.data.get("productevaluatie") or {}) if evaluatie else {}
    out = {str(d["doel"]): str(d["mate_bereikt"]) for d in product.get("doelen") or []}
    if product.get("hoofddoel_bereikt"):
        out["hoofddoel"] = str(product["hoofddoel_bereikt"])
    return out


def _goal(
    u: _Urls, status: str, text: str, categories: list[dict[str, Any]], bereikt: str | None
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "resourceType": "Goal",
        "meta": {"profile": [GOAL_PROFILE]},
        "lifecycleStatus": status,
    }
    if bereikt in ACHIEVEMENT:
        out["achievementStatus"] = _concept(
            _coding(GOAL_ACHIEVEMENT, ACHIEVEMENT[bereikt]), text=bereikt
        )
    out["category"] = categories
    out["description"] = {"text": text}
    out["subject"] = _ref(u.patient)
    if u.condition is not None:
        out["addresses"] = [_ref(u.condition)]
    return out


# --- measurements ----------------------------------------------------------------------------


def _moment(moment: str) -> list[dict[str, Any]]:
    return [{"url": urls.EXT_MOMENT, "valueCode": moment}]


def questionnaire_response(m: MeasurementOut, u: _Urls) -> dict[str, Any]:
    """The answers as given: one item per answered item (the catalogue's order), `valueInteger`;
    a tick-all-that-apply item has one answer per value ticked."""
    try:
        order = [it.id for it in measures.get(m.instrument).items]
    except measures.UnknownInstrument:
        order = []
    ids = [i for i in order if i in m.responses] + [i for i in m.responses if i not in order]
    items = []
    for item_id in ids:
        value = m.responses[item_id]
        values = value if isinstance(value, list) else [value]
        answers = [{"valueInteger": v} for v in values if v is not None]
        if answers:
            items.append({"linkId": item_id, "answer": answers})
    out: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "extension": _moment(m.moment),
        "identifier": {"system": urls.MEASUREMENT, "value": str(m.id)},
        "questionnaire": f"{urls.QUESTIONNAIRE}/{m.instrument}",
        "status": "completed",
        "subject": _ref(u.patient),
        "authored": m.afgenomen_op.isoformat(),
        "source": _ref(u.patient),
    }
    if items:
        out["item"] = items
    return out


def _band_of(name: str, m: MeasurementOut) -> str | None:
    values = m.score.values
    band = values.get(f"{name}_band")
    if isinstance(band, str):
        return band
    return m.score.band if name == m.score.main else None


def _is_folded_band(name: str, values: Mapping[str, Any]) -> bool:
    """`<x>_band` beside a score `<x>`: the interpretation of that score."""
    return name.endswith("_band") and name.removesuffix("_band") in values


def observations(m: MeasurementOut, u: _Urls, qr_url: str) -> Iterable[tuple[str, dict[str, Any]]]:
    values = m.score.values
    try:
        instrument_name = measures.get(m.instrument).name
    except measures.UnknownInstrument:
        instrument_name = m.instrument
    for name, value in values.items():
        if _is_folded_band(name, values):
            continue
        key = f"{m.instrument}.{name}"
        codings = []
        meta: dict[str, Any] | None = None
        if key in LOINC_CODES:
            codings.append(_coding(LOINC, *LOINC_CODES[key]))
        if key == "nprs.score" and isinstance(value, int) and not isinstance(value, bool):
            codings.append(_coding(SNOMED, *PAIN_SCORE))
            meta = {"profile": [PAIN_SCORE_PROFILE]}
        codings.append(_coding(urls.SCORE, key))
        out: dict[str, Any] = {"resourceType": "Observation"}
        if meta is not None:
            out["meta"] = meta
        out["extension"] = _moment(m.moment)
        out["status"] = "final"
        out["category"] = [_concept(_coding(OBSERVATION_CATEGORY, "survey", "Survey"))]
        out["code"] = _concept(*codings, text=f"{instrument_name}: {name}")
        out["subject"] = _ref(u.patient)
        out["effectiveDateTime"] = m.afgenomen_op.isoformat()
        out["issued"] = instant(m.created_at)
        out.update(_value(name, value))
        if (band := _band_of(name, m)) is not None:
            out["interpretation"] = [{"text": band}]
        out["derivedFrom"] = [_ref(qr_url)]
        yield name, out


def _value(name: str, value: Any) -> dict[str, Any]:
    if value is None:
        return {"dataAbsentReason": _concept(_coding(DATA_ABSENT, "unknown", "Unknown"))}
    if isinstance(value, bool):
        return {"valueBoolean": value}
    if isinstance(value, int | float):
        if name.endswith("_pct"):
            return {"valueQuantity": {"value": value, "unit": "%", "system": UCUM, "code": "%"}}
        if isinstance(value, int):
            return {"valueInteger": value}
        return {
            "valueQuantity": {"value": value, "unit": "score", "system": UCUM, "code": "{score}"}
        }
    return {"valueString": str(value)}


# --- consents --------------------------------------------------------------------------------


def _consents(
    records: Sequence[ToestemmingOut],
) -> Iterable[tuple[ToestemmingOut, bool]]:
    """Each record, and whether it is the one that holds for its doel and ontvanger (the latest,
    `workflows.toestemming.geldend`)."""
    latest = {(t.doel, t.ontvanger): t.id for t in records}
    for t in records:
        yield t, latest[(t.doel, t.ontvanger)] == t.id


def consent(e: EpisodeExport, u: _Urls, t: ToestemmingOut, holds: bool) -> dict[str, Any]:
    """A consent to share (003/000/004 competentie 3; WGBO art. 7:457): for which purpose, with
    whom (a contact of the episode, or anyone for that purpose), decided by whom and when."""
    if not holds:
        status = "inactive"
    else:
        status = {"gegeven": "active", "geweigerd": "rejected", "ingetrokken": "inactive"}[
            t.besluit
        ]
    performers = []
    for who in t.door:
        if who == "client":
            performers.append(_ref(u.patient))
        else:
            performers.append({"type": "RelatedPerson", "display": DOOR.get(who, who)})
    provision: dict[str, Any] = {"type": "permit" if t.besluit == "gegeven" else "deny"}
    contact = next((c for c in e.contacten if c.id == t.ontvanger), None)
    if t.ontvanger is not None:
        recipient: dict[str, Any] = {"display": f"contact {t.ontvanger}"}
        if contact is not None:
            recipient = {
                "identifier": {"system": urls.AGB, "value": contact.agb},
                "display": f"{contact.naam} ({contact.rol})",
            }
        provision["actor"] = [
            {
                "role": _concept(_coding(PARTICIPATION_TYPE, "IRCP", "information recipient")),
                "reference": recipient,
            }
        ]
    provision["purpose"] = [_coding(urls.TOESTEMMING_DOEL, t.doel)]
    out: dict[str, Any] = {
        "resourceType": "Consent",
        "status": status,
        "scope": _concept(_coding(CONSENT_SCOPE, "patient-privacy", "Privacy Consent")),
        "category": [
            _concept(_coding(LOINC, "64292-6", "Release of information consent"), text=t.doel)
        ],
        "patient": _ref(u.patient),
        "dateTime": t.datum.isoformat(),
        "performer": performers,
        "organization": [_ref(u.organization, e.praktijk_naam)],
        "policyRule": _concept(_coding(ACT_CODE, "OPTIN", "opt-in"), text="WGBO art. 7:457"),
        "provision": provision,
    }
    return out
