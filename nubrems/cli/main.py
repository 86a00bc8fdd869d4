"""The ``nubrems`` command line.

Subcommands
-----------
``info``        constants (with sources) and the default parameters
``params``      every parameter: unit, default, allowed range, chapters, meaning
``kinematics``  centre-of-mass energy, boost and lab angular scale for one solar energy
``elastic``     the photon-less 2 -> 2 cross section for one solar energy
``xsec``        the bremsstrahlung cross section for one solar energy (vegas)
``rate``        photons per volume and exposure from the whole solar spectrum (vegas)
``spectrum``    total flux, mean and mean squared energy of one solar-neutrino component
``oscillation`` the mass-state fractions and P_ee of a solar neutrino at the Earth (MSW, 3 flavours)
``decays``      radiative decays nu_i -> nu_j gamma of relic and solar neutrinos (backgrounds)
``run``         execute one chapter notebook through papermill with validated parameters

Every value is checked against the parameter catalogue (:mod:`nubrems.core.catalogue`) before
any work starts: invalid input exits with status 2 and one line on stderr that names the
option, the value and the allowed range. Ctrl-C stops with status 130 and one line.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import math
import sys
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from nubrems import __version__
from nubrems.amplitudes import twobody
from nubrems.cli.options import add_parallel_options, catalogue_type
from nubrems.core import catalogue as P
from nubrems.core import constants as C
from nubrems.core.errors import ChapterError, exit_status
from nubrems.core.files import probe_writable, write_text_atomically
from nubrems.core.params import Params
from nubrems.kinematics import vectors as K
from nubrems.studies.scan import ScanPointError
from nubrems.studies.scan import add_subcommand as add_scan_subcommand

if TYPE_CHECKING:
    from nubrems.rates.one_flavour import RateResult

__all__ = ["DESCRIPTION", "build_parser", "cmd_elastic", "cmd_info", "cmd_kinematics",
           "cmd_decays", "cmd_oscillation", "cmd_params", "cmd_rate", "cmd_run", "cmd_spectrum", "cmd_xsec", "main",
           "write_rate_csv"]

DESCRIPTION = ("nubrems: bremsstrahlung photons from solar neutrinos scattering on the cosmic "
               "neutrino background through a neutrino magnetic moment. Each subcommand computes "
               "one piece of the book; `nubrems SUBCOMMAND --help` explains its options.")
JSON_HELP = "print machine-readable JSON instead of text"


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors (no usage block), exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add(p: argparse.ArgumentParser, option: str, name: str, help_: str, chapter: str | None = None,
         default: Any = None, required: bool = False) -> None:
    spec = P.get(name)
    default = spec.default_for(chapter) if default is None else default
    unit = f" [{spec.unit}]" if spec.unit else ""
    shown = "required" if required else f"default {default}"
    p.add_argument(option, type=catalogue_type(option, name, chapter), default=None if required else default,
                   required=required, metavar=name.split("_")[0].upper() if spec.kind != "choice" else None,
                   choices=spec.choices or None,
                   help=f"{help_}{unit}; {spec.allowed(chapter)} ({shown})")


def _emit(args: argparse.Namespace, data: Mapping[str, object], lines: list[str]) -> None:
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print("\n".join(lines))


def _check_threshold(energy_MeV: float, m_nu_eV: float) -> None:
    P.check_threshold("--energy", energy_MeV, "the neutrino mass --m-nu", m_nu_eV)


# --- subcommands -----------------------------------------------------------------------------
def cmd_info(args: argparse.Namespace) -> None:
    consts = C.summary()
    defaults = Params().as_dict()
    lines = [f"nubrems {__version__}", "constants (CODATA 2022 via scipy.constants; mu_B = e/(2 m_e)):"]
    lines += [f"  {k:40s} {v:.10g}" if isinstance(v, float) else f"  {k:40s} {v}" for k, v in consts.items()]
    lines += ["default (baseline) physics parameters; `nubrems params` lists every parameter:"]
    lines += [f"  {k:40s} {v}" for k, v in defaults.items()]
    _emit(args, {"version": __version__, "constants": consts, "defaults": defaults}, lines)


def cmd_params(args: argparse.Namespace) -> None:
    rows = P.reference_rows()
    if args.chapter:
        chapter = P.chapter_parameters(_chapter_stem(args.chapter))   # validates the name
        rows = [r for r in rows if r["name"] in chapter]
    lines = []
    for r in rows:
        unit = f" [{r['unit']}]" if r["unit"] else ""
        lines += [f"{r['name']}{unit}: {r['meaning']}",
                  f"    default {r['default']}; allowed {r['allowed']}",
                  f"    chapters: {r['chapters']}"]
        if r["why"]:
            lines.append(f"    range: {r['why']}")
        if r["note"]:
            lines.append(f"    why this default: {r['note']} ({r['cite']})")
    _emit(args, {"parameters": rows}, lines)


def _chapter_stem(text: str) -> str:
    for stem in P.CHAPTERS:
        if text in (stem, stem + ".ipynb") or stem.startswith(text + "_"):
            return stem
    raise P.ParameterError(f"unknown chapter {text!r}; chapters: {', '.join(P.CHAPTERS)}")


def cmd_kinematics(args: argparse.Namespace) -> None:
    m = args.m_nu
    _check_threshold(args.energy, m)
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
    _emit(args, data, lines)


def cmd_elastic(args: argparse.Namespace) -> None:
    m = args.m_nu
    _check_threshold(args.energy, m)
    sig = float(twobody.sigma(args.process, args.energy * C.MEV, m)) / C.CM2
    data = {"process": args.process, "energy_MeV": args.energy, "m_nu_eV": m, "sigma_cm2": sig}
    _emit(args, data, [f"sigma({twobody.DESCRIPTIONS[args.process]}) at E_nu = {args.energy:g} MeV, "
                       f"m_nu = {m:g} eV: {sig:.6e} cm^2"])


def _precision_note(caught: list[warnings.WarningMessage], option: str = "--rtol") -> None:
    """Turn the integrator's PrecisionWarning into one line that names the option."""
    from nubrems.rates.integration import PrecisionWarning

    for w in caught:
        if issubclass(w.category, PrecisionWarning):
            achieved = str(w.message).split("relative error ")[-1].split(" ")[0]
            print(f"nubrems: warning: vegas reached its iteration limit at relative error {achieved}, "
                  f"short of the requested {option}; the error quoted is the one achieved", file=sys.stderr)
            return


