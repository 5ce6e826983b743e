"""Figures of chapter 1: the joint KL as the marginal KL plus the gap."""
from __future__ import annotations

import matplotlib.pyplot as plt

from vigen.core.toys import LinearGaussianToy

__all__ = ["draw_decomposition"]


def draw_decomposition(toy: LinearGaussianToy, *, ax=None):
    """Bar chart of chapter 1's chain rule: the joint KL stacked as marginal KL + gap."""
    ax = plt.gca() if ax is None else ax
    d = toy.decomposition()
    ax.bar([0], [d.marginal], color="C0", label="KL(p̃(x)‖q(x))")
    ax.bar([0], [d.gap], bottom=[d.marginal], color="C1", label="E KL(p(z|x)‖q(z|x))  (gap)")
    ax.bar([1], [d.joint], color="C2", label="KL(p(x,z)‖q(x,z))")
    ax.set_xticks([0, 1], ["marginal + gap", "joint"])
    ax.set_ylabel("nats")
    ax.legend(frameon=False, loc="upper left")
    return ax
