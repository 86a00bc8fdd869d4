"""nubrems.rates.estimates: the two readings of the dimensional estimate and the massless-limit
recipe, against the closed-form and the vegas cross sections of nubrems.rates.cross_sections."""

import math

import numpy as np
import pytest

from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.rates import cross_sections as X
from nubrems.rates import estimates as E
from nubrems.rates import one_flavour as R
from nubrems.sun import spectra as solar

BASE = Params()


@pytest.fixture(scope="module")
def sun():
    """Flux moments of the baseline Sun, and its closed-form leading-order photon count."""
    return E.flux_moments(BASE.solar_model, BASE.spectra), sum(R.leading_order_rate(BASE).values())


# --- the readings against the closed form and vegas ---------------------------------------
@pytest.mark.parametrize("E_MeV", [0.5, 1.0, 10.0, 100.0])
def test_reading_B_over_8_pi_cubed_is_the_massless_nu_nu_cross_section(E_MeV):
    # sigma_L,a -> G_F^2 mu^2 m^2 E^2 / (8 pi^3): the estimate misses only the phase-space number,
    # up to corrections of order m_nu / E
    ratio = X.sigma_leading("nunu", E_MeV, BASE) * 8 * math.pi**3 / E.sigma_estimate_B_cm2(E_MeV**2, BASE)
    assert ratio == pytest.approx(1, abs=10 * BASE.m_nu / (E_MeV * C.MEV))
    # and sigma_L,b / sigma_L,a -> 3/4
    assert X.sigma_leading("nunubar", E_MeV, BASE) / X.sigma_leading("nunu", E_MeV, BASE) \
        == pytest.approx(0.75, rel=1e-5)


@pytest.mark.parametrize("process, weight", [("nunu", 1.0), ("nunubar", 0.75)])
def test_reading_B_over_8_pi_cubed_agrees_with_vegas_full_cross_section(process, weight):
    r = X.cross_section(process, 1.0, BASE, rtol=1e-2, seed=3)
    expected = weight * float(E.sigma_estimate_B_cm2(1.0, BASE)) / (8 * math.pi**3)
    assert abs(r.sigma_cm2 - expected) < 4 * r.sigma_err_cm2


@pytest.mark.parametrize("E_MeV", [0.01, 1.0, 30.0])
def test_reading_A_over_reading_B_is_s_over_E_squared(E_MeV):
    s = 2 * BASE.m_nu * (E_MeV * C.MEV + BASE.m_nu)             # eV^2, relic at rest
    ratio = E.sigma_estimate_A_cm2(E_MeV, BASE) / E.sigma_estimate_B_cm2(E_MeV**2, BASE)
    assert ratio == pytest.approx(s / (E_MeV * C.MEV) ** 2, rel=1e-12)


def test_readings_against_the_closed_form_over_the_solar_spectrum(sun):
    moments, closed = sun
    phi = moments.total_flux_cm2_s
    N_A = E.estimate_photons(phi, E.sigma_estimate_A_cm2(moments.mean_E_MeV, BASE), BASE)
    N_B = E.estimate_photons(phi, E.sigma_estimate_B_cm2(moments.mean_E2_MeV2, BASE), BASE)
    # B is high by the pure number 64 pi^3 / 7 (equal densities), A low by 7<E^2>/(128 pi^3 m <E>)
    assert N_B / closed == pytest.approx(64 * math.pi**3 / 7, rel=1e-4)
    assert E.B_over_leading(BASE) == pytest.approx(64 * math.pi**3 / 7, rel=1e-14)
    massless = 7 * moments.mean_E2_MeV2 / (128 * math.pi**3 * (BASE.m_nu / C.MEV) * moments.mean_E_MeV)
    assert closed / N_A == pytest.approx(massless, rel=1e-4)
    assert E.leading_over_A(moments.mean_E_MeV, moments.mean_E2_MeV2, BASE) == pytest.approx(closed / N_A, rel=1e-4)
    assert 1e3 < closed / N_A < 1e5                      # A falls short by orders of magnitude


def test_the_estimates_are_linear_in_the_moments_so_components_add_up(sun):
    # sigma_A is affine in E and sigma_B linear in E^2: the flux-weighted means give the sum
    moments, _ = sun
    for sigma, each, mean in ((E.sigma_estimate_A_cm2, moments.E_MeV, moments.mean_E_MeV),
                              (E.sigma_estimate_B_cm2, moments.E2_MeV2, moments.mean_E2_MeV2)):
        parts = E.estimate_photons(moments.flux_cm2_s, sigma(each, BASE), BASE)
        total = E.estimate_photons(moments.total_flux_cm2_s, sigma(mean, BASE), BASE)
        assert parts.shape == (len(solar.COMPONENTS),)
        assert np.sum(parts) == pytest.approx(total, rel=1e-12)


