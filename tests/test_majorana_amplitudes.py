"""Majorana channel |M|^2 (leading part, FORM) against the explicit-spinor reference, the
full FORM result, channel enumeration, regeneration of the generated code, bad matrices."""

import itertools
import shutil

import numpy as np
import pytest

from nubrems.amplitudes import helicity as H
from nubrems.amplitudes import majorana as MA
from nubrems.amplitudes import majorana_form as MS
from nubrems.amplitudes.dirac_channels import channel_masses
from nubrems.core import constants as C
from nubrems.flavour.channels import Channel
from nubrems.kinematics.phasespace import ChannelMap

MU = 1e-12 * C.MU_B
#: a generic antisymmetric, purely imaginary matrix: every pair of states has its own moment
GENERIC = MU * np.array([[0, 1j, 0.5j], [-1j, 0, 2j], [-0.5j, -2j, 0]])
needs_form = pytest.mark.skipif(shutil.which("form") is None, reason="FORM not installed (Debian package 'form')")


def generic_points(E, masses, n, rng):
    """Phase-space points away from the soft photon, the pair threshold and the collinear
    regions (hence away from the radiative-decay poles too)."""
    x = rng.random((n, 5))
    x[:, 0] = 0.3 + 0.4 * x[:, 0]
    x[:, [1, 3]] = 0.4 + 0.2 * x[:, [1, 3]]
    return ChannelMap(E, masses)(x)


def test_leading_part_against_spinors_every_channel():
    """sqrt(s)/m ~ 1e4: the leading part is the spinor |M|^2 up to the mass corrections. They are
    ~1e-7 of the channel's typical size at most points and stay below ~1e-5 of it where the
    leading |M|^2 nearly vanishes (a few 1e-3 of its median); a wrong coupling, sign or
    contraction is an O(1) error. Tolerance: 1e-4 of max(|M|^2, its median over the points)."""
    masses = np.array([0.007, 0.012, 0.015])
    rng = np.random.default_rng(5)
    chans = MA.majorana_channels(GENERIC)
    assert len(chans) == 39
    for ch in chans:
        pt = generic_points(1e6, channel_masses(ch, masses), 40, rng)
        lead, zero = MA.majorana_msq_parts(ch, masses, GENERIC, pt.invariants)
        assert np.all(zero == 0)
        # physical moments: the field-theory matrix of the reference is half of them
        ref = H.majorana_msq_reference(*pt.momenta, (ch.solar, ch.relic, *ch.final), masses,
                                       MA.FIELD_MATRIX_FACTOR * GENERIC)
        assert np.all(ref > 0), ch.label
        scale = np.maximum(ref, np.median(ref))
        assert np.max(np.abs(lead - ref) / scale) < 1e-4, ch.label


@pytest.mark.slow
@needs_form
@pytest.mark.parametrize("E", [10.0, 1e3])     # near threshold and E/m ~ 1e3 (8 s each)
def test_full_form_against_spinors(E):
    """The full FORM result (masses in numerators and propagators, twelve denominators) equals
    the spinor reference to 1e-9 for every ordered (a, b, c, d) with a diagram, masses ~1 eV,
    off the poles."""
    plain, _ = MS.full_result()
    masses = np.array([0.7, 1.2, 1.5])
    rng = np.random.default_rng(int(E))
    tested = 0
    for states in itertools.product((1, 2, 3), repeat=4):
        g = MA.majorana_couplings(states, GENERIC)
        if not np.any(g):
            continue
        ms = tuple(float(masses[s - 1]) for s in states)
        pt = generic_points(E, ms, 10, rng)
        full = 2 * C.G_F**2 * MS.evaluate(plain, MS.namespace(pt.invariants, ms, g))
        ref = H.majorana_msq_reference(*pt.momenta, states, masses, GENERIC)
        np.testing.assert_allclose(full, ref, rtol=1e-9, err_msg=str(states))
        tested += 1
    assert tested == 60          # the 39 channels, each order of a pair of different states


