"""Write the PDF edition of the book: ``_build/pdf/book.pdf`` (``make pdf``).

The book is built as one HTML page (Sphinx's ``singlehtml`` builder, zero warnings) and
printed by the system's Chromium, driven by Playwright (``/usr/bin/chromium``, or
``NNBOOK_CHROMIUM``; never ``playwright install``). Jupyter Book's own ``pdfhtml`` builder
cannot be used here: it wants a browser that Playwright downloads.

Before printing, the page is made to show what a reader of the online book can see:

- every expression typeset by MathJax (the online book typesets lazily, as math scrolls
  into view), and every figure loaded (figures below the first are lazy-loaded);
- every solution and every hidden cell opened: the PDF has the solutions where the book
  has them, after their exercises;
- each animation (``nnbook.animation``) as a static figure, its last frame, without the
  player's controls;
- a cover with the title, and a table of contents with page numbers; each chapter starts
  on a new page. The page numbers come from a first printing: Chromium writes a PDF outline
  (bookmarks) from the headings, and the page each chapter's bookmark points to is where
  that chapter starts. The second printing puts them in the table.

Hangul (the glossary's Korean terms) needs a Korean font on the machine: Debian's
``fonts-nanum``. The script fails if a chapter is missing from the outline, and it copies
the PDF into ``_build/html/book.pdf`` when the HTML book is built, where every chapter page
and the introduction link it.

Run: ``.venv/bin/python scripts/build_pdf.py [--out PATH] [--no-build]``; about 30 s.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SINGLE = ROOT / "_build" / "singlehtml"
OUT = ROOT / "_build" / "pdf" / "book.pdf"
HTML_COPY = ROOT / "_build" / "html" / "book.pdf"
CHROMIUM = Path(os.environ.get("NNBOOK_CHROMIUM") or "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
]
BUILD = [
    str(Path(sys.executable).with_name("jupyter-book")),
    "build",
    ".",
    "--builder",
    "singlehtml",
]
BOOK_FLAGS = ["-W", "-n", "--keep-going"]

PRINT_CSS = """
@page { size: A4; margin: 18mm 16mm 18mm 16mm; }
html { font-size: 10.5pt; }
/* The theme's chrome and the page's own table of contents are not part of the book. */
.bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .bd-footer, .bd-footer-content,
.prev-next-footer, .header-article, #pst-skip-link, .headerlink, .nnbook-student-copy,
.nnbook-pdf-link, .anim-controls, #jb-print-docs-body, .copybtn, .toggle-button, .bd-article-container > .bd-header-article
{ display: none !important; }
.bd-main, .bd-content, .bd-article-container, .bd-container, .bd-page-width
{ max-width: none !important; width: auto !important; padding: 0 !important; margin: 0 !important; }
/* Each chapter starts on a new page; the cover and the table of contents are pages too. */
.toctree-wrapper > span[id^="document-"] + section, .nnbook-pdf-toc { break-before: page; }
h1, h2, h3, h4 { break-after: avoid; }
/* The theme prints the page title in its own print header (hidden above): show the real one. */
.bd-article h1 { display: block !important; }
/* A code cell or an output moves to the next page whole rather than leave its frame behind
   (when it is longer than a page, it breaks anyway). */
