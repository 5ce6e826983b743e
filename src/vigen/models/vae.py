"""The variational autoencoder of chapter 2, written as the joint KL it minimises.

Data side: the encoder ``p(z|x)`` (a diagonal Gaussian, amortised by a network).
Model side: the prior ``q(z) = N(0, I)`` and the decoder ``q(x|z)`` (Bernoulli
for binary images, Gaussian for real vectors).  Minimising
KL(p(x,z) || q(x,z)) = E_{p̃}[ recon + rate ] - H(p̃) gives the loss (chapter 2's loss)

    recon = E_{p(z|x)}[-log q(x|z)],    rate = KL(p(z|x) || q(z)),

with ``loss = recon + beta * rate = -ELBO`` at ``beta = 1``.  The IWAE objective
(Burda et al. 2016) replaces the ELBO by the k-sample bound that
:mod:`vigen.metrics.likelihood` also uses to estimate log q(x).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import torch
import torch.nn.functional as F
from torch import nn
from torch.distributions import Bernoulli, Independent, Normal, kl_divergence

from vigen.core._validation import (
    require_choice,
    require_data_matrix,
    require_fraction,
    require_instance,
    require_nonnegative,
    require_positive,
    require_positive_int,
    require_seed,
    resolve_seed,
    seed_generator,
    seeded,
)
from vigen.core.data import _train_val_split
from vigen.core.nets import Configured
from vigen.core.train import TrainConfig, _fit, require_train_config

__all__ = ["GaussianEncoder", "BernoulliDecoder", "GaussianDecoder", "VAE", "VAEConfig", "fit_vae",
           "TOY2D_CI", "DIGITS_CI", "DIGITS_SWEEP_CI", "DIGITS_BENCH", "IWAE_BENCH", "FRAMEWORK"]

FRAMEWORK = {
    "model": "VAE",
    "latent": "a continuous code z ∈ ℝᵈ, prior q(z) = N(0, I)",
    "first_slot": "p(x,z) = p̃(x) p(z|x), a Gaussian encoder amortised by a network",
    "second_slot": "q(x,z) = q(x|z) q(z), the decoder",
    "kl": "KL(p(x,z) ‖ q(x,z)) = −ELBO − H(p̃)",
    "learned": "encoder p(z|x) and decoder q(x|z), jointly by gradient",
    "approximated": "p(z|x) restricted to diagonal Gaussians; E over z by one reparameterised sample",
}
"""This model's row of the closing table (chapter 7)."""

_MIN_SCALE = 1e-4  # keeps every standard deviation away from 0, so log_prob stays finite


def _net(in_dim: int, out_dim: int, hidden: int, depth: int, dropout: float) -> nn.Sequential:
    """``in -> [Linear, ReLU, Dropout] x depth -> out``; depth 0 is a single linear map."""
    layers, width = [], in_dim
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout else [])
        width = hidden
    return nn.Sequential(*layers, nn.Linear(width, out_dim))


class GaussianEncoder(nn.Module):
    """The encoder p(z|x) = N(loc(x), diag(scale(x)²)) as an ``Independent(Normal, 1)``."""

    def __init__(self, data_dim: int, latent_dim: int, *, hidden: int = 128, depth: int = 2,
                 dropout: float = 0.0):
        super().__init__()
        self.latent_dim = latent_dim
        self.net = _net(data_dim, 2 * latent_dim, hidden, depth, dropout)

    def forward(self, x: torch.Tensor) -> Independent:
        loc, raw = self.net(x).chunk(2, dim=-1)  # (..., latent_dim) each
        return Independent(Normal(loc, F.softplus(raw) + _MIN_SCALE), 1)


class BernoulliDecoder(nn.Module):
    """The decoder q(x|z) = prod_j Bernoulli(x_j; sigmoid(logits_j(z))) for binary x."""

    def __init__(self, latent_dim: int, data_dim: int, *, hidden: int = 128, depth: int = 2,
                 dropout: float = 0.0):
        super().__init__()
        self.net = _net(latent_dim, data_dim, hidden, depth, dropout)

    def forward(self, z: torch.Tensor) -> Independent:
        return Independent(Bernoulli(logits=self.net(z)), 1)


