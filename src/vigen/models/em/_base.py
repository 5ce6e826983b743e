"""The EM loop that the mixtures of chapter 3 share: E-step, M-step, bound, convergence.

:class:`vigen.models.em.GaussianMixtureEM` and :class:`vigen.models.em.BernoulliMixtureEM` subclass
``_MixtureEM`` and supply the feature map phi, the natural parameters eta and the M-step.
"""
from __future__ import annotations

import math
import warnings
from contextlib import contextmanager

import torch

from vigen.core._validation import (
    require_data_matrix,
    require_nonnegative,
    require_positive_int,
    require_probability_table,
    require_seed,
)

_EPS = 10 * torch.finfo(torch.float64).eps  # added to N_k, as scikit-learn does: an empty component stays finite


class ConvergenceWarning(UserWarning):
    """EM stopped at ``max_iter`` before the change of the bound fell below ``tol``."""


class _MixtureEM:
    """The EM loop shared by the mixtures; subclasses supply phi, eta and the M-step."""

    _inits = ("kmeans++", "random")

    def __init__(self, n_components, *, tol, max_iter, init, weights_init, means_init, seed):
        self.n_components = require_positive_int("n_components", n_components)
        self.tol = require_nonnegative("tol", tol)
        self.max_iter = require_positive_int("max_iter", max_iter)
        if init not in self._inits:
            raise ValueError(f"init must be one of {self._inits}, got {init!r}")
        self.init, self.seed = init, require_seed("seed", seed)
        self.weights_init, self.means_init = weights_init, means_init

    # ---- the two steps, as the chapter writes them --------------------------------
    def log_q_xz(self, X) -> torch.Tensor:
        """log q(x, z=k) for each row of ``X``: a tensor of shape (n, K)."""
        phi = self._phi(self._check_X(X))
        return (self._eta() @ phi).T

    def features(self, X) -> torch.Tensor:
        """The feature vectors phi(x) of ``X``, shape (D, n), with log q(x, z=k) = eta_k . phi(x)."""
        return self._phi(self._check_X(X))

    def natural_params(self) -> torch.Tensor:
        """The natural parameters eta, shape (K, D), with log q(x, z=k) = eta_k . phi(x)."""
        self._dim()
        return self._eta()

    def e_step(self, X) -> torch.Tensor:
        """E-step: the responsibilities p(z|x) = q(z|x), shape (n, K), computed in log space."""
        return torch.softmax(self.log_q_xz(X), dim=1)

    def m_step(self, X, resp) -> "_MixtureEM":
        """M-step: maximise sum_n sum_k p(z=k|x_n) log q(x_n, z=k) (+ log prior) over q."""
        X = self._check_X(X, fitting=not hasattr(self, "means_"))
        resp = require_probability_table("resp", resp, axis=1, atol=1e-6)
        if resp.shape != (len(X), self.n_components):
            raise ValueError(f"resp must have shape {(len(X), self.n_components)}, got {tuple(resp.shape)}")
        self._set_from_stats(resp.T @ self._phi(X).T)
        return self

    def elbo(self, X, resp) -> float:
        """Mean bound E_{x~p̃} sum_z p(z|x) [log q(x,z) - log p(z|x)] for given p(z|x)."""
        resp = require_probability_table("resp", resp, axis=1, atol=1e-6)
        terms = resp * self.log_q_xz(X) - torch.special.xlogy(resp, resp)
        return terms.sum(1).mean().item()

    # ---- fitting ------------------------------------------------------------------
    def fit(self, X) -> "_MixtureEM":
        """Run EM from the initialisation until the bound changes by less than ``tol``.

        Records ``lower_bounds_`` (the bound at each E-step, i.e. the mean log-likelihood
        before the M-step, as scikit-learn does), ``n_iter_`` and ``converged_``.
        """
        X = self.initialize(X)
        phi = self._phi(X)                                    # (D, n), log q(x, z=k) = eta_k . phi(x)
        buf = phi.new_empty(self.n_components, len(X))        # (K, n), reused by every E-step
        self.lower_bounds_, self.converged_, bound = [], False, -math.inf
        with _one_thread():
            for self.n_iter_ in range(1, self.max_iter + 1):
                prev = bound
                # E-step (chapter 3, "the E-step closes the gap"): p(z|x) = q(x, z) / q(x) = q(z|x),
                # so the bound B(p, q) equals the mean log-likelihood E_{x~p̃} log q(x)
                q_xz, q_x, bound = self._e_step(phi, out=buf)
                # M-step: maximise E_{x~p̃} Σ_z p(z|x) log q(x, z) over q, in closed form
                self._m_step(phi, q_xz, q_x)
                # the bound: record this iteration's, taken at its E-step as scikit-learn does
                self.lower_bounds_.append(bound)
                change = abs(bound - prev)
                if change < self.tol:
                    self.converged_ = True
                    break
        self.lower_bound_ = bound
        if not self.converged_:
            warnings.warn(f"{type(self).__name__} did not converge in max_iter={self.max_iter} iterations "
                          f"(last change {change:.2g}, tol={self.tol:g}): increase max_iter or tol, "
                          "or try another seed or init.", ConvergenceWarning, stacklevel=2)
        return self

    def _e_step(self, phi, out):
        """The E-step of ``fit`` on the features ``phi`` (D, n): returns q(x, z), q(x) and the bound.

        q(x, z) (K, n), written into ``out``, and q(x) (n,) are both divided by max_k q(x, z)
        per point: p(z|x) = q(x, z) / q(x) is unchanged and exp cannot overflow.  The bound is
        the mean log-likelihood (1/n) sum_n log q(x_n), plus (1/n) log prior where there is one.
        """
        log_q = torch.mm(self._eta(), phi, out=out)           # (K, n)  log q(x, z=k)
        top = log_q.amax(0)
        # exp(x) for x < -708 is subnormal or 0 and ~20x slower; exp(-700) ~ 1e-304 is 0 here
        q_xz = log_q.sub_(top).clamp_min_(-700.0).exp_()      # q(x, z) / exp(top)
        q_x = q_xz.sum(0)                                     # q(x) / exp(top)
        bound = (top + q_x.log()).mean().item() + self._log_prior() / phi.shape[1]
        return q_xz, q_x, bound

    def _m_step(self, phi, q_xz, q_x):
        """The M-step of ``fit`` from sum_n p(z=k|x_n) phi(x_n), with p(z|x) = q_xz / q_x.

        The division by q(x) is folded into phi, which has D rows, rather than q_xz, which has K.
        """
        self._set_from_stats(q_xz @ (phi / q_x).T)            # (K, D)

    def initialize(self, X) -> torch.Tensor:
        """Set the initial parameters (``init``, then any user ``*_init``) without iterating.

        ``fit`` starts with it; call it yourself to run the steps by hand.
        Returns ``X`` as a validated float64 tensor.
        """
        X = self._check_X(X, fitting=True)
        n, K = len(X), self.n_components
        gen = _generator(self.seed)
        if self.init == "random":
            resp = torch.rand(n, K, generator=gen, dtype=torch.float64)
            resp /= resp.sum(1, keepdim=True)
        else:
            resp = torch.nn.functional.one_hot(_kmeans_pp_labels(X, K, gen), K).double()
        self._set_from_stats(resp.T @ self._phi(X).T)
        self._apply_user_init(X.shape[1])
        return X

    # ---- scoring (scikit-learn's names) ---------------------------------------------
    def score_samples(self, X) -> torch.Tensor:
        """log q(x) for each row of ``X``, shape (n,)."""
        return torch.logsumexp(self.log_q_xz(X), dim=1)

    def score(self, X) -> float:
        """Mean log-likelihood (1/n) sum_n log q(x_n), in nats."""
        return self.score_samples(X).mean().item()

    def predict_proba(self, X) -> torch.Tensor:
        """The posterior q(z|x), shape (n, K)."""
        return self.e_step(X)

    def predict(self, X) -> torch.Tensor:
        """The most probable component of each row."""
        return self.e_step(X).argmax(1)

    def _check_X(self, X, fitting=False) -> torch.Tensor:
        dim = None if fitting else self._dim()
        X = require_data_matrix("X", X, dim=dim, dtype=torch.float64)
        if fitting and self.n_components > len(X):
            raise ValueError(f"n_components={self.n_components} must not exceed the number of samples "
                             f"n={len(X)}")
        return X

    def _dim(self):
        if not hasattr(self, "means_"):
            raise RuntimeError(f"{type(self).__name__} is not fitted yet: call fit(X) first")
        return self.means_.shape[1]

    def _log_prior(self) -> float:
        return 0.0

    def _apply_user_init(self, d):
        """Override the initial weights with ``weights_init``; subclasses add their own ``*_init``."""
        if self.weights_init is not None:
            self.weights_ = require_probability_table("weights_init", self.weights_init)
            if self.weights_.shape != (self.n_components,):
                raise ValueError(f"weights_init must have shape ({self.n_components},), "
                                 f"got {tuple(self.weights_.shape)}")


