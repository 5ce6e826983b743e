"""Offline datasets: the 2-D mode-collapse benchmarks and scikit-learn's digits.

Nothing here downloads anything.  ``ring8`` and ``grid25`` follow the protocol
of the book (the book's evaluation protocol); ``load_digits_split`` is the fixed 1437/360
split of scikit-learn's bundled 8x8 digits.
"""
from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch

from vigen.core._validation import (
    require_choice,
    require_data_matrix,
    require_fraction,
    require_instance,
    require_nonnegative,
    require_positive,
    require_positive_int,
    require_seed,
    seed_generator,
)

__all__ = [
    "MixtureSpec",
    "RING8",
    "GRID25",
    "DATASETS",
    "stretched",
    "sample_mixture",
    "ring8",
    "grid25",
    "Digits",
    "load_digits_split",
    "binarize",
    "train_val_split",
    "StackedDigits",
    "stacked_source",
    "stacked_digits",
]


class MixtureSpec(NamedTuple):
    """A 2-D mixture of equal-weight isotropic Gaussians: its mode centres and std."""

    name: str
    centers: torch.Tensor  # (n_modes, 2)
    std: float


def _ring_centers(n_modes: int = 8, radius: float = 1.0) -> torch.Tensor:
    # linspace(0, 2π, n+1)[:-1]: a widely copied sampler used linspace(0, 2π, n),
    # which puts the first and last mode on the same point.
    angles = torch.linspace(0, 2 * math.pi, n_modes + 1, dtype=torch.float64)[:-1]
    return radius * torch.stack([angles.cos(), angles.sin()], dim=1)


def _grid_centers(values=(-4.0, -2.0, 0.0, 2.0, 4.0)) -> torch.Tensor:
    v = torch.tensor(values, dtype=torch.float64)
    gx, gy = torch.meshgrid(v, v, indexing="ij")
    return torch.stack([gx.reshape(-1), gy.reshape(-1)], dim=1)


RING8 = MixtureSpec("ring8", _ring_centers(), 0.01)
"""Eight modes on the unit circle, std 0.01."""

GRID25 = MixtureSpec("grid25", _grid_centers(), 0.05)
"""Twenty-five modes on the grid {-4,-2,0,2,4}², std 0.05."""

DATASETS = {"ring8": RING8, "grid25": GRID25}


def stretched(spec: MixtureSpec, factor: float) -> MixtureSpec:
    """``spec`` with its centres and std multiplied by ``factor``: the same data in other units.

    Examples
    --------
    >>> s = stretched(RING8, 4)
    >>> s.name, s.std, s.centers.norm(dim=1).max().item()
    ('ring8_x4', 0.04, 4.0)
    """
    require_instance("spec", spec, MixtureSpec)
    factor = require_positive("factor", factor)
    return MixtureSpec(f"{spec.name}_x{factor:g}", spec.centers * factor, spec.std * factor)


def sample_mixture(spec: MixtureSpec, n: int, *, seed: int | None = 0,
                   generator: torch.Generator | None = None) -> torch.Tensor:
    """Draw ``n`` points (float32, shape (n, 2)) from an equal-weight mixture.

    Pass either ``seed`` (a fresh generator; None: :func:`vigen.core.train.seed_all`) or
    ``generator`` (to continue a stream).
    """
    n = require_positive_int("n", n)
    if generator is None:
        generator = seed_generator(require_seed("seed", seed))
    return _sample_mixture(spec, n, generator)


def _sample_mixture(spec: MixtureSpec, n: int, generator: torch.Generator) -> torch.Tensor:
    """:func:`sample_mixture` without the checks: a training stream's batches."""
    idx = torch.randint(len(spec.centers), (n,), generator=generator)
    noise = torch.randn(n, 2, generator=generator, dtype=torch.float64)
    return (spec.centers[idx] + spec.std * noise).float()


def ring8(n: int, *, seed: int | None = 0) -> torch.Tensor:
    """``n`` samples of ring-8 (float32, shape (n, 2)).

    Examples
    --------
    >>> ring8(5, seed=0).shape
    torch.Size([5, 2])
    """
    return sample_mixture(RING8, n, seed=seed)


def grid25(n: int, *, seed: int | None = 0) -> torch.Tensor:
    """``n`` samples of grid-25 (float32, shape (n, 2))."""
    return sample_mixture(GRID25, n, seed=seed)


