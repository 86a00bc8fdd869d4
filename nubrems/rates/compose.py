"""The one front door to a photon rate: :func:`rate`.

A rate in this book is always the same composition, whoever asks for it (the ``nubrems
rate`` command, the chapters, scans): the vegas run over the solar spectrum for one flavour
(:func:`nubrems.rates.one_flavour.photon_rate`) or three mass states
(:func:`nubrems.rates.three_flavour.flavour_rate`), optionally the photon angles folded
with each component's production zone on the sky (:func:`nubrems.sun.extended.smear`), and
optionally the uncertainty budget (:func:`nubrems.rates.uncertainty.budget`). :func:`rate`
does it once and returns a :class:`RateReport` that gives the result as plain data
(:meth:`RateReport.as_dict`, the JSON of ``nubrems rate --json``), as the command's text
(:meth:`RateReport.lines`) and as CSV files (:meth:`RateReport.write_csv`).

Example
-------
>>> import nubrems
>>> report = nubrems.rate(nubrems.Params(m_nu_eV=0.1), rtol=0.05, jobs=1)   # doctest: +SKIP
>>> report.photons_per_km3_per_year                                         # doctest: +SKIP
1.9e-49
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import bounds, validate
from nubrems.core._typing import GVarArray
from nubrems.core.files import write_text_atomically
from nubrems.core.params import Params
from nubrems.core.version import __version__
from nubrems.flavour import moments
from nubrems.rates import flavour_quadrature, one_flavour, three_flavour
from nubrems.rates.flavour_quadrature import LeadingFlavourRate
from nubrems.rates.one_flavour import RateResult
from nubrems.rates.three_flavour import FlavourRateResult, FlavourSetup
from nubrems.rates.uncertainty import Budget, budget
from nubrems.sun.extended import TOTAL, Smeared, fold_gvar, smear

__all__ = ["METHODS", "RateReport", "rate"]

#: How :func:`rate` computes: ``"auto"`` picks the quadrature where it applies (three flavours,
#: relics at rest, no extended Sun, default bins) and vegas otherwise.
METHODS = ("auto", "quadrature", "monte-carlo")
#: The method names written to the JSON (``method``).
_METHOD_LABEL = {"quadrature": "leading-order quadrature", "monte-carlo": "Monte Carlo (vegas)"}


@dataclass
class RateReport:
    """A photon rate with what was asked for on top of it (extended Sun, budget).

    Attributes
    ----------
    result : RateResult or LeadingFlavourRate
        The vegas run (:class:`nubrems.rates.three_flavour.FlavourRateResult` for three
        mass states; with ``extended_sun`` its ``dN_dtheta`` is that of the extended Sun), or
        the deterministic three-flavour quadrature
        (:class:`nubrems.rates.flavour_quadrature.LeadingFlavourRate`: totals only).
    setup : FlavourSetup or None
        The three-flavour setup, None for one flavour.
    smeared : Smeared or None
        The point-like and extended photon angles (``extended_sun=True``).
    budget : Budget or None
        The uncertainty budget of the per-component counts (``uncertainties=True``).
    """

    result: RateResult | LeadingFlavourRate
    setup: FlavourSetup | None = None
    smeared: Smeared | None = field(default=None, repr=False)
    budget: Budget | None = field(default=None, repr=False)

    @property
    def params(self) -> Params:
        """The physics parameters of the run."""
        return self.result.params

    @property
    def photons_per_km3_per_year(self) -> float:
        """The total, photons per km^3 per year."""
        return self.result.photons_per_km3_per_year

    @property
    def method(self) -> str:
        """``"quadrature"`` (deterministic, totals only) or ``"monte-carlo"`` (vegas)."""
        return "quadrature" if isinstance(self.result, LeadingFlavourRate) else "monte-carlo"

    def _run(self, what: str) -> RateResult:
        """The vegas result, or ValueError naming ``what`` needs it."""
        if isinstance(self.result, LeadingFlavourRate):
            raise ValueError(f"{what}: needs the Monte Carlo (method='monte-carlo'); the quadrature gives totals only")
        return self.result

    def photon_angles_mrad(self) -> dict[str, dict[str, float]]:
        """Median and 90 % photon angles in mrad, point-like and extended, per component and
        in total (empty without ``extended_sun``)."""
        if self.smeared is None:
            return {}
        return {k: {"median_point": 1e3 * a.median_point, "median_extended": 1e3 * a.median_extended,
                    "p90_point": 1e3 * a.p90_point, "p90_extended": 1e3 * a.p90_extended}
                for k, a in self.smeared.angles.items()}

    def angle_gvars(self, extended: bool | None = None) -> dict[str, GVarArray]:
        """dN/dtheta per rad per component and in ``"total"`` as :class:`gvar.GVar` arrays
        with vegas' bin-bin covariance, for a point-like Sun
        (:meth:`nubrems.rates.one_flavour.RateResult.gvars`) or folded with each
        component's production zone (:func:`nubrems.sun.extended.fold_gvar`). Quantiles
        (:func:`nubrems.kinematics.histograms.quantile`) of these carry correlated errors.

        Parameters
        ----------
        extended : bool, optional
            True: the extended Sun; False: point-like; default: as the report was made
            (``extended_sun``).
        """
        point = self._run("angle_gvars").gvars("angle")
        if not (self.smeared is not None if extended is None else extended):
            return point
        edges = self._run("angle_gvars").angle_edges_rad
        out = {c: fold_gvar(g, edges, c) for c, g in point.items() if c != TOTAL}
        out[TOTAL] = np.sum(list(out.values()), axis=0)
        return out

    def monte_carlo_budget(self) -> str:
        """Which solar components the Monte Carlo error of the total comes from: gvar's
        error budget (:func:`gvar.fmt_errorbudget`) of the total photon count, in percent,
        with the components' vegas results as the inputs."""
        import gvar  # lazy: vegas's companion, only for error tables

        run = self._run("monte_carlo_budget")
        parts = run.component_gvars()
        total = run.photons_gvar()
        return str(gvar.fmt_errorbudget(outputs={"photons": total}, inputs=parts, percent=True))

    def moments_muB(self) -> tuple[float, float]:
        """(mu_eff, largest |mu_ij|) of the run, Bohr magnetons: the effective moment of solar
        neutrinos (flux-averaged; :meth:`nubrems.rates.three_flavour.FlavourSetup.effective_moment_muB`)
        and the largest entry of the moment matrix. One flavour: both are mu_nu."""
        return self._moments

    @functools.cached_property
    def _moments(self) -> tuple[float, float]:
        """:meth:`moments_muB`, computed once (a moment-matrix file is read once per report)."""
        p = self.params
        if self.setup is None:
            return p.mu_nu_muB, p.mu_nu_muB
        mu = self.setup.moment_matrix_muB(p)
        return float(self.setup.effective_moment_muB(p, matrix_muB=mu)), moments.largest_entry(mu)

    def bound_warning(self) -> str:
        """One line naming the moment bounds the run's moments exceed, or ""
        (:func:`nubrems.core.bounds.moment_warning`)."""
        mu_eff, entry = self.moments_muB()
        return bounds.moment_warning(mu_eff, None if self.setup is None else entry)

    def as_dict(self) -> dict[str, Any]:
        """Plain data: the JSON of ``nubrems rate --json`` (binned spectra included)."""
        data: dict[str, Any]
        if isinstance(self.result, LeadingFlavourRate):
            data = {**self.result.as_dict(), "parameters": self.params.as_dict()}
        else:
            data = dict(self.result.as_dict(spectra=True))
        data["method"] = _METHOD_LABEL[self.method]
        if self.setup is not None:
            mu_eff, entry = self.moments_muB()
            data["flavours"] = {**data["flavours"], "mu_eff_muB": mu_eff, "largest_moment_muB": entry}
        data["bound_warning"] = self.bound_warning()
        if self.smeared is not None:
            data = {**data, "sun": "extended", "photon_angles_mrad": self.photon_angles_mrad()}
        if self.budget is not None:
            data = {**data, "uncertainty_budget": self.budget.as_dict()}
        return data

    def _what(self) -> str:
        p = self.params
        if self.setup is None:
            return f"m_nu = {p.m_nu_eV:g} eV, mu_nu = {p.mu_nu_muB:g} mu_B"
        s = self.setup
        masses = ", ".join(f"{m:.4g}" for m in s.masses_eV())
        mu_eff, entry = self.moments_muB()
        return (f"three {s.nature.capitalize()} states, {s.ordering} ordering, masses {masses} eV, "
                f"moments {s.moments} (mu_eff = {mu_eff:.3g} mu_B, largest entry {entry:.3g} mu_B)"
                + (", moving relics" if s.moving_relics else ""))

    def lines(self) -> list[str]:
        """The text of ``nubrems rate``: the total, each component, the channels (three
        flavours), the photon angles (extended Sun) and the budget (uncertainties)."""
        p, r = self.params, self.result
        out = [f"bremsstrahlung photons in {p.volume_km3:g} km^3 x {p.years:g} yr ({self._what()}, "
               f"xi = {p.xi:g}, {p.solar_model}, {p.spectra} pp and hep spectra):"]
        if isinstance(r, LeadingFlavourRate):
            out.append(f"  total: {r.photons:.4e}  ({r.photons_per_km3_per_year:.4e} per km^3 per year; "
                       "leading-order quadrature, no Monte Carlo error)")
            out += [f"  {c:4s} {v:.3e} ({100 * v / r.photons:5.2f} %)" for c, v in r.by_component.items()]
            out.append("  channels (summed over components), largest first:")
            out += [f"    {label}  {v:.3e} ({100 * v / r.photons:5.2f} %)"
                    for label, v in sorted(r.by_channel.items(), key=lambda kv: -kv[1]) if v > 0]
            return out
        out.append(f"  total: {r.photons:.4e} +- {r.photons_err:.1e}"
                   f"  ({r.photons_per_km3_per_year:.4e} per km^3 per year)")
        out += [f"  {c:4s} {v:.3e} +- {e:.1e} ({100 * v / r.photons:5.2f} %)" for c, (v, e) in r.by_component.items()]
        if isinstance(r, FlavourRateResult):
            out.append("  channels (summed over components), largest first:")
            out += [f"    {label}  {v:.3e} +- {e:.1e} ({100 * v / r.photons:5.2f} %)"
                    for label, (v, e) in sorted(r.by_channel.items(), key=lambda kv: -kv[1][0]) if v > 0]
        angles = self.photon_angles_mrad()
        if angles:
            out.append("  photon angles to the anti-solar direction [mrad], point-like -> extended Sun:")
            out += [f"    {k:5s} median {a['median_point']:.3f} -> {a['median_extended']:.3f}, "
                    f"90 % {a['p90_point']:.3f} -> {a['p90_extended']:.3f}"
                    for k, a in angles.items() if math.isfinite(a["median_point"])]
        if self.budget is not None:
            out += self.budget.lines()
        return out

    def write_csv(self, folder: str | Path) -> list[Path]:
        """The binned dN/dE and dN/dtheta, one CSV each (``rate_energy.csv``,
        ``rate_angle.csv``), written atomically into ``folder`` (which must exist).

        Returns
        -------
        list of Path
            The files written.
        """
        r, p = self._run("write_csv"), self.params
        header = [f"# nubrems rate {__version__}: photons in {p.volume_km3:g} km^3 x {p.years:g} yr",
                  "# parameters: " + ", ".join(f"{k} = {v}" for k, v in p.as_dict().items())]
        out = []
        for which, edges, unit, per in (("energy", r.energy_edges_MeV, "MeV", r.dN_dE),
                                        ("angle", r.angle_edges_rad, "rad", r.dN_dtheta)):
            symbol = "dN_dE" if which == "energy" else "dN_dtheta"
            total, total_err = r.total_spectrum(which)
            columns = {f"low [{unit}]": edges[:-1], f"high [{unit}]": edges[1:],
                       f"{symbol} total [1/{unit}]": total, f"{symbol} total error [1/{unit}]": total_err}
            for comp, (v, e) in per.items():
                columns[f"{symbol} {comp} [1/{unit}]"] = v
                columns[f"{symbol} {comp} error [1/{unit}]"] = e
            buf = io.StringIO()
            observable = "energy" if which == "energy" else "angle to the solar direction"
            buf.write("\n".join([*header, f"# {symbol}: photons per {unit} (bins of the lab photon {observable})",
                                 "# columns: " + ", ".join(columns)]) + "\n")
            writer = csv.writer(buf)
            writer.writerow(list(columns))
            for row in zip(*columns.values(), strict=True):
                writer.writerow([f"{float(x):.10g}" for x in row])
            out.append(write_text_atomically(Path(folder) / f"rate_{which}.csv", buf.getvalue()))
        return out


