"""Are the papers as sent recorded, frozen, corrected only by a reissue that says so, and found again
for "since the last paper"?"""
from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
from click.testing import CliRunner

from collab_analysis import editions
from collab_analysis.cli import main
from collab_analysis.editions import PaperToIssue, is_issued, last_edition
from collab_analysis.errors import EditionError
from publish_helpers import fixture_notebooks  # noqa: F401  (a fixture)

DIGEST = {"contribution EMSOU 2019-20": "6352000", "membership EMOpSS Leicestershire": "from 2012"}


def _paper(as_at="2019-07-22", digest=DIGEST, panel="leicestershire"):
    return PaperToIssue(panel=panel, financial_year="2019-20", as_at=dt.date.fromisoformat(as_at),
                        title="Leicestershire paper", facts_json=json.dumps({"digest": digest}), digest=digest)


def _register(folder) -> list[dict]:
    return list(csv.DictReader((folder / "register.csv").open()))


def test_issuing_writes_a_readable_edition_and_a_register_row(tmp_path):
    """Does issuing write the edition's JSON (facts, digest, dates, data hash, id) and one register row?"""
    done = editions.issue(tmp_path, [_paper()], data_sha256="d" * 64)
    (edition,) = done.editions
    assert edition.edition_id == "leicestershire-2019-07-22"
    assert _register(tmp_path) == [{"panel": "leicestershire", "financial_year": "2019-20", "as_at": "2019-07-22",
                                    "edition": "2019-20/leicestershire-2019-07-22.json", "replaces": "",
                                    "corrects": ""}]
    content = json.loads((tmp_path / "2019-20" / "leicestershire-2019-07-22.json").read_text())
    assert content["edition"] == "leicestershire-2019-07-22" and content["as_at"] == "2019-07-22"
    assert content["financial_year"] == "2019-20" and content["data_sha256"] == "d" * 64
    assert content["digest"] == DIGEST and content["facts"] == {"digest": DIGEST}


def test_an_issued_edition_is_frozen(tmp_path):
    """Is issuing the same panel's paper as at the same date refused, writing nothing?"""
    editions.issue(tmp_path, [_paper()], data_sha256="d")
    before = (tmp_path / "register.csv").read_bytes()
    with pytest.raises(EditionError, match='an issued edition is frozen: to reissue it, say what it corrects'):
        editions.issue(tmp_path, [_paper()], data_sha256="d")
    assert (tmp_path / "register.csv").read_bytes() == before


def test_a_correction_is_a_reissue_naming_what_it_replaces(tmp_path):
    """Does --corrects write a reissue that records the edition it replaces and what it corrects?"""
    editions.issue(tmp_path, [_paper()], data_sha256="d")
    changed = {**DIGEST, "contribution EMSOU 2019-20": "6400000"}
    with pytest.raises(EditionError, match="nothing to correct"):
        editions.issue(tmp_path, [_paper()], data_sha256="d", corrects="EMSOU budget")
    (edition,) = editions.issue(tmp_path, [_paper(digest=changed)], data_sha256="d", corrects="EMSOU budget").editions
    assert edition.edition_id == "leicestershire-2019-07-22-r2"
    assert _register(tmp_path)[-1]["replaces"] == "leicestershire-2019-07-22"
    assert _register(tmp_path)[-1]["corrects"] == "EMSOU budget"
    assert last_edition(tmp_path, "leicestershire", "2020-01-01").edition_id == "leicestershire-2019-07-22-r2"
    assert is_issued(tmp_path, "leicestershire", changed) and not is_issued(tmp_path, "leicestershire", DIGEST)


def test_corrects_without_an_edition_to_correct_is_refused(tmp_path):
    """Is --corrects refused for a paper never issued, saying how to issue it the first time?"""
    with pytest.raises(EditionError, match="has no edition as at 2019-07-22 to correct"):
        editions.issue(tmp_path, [_paper()], data_sha256="d", corrects="a figure")


