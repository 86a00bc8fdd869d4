"""Benchmark: cost of the solar spectra, one core.

    taskset -c 0 .venv/bin/python benchmarks/bench_solar.py

Reports the one-time set-up per component in a fresh process (shape normalisation and the
inverse-CDF and Jacobian splines of ``energy_map``; for 8B also the Coulomb functions of the
R-matrix), then the throughput of ``energy_map`` (the call the rate integrand makes for
every Monte Carlo point) and of ``spectrum``, and the cost of ``b8_decay_summary``.
"""

import time

import numpy as np

from nubrems import solar as S


def rate(fn, n, seconds=1.0):
    """Points per second of fn on batches of n points."""
    u = np.random.default_rng(0).random(n)
    done, t = 0, time.perf_counter()
    while time.perf_counter() - t < seconds:
        fn(u)
        done += n
    return done / (time.perf_counter() - t)


def main():
    print(f"{'component':>9} {'set-up [s]':>11} {'energy_map [pts/s]':>19} {'spectrum [pts/s]':>17}")
    for c in S.CONTINUOUS:
        t = time.perf_counter()
        S.energy_map(c, np.array([0.5]))
        setup = time.perf_counter() - t
        E0 = S.endpoint(c)
        em = rate(lambda u: S.energy_map(c, u), 100_000)
        sp = rate(lambda u: S.spectrum(c, u * E0), 10_000)
        print(f"{c:>9} {setup:11.2f} {em:19.3g} {sp:17.3g}")
    t = time.perf_counter()
    r = S.b8_decay_summary()
    print(f"b8_decay_summary: {time.perf_counter() - t:.3f} s "
          f"(<E> = {r['mean_energy_MeV']:.4f} MeV, t1/2 = {r['half_life_s']:.3f} s)")


if __name__ == "__main__":
    main()
