"""The exact-toy explorer of chapter 6 (ipywidgets 7.7 and 8: ``interactive_output``, sliders, ``Output``).

A dropdown picks the objective, a slider the number of rounds (an exact D-step,
then one G/E step on the tables); the three heat maps are the encoder joint
p(x,z), the decoder joint q(x,z) and the optimal discriminator D*(x,z).  The
published page shows the static ``vigen.plots.ali.joint_tables`` figure instead.
"""
from __future__ import annotations

import matplotlib.pyplot as plt

from vigen.core._validation import require_positive, require_positive_int
from vigen.exact import ali as exact_ali
from vigen.models import ali
from vigen.models.adversarial import optimal_discriminator
from vigen.plots.ali import joint_tables

__all__ = ["toy_explorer"]


def toy_explorer(toy, *, max_steps: int = 200, lr: float = 2.0):
    """Sliders over the gradient trajectories of :func:`vigen.exact.ali.trajectories` of ``toy``,
    one per objective of :data:`vigen.models.ali.OBJECTIVES`; returns the widget."""
    import ipywidgets as widgets

    max_steps, lr = require_positive_int("max_steps", max_steps), require_positive("lr", lr)
    paths = {obj: exact_ali.trajectories([toy], max_steps, objective=obj, lr=lr)[0] for obj in ali.OBJECTIVES}
    step = widgets.IntSlider(value=0, min=0, max=max_steps, step=1, description="rounds", continuous_update=False)
    objective = widgets.Dropdown(options=list(ali.OBJECTIVES), value="su_full", description="objective")

    def redraw(step, objective):
        fig, axes = plt.subplots(1, 3, figsize=(9, 3))
        current = paths[objective][step]
        joint_tables(current.p_xz, current.q_xz, optimal_discriminator(current.p_xz, current.q_xz), axes=axes)
        fig.suptitle(f"JS(p ‖ q) = {exact_ali.js_divergence(current):.2e} nats")
        plt.show()

    out = widgets.interactive_output(redraw, {"step": step, "objective": objective})
    return widgets.VBox([widgets.HBox([objective, step]), out])
