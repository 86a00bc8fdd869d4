"""The uncertainty budget (issue 13): sources, their combination, per-bin bands and the headline."""

import json
import math

import numpy as np
import pytest

from nubrems.core.params import Params
from nubrems.rates import one_flavour as rates
from nubrems.rates import uncertainty as U
from nubrems.sun import nuclear as N
from nubrems.sun import spectra as solar

SIGMA = {"pp": 0.006, "pep": 0.01, "hep": 0.30, "7Be": 0.06, "8B": 0.12, "13N": 0.15, "15O": 0.17, "17F": 0.20}


@pytest.fixture(scope="module")
def leading():
    """Per-component leading-order counts with the two solar models (photons, baseline exposure)."""
    p = Params()
    return rates.leading_order_rate(p), rates.leading_order_rate(p.replace(solar_model="B16-AGSS09met"))


def test_flux_uncertainties_are_the_b16_gs98_table():
    assert U.FLUX_UNCERTAINTY == SIGMA
    assert set(U.FLUX_UNCERTAINTY) == set(solar.COMPONENTS)


def test_total_is_the_quadrature_sum_of_the_sources(leading):
    gs98, _ = leading
    errors = {c: 0.01 * v for c, v in gs98.items()}
    b = U.budget(gs98, errors)
    assert list(b.sources) == list(U.SOURCES)
    expected = math.sqrt(sum(s.absolute**2 for s in b.sources.values()))
    assert b.total == pytest.approx(expected, rel=1e-12)
    assert b.central == pytest.approx(sum(gs98.values()), rel=1e-14)
    for s in b.sources.values():
        assert s.relative == pytest.approx(s.absolute / b.central, rel=1e-14)
    assert b.sources["Monte Carlo"].absolute == pytest.approx(math.sqrt(sum(e**2 for e in errors.values())),
                                                              rel=1e-14)
    # the flux source by hand, components independent
    assert b.sources["solar fluxes"].absolute == pytest.approx(
        math.sqrt(sum((SIGMA[c] * v) ** 2 for c, v in gs98.items())), rel=1e-14)
    data = json.loads(json.dumps(b.as_dict()))
    assert data["total"]["photons"] == pytest.approx(b.total, rel=1e-15)
    assert set(data["sources"]) == set(U.SOURCES)


@pytest.mark.parametrize("component", solar.COMPONENTS)
def test_flux_source_of_one_component_is_sigma_times_count(component):
    b = U.budget({component: 3.5}, thermal_shift={})
    assert b.sources["solar fluxes"].absolute == pytest.approx(SIGMA[component] * 3.5, rel=1e-14)
    assert b.sources["solar fluxes"].relative == pytest.approx(SIGMA[component], rel=1e-14)
    assert "Monte Carlo" not in b.sources


def test_cno_correlated_adds_the_cno_components_linearly():
    counts = {"13N": 1.0, "15O": 2.0, "17F": 0.5, "7Be": 4.0}
    indep = U.budget(counts).sources["solar fluxes"].absolute
    corr = U.budget(counts, cno_correlated=True)
    cno = 0.15 * 1.0 + 0.17 * 2.0 + 0.20 * 0.5
    assert corr.sources["solar fluxes"].absolute == pytest.approx(math.hypot(cno, 0.06 * 4.0), rel=1e-14)
    assert corr.sources["solar fluxes"].absolute > indep
    assert "13N, 15O and 17F fully correlated" in corr.correlations


def test_model_shift_is_the_difference_of_two_leading_order_rates(leading):
    gs98, agss = leading
    shift = U.budget(gs98).sources["solar model"]
    assert shift.absolute == pytest.approx(sum(agss.values()) - sum(gs98.values()), rel=1e-10)
    assert shift.absolute < 0 and shift.kind == "signed shift"
    # and back: from the AGSS09met counts to GS98
    back = U.budget(agss, params=Params(solar_model="B16-AGSS09met")).sources["solar model"]
    assert back.absolute == pytest.approx(sum(gs98.values()) - sum(agss.values()), rel=1e-10)


