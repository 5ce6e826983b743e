"""The adversarial autoencoder of chapter 5 (Makhzani et al. 2015), derived as in Su 2018.

The encoder E(x) is deterministic; its **aggregate posterior**
p(z) = E_{x~p̃} δ(z - E(x)) is matched to the prior q(z) = N(0, I) through a
binary label y that now lives in latent space.  The first slot of the KL holds
the prior on y=1 and the aggregate on y=0; the second slot holds the
discriminator D(z) = q(y=1|z) on top of the prior:

    p(z,y) = ½ q(z) [y=1] + ½ p(z) [y=0],    q(z,y) = q(y|z) q(z),    KL(p(z,y) || q(z,y)).

* D-step (chapter 5's D-step): -E_x log(1 - D(E(x))) - E_{z~q} log D(z), optimum D* = q / (q + p°).
* Encoder step (chapter 5's encoder step): with q = D p° / (1 - D) substituted,
  E_p log(p / ((1-D) q)) = -E_x log D(E(x)) + KL(p(z) || p°(z)); the KL term is dropped.
* Reconstruction lam E||x - G(E(x))||² is added as a heuristic: nothing in the
  KL above involves the decoder G.

The exact table versions of these identities (finite z) are :func:`vigen.exact.aae.d_step_table`,
:func:`vigen.exact.aae.encoder_objective_table` and :func:`vigen.exact.aae.aggregate_posterior_table`.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import torch
from torch.distributions import Independent, Normal

from vigen.core._validation import (
    require_choice,
    require_data_matrix,
    require_instance,
    require_nonnegative,
    require_positive_int,
    require_seed,
    resolve_seed,
    seeded,
)
from vigen.core.data import MixtureSpec, _sample_mixture
from vigen.core.nets import Configured, mlp
from vigen.core.train import TrainConfig, _fit, require_train_config
from vigen.models.adversarial import (
    Discriminator,
    discriminator_loss,
    nonsaturating_loss,
    prior_sample,
)

__all__ = ["AAE", "AAEConfig", "fit_aae", "FRAMEWORK", "DIGITS_CI", "TOY2D_CI", "BENCH",
           "bench_settings"]

FRAMEWORK = {
    "model": "AAE",
    "latent": "a deterministic code z = E(x), and a binary label y on latent space",
    "first_slot": "p(z,y) = ½ q(z) on y=1, ½ p(z) on y=0, with p(z) = E_p̃ δ(z − E(x))",
    "second_slot": "q(z,y) = q(y|z) q(z), with D(z) = q(y=1|z)",
    "kl": "KL(p(z,y) ‖ q(z,y)): matches the aggregate p(z) to the prior q(z)",
    "learned": "encoder E, decoder G, discriminator D(z)",
    "approximated": "KL(p(z) ‖ p°(z)) dropped from the encoder step; D not optimal; "
                    "reconstruction λ‖x − G(E(x))‖² added as a heuristic",
}


@dataclass(frozen=True)
class AAEConfig:
    """Sizes, reconstruction weight and training budget of one AAE run.

    The model's settings are those of :class:`AAE` (checked here, once).
    """

    latent_dim: int = 2
    hidden: int = 128
    depth: int = 2
    d_hidden: int = 64
    d_depth: int = 2
    lam: float = 1.0
    output: str = "identity"
    train: TrainConfig = field(default_factory=TrainConfig)

    def __post_init__(self):
        for name in ("latent_dim", "hidden", "depth", "d_hidden", "d_depth"):
            require_positive_int(name, getattr(self, name))
        require_nonnegative("lam", self.lam)
        require_choice("output", self.output, ("identity", "sigmoid"))
        require_train_config("train", self.train)


class AAE(Configured):
    """Deterministic encoder E, decoder G and latent discriminator D(z) = q(y=1|z).

    Parameters
    ----------
    data_dim, latent_dim : int
        Sizes of x and z.
    hidden, depth : int
        Width and hidden layers of E and G.
    d_hidden, d_depth : int
        Width and hidden layers of D.
    lam : float
        Weight of the reconstruction heuristic lam E||x - G(E(x))||².
    output : {"identity", "sigmoid"}
        G's output map: ``"sigmoid"`` keeps images in [0, 1].

    Notes
    -----
    The settings are checked by :class:`AAEConfig`; ``AAE.from_config(cfg, data_dim)`` builds the same model.

    d_loss = -E_{z~q} log D(z) - E_x log(1 - D(E(x)));
    g_loss = -E_x log D(E(x)) + lam E_x ||x - G(E(x))||².

    Examples
    --------
    >>> model = AAE(4, 2, hidden=8, d_hidden=8)
    >>> model  # doctest: +NORMALIZE_WHITESPACE
    AAE(data_dim=4, latent_dim=2, E: deterministic, q(z)=N(0,I), lam=1,
        output=identity, params=367)
    >>> _, parts = model.g_loss(torch.randn(6, 4))
    >>> sorted(parts)
    ['g_adv', 'g_loss', 'recon']
    """

    config_class = AAEConfig

    def __init__(self, data_dim: int, latent_dim: int = 2, *, hidden: int = 128, depth: int = 2,
                 d_hidden: int = 64, d_depth: int = 2, lam: float = 1.0, output: str = "identity"):
        super().__init__()
        cfg = AAEConfig(latent_dim=latent_dim, hidden=hidden, depth=depth, d_hidden=d_hidden, d_depth=d_depth,
                        lam=lam, output=output)
        self._build(cfg, require_positive_int("data_dim", data_dim))

    def _build(self, cfg: AAEConfig, data_dim: int) -> None:
        self.data_dim, self.latent_dim, self.lam, self.output = data_dim, cfg.latent_dim, float(cfg.lam), cfg.output
        self.encoder = mlp(data_dim, cfg.latent_dim, hidden=cfg.hidden, depth=cfg.depth)
        self.decoder = mlp(cfg.latent_dim, data_dim, hidden=cfg.hidden, depth=cfg.depth)
        self.discriminator = Discriminator(cfg.latent_dim, hidden=cfg.d_hidden, depth=cfg.d_depth)
        self.register_buffer("_zero", torch.zeros(cfg.latent_dim))

    def __repr__(self):
        n = sum(p.numel() for p in self.parameters())
        return (f"AAE(data_dim={self.data_dim}, latent_dim={self.latent_dim}, E: deterministic, q(z)=N(0,I), "
                f"lam={self.lam:g}, output={self.output}, params={n:,})")

    def q_z(self) -> Independent:
        """The prior q(z) = N(0, I)."""
        return Independent(Normal(self._zero, torch.ones_like(self._zero)), 1)

    def G(self, z: torch.Tensor) -> torch.Tensor:
        """The decoder G(z), shape (n, data_dim)."""
        out = self.decoder(z)
        return torch.sigmoid(out) if self.output == "sigmoid" else out

    # --- the two steps of the chapter, as losses --------------------------------------------------
    def d_loss(self, x: torch.Tensor):
        """Chapter 5's D-step: y=1 on prior draws z ~ q(z), y=0 on codes E(x); the encoder is held fixed."""
        z_prior = torch.randn(len(x), self.latent_dim, dtype=x.dtype, device=x.device)  # z ~ q(z)
        z_code = self.encoder(x).detach()                                              # z = E(x) ~ p(z)
        return discriminator_loss(self.discriminator(z_prior), self.discriminator(z_code))

    def g_loss(self, x: torch.Tensor):
        """Chapter 5's encoder step without its KL term, plus the reconstruction heuristic; trains E and G."""
        z = self.encoder(x)                                              # (n, latent_dim)
        adv = nonsaturating_loss(self.discriminator(z))                  # -E_x log D(E(x))
        recon = (x - self.G(z)).square().sum(-1).mean()                  # E_x ||x - G(E(x))||²
        loss = adv + self.lam * recon
        return loss, {"g_adv": adv.item(), "recon": recon.item(), "g_loss": loss.item()}

    # --- the contract of vigen.core.train.fit ----------------------------------------------------------
    def parameter_groups(self) -> dict:
        """``{"d": D's parameters, "g": E's and G's}``, one Adam each."""
        return {"d": list(self.discriminator.parameters()),
                "g": list(self.encoder.parameters()) + list(self.decoder.parameters())}

    def d_step(self, x: torch.Tensor, opt) -> dict:
        opt.zero_grad(set_to_none=True)
        loss, parts = self.d_loss(x)
        loss.backward()
        opt.step()
        return parts

    def g_step(self, x: torch.Tensor, opt) -> dict:
        opt.zero_grad(set_to_none=True)
        loss, parts = self.g_loss(x)
        loss.backward()   # also fills D's gradients; d_step clears them before it uses them
        opt.step()
        return parts

    # --- using a trained model ---------------------------------------------------------------------
    def validate_x(self, x) -> torch.Tensor:
        """``x`` as a float tensor of shape (n, data_dim) on the model's device, or ValueError naming ``x``."""
        return require_data_matrix("x", x, dim=self.data_dim, dtype=self._zero.dtype).to(self._zero.device)

    @torch.no_grad()
    def encode(self, x) -> torch.Tensor:
        """The codes E(x), shape (n, latent_dim)."""
        return self.encoder(self.validate_x(x))

    @torch.no_grad()
    def decode(self, z) -> torch.Tensor:
        """G(z), shape (n, data_dim)."""
        z = require_data_matrix("z", z, dim=self.latent_dim, dtype=self._zero.dtype)
        return self.G(z.to(self._zero.device))

    @torch.no_grad()
    def sample(self, n: int, *, seed: int | None = 0) -> torch.Tensor:
        """G(z) for ``n`` draws z ~ q(z) from a generator seeded by ``seed``
        (:func:`vigen.core.train.seed_all`), on the CPU."""
        z = prior_sample(n, self.latent_dim, seed=seed).to(self._zero.dtype)
        return self.G(z.to(self._zero.device)).cpu()

    @torch.no_grad()
    def recon_error(self, x) -> float:
        """Mean squared reconstruction distance E_x ||x - G(E(x))||²."""
        x = self.validate_x(x)
        return (x - self.G(self.encoder(x))).square().sum(-1).mean().item()

    @torch.no_grad()
    def discriminate(self, z) -> torch.Tensor:
        """D(z) = q(y=1|z), the discriminator's belief that z came from the prior, shape (n,)."""
        z = require_data_matrix("z", z, dim=self.latent_dim, dtype=self._zero.dtype)
        return torch.sigmoid(self.discriminator(z.to(self._zero.device)))


