"""Root pytest configuration: nbval's sanitize file, found from any working directory, and one global random
state for every test."""
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent


def _seed_global_generators():
    import vigen

    vigen.seed_all(0)


def pytest_configure(config):
    _seed_global_generators()       # what test modules draw when they are imported (collected)
    # nbval resolves --sanitize-with relative to the working directory; pin it here.
    option = config.option
    if hasattr(option, "nbval_sanitize_with") and not (option.nbval_sanitize_with or option.sanitize_with):
        option.nbval_sanitize_with = str(ROOT / "nbval_sanitize.cfg")


@pytest.fixture(autouse=True)
def seeded_global_state():
    """Every test starts from ``vigen.seed_all(0)``.  torch seeds its global generator from the OS at start-up,
    so a test that draws from it without a seed (a network built without one, say) would pass or fail by
    chance, and a failure could not be replayed; seeded, it fails every time or never, whatever ran before."""
    _seed_global_generators()


def pytest_collection_modifyitems(config, items):
    """Mark the slow layer (nbval over the notebooks, the book build and its browser checks) as ``slow``,
    so that ``scripts/test.sh --fast`` (``-m "not slow"``) runs only the unit tests and doctests."""
    for item in items:
        if item.path.suffix == ".ipynb" or item.path.name == "test_book_build.py":
            item.add_marker(pytest.mark.slow)
