"""`nubrems rate --flavours 3`: JSON with the three-flavour setup and channels, one-line errors."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

EXE = Path(sys.executable).parent / "nubrems"


def run(*args, timeout=300):
    return subprocess.run([str(EXE), "rate", *args], capture_output=True, text=True, timeout=timeout)


def test_three_flavours_default_to_the_quadrature():
    """No Monte Carlo unless asked: the JSON is the deterministic quadrature's, with the method
    named, no spectra and no errors, and the text says so."""
    from nubrems.core.params import Params
    from nubrems.rates.flavour_quadrature import leading_flavour_rate
    from nubrems.rates.three_flavour import FlavourSetup

    out = run("--flavours", "3", "--moments", "transition-only", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    direct = leading_flavour_rate(Params(), FlavourSetup(moments="transition-only"))
    assert data["method"] == "leading-order quadrature" and "dN_dE" not in data and "photons_err" not in data
    assert data["photons"] == pytest.approx(direct.photons, rel=1e-14)
    assert data["flavours"]["mu_eff_muB"] == pytest.approx(6e-12) and data["flavours"]["moment_scale"] == "mu_eff"
    assert data["flavours"]["largest_moment_muB"] == pytest.approx(6e-12 / 2**0.5)
    assert out.stderr.strip() == ("nubrems: warning: the largest moment entry = 4.24e-12 mu_B is above "
                                  "Red giants 2020 (1.2e-12 mu_B, 95% CL)")
    text = run("--flavours", "3")
    assert "leading-order quadrature, no Monte Carlo error" in text.stdout and "+-" not in text.stdout


def test_three_flavour_rate_json(tmp_path):
    out = run("--flavours", "3", "--monte-carlo", "--ordering", "inverted", "--lightest-mass", "0.01", "--rtol",
              "0.1", "--json", "--jobs", "2")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["flavours"]["ordering"] == "inverted" and data["flavours"]["nature"] == "dirac"
    m1, m2, m3 = data["flavours"]["masses_eV"]
    assert m3 == pytest.approx(0.01) and m1 < m2          # inverted: state 3 is the lightest
    assert sum(data["by_channel"].values()) == pytest.approx(data["photons"], rel=1e-9)
    assert len(data["by_channel"]) == 24 and data["photons"] > 0
    assert data["dN_dE"]["total"]["values"] and data["parameters"]["mu_nu_muB"] == 6e-12
    assert data["method"] == "Monte Carlo (vegas)"


def test_matrix_file_and_plain_output(tmp_path):
    f = tmp_path / "mu.yaml"
    f.write_text("matrix_muB:\n  - [3e-12, 0, 0]\n  - [0, 0, 0]\n  - [0, 0, 0]\n")
    out = run("--flavours", "3", "--moments", str(f), "--monte-carlo", "--rtol", "0.2", "--jobs", "2")
    assert out.returncode == 0, out.stderr
    assert "three Dirac states, normal ordering" in out.stdout and "channels" in out.stdout
    assert "mu_eff = 2.44e-12 mu_B, largest entry 3e-12 mu_B" in out.stdout   # 3e-12 sqrt(<P_1> = 0.66)
    # only state 1 has a moment: every channel listed has a state-1 leg
    listed = [line.split()[:5] for line in out.stdout.splitlines() if "→" in line]
    assert listed and all(any("1" in word for word in words) for words in listed)


@pytest.mark.parametrize("args, needle", [
    (("--ordering", "normal"), "--ordering needs --flavours 3"),
    (("--moving-relics",), "--moving-relics needs --flavours 3"),
    (("--flavours", "3", "--earth-velocity", "370"), "--earth-velocity: an Earth velocity through the relic frame "
                                                     "needs moving relics"),
    (("--flavours", "3", "--moving-relics", "--earth-velocity", "-5"), "--earth-velocity = -5.0: allowed"),
    (("--flavours", "3", "--lightest-mass", "1e-4"), "lighter ones: moving relics"),
    (("--flavours", "2"), "invalid choice: 2"),
    (("--flavours", "3", "--lightest-mass", "-0.1"), "--lightest-mass = -0.1: allowed: [0.001, 1]"),
    (("--flavours", "3", "--lightest-mass", "x"), "argument --lightest-mass: invalid float value"),
    (("--flavours", "3", "--ordering", "sideways"), "invalid choice: 'sideways'"),
    (("--flavours", "3", "--nature", "majorana"), "--moments: universal puts moments on the diagonal"),
    (("--flavours", "3", "--moments", "sideways"), "--moments must be one of universal"),
    (("--flavours", "3", "--moments", "no/such.yaml"), "--moments: no such file"),
])
def test_bad_input_exits_2_with_one_line(args, needle, tmp_path):
    out = run(*args, timeout=120)
    assert out.returncode == 2, out.stderr
    assert needle in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert out.stdout == ""


def test_non_hermitian_matrix_file(tmp_path):
    f = tmp_path / "bad.yaml"
    f.write_text("matrix_muB:\n  - [0, 1e-12, 0]\n  - [2e-12, 0, 0]\n  - [0, 0, 0]\n")
    out = run("--flavours", "3", "--moments", str(f), timeout=120)
    assert out.returncode == 2 and "must be Hermitian" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_massless_lightest_state_with_moving_relics():
    out = run("--flavours", "3", "--lightest-mass", "0", "--moving-relics", "--rtol", "0.2", "--json", "--jobs", "2")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["flavours"]["moving_relics"] is True and data["flavours"]["lightest_mass_eV"] == 0.0
    assert data["flavours"]["masses_eV"][0] == 1e-6            # the stand-in of a massless state
    assert data["photons"] > 0


def decays(*args):
    return subprocess.run([str(EXE), "decays", *args], capture_output=True, text=True, timeout=120)


def test_decays_json_matches_the_module():
    import numpy as np

    from nubrems.core import constants as C
    from nubrems.core.params import Params
    from nubrems.flavour import mixing, moments
    from nubrems.studies import radiative_decays as RD

    out = decays("--moments", "transition-only", "--ordering", "inverted", "--lightest-mass", "0.01", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    masses = mixing.masses_eV(0.01, "inverted")
    # --mu-nu is the effective moment: 6e-12 / sqrt(2) per transition entry
    mu = np.asarray(moments.moment_matrix("transition-only", 6e-12, "dirac", "inverted", scale="mu_eff")) * C.MU_B
    expected = RD.relic_decays(Params(), masses, mu)
    per_entry = RD.relic_decays(Params(), masses, mu * np.sqrt(2))
    assert sum(r["photons"] for r in expected) == pytest.approx(sum(r["photons"] for r in per_entry) / 2, rel=1e-12)
    assert [r["decay"] for r in data["relic_decays"]] == [r["decay"] for r in expected]
    for got, want in zip(data["relic_decays"], expected, strict=True):
        assert got["photons"] == pytest.approx(want["photons"], rel=1e-12)
    assert len(data["solar_decays_in_flight"]) == len(expected)


def test_decays_plain_output_and_errors():
    out = decays()
    assert out.returncode == 0 and "none: no transition moment" in out.stdout   # universal moments
    bad = decays("--moments", "sideways")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert "--moments must be one of universal" in bad.stderr


def test_decays_with_a_massless_lightest_state():
    out = decays("--lightest-mass", "0", "--moments", "transition-only", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["flavours"]["masses_eV"][0] == 1e-6 and data["flavours"]["moving_relics"] is False
    assert {r["decay"] for r in data["relic_decays"]} == {"ν2 → ν1 γ", "ν3 → ν1 γ", "ν3 → ν2 γ"}


def test_decays_follow_the_spectra_option():
    """Solar decays in flight with --spectra laboratory are the module's with those spectra."""
    import numpy as np

    from nubrems.core import constants as C
    from nubrems.core.params import Params
    from nubrems.flavour import mixing, moments
    from nubrems.studies import radiative_decays as RD

    args = ("--moments", "transition-only", "--lightest-mass", "0.01", "--json")
    thermal = json.loads(decays(*args).stdout)
    lab = json.loads(decays(*args, "--spectra", "laboratory").stdout)
    assert thermal["parameters"]["spectra"] == "thermal" and lab["parameters"]["spectra"] == "laboratory"
    masses = mixing.masses_eV(0.01, "normal")
    mu = np.asarray(moments.moment_matrix("transition-only", 6e-12, "dirac", "normal", scale="mu_eff")) * C.MU_B
    for data, spectra in ((thermal, "thermal"), (lab, "laboratory")):
        expected = RD.solar_decays_in_flight(Params(spectra=spectra), masses, mu, "normal")
        assert [r["photons"] for r in data["solar_decays_in_flight"]] == pytest.approx(
            [r["photons"] for r in expected], rel=1e-12)
    assert thermal["solar_decays_in_flight"][0]["photons"] != lab["solar_decays_in_flight"][0]["photons"]
