"""Importance-weighted estimates of log q(x) for latent-variable models (Burda et al. 2016).

For a model with an encoder p(z|x), a prior q(z) and a decoder q(x|z), every draw
z_i ~ p(z|x) gives a weight w_i = q(x, z_i) / p(z_i|x) with E[w_i] = q(x).  The
k-sample bound

    L_k(x) = E[ log (1/k) sum_{i=1..k} w_i ]   (chapter 2's importance-weighted bound)

is a lower bound on log q(x) by Jensen's inequality; L_1 is the ELBO, and L_k
increases with k towards log q(x).  The weights are drawn in chunks, so k = 5000
samples for a few hundred images need only one chunk's activations in memory.
"""
from __future__ import annotations

import math

import torch

from vigen.core._validation import require_positive_int, require_seed, seeded

__all__ = ["log_weights", "iw_bound", "log_likelihood", "log_likelihood_table"]


def _check_model(model):
    needed = ("p_z_given_x", "q_z", "q_x_given_z", "validate_x")
    missing = [name for name in needed if not hasattr(model, name)]
    if missing:
        raise TypeError(f"model must define {', '.join(needed)}; {type(model).__name__} lacks "
                        f"{', '.join(missing)}")


@torch.no_grad()
def log_weights(model, x, k: int, *, chunk_size: int = 250, batch_size: int = 128,
                seed: int | None = 0) -> torch.Tensor:
    """log w_i = log q(x, z_i) - log p(z_i|x) for k draws z_i ~ p(z|x) per row of x.

    Parameters
    ----------
    model : VAE-like
        Has ``p_z_given_x(x)``, ``q_z()``, ``q_x_given_z(z)`` (returning
        ``torch.distributions`` objects) and ``validate_x(x)``.
    x : Tensor of shape (n, d)
    k : int
        Draws per row.
    chunk_size, batch_size : int
        At most ``chunk_size`` draws for ``batch_size`` rows go through the decoder at once.
    seed : int or None
        Seeds the draws (:func:`vigen.core.train.seed_all`).

    Returns
    -------
    Tensor of shape (k, n), on the CPU.

    Raises
    ------
    ValueError
        If ``k``, ``chunk_size`` or ``batch_size`` is not a positive int, or ``x``
        does not fit the model (shape, or data range of a Bernoulli decoder).
    """
    _check_model(model)
    k = require_positive_int("k", k)
    chunk_size = require_positive_int("chunk_size", chunk_size)
    batch_size = require_positive_int("batch_size", batch_size)
    seed = require_seed("seed", seed)
    x = model.validate_x(x)
    was_training = model.training
    model.eval()
    out = []
    with seeded(seed, x.device):
        q_z = model.q_z()
        for rows in x.split(batch_size):
            p_z_given_x = model.p_z_given_x(rows)
            parts = []
            for start in range(0, k, chunk_size):
                z = p_z_given_x.sample((min(chunk_size, k - start),))  # (c, b, latent)
                parts.append(model.q_x_given_z(z).log_prob(rows) + q_z.log_prob(z) - p_z_given_x.log_prob(z))
            out.append(torch.cat(parts).cpu())                          # (k, b)
    model.train(was_training)
    return torch.cat(out, dim=1)                                        # (k, n)


def iw_bound(log_w: torch.Tensor, k: int) -> torch.Tensor:
    """Estimate L_k, chapter 2's importance-weighted bound above, per row from K >= k stored log-weights, shape (n,).

    The K draws are cut into K // k disjoint groups of k; each group gives one
    unbiased draw of log (1/k) sum w_i, and the groups are averaged.  ``k`` must divide K.

    Examples
    --------
    >>> log_w = torch.log(torch.tensor([[1.0], [3.0]]))  # 2 weights, 1 row
    >>> iw_bound(log_w, 2)                               # log of their mean
    tensor([0.6931])
    """
    k = require_positive_int("k", k)
    if log_w.shape[0] % k:
        raise ValueError(f"k must divide the number of stored weights {log_w.shape[0]}, got {k}")
    return _iw_bound(log_w, k)


def _iw_bound(log_w: torch.Tensor, k: int) -> torch.Tensor:
    total = log_w.shape[0]
    groups = log_w.reshape(total // k, k, -1)                   # (K/k, k, n)
    return (torch.logsumexp(groups, dim=1) - math.log(k)).mean(dim=0)


def log_likelihood(model, x, k: int = 5000, **kwargs) -> torch.Tensor:
    """The k-sample importance-weighted estimate of log q(x), one value per row (nats).

    ``kwargs`` go to :func:`log_weights` (``chunk_size``, ``batch_size``, ``seed``).

    Notes
    -----
    log q(x) ≈ log (1/k) sum_{i=1..k} q(x, z_i) / p(z_i|x),  z_i ~ p(z|x).
    """
    return _iw_bound(log_weights(model, x, k, **kwargs), k)


def log_likelihood_table(model, x, ks=(1, 100, 1000, 5000), **kwargs) -> dict:
    """Mean estimate of log q(x) over the rows of ``x`` for each k in ``ks``, from one set of draws.

    ``max(ks)`` weights are drawn per row and every k must divide that number; the
    smaller k reuse them in disjoint groups (:func:`iw_bound`), so the table costs
    one pass.  Returns ``{k: mean nats per row}``.
    """
    ks = tuple(require_positive_int("ks", k) for k in ks)
    if not ks:
        raise ValueError("ks must hold at least one k")
    k_max = max(ks)
    bad = [k for k in ks if k_max % k]
    if bad:
        raise ValueError(f"ks must divide max(ks) = {k_max}, got {bad}")
    log_w = log_weights(model, x, k_max, **kwargs)
    return {k: _iw_bound(log_w, k).mean().item() for k in ks}
