"""Exact three-flavour |M|^2 for any moment matrix (channel_amplitudes.channel_msq_exact): the
explicit spinors for every channel, the diagonal and equal-mass limits, the radiative-decay
pole, bad input, and the regeneration of nubrems/_msq_transition_generated.py by FORM."""

import shutil

import numpy as np
import pytest

from nubrems.amplitudes import dirac_channels as CA
from nubrems.amplitudes import form as symbolic
from nubrems.amplitudes import helicity as H
from nubrems.amplitudes.generated import dirac as G
from nubrems.core import constants as C
from nubrems.flavour.channels import Channel
from nubrems.kinematics.phasespace import ChannelMap

needs_form = pytest.mark.skipif(shutil.which("form") is None, reason="FORM not installed (Debian package 'form')")

MU = 3e-12 * C.MU_B
MASSES = np.array([0.011, 0.05, 0.13])      # m_1, m_2, m_3 in eV (distinct)
#: Hermitian matrices: transition moments only, and diagonal plus transition entries
MATRICES = {
    "transition": MU * np.array([[0.0, 1.0, 0.4j], [1.0, 0.0, -0.7], [-0.4j, -0.7, 0.0]]),
    "generic": MU * np.array([[1.0, 2.0 - 0.5j, 0.5], [2.0 + 0.5j, -1.0, 1j], [0.5, -1j, 0.3]]),
}
DIAGONAL = MU * np.diag([1.0, -2.0, 3.0])


def states(ch):
    return (ch.solar, ch.relic, *ch.final)


def energy(ms, ratio):
    """Solar energy (lab, eV) at which sqrt(s) = ratio x the heaviest of the four masses."""
    m1, m2, _, _ = ms
    s = (ratio * max(ms)) ** 2
    return (s - (m1 - m2) * (m1 + m2)) / (2 * m2) - m2


def points(ch, masses, ratio, x):
    ms = CA.channel_masses(ch, masses)
    return ChannelMap(energy(ms, ratio), ms)(x)


def reference(ch, pt, masses, mu):
    return H.channel_msq_reference(*pt.momenta, states(ch), masses, mu, ch.relic_is_antineutrino)


def pole_distance(ch, masses, mu, inv):
    """Smallest |inverse propagator| / |m_l^2 - M^2| over the diagrams whose internal mass M
    differs from the leg's mass m_l (inf if none): 0 on a radiative-decay pole."""
    m = CA.channel_masses(ch, masses)
    inside = CA.internal_masses(ch, masses)
    couplings = {(K, leg): c for (K, leg), (c, _) in H.channel_couplings(states(ch), masses, mu,
                                                                         ch.relic_is_antineutrino).items()}
    out = np.full(np.shape(inv["p1k"]), np.inf)
    for K in ("T", "U"):
        for leg in range(4):
            M = inside[K][leg]
            if couplings[K, leg + 1] == 0 or M == m[leg]:
                continue
            dm2 = (m[leg] - M) * (m[leg] + M)
            out = np.minimum(out, np.abs((dm2 + (-2.0 if leg < 2 else 2.0) * inv[f"p{leg + 1}k"]) / dm2))
    return out


def test_internal_masses_are_the_reference_propagator_masses():
    """The internal state of each diagram is the other end of its line in that contraction, as in
    the reference's table (helicity.channel_couplings)."""
    for mu in MATRICES.values():
        for ch in CA.radiative_channels(mu):
            inside = CA.internal_masses(ch, MASSES)
            table = H.channel_couplings(states(ch), MASSES, mu, ch.relic_is_antineutrino)
            for (K, leg), (_, M) in table.items():
                assert inside[K][leg - 1] == M, (ch.label, K, leg)


