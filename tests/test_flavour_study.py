"""The three-flavour study of chapter 7 (nubrems.studies.flavour_study): the channel counting
against the one-flavour closed form, spectra by relic state against the rate's own channels
and histogram, and the binned statistics against exact values and resampling."""

import math

import gvar
import numpy as np
import pytest

from nubrems.core.params import Params
from nubrems.flavour import mixing
from nubrems.flavour.channels import weak_channels
from nubrems.rates import three_flavour as FR
from nubrems.studies import flavour_study as FS

EDGES_E = np.concatenate([[0.0], np.geomspace(1e-6, 20.0, 12)])   # every photon inside, MeV
EDGES_T = np.geomspace(1e-7, math.pi, 12)                          # rad


@pytest.fixture(scope="module")
def runs():
    """Cheap rates: the 7Be line alone, 10 % precision."""
    return FS.FlavourRuns(Params(), EDGES_E, EDGES_T, rtol=0.1, seed=5, components=["7Be"])


@pytest.fixture(scope="module")
def be7(runs):
    return runs.rate("normal", 0.05)


# --- set-ups and the cache ------------------------------------------------------------------


def test_relics_move_exactly_where_relics_at_rest_are_refused():
    params = Params()
    below = FS.MOVING_BELOW_EV * (1 - 1e-9)
    with pytest.raises(ValueError, match="lightest_mass_eV"):
        FR.FlavourSetup("normal", below, moving_relics=False).check(params)
    assert FS.flavour_setup("normal", below).check(params).moving_relics
    assert not FS.flavour_setup("normal", FS.MOVING_BELOW_EV).check(params).moving_relics
    assert FS.flavour_setup("inverted", 0.0).moving_relics
    assert not FS.flavour_setup("normal", 0.0, moving_relics=False).moving_relics


@pytest.mark.parametrize("args, match", [(("upside-down", 0.05), "ordering"), (("normal", -0.1), "lightest_mass_eV"),
                                         (("normal", float("nan")), "lightest_mass_eV")])
def test_flavour_setup_refuses_bad_input(args, match):
    with pytest.raises(ValueError, match=match) as err:
        FS.flavour_setup(*args)
    assert "\n" not in str(err.value)


def test_runs_compute_each_setup_once_and_as_flavour_rate_does(runs, be7):
    assert runs.key("normal", 0.05) == ("normal", 0.05, "universal", False)
    assert runs.key("normal", 0) == runs.key("normal", 0.0, moving_relics=True)
    assert runs.rate("normal", 0.05, "universal", False) is be7          # the cached result
    direct = FR.flavour_rate(Params(), FR.FlavourSetup("normal", 0.05), components=["7Be"], rtol=0.1, seed=5,
                             energy_edges_MeV=EDGES_E, angle_edges_rad=EDGES_T)
    assert be7.photons == direct.photons
    no, io, ratio = runs.orderings_at(0.05)                           # relics at rest: quadrature
    assert ratio == pytest.approx(io / no, rel=1e-12)
    assert no == runs.leading("normal", 0.05).photons_per_km3_per_year
    vegas = FS.photons_per_km3_yr(be7)
    assert abs(no - vegas.mean) < 4 * vegas.sdev


def test_leading_is_the_quadrature_and_totals_take_vegas_only_where_relics_move(runs):
    from nubrems.rates import flavour_quadrature as FQ

    lead = runs.leading("normal", 0.05, "transition-only")
    assert lead is runs.leading("normal", 0.05, "transition-only")      # cached
    direct = FQ.leading_flavour_rate(Params(), FR.FlavourSetup("normal", 0.05, "transition-only"),
                                     components=["7Be"])
    assert lead.photons == pytest.approx(direct.photons, rel=1e-14)
    assert FS.photons_per_km3_yr(lead) == lead.photons_per_km3_per_year  # a float, no error
    assert runs.totals("normal", 0.05, "transition-only") is lead
    assert isinstance(runs.totals("normal", 0.0), FR.FlavourRateResult)  # massless: relics move
    with pytest.raises(ValueError, match="lightest_mass_eV"):
        runs.leading("normal", 0.0)


def test_photons_by_relic_state_of_the_quadrature_add_up_to_its_total(runs):
    lead = runs.leading("normal", 0.05)
    parts = FS.photons_by_relic_state(lead)
    assert all(isinstance(x, float) and x > 0 for x in parts.values())
    assert sum(parts.values()) == pytest.approx(lead.photons_per_km3_per_year, rel=1e-12)


def test_moving_relic_expectation_weights_each_relic_state():
    """Between the factors of the lightest and the heaviest relic state, 1 + 25.88 (T/m)^2
    for one mass; the helicity term adds (5/9) <p> / m."""
    from nubrems.rates import relic_motion as RM

    runs = FS.FlavourRuns(Params(), EDGES_E, EDGES_T, components=["7Be"])
    lead = runs.leading("normal", 0.01)
    masses = lead.setup.masses_eV()
    x = FS.moving_relic_expectation(lead)
    assert RM.analytic_factor(masses.max()) < x < RM.analytic_factor(masses.min())
    parts = FS.photons_by_relic_state(lead)
    by_hand = sum(parts[j] * (1 + RM.COEFFICIENT * (RM.relics.temperature_eV(RM.relics.T_NU_K)
                                                     / masses[j - 1]) ** 2) for j in parts) / sum(parts.values())
    assert x == pytest.approx(by_hand, rel=1e-12)
    assert FS.moving_relic_expectation(lead, helicity=True) > x