class GaussianDecoder(nn.Module):
    """The decoder q(x|z) = N(loc(z), diag(scale²)): one learned scale per coordinate, or a fixed one.

    With ``scale=None`` the scales are learned; a float fixes them (not trained).  A part of the
    :class:`VAE`, it trusts its arguments (:class:`VAEConfig` checks them).
    """

    def __init__(self, latent_dim: int, data_dim: int, *, hidden: int = 128, depth: int = 2,
                 dropout: float = 0.0, scale: float | None = None):
        super().__init__()
        self.net = _net(latent_dim, data_dim, hidden, depth, dropout)
        if scale is None:
            self.raw_scale = nn.Parameter(torch.zeros(data_dim))
        else:
            raw = math.log(math.expm1(scale - _MIN_SCALE))  # softplus⁻¹
            self.register_buffer("raw_scale", torch.full((data_dim,), raw))

    @property
    def scale(self) -> torch.Tensor:
        return F.softplus(self.raw_scale) + _MIN_SCALE

    def forward(self, z: torch.Tensor) -> Independent:
        loc = self.net(z)
        return Independent(Normal(loc, self.scale.expand_as(loc)), 1)


_DECODERS = {"bernoulli": BernoulliDecoder, "gaussian": GaussianDecoder}


@dataclass(frozen=True)
class VAEConfig:
    """Model sizes, objective, training budget and early stopping of one VAE run.

    The model's settings are those of :class:`VAE` (checked here, once).  ``eval_every`` steps
    the validation loss (mean negative ELBO, or negative IWAE bound) is measured on the held-out
    part of the training set; training stops after ``patience`` evaluations without improvement
    (0: never) and the best parameters are restored.
    """

    latent_dim: int = 2
    hidden: int = 128
    depth: int = 2
    decoder: str = "bernoulli"
    objective: str = "elbo"
    k: int = 10
    beta: float = 1.0
    dropout: float = 0.0
    decoder_scale: float | None = None
    train: TrainConfig = field(default_factory=TrainConfig)
    val_fraction: float = 0.1
    eval_every: int = 100
    patience: int = 0

    def __post_init__(self):
        require_positive_int("latent_dim", self.latent_dim)
        require_positive_int("hidden", self.hidden)
        require_nonnegative("depth", self.depth)
        require_choice("decoder", self.decoder, _DECODERS)
        require_choice("objective", self.objective, ("elbo", "iwae"))
        require_positive_int("k", self.k)
        if require_nonnegative("beta", self.beta) != 1.0 and self.objective == "iwae":
            raise ValueError(f"beta must be 1 for objective='iwae', got {self.beta}")
        require_fraction("dropout", self.dropout, zero=True)
        if self.decoder_scale is not None:
            if self.decoder != "gaussian":
                raise ValueError(f"decoder_scale needs decoder='gaussian', got decoder={self.decoder!r}")
            if require_positive("decoder_scale", self.decoder_scale) <= _MIN_SCALE:
                raise ValueError(f"decoder_scale must exceed {_MIN_SCALE}, got {self.decoder_scale}")
        require_train_config("train", self.train)
        require_fraction("val_fraction", self.val_fraction)
        require_positive_int("eval_every", self.eval_every)
        require_nonnegative("patience", self.patience)


def _require_binary(name: str, x: torch.Tensor, decoder: str) -> None:
    """A Bernoulli decoder's data must hold only 0 and 1."""
    if decoder == "bernoulli" and not ((x == 0) | (x == 1)).all():
        raise ValueError(f"{name} must hold only 0 and 1 for a Bernoulli decoder, got values in "
                         f"[{x.min().item():.3g}, {x.max().item():.3g}]; binarize it with "
                         "vigen.core.data.binarize")


