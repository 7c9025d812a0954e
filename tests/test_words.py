"""How papers write money and percentages: at the precision the source published."""
from __future__ import annotations

from decimal import Decimal

import pytest

from collab_analysis.paper.words import and_list, how_many_of, money, pct, plural


@pytest.mark.parametrize("amount, precision, expected", [
    (6352000, 1000, "£6.352m"),        # seed 002 para 10
    (9487000, 1000, "£9.487m"),
    (9500000, 100000, "£9.5m"),         # seed 002 para 4
    (187100000, 100000, "£187.1m"),     # PR-284
    (4000000, 1000000, "£4m"),          # The Lincolnite, "£4 million"
    (36110000, 10000, "£36.11m"),       # PEEL 2015
    (898000, 1000, "£898,000"),         # NottsTV
    (170000, 1000, "£170,000"),         # seed 004
    (9487000, None, "£9,487,000"),      # a sum of rows: to the pound
    (-13000, None, "-£13,000"),
])
def test_money_reads_as_published(amount, precision, expected):
    """Is each figure written as its source gave it, never finer?"""
    assert money(amount, precision) == expected


def test_percentages_keep_their_published_digits():
    """27.6% stays 27.6%, 22% stays 22%, and a derived Decimal share keeps its rounding."""
    assert pct(27.6) == "27.6%"
    assert pct(22.0) == "22%"
    assert pct(Decimal("5.1")) == "5.1%"


def test_counts_and_lists_read_as_english():
    assert plural(1, "claim") == "one claim"
    assert plural(12, "claim") == "12 claims"
    assert and_list(["EMSOU", "EMCHRS", "EMCJS"]) == "EMSOU, EMCHRS and EMCJS"


@pytest.mark.parametrize("n, total, expected", [
    (1, 1, "the one collaboration"),
    (0, 1, "not the one collaboration"),
    (2, 2, "both collaborations"),
    (5, 5, "all five collaborations"),
    (0, 3, "none of the three collaborations"),
    (4, 12, "four of the 12 collaborations"),
])
def test_a_share_of_a_set_never_reads_2_of_the_2(n, total, expected):
    assert how_many_of(n, total, "collaboration") == expected
