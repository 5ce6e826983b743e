"""The binary label y shared by the GAN, the AAE and ALI (Su 2018).

Each of these models introduces a label y and a discriminator
D(u) = p(y=1|u) = sigmoid(logit(u)), where u is x (GAN), z (AAE) or the
pair (x, z) (ALI).  One side of the joint KL puts the "real" distribution on
y=1 and the "generated" one on y=0; the D-step is binary cross-entropy

    L_D = -E_{y=1} log D(u) - E_{y=0} log(1 - D(u))

whose exact minimiser, for densities p1 and p0 on the two labels, is

    D*(u) = p1(u) / (p1(u) + p0(u)).

Everything is written on logits: log D = -softplus(-logit) and
log(1 - D) = -softplus(logit), which stay finite where D saturates.

:func:`log_d` and :func:`log_one_minus_d` check their argument (readers call them on their own
tables); the losses that the training steps call on every batch use their unchecked twins.
"""
from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from vigen.core._validation import require_positive_int, require_probability_table, require_seed, seed_generator
from vigen.core.nets import mlp

__all__ = ["log_d", "log_one_minus_d", "discriminator_loss", "nonsaturating_loss",
           "optimal_discriminator", "Discriminator", "prior_sample"]


def _check_logits(name: str, logits) -> torch.Tensor:
    if not isinstance(logits, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor of logits, got {type(logits).__name__}")
    if logits.numel() == 0:
        raise ValueError(f"{name} must not be empty")
    return logits


def log_d(logits: torch.Tensor) -> torch.Tensor:
    """log D(u) = log sigmoid(logit), elementwise and stable.

    Examples
    --------
    >>> log_d(torch.tensor([0.0])).exp()
    tensor([0.5000])
    """
    return _log_d(_check_logits("logits", logits))


def log_one_minus_d(logits: torch.Tensor) -> torch.Tensor:
    """log(1 - D(u)) = log sigmoid(-logit), elementwise and stable."""
    return _log_one_minus_d(_check_logits("logits", logits))


def _log_d(logits: torch.Tensor) -> torch.Tensor:
    return -F.softplus(-logits)


def _log_one_minus_d(logits: torch.Tensor) -> torch.Tensor:
    return -F.softplus(logits)


def discriminator_loss(logits_one: torch.Tensor, logits_zero: torch.Tensor):
    """The D-step above: binary cross-entropy with y=1 on ``logits_one``.

    Called on every batch, it trusts its arguments: two tensors of logits.

    Returns
    -------
    (loss, parts) : Tensor, dict
        ``loss = -E log D(u1) - E log(1 - D(u0))``; ``parts`` holds ``d_loss``,
        and ``d_one`` / ``d_zero``, the mean D on each label (floats).

    Examples
    --------
    >>> loss, parts = discriminator_loss(torch.zeros(4), torch.zeros(4))
    >>> round(loss.item(), 4)   # 2 log 2: D = 1/2 cannot tell them apart
    1.3863
    """
    loss = -_log_d(logits_one).mean() - _log_one_minus_d(logits_zero).mean()
    parts = {"d_loss": loss.item(), "d_one": torch.sigmoid(logits_one).mean().item(),
             "d_zero": torch.sigmoid(logits_zero).mean().item()}
    return loss, parts


def nonsaturating_loss(logits: torch.Tensor) -> torch.Tensor:
    """The generator's usual term, -E log D(u): pushes generated u towards y=1 (``logits``: a tensor, not checked)."""
    return -_log_d(logits).mean()


def optimal_discriminator(p_one, p_zero) -> torch.Tensor:
    """The optimal D above, D* = p1 / (p1 + p0), for two probability tables of the same shape.

    Where both tables are 0 the label is undetermined and D* is set to 1/2.

    Examples
    --------
    >>> optimal_discriminator([0.5, 0.5, 0.0], [0.25, 0.25, 0.5])
    tensor([0.6667, 0.6667, 0.0000], dtype=torch.float64)
    """
    p1 = require_probability_table("p_one", p_one)
    p0 = require_probability_table("p_zero", p_zero)
    if p1.shape != p0.shape:
        raise ValueError(f"p_one and p_zero must have the same shape, got {tuple(p1.shape)} and {tuple(p0.shape)}")
    return _optimal_discriminator(p1, p0)


def _optimal_discriminator(p1: torch.Tensor, p0: torch.Tensor) -> torch.Tensor:
    """:func:`optimal_discriminator` of two float64 tables already checked (the exact loops' inner step)."""
    total = p1 + p0
    return torch.where(total > 0, p1 / total.clamp_min(torch.finfo(total.dtype).tiny), torch.full_like(total, 0.5))


class Discriminator(nn.Module):
    """An MLP that maps ``in_dim`` features to one logit of D(u) = p(y=1|u).

    ``forward(*parts)`` concatenates its inputs on the last axis, so ALI calls
    ``D(x, z)`` with the pair and the GAN calls ``D(x)``.
    """

    def __init__(self, in_dim: int, *, hidden: int = 128, depth: int = 2, activation: str = "leaky_relu"):
        super().__init__()
        self.in_dim = require_positive_int("in_dim", in_dim)
        self.net = mlp(in_dim, 1, hidden=hidden, depth=depth, activation=activation)

    def forward(self, *parts: torch.Tensor) -> torch.Tensor:
        u = parts[0] if len(parts) == 1 else torch.cat(parts, dim=-1)
        if u.shape[-1] != self.in_dim:
            raise ValueError(f"the discriminator takes {self.in_dim} features, got shape {tuple(u.shape)}")
        return self.net(u).squeeze(-1)


def prior_sample(n: int, latent_dim: int, *, seed: int | None = 0) -> torch.Tensor:
    """``n`` draws z ~ q(z) = N(0, I) of shape (n, latent_dim), from a generator seeded by ``seed``
    (:func:`vigen.core.train.seed_all`): the codes that the GAN's, AAE's and ALI's ``sample``
    map through G.

    Examples
    --------
    >>> torch.equal(prior_sample(3, 2, seed=1), prior_sample(3, 2, seed=1))
    True
    """
    n, latent_dim = require_positive_int("n", n), require_positive_int("latent_dim", latent_dim)
    return _prior_sample(n, latent_dim, require_seed("seed", seed))


def _prior_sample(n: int, latent_dim: int, seed: int | None) -> torch.Tensor:
    return torch.randn(n, latent_dim, generator=seed_generator(seed))