class VAE(Configured):
    """Encoder p(z|x), prior q(z) = N(0, I) and decoder q(x|z), trained on the joint KL.

    Parameters
    ----------
    data_dim, latent_dim : int
        Sizes of x and z.
    hidden, depth : int
        Width and number of hidden layers of both networks (depth 0: linear maps).
    decoder : {"bernoulli", "gaussian"}
        The family of q(x|z); ``"bernoulli"`` requires x in {0, 1}.
    beta : float
        Weight of the rate in the loss (1 is the ELBO; other values trace the
        rate-distortion curve).
    objective : {"elbo", "iwae"}
        ``"iwae"`` trains on the k-sample importance-weighted bound.
    k : int
        Importance samples of the IWAE objective.
    dropout : float
        Dropout after each hidden layer (training only).
    decoder_scale : float or None
        For the Gaussian decoder: a fixed noise scale, or None to learn one per coordinate.

    Notes
    -----
    The settings are checked by :class:`VAEConfig`; ``VAE.from_config(cfg, data_dim)`` builds the same model.

    loss(x) = E_{p(z|x)}[-log q(x|z)] + beta KL(p(z|x) || q(z)), averaged over the batch.

    Examples
    --------
    >>> model = VAE(64, 2, hidden=16)
    >>> model  # doctest: +NORMALIZE_WHITESPACE
    VAE(data_dim=64, latent_dim=2, p(z|x)=Normal, q(z)=N(0,I),
        q(x|z)=Bernoulli, objective=elbo, beta=1, hidden=16, depth=2,
        params=2,788)
    >>> x = torch.randint(0, 2, (5, 64)).float()
    >>> loss, parts = model.loss(x)
    >>> sorted(parts)
    ['neg_elbo', 'rate', 'recon']
    """

    config_class = VAEConfig

    def __init__(self, data_dim: int, latent_dim: int = 2, *, hidden: int = 128, depth: int = 2,
                 decoder: str = "bernoulli", beta: float = 1.0, objective: str = "elbo", k: int = 10,
                 dropout: float = 0.0, decoder_scale: float | None = None):
        super().__init__()
        cfg = VAEConfig(latent_dim=latent_dim, hidden=hidden, depth=depth, decoder=decoder, beta=beta,
                        objective=objective, k=k, dropout=dropout, decoder_scale=decoder_scale)
        self._build(cfg, require_positive_int("data_dim", data_dim))

    def _build(self, cfg: VAEConfig, data_dim: int) -> None:
        self.data_dim, self.latent_dim, self.hidden, self.depth = data_dim, cfg.latent_dim, cfg.hidden, int(cfg.depth)
        self.decoder_name, self.objective, self.k, self.beta = cfg.decoder, cfg.objective, cfg.k, float(cfg.beta)
        sizes = dict(hidden=cfg.hidden, depth=self.depth, dropout=cfg.dropout)
        self.encoder = GaussianEncoder(data_dim, cfg.latent_dim, **sizes)
        extra = {} if cfg.decoder_scale is None else {"scale": cfg.decoder_scale}
        self.decoder = _DECODERS[cfg.decoder](cfg.latent_dim, data_dim, **sizes, **extra)
        self.register_buffer("_zero", torch.zeros(cfg.latent_dim))

    def __repr__(self):
        n = sum(p.numel() for p in self.parameters())
        extra = f", k={self.k}" if self.objective == "iwae" else f", beta={self.beta:g}"
        return (f"VAE(data_dim={self.data_dim}, latent_dim={self.latent_dim}, p(z|x)=Normal, q(z)=N(0,I), "
                f"q(x|z)={self.decoder_name.capitalize()}, objective={self.objective}{extra}, "
                f"hidden={self.hidden}, depth={self.depth}, params={n:,})")

    # --- the three distributions, named as in the book -------------------------------------
    def p_z_given_x(self, x: torch.Tensor) -> Independent:
        """The encoder p(z|x), a batch of diagonal Gaussians over z."""
        return self.encoder(x)

    def q_z(self) -> Independent:
        """The prior q(z) = N(0, I)."""
        return Independent(Normal(self._zero, torch.ones_like(self._zero)), 1)

    def q_x_given_z(self, z: torch.Tensor) -> Independent:
        """The decoder q(x|z)."""
        return self.decoder(z)

    def validate_x(self, x, name: str = "x") -> torch.Tensor:
        """``x`` as a float tensor of shape (n, data_dim) on the model's device, in {0, 1} for a Bernoulli
        decoder."""
        x = require_data_matrix(name, x, dim=self.data_dim, dtype=self._zero.dtype).to(self._zero.device)
        _require_binary(name, x, self.decoder_name)
        return x

    def check_z(self, z, name: str = "z") -> torch.Tensor:
        """``z`` as a float tensor of shape (n, latent_dim)."""
        z = require_data_matrix(name, z, dim=self.latent_dim, dtype=self._zero.dtype)
        return z.to(self._zero.device)

    # --- the loss of the chapter --------------------------------------------------------------
    def loss(self, x):
        """:meth:`batch_loss` of ``x`` after checking it (:meth:`validate_x`): for calls on your own data."""
        return self.batch_loss(self.validate_x(x))

    def batch_loss(self, x: torch.Tensor):
        """``(loss, parts)``: the batch mean of chapter 2's loss, or of the IWAE bound.

        ``parts`` holds the batch means of ``recon`` = E[-log q(x|z)], ``rate`` =
        KL(p(z|x) || q(z)) and ``neg_elbo`` = recon + rate (plus ``neg_iwae`` for IWAE).
        ``x`` is trusted (a training batch, checked once by :func:`vigen.models.vae.fit_vae`); :meth:`loss` checks it.
        """
        if self.objective == "iwae":
            return self._iwae_loss(x)
        p_z_given_x = self.p_z_given_x(x)
        z = p_z_given_x.rsample()                              # z = loc + scale ⊙ ε, (n, latent)
        recon = -self.q_x_given_z(z).log_prob(x)                # one-sample E_{p(z|x)}[-log q(x|z)]
        rate = kl_divergence(p_z_given_x, self.q_z())           # closed-form KL(p(z|x) || q(z))
        loss = (recon + self.beta * rate).mean()
        return loss, {"recon": recon.mean().item(), "rate": rate.mean().item(),
                      "neg_elbo": (recon + rate).mean().item()}

    def log_weights(self, x: torch.Tensor, k: int) -> torch.Tensor:
        """log w_i = log q(x, z_i) - log p(z_i|x) for k reparameterised z_i ~ p(z|x): shape (k, n)."""
        p_z_given_x = self.p_z_given_x(x)
        z = p_z_given_x.rsample((k,))                           # (k, n, latent)
        return self.q_x_given_z(z).log_prob(x) + self.q_z().log_prob(z) - p_z_given_x.log_prob(z)

    def _iwae_loss(self, x: torch.Tensor):
        p_z_given_x = self.p_z_given_x(x)
        z = p_z_given_x.rsample((self.k,))                      # (k, n, latent)
        log_q_x_given_z = self.q_x_given_z(z).log_prob(x)       # (k, n)
        log_w = log_q_x_given_z + self.q_z().log_prob(z) - p_z_given_x.log_prob(z)
        neg_iwae = -(torch.logsumexp(log_w, dim=0) - math.log(self.k))  # -log (1/k) Σ w_i, (n,)
        recon, rate = -log_q_x_given_z.mean(0), kl_divergence(p_z_given_x, self.q_z())
        return neg_iwae.mean(), {"recon": recon.mean().item(), "rate": rate.mean().item(),
                                 "neg_elbo": (recon + rate).mean().item(), "neg_iwae": neg_iwae.mean().item()}

    # --- using a trained model -----------------------------------------------------------------
    def evaluate(self, x, *, seed: int | None = 0):
        """``loss(x)`` in eval mode (no dropout), without gradients and with noise seeded by ``seed``
        (:func:`vigen.core.train.seed_all`)."""
        return self._evaluate(self.validate_x(x), require_seed("seed", seed))

    @torch.no_grad()
    def _evaluate(self, x: torch.Tensor, seed: int | None):
        was_training = self.training
        self.eval()
        with seeded(seed, self._zero.device):
            loss, parts = self.batch_loss(x.to(self._zero.device))
        self.train(was_training)
        return loss.item(), parts

    @torch.no_grad()
    def sample(self, n: int, *, seed: int | None = 0, mean: bool = True) -> torch.Tensor:
        """Draw z ~ q(z) and return the decoder's mean (or, with ``mean=False``, a draw of x) for each,
        shape (n, data_dim), on the CPU.  ``seed`` seeds every draw (:func:`vigen.core.train.seed_all`)."""
        n = require_positive_int("n", n)
        g = seed_generator(require_seed("seed", seed))
        z = torch.randn(n, self.latent_dim, generator=g, dtype=self._zero.dtype).to(self._zero.device)
        if mean:
            return self.q_x_given_z(z).mean.cpu()
        with seeded(int(torch.randint(2**62, (), generator=g)), self._zero.device):   # x's noise: its own stream
            return self.q_x_given_z(z).sample().cpu()

    @torch.no_grad()
    def encode(self, x) -> torch.Tensor:
        """The encoder's mean E_{p(z|x)}[z], shape (n, latent_dim)."""
        return self.p_z_given_x(self.validate_x(x)).mean

    @torch.no_grad()
    def decode(self, z) -> torch.Tensor:
        """The decoder's mean E_{q(x|z)}[x] (pixel probabilities for Bernoulli), shape (n, data_dim)."""
        return self.q_x_given_z(self.check_z(z)).mean