def cmd_xsec(args: argparse.Namespace) -> None:
    from nubrems.rates import cross_sections as xsec

    p = Params(m_nu_eV=args.m_nu, mu_nu_muB=args.mu_nu)
    _check_threshold(args.energy, p.m_nu_eV)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = xsec.cross_section(args.process, args.energy, p, rtol=args.rtol, seed=args.seed)
    _precision_note(caught)
    data = r.as_dict()
    _emit(args, data, [
        f"sigma({twobody.DESCRIPTIONS[args.process]} gamma) at E_nu = {args.energy:g} MeV, "
        f"m_nu = {r.m_nu_eV:g} eV, mu_nu = {r.mu_nu_muB:g} mu_B: "
        f"({r.sigma_cm2:.5e} +- {r.sigma_err_cm2:.1e}) cm^2  [vegas chi2/dof {r.chi2_dof:.2f}, Q {r.Q:.2f}]"])


def cmd_spectrum(args: argparse.Namespace) -> None:
    from nubrems.sun import spectra as solar

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
    _emit(args, data, [
        f"{c} neutrinos ({args.model}; {kind}):",
        f"  total flux        = {flux:.4e} cm^-2 s^-1",
        f"  mean energy <E>   = {data['mean_energy_MeV']:.6g} MeV",
        f"  <E^2>             = {data['mean_energy_squared_MeV2']:.6g} MeV^2",
    ])


