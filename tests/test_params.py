"""The shared parameter object: defaults, validation messages, mappings."""

import pytest

from nubrems.core import catalogue as P
from nubrems.core import constants as C
from nubrems.core.params import Params


def test_defaults_are_the_physics_contract():
    p = Params()
    assert (p.m_nu_eV, p.mu_nu_muB, p.n_nu_cm3, p.n_nubar_cm3) == (0.1, 6e-12, 56.0, 56.0)
    assert (p.xi, p.volume_km3, p.years, p.solar_model, p.spectra) == (1.0, 1.0, 1.0, "B16-GS98", "thermal")
    assert p.mu_nu == pytest.approx(6e-12 * C.MU_B, rel=1e-15)


@pytest.mark.parametrize(
    "name, value",
    [
        ("m_nu_eV", -0.1), ("m_nu_eV", 0.0), ("m_nu_eV", 11.0), ("m_nu_eV", float("nan")),
        ("m_nu_eV", True), ("m_nu_eV", 1e-300),
        ("mu_nu_muB", 0.0), ("mu_nu_muB", -1e-12), ("mu_nu_muB", "large"),
        ("n_nu_cm3", -1.0), ("xi", 0.0), ("volume_km3", -1.0), ("years", 0.0),
        ("solar_model", "SSM-unknown"), ("spectra", "lab"), ("spectra", None),
    ],
)
def test_invalid_values_name_the_parameter_and_range(name, value):
    with pytest.raises(ValueError, match=name) as err:
        Params(**{name: value})
    assert "\n" not in str(err.value) and str(err.value).startswith(name)
    if name == "solar_model":
        assert "B16-GS98" in str(err.value) and "B16-AGSS09met" in str(err.value)
    elif name == "spectra":
        assert "one of thermal, laboratory" in str(err.value)
    else:
        assert str(P.get(name).range_for()) in str(err.value)


def test_no_target_is_an_error():
    with pytest.raises(ValueError, match="n_nu_cm3 and n_nubar_cm3 cannot both be 0"):
        Params(n_nu_cm3=0, n_nubar_cm3=0)


def test_sm_moment_keyword():
    p = Params(m_nu_eV=0.2, mu_nu_muB="SM")
    assert p.mu_nu == pytest.approx(C.sm_dirac_moment(0.2), rel=1e-14)


def test_from_mapping_rejects_unknown_names():
    with pytest.raises(ValueError, match=r"unknown parameter.*m_nu\b.*valid names"):
        Params.from_mapping({"m_nu": 0.1})
    assert Params.from_mapping({"m_nu_eV": "0.3"}).m_nu_eV == 0.3


def test_replace_validates():
    p = Params().replace(xi=10)
    assert p.xi == 10.0 and p.m_nu_eV == 0.1
    with pytest.raises(ValueError, match="xi"):
        p.replace(xi=-1)


def test_spectra_field():
    """The pp and hep spectra: thermal by default, in as_dict, replace and from_mapping."""
    p = Params()
    assert p.as_dict()["spectra"] == "thermal" and list(p.as_dict())[-1] == "spectra"
    lab = p.replace(spectra="laboratory")
    assert lab.spectra == "laboratory" and lab.replace(xi=2.0).spectra == "laboratory"
    assert Params.from_mapping({"spectra": "laboratory"}).spectra == "laboratory"
    assert "spectra" in P.PHYSICS and P.get("spectra").choices == ("thermal", "laboratory")
    with pytest.raises(P.ParameterError, match=r"^spectra = 'lab': unknown value; allowed: one of thermal, "
                                               r"laboratory$"):
        p.replace(spectra="lab")


def test_check_energy_MeV():
    from nubrems.core.params import check_energy_MeV

    assert check_energy_MeV("E_nu_MeV", 1.0, 0.1) == 1.0
    with pytest.raises(ValueError, match=r"E_nu_MeV.*below threshold"):
        check_energy_MeV("E_nu_MeV", 5e-8, 0.1)
    with pytest.raises(ValueError, match="E_max_MeV = -1: allowed"):
        check_energy_MeV("E_max_MeV", -1, 0.1)


# --- the three-flavour settings -----------------------------------------------------------------
THREE = {"flavours": 3, "ordering": "inverted", "lightest_mass_eV": 0.01, "moments": "transition-only",
         "nature": "majorana", "moment_scale": "entry", "moving_relics": True, "earth_velocity_kms": 369.8,
         "earth_angle_deg": 60.0}


def test_three_flavour_fields_have_the_catalogue_defaults():
    p = Params()
    assert Params.names() == P.FIELDS == P.PHYSICS + P.FLAVOUR_SETTINGS
    assert {n: getattr(p, n) for n in P.FLAVOUR_SETTINGS} == {n: P.get(n).default for n in P.FLAVOUR_SETTINGS}
    assert (p.flavours, p.ordering, p.lightest_mass_eV, p.moments) == (1, "normal", 0.05, "universal")
    assert (p.nature, p.moment_scale, p.moving_relics) == ("dirac", "mu_eff", False)
    assert (p.earth_velocity_kms, p.earth_angle_deg) == (0.0, 90.0)


def test_as_dict_writes_the_settings_for_three_flavours_only():
    one = Params(ordering="inverted", lightest_mass_eV=0.2)
    assert list(one.as_dict()) == list(P.PHYSICS)              # one flavour: as before the settings existed
    three = Params(**THREE)
    assert list(three.as_dict()) == list(P.FIELDS)
    assert {k: three.as_dict()[k] for k in THREE} == THREE
    assert Params.from_mapping(three.as_dict()) == three       # the round trip
    assert Params.from_mapping(Params().as_dict()) == Params()


