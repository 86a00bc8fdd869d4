"""Radiative decays nu_i -> nu_j gamma through transition moments: backgrounds of the signal.

A transition moment that makes bremsstrahlung also lets a heavier mass state decay. With the
moment matrix of :mod:`nubrems.flavour.moments` (vertex mu_ij sigma^{rho nu} k_rho eps*_nu for
nu_j -> nu_i gamma, the same for Dirac and Majorana neutrinos in this package's
normalisation) the width of nu_i -> nu_j gamma, m_i > m_j, summed over final spins and photon
polarisations and averaged over the initial spin, is

    Gamma_ij = |mu_ij|^2 (m_i^2 - m_j^2)^3 / (8 pi m_i^3)

(Giunti & Studenikin 2015, Rev. Mod. Phys. 87, 531, with the electric transition moments set
to zero; :func:`decay_width_eV`, tested against explicit spinors).

* **Relics** (at rest) give an isotropic line at E = (m_i^2 - m_j^2) / (2 m_i), a few
  hundredths of an eV: rate per volume n_i Gamma_ij.
* **Solar neutrinos in flight**: a solar nu_i of energy E decays at the dilated rate
  Gamma_ij m_i / E; their density in the volume is phi / c, so the photons per volume and
  time are sum_c int dE phi_c(E) P_i^c(E) Gamma_ij m_i / E. The photons share the energy and
  the direction of the solar neutrino (within an angle ~ m_i / E): the kinematics of the
  bremsstrahlung signal.
"""

from __future__ import annotations

import math
from typing import Any, TypedDict

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.core.params import Params, params_or_default
from nubrems.rates.three_flavour import FlavourSetup, solar_mass_states
from nubrems.sun import spectra as solar

__all__ = ["DecayRates", "decay_width_eV", "decay_widths_eV", "line_energy_eV", "relic_decays",
           "solar_decays_in_flight"]


class DecayRates(TypedDict):
    """Photons of one decay nu_i -> nu_j gamma in the volume and exposure of the parameters."""

    decay: str                         #: e.g. "ν3 → ν1 γ"
    width_eV: float
    lifetime_s: float                  #: at rest, 1 / width
    photons: float
    line_energy_eV: float              #: relic decays at rest (solar decays: up to the solar energy)


def decay_width_eV(m_parent_eV: float, m_daughter_eV: float, mu_eV: complex) -> float:
    """Gamma(nu_i -> nu_j gamma) in eV; 0 unless m_parent > m_daughter.

    Parameters
    ----------
    m_parent_eV, m_daughter_eV : float
        Masses of the decaying and of the final neutrino, eV (>= 0).
    mu_eV : complex
        The transition moment mu_ij in eV^-1 (Bohr magnetons times
        :data:`nubrems.core.constants.MU_B`).
    """
    mi, mj = float(m_parent_eV), float(m_daughter_eV)
    if not (math.isfinite(mi) and math.isfinite(mj)) or mi < 0 or mj < 0:
        raise ValueError(f"masses must be finite and >= 0 eV; got {m_parent_eV!r}, {m_daughter_eV!r}")
    if mi <= mj:
        return 0.0
    delta = (mi - mj) * (mi + mj)                 # m_i^2 - m_j^2 without cancellation
    return float(abs(complex(mu_eV)) ** 2 * delta**3 / (8.0 * math.pi * mi**3))


def decay_widths_eV(masses_eV: ArrayLike, moments_eV: ArrayLike) -> FloatArray:
    """Gamma[i, j] of nu_{i+1} -> nu_{j+1} gamma in eV for three masses and a moment matrix (eV^-1)."""
    m = np.asarray(masses_eV, dtype=float)
    mu = np.asarray(moments_eV, dtype=complex)
    if m.shape != (3,) or mu.shape != (3, 3):
        raise ValueError("need three masses and a 3 x 3 moment matrix")
    return np.array([[decay_width_eV(m[i], m[j], mu[j, i]) if i != j else 0.0 for j in range(3)]
                     for i in range(3)])


def line_energy_eV(m_parent_eV: float, m_daughter_eV: float) -> float:
    """Photon energy of a decay at rest, (m_i^2 - m_j^2) / (2 m_i), eV."""
    mi, mj = float(m_parent_eV), float(m_daughter_eV)
    return (mi - mj) * (mi + mj) / (2.0 * mi) if mi > mj else 0.0


def _label(i: int, j: int) -> str:
    return f"ν{i + 1} → ν{j + 1} γ"


