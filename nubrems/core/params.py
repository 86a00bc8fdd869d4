"""The one validated physics parameter set shared by every chapter, the CLI and the rate code.

Each field carries its unit in its name; its default, allowed range and the reason for
that range live in the parameter catalogue :mod:`nubrems.core.catalogue`, so :class:`Params`
refuses invalid values with a one-line :class:`~nubrems.core.catalogue.ParameterError` (a
``ValueError``) that names the parameter, the value and the allowed range: a bad papermill
or command-line value fails at once instead of producing a silently wrong number.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast

from nubrems.core import catalogue as P
from nubrems.core import constants as C
from nubrems.core.catalogue import SOLAR_MODELS, SPECTRA, ParameterError, Range
from nubrems.core.processes import RELIC_DENSITY, check_process

__all__ = ["Params", "ParamsDict", "ParameterError", "Range", "SOLAR_MODELS", "SPECTRA", "check_in_range",
           "check_energy_MeV"]


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


class ParamsDict(TypedDict):
    """:meth:`Params.as_dict`: the fields, units in their names (``mu_nu_muB`` numeric, also for "SM")."""

    m_nu_eV: float
    mu_nu_muB: float
    n_nu_cm3: float
    n_nubar_cm3: float
    xi: float
    volume_km3: float
    years: float
    solar_model: str
    spectra: str


@dataclass(frozen=True)
class Params:
    """Physics parameters of a nubrems run (defaults: the baseline set, ``params/baseline.yaml``).

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

    def __post_init__(self) -> None:
        values = P.validate({name: getattr(self, name) for name in P.PHYSICS})
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
        """A validated copy with some fields changed."""
        return type(self).from_mapping({**self.as_dict(), **changes})

    def as_dict(self) -> ParamsDict:
        return cast(ParamsDict, dataclasses.asdict(self))
