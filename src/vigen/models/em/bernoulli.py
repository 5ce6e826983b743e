"""A mixture of independent Bernoullis (binarized digits), fitted by the EM of :mod:`vigen.models.em`.

Import it as ``vigen.models.em.BernoulliMixtureEM``.  It reuses the EM loop of
:mod:`vigen.models.em`: log q(x, z=k) is linear in phi(x) = [x, 1], so both steps are
matrix products.
"""
from __future__ import annotations

import torch
from torch.distributions import Bernoulli, Categorical, Independent, MixtureSameFamily

from vigen.core._validation import as_tensor, require_positive, require_positive_int, require_seed
from vigen.models.em._base import _EPS, _generator, _MixtureEM

__all__ = ["BernoulliMixtureEM"]


class BernoulliMixtureEM(_MixtureEM):
    """A mixture of K products of Bernoullis over binary vectors, fitted by EM.

    Parameters
    ----------
    n_components : int
        The number of components K (K = 1 is the independent-Bernoulli model).
    tol, max_iter, init, weights_init, seed
        As in :class:`vigen.models.em.GaussianMixtureEM` (seed=None: torch's global random state,
        reproducible after vg.seed_all); ``means_init`` has shape (K, d) with entries strictly between 0 and 1.
    alpha : float
        Smoothing of the means, > 0: the M-step is the MAP estimate under a
        Beta(1 + alpha, 1 + alpha) prior on every pixel (alpha = 1 is Laplace's
        add-one rule), so no mean is ever exactly 0 or 1 and log 0 never occurs.

    Notes
    -----
    q(x) = sum_k pi_k prod_j mu_kj^x_j (1 - mu_kj)^(1 - x_j).  The M-step is
    pi_k = N_k / n and mu_kj = (sum_n r_nk x_nj + alpha) / (N_k + 2 alpha).
    Because of the prior, the quantity EM never decreases is the mean
    log-likelihood plus (1/n) alpha sum_kj [log mu_kj + log(1 - mu_kj)]; that is
    what ``lower_bounds_`` records.  ``score`` is the plain log-likelihood.

    Examples
    --------
    >>> import torch
    >>> g = torch.Generator().manual_seed(0)
    >>> X = (torch.rand(300, 16, generator=g) < 0.3).double()
    >>> bm = BernoulliMixtureEM(3, seed=0).fit(X)
    >>> bool(torch.isfinite(bm.score_samples(X)).all())
    True
    """

    def __init__(self, n_components, *, tol=1e-3, max_iter=100, alpha=1.0, init="kmeans++",
                 weights_init=None, means_init=None, seed=None):
        super().__init__(n_components, tol=tol, max_iter=max_iter, init=init,
                         weights_init=weights_init, means_init=means_init, seed=seed)
        self.alpha = require_positive("alpha", alpha)

    def __repr__(self):
        state = (f"fitted: {self.n_iter_} iterations, mean log-lik {self.lower_bound_:.4f}"
                 if hasattr(self, "lower_bound_") else "not fitted")
        return f"BernoulliMixtureEM(n_components={self.n_components}, alpha={self.alpha:g}, {state})"

    def _check_X(self, X, fitting=False):
        X = super()._check_X(X, fitting)
        if not ((X == 0) | (X == 1)).all():
            raise ValueError("X must be binary (only 0 and 1): binarize it first, e.g. vigen.core.data.binarize")
        return X

    def _phi(self, X) -> torch.Tensor:
        """phi(x) = [x, 1], shape (D, n) with D = d + 1."""
        return torch.cat([X, torch.ones(len(X), 1, dtype=X.dtype)], 1).T

    def _eta(self) -> torch.Tensor:
        """log q(x, z=k) = x . logit(mu_k) + sum_j log(1 - mu_kj) + log pi_k, shape (K, D)."""
        mu = self.means_
        const = torch.log1p(-mu).sum(1) + self.weights_.log()
        return torch.cat([torch.logit(mu), const[:, None]], 1)

    def _set_from_stats(self, S):
        """M-step (MAP) from S = sum_n r_nk phi(x_n), shape (K, D)."""
        nk = S[:, -1] + _EPS
        self.weights_ = nk / nk.sum()
        self.means_ = (S[:, :-1] + self.alpha) / (nk[:, None] + 2 * self.alpha)

    def _log_prior(self) -> float:
        mu = self.means_
        return self.alpha * (mu.log() + torch.log1p(-mu)).sum().item()

    def _apply_user_init(self, d):
        super()._apply_user_init(d)
        K = self.n_components
        if self.means_init is not None:
            mu = as_tensor("means_init", self.means_init)
            if mu.shape != (K, d) or not ((mu > 0) & (mu < 1)).all():
                raise ValueError(f"means_init must have shape ({K}, {d}) with entries strictly in (0, 1)")
            self.means_ = mu

    def distribution(self) -> MixtureSameFamily:
        """The fitted q(x) as a ``torch.distributions`` mixture."""
        self._dim()
        return MixtureSameFamily(Categorical(probs=self.weights_), Independent(Bernoulli(probs=self.means_), 1))

    def sample(self, n_samples=1, *, seed=None):
        """Draw ``(X, z)``: ``n_samples`` binary rows of shape (n, d) and their components.

        ``seed``: an int, or None: torch's global random state (reproducible after vg.seed_all).
        """
        n = require_positive_int("n_samples", n_samples)
        gen = _generator(require_seed("seed", seed))
        z = torch.multinomial(self.weights_, n, replacement=True, generator=gen)
        return torch.bernoulli(self.means_[z], generator=gen), z
