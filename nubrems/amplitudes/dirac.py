"""Closed-form spin-summed |M|^2 for nu nu -> nu nu gamma and nu nubar -> nu nubar gamma.

|M|^2 = 8 G_F^2 mu_nu^2 (L + S), with the two parts generated from the FORM derivation of
:mod:`nubrems.amplitudes.form` (file :mod:`nubrems.amplitudes.generated.dirac`):

* the leading part, proportional to the photon-less structure,
  L = 16 (2 + p1.p2 / D) (p1.p2)(p3.p4)  for nu nu,
  L = 16 (2 + p1.p2 / D) (p1.p4)(p2.p3)  for nu nubar,   D = sqrt((p1.p2)^2 - m^4);
* the mass-suppressed part S, every term of which carries m^2 or m^4 and inverse
  propagators 1/(p_i.k): it matters only where a photon is within ~m/E of a neutrino leg.

Conventions as in the book (conventions.md): solar neutrino helicity -1/2 (not averaged), relic spin
averaged, final spins and photon polarisations summed, no symmetry factor.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.amplitudes.generated import dirac as _gen
from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.core.processes import INVARIANTS, PROCESSES, check_process
from nubrems.kinematics import vectors as K

__all__ = ["PROCESSES", "INVARIANTS", "invariants", "msq", "msq_parts"]

#: The generated sum |T|^2 of each process: (ten invariants, m) -> (leading, mass-suppressed).
_TRACES: dict[str, Callable[..., tuple[FloatArray, FloatArray]]] = {"nunu": _gen.trace_nunu,
                                                                    "nunubar": _gen.trace_nunubar}


def invariants(p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike,
               m: float) -> dict[str, NDArray[Any]]:
    """The ten products p_i.p_j, p_i.k (eV^2) of on-shell momenta, in their stable form."""
    vecs = {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "k": k}

    def mass(name: str) -> float:
        return 0.0 if name == "k" else m

    return {name: K.dot_stable(vecs[name[:2]], vecs[name[2:]], mass(name[:2]), mass(name[2:]))
            for name in INVARIANTS}


def _check(process: str, m: float, mu: float) -> None:
    check_process(process)
    if not np.all(np.isfinite(m)) or np.any(np.asarray(m) <= 0):
        raise ValueError(f"m (neutrino mass, eV) must be positive; got {m!r}")
    if not np.all(np.isfinite(mu)) or np.any(np.asarray(mu) <= 0):
        raise ValueError(f"mu (magnetic moment, eV^-1) must be positive; got {mu!r}")


def msq_parts(process: str, p1: ArrayLike | None = None, p2: ArrayLike | None = None, p3: ArrayLike | None = None,
              p4: ArrayLike | None = None, k: ArrayLike | None = None, m: float = 0.1, mu: float = 6e-12 * C.MU_B,
              invariants_: Mapping[str, ArrayLike] | None = None,
              G_F: float = C.G_F) -> tuple[FloatArray, FloatArray]:
    """(leading, mass-suppressed) parts of |M|^2 in eV^-2; see :func:`msq` for arguments."""
    _check(process, m, mu)
    if invariants_ is not None:
        inv: Mapping[str, ArrayLike] = invariants_
    elif p1 is None or p2 is None or p3 is None or p4 is None or k is None:
        raise ValueError("give the momenta p1, p2, p3, p4, k or their invariants_")
    else:
        inv = invariants(p1, p2, p3, p4, k, m)
    missing = [name for name in INVARIANTS if name not in inv]
    if missing:
        raise ValueError(f"invariants_ lacks {', '.join(missing)}; needs {', '.join(INVARIANTS)}")
    lead, mass = _TRACES[process](*(inv[name] for name in INVARIANTS), m)
    norm = 8.0 * G_F**2 * mu**2
    return norm * lead, norm * mass


def msq(process: str, p1: ArrayLike | None = None, p2: ArrayLike | None = None, p3: ArrayLike | None = None,
        p4: ArrayLike | None = None, k: ArrayLike | None = None, m: float = 0.1, mu: float = 6e-12 * C.MU_B,
        invariants_: Mapping[str, ArrayLike] | None = None, G_F: float = C.G_F) -> FloatArray:
    """Spin-summed (final) and relic-averaged |M|^2 in eV^-2, solar helicity -1/2.

    Parameters
    ----------
    process : {"nunu", "nunubar"}
        nu nu -> nu nu gamma (a) or nu nubar -> nu nubar gamma (b).
    p1, p2, p3, p4, k : array_like, shape (..., 4)
        On-shell four-momenta (E, px, py, pz) in eV, any frame: solar nu, relic nu or nubar,
        outgoing nu, outgoing nu or nubar, photon; p1 + p2 = p3 + p4 + k.
    m : float
        Neutrino mass in eV.
    mu : float
        Magnetic moment in eV^-1 (Bohr magnetons times :data:`nubrems.core.constants.MU_B`).
    invariants_ : dict, optional
        Precomputed products {name: array} for the names in :data:`INVARIANTS` (eV^2),
        e.g. the numerically stable ones of the phase-space map; then momenta are not needed.

    Returns
    -------
    ndarray
        |M|^2 in eV^-2, no symmetry factor.
    """
    lead, mass = msq_parts(process, p1, p2, p3, p4, k, m, mu, invariants_, G_F)
    return lead + mass
