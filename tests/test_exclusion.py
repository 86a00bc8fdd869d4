"""The exclusion view: mu^2 scaling of the grid, agreement with vegas, the cosmological lightest
mass, the bounds table, the baseline point and refused input."""

import math

import numpy as np
import pytest

import nubrems
from nubrems.core.params import Params
from nubrems.flavour import mixing
from nubrems.rates.one_flavour import leading_order_rate, photon_rate
from nubrems.studies import exclusion as X

MASSES = [0.01, 0.1, 1.0]
MOMENTS = [1e-13, 6e-12, 3e-11]


def direct(m, mu, **changes):
    """Photons per km^3 per year straight from leading_order_rate at (m, mu)."""
    p = Params(m_nu_eV=m, mu_nu_muB=mu, **changes)
    return sum(leading_order_rate(p).values()) / (p.volume_km3 * p.years)


@pytest.mark.slow
def test_grid_is_the_direct_computation_at_every_moment():
    """Computed once per mass at 6e-12 mu_B and scaled: equal to direct runs at other moments."""
    grid = X.rate_grid(MASSES, MOMENTS)
    assert grid.shape == (len(MASSES), len(MOMENTS))
    for i, m in enumerate(MASSES):
        for j in (0, 2):  # moments other than the reference one
            assert grid[i, j] == pytest.approx(direct(m, MOMENTS[j]), rel=1e-12)


def test_grid_takes_the_reference_moment_and_exposure_of_params():
    """Another reference moment, volume and exposure give the same photons per km^3 per year;
    the overdensity multiplies them."""
    base = X.rate_grid(MASSES, MOMENTS)
    other = X.rate_grid(MASSES, MOMENTS, Params(mu_nu_muB=1e-10, volume_km3=7.0, years=3.0))
    np.testing.assert_allclose(other, base, rtol=1e-12)
    np.testing.assert_allclose(X.rate_grid(MASSES, MOMENTS, Params(xi=10.0)), 10 * base, rtol=1e-12)


def test_grid_agrees_with_vegas():
    """The leading order omits a ~1e-7 mass-suppressed part: vegas agrees within its error."""
    p = Params(m_nu_eV=0.3, mu_nu_muB=2e-11)
    run = photon_rate(p, rtol=3e-2, jobs=1, progress=False)
    grid = X.rate_grid([0.3], [2e-11])[0, 0]
    assert abs(run.photons_per_km3_per_year - grid) < 4 * run.photons_err


def test_rate_grows_with_the_moment_and_the_mass():
    grid = X.rate_grid([0.01, 0.1, 1.0, 5.0], np.geomspace(1e-14, 1e-9, 12))
    assert np.all(np.diff(grid, axis=1) > 0)
    assert np.all(np.diff(grid, axis=0) > 0)


def test_the_baseline_rate_and_the_moment_for_one_photon():
    p = X.paper_point()
    assert (p.m_nu_eV, p.mu_nu_muB) == (Params().m_nu_eV, Params().mu_nu_muB)
    assert p.rate_per_km3_yr == pytest.approx(direct(0.1, 6e-12), rel=1e-12)
    assert 1e-49 < p.rate_per_km3_yr < 3e-49
    mu1 = X.moment_for_rate(1.0, 0.1)
    assert mu1 == pytest.approx(p.moment_for_one_photon_muB, rel=1e-12)
    assert direct(0.1, 1e-6) * (mu1 / 1e-6) ** 2 == pytest.approx(1.0, rel=1e-12)


@pytest.mark.parametrize("ordering", mixing.ORDERINGS)
def test_lightest_mass_at_the_cosmological_bound(ordering):
    bound = X.BOUNDS["Planck 2018"].value
    m0 = X.lightest_mass_at_sum_bound(ordering=ordering)
    assert X.sum_of_masses_eV(m0, ordering) == pytest.approx(bound, abs=1e-9)
    assert 0 < m0 < bound / 3
    assert X.sum_of_masses_eV(m0 * 1.001, ordering) > bound