def _states(params: Params, masses_eV: ArrayLike | None, moments_eV: ArrayLike | None) -> tuple[Any, Any]:
    """The masses (eV) and the moment matrix (eV^-1) given, or those of the three-flavour settings of ``params``."""
    if masses_eV is not None and moments_eV is not None:
        return masses_eV, moments_eV
    setup = FlavourSetup.of(params)
    masses = setup.masses_eV() if masses_eV is None else masses_eV
    return masses, (np.asarray(setup.moment_matrix_muB(params)) * C.MU_B if moments_eV is None else moments_eV)


def relic_decays(params: Params | None = None, masses_eV: ArrayLike | None = None,
                 moments_eV: ArrayLike | None = None) -> list[DecayRates]:
    """Decays of the relic neutrinos (at rest) in the volume and exposure of ``params``.

    Every mass state holds n_nu + n_nubar relics (Dirac neutrinos and antineutrinos decay
    alike; a Majorana state has that many of both helicities), times the overdensity xi.
    ``masses_eV`` (three, eV) and ``moments_eV`` (3 x 3, eV^-1) default to those of the
    three-flavour settings of ``params``
    (:meth:`nubrems.rates.three_flavour.FlavourSetup.of`).
    """
    params = params_or_default(params)
    masses_eV, moments_eV = _states(params, masses_eV, moments_eV)
    widths = decay_widths_eV(masses_eV, moments_eV)
    m = np.asarray(masses_eV, dtype=float)
    n_cm3 = params.relic_density_cm3("nunu") + params.relic_density_cm3("nunubar")
    exposure = params.exposure_cm3_s
    out: list[DecayRates] = []
    for i in range(3):
        for j in range(3):
            if widths[i, j] > 0:
                per_s = widths[i, j] / C.HBAR_EV_S             # decays per relic and second
                out.append({"decay": _label(i, j), "width_eV": float(widths[i, j]),
                            "lifetime_s": float(1.0 / per_s), "photons": float(n_cm3 * per_s * exposure),
                            "line_energy_eV": line_energy_eV(m[i], m[j])})
    return out


def solar_decays_in_flight(params: Params | None = None, masses_eV: ArrayLike | None = None,
                           moments_eV: ArrayLike | None = None, ordering: str | None = None,
                           components: Any = None, n_nodes: int = 64) -> list[DecayRates]:
    """Decays of solar neutrinos inside the volume, for the exposure of ``params``.

    sum_c int dE phi_c(E) P_i^c(E) Gamma_ij m_i / E, by the solar quadrature of
    :func:`nubrems.sun.spectra.quadrature` (lines exactly; the solar model and the pp and hep
    spectra of ``params``) and the MSW fractions of
    :func:`nubrems.rates.three_flavour.solar_mass_states` for the mass ordering of ``params``.
    ``masses_eV`` and ``moments_eV`` default to those of its three-flavour settings, as in
    :func:`relic_decays`. ``ordering`` (kept for compatibility) replaces that of a one-flavour
    ``params``; for a three-flavour one it may only repeat ``params.ordering``.
    ``line_energy_eV`` is 0: these photons carry up to the solar neutrino's energy.
    """
    params = params_or_default(params)
    if ordering is not None and ordering != params.ordering:
        if params.flavours == 3:
            raise ValueError(f"ordering = {ordering!r} disagrees with params.ordering = {params.ordering!r}; "
                             "set the ordering in params only")
        params = params.replace(ordering=ordering)           # validated: a one-line error naming it
    masses_eV, moments_eV = _states(params, masses_eV, moments_eV)
    widths = decay_widths_eV(masses_eV, moments_eV)
    m = np.asarray(masses_eV, dtype=float)
    comps = list(solar.COMPONENTS if components is None else components)
    # sum_c int dE phi_c P_i / E, per state i, in cm^-2 s^-1 eV^-1
    flux_over_E = np.zeros(3)
    for comp in comps:
        E_MeV, w = solar.quadrature(comp, params.solar_model, n_nodes, spectra=params.spectra)
        P = solar_mass_states(comp, E_MeV, params.ordering)
        flux_over_E += np.sum(w[:, None] * P / (np.asarray(E_MeV)[:, None] * C.MEV), axis=0)
    exposure = params.exposure_cm3_s
    out: list[DecayRates] = []
    for i in range(3):
        for j in range(3):
            if widths[i, j] > 0:
                per_s = widths[i, j] / C.HBAR_EV_S
                # flux / c is the density: photons = (phi / c) (Gamma m / E) V T, with c in cm/s
                out.append({"decay": _label(i, j), "width_eV": float(widths[i, j]),
                            "lifetime_s": float(1.0 / per_s),
                            "photons": float(flux_over_E[i] * m[i] * per_s / C.C_CM_S * exposure),
                            "line_energy_eV": 0.0})
    return out
