"""The event constructions used by the amplitude checks place the photon where asked."""

import numpy as np
import pytest

from nubrems.kinematics import events
from nubrems.kinematics import vectors as K


@pytest.mark.parametrize("leg", [1, 2, 3, 4])
def test_collinear_events_conserve_momentum_and_hit_the_angle(leg):
    E, m = 1e6, 0.1
    angles = np.geomspace(1e-8, 1e-2, 200)
    ev = events.collinear(E, m, 200, np.random.default_rng(leg), leg, angles=angles)
    p1, p2, p3, p4, k = ev
    assert len(k) > 150  # only kinematically impossible draws are dropped
    np.testing.assert_allclose(p1 + p2 - p3 - p4 - k, 0, atol=1e-12 * p1[0, 0])
    np.testing.assert_allclose(K.mass2(p3), m * m, rtol=1e-6)
    got = events.angle_to_leg(ev, leg)
    assert np.all((got > 0.5e-8) & (got < 1.01e-2))
    if leg in (1, 2):  # the beam legs lie on the z axis: each angle is one that was asked for
        nearest = np.min(np.abs(got[:, None] / angles[None, :] - 1), axis=1)
        assert np.all(nearest < 1e-6)


def test_generic_events_are_physical():
    E, m = 1e6, 0.1
    p1, p2, p3, p4, k = events.generic(E, m, 500, np.random.default_rng(0))
    np.testing.assert_allclose(p1 + p2 - p3 - p4 - k, 0, atol=1e-12 * p1[0, 0])
    np.testing.assert_allclose(K.mass2(k), 0, atol=1e-12 * p1[0, 0] ** 2)
    assert np.all(k[:, 0] > 0)


def test_mp_events_are_exact():
    import mpmath as mp

    ev = events.collinear_mp(20e6, 1e-3, 1, 1e-6, np.random.default_rng(0), dps=40)
    p1, p2, p3, p4, k = ev
    total = p1 + p2 - p3 - p4 - k
    assert all(abs(x) < mp.mpf(10) ** -30 for x in total)

    def dot(a, b):
        return a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3]

    assert abs(dot(p4, p4) - mp.mpf(1e-3) ** 2) < mp.mpf(10) ** -30
