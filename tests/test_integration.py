"""The shared vegas procedure: unbiased against an analytic integral, seeded, and loud when
the iteration limit stops it short of the requested precision."""

import math
import warnings

import numpy as np
import pytest

from nubrems.rates.integration import HistogramIntegrand, PrecisionWarning, integrate


def gaussians(x):
    """Product of narrow Gaussians (width 0.05) centred at 0.5 in three dimensions, binned in
    its first coordinate."""
    g = np.prod(np.exp(-((x - 0.5) / 0.05) ** 2), axis=1) / (0.05 * math.sqrt(math.pi)) ** 3
    return g, (x[:, 0],)


EDGES = np.linspace(0.3, 0.7, 9)
peaked = HistogramIntegrand(gaussians, [EDGES])


EXACT = math.erf(10.0) ** 3            # the Gaussians cut at +-10 widths


def test_integrate_agrees_with_the_analytic_integral_within_errors_and_is_seeded():
    run = integrate(peaked, 3, rtol=2e-3, seed=7, neval=4000, nitn_adapt=6, max_iterations=100)
    assert abs(run.mean[0] - EXACT) < 4 * run.sdev[0]
    assert run.sdev[0] / run.mean[0] < 2.5e-3
    again = integrate(peaked, 3, rtol=2e-3, seed=7, neval=4000, nitn_adapt=6, max_iterations=100)
    assert again.mean[0] == run.mean[0]


def test_integrate_warns_when_the_iteration_limit_stops_it_short():
    with pytest.warns(PrecisionWarning, match="max_iterations=2 .* rtol=1e-05"):
        run = integrate(peaked, 3, rtol=1e-5, seed=7, neval=500, nitn_adapt=2, max_iterations=2)
    assert run.sdev[0] / run.mean[0] > 1e-5


def test_integrate_is_silent_when_the_precision_is_reached():
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrecisionWarning)
        integrate(peaked, 3, rtol=0.05, seed=7, neval=2000, nitn_adapt=4, max_iterations=100)


def test_histograms_hold_the_total_and_the_analytic_bin_integrals():
    run = integrate(peaked, 3, rtol=2e-3, seed=3, neval=4000, nitn_adapt=6, max_iterations=100)
    (values, errors), = run.densities([np.diff(EDGES)])
    assert np.sum(values * np.diff(EDGES)) == pytest.approx(run.mean[0], rel=1e-3)
    # bin integral of one Gaussian factor times the other two full ones
    exact = 0.5 * np.diff(np.array([math.erf((e - 0.5) / 0.05) for e in EDGES])) * math.erf(10.0) ** 2
    pulls = (values * np.diff(EDGES) - exact) / (errors * np.diff(EDGES))
    assert np.max(np.abs(pulls)) < 4


def test_the_total_integrand_is_the_first_component():
    x = np.random.default_rng(0).random((100, 3))
    assert np.array_equal(peaked.total()(x), peaked.full()(x)[:, 0])
    assert peaked.full()(x).shape == (100, 1 + len(EDGES) - 1)
