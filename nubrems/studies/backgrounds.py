"""The signal against its backgrounds in the plane of photon energy and angle to the Sun.

* **The signal in the plane** (:func:`signal_plane`): the one-flavour rate integrand of
  :func:`nubrems.rates.one_flavour.integrand`, each vegas point binned by the index of its
  (energy, angle) bin, so that vegas integrates the 2-D histogram with the same settings
  and seeds as :func:`nubrems.rates.one_flavour.photon_rate` (component c: seed + its index
  in :data:`nubrems.sun.spectra.COMPONENTS`).
* **Solar neutrinos that decay in flight** (:func:`decays_in_flight_histogram`): a solar
  nu_i of energy E >> m_i decays, nu_i -> nu_j gamma, at the dilated rate Gamma_ij m_i / E;
  at a density phi P_i(E) / c (P_i the mass-state fraction of
  :func:`nubrems.rates.three_flavour.solar_mass_states`) that gives
  phi P_i Gamma_ij m_i / (E c) decays per unit volume and time, whose sum is the total of
  :func:`nubrems.studies.radiative_decays.solar_decays_in_flight`. A decay isotropic in the
  rest frame gives the photon a rest-frame energy k* = (m_i^2 - m_j^2) / (2 m_i) and, boosted
  with gamma = E / m_i (beta -> 1), a lab energy k = gamma k* (1 + cos theta*), uniform in
  [0, E_max], E_max = E (1 - m_j^2 / m_i^2), at the lab angle
  tan theta = sin theta* / (gamma (cos theta* + 1)) = (m_i / E) sqrt(E_max / k - 1)
  to the neutrino's direction (the direction away from the Sun). Within an energy bin the
  photons are put at the angle of the bin's geometric centre.
* **The best cut** (:func:`best_cut`): of all selections "photon energy in a window of the
  energy bins, angle below an angle edge" that keep a given share of the signal in the
  plane, the one with the largest signal over background (:func:`~nubrems.kinematics.histograms.window_sums`).
* **The solar band of a spectrum near an energy or angle** (:func:`solar_band_percent`): the
  1-sigma "solar fluxes" source of a per-bin band of
  :func:`nubrems.rates.uncertainty.spectrum_bands` relative to the bin; the signed "solar
  model" shift of that bin apart (:func:`model_shift_percent`), never added to it.
* **A budget as prose quotes it** (:func:`budget_text`): the central value with its 1 sigma
  and, apart, the solar-model shift, with one power of ten.

Photons are per km^3 of target and Julian year; energies in MeV, angles in rad, masses in eV.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.core.params import Params
from nubrems.core.typeset import Text, power_of_ten
from nubrems.flavour import mixing
from nubrems.kinematics import binning
from nubrems.kinematics.histograms import window_sums
from nubrems.kinematics.phasespace import ThreeBodyMap
from nubrems.rates import one_flavour
from nubrems.rates.integration import HistogramIntegrand, VegasRun, integrate
from nubrems.rates.three_flavour import solar_mass_states
from nubrems.rates.uncertainty import Band, Budget
from nubrems.studies import radiative_decays
from nubrems.sun import spectra as solar

__all__ = ["Cut", "SignalPlane", "BudgetText", "best_cut", "decays_in_flight_histogram", "signal_plane",
           "solar_band_percent", "model_shift_percent", "budget_text"]

#: cm^3 per km^3.
_KM3_CM3 = 1e15


@dataclass(frozen=True)
class SignalPlane:
    """The signal in bins of photon energy and angle to the Sun (:func:`signal_plane`).

    Attributes
    ----------
    energy_edges_MeV, angle_edges_rad : ndarray
        The bin edges (MeV, rad).
    values : ndarray, shape (energy bins, angle bins)
        Photons per km^3 and year in each bin.
    variances : ndarray, shape (energy bins, angle bins)
        Their Monte Carlo variances, (per km^3 and year)^2, the components' in sum.
    total, total_error : float
        All photons per km^3 and year, also those outside the bins, and the error.
    """

    energy_edges_MeV: FloatArray
    angle_edges_rad: FloatArray
    values: FloatArray
    variances: FloatArray
    total: float
    total_error: float

    @property
    def errors(self) -> FloatArray:
        """The 1-sigma Monte Carlo error of each bin, per km^3 and year."""
        out: FloatArray = np.sqrt(self.variances)
        return out


def _plane_run(index: int, component: str, params: Params, e_edges: FloatArray, t_edges: FloatArray,
               rtol: float, seed: int, neval: int, nitn_adapt: int, max_iterations: int) -> VegasRun:
    """One component's vegas run, binned by the flat index i * (angle bins) + j of its 2-D bin."""
    f = one_flavour.integrand(component, params, e_edges, t_edges)
    n_e, n_t = e_edges.size - 1, t_edges.size - 1
    e_edges_eV = e_edges * C.MEV

    def point(x: FloatArray) -> tuple[FloatArray, tuple[FloatArray]]:
        weight, (E_eV, theta) = f.point(x)
        i = np.searchsorted(e_edges_eV, E_eV) - 1
        j = np.searchsorted(t_edges, theta) - 1
        inside = (i >= 0) & (i < n_e) & (j >= 0) & (j < n_t)
        return weight, (np.where(inside, i * n_t + j, -1).astype(float),)

    g = HistogramIntegrand(point, [np.arange(n_e * n_t + 1) - 0.5])
    return integrate(g, 1 + ThreeBodyMap.dim, rtol, seed + index, neval, nitn_adapt, max_iterations)


