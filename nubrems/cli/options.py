"""Options shared by the subcommands of ``nubrems``: argparse types that check values
against the parameter catalogue (messages name the option), the options that choose
where parallel work runs (``--jobs``, ``--scheduler``; see :mod:`nubrems.core.executors`),
the target and mass-state options of ``rate`` and ``decays``, and the output of a subcommand
(text or ``--json``)."""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from nubrems.core import catalogue as P
from nubrems.core.executors import default_jobs
from nubrems.core.params import Params
from nubrems.flavour.mixing import ORDERINGS
from nubrems.rates.integration import PrecisionWarning

__all__ = ["JSON_HELP", "SPECTRA_HELP", "ParserT", "add_catalogue_option", "add_mass_state_options",
           "add_parallel_options", "add_target_options", "catalogue_type", "check_threshold", "emit", "jobs_type",
           "precision_note", "target_params"]

#: The parser class of the subcommands (``register(subparsers)`` takes the subparsers of any).
ParserT = TypeVar("ParserT", bound=argparse.ArgumentParser)

#: The help of ``--json``.
JSON_HELP = "print machine-readable JSON instead of text"

#: The help of ``--spectra`` (rate, decays, spectrum).
SPECTRA_HELP = ("pp and hep spectra: thermal (made in the Sun, the endpoint raised by the thermal energy of the "
                "fusing nuclei) or laboratory (the beta spectra of the reactions at rest)")


def catalogue_type(option: str, name: str, chapter: str | None = None) -> Callable[[str], Any]:
    """An argparse type that validates through the catalogue entry ``name`` and names ``option``."""
    spec = P.get(name)

    def parse(text: str) -> Any:
        try:
            return spec.validate(text, chapter)
        except P.ParameterError as err:
            raise argparse.ArgumentTypeError(str(err).replace(f"{name} = ", "", 1)) from None

    parse.__name__ = option   # argparse shows it in "invalid <name> value" messages
    return parse


def jobs_type(text: str) -> int:
    """``--jobs``: a number of worker processes, at least 1."""
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: not an integer; allowed: an integer >= 1") from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"{jobs}: allowed: an integer >= 1")
    return jobs


def add_parallel_options(p: argparse.ArgumentParser, what: str) -> None:
    """``--jobs`` and ``--scheduler``: how the independent ``what`` run."""
    p.add_argument("--jobs", type=jobs_type, default=None, metavar="N",
                   help=f"processes that compute the {what} in parallel (default: all {default_jobs()} "
                        "cores; 1: in this process; results are bit-identical for any N)")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask cluster (e.g. tcp://host:8786; default: the environment "
                        "variable DASK_SCHEDULER_ADDRESS, unless --jobs is given, else this machine)")


def add_catalogue_option(p: argparse.ArgumentParser, option: str, name: str, help_: str,
                         chapter: str | None = None, default: Any = None, required: bool = False) -> None:
    """Add ``option``, checked against the catalogue entry ``name``; its help adds unit, range and default.

    Parameters
    ----------
    p : argparse.ArgumentParser
        The subcommand's parser.
    option : str
        The option, e.g. ``"--m-nu"``.
    name : str
        The parameter of :mod:`nubrems.core.catalogue`, e.g. ``"m_nu_eV"``.
    help_ : str
        What the option means; the unit, the allowed range and the default are appended.
    chapter : str, optional
        The chapter whose default and range apply (default: the book-wide ones).
    default : optional
        A default other than the catalogue's.
    required : bool
        Whether the option must be given (then it has no default).
    """
    spec = P.get(name)
    default = spec.default_for(chapter) if default is None else default
    unit = f" [{spec.unit}]" if spec.unit else ""
    shown = "required" if required else f"default {default}"
    p.add_argument(option, type=catalogue_type(option, name, chapter), default=None if required else default,
                   required=required, metavar=name.split("_")[0].upper() if spec.kind != "choice" else None,
                   choices=spec.choices or None,
                   help=f"{help_}{unit}; {spec.allowed(chapter)} ({shown})")


