"""The statistics tables: the SQL aggregates turned into rows, with small numbers suppressed.

Both the page and the CSV export are built from these tables, so they always agree.
"""
from dataclasses import dataclass, field, replace

from flask_babel import lazy_gettext as _l

from .. import data_version, figure_cache
from ..models import END_REASON_LABELS, Role
from . import queries
from .suppression import is_hidden, mean, share, suppress_column, suppress_row

COLUMNS = ("woman", "man", "other", "total")
COLUMN_LABELS = {"woman": _l("Women"), "man": _l("Men"), "other": _l("Other or not stated"), "total": _l("Total")}


@dataclass
class Table:
    id: str
    title: str
    kind: str  # "count", "percent" or "mean"
    rows: list = field(default_factory=list)  # (label, {column: value or None})
    row_heading: str = ""  # what the rows are, over their labels' column ("Reason", not "Row")
    note: str = ""
    more: int = 0  # rows left out on the page (the CSV has them all)


def largest_organisations(table, limit):
    """The organisations table cut to the `limit` organisations with the most placements.

    Organisations whose total is hidden come last, by name, so that the order tells nothing about
    numbers that are not shown.
    """
    if len(table.rows) <= limit:
        return table

    def order(row):
        label, values = row
        return (1, 0, str(label)) if is_hidden(values["total"]) else (0, -values["total"], str(label))

    return replace(table, rows=sorted(table.rows, key=order)[:limit], more=len(table.rows) - limit)


def build(filters, user, today):
    totals, organisation_rows = figures(filters, user, today)

    def per_gender(key):
        values = {gender: totals[gender][key] for gender in queries.GENDERS}
        values["total"] = sum(values.values())
        return values

    counts = {key: per_gender(key) for key in (
        "started", "ended", "ended_early", "reports", "feedback", "offered", "followed_up", "in_work_or_studies",
        "supervision_sum", "learning_sum", "treatment_sum")}
    return [
        _placements_table(counts),
        _reasons_table(queries.early_endings_by_reason(totals), counts["ended_early"]),
        _shares_table("responses", _l("Feedback response rates (share of ended placements)"), _l("Feedback"), [
            (_l("Employers' final reports"), counts["reports"], counts["ended"]),
            (_l("Participants' feedback"), counts["feedback"], counts["ended"]),
        ]),
        _means_table(counts),
        _shares_table("employment", _l("Led to employment"), _l("Outcome"), [
            (_l("Offered employment at the placement (share of final reports)"), counts["offered"], counts["reports"]),
            (_l("In work or studies three months after (share of follow-ups)"), counts["in_work_or_studies"],
             counts["followed_up"]),
        ]),
        Table("organisations", _l("Organisations that take placements"), "count", rows=organisation_rows,
              row_heading=_l("Organisation")),
    ]


def figures(filters, user, today):
    """(totals by gender, organisations' rows suppressed) for the filters.

    Kept twice (portal/figure_cache.py): what the page reads, and the raw rows per organisation and
    gender behind it. When the data version has moved on, only the organisations that changed since
    are counted again (data_version.changed_organisations) and merged into the raw rows; everything
    is counted afresh when that cannot be told, on a new day, and for a new filter.
    """
    key = cache_key(filters, user, today)
    version = data_version.current_version()
    shown = figure_cache.last("statistics", key)
    if shown is not None and shown[0] == version:
        return shown[1]
    raw = figure_cache.last("statistics-raw", key)
    changed = data_version.changed_organisations(raw[0], version) if raw is not None else None
    if changed is None:
        rows = queries.figures(filters, user, today)
        names = queries.organisation_names({organisation_id for organisation_id, _gender in rows})
    else:
        rows, names = raw[1]
        if changed:
            rows = {**_without(rows, changed), **queries.figures(filters, user, today, organisations=changed)}
            names = {**names, **queries.organisation_names(changed)}
    result = (queries.totals_by_gender(rows), _organisation_rows(queries.placements_by_organisation(rows, names)))
    figure_cache.keep("statistics-raw", key, version, (rows, names))
    figure_cache.keep("statistics", key, version, result)
    return result


def _without(rows, organisations):
    return {key: values for key, values in rows.items() if key[0] not in organisations}


def cache_key(filters, user, today):
    """Everything the figures depend on besides the data: the filters, the day (what has started and
    ended) and whose scope (a union representative's own; coordinators all see the same)."""
    return f"{scope_key(user)}:{today.isoformat()}:{filters!r}"


def scope_key(user):
    return f"union-{user.id}" if user.role == Role.UNION else "all"


def _placements_table(counts):
    return Table("placements", _l("Placements"), "count", rows=[
        (_l("Started"), suppress_row(counts["started"])),
        (_l("Ended"), suppress_row(counts["ended"])),
        (_l("Ended early"), suppress_row(counts["ended_early"])),
    ], row_heading=_l("Stage"))


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
    return Table("early-endings", _l("Ended early, and why"), "count", rows=table_rows, row_heading=_l("Reason"))


def _shares_table(table_id, title, row_heading, definitions):
    rows = []
    for label, parts, wholes in definitions:
        rows.append((label, {column: share(parts[column], wholes[column]) for column in COLUMNS}))
    return Table(table_id, title, "percent", rows=rows, row_heading=row_heading)


def _means_table(counts):
    answered = counts["feedback"]
    rows = [
        (_l("Supervision"), counts["supervision_sum"]),
        (_l("Learning"), counts["learning_sum"]),
        (_l("Treatment at the workplace"), counts["treatment_sum"]),
    ]
    return Table("ratings", _l("Participants' mean ratings (1 = very bad, 5 = very good)"), "mean", rows=[
        (label, {column: mean(sums[column], answered[column]) for column in COLUMNS}) for label, sums in rows
    ], row_heading=_l("What was rated"))


def _organisation_rows(organisations):
    """(name, counts suppressed) per organisation, by name (organisations: from placements_by_organisation)."""
    rows = []
    for organisation_id, (name, by_gender) in organisations.items():
        values = {gender: by_gender.get(gender, 0) for gender in queries.GENDERS}
        values["total"] = sum(by_gender.values())
        rows.append((name, organisation_id, values))
    rows.sort(key=lambda row: (row[0], row[1]))
    return [(name, suppress_row(values)) for name, _id, values in rows]
