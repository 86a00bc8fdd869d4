"""Order-of-magnitude estimates of the cross section and of the photon count (chapter 06).

The dimensional estimate of the paper's appendix multiplies a Fermi cross section by
mu_nu^2 m_nu^2. It has two readings, which differ for a relic at rest:

    reading A:  sigma_A = G_F^2 s mu_nu^2 m_nu^2,   s = 2 m_nu (E + m_nu)   (grows like E),
    reading B:  sigma_B = G_F^2 E^2 mu_nu^2 m_nu^2                          (grows like E^2),

and a source of flux Phi on the relics of total density xi (n_nu + n_nubar) gives
N = xi V T (n_nu + n_nubar) Phi sigma photons (:func:`estimate_photons`).

The closed form of the leading part (:func:`nubrems.rates.cross_sections.sigma_leading`) tends
for m_nu << E to sigma_L,a = G_F^2 mu^2 s^2 / (32 pi^3) (nu nu) and sigma_L,b =
3 G_F^2 mu^2 s^2 / (128 pi^3) (nu nubar), with s^2 = 4 m_nu^2 E^2. Any beam then gives

    N = xi V T (4 G_F^2 mu_nu^2 m_nu^2 / pi^3) (n_nu / 32 + 3 n_nubar / 128) sum Phi <E^2>

(:func:`recipe_photons`), up to relative corrections of order m_nu / E and m_nu^2 / s, as long
as s << M_Z^2 and the relics are at rest. It fixes the ratios of the readings to the closed
form: N_B / N_L = 64 pi^3 / 7 for equal densities (:func:`B_over_leading`), and N_L / N_A =
7 <E^2> / (128 pi^3 m_nu <E>) (:func:`leading_over_A`). For an antineutrino beam the rate is
that of a neutrino beam on the relic densities exchanged (CP).

Energies are in MeV, masses in eV, fluxes in cm^-2 s^-1, densities in cm^-3, cross sections in
cm^2; photon counts are for the volume and exposure of the parameters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.core.params import Params
from nubrems.core.validate import finite_array, positive, real
from nubrems.kinematics import vectors as K
from nubrems.rates.one_flavour import leading_target_sigma
from nubrems.sun import spectra as solar

__all__ = ["FluxMoments", "flux_moments", "sigma_estimate_A_cm2", "sigma_estimate_B_cm2", "estimate_photons",
           "recipe_coefficient_cm2_MeV2", "recipe_density_cm3", "recipe_photons", "recipe_flux_cm2_s",
           "monochromatic_photons", "leading_over_A", "B_over_leading", "distinct_states_factor",
           "cnb_flux_cm2_s"]


# --- the source: fluxes and energy moments ----------------------------------------------
@dataclass(frozen=True)
class FluxMoments:
    """Fluxes and energy moments of the solar components, and their flux-weighted means.

    The arrays hold one value per component, in the order of ``components``.
    """

    components: tuple[str, ...]
    flux_cm2_s: FloatArray          #: Phi_c [cm^-2 s^-1]
    E_MeV: FloatArray               #: <E>_c [MeV]
    E2_MeV2: FloatArray             #: <E^2>_c [MeV^2]

    @property
    def total_flux_cm2_s(self) -> float:
        """Phi = sum_c Phi_c [cm^-2 s^-1]."""
        return float(np.sum(self.flux_cm2_s))

    @property
    def mean_E_MeV(self) -> float:
        """<E>_Phi = sum_c Phi_c <E>_c / Phi [MeV]."""
        return float(np.sum(self.flux_cm2_s * self.E_MeV)) / self.total_flux_cm2_s

    @property
    def mean_E2_MeV2(self) -> float:
        """<E^2>_Phi = sum_c Phi_c <E^2>_c / Phi [MeV^2]."""
        return float(np.sum(self.flux_cm2_s * self.E2_MeV2)) / self.total_flux_cm2_s


def flux_moments(model: str = "B16-GS98", spectra: str = "thermal",
                 components: Iterable[str] | None = None) -> FluxMoments:
    """The fluxes and first two energy moments of the solar components.

    Parameters
    ----------
    model : str
        The solar model of the fluxes (:data:`nubrems.sun.spectra.MODELS`).
    spectra : str
        The pp and hep spectra, ``"thermal"`` or ``"laboratory"``
        (:func:`nubrems.sun.spectra.energy_moment`).
    components : iterable of str, optional
        The components (default: all, :data:`nubrems.sun.spectra.COMPONENTS`).

    Returns
    -------
    FluxMoments
        Phi_c [cm^-2 s^-1], <E>_c [MeV] and <E^2>_c [MeV^2] per component, and the
        flux-weighted means.

    Raises
    ------
    ValueError
        For an unknown model, spectra or component (from :mod:`nubrems.sun.spectra`).
    """
    comps = tuple(solar.COMPONENTS if components is None else components)
    if not comps:
        raise ValueError("components must name at least one solar component; got none")
    return FluxMoments(
        components=comps,
        flux_cm2_s=np.array([solar.total_flux(c, model) for c in comps]),
        E_MeV=np.array([solar.energy_moment(c, 1, spectra=spectra) for c in comps]),
        E2_MeV2=np.array([solar.energy_moment(c, 2, spectra=spectra) for c in comps]),
    )


# --- the two readings of the dimensional estimate ---------------------------------------
def _params(params: Params | None) -> Params:
    if params is not None and not isinstance(params, Params):
        raise ValueError(f"params must be a nubrems Params or None; got {params!r}")
    return params or Params()


def sigma_estimate_A_cm2(energy_MeV: ArrayLike, params: Params | None = None) -> FloatArray:
    """Reading A of the estimate, sigma_A = G_F^2 s mu_nu^2 m_nu^2 [cm^2].

    Parameters
    ----------
    energy_MeV : float or array_like
        Total beam energy E [MeV], above m_nu; s = 2 m_nu (E + m_nu) for a relic at rest.
    params : Params, optional
        The mass m_nu and the moment mu_nu (default: :class:`nubrems.core.params.Params`).

    Returns
    -------
    ndarray
        sigma_A in cm^2, of the shape of ``energy_MeV``.

    Raises
    ------
    ValueError
        For energies that are not finite or not above m_nu.
    """
    p = _params(params)
    E = finite_array("energy_MeV", energy_MeV, f"finite energies above m_nu = {p.m_nu_eV} eV (in MeV)")
    if np.any(E * C.MEV <= p.m_nu):
        raise ValueError(f"energy_MeV must be finite energies above m_nu = {p.m_nu_eV} eV (in MeV); "
                         f"got {energy_MeV!r}")
    s = K.s_lab(E * C.MEV, p.m_nu)
    return C.G_F**2 * s * p.mu_nu**2 * p.m_nu**2 / C.CM2


def sigma_estimate_B_cm2(E2_MeV2: ArrayLike, params: Params | None = None) -> FloatArray:
    """Reading B of the estimate, sigma_B = G_F^2 <E^2> mu_nu^2 m_nu^2 [cm^2].

    Parameters
    ----------
    E2_MeV2 : float or array_like
        The squared beam energy, or the second moment <E^2> of a spectrum [MeV^2], >= 0.
    params : Params, optional
        The mass m_nu and the moment mu_nu (default: :class:`nubrems.core.params.Params`).

    Returns
    -------
    ndarray
        sigma_B in cm^2, of the shape of ``E2_MeV2``.

    Raises
    ------
    ValueError
        For moments that are not finite or negative.
    """
    p = _params(params)
    E2 = finite_array("E2_MeV2", E2_MeV2, "finite second moments >= 0 (MeV^2)", minimum=0.0)
    return C.G_F**2 * E2 * C.MEV**2 * p.mu_nu**2 * p.m_nu**2 / C.CM2


def estimate_photons(flux_cm2_s: ArrayLike, sigma_cm2: ArrayLike, params: Params | None = None) -> FloatArray:
    """Photons of a source on all relics with one cross section: xi (n_nu + n_nubar) Phi sigma V T.

    Parameters
    ----------
    flux_cm2_s : float or array_like
        The flux Phi of the source [cm^-2 s^-1], >= 0.
    sigma_cm2 : float or array_like
        The cross section [cm^2], >= 0, the same on relic neutrinos and antineutrinos (e.g.
        :func:`sigma_estimate_A_cm2`); broadcast against ``flux_cm2_s``.
    params : Params, optional
        Relic densities, overdensity, volume and exposure.

    Returns
    -------
    ndarray
        Photons in the volume and exposure of ``params`` (dimensionless).

    Raises
    ------
    ValueError
        For fluxes or cross sections that are not finite or negative.
    """
    p = _params(params)
    flux = finite_array("flux_cm2_s", flux_cm2_s, "finite fluxes >= 0 (cm^-2 s^-1)", minimum=0.0)
    sigma = finite_array("sigma_cm2", sigma_cm2, "finite cross sections >= 0 (cm^2)", minimum=0.0)
    n_total = p.xi * (p.n_nu_cm3 + p.n_nubar_cm3)
    return n_total * flux * sigma * p.exposure_cm3_s


# --- the massless-limit recipe ----------------------------------------------------------
def recipe_coefficient_cm2_MeV2(params: Params | None = None) -> float:
    """4 G_F^2 mu_nu^2 m_nu^2 / pi^3 of the massless-limit recipe [cm^2 MeV^-2].

    sigma_L,a -> (1/32) and sigma_L,b -> (3/128) times this coefficient times E^2 [MeV^2].
    """
    p = _params(params)
    return 4 * p.m_nu**2 * C.G_F**2 * p.mu_nu**2 / math.pi**3 * C.MEV**2 / C.CM2


def recipe_density_cm3(params: Params | None = None) -> float:
    """The density weight xi (n_nu / 32 + 3 n_nubar / 128) of the recipe [cm^-3]."""
    p = _params(params)
    return p.xi * (p.n_nu_cm3 / 32 + 3 * p.n_nubar_cm3 / 128)


def recipe_photons(flux_E2_MeV2: ArrayLike, params: Params | None = None) -> FloatArray:
    """Photons of a neutrino beam on relics at rest in the massless limit m_nu << E.

    N = xi V T (4 G_F^2 mu_nu^2 m_nu^2 / pi^3) (n_nu / 32 + 3 n_nubar / 128) sum Phi <E^2>.

    Parameters
    ----------
    flux_E2_MeV2 : float or array_like
        sum Phi <E^2> of the source [cm^-2 s^-1 MeV^2], >= 0 (Phi E^2 for a monochromatic
        beam of energy E).
    params : Params, optional
        Mass, moment, relic densities, overdensity, volume and exposure. For an antineutrino
        beam, pass them with the two relic densities exchanged.

    Returns
    -------
    ndarray
        Photons in the volume and exposure of ``params`` (dimensionless).

    Raises
    ------
    ValueError
        For values that are not finite or negative.
    """
    p = _params(params)
    flux_E2 = finite_array("flux_E2_MeV2", flux_E2_MeV2, "finite values >= 0 (cm^-2 s^-1 MeV^2)", minimum=0.0)
    return recipe_coefficient_cm2_MeV2(p) * recipe_density_cm3(p) * flux_E2 * p.exposure_cm3_s


def recipe_flux_cm2_s(energy_MeV: ArrayLike, params: Params | None = None, photons: float = 1.0) -> FloatArray:
    """The flux a monochromatic neutrino beam needs for ``photons`` photons, by the recipe.

    Parameters
    ----------
    energy_MeV : float or array_like
        Beam energy E [MeV], > 0.
    params : Params, optional
        As for :func:`recipe_photons`.
    photons : float
        The number of photons in the volume and exposure of ``params``, > 0.

    Returns
    -------
    ndarray
        The flux [cm^-2 s^-1], photons / (recipe_photons per unit of Phi E^2) / E^2.

    Raises
    ------
    ValueError
        For energies that are not finite and positive, or a count that is not positive.
    """
    p = _params(params)
    E = finite_array("energy_MeV", energy_MeV, "finite energies > 0 (MeV)")
    if np.any(E <= 0):
        raise ValueError(f"energy_MeV must be finite energies > 0 (MeV); got {energy_MeV!r}")
    n = positive("photons", photons)
    return n / (recipe_photons(1.0, p) * E**2)


def monochromatic_photons(energy_MeV: float, flux_cm2_s: float, params: Params | None = None) -> float:
    """Photons of a monochromatic neutrino beam from the closed-form leading cross sections.

    xi V T Phi [n_nu sigma_L,a(E) + n_nubar sigma_L,b(E)], with the full mass dependence of
    :func:`nubrems.rates.one_flavour.leading_target_sigma` (zero below E = 2 m_nu).

    Parameters
    ----------
    energy_MeV : float
        Beam energy E [MeV], > 0.
    flux_cm2_s : float
        Beam flux Phi [cm^-2 s^-1], >= 0.
    params : Params, optional
        As for :func:`recipe_photons`.

    Returns
    -------
    float
        Photons in the volume and exposure of ``params``.

    Raises
    ------
    ValueError
        For an energy that is not positive or a flux that is negative or not finite.
    """
    p = _params(params)
    E = positive("energy_MeV", energy_MeV, "MeV")
    flux = real("flux_cm2_s", flux_cm2_s, "a finite flux >= 0 (cm^-2 s^-1)", minimum=0.0)
    return p.xi * leading_target_sigma(p, E) * flux * p.exposure_cm3_s


# --- the readings against the closed form ------------------------------------------------
def leading_over_A(E_mean_MeV: float, E2_mean_MeV2: float, params: Params | None = None) -> float:
    """N_L / N_A in the massless limit, for a source with moments <E> and <E^2>.

    (n_nu / 32 + 3 n_nubar / 128) / (n_nu + n_nubar) (4 / pi^3) <E^2> / (2 m_nu <E> (1 + m_nu / <E>)),
    which is 7 <E^2> / (128 pi^3 m_nu <E>) for equal densities and m_nu << <E>.

    Parameters
    ----------
    E_mean_MeV : float
        <E> of the source [MeV], > 0 (E for a monochromatic beam).
    E2_mean_MeV2 : float
        <E^2> of the source [MeV^2], > 0 (E^2 for a monochromatic beam).
    params : Params, optional
        The mass and the relic densities (mu_nu, xi, V and T cancel).

    Returns
    -------
    float
        The ratio (dimensionless).

    Raises
    ------
    ValueError
        For moments that are not positive.
    """
    p = _params(params)
    E_mean = positive("E_mean_MeV", E_mean_MeV, "MeV")
    E2_mean = positive("E2_mean_MeV2", E2_mean_MeV2, "MeV^2")
    m = p.m_nu
    return ((p.n_nu_cm3 / 32 + 3 * p.n_nubar_cm3 / 128) / (p.n_nu_cm3 + p.n_nubar_cm3) * 4 / math.pi**3
            * E2_mean / (2 * (m / C.MEV) * E_mean) / (1 + m / (E_mean * C.MEV)))


def B_over_leading(params: Params | None = None) -> float:
    """N_B / N_L in the massless limit: (n_nu + n_nubar) / (n_nu / 32 + 3 n_nubar / 128) pi^3 / 4.

    A pure number for any source, mass and moment: 64 pi^3 / 7 for equal densities
    (:class:`nubrems.core.params.Params` has at least one relic density > 0).
    """
    p = _params(params)
    return (p.n_nu_cm3 + p.n_nubar_cm3) / (p.n_nu_cm3 / 32 + 3 * p.n_nubar_cm3 / 128) * math.pi**3 / 4


# --- relics on relics ----------------------------------------------------------------
def distinct_states_factor(params: Params | None = None) -> float:
    """The recipe for distinct mass states over the one-flavour recipe (dimensionless).

    Between distinct mass states the neutral current has one contraction and no symmetry
    factor: the leading cross section is 1/2 of the one-flavour one on a relic neutrino and
    1/4 on a relic antineutrino, so the factor is
    (n_nu / 64 + 3 n_nubar / 512) / (n_nu / 32 + 3 n_nubar / 128), between 1/4 and 1/2.
    """
    p = _params(params)
    return (p.n_nu_cm3 / 64 + 3 * p.n_nubar_cm3 / 512) / (p.n_nu_cm3 / 32 + 3 * p.n_nubar_cm3 / 128)


def cnb_flux_cm2_s(params: Params | None = None) -> float:
    """The flux n_nu c of relic neutrinos of one species moving at the speed of light [cm^-2 s^-1].

    The beam of CNB self-scattering: a (nearly) massless relic state with the density
    ``n_nu_cm3`` of one species (no overdensity), taken to move at c.
    """
    p = _params(params)
    return p.n_nu_cm3 * C.C_CM_S
