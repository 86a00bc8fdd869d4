"""Nuclear physics behind the solar spectra: the Fermi function and allowed spectra, the
Fermi integral, capture lines, and the 8B R-matrix model (Coulomb functions, 8Be density,
mean energy and half-life)."""

import math

import mpmath
import numpy as np
import pytest

from nubrems.core import constants as C
from nubrems.sun import nuclear as N

#: Bahcall et al. (1996): mean energy of the standard 8B spectrum, MeV.
PUBLISHED_B8_MEAN = 6.735


# --- data -----------------------------------------------------------------------------------
def test_capture_lines_include_the_recoil():
    lines = N.capture_lines()
    E, b = lines["pep"]
    q_pep = (2 * N.MASS_EXCESS_KEV["1H"] - N.MASS_EXCESS_KEV["2H"]) / 1e3
    # two-body kinematics: E = Q - Q^2 / 2M, a recoil of 0.55 keV for pep
    assert q_pep - E[0] == pytest.approx(q_pep**2 / (2 * N.CAPTURE_MASS_MEV["pep"]), rel=1e-6)
    E, b = lines["7Be"]
    assert E[0] - E[1] == pytest.approx(N.LI7_EXCITED_MEV, rel=1e-3)
    assert tuple(b) == N.BE7_BRANCHES
    lines["7Be"][0][0] = -1.0                                            # callers get copies
    assert N.capture_lines()["7Be"][0][0] > 0


def test_endpoints_are_q_values_minus_two_electron_masses():
    for c, nuclides in (("13N", ("13N", "13C")), ("15O", ("15O", "15N")), ("17F", ("17F", "17O"))):
        assert N.DECAYS[c]["E0"] == pytest.approx(N.q_value_MeV(*nuclides) - 2 * N.M_E_MEV, abs=1e-12)


# --- Fermi function -------------------------------------------------------------------------
def test_fermi_function_is_one_without_charge():
    W = np.linspace(1.01, 30, 50)
    assert N.fermi_function(0, W) == pytest.approx(np.ones_like(W), rel=1e-14)


def test_fermi_function_suppresses_slow_positrons_and_enhances_electrons():
    W = np.array([1.0001, 1.01, 1.1, 2.0, 10.0])
    Fp = N.fermi_function(7, W, A=15, positron=True)
    Fm = N.fermi_function(7, W, A=15, positron=False)
    assert np.all(Fp < 1) and np.all(Fm > 1)
    assert np.all(np.diff(Fp) > 0)        # repulsion matters less for fast positrons
    assert Fp[0] < 1e-8                    # ~ 2 pi eta exp(-2 pi eta), 2 pi eta = 23 here
    assert N.fermi_function(7, np.array([1.0]))[0] == 0.0


def test_fermi_function_nonrelativistic_limit():
    """For small alpha Z, F -> 2 pi eta / (exp(2 pi eta) - 1) (eta = alpha Z W/p, positron)."""
    Z = 1
    W = np.array([1.05, 1.2, 1.5])
    p = np.sqrt(W**2 - 1)
    eta = C.ALPHA * Z * W / p
    nonrel = 2 * np.pi * eta / np.expm1(2 * np.pi * eta)
    assert N.fermi_function(Z, W, A=2) == pytest.approx(nonrel, rel=2e-3)


def test_fermi_function_against_mpmath():
    Z, W, R_fm = 8, 2.5, 3.0
    g = mpmath.sqrt(1 - (C.ALPHA * Z) ** 2)
    p = mpmath.sqrt(W * W - 1)
    eta = -C.ALPHA * Z * W / p
    R = R_fm * C.M_E / (C.HBARC_EV_CM * 1e13)
    ref = (2 * (1 + g) * (2 * p * R) ** (2 * g - 2) * mpmath.exp(mpmath.pi * eta)
           * abs(mpmath.gamma(g + 1j * eta)) ** 2 / mpmath.gamma(2 * g + 1) ** 2)
    assert float(N.fermi_function(Z, W, R_fm=R_fm)) == pytest.approx(float(ref), rel=1e-12)


def test_fermi_function_rejects_negative_charge():
    with pytest.raises(ValueError, match="Z must be"):
        N.fermi_function(-1, 2.0)


def test_allowed_spectrum_vanishes_outside_zero_to_endpoint():
    d = N.DECAYS["15O"]
    f = N.allowed_spectrum(np.array([-0.1, 0.0, d["E0"], 2 * d["E0"]]), d["E0"], d["Z"], d["A"])
    assert f.tolist() == [0.0, 0.0, 0.0, 0.0]


def test_fermi_integral_without_charge_against_closed_form():
    """Z = 0: f = p0 (2 W0^4 - 9 W0^2 - 8)/60 + W0 ln(W0 + p0)/4."""
    E0 = np.array([0.1, 1.0, 5.0, 14.0])
    W0 = 1 + E0 / N.M_E_MEV
    p0 = np.sqrt(W0**2 - 1)
    closed = p0 * (2 * W0**4 - 9 * W0**2 - 8) / 60 + W0 * np.log(W0 + p0) / 4
    # p ~ sqrt(W - 1) at the endpoint limits Gauss-Legendre (n = 200) to ~1e-7
    assert N.fermi_integral(E0, 0, 8) == pytest.approx(closed, rel=1e-6)


