"""The shared vegas procedure: unbiased against an analytic integral, seeded, and loud when
the iteration limit stops it short of the requested precision."""

import math
import warnings

import numpy as np
import pytest
import vegas

from nubrems.integration import PrecisionWarning, integrate


@vegas.batchintegrand
def peaked(x):
    """Product of narrow Gaussians (width 0.05) centred at 0.5 in three dimensions; like the
    package's integrands it returns an array of components per point (here one)."""
    g = np.prod(np.exp(-((x - 0.5) / 0.05) ** 2), axis=1) / (0.05 * math.sqrt(math.pi)) ** 3
    return g[:, None]


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
