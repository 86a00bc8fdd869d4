"""Histogram tools: the quantile against the extended-Sun quantile, gvar's propagation and
toy experiments, exact limits; the window sums against brute force; bad input."""

import math

import gvar
import numpy as np
import pytest

from nubrems.rates import histograms as H
from nubrems.sun import extended as ES


def a_histogram(n=12, seed=3):
    rng = np.random.default_rng(seed)
    edges = np.geomspace(1e-6, 1e-1, n + 1)
    values = rng.uniform(0.2, 5.0, n) / np.diff(edges)     # densities, contents of order one
    errors = 0.02 * values * rng.uniform(0.5, 1.5, n)
    return values, errors, edges


@pytest.mark.parametrize("q", [0.05, 0.3, 0.5, 0.9, 0.99])
def test_value_is_that_of_the_extended_sun_quantile(q):
    values, errors, edges = a_histogram()
    assert H.quantile(values, errors, edges, q)[0] == pytest.approx(ES.histogram_quantile(values, edges, q),
                                                                    rel=1e-12)
    # a first bin from 0 is interpolated linearly, as there
    edges0 = np.concatenate([[0.0], edges[1:]])
    assert H.quantile(values, errors, edges0, q)[0] == pytest.approx(ES.histogram_quantile(values, edges0, q),
                                                                     rel=1e-12)


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9])
def test_error_is_gvar_propagation(q):
    # second method: the bins' contents as independent gvars, the quantile computed through them
    values, errors, edges = a_histogram()
    widths = np.diff(edges)
    counts = gvar.gvar(values * widths, errors * widths)
    cum = np.concatenate([[gvar.gvar(0.0, 0.0)], np.cumsum(counts)])
    cum = cum / cum[-1]
    k = int(np.searchsorted(gvar.mean(cum), q)) - 1
    f = (q - cum[k]) / (cum[k + 1] - cum[k])
    expected = edges[k] * gvar.exp(f * math.log(edges[k + 1] / edges[k]))
    value, error = H.quantile(values, errors, edges, q)
    assert value == pytest.approx(expected.mean, rel=1e-12)
    assert error == pytest.approx(expected.sdev, rel=1e-9)


def test_error_is_the_spread_of_toy_experiments():
    # third method: fluctuate every bin by its error and take the spread of the quantiles
    values, errors, edges = a_histogram()
    q, n_toys = 0.5, 20_000
    rng = np.random.default_rng(11)
    toys = (values + errors * rng.standard_normal((n_toys, values.size))) * np.diff(edges)
    cum = np.concatenate([np.zeros((n_toys, 1)), np.cumsum(toys, axis=1)], axis=1)
    cum /= cum[:, -1:]
    k = (cum < q).sum(axis=1) - 1
    rows = np.arange(n_toys)
    f = (q - cum[rows, k]) / (cum[rows, k + 1] - cum[rows, k])
    x = edges[k] * (edges[k + 1] / edges[k]) ** f
    value, error = H.quantile(values, errors, edges, q)
    assert np.mean(x) == pytest.approx(value, abs=5 * error / math.sqrt(n_toys) + 1e-3 * error)
    assert np.std(x) == pytest.approx(error, rel=0.03)         # 1 % statistical, 2 % non-linearity


def test_exact_limits():
    # two logarithmic bins of equal content: the median is the middle edge, whatever the errors
    edges = np.array([1e-4, 1e-3, 1e-2])
    values = np.array([1.0, 1.0]) / np.diff(edges)
    assert H.quantile(values, 0.1 * values, edges, 0.5)[0] == pytest.approx(1e-3, rel=1e-13)
    # one bin: the quantile does not depend on the content, so it has no error
    value, error = H.quantile([2.0], [0.5], [0.0, 4.0], 0.25)
    assert (value, error) == (1.0, 0.0)
    # no Monte Carlo errors, no error
    values, _, edges = a_histogram()
    assert H.quantile(values, np.zeros(values.size), edges, 0.7)[1] == 0.0


@pytest.mark.parametrize("kwargs, message", [
    ({"q": 1.0}, "q must be a fraction in"),
    ({"q": 0.0}, "q must be a fraction in"),
    ({"values": [1.0, -1.0, 1.0]}, "values must be finite densities >= 0"),
    ({"errors": [0.1, math.nan, 0.1]}, "errors must be finite errors >= 0"),
    ({"values": [1.0, 1.0]}, "one entry per bin"),
    ({"values": [0.0, 0.0, 0.0]}, "values must not be all zero"),
    ({"edges": [1.0, 0.5, 2.0, 3.0]}, "edges must be strictly increasing"),
])
def test_quantile_refuses_bad_input(kwargs, message):
    args = {"values": [1.0, 2.0, 1.0], "errors": [0.1, 0.1, 0.1], "edges": [1.0, 2.0, 3.0, 4.0], "q": 0.5}
    args.update(kwargs)
    with pytest.raises(ValueError, match=message):
        H.quantile(**args)


def test_window_sums_are_brute_force_sums():
    rng = np.random.default_rng(5)
    h = rng.uniform(-1.0, 2.0, (5, 4))
    out = H.window_sums(h)
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
    out = H.window_sums(h)
    np.testing.assert_allclose(out[1, 6], out[1, 3] + out[3, 6], rtol=1e-13)
    np.testing.assert_allclose(np.diff(out[2, 5], axis=-1), h[2:5, 1:].sum(axis=0), rtol=1e-12)


@pytest.mark.parametrize("h", [[1.0, 2.0], [[1.0, math.inf]], np.zeros((0, 3))])
def test_window_sums_refuse_bad_input(h):
    with pytest.raises(ValueError, match="histogram must be a finite 2-D histogram"):
        H.window_sums(h)