class Digits(NamedTuple):
    """The digits split: images as float32 rows of 64 pixels, labels as int64."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor


def binarize(x, threshold: float = 8.0) -> torch.Tensor:
    """Binarize grey levels: ``1.0`` where ``x >= threshold``, else ``0.0`` (float32)."""
    require_nonnegative("threshold", threshold)
    x = torch.as_tensor(np.asarray(x), dtype=torch.float32)
    if not torch.isfinite(x).all():
        raise ValueError("x must be finite")
    return (x >= threshold).float()


def load_digits_split(*, binarized: bool = True) -> Digits:
    """scikit-learn's bundled digits, split 1437 train / 360 test with ``random_state=0``.

    With ``binarized=True`` pixels are ``x >= 8`` (grey levels run 0..16);
    otherwise they are scaled to [0, 1] by dividing by 16.
    """
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    images, labels = load_digits(return_X_y=True)
    x_tr, x_te, y_tr, y_te = train_test_split(images, labels, test_size=0.2, random_state=0)
    prep = binarize if binarized else (lambda a: torch.as_tensor(a / 16.0, dtype=torch.float32))
    return Digits(prep(x_tr), torch.as_tensor(y_tr), prep(x_te), torch.as_tensor(y_te))


def train_val_split(x, val_fraction: float = 0.1, *, seed: int | None = 0):
    """Split rows of ``x`` (a training set) into (train, validation) by a seeded permutation.

    Validation data always comes out of the training part, never the test split.
    """
    x = require_data_matrix("x", x)
    return _train_val_split(x, require_fraction("val_fraction", val_fraction), require_seed("seed", seed))


def _train_val_split(x: torch.Tensor, val_fraction: float, seed: int | None):
    """:func:`train_val_split` of checked arguments (it still refuses too few rows for the split)."""
    n_val = max(1, int(round(val_fraction * len(x))))
    if n_val >= len(x):
        raise ValueError(f"x has {len(x)} rows: too few to hold out {n_val} for validation")
    perm = torch.randperm(len(x), generator=seed_generator(seed))
    return x[perm[n_val:]], x[perm[:n_val]]


class StackedDigits(NamedTuple):
    """One split of the digits as a source of stacked samples (1000 modes): what :func:`stacked_digits`
    draws from, and what a GAN trains on (:func:`vigen.models.gan.fit_gan` takes it as its ``data``).

    ``images`` are grey levels in [0, 1], one 64-pixel row per digit; ``labels`` their digits 0..9.
    A sample is three images drawn independently, with replacement, side by side: ``dim`` = 192 numbers,
    channel c being pixels ``64c .. 64c + 63``, and its mode ``100 * label0 + 10 * label1 + label2``.
    """

    name: str
    images: torch.Tensor
    labels: torch.Tensor

    @property
    def dim(self) -> int:
        """Numbers per stacked sample: three images."""
        return 3 * self.images.shape[1]

    @property
    def n_modes(self) -> int:
        """10 labels in each of three channels: 1000."""
        return 1000


def stacked_source(split: str = "train", *, digits: Digits | None = None) -> StackedDigits:
    """The ``split`` ("train" or "test") of ``digits`` (default: :func:`load_digits_split` with
    ``binarized=False``) as a :class:`StackedDigits` source, named ``stacked_digits`` (training split)
    or ``stacked_digits_test``."""
    require_choice("split", split, ("train", "test"))
    digits = load_digits_split(binarized=False) if digits is None else require_instance("digits", digits, Digits)
    if split == "train":
        return StackedDigits("stacked_digits", digits.x_train, digits.y_train)
    return StackedDigits("stacked_digits_test", digits.x_test, digits.y_test)


def _sample_stacked(source: StackedDigits, n: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` stacked samples of ``source`` and their modes, drawn with ``generator`` (arguments unchecked)."""
    idx = torch.randint(len(source.images), (n, 3), generator=generator)
    x = source.images[idx].reshape(n, source.dim).float()
    modes = (source.labels[idx].long() * torch.tensor([100, 10, 1])).sum(dim=1)
    return x, modes


def stacked_digits(n: int, *, split: str = "train", seed: int | None = 0,
                   digits: Digits | None = None) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` stacked digits: three grey-level digits of one split side by side, 1000 modes.

    The image analogue of stacked MNIST: each sample concatenates three images drawn
    independently, with replacement, from the ``split`` ("train" or "test") of
    :func:`load_digits_split` (``binarized=False``, grey levels in [0, 1]) into 192 numbers,
    channel c being pixels ``64c .. 64c + 63``. Its true mode is ``100 * label0 + 10 * label1 + label2``.
    ``digits`` is an already-loaded :class:`Digits` split (default: load the grey-level one).

    Returns ``(x, modes)``: ``x`` float32 of shape (n, 192), ``modes`` int64 of shape (n,), in 0..999.

    Examples
    --------
    >>> x, modes = stacked_digits(4, seed=0)
    >>> x.shape, modes.shape, bool(((0 <= modes) & (modes < 1000)).all())
    (torch.Size([4, 192]), torch.Size([4]), True)
    """
    n = require_positive_int("n", n)
    source = stacked_source(split, digits=digits)
    return _sample_stacked(source, n, seed_generator(require_seed("seed", seed)))
