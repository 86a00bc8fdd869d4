"""The leading-order three-flavour rate by quadrature: coefficients, limits, vegas, input."""

from fractions import Fraction

import numpy as np
import pytest

from nubrems.amplitudes import dirac_channels as CA
from nubrems.amplitudes import majorana as MA
from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.core.processes import SYMMETRY_FACTOR
from nubrems.flavour import moments
from nubrems.flavour.channels import Channel
from nubrems.kinematics.phasespace import ChannelMap
from nubrems.rates import cross_sections as xsec
from nubrems.rates import flavour_quadrature as FQ
from nubrems.rates import one_flavour
from nubrems.rates.three_flavour import FlavourSetup, channels_for, flavour_rate

MU = 6e-12
P6 = Params(mu_nu_muB=MU)


def entry(**kw):
    """A setup with mu_nu_muB as the size of each matrix entry."""
    return FlavourSetup(moment_scale="entry", **kw)


def matrix(preset, nature="dirac"):
    return moments.moment_matrix(preset, 1.0, nature)


class Degenerate(FlavourSetup):
    """Three states of one mass (not a physical spectrum: the exact one-flavour identity)."""

    def masses_eV(self):
        return np.full(3, self.lightest_mass_eV)


# --- closed forms and coefficients -----------------------------------------------------------
@pytest.mark.parametrize("process", ["nunu", "nunubar"])
@pytest.mark.parametrize("m", [0.01, 0.05, 0.5])
def test_vectorised_closed_form_is_sigma_leading(process, m):
    E_MeV = np.array([1e-5, 0.1, 0.862, 14.0])
    p = Params(m_nu_eV=m, mu_nu_muB=MU)
    got = FQ.sigma_one_flavour(process, E_MeV * C.MEV, m, p.mu_nu)
    want = [xsec.sigma_leading(process, float(E), p) for E in E_MeV]
    np.testing.assert_allclose(got, want, rtol=1e-12)
    assert FQ.sigma_one_flavour(process, [0.5 * m, m], m, p.mu_nu).tolist() == [0.0, 0.0]   # no phase space


def test_universal_dirac_coefficients():
    """One contraction carries half the couplings of t+u or s+t: the t-only nu_i nu_j channel
    has 1/4 of the squared couplings without the identical-particle 1/2, i.e. K = 1/2; on
    antineutrinos the t-only and s-only channels have K = 1/4; the one-flavour processes 1."""
    mu = matrix("universal")
    channels = channels_for(mu)
    K = FQ.channel_coefficients(channels, mu)
    want = {"t+u": 1.0, "s+t": 1.0, "t": 0.5, "s": 0.25}
    for ch, k in zip(channels, K, strict=True):
        expected = 0.25 if ch.relic_is_antineutrino and ch.contraction == "t" else want[ch.contraction]
        assert k == pytest.approx(expected, rel=1e-14), ch.label


def test_referee_fractions_of_transition_only_dirac():
    """The referee's fractions are the channel cross sections over the one-flavour nu nu
    cross section (with its 1/2): 5/6, 1/2, 1/3, 1/6 on relic neutrinos and, times
    sigma(nu nubar)/sigma(nu nu) = 3/4 at leading order, 3/8, 5/16, 1/8, 1/16 on antineutrinos."""
    mu = matrix("transition-only")
    channels = channels_for(mu)
    K = FQ.channel_coefficients(channels, mu)
    to_nunu = {False: Fraction(1), True: Fraction(3, 4)}
    fractions = {anti: sorted({Fraction(float(k)).limit_denominator(64) * to_nunu[anti]
                               for ch, k in zip(channels, K, strict=True) if ch.relic_is_antineutrino == anti})
                 for anti in (False, True)}
    assert fractions[False] == [Fraction(1, 6), Fraction(1, 3), Fraction(1, 2), Fraction(5, 6)]
    assert fractions[True] == [Fraction(1, 16), Fraction(1, 8), Fraction(5, 16), Fraction(3, 8)]
    ratio = FQ.sigma_one_flavour("nunubar", 1e7, 0.05, 1.0) / FQ.sigma_one_flavour("nunu", 1e7, 0.05, 1.0)
    assert ratio == pytest.approx(0.75, rel=1e-6)
    # the exact value of each channel: the multiple of 1/12 they come from
    for k in K:
        assert abs(12 * 4 * k - round(12 * 4 * k)) < 1e-12


def test_coefficients_scale_with_the_moments():
    mu = matrix("transition-only")
    channels = channels_for(mu)
    K = FQ.channel_coefficients(channels, mu)
    np.testing.assert_allclose(FQ.channel_coefficients(channels, 3 * mu, moment_scale=1.5), 4 * K, rtol=1e-14)
    mu_m = matrix("transition-only", "majorana")
    ch_m = channels_for(mu_m, "majorana")
    K_m = FQ.channel_coefficients(ch_m, mu_m, "majorana")
    np.testing.assert_allclose(FQ.channel_coefficients(ch_m, 2 * mu_m, "majorana", moment_scale=1.0), 4 * K_m,
                               rtol=1e-14)


