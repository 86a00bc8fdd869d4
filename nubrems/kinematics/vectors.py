"""Four-vector kinematics on numpy arrays, with numerically stable forms.

Conventions
-----------
* Four-vectors are arrays of shape ``(..., 4)`` holding ``(E, px, py, pz)`` in eV; the
  metric is (+, -, -, -).
* The *lab* frame is the rest frame of the relic neutrino; the solar neutrino (momentum
  ``p1``, total energy ``E``) travels along +z. The *centre-of-mass* (CM) frame moves
  along +z relative to the lab.

Why the stable forms
--------------------
A solar neutrino has E/m up to 1e8 (20 MeV on 0.1 eV) and this module is tested to
E/m = 1e10. In double precision E**2 - p**2 then cancels to nothing, a naive Lorentz boost
of a backward-moving vector loses every digit, and 1 - beta*cos(theta) is rounded to 0.
The functions here avoid each of these:

* :func:`one_minus_beta` uses 1 - beta = m^2 / (E (E + p)).
* :func:`one_minus_cos` uses 1 - cos(theta) = 2 sin^2(theta/2).
* Boosts along z act on light-cone components p+- = E +- pz, which simply scale by the
  Doppler factor exp(+-y); the small light-cone component is rebuilt from the on-shell
  condition p+ p- = m^2 + pT^2 (:func:`lightcone`, :func:`boost_z`).
* :func:`dot_stable` writes a.b for on-shell vectors as a sum of non-negative terms.
"""

from __future__ import annotations

from typing import Any, NamedTuple, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.core._typing import FloatArray, Real

__all__ = [
    "four_vector", "dot", "mass2", "three_momentum", "polar_angle",
    "momentum", "one_minus_beta", "one_minus_cos", "dot_stable", "dot_stable_pair", "OnShell",
    "lightcone", "from_lightcone", "boost_z", "boost",
    "check_energy", "s_lab", "sqrt_s", "cm_momentum", "cm_energy",
    "cm_gamma", "cm_beta_gamma", "cm_one_minus_beta", "cm_doppler",
    "lab_to_cm", "cm_to_lab", "beam_lab", "beam_cm", "lab_angle_massless",
    "levi_civita", "three_body_cm", "real_array",
]


# --- basic operations ---------------------------------------------------------------------
def real_array(x: ArrayLike) -> NDArray[Any]:
    """``x`` as a float array; object arrays (e.g. of mpmath numbers) pass unchanged, so
    the functions used by the spinor reference also run in arbitrary precision."""
    a = np.asarray(x)
    return a if a.dtype == object else a.astype(float, copy=False)


def four_vector(E: ArrayLike, px: ArrayLike, py: ArrayLike, pz: ArrayLike) -> NDArray[Any]:
    """Stack components into an array of shape (..., 4)."""
    return np.stack(np.broadcast_arrays(*(real_array(c) for c in (E, px, py, pz))), axis=-1)


def dot(a: ArrayLike, b: ArrayLike) -> NDArray[Any]:
    """Minkowski product a.b = a0 b0 - a.b (naive: fine unless it cancels)."""
    a_, b_ = real_array(a), real_array(b)
    return cast(NDArray[Any], a_[..., 0] * b_[..., 0] - np.sum(a_[..., 1:] * b_[..., 1:], axis=-1))


def mass2(p: ArrayLike) -> NDArray[Any]:
    """Naive invariant mass squared p.p (loses all digits for E >> m: see :func:`dot_stable`)."""
    return dot(p, p)


def three_momentum(p: ArrayLike) -> NDArray[Any]:
    """|p|, the length of the spatial part."""
    v = real_array(p)
    return cast(NDArray[Any], np.sqrt(np.sum(v[..., 1:] * v[..., 1:], axis=-1)))


def polar_angle(p: ArrayLike) -> FloatArray:
    """Polar angle to the +z axis, from atan2 (accurate for angles near 0 and pi)."""
    v = np.asarray(p, dtype=float)
    return cast(FloatArray, np.arctan2(np.hypot(v[..., 1], v[..., 2]), v[..., 3]))


# --- stable scalar forms --------------------------------------------------------------------
def momentum(E: ArrayLike, m: ArrayLike) -> FloatArray:
    """|p| = sqrt((E - m)(E + m)) for total energy E and mass m (no E^2 - m^2 cancellation)."""
    E, m = np.asarray(E, dtype=float), np.asarray(m, dtype=float)
    return cast(FloatArray, np.sqrt((E - m) * (E + m)))


def one_minus_beta(E: ArrayLike, m: ArrayLike) -> FloatArray:
    """1 - beta = m^2 / (E (E + p)), accurate for any E/m (the naive 1 - p/E rounds to 0)."""
    E, m = np.asarray(E, dtype=float), np.asarray(m, dtype=float)
    return cast(FloatArray, m * m / (E * (E + momentum(E, m))))


