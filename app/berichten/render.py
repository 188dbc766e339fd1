"""A bericht's content as a letter: HTML (Jinja2, autoescaped) and PDF (fpdf2).

Both render nothing but the stored `BerichtContent`, with the same labels and number formats
(below), so a letter reads the same in either form and the same every time: the HTML is
rendered once and stored with its SHA-256; the PDF is rendered on request from the stored
content, with the bericht's own creation time as the document's date, so its bytes do not
change between requests either.

The HTML is a self-contained, semantic document without styles or scripts: an EPD can file it
or send it as it is, and it shows under this service's Content-Security-Policy (no inline style
or script is allowed there). Every text from a record is escaped (`autoescape`), so markup a
client or therapist typed arrives as text, never as markup.

The PDF uses DejaVu Sans (Debian `fonts-dejavu-core`, which `make` installs), a Unicode font,
so ë, ï, é and the arrows come out as typed. Without it, the PDF falls back to the core
Helvetica of every PDF reader: its encoding (Latin-1) has the Dutch letters (ë, ï, é), and what
it lacks is transliterated (→ to ->, ≥ to >=, — to -).
"""

import logging
import unicodedata
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from app.berichten.content import BerichtContent, Meting

# fontTools (fpdf2 subsets the font with it) logs every subsetting step at INFO.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"

# --- labels and formats, shared by both renderings -------------------------------------------

_MAANDEN = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

_MATE = {
    "volledig": "volledig bereikt",
    "grotendeels": "grotendeels bereikt",
    "gedeeltelijk": "gedeeltelijk bereikt",
    "niet": "niet bereikt",
}
_REDEN = {
    "doelen_bereikt": "de doelen zijn bereikt",
    "behandeladvies": "alleen een behandeladvies",
    "verwezen_naar_arts": "verwezen naar een arts",
    "buiten_domein": "de klacht ligt buiten het domein van de oefentherapie",
    "geen_indicatie": "geen indicatie voor oefentherapie",
    "doorverwezen": "doorverwezen",
    "client_gestopt": "de cliënt is gestopt",
    "overig": "overig",
}
_MOMENT = {"baseline": "baseline", "tussentijds": "tussentijds", "eind": "eindmeting"}


def datum(d: date | None) -> str:
    """`2 maart 2026`."""
    return "—" if d is None else f"{d.day} {_MAANDEN[d.month - 1]} {d.year}"


def datum_kort(d: date | None) -> str:
    """`02-03-2026`, for tables."""
    return "—" if d is None else d.strftime("%d-%m-%Y")


