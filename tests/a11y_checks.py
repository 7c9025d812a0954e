"""Browser checks shared by the accessibility tests: open a page in Debian's Chromium, check it.

Every ``assert_*`` function raises ``AssertionError`` with a message that says what is wrong
and where, so the same functions can be pointed at deliberately bad pages to prove they fail.
Pages are opened from ``file://`` and every other request is blocked and recorded: a paper must
work offline.
"""
from __future__ import annotations

import math
import os
import re
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SKIP_MESSAGE = "browser tests skipped: install Debian's chromium (apt-get install -y chromium) to enable them"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
#: A4 at 96 px per inch, less the margins of the paper's @page rule (18mm + 20mm, 16mm + 16mm).
A4_CONTENT_PX = {"width": round((210 - 32) / 25.4 * 96), "height": round((297 - 38) / 25.4 * 96)}

GENERIC_ALT = {
    "image", "img", "picture", "photo", "chart", "graph", "figure", "plot", "diagram", "icon",
    "placeholder", "alt", "alt text", "untitled", "none", "null", "undefined", "todo", "tbd",
    "no description has been provided for this image", "image of chart", "chart image",
}
_FILE_NAME = re.compile(r"^[\w ./\\-]+\.(png|jpe?g|gif|svg|webp|bmp|tiff?|pdf)$", re.I)
_NUMBERED_GENERIC = re.compile(r"^(image|figure|fig\.?|chart|graph|plot|table)\s*\d*[.:]?$", re.I)
BAD_LINK_TEXT = {"click here", "here", "click", "this", "this link", "link", "more", "read more",
                 "click here to read more", "this page", "go", "details"}
_BARE_URL = re.compile(r"^(https?://|www\.)\S+$", re.I)


# --------------------------------------------------------------------------------------------
# The browser

