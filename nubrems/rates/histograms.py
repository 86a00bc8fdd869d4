"""Tools for binned distributions: a quantile with its Monte Carlo error, and the contents
of every energy window and angular cone of a 2-D histogram.

Both work on the histograms the rates fill (:mod:`nubrems.rates.integration`), whatever
they hold: bin edges in any unit, densities per unit of the observable or bin contents.

* :func:`quantile`: the value below which a fraction ``q`` of a binned density lies,
  interpolated logarithmically within its bin (linearly in a bin that starts at 0), and
  its error from the bins' independent Monte Carlo errors by linear propagation. The value
  is that of :func:`nubrems.sun.extended.histogram_quantile`.
* :func:`window_sums`: for a histogram ``h[i, j]`` (rows i: e.g. photon-energy bins,
  columns j: angle bins from the smallest angle up), the content of every selection "rows
  a <= i < b, columns j <= c" at once, from the 2-D prefix sums.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.kinematics import binning

__all__ = ["quantile", "window_sums"]


def quantile(values: ArrayLike, errors: ArrayLike, edges: ArrayLike, q: float) -> tuple[float, float]:
    """The value below which a fraction ``q`` of a binned density lies, with its error.

    With the bin contents c_i = v_i w_i (w_i the bin widths) and C_k their sum over the
    bins below k, the quantile lies in the bin k where C_k / C_n < q <= C_(k+1) / C_n, at
    the fraction f = (q C_n - C_k) / c_k of the bin: x = x_k (x_(k+1) / x_k)^f
    (logarithmic interpolation; x_k + f (x_(k+1) - x_k) in a bin that starts at 0). The
    errors e_i w_i of the contents are taken as independent (those of vegas' bins are, to
    the precision of their errors) and propagated linearly, through
    df/dc_i = (q - 1) / c_k below bin k, (q - f) / c_k in it and q / c_k above it.

    Parameters
    ----------
    values : array_like, shape (n,)
        Densities per unit of the observable (e.g. photons per rad); finite, >= 0, not
        all zero.
    errors : array_like, shape (n,)
        Their 1-sigma Monte Carlo errors, same unit; finite, >= 0.
    edges : array_like, shape (n + 1,)
        Bin edges, in the unit of the result (e.g. rad); >= 0, strictly increasing.
    q : float
        The fraction, in (0, 1).

    Returns
    -------
    (float, float)
        The quantile and its 1-sigma error, in the unit of ``edges``.
    """
    e = binning.check_edges(edges, "edges")
    v = validate.finite_array("values", values, "finite densities >= 0", minimum=0.0)
    err = validate.finite_array("errors", errors, "finite errors >= 0", minimum=0.0)
    q = validate.fraction("q", q)
    if v.shape != (e.size - 1,) or err.shape != v.shape:
        raise ValueError(f"values and errors must have one entry per bin of edges ({e.size - 1}); "
                         f"got shapes {v.shape} and {err.shape}")
    widths = np.diff(e)
    counts, sigmas = v * widths, err * widths
    cum = np.concatenate([[0.0], np.cumsum(counts)])
    if not cum[-1] > 0:
        raise ValueError("values must not be all zero")
    fractions = cum / cum[-1]
    k = int(np.searchsorted(fractions, q)) - 1        # fractions[k] < q <= fractions[k + 1]
    f = (q - fractions[k]) / (fractions[k + 1] - fractions[k])
    lo, hi = e[k], e[k + 1]
    if lo == 0:
        x, dx_df = lo + f * (hi - lo), hi - lo
    else:
        log_ratio = math.log(hi / lo)
        x = lo * math.exp(f * log_ratio)
        dx_df = x * log_ratio
    df_dc = np.where(np.arange(v.size) < k, q - 1.0, q) / counts[k]
    df_dc[k] = (q - f) / counts[k]
    error = abs(dx_df) * math.sqrt(float(np.sum((df_dc * sigmas) ** 2)))
    return float(x), error


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