def getal(value: float | int | str | bool | None) -> str:
    """A score as a Dutch reader writes it: no trailing zeros, a decimal comma."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return str(value)


def verandering(value: float | None) -> str:
    """A change with its sign: `-4`, `+2,5`, `0`."""
    if value is None:
        return "—"
    sign = "+" if value > 0 else "-" if value < 0 else ""
    return sign + getal(abs(value))


def mate(value: str | None) -> str:
    return _MATE.get(value or "", value or "")


def reden(value: str | None) -> str:
    return _REDEN.get(value or "", (value or "").replace("_", " "))


def woord(value: str | None) -> str:
    """A code as a word: `medisch_specialist` → `medisch specialist`."""
    return (value or "").replace("_", " ")


def intro(c: BerichtContent) -> str:
    if c.zonder_behandeling:
        return (
            "Hierbij bericht ik u over de uitkomst van het oefentherapeutisch traject van "
            "onderstaande cliënt. Er is geen behandeling gegeven; mijn advies staat hieronder."
        )
    return {
        "eerste_bericht": "Hierbij bericht ik u over de start van de oefentherapeutische "
        "behandeling van onderstaande cliënt.",
        "tussenbericht": "Hierbij bericht ik u over het verloop van de oefentherapeutische "
        "behandeling van onderstaande cliënt tot nu toe.",
        "eindverslag": "Hierbij bericht ik u over het afsluiten van de oefentherapeutische "
        "behandeling van onderstaande cliënt.",
    }[c.soort]


def aanleiding(c: BerichtContent) -> str:
    a = c.aanleiding
    if a.route == "verwijzing":
        door = woord(a.verwijzer_type) or "een verwijzer"
        text = f"Verwezen door {door}"
        if a.verwijzing_datum:
            text += f" op {datum(a.verwijzing_datum)}"
        if a.verwijsdiagnose:
            text += f", met als verwijsdiagnose: {a.verwijsdiagnose}"
        return text + "."
    return f"De cliënt meldde zich op {datum(a.aangemeld_op)} rechtstreeks (directe toegang)."


def meting_begin(m: Meting) -> str:
    if m.begin is None:
        return "—"
    return f"{getal(m.begin)} ({datum_kort(m.begin_datum)})"


def meting_laatste(m: Meting) -> str:
    if m.laatste is None:
        return "—"
    moment = _MOMENT.get(m.laatste_moment or "", m.laatste_moment or "")
    return f"{getal(m.laatste)} ({moment}, {datum_kort(m.laatste_datum)})"


def meting_verandering(m: Meting) -> str:
    text = verandering(m.verandering)
    if m.verbeterd is True:
        text += " (verbeterd)"
    elif m.verbeterd is False:
        text += " (verslechterd)"
    return text


def meting_mcid(m: Meting) -> str:
    if m.mcid is None:
        return "geen MCID bekend"
    drempel = f"MCID {getal(m.mcid)}"
    if m.mcid_bereikt is None:
        return drempel
    return f"{'bereikt' if m.mcid_bereikt else 'niet bereikt'} ({drempel})"


def sessies(c: BerichtContent) -> str:
    n = c.aantal_sessies
    tot = "tot nu toe " if c.soort != "eindverslag" else ""
    return f"{tot}{n} behandelsessie{'' if n == 1 else 's'}."


HELPERS = {
    "datum": datum,
    "datum_kort": datum_kort,
    "getal": getal,
    "verandering": verandering,
    "mate": mate,
    "reden": reden,
    "woord": woord,
    "intro": intro,
    "aanleiding": aanleiding,
    "meting_begin": meting_begin,
    "meting_laatste": meting_laatste,
    "meting_verandering": meting_verandering,
    "meting_mcid": meting_mcid,
    "sessies": sessies,
}


# --- HTML ------------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("app.berichten", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(HELPERS)
    return env


def html(content: BerichtContent) -> str:
    """The letter as a complete HTML document (UTF-8)."""
    return _environment().get_template("bericht.html").render(c=content)


# --- PDF -------------------------------------------------------------------------------------

_TRANSLITERATE = str.maketrans(
    {
        "→": "->", "≥": ">=", "≤": "<=", "—": "-", "–": "-", "−": "-", "•": "-", "‘": "'",
        "’": "'", "“": '"', "”": '"', "…": "...", "€": "EUR",
    }
)  # fmt: skip


class DocumentPdf(FPDF):
    """An A4 document in DejaVu Sans (`unicode_font`), or else in the core Helvetica, whose
    text goes through `t`. Shared by the letters and the client's copy (`app.inzage.render`)."""

    def __init__(self, unicode_font: bool) -> None:
        super().__init__(format="A4")
        self.unicode_font = unicode_font
        self.family = "DejaVu" if unicode_font else "helvetica"
        if unicode_font:
            self.add_font("DejaVu", "", str(FONT_REGULAR))
            self.add_font("DejaVu", "B", str(FONT_BOLD))

    def t(self, text: str) -> str:
        """Text the font can show."""
        if self.unicode_font:
            return text
        text = text.translate(_TRANSLITERATE)
        return "".join(
            ch if _latin1(ch) else _latin1_or(unicodedata.normalize("NFKD", ch)[:1]) for ch in text
        )