def require_browser() -> None:
    """Skip (locally) or fail (in CI) when Debian's Chromium is not installed."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true but {CHROMIUM} is missing: the browser tests must run in CI. "
                    "Install Debian's chromium (apt-get install -y chromium) in the CI image.")
    pytest.skip(SKIP_MESSAGE)


@contextmanager
def launch_browser():
    """Headless Chromium from /usr/bin/chromium (never Playwright's own download)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


class OfflinePage:
    """A page opened from a file with every non-file request blocked and recorded."""

    def __init__(self, browser, path: Path, viewport: dict | None = None):
        self.path = Path(path).resolve()
        self.blocked: list[str] = []
        self.context = browser.new_context(viewport=viewport or DESKTOP, java_script_enabled=True)
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.goto(self.path.as_uri(), wait_until="load")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:", "about:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@contextmanager
def open_page(browser, path: Path, viewport: dict | None = None):
    """Open ``path`` offline in a fresh browser context; yields the :class:`OfflinePage`."""
    page = OfflinePage(browser, path, viewport)
    try:
        yield page
    finally:
        page.close()


# --------------------------------------------------------------------------------------------
# axe-core

def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations (axe.min.js ships in axe-playwright-python: no network)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                       "resultTypes": ["violations"]})
    return results.response["violations"]


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']} [{len(v['nodes'])} element(s)]")
        for node in v["nodes"][:5]:
            lines.append(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
            lines.append(f"      {node['html'][:160]}")
    return "\n".join(lines)


def assert_no_axe_violations(page) -> None:
    violations = axe_violations(page)
    assert not violations, "axe-core found WCAG 2.1 A/AA violations:\n" + format_violations(violations)


# --------------------------------------------------------------------------------------------
# Structure

def assert_one_h1(page) -> None:
    texts = page.eval_on_selector_all("h1", "els => els.map(e => e.textContent.trim())")
    assert len(texts) == 1, f"expected exactly one h1, found {len(texts)}: {texts}"


def heading_levels(page) -> list[tuple[int, str]]:
    return [tuple(x) for x in page.eval_on_selector_all(
        "h1, h2, h3, h4, h5, h6", "els => els.map(e => [Number(e.tagName[1]), e.textContent.trim()])")]


def assert_heading_levels(page) -> None:
    """The first heading is the h1 and no heading goes more than one level deeper than the last."""
    levels = heading_levels(page)
    assert levels, "the page has no headings"
    assert levels[0][0] == 1, f"the first heading is not the h1: {levels[0]}"
    problems = [f"h{prev[0]} {prev[1]!r} -> h{cur[0]} {cur[1]!r}"
                for prev, cur in zip(levels, levels[1:]) if cur[0] > prev[0] + 1]
    assert not problems, "headings skip a level: " + "; ".join(problems)


def assert_landmarks(page) -> None:
    """One main, at least one nav, a banner (top-level header) and a contentinfo (top-level footer)."""
    found = page.evaluate("""() => {
        const topLevel = (el) => !el.parentElement.closest('article, aside, main, nav, section');
        return {
            main: document.querySelectorAll('main, [role=main]').length,
            nav: document.querySelectorAll('nav, [role=navigation]').length,
            banner: [...document.querySelectorAll('header')].filter(topLevel).length
                    + document.querySelectorAll('[role=banner]').length,
            contentinfo: [...document.querySelectorAll('footer')].filter(topLevel).length
                    + document.querySelectorAll('[role=contentinfo]').length,
            mainId: (document.querySelector('main') || {}).id || null,
        };
    }""")
    problems = []
    if found["main"] != 1:
        problems.append(f"{found['main']} main landmarks (need exactly 1)")
    for name in ("nav", "banner", "contentinfo"):
        if found[name] < 1:
            problems.append(f"no {name} landmark")
    assert not problems, "landmarks: " + "; ".join(problems)


def assert_skip_link(page) -> None:
    """The first Tab lands on a link to #content, and following it moves focus to <main id=content>."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); }")
    page.keyboard.press("Tab")
    first = page.evaluate("""() => { const a = document.activeElement;
        return a ? {tag: a.tagName, href: a.getAttribute('href'), text: a.textContent.trim()} : null; }""")
    assert first and first["tag"] == "A" and first["href"] == "#content", (
        f"the first focusable element is not a skip link to #content: {first}")
    target = page.evaluate("() => { const t = document.getElementById('content'); return t ? t.tagName : null; }")
    assert target == "MAIN", f"#content is not the main element (found {target})"
    page.keyboard.press("Enter")
    focused = page.evaluate("() => [document.activeElement.tagName, document.activeElement.id, location.hash]")
    assert focused[2] == "#content" and focused[:2] == ["MAIN", "content"], (
        f"following the skip link did not move focus to main#content: {focused}")


def assert_tables_ok(page) -> None:
    """Every table has a non-empty caption and header cells."""
    tables = page.eval_on_selector_all("table", """els => els.map((t, i) => ({
        i, caption: t.caption ? t.caption.textContent.trim() : '', th: t.querySelectorAll('th').length,
        html: t.outerHTML.slice(0, 120)}))""")
    problems = []
    for t in tables:
        if not t["caption"]:
            problems.append(f"table {t['i'] + 1} has no caption: {t['html']}")
        if not t["th"]:
            problems.append(f"table {t['i'] + 1} has no header cells (th): {t['html']}")
    assert not problems, "tables:\n  " + "\n  ".join(problems)


def alt_text_problem(alt: str | None) -> str | None:
    """Why an alt text is not acceptable for a chart or figure, or None if it is."""
    if alt is None:
        return "no alt attribute"
    text = " ".join(alt.split())
    if not text:
        return "empty alt text"
    if text.lower().strip(".") in GENERIC_ALT:
        return f"generic or placeholder alt text {text!r}"
    if _NUMBERED_GENERIC.match(text):
        return f"generic alt text {text!r}"
    if _FILE_NAME.match(text):
        return f"a file name as alt text {text!r}"
    if len(text) < 10:
        return f"alt text too short to describe a figure: {text!r}"
    return None


def assert_alt_text_ok(page) -> None:
    """Every <img> has alt text that describes it: not empty, not a placeholder, not a file name."""
    images = page.eval_on_selector_all("img", """els => els.map((e, i) => ({
        i, alt: e.hasAttribute('alt') ? e.getAttribute('alt') : null,
        src: (e.getAttribute('src') || '').slice(0, 60)}))""")
    problems = [f"image {img['i'] + 1} ({img['src']}...): {why}"
                for img in images if (why := alt_text_problem(img["alt"]))]
    assert not problems, "alt text:\n  " + "\n  ".join(problems)


def assert_link_text_ok(page) -> None:
    """Link text says where it goes: never 'click here', 'here' or a bare URL."""
    links = page.eval_on_selector_all("a[href]", """els => els.map(a => ({
        text: (a.getAttribute('aria-label') || a.textContent).replace(/\\s+/g, ' ').trim(),
        href: a.getAttribute('href')}))""")
    problems = []
    for link in links:
        text = link["text"]
        if not text:
            problems.append(f"empty link text for {link['href']}")
        elif text.lower().strip(".:") in BAD_LINK_TEXT:
            problems.append(f"link text {text!r} for {link['href']}")
        elif _BARE_URL.match(text):
            problems.append(f"bare URL as link text {text!r}")
    assert not problems, "link text:\n  " + "\n  ".join(problems)


def assert_offline(offline_page: OfflinePage) -> None:
    """The page asked for nothing over the network."""
    assert not offline_page.blocked, f"the page requested network resources: {offline_page.blocked}"


# --------------------------------------------------------------------------------------------
# Layout

def assert_no_horizontal_overflow(page, width: int = PHONE["width"]) -> None:
    """At ``width`` px the page never scrolls sideways (wide tables scroll inside their region)."""
    page.set_viewport_size({"width": width, "height": PHONE["height"]})
    result = page.evaluate("""() => {
        const se = document.scrollingElement, w = window.innerWidth;
        const wide = [];
        for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right > w + 1 && !el.closest('.ca-table-wrap, [role=region]')) {
                wide.push(el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' right=' + Math.round(r.right));
            }
        }
        return {scrollWidth: se.scrollWidth, innerWidth: w, wide: wide.slice(0, 5)};
    }""")
    assert result["scrollWidth"] <= result["innerWidth"] + 1, (
        f"horizontal overflow at {width}px: scrollWidth {result['scrollWidth']} > {result['innerWidth']}; "
        f"widest elements: {result['wide']}")


def assert_print_layout(page, pdf_path: Path) -> int:
    """Print to A4: >= 1 page, a sane page count, charts and table rows kept whole, data tables shown.

    Chromium does not expose where page breaks fall, so the checks are the computed
    ``break-inside: avoid`` under print media on every figure and every table row (a long table
    may break between rows, and its header row repeats), every table visible when printed (data
    tables inside <details> included), and a page count no more than about twice the printed
    length divided by the A4 content height (avoiding breaks adds blank space, never whole pages).
    """
    page.emulate_media(media="print")
    try:
        page.set_viewport_size(A4_CONTENT_PX)
        layout = page.evaluate("""() => {
            const els = [...document.querySelectorAll('figure, tr')];
            const bad = els.filter(e => getComputedStyle(e).breakInside !== 'avoid')
                           .map(e => e.tagName.toLowerCase() + '.' + e.className + ': ' + getComputedStyle(e).breakInside);
            // the run record prints as running text, so its header row is hidden on purpose
            const heads = [...document.querySelectorAll('thead')].filter(h => !h.closest('.ca-footer'))
                           .filter(h => getComputedStyle(h).display !== 'table-header-group').length;
            const hidden = [...document.querySelectorAll('table')]
                           .filter(t => t.getBoundingClientRect().height === 0)
                           .map(t => (t.caption ? t.caption.textContent.trim() : t.outerHTML.slice(0, 60)));
            return {bad: bad.slice(0, 5), nBad: bad.length, heads, hidden: hidden.slice(0, 5),
                    height: document.documentElement.scrollHeight};
        }""")
        pdf = page.pdf(path=str(pdf_path), format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        page.emulate_media(media="screen")
        page.set_viewport_size(DESKTOP)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages >= 1, "the PDF has no pages"
    assert layout["nBad"] == 0, f"{layout['nBad']} figure(s)/table row(s) may split across pages: {layout['bad']}"
    assert layout["heads"] == 0, f"{layout['heads']} table header(s) would not repeat on a new page"
    assert not layout["hidden"], f"tables not shown when printed: {layout['hidden']}"
    expected = max(1, math.ceil(layout["height"] / A4_CONTENT_PX["height"]))
    assert pages <= 2 * expected + 2, (
        f"the PDF has {pages} pages for about {expected} pages of content: something forces page breaks")
    return pages


def save_screenshot(page, path: Path) -> Path:
    """The first screen as a PNG (for people to look at; not compared)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=False)
    return path
