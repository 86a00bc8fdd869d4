"""Parameter scans: photon rates on a grid of physics parameters, on one machine or many.

:func:`load_grid` (a YAML file) or :func:`grid_points` (a mapping) give the validated points
(the cartesian product of the values, the first name varying slowest; at most
:data:`MAX_POINTS`); :func:`run_scan` computes them in parallel through
:func:`nubrems.core.executors.map_ordered` (a local process pool, this process, or a Dask
cluster), each point serially with :func:`scan_point` (the front door :func:`nubrems.rate`
with the scan's seed, so rows are bit-identical whatever the executor); :func:`write_csv`
writes the rows atomically, one per point, with the unit of every column in its header.
The command is ``nubrems scan`` (:mod:`nubrems.cli.scan`); the README's section "Parameter
scans" is the user guide: the grid file, the order of the points, the columns, what is
reproducible, and how to run on a cluster.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
import math
import os
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from nubrems.core import catalogue as P
from nubrems.core import executors
from nubrems.core.files import probe_writable, write_text_atomically
from nubrems.core.params import Params
from nubrems.core.version import __version__
from nubrems.rates.integration import PrecisionWarning
from nubrems.sun.components import COMPONENTS

if TYPE_CHECKING:
    from nubrems.rates.one_flavour import RateResult

__all__ = ["MAX_POINTS", "ScanPoint", "ScanPointError", "check_components", "check_output", "columns",
           "components_of", "csv_text", "grid_points", "load_grid", "run_scan", "scan_point", "units", "write_csv"]

#: The largest grid a scan accepts (a larger one is most likely a mistake; split it).
MAX_POINTS = 10_000

#: Units of the columns that are not per-component (CSV header "name [unit]"); None: a label.
_UNITS: dict[str, str | None] = {
    "point": None,
    "m_nu_eV": "eV",
    "mu_nu_muB": "mu_B",
    "mu_nu_SM": None,
    "n_nu_cm3": "cm^-3",
    "n_nubar_cm3": "cm^-3",
    "xi": "1",
    "volume_km3": "km^3",
    "years": "yr",
    "solar_model": None,
    "spectra": None,
    "rtol": "1",
    "seed": None,
    "photons_per_km3_per_year": "km^-3 yr^-1",
    "photons_per_km3_per_year_err": "km^-3 yr^-1",
    "photons": "1",
    "photons_err": "1",
}
_RATE_UNIT = "km^-3 yr^-1"
_RATE = "photons_per_km3_per_year"
#: Options of the scan that users may try to put into a grid.
_SCAN_OPTIONS = {"rtol": "--rtol", "seed": "--seed", "components": "--components"}


class ScanPointError(RuntimeError):
    """A point that failed while it was computed (not a validation error); names the point."""


@dataclass(frozen=True)
class ScanPoint:
    """One point of a grid.

    Attributes
    ----------
    params : Params
        The validated physics parameters (``mu_nu_muB`` numeric, also for "SM").
    mu_nu_SM : bool
        Whether the grid asked for the Standard-Model Dirac moment ("SM") at this point.
    """

    params: Params
    mu_nu_SM: bool = False

    def describe(self) -> str:
        """The point's parameters in one line, "SM" shown as such."""
        values = self.params.as_dict()
        return ", ".join(f"{k} = {'SM' if k == 'mu_nu_muB' and self.mu_nu_SM else _plain(v)}"
                         for k, v in values.items())


