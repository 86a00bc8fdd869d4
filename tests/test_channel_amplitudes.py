"""Three-flavour channel |M|^2: one-flavour limits, Fierz relations, couplings, bad input."""

import numpy as np
import pytest

from nubrems.amplitudes import dirac as A
from nubrems.amplitudes import dirac_channels as CA
from nubrems.core import constants as C
from nubrems.flavour.channels import Channel, weak_channels
from nubrems.kinematics.phasespace import ThreeBodyMap

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
        n = {"t+u": 2, "s+t": 2, "t": 1, "s": 1}[ch.contraction]   # contractions that add
        c1, c2, c3, c4 = (n * moments[s - 1, s - 1] for s in (ch.solar, ch.relic, *ch.final))
        m1, m2, _, _ = CA.channel_masses(ch, masses)
        P = inv["p1p2"]
        PD = P / np.sqrt(P**2 - (m1 * m2) ** 2)
        F = inv["p1p4"] * inv["p2p3"] if anti else P * inv["p3p4"]
        expected = 2 * C.G_F**2 * 8 * F * ((1 + PD) * (c2**2 + c3**2 + c4**2) + (1 - PD) * c1**2)
        np.testing.assert_allclose(lead, expected, rtol=1e-12, err_msg=ch.label)


def test_massless_solar_state_is_finite():
    ch = Channel(1, 2, False, (1, 2), "t", 1.0)
    pt = points(1e6, 0.05)
    lead, mass = CA.channel_msq_parts(ch, [0.0, 0.05, 0.06], MU * np.eye(3), pt.invariants)
    assert np.all(np.isfinite(lead)) and np.all(np.isfinite(mass)) and np.all(lead > 0)


def test_bad_moment_matrices_are_refused():
    pt = points(1e6, 0.05, n=10)
    ch = weak_channels(3)[1]       # nu_1 nu_2 -> nu_1 nu_2: the relic and leg 4 carry mu_22
    with pytest.raises(ValueError, match="must be real"):
        CA.channel_msq_parts(ch, [0.05] * 3, MU * np.diag([1, 1j, 1]), pt.invariants)
    with pytest.raises(ValueError, match="3 x 3"):
        CA.check_moment_matrix(np.eye(2))
    with pytest.raises(ValueError, match="finite"):
        CA.check_moment_matrix(np.full((3, 3), np.nan))
    with pytest.raises(ValueError, match="lacks"):
        CA.channel_msq_parts(ch, [0.05] * 3, MU * np.eye(3), {"p1p2": 1.0})


def test_diagonal_moments_give_the_weak_channels():
    assert set(CA.radiative_channels(MU * np.diag([1.0, 2.0, 3.0]))) == set(weak_channels(3))
    assert len(CA.radiative_channels(MU * np.eye(3))) == len(weak_channels(3)) == 24
    assert set(CA.radiative_channels(MU * np.eye(3), n_states=1)) == set(weak_channels(1))


def test_transition_channels():
    """A single transition moment mu_12 = mu_21: a photon turns state 1 into 2 (or back) on one
    line, so the final pair differs from the initial one in exactly one state."""
    mu = np.zeros((3, 3))
    mu[0, 1] = mu[1, 0] = 1.0
    chans = CA.radiative_channels(mu)
    for ch in chans:
        before = sorted((ch.solar, ch.relic))
        after = sorted(ch.final)
        changed = sum(x != y for x, y in zip(before, after, strict=True)) if not ch.relic_is_antineutrino else None
        if changed is not None:
            assert changed == 1, ch.label
        assert ch.symmetry_factor == (0.5 if not ch.relic_is_antineutrino and ch.final[0] == ch.final[1] else 1.0)
    labels = {ch.label for ch in chans}
    assert "ν1 ν1 → ν1 ν2" in labels and "ν3 ν3 → ν3 ν3" not in labels
    # nu_1 nubar_1 -> nu_2 nubar_1: t-type with the photon turning the solar line 1 -> 2 (legs
    # 1 and 3); s-type with nu_2 nubar_2 created and the photon turning either 2 -> 1 (leg 4)
    # or nu_1 nubar_1 created and the neutrino turned 1 -> 2 (leg 3)
    ch = next(c for c in chans if c.label == "ν1 ν̄1 → ν2 ν̄1")
    assert ch.contraction == "s+t"
    np.testing.assert_allclose(CA.effective_couplings(ch, mu), [1, 0, 2, 1])


@pytest.mark.parametrize("anti", [False, True])
def test_leading_part_with_transition_moments_against_spinors(anti):
    """Transition moments: the leading part alone (the rest holds the radiative-decay pole) is
    the explicit-spinor |M|^2 up to the mass-suppressed terms. At points away from the soft
    and collinear regions (sqrt(s)/m ~ 1e4) those are ~1e-5 here, as for diagonal moments, where
    the full closed form is exact; a wrong coupling or Fierz sign would be an O(1) error."""
    from nubrems.amplitudes import helicity as H
    from nubrems.kinematics.phasespace import ChannelMap

    masses = np.array([0.007, 0.012, 0.015])
    mu = MU * np.array([[1.0, 2.0, 0.5], [2.0, -1.0, 1j], [0.5, -1j, 0.3]])
    rng = np.random.default_rng(5)
    chans = [ch for ch in CA.radiative_channels(mu) if ch.relic_is_antineutrino == anti]
    assert len(chans) > len(weak_channels(3)) // 2
    for ch in chans:
        x = rng.random((40, 5))
        x[:, 0] = 0.3 + 0.4 * x[:, 0]                  # no soft photon, no pair threshold
        x[:, [1, 3]] = 0.4 + 0.2 * x[:, [1, 3]]        # no collinear photon (nor decay pole)
        pt = ChannelMap(1e6, CA.channel_masses(ch, masses))(x)
        lead, mass = CA.channel_msq_parts(ch, masses, mu, pt.invariants)
        assert np.all(mass == 0)
        ref = H.channel_msq_reference(*pt.momenta, (ch.solar, ch.relic, *ch.final), masses, mu, anti)
        np.testing.assert_allclose(lead, ref, rtol=3e-4, err_msg=ch.label)


@pytest.mark.parametrize("E", [10.0, 1e3, 1e5])
@pytest.mark.parametrize("ch", weak_channels(3), ids=lambda ch: ch.label)
def test_closed_form_agrees_with_explicit_spinors(ch, E):
    """Every channel, distinct masses, a different moment per state: the FORM closed form
    (after the Fierz reordering) against the explicit-spinor sum of all diagrams and
    contractions of nubrems.amplitudes.helicity (no Fierz)."""
    from nubrems.amplitudes import helicity as H
    from nubrems.kinematics.phasespace import ChannelMap

    masses = np.array([0.7, 1.2, 1.5]) * (1.0 if E < 1e5 else 0.1)
    moments = MU * np.diag([1.0, -2.0, 3.0])
    pt = ChannelMap(E, CA.channel_masses(ch, masses))(np.random.default_rng(3).random((100, 5)))
    lead, mass = CA.channel_msq_parts(ch, masses, moments, pt.invariants)
    ref = H.channel_msq_reference(*pt.momenta, (ch.solar, ch.relic, *ch.final), masses, moments,
                                  ch.relic_is_antineutrino)
    np.testing.assert_allclose(lead + mass, ref, rtol=1e-9)
