"""One seeded training loop for every model in the book.

A model contributes either

* ``loss(batch) -> (scalar Tensor, dict of floats)``: one Adam optimizer over
  all its parameters minimises the scalar (the VAE, the toys).  A model whose ``loss``
  checks its argument for readers who call it directly (the VAE) also defines
  ``batch_loss(batch)``, the same loss without the checks, which :func:`fit` calls
  instead; or
* ``parameter_groups() -> {"d": params, "g": params}`` with
  ``d_step(batch, optimizer) -> dict`` and ``g_step(batch, optimizer) -> dict``:
  the adversarial models, which step their own optimizers (so a model may take
  several generator steps per call).

:func:`fit` owns the rest: batches, optimizers, the learning-rate schedule, the
history, the progress bar, the device and the NaN guard.  It checks its arguments once; the
batches it hands to the model are rows of that checked data, on the model's device, and the
per-batch methods above trust them.

``seed`` has the one meaning of :func:`vigen.core.train.seed_all`.
"""
from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass
from typing import Callable, Iterable

import numpy as np
import torch
from tqdm.auto import tqdm

from vigen.core._validation import (
    require_choice,
    require_data_matrix,
    require_instance,
    require_positive,
    require_positive_int,
    require_seed,
    resolve_seed,
    seeded,
)

__all__ = ["TrainConfig", "History", "fit", "seed_all", "default_device", "require_train_config"]


def seed_all(seed: int = 0) -> None:
    """Seed Python's, NumPy's and torch's global generators (notebooks call this once).

    **What a seed means in vigen** (every public function that takes a ``seed`` refers here):

    * an int seeds a private ``torch.Generator`` (``seed_generator``), or torch's own generator
      inside ``torch.random.fork_rng`` where network weights are initialised or ``torch.distributions``
      draw (``seeded``).  The same int gives the same result, and the global random state is
      left as it was;
    * ``None`` uses torch's global random state as it stands: the seed is drawn from torch's global
      generator (``resolve_seed``), so the result is reproducible after ``vigen.seed_all(n)``
      and the global state moves on by one draw.

    Where a result has always been reproducible, the default is ``seed=0``.
    """
    if require_seed("seed", seed) is None:
        raise TypeError("seed must be a non-negative int, got None")
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def default_device() -> str:
    """``"cuda"`` when a GPU is visible, else ``"cpu"`` (the book's default runs are CPU-sized)."""
    return "cuda" if torch.cuda.is_available() else "cpu"


@dataclass(frozen=True)
class TrainConfig:
    """Settings of one training run.

    Parameters
    ----------
    steps : int
        Number of optimisation steps (one batch each).
    batch_size : int
        Rows per batch.
    lr : float
        Adam's learning rate.
    lr_schedule : {"constant", "linear"}
        ``"linear"`` decays the rate linearly to 0 at the last step.
    betas : tuple of float
        Adam's (beta1, beta2).
    """

    steps: int = 1000
    batch_size: int = 128
    lr: float = 1e-3
    lr_schedule: str = "constant"
    betas: tuple = (0.9, 0.999)

    def __post_init__(self):
        require_positive_int("steps", self.steps)
        require_positive_int("batch_size", self.batch_size)
        require_positive("lr", self.lr)
        require_choice("lr_schedule", self.lr_schedule, ("constant", "linear"))
        if len(self.betas) != 2 or not all(0 <= b < 1 for b in self.betas):
            raise ValueError(f"betas must be two numbers in [0, 1), got {self.betas!r}")


def require_train_config(name: str, cfg) -> "TrainConfig":
    """Return ``cfg`` if it is a :class:`TrainConfig`, else raise ``TypeError`` naming it."""
    return require_instance(name, cfg, TrainConfig)


class History(dict):
    """Per-step records, a dict of equal-length lists; ``history["step"]`` indexes them."""

    def last(self, key: str) -> float:
        return self[key][-1]

    def __repr__(self):
        keys = ", ".join(k for k in self if k != "step")
        return f"History(steps={len(self.get('step', []))}, keys=[{keys}])"


def _batches(data, batch_size: int, generator: torch.Generator):
    """Endless minibatches: reshuffled epochs of a tensor, or calls of a sampler."""
    if callable(data):
        while True:
            yield data(batch_size, generator)
    n = len(data)
    while True:
        perm = torch.randperm(n, generator=generator)
        for start in range(0, n - batch_size + 1 if n >= batch_size else 1, batch_size):
            yield data[perm[start:start + batch_size]]


