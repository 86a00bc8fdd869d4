"""The parameter catalogue: one source of truth, refusals that name the parameter, and
agreement with every chapter's parameters cell."""

import math

import pytest

from nubrems.book import runner
from nubrems.core import catalogue as P
from nubrems.core.params import Params

ROOT = runner.find_root()


#: Kinds whose values are names or flags, not numbers: no range to give a reason for.
NOT_NUMBERS = ("choice", "bool", "preset-or-file")


@pytest.mark.parametrize("name", list(P.PARAMETERS))
def test_every_default_is_allowed_and_every_range_says_why(name):
    """Every parameter lists the chapters that declare it, except the three-flavour settings
    of Params that no chapter declares (set in Python and by `nubrems rate --flavours 3`):
    those are checked without a chapter, and the reference says where they are set."""
    spec = P.PARAMETERS[name]
    assert spec.meaning and (spec.chapters or name in P.FLAVOUR_SETTINGS)
    for chapter in spec.chapters or (None,):
        assert spec.validate(spec.default_for(chapter), chapter) is not None
        rng = spec.range_for(chapter)
        assert spec.kind in NOT_NUMBERS or (rng is not None and rng.why), f"{name}: range without a reason"


@pytest.mark.parametrize("chapter", P.CHAPTERS)
def test_catalogue_equals_the_chapter_parameters_cell(chapter):
    """Names and defaults in the notebook are those of the catalogue (one source of truth)."""
    declared = runner.declared_parameters(ROOT / "chapters" / f"{chapter}.ipynb")
    defaults = P.chapter_defaults(chapter)
    assert list(declared) == list(defaults) or set(declared) == set(defaults), \
        f"notebook declares {sorted(declared)}, catalogue {sorted(defaults)}"
    for name, text in declared.items():
        value = eval(text, {})  # noqa: S307 (the cell holds literals only)
        assert value == defaults[name], f"{chapter}: {name} = {value!r} in the notebook, " \
                                        f"{defaults[name]!r} in the catalogue"


def test_chapters_in_the_catalogue_are_the_book():
    assert [p.stem for p in runner.chapter_paths(ROOT)] == list(P.CHAPTERS)


def test_physics_defaults_are_params_defaults():
    assert {n: P.get(n).default for n in P.PHYSICS} == Params().as_dict()


@pytest.mark.parametrize("name, value, needle", [
    ("m_nu_eV", True, "not a number"),                 # YAML booleans are not numbers
    ("m_nu_eV", "true", "not a number"),
    ("m_nu_eV", float("nan"), "not a finite number"),
    ("m_nu_eV", 1e-300, "[0.001, 10] eV"),
    ("m_nu_eV", -0.1, "[0.001, 10] eV"),
    ("seed", -1, "non-negative"),
    ("seed", 2.5, "not an integer"),
    ("n_events", "many", "not an integer"),
    ("masses_eV", [0.1, 0.0], "masses_eV[1] = 0"),
    ("masses_eV", list(range(1, 20)), "19 elements"),
    ("solar_model", "SSM", "B16-GS98, B16-AGSS09met"),
    ("spectra", "lab", "unknown value; allowed: one of thermal, laboratory"),
    ("mu_nu_muB", 1e-300, "underflow"),
    ("E_nu_MeV", 1e300, "1e+06] MeV"),
])
def test_refusals_are_one_line_naming_parameter_value_and_range(name, value, needle):
    with pytest.raises(P.ParameterError) as err:
        P.get(name).validate(value)
    message = str(err.value)
    assert "\n" not in message and needle in message
    assert message.startswith(name)


@pytest.mark.parametrize("name, text, expected", [
    ("E_max_MeV", "2e1", 20.0),                      # YAML would read this as a string
    ("seed", "7", 7), ("seed", 3.0, 3),
    ("E_examples_MeV", "0.5,2,8", [0.5, 2.0, 8.0]),
    ("E_examples_MeV", "[0.5, 2]", [0.5, 2.0]),
    ("mu_nu_muB", "sm", "SM"),
])
def test_values_parse_by_kind(name, text, expected):
    assert P.get(name).validate(text) == expected


