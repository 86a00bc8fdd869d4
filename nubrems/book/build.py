"""Building the book: executed chapters, parameter sets, editions, HTML and PDF.

* :func:`build` validates a parameter file completely, stages the book sources with every
  chapter executed (:func:`stage`, atomic, reused while nothing changed), adds the
  generated parameter reference and the statement of the parameter set, and runs
  Jupyter Book for the PDF and the HTML.
* The *student edition* (``--edition student``) is the same executed book with the
  exercise solutions removed, and writes student notebooks (no solutions, no outputs).
* :func:`nubrems.book.runner.refresh` re-executes the committed notebooks (``make notebooks``).

Command line (used by the Makefile)::

    python -m nubrems.book build [--params FILE] [--edition full|student] [--pdf auto|require|skip]
    python -m nubrems.book refresh [CHAPTER ...]
    python -m nubrems.book preview CHAPTER [--params FILE]

Layout: the baseline book in ``_build/html`` and ``_build/latex/nubrems.pdf`` (sources in
``_build/src``); a variant from ``params/NAME.yaml`` in ``_build/NAME/_build/...``; the
student edition in ``_build/student/`` (or ``_build/NAME/student/``) with its notebooks in
``notebooks/``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import as_completed
from pathlib import Path
from typing import Any

import nbformat
import yaml
from nbformat import NotebookNode

from nubrems.book.runner import chapter_paths, find_root, refresh, resolve_chapter, run_chapter
from nubrems.core import catalogue as P
from nubrems.core.errors import BuildError, ChapterError, exit_status
from nubrems.core.executors import default_jobs, executor

__all__ = ["BOOK_FOLDERS", "BOOK_SOURCES", "EDITIONS", "LATEX_PACKAGES", "REFERENCE_PAGE", "RESERVED", "STAMP",
           "add_downloads", "build", "check_inputs", "load_parameter_file", "main", "make_student_edition",
           "output_root", "preview", "set_name_of", "stage", "strip_solutions", "validate_book_values",
           "write_front_page_note", "write_reference_page"]

#: Files of the book besides the chapter notebooks.
BOOK_SOURCES = ("_config.yml", "_toc.yml", "intro.md", "conventions.md", "glossary.md", "instructors.md",
                "references.md", "references.bib", "nubrems_sphinx.py", "api.rst")
#: Folders of the book (copied whole): style sheets, the template of the API reference's pages.
BOOK_FOLDERS = ("_static", "_templates")
#: Page generated from the parameter catalogue at staging time.
REFERENCE_PAGE = "parameters.md"
#: Names a parameter file may not have (they are folders of the build).
RESERVED = {"student", "src", "html", "latex", "run", "logs", "refresh", "jupyter_execute", "_build"}
EDITIONS = ("full", "student")
LATEX_PACKAGES = "latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre"


# --- parameter files --------------------------------------------------------------------------
def load_parameter_file(path: str | Path) -> dict[str, Any]:
    """Read and completely validate a YAML parameter file (book-wide names).

    Every name must be declared by some chapter; each chapter's subset must pass the
    catalogue together with that chapter's other defaults. Raises ParameterError (one
    line) for a missing, unreadable, malformed or empty file, or any bad value.
    """
    path = Path(path)
    if not path.exists():
        raise P.ParameterError(f"{path}: no such parameter file")
    if path.is_dir():
        raise P.ParameterError(f"{path}: is a directory, not a YAML parameter file")
    try:
        text = path.read_text()
    except (OSError, UnicodeDecodeError) as err:
        raise P.ParameterError(f"{path}: cannot be read ({err.__class__.__name__})") from None
    try:
        values = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "syntax error"
        raise P.ParameterError(f"{path}: not valid YAML{where}: {problem}") from None
    if values is None:
        raise P.ParameterError(f"{path}: the file sets no parameter; it would only repeat the baseline "
                               "(build that with plain `make book`)")
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise P.ParameterError(f"{path}: a parameter file must be a YAML mapping of name: value")
    validate_book_values(values, str(path))
    return values


def validate_book_values(values: dict[str, Any], where: str) -> None:
    """Check book-wide values against every chapter that declares them."""
    known = P.PARAMETERS
    unknown = [n for n in values if n not in known]
    if unknown:
        raise P.ParameterError(f"{where}: unknown parameter(s) {', '.join(unknown)}; "
                               f"known: {', '.join(known)}")
    loose = [n for n in values if not known[n].chapters]
    if loose:
        raise P.ParameterError(f"{where}: no chapter declares {', '.join(loose)} (set in Python, nubrems.Params, "
                               "or with nubrems rate --flavours 3)")
    for chapter in P.CHAPTERS:
        mine = {k: v for k, v in values.items() if chapter in known[k].chapters}
        if mine:
            P.validate(mine, chapter, complete=True, where=f"{where} (chapter {chapter})")


def set_name_of(params_file: str | Path | None) -> str:
    """The parameter set's name: the file's stem, or "baseline"."""
    if params_file is None:
        return "baseline"
    name = Path(params_file).stem
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name) or name in RESERVED:
        raise P.ParameterError(f"{params_file}: the file name gives the set and its build folder, so it "
                               f"must be letters, digits, '-', '_' and not one of {', '.join(sorted(RESERVED))}")
    return name


# --- staging ---------------------------------------------------------------------------------
def _digest(root: Path, values: dict[str, Any], set_name: str) -> str:
    """A fingerprint of everything an executed chapter depends on."""
    h = hashlib.sha256(json.dumps([set_name, values], sort_keys=True, default=str).encode())
    files = [*chapter_paths(root), *(root / n for n in BOOK_SOURCES)]
    files += [f for n in BOOK_FOLDERS for f in sorted((root / n).rglob("*"))]
    files += sorted((root / "nubrems").rglob("*.py")) + sorted((root / "data").rglob("*"))
    for f in files:
        if f.is_file():
            h.update(str(f.relative_to(root)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


STAMP = ".nubrems-stage.json"


def _copy_sources(root: Path, dst: Path) -> None:
    """The book's files and folders besides the chapters."""
    for name in BOOK_SOURCES:
        shutil.copy2(root / name, dst / name)
    for name in BOOK_FOLDERS:
        shutil.copytree(root / name, dst / name, dirs_exist_ok=True)


