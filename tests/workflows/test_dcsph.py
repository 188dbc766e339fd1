"""The DCSPH code on the diagnose: a code on the uniforme lijst is found with what it means, and
a code that is not is refused with the part that is wrong (workflows/dcsph/)."""

import pytest

from workflows import dcsph, forms, registry
from workflows.dcsph import Diagnosecode, OnbekendeDiagnosecode
from workflows.definition import FormInvalid


def refused(code: str) -> OnbekendeDiagnosecode:
    with pytest.raises(OnbekendeDiagnosecode) as exc:
        dcsph.lookup(code)
    return exc.value


def diagnose(**overrides: object) -> dict[str, object]:
    return forms.DIAGNOSE_EXAMPLE | overrides


# --- the tables ---------------------------------------------------------------------------------


def test_the_tables_hold_the_lists_axes_with_their_source() -> None:
    assert len(dcsph.lokalisaties()) == 53
    assert len(dcsph.pathologieen()) == 90
    assert dcsph.lokalisaties()["34"] == "Lumbale wervelkolom"
    assert dcsph.lokalisaties()["59"] == "Gecombineerd ** Elleboog/ onderarm/ Hand"
    assert dcsph.lokalisaties()["93"] == "Gegeneraliseerd"
    assert dcsph.pathologieen()["80"] == "Symptomatologie (nog zonder aanwijsbare pathologie)"
    assert "Uniforme DCSPH-lijst" in dcsph.SOURCE and "Vektis" in dcsph.SOURCE


def test_a_caller_cannot_change_the_tables() -> None:
    dcsph.lokalisaties()["34"] = "iets anders"
    dcsph.pathologieen().clear()
    assert dcsph.lokalisaties()["34"] == "Lumbale wervelkolom"
    assert len(dcsph.pathologieen()) == 90


# --- known codes --------------------------------------------------------------------------------


def test_an_aspecifieke_lage_rugklacht_coded_3480_is_found_with_both_parts() -> None:
    assert dcsph.lookup("3480") == Diagnosecode(
        code="3480",
        lokalisatie="34",
        lokalisatie_omschrijving="Lumbale wervelkolom",
        pathologie="80",
        pathologie_omschrijving="Symptomatologie (nog zonder aanwijsbare pathologie)",
    )


@pytest.mark.parametrize(
    ("code", "lokalisatie", "pathologie"),
    [
        ("3023", "Cervicale wervelkolom", "Artrose"),  # the voorblad's own example
        (
            "5920",
            "Gecombineerd ** Elleboog/ onderarm/ Hand",
            "Epicondylitis / tendinitis / tendovaginitis",
        ),
        ("9390", "Gegeneraliseerd", "Reumatoïde arthritis, chronische reuma"),
        (
            "6486",
            "Bekkenbodemregio (inclusief organen kleine bekken)",
            "Urine incontinentie, incontinentie urinae",
        ),
        ("9363", "Gegeneraliseerd", "Covid-19"),  # added to the list in 2020, version 4.1u1
    ],
)
def test_codes_open_on_the_list_are_found(code: str, lokalisatie: str, pathologie: str) -> None:
    found = dcsph.lookup(code)
    assert (found.lokalisatie_omschrijving, found.pathologie_omschrijving) == (
        lokalisatie,
        pathologie,
    )


def test_a_code_the_list_opens_for_bekken_ft_and_ot_is_found() -> None:
    assert dcsph.lookup("6489").pathologie_omschrijving == "Gynaecologie"


# --- refused codes ------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["348", "34800", "34a0", "34 8", "", "٣٤٨٠"])
def test_a_code_that_is_not_four_digits_is_refused_for_its_format(code: str) -> None:
    error = refused(code)
    assert error.deel == "formaat"
    assert "4 cijfers" in str(error)


def test_an_unknown_lokalisatie_is_named() -> None:
    error = refused("8880")
    assert error.deel == "lokalisatie"
    assert 'onbekende lokalisatie "88"' in str(error)
    assert "pathologie" not in str(error)


def test_an_unknown_pathologie_is_named() -> None:
    error = refused("3407")
    assert error.deel == "pathologie"
    assert 'onbekende pathologie "07"' in str(error)
    assert "lokalisatie" not in str(error)


def test_a_pathologie_the_list_leaves_undescribed_is_unknown() -> None:
    assert 'onbekende pathologie "37"' in str(refused("3437"))


def test_a_code_wrong_in_both_parts_names_both() -> None:
    message = str(refused("8807"))
    assert 'onbekende lokalisatie "88"' in message
    assert 'onbekende pathologie "07"' in message


def test_artrose_of_the_weke_delen_of_the_neck_is_a_closed_combination() -> None:
    # The voorblad's example: 1323 is dicht, artrose of the cervicale wervelkolom is 3023.
    error = refused("1323")
    assert error.deel == "combinatie"
    assert "staat niet open op de uniforme DCSPH-lijst" in str(error)
    assert "Regio cervicalis (oppervlakkige weke delen); Artrose" in str(error)


def test_a_combination_that_is_not_on_the_list_at_all_is_refused() -> None:
    assert refused("3063").deel == "combinatie"  # Covid-19 is only listed as 9363


@pytest.mark.parametrize(
    ("code", "groep"),
    [
        ("1199", "HT"),
        ("6426", "Bekken FT"),
        ("9317", "kinderFT"),
        ("6499", "HT en Bekken FT"),
    ],
)
def test_a_code_open_only_for_another_group_is_refused_naming_that_group(
    code: str, groep: str
) -> None:
    error = refused(code)
    assert error.deel == "combinatie"
    assert f"alleen open voor {groep}, niet voor oefentherapie" in str(error)


# --- the diagnose form, third edition -----------------------------------------------------------


def test_the_third_editions_diagnose_accepts_an_open_code() -> None:
    definition = registry.current("algemeen")
    record = definition.validate_record("diagnose", diagnose(diagnosecode="3480"))
    assert record["diagnosecode"] == "3480"


def test_the_third_editions_diagnose_may_leave_the_code_out() -> None:
    record = registry.current("algemeen").validate_record("diagnose", diagnose())
    assert record.get("diagnosecode") is None


@pytest.mark.parametrize("profile", ["algemeen", "bekken", "psychosomatisch"])
@pytest.mark.parametrize(
    ("code", "reden"),
    [("1323", "staat niet open"), ("8880", 'onbekende lokalisatie "88"'), ("34a0", "4 cijfers")],
)
def test_the_third_editions_diagnose_refuses_a_wrong_code_on_the_field(
    profile: str, code: str, reden: str
) -> None:
    with pytest.raises(FormInvalid) as exc:
        registry.current(profile).validate_record("diagnose", diagnose(diagnosecode=code))
    [problem] = exc.value.problems
    assert problem.field == "diagnose.diagnosecode"
    assert reden in problem.message


def test_the_served_diagnose_form_describes_the_code_and_its_example_is_valid() -> None:
    schema = registry.current("algemeen").forms["diagnose"].model_json_schema()
    assert schema["properties"]["diagnosecode"]["description"].startswith("DCSPH-code")
    assert dcsph.lookup(schema["examples"][0]["diagnosecode"]).lokalisatie == "34"


def test_a_first_edition_episode_keeps_its_diagnose_form_without_the_code() -> None:
    first = registry.get("algemeen", 1)
    assert "diagnosecode" not in first.forms["diagnose"].model_fields
    with pytest.raises(FormInvalid) as exc:
        first.validate_record("diagnose", diagnose(diagnosecode="3480"))
    assert [p.field for p in exc.value.problems] == ["diagnose.diagnosecode"]
