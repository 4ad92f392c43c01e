"""The built book as readers meet it, checked in real headless Chromium (Playwright).

Every HTML page of the built book is found by walking the output folder (and every page in
``_toc.yml`` must be among them), so new chapters are covered with no change here. Each
page is loaded both from a local web server (127.0.0.1, random port) and from ``file://``
URLs, i.e. opened from disk with no network. On every load:

- no console errors, no uncaught exceptions, no failed requests, and no request at all to a
  host other than the local server (anything else is aborted and reported);
- math typeset by MathJax (from the book's own ``_static``), with no TeX errors and no raw
  ``$$``/``\\(``/``\\begin`` left in the prose;
- every image loads and has non-empty alt text;
- no dead widget controls (ipywidgets views or inputs in cell outputs);
- every solution is collapsed, and opens when its toggle is clicked;
- no code or output block, solutions opened, needs a horizontal scroll bar at 1280 px;
- every kernel-free animation (``nnbook.animation.jshtml_animation``, matplotlib's
  ``to_jshtml``) shows a frame and changes frame when played.

Once per page, over the server: axe-core (bundled with ``axe-playwright-python`` and
injected into the page, so it is served locally) finds no violation of any impact, in the
light theme and in the dark one, where every figure also keeps its contrast;
Tab reaches the site navigation and every solution toggle; chapter pages link their
student notebook. One test prints the page-weight table (bytes by type) and fails when a
page loads more than 3 MB, the shared MathJax bundle counted once for the whole book.

Configuration: ``NNBOOK_HTML`` (default ``_build/html``) is the book to test,
``NNBOOK_CHROMIUM`` (default ``/usr/bin/chromium``) the browser. Without Playwright, axe
or Chromium, or without a built book, the module is skipped with one line saying what is
missing, except under ``CI=true``, where that is a failure. On failure, a screenshot of the
page is saved in ``tests/screenshots/``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import threading
import urllib.parse
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.slow  # a browser per test: not in make test-fast

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("NNBOOK_HTML") or ROOT / "_build" / "html")
HTML = (HTML if HTML.is_absolute() else ROOT / HTML).resolve()
CHROMIUM = Path(os.environ.get("NNBOOK_CHROMIUM") or "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_BUDGET = 3_000_000  # bytes per page, the shared MathJax bundle excluded (counted once)
MATHJAX_PREFIX = "_static/mathjax/"
SERIOUS = {"serious", "critical"}
# axe rules switched off, each with the reason. Empty: every rule runs on every page.
AXE_DISABLED_RULES: dict[str, str] = {}


def _why_unavailable() -> str | None:
    try:
        import axe_playwright_python  # noqa: F401
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"{exc.name} is not installed (run `make install`, it is in requirements.txt)"
    if not CHROMIUM.is_file():
        return (
            f"no Chromium at {CHROMIUM} (install it: `sudo apt-get install chromium`, "
            "or point NNBOOK_CHROMIUM at a Chromium or Chrome binary)"
        )
    if not (HTML / "intro.html").is_file():
        return f"no built book at {HTML} (run `make book`, or point NNBOOK_HTML at one)"
    return None


WHY_UNAVAILABLE = _why_unavailable()
if WHY_UNAVAILABLE and not IN_CI:
    pytest.skip(f"browser tests skipped: {WHY_UNAVAILABLE}", allow_module_level=True)


def _is_redirect(path: Path) -> bool:
    head = path.read_text(encoding="utf-8", errors="replace")[:2000].lower()
    return 'http-equiv="refresh"' in head


def discover_pages() -> list[str]:
    """Every HTML page of the built book, as paths relative to its root."""
    if WHY_UNAVAILABLE:
        return []
    return sorted(
        p.relative_to(HTML).as_posix()
        for p in HTML.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in p.relative_to(HTML).parts)
    )


PAGES = discover_pages()
CONTENT_PAGES = [p for p in PAGES if not _is_redirect(HTML / p)]
CHAPTER_PAGES = [
    p for p in CONTENT_PAGES if (HTML / "_sources" / p).with_suffix(".ipynb").is_file()
]
LOADED: dict[str, list[tuple[str, str]]] = {}  # page -> (url, resource type), from the http runs


def _fail_when_unavailable() -> None:
    """Under CI=true the module is not skipped: the tests fail with the reason instead."""
    if WHY_UNAVAILABLE:
        pytest.fail(f"browser tests cannot run (CI=true): {WHY_UNAVAILABLE}", pytrace=False)


def test_browser_tests_can_run():
    """Under CI=true a missing browser or book fails here instead of skipping."""
    assert WHY_UNAVAILABLE is None, f"browser tests cannot run: {WHY_UNAVAILABLE}"


def test_every_toc_entry_is_a_built_page():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    missing = [f for f in files if f"{Path(f).with_suffix('').as_posix()}.html" not in PAGES]
    assert not missing, f"in _toc.yml but not built into {HTML}: {missing}"
    assert CHAPTER_PAGES, "no page built from a notebook"


# ---------------------------------------------------------------------------- fixtures


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep the test output clean
        pass


@pytest.fixture(scope="module")
def server():
    """A web server for the built book on 127.0.0.1, on a free port; yields its base URL."""
    _fail_when_unavailable()
    handler = functools.partial(_QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    _fail_when_unavailable()
    from playwright.sync_api import sync_playwright

    pw = sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
    yield chromium
    chromium.close()
    pw.stop()


def page_url(server: str, page: str, mode: str) -> tuple[str, str]:
    """The URL of ``page`` and the prefix every request of that page must start with."""
    if mode == "http":
        return server + page, server
    return (HTML / page).as_uri(), HTML.as_uri() + "/"


class Recorder:
    """What happened while a page was open: console errors, failed and external requests."""

    def __init__(self, local_prefix: str) -> None:
        self.local_prefix = local_prefix
        self.console_errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        self.loaded: list[tuple[str, str]] = []

    def is_local(self, url: str) -> bool:
        return url.startswith((self.local_prefix, "data:", "blob:", "about:"))

    def attach(self, context, page) -> None:
        def route(route):
            if self.is_local(route.request.url):
                route.continue_()
            else:
                if route.request.url not in self.external:
                    self.external.append(route.request.url)
                route.abort("blockedbyclient")

        context.route("**/*", route)
        page.on("websocket", lambda ws: self.external.append(ws.url))
        page.on("pageerror", lambda exc: self.console_errors.append(f"uncaught: {exc}"))
        page.on(
            "console",
            lambda msg: msg.type == "error" and self.console_errors.append(msg.text),
        )

        def on_request(request):
            if not self.is_local(request.url) and request.url not in self.external:
                self.external.append(request.url)
            self.loaded.append((request.url, request.resource_type))

        def on_failed(request):
            if request.url not in self.external:
                self.failed.append(f"{request.url} ({request.failure})")

        def on_response(response):
            if response.status >= 400:
                self.failed.append(f"{response.url} (HTTP {response.status})")

        page.on("request", on_request)
        page.on("requestfailed", on_failed)
        page.on("response", on_response)

    def problems(self) -> list[str]:
        out = [f"console error: {m}" for m in self.console_errors]
        out += [f"failed request: {u}" for u in self.failed]
        out += [f"request to the network (the book must work offline): {u}" for u in self.external]
        return out


@contextlib.contextmanager
def opened(
    browser,
    url: str,
    local_prefix: str,
    shot: str,
    redirect: bool = False,
    *,
    init_script: str | None = None,
    html_filter=None,
    typeset_all: bool = True,
):
    """Open ``url`` in a fresh browser context (empty cache), wait for the page and MathJax
    to settle, yield (page, recorder); on any failure save a full-page screenshot.

    ``init_script`` runs before the page's own scripts (e.g. to pick the dark theme);
    ``html_filter`` rewrites the page's HTML as it is served; ``typeset_all=False`` leaves
    the math that MathJax typesets lazily (out of view) untypeset."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    rec = Recorder(local_prefix)
    rec.attach(context, page)
    if init_script:
        context.add_init_script(init_script)
    if html_filter:

        def rewrite(route):
            response = route.fetch()
            route.fulfill(response=response, body=html_filter(response.text()))

        page.route(url, rewrite)  # page routes take precedence over the recorder's
    try:
        page.goto(url, wait_until="load")
        if redirect:  # e.g. index.html, a meta refresh to the landing page
            page.wait_for_url(lambda u: u.split("?")[0] != url.split("?")[0])
            page.wait_for_load_state("load")
        page.evaluate(WAIT_FOR_MATHJAX, typeset_all)  # typeset, and its fonts loaded
        yield page, rec
    except BaseException:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / (re.sub(r"[^A-Za-z0-9_.-]+", "_", shot) + ".png")
        with contextlib.suppress(Exception):
            page.screenshot(path=str(path), full_page=True)
            print(f"screenshot of the failing page: {path}")
        raise
    finally:
        context.close()


