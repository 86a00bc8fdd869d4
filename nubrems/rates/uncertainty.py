"""The uncertainty budget of the photon counts, and the book's one headline number.

Every photon count of the book is a sum over the solar components,
N = sum_c N_c, and each N_c is linear in its solar flux phi_c. The budget collects what
moves N, each as an absolute number of photons and relative to the central value, in two
parts that are never mixed:

**The 1-sigma budget**, the symmetric sources added in quadrature (:attr:`Budget.one_sigma`):

``"solar fluxes"``
    The 1-sigma flux uncertainties of the B16-GS98 standard solar model,
    :data:`FLUX_UNCERTAINTY`: sqrt(sum_c (sigma_c N_c)^2), the components taken as
    independent (``cno_correlated=True``: the three CNO components fully correlated, their
    sigma_c N_c added linearly before the quadrature sum). The B16 uncertainties already
    include those of the solar composition. The published correlations between the
    component fluxes are not used (:data:`FLUX_CORRELATIONS`): Bahcall, Serenelli & Basu
    (2006, ApJS 165, 400) determined correlation coefficients of the fluxes for their
    BS05 models, and Vinyoles et al. (2017, ApJ 835, 202) computed correlations among the
    observables of their two B16 ensembles, but no coefficients are transcribed here, so
    none are applied. pp and 7Be are anticorrelated through the luminosity constraint, which
    would lower this source (N is dominated by pp and 7Be; full anticorrelation would take
    the headline's 2.3 % to 2.0 %); 7Be and 8B are positively correlated, which would raise
    it (full correlation: 2.7 %).
``"8B spectrum"``
    The change of the 8B count when the log ft of the 8Be 2+ doublet, quoted to 0.1, is
    moved by +-0.1 as chapter 04 does: the 8B rate is recomputed with each shifted
    R-matrix spectrum (:func:`nubrems.sun.nuclear.b8_shape`) by the semi-analytic quadrature of
    :func:`nubrems.rates.one_flavour.leading_order_rate`, and half the difference is the 1-sigma
    source (:func:`b8_spectrum_uncertainty`).
``"pp/hep spectra (thermal allowance)"``
    A conservative allowance for the thermal correction of the pp and hep spectra
    (:mod:`nubrems.sun.thermal`, the default ``spectra`` of :class:`nubrems.core.params.Params`):
    half the difference between the pp and hep photon counts with the thermal and with the
    laboratory spectra, each computed by :func:`nubrems.rates.one_flavour.leading_order_rate`
    (:func:`thermal_correction`). Symmetric. Energy conservation gives the leptons the
    whole relative kinetic energy of the fusing nuclei, which is what the book computes;
    Bahcall's published pp spectrum (Phys. Rev. C 56, 3391 (1997); mean 0.2668 MeV)
    corresponds to about half that shift, so half the correction covers the reading of the
    published tables. It is an allowance for that choice, not a measured 1-sigma error,
    and it is counted in the 1-sigma budget to stay on the safe side.
``"Monte Carlo"``
    The Monte Carlo error, when one is given (vegas results; absent for the deterministic
    quadrature of :func:`headline`).

**The solar-model shift**, reported on its own (:attr:`Budget.model_shift`):

``"solar model"``
    The shift to the other B16 model (B16-GS98 -> B16-AGSS09met, or back),
    sum_c N_c (phi_c^other / phi_c - 1): exact, since N is linear in each flux. Signed.
    It is a change of model, not a statistical error, and since the B16 flux uncertainties
    already contain the composition uncertainties it is never added into the 1-sigma
    number: the result reads N +- one_sigma (1 sigma) and model_shift (model shift).

:func:`budget` works on any per-component counts; :func:`spectrum_bands` gives per-bin
bands of the binned spectra of a :class:`nubrems.rates.one_flavour.RateResult`; :func:`headline` is the
book's headline number, photons per km^3 per year from
:func:`nubrems.rates.one_flavour.leading_order_rate` (deterministic), with its budget. Chapters 05, 06
and 08 quote that one computation.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NoReturn, TypedDict

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core._typing import FloatArray
from nubrems.core.params import Params, ParamsDict
from nubrems.rates.one_flavour import RateResult, leading_order_rate, leading_target_sigma
from nubrems.sun import nuclear
from nubrems.sun import spectra as solar

__all__ = ["FLUX_UNCERTAINTY", "CNO", "FLUX_CORRELATIONS", "MODEL_SHIFT", "THERMAL", "B8_LOGFT_STEP",
           "SOURCES", "ONE_SIGMA_SOURCES", "MODEL_SOURCE", "THERMAL_SOURCE", "COMBINATION", "Source", "Budget",
           "Band", "Headline", "SourceDict", "OneSigmaDict", "ModelShiftDict", "BudgetDict", "BandDict",
           "HeadlineDict", "budget", "spectrum_bands", "headline", "b8_spectrum_uncertainty",
           "thermal_correction"]

#: 1-sigma relative uncertainties of the solar fluxes of the B16-GS98 standard solar model,
#: per component (Vinyoles et al. 2017, ApJ 835, 202, Table 6). They are applied to counts
#: computed with either B16 model; the model difference is a separate source.
FLUX_UNCERTAINTY: dict[str, float] = {"pp": 0.006, "pep": 0.01, "hep": 0.30, "7Be": 0.06, "8B": 0.12,
                                      "13N": 0.15, "15O": 0.17, "17F": 0.20}
#: The components of the CNO cycle (fully correlated with ``cno_correlated=True``).
CNO = ("13N", "15O", "17F")
_IGNORED = ("correlations between the component fluxes ignored (no published coefficients applied): pp and 7Be "
            "are anticorrelated through the luminosity constraint (would lower the flux term), 7Be and 8B "
            "positively correlated (would raise it)")
#: The assumption on the correlations of the flux uncertainties, as the budget states it.
FLUX_CORRELATIONS = {
    False: f"flux uncertainties of the components taken as independent; {_IGNORED}",
    True: f"flux uncertainties independent, except 13N, 15O and 17F fully correlated; {_IGNORED}",
}
#: The model each solar model is compared with for the "solar model" source.
MODEL_SHIFT = {"B16-GS98": "B16-AGSS09met", "B16-AGSS09met": "B16-GS98"}
#: The components whose spectra the thermal correction changes (:data:`nubrems.sun.spectra.THERMAL`).
THERMAL = solar.THERMAL
#: The step of the doublet log ft of the 8Be model (its quoted precision), chapter 04.
B8_LOGFT_STEP = 0.1
#: The source of the thermal correction of the pp and hep spectra: a conservative allowance.
THERMAL_SOURCE = "pp/hep spectra (thermal allowance)"
#: The symmetric sources of the 1-sigma budget, in its order ("Monte Carlo" only when errors are given).
ONE_SIGMA_SOURCES = ("solar fluxes", "8B spectrum", THERMAL_SOURCE, "Monte Carlo")
#: The signed solar-model shift, reported separately and never added into the 1-sigma budget.
MODEL_SOURCE = "solar model"
#: The names of all sources, in the order of :attr:`Budget.sources`: the 1-sigma ones, then the model shift.
SOURCES = (*ONE_SIGMA_SOURCES, MODEL_SOURCE)
#: How the budget combines its sources, as :meth:`Budget.as_dict` states it.
COMBINATION = ("1 sigma: solar fluxes, 8B spectrum, thermal allowance (and Monte Carlo, when given) added in "
               "quadrature; the solar-model shift is signed and reported separately, never added to the 1 sigma "
               "(the B16 flux uncertainties already include the composition uncertainties)")
#: Short names of the 1-sigma sources for the one-line summary.
_SHORT = {"solar fluxes": "fluxes", "8B spectrum": "8B spectrum", THERMAL_SOURCE: "thermal allowance",
          "Monte Carlo": "Monte Carlo"}


# --- plain data for JSON -----------------------------------------------------------------
class SourceDict(TypedDict):
    """One source of :meth:`Budget.as_dict`."""

    photons: float          #: absolute, in the unit of the counts (signed for the shifts)
    relative: float         #: photons / central value
    kind: str               #: "symmetric" or "signed shift"
    note: str


class OneSigmaDict(TypedDict):
    """The 1-sigma budget of :meth:`Budget.as_dict`: the symmetric sources in quadrature."""

    photons: float
    relative: float
    sources: list[str]      #: the names of the sources it combines


class ModelShiftDict(TypedDict):
    """The solar-model shift of :meth:`Budget.as_dict`: signed, not part of the 1 sigma."""

    photons: float
    relative: float
    from_model: str
    to_model: str


class BudgetDict(TypedDict):
    """:meth:`Budget.as_dict`."""

    central: float
    sources: dict[str, SourceDict]
    one_sigma: OneSigmaDict
    model_shift: ModelShiftDict
    summary: str
    correlations: str
    combination: str


class BandDict(TypedDict):
    """:meth:`Band.as_dict`: per-bin values and 1-sigma bands (absolute, per unit of the observable)."""

    unit: str
    edges: list[float]
    central: list[float]
    sources: dict[str, list[float]]
    one_sigma: list[float]
    total: list[float]


class HeadlineDict(TypedDict):
    """:meth:`Headline.as_dict`."""

    photons_per_km3_per_year: float
    by_component: dict[str, float]
    summary: str
    uncertainty_budget: BudgetDict
    method: str
    parameters: ParamsDict


# --- the budget ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """One source of uncertainty of a photon count.

    Attributes
    ----------
    name : str
        One of :data:`SOURCES`.
    absolute : float
        Photons, in the unit of the counts: signed for "solar model", >= 0 for the
        symmetric sources.
    relative : float
        ``absolute`` divided by the central value.
    kind : str
        "symmetric" (a 1-sigma +-) or "signed shift".
    note : str
        What was varied.
    """

    name: str
    absolute: float
    relative: float
    kind: str
    note: str

    def as_dict(self) -> SourceDict:
        return {"photons": self.absolute, "relative": self.relative, "kind": self.kind, "note": self.note}


@dataclass(frozen=True)
class Budget:
    """The uncertainty budget of a photon count (:func:`budget`), in two parts.

    The 1-sigma budget (:data:`ONE_SIGMA_SOURCES` in quadrature) and the signed solar-model
    shift (:data:`MODEL_SOURCE`), which is reported on its own and never added to it.

    Attributes
    ----------
    central : float
        The central value, sum of the per-component counts (photons, in their unit).
    sources : dict of str to Source
        The sources of :data:`SOURCES` in that order: the 1-sigma ones ("Monte Carlo" only
        when errors were given), then "solar model".
    one_sigma : float
        The 1-sigma sources added in quadrature (photons, >= 0); without the model shift.
    model_shift : float
        The signed change of the central value with the fluxes of ``to_model`` (photons),
        the "solar model" source.
    from_model, to_model : str
        The solar model of the counts and the one the shift goes to (:data:`MODEL_SHIFT`).
    correlations : str
        The assumption on the flux correlations (:data:`FLUX_CORRELATIONS`).
    """

    central: float
    sources: dict[str, Source]
    one_sigma: float
    model_shift: float
    from_model: str
    to_model: str
    correlations: str

    @property
    def one_sigma_relative(self) -> float:
        """The 1-sigma budget relative to the central value."""
        return self.one_sigma / self.central

    @property
    def model_shift_relative(self) -> float:
        """The signed solar-model shift relative to the central value."""
        return self.model_shift / self.central

    @property
    def total(self) -> NoReturn:
        """Removed: it added the model shift in quadrature; use ``one_sigma`` and ``model_shift``."""
        raise AttributeError("Budget.total was removed (it added the solar-model shift in quadrature to the "
                             "1-sigma sources): use Budget.one_sigma and Budget.model_shift")

    @property
    def total_relative(self) -> NoReturn:
        """Removed: use ``one_sigma_relative`` and ``model_shift_relative``."""
        raise AttributeError("Budget.total_relative was removed (it added the solar-model shift in quadrature): "
                             "use Budget.one_sigma_relative and Budget.model_shift_relative")

    def summary(self) -> str:
        """One line: central +- 1 sigma (which sources) and the model shift, with a common power of ten.

        For instance ``(1.903 +- 0.046) x 10^-49 (+-2.43 %, 1 sigma: fluxes, 8B spectrum,
        thermal allowance) and -0.086 x 10^-49 (-4.51 %) to B16-AGSS09met (model shift)``.
        """
        e = math.floor(math.log10(abs(self.central)))
        scale = 10.0**e
        decimals = 3
        if self.one_sigma > 0:       # two significant digits of the 1 sigma, at least three decimals
            decimals = min(8, max(3, 1 - math.floor(math.log10(self.one_sigma / scale))))
        unit = f" x 10^{e}" if e else ""
        parts = ", ".join(_SHORT[n] for n in ONE_SIGMA_SOURCES if n in self.sources)
        return (f"({self.central / scale:.{decimals}f} +- {self.one_sigma / scale:.{decimals}f}){unit} "
                f"(+-{100 * self.one_sigma_relative:.2f} %, 1 sigma: {parts}) and "
                f"{self.model_shift / scale:+.{decimals}f}{unit} ({100 * self.model_shift_relative:+.2f} %) "
                f"to {self.to_model} (model shift)")

    def as_dict(self) -> BudgetDict:
        """Plain data for JSON: each source absolute (photons) and relative, the 1-sigma budget and
        the model shift apart."""
        return {"central": self.central,
                "sources": {name: s.as_dict() for name, s in self.sources.items()},
                "one_sigma": {"photons": self.one_sigma, "relative": self.one_sigma_relative,
                              "sources": [n for n in ONE_SIGMA_SOURCES if n in self.sources]},
                "model_shift": {"photons": self.model_shift, "relative": self.model_shift_relative,
                                "from_model": self.from_model, "to_model": self.to_model},
                "summary": self.summary(),
                "correlations": self.correlations,
                "combination": COMBINATION}

    def lines(self, indent: str = "  ") -> list[str]:
        """A readable block: the 1-sigma sources and their quadrature sum, the model shift apart,
        the correlations, and the one-line :meth:`summary`."""
        def row(name: str, value: float, rel: float, note: str, signed: bool = False) -> str:
            v, r = ((f"{value:+.3e}", f"{100 * rel:+.2f} %") if signed
                    else (f"+-{value:.3e}", f"+-{100 * rel:.2f} %"))
            return f"{indent}    {name:34s} {v:>11s}  ({r})  {note}"

        out = [f"{indent}uncertainty budget (photons, in the unit of the counts; central {self.central:.4e}):",
               f"{indent}  1 sigma, the sources in quadrature:"]
        for name in ONE_SIGMA_SOURCES:
            if name in self.sources:
                s = self.sources[name]
                out.append(row(name, s.absolute, s.relative, s.note))
        out.append(row("1 sigma", self.one_sigma, self.one_sigma_relative, "the above in quadrature"))
        out.append(f"{indent}  solar-model shift, signed, not part of the 1 sigma:")
        m = self.sources[MODEL_SOURCE]
        out.append(row(MODEL_SOURCE, m.absolute, m.relative, m.note, signed=True))
        out.append(f"{indent}  flux correlations: {self.correlations}")
        out.append(f"{indent}  result: {self.summary()}")
        return out


def _checked_counts(counts: Mapping[str, float], name: str) -> dict[str, float]:
    """``counts`` as floats, checked: known components, finite and non-negative values."""
    given: object = counts                  # checked as it comes: chapters pass user data
    if not isinstance(given, Mapping) or not given:
        raise ValueError(f"{name} must be a non-empty mapping of solar components to photon counts; got {counts!r}")
    out: dict[str, float] = {}
    for c, v in counts.items():
        if c not in solar.COMPONENTS:
            raise ValueError(f"{name}: unknown solar component {c!r}; components: {', '.join(solar.COMPONENTS)}")
        try:
            x = float(v)
        except (TypeError, ValueError):
            raise ValueError(f"{name}[{c!r}] = {v!r}: not a number") from None
        if not math.isfinite(x) or x < 0:
            raise ValueError(f"{name}[{c!r}] = {v!r}: must be finite and non-negative (photons)")
        out[c] = x
    return out


def _model_of(params: Params | None) -> tuple[Params, str, str]:
    p = params or Params()
    return p, p.solar_model, MODEL_SHIFT[p.solar_model]


def _flux_ratio(component: str, model: str, other: str) -> float:
    """phi_c(other) / phi_c(model) - 1."""
    return solar.total_flux(component, other) / solar.total_flux(component, model) - 1


def _flux_and_model(values: Mapping[str, ArrayLike], model: str, other: str,
                    cno_correlated: bool) -> tuple[FloatArray, FloatArray]:
    """The "solar fluxes" and "solar model" sources of per-component values.

    ``values``: component -> photons, a number (a total, :func:`budget`) or an array (per
    bin, :func:`spectrum_bands`). Returns sqrt(sum_c (sigma_c v_c)^2), the CNO components
    added linearly first with ``cno_correlated``, and the signed shift
    sum_c v_c (phi_c^other / phi_c^model - 1), with the shape of the values.
    """
    v = {c: np.asarray(x, dtype=float) for c, x in values.items()}
    zero = np.zeros(np.broadcast_shapes(*(x.shape for x in v.values())))
    linear = sum((FLUX_UNCERTAINTY[c] * x for c, x in v.items() if cno_correlated and c in CNO), zero)
    squares = sum(((FLUX_UNCERTAINTY[c] * x) ** 2 for c, x in v.items() if not (cno_correlated and c in CNO)), zero)
    shift = sum((x * _flux_ratio(c, model, other) for c, x in v.items()), zero)
    return np.sqrt(squares + linear**2), shift


@functools.cache
def b8_spectrum_uncertainty(params: Params | None = None, step: float = B8_LOGFT_STEP, n_nodes: int = 64) -> float:
    """Relative 1-sigma change of the 8B photon count from the shape of the 8B spectrum.

    The log ft of both levels of the 8Be 2+ doublet (:data:`nubrems.sun.nuclear.BE8_LEVELS`) is
    moved by -``step`` and +``step`` (chapter 04: their quoted precision, 0.1); for each
    shape (the full R-matrix computation, :func:`nubrems.sun.nuclear.b8_shape`) the 8B rate is
    the ``n_nodes``-point Gauss-Legendre quadrature of flux times the closed-form leading
    cross sections (:func:`nubrems.rates.one_flavour.leading_target_sigma`), the method of
    :func:`nubrems.rates.one_flavour.leading_order_rate`. Each shape is normalised on the same nodes, so
    the flux is the same and only the shape differs. Since sigma ~ E^2, the result agrees
    with the relative change of <E^2> of the 8B spectrum.

    Parameters
    ----------
    params : Params, optional
        Mass and densities of the cross sections (default: the baseline); the relative
        result does not depend on the moment, the overdensity or the exposure.
    step : float
        Change of the doublet log ft (dimensionless).
    n_nodes : int
        Gauss-Legendre nodes on [0, E0] (MeV).

    Returns
    -------
    float
        |N(+step) - N(-step)| / (2 N), N the nominal 8B count (dimensionless).
    """
    p = params or Params()
    x, w = nuclear.gauss_legendre(n_nodes)
    E0 = solar.endpoint("8B")
    E, wE = 0.5 * E0 * (x + 1), 0.5 * E0 * w                  # MeV
    sigma = np.array([leading_target_sigma(p, float(e)) for e in E])   # cm^-1

    def rate(levels: tuple[tuple[float, ...], ...]) -> float:
        f = nuclear.b8_spectrum(E, levels)
        return float(np.sum(wE * f * sigma) / np.sum(wE * f))

    broad, *doublet = nuclear.BE8_LEVELS
    shifted = {d: (broad, *((*lv[:2], lv[2] + d) for lv in doublet)) for d in (-step, step)}
    return abs(rate(shifted[step]) - rate(shifted[-step])) / (2 * rate(nuclear.BE8_LEVELS))


def thermal_correction(params: Params | None = None, n_nodes: int = 64) -> dict[str, float]:
    """Relative change of the pp and hep photon counts from the thermal shift of their spectra.

    N_c(thermal) / N_c(laboratory) - 1 for c = pp, hep: :func:`nubrems.rates.one_flavour.leading_order_rate`
    of the component with ``spectra="thermal"`` (the spectrum made in the Sun,
    :mod:`nubrems.sun.thermal`) and with ``spectra="laboratory"`` (the reaction at rest). Since
    sigma ~ E^2 it is the relative change of <E^2>: +2.9 % for pp and +0.10 % for hep.

    Parameters
    ----------
    params : Params, optional
        Mass and densities of the cross sections (default: the baseline); the result does not
        depend on the moment, the overdensity, the exposure, the solar model or ``spectra``.
    n_nodes : int
        Quadrature nodes per spectrum (:func:`nubrems.sun.spectra.quadrature`).

    Returns
    -------
    dict
        "pp" and "hep" -> relative change (dimensionless, positive).
    """
    p = params or Params()
    return dict(_thermal_correction(p.replace(spectra="thermal"), n_nodes))


@functools.cache
def _thermal_correction(p: Params, n_nodes: int) -> tuple[tuple[str, float], ...]:
    thermal = leading_order_rate(p, THERMAL, n_nodes)
    laboratory = leading_order_rate(p.replace(spectra="laboratory"), THERMAL, n_nodes)
    return tuple((c, thermal[c] / laboratory[c] - 1) for c in THERMAL)


def _thermal_shift(given: Mapping[str, float] | None, N: Mapping[str, float], p: Params) -> dict[str, float]:
    """The relative thermal corrections of the pp and hep counts in ``N``, checked or computed."""
    if given is None:
        return thermal_correction(p) if any(c in N for c in THERMAL) else {}
    value: object = given                 # checked as it comes: chapters pass user data
    if not isinstance(value, Mapping):
        raise ValueError(f"thermal_shift must map pp and hep to relative changes; got {given!r}")
    out: dict[str, float] = {}
    for c, r in given.items():
        if c not in THERMAL:
            raise ValueError(f"thermal_shift: {c!r} has no thermal spectrum; components: {', '.join(THERMAL)}")
        try:
            x = float(r)
        except (TypeError, ValueError):
            raise ValueError(f"thermal_shift[{c!r}] = {r!r}: not a number") from None
        if not math.isfinite(x) or x <= -1:
            raise ValueError(f"thermal_shift[{c!r}] = {r!r}: must be a finite relative change above -1")
        out[c] = x
    return out


def budget(counts: Mapping[str, float], errors: Mapping[str, float] | None = None, *,
           params: Params | None = None, thermal_shift: Mapping[str, float] | None = None,
           cno_correlated: bool = False) -> Budget:
    """The uncertainty budget of a photon count given per solar component.

    Parameters
    ----------
    counts : mapping of str to float
        Component (of :data:`nubrems.sun.spectra.COMPONENTS`) -> photons (any unit: photons for an
        exposure, or per km^3 per year); finite, non-negative, positive in sum.
    errors : mapping of str to float, optional
        Component -> Monte Carlo error (same unit and keys as ``counts``); gives the "Monte
        Carlo" source, the quadrature sum of the errors.
    params : Params, optional
        The parameters the counts were computed with: their ``solar_model`` fixes the model
        shift (to the other of :data:`MODEL_SHIFT`), their ``spectra`` whether the pp and hep
        counts include the thermal correction, their mass the 8B shape and the thermal
        sources (default: the baseline).
    thermal_shift : mapping of str to float, optional
        N_c(thermal) / N_c(laboratory) - 1 of the pp and hep counts (keys among pp, hep;
        dimensionless); default :func:`thermal_correction` of ``params``. The source is half
        the difference N_c(thermal) - N_c(laboratory), summed over pp and hep (the same
        effect: added linearly).
    cno_correlated : bool
        Add the flux uncertainties of 13N, 15O and 17F linearly (fully correlated) instead
        of in quadrature (independent, the default). Other flux correlations are ignored
        (:data:`FLUX_CORRELATIONS`).

    Returns
    -------
    Budget
        Each source absolute and relative; the 1-sigma sources in quadrature
        (:attr:`Budget.one_sigma`) and, apart, the signed solar-model shift
        (:attr:`Budget.model_shift`).

    Raises
    ------
    ValueError
        Naming ``counts``, ``errors`` or ``thermal_shift``: an unknown component, a negative or
        non-finite value, keys of ``errors`` different from those of ``counts``, or counts
        that sum to zero.
    """
    N = _checked_counts(counts, "counts")
    central = sum(N.values())
    if central <= 0:
        raise ValueError(f"counts must have a positive sum (photons); got {counts!r}")
    if errors is not None:
        err = _checked_counts(errors, "errors")
        if set(err) != set(N):
            raise ValueError(f"errors must have the components of counts ({', '.join(N)}); got {', '.join(err)}")
    p, model, other = _model_of(params)
    shift_rel = _thermal_shift(thermal_shift, N, p)

    flux_band, shift_band = _flux_and_model(N, model, other, cno_correlated)
    flux, shift = float(flux_band), float(shift_band)
    b8 = N.get("8B", 0.0) * (b8_spectrum_uncertainty(p) if "8B" in N else 0.0)
    # N_thermal - N_laboratory from the counts of either choice: N_th = (1 + r) N_lab
    thermal = 0.5 * abs(sum(N[c] * (r / (1 + r) if p.spectra == "thermal" else r)
                            for c, r in shift_rel.items() if c in N))

    sources = [
        Source("solar fluxes", flux, flux / central, "symmetric",
               "B16-GS98 flux uncertainties (Vinyoles et al. 2017, Table 6), composition included"),
        Source("8B spectrum", b8, b8 / central, "symmetric",
               f"8Be doublet log ft +-{B8_LOGFT_STEP:g}, 8B rate by quadrature"),
        Source(THERMAL_SOURCE, thermal, thermal / central, "symmetric",
               "conservative allowance: half the thermal correction of the pp and hep spectra "
               "(thermal - laboratory); the published pp spectrum holds about half of it"),
    ]
    if errors is not None:
        mc = math.sqrt(sum(e**2 for e in err.values()))
        sources.append(Source("Monte Carlo", mc, mc / central, "symmetric", "vegas"))
    one_sigma = math.sqrt(sum(s.absolute**2 for s in sources))
    sources.append(Source(MODEL_SOURCE, shift, shift / central, "signed shift",
                          f"{model} -> {other} fluxes; reported apart, not in the 1 sigma"))
    return Budget(central, {s.name: s for s in sources}, one_sigma, shift, model, other,
                  FLUX_CORRELATIONS[cno_correlated])


# --- per-bin bands -------------------------------------------------------------------------
@dataclass(frozen=True)
class Band:
    """Per-bin 1-sigma bands of a binned spectrum (:func:`spectrum_bands`).

    Attributes
    ----------
    unit : str
        Unit of the values ("photons per MeV" or "photons per rad").
    edges : ndarray
        Bin edges (MeV or rad).
    central : ndarray
        The spectrum summed over the components, per unit of the observable.
    sources : dict of str to ndarray
        "solar fluxes" (>= 0), "solar model" (signed shift) and "Monte Carlo" (>= 0), per bin.
    total : ndarray
        The three sources of each bin in quadrature, the model shift with its absolute value:
        an envelope for figures, not a 1-sigma band (that is :attr:`one_sigma`).
    """

    unit: str
    edges: FloatArray
    central: FloatArray
    sources: dict[str, FloatArray]
    total: FloatArray

    @property
    def one_sigma(self) -> FloatArray:
        """The 1-sigma band of each bin: solar fluxes and Monte Carlo in quadrature, without the
        model shift (the shape sources of :func:`budget` are not in the bands)."""
        squares: FloatArray = np.zeros_like(self.central, dtype=float)
        for n in ONE_SIGMA_SOURCES:
            if n in self.sources:
                squares = squares + np.asarray(self.sources[n], float) ** 2
        return np.sqrt(squares)

    def as_dict(self) -> BandDict:
        return {"unit": self.unit, "edges": self.edges.tolist(), "central": self.central.tolist(),
                "sources": {k: v.tolist() for k, v in self.sources.items()},
                "one_sigma": self.one_sigma.tolist(), "total": self.total.tolist()}


def spectrum_bands(result: RateResult, cno_correlated: bool = False) -> dict[str, Band]:
    """Per-bin uncertainty bands of the binned spectra of a rate result.

    In each bin, from the per-component binned values v_c (``result.dN_dE`` and
    ``result.dN_dtheta``): "solar fluxes" sqrt(sum_c (sigma_c v_c)^2) (CNO linearly with
    ``cno_correlated``), "solar model" sum_c v_c (phi_c^other / phi_c - 1) (signed),
    "Monte Carlo" the per-bin vegas errors in quadrature over the components; the 1-sigma
    band (:attr:`Band.one_sigma`: fluxes and Monte Carlo) and, for figures, the envelope
    :attr:`Band.total` of all three. The shape sources of :func:`budget` (8B spectrum,
    pp/hep thermal allowance) move photons between bins rather than rescale them, so they
    are not in the bands; the 1 sigma of :func:`budget` carries them.

    Parameters
    ----------
    result : RateResult
        A one-flavour rate (:func:`nubrems.rates.one_flavour.photon_rate`); its ``params.solar_model``
        fixes the model shift.
    cno_correlated : bool
        As in :func:`budget`.

    Returns
    -------
    dict
        "dN_dE" (photons per MeV) and "dN_dtheta" (photons per rad) -> :class:`Band`.
    """
    _, model, other = _model_of(result.params)
    out: dict[str, Band] = {}
    for key, edges, parts, unit in (("dN_dE", result.energy_edges_MeV, result.dN_dE, "photons per MeV"),
                                    ("dN_dtheta", result.angle_edges_rad, result.dN_dtheta, "photons per rad")):
        for c in parts:
            solar.check_component(c)
        zero = np.zeros(len(edges) - 1)
        central = sum((np.asarray(v, float) for v, _ in parts.values()), zero)
        flux, shift = (zero + a for a in _flux_and_model({c: v for c, (v, _) in parts.items()}, model, other,
                                                          cno_correlated))   # per bin, also without parts
        mc = np.sqrt(sum((np.asarray(e, float) ** 2 for _, e in parts.values()), zero))
        out[key] = Band(unit, np.asarray(edges, float), central,
                        {"solar fluxes": flux, MODEL_SOURCE: shift, "Monte Carlo": mc},
                        np.sqrt(flux**2 + shift**2 + mc**2))
    return out


# --- the headline number -------------------------------------------------------------------
@dataclass(frozen=True)
class Headline:
    """The book's headline number (:func:`headline`).

    Attributes
    ----------
    photons_per_km3_per_year : float
        Bremsstrahlung photons per km^3 of target and year of exposure.
    by_component : dict of str to float
        Its share per solar component (photons per km^3 per year).
    budget : Budget
        Its uncertainty budget (photons per km^3 per year): the 1-sigma budget and, apart,
        the solar-model shift; no Monte Carlo source.
    params : Params
    """

    photons_per_km3_per_year: float
    by_component: dict[str, float]
    budget: Budget
    params: Params

    def summary(self) -> str:
        """The headline in one line: central +- 1 sigma and, apart, the model shift (:meth:`Budget.summary`)."""
        return f"photons per km^3 per year: {self.budget.summary()}"

    def lines(self, indent: str = "  ") -> list[str]:
        """The headline and its budget, readable (:meth:`Budget.lines`)."""
        return [f"{indent}headline: {self.summary()}", *self.budget.lines(indent)]

    def as_dict(self) -> HeadlineDict:
        return {"photons_per_km3_per_year": self.photons_per_km3_per_year,
                "by_component": dict(self.by_component),
                "summary": self.summary(),
                "uncertainty_budget": self.budget.as_dict(),
                "method": "leading-order |M|^2 by Gauss-Legendre quadrature of the solar spectra "
                          "(nubrems.rates.one_flavour.leading_order_rate); deterministic",
                "parameters": self.params.as_dict()}


def headline(params: Params | None = None) -> Headline:
    """THE headline number of the book: photons per km^3 per year, with its budget.

    The per-component counts of :func:`nubrems.rates.one_flavour.leading_order_rate` (the closed-form
    leading cross sections over the solar spectra by quadrature: deterministic, no Monte
    Carlo error; the omitted mass-suppressed part is ~1e-7 relative), divided by the
    volume (km^3) and the exposure (years) of ``params``, and :func:`budget` of them.

    Parameters
    ----------
    params : Params, optional
        Physics parameters (default: the baseline set).

    Returns
    -------
    Headline
    """
    p = params or Params()
    per = 1.0 / (p.volume_km3 * p.years)
    by_component = {c: v * per for c, v in leading_order_rate(p).items()}
    b = budget(by_component, params=p)
    return Headline(b.central, by_component, b, p)
