"""Every served word a person reads is the clinician's Dutch (workflows/titels.py).

Walks every registered definition (all profiles, all versions) and every schema it serves (step
forms, appendices, trigger payloads) as `DutchSchema` generates it; then runs every gate, payload
rule, record check and write rule against many snapshots and reads each message.
"""

import ast
import re
from collections.abc import Iterator
from datetime import date
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from workflows import berichten, registry, titels, write_rules
from workflows.client import ClientFacts
from workflows.definition import Behandelaar, Definition
from workflows.gates import Unmet
from workflows.metingen import MOMENTS
from workflows.snapshot import EpisodeSnapshot
from workflows.steps import STATUSES, STEPS, Route, Status, Step
from workflows.titels import DutchSchema
from workflows.toestemming import DOELEN, Besluit, Toestemming

ROOT = Path(__file__).resolve().parents[2]
NOT_IN_A_TITLE = re.compile(r"[_@§]")
IDENTIFIER = re.compile(r"\b[a-z0-9]+_[a-z0-9_]+\b")


def _definitions() -> list[Definition]:
    return [
        registry.get(profile, version)
        for profile in registry.profiles()
        for version in range(1, registry.current(profile).version + 1)
    ]


DEFINITIONS = _definitions()
KEYS = [d.key for d in DEFINITIONS]


def _served_models(d: Definition) -> Iterator[tuple[str, type[BaseModel]]]:
    for s in d.steps:
        yield f"{d.key} {s.name}", s.form
        for a in s.appendices:
            yield f"{d.key} {s.name}/{a.name}", a.form
    for t in d.triggers:
        if t.payload is not None:
            yield f"{d.key} {t.name} payload", t.payload


def _subschemas(schema: Any) -> Iterator[dict[str, Any]]:
    """`schema` and every schema inside it (never into examples, defaults or values)."""
    if not isinstance(schema, dict):
        return
    yield schema
    for key in ("items", "additionalProperties", "not", "if", "then", "else"):
        yield from _subschemas(schema.get(key))
    for key in ("properties", "$defs"):
        for sub in (schema.get(key) or {}).values():
            yield from _subschemas(sub)
    for key in ("anyOf", "oneOf", "allOf", "prefixItems"):
        for sub in schema.get(key) or ():
            yield from _subschemas(sub)


def _titles(schema: dict[str, Any]) -> Iterator[str]:
    for sub in _subschemas(schema):
        if isinstance(sub.get("title"), str):
            yield sub["title"]


FIELD_TITLES = set(titels.VELDEN.values()) | {
    t for overrides in titels.FORM_VELDEN.values() for t in overrides.values()
}
MODEL_TITLES = set(titels.MODELLEN.values())


@pytest.mark.parametrize("definition", DEFINITIONS, ids=KEYS)
def test_every_field_model_and_value_of_every_served_schema_has_a_dutch_title(
    definition: Definition,
) -> None:
    problems: list[str] = []
    for where, form in _served_models(definition):
        schema = form.model_json_schema(schema_generator=DutchSchema)
        for title in [schema["title"], *(d["title"] for d in schema.get("$defs", {}).values())]:
            if title not in MODEL_TITLES:
                problems.append(f"{where}: model title {title!r} is not in titels.MODELLEN")
        for sub in _subschemas(schema):
            for name, prop in (sub.get("properties") or {}).items():
                if prop.get("title") not in FIELD_TITLES:
                    problems.append(f"{where}: {name} has title {prop.get('title')!r}")
            if set(sub) <= {"const", "title"}:
                continue  # one value's title, itself inside the oneOf checked below
            values = sub.get("enum", [sub["const"]] if "const" in sub else [])
            strings = [v for v in values if isinstance(v, str)]
            if not strings:
                continue
            titled = {o.get("const"): o.get("title") for o in sub.get("oneOf", [])}
            if list(titled) != strings:
                problems.append(f"{where}: oneOf {list(titled)} does not list enum {strings}")
            for value in strings:
                if titled.get(value) != titels.WAARDEN.get(value):
                    problems.append(f"{where}: value {value!r} has title {titled.get(value)!r}")
        problems += [
            f"{where}: title {t!r} is not Dutch prose"
            for t in _titles(schema)
            if NOT_IN_A_TITLE.search(t) or not t.lstrip("(")[:1].isupper()
        ]
    assert not problems, "\n".join(problems)


