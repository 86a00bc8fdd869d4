"""Nuclear data and beta-decay physics behind the solar neutrino spectra.

This module holds the nuclear physics; :mod:`nubrems.sun.spectra` turns it into the solar API
(components, fluxes, shapes, quadrature, energy maps):

* data: AME2020 atomic mass excesses (:data:`MASS_EXCESS_KEV`), the beta+ decays and their
  endpoints (:data:`DECAYS`), the electron-capture lines of pep and 7Be
  (:func:`capture_lines`), the 8Be 2+ levels fed in 8B decay (:data:`BE8_LEVELS`);
* allowed beta+ spectra, dN/dE_nu propto E_nu^2 p W F(Z, W) with the relativistic Fermi
  function F (:func:`fermi_function`, :func:`allowed_spectrum`) and the Fermi integral
  (:func:`fermi_integral`). Nuclear recoil, radiative and recoil-order corrections,
  screening and the finite-size factor L_0 are neglected (each changes the mean energies
  by well under 0.1 %, against the 1 % the book needs);
* 8B decay into the broad 2+ state of 8Be at 3.03 MeV that breaks up into two alpha
  particles: a three-level, single-channel (alpha-alpha, l = 2) R-matrix distribution of
  the alpha-alpha energy (:func:`be8_density`, with Coulomb penetrability and shift from
  mpmath) folded with the allowed spectrum (:func:`b8_spectrum`), and the absolute decay
  rate and mean energies of the model (:func:`b8_decay_summary`).

The 8B spectrum is expensive (mpmath Coulomb functions and a double integral): it is
computed here only to write the tables of ``data/solar/`` (``python -m
nubrems.sun.tables``), from which :mod:`nubrems.sun.spectra` reads it at run time. mpmath
is imported only when the Coulomb functions are first needed.

Energies are in MeV unless a name says otherwise (``_KEV``, ``_FM``).

Nuclear data (cited in chapter 4 and in ``data/solar/provenance.json``): atomic mass
excesses from AME2020 (Wang et al., Chin. Phys. C 45, 030003 (2021)); the 7Li 477.6 keV
level and the 8Be 2+ levels (E_x = 3.03 MeV, Gamma = 1.513 MeV; the 16.626/16.922 MeV
doublet) from the TUNL evaluations (Tilley et al., Nucl. Phys. A 708, 3 (2002) and A
745, 155 (2004)); log ft values from Ajzenberg-Selove, Nucl. Phys. A 490, 1 (1988).
"""

from __future__ import annotations

import contextlib
import functools
import io
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypedDict, cast

import numpy as np
from numpy.typing import ArrayLike
from scipy import constants as _sc

from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.sun.components import table_path

if TYPE_CHECKING:
    from scipy.interpolate import CubicSpline

__all__ = ["MASS_EXCESS_KEV", "DECAYS", "M_E_MEV", "LI7_EXCITED_MEV", "BE7_BRANCHES",
           "BE8_2PLUS_EX_MEV", "BE8_2PLUS_WIDTH_MEV", "BE8_GS_ABOVE_2ALPHA_MEV", "BE8_LEVELS",
           "BE8_CHANNEL_RADIUS_FM", "BE8_INTERFERENCE_SIGN", "R0_FM", "CAPTURE_Z",
           "atomic_mass_MeV", "q_value_MeV", "two_body_line", "capture_lines",
           "fermi_function", "allowed_spectrum", "fermi_integral", "coulomb_penetrability_shift",
           "be8_rmatrix_parameters", "be8_density", "b8_spectrum", "b8_shape",
           "b8_decay_summary", "gauss_legendre", "Decay", "B8DecaySummary", "CAPTURE_MASS_MEV",
           "COULOMB_DPS", "COULOMB_NODES", "COULOMB_TABLE", "coulomb_nodes", "computed_coulomb_functions"]

