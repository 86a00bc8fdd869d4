"""Checks of the built book (run after `python -m nubrems.book build`, as `make test` does).

The book folder defaults to the default build; set NUBREMS_BOOK to check a variant, e.g.
NUBREMS_BOOK=_build/heavy/_build for `make book PARAMS=params/heavy.yaml`.
"""

import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_pages():
    """Document names in book order (root first), from _toc.yml."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [entry["file"] for entry in toc.get("chapters", [])]


@pytest.fixture(scope="session")
def book_dir() -> Path:
    path = Path(os.environ.get("NUBREMS_BOOK", ROOT / "_build"))
    path = path if path.is_absolute() else ROOT / path
    if not (path / "html" / "index.html").is_file():
        pytest.fail(f"no built book in {path}: run `python -m nubrems.book build` first")
    return path


class PageText(__import__("html.parser").parser.HTMLParser):
    """The text a reader sees on a page, without code inputs, scripts, navigation, and
    (optionally) the parameter-set statements (blockquotes naming the set) and cell outputs."""

    SKIP = ("cell_input", "highlight-ipython3", "bd-sidebar", "bd-header", "prev-next", "bd-footer",
            "headerlink", "toggle-hidden")

    def __init__(self, drop_statements: bool = True, outputs: bool = True):
        super().__init__()
        self.drop_statements = drop_statements
        self.skip = self.SKIP if outputs else (*self.SKIP, "cell_output")
        self.parts, self.stack = [], []
        self.quote, self.quotes = None, []

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class", "") or ""
        skip = tag in ("script", "style", "nav") or any(s in cls for s in self.skip)
        self.stack.append((tag, skip))
        if tag == "blockquote" and self.quote is None:
            self.quote = []

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag == "blockquote" and self.quote is not None and not any(t == "blockquote" for t, _ in self.stack):
            text = " ".join(self.quote)
            if not (self.drop_statements and ("Parameter set:" in text or "This book was built" in text)):
                self.parts.append(text)
            self.quote = None

    def handle_data(self, data):
        if any(skip for _, skip in self.stack):
            return
        (self.quote if self.quote is not None else self.parts).append(data)

    @classmethod
    def of(cls, path, drop_statements=True, outputs=True) -> str:
        parser = cls(drop_statements, outputs)
        parser.feed(path.read_text())
        return " ".join(" ".join(parser.parts).split()).replace("\u00a0", " ")


def glued(nb_path):
    """name -> text/plain of every myst-nb glue output in an executed notebook."""
    from nubrems.book.runner import glued_values

    return glued_values(nb_path)