def test_runs_refuse_bad_settings():
    with pytest.raises(ValueError, match="rtol"):
        FS.FlavourRuns(Params(), EDGES_E, EDGES_T, rtol=-0.1)
    with pytest.raises(ValueError, match="seed"):
        FS.FlavourRuns(Params(), EDGES_E, EDGES_T, seed=1.5)
    with pytest.raises(ValueError, match="energy_edges_MeV"):
        FS.FlavourRuns(Params(), [-1.0, 1.0], EDGES_T)


# --- rates by relic state -------------------------------------------------------------------


def test_photons_by_relic_state_add_up_to_the_total(be7):
    """The channels (parts of the vegas run) against its total (a separate output)."""
    parts = FS.photons_by_relic_state(be7)
    assert sorted(parts) == [1, 2, 3]
    assert all(x.mean > 0 for x in parts.values())
    total = FS.photons_per_km3_yr(be7)
    assert sum(x.mean for x in parts.values()) == pytest.approx(total.mean, rel=1e-10)


def test_relic_state_spectra_match_the_channels_and_the_histogram_of_the_rate(be7):
    """Each block integrates to its relic state's channels, and the blocks add up to the
    rate's energy spectrum bin by bin (same points: equal to rounding)."""
    spec, err = FS.relic_state_spectra(Params(), be7.setup, EDGES_E, rtol=0.1, seed=5, components=["7Be"])
    assert spec.shape == err.shape == (3, len(EDGES_E) - 1)
    assert np.all(err >= 0)
    widths = np.diff(EDGES_E)
    parts = FS.photons_by_relic_state(be7)
    for j in (1, 2, 3):
        assert np.sum(spec[j - 1] * widths) == pytest.approx(parts[j].mean, rel=1e-9)
    km3_yr = Params().volume_km3 * Params().years
    total, _ = be7.total_spectrum("energy")
    np.testing.assert_allclose(spec.sum(axis=0), total / km3_yr, rtol=1e-9, atol=1e-12 * total.max() / km3_yr)
    assert np.all(spec[:, EDGES_E[:-1] > 0.8619] == 0)     # nothing above the 7Be line (relics at rest)


def test_one_flavour_rate_scales_as_the_mass_and_the_moment_squared():
    """Leading order at E >> m: sigma ~ s^2 with s = 2 E m, times mu^2."""
    params = Params()
    ratio = FS.one_flavour_per_km3_yr(params, 0.2) / FS.one_flavour_per_km3_yr(params, 0.1)
    assert ratio == pytest.approx(4.0, rel=1e-3)
    doubled = params.replace(mu_nu_muB=2 * params.mu_nu_muB)
    assert FS.one_flavour_per_km3_yr(doubled, 0.1) == pytest.approx(4 * FS.one_flavour_per_km3_yr(params, 0.1),
                                                                     rel=1e-12)
    with pytest.raises(ValueError, match="m_nu_eV"):
        FS.one_flavour_per_km3_yr(params, 0.0)


# --- channels in units of one flavour -------------------------------------------------------


@pytest.fixture(scope="module")
def channels():
    return weak_channels(3)


@pytest.fixture(scope="module")
def degenerate(channels):
    return FS.channels_in_one_flavour(Params(), 1.0, [0.1] * 3, channels, rtol=4e-3, seed=3)


def counted_fraction(ch):
    """Contractions counted: 1 for nu_i nu_i and nu_i nubar_i -> nu_i nubar_i, 1/2 for one
    contraction on a neutrino, 1/4 on an antineutrino."""
    if "+" in ch.contraction:
        return 1.0
    return 0.25 if ch.relic_is_antineutrino else 0.5


def test_degenerate_channels_are_the_counted_fractions_of_one_flavour(channels, degenerate):
    assert len(degenerate) == 24
    for ch in channels:
        x = degenerate[ch.label]
        assert abs(x.mean - counted_fraction(ch)) < max(4 * x.sdev, 5e-3), ch.label


@pytest.mark.parametrize("anti", [False, True])
@pytest.mark.parametrize("solar", [1, 2, 3])
def test_three_degenerate_states_give_twice_one_flavour(channels, degenerate, anti, solar):
    x = FS.degenerate_sum(degenerate, channels, anti, solar)
    assert abs(x.mean - 2) < max(4 * x.sdev, 1e-2)


def test_channels_scale_with_the_relic_mass_squared(channels):
    """With the real masses each channel is its fraction times (m_relic / m_max)^2."""
    masses = mixing.masses_eV(0.05, "normal")
    real = FS.channels_in_one_flavour(Params(), 1.0, masses, channels, rtol=4e-3, seed=4)
    for ch in channels:
        expected = counted_fraction(ch) * (masses[ch.relic - 1] / masses.max()) ** 2
        assert real[ch.label].mean == pytest.approx(expected, rel=2e-2), ch.label


