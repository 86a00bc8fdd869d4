"""Running the chapters and building the book.

* :func:`run_chapter` executes one chapter through papermill with validated parameters
  (every name must be declared in the chapter's ``parameters`` cell; physics parameters
  are also checked by :class:`nubrems.params.Params`).
* :func:`stage` copies the book sources to a build folder and executes every chapter
  there, so that a build never touches the committed notebooks in ``chapters/``.
* :func:`refresh` re-executes the committed notebooks in place (their stored outputs are
  what nbval compares against), with papermill's timestamps stripped.

Command line (used by the Makefile)::

    python -m nubrems.book build [--params FILE] [--pdf auto|require|skip] [--allow-warnings]
    python -m nubrems.book refresh
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import yaml

from .params import Params

#: Files and folders of the book besides the chapter notebooks.
BOOK_SOURCES = ("_config.yml", "_toc.yml", "intro.md", "references.md", "references.bib")


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder upwards that holds ``_toc.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    raise ValueError(f"no _toc.yml found above {here}: run from inside the nubrems book")


def chapter_paths(root: Path) -> list[Path]:
    """The chapter notebooks, in book order (file names start with their number)."""
    return sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb"))


def resolve_chapter(chapter: str | Path, root: Path | None = None) -> Path:
    """A chapter given as a path, a file name or a stem such as ``01_kinematics``."""
    path = Path(chapter)
    if path.is_file():
        return path.resolve()
    root = root or find_root()
    for candidate in chapter_paths(root):
        if path.name in (candidate.name, candidate.stem) or candidate.stem.startswith(path.name + "_"):
            return candidate
    names = ", ".join(p.stem for p in chapter_paths(root))
    raise ValueError(f"unknown chapter {str(chapter)!r}; chapters: {names}")


def parameters_cell(nb) -> int:
    """Index of the cell tagged ``parameters``; a chapter without one is an error."""
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    raise ValueError("notebook has no cell tagged 'parameters'")


def declared_parameters(path: Path) -> dict:
    """Names and default values from a chapter's ``parameters`` cell."""
    import papermill

    nb = nbformat.read(path, as_version=4)
    parameters_cell(nb)  # raises if the tag is missing
    return {name: info["default"] for name, info in papermill.inspect_notebook(str(path)).items()}


def parse_value(text: str):
    """A command-line parameter value, parsed as YAML (numbers, lists, strings)."""
    return yaml.safe_load(text)


def load_parameter_file(path: str | Path) -> dict:
    """Read a YAML mapping of parameters; its physics values are validated at once."""
    with open(path) as fh:
        values = yaml.safe_load(fh) or {}
    if not isinstance(values, dict):
        raise ValueError(f"{path}: a parameter file must be a YAML mapping of name: value")
    physics = {k: v for k, v in values.items() if k in Params.names()}
    Params.from_mapping(physics)
    return values


def check_parameters(values: dict, declared: dict, where: str) -> None:
    """Unknown names are errors; physics parameters must pass :class:`Params` validation."""
    unknown = sorted(set(values) - set(declared))
    if unknown:
        raise ValueError(f"{where}: unknown parameter(s) {', '.join(unknown)}; "
                         f"this chapter takes: {', '.join(declared)}")
    Params.from_mapping({k: v for k, v in values.items() if k in Params.names()})