def test_minimum_sums_of_the_orderings():
    """Normal ordering needs at least 0.059 eV, inverted 0.099 eV (lightest state massless)."""
    assert X.sum_of_masses_eV(0.0, "normal") == pytest.approx(0.059, abs=1e-3)
    assert X.sum_of_masses_eV(0.0, "inverted") == pytest.approx(0.0994, abs=1e-3)
    # the Planck bound lies above the inverted minimum: that ordering keeps a lightest-mass window
    assert X.BOUNDS["Planck 2018"].value > X.sum_of_masses_eV(0.0, "inverted")


def test_a_bound_below_the_minimum_sum_excludes_the_ordering():
    """0.08 eV lies between the two minimum sums: nan for inverted, a mass for normal."""
    assert math.isnan(X.lightest_mass_at_sum_bound(0.08, "inverted"))
    m0 = X.lightest_mass_at_sum_bound(0.08, "normal")
    assert X.sum_of_masses_eV(m0, "normal") == pytest.approx(0.08, abs=1e-9)


def test_the_bounds_table():
    assert {b.quantity for b in X.BOUNDS.values()} == {X.MOMENT, X.MASS, X.SUM_OF_MASSES}
    for name, b in X.BOUNDS.items():
        assert b.name == name
        assert b.value > 0 and math.isfinite(b.value)
        assert b.cl_percent in (90.0, 95.0)
        assert len(b.citation) > 20 and any(ch.isdigit() for ch in b.citation)
    # red-giant cooling bounds every entry; the solar experiments bound mu_eff
    assert X.strongest(X.MOMENT).name == "Red giants 2020"
    assert [b.name for b in X.bounds_on(X.MOMENT)] == ["Red giants 2020", "XENONnT 2022", "LZ 2022", "Borexino 2017"]
    assert {b.applies_to for b in X.bounds_on(X.MOMENT)} == {"mu_eff", "entry"}
    assert X.BOUNDS["Red giants 2020"].applies_to == "entry" and X.BOUNDS["Red giants 2020"].value == 1.2e-12
    # the LZ analysis calls itself 2.5 times stronger than Borexino
    assert X.BOUNDS["Borexino 2017"].value / X.BOUNDS["LZ 2022"].value == pytest.approx(2.5, abs=0.06)
    assert X.strongest(X.MASS).name == "KATRIN 2025"
    assert [b.value for b in X.bounds_on(X.MOMENT)] == sorted(b.value for b in X.bounds_on(X.MOMENT))


def test_the_baseline_point_against_the_bounds():
    p = X.paper_point()
    assert p.moment_over_bound["XENONnT 2022"] == pytest.approx(6e-12 / 6.3e-12)
    # below every solar bound, but 5 times the red-giant bound
    assert all(r < 1 for name, r in p.moment_over_bound.items() if name != "Red giants 2020")
    assert p.moment_over_bound["Red giants 2020"] == pytest.approx(5.0)
    assert all(r < 1 for r in p.mass_over_bound.values())
    # three states of at least 0.1 eV: the sum is 0.3 eV or more, far above 0.12 eV
    for ordering in mixing.ORDERINGS:
        assert p.sum_of_masses_eV[ordering] >= 0.3
        assert p.sum_over_bound[ordering] > 2.5
        assert p.lightest_mass_limit_eV[ordering] < 0.04
        assert p.excluded_by[ordering] == ["Red giants 2020", "Planck 2018"]
    assert not p.compatible_with_cosmology
    assert "Planck 2018" in p.summary()


def test_effective_electron_mass():
    """m_beta is the common mass for degenerate states, and sqrt(sum |U_ei|^2 dm^2) at m0 = 0."""
    assert X.effective_electron_mass_eV(0.5, "normal") == pytest.approx(0.5, rel=1e-2)
    U = np.abs(mixing.pmns("normal")[0]) ** 2
    expected = math.sqrt(float(np.sum(U * mixing.masses_eV(0.0, "normal") ** 2)))
    assert X.effective_electron_mass_eV(0.0, "normal") == pytest.approx(expected)


