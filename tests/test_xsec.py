"""Cross sections: vegas against the analytic leading-order results, scaling, seeds, errors."""

import functools
import math

import mpmath as mp
import numpy as np
import pytest

from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.kinematics import vectors as K
from nubrems.rates import cross_sections as X

MU_B = 6e-12


def _integrand_a(y, r):
    """The integrand defining I(r) of nu nu (y = M^2 / s, r = 4 m^2 / s)."""
    return (1 - y) * (y - r / 2) * mp.sqrt(1 - r / y)


def _integrand_b(y, r):
    """The integrand defining J(r) of nu nubar."""
    a, b = (1 + r / (2 * y)) / 6, (1 - r / y) / 12
    br = a * ((1 + y) ** 2 / 16 - (1 - y) ** 2 * (1 - r) / 48) + b * y * (1 - r / 2) / 2
    return (1 - y) * mp.sqrt(1 - r / y) * br


@pytest.mark.parametrize("process", ["nunu", "nunubar"])
def test_analytic_leading_sigma_against_quadrature(process):
    """The closed-form I(r), J(r) against 40-digit quadrature of their defining integrals."""
    mp.mp.dps = 40
    closed, integrand = (X._I_a, _integrand_a) if process == "nunu" else (X._J_b, _integrand_b)
    for r in (1e-10, 1e-4, 0.3, 0.9):
        r_ = mp.mpf(r)
        sq, L = mp.sqrt(1 - r_), 2 * mp.log(1 + mp.sqrt(1 - r_)) - mp.log(r_)
        got = closed(r, float(sq), float(L))
        ref = mp.quad(functools.partial(integrand, r=r_), [r_, 2 * r_, mp.sqrt(r_), 1])
        assert got == pytest.approx(float(ref), rel=1e-12)


def test_massless_limits_and_growth_with_energy():
    mu = MU_B * C.MU_B
    for E_MeV in (1.0, 10.0):
        s = float(K.s_lab(E_MeV * C.MEV, 0.1))
        a = X.sigma_leading("nunu", E_MeV, Params(m_nu_eV=0.1, mu_nu_muB=MU_B)) * C.CM2
        b = X.sigma_leading("nunubar", E_MeV, Params(m_nu_eV=0.1, mu_nu_muB=MU_B)) * C.CM2
        assert a == pytest.approx(C.G_F**2 * mu**2 * s**2 / (32 * math.pi**3), rel=1e-5)
        assert b == pytest.approx(3 * C.G_F**2 * mu**2 * s**2 / (128 * math.pi**3), rel=1e-5)
    # sigma grows like E^2 (s^2) for E >> m, as the paper reports
    ratio = X.sigma_leading("nunu", 10.0) / X.sigma_leading("nunu", 1.0)
    assert ratio == pytest.approx(100.0, rel=1e-5)


@pytest.mark.parametrize("process", ["nunu", "nunubar"])
@pytest.mark.parametrize("E_MeV", [0.3, 2.0, 15.0])
def test_vegas_leading_part_agrees_with_analytic(process, E_MeV):
    r = X.cross_section(process, E_MeV, rtol=3e-3, part="leading", seed=11, neval=10000)
    exact = X.sigma_leading(process, E_MeV)
    assert abs(r.sigma_cm2 - exact) < 3.5 * r.sigma_err_cm2
    assert r.sigma_err_cm2 / r.sigma_cm2 < 3e-3
    assert 0.3 < r.chi2_dof < 3 and r.Q > 1e-3


