"""The solar interior where neutrinos are made: electron density and production profiles.

Both are compact parameterisations, fitted by us to the B16-GS98 standard solar model
(Vinyoles et al. 2017, ApJ 835, 202; its published table of the electron density and of the
fraction of each neutrino flux produced per unit radius). Only the few numbers below are
used; the model table itself is not part of the package.

* Electron density, 0 <= r <= 0.5 R_sun:
  n_e(r) = n_0 N_A exp(-a r^2 / (1 + b r)) cm^-3 with n_0 = 100.6, a = 60.49, b = 4.764
  (r in solar radii). It reproduces the model at r = 0, 0.05, 0.10, 0.12, 0.14, 0.15, 0.16,
  0.20 and 0.50 R_sun to 0.6 %. (The often-quoted 245 N_A exp(-10.54 r) is a fit for
  0.1-0.9 R_sun and is 2.4 times too high at the centre, where solar neutrinos are made.)
* Production of component c: a three-dimensional Gaussian emissivity, so that the
  fraction produced per unit radius is dP/dr proportional to r^2 exp(-r^2 / a_c^2),
  with a_c the radius where the model's dP/dr peaks. The peak heights then agree with the
  model's to 1-8 %. 13N is made in two places (CN-cycle equilibrium in the core and the
  burning of primordial 12C further out): a core Gaussian with 69 % of the flux plus a
  Gaussian shell at 0.163 R_sun of width 0.017 R_sun (from the model's peak positions and
  heights; the model's shell rises more steeply on its inner side than a Gaussian).

* Temperature, 0 <= r <= 0.5 R_sun (for the thermal energy of fusing nuclei,
  :mod:`nubrems.sun.thermal`): T(r) = T_0 (1 + a r^2)^(-b) exp(-c r^2) with T_0 = 1.5589e7 K,
  a = 36.81, b = 0.5471, c = 0.3638, fitted to the model's structure table
  (``struct_b16_gs98.dat`` of the same release) at r = 0.0005, every 0.025 from 0.025 to
  0.30, and 0.35, 0.40, 0.44, 0.47, 0.50 R_sun. It reproduces those 18 values, and 16 others
  between them, to 0.11 % (the table gives T to four significant digits: 15.60e6 K at the
  centre, 13.08e6 K at 0.1, 9.367e6 K at 0.2, 6.776e6 K at 0.3 R_sun). An older standard
  model, BS2005-OP (Bahcall, Serenelli & Basu 2005, ApJ 621, L85), is 0.5 % hotter at the
  centre and agrees to 0.3 % from 0.1 to 0.3 R_sun.

All production lies inside 0.5 R_sun (the widest profile, hep's, puts 3e-7 of its flux
outside), which is the range where the functions are defined and normalised.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from numpy.typing import ArrayLike
from scipy.constants import Avogadro
from scipy.special import erf

from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.sun.components import check_component

__all__ = ["N13_SHELL", "NE_FIT", "PEAK_RADIUS", "R_MAX", "electron_density_cm3", "production_density",
           "production_nodes", "T_FIT", "temperature_K"]

#: Outer edge (solar radii) of the region the parameterisations describe.
R_MAX = 0.5

#: (n_0, a, b) of the electron-density fit, n_e = n_0 N_A exp(-a r^2 / (1 + b r)) cm^-3.
NE_FIT = (100.6, 60.49, 4.764)

#: (T_0 in K, a, b, c) of the temperature fit, T = T_0 (1 + a r^2)^(-b) exp(-c r^2) (r in R_sun).
T_FIT = (1.5589e7, 36.81, 0.5471, 0.3638)

#: Radius (solar radii) where each component's production per unit radius peaks (B16-GS98).
PEAK_RADIUS = {"pp": 0.100, "pep": 0.087, "hep": 0.123, "7Be": 0.060, "8B": 0.045,
               "13N": 0.046, "15O": 0.046, "17F": 0.045}

#: 13N's outer shell: (fraction of the flux, centre, width), solar radii.
N13_SHELL = (0.31, 0.163, 0.017)


def _radii(r: ArrayLike) -> FloatArray:
    x = np.asarray(r, dtype=float)
    if not np.all(np.isfinite(x)) or np.any(x < 0) or np.any(x > R_MAX):
        raise ValueError(f"r must lie in [0, {R_MAX}] solar radii (the fitted region)")
    return x


def electron_density_cm3(r: ArrayLike) -> FloatArray:
    """Electron number density at radius ``r`` (solar radii, 0 to 0.5), in cm^-3."""
    x = _radii(r)
    n0, a, b = NE_FIT
    n_e: FloatArray = n0 * Avogadro * np.exp(-a * x**2 / (1.0 + b * x))
    return n_e


def temperature_K(r: ArrayLike) -> FloatArray:
    """Temperature at radius ``r`` (solar radii, 0 to 0.5), in K (B16-GS98, to 0.11 %)."""
    x = _radii(r)
    T0, a, b, c = T_FIT
    T: FloatArray = T0 * (1.0 + a * x**2) ** (-b) * np.exp(-c * x**2)
    return T


def _gaussian_core(x: FloatArray, a: float) -> FloatArray:
    """r^2 exp(-r^2/a^2), normalised over [0, R_MAX] (not over [0, inf): hep's tail is 3e-7)."""
    z = R_MAX / a
    norm = 0.25 * a**3 * (math.sqrt(math.pi) * erf(z) - 2.0 * z * math.exp(-z * z))
    density: FloatArray = x**2 * np.exp(-(x / a) ** 2) / norm
    return density


def production_density(component: str, r: ArrayLike) -> FloatArray:
    """Fraction of ``component``'s neutrinos produced per unit radius, dP/dr (r in solar radii).

    Normalised to 1 over [0, 0.5] R_sun.
    """
    check_component(component)
    x = _radii(r)
    core = _gaussian_core(x, PEAK_RADIUS[component])
    if component != "13N":
        return core
    w, centre, width = N13_SHELL
    # the shell's normalisation over [0, R_MAX] (its Gaussian tail below r = 0 is 1e-21)
    shell = np.exp(-0.5 * ((x - centre) / width) ** 2) / (width * math.sqrt(2 * math.pi))
    return (1.0 - w) * core + w * shell


@cache
def _nodes(component: str, n: int) -> tuple[FloatArray, FloatArray]:
    t, wt = np.polynomial.legendre.leggauss(n)
    r = 0.5 * R_MAX * (t + 1.0)
    w = 0.5 * R_MAX * wt * production_density(component, r)
    return r, w / w.sum()


def production_nodes(component: str, n: int = 96) -> tuple[FloatArray, FloatArray]:
    """Radii and weights (summing to 1) that average a function over the production region.

    Gauss-Legendre on [0, 0.5] R_sun weighted with :func:`production_density`; 96 nodes give
    averages of smooth functions of the density to better than 1e-8.

    Returns
    -------
    r : ndarray, shape (n,)
        Radii in solar radii.
    w : ndarray, shape (n,)
        Weights, summing to 1.
    """
    check_component(component)
    validate.integer("n", n, 8)
    r, w = _nodes(component, n)
    return r.copy(), w.copy()

