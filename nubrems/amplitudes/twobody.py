"""The photon-less reference: nu nu -> nu nu and nu nubar -> nu nubar at tree level.

Contact neutral current, L = -(G_F/sqrt 2) [nubar gamma^a P_L nu][nubar gamma_a P_L nu]
(the book's conventions appendix, conventions.md). Solar neutrino nu(p1) with helicity -1/2 (not
averaged), relic nu or nubar (p2) averaged over its two spins, final spins summed. One Dirac
flavour of mass m.

Amplitudes (derived in chapter 01). Both bilinears can absorb either incoming leg, which
gives a factor 2 and the Fermi-statistics minus sign between the two Wick contractions:

    M_a = -sqrt2 G_F [ (u3bar G u1)(u4bar G u2) - (u4bar G u1)(u3bar G u2) ],
    M_b = -sqrt2 G_F [ (u3bar G u1)(v2bar G v4) - (v2bar G u1)(u3bar G v4) ],  G = gamma^a P_L.

The chiral Fierz identity turns each bracket into twice its first term. Traces with the
helicity projector u1 u1bar = (p1slash + m)(1 + gamma5 s1slash)/2 then give

    sum |M_a|^2 = 64 G_F^2 (k1.p2)(p3.p4),   sum |M_b|^2 = 64 G_F^2 (k1.p4)(p2.p3),

(relic spin average included) with the light-like vector
k1 = (p1 + m s1)/2 = [p1 (1 + p1.p2 / D) - m^2 p2 / D] / 2, D = sqrt((p1.p2)^2 - m^4),
s1 the helicity (+1/2) spin vector of p1 in the relic frame. Masses enter only through
k1: the left-chiral projection of a helicity -1/2 neutrino.

Everything here is in natural units (eV); :data:`nubrems.core.constants.CM2` converts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.amplitudes import spinors as dirac
from nubrems.core import constants as C
from nubrems.core._typing import FloatArray, Real
from nubrems.core.processes import DESCRIPTIONS, PROCESSES, SYMMETRY_FACTOR, check_process
from nubrems.kinematics import vectors as K

__all__ = ["PROCESSES", "DESCRIPTIONS", "check_process", "msq", "msq_spinor", "sigma", "dsigma_dcos",
           "sigma_massless", "sigma_quadrature", "cm_final_state"]


def _k1_dot(q_dot_p1: Real, q_dot_p2: Real, p1p2: Real, m: float) -> FloatArray:
    """k1.q from q.p1 and q.p2, where k1 is the helicity -1/2 light-like projection of p1."""
    D = np.sqrt((p1p2 - m * m) * (p1p2 + m * m))
    return 0.5 * (q_dot_p1 * (1.0 + p1p2 / D) - m * m * q_dot_p2 / D)


def msq(process: str, p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, m: float,
        G_F: float = C.G_F) -> FloatArray:
    """Spin-summed, relic-averaged |M|^2 of the 2 -> 2 process, closed form.

    Parameters
    ----------
    process : {"nunu", "nunubar"}
    p1, p2, p3, p4 : array_like, shape (..., 4)
        On-shell four-momenta (E, px, py, pz) in eV, in any frame: solar nu, relic,
        outgoing nu, outgoing nu (a) or nubar (b).
    m : float
        Neutrino mass in eV.

    Returns
    -------
    ndarray
        |M|^2 (dimensionless), no symmetry factor.
    """
    check_process(process)

    def d(a: ArrayLike, b: ArrayLike) -> NDArray[Any]:
        return K.dot_stable(a, b, m, m)

    p1p2 = d(p1, p2)
    if process == "nunu":
        return cast(FloatArray, 64.0 * G_F**2 * _k1_dot(p1p2, m * m, p1p2, m) * d(p3, p4))
    return cast(FloatArray, 64.0 * G_F**2 * _k1_dot(d(p1, p4), d(p2, p4), p1p2, m) * d(p2, p3))


def msq_spinor(process: str, p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, m: float,
               G_F: float = C.G_F) -> FloatArray:
    """The same |M|^2 from explicit helicity spinors, both Wick contractions (reference).

    Uses :mod:`nubrems.amplitudes.spinors`; sums over final helicities, averages over the relic's,
    fixes the solar neutrino to helicity -1/2. Does not use the Fierz identity.
    """
    check_process(process)
    contract = dirac.contract            # J1^mu J2_mu
    u1 = dirac.u_spinor(p1, m, -1)
    total: Any = 0.0
    for h2 in (+1, -1):
        for h3 in (+1, -1):
            for h4 in (+1, -1):
                u3b = dirac.bar(dirac.u_spinor(p3, m, h3))
                if process == "nunu":
                    u2 = dirac.u_spinor(p2, m, h2)
                    u4b = dirac.bar(dirac.u_spinor(p4, m, h4))
                    T = contract(dirac.current(u3b, u1), dirac.current(u4b, u2))
                    U = contract(dirac.current(u4b, u1), dirac.current(u3b, u2))
                else:
                    v2b = dirac.bar(dirac.v_spinor(p2, m, h2))
                    v4 = dirac.v_spinor(p4, m, h4)
                    T = contract(dirac.current(u3b, u1), dirac.current(v2b, v4))
                    U = contract(dirac.current(v2b, u1), dirac.current(u3b, v4))
                M = -np.sqrt(2.0) * G_F * (T - U)
                total = total + np.abs(M) ** 2
    return cast(FloatArray, 0.5 * total)  # average over the relic's two spin states


# --- cross sections in closed form (CM frame variables) ------------------------------
def _cm_e_p(E: ArrayLike, m: float) -> tuple[FloatArray, FloatArray]:
    return K.cm_energy(E, m), K.cm_momentum(E, m)


def dsigma_dcos(process: str, E: ArrayLike, m: float, cos_theta: ArrayLike, G_F: float = C.G_F) -> FloatArray:
    """dsigma/dcos(theta*) in eV^-2: theta* is the CM angle between p3 and the solar p1.

    (a) G_F^2 (e + p)^2 (e^2 + p^2) / (2 pi s)   (flat; includes the 1/2 for identical nu)
    (b) G_F^2 (e + p)(e + p c)(e^2 + p^2 c) / (pi s)

    with e = sqrt(s)/2, p = p* the CM momentum, c = cos(theta*).

    Parameters
    ----------
    E : float or array_like
        Total energy of the solar neutrino in the lab (relic frame), eV; must exceed m.
    m : float
        Neutrino mass, eV.
    cos_theta : float or array_like
        Cosine of the CM scattering angle, in [-1, 1].
    """
    check_process(process)
    c = np.asarray(cos_theta, dtype=float)
    if np.any(np.abs(c) > 1):
        raise ValueError("cos_theta must lie in [-1, 1]")
    e, p = _cm_e_p(E, m)
    s = 4.0 * e * e
    if process == "nunu":
        return cast(FloatArray, G_F**2 * (e + p) ** 2 * (e * e + p * p) / (2.0 * np.pi * s) * np.ones_like(c))
    return cast(FloatArray, G_F**2 * (e + p) * (e + p * c) * (e * e + p * p * c) / (np.pi * s))


def sigma(process: str, E: ArrayLike, m: float, G_F: float = C.G_F) -> FloatArray:
    """Total cross section in eV^-2 (multiply by 1/C.CM2 for cm^2).

    (a) sigma = G_F^2 m E (E + p) / (2 pi (E + m))  [lab variables; -> G_F^2 s / (2 pi)]
    (b) sigma = 2 G_F^2 (e + p)(e^3 + p^3 / 3) / (pi s)  [CM variables; -> G_F^2 s / (3 pi)]
    """
    check_process(process)
    if process == "nunu":
        E = np.asarray(E, dtype=float)
        K.check_energy(E, m)
        return G_F**2 * m * E * (E + K.momentum(E, m)) / (2.0 * np.pi * (E + m))
    e, p = _cm_e_p(E, m)
    return 2.0 * G_F**2 * (e + p) * (e**3 + p**3 / 3.0) / (np.pi * 4.0 * e * e)


def sigma_quadrature(process: str, E: float, m: float, msq_function: Callable[..., FloatArray] | None = None,
                     n: int = 12, G_F: float = C.G_F) -> float:
    """Total cross section [eV^-2] by Gauss-Legendre quadrature of |M|^2 over cos(theta*).

    sigma = S / (4 sqrt(s) p*) * 2 pi * int dcos |M|^2 p* / (16 pi^2 sqrt(s)), with S = 1/2
    for identical final neutrinos. ``msq_function`` defaults to :func:`msq_spinor`, so this
    is an independent check of :func:`sigma`; |M|^2 is a quadratic in cos(theta*), which
    n >= 2 nodes integrate exactly.
    """
    check_process(process)
    msq_function = msq_function or msq_spinor
    x, w = np.polynomial.legendre.leggauss(n)
    values = msq_function(process, *cm_final_state(E, m, x, 0.0), m, G_F=G_F)
    root_s, pstar = K.sqrt_s(E, m), K.cm_momentum(E, m)
    symmetry = SYMMETRY_FACTOR[process]
    flux = 4.0 * root_s * pstar
    return cast(float, symmetry / flux * 2.0 * np.pi * np.sum(w * values) * pstar / (16.0 * np.pi**2 * root_s))


def sigma_massless(process: str, s: ArrayLike, G_F: float = C.G_F) -> FloatArray:
    """The m -> 0 limits: G_F^2 s / (2 pi) for nu nu, G_F^2 s / (3 pi) for nu nubar [eV^-2]."""
    check_process(process)
    return G_F**2 * np.asarray(s, dtype=float) / ((2.0 if process == "nunu" else 3.0) * np.pi)


def cm_final_state(E: float, m: float, cos_theta: ArrayLike,
                   phi: ArrayLike = 0.0) -> tuple[NDArray[Any], NDArray[Any], NDArray[Any], NDArray[Any]]:
    """CM four-momenta (p1, p2, p3, p4) for a CM scattering angle theta* (p3 w.r.t. p1)."""
    e, p = _cm_e_p(E, m)
    p1, p2 = K.beam_cm(E, m)
    c = np.asarray(cos_theta, dtype=float)
    sn = np.sqrt((1.0 - c) * (1.0 + c))
    p3 = K.four_vector(e, p * sn * np.cos(phi), p * sn * np.sin(phi), p * c)
    p4 = K.four_vector(e, -p3[..., 1], -p3[..., 2], -p3[..., 3])
    return p1, p2, p3, p4
