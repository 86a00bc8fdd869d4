"""Solar neutrino spectra: shapes, endpoints, published mean energies, quadrature and energy
maps, the thermal and laboratory pp and hep spectra, input validation; the tabulated 8B fast
path against the full nuclear computation, the light imports, and the committed data tables.
(The nuclear physics: tests/test_nuclear.py; the thermal shift: tests/test_thermal.py.)"""

import contextlib
import hashlib
import json
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import numpy as np
import pytest
from scipy.integrate import quad

from nubrems.sun import nuclear
from nubrems.sun import spectra as S
from nubrems.sun import tables as solar_tables
from nubrems.sun import thermal as TH

ROOT = Path(__file__).resolve().parents[1]

#: Published mean energies in MeV (Bahcall 1997 for pp, CNO and hep; Bahcall et al. 1996 for 8B).
PUBLISHED_MEAN = {"pp": 0.2668, "13N": 0.7063, "15O": 0.9964, "17F": 0.9977, "hep": 9.628, "8B": 6.735}


@pytest.mark.parametrize("spectra", S.SPECTRA)
@pytest.mark.parametrize("component", S.CONTINUOUS)
def test_shapes_are_unit_normalised(component, spectra):
    E0 = S.endpoint(component, spectra=spectra)
    lab = S.endpoint(component, spectra="laboratory")
    # adaptive quadrature, independent of the package's quadrature rules
    total, _ = quad(lambda e: float(S.shape(component, e, spectra=spectra)), 0, E0, points=[lab] if lab < E0 else None,
                    limit=400, epsabs=0, epsrel=1e-9)
    assert total == pytest.approx(1.0, rel=1e-6)


@pytest.mark.parametrize("spectra", S.SPECTRA)
@pytest.mark.parametrize("component", S.CONTINUOUS)
def test_shapes_vanish_outside_zero_to_endpoint(component, spectra):
    E0 = S.endpoint(component, spectra=spectra)
    f = S.shape(component, np.array([0.0, E0, 1.001 * E0, 2 * E0]), spectra=spectra)
    assert np.all(f == 0)
    inner = S.shape(component, np.linspace(0.01, 0.99, 99) * E0, spectra=spectra)
    assert np.all(inner >= 0) and np.all(inner[10:90] > 0)


@pytest.mark.parametrize("component, expected, tol", [
    ("pp", 0.420, 0.001), ("hep", 18.77, 0.01), ("13N", 1.199, 0.001), ("15O", 1.732, 0.001),
    ("17F", 1.740, 0.003), ("8B", 17.05, 0.01), ("pep", 1.442, 0.0005), ("7Be", 0.8618, 0.0001)])
def test_endpoints(component, expected, tol):
    """The endpoints of the reactions at rest (the laboratory spectra)."""
    assert abs(S.endpoint(component, spectra="laboratory") - expected) < tol
    if component not in S.THERMAL:
        assert S.endpoint(component) == S.endpoint(component, spectra="laboratory")


@pytest.mark.parametrize("component", S.THERMAL)
def test_thermal_endpoint_is_the_support_of_the_thermal_spectrum(component):
    """E_0 plus the largest relative kinetic energy of the mixture (63 keV for pp, 73 keV
    for hep): the shape is zero above, and negligible well before."""
    lab = S.endpoint(component, spectra="laboratory")
    top = S.endpoint(component)
    assert top == TH.endpoint(component) == pytest.approx(lab + 1e-3 * TH.energy_nodes(component)[0].max(),
                                                          rel=1e-15)
    assert 0.06 < top - lab < 0.075
    assert S.shape(component, top) == 0 and S.shape(component, lab + 0.001) > 0
    tail, _ = quad(lambda e: float(S.shape(component, e)), lab + 0.02, top, limit=400, epsabs=0, epsrel=1e-8)
    assert 0 < tail < 1e-7


def test_lines():
    E, b = S.lines("7Be")
    assert E == pytest.approx([0.8618, 0.3843], abs=1e-4)
    assert b == pytest.approx([0.896, 0.104]) and b.sum() == pytest.approx(1.0)
    E, b = S.lines("pep")
    assert E == pytest.approx([1.442], abs=5e-4) and b == pytest.approx([1.0])
    # recoil of the final nucleus lowers the line below the Q value
    assert E[0] < (2 * nuclear.MASS_EXCESS_KEV["1H"] - nuclear.MASS_EXCESS_KEV["2H"]) / 1e3
    for c in S.CONTINUOUS:
        assert len(S.lines(c)[0]) == 0


