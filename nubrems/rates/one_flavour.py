"""Photon rates: solar beam x relic target x bremsstrahlung cross sections.

The rate formula (conventions.md, chapter 05),

    dN/dE_gamma = xi V T sum_c int dE phi_c(E) [n_nu dsigma_a/dE_gamma + n_nubar dsigma_b/dE_gamma],

is integrated per solar component in one six-dimensional vegas run: the solar energy
(through :func:`nubrems.sun.spectra.energy_map`, whose Jacobian is the flux) and the five
phase-space variables of :class:`nubrems.kinematics.phasespace.ThreeBodyMap`, evaluated at each
point's own solar energy. Both processes share the phase-space points; lines (pep, 7Be)
enter as discrete energies through the same map. One run gives the total, the lab photon
energy spectrum and the distribution of the angle to the direction away from the Sun,
each with its Monte Carlo error. Every result is proportional to mu_nu^2 xi V T, and to
the densities: the tests check that scaling exactly.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import NotRequired, TypedDict, cast

import numpy as np
from numpy.typing import ArrayLike

from nubrems.amplitudes import dirac as A
from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray, GVar, GVarArray
from nubrems.core.executors import executor
from nubrems.core.params import Params, ParamsDict, Range, check_in_range
from nubrems.core.processes import PROCESSES, SYMMETRY_FACTOR
from nubrems.kinematics import binning
from nubrems.kinematics.phasespace import ThreeBodyMap
from nubrems.rates import cross_sections as xsec
from nubrems.rates.integration import HistogramIntegrand, VegasRun, integrate
from nubrems.sun import spectra as solar

__all__ = ["RateResult", "RateSummary", "Spectrum", "SpectrumValues", "collect_runs", "photon_rate", "integrand",
           "leading_order_rate", "leading_target_sigma"]


class SpectrumValues(TypedDict):
    """Binned values and their Monte Carlo errors, per unit of the binned observable."""

    values: list[float]
    errors: list[float]


class Spectrum(TypedDict):
    """A binned distribution of :meth:`RateResult.as_dict` (``spectra=True``)."""

    unit: str                                   #: "photons per MeV" or "photons per rad"
    edges: list[float]                          #: bin edges
    total: SpectrumValues                       #: summed over the solar components
    by_component: dict[str, SpectrumValues]
    edges_unit: str                             #: "MeV" or "rad"


class RateSummary(TypedDict):
    """:meth:`RateResult.as_dict`: plain data for JSON."""

    photons_per_km3_per_year: float
    photons: float
    photons_err: float
    by_component: dict[str, float]              #: component -> photons
    by_component_err: dict[str, float]          #: component -> Monte Carlo error
    chi2_dof: dict[str, float]                  #: component -> vegas chi2/dof
    parameters: ParamsDict
    dN_dE: NotRequired[Spectrum]
    dN_dtheta: NotRequired[Spectrum]


@dataclass
class RateResult:
    """Photon counts for the volume and exposure of ``params`` (dimensionless numbers)."""

    params: Params
    photons: float
    photons_err: float
    by_component: dict[str, tuple[float, float]]    #: component -> (photons, error)
    chi2_dof: dict[str, float]                      #: component -> vegas chi2/dof
    energy_edges_MeV: FloatArray = field(repr=False)
    angle_edges_rad: FloatArray = field(repr=False)
    dN_dE: dict[str, tuple[FloatArray, FloatArray]] = field(repr=False)      #: component -> (per MeV, errors)
    dN_dtheta: dict[str, tuple[FloatArray, FloatArray]] = field(repr=False)  #: component -> (per rad, errors)
    n_eval: dict[str, int] = field(default_factory=dict, repr=False)  #: component -> integrand evaluations
    #: component -> its vegas run (integrals per cm^3 s, with vegas' covariance where kept) and
    #: the exposure (cm^3 s) that turns them into photons: the source of :meth:`gvars`
    runs: dict[str, VegasRun] = field(default_factory=dict, repr=False)
    exposure_cm3_s: float = field(default=0.0, repr=False)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the cached GVars (pickle would drop their correlations)."""
        state = dict(self.__dict__)
        state.pop("_gvars", None)
        return state

    def _component_gvars(self) -> dict[str, GVarArray]:
        """Per component: [total, energy bins, angle bins, parts] in photons, as GVars made
        once per result from vegas' means and covariance (independent between components,
        which are separate runs)."""
        cached: dict[str, GVarArray] | None = self.__dict__.get("_gvars")
        if cached is None:
            if set(self.runs) != set(self.by_component):
                raise ValueError("this result keeps no vegas runs (made by hand?): no covariances to give")
            cached = {c: self.runs[c].gvars(self.exposure_cm3_s) for c in self.by_component}
            self.__dict__["_gvars"] = cached
        return cached

    def gvars(self, which: str = "angle") -> dict[str, GVarArray]:
        """The binned dN/dE per MeV (``which="energy"``) or dN/dtheta per rad (``"angle"``)
        per component and in ``"total"``, as :class:`gvar.GVar` arrays with vegas' bin-bin
        covariance where the run kept it (``photon_rate(..., covariance=True)``; otherwise
        the bins are independent). Quantiles, ratios and
        sums computed from them with gvar carry correct errors.

        The point-like Sun: an extended-Sun result from :func:`nubrems.rate` gives its folded
        angles through :meth:`nubrems.rates.compose.RateReport.angle_gvars`.
        """
        validate.choice("which", which, ("energy", "angle"))
        n_e, n_t = len(self.energy_edges_MeV) - 1, len(self.angle_edges_rad) - 1
        part, widths = ((slice(1, 1 + n_e), np.diff(self.energy_edges_MeV)) if which == "energy"
                        else (slice(1 + n_e, 1 + n_e + n_t), np.diff(self.angle_edges_rad)))
        out = {c: g[part] / widths for c, g in self._component_gvars().items()}
        out["total"] = np.sum(list(out.values()), axis=0)
        return out

    def photons_gvar(self) -> GVar:
        """The total photon count as a :class:`gvar.GVar` (correlated with :meth:`gvars`)."""
        return sum(self.component_gvars().values())

    def component_gvars(self) -> dict[str, GVar]:
        """Each component's photon count as a :class:`gvar.GVar` (the inputs of
        :meth:`photons_gvar`, for error budgets)."""
        return {c: g[0] for c, g in self._component_gvars().items()}

    @property
    def photons_per_km3_per_year(self) -> float:
        return self.photons / (self.params.volume_km3 * self.params.years)

    def as_dict(self, spectra: bool = False) -> RateSummary:
        """Plain data for JSON; ``spectra`` adds the binned dN/dE and dN/dtheta per component
        and in total, with their errors and the bin edges."""
        data: RateSummary = {
            "photons_per_km3_per_year": self.photons_per_km3_per_year,
            "photons": self.photons,
            "photons_err": self.photons_err,
            "by_component": {c: v for c, (v, _) in self.by_component.items()},
            "by_component_err": {c: e for c, (_, e) in self.by_component.items()},
            "chi2_dof": dict(self.chi2_dof),
            "parameters": self.params.as_dict(),
        }
        if spectra:
            data["dN_dE"] = self._spectrum("energy")
            data["dN_dtheta"] = self._spectrum("angle")
        return data

    def _spectrum(self, which: str) -> Spectrum:
        """The binned dN/dE (which="energy") or dN/dtheta ("angle") as plain data."""
        edges, parts = ((self.energy_edges_MeV, self.dN_dE) if which == "energy"
                        else (self.angle_edges_rad, self.dN_dtheta))
        total, total_err = self.total_spectrum(which)
        return {
            "unit": "photons per MeV" if which == "energy" else "photons per rad",
            "edges": [float(x) for x in edges],
            "total": {"values": total.tolist(), "errors": total_err.tolist()},
            "by_component": {c: {"values": v.tolist(), "errors": e.tolist()} for c, (v, e) in parts.items()},
            "edges_unit": "MeV" if which == "energy" else "rad",
        }

    def total_spectrum(self, which: str = "energy") -> tuple[FloatArray, FloatArray]:
        """Sum over components of dN/dE (which="energy") or dN/dtheta ("angle"), with errors."""
        parts = self.dN_dE if which == "energy" else self.dN_dtheta
        values = sum(v for v, _ in parts.values())
        errors = np.sqrt(sum(e**2 for _, e in parts.values()))
        return cast(FloatArray, values), cast(FloatArray, errors)