WAIT_FOR_MATHJAX = """async (typesetAll = true) => {
  if (!document.querySelector('.math')) { await document.fonts.ready; return 'no math'; }
  for (let i = 0; i < 200 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
    await new Promise(r => setTimeout(r, 25));
  if (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) return 'MathJax missing';
  await MathJax.startup.promise;
  // The book typesets lazily (MathJax's ui/lazy: math out of view waits): typeset it all,
  // so that every check sees every expression as a reader who scrolls to it does.
  if (typesetAll && MathJax.startup.document.lazyTypesetAll)
    await MathJax.startup.document.lazyTypesetAll();
  await MathJax.startup.promise;
  await document.fonts.ready;
  return 'typeset';
}"""

# ------------------------------------------------------------------------------ checks

MATH_REPORT = r"""() => {
  const maths = [...document.querySelectorAll('.math')];
  const untypeset = maths.filter(m => !m.querySelector('mjx-container mjx-math') ||
                                      m.querySelector('mjx-lazy'))
                         .map(m => m.textContent.trim().slice(0, 80));
  const errors = [...document.querySelectorAll('mjx-merror')]
      .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 100));
  const root = document.querySelector('main') || document.body;
  const skip = 'pre, code, kbd, script, style, textarea, mjx-container, .math, .highlight';
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const tex = /\$\$|\\\(|\\\)|\\\[|\\\]|\\begin\{|\\(frac|sum|sigma|mathbb|operatorname|left|right)\b|\$[^$\s][^$]*[\\^_{][^$]*\$/;
  const raw = [];
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && node.parentElement.closest(skip)) continue;
    if (tex.test(node.textContent)) raw.push(node.textContent.trim().slice(0, 100));
  }
  return {count: maths.length, untypeset, errors, raw,
          mathjax: !!(window.MathJax && MathJax.version)};
}"""

