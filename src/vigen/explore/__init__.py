"""The explorers, one module per chapter, and a reader tool.

Each explorer has two faces drawn by one function (:mod:`vigen.explore.faces`): live sliders in Jupyter
and Colab (the ipywidgets API common to versions 7.7 and 8: sliders, ``interactive_output`` and
``Output``), and on the published page, which cannot run Python, a filmstrip of the same figure at a few
slider positions.
"""
from __future__ import annotations

import inspect

from vigen.explore import aae, ali, em, faces, gan, vae, vi

__all__ = ["show_source", "faces", "vi", "vae", "em", "gan", "aae", "ali"]


def show_source(obj) -> None:
    """Print the source code of a vigen function or class (Colab's view of ``literalinclude``)."""
    print(inspect.getsource(obj))
