"""The current upper limits on the magnetic moment, the mass and the sum of the masses.

One place for the numbers a run is compared with: each :class:`Bound` has its value,
confidence level, citation and what it assumes. The exclusion view
(:mod:`nubrems.studies.exclusion`) draws them; the front door (:func:`nubrems.rate`) warns when a
run's moments exceed a moment bound (:func:`moment_warning`).

Moment bounds constrain one of two things. Solar-neutrino experiments (electron recoils in
XENONnT, LZ, Borexino) measure the effective moment of the neutrinos arriving from the Sun,
mu_eff^2 = sum_i P_i(E) sum_j |mu_ji|^2 (:func:`nubrems.flavour.moments.effective_moment`);
stellar cooling (plasmon decay in red giants) bounds every entry |mu_ij| of the matrix.
"""

from __future__ import annotations

from dataclasses import dataclass

from nubrems.core import validate

__all__ = ["Bound", "BOUNDS", "MOMENT", "MASS", "SUM_OF_MASSES", "EFFECTIVE", "ENTRY", "bounds_on", "strongest",
           "moment_warning"]

#: The bounded quantities (the ``quantity`` of a :class:`Bound`).
MOMENT, MASS, SUM_OF_MASSES = "mu_nu_muB", "m_nu_eV", "sum_m_eV"
#: What a moment bound constrains (:attr:`Bound.applies_to`).
EFFECTIVE, ENTRY = "mu_eff", "entry"


@dataclass(frozen=True)
class Bound:
    """One upper limit.

    Attributes
    ----------
    name : str
        Experiment and year, e.g. "XENONnT 2022" (the key of :data:`BOUNDS`).
    quantity : {"mu_nu_muB", "m_nu_eV", "sum_m_eV"}
        What is bounded: the effective magnetic moment of solar neutrinos (Bohr magnetons), the
        effective electron-neutrino mass m_beta (eV), or the sum of the three masses (eV).
    value : float
        The upper limit, in the unit of ``quantity``.
    cl_percent : float
        Confidence level, percent.
    citation : str
        The publication.
    note : str
        What the limit assumes, and how far the number here was checked against sources.
    applies_to : {"mu_eff", "entry", ""}
        For moment bounds, what the limit constrains: ``"mu_eff"``, the effective moment of
        solar neutrinos at the Earth (:func:`nubrems.flavour.moments.effective_moment`), or
        ``"entry"``, every entry of the moment matrix (each |mu_ij| of either nature); empty
        for mass bounds. One flavour has one moment, which is both.
    """

    name: str
    quantity: str
    value: float
    cl_percent: float
    citation: str
    note: str = ""
    applies_to: str = ""

    @property
    def unit(self) -> str:
        return "mu_B" if self.quantity == MOMENT else "eV"


