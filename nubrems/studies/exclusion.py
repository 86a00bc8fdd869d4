"""The exclusion view: the photon rate in the (m_nu, mu_nu) plane next to the current bounds.

Three ingredients, each a function of this module:

* :data:`BOUNDS`, the experimental, astrophysical and cosmological limits on the moment, the mass
  and the sum of the masses, each with its value, confidence level and citation (kept in
  :mod:`nubrems.core.bounds`, where the front door's warnings read them too);
* :func:`rate_grid`, the one-flavour rate (photons per km^3 per year) on a grid of masses and
  moments, from the semi-analytic leading order :func:`nubrems.rates.one_flavour.leading_order_rate`;
* :func:`flavour_curves`, the three-flavour vegas rate (:func:`nubrems.rates.three_flavour.flavour_rate`)
  against the lightest mass for both orderings, and :func:`paper_point`, where the baseline
  choice (m = 0.1 eV, mu = 6e-12 mu_B, the :class:`~nubrems.core.params.Params` defaults) sits.

The mu^2 scaling
----------------
Every amplitude has one magnetic-moment vertex, so |M|^2, each cross section and every rate is
exactly proportional to mu_nu^2 (for a moment matrix: to the square of its overall scale), at
any mass. A grid therefore needs one computation per mass, at a reference moment mu_ref, and

    rate(m, mu) = rate(m, mu_ref) (mu / mu_ref)^2

for all the others (vectorised over the moments). The tests compare grid points scaled this way
with direct computations at those moments (agreement to 1e-12, rounding only).

Mass bounds and the mass of the one-flavour book
------------------------------------------------
The book's one-flavour mass m_nu stands for quasi-degenerate states. KATRIN bounds the effective
electron-neutrino mass m_beta = sqrt(sum_i |U_ei|^2 m_i^2) (:func:`effective_electron_mass_eV`),
which for quasi-degenerate states is the common mass; cosmology bounds the sum of the three masses
(:func:`sum_of_masses_eV`), whose smallest allowed lightest mass follows from the splittings of
:mod:`nubrems.flavour.mixing` (:func:`lightest_mass_at_sum_bound`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import catalogue as P
from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.core.bounds import BOUNDS, MASS, MOMENT, SUM_OF_MASSES, Bound, bounds_on, strongest
from nubrems.core.params import Params
from nubrems.flavour import mixing
from nubrems.rates.compose import rate
from nubrems.rates.one_flavour import leading_order_rate
from nubrems.rates.three_flavour import LIGHTEST_MASS_RANGE

__all__ = ["Bound", "BOUNDS", "MOMENT", "MASS", "SUM_OF_MASSES", "DEFAULT_LIGHTEST_EV", "bounds_on", "strongest",
           "sum_of_masses_eV", "effective_electron_mass_eV", "lightest_mass_at_sum_bound", "reference_rates",
           "rate_grid", "moment_for_rate", "FlavourCurve", "flavour_curves", "excluded_by", "PaperPoint",
           "paper_point"]

#: Lightest masses (eV) of the three-flavour curves of :func:`flavour_curves`.
DEFAULT_LIGHTEST_EV = (0.001, 0.01, 0.05, 0.1, 0.3)


# --- masses: sums, m_beta and the lightest mass at the cosmological bound ------------------------
def _lightest(value: Any, name: str = "lightest_eV") -> float:
    return validate.real(name, value, "a finite mass >= 0 eV", minimum=0.0)


def sum_of_masses_eV(lightest_eV: float, ordering: str = "normal") -> float:
    """Sum of the three masses, eV, for the lightest mass ``lightest_eV`` (eV) and ``ordering``
    (splittings of :data:`nubrems.flavour.mixing.NUFIT`)."""
    return float(np.sum(mixing.masses_eV(_lightest(lightest_eV), ordering)))


def effective_electron_mass_eV(lightest_eV: float, ordering: str = "normal") -> float:
    """The mass KATRIN measures, m_beta = sqrt(sum_i |U_ei|^2 m_i^2), in eV."""
    m = mixing.masses_eV(_lightest(lightest_eV), ordering)
    Ue2 = np.abs(mixing.pmns(ordering)[0]) ** 2
    return float(np.sqrt(np.sum(Ue2 * m**2)))


def lightest_mass_at_sum_bound(sum_bound_eV: float | None = None, ordering: str = "normal") -> float:
    """The largest lightest mass (eV) whose three masses sum to at most ``sum_bound_eV``.

    Parameters
    ----------
    sum_bound_eV : float, optional
        Upper limit on m_1 + m_2 + m_3, eV (default: the strongest cosmological bound of
        :data:`BOUNDS`, Planck 2018, 0.12 eV).
    ordering : {"normal", "inverted"}

    Returns
    -------
    float
        The lightest mass m_0 with sum_i m_i(m_0) = ``sum_bound_eV`` (to 1e-12 relative), in eV;
        **nan** when the bound lies below the smallest sum the ordering allows (the sum at
        m_0 = 0: 0.059 eV normal, 0.099 eV inverted): the bound then excludes the ordering
        altogether, which is a result, not an input error.

    Raises
    ------
    ValueError
        If ``sum_bound_eV`` is not a positive finite number (naming ``sum_bound_eV``).
    """
    bound = validate.positive("sum_bound_eV", strongest(SUM_OF_MASSES).value if sum_bound_eV is None else sum_bound_eV)
    minimum = sum_of_masses_eV(0.0, ordering)
    if bound < minimum:
        return math.nan
    from scipy.optimize import brentq  # lazy: keeps the package import light

    # sum(m0) is increasing, >= 3 m0: the root lies in [0, bound / 3]
    root = brentq(lambda m0: sum_of_masses_eV(m0, ordering) - bound, 0.0, bound / 3.0, xtol=1e-15, rtol=1e-14)
    return float(root)


# --- the one-flavour grid -------------------------------------------------------------------------
def _grid_axis(values: ArrayLike, name: str) -> FloatArray:
    """A non-empty 1-d array of finite positive numbers, or ValueError naming ``name``."""
    try:
        x = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers; got {values!r}") from None
    if x.ndim != 1:
        raise ValueError(f"{name} must be a 1-d sequence; got shape {x.shape}")
    if x.size == 0:
        raise ValueError(f"{name} is empty: a grid needs at least one value")
    bad = ~np.isfinite(x) | (x <= 0)
    if np.any(bad):
        i = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name}[{i}] = {x[i]!r}: every value must be a positive finite number")
    return x


def _masses(masses_eV: ArrayLike, name: str = "masses_eV") -> FloatArray:
    """Masses checked as grid values and against the catalogue range of ``m_nu_eV``."""
    m = _grid_axis(masses_eV, name)
    rng = P.get("m_nu_eV").range_for()
    assert rng is not None
    for i, x in enumerate(m):
        if not rng.contains(float(x)):
            raise ValueError(f"{name}[{i}] = {x:g} eV: allowed {rng} eV ({rng.why})")
    return m


def _params(params: Params | None) -> Params:
    return Params() if params is None else params


def reference_rates(masses_eV: ArrayLike, params: Params | None = None, components: Iterable[str] | None = None,
                    n_nodes: int = 64) -> FloatArray:
    """One-flavour photons per km^3 per year at the moment of ``params`` (default 6e-12 mu_B),
    one semi-analytic :func:`~nubrems.rates.one_flavour.leading_order_rate` per mass.

    Parameters
    ----------
    masses_eV : array_like, 1-d
        Neutrino masses, eV (each within the catalogue range of ``m_nu_eV``, 1e-3 to 10 eV).
    params : Params, optional
        Everything else (moment, densities, overdensity, solar model); its mass is replaced by
        each of ``masses_eV``, its volume and exposure divided out.
    components : iterable of str, optional
        Solar components summed (default: all).
    n_nodes : int
        Quadrature nodes per continuous solar spectrum.

    Returns
    -------
    ndarray, shape (len(masses_eV),)
        Photons per km^3 per year.
    """
    return _rates_at(_masses(masses_eV), _params(params), components, n_nodes)


def _rates_at(m: FloatArray, p: Params, components: Iterable[str] | None, n_nodes: int) -> FloatArray:
    """:func:`reference_rates` of checked masses."""
    comps = None if components is None else list(components)
    per = p.volume_km3 * p.years
    return np.array([sum(leading_order_rate(p.replace(m_nu_eV=float(mi)), comps, n_nodes).values()) / per
                     for mi in m])


def rate_grid(masses_eV: ArrayLike, moments_muB: ArrayLike, params: Params | None = None,
              components: Iterable[str] | None = None, n_nodes: int = 64) -> FloatArray:
    """One-flavour photons per km^3 per year on a grid of masses and moments.

    The semi-analytic leading order (:func:`reference_rates`) is computed once per mass at the
    moment of ``params`` (the reference mu_ref) and scaled exactly as (mu / mu_ref)^2 to every
    moment (see the module docstring), so the cost is that of the masses alone (about 30 ms each).

    Parameters
    ----------
    masses_eV : array_like, 1-d
        Neutrino masses, eV (1e-3 to 10 eV).
    moments_muB : array_like, 1-d
        Magnetic moments, Bohr magnetons (positive; any size, the scaling is exact).
    params, components, n_nodes
        As in :func:`reference_rates`.

    Returns
    -------
    ndarray, shape (len(masses_eV), len(moments_muB))
        Photons per km^3 per year; row i is mass i, column j moment j.

    Raises
    ------
    ValueError
        For an empty grid, or a negative, zero, non-finite or out-of-range value, naming
        ``masses_eV`` or ``moments_muB`` and the offending index.
    """
    mu = _grid_axis(moments_muB, "moments_muB")
    ref = reference_rates(masses_eV, params, components, n_nodes)
    mu_ref = _params(params).mu_nu_muB
    return np.outer(ref, (mu / mu_ref) ** 2)


def moment_for_rate(rate_per_km3_yr: float, m_nu_eV: float, params: Params | None = None) -> float:
    """The moment (Bohr magnetons) for which one flavour of mass ``m_nu_eV`` (eV) gives
    ``rate_per_km3_yr`` photons per km^3 per year: mu_ref sqrt(rate / rate(mu_ref)).

    The result may lie far outside any allowed moment (1 photon per km^3 per year at 0.1 eV
    needs about 1e13 mu_B): that distance is the point of the number.
    """
    target = validate.positive("rate_per_km3_yr", rate_per_km3_yr)
    p = _params(params)
    ref = float(_rates_at(_masses(validate.positive("m_nu_eV", m_nu_eV), "m_nu_eV"), p, None, 64)[0])
    return p.mu_nu_muB * math.sqrt(target / ref)


# --- three flavours ---------------------------------------------------------------------------
@dataclass(frozen=True)
class FlavourCurve:
    """The three-flavour rate against the lightest mass, one ordering, at one moment scale.

    Attributes
    ----------
    ordering : str
    lightest_masses_eV : ndarray
        Lightest masses, eV.
    rates : ndarray
        Photons per km^3 per year at ``moment_muB``.
    errors : ndarray
        Their Monte Carlo errors, photons per km^3 per year (zero for the quadrature).
    moment_muB : float
        The moment scale of the preset (``Params.mu_nu_muB``), Bohr magnetons.
    moments : str
        The moment preset of :class:`~nubrems.rates.three_flavour.FlavourSetup` ("universal").
    seconds : ndarray
        Wall time of each point, s.
    """

    ordering: str
    lightest_masses_eV: FloatArray
    rates: FloatArray
    errors: FloatArray
    moment_muB: float
    moments: str = "universal"
    seconds: FloatArray = field(default_factory=lambda: np.zeros(0))

    def at_moments(self, moments_muB: ArrayLike) -> tuple[FloatArray, FloatArray]:
        """Rates and errors (photons per km^3 per year), shape (masses, moments), scaled as
        (mu / moment_muB)^2 (exact: every channel's |M|^2 is quadratic in the moment scale)."""
        s = (_grid_axis(moments_muB, "moments_muB") / self.moment_muB) ** 2
        return np.outer(self.rates, s), np.outer(self.errors, s)


def flavour_curves(lightest_masses_eV: Sequence[float] = DEFAULT_LIGHTEST_EV,
                   orderings: Sequence[str] = mixing.ORDERINGS, params: Params | None = None,
                   moments: str | None = None, rtol: float = 3e-2, seed: int = 1,
                   jobs: int | None = None, method: str = "quadrature") -> dict[str, FlavourCurve]:
    """Three-flavour photons per km^3 per year against the lightest mass, per ordering.

    One :func:`nubrems.rate` per point (Dirac, relics at rest, all solar components): by
    default the deterministic leading-order quadrature
    (:func:`nubrems.rates.flavour_quadrature.leading_flavour_rate`, milliseconds per point,
    errors zero); ``method="monte-carlo"`` runs vegas instead (about 4-5 s per point at rtol
    3e-2 on one core).

    Parameters
    ----------
    lightest_masses_eV : sequence of float
        Lightest masses, eV, within :data:`nubrems.rates.three_flavour.LIGHTEST_MASS_RANGE` (1e-3 to 1).
    orderings : sequence of {"normal", "inverted"}
    params : Params, optional
        Moment scale (``mu_nu_muB``), densities, solar model, and the three-flavour settings
        of every point but its ordering and lightest mass (the moments preset or file, the
        nature, what the moment scale means; default: those of
        :class:`~nubrems.core.params.Params`, universal Dirac moments at mu_eff).
    moments : str, optional
        Moment preset or matrix file instead of ``params.moments`` (default: that one,
        "universal" unless set: the same diagonal moment for every state).
    rtol, seed, jobs
        As in :func:`~nubrems.rates.three_flavour.flavour_rate` (the Monte Carlo only).
    method : {"quadrature", "monte-carlo"}
        As in :func:`nubrems.rate`.

    Returns
    -------
    dict
        Ordering -> :class:`FlavourCurve`.
    """
    m = _grid_axis(lightest_masses_eV, "lightest_masses_eV")
    for i, x in enumerate(m):
        if not LIGHTEST_MASS_RANGE.contains(float(x)):
            raise ValueError(f"lightest_masses_eV[{i}] = {x:g} eV: allowed {LIGHTEST_MASS_RANGE} eV "
                             f"({LIGHTEST_MASS_RANGE.why})")
    orders = list(orderings)
    if not orders:
        raise ValueError("orderings is empty: give at least one of " + ", ".join(mixing.ORDERINGS))
    for o in orders:
        if o not in mixing.ORDERINGS:
            raise ValueError(f"orderings: each must be one of {', '.join(mixing.ORDERINGS)}; got {o!r}")
    p = _params(params)
    preset = p.moments if moments is None else moments
    per = p.volume_km3 * p.years
    out: dict[str, FlavourCurve] = {}
    for o in orders:
        rates, errors, seconds = [], [], []
        for x in m:
            t = time.perf_counter()
            point = p.replace(flavours=3, ordering=o, lightest_mass_eV=float(x), moments=preset)
            r = rate(point, rtol=rtol, seed=seed, jobs=jobs, method=method).result
            seconds.append(time.perf_counter() - t)
            rates.append(r.photons / per)
            errors.append(getattr(r, "photons_err", 0.0) / per)     # the quadrature has no Monte Carlo error
        out[o] = FlavourCurve(o, m.copy(), np.array(rates), np.array(errors), p.mu_nu_muB, preset,
                              np.array(seconds))
    return out


# --- where a point sits -------------------------------------------------------------------------
def excluded_by(m_nu_eV: float, mu_nu_muB: float, ordering: str = "normal") -> list[str]:
    """Names of the bounds of :data:`BOUNDS` that exclude quasi-degenerate neutrinos of lightest
    mass ``m_nu_eV`` (eV) with moment ``mu_nu_muB`` (Bohr magnetons), in ``ordering``.

    The moment is compared with the moment bounds, m_beta (:func:`effective_electron_mass_eV`)
    with the mass bounds, the sum of the masses with the cosmological ones; a value equal to a
    bound is allowed.
    """
    m = _lightest(m_nu_eV, "m_nu_eV")
    mu = validate.positive("mu_nu_muB", mu_nu_muB)
    value = {MOMENT: mu, MASS: effective_electron_mass_eV(m, ordering), SUM_OF_MASSES: sum_of_masses_eV(m, ordering)}
    return [b.name for b in BOUNDS.values() if value[b.quantity] > b.value]


@dataclass(frozen=True)
class PaperPoint:
    """Where the baseline (m, mu) sits relative to :data:`BOUNDS` (see :func:`paper_point`).

    Attributes
    ----------
    m_nu_eV, mu_nu_muB : float
        The point: eV, Bohr magnetons.
    rate_per_km3_yr : float
        One-flavour leading-order photons per km^3 per year there.
    moment_for_one_photon_muB : float
        The moment giving 1 photon per km^3 per year at this mass.
    moment_over_bound : dict
        Bound name -> mu / bound, for the moment bounds.
    m_beta_eV : dict
        Ordering -> m_beta of three states with lightest mass m, eV.
    mass_over_bound : dict
        Bound name -> m_beta / bound (the larger m_beta of the two orderings).
    sum_of_masses_eV : dict
        Ordering -> sum of the three masses with lightest mass m, eV.
    sum_over_bound : dict
        Ordering -> that sum / the cosmological bound.
    lightest_mass_limit_eV : dict
        Ordering -> the largest lightest mass the cosmological bound allows, eV.
    compatible_with_cosmology : bool
        Whether three states of lightest mass m satisfy the cosmological bound in either ordering.
    excluded_by : dict
        Ordering -> names of the bounds that exclude the point.
    """

    m_nu_eV: float
    mu_nu_muB: float
    rate_per_km3_yr: float
    moment_for_one_photon_muB: float
    moment_over_bound: dict[str, float]
    m_beta_eV: dict[str, float]
    mass_over_bound: dict[str, float]
    sum_of_masses_eV: dict[str, float]
    sum_over_bound: dict[str, float]
    lightest_mass_limit_eV: dict[str, float]
    compatible_with_cosmology: bool
    excluded_by: dict[str, list[str]]

    def summary(self) -> str:
        """The findings in a few lines of prose (numbers to three digits)."""
        cosmo = strongest(SUM_OF_MASSES)
        lines = [f"m = {self.m_nu_eV:g} eV, mu = {self.mu_nu_muB:.3g} mu_B: "
                 f"{self.rate_per_km3_yr:.3g} photons per km^3 per year (one flavour);",
                 f"1 photon per km^3 per year at this mass needs mu = {self.moment_for_one_photon_muB:.3g} mu_B;"]
        lines += [f"mu / {name} bound = {r:.3g}" for name, r in self.moment_over_bound.items()]
        lines += [f"m_beta / {name} bound = {r:.3g}" for name, r in self.mass_over_bound.items()]
        for o, s in self.sum_of_masses_eV.items():
            lines.append(f"{o}: sum of masses {s:.3g} eV = {self.sum_over_bound[o]:.3g} x the {cosmo.name} bound "
                         f"({cosmo.value:g} eV); its lightest-mass limit is {self.lightest_mass_limit_eV[o]:.3g} eV")
        lines.append("compatible with cosmology" if self.compatible_with_cosmology
                     else f"excluded by the {cosmo.name} sum bound in both orderings")
        return "\n".join(lines)


def paper_point(params: Params | None = None) -> PaperPoint:
    """The baseline point (``Params()`` defaults, m = 0.1 eV, mu = 6e-12 mu_B, or those of
    ``params``) against :data:`BOUNDS`.

    The moment sits just below XENONnT 2022 (ratio 0.95); m_beta = 0.10 eV (normal) or 0.11 eV
    (inverted) is well below both KATRIN limits; but three states with lightest mass 0.1 eV sum
    to about 0.31 eV (normal) or 0.32 eV (inverted), 2.6-2.7 times the Planck 2018 bound of
    0.12 eV, which allows a lightest mass of at most about 0.030 eV (normal) or 0.016 eV
    (inverted): the baseline mass is compatible with the laboratory bounds but not with
    cosmology (within base LambdaCDM).
    """
    p = _params(params)
    m, mu = p.m_nu_eV, p.mu_nu_muB
    rate = float(_rates_at(np.array([m]), p, None, 64)[0])
    cosmo = strongest(SUM_OF_MASSES)
    orders = mixing.ORDERINGS
    m_beta = {o: effective_electron_mass_eV(m, o) for o in orders}
    sums = {o: sum_of_masses_eV(m, o) for o in orders}
    return PaperPoint(
        m_nu_eV=m, mu_nu_muB=mu, rate_per_km3_yr=rate,
        moment_for_one_photon_muB=mu * math.sqrt(1.0 / rate),
        moment_over_bound={b.name: mu / b.value for b in bounds_on(MOMENT)},
        m_beta_eV=m_beta,
        mass_over_bound={b.name: max(m_beta.values()) / b.value for b in bounds_on(MASS)},
        sum_of_masses_eV=sums,
        sum_over_bound={o: s / cosmo.value for o, s in sums.items()},
        lightest_mass_limit_eV={o: lightest_mass_at_sum_bound(cosmo.value, o) for o in orders},
        compatible_with_cosmology=any(s <= cosmo.value for s in sums.values()),
        excluded_by={o: excluded_by(m, mu, o) for o in orders},
    )
