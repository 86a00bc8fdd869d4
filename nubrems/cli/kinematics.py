"""``nubrems kinematics`` (centre-of-mass energy, boost and lab angular scale for one solar
energy) and ``nubrems elastic`` (the photon-less 2 -> 2 cross section for one solar energy),
both on a relic neutrino at rest."""

from __future__ import annotations

import argparse
import math

from nubrems.amplitudes import twobody
from nubrems.cli.options import JSON_HELP, ParserT, add_catalogue_option, check_threshold, emit
from nubrems.core import constants as C
from nubrems.kinematics import vectors as K

__all__ = ["cmd_elastic", "cmd_kinematics", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``kinematics`` and ``elastic`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    for name, func, helptext in (
        ("kinematics", cmd_kinematics, "CM energy, boost and lab angular scale for one solar energy"),
        ("elastic", cmd_elastic, "the photon-less 2 -> 2 cross section for one solar energy"),
    ):
        p = subparsers.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] +
                                  ", for a relic neutrino at rest.")
        add_catalogue_option(p, "--energy", "E_nu_MeV", "solar neutrino (total) energy", required=True)
        add_catalogue_option(p, "--m-nu", "m_nu_eV", "neutrino mass")
        if name == "elastic":
            p.add_argument("--process", choices=twobody.PROCESSES, default="nunu",
                           help="nunu: nu nu -> nu nu; nunubar: nu nubar -> nu nubar (default nunu)")
        p.add_argument("--json", action="store_true", help=JSON_HELP)
        p.set_defaults(func=func)


def cmd_kinematics(args: argparse.Namespace) -> None:
    """``nubrems kinematics``: sqrt(s), the CM momentum and boost, and the lab angle of a 90-degree CM photon.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``energy`` in MeV, ``m_nu`` in eV, ``json``).
    """
    m = args.m_nu
    check_threshold(args.energy, m)
    E = args.energy * C.MEV
    data = {
        "energy_MeV": args.energy,
        "m_nu_eV": m,
        "sqrt_s_eV": float(K.sqrt_s(E, m)),
        "cm_momentum_eV": float(K.cm_momentum(E, m)),
        "gamma_cm": float(K.cm_gamma(E, m)),
        "one_minus_beta_cm": float(K.cm_one_minus_beta(E, m)),
        "lab_angle_scale_rad": float(K.lab_angle_massless(math.pi / 2, E, m)),
    }
    lines = [
        f"E_nu = {args.energy:g} MeV on a relic of mass {m:g} eV at rest:",
        f"  sqrt(s)                 = {data['sqrt_s_eV']:.6g} eV",
        f"  CM momentum p*          = {data['cm_momentum_eV']:.6g} eV",
        f"  gamma of the CM frame   = {data['gamma_cm']:.6g}",
        f"  1 - beta of the CM      = {data['one_minus_beta_cm']:.6g}",
        f"  lab angle of a 90-degree CM photon = {data['lab_angle_scale_rad']:.6g} rad "
        f"(sqrt(2 m/E) = {math.sqrt(2 * m / E):.6g})",
    ]
    emit(args, data, lines)


def cmd_elastic(args: argparse.Namespace) -> None:
    """``nubrems elastic``: the 2 -> 2 cross section (nu nu or nu nubar) in cm^2.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``process``, ``energy`` in MeV, ``m_nu`` in eV, ``json``).
    """
    m = args.m_nu
    check_threshold(args.energy, m)
    sig = float(twobody.sigma(args.process, args.energy * C.MEV, m)) / C.CM2
    data = {"process": args.process, "energy_MeV": args.energy, "m_nu_eV": m, "sigma_cm2": sig}
    emit(args, data, [f"sigma({twobody.DESCRIPTIONS[args.process]}) at E_nu = {args.energy:g} MeV, "
                      f"m_nu = {m:g} eV: {sig:.6e} cm^2"])
