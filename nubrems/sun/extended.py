"""The extended Sun: where on the sky the neutrinos come from, and the photon angles it smears.

The rates (:mod:`nubrems.rates.one_flavour`) measure the photon angle theta to the direction away from
the *centre* of the Sun, as if every neutrino left from that point. Neutrinos are made in
the core, within ~0.1 R_sun of the centre, so the direction of each is offset from the
Sun's centre by the angle alpha under which its production point is seen from the Earth,
alpha = b R_sun / 1 AU for a production point at projected distance b (solar radii) from the
centre; R_sun / 1 AU = 4.65 mrad (:data:`nubrems.core.constants.SUN_ANGULAR_RADIUS_RAD`). This
module

* projects each component's production profile (:func:`nubrems.sun.interior.production_density`,
  B16-GS98) onto the plane of the sky: the surface brightness integrated along the line of
  sight, normalised as the distribution of alpha (:func:`source_density`,
  :func:`source_cdf`, :func:`source_quantile`, :func:`source_angles`). A 3-D Gaussian
  emissivity exp(-r^2/a^2) projects onto the 2-D Gaussian exp(-b^2/a^2) with the *same*
  a (the line-of-sight integral of exp(-s^2/a^2) is a constant), so that
  P(alpha < x) = 1 - exp(-x^2/A^2) with A = a R_sun / 1 AU, median A sqrt(ln 2) and
  90 % angle A sqrt(ln 10). 13N's outer shell is projected numerically
  (:func:`abel_projection`, :func:`cylinder_fraction`);
* folds a photon angular distribution with a source profile (:func:`fold`,
  :func:`fold_matrix`): the photon's offset from the Sun's centre is the sum of the source
  offset (isotropic in azimuth) and the photon's offset from its neutrino (magnitude theta,
  isotropic in azimuth around it);
* applies that to a :class:`nubrems.rates.one_flavour.RateResult`, per component and in total, with
  the median and 90 % photon angles before and after (:func:`smear`).

Geometry on the sphere
----------------------
With alpha and theta the two offsets and phi their relative azimuth, the photon's angle to
the anti-solar direction is psi with cos psi = cos alpha cos theta + sin alpha sin theta
cos phi (the spherical law of cosines; for small angles the length of the 2-D vector sum).
For uniform phi, P(psi < x) = (2/pi) arcsin(sqrt(u/2)) clipped to [0, 1], with
u = [cos(alpha - theta) - cos x] / (sin alpha sin theta). Being exact on the sphere, psi
never exceeds pi: with the upper bin edge at pi, no photon leaves the histogram at the top.

Numerics of the folding
-----------------------
Within each input bin the photons are spread uniformly in theta (what a histogram per rad
says). The fraction of an input bin below an output edge x is a double integral over theta
(in the bin) and alpha (over the source), whose integrand P(psi < x) is 0 or 1 except in a
band |x - alpha| < theta < x + alpha, with square-root cusps on its borders. Both integrals
are therefore split at the cusps and done by Gauss-Legendre quadrature in the pieces: in
theta at |x - alpha| and min(x + alpha, 2 pi - x - alpha); in alpha on fixed cells over the
source plus where those borders cross the bin edges. The fractions at consecutive output
edges are differenced, so that every input bin's photons are distributed exactly: the total
is conserved to rounding, apart from what leaves through the lowest edge (reported as
``lost_below``; photons pushed above a last edge below pi are ``lost_above``). With the
default settings every fraction is converged to ~3e-8; a component's matrix for the default
40 bins takes ~0.1 s and is kept for later results with the same bins
(``benchmarks/bench_extended_sun.py``).

Angles are in rad unless a name ends in ``_mrad``; production radii and projected distances
b are in solar radii.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Protocol, TypedDict

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray, GVarArray
from nubrems.kinematics import binning
from nubrems.kinematics.histograms import quantile
from nubrems.sun import spectra as solar
from nubrems.sun.interior import N13_SHELL, PEAK_RADIUS, R_MAX


class AngularResult(Protocol):
    """What :func:`smear` reads of a rate result (e.g. :class:`nubrems.rates.one_flavour.RateResult`):
    the photon angle bin edges in rad and, per component, dN/dtheta per rad with its error."""

    @property
    def angle_edges_rad(self) -> FloatArray: ...

    @property
    def dN_dtheta(self) -> Mapping[str, tuple[FloatArray, FloatArray]]: ...

__all__ = ["TOTAL", "AngleSummary", "AngularResult", "Folded", "Smeared", "Source", "SourceAngles", "abel_projection",
           "component_source", "cylinder_fraction", "fold", "fold_gvar", "fold_matrix", "gaussian_source",
           "n13_shell_density", "smear", "source_angles", "source_cdf", "source_density", "source_quantile"]

#: A 2-D Gaussian source is cut at this many times its width a: the mass beyond is e^-49.
_GAUSS_CUT = 7.0

#: Key of the sum over components in the results of :func:`smear`.
TOTAL = "total"


# --- the production zone seen from the Earth ---------------------------------------------
def _profile(dP_dr: Callable[[FloatArray], FloatArray], r: FloatArray, r_max: float) -> FloatArray:
    # rounding can put sqrt(b^2 + s^2) a hair above r_max, outside the profile's domain
    return dP_dr(np.minimum(r, r_max))


def _check_radii(b: ArrayLike, r_max: float) -> FloatArray:
    x = np.asarray(b, dtype=float)
    if not np.all(np.isfinite(x)) or np.any(x < 0) or np.any(x > r_max):
        raise ValueError(f"b must lie in [0, {r_max}] solar radii; got {b!r}")
    return x


def abel_projection(dP_dr: Callable[[FloatArray], FloatArray], b: ArrayLike, r_max: float = R_MAX) -> FloatArray:
    """Distribution of the projected distance b of a spherically symmetric source, dP/db.

    The line-of-sight (Abel) projection of the emissivity dP/dr / (4 pi r^2), times 2 pi b:
    with r = sqrt(b^2 + s^2) along the line of sight,

        dP/db = b int_0^sqrt(r_max^2 - b^2) (dP/dr)(r) / r^2 ds,

    (both halves of the line of sight), which has no singularity; done with
    :func:`scipy.integrate.quad_vec` for all b at once.

    Parameters
    ----------
    dP_dr : callable
        Fraction of the source per unit radius (solar radii^-1) on [0, r_max]; vectorised.
    b : array_like
        Projected distances from the centre in solar radii, in [0, r_max].
    r_max : float
        Outer radius of the source in solar radii.

    Returns
    -------
    ndarray
        dP/db in solar radii^-1, the shape of ``b``; 0 at b = 0.
    """
    from scipy.integrate import quad_vec  # lazy: keeps the package import light

    x = _check_radii(b, r_max)
    flat = x.ravel()
    inner = flat > 0                       # dP/db = 0 at b = 0 (and r -> 0 there would be 0/0)
    bb = flat[inner]
    S = np.sqrt(r_max**2 - bb**2)

    def integrand(t: float) -> FloatArray:
        r2 = bb**2 + (t * S) ** 2
        value: FloatArray = S * _profile(dP_dr, np.sqrt(r2), r_max) / r2
        return value

    out = np.zeros_like(flat)
    if bb.size:
        integral, _ = quad_vec(integrand, 0.0, 1.0, epsabs=1e-13, epsrel=1e-11, norm="max", limit=2000)
        out[inner] = bb * integral
    return out.reshape(x.shape)


def cylinder_fraction(dP_dr: Callable[[FloatArray], FloatArray], b: ArrayLike, r_max: float = R_MAX) -> FloatArray:
    """Fraction of a spherically symmetric source inside a cylinder of radius b along the line
    of sight, P(b' < b): the cumulative distribution of :func:`abel_projection`.

    A point at radius r > b projects inside with probability 1 - sqrt(1 - b^2/r^2) (the caps
    |cos| > sqrt(1 - b^2/r^2) of its sphere); with r = sqrt(b^2 + s^2),

        P(b' < b) = int_0^b dP/dr dr + int_0^sqrt(r_max^2 - b^2) dP/dr (s/r) (1 - s/r) ds,

    both smooth, done with :func:`scipy.integrate.quad_vec`.

    Parameters
    ----------
    dP_dr : callable
        Fraction of the source per unit radius (solar radii^-1) on [0, r_max]; vectorised.
    b : array_like
        Cylinder radii in solar radii, in [0, r_max].
    r_max : float
        Outer radius of the source in solar radii.

    Returns
    -------
    ndarray
        The fractions, the shape of ``b`` (the total of ``dP_dr`` at b = r_max).
    """
    from scipy.integrate import quad_vec  # lazy: keeps the package import light

    x = _check_radii(b, r_max).ravel()
    S = np.sqrt(r_max**2 - x**2)

    def integrand(t: float) -> FloatArray:
        inside = x * _profile(dP_dr, t * x, r_max)
        s = t * S
        r = np.sqrt(x**2 + s**2)
        q = np.divide(s, r, out=np.ones_like(s), where=r > 0)
        value: FloatArray = inside + S * _profile(dP_dr, r, r_max) * q * (1.0 - q)
        return value

    integral, _ = quad_vec(integrand, 0.0, 1.0, epsabs=1e-13, epsrel=1e-11, norm="max", limit=2000)
    fraction: FloatArray = np.asarray(integral, dtype=float).reshape(np.shape(b))
    return fraction


def n13_shell_density(r: ArrayLike) -> FloatArray:
    """13N's outer production shell alone, dP/dr per solar radius, normalised to 1.

    The Gaussian shell of :func:`nubrems.sun.interior.production_density` (centre and width
    :data:`nubrems.sun.interior.N13_SHELL`), which adds it to the core with weight 0.31.
    """
    x = np.asarray(r, dtype=float)
    _, centre, width = N13_SHELL
    density: FloatArray = np.exp(-0.5 * ((x - centre) / width) ** 2) / (width * math.sqrt(2 * math.pi))
    return density


@cache
def _shell_spline() -> Callable[[FloatArray], FloatArray]:
    """dP/db of the projected 13N shell, tabulated once and interpolated (solar radii)."""
    from scipy.interpolate import CubicSpline  # lazy: keeps the package import light

    # 2001 points: the projected shell's sharpest feature (its limb at b ~ 0.163) is 0.017 wide,
    # 70 spacings, so the spline is good to ~1e-8 of the peak
    b = np.linspace(0.0, R_MAX, 2001)
    spline = CubicSpline(b, abel_projection(n13_shell_density, b))

    def density(x: FloatArray) -> FloatArray:
        return np.asarray(spline(x), dtype=float)

    return density


@dataclass(frozen=True)
class Source:
    """A source's angular profile on the sky, isotropic in azimuth about the Sun's centre.

    Attributes
    ----------
    name : str
        A label (the component, or e.g. "Gaussian 0.3 mrad").
    alpha_max_rad : float
        The profile is zero beyond this angle (rad).
    density : callable
        dP/dalpha in rad^-1 on [0, alpha_max_rad], vectorised.
    cdf : callable
        P(alpha < x) for x in rad, vectorised.
    """

    name: str
    alpha_max_rad: float
    density: Callable[[FloatArray], FloatArray]
    cdf: Callable[[FloatArray], FloatArray]


def _gaussian_density(A: float) -> Callable[[FloatArray], FloatArray]:
    def density(x: FloatArray) -> FloatArray:
        value: FloatArray = 2.0 * x / A**2 * np.exp(-((x / A) ** 2))
        return value

    return density


def _gaussian_cdf(A: float) -> Callable[[FloatArray], FloatArray]:
    def cdf(x: FloatArray) -> FloatArray:
        value: FloatArray = -np.expm1(-((x / A) ** 2))
        return value

    return cdf


def gaussian_source(a_rad: float, name: str | None = None) -> Source:
    """The projection of a 3-D Gaussian emissivity exp(-r^2/a^2): a 2-D Gaussian of the same a.

    dP/dalpha = (2 alpha / a^2) exp(-alpha^2 / a^2), P(alpha < x) = 1 - exp(-x^2 / a^2);
    cut at 7 a (the mass beyond is e^-49). A tiny ``a_rad`` is a point source.

    Parameters
    ----------
    a_rad : float
        The width a in rad, positive.
    name : str, optional
        A label; default "Gaussian <a> mrad".
    """
    A = validate.real("a_rad", a_rad, "a positive angle in rad", above=0.0)
    return Source(name or f"Gaussian {A * 1e3:.4g} mrad", _GAUSS_CUT * A, _gaussian_density(A), _gaussian_cdf(A))


@cache
def component_source(component: str) -> Source:
    """The angular profile on the sky of the neutrinos of one solar component.

    A Gaussian core of width a_c = :data:`nubrems.sun.interior.PEAK_RADIUS` (solar radii)
    projects onto the 2-D Gaussian of width A = a_c R_sun / 1 AU (:func:`gaussian_source`,
    cut at the fitted region's 0.5 R_sun: for hep, the widest, that leaves out 7e-8). 13N adds
    its outer shell (31 % of the flux), projected numerically (:func:`abel_projection`).
    """
    solar.check_component(component)
    disc = C.SUN_ANGULAR_RADIUS_RAD
    A = PEAK_RADIUS[component] * disc
    core = gaussian_source(A, component)
    if component != "13N":
        return Source(component, min(core.alpha_max_rad, R_MAX * disc), core.density, core.cdf)
    w = N13_SHELL[0]
    shell = _shell_spline()

    def density(x: FloatArray) -> FloatArray:
        # the shell's profile is in solar radii: dP/dalpha = dP/db / disc
        value: FloatArray = (1 - w) * core.density(x) + w * shell(np.clip(x / disc, 0.0, R_MAX)) / disc
        return value

    def cdf(x: FloatArray) -> FloatArray:
        b = np.clip(np.asarray(x, dtype=float) / disc, 0.0, R_MAX)
        value: FloatArray = (1 - w) * core.cdf(x) + w * cylinder_fraction(n13_shell_density, b)
        return value

    return Source(component, R_MAX * disc, density, cdf)


def _angles(alpha_rad: ArrayLike, name: str = "alpha_rad") -> FloatArray:
    x = np.asarray(alpha_rad, dtype=float)
    if not np.all(np.isfinite(x)) or np.any(x < 0):
        raise ValueError(f"{name} must be finite, non-negative angles in rad; got {alpha_rad!r}")
    return x


def source_density(component: str, alpha_rad: ArrayLike) -> FloatArray:
    """dP/dalpha (rad^-1) of the angle alpha between a production point of ``component`` and
    the Sun's centre, as seen from the Earth (integrated over azimuth: int dP/dalpha = 1)."""
    src = component_source(component)
    x = _angles(alpha_rad)
    density: FloatArray = np.where(x <= src.alpha_max_rad, src.density(np.minimum(x, src.alpha_max_rad)), 0.0)
    return density


def source_cdf(component: str, alpha_rad: ArrayLike) -> FloatArray:
    """P(alpha < x): the fraction of ``component``'s neutrinos seen within ``alpha_rad`` (rad)
    of the Sun's centre."""
    src = component_source(component)
    x = _angles(alpha_rad)
    cdf: FloatArray = np.where(x < src.alpha_max_rad, src.cdf(np.minimum(x, src.alpha_max_rad)), 1.0)
    return cdf


@cache
def source_quantile(component: str, q: float) -> float:
    """The angle (rad) within which a fraction ``q`` (0 < q < 1) of ``component``'s neutrinos
    are seen; A sqrt(-ln(1 - q)) for a Gaussian core."""
    from scipy.optimize import brentq  # lazy: keeps the package import light

    solar.check_component(component)
    validate.fraction("q", q)
    if component != "13N":
        return PEAK_RADIUS[component] * C.SUN_ANGULAR_RADIUS_RAD * math.sqrt(-math.log1p(-q))
    src = component_source(component)
    return float(brentq(lambda x: float(src.cdf(np.array(x))) - q, 0.0, src.alpha_max_rad, xtol=1e-15, rtol=1e-12))


class SourceAngles(TypedDict):
    """:func:`source_angles`: one component's neutrino directions on the sky, in mrad."""

    median_mrad: float
    p90_mrad: float
    disc_mrad: float        #: the solar disc's radius, R_sun / 1 AU, for comparison


def source_angles(components: Iterable[str] | None = None) -> dict[str, SourceAngles]:
    """Median and 90 % angle (mrad) of each component's production region seen from the
    Earth, with the disc radius R_sun / 1 AU; default: all of :data:`nubrems.sun.spectra.COMPONENTS`."""
    disc = C.SUN_ANGULAR_RADIUS_RAD * 1e3
    return {c: {"median_mrad": source_quantile(c, 0.5) * 1e3, "p90_mrad": source_quantile(c, 0.9) * 1e3,
                "disc_mrad": disc}
            for c in (solar.COMPONENTS if components is None else components)}


# --- folding a photon angular distribution with a source profile ---------------------------
def _inside(x: FloatArray, theta: FloatArray, alpha: FloatArray) -> FloatArray:
    """P(psi < x) over a uniform relative azimuth, psi the angle between the anti-solar
    direction and a photon at theta from a neutrino that is at alpha from it (all rad)."""
    d = alpha - theta
    # cos(alpha - theta) - cos x as a product of sines: no cancellation at micro-radians
    num = 2.0 * np.sin(0.5 * (x + d)) * np.sin(0.5 * (x - d))
    den = np.sin(alpha) * np.sin(theta)
    half_u = np.divide(0.5 * num, den, out=np.zeros_like(num), where=den > 0)
    value: FloatArray = (2.0 / math.pi) * np.arcsin(np.sqrt(np.clip(half_u, 0.0, 1.0)))
    return value


def _gauss(n: int) -> tuple[FloatArray, FloatArray]:
    """Gauss-Legendre nodes and weights on [0, 1]."""
    t, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (t + 1.0), 0.5 * w


def _clustered(n: int) -> tuple[FloatArray, FloatArray]:
    """Nodes and weights on [0, 1] for integrands with cusps (x^(1/2), x^(3/2)) at both ends.

    Gauss-Legendre in tau after x = (1 - cos(pi tau)) / 2, which makes such cusps smooth in
    tau: the error then falls geometrically with n instead of as n^-3.
    """
    tau, w = _gauss(n)
    x: FloatArray = 0.5 * (1.0 - np.cos(math.pi * tau))
    weight: FloatArray = 0.5 * math.pi * np.sin(math.pi * tau) * w
    return x, weight


def _bin_integral(x: FloatArray, t0: FloatArray, t1: FloatArray, alpha: FloatArray, n_theta: int) -> FloatArray:
    """int_t0^t1 P(psi < x | theta, alpha) dtheta, split where the integrand stops being 0 or 1.

    Below theta = |x - alpha| the integrand is 1 if x > alpha else 0; above
    min(x + alpha, 2 pi - x - alpha) it is 1 if x + alpha > pi else 0; in between (the band
    with square-root cusps at its ends) Gauss-Legendre with ``n_theta`` nodes.
    """
    lo = np.clip(np.abs(x - alpha), t0, t1)
    hi = np.clip(np.minimum(x + alpha, 2.0 * math.pi - x - alpha), t0, t1)
    total = (lo - t0) * (x > alpha) + (t1 - hi) * (x + alpha > math.pi)
    # nodes clustered at the band's ends, where the integrand has square-root cusps
    g, wg = _clustered(n_theta)
    theta = lo[..., None] + (hi - lo)[..., None] * g
    band = (hi - lo) * np.sum(wg * _inside(x[..., None], theta, alpha[..., None]), axis=-1)
    value: FloatArray = total + band
    return value


def _edge_fractions(source: Source, t0: FloatArray, t1: FloatArray, x: FloatArray, n_cells: int, n_nodes: int,
                    n_theta: int) -> FloatArray:
    """Fraction of the photons of bins [t0, t1] (uniform in theta) folded below x, for pairs
    of equal-length arrays (t0, t1, x) none of which is trivially 0 or 1."""
    amax = source.alpha_max_rad
    cells = np.broadcast_to(np.linspace(0.0, amax, n_cells + 1), (len(x), n_cells + 1))
    # where the theta-band's borders cross the bin edges, the alpha integrand has a cusp
    cusps = np.stack([np.abs(x - t0), np.abs(x - t1), x + t0, x + t1,
                      2.0 * math.pi - x - t0, 2.0 * math.pi - x - t1], axis=-1)
    breaks = np.sort(np.concatenate([cells, np.clip(cusps, 0.0, amax)], axis=-1), axis=-1)
    a_lo, a_hi = breaks[:, :-1], breaks[:, 1:]
    g, wg = _clustered(n_nodes)
    alpha = a_lo[..., None] + (a_hi - a_lo)[..., None] * g                   # (pairs, pieces, nodes)
    weight = (a_hi - a_lo)[..., None] * wg * source.density(alpha)
    shape = alpha.shape
    inner = _bin_integral(np.broadcast_to(x[:, None, None], shape), np.broadcast_to(t0[:, None, None], shape),
                          np.broadcast_to(t1[:, None, None], shape), alpha, n_theta)
    # normalised by the same quadrature's total weight: each bin's photons are distributed exactly
    fraction: FloatArray = (np.sum(weight * inner, axis=(1, 2)) / np.sum(weight, axis=(1, 2))) / (t1 - t0)
    return fraction


def _check_edges(edges: ArrayLike, name: str) -> FloatArray:
    """Angle bin edges in [0, pi] rad (:func:`nubrems.kinematics.binning.check_edges`), pi to rounding."""
    edges_checked: FloatArray = np.minimum(binning.check_edges(edges, name, math.pi, "angle bin edges (rad)"),
                                           math.pi)
    return edges_checked


def _resolve(source: str | Source) -> Source:
    if isinstance(source, Source):
        return source
    if not isinstance(source, str):
        raise ValueError(f"source must be a component name or a Source; got {source!r}")
    return component_source(solar.check_component(source))


def _edge_cdf(source: Source, edges_in: FloatArray, edges_out: FloatArray, n_cells: int, n_nodes: int,
              n_theta: int, rows: NDArray[np.bool_] | None = None, chunk: int = 256) -> FloatArray:
    """F[j, k]: fraction of input bin j folded below output edge k (only for the input bins
    ``rows``, if given: the others are left 0 below their trivial 1s)."""
    t0, t1 = edges_in[:-1, None], edges_in[1:, None]
    x = edges_out[None, :]
    amax = source.alpha_max_rad
    # psi lies in [theta - alpha_max, theta + alpha_max] and never beyond pi
    F = np.where((x >= t1 + amax) | (x >= math.pi), 1.0, 0.0)
    needed = (x > t0 - amax) & (x < t1 + amax) & (x < math.pi) & (x > 0)
    if rows is not None:
        needed &= rows[:, None]
    todo = np.argwhere(needed)
    for start in range(0, len(todo), chunk):       # bounded memory: ~chunk x 1e3 x n_theta doubles
        j, k = todo[start:start + chunk].T
        F[j, k] = _edge_fractions(source, edges_in[j], edges_in[j + 1], edges_out[k], n_cells, n_nodes, n_theta)
    # quadrature rounding must not make a cumulative fraction decrease or leave [0, 1]
    cdf: FloatArray = np.clip(np.maximum.accumulate(F, axis=1), 0.0, 1.0)
    return cdf


def _check_quadrature(n_cells: int, n_nodes: int, n_theta: int) -> None:
    for name, value in (("n_cells", n_cells), ("n_nodes", n_nodes), ("n_theta", n_theta)):
        validate.integer(name, value, 1, allowed="a positive integer")


def fold_matrix(source: str | Source, edges_rad: ArrayLike, edges_out_rad: ArrayLike | None = None,
                n_cells: int = 24, n_nodes: int = 8, n_theta: int = 8) -> FloatArray:
    """The transfer matrix of the folding: T[k, j] is the fraction of the photons of input
    bin j that end up in output bin k.

    Parameters
    ----------
    source : str or Source
        A solar component (its profile, :func:`component_source`) or any :class:`Source`.
    edges_rad : array_like, shape (n + 1,)
        Input bin edges in rad, strictly increasing in [0, pi].
    edges_out_rad : array_like, shape (m + 1,), optional
        Output bin edges in rad (default: the input edges).
    n_cells, n_nodes, n_theta : int
        Quadrature: cells over the source's range of alpha, Gauss-Legendre nodes per alpha
        piece, and nodes across the band of theta where the azimuth average is between 0
        and 1. With the defaults every fraction is converged to ~3e-8 (for the default 40
        bins; the tests check 1e-7 against doubled values).

    Returns
    -------
    ndarray, shape (m, n)
        Column j sums to 1 minus the fraction pushed out of the output range.
    """
    src = _resolve(source)
    _check_quadrature(n_cells, n_nodes, n_theta)
    e_in = _check_edges(edges_rad, "edges_rad")
    e_out = e_in if edges_out_rad is None else _check_edges(edges_out_rad, "edges_out_rad")
    T: FloatArray = np.diff(_cdf_at_edges(src, e_in, e_out, n_cells, n_nodes, n_theta), axis=1).T
    return T


def _cdf_at_edges(src: Source, e_in: FloatArray, e_out: FloatArray, n_cells: int, n_nodes: int,
                  n_theta: int, rows: NDArray[np.bool_] | None = None) -> FloatArray:
    if src.name in solar.COMPONENTS and src is component_source(src.name):
        # a component's fractions depend only on the binning: computed once per binning
        cdf: FloatArray = _cached_cdf(src.name, tuple(e_in.tolist()), tuple(e_out.tolist()), n_cells, n_nodes,
                                      n_theta).copy()
        return cdf
    return _edge_cdf(src, e_in, e_out, n_cells, n_nodes, n_theta, rows)


@cache
def _cached_cdf(component: str, e_in: tuple[float, ...], e_out: tuple[float, ...], n_cells: int, n_nodes: int,
                n_theta: int) -> FloatArray:
    return _edge_cdf(component_source(component), np.array(e_in), np.array(e_out), n_cells, n_nodes, n_theta)


@dataclass(frozen=True)
class Folded:
    """:func:`fold`: a photon angular distribution folded with a source profile.

    Attributes
    ----------
    edges_rad : ndarray
        Bin edges (rad).
    values, errors : ndarray
        dN/dtheta per rad and its error (input bin errors propagated as independent).
    lost_below, lost_above : float
        Photons (value x width, the input's unit) pushed below the first or above the last
        output edge. Zero above when the last edge is pi (psi never exceeds pi).
    """

    edges_rad: FloatArray
    values: FloatArray
    errors: FloatArray
    lost_below: float
    lost_above: float


def fold(values: ArrayLike, errors: ArrayLike, edges_rad: ArrayLike, source: str | Source,
         edges_out_rad: ArrayLike | None = None, n_cells: int = 24, n_nodes: int = 8, n_theta: int = 8) -> Folded:
    """Fold a photon distribution in the angle to the neutrino direction with a source profile.

    Parameters
    ----------
    values : array_like, shape (n,)
        dN/dtheta per rad in the bins of ``edges_rad`` (e.g. :attr:`RateResult.dN_dtheta
        <nubrems.rates.one_flavour.RateResult.dN_dtheta>`), taken as uniform in theta within
        each bin.
    errors : array_like, shape (n,)
        Their errors, non-negative; propagated as independent (the folding is linear).
    edges_rad : array_like, shape (n + 1,)
        Bin edges in rad, strictly increasing in [0, pi].
    source : str or Source
        A solar component or any :class:`Source` (e.g. :func:`gaussian_source`).
    edges_out_rad : array_like, optional
        Output bin edges (default: ``edges_rad``).
    n_cells, n_nodes, n_theta : int
        Quadrature settings, see :func:`fold_matrix`.

    Returns
    -------
    Folded
        The folded dN/dpsi per rad on the output edges, its errors and what left the range.
    """
    src = _resolve(source)
    _check_quadrature(n_cells, n_nodes, n_theta)
    e_in = _check_edges(edges_rad, "edges_rad")
    e_out = e_in if edges_out_rad is None else _check_edges(edges_out_rad, "edges_out_rad")
    v = np.asarray(values, dtype=float)
    err = np.asarray(errors, dtype=float)
    if v.shape != (e_in.size - 1,):
        raise ValueError(f"values must have one entry per bin of edges_rad ({e_in.size - 1}); got shape {v.shape}")
    if err.shape != v.shape:
        raise ValueError(f"errors must have the shape of values {v.shape}; got {err.shape}")
    if not np.all(np.isfinite(v)):
        raise ValueError("values must be finite")
    if not np.all(np.isfinite(err)) or np.any(err < 0):
        raise ValueError("errors must be finite and non-negative")
    # for other sources than the (cached) components, only the bins with content are folded
    F = _cdf_at_edges(src, e_in, e_out, n_cells, n_nodes, n_theta, rows=(v != 0) | (err != 0))
    T = np.diff(F, axis=1).T
    w_in, w_out = np.diff(e_in), np.diff(e_out)
    counts, count_err = v * w_in, err * w_in
    return Folded(e_out, (T @ counts) / w_out, np.sqrt((T**2) @ count_err**2) / w_out,
                  float(F[:, 0] @ counts), float((1.0 - F[:, -1]) @ counts))


# --- the rates of an extended Sun ----------------------------------------------------------
def fold_gvar(values: GVarArray, edges_rad: ArrayLike, source: str | Source, edges_out_rad: ArrayLike | None = None,
              n_cells: int = 24, n_nodes: int = 8, n_theta: int = 8) -> GVarArray:
    """:func:`fold` for :class:`gvar.GVar` densities: the folding is linear, so the folded
    bins carry the input covariance (vegas' bin-bin correlations) through gvar.

    Parameters
    ----------
    values : array of gvar.GVar, shape (n,)
        dN/dtheta per rad in the bins of ``edges_rad`` (e.g.
        :meth:`nubrems.rates.one_flavour.RateResult.gvars`); their means finite.
    edges_rad, source, edges_out_rad, n_cells, n_nodes, n_theta
        As for :func:`fold`.

    Returns
    -------
    array of gvar.GVar, shape (m,)
        The folded dN/dpsi per rad on the output edges.
    """
    import gvar  # lazy: vegas's companion, only for results with errors

    e_in = _check_edges(edges_rad, "edges_rad")
    e_out = e_in if edges_out_rad is None else _check_edges(edges_out_rad, "edges_out_rad")
    v = np.asarray(values, dtype=object)
    if v.shape != (e_in.size - 1,):
        raise ValueError(f"values must have one entry per bin of edges_rad ({e_in.size - 1}); got shape {v.shape}")
    if not np.all(np.isfinite(gvar.mean(v))):
        raise ValueError("values must be finite")
    T = fold_matrix(source, e_in, e_out, n_cells=n_cells, n_nodes=n_nodes, n_theta=n_theta)
    folded = (T @ (v * np.diff(e_in))) / np.diff(e_out)
    return np.asarray(folded, dtype=object)


@dataclass(frozen=True)
class AngleSummary:
    """Median and 90 % photon angles (rad) to the direction away from the Sun's centre."""

    median_point: float         #: point-like Sun
    median_extended: float      #: extended Sun
    p90_point: float
    p90_extended: float


@dataclass(frozen=True)
class Smeared:
    """:func:`smear`: the photon angular distribution of an extended Sun.

    Dictionaries are keyed by component and ``"total"`` (the sum over components, errors in
    quadrature); distributions are (dN/dtheta per rad, error) on ``edges_rad``.
    """

    edges_rad: FloatArray
    point: dict[str, tuple[FloatArray, FloatArray]]
    extended: dict[str, tuple[FloatArray, FloatArray]]
    lost: dict[str, float]          #: photons pushed out of the histogram's range (below 1e-7 rad by default)
    angles: dict[str, AngleSummary]


def _summary(point: FloatArray, extended: FloatArray, edges: FloatArray) -> AngleSummary:
    if not np.sum(point) > 0:       # a component without photons (nan, not an error, in a table)
        return AngleSummary(math.nan, math.nan, math.nan, math.nan)
    return AngleSummary(quantile(point, edges, 0.5), quantile(extended, edges, 0.5),
                        quantile(point, edges, 0.9), quantile(extended, edges, 0.9))


def smear(result: AngularResult, n_cells: int = 24, n_nodes: int = 8, n_theta: int = 8) -> Smeared:
    """The photon angles of ``result`` for an extended Sun: each component's dN/dtheta folded
    with its production region's profile on the sky (:func:`component_source`).

    Parameters
    ----------
    result : AngularResult
        For example from :func:`nubrems.rates.one_flavour.photon_rate`: dN/dtheta per component, theta measured
        from the direction away from the Sun's centre as if the Sun were a point.
    n_cells, n_nodes, n_theta : int
        Quadrature settings, see :func:`fold_matrix`.

    Returns
    -------
    Smeared
        Point-like and extended dN/dtheta per component and in total on the same bin
        edges, the photons lost from the range, and median and 90 % angles before and after.
    """
    edges = np.asarray(result.angle_edges_rad, dtype=float)
    point: dict[str, tuple[FloatArray, FloatArray]] = {}
    extended: dict[str, tuple[FloatArray, FloatArray]] = {}
    lost: dict[str, float] = {}
    for comp, (v, e) in result.dN_dtheta.items():
        f = fold(v, e, edges, comp, n_cells=n_cells, n_nodes=n_nodes, n_theta=n_theta)
        point[comp] = (np.asarray(v, dtype=float), np.asarray(e, dtype=float))
        extended[comp] = (f.values, f.errors)
        lost[comp] = f.lost_below + f.lost_above
    for parts in (point, extended):
        parts[TOTAL] = (np.sum([v for v, _ in parts.values()], axis=0),
                        np.sqrt(np.sum([e**2 for _, e in parts.values()], axis=0)))
    lost[TOTAL] = sum(lost.values())
    angles = {c: _summary(point[c][0], extended[c][0], edges) for c in point}
    return Smeared(edges, point, extended, lost, angles)
