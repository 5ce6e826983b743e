"""The models layer, one module per chapter: :mod:`~vigen.models.vae` (chapter 2),
:mod:`~vigen.models.em` (chapter 3), :mod:`~vigen.models.gan` (chapter 4),
:mod:`~vigen.models.aae` (chapter 5) and :mod:`~vigen.models.ali` (chapter 6), plus the
discriminator pieces they share (:mod:`~vigen.models.adversarial`).

A model imports only :mod:`vigen.core` and other models, never the metrics, plots,
explorers, report or benchmarks.
"""
from vigen.models import aae, adversarial, ali, em, gan, vae

__all__ = ["vae", "em", "adversarial", "gan", "aae", "ali"]
