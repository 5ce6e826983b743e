"""The core layer: what every chapter builds on, and what imports nothing else of vigen.

:mod:`~vigen.core.kl` (KL divergences and the joint-KL identity), :mod:`~vigen.core.data`
(the datasets), :mod:`~vigen.core.nets` (the MLP), :mod:`~vigen.core.train` (the one training
loop), :mod:`~vigen.core.check` (the notebooks' claim checks) and :mod:`~vigen.core.toys`
(chapter 1's exact toys).
"""
from vigen.core import check, data, kl, nets, toys, train

__all__ = ["check", "data", "kl", "nets", "toys", "train"]
