"""``nubrems rate``: bremsstrahlung photons per volume and exposure from the whole solar
spectrum (vegas), for one flavour or three mass states, with the binned photon spectra
(``--json``, ``--csv``), the uncertainty budget and the extended Sun on request.

:func:`flavour_params` reads the three-mass-state options (:func:`nubrems.cli.options.add_mass_state_options`)
for ``rate`` and ``decays`` into the one :class:`~nubrems.core.params.Params`."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

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
from nubrems.core.files import probe_writable
from nubrems.core.params import Params

__all__ = ["cmd_rate", "flavour_params", "register"]

#: The three-flavour fields of Params, the options that set them and the attributes of the
#: parsed command line (None: not given) that hold them.
_SETUP_OPTIONS = (("ordering", "--ordering", "ordering"), ("lightest_mass_eV", "--lightest-mass", "lightest_mass"),
                  ("moments", "--moments", "moments"), ("nature", "--nature", "nature"),
                  ("moment_scale", "--moment-scale", "moment_scale"),
                  ("moving_relics", "--moving-relics", "moving_relics"),
                  ("earth_velocity_kms", "--earth-velocity", "earth_velocity"),
                  ("earth_angle_deg", "--earth-angle", "earth_angle"))


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``rate`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("rate", help="photons per km^3 and year from the whole solar spectrum",
                              description="Bremsstrahlung photons in a volume and exposure from all solar "
                                          "components, by vegas, with Monte Carlo errors; the binned photon "
                                          "energy and angle spectra with --json or --csv. Three mass states "
                                          "(--flavours 3) use the deterministic leading-order quadrature "
                                          "unless --monte-carlo.")
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
    p.add_argument("--monte-carlo", action="store_true",
                   help="with --flavours 3: run vegas (binned spectra, Monte Carlo errors) instead of the default "
                        "deterministic leading-order quadrature (totals per component and channel); implied by "
                        "--moving-relics, --extended-sun and --csv")
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

    Everything is checked before any work; the rate itself is the front door
    :func:`nubrems.rate` (:mod:`nubrems.rates.compose`), whose report gives the text, the
    JSON and the CSV files.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (the options of :func:`register`).
    """
    p = target_params(args, m_nu_eV=args.m_nu)
    if args.uncertainties and args.flavours != 1:
        raise P.ParameterError("--uncertainties needs --flavours 1 (the budget is for the one-flavour rate)")
    p = flavour_params(args, p)
    folder = _prepare_csv_dir(args.csv) if args.csv else None
    from nubrems.rates.compose import rate  # lazy: ~0.2 s of scipy (integrate, optimize) via the phase space

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = rate(p, extended_sun=args.extended_sun, uncertainties=args.uncertainties,
                      rtol=args.rtol, seed=args.seed, jobs=args.jobs, scheduler=args.scheduler,
                      method="monte-carlo" if args.monte_carlo or folder else "auto")
    precision_note(caught)
    warning = report.bound_warning()
    if warning:
        print(f"nubrems: warning: {warning}", file=sys.stderr)
    written = report.write_csv(folder) if folder else []
    emit(args, report.as_dict(), report.lines() + [f"wrote {path}" for path in written])
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


def flavour_params(args: argparse.Namespace, p: Params) -> Params:
    """The parameters of ``rate`` and ``decays`` with the three-flavour options, checked before any work.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line: ``flavours`` and the options of
        :func:`nubrems.cli.options.add_mass_state_options`, ``moving_relics``, ``earth_velocity``, ``earth_angle``.
    p : Params
        The one-flavour parameters of the other options.

    Returns
    -------
    Params
        ``p`` for ``--flavours 1`` (where no three-flavour option may be given); for ``--flavours 3``
        ``p`` with ``flavours=3`` and the settings of the options (the catalogue's defaults for
        those not given), a matrix file read and checked.

    Raises
    ------
    ParameterError
        One line naming the option (``--lightest-mass = ...``) instead of the field.
    """
    given = {field: getattr(args, attr) for field, _, attr in _SETUP_OPTIONS
             if getattr(args, attr) is not None and getattr(args, attr) is not False}   # 0 is a value
    if args.flavours == 1:
        if given:
            raise P.ParameterError(f"{_option(next(iter(given)))} needs --flavours 3")
        return p
    from nubrems.rates.three_flavour import FlavourSetup  # lazy: ~0.2 s of scipy; only for three flavours

    try:
        three = p.replace(flavours=3, **given)
        FlavourSetup.of(three).check(three)        # reads and checks a matrix file
    except ValueError as err:
        text = str(err)
        for name, option, _ in _SETUP_OPTIONS:
            if text.startswith(name):
                text = option + text[len(name):]
                break
        raise P.ParameterError(text) from None
    return three


def _option(field: str) -> str:
    """The option that sets the three-flavour field ``field``."""
    return next(option for name, option, _ in _SETUP_OPTIONS if name == field)
