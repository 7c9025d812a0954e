"""Inline SVG charts, let through a strict allowlist so their words stay real text.

A chart is drawn by matplotlib with its text as ``<text>`` (see :mod:`collab_analysis.paper.charts`)
and placed in the page inline, so it can be searched, selected, zoomed and read by screen readers.
Inline SVG can carry scripts, event handlers and links to other files; this module keeps only the
drawing elements and presentation attributes a chart needs, links only to ``#`` fragments of the
same chart, and styles only from a fixed set of properties, and drops everything else.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup

#: Drawing elements a chart may contain (names as the HTML parser gives them, in lower case).
TAGS = frozenset({"svg", "g", "path", "text", "tspan", "title", "desc", "defs", "clippath", "use", "rect", "line",
                  "circle", "polyline", "polygon"})
#: Attributes a chart element may carry.
ATTRIBUTES = frozenset({"viewbox", "xmlns", "xmlns:xlink", "version", "class", "id", "role", "aria-labelledby",
                        "aria-label", "aria-hidden", "focusable", "d", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy",
                        "r", "width", "height", "points", "transform", "style", "clip-path", "xlink:href", "href",
                        "fill", "stroke", "stroke-width", "text-anchor", "dominant-baseline", "font-size",
                        "font-family", "font-weight", "opacity"})
#: CSS properties a chart's ``style`` may set.
PROPERTIES = frozenset({"fill", "fill-opacity", "stroke", "stroke-width", "stroke-linejoin", "stroke-linecap",
                        "stroke-opacity", "font", "font-size", "font-family", "font-weight", "font-style",
                        "text-anchor", "dominant-baseline", "opacity", "clip-path"})
_SAFE_VALUE = re.compile(r"^[\w\s#.,'%()\-\"&;]*$")
_LOCAL_URL = re.compile(r"url\(#[\w.-]+\)")
_BLOCK = re.compile(r"<svg\b.*?</svg\s*>", re.S | re.I)


def _style(value: str) -> str | None:
    kept = []
    for declaration in value.split(";"):
        if not declaration.strip():
            continue
        name, _, val = declaration.partition(":")
        name, val = name.strip().lower(), val.strip()
        if name not in PROPERTIES or not _SAFE_VALUE.match(val):
            continue
        if "url(" in val and not _LOCAL_URL.fullmatch(val):
            continue
        kept.append(f"{name}: {val}")
    return "; ".join(kept) or None


def clean_svg(markup: str) -> str:
    """One ``<svg>`` element with only the allowed elements, attributes and style properties."""
    soup = BeautifulSoup(markup, "html.parser")
    for element in list(soup.find_all(True)):
        if element.name not in TAGS:
            element.decompose()
            continue
        for name in list(element.attrs):
            value = element.attrs[name]
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name not in ATTRIBUTES or name.startswith("on"):
                del element.attrs[name]
            elif name in ("href", "xlink:href") and not value.startswith("#"):
                del element.attrs[name]
            elif name == "clip-path" and not _LOCAL_URL.fullmatch(value):
                del element.attrs[name]
            elif name == "style":
                cleaned = _style(value)
                if cleaned is None:
                    del element.attrs[name]
                else:
                    element.attrs[name] = cleaned
    return str(soup)


def extract(html: str) -> tuple[str, list[str]]:
    """(the fragment with each chart replaced by a placeholder, the cleaned charts)."""
    charts: list[str] = []

    def keep(match: re.Match) -> str:
        charts.append(clean_svg(match.group(0)))
        return f"CAPAPERSVG{len(charts) - 1}X"

    return _BLOCK.sub(keep, html), charts


def restore(html: str, charts: list[str]) -> str:
    """Put the cleaned charts back where their placeholders are."""
    def put(match: re.Match) -> str:
        i = int(match.group(1))
        return charts[i] if i < len(charts) else match.group(0)

    return re.sub(r"CAPAPERSVG(\d+)X", put, html)
