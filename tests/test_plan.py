"""Is a build's request parsed once and checked up front, and does the plan follow the cycle's rules?"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from collab_analysis import paths
from collab_analysis.errors import ParameterError
from collab_analysis.publish import plan


def _request(tmp_path, **kw):
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    kw.setdefault("out_dir", tmp_path / "reports")
    return plan.request(data_dir=data, build_dir=tmp_path / "build", editions_dir=tmp_path / "editions", **kw)


@pytest.fixture(scope="module")
def synthetic_tables(tmp_path_factory):
    from collab_analysis.data import load
    from collab_analysis.data.synthetic import write_synthetic

    return load(write_synthetic(tmp_path_factory.mktemp("plan") / "data", forces=3, years=2))


def test_year_and_date_are_parsed_once_by_the_years_module(tmp_path):
    """Are '2019/20' and '2019-07-22' turned into one canonical year and a date (by years.py, the only reader)?"""
    assert plan.parse_year("2019/20") == "2019-20"
    assert plan.parse_date("2019-07-22") == dt.date(2019, 7, 22)
    req = _request(tmp_path, year=" 2019/20 ", meeting_date="2019-07-22")
    assert (req.year, req.date) == ("2019/20", "2019-07-22")  # kept as given until plan(): no pandas before


@pytest.mark.parametrize("text, message", [
    ("2019-02-30", '"2019-02-30" is not a date in the calendar (February 2019 has 28 days); write it as YYYY-MM-DD'),
    ("2019-13-01", '"2019-13-01" is not a date in the calendar; write it as YYYY-MM-DD'),
    ("22/07/2019", '"22/07/2019" is not a date written YYYY-MM-DD, YYYY-MM or YYYY; write it as YYYY-MM-DD'),
    ("2019-07", "'2019-07' is not a whole day; write it as YYYY-MM-DD"),
])
def test_an_impossible_date_is_refused_with_the_fix(synthetic_tables, tmp_path, text, message):
    """Is a date that does not exist refused before any paper is planned, saying why and how to write it?"""
    with pytest.raises(ParameterError) as info:
        plan.plan(_request(tmp_path, meeting_date=text), synthetic_tables)
    assert message in str(info.value)


@pytest.mark.parametrize("value", ["99999999999999", "-5", "yesterday"])
def test_source_date_epoch_out_of_range_is_a_message(tmp_path, monkeypatch, value):
    """Is a SOURCE_DATE_EPOCH that is not a time refused with the fix, not a traceback?"""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(ParameterError, match="SOURCE_DATE_EPOCH .* unset it, or set it to a time"):
        _request(tmp_path)


def test_source_date_epoch_sets_only_the_files_own_timestamps(tmp_path, monkeypatch):
    """Does SOURCE_DATE_EPOCH stay out of the paper's date (which is the meeting's)?"""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1563753600")
    req = _request(tmp_path)
    assert req.source_date == dt.datetime(2019, 7, 22, tzinfo=dt.timezone.utc)
    assert req.date is None


@pytest.mark.parametrize("where", ["/", "~", "project", "data", "/usr"])
def test_dangerous_output_folders_are_refused(tmp_path, where):
    """Are /, the home folder, the project, its data and system folders refused as --out?"""
    out = {"/": Path("/"), "~": Path.home(), "project": paths.PROJ_ROOT, "data": tmp_path / "data" / "reports",
           "/usr": Path("/usr")}[where]
    with pytest.raises(ParameterError, match="is not a place for papers"):
        _request(tmp_path, out_dir=out)


def test_every_panel_in_a_cycle_gets_the_same_year_as_at_its_meeting(synthetic_tables, tmp_path):
    """Is the cycle the meetings table's year for every panel, each paper as at its meeting, else 31 March?"""
    the_plan = plan.plan(_request(tmp_path), synthetic_tables)
    assert the_plan.financial_year == "2029-30"
    as_at = {j.paper_id: (j.as_at, j.date_given) for j in the_plan.jobs}
    assert as_at == {"2029-30/force-01": (dt.date(2029, 7, 22), True),    # meetings.csv gives its date
                     "2029-30/force-02": (dt.date(2030, 3, 31), False),   # a blank date: the year's end
                     "2029-30/force-03": (dt.date(2030, 3, 31), False),
                     "2029-30/regional-overview": (dt.date(2030, 3, 31), False)}
    params = the_plan.jobs[0].parameters
    assert set(params) == {"force_id", "financial_year", "meeting_date", "data_dir", "editions_dir"}
    assert params["meeting_date"] == "2029-07-22"
    assert the_plan.jobs[-1].parameters["region"] == "east-midlands"
    assert set(the_plan.jobs[-1].parameters) == {"financial_year", "meeting_date", "data_dir", "region"}


def test_date_overrides_every_paper_for_a_one_off_build(synthetic_tables, tmp_path):
    """Does --date set one date for every paper, the overview included, in the year --year picks?"""
    the_plan = plan.plan(_request(tmp_path, year="2028/29", meeting_date="2029-01-15"), synthetic_tables)
    assert {(j.financial_year, j.as_at, j.date_given) for j in the_plan.jobs} == {
        ("2028-29", dt.date(2029, 1, 15), True)}


def test_panels_are_found_by_alias(synthetic_tables, tmp_path):
    """Is a panel named by an alias (as the tables allow: SF2 for force-02) accepted?"""
    the_plan = plan.plan(_request(tmp_path, panels=["sf2", "Synthetic Force 3 Police and Crime Panel"]),
                         synthetic_tables)
    assert [j.paper_id for j in the_plan.jobs] == ["2029-30/force-02", "2029-30/force-03", "2029-30/regional-overview"]


def test_a_paper_is_never_dated_by_the_wall_clock(synthetic_tables, tmp_path, monkeypatch):
    """Do the same data give the same plan whatever today's date is?"""
    first = plan.plan(_request(tmp_path), synthetic_tables)

    class Tomorrow(dt.date):
        @classmethod
        def today(cls):
            return dt.date(2099, 1, 1)

    monkeypatch.setattr(dt, "date", Tomorrow)
    second = plan.plan(_request(tmp_path), synthetic_tables)
    assert [j.parameters for j in first.jobs] == [j.parameters for j in second.jobs]
