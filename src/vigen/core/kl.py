"""KL divergences and the joint/marginal/gap decomposition of chapter 1.

In chapters 1 to 3 the **data side** ``p`` (``p̃(x)`` and the encoder ``p(z|x)``)
fills the KL's first slot and the **model side** ``q`` (the prior ``q(z)`` and the
decoder ``q(x|z)``) its second; the notation page gives every chapter's slots.  Every
model in vigen is fitted by minimising a KL between two joints, and a loss is always the
quantity *minimised*: ``loss = -elbo``.

The central identity, chapter 1's, is the chain rule

    KL(p(x,z) || q(x,z)) = KL(p̃(x) || q(x)) + E_{x~p̃} KL(p(z|x) || q(z|x)),

so the joint KL bounds the marginal KL from above, with a non-negative gap.
"""
from __future__ import annotations

from typing import Callable, NamedTuple

import torch
from torch.distributions import Distribution, Normal, kl_divergence

from vigen.core._validation import (
    as_tensor,
    require_positive_int,
    require_probability_table,
    require_seed,
    seed_generator,
    seeded,
)

__all__ = [
    "MCEstimate",
    "Decomposition",
    "kl_discrete",
    "entropy_discrete",
    "kl_normal",
    "mc_mean",
    "mc_kl",
    "register_joint_kl",
    "joint_kl",
]


class MCEstimate(NamedTuple):
    """A Monte-Carlo estimate and its standard error (std / sqrt(n))."""

    value: float
    stderr: float


class Decomposition(NamedTuple):
    """The three terms of chapter 1's chain rule: ``joint = marginal + gap``."""

    joint: float
    marginal: float
    gap: float


def _xlogy_ratio(p: torch.Tensor, q: torch.Tensor) -> torch.Tensor:
    """Elementwise p log(p/q) with 0 log 0 = 0 and p log(p/0) = inf."""
    return torch.special.xlogy(p, p) - torch.special.xlogy(p, q)


def kl_discrete(p, q, *, axis=None) -> torch.Tensor:
    """KL divergence between two probability tables of the same shape.

    Parameters
    ----------
    p, q : array-like of the same shape
        Probability tables; with ``axis=None`` each sums to one, otherwise each
        slice along ``axis`` does (a batch of conditionals).
    axis : int or None
        The axis that holds the distribution.  The KL is summed over it.

    Returns
    -------
    Tensor (float64)
        A scalar for ``axis=None``, else one KL per slice.

    Raises
    ------
    ValueError
        If a table is negative, does not sum to one, or the shapes differ.

    Notes
    -----
    KL(p||q) = sum_i p_i log(p_i / q_i), with 0 log 0 = 0.

    Examples
    --------
    >>> round(kl_discrete([0.5, 0.5], [0.9, 0.1]).item(), 4)
    0.5108
    """
    p = require_probability_table("p", p, axis=axis)
    q = require_probability_table("q", q, axis=axis)
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same shape, got {tuple(p.shape)} and {tuple(q.shape)}")
    terms = _xlogy_ratio(p, q)
    return terms.sum() if axis is None else terms.sum(dim=axis)


def entropy_discrete(p) -> torch.Tensor:
    """Shannon entropy H(p) = -sum_i p_i log p_i of a probability table (float64)."""
    p = require_probability_table("p", p)
    return -torch.special.xlogy(p, p).sum()


def kl_normal(p_loc, p_scale, q_loc, q_scale) -> torch.Tensor:
    """Elementwise KL(N(p_loc, p_scale²) || N(q_loc, q_scale²)) via ``torch.distributions``.

    Raises ``ValueError`` naming the scale that is not positive.

    Notes
    -----
    KL = log(s_q/s_p) + (s_p² + (m_p - m_q)²) / (2 s_q²) - 1/2.

    Examples
    --------
    >>> round(kl_normal(0.0, 1.0, 1.0, 1.0).item(), 6)
    0.5
    """
    tensors = {}
    for name, value in (("p_loc", p_loc), ("p_scale", p_scale), ("q_loc", q_loc), ("q_scale", q_scale)):
        tensors[name] = as_tensor(name, value)
    for name in ("p_scale", "q_scale"):
        if not (tensors[name] > 0).all():
            raise ValueError(f"{name} must be positive, got a minimum of {tensors[name].min().item():.3g}")
    try:
        torch.broadcast_shapes(*(t.shape for t in tensors.values()))
    except RuntimeError as exc:
        shapes = ", ".join(f"{k} {tuple(v.shape)}" for k, v in tensors.items())
        raise ValueError(f"loc and scale shapes do not broadcast: {shapes}") from exc
    p = Normal(tensors["p_loc"], tensors["p_scale"])
    return kl_divergence(p, Normal(tensors["q_loc"], tensors["q_scale"]))


