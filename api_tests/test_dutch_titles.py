"""An EPD shows the therapist's words straight from the served definition: every field of every
form, appendix and payload has a Dutch title, every value of every choice has one beside its
code (`oneOf` next to `enum`), and steps, triggers and the profile are titled too. Nothing here
knows the engine's vocabulary; it reads what GET /v1/workflows serves."""

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

PROFILES = {
    "algemeen": "Algemeen",
    "bekken": "Bekkenoefentherapie",
    "psychosomatisch": "Psychosomatische oefentherapie",
}
NOT_IN_A_TITLE = re.compile(r"[_@§]")


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


def _served_schemas(definition: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for step in definition["steps"]:
        yield step["name"], step["form_schema"]
        for appendix in step["appendices"]:
            yield f"{step['name']}/{appendix['name']}", appendix["form_schema"]
    for trigger in definition["triggers"]:
        if trigger["payload_schema"] is not None:
            yield f"{trigger['name']} payload", trigger["payload_schema"]


def _untitled(where: str, schema: dict[str, Any]) -> Iterator[str]:
    """Everything a person would read as a code: a field without a title or with the title
    generated from its name, a value without a title, a title with `_`, `@` or `§`."""
    titles = [schema.get("title"), *(d.get("title") for d in schema.get("$defs", {}).values())]
    for sub in _subschemas(schema):
        if set(sub) <= {"const", "title"}:
            titles.append(sub.get("title"))  # one value's title
            continue
        for name, prop in (sub.get("properties") or {}).items():
            title = prop.get("title")
            titles.append(title)
            generated = name.replace("_", " ").title()
            if "_" in name and title == generated:
                yield f"{where}: {name} is titled by its code: {title!r}"
        values = sub.get("enum", [sub["const"]] if "const" in sub else [])
        strings = [v for v in values if isinstance(v, str)]
        titled = {o.get("const"): o.get("title") for o in sub.get("oneOf") or ()}
        for value in strings:
            if not titled.get(value):
                yield f"{where}: value {value!r} has no title in oneOf"
    for title in titles:
        if not isinstance(title, str) or not title or NOT_IN_A_TITLE.search(title):
            yield f"{where}: title {title!r}"


def test_the_profiles_are_listed_with_their_dutch_titles(http: httpx.Client) -> None:
    listed = http.get("/v1/workflows")
    assert listed.status_code == 200
    assert {p["profile"]: p["title"] for p in listed.json()} == PROFILES


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_served_field_value_step_and_trigger_has_a_dutch_title(
    http: httpx.Client, profile: str
) -> None:
    current = http.get(f"/v1/workflows/{profile}")
    assert current.status_code == 200
    for version in range(1, current.json()["version"] + 1):
        r = http.get(f"/v1/workflows/{profile}", params={"version": version})
        assert r.status_code == 200
        definition = r.json()
        assert definition["title"] == PROFILES[profile]
        problems = [
            problem
            for where, schema in _served_schemas(definition)
            for problem in _untitled(f"{profile}@{version} {where}", schema)
        ]
        named = [
            *((s["name"], s["title"]) for s in definition["steps"]),
            *((a["name"], a["title"]) for s in definition["steps"] for a in s["appendices"]),
            *((t["name"], t["title"]) for t in definition["triggers"]),
        ]
        problems += [
            f"{profile}@{version} {name}: title {title!r}"
            for name, title in named
            if not title or NOT_IN_A_TITLE.search(title) or title == name
        ]
        assert not problems, "\n".join(problems)


def test_the_anamnese_reads_as_a_therapist_says_it(http: httpx.Client) -> None:
    definition = http.get("/v1/workflows/psychosomatisch").json()
    anamnese = next(s for s in definition["steps"] if s["name"] == "anamnese")
    assert anamnese["title"] == "Anamnese"
    fields = anamnese["form_schema"]["properties"]
    assert fields["icf_functies"]["title"] == "ICF-functies"
    assert fields["solk_complexiteit"]["title"] == "SOLK-complexiteit"
    solk = next(s for s in fields["solk_complexiteit"]["anyOf"] if "enum" in s)
    # The code an EPD sends stays in `enum`; its title sits beside it.
    assert solk["enum"] == ["licht", "matig_ernstig", "ernstig"]
    assert {"const": "matig_ernstig", "title": "Matig-ernstig"} in solk["oneOf"]
    triggers = {t["name"]: t["title"] for t in definition["triggers"]}
    assert triggers["anamnese_afronden"] == "Anamnese afronden"
    assert triggers["client_stopt"] == "Cliënt stopt"


def test_the_bekken_domains_say_not_applicable_in_words(http: httpx.Client) -> None:
    definition = http.get("/v1/workflows/bekken").json()
    anamnese = next(s for s in definition["steps"] if s["name"] == "anamnese")["form_schema"]
    status = anamnese["$defs"]["NietUitgevraagd"]["properties"]["status"]
    assert status["enum"] == ["nvt", "niet_besproken"]
    assert status["oneOf"] == [
        {"const": "nvt", "title": "Niet van toepassing"},
        {"const": "niet_besproken", "title": "Niet besproken"},
    ]
    domeinen = anamnese["$defs"]["BekkenDomeinen"]["properties"]
    assert domeinen["gastro_enterologisch"]["title"] == "Gastro-enterologische anamnese"