def rate(params: Params | None = None, *, flavours: FlavourSetup | None = None, extended_sun: bool = False,
         uncertainties: bool = False, components: Iterable[str] | None = None,
         rtol: float | Mapping[str, float] = 1e-2, seed: int = 1, energy_edges_MeV: ArrayLike | None = None,
         angle_edges_rad: ArrayLike | None = None, jobs: int | None = None, scheduler: str | None = None,
         progress: bool | None = None, covariance: bool = False, method: str = "auto") -> RateReport:
    """The photon rate of ``params``: the one composition every caller uses.

    Parameters
    ----------
    params : Params, optional
        Physics parameters (default: the baseline set). With ``params.flavours == 3`` the rate
        is that of three mass states with the three-flavour settings of ``params``
        (:meth:`FlavourSetup.of <nubrems.rates.three_flavour.FlavourSetup.of>`).
    flavours : FlavourSetup, optional
        Three mass states with these masses, moments and nature, for a one-flavour ``params``
        (kept for compatibility: ``params.replace(flavours=3, ...)`` says the same; a setup that
        disagrees with the settings of a three-flavour ``params`` is refused). None: as
        ``params.flavours`` says. Checked against ``params`` before any work.
    extended_sun : bool
        Fold the photon angles with each component's production zone on the sky; the
        report's ``result.dN_dtheta`` is then that of the extended Sun.
    uncertainties : bool
        Add the uncertainty budget of the per-component counts (one flavour only).
    components : iterable of str, optional
        Solar components (default: all).
    rtol : float or mapping
        Relative Monte Carlo precision of each component's total.
    seed : int
        vegas seed (equal seeds, equal results, whatever ``jobs``).
    energy_edges_MeV, angle_edges_rad : array_like, optional
        Bins of the lab photon energy (MeV) and of the angle to the direction away from
        the Sun (rad); default :mod:`nubrems.kinematics.binning`.
    jobs, scheduler : optional
        Parallel processes on this machine, or a Dask scheduler address.
    progress : bool, optional
        A progress bar on stderr (default: when stderr is a terminal; one flavour).
    covariance : bool
        Keep vegas' bin-bin covariance (one flavour), so that :meth:`RateReport.angle_gvars`
        and ``result.gvars()`` give correlated bins and quantiles with correct errors; it
        costs about 2.5 times the run time (see :func:`nubrems.rates.one_flavour.photon_rate`).
    method : {"auto", "quadrature", "monte-carlo"}
        "quadrature": the deterministic leading-order three-flavour rate
        (:func:`nubrems.rates.flavour_quadrature.leading_flavour_rate`; totals per component
        and channel, no spectra, relics at rest); "monte-carlo": vegas, with binned spectra
        and Monte Carlo errors (the only method for one flavour, moving relics and the
        extended Sun). "auto" (default): the quadrature for three flavours when it applies
        (relics at rest, no ``extended_sun``, ``covariance`` or bins), else vegas.

    Returns
    -------
    RateReport

    Raises
    ------
    ValueError
        A parameter out of range, naming it; ``uncertainties`` with three flavours.
    """
    p = params or Params()
    if uncertainties and (flavours is not None or p.flavours == 3):
        raise ValueError("uncertainties: the budget is for the one-flavour rate (flavours=None, params.flavours = 1)")
    setup = _setup(p, flavours)
    comps = None if components is None else list(components)
    how = _method(method, setup, extended_sun or covariance or energy_edges_MeV is not None
                  or angle_edges_rad is not None)
    result: RateResult | LeadingFlavourRate
    if how == "quadrature":
        assert setup is not None                 # _method allows the quadrature for three flavours only
        result = flavour_quadrature.leading_flavour_rate(p, setup, components=comps)
        return RateReport(result, setup)
    if setup is None:
        # through the modules, so that a test can stand in for the runs
        result = one_flavour.photon_rate(p, components=comps, rtol=dict(rtol) if isinstance(rtol, Mapping) else rtol,
                                         seed=seed, energy_edges_MeV=energy_edges_MeV, angle_edges_rad=angle_edges_rad,
                                         jobs=jobs, scheduler=scheduler, progress=progress,
                                         covariance=covariance)
    else:
        if isinstance(rtol, Mapping):
            raise ValueError("rtol: one value for all components with three flavours")
        result = three_flavour.flavour_rate(p, setup, components=comps, rtol=rtol, seed=seed,
                                            energy_edges_MeV=energy_edges_MeV, angle_edges_rad=angle_edges_rad,
                                            jobs=jobs, scheduler=scheduler)
    smeared = None
    if extended_sun:
        smeared = smear(result)
        # from here on dN/dtheta is that of the extended Sun
        result.dN_dtheta = {c: smeared.extended[c] for c in result.dN_dtheta}
    b = None
    if uncertainties:
        b = budget({c: v for c, (v, _) in result.by_component.items()},
                   {c: e for c, (_, e) in result.by_component.items()}, params=p)
    return RateReport(result, setup, smeared, b)


