"""Three Dirac mass states in the explicit-spinor reference: helicity.channel_msq_reference.

The one-flavour limit, on-shell events with four different masses, the Kronecker deltas of
the diagonal neutral current, Fermi antisymmetry, gauge invariance, the index orientation
of the moment matrix, Fierz relations between contractions, and the quadratic dependence on
the moments."""

import itertools

import numpy as np
import pytest

from nubrems.amplitudes import dirac as A
from nubrems.amplitudes import helicity as H
from nubrems.core import constants as C
from nubrems.flavour import channels
from nubrems.kinematics import vectors as K

MU0 = 6e-12 * C.MU_B
MASSES = (0.1, 0.23, 0.05)     # m_1, m_2, m_3 in eV (distinct)


# --- events ---------------------------------------------------------------------------------
def _lambda(x, y, z):
    return (x - y - z) ** 2 - 4 * y * z


def _unit(rng, n):
    c, phi = rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n)
    s = np.sqrt((1 - c) * (1 + c))
    return np.stack([s * np.cos(phi), s * np.sin(phi), c], axis=-1)


def _two_body(M, ma, mb, n_hat):
    """Momenta of a (along n_hat) and b in the rest frame of mass M (n_hat of shape (n, 3))."""
    q = np.sqrt(_lambda(M * M, ma * ma, mb * mb)) / (2 * M)
    pa = np.concatenate([np.sqrt(q * q + ma * ma)[:, None], q[:, None] * n_hat], axis=-1)
    pb = np.concatenate([np.sqrt(q * q + mb * mb)[:, None], -q[:, None] * n_hat], axis=-1)
    return pa, pb


def cm_events(root_s, leg_masses, n, rng):
    """CM events p1 + p2 -> p3 + p4 + k for masses (m1, m2, m3, m4): p1 along +z, random photon
    energy and direction, p3 at a random direction in the (p3 p4) rest frame, boosted back."""
    m1, m2, m3, m4 = leg_masses
    z_hat = np.tile([0.0, 0.0, 1.0], (n, 1))
    p1, p2 = _two_body(np.full(n, float(root_s)), m1, m2, z_hat)
    M = (m3 + m4) + (root_s - m3 - m4) * rng.uniform(0.02, 0.98, n)   # pair mass
    w = (root_s - M) * (root_s + M) / (2 * root_s)
    k = np.concatenate([w[:, None], w[:, None] * _unit(rng, n)], axis=-1)
    p3_pair, p4_pair = _two_body(M, m3, m4, _unit(rng, n))
    beta = -k[:, 1:] / (root_s - w)[:, None]
    return p1, p2, K.boost(p3_pair, beta), K.boost(p4_pair, beta), k


def leg_masses(states):
    return tuple(MASSES[s - 1] for s in states)


def hermitian_mu(rng):
    X = rng.normal(size=(3, 3)) + 1j * rng.normal(size=(3, 3))
    return 0.5 * (X + X.conj().T) * MU0


def msq(p, states, mu, anti, masses=MASSES):
    return H.channel_msq_reference(*p, states=states, masses=masses, mu=mu, relic_antineutrino=anti)


def test_cm_events_are_on_shell_and_conserve_momentum():
    rng = np.random.default_rng(1)
    ms = (0.1, 0.23, 0.05, 0.3)
    p = cm_events(4.0, ms, 200, rng)
    np.testing.assert_allclose(p[0] + p[1], p[2] + p[3] + p[4], atol=1e-14 * 4.0)
    np.testing.assert_allclose(p[0][:, 1:] + p[1][:, 1:], 0, atol=1e-15)       # CM frame
    for v, m in zip(p, (*ms, 0.0), strict=True):
        np.testing.assert_allclose(K.dot(v, v), m * m, atol=1e-13)
    assert np.all(p[4][:, 0] > 0)


