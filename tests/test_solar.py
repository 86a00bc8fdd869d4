"""Solar neutrino spectra: shapes, endpoints, published mean energies, the Fermi function,
quadrature and energy maps, input validation, and the committed data tables."""

import math
from pathlib import Path

import mpmath
import numpy as np
import pytest
from scipy.integrate import quad

from nubrems import constants as C
from nubrems import solar as S
from nubrems import solar_tables

ROOT = Path(__file__).resolve().parents[1]

#: Published mean energies in MeV (Bahcall 1997 for pp, CNO and hep; Bahcall et al. 1996 for 8B).
PUBLISHED_MEAN = {"pp": 0.2668, "13N": 0.7063, "15O": 0.9964, "17F": 0.9977, "hep": 9.628, "8B": 6.735}


@pytest.mark.parametrize("component", S.CONTINUOUS)
def test_shapes_are_unit_normalised(component):
    E0 = S.endpoint(component)
    # adaptive quadrature, independent of the package's Gauss-Legendre rule
    total, _ = quad(lambda e: float(S.shape(component, e)), 0, E0, limit=400, epsabs=0, epsrel=1e-9)
    assert total == pytest.approx(1.0, rel=1e-6)


@pytest.mark.parametrize("component", S.CONTINUOUS)
def test_shapes_vanish_outside_zero_to_endpoint(component):
    E0 = S.endpoint(component)
    f = S.shape(component, np.array([0.0, E0, 1.001 * E0, 2 * E0]))
    assert np.all(f == 0)
    inner = S.shape(component, np.linspace(0.01, 0.99, 99) * E0)
    assert np.all(inner >= 0) and np.all(inner[10:90] > 0)


@pytest.mark.parametrize("component, expected, tol", [
    ("pp", 0.420, 0.001), ("hep", 18.77, 0.01), ("13N", 1.199, 0.001), ("15O", 1.732, 0.001),
    ("17F", 1.740, 0.003), ("8B", 17.05, 0.01), ("pep", 1.442, 0.0005), ("7Be", 0.8618, 0.0001)])
def test_endpoints(component, expected, tol):
    assert abs(S.endpoint(component) - expected) < tol


def test_lines():
    E, b = S.lines("7Be")
    assert E == pytest.approx([0.8618, 0.3843], abs=1e-4)
    assert b == pytest.approx([0.896, 0.104]) and b.sum() == pytest.approx(1.0)
    E, b = S.lines("pep")
    assert E == pytest.approx([1.442], abs=5e-4) and b == pytest.approx([1.0])
    # recoil of the final nucleus lowers the line below the Q value
    assert E[0] < (2 * S.MASS_EXCESS_KEV["1H"] - S.MASS_EXCESS_KEV["2H"]) / 1e3
    for c in S.CONTINUOUS:
        assert len(S.lines(c)[0]) == 0


@pytest.mark.parametrize("component", ["pp", "13N", "15O", "17F", "hep"])
def test_mean_energies_match_published_values_to_one_percent(component):
    assert S.mean_energy(component) == pytest.approx(PUBLISHED_MEAN[component], rel=0.01)


def test_cno_and_hep_means_to_a_few_per_mille():
    """The allowed shape with the Fermi function is all these spectra need."""
    for c in ("13N", "15O", "17F", "hep"):
        assert S.mean_energy(c) == pytest.approx(PUBLISHED_MEAN[c], rel=2e-3)


def test_b8_mean_energy():
    """Three-level R-matrix model: within 1 % of the published 6.735 MeV (Bahcall et al. 1996)."""
    mean = S.mean_energy("8B")
    assert mean == pytest.approx(PUBLISHED_MEAN["8B"], rel=0.01)
    assert S.b8_decay_summary()["mean_energy_MeV"] == pytest.approx(mean, rel=1e-6)