IMAGE_REPORT = """() => {
  const out = {noAlt: [], broken: []};
  for (const img of document.images) {
    const label = (img.getAttribute('src') || '').slice(-60);
    if (!(img.getAttribute('alt') || '').trim()) out.noAlt.push(label || img.outerHTML.slice(0, 80));
    if (img.complete && img.naturalWidth === 0 && img.getAttribute('src')) out.broken.push(label);
  }
  for (const el of document.querySelectorAll('[role=img]')) {
    if (el.closest('[aria-hidden="true"]')) continue;  // decorative icons
    if (!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') ||
          el.getAttribute('title') || el.querySelector('title')))
      out.noAlt.push(el.outerHTML.slice(0, 80));
  }
  return out;
}"""

WIDGET_REPORT = """() => {
  const dead = [...document.querySelectorAll(
      '.jupyter-widgets, .widget-area, .jp-OutputArea-output .widget-inline-hbox, ' +
      'script[type="application/vnd.jupyter.widget-view+json"], ' +
      'script[type="application/vnd.jupyter.widget-state+json"]')];
  const controls = [...document.querySelectorAll(
      '.cell_output input, .cell_output select, .cell_output textarea, ' +
      '.cell_output [role=slider]')]
      .filter(el => !el.closest('.animation'));
  return [...dead, ...controls].map(el => el.outerHTML.slice(0, 100));
}"""


ICON_REPORT = """() => [...document.querySelectorAll('i[class*="fa-"]')]
  .filter(i => i.checkVisibility())
  .filter(i => {
    const glyph = getComputedStyle(i, '::before');
    return !/Font Awesome/.test(glyph.fontFamily) || ['none', 'normal', '""'].includes(glyph.content);
  })
  .map(i => i.className)"""


def check_icons(page) -> list[str]:
    """The theme's icons are drawn by its CSS from the Font Awesome web fonts (the book
    does not load the theme's 1.5 MB fontawesome.js; see scripts/book_extension.py)."""
    return [f"icon without its glyph: {c}" for c in page.evaluate(ICON_REPORT)]


def check_math(page) -> list[str]:
    r = page.evaluate(MATH_REPORT)
    out = []
    if r["count"] and not r["mathjax"]:
        out.append(f"{r['count']} math elements but MathJax did not load")
    out += [f"math not typeset: {t!r}" for t in r["untypeset"][:5]]
    out += [f"TeX error: {t!r}" for t in r["errors"][:5]]
    out += [f"raw TeX left in the text: {t!r}" for t in r["raw"][:5]]
    return out


