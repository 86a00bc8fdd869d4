"""The chapters as products: parameters cells, clean committed notebooks, papermill runs
with other parameters, and early failure on bad parameters."""

import json
from pathlib import Path

import nbformat
import papermill
import pytest
import yaml

from nubrems import book
from nubrems import kinematics as K
from nubrems.params import Params

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = book.chapter_paths(ROOT)


def test_there_are_chapters_in_the_toc():
    toc = (ROOT / "_toc.yml").read_text()
    assert CHAPTERS
    for chapter in CHAPTERS:
        assert f"chapters/{chapter.stem}" in toc


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_has_parameters_cell_with_valid_defaults(chapter):
    nb = nbformat.read(chapter, as_version=4)
    book.parameters_cell(nb)  # raises if the tag is missing
    declared = book.declared_parameters(chapter)
    assert declared, "the parameters cell declares nothing"
    physics = {k: eval(v) for k, v in declared.items() if k in Params.names()}  # literals only
    Params.from_mapping(physics)


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
        book.declared_parameters(path)


def test_unknown_parameter_is_an_error_before_running():
    with pytest.raises(ValueError, match="unknown parameter.*m_nu\\b"):
        book.run_chapter("01_kinematics", {"m_nu": 0.3})


def glued(nb_path):
    """name -> text/plain of every myst-nb glue output in an executed notebook."""
    nb = nbformat.read(nb_path, as_version=4)
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            record = o.get("metadata", {}).get("scrapbook", {})
            text = o.get("data", {}).get(record.get("mime_prefix", "") + "text/plain")
            if record.get("name") and text is not None:
                out[record["name"]] = text
    return out


def test_papermill_run_with_other_parameters(tmp_path):
    out = book.run_chapter("01_kinematics", {"m_nu_eV": 0.8, "E_examples_MeV": [2.0, 5.0]},
                           output=tmp_path / "heavy.ipynb")
    values = glued(out)
    assert float(values["m_nu"]) == 0.8
    assert float(values["sqrts_1MeV"]) == pytest.approx(float(K.sqrt_s(1e6, 0.8)), rel=1e-12)


@pytest.mark.parametrize(
    "parameters, needle",
    [({"m_nu_eV": -0.1}, "m_nu_eV"), ({"E_min_MeV": 1e-9}, "E_min_MeV"),
     ({"masses_eV": [0.1, 0.0]}, "masses_eV[1]")],
)
def test_bad_parameters_fail_early_naming_the_parameter(tmp_path, parameters, needle):
    if "m_nu_eV" in parameters:  # physics parameters are refused before a kernel starts
        with pytest.raises(ValueError, match=needle):
            book.run_chapter("01_kinematics", parameters, output=tmp_path / "bad.ipynb")
        return
    with pytest.raises(papermill.PapermillExecutionError) as err:
        book.run_chapter("01_kinematics", parameters, output=tmp_path / "bad.ipynb")
    assert err.value.ename == "ValueError" and needle in err.value.evalue


def test_parameter_files_are_valid():
    files = sorted((ROOT / "params").glob("*.yaml"))
    assert any(f.name == "baseline.yaml" for f in files)
    for f in files:
        values = book.load_parameter_file(f)
        assert set(values) <= set(Params.names())
    baseline = yaml.safe_load((ROOT / "params" / "baseline.yaml").read_text())
    assert Params.from_mapping(baseline) == Params()
