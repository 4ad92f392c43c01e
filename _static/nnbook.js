// The book's own script. Jupyter Book 1 adds every .js file in _static/ to every page.

// Opened from disk (file://), a page may not fetch other pages: browsers block it. Sphinx's
// search fetches each result page to show a summary under it, so offline it would log
// errors and never finish. Offline, list the results without summaries.
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}

// pydata-sphinx-theme makes scrollable code and output boxes focusable (tabindex 0), so a
// keyboard user can scroll them, but it checks only when the page loads or the window is
// resized. A box inside a folded solution has no size then, so once the solution is opened
// the keyboard could not reach it (axe: scrollable-region-focusable). Redo the theme's check
// whenever one of these boxes changes size.
(() => {
  const boxes = [
    "pre",
    ".nboutput > .output_area",
    ".cell_output > .output",
    ".jp-RenderedHTMLCommon",
    ".pst-scrollable-table-container",
  ].join(", ");
  // All sizes are read first, then the tab stops written: interleaving reads and writes
  // would make the browser lay the page out once per box (a long task on a phone).
  const update = (entries) => {
    const scrolls = entries.map(({ target: el }) =>
      el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
    entries.forEach(({ target: el }, i) => {
      const tabIndex = scrolls[i] ? 0 : -1;
      if (el.tabIndex !== tabIndex) el.tabIndex = tabIndex;
    });
  };
  // Only boxes that can be folded away (solutions, toggles, hidden cells) need watching: the
  // theme's own check covers the others. Watching every box cost a phone about 0.3 s.
  const foldable = "div.solution, .toggle, details";
  const start = () => {
    if (!("ResizeObserver" in window)) return;
    const observer = new ResizeObserver(update);
    document.querySelectorAll(foldable).forEach((fold) =>
      fold.querySelectorAll(boxes).forEach((el) => observer.observe(el)));
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
