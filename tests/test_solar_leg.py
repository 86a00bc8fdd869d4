"""The Dirac solar leg's radiation with the exact |M|^2 (nubrems.rates.solar_leg): the reduced
closed forms, the leading-part ratio -X/(6 + 2X), and the vegas ratio against the derived
(m^2/s)(a ln(s/m^2) + b), whose coefficient is *not* independent of the energy."""

import math

import numpy as np
import pytest

from nubrems.amplitudes.generated import dirac as G
from nubrems.core.processes import INVARIANTS
from nubrems.kinematics.phasespace import ChannelMap
from nubrems.rates import solar_leg as SL

PROCESSES = ("nunu", "nunubar")


@pytest.mark.parametrize("process", PROCESSES)
def test_reduced_closed_form_is_the_generated_one(process):
    """With (c, 0, 0, 0) the generated trace is the two-line form of the module docstring."""
    m, c = 0.1, 2.0
    pt = ChannelMap(1e6, (m, m, m, m))(np.random.default_rng(3).random((4000, 5)))
    ok = pt.weight > 0
    d = {n: pt.invariants[n][ok] for n in INVARIANTS}
    trace = G.trace_channel_nunubar if process == "nunubar" else G.trace_channel_nunu
    lead, mass = trace(*(d[n] for n in INVARIANTS), m, m, m, m, c, 0.0, 0.0, 0.0)
    P = d["p1p2"]
    D = np.sqrt((P - m * m) * (P + m * m))
    X = m**4 / (D * (P + D))
    if process == "nunu":
        rho = d["p2k"] / d["p1k"]
        F = P * d["p3p4"]
        expected = 16 * c * c * m * m * d["p3p4"] * (P * rho - m * m * rho * rho / 2) / D
    else:
        F = d["p1p4"] * d["p2p3"]
        expected = (8 * c * c * m * m * d["p2p3"] * (P * d["p4k"] + d["p1p4"] * d["p2k"]
                                                     - m * m * d["p2k"] * d["p4k"] / d["p1k"]) / (D * d["p1k"]))
    np.testing.assert_allclose(mass, expected, rtol=1e-12, atol=0)
    np.testing.assert_allclose(lead, -8 * c * c * X * F, rtol=1e-12)
    assert np.all(mass > 0) and np.all(lead < 0)


def test_leading_fraction_is_minus_X_over_6_plus_2X():
    """The leading part alone: -X/(6+2X) ~ -m^2/(12 E^2) (the chapter's 1 - P/D per leg,
    against 1 + P/D ~ 2 for each of three legs), negative and 1e-15 at 1 MeV."""
    f = SL.leading_fraction(1.0, 0.1)
    assert f == pytest.approx(-0.1**2 / (12 * 1e12), rel=1e-6)
    for E in (1.0, 10.0):
        assert SL.leading_fraction(E, 0.1) == pytest.approx(-(0.1 / (E * 1e6)) ** 2 / 12, rel=1e-6)


@pytest.mark.parametrize("process", PROCESSES)
def test_solar_leg_fraction_positive_small_and_as_derived(process):
    """Exact |M|^2 by vegas: positive, << 1, 1e8 times the leading-part ratio, and equal to
    (m^2/s)(a ln(s/m^2) + b); the leading-part ratio of the same run is -X/(6+2X)."""
    r = SL.solar_leg(1.0, 0.1, process, rtol=2e-3, seed=4)
    assert 0 < r.fraction < 1e-6
    assert r.fraction_err < 0.02 * r.fraction
    assert r.fraction / abs(r.leading_fraction) > 1e8
    assert r.leading_fraction == pytest.approx(SL.leading_fraction(1.0, 0.1), rel=1e-9)
    assert r.coefficient == pytest.approx(r.fraction * r.s_eV2 / 0.1**2)
    assert abs(r.coefficient - r.analytic_coefficient) < 4 * r.coefficient_err
    assert r.fraction == pytest.approx(SL.analytic_fraction(1.0, 0.1, process), rel=4 * r.fraction_err / r.fraction)
    assert (r.fraction, r.fraction_err) == SL.solar_leg_fraction(1.0, 0.1, process, rtol=2e-3, seed=4)


@pytest.mark.parametrize("process", PROCESSES)
def test_coefficient_grows_like_the_log_of_s(process):
    """fraction * s / m^2 at 1, 3, 10 MeV: NOT energy independent; it follows a ln(s/m^2) + b,
    rising by a ln 10 (1.53 for nu nu, 1.36 for nu nubar) from 1 to 10 MeV, many sigma."""
    a, _ = SL.LOG_COEFFICIENTS[process]
    runs = {E: SL.solar_leg(E, 0.1, process, rtol=2e-3, seed=7) for E in (1.0, 3.0, 10.0)}
    for E, r in runs.items():
        assert abs(r.coefficient - SL.analytic_coefficient(E, 0.1, process)) < 4 * r.coefficient_err, E
    rise = runs[10.0].coefficient - runs[1.0].coefficient
    err = math.hypot(runs[10.0].coefficient_err, runs[1.0].coefficient_err)
    assert rise > 10 * err                                   # energy dependence seen
    assert abs(rise - a * math.log(10.0)) < 4 * err


@pytest.mark.parametrize("m", [0.05, 0.1, 0.2])
def test_mass_scaling(m):
    """At fixed E the fraction is (m / 2E)(a ln(2E/m) + b): linear in m up to the log."""
    r = SL.solar_leg(3.0, m, "nunu", rtol=2e-3, seed=2)
    expected = SL.analytic_fraction(3.0, m)
    assert abs(r.fraction - expected) < 4 * r.fraction_err
    assert expected == pytest.approx(m / 6e6 * (2 / 3) * (math.log(6e6 / m + 1) - 2), rel=1e-7)


def test_the_referee_numbers():
    """4.9e-7 at 1 MeV and 5.7e-8 at 10 MeV for m = 0.1 eV (nu nu), from the closed form."""
    assert SL.analytic_fraction(1.0, 0.1) == pytest.approx(4.94e-7, rel=2e-3)
    assert SL.analytic_fraction(10.0, 0.1) == pytest.approx(5.70e-8, rel=2e-3)


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="process"):
        SL.solar_leg_fraction(1.0, 0.1, "nunu_gamma")
    with pytest.raises(ValueError, match="energy_MeV"):
        SL.analytic_fraction(1e-9, 0.1)
    with pytest.raises(ValueError, match="m_nu_eV"):
        SL.leading_fraction(1.0, -0.1)
    assert SL.one_flavour_channel("nunubar").relic_is_antineutrino
