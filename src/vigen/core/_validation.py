"""Argument validators shared by the public functions of vigen (named require_*, not to be confused
with the notebooks' claim checks of :mod:`vigen.core.check`), and the one meaning of ``seed``.

Every public function validates its arguments once, at the boundary (a config's or a model's
constructor, a ``fit_*``, a function that readers call), and raises ``TypeError`` (wrong kind of
object) or ``ValueError`` (right kind, bad value) with the argument's name first in the message.
Private helpers, and the per-batch losses and steps that the training loop calls, trust their callers.

What ``seed`` means everywhere is in :func:`require_seed`; :func:`seed_generator` and :func:`seeded`
apply it.
"""
from __future__ import annotations

import math
import numbers
from contextlib import contextmanager

import numpy as np
import torch

__all__ = [
    "as_tensor",
    "require_positive_int",
    "require_positive",
    "require_nonnegative",
    "require_fraction",
    "require_probability_table",
    "require_data_matrix",
    "require_choice",
    "require_instance",
    "require_seed",
    "resolve_seed",
    "seed_generator",
    "seeded",
]


def as_tensor(name: str, value, *, dtype=torch.float64) -> torch.Tensor:
    """Convert ``value`` to a tensor of ``dtype``, or raise ``TypeError`` naming it."""
    if isinstance(value, torch.Tensor):
        return value.to(dtype)
    if isinstance(value, (np.ndarray, list, tuple, numbers.Real)) and not isinstance(value, bool):
        try:
            return torch.as_tensor(np.asarray(value, dtype=float), dtype=dtype)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"{name} must be array-like of numbers, got {value!r}") from exc
    raise TypeError(f"{name} must be a tensor or array-like, got {type(value).__name__}")


def require_positive_int(name: str, value) -> int:
    """Return ``value`` if it is an int >= 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a positive int, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be a positive int, got {value}")
    return int(value)


def require_positive(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a positive number, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def require_nonnegative(name: str, value) -> float:
    """Return ``value`` as a float if it is a finite number >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a non-negative number, got {type(value).__name__} {value!r}")
    if not (math.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a non-negative finite number, got {value}")
    return float(value)


def require_fraction(name: str, value, *, zero: bool = False) -> float:
    """Return ``value`` as a float if it lies in (0, 1), or in [0, 1) with ``zero=True``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number in {'[' if zero else '('}0, 1), got {type(value).__name__} {value!r}")
    if not ((0 <= value if zero else 0 < value) and value < 1):
        raise ValueError(f"{name} must be in {'[' if zero else '('}0, 1), got {value}")
    return float(value)


def require_probability_table(name: str, value, *, axis=None, atol: float = 1e-6) -> torch.Tensor:
    """Return ``value`` as float64 if it is non-negative and sums to one.

    ``axis=None`` asks the whole table to sum to one; an int or tuple asks each
    slice along that axis to (a conditional table ``p(z|x)`` uses ``axis=-1``). The tolerance
    ``atol=1e-6`` admits float32 tables, whose sums are off by about 1e-7.
    """
    t = as_tensor(name, value)
    if t.numel() == 0:
        raise ValueError(f"{name} must not be empty")
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} must be finite")
    if (t < 0).any():
        raise ValueError(f"{name} must be non-negative, got a minimum of {t.min().item():.3g}")
    total = t.sum() if axis is None else t.sum(dim=axis)
    if not torch.allclose(total, torch.ones_like(total), atol=atol, rtol=0):
        where = "in total" if axis is None else f"along axis {axis}"
        raise ValueError(f"{name} must sum to 1 {where}, got sums up to {total.max().item():.6g}"
                         f" (min {total.min().item():.6g})")
    return t


def require_data_matrix(name: str, value, *, dim: int | None = None, dtype=torch.float32) -> torch.Tensor:
    """Return ``value`` as an ``(n, d)`` tensor with ``n >= 1`` finite rows."""
    t = as_tensor(name, value, dtype=dtype)
    if t.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n, d), got shape {tuple(t.shape)}")
    if t.shape[0] == 0:
        raise ValueError(f"{name} must not be empty")
    if dim is not None and t.shape[1] != dim:
        raise ValueError(f"{name} must have {dim} columns, got shape {tuple(t.shape)}")
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} must be finite (found NaN or inf)")
    return t


def require_choice(name: str, value, choices) -> str:
    """Return ``value`` if it is one of ``choices``, else raise ``ValueError`` naming it."""
    if value not in choices:
        raise ValueError(f"{name} must be one of {list(choices)}, got {value!r}")
    return value


def require_instance(name: str, value, cls: type | tuple):
    """Return ``value`` if it is an instance of ``cls`` (a type or a tuple of types), else raise ``TypeError``
    naming it."""
    if not isinstance(value, cls):
        names = " or ".join(c.__name__ for c in (cls if isinstance(cls, tuple) else (cls,)))
        raise TypeError(f"{name} must be of type {names}, got {type(value).__name__}")
    return value


def require_seed(name: str, value) -> int | None:
    """Return ``value`` if it is None or a non-negative int (what a seed means: :func:`vigen.core.train.seed_all`)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 0:
        raise TypeError(f"{name} must be None or a non-negative int, got {value!r}")
    return int(value)


def resolve_seed(seed: int | None) -> int:
    """``seed`` itself, or for ``None`` a seed drawn from torch's global generator
    (:func:`vigen.core.train.seed_all`)."""
    return int(torch.randint(2**62, ()).item()) if seed is None else seed


def seed_generator(seed: int | None) -> torch.Generator:
    """A fresh CPU ``torch.Generator`` seeded by :func:`resolve_seed` of ``seed``."""
    return torch.Generator().manual_seed(resolve_seed(seed))


@contextmanager
def seeded(seed: int | None, device=None):
    """Inside the block, torch's generator (the CPU's, and ``device``'s when it is a GPU) is seeded by
    :func:`resolve_seed` of ``seed``; after it, the generators are back where they were."""
    seed = resolve_seed(seed)
    device = torch.device("cpu" if device is None else device)
    gpus = [device.index if device.index is not None else torch.cuda.current_device()] if device.type == "cuda" else []
    with torch.random.fork_rng(devices=gpus):
        torch.default_generator.manual_seed(seed)
        for index in gpus:
            with torch.cuda.device(index):
                torch.cuda.manual_seed(seed)
        yield
