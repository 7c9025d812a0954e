"""Does each cell parser read what people type exactly, and refuse, with the fix, what it cannot?

Expected values are worked out by hand from the text, never copied from the program's output.
"""
from __future__ import annotations

import pytest

from collab_analysis.data.cells import (
    IdIndex,
    check_text,
    check_url,
    clean,
    did_you_mean,
    join_list,
    parse_money,
    parse_number,
    parse_status,
    split_list,
)
from collab_analysis.data.display import format_gbp, format_pct
from collab_analysis.errors import InvalidValue, Problem

# ------------------------------------------------------------------------------------------- money


@pytest.mark.parametrize(
    ("text", "pounds"),
    [
        ("6352000", 6_352_000),
        ("6,352,000", 6_352_000),
        ("£6,352,000", 6_352_000),
        ("£6.352m", 6_352_000),
        ("£6.352M", 6_352_000),
        ("6.352m", 6_352_000),
        ("£6.352 million", 6_352_000),
        ("£170k", 170_000),
        ("£9.5m", 9_500_000),
        ("£9.487m", 9_487_000),
        ("£1.2bn", 1_200_000_000),
        ("£ 745,000", 745_000),
        ("  £1,082,000 ", 1_082_000),
        ("6352000.00", 6_352_000),
        ("0", 0),
        # 0.1 + 0.2 style float error would give 6351999.999...; Decimal must not.
        ("£0.3m", 300_000),
        ("£1.1m", 1_100_000),
    ],
)
def test_money_is_read_exactly(text, pounds):
    """Is every accepted way of writing money read as the exact whole number of pounds?"""
    assert parse_money(text) == pounds
    assert isinstance(parse_money(text), int)


def test_blank_money_is_none():
    """Is a blank amount 'not known' rather than zero?"""
    assert parse_money("") is None
    assert parse_money("   ") is None


def test_money_not_whole_pounds_gives_the_rounded_figure_in_the_fix():
    """Is £6.3525555m (6,352,555.5 pounds) refused, with 6352556 offered as the fix?"""
    with pytest.raises(InvalidValue) as caught:
        parse_money("£6.3525555m")
    assert caught.value.message == '"£6.3525555m" is not a whole number of pounds'
    assert caught.value.fix == "write 6352556 or the exact figure"
    problem = Problem("budgets.csv", 14, "amount_gbp", "£6.3525555m", caught.value.rule, caught.value.message,
                      caught.value.fix)
    assert str(problem) == ('budgets.csv, row 14, column amount_gbp: "£6.3525555m" is not a whole number of '
                            "pounds; write 6352556 or the exact figure.")


def test_pence_are_refused():
    """Are pence refused rather than silently dropped (money is whole pounds)?"""
    with pytest.raises(InvalidValue, match="not a whole number of pounds") as caught:
        parse_money("£1,000.50")
    assert "write 1001" in caught.value.fix


@pytest.mark.parametrize(("text", "word", "figure"),
                         [("c.£4m", "c.", "4000000"), ("about 4m", "about", "4000000"), (">70m", ">", "70000000"),
                          ("over £70m", "over", "70000000"), ("~£22m", "~", "22000000"),
                          ("£22m+", "+", "22000000"), ("more than £70 million", "more than", "70000000")])
def test_qualified_money_is_refused(text, word, figure):
    """Is an approximate figure refused (never read as if exact), naming the qualifier?"""
    with pytest.raises(InvalidValue) as caught:
        parse_money(text, qualifier_column="qualifier")
    assert caught.value.rule == "money-qualifier"
    assert f'("{word}")' in caught.value.message
    assert caught.value.fix == f"write {figure} and put the qualifier in the qualifier column"


def test_qualified_money_in_a_table_without_a_qualifier_column():
    """Where there is no qualifier column, does the fix ask for the exact figure from the source?"""
    with pytest.raises(InvalidValue) as caught:
        parse_money("c.£4m")
    assert "exact figures only" in caught.value.fix


@pytest.mark.parametrize("text", ["-5", "-£5,000", "£-5,000", "(5,000)", "−5"])
def test_negative_money_is_refused(text):
    """Is negative money refused with its own rule?"""
    with pytest.raises(InvalidValue) as caught:
        parse_money(text)
    assert caught.value.rule == "money-negative"
    assert "is negative" in caught.value.message


@pytest.mark.parametrize("text", ["£", "six million", "6 352 000", "£6.3.5m", "6,35,2000", "£4m-£5m", "1e6",
                                  "nan", "inf", "٣٠٠"])