class _Letter(DocumentPdf):
    def __init__(self, content: BerichtContent, unicode_font: bool) -> None:
        super().__init__(unicode_font)
        self.content = content
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(True, margin=20)

    def footer(self) -> None:
        self.set_y(-14)
        self.set_font(self.family, "", 8)
        c = self.content
        self.cell(
            0,
            5,
            self.t(f"{c.titel} · cliënt {c.client_ref} · pagina {self.page_no()} van {{nb}}"),
            align="C",
        )

    def para(self, text: str, *, bold: bool = False, size: float = 10, gap: float = 1.5) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, self.t(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def heading(self, text: str) -> None:
        self.ln(2)
        self.para(text, bold=True, size=11, gap=1)


def _latin1(ch: str) -> bool:
    return ord(ch) < 256


def _latin1_or(ch: str) -> str:
    """A decomposed letter's base (ő to o), or `?` for what has none in Latin-1."""
    return ch if ch and _latin1(ch) else "?"


def unicode_font_available() -> bool:
    return FONT_REGULAR.is_file() and FONT_BOLD.is_file()


def pdf(content: BerichtContent, created_at: datetime) -> bytes:
    """The letter as PDF; the same bytes for the same content and creation time."""
    doc = _Letter(content, unicode_font_available())
    doc.set_creation_date(created_at.astimezone(UTC))
    doc.set_title(doc.t(f"{content.titel} - cliënt {content.client_ref}"))
    doc.set_author(doc.t(content.afzender.praktijk))
    doc.set_creator("methodisch")
    doc.set_producer("methodisch (fpdf2)")
    doc.set_lang("nl")
    doc.add_page()
    _write(doc, content)
    return bytes(doc.output())


def _write(doc: _Letter, c: BerichtContent) -> None:
    a, o = c.afzender, c.ontvanger
    van = [a.praktijk, *([f"AGB {a.praktijk_agb}"] if a.praktijk_agb else [])]
    if a.therapeut:
        van.append(a.therapeut)
    aan = [o.naam, woord(o.rol), *([o.organisatie] if o.organisatie else [])]
    if o.agb:
        aan.append(f"AGB {o.agb}")
    doc.para("Van: " + ", ".join(van), size=9, gap=0.5)
    doc.para("Aan: " + ", ".join(aan), size=9, gap=0.5)
    doc.para(f"Datum: {datum(c.datum)}", size=9, gap=0.5)
    doc.para(
        f"Betreft: cliënt {c.client_ref} (episode {c.episode_id}, versie {c.episode_version})",
        size=9,
        gap=4,
    )
    doc.para(f"{c.titel} oefentherapie", bold=True, size=15, gap=3)
    doc.para(intro(c))

    doc.heading("Aanleiding")
    doc.para(aanleiding(c))
    if c.hulpvraag:
        doc.heading("Hulpvraag")
        doc.para(c.hulpvraag)
    if c.diagnose:
        doc.heading("Oefentherapeutische diagnose")
        doc.para(c.diagnose)
    if c.hoofddoel or c.subdoelen:
        doc.heading("Doelen")
        if c.hoofddoel:
            resultaat = f" — {mate(c.hoofddoel_resultaat)}" if c.hoofddoel_resultaat else ""
            doc.para(f"Hoofddoel: {c.hoofddoel}{resultaat}")
        for d in c.subdoelen:
            domein = f"{woord(d.odim_domein)}: " if d.odim_domein else ""
            resultaat = f" — {mate(d.resultaat)}" if d.resultaat else ""
            doc.para(f"• Subdoel {domein}{d.omschrijving}{resultaat}", gap=0.5)
    if c.beleid or c.verwachte_duur_weken:
        doc.heading("Beleid")
        if c.beleid:
            doc.para(c.beleid)
        if c.verwachte_duur_weken:
            doc.para(f"Verwachte duur: {c.verwachte_duur_weken} weken.")
    if c.metingen:
        doc.heading("Metingen")
        _metingen(doc, c.metingen)
    doc.heading("Behandeling")
    doc.para(sessies(c))
    if c.oordeel_client or c.oordeel_therapeut:
        doc.heading("Evaluatie")
        if c.oordeel_client:
            doc.para(f"Oordeel van de cliënt: {c.oordeel_client}")
        if c.oordeel_therapeut:
            doc.para(f"Oordeel van de therapeut: {c.oordeel_therapeut}")
    if c.advies:
        doc.heading("Advies")
        if c.advies.aanwijzingen:
            doc.para("Aanwijzingen: " + "; ".join(c.advies.aanwijzingen))
        if c.advies.advies:
            doc.para(c.advies.advies)
        if c.advies.verwezen_naar:
            doc.para(f"Verwezen naar: {c.advies.verwezen_naar}")
    if c.reden_afsluiting or c.recidivebeleid or c.nazorg:
        doc.heading("Afsluiting")
        if c.reden_afsluiting:
            doc.para(f"Reden van afsluiten: {reden(c.reden_afsluiting)}.")
        if c.toelichting_afsluiting:
            doc.para(c.toelichting_afsluiting)
        if c.recidivebeleid:
            doc.para(f"Recidivebeleid: {c.recidivebeleid}")
        if c.nazorg:
            doc.para(f"Nazorg: {c.nazorg}")
    doc.ln(4)
    doc.para("Met collegiale groet,", gap=0.5)
    doc.para(a.therapeut or a.praktijk, gap=0.5)
    if a.therapeut:
        doc.para(a.praktijk)


def _metingen(doc: _Letter, metingen: list[Meting]) -> None:
    doc.set_font(doc.family, "", 8.5)
    with doc.table(
        col_widths=(46, 30, 38, 26, 30),
        text_align="LEFT",
        line_height=4.5,
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        for text in ("Instrument", "Baseline", "Laatste meting", "Verandering", "MCID"):
            head.cell(doc.t(text))
        for m in metingen:
            row = table.row()
            row.cell(doc.t(f"{m.naam} ({m.instrument})"))
            row.cell(doc.t(meting_begin(m)))
            row.cell(doc.t(meting_laatste(m)))
            row.cell(doc.t(meting_verandering(m)))
            row.cell(doc.t(meting_mcid(m)))
    doc.ln(2)
