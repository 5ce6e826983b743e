"""Chapters teach, the Experiments part tests.

A chapter keeps one headline result and a "What the experiments show" box that links to its experiment page;
target lines, sweep tables and preset-selection checks live on the experiment pages, and a chapter's prose stays
within its word budget (counted by ``tests/prose.py``).  Every experiment page is in the table of contents, opens
with its question and the evaluation protocol, and says what its numbers do not show.
"""
import json
import re

import pytest

from bookinfo import ROOT, TOC, chapters, experiments
from prose import prose, prose_words

CHAPTERS = chapters()
EXPERIMENTS = experiments()

WORD_BUDGET = 4000
"""The most words of prose in any chapter."""
WORD_BUDGETS = {"04_gan.ipynb": 3000}
"""Tighter budgets, by chapter."""

BENCHMARK_CALLS = re.compile(r"\b(print_report|target_report|ll_target_report|stacked_target_report|em_targets_met"
                             r"|\w+_sweep_table|\w+_sweep_winners|gan_sweep_axes)\(")
"""The report functions that print targets, sweeps or the checks of a sweep's choice: experiment pages only."""
TARGET_LINE = re.compile(r"\b(NOT met|NOT reached)\b|\): met\b|: reached\b")


def _cells(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _outputs(cell) -> str:
    return "".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/markdown", ""))
                   for o in cell.get("outputs", []))


def test_the_budget_counts_prose_not_markup():
    text = "Two words $x + y$ and\n\n$$\na = b\n$$ (eq:one)\n\n```{admonition} Box\n:class: tip\nthree more words\n```"
    assert prose(text).split() == ["Two", "words", "and", "three", "more", "words"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_prose_is_within_its_word_budget(path):
    budget = WORD_BUDGETS.get(path.name, WORD_BUDGET)
    words = prose_words(path)
    assert words <= budget, f"{path.name} has {words} words of prose, over its budget of {budget}"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_prints_no_target_line_and_holds_no_sweep(path):
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        assert not BENCHMARK_CALLS.search(source), f"cell {i}: targets and sweeps belong on an experiment page"
        assert not TARGET_LINE.search(_outputs(cell)), f"cell {i} prints a target line"


@pytest.mark.parametrize("path", [p for p in CHAPTERS if 2 <= int(p.name[:2]) <= 6], ids=lambda p: p.name)
def test_chapter_has_one_what_the_experiments_show_box_linking_to_its_pages(path):
    markdown = ["".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown"]
    boxes = [m for m in markdown if "{admonition} What the experiments show" in m]
    assert len(boxes) == 1, f"{path.name}: {len(boxes)} 'What the experiments show' boxes"
    pages = set(re.findall(r"\]\(experiments/(\w+)\.ipynb", boxes[0]))
    assert pages, "the box links to its experiment page"
    assert pages <= {p.stem for p in EXPERIMENTS}


def test_every_experiment_page_is_in_the_experiments_part_in_order():
    part = next(p for p in TOC["parts"] if p["caption"] == "Experiments")
    listed = [entry["file"] for entry in part["chapters"]]
    assert sorted(listed) == sorted(f"book/experiments/{p.stem}" for p in EXPERIMENTS)
    numbers = [re.match(r"# E(\d+)\. ", "".join(_first_markdown(ROOT / f"{f}.ipynb"))).group(1) for f in listed]
    assert numbers == [str(i) for i in range(1, len(listed) + 1)], "pages are numbered E1, E2, … in toc order"


def _first_markdown(path):
    return next("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", EXPERIMENTS, ids=lambda p: p.name)
def test_experiment_page_opens_with_its_question_and_the_protocol(path):
    opening = _first_markdown(path)
    assert re.match(r"# E\d+\. ", opening), "an experiment page starts with its number and title"
    assert "question" in opening.lower(), "it says which question it answers"
    assert "(../protocol.md)" in "".join("".join(c["source"]) for c in _cells(path)), "it links the protocol"


@pytest.mark.parametrize("path", EXPERIMENTS, ids=lambda p: p.name)
def test_experiment_page_says_what_its_numbers_do_not_show(path):
    text = "".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == "markdown")
    assert re.search(r"do(es)? not show", text), f"{path.name}: say what the numbers do not show"
