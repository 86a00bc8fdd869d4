"""Radiative decays nu_i -> nu_j gamma: width against explicit spinors, relic and solar rates
against hand calculations, scaling and bad input."""

import math

import numpy as np
import pytest

from nubrems.amplitudes import helicity as H
from nubrems.amplitudes import spinors as D
from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.flavour import moments
from nubrems.kinematics import vectors as K
from nubrems.rates.three_flavour import solar_mass_states
from nubrems.studies import radiative_decays as RD
from nubrems.sun import spectra as solar

MU = 3e-12 * C.MU_B


def spinor_width(mi, mj, mu, beta=0.6, n=7, seed=0):
    """Gamma from sum |u-bar(p') mu sigma k eps u(p)|^2 over spins and polarisations, for decays
    at random directions, boosted along z (|M|^2 is invariant; the width is taken at rest)."""
    rng = np.random.default_rng(seed)
    w = (mi - mj) * (mi + mj) / (2 * mi)                     # photon energy at rest
    c, ph = rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n)
    s = np.sqrt(1 - c * c)
    nvec = np.stack([s * np.cos(ph), s * np.sin(ph), c], axis=-1)
    k = np.concatenate([np.full((n, 1), w), w * nvec], axis=-1)
    p2 = np.concatenate([np.sqrt(w * w + mj * mj)[None].repeat(n)[:, None], -w * nvec], axis=-1)
    p1 = np.tile([mi, 0.0, 0.0, 0.0], (n, 1))
    b = np.array([0.0, 0.0, beta])
    p1, p2, k = (K.boost(v, b) for v in (p1, p2, k))
    total = np.zeros(n)
    for eps in H.photon_polarisations(k):
        V = H.vertex(k, eps)
        for h1 in (1, -1):
            u1 = D.u_spinor(p1, mi, h1)
            for h2 in (1, -1):
                u2b = D.bar(D.u_spinor(p2, mj, h2))
                amp = mu * np.einsum("...a,...ab,...b->...", u2b, V, u1)
                total += np.abs(amp) ** 2
    msq = 0.5 * total                                         # average over the initial spin
    assert np.allclose(msq, msq[0], rtol=1e-9)                # isotropic, Lorentz invariant
    return w / (8 * math.pi * mi**2) * msq[0]                 # two-body width at rest


@pytest.mark.parametrize("mi, mj", [(0.0709, 0.05), (1.0, 0.3), (0.05, 0.0)])
def test_width_against_explicit_spinors(mi, mj):
    assert RD.decay_width_eV(mi, mj, MU) == pytest.approx(spinor_width(mi, mj, MU), rel=1e-9)


def test_width_formula_by_hand():
    mi, mj = 0.0709, 0.05
    expected = MU**2 * (mi**2 - mj**2) ** 3 / (8 * math.pi * mi**3)
    assert RD.decay_width_eV(mi, mj, MU) == pytest.approx(expected, rel=1e-12)
    assert RD.decay_width_eV(mj, mi, MU) == 0.0               # no decay to a heavier state
    assert RD.decay_width_eV(mi, mj, 2j * MU) == pytest.approx(4 * expected, rel=1e-12)
    assert RD.line_energy_eV(mi, mj) == pytest.approx((mi**2 - mj**2) / (2 * mi), rel=1e-14)
    with pytest.raises(ValueError, match="finite and >= 0"):
        RD.decay_width_eV(-1.0, 0.0, MU)


def test_diagonal_moments_do_not_decay():
    masses = [0.05, 0.0507, 0.0709]
    assert RD.relic_decays(Params(), masses, MU * np.eye(3)) == []
    assert RD.solar_decays_in_flight(Params(), masses, MU * np.eye(3)) == []