@pytest.mark.parametrize("spectra", S.SPECTRA)
@pytest.mark.parametrize("component", ["pp", "13N", "15O", "17F", "hep"])
def test_mean_energies_match_published_values_to_one_percent(component, spectra):
    assert S.mean_energy(component, spectra=spectra) == pytest.approx(PUBLISHED_MEAN[component], rel=0.01)


@pytest.mark.parametrize("spectra", S.SPECTRA)
def test_cno_and_hep_means_to_a_few_per_mille(spectra):
    """The allowed shape with the Fermi function is all these spectra need."""
    for c in ("13N", "15O", "17F", "hep"):
        assert S.mean_energy(c, spectra=spectra) == pytest.approx(PUBLISHED_MEAN[c], rel=2e-3)


def test_the_default_spectra_are_thermal():
    """pp and hep are made in the Sun by default (nubrems.sun.thermal); the laboratory spectra
    are those of the reactions at rest."""
    assert S.SPECTRA[0] == "thermal"
    assert S.mean_energy("pp") == pytest.approx(0.26863, abs=1e-5)
    assert S.mean_energy("pp", spectra="laboratory") == pytest.approx(0.264883, abs=1e-6)
    assert S.mean_energy("hep") == pytest.approx(9.62997, abs=1e-5)
    assert S.mean_energy("hep", spectra="laboratory") == pytest.approx(9.62503, abs=1e-5)
    for c in S.THERMAL:
        assert S.mean_energy(c) == pytest.approx(TH.mean_energy(c), rel=1e-12)
        assert S.mean_energy(c, spectra="laboratory") == pytest.approx(TH.lab_mean_energy(c), rel=1e-12)
        E = np.linspace(0, S.endpoint(c), 501)
        assert np.allclose(S.shape(c, E), TH.shape(c, E), rtol=1e-13, atol=0)
        assert np.allclose(S.shape(c, E, spectra="laboratory"), TH.shape(c, E, T_K=0.0), rtol=1e-7,
                           atol=1e-12 * S.shape(c, E).max())
    # the Sun's pp spectrum is harder: 0.69 % above Bahcall's tabulated mean, the laboratory one 0.72 % below
    assert S.mean_energy("pp") / PUBLISHED_MEAN["pp"] - 1 == pytest.approx(0.0069, abs=2e-4)
    assert S.mean_energy("pp", spectra="laboratory") / PUBLISHED_MEAN["pp"] - 1 == pytest.approx(-0.0072, abs=2e-4)


@pytest.mark.parametrize("component", [c for c in S.COMPONENTS if c not in S.THERMAL])
def test_other_components_are_the_same_for_both_choices(component):
    """Only pp and hep depend on the spectra: everything else is bit-identical."""
    E = np.linspace(0, 1.1 * S.endpoint(component), 301)
    u = np.linspace(0, 0.999, 101)
    a, b = "thermal", "laboratory"
    assert S.endpoint(component, spectra=a) == S.endpoint(component, spectra=b)
    assert np.array_equal(S.shape(component, E, spectra=a), S.shape(component, E, spectra=b))
    assert np.array_equal(S.spectrum(component, E, "B16-AGSS09met", spectra=a),
                          S.spectrum(component, E, "B16-AGSS09met", spectra=b))
    for x, y in zip(S.quadrature(component, n=32, spectra=a), S.quadrature(component, n=32, spectra=b), strict=True):
        assert np.array_equal(x, y)
    for x, y in zip(S.energy_map(component, u, spectra=a), S.energy_map(component, u, spectra=b), strict=True):
        assert np.array_equal(x, y)
    assert [S.energy_moment(component, k, spectra=a) for k in (1, 2)] == \
        [S.energy_moment(component, k, spectra=b) for k in (1, 2)]


def test_caches_are_kept_per_component_and_spectra():
    """The energy map of pp has one table per choice; 8B one for both."""
    for cache in S._CACHES:
        cache.cache_clear()
    u = np.array([0.5])
    for spectra in S.SPECTRA:
        S.energy_map("8B", u, spectra=spectra)
    assert S._inverse_cdf.cache_info().currsize == S._jacobian_spline.cache_info().currsize == 1
    for spectra in S.SPECTRA:
        S.energy_map("pp", u, spectra=spectra)
    assert S._inverse_cdf.cache_info().currsize == S._jacobian_spline.cache_info().currsize == 3
    assert S._inverse_cdf("pp", "thermal") is not S._inverse_cdf("pp", "laboratory")
    assert S._norm("pp", "thermal") == pytest.approx(1.0, rel=1e-14)


