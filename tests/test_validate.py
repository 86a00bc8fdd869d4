"""nubrems.core.validate: the one home of input checks and their one-line messages."""

import math

import numpy as np
import pytest

from nubrems.core import validate as V


@pytest.mark.parametrize("value", [True, False, np.bool_(True), "1", None, [1.0], 1 + 0j])
def test_a_bool_a_string_or_a_container_is_not_a_number(value):
    assert not V.is_real(value)
    with pytest.raises(ValueError, match=r"^x must be a positive finite number; got "):
        V.positive("x", value)


@pytest.mark.parametrize("value", [1, 2.5, np.int64(3), np.float32(0.5)])
def test_python_and_numpy_numbers_pass_as_floats(value):
    out = V.positive("x", value)
    assert type(out) is float and out == pytest.approx(float(value))


@pytest.mark.parametrize("value", [0, -1.0, math.inf, math.nan])
def test_positive_refuses_zero_negative_and_non_finite_naming_the_unit(value):
    with pytest.raises(ValueError, match=r"^path_m must be a positive finite number \(m\); got "):
        V.positive("path_m", value, "m")


def test_real_bounds_are_inclusive_for_minimum_and_exclusive_for_above_and_below():
    assert V.real("m", 0, "a mass >= 0 eV", minimum=0.0) == 0.0
    with pytest.raises(ValueError, match=r"^m must be a mass > 0 eV; got 0$"):
        V.real("m", 0, "a mass > 0 eV", above=0.0)
    with pytest.raises(ValueError, match=r"^q must be a fraction in \(0, 1\); got 1$"):
        V.fraction("q", 1)
    assert V.fraction("q", 0.5) == 0.5


def test_integer_range_messages_and_numpy_integers():
    assert V.integer("n", np.int32(8), 8) == 8
    with pytest.raises(ValueError, match=r"^n must be an integer >= 8; got 7$"):
        V.integer("n", 7, 8)
    with pytest.raises(ValueError, match=r"^n must be an integer >= 8; got 8.0$"):
        V.integer("n", 8.0, 8)
    with pytest.raises(ValueError, match=r"^n must be an integer >= 1; got True$"):
        V.integer("n", True, 1)
    with pytest.raises(ValueError, match=r"^k must be an integer in \[1, 3\]; got 4$"):
        V.integer("k", 4, 1, 3)
    with pytest.raises(ValueError, match=r"^n_states must be 1, 2 or 3; got 0$"):
        V.integer("n_states", 0, 1, 3, allowed="1, 2 or 3")


def test_finite_array_refuses_nan_and_values_below_the_minimum():
    np.testing.assert_array_equal(V.finite_array("E", [0, 1.5], minimum=0.0), [0.0, 1.5])
    with pytest.raises(ValueError, match=r"^E must be finite; got "):
        V.finite_array("E", [1.0, math.nan])
    with pytest.raises(ValueError, match=r"^E must be >= 0 MeV; got "):
        V.finite_array("E", [-1.0], ">= 0 MeV", minimum=0.0)
    with pytest.raises(ValueError, match=r"^E must be finite; got "):
        V.finite_array("E", ["a"])


def test_choice_lists_the_choices_and_refuses_arrays():
    assert V.choice("ordering", "normal", ("normal", "inverted")) == "normal"
    with pytest.raises(ValueError, match=r"^ordering must be one of normal, inverted; got 'flat'$"):
        V.choice("ordering", "flat", ("normal", "inverted"))
    with pytest.raises(ValueError, match=r"^ordering must be one of normal, inverted; got array"):
        V.choice("ordering", np.array(["normal", "normal"]), ("normal", "inverted"))


def test_the_physics_uses_these_checks():
    """The messages of the physics functions are those of this module (one wording)."""
    from nubrems.flavour import channels, mixing
    from nubrems.sun import components

    with pytest.raises(ValueError, match=r"^ordering must be one of normal, inverted; got 'x'$"):
        mixing.oscillation_parameters("x")
    with pytest.raises(ValueError, match=r"^n_states must be 1, 2 or 3; got True$"):
        channels.weak_channels(True)
    with pytest.raises(ValueError, match=r"^spectra must be one of thermal, laboratory; got 3$"):
        components.check_spectra(3)  # type: ignore[arg-type]