def emit(args: argparse.Namespace, data: Mapping[str, object], lines: list[str]) -> None:
    """Print ``data`` as JSON with ``--json``, else ``lines`` as text."""
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print("\n".join(lines))


def check_threshold(energy_MeV: float, m_nu_eV: float) -> None:
    """Refuse an ``--energy`` below the threshold of the scattering on a relic of mass ``--m-nu``."""
    P.check_threshold("--energy", energy_MeV, "the neutrino mass --m-nu", m_nu_eV)


def precision_note(caught: list[warnings.WarningMessage], option: str = "--rtol") -> None:
    """Turn the integrator's PrecisionWarning into one line on stderr that names ``option``."""
    for w in caught:
        if issubclass(w.category, PrecisionWarning):
            achieved = str(w.message).split("relative error ")[-1].split(" ")[0]
            print(f"nubrems: warning: vegas reached its iteration limit at relative error {achieved}, "
                  f"short of the requested {option}; the error quoted is the one achieved", file=sys.stderr)
            return


def add_target_options(p: argparse.ArgumentParser, moment_help: str) -> None:
    """The moment, the relic overdensity, the solar model and the exposure, shared by ``rate``
    and ``decays`` (read back by :func:`target_params`)."""
    add_catalogue_option(p, "--mu-nu", "mu_nu_muB", moment_help)
    add_catalogue_option(p, "--xi", "xi", "relic overdensity")
    add_catalogue_option(p, "--solar-model", "solar_model", "solar model")
    add_catalogue_option(p, "--spectra", "spectra", SPECTRA_HELP)
    add_catalogue_option(p, "--volume-km3", "volume_km3", "target volume")
    add_catalogue_option(p, "--years", "years", "exposure time")


def target_params(args: argparse.Namespace, **more: Any) -> Params:
    """The parameters of :func:`add_target_options` (and ``more``) as a :class:`~nubrems.core.params.Params`."""
    return Params(mu_nu_muB=args.mu_nu, xi=args.xi, solar_model=args.solar_model, spectra=args.spectra,
                  volume_km3=args.volume_km3, years=args.years, **more)


def add_mass_state_options(p: argparse.ArgumentParser, prefix: str) -> None:
    """The three-mass-state options shared by ``rate --flavours 3`` and ``decays``; ``prefix``
    starts each help text."""
    p.add_argument("--ordering", choices=ORDERINGS, metavar="ORDERING", default=None,
                   help=prefix + "mass ordering, " + " or ".join(ORDERINGS) + f" (default {ORDERINGS[0]})")
    p.add_argument("--lightest-mass", type=float, metavar="EV",
                   default=None, help=prefix + "mass of the lightest state [eV]; allowed [0.001, 1] "
                                      "with relics at rest, [0, 1] with --moving-relics (a massless state is "
                                      "computed as 1e-6 eV) (default 0.05)")
    p.add_argument("--moments", metavar="PRESET|FILE.yaml", default=None,
                   help=prefix + "moment matrix in the mass basis, scaled by --mu-nu: universal (on the "
                        "diagonal, default), flavour-diagonal (mu_e only, rotated by U), transition-only, or a "
                        "YAML file with matrix_muB (3 x 3, Bohr magnetons, used as written)")
    p.add_argument("--moment-scale", choices=P.MOMENT_SCALES, metavar="SCALE", default=None,
                   help=prefix + "what --mu-nu means for a preset: mu_eff (default), the flux-averaged effective "
                        "moment of solar neutrinos, sqrt(sum_i P_i sum_j |mu_ji|^2), the quantity XENONnT and "
                        "LZ bound; or entry, the size of each non-zero entry (transition-only then has "
                        "mu_eff = sqrt(2) mu_nu)")
    p.add_argument("--nature", choices=("dirac", "majorana"), metavar="NATURE", default=None,
                   help=prefix + "dirac (default) or majorana (transition moments only: use "
                        "--moments transition-only or an antisymmetric matrix file; relics of both helicities, "
                        "n_nu + n_nubar per mass state)")
