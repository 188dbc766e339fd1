"""An instrument of the catalogue as a FHIR R4 Questionnaire that conforms to the SDC base
profile (`sdc-questionnaire`: a `url` and at least one item, each with `linkId` and `type`; we use
none of the extensions its constraints sdc-1 and sdc-2 are about).

Every item is `type: integer`, and its answer in a QuestionnaireResponse is `valueInteger`: the
catalogue scores integers, and one answer type for every item keeps reading a response simple.
- a range item: `minValue`/`maxValue` extensions (core extensions that SDC renderers enforce);
- an item with a fixed set of values (`allowed`, e.g. ICIQ-UI SF q2: 0/2/4/6) or a tick-all-that-
  apply item (`multi`, with `repeats: true`): one `answerOption` per value, `valueInteger`. R4
  allows answerOption on an integer item (invariant que-5 lists `integer`); `choice` would make
  the answer a Coding (valueCoding), a second shape for the same number.
- `required` exactly where the catalogue's own response schema requires the item.

`text` is the item's short neutral label, or its id: the catalogue stores no questionnaire text,
as the instruments' licences reserve it to their publishers. Where to find the text is in
`copyright` and `description` (the publication in `Instrument.reference`).
"""

import re
from typing import Any

from fhir.resources.R4B.questionnaire import Questionnaire

from app.fhir import urls
from measures import CATALOGUE_VERSION, Instrument, Item

MEDIA_TYPE = "application/fhir+json"
SDC_QUESTIONNAIRE = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"


def canonical(code: str) -> str:
    """The Questionnaire's canonical URL, without a version."""
    return f"{urls.QUESTIONNAIRE}/{code}"


def questionnaire(instrument: Instrument) -> dict[str, Any]:
    """The Questionnaire as FHIR R4 JSON, validated by building the `fhir.resources` model."""
    required = set(_required(instrument))
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "meta": {"profile": [SDC_QUESTIONNAIRE]},
        "url": canonical(instrument.code),
        "version": CATALOGUE_VERSION,
        "name": _name(instrument.code),
        "title": instrument.name,
        "status": "active",
        "subjectType": ["Patient"],
        "description": (
            f"{instrument.name}: de items, bereiken en antwoordwaarden uit de scorecatalogus van "
            f"methodisch (versie {CATALOGUE_VERSION}), zonder vraagteksten. "
            f"Ontbrekende items: {instrument.missing_rule.text}"
        ),
        "copyright": (
            "De vraagteksten zijn niet opgenomen: die vallen onder het auteursrecht van de "
            f"rechthebbende. Bron: {instrument.reference}"
        ),
        "code": [{"system": urls.INSTRUMENT, "code": instrument.code, "display": instrument.name}],
        "item": [_item(it, required=it.id in required) for it in instrument.items],
    }
    return Questionnaire.model_validate(resource).model_dump(mode="json")


def _required(instrument: Instrument) -> list[str]:
    # The one rule for "must be answered" is the catalogue's response schema: scored, not
    # optional, and a missing-item rule that allows none missing.
    required = instrument.response_schema()["required"]
    assert isinstance(required, list)
    return [str(r) for r in required]


def _item(it: Item, *, required: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"linkId": it.id, "text": it.label or it.id, "type": "integer"}
    if required:
        out["required"] = True
    if it.multi:
        out["repeats"] = True
    if it.allowed is not None or it.multi:
        out["answerOption"] = [{"valueInteger": v} for v in it.values()]
    else:
        out["extension"] = [
            {"url": MIN_VALUE, "valueInteger": it.min},
            {"url": MAX_VALUE, "valueInteger": it.max},
        ]
    return out


def _name(code: str) -> str:
    # FHIR wants a computable name starting with a capital (inv-0); "4dkl" and "iciq_ui_sf"
    # are not, "Instrument4dkl" and "InstrumentIciqUiSf" are.
    return "Instrument" + "".join(p.capitalize() for p in re.split(r"[^A-Za-z0-9]+", code) if p)
