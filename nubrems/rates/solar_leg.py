"""The Dirac solar leg's radiation with the exact |M|^2: small, but not m^2/E^2.

The leading part of a channel's |M|^2 (:func:`nubrems.amplitudes.dirac_channels.channel_msq_parts`)
gives the photon on the solar leg the factor 1 - P/D = -X ~ -m^2/(2 E^2) per unit coupling,
against 1 + P/D ~ 2 for each of the other three legs: with only the solar leg's coupling on,
the leading part is -X / (6 + 2X) ~ -m^2 / (12 E^2) of the cross section with all legs
(:func:`leading_fraction`; 8e-16 at 1 MeV for m = 0.1 eV, and negative). The *mass-suppressed*
part of the solar leg is not that small. For one flavour and a universal moment (every leg the
coupling c = 2 mu, :func:`~nubrems.amplitudes.dirac_channels.effective_couplings`), the
generated closed form with (c1, c2, c3, c4) = (c, 0, 0, 0) reduces to (P = p1.p2, D =
sqrt(P^2 - m^4), rho = p2.k / p1.k)::

    nu nu:     2 G_F^2 c^2 [16 m^2 (p3.p4)(P rho - m^2 rho^2 / 2) / D - 8 X P (p3.p4)]
    nu nubar:  2 G_F^2 c^2 [8 m^2 (p2.p3)(P p4.k + (p1.p4)(p2.k) - m^2 (p2.k)(p4.k)/p1.k) / (D p1.k)
                            - 8 X (p1.p4)(p2.p3)]

(a test checks this against the generated code), to be compared with 16 G_F^2 c^2 F (6 + 2X)
for all legs at leading order (F = P p3.p4 or (p1.p4)(p2.p3)). The helicity flip costs m^2,
but the propagator 1/p1.k of the photon collinear with the solar neutrino, where p1.k falls to
m^2 w / (2 E) (w the photon energy), gives most of it back: in the CM frame rho = (1 + beta
c)/(1 - beta c), with c the cosine of the photon angle to the solar neutrino (uniform at fixed
pair mass) and 1 - beta ~ 2 m^2 / s, so::

    <rho> = L / beta - 1,   <rho^2> = 4 / (1 - beta^2) - 2 L / beta + 1,   L = ln((1 + beta)/(1 - beta)),

and L -> ln(s / m^2). Since p3.p4 depends on the pair mass alone, the nu nu ratio follows
without further integration; for nu nubar the (p3, p4) pair is averaged in its rest frame
(<p3^a p4^b> = Q^a Q^b / 6 + Q^2 g^ab / 12, massless pair) and the photon angle and energy
integrated (sympy). To leading power in m^2 / s (:func:`analytic_fraction`)::

    nu nu:     sigma_solar / sigma = (m^2 / s) (2/3) (ln(s / m^2) - 2)
    nu nubar:  sigma_solar / sigma = (m^2 / s) ((16/27) ln(s / m^2) - 2/3)

with s = 2 E m + 2 m^2 on a relic at rest: 4.9e-7 of the photons at 1 MeV and 5.7e-8 at 10
MeV for m = 0.1 eV (nu nu). The coefficient of m^2 / s grows like ln(s / m^2), so it is not
independent of the energy: 9.9 at 1 MeV, 11.4 at 10 MeV (nu nu). Negligible for every rate,
but the solar leg does radiate, at order (m^2 / s) ln(s / m^2), not m^2 / E^2.

:func:`solar_leg` integrates both cross sections with the exact |M|^2 (leading plus mass part
of the generated closed form, exact for a diagonal moment) on the *same* vegas points, as parts
of one :class:`~nubrems.rates.integration.HistogramIntegrand` (so the ratio's error is that of
a correlated ratio), over the phase-space map :class:`~nubrems.kinematics.phasespace.ChannelMap`
of the three-flavour rates, relic at rest.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from nubrems.amplitudes import dirac_channels as CA
from nubrems.amplitudes.generated import dirac as G
from nubrems.core import catalogue as P
from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.core.params import Params, Range, check_energy_MeV, check_in_range
from nubrems.core.processes import INVARIANTS, check_process
from nubrems.flavour.channels import Channel, weak_channels
from nubrems.kinematics.phasespace import ChannelMap
from nubrems.rates.integration import HistogramIntegrand, integrate

__all__ = ["LOG_COEFFICIENTS", "SolarLegResult", "analytic_coefficient", "analytic_fraction", "leading_fraction",
           "one_flavour_channel", "solar_leg", "solar_leg_fraction"]

#: (a, b) of sigma_solar / sigma = (m^2 / s) (a ln(s / m^2) + b), leading power in m^2 / s.
LOG_COEFFICIENTS: dict[str, tuple[float, float]] = {"nunu": (2.0 / 3.0, -4.0 / 3.0),
                                                    "nunubar": (16.0 / 27.0, -2.0 / 3.0)}
#: The solar-leg part enters the grid adaptation scaled by this times s / m^2, so that vegas
#: adapts to it too (it is 1e-7 of the total unscaled); the ratio divides it out.
_ADAPT_WEIGHT = 0.1


class SolarLegResult(NamedTuple):
    """The solar leg's share of the cross section, relic at rest (:func:`solar_leg`)."""

    process: str
    energy_MeV: float
    m_nu_eV: float
    s_eV2: float                #: Mandelstam s = 2 E m + 2 m^2, eV^2
    fraction: float             #: sigma(solar leg only) / sigma(all legs), exact |M|^2
    fraction_err: float         #: its Monte Carlo error (correlated ratio)
    coefficient: float          #: fraction * s / m^2
    coefficient_err: float
    analytic_coefficient: float  #: a ln(s/m^2) + b of :data:`LOG_COEFFICIENTS`
    leading_fraction: float     #: the same ratio with the leading parts alone (vegas)
    sigma_cm2: float            #: the cross section with all legs (exact), cm^2
    sigma_err_cm2: float
    n_eval: int


