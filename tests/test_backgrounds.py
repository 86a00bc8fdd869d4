"""The signal against its backgrounds: the decays in flight against the package's total and
an explicit Lorentz boost, the signal plane against the semi-analytic headline, the best cut
against a brute-force search, the solar band by hand; bad input."""

import math

import numpy as np
import pytest

from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.rates import uncertainty as U
from nubrems.rates.three_flavour import FlavourSetup, solar_mass_states
from nubrems.studies import backgrounds as BG
from nubrems.studies import radiative_decays as RD
from nubrems.sun import spectra as solar


def transition_moments(params, ordering="normal", lightest_eV=0.05):
    flavours = FlavourSetup(ordering, lightest_eV, "transition-only")
    return flavours.masses_eV(), np.asarray(flavours.moment_matrix_muB(params)) * C.MU_B


@pytest.mark.parametrize("ordering", ["normal", "inverted"])
def test_decays_in_flight_add_up_to_the_package_total(ordering):
    # bins from 0 to above every solar energy and over all angles hold every photon once
    params = Params()
    masses, moments = transition_moments(params, ordering)
    e_edges = np.concatenate([[0.0], np.geomspace(1e-8, 20.0, 30)])
    h = BG.decays_in_flight_histogram(params, masses, moments, ordering, e_edges, [0.0, 1e-7, 1e-3, math.pi])
    per_km3_yr = params.volume_km3 * params.years
    total = sum(d["photons"] for d in RD.solar_decays_in_flight(params, masses, moments, ordering)) / per_km3_yr
    assert h.sum() == pytest.approx(total, rel=1e-10)
    assert np.all(h >= 0)
    # universal (diagonal) moments: no decays
    universal = np.asarray(FlavourSetup(ordering, 0.05).moment_matrix_muB(params)) * C.MU_B
    assert not BG.decays_in_flight_histogram(params, masses, universal, ordering, e_edges, [0.0, math.pi]).any()


def test_decay_kinematics_against_an_explicit_boost():
    # one monoenergetic component (pep); photons of decays isotropic in the rest frame,
    # boosted exactly along the neutrino's direction: energy and angle distributions agree
    params = Params()
    masses, moments = transition_moments(params)
    (E,), _ = solar.quadrature("pep", params.solar_model, spectra=params.spectra)
    widths = RD.decay_widths_eV(masses, moments)
    P = solar_mass_states("pep", [E])[0]
    e_edges = np.concatenate([[0.0], np.geomspace(1e-9, 2.0, 1500)])          # MeV, fine
    t_edges = np.array([0.0, 1e-9, 1e-8, 3e-8, 6e-8, 1e-7, 3e-7, 1e-6, 1e-4, math.pi])
    h = BG.decays_in_flight_histogram(params, masses, moments, "normal", e_edges, t_edges, components=["pep"])

    rng = np.random.default_rng(4)
    n = 400_000
    E_eV = E * C.MEV
    toy_E, toy_theta, toy_w = [], [], []
    for i, j in zip(*np.nonzero(widths), strict=True):
        mi, mj = masses[i], masses[j]
        k_star = (mi**2 - mj**2) / (2 * mi)                    # photon energy at rest, eV
        gamma = E_eV / mi
        beta = math.sqrt(1.0 - 1.0 / gamma**2)
        cos = rng.uniform(-1.0, 1.0, n)
        sin = np.sqrt(1.0 - cos**2)
        k = gamma * k_star * (1.0 + beta * cos)                 # lab energy
        kz, kx = gamma * k_star * (cos + beta), k_star * sin    # boost along z
        toy_E.append(k / C.MEV)
        toy_theta.append(np.arctan2(kx, kz))
        # each decay channel weighted by P_i Gamma_ij m_i / E
        toy_w.append(np.full(n, P[i] * widths[i, j] * mi / E_eV / n))
    toy_E, toy_theta, toy_w = (np.concatenate(x) for x in (toy_E, toy_theta, toy_w))
    toy, _, _ = np.histogram2d(toy_E, toy_theta, [e_edges, t_edges], weights=toy_w)

    # energies: uniform up to E_max; compare in coarse bins (statistics 0.5 %)
    coarse = np.searchsorted(e_edges, np.linspace(0.0, E, 9)[1:-1])
    h_E = np.add.reduceat(h.sum(axis=1), np.r_[0, coarse]) / h.sum()
    toy_E_frac = np.add.reduceat(toy.sum(axis=1), np.r_[0, coarse]) / toy.sum()
    np.testing.assert_allclose(h_E, toy_E_frac, rtol=0.03, atol=1e-3)
    # angles: the closed form tan theta = (m_i / E) sqrt(E_max / k - 1) of the module
    h_T, toy_T = h.sum(axis=0) / h.sum(), toy.sum(axis=0) / toy.sum()
    np.testing.assert_allclose(h_T, toy_T, atol=5e-3)
    assert h_T[1:6].sum() > 0.5                                   # the photons stay within m / E


