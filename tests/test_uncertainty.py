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


THERMAL = "pp/hep spectra (thermal allowance)"


def test_one_sigma_is_the_quadrature_sum_of_the_symmetric_sources_only(leading):
    """The referee's point: the model shift is reported apart, never added into the 1 sigma."""
    gs98, _ = leading
    errors = {c: 0.01 * v for c, v in gs98.items()}
    b = U.budget(gs98, errors)
    assert list(b.sources) == list(U.SOURCES) == ["solar fluxes", "8B spectrum", THERMAL, "Monte Carlo",
                                                  "solar model"]
    src = {name: s.absolute for name, s in b.sources.items()}
    expected = math.sqrt(src["solar fluxes"] ** 2 + src["8B spectrum"] ** 2 + src[THERMAL] ** 2
                         + src["Monte Carlo"] ** 2)
    assert b.one_sigma == pytest.approx(expected, rel=1e-14)
    assert b.model_shift == src["solar model"] and abs(b.model_shift) > 0.5 * b.one_sigma
    # the old combination would be larger by the model shift: it is nowhere in the budget
    assert b.one_sigma < math.sqrt(sum(x**2 for x in src.values())) * (1 - 1e-3)
    assert b.one_sigma_relative == pytest.approx(b.one_sigma / b.central, rel=1e-15)
    assert b.model_shift_relative == pytest.approx(b.model_shift / b.central, rel=1e-15)
    assert b.central == pytest.approx(sum(gs98.values()), rel=1e-14)
    for s in b.sources.values():
        assert s.relative == pytest.approx(s.absolute / b.central, rel=1e-14)
        assert s.kind == ("signed shift" if s.name == "solar model" else "symmetric")
    assert b.sources["Monte Carlo"].absolute == pytest.approx(math.sqrt(sum(e**2 for e in errors.values())),
                                                              rel=1e-14)
    # the flux source by hand, components independent
    assert b.sources["solar fluxes"].absolute == pytest.approx(
        math.sqrt(sum((SIGMA[c] * v) ** 2 for c, v in gs98.items())), rel=1e-14)
    # the removed combined total says where its parts went
    for name in ("total", "total_relative"):
        with pytest.raises(AttributeError, match=r"was removed .* use Budget\.one_sigma"):
            getattr(b, name)


def test_json_keeps_the_two_parts_apart(leading):
    gs98, _ = leading
    b = U.budget(gs98, {c: 0.01 * v for c, v in gs98.items()})
    data = json.loads(json.dumps(b.as_dict()))
    assert set(data) == {"central", "sources", "one_sigma", "model_shift", "summary", "correlations", "combination"}
    assert "total" not in data
    assert data["one_sigma"] == {"photons": pytest.approx(b.one_sigma, rel=1e-15),
                                 "relative": pytest.approx(b.one_sigma_relative, rel=1e-15),
                                 "sources": ["solar fluxes", "8B spectrum", THERMAL, "Monte Carlo"]}
    assert data["model_shift"] == {"photons": pytest.approx(b.model_shift, rel=1e-15),
                                   "relative": pytest.approx(b.model_shift_relative, rel=1e-15),
                                   "from_model": "B16-GS98", "to_model": "B16-AGSS09met"}
    assert set(data["sources"]) == set(U.SOURCES)
    assert data["summary"] == b.summary()
    assert "solar-model shift is signed and reported separately, never added" in data["combination"]
    # without Monte Carlo errors the 1 sigma names only the three input sources
    plain = U.budget(gs98).as_dict()
    assert plain["one_sigma"]["sources"] == ["solar fluxes", "8B spectrum", THERMAL]