def integrand(component: str, params: Params, energy_edges_MeV: ArrayLike,
              angle_edges_rad: ArrayLike) -> HistogramIntegrand:
    """Photons per cm^3 of target and second from one solar component, as a vegas integrand
    over (u_solar, phase-space cube), binned in the lab photon energy (MeV) and angle (rad).

    Rates are phi [cm^-2 s^-1] x sigma [cm^2] x n [cm^-3]; both processes share the points.
    """
    m, mu, model, spectra = params.m_nu, params.mu_nu, params.solar_model, params.spectra
    weights = {pr: params.relic_density_cm3(pr) * SYMMETRY_FACTOR[pr] for pr in PROCESSES}

    def point(x: FloatArray) -> tuple[FloatArray, tuple[FloatArray, FloatArray]]:
        E_MeV, dphi_du = solar.energy_map(component, x[:, 0], model, spectra=spectra)
        E = E_MeV * C.MEV
        ok = E > 2 * m                      # below threshold: no scattering (measure ~ (m/E0)^3)
        ps = ThreeBodyMap(np.where(ok, E, 3 * m), m)
        pt = ps(x[:, 1:])
        rate = np.zeros(len(x))
        for process, weight in weights.items():
            if weight == 0:
                continue
            lead, mass = A.msq_parts(process, m=m, mu=mu, invariants_=pt.invariants)
            rate += weight * (lead + mass) / ps.flux
        rate *= np.where(ok, pt.weight * dphi_du / C.CM2, 0.0)
        return rate, (pt.photon_energy_lab, pt.photon_angle_lab)

    return HistogramIntegrand(point, [np.asarray(energy_edges_MeV) * C.MEV, angle_edges_rad])


