"""Turn what people type into a spreadsheet cell into one exact value, or say why not.

Every parser here takes the cell's text (already stripped) and returns the normalised value, or raises
:class:`InvalidValue` carrying the message and the fix. Nothing is guessed silently: ``£6.352m`` is
read exactly as 6352000 with :class:`~decimal.Decimal` arithmetic, but ``£6.3525555m`` (not whole pounds)
or ``c.£4m`` (an approximation) is refused with the figure the user probably meant in the fix.

The loader (``tables.py``) adds the file, row and column to each failure to make a
:class:`~collab_analysis.errors.Problem`.

>>> parse_money("£6.352m")
6352000
>>> parse_financial_year("2019/2020")
'2019-20'
>>> parse_date("2018-05")
(Timestamp('2018-05-01 00:00:00'), 'month')
"""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

import pandas as pd

from ..errors import ParameterError

#: Separator of multi-valued cells (aliases, lists of forces), as written back after normalising.
LIST_SEPARATOR = ";"
#: Largest amount of money accepted (a trillion pounds); anything bigger is a typing slip.
MAX_MONEY = 10**12
#: Years a date or financial year may fall in.
MIN_YEAR, MAX_YEAR = 1800, 2200
#: Status codes a fact may carry (research pack section 0); NC is never shipped.
STATUSES = ("S", "C", "C2", "D")
DATE_FIX = ("write dates as YYYY-MM-DD (e.g. 2018-05-01), or YYYY-MM or YYYY when only the month or year "
            "is known, or leave the cell blank when it is not known")

_STRIP = " \t\r\n\v\f\xa0\u200b\ufeff"


class InvalidValue(ValueError):
    """A cell's text cannot be read as the value its column holds.

    ``message`` says what is wrong (quoting the text), ``fix`` what to write instead and ``rule``
    names the check, so the loader can turn it into a :class:`~collab_analysis.errors.Problem`.
    """

    def __init__(self, message: str, fix: str = "", rule: str = "value"):
        super().__init__(message)
        self.message, self.fix, self.rule = message, fix, rule


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