def _execute(task: tuple[Path, dict[str, Any], Path, str]) -> float:
    """Run one chapter into the stage (in a worker process); returns its seconds."""
    chapter, values, output, set_name = task
    t0 = time.perf_counter()
    run_chapter(chapter, values, output=output, set_name=set_name)
    return time.perf_counter() - t0


def stage(root: Path, dst: Path, values: dict[str, Any] | None = None, set_name: str = "baseline",
          reuse: bool = True, jobs: int | None = None) -> list[tuple[str, float]]:
    """Copy the book sources to ``dst`` and execute every chapter into it.

    Each chapter receives the values it declares; chapters run in ``jobs`` parallel
    processes (default: all cores). The staging happens in a temporary sibling folder that
    replaces ``dst`` only when every chapter succeeded; when ``dst`` holds a stage of
    identical inputs it is reused. Returns (chapter, seconds).
    """
    values = dict(values or {})
    digest = _digest(root, values, set_name)
    stamp = dst / STAMP
    if reuse and stamp.is_file() and json.loads(stamp.read_text()).get("digest") == digest:
        return [(c.stem, 0.0) for c in chapter_paths(root)]
    tmp = dst.with_name(dst.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    (tmp / "chapters").mkdir(parents=True)
    timings = []
    try:
        _copy_sources(root, tmp)
        chapters = chapter_paths(root)
        tasks = [(c, {k: v for k, v in values.items() if c.stem in P.get(k).chapters},
                  tmp / "chapters" / c.name, set_name) for c in chapters]
        # chapters are independent: run them side by side, one process each (every run sets
        # its own environment for its kernel)
        # explicit jobs: staging runs on this machine, whatever DASK_SCHEDULER_ADDRESS says
        with executor(default_jobs() if jobs is None else jobs, tasks=len(tasks)) as ex:
            futures = {ex.submit(_execute, t): t[0].stem for t in tasks}
            for done in as_completed(futures):
                timings.append((futures[done], done.result()))
                print(f"executed {timings[-1][0]} in {timings[-1][1]:.1f} s", flush=True)
        timings.sort(key=lambda item: [c.stem for c in chapters].index(item[0]))
        write_reference_page(tmp / REFERENCE_PAGE)
        write_front_page_note(tmp / "intro.md", set_name, values)
        (tmp / STAMP).write_text(json.dumps({"digest": digest, "set": set_name, "values": values},
                                            default=str))
        shutil.rmtree(dst, ignore_errors=True)
        os.replace(tmp, dst)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if dst.parent.is_dir() and not any(dst.parent.iterdir()):
            dst.parent.rmdir()           # an interrupted first build leaves no empty folder
    return timings


def write_reference_page(path: Path) -> None:
    """The appendix page listing every parameter, generated from the catalogue."""
    lines = ["# Parameter reference", "",
             "Every knob of the book, generated from the package's parameter catalogue "
             "(`nubrems.core.catalogue`; also `nubrems params`). Each chapter declares its knobs in "
             "a cell tagged `parameters`; a value outside its allowed range stops the run "
             "before anything is computed, with a one-line message that names it.", "",
             "Change them for one chapter with `nubrems run CHAPTER -p NAME VALUE` (or "
             "`-f FILE.yaml`), or for the whole book with `make book PARAMS=params/NAME.yaml`; "
             "the chapters that do not declare a name ignore it.", ""]
    for row in P.reference_rows():
        unit = f" [{row['unit']}]" if row["unit"] else ""
        why = f" ({row['why']})" if row["why"] else ""
        note = f" ({row['note']} {{cite}}`{row['cite']}`)" if row["note"] else ""
        lines += [f"`{row['name']}`{unit}",
                  f":   {row['meaning'][0].upper() + row['meaning'][1:]}. "
                  f"**Default** {row['default']}{note}. **Allowed** {row['allowed']}{why}. "
                  f"**Chapters** {row['chapters']}.", ""]
    path.write_text("\n".join(lines))


def write_front_page_note(intro: Path, set_name: str, values: dict[str, Any], edition: str = "full") -> None:
    """State the parameter set (and edition) under the title of the staged front page."""
    if values:
        diffs = []
        for name, value in values.items():
            canonical = P.get(name).validate(value)
            default = P.get(name).default_for()
            if isinstance(default, dict) or P.differences({name: canonical}):
                shown = P.describe_value(name, canonical)
                base = "" if isinstance(P.get(name).default, dict) else f" (baseline {P.describe_value(name, default)})"
                diffs.append(f"`{name}` = {shown}{base}")
        body = ("it sets " + "; ".join(diffs)) if diffs else "its values are those of the baseline"
        note = (f"> **This book was built with the parameter set {set_name}** "
                f"(`params/{set_name}.yaml`): {body}. Every chapter states its own parameters "
                "at the top; the appendix *Parameter reference* lists them all.")
    else:
        note = ("> **This book was built with the baseline parameter set**: every parameter has "
                "its default value (listed in the appendix *Parameter reference*).")
    if edition == "student":
        note += "\n>\n> **Student edition**: the exercises are here, their solutions are not."
    lines = intro.read_text().splitlines()
    title = next(i for i, line in enumerate(lines) if line.startswith("# "))
    intro.write_text("\n".join([*lines[:title + 1], "", note, *lines[title + 1:]]) + "\n")


# --- the student edition ---------------------------------------------------------------------
def strip_solutions(nb: NotebookNode) -> int:
    """Remove every solution (the cells from ``solution-start`` to ``solution-end``); returns
    how many were removed."""
    keep, inside, removed = [], False, 0
    for cell in nb.cells:
        text = cell.source if cell.cell_type == "markdown" else ""
        if "{solution-start}" in text:
            inside, removed = True, removed + 1
        if not inside:
            keep.append(cell)
        if inside and "{solution-end}" in text:
            inside = False
    nb.cells = keep
    return removed


def make_student_edition(root: Path, full_src: Path, dst: Path, notebooks: Path, set_name: str,
                         values: dict[str, Any]) -> None:
    """Copy an executed stage without solutions; write student notebooks without outputs."""
    tmp = dst.with_name(dst.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(full_src, tmp, ignore=shutil.ignore_patterns("downloads"))  # the full edition's
    config = yaml.safe_load((tmp / "_config.yml").read_text())
    config.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
    (tmp / "_config.yml").write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True))
    shutil.copy2(root / "intro.md", tmp / "intro.md")          # without the full edition's downloads
    write_front_page_note(tmp / "intro.md", set_name, values, edition="student")
    notebooks_tmp = notebooks.with_name(notebooks.name + ".partial")
    shutil.rmtree(notebooks_tmp, ignore_errors=True)
    notebooks_tmp.mkdir(parents=True)
    try:
        for path in chapter_paths(tmp):
            nb = nbformat.read(path, as_version=4)
            strip_solutions(nb)
            nbformat.write(nb, path)
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
            nbformat.write(nb, notebooks_tmp / path.name)
        (tmp / STAMP).unlink(missing_ok=True)
        for old, new in ((dst, tmp), (notebooks, notebooks_tmp)):
            shutil.rmtree(old, ignore_errors=True)
            os.replace(new, old)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(notebooks_tmp, ignore_errors=True)


