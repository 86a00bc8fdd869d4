"""The Sun as a neutrino source: components, nuclear data, spectra and fluxes, the thermal
shift, the interior, MSW conversion, measured survival, and the extended Sun on the sky.

* :mod:`~nubrems.sun.components`: the catalogue of components, models and tables (bottom);
* :mod:`~nubrems.sun.nuclear`: nuclear data and beta-decay physics (8Be R-matrix);
* :mod:`~nubrems.sun.interior`: electron density and production profiles;
* :mod:`~nubrems.sun.thermal`: thermal energy of fusing nuclei, shifted pp and hep spectra;
* :mod:`~nubrems.sun.spectra`: fluxes, spectra, quadratures and maps;
* :mod:`~nubrems.sun.tables`: the generator of the tables in ``data/solar``;
* :mod:`~nubrems.sun.msw`: solar neutrinos as mass states (adiabatic MSW);
* :mod:`~nubrems.sun.survival_data`: measured survival probabilities (Borexino, SNO);
* :mod:`~nubrems.sun.extended`: the production zone on the sky and photon-angle folding.
"""

__all__: list[str] = []