@pytest.mark.slow
@pytest.mark.parametrize("ratio", [3.0, 30.0, 1e3])
@pytest.mark.parametrize("name", MATRICES)
def test_exact_form_agrees_with_explicit_spinors(name, ratio):
    """Every radiating channel of the matrix, distinct masses, sqrt(s) = ratio x the heaviest leg
    mass: the FORM form (after the Fierz reordering, one propagator mass per contraction)
    against the explicit-spinor sum of all diagrams and contractions (no Fierz), at points off
    the radiative-decay poles. At ratio 1e3 the poles and the quasi-collinear peaks (where the
    invariants fix |M|^2 only to ~1e-9, for the reference too) are left out; at 3 and 30 the
    whole cube is sampled, where the mass terms are of order one."""
    mu = MATRICES[name]
    rng = np.random.default_rng(11)
    chans = CA.radiative_channels(mu)
    assert len(chans) > 70
    worst, kept = 0.0, 0
    for ch in chans:
        x = rng.random((30, 5))
        if ratio > 100:
            x[:, [1, 3]] = 0.1 + 0.8 * x[:, [1, 3]]
        pt = points(ch, MASSES, ratio, x)
        exact = CA.channel_msq_exact(ch, MASSES, mu, pt.invariants)
        ref = reference(ch, pt, MASSES, mu)
        off = pole_distance(ch, MASSES, mu, pt.invariants) > 0.1
        kept += int(off.sum())
        assert np.all(ref > 0), ch.label
        np.testing.assert_allclose(exact[off], ref[off], rtol=1e-9, err_msg=ch.label)
        worst = max(worst, float(np.max(np.abs(exact[off] / ref[off] - 1))))
    assert kept > 0.8 * 30 * len(chans)
    print(f"{name}, ratio {ratio:g}: max relative deviation {worst:.2e}")


@pytest.mark.parametrize("ratio, rtol, lo", [(3.0, 1e-12, 0.0), (30.0, 1e-12, 0.0), (1e3, 1e-10, 0.1)])
def test_diagonal_matrix_gives_the_full_closed_form(ratio, rtol, lo):
    """Diagonal moments: the exact form is the full closed form of channel_msq_parts (leading
    plus mass-suppressed), a different arrangement of the same polynomial: equal to rounding
    (amplified by its cancellations at large sqrt(s)/m)."""
    rng = np.random.default_rng(13)
    worst = 0.0
    for ch in CA.radiative_channels(DIAGONAL):
        x = rng.random((40, 5))
        x[:, [1, 3]] = lo + (1 - 2 * lo) * x[:, [1, 3]]
        pt = points(ch, MASSES, ratio, x)
        lead, mass = CA.channel_msq_parts(ch, MASSES, DIAGONAL, pt.invariants)
        exact = CA.channel_msq_exact(ch, MASSES, DIAGONAL, pt.invariants)
        np.testing.assert_allclose(exact, lead + mass, rtol=rtol, err_msg=ch.label)
        worst = max(worst, float(np.max(np.abs(exact / (lead + mass) - 1))))
    print(f"diagonal, ratio {ratio:g}: max relative deviation {worst:.2e}")


@pytest.mark.parametrize("name", MATRICES)
def test_equal_masses_give_the_fierz_merged_form(name):
    """Equal masses: every internal state has the leg's mass, the two contractions merge into one
    coupling per leg (effective_couplings), and the exact form is the leading part of
    channel_msq_parts plus the generated mass-suppressed part with those couplings."""
    mu = MATRICES[name]
    m = 0.05
    masses = np.array([m, m, m])
    rng = np.random.default_rng(17)
    worst = 0.0
    for ratio in (3.0, 30.0):
        for ch in CA.radiative_channels(mu):
            pt = points(ch, masses, ratio, rng.random((30, 5)))
            c = CA.effective_couplings(ch, mu)
            phase = c[np.argmax(np.abs(c))] / np.abs(c).max()
            real = c * np.conj(phase)
            assert np.all(np.abs(real.imag) <= 1e-12 * np.abs(c).max())
            lead, zero = CA.channel_msq_parts(ch, masses, mu, pt.invariants)
            assert np.all(zero == 0)
            trace = G.trace_channel_nunubar if ch.relic_is_antineutrino else G.trace_channel_nunu
            _, mass = trace(*(pt.invariants[n] for n in CA.INVARIANTS), m, m, m, m, *real.real)
            expected = lead + 2 * C.G_F**2 * mass
            exact = CA.channel_msq_exact(ch, masses, mu, pt.invariants)
            np.testing.assert_allclose(exact, expected, rtol=1e-12, err_msg=ch.label)
            worst = max(worst, float(np.max(np.abs(exact / expected - 1))))
    print(f"{name}, equal masses: max relative deviation {worst:.2e}")


