"""Packaging that tells the truth: a wheel installed into a clean environment, without any
extra, runs the physics (``nubrems rate --json``); the book needs its extra and says so;
the core never imports the book's libraries."""

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def core_imports() -> set[str]:
    """Top-level modules imported by importing every core module and running the CLI parser."""
    code = ("import sys, importlib, pkgutil, nubrems\n"
            "core = [m.name for m in pkgutil.iter_modules(nubrems.__path__, 'nubrems.')\n"
            "        if m.name not in ('nubrems.book', 'nubrems.amplitudes.form', 'nubrems.__main__')]\n"
            "for name in core: importlib.import_module(name)\n"
            "import nubrems.cli.main; nubrems.cli.main.build_parser()\n"
            "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_core_does_not_import_the_book():
    loaded = core_imports()
    for book_only in ("matplotlib", "papermill", "nbformat", "myst_nb", "jupytext", "IPython", "mpmath",
                      "sympy", "distributed"):
        assert book_only not in loaded, f"the physics core imports {book_only}"


DISTRIBUTION = {"yaml": "pyyaml", "distributed": "distributed", "dask": "dask"}


def imports_of(path: Path) -> dict[str, bool]:
    """Top-level module -> imported at module level (True) or only inside functions (False)."""
    tree = ast.parse(path.read_text())
    out: dict[str, bool] = {}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            out[top] = out.get(top, False) or node.col_offset == 0
    return out


def test_declared_dependencies_cover_the_core_imports():
    """Every third-party module the core imports is a run-time dependency; modules of an
    extra are imported only inside the functions that need them."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]

    def names(reqs):
        return {r.split(">")[0].split("<")[0].split("=")[0].strip().lower() for r in reqs}

    required = names(project["dependencies"])
    extras = {k: names(v) for k, v in project["optional-dependencies"].items()}
    assert {"book", "derive", "cluster", "test"} <= set(extras)
    optional = set().union(*extras.values())
    problems = []
    for path in sorted((ROOT / "nubrems").glob("*.py")):
        for module, top_level in imports_of(path).items():
            if module in sys.stdlib_module_names or module in ("nubrems", "__future__"):
                continue
            dist = DISTRIBUTION.get(module, module).lower()
            if dist in required or (dist == "gvar" and "vegas" in required):
                continue
            if dist in optional and not top_level:
                continue
            problems.append(f"{path.name}: {module} ({'module level' if top_level else 'undeclared'})")
    assert not problems, problems


@pytest.mark.slow
def test_wheel_in_a_clean_venv_runs_the_rate(tmp_path):
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "build", "*.egg-info",
                                                           "__pycache__", "chapters", "tests_book"))
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(wheels), str(src)],
                   check=True, capture_output=True, text=True, timeout=600)
    wheel = next(wheels.glob("nubrems-*.whl"))
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", str(wheel)], check=True, capture_output=True,
                   text=True, timeout=900)
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    run = subprocess.run([str(env_dir / "bin" / "nubrems"), "rate", "--rtol", "0.05", "--json"],
                         capture_output=True, text=True, cwd=tmp_path, env=clean, timeout=300)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["photons_per_km3_per_year"] > 0 and set(data["by_component"]) >= {"pp", "8B"}
    assert "dN_dE" in data
    book = subprocess.run([str(env_dir / "bin" / "nubrems"), "run", "01_kinematics"],
                          capture_output=True, text=True, cwd=tmp_path, env=clean, timeout=120)
    assert book.returncode == 2 and "pip install 'nubrems[book]'" in book.stderr
    assert len(book.stderr.strip().splitlines()) == 1