# --- one flavour ----------------------------------------------------------------------------
@pytest.mark.parametrize("process, anti", [("nunu", False), ("nunubar", True)])
@pytest.mark.parametrize("E, m", [(1e3, 0.1), (1e6, 0.1), (20e6, 1e-3)])
def test_one_flavour_limit(process, anti, E, m):
    """Equal masses, mu = mu0 * identity, states (1, 1, 1, 1): the one-flavour references."""
    rng = np.random.default_rng(7)
    n = 60
    p1, p2 = K.beam_cm(E, m)
    wmax = (float(K.sqrt_s(E, m)) ** 2 - 4 * m * m) / (2 * float(K.sqrt_s(E, m)))
    p3, p4, k = K.three_body_cm(E, m, wmax * rng.uniform(1e-3, 0.999, n), rng.uniform(-1, 1, n),
                                rng.uniform(0, 6.3, n), rng.uniform(-1, 1, n), rng.uniform(0, 6.3, n))
    p = (np.broadcast_to(p1, p3.shape), np.broadcast_to(p2, p3.shape), p3, p4, k)
    ch = msq(p, (1, 1, 1, 1), MU0 * np.eye(3), anti, masses=(m, m, m))
    np.testing.assert_allclose(ch, H.msq_reference(process, *p, m, MU0), rtol=1e-12)
    # and the FORM closed form, which shares no code with the spinor engine
    np.testing.assert_allclose(ch, A.msq(process, *p, m=m, mu=MU0), rtol=1e-9)
    # the other mass states with their own (equal) masses and moments give the same
    for s in (2, 3):
        np.testing.assert_allclose(msq(p, (s,) * 4, MU0 * np.eye(3), anti, masses=(m, m, m)), ch, rtol=1e-12)


# --- the Kronecker deltas -------------------------------------------------------------------
def test_forbidden_channels_vanish_exactly():
    """With a diagonal moment matrix the photon never changes the mass state, so exactly the weak
    channels of nubrems.flavour.channels survive; all others are exactly zero."""
    rng = np.random.default_rng(3)
    mu = np.diag([1.0, -0.7, 0.4]) * MU0
    allowed = {(ch.relic_is_antineutrino, (ch.solar, ch.relic, *ch.final)) for ch in channels.weak_channels(3)}
    # nu nu: channels lists the unordered final pair once; (a, b, b, a) is (a, b, a, b) with p3 <-> p4
    allowed |= {(False, (a, b, d, c)) for anti, (a, b, c, d) in allowed if not anti}
    seen = set()
    for anti in (False, True):
        for states in itertools.product((1, 2, 3), repeat=4):
            p = cm_events(3.0, leg_masses(states), 2, rng)
            value = msq(p, states, mu, anti)
            if (anti, states) in allowed:
                assert np.all(value > 0), (anti, states)
                seen.add((anti, states))
            else:
                assert np.all(value == 0.0), (anti, states)
    assert seen == allowed
    # (1, 2, 2, 1) is the u-type contraction of (1, 2, 1, 2), with the final momenta exchanged
    p = cm_events(3.0, leg_masses((1, 2, 2, 1)), 5, rng)
    np.testing.assert_allclose(msq(p, (1, 2, 2, 1), mu, False), msq((p[0], p[1], p[3], p[2], p[4]), (1, 2, 1, 2),
                                                                      mu, False), rtol=1e-12)
    # the example of the brief: (1, 2, 1, 1) needs a transition on leg 4 or 2
    p = cm_events(3.0, leg_masses((1, 2, 1, 1)), 5, rng)
    assert np.all(msq(p, (1, 2, 1, 1), mu, False) == 0.0)
    assert np.all(msq(p, (1, 2, 1, 1), mu + 0.3 * MU0 * (np.eye(3)[[1, 0, 2]]), False) > 0)