def test_b8_doublet_interference_lowers_the_mean_energy():
    """Each doublet level, interfering constructively with the broad level below it, moves
    strength to high 8Be excitation and lowers the neutrino energies; with the broad level
    alone the mean is 5 % too high."""
    broad, low, high = S.BE8_LEVELS
    means = [S.b8_decay_summary(L)["mean_energy_MeV"] for L in ((broad,), (broad, low), (broad, low, high))]
    assert means[0] > means[1] > means[2]
    assert means[0] > 1.04 * PUBLISHED_MEAN["8B"]
    # more doublet feeding (smaller log ft) -> lower mean
    stronger = (broad, low[:2] + (low[2] - 0.1,), high[:2] + (high[2] - 0.1,))
    assert S.b8_decay_summary(stronger)["mean_energy_MeV"] < means[2]


def test_b8_half_life_from_the_literature_ft_values():
    """The absolute decay rate of the model, from the log ft values alone, against the
    measured 8B half-life 770(3) ms (Tilley et al. 2004): within 15 %."""
    assert S.b8_decay_summary()["half_life_s"] == pytest.approx(0.770, rel=0.15)


def test_b8_narrow_level_integrates_to_pi_over_ft():
    """Normalisation of the feeding amplitudes: a narrow isolated level gives int rho = pi/ft."""
    level = ((6.0, 0.002, 4.0),)
    E_R = 6.0 + S.BE8_GS_ABOVE_2ALPHA_MEV
    E = np.linspace(E_R - 0.5, E_R + 0.5, 400001)
    integral = np.trapezoid(S.be8_density(E, level), E)
    assert integral == pytest.approx(np.pi / 1e4, rel=5e-3)    # Lorentzian tails beyond +-0.5 MeV: 0.25 %


def test_fermi_integral_without_charge_against_closed_form():
    """Z = 0: f = p0 (2 W0^4 - 9 W0^2 - 8)/60 + W0 ln(W0 + p0)/4."""
    E0 = np.array([0.1, 1.0, 5.0, 14.0])
    W0 = 1 + E0 / S.M_E_MEV
    p0 = np.sqrt(W0**2 - 1)
    closed = p0 * (2 * W0**4 - 9 * W0**2 - 8) / 60 + W0 * np.log(W0 + p0) / 4
    # p ~ sqrt(W - 1) at the endpoint limits Gauss-Legendre (n = 200) to ~1e-7
    assert S.fermi_integral(E0, 0, 8) == pytest.approx(closed, rel=1e-6)


def test_b8_doublet_peaks_near_the_tabulated_levels():
    """The two narrow 2+ levels appear as peaks within 30 keV of 16.626 and 16.922 MeV."""
    E = np.linspace(16.3, 17.04, 74001)
    rho = S.be8_density(E)
    is_peak = (rho[1:-1] > rho[:-2]) & (rho[1:-1] > rho[2:])
    Ex = E[1:-1][is_peak] - S.BE8_GS_ABOVE_2ALPHA_MEV
    assert Ex == pytest.approx([16.626, 16.922], abs=0.03)


def test_b8_density_peaks_at_the_2plus_level():
    E = np.linspace(0.1, 10, 2000)
    rho = S.be8_density(E)
    E_peak = E[np.argmax(rho)]
    assert abs(E_peak - (S.BE8_2PLUS_EX_MEV + S.BE8_GS_ABOVE_2ALPHA_MEV)) < 0.3
    assert S.be8_density(np.array([0.0, -1.0])).tolist() == [0.0, 0.0]
    # the R-matrix parameters reproduce the observed resonance energy of the first level
    (E1, g1, _), B = S.be8_rmatrix_parameters()[0][0], S.be8_rmatrix_parameters()[1]
    assert E1 == pytest.approx(S.BE8_2PLUS_EX_MEV + S.BE8_GS_ABOVE_2ALPHA_MEV, rel=1e-12)


