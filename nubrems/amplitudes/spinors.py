"""Dirac matrices and explicit helicity spinors, vectorised over events.

This is the brute-force reference that the closed-form squared amplitudes are checked
against: nothing here is derived by hand beyond the textbook definitions.

Conventions (Peskin & Schroeder, chiral/Weyl representation)
-------------------------------------------------------------
gamma^0 = [[0, 1], [1, 0]], gamma^i = [[0, sigma^i], [-sigma^i, 0]],
gamma^5 = i gamma^0 gamma^1 gamma^2 gamma^3 = diag(-1, -1, 1, 1), so the projector
P_L = (1 - gamma^5)/2 keeps the upper (left-chiral) two components.
Metric (+, -, -, -); sigma^{mu nu} = (i/2)[gamma^mu, gamma^nu].

Spinors are arrays of shape (..., 4) (complex), normalised to ubar u = 2m, and built from
two-component helicity eigenstates xi_h (``sigma . p_hat xi_h = h xi_h``, h = +-1, i.e.
helicity h/2):

* ``u(p, h) = (sqrt(E - h|p|) xi_h, sqrt(E + h|p|) xi_h)``
* ``v(p, h) = (sqrt(E + h|p|) xi_-h, -sqrt(E - h|p|) xi_-h)``, an antiparticle of helicity h/2.

The small square root is taken as m / sqrt(E + |p|), which keeps its digits for E >> m.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.core._typing import Real
from nubrems.kinematics.vectors import lightcone, real_array

__all__ = [
    "GAMMA", "GAMMA5", "METRIC", "IDENTITY", "PL", "PR", "SIGMA_MUNU",
    "slash", "bar", "helicity_xi", "u_spinor", "v_spinor", "helicity_operator",
    "current", "contract",
]

_I2 = np.eye(2, dtype=complex)
_Z2 = np.zeros((2, 2), dtype=complex)
_PAULI = np.array([[[0, 1], [1, 0]], [[0, -1j], [1j, 0]], [[1, 0], [0, -1]]], dtype=complex)

#: gamma^mu, shape (4, 4, 4): GAMMA[mu] is the 4x4 matrix gamma^mu (upper index).
GAMMA = np.array(
    [np.block([[_Z2, _I2], [_I2, _Z2]])] + [np.block([[_Z2, s], [-s, _Z2]]) for s in _PAULI]
)
IDENTITY = np.eye(4, dtype=complex)
GAMMA5 = 1j * GAMMA[0] @ GAMMA[1] @ GAMMA[2] @ GAMMA[3]
PL = 0.5 * (IDENTITY - GAMMA5)
PR = 0.5 * (IDENTITY + GAMMA5)
METRIC = np.diag([1.0, -1.0, -1.0, -1.0])
#: sigma^{mu nu} = (i/2)[gamma^mu, gamma^nu], shape (4, 4, 4, 4).
SIGMA_MUNU = 0.5j * (np.einsum("mab,nbc->mnac", GAMMA, GAMMA) - np.einsum("nab,mbc->mnac", GAMMA, GAMMA))
_G = np.diag(METRIC)
#: Sigma^i = diag(sigma^i, sigma^i): the spin operator (times 2).
_SPIN = np.array([np.block([[s, _Z2], [_Z2, s]]) for s in _PAULI])


def slash(p: ArrayLike, m: Real | None = None) -> NDArray[Any]:
    """p-slash = p_mu gamma^mu for p of shape (..., 4); returns shape (..., 4, 4).

    With the mass ``m`` of an on-shell p, the entries E -+ pz are taken from the stable
    light-cone components (:func:`nubrems.kinematics.vectors.lightcone`), so that the matrix keeps
    its digits for a nearly light-like vector along the z axis.
    """
    p = real_array(p)
    if m is None:
        p_lower = p * np.diag(METRIC)
        return cast(NDArray[Any], np.einsum("...m,mab->...ab", p_lower, GAMMA))
    plus, minus, px, py = np.moveaxis(lightcone(p, m), -1, 0)
    # chiral representation: pslash = [[0, p.sigma], [p.sigmabar, 0]]
    out = np.zeros((*p.shape[:-1], 4, 4), dtype=object if p.dtype == object else complex)
    out[..., 0, 2], out[..., 0, 3] = minus, -(px - 1j * py)
    out[..., 1, 2], out[..., 1, 3] = -(px + 1j * py), plus
    out[..., 2, 0], out[..., 2, 1] = plus, px - 1j * py
    out[..., 3, 0], out[..., 3, 1] = px + 1j * py, minus
    return out


def bar(psi: ArrayLike) -> NDArray[Any]:
    """Dirac adjoint psi^dagger gamma^0 as a row spinor, shape (..., 4)."""
    return cast(NDArray[Any], np.einsum("...a,ab->...b", np.conj(psi), GAMMA[0]))


def helicity_xi(p: ArrayLike, h: int) -> NDArray[Any]:
    """Two-component helicity eigenstate along the direction of p (shape (..., 4)).

    Built algebraically (no trigonometry, so it also runs on mpmath object arrays):
    ``xi_+ ~ (|p| + pz, px + i py)`` and ``xi_- ~ (-(px - i py), |p| + pz)`` for pz >= 0, and the
    equivalent forms ~ (px - i py, |p| - pz), (pz - |p|, px + i py) for pz < 0, with the
    small one of |p| -+ pz taken from pT^2 / (|p| + |pz|). The phase convention differs
    between the two hemispheres, which no spin-summed |M|^2 can see.
    """
    if h not in (+1, -1):
        raise ValueError(f"helicity h must be +1 or -1; got {h!r}")
    p = real_array(p)
    px, py, pz = p[..., 1], p[..., 2], p[..., 3]
    pT2 = px * px + py * py
    pabs = np.sqrt(pT2 + pz * pz)
    big = pabs + np.abs(pz)
    small = pT2 / np.where(big > 0, big, 1)
    forward = pz >= 0
    plus = np.where(forward, big, small)    # |p| + pz
    minus = np.where(forward, small, big)   # |p| - pz
    t = px + 1j * py
    tc = px - 1j * py
    if h == +1:
        fwd, bwd = (plus, t), (tc, minus)
    else:
        fwd, bwd = (-tc, plus), (-minus, t)
    nf = np.sqrt(2 * pabs * np.where(plus > 0, plus, 1))
    nb = np.sqrt(2 * pabs * np.where(minus > 0, minus, 1))
    xi = [np.where(forward, f / nf, b / nb) for f, b in zip(fwd, bwd, strict=True)]
    return np.stack(xi, axis=-1)


def _sqrt_e_pm_p(p: ArrayLike, m: Real) -> tuple[NDArray[Any], NDArray[Any]]:
    """sqrt(E + |p|) and sqrt(E - |p|) = m / sqrt(E + |p|) for an on-shell vector of mass m."""
    p = real_array(p)
    pabs = np.sqrt(np.sum(p[..., 1:] * p[..., 1:], axis=-1))
    E = np.sqrt(pabs * pabs + m * m)
    plus = np.sqrt(E + pabs)
    return plus, m / plus


def u_spinor(p: ArrayLike, m: Real, h: int) -> NDArray[Any]:
    """Particle spinor u(p, h) of helicity h/2 (h = +-1), shape (..., 4)."""
    sp, sm = _sqrt_e_pm_p(p, m)
    xi = helicity_xi(p, h)
    lo, hi = (sm, sp) if h == +1 else (sp, sm)  # sqrt(E - h|p|), sqrt(E + h|p|)
    return np.concatenate([lo[..., None] * xi, hi[..., None] * xi], axis=-1)


def v_spinor(p: ArrayLike, m: Real, h: int) -> NDArray[Any]:
    """Antiparticle spinor v(p, h) for physical helicity h/2 (h = +-1), shape (..., 4)."""
    sp, sm = _sqrt_e_pm_p(p, m)
    eta = helicity_xi(p, -h)
    lo, hi = (sp, sm) if h == +1 else (sm, sp)  # sqrt(E + h|p|), sqrt(E - h|p|)
    return np.concatenate([lo[..., None] * eta, -hi[..., None] * eta], axis=-1)


def helicity_operator(p: ArrayLike) -> NDArray[Any]:
    """Sigma . p_hat, shape (..., 4, 4): eigenvalue h on u(p, h) and -h on v(p, h)."""
    p = real_array(p)
    n = p[..., 1:] / np.sqrt(np.sum(p[..., 1:] * p[..., 1:], axis=-1, keepdims=True))
    return cast(NDArray[Any], np.einsum("...i,iab->...ab", n, _SPIN))


def current(psibar_out: NDArray[Any], psi_in: NDArray[Any], gamma_right: NDArray[Any] = PL) -> NDArray[Any]:
    """The vector current psibar_out gamma^mu Gamma psi_in, shape (..., 4) (upper index mu).

    ``gamma_right`` is the 4x4 matrix Gamma standing right of gamma^mu (default P_L).
    """
    return cast(NDArray[Any], np.einsum("...a,mab,bc,...c->...m", psibar_out, GAMMA, gamma_right, psi_in))


def contract(a: NDArray[Any], b: NDArray[Any]) -> NDArray[Any]:
    """a^mu b_mu for four-vectors of shape (..., 4) with upper indices (e.g. two currents)."""
    return cast(NDArray[Any], np.sum(a * b * _G, axis=-1))
