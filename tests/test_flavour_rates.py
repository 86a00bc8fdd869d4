"""Three-flavour rates: the one-state limit, the degenerate factor 2, MSW tables, results, input."""

import json

import numpy as np
import pytest

from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.flavour.channels import weak_channels
from nubrems.kinematics import binning
from nubrems.rates import one_flavour as rates
from nubrems.rates import three_flavour as FR
from nubrems.sun import msw

X = np.random.default_rng(7).random((3000, 6))
EDGES = (binning.energy_edges(), binning.angle_edges())


def ones(E_MeV):
    """Every solar neutrino arrives as mass state 1."""
    P = np.zeros((*np.shape(E_MeV), 3))
    P[..., 0] = 1.0
    return P


def one_flavour_weight(component, p):
    return rates.integrand(component, p, *EDGES).point(X)[0]


def three_flavour_weight(component, p, masses, n_states, probabilities):
    f = FR.integrand(component, p, masses, p.mu_nu * np.eye(3), weak_channels(n_states), probabilities, *EDGES)
    weight, (energy, angle) = f.point(X)
    assert weight.shape == energy.shape == angle.shape == (len(X), len(weak_channels(n_states)))
    return weight


@pytest.mark.parametrize("component", ["pp", "7Be", "8B"])
def test_one_state_switched_on_is_the_one_flavour_rate(component):
    p = Params(m_nu_eV=0.1)
    one = one_flavour_weight(component, p)
    three = three_flavour_weight(component, p, [0.1, 0.2, 0.3], 1, ones).sum(axis=1)
    np.testing.assert_allclose(three, one, rtol=1e-8, atol=1e-12 * one.max())


@pytest.mark.parametrize("component", ["pp", "8B"])
def test_three_degenerate_states_give_twice_one_flavour(component):
    """Flavour-blind neutral current at equal masses and a universal moment: on nu_j != nu_i a
    solar nu_i has the t-type contraction only (half the identical-particle cross section),
    so sigma(nu_i on all nu_j) = 2 sigma(nu nu); on the antineutrinos s+t, two s-only and two
    t-only channels add to 2 sigma(nu nubar) as well."""
    p = Params(m_nu_eV=0.1)
    one = one_flavour_weight(component, p)
    # any P_i summing to 1: at equal masses every solar state is the same
    three = three_flavour_weight(component, p, [0.1] * 3, 3, lambda E: np.full((*np.shape(E), 3), 1 / 3))
    np.testing.assert_allclose(three.sum(axis=1), 2 * one, rtol=1e-8, atol=1e-12 * one.max())


@pytest.mark.parametrize("component", ["pp", "7Be", "8B", "13N"])
def test_interpolated_mass_state_fractions(component):
    E = np.geomspace(0.01, 16.0, 37)
    table = FR.solar_mass_states(component, E, "inverted")
    direct = msw.mass_state_probabilities(component, E, "inverted")
    np.testing.assert_allclose(table, direct, atol=1e-7)
    np.testing.assert_allclose(table.sum(axis=-1), 1.0, atol=1e-12)


def test_rate_result_adds_up_and_serialises():
    p = Params(volume_km3=1.0, years=1.0)
    r = FR.flavour_rate(p, FR.FlavourSetup(lightest_mass_eV=0.05), components=["7Be"], rtol=0.05, jobs=1)
    total = sum(v for v, _ in r.by_channel.values())
    assert total == pytest.approx(r.photons, rel=1e-9)
    assert abs(sum(r.dN_dE["7Be"][0] * np.diff(r.energy_edges_MeV)) / r.photons - 1) < 0.02
    data = json.loads(json.dumps(r.as_dict(spectra=True)))
    assert data["flavours"]["ordering"] == "normal" and len(data["flavours"]["masses_eV"]) == 3
    assert set(data["by_channel"]) == {ch.label for ch in weak_channels(3)}
    # masses of the normal ordering from the lightest: the channels on the heaviest relic dominate
    assert data["flavours"]["masses_eV"][2] == pytest.approx(np.hypot(0.05, np.sqrt(2.534e-3)), rel=1e-9)
    assert r.photons > 0 and r.photons_err / r.photons < 0.05
    # the same bins as GVars (three-flavour runs keep no covariance: independent bins)
    g = r.gvars("energy")["7Be"]
    np.testing.assert_allclose([x.mean for x in g], r.dN_dE["7Be"][0], rtol=1e-12)
    np.testing.assert_allclose([x.sdev for x in g], r.dN_dE["7Be"][1], rtol=1e-9)
    assert r.photons_gvar().sdev == pytest.approx(r.photons_err, rel=1e-12)


