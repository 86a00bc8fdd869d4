"""The vegas procedure shared by cross sections and rates, and histogram filling.

:func:`integrate` adapts a grid (iterations discarded), runs one pilot iteration on the
frozen grid to measure the error per iteration, then as many fixed-grid iterations as the
requested relative precision of the first integrand component needs (at least 4, at most
``max_iterations``), and returns their weighted average: seeded, unbiased, with vegas'
chi2/dof and Q. If the iteration limit stops it short of the requested precision it says
so with a :class:`PrecisionWarning`.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np


class PrecisionWarning(UserWarning):
    """The requested Monte Carlo precision was not reached within the iteration limit."""


@dataclass
class VegasRun:
    mean: np.ndarray       #: integral of each component
    sdev: np.ndarray       #: its Monte Carlo error
    chi2_dof: float
    Q: float
    n_eval: int


def integrate(f, dim: int, rtol: float, seed: int, neval: int, nitn_adapt: int,
              max_iterations: int, correlate: bool = True) -> VegasRun:
    """Integrate the batch integrand ``f`` over the unit cube [0, 1)^dim with vegas."""
    import vegas

    integ = vegas.Integrator(dim * [[0.0, 1.0]], correlate_integrals=correlate,
                             ran_array_generator=np.random.default_rng(seed).random)
    integ(f, nitn=nitn_adapt, neval=neval)                     # adapt the grid; discarded
    pilot = integ(f, nitn=1, neval=neval, adapt=False)
    first = pilot.flat[0]
    rel = first.sdev / abs(first.mean) if first.mean != 0 else 1.0
    nitn = int(min(max_iterations, max(4, math.ceil(1.2 * (rel / rtol) ** 2))))
    result = integ(f, nitn=nitn, neval=neval, adapt=False)     # fixed grid: unbiased average
    flat = list(result.flat)
    achieved = flat[0].sdev / abs(flat[0].mean) if flat[0].mean != 0 else math.inf
    if nitn == max_iterations and achieved > rtol:
        warnings.warn(f"vegas stopped at max_iterations={max_iterations} with relative error "
                      f"{achieved:.2g} above rtol={rtol:g}; raise neval (now {neval}) or "
                      f"max_iterations", PrecisionWarning, stacklevel=3)
    return VegasRun(
        mean=np.array([r.mean for r in flat]), sdev=np.array([r.sdev for r in flat]),
        chi2_dof=float(result.chi2 / result.dof) if result.dof else 0.0, Q=float(result.Q),
        n_eval=int((nitn_adapt + 1 + nitn) * neval))


def fill_histograms(out, weights, observables):
    """Add ``weights`` to columns of ``out`` (shape (n, 1 + sum of bins)) by bin.

    ``observables`` is a list of (values, edges) pairs; the histograms follow each other
    after column 0 (which holds the total). Values outside the edges are not counted.
    """
    rows = np.arange(len(weights))
    start = 1
    for values, edges in observables:
        nbins = len(edges) - 1
        idx = np.searchsorted(edges, values) - 1
        inside = (idx >= 0) & (idx < nbins)
        out[rows[inside], start + idx[inside]] = weights[inside]
        start += nbins
    return out
