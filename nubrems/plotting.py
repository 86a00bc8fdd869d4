"""One plotting style for the book: white background, labelled axes, readable in print."""

from __future__ import annotations

import matplotlib as mpl

STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.labelsize": 11,
    "legend.fontsize": 9,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 1.6,
    "figure.figsize": (6.4, 4.0),
    "figure.constrained_layout.use": True,
}


def use_book_style() -> None:
    """Apply the book's matplotlib style globally (call once per notebook)."""
    mpl.rcParams.update(STYLE)
