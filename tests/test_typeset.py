"""Numbers typeset for prose: scientific notation with superscripts, Monte Carlo errors in
parentheses, and the inverse used by the tests."""

import math

import pytest

from nubrems.core.typeset import Text, measurement, number, quantity, to_float


@pytest.mark.parametrize("x, sig, text", [
    (4.47e-4, 3, "4.47 × 10⁻⁴"), (447.21, 3, "447"), (0.1, None, "0.1"), (6e-12, None, "6 × 10⁻¹²"),
    (9.9996e-5, 3, "1.00 × 10⁻⁴"), (-2.5e7, 2, "−2.5 × 10⁷"), (0.0, 3, "0"), (56.0, None, "56"), (2016.0, 2, "2000"),
])
def test_number(x, sig, text):
    assert number(x, sig) == text
    assert to_float(number(x, sig)) == pytest.approx(x, rel=10 ** -(sig or 6) * 6)


@pytest.mark.parametrize("mean, err, text", [
    (1.8757e-49, 5.6e-52, "1.876(6) × 10⁻⁴⁹"), (1.8757e-49, 1.5e-52, "1.8757(15) × 10⁻⁴⁹"),
    (447.2, 0.3, "447.2(3)"), (0.9996, 0.0004, "0.9996(4)"), (9.96e-5, 9.7e-8, "9.96(1) × 10⁻⁵"),
])
def test_measurement(mean, err, text):
    assert measurement(mean, err) == text
    assert to_float(text) == pytest.approx(mean, rel=1e-2)


def test_text_survives_glue_exactly_and_units_follow():
    import ast

    assert ast.literal_eval(repr(Text("4.00 × 10⁻⁴"))) == "4.00 × 10⁻⁴"   # what {glue:text} does
    assert quantity(0.8, "eV", None) == "0.8 eV"
    with pytest.raises(ValueError, match="cannot typeset"):
        number(math.inf)
    with pytest.raises(ValueError, match="cannot typeset"):
        measurement(1.0, -1.0)
