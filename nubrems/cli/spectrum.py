"""``nubrems spectrum``: total flux, mean and mean squared energy (and endpoint or lines) of
one solar-neutrino component."""

from __future__ import annotations

import argparse

from nubrems.cli.options import JSON_HELP, SPECTRA_HELP, ParserT, add_catalogue_option, emit
from nubrems.core import catalogue as P
from nubrems.sun import spectra as solar

__all__ = ["cmd_spectrum", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``spectrum`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("spectrum", help="total flux and energy moments of a solar-neutrino component",
                              description="Total flux, mean and mean squared energy of one solar component.")
    p.add_argument("--component", required=True, choices=solar.COMPONENTS, metavar="COMPONENT",
                   help="solar component: " + ", ".join(solar.COMPONENTS))
    p.add_argument("--model", default="B16-GS98", choices=P.SOLAR_MODELS, metavar="MODEL",
                   help="solar model: " + " or ".join(P.SOLAR_MODELS) + " (default B16-GS98)")
    add_catalogue_option(p, "--spectra", "spectra", SPECTRA_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_spectrum)


def cmd_spectrum(args: argparse.Namespace) -> None:
    """``nubrems spectrum``: the flux and energy moments of one solar component.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (``component``, ``model``, ``spectra``, ``json``).
    """
    c, spectra = args.component, args.spectra
    flux = solar.total_flux(c, args.model)
    data: dict[str, object] = {
        "component": c,
        "model": args.model,
        "spectra": spectra,
        "total_flux_cm2_s": flux,
        "mean_energy_MeV": solar.energy_moment(c, 1, spectra=spectra),
        "mean_energy_squared_MeV2": solar.energy_moment(c, 2, spectra=spectra),
        "endpoint_MeV": solar.endpoint(c, spectra=spectra),
    }
    E, b = solar.lines(c)
    if len(E):
        kind = "lines " + ", ".join(f"{e:.4f} MeV ({x:.1%})" for e, x in zip(E, b, strict=True))
    elif c in solar.THERMAL and spectra == "thermal":
        data["laboratory_endpoint_MeV"] = solar.endpoint(c, spectra="laboratory")
        kind = (f"thermal spectrum, made in the Sun: continuous up to {solar.endpoint(c):.4f} MeV, "
                f"beyond the laboratory endpoint {data['laboratory_endpoint_MeV']:.4f} MeV")
    else:
        kind = f"{spectra} spectrum: " if c in solar.THERMAL else ""
        kind += f"continuous up to {solar.endpoint(c, spectra=spectra):.4f} MeV"
    emit(args, data, [
        f"{c} neutrinos ({args.model}; {kind}):",
        f"  total flux        = {flux:.4e} cm^-2 s^-1",
        f"  mean energy <E>   = {data['mean_energy_MeV']:.6g} MeV",
        f"  <E^2>             = {data['mean_energy_squared_MeV2']:.6g} MeV^2",
    ])
