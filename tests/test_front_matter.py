"""The front page's "Before you start" block against the notebooks it describes.

* The run time it states for each chapter must still be what the notebooks' stored execution timestamps give,
  rounded the way the page rounds them (``run_time_label``).
* Its Colab link must open chapter 1's notebook, which must exist.
"""
import datetime as dt
import json
import math
import re

import pytest

from bookinfo import BRANCH, REPO_URL, ROOT, colab_url, notebooks

INTRO = ROOT / "book" / "intro.md"
CHAPTER_1 = ROOT / "book" / "01_variational_inference.ipynb"


def before_you_start() -> str:
    """The text of the front page's "Before you start" section (up to the next level-2 heading)."""
    text = INTRO.read_text(encoding="utf-8")
    match = re.search(r"^## Before you start\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M)
    assert match, "book/intro.md has no '## Before you start' section"
    return match.group(1)


def stored_run_seconds(notebook) -> float:
    """Seconds from the first code cell's execute_input to the last code cell's execute_reply, as stored."""
    def stamp(value: str) -> dt.datetime:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))

    starts, ends = [], []
    for cell in json.loads(notebook.read_text(encoding="utf-8"))["cells"]:
        execution = cell.get("metadata", {}).get("execution") if cell["cell_type"] == "code" else None
        if execution:
            starts.append(stamp(execution["iopub.execute_input"]))
            ends.append(stamp(execution["shell.execute_reply"]))
    assert starts, f"{notebook.name} stores no execution timestamps"
    return (max(ends) - min(starts)).total_seconds()


def run_time_label(seconds: float) -> str:
    """The page's rounding: up to 10 s, 30 s or 1 min, then up to whole minutes."""
    if seconds < 10:
        return "under 10 s"
    if seconds < 30:
        return "under 30 s"
    return f"under {max(1, math.ceil(seconds / 60))} min"


def stated_run_times() -> dict:
    """{notebook path under book/: stated run time} from the block's table rows
    '| [N. title](0N_....ipynb) | time |' and '| [EN. title](experiments/....ipynb) | time |'."""
    rows = re.findall(r"^\|\s*\[[^\]]*\]\((0\d_[\w-]+\.ipynb|experiments/[\w-]+\.ipynb)\)\s*\|\s*([^|]*?)\s*\|\s*$",
                      before_you_start(), flags=re.M)
    return dict(rows)


def test_rounding_rule():
    assert [run_time_label(s) for s in (0.5, 9.9, 10, 29.9, 30, 59.9, 60, 61, 150)] == [
        "under 10 s", "under 10 s", "under 30 s", "under 30 s", "under 1 min", "under 1 min", "under 1 min",
        "under 2 min", "under 3 min"]


PAGES = sorted(p.relative_to(ROOT / "book").as_posix() for p in notebooks())


def test_every_notebook_has_a_stated_run_time():
    assert sorted(stated_run_times()) == PAGES


def stated_seconds(label: str) -> float:
    """The bound a label states: 'under 30 s' -> 30, 'under 2 min' -> 120."""
    match = re.fullmatch(r"under (\d+) (s|min)", label)
    assert match, f"a run time reads 'under N s' or 'under N min', got {label!r}"
    return int(match.group(1)) * (60 if match.group(2) == "min" else 1)


@pytest.mark.parametrize("name", PAGES)
def test_stated_run_time_holds_for_the_stored_outputs(name):
    """The stated bound must be true of the stored run (a re-run under load may need a larger bound); the
    page's rounding (run_time_label) gives the tightest label, which `python tests/test_front_matter.py`
    prints."""
    seconds = stored_run_seconds(ROOT / "book" / name)
    stated = stated_run_times().get(name)
    assert stated and seconds < stated_seconds(stated), (
        f"book/intro.md says {name} runs in {stated!r}, but its stored timestamps give {seconds:.1f} s "
        f"({run_time_label(seconds)!r}); update the table in 'Before you start'")


def test_times_are_said_to_come_from_a_two_core_cpu():
    assert "2-core CPU" in before_you_start()


def test_colab_link_opens_chapter_1():
    links = re.findall(r"https://colab\.research\.google\.com/github/[^\s)\"'>]+", before_you_start())
    assert links, "no Colab link in 'Before you start'"
    assert CHAPTER_1.exists()
    expected = colab_url(CHAPTER_1)
    assert expected.startswith(f"https://colab.research.google.com/github/{REPO_URL.split('github.com/')[1]}/"
                               f"blob/{BRANCH}/")
    for link in links:
        assert link == expected
        assert (ROOT / link.split(f"/blob/{BRANCH}/", 1)[1]).is_file()


if __name__ == "__main__":   # print the table rows for book/intro.md from the notebooks as stored now
    for notebook in notebooks():
        seconds = stored_run_seconds(notebook)
        print(f"{notebook.relative_to(ROOT / 'book').as_posix():38s} {seconds:6.1f} s  {run_time_label(seconds)}")