def test_relic_decays_by_hand():
    p = Params(volume_km3=2.0, years=3.0)
    masses = np.array([0.05, 0.0507, 0.0709])
    mu = np.asarray(moments.moment_matrix("transition-only", 3e-12, "dirac")) * C.MU_B
    rates = {r["decay"]: r for r in RD.relic_decays(p, masses, mu)}
    assert set(rates) == {"ν2 → ν1 γ", "ν3 → ν1 γ", "ν3 → ν2 γ"}
    r = rates["ν3 → ν1 γ"]
    width = MU**2 * (masses[2] ** 2 - masses[0] ** 2) ** 3 / (8 * math.pi * masses[2] ** 3)
    per_s = width / C.HBAR_EV_S
    volume_cm3 = 2.0 * 1e15
    seconds = 3.0 * 365.25 * 86400
    assert r["photons"] == pytest.approx((56.0 + 56.0) * per_s * volume_cm3 * seconds, rel=1e-9)
    assert r["lifetime_s"] == pytest.approx(1 / per_s, rel=1e-12)
    assert r["line_energy_eV"] == pytest.approx((masses[2] ** 2 - masses[0] ** 2) / (2 * masses[2]))


def test_solar_decays_of_a_line_by_hand():
    """7Be is two lines: the quadrature is exact, phi_line P_i(E) Gamma m_i / E / c V T."""
    p = Params()
    masses = np.array([0.05, 0.0507, 0.0709])
    mu = np.asarray(moments.moment_matrix("transition-only", 3e-12, "dirac")) * C.MU_B
    rates = {r["decay"]: r for r in RD.solar_decays_in_flight(p, masses, mu, components=["7Be"])}
    E, br = solar.lines("7Be")
    phi = solar.total_flux("7Be") * br
    P3 = solar_mass_states("7Be", E)[:, 2]
    c_cm_s = 2.99792458e10
    per_s = RD.decay_width_eV(masses[2], masses[0], MU) / C.HBAR_EV_S
    expected = np.sum(phi * P3 * masses[2] / (E * 1e6)) * per_s / c_cm_s * p.exposure_cm3_s
    assert rates["ν3 → ν1 γ"]["photons"] == pytest.approx(expected, rel=1e-9)
    # proportional to mu^2 and to the exposure
    twice = RD.solar_decays_in_flight(Params(years=2.0), masses, 2 * mu, components=["7Be"])
    assert {r["decay"]: r["photons"] for r in twice}["ν3 → ν1 γ"] == pytest.approx(8 * expected, rel=1e-9)


def test_decays_take_masses_moments_and_ordering_from_the_parameters():
    """Without masses and moments, the decays are those of the three-flavour settings of params."""
    from nubrems.rates.three_flavour import FlavourSetup

    p = Params(flavours=3, ordering="inverted", lightest_mass_eV=0.01, moments="transition-only")
    setup = FlavourSetup.of(p)
    masses, mu = setup.masses_eV(), np.asarray(setup.moment_matrix_muB(p)) * C.MU_B
    assert RD.relic_decays(p) == RD.relic_decays(p, masses, mu)
    flight = RD.solar_decays_in_flight(p, components=["7Be"])
    assert flight == RD.solar_decays_in_flight(p, masses, mu, components=["7Be"])
    # the ordering of a one-flavour params is replaced by an explicit one (compatibility) ...
    one = Params(lightest_mass_eV=0.01, moments="transition-only")
    assert RD.solar_decays_in_flight(one, masses, mu, "inverted", components=["7Be"]) == flight
    assert RD.solar_decays_in_flight(one.replace(ordering="inverted"), masses, mu, components=["7Be"]) == flight
    # ... but may not contradict that of a three-flavour one
    with pytest.raises(ValueError, match=r"^ordering = 'normal' disagrees with params.ordering = 'inverted'"):
        RD.solar_decays_in_flight(p, masses, mu, "normal")
    # universal moments (the default setting): no decays
    assert RD.relic_decays(Params()) == [] and RD.solar_decays_in_flight(Params()) == []
