"""Solar neutrino spectra: flux normalisations and spectral shapes from nuclear physics.

Components (:data:`COMPONENTS`) are the eight neutrino sources of the pp chain and the CNO
cycle. Their fluxes at Earth are those of the B16 standard solar models (Vinyoles et al.
2017, ApJ 835, 202), :data:`FLUXES`; the spectral *shapes* are computed here:

* ``pp``, ``hep``, ``13N``, ``15O``, ``17F`` -- allowed beta+ spectra,

  dN/dE_nu  propto  E_nu^2 p W F(Z, W),   W = E_0 + m_e - E_nu,

  with E_0 the kinetic endpoint, W and p the total energy and momentum of the positron and
  F the relativistic Fermi function of a positron in the field of the daughter nucleus
  of charge Z (:func:`fermi_function`). Nuclear recoil, radiative and recoil-order
  corrections, screening and the finite-size factor L_0 are neglected (each changes the
  mean energies by well under 0.1 %, against the 1 % the book needs).
* ``pep`` and ``7Be`` -- electron-capture lines (two-body final states). The 7Be line has
  two branches, to the ground state of 7Li and to its 477.6 keV level (89.6 % / 10.4 %).
  Lines are returned by :func:`lines` and are *not* part of :func:`spectrum` unless a
  plasma temperature is given for thermal broadening (:func:`line_profile`).
* ``8B`` -- beta+ decay into the broad 2+ state of 8Be at 3.03 MeV that breaks up into two
  alpha particles: the allowed spectrum folded with the 8Be excitation-energy
  distribution, a three-level, single-channel (alpha-alpha, l = 2) R-matrix with the 3.03
  MeV level and the isospin-mixed 2+ doublet at 16.626 and 16.922 MeV
  (:func:`be8_density`, :data:`BE8_LEVELS`).

Energies are in MeV, fluxes in cm^-2 s^-1, flux densities in cm^-2 s^-1 MeV^-1.

Nuclear data (cited in chapter 4 and in ``data/solar/provenance.json``):
atomic mass excesses from AME2020 (Wang et al., Chin. Phys. C 45, 030003 (2021)); the
7Li 477.6 keV level and the 8Be 2+ level (E_x = 3.03 MeV, Gamma = 1.513 MeV) from the TUNL
evaluations (Tilley et al., Nucl. Phys. A 708, 3 (2002) and A 745, 155 (2004)).
"""

from __future__ import annotations

import functools
import math

import numpy as np
from scipy import constants as _sc
from scipy.interpolate import CubicSpline, PchipInterpolator
from scipy.special import loggamma

from . import constants as C
from .params import SOLAR_MODELS

__all__ = ["COMPONENTS", "CONTINUOUS", "LINE_COMPONENTS", "MODELS", "FLUXES", "DECAYS",
           "spectrum", "total_flux", "shape", "lines", "endpoint", "mean_energy",
           "energy_moment", "quadrature", "energy_map", "fermi_function",
           "allowed_spectrum", "be8_density", "b8_decay_summary", "fermi_integral",
           "line_profile", "check_component", "check_model"]

#: Component names, in the order of the pp chain and then the CNO cycle.
COMPONENTS = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")
#: Components with a continuous spectrum.
CONTINUOUS = ("pp", "hep", "8B", "13N", "15O", "17F")
#: Components that are monochromatic lines.
LINE_COMPONENTS = ("pep", "7Be")
#: Solar models (flux normalisations); the first is the default.
MODELS = SOLAR_MODELS

#: Fluxes at Earth in cm^-2 s^-1: B16 standard solar models, Vinyoles et al. (2017), Table 6.
FLUXES = {
    "B16-GS98": {"pp": 5.98e10, "pep": 1.44e8, "hep": 7.98e3, "7Be": 4.93e9, "8B": 5.46e6,
                 "13N": 2.78e8, "15O": 2.05e8, "17F": 5.29e6},
    "B16-AGSS09met": {"pp": 6.03e10, "pep": 1.46e8, "hep": 8.25e3, "7Be": 4.50e9, "8B": 4.50e6,
                      "13N": 2.04e8, "15O": 1.44e8, "17F": 3.26e6},
}

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

