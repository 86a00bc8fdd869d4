"""Random 2 -> 3 events in the CM frame for the amplitude tests (not a phase-space
integrator: no weights). Includes photons within a chosen angle of any neutrino leg."""

import numpy as np

from nubrems import kinematics as K


def _unit(theta, phi):
    return np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], -1)


def generic(E, m, n, rng):
    """Events with the photon energy uniform and directions isotropic (pair rest frame)."""
    p1, p2 = K.beam_cm(E, m)
    root_s = float(K.sqrt_s(E, m))
    wmax = (root_s**2 - 4 * m * m) / (2 * root_s)
    w = wmax * rng.uniform(1e-3, 0.999, n)
    nk = _unit(np.arccos(rng.uniform(-1, 1, n)), rng.uniform(0, 2 * np.pi, n))
    k = np.concatenate([w[:, None], w[:, None] * nk], -1)
    M = np.sqrt(root_s * (root_s - 2 * w))  # pair invariant mass
    q = np.sqrt((M / 2 - m) * (M / 2 + m))
    n3 = _unit(np.arccos(rng.uniform(-1, 1, n)), rng.uniform(0, 2 * np.pi, n))
    p3r = np.concatenate([np.full((n, 1), 0.5) * M[:, None], q[:, None] * n3], -1)
    p4r = np.concatenate([p3r[:, :1], -p3r[:, 1:]], -1)
    beta = -k[:, 1:] / (root_s - w)[:, None]
    return (np.broadcast_to(p1, (n, 4)), np.broadcast_to(p2, (n, 4)),
            K.boost(p3r, beta), K.boost(p4r, beta), k)


def collinear(E, m, n, rng, leg, max_angle):
    """Events with the photon within ``max_angle`` (rad) of leg 1, 2, 3 or 4."""
    p1, p2 = K.beam_cm(E, m)
    root_s = float(K.sqrt_s(E, m))
    P = np.array([root_s, 0.0, 0.0, 0.0])
    delta = max_angle * rng.uniform(0.0, 1.0, n)
    phi = rng.uniform(0, 2 * np.pi, n)
    if leg in (1, 2):
        base = np.array([0.0, 0.0, 1.0 if leg == 1 else -1.0])
        th0 = np.where(leg == 1, 0.0, np.pi)
        nk = _unit(th0 + delta * (1 if leg == 1 else -1), phi)
        # choose p3 isotropic with energy fraction, then solve the photon energy
        fixed_dir = _unit(np.arccos(rng.uniform(-1, 1, n)), rng.uniform(0, 2 * np.pi, n))
    else:
        fixed_dir = _unit(np.arccos(rng.uniform(-1, 1, n)), rng.uniform(0, 2 * np.pi, n))
        th = np.arccos(fixed_dir[:, 2]); ph = np.arctan2(fixed_dir[:, 1], fixed_dir[:, 0])
        nk = _unit(th + delta, ph)  # tilt by delta in the polar direction
        nk = np.where((rng.uniform(size=n) < 0.5)[:, None], nk, _unit(th - delta, ph))
    # the "fixed" neutrino (p3 for legs 1, 2, 3; p4 for leg 4) with a random energy
    emax = root_s / 2
    Ef = m + (emax - m) * rng.uniform(0.05, 0.95, n)
    pf = np.sqrt((Ef - m) * (Ef + m))
    fixed = np.concatenate([Ef[:, None], pf[:, None] * fixed_dir], -1)
    rest = P - fixed
    nk4 = np.concatenate([np.ones((n, 1)), nk], -1)
    w = (K.dot(rest, rest) - m * m) / (2 * K.dot(nk4, rest))
    k = w[:, None] * nk4
    other = rest - k
    other[:, 0] = np.sqrt(np.sum(other[:, 1:] ** 2, -1) + m * m)  # on shell to rounding
    ok = (w > 0) & (other[:, 0] > 0)
    p3, p4 = (other, fixed) if leg == 4 else (fixed, other)
    sel = lambda a: np.broadcast_to(a, (n, 4))[ok]  # noqa: E731
    return sel(p1), sel(p2), p3[ok], p4[ok], k[ok]


def collinear_mp(E, m, leg, delta, rng, dps=50):
    """One exactly conserving, exactly on-shell event in mpmath arithmetic (CM frame) with
    the photon at angle ``delta`` (rad) from leg 1, 2, 3 or 4. Returns mpf object arrays.

    Double-precision events violate momentum conservation at the 1e-16 level, which the
    collinear regions amplify to ~1e-7 in |M|^2 at E/m ~ 1e10; exact events isolate the
    comparison of the two |M|^2 computations from that."""
    import mpmath as mp

    mp.mp.dps = dps
    E, m, delta = mp.mpf(E), mp.mpf(m), mp.mpf(delta)
    root_s = mp.sqrt(2 * m * (E + m))
    e = root_s / 2
    q = mp.sqrt((e - m) * (e + m))
    vec = lambda *c: np.array([mp.mpf(x) for x in c], dtype=object)  # noqa: E731
    p1, p2 = vec(e, 0, 0, q), vec(e, 0, 0, -q)

    def direction(ct, ph):
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
    minkowski = lambda a, b: a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]  # noqa: E731
    w = (minkowski(rest, rest) - m * m) / (2 * minkowski(nk4, rest))
    if w <= 0:
        return None
    k = w * nk4
    other = rest - k
    p3, p4 = (other, fixed) if leg == 4 else (fixed, other)
    return p1, p2, p3, p4, k


def mp_invariants(p1, p2, p3, p4, k):
    """The ten products p_i.p_j, p_i.k of an mpmath event, rounded to double."""
    vecs = {"p1": p1, "p2": p2, "p3": p3, "p4": p4, "k": k}
    names = ("p1p2", "p1p3", "p1p4", "p1k", "p2p3", "p2p4", "p2k", "p3p4", "p3k", "p4k")
    dot = lambda a, b: a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]  # noqa: E731
    return {n: np.array([float(dot(vecs[n[:2]], vecs[n[2:]]))]) for n in names}
