"""Symbolic derivation of the spin-summed Majorana |M|^2 with FORM, exported to numpy code.

Run ``python -m nubrems.amplitudes.majorana_form`` to regenerate :mod:`nubrems.amplitudes.generated.majorana`
(FORM binary needed, Debian package ``form``; the package only needs the committed file).

The process is nu_a(p1) nu_b(p2) -> nu_c(p3) nu_d(p4) gamma(k) for three Majorana mass states,
with the Feynman rules of :func:`nubrems.amplitudes.helicity.majorana_amplitudes` (Denner, Eck, Hahn,
Kublbeck, Nucl. Phys. B387 (1992) 467): every contraction (13)(24), (14)(23), (12)(34) of the
four legs, each with a continuous fermion flow, weak vertices gamma^a gamma5, the magnetic
vertex 2 mu_xy sigma^{rho nu} k_rho eps*_nu for the flow y -> x, propagators
(q-slash + M)/(q^2 - M^2) with q along the flow. A = sum_c A_c and M = -sqrt2 G_F A.

Couplings
---------
With the reference's flows (:data:`nubrems.amplitudes.helicity.MAJORANA_FLOWS`) line L of contraction c
runs from its column leg to its row leg, and both of its photon diagrams carry
2 mu[s_row, s_col] (the weak vertex keeps the state, so the internal state is the other
end's). The coupling of the line, with the sign (-1)^P of the contraction and the Kronecker
delta of the other (bare) line, is a FORM symbol: g13a, g13b, g14a, g14b, g12a, g12b (``a``
the line holding the solar leg 1, ``b`` the other). A Majorana moment matrix is
antisymmetric and Hermitian, so purely imaginary: every diagram has one moment, A is i
times a real combination and the g's are real (Im of the products above), so no relative
phase enters and |A|^2 is a real polynomial in them.

Spin sums and flows
-------------------
The solar leg 1 is always the start of its flow, u(p1), with the helicity -1/2 projector
(p1-slash + m1)(1 + gamma5 s1-slash)/2, s1 = -((p1.p2) p1 - m1^2 p2)/(m1 D). For the product
A_c A_c'^* both amplitudes are written with the same spinor kind on every leg: the flow
starts at leg 1 and at one more leg x, and ends at the other two (u(p) or v(p) where a flow
starts at an incoming or outgoing leg, ubar(p) or vbar(p) where it ends). Two contractions
pair across such a split exactly when x is leg 1's partner in the third contraction, so
(13, 14) use x = 2, (13, 12) x = 4, (14, 12) x = 3. Reversing a line changes the sign of the
permutation and of its moment (mu antisymmetric) and transposes its chain, which is the
reference's flow independence: a radiating line keeps its coupling, a bare reversed line
takes a factor -1. Spin sums are u ubar = p-slash + m, v vbar = p-slash - m (relic averaged,
1/2), the photon polarisation sum is -g. A_c A_c^* is a product of two traces, A_c A_c'^*
(c != c') one trace through all four legs.

Each propagator's mass is the mass of the other end of its line, so the only masses are
m1..m4; its denominator is den_lj = 1/((p_l -+ k)^2 - m_j^2) (- for incoming l) for the
photon on leg l of the line (l, j): twelve of them, reduced in FORM with
den_lj p_l.k = -+ (1 - (m_l^2 - m_j^2) den_lj)/2.

After momentum conservation every Levi-Civita tensor is eps(p2, p3, p4, k); its coefficient
vanishes on shell (checked numerically by :func:`check_levi_civita` before it is dropped).

The solar spin drops out: with axial weak vertices and the magnetic vertex every trace with
the spin vector s1 is a Levi-Civita term, so P12 and 1/D never appear (checked in
:func:`leading_terms`) and |M|^2 is the same for either solar helicity.

Leading part
------------
The generated code (:func:`generate`) holds the leading part only: the terms without a mass,
with den_lj -> den_l = -+1/(2 p_l.k) (the massless inverse propagator), one factored
coefficient per product of two couplings. The full result (:func:`full_result`, evaluated
with :func:`evaluate` and :func:`namespace`) also holds the propagator poles of the real
radiative decays nu_i -> nu_j gamma (m_l > m_j); the tests check it against the spinors.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nubrems.amplitudes.form import form_version, function_code, parse_terms, run_form
from nubrems.core.processes import INVARIANTS
from nubrems.kinematics import vectors as K
from nubrems.kinematics.phasespace import ChannelMap

__all__ = ["CONTRACTIONS", "COUPLINGS", "DENOMINATORS", "GENERATED", "check_levi_civita", "evaluate", "flows",
           "form_program", "full_result", "generate", "leading_terms", "main", "namespace"]

GENERATED = Path(__file__).parent / "generated" / "majorana.py"

#: The contractions, named by the leg paired with the solar leg 1's partner pair (the
#: reference's names), with their default flows (row leg, column leg) per line: line ``a``
#: holds leg 1.
CONTRACTIONS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "13": ((3, 1), (4, 2)), "14": ((4, 1), (3, 2)), "12": ((2, 1), (3, 4))}
#: Coupling symbols, in the order of the generated function's arguments.
COUPLINGS = tuple(f"g{c}{line}" for c in CONTRACTIONS for line in "ab")
#: The twelve denominators den_lj: photon on leg l of the line whose other end is leg j.
DENOMINATORS = tuple(f"den{l}{j}" for l in range(1, 5) for j in range(1, 5) if l != j)


def flows(c: str, c2: str) -> dict[str, tuple[tuple[int, int], tuple[int, int]]]:
    """Flows (row, column) of the lines of contractions ``c`` and ``c2`` with equal spinor kinds.

    Both flows start at leg 1 and at leg x: x = 1's partner in the third contraction (for
    c != c2), or the partner of 1's partner in ``c`` (c == c2: the default flow).
    """
    if c == c2:
        return {c: CONTRACTIONS[c]}
    third = next(name for name in CONTRACTIONS if name not in (c, c2))
    x = int(third[1])
    starts = {1, x}
    out = {}
    for name in (c, c2):
        lines = []
        for row, col in CONTRACTIONS[name]:
            lines.append((row, col) if col in starts else (col, row))
        out[name] = (lines[0], lines[1])
    return out


# --- the FORM program ------------------------------------------------------------------
def _V(mu: str) -> str:
    """sigma^{rho mu} k_rho = (i/2)(kslash gamma^mu - gamma^mu kslash), spin line 1."""
    return f"(i_/2*(g_(1,k)*g_(1,{mu})-g_(1,{mu})*g_(1,k)))"


def _S(terms: Sequence[tuple[str, str]], mass: str) -> str:
    return "(" + "".join(f"{sign}g_(1,{v})" for sign, v in terms) + f"+{mass})"


def _G(index: str) -> str:
    """gamma^index gamma5, self-adjoint (bar(gamma^a gamma5) = gamma^a gamma5)."""
    return f"g_(1,{index})*g5_(1)"


def _incoming(leg: int) -> bool:
    return leg in (1, 2)


def _chain(row: int, col: int, photon: int | None, index: str, pol: str, bar: bool) -> list[str]:
    """Factors of the matrix between the row and the column spinor of one line.

    photon None: gamma^a gamma5; on the column leg: G S(q_col - k, m_row) V den_{col,row};
    on the row leg: V S(q_row + k, m_col) G den_{row,col}; q the flow momentum (+p where the
    flow starts at an incoming or ends at an outgoing leg, else -p). ``bar``: the Dirac
    adjoint, the factors in reverse order (each factor is self-adjoint).
    """
    if photon is None:
        return [_G(index)]
    if photon == col:
        sign = "+" if _incoming(col) else "-"
        factors = [_G(index), _S([(sign, f"p{col}"), ("-", "k")], f"m{row}"), _V(pol), f"den{col}{row}"]
    else:
        sign = "+" if not _incoming(row) else "-"
        factors = [_V(pol), _S([(sign, f"p{row}"), ("+", "k")], f"m{col}"), _G(index), f"den{row}{col}"]
    return factors[2::-1] + factors[3:] if bar else factors


def _projector(leg: int, start: bool) -> str:
    """Spin sum of a leg: u ubar = p-slash + m (flow starts at an incoming leg or ends at an
    outgoing one), v vbar = p-slash - m otherwise; the solar helicity projector; the relic 1/2."""
    if leg == 1:
        return "(g_(1,p1)+m1)*(gi_(1)+g5_(1)*g_(1,s1))/2"
    u_type = start == _incoming(leg)
    proj = f"(g_(1,p{leg}){'+' if u_type else '-'}m{leg})"
    return proj + "/2" if leg == 2 else proj


def _product(c: str, line: int, c2: str, line2: int) -> str:
    """sum over photon legs of (line ``line`` of A_c radiating) x conj(line ``line2`` of A_c2 radiating),
    traced, times the flow factors, the couplings and -g of the polarisation sum."""
    fl = flows(c, c2)
    mine, theirs = fl[c], fl[c2]

    def factor(name: str, lines: tuple[tuple[int, int], tuple[int, int]], radiating: int) -> int:
        """(-1) for a bare line that is reversed relative to the default flow (module docstring)."""
        bare = lines[1 - radiating]
        return -1 if bare != CONTRACTIONS[name][1 - radiating] else 1

    sign = factor(c, mine, line) * factor(c2, theirs, line2)
    starts = {col for _, col in mine}
    terms = []
    for ph in mine[line][::-1]:                 # photon on the column leg, then the row leg
        for ph2 in theirs[line2][::-1]:
            loops = []
            done: set[int] = set()
            for first in (0, 1):
                if first in done:
                    continue
                factors: list[str] = []
                i = first
                while True:
                    done.add(i)
                    row, col = mine[i]
                    factors += _chain(row, col, ph if i == line else None, "al", "mu", False)
                    factors.append(_projector(col, True))
                    j = next(n for n in (0, 1) if theirs[n][1] == col)
                    row2, col2 = theirs[j]
                    factors += _chain(row2, col2, ph2 if j == line2 else None, "be", "nu", True)
                    factors.append(_projector(row2, row2 in starts))
                    i = next(n for n in (0, 1) if mine[n][0] == row2)
                    if i == first:
                        break
                loops.append(factors)
            if len(loops) == 1:
                terms.append("*".join(loops[0]))
            else:
                # two traces: the second on spin line 2
                second = "*".join(loops[1]).replace("(1,", "(2,").replace("_(1)", "_(2)")
                terms.append("*".join(loops[0]) + "*" + second)
    coupling = f"g{c}{'ab'[line]}*g{c2}{'ab'[line2]}"
    sgn = "-" if sign < 0 else "+"
    return f" {sgn}{coupling}*(\n   " + "\n + ".join(terms) + ")"


def form_program() -> str:
    """The FORM program whose output is (1/2) sum |A|^2 (relic average) with real couplings g."""
    body = []
    for c, c2 in itertools.product(CONTRACTIONS, repeat=2):
        for line, line2 in itertools.product((0, 1), repeat=2):
            body.append(_product(c, line, c2, line2))
    reductions = []
    for l, j in itertools.permutations(range(1, 5), 2):
        if _incoming(l):   # 1/den = m_l^2 - m_j^2 - 2 p_l.k
            reductions.append(f"repeat id den{l}{j}*p{l}.k = (m{l}^2 - m{j}^2)/2*den{l}{j} - 1/2;")
        else:              # 1/den = m_l^2 - m_j^2 + 2 p_l.k
            reductions.append(f"repeat id den{l}{j}*p{l}.k = 1/2 - (m{l}^2 - m{j}^2)/2*den{l}{j};")
    return f"""#-
