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
