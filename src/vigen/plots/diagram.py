"""The book's one idea as a table: in every chapter, a KL divergence between two joint distributions.

:func:`chapter_map_html` writes one row per chapter: the latent variable, the joint in the KL's first slot (the
one that is sampled), the joint in its second slot (the one whose log-density appears in the integrand; in
chapters 4 to 6 its unknown p̃(x) is removed through the optimal discriminator), and what the chapter drops or
approximates.  It is an HTML table, not a picture, so that it reflows: on a narrow screen every row becomes a
card of labelled lines (the ``chapter-map`` rules of ``_static/vigen.css``), and a chapter that highlights its
row shows only that card there.  The front page includes the whole map (``book/images/chapter_map.html``, written
by ``python scripts/write_chapter_map.py``); each chapter shows it at its top through :func:`chapter_map`.

The joints are written with each chapter's own letters: chapters 4 and 5 keep Su's, which put the data side in
the slot named ``q`` (GAN) or ``p`` (AAE); chapter 6 names Su's slots ``r`` and ``s``.
"""
from __future__ import annotations

import html
import re
from typing import NamedTuple

__all__ = ["ChapterRow", "CHAPTERS", "COLUMNS", "chapter_map_html", "chapter_map", "write_html"]


class ChapterRow(NamedTuple):
    """One chapter's choices, in TeX between dollar signs: the latent variable, the two slots, what is dropped."""

    chapter: int
    model: str
    latent: str
    first_slot: str
    second_slot: str
    dropped: str


CHAPTERS = (
    ChapterRow(1, "VI", "any $z$", r"$p(x,z) = \tilde p(x)\,p(z|x)$", r"$q(x,z) = q(z)\,q(x|z)$",
               r"nothing: $H(\tilde p)$ is a constant"),
    ChapterRow(2, "VAE", "a code $z$", r"$\tilde p(x)\,p(z|x)$, encoder", r"$q(z)\,q(x|z)$, decoder",
               "Gaussian $p(z|x)$; one sample"),
    ChapterRow(3, "EM", "a component $z$", r"$\tilde p(x)\,p(z|x)$, a table", r"$q(z)\,q(x|z)$, mixture",
               "nothing: both steps exact"),
    ChapterRow(4, "GAN", "a label $y$", r"$q(x,y)$: $\frac{1}{2}\tilde p\,|\,\frac{1}{2}q$",
               r"$p(x,y) = p(y|x)\,\tilde p(x)$",
               r"$\mathrm{KL}(q\Vert q^\circ)$, or $\lambda\Vert G-G^\circ\Vert^2$"),
    ChapterRow(5, "AAE", "code $z$, label $y$", r"$p(z,y)$: $\frac{1}{2}q(z)\,|\,\frac{1}{2}p(z)$",
               r"$q(z,y) = q(y|z)\,q(z)$", r"$\mathrm{KL}(p(z)\Vert p^\circ(z))$"),
    ChapterRow(6, "ALI", "pair $(x,z)$, label $y$", r"$r$: $\frac{1}{2}\tilde p\,p(z|x)\,|\,\frac{1}{2}q(z)\,q(x|z)$",
               r"$s = D^y(1-D)^{1-y}p(z|x)\,\tilde p$", "Su: decoder KL, encoder term"),
)
"""One row per chapter that fits a model (chapter 7 reads them all)."""

COLUMNS = {"chapter": "chapter", "latent": "latent variable", "first_slot": "first slot of KL(·‖·): sampled",
           "second_slot": "second slot: its log-density in the integrand", "dropped": "dropped or approximated"}
"""The map's column titles, by :class:`ChapterRow` field."""

_MATH = re.compile(r"\$([^$]+)\$")


def _cell(text: str) -> str:
    """HTML of one cell: text escaped, each $…$ as the inline-math span that Sphinx writes for MathJax."""
    parts = _MATH.split(text)          # even indices are text, odd ones TeX
    return "".join(html.escape(p) if i % 2 == 0 else
                   f'<span class="math notranslate nohighlight">\\({html.escape(p)}\\)</span>'
                   for i, p in enumerate(parts))


def chapter_map_html(highlight: int | None = None) -> str:
    """:data:`CHAPTERS` as an HTML table of class ``chapter-map``; ``highlight`` (a chapter number) marks its
    row ``current`` and the others ``other``.

    Examples
    --------
    >>> page = chapter_map_html(4)
    >>> page.count('<tr class="current">'), page.count('<tr class="other">')
    (1, 5)
    """
    numbers = [row.chapter for row in CHAPTERS]
    if highlight is not None and highlight not in numbers:
        raise ValueError(f"highlight must be a chapter number among {numbers} or None, got {highlight!r}")
    head = "".join(f"<th>{html.escape(title)}</th>" for title in COLUMNS.values())
    body = []
    for row in CHAPTERS:
        kind = "" if highlight is None else (' class="current"' if row.chapter == highlight else ' class="other"')
        cells = [f"{row.chapter}. {row.model}", row.latent, row.first_slot, row.second_slot, row.dropped]
        body.append(f"<tr{kind}>" + "".join(f'<td data-label="{html.escape(title)}">{_cell(text)}</td>'
                                             for title, text in zip(COLUMNS.values(), cells)) + "</tr>")
    marked = " highlighted" if highlight is not None else ""
    return (f'<table class="chapter-map{marked}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
            + "\n".join(body) + "\n</tbody>\n</table>\n")


def chapter_map(highlight: int | None = None):
    """The map for a notebook cell (an ``IPython.display.HTML``), with chapter ``highlight``'s row marked."""
    from IPython.display import HTML

    return HTML(chapter_map_html(highlight))


def write_html(path) -> None:
    """Write the whole map (no row highlighted) to ``path``: the front page's copy."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(chapter_map_html())
