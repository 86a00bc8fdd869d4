"""Benchmark: the times users wait for, against the targets of issue 14 (2 cores).

    .venv/bin/python benchmarks/bench_targets.py [--skip-book] [--repeat 3]

1. ``nubrems rate --json`` cold: a new process, from start to JSON (target <= 2 s);
2. the rate at 1 % precision per component, in a warm process (target < 1 s);
3. Figures 1 and 2 at 1 % in every bin that holds >= 2 % of its component's photons, as
   ``benchmarks/bench_rates.py --skip-scan`` measures them (target <= 15 s);
4. ``nubrems run 05_rates`` (target <= 8 s);
5. ``make book`` with the environment installed and an empty ``_build`` (HTML + PDF;
   target <= 45 s). It deletes ``_build``; ``--skip-book`` leaves it out.

The best of ``--repeat`` runs is reported for 1, 2 and 4. This is a timing script, not a
test; it prints a table.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def wall(cmd: list[str], **kwargs) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT, **kwargs)
    return time.perf_counter() - t


def best(fn, repeat: int) -> float:
    return min(fn() for _ in range(repeat))


def warm_rate() -> float:
    from nubrems.core.params import Params
    from nubrems.rates import one_flavour as rates
    from nubrems.sun import spectra as solar

    for c in solar.COMPONENTS:          # the energy maps, as a long-lived process has them
        solar.energy_map(c, [0.5])
    t = time.perf_counter()
    rates.photon_rate(Params(), rtol=1e-2, progress=False)
    return time.perf_counter() - t


def figures() -> float:
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_rates.py"), "--skip-scan"],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return float(re.search(r"with the pilots: ([\d.]+) s", out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--skip-book", action="store_true", help="do not time make book (it deletes _build)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the short measurements (best is kept)")
    args = parser.parse_args()
    rows = []
    rows.append(("nubrems rate --json, cold", best(lambda: wall([str(BIN / "nubrems"), "rate", "--json"]),
                                                    args.repeat), 2.0))
    rows.append(("rate at 1 % per component, warm", best(warm_rate, args.repeat), 1.0))
    rows.append(("Figures 1 and 2 at 1 % per bin", figures(), 15.0))
    with tempfile.TemporaryDirectory() as tmp:
        rows.append(("nubrems run 05_rates",
                     best(lambda: wall([str(BIN / "nubrems"), "run", "05_rates", "-o", f"{tmp}/05.ipynb"]),
                          args.repeat), 8.0))
    if not args.skip_book:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        rows.append(("make book (HTML + PDF, empty _build)", wall(["make", "book"]), 45.0))
    print(f"{'what':42s} {'time [s]':>9s} {'target [s]':>11s}")
    for name, seconds, target in rows:
        print(f"{name:42s} {seconds:9.2f} {target:11.1f}  {'met' if seconds <= target else 'NOT met'}")


if __name__ == "__main__":
    main()
