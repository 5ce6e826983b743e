"""The book's contract with Colab, nbval and the table of contents (no build needed)."""
import json
import re

import pytest

from bookinfo import BRANCH, CONFIG, REPO_URL, ROOT, chapters, notebooks, source_of, toc_files

NOTEBOOKS = notebooks()
CHAPTERS = chapters()


def test_toc_lists_only_existing_pages_and_every_notebook():
    pages = [source_of(p) for p in toc_files()]  # raises if a page is missing
    assert set(NOTEBOOKS) <= set(pages), "a notebook in book/ is missing from _toc.yml"


def test_config_facts_the_build_relies_on():
    assert CONFIG["only_build_toc_files"] is True
    assert CONFIG["repository"]["path_to_book"] == "" and BRANCH == "main"
    assert {".venv", "node_modules", "_build"} <= set(CONFIG["exclude_patterns"])
    assert "sphinx-mathjax-offline" in CONFIG["sphinx"]["extra_extensions"]
    assert CONFIG["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    # _static holds page styles only: no hand-written scripts stand in for the Sphinx extensions
    assert [f.name for f in (ROOT / "_static").iterdir()] == ["vigen.css"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_hygiene(path):
    nb = json.loads(path.read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3", "Colab's launch button needs a python3 kernelspec"
    code = [c for c in nb["cells"] if c["cell_type"] == "code" and "".join(c["source"]).strip()]
    counts = [c["execution_count"] for c in code]
    assert None not in counts, "unexecuted code cells are silently skipped by nbval"
    assert counts == list(range(counts[0], counts[0] + len(counts))), "re-run top to bottom in a fresh kernel"
    errors = [o for c in code for o in c["outputs"] if o["output_type"] == "error"]
    assert not errors or any("raises-exception" in c["metadata"].get("tags", []) for c in code)
    assert path.stat().st_size < 3_000_000, "keep notebooks small (fewer frames, lower dpi)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_first_cell_installs_vigen_from_the_configured_repository(path):
    nb = json.loads(path.read_text())
    first = next(c for c in nb["cells"] if c["cell_type"] == "code")
    source = "".join(first["source"])
    urls = re.findall(r'"vigen @ git\+(\S+?)@(\S+?)"', source)
    assert urls == [(REPO_URL, BRANCH)], f"install cell must use {REPO_URL}@{BRANCH}, found {urls}"
    assert '"google.colab" in sys.modules' in source and 'find_spec("vigen") is None' in source
    assert "--no-deps" in source and " -q" not in source, "no-deps, and pip output visible for Colab's restart check"
    # Colab runs it; the book does not show it (it would be a collapsed bar above the chapter title)
    assert "remove-cell" in first["metadata"].get("tags", [])


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_opens_with_source_box_and_goals(path):
    nb = json.loads(path.read_text())
    md = "".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    assert md.lstrip().startswith("#"), "a chapter starts with its title"
    assert "{admonition} Source" in md and "Learning goals" in md
    assert "{exercise}" in md and "## Summary" in md


def test_protocol_page_lists_the_published_rows_and_targets_vigen_uses():
    """The evaluation protocol page types the published rows and targets for readers; they must be vigen's."""
    from vigen.report import MODE_TARGETS, PUBLISHED_MODE_ROWS

    page = (ROOT / "book" / "protocol.md").read_text()
    cell = lambda t: " / ".join("–" if v is None else f"{v:g}" for v in t)  # noqa: E731
    for model, ring, grid, source in PUBLISHED_MODE_ROWS:
        row = rf"\| {re.escape(model)} \| {re.escape(cell(ring))} \| {re.escape(cell(grid))} \|"
        assert re.search(row, page), model
    for modes, hq, rev_kl in MODE_TARGETS.values():
        assert f"{modes:g} modes" in page and f"{100 * hq:g} % HQ" in page
        assert rev_kl is None or f"{rev_kl:g}" in page
    assert "brief" not in page.lower()


def test_no_project_internal_words_in_the_book_or_the_package():
    """The book and vigen's docstrings speak to readers: no working documents, issues or sessions."""
    internal = re.compile(r"\b(brief|issue \d+|session)\b", re.IGNORECASE)
    files = [*(ROOT / "book").glob("*.md"), *NOTEBOOKS, *(ROOT / "src" / "vigen").rglob("*.py")]
    hits = [f"{p.name}: {m.group(0)}" for p in files for m in internal.finditer(p.read_text())]
    assert not hits, hits


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_widget_state(path):
    """Stored widget state draws dead sliders from CDN scripts on the page
    (scripts/strip_widget_state.py removes it)."""
    nb = json.loads(path.read_text())
    assert "widgets" not in nb["metadata"], "run: python scripts/strip_widget_state.py " + path.name
    views = [c for c in nb["cells"] for o in c.get("outputs", [])
             if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert not views, "run: python scripts/strip_widget_state.py " + path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_explorer_has_a_static_face_and_a_colab_note(path):
    """An explorer's live output is not published (it would be dead sliders); within the next few cells the
    page shows a numbered, captioned static face (a filmstrip, a traversal grid or an animation) and a note
    that links to this chapter in Colab, where the sliders work."""
    from bookinfo import colab_url

    cells = json.loads(path.read_text())["cells"]
    for i, cell in enumerate(cells):
        if cell["cell_type"] != "code" or not re.search(r"vg\.explore\.\w+\.\w+_explorer\(", "".join(cell["source"])):
            continue
        assert "remove-output" in cell["metadata"].get("tags", []), f"cell {i}: the live output must be removed"
        near = cells[max(0, i - 6):i + 4]
        faces = [c for c in near if c["metadata"].get("mystnb", {}).get("figure", {}).get("caption")
                 or "{glue:figure}" in "".join(c["source"])]
        notes = [c for c in near if c["cell_type"] == "markdown" and colab_url(path) in "".join(c["source"])]
        assert faces, f"cell {i}: no captioned static face next to the explorer"
        assert notes, f"cell {i}: no note linking to {colab_url(path)}"


@pytest.mark.parametrize("path", [p for p in CHAPTERS if int(p.name[:2]) <= 6], ids=lambda p: p.name)
def test_chapter_shows_the_chapter_map_with_its_row_highlighted(path):
    """The front page's chapter map, at the top of each chapter that fits a model (before its first section),
    as the HTML table that reflows on a phone, not as a numbered figure."""
    cells = json.loads(path.read_text())["cells"]
    first_section = next(i for i, c in enumerate(cells) if c["cell_type"] == "markdown"
                         and re.search(r"^## ", "".join(c["source"]), re.M))
    wanted = f"vg.plots.diagram.chapter_map(highlight={int(path.name[:2])})"
    top = [c for c in cells[:first_section] if "".join(c["source"]).strip() == wanted]
    assert top, wanted
    assert "mystnb" not in top[0]["metadata"], "the map is a table, not a numbered figure"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_stored_progress_bar(path):
    """A stored tqdm bar is a frozen widget or a line of carriage returns on the page: training cells pass
    ``progress=False``."""
    bar = re.compile(r"\d+%\|.*\|\s*\d+/\d+|it/s\]")
    cells = json.loads(path.read_text())["cells"]
    stored = [i for i, c in enumerate(cells) for o in c.get("outputs", [])
              if bar.search("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", "")))]
    assert not stored, f"cells {stored} store a progress bar"
