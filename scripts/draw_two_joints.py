"""Write the front page's chapter map, book/images/two_joints.svg, from vigen.plots.diagram.

Usage: python scripts/draw_two_joints.py [PATH]   (tests/test_diagram.py checks the committed file is current)
"""
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

from vigen.plots.diagram import write_svg  # noqa: E402

write_svg(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "book/images/two_joints.svg")
