"""The pages of the book besides the chapters: every one listed in _toc.yml is staged by the
build (a page missing from ``BOOK_SOURCES`` stops the build far from its cause), and the
instructors page and the glossary say what they promise."""

import re
from pathlib import Path

import yaml

from nubrems.book import build as book

ROOT = Path(__file__).resolve().parents[1]


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"], *(entry["file"] for entry in toc["chapters"])]


def test_every_page_of_the_toc_is_staged():
    generated = {Path(book.REFERENCE_PAGE).stem}
    for name in toc_files():
        if name.startswith("chapters/") or name in generated:
            continue
        staged = [s for s in book.BOOK_SOURCES if Path(s).stem == name]
        assert staged, f"{name} is in _toc.yml but not in nubrems.book.BOOK_SOURCES"
        assert (ROOT / staged[0]).is_file(), staged[0]


def test_the_glossary_follows_the_conventions():
    files = toc_files()
    assert files.index("glossary") == files.index("conventions") + 1
    text = (ROOT / "glossary.md").read_text()
    assert "```{glossary}" in text
    for term in ("CNB", "MSW effect", "pull", "vegas", "red-giant bound", "XENONnT bound",
                 "extended Sun", "model shift", "thermal shift", "transition moment"):
        assert re.search(rf"^{re.escape(term)}\b", text, flags=re.M), term
    # every chapter it points to exists
    for doc in re.findall(r"\{doc\}`(chapters/[^`]+)`", text):
        assert (ROOT / f"{doc}.ipynb").is_file(), doc


def test_the_instructors_page_covers_what_an_instructor_needs():
    text = (ROOT / "instructors.md").read_text()
    for rubric in ("Learning objectives", "Session plans", "Run times",
                   "How students get an environment", "The answer key"):
        assert f"{{rubric}} {rubric}" in text, rubric
    for needle in ("make setup", "make lab", "pip install .", "EDITION=student",
                   "_build/student/notebooks/", "rtol"):
        assert needle in text, needle


def test_the_pages_do_not_state_default_values_a_variant_would_contradict():
    """tests_book/test_variant_text.py checks every page of a variant book for these."""
    for name in ("instructors.md", "glossary.md"):
        text = (ROOT / name).read_text()
        found = re.findall(r"\b0\.1 ?eV\b|tenth of an electronvolt|\bbaseline\b", text)
        assert not found, f"{name}: {found}"
