"""Build the book from stored outputs and inspect every page, offline, in headless Chromium.

Each page must build with zero warnings (-W -n), render all its math (MathJax
served locally by sphinx-mathjax-offline), leave no raw TeX delimiters behind,
and have no missing image or broken internal link.  Notebook pages must carry a
Colab launch link to a notebook that exists in the repository.
"""
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

import pageprobe
from bookinfo import ROOT, colab_url, source_of, toc_files

HTML = ROOT / "_build" / "html"
PAGES = toc_files()


@pytest.fixture(scope="session")
def built_book():
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(jb), "build", str(ROOT), "-W", "-n", "--keep-going"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    return proc


def test_book_builds_without_warnings(built_book):
    log = built_book.stdout + built_book.stderr
    warnings = [line for line in log.splitlines() if "WARNING" in line or "ERROR" in line]
    assert built_book.returncode == 0 and not warnings, "\n".join(warnings[:20]) or log[-3000:]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images, self.links, self.math = [], [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and attrs.get("src"):
            self.images.append(attrs["src"])
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in ("span", "div") and "math" in (attrs.get("class") or "").split():
            self.math += 1


def _parse(page: str) -> _Links:
    parser = _Links()
    parser.feed((HTML / f"{page}.html").read_text())
    return parser


def _local_target(page: str, ref: str):
    url = urlparse(ref)
    if url.scheme or ref.startswith(("#", "mailto:", "data:")):
        return None
    return ((HTML / page).parent / unquote(url.path)).resolve()


@pytest.mark.parametrize("page", PAGES)
def test_page_has_no_missing_image_or_broken_internal_link(built_book, page):
    assert built_book.returncode == 0
    parsed = _parse(page)
    missing = [src for src in parsed.images if (t := _local_target(page, src)) and not t.exists()]
    broken = [href for href in parsed.links if (t := _local_target(page, href)) and not t.exists()]
    assert not missing, f"missing images: {missing}"
    assert not broken, f"broken internal links: {broken}"


@pytest.mark.parametrize("page", [p for p in PAGES if source_of(p).suffix == ".ipynb"])
def test_notebook_page_has_colab_button_to_an_existing_notebook(built_book, page):
    html = (HTML / f"{page}.html").read_text()
    expected = colab_url(source_of(page))
    assert expected in html, f"no Colab launch link {expected}"
    assert (ROOT / expected.split("/blob/main/")[1]).exists()


_chromium = pageprobe.chromium


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_its_math_offline_in_chromium(built_book, page):
    """Once MathJax's startup promise has resolved, every math element is typeset and no TeX is left."""
    if _chromium() is None:
        if os.environ.get("VIGEN_SKIP_BROWSER") == "1":
            pytest.skip("VIGEN_SKIP_BROWSER=1 and no Chromium")
        pytest.fail("Chromium not found: run `bash scripts/setup.sh --browser` (apt-get install chromium)")
    expected = _parse(page).math
    dom = pageprobe.rendered_dom(page)
    assert "</html>" in dom, "Chromium returned no DOM"
    rendered = dom.count("<mjx-container")
    assert rendered >= expected, f"{rendered} rendered of {expected} math elements"
    text = re.sub(r"<(script|style|mjx-assistive-mml)\b.*?</\1>", "", dom, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    leftovers = [d for d in ("\\(", "\\[", "$$") if d in text]
    assert not leftovers, f"raw TeX delimiters left in the page: {leftovers}"


# --- the theme: one header, one search box, a sidebar toggle that works -----------------------------------

@pytest.mark.parametrize("width", [1280, 390])
def test_theme_has_one_header_and_search_box_and_a_working_sidebar_toggle(built_book, width):
    if _chromium() is None:
        pytest.skip("no Chromium (the math test reports it)")
    probe = pageprobe.probe("book/04_gan", width, pageprobe.THEME)
    assert probe["headers"] == 0, f"{probe['headers']} extra header bars"      # the article header is not .bd-header
    assert probe["search_boxes"] == (1 if width == 1280 else 0), probe          # on a phone: a search button only
    assert probe["shown_before"] == (width == 1280) and probe["shown_after"] == (width != 1280), probe


# --- everything fits: a laptop's column and a phone's -----------------------------------------------------

@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page", PAGES)
def test_page_fits_its_column(built_book, page, width):
    """At 1280 px no display equation, table or code block is wider than its column; at 390 px (a phone,
    where code and tables may scroll) no display equation is.  Collapsed blocks are not measured."""
    if _chromium() is None:
        pytest.skip("no Chromium (the math test reports it)")
    found = pageprobe.overflow(page, width)
    kinds = ("equation", "table", "code") if width == 1280 else ("equation",)
    wide = [f"{kind} in section {item['section']!r} is {item['excess']} px too wide: {item['text']}"
            for kind in kinds for item in found[kind]]
    assert not wide, "\n".join(wide)


HEIGHT_BUDGETS = {"book/04_gan": 18_000}
"""The tallest a chapter may be at 1280 px, in CSS pixels: a chapter teaches its idea, and its experiments
live on their own pages."""


@pytest.mark.parametrize("page", sorted(HEIGHT_BUDGETS))
def test_chapter_fits_its_height_budget_at_1280(built_book, page):
    if _chromium() is None:
        pytest.skip("no Chromium (the math test reports it)")
    height = pageprobe.probe(page, 1280, "return document.documentElement.scrollHeight;")
    assert height <= HEIGHT_BUDGETS[page], f"{page} is {height} px tall at 1280 px, over {HEIGHT_BUDGETS[page]}"


def test_no_page_loads_anything_from_the_network(built_book):
    """No script, stylesheet or image is fetched from another host: the book reads offline (and where CDNs
    are blocked).  Links to other sites are fine; they are not loaded."""
    remote = re.compile(r'<(?:script|img|iframe)\b[^>]*\bsrc="(?:https?:)?//|<link\b[^>]*\bhref="(?:https?:)?//[^"]*"'
                        r'[^>]*rel="stylesheet"|<link\b[^>]*rel="stylesheet"[^>]*href="(?:https?:)?//')
    loaded = {page: remote.findall((HTML / f"{page}.html").read_text()) for page in PAGES}
    assert not any(loaded.values()), {p: found for p, found in loaded.items() if found}


@pytest.mark.parametrize("page", PAGES)
def test_every_image_has_alt_text_a_reader_can_use(built_book, page):
    """A figure's image says what its caption says; no image is described by its file name."""
    images = re.findall(r'<img\b[^>]*>', (HTML / f"{page}.html").read_text())
    unnamed = [img for img in images if re.search(r'alt="[^"]*\.(png|svg|jpe?g|gif)"', img) or 'alt=' not in img]
    assert not unnamed, unnamed[:3]
