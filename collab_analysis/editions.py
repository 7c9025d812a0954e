"""Editions: the papers as they were sent to each panel, so the next paper can say what changed since.

``collab-analysis issue`` records, for each paper it builds, one human-readable JSON file (the
paper's facts, their digest, the as-at date, the financial year, the data's content hash and the
edition's id) and one row in the committed register ``data/editions/register.csv``::

    panel,financial_year,as_at,edition,replaces,corrects
    leicestershire,2019-20,2019-07-22,2019-20/leicestershire-2019-07-22.json,,

An issued edition is frozen: issuing the same panel's paper as at the same date again is refused,
unless it is a correction (``--corrects "what it corrects"``), which writes a reissue that names the
edition it replaces. The paper facts use :func:`last_edition` ("Since the paper of 22 July 2019")
and :func:`is_issued` (no "Draft" mark on a paper that is exactly what was sent).

>>> from collab_analysis.editions import last_edition
>>> last_edition("data/editions", "leicestershire", before="2020-01-30")   # doctest: +SKIP
Edition(edition_id='leicestershire-2019-07-22', ...)
"""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .errors import EditionError

REGISTER = "register.csv"
COLUMNS = ("panel", "financial_year", "as_at", "edition", "replaces", "corrects")
DEFAULT_DIR = paths.PROJ_ROOT / "data" / "editions"


@dataclass(frozen=True)
class Edition:
    """One issued paper: a row of the register and the JSON file it names."""

    edition_id: str
    panel: str
    financial_year: str
    as_at: dt.date
    file: Path
    replaces: str | None = None
    corrects: str | None = None

    def read(self) -> dict:
        """The edition's JSON: ``facts``, ``digest``, ``digest_sha256``, ``data_sha256`` and the rest."""
        try:
            return json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise EditionError(f"edition file {self.file} cannot be read ({exc}); restore it from version "
                               "control, or remove its row from register.csv") from exc

    @property
    def facts(self) -> dict:
        return self.read().get("facts", {})

    @property
    def digest(self) -> dict:
        return self.read().get("digest", {})


@dataclass(frozen=True)
class PaperToIssue:
    """What :func:`issue` needs of one built paper."""

    panel: str
    financial_year: str
    as_at: dt.date
    title: str
    facts_json: str
    digest: dict