Off Statistics;
Symbols m1, m2, m3, m4, {", ".join(COUPLINGS)}, {", ".join(DENOMINATORS)}, iD, P12, im1;
Vectors p1, p2, p3, p4, k, s1;
Indices al, be, mu, nu;
* sum over photon polarisations: -g_(mu,nu)
Local F = -d_(mu,nu)*(
{chr(10).join(body)});
trace4,1;
trace4,2;
contract;
* helicity -1/2 spin vector of the solar neutrino (iD = 1/D, im1 = 1/m1 as a symbol)
id s1 = -(P12*p1 - m1^2*p2)*iD*im1;
repeat id im1*m1 = 1;
id p1.p1 = m1^2; id p2.p2 = m2^2; id p3.p3 = m3^2; id p4.p4 = m4^2; id k.k = 0;
* momentum conservation p1 = p3 + p4 + k - p2 inside the Levi-Civita tensors
id e_(p1,p2,p3,p4) = e_(k,p2,p3,p4);
id e_(p1,p2,p3,k) = e_(p4,p2,p3,k);
id e_(p1,p2,p4,k) = e_(p3,p2,p4,k);
id e_(p1,p3,p4,k) = -e_(p2,p3,p4,k);
* inverse propagators
{chr(10).join(reductions)}
.sort
Format 255;
Print +s;
.end
"""


# --- numerical check of the Levi-Civita terms -----------------------------------------------
def evaluate(terms: str, namespace: dict[str, Any], chunk: int = 200) -> Any:
    """A sum of FORM monomials (:func:`nubrems.amplitudes.form.parse_terms`) evaluated in chunks
    (a single ``eval`` of thousands of terms exceeds Python's parser recursion limit)."""
    monomials = re.findall(r"[+-][^+-]+", terms)
    total: Any = 0.0
    for i in range(0, len(monomials), chunk):
        total = total + eval("".join(monomials[i:i + chunk]), {}, namespace)  # noqa: S307 (our FORM output)
    return total


def namespace(inv: Mapping[str, Any], masses: Sequence[float], couplings: Sequence[float]) -> dict[str, Any]:
    """Values of every symbol of the FORM result: the invariants (eV^2), m1..m4 (eV), the
    couplings in the order of :data:`COUPLINGS`, and den_lj from the masses (eV^-2)."""
    m = dict(zip(("m1", "m2", "m3", "m4"), masses, strict=True))
    ns: dict[str, Any] = dict(inv)
    m1, m2 = masses[0], masses[1]
    D = np.sqrt((inv["p1p2"] - m1 * m2) * (inv["p1p2"] + m1 * m2))
    ns.update(m, P12=inv["p1p2"], iD=1.0 / D, im1=1.0 / m1 if m1 else 0.0)
    ns.update(zip(COUPLINGS, couplings, strict=True))
    for l, j in itertools.permutations(range(1, 5), 2):
        pk = inv[f"p{l}k"]
        ml, mj = masses[l - 1], masses[j - 1]
        ns[f"den{l}{j}"] = 1.0 / ((ml - mj) * (ml + mj) + (-2.0 if l < 3 else 2.0) * pk)
    return ns


def check_levi_civita(plain: str, eps_coefficient: str, seed: int = 1) -> float:
    """Largest |eps-term / rest| over random events with four distinct masses and random
    couplings (off the propagator poles); must be at rounding level to drop the eps terms."""
    rng = np.random.default_rng(seed)
    worst = 0.0
    for E, masses in ((5.0, (0.7, 1.2, 1.5, 0.9)), (300.0, (0.3, 1.0, 0.2, 0.1)), (40.0, (1.0, 1.0, 0.5, 0.5))):
        x = rng.random((200, 5))
        x[:, 0] = 0.05 + 0.9 * x[:, 0]
        x[:, [1, 3]] = 0.1 + 0.8 * x[:, [1, 3]]
        pt = ChannelMap(E, masses)(x)
        ns = namespace(pt.invariants, masses, [float(x) for x in rng.uniform(-2.0, 2.0, len(COUPLINGS))])
        rest = evaluate(plain, ns)
        _, p2, p3, p4, k = pt.momenta
        odd = evaluate(eps_coefficient, ns) * K.levi_civita(p2, p3, p4, k)
        worst = max(worst, float(np.max(np.abs(odd / rest))))
    return worst


# --- code generation --------------------------------------------------------------------------
def leading_terms(plain: str) -> Any:
    """The leading part of the FORM result as a sympy expression, one factored coefficient per
    product of two couplings: the terms without a mass, with den_lj -> den_l."""
    import sympy as sp  # lazy: the [derive] extra, only to regenerate |M|^2

    names = (*INVARIANTS, "m1", "m2", "m3", "m4", *COUPLINGS, *DENOMINATORS, "den1", "den2", "den3", "den4")
    sym = {s: sp.Symbol(s) for s in names}
    unknown = set(re.findall(r"[A-Za-z_]\w*", plain)) - set(names)
    if unknown:   # P12, iD: the solar spin would enter; it does not (module docstring)
        raise RuntimeError(f"unexpected symbols in the FORM result: {sorted(unknown)}")
    massless = "".join(t for t in re.findall(r"[+-][^+-]+", plain) if not re.search(r"\bm\d", t))
    expr = sp.expand(sp.sympify(massless, locals=sym).subs({sym[d]: sym[f"den{d[3]}"] for d in DENOMINATORS}))
    gs = [sym[g] for g in COUPLINGS]
    pairs = sp.collect(expr, [gi * gj for i, gi in enumerate(gs) for gj in gs[i:]], evaluate=False)
    if set(pairs) - {gi * gj for gi in gs for gj in gs}:
        raise RuntimeError("a leading term without two couplings")
    return sp.Add(*(pair * sp.factor(coefficient) for pair, coefficient in pairs.items()))


def _numpy_code(plain: str) -> str:
    """The leading part as a numpy function of the invariants and the six couplings."""
    import sympy as sp  # lazy: the [derive] extra, only to regenerate |M|^2

    leading = leading_terms(plain)
    replacements, (lead_r,) = sp.cse([leading], optimizations="basic")
    args = ", ".join((*INVARIANTS, *COUPLINGS))
    lines = [f"def trace_majorana({args}):",
             '    """(1/2) sum |A|^2 of one Majorana channel, leading part (generated)."""',
             "    den1, den2 = -0.5 / p1k, -0.5 / p2k",
             "    den3, den4 = 0.5 / p3k, 0.5 / p4k"]
    return function_code(lines, replacements, [lead_r])


def full_result() -> tuple[str, str]:
    """Run FORM: the full (1/2) sum |A|^2 as (terms without, coefficient of) eps(p2, p3, p4, k),
    Python expressions in the symbols of :func:`namespace` (evaluate with :func:`evaluate`)."""
    return parse_terms(run_form(form_program()))


def generate() -> str:
    """Run FORM and return the text of :mod:`nubrems.amplitudes.generated.majorana`."""
    import sympy  # lazy: the [derive] extra, only to regenerate |M|^2

    plain, eps = full_result()
    worst = check_levi_civita(plain, eps)
    if worst > 1e-10:
        raise RuntimeError(f"Majorana: Levi-Civita terms do not cancel (relative {worst:.2e})")
    header = ('"""Spin-summed |A|^2 of nu_a nu_b -> nu_c nu_d gamma for Majorana mass states, leading part.\n\n'
              "GENERATED by `python -m nubrems.amplitudes.majorana_form` -- do not edit. Derivation: FORM program\n"
              "in nubrems.amplitudes.majorana_form.form_program; |M|^2 = 2 G_F^2 trace_majorana(...).\n"
              "Inputs: the invariants p_i.p_j, p_i.k (eV^2) and the real line couplings g13a, g13b,\n"
              "g14a, g14b, g12a, g12b (any unit); masses set to zero in the numerators, den_l = -+1/(2 p_l.k).\n"
              f"Tools: {form_version()}; sympy {sympy.__version__} (common-subexpression elimination).\n"
              '"""\n\nimport numpy as np  # noqa: F401 (the generated expressions may use it)\n\n\n')
    return header + _numpy_code(plain)


def main() -> None:
    GENERATED.write_text(generate())
    print(f"wrote {GENERATED}")


if __name__ == "__main__":
    main()
