"""nubrems: bremsstrahlung photons from solar neutrinos scattering on the cosmic neutrino
background through a neutrino magnetic dipole moment.

Modules of the physics core:

* :mod:`~nubrems.constants`: physical constants (CODATA 2022) and unit conversions;
* :mod:`~nubrems.parameters`: the catalogue of every parameter (units, defaults, ranges);
* :mod:`~nubrems.params`: :class:`Params`, the validated physics parameter set;
* :mod:`~nubrems.processes`: the two processes, symmetry factors, invariant names;
* :mod:`~nubrems.kinematics`: four-vectors and numerically stable kinematics;
* :mod:`~nubrems.dirac`: Dirac matrices and explicit helicity spinors;
* :mod:`~nubrems.twobody`: the photon-less 2 -> 2 reference;
* :mod:`~nubrems.helicity`: the explicit-spinor reference for the 2 -> 3 amplitudes;
* :mod:`~nubrems.symbolic`: the FORM derivation of |M|^2 (the ``[derive]`` extra);
* :mod:`~nubrems.amplitudes` (with the generated :mod:`~nubrems._msq_generated`): the
  closed-form |M|^2;
* :mod:`~nubrems.events`: events placed where checks need them;
* :mod:`~nubrems.phasespace`: the unit-cube map of three-body phase space;
* :mod:`~nubrems.integration`: the vegas procedure and histogrammed integrands;
* :mod:`~nubrems.binning`: the default lab photon binning;
* :mod:`~nubrems.xsec`: cross sections (vegas and closed forms);
* :mod:`~nubrems.nuclear`: nuclear data and beta-decay physics (8Be R-matrix);
* :mod:`~nubrems.solar`: solar-neutrino fluxes, spectra and maps (from generated tables);
* :mod:`~nubrems.solar_tables`: the generator of those tables (``make solar-tables``);
* :mod:`~nubrems.rates`: photon rates over the solar spectrum;
* :mod:`~nubrems.uncertainty`: the uncertainty budget and the headline number;
* :mod:`~nubrems.mixing`: three-neutrino masses and mixing (NuFIT 6.0 best fits);
* :mod:`~nubrems.sun_interior`: electron density and neutrino production profiles of the Sun;
* :mod:`~nubrems.extended_sun`: the production zone on the sky and the photon angles of an extended Sun;
* :mod:`~nubrems.thermal`: the thermal energy of fusing nuclei and the shifted pp and hep spectra;
* :mod:`~nubrems.channels`: the weak channels of three mass states on the relics;
* :mod:`~nubrems.moments`: magnetic-moment matrices of three neutrinos (presets, checks);
* :mod:`~nubrems.msw`: solar neutrinos as mass states (adiabatic MSW, three flavours);
* :mod:`~nubrems.survival_data`: measured solar survival probabilities (Borexino, SNO);
* :mod:`~nubrems.channel_amplitudes` (with the generated
  :mod:`~nubrems._msq_transition_generated`): closed-form |M|^2 of the three-flavour Dirac channels;
* :mod:`~nubrems.majorana_symbolic`: the FORM derivation of the Majorana |M|^2;
* :mod:`~nubrems.majorana_amplitudes` (with the generated
  :mod:`~nubrems._msq_majorana_generated`): closed-form |M|^2 of the Majorana channels;
* :mod:`~nubrems.flavour_rates`: cross sections and photon rates of three mass states, by channel;
* :mod:`~nubrems.radiative_decays`: nu_i -> nu_j gamma of relic and solar neutrinos (backgrounds);
* :mod:`~nubrems.matter_background`: solar neutrinos on the electrons of a residual gas (a background);
* :mod:`~nubrems.relics`: the relic neutrino background (temperature, density, momenta);
* :mod:`~nubrems.executors`: parallel work on this machine or a Dask cluster;
* :mod:`~nubrems.scan`: parameter scans;
* :mod:`~nubrems.exclusion`: the rate in the (m_nu, mu_nu) plane next to the current bounds;
* :mod:`~nubrems.files`: result files written atomically;
* :mod:`~nubrems.typeset`: numbers typeset for prose;
* :mod:`~nubrems.errors`: the errors the command reports in one line;
* :mod:`~nubrems.options`: the command's shared options and catalogue-checked types;
* :mod:`~nubrems.cli`: the ``nubrems`` command;
* :mod:`~nubrems._typing`: the type aliases of array arguments and results (for mypy).

The book (running chapters, HTML/PDF, editions, plot style, diagrams) is the subpackage
:mod:`nubrems.book` (the ``[book]`` extra).
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version
from typing import Any

try:
    __version__ = _version("nubrems")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

__all__ = ["Params", "__version__"]


def __getattr__(name: str) -> Any:
    """``nubrems.Params`` without importing numpy and scipy with the package itself."""
    if name == "Params":
        from .params import Params

        return Params
    raise AttributeError(f"module 'nubrems' has no attribute {name!r}")
