"""Benchmark: cost of the solar spectra, one core.

    taskset -c 0 .venv/bin/python benchmarks/bench_solar.py

Reports, each in a fresh process:

* the one-time set-up of each continuous component on the run-time path (shape
  normalisation, the inverse-CDF and Jacobian splines of ``energy_map``, <E^2>; for 8B also
  reading ``data/solar/8B_fine.csv``; for pp and hep with both spectra: the thermal ones,
  the default, also import nubrems.sun.thermal, build the mixture of allowed spectra and its
  Gauss rule, together about 0.2 s more than the laboratory ones), measured after the
  imports (``import nubrems.sun.spectra`` and scipy.interpolate, which every set-up needs, are
  reported apart);
* the same set-up for 8B with the full nuclear computation (mpmath Coulomb functions,
  R-matrix folding: what every process paid before the table) -- what ``python -m
  nubrems.sun.tables`` now pays once;

then the throughput of ``energy_map`` (the call the rate integrand makes for every Monte
Carlo point) and of ``spectrum``, and the cost of ``nuclear.b8_decay_summary``.
"""

import functools
import subprocess
import sys
import textwrap
import time

import numpy as np

from nubrems.sun import nuclear
from nubrems.sun import spectra as S

FRESH = """
import time
t0 = time.perf_counter()
import numpy as np
from nubrems.sun import nuclear
from nubrems.sun import spectra as S
t1 = time.perf_counter()
import scipy.interpolate
t2 = time.perf_counter()
def computed_shape(component):
    return nuclear.b8_shape
if {full}:      # the old path: the 8B shape computed instead of read
    S._tabulated_shape = computed_shape
S.energy_map({component!r}, np.array([0.5]), spectra={spectra!r})
S.quadrature({component!r}, spectra={spectra!r})
S.energy_moment({component!r}, 2, spectra={spectra!r})
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def fresh_setup(component, full=False, spectra="thermal"):
    """(import solar, import scipy.interpolate, set-up) in seconds, in a new interpreter."""
    code = textwrap.dedent(FRESH.format(component=component, full=full, spectra=spectra))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return tuple(float(x) for x in out.stdout.split())


def rate(fn, n, seconds=1.0):
    """Points per second of fn on batches of n points."""
    u = np.random.default_rng(0).random(n)
    done, t = 0, time.perf_counter()
    while time.perf_counter() - t < seconds:
        fn(u)
        done += n
    return done / (time.perf_counter() - t)


def spectrum_on_unit(component, E0, u):
    """The spectrum at u * E0 for u in [0, 1)."""
    return S.spectrum(component, u * E0)


def main():
    print("fresh process, seconds:")
    print(f"{'component':>22} {'import solar':>13} {'import interp':>14} {'set-up':>8}")
    for c in S.CONTINUOUS:
        for spectra in S.SPECTRA if c in S.THERMAL else ("thermal",):
            label = f"{c} ({spectra})" if c in S.THERMAL else c
            times = fresh_setup(c, spectra=spectra)
            print(f"{label:>22} " + " ".join(f"{x:{w}.3f}" for x, w in zip(times, (13, 14, 8), strict=True)))
    t_full = fresh_setup("8B", full=True)
    print(f"{'8B (full computation)':>22} " + " ".join(f"{x:{w}.3f}" for x, w in zip(t_full, (13, 14, 8), strict=True)))

    print(f"\n{'component':>9} {'energy_map [pts/s]':>19} {'spectrum [pts/s]':>17}")
    for c in S.CONTINUOUS:
        S.energy_map(c, np.array([0.5]))
        E0 = S.endpoint(c)
        em = rate(functools.partial(S.energy_map, c), 100_000)
        sp = rate(functools.partial(spectrum_on_unit, c, E0), 10_000)
        print(f"{c:>9} {em:19.3g} {sp:17.3g}")
    nuclear.be8_density(1.0)                     # the Coulomb splines: not part of the summary
    t = time.perf_counter()
    r = nuclear.b8_decay_summary()
    print(f"nuclear.b8_decay_summary: {time.perf_counter() - t:.3f} s "
          f"(<E> = {r['mean_energy_MeV']:.4f} MeV, t1/2 = {r['half_life_s']:.3f} s)")


if __name__ == "__main__":
    main()