# --- scalings --------------------------------------------------------------------------
@pytest.mark.parametrize("name, factor, power_A, power_B", [
    ("mu_nu_muB", 3.0, 2, 2),     # both readings ~ mu^2
    ("m_nu_eV", 2.0, 3, 2),       # A ~ s m^2 ~ m^3 (m << E), B ~ m^2
])
def test_readings_scale_with_moment_and_mass(name, factor, power_A, power_B):
    changed = BASE.replace(**{name: getattr(BASE, name) * factor})
    E_MeV = 5.0
    ratio_A = E.sigma_estimate_A_cm2(E_MeV, changed) / E.sigma_estimate_A_cm2(E_MeV, BASE)
    ratio_B = E.sigma_estimate_B_cm2(E_MeV**2, changed) / E.sigma_estimate_B_cm2(E_MeV**2, BASE)
    assert ratio_A == pytest.approx(factor**power_A, rel=1e-6)
    assert ratio_B == pytest.approx(factor**power_B, rel=1e-14)


def test_readings_grow_like_E_and_E_squared():
    assert E.sigma_estimate_A_cm2(10.0) / E.sigma_estimate_A_cm2(1.0) == pytest.approx(10, rel=1e-6)
    values = E.sigma_estimate_B_cm2(np.array([1.0, 10.0, 100.0]) ** 2)
    assert values[1:] / values[:-1] == pytest.approx([100, 100], rel=1e-14)


@pytest.mark.parametrize("name, factor, power", [("mu_nu_muB", 2.0, 2), ("xi", 3.0, 1), ("m_nu_eV", 2.0, 2),
                                                 ("volume_km3", 5.0, 1), ("years", 0.5, 1)])
def test_recipe_and_closed_form_scale_alike(name, factor, power):
    # the recipe: exact powers; the closed form of a monochromatic beam: the same to O(m/E)
    changed = BASE.replace(**{name: getattr(BASE, name) * factor})
    assert E.recipe_photons(1e10 * 25.0, changed) / E.recipe_photons(1e10 * 25.0, BASE) \
        == pytest.approx(factor**power, rel=1e-13)
    closed = E.monochromatic_photons(5.0, 1e10, changed) / E.monochromatic_photons(5.0, 1e10, BASE)
    assert closed == pytest.approx(factor**power, rel=1e-6)


def test_estimate_photons_is_linear_in_density_flux_and_exposure():
    p = BASE.replace(n_nu_cm3=10.0, n_nubar_cm3=30.0, xi=2.0, volume_km3=3.0, years=0.5)
    expected = 2.0 * 40.0 * 1e10 * 1e-50 * p.exposure_cm3_s
    assert E.estimate_photons(1e10, 1e-50, p) == pytest.approx(expected, rel=1e-14)
    assert p.exposure_cm3_s == pytest.approx(1.5e15 * 365.25 * 86400, rel=1e-14)


# --- the recipe against the closed form ---------------------------------------------------
@pytest.mark.parametrize("E_MeV", [0.3, 4.0, 3000.0])
def test_recipe_is_the_closed_form_of_a_monochromatic_beam(E_MeV):
    recipe = E.recipe_photons(1e12 * E_MeV**2, BASE)
    closed = E.monochromatic_photons(E_MeV, 1e12, BASE)
    assert closed / recipe == pytest.approx(1, abs=10 * BASE.m_nu / (E_MeV * C.MEV))


def test_recipe_reproduces_the_closed_form_over_the_solar_spectrum(sun):
    moments, closed = sun
    recipe = E.recipe_photons(moments.total_flux_cm2_s * moments.mean_E2_MeV2, BASE)
    assert recipe == pytest.approx(closed, rel=1e-5)


def test_recipe_with_unequal_densities_weighs_the_two_processes():
    # n_nubar = 0: only nu nu -> sigma_L,a = coefficient / 32 E^2; n_nu = 0: only 3/128
    for p, process in ((BASE.replace(n_nubar_cm3=0.0), "nunu"), (BASE.replace(n_nu_cm3=0.0), "nunubar")):
        density = p.relic_density_cm3(process)
        closed = density * X.sigma_leading(process, 8.0, p) * 1e9 * p.exposure_cm3_s
        assert E.recipe_photons(1e9 * 64.0, p) == pytest.approx(closed, rel=1e-5)


