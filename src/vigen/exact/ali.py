"""Exact discrete toys of chapter 6: x and z take a few values, every distribution is a table.

With :class:`vigen.core.toys.DiscreteToy` holding p̃(x), the encoder p(z|x), the
prior q(z) and the decoder q(x|z), everything in Su's derivation of ALI can be
computed exactly:

* :func:`su_kl`, Su's labelled KL, with the **current** encoder in the second
  slot and the discriminator fixed at D° = p°/(p° + q°) of the snapshot ``old``;
* :func:`su_terms`, its four-term rewrite (chapter 6, the four-term identity),
  term by term;
* :func:`ge_loss`, the generator/encoder loss of each objective of
  :data:`vigen.models.ali.OBJECTIVES` on tables;
* two ways to train on tables, each after an exact D-step:
  :func:`exact_step` (exact minimisation of Su's full objective, block by block) and
  :func:`gradient_step` (one gradient step on any objective's loss);
  :func:`trajectories` strings either into a trajectory for a batch of toys,
  and :func:`js_divergence` measures how far apart the two joints are.

Throughout, tables are indexed ``[x, z]`` and the label y=1 marks the encoder joint.
"""
from __future__ import annotations

import math

import torch

from vigen.core._validation import require_positive, require_positive_int
from vigen.core.kl import kl_discrete
from vigen.core.toys import DiscreteToy
from vigen.models.adversarial import _optimal_discriminator
from vigen.models.ali import _require_objective

__all__ = ["random_move", "su_kl", "su_terms", "dropped_term_gradients", "ge_loss", "exact_step", "gradient_step",
           "trajectories", "js_divergence"]


def _check_toy(name: str, toy) -> DiscreteToy:
    if not isinstance(toy, DiscreteToy):
        raise TypeError(f"{name} must be a vigen.core.toys.DiscreteToy, got {type(toy).__name__}")
    return toy


def _check_pair(toy, old) -> None:
    """A snapshot shares the data p̃(x) and the prior q(z) with the current tables: only the
    encoder and the decoder move."""
    _check_toy("toy", toy), _check_toy("old", old)
    if not (torch.equal(toy.p_x, old.p_x) and torch.equal(toy.q_z, old.q_z)):
        raise ValueError("old must share p_x (the data) and q_z (the prior) with toy")


def _d_star(old: DiscreteToy) -> torch.Tensor:
    """D° = p°(x,z) / (p°(x,z) + q°(x,z)), the D-step's optimum at the snapshot, shape (nx, nz)."""
    return _optimal_discriminator(old.p_xz, old.q_xz)


def random_move(toy, *, seed: int | None = 0) -> DiscreteToy:
    """``toy``'s data p̃(x) and prior q(z) with a random encoder and decoder (Dirichlet tables, seeded by
    ``seed``: :func:`vigen.core.train.seed_all`): a snapshot that the current tables can be compared with."""
    other = DiscreteToy.random(*_check_toy("toy", toy).p_z_given_x.shape, seed=seed)
    return DiscreteToy(toy.p_x, other.p_z_given_x, toy.q_z, other.q_x_given_z)


def su_kl(toy, old) -> torch.Tensor:
    """Su's KL( first slot ‖ second slot ) for ALI, from its definition.

    First slot: ½ p̃(x) p(z|x) on y=1 and ½ q(z) q(x|z) on y=0.  Second slot:
    p(y|x,z) p(z|x) p̃(x) with p(1|x,z) = D°(x,z), the optimal discriminator of
    the snapshot ``old``, and the **current** encoder p(z|x) of ``toy``.

    Examples
    --------
    >>> new = DiscreteToy.random(3, 2, seed=0)
    >>> old = random_move(new, seed=1)
    >>> bool(abs(su_kl(new, old) - sum(su_terms(new, old).values())) < 1e-12)
    True
    """
    _check_pair(toy, old)
    p, q, d = toy.p_xz, toy.q_xz, _d_star(old)
    first = torch.stack([0.5 * q, 0.5 * p])                 # (2, nx, nz): [y, x, z]
    second = torch.stack([(1 - d) * p, d * p])
    return kl_discrete(first.reshape(-1), second.reshape(-1))


def su_terms(toy, old) -> dict:
    """The four-term rewrite of :func:`su_kl` (chapter 6), term by term.

    Returns ``{"const": -log 2, "enc_d": -½ E_p log D°, "gen_d": -½ E_q log D°,
    "dec_kl": ½ E_q(z) KL(q(x|z) ‖ q°(x|z)), "enc_cross": ½ E_q(x,z) log[p°(z|x) / p(z|x)]}``,
    whose sum is :func:`su_kl`.  Su drops the last two.
    """
    _check_pair(toy, old)
    p, q, d = toy.p_xz, toy.q_xz, _d_star(old)
    dec_kl = (toy.q_z * kl_discrete(toy.q_x_given_z, old.q_x_given_z, axis=-1)).sum()
    enc_cross = (q * (old.p_z_given_x / toy.p_z_given_x).log()).sum()
    return {"const": torch.tensor(-math.log(2.0), dtype=p.dtype),
            "enc_d": -0.5 * (p * d.log()).sum(), "gen_d": -0.5 * (q * d.log()).sum(),
            "dec_kl": 0.5 * dec_kl, "enc_cross": 0.5 * enc_cross}