def check_images(page) -> list[str]:
    r = page.evaluate(IMAGE_REPORT)
    return [f"image without alt text: {s}" for s in r["noAlt"]] + [
        f"image did not load: {s}" for s in r["broken"]
    ]


def check_widgets(page) -> list[str]:
    return [
        f"dead widget control in the static book (tag the cell remove-output): {h}"
        for h in page.evaluate(WIDGET_REPORT)
    ]


def check_solutions(page) -> list[str]:
    """Every solution starts collapsed and opens when its toggle button is clicked."""
    out = []
    solutions = page.locator("div.solution")
    # sphinx-togglebutton hides the content with visibility: hidden, height 0, opacity 0.
    content_visible = """sol => [...sol.children]
        .filter(c => !c.classList.contains('admonition-title'))
        .some(c => c.getBoundingClientRect().height > 0 && c.checkVisibility({
            checkOpacity: true, checkVisibilityCSS: true,
            opacityProperty: true, visibilityProperty: true}))"""
    for i in range(solutions.count()):
        sol = solutions.nth(i)
        title = sol.locator(".admonition-title").first.inner_text().strip()[:60]
        if "toggle" not in (sol.get_attribute("class") or ""):
            out.append(f"solution {title!r} cannot be collapsed (use :class: dropdown)")
            continue
        if sol.evaluate(content_visible):
            out.append(f"solution {title!r} is open before it is clicked")
            continue
        button = sol.locator("button.toggle-button").first
        button.click()
        try:
            page.wait_for_function(
                f"s => ({content_visible})(s)", arg=sol.element_handle(), timeout=3000
            )
        except Exception:
            out.append(f"solution {title!r} did not open when its toggle was clicked")
            continue
        if button.get_attribute("aria-expanded") != "true":
            out.append(f"solution {title!r}: toggle does not say aria-expanded=true when open")
    return out


OVERFLOW_REPORT = """() => [...document.querySelectorAll('main pre')]
  .filter(p => p.checkVisibility() && p.scrollWidth > p.clientWidth + 1)
  .map(p => {
    const line = p.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), '');
    const box = p.closest('.solution') ? 'solution' : p.closest('.exercise') ? 'exercise' : 'page';
    return `${box}: ${line.length} characters, ${p.scrollWidth}px in ${p.clientWidth}px: ` +
      JSON.stringify(line.trim().slice(0, 50));
  })"""


def check_overflow(page) -> list[str]:
    """No visible code or output block needs a horizontal scroll bar at desktop width (run
    after check_solutions, which opens the solutions)."""
    return [f"code/output wider than its box, {r}" for r in page.evaluate(OVERFLOW_REPORT)]


def check_animations(page) -> list[str]:
    """Every to_jshtml player shows a frame, and pressing play changes the frame."""
    out = []
    players = page.locator("div.animation")
    for i in range(players.count()):
        player = players.nth(i)
        img = player.locator("img").first
        if img.count() == 0 or not img.evaluate("i => i.complete && i.naturalWidth > 0"):
            out.append(f"animation {i + 1}: no frame shown")
            continue
        play = player.locator("button[onclick*='play_animation']").first
        if play.count() == 0:
            out.append(f"animation {i + 1}: no play button")
            continue
        handle = img.element_handle()
        page.evaluate("i => { i.dataset.firstFrame = i.src; }", handle)
        play.click()
        try:
            page.wait_for_function("i => i.src !== i.dataset.firstFrame", arg=handle, timeout=3000)
        except Exception:
            out.append(f"animation {i + 1}: the frame did not change after clicking play")
        pause = player.locator("button[onclick*='pause_animation']").first
        if pause.count():
            pause.click()
    return out


def check_student_link(page, page_path: str, mode: str) -> list[str]:
    """A chapter page links its student notebook, which is in the built book (offline
    too) and is a notebook without solutions."""
    link = page.locator(".nnbook-student-copy a.download")
    if link.count() != 1:
        return ["no student-notebook link under the title"]
    href = link.get_attribute("href")
    target = (HTML / Path(page_path).parent / href).resolve()
    if href != f"../student/{Path(page_path).stem}.ipynb" or not target.is_file():
        return [f"student-notebook link {href!r} does not point to a file in the book"]
    if mode == "http":  # a page opened from disk may not fetch files (browsers block it)
        text = page.evaluate("h => fetch(h).then(r => r.ok ? r.text() : 'HTTP ' + r.status)", href)
        if '"nbformat": 4' not in text or "{solution-start}" in text:
            return [f"{href} is not a student notebook: {text[:80]!r}"]
    return []