@pytest.mark.parametrize("chapter, values, needle", [
    ("01_kinematics", {"E_max_MeV": 0.05}, "E_max_MeV = 0.05 must exceed E_min_MeV = 0.1"),
    ("02_amplitudes", {"E_nu_MeV": 1e-8}, "below threshold"),
    ("01_kinematics", {"masses_eV": [10.0], "E_min_MeV": 5e-6}, "masses_eV[0]"),
    ("06_estimates", {"accelerator_E_MeV": 1e-5}, "m_nu << E"),
    ("05_rates", {"n_nu_cm3": 0, "n_nubar_cm3": 0}, "no target"),
    ("05_rates", {"n_nu_cm3": 1e-300}, "underflow"),
    ("05_rates", {"E_nu_MeV": 1.0}, "unknown parameter"),
])
def test_consistency_is_checked_with_the_chapter_defaults(chapter, values, needle):
    with pytest.raises(P.ParameterError, match=None) as err:
        P.validate(values, chapter, complete=True)
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_extremes_inside_the_ranges_are_accepted():
    for spec in P.PARAMETERS.values():
        chapter = (spec.chapters or (None,))[0]
        rng = spec.range_for(chapter)
        if spec.kind in ("float", "moment") and rng is not None:
            for x in (rng.low, rng.high):
                if (x == rng.low and rng.low_open) or (x == rng.high and rng.high_open):
                    x = math.nextafter(x, rng.high if x == rng.low else rng.low)
                assert spec.validate(x, chapter) == x


def test_differences_and_descriptions():
    assert P.differences({"m_nu_eV": 0.8, "xi": 1.0}) == {"m_nu_eV": (0.8, 0.1)}
    assert P.differences({"seed": 11}, "05_rates") == {}
    assert P.describe_value("m_nu_eV", 0.8) == "0.8 eV"


def test_reference_rows_cover_every_parameter():
    rows = P.reference_rows()
    assert [r["name"] for r in rows] == list(P.PARAMETERS)
    assert all(r["allowed"] and r["meaning"] and r["chapters"] for r in rows)
    # the settings no chapter declares say where they are set
    loose = {r["name"]: r for r in rows if r["chapters"] == P.NO_CHAPTER}
    assert set(loose) == {n for n in P.FLAVOUR_SETTINGS if not P.get(n).chapters} != set()
    assert loose["flavours"]["allowed"] == "one of 1, 3" and loose["moving_relics"]["allowed"] == "true or false"


@pytest.mark.parametrize("name, value, expected", [
    ("flavours", 3, 3), ("flavours", "1", 1), ("flavours", 3.0, 3),
    ("moving_relics", True, True), ("moving_relics", "no", False), ("moving_relics", "TRUE", True),
    ("moments", "transition-only", "transition-only"),
    ("earth_velocity_kms", "369.8", 369.8), ("nature", "majorana", "majorana"),
])
def test_three_flavour_kinds_parse(name, value, expected):
    assert P.get(name).validate(value) == expected


@pytest.mark.parametrize("name, value, needle", [
    ("flavours", 2, "flavours = 2: unknown value; allowed: one of 1, 3"),
    ("flavours", True, "not an integer"),
    ("moving_relics", 1, "moving_relics = 1: not true or false; allowed: true or false"),
    ("moving_relics", "maybe", "not true or false"),
    ("moments", "sideways", "moments = 'sideways': unknown value; allowed: one of universal, flavour-diagonal, "
                            "transition-only or a .yaml/.yml file"),
    ("moments", "no/such.yaml", "moments = 'no/such.yaml': no such file"),
    ("moments", 3, "not a name or a file"),
    ("nature", "quark", "one of dirac, majorana"),
    ("moment_scale", "total", "one of mu_eff, entry"),
    ("earth_velocity_kms", 4000.0, "[0, 3000] km/s"),
    ("earth_angle_deg", -1.0, "[0, 180]"),
])
def test_three_flavour_refusals_are_one_line(name, value, needle):
    with pytest.raises(P.ParameterError) as err:
        P.get(name).validate(value)
    message = str(err.value)
    assert "\n" not in message and message.startswith(name) and needle in message, message


def test_a_matrix_file_is_a_moments_value(tmp_path):
    f = tmp_path / "mu.yml"
    f.write_text("matrix_muB: [[1e-12, 0, 0], [0, 0, 0], [0, 0, 0]]\n")
    assert P.get("moments").validate(str(f)) == str(f)
    assert P.get("moments").validate(f) == str(f)             # a path object too, as text
