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
two-component helicity eigenstates xi_h (sigma . p_hat xi_h = h xi_h, h = +-1, i.e.
helicity h/2):

* u(p, h) = (sqrt(E - h|p|) xi_h, sqrt(E + h|p|) xi_h)
* v(p, h) = (sqrt(E + h|p|) xi_-h, -sqrt(E - h|p|) xi_-h), an antiparticle of helicity h/2.

The small square root is taken as m / sqrt(E + |p|), which keeps its digits for E >> m.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "GAMMA", "GAMMA5", "METRIC", "IDENTITY", "PL", "PR", "SIGMA_MUNU",
    "slash", "bar", "helicity_xi", "u_spinor", "v_spinor", "helicity_operator",
    "current",
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
#: Sigma^i = diag(sigma^i, sigma^i): the spin operator (times 2).
_SPIN = np.array([np.block([[s, _Z2], [_Z2, s]]) for s in _PAULI])


def slash(p) -> np.ndarray:
    """p-slash = p_mu gamma^mu for p of shape (..., 4); returns shape (..., 4, 4)."""
    p_lower = np.asarray(p, dtype=float) * np.diag(METRIC)
    return np.einsum("...m,mab->...ab", p_lower, GAMMA)


def bar(psi) -> np.ndarray:
    """Dirac adjoint psi^dagger gamma^0 as a row spinor, shape (..., 4)."""
    return np.einsum("...a,ab->...b", np.conj(psi), GAMMA[0])


def helicity_xi(p, h) -> np.ndarray:
    """Two-component helicity eigenstate along the direction of p (shape (..., 4)).

    h = +1 gives (cos(t/2), e^{i phi} sin(t/2)); h = -1 gives (-e^{-i phi} sin(t/2), cos(t/2)),
    with the polar angle t taken from atan2 so that it is accurate near 0 and pi.
    """
    p = np.asarray(p, dtype=float)
    theta = np.arctan2(np.hypot(p[..., 1], p[..., 2]), p[..., 3])
    phi = np.arctan2(p[..., 2], p[..., 1])
    c, s = np.cos(0.5 * theta), np.sin(0.5 * theta)
    if h == +1:
        return np.stack([c + 0j, np.exp(1j * phi) * s], axis=-1)
    if h == -1:
        return np.stack([-np.exp(-1j * phi) * s, c + 0j], axis=-1)
    raise ValueError(f"helicity h must be +1 or -1; got {h!r}")


def _sqrt_e_pm_p(p, m):
    """sqrt(E + |p|) and sqrt(E - |p|) = m / sqrt(E + |p|) for an on-shell vector of mass m."""
    p = np.asarray(p, dtype=float)
    pabs = np.linalg.norm(p[..., 1:], axis=-1)
    E = np.hypot(pabs, m)
    plus = np.sqrt(E + pabs)
    return plus, m / plus


def u_spinor(p, m, h) -> np.ndarray:
    """Particle spinor u(p, h) of helicity h/2 (h = +-1), shape (..., 4)."""
    sp, sm = _sqrt_e_pm_p(p, m)
    xi = helicity_xi(p, h)
    lo, hi = (sm, sp) if h == +1 else (sp, sm)  # sqrt(E - h|p|), sqrt(E + h|p|)
    return np.concatenate([lo[..., None] * xi, hi[..., None] * xi], axis=-1)


def v_spinor(p, m, h) -> np.ndarray:
    """Antiparticle spinor v(p, h) for physical helicity h/2 (h = +-1), shape (..., 4)."""
    sp, sm = _sqrt_e_pm_p(p, m)
    eta = helicity_xi(p, -h)
    lo, hi = (sp, sm) if h == +1 else (sm, sp)  # sqrt(E + h|p|), sqrt(E - h|p|)
    return np.concatenate([lo[..., None] * eta, -hi[..., None] * eta], axis=-1)


def helicity_operator(p) -> np.ndarray:
    """Sigma . p_hat, shape (..., 4, 4): eigenvalue h on u(p, h) and -h on v(p, h)."""
    p = np.asarray(p, dtype=float)
    n = p[..., 1:] / np.linalg.norm(p[..., 1:], axis=-1, keepdims=True)
    return np.einsum("...i,iab->...ab", n, _SPIN)


def current(psibar_out, psi_in, gamma_right=PL) -> np.ndarray:
    """The vector current psibar_out gamma^mu Gamma psi_in, shape (..., 4) (upper index mu).

    ``gamma_right`` is the 4x4 matrix Gamma standing right of gamma^mu (default P_L).
    """
    return np.einsum("...a,mab,bc,...c->...m", psibar_out, GAMMA, gamma_right, psi_in)