def test_replace_keeps_every_field():
    one = Params(ordering="inverted", moments="flavour-diagonal")
    assert one.replace(xi=2.0).ordering == "inverted" and one.replace(xi=2.0).moments == "flavour-diagonal"
    three = Params(**THREE).replace(m_nu_eV=0.3)
    assert {k: getattr(three, k) for k in THREE} == THREE and three.m_nu_eV == 0.3
    back = Params(**THREE).replace(flavours=1)            # the settings stay, inert and unwritten
    assert back.moving_relics is True and back.as_dict() == Params().as_dict()


def test_values_are_canonical():
    p = Params.from_mapping({"flavours": "3", "moving_relics": "yes", "lightest_mass_eV": "0", "ordering": "normal"})
    assert p.flavours == 3 and p.moving_relics is True and p.lightest_mass_eV == 0.0


@pytest.mark.parametrize("name, value, needle", [
    ("flavours", 2, "flavours = 2: unknown value; allowed: one of 1, 3"),
    ("flavours", "three", "not an integer"),
    ("ordering", "sideways", "ordering = 'sideways': unknown value; allowed: one of normal, inverted"),
    ("lightest_mass_eV", -0.1, "lightest_mass_eV = -0.1: allowed: [0, 1] eV"),
    ("lightest_mass_eV", 2.0, "allowed: [0, 1] eV"),
    ("moments", "sideways", "moments = 'sideways': unknown value"),
    ("moments", "no/such.yaml", "moments = 'no/such.yaml': no such file"),
    ("nature", "quark", "nature = 'quark': unknown value; allowed: one of dirac, majorana"),
    ("moment_scale", "total", "moment_scale = 'total': unknown value; allowed: one of mu_eff, entry"),
    ("moving_relics", "maybe", "moving_relics = 'maybe': not true or false"),
    ("moving_relics", 1, "not true or false"),
    ("earth_velocity_kms", -1.0, "earth_velocity_kms = -1: allowed: [0, 3000] km/s"),
    ("earth_angle_deg", 200.0, "earth_angle_deg = 200: allowed: [0, 180]"),
])
def test_one_flavour_checks_each_setting_in_one_line(name, value, needle):
    """With one flavour the settings are inert, but each is still a valid value of its catalogue entry."""
    with pytest.raises(P.ParameterError) as err:
        Params(**{name: value})
    message = str(err.value)
    assert "\n" not in message and message.startswith(name) and needle in message, message


@pytest.mark.parametrize("changes, needle", [
    ({"ordering": "sideways"}, "ordering must be one of normal, inverted; got 'sideways'"),
    ({"lightest_mass_eV": 1e-4}, "lightest_mass_eV = 0.0001: allowed: [0.001, 1] (relics at rest need"),
    ({"lightest_mass_eV": -0.1}, "lightest_mass_eV = -0.1: allowed: [0.001, 1]"),
    ({"lightest_mass_eV": -1e-4, "moving_relics": True}, "lightest_mass_eV = -0.0001: allowed: [0, 1]"),
    ({"nature": "quark"}, "nature must be one of dirac, majorana; got 'quark'"),
    ({"nature": "majorana"}, "moments: universal puts moments on the diagonal, which Majorana neutrinos do not have"),
    ({"nature": "majorana", "moments": "flavour-diagonal"}, "moments: a flavour-diagonal matrix has diagonal"),
    ({"moment_scale": "total"}, "moment_scale must be one of mu_eff, entry"),
    ({"moments": "sideways"}, "moments must be one of universal, flavour-diagonal, transition-only or a YAML file"),
    ({"moments": "no/such.yaml"}, "moments: no such file no/such.yaml"),
    ({"moving_relics": "maybe"}, "moving_relics = 'maybe': not true or false"),
    ({"earth_velocity_kms": 370.0},
     "earth_velocity_kms: an Earth velocity through the relic frame needs moving relics"),
    ({"earth_velocity_kms": -1.0, "moving_relics": True}, "earth_velocity_kms = -1.0: allowed: [0, 3000]"),
    ({"earth_angle_deg": 200.0}, "earth_angle_deg = 200.0: allowed: [0, 180]"),
])
def test_three_flavours_check_the_settings_together(changes, needle):
    """flavours=3: the rules of a three-flavour rate, with its messages, one line naming the setting."""
    with pytest.raises(P.ParameterError) as err:
        Params(flavours=3, **changes)
    message = str(err.value)
    named = needle.split(" ")[0].rstrip(":")
    assert "\n" not in message and message.startswith(named) and needle in message, message


def test_settings_allowed_with_three_flavours():
    assert Params(flavours=3, lightest_mass_eV=0.0, moving_relics=True, earth_velocity_kms=369.8).flavours == 3
    assert Params(flavours=3, nature="majorana", moments="transition-only").nature == "majorana"
    # one flavour: the settings are inert, only each value is checked (a lightest mass of 0 at rest is fine)
    assert Params(lightest_mass_eV=0.0, earth_velocity_kms=100.0).flavours == 1
    with pytest.raises(P.ParameterError, match=r"^lightest_mass_eV = 0.0: allowed: \[0.001, 1\]"):
        Params(lightest_mass_eV=0.0).replace(flavours=3)


def test_a_matrix_file_is_a_setting(tmp_path):
    f = tmp_path / "mu.yaml"
    f.write_text("matrix_muB: [[0, 1e-12, 0], [1e-12, 0, 0], [0, 0, 0]]\n")
    p = Params(flavours=3, moments=f)
    assert p.moments == str(f) and p.as_dict()["moments"] == str(f)
