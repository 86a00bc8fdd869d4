"""Relics in motion by quadrature (nubrems.rates.relic_motion): factor - 1 = 2 <p^2>/m^2 =
25.88 (T/m)^2 at leading order (not 12.9), independent of the solar energy; the Dirac
helicity term (5/9) <p>/m; vegas checks of both (slow)."""

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.special import zeta

from nubrems.core.params import Params
from nubrems.flavour import relics
from nubrems.rates import relic_motion as RM

T_EV = relics.temperature_eV()


def test_fermi_dirac_moments():
    """<p>/T and <p^2>/T^2 of relics.momentum_density by direct integration."""
    def moment(k):
        return quad(lambda p: p**k * float(relics.momentum_density(p)), 0, 80 * T_EV, epsabs=0, epsrel=1e-12)[0]

    assert moment(1) / moment(0) / T_EV == pytest.approx(RM.MEAN_P_T, rel=1e-9)
    assert moment(2) / moment(0) / T_EV**2 == pytest.approx(RM.MEAN_P2_T2, rel=1e-9)
    assert RM.MEAN_P2_T2 == pytest.approx(12.939, abs=1e-3)
    assert RM.COEFFICIENT == pytest.approx(30 * zeta(5) / zeta(3)) == pytest.approx(25.879, abs=1e-3)


@pytest.mark.parametrize("process", ["nunu", "nunubar"])
@pytest.mark.parametrize("m", [0.001, 0.01, 0.05, 0.1, 0.5, 2.0])
def test_factor_is_one_plus_two_p2_over_m2(m, process):
    """The quadrature with the exact sigma_leading of each node gives 1 + 2<p^2>/m^2 at every
    T/m (0.17 to 8e-5), to the O(m^2/s) of sigma_leading beyond s^2: (f - 1) m^2/T^2 = 25.88,
    twice <p^2>/T^2 = 12.94."""
    f = RM.moving_relic_factor(m, process=process)
    assert f - 1 == pytest.approx(RM.analytic_factor(m) - 1, rel=1e-5)
    assert (f - 1) * m * m / T_EV**2 == pytest.approx(25.879, rel=1e-4)
    assert (f - 1) * m * m / T_EV**2 > 1.9 * RM.MEAN_P2_T2


def test_small_temperature_limit_and_numbers():
    """factor - 1 -> COEFFICIENT (T/m)^2: 7.3e-3, 2.9e-4, 7.3e-5 at 0.01, 0.05, 0.1 eV."""
    for m, effect in ((0.01, 7.27e-3), (0.05, 2.91e-4), (0.1, 7.27e-5)):
        assert RM.moving_relic_factor(m) - 1 == pytest.approx(effect, rel=2e-3)
    for T_K in (0.2, 1.945, 20.0):
        t = relics.temperature_eV(T_K) / 0.5
        assert (RM.moving_relic_factor(0.5, T_K=T_K) - 1) / t**2 == pytest.approx(RM.COEFFICIENT, rel=1e-5)


def test_independent_of_the_solar_energy():
    """At leading order the factor does not depend on E, nor on the spectrum of a component."""
    ref = RM.moving_relic_factor(0.05)
    for E in (0.3, 3.0, 15.0, "7Be", "8B"):
        assert RM.moving_relic_factor(0.05, E, energy_nodes=8) - 1 == pytest.approx(ref - 1, rel=1e-5), E
    for E in (0.3, 15.0, "8B"):
        assert RM.moving_relic_factor(0.05, E, helicity=True, energy_nodes=8) == pytest.approx(
            RM.moving_relic_factor(0.05, helicity=True), rel=1e-8)


def test_quadrature_converges():
    values = [RM.moving_relic_factor(0.01, n_nodes=n) for n in (24, 48, 96)]
    assert values[0] == pytest.approx(values[2], rel=1e-10)
    assert values[1] == pytest.approx(values[2], rel=1e-12)


@pytest.mark.parametrize("process", ["nunu", "nunubar"])
def test_helicity_term(process):
    """Dirac helicities: (5/9)<E2 p>/m^2 + (1/9)<p^3/E2>/m^2 on top, the same for nu and nubar,
    -> (5/9)<p>/m = 1.75 T/m; linear in T/m (0.59 % at 0.05 eV)."""
    x, w, _, _ = RM._nodes(64)
    for m in (0.003, 0.05):
        p = x * T_EV
        E2 = np.sqrt(m * m + p * p)
        extra = (w @ (5 * E2 * p / 9 + p**3 / (9 * E2))) / m**2
        assert (RM.moving_relic_factor(m, process=process, helicity=True)
                - RM.moving_relic_factor(m, process=process)) == pytest.approx(extra, rel=1e-5)
    t = T_EV / 0.05
    assert RM.moving_relic_factor(0.05, process=process, helicity=True) == pytest.approx(
        RM.analytic_factor(0.05, helicity=True), abs=30 * t**3)   # next order: 25.5 (T/m)^3
    assert RM.helicity_coefficient() == pytest.approx(1.7508, abs=1e-4)


