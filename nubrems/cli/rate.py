"""``nubrems rate``: bremsstrahlung photons per volume and exposure from the whole solar
spectrum (vegas), for one flavour or three mass states, with the binned photon spectra
(``--json``, ``--csv``), the uncertainty budget and the extended Sun on request.

:func:`flavour_setup` reads the three-mass-state options (:func:`nubrems.cli.options.add_mass_state_options`)
for ``rate`` and ``decays``."""

from __future__ import annotations

import argparse
import csv
import io
import math
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from nubrems.cli.options import (
    JSON_HELP,
    ParserT,
    add_catalogue_option,
    add_mass_state_options,
    add_parallel_options,
    add_target_options,
    emit,
    precision_note,
    target_params,
)
from nubrems.core import catalogue as P
from nubrems.core.files import probe_writable, write_text_atomically
from nubrems.core.params import Params
from nubrems.core.version import __version__

if TYPE_CHECKING:
    from nubrems.rates.one_flavour import RateResult
    from nubrems.rates.three_flavour import FlavourSetup

__all__ = ["cmd_rate", "flavour_setup", "register", "write_rate_csv"]

#: The options of the three-flavour setup and the FlavourSetup fields they set (error messages).
_SETUP_OPTIONS = (("lightest_mass_eV", "--lightest-mass"), ("moments", "--moments"), ("nature", "--nature"),
                  ("ordering", "--ordering"), ("earth_velocity_kms", "--earth-velocity"),
                  ("earth_angle_deg", "--earth-angle"))


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``rate`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("rate", help="photons per km^3 and year from the whole solar spectrum (vegas)",
                              description="Bremsstrahlung photons in a volume and exposure from all solar "
                                          "components, by vegas, with Monte Carlo errors; the binned photon "
                                          "energy and angle spectra with --json or --csv.")
    add_catalogue_option(p, "--m-nu", "m_nu_eV", "neutrino mass")
    add_target_options(p, "magnetic moment in Bohr magnetons (or SM)")
    add_catalogue_option(p, "--rtol", "rtol", "relative Monte Carlo precision per solar component",
                         chapter="05_rates", default=1e-2)
    add_catalogue_option(p, "--seed", "seed", "vegas random seed (component c uses seed + its index)", default=1)
    _add_flavour_options(p)
    _add_output_options(p)
    add_parallel_options(p, "solar components")
    p.set_defaults(func=cmd_rate)


def _add_flavour_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--flavours", type=int, choices=(1, 3), default=1,
                   help="1: one neutrino with mass --m-nu (the paper, default); 3: three mass states "
                        "(masses from --lightest-mass and --ordering, moments --moments, MSW mass-state "
                        "fractions of the solar neutrinos, every weak channel)")
    add_mass_state_options(p, "with --flavours 3: ")
    p.add_argument("--moving-relics", action="store_true",
                   help="with --flavours 3: relic momenta from the Fermi-Dirac distribution at T_nu = 1.945 K "
                        "(isotropic) instead of relics at rest")
    p.add_argument("--earth-velocity", type=float, metavar="KM_S", default=None,
                   help="with --moving-relics: the Earth's speed through the relic frame [km/s]; allowed "
                        "[0, 3000] (default 0: isotropic relics; the Sun moves at 369.8 km/s through the CMB)")
    p.add_argument("--earth-angle", type=float, metavar="DEG", default=None,
                   help="with --earth-velocity: angle between that velocity and the direction of the solar "
                        "neutrinos [degrees]; allowed [0, 180] (default 90)")


def _add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true",
                   help=JSON_HELP + ", including the binned dN/dE and dN/dtheta with errors and bin edges")
    p.add_argument("--csv", metavar="DIR", help="also write rate_energy.csv and rate_angle.csv to DIR")
    p.add_argument("--uncertainties", action="store_true",
                   help="add the uncertainty budget (solar fluxes, solar model, 8B spectrum, pp/hep thermal shift, "
                        "Monte Carlo; absolute and relative, total in quadrature; see nubrems.rates.uncertainty) "
                        "to the output (--json: the key uncertainty_budget); one flavour only")
    p.add_argument("--extended-sun", action="store_true",
                   help="fold the photon angles with each solar component's production zone on the sky "
                        "(nubrems.sun.extended; default: a point-like Sun): dN/dtheta (JSON, CSV) is that of the "
                        "extended Sun, and the median and 90 %% angles before and after are printed "
                        "(--json: photon_angles_mrad)")


def cmd_rate(args: argparse.Namespace) -> None:
    """``nubrems rate``: the photon count, by component (and channel), as text or JSON, and the CSV files.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (the options of :func:`register`).
    """
    p = target_params(args, m_nu_eV=args.m_nu)
    if args.uncertainties and args.flavours != 1:
        raise P.ParameterError("--uncertainties needs --flavours 1 (the budget is for the one-flavour rate)")
    setup = flavour_setup(args, p)
    folder = _prepare_csv_dir(args.csv) if args.csv else None
    r = _compute(args, p, setup)
    angles, angle_lines = _extend_sun(r) if args.extended_sun else ({}, [])
    written = write_rate_csv(r, folder) if folder else []
    data: Mapping[str, object] = r.as_dict(spectra=True)
    if args.extended_sun:
        data = {**data, "sun": "extended", "photon_angles_mrad": angles}
    budget_lines: list[str] = []
    if args.uncertainties:
        budget, budget_lines = _budget(r, p)
        data = {**data, "uncertainty_budget": budget}
    lines = _summary_lines(r, p, setup) + angle_lines + budget_lines + [f"wrote {path}" for path in written]
    emit(args, data, lines)
    if args.json and written:
        print("\n".join(f"wrote {path}" for path in written), file=sys.stderr)


def _prepare_csv_dir(path: str) -> Path:
    """The --csv folder: created if needed, refused if it cannot hold files (before the run)."""
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        raise P.ParameterError(f"--csv {folder}: exists and is not a directory")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise P.ParameterError(f"--csv {folder}: cannot create it ({err.strerror})") from None
    try:
        probe_writable(folder)
    except OSError:
        raise P.ParameterError(f"--csv {folder}: no permission to write there") from None
    return folder


def _compute(args: argparse.Namespace, p: Params, setup: FlavourSetup | None) -> RateResult:
    """The rate by vegas (one flavour, or the three mass states of ``setup``); a precision note on stderr."""
    from nubrems.rates import one_flavour as rates  # lazy: ~0.2 s of scipy (integrate, optimize) via the phase space

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if setup is None:
            r = rates.photon_rate(p, rtol=args.rtol, seed=args.seed, jobs=args.jobs, scheduler=args.scheduler)
        else:
            from nubrems.rates.three_flavour import flavour_rate  # lazy: as one_flavour, and only with --flavours 3

            r = flavour_rate(p, setup, rtol=args.rtol, seed=args.seed, jobs=args.jobs, scheduler=args.scheduler)
    precision_note(caught)
    return r


def _extend_sun(r: RateResult) -> tuple[dict[str, dict[str, float]], list[str]]:
    """Fold each component's photon directions with its production zone on the sky: from here on
    (JSON, CSV) ``r.dN_dtheta`` is that of the extended Sun. Returns the angles [mrad] and their lines."""
    from nubrems.sun.extended import smear  # lazy: only with --extended-sun (~10 ms)

    smeared = smear(r)
    r.dN_dtheta = {c: smeared.extended[c] for c in r.dN_dtheta}
    angles = {k: {"median_point": 1e3 * a.median_point, "median_extended": 1e3 * a.median_extended,
                  "p90_point": 1e3 * a.p90_point, "p90_extended": 1e3 * a.p90_extended}
              for k, a in smeared.angles.items()}
    lines = ["  photon angles to the anti-solar direction [mrad], point-like -> extended Sun:"]
    lines += [f"    {k:5s} median {a['median_point']:.3f} -> {a['median_extended']:.3f}, "
              f"90 % {a['p90_point']:.3f} -> {a['p90_extended']:.3f}"
              for k, a in angles.items() if math.isfinite(a["median_point"])]
    return angles, lines


def _budget(r: RateResult, p: Params) -> tuple[object, list[str]]:
    """The uncertainty budget of ``r`` (``--uncertainties``): its JSON form and its lines."""
    from nubrems.rates.uncertainty import budget  # lazy: only with --uncertainties; imports one_flavour (~0.2 s)

    b = budget({c: v for c, (v, _) in r.by_component.items()}, {c: e for c, (_, e) in r.by_component.items()},
               params=p)
    return b.as_dict(), b.lines()


def _summary_lines(r: RateResult, p: Params, setup: FlavourSetup | None) -> list[str]:
    """The text output: the total, each component's share and (three flavours) each channel's."""
    if setup is None:
        what = f"m_nu = {p.m_nu_eV:g} eV, mu_nu = {p.mu_nu_muB:g} mu_B"
    else:
        masses = ", ".join(f"{m:.4g}" for m in setup.masses_eV())
        what = (f"three {setup.nature.capitalize()} states, {setup.ordering} ordering, masses {masses} eV, "
                f"moments {setup.moments} (mu_nu = {p.mu_nu_muB:g} mu_B)"
                + (", moving relics" if setup.moving_relics else ""))
    lines = [f"bremsstrahlung photons in {p.volume_km3:g} km^3 x {p.years:g} yr ({what}, xi = {p.xi:g}, "
             f"{p.solar_model}, {p.spectra} pp and hep spectra):",
             f"  total: {r.photons:.4e} +- {r.photons_err:.1e}"
             f"  ({r.photons_per_km3_per_year:.4e} per km^3 per year)"]
    lines += [f"  {c:4s} {v:.3e} +- {e:.1e} ({100 * v / r.photons:5.2f} %)" for c, (v, e) in r.by_component.items()]
    if setup is not None:
        by_channel = getattr(r, "by_channel", {})
        lines.append("  channels (summed over components), largest first:")
        lines += [f"    {label}  {v:.3e} +- {e:.1e} ({100 * v / r.photons:5.2f} %)"
                  for label, (v, e) in sorted(by_channel.items(), key=lambda kv: -kv[1][0]) if v > 0]
    return lines


def flavour_setup(args: argparse.Namespace, p: Params) -> FlavourSetup | None:
    """The three-flavour setup of ``rate`` and ``decays``, checked before any work.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line: ``flavours`` and the options of
        :func:`nubrems.cli.options.add_mass_state_options`, ``moving_relics``, ``earth_velocity``, ``earth_angle``.
    p : Params
        The physics parameters the setup is checked with.

    Returns
    -------
    FlavourSetup or None
        The checked setup; None for one flavour (``--flavours 1``, where no three-flavour option may be given).
    """
    given = [opt for opt, value in (("--ordering", args.ordering), ("--lightest-mass", args.lightest_mass),
                                    ("--moments", args.moments), ("--nature", args.nature),
                                    ("--moving-relics", args.moving_relics or None),
                                    ("--earth-velocity", args.earth_velocity),
                                    ("--earth-angle", args.earth_angle)) if value is not None]
    if args.flavours == 1:
        if given:
            raise P.ParameterError(f"{given[0]} needs --flavours 3")
        return None
    try:
        return _setup_of(args).check(p)
    except ValueError as err:
        text = str(err)
        for name, option in _SETUP_OPTIONS:
            if text.startswith(name):
                text = option + text[len(name):]
                break
        raise P.ParameterError(text) from None


def _setup_of(args: argparse.Namespace) -> FlavourSetup:
    """The (unchecked) setup of the three-flavour options; the defaults of FlavourSetup for those not given."""
    from nubrems.rates.three_flavour import FlavourSetup  # lazy: ~0.2 s of scipy; only for three flavours

    defaults = FlavourSetup()
    return FlavourSetup(ordering=args.ordering or defaults.ordering,
                        lightest_mass_eV=defaults.lightest_mass_eV if args.lightest_mass is None
                        else args.lightest_mass,
                        moments=args.moments or defaults.moments, nature=args.nature or defaults.nature,
                        moving_relics=args.moving_relics,
                        earth_velocity_kms=defaults.earth_velocity_kms if args.earth_velocity is None
                        else args.earth_velocity,
                        earth_angle_deg=defaults.earth_angle_deg if args.earth_angle is None else args.earth_angle)


def write_rate_csv(r: RateResult, folder: Path) -> list[Path]:
    """The binned dN/dE and dN/dtheta of a rate result, one CSV each, written atomically.

    Parameters
    ----------
    r : RateResult
        A result of :func:`~nubrems.rates.one_flavour.photon_rate` or
        :func:`~nubrems.rates.three_flavour.flavour_rate`.
    folder : Path
        An existing folder that can hold files (``--csv``).

    Returns
    -------
    list of Path
        ``rate_energy.csv`` and ``rate_angle.csv`` in ``folder``.
    """
    p = r.params
    header = [f"# nubrems rate {__version__}: photons in {p.volume_km3:g} km^3 x {p.years:g} yr",
              "# parameters: " + ", ".join(f"{k} = {v}" for k, v in p.as_dict().items())]
    return [write_text_atomically(folder / f"rate_{which}.csv", _csv_text(r, which, header))
            for which in ("energy", "angle")]


def _csv_text(r: RateResult, which: str, header: list[str]) -> str:
    """One CSV file of :func:`write_rate_csv`: ``which`` is "energy" (dN/dE) or "angle" (dN/dtheta)."""
    edges, unit, per = ((r.energy_edges_MeV, "MeV", r.dN_dE) if which == "energy"
                        else (r.angle_edges_rad, "rad", r.dN_dtheta))
    symbol = "dN_dE" if which == "energy" else "dN_dtheta"
    total, total_err = r.total_spectrum(which)
    columns = {f"low [{unit}]": edges[:-1], f"high [{unit}]": edges[1:],
               f"{symbol} total [1/{unit}]": total, f"{symbol} total error [1/{unit}]": total_err}
    for comp, (v, e) in per.items():
        columns[f"{symbol} {comp} [1/{unit}]"] = v
        columns[f"{symbol} {comp} error [1/{unit}]"] = e
    buf = io.StringIO()
    buf.write("\n".join([*header, f"# {symbol}: photons per {unit} (bins of the lab photon "
                                  f"{'energy' if which == 'energy' else 'angle to the solar direction'})",
                         "# columns: " + ", ".join(columns)]) + "\n")
    writer = csv.writer(buf)
    writer.writerow(list(columns))
    for row in zip(*columns.values(), strict=True):
        writer.writerow([f"{float(x):.10g}" for x in row])
    return buf.getvalue()
