"""The weak 2 -> 2 channels of three neutrino mass states on the relic background.

The neutral current is flavour-blind, so in the mass basis it is diagonal:
L = -(G_F/sqrt2) (sum_i nubar_i g^a P_L nu_i)(sum_j nubar_j g_a P_L nu_j). Expanding the
product, a solar neutrino of mass state i meets

* a relic nu_i: nu_i nu_i -> nu_i nu_i, identical particles, t- and u-type contractions and
  the factor 1/2 for the identical final pair: the one-flavour process ``nunu``;
* a relic nu_j, j != i: nu_i nu_j -> nu_i nu_j through the cross term 2 J_i J_j: the t-type
  contraction alone, with the same coupling as one contraction of ``nunu`` and no
  identical-particle factor;
* a relic nubar_i: nu_i nubar_i -> nu_i nubar_i, s- and t-type: the one-flavour process
  ``nunubar``; and nu_i nubar_i -> nu_k nubar_k for k != i, annihilation into another mass
  state: s-type only;
* a relic nubar_j, j != i: nu_i nubar_j -> nu_i nubar_j, t-type only (a diagonal current
  cannot annihilate nu_i with nubar_j).

The photon is then radiated from any leg through the moment matrix (:mod:`nubrems.flavour.moments`),
which may change the mass state of that leg (transition moments).
"""

from __future__ import annotations

from dataclasses import dataclass

from nubrems.core import validate

__all__ = ["CONTRACTIONS", "Channel", "weak_channels"]

#: The contraction structures, and the one-flavour process each equals when all masses agree.
CONTRACTIONS = {"t+u": "nunu", "s+t": "nunubar", "t": None, "u": None, "s": None,
                "s+u": None, "s+t+u": None}     # the last two: Majorana channels


@dataclass(frozen=True)
class Channel:
    """One weak 2 -> 2 channel: solar nu_i + relic target -> final pair (mass states 1-3).

    Attributes
    ----------
    solar : int
        Mass state of the solar neutrino.
    relic : int
        Mass state of the relic.
    relic_is_antineutrino : bool
        The relic is nubar_relic.
    final : tuple of int
        Mass states of the outgoing (neutrino, second particle); the second is an
        antineutrino when the relic is one.
    contraction : str
        The contractions of the four-fermion operator that contribute, a key of
        :data:`CONTRACTIONS` ("u" alone only through a transition moment: the photon vertex
        swaps which line ends where; "s+u" and "s+t+u" only for Majorana neutrinos).
    symmetry_factor : float
        1/2 for two identical final particles, else 1.
    """

    solar: int
    relic: int
    relic_is_antineutrino: bool
    final: tuple[int, int]
    contraction: str
    symmetry_factor: float

    @property
    def one_flavour_process(self) -> str | None:
        """``nunu`` or ``nunubar`` when the channel is that process with its own masses, else None."""
        return CONTRACTIONS[self.contraction]

    @property
    def label(self) -> str:
        bar = "ν̄" if self.relic_is_antineutrino else "ν"
        return f"ν{self.solar} {bar}{self.relic} → ν{self.final[0]} {bar}{self.final[1]}"


def weak_channels(n_states: int = 3) -> list[Channel]:
    """Every weak channel for ``n_states`` mass states (1 gives the one-flavour processes).

    Returns
    -------
    list of Channel
        Ordered by solar state, then relic neutrinos before antineutrinos, then relic state.
    """
    validate.integer("n_states", n_states, 1, 3, allowed="1, 2 or 3")
    states = range(1, n_states + 1)
    out: list[Channel] = []
    for i in states:
        for j in states:
            if i == j:
                out.append(Channel(i, j, False, (i, j), "t+u", 0.5))
            else:
                out.append(Channel(i, j, False, (i, j), "t", 1.0))
        for j in states:
            if i == j:
                out.append(Channel(i, i, True, (i, i), "s+t", 1.0))
                out.extend(Channel(i, i, True, (k, k), "s", 1.0) for k in states if k != i)
            else:
                out.append(Channel(i, j, True, (i, j), "t", 1.0))
    return out
