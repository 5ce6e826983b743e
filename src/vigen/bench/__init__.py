"""Benchmarks: the long runs behind the book's tables.

``python -m vigen.bench NAME [options]`` runs ``main(argv)`` of the module
``vigen.bench.NAME``, which writes ``book/results/NAME.json`` through
:func:`write_results`.  ``book/results`` links to the package's ``vigen/results``
folder (:func:`results_path`), so the results also ship to Colab.  The chapters
load them with :func:`load_results`; they never re-run the long protocol.
"""
from ._modes import difference, samples_path, summarize
from .io import Timer, load_results, machine_info, results_path, write_results

__all__ = ["machine_info", "write_results", "results_path", "load_results", "Timer", "summarize", "difference",
           "samples_path"]