def test_degenerate_sum_adds_the_errors_of_one_solar_state_linearly(channels):
    ratios = {ch.label: gvar.gvar(k + 1.0, 0.1 * (k + 1)) for k, ch in enumerate(channels)}
    for anti in (False, True):
        picked = [ratios[ch.label] for ch in channels if ch.solar == 2 and ch.relic_is_antineutrino == anti]
        assert len(picked) == (3 if not anti else 5)
        x = FS.degenerate_sum(ratios, channels, anti, solar_state=2)
        assert x.mean == pytest.approx(sum(p.mean for p in picked))
        assert x.sdev == pytest.approx(sum(p.sdev for p in picked))
    with pytest.raises(ValueError, match="solar_state"):
        FS.degenerate_sum(ratios, channels, False, solar_state=4)


def test_channels_in_one_flavour_refuses_bad_masses(channels):
    with pytest.raises(ValueError, match="masses_eV"):
        FS.channels_in_one_flavour(Params(), 1.0, [0.1, 0.1], channels)
    with pytest.raises(ValueError, match="energy_MeV"):
        FS.channels_in_one_flavour(Params(), 0.0, [0.1] * 3, channels)


# --- binned statistics ----------------------------------------------------------------------


def test_flat_density_has_the_midpoint_as_mean_and_median():
    edges = np.geomspace(1.0, 100.0, 21)
    values, errors = np.full(20, 3.0), np.full(20, 0.1)
    assert FS.histogram_mean(edges, values, errors).mean == pytest.approx(50.5, rel=1e-12)
    assert FS.histogram_median(edges, values, errors).mean == pytest.approx(50.5, rel=1e-12)
    n = FS.photons_in_bins(values, errors, edges, edges[:-1] >= 10.0)
    assert n.mean == pytest.approx(3.0 * 90.0, rel=1e-12)


def test_binned_errors_agree_with_resampling():
    """Linear error propagation (gvar) against the spread of the statistics of resampled
    histograms."""
    rng = np.random.default_rng(11)
    edges = np.linspace(0.0, 10.0, 41)
    centres = 0.5 * (edges[1:] + edges[:-1])
    values = np.exp(-centres / 3.0)
    errors = 0.03 * values
    samples = values + errors * rng.standard_normal((20_000, len(values)))
    counts = samples * np.diff(edges)
    means = counts @ centres / counts.sum(axis=1)
    cum = np.cumsum(counts, axis=1) / counts.sum(axis=1, keepdims=True)
    i = np.argmax(cum >= 0.5, axis=1)                         # the bin where it crosses 1/2
    below = np.where(i > 0, cum[np.arange(len(i)), i - 1], 0.0)
    medians = edges[i] + (0.5 - below) / (cum[np.arange(len(i)), i] - below) * np.diff(edges)[i]
    mean = FS.histogram_mean(edges, values, errors)
    median = FS.histogram_median(edges, values, errors)
    assert mean.mean == pytest.approx(np.mean(means), rel=1e-3)
    assert median.mean == pytest.approx(np.median(medians), rel=1e-3)
    assert mean.sdev == pytest.approx(np.std(means), rel=0.05)
    assert median.sdev == pytest.approx(np.std(medians), rel=0.05)
    sel = centres > 4.0
    total = FS.photons_in_bins(values, errors, edges, sel)
    assert total.sdev == pytest.approx(np.std(counts[:, sel].sum(axis=1)), rel=0.05)


def test_binned_statistics_refuse_bad_histograms():
    edges = np.linspace(0.0, 1.0, 5)
    with pytest.raises(ValueError, match="one value and error per bin"):
        FS.histogram_mean(edges, np.ones(3), np.ones(3))
    with pytest.raises(ValueError, match="positive content"):
        FS.histogram_median(edges, np.zeros(4), np.zeros(4))
    with pytest.raises(ValueError, match="selection"):
        FS.photons_in_bins(np.ones(4), np.ones(4), edges, [0, 1, 0, 1])


def test_shape_summary_of_the_7be_line(be7):
    s = FS.shape_summary(be7)
    assert s.photons.mean == FS.photons_per_km3_yr(be7).mean
    assert 0 < s.mean_energy_MeV.mean < 0.862                 # photons below the line energy
    assert 0 < s.median_angle_mrad.mean < 1e3 * math.pi
    assert s.mean_energy_MeV.sdev > 0 and s.median_angle_mrad.sdev > 0


def test_compatible_with_one():
    assert not FS.compatible_with_one(gvar.gvar(1.05, 0.01), 0.02)
    assert FS.compatible_with_one(gvar.gvar(1.05, 0.01), 0.1)
    assert FS.compatible_with_one(gvar.gvar(1.05, 0.02), 0.02)           # within 3 errors
    assert not FS.compatible_with_one(gvar.gvar(1.05, 0.02), 0.02, n_sigma=2.0)
    with pytest.raises(ValueError, match="tolerance"):
        FS.compatible_with_one(gvar.gvar(1.0, 0.1), -0.1)
