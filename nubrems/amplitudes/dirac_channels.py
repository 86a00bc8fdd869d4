"""Closed-form |M|^2 of the three-flavour (Dirac) channels, any magnetic-moment matrix.

A channel (:class:`nubrems.flavour.channels.Channel`) is solar nu_a (p1) + relic nu_b or nubar_b (p2)
-> nu_c (p3) + nu_d or nubar_d (p4) + photon, each particle with the mass of its own state.
With the chiral Fierz identity every contraction of the four-fermion operator is written
as the t-type product of two fermion lines, (p1 -> p3)(p2 -> p4): the u-type contraction of
identical neutrinos and the s-type contraction of nu nubar become the same structure, so

    |M|^2 = 2 G_F^2 n^2 sum |T(c1, c2, c3, c4)|^2,

with n = 2 for the channels with two contractions (t+u, s+t: the one-flavour processes)
and n = 1 for a single contraction (t or s), and c_l the magnetic moment of leg l's state.
sum |T|^2 comes from FORM with four masses and four couplings
(:func:`nubrems.amplitudes.form.form_program` with ``channel=True``), split like the one-flavour
form into a leading part, which needs no mass,

    nu nu:    8 (p1.p2)(p3.p4) [(1 + P/D)(c2^2 + c3^2 + c4^2) + (1 - P/D) c1^2],
    nu nubar: 8 (p1.p4)(p2.p3) [(1 + P/D)(c2^2 + c3^2 + c4^2) + (1 - P/D) c1^2],

P/D = p1.p2 / sqrt((p1.p2)^2 - m1^2 m2^2), and a mass-suppressed rest. The solar leg
radiates only through 1 - P/D ~ -(m1 m2)^2 / (2 (p1.p2)^2): its helicity -1/2 state would
have to flip to radiate, so the photons come from the relic and the outgoing legs.

Diagonal moment matrices keep the state along each line, so every propagator carries its
own leg's mass and the FORM result is exact: it is used in full. A transition moment
mu_ij (i != j) changes the state at the photon vertex. Where the state gets lighter across
the vertex (m_i > m_j) the propagator goes on shell at p.k = (m_i^2 - m_j^2)/2: that pole
is a real radiative decay nu_i -> nu_j gamma before or after a 2 -> 2 scattering, a
different process (a background, not bremsstrahlung). With transition moments
:func:`channel_msq_parts`, which the rates use, therefore returns the leading part alone,
exact in the couplings and their interference; the mass-suppressed rest, which holds the
pole, is left out. Its off-shell part is of relative size (m/E_cm)^2 or Delta m^2 / s, as
in one flavour (about 1e-7 of the rate).

The exact |M|^2 for any matrix is :func:`channel_msq_exact`. The Fierz identity holds for
the dressed spinors too (the propagators sit outside the point-like operator), but with a
transition moment the internal state at a photon vertex depends on the contraction: the
photon on the incoming leg 1 has the state of leg 3 inside on the t-contraction line 1 -> 3,
that of leg 4 (nu nu, u-type) or of leg 2 (nu nubar, s-type) on the other. So

    M = -sqrt2 G_F sum_{K = T, U} sum_l c_l^K S_l(M_l^K),

with S_l(M) the t-ordered structure with the photon on leg l and a propagator of mass M.
Its numerator (q-slash + M) is linear in M, so per leg the two contractions add up to
a_l q-slash + b_l, and sum |T|^2 is a quadratic form in a_l, b_l derived by FORM
(:func:`nubrems.amplitudes.form.generate_transition`, file ``_msq_transition_generated.py``). It
holds the on-shell poles of the real radiative decays: it is for checks (against the
explicit spinors of :func:`nubrems.amplitudes.helicity.channel_msq_reference`) and for points off the
poles, while the rates keep the leading part.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from nubrems.amplitudes.generated import dirac as _gen
from nubrems.amplitudes.generated import transition as _exact
from nubrems.core import constants as C
from nubrems.core._typing import ComplexArray, FloatArray
from nubrems.core.processes import INVARIANTS
from nubrems.flavour.channels import Channel

__all__ = ["channel_masses", "channel_msq_exact", "channel_msq_parts", "check_moment_matrix", "effective_couplings",
           "internal_masses", "is_diagonal", "radiative_channels"]

#: The generated sum |T|^2 by relic kind (False: neutrino, True: antineutrino).
_TRACES: dict[bool, Callable[..., tuple[FloatArray, FloatArray]]] = {False: _gen.trace_channel_nunu,
                                                                     True: _gen.trace_channel_nunubar}
#: The generated exact sum |T|^2 (any moment matrix) by relic kind.
_EXACT: dict[bool, Callable[..., FloatArray]] = {False: _exact.trace_transition_nunu,
                                                True: _exact.trace_transition_nunubar}
#: The leg at the other end of each leg's fermion line (legs 1-4), by relic kind and contraction:
#: T = (1 -> 3)(2 -> 4); U = (1 -> 4)(2 -> 3) for a relic neutrino, (1 2)(3 4) for an antineutrino.
_PARTNERS: dict[bool, dict[str, tuple[int, int, int, int]]] = {
    False: {"T": (3, 4, 1, 2), "U": (4, 3, 2, 1)},
    True: {"T": (3, 4, 1, 2), "U": (2, 1, 4, 3)},
}


def check_moment_matrix(moments: ArrayLike) -> ComplexArray:
    """A 3 x 3 moment matrix (any unit) as a complex array, or ValueError."""
    mu = np.asarray(moments, dtype=complex)
    if mu.shape != (3, 3):
        raise ValueError(f"moments: the matrix must be 3 x 3; got shape {mu.shape}")
    if not np.all(np.isfinite(mu)):
        raise ValueError("moments: the matrix entries must be finite")
    return mu


def is_diagonal(moments: ArrayLike) -> bool:
    """True if the matrix has no transition moment (off-diagonal entries below 1e-12 of the largest)."""
    mu = check_moment_matrix(moments)
    return bool(np.all(np.abs(mu - np.diag(np.diag(mu))) <= 1e-12 * np.abs(mu).max()))


def _couplings_by_contraction(states: tuple[int, int, int, int], anti: bool,
                              mu: ComplexArray) -> dict[str, ComplexArray]:
    """{"T": (c1..c4), "U": (c1..c4)}: the coupling of each photon leg in each contraction.

    On a neutrino line the vertex -(1/2) mu_xy nubar_x sigma F nu_y gives mu[out, in], on an
    antineutrino line mu[in, out]; the weak vertices keep the state (Kronecker deltas). U is
    the u-type contraction (lines 1 -> 4, 2 -> 3) for a relic neutrino and the s-type one
    (annihilation of 1 with 2, creation of 3 with 4) for a relic antineutrino.
    """
    a, b, c, d = (s - 1 for s in states)

    def cf(x: int, y: int, i: int, j: int) -> complex:   # mu_xy delta_ij
        return complex(mu[x, y]) if i == j else 0j

    if anti:
        T = (cf(c, a, b, d), cf(b, d, a, c), cf(c, a, b, d), cf(b, d, a, c))
        U = (cf(b, a, c, d), cf(b, a, c, d), cf(c, d, a, b), cf(c, d, a, b))
    else:
        T = (cf(c, a, b, d), cf(d, b, a, c), cf(c, a, b, d), cf(d, b, a, c))
        U = (cf(d, a, b, c), cf(c, b, a, d), cf(c, b, a, d), cf(d, a, b, c))
    return {"T": np.array(T), "U": np.array(U)}


def effective_couplings(channel: Channel, moments: ArrayLike) -> ComplexArray:
    """(c1, c2, c3, c4): the Fierz-summed coupling of the photon on each leg, unit of ``moments``.

    T - U of the two contractions becomes one t-type structure with c_l = c_l(T) + c_l(U).
    """
    mu = check_moment_matrix(moments)
    parts = _couplings_by_contraction((channel.solar, channel.relic, *channel.final),
                                      channel.relic_is_antineutrino, mu)
    return np.asarray(parts["T"] + parts["U"], dtype=np.complex128)


def radiative_channels(moments: ArrayLike, n_states: int = 3) -> list[Channel]:
    """Every channel with a photon for this moment matrix: solar nu_a on relic nu_b or nubar_b
    into any final pair that some diagram reaches.

    Two final neutrinos are one unordered pair, listed once in the order (p3, p4) that has a
    t-type diagram (else c < d), with the symmetry factor 1/2 when both are the same state; a
    final nu nubar pair is ordered. For a diagonal matrix these are the weak channels of
    :func:`nubrems.flavour.channels.weak_channels`.
    """
    mu = check_moment_matrix(moments)
    tiny = 1e-12 * np.abs(mu).max()
    states = range(1, n_states + 1)

    def has(a: int, b: int, c: int, d: int, anti: bool) -> tuple[bool, bool]:
        parts = _couplings_by_contraction((a, b, c, d), anti, mu)
        return bool(np.any(np.abs(parts["T"]) > tiny)), bool(np.any(np.abs(parts["U"]) > tiny))

    out: list[Channel] = []
    for a in states:
        for anti in (False, True):
            for b in states:
                for c in states:
                    for d in states:
                        t, u = has(a, b, c, d, anti)
                        if not (t or u):
                            continue
                        if not anti and c != d:       # one order of the identical-type pair
                            t_swapped = has(a, b, d, c, anti)[0]
                            if (t_swapped and not t) or (t == t_swapped and d < c):
                                continue
                        kinds = [k for k, on in zip(("t", "s" if anti else "u"), (t, u), strict=True) if on]
                        contraction = "+".join(sorted(kinds))         # "t+u", "s+t", "t", "u" or "s"
                        out.append(Channel(a, b, anti, (c, d), contraction, 0.5 if (not anti and c == d) else 1.0))
    return out


def channel_masses(channel: Channel, masses_eV: ArrayLike) -> tuple[float, float, float, float]:
    """(m1, m2, m3, m4) in eV: solar, relic, outgoing neutrino, outgoing second particle."""
    m = np.asarray(masses_eV, dtype=float)
    return (float(m[channel.solar - 1]), float(m[channel.relic - 1]),
            float(m[channel.final[0] - 1]), float(m[channel.final[1] - 1]))


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
        :data:`nubrems.core.constants.MU_B`). Diagonal: the exact |M|^2. With transition
        moments: the leading part, and a zero mass-suppressed part (module docstring;
        :func:`channel_msq_exact` gives the exact |M|^2).
    invariants_ : mapping
        The ten products p_i.p_j, p_i.k (eV^2) named as :data:`nubrems.core.processes.INVARIANTS`,
        for on-shell momenta with the channel's masses (e.g. from the phase-space map).

    Returns
    -------
    leading, mass : ndarray
        Solar helicity -1/2, relic spin averaged, final spins and photon polarisations
        summed, no symmetry factor (:attr:`Channel.symmetry_factor
        <nubrems.flavour.channels.Channel.symmetry_factor>` is applied by the caller).
    """
    c = effective_couplings(channel, moments_eV)
    m = channel_masses(channel, masses_eV)
    inv = _invariant_list(invariants_)
    norm = 2.0 * G_F**2
    if is_diagonal(moments_eV):
        if np.any(np.abs(c.imag) > 1e-12 * np.abs(c).max(initial=0.0)):
            raise ValueError("moments: diagonal moments must be real (the matrix is Hermitian)")
        lead, mass = _TRACES[channel.relic_is_antineutrino](*inv, *m, *c.real)
        return norm * np.asarray(lead, dtype=float), norm * np.asarray(mass, dtype=float)
    return norm * _leading(channel, inv, m, np.abs(c) ** 2), np.zeros_like(inv[0])


