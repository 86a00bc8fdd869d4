"""The three-flavour study of chapter 7: rates on common bins, each run once, and what the
chapter reads off them.

* :class:`FlavourRuns` computes three-flavour rates (:func:`nubrems.rates.three_flavour.flavour_rate`)
  for one parameter set, precision, seed and binning, each set-up once and side by side;
  relics move where they must (a lightest mass below :data:`MOVING_BELOW_EV`). Its
  :meth:`~FlavourRuns.leading` gives the deterministic leading-order rate of a set-up
  (:func:`nubrems.rates.flavour_quadrature.leading_flavour_rate`), and
  :meth:`~FlavourRuns.totals` the rate whose totals to quote: that quadrature where relics
  rest, the vegas run where they move.
* :func:`moving_relic_expectation` gives what moving relics do to a three-flavour rate at
  leading order (:mod:`nubrems.rates.relic_motion`, weighted by relic state).
* :func:`channels_in_one_flavour` gives every channel's cross section in units of the
  one-flavour cross section of the same relic species at the heaviest mass, and
  :func:`degenerate_sum` adds the channels of one solar state (2 for three degenerate states).
* :func:`relic_state_spectra` histograms the photons by the mass state of the relic, on the
  points and with the settings of the rate itself, so the three blocks add up to its spectrum.
* :func:`shape_summary` condenses a rate into its total, mean photon energy and median angle;
  :func:`compatible_with_one` decides whether a ratio of two of them is 1.

Monte Carlo results are :class:`gvar.GVar` numbers (mean and error); quadrature results are floats.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import gvar
import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray, GVar
from nubrems.core.executors import map_ordered
from nubrems.core.params import Params
from nubrems.flavour import mixing
from nubrems.flavour.channels import Channel
from nubrems.kinematics import binning
from nubrems.kinematics.histograms import quantile
from nubrems.rates import cross_sections as xsec
from nubrems.rates import flavour_quadrature as FQ
from nubrems.rates import one_flavour, relic_motion
from nubrems.rates import three_flavour as FR
from nubrems.rates.integration import HistogramIntegrand, integrate
from nubrems.sun import spectra as solar

__all__ = ["MOVING_BELOW_EV", "FlavourRuns", "RunKey", "ShapeSummary", "channels_in_one_flavour",
           "compatible_with_one", "degenerate_sum", "flavour_setup", "histogram_mean", "histogram_median",
           "moving_relic_expectation", "one_flavour_per_km3_yr", "photons_by_relic_state", "photons_in_bins",
           "photons_per_km3_yr", "relic_state_spectra", "shape_summary"]


#: Lightest mass (eV) below which relics at rest are not allowed and the relics move with their
#: Fermi-Dirac momenta: the lower end of :data:`nubrems.rates.three_flavour.LIGHTEST_MASS_RANGE`.
MOVING_BELOW_EV = FR.LIGHTEST_MASS_RANGE.low


def _km3_yr(params: Params) -> float:
    """The exposure of ``params`` in km^3 x yr."""
    return params.volume_km3 * params.years


def flavour_setup(ordering: str, lightest_mass_eV: float, moments: str = "universal", nature: str = "dirac",
                  moving_relics: bool | None = None) -> FR.FlavourSetup:
    """A three-flavour set-up whose relics move when they must.

    Parameters
    ----------
    ordering : {"normal", "inverted"}
    lightest_mass_eV : float
        Mass of the lightest state, eV (>= 0; 0 is massless).
    moments : str
        A preset of :data:`nubrems.flavour.moments.PRESETS` (or a YAML file of a matrix).
    nature : {"dirac", "majorana"}
    moving_relics : bool, optional
        Relics with Fermi-Dirac momenta; None (default): exactly when the lightest mass is
        below :data:`MOVING_BELOW_EV`, where relics at rest are not allowed.

    Returns
    -------
    nubrems.rates.three_flavour.FlavourSetup
    """
    validate.choice("ordering", ordering, mixing.ORDERINGS)
    m = validate.real("lightest_mass_eV", lightest_mass_eV, "a finite mass >= 0 eV", minimum=0.0)
    if moving_relics is None:
        moving_relics = m < MOVING_BELOW_EV
    return FR.FlavourSetup(ordering, lightest_mass_eV, moments, nature, moving_relics=bool(moving_relics))


class RunKey(NamedTuple):
    """What tells two rates of :class:`FlavourRuns` apart."""

    ordering: str
    lightest_mass_eV: float
    moments: str
    moving_relics: bool


def photons_per_km3_yr(result: one_flavour.RateResult | FQ.LeadingFlavourRate) -> GVar | float:
    """Photons per km^3 and year of a rate: a gvar with the Monte Carlo error of a vegas run,
    a float for the quadrature (no error)."""
    if isinstance(result, FQ.LeadingFlavourRate):
        return result.photons_per_km3_per_year
    return gvar.gvar(result.photons, result.photons_err) / _km3_yr(result.params)


def one_flavour_per_km3_yr(params: Params, m_nu_eV: float) -> float:
    """One-flavour photons per km^3 and year at the mass ``m_nu_eV`` (eV, > 0): the
    semi-analytic leading order of :func:`nubrems.rates.one_flavour.leading_order_rate`, no
    Monte Carlo error."""
    p = params.replace(m_nu_eV=validate.positive("m_nu_eV", m_nu_eV, "eV"))
    return float(sum(one_flavour.leading_order_rate(p).values()) / _km3_yr(params))


class FlavourRuns:
    """Three-flavour rates of one parameter set on common bins, each set-up computed once.

    Parameters
    ----------
    params : Params
        The physics parameters (``mu_nu_muB`` scales the moment presets; the volume and
        years give the exposure).
    moments : str
        The moment preset of a run that names none.
    rtol : float
        Relative vegas precision of each rate (> 0).
    seed : int
        Vegas seed (>= 0); every run is seeded per solar component, so results do not depend
        on the order or the parallelism in which they are computed.
    energy_edges_MeV, angle_edges_rad : array_like
        Bins of the lab photon energy (MeV) and of the angle to the Sun (rad).
    jobs : int
        Rates computed side by side (one process each).
    components : sequence of str, optional
        Solar components of every rate (default all).
    """

    def __init__(self, params: Params, energy_edges_MeV: ArrayLike, angle_edges_rad: ArrayLike, *,
                 moments: str = "universal", rtol: float = 1e-2, seed: int = 1, jobs: int = 1,
                 components: Sequence[str] | None = None) -> None:
        self.params = params
        self.moments = moments
        self.rtol = validate.positive("rtol", rtol)
        self.seed = validate.integer("seed", seed, 0)
        self.jobs = validate.integer("jobs", jobs, 1)
        self.energy_edges_MeV = binning.check_edges(energy_edges_MeV, "energy_edges_MeV")
        self.angle_edges_rad = binning.check_edges(angle_edges_rad, "angle_edges_rad", upper=math.pi)
        self.components = None if components is None else [solar.check_component(c) for c in components]
        self.computed: dict[RunKey, FR.FlavourRateResult] = {}
        self.computed_leading: dict[tuple[str, float, str, str], FQ.LeadingFlavourRate] = {}

    def key(self, ordering: str, lightest_mass_eV: float, moments: str | None = None,
            moving_relics: bool | None = None) -> RunKey:
        """The key of a run (arguments as :func:`flavour_setup`; ``moments`` None: the default)."""
        s = self.setup(ordering, lightest_mass_eV, moments, moving_relics)
        return RunKey(s.ordering, float(s.lightest_mass_eV), s.moments, s.moving_relics)

    def setup(self, ordering: str, lightest_mass_eV: float, moments: str | None = None,
              moving_relics: bool | None = None, nature: str = "dirac") -> FR.FlavourSetup:
        """:func:`flavour_setup` with the default moments of these runs."""
        return flavour_setup(ordering, lightest_mass_eV, self.moments if moments is None else moments, nature,
                             moving_relics)

    def prefetch(self, keys: Iterable[RunKey]) -> None:
        """Compute the rates of ``keys`` not yet known, ``jobs`` at a time."""
        todo = [k for k in dict.fromkeys(keys) if k not in self.computed]
        run = functools.partial(FR.flavour_rate, self.params, components=self.components, rtol=self.rtol,
                                seed=self.seed, jobs=1, energy_edges_MeV=self.energy_edges_MeV,
                                angle_edges_rad=self.angle_edges_rad)
        setups = [flavour_setup(k.ordering, k.lightest_mass_eV, k.moments, moving_relics=k.moving_relics)
                  for k in todo]
        self.computed.update(zip(todo, map_ordered(run, setups, jobs=self.jobs), strict=True))

    def rate(self, ordering: str, lightest_mass_eV: float, moments: str | None = None,
             moving_relics: bool | None = None) -> FR.FlavourRateResult:
        """The rate of this set-up (computed now unless known)."""
        k = self.key(ordering, lightest_mass_eV, moments, moving_relics)
        self.prefetch([k])
        return self.computed[k]

    def photons(self, ordering: str, lightest_mass_eV: float, moments: str | None = None,
                moving_relics: bool | None = None) -> GVar:
        """Photons per km^3 and year of this set-up by vegas, a gvar."""
        return photons_per_km3_yr(self.rate(ordering, lightest_mass_eV, moments, moving_relics))

    def leading(self, ordering: str, lightest_mass_eV: float, moments: str | None = None,
                nature: str = "dirac") -> FQ.LeadingFlavourRate:
        """The leading-order rate of this set-up by quadrature, relics at rest (computed now
        unless known): deterministic totals per component and channel, no spectra.

        Raises
        ------
        ValueError
            For a lightest mass below :data:`MOVING_BELOW_EV`, where relics cannot rest.
        """
        s = self.setup(ordering, lightest_mass_eV, moments, moving_relics=False, nature=nature)
        k = (s.ordering, float(s.lightest_mass_eV), s.moments, s.nature)
        if k not in self.computed_leading:
            self.computed_leading[k] = FQ.leading_flavour_rate(self.params, s, components=self.components)
        return self.computed_leading[k]

    def totals(self, ordering: str, lightest_mass_eV: float,
               moments: str | None = None) -> FQ.LeadingFlavourRate | FR.FlavourRateResult:
        """The rate whose totals to quote: :meth:`leading` where relics rest, the vegas
        :meth:`rate` with moving relics below :data:`MOVING_BELOW_EV`."""
        if self.setup(ordering, lightest_mass_eV, moments).moving_relics:
            return self.rate(ordering, lightest_mass_eV, moments)
        return self.leading(ordering, lightest_mass_eV, moments)

    def orderings_at(self, lightest_mass_eV: float) -> tuple[GVar | float, GVar | float, GVar | float]:
        """Photons per km^3 and year for the normal and the inverted ordering at this lightest
        mass (eV), and their ratio inverted / normal, from :meth:`totals` (floats from the
        quadrature, gvars where relics move)."""
        no = photons_per_km3_yr(self.totals("normal", lightest_mass_eV))
        io = photons_per_km3_yr(self.totals("inverted", lightest_mass_eV))
        return no, io, io / no


def _channels(setup: FR.FlavourSetup, params: Params) -> tuple[FloatArray, list[Channel]]:
    """The moment matrix (eV^-1) of a set-up and its channels, as :func:`FR.flavour_rate` has them."""
    mu = np.asarray(setup.moment_matrix_muB(params)) * C.MU_B
    return mu, FR.channels_for(mu, setup.nature)


def photons_by_relic_state(result: FR.FlavourRateResult | FQ.LeadingFlavourRate) -> dict[int, GVar | float]:
    """Photons per km^3 and year on relic mass state 1, 2, 3 (neutrinos and antineutrinos
    together), from the rate's channels: gvars for a vegas run (errors added in quadrature),
    floats for the quadrature."""
    _, channels = _channels(result.setup, result.params)

    def value(label: str) -> GVar | float:
        x = result.by_channel[label]
        return x if isinstance(x, float) else gvar.gvar(*x)

    return {j: sum(value(ch.label) for ch in channels if ch.relic == j) / _km3_yr(result.params)
            for j in (1, 2, 3)}


def moving_relic_expectation(result: FQ.LeadingFlavourRate, helicity: bool = False) -> float:
    """Rate with moving (isotropic Fermi-Dirac) relics over the rate with relics at rest, at
    leading order: each relic state's factor 1 + 2 <p^2> / m_j^2
    (:func:`nubrems.rates.relic_motion.analytic_factor`; with ``helicity`` the first-order
    term of Dirac relic helicities too) weighted with its share of the photons."""
    parts = photons_by_relic_state(result)
    masses = result.setup.masses_eV()
    factors = {j: relic_motion.analytic_factor(float(masses[j - 1]), helicity=helicity) for j in parts}
    return float(sum(parts[j] * factors[j] for j in parts) / sum(parts.values()))


def channels_in_one_flavour(params: Params, energy_MeV: float, masses_eV: ArrayLike, channels: Sequence[Channel],
                            rtol: float = 1e-2, seed: int = 1) -> dict[str, GVar]:
    """Every channel's cross section over the one-flavour one of its relic species.

    The channels are integrated by :func:`nubrems.rates.three_flavour.channel_cross_sections`
    (one vegas run, relic at rest) with universal moments ``params.mu_nu``; the reference is
    the closed-form leading cross section (:func:`nubrems.rates.cross_sections.sigma_leading`) of
    nu nu or nu nubar at the heaviest of ``masses_eV``.

    Parameters
    ----------
    params : Params
    energy_MeV : float
        Solar neutrino energy, MeV (> 0).
    masses_eV : array_like, shape (3,)
        m_1, m_2, m_3 in eV (>= 0, not all 0).
    channels : sequence of Channel
        E.g. :func:`nubrems.flavour.channels.weak_channels` ``(3)``.
    rtol : float
        Relative vegas precision of the sum over channels.
    seed : int
        Vegas seed.

    Returns
    -------
    dict
        Channel label -> sigma_channel / sigma_one_flavour (gvar, dimensionless).
    """
    E = validate.positive("energy_MeV", energy_MeV, "MeV")
    masses = validate.finite_array("masses_eV", masses_eV, "three finite masses >= 0 eV", minimum=0.0)
    if masses.shape != (3,) or masses.max() <= 0:
        raise ValueError(f"masses_eV must be three finite masses >= 0 eV, not all 0; got {masses_eV!r}")
    heaviest = float(masses.max())
    table = FR.channel_cross_sections(E, masses_eV, params.mu_nu * np.eye(3), list(channels),
                                      rtol=validate.positive("rtol", rtol), seed=validate.integer("seed", seed, 0))
    p_heavy = params.replace(m_nu_eV=heaviest)
    sigma_one = {anti: xsec.sigma_leading("nunubar" if anti else "nunu", E, p_heavy) for anti in (False, True)}
    return {ch.label: gvar.gvar(*table[ch.label]) / sigma_one[ch.relic_is_antineutrino] for ch in channels}


def degenerate_sum(ratios: Mapping[str, GVar], channels: Sequence[Channel], relic_is_antineutrino: bool,
                   solar_state: int = 1) -> GVar:
    """The channels of one solar state on every relic of one species, added.

    Meant for :func:`channels_in_one_flavour` at equal masses, where the channels share their
    kinematics and vegas points: their errors are fully correlated and add linearly. Three
    degenerate states with universal moments give 2 (the one-flavour channel, and one
    contraction instead of two for each of the others).

    Parameters
    ----------
    ratios : mapping
        Channel label -> ratio (gvar).
    channels : sequence of Channel
    relic_is_antineutrino : bool
        Relic antineutrinos (True) or neutrinos (False).
    solar_state : int
        The solar mass state, 1, 2 or 3.
    """
    i = validate.integer("solar_state", solar_state, 1, 3)
    parts = [ratios[ch.label] for ch in channels
             if ch.solar == i and ch.relic_is_antineutrino == relic_is_antineutrino]
    return gvar.gvar(sum(x.mean for x in parts), sum(x.sdev for x in parts))


def relic_state_spectra(params: Params, setup: FR.FlavourSetup, energy_edges_MeV: ArrayLike, rtol: float = 1e-2,
                        seed: int = 1, components: Sequence[str] | None = None, neval: int = 5_000,
                        nitn_adapt: int = 5, max_iterations: int = 100) -> tuple[FloatArray, FloatArray]:
    """dN/dE_gamma of the photons on relic mass state 1, 2, 3 (relic neutrinos and
    antineutrinos together), per MeV, km^3 and year, with vegas errors.

    The vegas runs are those of :func:`nubrems.rates.three_flavour.flavour_rate` (same
    integrand, points, seed per component and settings), but histogram the photons in one
    block of energy bins per relic state (the observable is the bin number, offset by the
    block): the three blocks add up to the rate's own energy spectrum.

    Parameters
    ----------
    params : Params
    setup : FlavourSetup
    energy_edges_MeV : array_like
        Bins of the lab photon energy, MeV (strictly increasing, >= 0).
    rtol, seed, neval, nitn_adapt, max_iterations
        As for :func:`nubrems.rates.three_flavour.flavour_rate`.
    components : sequence of str, optional
        Solar components (default all).

    Returns
    -------
    values, errors : ndarray, shape (3, len(energy_edges_MeV) - 1)
        Row j is relic state j + 1, in MeV^-1 km^-3 yr^-1.
    """
    s = setup.check(params)
    edges = binning.check_edges(energy_edges_MeV, "energy_edges_MeV")
    comps = list(solar.COMPONENTS if components is None else components)
    for c in comps:
        solar.check_component(c)
    masses = s.masses_eV()
    mu, chans = _channels(s, params)
    block = np.array([ch.relic - 1 for ch in chans])
    n = len(edges) - 1
    edges_eV = edges * C.MEV
    mean, var = np.zeros(3 * n), np.zeros(3 * n)
    for comp in comps:
        states = functools.partial(FR.solar_mass_states, comp, ordering=s.ordering)
        f = FR.integrand(comp, params, masses, mu, chans, states, edges, np.array([0.0, math.pi]),
                         s.moving_relics, nature=s.nature, earth_beta=s.earth_beta())

        def point(x: FloatArray, f: HistogramIntegrand = f) -> tuple[FloatArray, tuple[FloatArray]]:
            weight, (energy, _) = f.point(x)
            b = np.searchsorted(edges_eV, energy) - 1                  # energy bin
            b = np.where((b >= 0) & (b < n), b + n * block, -1)       # its block; -1: outside
            return weight, (b.astype(float),)

        g = HistogramIntegrand(point, [np.arange(3 * n + 1) - 0.5], n_parts=len(chans))
        run = integrate(g, FR.dimension(s.moving_relics), rtol, seed + solar.COMPONENTS.index(comp), neval,
                        nitn_adapt, max_iterations)
        mean += run.mean[1:3 * n + 1]
        var += run.sdev[1:3 * n + 1] ** 2
    scale = params.exposure_cm3_s / _km3_yr(params) / np.tile(np.diff(edges), 3)
    return (mean * scale).reshape(3, n), (np.sqrt(var) * scale).reshape(3, n)


def _histogram(name: str, edges: ArrayLike, values: ArrayLike,
               errors: ArrayLike) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Checked (edges, values, errors) of a binned density: len(edges) = len(values) + 1."""
    e = binning.check_edges(edges, f"{name} edges")
    v = validate.finite_array(f"{name} values", values)
    s = validate.finite_array(f"{name} errors", errors, "finite errors >= 0", minimum=0.0)
    if v.shape != (len(e) - 1,) or s.shape != v.shape:
        raise ValueError(f"{name} needs one value and error per bin; got {len(e)} edges, {v.size} values, "
                         f"{s.size} errors")
    return e, v, s