def test_b8_penetrability_against_mpmath_directly():
    E = 2.0
    P, _ = S._coulomb_p_s(E)
    mu = S._M_ALPHA_MEV / 2
    rho = math.sqrt(2 * mu * E) / S._HBARC_MEV_FM * S.BE8_CHANNEL_RADIUS_FM
    eta = 4 * C.ALPHA * math.sqrt(mu / (2 * E))
    direct = rho / (mpmath.coulombf(2, eta, rho) ** 2 + mpmath.coulombg(2, eta, rho) ** 2)
    assert P == pytest.approx(float(direct), rel=1e-10)
    _, Sh = S._coulomb_p_s(E)
    d = mpmath.diff(lambda r: mpmath.log(mpmath.coulombf(2, eta, r) ** 2 + mpmath.coulombg(2, eta, r) ** 2), rho)
    assert Sh == pytest.approx(float(rho * d / 2), rel=1e-8)


# --- Fermi function -------------------------------------------------------------------------
def test_fermi_function_is_one_without_charge():
    W = np.linspace(1.01, 30, 50)
    assert S.fermi_function(0, W) == pytest.approx(np.ones_like(W), rel=1e-14)


def test_fermi_function_suppresses_slow_positrons_and_enhances_electrons():
    W = np.array([1.0001, 1.01, 1.1, 2.0, 10.0])
    Fp = S.fermi_function(7, W, A=15, positron=True)
    Fm = S.fermi_function(7, W, A=15, positron=False)
    assert np.all(Fp < 1) and np.all(Fm > 1)
    assert np.all(np.diff(Fp) > 0)        # repulsion matters less for fast positrons
    assert Fp[0] < 1e-8                    # ~ 2 pi eta exp(-2 pi eta), 2 pi eta = 23 here
    assert S.fermi_function(7, np.array([1.0]))[0] == 0.0


def test_fermi_function_nonrelativistic_limit():
    """For small alpha Z, F -> 2 pi eta / (exp(2 pi eta) - 1) (eta = alpha Z W/p, positron)."""
    Z = 1
    W = np.array([1.05, 1.2, 1.5])
    p = np.sqrt(W**2 - 1)
    eta = C.ALPHA * Z * W / p
    nonrel = 2 * np.pi * eta / np.expm1(2 * np.pi * eta)
    assert S.fermi_function(Z, W, A=2) == pytest.approx(nonrel, rel=2e-3)


def test_fermi_function_against_mpmath():
    Z, W, R_fm = 8, 2.5, 3.0
    g = mpmath.sqrt(1 - (C.ALPHA * Z) ** 2)
    p = mpmath.sqrt(W * W - 1)
    eta = -C.ALPHA * Z * W / p
    R = R_fm * C.M_E / (C.HBARC_EV_CM * 1e13)
    ref = (2 * (1 + g) * (2 * p * R) ** (2 * g - 2) * mpmath.exp(mpmath.pi * eta)
           * abs(mpmath.gamma(g + 1j * eta)) ** 2 / mpmath.gamma(2 * g + 1) ** 2)
    assert float(S.fermi_function(Z, W, R_fm=R_fm)) == pytest.approx(float(ref), rel=1e-12)


# --- fluxes, quadrature, energy maps -----------------------------------------------------------
@pytest.mark.parametrize("model", S.MODELS)
def test_spectrum_is_flux_times_shape(model):
    E = np.linspace(0.1, 10, 7)
    for c in S.COMPONENTS:
        assert S.spectrum(c, E, model) == pytest.approx(S.total_flux(c, model) * S.shape(c, E))
    assert np.all(S.spectrum("7Be", E, model) == 0)
    assert S.total_flux("pp", "B16-GS98") == 5.98e10 and S.total_flux("8B", "B16-AGSS09met") == 4.50e6


@pytest.mark.parametrize("component", S.COMPONENTS)
def test_quadrature_reproduces_flux_and_mean(component):
    E, w = S.quadrature(component, "B16-GS98", n=48)
    phi = S.total_flux(component, "B16-GS98")
    assert w.sum() == pytest.approx(phi, rel=1e-5)
    assert (w * E).sum() / phi == pytest.approx(S.mean_energy(component), rel=1e-5)


