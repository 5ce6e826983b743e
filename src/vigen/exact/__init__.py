"""The exact layer: each chapter's identities on finite tables, where every expectation is a sum.

:mod:`~vigen.exact.gan` (chapter 4, and chapter 7's chain rule of the GAN's label joint),
:mod:`~vigen.exact.aae` (chapter 5) and :mod:`~vigen.exact.ali` (chapter 6).  The chapters'
check cells and the tests compare the models against these.
"""
from vigen.exact import aae, ali, gan

__all__ = ["gan", "aae", "ali"]
