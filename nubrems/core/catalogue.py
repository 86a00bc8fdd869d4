"""The catalogue of every parameter a reader can set: one source of truth.

Each :class:`Parameter` states its unit, default (per chapter where chapters differ),
kind, allowed range *with the reason for it*, meaning, and which chapters declare it.
Everything that accepts user input checks values here: the physics set
:class:`nubrems.core.params.Params`, the chapters' ``parameters`` cells (through
:func:`validate`), ``nubrems run -p/-f``, ``make book PARAMS=`` and the CLI options.
A test compares every chapter's ``parameters`` cell with this catalogue, and the book's
parameter reference page and ``nubrems params`` are generated from it.

Errors are :class:`ParameterError` (a ``ValueError``) with a one-line message that names
the parameter, the value and the allowed range.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

# --- the vocabularies of the choice parameters: named here, at the bottom, and imported by
# the physics that implements them (nubrems.flavour.mixing, nubrems.flavour.moments,
# nubrems.sun.components), so that the catalogue needs nothing above it.
#: Neutrino mass orderings.
ORDERINGS = ("normal", "inverted")
#: Magnetic-moment matrix presets of three neutrinos (nubrems.flavour.moments).
MOMENT_PRESETS = ("universal", "flavour-diagonal", "transition-only")
#: The nature of the three neutrinos (nubrems.flavour.moments, nubrems.amplitudes.majorana).
NATURES = ("dirac", "majorana")
#: What the moment scale mu_nu of a preset means: the effective moment of solar neutrinos
#: (the quantity solar experiments bound) or the size of each non-zero entry.
MOMENT_SCALES = ("mu_eff", "entry")
#: Solar-model flux normalisations (B16 standard solar models, Vinyoles et al. 2017); the
#: first is the default.
SOLAR_MODELS = ("B16-GS98", "B16-AGSS09met")
#: The choices of the pp and hep spectra: "thermal" -- made in the Sun, the endpoint raised by
#: the relative kinetic energy of the fusing nuclei (nubrems.sun.thermal; the default) -- or
#: "laboratory" -- the allowed spectra of the reactions at rest.
SPECTRA = ("thermal", "laboratory")

#: The chapters, in book order (notebook stems in ``chapters/``).
CHAPTERS = ("01_kinematics", "02_amplitudes", "03_phase_space", "04_solar_spectra",
            "05_rates", "06_estimates", "07_flavour", "08_uncertainties_backgrounds")


class ParameterError(ValueError):
    """A parameter value that is refused; the message is one line naming it."""


@dataclass(frozen=True)
class Range:
    """An allowed interval for a number, with open or closed ends and the reason for it."""

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False
    why: str = ""

    def contains(self, x: float) -> bool:
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def __str__(self) -> str:
        return f"{'(' if self.low_open else '['}{self.low:g}, {self.high:g}{')' if self.high_open else ']'}"


def _fmt(value: Any) -> str:
    """A value as the user would type it (repr for strings, plain otherwise)."""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_fmt(v) for v in value) + "]"
    return repr(value) if isinstance(value, str) else str(value)


#: Lightest neutrino mass, eV: any mass from a massless state to where the three are
#: degenerate and excluded (the range of ``lightest_mass_eV``; moving relics).
LIGHTEST_MASS = Range(0.0, 1.0, why="0 is a massless lightest state; below 1e-3 eV the relics are no longer at "
                      "rest (m_nu must be well above T_nu = 1.7e-4 eV) and move with their Fermi-Dirac momenta; "
                      "above 1 eV the masses are degenerate to 1e-3 and excluded by KATRIN and cosmology")
#: Lightest neutrino mass, eV, with relics at rest: well above T_nu = 1.7e-4 eV.
LIGHTEST_MASS_AT_REST = Range(1e-3, 1.0, why="relics at rest need masses well above T_nu = 1.7e-4 eV (at least "
                              "1e-3 eV; above 1 eV the masses are excluded by KATRIN and cosmology); lighter ones: "
                              "moving relics")
#: The Earth's speed through the relic frame, km/s (moving relics).
EARTH_VELOCITY = Range(0.0, 3000.0, why="the Sun moves at 370 km/s through the CMB frame; 3000 km/s bounds any "
                                         "local motion")
#: Suffixes of a moment-matrix file (``moments``).
MATRIX_FILE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Parameter:
    """One user-settable parameter.

    Parameters
    ----------
    name : str
        The name in chapters, YAML files and ``-p`` (its unit is part of the name).
    kind : {"float", "int", "choice", "float-list", "moment", "bool", "preset-or-file"}
        ``moment`` is a float that also accepts "SM" (the Standard-Model Dirac moment);
        ``bool`` is true or false (also the words "true", "false", "yes", "no"), never a
        number; ``preset-or-file`` is one of ``choices`` or the path of an existing
        ``.yaml``/``.yml`` file (a moment matrix). An ``int`` with ``choices`` (their
        decimal strings) takes only those integers.
    unit : str
        Unit as shown to readers ("" for dimensionless).
    default : value or dict
        The default; a dict maps chapter stems to chapter-specific defaults.
    range : Range or dict, optional
        Allowed interval for numbers (for lists: for each element); a dict maps chapter
        stems (or "*") to ranges where chapters differ.
    choices : tuple of str, optional
        Allowed values of a ``choice`` (and of an ``int`` or ``preset-or-file`` that has them).
    meaning : str
        One sentence for the reference page and ``--help``.
    chapters : tuple of str
        The chapters that declare it in their ``parameters`` cell; empty for the
        three-flavour settings of :class:`nubrems.core.params.Params` that no chapter
        declares (:data:`FLAVOUR_SETTINGS`: set in Python and on the command line).
    length : (int, int)
        Allowed number of elements of a list.
    note, cite : str
        Why the default is what it is, and the bibliography key of the source.
    """

    name: str
    kind: str
    unit: str
    default: Any
    meaning: str
    chapters: tuple[str, ...]
    range: Range | dict[str, Range] | None = None
    choices: tuple[str, ...] = ()
    length: tuple[int, int] = (1, 8)
    note: str = ""
    cite: str = ""

    def default_for(self, chapter: str | None = None) -> Any:
        if isinstance(self.default, dict):
            return self.default[chapter] if chapter in self.default else next(iter(self.default.values()))
        return self.default

    def range_for(self, chapter: str | None = None) -> Range | None:
        if isinstance(self.range, dict):
            return self.range["*"] if chapter is None else self.range.get(chapter, self.range["*"])
        return self.range

    def allowed(self, chapter: str | None = None) -> str:
        """The allowed values in words, for messages and the reference page."""
        if self.kind == "choice" or (self.kind == "int" and self.choices):
            return "one of " + ", ".join(self.choices)
        if self.kind == "bool":
            return "true or false"
        if self.kind == "preset-or-file":
            return "one of " + ", ".join(self.choices) + " or a " + "/".join(MATRIX_FILE_SUFFIXES) + " file"
        rng = self.range_for(chapter)
        assert rng is not None, f"{self.name}: a number without a range in the catalogue"
        unit = f" {self.unit}" if self.unit else ""
        text = {"int": "an integer in ", "float-list": "a list of numbers, each in "}.get(self.kind, "")
        text += f"[{int(rng.low)}, {int(rng.high)}]" if self.kind == "int" else f"{rng}{unit}"
        if self.kind == "float-list":
            lo, hi = self.length
            text += f", {lo} to {hi} of them"
        if self.kind == "moment":
            text += ' or "SM"'
        return text

    def _refuse(self, value: Any, chapter: str | None, problem: str = "") -> ParameterError:
        rng = self.range_for(chapter)
        why = f" ({rng.why})" if rng is not None and rng.why and not problem else ""
        detail = f"{problem}; " if problem else ""
        return ParameterError(f"{self.name} = {_fmt(value)}: {detail}allowed: {self.allowed(chapter)}{why}")

    def _number(self, value: Any, chapter: str | None, where: str | None = None) -> float:
        shown = where or self.name
        if isinstance(value, bool) or value is None:
            raise self._refuse(value, chapter, "not a number")
        if isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise self._refuse(value, chapter, "not a number") from None
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise self._refuse(value, chapter, "not a number") from None
        if not math.isfinite(x):
            raise self._refuse(value, chapter, "not a finite number")
        rng = self.range_for(chapter)
        if rng is not None and not rng.contains(x):
            if where:
                raise ParameterError(f"{shown} = {_fmt(x)}: allowed: {self.allowed(chapter)}"
                                     + (f" ({rng.why})" if rng.why else ""))
            raise self._refuse(value, chapter)
        return x

    def _bool(self, value: Any, chapter: str | None) -> bool:
        if isinstance(value, bool):
            return value
        words = {"true": True, "yes": True, "false": False, "no": False}
        if isinstance(value, str) and value.strip().lower() in words:
            return words[value.strip().lower()]
        raise self._refuse(value, chapter, "not true or false")

    def _preset_or_file(self, value: Any, chapter: str | None) -> str:
        if isinstance(value, os.PathLike):
            value = os.fspath(value)
        if not isinstance(value, str):
            raise self._refuse(value, chapter, "not a name or a file")
        if value in self.choices:
            return value
        if Path(value).suffix not in MATRIX_FILE_SUFFIXES:
            raise self._refuse(value, chapter, "unknown value")
        if not Path(value).is_file():
            raise self._refuse(value, chapter, "no such file")
        return value

    def validate(self, value: Any, chapter: str | None = None) -> Any:
        """The value in its canonical type, or :class:`ParameterError`."""
        if self.kind == "choice":
            if not isinstance(value, str) or value not in self.choices:
                raise self._refuse(value, chapter, "unknown value")
            return value
        if self.kind == "bool":
            return self._bool(value, chapter)
        if self.kind == "preset-or-file":
            return self._preset_or_file(value, chapter)
        if self.kind == "moment" and isinstance(value, str) and value.strip().upper() == "SM":
            return "SM"
        if self.kind == "int":
            if isinstance(value, bool):
                raise self._refuse(value, chapter, "not an integer")
            if isinstance(value, str):
                try:
                    value = int(value.strip())
                except ValueError:
                    raise self._refuse(value, chapter, "not an integer") from None
            if isinstance(value, float):
                if not value.is_integer():
                    raise self._refuse(value, chapter, "not an integer")
                value = int(value)
            if not isinstance(value, int):
                raise self._refuse(value, chapter, "not an integer")
            if self.choices and str(value) not in self.choices:
                raise self._refuse(value, chapter, "unknown value")
            self._number(value, chapter)
            return int(value)
        if self.kind == "float-list":
            if isinstance(value, str):
                value = value.replace("[", " ").replace("]", " ").replace(",", " ").split()
            if not isinstance(value, (list, tuple)):
                raise self._refuse(value, chapter, "not a list")
            lo, hi = self.length
            if not lo <= len(value) <= hi:
                raise self._refuse(value, chapter, f"{len(value)} elements")
            return [self._number(v, chapter, where=f"{self.name}[{i}]") for i, v in enumerate(value)]
        return self._number(value, chapter)


# --- the catalogue --------------------------------------------------------------------------
_MASS = Range(1e-3, 10.0, why="relics at rest need m_nu well above the relic temperature, "
              "1.7e-4 eV; above 10 eV neutrinos would be excluded by cosmology and KATRIN many times over")
_ENERGY = Range(0.0, 1e6, low_open=True, why="must also exceed the neutrino mass; the kinematics are "
                "verified to E/m_nu = 1e10 and stay exact to 1 TeV")
_SEED = Range(0, 2**32 - 1, why="numpy seeds are non-negative")
_ALL_PHYSICS = ("02_amplitudes", "03_phase_space", "05_rates", "06_estimates", "08_uncertainties_backgrounds")
_RATE = ("05_rates", "06_estimates", "08_uncertainties_backgrounds")

PARAMETERS: dict[str, Parameter] = {p.name: p for p in (
    # physics (also the fields of nubrems.core.params.Params)
    Parameter("m_nu_eV", "float", "eV", 0.1, "neutrino mass, the same for every leg",
              ("01_kinematics", *_ALL_PHYSICS), _MASS,
              note="a representative mass below the laboratory bounds", cite="PDG:2024"),
    Parameter("mu_nu_muB", "moment", "μ_B", 6e-12,
              'neutrino magnetic moment in Bohr magnetons; "SM" = Standard-Model Dirac moment for m_nu; '
              "with three mass states, the flux-averaged effective moment of solar neutrinos, "
              "sqrt(sum_i P_i sum_j |mu_ji|^2), to which the moment presets are normalised",
              (*_ALL_PHYSICS, "07_flavour"),
              Range(1e-30, 1e-6, why="rates scale as mu_nu^2: below 1e-30 they underflow double "
                    "precision; above 1e-6 the moment is excluded by a million times the laboratory bounds"),
              note="just below the XENONnT bound of 6.3e-12 mu_B (90 % CL) on the effective moment, "
                   "5 times the red-giant bound of 1.2e-12 mu_B (95 % CL)",
              cite="XENON:2022"),
    Parameter("n_nu_cm3", "float", "cm⁻³", 56.0, "relic neutrino number density of the one flavour",
              _RATE, Range(0.0, 1e15, why="0 switches the species off; nonzero values need at least "
                           "1e-10 cm^-3, below which rates underflow"),
              note="the standard relic density per species and helicity, "
                   "3 zeta(3) T_nu^3 / (4 pi^2) with T_nu = (4/11)^(1/3) T_CMB", cite="PDG:2024"),
    Parameter("n_nubar_cm3", "float", "cm⁻³", 56.0, "relic antineutrino number density of the one flavour",
              _RATE, Range(0.0, 1e15, why="0 switches the species off; nonzero values need at least "
                           "1e-10 cm^-3, below which rates underflow")),
    Parameter("xi", "float", "", 1.0, "relic overdensity factor multiplying both densities", _RATE,
              Range(1e-10, 1e15, why="below 1e-10 rates underflow; 1e15 is far beyond any clustering")),
    Parameter("volume_km3", "float", "km³", 1.0, "target volume", _RATE,
              Range(1e-9, 1e30, why="1e-9 km^3 is one cubic metre; 1e30 km^3 exceeds the Sun's volume")),
    Parameter("years", "float", "yr", 1.0, "exposure time in Julian years", _RATE,
              Range(1e-6, 1e12, why="1e-6 yr is half a minute; 1e12 yr is 70 times the age of the Universe")),
    Parameter("solar_model", "choice", "", "B16-GS98", "solar-model flux normalisation (B16)",
              ("04_solar_spectra", *_RATE), choices=SOLAR_MODELS,
              note="the B16 standard solar models with the GS98 (high) or AGSS09met (low) metallicity",
              cite="Vinyoles:2017"),
    Parameter("spectra", "choice", "", "thermal",
              "pp and hep spectra: with the thermal energy of the fusing nuclei (the Sun) or the laboratory "
              "beta spectra", ("04_solar_spectra", *_RATE), choices=SPECTRA,
              note="in the Sun the nuclei fuse with the relative kinetic energy of the Gamow window, which "
                   "raises the endpoint of the pp and hep spectra (nubrems.sun.thermal); energy conservation "
                   "gives all of it to the leptons, and Bahcall's published pp spectrum corresponds to about "
                   "half that shift", cite="Bahcall:1997"),
    # energies and grids of the chapters
    Parameter("E_min_MeV", "float", "MeV", 0.1, "lowest solar-neutrino energy of the plots",
              ("01_kinematics", "03_phase_space", "04_solar_spectra"), _ENERGY),
    Parameter("E_max_MeV", "float", "MeV", 20.0, "highest solar-neutrino energy of the plots",
              ("01_kinematics", "03_phase_space", "04_solar_spectra"), _ENERGY),
    Parameter("masses_eV", "float-list", "eV", [0.01, 0.1, 0.8], "neutrino masses compared in the plots",
              ("01_kinematics",), _MASS),
    Parameter("E_examples_MeV", "float-list", "MeV", [0.3, 1.0, 10.0],
              "solar energies of the angular and lab-frame plots", ("01_kinematics", "03_phase_space"), _ENERGY),
    Parameter("E_nu_MeV", "float", "MeV", 1.0, "solar-neutrino energy of the amplitude checks",
              ("02_amplitudes",), _ENERGY),
    Parameter("n_events", "int", "", 400, "events per amplitude check", ("02_amplitudes",),
              Range(10, 100_000, why="fewer than 10 checks nothing; 1e5 spinor sums take minutes")),
    Parameter("seed", "int", "", {"02_amplitudes": 2026, "03_phase_space": 7, "05_rates": 11,
                                  "06_estimates": 1, "07_flavour": 12, "08_uncertainties_backgrounds": 8},
              "random seed (events, vegas)",
              ("02_amplitudes", "03_phase_space", "05_rates", "06_estimates", "07_flavour",
               "08_uncertainties_backgrounds"), _SEED),
    Parameter("n_energies", "int", "", 7, "vegas points on the sigma(E) curve", ("03_phase_space",),
              Range(2, 50, why="a curve needs two points; each point costs a vegas run")),
    Parameter("rtol", "float", "", {"03_phase_space": 3e-3, "05_rates": 1e-2, "06_estimates": 3e-2,
                                    "07_flavour": 2e-2, "08_uncertainties_backgrounds": 3e-3},
              "relative Monte Carlo precision asked of each vegas run",
              ("03_phase_space", "05_rates", "06_estimates", "07_flavour", "08_uncertainties_backgrounds"),
              {"03_phase_space": Range(1e-4, 0.5, why="one cross section takes about 2 s at 5e-4 and a "
                                       "minute at 1e-4 on one core; the time grows like rtol^-2"),
               "07_flavour": Range(3e-3, 0.5, why="the chapter runs about twenty three-flavour rates, "
                                   "each about 3 s at 2e-2 on two cores; the time grows like rtol^-2, "
                                   "so 3e-3 already takes about half an hour"),
               "*": Range(3e-4, 0.5, why="the whole rate takes about 8 s at 1e-3 per component on two "
                          "cores and minutes at 3e-4; the time grows like rtol^-2")}),
    Parameter("n_points", "int", "", 600, "points per continuous spectrum in the solar figure",
              ("04_solar_spectra",), Range(10, 100_000, why="a curve needs 10 points; more is invisible")),
    Parameter("line_kT_keV", "float", "keV", 1.35, "plasma temperature of the thermally broadened 7Be line",
              ("04_solar_spectra",), Range(0.0, 100.0, low_open=True,
                                           why="the solar core is at 1.35 keV; 100 keV is far beyond any star "
                                               "burning hydrogen")),
    Parameter("n_nodes", "int", "", 64, "quadrature nodes per continuous solar component",
              ("06_estimates",), Range(8, 1000, why="8 nodes already give 1e-4; 1000 is plenty")),
    Parameter("reactor_E_MeV", "float", "MeV", 4.0, "energy of the hypothetical reactor-like beam",
              ("06_estimates",), _ENERGY),
    Parameter("reactor_flux_cm2_s", "float", "cm⁻² s⁻¹", 1e13, "flux of the hypothetical reactor-like beam",
              ("06_estimates",), Range(0.0, 1e30, low_open=True, why="1e30 is beyond any conceivable source")),
    Parameter("accelerator_E_MeV", "float", "MeV", 3000.0, "energy of the hypothetical accelerator-like beam",
              ("06_estimates",), _ENERGY),
    Parameter("accelerator_flux_cm2_s", "float", "cm⁻² s⁻¹", 1e9,
              "flux of the hypothetical accelerator-like beam", ("06_estimates",),
              Range(0.0, 1e30, low_open=True, why="1e30 is beyond any conceivable source")),
    # three neutrinos (chapter 07)
    Parameter("ordering", "choice", "", "normal", "neutrino mass ordering (NuFIT 6.0 best fit of that ordering)",
              ("07_flavour", "08_uncertainties_backgrounds"), choices=ORDERINGS,
              note="oscillation data do not yet decide between the orderings", cite="Esteban:2024"),
    Parameter("lightest_mass_eV", "float", "eV", 0.05, "mass of the lightest of the three neutrino mass states",
              ("07_flavour", "08_uncertainties_backgrounds"),
              LIGHTEST_MASS,
              note="a mass at which the three states differ (the heaviest is about 0.07 eV in normal "
                   "ordering)"),
    Parameter("moments", "preset-or-file", "", "universal", "magnetic-moment matrix of the three mass states "
              "(a preset of nubrems.flavour.moments, scaled so that its effective moment of solar "
              "neutrinos is mu_nu_muB, or a YAML file with matrix_muB, 3 x 3 in Bohr magnetons, used as "
              "written)", ("07_flavour",),
              choices=MOMENT_PRESETS,
              note="the same moment for every mass state, the direct extension of one flavour"),
    Parameter("lightest_masses_eV", "float-list", "eV", [0.0, 0.01, 0.05, 0.1, 0.2, 0.5],
              "lightest masses of the rate scan (0: a massless lightest state)", ("07_flavour",),
              Range(0.0, 1.0, why="0 is a massless lightest state (moving relics, as for every mass below "
                    "1e-3 eV); above 1 eV the masses are degenerate to 1e-3 and excluded by KATRIN and "
                    "cosmology"), length=(2, 8)),
    Parameter("moving_masses_eV", "float-list", "eV", [0.01, 0.05],
              "lightest masses at which relics at rest are compared with moving relics", ("07_flavour",),
              LIGHTEST_MASS_AT_REST, length=(1, 4)),
    # three-flavour settings that no chapter declares: fields of nubrems.core.params.Params, set in
    # Python (nubrems.Params(flavours=3, ...)) and by the options of `nubrems rate --flavours 3`
    Parameter("flavours", "int", "", 1, "1: one neutrino of mass m_nu_eV (the paper's set-up); 3: three mass "
              "states with the ordering, lightest mass, moments and nature of the settings below", (),
              Range(1, 3, why="one flavour or three mass states; two are no model of the neutrinos"),
              choices=("1", "3")),
    Parameter("nature", "choice", "", "dirac", "Dirac (relic nu_j and nubar_j) or Majorana neutrinos (one relic "
              "population per mass state with both helicities, transition moments only)", (),
              choices=NATURES),
    Parameter("moment_scale", "choice", "", "mu_eff", "what mu_nu_muB means for a moment preset: the "
              "flux-averaged effective moment of solar neutrinos (mu_eff) or the size of each non-zero "
              "entry (entry)", (), choices=MOMENT_SCALES,
              note="the effective moment is the quantity XENONnT and LZ bound", cite="XENON:2022"),
    Parameter("moving_relics", "bool", "", False, "relic momenta from the Fermi-Dirac distribution at T_nu "
              "(isotropic) instead of relics at rest; needed below a lightest mass of 1e-3 eV", ()),
    Parameter("earth_velocity_kms", "float", "km/s", 0.0, "with moving relics: the Earth's speed through the "
              "relic frame (0: relics isotropic at the Earth; the Sun moves at 369.8 km/s through the CMB)", (),
              EARTH_VELOCITY),
    Parameter("earth_angle_deg", "float", "°", 90.0, "angle between the Earth's velocity through the relic frame "
              "and the direction of the solar neutrinos (away from the Sun); it changes over the year", (),
              Range(0.0, 180.0, why="the angle between two directions")),
    # uncertainties, backgrounds and bounds (chapter 08)
    Parameter("pressure_Pa", "float", "Pa", 1e-10,
              "pressure of the residual gas (H2, 293 K) whose electrons scatter solar neutrinos",
              ("08_uncertainties_backgrounds",),
              Range(1e-20, 1.1e5, why="1e-20 Pa is two molecules per cubic metre at 293 K, far emptier than "
                    "any vacuum made on Earth; above atmospheric pressure (1.013e5 Pa) the gas is no residual "
                    "gas but the detector's own medium"),
              note="of the order of the best laboratory vacua (extreme-high vacuum)"),
    Parameter("rtol_flavour", "float", "", 3e-2,
              "relative Monte Carlo precision asked of each three-flavour rate of the exclusion view",
              ("08_uncertainties_backgrounds",),
              Range(3e-3, 0.5, why="the exclusion view runs two three-flavour rates per mass, each about 4 s "
                    "on two cores at 3e-2 and at 1e-2 (the minimum number of vegas points sets the cost there) "
                    "and about 10 s at 3e-3; below that the time grows like rtol^-2")),
    Parameter("exclusion_masses_eV", "float-list", "eV", [0.01, 0.03, 0.1, 0.3],
              "lightest masses of the three-flavour curves of the exclusion view", ("08_uncertainties_backgrounds",),
              LIGHTEST_MASS_AT_REST, length=(2, 8)),
)}

#: Names of the one-flavour physics parameters: the fields of :class:`nubrems.core.params.Params`
#: that every rate reads, its :meth:`~nubrems.core.params.Params.as_dict` for one flavour, the
#: names a scan grid takes.
PHYSICS = ("m_nu_eV", "mu_nu_muB", "n_nu_cm3", "n_nubar_cm3", "xi", "volume_km3", "years", "solar_model",
           "spectra")
#: The three-flavour settings: the other fields of :class:`~nubrems.core.params.Params`, used when
#: ``flavours`` is 3 (and written by its ``as_dict`` only then). Scans are one-flavour and refuse them.
FLAVOUR_SETTINGS = ("flavours", "ordering", "lightest_mass_eV", "moments", "nature", "moment_scale",
                    "moving_relics", "earth_velocity_kms", "earth_angle_deg")
#: Every field of :class:`~nubrems.core.params.Params`, in order.
FIELDS = PHYSICS + FLAVOUR_SETTINGS
#: What the reference page and ``nubrems params`` say of the chapters of a parameter no chapter declares.
NO_CHAPTER = "none (a three-flavour setting of nubrems.Params and of nubrems rate --flavours 3)"

#: Nonzero densities below this are refused (rates would underflow), cm^-3.
MIN_NONZERO_DENSITY = 1e-10


def get(name: str) -> Parameter:
    """The catalogue entry of ``name``; an unknown name is a :class:`ParameterError`."""
    try:
        return PARAMETERS[name]
    except KeyError:
        raise ParameterError(f"unknown parameter {name!r}; known: {', '.join(PARAMETERS)}") from None


def chapter_parameters(chapter: str) -> dict[str, Parameter]:
    """The parameters a chapter declares, in catalogue order."""
    if chapter not in CHAPTERS:
        raise ParameterError(f"unknown chapter {chapter!r}; chapters: {', '.join(CHAPTERS)}")
    return {n: p for n, p in PARAMETERS.items() if chapter in p.chapters}


def chapter_defaults(chapter: str) -> dict[str, Any]:
    """Default values of one chapter's parameters."""
    return {n: p.default_for(chapter) for n, p in chapter_parameters(chapter).items()}


