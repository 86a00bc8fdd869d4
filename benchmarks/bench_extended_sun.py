"""Benchmark: folding photon angles with the extended Sun (nubrems.sun.extended), one process.

    .venv/bin/python benchmarks/bench_extended_sun.py [--repeat 3]

Reports, for the default 40 angle bins (nubrems.kinematics.binning.angle_edges):

* the one-time set-up of the source profiles (13N's projected shell, tabulated by
  nubrems.sun.extended.abel_projection) and of the median and 90 % source angles;
* per component, the computation of the transfer matrix (fold_matrix; best of --repeat,
  the cache cleared before each) and a fold with the matrix cached (what smear pays for
  every result after the first with the same binning);
* the whole smear of all components, uncached and cached, on a synthetic dN/dtheta;
* for the default quadrature and a cheaper one, the largest difference of the transfer
  fractions from a fine reference (n_cells=64, n_nodes=24, n_theta=32).

This is a timing script, not a test; it prints a table.
"""

import argparse
import platform
import time

import numpy as np

from nubrems.kinematics import binning
from nubrems.sun import extended as X
from nubrems.sun import spectra as solar


def best(fn, repeat, before=None):
    """Best wall time of fn() over ``repeat`` runs, calling before() untimed first each time."""
    times = []
    for _ in range(repeat):
        if before is not None:
            before()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    edges = binning.angle_edges()
    mid = np.sqrt(edges[1:] * edges[:-1])
    values = 1.0 / mid                                   # flat in log theta: every bin has content
    errors = 0.05 * values
    print(f"python {platform.python_version()}, numpy {np.__version__}; {len(edges) - 1} angle bins, "
          f"best of {args.repeat}")

    t = time.perf_counter()
    X.component_source("13N")
    print(f"13N projected shell (2001-point Abel table):  {time.perf_counter() - t:8.3f} s")
    t = time.perf_counter()
    X.source_angles()
    print(f"median and 90 % angles of all components:     {time.perf_counter() - t:8.3f} s\n")

    print(f"{'component':>9} {'fold_matrix [s]':>16} {'cached fold [ms]':>17} {'err default':>12} {'err cheap':>10}")
    for c in solar.COMPONENTS:
        uncached = best(lambda c=c: X.fold_matrix(c, edges), args.repeat, X._cached_cdf.cache_clear)
        X.fold(values, errors, edges, c)
        cached = best(lambda c=c: X.fold(values, errors, edges, c), args.repeat)
        ref = X.fold_matrix(c, edges, n_cells=64, n_nodes=24, n_theta=32)
        err = np.abs(X.fold_matrix(c, edges) - ref).max()
        cheap = np.abs(X.fold_matrix(c, edges, n_cells=16, n_nodes=6, n_theta=6) - ref).max()
        print(f"{c:>9} {uncached:16.3f} {1e3 * cached:17.2f} {err:12.1e} {cheap:10.1e}")

    def all_components():
        for c in solar.COMPONENTS:
            X.fold(values, errors, edges, c)

    total = best(all_components, args.repeat, X._cached_cdf.cache_clear)
    cached = best(all_components, args.repeat)
    print(f"\nall {len(solar.COMPONENTS)} components: {total:.3f} s uncached, {1e3 * cached:.2f} ms cached")


if __name__ == "__main__":
    main()