def _without_titles(schema: Any) -> Any:
    """The schema less every `title` and every titled-values `oneOf` (all consts)."""
    if isinstance(schema, list):
        return [_without_titles(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    return {
        k: _without_titles(v)
        for k, v in schema.items()
        if k != "title"
        and not (k == "oneOf" and all(isinstance(o, dict) and "const" in o for o in v))
    }


@pytest.mark.parametrize("definition", DEFINITIONS, ids=KEYS)
def test_the_dutch_schema_only_adds_titles(definition: Definition) -> None:
    # Same validation, same enum, same examples: an EPD reading `enum` sees what it saw before.
    for where, form in _served_models(definition):
        dutch = form.model_json_schema(schema_generator=DutchSchema)
        plain = form.model_json_schema()
        assert _without_titles(dutch) == _without_titles(plain), where


def test_a_field_title_can_differ_per_model_and_is_inherited() -> None:
    from workflows import forms, forms_v3

    assert titels.veld("subdoelen") == "Subdoelen"
    assert titels.veld("subdoelen", forms.TussentijdseEvaluatie) == "Voortgang per subdoel"
    assert titels.veld("subdoelen", forms_v3.TussentijdseEvaluatie) == "Voortgang per subdoel"
    schema = forms_v3.BehandelingForm.model_json_schema(schema_generator=DutchSchema)
    evaluatie = schema["$defs"]["TussentijdseEvaluatie"]
    assert evaluatie["title"] == "Tussentijdse evaluatie"
    assert evaluatie["properties"]["subdoelen"]["title"] == "Voortgang per subdoel"
    plan = forms_v3.BehandelplanForm.model_json_schema(schema_generator=DutchSchema)
    assert plan["properties"]["subdoelen"]["title"] == "Subdoelen"


def test_the_issues_examples_read_as_a_therapist_says_them() -> None:
    from workflows.profiles.bekken import BekkenAnamneseForm
    from workflows.profiles.psychosomatisch_v2 import AnamneseForm

    anamnese = AnamneseForm.model_json_schema(schema_generator=DutchSchema)["properties"]
    assert anamnese["icf_functies"]["title"] == "ICF-functies"
    assert anamnese["solk_complexiteit"]["title"] == "SOLK-complexiteit"
    solk = anamnese["solk_complexiteit"]["anyOf"][0]
    assert solk["enum"] == ["licht", "matig_ernstig", "ernstig"]
    assert {"const": "matig_ernstig", "title": "Matig-ernstig"} in solk["oneOf"]
    bekken = BekkenAnamneseForm.model_json_schema(schema_generator=DutchSchema)
    niet = bekken["$defs"]["NietUitgevraagd"]["properties"]["status"]["oneOf"]
    assert niet == [
        {"const": "nvt", "title": "Niet van toepassing"},
        {"const": "niet_besproken", "title": "Niet besproken"},
    ]
    assert titels.waarde("gastro_enterologisch") == "Maag-darm"
    assert titels.waarde("eigen_initiatief") == "Eigen initiatief"
    assert titels.waarde("dto") == "Directe toegang"


@pytest.mark.parametrize("definition", DEFINITIONS, ids=KEYS)
def test_every_step_trigger_appendix_and_profile_has_a_dutch_title(
    definition: Definition,
) -> None:
    named = [
        (definition.profile, definition.title, titels.PROFIELEN),
        *((s.name, s.title, titels.STAPPEN) for s in definition.steps),
        *((a.name, a.title, titels.BIJLAGEN) for s in definition.steps for a in s.appendices),
        *((t.name, t.title, titels.TRIGGERS) for t in definition.triggers),
    ]
    for code, title, vocabulary in named:
        assert vocabulary.get(code) == title, code
        assert not NOT_IN_A_TITLE.search(title) and title[0].isupper(), title
    assert definition.step("behandelplan") is not None
    assert {t.name: t.title for t in definition.triggers}["anamnese_afronden"] == (
        "Anamnese afronden"
    )


def test_the_vocabulary_itself_is_dutch_prose() -> None:
    vocabularies = {
        "VELDEN": titels.VELDEN,
        "WAARDEN": titels.WAARDEN,
        "MODELLEN": titels.MODELLEN,
        "STAPPEN": titels.STAPPEN,
        "BIJLAGEN": titels.BIJLAGEN,
        "TRIGGERS": titels.TRIGGERS,
        "PROFIELEN": titels.PROFIELEN,
        **{f"FORM_VELDEN[{m}]": v for m, v in titels.FORM_VELDEN.items()},
    }
    bad = [
        f"{name}[{code!r}] = {title!r}"
        for name, vocabulary in vocabularies.items()
        for code, title in vocabulary.items()
        if NOT_IN_A_TITLE.search(title) or not title.lstrip("(")[:1].isupper()
    ]
    assert not bad, "\n".join(bad)
    assert set(titels.STAPPEN) == set(STATUSES)
    assert titels.VELDEN["akkoord_client"] == "Akkoord van de cliënt"
    assert titels.TRIGGERS["client_stopt"] == "Cliënt stopt"


# --- gate messages ------------------------------------------------------------------------------

ON = date(2026, 3, 1)
CLIENTS = (
    ClientFacts(leeftijdsgroep="volwassene"),
    ClientFacts(leeftijdsgroep="volwassene", geslacht="vrouw", wilsbekwaam=False),
    ClientFacts(leeftijdsgroep="kind_onder_12", geslacht="man"),
    ClientFacts(geboortedatum=date(2013, 1, 1), geslacht="vrouw"),  # 13: client and ouders
)
ALLE_METINGEN = {code: frozenset({"baseline"}) for code in titels.INSTRUMENTEN}
AKKOORD_CLIENT = {"door": ["client"], "datum": "2026-03-10"}
SIGNALEN = {"signalen": "Blauwe plekken op de bovenarmen, wisselende verklaringen."}
HULPVRAAG = {"aan": "huisarts", "vraag": "Graag objectiveren.", "gesteld_op": "2026-03-10"}

# Per step, records that each make some gate speak: the step's example with these fields.
VARIANTS: dict[Step, list[dict[str, Any]]] = {
    "screening": [
        {
            "rode_vlaggen": ["Nachtelijke pijn"],
            "binnen_domein": False,
            "aanvullende_medische_info_nodig": True,
            "aanvullende_medische_info_ontvangen": None,
            "bekken_rode_vlaggen": ["Bloed bij de ontlasting"],
            "meldcode": SIGNALEN,
        },
        {"rode_vlaggen": [], "bekken_rode_vlaggen": None, "gele_vlaggen": None},
    ],
    "anamnese": [
        {"solk_complexiteit": "licht", "signalen_mishandeling": True, "meldcode": SIGNALEN},
        {"solk_complexiteit": "matig_ernstig", "bekkenklachten": "complex", "betrokkenen": []},
        {"domeinen": {"gynaecologisch": {"status": "nvt", "reden": "Geen reden."}}},
    ],
    "onderzoek": [
        {"andere_pathologie_uitgesloten": False, "rode_vlaggen": ["x"], "meldcode": SIGNALEN},
        {"rode_vlaggen": None, "bekkenbodemfunctie_objectiveren": True},
        {"bekkenbodemfunctie_objectiveren": True, "intercollegiale_hulpvraag": HULPVRAAG},
        {
            "bekkenbodemfunctie_objectiveren": True,
            "inwendig_onderzoek": {
                "datum": "2026-03-10",
                "toegang": "vaginaal",
                "bevindingen": "Zwakke aanspanning.",
                "toestemming": AKKOORD_CLIENT,
            },
        },
        {
            "bekkenbodemfunctie_objectiveren": True,
            "inwendig_onderzoek": {
                "datum": "2026-03-10",
                "toegang": "rectaal",
                "bevindingen": "Zwakke aanspanning.",
            },
        },
    ],
    "diagnose": [
        {"indicatie": False, "binnen_deskundigheid": False, "besproken_met_client": False},
        {"meldcode": SIGNALEN, "werkdiagnose": {}},
    ],
    "behandelplan": [
        {
            "hoofddoel_niveau": "functies",
            "subdoelen": [],
            "akkoord_client": False,
            "akkoord_betrokkenen": False,
            "somatisch_spoor": None,
        },
        {"hoofddoel_niveau": None, "akkoord": AKKOORD_CLIENT, "meldcode": SIGNALEN},
        {"evaluatiemomenten": [{"na_sessies": 1}], "akkoord": None},
    ],
    "behandeling": [
        {"tussentijdse_evaluaties": [], "meldcode": SIGNALEN},
        {"inwendig_behandelen": True, "inwendig_behandelen_toestemming": AKKOORD_CLIENT},
        {"inwendig_behandelen": True},
    ],
    "evaluatie": [
        {
            "doorverwijzing_nodig": True,
            "doorverwijzing_naar": None,
            "besproken_met_client": False,
            "besproken_met_betrokkenen": False,
            "bekkenklachten": "bekkenbodemfunctiestoornis",
            "productevaluatie": {},
            "procesevaluatie": {},
            "meldcode": SIGNALEN,
        },
    ],
    "afsluiting": [
        {
            "eindrapportage_verzonden_aan": "geen",
            "besproken_met_client": False,
            "recidivebeleid": None,
            "nazorg": None,
            "terugvalpreventie": None,
            "meldcode": SIGNALEN,
        },
        {"eindrapportage_verzonden_aan": "huisarts", "eindrapportage_datum": None},
        {"reden_afsluiting": None, "besproken_met_client": None},
    ],
}


def _example(form: type[BaseModel]) -> dict[str, Any]:
    examples: list[dict[str, Any]] = form.model_json_schema()["examples"]
    return dict(examples[0])


def _records(d: Definition, step: Step | None, variant: dict[str, Any]) -> dict[str, Any] | None:
    """Every step's example; `step`'s with the variant's fields its form has (None: invalid)."""
    records: dict[str, Any] = {s.name: _example(s.form) for s in d.steps}
    if step is None:
        return records
    form = d.forms[step]
    record = records[step] | {k: v for k, v in variant.items() if k in form.model_fields}
    try:
        form.model_validate(record)
    except ValidationError:
        return None
    return records | {step: record}


def _snapshot(
    d: Definition,
    status: Status,
    records: dict[str, Any],
    client: ClientFacts,
    *,
    route: Route = "dto",
    **kw: Any,
) -> EpisodeSnapshot:
    return EpisodeSnapshot(
        route=route,
        status=status,
        client=client,
        aangemeld_op=ON,
        records=records,
        sessie_count=kw.pop("sessie_count", 1),
        vandaag=ON,
        form_types=d.forms,
        **kw,
    )


def _snapshots(d: Definition) -> Iterator[EpisodeSnapshot]:
    """Empty and complete episodes in every status, then each variant in its own step."""
    routes: tuple[Route, ...] = ("dto", "verwijzing")
    for status, client, records, route, aangehouden in product(
        STATUSES, CLIENTS, ({}, _records(d, None, {})), routes, (False, True)
    ):
        assert records is not None
        yield _snapshot(d, status, records, client, route=route, aangehouden=aangehouden)
        yield _snapshot(d, status, records, client, metingen=ALLE_METINGEN, sessie_count=0)
    for step, variants in VARIANTS.items():
        if d.step(step) is None:
            continue
        for variant, client in product(variants, CLIENTS):
            records = _records(d, step, variant)
            if records is not None:
                yield _snapshot(d, step, records, client, route="verwijzing", sessie_count=10)
    besluiten: tuple[Besluit, ...] = ("gegeven", "geweigerd", "ingetrokken")
    sharing: tuple[Status, ...] = ("behandeling", "onderzoek")
    for besluit, client, status in product(besluiten, CLIENTS, sharing):
        toestemmingen = tuple(
            Toestemming(i, doel, None, besluit, ("client",), ON) for i, doel in enumerate(DOELEN)
        )
        yield _snapshot(d, status, _records(d, None, {}) or {}, client, toestemmingen=toestemmingen)


def _messages(d: Definition) -> Iterator[Unmet]:
    gates = {
        g.name: g
        for g in [
            *(g for t in d.triggers for g in t.gates),
            *(g for h in d.handovers for g in h.gates),
        ]
    }
    rules = [(t.payload, t.payload_rule) for t in d.triggers if t.payload_rule and t.payload]
    untrained = Behandelaar(registraties=frozenset())
    for ep in _snapshots(d):
        for g in gates.values():
            yield from g(ep)
        for payload, rule in rules:
            agreed = payload.model_validate(_example(payload))
            yield from rule.check(ep, agreed)
        for step in STEPS:
            if d.step(step) is not None and step in ep.records:
                yield from d.check_record(step, ep.records[step], untrained)
            yield from write_rules.record_writable(ep, step, corrections=True)
            yield from write_rules.record_writable(ep, step)
        yield from write_rules.appendix_writable(ep, "sessie", "behandeling")
        for moment in MOMENTS:
            yield from write_rules.measurement_allowed(ep, moment)
        yield from write_rules.handover_allowed(ep)
        yield from write_rules.client_writable(ep)
        for soort in berichten.SOORTEN:
            yield from berichten.bericht_unmet(ep, soort)
    yield from write_rules.aanmelding_unmet("verwijzing", has_verwijzing=False)


@pytest.mark.parametrize("definition", DEFINITIONS, ids=KEYS)
def test_no_gate_message_shows_a_code_or_an_empty_list(definition: Definition) -> None:
    seen: dict[str, str] = {}
    for unmet in _messages(definition):
        seen.setdefault(unmet.code, unmet.message)
    bad = {
        code: message
        for code, message in seen.items()
        if "[]" in message or IDENTIFIER.search(message)
    }
    assert not bad, "\n".join(f"{code}: {message}" for code, message in bad.items())
    # The snapshots must keep reaching the rules, or this test proves nothing.
    assert len(seen) >= 100, sorted(seen)


def test_the_snapshots_reach_the_messages_the_issue_saw() -> None:
    codes = {
        u.code
        for d in DEFINITIONS
        if d.key in {"algemeen@2", "algemeen@3", "bekken@1", "bekken@2"}
        for u in _messages(d)
    }
    assert {
        "algemeen.anamnese.solk_complexiteit.overdracht_nodig",
        "bekken.screening.bekken_rode_vlaggen.missing",
        "bekken.screening.bekken_rode_vlaggen.present",
        "bekken.anamnese.gastro_enterologisch.missing",
        "screening.rode_vlaggen.missing",
        "onderzoek.rode_vlaggen.missing",
        "evaluatie.metingen.iciq_ui_sf.missing",
        "behandeling.tussentijdse_evaluatie.due",
        "toestemming.tijdelijke_verwijzing.door",
    } <= codes


def _message_pieces(call: ast.Call) -> Iterator[str]:
    """The literal text of an `Unmet(...)` call that reads as prose (codes have no spaces)."""
    for node in [*call.args, *(k.value for k in call.keywords)]:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str) and " " in sub.value:
                yield sub.value


def test_no_message_text_in_the_source_shows_a_code_or_an_empty_list() -> None:
    # Catches what no snapshot above reaches: the literal text of every Unmet in workflows/.
    bad = []
    for path in sorted((ROOT / "workflows").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            if "Unmet" not in (getattr(node.func, "id", None), getattr(node.func, "attr", None)):
                continue
            for text in _message_pieces(node):
                if "[]" in text or IDENTIFIER.search(text):
                    bad.append(f"{path.relative_to(ROOT)}:{node.lineno}: {text!r}")
    assert not bad, "\n".join(bad)
