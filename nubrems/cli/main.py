"""The ``nubrems`` command line.

Subcommands
-----------
``info``        constants (with sources) and the default parameters
``params``      every parameter: unit, default, allowed range, chapters, meaning
``kinematics``  centre-of-mass energy, boost and lab angular scale for one solar energy
``elastic``     the photon-less 2 -> 2 cross section for one solar energy
``xsec``        the bremsstrahlung cross section for one solar energy (vegas)
``spectrum``    total flux, mean and mean squared energy of one solar-neutrino component
``oscillation`` the mass-state fractions and P_ee of a solar neutrino at the Earth (MSW, 3 flavours)
``rate``        photons per volume and exposure from the whole solar spectrum (vegas)
``decays``      radiative decays nu_i -> nu_j gamma of relic and solar neutrinos (backgrounds)
``run``         execute one chapter notebook through papermill with validated parameters
``scan``        photon rates on a grid of physics parameters, in parallel (CSV)

Each subcommand is a module of :mod:`nubrems.cli` with a ``register(subparsers)`` function
(:data:`SUBCOMMANDS`, in the order ``--help`` lists them).

Every value is checked against the parameter catalogue (:mod:`nubrems.core.catalogue`) before
any work starts: invalid input exits with status 2 and one line on stderr that names the
option, the value and the allowed range. Ctrl-C stops with status 130 and one line.
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from nubrems.cli import decays, info, kinematics, oscillation, rate, run, scan, spectrum, xsec
from nubrems.core.errors import ChapterError, exit_status
from nubrems.core.version import __version__
from nubrems.studies.scan import ScanPointError

__all__ = ["DESCRIPTION", "SUBCOMMANDS", "build_parser", "main"]

DESCRIPTION = ("nubrems: bremsstrahlung photons from solar neutrinos scattering on the cosmic "
               "neutrino background through a neutrino magnetic moment. Each subcommand computes "
               "one piece of the book; `nubrems SUBCOMMAND --help` explains its options.")

#: The modules of the subcommands, in the order of ``nubrems --help``.
SUBCOMMANDS = (info, kinematics, xsec, spectrum, oscillation, rate, decays, run, scan)


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The parser of ``nubrems``: each module of :data:`SUBCOMMANDS` registers its subcommands.

    Returns
    -------
    argparse.ArgumentParser
        The parser; ``parse_args`` gives a namespace whose ``func`` runs the subcommand.
    """
    parser = _Parser(prog="nubrems", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"nubrems {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                metavar="SUBCOMMAND")
    for module in SUBCOMMANDS:
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run ``nubrems`` with ``argv`` (default: the command line).

    Parameters
    ----------
    argv : list of str, optional
        The arguments after the program name.

    Returns
    -------
    int
        The exit status: 0, 1 for a chapter or a scan point that failed while running, 2 for
        invalid input, 130 for Ctrl-C (see :func:`nubrems.core.errors.exit_status`).
    """
    def work() -> None:
        args = build_parser().parse_args(argv)
        args.func(args)

    # a chapter or a scan point that failed while running: exit 1
    return exit_status("nubrems", work, (ChapterError, ScanPointError))


if __name__ == "__main__":
    sys.exit(main())
