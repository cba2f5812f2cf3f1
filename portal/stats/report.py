"""The statistics tables: the SQL aggregates turned into rows, with small numbers suppressed.

Both the page and the CSV export are built from these tables, so they always agree.
"""
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from ..models import END_REASON_LABELS
from . import queries
from .suppression import mean, share, suppress_column, suppress_row

COLUMNS = ("woman", "man", "other", "total")
COLUMN_LABELS = {"woman": _l("Women"), "man": _l("Men"), "other": _l("Other or not stated"), "total": _l("Total")}


@dataclass
class Table:
    id: str
    title: str
    kind: str  # "count", "percent" or "mean"
    rows: list = field(default_factory=list)  # (label, {column: value or None})
    note: str = ""


def build(filters, user, today):
    rows = queries.figures(filters, user, today)  # the one query over the placements
    totals = queries.totals_by_gender(filters, user, today, rows)

    def per_gender(key):
        values = {gender: int((totals.get(gender) or {}).get(key) or 0) for gender in queries.GENDERS}
        values["total"] = sum(values.values())
        return values

    counts = {key: per_gender(key) for key in (
        "started", "ended", "ended_early", "reports", "feedback", "offered", "followed_up", "in_work_or_studies",
        "supervision_sum", "learning_sum", "treatment_sum")}
    return [
        _placements_table(counts),
        _reasons_table(queries.early_endings_by_reason(filters, user, today, rows), counts["ended_early"]),
        _shares_table("responses", _l("Feedback response rates (share of ended placements)"), [
            (_l("Employers' final reports"), counts["reports"], counts["ended"]),
            (_l("Participants' feedback"), counts["feedback"], counts["ended"]),
        ]),
        _means_table(counts),
        _shares_table("employment", _l("Led to employment"), [
            (_l("Offered employment at the placement (share of final reports)"), counts["offered"], counts["reports"]),
            (_l("In work or studies three months after (share of follow-ups)"), counts["in_work_or_studies"],
             counts["followed_up"]),
        ]),
        _organisations_table(queries.placements_by_organisation(filters, user, today, rows)),
    ]


def _placements_table(counts):
    return Table("placements", _l("Placements"), "count", rows=[
        (_l("Started"), suppress_row(counts["started"])),
        (_l("Ended"), suppress_row(counts["ended"])),
        (_l("Ended early"), suppress_row(counts["ended_early"])),
    ])


def _reasons_table(rows, ended_early):
    by_reason = {}
    for reason, gender, count in rows:
        by_reason.setdefault(reason, {column: 0 for column in COLUMNS})
        by_reason[reason][gender] += count
        by_reason[reason]["total"] += count
    reasons = [reason for reason in END_REASON_LABELS if reason in by_reason]
    suppressed = [suppress_row(by_reason[reason]) for reason in reasons] + [suppress_row(ended_early)]
    for column in COLUMNS:  # the reasons add up to "ended early": protect against subtraction down a column too
        suppress_column(suppressed, column)
    table_rows = [(END_REASON_LABELS[reason], values) for reason, values in zip(reasons, suppressed)]
    table_rows.append((_l("All early endings"), suppressed[-1]))
    return Table("early-endings", _l("Ended early, and why"), "count", rows=table_rows)


def _shares_table(table_id, title, definitions):
    rows = []
    for label, parts, wholes in definitions:
        rows.append((label, {column: share(parts[column], wholes[column]) for column in COLUMNS}))
    return Table(table_id, title, "percent", rows=rows)


def _means_table(counts):
    answered = counts["feedback"]
    rows = [
        (_l("Supervision"), counts["supervision_sum"]),
        (_l("Learning"), counts["learning_sum"]),
        (_l("Treatment at the workplace"), counts["treatment_sum"]),
    ]
    return Table("ratings", _l("Participants' mean ratings (1 = very bad, 5 = very good)"), "mean", rows=[
        (label, {column: mean(sums[column], answered[column]) for column in COLUMNS}) for label, sums in rows
    ])


def _organisations_table(rows):
    organisations = {}
    for organisation_id, name, gender, count in rows:
        values = organisations.setdefault((name, organisation_id), {column: 0 for column in COLUMNS})
        values[gender] += count
        values["total"] += count
    return Table("organisations", _l("Organisations that take placements"), "count", rows=[
        (name, suppress_row(values)) for (name, _id), values in sorted(organisations.items())
    ])
