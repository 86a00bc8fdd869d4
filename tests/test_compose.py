"""nubrems.rate, the front door: the same numbers as the parts it composes."""

import gvar
import numpy as np
import pytest

import nubrems
from nubrems.core.params import Params
from nubrems.kinematics.histograms import quantile
from nubrems.rates import compose
from nubrems.rates.one_flavour import photon_rate
from nubrems.rates.three_flavour import FlavourSetup
from nubrems.rates.uncertainty import budget
from nubrems.sun.extended import smear

FAST = {"components": ["8B", "7Be"], "rtol": 0.1, "seed": 3, "jobs": 1}


@pytest.fixture(scope="module")
def plain():
    return nubrems.rate(Params(), **FAST)


def test_front_door_is_the_package_attribute():
    assert nubrems.rate is compose.rate and nubrems.RateReport is compose.RateReport


def test_one_flavour_is_photon_rate_bit_for_bit(plain):
    direct = photon_rate(Params(), ["8B", "7Be"], rtol=0.1, seed=3, jobs=1)
    assert plain.result.photons == direct.photons and plain.result.photons_err == direct.photons_err
    assert plain.setup is None and plain.smeared is None and plain.budget is None
    # the run's data, plus the one line on the moment bounds it exceeds (6e-12 mu_B: red giants)
    assert plain.as_dict() == {**direct.as_dict(spectra=True), "bound_warning": plain.bound_warning(),
                               "method": "Monte Carlo (vegas)"}
    assert plain.bound_warning() == "mu_nu = 6e-12 mu_B is above Red giants 2020 (1.2e-12 mu_B, 95% CL)"
    assert nubrems.rate(Params(mu_nu_muB=1e-12), **FAST).as_dict()["bound_warning"] == ""


def test_text_names_parameters_total_and_components(plain):
    lines = plain.lines()
    assert lines[0].startswith("bremsstrahlung photons in 1 km^3 x 1 yr (m_nu = ")
    assert f"{plain.result.photons:.4e}" in lines[1]
    assert [ln.split()[0] for ln in lines[2:4]] == ["8B", "7Be"]


def test_extended_sun_folds_the_angles_and_keeps_energies():
    ext = nubrems.rate(Params(), extended_sun=True, covariance=True, **FAST)
    point = photon_rate(Params(), ["8B", "7Be"], rtol=0.1, seed=3, jobs=1)
    expected = smear(point)
    for c in ("8B", "7Be"):
        np.testing.assert_array_equal(ext.result.dN_dtheta[c][0], expected.extended[c][0])
        np.testing.assert_array_equal(ext.result.dN_dE[c][0], point.dN_dE[c][0])
    data = ext.as_dict()
    assert data["sun"] == "extended" and set(data["photon_angles_mrad"]) == {"8B", "7Be", "total"}
    # folding moves photons to larger angles: the median can only grow
    a = data["photon_angles_mrad"]["total"]
    assert a["median_extended"] > a["median_point"]
    # the same distributions as GVars with vegas' covariance, folded the same way
    g = ext.angle_gvars()
    for c in ("8B", "7Be"):
        np.testing.assert_allclose(gvar.mean(g[c]), ext.result.dN_dtheta[c][0], rtol=1e-10)
    median = quantile(g["total"], ext.result.angle_edges_rad, 0.5)
    assert 1e3 * median.mean == pytest.approx(a["median_extended"], rel=1e-10) and median.sdev > 0


def test_uncertainties_is_the_budget_of_the_components():
    rep = nubrems.rate(Params(), uncertainties=True, **FAST)
    counts = {c: v for c, (v, _) in rep.result.by_component.items()}
    errors = {c: e for c, (_, e) in rep.result.by_component.items()}
    assert rep.budget is not None
    assert rep.as_dict()["uncertainty_budget"] == budget(counts, errors, params=Params()).as_dict()
    assert rep.lines()[-len(rep.budget.lines()):] == rep.budget.lines()


def test_csv_files_hold_the_binned_spectra(plain, tmp_path):
    files = plain.write_csv(tmp_path)
    assert [f.name for f in files] == ["rate_energy.csv", "rate_angle.csv"]
    rows = [ln for ln in files[0].read_text().splitlines() if not ln.startswith("#")]
    header, first = rows[0].split(","), np.array(rows[1].split(","), dtype=float)
    assert header[:3] == ["low [MeV]", "high [MeV]", "dN_dE total [1/MeV]"]
    total, _ = plain.result.total_spectrum("energy")
    assert first[2] == pytest.approx(total[0], rel=1e-9)


