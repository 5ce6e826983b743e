"""How the book's figures look on the page: sharp on high-density screens, legible at the column's width.

:func:`use_book_style` is called once by every chapter.  The column of the published page is about 750 px
wide on a laptop; at the style's 100 dpi a figure up to :data:`COLUMN_WIDTH` inches wide is shown at its
natural size, so its 10-point tick labels are about 14 px high.  A wider figure is shrunk to fit, and its
text with it.  :func:`offline_jshtml` turns a matplotlib animation into HTML that needs no network.
"""
from __future__ import annotations

import re

import matplotlib

__all__ = ["COLUMN_WIDTH", "BOOK_RC", "use_book_style", "offline_jshtml"]

COLUMN_WIDTH = 7.5
"""The widest figure, in inches, that the published page shows unshrunk on a laptop (at 100 dpi)."""

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


_ICONS = {"fa-minus": "−", "fa-fast-backward": "⏮", "fa-step-backward": "⏴", "fa-play fa-flip-horizontal": "◀",
          "fa-pause": "⏸", "fa-play": "▶", "fa-step-forward": "⏵", "fa-fast-forward": "⏭", "fa-plus": "+"}


def offline_jshtml(anim, **kwargs) -> str:
    """``anim.to_jshtml(**kwargs)`` without its only network request.

    Matplotlib's player loads Font Awesome from a CDN for its nine button icons; offline (or where the CDN
    is blocked) the buttons are blank.  This drops the stylesheet link and writes each icon as a Unicode
    symbol; the buttons keep their titles, which screen readers read.
    """
    html = anim.to_jshtml(**kwargs)
    html = re.sub(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">', "", html)
    for name, symbol in _ICONS.items():
        html = html.replace(f'<i class="fa {name}"></i>', symbol)
    if "https://" in html or 'class="fa ' in html:
        raise RuntimeError("matplotlib's animation player changed: offline_jshtml needs updating")
    return html
