"""Animations on the page: matplotlib's JavaScript player, offline, as a numbered and captioned figure.

:func:`offline_jshtml` removes the player's only network request.  :func:`show_animation` displays the
player in the notebook (Jupyter or Colab) and, where the book is built, also hands it to MyST-NB's ``glue``
under a name, so that a ``{glue:figure}`` directive in the chapter's text can give it a number and a caption.
"""
from __future__ import annotations

import re

__all__ = ["offline_jshtml", "show_animation"]

_ICONS = {"fa-minus": "−", "fa-fast-backward": "⏮", "fa-step-backward": "⏴", "fa-play fa-flip-horizontal": "◀",
          "fa-pause": "⏸", "fa-play": "▶", "fa-step-forward": "⏵", "fa-fast-forward": "⏭", "fa-plus": "+"}


def offline_jshtml(anim, *, alt: str = "animation frame", **kwargs) -> str:
    """``anim.to_jshtml(**kwargs)`` without its only network request, and with ``alt`` text on its frame.

    Matplotlib's player loads Font Awesome from a CDN for its nine button icons; offline (or where the CDN
    is blocked) the buttons are blank.  This drops the stylesheet link and writes each icon as a Unicode
    symbol; the buttons keep their titles, which screen readers read.
    """
    html = anim.to_jshtml(**kwargs)
    html = re.sub(r'<link rel="stylesheet"\s+href="https://[^"]*font-awesome[^"]*">', "", html)
    for name, symbol in _ICONS.items():
        html = html.replace(f'<i class="fa {name}"></i>', symbol)
    html = re.sub(r'<img id="(_anim_img\w*)">', lambda m: f'<img id="{m.group(1)}" alt="{_escape(alt)}">', html)
    if "https://" in html or 'class="fa ' in html or 'alt="' not in html:
        raise RuntimeError("matplotlib's animation player changed: offline_jshtml needs updating")
    return html


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def show_animation(name: str, anim, *, alt: str, **kwargs) -> None:
    """Display ``anim`` with the offline player, and glue it under ``name`` for a ``{glue:figure}``.

    Outside a book build (Colab has no MyST-NB) it is only displayed.  The cell that calls this is tagged
    ``remove-output`` in the book, so that the page shows the animation once, in its figure.
    """
    from IPython.display import HTML, display

    player = HTML(offline_jshtml(anim, alt=alt, **kwargs))
    try:
        from myst_nb import glue
    except ImportError:
        display(player)
        return
    glue(name, player, display=True)
