"""Chapter 2's explorer: a code z, chosen by sliders (live) or at a few fixed points (the page's
filmstrip), and the image the decoder q(x|z) makes of it."""
from __future__ import annotations

import torch

from vigen.explore.faces import filmstrip, live
from vigen.plots.vae import image_grid

__all__ = ["draw_code", "latent_explorer", "latent_filmstrip"]


def draw_code(fig, model, z, *, side: int = 8):
    """The decoder's mean image at the code ``z`` (a sequence of the first latent coordinates; the rest are
    0), titled with log q(z) under the prior."""
    code = torch.zeros(1, model.latent_dim)
    code[0, :len(z)] = torch.as_tensor(z, dtype=code.dtype)
    ax = fig.subplots()
    image_grid(model.decode(code), ncol=1, side=side, ax=ax)
    ax.set_title(f"log q(z) = {model.q_z().log_prob(code.to(model._zero.dtype)).item():.2f}", fontsize="small")
    return ax


def latent_explorer(model, *, max_dims: int = 4, span: float = 3.0, side: int = 8):
    """Sliders over the first ``max_dims`` latent coordinates of ``model``; shows the decoded image q(x|z)
    (pixel probabilities for a Bernoulli decoder).  Returns the widget."""
    import ipywidgets as widgets

    dims = min(max_dims, model.latent_dim)
    controls = {f"z{i + 1}": widgets.FloatSlider(value=0.0, min=-span, max=span, step=0.1, description=f"z{i + 1}",
                                                 continuous_update=False) for i in range(dims)}

    def draw(fig, **values):
        return draw_code(fig, model, [values[f"z{i + 1}"] for i in range(dims)], side=side)

    return live(draw, controls, figsize=(2.5, 2.5), controls_beside=True)


def latent_filmstrip(model, codes, *, side: int = 8):
    """The explorer at each code in ``codes`` (sequences of leading latent coordinates).  Returns the figure."""
    settings = [{"z": list(map(float, z))} for z in codes]
    titles = ["z = (" + ", ".join(f"{v:g}" for v in s["z"]) + ")" for s in settings]
    return filmstrip(lambda fig, z: draw_code(fig, model, z, side=side), settings, panel=(1.45, 1.75),
                     titles=titles)
