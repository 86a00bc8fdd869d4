"""Majorana over Dirac at leading order: the pieces multiply back, the tables are the spinors."""

import dataclasses

import numpy as np
import pytest

from nubrems.core.params import Params
from nubrems.flavour import moments
from nubrems.rates import flavour_quadrature as FQ
from nubrems.rates.three_flavour import FlavourSetup, channels_for
from nubrems.studies import nature_comparison as NC

P6 = Params(mu_nu_muB=6e-12)
SETUP = FlavourSetup(moments="transition-only", moment_scale="entry")


@pytest.fixture(scope="module")
def result():
    return NC.nature_comparison(P6, SETUP)


def test_pieces_multiply_back_to_the_ratio(result):
    r = result
    assert r.ratio == pytest.approx(r.counting * r.dirac_relic_nu_share * r.per_relic, rel=1e-14)
    assert r.ratio == pytest.approx(r.ratio_solar_off * r.majorana_solar_factor / r.dirac_solar_factor, rel=1e-14)
    assert r.ratio == pytest.approx(
        r.ratio_no_interference * r.majorana_interference_factor / r.dirac_interference_factor, rel=1e-14)
    assert r.counting == 2.0 and r.dirac_solar_factor == 1.0
    # the figures of the report (normal ordering, lightest 0.05 eV)
    assert r.ratio == pytest.approx(3.5852, abs=2e-4)
    assert r.majorana_solar_factor == pytest.approx(1.4834, abs=2e-4)


def test_table_adds_up_to_the_rates(result):
    r = result
    for nature, total in (("dirac", r.dirac["full"]), ("majorana", r.majorana["full"])):
        rows = [row for row in r.table if row["nature"] == nature]
        assert sum(row["photons_per_km3_per_year"] for row in rows) == pytest.approx(total, rel=1e-12)
        mu = dataclasses.replace(SETUP, nature=nature).moment_matrix_muB(P6)
        assert [row["channel"] for row in rows] == [ch.label for ch in channels_for(mu, nature)]
    lo = FQ.leading_flavour_rate(P6, SETUP)
    assert r.dirac["full"] == pytest.approx(lo.photons, rel=1e-12)
    lo_m = FQ.leading_flavour_rate(P6, FlavourSetup(moments="transition-only", moment_scale="entry", nature="majorana"))
    assert r.majorana["full"] == pytest.approx(lo_m.photons, rel=1e-12)
    assert r.as_dict()["ratio"] == r.ratio


def test_no_interference_coefficients_are_sums_of_squares():
    """Dropping the cross terms leaves sum_l B_ll g_l^2 (5/16 on t and u lines, 5/36 on s
    lines, times 2 S) for Majorana and sum_l (|c_l^T|^2 + |c_l^U|^2) / 12 for Dirac; channels
    with one contraction keep their coefficient."""
    weights = np.array([5 / 16] * 4 + [5 / 36] * 2)
    mu_m = moments.moment_matrix("transition-only", 1.0, "majorana")
    for row in NC.channel_table(channels_for(mu_m, "majorana"), mu_m, "majorana"):
        g = np.array(row["couplings"])
        assert row["coefficient_no_interference"] == pytest.approx(
            2 * row["symmetry_factor"] * float(weights @ g**2), rel=1e-6)
        assert row["coefficient_solar_off_no_interference"] == pytest.approx(
            2 * row["symmetry_factor"] * float(np.asarray(NC.SOLAR_LEG_OFF_SINGLE) @ g**2), rel=1e-14)
        if "+" not in row["contraction"]:
            assert row["coefficient_no_interference"] == row["coefficient"]
    mu_d = moments.moment_matrix("transition-only", 1.0, "dirac")
    for row in NC.channel_table(channels_for(mu_d), mu_d, "dirac"):
        # transition-only: each diagram's coupling is 0 or 1, so the sum of squares counts diagrams
        # of legs 2-4, and |c_l|^2 = 4 marks a leg where T and U add coherently (2 -> 4)
        sym = row["symmetry_factor"] / (1.0 if row["relic_is_antineutrino"] else 0.5)
        c2 = np.array(row["couplings"][1:])
        apart = sym * (np.sum(c2 == 1) + 2 * np.sum(c2 == 4)) / 12
        assert row["coefficient_no_interference"] == pytest.approx(apart, rel=1e-14)
        assert row["coefficient"] == pytest.approx(sym * c2.sum() / 12, rel=1e-14)


def test_solar_leg_off_lookup():
    assert NC.solar_leg_off_coefficient([0, 0, 2, 0, 0, 0]) == pytest.approx(4 * 11 / 96)
    assert NC.solar_leg_off_coefficient([-1, 0, 1, 0, -1, 0]) == pytest.approx(29 / 144)
    assert NC.solar_leg_off_coefficient(np.zeros(6)) == 0.0
    with pytest.raises(ValueError, match="not a three-state Majorana channel"):
        NC.solar_leg_off_coefficient([1, 1, 0, 0, 0, 0])
    # the lines without the solar leg keep their full diagonal coefficient
    B = FQ.MAJORANA_FORM_LIMIT
    assert [NC.SOLAR_LEG_OFF_SINGLE[i] for i in (1, 3, 5)] == [B[i, i] for i in (1, 3, 5)]


@pytest.mark.slow
def test_solar_leg_off_table_is_the_spinor_reference():
    """One channel of each tabulated class (three lines in each sign pattern, one line of
    each kind holding the solar leg) against the explicit spinors with the solar-leg
    diagrams removed, and one with every diagram against the FORM quadratic form."""
    mu = moments.moment_matrix("transition-only", 1.0, "majorana")
    channels = channels_for(mu, "majorana")
    K = NC.channel_table(channels, mu, "majorana")
    seen = set()
    for ch, row in zip(channels, K, strict=True):
        g = np.array(row["couplings"])
        key = tuple(np.sign(g).astype(int) * int(np.sign(g[np.flatnonzero(g)[0]])))
        if key in seen or (len(np.flatnonzero(g)) == 1 and np.flatnonzero(g)[0] in (1, 3, 5)):
            continue
        seen.add(key)
        assert NC.solar_leg_off_reference(ch, mu) == pytest.approx(row["coefficient_solar_off"], rel=1e-4), ch.label
    assert len(seen) == 7


def test_bad_input():
    with pytest.raises(ValueError, match="moving_relics"):
        NC.nature_comparison(P6, FlavourSetup(moments="transition-only", moving_relics=True, lightest_mass_eV=0.01))
    with pytest.raises(ValueError, match="component"):
        NC.nature_comparison(P6, SETUP, ["9Be"])
    with pytest.raises(ValueError, match="universal"):
        NC.nature_comparison(P6, FlavourSetup())


def test_the_setup_of_three_flavour_params():
    """Without a setup, a three-flavour params gives it (its nature ignored); one flavour: transition-only."""
    p = P6.replace(flavours=3, moments="transition-only", moment_scale="entry")
    assert NC.nature_comparison(p).ratio == NC.nature_comparison(P6, SETUP).ratio
    assert NC.nature_comparison(P6).setup == FlavourSetup(moments="transition-only")