# --- nuclear data -------------------------------------------------------------------------
#: Atomic mass excesses in keV (AME2020, rounded to 0.01 keV or their precision).
MASS_EXCESS_KEV = {
    "1H": 7288.971, "2H": 13135.723, "3He": 14931.218, "4He": 2424.916,
    "7Li": 14907.105, "7Be": 15769.00, "8Be": 4941.67, "8B": 22921.6,
    "13C": 3125.009, "13N": 5345.48, "15N": 101.439, "15O": 2855.60,
    "17O": -808.764, "17F": 1951.70,
}
#: Excitation energy of the first excited state of 7Li, MeV (TUNL, Tilley et al. 2002).
LI7_EXCITED_MEV = 0.477603
#: 7Be electron-capture branches (ground state, 477.6 keV state), as in the physics contract.
BE7_BRANCHES = (0.896, 0.104)
#: The 8Be 2+ level fed by 8B decay: excitation energy and width in MeV (Tilley et al. 2004).
BE8_2PLUS_EX_MEV = 3.03
BE8_2PLUS_WIDTH_MEV = 1.513
#: Alpha-alpha channel radius a = 1.4 fm (4^{1/3} + 4^{1/3}) for the penetrability, fm.
BE8_CHANNEL_RADIUS_FM = 1.4 * 2 * 4 ** (1 / 3)
#: Nuclear radius parameter of the Fermi function, R = r0 A^{1/3}, fm.
R0_FM = 1.2

#: Electron mass, MeV.
M_E_MEV = C.M_E / C.MEV
_U_MEV = float(_sc.physical_constants["atomic mass constant energy equivalent in MeV"][0])
_HBARC_MEV_FM = C.HBARC_EV_CM * 1e13 / C.MEV


def atomic_mass_MeV(nuclide: str) -> float:
    """Atomic mass A u + mass excess of ``nuclide`` (e.g. "7Be"), MeV."""
    a = int("".join(ch for ch in nuclide if ch.isdigit()))
    return a * _U_MEV + MASS_EXCESS_KEV[nuclide] / 1e3


def q_value_MeV(parent: str, *products: str) -> float:
    """Atomic-mass Q value M(parent) - sum M(products), MeV (the electron-capture Q)."""
    return (MASS_EXCESS_KEV[parent] - sum(MASS_EXCESS_KEV[p] for p in products)) / 1e3


class Decay(TypedDict):
    """A beta+ decay of :data:`DECAYS`."""

    reaction: str   #: the reaction, in words
    Z: int          #: charge of the daughter nucleus
    A: int          #: its mass number
    E0: float       #: kinetic endpoint E_0 = Q_EC - 2 m_e, MeV


#: Beta+ decays: reaction, daughter charge Z and mass number A, and the kinetic endpoint
#: E_0 = Q_EC - 2 m_e in MeV (atomic masses; for 8B relative to the 2-alpha threshold).
DECAYS: dict[str, Decay] = {
    "pp": Decay(reaction="p + p -> d + e+ + nu_e", Z=1, A=2,
               E0=(2 * MASS_EXCESS_KEV["1H"] - MASS_EXCESS_KEV["2H"]) / 1e3 - 2 * M_E_MEV),
    "hep": Decay(reaction="3He + p -> 4He + e+ + nu_e", Z=2, A=4,
                E0=(MASS_EXCESS_KEV["3He"] + MASS_EXCESS_KEV["1H"] - MASS_EXCESS_KEV["4He"]) / 1e3
                - 2 * M_E_MEV),
    "8B": Decay(reaction="8B -> 8Be*(2+) + e+ + nu_e, 8Be* -> 2 alpha", Z=4, A=8,
               E0=(MASS_EXCESS_KEV["8B"] - 2 * MASS_EXCESS_KEV["4He"]) / 1e3 - 2 * M_E_MEV),
    "13N": Decay(reaction="13N -> 13C + e+ + nu_e", Z=6, A=13,
                E0=q_value_MeV("13N", "13C") - 2 * M_E_MEV),
    "15O": Decay(reaction="15O -> 15N + e+ + nu_e", Z=7, A=15,
                E0=q_value_MeV("15O", "15N") - 2 * M_E_MEV),
    "17F": Decay(reaction="17F -> 17O + e+ + nu_e", Z=8, A=17,
                E0=q_value_MeV("17F", "17O") - 2 * M_E_MEV),
}


