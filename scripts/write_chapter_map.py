"""Write the front page's chapter map, book/images/chapter_map.html, from vigen.plots.diagram.

Usage: python scripts/write_chapter_map.py [PATH]   (tests/test_diagram.py checks the committed file is current)
"""
import sys
from pathlib import Path

from vigen.plots.diagram import write_html

write_html(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "book/images/chapter_map.html")
