"""How a paper writes numbers and lists: money at its published precision, percentages, counts.

These are the Jinja filters ``money`` and ``pct`` and the helpers the facts use to build sentences,
so a figure reads the same wherever it appears. Dates come from :func:`collab_analysis.years.format_date`.
"""
from __future__ import annotations

from decimal import Decimal
from html.parser import HTMLParser

_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def money(amount, precision=None) -> str:
    """Pounds as the source published them: ``money(6352000, 1000)`` -> ``"£6.352m"``.

    Amounts of a million or more read in millions with as many decimals as the precision allows
    (£9.5m, £187.1m, £4m); smaller amounts in full (£898,000); with no precision, in full pounds.
    """
    if amount is None:
        return ""
    amount = int(amount)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    if precision is None or int(precision) < 1 or amount < 1_000_000:
        return f"{sign}£{amount:,}"
    precision = int(precision)
    places = 0
    while places < 6 and 10 ** (6 - places) > precision:
        places += 1
    value = Decimal(amount) / Decimal(1_000_000)
    return f"{sign}£{value:.{places}f}m"


def pct(value, places=None) -> str:
    """A percentage as published: ``pct(27.6)`` -> ``"27.6%"``; ``pct(Decimal("5.1"))`` -> ``"5.1%"``."""
    if value is None:
        return ""
    if places is not None:
        return f"{float(value):.{places}f}%"
    if isinstance(value, Decimal):
        return f"{value}%"
    return f"{float(value):g}%"


def number_word(n: int) -> str:
    """``3`` -> ``"three"`` (up to ten; digits after that)."""
    return _NUMBER_WORDS[n] if 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"


def plural(n: int, one: str, many: str | None = None) -> str:
    """``plural(1, "claim")`` -> ``"one claim"``; ``plural(3, "claim")`` -> ``"three claims"``."""
    return f"{number_word(n)} {one if n == 1 else (many or one + 's')}"


_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen")
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def opening_number(n: int) -> str:
    """A number that opens a sentence, in words up to 99: ``14`` -> ``"Fourteen"`` (never a numeral)."""
    if n < 10:
        words = number_word(n)
    elif n < 20:
        words = _TEENS[n - 10]
    elif n < 100:
        words = _TENS[n // 10] + (f"-{_NUMBER_WORDS[n % 10]}" if n % 10 else "")
    else:
        return f"In all, {n:,}"
    return words.capitalize()


def opening_plural(n: int, one: str, many: str | None = None) -> str:
    """``(14, "key development")`` -> ``"Fourteen key developments"``, to open a sentence."""
    return f"{opening_number(n)} {one if n == 1 else (many or one + 's')}"


def how_many_of(n: int, total: int, noun: str) -> str:
    """``(2, 2, "collaboration")`` -> ``"both collaborations"``; ``(2, 5, ...)`` -> ``"two of the five
    collaborations"``: the share of a set in words, never "2 of the 2"."""
    many = noun + "s"
    if total == 1:
        return f"the one {noun}" if n else f"not the one {noun}"
    if n == 0:
        return f"none of the {number_word(total)} {many}"
    if n == total:
        return f"both {many}" if total == 2 else f"all {number_word(total)} {many}"
    return f"{number_word(n)} of the {number_word(total)} {many}"


def the(name: str) -> str:
    """``"Tri-force alliance"`` -> ``"the Tri-force alliance"``; an acronym or one-word name
    (``"EMSOU"``, ``"Origin"``) stays as it is."""
    name = str(name)
    return name if " " not in name or name.lower().startswith("the ") else "the " + name


def clause(words: str) -> str:
    """Text to run on inside a sentence: no final full stop (the sentence adds its own)."""
    return str(words).strip().rstrip(".").rstrip()


def and_list(items) -> str:
    """``["a", "b", "c"]`` -> ``"a, b and c"``."""
    items = [str(i) for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def possessive(name: str) -> str:
    """``"Leicestershire Police"`` -> ``"Leicestershire Police's"``; ``"the forces"`` -> ``"the forces'"``."""
    return name + ("'" if name.endswith("s") and not name.endswith("'s") else "'s")


def sentence(text: str) -> str:
    """First letter upper-case, one full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "?", "!")) else text + "."


class _Visible(HTMLParser):
    """The words a reader sees: not styles, scripts, chart drawings or footnote marks."""

    HIDDEN = ("style", "script", "svg", "sup", "nav", "footer")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hidden, self.words, self.text = 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in self.HIDDEN

    def handle_endtag(self, tag):
        self.hidden -= tag in self.HIDDEN

    def handle_data(self, data):
        if not self.hidden:
            self.words += len(data.split())
            self.text.append(data)


def count_words(html: str) -> int:
    """How many words a reader sees in a piece of the paper's HTML."""
    parser = _Visible()
    parser.feed(html)
    return parser.words


def visible_text(html: str) -> str:
    """The words a reader sees in a piece of the paper's HTML, as one string."""
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.text)