def digest_sha256(digest: dict | str) -> str:
    """One hash of a paper's digest (the flat dict of its facts)."""
    if isinstance(digest, str):
        return digest
    return hashlib.sha256(json.dumps(digest, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _folder(editions_dir) -> Path:
    return paths.resolve(editions_dir, DEFAULT_DIR)


def _date(text, where: str) -> dt.date:
    if isinstance(text, dt.datetime):  # a datetime or a pandas Timestamp: its day
        return text.date()
    if isinstance(text, dt.date):
        return text
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise EditionError(f"{where}: {text!r} is not a date; write it as YYYY-MM-DD") from None


def read_register(editions_dir) -> list[Edition]:
    """Every edition in the register, in the order issued (an empty list when there is none)."""
    folder = _folder(editions_dir)
    path = folder / REGISTER
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise EditionError(f"{path} cannot be read ({exc.strerror}); check the file") from exc
    rows = list(csv.DictReader(io.StringIO(text)))
    missing = [c for c in COLUMNS if rows and c not in rows[0]] or (
        [c for c in COLUMNS if c not in (text.splitlines() or [""])[0].split(",")] if text.strip() else [])
    if missing:
        raise EditionError(f"{REGISTER} has no column {missing[0]}; its header must be {','.join(COLUMNS)}")
    editions = []
    for number, row in enumerate(rows, start=2):
        where = f"{REGISTER}, row {number}"
        file = str(row.get("edition") or "").strip()
        if not file or not row.get("panel"):
            raise EditionError(f"{where}: panel and edition must be filled in")
        editions.append(Edition(edition_id=Path(file).stem, panel=row["panel"].strip(),
                                financial_year=str(row.get("financial_year") or "").strip(),
                                as_at=_date(row.get("as_at"), f"{where}, column as_at"), file=folder / file,
                                replaces=(row.get("replaces") or "").strip() or None,
                                corrects=(row.get("corrects") or "").strip() or None))
    return editions


def editions_for(editions_dir, force_id: str) -> list[Edition]:
    """One panel's editions (``force_id``, or ``regional-overview``), in the order issued."""
    return [e for e in read_register(editions_dir) if e.panel == force_id]


def _current(editions: list[Edition]) -> list[Edition]:
    replaced = {e.replaces for e in editions if e.replaces}
    return [e for e in editions if e.edition_id not in replaced]


def last_edition(editions_dir, force_id: str, before) -> Edition | None:
    """The newest edition issued for the panel as at a date before ``before`` (reissues replace)."""
    day = _date(before, "before")
    earlier = [e for e in _current(editions_for(editions_dir, force_id)) if e.as_at < day]
    return max(earlier, key=lambda e: e.as_at, default=None)


def issued_as(editions_dir, force_id: str, digest: dict | str) -> Edition | None:
    """The edition (not since replaced) that issued a paper with exactly these facts to the panel, if any."""
    wanted = digest_sha256(digest)
    return next((e for e in reversed(_current(editions_for(editions_dir, force_id)))
                 if e.read().get("digest_sha256") == wanted), None)


def is_issued(editions_dir, force_id: str, digest: dict | str) -> bool:
    """Whether a paper with exactly these facts was issued to the panel (and not since replaced)."""
    return issued_as(editions_dir, force_id, digest) is not None


def register_fingerprint(editions_dir) -> str:
    """A hash of the register's bytes ("none" when there is none): what a cache of facts keys on."""
    try:
        return hashlib.sha256((_folder(editions_dir) / REGISTER).read_bytes()).hexdigest()
    except OSError:
        return "none"


def register_rows(editions_dir, panel: str) -> list[list[str]]:
    """The panel's register rows as text, for the build's cache key."""
    try:
        return [[e.edition_id, e.as_at.isoformat(), e.replaces or "", e.corrects or ""]
                for e in editions_for(editions_dir, panel)]
    except EditionError:
        return [["unreadable"]]


@dataclass
class Issued:
    """Editions just written, and how to take them back if the papers then fail to build."""

    editions: list[Edition]
    _register: Path
    _old_register: bytes | None

    def undo(self) -> None:
        from .publish.files import write_atomic

        for edition in self.editions:
            edition.file.unlink(missing_ok=True)
        if self._old_register is None:
            self._register.unlink(missing_ok=True)
        else:
            write_atomic(self._register, self._old_register)


def issue(editions_dir, papers: list[PaperToIssue], *, data_sha256: str, corrects: str | None = None) -> Issued:
    """Record ``papers`` as issued: write each edition's JSON, then the register, atomically.

    A correction reissues only the papers whose facts differ from their edition.

    Raises
    ------
    EditionError
        Nothing is written when any paper was already issued as at the same date (unless
        ``corrects`` says what this reissue corrects), when ``corrects`` is given for a paper never
        issued, or when a correction would change no paper.
    """
    from .publish.files import write_atomic

    folder = _folder(editions_dir)
    existing = read_register(folder)
    corrects = (corrects or "").strip() or None
    new: list[tuple[Edition, dict]] = []
    refusals, unchanged = [], []
    for paper in papers:
        same = [e for e in _current(existing) if e.panel == paper.panel and e.as_at == paper.as_at]
        base = f"{paper.panel}-{paper.as_at.isoformat()}"
        replaces = None
        if same and not corrects:
            refusals.append(f"{paper.panel} as at {paper.as_at.isoformat()} was issued as {same[-1].edition_id}; "
                            'an issued edition is frozen: to reissue it, say what it corrects with --corrects "..."')
            continue
        if corrects and not same:
            refusals.append(f"{paper.panel} has no edition as at {paper.as_at.isoformat()} to correct; "
                            "leave out --corrects to issue it for the first time")
            continue
        if same:
            replaces = same[-1]
            if replaces.read().get("digest_sha256") == digest_sha256(paper.digest):
                unchanged.append(replaces.edition_id)  # a correction reissues only the papers it changes
                continue
        n = sum(1 for e in existing if e.panel == paper.panel and e.as_at == paper.as_at)
        edition_id = base if n == 0 else f"{base}-r{n + 1}"
        edition = Edition(edition_id=edition_id, panel=paper.panel, financial_year=paper.financial_year,
                          as_at=paper.as_at, file=folder / paper.financial_year / f"{edition_id}.json",
                          replaces=replaces.edition_id if replaces else None, corrects=corrects if replaces else None)
        new.append((edition, {
            "edition": edition_id, "panel": paper.panel, "title": paper.title, "financial_year": paper.financial_year,
            "as_at": paper.as_at.isoformat(), "data_sha256": data_sha256,
            "digest_sha256": digest_sha256(paper.digest), "replaces": edition.replaces, "corrects": edition.corrects,
            "digest": paper.digest, "facts": json.loads(paper.facts_json)}))
    if not refusals and not new and unchanged:
        refusals.append(f"nothing to correct: the facts are those already issued ({', '.join(unchanged)})")
    if refusals:
        raise EditionError("nothing was issued:\n" + "\n".join("  " + r for r in refusals))
    register = folder / REGISTER
    old = register.read_bytes() if register.exists() else None
    done = Issued([], register, old)
    try:
        for edition, content in new:
            write_atomic(edition.file, json.dumps(content, indent=1, sort_keys=False, ensure_ascii=False) + "\n")
            done.editions.append(edition)
        rows = existing + [e for e, _ in new]
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for e in rows:
            writer.writerow([e.panel, e.financial_year, e.as_at.isoformat(), e.file.relative_to(folder).as_posix(),
                             e.replaces or "", e.corrects or ""])
        write_atomic(register, out.getvalue())
    except BaseException:
        done.undo()
        raise
    return done
