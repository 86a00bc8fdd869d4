"""Closed-form |M|^2 of the three-flavour channels with diagonal magnetic moments.

A channel (:class:`nubrems.channels.Channel`) is solar nu_a (p1) + relic nu_b or nubar_b (p2)
-> nu_c (p3) + nu_d or nubar_d (p4) + photon, each particle with the mass of its own state.
With the chiral Fierz identity every contraction of the four-fermion operator is written
as the t-type product of two fermion lines, (p1 -> p3)(p2 -> p4): the u-type contraction of
identical neutrinos and the s-type contraction of nu nubar become the same structure, so

    |M|^2 = 2 G_F^2 n^2 sum |T(c1, c2, c3, c4)|^2,

with n = 2 for the channels with two contractions (t+u, s+t: the one-flavour processes)
and n = 1 for a single contraction (t or s), and c_l the magnetic moment of leg l's state.
sum |T|^2 comes from FORM with four masses and four couplings
(:func:`nubrems.symbolic.form_program` with ``channel=True``), split like the one-flavour
form into a leading part, which needs no mass,

    nu nu:    8 (p1.p2)(p3.p4) [(1 + P/D)(c2^2 + c3^2 + c4^2) + (1 - P/D) c1^2],
    nu nubar: 8 (p1.p4)(p2.p3) [(1 + P/D)(c2^2 + c3^2 + c4^2) + (1 - P/D) c1^2],

P/D = p1.p2 / sqrt((p1.p2)^2 - m1^2 m2^2), and a mass-suppressed rest. The solar leg
radiates only through 1 - P/D ~ -(m1 m2)^2 / (2 (p1.p2)^2): its helicity -1/2 state would
have to flip to radiate, so the photons come from the relic and the outgoing legs.

Only diagonal moment matrices (in the mass basis) are handled here: a transition moment
changes the state inside the diagram, and where the state gets lighter across the photon
vertex its propagator can go on shell (a real radiative decay, a different process).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from . import _msq_generated as _gen
from . import constants as C
from ._typing import FloatArray
from .channels import Channel
from .processes import INVARIANTS

__all__ = ["MULTIPLICITY", "channel_couplings", "channel_masses", "channel_msq_parts", "check_diagonal_moments"]

#: Number of four-fermion contractions that add up in each channel's t-type structure.
MULTIPLICITY = {"t+u": 2, "s+t": 2, "t": 1, "s": 1}

#: The generated sum |T|^2 by relic kind (False: neutrino, True: antineutrino).
_TRACES: dict[bool, Callable[..., tuple[FloatArray, FloatArray]]] = {False: _gen.trace_channel_nunu,
                                                                     True: _gen.trace_channel_nunubar}


def check_diagonal_moments(moments: ArrayLike) -> FloatArray:
    """The diagonal of a 3 x 3 moment matrix (any unit) if it has no transition moments.

    Raises
    ------
    ValueError
        If an off-diagonal entry is non-zero, or a diagonal one is not real.
    """
    mu = np.asarray(moments, dtype=complex)
    if mu.shape != (3, 3):
        raise ValueError(f"moments: the matrix must be 3 x 3; got shape {mu.shape}")
    scale = float(np.abs(mu).max())
    off = np.abs(mu - np.diag(np.diag(mu)))
    if np.any(off > 1e-12 * scale):
        i, j = (int(x) + 1 for x in np.argwhere(off > 1e-12 * scale)[0])
        raise ValueError(f"moments: transition moment mu_{i}{j} != 0; the bremsstrahlung rate is computed for "
                         "diagonal moment matrices (universal, or a diagonal matrix file) only")
    diag = np.diag(mu)
    if np.any(np.abs(diag.imag) > 1e-12 * scale):
        raise ValueError("moments: diagonal moments must be real")
    return np.asarray(diag.real, dtype=float)


def channel_masses(channel: Channel, masses_eV: ArrayLike) -> tuple[float, float, float, float]:
    """(m1, m2, m3, m4) in eV: solar, relic, outgoing neutrino, outgoing second particle."""
    m = np.asarray(masses_eV, dtype=float)
    return (float(m[channel.solar - 1]), float(m[channel.relic - 1]),
            float(m[channel.final[0] - 1]), float(m[channel.final[1] - 1]))


def channel_couplings(channel: Channel, moments: ArrayLike) -> tuple[float, float, float, float]:
    """(c1, c2, c3, c4): the diagonal moment of each leg's state, in the unit of ``moments``."""
    mu = check_diagonal_moments(moments)
    return (float(mu[channel.solar - 1]), float(mu[channel.relic - 1]),
            float(mu[channel.final[0] - 1]), float(mu[channel.final[1] - 1]))


def channel_msq_parts(channel: Channel, masses_eV: ArrayLike, moments_eV: ArrayLike,
                      invariants_: Mapping[str, ArrayLike], G_F: float = C.G_F) -> tuple[FloatArray, FloatArray]:
    """(leading, mass-suppressed) parts of the channel's |M|^2 in eV^-2.

    Parameters
    ----------
    channel : Channel
        Mass states of the four neutrinos and the contraction type.
    masses_eV : array_like, shape (3,)
        Masses of the three mass states, eV (the solar one may be 0).
    moments_eV : array_like, shape (3, 3)
        Moment matrix in the mass basis in eV^-1 (Bohr magnetons times
        :data:`nubrems.constants.MU_B`); diagonal only (:func:`check_diagonal_moments`).
    invariants_ : mapping
        The ten products p_i.p_j, p_i.k (eV^2) named as :data:`nubrems.processes.INVARIANTS`,
        for on-shell momenta with the channel's masses (e.g. from the phase-space map).

    Returns
    -------
    leading, mass : ndarray
        Solar helicity -1/2, relic spin averaged, final spins and photon polarisations
        summed, no symmetry factor (:attr:`Channel.symmetry_factor` is applied by the caller).
    """
    c = channel_couplings(channel, moments_eV)
    m = channel_masses(channel, masses_eV)
    missing = [name for name in INVARIANTS if name not in invariants_]
    if missing:
        raise ValueError(f"invariants_ lacks {', '.join(missing)}")
    lead, mass = _TRACES[channel.relic_is_antineutrino](*(invariants_[n] for n in INVARIANTS), *m, *c)
    norm = 2.0 * G_F**2 * MULTIPLICITY[channel.contraction] ** 2
    return norm * np.asarray(lead, dtype=float), norm * np.asarray(mass, dtype=float)
