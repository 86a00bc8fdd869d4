"""Cross sections of nu nu -> nu nu gamma and nu nubar -> nu nubar gamma on a relic at rest.

* :func:`cross_section` integrates |M|^2 (:mod:`nubrems.amplitudes.dirac`) over the phase-space
  map of :mod:`nubrems.kinematics.phasespace` with vegas: the total cross section to a requested
  relative precision, and in the same run the lab-frame distributions dsigma/dE_gamma and
  dsigma/dtheta_gamma as histograms with Monte Carlo errors (vegas' array-valued
  integrands; its grid adapts to the first component, sigma).
* :func:`sigma_leading` is the closed form of the leading part L of |M|^2 integrated over
  phase space (derived in chapter 3), and :func:`leading_histograms` its lab distributions
  by one-dimensional quadrature with exact bin integrals: the analytic checks of vegas.

Cross sections are returned in cm^2, energies in MeV and eV as named.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from typing import TypedDict, cast

import numpy as np
from numpy.typing import ArrayLike

from nubrems.amplitudes import dirac as A
from nubrems.core import constants as C
from nubrems.core._typing import FloatArray, Real
from nubrems.core.params import Params, Range, check_energy_MeV, check_in_range
from nubrems.core.processes import DESCRIPTIONS, SYMMETRY_FACTOR, check_process
from nubrems.kinematics import binning
from nubrems.kinematics import vectors as K
from nubrems.kinematics.phasespace import ThreeBodyMap
from nubrems.rates.integration import HistogramIntegrand, integrate

__all__ = ["XsecResult", "XsecSummary", "cross_section", "integrand", "sigma_leading", "leading_histograms"]

PARTS = ("full", "leading", "mass")


class XsecSummary(TypedDict):
    """:meth:`XsecResult.as_dict`: the numbers of a cross-section result, for JSON."""

    sigma_cm2: float
    sigma_err_cm2: float
    process: str
    description: str          #: e.g. "nu nu -> nu nu gamma"
    energy_MeV: float
    m_nu_eV: float
    mu_nu_muB: float
    chi2_dof: float
    Q: float
    n_eval: int
    part: str                 #: "full", "leading" or "mass"


@dataclass
class XsecResult:
    """A vegas cross-section result. Cross sections in cm^2, densities per MeV or per rad."""

    process: str
    energy_MeV: float
    params: Params
    sigma_cm2: float
    sigma_err_cm2: float
    chi2_dof: float
    Q: float
    n_eval: int
    part: str
    energy_edges_MeV: FloatArray = field(repr=False)
    dsigma_dE: FloatArray = field(repr=False)          #: cm^2 / MeV, per energy bin
    dsigma_dE_err: FloatArray = field(repr=False)
    angle_edges_rad: FloatArray = field(repr=False)
    dsigma_dtheta: FloatArray = field(repr=False)      #: cm^2 / rad, per angle bin
    dsigma_dtheta_err: FloatArray = field(repr=False)

    @property
    def m_nu_eV(self) -> float:
        return self.params.m_nu_eV

    @property
    def mu_nu_muB(self) -> float:
        return self.params.mu_nu_muB

    def as_dict(self) -> XsecSummary:
        return {"sigma_cm2": self.sigma_cm2, "sigma_err_cm2": self.sigma_err_cm2,
                "process": self.process, "description": DESCRIPTIONS[self.process] + " gamma",
                "energy_MeV": self.energy_MeV, "m_nu_eV": self.m_nu_eV, "mu_nu_muB": self.mu_nu_muB,
                "chi2_dof": self.chi2_dof, "Q": self.Q, "n_eval": self.n_eval, "part": self.part}


def integrand(process: str, energy_MeV: float, params: Params | None = None, part: str = "full",
              energy_edges_MeV: ArrayLike | None = None,
              angle_edges_rad: ArrayLike | None = None) -> HistogramIntegrand:
    """The cross section at one solar energy as a vegas integrand over the phase-space cube,
    in cm^2 per unit cube volume, binned in the lab photon energy (MeV) and angle (rad)."""
    check_process(process)
    p = params or Params()
    if part not in PARTS:
        raise ValueError(f"part must be one of {', '.join(PARTS)}; got {part!r}")
    E = check_energy_MeV("energy_MeV", energy_MeV, p.m_nu) * C.MEV
    ps = ThreeBodyMap(E, p.m_nu)
    e_edges, t_edges = _edges(energy_MeV, p, energy_edges_MeV, angle_edges_rad)
    norm = SYMMETRY_FACTOR[process] / float(ps.flux) / C.CM2

    def point(x: FloatArray) -> tuple[FloatArray, tuple[FloatArray, FloatArray]]:
        pt = ps(x)
        lead, mass = A.msq_parts(process, m=ps.m, mu=p.mu_nu, invariants_=pt.invariants)
        msq = {"full": lead + mass, "leading": lead, "mass": mass}[part]
        return norm * msq * pt.weight, (pt.photon_energy_lab, pt.photon_angle_lab)

    return HistogramIntegrand(point, [e_edges * C.MEV, t_edges])


def _edges(energy_MeV: float, p: Params, energy_edges_MeV: ArrayLike | None,
           angle_edges_rad: ArrayLike | None) -> tuple[FloatArray, FloatArray]:
    e_edges = np.asarray(energy_edges_MeV if energy_edges_MeV is not None
                         else binning.energy_edges(energy_MeV, 30, 1e-6 * energy_MeV), dtype=float)
    scale = math.sqrt(2 * p.m_nu_eV / (energy_MeV * C.MEV))
    t_edges = np.asarray(angle_edges_rad if angle_edges_rad is not None
                         else binning.angle_edges(30, scale), dtype=float)
    return e_edges, t_edges


def cross_section(process: str, energy_MeV: float, params: Params | None = None, rtol: float = 1e-3,
                  seed: int = 1, energy_edges_MeV: ArrayLike | None = None, angle_edges_rad: ArrayLike | None = None,
                  part: str = "full",
                  neval: int = 20_000, nitn_adapt: int = 6, max_iterations: int = 200) -> XsecResult:
    """sigma(E) and lab distributions for one solar energy, by vegas.

    Parameters
    ----------
    process : {"nunu", "nunubar"}
    energy_MeV : float
        Solar neutrino energy (total, lab), MeV.
    params : Params, optional
        Neutrino mass and magnetic moment (default: the baseline).
    rtol : float
        Requested relative precision of sigma (see :mod:`nubrems.rates.integration` for how the
        number of points follows from it).
    seed : int
        Seed of vegas' random numbers: equal seeds give equal results.
    energy_edges_MeV, angle_edges_rad : array_like, optional
        Histogram bin edges (lab photon energy, lab angle to the solar direction).
    part : {"full", "leading", "mass"}
        Integrate |M|^2, only its leading part L, or only the mass-suppressed part S.
    neval, nitn_adapt, max_iterations : int
        Points per adaptation iteration, adaptation iterations (discarded), iteration limit.
    """
    p = params or Params()
    rtol = check_in_range("rtol", rtol, Range(1e-6, 1.0, low_open=True))
    f = integrand(process, energy_MeV, p, part, energy_edges_MeV, angle_edges_rad)
    run = integrate(f, ThreeBodyMap.dim, rtol, seed, neval, nitn_adapt, max_iterations)
    e_edges, t_edges = _edges(energy_MeV, p, energy_edges_MeV, angle_edges_rad)
    (dE, dE_err), (dT, dT_err) = run.densities([np.diff(e_edges), np.diff(t_edges)])
    sigma, sigma_err = run.total
    return XsecResult(
        process=process, energy_MeV=float(energy_MeV), params=p, sigma_cm2=sigma, sigma_err_cm2=sigma_err,
        chi2_dof=run.chi2_dof, Q=run.Q, n_eval=run.n_eval, part=part,
        energy_edges_MeV=e_edges, dsigma_dE=dE, dsigma_dE_err=dE_err,
        angle_edges_rad=t_edges, dsigma_dtheta=dT, dsigma_dtheta_err=dT_err,
    )


# --- the analytic leading-order results ------------------------------------------------
def _setup(process: str, energy_MeV: float, params: Params | None) -> tuple[float, float, float]:
    """(m [eV], mu [eV^-1], E [eV]) after checking process and energy."""
    check_process(process)
    p = params or Params()
    return p.m_nu, p.mu_nu, check_energy_MeV("energy_MeV", energy_MeV, p.m_nu) * C.MEV


def _r_and_log(E: float, m: float) -> tuple[float, float, float, float]:
    """s, r = 4 m^2 / s, sqrt(1 - r) and L = ln((1 + sqrt(1 - r))^2 / r)."""
    s = float(K.s_lab(E, m))
    r = 4 * m * m / s
    sq = math.sqrt(1 - r)
    return s, r, sq, 2 * math.log1p(sq) - math.log(r)   # L = ln((1 + sqrt(1-r))^2 / r)


def _I_a(r: float, sq: float, L: float) -> float:
    """int_r^1 dy (1-y)(y - r/2) sqrt(1 - r/y)."""
    return sq * (1 / 6 - 5 * r / 12) + r * r * L / 8


def _J_b(r: float, sq: float, L: float) -> float:
    """int_r^1 dy (1-y) sqrt(1-r/y) [a((1+y)^2/16 - (1-y)^2(1-r)/48) + b y (1 - r/2)/2]."""
    return (sq * (1 / 64 - 7 * r / 192 + 5 * r**2 / 512 + r**3 / 768 + r**4 / 2048)
            + L * (r**2 / 128 - r**3 / 256 + r**4 / 2048 + r**5 / 4096))


def sigma_leading(process: str, energy_MeV: float, params: Params | None = None) -> float:
    """Closed-form cross section (cm^2) of the leading part L of |M|^2.

    (a) sigma = G_F^2 mu^2 (2 + P/D) P s^2 I(r) / (16 pi^3 D)
    (b) sigma = G_F^2 mu^2 (2 + P/D) s^3 J(r) / (4 pi^3 D)

    with P = p1.p2 = m E, D = sqrt(P^2 - m^4) = m p, r = 4 m^2 / s and I, J the
    elementary integrals of ``_I_a``, ``_J_b``. For m << E they tend to
    G_F^2 mu^2 s^2 / (32 pi^3) and 3 G_F^2 mu^2 s^2 / (128 pi^3).
    """
    m, mu, E = _setup(process, energy_MeV, params)
    s, r, sq, L = _r_and_log(E, m)
    P, D = m * E, m * float(K.momentum(E, m))
    pref = C.G_F**2 * mu**2 * (2 + P / D)
    if process == "nunu":
        sig = pref * P * s * s * _I_a(r, sq, L) / (16 * math.pi**3 * D)
    else:
        sig = pref * s**3 * _J_b(r, sq, L) / (4 * math.pi**3 * D)
    return sig / C.CM2


def leading_histograms(process: str, energy_MeV: float, energy_edges_MeV: ArrayLike, angle_edges_rad: ArrayLike,
                       params: Params | None = None, n_nodes: int = 64) -> tuple[FloatArray, FloatArray]:
    """Lab distributions of the leading part by quadrature: (dsigma/dE [cm^2/MeV],
    dsigma/dtheta [cm^2/rad]).

    After the p3 direction is integrated out, the leading integrand depends on the pair mass
    and on c = cos(theta_k) only through a polynomial of degree <= 2 in c; the lab energy is
    linear in c and the lab angle monotonic, so each bin is an exact c-integral, and the
    remaining pair-mass integral (smooth in v, y = r exp(v^2)) is composite Gauss-Legendre.
    """
    m, mu, E = _setup(process, energy_MeV, params)
    s, r, _, _ = _r_and_log(E, m)
    root_s, P, D = math.sqrt(s), m * E, m * float(K.momentum(E, m))
    Dop = float(K.cm_doppler(E, m))
    pstar = float(K.cm_momentum(E, m))
    const = SYMMETRY_FACTOR[process] / (4 * D) * 8 * C.G_F**2 * mu**2 * 16 * (2 + P / D) / C.CM2
    # y = M^2/s = r exp(v^2): smooth in v at the threshold (beta ~ v) and up to y = 1;
    # composite Gauss-Legendre in v on [0, sqrt(ln(1/r))]
    xg, wg = np.polynomial.legendre.leggauss(n_nodes)
    panels = np.linspace(0.0, math.sqrt(-math.log(r)), 9)
    v = np.concatenate([0.5 * (b - a) * xg + 0.5 * (a + b) for a, b in itertools.pairwise(panels)])
    wv = np.concatenate([0.5 * (b - a) * wg for a, b in itertools.pairwise(panels)])
    y = np.minimum(r * np.exp(v * v), 1.0)
    dy_dv = 2 * v * y
    z = np.sqrt(-np.expm1(-v * v))                     # beta = sqrt(1 - r/y)
    w = 0.5 * root_s * (1 - y)                         # CM photon energy
    # dPhi_3 = s/(128 pi^3) dy (1 - y) beta  x  (1/2) dc  (photon direction average)
    base = const * s / (128 * math.pi**3) * wv * dy_dv * (1 - y) * z * 0.5
    if process == "nunu":
        # f = p1.p2 p3.p4 = P s (y - r/2) / 2, independent of c
        poly = [P * s * (y - r / 2) / 2, 0 * y, 0 * y]  # coefficients of 1, c, c^2
    else:
        a = (1 + r / (2 * y)) / 6
        b = (1 - r / y) / 12
        A0 = a * (s + s * y) ** 2 / 16 + b * s * y * P
        A2 = -a * (w * pstar) ** 2
        poly = [A0, 0 * y, A2]

    def c_integral(c1: Real, c2: Real) -> FloatArray:
        """int_{c1}^{c2} (poly0 + poly1 c + poly2 c^2) dc for arrays c1 <= c2 (per node)."""
        return cast(FloatArray, poly[0] * (c2 - c1) + poly[1] * (c2**2 - c1**2) / 2 + poly[2] * (c2**3 - c1**3) / 3)

    # energy bins: E_lab = (w/2)[Dop (1 + c) + (1 - c)/Dop], linear in c
    e_edges = np.asarray(energy_edges_MeV, dtype=float) * C.MEV
    lo, hi = w * (1 / Dop), w * Dop           # E_lab at c = -1 and c = +1
    dE = []
    for a_, b_ in itertools.pairwise(e_edges):
        ca = np.clip((2 * a_ / w - Dop - 1 / Dop) / (Dop - 1 / Dop), -1, 1)
        cb = np.clip((2 * b_ / w - Dop - 1 / Dop) / (Dop - 1 / Dop), -1, 1)
        inside = (b_ > lo) & (a_ < hi)
        dE.append(np.sum(np.where(inside, base * c_integral(ca, cb), 0.0)))
    # angle bins: c = (1 - D^2 T^2) / (1 + D^2 T^2), T = tan(theta/2), decreasing in theta
    t_edges = np.asarray(angle_edges_rad, dtype=float)
    DT2 = (Dop * np.tan(t_edges / 2)) ** 2
    c_of_t = (1 - DT2) / (1 + DT2)
    dT = [np.sum(base * c_integral(c_of_t[i + 1], c_of_t[i])) for i in range(len(t_edges) - 1)]
    return (np.array(dE) / np.diff(np.asarray(energy_edges_MeV, dtype=float)),
            np.array(dT) / np.diff(t_edges))
