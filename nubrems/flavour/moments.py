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
    the same magnitude for every pair i != j, zero diagonal: real symmetric for Dirac,
    i times the antisymmetric sign for Majorana.

What ``mu`` means (``scale``). Solar-neutrino experiments measure the effective moment of
the neutrinos that reach them,

    mu_eff^2(E) = sum_i P_i(E) sum_j |mu_ji|^2,

with P_i(E) the probability that a solar neutrino arrives as mass state i (the states
decohere on the way, so the photon or electron-recoil rates add per state; e.g. Giunti &
Studenikin 2015, section VI; :func:`effective_moment`). With ``scale="mu_eff"`` (the
default of the rates' :class:`~nubrems.rates.three_flavour.FlavourSetup`) a preset is
normalised so that its effective moment is ``mu``: universal is unchanged (every column has
norm mu), transition-only has mu/sqrt(2) per entry (two entries per
column), and flavour-diagonal mu_e = mu / sqrt(sum_i P_i |U_ei|^2), which needs the P_i.
``scale="entry"`` keeps ``mu`` as the size of each entry (transition-only then has
mu_eff = sqrt(2) mu: at 6e-12 mu_B per entry, 8.5e-12 mu_B, above the XENONnT bound).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from numpy.typing import ArrayLike

from nubrems.core import validate
from nubrems.core._typing import ComplexArray
from nubrems.core.catalogue import MOMENT_PRESETS as PRESETS
from nubrems.core.catalogue import MOMENT_SCALES as SCALES
from nubrems.core.catalogue import NATURES
from nubrems.core.params import check_majorana_preset
from nubrems.flavour import mixing

__all__ = ["NATURES", "PRESETS", "SCALES", "check_moment_matrix", "effective_moment", "largest_entry",
           "load_moment_matrix", "moment_matrix", "uniform_column_norm"]

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
                  flavour_moments: Sequence[float] | None = None, *, scale: str = "entry",
                  probabilities: ArrayLike | None = None) -> ComplexArray:
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
    scale : {"entry", "mu_eff"}
        "entry" (default here): ``mu_muB`` multiplies the preset's pattern (each transition
        entry is ``mu_muB``); "mu_eff": ``mu_muB`` is the effective moment of solar neutrinos
        (module docstring; the default of :class:`nubrems.rates.three_flavour.FlavourSetup`).
    probabilities : array_like, shape (3,), optional
        Mass-state probabilities P_i of the solar neutrinos the effective moment refers to
        (e.g. flux-averaged); needed with ``scale="mu_eff"`` only when the preset's columns
        differ in norm (flavour-diagonal).

    Returns
    -------
    ndarray of complex, shape (3, 3)
        Checked with :func:`check_moment_matrix`.
    """
    _check_nature(nature)
    validate.real("mu_nu_muB", mu_muB, "a finite moment > 0 mu_B", above=0.0)
    validate.choice("scale", scale, SCALES)
    unit: ComplexArray                      # the preset's pattern, entries of order 1
    if preset == "universal":
        check_majorana_preset(preset, nature)
        unit = np.eye(3, dtype=np.complex128)
    elif preset == "flavour-diagonal":
        weights = np.array((1.0, 0.0, 0.0) if flavour_moments is None else flavour_moments, dtype=float)
        if weights.shape != (3,) or not np.all(np.isfinite(weights)):
            raise ValueError("moments: flavour_moments must be three finite numbers (mu_e, mu_mu, mu_tau)")
        U = mixing.pmns(ordering)
        unit = U.conj().T @ np.diag(weights).astype(complex) @ U
        check_majorana_preset(preset, nature)
    elif preset == "transition-only":
        off = 1.0 - np.eye(3)
        unit = np.asarray(off if nature == "dirac" else 1j * (np.triu(off) - np.tril(off)), dtype=np.complex128)
    else:
        raise ValueError(f"moments must be one of {', '.join(PRESETS)} or a YAML file; got {preset!r}")
    norm = 1.0
    if scale == "mu_eff":
        same = uniform_column_norm(unit)
        if same is not None:                       # any P_i: exact, no rounding
            norm = same
        elif probabilities is not None:
            norm = float(effective_moment(unit, probabilities))
        else:
            raise ValueError(f"moments: normalising {preset} to mu_eff needs the solar mass-state "
                             "probabilities P_i (its columns differ)")
    mu = np.asarray(unit * (mu_muB / norm) if norm != 1.0 else unit * mu_muB, dtype=np.complex128)
    return check_moment_matrix(mu, nature)


def effective_moment(matrix: ArrayLike, probabilities: ArrayLike) -> Any:
    """mu_eff = sqrt(sum_i P_i sum_j |mu_ji|^2): the moment solar-neutrino experiments measure.

    Parameters
    ----------
    matrix : array_like, shape (3, 3)
        Moment matrix in the mass basis (any unit; the result has the same unit).
    probabilities : array_like, shape (..., 3)
        P_i of the arriving neutrinos, per energy or averaged (each row sums to 1).

    Returns
    -------
    float or ndarray, shape (...)
        The effective moment for each row of ``probabilities``.
    """
    mu = np.asarray(matrix, dtype=complex)
    if mu.shape != (3, 3):
        raise ValueError(f"moments: the matrix must be 3 x 3; got shape {mu.shape}")
    P = validate.finite_array("probabilities", probabilities)
    if P.shape[-1:] != (3,) or np.any(P < 0) or not np.allclose(P.sum(axis=-1), 1.0, atol=1e-6):
        raise ValueError("probabilities: P_i must be three non-negative numbers summing to 1 per row")
    value = np.sqrt(P @ np.sum(np.abs(mu) ** 2, axis=0))
    return float(value) if value.ndim == 0 else value


def uniform_column_norm(matrix: ArrayLike) -> float | None:
    """sqrt(sum_j |mu_ji|^2) when every column i has it (then it is mu_eff for any P_i), else None.

    Compared to 1e-12 relative, with no absolute tolerance (entries in Bohr magnetons are ~1e-12).
    """
    columns = np.sum(np.abs(np.asarray(matrix, dtype=complex)) ** 2, axis=0)
    if np.allclose(columns, columns[0], rtol=1e-12, atol=0.0):
        return math.sqrt(float(columns[0]))
    return None


def largest_entry(matrix: ArrayLike) -> float:
    """The largest |mu_ij| of a moment matrix (unit of ``matrix``): what red-giant cooling bounds."""
    return float(np.abs(np.asarray(matrix, dtype=complex)).max())


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
