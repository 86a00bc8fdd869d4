"""The nubrems command: output keys, numbers, and one-line errors with exit status 2."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nubrems.amplitudes import twobody as T
from nubrems.core import constants as C
from nubrems.kinematics import vectors as K

EXE = Path(sys.executable).parent / "nubrems"
ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120)


def test_console_script_is_installed():
    assert EXE.exists(), "pip install -e . should provide the nubrems console script"
    assert run("--version").stdout.startswith("nubrems ")


def test_info_json():
    data = json.loads(run("info", "--json").stdout)
    assert data["defaults"]["m_nu_eV"] == 0.1
    assert data["constants"]["CODATA"] == "2022"


def test_kinematics_json_matches_package():
    out = run("kinematics", "--energy", "10", "--m-nu", "0.05", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["sqrt_s_eV"] == pytest.approx(float(K.sqrt_s(10 * C.MEV, 0.05)), rel=1e-14)
    assert data["gamma_cm"] == pytest.approx(float(K.cm_gamma(10 * C.MEV, 0.05)), rel=1e-14)


def test_elastic_plain_and_json():
    out = run("elastic", "--energy", "1", "--process", "nunubar", "--json")
    data = json.loads(out.stdout)
    assert data["sigma_cm2"] == pytest.approx(float(T.sigma("nunubar", 1e6, 0.1)) / C.CM2, rel=1e-14)
    plain = run("elastic", "--energy", "1").stdout
    assert "cm^2" in plain and "nu nu -> nu nu" in plain


ONE_LINE_REFUSALS = [
    (("elastic", "--energy", "-1"), "--energy"),
    (("elastic", "--energy", "1e300"), "--energy: 1e+300: allowed: (0, 1e+06] MeV"),
    (("kinematics", "--energy", "1e300"), "--energy: 1e+300"),
    (("elastic", "--energy", "1", "--process", "ee"), "--process"),
    (("kinematics", "--energy", "1", "--m-nu", "0"), "--m-nu: 0: allowed: [0.001, 10] eV"),
    (("kinematics", "--energy", "1", "--m-nu", "20"), "--m-nu"),
    (("kinematics", "--energy", "1", "--m-nu", "nan"), "not a finite number"),
    (("kinematics", "--energy", "1e-8"), "--energy = 1e-08 MeV is below threshold"),
    (("kinematics",), "the following arguments are required: --energy"),
    (("xsec", "--energy", "1", "--mu-nu", "1e-300"), "--mu-nu: 1e-300"),
    (("xsec", "--energy", "1", "--rtol", "2e-6"), "--rtol: 2e-06: allowed: [0.0001, 0.5]"),
    (("xsec", "--energy", "1", "--seed", "-1"), "--seed: -1"),
    (("rate", "--mu-nu", "1e-300"), "--mu-nu"),
    (("rate", "--xi", "1e-300"), "--xi"),
    (("rate", "--years", "1e-300"), "--years"),
    (("rate", "--volume-km3", "1e-300"), "--volume-km3"),
    (("rate", "--m-nu", "1e-300"), "--m-nu"),
    (("rate", "--seed", "-1"), "--seed"),
    (("rate", "--xi", "nan"), "--xi: nan: not a finite number"),
    (("rate", "--solar-model", "SSM"), "B16-GS98, B16-AGSS09met"),
    (("rate", "--csv", "/proc/nubrems-csv"), "--csv"),
    (("spectrum", "--component", "boron8"), "--component"),
    (("params", "--chapter", "99"), "unknown chapter"),
    (("run", "01_kinematics", "-p", "m_nu", "0.1"), "unknown parameter"),
    (("run", "99_nothing"), "unknown chapter"),
    (("run", "02_amplitudes", "-p", "E_nu_MeV", "0.00000001"), "below threshold"),
    (("run", "01_kinematics", "-p", "E_max_MeV", "0.05"), "E_max_MeV = 0.05 must exceed"),
    (("run", "02", "-p", "seed", "-1"), "seed = -1"),
    (("run", "01", "-p", "m_nu_eV", "true"), "m_nu_eV = 'true': not a number"),
    (("run", "01", "-p", "masses_eV", "0.5,0"), "masses_eV[1] = 0"),
    (("run", "01", "-o", "chapters/02_amplitudes.ipynb"), "refusing to write into chapters/"),
    (("run", "01", "-o", "/tmp"), "must be a notebook file"),
    (("run", "01", "-o", "/proc/x.ipynb"), "cannot write"),
    (("run", "01", "-f", "/nonexistent.yaml"), "no such parameter file"),
    (("run", "01", "-f", "/tmp"), "is a directory"),
]


@pytest.mark.parametrize("args, needle", ONE_LINE_REFUSALS, ids=lambda a: " ".join(a) if isinstance(a, tuple) else "")
def test_bad_input_is_one_line_with_exit_2_before_work_starts(args, needle):
    before = sorted(p.name for p in (ROOT / "chapters").iterdir())
    out = run(*args)
    assert out.returncode == 2, out.stderr
    assert needle in out.stderr, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1, out.stderr
    assert out.stdout == ""
    assert sorted(p.name for p in (ROOT / "chapters").iterdir()) == before


def test_sm_moment_on_the_command_line():
    out = run("xsec", "--energy", "1", "--mu-nu", "SM", "--rtol", "0.2", "--json")
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["mu_nu_muB"] == pytest.approx(C.sm_dirac_moment(0.1) / C.MU_B)


def test_help_explains_every_option_and_lists_chapters():
    top = run("--help").stdout
    assert "neutrino magnetic moment" in top and "params" in top
    rate = run("rate", "--help").stdout
    for option in ("--json", "--volume-km3", "--years", "--seed", "--csv", "--rtol"):
        line = next(line for line in rate.splitlines() if line.strip().startswith(option))
        assert len(line.split(option, 1)[1].strip()) > 5 or option in ("--volume-km3",), line
    assert "binned dN/dE" in rate
    assert "--process" in run("xsec", "--help").stdout and "nunubar:" in run("xsec", "--help").stdout
    run_help = run("run", "--help").stdout
    for stem in ("01_kinematics", "05_rates", "06_estimates"):
        assert stem in run_help
    assert "E_examples_MeV" in run_help and "reactor_flux_cm2_s" in run_help


def test_params_lists_the_catalogue():
    data = json.loads(run("params", "--json").stdout)
    names = [r["name"] for r in data["parameters"]]
    assert "m_nu_eV" in names and "n_events" in names
    text = run("params", "--chapter", "05").stdout
    assert "volume_km3" in text and "n_events" not in text


def test_xsec_json_and_plain():
    from nubrems.rates import cross_sections as xsec

    out = run("xsec", "--energy", "1", "--process", "nunubar", "--rtol", "0.01", "--seed", "3", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("sigma_cm2", "sigma_err_cm2", "process", "energy_MeV", "m_nu_eV", "mu_nu_muB"):
        assert key in data
    assert data["process"] == "nunubar" and data["energy_MeV"] == 1.0
    exact = xsec.sigma_leading("nunubar", 1.0)
    assert abs(data["sigma_cm2"] - exact) < 4 * data["sigma_err_cm2"]
    plain = run("xsec", "--energy", "2", "--rtol", "0.02").stdout
    assert "cm^2" in plain and "+-" in plain


@pytest.mark.parametrize("args, needle", [
    (("xsec", "--energy", "0"), "--energy"),
    (("xsec", "--energy", "1", "--process", "nn"), "--process"),
    (("xsec", "--energy", "1e-9"), "--energy = 1e-09 MeV is below threshold"),
    (("xsec", "--energy", "1", "--mu-nu", "-1"), "--mu-nu"),
])
def test_xsec_bad_input(args, needle):
    out = run(*args)
    assert out.returncode == 2 and needle in out.stderr and len(out.stderr.splitlines()) == 1


def test_rate_json_with_spectra_and_csv(tmp_path):
    folder = tmp_path / "csv"
    out = run("rate", "--rtol", "0.3", "--seed", "2", "--volume-km3", "2", "--json", "--csv", str(folder))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("photons_per_km3_per_year", "photons", "photons_err", "by_component", "parameters",
                "dN_dE", "dN_dtheta"):
        assert key in data
    assert data["photons"] == pytest.approx(2 * data["photons_per_km3_per_year"], rel=1e-12)
    assert set(data["by_component"]) == {"pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F"}
    assert data["parameters"]["volume_km3"] == 2.0
    for key, unit in (("dN_dE", "MeV"), ("dN_dtheta", "rad")):
        spec = data[key]
        edges = np.array(spec["edges"])
        total = np.array(spec["total"]["values"])
        assert spec["edges_unit"] == unit and len(edges) == len(total) + 1
        assert len(spec["total"]["errors"]) == len(total)
        assert set(spec["by_component"]) == set(data["by_component"])
        assert np.sum(total * np.diff(edges)) == pytest.approx(data["photons"], rel=0.02)
        csv = (folder / f"rate_{'energy' if unit == 'MeV' else 'angle'}.csv").read_text().splitlines()
        comments = [line for line in csv if line.startswith("#")]
        assert any("m_nu_eV = 0.1" in line for line in comments)
        header = csv[len(comments)].split(",")
        assert header[:2] == [f"low [{unit}]", f"high [{unit}]"] and len(csv) == len(comments) + 1 + len(total)
        rows = np.array([[float(x) for x in line.split(",")] for line in csv[len(comments) + 1:]])
        assert np.allclose(rows[:, 2], total, rtol=1e-9)
    assert sorted(p.name for p in folder.iterdir()) == ["rate_angle.csv", "rate_energy.csv"]


def test_ctrl_c_during_rate_is_one_line_and_exit_130():
    import os
    import signal
    import time

    proc = subprocess.Popen([str(EXE), "rate", "--rtol", "0.0003"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(4)
    os.killpg(proc.pid, signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130 and stderr.strip() == "nubrems: interrupted" and stdout == ""


def test_run_with_a_book_wide_parameter_file(tmp_path):
    """A parameter file may set names other chapters use; -p names must be the chapter's."""
    out = run("run", "01_kinematics", "-f", "params/heavy.yaml", "-o", str(tmp_path / "heavy.ipynb"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "heavy.ipynb").is_file()
    bad = tmp_path / "bad.yaml"
    bad.write_text("m_nu: 0.3\n")
    out = run("run", "01_kinematics", "-f", str(bad))
    assert out.returncode == 2 and "unknown parameter" in out.stderr


def test_rate_uncertainties_json_and_text():
    out = run("rate", "--rtol", "0.3", "--jobs", "1", "--uncertainties", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    budget = data["uncertainty_budget"]
    assert budget["central"] == pytest.approx(data["photons"], rel=1e-12)
    assert set(budget["sources"]) == {"solar fluxes", "solar model", "8B spectrum",
                                      "pp/hep spectra (thermal allowance)", "Monte Carlo"}
    for source in budget["sources"].values():
        assert source["relative"] == pytest.approx(source["photons"] / data["photons"], rel=1e-12)
    mc = np.sqrt(sum(e**2 for e in data["by_component_err"].values()))
    assert budget["sources"]["Monte Carlo"]["photons"] == pytest.approx(mc, rel=1e-12)
    # the 1 sigma: every source but the solar-model shift, which is reported apart
    one_sigma = np.sqrt(sum(s["photons"] ** 2 for name, s in budget["sources"].items() if name != "solar model"))
    assert budget["one_sigma"]["photons"] == pytest.approx(one_sigma, rel=1e-12)
    assert budget["model_shift"]["photons"] == budget["sources"]["solar model"]["photons"] < 0
    assert "total" not in budget
    plain = run("rate", "--rtol", "0.3", "--jobs", "1", "--uncertainties")
    assert plain.returncode == 0, plain.stderr
    assert "uncertainty budget" in plain.stdout and "pp/hep spectra (thermal allowance)" in plain.stdout
    assert "not part of the 1 sigma" in plain.stdout and "to B16-AGSS09met (model shift)" in plain.stdout


def test_rate_uncertainties_refused_with_three_flavours():
    out = run("rate", "--flavours", "3", "--uncertainties")
    assert out.returncode == 2, out.stderr
    assert "--uncertainties needs --flavours 1" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and out.stdout == ""


def test_rate_extended_sun_json():
    """--extended-sun: dN/dtheta folded with the production zones keeps the photons and widens the angles."""
    point = json.loads(run("rate", "--rtol", "0.3", "--jobs", "1", "--json").stdout)
    out = run("rate", "--rtol", "0.3", "--jobs", "1", "--json", "--extended-sun")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["sun"] == "extended" and "sun" not in point
    assert data["photons"] == point["photons"]                        # same seed, same run
    edges = np.array(data["dN_dtheta"]["edges"])
    inside = [np.sum(np.array(d["dN_dtheta"]["total"]["values"]) * np.diff(edges)) for d in (point, data)]
    assert inside[1] == pytest.approx(inside[0], rel=1e-6)
    angles = data["photon_angles_mrad"]["total"]
    assert angles["median_extended"] > angles["median_point"] > 0.1
    assert angles["p90_extended"] > angles["p90_point"]
    text = run("rate", "--rtol", "0.3", "--jobs", "1", "--extended-sun")
    assert text.returncode == 0 and "point-like -> extended Sun" in text.stdout


# --- the pp and hep spectra (--spectra) ---------------------------------------------------------
@pytest.mark.parametrize("command", [("rate",), ("decays",), ("spectrum", "--component", "pp")])
def test_spectra_option_refuses_a_bad_value_in_one_line(command):
    out = run(*command, "--spectra", "lab")
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1
    assert "--spectra" in out.stderr and "'lab'" in out.stderr and "thermal, laboratory" in out.stderr


def test_rate_follows_the_spectra_option():
    """Thermal pp and hep spectra by default; --spectra laboratory changes pp and hep only."""
    default = run("rate", "--rtol", "0.3", "--jobs", "1", "--json")
    lab = run("rate", "--rtol", "0.3", "--jobs", "1", "--spectra", "laboratory", "--json")
    assert default.returncode == 0 and lab.returncode == 0, default.stderr + lab.stderr
    d, b = json.loads(default.stdout), json.loads(lab.stdout)
    assert d["parameters"]["spectra"] == "thermal" and b["parameters"]["spectra"] == "laboratory"
    for c in ("pep", "7Be", "8B", "13N", "15O", "17F"):
        assert d["by_component"][c] == b["by_component"][c]
    assert d["by_component"]["pp"] != b["by_component"]["pp"]
    plain = run("rate", "--rtol", "0.3", "--jobs", "1", "--spectra", "laboratory")
    assert plain.returncode == 0 and "laboratory pp and hep spectra" in plain.stdout