def _is_missing(value) -> bool:
    """None, NaN, NaT or pd.NA (a number that is not there)."""
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _strip(d: Decimal) -> str:
    text = format(d, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_gbp(amount, style: str = "short") -> str:
    """Money for people to read.

    Parameters
    ----------
    amount : int
        Whole pounds. A missing value gives "not published in the sources held", never "£0".
    style : {"short", "published", "exact"}
        ``"short"``: ``£6.35m`` (two decimals at most, trailing zeros dropped: ``£4m``, ``£10.5m``),
        ``£745k`` below £1m, exact pounds below £10,000. ``"published"``: as a document writes a
        figure it knows to the thousand (``£9.487m``, ``£187.1m``, ``£745k``), exact otherwise.
        ``"exact"``: ``£9,487,000``.

    Examples
    --------
    >>> format_gbp(6352000)
    '£6.35m'
    >>> format_gbp(745000)
    '£745k'
    >>> format_gbp(9487000, "exact")
    '£9,487,000'
    >>> format_gbp(187100000, "published")
    '£187.1m'
    """
    if _is_missing(amount):
        return "not published in the sources held"
    value = int(amount)
    sign = "-" if value < 0 else ""
    a = abs(value)
    if style == "exact":
        return f"{sign}£{a:,}"
    if style == "published":
        if a >= 1_000_000 and a % 1000 == 0:
            return f"{sign}£{_strip(Decimal(a) / Decimal(1_000_000))}m"
        if 1000 <= a < 1_000_000 and a % 1000 == 0:
            return f"{sign}£{a // 1000}k"
        return f"{sign}£{a:,}"
    if style != "short":
        raise ParameterError("style", style, choices=["short", "published", "exact"])
    if a >= 1_000_000_000:
        d = (Decimal(a) / Decimal(10**9)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{sign}£{_strip(d)}bn"
    if a >= 1_000_000:
        d = (Decimal(a) / Decimal(10**6)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        return f"{sign}£{_strip(d)}m"
    if a >= 10_000:
        k = (Decimal(a) / Decimal(1000)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
        if k >= 1000:
            return f"{sign}£1m"
        return f"{sign}£{k}k"
    return f"{sign}£{a:,}"


def format_pct(value, places: int = 0) -> str:
    """``66.95`` -> ``"67%"`` (half up, as people round); ``format_pct(5.0705, 2)`` -> ``"5.07%"``."""
    if _is_missing(value):
        return "not published in the sources held"
    q = Decimal(1).scaleb(-places)
    return f"{Decimal(str(float(value))).quantize(q, rounding=ROUND_HALF_UP)}%"



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


# ------------------------------------------------------------------------------------ financial years

_FY = re.compile(r"^(?:FY\s*)?(?P<y1>[0-9]{4})\s*[-/–]\s*(?P<y2>[0-9]{2}|[0-9]{4})$", re.IGNORECASE)
_FY_SHORT = re.compile(r"^(?P<y1>[0-9]{2})\s*[-/–]\s*(?P<y2>[0-9]{2})$")


def parse_financial_year(text: str) -> str | None:
    """Read a financial year as ``2019-20``; blank gives ``None``.

    ``2019/20``, ``2019/2020``, ``2019-2020`` and ``2019-20`` all mean the year from 1 April 2019 to
    31 March 2020.

    Raises
    ------
    InvalidValue
        For anything else, e.g. ``2019-21`` (two years) or ``19/20`` (century not written).

    >>> parse_financial_year("2019/20")
    '2019-20'
    """
    text = clean(text)
    if not text:
        return None
    fix = "write the financial year as 2019-20 (the year from 1 April 2019 to 31 March 2020)"
    match = _FY.match(text)
    if match:
        y1 = int(match["y1"])
        y2 = match["y2"]
        second = int(y2) if len(y2) == 4 else (y1 // 100) * 100 + int(y2)
        if len(y2) == 2 and y1 % 100 == 99 and y2 == "00":
            second = y1 + 1
        if not MIN_YEAR <= y1 <= MAX_YEAR:
            raise InvalidValue(f"{quote(text)} is not a plausible financial year", fix, rule="financial-year")
        if second != y1 + 1:
            raise InvalidValue(f"{quote(text)} is not one financial year (it spans {y1} to {second})",
                               f"write {y1}-{(y1 + 1) % 100:02d} for the year starting 1 April {y1}, or give "
                               "each year its own row", rule="financial-year")
        return f"{y1}-{(y1 + 1) % 100:02d}"
    short = _FY_SHORT.match(text)
    if short and (int(short["y1"]) + 1) % 100 == int(short["y2"]):
        y1 = int(short["y1"])
        raise InvalidValue(f"{quote(text)} does not say the century",
                           f"write the first year in full, e.g. 20{y1:02d}-{short['y2']}", rule="financial-year")
    if re.fullmatch(r"[0-9]{4}", text):
        year = int(text)
        raise InvalidValue(f"{quote(text)} is a calendar year, not a financial year",
                           f"write {year - 1}-{year % 100:02d} or {year}-{(year + 1) % 100:02d}, whichever the "
                           "source means",
                           rule="financial-year")
    raise InvalidValue(f"{quote(text)} is not a financial year", fix, rule="financial-year")


def financial_year_bounds(financial_year: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First day of the financial year and the first day after it: ``2019-20`` -> 2019-04-01, 2020-04-01."""
    first = int(financial_year[:4])
    return pd.Timestamp(first, 4, 1), pd.Timestamp(first + 1, 4, 1)


# ----------------------------------------------------------------------------------------------- dates

_DATE = re.compile(r"^(?P<y>[0-9]{4})(?:-(?P<m>[0-9]{2})(?:-(?P<d>[0-9]{2}))?)?$")
_UK_DATE = re.compile(r"^(?P<d>[0-9]{1,2})[/.](?P<m>[0-9]{1,2})[/.](?P<y>[0-9]{4})$")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December")
_MONTHS = {m.lower(): i for i, m in enumerate(_MONTH_NAMES, start=1)}
_MONTHS.update({name[:3]: i for name, i in list(_MONTHS.items())})
_WORDY_DATE = re.compile(r"^(?:(?P<d>[0-9]{1,2})(?:st|nd|rd|th)?\s+)?(?P<mon>[A-Za-z]+)\.?,?\s+(?P<y>[0-9]{4})$")
_APPROX_YEAR = re.compile(r"^(?:c\.?|circa|about|around|early|mid|late|pre|post|before|after)[\s-]*(?P<y>[0-9]{4})s?$",
                          re.IGNORECASE)

#: Precisions a date can have, in order.
PRECISIONS = ("day", "month", "year", "unknown")


def parse_date(text: str) -> tuple[pd.Timestamp, str]:
    """Read an ISO date as (first day of the period, precision); blank gives ``(NaT, "unknown")``.

    ``2018-05-01`` -> day, ``2018-05`` -> month, ``2018`` -> year.

    Raises
    ------
    InvalidValue
        For any other form; the fix says how to write it (``01/05/2018`` -> ``2018-05-01``, taking the
        UK day-first reading, which the user must confirm).
    """
    text = clean(text)
    if not text:
        return pd.NaT, "unknown"
    match = _DATE.match(text)
    if match:
        year = int(match["y"])
        month = int(match["m"] or 1)
        day = int(match["d"] or 1)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise InvalidValue(f"{quote(text)} is not a plausible date (year {year})", DATE_FIX, rule="date")
        try:
            stamp = pd.Timestamp(year, month, day)
        except ValueError:
            raise InvalidValue(f"{quote(text)} is not a date in the calendar", DATE_FIX, rule="date") from None
        precision = "day" if match["d"] else "month" if match["m"] else "year"
        return stamp, precision
    fix = DATE_FIX
    uk = _UK_DATE.match(text)
    wordy = _WORDY_DATE.match(text)
    approx = _APPROX_YEAR.match(text)
    if uk:
        d, m, y = int(uk["d"]), int(uk["m"]), int(uk["y"])
        if 1 <= m <= 12 and 1 <= d <= 31:
            fix = (f"write {y:04d}-{m:02d}-{d:02d} if this means {d} {_month_name(m)} {y} "
                   f"(dates are written YYYY-MM-DD so that they cannot be misread)")
    elif wordy and wordy["mon"].lower() in _MONTHS:
        m, y = _MONTHS[wordy["mon"].lower()], int(wordy["y"])
        fix = f"write {y:04d}-{m:02d}-{int(wordy['d']):02d}" if wordy["d"] else f"write {y:04d}-{m:02d}"
    elif approx:
        fix = f"write {approx['y']} (the year) and say that the date is approximate in the note or description"
    raise InvalidValue(f"{quote(text)} is not a date written YYYY-MM-DD, YYYY-MM or YYYY", fix, rule="date")


def _month_name(month: int) -> str:
    return _MONTH_NAMES[month - 1]


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
