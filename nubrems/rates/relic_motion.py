"""Relics in motion, deterministically: the rate with Fermi-Dirac relic momenta over the rate
with relics at rest, at leading order.

A relic of momentum p (angle theta to the solar direction, c = cos theta) meets a solar
neutrino of energy E in its own rest frame at E' = p1.p2 / m, and the rate per relic and unit
solar flux is sigma(E') times the Moller velocity over the solar speed,

    sigma(E') sqrt((p1.p2)^2 - m1^2 m^2) / (E2 |p1|)        (E2 = sqrt(m^2 + p^2)),

the weight of :func:`nubrems.rates.three_flavour.integrand` with ``moving_relics`` (at rest it
is sigma(E)). :func:`moving_relic_factor` averages it over the isotropic Fermi-Dirac momenta
at T_nu (:mod:`nubrems.flavour.relics`) by Gauss-Laguerre (in p / T) and Gauss-Legendre (in c)
quadrature, with the closed form :func:`nubrems.rates.cross_sections.sigma_leading` of the
exact s for each node. Derivation of the result, massless solar neutrino:

1. p1.p2 = E (E2 - p c), and the leading cross section is G (p1.p2)^2 (1 + O(m^2 / s)):
   sigma_leading's s-dependence beyond s^2 ((2 + P/D) P/D, I(r), J(r)) is of order m^2 / E^2
   and m^2 / s, 1e-7;
2. so the rate per relic goes as (E2 - p c)^2 (E2 - p c) / E2: the Moller factor
   (E2 - p c) / E2 is the flux of relics moving towards (c < 0) or away from the neutrino;
3. <(E2 - p c)^3>_c = E2^3 + 3 E2 p^2 <c^2> = E2 (E2^2 + p^2), and E2^2 + p^2 = m^2 + 2 p^2;
4. at rest the same expression is m^2, so the factor is 1 + 2 <p^2> / m^2 *exactly* (any T / m)
   and independent of E; for Fermi-Dirac momenta <p^2> = 15 zeta(5) / zeta(3) T^2 = 12.94 T^2;
5. factor - 1 = 30 zeta(5) / zeta(3) (T/m)^2 = 25.88 (T/m)^2 (:data:`COEFFICIENT`): 2.9e-4 at
   0.05 eV, 7.3e-3 at 0.01 eV. The coefficient 12.9 = <p^2> / T^2 would follow from
   sigma ~ (2 E m (1 - v c))^2 instead of (2 E (E2 - p c))^2, i.e. from dropping the relic's
   Lorentz factor in E' (E2^2 = m^2 + p^2), which is half of the effect.

The package's rates average the relic's spin. Dirac relics are not unpolarised: they
decoupled ultra-relativistic and keep their helicity, -1/2 for nu and +1/2 for nubar, so in
its rest frame a relic's spin is s = -+ p_hat. The cross section on a relic at rest with spin s
is sigma (1 + A s.n), n the solar direction, with A = +1/3 on a relic neutrino and -1/3 on a
relic antineutrino (:data:`HELICITY_ASYMMETRY`, from the explicit spinors of
:mod:`nubrems.amplitudes.helicity`; a slow test checks it: the weak current of the relic line
sees a polarised relic as the null vector m (1, -s), legs 3 and 4 then go as 1 + s.n, the relic
leg, whose moment flips the chirality, as 1 - s.n, and the three legs weigh alike: (2 (1 + s.n)
+ (1 - s.n)) / 3). With s.n' = -+(c - v) / (1 - v c) in the relic frame (aberration) the
helicities add, for nu and nubar alike,

    (5/9) <E2 p> / m^2 + (1/9) <p^3 / E2> / m^2  ->  (5/9) <p> / m = 1.75 T / m

(``helicity=True``): 0.59 % at 0.05 eV, 2.9 % at 0.01 eV, linear in T / m and 20 to 4 times the
spin-averaged effect at these masses. Neither is of the size of the chapter's +3.3 +- 1.7 %
at 0.05 eV, a 2-sigma fluctuation of two vegas runs.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from scipy.special import zeta

from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.core.params import Params
from nubrems.core.processes import check_process
from nubrems.core.validate import integer, positive
from nubrems.flavour import relics
from nubrems.rates.cross_sections import sigma_leading
from nubrems.sun import spectra as solar

__all__ = ["COEFFICIENT", "DEFAULT_ENERGY_MEV", "HELICITY_ASYMMETRY", "MEAN_P_T", "MEAN_P2_T2", "analytic_factor",
           "helicity_coefficient", "moving_relic_factor"]

#: <p> / T of the relic Fermi-Dirac distribution: 7 pi^4 / (180 zeta(3)) = 3.151.
MEAN_P_T = 7.0 * math.pi**4 / (180.0 * float(zeta(3)))
#: <p^2> / T^2 of the relic Fermi-Dirac distribution: 15 zeta(5) / zeta(3) = 12.94.
MEAN_P2_T2 = 15.0 * float(zeta(5)) / float(zeta(3))
#: factor - 1 = COEFFICIENT (T / m)^2 with spin-averaged relics: 2 <p^2> / T^2 = 25.88.
COEFFICIENT = 2.0 * MEAN_P2_T2
#: A of sigma (1 + A s.n) for a relic at rest with spin s (n: solar direction), by process.
HELICITY_ASYMMETRY: dict[str, float] = {"nunu": 1.0 / 3.0, "nunubar": -1.0 / 3.0}
#: Twice the helicity of the Dirac relic, by process: nu -1/2, nubar +1/2.
_TWICE_HELICITY: dict[str, float] = {"nunu": -1.0, "nunubar": 1.0}
#: Energy of the rate ratio when none is given, MeV (at leading order it does not matter).
DEFAULT_ENERGY_MEV = 1.0


def helicity_coefficient() -> float:
    """(5/9) <p> / T: the helicity term of the factor is this times T / m to first order."""
    return 5.0 / 9.0 * MEAN_P_T


def analytic_factor(m_eV: float, T_K: float = relics.T_NU_K, helicity: bool = False) -> float:
    """1 + 2 <p^2> / m^2 (exact at leading order, module docstring), plus (5/9) <p> / m with the
    Dirac relic helicities (its first order in T / m)."""
    m = positive("m_eV", m_eV, "eV")
    t = relics.temperature_eV(T_K) / m
    return 1.0 + COEFFICIENT * t * t + (helicity_coefficient() * t if helicity else 0.0)


@cache
def _nodes(n_nodes: int) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Gauss-Laguerre nodes x = p/T with the Fermi-Dirac weight x^2 / (e^x + 1) (normalised),
    and Gauss-Legendre nodes in c with weights summing to 1."""
    x, w = np.polynomial.laguerre.laggauss(n_nodes)
    w = w * x * x / (1.0 + np.exp(-x))           # e^-x x^2 / (1 + e^-x) = x^2 / (e^x + 1)
    c, wc = np.polynomial.legendre.leggauss(max(8, n_nodes // 4))
    return x, w / w.sum(), c, wc / 2.0


def _factor_at(E_MeV: float, m: float, T_eV: float, process: str, params: Params, n_nodes: int,
               helicity: bool) -> float:
    """The ratio at one solar energy (lab), every node's rest-frame cross section exact."""
    x, wx, c, wc = _nodes(n_nodes)
    E = E_MeV * C.MEV
    m1 = m                                           # one flavour: the solar neutrino's mass too
    p1 = math.sqrt((E - m1) * (E + m1))
    p = (x * T_eV)[:, None]
    E2 = np.sqrt(m * m + p * p)
    cc = c[None, :]
    # E2 - p c without cancellation for c > 0: (m^2 + p^2 (1 - c^2)) / (E2 + p c)
    E2_minus_pc = np.where(cc > 0, (m * m + p * p * (1 - cc) * (1 + cc)) / (E2 + p * cc), E2 - p * cc)
    P = E * E2_minus_pc + m1 * m1 / (E + p1) * p * cc          # p1.p2
    D = np.sqrt((P - m1 * m) * (P + m1 * m))
    sigma = np.vectorize(lambda e: sigma_leading(process, e, params))(P / m / C.MEV)
    rate = sigma * D / (E2 * p1)
    if helicity:
        s_dot_n = _TWICE_HELICITY[process] * (E2 * cc - p) / E2_minus_pc   # s.n' in the relic frame
        rate = rate * (1.0 + HELICITY_ASYMMETRY[process] * s_dot_n)
    return float(wx @ rate @ wc / sigma_leading(process, E_MeV, params))


def moving_relic_factor(m_eV: float, energy_MeV: float | str | None = None, T_K: float = relics.T_NU_K,
                        n_nodes: int = 48, process: str = "nunu", helicity: bool = False,
                        energy_nodes: int = 16) -> float:
    """Rate with isotropic Fermi-Dirac relics over the rate with relics at rest, leading order.

    Parameters
    ----------
    m_eV : float
        Relic mass (and that of the solar neutrino), eV; the range of ``m_nu_eV`` (1e-3 to 10
        eV: :func:`~nubrems.rates.cross_sections.sigma_leading` needs it).
    energy_MeV : float, str or None
        Solar neutrino energy in the lab, MeV (None: 1 MeV), or a solar component
        (:data:`nubrems.sun.spectra.COMPONENTS`): the ratio of the rates summed over its
        spectrum (``energy_nodes`` quadrature nodes of :func:`nubrems.sun.spectra.quadrature`).
    T_K : float
        Relic temperature, K.
    n_nodes : int
        Gauss-Laguerre nodes in p / T (and n_nodes / 4, at least 8, Gauss-Legendre nodes in cos).
    process : {"nunu", "nunubar"}
        The relic target: nu (cross section of nu nu) or nubar (of nu nubar).
    helicity : bool
        Dirac relics with their helicity (-1/2 for nu, +1/2 for nubar) instead of an averaged
        spin (module docstring); False is what the package's rates compute.

    Returns
    -------
    float
        The factor; 1 + 2 <p^2> / m^2 without helicity (:func:`analytic_factor`).
    """
    proc = check_process(process)
    T_eV = relics.temperature_eV(T_K)
    n = integer("n_nodes", n_nodes, 4, 200)
    params = Params(m_nu_eV=m_eV)
    m = params.m_nu
    if energy_MeV is None or not isinstance(energy_MeV, str):
        E = DEFAULT_ENERGY_MEV if energy_MeV is None else float(energy_MeV)
        return _factor_at(E, m, T_eV, proc, params, n, helicity)
    E_nodes, weights = solar.quadrature(solar.check_component(energy_MeV), params.solar_model,
                                        integer("energy_nodes", energy_nodes, 2, 256), spectra=params.spectra)
    at_rest = np.array([sigma_leading(proc, e, params) for e in E_nodes]) * weights
    moving = np.array([_factor_at(float(e), m, T_eV, proc, params, n, helicity) for e in E_nodes])
    return float(at_rest @ moving / at_rest.sum())
