"""Running a chapter: refusals before any kernel starts, one-line failures with a log,
no partial files, chapters/ never written, Ctrl-C."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from nubrems.book import runner
from nubrems.core import catalogue as P

ROOT = runner.find_root()
EXE = Path(sys.executable).parent / "nubrems"


def tiny_chapter(folder: Path, stem: str, code: str) -> Path:
    """A notebook named like a real chapter (the catalogue knows its parameters)."""
    nb = nbformat.v4.new_notebook()
    params = "\n".join(f"{n} = {v!r}" for n, v in P.chapter_defaults(stem).items())
    nb.cells = [nbformat.v4.new_markdown_cell("# Tiny"),
                nbformat.v4.new_code_cell(params, metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(code)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / f"{stem}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.fixture
def no_kernel(monkeypatch):
    """Fail the test if papermill would start a kernel."""
    import papermill

    def boom(*args, **kwargs):
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(papermill, "execute_notebook", boom)


@pytest.mark.parametrize("values, needle", [
    ({"E_max_MeV": 0.05}, "E_max_MeV = 0.05 must exceed"),
    ({"masses_eV": [0.1, -1.0]}, "masses_eV[1]"),
    ({"m_nu_eV": True}, "not a number"),
    ({"m_nu": 0.1}, "unknown parameter"),
])
def test_bad_values_are_refused_before_a_kernel_starts(no_kernel, tmp_path, values, needle):
    with pytest.raises(P.ParameterError) as err:
        runner.run_chapter("01_kinematics", values, output=tmp_path / "out.ipynb")
    assert needle in str(err.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("output, needle", [
    ("chapters/02_amplitudes.ipynb", "refusing to write into chapters/"),
    ("chapters/new.ipynb", "refusing to write into chapters/"),
    ("/proc/nubrems.ipynb", "cannot write"),
    ("out.txt", "must be a notebook file"),
])
def test_bad_outputs_are_refused_before_a_kernel_starts(no_kernel, output, needle):
    path = Path(output) if output.startswith("/") else ROOT / output
    before = sorted((ROOT / "chapters").iterdir())
    with pytest.raises(runner.OutputError) as err:
        runner.run_chapter("01_kinematics", {}, output=path)
    assert needle in str(err.value)
    assert sorted((ROOT / "chapters").iterdir()) == before


def test_a_directory_is_not_an_output(no_kernel, tmp_path):
    (tmp_path / "d.ipynb").mkdir()
    with pytest.raises(runner.OutputError, match="is a directory"):
        runner.run_chapter("01_kinematics", {}, output=tmp_path / "d.ipynb")


def test_failure_inside_a_chapter_is_one_line_with_a_log_and_no_partial_files(tmp_path):
    src = tiny_chapter(tmp_path, "04_solar_spectra", "x = 1\nraise RuntimeError('the cause\\nsecond line')")
    out_dir = tmp_path / "out"
    with pytest.raises(runner.ChapterError) as err:
        runner.run_chapter(src, {"n_points": 20}, output=out_dir / "ch.ipynb")
    message = str(err.value)
    assert "\n" not in message
    assert "chapter 04_solar_spectra failed in cell" in message and "RuntimeError: the cause" in message
    log = Path(message.split("full traceback: ")[1].rstrip(")"))
    assert log.is_file() and "second line" in log.read_text() and "n_points" in log.read_text()
    assert list(out_dir.iterdir()) == [], "a failed run leaves nothing behind"


def test_success_moves_notebook_and_figure_data_into_place(tmp_path):
    code = ("from nubrems.book.chapter import setup\n"
            "ch = setup('04_solar_spectra', globals())\n"
            "ch.save_figure_data('fig-x', {'E [MeV]': [1.0, 2.0]}, 'a test')")
    src = tiny_chapter(tmp_path, "04_solar_spectra", code)
    out = runner.run_chapter(src, {"solar_model": "B16-AGSS09met"}, output=tmp_path / "o" / "c.ipynb",
                             set_name="test-set")
    assert out.is_file()
    csv = tmp_path / "o" / "figure_data" / "04_solar_spectra" / "fig-x.csv"
    text = csv.read_text()
    assert "# parameter set: test-set" in text and "solar_model = B16-AGSS09met" in text
    assert "E [MeV]" in text.splitlines()[4]
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == ["c.ipynb", "figure_data"]
    nb = nbformat.read(out, as_version=4)
    assert "papermill" not in nb.metadata


def test_keyboard_interrupt_leaves_nothing_behind(monkeypatch, tmp_path):
    import papermill

    def interrupted(*args, **kwargs):
        Path(args[1]).write_text("half")
        raise KeyboardInterrupt

    monkeypatch.setattr(papermill, "execute_notebook", interrupted)
    with pytest.raises(KeyboardInterrupt):
        runner.run_chapter("01_kinematics", {}, output=tmp_path / "x.ipynb")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_a_real_run_is_one_line_and_exit_130(tmp_path):
    """SIGINT to the command (as Ctrl-C sends it) while a kernel computes."""
    # the cell marks its start in its working folder (the run's private folder), then computes
    src = tiny_chapter(tmp_path, "05_rates", "import pathlib, time\npathlib.Path('started').touch()\ntime.sleep(60)")
    out = tmp_path / "out" / "r.ipynb"
    proc = subprocess.Popen([str(EXE), "run", str(src), "-o", str(out)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and not any((tmp_path / "out").glob(".nubrems-run-*/started")):
        time.sleep(0.1)
    assert proc.poll() is None, "the run ended before it was interrupted"
    os.killpg(proc.pid, signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert stderr.strip() == "nubrems: interrupted"
    assert list((tmp_path / "out").iterdir()) == []


def test_refresh_is_the_only_way_into_chapters(no_kernel):
    with pytest.raises(runner.OutputError):
        runner.run_chapter("01_kinematics", {}, output=ROOT / "chapters" / "01_kinematics.ipynb")
