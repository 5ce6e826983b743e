"""Root pytest configuration: nbval's sanitize file, found from any working directory."""
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    # nbval resolves --sanitize-with relative to the working directory; pin it here.
    if hasattr(config.option, "sanitize_with") and not config.option.sanitize_with:
        config.option.sanitize_with = str(ROOT / "nbval_sanitize.cfg")
