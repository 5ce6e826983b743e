"""The figures, one module per chapter, and the helpers several chapters share.

Every function draws on ``ax`` (a new one if None), returns it, sets no figure size or
title, never calls ``plt.show()`` (the notebook owns the figure) and computes nothing
that a model, a metric or an exact check should compute.
"""
from vigen.plots import aae, ali, em, gan, vae, vi
from vigen.plots.common import curves, gaussian_ellipse, history, samples_2d

__all__ = ["vi", "vae", "em", "gan", "aae", "ali", "curves", "gaussian_ellipse", "history", "samples_2d"]
