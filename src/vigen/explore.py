"""Interactive explorers for Jupyter and Colab, plus reader tools.

Explorers use only the ipywidgets API common to versions 7.7 (Colab) and 8:
sliders, ``interactive_output`` and ``Output``.  Each chapter also draws a
static figure of the same thing, because the published HTML cannot run Python.
"""
from __future__ import annotations

import inspect

import matplotlib.pyplot as plt

from .toys import LinearGaussianToy

__all__ = ["show_source", "bound_explorer", "draw_decomposition"]


def show_source(obj) -> None:
    """Print the source code of a vigen function or class (Colab's view of ``literalinclude``)."""
    print(inspect.getsource(obj))


def draw_decomposition(toy: LinearGaussianToy, *, ax=None):
    """Bar chart of (eq:joint-kl): the joint KL stacked as marginal KL + gap."""
    ax = plt.gca() if ax is None else ax
    d = toy.decomposition()
    ax.bar([0], [d.marginal], color="C0", label="KL(p̃(x)‖q(x))")
    ax.bar([0], [d.gap], bottom=[d.marginal], color="C1", label="E KL(p(z|x)‖q(z|x))  (gap)")
    ax.bar([1], [d.joint], color="C2", label="KL(p(x,z)‖q(x,z))")
    ax.set_xticks([0, 1], ["marginal + gap", "joint"])
    ax.set_ylabel("nats")
    ax.legend(frameon=False, loc="upper left")
    return ax


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