def photons_in_bins(values: ArrayLike, errors: ArrayLike, edges: ArrayLike, selection: ArrayLike) -> GVar:
    """The integral of a binned density over the selected bins, with its error.

    Parameters
    ----------
    values, errors : array_like
        Density per unit of the observable in each bin (e.g. per MeV) and its error,
        independent from bin to bin.
    edges : array_like
        Bin edges in that unit (one more than values).
    selection : array_like of bool
        The bins to add.

    Returns
    -------
    gvar
        Sum of value x width, error the quadrature sum of error x width.
    """
    e, v, s = _histogram("photons_in_bins", edges, values, errors)
    sel = np.asarray(selection)
    if sel.dtype != bool or sel.shape != v.shape:
        raise ValueError(f"selection must be one bool per bin ({v.size}); got {selection!r}")
    widths = np.diff(e)[sel]
    return gvar.gvar(np.sum(v[sel] * widths), math.sqrt(np.sum((s[sel] * widths) ** 2)))


def _counts(edges: FloatArray, values: FloatArray, errors: FloatArray) -> Any:
    """Bin contents (value x width) as independent gvars."""
    width = np.diff(edges)
    return gvar.gvar(values * width, errors * width)


def histogram_mean(edges: ArrayLike, values: ArrayLike, errors: ArrayLike) -> GVar:
    """Mean of the observable of a binned density, each bin at its midpoint (gvar; the
    error follows the bins' independent errors, correlations of the normalisation included).

    Parameters
    ----------
    edges : array_like
        Bin edges (>= 0, strictly increasing), in the observable's unit.
    values, errors : array_like
        Density per unit of the observable in each bin, and its error.
    """
    e, v, s = _histogram("histogram_mean", edges, values, errors)
    if np.sum(v) <= 0:
        raise ValueError("histogram_mean needs a histogram with a positive content")
    counts = _counts(e, v, s)
    return np.sum(counts * 0.5 * (e[1:] + e[:-1])) / np.sum(counts)


