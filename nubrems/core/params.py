"""The one validated physics parameter set shared by every chapter, the CLI and the rate code.

Each field carries its unit in its name; its default, allowed range and the reason for
that range live in the parameter catalogue :mod:`nubrems.core.catalogue`, so :class:`Params`
refuses invalid values with a one-line :class:`~nubrems.core.catalogue.ParameterError` (a
``ValueError``) that names the parameter, the value and the allowed range: a bad papermill
or command-line value fails at once instead of producing a silently wrong number.

The three-flavour settings (``flavours``, ``ordering``, ``lightest_mass_eV``, ``moments``,
``nature``, ``moment_scale``, ``moving_relics``, ``earth_velocity_kms``, ``earth_angle_deg``)
are fields of the same object; with ``flavours=3`` they are also checked together
(:func:`check_flavour_setup`: relics at rest need a lightest mass of at least 1e-3 eV, an
Earth velocity needs moving relics, Majorana neutrinos need transition moments).
:class:`nubrems.rates.three_flavour.FlavourSetup` is their view for the rate code.
"""

from __future__ import annotations

import dataclasses
import math
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from nubrems.core import catalogue as P
from nubrems.core import constants as C
from nubrems.core import validate
from nubrems.core.catalogue import SOLAR_MODELS, SPECTRA, ParameterError, Range
from nubrems.core.processes import RELIC_DENSITY, check_process

__all__ = ["Params", "ParamsDict", "ParameterError", "Range", "SOLAR_MODELS", "SPECTRA", "check_energy_MeV",
           "check_flavour_setup", "check_in_range", "check_majorana_preset", "check_moments", "params_or_default"]


def check_in_range(name: str, value: Any, rng: Range) -> float:
    """Return ``value`` as a float, or raise ParameterError naming ``name`` and its range."""
    if isinstance(value, bool):
        raise ParameterError(f"{name} = {value!r}: not a number; allowed: {rng}")
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name} = {value!r}: not a number; allowed: {rng}") from None
    if not math.isfinite(x):
        raise ParameterError(f"{name} = {value!r}: not a finite number; allowed: {rng}")
    if not rng.contains(x):
        raise ParameterError(f"{name} = {value!r}: allowed: {rng}" + (f" ({rng.why})" if rng.why else ""))
    return x


def check_energy_MeV(name: str, E_MeV: Any, m_nu_eV: float) -> float:
    """A solar-neutrino energy in MeV, checked to be finite, at most 1 TeV and above threshold.

    Raises ParameterError naming ``name`` unless m_nu < E (total energy) <= 1e6 MeV.
    """
    energies = P.get("E_nu_MeV").range_for()
    assert energies is not None
    E = check_in_range(name, E_MeV, energies)
    P.check_threshold(name, E, "the neutrino mass m_nu", m_nu_eV)
    return E


#: The moment presets with diagonal moments in the mass basis, which Majorana neutrinos do not
#: have, and what to say about each.
_DIAGONAL_PRESETS = {"universal": "universal puts moments on the diagonal",
                     "flavour-diagonal": "a flavour-diagonal matrix has diagonal mass-basis moments"}


def check_majorana_preset(preset: str, nature: str) -> None:
    """Refuse a moment preset with diagonal moments for Majorana neutrinos (ParameterError naming ``moments``)."""
    if nature == "majorana" and preset in _DIAGONAL_PRESETS:
        raise ParameterError(f"moments: {_DIAGONAL_PRESETS[preset]}, which Majorana neutrinos do not have; "
                             "use transition-only or a matrix")


def check_moments(moments: Any, nature: str = "dirac") -> str:
    """A moment preset of :data:`~nubrems.core.catalogue.MOMENT_PRESETS` allowed for ``nature``, or the
    path of an existing ``.yaml``/``.yml`` file (whose matrix :mod:`nubrems.flavour.moments` reads and checks).

    Raises
    ------
    ParameterError
        One line naming ``moments``: neither a preset nor a YAML file, no such file, or a preset
        with diagonal moments for Majorana neutrinos.
    """
    name = os.fspath(moments) if isinstance(moments, os.PathLike) else moments
    if isinstance(name, str) and name in P.MOMENT_PRESETS:
        check_majorana_preset(name, nature)
        return name
    if not isinstance(name, str) or Path(name).suffix not in P.MATRIX_FILE_SUFFIXES:
        raise ParameterError(f"moments must be one of {', '.join(P.MOMENT_PRESETS)} or a YAML file; got {moments!r}")
    if not Path(name).is_file():
        raise ParameterError(f"moments: no such file {Path(name)}")
    return name


