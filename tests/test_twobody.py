"""The 2 -> 2 reference: closed form against explicit spinors, angular integration,
frame independence, limits, and input errors."""

import numpy as np
import pytest
from scipy import integrate

from nubrems.amplitudes import twobody as T
from nubrems.core import constants as C
from nubrems.kinematics import vectors as K

M = 0.1
RATIOS = [1.001, 1.5, 10.0, 1e4, 1e7, 1e10]


@pytest.mark.parametrize("process", T.PROCESSES)
@pytest.mark.parametrize("E_over_m", RATIOS)
def test_closed_form_equals_explicit_spinors_in_cm(process, E_over_m):
    rng = np.random.default_rng(11)
    c = np.concatenate([rng.uniform(-1, 1, 200), [-1.0, 1.0, -1 + 1e-9, 1 - 1e-9]])
    phi = rng.uniform(0, 2 * np.pi, c.size)
    p = T.cm_final_state(E_over_m * M, M, c, phi)
    closed, spinor = T.msq(process, *p, M), T.msq_spinor(process, *p, M)
    scale = np.max(spinor)  # (b) vanishes at c = -1 for m -> 0: compare on the overall scale
    np.testing.assert_allclose(closed / scale, spinor / scale, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("process", T.PROCESSES)
@pytest.mark.parametrize("E_over_m", [1.5, 100.0, 1e5, 1e8])
def test_closed_form_equals_explicit_spinors_in_lab(process, E_over_m):
    E = E_over_m * M
    c = np.linspace(-0.99, 0.99, 41)
    p_cm = T.cm_final_state(E, M, c, 0.3)
    p_lab = [K.cm_to_lab(p, E, M, M) for p in p_cm]
    closed, spinor = T.msq(process, *p_lab, M), T.msq_spinor(process, *p_lab, M)
    np.testing.assert_allclose(closed, spinor, rtol=1e-12)


@pytest.mark.parametrize("process", T.PROCESSES)
@pytest.mark.parametrize("E_over_m", RATIOS)
def test_msq_same_in_lab_and_cm(process, E_over_m):
    E = E_over_m * M
    c = np.concatenate([np.linspace(-1, 1, 101), [-1 + 1e-12, 1 - 1e-12]])
    p_cm = T.cm_final_state(E, M, c, 1.1)
    p_lab = [K.cm_to_lab(p, E, M, M) for p in p_cm]
    a, b = T.msq(process, *p_cm, M), T.msq(process, *p_lab, M)
    np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-12 * a.max())


@pytest.mark.parametrize("process", T.PROCESSES)
@pytest.mark.parametrize("E_over_m", RATIOS)
def test_sigma_is_integral_of_spinor_msq(process, E_over_m):
    """sigma = S / (4 sqrt((p1.p2)^2 - m^4)) * int |M|^2 p* / (16 pi^2 sqrt s) dOmega,
    with |M|^2 from explicit spinors and Gauss-Legendre in cos(theta*)."""
    E = E_over_m * M
    x, w = np.polynomial.legendre.leggauss(12)  # |M|^2 is a polynomial of degree 2 in c
    msq = T.msq_spinor(process, *T.cm_final_state(E, M, x, 0.0), M)
    s, pstar = float(K.s_lab(E, M)), float(K.cm_momentum(E, M))
    flux = 4.0 * M * float(K.momentum(E, M))  # 4 sqrt((p1.p2)^2 - m^4) in the lab
    S = 0.5 if process == "nunu" else 1.0
    sig = S / flux * 2 * np.pi * np.sum(w * msq) * pstar / (16 * np.pi**2 * np.sqrt(s))
    assert T.sigma(process, E, M) == pytest.approx(sig, rel=1e-12)


@pytest.mark.parametrize("process", T.PROCESSES)
@pytest.mark.parametrize("E_over_m", RATIOS)
def test_sigma_quadrature_of_both_forms(process, E_over_m):
    E = E_over_m * M
    exact = float(T.sigma(process, E, M))
    assert float(T.sigma_quadrature(process, E, M)) == pytest.approx(exact, rel=1e-12)
    assert float(T.sigma_quadrature(process, E, M, T.msq, n=3)) == pytest.approx(exact, rel=1e-12)


@pytest.mark.parametrize("process", T.PROCESSES)
@pytest.mark.parametrize("E_over_m", RATIOS)
def test_dsigma_integrates_to_sigma(process, E_over_m):
    E = E_over_m * M
    val, _ = integrate.quad(lambda c: T.dsigma_dcos(process, E, M, c), -1, 1, epsabs=0, epsrel=1e-13)
    assert val == pytest.approx(float(T.sigma(process, E, M)), rel=1e-12)


def test_massless_limit_and_ratio():
    E = 1e10 * M
    s = float(K.s_lab(E, M))
    for process in T.PROCESSES:
        assert T.sigma(process, E, M) == pytest.approx(T.sigma_massless(process, s), rel=1e-4)
    # G_F^2 s / (2 pi) at E = 10 MeV on m = 0.1 eV is 3.4e-51 cm^2
    assert T.sigma_massless("nunu", 2 * M * 1e7) / C.CM2 == pytest.approx(3.4e-51, rel=0.02)
    assert T.sigma("nunubar", E, M) / T.sigma("nunu", E, M) == pytest.approx(2 / 3, rel=1e-4)


def test_threshold_limit():
    # E -> m: e -> m, p* -> 0: sigma_a -> G_F^2 m^2 / (4 pi), sigma_b -> G_F^2 m^2 / (2 pi)
    E = M * (1 + 1e-12)
    assert T.sigma("nunu", E, M) == pytest.approx(C.G_F**2 * M**2 / (4 * np.pi), rel=1e-5)
    assert T.sigma("nunubar", E, M) == pytest.approx(C.G_F**2 * M**2 / (2 * np.pi), rel=1e-5)


def test_cm_final_state_conserves_momentum():
    p1, p2, p3, p4 = T.cm_final_state(1e6, M, np.linspace(-1, 1, 7), 0.4)
    np.testing.assert_allclose(p1 + p2 - p3 - p4, 0, atol=1e-12 * p1[..., 0].max())


def test_bad_inputs():
    with pytest.raises(ValueError, match="process"):
        T.sigma("nunubarnu", 1e6, M)
    with pytest.raises(ValueError, match="E_nu"):
        T.sigma("nunu", 0.05, M)
    with pytest.raises(ValueError, match="m_nu"):
        T.sigma("nunubar", 1e6, -M)
    with pytest.raises(ValueError, match="cos_theta"):
        T.dsigma_dcos("nunubar", 1e6, M, 1.5)