def check_launch_links(page, page_path: str) -> list[str]:
    """The launch menu of a chapter page opens its notebook on Binder and on Colab, in the
    repository named by repository.url and .branch in _config.yml."""
    repo = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]
    slug = repo["url"].rstrip("/").removeprefix("https://github.com/")
    branch, notebook = repo.get("branch", "main"), Path(page_path).with_suffix(".ipynb")
    wanted = {
        "Binder": f"https://mybinder.org/v2/gh/{slug}/{branch}?urlpath=lab/tree/{notebook}",
        "Colab": f"https://colab.research.google.com/github/{slug}/blob/{branch}/{notebook}",
    }
    hrefs = set(page.eval_on_selector_all("a[href]", "els => els.map(a => a.href)"))
    return [f"no {name} launch link {url}" for name, url in wanted.items() if url not in hrefs]


def run_page_checks(page, rec: Recorder) -> list[str]:
    problems = check_math(page) + check_images(page) + check_widgets(page) + check_icons(page)
    problems += check_animations(page) + check_solutions(page) + check_overflow(page)
    return rec.problems() + problems  # requests and errors caused by the clicks too


# ------------------------------------------------------------------------------- tests


@pytest.mark.parametrize("mode", ["http", "file"])
@pytest.mark.parametrize("page_path", PAGES)
def test_page_works_offline_and_renders(browser, server, page_path, mode):
    url, prefix = page_url(server, page_path, mode)
    redirect = _is_redirect(HTML / page_path)
    with opened(browser, url, prefix, f"{mode}-{page_path}", redirect) as (page, rec):
        loaded = list(rec.loaded)  # what the page itself loads, before any test action
        problems = run_page_checks(page, rec)
        if page_path in CHAPTER_PAGES:
            problems += check_student_link(page, page_path, mode)
            problems += check_launch_links(page, page_path)
        if mode == "http":
            LOADED[page_path] = loaded
        assert not problems, f"{page_path} ({mode}):\n  " + "\n  ".join(problems)


@pytest.mark.parametrize("page_path", CONTENT_PAGES)
def test_accessibility_axe(browser, server, page_path, record_property):
    from axe_playwright_python.sync_playwright import Axe

    options = {
        "resultTypes": ["violations"],
        "rules": {rule: {"enabled": False} for rule in AXE_DISABLED_RULES},
    }
    url, prefix = page_url(server, page_path, "http")
    with opened(browser, url, prefix, f"axe-{page_path}") as (page, rec):
        # Checked before axe runs: axe re-fetches the stylesheets itself and resolves the
        # theme's `@import "../basic.css"` against the page instead of the stylesheet, a
        # harmless 404 that the browser itself never makes.
        load_problems = rec.problems()
        # Solutions start collapsed, and axe skips what is hidden: open them all first, so
        # that one run checks everything a reader can see (colour contrast included).
        page.evaluate(
            "() => document.querySelectorAll('div.solution button.toggle-button')"
            ".forEach(b => b.click())"
        )
        page.wait_for_function(  # sphinx-togglebutton fades the content in over 0.3 s
            "() => [...document.querySelectorAll('div.solution .admonition-title ~ *')]"
            ".every(e => getComputedStyle(e).opacity === '1')"
        )
        violations = Axe().run(page, options=options).response["violations"]
        summary = ", ".join(f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in violations)
        record_property("axe", f"{page_path}: {summary or 'no violations'}")
        lines = []
        for v in violations:  # any impact, moderate and minor included
            lines.append(f"{v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
            for node in v["nodes"][:5]:
                lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:120]}")
        assert not violations, f"{page_path}: axe violations:\n" + "\n".join(lines)
        assert not load_problems, load_problems


FOCUS_LOG = """() => {
  window.__focusLog = [];
  document.addEventListener('focusin', e => {
    const el = e.target;
    window.__focusLog.push({
      toggle: el.matches('div.solution button.toggle-button') ? el.id : null,
      nav: !!el.closest('#pst-primary-sidebar nav, nav.bd-docs-nav, .prev-next-area'),
      what: el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
            (el.getAttribute('href') ? '[' + el.getAttribute('href') + ']' : ''),
    });
  }, true);
}"""


