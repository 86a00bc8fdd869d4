"""The thermal shift of the pp and hep spectra (nubrems.sun.thermal) and the temperature profile of
the solar interior it uses (nubrems.sun.interior.temperature_K)."""

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import minimize_scalar

from nubrems.sun import interior as SI
from nubrems.sun import nuclear
from nubrems.sun import spectra as S
from nubrems.sun import thermal as TH

#: Temperatures (K) of the B16-GS98 structure table, struct_b16_gs98.dat (Vinyoles et al. 2017,
#: ApJ 835, 202), at radii in R_sun: some of the values the fit was made to.
B16_GS98_T = {0.0005: 1.560e7, 0.05: 1.483e7, 0.10: 1.308e7, 0.15: 1.112e7, 0.20: 9.367e6,
              0.25: 7.926e6, 0.30: 6.776e6, 0.35: 5.860e6, 0.40: 5.119e6, 0.50: 3.991e6}

REACTIONS = ("pp", "hep")
TEMPERATURES = (6.0e6, 1.3e7, 1.56e7)


# --- the temperature profile ------------------------------------------------------------------
def test_temperature_fit_reproduces_the_model():
    r = np.array(list(B16_GS98_T))
    T = np.array(list(B16_GS98_T.values()))
    assert np.max(np.abs(SI.temperature_K(r) / T - 1)) < 1.1e-3     # the stated 0.11 %


def test_temperature_falls_outwards_and_is_defined_where_production_is():
    r = np.linspace(0, SI.R_MAX, 201)
    T = SI.temperature_K(r)
    assert np.all(np.diff(T) < 0)
    with pytest.raises(ValueError, match="solar radii"):
        SI.temperature_K(0.6)


# --- the Gamow distribution -------------------------------------------------------------------
@pytest.mark.parametrize("component, mu_u", [("pp", 0.5036), ("hep", 0.7550)])
def test_barrier_constant(component, mu_u):
    # b = 31.29 Z1 Z2 sqrt(mu / u) keV^(1/2)
    f = TH.REACTIONS[component]
    assert TH.gamow_b(component) == pytest.approx(31.29 * f.Z1 * f.Z2 * math.sqrt(mu_u), rel=2e-4)


@pytest.mark.parametrize("component", REACTIONS)
@pytest.mark.parametrize("T", TEMPERATURES)
def test_gamow_distribution_is_normalised(component, T):
    EG = float(TH.gamow_peak_keV(component, T))
    total, _ = quad(lambda e: float(TH.gamow_density(component, e, T)), 0, 40 * EG, points=[EG],
                    epsabs=0, epsrel=1e-11, limit=200)
    assert total == pytest.approx(1.0, rel=1e-9)
    _, w = TH.gamow_nodes(component, T)
    assert w.sum() == pytest.approx(1.0, rel=1e-14) and np.all(w >= 0)


@pytest.mark.parametrize("component", REACTIONS)
@pytest.mark.parametrize("T", TEMPERATURES)
def test_gamow_peak_is_analytic(component, T, monkeypatch):
    """With a constant S the distribution peaks at E_G = (b kT / 2)^(2/3)."""
    monkeypatch.setitem(TH.REACTIONS, component, TH.REACTIONS[component]._replace(s_slope_per_MeV=0.0))
    EG = float(TH.gamow_peak_keV(component, T))
    assert EG == pytest.approx((0.5 * TH.gamow_b(component) * TH.K_B_KEV * T) ** (2 / 3), rel=1e-14)
    peak = minimize_scalar(lambda e: -float(TH.gamow_density(component, e, T)), bounds=(0.2 * EG, 5 * EG),
                           method="bounded", options={"xatol": 1e-9 * EG})
    assert peak.x == pytest.approx(EG, rel=1e-6)


@pytest.mark.parametrize("component", REACTIONS)
@pytest.mark.parametrize("T", TEMPERATURES)
def test_gamow_mean_against_adaptive_quadrature(component, T):
    f = TH.REACTIONS[component]
    kT, b, s = TH.K_B_KEV * T, TH.gamow_b(component), f.s_slope_per_MeV * 1e-3
    EG = float(TH.gamow_peak_keV(component, T))

    def g(e: float) -> float:
        return math.exp(-e / kT - b / math.sqrt(e) + 3 * EG / kT) * (1 + s * e)

    Z, _ = quad(g, 0, 40 * EG, points=[EG], epsabs=0, epsrel=1e-12, limit=200)
    M, _ = quad(lambda e: e * g(e), 0, 40 * EG, points=[EG], epsabs=0, epsrel=1e-12, limit=200)
    assert float(TH.gamow_mean_keV(component, T)) == pytest.approx(M / Z, rel=1e-9)


def test_gamow_nodes_are_vectorised():
    T = np.array([[7e6, 1.1e7], [1.3e7, 1.56e7]])
    E, w = TH.gamow_nodes("pp", T, n=32)
    assert E.shape == w.shape == (2, 2, 32)
    E1, w1 = TH.gamow_nodes("pp", 1.3e7, n=32)
    np.testing.assert_allclose(E[1, 0], E1, rtol=1e-14)
    np.testing.assert_allclose(w[1, 0], w1, rtol=1e-13)