@pytest.mark.parametrize("anti, states, entry", [
    (False, (1, 1, 2, 1), (2, 1)),   # neutrino line 1 -> 3: mu[out, in] = mu[c, a]
    (False, (1, 2, 1, 3), (3, 2)),   # neutrino line 2 -> 4: mu[d, b]
    (True, (1, 2, 1, 3), (2, 3)),    # antineutrino line 2 -> 4: mu[in, out] = mu[b, d]
    (True, (1, 2, 3, 3), (2, 1)),    # annihilation nu_1 nubar_2 with the photon on leg 1 or 2: mu[b, a]
    (True, (1, 1, 3, 2), (3, 2)),    # creation nu_3 nubar_2 with the photon on leg 3 or 4: mu[c, d]
])
def test_index_orientation_of_the_moment_matrix(anti, states, entry):
    """A (non-Hermitian) matrix with a single entry: the channel sees mu_xy but not mu_yx."""
    rng = np.random.default_rng(11)
    p = cm_events(3.0, leg_masses(states), 10, rng)
    x, y = entry
    single = np.zeros((3, 3), dtype=complex)
    single[x - 1, y - 1] = (0.6 - 0.8j) * MU0
    assert np.all(msq(p, states, single, anti) > 0)
    assert np.all(msq(p, states, single.T, anti) == 0.0)
    # only |mu_xy| matters, and the rest of a Hermitian matrix does not enter this channel
    mu = hermitian_mu(rng)
    mu[x - 1, y - 1], mu[y - 1, x - 1] = single[x - 1, y - 1], np.conj(single[x - 1, y - 1])
    np.testing.assert_allclose(msq(p, states, mu, anti), msq(p, states, np.abs(single), anti), rtol=1e-12)


# --- symmetries -----------------------------------------------------------------------------
@pytest.mark.parametrize("states, masses", [((1, 1, 1, 1), (0.1, 0.1, 0.1)), ((1, 2, 2, 2), MASSES),
                                            ((2, 1, 1, 1), MASSES), ((3, 2, 2, 2), MASSES)])
def test_fermi_antisymmetry_of_identical_final_neutrinos(states, masses):
    """nu nu: exchanging (p3, h3) <-> (p4, h4) of two identical final neutrinos flips the sign."""
    rng = np.random.default_rng(13)
    mu = hermitian_mu(rng)
    p1, p2, p3, p4, k = cm_events(2.0, tuple(masses[s - 1] for s in states), 40, rng)
    for eps in H.photon_polarisations(k):
        for h2, h3, h4 in itertools.product((1, -1), repeat=3):
            a = H.channel_amplitudes(p1, p2, p3, p4, k, states, masses, mu, (h2, h3, h4), eps)
            b = H.channel_amplitudes(p1, p2, p4, p3, k, states, masses, mu, (h2, h4, h3), eps)
            assert np.max(np.abs(a)) > 0
            np.testing.assert_allclose(b, -a, rtol=1e-12, atol=1e-12 * np.max(np.abs(a)))


@pytest.mark.parametrize("anti", [False, True])
def test_gauge_invariance(anti):
    """eps -> k gives zero in every channel with distinct masses (relative to eps physical)."""
    rng = np.random.default_rng(17)
    mu = hermitian_mu(rng)
    tested = 0
    for states in [(1, 1, 1, 1), (1, 2, 2, 2), (1, 2, 1, 3), (2, 2, 3, 3), (2, 2, 3, 2), (1, 3, 2, 3),
                   (3, 1, 3, 1)]:
        p = cm_events(3.0, leg_masses(states), 30, rng)
        k = p[4]
        e1, _ = H.photon_polarisations(k)
        for h in [(1, -1, 1), (-1, 1, 1), (-1, -1, -1)]:
            phys = np.abs(H.channel_amplitudes(*p, states, MASSES, mu, h, e1, relic_antineutrino=anti))
            longitudinal = np.abs(H.channel_amplitudes(*p, states, MASSES, mu, h, k / k[:, :1],
                                                       relic_antineutrino=anti))
            if phys.max() == 0:   # a channel closed by the deltas (nu nu -> nu_3 nu_3 from nu_2 nu_2)
                assert np.all(longitudinal == 0)
                continue
            tested += 1
            assert np.all(longitudinal <= 1e-12 * phys.max())
    assert tested >= 15


