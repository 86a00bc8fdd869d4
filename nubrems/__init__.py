"""nubrems: bremsstrahlung photons from solar neutrinos scattering on the cosmic neutrino
background through a neutrino magnetic dipole moment.

Modules: :mod:`~nubrems.constants` (constants and units), :mod:`~nubrems.params` (the
validated parameter set), :mod:`~nubrems.kinematics` (stable four-vector kinematics),
:mod:`~nubrems.dirac` (Dirac matrices and helicity spinors), :mod:`~nubrems.twobody`
(the photon-less 2 -> 2 reference), :mod:`~nubrems.cli` (the ``nubrems`` command).
"""

from importlib.metadata import PackageNotFoundError, version as _version

try:
    __version__ = _version("nubrems")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"

from .params import Params  # noqa: E402

__all__ = ["Params", "__version__"]
