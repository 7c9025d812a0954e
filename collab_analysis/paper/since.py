"""What changed since the last paper this panel was sent: the facts now against the issued edition's.

An issued edition (:mod:`collab_analysis.editions`) keeps the facts of the paper as sent. The next
paper for the same panel compares its own facts with them, item by item: figures changed (old and
new, with the note for the new one), memberships started or ended, developments and savings claims
added or withdrawn, sources new to this paper. Nothing is compared by its wording, so rewording a
sentence is never reported as a change.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..years import format_date
from .members import LABELS
from .model import Note, plain
from .render import Section
from .words import money, plural


@dataclass(frozen=True)
class Since(Section):
    template = "since.html.j2"

    edition: str                     # "22 July 2019", or "" when no paper was issued before
    lines: tuple[tuple[str, tuple[Note, ...]], ...]


def _lines(old: dict, new: dict, notes_by_number: dict[int, Note]) -> list[tuple[str, tuple[Note, ...]]]:
    out = []
    cite = lambda numbers: tuple(notes_by_number[n] for n in numbers if n in notes_by_number)  # noqa: E731
    old_costs = {c["name"]: c for c in old.get("costs", {}).get("lines", [])}
    for line in new.get("costs", {}).get("lines", []):
        before = old_costs.pop(line["name"], None)
        if before is None:
            out.append((f"{line['name']}: contribution of {money(line['amount'], line['precision'])} now published",
                        cite(n["number"] for n in line["notes"])))
        elif before["amount"] != line["amount"]:
            out.append((f"{line['name']}: contribution changed from {money(before['amount'], before['precision'])} "
                        f"to {money(line['amount'], line['precision'])}", cite(n["number"] for n in line["notes"])))
    for name in old_costs:
        out.append((f"{name}: contribution no longer shown", ()))
    old_cells = {(r["name"], c["force_id"]): c["state"] for r in old.get("membership", {}).get("rows", []) for c in r["cells"]}
    labels = dict((f, h) for f, h in new.get("membership", {}).get("columns", []))
    for row in new.get("membership", {}).get("rows", []):
        for cell in row["cells"]:
            before = old_cells.get((row["name"], cell["force_id"]))
            if before is not None and before != cell["state"]:
                was, now = LABELS.get(before, before), LABELS.get(cell["state"], cell["state"])
                out.append((f"{labels.get(cell['force_id'], cell['force_id'])}, {row['name']}: {was} → {now}",
                            cite(n["number"] for n in cell["notes"])))
    def every(facts):
        return [i for part, field in (("developments", "items"), ("earlier", "more_key"), ("earlier", "items"))
                for i in facts.get(part, {}).get(field, [])]

    seen = {i["event_id"] for i in every(old)}
    fresh_items = [item for item in every(new) if item["event_id"] not in seen]
    if fresh_items:
        out.append((f"{plural(len(fresh_items), 'development')} reported since then, listed under Developments "
                    "and in the appendix", ()))
    old_claims = {c["saving_id"] for g in old.get("savings", {}).get("groups", []) for c in g[2]}
    new_claims = {c["saving_id"]: c for g in new.get("savings", {}).get("groups", []) for c in g[2]}
    added = [c for sid, c in new_claims.items() if sid not in old_claims]
    if added:
        out.append((f"{plural(len(added), 'savings claim')} not in that paper: "
                    + "; ".join(f"{c['amount']} ({c['covers']})" for c in added[:4]) + ("…" if len(added) > 4 else ""),
                    tuple(cite(n["number"] for c in added[:4] for n in c["notes"]))))
    withdrawn = old_claims - set(new_claims)
    if withdrawn:
        out.append((f"{plural(len(withdrawn), 'savings claim')} in that paper no longer shown", ()))
    old_sources = {s["source_id"] for s in old.get("sources", {}).get("sources", [])}
    fresh = [s for s in new.get("sources", {}).get("sources", []) if s["source_id"] not in old_sources]
    if fresh:
        out.append((f"{len(fresh)} source(s) not cited before: " + "; ".join(s["title"] for s in fresh[:5]), ()))
    return out


def since(previous, current_sections: dict, notes: list[Note]) -> Since:
    """Compare the sections now (``current_sections``: name -> facts) with ``previous`` (an
    :class:`~collab_analysis.editions.Edition`, or None)."""
    if previous is None:
        return Since("", ())
    new = {name: plain(section) for name, section in current_sections.items()}
    lines = _lines(previous.facts, new, {n.number: n for n in notes})
    return Since(format_date(previous.as_at, "day"), tuple(lines))
