"""Benchmark: closed-form |M|^2 against the explicit-spinor reference, one core.

    .venv/bin/python benchmarks/bench_amplitudes.py [--points N] [--chunk C]

Reports points per second of nubrems.amplitudes.msq from precomputed invariants (how the
phase-space integrator calls it), of the invariants from four-vectors, and of
nubrems.helicity.msq_reference, measured in one run on the same events.
"""

import argparse
import os
import platform
import time

import numpy as np

from nubrems import amplitudes as A
from nubrems import constants as C
from nubrems import helicity as H
from nubrems import kinematics as K


def events(n, E=1e6, m=0.1, seed=0):
    rng = np.random.default_rng(seed)
    p1, p2 = K.beam_cm(E, m)
    root_s = float(K.sqrt_s(E, m))
    w = (root_s**2 - 4 * m * m) / (2 * root_s) * rng.uniform(1e-4, 1, n)
    p3, p4, k = K.three_body_cm(E, m, w, rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n),
                                rng.uniform(-1, 1, n), rng.uniform(0, 2 * np.pi, n))
    return np.broadcast_to(p1, p3.shape), np.broadcast_to(p2, p3.shape), p3, p4, k


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
    m, mu = 0.1, 6e-12 * C.MU_B
    p = events(args.points, m=m)
    inv = A.invariants(*p, m)
    chunks = [{k: v[i:i + args.chunk] for k, v in inv.items()} for i in range(0, args.points, args.chunk)]
    print(f"python {platform.python_version()}, numpy {np.__version__}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}, one process")
    q = [x[: args.reference_points] for x in p]
    for process in A.PROCESSES:
        closed = rate(lambda: [A.msq(process, m=m, mu=mu, invariants_=c) for c in chunks], args.points)
        ref = rate(lambda: H.msq_reference(process, *q, m, mu), args.reference_points, 2.0)
        print(f"{process:8s} closed form from invariants: {closed:10.3g} points/s "
              f"(chunks of {args.chunk}); spinor reference: {ref:8.3g} points/s; ratio {closed / ref:8.0f}")
    inv_rate = rate(lambda: A.invariants(*p, m), args.points)
    print(f"stable invariants from four-vectors: {inv_rate:10.3g} points/s")


if __name__ == "__main__":
    main()
