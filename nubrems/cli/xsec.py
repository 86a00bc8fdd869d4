"""``nubrems xsec``: the bremsstrahlung cross section nu nu(bar) -> nu nu(bar) gamma for one
solar energy on a relic at rest, by vegas, with its Monte Carlo error."""

from __future__ import annotations

import argparse
import warnings

from nubrems.amplitudes import twobody
from nubrems.cli.options import JSON_HELP, ParserT, add_catalogue_option, check_threshold, emit, precision_note
from nubrems.core.params import Params

__all__ = ["cmd_xsec", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``xsec`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("xsec", help="bremsstrahlung cross section nu nu(bar) -> nu nu(bar) gamma (vegas)",
                              description="The bremsstrahlung cross section for one solar energy on a relic at "
                                          "rest, by vegas, with its Monte Carlo error.")
    add_catalogue_option(p, "--energy", "E_nu_MeV", "solar neutrino (total) energy", required=True)
    p.add_argument("--process", choices=twobody.PROCESSES, default="nunu",
                   help="nunu: nu nu -> nu nu gamma; nunubar: nu nubar -> nu nubar gamma (default nunu)")
    add_catalogue_option(p, "--m-nu", "m_nu_eV", "neutrino mass")
    add_catalogue_option(p, "--mu-nu", "mu_nu_muB", "magnetic moment in Bohr magnetons (or SM)")
    add_catalogue_option(p, "--rtol", "rtol", "requested relative Monte Carlo precision", chapter="03_phase_space",
                         default=1e-3)
    add_catalogue_option(p, "--seed", "seed", "vegas random seed (equal seeds, equal results)", default=1)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_xsec)


def cmd_xsec(args: argparse.Namespace) -> None:
    """``nubrems xsec``: the bremsstrahlung cross section in cm^2 and its vegas error.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``energy``, ``process``, ``m_nu``, ``mu_nu``, ``rtol``, ``seed``, ``json``).
    """
    from nubrems.rates import cross_sections as xsec  # lazy: ~0.2 s of scipy (integrate, optimize) via the phase space

    p = Params(m_nu_eV=args.m_nu, mu_nu_muB=args.mu_nu)
    check_threshold(args.energy, p.m_nu_eV)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = xsec.cross_section(args.process, args.energy, p, rtol=args.rtol, seed=args.seed)
    precision_note(caught)
    data = r.as_dict()
    emit(args, data, [
        f"sigma({twobody.DESCRIPTIONS[args.process]} gamma) at E_nu = {args.energy:g} MeV, "
        f"m_nu = {r.m_nu_eV:g} eV, mu_nu = {r.mu_nu_muB:g} mu_B: "
        f"({r.sigma_cm2:.5e} +- {r.sigma_err_cm2:.1e}) cm^2  [vegas chi2/dof {r.chi2_dof:.2f}, Q {r.Q:.2f}]"])