M_E_MEV = C.M_E / C.MEV
_U_MEV = float(_sc.physical_constants["atomic mass constant energy equivalent in MeV"][0])
_HBARC_MEV_FM = C.HBARC_EV_CM * 1e13 / C.MEV


def _atomic_mass_MeV(nuclide: str) -> float:
    a = int("".join(ch for ch in nuclide if ch.isdigit()))
    return a * _U_MEV + MASS_EXCESS_KEV[nuclide] / 1e3


def _q_MeV(parent: str, *products: str) -> float:
    """Atomic-mass Q value M(parent) - sum M(products), MeV (the electron-capture Q)."""
    return (MASS_EXCESS_KEV[parent] - sum(MASS_EXCESS_KEV[p] for p in products)) / 1e3


#: Beta+ decays: reaction, daughter charge Z and mass number A, and the kinetic endpoint
#: E_0 = Q_EC - 2 m_e in MeV (atomic masses; for 8B relative to the 2-alpha threshold).
DECAYS = {
    "pp": dict(reaction="p + p -> d + e+ + nu_e", Z=1, A=2,
               E0=(2 * MASS_EXCESS_KEV["1H"] - MASS_EXCESS_KEV["2H"]) / 1e3 - 2 * M_E_MEV),
    "hep": dict(reaction="3He + p -> 4He + e+ + nu_e", Z=2, A=4,
                E0=(MASS_EXCESS_KEV["3He"] + MASS_EXCESS_KEV["1H"] - MASS_EXCESS_KEV["4He"]) / 1e3
                - 2 * M_E_MEV),
    "8B": dict(reaction="8B -> 8Be*(2+) + e+ + nu_e, 8Be* -> 2 alpha", Z=4, A=8,
               E0=(MASS_EXCESS_KEV["8B"] - 2 * MASS_EXCESS_KEV["4He"]) / 1e3 - 2 * M_E_MEV),
    "13N": dict(reaction="13N -> 13C + e+ + nu_e", Z=6, A=13,
                E0=_q_MeV("13N", "13C") - 2 * M_E_MEV),
    "15O": dict(reaction="15O -> 15N + e+ + nu_e", Z=7, A=15,
                E0=_q_MeV("15O", "15N") - 2 * M_E_MEV),
    "17F": dict(reaction="17F -> 17O + e+ + nu_e", Z=8, A=17,
                E0=_q_MeV("17F", "17O") - 2 * M_E_MEV),
}


def _two_body_line(q_MeV: float, m_initial_MeV: float) -> float:
    """Neutrino energy of a two-body capture at rest, with the recoil of the final nucleus."""
    m_final = m_initial_MeV - q_MeV
    return (m_initial_MeV**2 - m_final**2) / (2 * m_initial_MeV)


def _line_data() -> dict:
    q_pep = (2 * MASS_EXCESS_KEV["1H"] - MASS_EXCESS_KEV["2H"]) / 1e3  # p + p + e- -> d + nu
    q_be7 = _q_MeV("7Be", "7Li")                                        # 7Be + e- -> 7Li + nu
    m_pep = 2 * _atomic_mass_MeV("1H")
    m_be7 = _atomic_mass_MeV("7Be")
    return {
        "pep": (np.array([_two_body_line(q_pep, m_pep)]), np.array([1.0])),
        "7Be": (np.array([_two_body_line(q_be7, m_be7), _two_body_line(q_be7 - LI7_EXCITED_MEV, m_be7)]),
                np.array(BE7_BRANCHES)),
    }


_LINES = _line_data()
#: Charge seen by the captured electron (for the thermal line shape): pep: two protons; 7Be.
_CAPTURE_Z = {"pep": 2, "7Be": 4}
_CAPTURE_MASS_MEV = {"pep": 2 * _atomic_mass_MeV("1H"), "7Be": _atomic_mass_MeV("7Be")}


# --- validation -----------------------------------------------------------------------------
def check_component(component) -> str:
    """Return ``component`` if it is a known name, else raise ValueError listing the names."""
    if component not in COMPONENTS:
        raise ValueError(f"component must be one of {', '.join(COMPONENTS)}; got {component!r}")
    return component


