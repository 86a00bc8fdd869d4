"""Explicit spinors: Clifford algebra, completeness, helicity eigenvalues, stability."""

import numpy as np
import pytest

from nubrems.amplitudes import spinors as D
from nubrems.kinematics import vectors as K

G = np.diag(D.METRIC)


def test_clifford_algebra_and_gamma5():
    for mu in range(4):
        for nu in range(4):
            anti = D.GAMMA[mu] @ D.GAMMA[nu] + D.GAMMA[nu] @ D.GAMMA[mu]
            np.testing.assert_allclose(anti, 2 * D.METRIC[mu, nu] * np.eye(4), atol=1e-15)
        np.testing.assert_allclose(D.GAMMA5 @ D.GAMMA[mu] + D.GAMMA[mu] @ D.GAMMA5, 0, atol=1e-15)
    np.testing.assert_allclose(D.GAMMA5, np.diag([-1, -1, 1, 1]), atol=1e-15)
    np.testing.assert_allclose(D.PL @ D.PL, D.PL, atol=1e-15)
    np.testing.assert_allclose(D.PL @ D.PR, 0, atol=1e-15)
    # sigma^{0 i} = i gamma^0 gamma^i
    np.testing.assert_allclose(D.SIGMA_MUNU[0, 3], 1j * D.GAMMA[0] @ D.GAMMA[3], atol=1e-15)


def random_momenta(n, m, rng, scale=5.0):
    p = rng.normal(size=(n, 4)) * scale
    p[:, 0] = np.sqrt(np.sum(p[:, 1:] ** 2, axis=1) + m**2)
    return p


@pytest.mark.parametrize("m", [0.0, 0.1, 3.0])
def test_completeness_relations(m):
    p = random_momenta(50, m, np.random.default_rng(2))
    us = sum(np.einsum("...a,...b->...ab", D.u_spinor(p, m, h), D.bar(D.u_spinor(p, m, h))) for h in (1, -1))
    vs = sum(np.einsum("...a,...b->...ab", D.v_spinor(p, m, h), D.bar(D.v_spinor(p, m, h))) for h in (1, -1))
    scale = p[:, 0, None, None]
    np.testing.assert_allclose(us / scale, (D.slash(p) + m * np.eye(4)) / scale, atol=1e-13)
    np.testing.assert_allclose(vs / scale, (D.slash(p) - m * np.eye(4)) / scale, atol=1e-13)


@pytest.mark.parametrize("m", [0.1, 3.0])
def test_dirac_equation_normalisation_and_helicity(m):
    p = random_momenta(50, m, np.random.default_rng(4))
    hop = D.helicity_operator(p)
    for h in (1, -1):
        u, v = D.u_spinor(p, m, h), D.v_spinor(p, m, h)
        pslash = D.slash(p)
        np.testing.assert_allclose(np.einsum("...ab,...b->...a", pslash, u), m * u, atol=1e-12 * p[:, :1].max())
        np.testing.assert_allclose(np.einsum("...ab,...b->...a", pslash, v), -m * v, atol=1e-12 * p[:, :1].max())
        np.testing.assert_allclose(np.einsum("...a,...a->...", D.bar(u), u).real, 2 * m, rtol=1e-12)
        np.testing.assert_allclose(np.einsum("...a,...a->...", D.bar(v), v).real, -2 * m, rtol=1e-12)
        np.testing.assert_allclose(np.einsum("...ab,...b->...a", hop, u), h * u, atol=1e-12 * p[:, :1].max())
        np.testing.assert_allclose(np.einsum("...ab,...b->...a", hop, v), -h * v, atol=1e-12 * p[:, :1].max())


def test_left_helicity_is_left_chiral_at_high_energy():
    """The right-chiral part of a helicity -1/2 neutrino has weight (1 - beta)/(1 + beta)."""
    m = 0.1
    for E in (0.2, 10.0, 1e7, 1e10):
        p = np.array([E, 0, 0, float(K.momentum(E, m))])
        u = D.u_spinor(p, m, -1)
        right = np.sum(np.abs(u[2:]) ** 2) / np.sum(np.abs(u[:2]) ** 2)
        omb = float(K.one_minus_beta(E, m))
        assert right == pytest.approx(omb / (2 - omb), rel=1e-12)


def test_currents_are_lorentz_vectors():
    """ubar gamma^mu P_L u transforms like a four-vector (checked with a boost along z)."""
    m, rng = 0.5, np.random.default_rng(5)
    p, q = random_momenta(20, m, rng), random_momenta(20, m, rng)

    def j_sq(a, b):
        """Sum over helicities of |J.J*|: an invariant."""
        return sum(np.sum(np.abs(D.current(D.bar(D.u_spinor(a, m, h)), D.u_spinor(b, m, k))) ** 2 * G, axis=-1)
                   for h in (1, -1) for k in (1, -1))

    pb, qb = K.boost_z(p, 3.0, m), K.boost_z(q, 3.0, m)
    np.testing.assert_allclose(j_sq(pb, qb), j_sq(p, q), rtol=1e-10, atol=1e-10)