# --- consistency between parameters ---------------------------------------------------------
def _masses(values: Mapping[str, Any]) -> list[tuple[str, float]]:
    out = []
    if isinstance(values.get("m_nu_eV"), float):
        out.append(("m_nu_eV", values["m_nu_eV"]))
    for i, m in enumerate(values.get("masses_eV") or []):
        out.append((f"masses_eV[{i}]", m))
    return out


def _energies(values: Mapping[str, Any]) -> list[tuple[str, float]]:
    out = []
    for name in ("E_min_MeV", "E_max_MeV", "E_nu_MeV", "reactor_E_MeV", "accelerator_E_MeV"):
        if isinstance(values.get(name), float):
            out.append((name, values[name]))
    for i, e in enumerate(values.get("E_examples_MeV") or []):
        out.append((f"E_examples_MeV[{i}]", e))
    return out


def check_threshold(name: str, E_MeV: float, mass_name: str, m_eV: float) -> None:
    """Refuse a (total) neutrino energy that does not exceed the neutrino mass, naming both."""
    if E_MeV * 1e6 <= m_eV:
        raise ParameterError(f"{name} = {_fmt(E_MeV)} MeV is below threshold: the total energy must exceed "
                             f"{mass_name} = {_fmt(m_eV)} eV")


def check_consistency(values: Mapping[str, Any]) -> None:
    """Relations between validated values: ordering, thresholds, a target to scatter on."""
    if "E_min_MeV" in values and "E_max_MeV" in values and not values["E_max_MeV"] > values["E_min_MeV"]:
        raise ParameterError(f"E_max_MeV = {_fmt(values['E_max_MeV'])} must exceed "
                             f"E_min_MeV = {_fmt(values['E_min_MeV'])}")
    masses = _masses(values)
    if masses:
        heaviest_name, heaviest = max(masses, key=lambda nm: nm[1])
        for name, E in _energies(values):
            check_threshold(name, E, heaviest_name, heaviest)
            if name in ("reactor_E_MeV", "accelerator_E_MeV") and E * 1e6 < 1e3 * heaviest:
                raise ParameterError(f"{name} = {_fmt(E)} MeV must be at least 1000 x m_nu_eV = "
                                     f"{_fmt(1e3 * heaviest)} eV: the rescaling recipe needs m_nu << E")
    for name in ("n_nu_cm3", "n_nubar_cm3"):
        n = values.get(name)
        if isinstance(n, float) and 0 < n < MIN_NONZERO_DENSITY:
            raise ParameterError(f"{name} = {_fmt(n)}: allowed: 0 or [{MIN_NONZERO_DENSITY:g}, 1e+15] cm⁻³ "
                                 "(below 1e-10 cm^-3 rates underflow)")
    if values.get("n_nu_cm3") == 0 and values.get("n_nubar_cm3") == 0:
        raise ParameterError("n_nu_cm3 and n_nubar_cm3 cannot both be 0: there would be no target")


