"""The chapter map: one row per chapter, consistent with the models' own FRAMEWORK rows, HTML that MathJax
typesets, and the front page's copy is what the code writes today."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from vigen.framework import framework_rows
from vigen.plots.diagram import CHAPTERS, COLUMNS, chapter_map_html

ROOT = Path(__file__).resolve().parents[1]


def test_one_row_per_model_chapter_in_order():
    assert [row.chapter for row in CHAPTERS] == [1, 2, 3, 4, 5, 6]


@pytest.mark.parametrize("chapter, framework_model", [(4, "GAN (non-saturating)"), (5, "AAE")])
def test_adversarial_slots_use_the_letters_of_the_models_framework_rows(chapter, framework_model):
    row = next(r for r in CHAPTERS if r.chapter == chapter)
    declared = next(r for r in framework_rows() if r["model"] == framework_model)
    for ours, theirs in ((row.first_slot, declared["first_slot"]), (row.second_slot, declared["second_slot"])):
        joint = theirs.split(" = ")[0]                 # e.g. "q(x,y)"
        assert ours.startswith("$" + joint), (ours, theirs)


def test_highlight_must_be_a_chapter():
    with pytest.raises(ValueError, match="highlight"):
        chapter_map_html(9)


def test_every_cell_is_labelled_for_the_phone_layout_and_math_is_marked_for_mathjax():
    page = chapter_map_html(4)
    assert page.count("<td ") == len(CHAPTERS) * len(COLUMNS)
    assert all(f'data-label="{title}"' in page for title in COLUMNS.values())
    assert "$" not in page, "TeX must be inside \\( \\) spans, not dollars"
    assert len(re.findall(r'<span class="math notranslate nohighlight">\\\(', page)) >= len(CHAPTERS) * 3
    assert 'class="chapter-map highlighted"' in page and 'class="chapter-map"' in chapter_map_html()


def test_the_page_styles_reflow_the_map_on_a_phone():
    css = (ROOT / "_static" / "vigen.css").read_text()
    assert "table.chapter-map td::before" in css and "content: attr(data-label)" in css
    assert "table.chapter-map.highlighted tr.other" in css


def test_front_page_copy_is_current(tmp_path):
    out = tmp_path / "chapter_map.html"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "write_chapter_map.py"), str(out)], check=True)
    committed = ROOT / "book" / "images" / "chapter_map.html"
    assert out.read_text() == committed.read_text(), \
        "book/images/chapter_map.html is stale: run python scripts/write_chapter_map.py"


def test_front_page_shows_the_map_once():
    intro = (ROOT / "book" / "intro.md").read_text()
    assert intro.count(":file: images/chapter_map.html") == 1