@pytest.mark.parametrize("page_path", CONTENT_PAGES)
def test_keyboard_reaches_navigation_and_solution_toggles(browser, server, page_path):
    url, prefix = page_url(server, page_path, "http")
    with opened(browser, url, prefix, f"keyboard-{page_path}") as (page, rec):
        toggles = set(
            page.eval_on_selector_all(
                "div.solution button.toggle-button", "els => els.map(e => e.id)"
            )
        )
        page.evaluate(FOCUS_LOG)
        log: list[dict] = []
        for _ in range(20):  # at most 600 presses of Tab
            for _ in range(30):
                page.keyboard.press("Tab")
            log = page.evaluate("() => window.__focusLog")
            reached = {e["toggle"] for e in log if e["toggle"]}
            if reached >= toggles and any(e["nav"] for e in log):
                break
        reached = {e["toggle"] for e in log if e["toggle"]}
        assert any(e["nav"] for e in log), (
            f"{page_path}: Tab never reached the navigation; focus went to "
            + ", ".join(e["what"] for e in log[:15])
        )
        assert reached >= toggles, (
            f"{page_path}: Tab never reached the solution toggles {sorted(toggles - reached)}"
        )
        assert not rec.problems(), rec.problems()


DARK_MODE = "localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark');"
FIGURE_CONTRAST = 4.5  # WCAG AA for text: a figure's labels against its own background


def _relative_luminance(rgb):
    import numpy as np

    c = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def figure_contrast(png: bytes) -> float:
    """Contrast ratio (WCAG) between a screenshot's background (its median luminance) and its
    darkest ink (0.5th percentile): the figures use a light style, with dark text and axes."""
    import io

    import matplotlib.image as mpimg
    import numpy as np

    lum = _relative_luminance(mpimg.imread(io.BytesIO(png), format="png")[..., :3].reshape(-1, 3))
    background, ink = np.median(lum), np.percentile(lum, 0.5)
    return (max(background, ink) + 0.05) / (min(background, ink) + 0.05)


@pytest.mark.parametrize("page_path", CONTENT_PAGES)
def test_dark_theme_is_readable(browser, server, page_path):
    """In the dark theme: axe finds no violation (colour contrast of text and code
    included), and every figure keeps its labels readable on the background it shows (a
    transparent figure would put black axes on the dark page)."""
    from axe_playwright_python.sync_playwright import Axe

    url, prefix = page_url(server, page_path, "http")
    with opened(browser, url, prefix, f"dark-{page_path}", init_script=DARK_MODE) as (page, rec):
        assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
        load_problems = rec.problems()  # before axe, which makes a harmless 404 (see above)
        page.evaluate(
            "() => document.querySelectorAll('div.solution button.toggle-button')"
            ".forEach(b => b.click())"
        )
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.solution .admonition-title ~ *')]"
            ".every(e => getComputedStyle(e).opacity === '1')"
        )
        violations = Axe().run(page).response["violations"]
        lines = [
            f"{v['id']} ({v['impact']}): {n['html'][:100]}"
            for v in violations
            for n in v["nodes"][:3]
        ]
        assert not violations, f"{page_path} (dark theme): axe violations:\n" + "\n".join(lines)
        figures = page.locator("main .cell_output img, main figure img")
        low = []
        for i in range(figures.count()):
            img = figures.nth(i)
            img.scroll_into_view_if_needed()
            img.evaluate("i => i.decode()")
            ratio = figure_contrast(img.screenshot())
            if ratio < FIGURE_CONTRAST:
                low.append(f"{img.get_attribute('alt')[:60]!r}: {ratio:.1f}:1")
        assert not low, f"{page_path} (dark theme): figures hard to read: {low}"
        assert not load_problems, load_problems


def _eager_math(html: str) -> str:
    """The page as it would be without MathJax's lazy typesetting (scripts: _config.yml)."""
    lazy = '"loader": {"load": ["ui/lazy"]}, '
    assert lazy in html, "the page does not load MathJax's ui/lazy any more"
    return html.replace(lazy, "")


# Chapter 2 has display and inline math of every kind the book uses (fractions, cases,
# primes, sub- and superscripts, operators); one page keeps this check cheap.
MATH_PAGES = [p for p in CHAPTER_PAGES if p.endswith("02_activation_functions.html")]