@pytest.mark.parametrize("anti", [False, True])
def test_hermitian_moments_mirror_symmetry_and_transpose(anti):
    """Every Dirac channel has either a single moment entry or only diagonal (real) ones, so no
    relative phase of two moments can enter: with a complex Hermitian mu, |M|^2 is the same
    for mu and mu^T = mu*, and the same for an event and its mirror image (y -> -y), i.e. it
    has no T-odd part. It is positive; the sum over event and mirror image too."""
    rng = np.random.default_rng(19)
    mu = hermitian_mu(rng)
    assert np.abs(mu - mu.T).max() > 0.1 * MU0       # complex, not real-symmetric

    def mirror(v):
        return v * np.array([1.0, 1.0, -1.0, 1.0])

    for states in [(1, 2, 2, 2), (1, 1, 2, 1), (1, 2, 1, 3), (1, 2, 1, 2), (3, 3, 3, 3), (1, 1, 1, 2),
                   (2, 2, 3, 3), (3, 1, 3, 1)]:
        p = cm_events(3.0, leg_masses(states), 20, rng)
        value = msq(p, states, mu, anti)
        if np.all(value == 0):
            continue
        mirrored = msq([mirror(v) for v in p], states, mu, anti)
        assert np.all(value > 0) and np.all(value + mirrored > 0)
        np.testing.assert_allclose(msq(p, states, mu.T, anti), value, rtol=1e-12)
        np.testing.assert_allclose(mirrored, value, rtol=1e-12)
    # a non-Hermitian (unphysical) matrix does tell mu from mu^T: orientation is live
    bad = mu.copy()
    bad[1, 0] *= 3.0
    p = cm_events(3.0, leg_masses((1, 1, 2, 1)), 5, rng)
    ratio = msq(p, (1, 1, 2, 1), bad, anti) / msq(p, (1, 1, 2, 1), bad.T, anti)
    np.testing.assert_allclose(ratio, 9.0, rtol=1e-12)


@pytest.mark.parametrize("anti", [False, True])
def test_lorentz_invariance_along_the_beam(anti):
    """|M|^2 with four different masses is the same after a boost along the solar direction
    (which keeps the solar helicity): the masses of spinors, products and propagators agree."""
    rng = np.random.default_rng(23)
    mu = hermitian_mu(rng)
    for states in [(1, 2, 2, 2), (1, 2, 3, 2), (3, 1, 2, 2), (2, 2, 1, 1)]:
        ms = leg_masses(states)
        p = cm_events(2.0, ms, 30, rng)
        value = msq(p, states, mu, anti)
        if np.all(value == 0):
            continue
        boosted = [K.boost_z(v, 50.0, m) for v, m in zip(p, (*ms, 0.0), strict=True)]
        np.testing.assert_allclose(msq(boosted, states, mu, anti), value, rtol=1e-9)


# --- Fierz relations and the moment dependence ----------------------------------------------
@pytest.mark.parametrize("anti, process, family", [
    (False, "nunu", "abab"),        # nu_a nu_b -> nu_a nu_b, a != b: T contraction only
    (True, "nunubar", "aacc"),      # nu_a nubar_a -> nu_c nubar_c, a != c: s-type only
    (True, "nunubar", "abab"),      # nu_a nubar_b -> nu_a nubar_b, a != b: T only
])
def test_single_contraction_is_a_quarter_of_one_flavour(anti, process, family):
    """With the (V-A)x(V-A) Fierz identity U = -T exactly (also with the photon attached, as the
    dressed spinor is just another spinor), so |T - U|^2 = 4 |T|^2 at equal masses, mu = mu0 1."""
    rng = np.random.default_rng(29)
    m = 0.1
    ms = (m, m, m)
    p = cm_events(50.0, (m,) * 4, 80, rng)
    one = H.msq_reference(process, *p, m, MU0)
    for a, b in itertools.permutations((1, 2, 3), 2):
        states = (a, b, a, b) if family == "abab" else (a, a, b, b)
        np.testing.assert_allclose(msq(p, states, MU0 * np.eye(3), anti, masses=ms), 0.25 * one, rtol=1e-12)


