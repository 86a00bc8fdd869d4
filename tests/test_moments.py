"""Moment matrices in the mass basis (nubrems.flavour.moments): presets, rotations, checks."""

import numpy as np
import pytest

from nubrems.flavour import mixing
from nubrems.flavour import moments as M

MU = 3e-12


def test_universal_dirac_is_mu_times_identity():
    np.testing.assert_array_equal(M.moment_matrix("universal", MU), MU * np.eye(3))


@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
def test_flavour_diagonal_rotates_with_U(ordering):
    U = mixing.pmns(ordering)
    mu = M.moment_matrix("flavour-diagonal", MU, ordering=ordering)
    # only mu_e: mu_ij = U*_ei U_ej mu, a rank-one Hermitian matrix with trace mu
    np.testing.assert_allclose(mu, MU * np.outer(U[0].conj(), U[0]), rtol=1e-12, atol=1e-30)
    assert np.trace(mu).real == pytest.approx(MU, rel=1e-12)
    np.testing.assert_allclose(np.linalg.eigvalsh(mu), [0, 0, MU], atol=1e-12 * MU)
    # equal flavour moments do not rotate: back to universal
    same = M.moment_matrix("flavour-diagonal", MU, ordering=ordering, flavour_moments=(1, 1, 1))
    np.testing.assert_allclose(same, MU * np.eye(3), atol=1e-12 * MU)
    # rotating back gives the flavour-basis matrix
    np.testing.assert_allclose(U @ mu @ U.conj().T, np.diag([MU, 0, 0]), atol=1e-12 * MU)


@pytest.mark.parametrize("nature", M.NATURES)
def test_transition_only_has_no_diagonal_and_the_right_symmetry(nature):
    mu = M.moment_matrix("transition-only", MU, nature)
    assert np.all(np.diag(mu) == 0)
    np.testing.assert_allclose(np.abs(mu), MU * (1 - np.eye(3)))
    np.testing.assert_allclose(mu, mu.conj().T)              # Hermitian in both cases
    if nature == "majorana":
        np.testing.assert_allclose(mu, -mu.T)


@pytest.mark.parametrize("preset", ["universal", "flavour-diagonal"])
def test_majorana_refuses_diagonal_presets(preset):
    with pytest.raises(ValueError, match="Majorana neutrinos do not"):
        M.moment_matrix(preset, MU, "majorana")


@pytest.mark.parametrize("matrix, nature, needle", [
    ([[1, 2, 0], [1, 1, 0], [0, 0, 1]], "dirac", "must be Hermitian; mu_12 = 2"),
    ([[0, 1j, 0], [1j, 0, 0], [0, 0, 0]], "dirac", "must be Hermitian"),
    ([[0, 1, 0], [1, 0, 0], [0, 0, 0]], "majorana", "must be antisymmetric; mu_12 = 1"),
    ([[1, 0, 0], [0, 0, 0], [0, 0, 0]], "majorana", "mu_11 = 1 must vanish"),
    ([[1, 0], [0, 1]], "dirac", "must be 3 x 3"),
    ([[0, 0, 0]] * 3, "dirac", "the matrix is zero"),
    ([[float("nan"), 0, 0], [0, 1, 0], [0, 0, 1]], "dirac", "must be finite"),
    ([["a", 0, 0], [0, 1, 0], [0, 0, 1]], "dirac", "must be numbers"),
])
def test_bad_matrices_are_refused_in_one_line(matrix, nature, needle):
    with pytest.raises(ValueError, match=needle.replace("(", r"\(")) as err:
        M.check_moment_matrix(matrix, nature)
    assert "\n" not in str(err.value)


def test_unknown_names_are_refused():
    with pytest.raises(ValueError, match="moments must be one of"):
        M.moment_matrix("diagonal", MU)
    with pytest.raises(ValueError, match="nature must be one of dirac, majorana"):
        M.moment_matrix("universal", MU, "weyl")
    with pytest.raises(ValueError, match="mu_nu_muB must be a finite moment > 0"):
        M.moment_matrix("universal", 0.0)


def test_yaml_matrix(tmp_path):
    good = tmp_path / "m.yaml"
    good.write_text("matrix_muB:\n  - [0, '2e-12j', 0]\n  - ['-2e-12j', 0, 0]\n  - [0, 0, 0]\n")
    mu = M.load_moment_matrix(good, "majorana")
    assert mu[0, 1] == 2e-12j and mu[1, 0] == -2e-12j
    np.testing.assert_array_equal(M.load_moment_matrix(good, "dirac"), mu)   # Hermitian too: fine for Dirac
    real_antisymmetric = tmp_path / "r.yaml"
    real_antisymmetric.write_text("matrix_muB:\n  - [0, 2e-12, 0]\n  - [-2e-12, 0, 0]\n  - [0, 0, 0]\n")
    with pytest.raises(ValueError, match="must be Hermitian; mu_12 = 2e-12 but conj"):
        M.load_moment_matrix(real_antisymmetric, "dirac")
    bad = tmp_path / "bad.yaml"
    bad.write_text("matrix: 1\n")
    with pytest.raises(ValueError, match="must set matrix_muB"):
        M.load_moment_matrix(bad)
    with pytest.raises(ValueError, match="no such file"):
        M.load_moment_matrix(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("matrix_muB: [[1, 2\n")
    with pytest.raises(ValueError, match="not valid YAML"):
        M.load_moment_matrix(broken)
