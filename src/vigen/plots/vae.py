"""Figures of chapter 2: image grids, latent maps, traversals, posteriors and the likelihood table.

Like :mod:`vigen.plots`, each function draws on ``ax`` (a new one if None),
returns it, sets no figure size or title and never calls ``plt.show()``.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import torch

from vigen.core._validation import require_positive, require_positive_int
from vigen.plots.common import gaussian_ellipse

__all__ = ["image_grid", "latent_map", "traversal_images", "traversal", "posterior_ellipses"]


def _ax(ax):
    return plt.gca() if ax is None else ax


def image_grid(images, *, ncol: int = 10, side: int = 8, ax=None, cmap: str = "gray_r"):
    """Tile rows of flattened ``side x side`` images (values in [0, 1]) into one picture."""
    ax = _ax(ax)
    ncol = require_positive_int("ncol", ncol)
    imgs = torch.as_tensor(images).detach().cpu().reshape(-1, side, side).numpy()
    nrow = math.ceil(len(imgs) / ncol)
    canvas = np.ones((nrow * (side + 1) - 1, ncol * (side + 1) - 1)) * np.nan
    for i, img in enumerate(imgs):
        r, c = divmod(i, ncol)
        canvas[r * (side + 1):r * (side + 1) + side, c * (side + 1):c * (side + 1) + side] = img
    ax.imshow(np.ma.masked_invalid(canvas), cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    return ax


def latent_map(z, labels, *, ax=None, s: float = 8.0):
    """Scatter 2-D codes coloured by their class label, with a legend of the classes."""
    ax = _ax(ax)
    z = torch.as_tensor(z).detach().cpu().numpy()
    labels = torch.as_tensor(labels).cpu().numpy()
    for c in np.unique(labels):
        pts = z[labels == c]
        ax.scatter(pts[:, 0], pts[:, 1], s=s, color=plt.cm.tab10(int(c) % 10), label=str(c))
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.legend(frameon=False, ncol=2, fontsize="small", markerscale=2, loc="center left", bbox_to_anchor=(1, 0.5))
    return ax


def traversal_images(model, *, n: int = 9, span: float = 2.5, dims=(0, 1), base=None) -> torch.Tensor:
    """Decoder means on an ``n x n`` grid over two latent coordinates (the rest at ``base``, default 0).

    Returns a tensor of shape (n * n, data_dim), rows running over ``dims[1]``
    from +span (top) to -span and columns over ``dims[0]`` from -span to +span.
    """
    n = require_positive_int("n", n)
    require_positive("span", span)
    grid = torch.linspace(-span, span, n)
    z = torch.zeros(n * n, model.latent_dim) if base is None else torch.as_tensor(base).repeat(n * n, 1)
    z[:, dims[0]] = grid.repeat(n)                  # columns: left to right
    z[:, dims[1]] = grid.flip(0).repeat_interleave(n)  # rows: top to bottom
    return model.decode(z)


def traversal(model, *, n: int = 9, span: float = 2.5, dims=(0, 1), ax=None):
    """Draw :func:`traversal_images` as a grid of digits."""
    ax = image_grid(traversal_images(model, n=n, span=span, dims=dims), ncol=n, ax=ax)
    return ax


def posterior_ellipses(model, x, *, ax=None, n_std: float = 2.0, colors=None):
    """Draw the 2-sigma ellipse of p(z|x) for each row of ``x`` (2-D latent codes), and the prior's."""
    ax = _ax(ax)
    p = model.p_z_given_x(model.validate_x(x))
    loc, scale = p.base_dist.loc.detach().cpu(), p.base_dist.scale.detach().cpu()
    colors = colors if colors is not None else ["C0"] * len(loc)
    gaussian_ellipse([0, 0], np.eye(2), ax=ax, n_std=n_std, color="k", ls="--", lw=1)
    for m, s, c in zip(loc, scale, colors):
        gaussian_ellipse(m.numpy(), np.diag(s.numpy() ** 2), ax=ax, n_std=n_std, color=c)
    lim = 1.25 * n_std
    ax.set_xlim(-lim, lim)
    ax.set_ylim(-lim, lim)
    ax.set_aspect("equal")
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    return ax
