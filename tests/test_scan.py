"""Parameter scans (nubrems.studies.scan): grids, bit-identical rows on every executor, the CSV, errors.

The same 2 x 2 grid runs in this process, in a local process pool and on a Dask
LocalCluster (also through DASK_SCHEDULER_ADDRESS); the rows must agree bit for bit. Two
cheap solar components (the lines pep and 7Be) at rtol 0.3 keep the file fast.
"""

import argparse
import csv
import io
import json
import math
import os
from pathlib import Path

import pytest

from nubrems import __version__
from nubrems.cli import scan as scan_cli
from nubrems.core import constants as C
from nubrems.core import executors
from nubrems.core.catalogue import ParameterError
from nubrems.rates import one_flavour as rates
from nubrems.studies import scan

GRID = {"m_nu_eV": [0.1, 0.8], "mu_nu_muB": [6e-12, "SM"]}
COMPONENTS = ("pep", "7Be")
RTOL, SEED = 0.3, 5


@pytest.fixture(scope="module")
def points():
    return scan.grid_points(GRID)


@pytest.fixture(scope="module")
def serial_rows(points):
    return scan.run_scan(points, rtol=RTOL, seed=SEED, jobs=1, components=COMPONENTS)


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def csv_of(rows, path):
    return scan.write_csv(rows, path).read_text()


# --- bit-identical on every executor -------------------------------------------------------------
def test_process_pool_is_bit_identical(serial_rows, points, tmp_path):
    rows = scan.run_scan(points, rtol=RTOL, seed=SEED, jobs=2, components=COMPONENTS)
    assert rows == serial_rows                       # exact float equality, column by column
    assert csv_of(rows, tmp_path / "pool.csv") == csv_of(serial_rows, tmp_path / "serial.csv")


def test_dask_cluster_is_bit_identical(serial_rows, points, cluster, tmp_path):
    rows = scan.run_scan(points, rtol=RTOL, seed=SEED, scheduler=cluster.scheduler_address,
                         components=COMPONENTS)
    assert rows == serial_rows
    assert csv_of(rows, tmp_path / "dask.csv") == csv_of(serial_rows, tmp_path / "serial.csv")


def test_scheduler_from_the_environment_and_order_independence(serial_rows, points, cluster, monkeypatch):
    import distributed

    used = []

    class Spy(distributed.Client):
        def __init__(self, address=None, *args, **kwargs):
            used.append(address)
            super().__init__(address, *args, **kwargs)

    monkeypatch.setattr(distributed, "Client", Spy)
    monkeypatch.setenv(executors.ENV_SCHEDULER, cluster.scheduler_address)
    rows = scan.run_scan(points[::-1], rtol=RTOL, seed=SEED, components=COMPONENTS)
    assert used == [cluster.scheduler_address]       # without --jobs the variable chooses the cluster
    strip = [{k: v for k, v in r.items() if k != "point"} for r in rows]
    assert strip == [{k: v for k, v in r.items() if k != "point"} for r in serial_rows[::-1]]
    assert [r["point"] for r in rows] == [0, 1, 2, 3]


def test_a_row_is_a_direct_photon_rate_call(serial_rows, points):
    p = points[3].params
    r = rates.photon_rate(params=p, components=list(COMPONENTS), rtol=RTOL, seed=SEED, progress=False)
    row = serial_rows[3]
    assert row["photons"] == r.photons and row["photons_err"] == r.photons_err
    assert row["photons_per_km3_per_year"] == r.photons_per_km3_per_year
    for c in COMPONENTS:
        assert row[f"photons_per_km3_per_year_{c}"] == r.by_component[c][0] / (p.volume_km3 * p.years)
        assert row[f"photons_per_km3_per_year_{c}_err"] == r.by_component[c][1] / (p.volume_km3 * p.years)
    assert {k: row[k] for k in p.as_dict()} == p.as_dict()


# --- the grid ----------------------------------------------------------------------------------
def test_order_first_name_slowest_and_sm_flag(points):
    assert [(pt.params.m_nu_eV, pt.mu_nu_SM) for pt in points] == [(0.1, False), (0.1, True),
                                                                  (0.8, False), (0.8, True)]
    sm = points[3].params.mu_nu_muB
    assert sm == C.sm_dirac_moment(0.8) / C.MU_B and points[2].params.mu_nu_muB == 6e-12
    assert all(pt.params.xi == 1.0 for pt in points)            # names left out: baseline