def one_minus_cos(theta: ArrayLike) -> FloatArray:
    """1 - cos(theta) = 2 sin^2(theta / 2), accurate for small angles."""
    return 2.0 * np.sin(0.5 * np.asarray(theta, dtype=float)) ** 2


def dot_stable(a: ArrayLike, b: ArrayLike, ma: ArrayLike, mb: ArrayLike) -> NDArray[Any]:
    """Minkowski product of two *on-shell* vectors with masses ``ma``, ``mb``, stably.

    a.b = (E_a E_b - |a||b|) + |a||b| (1 - cos theta_ab), with
    E_a E_b - |a||b| = (m_a^2 |b|^2 + m_b^2 E_a^2) / (E_a E_b + |a||b|) and
    1 - cos theta_ab = |a_hat - b_hat|^2 / 2. Both terms are non-negative, so nothing
    cancels, and nearly collinear light-like pairs (p.k ~ m^2) keep their digits. Only the
    spatial parts are used; energies are rebuilt as sqrt(|p|^2 + m^2).

    The result is as good as the directions it is given: two double-precision directions
    at relative angle theta fix the angle only to ~1e-16/theta, so a phase-space generator
    that needs p.k for theta << 1e-6 should build it from the relative angle directly.

    Parameters
    ----------
    a, b : array_like, shape (..., 4)
        Four-momenta in eV (their energy components are not used).
    ma, mb : float or array_like
        Their masses in eV.
    """
    return dot_stable_pair(OnShell.of(a, ma), OnShell.of(b, mb))


class OnShell(NamedTuple):
    """What :func:`dot_stable` needs of one on-shell vector: computed once, reused for every
    product it enters (the phase-space map takes four products of four vectors)."""

    m: NDArray[Any]       #: mass, eV
    p: NDArray[Any]       #: |p|, eV
    E: NDArray[Any]       #: sqrt(|p|^2 + m^2), eV
    u: NDArray[Any]       #: unit vector of the momentum (0 at rest), shape (..., 3)

    @classmethod
    def of(cls, v: ArrayLike, m: ArrayLike) -> OnShell:
        """The pieces of the on-shell vector ``v`` (its spatial part) with mass ``m``."""
        v_, m_ = real_array(v), real_array(m)
        p = three_momentum(v_)
        with np.errstate(invalid="ignore", divide="ignore"):
            u = v_[..., 1:] / np.where(p == 0, 1, p)[..., None]
        return cls(m_, p, np.sqrt(p * p + m_ * m_), u)


def dot_stable_pair(a: OnShell, b: OnShell) -> NDArray[Any]:
    """:func:`dot_stable` of two vectors already split by :meth:`OnShell.of`."""
    at_rest = (a.p == 0) | (b.p == 0)  # a particle at rest has no angle
    chord2 = np.where(at_rest, 0.0, np.sum((a.u - b.u) ** 2, axis=-1))
    return cast(NDArray[Any], (a.m**2 * b.p**2 + b.m**2 * a.E**2) / (a.E * b.E + a.p * b.p)
                + 0.5 * a.p * b.p * chord2)


# --- light-cone components and boosts along z -------------------------------------------
def lightcone(p: ArrayLike, m: ArrayLike) -> NDArray[Any]:
    """Light-cone components (p+, p-, px, py) with p+- = E +- pz, for an on-shell vector.

    The larger of p+ and p- is taken from E + |pz|; the smaller from the on-shell condition
    p+ p- = m^2 + pT^2, so that it keeps its digits when it is tiny.
    """
    p = real_array(p)
    m = real_array(m)
    E, px, py, pz = np.moveaxis(p, -1, 0)
    big = E + np.abs(pz)
    small = np.where(big > 0, (m * m + px * px + py * py) / np.where(big > 0, big, 1), 0.0)
    plus = np.where(pz >= 0, big, small)
    minus = np.where(pz >= 0, small, big)
    return np.stack([plus, minus, px, py], axis=-1)


def from_lightcone(lc: ArrayLike) -> NDArray[Any]:
    """Inverse of :func:`lightcone`: (p+, p-, px, py) -> (E, px, py, pz)."""
    lc = real_array(lc)
    plus, minus = lc[..., 0], lc[..., 1]
    return np.stack([0.5 * (plus + minus), lc[..., 2], lc[..., 3], 0.5 * (plus - minus)], axis=-1)


