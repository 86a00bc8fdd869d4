"""Studies built on the rates: parameter scans, the exclusion plane, and the backgrounds
(radiative decays, a residual gas).

* :mod:`~nubrems.studies.scan`: parameter scans (local or on a Dask cluster);
* :mod:`~nubrems.studies.exclusion`: the rate in the (m_nu, mu_nu) plane and the bounds;
* :mod:`~nubrems.studies.radiative_decays`: nu_i -> nu_j gamma of relic and solar neutrinos;
* :mod:`~nubrems.studies.backgrounds`: decays in flight, the (E, theta) plane, the best cut;
* :mod:`~nubrems.studies.flavour_study`: three-flavour rates, channel tables, spectra by relic state;
* :mod:`~nubrems.studies.nature_comparison`: the Majorana/Dirac ratio at leading order, taken apart;
* :mod:`~nubrems.studies.matter_background`: solar neutrinos on a residual gas.
"""

__all__: list[str] = []
