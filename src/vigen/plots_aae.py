"""Figures and tables of chapter 5: codes against the prior, prior grids, the mode-coverage table.

Like ``vigen.plots``, each drawing function works on ``ax`` (a new one if
None), returns it, sets no figure size or title and never calls ``plt.show()``.
"""
from __future__ import annotations

import html

import matplotlib.pyplot as plt
import numpy as np
import torch
from torch.distributions import Normal

from ._validation import check_positive_int
from .metrics import PUBLISHED_MODE_ROWS
from .plots_vae import image_grid, latent_map

__all__ = ["prior_contours", "codes_vs_prior", "prior_grid_codes", "prior_grid", "modes_table",
           "modes_html"]


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
    """2-D codes coloured by label (``vigen.plots_vae.latent_map``) over the prior's 1, 2, 3 contours."""
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
    n = check_positive_int("n", n)
    q = Normal(0.0, 1.0).icdf((torch.arange(n, dtype=torch.float32) + 0.5) / n)  # (n,)
    return torch.stack([q.repeat(n), q.flip(0).repeat_interleave(n)], dim=1)     # (n*n, 2)


def prior_grid(model, *, n: int = 10, ax=None):
    """Decode :func:`prior_grid_codes` with ``model.decode`` and tile the 8x8 images."""
    return image_grid(model.decode(prior_grid_codes(n)), ncol=n, ax=ax)


def modes_table(summary, *, model: str, label: str, published=PUBLISHED_MODE_ROWS) -> list:
    """Rows ``[model, ring-8 cell, grid-25 cell, source]``: the benchmark's mean ± s.e. for ``model``
    (from ``vigen.bench._modes.summarize``), then the published rows (``vigen.metrics.PUBLISHED_MODE_ROWS``).
    Each cell reads modes / HQ % / rev. KL.
    """
    def ours(dataset):
        s = next(r for r in summary if r["model"] == model and r["dataset"] == dataset)
        return (f"{s['modes']['mean']:.1f} ± {s['modes']['se']:.1f} / {100 * s['hq']['mean']:.1f} ± "
                f"{100 * s['hq']['se']:.1f} / {s['rev_kl']['mean']:.2f} ± {s['rev_kl']['se']:.2f}"), s["n"]

    def fmt(row):
        return " / ".join("–" if v is None else f"{v:g}" for v in row)

    (ring, n), (grid, _) = ours("ring8"), ours("grid25")
    return [[label, ring, grid, f"this book, {n} seeds"]] + [[m, fmt(r), fmt(g), src] for m, r, g, src in published]


def modes_html(summary, *, model: str, label: str, published=PUBLISHED_MODE_ROWS) -> str:
    """:func:`modes_table` as an HTML table (HTML renders alike in Jupyter, Colab and the book).

    The sources are named in the table and cited in the chapter's prose.
    """
    head = ("model", "ring-8: modes / HQ % / rev. KL", "grid-25: modes / HQ % / rev. KL", "source")
    rows = modes_table(summary, model=model, label=label, published=published)
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(str(c))}</td>" for c in row) + "</tr>" for row in rows)
    return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"
            + cells + "</tbody></table>")
