"""vigen: generative models as variational inference on a joint distribution.

The package behind the book, in layers, each a folder, each importing only those listed
before it:

* :mod:`vigen.core`: KL divergences, data, networks, the training loop, the checks, chapter 1's toys;
* :mod:`vigen.models`: one model per chapter (VAE, EM, GAN, AAE, ALI);
* :mod:`vigen.exact`: each chapter's identities on finite tables;
* :mod:`vigen.metrics`: how a model is scored;
* :mod:`vigen.report`: the stored results, published rows and targets, as tables;
* :mod:`vigen.plots` and :mod:`vigen.explore`: one file of figures and one of explorers per chapter;
* :mod:`vigen.framework`: chapter 7's tables, read from the models;
* :mod:`vigen.bench`: the benchmarks (``python -m vigen.bench NAME``).

The chapters import it as ``import vigen as vg``; the core modules and the models are
also reachable by their short names (``vg.kl``, ``vg.data``, ``from vigen import em``).
"""
from vigen import core, exact, explore, framework, metrics, models, plots, report
from vigen.core import check, data, kl, nets, toys, train
from vigen.core.kl import joint_kl, kl_discrete, kl_normal, mc_kl
from vigen.core.train import TrainConfig, default_device, fit, seed_all
from vigen.explore import show_source
from vigen.models import aae, adversarial, ali, em, gan, vae

__version__ = "0.1.0"

__all__ = [
    "core", "models", "exact", "metrics", "report", "plots", "explore", "framework",
    "check", "data", "kl", "nets", "toys", "train", "adversarial", "vae", "em", "gan", "aae", "ali",
    "show_source", "joint_kl", "kl_discrete", "kl_normal", "mc_kl",
    "TrainConfig", "default_device", "fit", "seed_all", "__version__",
]