def test_spectra_are_a_grid_parameter():
    """spectra: [thermal, laboratory] runs both pp and hep spectra; left out: thermal."""
    pts = scan.grid_points({"m_nu_eV": 0.1, "spectra": ["thermal", "laboratory"]})
    assert [pt.params.spectra for pt in pts] == ["thermal", "laboratory"]
    assert scan.grid_points({"xi": 2.0})[0].params.spectra == "thermal"
    assert "spectra" in scan.columns() and scan.units()["spectra"] is None


def test_example_grid_file_loads():
    pts = scan.load_grid(Path(__file__).resolve().parents[1] / "params" / "scans" / "example.yaml")
    assert len(pts) == 4 and {pt.params.xi for pt in pts} == {100.0}


def grid_file(tmp_path, text):
    path = tmp_path / "grid.yaml"
    path.write_text(text)
    return path


MANY = "m_nu_eV: [" + ", ".join(f"{0.01 * (i + 1):.2f}" for i in range(101)) + "]\n" \
       "xi: [" + ", ".join(str(i + 1) for i in range(100)) + "]\n"
BAD_GRIDS = [
    ("", "sets no parameter"),
    ("# only a comment\n", "sets no parameter"),
    ("- 0.1\n- 0.2\n", "must be a YAML mapping"),
    ("m_nu_eV: [0.1,\n", "not valid YAML"),
    ("m_nu: 0.1\n", "unknown parameter(s) m_nu; a grid takes: m_nu_eV"),
    ("rtol: 0.1\n", "rtol is an option of the scan, not a grid parameter: use --rtol"),
    ("seed: [1, 2]\n", "use --seed"),
    ("m_nu_eV: [0.1, 20]\n", "m_nu_eV = 20: allowed: [0.001, 10] eV"),
    ("xi: [1, abc]\n", "xi = 'abc': not a number"),
    ("xi: .nan\n", "not a finite number"),
    ("m_nu_eV: []\n", "m_nu_eV = []: an empty list"),
    ("m_nu_eV: [0.1, 1.0e-1]\n", "m_nu_eV lists 0.1 more than once"),
    ("solar_model: [B16-GS98, SSM]\n", "solar_model = 'SSM': unknown value"),
    ("spectra: [thermal, Sun]\n", "spectra = 'Sun': unknown value; allowed: one of thermal, laboratory"),
    ("spectra: [thermal, thermal]\n", "spectra lists thermal more than once"),
    ("mu_nu_muB: [1.0e-40]\n", "mu_nu_muB = 1e-40: allowed: [1e-30, 1e-06]"),
    ("n_nu_cm3: 0\nn_nubar_cm3: [1, 0]\n",
     "point 1 (n_nu_cm3 = 0, n_nubar_cm3 = 0): n_nu_cm3 and n_nubar_cm3 cannot both be 0"),
    (MANY, "10100 points (101 m_nu_eV x 100 xi) exceed the limit of 10000"),
]


@pytest.mark.parametrize("text, message", BAD_GRIDS)
def test_bad_grids_are_refused_in_one_line(tmp_path, text, message):
    path = grid_file(tmp_path, text)
    with pytest.raises(ParameterError) as err:
        scan.load_grid(path)
    assert message in str(err.value) and str(err.value).startswith(str(path))
    assert "\n" not in str(err.value)


def test_missing_or_directory_grid(tmp_path):
    with pytest.raises(ParameterError, match="no such grid file"):
        scan.load_grid(tmp_path / "nothing.yaml")
    with pytest.raises(ParameterError, match="is a directory"):
        scan.load_grid(tmp_path)


def test_scan_options_are_validated_before_work(points):
    for kwargs, message in (({"rtol": 2}, "rtol = 2: allowed: [0.0003, 0.5]"), ({"seed": -1}, "seed = -1"),
                            ({"components": ["8b"]}, "components = 8b: allowed: one or more of pp"),
                            ({"jobs": 0}, "jobs = 0: allowed: an integer >= 1")):
        with pytest.raises(ParameterError, match=message.replace("[", r"\[").replace("(", r"\(")):
            scan.run_scan(points, **kwargs)