def test_not_money_is_refused(text):
    """Is text that is not an amount refused, with examples of what to write?"""
    with pytest.raises(InvalidValue) as caught:
        parse_money(text)
    assert "6352000" in caught.value.fix


def test_long_decimals_are_not_rounded_into_whole_pounds():
    """30 nines after the point are not 1,000,000 (Decimal's default 28 digits would round them up)."""
    with pytest.raises(InvalidValue, match="not a whole number"):
        parse_money("£0." + "9" * 30 + "m")
    with pytest.raises(InvalidValue, match="too large"):
        parse_money("9" * 30 + ".5")


def test_absurdly_large_money_is_refused():
    """Is a figure over a trillion pounds (a typing slip, and beyond Int64 soon after) refused?"""
    with pytest.raises(InvalidValue, match="too large"):
        parse_money("9" * 30)


def test_format_gbp():
    assert format_gbp(9_487_000, "exact") == "£9,487,000"
    assert format_gbp(-7000, "exact") == "-£7,000"
    assert format_gbp(6_352_000, "published") == "£6.352m"
    assert format_gbp(745_000) == "£745k"
    assert format_gbp(None) == "not published in the sources held"


def test_format_pct():
    """66.95 rounds half up to 67%; 5.0705 to two places is 5.07%."""
    assert format_pct(66.95) == "67%"
    assert format_pct(5.0705, 2) == "5.07%"


def test_moved_names_still_import_from_cells():
    """Do the temporary shims give the moved functions themselves (budgets.py and charts import them from cells)?"""
    from collab_analysis import years
    from collab_analysis.data import cells, display

    assert cells.parse_financial_year is years.parse_financial_year
    assert cells.format_gbp is display.format_gbp
    with pytest.raises(AttributeError):
        cells.no_such_name  # noqa: B018


# ------------------------------------------------------------------------------------------ numbers


@pytest.mark.parametrize(("text", "kwargs", "value"),
                         [("27.6", {}, 27.6), ("1,800", {}, 1800.0), ("27.6%", {"percent": True}, 27.6),
                          ("£187.6m", {"money": True}, 187_600_000.0), (".5", {}, 0.5), ("", {}, None)])
def test_numbers(text, kwargs, value):
    assert parse_number(text, **kwargs) == value


@pytest.mark.parametrize(("text", "kwargs"), [("27.6%", {}), ("nan", {}), ("inf", {}), ("1e5", {}), ("-3", {}),
                                              ("£5m", {}), ("", {"percent": True, "money": True}), ("%", {"percent": True})])
def test_not_numbers(text, kwargs):
    if not text:
        assert parse_number(text, **kwargs) is None
        return
    with pytest.raises(InvalidValue):
        parse_number(text, **kwargs)


# ----------------------------------------------------------------------------------------- statuses


@pytest.mark.parametrize(("text", "status"), [("S", "S"), ("C", "C"), ("C2", "C2"), ("D", "D"), ("c2", "C2"),
                                              ("", None)])
def test_statuses(text, status):
    assert parse_status(text) == status


def test_nc_is_never_shipped():
    """Is NC refused with the research pack's rule as the message?"""
    with pytest.raises(InvalidValue) as caught:
        parse_status("NC")
    assert caught.value.rule == "status-nc"
    assert "NC (not confirmed) figures are never shipped" in caught.value.message
    assert caught.value.fix == "remove the row or find a source that confirms it"


def test_unknown_status_lists_the_codes():
    with pytest.raises(InvalidValue) as caught:
        parse_status("confirmed")
    assert "S (seed), C (confirmed), C2" in caught.value.fix


# --------------------------------------------------------------------------------- ids and aliases

FORCES = [
    ("derbyshire", ["Derbys"]), ("leicestershire", ["Leics", "LLR"]), ("lincolnshire", ["Lincs"]),
    ("northamptonshire", ["Northants"]), ("nottinghamshire", ["Notts"]), ("thames-valley", ["TVP"]),
]


@pytest.fixture
def force_index() -> IdIndex:
    index = IdIndex("force_id", "forces.csv")
    for force_id, aliases in FORCES:
        index.add(force_id, force_id)
        for alias in aliases:
            index.add(alias, force_id)
    return index


