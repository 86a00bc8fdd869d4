"""Three-body phase space of nu(p1) nu(p2) -> nu(p3) nu(p4) gamma(k) for vegas.

A map from the unit hypercube [0, 1)^5 to physical momenta, with its Jacobian, built so
that the integrand is smooth in the new variables:

=====  ==========================================================================
x[0]   pair mass: M^2 = 4 m^2 + (s - 4 m^2) v^2, v = x[0] (absorbs the threshold sqrt)
x[1]   photon direction in the CM frame: u = 1 - cos(theta_k) to the solar neutrino,
       with a two-sided logarithmic map resolving both quasi-collinear peaks
       (photon along p1 or along p2), whose width is tau_k = (e - p*)/p* ~ (m/e)^2/2
x[2]   photon azimuth phi_k = 2 pi x[2]
x[3]   direction of p3 in the (p3 p4) rest frame, measured from the photon direction:
       u3 = 1 - cos(theta_3), same two-sided map with width tau_3 = (M/2 - q)/q
       (photon along p3 or along p4)
x[4]   its azimuth phi_3 = 2 pi x[4]
=====  ==========================================================================

dPhi_3 = [w / (16 pi^2 sqrt s)] dOmega_k [dM^2 / (2 pi)] [q / (16 pi^2 M)] dOmega_3, with
w = (s - M^2)/(2 sqrt s) the CM photon energy and q the momentum of p3 in the pair frame
(convention dPhi_n = (2 pi)^4 delta^4 prod d^3p / ((2 pi)^3 2E)).

Every invariant the amplitude needs is computed in a form without cancellations
(chapter 01): p_i.k from 1 -+ cos carried by the map, p1.p2 and p3.p4 from s and M^2,
the four products p_{1,2}.p_{3,4} with :func:`nubrems.kinematics.dot_stable` in a frame
whose z axis is the photon direction. The lab photon energy and angle come from the
light-cone components of k, scaled by the CM Doppler factor: tiny lab angles stay exact.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import kinematics as K
from ._typing import FloatArray

__all__ = ["two_sided_log_map", "PhaseSpacePoint", "ThreeBodyMap", "volume"]


def two_sided_log_map(x: ArrayLike, tau: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Map x in [0, 1) to u = 1 - cos(theta) in [0, 2] with peaks of width tau at both ends.

    For x < 1/2, u = tau * ((1 + 1/tau)^(2x) - 1); for x >= 1/2 the mirror image for
    2 - u = 1 + cos(theta). The Jacobian |du/dx| = 2 ln(1 + 1/tau) (min(u, 2 - u) + tau)
    flattens 1/(u + tau) and 1/(2 - u + tau) peaks. Both 1 - cos and 1 + cos are returned,
    each computed directly (no 2 - u cancellation).

    Returns
    -------
    one_minus_cos, one_plus_cos, jacobian : ndarray
    """
    x = np.asarray(x, dtype=float)
    tau = np.asarray(tau, dtype=float)
    lg = np.log1p(1.0 / tau)
    lower = x < 0.5
    near = tau * np.expm1(2.0 * np.where(lower, x, 1.0 - x) * lg)  # distance to the near end
    far = 2.0 - near
    one_minus = np.where(lower, near, far)
    one_plus = np.where(lower, far, near)
    return one_minus, one_plus, 2.0 * lg * (near + tau)


@dataclass
class PhaseSpacePoint:
    """A batch of phase-space points (arrays of shape (n,)) and what is computed from them."""

    weight: FloatArray          #: dPhi_3 Jacobian of the map, eV^2
    invariants: dict[str, FloatArray]  #: the ten products p_i.p_j, p_i.k (eV^2), stable forms
    photon_energy_cm: FloatArray  #: w, eV
    one_minus_cos_k: FloatArray   #: 1 - cos(theta_k) in the CM frame
    one_plus_cos_k: FloatArray    #: 1 + cos(theta_k)
    pair_mass2: FloatArray        #: M^2 = (p3 + p4)^2, eV^2
    photon_energy_lab: FloatArray  #: E_gamma in the lab, eV
    photon_angle_lab: FloatArray   #: angle to the solar direction in the lab, rad
    momenta: tuple[NDArray[Any], ...]  #: (p1, p2, p3, p4, k) in the photon frame (z along k)


