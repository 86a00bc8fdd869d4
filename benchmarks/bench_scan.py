"""Benchmark: a parameter scan on each executor, and whether their rows agree bit for bit.

    .venv/bin/python benchmarks/bench_scan.py [--grid params/scans/example.yaml] [--rtol 0.3]
        [--seed 1] [--jobs 1 2] [--cluster-workers 2] [--components pp,7Be]

Runs :func:`nubrems.studies.scan.run_scan` on the points of ``--grid`` in this process (``--jobs 1``),
in local process pools (each other ``--jobs`` value) and on a Dask ``LocalCluster`` with
``--cluster-workers`` single-threaded worker processes (0: skip), and prints the wall time
per executor (pool and cluster start-up included: what a user waits for), the time per
point and whether the rows are identical to the in-process ones. The first, in-process run
also pays the one-time set-up of the solar energy maps in this process; pool and cluster
workers pay it once each, in parallel.

This is a timing script, not a test; it prints a table.
"""

from __future__ import annotations

import argparse
import functools
import time
from pathlib import Path

from nubrems.studies import scan

ROOT = Path(__file__).resolve().parents[1]


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", default=str(ROOT / "params" / "scans" / "example.yaml"), help="grid file (YAML)")
    parser.add_argument("--rtol", type=float, default=0.3, help="relative precision per solar component")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="local process counts to time")
    parser.add_argument("--cluster-workers", type=int, default=2, help="LocalCluster workers (0: skip)")
    parser.add_argument("--components", default=None, help="comma-separated solar components (default all)")
    args = parser.parse_args()
    points = scan.load_grid(args.grid)
    comps = args.components.split(",") if args.components else None
    common = {"rtol": args.rtol, "seed": args.seed, "components": comps}
    print(f"{len(points)} points of {args.grid}, rtol {args.rtol:g}, seed {args.seed}, "
          f"components {', '.join(comps) if comps else 'all'}")
    results = []
    for jobs in sorted(set(args.jobs)):
        rows, dt = timed(functools.partial(scan.run_scan, points, jobs=jobs, **common))
        results.append((f"jobs={jobs}" + (" (in this process)" if jobs == 1 else " (process pool)"), rows, dt))
    if args.cluster_workers > 0:
        from distributed import LocalCluster

        t = time.perf_counter()
        with LocalCluster(n_workers=args.cluster_workers, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster:
            start = time.perf_counter() - t
            rows, dt = timed(lambda: scan.run_scan(points, scheduler=cluster.scheduler_address, **common))
        results.append((f"LocalCluster, {args.cluster_workers} workers (+{start:.1f} s start)", rows, dt))
    reference = results[0][1]
    print(f"{'executor':44s} {'wall [s]':>9s} {'per point [s]':>14s} {'rows identical':>15s}")
    for name, rows, dt in results:
        print(f"{name:44s} {dt:9.2f} {dt / len(points):14.3f} {rows == reference!s:>15s}")


if __name__ == "__main__":
    main()
