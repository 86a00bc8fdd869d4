"""The one vegas procedure shared by cross sections and rates, with histograms.

A :class:`HistogramIntegrand` wraps a *point function* that returns a weight for each
point of the unit cube and the observables to bin it in (e.g. the lab photon energy and
angle); it provides the vegas batch integrand of the total alone and of the total followed
by every bin. :func:`integrate` then

1. adapts a grid to the total alone (iterations discarded; binning the adaptation runs
   would only cost vegas bookkeeping, since the grid follows the first component anyway),
2. runs one pilot iteration on the frozen grid to measure the error per point,
3. runs as many fixed-grid iterations of the full integrand as the requested relative
   precision of the total needs (at least :data:`MIN_ITERATIONS`, at most
   ``max_iterations``), and returns their weighted average: seeded, unbiased, with vegas'
   chi2/dof and Q. If the iteration limit stops it short it says so with a
   :class:`PrecisionWarning`.

Precision policy: ``neval`` is the number of points per adaptation iteration for
``rtol <= 1 %``; looser requests adapt with fewer, in proportion to ``rtol^-2`` like the
Monte Carlo error itself (down to a tenth),
and the final phase uses as many points as ``(error per point / rtol)^2`` demands (at least
one adaptation iteration's worth, for the histograms, and :data:`MIN_POINTS` per
iteration), so that a tenfold looser ``rtol`` costs several times less instead of the same.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import cast

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core._typing import FloatArray, GVarArray

__all__ = ["HistogramIntegrand", "PrecisionWarning", "VegasRun", "integrate", "MAX_POINTS",
           "MIN_ITERATIONS", "MIN_POINTS", "POLICY_RTOL"]

#: Fixed-grid iterations at least (so that chi2/dof means something).
MIN_ITERATIONS = 4
#: Points per fixed-grid iteration at least.
MIN_POINTS = 1000
#: Points per fixed-grid iteration at most (memory of one batch of histograms).
MAX_POINTS = 200_000
#: At and below this rtol the adaptation uses the full ``neval``.
POLICY_RTOL = 1e-2

#: ``point(x) -> (weight, [observable_1, ...])`` for points x of shape (n, dim).
PointFunction = Callable[[FloatArray], tuple[FloatArray, Sequence[FloatArray]]]
#: What vegas calls: a batch of points (n, dim) -> values (n,) or (n, components).
BatchIntegrand = Callable[[FloatArray], FloatArray]


class PrecisionWarning(UserWarning):
    """The requested Monte Carlo precision was not reached within the iteration limit."""


class HistogramIntegrand:
    """A weighted point function and the binning of its observables, as vegas integrands.

    Parameters
    ----------
    point : callable
        ``point(x) -> (weight, [observable_1, ...])`` for points ``x`` of shape (n, dim) in
        the unit cube: the integrand value (weight) of each point and, for each histogram,
        the value of its observable.
    edges : sequence of array_like
        Bin edges of each observable, in the units ``point`` returns; values outside them
        are not binned.
    n_parts : int
        0: ``point`` returns one weight and one value of each observable per point. k > 0:
        each point is k contributions (e.g. scattering channels with their own kinematics),
        weights and observables of shape (n, k); the total and the bins sum them, and the
        k parts are integrated too, as the last components.
    """

    def __init__(self, point: PointFunction, edges: Sequence[ArrayLike], n_parts: int = 0) -> None:
        self.point = point
        self.edges = [np.asarray(e, dtype=float) for e in edges]
        self.n_bins = [len(e) - 1 for e in self.edges]
        self.n_parts = n_parts

    @property
    def n_out(self) -> int:
        """Components of the full integrand: the total, every bin and the parts."""
        return 1 + sum(self.n_bins) + self.n_parts

    def total(self) -> BatchIntegrand:
        """The vegas batch integrand of the total alone."""
        import vegas  # lazy: loaded only when integrating

        def f(x: FloatArray) -> FloatArray:
            weight = self.point(x)[0]
            return weight.sum(axis=1) if self.n_parts else weight

        return cast(BatchIntegrand, vegas.batchintegrand(f))   # vegas is untyped

    def full(self) -> BatchIntegrand:
        """The vegas batch integrand [total, bins of observable 1, bins of observable 2, ...]."""
        import vegas  # lazy: loaded only when integrating

        def f(x: FloatArray) -> FloatArray:
            weight, observables = self.point(x)
            out = np.zeros((len(weight), self.n_out))
            columns = weight if self.n_parts else weight[:, None]
            out[:, 0] = columns.sum(axis=1)
            rows, start = np.arange(len(weight)), 1
            for values, edges, n in zip(observables, self.edges, self.n_bins, strict=True):
                values = values if self.n_parts else values[:, None]
                for j in range(columns.shape[1]):      # over parts, not events
                    idx = np.searchsorted(edges, values[:, j]) - 1
                    inside = (idx >= 0) & (idx < n)
                    # each row appears once per part, so += on the fancy index is exact
                    out[rows[inside], start + idx[inside]] += columns[inside, j]
                start += n
            if self.n_parts:
                out[:, start:] = weight
            return out

        return cast(BatchIntegrand, vegas.batchintegrand(f))


@dataclass
class VegasRun:
    """The result of :func:`integrate`: the total (index 0) and every bin, with errors.

    ``mean`` and ``sdev`` are vegas' results as plain numbers; with ``correlate=True``,
    ``cov`` is vegas' covariance matrix of the total, the bins and the parts, and
    :meth:`gvars` turns them back into :class:`gvar.GVar` objects with it (so sums, ratios
    and quantiles built from them with gvar arithmetic have correct errors). The run is
    kept as plain arrays so that it crosses process and cluster boundaries intact (pickled
    GVars lose their correlations).
    """

    mean: FloatArray       #: integral of each component
    sdev: FloatArray       #: its Monte Carlo error
    chi2_dof: float
    Q: float
    n_eval: int
    n_bins: tuple[int, ...] = ()
    cov: FloatArray | None = None   #: vegas' covariance of every component (``correlate=True``)

    def gvars(self, scale: float = 1.0) -> GVarArray:
        """Every component times ``scale`` as new :class:`gvar.GVar` objects, correlated by
        :attr:`cov` if the run kept it (else independent, with errors :attr:`sdev`)."""
        import gvar  # lazy: vegas's companion, only where errors are propagated

        if self.cov is None:
            return np.asarray(gvar.gvar(scale * self.mean, abs(scale) * self.sdev), dtype=object)
        return np.asarray(gvar.gvar(scale * self.mean, scale**2 * self.cov), dtype=object)

    @property
    def total(self) -> tuple[float, float]:
        """(integral, error) of the total."""
        return float(self.mean[0]), float(self.sdev[0])

    def parts(self, n_parts: int) -> tuple[FloatArray, FloatArray]:
        """(integrals, errors) of the parts of a :class:`HistogramIntegrand` with ``n_parts``."""
        if n_parts == 0:
            return np.zeros(0), np.zeros(0)
        return self.mean[-n_parts:], self.sdev[-n_parts:]

    def densities(self, widths: Sequence[ArrayLike]) -> list[tuple[FloatArray, FloatArray]]:
        """Each histogram as (values, errors) per unit of its observable: bin integrals
        divided by ``widths`` (one array of bin widths per histogram, in the unit wanted)."""
        out, start = [], 1
        for n, width in zip(self.n_bins, widths, strict=True):
            w = np.asarray(width, dtype=float)
            out.append((self.mean[start:start + n] / w, self.sdev[start:start + n] / w))
            start += n
        return out


def _covariance(result: object) -> FloatArray:
    """vegas' covariance matrix of a (flat) array-valued result."""
    import gvar  # lazy: see VegasRun.gvars

    flat = np.asarray(result, dtype=object).ravel()
    return np.asarray(gvar.evalcov(flat), dtype=float)