class ThreeBodyMap:
    """Unit hypercube -> 2 -> 3 phase space for solar energy ``E`` on a relic of mass ``m``.

    Parameters
    ----------
    E : float or ndarray
        Total energy of the solar neutrino in the lab (relic rest frame), eV; must exceed m.
        An array gives one energy per point of the batch passed to the map.
    m : float
        Neutrino mass, eV.
    """

    dim = 5

    def __init__(self, E: ArrayLike, m: float) -> None:
        K.check_energy(E, m)
        # E may be an array with one solar energy per phase-space point (rates integrate
        # over the solar spectrum too); every beam quantity then broadcasts over the batch.
        self.E, self.m = np.asarray(E, dtype=float), float(m)
        self.s = K.s_lab(self.E, m)
        self.root_s = np.sqrt(self.s)
        self.e = 0.5 * self.root_s                     # CM energy of each beam particle
        self.pstar = K.cm_momentum(self.E, m)          # CM momentum of each beam particle
        self.e_minus_p = m * m / (self.e + self.pstar)  # e - p*, without cancellation
        self.tau_k = self.e_minus_p / self.pstar
        self.doppler = K.cm_doppler(self.E, m)         # CM -> lab along +z
        self.s_minus_4m2 = (self.root_s - 2 * m) * (self.root_s + 2 * m)
        self.p1p2 = m * self.E                         # p1.p2 in the lab: exact
        self.flux = 4.0 * m * K.momentum(self.E, m)    # 4 sqrt((p1.p2)^2 - m^4), eV^2

    def __call__(self, x: ArrayLike) -> PhaseSpacePoint:
        x = np.atleast_2d(np.asarray(x, dtype=float))
        m, root_s = self.m, self.root_s
        v = x[:, 0]
        # pair mass and photon energy, with the threshold and the soft end both stable
        M2 = 4 * m * m + self.s_minus_4m2 * v * v
        M = np.sqrt(M2)
        s_minus_M2 = self.s_minus_4m2 * (1 - v) * (1 + v)
        w = s_minus_M2 / (2 * root_s)                  # CM photon energy
        q = 0.5 * np.sqrt(self.s_minus_4m2) * v        # p3 momentum in the pair frame
        half_M_minus_q = m * m / (0.5 * M + q)
        wQ = s_minus_M2 / (2 * M)                      # photon energy in the pair frame
        # photon direction (CM), measured from the solar neutrino
        uk, uk_plus, jac_k = two_sided_log_map(x[:, 1], self.tau_k)
        # x[:, 2], the photon azimuth, sets nothing here: the frame is built around k
        # (its 2 pi is in the weight)
        # p3 direction in the pair frame, measured from the photon direction
        tau3 = np.where(q > 0, half_M_minus_q / np.where(q > 0, q, 1.0), 1.0)
        u3, u3_plus, jac_3 = two_sided_log_map(x[:, 3], tau3)
        phi_3 = 2 * np.pi * x[:, 4]

        weight = (w / (16 * np.pi**2 * root_s) * jac_k * 2 * np.pi
                  * 2 * v * self.s_minus_4m2 / (2 * np.pi)
                  * q / (16 * np.pi**2 * M) * jac_3 * 2 * np.pi)

        # momenta in the photon frame: z along k, the beam in the x-z plane
        zeros = np.zeros_like(w)
        k = K.four_vector(w, zeros, zeros, w)
        sin_k = np.sqrt(uk * uk_plus)                  # sin(theta_k) from (1-c)(1+c)
        cos_k = np.where(uk < 1, 1 - uk, uk_plus - 1)
        p1 = K.four_vector(self.e, self.pstar * sin_k, zeros, self.pstar * cos_k)
        p2 = K.four_vector(self.e, -self.pstar * sin_k, zeros, -self.pstar * cos_k)
        sin_3 = np.sqrt(u3 * u3_plus)
        cos_3 = np.where(u3 < 1, 1 - u3, u3_plus - 1)
        p3_pair = K.four_vector(0.5 * M, q * sin_3 * np.cos(phi_3), q * sin_3 * np.sin(phi_3), q * cos_3)
        p4_pair = K.four_vector(0.5 * M, -p3_pair[:, 1], -p3_pair[:, 2], -p3_pair[:, 3])
        # the pair moves along -z: its p+ = M^2/sqrt(s) in the photon frame, M at rest
        doppler_pair = M / root_s
        p3 = K.boost_z(p3_pair, doppler_pair, m)
        p4 = K.boost_z(p4_pair, doppler_pair, m)

        inv = {
            "p1p2": np.broadcast_to(self.p1p2, w.shape).astype(float),
            "p3p4": 0.5 * (M2 - 4 * m * m) + m * m,
            "p1k": w * (self.e_minus_p + self.pstar * uk),
            "p2k": w * (self.e_minus_p + self.pstar * uk_plus),
            "p3k": wQ * (half_M_minus_q + q * u3),
            "p4k": wQ * (half_M_minus_q + q * u3_plus),
            "p1p3": K.dot_stable(p1, p3, m, m),
            "p1p4": K.dot_stable(p1, p4, m, m),
            "p2p3": K.dot_stable(p2, p3, m, m),
            "p2p4": K.dot_stable(p2, p4, m, m),
        }
        # lab photon: light-cone components along the beam, scaled by the CM Doppler factor
        k_plus = self.doppler * w * uk_plus    # E + p_z along the solar direction
        k_minus = w * uk / self.doppler
        E_lab = 0.5 * (k_plus + k_minus)
        theta_lab = 2 * np.arctan(np.sqrt(k_minus / k_plus))
        return PhaseSpacePoint(weight, inv, w, uk, uk_plus, M2, E_lab, theta_lab, (p1, p2, p3, p4, k))


def volume(E: float, m: float) -> float:
    """Analytic three-body phase-space volume int dPhi_3 in eV^2 (two equal masses m).

    int dPhi_3 = s/(128 pi^3) int_r^1 dy (1 - y) sqrt(1 - r/y), r = 4 m^2/s, and the
    integral is sqrt(1 - r)(1/2 + r/4) - (r/2)(1 - r/4) L with
    L = ln((1 + sqrt(1 - r))^2 / r). Massless limit: s / (256 pi^3).
    """
    s = float(K.s_lab(E, m))
    r = 4 * m * m / s
    sq = np.sqrt(1 - r)
    L = 2 * np.log1p(sq) - np.log(r)
    return cast(float, s / (128 * np.pi**3) * (sq * (0.5 + 0.25 * r) - 0.5 * r * (1 - 0.25 * r) * L))
