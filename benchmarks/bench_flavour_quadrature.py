"""Benchmark of the leading-order three-flavour rate by quadrature (no Monte Carlo).

    .venv/bin/python benchmarks/bench_flavour_quadrature.py [--vegas] [--rtol 0.01] [--jobs 1]

Times nubrems.rates.flavour_quadrature.leading_flavour_rate:

* cold: a fresh `python -c 'import ...; leading_flavour_rate(...)'` process, wall time
  (imports, MSW tables, solar Gauss rules, the Majorana form), target <= 2 s; with the
  environment's BLAS threads and with one;
* warm: the same call again in this process, target <= 0.5 s;

for the default setup (universal Dirac), transition-only Dirac and transition-only
Majorana, and prints the photons per km^3 yr of the four presets and natures at
mu_nu = 6e-12 mu_B per entry (normal ordering, lightest 0.05 eV), with the ratios
transition/universal and Majorana/Dirac. With --vegas it runs
nubrems.rates.three_flavour.flavour_rate on the same setups (every component, rtol 0.01)
for comparison.

This is a timing script, not a test; it prints a table.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time

from nubrems.core.params import Params
from nubrems.rates.flavour_quadrature import leading_flavour_rate
from nubrems.rates.three_flavour import FlavourSetup, flavour_rate

CASES = {
    "default (universal, Dirac)": {},
    "transition-only, Dirac": {"moments": "transition-only"},
    "transition-only, Majorana": {"moments": "transition-only", "nature": "majorana"},
}
PRESETS = {
    "universal Dirac": {"moments": "universal"},
    "flavour-diagonal Dirac": {"moments": "flavour-diagonal"},
    "transition-only Dirac": {"moments": "transition-only"},
    "transition-only Majorana": {"moments": "transition-only", "nature": "majorana"},
}


def cold(kwargs, repeat=3, threads=None):
    """Median wall time (s) of a fresh process that imports the package and computes one rate
    (``threads``: BLAS threads of that process; None: the environment's)."""
    code = ("from nubrems.rates.flavour_quadrature import leading_flavour_rate; "
            "from nubrems.rates.three_flavour import FlavourSetup; "
            f"leading_flavour_rate(setup=FlavourSetup(**{kwargs!r}))")
    env = dict(os.environ)
    if threads is not None:
        env.update(OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def warm(kwargs, repeat=5):
    """Median time (s) of the call once everything is cached."""
    setup = FlavourSetup(**kwargs)
    leading_flavour_rate(setup=setup)
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        leading_flavour_rate(setup=setup)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--vegas", action="store_true", help="also run the Monte Carlo flavour_rate")
    ap.add_argument("--rtol", type=float, default=0.01)
    ap.add_argument("--jobs", type=int, default=1)
    a = ap.parse_args()

    t = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    print(f"bare interpreter start: {time.perf_counter() - t:.2f} s")
    # the cold start is mostly LAPACK (numpy's leggauss in the solar Gauss rules, the MSW
    # diagonalisations): multi-threaded BLAS on a busy machine slows it, hence both columns
    print(f"{'case':32s} {'cold process':>13s} {'(1 BLAS thread)':>16s} {'warm call':>10s}")
    for label, kw in CASES.items():
        print(f"{label:32s} {cold(kw):11.2f} s {cold(kw, threads=1):14.2f} s {1e3 * warm(kw):7.1f} ms", flush=True)

    p = Params(mu_nu_muB=6e-12)
    print("\nphotons per km^3 yr, mu_nu = 6e-12 mu_B per entry, normal ordering, lightest 0.05 eV")
    lo = {}
    for label, kw in PRESETS.items():
        setup = FlavourSetup(moment_scale="entry", **kw)
        lo[label] = leading_flavour_rate(p, setup).photons_per_km3_per_year
        line = f"{label:26s} LO quadrature {lo[label]:.6e}"
        if a.vegas:
            t = time.perf_counter()
            r = flavour_rate(p, setup, rtol=a.rtol, jobs=a.jobs)
            line += (f"   vegas {r.photons_per_km3_per_year:.5e} +- {r.photons_err / (p.volume_km3 * p.years):.1e}"
                     f" ({(r.photons / lo[label] - 1) / (r.photons_err / r.photons):+.2f} sigma,"
                     f" {time.perf_counter() - t:.1f} s)")
        print(line, flush=True)
    print(f"transition / universal (Dirac): {lo['transition-only Dirac'] / lo['universal Dirac']:.6f}")
    print(f"Majorana / Dirac (transition-only): {lo['transition-only Majorana'] / lo['transition-only Dirac']:.6f}")


if __name__ == "__main__":
    main()
