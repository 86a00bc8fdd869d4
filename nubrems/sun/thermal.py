"""The thermal shift of the pp and hep neutrino spectra: fusion at the Gamow energy.

In the laboratory the pp and hep spectra are allowed beta+ spectra with the kinetic endpoint
E_0 of the reaction at rest (:data:`nubrems.sun.nuclear.DECAYS`, :func:`nubrems.sun.spectra.shape`). In
the Sun the two nuclei fuse with the relative kinetic energy E of the Gamow window, and E is
shared by the positron and the neutrino: the spectrum made at radius r is the laboratory
spectrum with endpoint E_0 + E, averaged over the distribution of E at the local temperature
T(r) and then over the production region. This module computes that average.

* The relative kinetic energy of the nuclei that fuse at temperature T is distributed as
  P(E) propto S(E) exp(-E/kT - b/sqrt(E)) (the Maxwell-Boltzmann flux times the Coulomb
  barrier penetration), b = pi alpha Z_1 Z_2 sqrt(2 mu c^2) = 31.29 Z_1 Z_2 sqrt(mu/u)
  keV^(1/2) (:func:`gamow_b`), with maximum (for a constant S) at the Gamow peak
  E_G = (b kT / 2)^(2/3) (:func:`gamow_peak_keV`). The astrophysical factor is taken as
  linear, S(E) = S(0) (1 + s E): for pp s = 11.3 MeV^-1 (Chen, Liu & Yu 2013, Phys. Lett. B
  720, 385, arXiv:1209.2552; 11.2 MeV^-1 in Adelberger et al. 2011, Rev. Mod. Phys. 83,
  195); most of it is the growth of the lepton phase space with E_0 + E. For hep it is set
  to 0 (its phase space grows by only 0.3 MeV^-1 at E_0 = 18.8 MeV). Either way the slope
  moves the mean of E by s Var(E), 1 % of <E> for pp. :func:`gamow_nodes` normalises P
  numerically (Gauss-Legendre on the window where P exceeds e^-36 of its peak).
* The temperature is :func:`nubrems.sun.interior.temperature_K` (B16-GS98) and the
  production weights :func:`nubrems.sun.interior.production_density`.
  :func:`energy_nodes` merges the Gamow windows of all radii into one distribution of E.
* :func:`shape` is the unit-normalised spectrum in the Sun, sum_k W_k phi(E_nu; E_0 + E_k),
  with phi the unit-normalised allowed spectrum of endpoint E_0 + E_k; :func:`mean_energy`
  its mean; ``T_K=0`` gives back the laboratory spectrum. :func:`lab_mean_energy` is the
  mean of the laboratory spectrum for any endpoint, and :func:`endpoint_derivative` its
  slope d<E_nu>/dE_0 (0.605 for pp, 0.501 for hep: the neutrino takes part of the extra
  energy, the positron the rest). :func:`endpoint` is the highest energy of the mixture and
  :func:`measure` the mixture as nodes and weights for exact moments and quadratures.
  These are the pp and hep spectra of :mod:`nubrems.sun.spectra` by default (``spectra="thermal"``;
  ``"laboratory"`` gives the reactions at rest) and hence of every rate of the book.
* The motion of the centre of mass only Doppler-shifts the neutrino: for isotropic source
  velocities the flux towards the observer keeps its number and its mean energy rises by the
  factor <gamma> = 1 + 3kT/(2 M c^2) (second order in v/c; 1.0e-6 for pp in the core);
  :func:`doppler_mean_shift` computes it from the Maxwell distribution and the D^3
  weighting of the flux.

With the B16-GS98 interior the production-averaged <E> is 6.20 keV for pp and 9.87 keV for
hep; the mean pp neutrino energy rises from 0.26488 MeV (laboratory) to 0.26863 MeV, the hep
one from 9.6250 to 9.6300 MeV. Bahcall's tabulated pp spectrum (Phys. Rev. C 56, 3391
(1997), Table IV; mean 0.2668 MeV) is matched below 0.40 MeV, to 3e-4 of its peak, by the
laboratory spectrum with the endpoint raised by a fixed 3.2 keV, about half the <E> found
here; its mean is 0.7 % below the one computed here.

Not included: electron screening. It multiplies the rate by a factor nearly independent of
E (weak screening, Salpeter 1954) and moves the energy at which the nuclei tunnel by the
screening energy U = Z_1 Z_2 e^2 / R_D, about 0.06 keV for pp at the centre of the Sun:
1 % of <E>, below 0.05 keV in the mean neutrino energy.

Energies of the nuclei are in keV (names ``_keV``), neutrino energies in MeV.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy import constants as _sc

from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.sun import interior as sun_interior
from nubrems.sun import nuclear

__all__ = ["Fusion", "REACTIONS", "K_B_KEV", "gamow_b", "gamow_peak_keV", "gamow_density",
           "gamow_nodes", "gamow_mean_keV", "energy_nodes", "mean_relative_energy_keV",
           "lab_mean_energy", "endpoint_derivative", "shape", "endpoint", "measure", "mean_energy",
           "doppler_mean_shift"]

#: Boltzmann constant, keV/K.
K_B_KEV = float(_sc.physical_constants["Boltzmann constant in eV/K"][0]) / 1e3

_M_P_MEV = float(_sc.physical_constants["proton mass energy equivalent in MeV"][0])
#: Mass of the 3He nucleus, MeV (atomic mass less two electrons; their binding, 79 eV, dropped).
_M_HE3_MEV = nuclear.atomic_mass_MeV("3He") - 2 * nuclear.M_E_MEV


class Fusion(NamedTuple):
    """A fusion reaction that makes a beta+ spectrum of :data:`nubrems.sun.nuclear.DECAYS`."""

    reaction: str           #: the reaction, in words
    Z1: int                 #: charges of the two nuclei
    Z2: int
    m1_MeV: float           #: their masses, MeV
    m2_MeV: float
    s_slope_per_MeV: float  #: S'(0)/S(0) of the linear astrophysical factor, MeV^-1

    @property
    def mu_MeV(self) -> float:
        """Reduced mass, MeV."""
        return self.m1_MeV * self.m2_MeV / (self.m1_MeV + self.m2_MeV)


#: The reactions behind the pp and hep spectra (keys are :mod:`nubrems.sun.spectra` components).
REACTIONS: dict[str, Fusion] = {
    "pp": Fusion("p + p -> d + e+ + nu_e", 1, 1, _M_P_MEV, _M_P_MEV, 11.3),
    "hep": Fusion("3He + p -> 4He + e+ + nu_e", 2, 1, _M_HE3_MEV, _M_P_MEV, 0.0),
}

#: Cut of the Gamow window: P(E) >= exp(-_WINDOW) P(E_G).
_WINDOW = 36.0
#: Gauss-Legendre nodes of the laboratory spectra's normalisation and mean (as nubrems.sun.spectra).
_LAB_NODES = 400


def _reaction(component: str) -> Fusion:
    if component not in REACTIONS:
        raise ValueError(f"no thermal model for {component!r}; one of {sorted(REACTIONS)}")
    return REACTIONS[component]


def _temperatures(T_K: ArrayLike) -> FloatArray:
    T = np.asarray(T_K, dtype=float)
    if not np.all(np.isfinite(T)) or np.any(T <= 0):
        raise ValueError("temperatures must be finite and positive (K)")
    return T


def gamow_b(component: str) -> float:
    """b = pi alpha Z_1 Z_2 sqrt(2 mu c^2) of the barrier factor exp(-b / sqrt(E)), keV^(1/2)."""
    f = _reaction(component)
    return math.pi * C.ALPHA * f.Z1 * f.Z2 * math.sqrt(2.0 * f.mu_MeV * 1e3)


def gamow_peak_keV(component: str, T_K: ArrayLike) -> FloatArray:
    """Gamow peak E_G = (b kT / 2)^(2/3), keV: the maximum of exp(-E/kT - b/sqrt(E))."""
    T = _temperatures(T_K)
    E: FloatArray = (0.5 * gamow_b(component) * K_B_KEV * T) ** (2.0 / 3.0)
    return E


def _exponent(x: FloatArray, tau: FloatArray) -> FloatArray:
    """-(E/kT + b/sqrt(E)) + 3 E_G/kT in units x = E/E_G, tau = 3 E_G/kT (0 at the peak)."""
    h: FloatArray = -(tau / 3.0) * (x + 2.0 / np.sqrt(x) - 3.0)
    return h


def _window(tau: FloatArray) -> tuple[FloatArray, FloatArray]:
    """x_lo < 1 < x_hi where the exponent has fallen by _WINDOW (convex: Newton from outside)."""
    c = 3.0 + 3.0 * _WINDOW / tau
    lo, hi = (2.0 / c) ** 2, c
    for _ in range(60):
        lo = lo - (lo + 2.0 / np.sqrt(lo) - c) / (1.0 - lo**-1.5)
        hi = hi - (hi + 2.0 / np.sqrt(hi) - c) / (1.0 - hi**-1.5)
    return lo, hi


def gamow_density(component: str, E_keV: ArrayLike, T_K: float) -> FloatArray:
    """Normalised distribution of the relative kinetic energy of fusing nuclei, keV^-1.

    P(E) = S(E) exp(-E/kT - b/sqrt(E)) / int(...) dE with the linear S of :data:`REACTIONS`;
    the normalisation is that of :func:`gamow_nodes`.
    """
    E = np.asarray(E_keV, dtype=float)
    (T,) = np.atleast_1d(_temperatures(T_K))
    _, _, norm = _gamow(component, np.array([T]), 96)
    EG = float(gamow_peak_keV(component, T))
    x = np.where(E > 0, E, 1.0) / EG
    s = _reaction(component).s_slope_per_MeV * 1e-3
    p = np.exp(_exponent(x, 3.0 * EG / (K_B_KEV * T))) * (1.0 + s * E) / norm[0]
    return np.where(E > 0, p, 0.0)


def _gamow(component: str, T: FloatArray, n: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Nodes (keV), normalised weights and the normalisation int exp(...) S/S(0) dE (keV)."""
    EG = gamow_peak_keV(component, T)
    tau = 3.0 * EG / (K_B_KEV * T)
    lo, hi = _window(tau)
    t, wt = nuclear.gauss_legendre(n)
    mid, half = 0.5 * (hi + lo), 0.5 * (hi - lo)
    x = mid[..., None] + half[..., None] * t
    E = EG[..., None] * x
    s = _reaction(component).s_slope_per_MeV * 1e-3
    w = (half * EG)[..., None] * wt * np.exp(_exponent(x, tau[..., None])) * (1.0 + s * E)
    norm = w.sum(axis=-1)
    return E, w / norm[..., None], norm