def test_8b_source_agrees_with_the_change_of_the_mean_squared_energy():
    """sigma ~ E^2: the quadrature of the shifted spectra and their <E^2> (chapter 04's
    b8_decay_summary, an independent integral) give the same relative change."""
    broad, low, high = N.BE8_LEVELS
    e2 = {d: N.b8_decay_summary((broad, (*low[:2], low[2] + d), (*high[:2], high[2] + d)))
          ["mean_energy_squared_MeV2"] for d in (-0.1, 0.1)}
    nominal = N.b8_decay_summary()["mean_energy_squared_MeV2"]
    expected = abs(e2[0.1] - e2[-0.1]) / (2 * nominal)
    assert U.b8_spectrum_uncertainty() == pytest.approx(expected, rel=1e-3)
    assert 0.005 < expected < 0.02
    b = U.budget({"8B": 2.0})
    assert b.sources["8B spectrum"].absolute == pytest.approx(2.0 * U.b8_spectrum_uncertainty(), rel=1e-14)
    assert U.budget({"7Be": 2.0}).sources["8B spectrum"].absolute == 0.0


THERMAL = "pp/hep spectra (thermal shift)"


def test_thermal_source_is_half_the_thermal_minus_laboratory_difference(leading):
    """Computed independently: the pp and hep counts with both spectra, half their difference;
    the same from the laboratory counts (the difference does not depend on which is central)."""
    gs98, _ = leading                                            # default: thermal spectra
    lab = rates.leading_order_rate(Params(spectra="laboratory"))
    expected = 0.5 * ((gs98["pp"] + gs98["hep"]) - (lab["pp"] + lab["hep"]))
    assert expected > 0
    for c in ("pep", "7Be", "8B", "13N", "15O", "17F"):
        assert lab[c] == gs98[c]
    source = U.budget(gs98).sources[THERMAL]
    assert source.absolute == pytest.approx(expected, rel=1e-12)
    assert source.kind == "symmetric" and "half" in source.note
    back = U.budget(lab, params=Params(spectra="laboratory")).sources[THERMAL]
    assert back.absolute == pytest.approx(expected, rel=1e-12)
    assert U.budget({"7Be": 1.0}).sources[THERMAL].absolute == 0.0
    # the relative corrections: sigma ~ E^2, so <E^2>_thermal / <E^2>_laboratory - 1
    r = U.thermal_correction()
    assert set(r) == {"pp", "hep"}
    for c in r:
        moments = solar.energy_moment(c, 2) / solar.energy_moment(c, 2, spectra="laboratory")
        assert 1 + r[c] == pytest.approx(moments, rel=1e-5)
    assert r["pp"] == pytest.approx(0.0287, abs=2e-4) and r["hep"] == pytest.approx(0.00103, abs=2e-5)
    # independent of the moment, the exposure and the choice the counts were made with
    assert U.thermal_correction(Params(mu_nu_muB=1e-10, years=3.0, spectra="laboratory")) == pytest.approx(r, rel=1e-12)


def test_thermal_source_with_a_given_correction():
    given = U.budget({"pp": 10.0, "7Be": 5.0}, thermal_shift={"pp": 0.02}).sources[THERMAL]
    assert given.absolute == pytest.approx(0.5 * 10.0 * 0.02 / 1.02, rel=1e-14)
    assert given.relative == pytest.approx(given.absolute / 15, rel=1e-14)
    lab = U.budget({"pp": 10.0}, params=Params(spectra="laboratory"), thermal_shift={"pp": 0.02}).sources[THERMAL]
    assert lab.absolute == pytest.approx(0.1, rel=1e-14)


def _one_component_result(component, params=None):
    rng = np.random.default_rng(3)
    e_edges, t_edges = np.linspace(0, 10, 6), np.linspace(0, 1e-3, 5)
    vE, eE = rng.uniform(1, 2, 5), rng.uniform(0, 0.1, 5)
    vT, eT = rng.uniform(1, 2, 4), rng.uniform(0, 0.1, 4)
    total = float(np.sum(vE * np.diff(e_edges)))
    return rates.RateResult(params or Params(), total, 0.1, {component: (total, 0.1)}, {component: 1.0},
                            e_edges, t_edges, {component: (vE, eE)}, {component: (vT, eT)})


