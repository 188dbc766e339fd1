"""What a bericht says: built once, from the episode as it stands, by one pure function.

`build` takes the episode row, its current step records, the measurement summary and the few
facts around them (the practice that writes, the contact it goes to, the advice an early exit
carried) and returns a `BerichtContent`: plain data, stored as JSON with the bericht and the
only input of both renderings (`render.py`), so the HTML and the PDF of one bericht say the
same thing every time. It reads the records as stored (already validated by the step's form of
the episode's own profile), by field name, so every profile's records serve.

What goes in follows the NHG guideline HASP-paramedicus and the KNGF/VvOCM guidelines that
apply it (`README.md` beside this file): the question (the referral or the client's own
hulpvraag), the conclusion (the oefentherapeutische diagnose), the plan (goals, policy), the
result (each goal, each instrument's change against its MCID, the number of sessions), and what
follows (advice, recidivebeleid, nazorg). The client is named by the EPD's reference only: the
engine holds no names, and the EPD adds its own patient identification when it sends.
"""

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field

from app.episodes.store import EpisodeRow
from app.measurements.schemas import InstrumentChange
from workflows.berichten import TITELS, Soort


class Afzender(BaseModel):
    praktijk: str = Field(description="Naam van de praktijk.")
    praktijk_agb: str | None = Field(default=None, description="AGB-code van de praktijk.")
    therapeut: str | None = Field(default=None, description="De verantwoordelijke therapeut.")


class Ontvanger(BaseModel):
    contact_id: int = Field(description="Het contact van de episode (GET .../contacten).")
    rol: str
    naam: str
    organisatie: str | None = None
    agb: str | None = None


class Aanleiding(BaseModel):
    route: Literal["dto", "verwijzing"] = Field(
        description="Directe toegang (dto) of op verwijzing."
    )
    aangemeld_op: date
    verwijzer_type: str | None = None
    verwijzing_datum: date | None = None
    verwijsdiagnose: str | None = None


class Doel(BaseModel):
    omschrijving: str
    odim_domein: str | None = None
    resultaat: str | None = Field(
        default=None,
        description="In welke mate bereikt (volledig, grotendeels, gedeeltelijk, niet): uit de "
        "evaluatie (eindverslag) of de laatste tussentijdse evaluatie (tussenbericht).",
    )


class Meting(BaseModel):
    instrument: str
    naam: str
    begin: float | int | str | bool | None = Field(description="De baseline (de eerste).")
    begin_datum: date | None = None
    laatste: float | int | str | bool | None = Field(
        description="De laatste vervolgmeting (tussentijds of eind)."
    )
    laatste_moment: str | None = None
    laatste_datum: date | None = None
    verandering: float | None = Field(description="Laatste min baseline, op de hoofdscore.")
    verbeterd: bool | None = None
    mcid: float | None = None
    mcid_bereikt: bool | None = None


class Advies(BaseModel):
    advies: str | None = None
    verwezen_naar: str | None = None
    aanwijzingen: list[str] = Field(
        default_factory=list, description="Bij een verwijzing naar een arts: de aanwijzingen."
    )


class BerichtContent(BaseModel):
    """Everything a bericht shows; a section without content is left out of the letter."""

    soort: Soort
    titel: str
    datum: date = Field(description="Datum van het bericht (Nederlandse tijd).")
    episode_id: int
    episode_version: int = Field(description="De versie van de episode waaruit het is gemaakt.")
    profiel: str = Field(description="`<profiel>@<versie>` van de episode.")
    status: str = Field(description="De stap van de episode toen het werd gemaakt.")
    client_ref: str = Field(description="De cliëntreferentie van het EPD (nooit een naam).")
    afzender: Afzender
    ontvanger: Ontvanger
    aanleiding: Aanleiding
    zonder_behandeling: bool = Field(
        description="Afgesloten zonder behandeling (na screening, diagnose of behandelplan)."
    )
    hulpvraag: str | None = None
    diagnose: str | None = Field(default=None, description="De oefentherapeutische diagnose.")
    hoofddoel: str | None = None
    hoofddoel_resultaat: str | None = None
    subdoelen: list[Doel] = Field(default_factory=list)
    beleid: str | None = None
    verwachte_duur_weken: int | None = None
    metingen: list[Meting] = Field(default_factory=list)
    aantal_sessies: int
    oordeel_client: str | None = None
    oordeel_therapeut: str | None = None
    advies: Advies | None = None
    reden_afsluiting: str | None = None
    toelichting_afsluiting: str | None = None
    recidivebeleid: str | None = None
    nazorg: str | None = None


