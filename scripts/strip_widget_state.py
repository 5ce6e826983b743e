"""Remove stored ipywidgets state from notebooks (run after `jupyter execute --inplace`).

A stored widget state makes the published page load widget scripts from a CDN and draw sliders that change
nothing; the explorers run live in Jupyter and Colab, and the page shows a static figure instead.
Usage: python scripts/strip_widget_state.py book/*.ipynb
"""
import json
import sys

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            out.get("data", {}).pop(WIDGET_VIEW, None)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
