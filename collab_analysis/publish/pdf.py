"""Print each HTML paper to a tagged A4 PDF for the council's agenda pack, with headless Chromium.

The PDF is printed from the very HTML the build publishes, by Debian's Chromium
(``/usr/bin/chromium``) driven through Playwright, never a browser Playwright downloads: A4, the
paper's title and "Page N of M" in the footer, tagged (a structure tree for screen readers) and
with an outline of the headings. The paper's print CSS keeps charts and table rows whole.

Chromium stamps each PDF with the time it was printed and numbers its structure elements from a
counter that runs across pages; both are set here so that the same HTML gives the same bytes: the
dates become the paper's as-at date (or SOURCE_DATE_EPOCH, the reproducible-builds convention for
a file's own timestamps), and the element ids are renumbered in order, keeping their width so the
file's byte offsets stay true.
"""
from __future__ import annotations

import datetime as dt
import html
import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
#: Margins leave room for the footer; the @page rule's size (A4) is the same.
MARGIN = {"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"}
FOOTER = ('<div style="font-family: Arial, Helvetica, sans-serif; font-size: 8pt; color: #000; width: 100%; '
          'margin: 0 14mm; display: flex; justify-content: space-between; gap: 8mm;">'
          '<span class="title" style="overflow: hidden; text-overflow: ellipsis; white-space: nowrap;"></span>'
          '<span style="white-space: nowrap;">Page <span class="pageNumber"></span> of '
          '<span class="totalPages"></span></span></div>')
#: Largest PDF the agenda pack takes (issue: at most 1.5 MB).
MAX_BYTES = 1_500_000

_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
_NODE = re.compile(rb"node(\d{8})")


def header(mark: str) -> str:
    """The top of every printed page: the paper's status, so a draft is never mistaken for the paper sent."""
    if not mark:
        return "<span></span>"
    return ('<div style="font-family: Arial, Helvetica, sans-serif; font-size: 8pt; font-weight: bold; color: #000; '
            f'width: 100%; margin: 0 14mm; text-align: right;">{html.escape(mark)}</div>')


class BrowserUnavailable(Exception):
    """No browser to print with; the message is one line saying why and what to do."""


@dataclass(frozen=True)
class PrintJob:
    html: Path
    pdf: Path
    when: dt.datetime          # the PDF's creation date
    mark: str = ""             # printed at the top of every page: "Draft — not for circulation"


def browser() -> str | None:
    """The browser the build prints with, or None (part of the no-change key)."""
    return str(CHROMIUM) if CHROMIUM.exists() else None


def print_pdfs(jobs: list[PrintJob], on_done=None) -> list[tuple[PrintJob, str | None]]:
    """Print every job with one browser; ``(job, error)`` for each, error None when it printed.

    Playwright's synchronous API refuses to run where an asyncio loop is running (a Jupyter kernel,
    or a test session with a browser open), so the printing runs in a thread of its own.

    Raises
    ------
    BrowserUnavailable
        No Chromium at /usr/bin/chromium, Playwright missing, or the browser would not start.
    """
    outcome: dict = {}

    def work() -> None:
        try:
            outcome["value"] = _print_all(jobs, on_done)
        except BaseException as exc:  # handed to the caller's thread
            outcome["error"] = exc

    thread = threading.Thread(target=work, name="collab-analysis-pdf", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _print_all(jobs: list[PrintJob], on_done=None) -> list[tuple[PrintJob, str | None]]:
    if not jobs:
        return []
    if browser() is None:
        raise BrowserUnavailable(f"no browser at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise BrowserUnavailable(f"Playwright is not installed ({exc}); pip install playwright") from exc
    results = []
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        except PlaywrightError as exc:
            raise BrowserUnavailable(f"Chromium would not start ({str(exc).splitlines()[0]})") from exc
        try:
            context = chromium.new_context(java_script_enabled=False)
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                          else route.abort())
            for job in jobs:
                page = context.new_page()
                try:
                    page.goto(job.html.resolve().as_uri(), wait_until="load")
                    data = page.pdf(format="A4", print_background=True, display_header_footer=True,
                                    header_template=header(job.mark), footer_template=FOOTER, margin=MARGIN,
                                    tagged=True, outline=True)
                    job.pdf.parent.mkdir(parents=True, exist_ok=True)
                    job.pdf.write_bytes(reproducible(data, job.when))
                    error = None
                except (PlaywrightError, OSError) as exc:
                    error = str(exc).splitlines()[0]
                finally:
                    page.close()
                results.append((job, error))
                if on_done:
                    on_done(job, error)
        finally:
            chromium.close()
    return results


def reproducible(data: bytes, when: dt.datetime) -> bytes:
    """The same PDF whatever the time and the browser's counters: see the module's docstring."""
    stamp = when.astimezone(dt.timezone.utc).strftime("D:%Y%m%d%H%M%S+00'00'").encode()
    def date(m: re.Match) -> bytes:
        new = b"/" + m.group(1) + b" (" + stamp + b")"
        return new if len(new) == len(m.group(0)) else m.group(0)  # same length: offsets stay true

    data = _DATE.sub(date, data)
    ids = sorted({int(n) for n in _NODE.findall(data)})
    rank = {n: i + 1 for i, n in enumerate(ids)}  # increasing, so the ID tree stays sorted
    return _NODE.sub(lambda m: b"node%08d" % rank[int(m.group(1))], data)
