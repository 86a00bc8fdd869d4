"""Random 2 -> 3 events in the CM frame for checks and plots of the amplitudes.

Not a phase-space integrator (no weights; that is :mod:`nubrems.kinematics.phasespace`): these
constructions place the photon where a check needs it, e.g. within a chosen angle of one
neutrino leg. :func:`collinear_mp` builds exactly conserving events in mpmath arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.core._typing import FloatArray
from nubrems.core.processes import INVARIANTS
from nubrems.kinematics import vectors as K

__all__ = ["Event", "angle_to_leg", "collinear", "collinear_mp", "generic", "mp_invariants"]

#: Momenta (p1, p2, p3, p4, k): arrays of shape (n, 4), or of shape (4,) holding mpmath numbers.
Event = tuple[NDArray[Any], NDArray[Any], NDArray[Any], NDArray[Any], NDArray[Any]]


def _minkowski(a: NDArray[Any] | Sequence[Any], b: NDArray[Any] | Sequence[Any]) -> Any:
    """a.b for four-vectors given as sequences (mpmath numbers welcome)."""
    return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]


def _unit(theta: ArrayLike, phi: ArrayLike) -> FloatArray:
    return np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], -1)


def generic(E: float, m: float, n: int, rng: np.random.Generator) -> Event:
    """n events (p1, p2, p3, p4, k), each shape (n, 4), in the CM frame: photon energy
    uniform in (1e-3, 0.999) of its maximum, photon direction isotropic, p3 isotropic in
    the pair rest frame. ``E`` is the solar energy in the lab, ``m`` the mass (eV)."""
    p1, p2 = K.beam_cm(E, m)
    root_s = float(K.sqrt_s(E, m))
    w = (root_s**2 - 4 * m * m) / (2 * root_s) * rng.uniform(1e-3, 0.999, n)
    p3, p4, k = K.three_body_cm(E, m, w, rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n),
                                rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n))
    return np.broadcast_to(p1, (n, 4)), np.broadcast_to(p2, (n, 4)), p3, p4, k


def collinear(E: float, m: float, n: int, rng: np.random.Generator, leg: int, max_angle: float | None = None,
              angles: ArrayLike | None = None) -> Event:
    """Events with the photon at a given angle from neutrino leg 1, 2, 3 or 4 (CM frame).

    The angles are ``angles`` (rad, shape (n,)) or uniform in [0, max_angle]. One neutrino
    (p3, or p4 for leg 4) gets a random direction and energy, the photon direction is set
    by the angle, its energy follows from energy-momentum conservation, and events where
    it would be negative are dropped (so fewer than n may return).
    """
    p1, p2 = K.beam_cm(E, m)
    root_s = float(K.sqrt_s(E, m))
    if angles is not None:
        delta = np.asarray(angles, dtype=float)
    elif max_angle is not None:
        delta = max_angle * rng.uniform(0.0, 1.0, n)
    else:
        raise ValueError("collinear needs max_angle or angles")
    phi = rng.uniform(0, 2 * np.pi, n)
    fixed_dir = _unit(np.arccos(rng.uniform(-1, 1, n)), rng.uniform(0, 2 * np.pi, n))
    if leg in (1, 2):
        nk = _unit(delta if leg == 1 else np.pi - delta, phi)
    else:  # tilt the fixed neutrino's direction by delta in a random plane
        th, ph = np.arccos(fixed_dir[:, 2]), np.arctan2(fixed_dir[:, 1], fixed_dir[:, 0])
        e_t = np.stack([np.cos(th) * np.cos(ph), np.cos(th) * np.sin(ph), -np.sin(th)], -1)
        e_p = np.stack([-np.sin(ph), np.cos(ph), 0 * th], -1)
        nk = (fixed_dir * np.cos(delta)[:, None]
              + np.sin(delta)[:, None] * (e_t * np.cos(phi)[:, None] + e_p * np.sin(phi)[:, None]))
    Ef = m + (0.5 * root_s - m) * rng.uniform(0.05, 0.95, n)
    pf = np.sqrt((Ef - m) * (Ef + m))
    fixed = np.concatenate([Ef[:, None], pf[:, None] * fixed_dir], -1)
    rest = np.array([root_s, 0.0, 0.0, 0.0]) - fixed
    nk4 = np.concatenate([np.ones((n, 1)), nk], -1)
    w = (K.dot(rest, rest) - m * m) / (2 * K.dot(nk4, rest))
    k = w[:, None] * nk4
    other = rest - k
    other[:, 0] = np.sqrt(np.sum(other[:, 1:] ** 2, -1) + m * m)  # on shell to rounding
    ok = w > 0
    p3, p4 = (other, fixed) if leg == 4 else (fixed, other)

    def selected(a: NDArray[Any]) -> NDArray[Any]:
        return cast(NDArray[Any], np.broadcast_to(a, (n, 4))[ok])

    return selected(p1), selected(p2), p3[ok], p4[ok], k[ok]


def collinear_mp(E: float, m: float, leg: int, delta: float, rng: np.random.Generator,
                 dps: int = 50) -> Event | None:
    """One exactly conserving, exactly on-shell event in mpmath arithmetic (CM frame) with
    the photon at angle ``delta`` (rad) from leg 1, 2, 3 or 4. Returns mpf object arrays.

    Double-precision events violate momentum conservation at the 1e-16 level, which the
    collinear regions amplify to ~1e-7 in |M|^2 at E/m ~ 1e10; exact events isolate the
    comparison of the two |M|^2 computations from that."""
    import mpmath as mp  # lazy: the [derive] extra, high-precision references only

    mp.mp.dps = dps
    E, m, delta = mp.mpf(E), mp.mpf(m), mp.mpf(delta)
    root_s = mp.sqrt(2 * m * (E + m))
    e = root_s / 2
    q = mp.sqrt((e - m) * (e + m))

    def vec(*c: Any) -> NDArray[np.object_]:
        return np.array([mp.mpf(x) for x in c], dtype=object)

    p1, p2 = vec(e, 0, 0, q), vec(e, 0, 0, -q)

    def direction(ct: Any, ph: Any) -> list[Any]:
        st = mp.sqrt(1 - ct * ct)
        return [st * mp.cos(ph), st * mp.sin(ph), ct]

    u = [mp.mpf(float(x)) for x in rng.uniform(size=5)]
    fixed_dir = direction(2 * u[0] - 1, 2 * mp.pi * u[1])
    Ef = m + (e - m) * (mp.mpf("0.1") + mp.mpf("0.8") * u[2])
    pf = mp.sqrt((Ef - m) * (Ef + m))
    fixed = vec(Ef, *(pf * c for c in fixed_dir))
    phi = 2 * mp.pi * u[3]
    if leg in (1, 2):
        th = delta if leg == 1 else mp.pi - delta
        nk = direction(mp.cos(th), phi)
    else:
        th0 = mp.acos(fixed_dir[2])
        ph0 = mp.atan2(fixed_dir[1], fixed_dir[0])
        # rotate (delta, phi) about the fixed direction: e_r cos(delta) + sin(delta)(e_t cos phi + e_p sin phi)
        er = fixed_dir
        et = [mp.cos(th0) * mp.cos(ph0), mp.cos(th0) * mp.sin(ph0), -mp.sin(th0)]
        ep = [-mp.sin(ph0), mp.cos(ph0), mp.mpf(0)]
        nk = [er[i] * mp.cos(delta) + mp.sin(delta) * (et[i] * mp.cos(phi) + ep[i] * mp.sin(phi)) for i in range(3)]
    rest = vec(root_s, 0, 0, 0) - fixed
    nk4 = vec(1, *nk)
    w = (_minkowski(rest, rest) - m * m) / (2 * _minkowski(nk4, rest))
    if w <= 0:
        return None
    k = w * nk4
    other = rest - k
    p3, p4 = (other, fixed) if leg == 4 else (fixed, other)
    return p1, p2, p3, p4, k


def mp_invariants(p1: NDArray[Any], p2: NDArray[Any], p3: NDArray[Any], p4: NDArray[Any],
                  k: NDArray[Any]) -> dict[str, FloatArray]:
    """The ten products p_i.p_j, p_i.k of an mpmath event, rounded to double."""
    vecs = {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "k": k}
    return {n: np.array([float(_minkowski(vecs[n[:2]], vecs[n[2:]]))]) for n in INVARIANTS}


def angle_to_leg(event: Sequence[ArrayLike], leg: int) -> FloatArray:
    """Angle (rad) between the photon and neutrino leg 1-4 of events (p1, p2, p3, p4, k)."""
    k, p = np.asarray(event[4], dtype=float), np.asarray(event[leg - 1], dtype=float)
    ku = k[..., 1:] / np.linalg.norm(k[..., 1:], axis=-1, keepdims=True)
    pu = p[..., 1:] / np.linalg.norm(p[..., 1:], axis=-1, keepdims=True)
    # 2 asin(chord / 2): accurate for small angles, unlike arccos of the dot product
    return cast(FloatArray, 2.0 * np.arcsin(np.clip(0.5 * np.linalg.norm(ku - pu, axis=-1), 0.0, 1.0)))
