"""Three-flavour cross sections and photon rates: solar mass states on relic mass states, by channel.

The one-flavour rate of :mod:`nubrems.rates.one_flavour` becomes a sum over the channels of
:func:`nubrems.amplitudes.dirac_channels.radiative_channels` (solar nu_i on relic nu_j or nubar_j,
every final pair the moment matrix reaches; for diagonal moments the weak channels of
:func:`nubrems.flavour.channels.weak_channels`), each with its own masses and moments:

    dN/dE_gamma = V T sum_c int dE phi_c(E) sum_channels P_i^c(E) n_j S dsigma_ch/dE_gamma,

with P_i^c(E) the probability that a solar neutrino of component c arrives as mass state i
(adiabatic MSW, :mod:`nubrems.sun.msw`), n_j the density of the relic target (per mass state, as
in one flavour: n_nu for nu_j, n_nubar for nubar_j, times the overdensity xi) and S the
symmetry factor. Relics are at rest, as in one flavour (the lightest mass must then be well
above the relic temperature, :data:`LIGHTEST_MASS_RANGE`), or move with their Fermi-Dirac
momenta (``moving_relics``; any lightest mass, :data:`LIGHTEST_MASS_RANGE_MOVING`).

One vegas run per solar component integrates every channel at the same points (each
channel maps the points to its own kinematics): the channels are the parts of the
integrand (:class:`nubrems.rates.integration.HistogramIntegrand`), so one run gives the total, the
spectra and each channel's share with its Monte Carlo error.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.amplitudes import dirac_channels as CA
from nubrems.amplitudes import majorana as MA
from nubrems.core import catalogue as P
from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.core.executors import executor
from nubrems.core.params import Params, Range, check_flavour_setup, check_in_range, check_moments
from nubrems.flavour import mixing, moments, relics
from nubrems.flavour.channels import Channel
from nubrems.kinematics import binning
from nubrems.kinematics import vectors as K
from nubrems.kinematics.phasespace import ChannelMap, threshold_energy
from nubrems.rates.integration import HistogramIntegrand, VegasRun, integrate
from nubrems.rates.one_flavour import RateResult, RateSummary, collect_runs
from nubrems.sun import msw
from nubrems.sun import spectra as solar

__all__ = ["EARTH_VELOCITY_RANGE", "LIGHTEST_MASS_RANGE", "LIGHTEST_MASS_RANGE_MOVING", "MASSLESS_EV", "T_NU_K",
           "FlavourRateResult", "FlavourRateSummary", "FlavourSetup", "channel_cross_sections", "channels_for",
           "dimension", "flavour_rate", "flux_averaged_probabilities", "integrand", "relic_densities",
           "solar_mass_states"]

#: Allowed lightest mass, eV, with relics at rest: they need m >> T_nu = 1.7e-4 eV (the
#: catalogue's range, as for every lightest-mass parameter of the chapters).
LIGHTEST_MASS_RANGE = P.LIGHTEST_MASS_AT_REST
#: Allowed lightest mass, eV, with moving relics (0 included): the range of ``lightest_mass_eV``.
LIGHTEST_MASS_RANGE_MOVING = P.LIGHTEST_MASS
#: Allowed Earth speed through the relic frame, km/s (the catalogue's range of ``earth_velocity_kms``).
EARTH_VELOCITY_RANGE = P.EARTH_VELOCITY
#: The mass (eV) that stands for a massless state: the kinematics are built in the relic's rest
#: frame, which a massless relic lacks. Its relics are ultra-relativistic (p ~ 3 T_nu =
#: 5e-4 eV) and the rate depends on the mass only through (m/p)^2 ~ 4e-6.
MASSLESS_EV = 1e-6

#: Energies of the interpolation table of P_i(E), MeV (log-spaced; P_i is smooth in log E).
_TABLE_MEV = np.geomspace(1e-3, 25.0, 481)


@functools.lru_cache(maxsize=32)
def _probability_spline(component: str, ordering: str) -> Any:
    from scipy.interpolate import CubicSpline  # lazy: keeps the package import light

    return CubicSpline(np.log(_TABLE_MEV), msw.mass_state_probabilities(component, _TABLE_MEV, ordering), axis=0)


def solar_mass_states(component: str, E_MeV: ArrayLike, ordering: str = "normal") -> FloatArray:
    """P_i(E) of :func:`nubrems.sun.msw.mass_state_probabilities`, interpolated from a table.

    The direct computation averages a 3 x 3 diagonalisation over the production region, too
    slow for every vegas point; a cubic spline in log E through 481 energies from 1 keV to
    25 MeV reproduces it to better than 1e-7 (tested).

    Returns
    -------
    ndarray, shape E.shape + (3,)
    """
    spline = _probability_spline(solar.check_component(component), ordering)
    E = np.clip(np.asarray(E_MeV, dtype=float), _TABLE_MEV[0], _TABLE_MEV[-1])
    return np.asarray(spline(np.log(E)), dtype=float)


@functools.lru_cache(maxsize=64)
def flux_averaged_probabilities(ordering: str = "normal", solar_model: str = "B16-GS98", spectra: str = "thermal",
                                components: tuple[str, ...] | None = None, n_nodes: int = 64) -> FloatArray:
    """<P_i>: the mass-state probabilities averaged over the solar flux (of ``components``).

    sum_c int phi_c(E) P_i^c(E) dE / sum_c Phi_c by the solar quadrature
    (:func:`nubrems.sun.spectra.quadrature`); the whole Sun by default.

    Returns
    -------
    ndarray, shape (3,)
        Sums to 1.
    """
    num, den = np.zeros(3), 0.0
    for c in (solar.COMPONENTS if components is None else components):
        E, w = solar.quadrature(c, solar_model, n_nodes, spectra=spectra)
        num += w @ solar_mass_states(c, E, ordering)
        den += float(np.sum(w))
    out: FloatArray = num / den
    out.setflags(write=False)
    return out


def channels_for(moments_eV: ArrayLike, nature: str = "dirac") -> list[Channel]:
    """Every channel with a photon for this moment matrix and neutrino nature."""
    if nature == "majorana":
        return MA.majorana_channels(moments_eV)
    return CA.radiative_channels(moments_eV)


def _msq_function(nature: str) -> Callable[..., tuple[FloatArray, FloatArray]]:
    """(channel, masses_eV, moments_eV, invariants) -> (leading, mass) for the nature."""
    return MA.majorana_msq_parts if nature == "majorana" else CA.channel_msq_parts


def relic_densities(params: Params, nature: str) -> dict[bool, float]:
    """Relic density (cm^-3) by ``relic_is_antineutrino``: a Majorana state has both helicities."""
    nu, nubar = params.relic_density_cm3("nunu"), params.relic_density_cm3("nunubar")
    return {False: nu + nubar, True: 0.0} if nature == "majorana" else {False: nu, True: nubar}


@dataclass(frozen=True)
class FlavourSetup:
    """Masses, moments and nature of the three mass states: the view of the three-flavour
    settings of a :class:`~nubrems.core.params.Params` that the rate code works with.

    ``FlavourSetup.of(params)`` reads them from the parameters (whose fields of the same names
    carry the catalogue's defaults and ranges), :meth:`applied_to` writes them back
    (``flavours=3``); :meth:`check` applies the rules of
    :func:`nubrems.core.params.check_flavour_setup` and reads a matrix file.

    Attributes
    ----------
    ordering : {"normal", "inverted"}
    lightest_mass_eV : float
        Mass of the lightest state, eV (:data:`LIGHTEST_MASS_RANGE`).
    moments : str
        A preset of :data:`nubrems.flavour.moments.PRESETS` or a YAML file (``matrix_muB``, in
        Bohr magnetons as written); the preset's scale is ``Params.mu_nu_muB``.
    moment_scale : {"mu_eff", "entry"}
        What ``Params.mu_nu_muB`` means for a preset: "mu_eff" (default), the flux-averaged
        effective moment of the solar neutrinos, the quantity solar experiments bound
        (:meth:`effective_moment_muB`); "entry", the size of each non-zero entry of the
        preset (:mod:`nubrems.flavour.moments`).
    nature : {"dirac", "majorana"}
        Dirac: relic nu_j and nubar_j, n_nu and n_nubar each. Majorana: one relic population
        per mass state with both helicities, n_nu + n_nubar (each helicity decoupled like a
        Dirac nu or nubar: 2 x 56 cm^-3), transition moments only
        (:mod:`nubrems.amplitudes.majorana`).
    moving_relics : bool
        Relic momenta from the Fermi-Dirac distribution at T_nu (isotropic) instead of relics
        at rest; needed below a lightest mass of 1e-3 eV.
    earth_velocity_kms : float
        With moving relics: the Earth's speed through the relic frame, km/s (0: the relics
        are isotropic at the Earth; 369.8 km/s is the Sun's speed through the CMB frame).
    earth_angle_deg : float
        Angle between that velocity and the direction of the solar neutrinos (away from
        the Sun), degrees; it changes over the year.
    """

    # the defaults of the same fields of Params (the catalogue's), not a second copy
    ordering: str = Params.ordering
    lightest_mass_eV: float = Params.lightest_mass_eV
    moments: str = Params.moments
    nature: str = Params.nature
    moment_scale: str = Params.moment_scale
    moving_relics: bool = Params.moving_relics
    earth_velocity_kms: float = Params.earth_velocity_kms
    earth_angle_deg: float = Params.earth_angle_deg

    @classmethod
    def of(cls, params: Params) -> FlavourSetup:
        """The three-flavour settings of ``params`` (whatever its ``flavours``), unchecked."""
        return cls(**{f.name: getattr(params, f.name) for f in dataclasses.fields(FlavourSetup)})

    def applied_to(self, params: Params) -> Params:
        """``params`` with ``flavours=3`` and these settings (validated: ParameterError naming a setting)."""
        return params.replace(flavours=3, **{f.name: getattr(self, f.name) for f in dataclasses.fields(FlavourSetup)})

    def check(self, params: Params) -> FlavourSetup:
        """Validate everything a rate needs, naming the offending setting (ValueError): the rules of
        :func:`nubrems.core.params.check_flavour_setup`, then the moment matrix (a file is read and
        checked)."""
        check_flavour_setup(self)
        self.moment_matrix_muB(params)            # reads and checks a matrix file
        return self

    def earth_beta(self) -> FloatArray:
        """The Earth's velocity through the relic frame in units of c, z along the solar neutrinos."""
        beta = self.earth_velocity_kms * 1e5 / C.C_CM_S
        a = math.radians(self.earth_angle_deg)
        return np.array([beta * math.sin(a), 0.0, beta * math.cos(a)])

    def masses_eV(self) -> FloatArray:
        """(m_1, m_2, m_3) in eV; a lightest mass below :data:`MASSLESS_EV` is computed as it."""
        return mixing.masses_eV(max(self.lightest_mass_eV, MASSLESS_EV), self.ordering)

    def moment_matrix_muB(self, params: Params) -> Any:
        """The moment matrix in the mass basis, Bohr magnetons (presets scaled by mu_nu_muB as
        :attr:`moment_scale` says)."""
        if self.moments in moments.PRESETS:
            # only flavour-diagonal's columns differ in norm: the others need no P_i (and no MSW tables)
            P = flux_averaged_probabilities(self.ordering, params.solar_model, params.spectra) \
                if self.moment_scale == "mu_eff" and self.moments == "flavour-diagonal" else None
            return moments.moment_matrix(self.moments, params.mu_nu_muB, self.nature, self.ordering,
                                         scale=self.moment_scale, probabilities=P)
        return moments.load_moment_matrix(Path(check_moments(self.moments, self.nature)), self.nature)

    def effective_moment_muB(self, params: Params, component: str | None = None,
                             E_MeV: ArrayLike | None = None, *, matrix_muB: ArrayLike | None = None) -> Any:
        """mu_eff of the solar neutrinos, Bohr magnetons (:func:`nubrems.flavour.moments.effective_moment`).

        Parameters
        ----------
        params : Params
            Moment scale, solar model and spectra.
        component : str, optional
            A solar component; default: all of them.
        E_MeV : array_like, optional
            Neutrino energies, MeV (with ``component``): mu_eff(E) there. Default: averaged
            over the flux of ``component`` (or of the whole Sun, 91 % pp, the neutrinos
            whose electron recoils set the XENONnT and LZ bounds).
        matrix_muB : array_like, optional
            This setup's :meth:`moment_matrix_muB`, when the caller has it (a matrix file is
            then not read again).
        """
        mu = self.moment_matrix_muB(params) if matrix_muB is None else matrix_muB
        same = moments.uniform_column_norm(mu)
        if same is not None:                       # the same for every P_i
            return same if E_MeV is None else np.full(np.shape(E_MeV), same)
        if E_MeV is not None:
            if component is None:
                raise ValueError("E_MeV: give the solar component whose neutrinos have these energies")
            return moments.effective_moment(mu, solar_mass_states(component, E_MeV, self.ordering))
        comps = solar.COMPONENTS if component is None else (solar.check_component(component),)
        return moments.effective_moment(mu, flux_averaged_probabilities(self.ordering, params.solar_model,
                                                                        params.spectra, tuple(comps)))

    def as_dict(self) -> dict[str, Any]:
        return {"ordering": self.ordering, "lightest_mass_eV": self.lightest_mass_eV,
                "masses_eV": [float(m) for m in self.masses_eV()], "moments": self.moments,
                "moment_scale": self.moment_scale, "nature": self.nature, "moving_relics": self.moving_relics,
                "earth_velocity_kms": self.earth_velocity_kms, "earth_angle_deg": self.earth_angle_deg}


#: Relic temperature (K) used for moving relics; a parameter so that the tests can take T -> 0.
T_NU_K = relics.T_NU_K


class _Kinematics(NamedTuple):
    ok: NDArray[np.bool_]         #: above the channel's threshold
    flux_factor: FloatArray       #: 1 / (flux of the rate formula), eV^-2
    point: Any                    #: the phase-space point (ChannelMap) in the relic rest frame
    energy_lab: FloatArray        #: photon energy in the lab, eV
    angle_lab: FloatArray         #: photon angle to the solar direction in the lab, rad


def _mapped(E: FloatArray, m: tuple[float, float, float, float], x: FloatArray) -> tuple[Any, Any, Any]:
    """(above threshold, map, point) of the channel masses ``m`` at rest-frame solar energies E."""
    E0 = threshold_energy(m)
    ok = E > E0
    ps = ChannelMap(np.where(ok, E, 2 * E0 + 1.0), m)   # a safe energy below threshold
    return ok, ps, ps(x)


def _at_rest(E: FloatArray, m: tuple[float, float, float, float], x: FloatArray) -> _Kinematics:
    ok, ps, pt = _mapped(E, m, x)
    return _Kinematics(ok, 1.0 / ps.flux, pt, pt.photon_energy_lab, pt.photon_angle_lab)


def _moving(E: FloatArray, m: tuple[float, float, float, float], x_relic: FloatArray, x: FloatArray,
            T_K: float, earth_beta: FloatArray | None = None) -> _Kinematics:
    """A relic with Fermi-Dirac momentum (magnitude, polar angle to the solar direction,
    azimuth from ``x_relic``), isotropic in the relic frame, seen from an Earth that moves
    through that frame with velocity ``earth_beta`` (units of c; None: at rest).

    The event is built in the relic's rest frame, where the solar energy is
    E' = p1.p2 / m2; the rate per relic is sigma(s) times the Moller velocity, so the weight
    |M|^2 dPhi / (4 sqrt((p1.p2)^2 - m1^2 m2^2)) of the rest frame becomes
    |M|^2 dPhi / (4 E1 E2 v1) in the lab (E1 v1 = |p1|). The photon and the solar neutrino
    are collinear to within a milliradian, so the boost back to the lab scales the photon
    energy by the neutrino's own Doppler factor E / E' and the small angle between them by its
    inverse (corrections of order the angle times the relic speed).
    """
    m1, m2 = m[0], m[1]
    p = relics.sample_momenta(x_relic[:, 0], T_K)
    c = 2.0 * x_relic[:, 1] - 1.0
    s = np.sqrt((1.0 - c) * (1.0 + c))
    phi = 2.0 * np.pi * x_relic[:, 2]
    relic = K.four_vector(np.hypot(p, m2), p * s * np.cos(phi), p * s * np.sin(phi), p * c)
    if earth_beta is not None and np.any(earth_beta != 0):
        relic = K.boost(relic, -np.asarray(earth_beta, dtype=float))   # the relic as seen from the Earth
    E2, px, py, pz = relic[:, 0], relic[:, 1], relic[:, 2], relic[:, 3]
    p1 = np.sqrt((E - m1) * (E + m1))
    # p1.p2 = E (E2 - pz) + (E - |p1|) pz; E2 - pz from the on-shell relation when pz > 0
    with np.errstate(divide="ignore", invalid="ignore"):
        E2_minus_pz = np.where(pz > 0, (m2 * m2 + px * px + py * py) / (E2 + pz), E2 - pz)
    p1p2 = E * E2_minus_pz + m1 * m1 / (E + p1) * pz
    E_rest = p1p2 / m2
    ok, _, pt = _mapped(E_rest, m, x)
    doppler = E / E_rest
    return _Kinematics(ok, 1.0 / (4.0 * E2 * p1), pt, pt.photon_energy_lab * doppler,
                       pt.photon_angle_lab / doppler)


def _channel_columns(channels: list[Channel], chan_masses: list[tuple[float, float, float, float]], n: int,
                     kinematics: Callable[[tuple[float, float, float, float]], _Kinematics],
                     weight: Callable[[Channel], Any], msq: Callable[..., tuple[FloatArray, FloatArray]],
                     masses_eV: ArrayLike, moments_eV: ArrayLike,
                     extra: FloatArray | None = None) -> tuple[FloatArray, tuple[FloatArray, FloatArray]]:
    """Every channel's contribution at n points, in cm^2 (times ``extra``, e.g. a flux
    Jacobian), and its lab photon energy and angle: arrays (n, channels).

    ``kinematics(m)`` builds the phase-space point of the channel masses m (once: channels
    with the same masses share it), ``weight(ch)`` the channel's factor (symmetry factor,
    densities, mass-state probabilities).
    """
    shape = (n, len(channels))
    out, energy, angle = np.zeros(shape), np.zeros(shape), np.zeros(shape)
    kin: dict[tuple[float, float, float, float], _Kinematics] = {}
    for j, (ch, m) in enumerate(zip(channels, chan_masses, strict=True)):
        if m not in kin:
            kin[m] = kinematics(m)
        k = kin[m]
        lead, mass = msq(ch, masses_eV, moments_eV, k.point.invariants)
        value = weight(ch) * (lead + mass) * k.flux_factor * k.point.weight
        if extra is not None:
            value = value * extra
        # mask on the weight too: at measure-zero edge points (p.k = 0) |M|^2 is NaN
        out[:, j] = np.where(k.ok & (k.point.weight > 0), value / C.CM2, 0.0)
        energy[:, j], angle[:, j] = k.energy_lab, k.angle_lab
    return out, (energy, angle)


def integrand(component: str, params: Params, masses_eV: ArrayLike, moments_eV: ArrayLike,
              channels: list[Channel], probabilities: Any, energy_edges_MeV: ArrayLike,
              angle_edges_rad: ArrayLike, moving_relics: bool = False, T_K: float | None = None,
              nature: str = "dirac", earth_beta: ArrayLike | None = None) -> HistogramIntegrand:
    """Photons per cm^3 and second from one solar component, every channel a part.

    ``probabilities(E_MeV) -> (n, 3)`` gives P_i(E) of the solar neutrinos (e.g.
    :func:`solar_mass_states`). Weights and lab observables have shape (n, channels).
    The unit cube is (solar energy, [relic momentum, polar angle, azimuth,] five phase-space
    variables): :func:`dimension` of ``moving_relics``. ``earth_beta``: the Earth's velocity
    through the relic frame (3-vector, units of c, z along the solar neutrinos).
    """
    model, spectra = params.solar_model, params.spectra
    chan_masses = [CA.channel_masses(ch, masses_eV) for ch in channels]
    density = relic_densities(params, nature)
    msq = _msq_function(nature)
    temperature = T_NU_K if T_K is None else T_K
    beta = None if earth_beta is None else np.asarray(earth_beta, dtype=float)

    def point(x: FloatArray) -> tuple[FloatArray, tuple[FloatArray, FloatArray]]:
        E_MeV, dphi_du = solar.energy_map(component, x[:, 0], model, spectra=spectra)
        E = E_MeV * C.MEV
        P = probabilities(E_MeV)

        def kinematics(m: tuple[float, float, float, float]) -> _Kinematics:
            return (_moving(E, m, x[:, 1:4], x[:, 4:], temperature, beta) if moving_relics
                    else _at_rest(E, m, x[:, 1:]))

        def weight(ch: Channel) -> Any:
            return P[:, ch.solar - 1] * density[ch.relic_is_antineutrino] * ch.symmetry_factor

        return _channel_columns(channels, chan_masses, len(x), kinematics, weight, msq, masses_eV, moments_eV,
                                dphi_du)

    return HistogramIntegrand(point, [np.asarray(energy_edges_MeV) * C.MEV, angle_edges_rad],
                              n_parts=len(channels))


def dimension(moving_relics: bool) -> int:
    """Dimension of the unit cube of :func:`integrand`."""
    return 1 + (3 if moving_relics else 0) + ChannelMap.dim


def channel_cross_sections(energy_MeV: float, masses_eV: ArrayLike, moments_eV: ArrayLike,
                           channels: list[Channel], rtol: float = 1e-2, seed: int = 1, neval: int = 5_000,
                           nitn_adapt: int = 5, max_iterations: int = 100,
                           nature: str = "dirac") -> dict[str, tuple[float, float]]:
    """Cross section (cm^2, symmetry factor included) of every channel at one solar energy,
    relic at rest, with its Monte Carlo error: one vegas run whose parts are the channels.

    Parameters
    ----------
    energy_MeV : float
        Solar neutrino energy (total, relic rest frame), MeV.
    masses_eV : array_like, shape (3,)
    moments_eV : array_like, shape (3, 3)
        Moment matrix in eV^-1.
    channels : list of Channel
        E.g. :func:`channels_for` the matrix and nature.
    rtol : float
        Requested relative precision of the sum over channels.
    nature : {"dirac", "majorana"}

    Returns
    -------
    dict
        Channel label -> (sigma, error) in cm^2; channels below threshold give (0, 0).
    """
    E = check_in_range("energy_MeV", energy_MeV, Range(0.0, 1e6, low_open=True)) * C.MEV
    rtol = check_in_range("rtol", rtol, Range(1e-5, 1.0, low_open=True))
    chan_masses = [CA.channel_masses(ch, masses_eV) for ch in channels]
    msq = _msq_function(nature)
    E_arr = np.array([E])

    def point(x: FloatArray) -> tuple[FloatArray, tuple[FloatArray, FloatArray]]:
        return _channel_columns(channels, chan_masses, len(x),
                                lambda m: _at_rest(np.broadcast_to(E_arr, len(x)), m, x),
                                lambda ch: ch.symmetry_factor, msq, masses_eV, moments_eV)

    f = HistogramIntegrand(point, [np.array([0.0, np.inf]), np.array([0.0, np.inf])], n_parts=len(channels))
    run = integrate(f, ChannelMap.dim, rtol, seed, neval, nitn_adapt, max_iterations)
    values, errors = run.parts(len(channels))
    return {ch.label: (float(v), float(e)) for ch, v, e in zip(channels, values, errors, strict=True)}


class FlavourRateSummary(RateSummary):
    """:meth:`FlavourRateResult.as_dict`."""

    flavours: dict[str, Any]
    by_channel: dict[str, float]
    by_channel_err: dict[str, float]


@dataclass
class FlavourRateResult(RateResult):
    """A :class:`nubrems.rates.one_flavour.RateResult` with the three-flavour setup and each channel's share."""

    setup: FlavourSetup = field(default_factory=FlavourSetup)
    by_channel: dict[str, tuple[float, float]] = field(default_factory=dict)  #: label -> (photons, error)

    def as_dict(self, spectra: bool = False) -> FlavourRateSummary:
        base = super().as_dict(spectra)
        data: FlavourRateSummary = {**base, "flavours": self.setup.as_dict(),
                                    "by_channel": {k: v for k, (v, _) in self.by_channel.items()},
                                    "by_channel_err": {k: e for k, (_, e) in self.by_channel.items()}}
        return data


#: One component's run: component, params, setup, moment matrix (eV^-1), its channels, rtol, seed,
#: energy and angle edges, neval, nitn_adapt, max_iterations.
_Task = tuple[str, Params, FlavourSetup, Any, list[Channel], float, int, FloatArray, FloatArray, int, int, int]


def _component_run(task: _Task) -> tuple[str, VegasRun]:
    comp, params, setup, mu, channels, rtol, seed, e_edges, t_edges, neval, nitn_adapt, max_iterations = task
    f = integrand(comp, params, setup.masses_eV(), mu, channels,
                  functools.partial(solar_mass_states, comp, ordering=setup.ordering), e_edges, t_edges,
                  setup.moving_relics, nature=setup.nature, earth_beta=setup.earth_beta())
    run = integrate(f, dimension(setup.moving_relics), rtol, seed + solar.COMPONENTS.index(comp), neval, nitn_adapt,
                    max_iterations)
    return comp, run


def flavour_rate(params: Params | None = None, setup: FlavourSetup | None = None,
                 components: list[str] | None = None, rtol: float = 1e-2, seed: int = 1,
                 energy_edges_MeV: ArrayLike | None = None, angle_edges_rad: ArrayLike | None = None,
                 neval: int = 5_000, nitn_adapt: int = 5, max_iterations: int = 100, jobs: int | None = None,
                 scheduler: str | None = None) -> FlavourRateResult:
    """Number of bremsstrahlung photons for three mass states (the nature, moments and relic
    motion of ``setup``).

    Parameters as in :func:`nubrems.rates.one_flavour.photon_rate` (``params.m_nu_eV`` is not used:
    the masses follow from ``setup``; ``params.mu_nu_muB`` scales the moment presets). ``setup``
    None (default): the three-flavour settings of ``params`` (:meth:`FlavourSetup.of`).

    Returns
    -------
    FlavourRateResult
        Totals, spectra and per-component results as in one flavour, and ``by_channel``
        (photons and Monte Carlo error of each channel, summed over the components).
    """
    p = params or Params()
    s = (setup or FlavourSetup.of(p)).check(p)
    comps = list(solar.COMPONENTS if components is None else components)
    for c in comps:
        solar.check_component(c)
    rtol = check_in_range("rtol", rtol, Range(1e-5, 1.0, low_open=True))
    e_edges = np.asarray(energy_edges_MeV if energy_edges_MeV is not None else binning.energy_edges(), float)
    t_edges = np.asarray(angle_edges_rad if angle_edges_rad is not None else binning.angle_edges(), float)
    mu = np.asarray(s.moment_matrix_muB(p)) * C.MU_B          # the matrix file is read once, here
    channels = channels_for(mu, s.nature)
    tasks: list[_Task] = [(c, p, s, mu, channels, rtol, seed, e_edges, t_edges, neval, nitn_adapt, max_iterations)
                          for c in comps]
    with executor(jobs, scheduler, tasks=len(tasks)) as ex:
        runs = dict(f.result() for f in [ex.submit(_component_run, t) for t in tasks])
    exposure = p.exposure_cm3_s
    import gvar  # lazy: vegas's companion, only where errors are propagated

    # each channel summed over the components (separate runs: gvar adds the errors)
    by_part = sum(gvar.gvar(v * exposure, e * exposure) for v, e in (runs[c].parts(len(channels)) for c in comps))
    by_channel = {ch.label: (float(g.mean), float(g.sdev)) for ch, g in zip(channels, by_part, strict=True)}
    return FlavourRateResult(p, *collect_runs(runs, comps, exposure, e_edges, t_edges),
                             {c: runs[c].n_eval for c in comps}, {c: runs[c] for c in comps}, exposure,
                             setup=s, by_channel=by_channel)