@pytest.mark.parametrize("component", S.COMPONENTS)
def test_energy_map_reproduces_flux_and_mean(component):
    x, wx = np.polynomial.legendre.leggauss(200)
    # integrate over u in panels so that the map's knots do not spoil the rule
    edges = np.linspace(0, 1, 41)
    u = (0.5 * (edges[1:] + edges[:-1])[:, None] + 0.5 * np.diff(edges)[:, None] * x[None, :]).ravel()
    w = (0.5 * np.diff(edges)[:, None] * wx[None, :]).ravel()
    E, dphi = S.energy_map(component, u, "B16-AGSS09met")
    phi = S.total_flux(component, "B16-AGSS09met")
    assert np.sum(w * dphi) == pytest.approx(phi, rel=1e-4)
    assert np.sum(w * dphi * E) / phi == pytest.approx(S.mean_energy(component), rel=1e-4)
    assert np.all(E >= 0) and np.all(E <= S.endpoint(component) + 1e-12)


def test_energy_map_is_monotone_and_nearly_flat():
    u = np.linspace(0, 0.999, 1000)
    E, dphi = S.energy_map("8B", u)
    assert np.all(np.diff(E) >= 0)
    mid = dphi[50:950] / S.total_flux("8B")
    assert np.all(np.abs(mid - 1) < 0.02)


def test_thermal_line_profile():
    E = np.linspace(0.855, 0.875, 4001)
    prof = S.shape("7Be", E, line_kT_keV=1.35)
    area = np.trapezoid(prof, E)
    assert area == pytest.approx(0.896, rel=1e-3)          # the ground-state line only
    mean_shift_keV = 1e3 * (np.trapezoid(E * prof, E) / area - S.lines("7Be")[0][0])
    assert 0.5 < mean_shift_keV < 3 * 1.35                 # of order kT, upward
    assert np.all(S.shape("7Be", E) == 0)                  # narrow lines by default


# --- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize("call, needle", [
    (lambda: S.shape("8b", 1.0), "component must be one of pp, pep, hep, 7Be, 8B"),
    (lambda: S.spectrum("pp", 0.1, model="GS98"), "model must be one of B16-GS98, B16-AGSS09met"),
    (lambda: S.total_flux("pp", "SSM"), "model"),
    (lambda: S.spectrum("pp", -0.1), "E_MeV"),
    (lambda: S.shape("pp", np.nan), "E_MeV"),
    (lambda: S.quadrature("pp", n=1), "n must be"),
    (lambda: S.energy_map("pp", 1.0), "u must"),
    (lambda: S.line_profile("pp", 1.0, 1.0), "line component"),
    (lambda: S.line_profile("7Be", 1.0, -1.0), "kT_keV"),
    (lambda: S.endpoint("boron"), "component"),
])
def test_bad_input_raises_value_error_naming_the_parameter(call, needle):
    with pytest.raises(ValueError, match=needle.replace("(", r"\(")):
        call()


# --- data tables -----------------------------------------------------------------------------
def test_committed_tables_regenerate_identically(tmp_path):
    solar_tables.main(["--out", str(tmp_path)])
    committed = ROOT / "data" / "solar"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    for name in names:
        assert (tmp_path / name).read_text() == (committed / name).read_text(), name


def test_tables_agree_with_the_package_and_checksums():
    import hashlib
    import json

    folder = ROOT / "data" / "solar"
    prov = json.loads((folder / "provenance.json").read_text())
    assert prov["command"] == "python -m nubrems.solar_tables"
    for name, digest in prov["sha256"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    data = np.loadtxt(folder / "15O.csv", delimiter=",", skiprows=1)
    assert data[:, 1] == pytest.approx(S.shape("15O", data[:, 0]), rel=1e-7, abs=1e-9)
