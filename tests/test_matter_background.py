"""Bremsstrahlung off residual matter: the ideal gas, the elastic cross section against a hand
calculation, linearity in the pressure, the photon histogram and bad input."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from nubrems.studies import matter_background as MB
from nubrems.sun import spectra as solar


def test_electron_density_is_the_ideal_gas_law():
    # n = P / (k_B T) molecules per m^3, two electrons each (H2), 1e-6 m^3 per cm^3:
    # 1e-10 Pa / (1.380649e-23 J/K x 293 K) = 2.47200e10 m^-3 -> 4.94401e4 electrons per cm^3
    assert MB.electron_density_cm3(1e-10) == pytest.approx(4.94401e4, rel=1e-5)
    assert MB.electron_density_cm3(1e-10, electrons_per_molecule=1) == pytest.approx(2.47200e4, rel=1e-5)
    assert MB.electron_density_cm3(2e-10, 586.0) == pytest.approx(MB.electron_density_cm3(1e-10), rel=1e-14)


def test_couplings():
    s = MB.SIN2_THETA_W
    assert MB.couplings("e") == (0.5 + 2 * s, 0.5)                # charged + neutral current
    assert MB.couplings("mu") == MB.couplings("tau") == (-0.5 + 2 * s, -0.5)


def test_elastic_cross_section_by_hand_at_1_MeV():
    # High-energy form, nu_e at E = 1 MeV, by hand:
    #   g_V = 1/2 + 2 x 0.23868 = 0.97736, g_A = 1/2
    #   (g_V + g_A)^2 + (g_V - g_A)^2 / 3 = 2.18259 + 0.07596 = 2.25855
    #   G_F^2 m_e E / (2 pi) = (1.16638e-23 eV^-2)^2 x 0.510999e6 eV x 1e6 eV / (2 pi)
    #                        = 1.10642e-35 eV^-2
    #   sigma = 2.25855 x 1.10642e-35 eV^-2 x (1.97327e-5 eV cm)^2 = 9.7302e-45 cm^2
    # (the textbook 9.5e-45 (E / MeV) cm^2 of sin^2 theta_W = 0.23 is 2 % lower).
    assert MB.elastic_cross_section_cm2(1.0, exact=False) == pytest.approx(9.7302e-45, rel=2e-4)
    # With the recoil kinematics: T_max = 2 E^2 / (m_e + 2 E) = 0.796496 MeV, and the bracket
    #   2.18259 T_max + 0.22788 (E/3) (1 - (1 - T_max/E)^3) - 0.70531 m_e T_max^2 / (2 E^2)
    #   = 1.73843 + 0.07532 - 0.11432 = 1.69943 MeV  ->  sigma = 1.69943 / 2.25855 x 9.7302e-45
    #   = 7.3214e-45 cm^2
    assert MB.elastic_cross_section_cm2(1.0) == pytest.approx(7.3214e-45, rel=2e-4)


def test_elastic_cross_section_grows_linearly_with_energy():
    E = np.array([0.3, 1.0, 100.0, 1000.0])
    fast = MB.elastic_cross_section_cm2(E, exact=False)
    assert fast / E == pytest.approx(np.full(4, fast[0] / E[0]), rel=1e-13)     # exactly linear
    exact = MB.elastic_cross_section_cm2(E)
    assert np.all(exact < fast)                                  # T_max < E: less phase space
    # linear for E >> m_e: the corrections are of order m_e / E
    assert exact[3] / exact[2] == pytest.approx(10.0, rel=1e-2)
    assert exact[3] / fast[3] == pytest.approx(1.0, rel=2e-3)
    # neutral current only: smaller, by [(g_V+g_A)^2 + (g_V-g_A)^2/3] of each at E >> m_e
    (ve, ae), (vm, am) = MB.couplings("e"), MB.couplings("mu")
    high_energy = ((vm + am) ** 2 + (vm - am) ** 2 / 3) / ((ve + ae) ** 2 + (ve - ae) ** 2 / 3)
    for flavour in ("mu", "tau"):
        ratio = MB.elastic_cross_section_cm2(E, flavour) / exact
        assert np.all(ratio < 0.3) and ratio[-1] == pytest.approx(high_energy, rel=2e-3)


def test_rate_is_linear_in_pressure_and_alpha_over_pi_of_the_recoils():
    low, high = MB.matter_background(1e-10), MB.matter_background(3e-8)
    assert high.photons_per_km3_per_year / low.photons_per_km3_per_year == pytest.approx(300.0, rel=1e-12)
    assert low.photons_per_km3_per_year == pytest.approx(low.recoils_per_km3_per_year * MB.C.ALPHA / math.pi,
                                                         rel=1e-14)
    assert set(low.recoils_by_component) == set(solar.COMPONENTS)
    assert low.as_dict()["photons_per_km3_per_year"] == low.photons_per_km3_per_year


def test_rate_by_hand_for_the_7Be_line():
    # one line component: n_e x 1 km^3 x 1 yr x phi(7Be, 862 keV line) x sigma_e(0.8618 MeV)
    p = MB.matter_background(1e-10, oscillations=False)
    E, w = solar.quadrature("7Be")
    expected = sum(MB.electron_density_cm3(1e-10) * 1e15 * 365.25 * 86400 * wi
                   * float(MB.elastic_cross_section_cm2(Ei)) for Ei, wi in zip(E, w, strict=True))
    assert p.recoils_by_component["7Be"] == pytest.approx(expected, rel=1e-12)
    # oscillations turn part of the nu_e into nu_mu, nu_tau, whose cross section is smaller
    assert MB.matter_background(1e-10).recoils_by_component["7Be"] < 0.8 * expected


def test_photon_histogram_adds_up_to_the_rate():
    e = np.concatenate([[0.0], np.geomspace(1e-6, 20.0, 30)])
    t = np.concatenate([[0.0], np.geomspace(1e-7, math.pi, 30)])
    h = MB.photon_histogram(2e-9, e, t)
    assert h.shape == (30, 30) and np.all(h >= 0)
    assert h.sum() == pytest.approx(MB.matter_background(2e-9).photons_per_km3_per_year, rel=1e-10)
    # the photons spread over radians: almost none within a milliradian
    inside = h[:, t[1:] <= 1e-3].sum() / h.sum()
    assert inside < 1e-4


def test_angular_model():
    assert MB.angular_scale_rad(2 * MB.C.M_E / MB.C.MEV) == pytest.approx(1.0, rel=1e-12)
    assert MB.angular_scale_rad(1e-6) == pytest.approx(math.pi)          # soft photons: everywhere
    assert MB.angle_cdf(math.pi, 1e-6) == 1.0
    small = MB.angle_cdf(1e-3, 10.0)                                     # (theta / theta_e)^2
    assert small == pytest.approx((1e-3 / MB.angular_scale_rad(10.0)) ** 2, rel=1e-2)


@pytest.mark.parametrize("bad", [0.0, -1e-10, float("nan"), float("inf"), "1e-10", True, None])
def test_bad_pressure_names_the_parameter(bad):
    with pytest.raises(ValueError, match="pressure_Pa"):
        MB.matter_background(bad)
    with pytest.raises(ValueError, match="pressure_Pa"):
        MB.electron_density_cm3(bad)


def test_other_bad_input():
    with pytest.raises(ValueError, match="temperature_K"):
        MB.electron_density_cm3(1e-10, temperature_K=0.0)
    with pytest.raises(ValueError, match="flavour"):
        MB.couplings("sterile")
    with pytest.raises(ValueError, match="E_MeV"):
        MB.elastic_cross_section_cm2(-1.0)
    with pytest.raises(ValueError, match="energy_edges_MeV"):
        MB.photon_histogram(1e-10, [1.0, 0.5], [0.0, 1.0])
    with pytest.raises(ValueError, match="angle_edges_rad"):
        MB.photon_histogram(1e-10, [0.0, 1.0], [0.0, 4.0])


# --- bremsstrahlung of the recoil electrons ---------------------------------------------------
def test_radiation_length_of_hydrogen():
    # Particle Data Group, Atomic and nuclear properties of materials: hydrogen gas, 63.04 g cm^-2
    assert MB.radiation_length_g_cm2() == pytest.approx(63.04, rel=2e-4)
    # H2 at 1e-10 Pa and 293 K: P / (k_B T) x 2 x 1.00794 g/mol / N_A
    rho = 1e-10 / (MB.sc.k * 293.0) * 1e-6 * 2 * 1.00794 / MB.sc.N_A
    assert MB.gas_density_g_cm3(1e-10) == pytest.approx(rho, rel=1e-12)


@pytest.mark.parametrize("flavour", ["e", "mu"])
@pytest.mark.parametrize("E", [0.05, 0.3, 0.8618, 10.0])
def test_recoil_spectrum_integrates_to_the_cross_section(E, flavour):
    me = MB.C.M_E / MB.C.MEV
    T_max = 2 * E**2 / (me + 2 * E)
    total, _ = quad(lambda T: float(MB.elastic_differential_cm2(E, T, flavour)), 0, T_max,
                    epsabs=0, epsrel=1e-11)
    assert total == pytest.approx(float(MB.elastic_cross_section_cm2(E, flavour)), rel=1e-9)
    assert MB.elastic_differential_cm2(E, 1.0001 * T_max, flavour) == 0.0
    # at T = 0 the bracket is (g_V + g_A)^2 + (g_V - g_A)^2
    gV, gA = MB.couplings(flavour)
    at_zero = MB.C.G_F**2 * MB.C.M_E / (2 * math.pi) * ((gV + gA) ** 2 + (gV - gA) ** 2) / MB.C.CM2 * MB.C.MEV
    assert float(MB.elastic_differential_cm2(E, 0.0, flavour)) == pytest.approx(at_zero, rel=1e-12)


def test_bremsstrahlung_photons_closed_form():
    me = MB.C.M_E / MB.C.MEV
    for T in (0.005, 0.2, 1.5):
        E = T + me
        numeric, _ = quad(lambda k, E=E: (4 / 3 - 4 / 3 * k / E + (k / E) ** 2) / k, 1e-3, T, epsrel=1e-12)
        assert float(MB.bremsstrahlung_photons(T, 2e-16, 1e-3)) == pytest.approx(2e-16 * numeric, rel=1e-10)
    assert np.all(MB.bremsstrahlung_photons([0.0, 5e-4, 1e-3], 1.0, 1e-3) == 0.0)   # nothing above T
    assert MB.bremsstrahlung_photons(0.3, 3.0) == pytest.approx(3 * MB.bremsstrahlung_photons(0.3, 1.0), rel=1e-14)


@pytest.mark.slow
def test_recoil_bremsstrahlung_by_hand_and_its_scaling():
    """Independently: at every solar quadrature node an adaptive integral over the recoil
    energy (all nu_e); then the scalings (path, pressure squared) and the comparison with the
    alpha/pi estimate of the radiative scatterings."""
    P, L, k0 = 1e-10, 1000.0, 1e-3
    t = MB.gas_density_g_cm3(P) * 1e2 * L / MB.radiation_length_g_cm2()
    me = MB.C.M_E / MB.C.MEV
    total = 0.0
    for comp in solar.COMPONENTS:
        E, w = solar.quadrature(comp)
        for Ei, wi in zip(np.asarray(E, dtype=float), w, strict=True):
            T_max = 2 * Ei**2 / (me + 2 * Ei)
            if T_max > k0:
                inner, _ = quad(lambda T, Ei=Ei: float(MB.elastic_differential_cm2(Ei, T)
                                                        * MB.bremsstrahlung_photons(T, t, k0)),
                                k0, T_max, epsabs=0, epsrel=1e-9, limit=200)
                total += wi * inner
    expected = MB.electron_density_cm3(P) * 1e15 * 365.25 * 86400 * total
    assert MB.recoil_bremsstrahlung(P, L, k0, oscillations=False) == pytest.approx(expected, rel=1e-6)
    base = MB.recoil_bremsstrahlung(P)
    assert MB.recoil_bremsstrahlung(P, path_m=250.0) == pytest.approx(base / 4, rel=1e-12)
    assert MB.recoil_bremsstrahlung(10 * P) == pytest.approx(100 * base, rel=1e-12)
    assert MB.recoil_bremsstrahlung(P, k_min_MeV=1e-2) < base
    assert base < 1e-10 * MB.matter_background(P).photons_per_km3_per_year


@pytest.mark.parametrize("name, kwargs", [("path_m", {"path_m": 0.0}), ("path_m", {"path_m": "1 km"}),
                                          ("k_min_MeV", {"k_min_MeV": -1e-3}),
                                          ("n_recoil", {"n_recoil": 2}), ("n_recoil", {"n_recoil": 48.0}),
                                          ("pressure_Pa", {"pressure_Pa": float("nan")})])
def test_recoil_bremsstrahlung_bad_input_names_the_parameter(name, kwargs):
    args = {"pressure_Pa": 1e-10} | kwargs
    with pytest.raises(ValueError, match=name):
        MB.recoil_bremsstrahlung(**args)
    with pytest.raises(ValueError, match="thickness_X0"):
        MB.bremsstrahlung_photons(0.1, 0.0)
    with pytest.raises(ValueError, match="T_MeV"):
        MB.elastic_differential_cm2(1.0, -0.1)
    with pytest.raises(ValueError, match="T_MeV"):
        MB.bremsstrahlung_photons(float("nan"), 1.0)


def test_recoil_bremsstrahlung_only_in_a_thin_gas():
    # rho L S_min by hand; at 1 km the estimate holds up to about 3 Pa
    loss = MB.recoil_energy_loss_MeV(1.0)
    assert loss == pytest.approx(MB.gas_density_g_cm3(1.0) * 1e5 * 4.103, rel=1e-12)
    assert MB.recoil_energy_loss_MeV(1.0, path_m=10.0) == pytest.approx(loss / 100, rel=1e-12)
    assert MB.recoil_energy_loss_MeV(2.5) < MB.K_MIN_MEV < MB.recoil_energy_loss_MeV(3.5)
    assert MB.recoil_bremsstrahlung(2.5) > 0
    with pytest.raises(ValueError, match=r"pressure_Pa.*thin-gas"):
        MB.recoil_bremsstrahlung(3.5)
    assert MB.recoil_bremsstrahlung(3.5, path_m=10.0) > 0


def test_the_study_takes_the_parameters():
    """Solar model, spectra and ordering come from one Params; the rest of it does not matter."""
    from nubrems.core.params import Params

    assert MB.matter_background(1e-10, Params()) == MB.matter_background(1e-10)
    assert MB.matter_background(1e-10, Params(xi=5.0, m_nu_eV=0.8)) == MB.matter_background(1e-10)
    base = MB.matter_background(1e-10).recoils_per_km3_per_year
    for changes in ({"solar_model": "B16-AGSS09met"}, {"spectra": "laboratory"}, {"ordering": "inverted"}):
        other = MB.matter_background(1e-10, Params(**changes)).recoils_per_km3_per_year
        assert other != base and other == pytest.approx(base, rel=0.2), changes
    p = Params(ordering="inverted", solar_model="B16-AGSS09met")
    e, t = np.array([0.0, 0.1, 20.0]), np.array([0.0, math.pi])
    assert MB.photon_histogram(1e-10, e, t, p).sum() == pytest.approx(
        MB.matter_background(1e-10, p).photons_per_km3_per_year, rel=1e-10)
    assert MB.recoil_bremsstrahlung(1e-10, params=p) != MB.recoil_bremsstrahlung(1e-10)
    # the old positional solar model is refused in one line, not silently misread
    with pytest.raises(ValueError, match=r"^params must be a nubrems Params or None; got 'B16-GS98'"):
        MB.matter_background(1e-10, "B16-GS98")
