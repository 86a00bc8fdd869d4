"""Explicit-spinor reference for nu nu -> nu nu gamma and nu nubar -> nu nubar gamma.

Brute force, vectorised over events: helicity spinors (:mod:`nubrems.dirac`), photon
polarisation vectors, every diagram (the photon leaves any of the four legs, through the
magnetic-moment vertex), both Wick contractions with the Fermi minus sign and *no* Fierz
rearrangement, summed over final spins and photon polarisations, averaged over the relic
spin, solar neutrino fixed to helicity -1/2. It is slow and is used only to check the
closed form of :mod:`nubrems.amplitudes`.

Feynman rules (the Lagrangians of conventions.md and chapter 02; overall phases dropped since every diagram has one
contact vertex, one photon vertex and one propagator):

* contact vertex: -sqrt(2) G_F [Gamma^a]_1 [Gamma_a]_2 per Wick contraction, Gamma^a = gamma^a P_L
  (the factor 2 of two identical bilinears included);
* photon emission with momentum k and polarisation eps: mu_nu sigma^{rho nu} k_rho eps*_nu;
* propagator (q-slash + m)/(q^2 - m^2) with q along the fermion arrow: q = p1 - k after an
  incoming neutrino, p3 + k before an outgoing one, -(p2 - k) and -(p4 + k) for the
  antineutrino legs of process (b).

Inverse propagators are computed from the stable products p.k of
:func:`nubrems.kinematics.dot_stable`: (p1 - k)^2 - m^2 = -2 p1.k, etc.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import constants as C
from . import dirac as D
from . import kinematics as K
from ._typing import FloatArray
from .twobody import check_process

__all__ = ["photon_polarisations", "vertex", "msq_reference", "amplitudes"]

_G = np.diag(D.METRIC)


def photon_polarisations(k: ArrayLike) -> tuple[NDArray[Any], NDArray[Any]]:
    """Two real, transverse polarisation vectors (0, e) with e . k = 0, shape (..., 4) each.

    e1 = (cos t cos f, cos t sin f, -sin t), e2 = (-sin f, cos f, 0) for the photon's polar
    and azimuthal angles t, f, built algebraically (mpmath object arrays work too).
    """
    k = K.real_array(k)
    kx, ky, kz = k[..., 1], k[..., 2], k[..., 3]
    kT = np.sqrt(kx * kx + ky * ky)
    kabs = np.sqrt(kT * kT + kz * kz)
    along_z = kT == 0
    safe = np.where(along_z, 1, kT)
    cf, sf = np.where(along_z, 1, kx / safe), np.where(along_z, 0, ky / safe)
    ct, st = kz / kabs, kT / kabs
    zero = 0 * kabs
    return K.four_vector(zero, ct * cf, ct * sf, -st), K.four_vector(zero, -sf, cf, zero)


def vertex(k: ArrayLike, eps: ArrayLike) -> NDArray[Any]:
    """sigma^{rho nu} k_rho eps*_nu as a (..., 4, 4) matrix (real eps)."""
    k_lower, eps_lower = np.asarray(k) * _G, np.asarray(eps) * _G
    return cast(NDArray[Any], np.einsum("...r,...n,rnab->...ab", k_lower, eps_lower, D.SIGMA_MUNU))


def _mv(M: NDArray[Any], psi: NDArray[Any]) -> NDArray[Any]:  # matrix times column spinor
    return cast(NDArray[Any], np.einsum("...ab,...b->...a", M, psi))


def _vm(psibar: NDArray[Any], M: NDArray[Any]) -> NDArray[Any]:  # row spinor times matrix
    return cast(NDArray[Any], np.einsum("...a,...ab->...b", psibar, M))


def _prop(terms: Sequence[tuple[int, ArrayLike, float]], m: float, inv: NDArray[Any]) -> NDArray[Any]:
    """(q-slash + m) / inv for q = sum of sign * p over on-shell (sign, p, mass) terms.

    Each slash is built from stable light-cone components before they are added, so a
    propagator next to a nearly collinear emission keeps its digits.
    """
    qslash = sum(sign * D.slash(p, mass) for sign, p, mass in terms)
    return cast(NDArray[Any], (qslash + m * D.IDENTITY) / inv[..., None, None])


def amplitudes(process: str, p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike, m: float,
               h: tuple[int, int, int], eps: ArrayLike) -> NDArray[np.complex128]:
    """T - U for given helicities h = (h2, h3, h4) and polarisation vector eps (no couplings).

    Returns the complex amplitude per event such that M = -sqrt(2) G_F mu_nu (T - U).
    """
    check_process(process)

    def dk(p: ArrayLike) -> NDArray[Any]:
        return K.dot_stable(p, k, m, 0.0)

    V = vertex(k, eps)
    S1 = _prop([(1, p1, m), (-1, k, 0.0)], m, -2.0 * dk(p1))
    S3 = _prop([(1, p3, m), (1, k, 0.0)], m, 2.0 * dk(p3))
    h2, h3, h4 = h
    u1 = D.u_spinor(p1, m, -1)
    u3b = D.bar(D.u_spinor(p3, m, h3))
    # photon attached to leg 1 or 3 turns u1 / u3bar into these generalised spinors
    u1g, u3bg = _mv(S1, _mv(V, u1)), _vm(_vm(u3b, V), S3)
    J = D.current                # J(row, col) = row gamma^a P_L col
    contract = D.contract        # J1^mu J2_mu
    if process == "nunu":
        S2 = _prop([(1, p2, m), (-1, k, 0.0)], m, -2.0 * dk(p2))
        S4 = _prop([(1, p4, m), (1, k, 0.0)], m, 2.0 * dk(p4))
        u2 = D.u_spinor(p2, m, h2)
        u4b = D.bar(D.u_spinor(p4, m, h4))
        u2g, u4bg = _mv(S2, _mv(V, u2)), _vm(_vm(u4b, V), S4)
        # T: lines (3 <- 1)(4 <- 2); U: lines (4 <- 1)(3 <- 2); photon on each leg in turn
        T = (contract(J(u3b, u1g) + J(u3bg, u1), J(u4b, u2))
             + contract(J(u3b, u1), J(u4b, u2g) + J(u4bg, u2)))
        U = (contract(J(u4b, u1g) + J(u4bg, u1), J(u3b, u2))
             + contract(J(u4b, u1), J(u3b, u2g) + J(u3bg, u2)))
    else:
        # antineutrino legs: fermion-flow momentum -(p2 - k) and -(p4 + k)
        S2 = _prop([(-1, p2, m), (1, k, 0.0)], m, -2.0 * dk(p2))
        S4 = _prop([(-1, p4, m), (-1, k, 0.0)], m, 2.0 * dk(p4))
        v2b = D.bar(D.v_spinor(p2, m, h2))
        v4 = D.v_spinor(p4, m, h4)
        v2bg, v4g = _vm(_vm(v2b, V), S2), _mv(S4, _mv(V, v4))
        # T: lines (3 <- 1)(2bar <- 4); U: lines (2bar <- 1)(3 <- 4)
        T = (contract(J(u3b, u1g) + J(u3bg, u1), J(v2b, v4))
             + contract(J(u3b, u1), J(v2bg, v4) + J(v2b, v4g)))
        U = (contract(J(v2b, u1g) + J(v2bg, u1), J(u3b, v4))
             + contract(J(v2b, u1), J(u3b, v4g) + J(u3bg, v4)))
    return cast(NDArray[np.complex128], T - U)


def msq_reference(process: str, p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike,
                  m: float, mu: float, G_F: float = C.G_F) -> FloatArray:
    """Spin-summed (final), relic-averaged |M|^2 in eV^-2 from explicit spinors.

    Parameters
    ----------
    process : {"nunu", "nunubar"}
    p1, p2, p3, p4, k : array_like, shape (..., 4)
        On-shell four-momenta (E, px, py, pz) in eV; p1 + p2 = p3 + p4 + k.
    m : float
        Neutrino mass in eV.
    mu : float
        Magnetic moment in eV^-1 (multiply Bohr magnetons by :data:`constants.MU_B`).
    """
    total: Any = 0.0
    for eps in photon_polarisations(k):
        for h2 in (1, -1):
            for h3 in (1, -1):
                for h4 in (1, -1):
                    total = total + np.abs(amplitudes(process, p1, p2, p3, p4, k, m, (h2, h3, h4), eps)) ** 2
    return cast(FloatArray, 0.5 * 2.0 * G_F**2 * mu**2 * total)  # relic average x |sqrt2 G_F mu|^2
