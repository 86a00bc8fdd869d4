"""Closed-form |M|^2 (FORM-derived) against the explicit-spinor reference, Lorentz
invariance, decomposition, limits, input errors, and regeneration of the generated code."""

import shutil

import mpmath as mp
import numpy as np
import pytest

from nubrems.amplitudes import dirac as A
from nubrems.amplitudes import form as symbolic
from nubrems.amplitudes import helicity as H
from nubrems.amplitudes import twobody
from nubrems.core import constants as C
from nubrems.kinematics import events
from nubrems.kinematics import vectors as K

MU = 6e-12 * C.MU_B
GRID = [(E, m) for E in (0.1e6, 1e6, 20e6) for m in (1e-3, 0.1, 1.0)]


def e_cm(E, m):
    return float(K.cm_energy(E, m))


@pytest.mark.parametrize("process", A.PROCESSES)
@pytest.mark.parametrize("E, m", GRID)
def test_generic_and_soft_points_agree_with_spinors(process, E, m):
    rng = np.random.default_rng(17)
    p = events.generic(E, m, 300, rng)
    closed, ref = A.msq(process, *p, m=m, mu=MU), H.msq_reference(process, *p, m, MU)
    np.testing.assert_allclose(closed, ref, rtol=1e-9)
    # soft photons: energies down to 1e-9 of the maximum
    p1, p2 = K.beam_cm(E, m)
    root_s = float(K.sqrt_s(E, m))
    w = (root_s**2 - 4 * m * m) / (2 * root_s) * np.logspace(-9, -3, 50)
    p3, p4, k = K.three_body_cm(E, m, w, rng.uniform(-1, 1, 50), rng.uniform(0, 6, 50),
                                rng.uniform(-1, 1, 50), rng.uniform(0, 6, 50))
    q = (np.broadcast_to(p1, p3.shape), np.broadcast_to(p2, p3.shape), p3, p4, k)
    np.testing.assert_allclose(A.msq(process, *q, m=m, mu=MU), H.msq_reference(process, *q, m, MU), rtol=1e-9)


@pytest.mark.parametrize("process", A.PROCESSES)
@pytest.mark.parametrize("E, m", [(0.1e6, 1.0), (1e6, 0.1), (20e6, 1e-3)])
def test_collinear_points_agree_with_spinors_in_double(process, E, m):
    """Double-precision events with the photon within 3 m/E* of each leg.

    Rounding the event to double precision (momentum conserved to ~1e-16) moves |M|^2 near
    a collinear cone by up to ~eps (E*/m)^2, so that is the tolerance here, floored at
    1e-9; the mpmath test below shows 1e-9 agreement for exact events everywhere."""
    rng = np.random.default_rng(23)
    tol = max(1e-9, 2e-15 * (e_cm(E, m) / m) ** 2)
    for leg in (1, 2, 3, 4):
        p = events.collinear(E, m, 100, rng, leg, 3 * m / e_cm(E, m))
        closed, ref = A.msq(process, *p, m=m, mu=MU), H.msq_reference(process, *p, m, MU)
        np.testing.assert_allclose(closed, ref, rtol=tol, err_msg=f"leg {leg}")


@pytest.mark.slow
@pytest.mark.parametrize("process", A.PROCESSES)
@pytest.mark.parametrize("E, m", [(20e6, 1e-3), (0.1e6, 1.0)])
def test_collinear_points_agree_with_spinors_in_mpmath(process, E, m):
    """Exact (50-digit) events, photon at 0.1 and 2 m/E* from each leg, spinor reference in
    mpmath: agreement to 1e-9 even at E/m = 2e10, where double-precision events alone
    (momentum conserved only to 1e-16) move |M|^2 by 1e-7."""
    rng = np.random.default_rng(29)
    for leg in (1, 2, 3, 4):
        for frac in (0.1, 2.0):
            ev = None
            while ev is None:
                ev = events.collinear_mp(E, m, leg, frac * m / e_cm(E, m), rng, dps=40)
            ref = float(H.msq_reference(process, *[x[None] for x in ev], mp.mpf(m), MU)[0])
            closed = float(A.msq(process, m=m, mu=MU, invariants_=events.mp_invariants(*ev))[0])
            assert closed == pytest.approx(ref, rel=1e-9), f"leg {leg}, angle {frac} m/E*"