def validate(values: Mapping[str, Any], chapter: str | None = None, *, complete: bool = False,
             where: str = "") -> dict[str, Any]:
    """Validate a mapping of parameters; returns their canonical values.

    Parameters
    ----------
    values : mapping
        Names and values (from YAML, ``-p``, a notebook namespace or CLI options).
    chapter : str, optional
        Check that every name is declared by this chapter, and use its defaults and ranges.
    complete : bool
        Fill in the chapter's defaults for missing names before the consistency checks
        (as a chapter run will see them).
    where : str
        Prefix for messages (e.g. a file name).

    Raises
    ------
    ParameterError
        One line: unknown names, wrong types, values out of range, inconsistent values.
    """
    prefix = f"{where}: " if where else ""
    allowed = chapter_parameters(chapter) if chapter else PARAMETERS
    unknown = [n for n in values if n not in allowed]
    if unknown:
        scope = f"chapter {chapter} takes" if chapter else "known parameters are"
        raise ParameterError(f"{prefix}unknown parameter(s) {', '.join(map(str, unknown))}; "
                             f"{scope}: {', '.join(allowed)}")
    out: dict[str, Any] = {}
    try:
        if complete and chapter:
            out.update({n: allowed[n].validate(allowed[n].default_for(chapter), chapter) for n in allowed})
        for name, value in values.items():
            out[name] = allowed[name].validate(value, chapter)
        check_consistency(out)
    except ParameterError as err:
        raise ParameterError(prefix + str(err)) from None
    return out