# --- electron-capture lines ---------------------------------------------------------------
def two_body_line(q_MeV: float, m_initial_MeV: float) -> float:
    """Neutrino energy of a two-body capture at rest, with the recoil of the final nucleus.

    E_nu = (M_i^2 - M_f^2) / (2 M_i) with M_f = M_i - Q; all in MeV.
    """
    m_final = m_initial_MeV - q_MeV
    return (m_initial_MeV**2 - m_final**2) / (2 * m_initial_MeV)


#: Charge seen by the captured electron (for the thermal line shape): pep: two protons; 7Be.
CAPTURE_Z = {"pep": 2, "7Be": 4}
#: Mass of the capturing system (atomic masses), MeV: sets the Doppler width of a line.
CAPTURE_MASS_MEV = {"pep": 2 * atomic_mass_MeV("1H"), "7Be": atomic_mass_MeV("7Be")}


@functools.cache
def _capture_lines() -> dict[str, tuple[tuple[float, ...], tuple[float, ...]]]:
    q_pep = (2 * MASS_EXCESS_KEV["1H"] - MASS_EXCESS_KEV["2H"]) / 1e3  # p + p + e- -> d + nu
    q_be7 = q_value_MeV("7Be", "7Li")                                   # 7Be + e- -> 7Li + nu
    m_pep, m_be7 = CAPTURE_MASS_MEV["pep"], CAPTURE_MASS_MEV["7Be"]
    return {
        "pep": ((two_body_line(q_pep, m_pep),), (1.0,)),
        "7Be": ((two_body_line(q_be7, m_be7), two_body_line(q_be7 - LI7_EXCITED_MEV, m_be7)),
                BE7_BRANCHES),
    }


def capture_lines() -> dict[str, tuple[FloatArray, FloatArray]]:
    """Electron-capture lines: {"pep": (E, b), "7Be": (E, b)}.

    Returns
    -------
    dict
        Line energies in MeV (with the recoil of the final nucleus) and branching fractions,
        as new arrays for each call.
    """
    return {c: (np.array(E), np.array(b)) for c, (E, b) in _capture_lines().items()}


# --- Fermi function and allowed spectra --------------------------------------------------------
@functools.cache
def gauss_legendre(n: int) -> tuple[FloatArray, FloatArray]:
    """Gauss-Legendre nodes and weights on [-1, 1] (cached; treat as read-only).

    scipy's Golub-Welsch rule of the tridiagonal Jacobi matrix: the same nodes as numpy's
    ``leggauss`` to rounding, in milliseconds where numpy diagonalises a dense n x n
    companion matrix (0.15-1.6 s for the 400 nodes of the thermal spectra).
    """
    from scipy.special import roots_legendre  # lazy: scipy.special loads in ~0.1 s, only for quadratures

    x, w = roots_legendre(n)
    return np.asarray(x, dtype=float), np.asarray(w, dtype=float)