#: One component's run: component, params, rtol, seed, energy and angle edges, neval, nitn_adapt,
#: max_iterations.
_Task = tuple[str, Params, float, int, FloatArray, FloatArray, int, int, int, bool]


def _component_run(task: _Task) -> tuple[str, VegasRun]:
    """One component's vegas run (a module-level function, so that a process pool can run it)."""
    comp, params, rtol, seed, e_edges, t_edges, neval, nitn_adapt, max_iterations, covariance = task
    f = integrand(comp, params, e_edges, t_edges)
    # covariance: vegas keeps the covariance of the total and every bin (RateResult.gvars)
    run = integrate(f, 1 + ThreeBodyMap.dim, rtol, seed + solar.COMPONENTS.index(comp), neval, nitn_adapt,
                    max_iterations, correlate=covariance)
    return comp, run


def photon_rate(params: Params | None = None, components: Iterable[str] | None = None,
                rtol: float | dict[str, float] = 1e-2, seed: int = 1, energy_edges_MeV: ArrayLike | None = None,
                angle_edges_rad: ArrayLike | None = None, neval: int = 5_000,
                nitn_adapt: int = 5, max_iterations: int = 100, progress: bool | None = None,
                jobs: int | None = None, scheduler: str | None = None, covariance: bool = False) -> RateResult:
    """Number of bremsstrahlung photons in the volume and exposure of ``params``.

    Parameters
    ----------
    params : Params
        Physics parameters (mass, moment, densities, overdensity, volume, years, solar model,
        pp and hep spectra).
    components : iterable of str, optional
        Solar components to include (default: all of :data:`nubrems.sun.spectra.COMPONENTS`).
    rtol : float or mapping
        Requested relative precision of each component's total (see
        :mod:`nubrems.rates.integration` for how the number of points follows from it); a mapping
        gives each component its own.
    seed : int
        Seed of vegas' random numbers (component c uses seed + its index in
        :data:`nubrems.sun.spectra.COMPONENTS`, so a run of one component reproduces its share).
    energy_edges_MeV, angle_edges_rad : array_like, optional
        Bins of the lab photon energy and of the angle to the direction away from the Sun.
    progress : bool, optional
        Show a progress bar over components on stderr; default: when stderr is a terminal.
    jobs : int, optional
        Processes that run components in parallel (default: all cores; 1: in this process).
        Results are bit-identical for any number of jobs.
    scheduler : str, optional
        A Dask scheduler address to run the components on (see :mod:`nubrems.core.executors`).
    covariance : bool
        Keep vegas' covariance of the total and every bin, so that :meth:`RateResult.gvars`
        gives correlated bins (quantiles with correct errors). It makes vegas accumulate
        the outer product of all 71 outputs at every point: about 2.5 times the run time
        (the default, False, keeps each bin's variance only; means and errors are the same).

    Returns
    -------
    RateResult
    """
    p = params or Params()
    comps = list(solar.COMPONENTS if components is None else components)
    for c in comps:
        solar.check_component(c)
    rtols = {c: check_in_range("rtol", rtol[c] if isinstance(rtol, dict) else rtol, Range(1e-5, 1.0, low_open=True))
             for c in comps}
    e_edges = np.asarray(energy_edges_MeV if energy_edges_MeV is not None else binning.energy_edges(), float)
    t_edges = np.asarray(angle_edges_rad if angle_edges_rad is not None else binning.angle_edges(), float)
    if progress is None:
        progress = sys.stderr.isatty()
    tasks: list[_Task] = [(c, p, rtols[c], seed, e_edges, t_edges, neval, nitn_adapt, max_iterations, covariance)
                          for c in comps]
    runs: dict[str, VegasRun] = {}
    with executor(jobs, scheduler, tasks=len(tasks)) as ex:
        futures = [ex.submit(_component_run, t) for t in tasks]
        pending: Iterable[Future[tuple[str, VegasRun]]] = futures
        if progress:
            from concurrent.futures import as_completed  # lazy: only with a progress bar

            from tqdm import tqdm  # lazy: only with a progress bar

            # shown only if the run lasts more than a second
            pending = tqdm(as_completed(futures), total=len(futures), desc="solar components",
                           unit="component", file=sys.stderr, delay=1.0)
        for done in pending:
            comp, run = done.result()
            runs[comp] = run
    return RateResult(p, *collect_runs(runs, comps, p.exposure_cm3_s, e_edges, t_edges),
                      {c: runs[c].n_eval for c in comps}, {c: runs[c] for c in comps}, p.exposure_cm3_s)