def signal_plane(params: Params, energy_edges_MeV: ArrayLike, angle_edges_rad: ArrayLike, rtol: float = 1e-2,
                 seed: int = 1, neval: int = 5_000, nitn_adapt: int = 5, max_iterations: int = 100) -> SignalPlane:
    """The one-flavour signal in bins of photon energy and angle to the Sun, by vegas.

    Parameters
    ----------
    params : Params
        Physics parameters; the result is per km^3 and year whatever their volume and years.
    energy_edges_MeV : array_like
        Photon-energy bin edges (MeV, >= 0, strictly increasing).
    angle_edges_rad : array_like
        Bin edges of the angle to the direction away from the Sun (rad, in [0, pi]).
    rtol : float
        Requested relative precision of each component's total, in (0, 1) (a figure's bins
        need fewer points than a total).
    seed : int
        Seed of vegas' random numbers (>= 0): component c uses seed + its index in
        :data:`nubrems.sun.spectra.COMPONENTS`, as :func:`~nubrems.rates.one_flavour.photon_rate`.
    neval, nitn_adapt, max_iterations : int
        As in :func:`nubrems.rates.integration.integrate` (the defaults of ``photon_rate``).

    Returns
    -------
    SignalPlane
    """
    e = binning.check_edges(energy_edges_MeV, "energy_edges_MeV", what="photon-energy bin edges (MeV)")
    t = binning.check_edges(angle_edges_rad, "angle_edges_rad", math.pi, "angle bin edges (rad)")
    rtol = validate.fraction("rtol", rtol)
    seed = validate.integer("seed", seed, 0)
    neval = validate.integer("neval", neval, 100)
    nitn_adapt = validate.integer("nitn_adapt", nitn_adapt, 1)
    max_iterations = validate.integer("max_iterations", max_iterations, 1)
    runs = [_plane_run(k, c, params, e, t, rtol, seed, neval, nitn_adapt, max_iterations)
            for k, c in enumerate(solar.COMPONENTS)]
    shape = (e.size - 1, t.size - 1)
    scale = params.exposure_cm3_s / (params.volume_km3 * params.years)     # -> per km^3 and year
    zero = np.zeros(shape[0] * shape[1])
    values = sum((r.mean[1:] for r in runs), zero).reshape(shape) * scale
    variances = sum((r.sdev[1:] ** 2 for r in runs), zero).reshape(shape) * scale**2
    total = sum(r.mean[0] for r in runs) * scale
    error = math.sqrt(sum(r.sdev[0] ** 2 for r in runs)) * scale
    return SignalPlane(e, t, values, variances, float(total), float(error))


