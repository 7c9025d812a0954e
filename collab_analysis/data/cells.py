"""Turn what people type into one spreadsheet cell into one exact value, or say why not.

Every parser here takes the cell's text and returns the normalised value, or raises
:class:`~collab_analysis.errors.InvalidValue` carrying the message and the fix. Nothing is guessed
silently: ``£6.352m`` is read exactly as 6352000 with :class:`~decimal.Decimal` arithmetic, but
``£6.3525555m`` (not whole pounds) or ``c.£4m`` (an approximation) is refused with the figure the
user probably meant in the fix. Financial years and dates are read by :mod:`collab_analysis.years`.

The loader (``normalise.py``) adds the file, row and column to each failure to make a
:class:`~collab_analysis.errors.Problem`.

>>> parse_money("£6.352m")
6352000
>>> check_text("Leicestershire Police", limit=150)
'Leicestershire Police'
"""
from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from ..errors import InvalidValue

#: Separator of multi-valued cells (aliases, lists of forces), as written back after normalising.
LIST_SEPARATOR = ";"
#: Largest amount of money accepted (a trillion pounds); anything bigger is a typing slip.
MAX_MONEY = 10**12
#: Status codes a fact may carry (research pack section 0); NC is never shipped.
STATUSES = ("S", "C", "C2", "D")

_STRIP = " \t\r\n\v\f\xa0\u200b\ufeff"
#: Characters that reorder text on screen (bidirectional overrides): text from the data must read as typed.
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

__all__ = ["InvalidValue", "LIST_SEPARATOR", "MAX_MONEY", "STATUSES", "IdIndex", "check_text", "check_url", "clean",
           "did_you_mean", "index_of", "join_list", "parse_money", "parse_number", "parse_status",
           "quote", "split_list"]


def clean(text: object) -> str:
    """Return ``text`` as a string without surrounding whitespace (including no-break spaces)."""
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    return str(text).strip(_STRIP)


def quote(text: str, limit: int = 60) -> str:
    """``text`` in double quotes for a message, shortened if long and with control characters shown."""
    shown = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in str(text))
    if len(shown) > limit:
        shown = shown[: limit - 3] + "..."
    return f'"{shown}"'


# ---------------------------------------------------------------------------------------------- text


def check_text(text: str, *, limit: int, lines: bool = False, what: str = "the text") -> str:
    """Return ``text`` if it is no longer than ``limit`` characters and holds only printable text.

    Text from the data reaches headings, table cells, chart labels and footnotes. A limit keeps a
    paper readable and bounded whatever is pasted into a cell (a 10,000-character name once gave an
    83 MB paper); control characters and the invisible characters that reverse text on screen are
    refused because what a panel reads must be what was typed. ``lines=True`` allows line breaks
    (descriptions and notes); elsewhere a line break is a slip.

    Raises
    ------
    InvalidValue
        ``text-too-long`` or ``text-control``, naming the length and the limit or the character.

    >>> check_text("EMSOU ($2m #1 and $3m)", limit=40)   # $ and # are just text
    'EMSOU ($2m #1 and $3m)'
    """
    if len(text) > limit:
        raise InvalidValue(f"{what} is {len(text):,} characters long ({quote(text, 40)}), more than the {limit:,} "
                           "allowed here", f"shorten it to {limit:,} characters at most"
                           + ("; longer explanations belong in the description or note" if limit < 1000 else ""),
                           rule="text-too-long")
    for position, ch in enumerate(text):
        if ch in "\n\r" and lines:
            continue
        if ch in _BIDI or (unicodedata.category(ch) == "Cc" and ch != "\t") or ch in "\u2028\u2029":
            shown = "a line break" if ch in "\n\r\u2028\u2029" else f"the control character U+{ord(ch):04X}"
            raise InvalidValue(f"{what} holds {shown} at character {position + 1} ({quote(text, 40)})",
                               "retype the text on one line without it" if "line" in shown else
                               "retype the text without it (it is invisible, or changes how the text displays)",
                               rule="text-control")
    return text


_URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def check_url(text: str, *, limit: int = 2000) -> str:
    """Return ``text`` if it is a web address (``http://`` or ``https://``, no spaces).

    Raises
    ------
    InvalidValue
        ``url`` for anything else (``javascript:``, a file path, a bare domain).
    """
    check_text(text, limit=limit, what="the address")
    if not _URL.match(text):
        raise InvalidValue(f"{quote(text)} is not a web address",
                           "write the full address starting https:// (or http://), or leave the cell blank",
                           rule="url")
    return text


# --------------------------------------------------------------------------------------------- money

_UNITS = {"": 1, "k": 1000, "thousand": 1000, "m": 10**6, "mn": 10**6, "million": 10**6,
          "bn": 10**9, "billion": 10**9}
_MONEY = re.compile(
    r"^(?P<pound>£)?\s*(?P<num>[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*"
    r"(?P<unit>k|thousand|mn|m|million|bn|billion)?$",
    re.IGNORECASE,
)
_QUALIFIER = re.compile(
    r"^(?P<q>c\.|c(?=\s*£)|ca\.|circa|about|approx\.?|approximately|around|roughly|some|over|more than|"
    r"less than|under|up to|nearly|almost|at least|in excess of|>=|<=|>|<|~|≈)\s*(?P<rest>.+)$"
    r"|^(?P<rest2>.+?)\s*(?P<q2>\+|approx\.?|or more|plus)$",
    re.IGNORECASE,
)


