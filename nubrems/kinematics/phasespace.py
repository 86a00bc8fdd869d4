"""Three-body phase space of nu(p1) nu(p2) -> nu(p3) nu(p4) gamma(k) for vegas.

A map from the unit hypercube [0, 1)^5 to physical momenta, with its Jacobian, built so
that the integrand is smooth in the new variables. The four neutrinos may have distinct
masses m1 (solar), m2 > 0 (relic, at rest in the lab), m3 and m4 (:class:`ChannelMap`);
:class:`ThreeBodyMap` is the equal-mass case m1 = m2 = m3 = m4 = m.

=====  ==========================================================================
x[0]   pair mass: M^2 = (m3 + m4)^2 + (s - (m3 + m4)^2) v^2, v = x[0] (absorbs the
       threshold sqrt)
x[1]   photon direction in the CM frame: u = 1 - cos(theta_k) to the solar neutrino,
       with a two-sided logarithmic map resolving both quasi-collinear peaks
       (photon along p1 or along p2), whose widths are tau_i = (e_i - p*)/p* ~ (m_i/e_i)^2/2
x[2]   photon azimuth phi_k = 2 pi x[2]
x[3]   direction of p3 in the (p3 p4) rest frame, measured from the photon direction:
       u3 = 1 - cos(theta_3), same two-sided map with widths (E3* - q)/q and (E4* - q)/q
       (photon along p3 or along p4)
x[4]   its azimuth phi_3 = 2 pi x[4]
=====  ==========================================================================

dPhi_3 = [w / (16 pi^2 sqrt s)] dOmega_k [dM^2 / (2 pi)] [q / (16 pi^2 M)] dOmega_3, with
w = (s - M^2)/(2 sqrt s) the CM photon energy and q the momentum of p3 in the pair frame
(convention dPhi_n = (2 pi)^4 delta^4 prod d^3p / ((2 pi)^3 2E)).

Every invariant the amplitude needs is computed in a form without cancellations
(chapter 01): p_i.k from 1 -+ cos carried by the map, p1.p2 and p3.p4 from s and M^2,
the four products p_{1,2}.p_{3,4} with :func:`nubrems.kinematics.vectors.dot_stable` in a frame
whose z axis is the photon direction. The lab photon energy and angle come from the
light-cone components of k, scaled by the CM Doppler factor: tiny lab angles stay exact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import integrate

from nubrems.core._typing import FloatArray
from nubrems.kinematics import vectors as K

__all__ = ["TAU_MIN", "two_sided_log_map", "PhaseSpacePoint", "ChannelMap", "ThreeBodyMap",
           "check_masses", "threshold_energy", "volume", "volume_masses"]

#: Floor of the peak widths of :func:`two_sided_log_map`. A massless leg has width 0 and
#: ln(1 + 1/0) is infinite; any positive floor keeps the map exact (each half still covers
#: one unit of cos(theta), the Jacobian is analytic, u and 2 - u are still computed
#: directly). A tiny floor rather than a flat map for a massless leg: a light but massive
#: leg has a peak of width tau ~ (m/e)^2 / 2 that carries a finite share of the rate
#: (int du m^2/(p.k)^2 does not vanish as m -> 0), so the map must stay continuous in m
#: down to the lightest mass: tau >= 1e-30 is m/e >= 1.4e-15, i.e. m >= 1.4e-12 eV at the
#: CM energy e ~ 1 keV of a 20 MeV neutrino on a 0.05 eV relic. For a massless leg, whose
#: amplitude has no m^2/(p.k) terms, it only makes the map steeper than needed
#: (ln(1 + 1e30) = 69 e-folds), which vegas flattens again.
TAU_MIN = 1e-30


def _floored(tau: ArrayLike) -> FloatArray:
    """Widths raised to :data:`TAU_MIN`; those already above it come back bit for bit, and
    without a new array (an extra temporary per batch measurably slows the hot path)."""
    t: FloatArray = np.asarray(tau, dtype=float)
    return np.maximum(t, TAU_MIN) if t.size and t.min() < TAU_MIN else t


def two_sided_log_map(x: ArrayLike, tau: ArrayLike,
                      tau_far: ArrayLike | None = None) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Map x in [0, 1) to u = 1 - cos(theta) in [0, 2] with peaks of width tau at u = 0
    and tau_far at u = 2.

    For x < 1/2, u = tau * ((1 + 1/tau)^(2x) - 1); for x >= 1/2 the mirror image for
    2 - u = 1 + cos(theta) with tau_far. The Jacobian |du/dx| = 2 ln(1 + 1/t) (d + t), with
    d = min(u, 2 - u) the distance to the near end and t its width, flattens 1/(u + tau)
    and 1/(2 - u + tau_far) peaks; each half covers exactly one unit of cos(theta). Both
    1 - cos and 1 + cos are returned, each computed directly (no 2 - u cancellation).

    Parameters
    ----------
    x : array_like
        Points in [0, 1).
    tau, tau_far : array_like
        Widths (dimensionless, >= 0) of the peaks at u = 0 and u = 2; ``tau_far`` defaults
        to ``tau``. Widths below :data:`TAU_MIN` (a massless leg: 0) are raised to it.

    Returns
    -------
    one_minus_cos, one_plus_cos, jacobian : ndarray
    """
    x = np.asarray(x, dtype=float)
    lower = x < 0.5
    t = _floored(tau)                                  # width of the near peak
    if tau_far is not None:
        t = np.where(lower, t, _floored(tau_far))
    lg = np.log1p(1.0 / t)
    near = t * np.expm1(2.0 * np.where(lower, x, 1.0 - x) * lg)  # distance to the near end
    far = 2.0 - near
    one_minus = np.where(lower, near, far)
    one_plus = np.where(lower, far, near)
    return one_minus, one_plus, 2.0 * lg * (near + t)


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


