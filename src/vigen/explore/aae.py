"""The latent explorer of chapter 5 (ipywidgets 7.7 and 8: sliders, ``interactive_output``, ``Output``).

Two sliders pick a code z; the left panel marks it among the data's codes E(x)
and the prior's contours, the right panel shows G(z) with the discriminator's
D(z) and the prior's log q(z).  Codes in the prior's bulk that no image maps to
are where samples from q(z) go wrong.  The published page shows the static
``vigen.plots.aae.prior_grid`` instead.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from vigen.plots.aae import codes_vs_prior
from vigen.plots.vae import image_grid

__all__ = ["latent_explorer"]


def latent_explorer(model, z_codes, labels, *, span: float = 3.0):
    """Sliders over a 2-D code of ``model`` (an ``vigen.models.aae.AAE``); returns the widget."""
    import ipywidgets as widgets

    if model.latent_dim != 2:
        raise ValueError(f"model must have a 2-D latent space, got latent_dim={model.latent_dim}")
    sliders = {name: widgets.FloatSlider(value=0.0, min=-span, max=span, step=0.1, description=name,
                                         continuous_update=False) for name in ("z1", "z2")}

    def redraw(z1, z2):
        z = torch.tensor([[z1, z2]])
        fig, axes = plt.subplots(1, 2, figsize=(7, 3), gridspec_kw={"width_ratios": [1.6, 1]})
        codes_vs_prior(z_codes, labels, ax=axes[0])
        axes[0].plot([z1], [z2], "k*", ms=14)
        image_grid(model.decode(z), ncol=1, ax=axes[1])
        axes[1].set_title(f"D(z) = {model.discriminate(z).item():.2f}, "
                          f"log q(z) = {model.q_z().log_prob(z).item():.2f}", fontsize="small")
        plt.show()

    out = widgets.interactive_output(redraw, sliders)
    return widgets.HBox([widgets.VBox(list(sliders.values())), out])
