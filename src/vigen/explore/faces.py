"""An explorer's two faces, drawn by one function.

In Jupyter or Colab an explorer is live: sliders (ipywidgets 7.7 and 8: ``interactive_output`` and
``Output`` only) redraw a figure.  The published page cannot run Python, so there the same explorer shows a
filmstrip: the figure drawn at a few slider positions, side by side.  Both faces call one ``draw(fig,
**values)`` function, which draws into ``fig`` (a matplotlib figure or sub-figure) for one setting of the
sliders, so the page shows exactly what the sliders would.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt

__all__ = ["live", "filmstrip"]


def live(draw, controls: dict, *, figsize: tuple, controls_beside: bool = False):
    """The live face: the widgets in ``controls`` (name -> ipywidgets control) above the figure (or beside
    it, ``controls_beside=True``); every change redraws ``draw(fig, **values)``.  Returns the widget."""
    import ipywidgets as widgets

    if not controls:
        raise ValueError("controls must name at least one widget")

    def redraw(**values):
        fig = plt.figure(figsize=figsize, layout="constrained")
        draw(fig, **values)
        plt.show()

    out = widgets.interactive_output(redraw, controls)
    if controls_beside:
        return widgets.HBox([widgets.VBox(list(controls.values())), out])
    return widgets.VBox([widgets.HBox(list(controls.values())), out])


def filmstrip(draw, settings: list, *, panel: tuple, titles=None, ncols: int | None = None):
    """The static face: ``draw(sub, **values)`` for each dict of slider values in ``settings``, each in a
    ``panel``-sized (width, height in inches) sub-figure titled by ``titles`` (default: the values), laid
    out in ``ncols`` columns (default: one row).  Returns the figure."""
    settings = list(settings)
    if not settings or not all(isinstance(s, dict) for s in settings):
        raise ValueError("settings must be a non-empty list of dicts of slider values")
    titles = [", ".join(f"{k} = {v:g}" if isinstance(v, float) else f"{k} = {v}" for k, v in s.items())
              for s in settings] if titles is None else list(titles)
    if len(titles) != len(settings):
        raise ValueError(f"titles must have one entry per setting ({len(settings)}), got {len(titles)}")
    ncols = len(settings) if ncols is None else ncols
    if not (isinstance(ncols, int) and ncols >= 1):
        raise ValueError(f"ncols must be a positive integer, got {ncols!r}")
    nrows = math.ceil(len(settings) / ncols)
    fig = plt.figure(figsize=(panel[0] * ncols, panel[1] * nrows), layout="constrained")
    subs = fig.subfigures(nrows, ncols, squeeze=False).ravel()
    for sub, values, title in zip(subs, settings, titles):
        draw(sub, **values)
        sub.suptitle(title, fontsize="medium")
    return fig
