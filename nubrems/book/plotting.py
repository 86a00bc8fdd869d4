"""One plotting style for the book: white background, labelled axes, readable in print.

Sizes are chosen for the PDF, whose text is 6.27 in wide (A4) in a 10 pt serif. LaTeX
prints a figure at its natural size (the PNG's pixels at :data:`STYLE`'s dpi) and shrinks
only one wider than the text. So a figure up to :data:`TEXT_WIDTH` wide keeps its fonts at
9 pt (DejaVu Sans at 9 pt is as tall as the 10 pt body text; tick labels and legends are
smaller), and a wider one, e.g. ``figsize=(8.0, 3.4)``, is scaled down with its fonts
(by 6.1/8.1 there). The same figure in HTML is shown at about its natural width.
"""

from __future__ import annotations

from typing import Any

import matplotlib as mpl
from matplotlib.typing import RcKeyType

__all__ = ["STYLE", "TEXT_WIDTH", "use_book_style"]

#: Widest figure (inches, figsize[0]) that the PDF prints at its natural size: the A4 text
#: width less the padding that ``bbox_inches="tight"`` adds (savefig.pad_inches per side).
TEXT_WIDTH = 6.1

STYLE: dict[RcKeyType, Any] = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "savefig.pad_inches": 0.05,
    "font.size": 9,
    "axes.labelsize": 9,
    "axes.titlesize": 9,
    "figure.titlesize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.title_fontsize": 8,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "lines.linewidth": 1.5,
    "figure.figsize": (TEXT_WIDTH, 3.8),
    "figure.constrained_layout.use": True,
}


def use_book_style() -> None:
    """Apply the book's matplotlib style globally (call once per notebook)."""
    mpl.rcParams.update(STYLE)