def check_masses(masses: Sequence[float]) -> tuple[float, float, float, float]:
    """The channel masses (m1, m2, m3, m4) in eV as floats; ValueError unless m2 > 0 and the
    others are >= 0 (all finite)."""
    m = tuple(float(mi) for mi in masses)
    if len(m) != 4 or not all(np.isfinite(m)) or min(m) < 0 or m[1] <= 0:
        raise ValueError("masses (m1, m2, m3, m4) must be four finite masses in eV, m2 > 0 (the relic at rest) "
                         f"and m1, m3, m4 >= 0; got {tuple(masses)}")
    return m[0], m[1], m[2], m[3]


def threshold_energy(masses: Sequence[float]) -> float:
    """Solar energy (eV, total, lab) above which the channel is open: E > m1 and
    sqrt(s) > m3 + m4, i.e. E > max(m1, ((m3 + m4)^2 - m1^2 - m2^2) / (2 m2)).

    A caller integrating over a spectrum masks energies at or below it (and passes a safe
    energy above it to :class:`ChannelMap`)."""
    m1, m2, m3, m4 = check_masses(masses)
    return max(m1, ((m3 + m4) ** 2 - m1 * m1 - m2 * m2) / (2 * m2))


class _Pair(NamedTuple):
    """The (p3 p4) pair at x[0] = v: mass, and p3, p4 in its rest frame (arrays, eV or eV^2)."""

    M2: FloatArray         #: M^2
    M: FloatArray          #: M
    q: FloatArray          #: |p3| = |p4| in the pair frame
    e3: FloatArray         #: E3* (pair frame)
    e4: FloatArray         #: E4*
    e3_minus_q: FloatArray  #: E3* - q = m3^2 / (E3* + q)
    e4_minus_q: FloatArray  #: E4* - q


