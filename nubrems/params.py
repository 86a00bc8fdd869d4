"""The one validated parameter set shared by every chapter, the CLI and the rate code.

Defaults are those of the physics contract (PHYSICS.md). Each field carries its unit in
its name; :class:`Params` refuses invalid values with a :class:`ValueError` that names the
parameter and its allowed range, so a bad papermill or command-line value fails at once
instead of producing a silently wrong number.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from typing import Any, Mapping

from . import constants as C

SOLAR_MODELS = ("B16-GS98", "B16-AGSS09met")


@dataclass(frozen=True)
class Range:
    """An allowed interval for one parameter, with open or closed ends."""

    low: float
    high: float
    low_open: bool = True
    high_open: bool = False

    def contains(self, x: float) -> bool:
        above = x > self.low if self.low_open else x >= self.low
        below = x < self.high if self.high_open else x <= self.high
        return above and below

    def __str__(self) -> str:
        return f"{'(' if self.low_open else '['}{self.low:g}, {self.high:g}{')' if self.high_open else ']'}"


#: Allowed ranges. Upper ends keep the book's approximations meaningful: a relic at rest
#: needs m_nu well above the relic temperature (1.7e-4 eV) and below the eV scale that
#: cosmology and KATRIN allow; the moment range starts above zero because the whole
#: process is proportional to mu_nu^2.
RANGES = {
    "m_nu_eV": Range(0.0, 10.0),
    "mu_nu_muB": Range(0.0, 1e-6),
    "n_nu_cm3": Range(0.0, 1e15, low_open=False),
    "n_nubar_cm3": Range(0.0, 1e15, low_open=False),
    "xi": Range(0.0, 1e15),
    "volume_km3": Range(0.0, 1e30),
    "years": Range(0.0, 1e12),
}

DESCRIPTIONS = {
    "m_nu_eV": "neutrino mass m_nu [eV]",
    "mu_nu_muB": "neutrino magnetic moment mu_nu [Bohr magnetons]; 'SM' = Standard-Model Dirac value",
    "n_nu_cm3": "relic neutrino density per species, one flavour [cm^-3]",
    "n_nubar_cm3": "relic antineutrino density, one flavour [cm^-3]",
    "xi": "relic overdensity factor (dimensionless)",
    "volume_km3": "target volume V [km^3]",
    "years": "exposure T [Julian years]",
    "solar_model": "solar-model flux normalisation, one of " + ", ".join(SOLAR_MODELS),
}


def check_in_range(name: str, value: Any, rng: Range) -> float:
    """Return ``value`` as a float, or raise ValueError naming ``name`` and its range."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number in {rng}; got {value!r}") from None
    if not math.isfinite(x) or not rng.contains(x):
        raise ValueError(f"{name} must be in {rng}; got {value!r}")
    return x


def check_energy_MeV(name: str, E_MeV: Any, m_nu_eV: float) -> float:
    """A solar-neutrino energy in MeV, checked to be finite and above the mass threshold.

    Raises ValueError naming ``name`` unless m_nu < E (total energy) <= 1 TeV.
    """
    E = check_in_range(name, E_MeV, Range(0.0, 1e6))
    if E * C.MEV <= m_nu_eV:
        raise ValueError(f"{name} = {E_MeV!r} MeV is below threshold: the total energy must exceed "
                         f"the neutrino mass m_nu = {m_nu_eV:g} eV")
    return E


@dataclass(frozen=True)
class Params:
    """Physics parameters of a nubrems run (defaults: PHYSICS.md baseline).

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
    """

    m_nu_eV: float = 0.1
    mu_nu_muB: float = 6e-12
    n_nu_cm3: float = 56.0
    n_nubar_cm3: float = 56.0
    xi: float = 1.0
    volume_km3: float = 1.0
    years: float = 1.0
    solar_model: str = field(default="B16-GS98")

    def __post_init__(self) -> None:
        set_ = lambda k, v: object.__setattr__(self, k, v)  # noqa: E731 (frozen dataclass)
        set_("m_nu_eV", check_in_range("m_nu_eV", self.m_nu_eV, RANGES["m_nu_eV"]))
        if isinstance(self.mu_nu_muB, str) and self.mu_nu_muB.strip().upper() == "SM":
            set_("mu_nu_muB", C.sm_dirac_moment(self.m_nu_eV) / C.MU_B)
        for name in ("mu_nu_muB", "n_nu_cm3", "n_nubar_cm3", "xi", "volume_km3", "years"):
            set_(name, check_in_range(name, getattr(self, name), RANGES[name]))
        if self.n_nu_cm3 == 0 and self.n_nubar_cm3 == 0:
            raise ValueError("n_nu_cm3 and n_nubar_cm3 cannot both be zero: there would be no target")
        if self.solar_model not in SOLAR_MODELS:
            raise ValueError(f"solar_model must be one of {', '.join(SOLAR_MODELS)}; got {self.solar_model!r}")

    # --- derived quantities in natural units -----------------------------------------
    @property
    def m_nu(self) -> float:
        """Neutrino mass in eV."""
        return self.m_nu_eV

    @property
    def mu_nu(self) -> float:
        """Magnetic moment in natural units, eV^-1."""
        return self.mu_nu_muB * C.MU_B

    # --- construction and export -----------------------------------------------------
    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in dataclasses.fields(cls))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> "Params":
        """Build from a mapping (YAML file, papermill parameters, CLI options).

        Unknown names are an error, never silently ignored.
        """
        unknown = sorted(set(values) - set(cls.names()))
        if unknown:
            raise ValueError(f"unknown parameter(s) {', '.join(unknown)}; valid names: {', '.join(cls.names())}")
        return cls(**dict(values))

    def replace(self, **changes: Any) -> "Params":
        """A validated copy with some fields changed."""
        return type(self).from_mapping({**self.as_dict(), **changes})

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)