def _rule_coefficients(channels, mu, nature, n=16):
    """sigma_ch / sigma1 of each channel by the Gauss rule at the reference point (equal masses)."""
    m, E = FQ.REFERENCE_MASS_EV, FQ.REFERENCE_ENERGY_MEV * C.MEV
    x, w = FQ.phase_space_rule(n)
    pt = ChannelMap(E, (m, m, m, m))(x)
    weight = w * pt.weight
    msq = MA.majorana_msq_parts if nature == "majorana" else CA.channel_msq_parts
    one = {p: CA.channel_msq_parts(ch, (m, m, m), np.eye(3), pt.invariants, G_F=1.0)[0] @ weight
           for p, ch in (("nunu", Channel(1, 1, False, (1, 1), "t+u", 0.5)),
                         ("nunubar", Channel(1, 1, True, (1, 1), "s+t", 1.0)))}
    out = []
    for ch in channels:
        process = FQ.process_of(ch, nature)
        lead, _ = msq(ch, (m, m, m), mu, pt.invariants, G_F=1.0)
        out.append(ch.symmetry_factor * (lead @ weight) / (SYMMETRY_FACTOR[process] * one[process]))
    return np.array(out)


@pytest.mark.parametrize("preset, nature", [("transition-only", "dirac"), ("flavour-diagonal", "dirac"),
                                                ("transition-only", "majorana")])
def test_coefficients_against_direct_quadrature(preset, nature):
    """Each channel's |M|^2 integrated on the same rule as the one-flavour |M|^2: the closed
    Dirac coefficients and the Majorana form (couplings, field factor 1/2) agree."""
    mu = matrix(preset, nature)
    channels = channels_for(mu, nature)[::4]
    scale = float(np.abs(mu).max())
    np.testing.assert_allclose(_rule_coefficients(channels, mu / scale, nature),
                               FQ.channel_coefficients(channels, mu, nature), rtol=2e-7)


# --- the Majorana quadratic form -------------------------------------------------------------
def test_majorana_form_converges_under_node_doubling():
    """8 -> 16 -> 32 Gauss nodes per half angle: 2e-3, then 2e-8; 16 nodes agree with the
    massless rationals to 1e-7 (the residual m/E of the reference point)."""
    B8, B16, B32 = (FQ.majorana_form_matrix(n) for n in (8, 16, 32))
    assert 1e-4 < np.abs(B8 - B32).max() < 5e-3
    assert np.abs(B16 - B32).max() < 1e-7
    np.testing.assert_allclose(B16, FQ.MAJORANA_FORM_LIMIT, atol=1e-7)
    assert np.array_equal(B16, B16.T) and not B16.flags.writeable
    assert FQ.majorana_form_matrix() is B16                     # cached


def test_phase_space_rule_integrates_the_volume():
    from nubrems.kinematics.phasespace import volume
    x, w = FQ.phase_space_rule(16)
    assert len(x) == 16 * 4 * 16**2 and w.sum() == pytest.approx(1.0, rel=1e-14)
    E, m = 1e7, 0.05
    # a flat integrand is the hardest case for the logarithmic angle maps (1e-7 here); the
    # ratios of |M|^2 integrals converge faster (test above)
    assert w @ ChannelMap(E, (m, m, m, m))(x).weight == pytest.approx(volume(E, m), rel=1e-6)


def test_majorana_channels_refuse_relic_antineutrinos():
    with pytest.raises(ValueError, match="relic_is_antineutrino"):
        FQ.channel_coefficients([Channel(1, 2, True, (1, 2), "t", 1.0)], matrix("transition-only", "majorana"),
                                "majorana")


# --- the rate: limits and identities ----------------------------------------------------------
def test_degenerate_universal_is_twice_one_flavour_exactly():
    """Equal masses and a universal moment: every solar state sees 2 sigma(nu nu) on the
    relic neutrinos and 2 sigma(nu nubar) on the antineutrinos (see test_flavour_rates), so
    the rate is twice the one-flavour leading-order rate on the same nodes, whatever P_i(E)."""
    m = 0.3
    comps = ["pp", "pep", "8B", "hep"]
    three = FQ.leading_flavour_rate(P6, Degenerate(lightest_mass_eV=m, moment_scale="entry"), comps, n_nodes=48)
    one = one_flavour.leading_order_rate(Params(m_nu_eV=m, mu_nu_muB=MU), comps, n_nodes=48)
    for c, v in one.items():
        assert three.by_component[c] == pytest.approx(2 * v, rel=1e-12), c