def _choice(name: str, value: Any, choices: Iterable[str]) -> None:
    try:
        validate.choice(name, value, choices)
    except ValueError as err:
        raise ParameterError(str(err)) from None


def check_flavour_setup(settings: Any) -> None:
    """Check three-flavour settings together, as a rate needs them: the one home of these rules.

    ``settings`` has the attributes ``ordering``, ``lightest_mass_eV``, ``moments``, ``nature``,
    ``moment_scale``, ``moving_relics``, ``earth_velocity_kms`` and ``earth_angle_deg`` (a
    :class:`Params` with ``flavours=3``, or a :class:`nubrems.rates.three_flavour.FlavourSetup`).
    Relics at rest need a lightest mass in :data:`~nubrems.core.catalogue.LIGHTEST_MASS_AT_REST`
    (moving relics: :data:`~nubrems.core.catalogue.LIGHTEST_MASS`); an Earth velocity through
    the relic frame needs moving relics; Majorana neutrinos need a preset without diagonal
    moments (a matrix file is read and checked by :mod:`nubrems.flavour.moments`).

    Raises
    ------
    ParameterError
        One line that starts with the offending setting's name.
    """
    s = settings
    _choice("ordering", s.ordering, P.ORDERINGS)
    moving = P.get("moving_relics").validate(s.moving_relics)
    check_in_range("lightest_mass_eV", s.lightest_mass_eV, P.LIGHTEST_MASS if moving else P.LIGHTEST_MASS_AT_REST)
    _choice("nature", s.nature, P.NATURES)
    _choice("moment_scale", s.moment_scale, P.MOMENT_SCALES)
    check_moments(s.moments, s.nature)
    velocity = check_in_range("earth_velocity_kms", s.earth_velocity_kms, P.EARTH_VELOCITY)
    angles = P.get("earth_angle_deg").range_for()
    assert angles is not None
    check_in_range("earth_angle_deg", s.earth_angle_deg, angles)
    if velocity > 0 and not moving:
        raise ParameterError("earth_velocity_kms: an Earth velocity through the relic frame needs moving relics")


class ParamsDict(TypedDict):
    """:meth:`Params.as_dict`: the fields, units in their names (``mu_nu_muB`` numeric, also for "SM");
    the three-flavour settings only with ``flavours`` = 3."""

    m_nu_eV: float
    mu_nu_muB: float
    n_nu_cm3: float
    n_nubar_cm3: float
    xi: float
    volume_km3: float
    years: float
    solar_model: str
    spectra: str
    flavours: NotRequired[int]
    ordering: NotRequired[str]
    lightest_mass_eV: NotRequired[float]
    moments: NotRequired[str]
    nature: NotRequired[str]
    moment_scale: NotRequired[str]
    moving_relics: NotRequired[bool]
    earth_velocity_kms: NotRequired[float]
    earth_angle_deg: NotRequired[float]


