"""A variant book tells the truth: built with params/heavy.yaml (as `make test` does), no
page shows a value that belongs to the baseline set.

Compared with the baseline book built beside it: every glued number that differs between
the two builds must not appear on the heavy pages with its baseline value, nor may the
baseline mass or the word "baseline" (outside the statements that name the set and its
differences from the baseline). Code inputs are not statements and are not checked; the
parameter reference lists defaults by design and is left out.
"""

import os
import re
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, PageText, glued, toc_pages
from nubrems.core import catalogue as P

VARIANT = "heavy"
LEFT_OUT = {"parameters"}            # the reference page lists the defaults on purpose


def variant_dir() -> Path:
    path = Path(os.environ.get("NUBREMS_VARIANT_BOOK", ROOT / "_build" / VARIANT / "_build"))
    if not (path / "html" / "index.html").is_file():
        pytest.fail(f"no variant book in {path}: run `python -m nubrems.book build --params "
                    f"params/{VARIANT}.yaml --pdf skip` first")
    return path


def chapters():
    return [name for name in toc_pages() if name.startswith("chapters/")]


@pytest.fixture(scope="module")
def differing_values():
    """Chapter -> baseline texts of the glued values that differ in the variant."""
    out = {}
    for name in chapters():
        stem = name.split("/")[-1]
        base = glued(ROOT / "_build" / "src" / "chapters" / f"{stem}.ipynb")
        var = glued(ROOT / "_build" / VARIANT / "src" / "chapters" / f"{stem}.ipynb")
        out[name] = {k: v for k, v in base.items() if k in var and var[k] != v and distinctive(v)}
    return out


def distinctive(text: str) -> bool:
    """A number with at least two significant digits (a round 2000 or 0.5 may well appear
    for other reasons), not a statement."""
    m = re.match(r"^−?(\d+(?:\.\d+)?)(?:\(\d+\))?(?: × 10\S+)?(?: \S+)?$", text)
    if not m:
        return False
    digits = m.group(1).replace(".", "").lstrip("0").rstrip("0")
    return len(digits) >= 2


def shown(value: str, text: str) -> bool:
    """``value`` appears in ``text`` as a whole number, not inside a longer one."""
    return re.search(r"(?<![\d.])" + re.escape(value) + r"(?![\d(])", text) is not None


@pytest.mark.parametrize("page", [p for p in toc_pages() if p not in LEFT_OUT])
def test_no_baseline_value_on_a_variant_page(page, differing_values):
    text = PageText.of(variant_dir() / "html" / f"{page}.html")
    problems = [f"'{m.group(0)}'" for m in re.finditer(r"\b0\.1 ?eV\b|tenth of an electronvolt|\bbaseline\b",
                                                          text)]
    # glued values are looked for in the prose: the printed outputs are the variant's own
    # computation, where a short number such as a chi2/dof of 0.98 can coincide with a baseline value
    prose = PageText.of(variant_dir() / "html" / f"{page}.html", outputs=False)
    for key, value in differing_values.get(page, {}).items():
        if shown(value, prose):
            problems.append(f"glued {key} shows the baseline value {value!r}")
    assert not problems, f"{page}: " + "; ".join(problems)


def test_every_page_states_the_variant():
    front = PageText.of(variant_dir() / "html" / "intro.html", drop_statements=False)
    assert f"built with the parameter set {VARIANT}" in front and "m_nu_eV = 0.8 eV" in front
    for page in chapters():
        text = PageText.of(variant_dir() / "html" / f"{page}.html", drop_statements=False)
        assert f"Parameter set: {VARIANT}" in text, page


def test_the_variant_differs_where_it_should(differing_values):
    """Every chapter that takes a parameter of the variant (the mass: chapters 1-3, 5 and 6)
    has glued numbers that changed."""
    changed = set(yaml.safe_load((ROOT / "params" / f"{VARIANT}.yaml").read_text()))
    for page, values in differing_values.items():
        if changed & set(P.chapter_parameters(page.split("/")[-1])):
            assert values, f"{page}: no glued value depends on {', '.join(sorted(changed))}?"
