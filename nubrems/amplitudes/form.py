"""Symbolic derivation of the spin-summed |M|^2 with FORM, exported to numpy code.

Run ``python -m nubrems.amplitudes.form`` to regenerate :mod:`nubrems.amplitudes.generated.dirac` and
:mod:`nubrems.amplitudes.generated.transition` (``make amplitudes`` does the same). It needs the
FORM binary (Debian package ``form``); the package itself only needs the generated files,
which are committed.

Why FORM: Dirac traces with gamma5 in four dimensions (``trace4``) are FORM's home ground
and it is the field's standard tool; sympy's gamma-matrix module has no gamma5. FORM is
driven through a plain ``.frm`` program on its standard input/output (the same as
``python-form`` does, without the extra dependency).

The derivation
--------------
With the chiral Fierz identity both Wick contractions add, for every photon insertion, so
M = -2 sqrt2 G_F mu_nu T with T = L1 . L2 a product of two fermion lines:

* line 1, ubar(p3) X1 u(p1), X1 = Gamma S(p1 - k) V + V S(p3 + k) Gamma (photon on it), or
  Gamma (photon elsewhere), Gamma = gamma^a P_L, V = sigma^{rho mu} k_rho;
* line 2, ubar(p4) X2 u(p2) for nu nu, vbar(p2) X2 v(p4) for nu nubar.

Summing |T|^2 over spins (solar u1 ubar1 = (p1slash + m)(1 + gamma5 s1slash)/2 with
s1 = -((p1.p2) p1 - m^2 p2)/(m D), relic averaged) and over photon polarisations
(-g_{mu nu}, exact because the magnetic vertex is gauge invariant by itself) gives
products of two traces. After momentum conservation p1 = p3 + p4 + k - p2 every
Levi-Civita term is proportional to eps(p2, p3, p4, k); its coefficient vanishes (it is
T-odd and the tree amplitude has no phase), which :func:`check_levi_civita` verifies
numerically before it is dropped. The result is a polynomial in the ten products p_i.p_j,
p_i.k, the mass m, P12/D and the inverse propagators den_i = 1/((p_i -+ k)^2 - m^2).

The three-flavour channels: :func:`form_program` with ``channel=True`` gives four masses
and one coupling per leg (diagonal moments: each propagator has its own leg's mass); with
``transition=True`` the exact form for any moment matrix, whose propagator masses depend on
the contraction (:func:`generate_transition`).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nubrems.core._typing import FloatArray
from nubrems.core.processes import INVARIANTS, PROCESSES, check_process
from nubrems.kinematics import vectors as K
from nubrems.kinematics.phasespace import ChannelMap

__all__ = ["GENERATED", "GENERATED_TRANSITION", "TRANSITION_ARGS", "check_levi_civita", "check_levi_civita_channel",
           "check_levi_civita_transition", "form_program", "form_version", "function_code", "generate",
           "generate_transition", "latex_result", "main", "parse_terms", "run_form"]

GENERATED = Path(__file__).parent / "generated" / "dirac.py"
#: The exact three-flavour form for any moment matrix (:func:`generate_transition`).
GENERATED_TRANSITION = Path(__file__).parent / "generated" / "transition.py"


# --- the FORM program ------------------------------------------------------------------
def _V(L: int, mu: str) -> str:
    """sigma^{rho mu} k_rho = (i/2)(kslash gamma^mu - gamma^mu kslash) on spin line L."""
    return f"(i_/2*(g_({L},k)*g_({L},{mu})-g_({L},{mu})*g_({L},k)))"


def _S(L: int, terms: Sequence[tuple[str, str]], mass: str = "m") -> str:
    """(q-slash + mass) for q a signed sum of vectors, e.g. [('+', 'p1'), ('-', 'k')]."""
    return "(" + "".join(f"{sign}g_({L},{v})" for sign, v in terms) + f"+{mass})"


def _G(L: int, index: str, bar: bool = False) -> str:
    """gamma^index P_L, or its Dirac adjoint P_R gamma^index."""
    return f"g6_({L})/2*g_({L},{index})" if bar else f"g_({L},{index})*g7_({L})/2"


def _split_S(L: int, terms: Sequence[tuple[str, str]], coefficients: tuple[str, str]) -> str:
    """(a q-slash + b): the numerators (q-slash + M) of the diagrams with the photon on one leg,
    summed with their couplings c and denominators, a = sum c / (q^2 - M^2) and
    b = sum c M / (q^2 - M^2) (:func:`generate_transition`)."""
    a, b = coefficients
    return f"({a}*(" + "".join(f"{sign}g_({L},{v})" for sign, v in terms) + f")+{b})"


def _line_with_photon(L: int, kind: str, p_in: str, p_out: str, den_in: str, den_out: str, index: str, pol: str,
                      bar: bool = False, masses: tuple[str, str] = ("m", "m"),
                      couplings: tuple[str, str] = ("", ""),
                      split: tuple[tuple[str, str], tuple[str, str]] | None = None) -> str:
    """The matrix X between the spinors of one fermion line with the photon on either leg.

    kind "particle": ubar(p_out) X u(p_in), X = G S(p_in - k) V den_in + V S(p_out + k) G den_out
    kind "antiparticle": vbar(p_in) X v(p_out), X = V S(k - p_in) G den_in + G S(-p_out - k) V den_out
    ``bar`` gives the Dirac adjoint of X (reversed order; V and S are self-adjoint).
    ``masses`` are the propagator masses of the two legs (in, out), ``couplings`` optional
    real factors of the two insertions (the leg's magnetic moment, three-flavour channels).
    ``split`` = ((a_in, b_in), (a_out, b_out)) replaces coupling x S x den of each leg by
    a q-slash + b (:func:`_split_S`; masses, couplings and den_* are then not used).
    """
    G, V = _G(L, index, bar), _V(L, pol)
    m_in, m_out = masses
    c_in, c_out = (f"{c}*" if c else "" for c in couplings)
    q_in = [("+", p_in), ("-", "k")] if kind == "particle" else [("-", p_in), ("+", "k")]
    q_out = [("+", p_out), ("+", "k")] if kind == "particle" else [("-", p_out), ("-", "k")]
    if split is None:
        S_in, S_out = _S(L, q_in, m_in), _S(L, q_out, m_out)
        f_in, f_out = c_in + den_in, c_out + den_out
    else:
        S_in, S_out = _split_S(L, q_in, split[0]), _split_S(L, q_out, split[1])
        f_in = f_out = "1"
    if kind == "particle":
        first = [G, S_in, V, f_in]
        second = [V, S_out, G, f_out]
    else:
        first = [V, S_in, G, f_in]
        second = [G, S_out, V, f_out]
    if bar:
        first = first[2::-1] + first[3:]
        second = second[2::-1] + second[3:]
    return "(" + "*".join(first) + " + " + "*".join(second) + ")"


def form_program(process: str, channel: bool = False, transition: bool = False) -> str:
    """The FORM program whose output is sum |T|^2 for ``process`` (see module docstring).

    ``channel=True`` gives the three-flavour form: four external masses m1..m4 (each leg's
    propagator carries its own leg's mass: diagonal moments keep the mass state) and a real
    coupling c1..c4 on each photon insertion (the moment of that leg's state).

    ``transition=True`` (implies ``channel``) gives the exact form for any moment matrix:
    the photon insertion on leg l is (a_l q-slash + b_l) between V and Gamma, with real
    symbols a1..a4, b1..b4 that hold the couplings, propagator masses and denominators of
    both contractions (:func:`generate_transition`); no inverse propagator is reduced.
    """
    check_process(process)
    channel = channel or transition
    m = ("m1", "m2", "m3", "m4") if channel else ("m",) * 4
    c = ("c1", "c2", "c3", "c4") if channel else ("",) * 4
    kind2 = "particle" if process == "nunu" else "antiparticle"

    def line(L: int, index: str, pol: str, bar: bool = False) -> str:
        i, o = (0, 2) if L == 1 else (1, 3)
        split = ((f"a{i + 1}", f"b{i + 1}"), (f"a{o + 1}", f"b{o + 1}")) if transition else None
        return _line_with_photon(L, "particle" if L == 1 else kind2, f"p{i + 1}", f"p{o + 1}", f"den{i + 1}",
                                 f"den{o + 1}", index, pol, bar, (m[i], m[o]), (c[i], c[o]), split)

    X1, X1b = line(1, "al", "mu"), line(1, "be", "nu", bar=True)
    G1, G1b = _G(1, "al"), _G(1, "be", bar=True)
    rho1 = f"(g_(1,p1)+{m[0]})*(gi_(1)+g5_(1)*g_(1,s1))/2"

    def t1(X: str, Y: str) -> str:         # trace of line 1 with X in M and Y in M*
        return f"(g_(1,p3)+{m[2]})*{X}*{rho1}*{Y}"

    def t2(X: str, Y: str) -> str:         # line 2: the relic neutrino, or antineutrino
        if process == "nunu":
            return f"(g_(2,p4)+{m[3]})*{X}*(g_(2,p2)+{m[1]})/2*{Y}"
        return f"(g_(2,p2)-{m[1]})/2*{X}*(g_(2,p4)-{m[3]})*{Y}"

    G2, G2b = _G(2, "al"), _G(2, "be", bar=True)
    X2, X2b = line(2, "al", "mu"), line(2, "be", "nu", bar=True)
    products = [
        f"{t1(X1, X1b)}*{t2(G2, G2b)}",  # photon from line 1 in M and in M*
        f"{t1(X1, G1b)}*{t2(G2, X2b)}",  # interference
        f"{t1(G1, X1b)}*{t2(X2, G2b)}",
        f"{t1(G1, G1b)}*{t2(X2, X2b)}",  # photon from line 2 in M and in M*
    ]
    body = "\n + ".join(products)
    reductions = """* inverse propagators: den1 = 1/(-2 p1.k), den2 = 1/(-2 p2.k), den3 = 1/(2 p3.k), den4 = 1/(2 p4.k)
repeat id den1*p1.k = -1/2;
repeat id den2*p2.k = -1/2;
repeat id den3*p3.k = 1/2;
repeat id den4*p4.k = 1/2;"""
    if channel:
        # im1 = 1/m1 written as a symbol: FORM's negative powers would print as m1^-1,
        # which the term splitter of parse_terms cannot tell from a minus sign. It cancels
        # everywhere but in the Levi-Civita terms, which are dropped (so m1 = 0 is allowed).
        symbols = "m1, m2, m3, m4, c1, c2, c3, c4, den1, den2, den3, den4, iD, P12, im1"
        if transition:   # the denominators are inside a1..a4, b1..b4: nothing to reduce
            symbols = "m1, m2, m3, m4, a1, a2, a3, a4, b1, b2, b3, b4, iD, P12, im1"
            reductions = "* inverse propagators: inside a1..a4, b1..b4 (not reduced)"
        spin = "id s1 = -(P12*p1 - m1^2*p2)*iD*im1;\nrepeat id im1*m1 = 1;"
        shell = "id p1.p1 = m1^2; id p2.p2 = m2^2; id p3.p3 = m3^2; id p4.p4 = m4^2; id k.k = 0;"
    else:
        symbols = "m, den1, den2, den3, den4, iD, P12"
        spin = "id s1 = -(P12*p1 - m^2*p2)*iD/m;"
        shell = "id p1.p1 = m^2; id p2.p2 = m^2; id p3.p3 = m^2; id p4.p4 = m^2; id k.k = 0;"
    return f"""#-
Off Statistics;
Symbols {symbols};
Vectors p1, p2, p3, p4, k, s1;
Indices al, be, mu, nu;
* sum over photon polarisations: -g_(mu,nu)
Local F = -d_(mu,nu)*(
 {body});
trace4,1;
trace4,2;
contract;
* helicity -1/2 spin vector of the solar neutrino, through invariants (iD = 1/D)
{spin}
{shell}
* momentum conservation p1 = p3 + p4 + k - p2 inside the Levi-Civita tensors
id e_(p1,p2,p3,p4) = e_(k,p2,p3,p4);
id e_(p1,p2,p3,k) = e_(p4,p2,p3,k);
id e_(p1,p2,p4,k) = e_(p3,p2,p4,k);
id e_(p1,p3,p4,k) = -e_(p2,p3,p4,k);
{reductions}
.sort
Format 255;
Print +s;
.end
"""


def form_version() -> str:
    exe = shutil.which("form")
    if exe is None:
        raise RuntimeError("FORM is not installed (Debian package 'form')")
    return subprocess.run([exe, "-v"], capture_output=True, text=True).stdout.splitlines()[0].strip()


def run_form(program: str) -> str:
    """Run a FORM program and return its printed output."""
    exe = shutil.which("form")
    if exe is None:
        raise RuntimeError("FORM is not installed (Debian package 'form')")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "msq.frm"
        path.write_text(program)
        out = subprocess.run([exe, "-q", str(path)], capture_output=True, text=True, cwd=tmp)
    if out.returncode != 0 or "=" not in out.stdout:
        raise RuntimeError(f"FORM failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def parse_terms(output: str) -> tuple[str, str]:
    """Split FORM's printed sum into (terms without, coefficient of) eps(p2, p3, p4, k).

    Both are returned as Python expressions in the names of :data:`~nubrems.core.processes.INVARIANTS`, m, P12,
    iD and den1..den4.
    """
    body = output.split("=", 1)[1].rsplit(";", 1)[0]
    body = re.sub(r"\s+", "", body).replace("^", "**")
    body = re.sub(r"\b(p\d|k)\.(p\d|k)\b", r"\1\2", body)
    terms = re.findall(r"[+-][^+-]+", body)
    plain = "".join(t for t in terms if "e_(" not in t)
    lc = "e_(p2,p3,p4,k)"
    eps = "".join(t.replace("*" + lc, "").replace(lc + "*", "").replace(lc, "1")
                  for t in terms if "e_(" in t)
    if any("e_(" in t and "e_(p2,p3,p4,k)" not in t for t in terms):
        raise RuntimeError("unexpected Levi-Civita structure in the FORM output")
    return plain, eps or "0"


# --- numerical checks used during generation ------------------------------------------
def _random_invariants(rng: np.random.Generator,
                       n: int = 200) -> list[tuple[dict[str, NDArray[Any]], float, FloatArray]]:
    """Stable invariants of random 2 -> 3 events (CM frame), with m and the event vectors."""
    out = []
    for E, m in ((2.0, 1.0), (1e6, 0.1), (1e9, 0.1)):
        p1, p2 = K.beam_cm(E, m)
        root_s = float(K.sqrt_s(E, m))
        w = (root_s**2 - 4 * m * m) / (2 * root_s) * rng.uniform(0.01, 0.99, n)
        ck, phk = rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n)
        c3, ph3 = rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n)
        p3, p4, k = K.three_body_cm(E, m, w, ck, phk, c3, ph3)
        vecs = {"p1": (np.broadcast_to(p1, p3.shape), m), "p2": (np.broadcast_to(p2, p3.shape), m),
                "p3": (p3, m), "p4": (p4, m), "k": (k, 0.0)}
        inv = {name: K.dot_stable(vecs[name[:2]][0], vecs[name[2:]][0], vecs[name[:2]][1], vecs[name[2:]][1])
               for name in INVARIANTS}
        eps = K.levi_civita(p2 if p2.ndim == 2 else np.broadcast_to(p2, p3.shape), p3, p4, k)
        out.append((inv, m, eps))
    return out


def _namespace(inv: Mapping[str, Any], m: float) -> dict[str, Any]:
    ns = dict(inv)
    D = np.sqrt((inv["p1p2"] - m * m) * (inv["p1p2"] + m * m))
    ns.update(m=m, P12=inv["p1p2"], iD=1.0 / D, den1=-0.5 / inv["p1k"], den2=-0.5 / inv["p2k"],
              den3=0.5 / inv["p3k"], den4=0.5 / inv["p4k"])
    return ns


def check_levi_civita(plain: str, eps_coefficient: str, seed: int = 1) -> float:
    """Largest |eps-term / rest| over random events; must be at rounding level to drop it."""
    worst = 0.0
    for inv, m, eps in _random_invariants(np.random.default_rng(seed)):
        ns = _namespace(inv, m)
        rest = eval(plain, {}, ns)  # noqa: S307 (FORM output we generated ourselves)
        odd = eval(eps_coefficient, {}, ns) * eps  # noqa: S307
        worst = max(worst, float(np.max(np.abs(odd / rest))))
    return worst


def _random_channel_events(rng: np.random.Generator, n: int = 200) -> list[tuple[dict[str, Any], FloatArray]]:
    """Namespaces (invariants, masses, random couplings) of random 2 -> 3 events with four
    distinct masses, a massless solar neutrino among them, and eps(p2, p3, p4, k); the events
    come from the phase-space map of :class:`nubrems.kinematics.phasespace.ChannelMap`."""
    out = []
    for E, masses in ((5.0, (0.7, 1.2, 1.5, 0.9)), (3.0, (0.0, 1.0, 0.0, 1.0)), (300.0, (0.3, 1.0, 0.2, 0.1))):
        m1, m2, _, _ = masses
        x = rng.random((n, 5))
        x[:, 0] = 0.05 + 0.9 * x[:, 0]                   # pair mass off its threshold
        pt = ChannelMap(E, masses)(x)
        ns: dict[str, Any] = dict(pt.invariants)
        D = np.sqrt((ns["p1p2"] - m1 * m2) * (ns["p1p2"] + m1 * m2))
        ns.update(m1=m1, m2=m2, m3=masses[2], m4=masses[3], P12=ns["p1p2"], iD=1.0 / D,
                  den1=-0.5 / ns["p1k"], den2=-0.5 / ns["p2k"], den3=0.5 / ns["p3k"], den4=0.5 / ns["p4k"],
                  im1=1.0 / m1 if m1 else 0.0)  # im1 only multiplies the Levi-Civita terms
        ns.update(zip(("c1", "c2", "c3", "c4"), rng.uniform(0.5, 2.0, 4), strict=True))
        _, p2, p3, p4, k = pt.momenta
        out.append((ns, K.levi_civita(p2, p3, p4, k)))
    return out


def check_levi_civita_channel(plain: str, eps_coefficient: str, seed: int = 1) -> float:
    """:func:`check_levi_civita` for the three-flavour form (distinct masses, couplings)."""
    worst = 0.0
    for ns, eps in _random_channel_events(np.random.default_rng(seed)):
        rest = eval(plain, {}, ns)  # noqa: S307 (FORM output we generated ourselves)
        odd = eval(eps_coefficient, {}, ns) * eps  # noqa: S307
        worst = max(worst, float(np.max(np.abs(odd / rest))))
    return worst


def _transition_coefficients(rng: np.random.Generator, ns: Mapping[str, Any]) -> dict[str, Any]:
    """Random a1..a4, b1..b4 for one event of :func:`_random_channel_events`: on each leg two
    diagrams with random real couplings and internal masses (form_program, ``transition``)."""
    out: dict[str, Any] = {}
    for leg in range(1, 5):
        m, pk = ns[f"m{leg}"], ns[f"p{leg}k"]
        a: Any = 0.0
        b: Any = 0.0
        for coupling, M in zip(rng.uniform(-2.0, 2.0, 2), rng.choice([0.3, 0.7, 1.2], 2), strict=True):
            den = 1.0 / ((m - M) * (m + M) + (-2.0 if leg < 3 else 2.0) * pk)
            a, b = a + coupling * den, b + coupling * M * den
        out[f"a{leg}"], out[f"b{leg}"] = a, b
    return out


def check_levi_civita_transition(plain: str, eps_coefficient: str, seed: int = 1) -> float:
    """:func:`check_levi_civita_channel` for the exact form with transition moments: random
    couplings and internal masses, two diagrams per leg."""
    rng = np.random.default_rng(seed)
    worst = 0.0
    for ns, eps in _random_channel_events(rng):
        ns.update(_transition_coefficients(rng, ns))
        rest = eval(plain, {}, ns)  # noqa: S307 (FORM output we generated ourselves)
        odd = eval(eps_coefficient, {}, ns) * eps  # noqa: S307
        worst = max(worst, float(np.max(np.abs(odd / rest))))
    return worst


# --- code generation --------------------------------------------------------------------
def function_code(head: list[str], replacements: list[tuple[Any, Any]], results: list[Any]) -> str:
    """The text of a generated numpy function: its first lines, one line per common
    subexpression of sympy's cse, and ``return`` of the results (a tuple if several)."""
    import sympy as sp  # lazy: the [derive] extra, only to regenerate |M|^2

    lines = list(head)
    for sym, sub in replacements:
        lines.append(f"    {sym} = {sp.pycode(sub)}")
    lines.append("    return " + ", ".join(sp.pycode(r) for r in results))
    return "\n".join(lines) + "\n"


def _numpy_code(name: str, plain: str) -> str:
    """A numpy function returning (leading, mass_suppressed) parts, with common subexpressions."""
    import sympy as sp  # lazy: the [derive] extra, only to regenerate |M|^2

    symbols = {s: sp.Symbol(s) for s in (*INVARIANTS, "m", "P12", "iD", "den1", "den2", "den3", "den4")}
    expr = sp.expand(sp.sympify(plain, locals=symbols).subs(symbols["P12"], symbols["p1p2"]))
    m = symbols["m"]
    leading = expr.subs(m, 0)
    mass = sp.expand(expr - leading)
    mass = sp.collect(mass, [symbols[d] for d in ("den1", "den2", "den3", "den4")])
    replacements, (lead_r, mass_r) = sp.cse([sp.factor(leading), mass], optimizations="basic")
    lines = [f"def {name}({', '.join(INVARIANTS)}, m):",
             f'    """sum |T|^2 for {name[6:]}: (leading, mass-suppressed) parts (generated)."""',
             "    D = np.sqrt((p1p2 - m * m) * (p1p2 + m * m))",
             "    iD = 1.0 / D",
             "    den1, den2 = -0.5 / p1k, -0.5 / p2k",
             "    den3, den4 = 0.5 / p3k, 0.5 / p4k"]
    return function_code(lines, replacements, [lead_r, mass_r])


def _channel_numpy_code(name: str, plain: str) -> str:
    """The three-flavour form as a numpy function of the invariants, m1..m4 and c1..c4.

    P12/D is rewritten as 1 + X with X = (m1 m2)^2 / (D (P12 + D)) computed directly: the
    solar leg radiates with the factor 1 - P12/D = -X, which would otherwise be a cancellation.
    """
    import sympy as sp  # lazy: the [derive] extra, only to regenerate |M|^2

    names = (*INVARIANTS, "m1", "m2", "m3", "m4", "c1", "c2", "c3", "c4", "P12", "iD", "X",
             "den1", "den2", "den3", "den4")
    symbols = {s: sp.Symbol(s) for s in names}
    expr = sp.sympify(plain, locals=symbols)
    expr = sp.expand(expr.subs(symbols["P12"], (1 + symbols["X"]) / symbols["iD"]))
    masses = [symbols[f"m{i}"] for i in range(1, 5)]
    leading = expr.subs(dict.fromkeys(masses, 0))
    mass = sp.collect(sp.expand(expr - leading), [symbols[f"den{i}"] for i in range(1, 5)])
    replacements, (lead_r, mass_r) = sp.cse([sp.factor(leading), mass], optimizations="basic")
    args = ", ".join((*INVARIANTS, "m1", "m2", "m3", "m4", "c1", "c2", "c3", "c4"))
    lines = [f"def {name}({args}):",
             f'    """sum |T|^2 of one {name[14:]} channel: (leading, mass-suppressed) parts (generated)."""',
             "    D = np.sqrt((p1p2 - m1 * m2) * (p1p2 + m1 * m2))",
             "    iD = 1.0 / D",
             "    X = (m1 * m2) ** 2 / (D * (p1p2 + D))",
             "    den1, den2 = -0.5 / p1k, -0.5 / p2k",
             "    den3, den4 = 0.5 / p3k, 0.5 / p4k"]
    return function_code(lines, replacements, [lead_r, mass_r])


#: Arguments of the generated exact functions after the invariants (see :func:`generate_transition`).
TRANSITION_ARGS = ("m1", "m2", "m3", "m4", "a1", "a2", "a3", "a4", "b1", "b2", "b3", "b4")


def _transition_numpy_code(name: str, plain: str) -> str:
    """The exact form as a numpy function of the invariants, m1..m4, a1..a4 and b1..b4.

    P12/D is rewritten as 1 + X (as in :func:`_channel_numpy_code`); the terms are grouped
    by the products of two of a1..b4, one factored coefficient each.
    """
    import sympy as sp  # lazy: the [derive] extra, only to regenerate |M|^2

    names = (*INVARIANTS, *TRANSITION_ARGS, "P12", "iD", "X")
    symbols = {s: sp.Symbol(s) for s in names}
    unknown = set(re.findall(r"[A-Za-z_]\w*", plain)) - set(names)
    if unknown:
        raise RuntimeError(f"unexpected symbols in the FORM result: {sorted(unknown)}")
    expr = sp.sympify(plain, locals=symbols)
    expr = sp.expand(expr.subs(symbols["P12"], (1 + symbols["X"]) / symbols["iD"]))
    ab = [symbols[s] for s in TRANSITION_ARGS[4:]]
    pairs = [x * y for i, x in enumerate(ab) for y in ab[i:]]
    groups = sp.collect(expr, pairs, evaluate=False)
    if set(groups) - set(pairs):
        raise RuntimeError("a term of the exact form is not a product of two of a1..a4, b1..b4")
    ordered = sorted(groups, key=pairs.index)
    total = sp.Add(*(pair * sp.factor(groups[pair]) for pair in ordered))
    replacements, (total_r,) = sp.cse([total], optimizations="basic")
    args = ", ".join((*INVARIANTS, *TRANSITION_ARGS))
    lines = [f"def {name}({args}):",
             f'    """sum |T|^2 of one {name[17:]} channel, exact for any moment matrix (generated)."""',
             "    D = np.sqrt((p1p2 - m1 * m2) * (p1p2 + m1 * m2))",
             "    iD = 1.0 / D",
             "    X = (m1 * m2) ** 2 / (D * (p1p2 + D))"]
    return function_code(lines, replacements, [total_r])


def generate_transition() -> str:
    """Run FORM for both processes and return the text of :mod:`nubrems.amplitudes.generated.transition`.

    The exact three-flavour |M|^2 for any moment matrix (:mod:`nubrems.amplitudes.dirac_channels`).
    After the Fierz identity, which holds for the dressed spinors too, the amplitude is a sum
    over the two contractions K and the four legs l of c_l^K S_l(M_l^K): the t-ordered
    structure with the photon on leg l, its propagator carrying the internal state's mass
    M_l^K. S_l(M) is linear in M in its numerator, (q-slash + M) / (q^2 - M^2), so the sum
    over K is a_l q-slash + b_l with

        a_l = sum_K c_l^K / ((p_l -+ k)^2 - (M_l^K)^2),   b_l = sum_K c_l^K M_l^K / (same),

    and sum |T|^2 is a quadratic form in the eight real numbers a_l, b_l (the couplings of a
    Dirac channel share one phase, which drops out). FORM computes it exactly, with the
    external masses m1..m4; the Levi-Civita terms are checked to cancel and dropped.
    """
    import sympy  # lazy: the [derive] extra, only to regenerate |M|^2

    parts = [
        '"""Exact spin-summed |T|^2 of a three-flavour Dirac channel, any moment matrix.\n\n'
        "GENERATED by `python -m nubrems.amplitudes.form` -- do not edit. Derivation: FORM program in\n"
        "nubrems.amplitudes.form.form_program(process, transition=True); nubrems.amplitudes.form.generate_transition\n"
        "explains a1..a4, b1..b4 (photon on leg l: a_l q-slash + b_l, the couplings, propagator masses\n"
        "and denominators of both contractions). |M|^2 = 2 G_F^2 trace_transition_*(...).\n"
        "Inputs: the invariants p_i.p_j, p_i.k (eV^2), the external masses m1..m4 (eV), a_l (coupling\n"
        "unit / eV^2) and b_l (coupling unit / eV).\n"
        f"Tools: {form_version()}; sympy {sympy.__version__} (common-subexpression elimination).\n"
        '"""\n\nimport numpy as np\n\n__all__ = ["trace_transition_nunu", "trace_transition_nunubar"]\n\n',
    ]
    for process in PROCESSES:
        plain, eps = parse_terms(run_form(form_program(process, transition=True)))
        worst = check_levi_civita_transition(plain, eps)
        if worst > 1e-10:
            raise RuntimeError(f"{process} transition form: Levi-Civita terms do not cancel (relative {worst:.2e})")
        parts.append("\n" + _transition_numpy_code(f"trace_transition_{process}", plain) + "\n")
    return "".join(parts).rstrip() + "\n"


def generate() -> str:
    """Run FORM for both processes and return the text of :mod:`nubrems.amplitudes.generated.dirac`."""
    import sympy  # lazy: the [derive] extra, only to regenerate |M|^2

    version = form_version()
    parts = [
        '"""Spin-summed |T|^2 for nu nu -> nu nu gamma and nu nubar -> nu nubar gamma.\n\n'
        "GENERATED by `python -m nubrems.amplitudes.form` -- do not edit. Derivation: FORM program in\n"
        "nubrems.amplitudes.form.form_program; |M|^2 = 8 G_F^2 mu_nu^2 (leading + mass_suppressed).\n"
        "Inputs are the invariants p_i.p_j, p_i.k (eV^2) and the mass m (eV).\n"
        "trace_channel_*: the three-flavour form (form_program(process, channel=True)) of one\n"
        "Fierz-ordered channel, masses m1..m4 (eV) and per-leg moments c1..c4 (any unit).\n"
        f"Tools: {version}; sympy {sympy.__version__} (common-subexpression elimination).\n"
        '"""\n\nimport numpy as np\n\n',
    ]
    results = {}
    for process in PROCESSES:
        plain, eps = parse_terms(run_form(form_program(process)))
        worst = check_levi_civita(plain, eps)
        if worst > 1e-12:
            raise RuntimeError(f"{process}: Levi-Civita terms do not cancel (relative {worst:.2e})")
        results[process] = plain
        parts.append("\n" + _numpy_code(f"trace_{process}", plain) + "\n")
    for process in PROCESSES:
        plain, eps = parse_terms(run_form(form_program(process, channel=True)))
        worst = check_levi_civita_channel(plain, eps)
        if worst > 1e-10:  # rounding level (~1e-12 here: the distinct-mass terms cancel among themselves)
            raise RuntimeError(f"{process} channels: Levi-Civita terms do not cancel (relative {worst:.2e})")
        parts.append("\n" + _channel_numpy_code(f"trace_channel_{process}", plain) + "\n")
    parts.append("\n# FORM's result, term by term (for display and checks; not used for evaluation)\n"
                 "FORM_RESULT = {\n")
    for process, plain in results.items():
        chunks = re.findall(r".{1,90}(?:[+-]|$)", plain)
        parts.append(f'    "{process}": (\n' + "".join(f'        "{c}"\n' for c in chunks) + "    ),\n")
    parts.append("}\n")
    return "".join(parts).rstrip() + "\n"


def main() -> None:
    GENERATED.write_text(generate())
    print(f"wrote {GENERATED}")
    GENERATED_TRANSITION.write_text(generate_transition())
    print(f"wrote {GENERATED_TRANSITION}")


if __name__ == "__main__":
    main()


# --- display ------------------------------------------------------------------------------
def latex_result(process: str, terms_per_line: int = 3) -> tuple[str, str]:
    """LaTeX of the leading part L and of the mass-suppressed part S of sum |T|^2.

    Notation: p_{ij} = p_i.p_j, p_{ik} = p_i.k, Delta_i the inverse propagators
    (Delta_1 = -1/(2 p_{1k}), Delta_2 = -1/(2 p_{2k}), Delta_3 = 1/(2 p_{3k}),
    Delta_4 = 1/(2 p_{4k})), D = sqrt(p_{12}^2 - m^4). S is written as an ``aligned``
    block grouped by the products of inverse propagators, a few terms per line.
    """
    import sympy as sp  # lazy: the [derive] extra, only to regenerate |M|^2

    from nubrems.amplitudes.generated.dirac import FORM_RESULT  # lazy: this tool rewrites that module

    names = {s: sp.Symbol(f"p_{{{s[1]}{s[3] if s[2] == 'p' else 'k'}}}") for s in INVARIANTS}
    names.update({f"den{i}": sp.Symbol(f"Delta_{i}") for i in range(1, 5)})
    names.update(m=sp.Symbol("m"), iD=1 / sp.Symbol("D"), P12=names["p1p2"])
    expr = sp.expand(sp.sympify(FORM_RESULT[process], locals=names))
    m = names["m"]
    leading = sp.factor(expr.subs(m, 0))
    mass = sp.expand(expr - expr.subs(m, 0))
    dens = [names[f"den{i}"] for i in range(1, 5)]
    groups: dict[Any, list[Any]] = {}              # sympy monomial -> its terms
    for term in sp.Add.make_args(mass):
        rest, propagators = term.as_independent(*dens, as_Add=False)
        groups.setdefault(propagators, []).append(rest)
    lines = []
    for mono in sorted(groups, key=lambda d: (sp.Poly(d, *dens).total_degree(), sp.default_sort_key(d))):
        terms = sorted(groups[mono], key=sp.default_sort_key)
        chunks = [sp.latex(sp.Add(*terms[i:i + terms_per_line])) for i in range(0, len(terms), terms_per_line)]
        body = r" \\ &\qquad ".join(c if i == 0 or c.startswith("-") else "+ " + c for i, c in enumerate(chunks))
        prefix = "" if mono == 1 else sp.latex(mono)
        lines.append(rf"&+ {prefix}\Bigl[{body}\Bigr]")
    return sp.latex(leading), r"\begin{aligned}S =" + r" \\ ".join(lines) + r"\end{aligned}"