@dataclass(frozen=True)
class Params:
    """Physics parameters of a nubrems run (defaults: the baseline set, ``params/baseline.yaml``).

    The three-flavour settings (``flavours`` to ``earth_angle_deg``) are validated one by one
    whatever ``flavours`` is, and together when it is 3; :meth:`as_dict` writes them only
    then, so one-flavour output is that of the nine physics fields.

    Parameters
    ----------
    m_nu_eV : float
        Neutrino mass, the same for all legs, in eV. Default 0.1.
    mu_nu_muB : float or "SM"
        Magnetic moment in Bohr magnetons (default 6e-12, just below the XENONnT 2022
        bound). The string "SM" selects the Standard-Model Dirac moment for ``m_nu_eV``.
    n_nu_cm3, n_nubar_cm3 : float
        Relic neutrino and antineutrino number densities of the one flavour, cm^-3
        (default 56 each).
    xi : float
        Overdensity factor multiplying both densities (default 1).
    volume_km3 : float
        Target volume in km^3 (default 1).
    years : float
        Exposure in Julian years (default 1).
    solar_model : str
        "B16-GS98" (default) or "B16-AGSS09met".
    spectra : str
        The pp and hep spectra: "thermal" (default; made in the Sun, the endpoint raised by
        the relative kinetic energy of the fusing nuclei, :mod:`nubrems.sun.thermal`) or
        "laboratory" (the allowed beta spectra of the reactions at rest).
    flavours : {1, 3}
        1 (default): one neutrino of mass ``m_nu_eV``; 3: three mass states with the settings
        below (``m_nu_eV`` is then unused; ``mu_nu_muB`` scales the moment presets), checked
        together by :func:`check_flavour_setup`, and :func:`nubrems.rate` computes three flavours.
    ordering : {"normal", "inverted"}
        Mass ordering (default "normal").
    lightest_mass_eV : float
        Mass of the lightest state, eV (default 0.05; at least 1e-3 with relics at rest, 0
        allowed with moving relics).
    moments : str
        A moment preset ("universal", default; "flavour-diagonal", "transition-only") or a
        YAML file with ``matrix_muB`` (:mod:`nubrems.flavour.moments`).
    nature : {"dirac", "majorana"}
        Default "dirac"; Majorana neutrinos have transition moments only.
    moment_scale : {"mu_eff", "entry"}
        What ``mu_nu_muB`` means for a preset: the effective moment of solar neutrinos
        (default) or the size of each non-zero entry.
    moving_relics : bool
        Relics with Fermi-Dirac momenta instead of at rest (default False).
    earth_velocity_kms, earth_angle_deg : float
        With moving relics: the Earth's speed through the relic frame, km/s (default 0), and
        its angle to the direction of the solar neutrinos, degrees (default 90).
    """

    m_nu_eV: float = 0.1
    mu_nu_muB: float = 6e-12
    n_nu_cm3: float = 56.0
    n_nubar_cm3: float = 56.0
    xi: float = 1.0
    volume_km3: float = 1.0
    years: float = 1.0
    solar_model: str = field(default="B16-GS98")
    spectra: str = field(default="thermal")
    flavours: int = 1
    ordering: str = "normal"
    lightest_mass_eV: float = 0.05
    moments: str = "universal"
    nature: str = "dirac"
    moment_scale: str = "mu_eff"
    moving_relics: bool = False
    earth_velocity_kms: float = 0.0
    earth_angle_deg: float = 90.0

    def __post_init__(self) -> None:
        if P.get("flavours").validate(self.flavours) == 3:
            check_flavour_setup(self)           # the settings together, with the messages of the rates
        values = P.validate({name: getattr(self, name) for name in P.FIELDS})
        if values["mu_nu_muB"] == "SM":  # the Standard-Model Dirac moment of this mass
            values["mu_nu_muB"] = C.sm_dirac_moment(values["m_nu_eV"]) / C.MU_B
        for name, value in values.items():
            object.__setattr__(self, name, value)  # frozen dataclass: set the canonical values

    # --- derived quantities in natural units -----------------------------------------
    @property
    def m_nu(self) -> float:
        """Neutrino mass in eV."""
        return self.m_nu_eV

    @property
    def mu_nu(self) -> float:
        """Magnetic moment in natural units, eV^-1."""
        return self.mu_nu_muB * C.MU_B

    @property
    def exposure_cm3_s(self) -> float:
        """Target volume times exposure time, cm^3 s (1 km^3 = 1e15 cm^3, Julian years)."""
        return self.volume_km3 * 1e15 * self.years * C.YEAR_S

    def relic_density_cm3(self, process: str) -> float:
        """Density of the relic target of ``process``, overdensity included, cm^-3."""
        return self.xi * float(getattr(self, RELIC_DENSITY[check_process(process)]))

    # --- construction and export -----------------------------------------------------
    @classmethod
    def names(cls) -> tuple[str, ...]:
        """Every field name: the physics (:data:`~nubrems.core.catalogue.PHYSICS`), then the
        three-flavour settings (:data:`~nubrems.core.catalogue.FLAVOUR_SETTINGS`)."""
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Params:
        """Build from a mapping (YAML file, papermill parameters, CLI options).

        Unknown names are an error, never silently ignored.
        """
        unknown = sorted(set(values) - set(cls.names()))
        if unknown:
            raise ParameterError(f"unknown parameter(s) {', '.join(unknown)}; valid names: "
                                 f"{', '.join(cls.names())}")
        return cls(**dict(values))

    def replace(self, **changes: Any) -> Params:
        """A validated copy with some fields changed (every other field kept, the three-flavour
        settings too)."""
        return type(self).from_mapping({**{n: getattr(self, n) for n in self.names()}, **changes})

    def as_dict(self) -> ParamsDict:
        """The fields as plain data: the physics, and the three-flavour settings with ``flavours`` = 3
        (one-flavour output stays that of the nine physics fields)."""
        names = P.FIELDS if self.flavours == 3 else P.PHYSICS
        return cast(ParamsDict, {n: getattr(self, n) for n in names})


def params_or_default(params: Any) -> Params:
    """``params`` if it is a :class:`Params`, the defaults for None; ValueError for anything else
    (e.g. a solar-model name where a study now takes the parameters)."""
    if params is None:
        return Params()
    if not isinstance(params, Params):
        raise ValueError(f"params must be a nubrems Params or None; got {params!r}")
    return params
