"""Chapter 4's explorer: step through the exact GAN iteration on a table.

Works on ipywidgets 7.7 (Colab) and 8: ``IntSlider``, ``Checkbox``,
``interactive_output`` and ``Output`` only.  The chapter draws the same
iteration as a static figure for the published page.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

from vigen.exact.gan import iterate
from vigen.plots.gan import iteration_tables

__all__ = ["iteration_explorer"]


def iteration_explorer(p_data, q0, *, n_iter: int = 12):
    """Sliders over the step t of :func:`vigen.exact.gan.iterate`, complete or incomplete loss.

    With the KL term (complete loss) q_t moves towards p̃; without it each
    G-step jumps to a point mass at argmax D.  Returns the widget.
    """
    import ipywidgets as widgets

    runs = {True: iterate(p_data, q0, n_iter), False: iterate(p_data, q0, n_iter, complete=False)}
    t = widgets.IntSlider(value=0, min=0, max=n_iter, description="step t")
    complete = widgets.Checkbox(value=True, description="with KL(q‖q°)")

    def redraw(t, complete):
        fig, ax = plt.subplots(figsize=(6, 3))
        iteration_tables(p_data, runs[complete], t, ax=ax, label="q_t" if complete else "q_t (no KL)")
        plt.show()

    out = widgets.interactive_output(redraw, {"t": t, "complete": complete})
    return widgets.VBox([widgets.HBox([t, complete]), out])