figure, img, mjx-container[display="true"], tr, div.cell_input, div.cell_output
{ break-inside: avoid; }
div.highlight pre, .output pre { white-space: pre-wrap; word-break: break-word; }
.nnbook-pdf-cover { text-align: center; padding-top: 70mm; }
.nnbook-pdf-cover .title { font-size: 2.2rem; font-weight: 700; line-height: 1.2; }
.nnbook-pdf-cover .author { margin-top: 2rem; font-size: 1.2rem; }
.nnbook-pdf-toc ol { list-style: none; padding: 0; }
.nnbook-pdf-toc li { display: flex; gap: 0.5rem; margin: 0.45rem 0; }
.nnbook-pdf-toc li a { color: inherit; text-decoration: none; }
.nnbook-pdf-toc li .dots { flex: 1; border-bottom: 1px dotted currentColor; margin-bottom: 0.3rem; }
.nnbook-pdf-animation-note { font-size: 0.9em; font-style: italic; }
"""

PREPARE = """async ({css, pages, author}) => {
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  // MathJax: typeset everything the lazy extension left for later, then wait for fonts.
  for (let i = 0; i < 400 && !(window.MathJax && MathJax.startup && MathJax.startup.promise); i++)
    await new Promise(r => setTimeout(r, 25));
  if (window.MathJax && MathJax.startup) {
    await MathJax.startup.promise;
    const doc = MathJax.startup.document;
    if (doc.lazyTypesetAll) await doc.lazyTypesetAll();
    await MathJax.startup.promise;
  }
  // Solutions and hidden cells open, as a reader who opens them sees them.
  document.querySelectorAll('.toggle-hidden > .admonition-title button.toggle-button, ' +
                            'button.toggle-button.toggle-button-hidden').forEach(b => b.click());
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  // Animations: the last frame, as a figure.
  document.querySelectorAll('div.animation').forEach(div => {
    const name = (div.querySelector('img') || {}).id?.replace('_anim_img', '');
    const anim = name && window['anim' + name];
    if (anim && anim.last_frame) { anim.pause_animation?.(); anim.last_frame(); }
    const note = document.createElement('p');
    note.className = 'nnbook-pdf-animation-note';
    note.textContent = 'The last frame of an animation; the online book plays it.';
    div.append(note);
  });
  // Figures load before printing (all but the first are lazy-loaded).
  const images = [...document.images];
  images.forEach(img => { img.loading = 'eager'; });
  await Promise.all(images.map(img => img.decode().catch(() => null)));
  // Cover and table of contents.
  const chapters = [...document.querySelectorAll('.toctree-wrapper > span[id^="document-"]')]
    .map(span => span.nextElementSibling)
    .filter(s => s && s.tagName === 'SECTION' && s.querySelector('h1, h2'))
    .map(s => ({id: s.id, title: s.querySelector('h1, h2').textContent.replace(/#$/, '').trim()}));
  const article = document.querySelector('article.bd-article') || document.body;
  const first = article.querySelector('section');
  const title = first.querySelector('h1').textContent.replace(/#$/, '').trim();
  const cover = document.createElement('div');
  cover.className = 'nnbook-pdf-cover';
  cover.innerHTML = '<p class="title"></p><p class="author"></p>';
  cover.querySelector('.title').textContent = title;
  cover.querySelector('.author').textContent = author;
  const toc = document.createElement('nav');
  toc.className = 'nnbook-pdf-toc';
  toc.setAttribute('aria-label', 'Contents');
  toc.innerHTML = '<h2>Contents</h2><ol></ol>';
  const list = toc.querySelector('ol');
  for (const [i, ch] of [{id: first.id, title}, ...chapters].entries()) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#' + ch.id;
    a.textContent = ch.title;
    const dots = document.createElement('span');
    dots.className = 'dots';
    const page = document.createElement('span');
    page.className = 'page';
    page.textContent = pages[ch.title] ?? '';
    li.append(a, dots, page);
    list.append(li);
  }
  first.before(cover, toc);
  first.style.breakBefore = 'page';
  await document.fonts.ready;
  await new Promise(r => setTimeout(r, 400));  // the toggles fade in over 0.3 s
  return {title, chapters: chapters.map(c => c.title)};
}"""

FOOTER = (
    '<div style="font-size: 8pt; width: 100%; text-align: center; color: #555;">'
    '<span class="pageNumber"></span></div>'
)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path):
    """A web server for ``folder`` on 127.0.0.1, on a free port; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def title_key(title: str) -> str:
    """A title as compared with the outline: Chromium's bookmarks drop the spaces at line
    breaks of a heading (``from theperceptron``), so only letters and digits count."""
    return re.sub(r"[\W_]+", "", title).lower()


def chapter_pages(pdf: Path) -> dict[str, int]:
    """``title_key(title)`` -> page number (1-based) of each bookmark in the PDF's outline."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    pages: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                key = title_key(str(item.title))
                pages.setdefault(key, reader.get_destination_page_number(item) + 1)

    walk(reader.outline)
    return pages


def print_book(url: str, out: Path, pages: dict[str, int]) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 1400})
            errors: list[str] = []
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.goto(url, wait_until="load")
            page.emulate_media(media="print")
            author = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["author"]
            info = page.evaluate(PREPARE, {"css": PRINT_CSS, "pages": pages, "author": author})
            left = page.evaluate(
                "() => [...document.querySelectorAll('.math')]"
                ".filter(m => !m.querySelector('mjx-container mjx-math')).length"
            )
            if left or errors:
                raise RuntimeError(f"{left} expressions not typeset; page errors: {errors}")
            out.parent.mkdir(parents=True, exist_ok=True)
            page.pdf(
                path=str(out),
                format="A4",
                print_background=True,
                display_header_footer=True,
                header_template="<span></span>",
                footer_template=FOOTER,
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"},
                outline=True,
                tagged=True,
            )
        finally:
            browser.close()
    return info


def build_pdf(out: Path = OUT, build: bool = True, copy_to_html: bool = True) -> Path:
    if not CHROMIUM.is_file():
        sys.exit(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set NNBOOK_CHROMIUM)")
    if build:  # from scratch: an incremental build keeps stale copies of _static files
        shutil.rmtree(SINGLE, ignore_errors=True)
        subprocess.run([*BUILD, *BOOK_FLAGS], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    index = SINGLE / "intro.html"
    if not index.is_file():
        sys.exit(f"no single-page build at {index}")
    with serve(SINGLE) as base:
        info = print_book(base + index.name, out, {})  # first printing: where chapters start
        found = chapter_pages(out)
        titles = [info["title"], *info["chapters"]]
        missing = [t for t in titles if title_key(t) not in found]
        if missing:
            raise RuntimeError(f"chapters missing from the PDF outline: {missing}")
        pages = {t: found[title_key(t)] for t in titles}
        print_book(base + index.name, out, pages)  # second printing: the numbers in the table
    again = chapter_pages(out)
    moved = {
        t: (p, again.get(title_key(t))) for t, p in pages.items() if again.get(title_key(t)) != p
    }
    if moved:
        raise RuntimeError(f"chapters moved between the two printings: {moved}")
    if copy_to_html and HTML_COPY.parent.is_dir():
        shutil.copyfile(out, HTML_COPY)
    from pypdf import PdfReader

    n = len(PdfReader(str(out)).pages)
    print(f"{out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {n} pages, "
          f"{len(info['chapters'])} chapters")  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--no-build", action="store_true", help="print the existing build")
    args = parser.parse_args(argv)
    build_pdf(args.out.resolve(), build=not args.no_build)
    return 0


if __name__ == "__main__":
    sys.exit(main())
