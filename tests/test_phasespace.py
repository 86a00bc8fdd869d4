"""The phase-space map: Jacobians, volume, conservation, stable invariants and lab angles."""

import mpmath as mp
import numpy as np
import pytest
from scipy import integrate

from nubrems import amplitudes as A
from nubrems import kinematics as K
from nubrems import phasespace as PS


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
