"""Magnetic-moment matrices of three neutrinos in the mass basis: presets and checks.

The moment couples mass states i and j through (1/2) mu_ij nubar_i sigma^{mu nu} nu_j F_{mu nu}:
diagonal entries are the moments of the mass states, off-diagonal ones transition moments
(a photon emitted from a leg may turn state i into j). The matrix must be

* Hermitian for Dirac neutrinos (the interaction term is Hermitian);
* antisymmetric for Majorana neutrinos (mu_ij = -mu_ji, so no diagonal moments), and, being
  Hermitian too, purely imaginary (Giunti & Studenikin 2015, Rev. Mod. Phys. 87, 531).

Presets, for a moment scale ``mu`` in Bohr magnetons:

``universal``
    mu on the diagonal (Dirac only: Majorana states have no diagonal moment).
``flavour-diagonal``
    a diagonal matrix in the flavour basis, diag(mu_e, mu_mu, mu_tau), rotated into the mass
    basis, mu_mass = U^dagger mu_flavour U (the field nu_a = sum_i U_ai nu_i). By default
    only mu_e = mu: the electron-flavour moment that reactor and solar experiments bound.
    (Equal flavour entries give back ``universal``: the identity does not rotate.)
``transition-only``
    the same magnitude mu for every pair i != j, zero diagonal: real symmetric for Dirac,
    i mu times the antisymmetric sign for Majorana.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

from nubrems.core import validate
from nubrems.core._typing import ComplexArray
from nubrems.core.catalogue import MOMENT_PRESETS as PRESETS
from nubrems.flavour import mixing

__all__ = ["NATURES", "PRESETS", "check_moment_matrix", "load_moment_matrix", "moment_matrix"]

#: Neutrino natures.
NATURES = ("dirac", "majorana")
#: Relative tolerance of the symmetry checks (entries are given to a few digits in files).
_TOLERANCE = 1e-9


def _check_nature(nature: str) -> str:
    return validate.choice("nature", nature, NATURES)


def _show(z: complex) -> str:
    """An entry as a reader writes it: 2e-12, 2e-12j or (1e-12+2e-12j)."""
    z = complex(z)
    if z.imag == 0:
        return f"{z.real:.6g}"
    return f"{z.imag:.6g}j" if z.real == 0 else f"({z.real:.6g}{z.imag:+.6g}j)"


def check_moment_matrix(matrix: object, nature: str = "dirac") -> ComplexArray:
    """The matrix as a complex 3 x 3 array if it is a valid moment matrix for ``nature``.

    Raises
    ------
    ValueError
        One line naming the problem: shape, non-finite entries, all zero, not Hermitian
        (Dirac) or not antisymmetric (Majorana).
    """
    _check_nature(nature)
    try:
        mu = np.array(matrix, dtype=complex)
    except (TypeError, ValueError):
        raise ValueError("moments: the matrix entries must be numbers") from None
    if mu.shape != (3, 3):
        raise ValueError(f"moments: the matrix must be 3 x 3 (mass states 1, 2, 3); got shape {mu.shape}")
    if not np.all(np.isfinite(mu)):
        raise ValueError("moments: the matrix entries must be finite")
    scale = float(np.abs(mu).max())
    if scale == 0.0:
        raise ValueError("moments: the matrix is zero (no magnetic moment, no photons)")
    tol = _TOLERANCE * scale
    if nature == "dirac":
        bad = np.argwhere(np.abs(mu - mu.conj().T) > tol)
        if len(bad):
            i, j = (int(x) + 1 for x in bad[0])
            raise ValueError(f"moments: a Dirac moment matrix must be Hermitian; mu_{i}{j} = {_show(mu[i - 1, j - 1])} "
                             f"but conj(mu_{j}{i}) = {_show(np.conj(mu[j - 1, i - 1]))}")
    else:
        bad = np.argwhere(np.abs(mu + mu.T) > tol)
        if len(bad):
            i, j = (int(x) + 1 for x in bad[0])
            what = f"mu_{i}{i} = {_show(mu[i - 1, i - 1])} must vanish" if i == j else \
                f"mu_{i}{j} = {_show(mu[i - 1, j - 1])} but -mu_{j}{i} = {_show(-mu[j - 1, i - 1])}"
            raise ValueError(f"moments: a Majorana moment matrix must be antisymmetric; {what}")
    return mu


def moment_matrix(preset: str, mu_muB: float, nature: str = "dirac", ordering: str = "normal",
                  flavour_moments: Sequence[float] | None = None) -> ComplexArray:
    """A named moment matrix in the mass basis, in Bohr magnetons.

    Parameters
    ----------
    preset : {"universal", "flavour-diagonal", "transition-only"}
        See the module docstring.
    mu_muB : float
        The moment scale, Bohr magnetons (> 0).
    nature : {"dirac", "majorana"}
    ordering : {"normal", "inverted"}
        Supplies U for ``flavour-diagonal``.
    flavour_moments : sequence of 3 floats, optional
        (mu_e, mu_mu, mu_tau) in units of ``mu_muB`` for ``flavour-diagonal``; default (1, 0, 0).

    Returns
    -------
    ndarray of complex, shape (3, 3)
        Checked with :func:`check_moment_matrix`.
    """
    _check_nature(nature)
    validate.real("mu_nu_muB", mu_muB, "a finite moment > 0 mu_B", above=0.0)
    mu: ComplexArray
    if preset == "universal":
        if nature == "majorana":
            raise ValueError("moments: universal puts moments on the diagonal, which Majorana neutrinos do not "
                             "have; use transition-only or a matrix")
        mu = np.asarray(mu_muB * np.eye(3), dtype=np.complex128)
    elif preset == "flavour-diagonal":
        weights = np.array((1.0, 0.0, 0.0) if flavour_moments is None else flavour_moments, dtype=float)
        if weights.shape != (3,) or not np.all(np.isfinite(weights)):
            raise ValueError("moments: flavour_moments must be three finite numbers (mu_e, mu_mu, mu_tau)")
        U = mixing.pmns(ordering)
        mu = U.conj().T @ np.diag(mu_muB * weights).astype(complex) @ U
        if nature == "majorana":
            raise ValueError("moments: a flavour-diagonal matrix has diagonal mass-basis moments, which Majorana "
                             "neutrinos do not have; use transition-only or a matrix")
    elif preset == "transition-only":
        off = 1.0 - np.eye(3)
        pattern = off if nature == "dirac" else 1j * (np.triu(off) - np.tril(off))
        mu = np.asarray(mu_muB * pattern, dtype=np.complex128)
    else:
        raise ValueError(f"moments must be one of {', '.join(PRESETS)} or a YAML file; got {preset!r}")
    return check_moment_matrix(mu, nature)


def load_moment_matrix(path: str | Path, nature: str = "dirac") -> ComplexArray:
    """A moment matrix from a YAML file: ``matrix_muB`` (3 rows of 3 entries, Bohr magnetons).

    Entries are numbers or strings Python reads as complex numbers (``"2e-12j"``,
    ``"1e-12-1e-12j"``). Example::

        # transition moments only, Dirac
        matrix_muB:
          - [0, 3e-12, 0]
          - [3e-12, 0, 0]
          - [0, 0, 0]
    """
    file = Path(path)
    if not file.is_file():
        raise ValueError(f"moments: no such file {file}")
    try:
        data = yaml.safe_load(file.read_text())
    except yaml.YAMLError as err:
        raise ValueError(f"moments: {file} is not valid YAML ({str(err).splitlines()[0]})") from None
    if not isinstance(data, dict) or "matrix_muB" not in data:
        raise ValueError(f"moments: {file} must set matrix_muB (3 rows of 3 entries in Bohr magnetons)")
    rows = data["matrix_muB"]
    try:
        matrix = [[complex(x) if isinstance(x, str) else x for x in row] for row in rows]
    except (TypeError, ValueError):
        raise ValueError(f"moments: {file}: matrix_muB entries must be numbers") from None
    return check_moment_matrix(matrix, nature)