# --- 8B: R-matrix model ---------------------------------------------------------------------
def test_b8_mean_energy():
    """Three-level R-matrix model: within 1 % of the published 6.735 MeV (Bahcall et al. 1996);
    the normalised shape has the same mean."""
    summary = N.b8_decay_summary()
    assert summary["mean_energy_MeV"] == pytest.approx(PUBLISHED_B8_MEAN, rel=0.01)
    E, w = N._gl_on_endpoint(N.DECAYS["8B"]["E0"], 400)
    f = N.b8_shape(E)
    assert np.sum(w * f) == pytest.approx(1.0, rel=1e-14)
    assert np.sum(w * E * f) == pytest.approx(summary["mean_energy_MeV"], rel=1e-12)


def test_b8_doublet_interference_lowers_the_mean_energy():
    """Each doublet level, interfering constructively with the broad level below it, moves
    strength to high 8Be excitation and lowers the neutrino energies; with the broad level
    alone the mean is 5 % too high."""
    broad, low, high = N.BE8_LEVELS
    means = [N.b8_decay_summary(L)["mean_energy_MeV"] for L in ((broad,), (broad, low), (broad, low, high))]
    assert means[0] > means[1] > means[2]
    assert means[0] > 1.04 * PUBLISHED_B8_MEAN
    # more doublet feeding (smaller log ft) -> lower mean
    stronger = (broad, (*low[:2], low[2] - 0.1), (*high[:2], high[2] - 0.1))
    assert N.b8_decay_summary(stronger)["mean_energy_MeV"] < means[2]


def test_b8_half_life_from_the_literature_ft_values():
    """The absolute decay rate of the model, from the log ft values alone, against the
    measured 8B half-life 770(3) ms (Tilley et al. 2004): within 15 %."""
    assert N.b8_decay_summary()["half_life_s"] == pytest.approx(0.770, rel=0.15)


def test_b8_narrow_level_integrates_to_pi_over_ft():
    """Normalisation of the feeding amplitudes: a narrow isolated level gives int rho = pi/ft."""
    level = ((6.0, 0.002, 4.0),)
    E_R = 6.0 + N.BE8_GS_ABOVE_2ALPHA_MEV
    E = np.linspace(E_R - 0.5, E_R + 0.5, 400001)
    integral = np.trapezoid(N.be8_density(E, level), E)
    assert integral == pytest.approx(np.pi / 1e4, rel=5e-3)    # Lorentzian tails beyond +-0.5 MeV: 0.25 %


def test_b8_doublet_peaks_near_the_tabulated_levels():
    """The two narrow 2+ levels appear as peaks within 30 keV of 16.626 and 16.922 MeV."""
    E = np.linspace(16.3, 17.04, 74001)
    rho = N.be8_density(E)
    is_peak = (rho[1:-1] > rho[:-2]) & (rho[1:-1] > rho[2:])
    Ex = E[1:-1][is_peak] - N.BE8_GS_ABOVE_2ALPHA_MEV
    assert Ex == pytest.approx([16.626, 16.922], abs=0.03)


def test_b8_density_peaks_at_the_2plus_level():
    E = np.linspace(0.1, 10, 2000)
    rho = N.be8_density(E)
    E_peak = E[np.argmax(rho)]
    assert abs(E_peak - (N.BE8_2PLUS_EX_MEV + N.BE8_GS_ABOVE_2ALPHA_MEV)) < 0.3
    assert N.be8_density(np.array([0.0, -1.0])).tolist() == [0.0, 0.0]
    # the R-matrix parameters reproduce the observed resonance energy of the first level
    (E1, _, _), _ = N.be8_rmatrix_parameters()[0][0], N.be8_rmatrix_parameters()[1]
    assert E1 == pytest.approx(N.BE8_2PLUS_EX_MEV + N.BE8_GS_ABOVE_2ALPHA_MEV, rel=1e-12)


def test_b8_penetrability_against_mpmath_directly():
    E = 2.0
    P, Sh = N.coulomb_penetrability_shift(E)
    mu = N._M_ALPHA_MEV / 2
    rho = math.sqrt(2 * mu * E) / N._HBARC_MEV_FM * N.BE8_CHANNEL_RADIUS_FM
    eta = 4 * C.ALPHA * math.sqrt(mu / (2 * E))
    direct = rho / (mpmath.coulombf(2, eta, rho) ** 2 + mpmath.coulombg(2, eta, rho) ** 2)
    assert P == pytest.approx(float(direct), rel=1e-10)
    d = mpmath.diff(lambda r: mpmath.log(mpmath.coulombf(2, eta, r) ** 2 + mpmath.coulombg(2, eta, r) ** 2), rho)
    assert Sh == pytest.approx(float(rho * d / 2), rel=1e-8)


@pytest.mark.slow
def test_coulomb_table_holds_the_mpmath_values_exactly():
    """Runs read the Coulomb functions from data/solar; they are the same doubles as the
    mpmath computation, so everything built on them is identical."""
    from nubrems.sun import nuclear

    E_t, P_t, S_t = nuclear._coulomb_table()
    E, P, S = nuclear.coulomb_nodes()
    assert np.array_equal(E_t, E) and np.array_equal(P_t, P) and np.array_equal(S_t, S)
    from_table = nuclear.b8_decay_summary()
    with nuclear.computed_coulomb_functions():
        computed = nuclear.b8_decay_summary()
    assert from_table == computed
