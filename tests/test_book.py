"""Building the book: parameter files are checked completely before anything runs, staging
is all-or-nothing, the reference page and the parameter-set statement are generated, and
the student edition has no solutions."""

import subprocess
import sys

import nbformat
import pytest

from nubrems.book import build as book
from nubrems.book import runner
from nubrems.core import catalogue as P

ROOT = runner.find_root()


@pytest.mark.parametrize("content, needle", [
    (None, "no such parameter file"),
    ("", "sets no parameter"),
    ("m_nu_eV: [0.1\n", "not valid YAML at line"),
    ("- 0.1\n- 0.2\n", "must be a YAML mapping"),
    ("m_nu: 0.3\n", "unknown parameter(s) m_nu"),
    ("m_nu_eV: true\n", "m_nu_eV = True: not a number"),
    ("flavours: 3\nmoving_relics: true\n", "no chapter declares flavours, moving_relics (set in Python"),
    ("m_nu_eV: 0.8\nE_max_MeV: 0.05\n", "E_max_MeV = 0.05 must exceed E_min_MeV = 0.1"),
    ("n_events: 2.5\n", "not an integer"),
    ("accelerator_E_MeV: 0.0001\nm_nu_eV: 1.0\n", "m_nu << E"),
])
def test_bad_parameter_files_are_one_line_errors(tmp_path, content, needle):
    path = tmp_path / "set.yaml"
    if content is not None:
        path.write_text(content)
    with pytest.raises(P.ParameterError) as err:
        book.load_parameter_file(path)
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_a_directory_is_not_a_parameter_file(tmp_path):
    with pytest.raises(P.ParameterError, match="is a directory"):
        book.load_parameter_file(tmp_path)


def test_every_shipped_parameter_set_is_valid_and_named():
    files = sorted((ROOT / "params").glob("*.yaml"))
    assert {f.stem for f in files} >= {"baseline", "heavy", "sm-moment", "overdense"}
    for f in files:
        assert book.load_parameter_file(f)
        assert book.set_name_of(f) == f.stem


@pytest.mark.parametrize("name", ["student", "html", "bad name"])
def test_parameter_file_names_that_would_clash_are_refused(name):
    with pytest.raises(P.ParameterError, match="file name"):
        book.set_name_of(f"params/{name}.yaml")


def test_make_book_with_a_bad_file_fails_before_staging(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("xi: -3\n")
    out = subprocess.run([sys.executable, "-m", "nubrems.book", "build", "--params", str(bad)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "xi = -3" in out.stderr
    assert "executed" not in out.stdout
    assert not (ROOT / "_build" / "broken").exists()


def test_staging_is_all_or_nothing(tmp_path, monkeypatch):
    dst = tmp_path / "src"
    dst.mkdir()
    (dst / "old").write_text("previous stage")

    def failing(chapter, *args, **kwargs):
        raise runner.ChapterError(f"chapter {chapter.stem} failed")

    monkeypatch.setattr(book, "run_chapter", failing)
    with pytest.raises(runner.ChapterError):
        book.stage(ROOT, dst, {"m_nu_eV": 0.8}, "heavy")
    assert (dst / "old").read_text() == "previous stage"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]


def test_reference_page_lists_every_parameter(tmp_path):
    page = tmp_path / "parameters.md"
    book.write_reference_page(page)
    text = page.read_text()
    assert text.startswith("# Parameter reference")
    for name, spec in P.PARAMETERS.items():
        assert f"`{name}`" in text
        assert spec.meaning[1:] in text


def test_front_page_states_the_set(tmp_path):
    intro = tmp_path / "intro.md"
    intro.write_text("# Title\n\nText.\n")
    book.write_front_page_note(intro, "heavy", {"m_nu_eV": 0.8})
    text = intro.read_text()
    assert "parameter set heavy" in text and "`m_nu_eV` = 0.8 eV (baseline 0.1 eV)" in text
    assert text.index("# Title") < text.index("parameter set heavy") < text.index("Text.")
    intro.write_text("# Title\n")
    book.write_front_page_note(intro, "baseline", {}, edition="student")
    assert "baseline parameter set" in intro.read_text() and "Student edition" in intro.read_text()


def test_strip_solutions_removes_everything_between_the_markers():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell(":::{exercise}\n:label: e\nDo it.\n:::"),
                nbformat.v4.new_markdown_cell("```{solution-start} e\n:class: dropdown\n```"),
                nbformat.v4.new_code_cell("answer = 42"),
                nbformat.v4.new_markdown_cell("Because.\n\n```{solution-end}\n```"),
                nbformat.v4.new_markdown_cell("After.")]
    assert book.strip_solutions(nb) == 1
    assert [c.source for c in nb.cells] == [":::{exercise}\n:label: e\nDo it.\n:::", "After."]


@pytest.mark.parametrize("chapter", runner.chapter_paths(ROOT), ids=lambda p: p.stem)
def test_every_solution_is_closed(chapter):
    """A solution-start without its solution-end would swallow the rest of a student chapter."""
    nb = nbformat.read(chapter, as_version=4)
    text = [c.source for c in nb.cells if c.cell_type == "markdown"]
    starts = sum("{solution-start}" in t for t in text)
    assert starts == sum("{solution-end}" in t for t in text) and starts >= 1
    n = len(nb.cells)
    assert book.strip_solutions(nb) == starts and len(nb.cells) < n


def test_the_api_reference_is_staged_and_html_only():
    """api.rst and its page template are book sources; everything under its title is in
    ``only:: html`` (the PDF drops the empty chapter), and its table is the end of _toc.yml."""
    import yaml

    assert "api.rst" in book.BOOK_SOURCES and "_templates" in book.BOOK_FOLDERS
    assert (ROOT / "_templates" / "autosummary" / "module.rst").is_file()
    lines = (ROOT / "api.rst").read_text().splitlines()
    title = lines.index("API reference")
    body = [line for line in lines[title + 2:] if line.strip()]
    assert body[0] == ".. only:: html" and all(line.startswith("   ") for line in body[1:])
    assert yaml.safe_load((ROOT / "_toc.yml").read_text())["chapters"][-1] == {"file": "api"}


def test_only_the_api_reference_writes_a_toctree():
    """_toc.yml is the book's table of contents. sphinx-external-toc's warning about a toctree
    in a page (etoc.toctree) is suppressed for autosummary's, in api.rst and the pages it
    generates; no other page may have one."""
    pages = [*ROOT.glob("*.md"), *ROOT.glob("*.rst"), *runner.chapter_paths(ROOT)]
    found = [p.name for p in pages if p.name != "api.rst" and "toctree" in p.read_text()]
    assert not found, f"toctree in {found}: list the pages in _toc.yml instead"
