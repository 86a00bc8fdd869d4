"""The one home of input checks: numbers, integers, fractions, arrays and choices.

Every public function of the package that takes a value from a reader checks it here, and
every refusal is a ``ValueError`` with one line of the form ``"<name> must be <allowed>;
got <value>"``, so that the command line and the chapters can show it as it is. A bool is
never a number here (``True`` would otherwise pass as 1), and neither is a string: values
are checked as they come, because chapters and scripts pass user input unconverted.

Parameters of the catalogue (:mod:`nubrems.core.catalogue`) are checked against their
declared ranges by the catalogue itself and raise its
:class:`~nubrems.core.catalogue.ParameterError`; the functions here are for the arguments of
physics functions (quadrature orders, angles, masses, counts).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike

from nubrems.core._typing import FloatArray

__all__ = ["choice", "finite_array", "fraction", "integer", "is_real", "positive", "real"]

_T = TypeVar("_T")


def is_real(value: Any) -> bool:
    """Whether ``value`` is a real number: a Python or numpy int or float, not a bool."""
    return not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, float, np.integer, np.floating))


def real(name: str, value: Any, allowed: str, *, minimum: float | None = None, above: float | None = None,
         below: float | None = None) -> float:
    """A finite real number within the given bounds, as a float.

    Parameters
    ----------
    name : str
        The argument's name, as the message shows it.
    value : object
        The value as given.
    allowed : str
        What is allowed, in words and with the unit (e.g. ``"a finite mass >= 0 eV"``).
    minimum, above, below : float, optional
        ``value >= minimum``, ``value > above``, ``value < below``.

    Raises
    ------
    ValueError
        ``"<name> must be <allowed>; got <value>"``.
    """
    ok = is_real(value) and math.isfinite(value)
    ok = ok and (minimum is None or value >= minimum) and (above is None or value > above)
    ok = ok and (below is None or value < below)
    if not ok:
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return float(value)


def positive(name: str, value: Any, unit: str | None = None) -> float:
    """A positive finite number, as a float; the message names ``unit`` if given.

    Raises
    ------
    ValueError
        ``"<name> must be a positive finite number (<unit>); got <value>"``.
    """
    return real(name, value, f"a positive finite number{f' ({unit})' if unit else ''}", above=0.0)


def fraction(name: str, value: Any) -> float:
    """A number strictly between 0 and 1 (a quantile, a probability level), as a float."""
    return real(name, value, "a fraction in (0, 1)", above=0.0, below=1.0)


def integer(name: str, value: Any, minimum: int, maximum: int | None = None, *, allowed: str | None = None) -> int:
    """An integer (Python or numpy, not a bool) in ``[minimum, maximum]``, as an int.

    Parameters
    ----------
    name : str
        The argument's name.
    value : object
        The value as given.
    minimum, maximum : int
        The allowed range (``maximum`` None: no upper bound).
    allowed : str, optional
        The words of the message; default ``"an integer >= <minimum>"`` or ``"an integer in
        [<minimum>, <maximum>]"``.

    Raises
    ------
    ValueError
        ``"<name> must be <allowed>; got <value>"``.
    """
    ok = not isinstance(value, (bool, np.bool_)) and isinstance(value, (int, np.integer))
    ok = ok and value >= minimum and (maximum is None or value <= maximum)
    if not ok:
        if allowed is None:
            allowed = f"an integer >= {minimum}" if maximum is None else f"an integer in [{minimum}, {maximum}]"
        raise ValueError(f"{name} must be {allowed}; got {value!r}")
    return int(value)


def finite_array(name: str, values: ArrayLike, allowed: str = "finite", *, minimum: float | None = None) -> FloatArray:
    """An array of finite floats (each ``>= minimum`` if given).

    Raises
    ------
    ValueError
        ``"<name> must be <allowed>; got <values>"`` where a value is not a finite number
        or is below ``minimum``.
    """
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {allowed}; got {values!r}") from None
    if not np.all(np.isfinite(x)) or (minimum is not None and np.any(x < minimum)):
        raise ValueError(f"{name} must be {allowed}; got {values!r}")
    return x


def choice(name: str, value: _T, choices: Iterable[_T]) -> _T:
    """``value`` if it is one of ``choices``.

    Raises
    ------
    ValueError
        ``"<name> must be one of <a>, <b>; got <value>"``.
    """
    options = tuple(choices)
    try:
        known = value in options
    except (TypeError, ValueError):  # an array or an incomparable value is not a choice
        known = False
    if not known:
        raise ValueError(f"{name} must be one of {', '.join(map(str, options))}; got {value!r}")
    return value
