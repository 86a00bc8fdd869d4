"""The catalogue of the solar neutrino sources: component names, which are lines, which are
read from tables, which have a thermal spectrum, the B16 fluxes per solar model, the checks
of these names, and where the tables of ``data/solar`` are.

It sits at the bottom of :mod:`nubrems.sun`: every other module of the Sun imports from here
and nothing here imports them back. The names of the solar models and of the spectra choices
are those of the parameter catalogue (:data:`nubrems.core.catalogue.SOLAR_MODELS`,
:data:`nubrems.core.catalogue.SPECTRA`); the fluxes are keyed by the same names (a test
checks it).
"""

from __future__ import annotations

import io
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np

from nubrems.core import validate
from nubrems.core._typing import FloatArray
from nubrems.core.catalogue import SOLAR_MODELS, SPECTRA

__all__ = ["COMPONENTS", "CONTINUOUS", "FLUXES", "LINE_COMPONENTS", "MODELS", "SPECTRA", "TABULATED", "THERMAL",
           "check_component", "check_model", "check_spectra", "read_table", "table_path", "thermal_key",
           "uses_thermal"]

#: Component names, in the order of the pp chain and then the CNO cycle.
COMPONENTS = ("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")
#: Components with a continuous spectrum.
CONTINUOUS = ("pp", "hep", "8B", "13N", "15O", "17F")
#: Components that are monochromatic lines.
LINE_COMPONENTS = ("pep", "7Be")
#: Continuous components whose shape is read from a table (``<name>_fine.csv``) instead of
#: being computed: the 8B R-matrix folding is too slow to redo in every process.
TABULATED = ("8B",)
#: Components whose spectrum depends on that choice (the reactions of nubrems.sun.thermal).
THERMAL = ("pp", "hep")

#: Fluxes at Earth in cm^-2 s^-1: B16 standard solar models, Vinyoles et al. (2017), Table 6.
FLUXES = {
    "B16-GS98": {"pp": 5.98e10, "pep": 1.44e8, "hep": 7.98e3, "7Be": 4.93e9, "8B": 5.46e6,
                 "13N": 2.78e8, "15O": 2.05e8, "17F": 5.29e6},
    "B16-AGSS09met": {"pp": 6.03e10, "pep": 1.46e8, "hep": 8.25e3, "7Be": 4.50e9, "8B": 4.50e6,
                      "13N": 2.04e8, "15O": 1.44e8, "17F": 3.26e6},
}
#: Solar models (flux normalisations); the first is the default: the catalogue's names.
MODELS = SOLAR_MODELS


# --- validation -----------------------------------------------------------------------------
def check_component(component: str) -> str:
    """Return ``component`` if it is a known name, else raise ValueError listing the names."""
    return validate.choice("component", component, COMPONENTS)


def check_model(model: str) -> str:
    """Return ``model`` if it is a known solar model, else raise ValueError listing them."""
    return validate.choice("model", model, MODELS)


def check_spectra(spectra: str) -> str:
    """Return ``spectra`` if it is one of :data:`SPECTRA`, else raise ValueError naming it."""
    return validate.choice("spectra", spectra, SPECTRA)


def uses_thermal(component: str, spectra: str) -> bool:
    """Whether ``component`` has its thermal spectrum for the choice ``spectra`` (checked)."""
    return check_spectra(spectra) == "thermal" and component in THERMAL


def thermal_key(component: str, spectra: str) -> str:
    """The spectra a component's caches are kept under: only pp and hep depend on the choice,
    the others share one entry ("laboratory"), so they are identical for both."""
    return "thermal" if uses_thermal(component, spectra) else "laboratory"


# --- tables -----------------------------------------------------------------------------------
def table_path(name: str) -> Traversable:
    """The file ``name`` of the solar tables (``data/solar/`` of the project).

    In a wheel the tables are the package data of ``nubrems.tables`` (pyproject.toml maps
    that package to ``data/solar``) and are read with importlib.resources. In a checkout
    (editable install, or the source tree on ``sys.path``) that package is not importable
    -- the folder has no ``__init__.py`` and setuptools' editable finder imports only
    regular packages -- and the tables are ``data/solar`` next to the package, where
    ``make solar-tables`` writes them.

    Returns
    -------
    importlib.resources.abc.Traversable or pathlib.Path
        Supports ``read_text()``.
    """
    try:
        folder: Traversable = resources.files("nubrems.tables")
    except ModuleNotFoundError:     # a checkout: the tables are not a package there
        folder = Path(__file__).resolve().parents[2] / "data" / "solar"
    return folder / name


def read_table(name: str) -> FloatArray:
    """Numeric columns of a table of ``data/solar/`` (header line skipped)."""
    return np.loadtxt(io.StringIO(table_path(name).read_text()), delimiter=",", skiprows=1, ndmin=2)