# --- Jupyter Book ----------------------------------------------------------------------------
def _jupyter_book(src: Path, out_root: Path, builder: str, warnings_as_errors: bool) -> None:
    jb = Path(sys.executable).parent / "jupyter-book"  # the console script beside this Python
    cmd = [str(jb), "build", str(src), "--path-output", str(out_root), "--builder", builder]
    if warnings_as_errors:
        cmd += ["-W", "-n", "--keep-going"]
    # its own session: Ctrl-C reaches only us, and we stop it (subprocess.run kills it on
    # KeyboardInterrupt) instead of Sphinx printing its own traceback
    if subprocess.run(cmd, start_new_session=True).returncode != 0:
        raise BuildError("jupyter-book build failed (Sphinx warnings count as errors; see the messages above)")


def add_downloads(src: Path, pdf_file: Path | None) -> None:
    """Offer every chapter as a notebook and as MyST text, and the book as PDF.

    Writes jupytext MyST versions of the staged chapters to ``src/downloads`` and
    appends a Downloads section with download links to the staged front page.
    """
    import jupytext  # lazy: the [book] extra

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
    intro = src / "intro.md"
    text = intro.read_text()
    if "{rubric} Downloads" not in text:
        intro.write_text(text + "\n".join(lines) + "\n")


def output_root(root: Path, set_name: str, edition: str) -> Path:
    """Where a book goes: ``_build`` (baseline), ``_build/NAME`` and ``.../student``."""
    base = root if set_name == "baseline" and edition == "full" else root / "_build"
    if set_name != "baseline":
        base = base / set_name
    return base / "student" if edition == "student" else base


