"""The figures, one module per chapter, and the helpers several chapters share.

Every function draws on ``ax`` (a new one if None), returns it, sets no figure size or
title, never calls ``plt.show()`` (the notebook owns the figure) and computes nothing
that a model, a metric or an exact check should compute.  Three modules serve every chapter:
:mod:`vigen.plots.style` (how figures look on the page), :mod:`vigen.plots.animation` (animations as
figures) and :mod:`vigen.plots.diagram` (the two joints).
"""
from vigen.plots import aae, ali, animation, diagram, em, gan, style, vae, vi
from vigen.plots.common import curves, gaussian_ellipse, history, samples_2d

__all__ = ["animation", "diagram", "style", "vi", "vae", "em", "gan", "aae", "ali",
           "curves", "gaussian_ellipse", "history", "samples_2d"]
