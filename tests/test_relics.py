"""The relic neutrino background (nubrems.flavour.relics)."""

import math

import numpy as np
import pytest
from scipy.special import zeta

from nubrems.flavour import relics


def test_temperature_and_density():
    assert relics.T_NU_K == pytest.approx(1.945, abs=5e-4)
    assert relics.number_density_cm3() == pytest.approx(56.0, abs=0.05)


def test_fermi_dirac_density_integrates_to_the_closed_form():
    assert relics.number_density_cm3(numerical=True) == pytest.approx(relics.number_density_cm3(), rel=1e-10)
    # scaling with T^3
    assert relics.number_density_cm3(2 * relics.T_NU_K) == pytest.approx(8 * relics.number_density_cm3(),
                                                                         rel=1e-12)


def test_sampled_momenta_have_the_fermi_dirac_moments():
    u = (np.arange(200_000) + 0.5) / 200_000             # stratified: no sampling noise
    p = relics.sample_momenta(u)
    T = relics.temperature_eV()
    assert p.mean() == pytest.approx(relics.mean_momentum_eV(), rel=1e-4)
    assert relics.mean_momentum_eV() == pytest.approx(3.1514 * T, rel=1e-4)
    # <p^2> = 15 zeta(5) T^2 / zeta(3)
    assert (p**2).mean() == pytest.approx(15 * zeta(5) * T**2 / zeta(3), rel=1e-3)
    assert np.all(np.diff(p) >= 0)


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="u must lie in"):
        relics.sample_momenta([1.5])
    with pytest.raises(ValueError, match="T_K must be"):
        relics.temperature_eV(-1.0)
    with pytest.raises(ValueError, match="T_K must be"):
        relics.number_density_cm3(math.nan)
