"""Running one chapter notebook through papermill, safely.

:func:`run_chapter` checks every parameter against the catalogue (:mod:`nubrems.core.catalogue`)
and the output location *before* a kernel starts, executes the chapter in a private
temporary folder beside the output, and only on success moves the executed notebook and
its figure data (CSV) into place. A failure inside the chapter raises
:class:`ChapterError`, whose one-line message names the chapter, the cell and the cause
and points to a log file with the full traceback; nothing is left half-written. The
committed notebooks in ``chapters/`` are never an output, except through
:func:`refresh` (``make notebooks``).
"""

from __future__ import annotations

import ast
import contextlib
import datetime as _dt
import os
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat
from nbformat import NotebookNode

from nubrems.book import KERNEL_PRELUDE
from nubrems.book.chapter import ENV_FIGURE_DATA, ENV_SET
from nubrems.core import catalogue as P
from nubrems.core.errors import ChapterError, OutputError
from nubrems.core.files import probe_writable

if TYPE_CHECKING:
    from papermill import PapermillExecutionError

__all__ = ["ChapterError", "OutputError", "chapter_paths", "declared_parameters", "find_root",
           "glued_values", "resolve_chapter", "run_chapter", "refresh", "parse_cli_value", "parameters_cell",
           "check_output"]


def find_root(start: Path | None = None) -> Path:
    """The project root: the nearest folder upwards that holds ``_toc.yml``."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "chapters").is_dir():
            return folder
    package_root = Path(__file__).resolve().parents[2]   # an editable install: the checkout
    if (package_root / "_toc.yml").is_file():
        return package_root
    raise OutputError(f"no nubrems book (a folder with _toc.yml and chapters/) found above {here}")


def chapter_paths(root: Path) -> list[Path]:
    """The chapter notebooks, in book order (file names start with their number)."""
    return sorted((root / "chapters").glob("[0-9][0-9]_*.ipynb"))


def resolve_chapter(chapter: str | Path, root: Path | None = None) -> Path:
    """A chapter given as a path, a file name, a stem such as ``01_kinematics`` or ``01``."""
    path = Path(chapter)
    if path.suffix == ".ipynb" and path.is_file():
        return path.resolve()
    root = root or find_root()
    for candidate in chapter_paths(root):
        if path.name in (candidate.name, candidate.stem) or candidate.stem.startswith(path.name + "_"):
            return candidate
    names = ", ".join(p.stem for p in chapter_paths(root))
    raise P.ParameterError(f"unknown chapter {str(chapter)!r}; chapters: {names}")


def parameters_cell(nb: NotebookNode) -> int:
    """Index of the cell tagged ``parameters``; a chapter without one is an error."""
    for i, cell in enumerate(nb.cells):
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            return i
    raise P.ParameterError("notebook has no cell tagged 'parameters'")


def declared_parameters(path: Path) -> dict[str, str]:
    """Names and default values (as source text) of a notebook's ``parameters`` cell."""
    import papermill  # lazy: the [book] extra

    nb = nbformat.read(path, as_version=4)
    parameters_cell(nb)  # raises if the tag is missing
    return {name: info["default"] for name, info in papermill.inspect_notebook(str(path)).items()}


def parse_cli_value(name: str, text: str, chapter: str | None = None) -> Any:
    """A ``-p NAME VALUE`` value, parsed by the parameter's kind (never YAML guessing) and
    checked against ``chapter``'s range.

    "2e1" is the number 20 for a float parameter, "true" is refused for a number, a list
    is written "0.3,1,10" or "[0.3, 1, 10]".
    """
    return P.get(name).validate(text, chapter)


