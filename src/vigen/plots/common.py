"""Figure helpers used by more than one chapter.

Each function draws on ``ax`` (a new one if None), returns it, sets no figure
size or title and never calls ``plt.show()``: the notebook owns the figure.
"""
from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np
import torch
from matplotlib.patches import Ellipse

__all__ = ["curves", "gaussian_ellipse", "history", "samples_2d"]


def _ax(ax):
    return plt.gca() if ax is None else ax


def curves(xs, ys: dict, *, ax=None, xlabel: str | None = None, ylabel: str | None = None, styles=None):
    """Draw one labelled line per entry of ``ys`` (name -> values over ``xs``)."""
    ax = _ax(ax)
    styles = styles or {}
    for name, values in ys.items():
        ax.plot(np.asarray(xs), np.asarray(values), lw=2, label=name, **styles.get(name, {}))
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    ax.legend(frameon=False)
    return ax


def gaussian_ellipse(mean, cov, *, ax=None, n_std: float = 2.0, **kwargs):
    """Outline the ``n_std``-sigma ellipse of a 2-D Gaussian N(mean, cov)."""
    ax = _ax(ax)
    cov = np.asarray(cov, dtype=float)
    vals, vecs = np.linalg.eigh(cov)
    angle = math.degrees(math.atan2(vecs[1, -1], vecs[0, -1]))
    width, height = 2 * n_std * np.sqrt(np.clip(vals[::-1], 0, None))
    kwargs = {"fill": False, "lw": 2, **kwargs}
    ax.add_patch(Ellipse(np.asarray(mean, dtype=float), width, height, angle=angle, **kwargs))
    return ax


def history(hist: dict, keys, *, ax=None, smooth: int = 1, xlabel: str = "step"):
    """Plot recorded quantities of a :class:`vigen.core.train.History` against the step.

    ``smooth > 1`` draws a running mean over that many steps.
    """
    ax = _ax(ax)
    steps = np.asarray(hist["step"])
    for key in [keys] if isinstance(keys, str) else keys:
        values = np.asarray(hist[key], dtype=float)
        if smooth > 1 and len(values) >= smooth:
            values = np.convolve(values, np.ones(smooth) / smooth, mode="valid")
            ax.plot(steps[smooth - 1:], values, lw=2, label=key)
        else:
            ax.plot(steps, values, lw=2, label=key)
    ax.set_xlabel(xlabel)
    ax.legend(frameon=False)
    return ax


def samples_2d(points, *, ax=None, centers=None, s: float = 2.0, alpha: float = 0.5, **kwargs):
    """Scatter 2-D points, with mode centres as crosses when given."""
    ax = _ax(ax)
    pts = torch.as_tensor(points).detach().cpu().numpy()
    ax.scatter(pts[:, 0], pts[:, 1], s=s, alpha=alpha, **kwargs)
    if centers is not None:
        c = torch.as_tensor(centers).cpu().numpy()
        ax.scatter(c[:, 0], c[:, 1], marker="x", c="k", s=30, lw=1)
    ax.set_aspect("equal")
    return ax
