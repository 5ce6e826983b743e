"""Exact checks of chapter 5's AAE derivation on a finite latent space, where everything is a table.

* :func:`aggregate_posterior_table` is the aggregate posterior p(z) of a deterministic encoder;
* :func:`d_step_table` is the discriminator's loss (chapter 5's D-step) on tables;
* :func:`encoder_objective_table` is the encoder-dependent half of the joint KL of chapter 5.
"""
from __future__ import annotations

import torch

from vigen.core._validation import require_positive_int, require_probability_table
from vigen.models.adversarial import log_d, log_one_minus_d

__all__ = ["aggregate_posterior_table", "d_step_table", "encoder_objective_table"]


def aggregate_posterior_table(p_x, codes, n_codes: int) -> torch.Tensor:
    """p(z) = Σ_x p̃(x) [E(x) = z] for a deterministic encoder given as a code index per x.

    Examples
    --------
    >>> aggregate_posterior_table([0.5, 0.25, 0.25], [2, 0, 2], 3)
    tensor([0.2500, 0.0000, 0.7500], dtype=torch.float64)
    """
    p_x = require_probability_table("p_x", p_x)
    n_codes = require_positive_int("n_codes", n_codes)
    codes = torch.as_tensor(codes)
    if codes.shape != p_x.shape or codes.dtype not in (torch.int32, torch.int64):
        raise ValueError(f"codes must hold one integer code per x, shape {tuple(p_x.shape)}, got "
                         f"{tuple(codes.shape)} of {codes.dtype}")
    if ((codes < 0) | (codes >= n_codes)).any():
        raise ValueError(f"codes must lie in 0..{n_codes - 1}")
    return torch.zeros(n_codes, dtype=torch.float64).index_add_(0, codes, p_x)


def d_step_table(logits, q_z, p_z) -> torch.Tensor:
    """Chapter 5's D-step on a finite latent space: -Σ_z q(z) log D(z) - Σ_z p(z) log(1 - D(z)), D = sigmoid(logits).

    Examples
    --------
    >>> loss = d_step_table(torch.zeros(2), [0.5, 0.5], [0.5, 0.5])
    >>> round(loss.item(), 4)   # 2 log 2
    1.3863
    """
    q_z, p_z = require_probability_table("q_z", q_z), require_probability_table("p_z", p_z)
    logits = torch.as_tensor(logits, dtype=torch.float64)
    if not (logits.shape == q_z.shape == p_z.shape):
        raise ValueError(f"logits, q_z and p_z must have the same shape, got {tuple(logits.shape)}, "
                         f"{tuple(q_z.shape)} and {tuple(p_z.shape)}")
    return -(q_z * log_d(logits)).sum() - (p_z * log_one_minus_d(logits)).sum()


def encoder_objective_table(p_z, q_z, d) -> torch.Tensor:
    """The encoder-dependent half of 2 KL(p(z,y) || q(z,y)): Σ_z p(z) log(p(z) / ((1 - D(z)) q(z))).

    Examples
    --------
    >>> value = encoder_objective_table([0.5, 0.5], [0.5, 0.5], [0.5, 0.5])
    >>> round(value.item(), 4)   # log 2
    0.6931
    """
    p_z, q_z = require_probability_table("p_z", p_z), require_probability_table("q_z", q_z)
    d = torch.as_tensor(d, dtype=torch.float64)
    if not (d.shape == p_z.shape == q_z.shape) or ((d <= 0) | (d >= 1)).any():
        raise ValueError("d must be a table of values in (0, 1) with the shape of p_z and q_z")
    return torch.special.xlogy(p_z, p_z).sum() - (p_z * ((1 - d) * q_z).log()).sum()