@pytest.mark.parametrize("anti", [False, True])
def test_quadratic_form_in_the_moments(anti):
    """(1, 2, 1, 2) with mu = diag(x, y, z): legs 1, 3 carry x, legs 2, 4 carry y, so
    |M|^2 = P x^2 + Q y^2 + R x y; three evaluations predict the others; z does not enter."""
    rng = np.random.default_rng(31)
    states = (1, 2, 1, 2)
    p = cm_events(3.0, leg_masses(states), 25, rng)

    def f(x, y, z=0.0):
        return msq(p, states, np.diag([x, y, z]) * MU0, anti)

    P, Q = f(1.0, 0.0), f(0.0, 1.0)
    R = f(1.0, 1.0) - P - Q
    assert np.all(P > 0) and np.all(Q > 0) and np.max(np.abs(R)) > 1e-6 * np.max(P)
    for x, y in [(2.0, -3.0), (-0.4, 1.7), (5.0, 0.5)]:
        np.testing.assert_allclose(f(x, y, z=7.0), P * x * x + Q * y * y + R * x * y, rtol=1e-10)
    # overall mu^2 scaling of any matrix
    mu = hermitian_mu(rng)
    np.testing.assert_allclose(msq(p, states, 3.0 * mu, anti), 9.0 * msq(p, states, mu, anti), rtol=1e-13)


def test_bad_inputs():
    p = cm_events(3.0, (0.1,) * 4, 2, np.random.default_rng(1))
    with pytest.raises(ValueError, match="states"):
        H.channel_msq_reference(*p, states=(1, 2, 4, 1), masses=MASSES, mu=np.eye(3))
    with pytest.raises(ValueError, match="states"):
        H.channel_msq_reference(*p, states=(1, 2, 1), masses=MASSES, mu=np.eye(3))
    with pytest.raises(ValueError, match="masses"):
        H.channel_msq_reference(*p, states=(1, 1, 1, 1), masses=(0.1, -0.1, 0.1), mu=np.eye(3))
    with pytest.raises(ValueError, match="3 x 3"):
        H.channel_msq_reference(*p, states=(1, 1, 1, 1), masses=MASSES, mu=np.eye(2))


# --- Majorana -------------------------------------------------------------------------------
def majorana_mu(rng):
    X = rng.normal(size=(3, 3))
    return 1j * (X - X.T) * MU0      # antisymmetric, purely imaginary (and Hermitian)


ALTERNATIVE_FLOWS = [
    {"13": ((1, 3), (2, 4)), "14": ((4, 1), (2, 3)), "12": ((1, 2), (4, 3))},
    {"13": ((3, 1), (2, 4)), "14": ((1, 4), (3, 2)), "12": ((2, 1), (4, 3))},
]


@pytest.mark.parametrize("states", [(1, 2, 3, 3), (1, 1, 2, 3), (1, 2, 1, 3), (2, 3, 1, 1), (1, 1, 1, 2)])
def test_majorana_independent_of_the_fermion_flow(states):
    """Reversing lines (u <-> v = C ubar^T, sign of the spinor permutation) changes nothing, even
    the helicity amplitudes."""
    rng = np.random.default_rng(37)
    mu = majorana_mu(rng)
    p = cm_events(3.0, leg_masses(states), 10, rng)
    e1, _ = H.photon_polarisations(p[4])
    value = H.majorana_msq_reference(*p, states=states, masses=MASSES, mu=mu)
    assert np.all(value > 0)
    for flows in ALTERNATIVE_FLOWS:
        np.testing.assert_allclose(H.majorana_msq_reference(*p, states=states, masses=MASSES, mu=mu, flows=flows),
                                   value, rtol=1e-12)
        for h in [(1, -1, 1), (-1, -1, -1)]:
            a = H.majorana_amplitudes(*p, states, MASSES, mu, h, e1)
            b = H.majorana_amplitudes(*p, states, MASSES, mu, h, e1, flows=flows)
            np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-12 * np.abs(a).max())
    with pytest.raises(ValueError, match="flow"):
        H.majorana_amplitudes(*p, states, MASSES, mu, (1, 1, 1), e1, flows={"13": ((1, 2), (3, 4))})