# --- training and presets ----------------------------------------------------------------------------

def fit_aae(cfg: AAEConfig, data, *, seed: int | None = 0, progress: bool = True, device: str | None = None,
            callbacks=()):
    """Train a fresh :class:`AAE` on ``data``; return ``(model, history)``.

    Parameters
    ----------
    cfg : AAEConfig
    data : Tensor of shape (n, d), or MixtureSpec
        Training rows (reshuffled each epoch), or a 2-D mixture such as
        ``vigen.core.data.RING8`` (a fresh batch every step).
    seed : int or None
        Seeds the initial weights, the batches and the model's noise
        (:func:`vigen.core.train.seed_all`).
    progress : bool
        Show a progress bar.
    device : str or None
        Where to train; None: :func:`vigen.core.train.default_device`.  The model comes back on the CPU.
    callbacks : iterable
        Passed to :func:`vigen.core.train.fit`.
    """
    require_instance("cfg", cfg, AAEConfig)
    seed = resolve_seed(require_seed("seed", seed))
    if isinstance(data, MixtureSpec):
        spec = data
        data, data_dim = (lambda n, g: _sample_mixture(spec, n, g)), 2
    else:
        data = require_data_matrix("data", data)
        data_dim = data.shape[1]
    with seeded(seed):                                           # the initial weights
        model = AAE.from_config(cfg, data_dim)
    history = _fit(model, data, cfg.train, seed=seed, device=device, callbacks=callbacks, progress=progress,
                   desc="AAE")
    return model.cpu(), history


