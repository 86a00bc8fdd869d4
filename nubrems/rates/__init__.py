"""Photon rates: vegas integration with histograms, cross sections, one-flavour and
three-flavour rates over the solar spectrum, and the uncertainty budget.

* :mod:`~nubrems.rates.integration`: the vegas procedure and histogrammed integrands;
* :mod:`~nubrems.rates.cross_sections`: cross sections (vegas and closed forms);
* :mod:`~nubrems.rates.one_flavour`: photon rates of one flavour over the solar spectrum;
* :mod:`~nubrems.rates.three_flavour`: cross sections and rates of three mass states;
* :mod:`~nubrems.rates.flavour_quadrature`: the three-flavour rate at leading order by quadrature (no Monte Carlo);
* :mod:`~nubrems.rates.uncertainty`: the uncertainty budget and the headline number;
* :mod:`~nubrems.rates.estimates`: order-of-magnitude estimates and the massless-limit recipe;
* :mod:`~nubrems.rates.solar_leg`: the Dirac solar leg's radiation with the exact |M|^2;
* :mod:`~nubrems.rates.relic_motion`: moving relics against relics at rest, by quadrature;
* :mod:`~nubrems.rates.fits`: power-law fits to Monte Carlo results;
* :mod:`~nubrems.rates.compose`: the front door, :func:`~nubrems.rates.compose.rate`.
"""

__all__: list[str] = []
