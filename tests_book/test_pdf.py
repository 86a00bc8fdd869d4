"""The PDF book: present when LaTeX is installed, with a title page, contents, every
chapter, figures, equations and the reference list; A4, no blank page or empty chapter, a
titled introduction, author-year citations."""

import re
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
    assert "REFERENCES" in text.upper() and "Asteriadis" in text
    assert "??" not in text, "unresolved references in the PDF"
    n_images = sum(len(page.images) for page in pdf.pages)
    assert n_images >= 2 * len(chapter_titles()), f"only {n_images} figures in the PDF"
    assert flat.count("(1.1)") >= 1 and flat.count("(2.1)") >= 1, "numbered equations missing"


# --- reader polish (issue 11) ----------------------------------------------------------------
A4 = (595.28, 841.89)  # points
BOOK_TITLE = "nubrems: neutrino bremsstrahlung on the cosmic neutrino background"
AUTHOR_YEAR = r"[^\W\d_][^\[\]]*?(?: et al\.| and [^\[\]]+?)?, (?:\d{4}[a-z]?|n\.d\.)"


def squeeze(text: str) -> str:
    """Text without whitespace: pypdf runs the words of justified lines together."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pages(pdf):
    return [p.extract_text() or "" for p in pdf.pages]


@pytest.fixture(scope="module")
def chapters(pdf):
    """(title, first page index, last page index) of each top-level outline entry."""
    top = [o for o in pdf.outline if not isinstance(o, list)]
    starts = [pdf.get_destination_page_number(o) for o in top]
    ends = [s - 1 for s in starts[1:]] + [len(pdf.pages) - 1]
    return [(o.title, s, max(s, e)) for o, s, e in zip(top, starts, ends, strict=True)]


def body(text: str) -> str:
    """A page's text without its running head (the book title) and foot (page number,
    chapter or section name)."""
    lines = [ln for ln in text.splitlines() if squeeze(ln) != squeeze(BOOK_TITLE)]
    if lines and re.fullmatch(r"\s*(\d+|[ivxlc]+)\b.*|.*\b(\d+|[ivxlc]+)\s*", lines[-1]) and len(lines[-1]) < 90:
        lines = lines[:-1]
    return "\n".join(lines).strip()


def test_pdf_is_a4(pdf):
    for i, page in enumerate(pdf.pages):
        box = page.mediabox
        size = (float(box.width), float(box.height))
        assert all(abs(a - b) < 1.0 for a, b in zip(size, A4, strict=True)), f"page {i + 1} is {size} pt, not A4"


def test_pdf_has_no_blank_page(pdf, pages):
    blank = [i + 1 for i, (page, text) in enumerate(zip(pdf.pages, pages, strict=True))
             if len(squeeze(body(text))) < 20 and not page.images]
    assert not blank, f"blank pages (nothing but running head and foot): {blank}"


def test_pdf_has_no_empty_chapter(chapters, pages):
    for title, first, last in chapters:
        text = squeeze(" ".join(body(pages[i]) for i in range(first, last + 1)))
        text = re.sub(r"(?i)chapter|" + re.escape(squeeze(title)), "", text)
        assert len(text) > 200, f"chapter '{title}' (page {first + 1}) has no content"
    titles = [t for t, _, _ in chapters]
    assert sum(t.lower() in ("references", "bibliography") for t in titles) == 1, \
        f"the reference list should appear once: {titles}"


def intro_opening() -> str:
    """The first words of the front page's text (intro.md, below its title and any note)."""
    lines = (ROOT / "intro.md").read_text().splitlines()
    start = next(i for i, ln in enumerate(lines) if ln.startswith("# ")) + 1
    para = next(ln for ln in lines[start:] if ln.strip() and not ln.startswith((">", "#", "`", "(")))
    words = re.sub(r"[*_`]", "", para).split()[:6]
    return " ".join(words)


def test_pdf_introduction_is_titled(chapters, pages):
    title, first, last = chapters[0]
    assert title == "Introduction", f"the PDF opens with '{title}', not with the titled introduction"
    text = " ".join(pages[first:last + 1])
    assert squeeze(intro_opening()) in squeeze(text), "the introduction's text is not under its title"
    assert squeeze(pages[first]).upper().startswith("INTRODUCTION") or \
        squeeze(body(pages[first])).upper().startswith("INTRODUCTION")
    before = " ".join(pages[:first])
    assert squeeze(intro_opening()) not in squeeze(before), "introduction text before its title"


def cite_links(book_dir) -> list[str]:
    """The text of every citation in the LaTeX source of the PDF (each is a hyperlink to an
    entry of the reference list), as plain text."""
    tex = (book_dir / "latex" / "nubrems.tex").read_text()
    texts = re.findall(r"\\hyperlink\{cite\.[^{}]*\}\{((?:[^{}]|\{[^{}]*\})*)\}", tex)
    plain = []
    for t in texts:
        t = t.replace("\\sphinxhyphen{}", "-")
        t = re.sub(r"\\[A-Za-z]+\*?", "", t)
        plain.append(" ".join(t.replace("{", "").replace("}", "").split()))
    return plain


def test_pdf_citations_are_author_year(book_dir, chapters, pages):
    links = cite_links(book_dir)
    assert len(links) >= 10, f"only {len(links)} citations in the PDF"
    wrong = [t for t in links if not re.fullmatch(AUTHOR_YEAR, t)]
    assert not wrong, f"citations that are not author-year: {wrong[:5]}"
    refs = [(f, l) for t, f, l in chapters if t.lower() in ("references", "bibliography")]
    assert refs, "no reference list in the PDF outline"
    first, last = refs[0]
    flat = " ".join("\n".join(pages[:first]).split())
    assert "[Asteriadis et al., 2022]" in flat
    alpha = re.findall(r"\[[A-Z][A-Za-z]{0,4}\+?\d{2}[a-z]?\]", flat)
    assert not alpha, f"alpha-style citation keys in the text: {alpha[:5]}"
    # the reference list: each entry opens with the author-year label that cites it
    bib = "\n".join(body(pages[i]) for i in range(first, last + 1))
    entries = re.findall(r"^\[([^\]]+)\]", bib, flags=re.M)
    assert len(entries) >= 10 and all(re.fullmatch(AUTHOR_YEAR, e) for e in entries), entries
    assert not re.search(r"^\[\d+\]", bib, flags=re.M), "numbered reference list"
    cited = {squeeze(t) for t in links}
    for e in entries:
        assert squeeze(e) in cited, f"'{e}' is listed but never cited in that form"


def test_pdf_reference_titles_render(chapters, pages):
    """Titles with symbols (8B, 7Be, beta) print as such, not as raw TeX."""
    first, last = next((f, l) for t, f, l in chapters if t.lower() in ("references", "bibliography"))
    bib = " ".join(pages[first:last + 1])
    for raw in ("$", "\\", "^", "{", "}"):
        assert raw not in bib, f"raw TeX '{raw}' in the reference list"
    for title in ("7Be solar neutrino line", "spectrum from 8B decay", "-delayed alpha spectra"):
        assert squeeze(title) in squeeze(bib), f"'{title}' not in the reference list"
