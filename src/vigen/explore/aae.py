"""Chapter 5's explorer: a 2-D code z, chosen by two sliders (live) or at a few fixed points (the page's
filmstrip).  The left panel marks it among the data's codes E(x) and the prior's contours; the right panel
shows G(z) with the discriminator's D(z) and the prior's log q(z).  Codes in the prior's bulk that no
image maps to are where samples from q(z) go wrong."""
from __future__ import annotations

import torch

from vigen.explore.faces import filmstrip, live
from vigen.plots.aae import codes_vs_prior
from vigen.plots.vae import image_grid

__all__ = ["draw_code", "latent_explorer", "latent_filmstrip"]


def draw_code(fig, model, z_codes, labels, z1: float, z2: float, *, legend: bool = True):
    """The code (z1, z2) among the data's codes, and the decoder's image of it."""
    z = torch.tensor([[z1, z2]])
    axes = fig.subplots(1, 2, width_ratios=[1.6, 1])
    codes_vs_prior(z_codes, labels, ax=axes[0])
    axes[0].plot([z1], [z2], "k*", ms=14)
    if not legend and axes[0].get_legend() is not None:
        axes[0].get_legend().remove()
    image_grid(model.decode(z), ncol=1, ax=axes[1])
    axes[1].set_title(f"D(z) = {model.discriminate(z).item():.2f}\n"
                      f"log q(z) = {model.q_z().log_prob(z).item():.2f}", fontsize="small")
    return axes


def _require_2d(model):
    if model.latent_dim != 2:
        raise ValueError(f"model must have a 2-D latent space, got latent_dim={model.latent_dim}")


def latent_explorer(model, z_codes, labels, *, span: float = 3.0):
    """Sliders over a 2-D code of ``model`` (an ``vigen.models.aae.AAE``); returns the widget."""
    import ipywidgets as widgets

    _require_2d(model)
    controls = {name: widgets.FloatSlider(value=0.0, min=-span, max=span, step=0.1, description=name,
                                          continuous_update=False) for name in ("z1", "z2")}
    return live(lambda fig, **v: draw_code(fig, model, z_codes, labels, **v), controls, figsize=(7, 3),
                controls_beside=True)


def latent_filmstrip(model, z_codes, labels, codes, *, ncols: int = 2):
    """The explorer at each (z1, z2) in ``codes``.  Returns the figure."""
    _require_2d(model)
    settings = [{"z1": float(a), "z2": float(b)} for a, b in codes]
    return filmstrip(lambda fig, **v: draw_code(fig, model, z_codes, labels, legend=False, **v), settings,
                     panel=(3.6, 2.3), ncols=ncols)
