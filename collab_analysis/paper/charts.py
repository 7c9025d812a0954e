"""Charts in the house style: matplotlib only, drawn for a phone first, text kept as text.

Each chart is an inline SVG whose words are real ``<text>`` (``svg.fonttype: none``), so a reader
can search, select and zoom them and a screen reader can reach the chart's title and description.
Charts are drawn 340 units wide with 12-unit text and scale to the column: on a 375 px phone the
text renders at about 12 CSS px, on a desktop larger. Labels sit on the bars (no legend, no axis to
decode). Text from the data is drawn literally: ``$`` is never read as mathematics.
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")  # for analysts' own pyplot charts in the notebooks; ours never use pyplot
from matplotlib.figure import Figure  # noqa: E402  (without pyplot's state machine: a third of the import)
from matplotlib.patches import Rectangle  # noqa: E402
from markupsafe import Markup, escape  # noqa: E402

from .words import money  # noqa: E402

WIDTH = 340           # drawing units; one unit renders as one CSS pixel at 340 px wide
FONT = 12             # drawing units
BAR = "#1d70b8"       # 5.2:1 on white
TEXT = "#0b0c0c"
FONT_STACK = "system-ui, 'DejaVu Sans', Arial, sans-serif"

_STYLE = {
    "svg.fonttype": "none", "svg.hashsalt": "collab-analysis", "text.parse_math": False,
    "font.family": ["DejaVu Sans"], "font.size": FONT, "text.color": TEXT,
    "figure.facecolor": "white", "savefig.facecolor": "white", "path.simplify": False,
}


@dataclass(frozen=True)
class Chart:
    """A drawn chart: inline SVG markup, its title, and a text alternative made from its data."""

    slug: str
    title: str
    alt: str
    svg: str

    def markup(self) -> Markup:
        return Markup(self.svg)


def _svg(fig, slug: str, title: str, alt: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    svg = buf.getvalue()
    svg = svg[svg.index("<svg"):]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r'\s(width|height)="[\d.]+pt"', "", svg, count=2)
    svg = re.sub(r"font-family: [^;\"]+", "font-family: " + FONT_STACK.replace("'", "&#39;"), svg)
    svg = re.sub(r'id="([^"]+)"', rf'id="{slug}-\1"', svg)
    svg = re.sub(r'(url\(#|xlink:href="#)([^)"]+)', rf"\1{slug}-\2", svg)
    opening = re.search(r"<svg[^>]*>", svg)
    head = (f'<svg {_keep(opening.group(0))} class="ca-svg" role="img" aria-labelledby="{slug}-title {slug}-desc"'
            f' focusable="false"><title id="{slug}-title">{escape(title)}</title>'
            f'<desc id="{slug}-desc">{escape(alt)}</desc>')
    return head + svg[opening.end():]


def _keep(tag: str) -> str:
    """The attributes of matplotlib's <svg> tag worth keeping: namespaces and the viewBox."""
    keep = re.findall(r'(xmlns(?::xlink)?="[^"]+"|viewBox="[^"]+")', tag)
    return " ".join(keep)


def hbar(slug: str, title: str, labels: list[str], values: list[float], value_labels: list[str], alt: str) -> Chart:
    """Horizontal bars, largest first, each labelled with its name above and its value at its end."""
    n = len(values)
    row = 2.6 * FONT
    height = row * n + FONT
    with matplotlib.rc_context(_STYLE):
        fig = Figure(figsize=(WIDTH / 72, height / 72), dpi=72)
        ax = fig.add_axes((0, 0, 1, 1))
        ax.set_xlim(0, WIDTH)
        ax.set_ylim(height, 0)
        ax.axis("off")
        top = max(values) if values else 1
        span = WIDTH - 4 * FONT * 1.2
        for i, (label, value, text) in enumerate(zip(labels, values, value_labels)):
            y = i * row + FONT * 0.4
            ax.text(0, y, label, va="top", ha="left", fontsize=FONT)
            length = max(1.0, span * (value / top if top else 0))
            ax.add_patch(Rectangle((0, y + FONT * 1.25), length, FONT * 0.9, color=BAR, linewidth=0))
            ax.text(length + 4, y + FONT * 1.25 + FONT * 0.45, text, va="center", ha="left", fontsize=FONT)
        return Chart(slug, title, alt, _svg(fig, slug, title, alt))


def contributions(force_name: str, year: str, lines, rest=()) -> Chart:
    """A force's contributions for a year, one bar each (the rest grouped into one bar, said so)."""
    labels = [line.name for line in lines]
    values = [line.amount for line in lines]
    texts = [money(line.amount, line.precision) for line in lines]
    if rest:
        labels.append(f"{len(rest)} others")
        values.append(sum(r.amount for r in rest))
        texts.append(money(values[-1]))
    top = labels[0] if labels else ""
    alt = (f"Bar chart of {force_name}'s {len(values)} published contributions to collaborations in {year}, "
           f"largest first: " + "; ".join(f"{a} {b}" for a, b in zip(labels, texts)) + f". {top} is the largest.")
    return hbar("contributions", f"{force_name}: contributions to collaborations, {year}", labels, values, texts, alt)