def cmd_oscillation(args: argparse.Namespace) -> None:
    from nubrems.flavour import mixing
    from nubrems.sun import msw
    from nubrems.sun import spectra as solar

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
    _emit(args, data, [
        f"{args.component} neutrino at {args.energy:g} MeV, {args.ordering} ordering, at the Earth:",
        f"  P_ee               = {p_ee:.4f}",
        "  mass states 1, 2, 3 = " + ", ".join(f"{x:.4f}" for x in fractions),
        "  (adiabatic MSW averaged over the production region, no Earth matter; "
        + data["oscillation_parameters"].split(":")[0] + ")",
    ])


def cmd_decays(args: argparse.Namespace) -> None:
    import numpy as np

    from nubrems.studies import radiative_decays as RD

    p = _target_params(args)
    # a decay rate does not need relics at rest (the lab rate is Gamma / gamma ~ Gamma): any
    # lightest mass in [0, 1] eV is checked as for moving relics, then reported as at rest
    setup = dataclasses.replace(_flavour_setup(args, p), moving_relics=False)
    masses = setup.masses_eV()
    mu = np.asarray(setup.moment_matrix_muB(p)) * C.MU_B
    relic = RD.relic_decays(p, masses, mu)
    solar_ = RD.solar_decays_in_flight(p, masses, mu, setup.ordering)
    data = {"flavours": setup.as_dict(), "parameters": p.as_dict(), "relic_decays": relic,
            "solar_decays_in_flight": solar_}
    lines = [f"radiative decays nu_i -> nu_j gamma in {p.volume_km3:g} km^3 x {p.years:g} yr "
             f"({setup.nature}, {setup.ordering} ordering, masses "
             + ", ".join(f"{m:.4g}" for m in masses) + f" eV, moments {setup.moments}, "
             f"mu_nu = {p.mu_nu_muB:g} mu_B):"]
    if not relic:
        lines.append("  none: no transition moment to a lighter state")
    for r in relic:
        lines.append(f"  relic {r['decay']}: line at {r['line_energy_eV']:.4g} eV, {r['photons']:.3e} photons "
                     f"(lifetime {r['lifetime_s']:.3g} s)")
    for r in solar_:
        lines.append(f"  solar {r['decay']} in flight: {r['photons']:.3e} photons (energies and directions "
                     "of the solar neutrinos)")
    _emit(args, data, lines)


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


def cmd_rate(args: argparse.Namespace) -> None:
    from nubrems.rates import one_flavour as rates

    p = _target_params(args, m_nu_eV=args.m_nu)
    if args.uncertainties and args.flavours != 1:
        raise P.ParameterError("--uncertainties needs --flavours 1 (the budget is for the one-flavour rate)")
    setup = _flavour_setup(args, p)
    folder = _prepare_csv_dir(args.csv) if args.csv else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if setup is None:
            r = rates.photon_rate(p, rtol=args.rtol, seed=args.seed, jobs=args.jobs, scheduler=args.scheduler)
        else:
            from nubrems.rates.three_flavour import flavour_rate

            r = flavour_rate(p, setup, rtol=args.rtol, seed=args.seed, jobs=args.jobs, scheduler=args.scheduler)
    _precision_note(caught)
    angle_lines: list[str] = []
    angles: dict[str, dict[str, float]] = {}
    if args.extended_sun:
        from nubrems.sun.extended import smear

        # each component's photon directions folded with its production zone on the sky:
        # from here on (JSON, CSV) dN/dtheta is that of the extended Sun
        smeared = smear(r)
        r.dN_dtheta = {c: smeared.extended[c] for c in r.dN_dtheta}
        angles = {k: {"median_point": 1e3 * a.median_point, "median_extended": 1e3 * a.median_extended,
                      "p90_point": 1e3 * a.p90_point, "p90_extended": 1e3 * a.p90_extended}
                  for k, a in smeared.angles.items()}
        angle_lines = ["  photon angles to the anti-solar direction [mrad], point-like -> extended Sun:"]
        angle_lines += [f"    {k:5s} median {a['median_point']:.3f} -> {a['median_extended']:.3f}, "
                        f"90 % {a['p90_point']:.3f} -> {a['p90_extended']:.3f}"
                        for k, a in angles.items() if math.isfinite(a["median_point"])]
    written = write_rate_csv(r, folder) if folder else []
    data: Mapping[str, object] = r.as_dict(spectra=True)
    if args.extended_sun:
        data = {**data, "sun": "extended", "photon_angles_mrad": angles}
    budget_lines: list[str] = []
    if args.uncertainties:
        from nubrems.rates.uncertainty import budget

        b = budget({c: v for c, (v, _) in r.by_component.items()}, {c: e for c, (_, e) in r.by_component.items()},
                   params=p)
        data = {**data, "uncertainty_budget": b.as_dict()}
        budget_lines = b.lines()
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
    lines += angle_lines
    lines += budget_lines
    lines += [f"wrote {path}" for path in written]
    _emit(args, data, lines)
    if args.json and written:
        print("\n".join(f"wrote {path}" for path in written), file=sys.stderr)