@pytest.mark.parametrize("process", A.PROCESSES)
@pytest.mark.parametrize("E_over_m", [10.0, 1e4, 1e7, 1e10])
def test_closed_form_same_in_cm_and_lab(process, E_over_m):
    m = 0.1
    E = E_over_m * m
    rng = np.random.default_rng(31)
    p_cm = events.generic(E, m, 400, rng)
    masses = (m, m, m, m, 0.0)
    p_lab = [K.cm_to_lab(v, E, m, mass) for v, mass in zip(p_cm, masses, strict=True)]
    a, b = A.msq(process, *p_cm, m=m, mu=MU), A.msq(process, *p_lab, m=m, mu=MU)
    np.testing.assert_allclose(b, a, rtol=1e-9)
    # and with the photon within m/E* of the solar neutrino, where S/L is largest
    p_cm = events.collinear(E, m, 200, rng, 1, 3 * m / e_cm(E, m))
    p_lab = [K.cm_to_lab(v, E, m, mass) for v, mass in zip(p_cm, masses, strict=True)]
    np.testing.assert_allclose(A.msq(process, *p_lab, m=m, mu=MU), A.msq(process, *p_cm, m=m, mu=MU), rtol=1e-9)


@pytest.mark.parametrize("process", A.PROCESSES)
def test_leading_part_is_the_photonless_structure(process):
    m, E = 0.1, 1e6
    p = events.generic(E, m, 200, np.random.default_rng(37))
    inv = A.invariants(*p, m)
    lead, mass = A.msq_parts(process, m=m, mu=MU, invariants_=inv)
    P12 = inv["p1p2"]
    D = np.sqrt((P12 - m * m) * (P12 + m * m))
    pair = inv["p1p2"] * inv["p3p4"] if process == "nunu" else inv["p1p4"] * inv["p2p3"]
    np.testing.assert_allclose(lead, 128 * C.G_F**2 * MU**2 * (2 + P12 / D) * pair, rtol=1e-13)
    # away from the collinear cones the rest is suppressed by (m/E*)^2 ~ 1e-7 here
    assert np.median(np.abs(mass / lead)) < 1e-5


@pytest.mark.parametrize("process", A.PROCESSES)
def test_soft_photon_limit_is_six_mu_squared_times_two_to_two(process):
    """For a soft photon away from the legs and E* >> m: |M(2->3)|^2 -> 6 mu^2 |M(2->2)|^2."""
    m, E = 1e-3, 10e6
    p1, p2 = K.beam_cm(E, m)
    root_s = float(K.sqrt_s(E, m))
    w = np.full(20, 1e-9 * root_s)
    rng = np.random.default_rng(41)
    p3, p4, k = K.three_body_cm(E, m, w, rng.uniform(-0.9, 0.9, 20), rng.uniform(0, 6, 20),
                                rng.uniform(-0.9, 0.9, 20), rng.uniform(0, 6, 20))
    p = (np.broadcast_to(p1, p3.shape), np.broadcast_to(p2, p3.shape), p3, p4)
    ratio = H.msq_reference(process, *p, k, m, MU) / twobody.msq(process, *p, m)
    np.testing.assert_allclose(ratio / MU**2, 6.0, rtol=1e-6)


def test_gauge_invariance_and_polarisations():
    m, E = 0.1, 1e6
    p = events.generic(E, m, 50, np.random.default_rng(43))
    k = p[4]
    e1, e2 = H.photon_polarisations(k)
    for e in (e1, e2):
        np.testing.assert_allclose(K.dot(e, k), 0, atol=1e-12 * k[:, 0].max())
        np.testing.assert_allclose(K.dot(e, e), -1, rtol=1e-14)
    np.testing.assert_allclose(K.dot(e1, e2), 0, atol=1e-14)
    for process in A.PROCESSES:
        phys = np.abs(H.amplitudes(process, *p, m, (1, -1, 1), e1))
        longitudinal = np.abs(H.amplitudes(process, *p, m, (1, -1, 1), k / k[:, :1]))
        assert np.all(longitudinal < 1e-12 * phys.max())


def test_bad_inputs():
    p = events.generic(1e6, 0.1, 3, np.random.default_rng(1))
    with pytest.raises(ValueError, match="process"):
        A.msq("nunux", *p, m=0.1, mu=MU)
    with pytest.raises(ValueError, match="mass"):
        A.msq("nunu", *p, m=-0.1, mu=MU)
    with pytest.raises(ValueError, match="magnetic moment"):
        A.msq("nunu", *p, m=0.1, mu=0.0)
    with pytest.raises(ValueError, match="p3k"):
        A.msq("nunu", m=0.1, mu=MU, invariants_={"p1p2": np.ones(1)})


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("form") is None, reason="FORM not installed (Debian package 'form')")
def test_generated_code_is_reproduced_by_form():
    assert symbolic.generate() == symbolic.GENERATED.read_text(), \
        "nubrems/_msq_generated.py is stale: run `make amplitudes`"