def test_channel_enumeration_generic():
    """Listed channels are exactly the (a, b, c <= d) with a nonzero diagram; the others give a
    spinor |M|^2 of exactly zero; symmetry factor 1/2 exactly for c == d; Majorana relics."""
    chans = MA.majorana_channels(GENERIC)
    listed = {(ch.solar, ch.relic, *ch.final) for ch in chans}
    rng = np.random.default_rng(3)
    masses = (0.7, 1.2, 1.5)
    for a, b, c, d in itertools.product((1, 2, 3), repeat=4):
        if d < c:
            continue
        has = bool(np.any(MA.majorana_couplings((a, b, c, d), GENERIC)))
        assert has == ((a, b, c, d) in listed)
        if not has:
            pt = generic_points(30.0, tuple(masses[s - 1] for s in (a, b, c, d)), 3, rng)
            assert np.all(H.majorana_msq_reference(*pt.momenta, (a, b, c, d), masses, GENERIC) == 0.0)
    for ch in chans:
        assert not ch.relic_is_antineutrino
        assert ch.final[0] <= ch.final[1]
        assert ch.symmetry_factor == (0.5 if ch.final[0] == ch.final[1] else 1.0)
    assert len(listed) == len(chans)
    # no diagonal moment: nu_a nu_a -> nu_a nu_a has no photon
    assert all((s, s, s, s) not in listed for s in (1, 2, 3))


def test_single_transition_moment():
    """Only mu_12: every channel has a line whose ends are states 1 and 2 while the other line of
    the same contraction keeps its state; the contraction label lists those contractions."""
    mu = np.zeros((3, 3), dtype=complex)
    mu[0, 1], mu[1, 0] = 1j, -1j
    pairings = {"t": ((1, 3), (2, 4)), "u": ((1, 4), (2, 3)), "s": ((1, 2), (3, 4))}
    expected = {}
    for a, b, c, d in itertools.product((1, 2, 3), repeat=4):
        if d < c:
            continue
        st = {1: a, 2: b, 3: c, 4: d}
        kinds = sorted(kind for kind, lines in pairings.items()
                       if any({st[x] for x in lines[i]} == {1, 2} and st[lines[1 - i][0]] == st[lines[1 - i][1]]
                              for i in (0, 1)))
        if kinds:
            expected[(a, b, c, d)] = "+".join(kinds)
    got = {(ch.solar, ch.relic, *ch.final): ch.contraction for ch in MA.majorana_channels(mu)}
    assert got == expected
    assert got[(1, 1, 1, 2)] == "s+t+u"          # the transition on either line of every pairing
    assert got[(1, 2, 3, 3)] == "s"              # annihilation nu_1 nu_2 -> nu_3 nu_3
    assert got[(1, 3, 2, 3)] == "t"              # the solar line turns 1 -> 2
    assert got[(3, 1, 2, 3)] == "u"
    assert got[(3, 3, 1, 2)] == "s"              # nu_3 nu_3 annihilate into nu_1 nu_2
    # state 3 sits only on a bare line, which has it at both ends
    assert all((a, b, c, d).count(3) in (0, 2) for a, b, c, d in got)


@pytest.mark.slow
@needs_form
def test_generated_code_is_reproduced_by_form():
    assert MS.generate() == MS.GENERATED.read_text(), \
        "nubrems/_msq_majorana_generated.py is stale: run `python -m nubrems.amplitudes.majorana_form`"


@pytest.mark.parametrize("matrix, message", [
    (MU * np.array([[0, 1, 0], [1, 0, 0], [0, 0, 0]]), "antisymmetric; mu_12"),
    (MU * np.array([[1j, 1j, 0], [-1j, 0, 0], [0, 0, 0]]), "mu_11 = .* must vanish"),
    (MU * np.array([[0, 1, 0], [-1, 0, 0], [0, 0, 0]]), "purely imaginary"),
    (np.zeros((3, 3)), "zero"),
    (np.eye(2), "3 x 3"),
    (np.full((3, 3), np.nan), "finite"),
])
def test_bad_matrices_are_refused(matrix, message):
    with pytest.raises(ValueError, match=message):
        MA.majorana_channels(matrix)
    with pytest.raises(ValueError, match=message):
        MA.majorana_couplings((1, 1, 1, 2), matrix)


def test_bad_channel_input_is_refused():
    pt = generic_points(1e6, (0.01, 0.01, 0.01, 0.02), 3, np.random.default_rng(1))
    masses = (0.01, 0.02, 0.03)
    with pytest.raises(ValueError, match="relic_is_antineutrino"):
        MA.majorana_msq_parts(Channel(1, 1, True, (1, 2), "s+t+u", 1.0), masses, GENERIC, pt.invariants)
    with pytest.raises(ValueError, match="lacks"):
        MA.majorana_msq_parts(Channel(1, 1, False, (1, 2), "s+t+u", 1.0), masses, GENERIC, {"p1p2": 1.0})
    with pytest.raises(ValueError, match="states"):
        MA.majorana_couplings((1, 1, 4, 2), GENERIC)