def test_excluded_by():
    assert X.excluded_by(0.01, 1e-12) == []
    assert X.excluded_by(0.01, 1e-11) == ["XENONnT 2022", "Red giants 2020"]
    assert X.excluded_by(0.6, 1e-12) == ["KATRIN 2025", "Planck 2018"]


@pytest.mark.slow
def test_flavour_curve_scales_as_the_square_of_the_moment():
    """One cheap point: shape, positivity and the exact mu^2 scaling of the curve."""
    curves = X.flavour_curves([0.1], ["normal"], rtol=0.2, jobs=1)
    c = curves["normal"]
    assert c.rates.shape == c.errors.shape == (1,)
    assert c.rates[0] > 0 and c.errors[0] < 0.3 * c.rates[0]
    rates, errors = c.at_moments([6e-12, 1.2e-11])
    assert rates.shape == (1, 2)
    assert rates[0, 0] == pytest.approx(c.rates[0], rel=1e-14)
    assert rates[0, 1] == pytest.approx(4 * c.rates[0], rel=1e-14)
    assert errors[0, 1] == pytest.approx(4 * c.errors[0], rel=1e-14)


@pytest.mark.parametrize("masses, moments, name", [
    ([-0.1, 0.1], [6e-12], "masses_eV"),
    ([0.1], [6e-12, -1e-12], "moments_muB"),
    ([0.1], [0.0], "moments_muB"),
    ([], [6e-12], "masses_eV"),
    ([0.1], [], "moments_muB"),
    ([0.1, float("nan")], [6e-12], "masses_eV"),
    ([0.1], [float("inf")], "moments_muB"),
    ([100.0], [6e-12], "masses_eV"),
    ([[0.1, 0.2]], [6e-12], "masses_eV"),
])
def test_bad_grids_are_refused(masses, moments, name):
    with pytest.raises(ValueError, match=name):
        X.rate_grid(masses, moments)


@pytest.mark.parametrize("call, name", [
    (lambda: X.lightest_mass_at_sum_bound(-0.1), "sum_bound_eV"),
    (lambda: X.lightest_mass_at_sum_bound(0.0), "sum_bound_eV"),
    (lambda: X.moment_for_rate(-1.0, 0.1), "rate_per_km3_yr"),
    (lambda: X.moment_for_rate(1.0, -0.1), "m_nu_eV"),
    (lambda: X.sum_of_masses_eV(-0.01), "lightest_eV"),
    (lambda: X.excluded_by(0.1, -6e-12), "mu_nu_muB"),
    (lambda: X.flavour_curves([-0.1]), "lightest_masses_eV"),
    (lambda: X.flavour_curves([]), "lightest_masses_eV"),
    (lambda: X.flavour_curves([0.1], ["sideways"]), "orderings"),
    (lambda: X.bounds_on("charge"), "quantity"),
])
def test_bad_input_is_refused(call, name):
    with pytest.raises(ValueError, match=name):
        call()


def test_flavour_curves_take_the_settings_of_params():
    """The moments preset (and nature, scale) of the curves are those of params; ``moments`` overrides."""
    p = Params(moments="transition-only")
    curves = X.flavour_curves([0.05], ["inverted"], params=p)
    direct = nubrems.rate(p.replace(flavours=3, ordering="inverted", lightest_mass_eV=0.05))
    assert curves["inverted"].moments == "transition-only"
    assert curves["inverted"].rates[0] == pytest.approx(direct.photons_per_km3_per_year, rel=1e-14)
    assert X.flavour_curves([0.05], ["inverted"], params=Params(), moments="transition-only")[
        "inverted"].rates[0] == curves["inverted"].rates[0]
    assert X.flavour_curves([0.05], ["inverted"])["inverted"].moments == "universal"
    with pytest.raises(ValueError, match=r"^moments: universal puts moments on the diagonal"):
        X.flavour_curves([0.05], params=Params(nature="majorana"))