@pytest.mark.parametrize("process", ["nunu", "nunubar"])
def test_vegas_histograms_agree_with_analytic_distributions(process):
    E_MeV, p = 5.0, Params(m_nu_eV=0.1, mu_nu_muB=MU_B)
    e_edges = np.geomspace(1e-4, E_MeV, 13)
    t_edges = np.geomspace(1e-6, 1e-1, 13)
    r = X.cross_section(process, E_MeV, p, rtol=2e-3, part="leading", seed=5,
                        energy_edges_MeV=e_edges, angle_edges_rad=t_edges)
    dE, dT = X.leading_histograms(process, E_MeV, e_edges, t_edges, p)
    for got, err, exact in ((r.dsigma_dE, r.dsigma_dE_err, dE), (r.dsigma_dtheta, r.dsigma_dtheta_err, dT)):
        use = exact > 1e-3 * exact.max()
        pulls = (got[use] - exact[use]) / err[use]
        assert np.mean(pulls**2) < 3.0 and np.max(np.abs(pulls)) < 4.5
    # the analytic histograms hold all of sigma when the bins cover the kinematic range
    e_all = np.geomspace(1e-12, 2 * E_MeV, 200)
    t_all = np.concatenate([[0.0], np.geomspace(1e-12, math.pi, 200)])
    dE, dT = X.leading_histograms(process, E_MeV, e_all, t_all, p)
    sig = X.sigma_leading(process, E_MeV, p)
    assert np.sum(dE * np.diff(e_all)) == pytest.approx(sig, rel=1e-9)
    assert np.sum(dT * np.diff(t_all)) == pytest.approx(sig, rel=1e-9)


def test_lab_angles_below_1e4_rad_are_populated_and_right():
    """At 20 MeV on 0.1 eV half the photons are within ~1e-4 rad; bins down to 1e-7 rad
    agree with the analytic distribution."""
    t_edges = np.geomspace(1e-7, 1e-4, 7)
    r = X.cross_section("nunu", 20.0, rtol=3e-3, part="leading", seed=2, angle_edges_rad=t_edges)
    _, dT = X.leading_histograms("nunu", 20.0, r.energy_edges_MeV, t_edges, Params(m_nu_eV=0.1, mu_nu_muB=MU_B))
    pulls = (r.dsigma_dtheta - dT) / r.dsigma_dtheta_err
    assert np.max(np.abs(pulls)) < 4.5 and np.all(dT > 0)


def test_seed_reproducibility_and_mu_scaling():
    a = X.cross_section("nunu", 1.0, rtol=1e-2, seed=4, neval=5000)
    b = X.cross_section("nunu", 1.0, rtol=1e-2, seed=4, neval=5000)
    c = X.cross_section("nunu", 1.0, Params(mu_nu_muB=3e-12), rtol=1e-2, seed=4, neval=5000)
    assert a.sigma_cm2 == b.sigma_cm2 and a.sigma_err_cm2 == b.sigma_err_cm2
    assert c.sigma_cm2 == pytest.approx(a.sigma_cm2 / 4, rel=1e-12)


def test_mass_suppressed_part_is_small():
    """The integrated mass-suppressed part: a tiny, positive-or-negative correction."""
    r = X.cross_section("nunu", 1.0, rtol=0.05, part="mass", seed=3)
    lead = X.sigma_leading("nunu", 1.0)
    assert abs(r.sigma_cm2) < 1e-3 * lead


@pytest.mark.parametrize("kwargs, needle", [
    (dict(process="nunu", energy_MeV=0.0), "energy_MeV"),
    (dict(process="nunu", energy_MeV=1e-8), "energy_MeV"),
    (dict(process="ee", energy_MeV=1.0), "process"),
    (dict(process="nunu", energy_MeV=1.0, part="odd"), "part"),
    (dict(process="nunu", energy_MeV=1.0, rtol=0), "rtol"),
])
def test_bad_inputs(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        X.cross_section(**kwargs)


@pytest.mark.parametrize("kwargs, needle", [(dict(m_nu_eV=-1), "m_nu_eV"), (dict(mu_nu_muB=0), "mu_nu_muB")])
def test_bad_params_are_refused_by_params(kwargs, needle):
    with pytest.raises(ValueError, match=needle):
        X.cross_section("nunu", 1.0, Params(**kwargs))


def test_looser_precision_is_proportionally_cheaper():
    """The precision policy: a tenfold looser rtol costs many times fewer points."""
    tight = X.cross_section("nunu", 1.0, rtol=3e-3, seed=1)
    loose = X.cross_section("nunu", 1.0, rtol=3e-2, seed=1)
    assert loose.n_eval < tight.n_eval / 5
    assert loose.sigma_err_cm2 / loose.sigma_cm2 < 3e-2