@pytest.mark.parametrize("component", ["8B", "15O"])
def test_band_of_one_component_is_sigma_times_the_bin_value(component):
    r = _one_component_result(component)
    bands = U.spectrum_bands(r)
    assert set(bands) == {"dN_dE", "dN_dtheta"}
    ratio = solar.FLUXES["B16-AGSS09met"][component] / solar.FLUXES["B16-GS98"][component] - 1
    for key, parts in (("dN_dE", r.dN_dE), ("dN_dtheta", r.dN_dtheta)):
        v, e = parts[component]
        band = bands[key]
        assert np.array_equal(band.sources["solar fluxes"], SIGMA[component] * v)
        assert np.allclose(band.sources["solar model"], ratio * v, rtol=1e-14, atol=0)
        assert np.allclose(band.sources["Monte Carlo"], e, rtol=1e-14, atol=0)
        assert np.allclose(band.total, np.sqrt((SIGMA[component] * v) ** 2 + (ratio * v) ** 2 + e**2),
                           rtol=1e-14, atol=0)
        assert np.array_equal(band.central, v) and len(band.edges) == len(v) + 1
    json.dumps(bands["dN_dE"].as_dict())


def test_headline_matches_vegas():
    """The deterministic headline against a (small) vegas run of its two largest components."""
    h = U.headline()
    lo = rates.leading_order_rate(Params())
    assert h.photons_per_km3_per_year == pytest.approx(sum(lo.values()), rel=1e-14)   # 1 km^3, 1 year
    assert h.budget.central == h.photons_per_km3_per_year and "Monte Carlo" not in h.budget.sources
    comps = ["7Be", "pp"]
    r = rates.photon_rate(components=comps, rtol=2e-2, jobs=1, progress=False)
    central = sum(h.by_component[c] for c in comps)
    assert abs(r.photons_per_km3_per_year - central) < 4 * r.photons_err, (r.photons, central, r.photons_err)
    rel = {name: s.relative for name, s in h.budget.sources.items()}
    assert rel["solar fluxes"] == pytest.approx(0.0232, abs=1e-3)
    assert rel["solar model"] == pytest.approx(-0.0451, abs=1e-3)
    assert rel[THERMAL] == pytest.approx(0.0073, abs=2e-4)
    data = json.loads(json.dumps(h.as_dict()))
    assert data["uncertainty_budget"]["total"]["relative"] == pytest.approx(h.budget.total_relative)


def test_headline_is_per_km3_and_year():
    h = U.headline(Params(volume_km3=2.0, years=3.0))
    assert h.photons_per_km3_per_year == pytest.approx(U.headline().photons_per_km3_per_year, rel=1e-12)


@pytest.mark.parametrize("kwargs, needle", [
    ({"counts": {"boron": 1.0}}, "counts: unknown solar component 'boron'"),
    ({"counts": {"pp": -1.0}}, r"counts\['pp'\] = -1.0"),
    ({"counts": {"pp": math.nan}}, r"counts\['pp'\]"),
    ({"counts": {"pp": "x"}}, r"counts\['pp'\] = 'x': not a number"),
    ({"counts": {}}, "counts must be a non-empty mapping"),
    ({"counts": {"pp": 0.0}}, "counts must have a positive sum"),
    ({"counts": {"pp": 1.0, "8B": 1.0}, "errors": {"pp": 0.1}}, "errors must have the components of counts"),
    ({"counts": {"pp": 1.0}, "errors": {"pp": -0.1}}, r"errors\['pp'\]"),
    ({"counts": {"pp": 1.0}, "errors": {"8b": 0.1}}, "errors: unknown solar component"),
    ({"counts": {"pp": 1.0}, "thermal_shift": {"pp": math.inf}}, r"thermal_shift\['pp'\] = inf"),
    ({"counts": {"pp": 1.0}, "thermal_shift": {"pp": -1.0}}, r"thermal_shift\['pp'\] = -1.0: must be"),
    ({"counts": {"pp": 1.0}, "thermal_shift": {"8B": 0.1}}, "thermal_shift: '8B' has no thermal spectrum"),
    ({"counts": {"pp": 1.0}, "thermal_shift": 0.02}, "thermal_shift must map pp and hep"),
])
def test_bad_input_names_the_parameter(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        U.budget(**kwargs)