def _flavour_setup(args: argparse.Namespace, p: Params) -> Any:
    """The three-flavour setup of ``rate`` (None for one flavour), checked before any work."""
    given = [opt for opt, value in (("--ordering", args.ordering), ("--lightest-mass", args.lightest_mass),
                                    ("--moments", args.moments), ("--nature", args.nature),
                                    ("--moving-relics", args.moving_relics or None),
                                    ("--earth-velocity", args.earth_velocity),
                                    ("--earth-angle", args.earth_angle)) if value is not None]
    if args.flavours == 1:
        if given:
            raise P.ParameterError(f"{given[0]} needs --flavours 3")
        return None
    from nubrems.rates.three_flavour import FlavourSetup

    defaults = FlavourSetup()
    setup = FlavourSetup(ordering=args.ordering or defaults.ordering,
                         lightest_mass_eV=defaults.lightest_mass_eV if args.lightest_mass is None
                         else args.lightest_mass,
                         moments=args.moments or defaults.moments, nature=args.nature or defaults.nature,
                         moving_relics=args.moving_relics,
                         earth_velocity_kms=defaults.earth_velocity_kms if args.earth_velocity is None
                         else args.earth_velocity,
                         earth_angle_deg=defaults.earth_angle_deg if args.earth_angle is None else args.earth_angle)
    try:
        return setup.check(p)
    except ValueError as err:
        text = str(err)
        for name, option in (("lightest_mass_eV", "--lightest-mass"), ("moments", "--moments"),
                             ("nature", "--nature"), ("ordering", "--ordering"),
                             ("earth_velocity_kms", "--earth-velocity"), ("earth_angle_deg", "--earth-angle")):
            if text.startswith(name):
                text = option + text[len(name):]
                break
        raise P.ParameterError(text) from None


def write_rate_csv(r: RateResult, folder: Path) -> list[Path]:
    """The binned dN/dE and dN/dtheta of a rate result, one CSV each, written atomically."""
    p = r.params
    header = [f"# nubrems rate {__version__}: photons in {p.volume_km3:g} km^3 x {p.years:g} yr",
              "# parameters: " + ", ".join(f"{k} = {v}" for k, v in p.as_dict().items())]
    out = []
    for which, edges, unit, per in (("energy", r.energy_edges_MeV, "MeV", r.dN_dE),
                                    ("angle", r.angle_edges_rad, "rad", r.dN_dtheta)):
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
        out.append(write_text_atomically(folder / f"rate_{which}.csv", buf.getvalue()))
    return out


