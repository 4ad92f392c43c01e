"""Show what the browser tests measured at the end of the run, also under pytest-xdist.

``tests/test_book_browser.py`` records the page-weight table and a one-line axe summary per
page with ``record_property``; xdist sends those properties back to the main process, and
this hook prints them after the test results.
"""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter) -> None:
    sections: dict[str, list[str]] = {"page_weight": [], "axe": []}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name in sections:
                    sections[name].append(str(value))
    if sections["page_weight"]:
        terminalreporter.write_sep("-", "page weight (tests/test_book_browser.py)")
        for table in sections["page_weight"]:
            terminalreporter.write_line(table)
    if sections["axe"]:
        terminalreporter.write_sep("-", "axe-core violations by page (any impact)")
        for line in sorted(sections["axe"]):
            terminalreporter.write_line(line)
