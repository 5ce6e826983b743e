"""EM for mixtures: coordinate ascent on the joint KL of chapter 3.

With a discrete latent z (the component) the joint KL splits as

    KL(p(x,z) || q(x,z)) = KL(p̃(x) || q(x)) + E_{x~p̃} KL(p(z|x) || q(z|x)),

and EM minimises it one side at a time:

* **E-step** (fix q, optimise p): set p(z|x) = q(z|x), which closes the gap;
* **M-step** (fix p, optimise q): maximise E_{x~p̃} sum_z p(z|x) log q(x,z).

Both mixtures here are exponential families in a feature map phi(x), so
log q(x, z=k) = eta_k . phi(x) is linear in phi.  The E-step is then one
matrix product (K, D) @ (D, n) followed by a log-sum-exp over k, and the M-step
needs only the expected statistics sum_n p(z=k|x_n) phi(x_n), a second matrix
product.  For the Gaussian phi(x) = [x x^T (upper triangle), x, 1]: this avoids
the (n, K, d) array of differences x - mu_k that a direct implementation builds.
"""
from __future__ import annotations

import math

import torch
from torch.distributions import Categorical, MixtureSameFamily, MultivariateNormal

from vigen.core._validation import (
    as_tensor,
    require_data_matrix,
    require_nonnegative,
    require_positive_int,
    require_seed,
)
from vigen.models.em._base import _EPS, _generator, _MixtureEM, _tri

__all__ = ["GaussianMixtureEM", "FRAMEWORK"]

FRAMEWORK = {
    "model": "EM (mixtures)",
    "latent": "the component z ∈ {1, …, K}",
    "first_slot": "p(x,z) = p̃(x) p(z|x), a free table per data point",
    "second_slot": "q(x,z) = q(x|z) q(z), the mixture",
    "kl": "KL(p(x,z) ‖ q(x,z)), minimised one side at a time",
    "learned": "E-step: p(z|x) = q(z|x) exactly; M-step: q in closed form",
    "approximated": "nothing: both steps are exact (it stops at a stationary point, not always the best one)",
}
"""This model's row of the closing table (chapter 7)."""

