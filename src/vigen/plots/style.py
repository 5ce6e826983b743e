"""How the book's figures look on the page: sharp on high-density screens, legible at the column's width.

The chapters call :func:`use_book_style` once, in their first code cell.  The column of the published
page is about 750 px wide on a laptop; at the style's 100 dpi a figure up to :data:`COLUMN_WIDTH` inches
wide is shown at its natural size, so its 9.5-point tick labels are about 13 px high.  A wider figure is
shrunk to fit, and its text with it.
"""
from __future__ import annotations

import matplotlib

__all__ = ["COLUMN_WIDTH", "BOOK_RC", "use_book_style"]

COLUMN_WIDTH = 7.3
"""The widest figure, in inches, that the published page shows unshrunk on a laptop: at 100 dpi, with the
0.1-inch margin that Jupyter's inline backend trims to on each side, 7.5 inches fill the 750-px column."""

BOOK_RC = {
    "figure.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 10,
    "axes.labelsize": 10,
    "xtick.labelsize": 9.5,
    "ytick.labelsize": 9.5,
    "legend.fontsize": 9.5,
    "figure.titlesize": 11,
}
"""The matplotlib settings :func:`use_book_style` applies."""


def use_book_style() -> None:
    """Apply :data:`BOOK_RC`, and in Jupyter or Colab draw inline figures at twice the pixel density
    ("retina"), so that they stay sharp on phones and high-density laptop screens."""
    matplotlib.rcParams.update(BOOK_RC)
    try:
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:         # no Jupyter: nothing is drawn inline
        return
    set_matplotlib_formats("retina")
