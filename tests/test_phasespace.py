"""The phase-space map: Jacobians, volume, conservation, stable invariants and lab angles."""

import mpmath as mp
import numpy as np
import pytest
from scipy import integrate

from nubrems.amplitudes import dirac as A
from nubrems.kinematics import phasespace as PS
from nubrems.kinematics import vectors as K


@pytest.mark.parametrize("tau", [1e-12, 1e-6, 0.1, 10.0])
def test_two_sided_map_covers_cos_theta_once(tau):
    for lo, hi in ((0.0, 0.5), (0.5, 1.0)):
        val, _ = integrate.quad(lambda x: PS.two_sided_log_map(x, tau)[2], lo, hi, epsrel=1e-12, limit=200)
        assert val == pytest.approx(1.0, rel=1e-9)  # each half covers one unit of cos(theta)
    x = np.linspace(0, 1, 10001)[:-1]
    um, up, jac = PS.two_sided_log_map(x, tau)
    assert np.all(np.diff(um) > 0) and np.all(jac > 0)
    np.testing.assert_allclose(um + up, 2.0, rtol=1e-15)
    assert um[0] == 0.0 and up[5000] == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("E, m", [(1e6, 0.1), (2.0, 1.0), (20e6, 1e-3)])
def test_volume_formula(E, m):
    mp.mp.dps = 30
    s = float(K.s_lab(E, m))
    r = 4 * mp.mpf(m) ** 2 / (2 * mp.mpf(m) * (mp.mpf(E) + mp.mpf(m)))
    val = mp.quad(lambda y: (1 - y) * mp.sqrt(1 - r / y), [r, 2 * r, mp.sqrt(r), 1])
    assert PS.volume(E, m) == pytest.approx(s / (128 * np.pi**3) * float(val), rel=1e-12)
    if m / E < 1e-6:
        assert PS.volume(E, m) == pytest.approx(s / (256 * np.pi**3), rel=1e-4)


@pytest.mark.parametrize("E, m", [(1e6, 0.1), (2.0, 1.0), (20e6, 1e-3)])
def test_vegas_integrates_the_map_to_the_volume(E, m):
    import vegas

    ps = PS.ThreeBodyMap(E, m)
    integ = vegas.Integrator(5 * [[0, 1]], ran_array_generator=np.random.default_rng(3).random)
    f = vegas.batchintegrand(lambda x: ps(x).weight)
    integ(f, nitn=8, neval=20000)
    res = integ(f, nitn=10, neval=20000, adapt=False)
    assert abs(res.mean / PS.volume(E, m) - 1) < max(3 * res.sdev / res.mean, 1e-12)
    assert res.sdev / res.mean < 2e-3


