"""Solar neutrinos as mass states (nubrems.sun.msw) and the solar interior (nubrems.sun.interior)."""

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import minimize_scalar

from nubrems.flavour import mixing
from nubrems.sun import interior as S
from nubrems.sun import msw
from nubrems.sun.spectra import COMPONENTS

# B16-GS98 electron density, log10(n_e / (N_A cm^-3)), at radii in solar radii
# (Vinyoles et al. 2017, ApJ 835, 202, their table of the neutrino production distributions)
B16_LOG_NE = {0.0005: 2.004, 0.05: 1.950, 0.10: 1.822, 0.12: 1.760, 0.14: 1.694, 0.15: 1.659,
              0.16: 1.622, 0.20: 1.466, 0.50: 0.062}


def test_electron_density_reproduces_the_solar_model():
    r = np.array(list(B16_LOG_NE))
    n_avogadro = S.electron_density_cm3(r) / 6.02214076e23
    np.testing.assert_allclose(np.log10(n_avogadro), list(B16_LOG_NE.values()), atol=0.003)


@pytest.mark.parametrize("component", COMPONENTS)
def test_production_profiles_are_normalised_and_peak_where_published(component):
    total = quad(lambda r: float(S.production_density(component, r)), 0.0, S.R_MAX,
                 points=[S.PEAK_RADIUS[component], S.N13_SHELL[1]], limit=200)[0]
    assert total == pytest.approx(1.0, abs=1e-9)
    peak = minimize_scalar(lambda r: -float(S.production_density(component, r)),
                           bounds=(0.01, 0.12 if component == "13N" else 0.3), method="bounded").x
    assert peak == pytest.approx(S.PEAK_RADIUS[component], abs=1e-4)
    r, w = S.production_nodes(component)
    assert w.sum() == pytest.approx(1.0, abs=1e-14) and np.all(w >= 0)
    assert np.dot(r**2, w) == pytest.approx(quad(lambda x: x**2 * float(S.production_density(component, x)),
                                                 0.0, S.R_MAX, points=[S.N13_SHELL[1]], limit=200)[0], rel=1e-8)


def test_radii_outside_the_fitted_region_are_refused():
    with pytest.raises(ValueError, match=r"r must lie in \[0, 0.5\]"):
        S.electron_density_cm3(0.6)


@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
@pytest.mark.parametrize("component", COMPONENTS)
def test_mass_state_probabilities_sum_to_one(component, ordering):
    E = np.geomspace(0.05, 18.0, 9)
    P = msw.mass_state_probabilities(component, E, ordering)
    assert P.shape == (9, 3)
    np.testing.assert_allclose(P.sum(axis=-1), 1.0, atol=1e-12)
    assert np.all((P >= 0) & (P <= 1))


@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
def test_vacuum_limit(ordering):
    """At low energy the matter term vanishes: P_i = |U_ei|^2 and P_ee = sum |U_ei|^4."""
    Ue2 = np.abs(mixing.pmns(ordering)[0]) ** 2
    np.testing.assert_allclose(msw.mass_state_probabilities("pp", 1e-6, ordering), Ue2, atol=1e-6)
    assert msw.survival_probability("pp", 1e-6, ordering) == pytest.approx(np.sum(Ue2**2), abs=1e-6)


def test_dense_matter_limit():
    """At very high density nu_e is the heaviest matter eigenstate: state 3 (NO) or 2 (IO)."""
    np.testing.assert_allclose(msw.matter_fractions(1e3, "normal"), [0, 0, 1], atol=1e-5)
    np.testing.assert_allclose(msw.matter_fractions(1e3, "inverted"), [0, 1, 0], atol=1e-5)


@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
@pytest.mark.parametrize("E", [0.3, 2.0, 10.0])
def test_numerical_diagonalisation_agrees_with_the_two_flavour_formula(E, ordering):
    """Second method: the standard reduction to two flavours with A cos^2(theta13)."""
    p = mixing.oscillation_parameters(ordering)
    A = float(msw.matter_term_eV2(E, S.electron_density_cm3(0.05)))
    c2 = 1 - 2 * p.s12sq
    s2 = 2 * math.sqrt(p.s12sq * (1 - p.s12sq))
    x = A * (1 - p.s13sq) / p.dm21_eV2
    c2m = (c2 - x) / math.hypot(c2 - x, s2)
    expected_ee = (1 - p.s13sq) ** 2 * 0.5 * (1 + c2 * c2m) + p.s13sq**2
    P = msw.matter_fractions(A, ordering)
    Ue2 = np.abs(mixing.pmns(ordering)[0]) ** 2
    # corrections are of order s13^2 A / Delta m^2_31 (< 2e-3 here)
    assert P @ Ue2 == pytest.approx(expected_ee, abs=2e-3)


def test_lma_survival_probabilities_at_solar_energies():
    """The familiar LMA picture: vacuum-like at pp energies, matter-dominated for 8B."""
    assert 0.53 < msw.survival_probability("pp", 0.1) < 0.56
    assert 0.30 < msw.survival_probability("8B", 10.0) < 0.34
    assert msw.survival_probability("7Be", 0.8618) > msw.survival_probability("8B", 5.0)


def test_bad_energies_are_refused():
    with pytest.raises(ValueError, match="E_MeV must be finite and > 0"):
        msw.mass_state_probabilities("pp", 0.0)
    with pytest.raises(ValueError, match="component must be one of"):
        msw.mass_state_probabilities("9Li", 1.0)


@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
def test_survival_probability_agrees_with_the_measured_values(ordering):
    """Borexino's pp, 7Be, pep, 8B and SNO's 8B values (nubrems.sun.survival_data), within 2 sigma."""
    from nubrems.sun.survival_data import MEASURED_SURVIVAL

    pulls = [(m.value - float(msw.survival_probability(m.component, m.energy_MeV, ordering))) / m.error
             for m in MEASURED_SURVIVAL]
    assert len(pulls) == 5
    assert max(abs(p) for p in pulls) < 2.0, pulls


def test_measured_survival_values_are_cited_in_the_bibliography():
    from pathlib import Path

    from nubrems.sun.spectra import COMPONENTS
    from nubrems.sun.survival_data import MEASURED_SURVIVAL

    bib = (Path(__file__).parents[1] / "references.bib").read_text()
    for m in MEASURED_SURVIVAL:
        assert m.component in COMPONENTS
        assert 0 < m.value < 1 and 0 < m.error < m.value
        assert f"{{{m.cite}," in bib, m.cite
