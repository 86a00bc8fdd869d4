"""Feynman diagrams of nu nu -> nu nu gamma and nu nubar -> nu nubar gamma, drawn with
matplotlib.

The contact interaction is drawn as a short dashed line joining its two bilinears (the Z
boson shrunk to a point), so that the two Wick contractions are told apart; the photon
(wavy line) leaves one of the four external legs through the magnetic-moment vertex.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["FONTSIZE", "LINES", "WIDTH", "XLIM", "YLIM", "draw", "draw_all"]

Point = tuple[float, float]

#: contraction -> (upper line, lower line), each (start leg, end leg) along the fermion arrow.
#: Legs 1, 2 are incoming (left), 3, 4 outgoing (right).
LINES = {
    ("nunu", "T"): (("1", "3"), ("2", "4")),
    ("nunu", "U"): (("1", "4"), ("2", "3")),
    ("nunubar", "T"): (("1", "3"), ("4", "2")),   # t channel: the nubar line runs 4 -> 2
    ("nunubar", "U"): (("1", "2"), ("4", "3")),   # s channel: annihilation, then creation
}
_POS = {"1": (-1.0, 0.7), "2": (-1.0, -0.7), "3": (1.0, 0.7), "4": (1.0, -0.7)}
_LABEL = {"nunu": {"1": r"$\nu(p_1)$", "2": r"$\nu(p_2)$", "3": r"$\nu(p_3)$", "4": r"$\nu(p_4)$"},
          "nunubar": {"1": r"$\nu(p_1)$", "2": r"$\bar\nu(p_2)$", "3": r"$\nu(p_3)$", "4": r"$\bar\nu(p_4)$"}}

#: Size of every label, in points. The figure of :func:`draw_all` is as wide as the PDF's
#: text, so LaTeX prints it at its natural size and the labels keep this size, about that of
#: the body text (DejaVu Sans at 9 pt is as tall as Times at 10 pt); HTML shows it at about
#: its natural width too.
FONTSIZE = 9
#: Width of the figure of all eight diagrams, in inches (nubrems.plotting.TEXT_WIDTH).
WIDTH = 6.1
#: Data limits of one diagram: the legs end at x = +-1; beyond, room for their labels.
XLIM, YLIM = 2.0, 1.45


def _point(a: Point, b: Point, f: float) -> Point:
    return (a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1]))


def _arrow(ax: Axes, a: Point, b: Point, at: float = 0.5, **kw: Any) -> None:
    """A fermion line from ``a`` to ``b``, its arrow head at the fraction ``at`` of the way."""
    ax.annotate("", xy=b, xytext=a, arrowprops=dict(arrowstyle="-", lw=1.3, shrinkA=0, shrinkB=0, **kw))
    mid = _point(a, b, at)
    d = np.subtract(b, a) / np.hypot(*np.subtract(b, a))
    ax.annotate("", xy=(mid[0] + 0.06 * d[0], mid[1] + 0.06 * d[1]), xytext=mid,
                arrowprops=dict(arrowstyle="-|>", lw=1.3, mutation_scale=10, **kw))


def _photon(ax: Axes, start: Point, direction: Point, length: float = 0.45, waves: int = 4,
            amplitude: float = 0.05, fontsize: float = FONTSIZE) -> None:
    d = np.asarray(direction, dtype=float) / np.hypot(*direction)
    n = np.array([-d[1], d[0]])
    t = np.linspace(0, 1, 200)
    pts = np.asarray(start)[None, :] + length * t[:, None] * d + amplitude * np.sin(2 * np.pi * waves * t)[:, None] * n
    ax.plot(pts[:, 0], pts[:, 1], color="tab:red", lw=1.2)
    x, y = np.asarray(start) + (length + 0.08) * d
    ax.text(x, y, r"$\gamma(k)$", ha="center",
            va="bottom" if d[1] > 0 else "top", color="tab:red", fontsize=fontsize)


def draw(ax: Axes, process: str, contraction: str, photon_leg: str, title: str | None = None,
         fontsize: float = FONTSIZE) -> None:
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
            # the arrow near the external end, the photon near the middle: apart, and both
            # clear of the crossing of the lines of the U contraction
            _arrow(ax, a, b, at=0.25 if into else 0.75, color="black")
            if leg == photon_leg:
                _photon(ax, _point(a, b, 0.5 if into else 0.58),
                        (0.0, 1.0) if _POS[leg][1] > 0 else (0.0, -1.0), fontsize=fontsize)
    for vertex in (v_up, v_lo):
        ax.plot(*vertex, "o", color="black", ms=3.5)
    for leg, (x, y) in _POS.items():
        ax.text(x + (-0.07 if x < 0 else 0.07), y, _LABEL[process][leg], ha="right" if x < 0 else "left",
                va="center", fontsize=fontsize)
    ax.set_xlim(-XLIM, XLIM)
    ax.set_ylim(-YLIM, YLIM)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=fontsize, pad=2)


def draw_all(process: str) -> Figure:
    """A figure with all eight diagrams of ``process``: a row per contraction (T, U), a
    column per leg that emits the photon. As wide as the PDF's text, labels at
    :data:`FONTSIZE`."""
    import matplotlib.pyplot as plt  # lazy: the [book] extra

    rows = {"nunu": ("T", "U"), "nunubar": ("T (t channel)", "U (s channel)")}[process]
    panel = (WIDTH - 0.25) / 4                      # the row labels take 0.25 in on the left
    height = 2 * panel * YLIM / XLIM + 0.3          # two rows of equal-aspect panels and a title row
    fig, axes = plt.subplots(2, 4, figsize=(WIDTH, height), layout="none")
    fig.subplots_adjust(left=0.25 / WIDTH, right=1.0, bottom=0.0, top=1 - 0.3 / height,
                        wspace=0.0, hspace=0.0)
    for row, contraction in enumerate(("T", "U")):
        for col, leg in enumerate("1234"):
            ax = axes[row, col]
            draw(ax, process, contraction, leg, f"photon from leg {leg}" if row == 0 else None)
        axes[row, 0].text(-0.02, 0.5, rows[row], transform=axes[row, 0].transAxes, rotation=90,
                          ha="right", va="center", fontsize=FONTSIZE)
    return fig