# --- fluxes, quadrature, energy maps -----------------------------------------------------------
@pytest.mark.parametrize("model", S.MODELS)
def test_spectrum_is_flux_times_shape(model):
    E = np.linspace(0.1, 10, 7)
    for c in S.COMPONENTS:
        assert S.spectrum(c, E, model) == pytest.approx(S.total_flux(c, model) * S.shape(c, E))
    assert np.all(S.spectrum("7Be", E, model) == 0)
    assert S.total_flux("pp", "B16-GS98") == 5.98e10 and S.total_flux("8B", "B16-AGSS09met") == 4.50e6


@pytest.mark.parametrize("spectra", S.SPECTRA)
@pytest.mark.parametrize("component", S.COMPONENTS)
def test_quadrature_reproduces_flux_and_mean(component, spectra):
    E, w = S.quadrature(component, "B16-GS98", n=48, spectra=spectra)
    phi = S.total_flux(component, "B16-GS98")
    assert w.sum() == pytest.approx(phi, rel=1e-5)
    assert (w * E).sum() / phi == pytest.approx(S.mean_energy(component, spectra=spectra), rel=1e-5)
    assert np.all(w > 0) and np.all((E >= 0) & (E <= S.endpoint(component, spectra=spectra)))


@pytest.mark.parametrize("component", S.THERMAL)
def test_thermal_quadrature_is_the_gauss_rule_of_the_spectrum(component):
    """n nodes integrate E^k exactly for k <= 2n - 1 (against the moments of the mixture), and
    a smooth non-polynomial f converges fast; a Gauss-Legendre rule on [0, endpoint] across
    the 64 ends of the mixed spectra would be off by 2e-4 in the pp flux with 64 nodes."""
    phi = S.total_flux(component)
    for n in (2, 4, 7):
        E, w = S.quadrature(component, n=n)
        assert len(E) == n and np.all(np.diff(E) > 0)
        for k in range(2 * n):
            assert np.sum(w * E**k) / phi == pytest.approx(S.energy_moment(component, k), rel=1e-11), (n, k)
    E_m, w_m = TH.measure(component)
    top = S.endpoint(component)
    E, w = S.quadrature(component, n=12)
    assert np.sum(w * np.exp(-5 * E / top)) / phi == pytest.approx(np.sum(w_m * np.exp(-5 * E_m / top)), rel=1e-12)
    E, w = S.quadrature(component, n=1000)            # the largest n the catalogue allows: still stable
    assert w.sum() / phi == pytest.approx(1.0, rel=1e-12) and np.all(w > 0)
    assert np.sum(w * E**2) / phi == pytest.approx(S.energy_moment(component, 2), rel=1e-12)
    assert S.quadrature(component, n=64)[0] is not S.quadrature(component, n=64)[0]   # the cache is not shared


@pytest.mark.parametrize("spectra", S.SPECTRA)
@pytest.mark.parametrize("component", S.COMPONENTS)
def test_energy_map_reproduces_flux_and_mean(component, spectra):
    x, wx = np.polynomial.legendre.leggauss(200)
    # integrate over u in panels so that the map's knots do not spoil the rule
    edges = np.linspace(0, 1, 41)
    u = (0.5 * (edges[1:] + edges[:-1])[:, None] + 0.5 * np.diff(edges)[:, None] * x[None, :]).ravel()
    w = (0.5 * np.diff(edges)[:, None] * wx[None, :]).ravel()
    E, dphi = S.energy_map(component, u, "B16-AGSS09met", spectra=spectra)
    phi = S.total_flux(component, "B16-AGSS09met")
    # the Jacobian tables reproduce the flux to 2e-7 (measured: thermal pp 1.6e-7)
    assert np.sum(w * dphi) == pytest.approx(phi, rel=1e-6)
    assert np.sum(w * dphi * E) / phi == pytest.approx(S.mean_energy(component, spectra=spectra), rel=1e-4)
    assert np.all(E >= 0) and np.all(E <= S.endpoint(component, spectra=spectra) + 1e-12)