# --- the CSV -----------------------------------------------------------------------------------
def test_csv_header_units_and_rows(serial_rows, tmp_path):
    text = csv_of(serial_rows, tmp_path / "out.csv")
    lines = text.splitlines()
    assert lines[0].startswith(f"# nubrems {__version__} scan: rtol = 0.3, seed = 5, components = pep 7Be, "
                               "4 points")
    table = list(csv.reader(io.StringIO("\n".join(lines[1:]))))
    header, body = table[0], table[1:]
    assert len(body) == 4 and all(len(r) == len(header) for r in body)
    expected = ["point", "m_nu_eV [eV]", "mu_nu_muB [mu_B]", "mu_nu_SM", "n_nu_cm3 [cm^-3]",
                "n_nubar_cm3 [cm^-3]", "xi [1]", "volume_km3 [km^3]", "years [yr]", "solar_model", "spectra",
                "rtol [1]", "seed", "photons_per_km3_per_year [km^-3 yr^-1]",
                "photons_per_km3_per_year_err [km^-3 yr^-1]",
                "photons [1]", "photons_err [1]",
                "photons_per_km3_per_year_pep [km^-3 yr^-1]", "photons_per_km3_per_year_pep_err [km^-3 yr^-1]",
                "photons_per_km3_per_year_7Be [km^-3 yr^-1]", "photons_per_km3_per_year_7Be_err [km^-3 yr^-1]",
                "rtol_reached"]
    assert header == expected
    labels = {"point", "mu_nu_SM", "solar_model", "spectra", "seed", "rtol_reached"}
    for name, row_values in zip(header, zip(*body, strict=True), strict=True):
        if name not in labels:        # every number has a unit and reads back as the exact double
            key = name.split(" [")[0]
            assert [float(v) for v in row_values] == [r[key] for r in serial_rows]
    assert [r[3] for r in body] == ["false", "true", "false", "true"]
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]       # no temporary left over
    assert oct(os.stat(tmp_path / "out.csv").st_mode & 0o777) != oct(0o600)


def test_rates_are_positive_and_consistent(serial_rows):
    for r in serial_rows:
        total = sum(r[f"photons_per_km3_per_year_{c}"] for c in COMPONENTS)
        assert r["photons_per_km3_per_year"] == pytest.approx(total, rel=1e-12)
        assert 0 < r["photons_per_km3_per_year_err"] < r["photons_per_km3_per_year"]
        assert r["rtol_reached"] is True
    # the rate scales as mu^2: the SM point of a mass is (mu_SM / 6e-12)^2 times the other
    ratio = serial_rows[1]["photons"] / serial_rows[0]["photons"]
    assert ratio == pytest.approx((serial_rows[1]["mu_nu_muB"] / 6e-12) ** 2, rel=1e-9)


def test_write_is_atomic(serial_rows, tmp_path, monkeypatch):
    out = tmp_path / "out.csv"
    out.write_text("old results\n")

    def broken(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken)
    with pytest.raises(OSError, match="No space left"):
        scan.write_csv(serial_rows, out)
    assert out.read_text() == "old results\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_check_output(tmp_path):
    with pytest.raises(ParameterError, match="is a directory"):
        scan.check_output(tmp_path)
    with pytest.raises(ParameterError, match="is a directory"):
        scan.check_output(f"{tmp_path}/new/")
    (tmp_path / "file").write_text("x")
    with pytest.raises(ParameterError, match="is not a directory"):
        scan.check_output(tmp_path / "file" / "out.csv")
    with pytest.raises(ParameterError, match="cannot write in /proc"):
        scan.check_output("/proc/nubrems-scan/out.csv")
    nested = tmp_path / "a" / "b" / "out.csv"
    assert scan.check_output(nested) == nested and not (tmp_path / "a").exists()   # created on writing
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]                  # the probe is gone


# --- the command line --------------------------------------------------------------------------
def parser():
    p = argparse.ArgumentParser(prog="nubrems")
    scan_cli.register(p.add_subparsers(dest="command", required=True))
    return p


def run_cli(*argv):
    args = parser().parse_args(["scan", *argv])
    args.func(args)


@pytest.mark.parametrize("argv, message", [
    (("--rtol", "2"), "--rtol: 2: allowed: [0.0003, 0.5]"),
    (("--rtol", "x"), "--rtol: 'x': not a number"),
    (("--seed", "-1"), "--seed: -1"),
    (("--jobs", "0"), "--jobs: 0: allowed: an integer >= 1"),
    (("--components", "pp,boron"), "--components: pp, boron: allowed: one or more of pp, pep"),
])
def test_cli_option_errors(tmp_path, capsys, argv, message):
    grid = grid_file(tmp_path, "m_nu_eV: 0.1\n")
    with pytest.raises(SystemExit) as exit_:
        run_cli("--grid", str(grid), "--out", str(tmp_path / "o.csv"), *argv)
    assert exit_.value.code == 2 and message in capsys.readouterr().err