class GaussianMixtureEM(_MixtureEM):
    """A Gaussian mixture with full covariances fitted by EM (float64, log space).

    Parameters
    ----------
    n_components : int
        The number of components K.
    tol : float
        Stop when the mean log-likelihood changes by less than ``tol``.
    max_iter : int
        The most EM iterations; a :class:`ConvergenceWarning` is raised if reached.
    reg_covar : float
        Added to the diagonal of every covariance (keeps a collapsing component invertible).
    init : {"kmeans++", "random"}
        Initial responsibilities: nearest of k-means++ seeds, or uniform random.
    weights_init, means_init, precisions_init : array-like, optional
        Override the initial weights (K,), means (K, d) and precision matrices (K, d, d),
        with scikit-learn's meaning.
    seed : int or None
        Seed of the initialisation; None: torch's global random state (reproducible after vg.seed_all).

    Notes
    -----
    q(x) = sum_k pi_k N(x | mu_k, Sigma_k).  The M-step is
    pi_k = N_k / n, mu_k = sum_n r_nk x_n / N_k,
    Sigma_k = sum_n r_nk (x_n - mu_k)(x_n - mu_k)^T / N_k + reg_covar I,
    with r_nk = p(z=k|x_n) and N_k = sum_n r_nk.  Data are centred on their mean
    before the quadratic features are formed, which keeps the expansion
    -(x - mu)^T P (x - mu)/2 = eta . phi(x) accurate.

    Examples
    --------
    >>> import torch
    >>> left = torch.randn(200, 2, dtype=torch.float64) - 3
    >>> right = torch.randn(200, 2, dtype=torch.float64) + 3
    >>> X = torch.cat([left, right])
    >>> gm = GaussianMixtureEM(2, seed=0).fit(X)
    >>> sorted(round(m) for m in gm.means_[:, 0].tolist())
    [-3, 3]
    """

    def __init__(self, n_components, *, tol=1e-3, max_iter=100, reg_covar=1e-6, init="kmeans++",
                 weights_init=None, means_init=None, precisions_init=None, seed=None):
        super().__init__(n_components, tol=tol, max_iter=max_iter, init=init,
                         weights_init=weights_init, means_init=means_init, seed=seed)
        self.reg_covar = require_nonnegative("reg_covar", reg_covar)
        self.precisions_init = precisions_init

    def __repr__(self):
        state = (f"fitted: {self.n_iter_} iterations, mean log-lik {self.lower_bound_:.4f}"
                 if hasattr(self, "lower_bound_") else "not fitted")
        return f"GaussianMixtureEM(n_components={self.n_components}, covariance='full', {state})"

    @property
    def precisions_(self) -> torch.Tensor:
        """The precision matrices Sigma_k^{-1}, shape (K, d, d)."""
        return self.precisions_cholesky_ @ self.precisions_cholesky_.mT

    def _phi(self, X) -> torch.Tensor:
        """phi(x) = [x_i x_j for i <= j, x, 1] of the centred data, shape (D, n)."""
        Xc = X - self._center
        i, j = _tri(X.shape[1])
        return torch.cat([Xc[:, i] * Xc[:, j], Xc, torch.ones(len(X), 1, dtype=X.dtype)], 1).T

    def _eta(self) -> torch.Tensor:
        """Natural parameters: log q(x, z=k) = eta_k . phi(x), shape (K, D)."""
        d = self.means_.shape[1]
        P, m = self.precisions_, self.means_ - self._center
        i, j = _tri(d)
        quad = (-0.5 * P * (2 - torch.eye(d, dtype=P.dtype)))[:, i, j]   # x_i x_j counted once for i < j
        lin = (P @ m[:, :, None])[:, :, 0]                                # P mu
        half_logdet = self.precisions_cholesky_.diagonal(dim1=1, dim2=2).log().sum(1)
        const = -0.5 * (m * lin).sum(1) + half_logdet - 0.5 * d * math.log(2 * math.pi) + self.weights_.log()
        return torch.cat([quad, lin, const[:, None]], 1)

    def _set_from_stats(self, S):
        """M-step from S = sum_n r_nk phi(x_n), shape (K, D)."""
        K, D = S.shape
        d = int(round((math.sqrt(9 + 8 * (D - 1)) - 3) / 2))              # D = d(d+1)/2 + d + 1
        nk = S[:, -1] + _EPS
        mean_c = S[:, -1 - d:-1] / nk[:, None]
        i, j = _tri(d)
        second = torch.zeros(K, d, d, dtype=S.dtype)
        second[:, i, j] = S[:, :len(i)] / nk[:, None]
        second = second + second.mT - torch.diag_embed(second.diagonal(dim1=1, dim2=2))
        cov = second - mean_c[:, :, None] * mean_c[:, None, :] + self.reg_covar * torch.eye(d, dtype=S.dtype)
        chol, info = torch.linalg.cholesky_ex(cov)
        if info.any():
            raise ValueError("fitting failed: a component's covariance is not positive definite "
                             "(collapsed or duplicated points); increase reg_covar or reduce n_components")
        self.weights_, self.means_, self.covariances_ = nk / nk.sum(), mean_c + self._center, cov
        eye = torch.eye(d, dtype=S.dtype).expand(K, d, d)
        self.precisions_cholesky_ = torch.linalg.solve_triangular(chol, eye, upper=False).mT

    def _check_X(self, X, fitting=False):
        X = super()._check_X(X, fitting)
        if fitting:
            self._center = X.mean(0)
        return X

    def _apply_user_init(self, d):
        super()._apply_user_init(d)
        K = self.n_components
        if self.means_init is not None:
            self.means_ = require_data_matrix("means_init", self.means_init, dim=d, dtype=torch.float64)
            if len(self.means_) != K:
                raise ValueError(f"means_init must have shape ({K}, {d}), got {tuple(self.means_.shape)}")
        if self.precisions_init is not None:
            P = as_tensor("precisions_init", self.precisions_init)
            if P.shape != (K, d, d) or not torch.isfinite(P).all():
                raise ValueError(f"precisions_init must be a finite array of shape ({K}, {d}, {d}), "
                                 f"got shape {tuple(P.shape)}")
            chol, info = torch.linalg.cholesky_ex(P)
            if info.any() or not torch.allclose(P, P.mT, rtol=1e-10, atol=0):
                raise ValueError("precisions_init must hold symmetric positive-definite matrices")
            self.precisions_cholesky_, self.covariances_ = chol, torch.cholesky_inverse(chol)

    def distribution(self) -> MixtureSameFamily:
        """The fitted q(x) as a ``torch.distributions`` mixture."""
        self._dim()
        return MixtureSameFamily(Categorical(probs=self.weights_),
                                 MultivariateNormal(self.means_, scale_tril=torch.linalg.cholesky(self.covariances_)))

    def sample(self, n_samples=1, *, seed=None):
        """Draw ``(X, z)``: ``n_samples`` points of shape (n, d) and their components.

        ``seed``: an int, or None: torch's global random state (reproducible after vg.seed_all).
        """
        n = require_positive_int("n_samples", n_samples)
        gen = _generator(require_seed("seed", seed))
        z = torch.multinomial(self.weights_, n, replacement=True, generator=gen)
        eps = torch.randn(n, self._dim(), 1, generator=gen, dtype=torch.float64)
        return self.means_[z] + (torch.linalg.cholesky(self.covariances_)[z] @ eps)[:, :, 0], z


