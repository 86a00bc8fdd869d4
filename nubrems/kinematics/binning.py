"""Log-spaced bins of the lab photon energy and of its angle to the solar direction.

One home for the default histogram binning of cross sections (:mod:`nubrems.rates.cross_sections`, around
one solar energy) and rates (:mod:`nubrems.rates.one_flavour`, the whole solar spectrum).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core._typing import FloatArray

__all__ = ["energy_edges", "angle_edges", "check_edges"]


def energy_edges(E_max_MeV: float = 20.0, n: int = 40, low_MeV: float = 1e-6) -> FloatArray:
    """n + 1 log-spaced photon-energy edges in MeV from ``low_MeV`` to ``E_max_MeV``.

    The default spans the solar spectrum (1 eV to 20 MeV); for one solar energy E use
    ``energy_edges(E, 30, 1e-6 * E)``.
    """
    return np.geomspace(low_MeV, E_max_MeV, n + 1)


def angle_edges(n: int = 40, scale_rad: float | None = None) -> FloatArray:
    """n + 1 log-spaced edges of the lab angle to the solar direction, in rad.

    Without ``scale_rad``: 1e-7 rad to pi (every solar energy and mass of the book); with it
    (e.g. sqrt(2 m/E) for one energy): three decades either side of the scale, at most pi.
    """
    if scale_rad is None:
        return np.geomspace(1e-7, math.pi, n + 1)
    return np.geomspace(1e-3 * scale_rad, min(math.pi, 1e3 * scale_rad), n + 1)


def check_edges(edges: ArrayLike, name: str, upper: float = math.inf, what: str = "bin edges") -> FloatArray:
    """Bin edges as a float array: one-dimensional, at least two, finite, in [0, ``upper``]
    (``upper`` = pi for angles, to rounding: 1e-12 relative), strictly increasing; else
    ValueError naming ``name``."""
    e = np.asarray(edges, dtype=float)
    if e.ndim != 1 or e.size < 2:
        raise ValueError(f"{name} must be a 1-D array of at least two {what}; got shape {e.shape}")
    top = "" if math.isinf(upper) else f" up to {upper:.6g}"
    if not np.all(np.isfinite(e)) or e[0] < 0 or e[-1] > upper * (1 + 1e-12):
        raise ValueError(f"{name} must be finite, non-negative {what}{top}; got {e[0]:g} .. {e[-1]:g}")
    if np.any(np.diff(e) <= 0):
        raise ValueError(f"{name} must be strictly increasing")
    return e