@pytest.mark.parametrize("component", REACTIONS)
def test_production_average(component):
    """The merged rule equals the radius-by-radius average, and converges."""
    E, W = TH.energy_nodes(component)
    assert W.sum() == pytest.approx(1.0, rel=1e-14)
    r, wr = SI.production_nodes(component)
    by_radius = float(np.sum(wr * TH.gamow_mean_keV(component, SI.temperature_K(r), n=96)))
    assert float(np.sum(E * W)) == pytest.approx(by_radius, rel=1e-10)
    E2, W2 = TH.energy_nodes(component, n=96)
    assert float(np.sum(E2 * W2)) == pytest.approx(by_radius, rel=1e-10)


# --- the spectra ------------------------------------------------------------------------------
@pytest.mark.parametrize("component", REACTIONS)
@pytest.mark.parametrize("T_K", [None, 1.56e7])
def test_shifted_spectrum_is_normalised(component, T_K):
    E0 = nuclear.DECAYS[component]["E0"]
    Ek, _ = TH.energy_nodes(component, T_K)
    top = E0 + 1e-3 * Ek.max()
    total, _ = quad(lambda e: float(TH.shape(component, e, T_K)), 0, top, points=[E0], epsabs=0,
                    epsrel=1e-10, limit=400)
    assert total == pytest.approx(1.0, rel=1e-7)
    assert np.all(TH.shape(component, np.array([0.0, top * 1.0001])) == 0)


@pytest.mark.parametrize("component", REACTIONS)
def test_zero_temperature_is_the_laboratory_spectrum(component):
    E0 = nuclear.DECAYS[component]["E0"]
    E = np.linspace(0, 1.01 * E0, 1001)
    lab = S.shape(component, E, spectra="laboratory")
    np.testing.assert_allclose(TH.shape(component, E, T_K=0.0), lab, rtol=1e-7, atol=1e-12 * lab.max())
    assert TH.mean_energy(component, T_K=0.0) == pytest.approx(S.mean_energy(component, spectra="laboratory"),
                                                               rel=1e-10)
    assert TH.endpoint(component, T_K=0.0) == E0
    # and T -> 0 approaches it as the Gamow energy, T^(2/3)
    d4, d3 = (np.max(np.abs(TH.shape(component, E, T_K=T) - lab)) / lab.max() for T in (1e4, 1e3))
    assert d3 < 2e-3
    assert 10 ** (2 / 3) * 0.8 < d4 / d3 < 10 ** (2 / 3) * 1.2


@pytest.mark.parametrize("component", REACTIONS)
@pytest.mark.parametrize("T_K", [None, 1.56e7])
def test_mean_shift_is_endpoint_slope_times_mean_energy(component, T_K):
    """<E_nu>_thermal - <E_nu>_lab = d<E_nu>/dE_0 <E> + O(<E^2>)."""
    D = TH.endpoint_derivative(component)
    assert D == pytest.approx(TH.endpoint_derivative(component, 1e-3), rel=1e-6)  # finite differences converged
    shift = TH.mean_energy(component, T_K) - S.mean_energy(component, spectra="laboratory")
    E_mean = 1e-3 * TH.mean_relative_energy_keV(component, T_K)
    assert shift / E_mean == pytest.approx(D, rel=2e-3)


def test_endpoint_slopes():
    # the neutrino's share of extra energy: 2/3 for a slow positron, 1/2 for a relativistic one
    assert TH.endpoint_derivative("pp") == pytest.approx(0.6050, abs=1e-4)
    assert TH.endpoint_derivative("hep") == pytest.approx(0.5009, abs=1e-4)


def test_solar_values():
    """The numbers of the module docstring (B16-GS98 interior)."""
    assert TH.mean_relative_energy_keV("pp") == pytest.approx(6.197, abs=1e-3)
    assert TH.mean_relative_energy_keV("hep") == pytest.approx(9.868, abs=1e-3)
    assert TH.mean_energy("pp") == pytest.approx(0.26863, abs=1e-5)
    assert TH.mean_energy("hep") == pytest.approx(9.62997, abs=1e-5)
    assert TH.mean_energy("pp") / 0.2668 - 1 == pytest.approx(0.0069, abs=2e-4)  # Bahcall 1997: 0.2668


@pytest.mark.parametrize("component", REACTIONS)
@pytest.mark.parametrize("T_K", [None, 1.56e7])
def test_measure_integrates_the_shape(component, T_K):
    """The discrete measure: weights sum to 1, its first moment is mean_energy, and it
    integrates a smooth function as the adaptive quadrature of the shape does."""
    E, w = TH.measure(component, T_K)
    assert E.shape == w.shape == (64 * 400,) and np.all(w >= 0)
    assert w.sum() == pytest.approx(1.0, rel=1e-13)
    assert np.sum(w * E) == pytest.approx(TH.mean_energy(component, T_K), rel=1e-12)
    top = TH.endpoint(component, T_K)
    assert E.max() < top and TH.shape(component, top, T_K) == 0
    E0 = nuclear.DECAYS[component]["E0"]
    ends = [E0, *(E0 + 1e-3 * TH.energy_nodes(component, T_K)[0])]
    exact, _ = quad(lambda e: float(TH.shape(component, e, T_K)) * math.exp(-e / E0), 0, top, points=ends,
                    epsabs=0, epsrel=1e-10, limit=2000)
    assert np.sum(w * np.exp(-E / E0)) == pytest.approx(exact, rel=1e-9)