@pytest.mark.parametrize("component, spectra", [("8B", "thermal"), ("pp", "thermal"), ("pp", "laboratory")])
def test_energy_map_is_monotone_and_nearly_flat(component, spectra):
    u = np.linspace(0, 0.999, 1000)
    E, dphi = S.energy_map(component, u, spectra=spectra)
    assert np.all(np.diff(E) >= 0)
    mid = dphi[50:950] / S.total_flux(component)
    assert np.all(np.abs(mid - 1) < 0.02)


def test_thermal_line_profile():
    E = np.linspace(0.855, 0.875, 4001)
    prof = S.shape("7Be", E, line_kT_keV=1.35)
    area = np.trapezoid(prof, E)
    assert area == pytest.approx(0.896, rel=1e-3)          # the ground-state line only
    mean_shift_keV = 1e3 * (np.trapezoid(E * prof, E) / area - S.lines("7Be")[0][0])
    assert 0.5 < mean_shift_keV < 3 * 1.35                 # of order kT, upward
    assert np.all(S.shape("7Be", E) == 0)                  # narrow lines by default


# --- bad input -----------------------------------------------------------------------------
@pytest.mark.parametrize("call, needle", [
    (lambda: S.shape("8b", 1.0), "component must be one of pp, pep, hep, 7Be, 8B"),
    (lambda: S.spectrum("pp", 0.1, model="GS98"), "model must be one of B16-GS98, B16-AGSS09met"),
    (lambda: S.total_flux("pp", "SSM"), "model"),
    (lambda: S.spectrum("pp", -0.1), "E_MeV"),
    (lambda: S.shape("pp", np.nan), "E_MeV"),
    (lambda: S.quadrature("pp", n=1), "n must be"),
    (lambda: S.energy_map("pp", 1.0), "u must"),
    (lambda: S.line_profile("pp", 1.0, 1.0), "line component"),
    (lambda: S.line_profile("7Be", 1.0, -1.0), "kT_keV"),
    (lambda: S.endpoint("boron"), "component"),
    (lambda: S.shape("pp", 0.1, spectra="lab"), "spectra must be one of thermal, laboratory; got 'lab'"),
    (lambda: S.shape("8B", 1.0, spectra="Sun"), "spectra must be one of thermal, laboratory"),
    (lambda: S.spectrum("pp", 0.1, spectra=None), "spectra must be one of"),
    (lambda: S.quadrature("hep", spectra="laboratory "), "spectra must be one of"),
    (lambda: S.energy_map("pp", 0.5, spectra="THERMAL"), "spectra must be one of"),
    (lambda: S.energy_moment("7Be", 2, spectra="x"), "spectra must be one of"),
    (lambda: S.mean_energy("pp", spectra="x"), "spectra must be one of"),
    (lambda: S.endpoint("pp", spectra="x"), "spectra must be one of"),
    (lambda: S.check_energy("pp", 0.1, spectra="x"), "spectra must be one of"),
])
def test_bad_input_raises_value_error_naming_the_parameter(call, needle):
    with pytest.raises(ValueError, match=needle.replace("(", r"\(")):
        call()


# --- the 8B fast path: table against the full nuclear computation ---------------------------
@contextlib.contextmanager
def full_8b_computation():
    """nubrems.sun.spectra with the 8B shape computed by nubrems.sun.nuclear instead of read from the
    table; every quantity derived from it (norm, moments, energy map) is rebuilt."""
    saved = S._tabulated_shape
    for cache in S._CACHES:
        cache.cache_clear()

    def computed_shape(component):
        return nuclear.b8_shape

    S._tabulated_shape = computed_shape
    try:
        yield
    finally:
        S._tabulated_shape = saved
        for cache in S._CACHES:
            cache.cache_clear()


@pytest.fixture(scope="module")
def b8_table_and_full():
    """The same solar quantities from the table (as at run time) and from the full computation."""
    E = np.linspace(0.0, S.endpoint("8B"), 4001)       # 2.5 points per table step
    u = (np.arange(4000) + 0.5) / 4000

    def collect():
        return {"shape": S.shape("8B", E), "norm": S._norm("8B"),
                "moments": np.array([S.energy_moment("8B", k) for k in (1, 2, 3)]),
                "quadrature": S.quadrature("8B", "B16-GS98", 64),
                "energy_map": S.energy_map("8B", u, "B16-AGSS09met")}

    table = collect()
    with full_8b_computation():
        full = collect()
    return table, full


