"""Small MLP builders shared by the neural models."""
from __future__ import annotations

from torch import nn

from vigen.core._validation import require_positive_int

__all__ = ["mlp"]

_ACTIVATIONS = {"relu": nn.ReLU, "tanh": nn.Tanh, "leaky_relu": lambda: nn.LeakyReLU(0.2), "elu": nn.ELU}


def mlp(in_dim: int, out_dim: int, *, hidden: int = 128, depth: int = 2, activation: str = "relu") -> nn.Sequential:
    """A fully connected network ``in_dim -> hidden x depth -> out_dim`` (no output activation).

    Examples
    --------
    >>> mlp(2, 1, hidden=16, depth=2)
    Sequential(
      (0): Linear(in_features=2, out_features=16, bias=True)
      (1): ReLU()
      (2): Linear(in_features=16, out_features=16, bias=True)
      (3): ReLU()
      (4): Linear(in_features=16, out_features=1, bias=True)
    )
    """
    in_dim, out_dim = require_positive_int("in_dim", in_dim), require_positive_int("out_dim", out_dim)
    hidden, depth = require_positive_int("hidden", hidden), require_positive_int("depth", depth)
    if activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(_ACTIVATIONS)}, got {activation!r}")
    layers, width = [], in_dim
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), _ACTIVATIONS[activation]()]
        width = hidden
    layers.append(nn.Linear(width, out_dim))
    return nn.Sequential(*layers)
