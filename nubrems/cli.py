"""The ``nubrems`` command line.

Subcommands
-----------
``info``        constants (with sources) and the default parameters
``kinematics``  centre-of-mass energy, boost and lab angular scale for one solar energy
``elastic``     the photon-less 2 -> 2 cross section for one solar energy
``xsec``        the bremsstrahlung cross section for one solar energy (vegas)
``rate``        photons per volume and exposure from the whole solar spectrum (vegas)
``spectrum``    total flux, mean and mean squared energy of one solar-neutrino component
``run``         execute one chapter notebook through papermill with validated parameters

Every subcommand takes ``--json`` for machine-readable output. Invalid input exits with
status 2 and a one-line message on stderr that names the offending parameter.
"""

from __future__ import annotations

import argparse
import json
import math
import sys

from . import __version__
from . import constants as C
from . import kinematics as K
from . import twobody
from .params import Params


def _positive_float(name):
    def parse(text):
        try:
            x = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be a number; got {text!r}") from None
        if not math.isfinite(x) or x <= 0:
            raise argparse.ArgumentTypeError(f"{name} must be positive; got {text!r}")
        return x

    return parse


def _emit(args, data: dict, lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print("\n".join(lines))


def cmd_info(args) -> None:
    consts = C.summary()
    defaults = Params().as_dict()
    lines = [f"nubrems {__version__}", "constants (CODATA 2022 via scipy.constants; mu_B = e/(2 m_e)):"]
    lines += [f"  {k:40s} {v:.10g}" if isinstance(v, float) else f"  {k:40s} {v}" for k, v in consts.items()]
    lines += ["default parameters (PHYSICS.md):"] + [f"  {k:40s} {v}" for k, v in defaults.items()]
    _emit(args, {"version": __version__, "constants": consts, "defaults": defaults}, lines)


def cmd_kinematics(args) -> None:
    m = Params(m_nu_eV=args.m_nu).m_nu_eV
    E = args.energy * C.MEV
    K.check_energy(E, m, name="--energy")
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
    _emit(args, data, lines)


def cmd_elastic(args) -> None:
    m = Params(m_nu_eV=args.m_nu).m_nu_eV
    E = args.energy * C.MEV
    K.check_energy(E, m, name="--energy")
    sig = float(twobody.sigma(args.process, E, m)) / C.CM2
    data = {"process": args.process, "energy_MeV": args.energy, "m_nu_eV": m, "sigma_cm2": sig}
    _emit(args, data, [f"sigma({twobody.DESCRIPTIONS[args.process]}) at E_nu = {args.energy:g} MeV, "
                       f"m_nu = {m:g} eV: {sig:.6e} cm^2"])


def cmd_xsec(args) -> None:
    from . import xsec

    r = xsec.cross_section(args.process, args.energy, m_nu_eV=args.m_nu, mu_nu_muB=args.mu_nu,
                           rtol=args.rtol, seed=args.seed)
    data = r.as_dict()
    _emit(args, data, [
        f"sigma({twobody.DESCRIPTIONS[args.process]} gamma) at E_nu = {args.energy:g} MeV, "
        f"m_nu = {r.m_nu_eV:g} eV, mu_nu = {r.mu_nu_muB:g} mu_B: "
        f"({r.sigma_cm2:.5e} +- {r.sigma_err_cm2:.1e}) cm^2  [vegas chi2/dof {r.chi2_dof:.2f}, Q {r.Q:.2f}]"])


def cmd_spectrum(args) -> None:
    from . import solar

    flux = solar.total_flux(args.component, args.model)   # ValueError lists the valid names
    data = {
        "component": args.component,
        "model": args.model,
        "total_flux_cm2_s": flux,
        "mean_energy_MeV": solar.energy_moment(args.component, 1),
        "mean_energy_squared_MeV2": solar.energy_moment(args.component, 2),
        "endpoint_MeV": solar.endpoint(args.component),
    }
    E, b = solar.lines(args.component)
    kind = ("lines " + ", ".join(f"{e:.4f} MeV ({x:.1%})" for e, x in zip(E, b))) if len(E) else \
        f"continuous up to {data['endpoint_MeV']:.4f} MeV"
    _emit(args, data, [
        f"{args.component} neutrinos ({args.model}; {kind}):",
        f"  total flux        = {flux:.4e} cm^-2 s^-1",
        f"  mean energy <E>   = {data['mean_energy_MeV']:.6g} MeV",
        f"  <E^2>             = {data['mean_energy_squared_MeV2']:.6g} MeV^2",
    ])


def cmd_rate(args) -> None:
    from . import rates

    p = Params(m_nu_eV=args.m_nu, mu_nu_muB=args.mu_nu, xi=args.xi, solar_model=args.solar_model,
               volume_km3=args.volume_km3, years=args.years)
    r = rates.photon_rate(p, rtol=args.rtol, seed=args.seed)
    data = r.as_dict()
    lines = [f"bremsstrahlung photons in {p.volume_km3:g} km^3 x {p.years:g} yr "
             f"(m_nu = {p.m_nu_eV:g} eV, mu_nu = {p.mu_nu_muB:g} mu_B, xi = {p.xi:g}, {p.solar_model}):",
             f"  total: {r.photons:.4e} +- {r.photons_err:.1e}"
             f"  ({r.photons_per_km3_per_year:.4e} per km^3 per year)"]
    lines += [f"  {c:4s} {v:.3e} +- {e:.1e} ({100 * v / r.photons:5.2f} %)" for c, (v, e) in r.by_component.items()]
    _emit(args, data, lines)


def cmd_run(args) -> None:
    from . import book  # papermill is imported only when a notebook is run

    chapter = book.resolve_chapter(args.chapter)
    declared = book.declared_parameters(chapter)
    values = {}
    if args.file:  # a book-wide set: this chapter takes the names it declares
        from_file = book.load_parameter_file(args.file)
        unknown = sorted(set(from_file) - set(declared) - set(Params.names()))
        if unknown:
            raise ValueError(f"{args.file}: unknown parameter(s) {', '.join(unknown)}")
        values = {k: v for k, v in from_file.items() if k in declared}
    for name, text in args.parameter or []:  # explicit values must be this chapter's
        values[name] = book.parse_value(text)
    out = book.run_chapter(chapter, values, output=args.output)
    print(f"wrote {out}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nubrems", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"nubrems {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("info", help="constants and default parameters")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_info)

    for name, func, helptext in (
        ("kinematics", cmd_kinematics, "CM energy, boost and lab angular scale"),
        ("elastic", cmd_elastic, "the photon-less 2 -> 2 cross section"),
    ):
        p = sub.add_parser(name, help=helptext)
        p.add_argument("--energy", required=True, type=_positive_float("--energy"),
                       help="solar neutrino energy in MeV")
        p.add_argument("--m-nu", type=_positive_float("--m-nu"), default=Params().m_nu_eV,
                       help="neutrino mass in eV (default %(default)s)")
        if name == "elastic":
            p.add_argument("--process", choices=twobody.PROCESSES, default="nunu")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)

    p = sub.add_parser("xsec", help="bremsstrahlung cross section nu nu(bar) -> nu nu(bar) gamma")
    p.add_argument("--energy", required=True, type=_positive_float("--energy"),
                   help="solar neutrino energy in MeV")
    p.add_argument("--process", choices=twobody.PROCESSES, default="nunu")
    p.add_argument("--m-nu", type=_positive_float("--m-nu"), default=Params().m_nu_eV,
                   help="neutrino mass in eV (default %(default)s)")
    p.add_argument("--mu-nu", type=_positive_float("--mu-nu"), default=Params().mu_nu_muB,
                   help="magnetic moment in Bohr magnetons (default %(default)s)")
    p.add_argument("--rtol", type=_positive_float("--rtol"), default=1e-3,
                   help="requested relative precision (default %(default)s)")
    p.add_argument("--seed", type=int, default=1, help="random seed (default %(default)s)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_xsec)

    p = sub.add_parser("spectrum", help="total flux and energy moments of a solar-neutrino component")
    p.add_argument("--component", required=True,
                   help="pp, pep, hep, 7Be, 8B, 13N, 15O or 17F")
    p.add_argument("--model", default="B16-GS98", help="solar model: B16-GS98 (default) or B16-AGSS09met")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_spectrum)

    p = sub.add_parser("rate", help="photons per km^3 and year from the whole solar spectrum")
    defaults = Params()
    p.add_argument("--m-nu", type=_positive_float("--m-nu"), default=defaults.m_nu_eV, help="eV")
    p.add_argument("--mu-nu", type=_positive_float("--mu-nu"), default=defaults.mu_nu_muB,
                   help="Bohr magnetons")
    p.add_argument("--xi", type=_positive_float("--xi"), default=defaults.xi, help="relic overdensity")
    p.add_argument("--solar-model", default=defaults.solar_model, help="B16-GS98 or B16-AGSS09met")
    p.add_argument("--volume-km3", type=_positive_float("--volume-km3"), default=defaults.volume_km3)
    p.add_argument("--years", type=_positive_float("--years"), default=defaults.years)
    p.add_argument("--rtol", type=_positive_float("--rtol"), default=1e-2,
                   help="relative precision per solar component (default %(default)s)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rate)

    p = sub.add_parser("run", help="execute a chapter notebook with papermill")
    p.add_argument("chapter", help="chapter notebook path or name, e.g. 01_kinematics")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a parameter (repeatable); VALUE is parsed as YAML")
    p.add_argument("-f", "--file", help="YAML file of parameters")
    p.add_argument("-o", "--output", help="output notebook (default: _build/run/<chapter>.ipynb)")
    p.set_defaults(func=cmd_run)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args)
    except ValueError as err:
        print(f"nubrems: error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
