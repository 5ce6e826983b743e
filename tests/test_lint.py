"""The linter runs with the tests, with the rules of pyproject.toml (so the ``# noqa`` comments mean something)."""
import subprocess
import sys

from bookinfo import ROOT


def test_ruff_finds_nothing():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "src", "tests", "conftest.py", "scripts"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