def check_model(model) -> str:
    """Return ``model`` if it is a known solar model, else raise ValueError listing them."""
    if model not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}; got {model!r}")
    return model


def _energies(E_MeV, name="E_MeV") -> np.ndarray:
    E = np.asarray(E_MeV, dtype=float)
    if not np.all(np.isfinite(E)) or np.any(E < 0):
        raise ValueError(f"{name} must be finite and non-negative (neutrino energy in MeV); got {E_MeV!r}")
    return E


# --- Fermi function and allowed spectra --------------------------------------------------------
def fermi_function(Z, W, R_fm=None, A=None, positron=True):
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
        return np.where(p > 0, 1.0, 1.0) * np.ones_like(W)
    return np.where(p > 0, F, 0.0 if positron else np.inf)


def allowed_spectrum(E_MeV, E0_MeV, Z, A):
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


# --- 8B: the broad 8Be 2+ final state ---------------------------------------------------------
_M_ALPHA_MEV = _atomic_mass_MeV("4He") - 2 * M_E_MEV
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


def _coulomb_p_s(E_MeV: float) -> tuple[float, float]:
    """l = 2 alpha-alpha penetrability P = rho/(F^2+G^2) and shift S = rho (FF'+GG')/(F^2+G^2).

    Coulomb functions from mpmath at rho = k a; derivatives by the recurrence
    l u_l' = sqrt(l^2 + eta^2) u_{l-1} - (l^2/rho + eta) u_l (Abramowitz & Stegun 14.2.2).
    """
    import mpmath

    mu = _M_ALPHA_MEV / 2
    k = math.sqrt(2 * mu * E_MeV) / _HBARC_MEV_FM
    rho = k * BE8_CHANNEL_RADIUS_FM
    eta = 4 * C.ALPHA * math.sqrt(mu / (2 * E_MeV))
    F1, F2 = mpmath.coulombf(1, eta, rho), mpmath.coulombf(2, eta, rho)
    G1, G2 = mpmath.coulombg(1, eta, rho), mpmath.coulombg(2, eta, rho)
    c = mpmath.sqrt(4 + eta * eta)
    dF = (c * F1 - (4 / rho + eta) * F2) / 2
    dG = (c * G1 - (4 / rho + eta) * G2) / 2
    d = F2 * F2 + G2 * G2
    return float(rho / d), float(rho * (F2 * dF + G2 * dG) / d)


_PS_RANGE = (0.04, 17.2)


@functools.lru_cache(maxsize=None)
def _coulomb_splines():
    """Splines of log P(E) and S(E) in log E (computed once, about 200 mpmath evaluations)."""
    E = np.geomspace(*_PS_RANGE, 200)
    P, S = np.array([_coulomb_p_s(e) for e in E]).T
    return CubicSpline(np.log(E), np.log(P)), CubicSpline(np.log(E), S)


def _P(E):
    lp, _ = _coulomb_splines()
    return np.exp(lp(np.log(np.clip(E, *_PS_RANGE))))


def _S(E):
    return _coulomb_splines()[1](np.log(np.clip(E, *_PS_RANGE)))


def _dS(E):
    return _coulomb_splines()[1](np.log(E), 1) / E


def _as_levels(levels):
    """Levels as a tuple of float tuples (hashable, for the cached R-matrix parameters)."""
    return tuple(tuple(float(v) for v in level) for level in levels)


@functools.lru_cache(maxsize=None)
def be8_rmatrix_parameters(levels=BE8_LEVELS):
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


def be8_density(E_aa_MeV, levels=BE8_LEVELS):
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
    num = sum(g * math.sqrt(g2) * o for (_, g2, g), o in zip(params, others))
    R_prod = sum(g2 * o for (_, g2, _), o in zip(params, others))
    P = _P(Ec)
    rho = P * num**2 / np.abs(np.prod(d, axis=0) - (_S(Ec) - B + 1j * P) * R_prod) ** 2
    return np.where(E > _PS_RANGE[0], rho, 0.0)   # P_2(0.04 MeV) ~ 1e-12 of its peak value