def _make_optimizers(model, cfg: TrainConfig):
    if hasattr(model, "loss"):
        groups = {"model": list(model.parameters())}
    elif all(hasattr(model, a) for a in ("parameter_groups", "d_step", "g_step")):
        groups = model.parameter_groups()
    else:
        raise TypeError(f"{type(model).__name__} must define loss(batch), or parameter_groups(),"
                        " d_step(batch, opt) and g_step(batch, opt)")
    opts = {k: torch.optim.Adam(v, lr=cfg.lr, betas=cfg.betas) for k, v in groups.items()}
    if cfg.lr_schedule == "linear":
        decay = lambda step: max(0.0, 1.0 - step / cfg.steps)  # noqa: E731
    else:
        decay = lambda step: 1.0  # noqa: E731
    scheds = [torch.optim.lr_scheduler.LambdaLR(o, decay) for o in opts.values()]
    return opts, scheds


def _one_step(model, loss_fn, batch, opts) -> dict:
    if "model" in opts:
        opt = opts["model"]
        opt.zero_grad(set_to_none=True)
        loss, parts = loss_fn(batch)
        loss.backward()
        opt.step()
        return {"loss": loss.item(), **parts}
    parts = dict(model.d_step(batch, opts["d"]))
    parts.update(model.g_step(batch, opts["g"]))
    return parts


def fit(model: torch.nn.Module, data, cfg: TrainConfig, *, seed: int | None = 0, device: str | None = None,
        callbacks: Iterable[Callable] = (), progress: bool = True, desc: str | None = None) -> History:
    """Train ``model`` on ``data`` and return its :class:`History`.

    Parameters
    ----------
    model : torch.nn.Module
        Defines ``loss`` or ``parameter_groups``/``d_step``/``g_step`` (module docstring).
    data : Tensor of shape (n, d), or callable ``(batch_size, generator) -> Tensor``
        A fixed training set (shuffled each epoch) or a sampler of fresh batches.
    cfg : TrainConfig
    seed : int or None
        Seeds the batches and, inside this call only, torch's generator (the model's noise):
        two calls with the same seed give the same result; ``None`` draws the seed from
        torch's global generator (:func:`vigen.core.train.seed_all`).
    device : str or None
        Defaults to :func:`default_device`.
    callbacks : iterable of callables ``(step, model, history) -> bool | None``
        Called after every step; returning True stops training (early stopping).

    Raises
    ------
    FloatingPointError
        As soon as a recorded loss is NaN or infinite.
    """
    require_train_config("cfg", cfg)
    seed = require_seed("seed", seed)
    if not callable(data):
        data = require_data_matrix("data", data)
    return _fit(model, data, cfg, seed=seed, device=device, callbacks=callbacks, progress=progress, desc=desc)


def _fit(model, data, cfg: TrainConfig, *, seed, device, callbacks, progress, desc) -> History:
    """:func:`fit` without the argument checks, for the ``fit_*`` of the models, which check at their
    own boundary."""
    device = device or default_device()
    model.to(device)
    opts, scheds = _make_optimizers(model, cfg)
    loss_fn = getattr(model, "batch_loss", None) or getattr(model, "loss", None)
    history = History(step=[], lr=[])
    # Two independent streams: one draws the batches, the other the model's own noise.
    # Seeding both with `seed` would make them identical, and a model could then "see"
    # its reparameterisation noise in the data.
    seed = resolve_seed(seed)
    batch_seed, model_seed = (int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(2))
    batches = _batches(data, cfg.batch_size, torch.Generator().manual_seed(batch_seed))
    with seeded(model_seed, device):
        model.train()
        for step in tqdm(range(1, cfg.steps + 1), desc=desc or type(model).__name__, disable=not progress,
                         mininterval=1.0):
            lr = scheds[0].get_last_lr()[0]
            parts = _one_step(model, loss_fn, next(batches).to(device), opts)
            bad = [k for k, v in parts.items() if not math.isfinite(v)]
            if bad:
                raise FloatingPointError(f"loss became NaN at step {step} (lr={lr:.3g}): "
                                         f"{', '.join(bad)} = {parts[bad[0]]}; lower lr or check the data")
            for s in scheds:
                s.step()
            history["step"].append(step)
            history["lr"].append(lr)
            for k, v in parts.items():
                history.setdefault(k, []).append(v)
            if any(cb(step, model, history) for cb in callbacks):
                break
    model.eval()
    return history


def config_dict(cfg) -> dict:
    """A dataclass config as a plain dict (for benchmark JSON)."""
    return asdict(cfg)
