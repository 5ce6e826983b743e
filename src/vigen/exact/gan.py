"""Exact checks of chapter 4's GAN derivation, where x takes a few values and everything is a table.

With p̃ the data table, q° the current generator, q a candidate generator and
D a table of discriminator values in (0, 1):

* :func:`label_joint_kl` is KL(q(x,y) || p(x,y)) for q(x,y) = ½ p̃ [y=1] + ½ q [y=0]
  and p(x,y) = p(y|x) p̃(x), D = p(1|x)                           (chapter 4's joint KL)
* :func:`generator_loss` is -E_q log D + KL(q || q°)               (chapter 4's G-step)
* :func:`reweight` is its exact minimiser q* = D q° / Z             (chapter 4's exact G-step optimum)
* :func:`iterate` repeats "D-step to optimum, G-step to optimum" from q° and
  returns the sequence of generators, for the complete or the incomplete loss.
* :func:`d_step_table` takes the D-step numerically, by minimising the discriminator's cross-entropy over
  D's logits, without the formula for its optimum (so a check can compare the two).

:func:`kl_bound_1d` measures KL(q || q°) against its bound E_z (G - G°)² / (2σ²)
for 1-D generators with Gaussian output noise, and :func:`train_discriminator_1d`
trains a neural D between two 1-D samplers.
"""
from __future__ import annotations

import torch
from torch.distributions import Normal

from vigen.core._validation import (
    as_tensor,
    require_positive,
    require_positive_int,
    require_probability_table,
    require_seed,
    resolve_seed,
    seeded,
)
from vigen.core.kl import Decomposition, kl_discrete
from vigen.models.adversarial import Discriminator, _optimal_discriminator, optimal_discriminator
from vigen.models.gan import d_bce

__all__ = ["label_joint_kl", "label_decomposition", "d_bce_table", "d_step_table", "generator_loss", "reweight",
           "iterate", "kl_bound_1d", "train_discriminator_1d", "optimal_discriminator"]


def _check_d(d, shape) -> torch.Tensor:
    d = as_tensor("d", d)
    if d.shape != shape:
        raise ValueError(f"d must have shape {tuple(shape)}, got {tuple(d.shape)}")
    if not ((d > 0) & (d < 1)).all():
        raise ValueError("d must lie strictly between 0 and 1")
    return d


def _tables(**tables):
    out = [require_probability_table(k, v) for k, v in tables.items()]
    for (k, t) in zip(tables, out):
        if t.shape != out[0].shape:
            raise ValueError(f"{k} must have the shape of {next(iter(tables))}, got {tuple(t.shape)}")
    return out


