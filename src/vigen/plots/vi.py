"""Figures of chapter 1: the joint KL as the marginal KL plus the gap."""
from __future__ import annotations

import matplotlib.pyplot as plt
import torch

from vigen.core.toys import LinearGaussianToy

__all__ = ["draw_decomposition", "draw_chain_rule_sweep"]


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


def draw_chain_rule_sweep(xs, joint, marginal, gap, *, ax=None, xlabel: str = "encoder slope m"):
    """Chapter 1's chain rule along a sweep of one encoder parameter, drawn so that all three terms show:
    the marginal KL as a filled band from zero, the gap stacked on it, and the joint KL as a line along the
    top of the stack (it equals their sum, so it would hide exactly under a plain line of the gap)."""
    ax = plt.gca() if ax is None else ax
    xs, joint, marginal, gap = (torch.as_tensor(v, dtype=torch.float64).numpy() for v in (xs, joint, marginal, gap))
    ax.fill_between(xs, 0, marginal, color="C0", alpha=0.8, lw=0, label="marginal KL")
    ax.fill_between(xs, marginal, marginal + gap, color="C1", alpha=0.55, lw=0,
                    label="gap, stacked on it")
    ax.plot(xs, joint, color="k", lw=2, label="joint KL")
    ax.set_xlabel(xlabel)
    ax.set_ylabel("nats")
    ax.set_ylim(0, None)
    ax.legend(frameon=False, loc="upper right")
    return ax