@pytest.mark.parametrize("setup, message", [
    (FR.FlavourSetup(ordering="sideways"), "ordering must be one of normal, inverted"),
    (FR.FlavourSetup(lightest_mass_eV=-0.1), r"lightest_mass_eV = -0.1: allowed: \[0.001, 1\]"),
    (FR.FlavourSetup(lightest_mass_eV=1e-4), "relics at rest"),
    (FR.FlavourSetup(lightest_mass_eV=-1e-4, moving_relics=True), r"allowed: \[0, 1\]"),
    (FR.FlavourSetup(nature="majorana"), "universal puts moments on the diagonal"),
    (FR.FlavourSetup(nature="quark"), "nature must be one of dirac, majorana"),
    (FR.FlavourSetup(moments="sideways"), "moments must be one of universal"),
    (FR.FlavourSetup(moments="no/such.yaml"), "no such file"),
])
def test_bad_setups_name_the_setting(setup, message):
    with pytest.raises(ValueError, match=message):
        FR.flavour_rate(Params(), setup, components=["pp"], jobs=1)


def test_moment_scale_is_mu_nu():
    p = Params(mu_nu_muB=2e-12)
    mu = FR.FlavourSetup().moment_matrix_muB(p)
    np.testing.assert_allclose(np.diag(mu).real, 2e-12)
    assert C.MU_B > 0


@pytest.mark.parametrize("component", ["pp", "8B"])
def test_moving_relics_tend_to_relics_at_rest(component):
    """As T_nu / m -> 0 the relic momenta vanish: the moving-relic integrand at (x_solar,
    x_relic, x_phase_space) equals the at-rest one at (x_solar, x_phase_space)."""
    p = Params()
    masses = [0.01, 0.02, 0.05]
    channels = weak_channels(3)
    args = (component, p, masses, p.mu_nu * np.eye(3), channels, ones, *EDGES)
    x8 = np.random.default_rng(3).random((2000, FR.dimension(True)))
    x6 = np.delete(x8, [1, 2, 3], axis=1)
    at_rest, (e0, t0) = FR.integrand(*args).point(x6)
    cold, (e1, t1) = FR.integrand(*args, moving_relics=True, T_K=1e-9).point(x8)
    np.testing.assert_allclose(cold, at_rest, rtol=1e-7, atol=1e-12 * at_rest.max())
    np.testing.assert_allclose(e1, e0, rtol=1e-7)
    np.testing.assert_allclose(t1, t0, rtol=1e-7)
    warm, _ = FR.integrand(*args, moving_relics=True).point(x8)
    assert np.max(np.abs(warm / np.where(at_rest > 0, at_rest, 1) - 1)) > 1e-4   # T_nu does something


def test_moving_relic_kinematics_are_exact():
    """The rest-frame solar energy E' = p1.p2 / m2 and the flux factor 1/(4 E2 |p1|) from an
    explicit relic four-momentum."""
    from nubrems.flavour import relics
    from nubrems.rates.three_flavour import _moving

    m = (0.0, 1e-3, 0.0, 1e-3)
    E = np.full(5, 2e6)
    xr = np.array([[0.1, 0.0, 0.3], [0.5, 0.5, 0.1], [0.9, 1.0 - 1e-12, 0.7], [0.99, 0.25, 0.5], [0.3, 0.999, 0.9]])
    k = _moving(E, m, xr, np.full((5, 5), 0.5), relics.T_NU_K)
    pr = relics.sample_momenta(xr[:, 0])
    c = 2 * xr[:, 1] - 1
    E2 = np.hypot(pr, m[1])
    import mpmath as mp
    for i in range(5):
        p1p2 = mp.mpf(E[i]) * (mp.mpf(E2[i]) - mp.mpf(pr[i]) * mp.mpf(c[i]))   # massless solar state
        E_rest = float(p1p2 / m[1])
        assert k.point.invariants["p1p2"][i] == pytest.approx(float(p1p2), rel=1e-10)
        # collinear photon: Doppler factor of the solar neutrino, E / E'
        assert k.energy_lab[i] == pytest.approx(k.point.photon_energy_lab[i] * E[i] / E_rest, rel=1e-10)
        assert k.angle_lab[i] == pytest.approx(k.point.photon_angle_lab[i] * E_rest / E[i], rel=1e-10)
    np.testing.assert_allclose(k.flux_factor, 1 / (4 * E2 * E), rtol=1e-14)