def clean_notebook(path: Path) -> None:
    """Remove papermill's timestamps and durations so re-runs give identical files."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def run_chapter(chapter, values: dict | None = None, output=None, cwd=None) -> Path:
    """Execute ``chapter`` with papermill, injecting ``values``; returns the output path."""
    import papermill

    src = resolve_chapter(chapter)
    values = dict(values or {})
    check_parameters(values, declared_parameters(src), src.stem)
    out = Path(output) if output else find_root(src.parent) / "_build" / "run" / src.name
    out.parent.mkdir(parents=True, exist_ok=True)
    papermill.execute_notebook(str(src), str(out), parameters=values, cwd=str(cwd or src.parent),
                               progress_bar=False, log_output=False)
    clean_notebook(out)
    return out


def stage(root: Path, dst: Path, values: dict | None = None) -> list[tuple[str, float]]:
    """Copy the book sources to ``dst`` and execute every chapter into it.

    Each chapter receives the subset of ``values`` that it declares; a name that no
    chapter declares is an error. Returns (chapter, seconds) for each chapter.
    """
    values = dict(values or {})
    chapters = chapter_paths(root)
    declared = {c: declared_parameters(c) for c in chapters}
    known = set(Params.names()).union(*[set(d) for d in declared.values()])
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    if dst.exists():
        shutil.rmtree(dst)
    (dst / "chapters").mkdir(parents=True)
    for name in BOOK_SOURCES:
        shutil.copy2(root / name, dst / name)
    for extra in (root / "chapters").glob("*.md"):
        shutil.copy2(extra, dst / "chapters" / extra.name)
    timings = []
    for c in chapters:
        t0 = time.perf_counter()
        mine = {k: v for k, v in values.items() if k in declared[c]}
        run_chapter(c, mine, output=dst / "chapters" / c.name, cwd=c.parent)
        timings.append((c.stem, time.perf_counter() - t0))
    return timings


LATEX_PACKAGES = "latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre"


def _jupyter_book(src: Path, out_root: Path, builder: str, warnings_as_errors: bool) -> None:
    jb = Path(sys.executable).parent / "jupyter-book"  # the console script beside this Python
    cmd = [str(jb), "build", str(src), "--path-output", str(out_root), "--builder", builder]
    if warnings_as_errors:
        cmd += ["-W", "-n", "--keep-going"]
    subprocess.run(cmd, check=True)


def build(root: Path, params_file: str | None = None, warnings_as_errors: bool = True,
          pdf: str = "auto") -> Path:
    """Execute all chapters into a staging folder, then build the HTML book and the PDF.

    The default book goes to ``_build/html`` and ``_build/latex/nubrems.pdf``; a variant
    built from ``params/NAME.yaml`` to ``_build/NAME/_build/html`` and
    ``_build/NAME/_build/latex/nubrems.pdf``. ``pdf`` is "auto" (build it when pdflatex and
    latexmk are installed, else warn and skip), "require" or "skip".
    """
    if pdf not in ("auto", "require", "skip"):
        raise ValueError(f"pdf must be 'auto', 'require' or 'skip'; got {pdf!r}")
    values = load_parameter_file(params_file) if params_file else {}
    variant = Path(params_file).stem if params_file else None
    out_root = root / "_build" / variant if variant else root
    src = (out_root / "src") if variant else root / "_build" / "src"
    for name, seconds in stage(root, src, values):
        print(f"executed {name} in {seconds:.1f} s", flush=True)
    have_latex = all(shutil.which(tool) for tool in ("pdflatex", "latexmk"))
    if pdf == "require" and not have_latex:
        raise ValueError(f"the PDF needs LaTeX: apt-get install --no-install-recommends {LATEX_PACKAGES}")
    pdf_file = None
    if pdf != "skip" and have_latex:  # the PDF first, so that the HTML book can offer it
        _jupyter_book(src, out_root, "pdflatex", warnings_as_errors)
        pdf_file = out_root / "_build" / "latex" / "nubrems.pdf"
        print(f"PDF book: {pdf_file}", flush=True)
    elif pdf == "auto":
        print("WARNING: pdflatex/latexmk not found, so no PDF was built (HTML only). Install with:\n"
              f"    sudo apt-get install --no-install-recommends {LATEX_PACKAGES}", flush=True)
    add_downloads(src, pdf_file)
    _jupyter_book(src, out_root, "html", warnings_as_errors)
    html = out_root / "_build" / "html"
    print(f"HTML book: {html / 'index.html'}", flush=True)
    return html


def add_downloads(src: Path, pdf_file: Path | None) -> None:
    """Offer every chapter as a notebook and as MyST text, and the book as PDF.

    Writes jupytext MyST versions of the executed chapters to ``src/downloads`` and
    appends a Downloads section with download links to the staged front page.
    """
    import jupytext

    folder = src / "downloads"
    folder.mkdir(exist_ok=True)
    lines = ["", "```{rubric} Downloads", "```", ""]
    if pdf_file is not None and pdf_file.is_file():
        shutil.copy2(pdf_file, folder / "nubrems.pdf")
        lines.append("* The whole book as PDF: {download}`nubrems.pdf <downloads/nubrems.pdf>`")
    for nb_path in chapter_paths(src):
        nb = jupytext.read(nb_path)
        jupytext.write(nb, folder / f"{nb_path.stem}.md", fmt="md:myst")
        title = nb.cells[0].source.splitlines()[0].lstrip("# ").strip()
        lines.append(f"* {title}: {{download}}`notebook <chapters/{nb_path.name}>`, "
                     f"{{download}}`MyST text <downloads/{nb_path.stem}.md>`")
    with open(src / "intro.md", "a") as fh:
        fh.write("\n".join(lines) + "\n")


def refresh(root: Path) -> None:
    """Re-execute the committed chapter notebooks in place with their default parameters."""
    for c in chapter_paths(root):
        run_chapter(c, {}, output=c, cwd=c.parent)
        print(f"refreshed {c.relative_to(root)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nubrems.book", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute every chapter and build the HTML book")
    b.add_argument("--params", help="YAML parameter file (variant book in _build/<stem>/)")
    b.add_argument("--allow-warnings", action="store_true", help="do not treat Sphinx warnings as errors")
    b.add_argument("--pdf", choices=("auto", "require", "skip"), default="auto",
                   help="build the PDF too: when LaTeX is installed (auto), always, or never")
    sub.add_parser("refresh", help="re-execute the committed notebooks in place")
    args = parser.parse_args(argv)
    root = find_root()
    try:
        if args.command == "build":
            build(root, args.params, warnings_as_errors=not args.allow_warnings, pdf=args.pdf)
        else:
            refresh(root)
    except ValueError as err:
        print(f"nubrems.book: error: {err}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError:
        print("nubrems.book: error: jupyter-book build failed (Sphinx warnings count as errors; "
              "see the messages above)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
