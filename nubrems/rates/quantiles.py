"""Quantiles of binned distributions, with the error the bin errors give them.

A histogram of vegas (the photon energy or the angle to the Sun, per unit of the binned
variable) gives the fraction of events below each bin edge, C_k = S_k / T with S_k the sum
of the first k bin contents and T the total. Within a bin the density is taken as uniform,
so the cumulative fraction is linear there, and the q-quantile is

    x_q = x_i + (x_{i+1} - x_i) (q - C_i) / (C_{i+1} - C_i) = x_i + (x_{i+1} - x_i) (q T - S_i) / b_i

in the bin i with C_i < q <= C_{i+1} (content b_i). This is exact for a distribution that is
uniform within each bin, and otherwise good to second order in the bin width. (Chapter 05
quotes its angles so. :func:`nubrems.rates.histograms.quantile` and
:func:`nubrems.sun.extended.histogram_quantile` interpolate logarithmically instead, which suits
logarithmic bins better; on coarse bins the two conventions differ.)

The error follows from the bin errors by linear propagation, the bins taken as independent:
d x_q / d b_j = (x_{i+1} - x_i) / b_i ([q - 1] for j < i, q for j > i) and, for j = i, the same
minus (x_{i+1} - x_i)(q T - S_i) / b_i^2. The total T moves with every bin, so bins above the
quantile contribute too.
"""

from __future__ import annotations

from typing import NamedTuple, cast

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core._typing import FloatArray
from nubrems.core.validate import finite_array

__all__ = ["Quantile", "binned_quantile"]


class Quantile(NamedTuple):
    """Quantiles of a binned distribution and their 1-sigma errors, in the unit of the edges.

    Each has the shape of the requested fractions (a 0-d value for one fraction).
    """

    value: FloatArray
    error: FloatArray


def binned_quantile(edges: ArrayLike, density: ArrayLike, q: ArrayLike,
                    density_err: ArrayLike | None = None) -> Quantile:
    """The values below which the fractions ``q`` of a binned distribution lie.

    Parameters
    ----------
    edges : array_like, shape (n + 1,)
        Strictly increasing, finite bin edges of the binned variable (any unit, e.g. rad
        or MeV).
    density : array_like, shape (n,)
        The distribution per unit of the binned variable in each bin (e.g. dN/dtheta in
        photons per rad), finite and >= 0, with a positive integral; its normalisation does
        not matter.
    q : float or array_like
        Fractions, each strictly between 0 and 1.
    density_err : array_like, shape (n,), optional
        The 1-sigma errors of ``density`` (same unit), finite and >= 0; without them the
        errors of the result are zero.

    Returns
    -------
    Quantile
        The quantiles (unit of ``edges``) and their errors from ``density_err``, the bins taken
        as independent.

    Raises
    ------
    ValueError
        For edges that are not finite and strictly increasing, a density or errors of the
        wrong length, negative or not finite, a density with zero integral, or fractions
        outside (0, 1).
    """
    x = finite_array("edges", edges, "finite, strictly increasing bin edges")
    if x.ndim != 1 or x.size < 2 or np.any(np.diff(x) <= 0):
        raise ValueError(f"edges must be finite, strictly increasing bin edges; got {edges!r}")
    n = x.size - 1
    d = finite_array("density", density, "finite values >= 0, one per bin", minimum=0.0)
    if d.shape != (n,):
        raise ValueError(f"density must be finite values >= 0, one per bin ({n}); got shape {d.shape}")
    sigma = np.zeros(n) if density_err is None else \
        finite_array("density_err", density_err, "finite errors >= 0, one per bin", minimum=0.0)
    if sigma.shape != (n,):
        raise ValueError(f"density_err must be finite errors >= 0, one per bin ({n}); got shape {sigma.shape}")
    fractions = finite_array("q", q, "fractions in (0, 1)")
    if np.any(fractions <= 0) or np.any(fractions >= 1):
        raise ValueError(f"q must be fractions in (0, 1); got {q!r}")

    widths = np.diff(x)
    content, content_err = d * widths, sigma * widths
    cumulative = np.concatenate([[0.0], np.cumsum(content)])
    total = cumulative[-1]
    if not total > 0:
        raise ValueError(f"density must have a positive integral over the bins; got {density!r}")
    C = cumulative / total
    qs = fractions.ravel()
    i = np.searchsorted(C, qs) - 1                     # C_i < q <= C_{i+1}, so content_i > 0
    lo, width, b = x[i], widths[i], content[i]
    value = lo + (qs - C[i]) / (C[i + 1] - C[i]) * width

    # d x_q / d content_j for every fraction (rows) and bin (columns)
    j = np.arange(n)
    below = (j[None, :] < i[:, None]).astype(float)
    slope = (width / b)[:, None] * (qs[:, None] - below)
    slope -= (j[None, :] == i[:, None]) * (width * (qs * total - cumulative[i]) / b**2)[:, None]
    error = np.sqrt(np.sum((slope * content_err) ** 2, axis=1))
    shape = fractions.shape
    return Quantile(cast(FloatArray, value.reshape(shape)), cast(FloatArray, error.reshape(shape)))