def test_last_edition_is_the_newest_before_the_date(tmp_path):
    """Is the last edition the newest one as at a date strictly before the paper's own?"""
    editions.issue(tmp_path, [_paper("2019-07-22")], data_sha256="d")
    editions.issue(tmp_path, [_paper("2020-01-30", {**DIGEST, "x": "1"})], data_sha256="d")
    assert last_edition(tmp_path, "leicestershire", "2019-07-22") is None
    assert last_edition(tmp_path, "leicestershire", "2019-12-01").as_at == dt.date(2019, 7, 22)
    assert last_edition(tmp_path, "leicestershire", "2021-01-01").as_at == dt.date(2020, 1, 30)
    assert last_edition(tmp_path, "derbyshire", "2021-01-01") is None
    assert [e.as_at.isoformat() for e in editions.editions_for(tmp_path, "leicestershire")] == [
        "2019-07-22", "2020-01-30"]


def test_a_broken_register_names_the_row_and_the_fix(tmp_path):
    """Does a hand-edited register with a bad date give its row, column and the form to use?"""
    (tmp_path / "register.csv").write_text("panel,financial_year,as_at,edition,replaces,corrects\n"
                                           "leicestershire,2019-20,22/07/2019,x.json,,\n")
    with pytest.raises(EditionError, match=r"register.csv, row 2, column as_at: '22/07/2019' is not a date"):
        editions.read_register(tmp_path)


def test_the_shipped_register_is_empty_and_well_formed():
    """Is data/editions/register.csv committed, with the register's header?"""
    assert (editions.DEFAULT_DIR / "register.csv").read_text().splitlines()[0] == ",".join(editions.COLUMNS)
    assert editions.read_register(editions.DEFAULT_DIR) == []


@pytest.mark.slow
@pytest.mark.usefixtures("fixture_notebooks")
def test_issue_records_every_paper_and_the_next_build_knows(synthetic_data, tmp_path):
    """Does `collab-analysis issue` record each paper, rebuild them as issued, refuse a second issue, list the
    editions in the index, and take a correction?"""
    args = ["--data", str(synthetic_data), "--out", str(tmp_path / "reports"), "--build-dir", str(tmp_path / "b"),
            "--editions", str(tmp_path / "editions"), "--no-pdf"]
    runner = CliRunner()
    assert runner.invoke(main, ["build", *args]).exit_code == 0
    result = runner.invoke(main, ["issue", *args])
    assert result.exit_code == 0, result.output
    assert "editions register changed" in result.output
    assert "issued      force-01 as at 2029-07-22: force-01-2029-07-22" in result.output  # its meeting
    assert "issued      force-02 as at 2030-03-31: force-02-2030-03-31" in result.output  # no date: year end
    assert [r["panel"] for r in _register(tmp_path / "editions")] == [
        "force-01", "force-02", "force-03", "regional-overview"]
    index = (tmp_path / "reports" / "index.html").read_text()
    assert "Issued to the panel: 22 July 2029 (edition force-01-2029-07-22)" in index

    again = runner.invoke(main, ["issue", *args])
    assert again.exit_code == 1 and "an issued edition is frozen" in again.output
    assert "0 built, 4 up to date" in runner.invoke(main, ["build", *args]).output

    budgets = synthetic_data / "budgets.csv"
    rows = list(csv.reader(budgets.open()))
    header = rows[0]
    rows[-1][header.index("amount_gbp")] = "999000"  # force-03's last contribution, and the words stating it
    rows[-1][header.index("excerpt")] = rows[-1][header.index("excerpt")].split("£")[0] + "£999,000"
    with budgets.open("w", newline="") as handle:
        csv.writer(handle).writerows(rows)
    fixed = runner.invoke(main, ["issue", *args, "--panel", "force-03", "--corrects", "a contribution mistyped"])
    assert fixed.exit_code == 0, fixed.output
    assert "(replaces force-03-2030-03-31: a contribution mistyped)" in fixed.output