def _plan(rtol: float, neval: int) -> int:
    """Points per adaptation iteration for this precision (see the module docstring)."""
    return int(max(neval // 10, min(neval, neval * (POLICY_RTOL / rtol) ** 2)))


def integrate(f: HistogramIntegrand, dim: int, rtol: float, seed: int, neval: int, nitn_adapt: int,
              max_iterations: int, correlate: bool = False) -> VegasRun:
    """Integrate ``f`` over the unit cube [0, 1)^dim with vegas to relative precision ``rtol``.

    Parameters
    ----------
    f : HistogramIntegrand
    dim : int
        Dimension of the unit cube.
    rtol : float
        Requested relative precision of the total.
    seed : int
        Seed of vegas' random numbers: equal seeds give equal results.
    neval : int
        Points per adaptation iteration at rtol <= 1 % (fewer for looser rtol).
    nitn_adapt : int
        Adaptation iterations (discarded).
    max_iterations : int
        Upper limit on the fixed-grid iterations.
    correlate : bool
        Keep vegas' covariances between the total, the bins and the parts
        (``VegasRun.values``); it costs vegas about (number of outputs)^2 operations per
        point, two to three times the run for the 71 outputs of a rate.
    """
    import vegas  # lazy: loaded only when integrating

    integ = vegas.Integrator(dim * [[0.0, 1.0]], correlate_integrals=correlate,
                             ran_array_generator=np.random.default_rng(seed).random)
    n_adapt = _plan(rtol, neval)
    total = f.total()
    integ(total, nitn=nitn_adapt, neval=n_adapt)                  # adapt the grid; discarded
    pilot = integ(total, nitn=1, neval=n_adapt, adapt=False)
    rel = pilot.sdev / abs(pilot.mean) if pilot.mean != 0 else 1.0
    needed = 1.2 * (rel / rtol) ** 2 * n_adapt                     # points for rtol, fixed grid
    # at least as many final points as one adaptation iteration: the histogram bins hold
    # a small share of them each, and vegas' error of a bin needs enough points in it
    per_iteration = int(min(MAX_POINTS, max(MIN_POINTS, n_adapt // MIN_ITERATIONS,
                                            math.ceil(needed / MIN_ITERATIONS))))
    nitn = int(min(max_iterations, max(MIN_ITERATIONS, math.ceil(needed / per_iteration))))
    result = integ(f.full(), nitn=nitn, neval=per_iteration, adapt=False)   # unbiased average
    flat = list(result.flat)
    achieved = flat[0].sdev / abs(flat[0].mean) if flat[0].mean != 0 else math.inf
    if nitn == max_iterations and achieved > rtol:
        warnings.warn(f"vegas stopped at max_iterations={max_iterations} with relative error "
                      f"{achieved:.2g} above rtol={rtol:g}; raise neval (now {neval}) or "
                      f"max_iterations", PrecisionWarning, stacklevel=3)
    return VegasRun(
        mean=np.array([r.mean for r in flat]), sdev=np.array([r.sdev for r in flat]),
        chi2_dof=float(result.chi2 / result.dof) if result.dof else 0.0, Q=float(result.Q),
        n_eval=int((nitn_adapt + 1) * n_adapt + nitn * per_iteration), n_bins=tuple(f.n_bins),
        cov=_covariance(result) if correlate else None)