def histogram_median(edges: ArrayLike, values: ArrayLike, errors: ArrayLike) -> GVar:
    """Median of the observable of a binned density, as a gvar: the q = 1/2 value of
    :func:`nubrems.kinematics.histograms.quantile` (linear within the bin where the
    cumulative fraction crosses one half; error from the bins' independent errors).

    Parameters as for :func:`histogram_mean`.
    """
    e, v, s = _histogram("histogram_median", edges, values, errors)
    if np.sum(v) <= 0:
        raise ValueError("histogram_median needs a histogram with a positive content")
    return quantile(gvar.gvar(v, s), e, 0.5, interpolation="linear")


class ShapeSummary(NamedTuple):
    """What a rate's distributions come to (gvars)."""

    photons: GVar                 #: photons per km^3 and year
    mean_energy_MeV: GVar         #: mean lab photon energy, MeV
    median_angle_mrad: GVar       #: angle to the Sun within which half of the photons arrive, mrad


def shape_summary(result: one_flavour.RateResult) -> ShapeSummary:
    """The total, the mean photon energy and the median angle of a rate (its binned spectra)."""
    vE, eE = result.total_spectrum("energy")
    vT, eT = result.total_spectrum("angle")
    return ShapeSummary(photons_per_km3_yr(result), histogram_mean(result.energy_edges_MeV, vE, eE),
                        1e3 * histogram_median(result.angle_edges_rad, vT, eT))


def compatible_with_one(ratio: GVar, tolerance: float, n_sigma: float = 3.0) -> bool:
    """Whether a ratio (gvar) is 1: within ``n_sigma`` Monte Carlo errors or within the
    relative ``tolerance``, whichever is wider."""
    tol = validate.real("tolerance", tolerance, "a finite number >= 0", minimum=0.0)
    k = validate.positive("n_sigma", n_sigma)
    return bool(abs(ratio.mean - 1) < max(k * ratio.sdev, tol))