def edge_points(rng, n=2000):
    x = rng.random((n, 5))
    x[: n // 4, 1] = rng.choice([0.0, 1e-12, 0.5, 0.5 - 1e-12, 1 - 1e-12], n // 4)
    x[n // 4: n // 2, 3] = rng.choice([0.0, 1e-12, 0.5, 1 - 1e-12], n // 4)
    x[n // 2: 3 * n // 4, 0] = rng.choice([1e-9, 1e-3, 1 - 1e-9], n // 4)
    return x


@pytest.mark.parametrize("E_over_m", [1.5, 1e4, 1e8, 1e10])
def test_conservation_on_shell_and_invariants(E_over_m):
    m = 0.1
    ps = PS.ThreeBodyMap(E_over_m * m, m)
    pt = ps(edge_points(np.random.default_rng(5)))
    p1, p2, p3, p4, k = pt.momenta
    np.testing.assert_allclose(p1 + p2 - p3 - p4 - k, 0, atol=1e-12 * ps.root_s)
    for p, mass in ((p1, m), (p2, m), (p3, m), (p4, m), (k, 0.0)):  # on shell: E = sqrt(p^2 + m^2)
        np.testing.assert_allclose(p[:, 0], np.sqrt(K.three_momentum(p) ** 2 + mass**2), rtol=1e-14)
    vec = A.invariants(*pt.momenta, m)
    generic = (pt.one_minus_cos_k > 1e-6) & (pt.one_plus_cos_k > 1e-6)
    for name in A.INVARIANTS:
        np.testing.assert_allclose(pt.invariants[name][generic], vec[name][generic], rtol=1e-10, err_msg=name)
    assert np.all(np.concatenate(list(pt.invariants.values())) > 0)
    assert np.all(pt.weight >= 0) and np.all(np.isfinite(pt.weight))


def test_collinear_invariants_and_lab_angles_against_mpmath():
    """At E = 20 MeV the map's p1.k, p2.k and lab angles (down to 1e-9 rad) are exact."""
    mp.mp.dps = 50
    E, m = 20e6, 0.1
    ps = PS.ThreeBodyMap(E, m)
    x = np.random.default_rng(9).random((50, 5))
    x[:, 1] = np.geomspace(1e-14, 0.49, 50)
    pt = ps(x)
    Em, mm = mp.mpf(E), mp.mpf(m)
    s = 2 * mm * (Em + mm)
    e = mp.sqrt(s) / 2
    pst = mp.sqrt(e * e - mm * mm)
    D = (Em + mm + mp.sqrt(Em * Em - mm * mm)) / mp.sqrt(s)
    for i in range(50):
        w, u = mp.mpf(pt.photon_energy_cm[i]), mp.mpf(pt.one_minus_cos_k[i])
        assert pt.invariants["p1k"][i] == pytest.approx(float(w * (e - pst * (1 - u))), rel=1e-13)
        theta = 2 * mp.atan(mp.sqrt(u / (2 - u)) / D)
        assert pt.photon_angle_lab[i] == pytest.approx(float(theta), rel=1e-12)
    assert pt.photon_angle_lab.min() < 1e-9


def test_bad_energy():
    with pytest.raises(ValueError, match="E_nu"):
        PS.ThreeBodyMap(0.05, 0.1)


# --- distinct masses: ChannelMap(E, (m1, m2, m3, m4)) -------------------------------------
#: (m1, m2, m3, m4) in eV: nearly equal, massless solar and p3, light solar, light pair
MASS_SETS = [(0.05, 0.0501, 0.05, 0.0501), (0.0, 0.05, 0.0, 0.05), (0.01, 0.05, 0.05, 0.05),
             (0.05, 0.05, 0.01, 0.0087)]


@pytest.mark.parametrize("tau, tau_far", [(1e-12, 10.0), (10.0, 1e-12), (0.0, 1e-6), (0.1, 0.0), (0.0, 0.0)])
def test_two_sided_map_with_two_widths_covers_each_half_once(tau, tau_far):
    for lo, hi in ((0.0, 0.5), (0.5, 1.0)):
        val, _ = integrate.quad(lambda x: PS.two_sided_log_map(x, tau, tau_far)[2], lo, hi, epsrel=1e-12,
                                limit=200)
        assert val == pytest.approx(1.0, rel=1e-9)  # each half covers one unit of cos(theta)
    x = np.linspace(0, 1, 10001)[:-1]
    um, up, jac = PS.two_sided_log_map(x, tau, tau_far)
    assert np.all(jac > 0) and np.all(np.diff(um) >= 0)  # 2 - u may round to 2 near a 1e-30 width:
    assert np.all(np.diff(um[:5000]) > 0) and np.all(np.diff(up[5000:]) < 0)  # strict on the near ends
    np.testing.assert_allclose(um + up, 2.0, rtol=1e-15)
    assert um[0] == 0.0 and um[5000] == pytest.approx(1.0, rel=1e-12)
    # each half is the one-width map of its own peak: the near half resolves tau, the far half tau_far
    np.testing.assert_array_equal(um[:5000], PS.two_sided_log_map(x[:5000], tau)[0])
    np.testing.assert_array_equal(up[5000:], PS.two_sided_log_map(x[5000:], tau_far)[1])


def test_two_sided_map_default_far_width_is_the_old_map():
    x = np.random.default_rng(1).random(1000)
    tau = np.geomspace(1e-20, 1e3, 1000)
    for a, b in zip(PS.two_sided_log_map(x, tau), PS.two_sided_log_map(x, tau, tau), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("E, m", [(1e6, 0.1), (2.0, 1.0), (20e6, 1e-3)])
def test_channel_map_with_equal_masses_is_the_three_body_map(E, m):
    x = edge_points(np.random.default_rng(4))
    a, b = PS.ThreeBodyMap(E, m), PS.ChannelMap(E, (m, m, m, m))
    pa, pb = a(x), b(x)
    for field in ("weight", "photon_energy_cm", "one_minus_cos_k", "one_plus_cos_k", "pair_mass2",
                  "photon_energy_lab", "photon_angle_lab"):
        np.testing.assert_array_equal(getattr(pa, field), getattr(pb, field), err_msg=field)
    for name in A.INVARIANTS:
        np.testing.assert_array_equal(pa.invariants[name], pb.invariants[name], err_msg=name)
    for va, vb in zip(pa.momenta, pb.momenta, strict=True):
        np.testing.assert_array_equal(va, vb)
    assert a.flux == b.flux == pytest.approx(4 * m * np.sqrt(E * E - m * m), rel=1e-14)
    assert PS.volume_masses(E, (m, m, m, m)) == pytest.approx(PS.volume(E, m), rel=1e-11)


def _mp_phi2(a, b, c):
    """Two-body phase space Phi_2(a; b, c) = lambda^(1/2)(a, b, c) / (8 pi a) in mpmath."""
    return mp.sqrt(max((a - b - c) ** 2 - 4 * b * c, 0)) / (8 * mp.pi * a)  # max: >= 0 at the ends


@pytest.mark.parametrize("masses", MASS_SETS)
def test_volume_masses_against_mpmath(masses):
    mp.mp.dps = 30
    m1, m2, m3, m4 = (mp.mpf(mi) for mi in masses)
    for E in (1e6, 10 * masses[1], 1.001 * PS.threshold_energy(masses) + 1e-3):
        s = m1**2 + m2**2 + 2 * mp.mpf(E) * m2
        val = mp.quad(lambda M2, s=s: _mp_phi2(s, M2, 0) * _mp_phi2(M2, m3**2, m4**2) / (2 * mp.pi),
                      [(m3 + m4) ** 2, s])
        assert PS.volume_masses(E, masses) == pytest.approx(float(val), rel=1e-10)
    s = float(PS.ChannelMap(1e6, (0.0, 0.05, 0.0, 0.0)).s)  # massless final state: s / (256 pi^3)
    assert PS.volume_masses(1e6, (0.0, 0.05, 0.0, 0.0)) == pytest.approx(s / (256 * np.pi**3), rel=1e-12)


@pytest.mark.parametrize("masses", MASS_SETS)
@pytest.mark.parametrize("E_over_m2", [1e6 / 0.05, 10.0])
def test_vegas_integrates_the_channel_map_to_the_volume(masses, E_over_m2):
    import vegas

    E = E_over_m2 * masses[1]
    ps = PS.ChannelMap(E, masses)
    integ = vegas.Integrator(5 * [[0, 1]], ran_array_generator=np.random.default_rng(3).random)
    f = vegas.batchintegrand(lambda x: ps(x).weight)
    integ(f, nitn=8, neval=20000)
    res = integ(f, nitn=10, neval=20000, adapt=False)
    assert abs(res.mean / PS.volume_masses(E, masses) - 1) < 3 * res.sdev / res.mean
    assert res.sdev / res.mean < 2e-3


def _energies(masses):
    """Just above threshold (E - E_th = 1e-6 E_th, or 0.5 E for an open channel), 1e4 and 1e8 m2."""
    e_th = PS.threshold_energy(masses)
    return [e_th * (1 + 1e-6) if e_th > 0 else 0.5 * masses[1], 1e4 * masses[1], 1e8 * masses[1]]


@pytest.mark.parametrize("masses", MASS_SETS)
def test_channel_conservation_on_shell_and_invariants(masses):
    for E in _energies(masses):
        ps = PS.ChannelMap(E, masses)
        pt = ps(edge_points(np.random.default_rng(5)))
        vecs = dict(zip(("p1", "p2", "p3", "p4", "k"), pt.momenta, strict=True))
        mass = dict(zip(("p1", "p2", "p3", "p4", "k"), (*masses, 0.0), strict=True))
        np.testing.assert_allclose(vecs["p1"] + vecs["p2"] - vecs["p3"] - vecs["p4"] - vecs["k"], 0,
                                   atol=1e-12 * ps.root_s)
        for name, p in vecs.items():  # on shell: E = sqrt(p^2 + m^2)
            np.testing.assert_allclose(p[:, 0], np.sqrt(K.three_momentum(p) ** 2 + mass[name] ** 2), rtol=1e-14)
        generic = (pt.one_minus_cos_k > 1e-6) & (pt.one_plus_cos_k > 1e-6) & (pt.pair_mass2 > 1.01 * ps.m34**2)
        for name in A.INVARIANTS:
            direct = K.dot_stable(vecs[name[:2]], vecs[name[2:]], mass[name[:2]], mass[name[2:]])
            np.testing.assert_allclose(pt.invariants[name][generic], direct[generic], rtol=1e-10, err_msg=name)
        assert np.all(np.concatenate(list(pt.invariants.values())) >= 0)
        assert np.all(pt.weight >= 0) and np.all(np.isfinite(pt.weight))
        assert ps.flux == pytest.approx(4 * np.sqrt(ps.p1p2**2 - (masses[0] * masses[1]) ** 2), rel=1e-12)


def _mp_reference(E, masses, x):
    """The ten invariants, lab photon energy and angle of the map at the point x, in mpmath:
    the map rebuilt from x with naive formulas (square roots of differences, explicit boost)."""
    m1, m2, m3, m4 = (mp.mpf(mi) for mi in masses)
    E = mp.mpf(E)
    v, x1, _, x3, x4 = (mp.mpf(xi) for xi in x)
    s = m1**2 + m2**2 + 2 * E * m2
    rs, p_lab = mp.sqrt(s), mp.sqrt(E**2 - m1**2)
    pst = m2 * p_lab / rs
    e1, e2 = mp.sqrt(pst**2 + m1**2), mp.sqrt(pst**2 + m2**2)
    M2 = (m3 + m4) ** 2 + (s - (m3 + m4) ** 2) * v**2
    M = mp.sqrt(M2)
    q = mp.sqrt((M2 - (m3 + m4) ** 2) * (M2 - (m3 - m4) ** 2)) / (2 * M)
    e3, e4 = mp.sqrt(q**2 + m3**2), mp.sqrt(q**2 + m4**2)
    w = (s - M2) / (2 * rs)

    def log_map(xi, tau, tau_far):
        t = max(tau if xi < 0.5 else tau_far, PS.TAU_MIN)
        near = t * mp.expm1(2 * (xi if xi < 0.5 else 1 - xi) * mp.log1p(1 / t))
        return near if xi < 0.5 else 2 - near

    uk = log_map(x1, (e1 - pst) / pst, (e2 - pst) / pst)
    u3 = log_map(x3, (e3 - q) / q, (e4 - q) / q)
    ck, sk = 1 - uk, mp.sqrt(uk * (2 - uk))
    c3, s3, phi = 1 - u3, mp.sqrt(u3 * (2 - u3)), 2 * mp.pi * x4
    vec = {"k": [w, 0, 0, w], "p1": [e1, pst * sk, 0, pst * ck], "p2": [e2, -pst * sk, 0, -pst * ck]}
    # p3, p4 from the pair frame, boosted along -z with the pair velocity w / E_pair
    gamma, beta = (s + M2) / (2 * rs * M), -w / ((s + M2) / (2 * rs))
    for name, e, sign in (("p3", e3, 1), ("p4", e4, -1)):
        px, py, pz = sign * q * s3 * mp.cos(phi), sign * q * s3 * mp.sin(phi), sign * q * c3
        vec[name] = [gamma * (e + beta * pz), px, py, gamma * (pz + beta * e)]

    def dot(a, b):
        return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]

    inv = {name: dot(vec[name[:2]], vec[name[2:]]) for name in A.INVARIANTS}
    E_lab = inv["p2k"] / m2                       # the relic is at rest in the lab
    one_minus_cos = (inv["p1k"] / E_lab - m1**2 / (E + p_lab)) / p_lab  # p1.k = E_lab (E - p cos)
    return inv, E_lab, 2 * mp.asin(mp.sqrt(one_minus_cos / 2))


@pytest.mark.parametrize("masses", MASS_SETS)
@pytest.mark.parametrize("E", [20e6, 0.5])
def test_channel_collinear_invariants_and_lab_photon_against_mpmath(masses, E):
    """At collinear and threshold edges every invariant and the lab photon are exact."""
    mp.mp.dps = 60
    rng = np.random.default_rng(9)
    x = rng.random((40, 5))
    x[:20, 1] = np.concatenate([np.geomspace(1e-14, 0.49, 10), 1 - np.geomspace(1e-14, 0.49, 10)])
    x[20:, 3] = np.concatenate([np.geomspace(1e-14, 0.49, 10), 1 - np.geomspace(1e-14, 0.49, 10)])
    x[::4, 0] = rng.choice([1e-9, 1e-4, 1 - 1e-9], 10)
    pt = PS.ChannelMap(E, masses)(x)
    for i in range(len(x)):
        inv, E_lab, theta = _mp_reference(E, masses, x[i])
        for name in A.INVARIANTS:
            assert pt.invariants[name][i] == pytest.approx(float(inv[name]), rel=1e-12, abs=0), (name, i)
        assert pt.photon_energy_lab[i] == pytest.approx(float(E_lab), rel=1e-12)
        assert pt.photon_angle_lab[i] == pytest.approx(float(theta), rel=1e-11)
    if E > 1e6:
        assert pt.photon_angle_lab.min() < 1e-9


@pytest.mark.parametrize("masses", MASS_SETS)
def test_channel_lab_photon_by_explicit_boost(masses):
    """Rotate the photon frame so that p1 is along +z, boost to the relic rest frame: p2 is at
    rest, p1 = (E, 0, 0, |p1|), and k has the map's lab energy and angle."""
    E = 30 * masses[1]
    ps = PS.ChannelMap(E, masses)
    pt = ps(np.random.default_rng(6).random((500, 5)))
    # p1 is at angle theta_k to z in the x-z plane: rotate about y by -theta_k
    c, s = 1 - pt.one_minus_cos_k, np.sqrt(pt.one_minus_cos_k * pt.one_plus_cos_k)

    def to_lab(p):
        rotated = np.stack([p[:, 0], c * p[:, 1] - s * p[:, 3], p[:, 2], s * p[:, 1] + c * p[:, 3]], axis=-1)
        beta = np.sqrt(E * E - masses[0] ** 2) / (E + masses[1])  # CM velocity in the lab
        return K.boost(rotated, np.array([0.0, 0.0, beta]))

    p1, p2, _, _, k = (to_lab(p) for p in pt.momenta)
    scale = E + masses[1]
    np.testing.assert_allclose(p2, np.broadcast_to([masses[1], 0, 0, 0], p2.shape), atol=1e-13 * scale)
    np.testing.assert_allclose(p1, np.broadcast_to([E, 0, 0, np.sqrt(E * E - masses[0] ** 2)], p1.shape),
                               atol=1e-13 * scale)
    np.testing.assert_allclose(pt.photon_energy_lab, k[:, 0], rtol=1e-12)
    np.testing.assert_allclose(pt.photon_angle_lab, K.polar_angle(k), rtol=1e-9)


def test_channel_energy_below_threshold():
    masses = (0.01, 0.05, 0.05, 0.05)
    e_th = PS.threshold_energy(masses)
    assert e_th == pytest.approx((0.1**2 - 0.01**2 - 0.05**2) / 0.1)
    with pytest.raises(ValueError, match=r"E_nu.*threshold.*got E_nu = 0\.07 eV"):
        PS.ChannelMap(0.07, masses)
    with pytest.raises(ValueError, match=r"got E_nu = \[0\.05\] eV"):  # one bad energy in a batch
        PS.ChannelMap(np.array([1.0, 0.05, 2.0]), masses)
    with pytest.raises(ValueError, match="E_nu"):  # below m1 although s would be above threshold
        PS.ChannelMap(0.04, (0.05, 0.05, 0.0, 0.0))
    for bad in ((0.01, 0.0, 0.05, 0.05), (-0.01, 0.05, 0.05, 0.05), (0.01, 0.05, 0.05), (0.01, 0.05, np.nan, 0.0)):
        with pytest.raises(ValueError, match="masses"):
            PS.ChannelMap(1.0, bad)
    assert np.all(np.isfinite(PS.ChannelMap(e_th * (1 + 1e-9), masses)(np.full((1, 5), 0.3)).weight))


# the last set: s at the first energy above threshold rounds below (m3 + m4)^2
@pytest.mark.parametrize("masses", [*MASS_SETS, (0.05, 0.05, 0.05, 0.05), (0.0, 0.05, 0.02, 0.0),
                                    (0.005, 0.045, 0.035, 0.072)])
def test_every_energy_above_threshold_energy_is_accepted(masses):
    """A caller masks with E > threshold_energy: the next double up must give a valid map
    (s may round a hair below (m3 + m4)^2 there: zero phase space, not NaN)."""
    e_th = PS.threshold_energy(masses)
    # (an open channel, e_th = 0: any E > 0, but not an underflowing |p1|)
    energies = (np.nextafter(e_th, np.inf), e_th * (1 + 4e-16), e_th * (1 + 1e-12)) if e_th > 0 else (1e-9,)
    for E in energies:
        pt = PS.ChannelMap(E, masses)(np.random.default_rng(2).random((100, 5)))
        assert np.all(np.isfinite(pt.weight)) and np.all(pt.weight >= 0)
    with pytest.raises(ValueError, match="E_nu"):
        PS.ChannelMap(e_th, masses)


@pytest.mark.parametrize("masses", MASS_SETS)
def test_channel_map_with_one_energy_per_point(masses):
    """An energy array (the rate integrand: one solar energy per point, safe ones where masked)
    gives, point by point, the map at each scalar energy."""
    rng = np.random.default_rng(8)
    E_th = PS.threshold_energy(masses)
    E = np.where(rng.random(50) < 0.2, 0.5 * E_th, 10 ** rng.uniform(-1, 7, 50))
    ok = E > E_th
    safe = np.where(ok, E, 3 * masses[1] + 2 * E_th)
    x = rng.random((50, 5))
    batch = PS.ChannelMap(safe, masses)(x)
    for i in range(50):
        one = PS.ChannelMap(safe[i], masses)(x[i])
        assert batch.weight[i] == one.weight[0]
        for name in A.INVARIANTS:
            assert batch.invariants[name][i] == one.invariants[name][0]
