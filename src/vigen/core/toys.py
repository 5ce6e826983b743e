"""Two toy models where every KL of chapter 1 is computable exactly.

* :class:`DiscreteToy`: x and z take finitely many values and every
  distribution is a table, so chapter 1's chain rule can be checked to float64 precision.
* :class:`LinearGaussianToy`: ``z ~ N(0, 1)``, ``x|z ~ N(a z + b, s²)`` with a
  Gaussian data distribution and a linear-Gaussian encoder, so every term has
  a closed form and a Monte-Carlo twin.

Both register their exact decomposition with :func:`vigen.core.kl.joint_kl`.
"""
from __future__ import annotations

import torch
from torch import nn
from torch.distributions import MultivariateNormal, Normal, kl_divergence

from vigen.core._validation import (
    as_tensor,
    require_positive,
    require_positive_int,
    require_probability_table,
    require_seed,
    seed_generator,
)
from vigen.core.kl import Decomposition, kl_discrete, kl_normal, register_joint_kl
from vigen.core.train import TrainConfig

__all__ = ["DiscreteToy", "LinearGaussianToy", "LinearGaussianModel", "LINEAR_GAUSSIAN_FIT"]


class DiscreteToy:
    """Joint tables p(x,z) = p̃(x) p(z|x) and q(x,z) = q(z) q(x|z).

    Parameters
    ----------
    p_x : array-like of shape (nx,)
        The data distribution p̃(x).
    p_z_given_x : array-like of shape (nx, nz)
        The encoder p(z|x); each row sums to one.
    q_z : array-like of shape (nz,)
        The prior q(z).
    q_x_given_z : array-like of shape (nz, nx)
        The decoder q(x|z); each row sums to one.
    """

    def __init__(self, p_x, p_z_given_x, q_z, q_x_given_z):
        self.p_x = require_probability_table("p_x", p_x)
        self.p_z_given_x = require_probability_table("p_z_given_x", p_z_given_x, axis=-1)
        self.q_z = require_probability_table("q_z", q_z)
        self.q_x_given_z = require_probability_table("q_x_given_z", q_x_given_z, axis=-1)
        nx, nz = self.p_x.numel(), self.q_z.numel()
        for name, table, shape in (("p_x", self.p_x, (nx,)), ("q_z", self.q_z, (nz,)),
                                   ("p_z_given_x", self.p_z_given_x, (nx, nz)),
                                   ("q_x_given_z", self.q_x_given_z, (nz, nx))):
            if tuple(table.shape) != shape:
                raise ValueError(f"{name} must have shape {shape}, got {tuple(table.shape)}")

    @classmethod
    def random(cls, nx: int, nz: int, *, seed: int | None = 0, concentration: float = 1.0) -> "DiscreteToy":
        """Tables drawn from a symmetric Dirichlet; a fixed ``seed`` gives fixed tables
        (:func:`vigen.core.train.seed_all`)."""
        nx, nz = require_positive_int("nx", nx), require_positive_int("nz", nz)
        concentration = require_positive("concentration", concentration)
        g = seed_generator(require_seed("seed", seed))

        def dirichlet(*shape):
            gamma = torch._standard_gamma(torch.full(shape, concentration, dtype=torch.float64),
                                          generator=g)
            return gamma / gamma.sum(-1, keepdim=True)

        return cls(dirichlet(nx), dirichlet(nx, nz), dirichlet(nz), dirichlet(nz, nx))

    def __repr__(self):
        nx, nz = self.p_z_given_x.shape
        return f"DiscreteToy(nx={nx}, nz={nz})"

    # joints, marginals and conditionals, each as a table indexed [x, z]
    @property
    def p_xz(self) -> torch.Tensor:
        """p(x,z) = p̃(x) p(z|x), shape (nx, nz)."""
        return self.p_x[:, None] * self.p_z_given_x

    @property
    def q_xz(self) -> torch.Tensor:
        """q(x,z) = q(z) q(x|z), shape (nx, nz)."""
        return (self.q_z[:, None] * self.q_x_given_z).T

    @property
    def q_x(self) -> torch.Tensor:
        """q(x) = sum_z q(x,z), shape (nx,)."""
        return self.q_xz.sum(dim=1)

    @property
    def q_z_given_x(self) -> torch.Tensor:
        """The model's true posterior q(z|x) = q(x,z) / q(x), shape (nx, nz)."""
        return self.q_xz / self.q_x[:, None]

    def with_encoder(self, p_z_given_x) -> "DiscreteToy":
        """The same model and data with another encoder p(z|x)."""
        return DiscreteToy(self.p_x, p_z_given_x, self.q_z, self.q_x_given_z)

    def with_true_posterior(self) -> "DiscreteToy":
        """The encoder set to the model's posterior, p(z|x) = q(z|x): the gap closes."""
        return self.with_encoder(self.q_z_given_x)

    def decomposition(self) -> Decomposition:
        """The three terms of chapter 1's chain rule, each computed from its own definition."""
        joint = kl_discrete(self.p_xz, self.q_xz)
        marginal = kl_discrete(self.p_x, self.q_x)
        gap = (self.p_x * kl_discrete(self.p_z_given_x, self.q_z_given_x, axis=-1)).sum()
        return Decomposition(joint.item(), marginal.item(), gap.item())

    # sampling interface used by the Monte-Carlo fallback of joint_kl
    def sample_p(self, n: int, *, generator: torch.Generator | None = None):
        """Draw (x, z) ~ p(x, z) as two integer tensors of shape (n,)."""
        flat = torch.multinomial(self.p_xz.reshape(-1), n, replacement=True, generator=generator)
        return flat // self.p_xz.shape[1], flat % self.p_xz.shape[1]

    def log_p_joint(self, x, z):
        return self.p_xz[x, z].log()

    def log_q_joint(self, x, z):
        return self.q_xz[x, z].log()


