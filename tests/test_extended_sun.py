"""The extended Sun: the production zone projected on the sky (against the analytic 2-D
Gaussian and a Monte Carlo of 3-D points), the folding of photon angles with it (conservation,
limits, linearity, convergence, a Monte Carlo of the vector sum on the sphere), input errors,
and a small photon_rate run smeared end to end."""

import math

import numpy as np
import pytest
from scipy.integrate import quad

from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.kinematics import binning
from nubrems.kinematics.histograms import quantile
from nubrems.rates.one_flavour import photon_rate
from nubrems.sun import extended as X
from nubrems.sun import interior as SI
from nubrems.sun import spectra as solar

DISC = C.SUN_ANGULAR_RADIUS_RAD
GAUSSIAN = [c for c in solar.COMPONENTS if c != "13N"]
EDGES = binning.angle_edges()


def gaussian_2d(b, a):
    """dP/db of the 2-D Gaussian exp(-b^2/a^2), normalised over the plane."""
    return 2 * b / a**2 * np.exp(-((b / a) ** 2))


def test_disc_radius_from_iau_values():
    # IAU 2015 B3 nominal solar radius over the IAU 2012 astronomical unit
    assert C.SUN_ANGULAR_RADIUS_RAD == pytest.approx(6.957e8 / 149_597_870_700.0, rel=1e-15)
    assert X.source_angles(["pp"])["pp"]["disc_mrad"] == pytest.approx(4.6505, abs=1e-4)


# --- the production zone on the sky ---------------------------------------------------
@pytest.mark.parametrize("component", GAUSSIAN)
def test_gaussian_projection_is_the_2d_gaussian(component):
    """The numerical line-of-sight projection of the 3-D Gaussian emissivity is the 2-D
    Gaussian of the same a, normalised (hep, the widest, is cut at 0.5 R_sun: 7e-8)."""
    a = SI.PEAK_RADIUS[component]
    b = np.linspace(0.0, SI.R_MAX, 301)
    projected = X.abel_projection(lambda r: SI.production_density(component, r), b)
    peak = gaussian_2d(a / math.sqrt(2), a)
    np.testing.assert_allclose(projected, gaussian_2d(b, a), rtol=0, atol=1e-6 * peak)
    cdf = X.cylinder_fraction(lambda r: SI.production_density(component, r), b)
    np.testing.assert_allclose(cdf, -np.expm1(-((b / a) ** 2)), rtol=0, atol=1e-6)
    assert cdf[-1] == pytest.approx(1.0, abs=1e-9)                       # normalised
    # and in angle: the source profile is the 2-D Gaussian of width a R_sun / 1 AU, normalised
    A = a * DISC
    alpha = np.linspace(0.0, SI.R_MAX * DISC, 101)
    # (beyond 7 A, where the profile is cut, the Gaussian is below e^-45 of its peak)
    np.testing.assert_allclose(X.source_density(component, alpha), gaussian_2d(alpha, A), rtol=1e-12,
                               atol=1e-18 / A)
    total, _ = quad(lambda x: float(X.source_density(component, x)), 0, SI.R_MAX * DISC, points=[A], epsabs=1e-12)
    assert total == pytest.approx(1.0, abs=1e-6)


def test_n13_shell_is_the_production_shell():
    """The shell projected here is the one sun_interior adds to 13N's core."""
    w = SI.N13_SHELL[0]
    a = SI.PEAK_RADIUS["13N"]
    r = np.linspace(0.0, SI.R_MAX, 501)
    core = r**2 * np.exp(-((r / a) ** 2)) / (0.25 * math.sqrt(math.pi) * a**3)
    np.testing.assert_allclose((1 - w) * core + w * X.n13_shell_density(r), SI.production_density("13N", r),
                               rtol=1e-12, atol=1e-12)