def cmd_run(args: argparse.Namespace) -> None:
    try:   # the book extra (papermill, nbformat, ...) is needed only to run chapters
        from nubrems.book import build as book
        from nubrems.book import runner
    except ImportError as err:
        raise P.ParameterError(f"nubrems run needs the book extra ({err.name} is missing): "
                               "pip install 'nubrems[book]'") from None

    chapter = runner.resolve_chapter(args.chapter)
    declared = P.chapter_parameters(chapter.stem)
    values: dict[str, Any] = {}
    set_parts = []
    if args.file:  # a book-wide set: this chapter takes the names it declares
        from_file = book.load_parameter_file(args.file)
        values = {k: v for k, v in from_file.items() if k in declared}
        set_parts.append(Path(args.file).stem)
    for name, text in args.parameter or []:  # explicit values must be this chapter's
        if name not in declared:
            raise P.ParameterError(f"-p {name}: unknown parameter for chapter {chapter.stem}; it takes: "
                                   f"{', '.join(declared)}")
        try:
            values[name] = runner.parse_cli_value(name, text, chapter.stem)
        except P.ParameterError as err:
            raise P.ParameterError(f"-p {err}") from None
    if args.parameter:
        set_parts.append("command line")
    out = runner.run_chapter(chapter, values, output=args.output,
                             set_name=" + ".join(set_parts) if set_parts else None)
    print(f"wrote {out}")


# --- the parser ------------------------------------------------------------------------------
def _run_epilog() -> str:
    lines = ["chapters and the parameters they declare (`nubrems params` explains each):"]
    for stem in P.CHAPTERS:
        lines.append(f"  {stem:18s} " + ", ".join(P.chapter_parameters(stem)))
    lines += ["", "examples:", "  nubrems run 01_kinematics -p m_nu_eV 0.8",
              "  nubrems run 05 -f params/heavy.yaml -o heavy-rates.ipynb",
              "  nubrems run 01 -p E_examples_MeV 0.5,2,8"]
    return "\n".join(lines)


def _add_target_options(p: argparse.ArgumentParser, moment_help: str) -> None:
    """The moment, the relic overdensity, the solar model and the exposure, shared by ``rate``
    and ``decays`` (read back by :func:`_target_params`)."""
    _add(p, "--mu-nu", "mu_nu_muB", moment_help)
    _add(p, "--xi", "xi", "relic overdensity")
    _add(p, "--solar-model", "solar_model", "solar model")
    _add(p, "--spectra", "spectra", SPECTRA_HELP)
    _add(p, "--volume-km3", "volume_km3", "target volume")
    _add(p, "--years", "years", "exposure time")


#: The help of ``--spectra`` (rate, decays, spectrum).
SPECTRA_HELP = ("pp and hep spectra: thermal (made in the Sun, the endpoint raised by the thermal energy of the "
                "fusing nuclei) or laboratory (the beta spectra of the reactions at rest)")


def _target_params(args: argparse.Namespace, **more: Any) -> Params:
    """The parameters of :func:`_add_target_options` (and ``more``) as a :class:`Params`."""
    return Params(mu_nu_muB=args.mu_nu, xi=args.xi, solar_model=args.solar_model, spectra=args.spectra,
                  volume_km3=args.volume_km3, years=args.years, **more)