def test_signal_plane_against_the_headline():
    params = Params()
    e_edges = np.concatenate([[0.0], np.geomspace(1e-6, 20.0, 8)])
    t_edges = np.concatenate([[0.0], np.geomspace(1e-6, math.pi, 6)])
    plane = BG.signal_plane(params, e_edges, t_edges, rtol=2e-2, seed=3, neval=2_000)
    assert plane.values.shape == plane.variances.shape == (8, 6)
    # every photon lies in one bin of a plane that covers all energies and angles
    assert plane.values.sum() == pytest.approx(plane.total, rel=1e-10)
    assert np.all(plane.values >= 0) and np.all(plane.errors >= 0)
    # the deterministic headline (semi-analytic quadrature) within 4 Monte Carlo errors
    head = U.headline(params).photons_per_km3_per_year
    assert abs(plane.total - head) < 4 * plane.total_error
    assert plane.total_error < 0.02 * plane.total


def brute_force_cut(S, V, B, keep):
    n, m = S.shape
    best, best_ratio = None, -1.0
    for a in range(n + 1):
        for b in range(a + 1, n + 1):
            for c in range(m):
                s, bk = S[a:b, :c + 1].sum(), B[a:b, :c + 1].sum()
                if s >= keep * S.sum() and bk > 0 and s / bk > best_ratio:
                    best, best_ratio = (a, b, c, s, V[a:b, :c + 1].sum(), bk), s / bk
    return best


@pytest.mark.parametrize("seed, keep", [(1, 0.5), (2, 0.3), (3, 0.8)])
def test_best_cut_is_the_brute_force_optimum(seed, keep):
    rng = np.random.default_rng(seed)
    e, t = np.geomspace(1e-3, 10.0, 7), np.geomspace(1e-5, 1.0, 6)
    S = rng.uniform(0.0, 1.0, (6, 5)) * np.linspace(2.0, 0.1, 5)      # collimated signal
    V = (0.05 * S) ** 2
    B = rng.uniform(0.0, 1.0, (6, 5)) * np.linspace(0.1, 2.0, 5)      # wide background
    plane = BG.SignalPlane(e, t, S, V, float(S.sum()), 0.0)
    cut = BG.best_cut(plane, B, keep=keep)
    a, b, c, s, v, bk = brute_force_cut(S, V, B, keep)
    assert cut.energy_MeV == (e[a], e[b]) and cut.theta_max_rad == t[c + 1]
    assert cut.signal == pytest.approx(s, rel=1e-12) and cut.background == pytest.approx(bk, rel=1e-12)
    assert cut.signal_error == pytest.approx(math.sqrt(v), rel=1e-12)
    assert cut.kept == pytest.approx(s / S.sum(), rel=1e-12) and cut.kept >= keep
    assert cut.orders == pytest.approx(math.log10(bk / s), rel=1e-12)


def test_best_cut_of_a_signal_in_one_bin():
    # all the signal in one bin, a uniform background: the cut is that bin
    S = np.zeros((4, 3))
    S[2, 1] = 5.0
    plane = BG.SignalPlane(np.arange(5.0), np.linspace(0.0, 3.0, 4), S, S * 0.01, 5.0, 0.05)
    cut = BG.best_cut(plane, np.ones((4, 3)), keep=0.9)
    assert cut.energy_MeV == (2.0, 3.0) and cut.theta_max_rad == 2.0
    assert (cut.signal, cut.background, cut.kept) == (5.0, 2.0, 1.0)


def a_band():
    edges = np.geomspace(1e-3, 10.0, 5)                         # centres 3.16e-3, 3.16e-2, 0.316, 3.16
    central = np.array([1.0, 2.0, 4.0, 8.0])
    flux, model = np.array([0.03, 0.1, 0.4, 1.2]), np.array([-0.04, 0.0, 0.3, -0.5])
    return U.Band("photons per MeV", edges, central, {"solar fluxes": flux, "solar model": model,
                                                       "Monte Carlo": 0 * flux}, np.hypot(flux, model))


