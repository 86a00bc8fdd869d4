"""Three-neutrino mixing: the matrix U and the mass spectrum (nubrems.flavour.mixing)."""

import numpy as np
import pytest

from nubrems.flavour import mixing


@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
def test_pmns_is_unitary_and_carries_the_fitted_angles(ordering):
    U = mixing.pmns(ordering)
    p = mixing.oscillation_parameters(ordering)
    np.testing.assert_allclose(U @ U.conj().T, np.eye(3), atol=1e-14)
    np.testing.assert_allclose(U.conj().T @ U, np.eye(3), atol=1e-14)
    assert abs(U[0, 2]) ** 2 == pytest.approx(p.s13sq, rel=1e-12)
    assert abs(U[0, 1]) ** 2 / (1 - p.s13sq) == pytest.approx(p.s12sq, rel=1e-12)
    assert abs(U[1, 2]) ** 2 / (1 - p.s13sq) == pytest.approx(p.s23sq, rel=1e-12)
    # the Dirac phase appears in the Jarlskog invariant J = Im(U_e1 U_mu2 U*_e2 U*_mu1)
    J = np.imag(U[0, 0] * U[1, 1] * np.conj(U[0, 1]) * np.conj(U[1, 0]))
    s12, s13, s23 = np.sqrt([p.s12sq, p.s13sq, p.s23sq])
    c12, c13, c23 = np.sqrt([1 - p.s12sq, 1 - p.s13sq, 1 - p.s23sq])
    expected = c12 * s12 * c23 * s23 * c13**2 * s13 * np.sin(np.radians(p.delta_deg))
    assert J == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("lightest", [0.0, 0.01, 0.05, 0.5])
def test_masses_reproduce_the_splittings(lightest):
    p_no, p_io = mixing.oscillation_parameters("normal"), mixing.oscillation_parameters("inverted")
    m1, m2, m3 = mixing.masses_eV(lightest, "normal")
    assert m1 == lightest and m1 < m2 < m3
    assert m2**2 - m1**2 == pytest.approx(p_no.dm21_eV2, rel=1e-9)
    assert m3**2 - m1**2 == pytest.approx(p_no.dm3l_eV2, rel=1e-9)
    m1, m2, m3 = mixing.masses_eV(lightest, "inverted")
    assert m3 == lightest and m3 < m1 < m2
    assert m2**2 - m1**2 == pytest.approx(p_io.dm21_eV2, rel=1e-9)
    assert m3**2 - m2**2 == pytest.approx(p_io.dm3l_eV2, rel=1e-9)


def test_quasi_degenerate_limit():
    m = mixing.masses_eV(1.0, "normal")
    assert np.ptp(m) < 2e-3


@pytest.mark.parametrize("bad", [-0.1, float("nan"), float("inf"), "0.1"])
def test_bad_lightest_mass_is_refused(bad):
    with pytest.raises(ValueError, match="lightest_eV"):
        mixing.masses_eV(bad)


def test_unknown_ordering_is_refused():
    with pytest.raises(ValueError, match="ordering must be one of normal, inverted"):
        mixing.pmns("sideways")
