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