DIGITS_CI = AAEConfig(
    latent_dim=2,                      # a 2-D code can be drawn against the prior's contours
    hidden=128, d_hidden=64,
    lam=1.0,                           # recon (sum of 64 squared pixel errors, ~4) and the BCE (~1.4) of one size
    output="sigmoid",                  # pixel values in [0, 1] (binarized digits, as in chapter 2)
    train=TrainConfig(steps=2000, batch_size=128, lr=1e-3, lr_schedule="linear", betas=(0.5, 0.9)),  # ~10 s
)
"""Chapter 5's digits run (binarized digits, 2-D code), sized for the notebook's budget."""

TOY2D_CI = AAEConfig(
    latent_dim=2, hidden=128, d_hidden=64,
    lam=10.0,                          # ring-8, 2 seeds: 7/8 modes at lam=10 against 4-5/8 at lam=1
    train=TrainConfig(steps=2000, batch_size=256, lr=1e-3, lr_schedule="linear", betas=(0.5, 0.9)),  # 15-30 s
)
"""The 2-D mode-coverage run of the chapter and of ``python -m vigen.bench aae_ali``."""

BENCH = TOY2D_CI
"""The benchmark's preset (``bench aae_ali``): the chapter's 2-D run, unchanged (one budget everywhere)."""


def bench_settings() -> dict:
    """The benchmark's preset as a JSON-able dict."""
    return {"preset": "vigen.models.aae.BENCH", "prior": "N(0, I) in 2-D", **asdict(BENCH),
            "fresh_data_seed": "10000 + seed", "sample_seed": "seed",
            "note": "lam chosen over 1 on 2 exploratory ring-8 seeds, nothing else tuned; timings taken on "
                    "2 cores shared with other jobs (inflated)"}