def boost_z(p: ArrayLike, doppler: ArrayLike, m: ArrayLike) -> NDArray[Any]:
    """Boost on-shell vectors along z, stably: p+ -> D p+, p- -> p- / D.

    Parameters
    ----------
    p : array_like, shape (..., 4)
        Four-momenta (E, px, py, pz) in eV.
    doppler : float or array_like
        D = exp(y) > 0, y the rapidity of the boost (the new frame moves along -z
        relative to the old one for D > 1, i.e. momenta gain +z).
    m : float or array_like
        Masses of the vectors in eV (used to rebuild the small light-cone component).
    """
    D = real_array(doppler)
    lc = lightcone(p, m)
    lc = np.stack([lc[..., 0] * D, lc[..., 1] / D, lc[..., 2], lc[..., 3]], axis=-1)
    return from_lightcone(lc)


def boost(p: ArrayLike, beta: ArrayLike) -> FloatArray:
    """General Lorentz boost of p by velocity vector ``beta`` (shape (..., 3)), naive form.

    The frame-change convention: the returned vector is p as seen by an observer moving
    with velocity -beta (i.e. a particle at rest acquires velocity +beta). Accurate while
    gamma is moderate; use :func:`boost_z` for the large boosts between lab and CM.
    """
    p, beta = np.asarray(p, dtype=float), np.asarray(beta, dtype=float)
    b2 = np.sum(beta * beta, axis=-1)
    gamma = 1.0 / np.sqrt((1.0 - np.sqrt(b2)) * (1.0 + np.sqrt(b2)))
    bp = np.sum(beta * p[..., 1:], axis=-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        coef = np.where(b2 > 0, (gamma - 1.0) / b2, 0.0)
    E = gamma * (p[..., 0] + bp)
    vec = p[..., 1:] + (coef * bp + gamma * p[..., 0])[..., None] * beta
    return np.concatenate([E[..., None], vec], axis=-1)


# --- the beam: solar neutrino on a relic at rest --------------------------------------
def check_energy(E: ArrayLike, m: ArrayLike, name: str = "E_nu") -> None:
    """Raise ValueError unless every total energy E exceeds the mass m > 0 (both in eV)."""
    E, m = np.asarray(E, dtype=float), np.asarray(m, dtype=float)
    if np.any(~np.isfinite(m)) or np.any(m <= 0):
        raise ValueError(f"m_nu must be a positive mass in eV; got {m}")
    if np.any(~np.isfinite(E)) or np.any(E <= m):
        raise ValueError(f"{name} (total energy, eV) must exceed the neutrino mass {m} eV; got {E}")


def s_lab(E: ArrayLike, m: Real) -> FloatArray:
    """Mandelstam s = 2 m (E + m) for total energy E on an equal-mass particle at rest [eV^2]."""
    check_energy(E, m)
    return 2.0 * np.asarray(m, dtype=float) * (np.asarray(E, dtype=float) + m)


def sqrt_s(E: ArrayLike, m: Real) -> FloatArray:
    """Centre-of-mass energy sqrt(s) in eV."""
    return np.sqrt(s_lab(E, m))


def cm_momentum(E: ArrayLike, m: Real) -> FloatArray:
    """Momentum of each incoming particle in the CM frame, p* = m p_lab / sqrt(s) [eV].

    Equivalent to sqrt(s/4 - m^2) without its cancellation near threshold.
    """
    return m * momentum(E, m) / sqrt_s(E, m)


def cm_energy(E: ArrayLike, m: Real) -> FloatArray:
    """Energy of each incoming particle in the CM frame, sqrt(s)/2 [eV]."""
    return 0.5 * sqrt_s(E, m)


def cm_gamma(E: ArrayLike, m: Real) -> FloatArray:
    """Lorentz factor of the CM frame in the lab, (E + m)/sqrt(s)."""
    return (np.asarray(E, dtype=float) + m) / sqrt_s(E, m)


def cm_beta_gamma(E: ArrayLike, m: Real) -> FloatArray:
    """beta*gamma of the CM frame in the lab, p_lab / sqrt(s)."""
    return momentum(E, m) / sqrt_s(E, m)


def cm_one_minus_beta(E: ArrayLike, m: Real) -> FloatArray:
    """1 - beta of the CM frame, s / ((E + m)(E + m + p)), stable for any E/m."""
    E = np.asarray(E, dtype=float)
    return s_lab(E, m) / ((E + m) * (E + m + momentum(E, m)))


def cm_doppler(E: ArrayLike, m: Real) -> FloatArray:
    """Doppler factor exp(y_cm) = (E + m + p) / sqrt(s) of the CM frame in the lab."""
    E = np.asarray(E, dtype=float)
    return (E + m + momentum(E, m)) / sqrt_s(E, m)


def lab_to_cm(p: ArrayLike, E: ArrayLike, m_nu: float, mass: ArrayLike) -> NDArray[Any]:
    """Transform on-shell vectors ``p`` (masses ``mass``) from the lab to the CM frame.

    ``E`` and ``m_nu`` define the beam (solar energy, neutrino mass, eV).
    """
    return boost_z(p, 1.0 / cm_doppler(E, m_nu), mass)


def cm_to_lab(p: ArrayLike, E: ArrayLike, m_nu: float, mass: ArrayLike) -> NDArray[Any]:
    """Transform on-shell vectors ``p`` (masses ``mass``) from the CM frame to the lab."""
    return boost_z(p, cm_doppler(E, m_nu), mass)


def beam_lab(E: ArrayLike, m: float) -> tuple[NDArray[Any], NDArray[Any]]:
    """Incoming four-momenta in the lab: p1 = (E, 0, 0, p), p2 = (m, 0, 0, 0)."""
    E = np.asarray(E, dtype=float)
    check_energy(E, m)
    z = np.zeros_like(E)
    return four_vector(E, z, z, momentum(E, m)), four_vector(np.full_like(E, m), z, z, z)


def beam_cm(E: ArrayLike, m: float) -> tuple[NDArray[Any], NDArray[Any]]:
    """Incoming four-momenta in the CM frame: p1 along +z, p2 along -z."""
    e, p = cm_energy(E, m), cm_momentum(E, m)
    z = np.zeros_like(e)
    return four_vector(e, z, z, p), four_vector(e, z, z, -p)


def lab_angle_massless(theta_cm: ArrayLike, E: ArrayLike, m: Real) -> FloatArray:
    """Lab polar angle of a massless particle emitted at CM polar angle ``theta_cm``.

    Aberration in its stable form: tan(theta_lab / 2) = exp(-y_cm) tan(theta_cm / 2).
    For E >> m, exp(y_cm) ~ 2 gamma_cm ~ sqrt(2 E / m), so every photon emitted into the
    forward CM hemisphere lands within ~sqrt(2 m / E) of the beam in the lab.
    """
    theta_cm = np.asarray(theta_cm, dtype=float)
    return 2.0 * np.arctan(np.tan(0.5 * theta_cm) / cm_doppler(E, m))


def levi_civita(a: ArrayLike, b: ArrayLike, c: ArrayLike, d: ArrayLike) -> FloatArray:
    """eps_{mu nu rho sigma} a^mu b^nu c^rho d^sigma with eps_{0123} = +1 (a determinant)."""
    rows = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (a, b, c, d)))
    return cast(FloatArray, np.linalg.det(np.stack(rows, axis=-2)))


