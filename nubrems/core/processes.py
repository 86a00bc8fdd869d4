"""The two scattering processes of the book, in one place.

(a) ``"nunu"``:    nu(p1) nu(p2)    -> nu(p3) nu(p4)    [gamma(k)]
(b) ``"nunubar"``: nu(p1) nubar(p2) -> nu(p3) nubar(p4) [gamma(k)]

The solar neutrino is p1, the relic p2 (a neutrino in (a), an antineutrino in (b)). This
module owns their names, descriptions, the identical-particle symmetry factor of the final
state, which relic density each one scatters on, and the names of the ten Lorentz
invariants the amplitudes are functions of. Everything else (amplitudes, FORM derivation,
events, cross sections, rates) imports them from here.
"""

from __future__ import annotations

from typing import Final

from nubrems.core import validate

__all__ = ["PROCESSES", "DESCRIPTIONS", "INVARIANTS", "SYMMETRY_FACTOR", "RELIC_DENSITY",
           "check_process"]

#: The process names.
PROCESSES: Final = ("nunu", "nunubar")

#: Readable 2 -> 2 descriptions (add " gamma" for bremsstrahlung).
DESCRIPTIONS: Final = {"nunu": "nu nu -> nu nu", "nunubar": "nu nubar -> nu nubar"}

#: Phase-space symmetry factor of the final state: two identical neutrinos in (a).
SYMMETRY_FACTOR: Final = {"nunu": 0.5, "nunubar": 1.0}

#: The field of :class:`nubrems.core.params.Params` holding the density of the relic target.
RELIC_DENSITY: Final = {"nunu": "n_nu_cm3", "nunubar": "n_nubar_cm3"}

#: The ten scalar products of the 2 -> 3 momenta, in the order of the generated |M|^2 code:
#: "p1p2" is p1.p2, "p1k" is p1.k, ...
INVARIANTS: Final = ("p1p2", "p1p3", "p1p4", "p1k", "p2p3", "p2p4", "p2k", "p3p4", "p3k", "p4k")


def check_process(process: str) -> str:
    """Return ``process`` if it is one of :data:`PROCESSES`, else raise ValueError."""
    return validate.choice("process", process, PROCESSES)