def glued_values(path: Path) -> dict[str, str]:
    """Name -> what a reader of the built page sees for every myst-nb glue output of an
    executed notebook: the Markdown of ``{glue:md}`` values, else the text of ``{glue:text}``
    (myst-nb literal-evaluates the stored repr, which removes the quotes of strings)."""
    nb = nbformat.read(path, as_version=4)
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            record = o.get("metadata", {}).get("scrapbook", {})
            prefix = record.get("mime_prefix", "")
            data = o.get("data", {})
            if not record.get("name"):
                continue
            if prefix + "text/markdown" in data:
                out[record["name"]] = data[prefix + "text/markdown"]
            elif prefix + "text/plain" in data:
                text = data[prefix + "text/plain"]
                with contextlib.suppress(SyntaxError, ValueError):
                    text = str(ast.literal_eval(text))
                out[record["name"]] = text
    return out


_ASSIGNMENT = re.compile(r"^(\s*)([A-Za-z_]\w*)(\s*=\s*)(.*?)(\s*#.*)?$")


def _show_values_used(nb: NotebookNode, values: Mapping[str, Any]) -> None:
    """Write the values a run used into the chapter's parameters cell, each with its default
    in the comment, and drop papermill's injected cell: a reader sees one truthful cell."""
    injected = [i for i, c in enumerate(nb.cells) if "injected-parameters" in c.metadata.get("tags", [])]
    if not injected or not values:
        return
    cell = nb.cells[parameters_cell(nb)]
    lines = []
    for line in cell.source.splitlines():
        m = _ASSIGNMENT.match(line)
        if m and m.group(2) in values:
            indent, name, eq, default, comment = m.groups()
            column = len(line) - len(comment.lstrip()) if comment else 0   # where the comment starts
            comment = (comment or "").strip()
            comment = f"{comment}; default {default.strip()}" if comment else f"# default {default.strip()}"
            code = f"{indent}{name}{eq}{values[name]!r}"
            line = f"{code.ljust(column - 1) if len(code) < column - 1 else code + ' '} {comment}"
        lines.append(line)
    cell.source = "\n".join(lines)
    for i in reversed(injected):
        del nb.cells[i]


