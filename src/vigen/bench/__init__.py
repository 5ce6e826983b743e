"""Benchmarks: the long runs behind the book's tables.

``python -m vigen.bench NAME [options]`` runs ``main(argv)`` of the module
``vigen.bench.NAME`` (the list is ``BENCHMARKS`` of ``vigen.bench.__main__``), which
writes ``results/NAME.json`` through :func:`vigen.bench.io.write_results`, with its
``summary`` (mean ± standard error per configuration) from :func:`vigen.report.summarize_results`.
The chapters read the results through :mod:`vigen.report`; they never re-run the long protocol.
"""
