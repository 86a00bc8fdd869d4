"""The `nubrems oscillation` subcommand: JSON keys and values, plain output, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nubrems.sun import msw

EXE = Path(sys.executable).parent / "nubrems"


def run(*args):
    return subprocess.run([str(EXE), "oscillation", *args], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("component, energy, ordering", [("pp", "0.1", "normal"), ("8B", "10", "inverted"),
                                                         ("7Be", "0.8618", "normal")])
def test_oscillation_json(component, energy, ordering):
    out = run("--component", component, "--energy", energy, "--ordering", ordering, "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["P_ee"] == pytest.approx(float(msw.survival_probability(component, float(energy), ordering)),
                                         rel=1e-12)
    fractions = np.array(data["mass_fractions"])
    assert fractions.shape == (3,) and fractions.sum() == pytest.approx(1.0, abs=1e-12)
    assert "NuFIT 6.0" in data["oscillation_parameters"]


def test_plain_output_names_the_result():
    out = run("--component", "8B", "--energy", "10")
    assert out.returncode == 0, out.stderr
    assert "P_ee" in out.stdout and "normal ordering" in out.stdout


@pytest.mark.parametrize("args, needle", [
    (("--component", "7Be", "--energy", "0.5"), "7Be neutrinos come in lines at 0.8618, 0.3843 MeV"),
    (("--component", "pp", "--energy", "1"), "above the pp endpoint (thermal spectrum), 0.483 MeV"),
    (("--component", "pp", "--energy", "-1"), "argument --energy: -1: allowed"),
    (("--component", "pp", "--energy", "0.1", "--ordering", "sideways"), "invalid choice: 'sideways'"),
    (("--component", "9Li", "--energy", "1"), "invalid choice: '9Li'"),
    (("--energy", "1"), "the following arguments are required: --component"),
])
def test_bad_input_exits_2_with_one_line(args, needle):
    out = run(*args)
    assert out.returncode == 2
    assert needle in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert out.stdout == ""
