"""Type aliases of the package's array arguments and results (for mypy; nothing at run time).

Inputs that a function passes through :func:`numpy.asarray` are annotated
:data:`numpy.typing.ArrayLike`; an input used in arithmetic as it comes (a mass ``m`` in
``2 * m * (E + m)``) must already be a number or an array, :data:`Real`. Results are
:data:`FloatArray`, or ``NDArray[Any]`` where a function also runs on object arrays of
mpmath numbers (the high-precision references of the tests) or on complex spinors.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

__all__ = ["ComplexArray", "FloatArray", "GVar", "GVarArray", "Real"]

#: An array of doubles (also what numpy returns for 0-d input: a float64 scalar).
FloatArray: TypeAlias = NDArray[np.float64]
#: An array of complex doubles (mixing matrices, Hamiltonians).
ComplexArray: TypeAlias = NDArray[np.complex128]
#: A number or an array of them, used in arithmetic as it comes.
Real: TypeAlias = float | NDArray[np.float64]
#: An object array of :class:`gvar.GVar` (Monte Carlo results with their covariance).
GVarArray: TypeAlias = NDArray[np.object_]
#: One :class:`gvar.GVar` (gvar ships no type information).
GVar: TypeAlias = Any