def _invariant_list(invariants_: Mapping[str, ArrayLike]) -> list[FloatArray]:
    """The ten invariants as float arrays in the order of :data:`INVARIANTS`, or ValueError."""
    missing = [name for name in INVARIANTS if name not in invariants_]
    if missing:
        raise ValueError(f"invariants_ lacks {', '.join(missing)}")
    return [np.asarray(invariants_[n], dtype=float) for n in INVARIANTS]


def internal_masses(channel: Channel, masses_eV: ArrayLike) -> dict[str, tuple[float, float, float, float]]:
    """{"T": (M1..M4), "U": (M1..M4)}: mass (eV) of the internal state of the photon on each leg.

    The weak vertex keeps the state, so the internal state of leg l is the state of the
    other end of l's fermion line in that contraction (:func:`nubrems.amplitudes.helicity.channel_couplings`).
    """
    m = channel_masses(channel, masses_eV)
    return {K: (m[p1 - 1], m[p2 - 1], m[p3 - 1], m[p4 - 1])
            for K, (p1, p2, p3, p4) in _PARTNERS[channel.relic_is_antineutrino].items()}


def channel_msq_exact(channel: Channel, masses_eV: ArrayLike, moments_eV: ArrayLike,
                      invariants_: Mapping[str, ArrayLike], G_F: float = C.G_F) -> FloatArray:
    """Exact |M|^2 of the channel in eV^-2, any moment matrix (module docstring).

    Every diagram keeps its own coupling and the mass of its internal state, per contraction;
    for a diagonal matrix this is the full closed form of :func:`channel_msq_parts` (leading
    plus mass-suppressed). Where the state before a photon vertex (along the fermion line) is
    heavier than the one after it, an internal state M heavier than its outgoing leg or an
    incoming leg heavier than its internal state, the propagator has the on-shell pole of the
    real radiative decay at p_l.k = |m_l^2 - M^2| / 2, and |M|^2 grows like the inverse square
    of the distance to it: use this function for checks and at points off the poles; the
    rates use the leading part of :func:`channel_msq_parts`.

    Parameters
    ----------
    channel : Channel
        Mass states of the four neutrinos and the contraction type.
    masses_eV : array_like, shape (3,)
        Masses of the three mass states, eV (the solar one may be 0).
    moments_eV : array_like, shape (3, 3)
        Hermitian moment matrix in the mass basis, eV^-1 (Bohr magnetons times
        :data:`nubrems.core.constants.MU_B`). The couplings of one Dirac channel are a single entry
        of it or real diagonal entries, so they share one phase, which drops out; a matrix
        for which they do not is refused.
    invariants_ : mapping
        The ten products p_i.p_j, p_i.k (eV^2) named as :data:`nubrems.core.processes.INVARIANTS`,
        for on-shell momenta with the channel's masses (e.g. from the phase-space map).
    G_F : float
        Fermi constant, eV^-2.

    Returns
    -------
    ndarray
        |M|^2 in eV^-2: solar helicity -1/2, relic spin averaged, final spins and photon
        polarisations summed, no symmetry factor (:attr:`Channel.symmetry_factor
        <nubrems.flavour.channels.Channel.symmetry_factor>` is applied by the caller).
    """
    mu = check_moment_matrix(moments_eV)
    anti = channel.relic_is_antineutrino
    parts = _couplings_by_contraction((channel.solar, channel.relic, *channel.final), anti, mu)
    inv = _invariant_list(invariants_)
    m = channel_masses(channel, masses_eV)
    every = np.concatenate([parts["T"], parts["U"]])
    largest = every[np.argmax(np.abs(every))]
    if largest == 0:                         # no diagram: the matrix gives this channel no photon
        return np.zeros(np.broadcast_shapes(*(x.shape for x in inv)))
    rotated = {K: c * np.conj(largest) / abs(largest) for K, c in parts.items()}
    if any(np.any(np.abs(c.imag) > 1e-12 * abs(largest)) for c in rotated.values()):
        raise ValueError("moments: the couplings of one channel must share one phase (a Hermitian matrix's do)")
    names = dict(zip(INVARIANTS, inv, strict=True))
    inside = internal_masses(channel, masses_eV)
    zero = np.zeros(np.broadcast_shapes(*(x.shape for x in inv)))
    a, b = [zero] * 4, [zero] * 4
    for K, c in rotated.items():
        for leg in range(4):
            if c[leg] == 0:
                continue
            M, pk = inside[K][leg], names[f"p{leg + 1}k"]
            # (p_l -+ k)^2 - M^2, with - for the incoming legs 1, 2 (also for the fermion-flow
            # momentum -(p2 - k) of an antineutrino: same square)
            inverse = (m[leg] - M) * (m[leg] + M) + (-2.0 if leg < 2 else 2.0) * pk
            a[leg] = a[leg] + c[leg].real / inverse
            b[leg] = b[leg] + c[leg].real * M / inverse
    total = _EXACT[anti](*inv, *m, *a, *b)
    return np.asarray(2.0 * G_F**2 * total, dtype=float)


def _leading(channel: Channel, inv: list[FloatArray], m: tuple[float, float, float, float],
             c2: FloatArray) -> FloatArray:
    """8 F [(1 + P/D)(|c2|^2 + |c3|^2 + |c4|^2) + (1 - P/D) |c1|^2] (the generated leading part,
    whose legs do not interfere), with 1 - P/D = -X computed without cancellation."""
    names = dict(zip(INVARIANTS, inv, strict=True))
    P = names["p1p2"]
    mm = m[0] * m[1]
    D = np.sqrt((P - mm) * (P + mm))
    X = mm * mm / (D * (P + D))
    F = names["p1p4"] * names["p2p3"] if channel.relic_is_antineutrino else P * names["p3p4"]
    return np.asarray(8.0 * F * ((2.0 + X) * (c2[1] + c2[2] + c2[3]) - X * c2[0]), dtype=float)
