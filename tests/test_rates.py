"""Photon rates: exact scaling, vegas against the semi-analytic leading-order rate,
histograms, a pinned regression value, and input errors."""

import math

import gvar
import numpy as np
import pytest

from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.rates import cross_sections as X
from nubrems.rates import one_flavour as R
from nubrems.sun import spectra as solar

FAST = dict(rtol=5e-2, neval=3000, nitn_adapt=4)


@pytest.fixture(scope="module")
def base():
    return R.photon_rate(Params(), components=["pp", "7Be", "8B"], seed=42, **FAST)


def test_regression_value(base):
    """Pinned on 2026-11-25 (three-level 8B model from its table, thermal pp spectrum, the
    precision policy of nubrems.rates.integration, seed 42, fast settings); the tolerance is the
    run's own error, and the run agrees with the semi-analytic leading order within it. The
    laboratory pp spectrum gives the value of the code before the thermal spectra became
    the default (the same energy map)."""
    assert base.photons == pytest.approx(1.7345355e-49, abs=2 * base.photons_err)
    assert base.photons_err / base.photons < FAST["rtol"]
    semi = sum(R.leading_order_rate(Params(), ["pp", "7Be", "8B"]).values())
    assert abs(base.photons - semi) < 3 * base.photons_err
    lab = R.photon_rate(Params(spectra="laboratory"), components=["pp", "7Be", "8B"], seed=42, **FAST)
    assert lab.photons == pytest.approx(1.7070736e-49, abs=2 * lab.photons_err)
    assert lab.by_component["7Be"] == base.by_component["7Be"] and lab.by_component["8B"] == base.by_component["8B"]
    assert lab.by_component["pp"][0] < base.by_component["pp"][0]


@pytest.mark.parametrize("component", ["pp", "hep"])
def test_thermal_spectra_raise_the_rate_as_the_mean_squared_energy(component):
    """sigma ~ E^2 for E >> m_nu: the leading-order rate with the thermal spectrum over the one
    with the laboratory spectrum is the ratio of their <E^2> (to 1e-6 in the massless limit;
    +2.9 % for pp, +0.10 % for hep)."""
    thermal = R.leading_order_rate(Params(), [component])[component]
    laboratory = R.leading_order_rate(Params(spectra="laboratory"), [component])[component]
    moments = solar.energy_moment(component, 2) / solar.energy_moment(component, 2, spectra="laboratory")
    assert thermal / laboratory == pytest.approx(moments, rel=1e-5)
    assert thermal / laboratory - 1 == pytest.approx({"pp": 0.0287, "hep": 0.00103}[component], rel=0.01)
    for c in ("7Be", "8B", "15O"):                 # the other components do not change
        assert R.leading_order_rate(Params(), [c]) == R.leading_order_rate(Params(spectra="laboratory"), [c])


def test_vegas_with_laboratory_spectra_against_semi_analytic():
    """The vegas integrand takes the spectra of its params (energy map of that choice)."""
    p = Params(spectra="laboratory")
    r = R.photon_rate(p, components=["pp"], seed=7, rtol=1e-2, neval=5000)
    exact = R.leading_order_rate(p, ["pp"])["pp"]
    assert abs(r.photons - exact) < 4 * r.photons_err
    assert R.leading_order_rate(Params(), ["pp"])["pp"] - exact > 2 * r.photons_err    # what thermal adds


@pytest.mark.parametrize("change, factor", [
    (dict(mu_nu_muB=12e-12), 4.0), (dict(xi=10.0), 10.0),
    (dict(volume_km3=3.0), 3.0), (dict(years=0.5), 0.5),
])
def test_exact_scaling(base, change, factor):
    r = R.photon_rate(Params(**change), components=["pp", "7Be", "8B"], seed=42, **FAST)
    assert r.photons == pytest.approx(factor * base.photons, rel=1e-12)
    assert r.photons_err == pytest.approx(factor * base.photons_err, rel=1e-12)
    if "volume_km3" in change or "years" in change:
        assert r.photons_per_km3_per_year == pytest.approx(base.photons_per_km3_per_year, rel=1e-12)


def test_densities_add_linearly():
    only_nu = R.photon_rate(Params(n_nubar_cm3=0.0), components=["8B"], seed=3, **FAST)
    only_nubar = R.photon_rate(Params(n_nu_cm3=0.0), components=["8B"], seed=3, **FAST)
    both = R.photon_rate(Params(), components=["8B"], seed=3, **FAST)
    err = np.sqrt(only_nu.photons_err**2 + only_nubar.photons_err**2 + both.photons_err**2)
    assert abs(only_nu.photons + only_nubar.photons - both.photons) < 4 * err


@pytest.mark.parametrize("component", ["pp", "pep", "7Be", "8B", "15O"])
def test_vegas_against_semi_analytic(component):
    p = Params()
    r = R.photon_rate(p, components=[component], seed=7, rtol=1e-2, neval=5000)
    exact = R.leading_order_rate(p, [component])[component]
    # the mass-suppressed part is ~1e-7 of the total (chapter 3): compare with the leading part
    assert abs(r.photons - exact) < 4 * r.photons_err
    assert r.photons_err / r.photons < 1.5e-2
    assert 0.2 < r.chi2_dof[component] < 3