def dropped_term_gradients(toy) -> tuple:
    """Gradients of the two terms Su drops, at the snapshot ``old = toy``, in the logits of the tables.

    Returns ``(g_dec, g_enc)``: the decoder KL's gradient in the decoder's logits, shape (nz, nx),
    and the encoder term's gradient in the encoder's logits, shape (nx, nz).

    Notes
    -----
    The decoder term is a KL against its snapshot, so g_dec = 0; the encoder term is not,
    and g_enc(x, z) = ½ q(x) (p(z|x) - q(z|x)) (chapter 6, the encoder term's gradient).
    """
    enc = _check_toy("toy", toy).p_z_given_x.log().requires_grad_(True)
    dec = toy.q_x_given_z.log().requires_grad_(True)
    terms = su_terms(DiscreteToy(toy.p_x, enc.softmax(-1), toy.q_z, dec.softmax(-1)), toy)
    g_dec = torch.autograd.grad(terms["dec_kl"], dec, retain_graph=True)[0]
    g_enc = torch.autograd.grad(terms["enc_cross"], enc)[0]
    return g_dec, g_enc


def ge_loss(toy, old, *, objective: str) -> torch.Tensor:
    """The G/E loss of ``objective`` on tables, with D = D° of ``old``.

    Notes
    -----
    * su: -E_p log D - E_q log D (Su's truncated loss);
    * su_full: the same + E_q(z) KL(q(x|z) ‖ q°(x|z)) + E_q(x,z) log[p°(z|x) / p(z|x)],
      which is 2 su_kl + 2 log 2 (nothing dropped);
    * standard: -E_p log(1 - D) - E_q log D (the label-swapped ALI loss).

    The neural loss :func:`vigen.models.ali.generator_encoder_loss` has the same terms,
    with the decoder KL left out (zero gradient at the snapshot).
    """
    objective = _require_objective(objective)
    _check_pair(toy, old)
    return _loss(*_stack([toy]), *_stack([old])[1::2], objective)[0]


# The trajectories below run on a batch of toys at once: tables of shape (B, nx), (B, nx, nz),
# (B, nz) and (B, nz, nx) for p̃(x), p(z|x), q(z) and q(x|z).

def _stack(toys) -> tuple:
    return tuple(torch.stack([getattr(t, k) for t in toys]) for k in ("p_x", "p_z_given_x", "q_z", "q_x_given_z"))


def _joints(p_x, enc, q_z, dec):
    return p_x[..., :, None] * enc, (q_z[..., :, None] * dec).transpose(-1, -2)


def _loss(p_x, enc, q_z, dec, enc0, dec0, objective):
    """:func:`ge_loss` on a batch of tables: shape (B,)."""
    tiny = torch.finfo(enc.dtype).tiny
    p, q = _joints(p_x, enc, q_z, dec)
    p0, q0 = _joints(p_x, enc0, q_z, dec0)
    total0 = (p0 + q0).clamp_min(tiny)
    log_d, log_1md = (p0 / total0).clamp_min(tiny).log(), (q0 / total0).clamp_min(tiny).log()
    total = lambda t: t.sum((-2, -1))  # noqa: E731
    if objective == "standard":
        return total(-p * log_1md - q * log_d)
    kept = total(-(p + q) * log_d)
    if objective == "su":
        return kept
    dec_kl = total(torch.special.xlogy(q, q) - q * q0.clamp_min(tiny).log())      # E_q(z) KL(q(x|z)‖q°(x|z))
    enc_cross = total(q * (enc0.clamp_min(tiny).log() - enc.clamp_min(tiny).log()))
    return kept + dec_kl + enc_cross


def _gradient_step(p_x, enc, q_z, dec, objective, lr):
    a, b = enc.log().requires_grad_(True), dec.log().requires_grad_(True)
    loss = _loss(p_x, a.softmax(-1), q_z, b.softmax(-1), enc, dec, objective).sum()
    g_a, g_b = torch.autograd.grad(loss, (a, b))
    return (a - lr * g_a).detach().softmax(-1), (b - lr * g_b).detach().softmax(-1)


def _exact_step(p_x, enc, q_z, dec, sweeps):
    p0, q0 = _joints(p_x, enc, q_z, dec)
    d = torch.where(p0 + q0 > 0, p0 / (p0 + q0), 0.5)      # cells both joints abandoned: D = 1/2
    c = -p_x[..., :, None] * d.log()                        # (B, nx, nz)
    for _ in range(sweeps):
        joint = (1 - d) * p_x[..., :, None] * enc            # ∝ the new q(x|z) along x
        dec = (joint / joint.sum(-2, keepdim=True)).transpose(-1, -2)
        enc = _encoder_block(_joints(p_x, enc, q_z, dec)[1], c)
    return enc, dec