def _check(process: str, energy_MeV: float, m_nu_eV: float) -> tuple[str, float, float]:
    proc = check_process(process)
    mass_range = P.get("m_nu_eV").range_for()
    assert mass_range is not None
    m = check_in_range("m_nu_eV", m_nu_eV, mass_range)
    return proc, check_energy_MeV("energy_MeV", energy_MeV, m), m


def one_flavour_channel(process: str) -> Channel:
    """The one-flavour channel nu_1 nu_1 -> nu_1 nu_1 or nu_1 nubar_1 -> nu_1 nubar_1."""
    anti = check_process(process) == "nunubar"
    return next(ch for ch in weak_channels(1) if ch.relic_is_antineutrino == anti)


def _s(E_eV: float, m: float) -> float:
    return 2.0 * m * (E_eV + m)


def leading_fraction(energy_MeV: float, m_nu_eV: float) -> float:
    """-X / (6 + 2X): the solar leg's share with the leading parts of |M|^2 alone (both processes).

    X = m^4 / (D (P + D)) = P/D - 1 is constant over phase space on a relic at rest (P = m E), so
    the ratio of the leading parts is this number at every point: about -m^2 / (12 E^2).
    """
    _, E_MeV, m = _check("nunu", energy_MeV, m_nu_eV)
    E = E_MeV * C.MEV
    Pd = m * E
    D = math.sqrt((Pd - m * m) * (Pd + m * m))
    X = m**4 / (D * (Pd + D))
    return -X / (6.0 + 2.0 * X)


def analytic_coefficient(energy_MeV: float, m_nu_eV: float, process: str = "nunu") -> float:
    """a ln(s / m^2) + b: the solar leg's share times s / m^2 (module docstring), relic at rest."""
    proc, E_MeV, m = _check(process, energy_MeV, m_nu_eV)
    a, b = LOG_COEFFICIENTS[proc]
    return a * math.log(_s(E_MeV * C.MEV, m) / (m * m)) + b


def analytic_fraction(energy_MeV: float, m_nu_eV: float, process: str = "nunu") -> float:
    """sigma(solar leg only) / sigma(all legs) = (m^2 / s)(a ln(s / m^2) + b), up to relative
    corrections of order (m^2 / s) ln(s / m^2) (module docstring)."""
    proc, E_MeV, m = _check(process, energy_MeV, m_nu_eV)
    return m * m / _s(E_MeV * C.MEV, m) * analytic_coefficient(E_MeV, m, proc)