def test_recipe_flux_gives_the_requested_photons():
    energies = np.array([0.1, 10.0, 1e4])
    flux = E.recipe_flux_cm2_s(energies, BASE, photons=2.5)
    assert E.recipe_photons(flux * energies**2, BASE) == pytest.approx([2.5] * 3, rel=1e-13)
    assert flux[0] / flux[1] == pytest.approx(1e4, rel=1e-13)             # 1 / E^2


def test_monochromatic_beam_is_dark_below_threshold():
    assert E.monochromatic_photons(1.9 * BASE.m_nu / C.MEV, 1e12, BASE) == 0.0


# --- relics on relics -------------------------------------------------------------------
def test_distinct_states_factor_limits():
    assert E.distinct_states_factor(BASE.replace(n_nubar_cm3=0.0)) == pytest.approx(0.5, rel=1e-15)
    assert E.distinct_states_factor(BASE.replace(n_nu_cm3=0.0)) == pytest.approx(0.25, rel=1e-15)
    assert 0.25 < E.distinct_states_factor(BASE) < 0.5
    assert E.distinct_states_factor(BASE) == pytest.approx((1 / 64 + 3 / 512) / (7 / 128), rel=1e-14)


def test_cnb_flux_is_about_25_times_the_solar_flux(sun):
    # the paper's factor of about 25 for the standard density n = 56 cm^-3 per species
    moments, _ = sun
    assert E.cnb_flux_cm2_s(BASE) == pytest.approx(56.0 * 2.99792458e10, rel=1e-12)
    assert 24 < E.cnb_flux_cm2_s(BASE) / moments.total_flux_cm2_s < 27


# --- the moments of the source -------------------------------------------------------------
def test_flux_moments_of_lines_and_totals():
    m = E.flux_moments("B16-GS98", "thermal", ["pep", "7Be", "8B"])
    assert m.components == ("pep", "7Be", "8B")
    assert m.E2_MeV2[0] == pytest.approx(1.442**2, rel=1e-3)       # the pep line at 1.442 MeV
    assert m.E_MeV[0] ** 2 == pytest.approx(m.E2_MeV2[0], rel=1e-12)   # a line has no spread
    # 7Be: 0.8618 MeV (89.7 %) and 0.3843 MeV (10.3 %)
    assert m.E_MeV[1] == pytest.approx(0.897 * 0.8618 + 0.103 * 0.3843, rel=2e-3)
    assert m.total_flux_cm2_s == pytest.approx(sum(solar.total_flux(c) for c in m.components), rel=1e-14)
    assert min(m.E_MeV) < m.mean_E_MeV < max(m.E_MeV)
    assert m.mean_E2_MeV2 >= m.mean_E_MeV**2                        # a variance is >= 0


# --- refusals -------------------------------------------------------------------------------
@pytest.mark.parametrize("call, message", [
    (lambda: E.sigma_estimate_A_cm2(1e-8), r"^energy_MeV must be finite energies above m_nu = 0.1 eV"),
    (lambda: E.sigma_estimate_A_cm2(math.nan), r"^energy_MeV must be finite energies above"),
    (lambda: E.sigma_estimate_B_cm2(-1.0), r"^E2_MeV2 must be finite second moments >= 0"),
    (lambda: E.estimate_photons(-1.0, 1e-50), r"^flux_cm2_s must be finite fluxes >= 0"),
    (lambda: E.recipe_photons("many"), r"^flux_E2_MeV2 must be finite values >= 0"),
    (lambda: E.recipe_flux_cm2_s(0.0), r"^energy_MeV must be finite energies > 0"),
    (lambda: E.recipe_flux_cm2_s(1.0, photons=0), r"^photons must be a positive finite number"),
    (lambda: E.monochromatic_photons(True, 1.0), r"^energy_MeV must be a positive finite number \(MeV\)"),
    (lambda: E.monochromatic_photons(1.0, math.inf), r"^flux_cm2_s must be a finite flux >= 0"),
    (lambda: E.leading_over_A(0.0, 1.0), r"^E_mean_MeV must be a positive finite number"),
    (lambda: E.flux_moments(components=[]), r"^components must name at least one"),
    (lambda: E.sigma_estimate_B_cm2(1.0, {"m_nu_eV": 0.1}), r"^params must be a nubrems Params"),
])
def test_refusals_are_one_line_value_errors(call, message):
    with pytest.raises(ValueError, match=message) as info:
        call()
    assert "\n" not in str(info.value)
