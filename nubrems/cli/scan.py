"""``nubrems scan``: photon rates on a grid of physics parameters, the points in parallel on
this machine or on a Dask cluster, one CSV row per point. The grid, the computation and the
CSV are :mod:`nubrems.studies.scan` (which documents the grid file and the columns); this
module is its command line."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nubrems.cli.options import ParserT, add_parallel_options, catalogue_type
from nubrems.core import catalogue as P
from nubrems.core import executors
from nubrems.core.version import __version__
from nubrems.studies.scan import (
    MAX_POINTS,
    ScanPoint,
    check_components,
    check_output,
    components_of,
    load_grid,
    run_scan,
    units,
    write_csv,
)

__all__ = ["cmd_scan", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``scan`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser(
        "scan", help="photon rates on a grid of physics parameters, in parallel (CSV)",
        formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_epilog(),
        description="Photons per km^3 and year (photon_rate, vegas) at every point of a grid of physics\n"
                    "parameters, the points in parallel on this machine or on a Dask cluster; one CSV row\n"
                    "per point. Every point is validated before any work starts.")
    p.add_argument("--grid", required=True, metavar="FILE.yaml", help="the grid file (YAML)")
    p.add_argument("--out", metavar="FILE.csv", help="the CSV to write (atomically; its folder is created "
                                                     "if needed); required unless --json")
    rtol, seed = P.get("rtol"), P.get("seed")
    p.add_argument("--rtol", type=catalogue_type("--rtol", "rtol", "05_rates"), default=1e-2, metavar="R",
                   help=f"relative Monte Carlo precision per solar component; {rtol.allowed('05_rates')} "
                        "(default 0.01)")
    p.add_argument("--seed", type=catalogue_type("--seed", "seed"), default=1, metavar="S",
                   help=f"vegas seed of every point (component c: seed + its index); {seed.allowed()} "
                        "(default 1)")
    add_parallel_options(p, "points")
    p.add_argument("--components", type=_components, default=None, metavar="LIST",
                   help="comma-separated solar components to include (default: all)")
    p.add_argument("--json", action="store_true", help="print the rows (and units) as JSON")
    p.set_defaults(func=cmd_scan)


def _epilog() -> str:
    return ("grid file (YAML): parameter name -> value or list of values; the cartesian product runs,\n"
            "the first name varying slowest. Example (params/scans/example.yaml):\n"
            "  m_nu_eV: [0.1, 0.8]\n  mu_nu_muB: [6.0e-12, SM]\n  xi: 100.0\n"
            f"names: {', '.join(P.PHYSICS[:5])},\n  {', '.join(P.PHYSICS[5:])} "
            "(`nubrems params` gives units and ranges);\n"
            f"at most {MAX_POINTS} points. Every point uses the same --seed: rows are bit-identical\n"
            "whatever --jobs or the cluster. On a cluster: `dask scheduler`, then on each machine\n"
            "`dask worker tcp://HOST:8786 --nthreads 1 --nworkers N` (same nubrems installed), then\n"
            "--scheduler tcp://HOST:8786 or DASK_SCHEDULER_ADDRESS=tcp://HOST:8786.")


def _components(text: str) -> tuple[str, ...]:
    try:
        return check_components([c.strip() for c in text.split(",") if c.strip()])
    except P.ParameterError as err:
        raise argparse.ArgumentTypeError(str(err).replace("components = ", "", 1)) from None


def _where(args: argparse.Namespace) -> str:
    """Where the points run, for the summary line."""
    address = args.scheduler or (os.environ.get(executors.ENV_SCHEDULER) if args.jobs is None else None)
    if address:
        return f"on the Dask scheduler at {address}"
    jobs = executors.default_jobs() if args.jobs is None else args.jobs
    return "in this process" if jobs == 1 else f"in {jobs} local processes"


def cmd_scan(args: argparse.Namespace) -> None:
    """``nubrems scan``: validate everything, run the points, write CSV and/or JSON.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``grid``, ``out``, ``rtol``, ``seed``, ``jobs``, ``scheduler``,
        ``components``, ``json``).
    """
    points = load_grid(args.grid)
    if not args.out and not args.json:
        raise P.ParameterError("--out: give an output file (--out results.csv), --json, or both")
    out = check_output(args.out) if args.out else None
    if out is not None and out.exists() and out.resolve() == Path(args.grid).resolve():
        raise P.ParameterError(f"--out {args.out}: is the grid file itself")
    if args.jobs is not None and args.scheduler:
        print("nubrems: note: --jobs is ignored: the points run on the Dask scheduler given by --scheduler",
              file=sys.stderr)
    start = time.perf_counter()
    rows = _run(args, points)
    seconds = time.perf_counter() - start
    if out is not None:
        write_csv(rows, out)
    _report(args, rows, out, seconds)


def _run(args: argparse.Namespace, points: Sequence[ScanPoint]) -> list[dict[str, Any]]:
    """The rows of ``points``; an unreachable Dask scheduler becomes one line that names its source."""
    env_address = os.environ.get(executors.ENV_SCHEDULER) if args.jobs is None else None
    try:
        return run_scan(points, rtol=args.rtol, seed=args.seed, jobs=args.jobs, scheduler=args.scheduler,
                        components=args.components)
    except (OSError, ValueError) as err:  # a point's own failure is a ScanPointError and passes
        address = args.scheduler or env_address
        if not address or isinstance(err, P.ParameterError):
            raise
        source = "--scheduler" if args.scheduler else executors.ENV_SCHEDULER
        raise P.ParameterError(f"{source} {address}: no Dask scheduler to use there "
                               f"({err.__class__.__name__}: {err})") from None


def _report(args: argparse.Namespace, rows: list[dict[str, Any]], out: Path | None, seconds: float) -> None:
    """The warning for points short of --rtol, the JSON (with --json) and the summary line."""
    short = sum(not r["rtol_reached"] for r in rows)
    if short:
        print(f"nubrems: warning: {short} of {len(rows)} points reached vegas' iteration limit short of "
              f"--rtol {args.rtol:g} (column rtol_reached); their errors are the ones achieved", file=sys.stderr)
    summary = (f"{len(rows)} points {_where(args)} in {seconds:.1f} s"
               + (f"; wrote {out}" if out is not None else ""))
    if args.json:
        comps = components_of(rows)
        print(json.dumps({"nubrems": __version__, "units": units(comps), "rows": rows}, indent=1))
        print(summary, file=sys.stderr)
    else:
        print(summary)