def mc_mean(values: torch.Tensor) -> MCEstimate:
    """Mean of i.i.d. draws with its standard error, ``std / sqrt(n)``."""
    values = torch.as_tensor(values, dtype=torch.float64).reshape(-1)
    if values.numel() < 2:
        raise ValueError(f"values must hold at least 2 draws, got {values.numel()}")
    return MCEstimate(values.mean().item(), (values.std() / values.numel() ** 0.5).item())


def mc_kl(p: Distribution, q: Distribution, num_samples: int, *, seed: int | None = None) -> MCEstimate:
    """Monte-Carlo estimate of KL(p||q) = E_p[log p(x) - log q(x)] with its standard error.

    ``seed`` seeds the draws; ``None`` (the default) draws it from torch's global generator
    (:func:`vigen.core.train.seed_all`).

    Examples
    --------
    >>> from torch.distributions import Normal
    >>> est = mc_kl(Normal(0., 1.), Normal(1., 1.), 100_000, seed=0)
    >>> abs(est.value - 0.5) < 4 * est.stderr
    True
    """
    for name, d in (("p", p), ("q", q)):
        if not isinstance(d, Distribution):
            raise TypeError(f"{name} must be a torch.distributions.Distribution, got {type(d).__name__}")
    num_samples = require_positive_int("num_samples", num_samples)
    with seeded(require_seed("seed", seed)):
        x = p.sample((num_samples,))
    return mc_mean(p.log_prob(x) - q.log_prob(x))


# --- The joint-KL registry (mirrors torch.distributions' @register_kl) ---------------

_EXACT_JOINT_KL: dict[type, Callable] = {}


def register_joint_kl(model_type: type):
    """Decorator: register ``fn(model) -> Decomposition`` as the exact joint KL of a model type."""

    def decorator(fn):
        _EXACT_JOINT_KL[model_type] = fn
        return fn

    return decorator


def joint_kl(model, *, num_samples: int | None = None, seed: int | None = 0):
    """KL(p(x,z) || q(x,z)) of a model: exact if registered, else Monte Carlo.

    With ``num_samples=None`` the exact form registered for ``type(model)`` is
    returned as a :class:`Decomposition`.  With ``num_samples`` given, draws
    ``(x, z) ~ p(x, z)`` through ``model.sample_p`` and averages
    ``model.log_p_joint(x, z) - model.log_q_joint(x, z)``, returning an
    :class:`MCEstimate`; ``seed`` seeds the draws (:func:`vigen.core.train.seed_all`).

    Raises
    ------
    NotImplementedError
        If no exact form is registered (and none is asked to be sampled), or the
        model cannot be sampled.
    """
    if num_samples is None:
        for cls in type(model).__mro__:
            if cls in _EXACT_JOINT_KL:
                return _EXACT_JOINT_KL[cls](model)
        raise NotImplementedError(f"no exact joint KL registered for {type(model).__name__};"
                                  " pass num_samples for a Monte-Carlo estimate")
    num_samples = require_positive_int("num_samples", num_samples)
    seed = require_seed("seed", seed)
    needed = ("sample_p", "log_p_joint", "log_q_joint")
    if not all(hasattr(model, attr) for attr in needed):
        raise NotImplementedError(f"{type(model).__name__} cannot be sampled: it needs {', '.join(needed)}")
    x, z = model.sample_p(num_samples, generator=seed_generator(seed))
    return mc_mean(model.log_p_joint(x, z) - model.log_q_joint(x, z))
