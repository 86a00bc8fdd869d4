"""``nubrems decays``: radiative decays nu_i -> nu_j gamma of relic and solar neutrinos, the
backgrounds of the bremsstrahlung signal from transition moments (three mass states)."""

from __future__ import annotations

import argparse
import dataclasses
import sys

import numpy as np

from nubrems.cli.options import JSON_HELP, ParserT, add_mass_state_options, add_target_options, emit, target_params
from nubrems.cli.rate import flavour_params
from nubrems.core import bounds
from nubrems.core import constants as C
from nubrems.flavour import moments

__all__ = ["cmd_decays", "register"]


def register(subparsers: argparse._SubParsersAction[ParserT]) -> None:
    """Add ``decays`` to the subcommands of ``nubrems``.

    Parameters
    ----------
    subparsers : argparse._SubParsersAction
        The subcommands of the ``nubrems`` parser (:func:`nubrems.cli.main.build_parser`).
    """
    p = subparsers.add_parser("decays", help="radiative decays nu_i -> nu_j gamma of relic and solar neutrinos",
                              description="Backgrounds of the bremsstrahlung signal from transition moments: the "
                                          "decay lines of the relic neutrinos (at rest) and the decays in flight "
                                          "of solar neutrinos inside the volume, for three mass states.")
    add_target_options(p, "moment scale of the presets in Bohr magnetons (or SM)")
    add_mass_state_options(p, "")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_decays, flavours=3, moving_relics=True, earth_velocity=None, earth_angle=None)


def cmd_decays(args: argparse.Namespace) -> None:
    """``nubrems decays``: the photons of the relic decay lines and of the solar decays in flight.

    Parameters
    ----------
    args : argparse.Namespace
        The parsed command line (the target and mass-state options, ``json``).
    """
    from nubrems.rates.three_flavour import FlavourSetup  # lazy: ~0.2 s of scipy
    from nubrems.studies import radiative_decays as RD  # lazy: imports rates.three_flavour (~0.2 s of scipy)

    # decays sets flavours=3 and moving_relics: a decay rate does not need relics at rest (the lab
    # rate is Gamma / gamma ~ Gamma), so any lightest mass in [0, 1] eV is checked as for moving
    # relics; the decays are then those of relics at rest
    p = flavour_params(args, target_params(args))
    setup = dataclasses.replace(FlavourSetup.of(p), moving_relics=False)
    masses = setup.masses_eV()
    mu = np.asarray(setup.moment_matrix_muB(p)) * C.MU_B
    relic = RD.relic_decays(p, masses, mu)
    solar_ = RD.solar_decays_in_flight(p, masses, mu)
    mu_eff = float(setup.effective_moment_muB(p, matrix_muB=mu / C.MU_B))
    entry = moments.largest_entry(mu) / C.MU_B
    warning = bounds.moment_warning(mu_eff, entry)
    # "parameters": the physics; the three-flavour settings are under "flavours" (relics at rest)
    data = {"flavours": {**setup.as_dict(), "mu_eff_muB": mu_eff, "largest_moment_muB": entry},
            "parameters": p.replace(flavours=1).as_dict(), "relic_decays": relic, "solar_decays_in_flight": solar_,
            "bound_warning": warning}
    lines = [f"radiative decays nu_i -> nu_j gamma in {p.volume_km3:g} km^3 x {p.years:g} yr "
             f"({setup.nature}, {setup.ordering} ordering, masses "
             + ", ".join(f"{m:.4g}" for m in masses) + f" eV, moments {setup.moments}, "
             f"mu_eff = {mu_eff:.3g} mu_B, largest entry {entry:.3g} mu_B):"]
    if warning:
        print(f"nubrems: warning: {warning}", file=sys.stderr)
    if not relic:
        lines.append("  none: no transition moment to a lighter state")
    for r in relic:
        lines.append(f"  relic {r['decay']}: line at {r['line_energy_eV']:.4g} eV, {r['photons']:.3e} photons "
                     f"(lifetime {r['lifetime_s']:.3g} s)")
    for r in solar_:
        lines.append(f"  solar {r['decay']} in flight: {r['photons']:.3e} photons (energies and directions "
                     "of the solar neutrinos)")
    emit(args, data, lines)
