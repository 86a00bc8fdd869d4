"""Benchmark and headline numbers of the three-flavour rates (2 cores).

    .venv/bin/python benchmarks/bench_flavours.py [--rtol 3e-3] [--jobs 2]

Times nubrems.rates.three_flavour.flavour_rate for the cases the flavour chapter and the issue
discuss, and prints each total with its Monte Carlo error next to the one-flavour rate:

* quasi-degenerate states (lightest 0.5 eV, universal moment) against one flavour at 0.5 eV;
* normal and inverted ordering at lightest 0 (moving relics; a massless state is 1e-6 eV)
  and 0.05 eV;
* universal against transition-only moments (lightest 0.05 eV, normal ordering);
* relics at rest against moving relics at lightest 0.01 and 0.05 eV.

This is a timing script, not a test; it prints a table.
"""

import argparse
import time

from nubrems.core.params import Params
from nubrems.rates import one_flavour as rates
from nubrems.rates.three_flavour import FlavourSetup, flavour_rate


def timed(label, fn):
    t = time.perf_counter()
    r = fn()
    dt = time.perf_counter() - t
    print(f"{label:58s} {r.photons:.5e} +- {r.photons_err:.1e}  ({dt:5.1f} s)", flush=True)
    return r


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rtol", type=float, default=3e-3)
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    p = Params()

    def three(**kw):
        return lambda: flavour_rate(p, FlavourSetup(**kw), rtol=a.rtol, jobs=a.jobs)

    def one(m):
        return lambda: rates.photon_rate(Params(m_nu_eV=m), rtol=a.rtol, jobs=a.jobs, progress=False)

    r1 = timed("one flavour, m = 0.5 eV", one(0.5))
    r3 = timed("three, lightest 0.5 eV, normal, universal", three(lightest_mass_eV=0.5))
    print(f"  ratio three / one at 0.5 eV: {r3.photons / r1.photons:.4f}")
    for ordering in ("normal", "inverted"):
        timed(f"three, lightest 0 (moving relics), {ordering}",
              three(lightest_mass_eV=0.0, ordering=ordering, moving_relics=True))
        timed(f"three, lightest 0.05 eV, {ordering}", three(lightest_mass_eV=0.05, ordering=ordering))
    timed("one flavour, m = 0.05 eV", one(0.05))
    timed("three, lightest 0.05 eV, normal, transition-only", three(lightest_mass_eV=0.05, moments="transition-only"))
    for m in (0.01, 0.05):
        timed(f"three, lightest {m} eV, relics at rest", three(lightest_mass_eV=m))
        timed(f"three, lightest {m} eV, moving relics", three(lightest_mass_eV=m, moving_relics=True))


if __name__ == "__main__":
    main()
