"""Root pytest configuration: nbval's sanitize file, found from any working directory."""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    # nbval resolves --sanitize-with relative to the working directory; pin it here.
    option = config.option
    if hasattr(option, "nbval_sanitize_with") and not (option.nbval_sanitize_with or option.sanitize_with):
        option.nbval_sanitize_with = str(ROOT / "nbval_sanitize.cfg")


def pytest_collection_modifyitems(config, items):
    """Mark the slow layer (nbval over the notebooks, the book build and its browser checks) as ``slow``,
    so that ``scripts/test.sh --fast`` (``-m "not slow"``) runs only the unit tests and doctests."""
    import pytest

    for item in items:
        if item.path.suffix == ".ipynb" or item.path.name == "test_book_build.py":
            item.add_marker(pytest.mark.slow)