def test_quasi_degenerate_universal_is_bracketed_by_the_masses():
    """Real spectrum at a lightest mass of 0.5 eV: sigma ~ s^2 ~ m_relic^2, so the rate lies
    between 2 (m_1/m)^2 and 2 (m_3/m)^2 times one flavour at m = m_1."""
    s = entry(lightest_mass_eV=0.5)
    m1, _, m3 = s.masses_eV()
    ratio = (FQ.leading_flavour_rate(P6, s).photons
             / sum(one_flavour.leading_order_rate(Params(m_nu_eV=m1, mu_nu_muB=MU)).values()))
    assert 2.0 < ratio < 2 * (m3 / m1) ** 2


def test_rate_adds_up_and_scales():
    r = FQ.leading_flavour_rate(P6, entry(moments="transition-only"), ["pep", "8B"])
    assert r.photons == pytest.approx(sum(r.by_channel.values()), rel=1e-12)
    assert r.photons == pytest.approx(sum(r.by_component.values()), rel=1e-15)
    assert r.photons_per_km3_per_year == r.photons
    d = r.as_dict()
    assert d["flavours"]["moments"] == "transition-only" and d["method"] == "leading-order quadrature"
    r2 = FQ.leading_flavour_rate(Params(mu_nu_muB=2 * MU, xi=3.0, volume_km3=2.0), entry(moments="transition-only"),
                                 ["pep", "8B"])
    assert r2.photons == pytest.approx(4 * 3 * 2 * r.photons, rel=1e-12)
    assert r2.photons_per_km3_per_year == pytest.approx(4 * 3 * r.photons, rel=1e-12)


def test_majorana_counts_both_helicities():
    """Majorana relics: one population of n_nu + n_nubar per state, no antineutrino channels."""
    s = entry(moments="transition-only", nature="majorana")
    r = FQ.leading_flavour_rate(P6, s, ["7Be"])
    r_nu = FQ.leading_flavour_rate(Params(mu_nu_muB=MU, n_nubar_cm3=0.0), s, ["7Be"])
    assert r.photons == pytest.approx(r_nu.photons * (P6.n_nu_cm3 + P6.n_nubar_cm3) / P6.n_nu_cm3, rel=1e-12)
    assert all("ν̄" not in k for k in r.by_channel)


def test_warm_rate_is_fast():
    import time
    FQ.leading_flavour_rate(P6, entry(moments="transition-only", nature="majorana"))
    t = time.perf_counter()
    FQ.leading_flavour_rate(P6, entry(moments="transition-only", nature="majorana"))
    assert time.perf_counter() - t < 0.5


# --- against vegas ---------------------------------------------------------------------------
CASES = [("universal", "dirac"), ("flavour-diagonal", "dirac"), ("transition-only", "dirac"),
         ("transition-only", "majorana")]


def _against_vegas(preset, nature, ordering, components):
    s = entry(moments=preset, nature=nature, ordering=ordering)
    lo = FQ.leading_flavour_rate(P6, s, components)
    mc = flavour_rate(P6, s, components, rtol=0.02, jobs=1)
    assert set(lo.by_channel) == set(mc.by_channel)
    assert abs(lo.photons - mc.photons) < 3 * mc.photons_err, (lo.photons, mc.photons, mc.photons_err)
    for c in components:
        v, e = mc.by_component[c]
        assert abs(lo.by_component[c] - v) < 3 * e, c


@pytest.mark.parametrize("preset, nature", [
    pytest.param(*case, marks=pytest.mark.slow) if case[0] == "flavour-diagonal" else case for case in CASES])
def test_against_vegas_normal_ordering_pep(preset, nature):
    _against_vegas(preset, nature, "normal", ["pep"])


@pytest.mark.slow
@pytest.mark.parametrize("preset, nature", CASES)
@pytest.mark.parametrize("ordering", ["normal", "inverted"])
def test_against_vegas_7Be_8B(preset, nature, ordering):
    _against_vegas(preset, nature, ordering, ["7Be", "8B"])


# --- bad input -------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, message", [
    ({"setup": FlavourSetup(moving_relics=True)}, "moving_relics.*Monte Carlo"),
    ({"components": ["7Be", "9Be"]}, "component"),
    ({"n_nodes": 1}, "n_nodes"),
    ({"setup": FlavourSetup(nature="majorana")}, "universal"),
    ({"setup": FlavourSetup(ordering="sideways")}, "ordering"),
])
def test_bad_input_names_the_problem(kwargs, message):
    with pytest.raises(ValueError, match=message):
        FQ.leading_flavour_rate(**kwargs)


def test_bad_coefficient_input():
    mu = matrix("transition-only")
    with pytest.raises(ValueError, match="nature"):
        FQ.channel_coefficients(channels_for(mu), mu, "sterile")
    with pytest.raises(ValueError, match="antisymmetric"):
        FQ.channel_coefficients(channels_for(mu), mu, "majorana")
    with pytest.raises(ValueError, match="process"):
        FQ.sigma_one_flavour("nunununu", 1e6, 0.05, 1.0)
