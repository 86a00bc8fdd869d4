"""``nubrems info`` (the constants, with sources, and the default parameters) and
``nubrems params`` (every parameter: unit, default, allowed range, chapters, meaning)."""

from __future__ import annotations

import argparse

from nubrems.cli.options import JSON_HELP, ParserT, emit
from nubrems.core import catalogue as P
from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.core.version import __version__

__all__ = ["cmd_info", "cmd_params", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``info`` and ``params`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("info", help="constants and the default parameters",
                              description="Physical constants (CODATA 2022) and the baseline physics parameters.")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_info)

    p = subparsers.add_parser("params", help="every parameter: unit, default, allowed range, chapters",
                              description="List every parameter of the book and the CLI with its unit, default, "
                                          "allowed range (and why), the chapters that use it and its meaning.")
    p.add_argument("--chapter", help="only the parameters of this chapter (e.g. 05_rates or 05)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_params)


def cmd_info(args: argparse.Namespace) -> None:
    """``nubrems info``: the constants (CODATA 2022) and the default physics parameters.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``json``).
    """
    consts = C.summary()
    defaults = Params().as_dict()
    lines = [f"nubrems {__version__}", "constants (CODATA 2022 via scipy.constants; mu_B = e/(2 m_e)):"]
    lines += [f"  {k:40s} {v:.10g}" if isinstance(v, float) else f"  {k:40s} {v}" for k, v in consts.items()]
    lines += ["default (baseline) physics parameters; `nubrems params` lists every parameter:"]
    lines += [f"  {k:40s} {v}" for k, v in defaults.items()]
    emit(args, {"version": __version__, "constants": consts, "defaults": defaults}, lines)


def cmd_params(args: argparse.Namespace) -> None:
    """``nubrems params``: every parameter of the catalogue, or those of one chapter.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``chapter``, ``json``).
    """
    rows = P.reference_rows()
    if args.chapter:
        chapter = P.chapter_parameters(_chapter_stem(args.chapter))   # validates the name
        rows = [r for r in rows if r["name"] in chapter]
    lines = []
    for r in rows:
        unit = f" [{r['unit']}]" if r["unit"] else ""
        lines += [f"{r['name']}{unit}: {r['meaning']}",
                  f"    default {r['default']}; allowed {r['allowed']}",
                  f"    chapters: {r['chapters']}"]
        if r["why"]:
            lines.append(f"    range: {r['why']}")
        if r["note"]:
            lines.append(f"    why this default: {r['note']} ({r['cite']})")
    emit(args, {"parameters": rows}, lines)


def _chapter_stem(text: str) -> str:
    for stem in P.CHAPTERS:
        if text in (stem, stem + ".ipynb") or stem.startswith(text + "_"):
            return stem
    raise P.ParameterError(f"unknown chapter {text!r}; chapters: {', '.join(P.CHAPTERS)}")
