"""The cosmic neutrino background today: temperature, number density and momenta.

Relic neutrinos decoupled while relativistic and kept their relativistic Fermi-Dirac momentum
distribution, redshifted: per helicity state of one mass state,

    dn/dp = p^2 / (2 pi^2) / (exp(p / T_nu) + 1),   n = 3 zeta(3) T_nu^3 / (4 pi^2),

with T_nu = (4/11)^(1/3) T_CMB = 1.945 K (1.676e-4 eV) for T_CMB = 2.7255 K (Fixsen 2009).
That is n = 56 cm^-3. The distribution is in momentum, so it holds for any mass: a state with
m >> T_nu is slow (mean speed 3.15 T_nu / m, 5e-3 c at 0.1 eV), a state with m << T_nu is
relativistic. The package's default treats relics as at rest; :func:`sample_momenta` gives the
momenta for the moving case.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np
from numpy.typing import ArrayLike
from scipy import constants as sc
from scipy.integrate import cumulative_simpson, quad
from scipy.special import zeta

from nubrems.core import constants as C
from nubrems.core._typing import FloatArray

__all__ = ["T_CMB_K", "T_NU_K", "mean_momentum_eV", "momentum_density", "number_density_cm3",
           "sample_momenta", "temperature_eV"]

#: CMB temperature today, K (Fixsen 2009, ApJ 707, 916).
T_CMB_K = 2.7255
#: Relic neutrino temperature today, K: (4/11)^(1/3) T_CMB.
T_NU_K = (4.0 / 11.0) ** (1.0 / 3.0) * T_CMB_K


def temperature_eV(T_K: float = T_NU_K) -> float:
    """k_B T in eV."""
    if not (math.isfinite(T_K) and T_K > 0):
        raise ValueError(f"T_K must be a finite temperature > 0 K; got {T_K!r}")
    return float(sc.k * T_K / sc.e)


def momentum_density(p_eV: ArrayLike, T_K: float = T_NU_K) -> FloatArray:
    """dn/dp per helicity state, in eV^2 (natural units: n in eV^3 = integral over p in eV)."""
    T = temperature_eV(T_K)
    p = np.asarray(p_eV, dtype=float)
    return p**2 / (2.0 * math.pi**2) / (np.exp(p / T) + 1.0)


def number_density_cm3(T_K: float = T_NU_K, *, numerical: bool = False) -> float:
    """Number density per helicity state of one mass state, cm^-3.

    ``numerical=True`` integrates :func:`momentum_density` instead of using the closed form
    3 zeta(3) T^3 / (4 pi^2) (the two agree to 1e-10; a test checks it).
    """
    T = temperature_eV(T_K)
    if numerical:
        n_eV3 = quad(lambda p: float(momentum_density(p, T_K)), 0.0, 60.0 * T, epsabs=0.0, epsrel=1e-12)[0]
    else:
        n_eV3 = 3.0 * zeta(3) * T**3 / (4.0 * math.pi**2)
    return float(n_eV3 * C.CM**3)


def mean_momentum_eV(T_K: float = T_NU_K) -> float:
    """<p> = 7 pi^4 T / (180 zeta(3)) = 3.151 T, eV."""
    return 7.0 * math.pi**4 * temperature_eV(T_K) / (180.0 * float(zeta(3)))


@cache
def _inverse_cdf_table(points: int = 4001) -> tuple[FloatArray, FloatArray]:
    # x = p / T; the tail beyond x = 40 holds 1e-14 of the density
    x = np.linspace(0.0, 40.0, points)
    f = x**2 / (np.exp(x) + 1.0)
    cdf = cumulative_simpson(f, x=x, initial=0.0)
    return cdf / cdf[-1], x


def sample_momenta(u: ArrayLike, T_K: float = T_NU_K) -> FloatArray:
    """Relic momenta (eV) from uniform numbers ``u`` in [0, 1) by the inverse distribution.

    For vegas or any other map from the unit interval: monotone in ``u``.
    """
    q = np.asarray(u, dtype=float)
    if not np.all((q >= 0) & (q <= 1)):
        raise ValueError("u must lie in [0, 1]")
    cdf, x = _inverse_cdf_table()
    p: FloatArray = np.interp(q, cdf, x) * temperature_eV(T_K)
    return p