def test_n13_projection_normalised_and_equal_to_3d_points():
    """13N on the sky: normalised; its density (Abel) integrates to its cumulative fraction
    (the cylinder formula); and that fraction is the one of 3-D points drawn from the core
    Gaussian and the shell and projected on the sky (Monte Carlo, fixed seed)."""
    amax = SI.R_MAX * DISC
    assert float(X.source_cdf("13N", amax)) == pytest.approx(1.0, abs=1e-9)
    limb = SI.N13_SHELL[1] * DISC
    total, _ = quad(lambda x: float(X.source_density("13N", x)), 0, amax, points=[limb], epsabs=1e-12, limit=200)
    assert total == pytest.approx(1.0, abs=1e-7)
    xs = np.array([0.02, 0.05, 0.1, 0.15, 0.163, 0.18, 0.25]) * DISC
    by_density = [quad(lambda x: float(X.source_density("13N", x)), 0, x1, points=[min(limb, x1)], epsabs=1e-12,
                       limit=200)[0] for x1 in xs]
    np.testing.assert_allclose(X.source_cdf("13N", xs), by_density, rtol=0, atol=2e-7)

    rng = np.random.default_rng(2024)
    n = 1_000_000
    w, centre, width = SI.N13_SHELL
    a = SI.PEAK_RADIUS["13N"]
    shell = rng.random(n) < w
    # core: exp(-r^2/a^2) is a Gaussian of standard deviation a/sqrt(2) in each coordinate
    xyz = rng.normal(0.0, a / math.sqrt(2), (n, 3))
    radius = np.abs(rng.normal(centre, width, n))          # the fold at r = 0 is 1e-21
    direction = rng.normal(size=(n, 3))
    direction /= np.linalg.norm(direction, axis=1)[:, None]
    xyz[shell] = radius[shell, None] * direction[shell]
    b = np.hypot(xyz[:, 0], xyz[:, 1]) * DISC               # seen along z
    mc = np.array([np.mean(b < x) for x in xs])
    cdf = X.source_cdf("13N", xs)
    assert np.all(np.abs(cdf - mc) < 4 * np.sqrt(cdf * (1 - cdf) / n))


def test_n13_spline_equals_the_projection():
    b = np.array([0.01, 0.1, 0.15, 0.16, 0.163, 0.17, 0.2, 0.3])
    exact = X.abel_projection(X.n13_shell_density, b)
    w = SI.N13_SHELL[0]
    core = (1 - w) * gaussian_2d(b, SI.PEAK_RADIUS["13N"])
    np.testing.assert_allclose(X.source_density("13N", b * DISC) * DISC, core + w * exact, rtol=1e-7)


@pytest.mark.parametrize("component", GAUSSIAN)
def test_median_and_90_percent_of_gaussian_components(component):
    """A 2-D Gaussian of width A has median A sqrt(ln 2) and 90 % angle A sqrt(ln 10); the
    numerical projection of the 3-D profile reaches the same fractions there."""
    A = SI.PEAK_RADIUS[component] * DISC
    angles = X.source_angles([component])[component]
    assert angles["median_mrad"] == pytest.approx(1e3 * A * math.sqrt(math.log(2)), rel=1e-12)
    assert angles["p90_mrad"] == pytest.approx(1e3 * A * math.sqrt(math.log(10)), rel=1e-12)
    b = np.array([math.sqrt(math.log(2)), math.sqrt(math.log(10))]) * SI.PEAK_RADIUS[component]
    np.testing.assert_allclose(X.cylinder_fraction(lambda r: SI.production_density(component, r), b), [0.5, 0.9],
                               atol=1e-6)


def test_median_of_13n_and_the_disc():
    angles = X.source_angles()
    assert float(X.source_cdf("13N", angles["13N"]["median_mrad"] * 1e-3)) == pytest.approx(0.5, abs=1e-10)
    assert float(X.source_cdf("13N", angles["13N"]["p90_mrad"] * 1e-3)) == pytest.approx(0.9, abs=1e-10)
    for a in angles.values():                          # the production zone is well inside the disc
        assert a["median_mrad"] < a["p90_mrad"] < 0.2 * a["disc_mrad"]


