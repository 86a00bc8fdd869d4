"""Feynman diagrams of nu nu -> nu nu gamma and nu nubar -> nu nubar gamma, drawn with
matplotlib.

The contact interaction is drawn as a short dashed line joining its two bilinears (the Z
boson shrunk to a point), so that the two Wick contractions are told apart; the photon
(wavy line) leaves one of the four external legs through the magnetic-moment vertex.
"""

from __future__ import annotations

import numpy as np

#: contraction -> (upper line, lower line), each (start leg, end leg) along the fermion arrow.
#: Legs 1, 2 are incoming (left), 3, 4 outgoing (right).
LINES = {
    ("nunu", "T"): (("1", "3"), ("2", "4")),
    ("nunu", "U"): (("1", "4"), ("2", "3")),
    ("nunubar", "T"): (("1", "3"), ("4", "2")),   # t channel: the nubar line runs 4 -> 2
    ("nunubar", "U"): (("1", "2"), ("4", "3")),   # s channel: annihilation, then creation
}
_POS = {"1": (-1.0, 0.75), "2": (-1.0, -0.75), "3": (1.0, 0.75), "4": (1.0, -0.75)}
_LABEL = {"nunu": {"1": r"$\nu(p_1)$", "2": r"$\nu(p_2)$", "3": r"$\nu(p_3)$", "4": r"$\nu(p_4)$"},
          "nunubar": {"1": r"$\nu(p_1)$", "2": r"$\bar\nu(p_2)$", "3": r"$\nu(p_3)$", "4": r"$\bar\nu(p_4)$"}}


def _arrow(ax, a, b, **kw):
    ax.annotate("", xy=b, xytext=a, arrowprops=dict(arrowstyle="-", lw=1.4, **kw))
    mid = (0.5 * (a[0] + b[0]), 0.5 * (a[1] + b[1]))
    d = np.subtract(b, a) / np.hypot(*np.subtract(b, a))
    ax.annotate("", xy=(mid[0] + 0.06 * d[0], mid[1] + 0.06 * d[1]), xytext=mid,
                arrowprops=dict(arrowstyle="-|>", lw=1.4, mutation_scale=12, **kw))


def _photon(ax, start, direction, length=0.55, waves=5, amplitude=0.05):
    d = np.asarray(direction, dtype=float) / np.hypot(*direction)
    n = np.array([-d[1], d[0]])
    t = np.linspace(0, 1, 200)
    pts = np.asarray(start)[None, :] + length * t[:, None] * d + amplitude * np.sin(2 * np.pi * waves * t)[:, None] * n
    ax.plot(pts[:, 0], pts[:, 1], color="tab:red", lw=1.3)
    ax.text(*(np.asarray(start) + (length + 0.12) * d), r"$\gamma(k)$", ha="center", va="center", color="tab:red")


def draw(ax, process: str, contraction: str, photon_leg: str, title: str | None = None) -> None:
    """Draw one diagram on ``ax``: ``contraction`` "T" or "U", photon from leg "1".."4"."""
    upper, lower = LINES[(process, contraction)]
    s_channel = process == "nunubar" and contraction == "U"
    # the two bilinear vertices: one above the other, or left and right for the s channel
    v_up, v_lo = ((-0.3, 0.0), (0.3, 0.0)) if s_channel else ((0.0, 0.35), (0.0, -0.35))
    ax.plot([v_up[0], v_lo[0]], [v_up[1], v_lo[1]], ls="--", color="0.4", lw=1.2)
    for line, vertex in ((upper, v_up), (lower, v_lo)):
        start, end = line
        for leg, into in ((start, True), (end, False)):
            a, b = (_POS[leg], vertex) if into else (vertex, _POS[leg])
            _arrow(ax, a, b, color="black")
            if leg == photon_leg:
                at = (0.5 * (a[0] + b[0]), 0.5 * (a[1] + b[1]))
                _photon(ax, at, (0.0, 1.0) if _POS[leg][1] > 0 else (0.0, -1.0))
    for vertex in (v_up, v_lo):
        ax.plot(*vertex, "o", color="black", ms=4)
    for leg, (x, y) in _POS.items():
        ax.text(x + (-0.08 if x < 0 else 0.08), y, _LABEL[process][leg], ha="right" if x < 0 else "left",
                va="center", fontsize=9)
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.5, 1.5)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=9)


def draw_all(process: str):
    """A figure with all eight diagrams of ``process`` (two contractions x four legs)."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(2, 4, figsize=(9.0, 4.8))
    names = {"nunu": ("T", "U"), "nunubar": ("T (t channel)", "U (s channel)")}[process]
    for row, contraction in enumerate(("T", "U")):
        for col, leg in enumerate("1234"):
            draw(axes[row, col], process, contraction, leg, f"{names[row]}, photon from leg {leg}")
    return fig
