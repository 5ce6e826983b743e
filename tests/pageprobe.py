"""Load a built page in headless Chromium with a probe script and read back what the script measured.

The probe runs after the page (and MathJax) has loaded, writes a JSON object into an attribute of <body>,
and Chromium's ``--dump-dom`` returns it.  Two probes are used by the book tests:

* the **theme probe** counts the visible header bars and search boxes, clicks the sidebar toggle and says
  whether the primary sidebar was shown before and after;
* the **overflow probe** lists every display equation, table and code block that is wider than the column
  it sits in (``scrollWidth`` against ``clientWidth``, and the right edge against the article's).

Run as a script to print the overflow counts of every page at 1280 px and 390 px::

    python tests/pageprobe.py [page ...]

(``VIGEN_HTML=<path-output>/_build/html`` reads a build made with ``jupyter-book build . --path-output``.)
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bookinfo import ROOT, toc_files  # noqa: E402

HTML = Path(os.environ.get("VIGEN_HTML", ROOT / "_build" / "html"))   # another build: VIGEN_HTML=<dir>/_build/html
WIDTHS = (1280, 390)


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


THEME = """
  const bar = document.querySelector('.bd-sidebar-primary');
  bar.style.transition = 'none';        // headless virtual time does not run CSS transitions
  const shown = () => getComputedStyle(bar).visibility === 'visible' && bar.getBoundingClientRect().right > 0;
  const visible = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetHeight > 0).length;
  const before = shown();
  document.querySelector('.primary-toggle').click();
  setTimeout(() => report({headers: visible('.bd-header'),
                           search_boxes: visible('.search-button-field, input[type=search]'),
                           shown_before: before, shown_after: shown()}), 1000);
"""

OVERFLOW = """
  const article = document.querySelector('.bd-article') || document.body;
  const right = article.getBoundingClientRect().right;
  const kinds = {equation: 'mjx-container[display="true"]', table: 'table',
                 code: 'div.highlight pre, div.cell_output pre, div.output pre'};
  const out = {};
  for (const [kind, sel] of Object.entries(kinds)) {
    out[kind] = [];
    for (const el of article.querySelectorAll(sel)) {
      if (!el.offsetWidth || el.closest('details:not([open])')) continue;     // a collapsed block is not seen
      const box = el.getBoundingClientRect();
      const excess = Math.max(el.scrollWidth - el.clientWidth, box.right - right);
      if (excess > 2) {
        const section = el.closest('section');
        out[kind].push({excess: Math.round(excess), section: section ? section.id : '',
                        text: (el.textContent || '').replace(/\\s+/g, ' ').slice(0, 60)});
      }
    }
    out[kind + '_total'] = [...article.querySelectorAll(sel)].length;
  }
  report(out);
"""


def probe(page: str, width: int, script: str, height: int = 900) -> dict:
    """Load ``_build/html/<page>.html`` in a ``width``-px frame, run ``script`` once the page has loaded (it
    calls ``report(obj)`` with what it measured) and return that object.

    The page is loaded in an iframe because headless Chromium's window is never narrower than 500 px; the
    frame is the phone's viewport.  Scrollbars are hidden, as on a phone."""
    inject = ("<script>\nwindow.addEventListener('load', () => setTimeout(() => {\n"
              "  const report = obj => parent.postMessage(JSON.stringify(obj), '*');\n"
              + script + "}, 1500));\n</script></body>")
    source = HTML / f"{page}.html"
    inner = source.with_name(source.stem + ".probe-inner.html")    # beside the page: its relative links resolve
    outer = source.with_name(source.stem + ".probe.html")
    inner.write_text(source.read_text().replace("</body>", inject))
    outer.write_text(f"""<html><body style="margin:0">
<iframe src="{inner.name}" style="width:{width}px;height:{height}px;border:0"></iframe>
<script>addEventListener('message', e => document.body.setAttribute('data-probe', e.data));</script>
</body></html>""")
    try:
        with tempfile.TemporaryDirectory() as profile:
            cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                   "--hide-scrollbars", f"--user-data-dir={profile}", "--virtual-time-budget=20000",
                   f"--window-size={max(width, 500) + 20},{height + 20}", "--dump-dom", outer.as_uri()]
            dom = subprocess.run(cmd, capture_output=True, text=True, timeout=180).stdout
    finally:
        inner.unlink()
        outer.unlink()
    found = re.search(r'data-probe="([^"]*)"', dom)
    if not found:
        raise RuntimeError(f"the probe script did not run on {page} at {width} px")
    return json.loads(html.unescape(found.group(1)))


def overflow(page: str, width: int) -> dict:
    """The display equations, tables and code blocks of ``page`` wider than their column at ``width`` px."""
    return probe(page, width, OVERFLOW)


if __name__ == "__main__":
    pages = sys.argv[1:] or toc_files()
    totals = {(w, k): 0 for w in WIDTHS for k in ("equation", "table", "code")}
    for page in pages:
        for width in WIDTHS:
            found = overflow(page, width)
            counts = {k: len(found[k]) for k in ("equation", "table", "code")}
            for k, n in counts.items():
                totals[width, k] += n
            print(f"{page:32s} {width:5d}px  " + "  ".join(f"{k} {n}/{found[k + '_total']}"
                                                         for k, n in counts.items()), flush=True)
            for k in ("equation", "table", "code"):
                for item in found[k]:
                    print(f"    {k:8s} +{item['excess']:4d}px  §{item['section']}: {item['text']}")
    print("total:", "  ".join(f"{w}px {k} {n}" for (w, k), n in totals.items()))