def decays_in_flight_histogram(params: Params, masses_eV: ArrayLike, moments_eV: ArrayLike,
                               ordering: str, energy_edges_MeV: ArrayLike, angle_edges_rad: ArrayLike,
                               components: Iterable[str] | None = None, n_nodes: int = 64) -> FloatArray:
    """Photons of solar neutrinos that decay in flight, in bins of energy and angle to the Sun.

    The kinematics of the module docstring: photon energies uniform in [0, E_max] per
    neutrino, all photons of an energy bin at the angle of its geometric centre (the centre
    of a bin that starts at 0: its upper edge); angles outside ``angle_edges_rad`` count in
    the first or last angle bin, so that over energy bins from 0 to above the largest solar
    energy the histogram adds up to the total of
    :func:`nubrems.studies.radiative_decays.solar_decays_in_flight`.

    Parameters
    ----------
    params : Params
        Physics parameters: the solar model and the pp and hep spectra.
    masses_eV : array_like, shape (3,)
        The masses m_1, m_2, m_3 (eV).
    moments_eV : array_like, shape (3, 3)
        The magnetic-moment matrix (eV^-1), as :func:`~nubrems.studies.radiative_decays.decay_widths_eV`.
    ordering : str
        Mass ordering of the MSW mass-state fractions ("normal" or "inverted").
    energy_edges_MeV : array_like
        Photon-energy bin edges (MeV, >= 0, strictly increasing).
    angle_edges_rad : array_like
        Angle bin edges (rad, in [0, pi]).
    components : iterable of str, optional
        Solar components (default: all of :data:`nubrems.sun.spectra.COMPONENTS`).
    n_nodes : int
        Quadrature nodes of each continuous solar spectrum (>= 2).

    Returns
    -------
    ndarray, shape (energy bins, angle bins)
        Photons per km^3 and year in each bin.
    """
    e = binning.check_edges(energy_edges_MeV, "energy_edges_MeV", what="photon-energy bin edges (MeV)")
    t = binning.check_edges(angle_edges_rad, "angle_edges_rad", math.pi, "angle bin edges (rad)")
    m = validate.finite_array("masses_eV", masses_eV, "three finite masses >= 0 eV", minimum=0.0)
    if m.shape != (3,):
        raise ValueError(f"masses_eV must be three finite masses >= 0 eV; got shape {m.shape}")
    validate.choice("ordering", ordering, mixing.ORDERINGS)
    n_nodes = validate.integer("n_nodes", n_nodes, 2)
    comps = [solar.check_component(c) for c in (solar.COMPONENTS if components is None else components)]
    rate = radiative_decays.decay_widths_eV(m, moments_eV) / C.HBAR_EV_S      # per s
    out = np.zeros((e.size - 1, t.size - 1))
    lo, hi = e[:-1], e[1:]
    mid = np.where(lo > 0, np.sqrt(lo * hi), hi)
    e_bin = np.arange(lo.size)
    for comp in comps:
        E, w = solar.quadrature(comp, params.solar_model, n_nodes, spectra=params.spectra)   # MeV
        P = solar_mass_states(comp, E, ordering)
        for i, j in zip(*np.nonzero(rate), strict=True):          # over decay channels
            # decays per cm^3 and s of the neutrinos at each node
            n = w * P[:, i] * rate[i, j] * m[i] / (E * C.MEV)
            n = n / C.C_CM_S
            E_max = E * (1 - (m[j] / m[i]) ** 2)
            share = np.clip(np.minimum(hi, E_max[:, None]) - lo, 0, None)
            share = share / E_max[:, None]                          # (node, energy bin)
            ratio = np.clip(E_max[:, None] / mid - 1, 0, None)
            theta = np.arctan(m[i] / (E[:, None] * C.MEV) * np.sqrt(ratio))
            t_bin = np.clip(np.searchsorted(t, theta) - 1, 0, t.size - 2)
            np.add.at(out, (np.broadcast_to(e_bin, t_bin.shape), t_bin), n[:, None] * share)
    result: FloatArray = out * _KM3_CM3 * C.YEAR_S
    return result


@dataclass(frozen=True)
class Cut:
    """A selection in photon energy and angle to the Sun (:func:`best_cut`).

    Attributes
    ----------
    energy_MeV : (float, float)
        The energy window (MeV).
    theta_max_rad : float
        The largest angle to the direction away from the Sun (rad).
    signal, signal_error : float
        Signal photons per km^3 and year inside, and the Monte Carlo error.
    background : float
        Background photons per km^3 and year inside.
    kept : float
        The share of the signal in the plane that the cut keeps.
    """

    energy_MeV: tuple[float, float]
    theta_max_rad: float
    signal: float
    signal_error: float
    background: float
    kept: float

    @property
    def orders(self) -> float:
        """log10(background / signal): orders of magnitude by which the background wins."""
        return math.log10(self.background / self.signal)


def best_cut(signal: SignalPlane, background: ArrayLike, keep: float = 0.5) -> Cut:
    """The selection of largest signal over background that keeps a share of the signal.

    Among all selections "energy bins a <= i < b, angle bins j <= c" (every energy window of
    the plane's bins and every cone from its smallest angle) that keep at least ``keep`` of
    the signal in the plane and hold some background, the one with the largest ratio of
    signal to background (the first such in the order a, b, c at a tie).

    Parameters
    ----------
    signal : SignalPlane
        The signal (:func:`signal_plane`).
    background : array_like, shape of ``signal.values``
        Background photons per km^3 and year in the same bins (>= 0).
    keep : float
        The share of the signal in the plane to keep, in (0, 1).

    Returns
    -------
    Cut
    """
    B = validate.finite_array("background", background, "finite photon counts >= 0", minimum=0.0)
    if B.shape != signal.values.shape:
        raise ValueError(f"background must have the shape of the signal's bins {signal.values.shape}; "
                         f"got {B.shape}")
    keep = validate.fraction("keep", keep)
    S_cut, S_var, B_cut = window_sums(signal.values), window_sums(signal.variances), window_sums(B)
    S_in_plane = signal.values.sum()
    allowed = (S_cut >= keep * S_in_plane) & (B_cut > 0)
    allowed &= (np.arange(B.shape[0] + 1)[None, :] > np.arange(B.shape[0] + 1)[:, None])[:, :, None]
    if not allowed.any():
        raise ValueError(f"no selection keeps {keep:g} of the signal and holds background")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(allowed, S_cut / B_cut, -1.0)
    a, b, c = np.unravel_index(np.argmax(ratio), ratio.shape)
    e, t = signal.energy_edges_MeV, signal.angle_edges_rad
    return Cut((float(e[a]), float(e[b])), float(t[c + 1]), float(S_cut[a, b, c]), math.sqrt(S_var[a, b, c]),
               float(B_cut[a, b, c]), float(S_cut[a, b, c] / S_in_plane))


