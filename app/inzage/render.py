"""The client's copy as PDF (fpdf2), rendered from nothing but the `InzageOut` the JSON gives.

A title page with the episode's facts and the date of the copy, then per step (in the order
of the steps) every version of its record, each field a `label: value` line (nested objects
indented, lists numbered), then the sessies, measurements, history, contacts, consents and
berichten. Page numbers in the footer. The client is named only by the EPD's reference: the
engine holds no names. Fonts as the letters (`app.berichten.render.DocumentPdf`): DejaVu Sans,
or the core Helvetica with the text transliterated where Latin-1 lacks a character.
"""

import re
from collections.abc import Iterator, Mapping
from datetime import UTC, date, datetime
from typing import Any

from fpdf.enums import XPos, YPos

import measures
from app.berichten.render import (
    DocumentPdf,
    datum,
    datum_kort,
    getal,
    unicode_font_available,
    woord,
)
from app.inzage.schemas import InzageOut
from app.measurements.schemas import MeasurementOut
from app.types import NEDERLAND
from workflows.steps import STEPS

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INDENT = 5.0  # mm per level of nesting

_LABELS = {
    "icf_functies": "ICF functies",
    "icf_activiteiten": "ICF activiteiten",
    "icf_participatie": "ICF participatie",
    "odim_domein": "ODIM-domein",
    "agb": "AGB-code",
    "mcid": "MCID",
    "ldo_aanlevering": "LDO-aanlevering",
}

Line = tuple[int, str, str | None]
"""One line of a flattened object: depth, label, and the value (None: a heading of the
nested lines after it)."""


# --- values as text --------------------------------------------------------------------------


def label(key: str) -> str:
    """A field name as a label: `hulpvraag_niveau` → `Hulpvraag niveau`."""
    if key in _LABELS:
        return _LABELS[key]
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def tijd(at: datetime | None) -> str:
    """A moment as the practice reads it: `02-03-2026 14:05` (Dutch time)."""
    if at is None:
        return "—"
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(NEDERLAND).strftime("%d-%m-%Y %H:%M")


def waarde(value: Any) -> str:
    """A scalar as text: never `None`, yes/no in Dutch, dates as the letters write them."""
    if value is None:
        return "—"
    if isinstance(value, bool | int | float):
        return getal(value)
    if isinstance(value, datetime):
        return tijd(value)
    if isinstance(value, date):
        return datum_kort(value)
    text = str(value)
    if _ISO_DATE.fullmatch(text):
        try:
            return datum_kort(date.fromisoformat(text))
        except ValueError:
            return text
    return text


def lines(data: Mapping[str, Any], depth: int = 0) -> Iterator[Line]:
    """An object as label/value lines: a nested object under its label, one level deeper; a
    list of plain values on one line; a list of objects numbered, each under its number."""
    for key, value in data.items():
        yield from _lines(label(key), value, depth)


def _lines(name: str, value: Any, depth: int) -> Iterator[Line]:
    if isinstance(value, Mapping):
        if not value:
            yield depth, name, "—"
            return
        yield depth, name, None
        yield from lines(value, depth + 1)
    elif isinstance(value, list | tuple):
        if not value:
            yield depth, name, "geen"
        elif not any(isinstance(v, Mapping | list | tuple) for v in value):
            yield depth, name, "; ".join(waarde(v) for v in value)
        else:
            for i, item in enumerate(value, 1):
                yield from _lines(f"{name} {i}", item, depth)
    else:
        yield depth, name, waarde(value)


def kort(data: Mapping[str, Any]) -> str:
    """An object on one line (an event's data): `Step: anamnese; Record version: 2`."""
    return "; ".join(f"{name}: {value}" for _, name, value in lines(data) if value is not None)


# --- the document ----------------------------------------------------------------------------


