"""The chapters as products: parameters cells, clean committed notebooks, papermill runs
with other parameters, and early failure on bad parameters."""

from pathlib import Path

import nbformat
import pytest
import yaml

from nubrems.book import build as book
from nubrems.book import runner
from nubrems.core import catalogue as P
from nubrems.core.params import Params
from nubrems.core.typeset import to_float
from nubrems.kinematics import vectors as K

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = runner.chapter_paths(ROOT)


def test_there_are_chapters_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text()
    assert CHAPTERS
    for chapter in CHAPTERS:
        assert f"chapters/{chapter.stem}" in toc


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_parameters_cell_with_valid_defaults(chapter):
    nb = nbformat.read(chapter, as_version=4)
    runner.parameters_cell(nb)  # raises if the tag is missing
    declared = runner.declared_parameters(chapter)
    assert declared, "the parameters cell declares nothing"
    values = {k: eval(v, {}) for k, v in declared.items()}  # noqa: S307 (literals of a committed chapter)
    P.validate(values, chapter.stem, complete=True)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_committed_notebook_is_clean(chapter):
    """No papermill timestamps or durations: a rebuild must leave git status clean."""
    nb = nbformat.read(chapter, as_version=4)
    assert "papermill" not in nb.metadata
    for cell in nb.cells:
        assert "papermill" not in cell.metadata and "execution" not in cell.metadata
        if cell.cell_type == "code":
            assert not any(o.get("output_type") == "error" for o in cell.outputs)


def test_missing_parameters_tag_is_detected(tmp_path):
    nb = nbformat.read(CHAPTERS[0], as_version=4)
    for cell in nb.cells:
        cell.metadata["tags"] = [t for t in cell.metadata.get("tags", []) if t != "parameters"]
    path = tmp_path / "untagged.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ValueError, match="parameters"):
        runner.declared_parameters(path)


def test_unknown_parameter_is_an_error_before_running():
    with pytest.raises(ValueError, match=r"unknown parameter.*m_nu\b"):
        runner.run_chapter("01_kinematics", {"m_nu": 0.3})


def test_papermill_run_with_other_parameters(tmp_path):
    out = runner.run_chapter("01_kinematics", {"m_nu_eV": 0.8, "E_examples_MeV": [2.0, 5.0]},
                             output=tmp_path / "heavy.ipynb", set_name="heavy")
    values = runner.glued_values(out)
    assert values["p_m_nu_eV"] == "0.8 eV"
    assert "Parameter set: heavy" in values["parameter_set"]
    sqrt_s = [to_float(v) for k, v in values.items() if "sqrt" in k and "1MeV" in k]
    assert sqrt_s and sqrt_s[0] == pytest.approx(float(K.sqrt_s(1e6, 0.8)), rel=5e-3)


def test_parameter_files_are_valid():
    files = sorted((ROOT / "params").glob("*.yaml"))
    assert any(f.name == "baseline.yaml" for f in files)
    for f in files:
        values = book.load_parameter_file(f)
        assert set(values) <= set(P.PARAMETERS)
    baseline = yaml.safe_load((ROOT / "params" / "baseline.yaml").read_text())
    assert Params.from_mapping(baseline) == Params()
