"""Write the solar-neutrino spectral tables of ``data/solar/`` from :mod:`nubrems.sun.nuclear`.

Usage::

    python -m nubrems.sun.tables [--out DIR]      # default DIR: data/solar of the project

Writes one CSV per continuous component (``<name>.csv``: energy in MeV and the
unit-normalised dN/dE in MeV^-1 on a uniform grid of :data:`N_POINTS` from 0 to the
endpoint; pp and hep with the spectra made in the Sun, :data:`SPECTRA`, the default of
:mod:`nubrems.sun.spectra`, up to their thermal endpoint), for the components that
:mod:`nubrems.sun.spectra` reads instead of computing (:data:`nubrems.sun.spectra.TABULATED`, i.e. 8B)
a finer table ``<name>_fine.csv`` of :data:`N_FINE` points, ``lines.csv`` (line energies
and branching fractions), ``fluxes.csv`` (the B16 flux normalisations) and
``provenance.json`` (command, nubrems version, parameters, citations and the sha256 of
every table).

The 8B shape is the full computation of :func:`nubrems.sun.nuclear.b8_shape` (mpmath Coulomb
functions, R-matrix folding; about ten seconds), never the package's own reading of the
committed tables. The output is deterministic: re-running it reproduces the files byte
for byte, which ``tests/test_solar.py`` checks against the committed copies.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core._typing import FloatArray
from nubrems.core.version import __version__
from nubrems.sun import nuclear
from nubrems.sun import spectra as S

__all__ = ["CITATIONS", "COMMAND", "FULL_SHAPES", "N_FINE", "N_POINTS", "SPECTRA", "computed_mean_energy",
           "computed_shape", "default_out", "main", "provenance", "tables", "write"]

#: Points per continuous table (uniform in energy, endpoints included).
N_POINTS = 401
#: Points of the fine tables that nubrems.sun.spectra interpolates (cubic spline): with a step of
#: 0.011 MeV the spline error (< 1e-8 of the peak) is below the 9 printed digits.
N_FINE = 1601
COMMAND = "python -m nubrems.sun.tables"
#: The pp and hep spectra of the tables: those made in the Sun (nubrems.sun.thermal), as the book uses.
SPECTRA = "thermal"

CITATIONS = {
    "fluxes": "N. Vinyoles et al., ApJ 835, 202 (2017), arXiv:1611.09867 (B16-GS98, B16-AGSS09met)",
    "masses": "M. Wang et al., Chin. Phys. C 45, 030003 (2021) (AME2020 atomic mass excesses)",
    "7Li": "D. R. Tilley et al., Nucl. Phys. A 708, 3 (2002) (7Li 477.6 keV level)",
    "8Be": "D. R. Tilley et al., Nucl. Phys. A 745, 155 (2004) (8Be 2+ levels 3.03 MeV, 16.626/16.922 MeV "
           "doublet, isospin mixing)",
    "8B log ft": "F. Ajzenberg-Selove, Nucl. Phys. A 490, 1 (1988) (8B -> 8Be*(3.0) log ft 5.6, -> 8Be*(16.63) "
                 "log ft 3.3; the book gives the same log ft to both doublet members)",
    "R-matrix": "F. C. Barker, E. K. Warburton, Nucl. Phys. A 487, 269 (1988); E. K. Warburton, Phys. Rev. C 33, "
                "303 (1986)",
    "published means": "J. N. Bahcall, Phys. Rev. C 56, 3391 (1997); J. N. Bahcall et al., Phys. Rev. C 54, 411 "
                       "(1996); W. T. Winter et al., Phys. Rev. C 73, 025503 (2006)",
    "solar interior": "N. Vinyoles et al., ApJ 835, 202 (2017), B16-GS98 temperature and production profiles "
                      "(nubrems.sun.interior), for the thermal pp and hep spectra",
    "pp astrophysical factor": "J.-W. Chen, C.-P. Liu, S.-H. Yu, Phys. Lett. B 720, 385 (2013) (S'(0)/S(0) = 11.3 "
                               "MeV^-1)",
}


def default_out() -> Path:
    return Path(__file__).resolve().parents[2] / "data" / "solar"


def _csv(rows: Iterable[Sequence[str]], header: str) -> str:
    return header + "\n" + "".join(",".join(rows_i) + "\n" for rows_i in rows)


#: The full computations behind the tabulated components (nubrems.sun.spectra.TABULATED).
FULL_SHAPES: dict[str, Callable[[ArrayLike], FloatArray]] = {"8B": nuclear.b8_shape}


def computed_shape(component: str, E_MeV: ArrayLike, spectra: str = SPECTRA) -> FloatArray:
    """Unit-normalised dN/dE (MeV^-1) from the physics, never from the committed tables."""
    if component in S.TABULATED:
        return FULL_SHAPES[component](E_MeV)
    return S.shape(component, E_MeV, spectra=spectra)    # allowed spectra, or their thermal mixture


def computed_mean_energy(component: str, spectra: str = SPECTRA) -> float:
    """<E> in MeV from the physics (400-point Gauss-Legendre rule, as nubrems.sun.spectra)."""
    if component not in S.TABULATED:
        return S.mean_energy(component, spectra=spectra)
    E, w = S._gl_nodes(component, 400)
    return float(np.sum(w * E * computed_shape(component, E)))


def _shape_table(component: str, n: int) -> str:
    E = np.linspace(0.0, S.endpoint(component, spectra=SPECTRA), n)
    f = computed_shape(component, E)
    # 9 significant digits: far below any physics uncertainty, and robust against
    # last-bit differences between machines (a regeneration must be byte-identical)
    return _csv(([f"{e:.9f}", f"{y:.8e}"] for e, y in zip(E, f, strict=True)), "energy_MeV,dN_dE_per_MeV")


def _coulomb_table() -> str:
    """The l = 2 alpha-alpha penetrability and shift at the spline nodes (mpmath), as exact
    doubles (repr) so that splines built from the table equal those built from mpmath."""
    E, P, Sh = nuclear.coulomb_nodes()
    return _csv(([repr(float(e)), repr(float(p)), repr(float(sh))] for e, p, sh in zip(E, P, Sh, strict=True)),
                "E_alpha_alpha_MeV,penetrability,shift")


def tables() -> dict[str, str]:
    """File name -> text of every table (deterministic), computed from the physics: the
    Coulomb functions with mpmath, never read back from the committed tables."""
    with nuclear.computed_coulomb_functions():
        return _tables()


def _tables() -> dict[str, str]:
    out = {}
    out[nuclear.COULOMB_TABLE] = _coulomb_table()
    for c in S.CONTINUOUS:
        out[f"{c}.csv"] = _shape_table(c, N_POINTS)
    for c in S.TABULATED:
        out[f"{c}_fine.csv"] = _shape_table(c, N_FINE)
    rows: list[list[str]] = []
    for c in S.LINE_COMPONENTS:
        E, b = S.lines(c)
        rows += [[c, f"{e:.6f}", f"{x:.4f}"] for e, x in zip(E, b, strict=True)]
    out["lines.csv"] = _csv(rows, "component,energy_MeV,branching_fraction")
    out["fluxes.csv"] = _csv(([c] + [f"{S.total_flux(c, m):.3e}" for m in S.MODELS] for c in S.COMPONENTS),
                             "component," + ",".join(f"flux_{m}_cm2_s" for m in S.MODELS))
    return out


def provenance(files: dict[str, str]) -> str:
    info = {
        "command": COMMAND,
        "nubrems_version": __version__,
        "description": "Solar neutrino spectral shapes computed by nubrems.sun.nuclear (unit-normalised dN/dE "
                       "in MeV^-1 on a uniform energy grid; pp and hep as made in the Sun, nubrems.sun.thermal), "
                       "line energies and branchings, B16 fluxes. nubrems.sun.spectra reads the *_fine.csv tables "
                       "at run time instead of recomputing those shapes.",
        "parameters": {
            "grid_points": N_POINTS,
            "fine_grid_points": {f"{c}_fine.csv": N_FINE for c in S.TABULATED},
            "coulomb_table": {nuclear.COULOMB_TABLE: f"l = 2 alpha-alpha penetrability and shift (mpmath "
                              f"Coulomb functions) at {nuclear.COULOMB_NODES} log-spaced energies, the "
                              "nodes of the splines of nubrems.sun.nuclear (read at run time)"},
            "m_e_MeV": nuclear.M_E_MEV,
            "fermi_function": "relativistic, point nucleus evaluated at R = 1.2 A^(1/3) fm; positron in the "
                              "field of the daughter",
            "beta_plus": {c: {"reaction": d["reaction"], "Z_daughter": d["Z"], "A": d["A"],
                              "endpoint_MeV": round(d["E0"], 6)} for c, d in nuclear.DECAYS.items()},
            "pp_hep_spectra": {
                "spectra": SPECTRA,
                "what": "the allowed spectrum with the endpoint raised by the relative kinetic energy of the "
                        "fusing nuclei (Gamow window at the B16-GS98 temperature, averaged over the production "
                        "zone; nubrems.sun.thermal); the tables reach the highest endpoint of that mixture",
                "table_endpoint_MeV": {c: round(S.endpoint(c, spectra=SPECTRA), 6) for c in S.THERMAL},
                "mean_energies_laboratory_MeV": {c: round(computed_mean_energy(c, "laboratory"), 6)
                                                 for c in S.THERMAL},
            },
            "lines_MeV": {c: [round(float(e), 6) for e in S.lines(c)[0]] for c in S.LINE_COMPONENTS},
            "7Be_branches": list(nuclear.BE7_BRANCHES),
            "8Be_levels_Ex_width_logft": [list(x) for x in nuclear.BE8_LEVELS],
            "8Be_channel_radius_fm": round(nuclear.BE8_CHANNEL_RADIUS_FM, 6),
            "8Be_interference_sign": nuclear.BE8_INTERFERENCE_SIGN,
            "mass_excess_keV": nuclear.MASS_EXCESS_KEV,
        },
        "mean_energies_MeV": {c: round(computed_mean_energy(c), 6) for c in S.COMPONENTS},
        "citations": CITATIONS,
        "sha256": {name: hashlib.sha256(text.encode()).hexdigest() for name, text in sorted(files.items())},
    }
    return json.dumps(info, indent=2, sort_keys=False) + "\n"


def write(out: Path) -> list[Path]:
    """Write every table and the provenance file into ``out``; returns the paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with nuclear.computed_coulomb_functions():     # the physics, not the committed tables
        files = _tables()
        files["provenance.json"] = provenance(files)
    paths = []
    for name, text in files.items():
        path = out / name
        path.write_text(text)
        paths.append(path)
    return paths


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m nubrems.sun.tables", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: data/solar)")
    args = parser.parse_args(argv)
    for path in write(args.out or default_out()):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
