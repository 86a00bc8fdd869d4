"""Constants against published values (CODATA 2022, PDG 2024) and the SM moment."""

import math

import pytest
from scipy import constants as sc

from nubrems.core import constants as C


def test_codata_2022_values():
    # CODATA 2022 (Mohr et al., Rev. Mod. Phys. 97, 025002 (2025)).
    assert C.CODATA_VERSION == "2022"
    assert C.M_E == pytest.approx(0.51099895069e6, rel=1e-12)
    assert 1.0 / C.ALPHA == pytest.approx(137.035999177, rel=1e-11)
    assert C.G_F == pytest.approx(1.1663787e-5 * 1e-18, rel=1e-9)
    assert C.HBARC_EV_CM == pytest.approx(197.3269804e6 * 1e-13, rel=1e-9)


def test_bohr_magneton_matches_si_value():
    """e/(2 m_e) in Heaviside-Lorentz natural units equals the SI magneton in eV/T
    divided by one tesla expressed in eV^2 (from the field energy density B^2/(2 mu_0))."""
    e_si, mu0 = sc.e, sc.mu_0
    hbarc_eV_m = sc.hbar * sc.c / e_si
    tesla_in_eV2 = math.sqrt(hbarc_eV_m**3 / (mu0 * e_si))  # ~195.35 eV^2
    mu_B_si = sc.physical_constants["Bohr magneton in eV/T"][0]
    assert tesla_in_eV2 == pytest.approx(195.35, rel=1e-4)
    assert C.MU_B == pytest.approx(mu_B_si / tesla_in_eV2, rel=1e-9)


def test_unit_conversions():
    assert C.CM * C.HBARC_EV_CM == pytest.approx(1.0, rel=1e-15)
    assert C.KM3 == pytest.approx(1e15 * C.CM3, rel=1e-14)
    assert C.YEAR_S == 31_557_600.0
    # 1 GeV^-2 = 0.3893793721 mb (PDG 2024, "(hbar c)^2").
    assert (1e-18 / C.CM2) / 1e-27 == pytest.approx(0.3893793721, rel=1e-9)
    # 1 s = 1.519267447e15 eV^-1.
    assert C.SECOND == pytest.approx(1.519267447e15, rel=1e-9)


def test_sm_dirac_moment_published_value():
    # Fujikawa & Shrock (1980): mu = 3 e G_F m / (8 sqrt2 pi^2) = 3.2e-19 mu_B (m / eV).
    assert C.sm_dirac_moment(1.0) / C.MU_B == pytest.approx(3.2e-19, rel=0.01)
    # Linear in the mass, and equal to the form in Bohr magnetons 3 G_F m_e m/(4 sqrt2 pi^2).
    assert C.sm_dirac_moment(0.1) == pytest.approx(0.1 * C.sm_dirac_moment(1.0), rel=1e-15)
    in_muB = 3 * C.G_F * C.M_E * 0.1 / (4 * math.sqrt(2) * math.pi**2)
    assert C.sm_dirac_moment(0.1) / C.MU_B == pytest.approx(in_muB, rel=1e-14)


@pytest.mark.parametrize("bad", [0.0, -0.1, float("nan")])
def test_sm_dirac_moment_rejects_bad_mass(bad):
    with pytest.raises(ValueError, match="m_nu_eV"):
        C.sm_dirac_moment(bad)
