"""Chapter 6's explorer: the exact-toy runs of each objective, round by round (an exact D-step, then one
gradient step of the generator and encoder on the tables): moved by a dropdown and a slider (live) or shown
at a few rounds (the page's filmstrip).  The three heat maps are the encoder joint p(x,z), the decoder joint
q(x,z) and the optimal discriminator D*(x,z)."""
from __future__ import annotations

from vigen.core._validation import require_positive, require_positive_int
from vigen.exact import ali as exact_ali
from vigen.explore.faces import filmstrip, live
from vigen.models import ali
from vigen.models.adversarial import optimal_discriminator
from vigen.plots.ali import joint_tables

__all__ = ["OBJECTIVE_NAMES", "draw_round", "toy_explorer", "toy_filmstrip"]

OBJECTIVE_NAMES = {"su": "Su's truncated loss", "su_full": "Su's full objective", "standard": "standard ALI"}
"""The filmstrip's name for each objective of :data:`vigen.models.ali.OBJECTIVES`."""


def draw_round(fig, paths: dict, objective: str, step: int):
    """The three tables of ``paths[objective]`` after ``step`` rounds, titled with JS(p ‖ q)."""
    axes = fig.subplots(1, 3)
    current = paths[objective][step]
    joint_tables(current.p_xz, current.q_xz, optimal_discriminator(current.p_xz, current.q_xz), axes=axes)
    fig.suptitle(f"JS(p ‖ q) = {exact_ali.js_divergence(current):.2e} nats")
    return axes


def _paths(toy, max_steps, lr, objectives):
    max_steps, lr = require_positive_int("max_steps", max_steps), require_positive("lr", lr)
    return {obj: exact_ali.trajectories([toy], max_steps, objective=obj, lr=lr)[0] for obj in objectives}


def toy_explorer(toy, *, max_steps: int = 200, lr: float = 2.0):
    """A dropdown over the objectives of :data:`vigen.models.ali.OBJECTIVES` and a slider over the rounds
    of their gradient trajectories (:func:`vigen.exact.ali.trajectories`) on ``toy``; returns the widget."""
    import ipywidgets as widgets

    paths = _paths(toy, max_steps, lr, ali.OBJECTIVES)
    controls = {"objective": widgets.Dropdown(options=list(ali.OBJECTIVES), value="su_full",
                                              description="objective"),
                "step": widgets.IntSlider(value=0, min=0, max=max_steps, step=1, description="rounds",
                                          continuous_update=False)}
    return live(lambda fig, **v: draw_round(fig, paths, **v), controls, figsize=(9, 3))


def toy_filmstrip(toy, settings, *, max_steps: int = 200, lr: float = 2.0):
    """The explorer at each ``(objective, rounds)`` pair in ``settings``, one row each, titled with the
    objective, the rounds and the JS divergence between the two joints.  Returns the figure."""
    settings = [{"objective": obj, "step": int(step)} for obj, step in settings]
    for s in settings:
        if s["objective"] not in ali.OBJECTIVES or not 0 <= s["step"] <= max_steps:
            raise ValueError(f"settings must pair an objective of {list(ali.OBJECTIVES)} with a round in "
                             f"0..{max_steps}, got {(s['objective'], s['step'])}")
    paths = _paths(toy, max_steps, lr, sorted({s["objective"] for s in settings}))
    titles = [f"{OBJECTIVE_NAMES[s['objective']]}, after {s['step']} rounds: "
              f"JS(p ‖ q) = {exact_ali.js_divergence(paths[s['objective']][s['step']]):.1e} nats" for s in settings]
    return filmstrip(lambda sub, **v: draw_round(sub, paths, **v), settings, panel=(7.2, 2.45), titles=titles,
                     ncols=1)
