"""The `nubrems spectrum` subcommand: JSON keys and values, plain output, 8B from the tables,
errors (status 2)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nubrems.sun import spectra as S

EXE = Path(sys.executable).parent / "nubrems"


def run(*args):
    return subprocess.run([str(EXE), *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("component, model", [("15O", "B16-GS98"), ("7Be", "B16-AGSS09met"),
                                              ("8B", "B16-AGSS09met")])
def test_spectrum_json(component, model):
    out = run("spectrum", "--component", component, "--model", model, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["total_flux_cm2_s"] == S.total_flux(component, model)
    assert data["mean_energy_MeV"] == pytest.approx(S.mean_energy(component), rel=1e-12)
    assert data["mean_energy_squared_MeV2"] == pytest.approx(S.energy_moment(component, 2), rel=1e-12)
    assert data["mean_energy_squared_MeV2"] >= data["mean_energy_MeV"] ** 2


def test_spectrum_default_model_and_plain_output():
    out = run("spectrum", "--component", "pp")
    assert out.returncode == 0, out.stderr
    assert "B16-GS98" in out.stdout and "5.9800e+10" in out.stdout and "mean energy" in out.stdout


def test_b8_moments_are_those_of_the_full_nuclear_computation():
    """The command reads 8B from data/solar (no R-matrix at run time); its mean is the one the
    table generator computed from the full model (provenance.json, rounded to 1e-6 MeV)."""
    data = json.loads(run("spectrum", "--component", "8B", "--json").stdout)
    provenance = json.loads(S.table_path("provenance.json").read_text())
    assert data["mean_energy_MeV"] == pytest.approx(provenance["mean_energies_MeV"]["8B"], abs=5e-7)
    assert data["endpoint_MeV"] == pytest.approx(provenance["parameters"]["beta_plus"]["8B"]["endpoint_MeV"],
                                                 abs=5e-7)


def test_line_moments_are_branching_weighted():
    data = json.loads(run("spectrum", "--component", "7Be", "--json").stdout)
    E, b = S.lines("7Be")
    assert data["mean_energy_MeV"] == pytest.approx(float((E * b).sum()), rel=1e-12)


@pytest.mark.parametrize("args, needle", [
    (("--component", "boron8"), "invalid choice: 'boron8'"),
    (("--component", "pp", "--model", "SSM"), "invalid choice: 'SSM'"),
])
def test_bad_names_exit_2_with_one_line(args, needle):
    out = run("spectrum", *args)
    assert out.returncode == 2
    assert needle in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert out.stdout == ""


def test_spectrum_mean_follows_the_spectra_option():
    """pp and hep: the thermal spectrum by default (mean 0.26863 MeV for pp), the laboratory
    one with --spectra laboratory (0.264883 MeV); the other components are the same."""
    thermal = json.loads(run("spectrum", "--component", "pp", "--json").stdout)
    lab = json.loads(run("spectrum", "--component", "pp", "--spectra", "laboratory", "--json").stdout)
    assert thermal["spectra"] == "thermal" and lab["spectra"] == "laboratory"
    assert thermal["mean_energy_MeV"] == pytest.approx(0.26863, abs=1e-5)
    assert lab["mean_energy_MeV"] == pytest.approx(0.264883, abs=1e-6)
    assert thermal["mean_energy_squared_MeV2"] == pytest.approx(S.energy_moment("pp", 2), rel=1e-12)
    assert lab["mean_energy_squared_MeV2"] == pytest.approx(S.energy_moment("pp", 2, spectra="laboratory"),
                                                            rel=1e-12)
    assert thermal["endpoint_MeV"] == pytest.approx(S.endpoint("pp"), rel=1e-12)
    assert thermal["laboratory_endpoint_MeV"] == lab["endpoint_MeV"] == pytest.approx(0.420221, abs=1e-6)
    plain = {s: run("spectrum", "--component", "pp", "--spectra", s).stdout for s in ("thermal", "laboratory")}
    assert "0.26863 MeV" in plain["thermal"] and "thermal spectrum" in plain["thermal"]
    assert "0.264883 MeV" in plain["laboratory"] and "laboratory spectrum" in plain["laboratory"]
    hep = json.loads(run("spectrum", "--component", "hep", "--spectra", "laboratory", "--json").stdout)
    assert hep["mean_energy_MeV"] == pytest.approx(9.62503, abs=1e-5)
    b8 = [json.loads(run("spectrum", "--component", "8B", "--spectra", s, "--json").stdout) for s in
          ("thermal", "laboratory")]
    assert b8[0]["mean_energy_MeV"] == b8[1]["mean_energy_MeV"] and b8[0]["endpoint_MeV"] == b8[1]["endpoint_MeV"]


def test_spectrum_refuses_a_bad_spectra_value():
    out = run("spectrum", "--component", "hep", "--spectra", "Sun")
    assert out.returncode == 2 and out.stdout == ""
    assert len(out.stderr.strip().splitlines()) == 1
    assert "--spectra: 'Sun': unknown value; allowed: one of thermal, laboratory" in out.stderr
