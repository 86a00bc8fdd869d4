"""Bremsstrahlung off residual matter: solar neutrinos on the electrons of a residual gas.

However good the vacuum of a detector volume, its residual gas holds electrons, and solar
neutrinos scatter on them, nu e -> nu e, now and then with a photon, nu e -> nu e gamma. This
module estimates that background of the signal *to an order of magnitude*; every assumption
is stated where it is made:

* **The gas** is molecular hydrogen, the residual gas of an ultra-high vacuum, with 2
  electrons per molecule, at T = 293 K: n_e = 2 P / (k_B T) by the ideal gas law
  (:func:`electron_density_cm3`, :mod:`scipy.constants`).
* **Elastic scattering** is the tree-level nu e -> nu e of the Standard Model (charged and
  neutral current for nu_e, neutral current only for nu_mu and nu_tau), for an electron
  recoil of kinetic energy T (Giunti & Kim 2007, chapter 5):

      dsigma/dT = G_F^2 m_e / (2 pi) [(g_V + g_A)^2 + (g_V - g_A)^2 (1 - T/E)^2
                                      - (g_V^2 - g_A^2) m_e T / E^2],

  0 <= T <= T_max = 2 E^2 / (m_e + 2 E), with g_V = 1/2 + 2 sin^2 theta_W, g_A = 1/2 for nu_e
  and g_V = -1/2 + 2 sin^2 theta_W, g_A = -1/2 for nu_mu and nu_tau (:func:`couplings`).
  For E >> m_e the integral is sigma = G_F^2 m_e E / (2 pi) [(g_V + g_A)^2 + (g_V - g_A)^2 / 3]
  (:func:`elastic_cross_section_cm2` gives both: ``exact=False`` the high-energy form, which
  overestimates pp neutrinos by up to a factor two). sin^2 theta_W is the MS-bar value at
  low momentum transfer, :data:`SIN2_THETA_W`.
* **Flavour**: a solar neutrino arrives as nu_e with probability P_ee(E) (adiabatic MSW,
  :func:`nubrems.rates.three_flavour.solar_mass_states`, :func:`nubrems.sun.msw.survival_from_mass_states`),
  otherwise as nu_mu or nu_tau; ``oscillations=False`` counts them all as nu_e.
* **The photon**: a photon carrying a sizeable fraction of the neutrino energy is emitted in
  a fraction alpha / pi of the scatterings, sigma(nu e -> nu e gamma) ~ (alpha / pi)
  sigma(nu e -> nu e) (:data:`RADIATIVE_FACTOR`; the probability of a hard photon from the
  recoiling charge, without the soft and collinear logarithms): an order-of-magnitude
  assumption, not a calculation.
* **Where the photons go** (for :func:`photon_histogram`): their energy is a uniform fraction
  of the neutrino energy, and they follow the recoiling electron, whose angle to the neutrino
  direction is of order sqrt(2 m_e / T) (the kinematics of a target at rest, chapter 1, with
  the electron as the target): photons of energy E_gamma are taken uniform in solid angle
  within theta_e = min(pi, sqrt(2 m_e / E_gamma)) of the direction away from the Sun
  (:func:`angular_scale_rad`, :func:`angle_cdf`). Crude, but it sets the scale: radians, where
  the signal's sqrt(2 m_nu / E) is milliradians.

The photon-free elastic scatterings (electron recoils) are returned too: pi / alpha times as
many events, with no photon.

**Bremsstrahlung of the recoil electrons** in the gas they cross (:func:`recoil_bremsstrahlung`)
is computed, not assumed, and is negligible: at these pressures an electron of an MeV loses
nothing on its way out of a km-sized volume (its range in H2 at 1e-10 Pa is ~1e13 km), so it
crosses a path L (the size of the volume, an upper estimate) of thickness t = rho L / X_0
radiation lengths, rho the mass density of the gas and X_0 = 63.04 g cm^-2 the radiation
length of hydrogen (:func:`radiation_length_g_cm2`, Tsai 1974). On that path it emits
N(T) = t int_{k_min}^{T} dk / k (4/3 - 4/3 y + y^2), y = k / (T + m_e), photons of energy above
k_min (:func:`bremsstrahlung_photons`: the complete-screening spectrum of the Particle Data
Group's review of the passage of particles through matter, an overestimate at MeV energies,
where screening is incomplete), with the recoil spectrum dsigma/dT above
(:func:`elastic_differential_cm2`). It holds while the electrons lose less than k_min to
ionisation on the path (:func:`recoil_energy_loss_MeV`, up to about 3 Pa for a km). N is of
order 1e-15 for a km at 1e-10 Pa against the alpha / pi = 2.3e-3 photons per scattering
assumed above, and grows with the square of the pressure (electrons to recoil times matter to
radiate in).

Rates are per km^3 of gas and Julian year; energies in MeV, pressures in Pa, angles in rad.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypedDict

import numpy as np
from numpy.typing import ArrayLike
from scipy import constants as sc

from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.core.params import Params, params_or_default
from nubrems.kinematics import binning
from nubrems.rates.three_flavour import solar_mass_states
from nubrems.sun import spectra as solar
from nubrems.sun.msw import survival_from_mass_states

__all__ = ["ELECTRONS_PER_MOLECULE", "FLAVOURS", "HYDROGEN_MOLAR_MASS_G", "K_MIN_MEV", "PATH_M",
           "RADIATIVE_FACTOR", "SIN2_THETA_W", "STOPPING_MIN_MEV_CM2_G", "TEMPERATURE_K", "MatterBackground",
           "MatterBackgroundDict",
           "angle_cdf", "angular_scale_rad", "bremsstrahlung_photons", "couplings", "elastic_cross_section_cm2",
           "elastic_differential_cm2", "electron_density_cm3", "gas_density_g_cm3", "matter_background",
           "photon_histogram", "radiation_length_g_cm2", "radiative_cross_section_cm2", "recoil_bremsstrahlung",
           "recoil_energy_loss_MeV"]

#: Temperature of the residual gas, K (a laboratory at room temperature).
TEMPERATURE_K = 293.0
#: Electrons per molecule of the residual gas (molecular hydrogen, H2).
ELECTRONS_PER_MOLECULE = 2
#: The weak mixing angle, MS-bar at low momentum transfer (Erler & Ferro-Hernandez 2018,
#: JHEP 03 (2018) 196: 0.23868); at the Z mass it is 0.2313. The difference changes the nu_e
#: cross section by 2 %.
SIN2_THETA_W = 0.23868
#: Fraction of the elastic scatterings with a hard photon, alpha / pi (order of magnitude).
RADIATIVE_FACTOR = C.ALPHA / math.pi
#: Neutrino flavours of :func:`couplings`: "e" (charged and neutral current), "mu" and "tau"
#: (neutral current only, the same couplings).
FLAVOURS = ("e", "mu", "tau")

#: Molar mass of hydrogen atoms, g/mol (standard atomic weight 1.00794; the gas is H2).
HYDROGEN_MOLAR_MASS_G = 1.00794
#: Path of a recoil electron in the gas, m: the size of a km^3, an upper estimate (it leaves
#: the volume before it loses energy).
PATH_M = 1000.0
#: Lowest photon energy counted in the recoil bremsstrahlung, MeV (the count grows only as
#: the logarithm of 1 / k_min).
K_MIN_MEV = 1e-3
#: Minimum collision stopping power of hydrogen gas, MeV cm^2 / g (Particle Data Group, atomic
#: and nuclear properties of materials: 4.103); slower electrons lose more.
STOPPING_MIN_MEV_CM2_G = 4.103
#: Radiation logarithms of hydrogen, L_rad and L'_rad (Tsai 1974, Rev. Mod. Phys. 46, 815,
#: Table B.2; the values of the Particle Data Group's review of the passage of particles
#: through matter).
_L_RAD_H, _L_RAD_PRIME_H = 5.31, 6.144

_KM3_CM3 = 1e15              # cm^3 in a km^3


def _energies(E_MeV: ArrayLike, name: str = "E_MeV", zero: bool = False) -> FloatArray:
    """Energies in MeV as an array: finite and positive (``zero``: finite and >= 0)."""
    E = np.asarray(E_MeV, dtype=float)
    if not np.all(np.isfinite(E)) or np.any(E < 0 if zero else E <= 0):
        raise ValueError(f"{name} must be {'finite energies >= 0' if zero else 'positive finite energies'} (MeV); "
                         f"got {E_MeV!r}")
    return E


def electron_density_cm3(pressure_Pa: float, temperature_K: float = TEMPERATURE_K,
                         electrons_per_molecule: int = ELECTRONS_PER_MOLECULE) -> float:
    """Electrons per cm^3 of an ideal gas: electrons_per_molecule x P / (k_B T).

    Parameters
    ----------
    pressure_Pa : float
        Pressure, Pa (> 0).
    temperature_K : float
        Temperature, K (> 0).
    electrons_per_molecule : int
        2 for H2 (the default).

    Raises
    ------
    ValueError
        Naming the parameter, for a value that is not a positive finite number.
    """
    P = validate.positive("pressure_Pa", pressure_Pa, "Pa")
    T = validate.positive("temperature_K", temperature_K, "K")
    z = validate.positive("electrons_per_molecule", electrons_per_molecule, "electrons")
    return z * P / (float(sc.k) * T) * 1e-6       # per m^3 -> per cm^3


def _recoil_max(E: FloatArray, me: float) -> FloatArray:
    """Largest kinetic energy of the recoil electron, 2 E^2 / (m_e + 2 E), in the units of E, m_e."""
    T_max: FloatArray = 2 * E**2 / (me + 2 * E)
    return T_max


def couplings(flavour: str = "e") -> tuple[float, float]:
    """(g_V, g_A) of nu_flavour e -> nu_flavour e: nu_e (1/2 + 2 s_W^2, 1/2), nu_mu and nu_tau
    (-1/2 + 2 s_W^2, -1/2), with s_W^2 = :data:`SIN2_THETA_W`."""
    if flavour not in FLAVOURS:
        raise ValueError(f"flavour must be one of {', '.join(FLAVOURS)}; got {flavour!r}")
    if flavour == "e":
        return 0.5 + 2 * SIN2_THETA_W, 0.5
    return -0.5 + 2 * SIN2_THETA_W, -0.5


def elastic_cross_section_cm2(E_MeV: ArrayLike, flavour: str = "e", exact: bool = True) -> FloatArray:
    """Total tree-level cross section of nu e -> nu e on an electron at rest, cm^2.

    Parameters
    ----------
    E_MeV : array_like
        Neutrino energy, MeV (> 0).
    flavour : {"e", "mu", "tau"}
    exact : bool
        True: dsigma/dT integrated over 0 <= T <= T_max = 2 E^2 / (m_e + 2 E) (see the module
        docstring). False: the form for E >> m_e,
        G_F^2 m_e E / (2 pi) [(g_V + g_A)^2 + (g_V - g_A)^2 / 3], exactly linear in E.

    Returns
    -------
    ndarray
        cm^2, the shape of ``E_MeV``.
    """
    E = _energies(E_MeV) * C.MEV                              # eV
    gV, gA = couplings(flavour)
    left, right, mixed = (gV + gA) ** 2, (gV - gA) ** 2, gV**2 - gA**2
    me = C.M_E
    if exact:
        Tm = _recoil_max(E, me)
        y = 1 - Tm / E                                        # = m_e / (m_e + 2 E), no cancellation
        bracket = left * Tm + right * E / 3 * (1 - y**3) - mixed * me * Tm**2 / (2 * E**2)
    else:
        bracket = (left + right / 3) * E
    sigma: FloatArray = C.G_F**2 * me / (2 * math.pi) * bracket / C.CM2
    return sigma


def elastic_differential_cm2(E_MeV: ArrayLike, T_MeV: ArrayLike, flavour: str = "e") -> FloatArray:
    """Recoil spectrum dsigma/dT of nu e -> nu e on an electron at rest, cm^2 / MeV.

    The tree-level form of the module docstring for a recoil of kinetic energy T, zero above
    T_max = 2 E^2 / (m_e + 2 E); its integral over T is :func:`elastic_cross_section_cm2`.

    Parameters
    ----------
    E_MeV : array_like
        Neutrino energy, MeV (> 0).
    T_MeV : array_like
        Kinetic energy of the recoil electron, MeV (>= 0); broadcast against ``E_MeV``.
    flavour : {"e", "mu", "tau"}

    Returns
    -------
    ndarray
        cm^2 per MeV of recoil energy.
    """
    E = _energies(E_MeV) * C.MEV                              # eV
    T = _energies(T_MeV, "T_MeV", zero=True) * C.MEV         # eV
    gV, gA = couplings(flavour)
    me = C.M_E
    bracket = ((gV + gA) ** 2 + (gV - gA) ** 2 * (1 - T / E) ** 2 - (gV**2 - gA**2) * me * T / E**2)
    inside = T <= _recoil_max(E, me)
    dsigma: FloatArray = np.where(inside, C.G_F**2 * me / (2 * math.pi) * bracket, 0.0) / C.CM2 * C.MEV
    return dsigma


def radiation_length_g_cm2() -> float:
    """Radiation length of hydrogen, g cm^-2 (Tsai 1974): 63.04.

    1/X_0 = 4 alpha r_e^2 N_A / A [Z^2 (L_rad - f(Z)) + Z L'_rad] for Z = 1, with the radiation
    logarithms of hydrogen, the Coulomb correction f = a^2 [1/(1 + a^2) + 0.20206 - 0.0369 a^2
    + 0.0083 a^4 - 0.002 a^6], a = alpha Z, and r_e, N_A from :mod:`scipy.constants`.
    """
    a2 = C.ALPHA**2
    f = a2 * (1 / (1 + a2) + 0.20206 - 0.0369 * a2 + 0.0083 * a2**2 - 0.002 * a2**3)
    r_e_cm = float(sc.physical_constants["classical electron radius"][0]) * 1e2
    per_g = 4 * C.ALPHA * r_e_cm**2 * float(sc.N_A) / HYDROGEN_MOLAR_MASS_G * (_L_RAD_H - f + _L_RAD_PRIME_H)
    return 1.0 / per_g


def gas_density_g_cm3(pressure_Pa: float, temperature_K: float = TEMPERATURE_K) -> float:
    """Mass density of the H2 gas, g cm^-3: P / (k_B T) molecules of molar mass 2 x 1.00794 g."""
    n_e = electron_density_cm3(pressure_Pa, temperature_K)      # two electrons = two atoms
    return n_e * HYDROGEN_MOLAR_MASS_G / float(sc.N_A)


def bremsstrahlung_photons(T_MeV: ArrayLike, thickness_X0: float, k_min_MeV: float = K_MIN_MEV) -> FloatArray:
    """Bremsstrahlung photons of energy k_min < k < T that an electron of kinetic energy T emits
    on a path of ``thickness_X0`` radiation lengths, without losing energy on the way.

    The complete-screening spectrum dN/dk = t / k (4/3 - 4/3 y + y^2), y = k / E, E = T + m_e
    the total energy, integrated in closed form (zero for T <= k_min); an overestimate for
    electrons of an MeV or less, whose screening is incomplete.

    Parameters
    ----------
    T_MeV : array_like
        Kinetic energy of the electron, MeV (>= 0).
    thickness_X0 : float
        Path in radiation lengths (> 0); the count is proportional to it.
    k_min_MeV : float
        Lowest photon energy counted, MeV (> 0).
    """
    t = validate.positive("thickness_X0", thickness_X0, "radiation lengths")
    k0 = validate.positive("k_min_MeV", k_min_MeV, "MeV")
    T = _energies(T_MeV, "T_MeV", zero=True)
    E = T + C.M_E / C.MEV
    k1 = np.maximum(T, k0)
    n: FloatArray = t * (4 / 3 * np.log(k1 / k0) - 4 / 3 * (k1 - k0) / E + (k1**2 - k0**2) / (2 * E**2))
    return n


def radiative_cross_section_cm2(E_MeV: ArrayLike, flavour: str = "e", exact: bool = True) -> FloatArray:
    """sigma(nu e -> nu e gamma) ~ (alpha / pi) sigma(nu e -> nu e), cm^2 (order of magnitude)."""
    return RADIATIVE_FACTOR * elastic_cross_section_cm2(E_MeV, flavour, exact)


def _survival(component: str, E_MeV: FloatArray, ordering: str) -> FloatArray:
    return survival_from_mass_states(solar_mass_states(component, E_MeV, ordering), ordering)


#: A cross section of one flavour at the neutrino energies E (MeV): (E, flavour) -> cm^2.
_OfFlavour = Callable[[FloatArray, str], FloatArray]


def _flavour_mixture(component: str, E_MeV: FloatArray, ordering: str, oscillations: bool,
                     of_flavour: _OfFlavour) -> FloatArray:
    """A cross section of the flavour mixture of ``component`` at E: nu_e with P_ee(E), else
    nu_mu (= nu_tau); all nu_e without oscillations."""
    sigma_e = of_flavour(E_MeV, "e")
    if not oscillations:
        return sigma_e
    P_ee = _survival(component, E_MeV, ordering)
    mixture: FloatArray = P_ee * sigma_e + (1 - P_ee) * of_flavour(E_MeV, "mu")
    return mixture


def _scatterings(params: Params, oscillations: bool, n_nodes: int,
                 of_flavour: _OfFlavour) -> dict[str, tuple[FloatArray, FloatArray]]:
    """Component -> (solar quadrature nodes E in MeV, events per electron and second at each
    node: flux weight times ``of_flavour`` for the flavour mixture), for the solar model, the
    pp and hep spectra and the mass ordering of ``params``."""
    out = {}
    for comp in solar.COMPONENTS:
        E, w = solar.quadrature(comp, params.solar_model, n_nodes, spectra=params.spectra)
        E = np.asarray(E, dtype=float)
        out[comp] = (E, w * _flavour_mixture(comp, E, params.ordering, oscillations, of_flavour))
    return out


def _elastic(exact: bool) -> _OfFlavour:
    return lambda E, flavour: elastic_cross_section_cm2(E, flavour, exact)


class MatterBackgroundDict(TypedDict):
    """:meth:`MatterBackground.as_dict`."""

    pressure_Pa: float
    temperature_K: float
    electron_density_cm3: float
    recoils_per_km3_per_year: float
    photons_per_km3_per_year: float
    recoils_by_component: dict[str, float]
    radiative_factor: float
    assumptions: str


@dataclass(frozen=True)
class MatterBackground:
    """Solar neutrinos on the electrons of a residual gas (:func:`matter_background`).

    Attributes
    ----------
    pressure_Pa, temperature_K : float
        The gas.
    electron_density_cm3 : float
        Its electrons per cm^3.
    recoils_by_component : dict of str to float
        Elastic scatterings nu e -> nu e per km^3 per year, per solar component.
    radiative_factor : float
        Photons per elastic scattering, alpha / pi (:data:`RADIATIVE_FACTOR`).
    """

    pressure_Pa: float
    temperature_K: float
    electron_density_cm3: float
    recoils_by_component: dict[str, float]
    radiative_factor: float = RADIATIVE_FACTOR

    @property
    def recoils_per_km3_per_year(self) -> float:
        """Elastic scatterings (photon-free electron recoils) per km^3 per year."""
        return sum(self.recoils_by_component.values())

    @property
    def photons_per_km3_per_year(self) -> float:
        """Photons of nu e -> nu e gamma per km^3 per year (order of magnitude)."""
        return self.radiative_factor * self.recoils_per_km3_per_year

    def as_dict(self) -> MatterBackgroundDict:
        return {"pressure_Pa": self.pressure_Pa, "temperature_K": self.temperature_K,
                "electron_density_cm3": self.electron_density_cm3,
                "recoils_per_km3_per_year": self.recoils_per_km3_per_year,
                "photons_per_km3_per_year": self.photons_per_km3_per_year,
                "recoils_by_component": dict(self.recoils_by_component),
                "radiative_factor": self.radiative_factor,
                "assumptions": "H2 gas, ideal gas law; tree-level nu e elastic scattering; photons = "
                               "alpha/pi x elastic scatterings (order of magnitude)"}


def matter_background(pressure_Pa: float, params: Params | None = None, oscillations: bool = True,
                      exact: bool = True, temperature_K: float = TEMPERATURE_K, n_nodes: int = 64) -> MatterBackground:
    """Electron recoils and photons from solar neutrinos in a residual gas, per km^3 per year.

    n_e x sum_c int dE phi_c(E) sigma(E) x (1 km^3) x (1 yr), by the solar quadrature of
    :func:`nubrems.sun.spectra.quadrature` (lines exactly), with the cross section of the flavour
    mixture at each energy; photons are alpha / pi of the scatterings. Exactly linear in the
    pressure.

    Parameters
    ----------
    pressure_Pa : float
        Pressure of the H2 gas, Pa (> 0).
    params : Params, optional
        The solar model and the pp and hep spectra of the fluxes, and the mass ordering of the
        survival probability P_ee(E) (``solar_model``, ``spectra``, ``ordering``; default: the
        defaults of :class:`~nubrems.core.params.Params`). The rest of it is not used: the
        result is per km^3 and year of gas.
    oscillations : bool
        False: every solar neutrino counted as nu_e (an upper estimate).
    exact : bool
        The cross section with the full recoil kinematics (True) or its E >> m_e form.
    temperature_K : float
        Temperature of the gas, K.
    n_nodes : int
        Gauss-Legendre nodes per continuous solar spectrum.

    Raises
    ------
    ValueError
        Naming ``pressure_Pa`` (or ``temperature_K``) for a value that is not a positive
        finite number; ``params`` that is not a :class:`~nubrems.core.params.Params`.
    """
    p = params_or_default(params)
    n_e = electron_density_cm3(pressure_Pa, temperature_K)
    exposure = n_e * _KM3_CM3 * C.YEAR_S                       # electrons x s in 1 km^3 x 1 yr
    recoils = {comp: float(exposure * np.sum(rate))
               for comp, (_, rate) in _scatterings(p, oscillations, n_nodes, _elastic(exact)).items()}
    return MatterBackground(float(pressure_Pa), float(temperature_K), n_e, recoils)


def recoil_energy_loss_MeV(pressure_Pa: float, path_m: float = PATH_M,
                           temperature_K: float = TEMPERATURE_K) -> float:
    """Least energy a recoil electron loses to ionisation on ``path_m`` of the gas, MeV.

    rho L times the minimum stopping power of hydrogen (:data:`STOPPING_MIN_MEV_CM2_G`). The
    thin-gas estimate of :func:`recoil_bremsstrahlung` needs it below the softest photon it
    counts: at 1 km that holds up to about 3 Pa.
    """
    L_cm = 1e2 * validate.positive("path_m", path_m, "m")
    return gas_density_g_cm3(pressure_Pa, temperature_K) * L_cm * STOPPING_MIN_MEV_CM2_G


def recoil_bremsstrahlung(pressure_Pa: float, path_m: float = PATH_M, k_min_MeV: float = K_MIN_MEV,
                          params: Params | None = None, oscillations: bool = True,
                          temperature_K: float = TEMPERATURE_K, n_nodes: int = 64, n_recoil: int = 48) -> float:
    """Bremsstrahlung photons of the recoil electrons in the gas, per km^3 per year.

    n_e x sum_c int dE phi_c(E) int dT dsigma/dT(E, T) N(T) x (1 km^3) x (1 yr): the recoil
    spectrum of :func:`elastic_differential_cm2` (flavour mixture as in
    :func:`matter_background`) times the photons above ``k_min_MeV`` that a recoil of kinetic
    energy T emits on ``path_m`` of gas (:func:`bremsstrahlung_photons`, thickness
    rho L / X_0). Proportional to the path and to the square of the pressure.

    Parameters
    ----------
    pressure_Pa : float
        Pressure of the H2 gas, Pa (> 0).
    path_m : float
        Path of a recoil electron in the gas, m (> 0); default the size of a km^3.
    k_min_MeV : float
        Lowest photon energy counted, MeV (> 0).
    params, oscillations, temperature_K, n_nodes
        As in :func:`matter_background`.
    n_recoil : int
        Gauss-Legendre nodes in log T between k_min and T_max for each neutrino energy.

    Raises
    ------
    ValueError
        Naming the parameter, for a value that is not a positive finite number; naming
        ``pressure_Pa`` where the gas is too dense for the estimate (the electrons lose more
        than ``k_min_MeV`` on the path, :func:`recoil_energy_loss_MeV`).
    """
    L_cm = 1e2 * validate.positive("path_m", path_m, "m")
    k0 = validate.positive("k_min_MeV", k_min_MeV, "MeV")
    p = params_or_default(params)
    validate.integer("n_recoil", n_recoil, 8)
    loss = recoil_energy_loss_MeV(pressure_Pa, path_m, temperature_K)
    if loss >= k0:
        raise ValueError(f"pressure_Pa = {pressure_Pa!r}: the recoil electrons lose at least {loss:.3g} MeV on "
                         f"{path_m:g} m of gas, more than k_min_MeV = {k0:g}; the thin-gas estimate does not hold")
    n_e = electron_density_cm3(pressure_Pa, temperature_K)
    thickness = gas_density_g_cm3(pressure_Pa, temperature_K) * L_cm / radiation_length_g_cm2()
    x, wx = np.polynomial.legendre.leggauss(n_recoil)
    me = C.M_E / C.MEV

    def radiated(E: FloatArray, flavour: str) -> FloatArray:
        """int dT dsigma/dT N(T) over k_min < T < T_max, cm^2 (zero where T_max <= k_min)."""
        T_max = _recoil_max(E, me)
        span = np.log(np.maximum(T_max, k0) / k0)                      # log T from k_min to T_max
        T = k0 * np.exp(0.5 * span[:, None] * (x + 1))
        jac = 0.5 * span[:, None] * wx * T                             # dT = T d(log T)
        integrand = elastic_differential_cm2(E[:, None], T, flavour) * bremsstrahlung_photons(T, thickness, k0)
        result: FloatArray = np.sum(jac * integrand, axis=1)
        return result

    exposure = n_e * _KM3_CM3 * C.YEAR_S
    scatterings = _scatterings(p, oscillations, n_nodes, radiated)
    return float(exposure * sum(np.sum(rate) for _, rate in scatterings.values()))


def angular_scale_rad(E_gamma_MeV: ArrayLike) -> FloatArray:
    """Half-angle of the cone of the matter photons, min(pi, sqrt(2 m_e / E_gamma)), rad."""
    E = _energies(E_gamma_MeV, "E_gamma_MeV") * C.MEV
    theta: FloatArray = np.minimum(math.pi, np.sqrt(2 * C.M_E / E))
    return theta


def angle_cdf(theta_rad: ArrayLike, E_gamma_MeV: ArrayLike) -> FloatArray:
    """Fraction of the matter photons of energy E_gamma within theta of the direction away from
    the Sun: uniform in solid angle inside the cone of :func:`angular_scale_rad`,
    min(1, (1 - cos theta) / (1 - cos theta_e)) (an assumption, see the module docstring)."""
    t = np.asarray(theta_rad, dtype=float)
    if not np.all(np.isfinite(t)) or np.any(t < 0):
        raise ValueError(f"theta_rad must be finite angles >= 0 (rad); got {theta_rad!r}")
    te = angular_scale_rad(E_gamma_MeV)
    # 1 - cos x = 2 sin^2(x / 2), without cancellation at micro-radians
    cdf: FloatArray = np.minimum(1.0, np.sin(np.minimum(t, math.pi) / 2) ** 2 / np.sin(te / 2) ** 2)
    return cdf


def photon_histogram(pressure_Pa: float, energy_edges_MeV: ArrayLike, angle_edges_rad: ArrayLike,
                     params: Params | None = None, oscillations: bool = True, exact: bool = True,
                     temperature_K: float = TEMPERATURE_K, n_nodes: int = 64) -> FloatArray:
    """Matter photons per km^3 per year in bins of photon energy and angle to the direction away
    from the Sun, under the assumptions of the module docstring.

    A photon takes a uniform fraction of its neutrino's energy: of the photons of a neutrino of
    energy E, the fraction |[a, b] cap [0, E]| / E falls into the energy bin [a, b]. Within an
    energy bin the photons are spread by :func:`angle_cdf` at the bin's geometric centre.
    Summed over bins that cover all energies and angles, the histogram gives the
    ``photons_per_km3_per_year`` of :func:`matter_background`.

    Parameters
    ----------
    pressure_Pa : float
        Pressure of the H2 gas, Pa (> 0).
    energy_edges_MeV, angle_edges_rad : array_like
        Increasing bin edges: photon energies (MeV, >= 0) and angles (rad, in [0, pi]).
    params, oscillations, exact, temperature_K, n_nodes
        As in :func:`matter_background`.

    Returns
    -------
    ndarray, shape (energy bins, angle bins)
        Photons per km^3 per year in each bin.
    """
    e = binning.check_edges(energy_edges_MeV, "energy_edges_MeV", what="photon-energy bin edges (MeV)")
    t = binning.check_edges(angle_edges_rad, "angle_edges_rad", math.pi, "angle bin edges (rad)")
    p = params_or_default(params)
    n_e = electron_density_cm3(pressure_Pa, temperature_K)
    exposure = n_e * _KM3_CM3 * C.YEAR_S * RADIATIVE_FACTOR
    lo, hi = e[:-1], e[1:]
    per_energy = np.zeros(lo.size)
    for E, rate in _scatterings(p, oscillations, n_nodes, _elastic(exact)).values():
        share = np.clip(np.minimum(hi[None, :], E[:, None]) - lo[None, :], 0.0, None) / E[:, None]
        per_energy += rate @ share                  # scatterings per electron and s, by bin
    centre = np.where(lo > 0, np.sqrt(lo * hi), hi)
    cdf = angle_cdf(t[None, :], centre[:, None])                                      # (energy, edges)
    out: FloatArray = exposure * per_energy[:, None] * np.diff(cdf, axis=1)
    return out