class EarlyStopping:
    """A :func:`vigen.fit` callback: every ``every`` steps score ``x_val``, keep the best parameters.

    The score is the model's own loss on the validation rows, in eval mode (no
    dropout) and with fixed noise, so two evaluations differ only by the parameters.
    Returns True (stop) after ``patience`` evaluations without improvement (0: never).
    ``x_val`` is trusted: rows checked by :func:`vigen.models.vae.fit_vae`.
    """

    def __init__(self, x_val: torch.Tensor, *, every: int, patience: int = 0):
        self.x_val, self.every, self.patience = x_val, every, patience
        self.best, self.best_step, self.best_state, self.scores = math.inf, 0, None, []

    def __call__(self, step: int, model: VAE, history) -> bool:
        if step % self.every:
            return False
        score = model._evaluate(self.x_val, 0)[0]
        self.scores.append((step, score))
        if score < self.best:
            self.best, self.best_step = score, step
            self.best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
        return bool(self.patience) and step - self.best_step >= self.patience * self.every

    def restore(self, model: VAE) -> VAE:
        """Load the best parameters seen (if any evaluation ran) and return ``model``."""
        if self.best_state is not None:
            model.load_state_dict(self.best_state)
        return model.eval()


def fit_vae(cfg: VAEConfig, data, *, seed: int | None = 0, progress: bool = True, device: str | None = None,
            callbacks=()):
    """Train a fresh :class:`VAE` on the rows of ``data`` with early stopping; return ``(model, history)``.

    A validation part of ``data`` (``cfg.val_fraction``, taken from these training rows
    only) scores the model every ``cfg.eval_every`` steps; the best parameters are kept.

    Parameters
    ----------
    cfg : VAEConfig
    data : Tensor of shape (n, d)
        The training rows (in {0, 1} for a Bernoulli decoder).
    seed : int or None
        Seeds the split, the initial weights, the batches and the model's noise
        (:func:`vigen.core.train.seed_all`).
    progress : bool
        Show a progress bar.
    device : str or None
        Where to train; None: :func:`vigen.core.train.default_device`.  The model comes back on the CPU.
    callbacks : iterable
        Passed to :func:`vigen.core.train.fit`, after the early-stopping one.
    """
    require_instance("cfg", cfg, VAEConfig)
    seed = resolve_seed(require_seed("seed", seed))
    x = require_data_matrix("data", data)
    _require_binary("data", x, cfg.decoder)
    x_train, x_val = _train_val_split(x, cfg.val_fraction, seed)
    with seeded(seed):                                          # the initial weights
        model = VAE.from_config(cfg, x.shape[1])
    stopper = EarlyStopping(x_val, every=cfg.eval_every, patience=cfg.patience)
    history = _fit(model, x_train, cfg.train, seed=seed, device=device, callbacks=[stopper, *callbacks],
                   progress=progress, desc=f"VAE ({cfg.objective})")
    history["val"] = stopper.scores
    return stopper.restore(model).cpu(), history