def solar_leg(energy_MeV: float, m_nu_eV: float, process: str = "nunu", rtol: float = 1e-2, seed: int = 1,
              neval: int = 5_000, nitn_adapt: int = 5, max_iterations: int = 100) -> SolarLegResult:
    """The solar leg's share of the one-flavour cross section with the exact |M|^2, by vegas.

    Parameters
    ----------
    energy_MeV : float
        Solar neutrino energy (total, relic rest frame), MeV.
    m_nu_eV : float
        Neutrino mass (every leg), eV.
    process : {"nunu", "nunubar"}
    rtol : float
        Requested relative precision of the solar-leg cross section (the ratio's error is
        about that: the two cross sections are integrated on the same points).
    seed, neval, nitn_adapt, max_iterations
        As for :func:`nubrems.rates.integration.integrate`.

    Returns
    -------
    SolarLegResult
        The ratio sigma(c1, 0, 0, 0) / sigma(c1, c2, c3, c4) with its correlated Monte Carlo
        error, times s / m^2, the closed form of that coefficient, the leading-part ratio,
        and the cross section with all legs (cm^2, the moment of the default parameters).
    """
    proc, E_MeV, m = _check(process, energy_MeV, m_nu_eV)
    rtol = check_in_range("rtol", rtol, Range(1e-5, 1.0, low_open=True))
    E = E_MeV * C.MEV
    channel = one_flavour_channel(proc)
    mu = Params().mu_nu                                     # eV^-1; it cancels in the ratio
    couplings = CA.effective_couplings(channel, np.eye(3) * mu).real   # (2 mu, 2 mu, 2 mu, 2 mu)
    solar_only = (float(couplings[0]), 0.0, 0.0, 0.0)
    every_leg = tuple(float(c) for c in couplings)
    trace: Callable[..., tuple[FloatArray, FloatArray]] = (G.trace_channel_nunubar if channel.relic_is_antineutrino
                                                           else G.trace_channel_nunu)
    masses = (m, m, m, m)
    ps = ChannelMap(E, masses)
    s = float(ps.s)
    scale = _ADAPT_WEIGHT * s / (m * m)
    # cm^2 per unit of the generated trace: 2 G_F^2, symmetry factor, flux 4 m |p1|
    norm = 2.0 * C.G_F**2 * channel.symmetry_factor / float(ps.flux) / C.CM2

    def point(x: FloatArray) -> tuple[FloatArray, list[Any]]:
        pt = ps(x)
        inv = [pt.invariants[name] for name in INVARIANTS]
        lead_1, mass_1 = trace(*inv, *masses, *solar_only)
        lead_all, mass_all = trace(*inv, *masses, *every_leg)
        columns = np.stack([scale * (lead_1 + mass_1), lead_all + mass_all, lead_1, lead_all], axis=1)
        # at measure-zero edge points (p.k = 0) |M|^2 is NaN; their weight is 0
        ok = (pt.weight > 0)[:, None]
        return np.where(ok, columns * (norm * pt.weight)[:, None], 0.0), []

    f = HistogramIntegrand(point, [], n_parts=4)
    run = integrate(f, ChannelMap.dim, rtol, seed, neval, nitn_adapt, max_iterations, correlate=True)
    solar, total, solar_lead, total_lead = run.gvars()[-4:]
    ratio = solar / scale / total
    coefficient = ratio * s / (m * m)
    return SolarLegResult(proc, E_MeV, m, s, float(ratio.mean), float(ratio.sdev), float(coefficient.mean),
                          float(coefficient.sdev), analytic_coefficient(E_MeV, m, proc),
                          float((solar_lead / total_lead).mean), float(total.mean), float(total.sdev), run.n_eval)


def solar_leg_fraction(energy_MeV: float, m_nu_eV: float, process: str = "nunu", rtol: float = 1e-2,
                       seed: int = 1) -> tuple[float, float]:
    """(fraction, error): sigma(solar leg only) / sigma(all legs) with the exact |M|^2 (:func:`solar_leg`)."""
    r = solar_leg(energy_MeV, m_nu_eV, process, rtol, seed)
    return r.fraction, r.fraction_err