@pytest.mark.parametrize(("text", "force_id"),
                         [("Leics", "leicestershire"), ("LLR", "leicestershire"), ("llr", "leicestershire"),
                          ("Notts", "nottinghamshire"), ("Northants", "northamptonshire"),
                          ("Derbys", "derbyshire"), ("Lincs", "lincolnshire"), ("TVP", "thames-valley"),
                          ("Thames-Valley", "thames-valley"), ("LEICESTERSHIRE", "leicestershire")])
def test_aliases_resolve_case_insensitively(force_index, text, force_id):
    """Does each alias in the contract name its force, in any case?"""
    assert force_index.resolve(text) == force_id


def test_near_miss_suggests_the_id(force_index):
    """Is a misspelling refused with "did you mean 'leicestershire'?" rather than corrected silently?"""
    with pytest.raises(InvalidValue) as caught:
        force_index.resolve("leicestershre")
    assert caught.value.message == '"leicestershre" is not a force_id in forces.csv'
    assert caught.value.fix.startswith("did you mean 'leicestershire'?")
    assert caught.value.rule == "reference"


def test_near_miss_of_an_alias_suggests_its_id(force_index):
    with pytest.raises(InvalidValue) as caught:
        force_index.resolve("Leic")
    assert "did you mean 'leicestershire'?" in caught.value.fix


def test_unknown_name_without_a_near_miss(force_index):
    with pytest.raises(InvalidValue) as caught:
        force_index.resolve("Police Scotland")
    assert "did you mean" not in caught.value.fix
    assert "forces.csv" in caught.value.fix


def test_a_second_meaning_for_a_name_is_reported(force_index):
    """Does adding an alias that already means another force say which force it means?"""
    assert force_index.add("Leics", "lincolnshire") == "leicestershire"
    assert force_index.resolve("Leics") == "leicestershire"


def test_did_you_mean():
    assert did_you_mean("regionl", ["regional", "national"]) == "regional"
    assert did_you_mean("xyz", ["regional", "national"]) is None
    assert did_you_mean("EMSOU", ["emsou", "emopss"]) == "emsou"


def test_lists_split_and_join():
    """Are ; lists tidied (spaces and blanks dropped) and written back with ;?"""
    assert split_list(" Leics; LLR;; ") == ["Leics", "LLR"]
    assert join_list(["a", "b"]) == "a;b"
    assert split_list("") == []


def test_clean_strips_all_kinds_of_space():
    assert clean("\ufeff\xa0 leics \u200b\t") == "leics"
    assert clean(None) == ""
    assert clean(float("nan")) == ""


# ------------------------------------------------------------------------------------------- text


def test_text_within_its_limit_is_kept_as_typed():
    """Are $, # and other characters matplotlib or HTML treat specially kept as plain text?"""
    for text in ("EMSOU ($2m #1 and $3m)", "US$ and A$", "<b>bold</b> & 50% off", r"\frac{1}{2}"):
        assert check_text(text, limit=60) == text


def test_text_over_its_limit_is_refused_with_the_length_and_the_limit():
    """A 10,000-character name (the issue's 83 MB paper) is refused, naming 10,000 and the limit 150."""
    with pytest.raises(InvalidValue) as caught:
        check_text("x" * 10_000, limit=150, what="the name")
    assert caught.value.rule == "text-too-long"
    assert caught.value.message.startswith("the name is 10,000 characters long")
    assert "more than the 150 allowed here" in caught.value.message
    assert caught.value.fix.startswith("shorten it to 150 characters at most")
    assert check_text("x" * 150, limit=150) == "x" * 150


@pytest.mark.parametrize(("text", "shown"), [("Leics\x00", "U+0000"), ("a\u202eb", "U+202E"), ("a\x1bb", "U+001B"),
                                             ("two\nlines", "a line break")])
def test_control_characters_are_refused(text, shown):
    """NUL, escape and the right-to-left override would make a paper show something else than was typed."""
    with pytest.raises(InvalidValue) as caught:
        check_text(text, limit=100)
    assert caught.value.rule == "text-control"
    assert shown in caught.value.message


def test_line_breaks_are_allowed_where_text_runs_on():
    assert check_text("one\ntwo", limit=100, lines=True) == "one\ntwo"
    assert check_text("a\tb", limit=100) == "a\tb"


@pytest.mark.parametrize("text", ["https://example.org/a?b=1", "http://example.org"])
def test_urls(text):
    assert check_url(text) == text


@pytest.mark.parametrize("text", ["javascript:alert(1)", "example.org", "file:///etc/passwd", "https://ex ample.org"])
def test_not_urls(text):
    with pytest.raises(InvalidValue) as caught:
        check_url(text)
    assert caught.value.rule == "url"

