"""Chapter 3's explorer: EM on 2-D data, one iteration at a time.

:func:`em_snapshots` runs EM by hand (``initialize``, then ``e_step`` and
``m_step``) and keeps the parameters after every iteration; the animation of
:mod:`vigen.plots.em` and the slider explorer replay them.
"""
from __future__ import annotations

from typing import NamedTuple

import matplotlib.pyplot as plt
import torch

from vigen.core._validation import require_positive_int
from vigen.plots.em import data_limits, draw_frame

__all__ = ["Snapshot", "em_snapshots", "em_explorer"]


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


def em_explorer(X, states):
    """An ipywidgets slider over the iterations (ipywidgets 7.7 and 8). Returns the widget."""
    import ipywidgets as widgets

    slider = widgets.IntSlider(value=0, min=0, max=len(states) - 1, step=1, description="iteration")
    limits = data_limits(X)

    def redraw(i):
        fig, ax = plt.subplots(figsize=(5, 5))
        draw_frame(ax, X, states[i], limits)
        plt.show()

    out = widgets.interactive_output(redraw, {"i": slider})
    return widgets.VBox([slider, out])