def fermi_function(Z: int, W: ArrayLike, R_fm: float | None = None, A: int | None = None,
                   positron: bool = True) -> FloatArray:
    """Relativistic Fermi function F(Z, W) of a point nucleus, evaluated at radius R.

    F = 2 (1 + gamma) (2 p R)^(2 gamma - 2) exp(pi eta) |Gamma(gamma + i eta)|^2 / Gamma(2 gamma + 1)^2,
    gamma = sqrt(1 - (alpha Z)^2), eta = -+ alpha Z W / p (upper sign: positron),
    with W, p the total energy and momentum of the lepton in units of m_e and R in units
    of hbar/(m_e c).

    Parameters
    ----------
    Z : int
        Charge of the daughter nucleus (Z >= 0).
    W : float or array_like
        Total positron (electron) energy in units of m_e; W > 1.
    R_fm : float, optional
        Radius at which the lepton wave function is evaluated, fm. Default r0 A^{1/3} with
        r0 = 1.2 fm (needs ``A``); irrelevant for Z = 0.
    A : int, optional
        Mass number of the daughter, used for the default radius.
    positron : bool
        True (default) for beta+ (repulsion), False for beta- (attraction).

    Returns
    -------
    ndarray
        F (dimensionless); 0 where W <= 1 for positrons.
    """
    from scipy.special import loggamma  # lazy: keeps the package import light

    W = np.asarray(W, dtype=float)
    if Z < 0:
        raise ValueError(f"Z must be a non-negative nuclear charge; got {Z!r}")
    if R_fm is None:
        R_fm = R0_FM * (A if A is not None else 1) ** (1 / 3)
    R = R_fm / (_HBARC_MEV_FM / M_E_MEV)
    g = math.sqrt(1.0 - (C.ALPHA * Z) ** 2)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        p = np.sqrt(np.maximum(W * W - 1.0, 0.0))
        eta = (-1.0 if positron else 1.0) * C.ALPHA * Z * W / p
        log_f = (math.log(2 * (1 + g)) + (2 * g - 2) * np.log(2 * p * R) + math.pi * eta
                 + 2 * np.real(loggamma(g + 1j * eta)) - 2 * float(np.real(loggamma(2 * g + 1))))
        F = np.exp(log_f)
    if Z == 0:
        return cast(FloatArray, np.where(p > 0, 1.0, 1.0) * np.ones_like(W))
    return np.where(p > 0, F, 0.0 if positron else np.inf)


def allowed_spectrum(E_MeV: ArrayLike, E0_MeV: ArrayLike, Z: int, A: int) -> FloatArray:
    """Unnormalised allowed beta+ neutrino spectrum E^2 p W F(Z, W) (m_e units for p, W).

    Parameters
    ----------
    E_MeV : array_like
        Neutrino energy, MeV.
    E0_MeV : float or array_like
        Kinetic endpoint (maximum neutrino energy), MeV; broadcast against ``E_MeV``.
    Z, A : int
        Charge and mass number of the daughter nucleus.

    Returns
    -------
    ndarray
        The spectrum in arbitrary units, zero outside 0 <= E < E0.
    """
    E = np.asarray(E_MeV, dtype=float)
    W = (np.asarray(E0_MeV, dtype=float) - E) / M_E_MEV + 1.0
    inside = (W > 1.0) & (E >= 0)
    Ws = np.where(inside, W, 2.0)
    p = np.sqrt(Ws * Ws - 1.0)
    val = (E / M_E_MEV) ** 2 * p * Ws * fermi_function(Z, Ws, A=A)
    return np.where(inside, val, 0.0)


def fermi_integral(E0_MeV: ArrayLike, Z: int, A: int, n: int = 200) -> FloatArray:
    """Fermi integral f = int_1^{W0} F(Z, W) p W (W0 - W)^2 dW of an allowed beta+ decay.

    Parameters
    ----------
    E0_MeV : array_like
        Kinetic endpoint, MeV (W0 = 1 + E0/m_e).
    Z, A : int
        Charge and mass number of the daughter nucleus.
    n : int
        Gauss-Legendre points.

    Returns
    -------
    ndarray
        f, dimensionless (m_e units); the partial half-life is ft / f.
    """
    E0 = np.asarray(E0_MeV, dtype=float)[..., None]
    x, w = gauss_legendre(n)
    E = 0.5 * E0 * (x + 1)                      # neutrino energy, W0 - W = E / m_e
    return cast(FloatArray, np.sum(0.5 * E0 * w * allowed_spectrum(E, E0, Z, A), axis=-1) / M_E_MEV)


