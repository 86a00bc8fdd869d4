"""Binned distributions: the one quantile of a histogram, and the windows of a 2-D one.

* :func:`quantile`: the value below which a fraction ``q`` of a binned density lies. It
  takes plain numbers, or :class:`gvar.GVar` objects -- the bins of a rate with vegas'
  covariance (:meth:`nubrems.rates.one_flavour.RateResult.gvars`), or ``gvar.gvar(values,
  errors)`` for independent bins -- and then returns a GVar whose error gvar propagates
  through the cumulative sum, the normalisation and the interpolation, correlations
  included. Within the bin where the cumulative fraction crosses ``q`` it interpolates
  logarithmically (the angle bins are logarithmic; linearly in a bin that starts at 0),
  or linearly everywhere with ``interpolation="linear"``.
* :func:`window_sums`: for a histogram ``h[i, j]`` (rows i: e.g. photon-energy bins,
  columns j: angle bins from the smallest angle up), the content of every selection "rows
  a <= i < b, columns j <= c" at once, from the 2-D prefix sums.

Bin edges are in any unit; values are densities per unit of the binned observable.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.kinematics import binning

__all__ = ["INTERPOLATIONS", "quantile", "window_sums"]

#: How :func:`quantile` interpolates within the bin where the fraction is crossed.
INTERPOLATIONS = ("log", "linear")


def quantile(values: ArrayLike, edges: ArrayLike, q: float, *, interpolation: str = "log") -> Any:
    """The value below which a fraction ``q`` of a binned density lies.

    With the bin contents c_i = v_i w_i (w_i the bin widths) and C_k their sum over the bins
    below k, the quantile lies in the bin k where C_k / C_n < q <= C_(k+1) / C_n, at the
    fraction f = (q C_n - C_k) / c_k of the bin: x = x_k (x_(k+1) / x_k)^f (``"log"``;
    x_k + f (x_(k+1) - x_k) with ``"linear"`` and in a bin that starts at 0).

    Parameters
    ----------
    values : array_like, shape (n,)
        Densities per unit of the observable (e.g. photons per rad): finite numbers >= 0,
        not all zero; or :class:`gvar.GVar` objects whose means are.
    edges : array_like, shape (n + 1,)
        Bin edges in the unit of the result; >= 0 and strictly increasing.
    q : float
        The fraction, in (0, 1).
    interpolation : {"log", "linear"}
        Within the bin (see above).

    Returns
    -------
    float or gvar.GVar
        The quantile in the unit of ``edges``; a GVar, with its propagated error, if
        ``values`` are GVars.

    Raises
    ------
    ValueError
        One line naming the argument.
    """
    e = binning.check_edges(edges, "edges")
    validate.fraction("q", q)
    validate.choice("interpolation", interpolation, INTERPOLATIONS)
    v = np.asarray(values)
    gvars = v.dtype == object
    if gvars:
        import gvar  # lazy: vegas's companion, only for results with errors

        means = validate.finite_array("values", gvar.mean(v), "finite densities >= 0 (their means)", minimum=0.0)
    else:
        means = v = validate.finite_array("values", v, "finite densities >= 0", minimum=0.0)
    if means.shape != (e.size - 1,):
        raise ValueError(f"values must have one entry per bin of edges ({e.size - 1}); got shape {means.shape}")
    widths = np.diff(e)
    mean_cum = np.concatenate([[0.0], np.cumsum(means * widths)])
    if not mean_cum[-1] > 0:
        raise ValueError("values must not be all zero")
    k = int(np.clip(np.searchsorted(mean_cum / mean_cum[-1], q, side="left") - 1, 0, means.size - 1))
    counts = v * widths
    below, total = np.sum(counts[:k]), np.sum(counts)   # gvar arithmetic when values are GVars
    f = (q * total - below) / counts[k]
    lo, hi = float(e[k]), float(e[k + 1])
    if interpolation == "linear" or lo == 0:
        return lo + f * (hi - lo) if gvars else float(lo + f * (hi - lo))
    if gvars:
        return lo * gvar.exp(f * np.log(hi / lo))
    return float(lo * (hi / lo) ** f)


def window_sums(histogram: ArrayLike) -> FloatArray:
    """The content of every window of rows and every cone of columns of a 2-D histogram.

    Parameters
    ----------
    histogram : array_like, shape (n, m)
        Bin contents h[i, j] (not densities): rows i, e.g. photon-energy bins; columns j,
        e.g. angle bins from the smallest angle up. Finite.

    Returns
    -------
    ndarray, shape (n + 1, n + 1, m)
        ``out[a, b, c]`` = sum of h[i, j] over a <= i < b and j <= c: the rows between the
        edges a and b and the columns up to the upper edge c + 1 (a cone about the
        smallest angle). Empty windows (b <= a) hold 0.
    """
    h = validate.finite_array("histogram", histogram, "a finite 2-D histogram")
    if h.ndim != 2 or min(h.shape) < 1:
        raise ValueError(f"histogram must be a finite 2-D histogram; got shape {h.shape}")
    prefix = np.zeros((h.shape[0] + 1, h.shape[1] + 1))    # contents of rows < b, columns < c
    prefix[1:, 1:] = h.cumsum(0).cumsum(1)
    sums = prefix[None, :, 1:] - prefix[:, None, 1:]       # [a, b, c]
    rows = np.arange(h.shape[0] + 1)
    out: FloatArray = np.where((rows[None, :] > rows[:, None])[:, :, None], sums, 0.0)
    return out
