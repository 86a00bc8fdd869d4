"""The nubrems command: output keys, numbers, and one-line errors with exit status 2."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nubrems import constants as C
from nubrems import kinematics as K
from nubrems import twobody as T

EXE = Path(sys.executable).parent / "nubrems"


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


@pytest.mark.parametrize(
    "args, needle",
    [
        (("elastic", "--energy", "-1"), "--energy"),
        (("elastic", "--energy", "1", "--process", "ee"), "--process"),
        (("kinematics", "--energy", "1", "--m-nu", "0"), "--m-nu"),
        (("kinematics", "--energy", "1", "--m-nu", "20"), "m_nu_eV"),
        (("kinematics", "--energy", "1e-8"), "--energy"),
        (("run", "01_kinematics", "-p", "m_nu", "0.1"), "unknown parameter"),
        (("run", "99_nothing"), "unknown chapter"),
    ],
)
def test_bad_input_exits_nonzero_with_message(args, needle):
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr
    assert "Traceback" not in out.stderr


def test_xsec_json_and_plain():
    from nubrems import xsec

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
    (("xsec", "--energy", "1e-9"), "energy_MeV"),
    (("xsec", "--energy", "1", "--mu-nu", "-1"), "--mu-nu"),
])
def test_xsec_bad_input(args, needle):
    out = run(*args)
    assert out.returncode == 2 and needle in out.stderr and "Traceback" not in out.stderr


def test_rate_json_keys_and_errors():
    out = run("rate", "--rtol", "0.3", "--seed", "2", "--volume-km3", "2", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    for key in ("photons_per_km3_per_year", "photons", "photons_err", "by_component", "parameters"):
        assert key in data
    assert data["photons"] == pytest.approx(2 * data["photons_per_km3_per_year"], rel=1e-12)
    assert set(data["by_component"]) == {"pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F"}
    assert data["parameters"]["volume_km3"] == 2.0
    bad = run("rate", "--solar-model", "SSM")
    assert bad.returncode == 2 and "solar_model" in bad.stderr and "B16-GS98" in bad.stderr


def test_run_with_a_book_wide_parameter_file(tmp_path):
    """A parameter file may set names other chapters use; -p names must be the chapter's."""
    out = run("run", "01_kinematics", "-f", "params/heavy.yaml", "-o", str(tmp_path / "heavy.ipynb"))
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "heavy.ipynb").is_file()
    bad = tmp_path / "bad.yaml"
    bad.write_text("m_nu: 0.3\n")
    out = run("run", "01_kinematics", "-f", str(bad))
    assert out.returncode == 2 and "unknown parameter" in out.stderr
