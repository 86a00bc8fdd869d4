"""Benchmark and headline numbers of the exclusion view.

    .venv/bin/python benchmarks/bench_exclusion.py [--masses 30] [--moments 40] [--rtol 3e-2] [--jobs 1]
                                                   [--no-flavours]

Times nubrems.studies.exclusion.rate_grid (one flavour, semi-analytic leading order, one computation per
mass and the exact mu^2 scaling over the moments) and nubrems.studies.exclusion.flavour_curves (three
flavours, one vegas run per lightest mass and ordering), and prints the baseline point against
the bounds. This is a timing script, not a test; it prints a table.
"""

import argparse
import time

import numpy as np

from nubrems.studies import exclusion as X


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--masses", type=int, default=30)
    ap.add_argument("--moments", type=int, default=40)
    ap.add_argument("--rtol", type=float, default=3e-2)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--no-flavours", action="store_true", help="skip the three-flavour curves")
    a = ap.parse_args()

    masses = np.geomspace(1e-3, 10.0, a.masses)
    moments = np.geomspace(1e-14, 1e-10, a.moments)
    t = time.perf_counter()
    grid = X.rate_grid(masses, moments)
    dt = time.perf_counter() - t
    print(f"rate_grid {a.masses} masses x {a.moments} moments: {dt:.2f} s "
          f"({1e3 * dt / a.masses:.0f} ms per mass); rates {grid.min():.2e} .. {grid.max():.2e} per km^3 per yr")
    t = time.perf_counter()
    X.rate_grid(masses, np.geomspace(1e-14, 1e-10, 10 * a.moments))
    print(f"  the same with {10 * a.moments} moments: {time.perf_counter() - t:.2f} s (the moments are free)")

    print()
    print(X.paper_point().summary())

    if a.no_flavours:
        return
    print(f"\nthree flavours (universal moment 6e-12 mu_B, rtol {a.rtol:g}, jobs {a.jobs}):")
    t = time.perf_counter()
    curves = X.flavour_curves(rtol=a.rtol, jobs=a.jobs)
    total = time.perf_counter() - t
    one = X.reference_rates(X.DEFAULT_LIGHTEST_EV)
    print(f"{'lightest [eV]':>14s} {'ordering':>9s} {'photons/km^3/yr':>16s} {'error':>9s} "
          f"{'/ 1 flavour(m0)':>15s} {'time [s]':>9s}")
    for o, c in curves.items():
        for m, r, e, s, r1 in zip(c.lightest_masses_eV, c.rates, c.errors, c.seconds, one, strict=True):
            print(f"{m:14g} {o:>9s} {r:16.4e} {e:9.1e} {r / r1:15.3f} {s:9.1f}")
    print(f"total {total:.1f} s")


if __name__ == "__main__":
    main()
