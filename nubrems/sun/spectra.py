"""Solar neutrino spectra: components, fluxes, shapes, and the quadratures and energy maps
of the rate integrals.

Components (:data:`COMPONENTS`) are the eight neutrino sources of the pp chain and the CNO
cycle. Their fluxes at Earth are those of the B16 standard solar models (Vinyoles et al.
2017, ApJ 835, 202), :data:`FLUXES`, one entry per solar model (:data:`MODELS`). The
spectral *shapes* come from nuclear physics (:mod:`nubrems.sun.nuclear`):

* ``pp``, ``hep``, ``13N``, ``15O``, ``17F`` -- allowed beta+ spectra,
  dN/dE_nu propto E_nu^2 p W F(Z, W) (:func:`nubrems.sun.nuclear.allowed_spectrum`), computed
  on the fly: they are closed-form and cheap.
* ``pp`` and ``hep`` in the Sun (``spectra="thermal"``, the default of every function
  here, :data:`SPECTRA`): the nuclei fuse with the relative kinetic energy of the Gamow
  window, which raises the endpoint of the allowed spectrum; the spectrum is the mixture
  of :func:`nubrems.sun.thermal.shape` (pp mean 0.26863 MeV instead of 0.26488 MeV, hep
  9.62997 instead of 9.62503 MeV). ``spectra="laboratory"`` gives the allowed spectra of
  the reactions at rest. The other components are the same for both choices. The
  quadrature of a thermal spectrum is the Gauss rule of the spectrum itself
  (:func:`quadrature`), its moments are exact sums over the mixture
  (:func:`nubrems.sun.thermal.measure`). Building them and the tables of :func:`energy_map`
  takes about 0.2 s per thermal component, once per process (0.02 s for a laboratory
  spectrum; ``benchmarks/bench_solar.py``).
* ``8B`` -- beta+ decay into the broad 2+ state of 8Be folded with its R-matrix
  distribution (:func:`nubrems.sun.nuclear.b8_spectrum`). That computation (mpmath Coulomb
  functions, a double integral) takes seconds, so it is done once, by ``python -m
  nubrems.sun.tables``, and the shape is read here from the table
  ``data/solar/8B_fine.csv`` (:data:`TABULATED`) and interpolated by a cubic spline.
  ``tests/test_solar.py`` checks this path against the full computation: the shape agrees
  to 1e-8 of its peak, the moments to 1e-10, the flux of the 64-node quadrature to
  4e-10 and the energy map's Jacobian to 2e-7.
* ``pep`` and ``7Be`` -- electron-capture lines (two-body final states). The 7Be line has
  two branches, to the ground state of 7Li and to its 477.6 keV level (89.6 % / 10.4 %).
  Lines are returned by :func:`lines` and are *not* part of :func:`spectrum` unless a
  plasma temperature is given for thermal broadening (:func:`line_profile`).

Everything derived from a shape (normalisation, moments, the inverse CDF and Jacobian of
:func:`energy_map`) is computed on first use and cached; nothing is read or computed at
import, so importing this module (and :mod:`nubrems.core.catalogue`, which takes
:data:`MODELS` from here) stays cheap.

Energies are in MeV, fluxes in cm^-2 s^-1, flux densities in cm^-2 s^-1 MeV^-1.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.sun import nuclear, thermal
from nubrems.sun.components import (
    COMPONENTS,
    CONTINUOUS,
    FLUXES,
    LINE_COMPONENTS,
    MODELS,
    SPECTRA,
    TABULATED,
    THERMAL,
    check_component,
    check_model,
    check_spectra,
    read_table,
    table_path,
    thermal_key,
    uses_thermal,
)

if TYPE_CHECKING:
    from scipy.interpolate import PchipInterpolator

__all__ = ["COMPONENTS", "CONTINUOUS", "LINE_COMPONENTS", "TABULATED", "THERMAL", "SPECTRA", "MODELS",
           "FLUXES", "spectrum", "total_flux", "shape", "lines", "endpoint", "mean_energy",
           "energy_moment", "quadrature", "energy_map", "line_profile", "check_component",
           "check_model", "check_spectra", "check_energy", "LINE_TOLERANCE_MEV", "table_path"]

def _energies(E_MeV: ArrayLike, name: str = "E_MeV") -> FloatArray:
    E = np.asarray(E_MeV, dtype=float)
    if not np.all(np.isfinite(E)) or np.any(E < 0):
        raise ValueError(f"{name} must be finite and non-negative (neutrino energy in MeV); got {E_MeV!r}")
    return E


@functools.cache
def _tabulated_shape(component: str) -> Callable[[ArrayLike], FloatArray]:
    """Cubic spline through ``<component>_fine.csv`` (dN/dE in MeV^-1 on a uniform grid).

    The table resolves the shape well enough that the spline's error (5e-9 of the peak,
    the table's 9 significant digits) is invisible in every derived quantity.
    """
    from scipy.interpolate import CubicSpline  # lazy: keeps the package import light

    E, f = read_table(f"{component}_fine.csv").T
    spline = CubicSpline(E, f)
    E0 = endpoint(component)

    def shape(E_MeV: ArrayLike) -> FloatArray:
        E_MeV = np.asarray(E_MeV, dtype=float)
        inside = (E_MeV > 0) & (E_MeV < E0)
        # the spectrum vanishes exponentially at the endpoint: keep the spline's wiggles
        # of ~1e-9 there from turning into negative flux
        return np.where(inside, np.maximum(spline(np.where(inside, E_MeV, 0.0)), 0.0), 0.0)

    return shape


def _unnormalised(component: str, E: ArrayLike, spectra: str = "laboratory") -> FloatArray:
    """Spectral shape up to a constant, MeV^-1 (continuous components)."""
    if uses_thermal(component, spectra):
        return thermal.shape(component, E)
    if component in TABULATED:
        return _tabulated_shape(component)(E)
    d = nuclear.DECAYS[component]
    return nuclear.allowed_spectrum(E, d["E0"], d["Z"], d["A"])


def _gl_nodes(component: str, n: int) -> tuple[FloatArray, FloatArray]:
    """Gauss-Legendre nodes and weights on [0, laboratory endpoint] (MeV)."""
    x, w = nuclear.gauss_legendre(n)
    E0 = endpoint(component, spectra="laboratory")
    return 0.5 * E0 * (x + 1), 0.5 * E0 * w


@functools.cache
def _thermal_measure(component: str) -> tuple[FloatArray, FloatArray]:
    """Nodes (MeV) and weights of a thermal spectrum (:func:`nubrems.sun.thermal.measure`)."""
    return thermal.measure(component)


@functools.cache
def _norm(component: str, spectra: str = "laboratory") -> float:
    if uses_thermal(component, spectra):
        return float(np.sum(_thermal_measure(component)[1]))    # 1 to rounding
    # 400 points: the rule of the tables (nuclear.b8_shape), exact to ~1e-12 for these shapes
    E, w = _gl_nodes(component, 400)
    return float(np.sum(w * _unnormalised(component, E)))


# --- public API --------------------------------------------------------------------------------
def endpoint(component: str, *, spectra: str = "thermal") -> float:
    """Maximum neutrino energy of a component, MeV.

    For the beta+ spectra the kinetic endpoint Q_EC - 2 m_e; for 8B that of the decay to
    the 2-alpha threshold; for the lines the highest line energy. The thermal pp and hep
    spectra (``spectra="thermal"``, the default) reach beyond it:
    :func:`nubrems.sun.thermal.endpoint`, the laboratory endpoint plus the largest relative
    kinetic energy of the fusing nuclei in the mixture (pp: 0.4830 instead of 0.4202 MeV,
    hep: 18.846 instead of 18.773 MeV), above which the spectrum is zero; it is negligible
    well before (pp: 6e-8 of the neutrinos above E_0 + 20 keV). ``spectra="laboratory"``
    gives the endpoint of the reaction at rest.
    """
    check_component(component)
    if uses_thermal(component, spectra):
        return thermal.endpoint(component)
    if component in LINE_COMPONENTS:
        return float(nuclear.capture_lines()[component][0].max())
    return float(nuclear.DECAYS[component]["E0"])


#: How far (MeV) an energy may lie from a line of a line component (thermal widths are ~1 keV).
LINE_TOLERANCE_MEV = 0.01


def check_energy(component: str, E_MeV: float, name: str = "E_MeV", *, spectra: str = "thermal") -> float:
    """``E_MeV`` if a neutrino of ``component`` can have it: within the spectrum, or at a line.

    The spectrum ends at :func:`endpoint` of ``spectra``. Raises ValueError naming ``name``,
    the value and the component's lines or endpoint.
    """
    line_energies, _ = lines(component)
    top = endpoint(component, spectra=spectra)
    if len(line_energies):
        if min(abs(float(e) - E_MeV) for e in line_energies) > LINE_TOLERANCE_MEV:
            raise ValueError(f"{name} = {E_MeV:g} MeV: {component} neutrinos come in lines at "
                             + ", ".join(f"{e:.4g}" for e in line_energies) + " MeV")
    elif E_MeV > top:
        which = f" ({spectra} spectrum)" if component in THERMAL else ""
        raise ValueError(f"{name} = {E_MeV:g} MeV is above the {component} endpoint{which}, {top:.4g} MeV")
    return E_MeV


def lines(component: str) -> tuple[FloatArray, FloatArray]:
    """Line energies (MeV) and branching fractions of a component; empty arrays if continuous."""
    check_component(component)
    if component in LINE_COMPONENTS:
        return nuclear.capture_lines()[component]
    return np.array([]), np.array([])


def total_flux(component: str, model: str = "B16-GS98") -> float:
    """Flux of one component at Earth, cm^-2 s^-1 (Vinyoles et al. 2017)."""
    return FLUXES[check_model(model)][check_component(component)]


def line_profile(component: str, E_MeV: ArrayLike, kT_keV: float) -> FloatArray:
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
    m_e = nuclear.M_E_MEV
    # electron kinetic energies: Gauss-Legendre grid in T/kT on [0, 40]
    x, w = nuclear.gauss_legendre(200)
    s = 20.0 * (x + 1)                              # T / kT in [0, 40]
    ws = 20.0 * w
    T = s * kT_MeV
    v = np.sqrt(1 - (m_e / (m_e + T)) ** 2)
    eta = nuclear.CAPTURE_Z[component] * C.ALPHA / v
    weight = np.sqrt(s) * np.exp(-s) * 2 * np.pi * eta / -np.expm1(-2 * np.pi * eta)
    weight = weight * ws / np.sum(weight * ws)
    out = np.zeros_like(E)
    for E_line, b in zip(*lines(component), strict=True):
        sigma = E_line * math.sqrt(kT_MeV / nuclear.CAPTURE_MASS_MEV[component])
        z = (E[..., None] - E_line - T) / sigma
        out = out + b * np.sum(weight * np.exp(-0.5 * z * z), axis=-1) / (sigma * math.sqrt(2 * np.pi))
    return out


def shape(component: str, E_MeV: ArrayLike, line_kT_keV: float | None = None, *,
          spectra: str = "thermal") -> FloatArray:
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
    spectra : {"thermal", "laboratory"}
        The pp and hep spectra made in the Sun (default) or of the reactions at rest
        (:data:`SPECTRA`); the other components do not depend on it.

    Returns
    -------
    ndarray
        dN/dE in MeV^-1, integrating to 1 over energy (continuous components).
    """
    check_component(component)
    key = thermal_key(component, spectra)
    E = _energies(E_MeV)
    if component in LINE_COMPONENTS:
        if line_kT_keV is None:
            return np.zeros_like(E)
        return line_profile(component, E, line_kT_keV)
    return _unnormalised(component, E, key) / _norm(component, key)


