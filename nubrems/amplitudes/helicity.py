"""Explicit-spinor reference for nu nu -> nu nu gamma and nu nubar -> nu nubar gamma.

Brute force, vectorised over events: helicity spinors (:mod:`nubrems.amplitudes.spinors`), photon
polarisation vectors, every diagram (the photon leaves any of the four legs, through the
magnetic-moment vertex), both Wick contractions with the Fermi minus sign and *no* Fierz
rearrangement, summed over final spins and photon polarisations, averaged over the relic
spin, solar neutrino fixed to helicity -1/2. It is slow and is used only to check the
closed form of :mod:`nubrems.amplitudes.dirac`.

Feynman rules (the Lagrangians of conventions.md and chapter 02; overall phases dropped since every diagram has one
contact vertex, one photon vertex and one propagator):

* contact vertex: -sqrt(2) G_F [Gamma^a]_1 [Gamma_a]_2 per Wick contraction, Gamma^a = gamma^a P_L
  (the factor 2 of two identical bilinears included);
* photon emission with momentum k and polarisation eps: mu_nu sigma^{rho nu} k_rho eps*_nu;
* propagator (q-slash + m)/(q^2 - m^2) with q along the fermion arrow: q = p1 - k after an
  incoming neutrino, p3 + k before an outgoing one, -(p2 - k) and -(p4 + k) for the
  antineutrino legs of process (b).

Inverse propagators are computed from the stable products p.k of
:func:`nubrems.kinematics.vectors.dot_stable`: (p1 - k)^2 - m^2 = -2 p1.k, etc.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any, TypeAlias, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nubrems.amplitudes import spinors as D
from nubrems.amplitudes.twobody import check_process
from nubrems.core import constants as C
from nubrems.core._typing import FloatArray
from nubrems.kinematics import vectors as K

__all__ = ["photon_polarisations", "vertex", "msq_reference", "amplitudes", "Couplings", "channel_couplings",
           "channel_amplitudes", "channel_msq_reference", "CHARGE_CONJUGATION", "MAJORANA_FLOWS",
           "majorana_amplitudes", "majorana_msq_reference"]

_G = np.diag(D.METRIC)


def photon_polarisations(k: ArrayLike) -> tuple[NDArray[Any], NDArray[Any]]:
    """Two real, transverse polarisation vectors (0, e) with e . k = 0, shape (..., 4) each.

    e1 = (cos t cos f, cos t sin f, -sin t), e2 = (-sin f, cos f, 0) for the photon's polar
    and azimuthal angles t, f, built algebraically (mpmath object arrays work too).
    """
    k = K.real_array(k)
    kx, ky, kz = k[..., 1], k[..., 2], k[..., 3]
    kT = np.sqrt(kx * kx + ky * ky)
    kabs = np.sqrt(kT * kT + kz * kz)
    along_z = kT == 0
    safe = np.where(along_z, 1, kT)
    cf, sf = np.where(along_z, 1, kx / safe), np.where(along_z, 0, ky / safe)
    ct, st = kz / kabs, kT / kabs
    zero = 0 * kabs
    return K.four_vector(zero, ct * cf, ct * sf, -st), K.four_vector(zero, -sf, cf, zero)


def vertex(k: ArrayLike, eps: ArrayLike) -> NDArray[Any]:
    """sigma^{rho nu} k_rho eps*_nu as a (..., 4, 4) matrix (real eps)."""
    k_lower, eps_lower = np.asarray(k) * _G, np.asarray(eps) * _G
    return cast(NDArray[Any], np.einsum("...r,...n,rnab->...ab", k_lower, eps_lower, D.SIGMA_MUNU))


def _mv(M: NDArray[Any], psi: NDArray[Any]) -> NDArray[Any]:  # matrix times column spinor
    return cast(NDArray[Any], np.einsum("...ab,...b->...a", M, psi))


def _vm(psibar: NDArray[Any], M: NDArray[Any]) -> NDArray[Any]:  # row spinor times matrix
    return cast(NDArray[Any], np.einsum("...a,...ab->...b", psibar, M))


def _prop(terms: Sequence[tuple[int, ArrayLike, float]], m: float, inv: NDArray[Any]) -> NDArray[Any]:
    """(q-slash + m) / inv for q = sum of sign * p over on-shell (sign, p, mass) terms.

    Each slash is built from stable light-cone components before they are added, so a
    propagator next to a nearly collinear emission keeps its digits.
    """
    qslash = sum(sign * D.slash(p, mass) for sign, p, mass in terms)
    return cast(NDArray[Any], (qslash + m * D.IDENTITY) / inv[..., None, None])


#: The two fermion lines of each Wick contraction as (row leg, column leg): the row spinor is
#: the barred one (u-bar of an outgoing neutrino, v-bar of an incoming antineutrino), the
#: column spinor the other (u of an incoming neutrino, v of an outgoing antineutrino).
#: Relic neutrino: T = (3 <- 1)(4 <- 2), U = (4 <- 1)(3 <- 2); relic antineutrino:
#: T = (3 <- 1)(2bar <- 4), U = the s-type contraction (2bar <- 1)(3 <- 4).
_LINES: dict[bool, dict[str, tuple[tuple[int, int], tuple[int, int]]]] = {
    False: {"T": ((3, 1), (4, 2)), "U": ((4, 1), (3, 2))},
    True: {"T": ((3, 1), (2, 4)), "U": ((2, 1), (3, 4))},
}

#: Per-diagram couplings: (contraction "T" or "U", leg 1-4 that radiates) -> (coefficient,
#: mass M of the internal state in eV). A missing key or a zero coefficient drops the diagram.
Couplings: TypeAlias = dict[tuple[str, int], tuple[Any, Any]]


def _amplitude_sum(antineutrino: bool, p: Sequence[ArrayLike], k: ArrayLike, leg_masses: Sequence[Any],
                   h: tuple[int, int, int], eps: ArrayLike, couplings: Couplings) -> NDArray[Any]:
    """sum_leg c_(T,leg) T_leg - sum_leg c_(U,leg) U_leg for given helicities and polarisation.

    The engine behind :func:`amplitudes` and :func:`channel_amplitudes`. ``p`` = (p1, p2, p3,
    p4), ``leg_masses`` = (m1, m2, m3, m4) the masses of the external spinors (eV), and each
    diagram has its own coefficient and propagator mass M (``couplings``). Inverse
    propagators: (p1 - k)^2 - M^2 = (m1 - M)(m1 + M) - 2 p1.k and (p3 + k)^2 - M^2 =
    (m3 - M)(m3 + M) + 2 p3.k, likewise for legs 2 and 4 (also for antineutrino legs, whose
    fermion-flow momenta -(p2 - k), -(p4 + k) have the same squares).
    """
    p1, p2, p3, p4 = p
    m1, m2, m3, m4 = leg_masses
    V = vertex(k, eps)
    h2, h3, h4 = h
    spinor: dict[int, NDArray[Any]] = {1: D.u_spinor(p1, m1, -1), 3: D.bar(D.u_spinor(p3, m3, h3))}
    if antineutrino:
        spinor[2], spinor[4] = D.bar(D.v_spinor(p2, m2, h2)), D.v_spinor(p4, m4, h4)
    else:
        spinor[2], spinor[4] = D.u_spinor(p2, m2, h2), D.bar(D.u_spinor(p4, m4, h4))
    rows = (2, 3) if antineutrino else (3, 4)
    pk: dict[int, NDArray[Any]] = {}
    dressed: dict[tuple[int, Any], NDArray[Any]] = {}

    def with_photon(leg: int, M: Any) -> NDArray[Any]:
        """The spinor of ``leg`` with the photon vertex and a propagator of mass M attached."""
        if (leg, M) not in dressed:
            pl, ml = p[leg - 1], leg_masses[leg - 1]
            if leg not in pk:
                pk[leg] = K.dot_stable(pl, k, ml, 0.0)
            incoming = leg in (1, 2)
            flow = -1 if antineutrino and leg in (2, 4) else 1   # fermion-flow momentum +-p
            inv = (ml - M) * (ml + M) + (-2.0 if incoming else 2.0) * pk[leg]
            S = _prop([(flow, pl, ml), (-flow if incoming else flow, k, 0.0)], M, inv)
            psi = spinor[leg]
            dressed[leg, M] = _vm(_vm(psi, V), S) if leg in rows else _mv(S, _mv(V, psi))
        return dressed[leg, M]

    J, contract = D.current, D.contract   # J(row, col) = row gamma^a P_L col; J1^mu J2_mu

    def line(name: str, row: int, col: int) -> NDArray[Any] | None:
        """The current of one line with the photon on either of its legs (None if no diagram)."""
        total: NDArray[Any] | None = None
        for leg in (col, row):
            c, M = couplings.get((name, leg), (0, 0.0))
            if c == 0:
                continue
            piece = J(with_photon(leg, M), spinor[col]) if leg == row else J(spinor[row], with_photon(leg, M))
            piece = piece if c == 1 else c * piece
            total = piece if total is None else total + piece
        return total

    parts: dict[str, NDArray[Any]] = {}
    for name, ((ra, ca), (rb, cb)) in _LINES[antineutrino].items():
        a, b = line(name, ra, ca), line(name, rb, cb)
        terms = [contract(x, y) for x, y in ((a, J(spinor[rb], spinor[cb])), (J(spinor[ra], spinor[ca]), b))
                 if x is not None and y is not None]
        if terms:
            parts[name] = terms[0] if len(terms) == 1 else terms[0] + terms[1]
    if "T" in parts and "U" in parts:
        return cast(NDArray[Any], parts["T"] - parts["U"])
    if "T" in parts:
        return parts["T"]
    if "U" in parts:
        return -parts["U"]
    shape = np.broadcast_shapes(*(np.shape(x)[:-1] for x in (*p, k)))
    return np.zeros(shape, dtype=complex)


def amplitudes(process: str, p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike, m: float,
               h: tuple[int, int, int], eps: ArrayLike) -> NDArray[np.complex128]:
    """T - U for given helicities h = (h2, h3, h4) and polarisation vector eps (no couplings).

    Returns the complex amplitude per event such that M = -sqrt(2) G_F mu_nu (T - U). One
    flavour: every coefficient 1, every mass m (:func:`channel_amplitudes` generalises it).
    """
    check_process(process)
    unit = {(name, leg): (1, m) for name in ("T", "U") for leg in (1, 2, 3, 4)}
    return cast(NDArray[np.complex128],
                _amplitude_sum(process == "nunubar", (p1, p2, p3, p4), k, (m, m, m, m), h, eps, unit))


def msq_reference(process: str, p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike,
                  m: float, mu: float, G_F: float = C.G_F) -> FloatArray:
    """Spin-summed (final), relic-averaged |M|^2 in eV^-2 from explicit spinors.

    Parameters
    ----------
    process : {"nunu", "nunubar"}
    p1, p2, p3, p4, k : array_like, shape (..., 4)
        On-shell four-momenta (E, px, py, pz) in eV; p1 + p2 = p3 + p4 + k.
    m : float
        Neutrino mass in eV.
    mu : float
        Magnetic moment in eV^-1 (multiply Bohr magnetons by :data:`~nubrems.core.constants.MU_B`).
    """
    total: Any = 0.0
    for eps in photon_polarisations(k):
        for h2 in (1, -1):
            for h3 in (1, -1):
                for h4 in (1, -1):
                    total = total + np.abs(amplitudes(process, p1, p2, p3, p4, k, m, (h2, h3, h4), eps)) ** 2
    return cast(FloatArray, 0.5 * 2.0 * G_F**2 * mu**2 * total)  # relic average x |sqrt2 G_F mu|^2


# --- three Dirac mass states ----------------------------------------------------------------
def _check_states(states: Sequence[int], masses: Sequence[float], mu: ArrayLike) -> tuple[tuple[int, ...],
                                                                                           tuple[float, ...],
                                                                                           NDArray[np.complex128]]:
    st: tuple[object, ...] = tuple(states)
    if len(st) != 4 or any(isinstance(s, bool) or not isinstance(s, (int, np.integer)) or not 1 <= s <= 3
                           for s in st):
        raise ValueError(f"states must be four mass states (a, b, c, d), each 1, 2 or 3; got {states!r}")
    ms = tuple(float(x) for x in masses)
    if len(ms) != 3 or not all(np.isfinite(x) and x > 0 for x in ms):
        raise ValueError(f"masses must be the three positive masses m_1, m_2, m_3 in eV; got {masses!r}")
    mat = np.asarray(mu, dtype=complex)
    if mat.shape != (3, 3) or not np.all(np.isfinite(mat)):
        raise ValueError(f"mu must be a finite 3 x 3 moment matrix in eV^-1; got shape {mat.shape}")
    return tuple(int(cast(int, s)) for s in st), ms, mat


def channel_couplings(states: Sequence[int], masses: Sequence[float], mu: ArrayLike,
                      relic_antineutrino: bool = False) -> Couplings:
    """Coefficient and propagator mass of every diagram of one three-state Dirac channel.

    Channel nu_a(p1) + X_b(p2) -> nu_c(p3) + X_d(p4) + gamma, X = nu or (``relic_antineutrino``)
    nubar. Weak vertices are diagonal in the mass state (Kronecker deltas); the moment enters
    as mu[out, in] on a neutrino line and mu[in, out] on an antineutrino line (from
    -(1/2) mu_xy nubar_x sigma F nu_y: nu_y annihilates nu_y / creates nubar_y, nubar_x
    creates nu_x / annihilates nubar_x). With 1-based states (a, b, c, d):

    ===========  ==============================  =================================
    diagram      relic neutrino                  relic antineutrino (U = s-type)
    ===========  ==============================  =================================
    T, leg 1     mu[c,a] d(b,d), M = m_c         mu[c,a] d(b,d), M = m_c
    T, leg 3     mu[c,a] d(b,d), M = m_a         mu[c,a] d(b,d), M = m_a
    T, leg 2     mu[d,b] d(a,c), M = m_d         mu[b,d] d(a,c), M = m_d
    T, leg 4     mu[d,b] d(a,c), M = m_b         mu[b,d] d(a,c), M = m_b
    U, leg 1     mu[d,a] d(b,c), M = m_d         mu[b,a] d(c,d), M = m_b
    U, leg 2     mu[c,b] d(a,d), M = m_c         mu[b,a] d(c,d), M = m_a
    U, leg 3     mu[c,b] d(a,d), M = m_b         mu[c,d] d(a,b), M = m_d
    U, leg 4     mu[d,a] d(b,c), M = m_a         mu[c,d] d(a,b), M = m_c
    ===========  ==============================  =================================

    Parameters
    ----------
    states : sequence of 4 ints
        Mass states (a, b, c, d) of legs 1-4, each 1, 2 or 3 (1-based, as in
        :mod:`nubrems.flavour.channels`).
    masses : sequence of 3 floats
        m_1, m_2, m_3 in eV.
    mu : array_like, shape (3, 3)
        Moment matrix in the mass basis, eV^-1 (Hermitian for Dirac neutrinos; not checked,
        so that the index orientation can be tested with any matrix). mu[x-1, y-1] = mu_xy.
    relic_antineutrino : bool
        Legs 2 and 4 are antineutrinos.

    Returns
    -------
    dict
        (contraction "T" or "U", leg) -> (coefficient mu_xy * delta in eV^-1, complex;
        propagator mass in eV).
    """
    (a, b, c, d), ms, mat = _check_states(states, masses, mu)

    def cf(x: int, y: int, i: int, j: int) -> complex:   # mu_xy delta_ij
        return complex(mat[x - 1, y - 1]) if i == j else 0j

    def m(x: int) -> float:
        return ms[x - 1]

    if relic_antineutrino:
        return {("T", 1): (cf(c, a, b, d), m(c)), ("T", 3): (cf(c, a, b, d), m(a)),
                ("T", 2): (cf(b, d, a, c), m(d)), ("T", 4): (cf(b, d, a, c), m(b)),
                ("U", 1): (cf(b, a, c, d), m(b)), ("U", 2): (cf(b, a, c, d), m(a)),
                ("U", 3): (cf(c, d, a, b), m(d)), ("U", 4): (cf(c, d, a, b), m(c))}
    return {("T", 1): (cf(c, a, b, d), m(c)), ("T", 3): (cf(c, a, b, d), m(a)),
            ("T", 2): (cf(d, b, a, c), m(d)), ("T", 4): (cf(d, b, a, c), m(b)),
            ("U", 1): (cf(d, a, b, c), m(d)), ("U", 4): (cf(d, a, b, c), m(a)),
            ("U", 2): (cf(c, b, a, d), m(c)), ("U", 3): (cf(c, b, a, d), m(b))}


def _channel_diagrams(states: Sequence[int], masses: Sequence[float], mu: ArrayLike, relic_antineutrino: bool,
                      radiating_legs: Sequence[int]) -> tuple[Couplings, tuple[float, ...]]:
    """The diagrams kept (:func:`channel_couplings` of the radiating legs) and the four leg masses."""
    couplings = {key: value for key, value in channel_couplings(states, masses, mu, relic_antineutrino).items()
                 if key[1] in radiating_legs}
    ms = tuple(float(x) for x in masses)
    return couplings, tuple(ms[s - 1] for s in states)


def channel_amplitudes(p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike,
                       states: Sequence[int], masses: Sequence[float], mu: ArrayLike, h: tuple[int, int, int],
                       eps: ArrayLike, relic_antineutrino: bool = False,
                       radiating_legs: Sequence[int] = (1, 2, 3, 4)) -> NDArray[np.complex128]:
    """Amplitude A (eV^-1 times spinor products) of one three-state Dirac channel, M = -sqrt(2) G_F A.

    A = sum_legs c_(T,leg) T_leg - sum_legs c_(U,leg) U_leg with the coefficients and
    propagator masses of :func:`channel_couplings`; for one flavour (equal masses,
    mu = mu0 * identity, states (1, 1, 1, 1)) A = mu0 * :func:`amplitudes`.

    Parameters
    ----------
    p1, p2, p3, p4, k : array_like, shape (..., 4)
        On-shell four-momenta in eV, p1 + p2 = p3 + p4 + k, with masses m_a, m_b, m_c, m_d, 0.
    states, masses, mu, relic_antineutrino
        As in :func:`channel_couplings` (states 1-based; masses in eV; mu in eV^-1).
    h : tuple of 3 ints
        Helicities (h2, h3, h4) = +-1 (twice the helicity) of legs 2-4; the solar
        neutrino has helicity -1/2.
    eps : array_like, shape (..., 4)
        Real photon polarisation vector.
    radiating_legs : sequence of ints
        Keep only the diagrams with the photon on these legs (default all four).
    """
    couplings, leg_masses = _channel_diagrams(states, masses, mu, relic_antineutrino, radiating_legs)
    return cast(NDArray[np.complex128],
                _amplitude_sum(relic_antineutrino, (p1, p2, p3, p4), k, leg_masses, h, eps, couplings))


def channel_msq_reference(p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike,
                          states: Sequence[int], masses: Sequence[float], mu: ArrayLike,
                          relic_antineutrino: bool = False, G_F: float = C.G_F,
                          radiating_legs: Sequence[int] = (1, 2, 3, 4)) -> FloatArray:
    """|M|^2 in eV^-2 of one three-state Dirac channel, from explicit spinors.

    Same conventions as :func:`msq_reference`: M = -sqrt(2) G_F (T - U) with the moment
    matrix in the couplings, relic spin averaged (1/2), final spins and both photon
    polarisations summed, solar neutrino helicity -1/2, no symmetry factor.

    Parameters
    ----------
    p1, p2, p3, p4, k : array_like, shape (..., 4)
        On-shell four-momenta (E, px, py, pz) in eV, masses m_a, m_b, m_c, m_d and 0.
    states : sequence of 4 ints
        Mass states (a, b, c, d) of the solar neutrino, the relic, the outgoing neutrino and
        the outgoing neutrino (antineutrino if ``relic_antineutrino``); 1-based.
    masses : sequence of 3 floats
        Masses m_1, m_2, m_3 of the mass states, eV.
    mu : array_like, shape (3, 3)
        Moment matrix mu_xy = mu[x-1, y-1] in the mass basis, eV^-1.
    relic_antineutrino : bool
        The relic (and leg 4) is an antineutrino.
    G_F : float
        Fermi constant, eV^-2.
    radiating_legs : sequence of ints
        Keep only the diagrams with the photon on these legs (default all four).
    """
    couplings, leg_masses = _channel_diagrams(states, masses, mu, relic_antineutrino, radiating_legs)
    p = (p1, p2, p3, p4)
    total: Any = 0.0
    for eps in photon_polarisations(k):
        for h2 in (1, -1):
            for h3 in (1, -1):
                for h4 in (1, -1):
                    amp = _amplitude_sum(relic_antineutrino, p, k, leg_masses, (h2, h3, h4), eps, couplings)
                    total = total + np.abs(amp) ** 2
    return cast(FloatArray, 0.5 * 2.0 * G_F**2 * total)


# --- three Majorana mass states -------------------------------------------------------------
#: Charge conjugation C = i gamma^2 gamma^0 (C gamma^mu^T C^-1 = -gamma^mu, C^T = -C).
CHARGE_CONJUGATION = 1j * D.GAMMA[2] @ D.GAMMA[0]
#: The three contractions of four Majorana legs, each as two lines (row leg, column leg) with
#: the fermion flow from the column leg to the row leg: the default flow.
MAJORANA_FLOWS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "13": ((3, 1), (4, 2)), "14": ((4, 1), (3, 2)), "12": ((2, 1), (3, 4))}
_REFERENCE_ORDER = (3, 1, 4, 2)


def _permutation_sign(order: Sequence[int]) -> int:
    """(-1)^P for the order of the external spinors relative to (3, 1, 4, 2)."""
    pos = [_REFERENCE_ORDER.index(leg) for leg in order]
    sign = 1
    for i in range(len(pos)):
        for j in range(i + 1, len(pos)):
            if pos[i] > pos[j]:
                sign = -sign
    return sign


def _v_majorana(p: ArrayLike, m: float, h: int) -> NDArray[Any]:
    """v(p, h) = C ubar(p, h)^T, the spinor of the same Majorana state with reversed fermion flow."""
    return _mv(np.broadcast_to(CHARGE_CONJUGATION, (*np.shape(p)[:-1], 4, 4)),
               np.einsum("ab,...b->...a", D.GAMMA[0].T, np.conj(D.u_spinor(p, m, h))))


def majorana_amplitudes(p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike,
                        states: Sequence[int], masses: Sequence[float], mu: ArrayLike, h: tuple[int, int, int],
                        eps: ArrayLike,
                        flows: dict[str, tuple[tuple[int, int], tuple[int, int]]] | None = None,
                        radiating_legs: Sequence[int] = (1, 2, 3, 4)) -> NDArray[np.complex128]:
    """Amplitude A of nu_a nu_b -> nu_c nu_d gamma for Majorana mass states, M = -sqrt(2) G_F A.

    Feynman rules for Majorana fermions with a continuous fermion flow (Denner, Eck, Hahn,
    Kublbeck, Nucl. Phys. B387 (1992) 467):

    * neutral current: sum_k nubar_k g^a P_L nu_k = -(1/2) sum_k nubar_k g^a g5 nu_k (the
      vector current of a Majorana field vanishes); each Majorana bilinear contracts with a
      line in two ways, and g^a g5 is invariant under reversal of the flow
      (C (g^a g5)^T C^-1 = g^a g5), so each bilinear gives -g^a g5; with the factor 2 of the
      two currents, a contraction is -sqrt(2) G_F [g^a g5] x [g_a g5];
    * magnetic vertex from -(1/2) sum_xy mu_xy nubar_x sigma F nu_y with mu antisymmetric:
      the (x, y) and (y, x) terms give the same operator (nubar_y sigma nu_x = -nubar_x sigma
      nu_y), so for the flow from state y to state x the vertex is 2 mu_xy sigma^{rho nu}
      k_rho eps*_nu, twice the Dirac vertex of the same entry; reversing the flow gives
      2 mu_yx sigma = C (2 mu_xy sigma)^T C^-1, consistently;
    * all three contractions (13)(24), (14)(23), (12)(34), each with the sign (-1)^P of the
      permutation P of its external spinors, read along the lines (row, column, row,
      column), relative to the order (3, 1, 4, 2);
    * external spinors by the flow: incoming leg at the start of a flow u(p), at its end
      vbar(p); outgoing leg at the end ubar(p), at the start v(p), with v = C ubar^T
      (:data:`CHARGE_CONJUGATION`); propagators (q-slash + M)/(q^2 - M^2) with q along the
      flow and M the mass of the internal state (the weak vertex is diagonal).

    Parameters
    ----------
    p1, p2, p3, p4, k : array_like, shape (..., 4)
        On-shell momenta in eV with masses m_a, m_b, m_c, m_d, 0.
    states : sequence of 4 ints
        Mass states (a, b, c, d), 1-based.
    masses : sequence of 3 floats
        m_1, m_2, m_3 in eV.
    mu : array_like, shape (3, 3)
        Moment matrix mu[x-1, y-1] = mu_xy in eV^-1 (antisymmetric, purely imaginary for
        Majorana neutrinos; not checked).
    h : tuple of 3 ints
        Helicities (h2, h3, h4) = +-1; the solar neutrino (leg 1) has helicity -1/2.
    eps : array_like, shape (..., 4)
        Real photon polarisation vector.
    flows : dict, optional
        Fermion flow of each contraction, as :data:`MAJORANA_FLOWS` (the default); any line
        may be reversed, e.g. ``{"13": ((3, 1), (2, 4)), ...}``: the result does not change.
    radiating_legs : sequence of ints
        Keep only the diagrams with the photon on these legs (default all four).
    """
    (sa, sb, sc, sd), ms, mat = _check_states(states, masses, mu)
    st = {1: sa, 2: sb, 3: sc, 4: sd}
    p = {1: p1, 2: p2, 3: p3, 4: p4}
    mleg = {leg: ms[s - 1] for leg, s in st.items()}
    hel = {1: -1, 2: h[0], 3: h[1], 4: h[2]}
    V = vertex(k, eps)
    G5 = D.GAMMA5
    cache: dict[tuple[int, bool], NDArray[Any]] = {}

    def external(leg: int, row: bool) -> NDArray[Any]:
        if (leg, row) not in cache:
            incoming = leg in (1, 2)
            if incoming != row:       # u (incoming, flow starts) or ubar (outgoing, flow ends)
                u = D.u_spinor(p[leg], mleg[leg], hel[leg])
                cache[leg, row] = D.bar(u) if row else u
            else:                      # vbar (incoming, flow ends) or v (outgoing, flow starts)
                v = _v_majorana(p[leg], mleg[leg], hel[leg])
                cache[leg, row] = D.bar(v) if row else v
        return cache[leg, row]

    def dressed(leg: int, row: bool, M: float) -> NDArray[Any]:
        incoming = leg in (1, 2)
        flow = 1 if incoming != row else -1        # flow momentum +p or -p
        pk = K.dot_stable(p[leg], k, mleg[leg], 0.0)
        inv = (mleg[leg] - M) * (mleg[leg] + M) + (-2.0 if incoming else 2.0) * pk
        S = _prop([(flow, p[leg], mleg[leg]), (-flow if incoming else flow, k, 0.0)], M, inv)
        psi = external(leg, row)
        return _vm(_vm(psi, V), S) if row else _mv(S, _mv(V, psi))

    def J(row: NDArray[Any], col: NDArray[Any]) -> NDArray[Any]:
        return D.current(row, col, G5)

    total: Any = 0.0
    for name, lines in (flows or MAJORANA_FLOWS).items():
        (ra, ca), (rb, cb) = lines
        if {ra, ca, rb, cb} != {1, 2, 3, 4} or {frozenset((ra, ca)), frozenset((rb, cb))} != {
                frozenset(int(x) for x in name[:2]), frozenset({1, 2, 3, 4} - {int(x) for x in name[:2]})}:
            raise ValueError(f"flow of contraction {name} must pair legs {name[0]}-{name[1]}; got {lines}")
        sign = _permutation_sign((ra, ca, rb, cb))
        for (r, c), (r2, c2) in (((ra, ca), (rb, cb)), ((rb, cb), (ra, ca))):
            if st[r2] != st[c2]:        # the bare line: diagonal weak vertex
                continue
            bare = J(external(r2, True), external(c2, False))
            for leg in (c, r):
                if leg not in radiating_legs:
                    continue
                if leg == c:     # flow from the external state into the internal state X = st[r]
                    X = st[r]
                    coef = 2.0 * complex(mat[X - 1, st[c] - 1])
                    if coef == 0:
                        continue
                    cur = J(external(r, True), dressed(c, False, ms[X - 1]))
                else:            # flow from the internal state X = st[c] out to the external state
                    X = st[c]
                    coef = 2.0 * complex(mat[st[r] - 1, X - 1])
                    if coef == 0:
                        continue
                    cur = J(dressed(r, True, ms[X - 1]), external(c, False))
                total = total + sign * coef * D.contract(cur, bare)
    if isinstance(total, float):
        return np.zeros(np.broadcast_shapes(*(np.shape(x)[:-1] for x in (p1, p2, p3, p4, k))), dtype=complex)
    return cast(NDArray[np.complex128], total)


def majorana_msq_reference(p1: ArrayLike, p2: ArrayLike, p3: ArrayLike, p4: ArrayLike, k: ArrayLike,
                           states: Sequence[int], masses: Sequence[float], mu: ArrayLike, G_F: float = C.G_F,
                           flows: dict[str, tuple[tuple[int, int], tuple[int, int]]] | None = None,
                           radiating_legs: Sequence[int] = (1, 2, 3, 4)) -> FloatArray:
    """|M|^2 in eV^-2 of nu_a nu_b -> nu_c nu_d gamma for three Majorana mass states.

    Solar state a with helicity -1/2, relic state b averaged over its two helicities, final
    states c, d and the photon polarisations summed, no symmetry factor (1/2 for c = d is the
    caller's). Rules in :func:`majorana_amplitudes`; M = -sqrt(2) G_F A.

    Parameters
    ----------
    p1, p2, p3, p4, k : array_like, shape (..., 4)
        On-shell momenta in eV (masses m_a, m_b, m_c, m_d, 0).
    states : sequence of 4 ints
        (a, b, c, d), 1-based.
    masses : sequence of 3 floats
        m_1, m_2, m_3 in eV.
    mu : array_like, shape (3, 3)
        Antisymmetric moment matrix, eV^-1.
    G_F : float
        Fermi constant, eV^-2.
    flows : dict, optional
        Fermion flows (:func:`majorana_amplitudes`).
    radiating_legs : sequence of ints
        Keep only the diagrams with the photon on these legs (default all four).

    Notes
    -----
    Ultra-relativistic limit (every particle with E >> m, checked in the tests): for a
    photon on leg L = 2, 3 or 4 alone, with the same Hermitian matrix mu for both natures,
    |M_L(Majorana a b -> c d)|^2 = 4 [|M_L(nu_a nu_b -> nu_c nu_d)|^2
    + |M_L(nu_a nubar_b -> nu_c nubar_d)|^2 + |M_L(nu_a nubar_b -> nubar_c(p3) nu_d(p4))|^2]
    (Dirac channels): the 4 is the square of the Majorana vertex 2 mu_xy; a Majorana helicity
    state -1/2 (+1/2) plays the Dirac neutrino (antineutrino) on the weak legs, and the
    radiating leg the Dirac sterile state of the other helicity. The full Majorana |M|^2 is
    not such a sum: the solar leg radiates too (into an active +1/2 state, while a Dirac
    nu_L -> nu_R emission there is mass-suppressed), and the two legs of the radiating line
    interfere at O(1) in the same helicity configuration.
    """
    total: Any = 0.0
    for eps in photon_polarisations(k):
        for h in itertools.product((1, -1), repeat=3):
            amp = majorana_amplitudes(p1, p2, p3, p4, k, states, masses, mu, (h[0], h[1], h[2]), eps, flows,
                                      radiating_legs)
            total = total + np.abs(amp) ** 2
    return cast(FloatArray, 0.5 * 2.0 * G_F**2 * total)