def gamow_nodes(component: str, T_K: ArrayLike, n: int = 48) -> tuple[FloatArray, FloatArray]:
    """Relative kinetic energies (keV) and weights (summing to 1) of the Gamow distribution.

    Gauss-Legendre on the window where P(E) exceeds e^-36 of its maximum; 48 nodes give the
    normalisation and the mean to better than 1e-9. Vectorised: for ``T_K`` of shape s the
    results have shape s + (n,).
    """
    T = _temperatures(T_K)
    E, w, _ = _gamow(component, T, _count(n))
    return E, w


def gamow_mean_keV(component: str, T_K: ArrayLike, n: int = 48) -> FloatArray:
    """Mean relative kinetic energy <E> of the fusing nuclei at temperature ``T_K``, keV."""
    E, w = gamow_nodes(component, T_K, n)
    mean: FloatArray = np.sum(E * w, axis=-1)
    return mean


def _count(n: int) -> int:
    return validate.integer("n", n, 8)


@functools.cache
def _production_nodes(component: str, n: int, n_r: int) -> tuple[FloatArray, FloatArray]:
    r, wr = sun_interior.production_nodes(component, n_r)
    T = sun_interior.temperature_K(r)
    EG = gamow_peak_keV(component, T)
    tau = 3.0 * EG / (K_B_KEV * T)
    lo, hi = _window(tau)
    # one Gauss-Legendre rule on the union of the windows, in sqrt(E) (the low-energy side
    # of each window is steep in E, the high-energy side long)
    y0, y1 = float(np.sqrt((EG * lo).min())), float(np.sqrt((EG * hi).max()))
    t, wt = nuclear.gauss_legendre(n)
    y = 0.5 * (y1 + y0) + 0.5 * (y1 - y0) * t
    E = y * y
    _, _, norm = _gamow(component, T, 96)
    s = _reaction(component).s_slope_per_MeV * 1e-3
    x = E[None, :] / EG[:, None]
    dens = np.exp(_exponent(x, tau[:, None])) * (1.0 + s * E[None, :]) / norm[:, None]
    W = 0.5 * (y1 - y0) * wt * 2.0 * y * np.sum(wr[:, None] * dens, axis=0)
    return E, W / W.sum()


