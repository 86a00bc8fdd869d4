"""Three-flavour photon rates at leading order by deterministic quadrature (no Monte Carlo).

At leading order in m/E (the part of |M|^2 that needs no mass; the rest is a relative
~1e-7, as in one flavour) every channel's cross section is a pure number times a one-flavour
closed-form cross section (:func:`nubrems.rates.cross_sections.sigma_leading`) at the mass of
its relic:

    sigma_ch(E) = K_ch sigma1_p(E; m_relic, mu),

with p = ``nunubar`` for a Dirac channel on a relic antineutrino and ``nunu`` otherwise, and
both cross sections with their symmetry factors (:func:`channel_coefficients`). Then

    N = xi V T sum_c sum_nodes w_c(E) sum_ch P_i^c(E) n_j K_ch sigma1_p(E; m_j, mu),

a solar quadrature (:func:`nubrems.sun.spectra.quadrature`) times closed forms, with P_i^c the
mass-state probabilities of :func:`nubrems.rates.three_flavour.solar_mass_states` and the relic
densities of :func:`nubrems.rates.three_flavour.flavour_rate` (Majorana: one population of
n_nu + n_nubar per state, no antineutrinos). Relics are at rest.

Dirac channels. The leading part of |M|^2 is 2 G_F^2 8 F [(2 + X)(|c2|^2 + |c3|^2 + |c4|^2)
- X |c1|^2] (:mod:`nubrems.amplitudes.dirac_channels`), F = (p1.p2)(p3.p4) on a relic
neutrino and (p1.p4)(p2.p3) on a relic antineutrino, X ~ (m/E)^2 / 2: the same kinematic
factor as the one-flavour process, whose couplings are c_l = 2 mu on every leg. So

    K_ch = (S_ch / S_p) (|c2|^2 + |c3|^2 + |c4|^2) / (12 mu^2)

exactly (c from :func:`nubrems.amplitudes.dirac_channels.effective_couplings`); the masses of the
other legs enter at O(m/E) ~ 1e-7.

Majorana channels. The leading |M|^2 = 2 G_F^2 g^T Q(invariants) g is a quadratic form in
the six line couplings g of :func:`nubrems.amplitudes.majorana.majorana_couplings` (the s, t
and u contractions interfere); it scales with s^2 like the one-flavour process, so

    K_ch = (S_ch / S_nunu) (g / mu)^T B (g / mu),
    B = int dPhi 2 Q / int dPhi |M_nunu|^2_leading(mu = 1)

with one 6 x 6 matrix B of pure numbers (:func:`majorana_form_matrix`), computed by a
tensor-product Gauss rule on the unit cube of :class:`nubrems.kinematics.phasespace.ChannelMap`
at one reference energy and mass, divided by the same rule applied to the one-flavour
leading |M|^2 (which cancels most of the quadrature error). With the default 16 nodes it
agrees with 32 nodes to 2e-8 and with its massless limit, the rationals

    B = [[5/16, 0, -35/288, -35/288, 5/144, 5/144], ...]   (:data:`MAJORANA_FORM_LIMIT`),

to 1e-7 (the residual m/E of the reference point; tests).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

import numpy as np
from numpy.typing import ArrayLike

from nubrems.amplitudes import dirac_channels as CA
from nubrems.amplitudes import majorana as MA
from nubrems.amplitudes.generated import majorana as _gen_majorana
from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.core.params import Params
from nubrems.core.processes import INVARIANTS, SYMMETRY_FACTOR
from nubrems.flavour import moments
from nubrems.flavour.channels import Channel
from nubrems.kinematics.phasespace import ChannelMap, threshold_energy
from nubrems.rates import three_flavour as TF
from nubrems.sun import spectra as solar

__all__ = ["MAJORANA_FORM_LIMIT", "MAJORANA_NODES", "REFERENCE_ENERGY_MEV", "REFERENCE_MASS_EV",
           "LeadingFlavourRate", "LeadingFlavourSummary", "channel_coefficients", "channel_weights",
           "dirac_coefficient", "leading_flavour_rate", "majorana_form_matrix", "phase_space_rule",
           "process_of", "sigma_one_flavour"]

#: Solar energy (MeV) and mass of all four neutrinos (eV) of the quadrature of
#: :func:`majorana_form_matrix`: E >> m, so that the mass corrections (m/E ~ 5e-9) are far
#: below the quadrature's precision, and m/E_cm = 5e-5 keeps the collinear peaks of the
#: phase-space map within ln(1/tau) ~ 19 e-folds.
REFERENCE_ENERGY_MEV = 10.0
REFERENCE_MASS_EV = 0.05

#: Default Gauss-Legendre nodes per half of each photon and p3 angle of :func:`phase_space_rule`.
MAJORANA_NODES = 16

#: The massless limit of :func:`majorana_form_matrix`, order (g13a, g13b, g14a, g14b, g12a, g12b):
#: rationals read off the quadrature (they agree to 1e-7) and checked against it in the tests.
MAJORANA_FORM_LIMIT = np.array([
    [5 / 16, 0, -35 / 288, -35 / 288, 5 / 144, 5 / 144],
    [0, 5 / 16, -35 / 288, -35 / 288, -5 / 144, -5 / 144],
    [-35 / 288, -35 / 288, 5 / 16, 0, -5 / 144, 5 / 144],
    [-35 / 288, -35 / 288, 0, 5 / 16, 5 / 144, -5 / 144],
    [5 / 144, -5 / 144, -5 / 144, 5 / 144, 5 / 36, 0],
    [5 / 144, -5 / 144, 5 / 144, -5 / 144, 0, 5 / 36]])

#: (1/2) sum |A|^2 of a Majorana channel, leading part: ten invariants, then the six couplings.
_TRACE: Callable[..., FloatArray] = _gen_majorana.trace_majorana

#: The one-flavour nu nu channel (the normalisation of every Majorana channel).
_NUNU = Channel(1, 1, False, (1, 1), "t+u", SYMMETRY_FACTOR["nunu"])


def process_of(channel: Channel, nature: str = "dirac") -> str:
    """The one-flavour process a channel is normalised to: ``nunubar`` for a Dirac channel on a
    relic antineutrino, else ``nunu``."""
    return "nunubar" if nature == "dirac" and channel.relic_is_antineutrino else "nunu"


# --- one-flavour closed forms, vectorised -------------------------------------------------
def sigma_one_flavour(process: str, energy_eV: ArrayLike, m_eV: float, mu_eV: float) -> FloatArray:
    """The closed-form leading cross section of :func:`nubrems.rates.cross_sections.sigma_leading`
    (symmetry factor included), for an array of solar energies, cm^2.

    Parameters
    ----------
    process : {"nunu", "nunubar"}
    energy_eV : array_like
        Total solar energy in the relic rest frame, eV; zero is returned where E <= m (no
        phase space).
    m_eV : float
        Mass of all four neutrinos, eV (> 0).
    mu_eV : float
        Magnetic moment, eV^-1.
    """
    E = np.asarray(energy_eV, dtype=float)
    m = float(m_eV)
    ok = E > m
    Es = np.where(ok, E, 2.0 * m)                             # a safe energy where closed
    p = np.sqrt((Es - m) * (Es + m))
    s = 2.0 * m * (Es + m)
    r = 4.0 * m * m / s
    sq = np.sqrt(1.0 - r)
    L = 2.0 * np.log1p(sq) - np.log(r)                        # ln((1 + sqrt(1 - r))^2 / r)
    P, D = m * Es, m * p
    pref = C.G_F**2 * mu_eV**2 * (2.0 + P / D)
    if process == "nunu":
        integral = sq * (1 / 6 - 5 * r / 12) + r * r * L / 8
        sig = pref * P * s * s * integral / (16 * math.pi**3 * D)
    elif process == "nunubar":
        integral = (sq * (1 / 64 - 7 * r / 192 + 5 * r**2 / 512 + r**3 / 768 + r**4 / 2048)
                    + L * (r**2 / 128 - r**3 / 256 + r**4 / 2048 + r**5 / 4096))
        sig = pref * s**3 * integral / (4 * math.pi**3 * D)
    else:
        raise ValueError(f"process must be one of nunu, nunubar; got {process!r}")
    return np.asarray(np.where(ok, sig / C.CM2, 0.0), dtype=float)


# --- the Majorana quadratic form ----------------------------------------------------------
def phase_space_rule(n_nodes: int = MAJORANA_NODES) -> tuple[FloatArray, FloatArray]:
    """A tensor-product rule on the unit cube of :class:`~nubrems.kinematics.phasespace.ChannelMap`.

    x[0] (pair mass): max(4, n/4) Gauss-Legendre nodes (the integrand is a low polynomial in
    it); x[1] and x[3] (photon and p3 polar angles): n Gauss-Legendre nodes on each half
    [0, 1/2], [1/2, 1] (the two-sided logarithmic map joins two smooth pieces at 1/2);
    x[2] (photon azimuth): one node (the map builds the frame around the photon, nothing
    depends on it); x[4] (p3 azimuth): the 4-point midpoint rule, exact for the
    trigonometric polynomials of degree <= 3 the invariants give (8 points change nothing).

    Returns
    -------
    x : ndarray, shape (N, 5)
        Points, N = 16 max(4, n/4) n^2.
    w : ndarray, shape (N,)
        Weights, summing to 1.
    """
    n = validate.integer("n_nodes", n_nodes, 2, 512)
    t, wt = np.polynomial.legendre.leggauss(n)
    half_x = np.concatenate([0.25 * (1 + t), 0.5 + 0.25 * (1 + t)])
    half_w = np.concatenate([0.25 * wt, 0.25 * wt])
    n0 = max(4, n // 4)
    t0, w0 = np.polynomial.legendre.leggauss(n0)
    axes = [(0.5 * (1 + t0), 0.5 * w0), (half_x, half_w), (np.array([0.5]), np.array([1.0])),
            (half_x, half_w), ((np.arange(4) + 0.5) / 4, np.full(4, 0.25))]
    grids = np.meshgrid(*(a for a, _ in axes), indexing="ij")
    weights = np.meshgrid(*(b for _, b in axes), indexing="ij")
    x = np.stack([g.ravel() for g in grids], axis=1)
    w = np.prod(np.stack([g.ravel() for g in weights], axis=1), axis=1)
    return x, w


@functools.lru_cache(maxsize=8)
def _form_matrix(n_nodes: int) -> FloatArray:
    m, E = REFERENCE_MASS_EV, REFERENCE_ENERGY_MEV * C.MEV
    x, w = phase_space_rule(n_nodes)
    point = ChannelMap(E, (m, m, m, m))(x)
    weight = w * point.weight                      # the flux is common to both integrals
    inv = [point.invariants[name] for name in INVARIANTS]
    # one-flavour nu nu, leading part, unit moment: c_l = 2 on every leg
    lead, _ = CA.channel_msq_parts(_NUNU, (m, m, m), np.eye(3), point.invariants, G_F=1.0)
    norm = float(weight @ lead)
    # the form from 21 evaluations: g = e_i (diagonal) and e_i + e_j (i < j), in one call
    eye = np.eye(6)
    pairs = [(i, j) for i in range(6) for j in range(i + 1, 6)]
    g = np.array([eye[i] for i in range(6)] + [eye[i] + eye[j] for i, j in pairs]).T[:, :, None]
    values = 2.0 * (_TRACE(*inv, *g) @ weight) / norm            # |M|^2 = 2 G_F^2 trace
    B = np.diag(values[:6])
    for k, (i, j) in enumerate(pairs):
        B[i, j] = B[j, i] = 0.5 * (values[6 + k] - values[i] - values[j])
    B.setflags(write=False)
    return B


def majorana_form_matrix(n_nodes: int = MAJORANA_NODES) -> FloatArray:
    """The 6 x 6 matrix B of the leading Majorana cross sections (module docstring).

    int dPhi |M_maj|^2 / int dPhi |M_nunu|^2_leading = (g / mu)^T B (g / mu), g the line
    couplings (g13a, g13b, g14a, g14b, g12a, g12b) of
    :func:`~nubrems.amplitudes.majorana.majorana_couplings` at the field matrix
    :data:`~nubrems.amplitudes.majorana.FIELD_MATRIX_FACTOR` times the physical moments, mu the
    one-flavour moment; both integrals over the same phase space (E = 10 MeV on m = 0.05 eV,
    :data:`REFERENCE_ENERGY_MEV`, :data:`REFERENCE_MASS_EV`) with :func:`phase_space_rule`.

    Parameters
    ----------
    n_nodes : int
        Gauss nodes per half of each angle (16: 16384 points, 0.1 s; cached per value).

    Returns
    -------
    ndarray, shape (6, 6)
        Symmetric, dimensionless, read-only.
    """
    return _form_matrix(validate.integer("n_nodes", n_nodes, 2, 512))


# --- the channel coefficients -------------------------------------------------------------
def dirac_coefficient(channel: Channel, moments_eV: ArrayLike, moment_scale: float) -> float:
    """K of one Dirac channel: (S_ch / S_p) (|c2|^2 + |c3|^2 + |c4|^2) / (12 mu^2), mu = moment_scale.

    The solar leg's |c1|^2 enters with X ~ (m/E)^2 / 2 ~ 1e-15 and is dropped (module docstring).
    """
    c = CA.effective_couplings(channel, moments_eV) / moment_scale
    process = process_of(channel, "dirac")
    return float(channel.symmetry_factor / SYMMETRY_FACTOR[process] * np.sum(np.abs(c[1:]) ** 2) / 12.0)


def channel_coefficients(channels: Sequence[Channel], moments_eV: ArrayLike, nature: str = "dirac",
                         moment_scale: float | None = None, n_nodes: int = MAJORANA_NODES) -> FloatArray:
    """Leading-order cross section of each channel over the one-flavour cross section.

    K_ch = sigma_ch(E) / sigma1_p(E; m_relic, mu): sigma_ch with the channel's symmetry factor,
    sigma1_p the closed form of :func:`~nubrems.rates.cross_sections.sigma_leading` for the
    process p = :func:`process_of` the channel (``nunubar`` for a Dirac channel on a relic
    antineutrino, else ``nunu``; its own symmetry factor included) at the relic's mass and
    the moment mu = ``moment_scale``. Independent of E and of the masses up to O(m/E) ~ 1e-7.
    For one flavour (universal moment mu, degenerate states) the nu_i nu_i and nu_i nubar_i
    channels have K = 1.

    Parameters
    ----------
    channels : sequence of Channel
        E.g. :func:`nubrems.rates.three_flavour.channels_for` the matrix and nature.
    moments_eV : array_like, shape (3, 3)
        Moment matrix in the mass basis, eV^-1 (Hermitian for Dirac; antisymmetric and purely
        imaginary for Majorana, the physical moments of :mod:`nubrems.amplitudes.majorana`).
    nature : {"dirac", "majorana"}
    moment_scale : float, optional
        The one-flavour moment mu, eV^-1 (default: the largest |entry| of the matrix).
    n_nodes : int
        Nodes of :func:`majorana_form_matrix` (Majorana only).

    Returns
    -------
    ndarray, shape (len(channels),)
        Dimensionless; scales as (moments / moment_scale)^2.
    """
    validate.choice("nature", nature, moments.NATURES)
    mu = moments.check_moment_matrix(moments_eV, nature)
    scale = float(np.abs(mu).max()) if moment_scale is None else validate.positive("moment_scale", moment_scale)
    if nature == "dirac":
        return np.array([dirac_coefficient(ch, mu, scale) for ch in channels], dtype=float)
    if any(ch.relic_is_antineutrino for ch in channels):
        raise ValueError("channels: Majorana relics are neutrinos (relic_is_antineutrino must be False)")
    B = majorana_form_matrix(n_nodes)
    field = MA.FIELD_MATRIX_FACTOR * MA.check_majorana_matrix(mu) / scale
    out = []
    for ch in channels:
        g = MA.majorana_couplings((ch.solar, ch.relic, *ch.final), field)
        out.append(ch.symmetry_factor / SYMMETRY_FACTOR["nunu"] * float(g @ B @ g))
    return np.array(out, dtype=float)


# --- the rate -----------------------------------------------------------------------------
def channel_weights(params: Params, setup: TF.FlavourSetup, channels: Sequence[Channel],
                    components: Sequence[str], n_nodes: int = 64,
                    moment_scale: float | None = None) -> FloatArray:
    """Photons (volume and exposure of ``params``) of each channel per unit coefficient K.

    W[c, ch] = xi V T sum_nodes w_c(E) P_i^c(E) n_j sigma1_p(E; m_j, mu) 1[E > E_threshold(ch)]:
    the rate is W @ K (:func:`channel_coefficients` with the same ``moment_scale``). Inputs
    are taken as checked (:func:`leading_flavour_rate` checks them).

    Returns
    -------
    ndarray, shape (len(components), len(channels))
    """
    scale = params.mu_nu if moment_scale is None else moment_scale
    masses = setup.masses_eV()
    density = TF.relic_densities(params, setup.nature)
    solar_i = np.array([ch.solar - 1 for ch in channels], dtype=int)
    relic_j = np.array([ch.relic - 1 for ch in channels], dtype=int)
    anti = np.array([process_of(ch, setup.nature) == "nunubar" for ch in channels], dtype=int)
    n_relic = np.array([density[ch.relic_is_antineutrino] for ch in channels])
    E0 = np.array([threshold_energy(CA.channel_masses(ch, masses)) for ch in channels])
    out = np.zeros((len(components), len(channels)))
    for row, comp in enumerate(components):
        E_MeV, w = solar.quadrature(comp, params.solar_model, n_nodes, spectra=params.spectra)
        E = E_MeV * C.MEV
        P = TF.solar_mass_states(comp, E_MeV, setup.ordering)                      # (nodes, 3)
        sigma = np.array([[sigma_one_flavour(p, E, float(m), scale) for m in masses]
                          for p in ("nunu", "nunubar")])                           # (2, 3, nodes)
        per_node = P.T[solar_i] * sigma[anti, relic_j] * (E[None, :] > E0[:, None])  # (channels, nodes)
        out[row] = params.exposure_cm3_s * n_relic * (per_node @ w)
    return out


class LeadingFlavourSummary(TypedDict):
    """:meth:`LeadingFlavourRate.as_dict`: plain data for JSON."""

    photons_per_km3_per_year: float
    photons: float
    by_component: dict[str, float]
    by_channel: dict[str, float]
    flavours: dict[str, Any]
    method: str
    n_nodes: int


@dataclass(frozen=True)
class LeadingFlavourRate:
    """The leading-order three-flavour rate by quadrature (photons: volume and exposure of ``params``).

    Attributes
    ----------
    params : Params
    setup : FlavourSetup
    by_component : dict
        Solar component -> photons.
    by_channel : dict
        :attr:`Channel.label <nubrems.flavour.channels.Channel.label>` -> photons, summed over
        the components (the keys of :attr:`nubrems.rates.three_flavour.FlavourRateResult.by_channel`).
    n_nodes : int
        Solar quadrature nodes per continuous component.
    """

    params: Params
    setup: TF.FlavourSetup
    by_component: dict[str, float]
    by_channel: dict[str, float]
    n_nodes: int = 64

    @property
    def photons(self) -> float:
        """Total photons, summed over the components."""
        return float(sum(self.by_component.values()))

    @property
    def photons_per_km3_per_year(self) -> float:
        return self.photons / (self.params.volume_km3 * self.params.years)

    def as_dict(self) -> LeadingFlavourSummary:
        return {"photons_per_km3_per_year": self.photons_per_km3_per_year, "photons": self.photons,
                "by_component": dict(self.by_component), "by_channel": dict(self.by_channel),
                "flavours": self.setup.as_dict(), "method": "leading-order quadrature", "n_nodes": self.n_nodes}


def leading_flavour_rate(params: Params | None = None, setup: TF.FlavourSetup | None = None,
                         components: Iterable[str] | None = None, n_nodes: int = 64) -> LeadingFlavourRate:
    """Photons from three mass states at leading order, by quadrature: the deterministic
    counterpart of :func:`nubrems.rates.three_flavour.flavour_rate` (relics at rest).

    Parameters
    ----------
    params : Params, optional
        As for :func:`~nubrems.rates.three_flavour.flavour_rate` (``m_nu_eV`` unused; ``mu_nu_muB``
        scales the moment presets; xi, densities, solar model and spectra, volume and years).
    setup : FlavourSetup, optional
        Ordering, lightest mass, moments and nature; ``moving_relics`` is refused. Default:
        the three-flavour settings of ``params`` (:meth:`~nubrems.rates.three_flavour.FlavourSetup.of`).
    components : iterable of str, optional
        Solar components (default all eight).
    n_nodes : int
        Nodes of the solar quadrature of each continuous component
        (:func:`nubrems.sun.spectra.quadrature`; lines are exact).

    Returns
    -------
    LeadingFlavourRate
        Per component and per channel. It omits the mass-suppressed part of |M|^2 (a relative
        ~1e-7), like :func:`nubrems.rates.one_flavour.leading_order_rate`.

    Raises
    ------
    ValueError
        A bad setting (as :func:`~nubrems.rates.three_flavour.flavour_rate`), an unknown component,
        or moving relics (use the Monte Carlo :func:`~nubrems.rates.three_flavour.flavour_rate`).
    """
    p = params or Params()
    s = (setup or TF.FlavourSetup.of(p)).check(p)
    if s.moving_relics:
        raise ValueError("moving_relics: the leading-order quadrature has relics at rest; use the Monte Carlo "
                         "nubrems.rates.three_flavour.flavour_rate for moving relics")
    comps = list(solar.COMPONENTS if components is None else components)
    for c in comps:
        solar.check_component(c)
    n = validate.integer("n_nodes", n_nodes, 2, 1000, allowed="an integer >= 2 (solar quadrature nodes)")
    mu = np.asarray(s.moment_matrix_muB(p)) * C.MU_B
    channels = TF.channels_for(mu, s.nature)
    K = channel_coefficients(channels, mu, s.nature, moment_scale=p.mu_nu)
    W = channel_weights(p, s, channels, comps, n, moment_scale=p.mu_nu)
    photons = W * K                                                   # (components, channels)
    return LeadingFlavourRate(p, s, {c: float(v) for c, v in zip(comps, photons.sum(axis=1), strict=True)},
                              {ch.label: float(v) for ch, v in zip(channels, photons.sum(axis=0), strict=True)}, n)
