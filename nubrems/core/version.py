"""The package's version, from its installed metadata: the one place that reads it.

It sits in :mod:`nubrems.core` so that every layer can stamp its outputs (tables, CSV
headers, JSON) without importing the package root, whose lazy front door reaches up to
:mod:`nubrems.rates`.
"""

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version

__all__ = ["__version__"]

try:
    __version__ = _version("nubrems")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+unknown"