def test_median_from_a_folded_histogram():
    """Folding a narrow photon distribution with a 2-D Gaussian and taking the median of the
    histogram (log-interpolated within a bin) gives A sqrt(ln 2)."""
    A = 4e-4
    edges = np.geomspace(1e-8, 1e-2, 241)                # 1.7 % wide bins
    v = np.zeros(240)
    v[0] = 1.0                                           # all photons within 1.06e-8 rad of their neutrino
    folded = X.fold(v, np.zeros(240), edges, X.gaussian_source(A))
    assert folded.lost_above < 1e-12
    # to a fraction of a bin: the density falls by 6 % across the bin of the 90 % angle
    assert quantile(folded.values, edges, 0.5) == pytest.approx(A * math.sqrt(math.log(2)), rel=2e-4)
    assert quantile(folded.values, edges, 0.9) == pytest.approx(A * math.sqrt(math.log(10)), rel=2e-3)


# --- the folding ----------------------------------------------------------------------
def broad(edges):
    """A photon distribution over 1e-6 .. 1 rad, flat in log theta."""
    mid = np.sqrt(edges[1:] * np.maximum(edges[:-1], 1e-9))
    return np.where((mid > 1e-6) & (mid < 1), 1 / mid, 0.0)


@pytest.mark.parametrize("component", solar.COMPONENTS)
def test_folding_conserves_the_total(component):
    # edges from 0 to pi: nothing can leave
    edges = np.concatenate([[0.0], EDGES[1:]])
    v = broad(edges)
    f = X.fold(v, 0.1 * v, edges, component)
    w = np.diff(edges)
    assert f.values @ w == pytest.approx(v @ w, rel=1e-10)
    assert f.lost_below == 0 and f.lost_above == 0
    # the default edges: the only loss is below 1e-7 rad, and it is counted
    f = X.fold(v, 0.1 * v, EDGES, component)
    w = np.diff(EDGES)
    assert f.values @ w + f.lost_below == pytest.approx(v @ w, rel=1e-12)
    assert f.lost_above == 0 and 0 <= f.lost_below < 1e-7 * (v @ w)
    assert np.all(f.values >= 0)


def test_folding_with_a_point_source_returns_the_input():
    v = broad(EDGES) * (1 + 0.3 * np.sin(np.arange(40)))
    err = 0.05 * v
    f = X.fold(v, err, EDGES, X.gaussian_source(1e-15))
    # a shift of ~1e-15 rad moves a fraction ~1e-15 / (bin width >= 5e-8) into the next bin
    np.testing.assert_allclose(f.values, v, rtol=1e-7, atol=1e-7 * v.max())
    np.testing.assert_allclose(f.errors, err, rtol=1e-7, atol=1e-7 * err.max())


@pytest.mark.parametrize("component", ["pp", "8B", "13N"])
def test_folding_a_narrow_photon_distribution_returns_the_source(component):
    """Photons within ~1e-7 rad of their neutrino (theta << alpha) are distributed as the source."""
    v = np.zeros(40)
    v[0] = 2.0
    f = X.fold(v, np.zeros(40), EDGES, component)
    n = 2.0 * (EDGES[1] - EDGES[0])
    source = np.diff(X.source_cdf(component, EDGES)) / np.diff(EDGES) * n
    np.testing.assert_allclose(f.values, source, rtol=0, atol=1e-3 * source.max())


def test_folding_is_linear_and_errors_propagate_independently():
    rng = np.random.default_rng(5)
    v1, v2 = broad(EDGES) * rng.random(40), broad(EDGES) * rng.random(40)
    f1, f2 = X.fold(v1, 0 * v1, EDGES, "pp"), X.fold(v2, 0 * v2, EDGES, "pp")
    f12 = X.fold(2 * v1 - 3 * v2, 0 * v1, EDGES, "pp")
    scale = np.abs(2 * f1.values) + np.abs(3 * f2.values)
    np.testing.assert_allclose(f12.values, 2 * f1.values - 3 * f2.values, rtol=0, atol=1e-12 * scale.max())
    # errors: sqrt(sum_j T_kj^2 (e_j w_j)^2) / w_k with the transfer matrix
    err = 0.1 * v1
    T = X.fold_matrix("pp", EDGES)
    w = np.diff(EDGES)
    f = X.fold(v1, err, EDGES, "pp")
    np.testing.assert_allclose(f.errors, np.sqrt(T**2 @ (err * w) ** 2) / w, rtol=1e-12)
    np.testing.assert_allclose(f.values, T @ (v1 * w) / w, rtol=1e-12)