def _setup(params: Params, flavours: FlavourSetup | None) -> FlavourSetup | None:
    """The checked three-flavour setup of a run (None: one flavour): ``flavours``, or that of a
    three-flavour ``params``; a setup that disagrees with those settings is refused."""
    if flavours is None:
        return FlavourSetup.of(params).check(params) if params.flavours == 3 else None
    if params.flavours == 3:
        own = FlavourSetup.of(params)
        differ = [f for f in dataclasses.fields(FlavourSetup) if getattr(flavours, f.name) != getattr(own, f.name)]
        if differ:
            name = differ[0].name
            raise ValueError(f"flavours: the setup's {name} = {getattr(flavours, name)!r} disagrees with "
                             f"params.{name} = {getattr(own, name)!r}; give the three-flavour settings in "
                             "params only")
    return flavours.check(params)


def _method(method: str, setup: FlavourSetup | None, needs_distributions: bool) -> str:
    """The method :func:`rate` uses: ``method`` checked against what the run needs."""
    validate.choice("method", method, METHODS)
    possible = setup is not None and not setup.moving_relics and not needs_distributions
    if method == "quadrature" and not possible:
        why = ("it is for three flavours" if setup is None
               else "it has relics at rest; these move" if setup.moving_relics
               else "it gives totals only (no extended Sun, covariance or bins)")
        raise ValueError(f"method: the quadrature does not apply here ({why}); use method='monte-carlo'")
    if method == "auto":
        return "quadrature" if possible else "monte-carlo"
    return method
