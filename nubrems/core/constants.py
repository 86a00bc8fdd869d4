"""Physical constants and unit conversions, in natural units (hbar = c = 1, energies in eV).

Every number the package uses comes from this module, and each has one named source:

* CODATA 2022 recommended values, through :mod:`scipy.constants` (scipy >= 1.15 ships
  CODATA 2022; :data:`CODATA_VERSION` records what the installed scipy provides):
  the fine-structure constant, the electron mass, hbar*c, hbar, the Fermi coupling
  constant G_F/(hbar c)^3 (CODATA adopts the PDG value).
* The Bohr magneton in natural units is *defined* as mu_B = e / (2 m_e) with
  e = sqrt(4 pi alpha) (Heaviside-Lorentz units), as in the physics contract.
* The year is the Julian year, 365.25 days (IAU).
* The Sun seen from the Earth: the astronomical unit (IAU 2012 Resolution B2, exact, through
  :data:`scipy.constants.au`) and the nominal solar radius (IAU 2015 Resolution B3).

Internal unit system
--------------------
Energies, masses and momenta are in eV; lengths and times in eV^-1; cross sections in
eV^-2; magnetic moments in eV^-1. Multiply a quantity in a conventional unit by the
constant of that unit's name to convert it to natural units, divide to convert back::

    length_natural = 3.0 * CM          # 3 cm in eV^-1
    sigma_cm2 = sigma_natural / CM2    # eV^-2 -> cm^2
"""

from __future__ import annotations

import math
from typing import overload

import numpy as np
from numpy.typing import ArrayLike
from scipy import constants as _sc

from nubrems.core._typing import FloatArray

__all__ = ["ALPHA", "CM", "CM2", "CM3", "C_CM_S", "CODATA_VERSION", "EV", "E_CHARGE", "GEV", "G_F", "HBARC_EV_CM",
           "HBAR_EV_S", "KEV", "KM", "KM3", "MEV", "MU_B", "M_E", "SECOND", "YEAR", "YEAR_S",
           "AU_M", "R_SUN_M", "SUN_ANGULAR_RADIUS_RAD", "sm_dirac_moment", "summary"]

#: The CODATA adjustment of scipy.constants (scipy >= 1.15, as pyproject.toml requires; the tests
#: check a value that changed from 2018 to 2022).
CODATA_VERSION = "2022"


def _codata(name: str) -> float:
    return float(_sc.physical_constants[name][0])


# --- energy units (eV is the unit) -------------------------------------------------------
EV = 1.0
KEV = 1.0e3
MEV = 1.0e6
GEV = 1.0e9

# --- CODATA constants ------------------------------------------------------------------
#: Fine-structure constant alpha (CODATA 2022), dimensionless.
ALPHA = float(_sc.fine_structure)
#: Elementary charge in natural Heaviside-Lorentz units, e = sqrt(4 pi alpha).
E_CHARGE = math.sqrt(4.0 * math.pi * ALPHA)
#: Electron mass (CODATA 2022) in eV.
M_E = _codata("electron mass energy equivalent in MeV") * MEV
#: Fermi coupling constant G_F/(hbar c)^3 (CODATA 2022, = PDG value) in eV^-2.
G_F = _codata("Fermi coupling constant") / GEV**2
#: Bohr magneton e/(2 m_e) in natural units, eV^-1.
MU_B = E_CHARGE / (2.0 * M_E)
#: hbar*c (exact since the 2019 SI) in eV cm.
HBARC_EV_CM = _codata("reduced Planck constant times c in MeV fm") * MEV * 1e-13
#: hbar (exact since the 2019 SI) in eV s.
HBAR_EV_S = _codata("reduced Planck constant in eV s")

# --- length, area, volume, time conversions -------------------------------------------
#: One centimetre in eV^-1.
CM = 1.0 / HBARC_EV_CM
#: One square centimetre in eV^-2 (use sigma / CM2 to get a cross section in cm^2).
CM2 = CM**2
#: One cubic centimetre in eV^-3.
CM3 = CM**3
#: One kilometre in eV^-1.
KM = 1.0e5 * CM
#: One cubic kilometre in eV^-3.
KM3 = KM**3
#: One second in eV^-1.
SECOND = 1.0 / HBAR_EV_S
#: The speed of light in cm/s (1 in natural units: one second over one centimetre).
C_CM_S = HBARC_EV_CM / HBAR_EV_S
#: Seconds in a Julian year (365.25 d).
YEAR_S = 365.25 * 86400.0
#: One Julian year in eV^-1.
YEAR = YEAR_S * SECOND

# --- the Sun seen from the Earth -----------------------------------------------------------
#: The astronomical unit in m (IAU 2012 Resolution B2: exactly 149 597 870 700 m).
AU_M = float(_sc.au)
#: The nominal solar radius in m (IAU 2015 Resolution B3; the photospheric radius).
R_SUN_M = 6.957e8
#: The angular radius of the solar disc at 1 AU, R_sun / 1 AU, in rad (4.65 mrad). The small-angle
#: form: the exact arcsin(R_sun / 1 AU) is larger by a relative 4e-6; over the year the Earth's
#: distance, and so every solar angle, varies by +-1.7 %.
SUN_ANGULAR_RADIUS_RAD = R_SUN_M / AU_M


@overload
def sm_dirac_moment(m_nu_eV: float) -> float: ...
@overload
def sm_dirac_moment(m_nu_eV: ArrayLike) -> float | FloatArray: ...
def sm_dirac_moment(m_nu_eV: ArrayLike) -> float | FloatArray:
    """Standard-Model magnetic moment of a Dirac neutrino of mass ``m_nu_eV``.

    mu_nu = 3 e G_F m_nu / (8 sqrt(2) pi^2)  (Fujikawa & Shrock 1980), which in Bohr
    magnetons is 3 G_F m_e m_nu / (4 sqrt(2) pi^2) ~ 3.2e-19 (m_nu / eV) mu_B.

    Parameters
    ----------
    m_nu_eV : float or array_like
        Neutrino mass in eV; must be positive.

    Returns
    -------
    float or ndarray
        The moment in natural units, eV^-1. Divide by :data:`MU_B` for Bohr magnetons.
    """
    m = np.asarray(m_nu_eV, dtype=float)
    if np.any(~np.isfinite(m)) or np.any(m <= 0):
        raise ValueError(f"m_nu_eV must be a positive, finite mass in eV; got {m_nu_eV!r}")
    mu = 3.0 * E_CHARGE * G_F * m / (8.0 * math.sqrt(2.0) * math.pi**2)
    return float(mu) if mu.ndim == 0 else mu


def summary() -> dict[str, str | float]:
    """The constants as a plain dict (name -> value in the stated unit), for the CLI and book."""
    return {
        "CODATA": CODATA_VERSION,
        "alpha": ALPHA,
        "1/alpha": 1.0 / ALPHA,
        "G_F [GeV^-2]": G_F * GEV**2,
        "m_e [MeV]": M_E / MEV,
        "mu_B [eV^-1]": MU_B,
        "hbar c [eV cm]": HBARC_EV_CM,
        "hbar [eV s]": HBAR_EV_S,
        "1 cm [eV^-1]": CM,
        "1 s [eV^-1]": SECOND,
        "1 yr [s]": YEAR_S,
        "SM Dirac moment [mu_B per eV of mass]": sm_dirac_moment(1.0) / MU_B,
    }