@pytest.mark.parametrize("states", [(1, 2, 3, 3), (2, 3, 1, 1), (1, 2, 2, 2)])
def test_majorana_fermi_antisymmetry_and_gauge_invariance(states):
    rng = np.random.default_rng(41)
    mu = majorana_mu(rng)
    p1, p2, p3, p4, k = cm_events(2.0, leg_masses(states), 20, rng)
    e1, e2 = H.photon_polarisations(k)
    for eps in (e1, e2):
        for h2, h3, h4 in itertools.product((1, -1), repeat=3):
            a = H.majorana_amplitudes(p1, p2, p3, p4, k, states, MASSES, mu, (h2, h3, h4), eps)
            b = H.majorana_amplitudes(p1, p2, p4, p3, k, states, MASSES, mu, (h2, h4, h3), eps)
            scale = np.abs(a).max()
            assert scale > 0
            np.testing.assert_allclose(b, -a, rtol=1e-12, atol=1e-12 * scale)
            longitudinal = H.majorana_amplitudes(p1, p2, p3, p4, k, states, MASSES, mu, (h2, h3, h4), k / k[:, :1])
            assert np.all(np.abs(longitudinal) <= 1e-12 * scale)


def test_majorana_has_no_diagonal_moments():
    """Only transition moments: with mu antisymmetric, elastic nu_1 nu_1 -> nu_1 nu_1 gamma is zero,
    and a (non-physical) diagonal matrix gives zero everywhere."""
    rng = np.random.default_rng(43)
    p = cm_events(3.0, leg_masses((1, 1, 1, 1)), 4, rng)
    assert np.all(H.majorana_msq_reference(*p, states=(1, 1, 1, 1), masses=MASSES, mu=majorana_mu(rng)) == 0)
    p = cm_events(3.0, leg_masses((1, 1, 2, 3)), 4, rng)
    assert np.all(H.majorana_msq_reference(*p, states=(1, 1, 2, 3), masses=MASSES, mu=np.eye(3) * MU0) == 0)


@pytest.mark.parametrize("states", [(1, 2, 1, 3), (1, 2, 3, 3), (1, 1, 2, 3), (2, 3, 2, 2)])
def test_majorana_ultra_relativistic_limit_leg_by_leg(states):
    """E >> m for every particle (CM energy 1e6 x the masses): with the photon on leg L = 2, 3, 4,
    |M_L(Majorana)|^2 = 4 x [Dirac nu_a nu_b -> nu_c nu_d + nu_a nubar_b -> nu_c nubar_d
    + nu_a nubar_b -> nubar_c(p3) nu_d(p4)], each with the photon on the same leg and the same
    matrix mu. The solar leg radiates only for Majorana (Dirac: mass-suppressed), and the legs
    of one line interfere, so the full |M|^2 is not a sum of Dirac channels."""
    rng = np.random.default_rng(47)
    mu = majorana_mu(rng)
    a, b, c, d = states
    p = cm_events(1e6, leg_masses(states), 8, rng)
    swapped = (p[0], p[1], p[3], p[2], p[4])
    legs_seen = 0
    for leg in (2, 3, 4):
        maj = H.majorana_msq_reference(*p, states=states, masses=MASSES, mu=mu, radiating_legs=(leg,))
        other = {2: 2, 3: 4, 4: 3}[leg]
        dirac = (msq_leg(p, states, mu, False, leg) + msq_leg(p, states, mu, True, leg)
                 + msq_leg(swapped, (a, b, d, c), mu, True, other))
        if np.all(maj == 0):
            assert np.all(dirac == 0)
            continue
        legs_seen += 1
        np.testing.assert_allclose(maj, 4.0 * dirac, rtol=1e-6)
    assert legs_seen >= 1
    # the solar leg: Majorana radiates at full strength, Dirac is suppressed by ~(m/E)^2
    maj1 = H.majorana_msq_reference(*p, states=states, masses=MASSES, mu=mu, radiating_legs=(1,))
    dirac1 = msq_leg(p, states, mu, False, 1) + msq_leg(p, states, mu, True, 1)
    if np.any(maj1 > 0):
        assert np.all(dirac1 < 1e-6 * maj1)


def msq_leg(p, states, mu, anti, leg):
    return H.channel_msq_reference(*p, states=states, masses=MASSES, mu=mu, relic_antineutrino=anti,
                                   radiating_legs=(leg,))