def test_histograms_hold_the_total():
    e_edges = np.geomspace(1e-14, 30.0, 60)
    t_edges = np.concatenate([[0.0], np.geomspace(1e-12, np.pi, 60)])
    r = R.photon_rate(Params(), components=["7Be"], seed=5, energy_edges_MeV=e_edges,
                      angle_edges_rad=t_edges, **FAST)
    for which, edges in (("energy", e_edges), ("angle", t_edges)):
        values, errors = r.total_spectrum(which)
        assert np.sum(values * np.diff(edges)) == pytest.approx(r.photons, rel=1e-9)
        assert np.all(errors >= 0)


def test_bad_inputs():
    with pytest.raises(ValueError, match="component"):
        R.photon_rate(Params(), components=["9Li"])
    with pytest.raises(ValueError, match="rtol"):
        R.photon_rate(Params(), components=["8B"], rtol=0)


def test_leading_order_rate_against_its_definition():
    """Solar quadrature x closed-form sigma, spelled out for one component, and its scaling."""
    p = Params()
    E, w = solar.quadrature("8B", p.solar_model, 64)
    direct = sum(wi * (56 * X.sigma_leading("nunu", e, p) + 56 * X.sigma_leading("nunubar", e, p))
                 for e, wi in zip(E, w, strict=True))
    assert R.leading_order_rate(p, ["8B"])["8B"] == pytest.approx(direct * 1e15 * C.YEAR_S, rel=1e-12)
    tripled = R.leading_order_rate(p.replace(xi=3.0), ["8B"])["8B"]
    assert tripled == pytest.approx(3 * direct * 1e15 * C.YEAR_S, rel=1e-12)


def test_components_in_parallel_are_bit_identical_to_serial():
    serial = R.photon_rate(Params(), components=["pp", "8B", "hep"], seed=9, jobs=1, **FAST)
    parallel = R.photon_rate(Params(), components=["pp", "8B", "hep"], seed=9, jobs=2, **FAST)
    assert parallel.by_component == serial.by_component
    assert parallel.photons == serial.photons
    for c in serial.dN_dE:
        assert np.array_equal(parallel.dN_dE[c][0], serial.dN_dE[c][0])
        assert np.array_equal(parallel.dN_dtheta[c][1], serial.dN_dtheta[c][1])


def test_one_component_reproduces_its_share_of_a_full_run(base):
    alone = R.photon_rate(Params(), components=["7Be"], seed=42, **FAST)
    assert alone.by_component["7Be"] == base.by_component["7Be"]


def test_exposure_and_densities_of_params():
    p = Params(volume_km3=2.0, years=3.0, xi=4.0, n_nubar_cm3=10.0)
    assert p.exposure_cm3_s == pytest.approx(2 * 3 * 1e15 * C.YEAR_S, rel=1e-15)
    assert p.relic_density_cm3("nunu") == 4 * 56.0 and p.relic_density_cm3("nunubar") == 40.0


def test_gvars_are_the_binned_results_with_vegas_covariance():
    """RateResult.gvars: the same means and errors as dN/dE and dN/dtheta, the total the
    sum of the components, and bins correlated as vegas measured them."""
    r = R.photon_rate(Params(), ["8B", "pep"], rtol=0.1, seed=2, jobs=1, covariance=True)
    for which, parts in (("energy", r.dN_dE), ("angle", r.dN_dtheta)):
        g = r.gvars(which)
        for c, (v, e) in parts.items():
            np.testing.assert_allclose(gvar.mean(g[c]), v, rtol=1e-12)
            np.testing.assert_allclose(gvar.sdev(g[c]), e, rtol=1e-9)
        np.testing.assert_allclose(gvar.mean(g["total"]), r.total_spectrum(which)[0], rtol=1e-12)
    total = r.photons_gvar()
    assert total.mean == pytest.approx(r.photons, rel=1e-12) and total.sdev == pytest.approx(r.photons_err, rel=1e-9)
    corr = gvar.evalcorr(r.gvars("angle")["8B"])
    assert np.max(np.abs(corr - np.eye(len(corr)))) > 1e-3      # vegas' off-diagonal terms are kept


@pytest.mark.slow
def test_quantile_errors_from_the_covariance_are_the_spread_over_seeds():
    """Second method for the correlated errors: the median photon angle of 8B over 40
    independent seeds scatters as the error that gvar propagates from one run's covariance."""
    from nubrems.kinematics.histograms import quantile

    edges = np.geomspace(1e-7, math.pi, 36)
    medians, errors = [], []
    for seed in range(40):
        r = R.photon_rate(Params(), ["8B"], rtol=0.03, seed=100 + seed, angle_edges_rad=edges, jobs=1,
                          covariance=True)
        m = quantile(r.gvars("angle")["8B"], edges, 0.5)
        medians.append(m.mean)
        errors.append(m.sdev)
    assert np.std(medians, ddof=1) == pytest.approx(np.mean(errors), rel=0.35)


def test_covariance_changes_no_mean_and_no_error():
    """covariance=True only keeps vegas' off-diagonal terms: the same means and errors."""
    a = R.photon_rate(Params(), ["pep"], rtol=0.1, seed=4, jobs=1)
    b = R.photon_rate(Params(), ["pep"], rtol=0.1, seed=4, jobs=1, covariance=True)
    assert a.photons == b.photons and a.photons_err == pytest.approx(b.photons_err, rel=1e-12)
    np.testing.assert_allclose(b.dN_dtheta["pep"][1], a.dN_dtheta["pep"][1], rtol=1e-12)
    assert b.runs["pep"].cov is not None and a.runs["pep"].cov is None
