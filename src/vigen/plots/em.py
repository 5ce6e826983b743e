"""Figures of chapter 3: EM on 2-D data, step by step, and mixture means as images.

:func:`em_animation` replays the states recorded by :func:`vigen.explore.em.em_snapshots`
(a state is anything with ``weights``, ``means`` and ``covariances``).  Like every
module of :mod:`vigen.plots`, drawing functions
take ``ax=None``, return ``ax`` and never call ``plt.show()``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

from vigen.plots.common import gaussian_ellipse

__all__ = ["draw_mixture", "em_animation", "draw_frame", "data_limits", "image_grid"]


def draw_mixture(X, state, *, ax=None, n_std: float = 2.0):
    """Data as grey dots; each component as its ``n_std`` ellipse, darker for a larger weight."""
    ax = plt.gca() if ax is None else ax
    pts = torch.as_tensor(X).numpy()
    ax.scatter(pts[:, 0], pts[:, 1], s=5, c="0.45", alpha=0.6, lw=0)
    for k in range(len(state.weights)):
        alpha = float(0.3 + 0.7 * min(1.0, len(state.weights) * state.weights[k].item()))
        gaussian_ellipse(state.means[k], state.covariances[k], ax=ax, n_std=n_std, color=f"C{k}", alpha=alpha)
        ax.plot(*state.means[k].tolist(), "x", color=f"C{k}", ms=6, mew=2)
    ax.set_aspect("equal")
    return ax


def draw_frame(ax, X, state, limits):
    ax.clear()
    draw_mixture(X, state, ax=ax)
    ax.set_xlim(*limits[0])
    ax.set_ylim(*limits[1])
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_xlabel(f"iteration {state.iteration}:  mean log-lik {state.loglik:.3f}")


def data_limits(X, pad=0.1):
    pts = torch.as_tensor(X).numpy()
    lo, hi = pts.min(0), pts.max(0)
    span = hi - lo
    return [(lo[i] - pad * span[i], hi[i] + pad * span[i]) for i in range(2)]


def em_animation(X, states, *, frames=None, figsize=(4.5, 4.5), dpi=60, interval=600):
    """A ``FuncAnimation`` over the given states (all, or the iterations listed in ``frames``).

    Returns ``(fig, anim)``; the notebook shows ``HTML(anim.to_jshtml())`` and closes ``fig``.
    """
    from matplotlib.animation import FuncAnimation

    chosen = states if frames is None else [states[i] for i in frames]
    fig, ax = plt.subplots(figsize=figsize, dpi=dpi)
    limits = data_limits(X)
    anim = FuncAnimation(fig, lambda i: draw_frame(ax, X, chosen[i], limits), frames=len(chosen), interval=interval)
    return fig, anim


def image_grid(images, *, shape=(8, 8), ncols: int = 10, ax=None, pad: int = 1, cmap="gray_r"):
    """Tile row vectors (e.g. Bernoulli means) as ``shape`` images in one ``imshow``, one pixel apart."""
    ax = plt.gca() if ax is None else ax
    imgs = torch.as_tensor(images).detach().cpu().numpy().reshape(-1, *shape)
    nrows = -(-len(imgs) // ncols)
    h, w = shape
    canvas = np.full((nrows * (h + pad) - pad, ncols * (w + pad) - pad), np.nan)
    for i, img in enumerate(imgs):
        r, c = divmod(i, ncols)
        canvas[r * (h + pad):r * (h + pad) + h, c * (w + pad):c * (w + pad) + w] = img
    ax.imshow(canvas, cmap=cmap, vmin=0, vmax=1, interpolation="nearest")
    ax.set_axis_off()
    return ax