@register_joint_kl(DiscreteToy)
def _joint_kl_discrete(model: DiscreteToy) -> Decomposition:
    return model.decomposition()


class LinearGaussianToy:
    """The linear-Gaussian model of chapter 1, with every KL in closed form.

    Model side (q):  ``z ~ N(0, 1)``,  ``x | z ~ N(a z + b, s²)``, hence
    ``q(x) = N(b, a² + s²)`` and ``q(z|x) = N(a (x - b) / (a² + s²), s² / (a² + s²))``.

    Data side (p):  ``p̃(x) = N(data_loc, data_scale²)`` and the encoder
    ``p(z|x) = N(enc_slope x + enc_shift, enc_scale²)``.

    Parameters may be floats or 0-d tensors (then gradients flow through every
    closed form, which chapter 1 uses to minimise the joint KL directly).
    """

    def __init__(self, a=1.0, b=0.0, s=0.5, data_loc=0.0, data_scale=1.0,
                 enc_slope=0.0, enc_shift=0.0, enc_scale=1.0):
        for name, value in (("s", s), ("data_scale", data_scale), ("enc_scale", enc_scale)):
            if not isinstance(value, torch.Tensor):
                require_positive(name, value)
            elif not (value > 0).all():
                raise ValueError(f"{name} must be positive, got {value}")
        names = ("a", "b", "s", "data_loc", "data_scale", "enc_slope", "enc_shift", "enc_scale")
        for name, value in zip(names, (a, b, s, data_loc, data_scale, enc_slope, enc_shift, enc_scale)):
            t = value if isinstance(value, torch.Tensor) else as_tensor(name, value)
            setattr(self, name, t.to(torch.float64))

    def __repr__(self):
        fields = ("a", "b", "s", "data_loc", "data_scale", "enc_slope", "enc_shift", "enc_scale")
        return "LinearGaussianToy(" + ", ".join(f"{k}={getattr(self, k).item():.3g}" for k in fields) + ")"

    # the model's exact posterior q(z|x) = N(post_slope x + post_shift, post_scale²)
    @property
    def post_slope(self):
        return self.a / (self.a ** 2 + self.s ** 2)

    @property
    def post_shift(self):
        return -self.post_slope * self.b

    @property
    def post_scale(self):
        return self.s / torch.sqrt(self.a ** 2 + self.s ** 2)

    def with_encoder(self, enc_slope, enc_shift, enc_scale) -> "LinearGaussianToy":
        """The same model and data with another encoder."""
        return LinearGaussianToy(self.a, self.b, self.s, self.data_loc, self.data_scale,
                                 enc_slope, enc_shift, enc_scale)

    def with_true_posterior(self) -> "LinearGaussianToy":
        """The encoder set to q(z|x): the gap term is exactly zero."""
        return self.with_encoder(self.post_slope, self.post_shift, self.post_scale)

    # the three closed forms
    def marginal_kl(self) -> torch.Tensor:
        """KL(p̃(x) || q(x)) between two 1-D Gaussians."""
        return kl_normal(self.data_loc, self.data_scale, self.b, torch.sqrt(self.a ** 2 + self.s ** 2))

    def gap(self) -> torch.Tensor:
        """E_{x~p̃} KL(p(z|x) || q(z|x)).

        Notes
        -----
        With d(x) = (m - α) x + (c - β) the difference of the two means (α, β the
        posterior's slope and shift),  gap = log(σ_q / t) + (t² + E[d(x)²]) / (2 σ_q²) - 1/2,
        and E[d²] = (m-α)² (v + μ²) + 2 (m-α)(c-β) μ + (c-β)² for x ~ N(μ, v).
        """
        dm, dc = self.enc_slope - self.post_slope, self.enc_shift - self.post_shift
        mu, v = self.data_loc, self.data_scale ** 2
        mean_sq = dm ** 2 * (v + mu ** 2) + 2 * dm * dc * mu + dc ** 2
        t, sq = self.enc_scale, self.post_scale
        return torch.log(sq / t) + (t ** 2 + mean_sq) / (2 * sq ** 2) - 0.5

    def _p_joint(self) -> MultivariateNormal:
        mu, v, m = self.data_loc, self.data_scale ** 2, self.enc_slope
        loc = torch.stack([mu, m * mu + self.enc_shift])
        cov = torch.stack([torch.stack([v, m * v]), torch.stack([m * v, m ** 2 * v + self.enc_scale ** 2])])
        return MultivariateNormal(loc, covariance_matrix=cov)

    def _q_joint(self) -> MultivariateNormal:
        a, one = self.a, torch.ones((), dtype=torch.float64)
        loc = torch.stack([self.b, torch.zeros((), dtype=torch.float64)])
        cov = torch.stack([torch.stack([a ** 2 + self.s ** 2, a]), torch.stack([a, one])])
        return MultivariateNormal(loc, covariance_matrix=cov)

    def joint_kl_exact(self) -> torch.Tensor:
        """KL(p(x,z) || q(x,z)) between two bivariate Gaussians, from torch.distributions."""
        return kl_divergence(self._p_joint(), self._q_joint())

    def decomposition(self) -> Decomposition:
        return Decomposition(self.joint_kl_exact().item(), self.marginal_kl().item(), self.gap().item())

    # sampling interface used by the Monte-Carlo fallback of joint_kl
    def sample_p(self, n: int, *, generator: torch.Generator | None = None):
        """Draw (x, z) ~ p(x, z) = p̃(x) p(z|x), two float64 tensors of shape (n,)."""
        eps = torch.randn(2, n, dtype=torch.float64, generator=generator)
        x = self.data_loc + self.data_scale * eps[0]
        z = self.enc_slope * x + self.enc_shift + self.enc_scale * eps[1]
        return x.detach(), z.detach()

    def log_p_joint(self, x, z):
        log_px = Normal(self.data_loc, self.data_scale).log_prob(x)
        return log_px + Normal(self.enc_slope * x + self.enc_shift, self.enc_scale).log_prob(z)

    def log_q_joint(self, x, z):
        return Normal(0.0, 1.0).log_prob(z) + Normal(self.a * z + self.b, self.s).log_prob(x)


