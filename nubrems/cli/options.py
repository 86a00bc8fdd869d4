"""Options shared by the subcommands of ``nubrems``: argparse types that check values
against the parameter catalogue (messages name the option), and the options that choose
where parallel work runs (``--jobs``, ``--scheduler``; see :mod:`nubrems.core.executors`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from nubrems.core import catalogue as P
from nubrems.core.executors import default_jobs

__all__ = ["add_parallel_options", "catalogue_type", "jobs_type"]


def catalogue_type(option: str, name: str, chapter: str | None = None) -> Callable[[str], Any]:
    """An argparse type that validates through the catalogue entry ``name`` and names ``option``."""
    spec = P.get(name)

    def parse(text: str) -> Any:
        try:
            return spec.validate(text, chapter)
        except P.ParameterError as err:
            raise argparse.ArgumentTypeError(str(err).replace(f"{name} = ", "", 1)) from None

    parse.__name__ = option   # argparse shows it in "invalid <name> value" messages
    return parse


def jobs_type(text: str) -> int:
    """``--jobs``: a number of worker processes, at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: not an integer; allowed: an integer >= 1") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{jobs}: allowed: an integer >= 1")
    return jobs


def add_parallel_options(p: argparse.ArgumentParser, what: str) -> None:
    """``--jobs`` and ``--scheduler``: how the independent ``what`` run."""
    p.add_argument("--jobs", type=jobs_type, default=None, metavar="N",
                   help=f"processes that compute the {what} in parallel (default: all {default_jobs()} "
                        "cores; 1: in this process; results are bit-identical for any N)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (e.g. tcp://host:8786; default: the environment "
                        "variable DASK_SCHEDULER_ADDRESS, unless --jobs is given, else this machine)")
