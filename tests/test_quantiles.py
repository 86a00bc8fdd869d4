"""nubrems.rates.quantiles: quantiles of binned distributions against distributions with a
known cumulative distribution, and their errors against gvar's propagation."""

import math

import gvar
import numpy as np
import pytest

from nubrems.rates.quantiles import binned_quantile


def test_uniform_distribution_on_uneven_bins_is_exact():
    # uniform on [0, 2]: the density is constant in every bin, so interpolation is exact
    edges = np.array([0.0, 0.1, 0.15, 0.7, 1.0, 1.9, 2.0])
    q = np.array([0.01, 0.3, 0.5, 0.62, 0.99])
    result = binned_quantile(edges, np.full(6, 4.2), q)
    assert result.value == pytest.approx(2 * q, rel=1e-14)
    assert np.all(result.error == 0)


@pytest.mark.parametrize("q", [0.1, 0.5, 0.9, 0.99])
def test_exponential_distribution_with_exact_bin_contents(q):
    # contents from the exact CDF 1 - exp(-x); the quantile is -ln(1 - q) up to O(width^2)
    edges = np.linspace(0.0, 40.0, 4001)
    contents = -np.diff(np.exp(-edges))
    result = binned_quantile(edges, contents / np.diff(edges), q)
    width = edges[1] - edges[0]
    assert result.value == pytest.approx(-math.log1p(-q), abs=width**2)


def test_power_law_on_logarithmic_bins():
    # density 1 / theta^2 on [1e-3, 1]: CDF (1/a - 1/theta) / (1/a - 1), quantile a / (1 - q (1 - a))
    a = 1e-3
    edges = np.geomspace(a, 1.0, 2001)
    contents = (1 / edges[:-1] - 1 / edges[1:]) / (1 / a - 1)
    q = np.array([0.5, 0.9])
    result = binned_quantile(edges, contents / np.diff(edges), q)
    exact = a / (1 - q * (1 - a))
    assert result.value == pytest.approx(exact, rel=1e-5)


def test_scalar_fraction_gives_a_scalar_and_normalisation_does_not_matter():
    edges = np.geomspace(1e-3, 3.0, 30)
    density = np.exp(-np.sqrt(edges[:-1] * edges[1:]))
    one = binned_quantile(edges, density, 0.5)
    scaled = binned_quantile(edges, 1e7 * density, [0.5])
    assert np.shape(one.value) == ()
    assert float(one.value) == scaled.value[0]


def test_empty_leading_bins_are_skipped():
    edges = np.arange(6.0)
    density = np.array([0.0, 0.0, 1.0, 1.0, 0.0])
    assert binned_quantile(edges, density, [0.25, 0.5, 0.75]).value == pytest.approx([2.5, 3.0, 3.5])


def test_fraction_reached_before_an_empty_bin_gives_the_smallest_value():
    # every x in [1, 2] has half the distribution below it: the quantile is the smallest, 1
    edges = np.array([0.0, 1.0, 2.0, 3.0])
    assert float(binned_quantile(edges, [1.0, 0.0, 1.0], 0.5).value) == 1.0


def test_error_agrees_with_gvar_propagation():
    rng = np.random.default_rng(4)
    edges = np.geomspace(1e-7, math.pi, 36)
    centres = np.sqrt(edges[1:] * edges[:-1])
    density = centres / (1 + (centres / 1e-3) ** 2) ** 1.5 * rng.uniform(0.8, 1.2, 35) / centres
    errors = 0.05 * density * rng.uniform(0.5, 1.5, 35)
    q = np.array([0.1, 0.5, 0.9])
    result = binned_quantile(edges, density, q, errors)

    # the same quantile with gvar: independent bins, the total correlated with every bin
    widths = np.diff(edges)
    contents = gvar.gvar(density * widths, errors * widths)
    cum = np.concatenate([[gvar.gvar(0.0, 0.0)], np.cumsum(contents)])
    cum = cum / cum[-1]
    for k, fraction in enumerate(q):
        i = int(np.searchsorted(gvar.mean(cum), fraction)) - 1
        expected = edges[i] + (fraction - cum[i]) / (cum[i + 1] - cum[i]) * widths[i]
        assert result.value[k] == pytest.approx(expected.mean, rel=1e-12)
        assert result.error[k] == pytest.approx(expected.sdev, rel=1e-10)
        assert result.error[k] > 0


def test_error_scatter_of_fluctuated_histograms():
    # a second check of the errors: fluctuate the bins and look at the spread of the quantile
    rng = np.random.default_rng(11)
    edges = np.linspace(0.0, 10.0, 21)
    density = np.exp(-0.5 * (0.5 * (edges[1:] + edges[:-1]) - 4.0) ** 2)
    errors = 0.02 * density + 1e-3
    predicted = binned_quantile(edges, density, 0.7, errors).error
    samples = density + errors * rng.standard_normal((4000, 20))
    values = [float(binned_quantile(edges, np.clip(s, 0, None), 0.7).value) for s in samples]
    assert np.std(values) == pytest.approx(float(predicted), rel=0.1)


@pytest.mark.parametrize("edges, density, q, errors, message", [
    ([0.0, 1.0, 1.0], [1.0, 1.0], 0.5, None, r"^edges must be finite, strictly increasing"),
    ([0.0, 1.0], [1.0, 1.0], 0.5, None, r"^density must be finite values >= 0, one per bin \(1\)"),
    ([0.0, 1.0, 2.0], [1.0, -1.0], 0.5, None, r"^density must be finite values >= 0"),
    ([0.0, 1.0, 2.0], [0.0, 0.0], 0.5, None, r"^density must have a positive integral"),
    ([0.0, 1.0, 2.0], [1.0, 1.0], 1.0, None, r"^q must be fractions in \(0, 1\)"),
    ([0.0, 1.0, 2.0], [1.0, 1.0], [0.5, 0.0], None, r"^q must be fractions in \(0, 1\)"),
    ([0.0, 1.0, 2.0], [1.0, 1.0], 0.5, [0.1], r"^density_err must be finite errors >= 0, one per bin"),
    ([0.0, 1.0, 2.0], [1.0, 1.0], 0.5, [0.1, math.nan], r"^density_err must be finite errors >= 0"),
])
def test_refusals(edges, density, q, errors, message):
    with pytest.raises(ValueError, match=message):
        binned_quantile(edges, density, q, errors)
