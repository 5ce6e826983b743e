"""How many words of prose a notebook page holds: the measure behind the chapters' word budgets.

Prose is the text of the Markdown cells, less what a reader does not read as sentences: display and inline
math, code fences and spans, directive and option lines (the text inside an admonition or a proposition
counts), roles such as citations and cross-references, link targets and HTML tags.  A word is a run of
letters or digits.

``python tests/prose.py`` prints the count for every notebook of the book.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_DISPLAY_MATH = re.compile(r"\$\$.*?\$\$(\s*\([\w:-]+\))?", re.S)
_CODE_FENCE = re.compile(r"^```(?!\{)[^\n]*\n.*?^```\s*$", re.S | re.M)   # a plain code fence, not a directive
_LITERAL_DIRECTIVE = re.compile(r"^```\{(literalinclude|code-block|code|math|glue:\w+|raw)\}.*?^```\s*$",
                                re.S | re.M)
_INLINE_MATH = re.compile(r"(?<!\\)\$[^$\n]+?\$")
_ROLE = re.compile(r"\{[\w:-]+\}`[^`]*`")
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_HTML_TAG = re.compile(r"<[^>\n]+>")
_MARKUP_LINE = re.compile(r"^\s*(```|:::|:[\w-]+:).*$", re.M)
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def prose(markdown: str) -> str:
    """The prose of one Markdown cell, markup removed."""
    text = _DISPLAY_MATH.sub(" ", markdown)
    text = _LITERAL_DIRECTIVE.sub(" ", text)
    text = _CODE_FENCE.sub(" ", text)
    text = _MARKUP_LINE.sub(" ", text)
    for pattern in (_ROLE, _INLINE_MATH, _CODE_SPAN, _LINK_TARGET, _HTML_TAG):
        text = pattern.sub(" ", text)
    return text


def prose_words(notebook: Path) -> int:
    """The number of words of prose in a notebook's Markdown cells."""
    cells = json.loads(Path(notebook).read_text(encoding="utf-8"))["cells"]
    return sum(len(_WORD.findall(prose("".join(c["source"])))) for c in cells if c["cell_type"] == "markdown")


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "book").rglob("*.ipynb"))
    for path in paths:
        print(f"{prose_words(path):6d}  {path.relative_to(ROOT) if path.is_absolute() else path}")