def check_inputs(params_file: str | None, edition: str) -> None:
    """Everything ``make book PARAMS=FILE EDITION=NAME`` needs to know is valid, or one error."""
    if edition not in EDITIONS:
        raise P.ParameterError(f"EDITION = {edition!r}: allowed: {', '.join(EDITIONS)}")
    if params_file:
        set_name_of(params_file)
        load_parameter_file(params_file)


def build(root: Path, params_file: str | None = None, warnings_as_errors: bool = True,
          pdf: str = "auto", edition: str = "full") -> Path:
    """Execute all chapters (or reuse them), then build the PDF and the HTML book.

    Returns the HTML folder. ``pdf`` is "auto" (build it when pdflatex and latexmk are
    installed, else warn and skip), "require" or "skip".
    """
    if pdf not in ("auto", "require", "skip"):
        raise P.ParameterError(f"pdf must be 'auto', 'require' or 'skip'; got {pdf!r}")
    check_inputs(params_file, edition)
    set_name = set_name_of(params_file)
    values = load_parameter_file(params_file) if params_file else {}
    full_root = output_root(root, set_name, "full")
    full_src = (full_root / "src") if set_name != "baseline" else root / "_build" / "src"
    stage(root, full_src, values, set_name)
    out_root, src = full_root, full_src
    if edition == "student":
        out_root = output_root(root, set_name, "student")
        src = out_root / "src"
        make_student_edition(root, full_src, src, out_root / "notebooks", set_name, values)
        print(f"student notebooks: {out_root / 'notebooks'}", flush=True)
    have_latex = all(shutil.which(tool) for tool in ("pdflatex", "latexmk"))
    if pdf == "require" and not have_latex:
        raise P.ParameterError(f"the PDF needs LaTeX: apt-get install --no-install-recommends {LATEX_PACKAGES}")
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


