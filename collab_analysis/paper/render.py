"""Words from facts: the Jinja environment that turns a section's facts into HTML.

Each section of a paper is a frozen dataclass of facts (see :mod:`collab_analysis.paper.facts`) with
a template of the same name in ``paper/templates/``. Templates are autoescaped, so nothing from the
data can become markup, and share four filters: ``money`` (pounds at the published precision),
``pct``, ``date`` (at the precision the source gave) and ``ref`` (a note marker that links to the
note: source, place and the source's own words).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from ..years import format_date
from .model import Note
from .words import and_list, clause, money, number_word, opening_plural, pct, plural, sentence, the

TEMPLATES = Path(__file__).resolve().parent / "templates"


def ref(notes) -> Markup:
    """Note markers for one or more notes: ``[3, S]`` linking to ``#note-3``."""
    if isinstance(notes, Note):
        notes = [notes]
    seen, parts = set(), []
    for note in notes or ():
        if note is None or note.number in seen:
            continue
        seen.add(note.number)
        label = f"{note.number}, {note.status}" if note.status else str(note.number)
        parts.append(f'<sup class="ca-ref"><a href="#note-{note.number}" '
                     f'aria-label="note {note.number}">[{escape(label)}]</a></sup>')
    return Markup("".join(parts))


def date(value, precision: str = "day") -> str:
    """A date at the precision the source gave: ``22 July 2019``, ``May 2018``, ``2015``."""
    return "" if value is None else format_date(value, precision)


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)
    env.filters.update(money=money, pct=pct, date=date, ref=ref, and_list=and_list, plural=plural, opening_plural=opening_plural,
                       number_word=number_word, sentence=sentence, clause=clause, the=the)
    return env


def render(template: str, **context) -> str:
    """Render one template from ``paper/templates`` with ``context``."""
    return environment().get_template(template).render(**context)


class Section:
    """Mixin for a section's facts: shows itself in a notebook through its template."""

    template = ""

    def html(self) -> str:
        return render(self.template, s=self)

    def _repr_html_(self) -> str:
        return self.html()
