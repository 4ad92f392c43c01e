"""Lighthouse scores of the built book's pages, on a phone (Lighthouse 12's mobile profile).

Run: ``.venv/bin/python benchmarks/pages.py [PAGE ...]`` after ``make book``. It builds
nothing: it serves ``_build/html`` (or ``--html DIR``) from 127.0.0.1 on a free port, runs
Lighthouse on every page of the book (or on the pages named, e.g. ``intro.html``
``chapters/04_vanishing_gradients.html``), prints one row per page with the four category scores, first and largest
contentful paint, total blocking time and the bytes the page loads, and stops its server.
``--json DIR`` keeps each page's full Lighthouse report.

The server compresses HTML, CSS and JavaScript with gzip, as GitHub Pages (where the book is
deployed) does; ``--no-gzip`` sends them as they are, like a bare ``python -m http.server``.
Takes about 15 s per page.

Lighthouse is not a Python package. Install it from the npm registry into the ignored
``.cache`` folder, and point it at Debian's Chromium::

    npm install --prefix .cache/lighthouse lighthouse@12

``--lighthouse PATH`` (default: ``.cache/lighthouse/node_modules/.bin/lighthouse``, then
``lighthouse`` on the PATH) and ``CHROME_PATH`` (default ``/usr/bin/chromium``) override
them. Lighthouse's mobile profile simulates a mid-range phone on a slow 4G network
(Lantern), so the times are estimates from the page's request graph, not wall-clock times
of this machine. The CPU part is not: Lighthouse multiplies the main-thread time it measured
by 4, so on a busy machine total blocking time (TBT) and the performance score drop. The
``cpu`` column is Lighthouse's benchmark index of the machine during that page's run
(higher is faster): compare runs only at similar values.

The bar (issue 16): performance at least 90 on every page, the other three at 100. The exit
status is 1 when a page misses it, so the script can gate a release, but it is a benchmark,
not a test: ``make test`` does not run it.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import ClassVar

ROOT = Path(__file__).resolve().parents[1]
LOCAL_LIGHTHOUSE = ROOT / ".cache" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSED = {".html", ".css", ".js", ".svg", ".json", ".txt", ".xml", ".ipynb"}
BAR = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _GzipHandler(_QuietHandler):
    """Serves text files gzip-compressed when the browser accepts it, as GitHub Pages (the
    book's host) and any usual web server do; images and fonts are sent as they are."""

    _cache: ClassVar[dict[tuple[str, float], bytes]] = {}

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.is_file() and path.suffix in COMPRESSED):
            return super().do_GET()
        key = (str(path), path.stat().st_mtime)
        if key not in self._cache:
            self._cache[key] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        body = self._cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self.wfile.write(body)
        return None


def book_pages(html: Path) -> list[str]:
    """Every page a reader can open: the HTML files outside ``_static`` and friends, minus
    redirects (``index.html`` only refreshes to the landing page)."""
    pages = []
    for path in sorted(html.rglob("*.html")):
        rel = path.relative_to(html)
        if any(part.startswith(("_", ".")) for part in rel.parts):
            continue
        if 'http-equiv="refresh"' in path.read_text(encoding="utf-8")[:2000].lower():
            continue
        pages.append(rel.as_posix())
    return pages


def find_lighthouse(explicit: str | None) -> str:
    candidates = [explicit] if explicit else [str(LOCAL_LIGHTHOUSE), "lighthouse"]
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    sys.exit(
        f"Lighthouse not found (looked for {', '.join(candidates)}). Install it with\n"
        "    npm install --prefix .cache/lighthouse lighthouse@12"
    )


def run_lighthouse(lighthouse: str, url: str, chrome: str) -> dict:
    env = {**os.environ, "CHROME_PATH": chrome}
    cmd = [
        lighthouse,
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{done.stderr[-2000:]}")
    return json.loads(done.stdout)


def summarise(report: dict) -> dict:
    """The figures of one Lighthouse report that the table shows."""
    cats, audits = report["categories"], report["audits"]
    row = {c: round(100 * cats[c]["score"]) if cats[c]["score"] is not None else None
           for c in CATEGORIES}  # fmt: skip
    for key, audit in [
        ("fcp", "first-contentful-paint"),
        ("lcp", "largest-contentful-paint"),
        ("tbt", "total-blocking-time"),
        ("bytes", "total-byte-weight"),
    ]:
        row[key] = audits[audit].get("numericValue")
    row["cpu"] = report.get("environment", {}).get("benchmarkIndex")
    row["failed"] = sorted(
        a["id"]
        for cat in CATEGORIES
        if cat != "performance"
        for ref in cats[cat]["auditRefs"]
        if ref["weight"] > 0
        for a in [audits[ref["id"]]]
        if a["score"] is not None and a["score"] < 1
    )
    return row


def format_table(rows: list[tuple[str, dict]]) -> str:
    width = max([len("page")] + [len(page) for page, _ in rows])
    head = (
        f"{'page':<{width}}  perf  a11y  best   seo   FCP s   LCP s  TBT ms   KiB   cpu"
        "  missed (a11y, best practices, SEO)"
    )
    lines = [head, "-" * len(head)]
    for page, r in rows:
        scores = "".join(f"{'-' if r[c] is None else r[c]:>6}" for c in CATEGORIES)
        lines.append(
            f"{page:<{width}}{scores}{r['fcp'] / 1e3:>8.1f}{r['lcp'] / 1e3:>8.1f}"
            f"{r['tbt']:>8.0f}{r['bytes'] / 1024:>6.0f}{r['cpu'] or 0:>6.0f}"
            f"  {', '.join(r['failed']) or '-'}"
        )
    return "\n".join(lines)


def meets_bar(row: dict) -> bool:
    return all(row[c] is not None and row[c] >= BAR[c] for c in CATEGORIES)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="pages relative to the book root (default: all)")
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html")
    parser.add_argument("--lighthouse", help="the lighthouse executable")
    parser.add_argument("--json", type=Path, help="write each page's full report into DIR")
    parser.add_argument(
        "--no-gzip", action="store_true", help="send text files uncompressed (default: gzip)"
    )
    args = parser.parse_args(argv)

    html = args.html.resolve()
    if not (html / "intro.html").is_file():
        sys.exit(f"no built book at {html}: run `make book` first")
    pages = args.pages or book_pages(html)
    missing = [p for p in pages if not (html / p).is_file()]
    if missing:
        sys.exit(f"not in {html}: {', '.join(missing)}")
    lighthouse = find_lighthouse(args.lighthouse)
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")

    handler_class = _QuietHandler if args.no_gzip else _GzipHandler
    handler = functools.partial(handler_class, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    rows = []
    try:
        for page in pages:
            report = run_lighthouse(lighthouse, base + page, chrome)
            if args.json:
                args.json.mkdir(parents=True, exist_ok=True)
                out = args.json / (page.replace("/", "__") + ".json")
                out.write_text(json.dumps(report), encoding="utf-8")
            rows.append((page, summarise(report)))
            print(f"  {page}: done", file=sys.stderr, flush=True)
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()
    version = report["lighthouseVersion"] if rows else "?"
    served = "uncompressed" if args.no_gzip else "text gzip-compressed"
    print(f"Lighthouse {version}, mobile profile, {chrome}, {served}")
    print(format_table(rows))
    below = [page for page, row in rows if not meets_bar(row)]
    bar = ", ".join(f"{c} >= {v}" for c, v in BAR.items())
    print(f"bar: {bar}: " + (f"missed by {', '.join(below)}" if below else "met by every page"))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