class ChannelMap:
    """Unit hypercube -> 2 -> 3 phase space for solar energy ``E`` and four neutrino masses.

    nu_1(p1) nu_2(p2) -> nu_3(p3) nu_4(p4) gamma(k), with nu_2 (the relic) at rest in the lab.

    Parameters
    ----------
    E : float or ndarray
        Total energy of the solar neutrino in the lab (relic rest frame), eV; must exceed
        :func:`threshold_energy`. An array gives one energy per point of the batch passed
        to the map (the caller masks points below threshold and passes a safe energy).
    masses : sequence of 4 floats
        (m1, m2, m3, m4) in eV: solar (>= 0), relic (> 0), outgoing (>= 0, >= 0).

    Attributes
    ----------
    s, root_s : ndarray
        Mandelstam s (eV^2) and sqrt(s) (eV).
    pstar : ndarray
        CM momentum of p1 and p2, eV.
    e1, e2 : ndarray
        CM energies of p1 and p2, eV.
    tau_k, tau_k_far : ndarray
        Widths of the collinear peaks of the photon along p1 and along p2.
    doppler : ndarray
        exp(rapidity) of the CM frame in the lab.
    flux : ndarray
        4 sqrt((p1.p2)^2 - m1^2 m2^2) = 4 m2 |p1|_lab, eV^2.
    """

    dim = 5

    def __init__(self, E: ArrayLike, masses: Sequence[float]) -> None:
        self.masses = m1, m2, m3, m4 = check_masses(masses)
        # E may be an array with one solar energy per phase-space point (rates integrate
        # over the solar spectrum too); every beam quantity then broadcasts over the batch.
        self.E = E = np.asarray(E, dtype=float)
        # s = 2 m2 (E + m2) + (m1^2 - m2^2): the correction vanishes exactly for m1 = m2 and
        # removes at most half of the first term for m1 < m2 (E > m1), so it loses <= 1 bit
        self.s = 2.0 * m2 * (E + m2) + (m1 - m2) * (m1 + m2)
        self.m34 = m3 + m4
        self._check_energy()
        self.root_s = root_s = np.sqrt(self.s)
        p_lab = K.momentum(E, m1)                     # |p1| in the lab
        self.pstar = pstar = m2 * p_lab / root_s      # common CM momentum of p1 and p2
        # CM energies e_i and widths tau_i = (e_i - p*)/p* of the photon's collinear peaks;
        # equal beam masses share one set (exact, and no extra work on the hot path)
        if m1 == m2:                                  # each carries sqrt(s)/2, exactly
            self.e1 = self.e2 = 0.5 * root_s
        else:                                         # p_i.(p1 + p2) / sqrt(s), sums of positive terms
            self.e1 = (m1 * m1 + m2 * E) / root_s
            self.e2 = m2 * (E + m2) / root_s
        self.e1_minus_p = m1 * m1 / (self.e1 + pstar)  # e_i - p*, without cancellation
        self.e2_minus_p = self.e1_minus_p if m1 == m2 else m2 * m2 / (self.e2 + pstar)
        self.tau_k = self.e1_minus_p / pstar
        self.tau_k_far = self.tau_k if m1 == m2 else self.e2_minus_p / pstar
        self.doppler = (E + m2 + p_lab) / root_s      # CM -> lab along +z
        # s - (m3 + m4)^2; an energy a hair above threshold may round it below 0: no phase space
        self.sigma = np.maximum((root_s - self.m34) * (root_s + self.m34), 0.0)
        self.sqrt_sigma = np.sqrt(self.sigma)
        self.p1p2 = m2 * E                            # p1.p2 in the lab: exact
        self.flux = 4.0 * m2 * p_lab                  # 4 sqrt((p1.p2)^2 - m1^2 m2^2), eV^2

    def _check_energy(self) -> None:
        """ValueError naming the solar energies at or below :func:`threshold_energy` (the
        test callers mask with, so that every energy they keep is accepted)."""
        E = self.E
        bad = ~np.isfinite(E) | ~(E > threshold_energy(self.masses))
        if np.any(bad):
            raise ValueError(f"E_nu (total energy, eV) must exceed the threshold {threshold_energy(self.masses):.6g} "
                             f"eV of the channel with masses (m1, m2, m3, m4) = {self.masses} eV (E_nu > m1 and "
                             f"sqrt(s) > m3 + m4); got E_nu = {E[bad] if E.ndim else E} eV")

    def _pair(self, v: FloatArray) -> _Pair:
        """The (p3 p4) pair for x[0] = v, with the threshold and the pair-frame energies stable."""
        m3, m4 = self.masses[2:]
        sigma_v2 = self.sigma * v * v                 # M^2 - (m3 + m4)^2 >= 0, without cancellation
        M2 = self.m34 * self.m34 + sigma_v2
        M = np.sqrt(M2)
        if m3 == m4:                                  # symmetric pair: E3* = E4* = M/2 exactly
            q = 0.5 * self.sqrt_sigma * v
            e3 = 0.5 * M
            e3_minus_q = m3 * m3 / (e3 + q)
            return _Pair(M2, M, q, e3, e3, e3_minus_q, e3_minus_q)
        # lambda(M^2, m3^2, m4^2) = (M^2 - (m3 + m4)^2)(M^2 - (m3 - m4)^2), both factors positive sums
        q = 0.5 * self.sqrt_sigma * v * np.sqrt(sigma_v2 + 4 * m3 * m4) / M
        e3 = (sigma_v2 + 2 * m3 * self.m34) / (2 * M)  # (M^2 + m3^2 - m4^2) / (2M)
        e4 = (sigma_v2 + 2 * m4 * self.m34) / (2 * M)
        return _Pair(M2, M, q, e3, e4, m3 * m3 / (e3 + q), m4 * m4 / (e4 + q))

    def _p3p4(self, v: FloatArray, M2: FloatArray) -> FloatArray:
        """p3.p4 = (M^2 - m3^2 - m4^2) / 2 (eV^2) without cancellation."""
        m3, m4 = self.masses[2:]
        if m3 == m4:                                  # M^2/2 - m^2 >= M^2/4
            return 0.5 * (M2 - self.m34 * self.m34) + m3 * m3
        return 0.5 * self.sigma * v * v + m3 * m4     # (M^2 - (m3 + m4)^2)/2 + m3 m4

    def __call__(self, x: ArrayLike) -> PhaseSpacePoint:
        """Map points ``x`` of [0, 1)^5, shape (n, 5) (or (5,)), to phase space; see the module."""
        x = np.atleast_2d(np.asarray(x, dtype=float))
        m1, m2, m3, m4 = self.masses
        root_s, pstar = self.root_s, self.pstar
        v = x[:, 0]
        pair = self._pair(v)
        M, q = pair.M, pair.q
        s_minus_M2 = self.sigma * (1 - v) * (1 + v)    # stable at the soft end v -> 1
        w = s_minus_M2 / (2 * root_s)                  # CM photon energy
        wQ = s_minus_M2 / (2 * M)                      # photon energy in the pair frame
        # photon direction (CM), measured from the solar neutrino
        # (one width for equal beam masses: saves the per-point selection of the hot path)
        uk, uk_plus, jac_k = two_sided_log_map(x[:, 1], self.tau_k, None if m1 == m2 else self.tau_k_far)
        # x[:, 2], the photon azimuth, sets nothing here: the frame is built around k
        # (its 2 pi is in the weight)
        # p3 direction in the pair frame, measured from the photon direction; at q = 0
        # (v = 0, zero weight) any width will do
        tau3 = np.where(q > 0, pair.e3_minus_q / np.where(q > 0, q, 1.0), 1.0)
        tau4 = None if m3 == m4 else np.where(q > 0, pair.e4_minus_q / np.where(q > 0, q, 1.0), 1.0)
        u3, u3_plus, jac_3 = two_sided_log_map(x[:, 3], tau3, tau4)
        phi_3 = 2 * np.pi * x[:, 4]

        weight = (w / (16 * np.pi**2 * root_s) * jac_k * 2 * np.pi
                  * 2 * v * self.sigma / (2 * np.pi)
                  * q / (16 * np.pi**2 * M) * jac_3 * 2 * np.pi)

        # momenta in the photon frame: z along k, the beam in the x-z plane
        zeros = np.zeros_like(w)
        k = K.four_vector(w, zeros, zeros, w)
        sin_k = np.sqrt(uk * uk_plus)                  # sin(theta_k) from (1-c)(1+c)
        cos_k = np.where(uk < 1, 1 - uk, uk_plus - 1)
        p1 = K.four_vector(self.e1, pstar * sin_k, zeros, pstar * cos_k)
        p2 = K.four_vector(self.e2, -pstar * sin_k, zeros, -pstar * cos_k)
        sin_3 = np.sqrt(u3 * u3_plus)
        cos_3 = np.where(u3 < 1, 1 - u3, u3_plus - 1)
        p3_pair = K.four_vector(pair.e3, q * sin_3 * np.cos(phi_3), q * sin_3 * np.sin(phi_3), q * cos_3)
        p4_pair = K.four_vector(pair.e4, -p3_pair[:, 1], -p3_pair[:, 2], -p3_pair[:, 3])
        # the pair moves along -z: its p+ = M^2/sqrt(s) in the photon frame, M at rest
        doppler_pair = M / root_s
        p3 = K.boost_z(p3_pair, doppler_pair, m3)
        p4 = K.boost_z(p4_pair, doppler_pair, m4)

        v1, v2, v3, v4 = (K.OnShell.of(vec, mass) for vec, mass in ((p1, m1), (p2, m2), (p3, m3), (p4, m4)))
        inv = {
            "p1p2": np.broadcast_to(self.p1p2, w.shape).astype(float),
            "p3p4": self._p3p4(v, pair.M2),
            "p1k": w * (self.e1_minus_p + pstar * uk),
            "p2k": w * (self.e2_minus_p + pstar * uk_plus),
            "p3k": wQ * (pair.e3_minus_q + q * u3),
            "p4k": wQ * (pair.e4_minus_q + q * u3_plus),
            # each vector is split into |p|, E and direction once for its two products
            "p1p3": K.dot_stable_pair(v1, v3),
            "p1p4": K.dot_stable_pair(v1, v4),
            "p2p3": K.dot_stable_pair(v2, v3),
            "p2p4": K.dot_stable_pair(v2, v4),
        }
        # lab photon: light-cone components along the beam, scaled by the CM Doppler factor
        k_plus = self.doppler * w * uk_plus    # E + p_z along the solar direction
        k_minus = w * uk / self.doppler
        E_lab = 0.5 * (k_plus + k_minus)
        with np.errstate(invalid="ignore"):    # w = 0 (at threshold: zero weight): angle NaN
            theta_lab = 2 * np.arctan(np.sqrt(k_minus / k_plus))
        return PhaseSpacePoint(weight, inv, w, uk, uk_plus, pair.M2, E_lab, theta_lab, (p1, p2, p3, p4, k))