def test_b8_table_shape_matches_the_full_computation(b8_table_and_full):
    """Within 2e-8 of the peak everywhere (measured 8e-9): the table has 9 significant digits
    (rounding 5e-9 of the peak at most) and the cubic spline's error on its 0.011 MeV steps
    is smaller than that. The table's norm under the 400-point rule differs from 1 by 6e-11."""
    table, full = b8_table_and_full
    assert np.max(np.abs(table["shape"] - full["shape"])) < 2e-8 * full["shape"].max()
    assert table["norm"] == pytest.approx(full["norm"], rel=1e-9)


def test_b8_table_moments_match_the_full_computation(b8_table_and_full):
    """<E>, <E^2>, <E^3> to 1e-9 relative (measured below 5e-11): pointwise errors of 1e-8 of
    the peak, half of them rounding with random signs, average out in the moments."""
    table, full = b8_table_and_full
    assert table["moments"] == pytest.approx(full["moments"], rel=1e-9)
    summary = nuclear.b8_decay_summary()
    assert S.mean_energy("8B") == pytest.approx(summary["mean_energy_MeV"], rel=1e-9)
    assert S.energy_moment("8B", 2) == pytest.approx(summary["mean_energy_squared_MeV2"], rel=1e-9)


def test_b8_table_quadrature_matches_the_full_computation(b8_table_and_full):
    """Same nodes; weights within 2e-8 of the largest (the shape's accuracy), total flux to 1e-9."""
    (E_t, w_t), (E_f, w_f) = b8_table_and_full[0]["quadrature"], b8_table_and_full[1]["quadrature"]
    assert np.array_equal(E_t, E_f)
    assert np.max(np.abs(w_t - w_f)) < 2e-8 * w_f.max()
    assert w_t.sum() == pytest.approx(w_f.sum(), rel=1e-9)


def test_b8_table_energy_map_matches_the_full_computation(b8_table_and_full):
    """E(u) within 1e-7 MeV (measured 5e-9) and dPhi/du within 1e-6 relative (measured 2e-7,
    in the far tail u -> 1 where the shape is 1e-6 of its peak)."""
    (E_t, j_t), (E_f, j_f) = b8_table_and_full[0]["energy_map"], b8_table_and_full[1]["energy_map"]
    assert np.max(np.abs(E_t - E_f)) < 1e-7
    assert j_t == pytest.approx(j_f, rel=1e-6)


def run_python(code):
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    return out.stdout


@pytest.mark.slow
def test_solar_for_a_rate_never_computes_the_8b_model():
    """A fresh process that uses every solar function a rate needs (energy maps, quadrature,
    moments, spectra) and the semi-analytic rate never imports mpmath: 8B comes from the table."""
    run_python("""
        import sys
        import numpy as np
        from nubrems import Params
        from nubrems.rates import one_flavour as rates
        from nubrems.sun import spectra as solar
        u = np.linspace(0, 0.999, 101)
        for c in solar.COMPONENTS:
            solar.energy_map(c, u)
            solar.quadrature(c)
            solar.energy_moment(c, 2)
            solar.spectrum(c, np.linspace(0.1, 15, 50))
        rates.leading_order_rate(Params())
        assert solar._tabulated_shape.cache_info().currsize == 1
        assert "mpmath" not in sys.modules, "the 8B R-matrix model was computed"
        assert "nubrems.sun.tables" not in sys.modules
    """)


def test_importing_the_parameter_catalogue_is_light():
    """nubrems.core.catalogue names the solar models and spectra choices; sun.components takes
    them from there and keys its fluxes by them. Importing the catalogue imports nothing above
    core, and importing the spectra reads no table and computes nothing (first use does)."""
    run_python("""
        import sys
        import nubrems.core.catalogue as P
        assert not [m for m in sys.modules if m.startswith("nubrems.") and not m.startswith("nubrems.core")]
        from nubrems.sun import components, spectra as solar
        assert solar.MODELS is P.SOLAR_MODELS and P.SOLAR_MODELS[0] == "B16-GS98"
        assert tuple(components.FLUXES) == P.SOLAR_MODELS and components.SPECTRA is P.SPECTRA
        assert solar._tabulated_shape.cache_info().currsize == 0
        assert solar._norm.cache_info().currsize == 0
        assert "mpmath" not in sys.modules
    """)


# --- data tables -----------------------------------------------------------------------------
def test_tables_are_found_in_the_checkout():
    """Editable install or source tree: the tables are data/solar of the project."""
    assert Path(S.table_path("8B_fine.csv")) == ROOT / "data" / "solar" / "8B_fine.csv"