# --- Named presets (each odd number has its reason) ------------------------------------------

TOY2D_CI = VAEConfig(
    latent_dim=2, hidden=64, decoder="gaussian",
    decoder_scale=0.1,                 # the blobs' own std; a learned scale collapsed to the ring's spread
    train=TrainConfig(steps=3000, batch_size=256, lr=3e-3, lr_schedule="linear"),  # a few s on a CPU
    eval_every=500)
"""Chapter 2's 2-D toy: a Gaussian decoder on a noisy ring, small enough to train in seconds."""

DIGITS_CI = VAEConfig(
    latent_dim=2,                      # a 2-D code can be drawn as a map and a traversal grid
    hidden=128,
    train=TrainConfig(steps=3000, batch_size=128, lr=2e-3, lr_schedule="linear"),  # ~10 s on 2 cores
    eval_every=250, patience=4)        # stop after 1000 steps without validation progress
"""Chapter 2's digits run with a 2-D latent code: for the figures, not for the likelihood table."""

DIGITS_SWEEP_CI = VAEConfig(
    latent_dim=8, hidden=128,
    train=TrainConfig(steps=1500, batch_size=128, lr=2e-3, lr_schedule="linear"),  # ~4 s per beta
    eval_every=250)
"""One point of chapter 2's beta-sweep: short, since only the rate/distortion trade-off matters."""

DIGITS_BENCH = VAEConfig(
    latent_dim=16,                     # validation ELBO: 16 ≥ 8 ≥ 4 dims at the same width
    hidden=256,                        # 512 overfitted earlier (best validation at 2.8k steps)
    dropout=0.2,                       # 1437 images: 0.2 beat 0.1 and 0.3 on validation
    train=TrainConfig(steps=10_000, batch_size=128, lr=1e-3),  # early stopping ends most runs first
    eval_every=200, patience=10)       # 2000 steps without validation progress ends a run
"""The ELBO-trained VAE of ``python -m vigen.bench vae`` (tuned on a validation split only)."""

IWAE_BENCH = VAEConfig(
    latent_dim=16, hidden=256, dropout=0.2,
    objective="iwae", k=10,            # k = 10, the protocol's IWAE setting; each step costs ~10 decoder passes
    train=TrainConfig(steps=8000, batch_size=128, lr=1e-3),  # ~100 s a run on one core
    eval_every=200, patience=8)
"""The IWAE-objective variant of ``python -m vigen.bench vae``, same networks as DIGITS_BENCH."""
