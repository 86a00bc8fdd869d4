"""Three neutrinos: masses and mixing, magnetic-moment matrices, the weak channels on the
relics, and the relic background itself.

* :mod:`~nubrems.flavour.mixing`: masses and mixing (NuFIT 6.0 best fits);
* :mod:`~nubrems.flavour.moments`: magnetic-moment matrices (presets, checks);
* :mod:`~nubrems.flavour.channels`: the weak channels of three mass states on the relics;
* :mod:`~nubrems.flavour.relics`: the relic neutrino background (temperature, density).
"""

__all__: list[str] = []