def _bin_of(band: Band, where: float) -> int:
    """The bin of ``band`` whose geometric centre is the first at or above ``where`` (checked)."""
    lo, hi = float(band.edges[0]), float(band.edges[-1])
    allowed = f"a finite value in [{lo:g}, {hi:g}]"
    x = validate.real("where", where, allowed, minimum=lo)
    if x > hi:
        raise ValueError(f"where must be {allowed}; got {where!r}")
    centres = np.sqrt(band.edges[1:] * band.edges[:-1])
    i = int(np.clip(np.searchsorted(centres, x), 0, centres.size - 1))
    if not band.central[i] > 0:
        raise ValueError(f"the band is empty in the bin of where={where!r}")
    return i


def solar_band_percent(band: Band, where: float) -> float:
    """The 1-sigma band of the solar fluxes relative to the spectrum, in the bin of a per-bin
    band whose geometric centre is the first at or above ``where``.

    The bin is that of the first centre sqrt(x_k x_(k+1)) >= ``where`` (the last bin above
    the last centre): the bin that holds ``where`` if ``where`` lies in the lower half of
    it on a logarithmic scale, else the next one. The solar-model shift is not in it: the
    B16 flux uncertainties already include the composition, and the shift is a change of
    model, reported apart (:func:`model_shift_percent`).

    Parameters
    ----------
    band : Band
        A per-bin band of :func:`nubrems.rates.uncertainty.spectrum_bands`.
    where : float
        An energy (MeV) or angle (rad) within the band's edges.

    Returns
    -------
    float
        The "solar fluxes" source / value in that bin, in per cent (1 sigma).
    """
    i = _bin_of(band, where)
    return 100 * float(band.sources["solar fluxes"][i]) / float(band.central[i])


def model_shift_percent(band: Band, where: float) -> float:
    """The signed solar-model shift relative to the spectrum, in the bin of
    :func:`solar_band_percent` (the "solar model" source of the band; not a 1 sigma).

    Returns
    -------
    float
        The "solar model" source / value in that bin, in per cent, signed.
    """
    i = _bin_of(band, where)
    return 100 * float(band.sources["solar model"][i]) / float(band.central[i])


@dataclass(frozen=True)
class BudgetText:
    """A budget as prose quotes it (:func:`budget_text`), with one power of ten.

    Attributes
    ----------
    one_sigma : Text
        The central value and its 1 sigma, e.g. "(1.903 ± 0.046) × 10⁻⁴⁹".
    model_shift : Text
        The signed solar-model shift, e.g. "−0.086 × 10⁻⁴⁹" (to ``budget.to_model``).
    """

    one_sigma: Text
    model_shift: Text


def budget_text(budget: Budget, factor: float = 1.0) -> BudgetText:
    """The central value with its 1 sigma and, apart, the solar-model shift of ``budget``,
    both times ``factor`` (e.g. a volume), with the power of ten of the central value and
    the decimals that show two significant digits of the 1 sigma (three without one).

    Parameters
    ----------
    budget : Budget
        A budget of :func:`nubrems.rates.uncertainty.budget`.
    factor : float
        A positive factor applied to all three numbers (default 1).

    Returns
    -------
    BudgetText
    """
    factor = validate.positive("factor", factor)
    central, sigma, shift = (factor * x for x in (budget.central, budget.one_sigma, budget.model_shift))
    e = math.floor(math.log10(central))
    scale = 10.0**e
    decimals = max(0, 1 - math.floor(math.log10(sigma / scale))) if sigma > 0 else 3
    unit = f" × {power_of_ten(e)}" if e else ""
    body = f"({central / scale:.{decimals}f} ± {sigma / scale:.{decimals}f})"
    signed = f"{shift / scale:+.{decimals}f}".replace("-", "−")
    return BudgetText(Text(f"{body}{unit}"), Text(f"{signed}{unit}"))