def test_folding_onto_other_edges():
    """Output edges different from the input's: photons above the last edge are counted."""
    out = np.geomspace(1e-5, 1e-2, 31)
    v = broad(EDGES)
    f = X.fold(v, 0 * v, EDGES, "7Be", edges_out_rad=out)
    full = X.fold(v, 0 * v, EDGES, "7Be", edges_out_rad=np.concatenate([[0.0], out, [math.pi]]))
    w = np.diff(out)
    assert f.values @ w + f.lost_below + f.lost_above == pytest.approx(v @ np.diff(EDGES), rel=1e-12)
    np.testing.assert_allclose(f.values, full.values[1:-1], rtol=1e-12)
    assert f.lost_below == pytest.approx(full.values[0] * 1e-5, rel=1e-10)


@pytest.mark.slow
def test_quadrature_is_converged():
    for component in ["pp", "13N"]:
        T = X.fold_matrix(component, EDGES)
        fine = X.fold_matrix(component, EDGES, n_cells=48, n_nodes=16, n_theta=16)
        assert np.max(np.abs(T - fine)) < 1e-7


def sky_offsets(rng, alpha, theta):
    """The angle to +z of a photon at theta from a neutrino that is at alpha from +z, both
    azimuths uniform: explicit unit vectors (independent of the module's formula)."""
    beta, gamma = rng.random((2, len(alpha))) * 2 * math.pi
    n = np.stack([np.sin(alpha) * np.cos(beta), np.sin(alpha) * np.sin(beta), np.cos(alpha)])
    e1 = np.stack([np.cos(alpha) * np.cos(beta), np.cos(alpha) * np.sin(beta), -np.sin(alpha)])
    e2 = np.stack([-np.sin(beta), np.cos(beta), np.zeros_like(beta)])
    k = np.cos(theta) * n + np.sin(theta) * (np.cos(gamma) * e1 + np.sin(gamma) * e2)
    return np.arctan2(np.hypot(k[0], k[1]), k[2])


@pytest.mark.parametrize("component", ["pp", "13N"])
def test_folding_against_monte_carlo(component):
    """Sample theta from the histogram (uniform within bins) and alpha from the source, add
    them with random azimuths on the sphere, histogram: chi^2 against the folded histogram."""
    rng = np.random.default_rng(11)
    n = 1_000_000
    v = broad(EDGES)
    v[-8:] = 3.0                                          # some photons at large angles, up to pi
    w = np.diff(EDGES)
    p = v * w / (v @ w)
    j = rng.choice(40, size=n, p=p)
    theta = EDGES[j] + rng.random(n) * w[j]
    if component == "pp":
        alpha = SI.PEAK_RADIUS["pp"] * DISC * np.sqrt(-np.log(rng.random(n)))
    else:                                                 # inverse CDF of the projected profile
        grid = np.linspace(0, SI.R_MAX * DISC, 20001)
        alpha = np.interp(rng.random(n), X.source_cdf("13N", grid), grid)
    counts, _ = np.histogram(sky_offsets(rng, alpha, theta), EDGES)
    expected = X.fold(v, 0 * v, EDGES, component).values * w / (v @ w) * n
    used = expected > 20
    chi2 = np.sum((counts[used] - expected[used]) ** 2 / expected[used])
    dof = used.sum()
    assert dof > 25
    assert chi2 < dof + 4 * math.sqrt(2 * dof)


