"""Numbers as readers see them in prose: 4.47 × 10⁻⁴, and 1.876(6) × 10⁻⁴⁹ with an error.

The book quotes computed numbers through myst-nb ``glue``; these helpers turn floats and
Monte Carlo results into :class:`Text`, a ``str``. Glue stores its quoted ``repr`` and
``{glue:text}`` evaluates that back to the exact string, trailing zeros included (a bare
number would lose them). Exponents use Unicode superscripts and the multiplication sign,
which the HTML book shows directly and the PDF preamble maps to math.
"""

from __future__ import annotations

import math

_SUPERSCRIPT = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")

__all__ = ["Text", "number", "measurement", "quantity", "power_of_ten", "to_float"]


class Text(str):
    """Typeset text for prose: a ``str`` (glued as its repr, shown exactly by ``{glue:text}``)."""


def power_of_ten(exponent: int) -> str:
    """"10⁻⁴⁹" for -49."""
    return "10" + str(int(exponent)).translate(_SUPERSCRIPT)


def _exponent(x: float) -> int:
    return math.floor(math.log10(abs(x))) if x != 0 else 0


def number(x: float, sig: int | None = 3, low: float = 1e-3, high: float = 1e4) -> Text:
    """``x`` with ``sig`` significant digits: plain for low <= |x| < high, else a × 10ⁿ.

    Parameters
    ----------
    x : float
    sig : int or None
        Significant digits (trailing zeros kept, as a measured value would show them);
        None: as few as represent ``x`` to six digits (for inputs such as 0.1 or 6e-12).
    low, high : float
        The plain-decimal window.
    """
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot typeset {x!r}")
    if x == 0:
        return Text("0")
    if sig is None:
        mantissa_text = f"{x:.5e}".split("e")[0].rstrip("0").rstrip(".")
        sig = max(len(mantissa_text.replace("-", "").replace(".", "")), 1)
    e = _exponent(x)
    mantissa = round(x / 10**e, sig - 1)
    if abs(mantissa) >= 10:                      # 9.996 -> 10.0: carry into the exponent
        e, mantissa = e + 1, mantissa / 10
    if low <= abs(x) < high:
        decimals = sig - 1 - e
        if decimals < 0:                         # 2016 to two digits: 2000
            return Text(f"{round(x, decimals):.0f}".replace("-", "−"))
        return Text(f"{x:.{decimals}f}".replace("-", "−"))
    text = f"{mantissa:.{sig - 1}f}".replace("-", "−")
    return Text(f"{text} × {power_of_ten(e)}")


def measurement(mean: float, err: float, err_digits: int | None = None) -> Text:
    """A Monte Carlo result in parenthesis notation: 1.876(6) × 10⁻⁴⁹.

    The error is shown with one significant digit, or two when its leading digit is 1
    (so that 0.0015 does not round to 0.002); the mean is rounded to the same place.
    """
    mean, err = float(mean), float(err)
    if not (math.isfinite(mean) and math.isfinite(err)) or err < 0:
        raise ValueError(f"cannot typeset {mean!r} +- {err!r}")
    if err == 0:
        return number(mean, 6)
    e = _exponent(mean) if mean != 0 else _exponent(err)
    if 1e-3 <= abs(mean) < 1e4:                  # plain decimals, as number() writes them
        e = 0
    m, s = mean / 10**e, err / 10**e
    if err_digits is None:
        err_digits = 2 if f"{s:.1e}"[0] == "1" else 1
    decimals = max(err_digits - 1 - _exponent(s), 0)
    digits = round(s * 10**decimals)
    if digits >= 10**err_digits:                 # the error rounded up a digit
        decimals = max(decimals - 1, 0)
        digits = round(s * 10**decimals)
    text = f"{m:.{decimals}f}({digits})".replace("-", "−")
    return Text(text if e == 0 else f"{text} × {power_of_ten(e)}")


def quantity(x: float, unit: str, sig: int | None = 3) -> Text:
    """``number(x, sig)`` followed by its unit: "0.8 eV", "6.00 × 10⁻¹² μ_B"."""
    return Text(f"{number(x, sig)} {unit}".rstrip())


def to_float(text: str) -> float:
    """The value of a typeset number ("4.47 × 10⁻⁴", "1.876(6) × 10⁻⁴⁹", "0.8 eV"); for tests
    and readers of glued outputs. The error in parentheses and a trailing unit are dropped."""
    plain = str(text).replace("−", "-").split(" ", 1)
    mantissa = plain[0].split("(")[0]
    rest = plain[1] if len(plain) > 1 else ""
    exponent = 0
    if rest.startswith("× 10"):
        digits = rest[4:].split(" ")[0].translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+"))
        exponent = int(digits)
    return float(mantissa) * 10.0**exponent