def build(
    soort: Soort,
    *,
    ep: EpisodeRow,
    episode_version: int,
    records: Mapping[str, Mapping[str, Any]],
    metingen: Sequence[InstrumentChange],
    afzender: Afzender,
    ontvanger: Mapping[str, Any],
    exit_payload: Mapping[str, Any] | None,
    datum: date,
) -> BerichtContent:
    """The content of a bericht of `soort` to contact `ontvanger`, from the episode `ep` as it
    stood at `episode_version`: its current records, the measurement summary `metingen` and the
    payload of the trigger by which it left treatment early (`exit_payload`: an advice or a
    referral), if any."""
    anamnese = records.get("anamnese", {})
    diagnose = records.get("diagnose", {})
    plan = records.get("behandelplan", {})
    evaluatie = records.get("evaluatie", {})
    afsluiting = records.get("afsluiting", {})
    eind = soort == "eindverslag"
    tussen = soort == "tussenbericht"
    verwijzing = ep.verwijzing or {}

    resultaten: Mapping[str, str] = {}
    hoofddoel_resultaat = None
    if eind:
        product = evaluatie.get("productevaluatie") or {}
        resultaten = _by_doel(product.get("doelen") or [])
        hoofddoel_resultaat = product.get("hoofddoel_bereikt")
    elif tussen:
        interim = (records.get("behandeling") or {}).get("tussentijdse_evaluaties") or []
        if interim:
            resultaten = _by_doel(interim[-1].get("subdoelen") or [])

    subdoelen = [
        Doel(
            omschrijving=s["omschrijving"],
            odim_domein=s.get("odim_domein"),
            resultaat=resultaten.get(_key(s["omschrijving"])),
        )
        for s in plan.get("subdoelen") or []
    ]
    planned = {_key(d.omschrijving) for d in subdoelen} | {_key(plan.get("hoofddoel") or "")}
    # A goal evaluated that is not (or no longer) a subdoel of the plan still has its result.
    for text, mate in resultaten.items():
        if text not in planned:
            subdoelen.append(Doel(omschrijving=_original(text, evaluatie, records), resultaat=mate))

    product = evaluatie.get("productevaluatie") or {}
    closed = ep.status in ("afsluiting", "afgesloten")
    return BerichtContent(
        soort=soort,
        titel=TITELS[soort],
        datum=datum,
        episode_id=ep.id,
        episode_version=episode_version,
        profiel=f"{ep.profile}@{ep.definition_version}",
        status=ep.status,
        client_ref=ep.client_ref,
        afzender=afzender,
        ontvanger=Ontvanger(
            contact_id=int(ontvanger["id"]),
            rol=str(ontvanger["rol"]),
            naam=str(ontvanger["naam"]),
            organisatie=ontvanger.get("organisatie"),
            agb=ontvanger.get("agb"),
        ),
        aanleiding=Aanleiding(
            route="verwijzing" if ep.route == "verwijzing" else "dto",
            aangemeld_op=ep.aangemeld_op,
            verwijzer_type=verwijzing.get("verwijzer_type"),
            verwijzing_datum=verwijzing.get("datum"),
            verwijsdiagnose=verwijzing.get("verwijsdiagnose"),
        ),
        zonder_behandeling=closed and ep.sessie_count == 0,
        hulpvraag=anamnese.get("hulpvraag"),
        diagnose=diagnose.get("oefentherapeutische_diagnose"),
        hoofddoel=plan.get("hoofddoel"),
        hoofddoel_resultaat=hoofddoel_resultaat,
        subdoelen=subdoelen,
        beleid=plan.get("beleid") if not eind else None,
        verwachte_duur_weken=plan.get("verwachte_duur_weken") if not eind else None,
        metingen=[_meting(m) for m in metingen],
        aantal_sessies=ep.sessie_count,
        oordeel_client=product.get("oordeel_client") if eind else None,
        oordeel_therapeut=product.get("oordeel_therapeut") if eind else None,
        advies=_advies(exit_payload, diagnose, evaluatie if eind else {}),
        reden_afsluiting=afsluiting.get("reden_afsluiting") if closed else None,
        toelichting_afsluiting=afsluiting.get("toelichting") if closed else None,
        recidivebeleid=afsluiting.get("recidivebeleid") if eind else None,
        nazorg=afsluiting.get("nazorg") if eind else None,
    )


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _by_doel(resultaten: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    return {_key(r["doel"]): r["mate_bereikt"] for r in resultaten if r.get("doel")}


def _original(
    key: str, evaluatie: Mapping[str, Any], records: Mapping[str, Mapping[str, Any]]
) -> str:
    """The evaluated goal's own wording (the result map is keyed on a normalised form)."""
    lists = [((evaluatie.get("productevaluatie") or {}).get("doelen") or [])]
    for interim in (records.get("behandeling") or {}).get("tussentijdse_evaluaties") or []:
        lists.append(interim.get("subdoelen") or [])
    for results in lists:
        for r in results:
            if _key(r.get("doel") or "") == key:
                return str(r["doel"])
    return key


def _meting(m: InstrumentChange) -> Meting:
    return Meting(
        instrument=m.instrument,
        naam=m.name,
        begin=m.baseline.value if m.baseline else None,
        begin_datum=m.baseline.afgenomen_op if m.baseline else None,
        laatste=m.latest.value if m.latest else None,
        laatste_moment=m.latest.moment if m.latest else None,
        laatste_datum=m.latest.afgenomen_op if m.latest else None,
        verandering=m.change,
        verbeterd=m.improved,
        mcid=m.mcid,
        mcid_bereikt=m.mcid_reached,
    )


def _advies(
    exit_payload: Mapping[str, Any] | None,
    diagnose: Mapping[str, Any],
    evaluatie: Mapping[str, Any],
) -> Advies | None:
    """The advice: what an early exit carried, else the diagnose's advice (no indication), and
    a referral on that the evaluatie asked for."""
    payload = exit_payload or {}
    advies = payload.get("advies") or diagnose.get("advies")
    verwezen_naar = payload.get("verwezen_naar")
    if verwezen_naar is None and evaluatie.get("doorverwijzing_nodig"):
        verwezen_naar = evaluatie.get("doorverwijzing_naar")
    aanwijzingen = [str(a) for a in payload.get("aanwijzingen") or []]
    if not (advies or verwezen_naar or aanwijzingen):
        return None
    return Advies(advies=advies, verwezen_naar=verwezen_naar, aanwijzingen=aanwijzingen)
