"""Fits to Monte Carlo results: the power law y = A x^n of a cross section in energy.

A cross section computed by vegas at a few energies, each with its Monte Carlo error, grows
like a power of the energy where one scale dominates (sigma ~ E^2 for m_nu << E, chapter 03).
:func:`power_law_fit` finds the exponent n by a weighted least-squares straight line through
(ln x, ln y): the error of ln y is the relative error dy / y, each point weighs 1 / (dy / y)^2,
and the error of n is the one the stated errors imply (the covariance is not rescaled by the
scatter of the points, which for a handful of points would be a poor estimate of it).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core.validate import finite_array

__all__ = ["PowerLawFit", "power_law_fit"]


class PowerLawFit(NamedTuple):
    """The exponent n of y = A x^n and its 1-sigma error (both dimensionless).

    A pair, so that it can be passed on as ``(mean, error)``.
    """

    exponent: float
    error: float


def power_law_fit(x: ArrayLike, y: ArrayLike, y_err: ArrayLike) -> PowerLawFit:
    """The exponent n of y = A x^n, by weighted least squares in (ln x, ln y).

    Parameters
    ----------
    x : array_like
        The abscissae, e.g. neutrino energies (any unit: n does not depend on it); positive,
        at least two different values.
    y : array_like
        The values at ``x``, e.g. cross sections (any unit); positive.
    y_err : array_like
        The 1-sigma errors of ``y``, in the unit of ``y``; positive.

    Returns
    -------
    PowerLawFit
        The exponent n (dimensionless) and its error from the stated errors,
        sqrt(S / (S S_xx - S_x^2)) with S = sum w, S_x = sum w ln x, S_xx = sum w (ln x)^2 and
        w = (y / y_err)^2.

    Raises
    ------
    ValueError
        If the arrays are not finite and positive, differ in length, or ``x`` has fewer than
        two different values.
    """
    xs = finite_array("x", x, "finite numbers > 0")
    ys = finite_array("y", y, "finite numbers > 0")
    errs = finite_array("y_err", y_err, "finite errors > 0")
    for name, values, given in (("x", xs, x), ("y", ys, y), ("y_err", errs, y_err)):
        if values.ndim != 1 or np.any(values <= 0):
            raise ValueError(f"{name} must be a 1-d array of finite numbers > 0; got {given!r}")
    if not xs.size == ys.size == errs.size:
        raise ValueError(f"x, y and y_err must have the same length; got {xs.size}, {ys.size}, {errs.size}")
    if np.unique(xs).size < 2:
        raise ValueError(f"x must hold at least two different values; got {x!r}")
    relative = errs / ys                                   # the error of ln y
    coef, cov = np.polyfit(np.log(xs), np.log(ys), 1, w=1 / relative, cov="unscaled")
    return PowerLawFit(float(coef[0]), float(np.sqrt(cov[0, 0])))
