"""Load a built page in headless Chromium, wait until the page says it is ready, and read back what a probe
script measured.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``: no port, no extra
package).  A probe is an ``async`` JavaScript function body that returns a JSON-able value; it runs only once
the page has fired its ``load`` event, MathJax's startup promise (the initial typesetting) has resolved and the
web fonts have loaded: the page's own ready signals, not a time budget that a busy machine could exhaust.
The book tests use three probes:

* the **DOM probe** returns the rendered page's HTML (the math test counts MathJax's output in it);
* the **theme probe** counts the visible header bars and search boxes, clicks the sidebar toggle and says
  whether the primary sidebar was shown before and after;
* the **overflow probe** lists every display equation, table and code block that is wider than the column
  it sits in (``scrollWidth`` against ``clientWidth``, and the right edge against the article's).

The page is laid out at the given width by device-metrics emulation (headless Chromium's window is never
narrower than 500 px, but the emulated viewport is), with scrollbars hidden, as on a phone.

Run as a script to print the overflow counts of every page at 1280 px and 390 px::

    python tests/pageprobe.py [page ...]

(``VIGEN_HTML=<path-output>/_build/html`` reads a build made with ``jupyter-book build . --path-output``.)
"""
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bookinfo import ROOT, toc_files  # noqa: E402

HTML = Path(os.environ.get("VIGEN_HTML", ROOT / "_build" / "html"))   # another build: VIGEN_HTML=<dir>/_build/html
WIDTHS = (1280, 390)
HANG = 240
"""Seconds after which a page that never becomes ready counts as hung.  A guard against a dead browser, not a
budget: a probe answers as soon as its page is ready, which on a 2-core machine, browser start included, takes
a few seconds even with the other core busy."""

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--hide-scrollbars", "--remote-debugging-pipe", "about:blank"]


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    return None


READY = """
  const frames = n => new Promise(done => {
    const tick = () => (n-- > 0 ? requestAnimationFrame(tick) : done());
    tick();
  });
  if (document.querySelector('script[src*="mathjax"]')) {     // a deferred script: it ran before 'load'
    if (!(window.MathJax && MathJax.startup && MathJax.startup.promise))
      throw new Error('MathJax did not start');
    await MathJax.startup.promise;
  }
  await document.fonts.ready;
  await frames(2);
"""
"""The page's ready signals, awaited after its ``load`` event: MathJax's startup promise (it resolves once the
initial typesetting is done), the fonts, then two frames so that layout has settled.  Probes may await
``frames(n)`` too."""

DOM = "return document.documentElement.outerHTML;"

THEME = """
  const bar = document.querySelector('.bd-sidebar-primary');
  bar.style.transition = 'none';
  const shown = () => getComputedStyle(bar).visibility === 'visible' && bar.getBoundingClientRect().right > 0;
  const visible = sel => [...document.querySelectorAll(sel)].filter(e => e.offsetHeight > 0).length;
  const before = shown();
  document.querySelector('.primary-toggle').click();
  await frames(2);
  return {headers: visible('.bd-header'), search_boxes: visible('.search-button-field, input[type=search]'),
          shown_before: before, shown_after: shown()};
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
  return out;
"""


class BrowserError(RuntimeError):
    """Chromium did not start, died or hung (a second browser may do better)."""


class ProbeError(RuntimeError):
    """The page answered, but the probe script threw (a second browser would say the same)."""