def _kl(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    return torch.special.xlogy(a, a).sum() - torch.special.xlogy(a, b).sum()


def label_joint_kl(p_data, q, d) -> torch.Tensor:
    """The GAN's joint KL over its label y, KL(q(x,y) || p(x,y)) (chapter 4's joint KL), for tables
    p̃, q and a discriminator table D (chapter 1's joint KL over a code z is :func:`vigen.core.kl.joint_kl`).

    Notes
    -----
    ½ Σ_x p̃ log(½ p̃ / (D p̃)) + ½ Σ_x q log(½ q / ((1 - D) p̃)).

    Examples
    --------
    >>> p = torch.tensor([0.5, 0.5], dtype=torch.float64)
    >>> kl = label_joint_kl(p, p, torch.full((2,), 0.5))
    >>> round(kl.item(), 12)   # q = p̃ and D = ½: zero
    0.0
    """
    p_data, q = _tables(p_data=p_data, q=q)
    d = _check_d(d, p_data.shape)
    one = 0.5 * (torch.special.xlogy(p_data, 0.5 * p_data) - torch.special.xlogy(p_data, d * p_data)).sum()
    zero = 0.5 * (torch.special.xlogy(q, 0.5 * q) - torch.special.xlogy(q, (1 - d) * p_data)).sum()
    return one + zero


def d_bce_table(p_data, q_old, d) -> torch.Tensor:
    """Chapter 4's D-step on tables: -Σ p̃ log D - Σ q° log(1 - D)."""
    p_data, q_old = _tables(p_data=p_data, q_old=q_old)
    d = _check_d(d, p_data.shape)
    return -(p_data * d.log()).sum() - (q_old * (1 - d).log()).sum()


def d_step_table(p_one, p_zero, *, steps: int = 100) -> torch.Tensor:
    """The D-step taken numerically on tables: the D in (0, 1) that minimises the discriminator's binary
    cross-entropy -Σ p1 log D - Σ p0 log(1 - D) (chapter 4's D-step), found by Newton's method on D's logits
    from D = ½ (autograd gives the gradient and the curvature), without the closed form of its optimum.
    ``p_one`` and ``p_zero`` are the two labelled tables (the data and the generator, or ALI's encoder and
    decoder joints flattened), positive everywhere.

    Examples
    --------
    >>> d = d_step_table([0.5, 0.5], [0.9, 0.1])
    >>> [round(v, 6) for v in d.tolist()]   # p1 / (p1 + p0)
    [0.357143, 0.833333]
    """
    p1, p0 = _tables(p_one=p_one, p_zero=p_zero)       # checks that both are tables of one shape
    if p1.ndim != 1:
        raise ValueError(f"p_one and p_zero must be 1-D, got shape {tuple(p1.shape)}")
    if (p1 <= 0).any() or (p0 <= 0).any():
        raise ValueError("p_one and p_zero must be positive everywhere (else the optimal D is 0 or 1)")
    steps = require_positive_int("steps", steps)
    logits = torch.zeros_like(p1)
    for _ in range(steps):          # Newton's method; the loss is a sum of one convex term per logit
        a = logits.clone().requires_grad_(True)
        loss = -(p1 * torch.nn.functional.logsigmoid(a)).sum() - (p0 * torch.nn.functional.logsigmoid(-a)).sum()
        (grad,) = torch.autograd.grad(loss, a, create_graph=True)
        (curv,) = torch.autograd.grad(grad.sum(), a)   # the Hessian is diagonal: its diagonal
        step = (grad.detach() / curv).clamp(-4.0, 4.0)
        logits = logits - step
        if step.abs().max() < 1e-15:
            break
    return torch.sigmoid(logits)


def generator_loss(q, d, q_old, *, complete: bool = True) -> torch.Tensor:
    """-Σ q log D, plus KL(q || q°) when ``complete`` (chapter 4's G-step)."""
    q, q_old = _tables(q=q, q_old=q_old)
    d = _check_d(d, q.shape)
    adv = -(q * d.log()).sum()
    return adv + _kl(q, q_old) if complete else adv


def reweight(d, q_old) -> torch.Tensor:
    """q* = D q° / Z, the exact minimiser of the complete loss (chapter 4's exact G-step optimum).

    Examples
    --------
    >>> reweight(torch.tensor([0.25, 0.75]), torch.tensor([0.5, 0.5]))
    tensor([0.2500, 0.7500], dtype=torch.float64)
    """
    (q_old,) = _tables(q_old=q_old)
    d = _check_d(d, q_old.shape)
    w = d * q_old
    return w / w.sum()


def iterate(p_data, q0, n_iter: int, *, complete: bool = True) -> torch.Tensor:
    """Generators q_0 … q_n of alternating exact steps: D = p̃/(p̃+q_t), then the G-step optimum.

    ``complete=True`` sets q_{t+1} = D q_t / Z; ``complete=False`` minimises the
    incomplete loss -Σ q log D, whose optimum is a point mass at argmax D.
    Returns a tensor of shape (n_iter + 1, n_values).
    """
    p_data, q = _tables(p_data=p_data, q0=q0)
    n_iter = require_positive_int("n_iter", n_iter)
    qs = [q]
    for _ in range(n_iter):
        d = _optimal_discriminator(p_data, q).clamp(1e-300, 1 - 1e-16)   # D may touch 1 where q = 0
        q = d * q / (d * q).sum() if complete else torch.nn.functional.one_hot(d.argmax(), len(q)).double()
        qs.append(q)
    return torch.stack(qs)


def kl_bound_1d(locs, locs_old, sigma: float, *, weights=None, grid_size: int = 200_001):
    """KL(q || q°) by quadrature, and its bound Σ_z w_z (G(z) - G°(z))² / (2σ²) (chapter 4's bound on KL(q || q°)).

    q = Σ_z w_z N(G(z), σ²) and q° = Σ_z w_z N(G°(z), σ²) are 1-D mixtures over the
    atoms z of a discrete latent with weights ``w`` (uniform by default); ``locs``
    and ``locs_old`` hold G(z) and G°(z).  Returns ``(kl, bound)`` as float64 scalars.
    """
    locs, locs_old = as_tensor("locs", locs).reshape(-1), as_tensor("locs_old", locs_old).reshape(-1)
    if locs.shape != locs_old.shape:
        raise ValueError(f"locs and locs_old must have the same length, got {len(locs)} and {len(locs_old)}")
    sigma = require_positive("sigma", sigma)
    w = torch.full_like(locs, 1 / len(locs)) if weights is None else require_probability_table("weights", weights)
    lo = min(locs.min(), locs_old.min()).item() - 12 * sigma
    hi = max(locs.max(), locs_old.max()).item() + 12 * sigma
    x = torch.linspace(lo, hi, require_positive_int("grid_size", grid_size), dtype=torch.float64)[:, None]
    def log_density(m):                                  # log Σ_z w_z N(x; m_z, σ²), shape (grid_size,)
        return torch.logsumexp(w.log() + Normal(m, sigma).log_prob(x), dim=1)

    log_q, log_q_old = log_density(locs), log_density(locs_old)
    kl = torch.trapezoid(log_q.exp() * (log_q - log_q_old), x[:, 0])
    return kl, (w * (locs - locs_old) ** 2).sum() / (2 * sigma**2)


def train_discriminator_1d(sample_one, sample_zero, *, steps: int = 2000, batch_size: int = 512,
                           lr: float = 3e-3, hidden: int = 32, seed: int | None = 0) -> Discriminator:
    """Train D(x) by the D-step on two 1-D samplers ``sample_*(n, generator) -> (n, 1)``; return it.

    ``seed`` seeds the initial weights and the samplers' generator (:func:`vigen.core.train.seed_all`).
    """
    steps, batch_size = require_positive_int("steps", steps), require_positive_int("batch_size", batch_size)
    require_positive("lr", lr)
    seed = resolve_seed(require_seed("seed", seed))
    g = torch.Generator().manual_seed(seed)
    with seeded(seed):
        disc = Discriminator(1, hidden=hidden, depth=2)
    opt = torch.optim.Adam(disc.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1 - s / steps)  # decay: a still, averaged D
    for _ in range(steps):
        loss = d_bce(disc(sample_one(batch_size, g)), disc(sample_zero(batch_size, g)))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
    return disc.eval()


def label_decomposition(p_data, q_gen, d):
    """Chain rule of the GAN's label joint (chapter 7) on tables over x.

    With q(x,y) = ½ p̃(x) [y=1] + ½ q(x) [y=0] and p(x,y) = p(y|x) p̃(x), D(x) = p(1|x):

        KL(q(x,y) || p(x,y)) = KL(q̄ || p̃) + E_{x~q̄} KL(q(y|x) || p(y|x)),   q̄ = ½ (p̃ + q).

    Parameters
    ----------
    p_data, q_gen : array-like of shape (n,)
        The data table p̃(x) (positive everywhere) and the generator's table q(x).
    d : array-like of shape (n,)
        The discriminator D(x), strictly between 0 and 1.

    Returns
    -------
    Decomposition
        ``(joint, marginal, gap)`` as in :func:`vigen.core.kl.joint_kl`.

    Examples
    --------
    >>> d_star = [0.5 / 1.4, 0.5 / 0.6]
    >>> d = label_decomposition([0.5, 0.5], [0.9, 0.1], d_star)
    >>> round(d.gap, 12)   # the optimal D closes the gap
    0.0
    """

    p_data, q_gen = require_probability_table("p_data", p_data), require_probability_table("q_gen", q_gen)
    d = as_tensor("d", d)
    if not (p_data.shape == q_gen.shape == d.shape and p_data.ndim == 1):
        raise ValueError(f"p_data, q_gen and d must be 1-D of one shape, got {tuple(p_data.shape)}, "
                         f"{tuple(q_gen.shape)} and {tuple(d.shape)}")
    if (p_data <= 0).any():
        raise ValueError("p_data must be positive everywhere (p(x,y) is built on it)")
    joint = label_joint_kl(p_data, q_gen, d)                        # chapter 4's joint KL
    q_bar = 0.5 * (p_data + q_gen)
    q_y_given_x = torch.stack([0.5 * p_data, 0.5 * q_gen], dim=1) / q_bar[:, None]   # (n, 2); y=1 first
    gap = (q_bar * kl_discrete(q_y_given_x, torch.stack([d, 1 - d], dim=1), axis=-1)).sum()
    return Decomposition(joint.item(), kl_discrete(q_bar, p_data).item(), gap.item())
