"""nubrems.kinematics.histograms: the one histogram quantile (exact CDFs, both
interpolations, gvar errors against toy experiments, independent and correlated bins,
limits, bad input) and the window sums of a 2-D histogram (brute force)."""

import math

import gvar
import numpy as np
import pytest

from nubrems.kinematics.histograms import quantile, window_sums


def a_histogram(n=12, seed=3):
    rng = np.random.default_rng(seed)
    edges = np.geomspace(1e-6, 1e-1, n + 1)
    values = rng.uniform(0.2, 5.0, n) / np.diff(edges)     # densities, contents of order one
    errors = 0.02 * values * rng.uniform(0.5, 1.5, n)
    return values, errors, edges


@pytest.mark.parametrize("q", [0.1, 0.5, 0.83])
def test_linear_interpolation_is_exact_for_a_piecewise_uniform_density(q):
    edges = np.array([0.0, 0.5, 2.0, 2.5, 4.0])
    density = np.array([2.0, 0.2, 1.0, 0.4])
    cdf_edges = np.concatenate([[0.0], np.cumsum(density * np.diff(edges))])
    cdf_edges /= cdf_edges[-1]
    exact = np.interp(q, cdf_edges, edges)          # the CDF is linear in every bin
    assert quantile(density, edges, q, interpolation="linear") == pytest.approx(exact, rel=1e-14)


@pytest.mark.parametrize("q", [0.2, 0.5, 0.9])
def test_log_interpolation_is_exact_for_a_density_flat_in_log(q):
    # dN/dx ~ 1/x on logarithmic bins: the CDF is linear in log x, x_q = a (b/a)^q
    edges = np.geomspace(1e-4, 1e-1, 10)
    density = np.log(edges[1:] / edges[:-1]) / np.diff(edges)   # bin contents log(b/a)
    x = quantile(density, edges, q)
    assert x == pytest.approx(1e-4 * 1e3**q, rel=1e-12)


def test_log_beats_linear_on_a_steep_exponential():
    edges = np.geomspace(1e-3, 10.0, 16)
    counts = np.exp(-edges[:-1]) - np.exp(-edges[1:])        # exact bin contents of e^-x
    density = counts / np.diff(edges)
    exact = -math.log(1 - 0.5 * (1 - math.exp(-10.0)) - (1 - math.exp(-1e-3)) * 0.5)
    log, lin = quantile(density, edges, 0.5), quantile(density, edges, 0.5, interpolation="linear")
    assert abs(log - exact) < 0.05 * exact and abs(lin - exact) < 0.1 * exact


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_plain_and_gvar_values_agree_and_independent_errors_are_the_linear_propagation(q):
    values, errors, edges = a_histogram()
    g = quantile(gvar.gvar(values, errors), edges, q)
    assert g.mean == pytest.approx(quantile(values, edges, q), rel=1e-13)
    # the derivative by hand: dx/dc_i through f = (q C_n - C_k) / c_k
    widths = np.diff(edges)
    c, s = values * widths, errors * widths
    cum = np.concatenate([[0.0], np.cumsum(c)])
    k = int(np.searchsorted(cum / cum[-1], q)) - 1
    f = (q * cum[-1] - cum[k]) / c[k]
    df = np.where(np.arange(c.size) < k, q - 1.0, q) / c[k]
    df[k] = (q - f) / c[k]
    dx_df = g.mean * math.log(edges[k + 1] / edges[k])
    assert g.sdev == pytest.approx(abs(dx_df) * math.sqrt(np.sum((df * s) ** 2)), rel=1e-9)


def test_correlated_errors_are_the_spread_of_correlated_toys():
    """Bins with a covariance (as vegas gives them): the propagated error is the spread of
    the quantile over histograms drawn from that covariance, and it differs from the error
    the same bins would have if independent."""
    values, errors, edges = a_histogram()
    rng = np.random.default_rng(5)
    # a common normalisation (correlation 0.8 between all bins) moves no quantile
    corr = np.full((values.size, values.size), 0.8) + 0.2 * np.eye(values.size)
    cov = corr * np.outer(errors, errors)
    q = 0.5
    g = quantile(gvar.gvar(values, cov), edges, q)
    toys = rng.multivariate_normal(values, cov, size=20_000)
    spread = np.std([quantile(np.clip(t, 0, None), edges, q) for t in toys[:4000]])
    assert spread == pytest.approx(g.sdev, rel=0.06)
    independent = quantile(gvar.gvar(values, errors), edges, q).sdev
    assert independent > 1.3 * g.sdev          # 1.46: ignoring correlations would overstate it


def test_exact_limits():
    edges = np.array([1e-4, 1e-3, 1e-2])
    values = np.array([1.0, 1.0]) / np.diff(edges)
    assert quantile(gvar.gvar(values, 0.1 * values), edges, 0.5).mean == pytest.approx(1e-3, rel=1e-13)
    one = quantile(gvar.gvar([2.0], [0.5]), [0.0, 4.0], 0.25)     # one bin: no error
    assert (one.mean, one.sdev) == (1.0, 0.0)
    assert quantile(np.array([1.0, 0.0, 1.0]), [0.0, 1.0, 2.0, 3.0], 0.5, interpolation="linear") == 1.0


@pytest.mark.parametrize("kwargs, message", [
    ({"q": 1.0}, "q must be a fraction in"),
    ({"q": 0.0}, "q must be a fraction in"),
    ({"values": [1.0, -1.0, 1.0]}, "values must be finite densities >= 0"),
    ({"values": gvar.gvar([1.0, math.nan, 1.0], [0.1, 0.1, 0.1])}, r"values must be finite densities >= 0 \(their"),
    ({"values": [1.0, 1.0]}, "one entry per bin"),
    ({"values": [0.0, 0.0, 0.0]}, "values must not be all zero"),
    ({"edges": [1.0, 0.5, 2.0, 3.0]}, "edges must be strictly increasing"),
    ({"interpolation": "cubic"}, "interpolation must be one of log, linear"),
])
def test_quantile_refuses_bad_input(kwargs, message):
    args = {"values": [1.0, 2.0, 1.0], "edges": [1.0, 2.0, 3.0, 4.0], "q": 0.5}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        quantile(**args)


def test_window_sums_are_brute_force_sums():
    rng = np.random.default_rng(5)
    h = rng.uniform(-1.0, 2.0, (5, 4))
    out = window_sums(h)
    assert out.shape == (6, 6, 4)
    for a in range(6):
        for b in range(6):
            for c in range(4):
                expected = h[a:b, :c + 1].sum() if b > a else 0.0
                assert out[a, b, c] == pytest.approx(expected, rel=1e-12, abs=1e-12)
    assert out[0, 5, 3] == pytest.approx(h.sum(), rel=1e-14)


def test_window_sums_are_additive():
    # a window is the sum of its two halves; a cone grows by one column at a time
    h = np.random.default_rng(8).uniform(0.0, 1.0, (7, 6))
    out = window_sums(h)
    np.testing.assert_allclose(out[1, 6], out[1, 3] + out[3, 6], rtol=1e-13)
    np.testing.assert_allclose(np.diff(out[2, 5], axis=-1), h[2:5, 1:].sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize("h", [[1.0, 2.0], [[1.0, math.inf]], np.zeros((0, 3))])
def test_window_sums_refuse_bad_input(h):
    with pytest.raises(ValueError, match="histogram must be a finite 2-D histogram"):
        window_sums(h)