class Browser:
    """One headless Chromium, spoken to over the DevTools protocol on a pipe (NUL-separated JSON messages on
    file descriptors 3, Chromium's input, and 4, its output)."""

    def __init__(self):
        if chromium() is None:
            raise BrowserError("Chromium not found: run `bash scripts/setup.sh --browser`")
        self._profile = tempfile.mkdtemp(prefix="vigen-chromium-")
        to_chrome, self._out = os.pipe()
        self._in, from_chrome = os.pipe()

        def wire():                       # in the child: its fd 3 reads our commands, its fd 4 writes answers
            a, b = os.dup(to_chrome), os.dup(from_chrome)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self._log = tempfile.TemporaryFile()         # Chromium's chatter: a pipe could fill and stall it
        self._proc = subprocess.Popen([chromium(), f"--user-data-dir={self._profile}", *FLAGS],
                                      stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                                      pass_fds=(3, 4), preexec_fn=wire, start_new_session=True)
        os.close(to_chrome)
        os.close(from_chrome)
        self._next_id, self._buffer, self._events, self._hung = 0, b"", [], False

    def send(self, method: str, params: dict | None = None, session: str | None = None, *, deadline: float):
        """Send one command and return its result, keeping the events that arrive meanwhile."""
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            os.write(self._out, json.dumps(message).encode() + b"\0")
        except BrokenPipeError:
            raise BrowserError(f"Chromium exited (code {self._proc.wait()}) before {method}: "
                               + self._stderr()) from None
        while True:
            reply = self._receive(deadline, f"an answer to {method}")
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise BrowserError(f"{method}: {reply['error']}")
                return reply["result"]
            self._events.append(reply)

    def wait_for(self, what: str, match, *, deadline: float) -> dict:
        """The first event for which ``match(event)`` holds (one that already arrived counts)."""
        while True:
            for i, message in enumerate(self._events):
                if match(message):
                    return self._events.pop(i)
            self._events.append(self._receive(deadline, what))

    def _receive(self, deadline: float, what: str) -> dict:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                self._hung = True
                raise BrowserError(f"no {what} from Chromium within {HANG} s (hung); it printed: " + self._stderr())
            chunk = os.read(self._in, 1 << 20)
            if not chunk:
                raise BrowserError(f"Chromium exited (code {self._proc.poll()}) while waiting for {what}: "
                                   + self._stderr())
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def _stderr(self) -> str:
        """The last lines Chromium printed."""
        self._log.seek(0)
        return self._log.read().decode(errors="replace")[-2000:]

    def close(self):
        """Ask Chromium to quit, wait for it, then kill whatever of its process group is left (a renderer
        still writing into the profile would make the profile impossible to remove) and remove the profile."""
        if self._proc.poll() is None and not self._hung:
            try:
                os.write(self._out, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
                self._proc.wait(timeout=10)
            except (OSError, subprocess.TimeoutExpired):
                pass
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self._proc.wait()
        for fd in (self._in, self._out):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)


def _run_once(url: str, width: int, height: int, script: str):
    deadline = time.monotonic() + HANG
    browser = Browser()
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"}, deadline=deadline)["targetId"]
        session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                               deadline=deadline)["sessionId"]
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                     session, deadline=deadline)
        browser.send("Page.enable", session=session, deadline=deadline)
        browser.send("Page.setLifecycleEventsEnabled", {"enabled": True}, session, deadline=deadline)
        loader = browser.send("Page.navigate", {"url": url}, session, deadline=deadline)["loaderId"]
        browser.wait_for(f"the load event of {url}",              # this navigation's, not about:blank's
                         lambda e: e.get("method") == "Page.lifecycleEvent" and e["params"]["name"] == "load"
                         and e["params"]["loaderId"] == loader, deadline=deadline)
        done = browser.send("Runtime.evaluate", {"expression": f"(async () => {{{READY}\n{script}}})()",
                                                 "awaitPromise": True, "returnByValue": True},
                            session, deadline=deadline)
    finally:
        browser.close()
    if "exceptionDetails" in done:
        details = done["exceptionDetails"]
        raise ProbeError(f"the probe script failed on {url}: "
                           + details.get("exception", {}).get("description", details.get("text", "")))
    return done["result"].get("value")


def probe(page: str, width: int, script: str, height: int = 900):
    """Load ``_build/html/<page>.html`` at ``width`` × ``height`` px, run ``script`` (the body of an async
    function) once the page is ready (:data:`READY`) and return what it returns.

    A browser that fails to start, dies or hangs is started once more, after the first error is printed;
    a second failure raises :class:`BrowserError` with both messages.  A probe script that throws raises
    :class:`ProbeError` at once."""
    url = (HTML / f"{page}.html").as_uri()
    try:
        return _run_once(url, width, height, script)
    except BrowserError as first:
        print(f"pageprobe: {page} at {width} px, first try failed, retrying once: {first}", file=sys.stderr)
        try:
            return _run_once(url, width, height, script)
        except BrowserError as second:
            raise BrowserError(f"{page} at {width} px failed twice.\nfirst: {first}\nsecond: {second}") from None


def rendered_dom(page: str) -> str:
    """The HTML of ``page`` once it is ready: MathJax has typeset every formula."""
    return probe(page, 1280, DOM)


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
