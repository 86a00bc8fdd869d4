"""The effective moment of solar neutrinos, the presets normalised to it, and the bound warnings."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nubrems.core import bounds
from nubrems.core.params import Params
from nubrems.flavour import mixing, moments
from nubrems.rates.three_flavour import FlavourSetup, flux_averaged_probabilities, solar_mass_states


def test_effective_moment_by_hand():
    """mu_eff^2 = sum_i P_i sum_j |mu_ji|^2 for one Hermitian matrix and one set of P_i."""
    mu = np.array([[0, 3, 0], [3, 0, 1j], [0, -1j, 0]])
    P = [0.5, 0.3, 0.2]
    # column norms 9, 10, 1: 0.5 * 9 + 0.3 * 10 + 0.2 * 1 = 7.7
    assert moments.effective_moment(mu, P) == pytest.approx(math.sqrt(7.7), rel=1e-14)
    rows = moments.effective_moment(mu, [P, [1, 0, 0], [0, 0, 1]])
    np.testing.assert_allclose(rows, [math.sqrt(7.7), 3.0, 1.0], rtol=1e-14)
    assert moments.largest_entry(mu) == 3.0


@pytest.mark.parametrize("P", [[0.5, 0.5], [0.7, 0.4, -0.1], [0.2, 0.2, 0.2], [np.nan, 0.5, 0.5]])
def test_effective_moment_refuses_bad_probabilities(P):
    with pytest.raises(ValueError, match="probabilities"):
        moments.effective_moment(np.eye(3), P)


@pytest.mark.parametrize("preset, nature", [("universal", "dirac"), ("flavour-diagonal", "dirac"),
                                                ("transition-only", "dirac"), ("transition-only", "majorana")])
@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
def test_presets_are_normalised_to_the_flux_averaged_effective_moment(preset, nature, ordering):
    p = Params(mu_nu_muB=6e-12)
    setup = FlavourSetup(ordering=ordering, moments=preset, nature=nature)
    assert setup.effective_moment_muB(p) == pytest.approx(6e-12, rel=1e-12)
    per_entry = FlavourSetup(ordering=ordering, moments=preset, nature=nature, moment_scale="entry")
    ratio = per_entry.effective_moment_muB(p) / 6e-12
    # the two scales differ by the preset's own mu_eff per unit entry
    np.testing.assert_allclose(np.asarray(per_entry.moment_matrix_muB(p)) / ratio,
                               setup.moment_matrix_muB(p), rtol=1e-12, atol=1e-27)


def test_transition_only_per_entry_is_sqrt2_above_mu_eff():
    """Two entries per column: at 6e-12 per entry, mu_eff = 8.49e-12 mu_B (above XENONnT)."""
    p = Params(mu_nu_muB=6e-12)
    entry = FlavourSetup(moments="transition-only", moment_scale="entry")
    assert entry.effective_moment_muB(p) == pytest.approx(math.sqrt(2) * 6e-12, rel=1e-12)
    normalised = FlavourSetup(moments="transition-only")
    assert moments.largest_entry(normalised.moment_matrix_muB(p)) == pytest.approx(6e-12 / math.sqrt(2))
    # universal: one entry per column, the two scales agree exactly
    u = FlavourSetup(moment_scale="entry").moment_matrix_muB(p)
    np.testing.assert_array_equal(u, FlavourSetup().moment_matrix_muB(p))


def test_flavour_diagonal_mu_eff_is_mu_e_times_sqrt_of_the_electron_content():
    """mu_flavour = diag(mu_e, 0, 0): sum_j |mu_ji|^2 = mu_e^2 |U_ei|^2, so mu_eff(E) = mu_e
    sqrt(sum_i P_i(E) |U_ei|^2), and the flux average fixes mu_e."""
    p = Params(mu_nu_muB=6e-12)
    setup = FlavourSetup(moments="flavour-diagonal", moment_scale="entry")
    E = np.array([0.2, 1.0, 10.0])
    Ue2 = np.abs(mixing.pmns("normal")[0]) ** 2
    expected = 6e-12 * np.sqrt(solar_mass_states("8B", E, "normal") @ Ue2)
    np.testing.assert_allclose(setup.effective_moment_muB(p, "8B", E), expected, rtol=1e-12)
    mu_e = 6e-12 / math.sqrt(float(flux_averaged_probabilities("normal") @ Ue2))
    normalised = FlavourSetup(moments="flavour-diagonal").moment_matrix_muB(p)
    assert abs(normalised[0, 0]) == pytest.approx(mu_e * Ue2[0], rel=1e-12)
    with pytest.raises(ValueError, match="E_MeV: give the solar component"):
        setup.effective_moment_muB(p, E_MeV=E)


def test_flux_averaged_probabilities():
    P = flux_averaged_probabilities("normal")
    assert P.sum() == pytest.approx(1.0, abs=1e-12)
    # pp dominates: P_1 near the vacuum cos^2 theta12 c13^2; P_3 ~ s13^2 (matter shifts it < 1 %)
    assert 0.6 < P[0] < 0.72 and P[2] == pytest.approx(float(np.abs(mixing.pmns("normal")[0, 2]) ** 2), rel=0.01)


def test_moment_scale_is_validated():
    with pytest.raises(ValueError, match="moment_scale"):
        FlavourSetup(moment_scale="total").check(Params())


def test_bound_warning_one_line():
    assert bounds.moment_warning(1e-12) == ""
    one = bounds.moment_warning(6e-12)
    assert one == "mu_nu = 6e-12 mu_B is above Red giants 2020 (1.2e-12 mu_B, 95% CL)"
    three = bounds.moment_warning(math.sqrt(2) * 6e-12, 6e-12)
    assert three.startswith("mu_eff = 8.49e-12 mu_B is above XENONnT 2022 (6.3e-12 mu_B, 90% CL); ")
    assert "largest moment entry = 6e-12 mu_B" in three and "\n" not in three
    # the weakest solar bound a moment still exceeds is the one named
    assert "Borexino 2017" in bounds.moment_warning(3e-11, 1e-13)
    with pytest.raises(ValueError, match="mu_eff_muB"):
        bounds.moment_warning(-1.0)


def test_uniform_column_norm_has_no_absolute_tolerance():
    """Entries of ~1e-12 mu_B: columns that differ must not look equal (np.allclose's atol)."""
    assert moments.uniform_column_norm(6e-12 * np.eye(3)) == pytest.approx(6e-12, rel=1e-15)
    assert moments.uniform_column_norm(6e-12 * (1 - np.eye(3))) == pytest.approx(math.sqrt(2) * 6e-12, rel=1e-15)
    U = mixing.pmns("normal")
    assert moments.uniform_column_norm(6e-12 * (U.conj().T @ np.diag([1.0, 0, 0]) @ U)) is None


def test_a_report_reads_its_matrix_file_once(tmp_path, monkeypatch):
    """mu_eff, the largest entry, the warning, the JSON and the text share one reading."""
    import nubrems

    f = tmp_path / "mu.yaml"
    f.write_text("matrix_muB:\n  - [3e-12, 0, 0]\n  - [0, 0, 0]\n  - [0, 0, 0]\n")
    report = nubrems.rate(Params(), flavours=FlavourSetup(moments=str(f)), components=["pep"])
    calls = []
    original = moments.load_moment_matrix
    monkeypatch.setattr(moments, "load_moment_matrix", lambda *a, **k: calls.append(a) or original(*a, **k))
    report.as_dict()
    report.lines()
    assert report.bound_warning().startswith("the largest moment entry = 3e-12 mu_B is above Red giants")
    assert report.moments_muB()[0] == pytest.approx(3e-12 * math.sqrt(flux_averaged_probabilities()[0]))
    assert len(calls) == 1
