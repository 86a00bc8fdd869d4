"""The project stands on its own: no file names inputs that are not in the repository, and
the files a user looks for (licence, citation, changelog, contributing guide) are there."""

import re
import subprocess
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# spelled in pieces so that this file does not match itself
OUTSIDE = ["../" + "shared", "PHYSICS" + ".md", "TOOLCHAIN" + ".md", "paper-" + "2208"]


def tracked_files():
    out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    files = out.stdout.split() if out.returncode == 0 else []
    return [ROOT / f for f in files] or [p for p in ROOT.rglob("*") if ".venv" not in p.parts
                                         and "_build" not in p.parts and p.is_file()]


def test_no_file_refers_to_inputs_outside_the_repository():
    offenders = []
    for path in tracked_files():
        try:
            text = path.read_text()
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        offenders += [f"{path.relative_to(ROOT)}: {needle}" for needle in OUTSIDE if needle in text]
    assert not offenders, offenders


def test_no_control_characters_in_text_files():
    """A backspace or form feed in prose or code (a TeX \\b or \\f written through a Python
    string) breaks the PDF build far from its cause; tabs, newlines and carriage returns only."""
    offenders = []
    for path in tracked_files():
        if path.suffix not in (".md", ".py", ".ipynb", ".yaml", ".yml", ".bib", ".toml", ".cfg", ".txt"):
            continue
        text = path.read_text()
        bad = sorted({f"U+{ord(ch):04X}" for ch in text if ord(ch) < 32 and ch not in "\t\n\r"})
        if bad:
            offenders.append(f"{path.relative_to(ROOT)}: {', '.join(bad)}")
    assert not offenders, offenders


def test_licence_citation_changelog():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT"
    assert cff["version"] == project["version"]
    changelog = (ROOT / "CHANGELOG.md").read_text()
    # a section per release, dated, newest first, and one for what is not released yet
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", changelog, flags=re.M)
    assert "## [Unreleased]" in changelog and releases and releases[0][0] == project["version"]
    versions = [tuple(map(int, v.split("."))) for v, _ in releases]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    assert "Writing or editing a chapter" in (ROOT / "CONTRIBUTING.md").read_text()


def test_readme_names_the_two_commands_and_the_newcomer_topics():
    readme = (ROOT / "README.md").read_text()
    for needle in ("make book", "make test", "make lab", "EDITION=student", "PARAMS=", "apt-get",
                   "nubrems params"):
        assert needle in readme, needle
    assert (ROOT / ".ci" / "run").read_text().strip().endswith("make test")


#: Characters above Latin-1 that pdflatex takes without a declaration of ours (utf8 inputenc
#: and Sphinx's LaTeX set-up handle them); every other one needs \DeclareUnicodeCharacter.
LATEX_KNOWN = set("–—⟨⟩")


def test_every_special_character_of_the_book_is_declared_for_latex():
    """A character beyond Latin-1 in a chapter (source or text output) or a page stops the PDF
    build with 'Unicode character ... not set up for use with LaTeX': it must be declared in
    the preamble of _config.yml."""
    import json
    import re

    config = (ROOT / "_config.yml").read_text()
    declared = {chr(int(h, 16)) for h in re.findall(r"DeclareUnicodeCharacter\{([0-9A-Fa-f]+)\}", config)}
    found: dict[str, str] = {}
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            texts = ["".join(cell["source"])]
            for out in cell.get("outputs", []):
                texts += [v if isinstance(v, str) else "".join(v)
                          for k, v in out.get("data", {}).items() if not k.endswith("png")]
                if "text" in out:
                    texts.append(out["text"] if isinstance(out["text"], str) else "".join(out["text"]))
            for ch in "".join(texts):
                found.setdefault(ch, path.name)
    for path in sorted(ROOT.glob("*.md")):
        for ch in path.read_text():
            found.setdefault(ch, path.name)
    missing = {f"{ch} (U+{ord(ch):04X}, {where})" for ch, where in found.items()
               if ord(ch) > 0xFF and ch not in declared | LATEX_KNOWN}
    assert not missing, f"declare in _config.yml's LaTeX preamble: {sorted(missing)}"


def test_no_unbraced_operator_in_a_subscript_of_the_book():
    """k_\\min renders in MathJax but stops pdflatex ('Missing { inserted': \\min is \\mathop{...},
    not one token); sub- and superscripts of an operator name need braces, k_{\\min}."""
    import json
    import re

    operator = re.compile(r"[_^]\\(min|max|lim|log|ln|exp|sin|cos|tan|det|arg|sup|inf)(?![A-Za-z])")
    found = []
    for path in sorted((ROOT / "chapters").glob("*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cell["cell_type"] == "markdown":
                found += [f"{path.name}: {m.group(0)}" for m in operator.finditer("".join(cell["source"]))]
    for path in sorted(ROOT.glob("*.md")):
        found += [f"{path.name}: {m.group(0)}" for m in operator.finditer(path.read_text())]
    assert not found, found
