"""Benchmark: closed-form |M|^2 against the explicit-spinor reference, one core.

    .venv/bin/python benchmarks/bench_amplitudes.py [--points N] [--chunk C]

Reports points per second of nubrems.amplitudes.dirac.msq from precomputed invariants (how the
phase-space integrator calls it), of the invariants from four-vectors, and of
nubrems.amplitudes.helicity.msq_reference, measured in one run on the same events (nubrems.kinematics.events.generic:
E = 1 MeV on m = 0.1 eV, CM frame).
"""

import argparse
import functools
import os
import platform
import time

import numpy as np

from nubrems.amplitudes import dirac as A
from nubrems.amplitudes import helicity as H
from nubrems.core import constants as C
from nubrems.kinematics import events


def rate(func, n_points, min_seconds=1.0):
    """Points per second of func() processing n_points, best of repeated runs."""
    best, total = 0.0, 0.0
    while total < min_seconds:
        t = time.perf_counter()
        func()
        dt = time.perf_counter() - t
        total += dt
        best = max(best, n_points / dt)
    return best


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--points", type=int, default=200_000)
    parser.add_argument("--chunk", type=int, default=8192, help="batch size per msq call")
    parser.add_argument("--reference-points", type=int, default=2000)
    args = parser.parse_args()
    E, m, mu = 1e6, 0.1, 6e-12 * C.MU_B
    p = events.generic(E, m, args.points, np.random.default_rng(0))   # CM frame, (n, 4) each
    inv = A.invariants(*p, m)
    chunks = [{k: v[i:i + args.chunk] for k, v in inv.items()} for i in range(0, args.points, args.chunk)]
    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}, one process")
    q = [x[: args.reference_points] for x in p]

    def closed_form(process):
        return [A.msq(process, m=m, mu=mu, invariants_=c) for c in chunks]

    for process in A.PROCESSES:
        closed = rate(functools.partial(closed_form, process), args.points)
        ref = rate(functools.partial(H.msq_reference, process, *q, m, mu), args.reference_points, 2.0)
        print(f"{process:8s} closed form from invariants: {closed:10.3g} points/s "
              f"(chunks of {args.chunk}); spinor reference: {ref:8.3g} points/s; ratio {closed / ref:8.0f}")
    inv_rate = rate(functools.partial(A.invariants, *p, m), args.points)
    print(f"stable invariants from four-vectors: {inv_rate:10.3g} points/s")


if __name__ == "__main__":
    main()