def test_solar_band_by_hand():
    # the 1-sigma flux band alone: the signed model shift is never added to it
    band = a_band()
    assert BG.solar_band_percent(band, 2e-3) == pytest.approx(3.0, rel=1e-12)     # up to bin 0's centre
    assert BG.solar_band_percent(band, 5e-3) == pytest.approx(5.0, rel=1e-12)     # past it: bin 1
    assert BG.solar_band_percent(band, 5e-2) == pytest.approx(10.0, rel=1e-12)    # past bin 1's centre
    assert BG.solar_band_percent(band, 0.2) == pytest.approx(10.0, rel=1e-12)     # up to bin 2's centre
    assert BG.solar_band_percent(band, 10.0) == pytest.approx(15.0, rel=1e-12)    # last bin
    assert BG.model_shift_percent(band, 2e-3) == pytest.approx(-4.0, rel=1e-12)   # signed
    assert BG.model_shift_percent(band, 0.2) == pytest.approx(7.5, rel=1e-12)
    assert BG.model_shift_percent(band, 10.0) == pytest.approx(-6.25, rel=1e-12)


def test_budget_text_of_the_headline():
    # the headline's summary: (1.903 +- 0.046) x 10^-49 and -0.086 x 10^-49 to B16-AGSS09met
    b = U.headline(Params()).budget
    text = BG.budget_text(b)
    assert text.one_sigma == "(1.903 ± 0.046) × 10⁻⁴⁹"
    assert text.model_shift == "−0.086 × 10⁻⁴⁹"
    assert "(1.903 +- 0.046) x 10^-49" in b.summary() and "-0.086 x 10^-49" in b.summary()
    per_1e49 = BG.budget_text(b, 1e49)                    # a factor moves the power of ten
    assert per_1e49.one_sigma == "(1.903 ± 0.046)" and per_1e49.model_shift == "−0.086"
    assert BG.budget_text(b, 1e51).one_sigma == "(1.903 ± 0.046) × 10²"


def test_budget_text_by_hand():
    b = U.budget({"pp": 1.0})                             # pp alone: 0.6 % flux, the thermal allowance
    sigma, shift = b.one_sigma, b.model_shift
    decimals = 1 - math.floor(math.log10(sigma))
    text = BG.budget_text(b)
    assert text.one_sigma == f"({1:.{decimals}f} ± {sigma:.{decimals}f})"
    assert text.model_shift == f"{shift:+.{decimals}f}".replace("-", "−")


@pytest.mark.parametrize("call, message", [
    (lambda: BG.solar_band_percent(a_band(), 20.0), "where must be a finite value in"),
    (lambda: BG.solar_band_percent(a_band(), math.nan), "where must be a finite value in"),
    (lambda: BG.model_shift_percent(a_band(), 1e-4), "where must be a finite value in"),
    (lambda: BG.budget_text(U.budget({"pp": 1.0}), 0.0), "factor"),
    (lambda: BG.best_cut(BG.SignalPlane(np.arange(3.0), np.arange(3.0), np.ones((2, 2)), np.ones((2, 2)), 4.0,
                                        1.0), np.ones((3, 2))), "background must have the shape"),
    (lambda: BG.best_cut(BG.SignalPlane(np.arange(3.0), np.arange(3.0), np.ones((2, 2)), np.ones((2, 2)), 4.0,
                                        1.0), np.zeros((2, 2))), "no selection keeps"),
    (lambda: BG.best_cut(BG.SignalPlane(np.arange(3.0), np.arange(3.0), np.ones((2, 2)), np.ones((2, 2)), 4.0,
                                        1.0), np.ones((2, 2)), keep=1.5), "keep must be a fraction"),
    (lambda: BG.decays_in_flight_histogram(Params(), [0.05, 0.06], np.zeros((3, 3)), "normal", [0.0, 1.0],
                                           [0.0, 1.0]), "masses_eV must be three finite masses"),
    (lambda: BG.decays_in_flight_histogram(Params(), [0.05, 0.06, 0.07], np.zeros((3, 3)), "upside-down",
                                           [0.0, 1.0], [0.0, 1.0]), "ordering must be one of"),
    (lambda: BG.decays_in_flight_histogram(Params(), [0.05, 0.06, 0.07], np.zeros((3, 3)), "normal",
                                           [0.0, 1.0], [0.0, 4.0]), "angle_edges_rad must be finite"),
    (lambda: BG.signal_plane(Params(), [0.0, 1.0], [0.0, 1.0], rtol=0.0), "rtol must be a fraction"),
    (lambda: BG.signal_plane(Params(), [0.0, 1.0], [0.0, 1.0], seed=-1), "seed must be an integer >= 0"),
])
def test_bad_input_is_refused(call, message):
    with pytest.raises(ValueError, match=message):
        call()