def _plain(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


# --- the grid ----------------------------------------------------------------------------------
def _read_yaml(path: Path) -> Any:
    """The YAML content of ``path``; ParameterError (one line) if it cannot be read or parsed."""
    if not path.exists():
        raise P.ParameterError(f"{path}: no such grid file")
    if path.is_dir():
        raise P.ParameterError(f"{path}: is a directory, not a YAML grid file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise P.ParameterError(f"{path}: cannot be read ({err.__class__.__name__})") from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "syntax error"
        raise P.ParameterError(f"{path}: not valid YAML{where}: {problem}") from None


def _check_names(grid: Mapping[Any, Any], where: str) -> None:
    """Every key a physics parameter name; scan options, three-flavour settings and unknown names refused."""
    for name in grid:
        if name in _SCAN_OPTIONS:
            raise P.ParameterError(f"{where}: {name} is an option of the scan, not a grid parameter: "
                                   f"use {_SCAN_OPTIONS[name]}")
        if name in P.FLAVOUR_SETTINGS:
            raise P.ParameterError(f"{where}: {name} is a three-flavour setting; a scan computes one flavour "
                                   f"(a grid takes: {', '.join(P.PHYSICS)})")
    unknown = [str(n) for n in grid if n not in P.PHYSICS]
    if unknown:
        raise P.ParameterError(f"{where}: unknown parameter(s) {', '.join(unknown)}; a grid takes: "
                               f"{', '.join(P.PHYSICS)}")


def _axis(name: str, value: Any, where: str) -> list[Any]:
    """The validated, canonical values of one grid name (a scalar is a list of one)."""
    values = list(value) if isinstance(value, (list, tuple)) else [value]
    if not values:
        raise P.ParameterError(f"{where}: {name} = []: an empty list; give a value or a list of values "
                               f"({P.get(name).allowed()})")
    out: list[Any] = []
    for v in values:
        try:
            canonical = P.get(name).validate(v)
        except P.ParameterError as err:
            raise P.ParameterError(f"{where}: {err}") from None
        if canonical in out:
            raise P.ParameterError(f"{where}: {name} lists {_plain(canonical)} more than once")
        out.append(canonical)
    return out


def _count(axes: Mapping[str, list[Any]], where: str) -> int:
    """The number of points; refused above :data:`MAX_POINTS`."""
    n = math.prod(len(v) for v in axes.values())
    if n > MAX_POINTS:
        shape = " x ".join(f"{len(v)} {k}" for k, v in axes.items())
        raise P.ParameterError(f"{where}: {n} points ({shape}) exceed the limit of {MAX_POINTS} per scan; "
                               "split the grid into several files")
    return n


def grid_points(grid: Mapping[str, Any], where: str = "grid") -> list[ScanPoint]:
    """The validated points of a grid given as a mapping, in the documented order.

    Parameters
    ----------
    grid : mapping
        Physics parameter name (a field of :class:`~nubrems.core.params.Params`, unit in the
        name: eV, Bohr magnetons, cm^-3, km^3, years) -> one value or a list of values.
        Names left out keep their baseline defaults.
    where : str
        Prefix of error messages (the file name).

    Returns
    -------
    list of ScanPoint
        The cartesian product, the first name varying slowest.

    Raises
    ------
    ParameterError
        One line: not a mapping, no names, unknown names, bad or repeated values, an
        inconsistent point (e.g. both densities 0), more than :data:`MAX_POINTS` points.
    """
    given: object = grid                  # what YAML gave: checked as it comes
    if given is None or (isinstance(given, Mapping) and not given):
        raise P.ParameterError(f"{where}: the grid sets no parameter; give at least one name: [values]")
    if not isinstance(given, Mapping):
        raise P.ParameterError(f"{where}: a grid must be a YAML mapping of parameter name: value or "
                               "list of values")
    _check_names(grid, where)
    axes = {name: _axis(name, value, where) for name, value in grid.items()}
    _count(axes, where)
    points = []
    for i, combo in enumerate(itertools.product(*axes.values())):
        values = dict(zip(axes, combo, strict=True))
        try:
            params = Params.from_mapping(values)
        except P.ParameterError as err:
            shown = ", ".join(f"{k} = {_plain(v)}" for k, v in values.items())
            raise P.ParameterError(f"{where}: point {i} ({shown}): {err}") from None
        points.append(ScanPoint(params, values.get("mu_nu_muB") == "SM"))
    return points


def load_grid(path: str | os.PathLike[str]) -> list[ScanPoint]:
    """Read and completely validate a YAML grid file (see the module documentation).

    Parameters
    ----------
    path : str or path-like
        The grid file.

    Returns
    -------
    list of ScanPoint
        The points in the documented order (first name slowest).

    Raises
    ------
    ParameterError
        One line naming the file, and the parameter, value and allowed range, for a
        missing, unreadable, malformed or empty file and every invalid grid.
    """
    path = Path(path)
    return grid_points(_read_yaml(path), where=str(path))


# --- computing -----------------------------------------------------------------------------
def check_components(components: Iterable[str] | None) -> tuple[str, ...]:
    """The solar components to run, in the order of :data:`nubrems.sun.spectra.COMPONENTS`.

    Parameters
    ----------
    components : iterable of str or None
        Solar component names, in any order; None: all.

    Returns
    -------
    tuple of str
        The chosen components in the order of ``COMPONENTS``; a
        :class:`~nubrems.core.catalogue.ParameterError` for an unknown name or none at all.
    """
    if components is None:
        return COMPONENTS
    chosen = list(components)
    unknown = [c for c in chosen if c not in COMPONENTS]
    if unknown or not chosen:
        raise P.ParameterError(f"components = {', '.join(map(str, chosen)) or '(none)'}: allowed: one or "
                               f"more of {', '.join(COMPONENTS)}")
    return tuple(c for c in COMPONENTS if c in chosen)


def _check_rtol_seed(rtol: Any, seed: Any) -> tuple[float, int]:
    """rtol and seed through the parameter catalogue (the ranges of ``nubrems rate``)."""
    return P.get("rtol").validate(rtol, "05_rates"), P.get("seed").validate(seed, "05_rates")


def scan_point(point: ScanPoint, rtol: float = 1e-2, seed: int = 1,
               components: Sequence[str] | None = None) -> dict[str, Any]:
    """One row: photon_rate at one point, serially in this process (without ``point``).

    Parameters
    ----------
    point : ScanPoint
    rtol : float
        Requested relative Monte Carlo precision per solar component.
    seed : int
        vegas seed (component c uses seed + its index in :data:`nubrems.sun.spectra.COMPONENTS`).
    components : sequence of str, optional
        Solar components (default: all).

    Returns
    -------
    dict
        Column name -> value, the columns of :func:`columns` after ``point``; rates in
        photons per km^3 per year, photons for the point's volume and exposure.
    """
    from nubrems.rates.compose import rate  # lazy: vegas and scipy only when a point runs, not for --help

    comps = check_components(components)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PrecisionWarning)
        # jobs=1: the points are the parallel unit (and a point inside a Dask task must not
        # send its components back to the cluster)
        result = rate(point.params, components=list(comps), rtol=rtol, seed=seed, progress=False, jobs=1,
                      method="monte-carlo").result
    short = False
    for w in caught:                # other warnings go on as they came
        if issubclass(w.category, PrecisionWarning):
            short = True
        else:
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return _row(point, cast("RateResult", result), rtol, seed, comps, not short)   # one flavour: always vegas


def _row(point: ScanPoint, result: RateResult, rtol: float, seed: int, comps: Sequence[str],
         reached: bool) -> dict[str, Any]:
    """The columns of one point from its RateResult."""
    p = point.params
    exposure = p.volume_km3 * p.years
    row: dict[str, Any] = {"m_nu_eV": p.m_nu_eV, "mu_nu_muB": p.mu_nu_muB, "mu_nu_SM": point.mu_nu_SM}
    row.update({k: v for k, v in p.as_dict().items() if k not in row})
    row.update({"rtol": float(rtol), "seed": int(seed),
                _RATE: result.photons_per_km3_per_year, f"{_RATE}_err": result.photons_err / exposure,
                "photons": result.photons, "photons_err": result.photons_err})
    for c in comps:
        value, error = result.by_component[c]
        row[f"{_RATE}_{c}"] = value / exposure
        row[f"{_RATE}_{c}_err"] = error / exposure
    row["rtol_reached"] = reached
    return row


def _task(item: tuple[int, ScanPoint], rtol: float, seed: int, components: tuple[str, ...]) -> dict[str, Any]:
    """What a worker runs: one numbered point; a failure names the point."""
    index, point = item
    try:
        row = scan_point(point, rtol=rtol, seed=seed, components=components)
    except Exception as err:        # re-raised naming the point; Ctrl-C (BaseException) passes
        raise ScanPointError(f"point {index} ({point.describe()}) failed: "
                             f"{err.__class__.__name__}: {err}") from err
    return {"point": index, **row}


def run_scan(points: Sequence[ScanPoint], rtol: float = 1e-2, seed: int = 1, jobs: int | None = None,
             scheduler: str | None = None, components: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """photon_rate at every point, in parallel; one row per point, in the order of ``points``.

    Parameters
    ----------
    points : sequence of ScanPoint
        From :func:`load_grid` or :func:`grid_points`.
    rtol : float
        Requested relative Monte Carlo precision per solar component, in [3e-4, 0.5] (the catalogue range of rtol).
    seed : int
        The vegas seed of every point (so results do not depend on order or executor).
    jobs : int, optional
        Local worker processes (default: all cores; 1: in this process).
    scheduler : str, optional
        A Dask scheduler address (``tcp://host:8786``); default: ``DASK_SCHEDULER_ADDRESS``.
    components : sequence of str, optional
        Solar components (default: all of :data:`nubrems.sun.spectra.COMPONENTS`).

    Returns
    -------
    list of dict
        Column name (see :func:`columns`; units in :func:`units`) -> value.

    Raises
    ------
    ParameterError
        Bad rtol, seed or components (before any work).
    ScanPointError
        A point that failed while it ran (names it).
    """
    rtol, seed = _check_rtol_seed(rtol, seed)
    comps = check_components(components)
    given: object = jobs                  # checked as it comes (callers outside mypy)
    if given is not None and (isinstance(given, bool) or not isinstance(given, int) or given < 1):
        raise P.ParameterError(f"jobs = {jobs!r}: allowed: an integer >= 1")
    fn = functools.partial(_task, rtol=rtol, seed=seed, components=comps)
    return executors.map_ordered(fn, list(enumerate(points)), jobs=jobs, scheduler=scheduler)


# --- the CSV -------------------------------------------------------------------------------
def columns(components: Sequence[str] | None = None) -> list[str]:
    """The names of a row's columns, in order, for the given solar components (default all)."""
    comps = check_components(components)
    per = [f"{_RATE}_{c}{err}" for c in comps for err in ("", "_err")]
    return list(_UNITS) + per + ["rtol_reached"]


def units(components: Sequence[str] | None = None) -> dict[str, str | None]:
    """Column name -> unit ("1": dimensionless; None: a label, an index or a flag)."""
    return {name: _UNITS.get(name, None if name == "rtol_reached" else _RATE_UNIT)
            for name in columns(components)}


def components_of(rows: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """The solar components that rows of :func:`run_scan` have columns for.

    Parameters
    ----------
    rows : sequence of mapping
        Rows of one scan (at least one).

    Returns
    -------
    tuple of str
        The components, in the order of :data:`nubrems.sun.spectra.COMPONENTS`.
    """
    return tuple(c for c in COMPONENTS if f"{_RATE}_{c}" in rows[0])


def _cell(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)            # shortest round trip: the exact double
    return str(value)


def csv_text(rows: Sequence[Mapping[str, Any]]) -> str:
    """The CSV file's content: comment line, header with units, one line per row."""
    if not rows:
        raise ValueError("no rows to write: a scan has at least one point")
    comps = components_of(rows)
    names = columns(comps)
    rtols, seeds = {r["rtol"] for r in rows}, {r["seed"] for r in rows}
    rtol = _plain(rtols.pop()) if len(rtols) == 1 else "mixed"
    seed = str(seeds.pop()) if len(seeds) == 1 else "mixed"
    buf = io.StringIO()
    buf.write(f"# nubrems {__version__} scan: rtol = {rtol}, seed = {seed}, components = "
              f"{' '.join(comps)}, {len(rows)} points; rates in photons per km^3 per year, photons "
              "for each point's volume and exposure\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow([f"{n} [{u}]" if u else n for n, u in units(comps).items()])
    for r in rows:
        writer.writerow([_cell(r[n]) for n in names])
    return buf.getvalue()


def _nearest_existing(path: Path) -> Path:
    while not path.exists() and path != path.parent:
        path = path.parent
    return path


def check_output(path: str | os.PathLike[str], option: str = "--out") -> Path:
    """The output file, checked before any work: not a directory, in a writable folder.

    The folder may not exist yet (it is created when the file is written) if its nearest
    existing ancestor is a writable directory. Raises ParameterError (one line) otherwise.
    """
    text = os.fspath(path)
    out = Path(text).expanduser()
    if text.endswith(("/", os.sep)) or out.is_dir():
        raise P.ParameterError(f"{option} {text}: is a directory; give a file name such as results.csv")
    if out.exists() and not out.is_file():
        raise P.ParameterError(f"{option} {text}: exists and is not a regular file")
    folder = _nearest_existing(out.parent)
    if not folder.is_dir():
        raise P.ParameterError(f"{option} {text}: {folder} is not a directory")
    try:
        probe_writable(folder)
    except OSError as err:
        raise P.ParameterError(f"{option} {text}: cannot write in {folder} ({err.strerror})") from None
    return out


def write_csv(rows: Sequence[Mapping[str, Any]], path: str | os.PathLike[str]) -> Path:
    """Write the rows of :func:`run_scan` as CSV, atomically.

    The content goes to a temporary file in the target's folder (created if needed),
    which replaces ``path`` only when complete; on any failure or Ctrl-C the temporary is
    removed and ``path`` is left as it was.

    Parameters
    ----------
    rows : sequence of dict
        The rows of one scan (same components in every row).
    path : str or path-like
        The CSV file.

    Returns
    -------
    Path
        The file written.
    """
    return write_text_atomically(path, csv_text(rows))

