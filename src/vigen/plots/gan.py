"""Figures of chapter 4: the exact iteration on a table, and generated samples over training."""
from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from vigen.core.data import MixtureSpec

__all__ = ["iteration_tables", "animate_samples", "mode_bars", "sweep_curves"]


def iteration_tables(p_data, qs, t: int, *, ax=None, label: str = "q_t"):
    """Bars of the data table p̃ against the generator ``qs[t]`` of an exact iteration."""
    ax = plt.gca() if ax is None else ax
    x = torch.arange(len(p_data)).numpy()
    ax.bar(x - 0.2, torch.as_tensor(p_data).numpy(), width=0.4, color="0.6", label="p̃ (data)")
    ax.bar(x + 0.2, torch.as_tensor(qs[t]).numpy(), width=0.4, color="C0", label=f"{label}, t={t}")
    ax.set_xticks(x)
    ax.set_xlabel("x")
    ax.set_ylim(0, 1.05)
    ax.legend(frameon=False)
    return ax


def mode_bars(counts: dict, n_modes: int, *, ax=None):
    """Grouped bars: modes captured per run label, with the number of modes as a dashed line."""
    ax = plt.gca() if ax is None else ax
    names = list(counts)
    ax.bar(range(len(names)), [counts[n] for n in names], color=[f"C{i}" for i in range(len(names))])
    ax.axhline(n_modes, color="k", ls="--", lw=1)
    ax.set_xticks(range(len(names)), names)
    ax.set_ylabel("modes captured")
    return ax


def animate_samples(runs: dict, steps, spec: MixtureSpec, *, lim: float, dpi: int = 60):
    """A matplotlib animation of generated samples over training, one panel per run.

    ``runs`` maps a panel title to a list of (n, 2) frames recorded at ``steps``.
    Returns ``(fig, animation)``; show it with ``HTML(anim.to_jshtml())`` and close ``fig``.
    """
    from matplotlib.animation import FuncAnimation

    fig, axes = plt.subplots(1, len(runs), figsize=(3 * len(runs), 3.2), dpi=dpi, squeeze=False)
    centers = spec.centers.numpy()
    scatters = []
    for ax, name in zip(axes[0], runs):
        ax.scatter(centers[:, 0], centers[:, 1], marker="x", c="k", s=25, lw=1)
        scatters.append(ax.scatter([], [], s=2, alpha=0.5))
        ax.set_xlim(-lim, lim)
        ax.set_ylim(-lim, lim)
        ax.set_aspect("equal")
        ax.set_xlabel(name)
    text = fig.suptitle("")

    def draw(i):
        for sc, name in zip(scatters, runs):
            sc.set_offsets(runs[name][i].numpy())
        text.set_text(f"step {steps[i]}")
        return scatters

    return fig, FuncAnimation(fig, draw, frames=len(steps), interval=300)


SWEEP_LABELS = {"gan": "GAN", "pacgan2": "PacGAN2", "pacgan4": "PacGAN4", "vigan": "VI-GAN"}
"""Short legend labels of chapter 4's four benchmark models."""


def sweep_curves(curves: dict, *, ax=None, xlabel: str = "", log: bool = True):
    """One knob of a sweep: each model's score against the knob's value with ± one standard error as error
    bars, the chosen (best) point ringed.  ``curves`` maps a model key to ``[(value, score, se, chosen), ...]``
    (one knob of :func:`vigen.report.gan_sweep_axes`)."""
    ax = plt.gca() if ax is None else ax
    for i, (model, pts) in enumerate(curves.items()):
        color = "C3" if model == "vigan" else f"C{i}"
        x, y, se = ([p[k] for p in pts] for k in range(3))
        ax.errorbar(x, y, yerr=se, marker="o", ms=4, lw=1.5, capsize=3, color=color,
                    label=SWEEP_LABELS.get(model, model))
        best = [p for p in pts if p[3]]
        ax.plot([p[0] for p in best], [p[1] for p in best], "o", ms=11, mfc="none", mec=color, mew=1.5)
    if log:
        ax.set_xscale("log")
    else:                                     # a few integer values: tick each one
        ax.set_xticks(sorted({p[0] for pts in curves.values() for p in pts}))
    ax.set_xlabel(xlabel)
    return ax


STACKED_LABELS = {"gan": "GAN", "pacgan2": "PacGAN2", "pacgan4": "PacGAN4", "control": "G-steps, no penalty",
                  "vigan": "VI-GAN"}
"""Short legend labels of the stacked-digits models."""

STACKED_COLORS = {"gan": "C0", "pacgan2": "C1", "pacgan4": "C2", "control": "C4", "vigan": "C3"}
"""One colour per stacked-digits model (the VI-GAN red, as in the other figures of chapter 4)."""


def stacked_curves(curves: dict, *, axes=None, ceiling=None):
    """Modes (of 1000) and KL from uniform against training steps on stacked digits, one line per model with a
    band of ± one standard error over seeds; ``curves`` is :func:`vigen.report.stacked_curves`, ``ceiling`` the
    ruler's ``{"modes", "kl"}`` on real digits, drawn as a dotted line.  Returns the two axes."""
    import numpy as np

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(7.2, 3.3), layout="constrained")
    for model, c in curves.items():
        color = STACKED_COLORS.get(model, "C7")
        for ax, metric in zip(axes, ("modes", "kl")):
            mean, se = np.asarray(c[metric]), np.nan_to_num(np.asarray(c[f"{metric}_se"]))
            ax.plot(c["steps"], mean, marker="o", ms=3, color=color, label=STACKED_LABELS.get(model, model))
            ax.fill_between(c["steps"], mean - se, mean + se, color=color, alpha=0.2, lw=0)
    for ax, metric, label in zip(axes, ("modes", "kl"), ("modes captured (of 1000)", "KL from uniform (nats)")):
        if ceiling is not None:
            ax.axhline(ceiling[metric], color="0.3", ls=":", lw=1, label="real digits")
        ax.set_xlabel("training step")
        ax.set_ylabel(label)
    axes[1].set_yscale("log")
    handles, labels = axes[1].get_legend_handles_labels()
    # below both panels, off the data
    axes[1].figure.legend(handles, labels, loc="outside lower center", ncols=4, fontsize=8.5, frameon=False)
    return axes


def stacked_samples(samples: dict, *, n: int = 8, axes=None):
    """A column of ``n`` stacked samples (three 8x8 digits side by side) per model; ``samples`` maps a model key
    to an array of shape (>= n, 192), grey levels clipped to [0, 1].  Returns the axes."""
    import numpy as np

    if axes is None:
        _, axes = plt.subplots(1, len(samples), figsize=(min(7.2, 1.25 * len(samples)), 0.5 * n + 0.4),
                               layout="constrained")
    for ax, (model, x) in zip(np.atleast_1d(axes), samples.items()):
        x = np.clip(np.asarray(x[:n], dtype=float), 0, 1).reshape(n, 3, 8, 8)
        rows = [np.concatenate([d for d in s], axis=1) for s in x]          # three digits side by side
        gap = np.zeros((2, 24))                                              # white between samples
        ax.imshow(np.concatenate([r for s in rows for r in (s, gap)][:-1]), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(STACKED_LABELS.get(model, model), fontsize=9)
        ax.set_axis_off()
    return axes