# --- 8B: the broad 8Be 2+ final state ---------------------------------------------------------
_M_ALPHA_MEV = atomic_mass_MeV("4He") - 2 * M_E_MEV
#: Excitation energy of the 8Be ground state above the 2-alpha threshold, MeV.
BE8_GS_ABOVE_2ALPHA_MEV = (MASS_EXCESS_KEV["8Be"] - 2 * MASS_EXCESS_KEV["4He"]) / 1e3
#: 2+ levels of 8Be in the R-matrix model of the 8B decay: (E_x [MeV], observed width
#: [MeV], log ft of the beta branch). The broad first excited state (Tilley et al. 2004;
#: log ft 5.6, Ajzenberg-Selove 1988) and the 2+ doublet at 16.626 MeV (Gamma = 108 keV)
#: and 16.922 MeV (Gamma = 74 keV) (Tilley et al. 2004). The doublet members are nearly
#: equal mixtures of T = 0 and T = 1 (Tilley et al. 2004), so the strong Gamow-Teller
#: strength that reaches the doublet (log ft = 3.3 to 8Be*(16.63), Ajzenberg-Selove 1988,
#: from Warburton 1986) is shared between them: both get log ft = 3.3 and the same sign.
#: Neither doublet level is inside the decay window in a useful way (E_x + 0.092 MeV is
#: within 0.4 MeV of the 17.05 MeV endpoint); they act through their interference with
#: the broad level over the whole spectrum.
BE8_LEVELS = ((BE8_2PLUS_EX_MEV, BE8_2PLUS_WIDTH_MEV, 5.6), (16.626, 0.108, 3.3),
              (16.922, 0.074, 3.3))
#: Relative sign of the feeding amplitudes g_l gamma_l of the doublet levels with respect to
#: g_1 gamma_1: -1 makes them interfere constructively with the broad level between it
#: and the doublet, the excess over a single level observed on the high-energy side of
#: the 8B/8Li beta-delayed alpha spectra (Warburton 1986).
BE8_INTERFERENCE_SIGN = -1.0


#: Decimal digits of the mpmath Coulomb functions (mpmath's default precision).
COULOMB_DPS = 15


def coulomb_penetrability_shift(E_MeV: float) -> tuple[float, float]:
    """l = 2 alpha-alpha penetrability P = rho/(F^2+G^2) and shift S = rho (FF'+GG')/(F^2+G^2).

    Coulomb functions F, G from mpmath at rho = k a (a = :data:`BE8_CHANNEL_RADIUS_FM`);
    derivatives by the recurrence l u_l' = sqrt(l^2 + eta^2) u_{l-1} - (l^2/rho + eta) u_l
    (Abramowitz & Stegun 14.2.2).

    Parameters
    ----------
    E_MeV : float
        Alpha-alpha relative energy above the 2-alpha threshold, MeV (> 0).

    Returns
    -------
    (float, float)
        P and S, dimensionless.
    """
    import mpmath  # only the table generator needs it: keep it out of every other import

    mu = _M_ALPHA_MEV / 2
    k = math.sqrt(2 * mu * E_MeV) / _HBARC_MEV_FM
    rho = k * BE8_CHANNEL_RADIUS_FM
    eta = 4 * C.ALPHA * math.sqrt(mu / (2 * E_MeV))
    # a fixed working precision: the result must not depend on mpmath's global setting, or
    # the table of these values would not regenerate byte for byte
    with mpmath.workdps(COULOMB_DPS):
        F1, F2 = mpmath.coulombf(1, eta, rho), mpmath.coulombf(2, eta, rho)
        G1, G2 = mpmath.coulombg(1, eta, rho), mpmath.coulombg(2, eta, rho)
        c = mpmath.sqrt(4 + eta * eta)
        dF = (c * F1 - (4 / rho + eta) * F2) / 2
        dG = (c * G1 - (4 / rho + eta) * G2) / 2
        d = F2 * F2 + G2 * G2
        return float(rho / d), float(rho * (F2 * dF + G2 * dG) / d)


#: Alpha-alpha energies (MeV) covered by the Coulomb splines; below 0.04 MeV the l = 2
#: penetrability is ~1e-12 of its peak value and the density is set to zero.
_PS_RANGE = (0.04, 17.2)
#: Spline nodes, log-spaced over ``_PS_RANGE``.
COULOMB_NODES = 200
#: The generated table of P and S at the nodes (``data/solar``, written by ``make solar-tables``).
COULOMB_TABLE = "coulomb_aa_l2.csv"
#: Where the spline values come from: the table (runs) or mpmath (the generator, tests).
_COULOMB_FROM_TABLE = {"on": True}