def collect_runs(runs: dict[str, VegasRun], comps: list[str], exposure: float, e_edges: FloatArray,
                 t_edges: FloatArray) -> tuple[float, float, dict[str, tuple[float, float]], dict[str, float],
                                               FloatArray, FloatArray, dict[str, tuple[FloatArray, FloatArray]],
                                               dict[str, tuple[FloatArray, FloatArray]]]:
    """The fields of a :class:`RateResult` from one vegas run per component (photons, error,
    by_component, chi2_dof, energy edges, angle edges, dN_dE, dN_dtheta), times ``exposure``
    (cm^3 s), in the order of ``comps`` whatever order the runs finished in."""
    by_component: dict[str, tuple[float, float]] = {}
    chi2: dict[str, float] = {}
    dNdE: dict[str, tuple[FloatArray, FloatArray]] = {}
    dNdT: dict[str, tuple[FloatArray, FloatArray]] = {}
    for comp in comps:
        run = runs[comp]
        total, err = run.total
        by_component[comp] = (total * exposure, err * exposure)
        chi2[comp] = run.chi2_dof
        (vE, eE), (vT, eT) = run.densities([np.diff(e_edges), np.diff(t_edges)])
        dNdE[comp] = (vE * exposure, eE * exposure)
        dNdT[comp] = (vT * exposure, eT * exposure)
    import gvar  # lazy: vegas's companion, only where errors are propagated

    # the components are separate runs: gvar adds their errors (independent); only the
    # totals, not every bin's GVar with its covariance (RateResult.gvars makes those)
    total_photons = sum(gvar.gvar(v, e) for v, e in by_component.values())
    return (float(total_photons.mean), float(total_photons.sdev), by_component, chi2, e_edges, t_edges, dNdE,
            dNdT)


# --- the semi-analytic check: closed-form leading order over the solar spectra ----------
def leading_target_sigma(params: Params, energy_MeV: float) -> float:
    """n_nu sigma_L(nu nu) + n_nubar sigma_L(nu nubar) at one solar energy, cm^-1 (xi = 1).

    The closed-form leading-order cross sections of :func:`nubrems.rates.cross_sections.sigma_leading`;
    zero below 2 m_nu, where the vegas integrand of :func:`photon_rate` is zero too.
    """
    if energy_MeV * C.MEV <= 2 * params.m_nu_eV:
        return 0.0
    return sum(params.relic_density_cm3(pr) / params.xi * xsec.sigma_leading(pr, energy_MeV, params)
               for pr in PROCESSES)


def leading_order_rate(params: Params | None = None, components: Iterable[str] | None = None,
                       n_nodes: int = 64) -> dict[str, float]:
    """Photons per component (volume and exposure of ``params``) from the leading part of
    |M|^2: solar quadrature (:func:`nubrems.sun.spectra.quadrature`, the solar model and the pp
    and hep spectra of ``params``) times the closed-form cross sections. The mass-suppressed
    part, a relative ~1e-7, is left out; an independent check of :func:`photon_rate`.
    """
    p = params or Params()
    exposure = p.xi * p.exposure_cm3_s
    out: dict[str, float] = {}
    for c in (solar.COMPONENTS if components is None else components):
        E, w = solar.quadrature(c, p.solar_model, n_nodes, spectra=p.spectra)
        out[c] = float(exposure * sum(wi * leading_target_sigma(p, Ei) for Ei, wi in zip(E, w, strict=True)))
    return out