class _Copy(DocumentPdf):
    def __init__(self, inzage: InzageOut, unicode_font: bool) -> None:
        super().__init__(unicode_font)
        self.inzage = inzage
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 8)
        ep = self.inzage.episode
        self.cell(
            0,
            5,
            self.t(
                f"Inzage dossier · cliënt {ep.client_ref} · episode {ep.id} · "
                f"pagina {self.page_no()} van {{nb}}"
            ),
            align="C",
        )

    def para(
        self,
        text: str,
        *,
        bold: bool = False,
        size: float = 9.5,
        gap: float = 0.8,
        indent: float = 0,
    ) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(0, size * 0.5, self.t(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def section(self, text: str) -> None:
        """A section: a new page when little room is left on this one."""
        if self.get_y() > self.h - 60:
            self.add_page()
        self.ln(4)
        self.para(text, bold=True, size=13, gap=2)

    def heading(self, text: str) -> None:
        if self.get_y() > self.h - 40:
            self.add_page()
        self.ln(1.5)
        self.para(text, bold=True, size=10.5, gap=1)

    def fields(self, data: Mapping[str, Any], indent: float = 0) -> None:
        for depth, name, value in lines(data):
            at = indent + depth * _INDENT
            if value is None:
                self.para(f"{name}:", bold=True, indent=at, gap=0.3)
            else:
                self.para(f"{name}: {value}", indent=at, gap=0.3)

    def none(self) -> None:
        self.para("Geen.")


def pdf(inzage: InzageOut) -> bytes:
    """The copy as PDF; the same bytes for the same copy (its date is `exported_at`)."""
    ep = inzage.episode
    doc = _Copy(inzage, unicode_font_available())
    doc.set_creation_date(inzage.exported_at.astimezone(UTC))
    doc.set_title(doc.t(f"Inzage dossier - cliënt {ep.client_ref} - episode {ep.id}"))
    doc.set_author(doc.t(inzage.praktijk.naam))
    doc.set_creator("methodisch")
    doc.set_producer("methodisch (fpdf2)")
    doc.set_lang("nl")
    doc.add_page()
    _title_page(doc, inzage)
    doc.add_page()
    _records(doc, inzage)
    _sessies(doc, inzage)
    _measurements(doc, inzage.measurements)
    _events(doc, inzage)
    _contacten(doc, inzage)
    _toestemmingen(doc, inzage)
    _berichten(doc, inzage)
    return bytes(doc.output())


def _title_page(doc: _Copy, c: InzageOut) -> None:
    ep = c.episode
    doc.ln(20)
    doc.para("Inzage en afschrift van het dossier", bold=True, size=18, gap=2)
    doc.para(
        "Oefentherapie: het volledige dossier van één behandelepisode, zoals vastgelegd. "
        "Afschrift voor de cliënt of diens vertegenwoordiger (WGBO, artikel 7:456 BW).",
        size=10,
        gap=8,
    )
    praktijk = c.praktijk.naam + (f" (AGB {c.praktijk.agb})" if c.praktijk.agb else "")
    facts: dict[str, Any] = {
        "Cliënt (referentie)": ep.client_ref,
        "Praktijk": praktijk,
        "Behandelaar": c.behandelaar,
        "Episode": ep.id,
        "Profiel": ep.definition_version,
        "Route": "op verwijzing" if ep.route == "verwijzing" else "directe toegang",
        "Status": woord(ep.status),
        "Aangemeld op": ep.aangemeld_op,
        "Aantal sessies": ep.sessie_count,
        "Versie van de episode": ep.version,
        "Aangemaakt": f"{tijd(ep.created_at)} door {ep.created_by}",
        "Laatst gewijzigd": tijd(ep.updated_at),
    }
    for name, value in facts.items():
        doc.para(f"{name}: {waarde(value)}", size=10.5, gap=0.8)
    client = ep.client.model_dump(exclude_none=True)
    doc.heading("Cliëntgegevens")
    doc.fields(client)
    if ep.verwijzing is not None:
        doc.heading("Verwijzing")
        doc.fields(ep.verwijzing.model_dump(exclude_none=True))
    if ep.aangehouden is not None:
        doc.heading("Aangehouden (tijdelijk doorverwezen)")
        doc.fields(ep.aangehouden)
    doc.ln(8)
    moment = c.exported_at.astimezone(NEDERLAND)
    doc.para(
        f"Datum van dit afschrift: {datum(moment.date())} om {moment:%H:%M}",
        bold=True,
        size=10.5,
    )


def _records(doc: _Copy, c: InzageOut) -> None:
    doc.section("Vastleggingen per stap")
    if not c.records:
        doc.none()
    for step in c.records:
        number = STEPS.index(step.step) + 1
        doc.heading(f"Stap {number}: {label(step.step)}")
        for v in step.versions:
            head = f"Versie {v.version}, opgeslagen {tijd(v.saved_at)} door {v.saved_by}"
            doc.para(head, bold=True, size=9.5, gap=0.5)
            if v.correctie_reden is not None:
                doc.para(f"Correctie, reden: {v.correctie_reden}", indent=_INDENT, gap=0.5)
            doc.fields(v.data, indent=_INDENT)
            doc.ln(1.5)


def _sessies(doc: _Copy, c: InzageOut) -> None:
    doc.section("Behandelsessies")
    if not c.sessies:
        doc.none()
    for i, s in enumerate(c.sessies, 1):
        doc.heading(f"Sessie {i}: {datum_kort(s.datum)}")
        doc.para(f"Vastgelegd {tijd(s.created_at)} door {s.created_by}", gap=0.5)
        doc.fields(s.data, indent=_INDENT)


def _instrument(code: str) -> str:
    try:
        return f"{measures.get(code).name} ({code})"
    except measures.UnknownInstrument:
        return code


def _measurements(doc: _Copy, measurements: list[MeasurementOut]) -> None:
    doc.section("Metingen")
    if not measurements:
        doc.none()
        return
    _table(
        doc,
        (62, 26, 24, 58),
        ("Instrument", "Moment", "Datum", "Hoofdscore"),
        [
            (
                _instrument(m.instrument),
                m.moment,
                datum_kort(m.afgenomen_op),
                f"{label(m.score.main)}: {waarde(m.score.values.get(m.score.main))}"
                + (f" ({m.score.band})" if m.score.band else ""),
            )
            for m in measurements
        ],
    )


def _events(doc: _Copy, c: InzageOut) -> None:
    doc.section("Geschiedenis")
    if not c.events:
        doc.none()
        return
    _table(
        doc,
        (30, 34, 28, 78),
        ("Tijd", "Gebeurtenis", "Door", "Gegevens"),
        [(tijd(e.at), woord(e.kind), e.actor, kort(e.data)) for e in c.events],
    )


def _contacten(doc: _Copy, c: InzageOut) -> None:
    doc.section("Contacten")
    if not c.contacten:
        doc.none()
    for contact in c.contacten:
        doc.heading(f"Contact {contact.id}: {woord(contact.rol)}")
        doc.fields(contact.model_dump(exclude={"id", "rol"}))


def _toestemmingen(doc: _Copy, c: InzageOut) -> None:
    doc.section("Toestemmingen")
    if not c.toestemmingen:
        doc.none()
    names = {contact.id: f"{contact.naam} ({woord(contact.rol)})" for contact in c.contacten}
    for t in c.toestemmingen:
        doc.heading(f"Toestemming {t.id}: {woord(t.doel)}, {woord(t.besluit)}")
        ontvanger = names.get(t.ontvanger, str(t.ontvanger)) if t.ontvanger else "elke ontvanger"
        doc.fields(
            {
                "ontvanger": ontvanger,
                "door": [woord(d) for d in t.door],
                "datum": t.datum,
                "wijze": t.wijze,
                "toelichting": t.toelichting,
                "vastgelegd": f"{tijd(t.vastgelegd_op)} door {t.vastgelegd_door}",
            }
        )


def _berichten(doc: _Copy, c: InzageOut) -> None:
    doc.section("Berichten")
    if not c.berichten:
        doc.none()
    for b in c.berichten:
        doc.heading(f"Bericht {b.id}: {woord(b.soort)}")
        verzonden = (
            f"{tijd(b.verzonden_op)} door {b.verzonden_door}" if b.verzonden_op else "nog niet"
        )
        doc.fields(
            {
                "gemaakt": f"{tijd(b.created_at)} door {b.created_by}",
                "verzonden": verzonden,
                "uit versie van de episode": b.episode_version,
            }
        )
        doc.para("Inhoud:", bold=True, gap=0.3)
        doc.fields(b.content.model_dump(mode="json"), indent=_INDENT)


def _table(
    doc: _Copy,
    widths: tuple[float, ...],
    head: tuple[str, ...],
    rows: list[tuple[str, ...]],
) -> None:
    doc.set_font(doc.family, "", 8.5)
    with doc.table(
        col_widths=widths,
        text_align="LEFT",
        line_height=4.5,
        first_row_as_headings=True,
    ) as table:
        row = table.row()
        for text in head:
            row.cell(doc.t(text))
        for values in rows:
            row = table.row()
            for text in values:
                row.cell(doc.t(text))
    doc.ln(2)