def coulomb_nodes() -> tuple[FloatArray, FloatArray, FloatArray]:
    """(E [MeV], P, S) at the spline nodes, computed with mpmath (about 200 evaluations, 5 s)."""
    E = np.geomspace(*_PS_RANGE, COULOMB_NODES)
    P, S = np.array([coulomb_penetrability_shift(e) for e in E]).T
    return E, P, S


def _coulomb_table() -> tuple[FloatArray, FloatArray, FloatArray]:
    """(E, P, S) at the spline nodes as the generated table holds them (exact doubles)."""

    data = np.loadtxt(io.StringIO(table_path(COULOMB_TABLE).read_text()), delimiter=",", skiprows=1, ndmin=2)
    return data[:, 0], data[:, 1], data[:, 2]


@functools.cache
def _coulomb_splines() -> tuple[CubicSpline, CubicSpline]:
    """Splines of log P(E) and S(E) in log E, from the table (or from mpmath, see
    :func:`computed_coulomb_functions`): the same doubles either way."""
    from scipy.interpolate import CubicSpline  # lazy: keeps the package import light

    E, P, S = _coulomb_table() if _COULOMB_FROM_TABLE["on"] else coulomb_nodes()
    return CubicSpline(np.log(E), np.log(P)), CubicSpline(np.log(E), S)


@contextlib.contextmanager
def computed_coulomb_functions() -> Iterator[None]:
    """Compute the Coulomb functions with mpmath instead of reading their table, inside the
    ``with`` block (for the table generator and the tests); every cache built on them is
    rebuilt on entry and on exit."""
    def clear() -> None:
        for cache in (_coulomb_splines, be8_rmatrix_parameters, _b8_norm):
            cache.cache_clear()

    clear()
    _COULOMB_FROM_TABLE["on"] = False
    try:
        yield
    finally:
        _COULOMB_FROM_TABLE["on"] = True
        clear()


def _P(E: ArrayLike) -> FloatArray:
    lp, _ = _coulomb_splines()
    return cast(FloatArray, np.exp(lp(np.log(np.clip(E, *_PS_RANGE)))))


def _S(E: ArrayLike) -> FloatArray:
    return cast(FloatArray, _coulomb_splines()[1](np.log(np.clip(E, *_PS_RANGE))))


def _dS(E: ArrayLike) -> FloatArray:
    return cast(FloatArray, _coulomb_splines()[1](np.log(E), 1) / E)


#: 8Be levels: (E_x [MeV], width [MeV], log ft) each, hashable (for the caches).
Levels = tuple[tuple[float, ...], ...]


def _as_levels(levels: Iterable[Iterable[float]]) -> Levels:
    """Levels as a tuple of float tuples (hashable, for the cached R-matrix parameters)."""
    return tuple(tuple(float(v) for v in level) for level in levels)


@functools.cache
def be8_rmatrix_parameters(levels: Levels = BE8_LEVELS) -> tuple[tuple[tuple[float, float, float], ...], float]:
    """Formal R-matrix parameters (E_lambda, gamma_lambda^2, g_lambda) of ``levels``.

    ``levels`` is a tuple of (E_x [MeV], observed width [MeV], log ft) like
    :data:`BE8_LEVELS` (the default); the first one is the broad level.

    Boundary condition B = S(E_R1) at the first level. Each level's observed resonance
    energy E_R (above the 2-alpha threshold) and width Gamma give, in the Thomas
    approximation, gamma^2 = gamma_obs^2 / (1 - gamma_obs^2 S'(E_R)) with
    gamma_obs^2 = Gamma / (2 P(E_R)), and E_lambda = E_R + gamma^2 (S(E_R) - B). The beta
    feeding amplitudes follow from the ft values, g^2 = (1 + gamma^2 S'(E_R)) / ft.
    Energies in MeV; gamma^2 in MeV; g^2 in s^-1 (ft in seconds), so that a narrow
    isolated level contributes int rho dE = pi / ft.

    Returns
    -------
    (tuple, float)
        ((E_lambda, gamma^2, g) per level, B).
    """
    B = float(_S(levels[0][0] + BE8_GS_ABOVE_2ALPHA_MEV))
    out = []
    for i, (Ex, width, logft) in enumerate(levels):
        E_R = Ex + BE8_GS_ABOVE_2ALPHA_MEV
        g2_obs = width / (2 * float(_P(E_R)))
        dS = float(_dS(E_R))
        g2 = g2_obs / (1 - g2_obs * dS)
        E_lam = E_R + g2 * (float(_S(E_R)) - B)
        g = math.sqrt((1 + g2 * dS) * 10.0 ** (-logft)) * (1.0 if i == 0 else BE8_INTERFERENCE_SIGN)
        out.append((E_lam, g2, g))
    return tuple(out), B


