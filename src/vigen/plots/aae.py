"""Figures and tables of chapter 5: codes against the prior, prior grids, the mode-coverage table.

Like ``vigen.plots``, each drawing function works on ``ax`` (a new one if
None), returns it, sets no figure size or title and never calls ``plt.show()``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.distributions import Normal

from vigen.core._validation import require_positive_int
from vigen.plots.vae import image_grid, latent_map

__all__ = ["prior_contours", "codes_vs_prior", "prior_grid_codes", "prior_grid"]


def _ax(ax):
    return plt.gca() if ax is None else ax


def prior_contours(*, ax=None, radii=(1.0, 2.0, 3.0)):
    """Dashed density contours of q(z) = N(0, I) in 2-D: circles of radius r hold 1 - exp(-r²/2) of its mass."""
    ax = _ax(ax)
    t = np.linspace(0, 2 * np.pi, 200)
    for r in radii:
        ax.plot(r * np.cos(t), r * np.sin(t), color="k", ls="--", lw=1)
    ax.set_aspect("equal")
    return ax


def codes_vs_prior(z, labels, *, ax=None, lim: float = 3.5):
    """2-D codes coloured by label (``vigen.plots.vae.latent_map``) over the prior's 1, 2, 3 contours."""
    ax = latent_map(z, labels, ax=ax, s=4.0)
    prior_contours(ax=ax)
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    return ax


def prior_grid_codes(n: int = 10) -> torch.Tensor:
    """An ``n x n`` grid of 2-D codes at the prior's quantiles (1/2n, 3/2n, ...), rows top to bottom.

    Each cell of the grid holds the same prior mass, so decoding it shows what
    sampling from q(z) produces, region by region.
    """
    n = require_positive_int("n", n)
    q = Normal(0.0, 1.0).icdf((torch.arange(n, dtype=torch.float32) + 0.5) / n)  # (n,)
    return torch.stack([q.repeat(n), q.flip(0).repeat_interleave(n)], dim=1)     # (n*n, 2)


def prior_grid(model, *, n: int = 10, ax=None):
    """Decode :func:`prior_grid_codes` with ``model.decode`` and tile the 8x8 images."""
    return image_grid(model.decode(prior_grid_codes(n)), ncol=n, ax=ax)