def test_inputs_are_checked():
    with pytest.raises(ValueError, match="m_nu_eV"):
        RM.moving_relic_factor(1e-5)
    with pytest.raises(ValueError, match="component"):
        RM.moving_relic_factor(0.05, "CNO")
    with pytest.raises(ValueError, match="T_K"):
        RM.moving_relic_factor(0.05, T_K=-1.0)
    with pytest.raises(ValueError, match="process"):
        RM.moving_relic_factor(0.05, process="nunubarbar")


@pytest.mark.slow
def test_vegas_flavour_rate_at_high_temperature(monkeypatch):
    """An independent method: flavour_rate with moving relics against relics at rest at
    T = 510 K (T/m = 0.088 for a nearly degenerate 0.5 eV spectrum): vegas sees the
    predicted +20 % (channel by channel, each relic mass's factor), not the +10 % that
    12.9 (T/m)^2 would give."""
    from nubrems.rates import three_flavour as FR

    T_K = 510.0
    monkeypatch.setattr(FR, "T_NU_K", T_K)
    runs = {moving: FR.flavour_rate(setup=FR.FlavourSetup(lightest_mass_eV=0.5, moving_relics=moving),
                                    components=["pep"], rtol=1e-2, seed=5, jobs=1) for moving in (False, True)}
    rest = runs[False]
    masses = rest.setup.masses_eV()
    channels = {ch.label: ch for ch in FR.channels_for(np.asarray(rest.setup.moment_matrix_muB(Params())))}
    weights = {label: v for label, (v, _) in rest.by_channel.items()}
    predicted = sum(v * RM.moving_relic_factor(float(masses[channels[label].relic - 1]), 1.44, T_K=T_K,
                                               process="nunubar" if channels[label].relic_is_antineutrino
                                               else "nunu")
                    for label, v in weights.items()) / sum(weights.values())
    ratio = runs[True].photons_gvar() / rest.photons_gvar()
    assert predicted == pytest.approx(1.1995, abs=1e-3)
    assert abs(ratio.mean - predicted) < 3 * ratio.sdev
    half = 1 + RM.MEAN_P2_T2 * (relics.temperature_eV(T_K) / 0.5) ** 2     # the 12.9 (T/m)^2 reading
    assert abs(ratio.mean - half) > 4 * ratio.sdev


@pytest.mark.slow
@pytest.mark.parametrize("process", ["nunu", "nunubar"])
def test_helicity_asymmetry_from_explicit_spinors(process):
    """A = +-1/3: sigma on a relic at rest with spin along the solar direction over the spin
    average, from the explicit spinors (CM helicity h2 = -1 is rest-frame spin along +z),
    both helicities on the same vegas points."""
    from nubrems.amplitudes import helicity as H
    from nubrems.kinematics.phasespace import ChannelMap
    from nubrems.rates.integration import HistogramIntegrand, integrate

    m = 0.1
    ps = ChannelMap(1e6, (m, m, m, m))

    def point(x):
        pt = ps(x)
        p1, p2, p3, p4, k = pt.momenta
        out = np.zeros((len(x), 2))
        for j, h2 in enumerate((-1, 1)):
            total = sum(np.abs(H.amplitudes(process, p1, p2, p3, p4, k, m, (h2, h3, h4), eps)) ** 2
                        for eps in H.photon_polarisations(k) for h3 in (1, -1) for h4 in (1, -1))
            out[:, j] = np.where(pt.weight > 0, total * pt.weight, 0.0)
        return out, []

    run = integrate(HistogramIntegrand(point, [], n_parts=2), ChannelMap.dim, 3e-2, 1, 1000, 4, 10, correlate=True)
    along, against = run.gvars()[-2:]
    A = (along - against) / (along + against)
    assert abs(A.mean - RM.HELICITY_ASYMMETRY[process]) < max(4 * A.sdev, 1e-4)
    assert math.copysign(1.0, A.mean) == (1.0 if process == "nunu" else -1.0)