def three_body_cm(E: float, m: float, w: ArrayLike, cos_k: ArrayLike, phi_k: ArrayLike, cos_3: ArrayLike,
                  phi_3: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Final state (p3, p4, k) in the CM frame for given photon energy and angles.

    The photon has CM energy ``w`` and direction (cos_k, phi_k); the neutrino p3 has
    direction (cos_3, phi_3) in the rest frame of the (p3, p4) pair (axes parallel to the
    CM axes). A map for making events, with no Jacobian: the phase-space integrator is in
    :mod:`nubrems.kinematics.phasespace`.

    Parameters
    ----------
    E, m : float
        Solar neutrino total energy in the lab and the neutrino mass, eV.
    w : array_like
        Photon CM energy in eV, 0 < w < (s - 4 m^2) / (2 sqrt(s)).
    cos_k, phi_k, cos_3, phi_3 : array_like
        Angles as described above.
    """
    root_s = float(sqrt_s(E, m))
    w = np.asarray(w, dtype=float)
    wmax = (root_s - 2 * m) * (root_s + 2 * m) / (2 * root_s)
    if np.any(w <= 0) or np.any(w >= wmax):
        raise ValueError(f"photon energy w must lie in (0, {wmax:g}) eV for E_nu = {E:g} eV, m = {m:g} eV")

    def unit(c: ArrayLike, ph: ArrayLike) -> FloatArray:
        c = np.asarray(c, dtype=float)
        sn = np.sqrt((1 - c) * (1 + c))
        return np.stack(np.broadcast_arrays(sn * np.cos(ph), sn * np.sin(ph), c), axis=-1)

    nk = unit(cos_k, phi_k)
    k = np.concatenate([w[..., None] * np.ones_like(nk[..., :1]), w[..., None] * nk], axis=-1)
    M = np.sqrt(root_s * (root_s - 2 * w))  # invariant mass of the (p3, p4) pair
    q = np.sqrt((0.5 * M - m) * (0.5 * M + m))
    n3 = unit(cos_3, phi_3)
    p3r = np.concatenate([0.5 * M[..., None] * np.ones_like(n3[..., :1]), q[..., None] * n3], axis=-1)
    p4r = np.concatenate([p3r[..., :1], -p3r[..., 1:]], axis=-1)
    beta = -k[..., 1:] / (root_s - w)[..., None]
    return boost(p3r, beta), boost(p4r, beta), k
