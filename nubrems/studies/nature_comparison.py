"""Why Majorana neutrinos radiate more than Dirac ones: the leading-order ratio, taken apart.

With the same transition moments (:mod:`nubrems.amplitudes.majorana` compares equal physical
moments), the Majorana rate is several times the Dirac rate. At leading order both are sums
over channels of a coefficient K_ch (:func:`nubrems.rates.flavour_quadrature.channel_coefficients`)
times the same solar and relic weights W_ch (:func:`nubrems.rates.flavour_quadrature.channel_weights`),
so the ratio N_M / N_D comes apart exactly into

* relic counting: a Majorana state is one population of n_nu + n_nubar relics (both
  helicities), a Dirac state n_nu neutrinos and n_nubar antineutrinos, the latter with the
  smaller nu nubar cross section. N_M / N_D = [(n_nu + n_nubar) / n_nu] x [Dirac share of the
  relic neutrinos, N_D(nu) / N_D] x [Majorana per relic / Dirac per relic neutrino];
* the solar leg: a Dirac solar neutrino (helicity -1/2) radiates only through a helicity
  flip, X ~ (m/E)^2 (zero at leading order); the Majorana one radiates into its active
  +1/2 state at full strength. ``solar_off`` drops the diagrams with the photon on the
  solar leg (Majorana: the coefficients of :data:`SOLAR_LEG_OFF`; Dirac: unchanged);
* interference: the Majorana |M|^2 is the quadratic form g^T B g in the six line couplings
  of the t, u and s contractions (:func:`nubrems.rates.flavour_quadrature.majorana_form_matrix`);
  ``no_interference`` keeps its diagonal, sum_l B_ll g_l^2 (B_ll = 5/16 on the t and u lines,
  5/36 on the s lines). The Dirac contractions interfere too (the Fierz-rearranged u- or
  s-type contraction is a t-type structure, c_l = c_l^T + c_l^U): without interference
  sum_l (|c_l^T|^2 + |c_l^U|^2).

Each variant is a ratio of two sums of products, so the pieces multiply back to the full
ratio exactly (tests). The Majorana coefficients without the solar leg come from the
explicit spinors of :func:`nubrems.amplitudes.helicity.majorana_msq_reference` with
``radiating_legs=(2, 3, 4)``, integrated with the Gauss rule of
:func:`nubrems.rates.flavour_quadrature.phase_space_rule` (:func:`solar_leg_off_reference`, a few
seconds per channel); their massless limits are rationals, tabulated in :data:`SOLAR_LEG_OFF`
(to 1e-7; tests check the table against the spinors). Every three-state Majorana channel
has either one line coupling or three of equal size in one of four sign patterns (the
bare line needs equal states at its ends), so the table covers any moment matrix.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nubrems.amplitudes import dirac_channels as CA
from nubrems.amplitudes import helicity as H
from nubrems.amplitudes import majorana as MA
from nubrems.core import constants as C
from nubrems.core.params import Params
from nubrems.core.processes import SYMMETRY_FACTOR
from nubrems.flavour.channels import Channel
from nubrems.kinematics.phasespace import ChannelMap
from nubrems.rates import flavour_quadrature as FQ
from nubrems.rates import three_flavour as TF
from nubrems.sun import spectra as solar

__all__ = ["SOLAR_LEG_OFF", "SOLAR_LEG_OFF_SINGLE", "VARIANTS", "NatureComparison", "channel_table",
           "coefficient_variants", "nature_comparison", "solar_leg_off_coefficient", "solar_leg_off_reference"]

#: The coefficient variants: every diagram; no interference between contractions; no photon
#: on the solar leg; neither.
VARIANTS = ("full", "no_interference", "solar_off", "solar_off_no_interference")

#: Without the solar leg, a single Majorana line coupling g_l (order g13a, g13b, g14a, g14b,
#: g12a, g12b; ``a`` lines hold the solar leg) gives (g_l / mu)^2 times these (with all
#: diagrams: the diagonal of :data:`~nubrems.rates.flavour_quadrature.MAJORANA_FORM_LIMIT`,
#: 5/16 and 5/36).
SOLAR_LEG_OFF_SINGLE = (11 / 96, 5 / 16, 11 / 96, 5 / 16, 1 / 16, 5 / 36)

#: Without the solar leg, a channel whose couplings are g = a x pattern (three lines; the
#: first nonzero entry of the pattern +1) gives (a / mu)^2 times these (with all diagrams,
#: every pattern gives 55/48). Keys: (g13a, g13b, g14a, g14b, g12a, g12b) patterns of the
#: channels nu_a nu_b -> nu_b nu_b, nu_a nu_b -> nu_a nu_a, nu_a nu_a -> nu_c nu_a and
#: nu_a nu_a -> nu_a nu_d (a != b, c, d).
SOLAR_LEG_OFF: dict[tuple[int, ...], float] = {
    (1, 0, -1, 0, 1, 0): 29 / 144,
    (0, 1, 0, -1, -1, 0): 41 / 36,
    (1, 0, 0, -1, 0, 1): 263 / 288,
    (0, 1, -1, 0, 0, -1): 263 / 288,
}

_NUNU = Channel(1, 1, False, (1, 1), "t+u", SYMMETRY_FACTOR["nunu"])


def _majorana_g(channel: Channel, moments_eV: ArrayLike, moment_scale: float) -> Any:
    """The line couplings over mu of a Majorana channel (physical moments -> field matrix)."""
    field = MA.FIELD_MATRIX_FACTOR * MA.check_majorana_matrix(moments_eV) / moment_scale
    return MA.majorana_couplings((channel.solar, channel.relic, *channel.final), field)


def solar_leg_off_coefficient(g: ArrayLike) -> float:
    """g^T B_off g: the Majorana form without the photon on the solar leg, for line couplings
    g over mu (before the symmetry factor; :data:`SOLAR_LEG_OFF`, :data:`SOLAR_LEG_OFF_SINGLE`).

    Raises
    ------
    ValueError
        For couplings no three-state channel has (neither one line nor a tabulated pattern).
    """
    gv = np.asarray(g, dtype=float)
    tiny = 1e-12 * float(np.abs(gv).max(initial=0.0))
    on = np.flatnonzero(np.abs(gv) > tiny)
    if len(on) == 0:
        return 0.0
    if len(on) == 1:
        return float(gv[on[0]] ** 2 * SOLAR_LEG_OFF_SINGLE[on[0]])
    a = float(gv[on[0]])
    pattern = np.where(np.abs(gv) > tiny, gv / a, 0.0)
    key = tuple(round(float(x)) for x in pattern)
    if key not in SOLAR_LEG_OFF or not np.allclose(pattern, key, rtol=0, atol=1e-9):
        raise ValueError(f"couplings: {tuple(float(x) for x in gv)} is not a three-state Majorana channel "
                         "(one line, or three equal lines in a tabulated pattern)")
    return a * a * SOLAR_LEG_OFF[key]


def coefficient_variants(channel: Channel, moments_eV: ArrayLike, nature: str,
                         moment_scale: float) -> dict[str, float]:
    """K of one channel in each of the :data:`VARIANTS` (normalised as
    :func:`~nubrems.rates.flavour_quadrature.channel_coefficients`; the moments in eV^-1, or any
    unit shared with ``moment_scale``)."""
    if nature == "majorana":
        g = _majorana_g(channel, moments_eV, moment_scale)
        B = FQ.majorana_form_matrix()
        sym = channel.symmetry_factor / SYMMETRY_FACTOR["nunu"]
        diagonal = np.diag(B)
        return {"full": sym * float(g @ B @ g), "no_interference": sym * float(diagonal @ g**2),
                "solar_off": sym * solar_leg_off_coefficient(g),
                "solar_off_no_interference": sym * float(np.asarray(SOLAR_LEG_OFF_SINGLE) @ g**2)}
    states = (channel.solar, channel.relic, *channel.final)
    diagrams = H.channel_couplings(states, (1.0, 1.0, 1.0), np.asarray(moments_eV) / moment_scale,
                                   channel.relic_is_antineutrino)
    sym = channel.symmetry_factor / SYMMETRY_FACTOR[FQ.process_of(channel, "dirac")]
    legs = (2, 3, 4)                        # the solar leg's |c1|^2 enters with X ~ (m/E)^2: zero
    full = sym * sum(abs(diagrams["T", leg][0] + diagrams["U", leg][0]) ** 2 for leg in legs) / 12.0
    apart = sym * sum(abs(diagrams["T", leg][0]) ** 2 + abs(diagrams["U", leg][0]) ** 2 for leg in legs) / 12.0
    return {"full": full, "no_interference": apart, "solar_off": full, "solar_off_no_interference": apart}


def solar_leg_off_reference(channel: Channel, moments_eV: ArrayLike, moment_scale: float | None = None,
                            n_nodes: int = 12) -> float:
    """K of a Majorana channel without the photon on the solar leg, from explicit spinors.

    :func:`nubrems.amplitudes.helicity.majorana_msq_reference` with ``radiating_legs=(2, 3, 4)``
    over the rule :func:`~nubrems.rates.flavour_quadrature.phase_space_rule` at the reference point
    of :func:`~nubrems.rates.flavour_quadrature.majorana_form_matrix` (all masses equal: no
    radiative-decay poles), over the one-flavour nu nu leading |M|^2 on the same rule.
    12 nodes: 9216 points, ~3 s, 3e-5; the check of :data:`SOLAR_LEG_OFF`.
    """
    mu = MA.check_majorana_matrix(moments_eV)
    scale = float(np.abs(mu).max()) if moment_scale is None else float(moment_scale)
    m, E = FQ.REFERENCE_MASS_EV, FQ.REFERENCE_ENERGY_MEV * C.MEV
    x, w = FQ.phase_space_rule(n_nodes)
    point = ChannelMap(E, (m, m, m, m))(x)
    weight = w * point.weight
    lead, _ = CA.channel_msq_parts(_NUNU, (m, m, m), np.eye(3), point.invariants, G_F=1.0)
    field = MA.FIELD_MATRIX_FACTOR * mu / scale
    p1, p2, p3, p4, k = point.momenta
    off = H.majorana_msq_reference(p1, p2, p3, p4, k, (channel.solar, channel.relic, *channel.final), (m, m, m),
                                   field, G_F=1.0, radiating_legs=(2, 3, 4))
    return float(channel.symmetry_factor / SYMMETRY_FACTOR["nunu"] * (off @ weight) / (lead @ weight))


def channel_table(channels: Sequence[Channel], moments_eV: ArrayLike, nature: str,
                  moment_scale: float | None = None) -> list[dict[str, Any]]:
    """One row per channel: label, states, contraction, symmetry factor, couplings over mu
    (Dirac: |c_l|^2 of legs 1-4; Majorana: the six line couplings g) and K in each of the
    :data:`VARIANTS` (``coefficient``, ``coefficient_no_interference``, ...)."""
    mu = np.asarray(moments_eV, dtype=complex)
    scale = float(np.abs(mu).max()) if moment_scale is None else float(moment_scale)
    rows = []
    for ch in channels:
        K = coefficient_variants(ch, mu, nature, scale)
        couplings = (_majorana_g(ch, mu, scale) if nature == "majorana"
                     else np.abs(CA.effective_couplings(ch, mu / scale)) ** 2)
        rows.append({"nature": nature, "channel": ch.label, "solar": ch.solar, "relic": ch.relic,
                     "relic_is_antineutrino": ch.relic_is_antineutrino, "final": list(ch.final),
                     "contraction": ch.contraction, "symmetry_factor": ch.symmetry_factor,
                     "couplings": [float(c) for c in couplings],
                     **{("coefficient" if v == "full" else f"coefficient_{v}"): K[v] for v in VARIANTS}})
    return rows


@dataclass(frozen=True)
class NatureComparison:
    """Majorana over Dirac at leading order, and its pieces (:func:`nature_comparison`).

    Photon numbers are for the volume and exposure of ``params``; ``dirac`` and ``majorana``
    map each of the :data:`VARIANTS` to the total. Identities (exact, tested):

    * ``ratio = counting * dirac_relic_nu_share * per_relic``;
    * ``ratio = ratio_solar_off * majorana_solar_factor / dirac_solar_factor``;
    * ``ratio = ratio_no_interference * majorana_interference_factor / dirac_interference_factor``.
    """

    params: Params
    setup: TF.FlavourSetup                    #: the Dirac setup (the Majorana one differs in nature)
    dirac: dict[str, float]
    majorana: dict[str, float]
    dirac_relic_nu: float                     #: Dirac photons from relic neutrinos (not antineutrinos)
    counting: float                           #: (n_nu + n_nubar) / n_nu
    table: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """N_M / N_D, every diagram."""
        return self.majorana["full"] / self.dirac["full"]

    @property
    def dirac_relic_nu_share(self) -> float:
        """N_D(relic nu) / N_D."""
        return self.dirac_relic_nu / self.dirac["full"]

    @property
    def per_relic(self) -> float:
        """(N_M per relic) / (N_D per relic neutrino) = [N_M / (n_nu + n_nubar)] / [N_D(nu) / n_nu]."""
        return self.majorana["full"] / (self.counting * self.dirac_relic_nu)

    @property
    def ratio_solar_off(self) -> float:
        return self.majorana["solar_off"] / self.dirac["solar_off"]

    @property
    def majorana_solar_factor(self) -> float:
        """N_M / N_M(no photon on the solar leg)."""
        return self.majorana["full"] / self.majorana["solar_off"]

    @property
    def dirac_solar_factor(self) -> float:
        """N_D / N_D(no photon on the solar leg): 1 at leading order."""
        return self.dirac["full"] / self.dirac["solar_off"]

    @property
    def ratio_no_interference(self) -> float:
        return self.majorana["no_interference"] / self.dirac["no_interference"]

    @property
    def majorana_interference_factor(self) -> float:
        """N_M / N_M(no interference between the s, t, u contractions)."""
        return self.majorana["full"] / self.majorana["no_interference"]

    @property
    def dirac_interference_factor(self) -> float:
        """N_D / N_D(no interference between the two contractions)."""
        return self.dirac["full"] / self.dirac["no_interference"]

    @property
    def ratio_solar_off_no_interference(self) -> float:
        return self.majorana["solar_off_no_interference"] / self.dirac["solar_off_no_interference"]

    def as_dict(self) -> dict[str, Any]:
        scalars = ("ratio", "counting", "dirac_relic_nu_share", "per_relic", "ratio_solar_off",
                   "majorana_solar_factor", "dirac_solar_factor", "ratio_no_interference",
                   "majorana_interference_factor", "dirac_interference_factor", "ratio_solar_off_no_interference")
        per_year = self.params.volume_km3 * self.params.years
        return {**{k: float(getattr(self, k)) for k in scalars},
                "dirac_photons_per_km3_per_year": {k: v / per_year for k, v in self.dirac.items()},
                "majorana_photons_per_km3_per_year": {k: v / per_year for k, v in self.majorana.items()},
                "flavours": self.setup.as_dict(), "table": self.table}


def nature_comparison(params: Params | None = None, setup: TF.FlavourSetup | None = None,
                      components: Iterable[str] | None = None, n_nodes: int = 64) -> NatureComparison:
    """The leading-order Majorana/Dirac ratio and its decomposition (module docstring).

    Parameters
    ----------
    params : Params, optional
        Densities, xi, moment scale, solar model, volume and years.
    setup : FlavourSetup, optional
        Ordering, lightest mass and moments; its ``nature`` is ignored: the same setup is
        evaluated as Dirac and as Majorana. Default: the three-flavour settings of ``params``
        if its ``flavours`` is 3, else transition-only moments (the preset both natures have).
    components : iterable of str, optional
        Solar components (default all).
    n_nodes : int
        Solar quadrature nodes (:func:`nubrems.rates.flavour_quadrature.leading_flavour_rate`).

    Returns
    -------
    NatureComparison
        Totals of every variant for both natures, the pieces of the ratio and ``table``: one
        row per channel of both natures (:func:`channel_table`) with its photons per km^3 yr.
    """
    p = params or Params()
    base = setup or (TF.FlavourSetup.of(p) if p.flavours == 3 else TF.FlavourSetup(moments="transition-only"))
    comps = list(solar.COMPONENTS if components is None else components)
    for c in comps:
        solar.check_component(c)
    totals: dict[str, dict[str, float]] = {}
    table: list[dict[str, Any]] = []
    relic_nu = 0.0
    per_year = p.volume_km3 * p.years
    for nature in ("dirac", "majorana"):
        s = dataclasses.replace(base, nature=nature).check(p)
        if s.moving_relics:
            raise ValueError("moving_relics: the leading-order comparison has relics at rest")
        mu = np.asarray(s.moment_matrix_muB(p)) * C.MU_B
        channels = TF.channels_for(mu, nature)
        W = FQ.channel_weights(p, s, channels, comps, n_nodes, moment_scale=p.mu_nu).sum(axis=0)
        rows = channel_table(channels, mu, nature, p.mu_nu)
        totals[nature] = {v: float(sum(w * row["coefficient" if v == "full" else f"coefficient_{v}"]
                                       for w, row in zip(W, rows, strict=True))) for v in VARIANTS}
        for w, row in zip(W, rows, strict=True):
            row["photons_per_km3_per_year"] = float(w * row["coefficient"]) / per_year
        if nature == "dirac":
            relic_nu = float(sum(w * row["coefficient"] for w, row in zip(W, rows, strict=True)
                                 if not row["relic_is_antineutrino"]))
        table.extend(rows)
    counting = (p.relic_density_cm3("nunu") + p.relic_density_cm3("nunubar")) / p.relic_density_cm3("nunu")
    return NatureComparison(p, dataclasses.replace(base, nature="dirac"), totals["dirac"], totals["majorana"],
                            relic_nu, counting, table)
