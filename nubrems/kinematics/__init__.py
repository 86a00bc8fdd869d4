"""Kinematics: four-vectors, the unit-cube map of three-body phase space, events placed
where checks need them, the lab photon binning and binned distributions.

* :mod:`~nubrems.kinematics.vectors`: four-vectors and numerically stable kinematics;
* :mod:`~nubrems.kinematics.phasespace`: the unit-cube map of three-body phase space;
* :mod:`~nubrems.kinematics.events`: events placed where checks need them;
* :mod:`~nubrems.kinematics.binning`: the default lab photon binning;
* :mod:`~nubrems.kinematics.histograms`: the one histogram quantile (GVar-aware), window sums.
"""

__all__: list[str] = []
