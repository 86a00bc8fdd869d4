"""Three-neutrino masses and mixing: the oscillation parameters of one global fit, the
lepton mixing matrix U and the mass spectrum from the lightest mass and the ordering.

All oscillation parameters live here, in :data:`NUFIT`: the best-fit values of NuFIT 6.0
(Esteban et al. 2024, JHEP 12 (2024) 216, arXiv:2410.05380; www.nu-fit.org, v6.0), the
analysis *without* the tabulated Super-Kamiokande atmospheric chi^2, each ordering relative to
its own minimum. The atmospheric splitting follows NuFIT's convention: Delta m^2_31 > 0 for
normal ordering (NO), Delta m^2_32 < 0 for inverted ordering (IO).

U is the standard (PDG) parameterisation, U = R23 U13(delta) R12, with flavour rows (e, mu,
tau) and mass columns (1, 2, 3): a flavour state is |nu_a> = sum_i U*_ai |nu_i>. Majorana
phases do not enter anything this package computes with U (only |U_ai|^2 and rotations of
moment matrices by U, where they are stated separately).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from nubrems.core import validate
from nubrems.core._typing import ComplexArray, FloatArray
from nubrems.core.catalogue import ORDERINGS

__all__ = ["NUFIT", "ORDERINGS", "OscillationParameters", "masses_eV", "oscillation_parameters", "pmns"]


@dataclass(frozen=True)
class OscillationParameters:
    """Best-fit oscillation parameters of one ordering.

    Attributes
    ----------
    s12sq, s13sq, s23sq : float
        sin^2 of the mixing angles.
    delta_deg : float
        Dirac CP phase, degrees.
    dm21_eV2 : float
        Delta m^2_21 = m_2^2 - m_1^2, eV^2 (positive by the definition of state 2).
    dm3l_eV2 : float
        Delta m^2_31 (> 0, normal) or Delta m^2_32 (< 0, inverted), eV^2.
    source : str
        Where the numbers come from.
    """

    s12sq: float
    s13sq: float
    s23sq: float
    delta_deg: float
    dm21_eV2: float
    dm3l_eV2: float
    source: str


_SOURCE = ("NuFIT 6.0 (2024), without SK atmospheric data: Esteban et al., JHEP 12 (2024) 216, "
           "arXiv:2410.05380, www.nu-fit.org")

#: Best fits per ordering (see the module docstring for the source and conventions).
NUFIT: dict[str, OscillationParameters] = {
    "normal": OscillationParameters(s12sq=0.307, s13sq=0.02195, s23sq=0.561, delta_deg=177.0,
                                    dm21_eV2=7.49e-5, dm3l_eV2=+2.534e-3, source=_SOURCE),
    "inverted": OscillationParameters(s12sq=0.308, s13sq=0.02224, s23sq=0.562, delta_deg=285.0,
                                      dm21_eV2=7.49e-5, dm3l_eV2=-2.510e-3, source=_SOURCE),
}


def _check_ordering(ordering: str) -> str:
    return validate.choice("ordering", ordering, ORDERINGS)


def oscillation_parameters(ordering: str = "normal") -> OscillationParameters:
    """The best-fit parameters of ``ordering`` ("normal" or "inverted")."""
    return NUFIT[_check_ordering(ordering)]


def pmns(ordering: str = "normal") -> ComplexArray:
    """The lepton mixing matrix U (3 x 3, rows e, mu, tau; columns mass states 1, 2, 3).

    Parameters
    ----------
    ordering : {"normal", "inverted"}
        Which best fit supplies the angles and the phase.

    Returns
    -------
    ndarray of complex, shape (3, 3)
        Unitary to rounding (a test checks U U^dagger = 1).
    """
    p = oscillation_parameters(ordering)
    s12, s13, s23 = (math.sqrt(x) for x in (p.s12sq, p.s13sq, p.s23sq))
    c12, c13, c23 = (math.sqrt(1.0 - x) for x in (p.s12sq, p.s13sq, p.s23sq))
    phase = np.exp(-1j * math.radians(p.delta_deg))        # e^{-i delta}
    r23 = np.array([[1, 0, 0], [0, c23, s23], [0, -s23, c23]], dtype=complex)
    u13 = np.array([[c13, 0, s13 * phase], [0, 1, 0], [-s13 / phase, 0, c13]], dtype=complex)
    r12 = np.array([[c12, s12, 0], [-s12, c12, 0], [0, 0, 1]], dtype=complex)
    U: ComplexArray = r23 @ u13 @ r12
    return U


def masses_eV(lightest_eV: float, ordering: str = "normal") -> FloatArray:
    """The three masses (m_1, m_2, m_3) in eV from the lightest mass and the ordering.

    Normal ordering: m_1 is the lightest, m_2^2 = m_1^2 + Delta m^2_21, m_3^2 = m_1^2 +
    Delta m^2_31. Inverted ordering: m_3 is the lightest, m_2^2 = m_3^2 - Delta m^2_32,
    m_1^2 = m_2^2 - Delta m^2_21.

    Parameters
    ----------
    lightest_eV : float
        The lightest mass, eV; 0 is allowed (one massless state).
    ordering : {"normal", "inverted"}

    Returns
    -------
    ndarray, shape (3,)
        m_1, m_2, m_3 in eV.
    """
    validate.real("lightest_eV", lightest_eV, "a finite mass >= 0 eV", minimum=0.0)
    p = oscillation_parameters(ordering)
    m0sq = float(lightest_eV) ** 2
    if ordering == "normal":
        msq = [m0sq, m0sq + p.dm21_eV2, m0sq + p.dm3l_eV2]
    else:
        m2sq = m0sq - p.dm3l_eV2               # Delta m^2_32 < 0
        msq = [m2sq - p.dm21_eV2, m2sq, m0sq]
    masses: FloatArray = np.sqrt(np.array(msq))
    return masses
