"""Closed-form |M|^2 of the three-state Majorana channels (leading part), any transition moments.

A Majorana channel is solar nu_a (p1, helicity -1/2) + relic nu_b (p2, spin averaged) ->
nu_c (p3) + nu_d (p4) + photon: a Majorana state is its own antiparticle, so there is no
separate relic antineutrino (both helicities of nu_b are the relic population) and every
channel has the three contractions (13)(24) "t", (14)(23) "u" and (12)(34) "s" of
:func:`nubrems.amplitudes.helicity.majorana_amplitudes`. The moment matrix is antisymmetric (no
diagonal moments) and Hermitian, so purely imaginary; the photon vertex of the flow y -> x
is 2 mu_xy sigma^{rho nu} k_rho eps*_nu and the weak vertices keep the mass state, so each
line of a contraction radiates with one coupling (both legs) when its ends differ, the
other line being bare (its ends equal).

    |M|^2 = 2 G_F^2 trace_majorana(invariants, g13a, g13b, g14a, g14b, g12a, g12b)

with the FORM result of :mod:`nubrems.amplitudes.majorana_form` (generated
:mod:`nubrems.amplitudes.generated.majorana`) and the real couplings of :func:`majorana_couplings`.
Every Majorana moment is a transition moment, so, as for the Dirac transition moments of
:mod:`nubrems.amplitudes.dirac_channels`, only the leading part is returned (masses set to zero in
the numerators, massless inverse propagators): where the state gets lighter across the
photon vertex the propagator goes on shell (the radiative decay nu_i -> nu_j gamma, a
different process), and that pole sits in the mass-suppressed rest, which is left out; off
the pole it is of relative size (m / E_cm)^2.

Normalisation of the moments. With the field-theory Lagrangian of Majorana fields,
-(1/2) sum_xy mu_xy nubar_x sigma nu_y F (that of :mod:`nubrems.amplitudes.helicity` and of the FORM
derivation), an antisymmetric pair of entries gives the transition nu_y -> nu_x gamma the
vertex 2 mu_xy, twice the Dirac vertex of the same entry. The moment matrix of this package
is the *physical* one: the vertex of nu_y -> nu_x gamma is mu_xy sigma k eps for both
natures (the Majorana Lagrangian is written with 1/4), so equal entries mean equal radiative
decay widths nu_y -> nu_x gamma and a Dirac/Majorana comparison at equal |mu_xy| compares
equal physical transition moments. :func:`majorana_msq_parts` therefore evaluates the
generated form, and the reference, at mu / 2 (:data:`FIELD_MATRIX_FACTOR`).

Two features differ from Dirac: the solar leg radiates at full strength (its helicity +1/2
final state is active), and the result does not depend on the solar helicity at all (with
axial weak vertices and a magnetic vertex every spin-dependent trace is a Levi-Civita term,
which cancels).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
from numpy.typing import ArrayLike

from nubrems.amplitudes.dirac_channels import channel_masses
from nubrems.amplitudes.generated import majorana as _gen
from nubrems.amplitudes.majorana_form import CONTRACTIONS
from nubrems.core import constants as C
from nubrems.core._typing import ComplexArray, FloatArray
from nubrems.core.processes import INVARIANTS
from nubrems.flavour.channels import Channel
from nubrems.flavour.moments import check_moment_matrix

__all__ = ["FIELD_MATRIX_FACTOR", "KINDS", "check_majorana_matrix", "majorana_couplings", "majorana_channels",
           "majorana_msq_parts"]

#: The matrix of the Lagrangian -(1/2) mu nubar sigma nu F is this times the physical moments.
FIELD_MATRIX_FACTOR = 0.5

#: The contraction kind of each pairing of legs (:data:`nubrems.amplitudes.majorana_form.CONTRACTIONS`).
KINDS = {"13": "t", "14": "u", "12": "s"}

#: The generated (1/2) sum |A|^2, leading part: invariants then the six couplings.
_TRACE: Callable[..., FloatArray] = _gen.trace_majorana

#: Relative tolerance of the checks of a Majorana matrix (the entries are given to a few digits).
_TOLERANCE = 1e-9


def check_majorana_matrix(moments: ArrayLike) -> ComplexArray:
    """A 3 x 3 Majorana moment matrix (any unit) as a complex array, or a one-line ValueError.

    It must be finite, not zero, antisymmetric (:func:`nubrems.flavour.moments.check_moment_matrix`
    with ``"majorana"``) and purely imaginary (Hermitian too: the magnetic moment term is).
    """
    mu = check_moment_matrix(moments, "majorana")
    bad = np.argwhere(np.abs(mu.real) > _TOLERANCE * np.abs(mu).max())
    if len(bad):
        i, j = (int(x) + 1 for x in bad[0])
        raise ValueError(f"moments: a Majorana moment matrix must be purely imaginary (antisymmetric and "
                         f"Hermitian); mu_{i}{j} = {complex(mu[i - 1, j - 1])!r}")
    return mu


def _permutation_sign(order: Sequence[int]) -> int:
    """(-1)^P of the external spinors read along the lines, relative to (3, 1, 4, 2)."""
    reference = (3, 1, 4, 2)
    pos = [reference.index(leg) for leg in order]
    inversions = sum(pos[i] > pos[j] for i in range(4) for j in range(i + 1, 4))
    return -1 if inversions % 2 else 1


def majorana_couplings(states: Sequence[int], moments: ArrayLike) -> FloatArray:
    """The six real line couplings (g13a, g13b, g14a, g14b, g12a, g12b), unit of ``moments``.

    Line L of contraction c (:data:`nubrems.amplitudes.majorana_form.CONTRACTIONS`, flow from its
    column leg to its row leg; ``a`` the line of the solar leg 1, ``b`` the other) radiates
    with 2 mu[s_row, s_col] on either of its legs, times the Kronecker delta of the bare
    line and the sign (-1)^P of the contraction. A = i x sum g (diagrams): the common factor
    i of the imaginary matrix drops out of |A|^2, so g = (-1)^P 2 Im mu[s_row, s_col] delta.

    Parameters
    ----------
    states : sequence of 4 ints
        Mass states (a, b, c, d) of legs 1-4 (solar, relic, p3, p4), each 1, 2 or 3.
    moments : array_like, shape (3, 3)
        Antisymmetric, purely imaginary moment matrix (:func:`check_majorana_matrix`).
    """
    mu = check_majorana_matrix(moments)
    st = tuple(int(s) for s in states)
    if len(st) != 4 or not all(1 <= s <= 3 for s in st):
        raise ValueError(f"states must be four mass states (a, b, c, d), each 1, 2 or 3; got {states!r}")
    state = dict(zip((1, 2, 3, 4), st, strict=True))
    out = []
    for lines in CONTRACTIONS.values():
        sign = _permutation_sign((*lines[0], *lines[1]))
        for i in (0, 1):
            (row, col), (row2, col2) = lines[i], lines[1 - i]
            bare = state[row2] == state[col2]
            out.append(sign * 2.0 * float(mu[state[row] - 1, state[col] - 1].imag) if bare else 0.0)
    return np.asarray(out, dtype=float)


def majorana_channels(moments: ArrayLike, n_states: int = 3) -> list[Channel]:
    """Every Majorana channel with a photon for this moment matrix.

    Solar nu_a on relic nu_b into an unordered final pair {c, d} that some diagram reaches,
    listed once in the order c <= d (p3 carries the lower state; |M|^2 is integrated over the
    whole phase space, so the other order would count the pair twice), with the symmetry
    factor 1/2 when c == d. ``relic_is_antineutrino`` is False (Majorana relics), and the
    contraction lists the contributing pairings, sorted as in :mod:`nubrems.flavour.channels`:
    "t" (13)(24), "u" (14)(23), "s" (12)(34), e.g. "s+t+u" or "s+u".
    """
    mu = check_majorana_matrix(moments)
    tiny = 1e-12 * np.abs(mu).max()
    states = range(1, n_states + 1)
    out: list[Channel] = []
    for a in states:
        for b in states:
            for c in states:
                for d in states:
                    if d < c:
                        continue
                    g = majorana_couplings((a, b, c, d), mu)
                    kinds = sorted(KINDS[name] for n, name in enumerate(CONTRACTIONS)
                                   if np.any(np.abs(g[2 * n:2 * n + 2]) > tiny))
                    if kinds:
                        out.append(Channel(a, b, False, (c, d), "+".join(kinds), 0.5 if c == d else 1.0))
    return out


def majorana_msq_parts(channel: Channel, masses_eV: ArrayLike, moments_eV: ArrayLike,
                       invariants_: Mapping[str, ArrayLike], G_F: float = C.G_F) -> tuple[FloatArray, FloatArray]:
    """(leading, zero) parts of the Majorana channel's |M|^2 in eV^-2.

    Parameters
    ----------
    channel : Channel
        Mass states (solar, relic, final pair); ``relic_is_antineutrino`` must be False.
    masses_eV : array_like, shape (3,)
        Masses of the three mass states, eV (they set only the kinematics given in
        ``invariants_``: the leading part has no mass in its numerators).
    moments_eV : array_like, shape (3, 3)
        Antisymmetric, purely imaginary matrix of physical transition moments in the mass
        basis, eV^-1 (Bohr magnetons times :data:`nubrems.core.constants.MU_B`; module docstring).
    invariants_ : mapping
        The ten products p_i.p_j, p_i.k (eV^2) named as :data:`nubrems.core.processes.INVARIANTS`,
        for on-shell momenta with the channel's masses (e.g. from the phase-space map).
    G_F : float
        Fermi constant, eV^-2.

    Returns
    -------
    leading, mass : ndarray
        |M|^2 in eV^-2 with the conventions of :func:`nubrems.amplitudes.helicity.majorana_msq_reference`
        at the field matrix FIELD_MATRIX_FACTOR * moments_eV (solar helicity -1/2, relic spin
        averaged, final spins and photon polarisations summed, no symmetry factor); ``mass``
        is zero (module docstring).
    """
    if channel.relic_is_antineutrino:
        raise ValueError("channel: Majorana relics are neutrinos (relic_is_antineutrino must be False)")
    channel_masses(channel, masses_eV)                        # the states index the three masses
    field = FIELD_MATRIX_FACTOR * check_majorana_matrix(moments_eV)
    g = majorana_couplings((channel.solar, channel.relic, *channel.final), field)
    missing = [name for name in INVARIANTS if name not in invariants_]
    if missing:
        raise ValueError(f"invariants_ lacks {', '.join(missing)}")
    inv = [np.asarray(invariants_[n], dtype=float) for n in INVARIANTS]
    lead: FloatArray = np.asarray(2.0 * G_F**2 * _TRACE(*inv, *g), dtype=np.float64)
    return lead, np.zeros_like(lead)
