"""The letters render the same content as HTML and PDF, in Dutch, with or without DejaVu."""

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from app.berichten import render
from app.berichten.content import (
    Aanleiding,
    Afzender,
    BerichtContent,
    Doel,
    Meting,
    Ontvanger,
)

HULPVRAAG = "Zoë wil met haar knieën weer ≥ 2 km fietsen → naar school."


def _content() -> BerichtContent:
    return BerichtContent(
        soort="eindverslag",
        titel="Eindverslag",
        datum=date(2026, 4, 29),
        episode_id=7,
        episode_version=21,
        profiel="algemeen@3",
        status="afsluiting",
        client_ref="EPD-000123",
        afzender=Afzender(praktijk="Oefentherapie Één", praktijk_agb="12345678", therapeut="T. Ï"),
        ontvanger=Ontvanger(contact_id=1, rol="huisarts", naam="J. de Vries", agb="01012345"),
        aanleiding=Aanleiding(route="dto", aangemeld_op=date(2026, 3, 1)),
        zonder_behandeling=False,
        hulpvraag=HULPVRAAG,
        hoofddoel="Fietsen.",
        hoofddoel_resultaat="grotendeels",
        subdoelen=[Doel(omschrijving="Kracht.", odim_domein="motoriek", resultaat="volledig")],
        metingen=[
            Meting(
                instrument="nprs",
                naam="Numeric Pain Rating Scale",
                begin=7,
                begin_datum=date(2026, 3, 2),
                laatste=2.5,
                laatste_moment="eind",
                laatste_datum=date(2026, 4, 20),
                verandering=-4.5,
                verbeterd=True,
                mcid=2,
                mcid_bereikt=True,
            )
        ],
        aantal_sessies=9,
        recidivebeleid="Thuis oefenen.",
        nazorg="Bellen bij terugval.",
    )


def _text(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


AT = datetime(2026, 4, 29, 10, 0, tzinfo=UTC)


def test_the_pdf_shows_the_dutch_text_as_typed_and_the_same_bytes_every_time() -> None:
    assert render.unicode_font_available(), "make installs fonts-dejavu-core"
    pdf = render.pdf(_content(), AT)
    assert pdf == render.pdf(_content(), AT)
    text = _text(pdf)
    for part in (HULPVRAAG, "Oefentherapie Één", "-4,5 (verbeterd)", "bereikt (MCID 2)"):
        assert part in text
    assert "Fietsen. — grotendeels bereikt" in text
    assert "9 behandelsessies." in text


def test_without_dejavu_the_core_font_keeps_the_dutch_letters(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(render, "FONT_REGULAR", tmp_path / "none.ttf")
    text = _text(render.pdf(_content(), AT))
    assert "Zoë wil met haar knieën weer >= 2 km fietsen -> naar school." in text
    assert "Oefentherapie Één" in text


def test_html_and_pdf_say_the_same() -> None:
    html = render.html(_content())
    assert html.startswith("<!DOCTYPE html>") and '<html lang="nl">' in html
    for part in (HULPVRAAG, "-4,5 (verbeterd)", "Recidivebeleid: Thuis oefenen."):
        assert part in html
    assert "<style" not in html and "<script" not in html


@pytest.mark.parametrize(
    ("value", "shown"),
    [(-4.0, "-4"), (2.5, "+2,5"), (0.0, "0"), (1 / 3, "+0,33"), (None, "—")],
)
def test_a_change_is_written_with_its_sign_and_a_decimal_comma(
    value: float | None, shown: str
) -> None:
    assert render.verandering(value) == shown
