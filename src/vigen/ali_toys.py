"""Exact discrete toys of chapter 6: x and z take a few values, every distribution is a table.

With :class:`vigen.toys.DiscreteToy` holding p̃(x), the encoder p(z|x), the
prior q(z) and the decoder q(x|z), everything in :mod:`vigen.ali` can be
computed exactly: the labelled KL of Su's derivation, its split into the kept
G/E term and the two dropped KL terms (eq:ali-su-split), and the exact
("proximal") G/E step of either objective.
"""
from __future__ import annotations

import math

import torch

from ._validation import as_tensor
from .adversarial import optimal_discriminator
from .ali import _check_objective
from .kl import kl_discrete
from .toys import DiscreteToy

__all__ = ["labelled_kl", "ge_loss_exact", "su_split", "proximal_step"]

def _tables(toy):
    """(p, q, D*) as (nx, nz) float64 tables of a :class:`vigen.toys.DiscreteToy`."""
    if not isinstance(toy, DiscreteToy):
        raise TypeError(f"toy must be a vigen.toys.DiscreteToy, got {type(toy).__name__}")
    return toy.p_xz, toy.q_xz, optimal_discriminator(toy.p_xz, toy.q_xz)


def labelled_kl(toy, old) -> torch.Tensor:
    """KL( ½ p(x,z) [y=1] + ½ q(x,z) [y=0]  ‖  D°_y(x,z) p°(x,z) ), from its definition.

    ``toy`` holds the current encoder and decoder tables, ``old`` the previous ones,
    which fix D° = p°/(p° + q°) and p°.

    Examples
    --------
    >>> new, old = DiscreteToy.random(3, 2, seed=0), DiscreteToy.random(3, 2, seed=1)
    >>> parts = su_split(new, old)
    >>> bool(abs(labelled_kl(new, old) - sum(parts.values())) < 1e-12)   # (eq:ali-su-split)
    True
    """
    p, q, _ = _tables(toy)
    p_old, _, d_old = _tables(old)
    r = torch.stack([0.5 * q, 0.5 * p])                  # (2, nx, nz): r[y, x, z]
    s = torch.stack([(1 - d_old) * p_old, d_old * p_old])
    return kl_discrete(r.reshape(-1), s.reshape(-1))


def ge_loss_exact(toy, d_table, *, objective: str = "su") -> torch.Tensor:
    """The kept G/E term on tables: -E_p log D - E_q log D (Su) or -E_p log(1-D) - E_q log D."""
    objective = _check_objective(objective)
    p, q, _ = _tables(toy)
    d = as_tensor("d_table", d_table)
    if d.shape != p.shape:
        raise ValueError(f"d_table must have shape {tuple(p.shape)}, got {tuple(d.shape)}")
    if not ((d > 0) & (d < 1)).all():
        raise ValueError("d_table must hold probabilities strictly between 0 and 1")
    enc = -(p * (d.log() if objective == "su" else (1 - d).log())).sum()
    return enc - (q * d.log()).sum()


def su_split(toy, old) -> dict:
    """The right-hand side of (eq:ali-su-split), term by term.

    Returns ``{"const": -log 2, "kept": ½ (Su's loss), "kl_p": ½ KL(p‖p°), "kl_q": ½ KL(q‖q°)}``;
    their sum equals :func:`labelled_kl`.
    """
    p, q, _ = _tables(toy)
    p_old, q_old, d_old = _tables(old)
    return {"const": -math.log(2.0), "kept": 0.5 * ge_loss_exact(toy, d_old, objective="su"),
            "kl_p": 0.5 * kl_discrete(p.reshape(-1), p_old.reshape(-1)),
            "kl_q": 0.5 * kl_discrete(q.reshape(-1), q_old.reshape(-1))}


def proximal_step(toy, *, objective: str = "su"):
    """Exact minimiser of the G/E loss + KL(p‖p°) + KL(q‖q°), with D = D* of ``toy``.

    The encoder moves to p(z|x) ∝ p°(z|x) D (Su) or p°(z|x) (1 - D) (standard);
    the decoder to q(x|z) ∝ q°(x|z) D.  Returns a new ``DiscreteToy``.
    """
    objective = _check_objective(objective)
    _, _, d = _tables(toy)
    enc = _renormalise(toy.p_z_given_x * (d if objective == "su" else 1 - d), toy.p_z_given_x)
    dec = _renormalise(toy.q_x_given_z * d.T, toy.q_x_given_z)
    return DiscreteToy(toy.p_x, enc, toy.q_z, dec)


def _renormalise(rows: torch.Tensor, old: torch.Tensor) -> torch.Tensor:
    # A row whose weights all underflowed to 0 (the joints have separated completely) has no
    # minimiser; it keeps its old conditional.
    total = rows.sum(1, keepdim=True)
    return torch.where(total > 0, rows / total.clamp_min(torch.finfo(rows.dtype).tiny), old)