def differences(values: Mapping[str, Any], chapter: str | None = None) -> dict[str, tuple[Any, Any]]:
    """Name -> (value, default) for every value that differs from its default."""
    out = {}
    for name, value in values.items():
        default = get(name).default_for(chapter)
        if get(name).kind in ("float", "moment") and not isinstance(default, str) and not isinstance(value, str):
            same = math.isclose(float(value), float(default), rel_tol=1e-12)
        else:
            same = value == default
        if not same:
            out[name] = (value, default)
    return out


def describe_value(name: str, value: Any) -> str:
    """``value unit`` as readers see it (e.g. "0.8 eV", "6e-12 μ_B", "[0.3, 1, 10] MeV")."""
    unit = get(name).unit
    return f"{_fmt(value) if not isinstance(value, str) else value}{' ' + unit if unit else ''}"


class ReferenceRow(TypedDict):
    """One parameter as the reference page and ``nubrems params`` show it (all text)."""

    name: str
    unit: str
    default: str
    allowed: str
    why: str
    chapters: str
    meaning: str
    note: str
    cite: str


def reference_rows(chapters: Iterable[str] = CHAPTERS) -> list[ReferenceRow]:
    """One row per parameter for the reference page and ``nubrems params``."""
    rows: list[ReferenceRow] = []
    for p in PARAMETERS.values():
        if isinstance(p.default, dict):
            default = "; ".join(f"{_fmt(v)} ({c[:2]})" for c, v in p.default.items())
        elif isinstance(p.default, bool):
            default = "true" if p.default else "false"            # as YAML and the messages write it
        else:
            default = _fmt(p.default) if not isinstance(p.default, str) else p.default
        if isinstance(p.range, dict):
            allowed = "; ".join(f"{p.allowed(c)} ({c[:2]})" for c in p.chapters)
            why = " ".join(dict.fromkeys(r.why for r in p.range.values() if r.why))
        else:
            allowed, why = p.allowed(), (p.range.why if p.range else "")
        rows.append({"name": p.name, "unit": p.unit, "default": default, "allowed": allowed,
                     "why": why, "chapters": ", ".join(c for c in p.chapters if c in chapters)
                     if p.chapters else NO_CHAPTER,
                     "meaning": p.meaning, "note": p.note, "cite": p.cite})
    return rows


__all__ = ["CHAPTERS", "EARTH_VELOCITY", "FIELDS", "FLAVOUR_SETTINGS", "LIGHTEST_MASS", "LIGHTEST_MASS_AT_REST",
           "MATRIX_FILE_SUFFIXES", "MOMENT_PRESETS", "MOMENT_SCALES", "NATURES", "NO_CHAPTER", "ORDERINGS",
           "PARAMETERS",
           "PHYSICS", "SOLAR_MODELS", "SPECTRA",
           "Parameter", "ParameterError", "Range", "ReferenceRow", "chapter_defaults", "chapter_parameters",
           "check_consistency", "check_threshold",
           "describe_value", "differences", "get", "reference_rows", "validate"]