_BOUND_LIST = (
    Bound("XENONnT 2022", MOMENT, 6.3e-12, 90.0,
          "E. Aprile et al. (XENON), Phys. Rev. Lett. 129, 161805 (2022), arXiv:2207.11330",
          "effective moment of solar (pp, 7Be) neutrinos from electron recoils; the baseline moment "
          "6e-12 mu_B sits just below it (the order, 'a few 1e-12 mu_B', checked against the abstract of "
          "K.A. ShivaSankar et al., arXiv:2208.06415)", EFFECTIVE),
    Bound("LZ 2022", MOMENT, 1.1e-11, 90.0,
          "M. Atzori Corona et al., arXiv:2207.05036 (2022), from the first LZ electron-recoil data",
          "effective moment of solar neutrinos; a phenomenological analysis of the LZ data, not the "
          "collaboration's (value and CL checked against the abstract, which also calls it 2.5 times "
          "stronger than Borexino's)", EFFECTIVE),
    Bound("Borexino 2017", MOMENT, 2.8e-11, 90.0,
          "M. Agostini et al. (Borexino), Phys. Rev. D 96, 091103 (2017), arXiv:1707.09355",
          "effective moment of solar neutrinos, Borexino Phase-II spectra", EFFECTIVE),
    Bound("Red giants 2020", MOMENT, 1.2e-12, 95.0,
          "F. Capozzi and G. Raffelt, Phys. Rev. D 102, 083007 (2020), arXiv:2007.03694",
          "plasmon decay gamma* -> nu nubar in red-giant cores delays helium ignition and brightens the "
          "tip of the red-giant branch; calibrated on omega Centauri (NGC 4258 gives 1.5e-12). Plasmons "
          "decay into every pair of mass states, so the limit holds for each entry of the moment matrix, "
          "Dirac or Majorana. A stellar-physics systematic: a 2023 reanalysis that varies the stellar "
          "models with the moment (arXiv:2307.13050) finds moments up to 6e-12 mu_B "
          "unconstrained (value, CL and the omega Cen / NGC 4258 split checked against the abstract)",
          ENTRY),
    Bound("KATRIN 2022", MASS, 0.8, 90.0,
          "M. Aker et al. (KATRIN), Nature Physics 18, 160 (2022), doi:10.1038/s41567-021-01463-1",
          "effective electron antineutrino mass m_beta, first two campaigns combined (value and CL checked "
          "against the abstract)"),
    Bound("KATRIN 2025", MASS, 0.45, 90.0,
          "M. Aker et al. (KATRIN), Science 388, 180 (2025), doi:10.1126/science.adq9592",
          "effective electron antineutrino mass m_beta, first five campaigns, 259 days (value and CL checked "
          "against the abstract)"),
    Bound("Planck 2018", SUM_OF_MASSES, 0.12, 95.0,
          "N. Aghanim et al. (Planck), Astron. Astrophys. 641, A6 (2020), arXiv:1807.06209",
          "sum of the masses, Planck TT,TE,EE+lowE+lensing+BAO, base LambdaCDM + sum m_nu (model dependent; "
          "value checked against the abstract)"),
)

#: The current bounds by name (:class:`Bound`): moment, mass and sum of masses.
BOUNDS: dict[str, Bound] = {b.name: b for b in _BOUND_LIST}

def bounds_on(quantity: str) -> list[Bound]:
    """The bounds of :data:`BOUNDS` on ``quantity`` ("mu_nu_muB", "m_nu_eV" or "sum_m_eV"), strongest first."""
    if quantity not in (MOMENT, MASS, SUM_OF_MASSES):
        raise ValueError(f"quantity must be one of {MOMENT}, {MASS}, {SUM_OF_MASSES}; got {quantity!r}")
    return sorted((b for b in BOUNDS.values() if b.quantity == quantity), key=lambda b: b.value)


def strongest(quantity: str) -> Bound:
    """The strongest (smallest) bound on ``quantity``."""
    return bounds_on(quantity)[0]


def moment_warning(mu_eff_muB: float, largest_entry_muB: float | None = None) -> str:
    """One line naming the moment bounds a run exceeds, or "" when it exceeds none.

    Parameters
    ----------
    mu_eff_muB : float
        The run's effective moment of solar neutrinos, Bohr magnetons (one flavour: mu_nu).
    largest_entry_muB : float, optional
        The largest |mu_ij| of the moment matrix, Bohr magnetons (default: ``mu_eff_muB``,
        one flavour).

    Returns
    -------
    str
        E.g. "mu_eff = 8.49e-12 mu_B is above XENONnT 2022 (6.3e-12 mu_B, 90% CL); ..." or "".
    """
    mu_eff_muB = validate.positive("mu_eff_muB", mu_eff_muB)
    entry = mu_eff_muB if largest_entry_muB is None else validate.positive("largest_entry_muB", largest_entry_muB)
    parts = []
    over = [b for b in bounds_on(MOMENT) if b.applies_to == EFFECTIVE and mu_eff_muB > b.value]
    if over:
        b = over[-1]                                     # the weakest bound it still exceeds
        name = "mu_nu" if largest_entry_muB is None else "mu_eff"
        parts.append(f"{name} = {mu_eff_muB:.3g} mu_B is above {b.name} ({b.value:g} mu_B, {b.cl_percent:g}% CL)")
    for b in bounds_on(MOMENT):
        if b.applies_to == ENTRY and entry > b.value:
            what = "mu_nu" if largest_entry_muB is None else "the largest moment entry"
            parts.append(f"{what} = {entry:.3g} mu_B is above {b.name} ({b.value:g} mu_B, {b.cl_percent:g}% CL)")
    return "; ".join(parts)