@pytest.mark.parametrize("page_path", MATH_PAGES)
def test_lazy_math_looks_exactly_as_eager_math(browser, server, page_path):
    """MathJax typesets the book's math lazily, as it scrolls into view. Scrolled to, each of
    a page's first expressions (display and inline) is typeset, and its screenshot is
    pixel-identical to the same expression on the page typeset all at once."""
    import io

    import matplotlib.image as mpimg
    import numpy as np

    url, prefix = page_url(server, page_path, "http")
    selector = "main .math"
    shots: dict[str, list] = {}
    for mode in ("lazy", "eager"):
        kwargs = {"typeset_all": False}
        if mode == "eager":
            kwargs["html_filter"] = _eager_math
        with opened(browser, url, prefix, f"math-{mode}-{page_path}", **kwargs) as (page, rec):
            maths = page.locator(selector)
            count = min(maths.count(), 30)
            assert count >= 20, f"{page_path}: only {count} math elements"
            if mode == "lazy":
                assert page.locator("mjx-lazy").count() > 0, "nothing was left to typeset lazily"
            shots[mode] = []
            for i in range(count):
                m = maths.nth(i)
                m.scroll_into_view_if_needed()
                m.locator("mjx-math").first.wait_for(timeout=5000)
                page.evaluate("() => document.fonts.ready")
                image = mpimg.imread(io.BytesIO(m.screenshot()), format="png")
                shots[mode].append(image)
            assert not rec.problems(), rec.problems()
    different = [
        i
        for i, (a, b) in enumerate(zip(shots["lazy"], shots["eager"], strict=True))
        if a.shape != b.shape or np.abs(a - b).max() > 0
    ]
    assert not different, f"{page_path}: expressions {different} render differently when lazy"


@pytest.mark.parametrize("mode", ["http", "file"])
def test_search_works_offline(browser, server, mode):
    url, prefix = page_url(server, "search.html", mode)
    with opened(browser, url + "?q=perceptron", prefix, f"{mode}-search") as (page, rec):
        results = page.locator("#search-results ul.search li")
        results.first.wait_for(timeout=10000)
        assert results.count() >= 1
        assert not rec.problems(), rec.problems()


def _resource_file(url: str, base: str) -> Path | None:
    if not url.startswith(base):
        return None
    rel = urllib.parse.unquote(urllib.parse.urlsplit(url[len(base) - 1 :]).path).lstrip("/")
    path = HTML / (rel or "index.html")
    return path if path.is_file() else None


def test_page_weight(browser, server, record_property):
    """Bytes each page loads, by type; at most PAGE_BUDGET per page, MathJax counted once."""
    kinds = ["document", "stylesheet", "script", "image", "font", "other"]
    rows, mathjax, over = [], {}, []
    for page_path in CONTENT_PAGES:
        loaded = LOADED.get(page_path)
        if loaded is None:  # the load test did not run for this page (e.g. with -k)
            url, prefix = page_url(server, page_path, "http")
            with opened(browser, url, prefix, f"weight-{page_path}") as (_page, rec):
                loaded = list(rec.loaded)
        sizes: dict[str, int] = defaultdict(int)
        seen = set()
        for url, kind in loaded:
            path = _resource_file(url, server)
            if path is None or path in seen:
                continue
            seen.add(path)
            rel = path.relative_to(HTML).as_posix()
            if rel.startswith(MATHJAX_PREFIX):
                mathjax[rel] = path.stat().st_size
                continue
            sizes[kind if kind in kinds else "other"] += path.stat().st_size
        total = sum(sizes.values())
        rows.append((page_path, [sizes[k] for k in kinds], total))
        if total > PAGE_BUDGET:
            over.append(f"{page_path}: {total / 1e6:.2f} MB")
    mj = sum(mathjax.values())
    rows.append(("MathJax (shared, counted once)", [0, 0, mj, 0, 0, 0], mj))
    width = max(len(name) for name, _, _ in rows)
    head = f"{'page':<{width}}" + "".join(f"{k:>12}" for k in [*kinds, "total"])
    lines = [head, "-" * len(head)]
    for name, values, total in rows:
        lines.append(f"{name:<{width}}" + "".join(f"{v / 1e3:>11.0f}k" for v in [*values, total]))
    lines.append(f"budget: {PAGE_BUDGET / 1e6:.1f} MB per page (uncompressed bytes on disk)")
    table = "\n".join(lines)
    record_property("page_weight", table)
    print(table)
    assert mj <= PAGE_BUDGET, f"MathJax alone loads {mj / 1e6:.2f} MB"
    assert not over, "pages over the budget:\n" + "\n".join(over) + "\n" + table