# --- the motion of the centre of mass -----------------------------------------------------------
@pytest.mark.parametrize("T", [1.3e7, 1.56e7])
@pytest.mark.parametrize("M_MeV", [2 * 938.272, 3747.6])
def test_doppler_shift_is_second_order(T, M_MeV):
    expected = 1.5 * TH.K_B_KEV * T / (1e3 * M_MeV)
    assert TH.doppler_mean_shift(T, M_MeV) == pytest.approx(expected, rel=1e-5)
    assert TH.doppler_mean_shift(1.56e7, 2 * 938.272) < 1.1e-6


# --- input checks -----------------------------------------------------------------------------
def test_input_checks():
    with pytest.raises(ValueError, match="no thermal model"):
        TH.shape("8B", 1.0)
    with pytest.raises(ValueError, match="positive"):
        TH.gamow_nodes("pp", 0.0)
    with pytest.raises(ValueError, match="n must be"):
        TH.energy_nodes("pp", n=4)
    with pytest.raises(ValueError, match="E_MeV"):
        TH.shape("pp", -0.1)


# --- a second method: proton pairs sampled in the frame of the Sun ------------------------------
@pytest.mark.parametrize("T_K", [None, 1.56e7])
def test_sampled_proton_pairs_give_the_thermal_mean(T_K):
    """Monte Carlo in the frame of the Sun, without the Gamow rule of the module. Radii in 100
    strata of equal production (quantiles of the production profile, inverse CDF on a fine
    grid); in each, two proton velocities from the Maxwell distribution at T(r), each pair
    weighted by its fusion rate sigma(E) v_rel, sigma = S(E)/E exp(-b/sqrt(E)) at the relative
    kinetic energy E = mu v_rel^2 / 2, normalised within the stratum (the profile already
    counts the reactions per radius); the neutrino takes the laboratory mean of endpoint
    E_0 + E, times the gamma of the centre of mass. The mean is the module's mean_energy: the
    full relative kinetic energy raises the endpoint (with half of it the mean would sit near
    the published 0.2668 MeV, far outside the Monte Carlo error)."""
    f = TH.REACTIONS["pp"]
    rng = np.random.default_rng(20261207)
    strata, per = 100, 10_000
    if T_K is None:
        r_grid = np.linspace(0.0, SI.R_MAX, 4001)
        dens = SI.production_density("pp", r_grid)
        cdf = np.concatenate([[0.0], np.cumsum(np.diff(r_grid) * 0.5 * (dens[1:] + dens[:-1]))])
        r = np.interp((np.arange(strata) + 0.5) / strata, cdf / cdf[-1], r_grid)
        T = SI.temperature_K(r)[:, None] * np.ones(per)
    else:
        T = np.full((strata, per), T_K)
    kT = TH.K_B_KEV * T                                                   # keV
    m_keV = 1e3 * f.m1_MeV
    v1, v2 = (rng.normal(size=(strata, per, 3)) * np.sqrt(kT / m_keV)[..., None] for _ in range(2))
    u2 = np.sum((v1 - v2) ** 2, axis=-1)                                  # v_rel^2 / c^2
    E = 0.5 * 1e3 * f.mu_MeV * u2                                         # keV
    b, s = TH.gamow_b("pp"), 1e-3 * f.s_slope_per_MeV
    w = (1 + s * E) / E * np.exp(b / math.sqrt(6.0) - b / np.sqrt(E)) * np.sqrt(u2)
    w /= w.sum(axis=1, keepdims=True)                                     # per stratum
    grid = np.linspace(0.0, 120.0, 481)                                   # keV, past every sample
    assert E.max() < grid[-1]
    E0 = nuclear.DECAYS["pp"]["E0"]
    gamma = 1 / np.sqrt(1 - np.sum((0.5 * (v1 + v2)) ** 2, axis=-1))
    E_nu = gamma * np.interp(E, grid, TH.lab_mean_energy("pp", E0 + 1e-3 * grid))
    by_stratum = np.sum(w * E_nu, axis=1)
    mean = float(by_stratum.mean())
    error = float(np.sqrt(np.sum(w**2 * (E_nu - by_stratum[:, None]) ** 2)) / strata)
    assert error < 2e-5                                                   # MeV
    assert mean == pytest.approx(TH.mean_energy("pp", T_K), abs=4 * error)
    half = 0.5 * (TH.mean_energy("pp", T_K) + float(TH.lab_mean_energy("pp")))
    assert mean - half > 50 * error