@register_joint_kl(LinearGaussianToy)
def _joint_kl_linear_gaussian(model: LinearGaussianToy) -> Decomposition:
    return model.decomposition()


class LinearGaussianModel(nn.Module):
    """The linear-Gaussian toy with learnable model *and* encoder, for :func:`vigen.core.train.fit`.

    ``loss(x)`` is the Monte-Carlo estimate of
    ``E_{p̃(x)} E_{p(z|x)} [log p(z|x) - log q(x, z)] = KL(p(x,z)||q(x,z)) - H(p̃)``
    with ``z = m x + c + t ε`` (reparameterised), so minimising it over every
    parameter minimises the joint KL.
    """

    def __init__(self, *, seed: int | None = 0):
        super().__init__()
        g = seed_generator(require_seed("seed", seed))
        init = 0.1 * torch.randn(6, generator=g, dtype=torch.float64)
        self.a, self.b, self.log_s, self.enc_slope, self.enc_shift, self.log_enc_scale = (
            nn.Parameter(v) for v in init)

    def __repr__(self):
        return f"LinearGaussianModel(a={self.a.item():.3g}, b={self.b.item():.3g}, s={self.log_s.exp().item():.3g})"

    def toy(self, data_loc, data_scale) -> LinearGaussianToy:
        """The current parameters as a :class:`LinearGaussianToy` against N(data_loc, data_scale²)."""
        return LinearGaussianToy(self.a, self.b, self.log_s.exp(), data_loc, data_scale,
                                 self.enc_slope, self.enc_shift, self.log_enc_scale.exp())

    def loss(self, x: torch.Tensor):
        x = x.reshape(-1).to(torch.float64)
        t = self.log_enc_scale.exp()
        eps = torch.randn_like(x)
        z = self.enc_slope * x + self.enc_shift + t * eps
        log_p_z_given_x = Normal(self.enc_slope * x + self.enc_shift, t).log_prob(z)
        log_q_xz = Normal(0.0, 1.0).log_prob(z) + Normal(self.a * z + self.b, self.log_s.exp()).log_prob(x)
        value = (log_p_z_given_x - log_q_xz).mean()
        return value, {"joint_kl_plus_entropy": value.item()}



LINEAR_GAUSSIAN_FIT = TrainConfig(steps=1500, batch_size=256, lr=2e-2, lr_schedule="linear")
"""Settings of the fit in chapter 1. Six scalar parameters converge in about 2 s on a CPU,
and the linear decay removes the last Monte-Carlo jitter, so the exact KLs end below 1e-3."""
