"""Chapter 4's explorer: the exact GAN iteration on a table, step by step, with or without the KL(q‖q°)
term of the complete generator loss: moved by a slider (live) or shown at a few steps (the page's
filmstrip).  With the term, q_t moves towards p̃; without it each G-step jumps to a point mass at argmax D."""
from __future__ import annotations

from vigen.exact.gan import iterate
from vigen.explore.faces import filmstrip, live
from vigen.plots.gan import iteration_tables

__all__ = ["draw_step", "iteration_explorer", "iteration_filmstrip"]


def draw_step(fig, p_data, runs: dict, t: int, complete: bool, *, legend: bool = True):
    """The data table p̃ against the generator after ``t`` steps of ``runs[complete]``."""
    ax = fig.subplots()
    iteration_tables(p_data, runs[complete], t, ax=ax, label="q_t" if complete else "q_t (no KL)")
    if not legend:
        ax.get_legend().remove()
    return ax


def _runs(p_data, q0, n_iter):
    return {True: iterate(p_data, q0, n_iter), False: iterate(p_data, q0, n_iter, complete=False)}


def iteration_explorer(p_data, q0, *, n_iter: int = 12):
    """A slider over the step t of :func:`vigen.exact.gan.iterate` from ``q0``, and a box for the complete
    or incomplete loss.  Returns the widget."""
    import ipywidgets as widgets

    runs = _runs(p_data, q0, n_iter)
    controls = {"t": widgets.IntSlider(value=0, min=0, max=n_iter, description="step t"),
                "complete": widgets.Checkbox(value=True, description="with KL(q‖q°)")}
    return live(lambda fig, **v: draw_step(fig, p_data, runs, **v), controls, figsize=(6, 3))


def iteration_filmstrip(p_data, q0, steps, *, n_iter: int = 12):
    """The explorer at each step in ``steps``, the complete loss on the top row and the incomplete one
    (no KL term) below.  Returns the figure."""
    runs = _runs(p_data, q0, n_iter)
    steps = [int(t) for t in steps]
    if not all(0 <= t <= n_iter for t in steps):
        raise ValueError(f"steps must lie in 0..{n_iter}, got {steps}")
    settings = [{"t": t, "complete": c} for c in (True, False) for t in steps]
    titles = [f"t = {s['t']}" + ("" if s["complete"] else ", no KL") for s in settings]
    return filmstrip(lambda fig, **v: draw_step(fig, p_data, runs, legend=False, **v), settings,
                     panel=(7.2 / len(steps), 1.9), titles=titles, ncols=len(steps))
