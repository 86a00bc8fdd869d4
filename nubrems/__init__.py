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

The front door to a photon rate is :func:`nubrems.rate` (:mod:`nubrems.rates.compose`): the
one composition of vegas run, extended-Sun folding and uncertainty budget that the command,
the chapters and the scans share.
"""

from typing import Any

from nubrems.core.version import __version__

__all__ = ["Params", "RateReport", "__version__", "rate"]


def __getattr__(name: str) -> Any:
    """The front door, ``nubrems.rate`` and ``nubrems.Params``, without importing numpy, scipy
    and vegas with the package itself (``nubrems --help`` and the book's set-up stay fast)."""
    if name == "Params":
        from nubrems.core.params import Params  # lazy: numpy and scipy only when asked for

        return Params
    if name in ("rate", "RateReport"):
        from nubrems.rates import compose  # lazy: vegas and the physics only when asked for

        return getattr(compose, name)
    raise AttributeError(f"module 'nubrems' has no attribute {name!r}")
