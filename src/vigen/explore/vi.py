"""Chapter 1's explorer: sliders over the encoder of a linear-Gaussian toy (ipywidgets 7.7 and 8)."""
from __future__ import annotations

import matplotlib.pyplot as plt

from vigen.core.toys import LinearGaussianToy
from vigen.plots.vi import draw_decomposition

__all__ = ["bound_explorer"]


def bound_explorer(toy: LinearGaussianToy):
    """Sliders over the encoder p(z|x) = N(m x + c, t²) of a linear-Gaussian toy.

    Moving them changes the joint KL and the gap, never the marginal KL: the
    encoder only decides how tight the bound is.  Returns the widget.
    """
    import ipywidgets as widgets

    m = widgets.FloatSlider(value=float(toy.enc_slope), min=-1.5, max=1.5, step=0.05, description="slope m")
    c = widgets.FloatSlider(value=float(toy.enc_shift), min=-1.5, max=1.5, step=0.05, description="shift c")
    t = widgets.FloatLogSlider(value=float(toy.enc_scale), base=10, min=-1.5, max=0.5, step=0.05,
                               description="scale t")

    def redraw(m, c, t):
        fig, ax = plt.subplots(figsize=(6, 3.5))
        new = toy.with_encoder(m, c, t)
        draw_decomposition(new, ax=ax)
        ax.set_ylim(0, max(2.0, 1.1 * new.decomposition().joint))
        plt.show()

    out = widgets.interactive_output(redraw, {"m": m, "c": c, "t": t})
    return widgets.VBox([widgets.HBox([m, c, t]), out])