def _placeholder_figure_data(root: Path, chapter: Path, folder: Path) -> None:
    """The figure data a committed chapter links: from its last refresh, else a stub."""
    text = "\n".join(c.source for c in nbformat.read(chapter, as_version=4).cells
                     if c.cell_type == "markdown")
    for name in re.findall(rf"figure_data/{chapter.stem}/([\w.-]+\.csv)", text):
        target = folder / chapter.stem / name
        target.parent.mkdir(parents=True, exist_ok=True)
        refreshed = root / "_build" / "refresh" / "figure_data" / chapter.stem / name
        if refreshed.is_file():
            shutil.copy2(refreshed, target)
        else:
            target.write_text("# preview: this chapter was not executed\n")


def preview(root: Path, chapter: str, params_file: str | None = None) -> Path:
    """Execute one chapter and build the HTML book around it (warnings are errors).

    For authors: ``python -m nubrems.book preview 05_rates [--params FILE]`` writes
    ``_build/preview/<chapter>/_build/html``. Only that chapter is executed; the others are
    the committed notebooks as they are, so that references between chapters resolve.
    """
    path = resolve_chapter(chapter, root)
    set_name = set_name_of(params_file)
    values = load_parameter_file(params_file) if params_file else {}
    out_root = root / "_build" / "preview" / path.stem
    src = out_root / "src"
    shutil.rmtree(src, ignore_errors=True)
    (src / "chapters").mkdir(parents=True)
    _copy_sources(root, src)
    for other in chapter_paths(root):
        if other != path:
            shutil.copy2(other, src / "chapters" / other.name)
            _placeholder_figure_data(root, other, src / "chapters" / "figure_data")
    write_reference_page(src / REFERENCE_PAGE)
    mine = {k: v for k, v in values.items() if path.stem in P.get(k).chapters}
    run_chapter(path, mine, output=src / "chapters" / path.name, set_name=set_name)
    write_front_page_note(src / "intro.md", set_name, values)
    # the other chapters are whatever is committed: only this chapter's warnings count
    jb = Path(sys.executable).parent / "jupyter-book"
    run = subprocess.run([str(jb), "build", str(src), "--path-output", str(out_root), "--builder", "html",
                          "-n", "--keep-going"], capture_output=True, text=True, start_new_session=True)
    warned = [line for line in (run.stdout + run.stderr).splitlines()
              if f"chapters/{path.stem}.ipynb" in line and ("WARNING" in line or "ERROR" in line)]
    if run.returncode != 0 or warned:
        print("\n".join(warned) or run.stderr[-3000:], file=sys.stderr)
        raise ChapterError(f"preview of {path.stem}: {len(warned)} Sphinx warning(s) in this chapter"
                           if warned else f"preview of {path.stem}: jupyter-book failed")
    html = out_root / "_build" / "html" / "chapters" / f"{path.stem}.html"
    print(f"preview: {html}", flush=True)
    return html


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nubrems.book",
                                     description="Execute the chapters and build the nubrems book.")
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="execute every chapter and build the HTML (and PDF) book")
    b.add_argument("--params", help="YAML parameter file (variant book in _build/<stem>/)")
    b.add_argument("--edition", default="full", help="full (default) or student (solutions removed)")
    b.add_argument("--allow-warnings", action="store_true", help="do not treat Sphinx warnings as errors")
    b.add_argument("--pdf", choices=("auto", "require", "skip"), default="auto",
                   help="build the PDF too: when LaTeX is installed (auto), always, or never")
    r = sub.add_parser("refresh", help="re-execute the committed notebooks in place (make notebooks)")
    r.add_argument("chapters", nargs="*", help="chapter names (default: all)")
    c = sub.add_parser("check", help="validate a parameter file and edition without building")
    c.add_argument("--params", help="YAML parameter file")
    c.add_argument("--edition", default="full", help="full or student")
    v = sub.add_parser("preview", help="execute one chapter and build its HTML page (for authors)")
    v.add_argument("chapter", help="chapter name, e.g. 05_rates")
    v.add_argument("--params", help="YAML parameter file")
    args = parser.parse_args(argv)

    def work() -> None:
        root = find_root()
        if args.command == "build":
            build(root, args.params or None, warnings_as_errors=not args.allow_warnings, pdf=args.pdf,
                  edition=args.edition)
        elif args.command == "check":
            check_inputs(args.params or None, args.edition)
        elif args.command == "preview":
            preview(root, args.chapter, args.params or None)
        else:
            for path in refresh(root, args.chapters):
                print(f"refreshed {path.relative_to(root)}")

    return exit_status("nubrems.book", work)


if __name__ == "__main__":
    sys.exit(main())