def test_three_flavours_take_the_quadrature_unless_distributions_are_needed():
    from nubrems.rates.flavour_quadrature import LeadingFlavourRate, leading_flavour_rate

    setup = FlavourSetup(moments="transition-only")
    report = nubrems.rate(Params(), flavours=setup, components=["7Be", "pep"])
    assert report.method == "quadrature" and isinstance(report.result, LeadingFlavourRate)
    direct = leading_flavour_rate(Params(), setup, components=["7Be", "pep"])
    assert report.photons_per_km3_per_year == direct.photons_per_km3_per_year
    data = report.as_dict()
    assert data["method"] == "leading-order quadrature" and data["parameters"] == Params().as_dict()
    assert data["flavours"]["mu_eff_muB"] == pytest.approx(6e-12)
    assert "no Monte Carlo error" in report.lines()[1] and any("→" in ln for ln in report.lines())
    for ask in (lambda: report.write_csv("."), report.angle_gvars, report.monte_carlo_budget):
        with pytest.raises(ValueError, match="needs the Monte Carlo"):
            ask()
    # what the quadrature cannot do goes to vegas ("auto"), or is refused when asked for
    moving = FlavourSetup(moving_relics=True, lightest_mass_eV=0.05)
    assert nubrems.rate(Params(), flavours=moving, components=["pep"], rtol=0.3, jobs=1).method == "monte-carlo"
    with pytest.raises(ValueError, match=r"^method: the quadrature does not apply here \(it has relics at rest; these"):
        nubrems.rate(Params(), flavours=moving, method="quadrature")
    with pytest.raises(ValueError, match=r"^method: the quadrature does not apply here \(it is for three"):
        nubrems.rate(Params(), method="quadrature")
    with pytest.raises(ValueError, match=r"^method must be one of auto, quadrature, monte-carlo"):
        nubrems.rate(Params(), method="exact")


def test_refusals_name_the_setting_before_any_work():
    with pytest.raises(ValueError, match=r"^uncertainties: the budget is for the one-flavour rate"):
        nubrems.rate(Params(), flavours=FlavourSetup(), uncertainties=True)
    with pytest.raises(ValueError, match=r"^ordering must be one of normal, inverted"):
        nubrems.rate(Params(), flavours=FlavourSetup(ordering="flat"))


def test_monte_carlo_budget_is_the_components_share_of_the_error(plain):
    """gvar's error budget: each component's partial error of the total is its own vegas
    error, and the total line is the quadrature sum (the runs are independent)."""
    table = plain.monte_carlo_budget()
    rows = {ln.split(":")[0].strip(): float(ln.split(":")[1]) for ln in table.splitlines() if ":" in ln
            and not ln.startswith("Partial")}
    r = plain.result
    for c, (_, e) in r.by_component.items():
        assert rows[c] == pytest.approx(100 * e / r.photons, abs=0.006)
    assert rows["total"] == pytest.approx(100 * r.photons_err / r.photons, abs=0.006)


# --- three flavours from the parameters -------------------------------------------------------
def test_three_flavour_params_are_the_setup_argument():
    """nubrems.rate(Params(flavours=3, ...)) is the rate of the same settings given as FlavourSetup."""
    p = Params(flavours=3, ordering="inverted", lightest_mass_eV=0.01, moments="transition-only")
    setup = FlavourSetup(ordering="inverted", lightest_mass_eV=0.01, moments="transition-only")
    assert FlavourSetup.of(p) == setup and setup.applied_to(Params()) == p
    assert FlavourSetup.of(Params()) == FlavourSetup()           # the same defaults
    both = nubrems.rate(p, components=["7Be", "pep"]), nubrems.rate(Params(), flavours=setup, components=["7Be", "pep"])
    assert both[0].setup == both[1].setup == setup and both[0].method == both[1].method == "quadrature"
    assert both[0].result.by_channel == both[1].result.by_channel
    assert both[0].photons_per_km3_per_year == both[1].photons_per_km3_per_year
    # the JSON's parameters carry the settings of a three-flavour params (the "flavours" block is the same)
    data = [r.as_dict() for r in both]
    assert data[0]["parameters"] == p.as_dict() and data[0]["parameters"]["ordering"] == "inverted"
    assert data[1]["parameters"] == Params().as_dict() and data[0]["flavours"] == data[1]["flavours"]
    # the same setup again is allowed; a different one is refused, naming the first difference
    assert nubrems.rate(p, flavours=setup, components=["7Be"]).setup == setup
    with pytest.raises(ValueError, match=r"^flavours: the setup's ordering = 'normal' disagrees with "
                                         r"params.ordering = 'inverted'"):
        nubrems.rate(p, flavours=FlavourSetup(moments="transition-only"))
    with pytest.raises(ValueError, match=r"^uncertainties: the budget is for the one-flavour rate"):
        nubrems.rate(p, uncertainties=True)


def test_three_flavour_params_run_vegas_too():
    p = Params(flavours=3, moving_relics=True, lightest_mass_eV=0.05)
    report = nubrems.rate(p, components=["pep"], rtol=0.3, jobs=1)
    legacy = nubrems.rate(Params(), flavours=FlavourSetup(moving_relics=True), components=["pep"], rtol=0.3, jobs=1)
    assert report.method == "monte-carlo" and report.result.photons == legacy.result.photons
    assert report.as_dict()["parameters"]["moving_relics"] is True


def test_the_rate_functions_read_the_setup_from_params():
    from nubrems.rates.flavour_quadrature import leading_flavour_rate
    from nubrems.rates.three_flavour import flavour_rate

    p = Params(flavours=3, ordering="inverted", moments="transition-only")
    setup = FlavourSetup.of(p)
    assert leading_flavour_rate(p, components=["7Be"]).by_channel == \
        leading_flavour_rate(Params(), setup, components=["7Be"]).by_channel
    mc = flavour_rate(p, components=["pep"], rtol=0.3, jobs=1)
    assert mc.setup == setup and mc.photons == flavour_rate(Params(), setup, ["pep"], rtol=0.3, jobs=1).photons
    # a one-flavour params has default settings: the default setup, as before
    assert leading_flavour_rate(components=["7Be"]).setup == FlavourSetup()