@pytest.mark.parametrize("out, message", [(".", "is a directory"), (None, "give an output file"),
                                          ("grid.yaml", "is the grid file itself")])
def test_cli_output_errors(tmp_path, monkeypatch, out, message):
    monkeypatch.chdir(tmp_path)
    grid_file(tmp_path, "m_nu_eV: 0.1\n")
    with pytest.raises(ValueError, match=message):
        run_cli("--grid", "grid.yaml", *(("--out", out) if out else ()))


def test_cli_writes_csv_and_json(tmp_path, capsys):
    grid = grid_file(tmp_path, "m_nu_eV: 0.8\nmu_nu_muB: SM\n")
    out = tmp_path / "new" / "folder" / "scan.csv"
    run_cli("--grid", str(grid), "--out", str(out), "--rtol", "0.3", "--seed", "5", "--jobs", "1",
            "--components", "7Be,pep", "--json")
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["nubrems"] == __version__ and data["units"]["m_nu_eV"] == "eV"
    assert len(data["rows"]) == 1 and data["rows"][0]["mu_nu_SM"] is True
    assert "1 points in this process" in captured.err and "wrote" in captured.err
    lines = out.read_text().splitlines()
    assert len(lines) == 3 and "components = pep 7Be" in lines[0]
    column = lines[1].split(",").index("photons_per_km3_per_year [km^-3 yr^-1]")
    assert float(lines[2].split(",")[column]) == data["rows"][0]["photons_per_km3_per_year"]


def test_failures_leave_nothing_behind(tmp_path, monkeypatch):
    grid = grid_file(tmp_path, "m_nu_eV: [0.1, 0.2]\n")
    out = tmp_path / "out" / "scan.csv"

    def fails(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(rates, "photon_rate", fails)
    with pytest.raises(scan.ScanPointError, match=r"point 0 \(m_nu_eV = 0.1, .*ZeroDivisionError: boom"):
        run_cli("--grid", str(grid), "--out", str(out), "--jobs", "1")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(rates, "photon_rate", interrupted)
    with pytest.raises(KeyboardInterrupt):                 # not swallowed: the CLI maps it to 130
        run_cli("--grid", str(grid), "--out", str(out), "--jobs", "1")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["grid.yaml"]


class _FakeResult:
    photons = photons_err = photons_per_km3_per_year = 1.0

    def __init__(self):
        self.by_component = dict.fromkeys(COMPONENTS, (0.125, 0.0))


def test_points_run_their_components_in_the_worker(monkeypatch, points):
    """A point asks photon_rate for jobs=1, which stays in the worker even where
    DASK_SCHEDULER_ADDRESS is set (nubrems.core.executors: an explicit jobs beats the variable)."""
    seen = []

    def record(params, **kwargs):
        seen.append(kwargs.get("jobs"))
        return _FakeResult()

    monkeypatch.setattr(rates, "photon_rate", record)
    monkeypatch.setenv(executors.ENV_SCHEDULER, "tcp://192.0.2.1:8786")
    row = scan.scan_point(points[0], rtol=RTOL, seed=SEED, components=COMPONENTS)
    assert seen == [1]
    with executors.executor(jobs=1) as ex:          # no Dask client is even created
        assert ex.submit(sum, [1, 2]).result() == 3
    assert row["photons_per_km3_per_year_pep"] == 0.125 and math.isfinite(row["photons"])


@pytest.mark.parametrize("text, name", [
    ("ordering: [normal, inverted]\n", "ordering"),
    ("flavours: 3\n", "flavours"),
    ("m_nu_eV: [0.1, 0.2]\nlightest_mass_eV: 0.01\n", "lightest_mass_eV"),
    ("moving_relics: true\n", "moving_relics"),
])
def test_three_flavour_axes_are_refused_before_any_work(tmp_path, text, name):
    """A scan is one-flavour: a grid naming a three-flavour setting stops in one line."""
    path = grid_file(tmp_path, text)
    with pytest.raises(ParameterError) as err:
        scan.load_grid(path)
    assert str(err.value) == (f"{path}: {name} is a three-flavour setting; a scan computes one flavour (a grid "
                              "takes: m_nu_eV, mu_nu_muB, n_nu_cm3, n_nubar_cm3, xi, volume_km3, years, "
                              "solar_model, spectra)")