def _encoder_block(b: torch.Tensor, c: torch.Tensor, iters: int = 60) -> torch.Tensor:
    """Rows p = b / (c + μ), with μ the root of sum_z b / (c + μ) = 1 (b > 0, c ≥ 0).

    The row sum is convex and decreasing in μ and is at least 1 at μ = max(b - c), so
    Newton's method from there climbs to the root without overshooting.
    """
    mu = (b - c).max(-1, keepdim=True).values
    for _ in range(iters):
        den = torch.maximum(c + mu, b)  # c + μ ≥ b holds from the start; this guards its rounding
        mu = mu + ((b / den).sum(-1, keepdim=True) - 1) / (b / den.pow(2)).sum(-1, keepdim=True)
    rows = b / torch.maximum(c + mu, b)
    return rows / rows.sum(-1, keepdim=True)


def exact_step(old, *, sweeps: int = 1) -> DiscreteToy:
    """An exact G/E step of Su's full objective by blocks: with D = D° of ``old`` fixed, the
    decoder's exact minimiser of ``su_kl(·, old)``, then the encoder's.

    Each block has a closed form (below), and each lowers ``su_kl``.  ``sweeps``
    repeats the pair: the objective is jointly convex in the two tables, so the
    sweeps converge to the joint minimiser (slowly where it lies on the boundary,
    in cells that both joints abandon).  Chapter 6 takes one sweep per D-step.

    * decoder: q(x|z) ∝ (1 - D°(x,z)) p(z|x) p̃(x), normalised over x;
    * encoder: for each x, p(z|x) = q(x,z) / (c(x,z) + μ(x)) with c = -p̃(x) log D°
      and μ(x) the number that makes the row sum to one.
    """
    sweeps = require_positive_int("sweeps", sweeps)
    p_x, enc, q_z, dec = _stack([_check_toy("old", old)])
    enc, dec = _exact_step(p_x, enc, q_z, dec, sweeps)
    return DiscreteToy(old.p_x, enc[0], old.q_z, dec[0])


def gradient_step(toy, *, objective: str, lr: float = 0.5) -> DiscreteToy:
    """One gradient step of the encoder and decoder logits on :func:`ge_loss`, with the snapshot
    (and so D°) at ``toy``: the table version of one neural G/E step after an exact D-step."""
    objective, lr = _require_objective(objective), require_positive("lr", lr)
    p_x, enc, q_z, dec = _stack([_check_toy("toy", toy)])
    enc, dec = _gradient_step(p_x, enc, q_z, dec, objective, lr)
    return DiscreteToy(toy.p_x, enc[0], toy.q_z, dec[0])


def trajectories(toys, steps: int, *, objective: str = "su_full", method: str = "gradient",
                 lr: float = 0.5, sweeps: int = 1) -> list:
    """Every toy of ``toys`` after 0, 1, ..., ``steps`` rounds of an exact D-step and a G/E step.

    ``method="gradient"`` takes :func:`gradient_step` on ``objective``;
    ``method="exact"`` takes :func:`exact_step` (Su's full objective only).
    Returns one list of ``steps + 1`` :class:`DiscreteToy` per toy; the toys run as one batch.
    """
    toys = [_check_toy("toys", t) for t in toys]
    steps, objective = require_positive_int("steps", steps), _require_objective(objective)
    lr = require_positive("lr", lr)
    if method not in ("gradient", "exact"):
        raise ValueError(f"method must be 'gradient' or 'exact', got {method!r}")
    if method == "exact" and objective != "su_full":
        raise ValueError(f"method='exact' minimises Su's full objective only, got objective={objective!r}")
    p_x, enc, q_z, dec = _stack(toys)
    states = [(enc, dec)]
    for _ in range(steps):
        enc, dec = (_exact_step(p_x, enc, q_z, dec, sweeps) if method == "exact"
                    else _gradient_step(p_x, enc, q_z, dec, objective, lr))
        states.append((enc, dec))
    return [[DiscreteToy(t.p_x, e[i], t.q_z, g[i]) for e, g in states] for i, t in enumerate(toys)]


def js_divergence(toy) -> float:
    """JS(p(x,z) ‖ q(x,z)) in nats: how far apart the encoder and decoder joints are (0 iff equal)."""
    p, q = _check_toy("toy", toy).p_xz.reshape(-1), toy.q_xz.reshape(-1)
    m = (0.5 * (p + q)).clamp_min(torch.finfo(p.dtype).tiny)  # cells where p = q = 0 add 0
    return (0.5 * torch.special.xlogy(p, p / m).sum() + 0.5 * torch.special.xlogy(q, q / m).sum()).item()
