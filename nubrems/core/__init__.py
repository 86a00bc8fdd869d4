"""The foundation every other part stands on: constants, the parameter catalogue and the
validated parameter set, the two processes, validation helpers, errors, files, parallel
work and typesetting. Nothing here imports another part of nubrems.

* :mod:`~nubrems.core.constants`: physical constants (CODATA 2022) and unit conversions;
* :mod:`~nubrems.core.catalogue`: every parameter (unit, default, range, meaning);
* :mod:`~nubrems.core.params`: :class:`~nubrems.core.params.Params`, the validated set;
* :mod:`~nubrems.core.processes`: the two processes, symmetry factors, invariant names;
* :mod:`~nubrems.core.bounds`: the published limits on moment, mass and sum of masses;
* :mod:`~nubrems.core.validate`: the one home of input checks and their one-line messages;
* :mod:`~nubrems.core.errors`, :mod:`~nubrems.core.files`, :mod:`~nubrems.core.executors`,
  :mod:`~nubrems.core.typeset`: errors reported in one line, atomic files, parallel work,
  numbers typeset for prose;
* :mod:`~nubrems.core.version`: the package's version (from its metadata);
* :mod:`~nubrems.core._typing`: the type aliases of array arguments and results (for mypy).
"""

__all__: list[str] = []