def _money_decimal(text: str) -> Decimal | None:
    match = _MONEY.match(text)
    if not match:
        return None
    try:
        number = Decimal(match["num"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    return number * _UNITS[(match["unit"] or "").lower()]


def parse_money(text: str, *, column: str = "amount_gbp", qualifier_column: str | None = None) -> int | None:
    """Read an amount of money as a whole number of pounds; blank gives ``None``.

    Accepts ``6352000``, ``6,352,000``, ``£6,352,000``, ``£6.352m``, ``£170k``, ``£9.5m``,
    ``£1.2bn`` and reads them exactly (Decimal arithmetic, never floats).

    Raises
    ------
    InvalidValue
        When the amount is not whole pounds (``£6.3525555m``), carries a qualifier (``c.£4m``,
        ``about 4m``, ``>70m``), is negative, too large, or not an amount at all.

    >>> parse_money("£6.352m"), parse_money("£170k"), parse_money("6,352,000")
    (6352000, 170000, 6352000)
    """
    text = clean(text)
    if not text:
        return None
    # Enough digits that no amount, however long, is rounded (the default 28 would round 30 nines up).
    with localcontext() as context:
        context.prec = max(28, 2 * len(text) + 16)
        return _parse_money(text, column, qualifier_column)


def _parse_money(text: str, column: str, qualifier_column: str | None) -> int:
    compact = text.replace("£ ", "£")
    negative = False
    if compact.startswith("(") and compact.endswith(")"):
        negative, compact = True, compact[1:-1].strip()
    if compact.startswith(("-", "−", "–")):
        negative, compact = True, compact[1:].strip()
    if compact.startswith("£") and compact[1:2] in ("-", "−", "–"):
        negative, compact = True, "£" + compact[2:].strip()
    amount = _money_decimal(compact)
    if amount is None:
        qualified = _QUALIFIER.match(compact)
        if qualified:
            word = (qualified["q"] or qualified["q2"]).strip()
            rest = (qualified["rest"] or qualified["rest2"]).strip()
            figure = _money_decimal(rest)
            if figure is not None and figure == figure.to_integral_value() and figure < MAX_MONEY:
                where = (f"write {int(figure)} and put the qualifier in the {qualifier_column} column"
                         if qualifier_column else
                         f"{column} holds exact figures only: write the exact figure from the source, or "
                         f"{int(figure)} only if the source states it exactly")
            else:
                where = "write the exact figure in whole pounds, e.g. 6352000"
            raise InvalidValue(f"{quote(text)} has a qualifier ({quote(word)}) and is not an exact amount", where,
                               rule="money-qualifier")
        raise InvalidValue(f"{quote(text)} is not an amount in pounds",
                           "write whole pounds, e.g. 6352000, 6,352,000, £6,352,000 or £6.352m", rule="money")
    if negative and amount != 0:
        raise InvalidValue(f"{quote(text)} is negative",
                           "write the amount as a positive number of pounds (money in these tables is never "
                           "negative; a cut or a saving is said by its column, not its sign)",
                           rule="money-negative")
    if amount >= MAX_MONEY:
        raise InvalidValue(f"{quote(text)} is too large to be an amount in pounds (over £1 trillion)",
                           "check the figure and write whole pounds, e.g. 6352000", rule="money")
    if amount != amount.to_integral_value():
        nearest = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        raise InvalidValue(f"{quote(text)} is not a whole number of pounds",
                           f"write {nearest} or the exact figure", rule="money")
    return int(amount)


# -------------------------------------------------------------------------------------------- numbers

_NUMBER = re.compile(r"^[+]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)?(?:\.[0-9]+)?$")


def parse_number(text: str, *, percent: bool = False, money: bool = False) -> float | None:
    """Read a plain number (``27.6``, ``1,234.5``); blank gives ``None``.

    ``percent=True`` also accepts a trailing ``%`` (``27.6%`` -> 27.6); ``money=True`` also accepts the
    forms :func:`parse_money` reads (``£187.6m``), exactly.

    Raises
    ------
    InvalidValue
        When the text is not a finite, non-negative number written in one of those forms.
    """
    text = clean(text)
    if not text:
        return None
    body = text
    if percent and body.endswith("%"):
        body = body[:-1].strip()
    if money and (body.startswith("£") or body[-1:].isalpha()):
        return float(parse_money(body))
    if not body or body in {".", "+"} or not _NUMBER.match(body) or not any(ch.isdigit() for ch in body):
        example = "27.6" if percent else "1234.5"
        rest = body[1:].strip()
        if body.startswith(("-", "−")) and rest and _NUMBER.match(rest) and any(ch.isdigit() for ch in rest):
            raise InvalidValue(f"{quote(text)} is negative", "write a number of zero or more", rule="number")
        raise InvalidValue(f"{quote(text)} is not a number", f"write a plain number, e.g. {example}", rule="number")
    value = float(body.replace(",", ""))
    if not math.isfinite(value) or value >= 1e15:
        raise InvalidValue(f"{quote(text)} is too large", "check the figure", rule="number")
    return value


# -------------------------------------------------------------------------------------------- statuses


def parse_status(text: str) -> str | None:
    """Check a status code (S, C, C2, D, in any case); blank gives ``None``.

    Raises
    ------
    InvalidValue
        For NC (never shipped) or any other code.
    """
    text = clean(text)
    if not text:
        return None
    if text.upper() == "NC":
        raise InvalidValue(f"{quote(text)} is not allowed: NC (not confirmed) figures are never shipped",
                           "remove the row or find a source that confirms it", rule="status-nc")
    if text.upper() in STATUSES:
        return text.upper()
    raise InvalidValue(f"{quote(text)} is not a status code",
                       "use S (seed), C (confirmed), C2 (confirmed, secondary source) or D (derived)",
                       rule="status")


# ------------------------------------------------------------------------------------- ids and choices


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The closest of ``choices`` to ``value`` (case-insensitive), or ``None`` if none is close.

    >>> did_you_mean("leicestershre", ["leicestershire", "lincolnshire"])
    'leicestershire'
    """
    lowered: dict[str, str] = {}
    for choice in choices:
        lowered.setdefault(str(choice).lower(), str(choice))
    found = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=cutoff)
    return lowered[found[0]] if found else None


def split_list(text: str) -> list[str]:
    """Split a multi-valued cell on ``;`` and drop blanks: ``"Leics; LLR;"`` -> ``["Leics", "LLR"]``."""
    return [part for part in (clean(p) for p in clean(text).split(LIST_SEPARATOR)) if part]


def join_list(values: Iterable[str]) -> str:
    """Write a multi-valued cell back: ``["a", "b"]`` -> ``"a;b"``."""
    return LIST_SEPARATOR.join(values)


def index_of(kind: str, file: str, ids: Iterable[str], *, aliases: Iterable[str] = (),
             names: Iterable[Iterable[str]] = ()) -> tuple["IdIndex", list[tuple[int, str, str]]]:
    """An :class:`IdIndex` of ``ids``, their ``aliases`` (one ``;`` list per id) and their ``names`` columns.

    The loader (from the files' text) and :mod:`collab_analysis.forces` (from the tables) both build
    their lookups here, so a name means the same to both. Also returns each alias that already
    meant another id, as (position, alias, other id), for the loader to report.
    """
    ids = [clean(i) for i in ids]
    index = IdIndex(kind, file)
    for id_ in ids:
        if id_:
            index.add(id_, id_)
    clashes = []
    for position, (id_, cell) in enumerate(zip(ids, aliases)):
        for alias in split_list(cell):
            other = index.add(alias, id_) if id_ else None
            if other is not None:
                clashes.append((position, alias, other))
    for column in names:
        for id_, name in zip(ids, column):
            if id_ and clean(name):
                index.add(clean(name), id_)  # a clash with another's name is left to the ids
    return index, clashes


class IdIndex:
    """Resolve the names people use for an id (the id itself, aliases, names) to the id.

    Lookups are case-insensitive. A name that is not known raises :class:`InvalidValue` with the
    closest known name as a "did you mean" suggestion, never a silent substitution.

    Parameters
    ----------
    kind
        What the ids are, for messages (``"force_id"``).
    file
        The file that lists them, for the fix (``"forces.csv"``).
    names
        ``(name, id)`` pairs; the first id claimed for a name wins (clashes are reported by the loader).
    """

    def __init__(self, kind: str, file: str, names: Iterable[tuple[str, str]] = ()):
        self.kind, self.file = kind, file
        self._by_name: dict[str, str] = {}
        self.ids: list[str] = []
        for name, id_ in names:
            self.add(name, id_)

    def add(self, name: str, id_: str) -> str | None:
        """Record ``name`` as meaning ``id_``; returns the id it already meant if that differs."""
        key = clean(name).lower()
        if not key:
            return None
        if id_ not in self.ids:
            self.ids.append(id_)
        known = self._by_name.setdefault(key, id_)
        return known if known != id_ else None

    def __contains__(self, name: object) -> bool:
        return clean(name).lower() in self._by_name

    def resolve(self, text: str) -> str:
        """Return the id ``text`` names.

        Raises
        ------
        InvalidValue
            When ``text`` names no known id (with "did you mean ...?" when one is close).
        """
        key = clean(text).lower()
        if key in self._by_name:
            return self._by_name[key]
        guess = did_you_mean(key, self._by_name, cutoff=0.75)
        if guess is not None:
            suggestion = self._by_name[guess]
            raise InvalidValue(f"{quote(text)} is not a {self.kind} in {self.file}",
                               f"did you mean {suggestion!r}? If so, write that; otherwise add {quote(text)} to "
                               f"{self.file}", rule="reference")
        raise InvalidValue(f"{quote(text)} is not a {self.kind} in {self.file}",
                           f"use one of the {self.kind}s listed in {self.file}, or add a row for it there",
                           rule="reference")

    @property
    def names(self) -> Mapping[str, str]:
        """Lower-cased name -> id."""
        return dict(self._by_name)


# TEMPORARY shims (budgets.py, savings.py, paper/charts.py): import parse_financial_year & co. from
# collab_analysis.years and format_gbp/format_pct from data.display; delete when nothing uses them.
_MOVED = {name: "years" for name in ("parse_financial_year", "financial_year_bounds", "parse_date", "PRECISIONS",
                                     "MIN_YEAR", "MAX_YEAR", "DATE_FIX")}
_MOVED.update({"format_gbp": "data.display", "format_pct": "data.display"})


def __getattr__(name: str):
    if name in _MOVED:
        import importlib

        return getattr(importlib.import_module(f"collab_analysis.{_MOVED[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

