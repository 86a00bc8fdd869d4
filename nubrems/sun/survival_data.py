"""Measured electron-neutrino survival probabilities of solar neutrinos, to compare with P_ee(E).

Published values, each with the energy at which the experiment quotes it and its total
1-sigma uncertainty (statistical and systematic added in quadrature where they are given
separately):

* Borexino, the comprehensive measurement of the pp chain (Agostini et al. 2018, Nature 562,
  505), assuming the high-metallicity standard solar model: pp at 0.267 MeV, 0.57 +- 0.09;
  7Be at 0.862 MeV, 0.53 +- 0.05; pep at 1.44 MeV, 0.43 +- 0.11; 8B above 3 MeV at its
  effective energy 8.1 MeV, 0.37 +- 0.08.
* SNO, the combined analysis of its three phases (Aharmim et al. 2013, Phys. Rev. C 88,
  025501): the day-time survival probability of 8B neutrinos is fitted as
  c0 + c1 (E - 10 MeV) + c2 (E - 10 MeV)^2; its value at 10 MeV is c0 = 0.317 +- 0.016 (stat)
  +- 0.009 (syst).

A measured P_ee is a flux-weighted average over the energies the detector sees, and the
Borexino values depend on the solar model used for the flux; the comparison is therefore
made at the quoted energy with the quoted uncertainty, as the experiments present it.
"""

from __future__ import annotations

import math
from typing import NamedTuple

__all__ = ["MEASURED_SURVIVAL", "Measurement"]


class Measurement(NamedTuple):
    """One measured survival probability."""

    experiment: str     #: who measured it
    component: str      #: the solar component (a name of :data:`nubrems.sun.spectra.COMPONENTS`)
    energy_MeV: float   #: the energy at which the value is quoted, MeV
    value: float        #: P_ee
    error: float        #: total 1-sigma uncertainty
    cite: str           #: the key of the publication in the book's bibliography


#: Published survival probabilities (see the module docstring for the sources).
MEASURED_SURVIVAL: tuple[Measurement, ...] = (
    Measurement("Borexino", "pp", 0.267, 0.57, 0.09, "Borexino:2018"),
    Measurement("Borexino", "7Be", 0.862, 0.53, 0.05, "Borexino:2018"),
    Measurement("Borexino", "pep", 1.44, 0.43, 0.11, "Borexino:2018"),
    Measurement("Borexino", "8B", 8.1, 0.37, 0.08, "Borexino:2018"),
    Measurement("SNO", "8B", 10.0, 0.317, math.hypot(0.016, 0.009), "SNO:2013"),
)
