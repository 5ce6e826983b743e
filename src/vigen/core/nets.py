"""Small MLP builders shared by the neural models, and what every model's ``from_config`` shares."""
from __future__ import annotations

from torch import nn

from vigen.core._validation import require_choice, require_instance, require_positive_int

__all__ = ["mlp", "Configured"]

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
    require_choice("activation", activation, _ACTIVATIONS)
    layers, width = [], in_dim
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), _ACTIVATIONS[activation]()]
        width = hidden
    layers.append(nn.Linear(width, out_dim))
    return nn.Sequential(*layers)


class Configured(nn.Module):
    """A model whose settings are a frozen config: ``Model.from_config(cfg, data_dim)`` for every model.

    The config's constructor checks the settings.  A model's own constructor gathers its keyword
    arguments into a config (so they are checked there, once), and both ways end in the model's
    ``_build(cfg, data_dim)``, which trusts them.  A subclass sets ``config_class``.
    """

    config_class: type = type(None)

    @classmethod
    def from_config(cls, cfg, data_dim: int):
        """A fresh model with the settings of ``cfg`` (checked when ``cfg`` was made), for rows of ``data_dim``."""
        require_instance("cfg", cfg, cls.config_class)
        model = cls.__new__(cls)
        nn.Module.__init__(model)
        model._build(cfg, require_positive_int("data_dim", data_dim))
        return model

    def _build(self, cfg, data_dim: int) -> None:
        raise NotImplementedError