def spectrum(component: str, E_MeV: ArrayLike, model: str = "B16-GS98",
             line_kT_keV: float | None = None, *, spectra: str = "thermal") -> FloatArray:
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
    spectra : {"thermal", "laboratory"}
        The pp and hep spectra, as in :func:`shape`.
    """
    check_component(component)
    check_model(model)
    return total_flux(component, model) * shape(component, E_MeV, line_kT_keV, spectra=spectra)


def quadrature(component: str, model: str = "B16-GS98", n: int = 64, *,
               spectra: str = "thermal") -> tuple[FloatArray, FloatArray]:
    """Nodes and flux weights such that sum(w * f(E)) ~ int phi(E) f(E) dE.

    Continuous components: n-point Gauss-Legendre rule on [0, endpoint] times the
    differential flux (the spectra vanish smoothly at both ends, so the rule converges
    fast for smooth f). The thermal pp and hep spectra (``spectra="thermal"``, the
    default) mix 64 allowed spectra that end at different energies, each within a
    fraction of a keV, inside that interval, where a Gauss-Legendre rule converges slowly
    (2e-4 in the pp flux with 64 nodes): their nodes and weights are the n-point Gauss
    rule of the spectrum itself (``_gauss_rule``), exact for polynomials of degree
    2n - 1 in E. Lines: their energies with weights flux * branching (n ignored).

    Returns
    -------
    (ndarray, ndarray)
        Energies in MeV and weights in cm^-2 s^-1.
    """
    check_component(component)
    check_model(model)
    key = thermal_key(component, spectra)
    validate.integer("n", n, 2, allowed="an integer >= 2 (number of quadrature nodes)")
    phi = total_flux(component, model)
    if component in LINE_COMPONENTS:
        E, b = lines(component)
        return E, phi * b
    if key == "thermal":
        E, w = _gauss_rule(component, int(n))
        return E.copy(), phi * w
    E, w = _gl_nodes(component, int(n))
    return E, w * spectrum(component, E, model, spectra=key)


@functools.lru_cache(maxsize=32)
def _gauss_rule(component: str, n: int) -> tuple[FloatArray, FloatArray]:
    """The n-point Gauss rule of a thermal spectrum: nodes (MeV) and weights summing to 1.

    sum w f(E) = int shape(E) f(E) dE exactly for polynomials f of degree up to 2n - 1.
    The recurrence coefficients of the polynomials orthogonal with respect to the spectrum
    come from the Stieltjes procedure on its discrete measure (:func:`_thermal_measure`,
    25600 nodes: converged for any n up to the 1000 nodes the catalogue allows), the nodes
    and weights from the eigenvalues and eigenvectors of their Jacobi matrix (Golub and
    Welsch 1969). The moments <E^k>, k <= 3, agree with the measure's to 1e-15.
    """
    from scipy.linalg import eigh_tridiagonal  # lazy: keeps the package import light

    E, w = _thermal_measure(component)
    scale = float(E.max())
    x = E / scale
    a, b = np.zeros(n), np.zeros(n)
    p_prev, p = np.zeros_like(x), np.full_like(x, 1.0 / math.sqrt(float(w.sum())))   # orthonormal
    for k in range(n):
        a[k] = np.sum(w * x * p * p)
        q = (x - a[k]) * p - (b[k - 1] * p_prev if k else 0.0)
        if k < n - 1:
            b[k] = math.sqrt(float(np.sum(w * q * q)))
            p_prev, p = p, q / b[k]
    nodes, vectors = eigh_tridiagonal(a, b[:-1])
    return scale * nodes, float(w.sum()) * vectors[0] ** 2


@functools.cache
def _inverse_cdf(component: str, spectra: str = "laboratory") -> PchipInterpolator:
    """PCHIP interpolant of E(u), u the cumulative fraction (continuous components)."""
    from scipy.interpolate import PchipInterpolator  # lazy: keeps the package import light

    E0 = endpoint(component, spectra=spectra)
    # nodes dense enough for the E^2 start and the exponential end; integrate by GL per cell
    edges = E0 * (0.5 - 0.5 * np.cos(np.linspace(0, np.pi, 801)))
    x, w = nuclear.gauss_legendre(12)
    mid, half = 0.5 * (edges[1:] + edges[:-1]), 0.5 * np.diff(edges)
    pts = mid[:, None] + half[:, None] * x
    cell = np.sum(shape(component, pts.ravel(), spectra=spectra).reshape(pts.shape) * w, axis=1) * half
    cdf = np.concatenate([[0.0], np.cumsum(cell)])
    cdf /= cdf[-1]
    keep = np.concatenate([[True], np.diff(cdf) > 1e-15])   # strictly increasing knots
    return PchipInterpolator(cdf[keep], edges[keep])


@functools.cache
def _jacobian_spline(component: str, spectra: str = "laboratory") -> PchipInterpolator:
    """shape(E(u)) dE/du on a dense u grid, interpolated (PCHIP).

    The Jacobian is a smooth, nearly constant function of u: a tabulation on 4097 points
    clustered at the ends reproduces the total flux to ~1e-6, keeps the change of variables
    exact for the interpolated spectrum and makes each Monte Carlo point one cheap
    interpolation instead of a shape evaluation.
    """
    from scipy.interpolate import PchipInterpolator  # lazy: keeps the package import light

    inv = _inverse_cdf(component, spectra)
    u = 0.5 * (1 - np.cos(np.pi * np.linspace(0, 1, 4097)))   # clustered at both ends
    u = np.clip(u, 1e-12, 1 - 1e-12)
    E = inv(u)
    return PchipInterpolator(u, shape(component, E, spectra=spectra) * inv.derivative()(u), extrapolate=True)


def energy_map(component: str, u: ArrayLike, model: str = "B16-GS98", *,
               spectra: str = "thermal") -> tuple[FloatArray, FloatArray]:
    """Map u in [0, 1) to a solar neutrino energy, for Monte Carlo integration.

    Continuous components: E(u) is a monotone (PCHIP) interpolation of the inverse
    cumulative distribution and dPhi/du = phi(E(u)) dE/du its Jacobian (tabulated once
    per component, ``_jacobian_spline``), so int_0^1 du dPhi/du f(E(u)) =
    int dE phi(E) f(E) for any f, and dPhi/du is close to the constant total flux (what
    makes this a good vegas variable). Lines: u is split into intervals of length equal
    to the branchings, dPhi/du = total flux.

    Parameters
    ----------
    component : str
    u : array_like
        Points in [0, 1).
    model : str
    spectra : {"thermal", "laboratory"}
        The pp and hep spectra, as in :func:`shape` (tables built once per process for each).

    Returns
    -------
    (ndarray, ndarray)
        E in MeV and dPhi/du in cm^-2 s^-1.
    """
    check_component(component)
    check_model(model)
    key = thermal_key(component, spectra)
    u = np.asarray(u, dtype=float)
    if not np.all(np.isfinite(u)) or np.any((u < 0) | (u >= 1)):
        raise ValueError(f"u must lie in [0, 1); got {u!r}")
    phi = total_flux(component, model)
    if component in LINE_COMPONENTS:
        E, b = lines(component)
        idx = np.searchsorted(np.cumsum(b)[:-1], u, side="right")
        return E[idx], np.full_like(u, phi)
    E = _inverse_cdf(component, key)(u)
    return E, phi * _jacobian_spline(component, key)(u)


def energy_moment(component: str, k: float = 1, *, spectra: str = "thermal") -> float:
    """<E^k> of a component's (normalised) spectrum, MeV^k; lines weighted by branching.

    Continuous spectra: the 400-point Gauss-Legendre rule on [0, endpoint]; the thermal pp
    and hep spectra (``spectra="thermal"``): the sum over the mixture of that rule for each
    of its spectra (:func:`nubrems.sun.thermal.measure`).
    """
    check_component(component)
    key = thermal_key(component, spectra)
    if component in LINE_COMPONENTS:
        E, b = lines(component)
        return float(np.sum(b * E**k))
    if key == "thermal":
        E, w = _thermal_measure(component)
        return float(np.sum(w * E**k) / _norm(component, key))
    E, w = _gl_nodes(component, 400)
    return float(np.sum(w * E**k * shape(component, E, spectra=key)))


def mean_energy(component: str, *, spectra: str = "thermal") -> float:
    """Mean neutrino energy <E> of a component, MeV (``spectra`` as in :func:`shape`)."""
    return energy_moment(component, 1, spectra=spectra)


#: Caches of everything derived from a shape, keyed by (component, spectra) where the
#: spectra matter (cleared by the tests that swap the 8B source).
_CACHES = (_tabulated_shape, _norm, _thermal_measure, _gauss_rule, _inverse_cdf, _jacobian_spline)