def energy_nodes(component: str, T_K: float | None = None, n: int = 64,
                 n_r: int = 96) -> tuple[FloatArray, FloatArray]:
    """Relative kinetic energies (keV) and weights (summing to 1) of the fusing nuclei.

    ``T_K=None``: averaged over the production region of ``component``
    (:func:`nubrems.sun.interior.production_nodes`, ``n_r`` radii) at the local temperature,
    the Gamow distributions of all radii merged onto one ``n``-point rule (Gauss-Legendre
    in sqrt(E)); 64 nodes give the normalisation and the mean to 1e-10. A number: the Gamow
    distribution at that temperature (:func:`gamow_nodes`).
    """
    _reaction(component)
    if T_K is None:
        E, W = _production_nodes(component, _count(n), _count(n_r))
        return E.copy(), W.copy()
    E, W = gamow_nodes(component, float(T_K), n)
    return E, W


def mean_relative_energy_keV(component: str, T_K: float | None = None) -> float:
    """<E> of the fusing nuclei, keV: production-averaged (default) or at ``T_K``."""
    E, W = energy_nodes(component, T_K)
    return float(np.sum(E * W))


# --- the spectra ----------------------------------------------------------------------------
def _lab_moments(component: str, E0_MeV: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Normalisation int phi dE and first moment int E phi dE of the allowed spectrum."""
    d = nuclear.DECAYS[component]
    t, wt = nuclear.gauss_legendre(_LAB_NODES)
    E = 0.5 * E0_MeV[..., None] * (t + 1.0)
    f = nuclear.allowed_spectrum(E, E0_MeV[..., None], d["Z"], d["A"]) * (0.5 * E0_MeV[..., None] * wt)
    return f.sum(axis=-1), (f * E).sum(axis=-1)


def lab_mean_energy(component: str, E0_MeV: ArrayLike | None = None) -> FloatArray:
    """Mean neutrino energy of the laboratory (allowed) spectrum with kinetic endpoint E0, MeV.

    Default endpoint: the reaction at rest (:data:`nubrems.sun.nuclear.DECAYS`).
    """
    _reaction(component)
    E0 = np.asarray(nuclear.DECAYS[component]["E0"] if E0_MeV is None else E0_MeV, dtype=float)
    n0, n1 = _lab_moments(component, E0)
    mean: FloatArray = n1 / n0
    return mean


def endpoint_derivative(component: str, h_MeV: float = 1e-4) -> float:
    """d<E_nu>/dE_0 of the laboratory spectrum at the rest endpoint (central difference)."""
    _reaction(component)
    E0 = float(nuclear.DECAYS[component]["E0"])
    m = lab_mean_energy(component, np.array([E0 - h_MeV, E0 + h_MeV]))
    return float((m[1] - m[0]) / (2.0 * h_MeV))


@functools.lru_cache(maxsize=32)
def _mixture(component: str, T_K: float | None, n: int) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Endpoints E_0 + E_k (MeV), weights W_k and normalisations of the spectra they mix."""
    if T_K is not None and T_K == 0.0:
        Ek, W = np.zeros(1), np.ones(1)
    else:
        Ek, W = energy_nodes(component, T_K, n)
    E0 = nuclear.DECAYS[component]["E0"] + 1e-3 * Ek
    n0, _ = _lab_moments(component, E0)
    return E0, W, n0


def shape(component: str, E_MeV: ArrayLike, T_K: float | None = None, n: int = 64) -> FloatArray:
    """Unit-normalised neutrino spectrum made by fusion in the Sun, MeV^-1.

    sum_k W_k phi(E_nu; E_0 + E_k): the allowed spectrum phi, normalised to 1, with the
    endpoint raised by the relative kinetic energy E_k of the nuclei (:func:`energy_nodes`:
    production-averaged for ``T_K=None``, at one temperature otherwise). ``T_K=0`` is the
    laboratory spectrum, equal to :func:`nubrems.sun.spectra.shape`.
    """
    _reaction(component)
    d = nuclear.DECAYS[component]
    E = np.asarray(E_MeV, dtype=float)
    if not np.all(np.isfinite(E)) or np.any(E < 0):
        raise ValueError("E_MeV must be finite and >= 0")
    E0, W, n0 = _mixture(component, None if T_K is None else float(T_K), _count(n))
    phi = nuclear.allowed_spectrum(E[..., None], E0, d["Z"], d["A"]) / n0
    result: FloatArray = np.sum(phi * W, axis=-1)
    return result


def endpoint(component: str, T_K: float | None = None, n: int = 64) -> float:
    """Highest neutrino energy of :func:`shape`, MeV: E_0 plus the largest E_k of the mixture.

    :func:`shape` is zero above it. The spectrum is negligible well before: for pp (production-
    averaged) 0.49 % of the neutrinos lie above the laboratory endpoint E_0, 6e-8 above
    E_0 + 20 keV and 3e-14 above E_0 + 40 keV, while the largest E_k is 63 keV.
    """
    _reaction(component)
    E0, _, _ = _mixture(component, None if T_K is None else float(T_K), _count(n))
    return float(E0.max())


def measure(component: str, T_K: float | None = None, n: int = 64) -> tuple[FloatArray, FloatArray]:
    """:func:`shape` as a discrete measure: nodes (MeV) and weights summing to 1.

    The 400-point Gauss-Legendre rule of each mixed spectrum on its own interval
    [0, E_0 + E_k], times W_k phi(E; E_0 + E_k): sum w f(E) = int shape(E) f(E) dE for smooth
    f, as exact as the laboratory moments (the first moment is :func:`mean_energy`). A rule
    on [0, :func:`endpoint`] converges slowly instead: each of the mixed spectra ends inside
    that interval, where it drops to zero within a fraction of a keV (the Fermi function of
    a slow positron). :mod:`nubrems.sun.spectra` builds its quadratures from this measure.
    """
    _reaction(component)
    d = nuclear.DECAYS[component]
    E0, W, n0 = _mixture(component, None if T_K is None else float(T_K), _count(n))
    t, wt = nuclear.gauss_legendre(_LAB_NODES)
    E = 0.5 * E0[:, None] * (t + 1.0)
    w = (0.5 * E0[:, None] * wt) * nuclear.allowed_spectrum(E, E0[:, None], d["Z"], d["A"]) \
        * (W / n0)[:, None]
    return E.ravel(), w.ravel()


def mean_energy(component: str, T_K: float | None = None, n: int = 64) -> float:
    """Mean neutrino energy of :func:`shape`, MeV: sum_k W_k <E_nu>(E_0 + E_k)."""
    _reaction(component)
    d = nuclear.DECAYS[component]
    if T_K is not None and float(T_K) == 0.0:
        return float(lab_mean_energy(component))
    Ek, W = energy_nodes(component, T_K, n)
    return float(np.sum(W * lab_mean_energy(component, d["E0"] + 1e-3 * Ek)))


# --- the motion of the centre of mass -----------------------------------------------------------
def doppler_mean_shift(T_K: float, M_MeV: float, n: int = 64) -> float:
    """Relative rise of the mean neutrino energy from the thermal motion of the emitter.

    A source of mass M moving with velocity beta (Maxwell distribution at T, isotropic)
    that emits isotropically in its rest frame sends towards a fixed observer a flux
    weighted by D^2 and energies scaled by D = 1 / (gamma (1 - beta cos theta)). Returns
    <D^3> / <D^2> - 1, computed by Gauss-Legendre quadrature over speed and angle; it
    equals <gamma> - 1 = 3kT / (2 M c^2) to leading order (<D^2> = 1: the number is kept).
    """
    theta = K_B_KEV * float(T_K) / (1e3 * float(M_MeV))
    if not theta > 0:
        raise ValueError("T_K and M_MeV must be positive")
    t, wt = nuclear.gauss_legendre(n)
    bmax = 12.0 * math.sqrt(theta)                  # Maxwell tail beyond: e^-72
    beta = 0.5 * bmax * (t + 1.0)
    wb = 0.5 * bmax * wt * beta**2 * np.exp(-0.5 * beta**2 / theta)
    mu = t[:, None]
    gamma = 1.0 / np.sqrt(1.0 - beta**2)
    D = 1.0 / (gamma * (1.0 - beta * mu))
    num = np.sum(wb * np.sum(wt[:, None] * D**3, axis=0))
    den = np.sum(wb * np.sum(wt[:, None] * D**2, axis=0))
    return float(num / den - 1.0)
