"""The chapters' prose tells the truth for every parameter set (a static check).

Every number that depends on a parameter must be glued from the chapter's code, so the
markdown of a chapter may not spell out baseline values, may not say "baseline" itself
(the glued phrase does), and may not format glued numbers with Python format specs
(``{glue:text}`x:.3e``` shows 1.876e-49; the chapters glue typeset text instead). The
built variant book is checked the same way in ``tests_book/test_variant_text.py``.
"""

import re

import nbformat
import pytest

from nubrems.book import runner
from nubrems.book.runner import find_root

ROOT = find_root()
CHAPTERS = runner.chapter_paths(ROOT)

FORBIDDEN = {
    r"\b0\.1\s*(~|\\,|\\ )?\s*eV": "the baseline mass written out (glue p_m_nu_eV)",
    r"tenth of an electron": "the baseline mass in words",
    r"6\s*\\times\s*10\^\{?-12\}?": "the baseline moment written out (glue p_mu_nu_muB)",
    r"\b6e-12\b": "the baseline moment written out (glue p_mu_nu_muB)",
    r"\bbaseline\b": "'baseline' is true only for the baseline set (glue parameters_phrase)",
    r"\(default\)": "a default is true only for the baseline set",
    r"\{glue:text\}`[^`]+:[^`]*`": "a Python format spec in prose (glue typeset text: Chapter.glue)",
    r"\{glue\}`": "plain {glue} shows Python reprs (use {glue:text} with Chapter.glue)",
}


def markdown(path):
    nb = nbformat.read(path, as_version=4)
    return [(i, c.source) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_prose_has_no_parameter_values_of_its_own(chapter):
    problems = []
    for i, text in markdown(chapter):
        for pattern, why in FORBIDDEN.items():
            for m in re.finditer(pattern, text):
                problems.append(f"cell {i}: {m.group(0)!r}: {why}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_states_its_parameter_set_under_the_title(chapter):
    cells = markdown(chapter)
    head = "\n".join(text for _, text in cells[:2])
    assert "{glue:md} parameter_set" in head, "the chapter header must show the glued parameter set"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_nbval_markers_are_tags_not_comments(chapter):
    nb = nbformat.read(chapter, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "NBVAL_" not in cell.source, "use the cell tag nbval-check-output (readers see comments)"
    assert any("nbval-check-output" in c.metadata.get("tags", []) for c in nb.cells), \
        "each chapter has at least one checked cell"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_code_lines_fit_the_column(chapter):
    nb = nbformat.read(chapter, as_version=4)
    long = [(i, line) for i, c in enumerate(nb.cells) if c.cell_type == "code"
            for line in c.source.splitlines() if len(line) > 80]
    assert not long, "\n".join(f"cell {i}: {len(line)} characters: {line[:60]}..." for i, line in long)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_data_figure_offers_its_csv(chapter):
    """A glued figure either links its data (figure_data/CHAPTER/NAME.csv) or is a drawing."""
    text = "\n".join(t for _, t in markdown(chapter))
    figures = re.findall(r"```\{glue:figure\} (\S+)", text)
    drawings = {"fig-diagrams-nunu", "fig-diagrams-nunubar"}
    missing = [f for f in figures if f not in drawings
               and f"figure_data/{chapter.stem}/{f}.csv" not in text]
    assert not missing, f"figures without a CSV link: {missing}"