# ------------------------------------------- the checks themselves, on synthetic pages

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a0c1a32d0000000049454e44ae426082"
)

BROKEN_PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>broken</title>
<script src="https://cdn.example.com/lib.js"></script></head><body><main>
<h1>Every problem the checks look for</h1>
<p>Raw math: $$x^2$$ and \\(y\\).</p>
<img src="dot.png"><img alt="gone" src="missing.png">
<div class="cell_output"><input type="range" min="0" max="1"></div>
<div class="solution admonition"><p class="admonition-title">Solution to Exercise 1</p>
<section><p>The answer.</p></section></div>
<pre style="width: 200px; overflow-x: auto">print("a line of code much longer than its box is wide")</pre>
<div class="animation"><img src="dot.png" alt="a frozen animation">
<button onclick="void 0 /* play_animation */">play</button></div>
<script>console.error("boom");</script>
</main></body></html>"""


def test_the_checks_catch_what_they_look_for(browser, tmp_path):
    """Each check reports its problem on a page made to have all of them."""
    (tmp_path / "dot.png").write_bytes(PNG_1PX)
    (tmp_path / "broken.html").write_text(BROKEN_PAGE, encoding="utf-8")
    url, prefix = (tmp_path / "broken.html").as_uri(), tmp_path.as_uri() + "/"
    with opened(browser, url, prefix, "self-test-broken") as (page, rec):
        report = "\n".join(run_page_checks(page, rec))
    expected = [
        "request to the network (the book must work offline): https://cdn.example.com/lib.js",
        "console error: boom",
        "failed request: " + (tmp_path / "missing.png").as_uri(),
        "raw TeX left in the text",
        "image without alt text: dot.png",
        "image did not load: missing.png",
        "dead widget control",
        "solution 'Solution to Exercise 1' cannot be collapsed",
        "animation 1: the frame did not change after clicking play",
        "code/output wider than its box, page: 56 characters",
    ]
    missing = [e for e in expected if e not in report]
    assert not missing, f"not reported: {missing}\nreport:\n{report}"


def test_a_jshtml_animation_passes_every_check(browser, tmp_path):
    """nnbook.animation's player shows a frame, plays, loads nothing from the network, and
    passes axe; its raw to_jshtml output would not (CDN stylesheet, no alt, no label)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from axe_playwright_python.sync_playwright import Axe
    from matplotlib.animation import FuncAnimation

    from nnbook.animation import jshtml_animation

    fig, ax = plt.subplots(figsize=(3, 2), dpi=50)
    x = np.linspace(-3, 3, 40)
    (line,) = ax.plot(x, np.tanh(x))
    anim = FuncAnimation(fig, lambda k: line.set_ydata(np.tanh((k + 1) * x)), frames=4)
    player = jshtml_animation(anim, name="steeper", alt="tanh(kx) getting steeper as k grows")
    raw = anim.to_jshtml()
    plt.close(fig)
    # The book's theme stylesheet draws the player's Font Awesome icons, as in the book.
    theme_css = (HTML / "_static" / "styles" / "pydata-sphinx-theme.css").as_uri()
    for name, body in {"good": player.data, "raw": raw}.items():
        (tmp_path / f"{name}.html").write_text(
            f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{name}</title>"
            f"<link rel='stylesheet' href='{theme_css}'></head>"
            f"<body><main><h1>Animation</h1>{body}</main></body></html>",
            encoding="utf-8",
        )
    prefix = "file:///"
    with opened(browser, (tmp_path / "good.html").as_uri(), prefix, "self-test-anim") as (
        page,
        rec,
    ):
        assert page.locator("div.animation").count() == 1
        assert run_page_checks(page, rec) == []
        violations = Axe().run(page).response["violations"]
        assert not [v["id"] for v in violations if v["impact"] in SERIOUS]
    with opened(browser, (tmp_path / "raw.html").as_uri(), prefix, "self-test-raw") as (
        page,
        rec,
    ):
        report = "\n".join(run_page_checks(page, rec))
        assert "request to the network" in report and "image without alt text" in report
