"""The two-joints diagram: one row per chapter, consistent with the models' own FRAMEWORK rows, and the
front page's SVG is what the code draws today."""
import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from vigen.framework import framework_rows  # noqa: E402
from vigen.plots.diagram import CHAPTERS, two_joints  # noqa: E402

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
        two_joints(9)


def test_front_page_svg_is_the_current_drawing(tmp_path):
    out = tmp_path / "two_joints.svg"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "draw_two_joints.py"), str(out)], check=True)
    committed = ROOT / "book" / "images" / "two_joints.svg"
    assert out.read_bytes() == committed.read_bytes(), \
        "book/images/two_joints.svg is stale: run python scripts/draw_two_joints.py"


def test_front_page_shows_the_map():
    assert "```{figure} images/two_joints.svg" in (ROOT / "book" / "intro.md").read_text()