@functools.lru_cache(maxsize=None)
def _b8_nodes(n=240):
    x, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (x + 1), 0.5 * w


def _b8_unnormalised(E, levels=BE8_LEVELS):
    """int_0^{E0 - E} dE_aa rho(E_aa) * allowed(E; endpoint E0 - E_aa), Gauss-Legendre."""
    d = DECAYS["8B"]
    t, w = _b8_nodes()
    span = np.clip(d["E0"] - E, 0.0, None)[..., None]       # E_aa in [0, E0 - E]
    Eaa = span * t
    vals = be8_density(Eaa, levels) * allowed_spectrum(E[..., None], d["E0"] - Eaa, d["Z"], d["A"])
    return np.sum(vals * w, axis=-1) * span[..., 0]


def fermi_integral(E0_MeV, Z, A, n=200):
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
    x, w = _gl(n)
    E = 0.5 * E0 * (x + 1)                      # neutrino energy, W0 - W = E / m_e
    return np.sum(0.5 * E0 * w * allowed_spectrum(E, E0, Z, A), axis=-1) / M_E_MEV


def b8_decay_summary(levels=BE8_LEVELS, n=400):
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
    dict
        ``mean_energy_MeV``, ``mean_energy_squared_MeV2``, ``half_life_s``.
    """
    levels = _as_levels(levels)
    d = DECAYS["8B"]
    E, wE = _gl_nodes("8B", n)                 # nodes on [0, E0], for E_nu and for E_aa
    f = _b8_unnormalised(E, levels)
    norm = np.sum(wE * f)
    rate = np.sum(wE * be8_density(E, levels) * fermi_integral(d["E0"] - E, d["Z"], d["A"]))
    return {"mean_energy_MeV": float(np.sum(wE * E * f) / norm),
            "mean_energy_squared_MeV2": float(np.sum(wE * E**2 * f) / norm),
            "half_life_s": float(math.pi / rate)}


def _unnormalised(component, E):
    if component == "8B":
        return _b8_unnormalised(E)
    d = DECAYS[component]
    return allowed_spectrum(E, d["E0"], d["Z"], d["A"])


@functools.lru_cache(maxsize=None)
def _gl(n):
    return np.polynomial.legendre.leggauss(n)


def _gl_nodes(component, n):
    """Gauss-Legendre nodes and weights on [0, endpoint] (MeV)."""
    x, w = _gl(n)
    E0 = endpoint(component)
    return 0.5 * E0 * (x + 1), 0.5 * E0 * w


@functools.lru_cache(maxsize=None)
def _norm(component):
    E, w = _gl_nodes(component, 400)
    return float(np.sum(w * _unnormalised(component, E)))


# --- public API --------------------------------------------------------------------------------
def endpoint(component):
    """Maximum neutrino energy of a component, MeV.

    For the beta+ spectra the kinetic endpoint Q_EC - 2 m_e; for 8B that of the decay to
    the 2-alpha threshold; for the lines the highest line energy.
    """
    check_component(component)
    if component in LINE_COMPONENTS:
        return float(_LINES[component][0].max())
    return float(DECAYS[component]["E0"])


def lines(component):
    """Line energies (MeV) and branching fractions of a component; empty arrays if continuous."""
    check_component(component)
    if component in LINE_COMPONENTS:
        E, b = _LINES[component]
        return E.copy(), b.copy()
    return np.array([]), np.array([])


def total_flux(component, model="B16-GS98"):
    """Flux of one component at Earth, cm^-2 s^-1 (Vinyoles et al. 2017)."""
    return FLUXES[check_model(model)][check_component(component)]


def line_profile(component, E_MeV, kT_keV):
    """Thermally broadened line shape, per MeV, normalised to the line's total branching (1).

    The neutrino from capture of a continuum electron of kinetic energy T carries E_line + T.
    In a plasma of temperature kT, captures sample T with weight
    sqrt(T) exp(-T/kT) S(T), where S = 2 pi eta / (1 - exp(-2 pi eta)), eta = Z alpha / v,
    is the Coulomb (Sommerfeld) enhancement of the electron density at the nucleus; the
    thermal motion of the capturing nucleus adds a Gaussian Doppler spread of width
    E_line sqrt(kT / M). Captures of bound electrons and the spread of temperatures across
    the core are neglected: a single representative temperature is used.

    Parameters
    ----------
    component : {"pep", "7Be"}
    E_MeV : array_like
        Neutrino energy, MeV.
    kT_keV : float
        Plasma temperature in keV (the solar centre has kT ~ 1.35 keV).

    Returns
    -------
    ndarray
        Sum over the lines of branching * profile, MeV^-1.
    """
    check_component(component)
    if component not in LINE_COMPONENTS:
        raise ValueError(f"component must be a line component ({', '.join(LINE_COMPONENTS)}) "
                         f"for line_profile; got {component!r}")
    kT = float(kT_keV)
    if not math.isfinite(kT) or kT <= 0 or kT > 100:
        raise ValueError(f"kT_keV must be in (0, 100] keV; got {kT_keV!r}")
    E = _energies(E_MeV)
    kT_MeV = kT / 1e3
    # electron kinetic energies: Gauss-Laguerre-like grid in T/kT on [0, 40]
    x, w = _gl(200)
    s = 20.0 * (x + 1)                              # T / kT in [0, 40]
    ws = 20.0 * w
    T = s * kT_MeV
    v = np.sqrt(1 - (M_E_MEV / (M_E_MEV + T)) ** 2)
    eta = _CAPTURE_Z[component] * C.ALPHA / v
    weight = np.sqrt(s) * np.exp(-s) * 2 * np.pi * eta / -np.expm1(-2 * np.pi * eta)
    weight = weight * ws / np.sum(weight * ws)
    out = np.zeros_like(E)
    for E_line, b in zip(*_LINES[component]):
        sigma = E_line * math.sqrt(kT_MeV / _CAPTURE_MASS_MEV[component])
        z = (E[..., None] - E_line - T) / sigma
        out = out + b * np.sum(weight * np.exp(-0.5 * z * z), axis=-1) / (sigma * math.sqrt(2 * np.pi))
    return out


def shape(component, E_MeV, line_kT_keV=None):
    """Unit-normalised spectral shape dN/dE of one component, MeV^-1.

    Parameters
    ----------
    component : str
        One of :data:`COMPONENTS`.
    E_MeV : array_like
        Neutrino energy, MeV (finite, >= 0).
    line_kT_keV : float, optional
        Only for the line components: if given, the thermally broadened line profile
        (:func:`line_profile`); by default lines are delta functions and their shape here
        is zero (use :func:`lines`).

    Returns
    -------
    ndarray
        dN/dE in MeV^-1, integrating to 1 over energy (continuous components).
    """
    check_component(component)
    E = _energies(E_MeV)
    if component in LINE_COMPONENTS:
        if line_kT_keV is None:
            return np.zeros_like(E)
        return line_profile(component, E, line_kT_keV)
    return _unnormalised(component, E) / _norm(component)


def spectrum(component, E_MeV, model="B16-GS98", line_kT_keV=None):
    """Differential flux dPhi/dE at Earth, cm^-2 s^-1 MeV^-1.

    Lines (pep, 7Be) give zero unless ``line_kT_keV`` asks for their thermal profile;
    their fluxes are :func:`total_flux` times the branchings of :func:`lines`.

    Parameters
    ----------
    component : str
        One of :data:`COMPONENTS`.
    E_MeV : array_like
        Neutrino energy, MeV.
    model : str
        Solar model, one of :data:`MODELS` (default "B16-GS98").
    line_kT_keV : float, optional
        Plasma temperature for thermally broadened lines, keV (see :func:`line_profile`).
    """
    check_component(component)
    check_model(model)
    return total_flux(component, model) * shape(component, E_MeV, line_kT_keV)


def quadrature(component, model="B16-GS98", n=64):
    """Nodes and flux weights such that sum(w * f(E)) ~ int phi(E) f(E) dE.

    Continuous components: n-point Gauss-Legendre rule on [0, endpoint] times the
    differential flux (the spectra vanish smoothly at both ends, so the rule converges
    fast for smooth f). Lines: their energies with weights flux * branching (n ignored).

    Returns
    -------
    (ndarray, ndarray)
        Energies in MeV and weights in cm^-2 s^-1.
    """
    check_component(component)
    check_model(model)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 2:
        raise ValueError(f"n must be an integer >= 2 (number of quadrature nodes); got {n!r}")
    phi = total_flux(component, model)
    if component in LINE_COMPONENTS:
        E, b = lines(component)
        return E, phi * b
    E, w = _gl_nodes(component, int(n))
    return E, w * spectrum(component, E, model)


@functools.lru_cache(maxsize=None)
def _inverse_cdf(component):
    """PCHIP interpolant of E(u), u the cumulative fraction (continuous components)."""
    E0 = endpoint(component)
    # nodes dense enough for the E^2 start and the exponential end; integrate by GL per cell
    edges = E0 * (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, 801)))
    x, w = _gl(12)
    mid, half = 0.5 * (edges[1:] + edges[:-1]), 0.5 * np.diff(edges)
    pts = mid[:, None] + half[:, None] * x
    cell = np.sum(shape(component, pts.ravel()).reshape(pts.shape) * w, axis=1) * half
    cdf = np.concatenate([[0.0], np.cumsum(cell)])
    cdf /= cdf[-1]
    keep = np.concatenate([[True], np.diff(cdf) > 1e-15])   # strictly increasing knots
    return PchipInterpolator(cdf[keep], edges[keep])


def energy_map(component, u, model="B16-GS98"):
    """Map u in [0, 1) to a solar neutrino energy, for Monte Carlo integration.

    Continuous components: E(u) is a monotone (PCHIP) interpolation of the inverse
    cumulative distribution and dPhi/du = phi(E(u)) dE/du its Jacobian (tabulated once
    per component, :func:`_jacobian_spline`), so int_0^1 du dPhi/du f(E(u)) =
    int dE phi(E) f(E) for any f, and dPhi/du is close to the constant total flux (what
    makes this a good vegas variable). Lines: u is split
    into intervals of length equal to the branchings, dPhi/du = total flux.

    Parameters
    ----------
    component : str
    u : array_like
        Points in [0, 1).
    model : str

    Returns
    -------
    (ndarray, ndarray)
        E in MeV and dPhi/du in cm^-2 s^-1.
    """
    check_component(component)
    check_model(model)
    u = np.asarray(u, dtype=float)
    if not np.all(np.isfinite(u)) or np.any((u < 0) | (u >= 1)):
        raise ValueError(f"u must lie in [0, 1); got {u!r}")
    phi = total_flux(component, model)
    if component in LINE_COMPONENTS:
        E, b = lines(component)
        idx = np.searchsorted(np.cumsum(b)[:-1], u, side="right")
        return E[idx], np.full_like(u, phi)
    E = _inverse_cdf(component)(u)
    return E, phi * _jacobian_spline(component)(u)


@functools.lru_cache(maxsize=None)
def _jacobian_spline(component):
    """shape(E(u)) dE/du on a dense u grid, interpolated (PCHIP).

    Evaluating the 8B shape (an R-matrix folding) at every Monte Carlo point would dominate
    the rate integrals; the Jacobian is a smooth, nearly constant function of u, so a
    tabulation on 4097 points clustered at the ends reproduces the total flux to ~1e-6 and keeps the change of variables
    exact for the interpolated spectrum.
    """
    inv = _inverse_cdf(component)
    u = 0.5 * (1 - np.cos(np.pi * np.linspace(0, 1, 4097)))   # clustered at both ends
    u = np.clip(u, 1e-12, 1 - 1e-12)
    E = inv(u)
    return PchipInterpolator(u, shape(component, E) * inv.derivative()(u), extrapolate=True)


def energy_moment(component, k=1):
    """<E^k> of a component's (normalised) spectrum, MeV^k; lines weighted by branching."""
    check_component(component)
    if component in LINE_COMPONENTS:
        E, b = lines(component)
        return float(np.sum(b * E**k))
    E, w = _gl_nodes(component, 400)
    return float(np.sum(w * E**k * shape(component, E)))


def mean_energy(component):
    """Mean neutrino energy <E> of a component, MeV."""
    return energy_moment(component, 1)