def be8_density(E_aa_MeV: ArrayLike, levels: Iterable[Iterable[float]] = BE8_LEVELS) -> FloatArray:
    """Distribution of the alpha-alpha energy fed in 8B decay, before beta phase space.

    The single-channel, multi-level R-matrix expression for beta-delayed particle
    emission (Barker and Warburton):

        rho(E) = P(E) |sum_l g_l gamma_l / (E_l - E)|^2 / |1 - [S(E) - B + i P(E)] sum_l gamma_l^2 / (E_l - E)|^2

    with the l = 2 Coulomb penetrability P and shift function S at the channel radius
    :data:`BE8_CHANNEL_RADIUS_FM` and the parameters of :func:`be8_rmatrix_parameters`.
    For one level it is a Breit-Wigner with energy-dependent width and shift.

    Parameters
    ----------
    E_aa_MeV : array_like
        Alpha-alpha relative energy above the 2-alpha threshold, MeV
        (E_x(8Be) = E_aa - 0.0918 MeV).
    levels : tuple, optional
        The 2+ levels, (E_x [MeV], width [MeV], log ft) each; default :data:`BE8_LEVELS`.

    Returns
    -------
    ndarray
        Density in s^-1 MeV^-1; zero for E <= 0. The decay rate into dE is
        ln 2 / pi times this times the Fermi integral f(E_0 - E) (see
        :func:`b8_decay_summary`).
    """
    E = np.asarray(E_aa_MeV, dtype=float)
    Ec = np.clip(E, *_PS_RANGE)
    params, B = be8_rmatrix_parameters(_as_levels(levels))
    # numerator and denominator multiplied by prod_l (E_l - E): no 0/0 at E = E_l
    d = [El - Ec for El, _, _ in params]
    others = [np.prod([d[m] for m in range(len(d)) if m != l], axis=0) for l in range(len(d))]
    num = sum(g * math.sqrt(g2) * o for (_, g2, g), o in zip(params, others, strict=True))
    R_prod = sum(g2 * o for (_, g2, _), o in zip(params, others, strict=True))
    P = _P(Ec)
    rho = P * num**2 / np.abs(np.prod(d, axis=0) - (_S(Ec) - B + 1j * P) * R_prod) ** 2
    return np.where(E > _PS_RANGE[0], rho, 0.0)   # P_2(0.04 MeV) ~ 1e-12 of its peak value


