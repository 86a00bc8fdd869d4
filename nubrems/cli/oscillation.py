"""``nubrems oscillation``: the mass-state fractions and P_ee of a solar neutrino at the Earth
(three flavours, adiabatic MSW averaged over the production region, NuFIT 6.0 best fits)."""

from __future__ import annotations

import argparse

from nubrems.cli.options import JSON_HELP, ParserT, add_catalogue_option, emit
from nubrems.flavour import mixing
from nubrems.sun import msw
from nubrems.sun import spectra as solar

__all__ = ["cmd_oscillation", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``oscillation`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("oscillation", help="mass-state fractions and P_ee of a solar neutrino at the Earth",
                              description="Probabilities that a solar neutrino of one component and energy "
                                          "arrives as mass state 1, 2 or 3, and its electron-neutrino survival "
                                          "probability P_ee (three flavours, adiabatic MSW averaged over the "
                                          "component's production region, NuFIT 6.0 best fits).")
    p.add_argument("--component", required=True, choices=solar.COMPONENTS, metavar="COMPONENT",
                   help="solar component: " + ", ".join(solar.COMPONENTS))
    add_catalogue_option(p, "--energy", "E_nu_MeV",
                         "neutrino energy (within the component's spectrum or at one of its lines)", required=True)
    p.add_argument("--ordering", default=mixing.ORDERINGS[0], choices=mixing.ORDERINGS, metavar="ORDERING",
                   help="neutrino mass ordering: " + " or ".join(mixing.ORDERINGS)
                        + f" (default {mixing.ORDERINGS[0]})")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_oscillation)


def cmd_oscillation(args: argparse.Namespace) -> None:
    """``nubrems oscillation``: P_ee and the mass-state fractions at one energy of one component.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``component``, ``energy`` in MeV, ``ordering``, ``json``).
    """
    solar.check_energy(args.component, args.energy, "--energy")
    fractions = msw.mass_state_probabilities(args.component, args.energy, args.ordering)
    p_ee = float(msw.survival_from_mass_states(fractions, args.ordering))
    data = {
        "component": args.component,
        "energy_MeV": args.energy,
        "ordering": args.ordering,
        "P_ee": p_ee,
        "mass_fractions": [float(x) for x in fractions],
        "oscillation_parameters": mixing.oscillation_parameters(args.ordering).source,
        "assumptions": "adiabatic MSW, averaged over the production region; no Earth matter",
    }
    emit(args, data, [
        f"{args.component} neutrino at {args.energy:g} MeV, {args.ordering} ordering, at the Earth:",
        f"  P_ee               = {p_ee:.4f}",
        "  mass states 1, 2, 3 = " + ", ".join(f"{x:.4f}" for x in fractions),
        "  (adiabatic MSW averaged over the production region, no Earth matter; "
        + data["oscillation_parameters"].split(":")[0] + ")",
    ])
