"""The PDF book: present when LaTeX is installed, with a title page, contents, every
chapter, figures, equations and the bibliography."""

import shutil

import pytest

from conftest import ROOT, toc_pages

HAVE_LATEX = all(shutil.which(t) for t in ("pdflatex", "latexmk"))


@pytest.fixture(scope="module")
def pdf(book_dir):
    path = book_dir / "latex" / "nubrems.pdf"
    if not HAVE_LATEX:
        pytest.skip("LaTeX not installed (see README): no PDF expected")
    assert path.is_file(), f"LaTeX is installed but {path} was not built"
    from pypdf import PdfReader

    return PdfReader(str(path))


def chapter_titles():
    import nbformat

    titles = []
    for name in toc_pages():
        if name.startswith("chapters/"):
            nb = nbformat.read(ROOT / f"{name}.ipynb", as_version=4)
            titles.append(nb.cells[0].source.splitlines()[0].lstrip("# ").strip())
    return titles


def test_pdf_structure(pdf):
    pages = [p.extract_text() or "" for p in pdf.pages]
    text = "\n".join(pages)
    flat = " ".join(text.split())
    assert len(pdf.pages) > 20
    assert "nubrems" in pages[0] and "cosmic neutrino background" in " ".join(pages[0].split())
    assert any("CONTENTS" in p.upper() for p in pages[:3])
    for title in chapter_titles():
        assert " ".join(title.split()[:4]) in flat, f"chapter '{title}' not in the PDF"
    assert "BIBLIOGRAPHY" in text.upper() and "Asteriadis" in text
    assert "??" not in text, "unresolved references in the PDF"
    n_images = sum(len(page.images) for page in pdf.pages)
    assert n_images >= 2 * len(chapter_titles()), f"only {n_images} figures in the PDF"
    assert flat.count("(1.1)") >= 1 and flat.count("(2.1)") >= 1, "numbered equations missing"
