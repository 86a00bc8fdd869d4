"""Benchmark: time for vegas to reach a relative precision on sigma(E), one core.

    taskset -c 0 .venv/bin/python benchmarks/bench_xsec.py [--energy 1] [--rtol 1e-3]

Reports the wall time of nubrems.rates.cross_sections.cross_section (adaptation, pilot and final
iterations, with the default lab histograms filled in the same run), the number of
integrand evaluations, and the integrand's points per second (phase-space map + |M|^2).
"""

import argparse
import time

import numpy as np

from nubrems.amplitudes import dirac as A
from nubrems.kinematics.phasespace import ThreeBodyMap
from nubrems.rates import cross_sections as X


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--energy", type=float, default=1.0, help="MeV")
    parser.add_argument("--rtol", type=float, default=1e-3)
    args = parser.parse_args()
    for process in A.PROCESSES:
        t = time.perf_counter()
        r = X.cross_section(process, args.energy, rtol=args.rtol, seed=1)
        dt = time.perf_counter() - t
        exact = X.sigma_leading(process, args.energy)
        print(f"{process:8s} sigma({args.energy:g} MeV) = {r.sigma_cm2:.5e} +- {r.sigma_err_cm2:.1e} cm^2 "
              f"({100 * r.sigma_err_cm2 / r.sigma_cm2:.3f}%), analytic leading {exact:.5e}; "
              f"{dt:.2f} s, {r.n_eval} evaluations, chi2/dof {r.chi2_dof:.2f}")
    f = X.integrand("nunu", args.energy)           # the vegas integrand of cross_section (baseline)
    x = np.random.default_rng(0).random((8192, ThreeBodyMap.dim))
    n, t = 0, time.perf_counter()
    while time.perf_counter() - t < 2.0:
        f.point(x)
        n += len(x)
    print(f"integrand (map + invariants + |M|^2 + lab observables): {n / (time.perf_counter() - t):.3g} points/s")


if __name__ == "__main__":
    main()