class ThreeBodyMap(ChannelMap):
    """Unit hypercube -> 2 -> 3 phase space for solar energy ``E`` on a relic of mass ``m``,
    all four neutrinos of mass ``m`` (:class:`ChannelMap` with masses (m, m, m, m)).

    Parameters
    ----------
    E : float or ndarray
        Total energy of the solar neutrino in the lab (relic rest frame), eV; must exceed m.
        An array gives one energy per point of the batch passed to the map.
    m : float
        Neutrino mass, eV.
    """

    def __init__(self, E: ArrayLike, m: float) -> None:
        super().__init__(E, (m, m, m, m))
        self.m = float(m)

    def _check_energy(self) -> None:
        """The equal-mass check and its message: E > m (then s = 2m(E + m) >= 4 m^2 as computed)."""
        K.check_energy(self.E, self.masses[0])


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


def volume_masses(E: float, masses: Sequence[float]) -> float:
    """Three-body phase-space volume int dPhi_3 in eV^2 for the channel masses (m1, m2, m3, m4).

    int dPhi_3 = (1/(2 pi)) int dM^2 Phi_2(s; M^2, 0) Phi_2(M^2; m3^2, m4^2) over
    (m3 + m4)^2 < M^2 < s, with Phi_2(s; a, b) = lambda^(1/2)(s, a, b) / (8 pi s), by
    quadrature in v of M^2 = (m3 + m4)^2 + (s - (m3 + m4)^2) v^2 (the map's x[0]), where the
    integrand is smooth. E: total solar energy in the lab, eV, above :func:`threshold_energy`.
    """
    cm = ChannelMap(E, masses)
    _, _, m3, m4 = cm.masses
    s, sigma, m34 = float(cm.s), float(cm.sigma), cm.m34

    def integrand(v: float) -> float:
        sigma_v2 = sigma * v * v                      # M^2 - (m3 + m4)^2
        M2 = m34 * m34 + sigma_v2
        phi_photon = sigma * (1 - v) * (1 + v) / (8 * np.pi * s)       # Phi_2(s; M^2, 0)
        lam_pair = np.sqrt(sigma_v2 * (sigma_v2 + 4 * m3 * m4))        # lambda^(1/2)(M^2, m3^2, m4^2)
        return cast(float, phi_photon * lam_pair / (8 * np.pi * M2) * 2 * sigma * v / (2 * np.pi))

    value, _ = integrate.quad(integrand, 0.0, 1.0, epsabs=0.0, epsrel=1e-13, limit=200)
    return cast(float, value)
