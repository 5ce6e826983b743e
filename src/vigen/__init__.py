"""vigen: generative models as variational inference on a joint distribution.

The package behind the book: each module holds one idea, and the chapters
import it as ``import vigen as vg``.
"""
from . import adversarial, check, data, explore, framework, kl, metrics, nets, plots, toys, train
from .explore import show_source
from .kl import joint_kl, kl_discrete, kl_normal, mc_kl
from .train import TrainConfig, default_device, fit, seed_all

__version__ = "0.1.0"

__all__ = [
    "adversarial", "check", "data", "explore", "framework", "kl", "metrics", "nets", "plots", "toys", "train",
    "show_source", "joint_kl", "kl_discrete", "kl_normal", "mc_kl",
    "TrainConfig", "default_device", "fit", "seed_all", "__version__",
]
