"""The latent explorer of chapter 2 (ipywidgets 7.7 and 8: sliders, ``interactive_output``, ``Output``).

The published page cannot run Python, so the chapter also draws a static
traversal grid (:func:`vigen.plots.vae.traversal`) of the same model.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from vigen.plots.vae import image_grid

__all__ = ["latent_explorer"]


def latent_explorer(model, *, max_dims: int = 4, span: float = 3.0, side: int = 8):
    """Sliders over the first ``max_dims`` latent coordinates; shows the decoded image q(x|z).

    The image is the decoder's mean (pixel probabilities for a Bernoulli decoder);
    a bar chart beside it shows log q(z) of the chosen code under the prior.
    Returns the widget.
    """
    import ipywidgets as widgets

    dims = min(max_dims, model.latent_dim)
    sliders = {f"z{i + 1}": widgets.FloatSlider(value=0.0, min=-span, max=span, step=0.1,
                                                description=f"z{i + 1}", continuous_update=False)
               for i in range(dims)}

    def redraw(**values):
        z = torch.zeros(1, model.latent_dim)
        for i in range(dims):
            z[0, i] = values[f"z{i + 1}"]
        fig, ax = plt.subplots(figsize=(2.5, 2.5))
        image_grid(model.decode(z), ncol=1, side=side, ax=ax)
        ax.set_title(f"log q(z) = {model.q_z().log_prob(z.to(model._zero.dtype)).item():.2f}", fontsize="small")
        plt.show()

    out = widgets.interactive_output(redraw, sliders)
    return widgets.HBox([widgets.VBox(list(sliders.values())), out])
