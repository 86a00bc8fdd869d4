"""nubrems.rates.fits: the power-law fit against exact power laws, the closed-form weighted
least-squares formulas, and the scatter of fits to fluctuated data."""

import math

import numpy as np
import pytest

from nubrems.rates.fits import PowerLawFit, power_law_fit


@pytest.mark.parametrize("n", [-1.5, 0.0, 2.0, 3.25])
def test_exact_power_law_gives_its_exponent(n):
    x = np.geomspace(0.1, 20.0, 7)
    y = 6.7e-84 * x**n
    fit = power_law_fit(x, y, 0.01 * y)
    assert isinstance(fit, PowerLawFit)
    assert fit.exponent == pytest.approx(n, abs=1e-12)


def test_units_of_x_and_y_do_not_change_the_exponent_or_its_error():
    x = np.array([0.3, 1.0, 4.0, 17.0])
    y = np.array([1.0, 12.0, 170.0, 3.1e3])
    err = np.array([0.05, 0.4, 9.0, 80.0])
    one, other = power_law_fit(x, y, err), power_law_fit(1e6 * x, 1e-4 * y, 1e-4 * err)
    assert other.exponent == pytest.approx(one.exponent, rel=1e-12)
    assert other.error == pytest.approx(one.error, rel=1e-10)


def test_error_is_the_weighted_least_squares_formula():
    # slope variance S / (S Sxx - Sx^2), w = 1 / (relative error)^2, independent of the data
    x = np.array([0.1, 0.3, 1.0, 3.0, 10.0])
    rel = np.array([0.01, 0.02, 0.005, 0.03, 0.01])
    y = 2.0 * x**2 * (1 + np.array([0.01, -0.02, 0.004, 0.03, -0.01]))
    fit = power_law_fit(x, y, rel * y)
    w, lx, ly = 1 / rel**2, np.log(x), np.log(y)
    S, Sx, Sy, Sxx, Sxy = w.sum(), (w * lx).sum(), (w * ly).sum(), (w * lx**2).sum(), (w * lx * ly).sum()
    delta = S * Sxx - Sx**2
    assert fit.exponent == pytest.approx((S * Sxy - Sx * Sy) / delta, rel=1e-12)
    assert fit.error == pytest.approx(math.sqrt(S / delta), rel=1e-10)


def test_two_points_give_the_slope_through_them():
    fit = power_law_fit([1.0, 10.0], [3.0, 300.0], [0.03, 3.0])
    assert fit.exponent == pytest.approx(2.0, rel=1e-12)
    assert fit.error == pytest.approx(math.sqrt(2) * 0.01 / math.log(10), rel=1e-10)


def test_scatter_of_fits_to_fluctuated_data_matches_the_error():
    rng = np.random.default_rng(5)
    x = np.geomspace(0.1, 20.0, 7)
    y = x**2
    err = 0.02 * y
    predicted = power_law_fit(x, y, err).error
    slopes = [power_law_fit(x, y + err * rng.standard_normal(7), err).exponent for _ in range(2000)]
    assert np.mean(slopes) == pytest.approx(2.0, abs=3 * predicted / math.sqrt(2000) + 1e-4)
    assert np.std(slopes) == pytest.approx(predicted, rel=0.1)


@pytest.mark.parametrize("x, y, err, message", [
    ([1.0, 2.0], [1.0, -2.0], [0.1, 0.1], r"^y must be a 1-d array of finite numbers > 0"),
    ([0.0, 2.0], [1.0, 2.0], [0.1, 0.1], r"^x must be a 1-d array of finite numbers > 0"),
    ([1.0, 2.0], [1.0, 2.0], [0.1, 0.0], r"^y_err must be a 1-d array of finite numbers > 0"),
    ([1.0, 2.0], [1.0, 2.0, 3.0], [0.1, 0.1], r"^x, y and y_err must have the same length"),
    ([2.0, 2.0], [1.0, 2.0], [0.1, 0.1], r"^x must hold at least two different values"),
    ([1.0, math.inf], [1.0, 2.0], [0.1, 0.1], r"^x must be finite numbers > 0"),
])
def test_refusals(x, y, err, message):
    with pytest.raises(ValueError, match=message):
        power_law_fit(x, y, err)