def b8_spectrum(E_MeV: ArrayLike, levels: Iterable[Iterable[float]] = BE8_LEVELS) -> FloatArray:
    """Unnormalised 8B neutrino spectrum: the allowed shape folded with :func:`be8_density`.

    int_0^{E0 - E} dE_aa rho(E_aa) E^2 p W F(4, W), W = E0 - E_aa + m_e - E (m_e units),
    by a 240-point Gauss-Legendre rule in E_aa. Expensive (the first call evaluates the
    Coulomb functions with mpmath; each energy costs 240 R-matrix evaluations): the
    package reads the tabulated shape instead (:mod:`nubrems.sun.tables`).

    Parameters
    ----------
    E_MeV : array_like
        Neutrino energy, MeV.
    levels : tuple, optional
        The 2+ levels, (E_x [MeV], width [MeV], log ft) each; default :data:`BE8_LEVELS`.

    Returns
    -------
    ndarray
        The spectrum in arbitrary units (s^-1 MeV^-1 times m_e-unit phase space), zero
        outside 0 <= E < E0.
    """
    E = np.asarray(E_MeV, dtype=float)
    d = DECAYS["8B"]
    x, w = gauss_legendre(240)
    t, w = 0.5 * (x + 1), 0.5 * w
    span = np.clip(d["E0"] - E, 0.0, None)[..., None]       # E_aa in [0, E0 - E]
    Eaa = span * t
    vals = be8_density(Eaa, levels) * allowed_spectrum(E[..., None], d["E0"] - Eaa, d["Z"], d["A"])
    return cast(FloatArray, np.sum(vals * w, axis=-1) * span[..., 0])


def _gl_on_endpoint(E0: float, n: int) -> tuple[FloatArray, FloatArray]:
    """Gauss-Legendre nodes and weights on [0, E0] (MeV)."""
    x, w = gauss_legendre(n)
    return 0.5 * E0 * (x + 1), 0.5 * E0 * w


@functools.cache
def _b8_norm(levels: Levels = BE8_LEVELS, n: int = 400) -> float:
    E, w = _gl_on_endpoint(DECAYS["8B"]["E0"], n)
    return float(np.sum(w * b8_spectrum(E, levels)))


def b8_shape(E_MeV: ArrayLike, levels: Iterable[Iterable[float]] = BE8_LEVELS) -> FloatArray:
    """Unit-normalised 8B spectrum dN/dE, MeV^-1: the full (expensive) computation.

    :func:`b8_spectrum` divided by its integral over [0, E0] (400-point Gauss-Legendre
    rule, the rule :mod:`nubrems.sun.spectra` uses for every component). This is what the
    tables of ``data/solar/`` hold.
    """
    return b8_spectrum(E_MeV, levels) / _b8_norm(_as_levels(levels))


class B8DecaySummary(TypedDict):
    """What :func:`b8_decay_summary` returns."""

    mean_energy_MeV: float            #: <E_nu>, MeV
    mean_energy_squared_MeV2: float   #: <E_nu^2>, MeV^2
    half_life_s: float                #: absolute half-life of the model, s


def b8_decay_summary(levels: Iterable[Iterable[float]] = BE8_LEVELS, n: int = 400) -> B8DecaySummary:
    """Mean neutrino energies and half-life of 8B decay in the R-matrix model.

    The half-life is absolute: with g^2 = (1 + gamma^2 S')/ft (:func:`be8_rmatrix_parameters`)
    the decay rate is lambda = (ln 2 / pi) int dE_aa rho(E_aa) f(E_0 - E_aa), so
    t_1/2 = pi / int rho f. It checks the feeding strengths (log ft) of ``levels`` against
    the measured 770 ms, independently of the spectrum shape.

    Parameters
    ----------
    levels : tuple, optional
        The 2+ levels, (E_x [MeV], width [MeV], log ft) each; default :data:`BE8_LEVELS`.
    n : int
        Gauss-Legendre points of each integral.

    Returns
    -------
    B8DecaySummary
        ``mean_energy_MeV``, ``mean_energy_squared_MeV2``, ``half_life_s``.
    """
    levels = _as_levels(levels)
    d = DECAYS["8B"]
    E, wE = _gl_on_endpoint(d["E0"], n)         # nodes on [0, E0], for E_nu and for E_aa
    f = b8_spectrum(E, levels)
    norm = np.sum(wE * f)
    rate = np.sum(wE * be8_density(E, levels) * fermi_integral(d["E0"] - E, d["Z"], d["A"]))
    return {"mean_energy_MeV": float(np.sum(wE * E * f) / norm),
            "mean_energy_squared_MeV2": float(np.sum(wE * E**2 * f) / norm),
            "half_life_s": float(math.pi / rate)}
