"""The student edition (`python -m nubrems.book build --edition student`): the exercises
without their solutions, in the HTML book, the PDF and the student notebooks."""

import shutil

import nbformat
import pytest

from conftest import ROOT, PageText, toc_pages

STUDENT = ROOT / "_build" / "student"


def solution_code():
    """Chapter -> the code lines of every solution in the full (staged) chapters."""
    out = {}
    for path in sorted((ROOT / "_build" / "src" / "chapters").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        inside, lines = False, []
        for cell in nb.cells:
            if cell.cell_type == "markdown" and "{solution-start}" in cell.source:
                inside = True
            elif cell.cell_type == "markdown" and "{solution-end}" in cell.source:
                inside = False
            elif inside and cell.cell_type == "code":
                lines += [line.strip() for line in cell.source.splitlines() if len(line.strip()) > 25]
        out[path.stem] = lines
    return out


@pytest.fixture(scope="module")
def html():
    path = STUDENT / "_build" / "html"
    if not (path / "index.html").is_file():
        pytest.fail(f"no student edition in {path}: run `python -m nubrems.book build --edition student`")
    return path


@pytest.mark.parametrize("page", [p for p in toc_pages() if p.startswith("chapters/")])
def test_student_pages_have_exercises_and_no_solutions(html, page):
    source = (html / f"{page}.html").read_text()
    assert 'class="exercise' in source or "exercise admonition" in source, "exercises missing"
    assert "solution" not in PageText.of(html / f"{page}.html").lower().replace("solutions are not", "")
    stem = page.split("/")[-1]
    raw = " ".join(source.split())
    for line in solution_code()[stem]:
        assert line not in raw, f"solution code on the student page: {line}"


def test_front_page_names_the_edition(html):
    assert "Student edition" in PageText.of(html / "intro.html", drop_statements=False)


def test_student_notebooks_have_no_solutions_and_no_outputs():
    folder = STUDENT / "notebooks"
    books = sorted(p.stem for p in folder.glob("*.ipynb"))
    assert books == [p.split("/")[-1] for p in toc_pages() if p.startswith("chapters/")]
    for path in folder.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells)
        assert "{solution-start}" not in text and "{exercise}" in text
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        assert any("parameters" in c.metadata.get("tags", []) for c in nb.cells)


def test_student_pdf_has_no_solution_code():
    pdf = STUDENT / "_build" / "latex" / "nubrems.pdf"
    if not all(shutil.which(t) for t in ("pdflatex", "latexmk")):
        pytest.skip("LaTeX not installed: no PDF expected")
    from pypdf import PdfReader

    text = " ".join(" ".join((p.extract_text() or "") for p in PdfReader(str(pdf)).pages).split())
    leaked = [line for lines in solution_code().values() for line in lines if line in text]
    assert not leaked, leaked[:3]
    assert "Student edition" in text