# --- input errors -----------------------------------------------------------------------
@pytest.mark.parametrize("call, name", [
    (lambda: X.source_cdf("7Li", 1e-4), "component"),
    (lambda: X.source_density("pp", [-1e-4]), "alpha_rad"),
    (lambda: X.source_quantile("pp", 1.5), "q"),
    (lambda: X.component_source("B8"), "component"),
    (lambda: X.gaussian_source(-1.0), "a_rad"),
    (lambda: X.abel_projection(X.n13_shell_density, [0.6]), "b"),
    (lambda: X.fold(np.ones(40), np.ones(40), EDGES, "8b"), "component"),
    (lambda: X.fold(np.ones(40), np.ones(40), -EDGES[::-1], "pp"), "edges_rad"),
    (lambda: X.fold(np.ones(40), np.ones(40), EDGES[::-1], "pp"), "edges_rad"),
    (lambda: X.fold(np.ones(40), np.ones(40), np.concatenate([EDGES[:-1], [4.0]]), "pp"), "edges_rad"),
    (lambda: X.fold(np.ones(39), np.ones(39), EDGES, "pp"), "values"),
    (lambda: X.fold(np.ones(40), np.ones(41), EDGES, "pp"), "errors"),
    (lambda: X.fold(np.ones(40), -np.ones(40), EDGES, "pp"), "errors"),
    (lambda: X.fold(np.ones(40), np.ones(40), EDGES, "pp", edges_out_rad=[1e-3, 1e-3]), "edges_out_rad"),
    (lambda: X.fold(np.ones(40), np.ones(40), EDGES, "pp", n_cells=0), "n_cells"),
    (lambda: X.fold_matrix("pp", [[0.0, 1.0]]), "edges_rad"),
    (lambda: quantile(np.ones(40), EDGES, 1.0), "q"),
    (lambda: quantile(np.zeros(40), EDGES, 0.5), "values"),
])
def test_bad_input_names_the_parameter(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --- a photon_rate run, smeared -------------------------------------------------------------
@pytest.fixture(scope="module")
def run():
    return photon_rate(Params(), components=["7Be"], rtol=3e-2, seed=3, jobs=1, progress=False)


def test_smeared_rate_keeps_the_photons_and_widens_the_angles(run):
    s = X.smear(run)
    w = np.diff(s.edges_rad)
    point, extended = s.point[X.TOTAL][0] @ w, s.extended[X.TOTAL][0] @ w
    assert point == pytest.approx(run.dN_dtheta["7Be"][0] @ w, rel=1e-14)
    assert extended + s.lost[X.TOTAL] == pytest.approx(point, rel=1e-12)
    assert s.lost[X.TOTAL] < 1e-6 * point
    np.testing.assert_allclose(s.extended[X.TOTAL][0], s.extended["7Be"][0], rtol=1e-14)
    for key in ("7Be", X.TOTAL):
        angles = s.angles[key]
        assert angles.median_extended > angles.median_point
        assert angles.p90_extended > angles.p90_point
    # the photons' spread is of the production zone's order: the medians add roughly in quadrature
    src = X.source_quantile("7Be", 0.5)
    a = s.angles["7Be"]
    assert 0.5 * math.hypot(a.median_point, src) < a.median_extended < 1.5 * math.hypot(a.median_point, src)
    # the errors grow no faster than the values (they are propagated, not dropped)
    v, e = s.extended["7Be"]
    assert np.all(e[v > 0] > 0)


def test_fold_gvar_is_fold_with_the_covariance_carried():
    """The folding is linear: with independent GVar bins the means and errors are those of
    fold(); with correlated bins (a common normalisation) the folded total keeps the exact
    relative error of that normalisation."""
    import gvar

    edges = np.geomspace(1e-6, 1e-1, 31)
    rng = np.random.default_rng(2)
    v = rng.uniform(0.5, 2.0, 30) / np.diff(edges)
    e = 0.03 * v
    folded = X.fold(v, e, edges, "8B")
    g = X.fold_gvar(gvar.gvar(v, e), edges, "8B")
    np.testing.assert_allclose(gvar.mean(g), folded.values, rtol=1e-12)
    np.testing.assert_allclose(gvar.sdev(g), folded.errors, rtol=1e-9)
    scale = gvar.gvar(1.0, 0.05)                       # every bin scaled by one uncertain factor
    g = X.fold_gvar(scale * v, edges, "8B")
    total = np.sum(g * np.diff(edges))
    assert total.sdev / total.mean == pytest.approx(0.05, rel=1e-9)