def _add_mass_state_options(p: argparse.ArgumentParser, prefix: str) -> None:
    """The three-mass-state options shared by ``rate --flavours 3`` and ``decays``."""
    from nubrems.flavour.mixing import ORDERINGS

    p.add_argument("--ordering", choices=ORDERINGS, metavar="ORDERING", default=None,
                   help=prefix + "mass ordering, " + " or ".join(ORDERINGS) + f" (default {ORDERINGS[0]})")
    p.add_argument("--lightest-mass", type=float, metavar="EV",
                   default=None, help=prefix + "mass of the lightest state [eV]; allowed [0.001, 1] "
                                      "with relics at rest, [0, 1] with --moving-relics (a massless state is "
                                      "computed as 1e-6 eV) (default 0.05)")
    p.add_argument("--moments", metavar="PRESET|FILE.yaml", default=None,
                   help=prefix + "moment matrix in the mass basis, scaled by --mu-nu: universal (on the "
                        "diagonal, default), flavour-diagonal (mu_e only, rotated by U), transition-only, or a "
                        "YAML file with matrix_muB (3 x 3, Bohr magnetons)")
    p.add_argument("--nature", choices=("dirac", "majorana"), metavar="NATURE", default=None,
                   help=prefix + "dirac (default) or majorana (transition moments only: use "
                        "--moments transition-only or an antisymmetric matrix file; relics of both helicities, "
                        "n_nu + n_nubar per mass state)")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="nubrems", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"nubrems {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser,
                                metavar="SUBCOMMAND")

    p = sub.add_parser("info", help="constants and the default parameters",
                       description="Physical constants (CODATA 2022) and the baseline physics parameters.")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser("params", help="every parameter: unit, default, allowed range, chapters",
                       description="List every parameter of the book and the CLI with its unit, default, "
                                   "allowed range (and why), the chapters that use it and its meaning.")
    p.add_argument("--chapter", help="only the parameters of this chapter (e.g. 05_rates or 05)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_params)

    for name, func, helptext in (
        ("kinematics", cmd_kinematics, "CM energy, boost and lab angular scale for one solar energy"),
        ("elastic", cmd_elastic, "the photon-less 2 -> 2 cross section for one solar energy"),
    ):
        p = sub.add_parser(name, help=helptext, description=helptext[0].upper() + helptext[1:] +
                           ", for a relic neutrino at rest.")
        _add(p, "--energy", "E_nu_MeV", "solar neutrino (total) energy", required=True)
        _add(p, "--m-nu", "m_nu_eV", "neutrino mass")
        if name == "elastic":
            p.add_argument("--process", choices=twobody.PROCESSES, default="nunu",
                           help="nunu: nu nu -> nu nu; nunubar: nu nubar -> nu nubar (default nunu)")
        p.add_argument("--json", action="store_true", help=JSON_HELP)
        p.set_defaults(func=func)

    p = sub.add_parser("xsec", help="bremsstrahlung cross section nu nu(bar) -> nu nu(bar) gamma (vegas)",
                       description="The bremsstrahlung cross section for one solar energy on a relic at "
                                   "rest, by vegas, with its Monte Carlo error.")
    _add(p, "--energy", "E_nu_MeV", "solar neutrino (total) energy", required=True)
    p.add_argument("--process", choices=twobody.PROCESSES, default="nunu",
                   help="nunu: nu nu -> nu nu gamma; nunubar: nu nubar -> nu nubar gamma (default nunu)")
    _add(p, "--m-nu", "m_nu_eV", "neutrino mass")
    _add(p, "--mu-nu", "mu_nu_muB", "magnetic moment in Bohr magnetons (or SM)")
    _add(p, "--rtol", "rtol", "requested relative Monte Carlo precision", chapter="03_phase_space",
         default=1e-3)
    _add(p, "--seed", "seed", "vegas random seed (equal seeds, equal results)", default=1)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_xsec)

    p = sub.add_parser("spectrum", help="total flux and energy moments of a solar-neutrino component",
                       description="Total flux, mean and mean squared energy of one solar component.")
    from nubrems.sun.spectra import COMPONENTS  # light import: tables are read lazily

    p.add_argument("--component", required=True, choices=COMPONENTS, metavar="COMPONENT",
                   help="solar component: " + ", ".join(COMPONENTS))
    p.add_argument("--model", default="B16-GS98", choices=P.SOLAR_MODELS, metavar="MODEL",
                   help="solar model: " + " or ".join(P.SOLAR_MODELS) + " (default B16-GS98)")
    _add(p, "--spectra", "spectra", SPECTRA_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_spectrum)

    p = sub.add_parser("oscillation", help="mass-state fractions and P_ee of a solar neutrino at the Earth",
                       description="Probabilities that a solar neutrino of one component and energy "
                                   "arrives as mass state 1, 2 or 3, and its electron-neutrino survival "
                                   "probability P_ee (three flavours, adiabatic MSW averaged over the "
                                   "component's production region, NuFIT 6.0 best fits).")
    p.add_argument("--component", required=True, choices=COMPONENTS, metavar="COMPONENT",
                   help="solar component: " + ", ".join(COMPONENTS))
    _add(p, "--energy", "E_nu_MeV", "neutrino energy (within the component's spectrum or at one of its lines)",
         required=True)
    from nubrems.flavour.mixing import ORDERINGS

    p.add_argument("--ordering", default=ORDERINGS[0], choices=ORDERINGS, metavar="ORDERING",
                   help="neutrino mass ordering: " + " or ".join(ORDERINGS) + f" (default {ORDERINGS[0]})")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_oscillation)

    p = sub.add_parser("rate", help="photons per km^3 and year from the whole solar spectrum (vegas)",
                       description="Bremsstrahlung photons in a volume and exposure from all solar "
                                   "components, by vegas, with Monte Carlo errors; the binned photon "
                                   "energy and angle spectra with --json or --csv.")
    _add(p, "--m-nu", "m_nu_eV", "neutrino mass")
    _add_target_options(p, "magnetic moment in Bohr magnetons (or SM)")
    _add(p, "--rtol", "rtol", "relative Monte Carlo precision per solar component", chapter="05_rates",
         default=1e-2)
    _add(p, "--seed", "seed", "vegas random seed (component c uses seed + its index)", default=1)
    p.add_argument("--flavours", type=int, choices=(1, 3), default=1,
                   help="1: one neutrino with mass --m-nu (the paper, default); 3: three mass states "
                        "(masses from --lightest-mass and --ordering, moments --moments, MSW mass-state "
                        "fractions of the solar neutrinos, every weak channel)")
    _add_mass_state_options(p, "with --flavours 3: ")
    p.add_argument("--moving-relics", action="store_true",
                   help="with --flavours 3: relic momenta from the Fermi-Dirac distribution at T_nu = 1.945 K "
                        "(isotropic) instead of relics at rest")
    p.add_argument("--earth-velocity", type=float, metavar="KM_S", default=None,
                   help="with --moving-relics: the Earth's speed through the relic frame [km/s]; allowed "
                        "[0, 3000] (default 0: isotropic relics; the Sun moves at 369.8 km/s through the CMB)")
    p.add_argument("--earth-angle", type=float, metavar="DEG", default=None,
                   help="with --earth-velocity: angle between that velocity and the direction of the solar "
                        "neutrinos [degrees]; allowed [0, 180] (default 90)")
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
    add_parallel_options(p, "solar components")
    p.set_defaults(func=cmd_rate)

    p = sub.add_parser("decays", help="radiative decays nu_i -> nu_j gamma of relic and solar neutrinos",
                       description="Backgrounds of the bremsstrahlung signal from transition moments: the decay "
                                   "lines of the relic neutrinos (at rest) and the decays in flight of solar "
                                   "neutrinos inside the volume, for three mass states.")
    _add_target_options(p, "moment scale of the presets in Bohr magnetons (or SM)")
    _add_mass_state_options(p, "")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.set_defaults(func=cmd_decays, flavours=3, moving_relics=True, earth_velocity=None, earth_angle=None)

    p = sub.add_parser("run", help="execute a chapter notebook with papermill",
                       formatter_class=argparse.RawDescriptionHelpFormatter, epilog=_run_epilog(),
                       description="Execute one chapter with validated parameters. Every value is "
                                   "checked before a kernel starts; the executed notebook and its "
                                   "figure data (figure_data/CHAPTER/*.csv) appear only if the "
                                   "chapter succeeds; chapters/ is never written.")
    p.add_argument("chapter", help="chapter name (e.g. 01_kinematics or 01) or notebook path")
    p.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
                   help="set a parameter of this chapter (repeatable); lists as 0.3,1,10")
    p.add_argument("-f", "--file", help="YAML parameter set (e.g. params/heavy.yaml); the chapter takes "
                                        "the names it declares")
    p.add_argument("-o", "--output", help="output notebook, outside chapters/ (default: "
                                          "_build/run/<chapter>.ipynb)")
    p.set_defaults(func=cmd_run)

    add_scan_subcommand(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    def work() -> None:
        args = build_parser().parse_args(argv)
        args.func(args)

    # a chapter or a scan point that failed while running: exit 1
    return exit_status("nubrems", work, (ChapterError, ScanPointError))


if __name__ == "__main__":
    sys.exit(main())
