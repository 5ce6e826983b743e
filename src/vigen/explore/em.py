"""Chapter 3's explorer: EM on 2-D data, one iteration at a time.

:func:`em_snapshots` runs EM by hand (``initialize``, then ``e_step`` and
``m_step``) and keeps the parameters after every iteration; the animation of
:mod:`vigen.plots.em`, the slider explorer (live) and its filmstrip (on the page) replay them.
"""
from __future__ import annotations

from typing import NamedTuple

import torch

from vigen.core._validation import require_positive_int
from vigen.explore.faces import filmstrip, live
from vigen.plots.em import data_limits, draw_frame

__all__ = ["Snapshot", "em_snapshots", "em_explorer", "em_filmstrip"]


class Snapshot(NamedTuple):
    """A Gaussian mixture's parameters after ``iteration`` EM steps, and its mean log-likelihood."""

    iteration: int
    weights: torch.Tensor
    means: torch.Tensor
    covariances: torch.Tensor
    loglik: float


def em_snapshots(model, X, n_iter: int) -> list[Snapshot]:
    """Initialise ``model`` on ``X``, run ``n_iter`` EM steps, and return the n_iter + 1 states."""
    n_iter = require_positive_int("n_iter", n_iter)
    X = model.initialize(X)

    def snap(i):
        return Snapshot(i, model.weights_.clone(), model.means_.clone(), model.covariances_.clone(), model.score(X))

    states = [snap(0)]
    for i in range(1, n_iter + 1):
        model.m_step(X, model.e_step(X))
        states.append(snap(i))
    return states


def _draw_state(fig, X, states, i, limits):
    ax = fig.subplots()
    draw_frame(ax, X, states[i], limits)
    return ax


def em_explorer(X, states):
    """A slider over the iterations of ``states`` (from :func:`em_snapshots` on ``X``); returns the widget."""
    import ipywidgets as widgets

    limits = data_limits(X)
    slider = widgets.IntSlider(value=0, min=0, max=len(states) - 1, step=1, description="iteration")
    return live(lambda fig, i: _draw_state(fig, X, states, i, limits), {"i": slider}, figsize=(5, 5))


def em_filmstrip(X, states, iterations, *, ncols: int = 3):
    """The explorer at the listed ``iterations`` (indices into ``states``).  Returns the figure."""
    limits = data_limits(X)
    settings = [{"i": int(i)} for i in iterations]
    if not all(0 <= s["i"] < len(states) for s in settings):
        raise ValueError(f"iterations must lie in 0..{len(states) - 1}, got {list(iterations)}")
    # each panel's caption line names its iteration and log-likelihood: no title above it
    return filmstrip(lambda fig, i: _draw_state(fig, X, states, i, limits), settings, panel=(2.4, 2.45),
                     titles=[""] * len(settings), ncols=ncols)
