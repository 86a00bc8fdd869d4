"""nubrems: bremsstrahlung photons from solar neutrinos scattering on the cosmic neutrino
background through a neutrino magnetic dipole moment.

The package is layered; each subpackage imports only from those listed after it (a test
checks the contract, ``lint-imports``):

* :mod:`~nubrems.cli`: the ``nubrems`` command, one module per subcommand;
* :mod:`~nubrems.book`: running chapters, HTML/PDF, editions, plot style (``[book]`` extra);
* :mod:`~nubrems.studies`: scans, the exclusion plane, backgrounds;
* :mod:`~nubrems.rates`: integration, cross sections, photon rates, the uncertainty budget;
* :mod:`~nubrems.amplitudes`: squared matrix elements (references, FORM, closed forms);
* :mod:`~nubrems.sun`: the solar neutrino source (spectra, interior, MSW, extended Sun);
* :mod:`~nubrems.flavour`: three neutrinos (mixing, moments, channels, relics);
* :mod:`~nubrems.kinematics`: four-vectors, phase space, events, binning;
* :mod:`~nubrems.core`: constants, the parameter catalogue and set, processes, validation.
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
        from nubrems.core.params import Params

        return Params
    raise AttributeError(f"module 'nubrems' has no attribute {name!r}")
