"""Three-flavour channel |M|^2: one-flavour limits, Fierz relations, couplings, bad input."""

import numpy as np
import pytest

from nubrems import amplitudes as A
from nubrems import channel_amplitudes as CA
from nubrems import constants as C
from nubrems.channels import Channel, weak_channels
from nubrems.phasespace import ThreeBodyMap

MU = 3e-12 * C.MU_B


def points(E, m, n=2000, seed=1):
    return ThreeBodyMap(E, m)(np.random.default_rng(seed).random((n, 5)))


def by_contraction(kind, anti):
    return next(ch for ch in weak_channels(3) if ch.contraction == kind and ch.relic_is_antineutrino == anti)


@pytest.mark.parametrize("E, m", [(1e6, 0.05), (10.0, 1.0), (1e3, 0.1)])
@pytest.mark.parametrize("kind, process", [("t+u", "nunu"), ("s+t", "nunubar")])
def test_one_flavour_channels_are_the_one_flavour_processes(E, m, kind, process):
    pt = points(E, m)
    lead, mass = CA.channel_msq_parts(by_contraction(kind, process == "nunubar"), [m] * 3, MU * np.eye(3),
                                      pt.invariants)
    lead0, mass0 = A.msq_parts(process, m=m, mu=MU, invariants_=pt.invariants)
    np.testing.assert_allclose(lead, lead0, rtol=1e-13)
    # the mass-suppressed parts are different arrangements of one polynomial: equal up to the
    # rounding of their cancellations, far below the leading part
    np.testing.assert_allclose(lead + mass, lead0 + mass0, rtol=1e-8)


@pytest.mark.parametrize("kind, process", [("t", "nunu"), ("s", "nunubar"), ("t", "nunubar")])
def test_single_contraction_is_a_quarter_at_equal_masses(kind, process):
    """Fierz: the two contractions of the one-flavour process are equal, so one of them alone
    is half the amplitude; t-type on nubar_j also has the nunubar kinematics."""
    m = 0.05
    pt = points(1e6, m)
    ch = by_contraction(kind, process == "nunubar")
    lead, mass = CA.channel_msq_parts(ch, [m] * 3, MU * np.eye(3), pt.invariants)
    lead0, mass0 = A.msq_parts(process, m=m, mu=MU, invariants_=pt.invariants)
    np.testing.assert_allclose(lead, lead0 / 4, rtol=1e-13)
    np.testing.assert_allclose(lead + mass, (lead0 + mass0) / 4, rtol=1e-8)


@pytest.mark.parametrize("anti", [False, True])
def test_leading_part_and_the_silent_solar_leg(anti):
    """Leading part 8 F [(1 + P/D)(c2^2 + c3^2 + c4^2) + (1 - P/D) c1^2], F = (p1.p2)(p3.p4) or
    (p1.p4)(p2.p3): the solar leg radiates only through the helicity flip 1 - P/D."""
    masses = np.array([0.01, 0.05, 0.06])
    moments = MU * np.diag([1.0, 2.0, 3.0])
    pt = points(1e6, 0.05, n=500)          # equal-mass kinematics suffice for this algebra
    inv = pt.invariants
    for ch in weak_channels(3):
        if ch.relic_is_antineutrino != anti:
            continue
        lead, _ = CA.channel_msq_parts(ch, masses, moments, inv)
        c1, c2, c3, c4 = CA.channel_couplings(ch, moments)
        m1, m2, _, _ = CA.channel_masses(ch, masses)
        P = inv["p1p2"]
        PD = P / np.sqrt(P**2 - (m1 * m2) ** 2)
        F = inv["p1p4"] * inv["p2p3"] if anti else P * inv["p3p4"]
        n = CA.MULTIPLICITY[ch.contraction]
        expected = 2 * C.G_F**2 * n**2 * 8 * F * ((1 + PD) * (c2**2 + c3**2 + c4**2) + (1 - PD) * c1**2)
        np.testing.assert_allclose(lead, expected, rtol=1e-12, err_msg=ch.label)


def test_massless_solar_state_is_finite():
    ch = Channel(1, 2, False, (1, 2), "t", 1.0)
    pt = points(1e6, 0.05)
    lead, mass = CA.channel_msq_parts(ch, [0.0, 0.05, 0.06], MU * np.eye(3), pt.invariants)
    assert np.all(np.isfinite(lead)) and np.all(np.isfinite(mass)) and np.all(lead > 0)


def test_transition_and_complex_moments_are_refused():
    pt = points(1e6, 0.05, n=10)
    ch = weak_channels(3)[0]
    mu = MU * np.eye(3, dtype=complex)
    mu[0, 1] = mu[1, 0] = MU
    with pytest.raises(ValueError, match="transition moment mu_12"):
        CA.channel_msq_parts(ch, [0.05] * 3, mu, pt.invariants)
    with pytest.raises(ValueError, match="must be real"):
        CA.channel_msq_parts(ch, [0.05] * 3, MU * np.diag([1, 1j, 1]), pt.invariants)
    with pytest.raises(ValueError, match="3 x 3"):
        CA.check_diagonal_moments(np.eye(2))
    with pytest.raises(ValueError, match="lacks"):
        CA.channel_msq_parts(ch, [0.05] * 3, MU * np.eye(3), {"p1p2": 1.0})
