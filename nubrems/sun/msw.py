"""Solar neutrinos as mass states: adiabatic MSW (LMA) evolution from the production point.

An electron neutrino made at radius r with energy E is, in the matter there, a superposition
of the three matter eigenstates with probabilities |U^m_ei(r, E)|^2. The evolution out of the
Sun is adiabatic for the LMA parameters at all solar energies (each matter eigenstate turns
into the mass eigenstate it connects to continuously as the density falls to zero), and the
wave packets of different mass states separate on the way to the Earth, so the neutrino
arrives as mass state i with probability

    P_i(E) = < |U^m_ei(r, E)|^2 >_production,

averaged over the component's production region (:mod:`nubrems.sun.interior`). The matter
eigenstates come from diagonalising, in the flavour basis,

    2E H = U diag(m_1^2, m_2^2, m_3^2) U^dagger + diag(A, 0, 0),  A = 2 sqrt(2) G_F n_e E,

numerically (all three flavours, no small-angle expansion). The electron-neutrino survival
probability at the Earth is P_ee(E) = sum_i |U_ei|^2 P_i(E). Earth matter (the day-night
effect, a few per cent at 8B energies at night) is not included.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.flavour import mixing
from nubrems.sun.interior import electron_density_cm3, production_nodes

__all__ = ["mass_state_probabilities", "matter_fractions", "matter_term_eV2", "survival_from_mass_states",
           "survival_probability"]


def matter_term_eV2(E_MeV: ArrayLike, n_e_cm3: ArrayLike) -> FloatArray:
    """A = 2 sqrt(2) G_F n_e E in eV^2 (the matter term of 2E H; neutrinos, not antineutrinos)."""
    n_e = np.asarray(n_e_cm3, dtype=float) / C.CM**3          # cm^-3 -> eV^3
    A: FloatArray = 2.0 * math.sqrt(2.0) * C.G_F * n_e * np.asarray(E_MeV, dtype=float) * C.MEV
    return A


def matter_fractions(A_eV2: ArrayLike, ordering: str = "normal") -> FloatArray:
    """|U^m_ei|^2 for the matter eigenstate that becomes mass state i, for matter terms A.

    Parameters
    ----------
    A_eV2 : array_like
        Matter term 2 sqrt(2) G_F n_e E in eV^2 (any shape), >= 0.
    ordering : {"normal", "inverted"}

    Returns
    -------
    ndarray, shape A.shape + (3,)
        Probabilities for mass states 1, 2, 3; they sum to 1.
    """
    A = np.asarray(A_eV2, dtype=float)
    if not np.all(np.isfinite(A)) or np.any(A < 0):
        raise ValueError("the matter term A must be finite and >= 0")
    U = mixing.pmns(ordering)
    msq = mixing.masses_eV(0.0, ordering) ** 2               # a common offset does not matter
    H = np.broadcast_to(U @ np.diag(msq) @ U.conj().T, (*A.shape, 3, 3)).copy()
    H[..., 0, 0] += A
    _, vectors = np.linalg.eigh(H)                            # eigenvalues ascending
    fractions_sorted = np.abs(vectors[..., 0, :]) ** 2        # nu_e content of each eigenstate
    # Without level crossings the k-th lowest eigenstate connects to the k-th lightest mass state.
    out: FloatArray = np.empty_like(fractions_sorted)
    out[..., np.argsort(msq)] = fractions_sorted
    return out


def mass_state_probabilities(component: str, E_MeV: ArrayLike, ordering: str = "normal",
                             n_nodes: int = 96) -> FloatArray:
    """P_i(E): probability that a solar neutrino of ``component`` arrives as mass state i.

    Parameters
    ----------
    component : str
        One of :data:`nubrems.sun.spectra.COMPONENTS` (sets the production region).
    E_MeV : array_like
        Neutrino energies in MeV, > 0.
    ordering : {"normal", "inverted"}
    n_nodes : int
        Quadrature nodes over the production region.

    Returns
    -------
    ndarray, shape E.shape + (3,)
        P_1, P_2, P_3 (summing to 1).
    """
    E = np.asarray(E_MeV, dtype=float)
    if not np.all(np.isfinite(E)) or np.any(E <= 0):
        raise ValueError("E_MeV must be finite and > 0")
    r, w = production_nodes(component, n_nodes)
    A = matter_term_eV2(E[..., None], electron_density_cm3(r))     # E.shape + (n_nodes,)
    P: FloatArray = np.einsum("...ri,r->...i", matter_fractions(A, ordering), w)
    return P


def survival_from_mass_states(P: ArrayLike, ordering: str = "normal") -> FloatArray:
    """P_ee = sum_i |U_ei|^2 P_i from mass-state probabilities ``P`` (last axis: states 1, 2, 3)."""
    Ue2 = np.abs(mixing.pmns(ordering)[0]) ** 2
    P_ee: FloatArray = np.asarray(P, dtype=float) @ Ue2
    return P_ee


def survival_probability(component: str, E_MeV: ArrayLike, ordering: str = "normal") -> FloatArray:
    """P_ee(E) = sum_i |U_ei|^2 P_i(E) for ``component`` at the Earth (no Earth matter)."""
    return survival_from_mass_states(mass_state_probabilities(component, E_MeV, ordering), ordering)