def test_model_shift_is_the_sum_of_the_flux_ratios():
    """model shift = sum_c N_c (phi_c^other / phi_c - 1), from the B16 flux table itself."""
    counts = {"pp": 3.0, "7Be": 2.0, "8B": 0.5, "15O": 0.25, "hep": 0.01}
    for model, other in (("B16-GS98", "B16-AGSS09met"), ("B16-AGSS09met", "B16-GS98")):
        b = U.budget(counts, params=Params(solar_model=model), thermal_shift={})
        expected = sum(n * (solar.FLUXES[other][c] / solar.FLUXES[model][c] - 1) for c, n in counts.items())
        assert b.model_shift == pytest.approx(expected, rel=1e-13)
        assert (b.from_model, b.to_model) == (model, other)
        # and the 1 sigma does not know about it: flux and 8B sources only (thermal_shift={})
        assert b.one_sigma == pytest.approx(math.hypot(b.sources["solar fluxes"].absolute,
                                                       b.sources["8B spectrum"].absolute), rel=1e-14)


def test_labels_say_allowance_and_ignored_correlations():
    b = U.budget({"pp": 10.0, "7Be": 5.0}, thermal_shift={"pp": 0.02})
    thermal = b.sources[THERMAL]
    assert U.THERMAL_SOURCE == THERMAL and thermal.note.startswith("conservative allowance")
    assert "pp/hep spectra (thermal shift)" not in b.sources
    for text in (b.correlations, U.budget({"pp": 1.0}, cno_correlated=True).correlations):
        assert "ignored" in text and "luminosity constraint" in text
        assert "pp and 7Be are anticorrelated" in text and "(would lower the flux term)" in text
        assert "7Be and 8B positively correlated (would raise it)" in text
    assert "not in the 1 sigma" in b.sources["solar model"].note


def test_summary_and_lines_give_both_parts():
    """One component: 1 sigma = the 7Be flux uncertainty, 6 %; the shift its flux ratio."""
    b = U.budget({"7Be": 1.0}, thermal_shift={})
    shift = solar.FLUXES["B16-AGSS09met"]["7Be"] / solar.FLUXES["B16-GS98"]["7Be"] - 1
    assert b.summary() == (f"(1.000 +- 0.060) (+-6.00 %, 1 sigma: fluxes, 8B spectrum, thermal allowance) and "
                           f"{shift:+.3f} ({100 * shift:+.2f} %) to B16-AGSS09met (model shift)")
    scaled = U.budget({"7Be": 2.5e-49}, thermal_shift={})
    assert scaled.summary().startswith("(2.500 +- 0.150) x 10^-49 (+-6.00 %, 1 sigma:")
    text = "\n".join(b.lines())
    assert "1 sigma, the sources in quadrature:" in text
    assert "solar-model shift, signed, not part of the 1 sigma:" in text
    assert text.index("1 sigma    ") < text.index("solar-model shift")    # the 1 sigma is summed before
    assert b.lines()[-1].strip() == f"result: {b.summary()}"


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
    assert source.kind == "symmetric" and "half" in source.note and "allowance" in source.note
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
        assert np.allclose(band.one_sigma, np.sqrt((SIGMA[component] * v) ** 2 + e**2), rtol=1e-14, atol=0)
        assert np.array_equal(band.central, v) and len(band.edges) == len(v) + 1
    assert json.loads(json.dumps(bands["dN_dE"].as_dict()))["one_sigma"] == bands["dN_dE"].one_sigma.tolist()


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
    # the headline's two parts: 1 sigma of the inputs, and the model shift apart
    assert h.budget.one_sigma_relative == pytest.approx(math.sqrt(0.0232**2 + 0.0073**2), abs=1e-3)
    assert h.budget.model_shift_relative == rel["solar model"]
    data = json.loads(json.dumps(h.as_dict()))
    assert data["uncertainty_budget"]["one_sigma"]["relative"] == pytest.approx(h.budget.one_sigma_relative)
    assert data["uncertainty_budget"]["model_shift"]["to_model"] == "B16-AGSS09met"
    assert data["summary"] == h.summary() == f"photons per km^3 per year: {h.budget.summary()}"
    assert h.summary().startswith("photons per km^3 per year: (1.903 +- 0.046) x 10^-49 (+-2.43 %, 1 sigma")
    assert "-0.086 x 10^-49 (-4.51 %) to B16-AGSS09met (model shift)" in h.summary()
    assert h.lines()[1:] == h.budget.lines()


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
