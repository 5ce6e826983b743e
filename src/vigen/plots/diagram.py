"""The book's one idea, drawn: in every chapter, a KL divergence between two joint distributions.

:func:`two_joints` draws one row per chapter: the latent variable, the joint in the KL's first slot (the one
that is sampled), the joint in its second slot (the one whose log-density is evaluated), and what the
chapter drops or approximates.  The front page shows it as the chapter map; each chapter shows it at its
top with its own row highlighted.  The joints are written with each chapter's own letters: chapters 4 and
5 keep Su's, which put the data side in the slot named ``q`` (GAN) or ``p`` (AAE); chapter 6 names Su's
slots ``r`` and ``s``.

``python scripts/draw_two_joints.py`` writes the front page's copy with :func:`write_svg`.
"""
from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
from matplotlib.patches import FancyBboxPatch

__all__ = ["ChapterRow", "CHAPTERS", "two_joints", "write_svg"]


class ChapterRow(NamedTuple):
    """One chapter's choices, in mathtext: the latent variable, the two slots, what is dropped."""

    chapter: int
    model: str
    latent: str
    first_slot: str
    second_slot: str
    dropped: str


CHAPTERS = (
    ChapterRow(1, "VI", "any $z$", r"$p(x,z) = \tilde p(x)\,p(z|x)$", r"$q(x,z) = q(z)\,q(x|z)$",
               "nothing: $H(\\tilde p)$\nis a constant"),
    ChapterRow(2, "VAE", "a code $z$", r"$\tilde p(x)\,p(z|x)$, encoder", r"$q(z)\,q(x|z)$, decoder",
               "Gaussian $p(z|x)$;\none sample"),
    ChapterRow(3, "EM", "a component $z$", r"$\tilde p(x)\,p(z|x)$, a table", r"$q(z)\,q(x|z)$, mixture",
               "nothing: both\nsteps exact"),
    ChapterRow(4, "GAN", "a label $y$", r"$q(x,y)$: $\frac{1}{2}\tilde p\,|\,\frac{1}{2}q$",
               r"$p(x,y) = p(y|x)\,\tilde p(x)$",
               "$\\mathrm{KL}(q\\Vert q^\\circ)$, or\n$\\lambda\\Vert G-G^\\circ\\Vert^2$"),
    ChapterRow(5, "AAE", "code $z$, label $y$", r"$p(z,y)$: $\frac{1}{2}q(z)\,|\,\frac{1}{2}p(z)$",
               r"$q(z,y) = q(y|z)\,q(z)$", r"$\mathrm{KL}(p(z)\Vert p^\circ(z))$"),
    ChapterRow(6, "ALI", "pair $(x,z)$, label $y$", r"$r$: $\frac{1}{2}\tilde p\,p(z|x)\,|\,\frac{1}{2}q(z)\,q(x|z)$",
               r"$s = D^y(1-D)^{1-y}p(z|x)\,\tilde p$", "Su: decoder KL,\nencoder term"),
)
"""One row per chapter that fits a model (chapter 7 reads them all)."""

_X = {"chapter": 0.0, "latent": 0.95, "first": 2.35, "second": 4.45, "dropped": 6.5}    # column starts, inches
_BOX = 1.95         # slot box width, inches


def two_joints(highlight: int | None = None, *, width: float = 7.3):
    """Draw :data:`CHAPTERS` as a map of the two joints; ``highlight`` (a chapter number) shades its row and
    greys the others.  Returns the figure."""
    numbers = [row.chapter for row in CHAPTERS]
    if highlight is not None and highlight not in numbers:
        raise ValueError(f"highlight must be a chapter number among {numbers} or None, got {highlight!r}")
    scale = width / 7.5           # the layout below is in inches for a 7.5-inch figure
    row_h, head_h = 0.42, 0.55
    height = head_h + row_h * len(CHAPTERS) + 0.1
    fig = plt.figure(figsize=(width, height * scale))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 7.5)
    ax.set_ylim(height, 0)
    ax.axis("off")
    size = 8.5 * scale
    heads = ((_X["chapter"], "chapter"), (_X["latent"], "latent\nvariable"),
             (_X["first"], r"first slot of KL($\cdot\Vert\cdot$):""\nsampled"),
             (_X["second"], "second slot:\nlog-density evaluated"), (_X["dropped"], "dropped or\napproximated"))
    for x, text in heads:
        ax.text(x + 0.05, head_h / 2, text, fontsize=size, fontweight="bold", va="center", ha="left")
    for i, row in enumerate(CHAPTERS):
        y = head_h + (i + 0.5) * row_h
        on = highlight is None or row.chapter == highlight
        color = "black" if on else "0.6"
        if highlight == row.chapter:
            ax.add_patch(FancyBboxPatch((0.02, y - row_h / 2 + 0.03), 7.46, row_h - 0.06,
                                        boxstyle="round,pad=0,rounding_size=0.06", fc="#fff3c4", ec="#e0b000"))
        ax.text(_X["chapter"] + 0.05, y, f"{row.chapter}  {row.model}", fontsize=size, va="center",
                fontweight="bold", color=color)
        ax.text(_X["latent"] + 0.05, y, row.latent, fontsize=size, va="center", color=color)
        for key, text, fc in (("first", row.first_slot, "#dbe9f6"), ("second", row.second_slot, "#fde2cf")):
            ax.add_patch(FancyBboxPatch((_X[key], y - 0.15), _BOX, 0.30, boxstyle="round,pad=0,rounding_size=0.05",
                                        fc=fc if on else "0.95", ec="none"))
            ax.text(_X[key] + _BOX / 2, y, text, fontsize=size - 0.5, va="center", ha="center", color=color)
        ax.text(_X["second"] - 0.13, y, r"$\Vert$", fontsize=size, va="center", ha="center", color=color)
        ax.text(_X["dropped"] + 0.05, y, row.dropped, fontsize=size - 1, va="center", color=color)
    return fig



def write_svg(path) -> None:
    """Write :func:`two_joints` (no row highlighted) to ``path`` as an SVG that is byte-identical on every
    run: the front page's chapter map."""
    with plt.rc_context({"svg.hashsalt": "vigen"}):
        fig = two_joints()
        fig.savefig(path, format="svg", metadata={"Date": None})
    plt.close(fig)
