"""Figures of chapter 6 (ALI / BiGAN).

Like :mod:`vigen.plots`, each drawing function takes ``ax=None``, returns the
axes, sets no figure size or title and never calls ``plt.show()``.
"""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import torch

__all__ = ["reconstructions", "latent_map", "digit_rows", "js_curves", "joint_tables"]


def _np(t) -> np.ndarray:
    return torch.as_tensor(t).detach().cpu().double().numpy()


def reconstructions(x, x_rec, *, ax=None, centers=None, n_lines: int = 200):
    """Data points x (blue), their reconstructions G(E(x)) (orange) and a grey segment
    joining the first ``n_lines`` pairs; mode centres as crosses."""
    ax = plt.gca() if ax is None else ax
    x, r = _np(x), _np(x_rec)
    k = min(n_lines, len(x))
    ax.plot(np.stack([x[:k, 0], r[:k, 0]]), np.stack([x[:k, 1], r[:k, 1]]), color="0.6", lw=0.5, zorder=1)
    ax.scatter(x[:, 0], x[:, 1], s=4, color="C0", label="x", zorder=2)
    ax.scatter(r[:, 0], r[:, 1], s=4, color="C1", label="G(E(x))", zorder=3)
    if centers is not None:
        c = _np(centers)
        ax.scatter(c[:, 0], c[:, 1], marker="x", c="k", s=30, lw=1, zorder=4)
    ax.set_aspect("equal")
    ax.legend(frameon=False, loc="upper right", markerscale=3)
    return ax


def latent_map(z, labels, *, ax=None):
    """2-D codes coloured by class label (digits 0-9)."""
    ax = plt.gca() if ax is None else ax
    z, y = _np(z), _np(labels).astype(int)
    for k in np.unique(y):
        ax.scatter(z[y == k, 0], z[y == k, 1], s=5, color=plt.cm.tab10(k % 10), label=str(k))
    ax.set_xlabel("$z_1$")
    ax.set_ylabel("$z_2$")
    ax.legend(frameon=False, markerscale=3, ncol=2, fontsize="small", loc="center left", bbox_to_anchor=(1, 0.5))
    return ax


def digit_rows(rows, *, ax=None, labels=None):
    """Stack equal-length batches of 8x8 images (each a tensor of shape (n, 64)) as rows of one image."""
    ax = plt.gca() if ax is None else ax
    tiles = [np.concatenate(list(_np(r).reshape(-1, 8, 8).clip(0, 1)), axis=1) for r in rows]
    ax.imshow(np.concatenate(tiles, axis=0), cmap="gray_r", vmin=0, vmax=1)
    ax.set_xticks([])
    ax.set_yticks(4 + 8 * np.arange(len(rows)), labels or [""] * len(rows))
    return ax


def js_curves(curves: dict, *, ax=None):
    """JS(p ‖ q) against the step, one line per entry of ``curves`` (name -> array of shape
    (steps + 1, n_toys)): the median over the toys, with the band between the smallest and the largest.

    JS values below 1e-17 (rounding noise around an exact 0) are drawn at 1e-17.
    """
    if ax is None:
        _, ax = plt.subplots()
    for i, (name, values) in enumerate(curves.items()):
        v = np.clip(_np(values), 1e-17, None)
        steps = np.arange(len(v))
        ax.semilogy(steps, np.median(v, axis=1), lw=2, color=f"C{i}", label=name)
        ax.fill_between(steps, v.min(axis=1), v.max(axis=1), color=f"C{i}", alpha=0.2, lw=0)
    ax.set_xlabel("rounds of a D-step and a G/E step")
    ax.set_ylabel("JS(p(x,z) ‖ q(x,z)), nats")
    return ax


def joint_tables(p, q, d, *, axes=None):
    """Heat maps of the tables p(x,z), q(x,z) and D(x,z) (e.g. the optimal D* = p / (p + q)) on three axes."""
    if axes is None:
        _, axes = plt.subplots(1, 3)
    vmax = max(p.max().item(), q.max().item())
    for ax, table, name, kw in ((axes[0], p, "p(x,z), encoder", {"vmax": vmax}),
                                (axes[1], q, "q(x,z), decoder", {"vmax": vmax}),
                                (axes[2], d, "D*(x,z)", {"vmax": 1.0, "cmap": "RdBu_r"})):
        ax.imshow(_np(table).T, origin="lower", vmin=0.0, **{"cmap": "viridis", **kw})
        ax.set_xlabel("x")
        ax.set_ylabel("z")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.text(0.5, 1.02, name, transform=ax.transAxes, ha="center", va="bottom")
    return axes
