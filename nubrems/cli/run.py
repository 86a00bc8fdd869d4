"""``nubrems run``: execute one chapter notebook through papermill with validated parameters
(needs the book extra, ``pip install 'nubrems[book]'``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from nubrems.cli.options import ParserT
from nubrems.core import catalogue as P

__all__ = ["cmd_run", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``run`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("run", help="execute a chapter notebook with papermill",
                              formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_epilog(),
                              description="Execute one chapter with validated parameters. Every value is "
                                          "checked before a kernel starts; the executed notebook and its "
                                          "figure data (figure_data/CHAPTER/*.csv) appear only if the "
                                          "chapter succeeds; chapters/ is never written.")
    p.add_argument("chapter", help="chapter name (e.g. 01_kinematics or 01) or notebook path")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a parameter of this chapter (repeatable); lists as 0.3,1,10")
    p.add_argument("-f", "--file", help="YAML parameter set (e.g. params/heavy.yaml); the chapter takes "
                                        "the names it declares")
    p.add_argument("-o", "--output", help="output notebook, outside chapters/ (default: "
                                          "_build/run/<chapter>.ipynb)")
    p.set_defaults(func=cmd_run)


def _epilog() -> str:
    lines = ["chapters and the parameters they declare (`nubrems params` explains each):"]
    for stem in P.CHAPTERS:
        lines.append(f"  {stem:18s} " + ", ".join(P.chapter_parameters(stem)))
    lines += ["", "examples:", "  nubrems run 01_kinematics -p m_nu_eV 0.8",
              "  nubrems run 05 -f params/heavy.yaml -o heavy-rates.ipynb",
              "  nubrems run 01 -p E_examples_MeV 0.5,2,8"]
    return "\n".join(lines)


def cmd_run(args: argparse.Namespace) -> None:
    """``nubrems run``: execute a chapter with the parameters of ``-f`` and ``-p``; print the notebook written.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``chapter``, ``parameter``, ``file``, ``output``).
    """
    try:
        from nubrems.book import build as book  # lazy: the book extra (papermill, ...), needed only here
        from nubrems.book import runner  # lazy: the book extra, as above
    except ImportError as err:
        raise P.ParameterError(f"nubrems run needs the book extra ({err.name} is missing): "
                               "pip install 'nubrems[book]'") from None

    chapter = runner.resolve_chapter(args.chapter)
    declared = P.chapter_parameters(chapter.stem)
    values: dict[str, Any] = {}
    set_parts = []
    if args.file:  # a book-wide set: this chapter takes the names it declares
        from_file = book.load_parameter_file(args.file)
        values = {k: v for k, v in from_file.items() if k in declared}
        set_parts.append(Path(args.file).stem)
    for name, text in args.parameter or []:  # explicit values must be this chapter's
        if name not in declared:
            raise P.ParameterError(f"-p {name}: unknown parameter for chapter {chapter.stem}; it takes: "
                                   f"{', '.join(declared)}")
        try:
            values[name] = runner.parse_cli_value(name, text, chapter.stem)
        except P.ParameterError as err:
            raise P.ParameterError(f"-p {err}") from None
    if args.parameter:
        set_parts.append("command line")
    out = runner.run_chapter(chapter, values, output=args.output,
                             set_name=" + ".join(set_parts) if set_parts else None)
    print(f"wrote {out}")
