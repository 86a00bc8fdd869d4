"""Photon rates: vegas integration with histograms, cross sections, one-flavour and
three-flavour rates over the solar spectrum, and the uncertainty budget.

* :mod:`~nubrems.rates.integration`: the vegas procedure and histogrammed integrands;
* :mod:`~nubrems.rates.histograms`: a binned quantile with its error, window sums of a 2-D histogram;
* :mod:`~nubrems.rates.cross_sections`: cross sections (vegas and closed forms);
* :mod:`~nubrems.rates.one_flavour`: photon rates of one flavour over the solar spectrum;
* :mod:`~nubrems.rates.three_flavour`: cross sections and rates of three mass states;
* :mod:`~nubrems.rates.uncertainty`: the uncertainty budget and the headline number;
* :mod:`~nubrems.rates.estimates`: order-of-magnitude estimates and the massless-limit recipe;
* :mod:`~nubrems.rates.quantiles`: quantiles of binned distributions, with their errors;
* :mod:`~nubrems.rates.fits`: power-law fits to Monte Carlo results.
"""

__all__: list[str] = []