def near_pole(ch, leg, masses, mu, distance, ratio=30.0, n=4, seed=19):
    """Points whose inverse propagator (p_l + k)^2 - M^2 of the heavier internal state on the
    outgoing leg l = 3 or 4 is ``distance`` x (M^2 - m_l^2), by bisection in the p3 direction
    (x[:, 3]); the other coordinates are fixed random numbers."""
    m = CA.channel_masses(ch, masses)
    M = max(CA.internal_masses(ch, masses)[K][leg - 1] for K in ("T", "U"))
    dm2 = (M - m[leg - 1]) * (M + m[leg - 1])
    assert dm2 > 0
    x = np.random.default_rng(seed).random((n, 5))
    x[:, 0] = 0.3 + 0.4 * x[:, 0]
    x[:, 1] = 0.3 + 0.4 * x[:, 1]

    def f(x3):
        y = x.copy()
        y[:, 3] = x3
        pt = points(ch, masses, ratio, y)
        return 2 * pt.invariants[f"p{leg}k"] / dm2 - 1 - distance, pt

    lo, hi = np.zeros(n), np.ones(n)
    sign = np.sign(f(hi)[0] - f(lo)[0])          # p3.k grows with x[:, 3], p4.k falls
    assert np.all(sign * f(lo)[0] < 0) and np.all(sign * f(hi)[0] > 0)
    for _ in range(80):
        mid = 0.5 * (lo + hi)
        below = sign * f(mid)[0] < 0
        lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
    value, pt = f(0.5 * (lo + hi))
    assert np.all(np.abs(value) <= 1e-3 * distance)
    return pt


@pytest.mark.parametrize("ch, leg", [
    (Channel(2, 1, False, (1, 1), "t+u", 0.5), 3),   # nu_2 nu_1 -> nu_2 nu_1, then nu_2 -> nu_1 gamma
    (Channel(1, 3, True, (1, 1), "s+t", 1.0), 4),    # nu_1 nubar_3 -> nu_1 nubar_3, then nubar_3 -> nubar_1 gamma
])
def test_radiative_decay_pole(ch, leg):
    """Approaching p_l.k = (M^2 - m_l^2)/2 for the heavier internal state M of an outgoing leg
    (a real 2 -> 2 scattering followed by the decay nu_M -> nu_l gamma), the exact |M|^2
    grows like 1/distance^2 (its residue settles) and still agrees with the spinors, while
    the leading part of channel_msq_parts, which has no pole, stays put."""
    mu = MATRICES["generic"]
    assert ch in CA.radiative_channels(mu)
    distances = (1e-2, 1e-3, 1e-4, 1e-5)
    exact, lead = [], []
    for d in distances:
        pt = near_pole(ch, leg, MASSES, mu, d)
        exact.append(CA.channel_msq_exact(ch, MASSES, mu, pt.invariants))
        lead.append(CA.channel_msq_parts(ch, MASSES, mu, pt.invariants)[0])
        np.testing.assert_allclose(exact[-1], reference(ch, pt, MASSES, mu), rtol=1e-8)
    residues = [e * d * d for e, d in zip(exact, distances, strict=True)]
    for i in range(1, len(distances)):
        np.testing.assert_allclose(residues[i], residues[i - 1], rtol=2 * distances[i - 1])
        np.testing.assert_allclose(lead[i], lead[i - 1], rtol=1e-2)
    assert np.all(exact[-1] > 1e6 * lead[-1])


def test_channel_without_a_photon_and_bad_input():
    pt = points(Channel(1, 2, False, (1, 2), "t", 1.0), MASSES, 30.0, np.random.default_rng(1).random((5, 5)))
    # nu_1 nu_2 -> nu_1 nu_2 with a transition-only matrix: no diagram
    zero = CA.channel_msq_exact(Channel(1, 2, False, (1, 2), "t", 1.0), MASSES, MU * np.array(
        [[0, 0, 1], [0, 0, 0], [1, 0, 0]]), pt.invariants)
    assert zero.shape == (5,) and np.all(zero == 0)
    # a (non-Hermitian) diagonal matrix with two phases in one channel
    with pytest.raises(ValueError, match="share one phase"):
        CA.channel_msq_exact(Channel(1, 2, False, (1, 2), "t", 1.0), MASSES, MU * np.diag([1, 1j, 1]), pt.invariants)
    with pytest.raises(ValueError, match="lacks"):
        CA.channel_msq_exact(Channel(1, 2, False, (1, 2), "t", 1.0), MASSES, DIAGONAL, {"p1p2": 1.0})
    with pytest.raises(ValueError, match="3 x 3"):
        CA.channel_msq_exact(Channel(1, 2, False, (1, 2), "t", 1.0), MASSES, np.eye(2), pt.invariants)


@pytest.mark.slow
@needs_form
def test_generated_code_is_reproduced_by_form():
    assert symbolic.generate_transition() == symbolic.GENERATED_TRANSITION.read_text(), \
        "nubrems/_msq_transition_generated.py is stale: run `make amplitudes`"