def test_wheels_carry_the_tables():
    """pyproject.toml ships data/solar as the package data of nubrems.tables, which
    solar.table_path reads in an installed wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "nubrems.tables" in config["packages"]
    assert config["package-dir"]["nubrems.tables"] == "data/solar"
    assert "*.csv" in config["package-data"]["nubrems.tables"]


@pytest.mark.slow
def test_committed_tables_regenerate_identically(tmp_path):
    """The full nuclear computation (mpmath, R-matrix) reproduces every table byte for byte."""
    solar_tables.main(["--out", str(tmp_path)])
    committed = ROOT / "data" / "solar"
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(p.name for p in committed.iterdir())
    for name in names:
        assert (tmp_path / name).read_text() == (committed / name).read_text(), name


def test_tables_agree_with_the_package_and_checksums():
    folder = ROOT / "data" / "solar"
    prov = json.loads((folder / "provenance.json").read_text())
    assert prov["command"] == "python -m nubrems.sun.tables"
    assert sorted(prov["sha256"]) == sorted(p.name for p in folder.iterdir() if p.name != "provenance.json")
    for name, digest in prov["sha256"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    data = np.loadtxt(folder / "15O.csv", delimiter=",", skiprows=1)
    assert data[:, 1] == pytest.approx(S.shape("15O", data[:, 0]), rel=1e-7, abs=1e-9)


@pytest.mark.parametrize("component", S.THERMAL)
def test_pp_and_hep_tables_are_the_thermal_spectra(component):
    """data/solar holds the spectra the book uses: pp and hep made in the Sun, up to their
    thermal endpoint; the provenance gives both mean energies."""
    folder = ROOT / "data" / "solar"
    prov = json.loads((folder / "provenance.json").read_text())
    assert prov["parameters"]["pp_hep_spectra"]["spectra"] == solar_tables.SPECTRA == "thermal"
    assert prov["mean_energies_MeV"][component] == pytest.approx(S.mean_energy(component), abs=1e-6)
    assert prov["parameters"]["pp_hep_spectra"]["mean_energies_laboratory_MeV"][component] == \
        pytest.approx(S.mean_energy(component, spectra="laboratory"), abs=1e-6)
    data = np.loadtxt(folder / f"{component}.csv", delimiter=",", skiprows=1)
    E = np.linspace(0.0, S.endpoint(component), solar_tables.N_POINTS)
    assert data[:, 0] == pytest.approx(E, abs=1e-9)
    # at the exact grid energies: the mixed spectra end within an eV or so, steeper than the
    # rounding of the printed energies allows for
    assert data[:, 1] == pytest.approx(S.shape(component, E), rel=1e-8, abs=1e-9)


@pytest.mark.parametrize("component", S.TABULATED)
def test_fine_table_contains_the_public_table(component):
    """Every 4th row of <name>_fine.csv is the row of <name>.csv: one computation, two grids."""
    folder = ROOT / "data" / "solar"
    fine = (folder / f"{component}_fine.csv").read_text().splitlines()
    coarse = (folder / f"{component}.csv").read_text().splitlines()
    step = (solar_tables.N_FINE - 1) // (solar_tables.N_POINTS - 1)
    assert fine[0] == coarse[0] and fine[1::step] == coarse[1:]


def test_check_energy_knows_lines_and_endpoints():
    assert S.check_energy("7Be", 0.8618) == 0.8618
    assert S.check_energy("8B", 10.0) == 10.0
    with pytest.raises(ValueError, match=r"--energy = 0.5 MeV: 7Be neutrinos come in lines at 0.8618, 0.3843 MeV"):
        S.check_energy("7Be", 0.5, "--energy")
    with pytest.raises(ValueError, match=r"E_MeV = 1 MeV is above the pp endpoint \(thermal spectrum\), 0.483 MeV"):
        S.check_energy("pp", 1.0)
    assert S.check_energy("pp", 0.45) == 0.45                 # the Sun's pp spectrum reaches beyond 0.4202 MeV
    with pytest.raises(ValueError, match=r"E_MeV = 0.45 MeV is above the pp endpoint \(laboratory spectrum\), "
                                         r"0.4202 MeV"):
        S.check_energy("pp", 0.45, spectra="laboratory")
    with pytest.raises(ValueError, match=r"E_MeV = 18 MeV is above the 8B endpoint, 17.05 MeV"):
        S.check_energy("8B", 18.0)