def test_channel_cross_sections_against_closed_forms():
    """At equal masses every channel is a fixed fraction of a one-flavour closed-form cross
    section (leading part; the rest is ~1e-7): t+u 1, t on nu_j 1/2 (|M|^2/4, no 1/2 symmetry
    factor), s+t 1, s-only and t on nubar_j 1/4."""
    from nubrems.amplitudes.dirac_channels import radiative_channels
    from nubrems.rates import cross_sections as xsec

    p = Params(m_nu_eV=0.1)
    mu = p.mu_nu * np.eye(3)
    sig = FR.channel_cross_sections(1.0, [0.1] * 3, mu, radiative_channels(mu), rtol=3e-3, seed=2)
    closed = {pr: xsec.sigma_leading(pr, 1.0, p) for pr in ("nunu", "nunubar")}
    fraction = {("t+u", False): 1.0, ("t", False): 0.5, ("s+t", True): 1.0, ("s", True): 0.25, ("t", True): 0.25}
    for ch in radiative_channels(mu):
        value, error = sig[ch.label]
        expected = fraction[ch.contraction, ch.relic_is_antineutrino] * closed[
            "nunubar" if ch.relic_is_antineutrino else "nunu"]
        assert abs(value - expected) < 4 * error + 1e-6 * expected, ch.label
        assert error / value < 5e-3


@pytest.mark.slow
def test_majorana_rate_counts_both_helicities():
    """A Majorana mass state is one relic population of density n_nu + n_nubar; the channel
    sum is the total, and doubling both densities doubles the rate exactly."""
    setup = FR.FlavourSetup(nature="majorana", moments="transition-only")
    r = FR.flavour_rate(Params(), setup, components=["7Be"], rtol=0.05, jobs=1)
    assert r.photons > 0 and set(r.by_channel) == {ch.label for ch in FR.channels_for(
        np.asarray(setup.moment_matrix_muB(Params())), "majorana")}
    assert sum(v for v, _ in r.by_channel.values()) == pytest.approx(r.photons, rel=1e-9)
    only_nu = FR.flavour_rate(Params(n_nubar_cm3=0.0, n_nu_cm3=112.0), setup, components=["7Be"], rtol=0.05, jobs=1)
    assert only_nu.photons == pytest.approx(r.photons, rel=1e-12)      # only the sum matters
    double = FR.flavour_rate(Params(xi=2.0), setup, components=["7Be"], rtol=0.05, jobs=1)
    assert double.photons == pytest.approx(2 * r.photons, rel=1e-12)
    assert r.as_dict()["flavours"]["nature"] == "majorana"


def test_earth_velocity_through_the_relic_frame():
    """Cold relics (T -> 0) seen from an Earth moving with velocity beta all move with -beta:
    E' = p1.p2 / m2 = E gamma (1 + beta_z) for a massless solar neutrino along +z."""
    from nubrems.rates.three_flavour import _moving

    m = (0.0, 0.05, 0.0, 0.05)
    E = np.full(4, 1e6)
    xr = np.random.default_rng(1).random((4, 3))
    setup = FR.FlavourSetup(moving_relics=True, earth_velocity_kms=369.8, earth_angle_deg=60.0)
    beta = setup.earth_beta()
    assert np.hypot(beta[0], beta[2]) == pytest.approx(369.8 / 299792.458, rel=1e-9)
    k = _moving(E, m, xr, np.full((4, 5), 0.5), 1e-9, beta)
    gamma = 1 / np.sqrt(1 - beta @ beta)
    np.testing.assert_allclose(k.point.invariants["p1p2"], E * 0.05 * gamma * (1 + beta[2]), rtol=1e-9)
    np.testing.assert_allclose(k.flux_factor, 1 / (4 * 0.05 * gamma * E), rtol=1e-9)
    # no velocity: isotropic relics, the same as before the option existed
    k0 = _moving(E, m, xr, np.full((4, 5), 0.5), 1e-9, None)
    np.testing.assert_allclose(k0.point.invariants["p1p2"], E * 0.05, rtol=1e-9)


@pytest.mark.parametrize("setup, message", [
    (FR.FlavourSetup(earth_velocity_kms=370.0), "needs moving relics"),
    (FR.FlavourSetup(moving_relics=True, earth_velocity_kms=-1.0), "earth_velocity_kms = -1.0: allowed"),
    (FR.FlavourSetup(moving_relics=True, earth_velocity_kms=370.0, earth_angle_deg=200.0),
     "earth_angle_deg = 200.0: allowed"),
])
def test_bad_earth_velocity(setup, message):
    with pytest.raises(ValueError, match=message):
        setup.check(Params())