@contextmanager
def _one_thread():
    """Run torch on one thread, then restore the setting (as scikit-learn's KMeans limits BLAS).

    The loop's operations are short and memory-bound: two threads gain little, and
    when another process holds one of two cores they wait on each other and
    were 20 times slower in our measurements (chapter 3).
    """
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _generator(seed) -> torch.Generator:
    """A generator seeded by ``seed``; seed=None: torch's global random state (reproducible after vg.seed_all).

    With None the seed is one draw from torch's global generator, so ``vg.seed_all`` (or
    ``torch.manual_seed``) beforehand makes the result reproducible.
    """
    return torch.Generator().manual_seed(seed if seed is not None else int(torch.randint(2**62, ()).item()))


def _kmeans_pp_labels(X, k, gen) -> torch.Tensor:
    """Seed k centres by D² sampling (k-means++) and label each row by its nearest centre."""
    centers = X[torch.randint(len(X), (1,), generator=gen)]
    d2 = ((X - centers) ** 2).sum(1)
    for _ in range(1, k):
        weights = d2 if d2.sum() > 0 else torch.ones_like(d2)  # all rows equal: pick uniformly
        new = X[torch.multinomial(weights, 1, generator=gen)]
        centers = torch.cat([centers, new])
        d2 = torch.minimum(d2, ((X - new) ** 2).sum(1))
    return torch.cdist(X, centers).argmin(1)


def _tri(d):
    return torch.triu_indices(d, d)
