"""The ipywidgets explorers, one module per chapter, and a reader tool.

Explorers use only the ipywidgets API common to versions 7.7 (Colab) and 8:
sliders, ``interactive_output`` and ``Output``.  Each chapter also draws a
static figure of the same thing, because the published HTML cannot run Python.
"""
from __future__ import annotations

import inspect

from vigen.explore import aae, ali, em, gan, vae, vi

__all__ = ["show_source", "vi", "vae", "em", "gan", "aae", "ali"]


def show_source(obj) -> None:
    """Print the source code of a vigen function or class (Colab's view of ``literalinclude``)."""
    print(inspect.getsource(obj))