def _clean_notebook(path: Path, values: Mapping[str, Any] | None = None) -> None:
    """Show the values used in the parameters cell, and remove papermill's timestamps and
    durations so re-runs give identical files."""
    nb = nbformat.read(path, as_version=4)
    _show_values_used(nb, values or {})
    nb.metadata.pop("papermill", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def check_output(out: Path, root: Path, allow_chapters: bool = False) -> Path:
    """Refuse outputs that would overwrite committed chapters, directories or unwritable places."""
    out = out.expanduser().resolve()
    if out.suffix != ".ipynb":
        raise OutputError(f"-o {out}: the output must be a notebook file ending in .ipynb")
    if out.is_dir():
        raise OutputError(f"-o {out}: is a directory; give a file name ending in .ipynb")
    chapters = (root / "chapters").resolve()
    if not allow_chapters and (out == chapters or chapters in out.parents):
        raise OutputError(f"-o {out}: refusing to write into chapters/ (the committed notebooks; "
                          "only `make notebooks` re-executes them)")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        probe_writable(out.parent)
    except OSError as err:
        raise OutputError(f"-o {out}: cannot write in {out.parent} ({err.strerror})") from None
    if out.exists() and not os.access(out, os.W_OK):
        raise OutputError(f"-o {out}: the file exists and is read-only")
    return out


@contextmanager
def _environment(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _log_failure(root: Path, chapter: str, values: Mapping[str, Any], err: PapermillExecutionError) -> Path:
    folder = root / "_build" / "logs"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _dt.datetime.now(_dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    log = folder / f"{chapter}-{stamp}.log"
    lines = [f"chapter: {chapter}", f"parameters: {dict(values)}", f"cell In [{err.exec_count}]:",
             err.source, "", *(_ANSI.sub("", t) for t in err.traceback)]
    log.write_text("\n".join(lines) + "\n")
    return log


def run_chapter(chapter: str | Path, values: Mapping[str, Any] | None = None, output: str | Path | None = None,
                set_name: str | None = None, allow_chapters: bool = False,
                figure_data: str | Path | None = None) -> Path:
    """Execute ``chapter`` with papermill, injecting ``values``; returns the output path.

    Parameters
    ----------
    chapter : str or Path
        A chapter name (``05_rates``, ``05``) or notebook path.
    values : mapping, optional
        Parameters to inject; every name must be one the chapter declares, and every value
        passes the catalogue (with the chapter's other defaults) before a kernel starts.
    output : path, optional
        The executed notebook (default ``_build/run/<chapter>.ipynb``); its figure data go
        to ``figure_data/<chapter>/`` beside it.
    set_name : str, optional
        The parameter set the chapter header names (default: "baseline" or "custom").
    allow_chapters : bool
        Permit an output inside ``chapters/`` (only :func:`refresh` does).
    figure_data : path, optional
        The folder that receives ``<chapter>/<figure>.csv`` (default: ``figure_data``
        beside the output).

    Raises
    ------
    ParameterError, OutputError
        Bad values or output location, before anything runs.
    ChapterError
        The chapter failed; one line with the cell, the cause and the log file.
    """
    import papermill  # lazy: the [book] extra

    src = resolve_chapter(chapter)
    root = find_root(src.parent)
    values = dict(values or {})
    canonical = P.validate(values, src.stem, where=src.stem)      # refuses unknown names too
    P.validate(values, src.stem, complete=True, where=src.stem)   # consistency with the defaults
    out = check_output(Path(output) if output else root / "_build" / "run" / src.name, root, allow_chapters)
    out.parent.mkdir(parents=True, exist_ok=True)
    data_folder = Path(figure_data) if figure_data else out.parent / "figure_data"
    scratch = root / "_build" if allow_chapters else out.parent   # never a temporary folder in chapters/
    scratch.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".nubrems-run-", dir=scratch))
    try:
        tmp_nb, tmp_data = tmp / src.name, tmp / "figure_data"
        env = {ENV_FIGURE_DATA: str(tmp_data)}
        if set_name:
            env[ENV_SET] = set_name
        with _environment(**env):
            try:
                papermill.execute_notebook(str(src), str(tmp_nb), parameters=canonical, cwd=str(tmp),
                                           progress_bar=False, log_output=False,
                                           # one write at the end, not one per cell (each validates the notebook)
                                           request_save_on_cell_execute=False,
                                           # the kernel's start-up chatter is not the reader's business
                                           extra_arguments=["--IPKernelApp.log_level=CRITICAL",
                                                            f"--IPKernelApp.exec_lines={KERNEL_PRELUDE}"])
            except papermill.PapermillExecutionError as err:
                log = _log_failure(root, src.stem, values, err)
                cause = _ANSI.sub("", f"{err.ename}: {err.evalue}").splitlines()[0]
                first = (err.source.strip().splitlines() or [""])[0][:60]
                raise ChapterError(f"chapter {src.stem} failed in cell In [{err.exec_count}] "
                                   f"({first!r}): {cause} (full traceback: {log})") from None
        _clean_notebook(tmp_nb, canonical)
        target = data_folder / src.stem
        produced = tmp_data / src.stem
        if target.exists():
            shutil.rmtree(target)
        if produced.is_dir():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(produced, target)
        os.replace(tmp_nb, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return out


def refresh(root: Path, chapters: list[str] | None = None) -> list[Path]:
    """Re-execute committed chapter notebooks in place with their defaults (``make notebooks``).

    Figure data of these runs go to ``_build/refresh/figure_data`` (never into chapters/).
    """
    done = []
    for c in [resolve_chapter(c, root) for c in chapters] if chapters else chapter_paths(root):
        run_chapter(c, {}, output=c, allow_chapters=True,
                    figure_data=root / "_build" / "refresh" / "figure_data")
        done.append(c)
    return done
