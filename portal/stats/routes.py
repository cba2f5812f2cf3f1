"""Follow-up statistics for coordinators (everything) and union representatives (their scope)."""
import csv
import io
from datetime import date

from flask import Response, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _
from flask_login import current_user

from .. import figure_cache
from ..access import roles_required
from ..extensions import db
from ..models import Organisation, Role
from . import bp, report
from .charts import bar_chart, hidden_label
from .forms import StatisticsFilterForm
from .queries import Filters, filter_organisation
from .suppression import PROTECTED, SMALL, is_hidden

CHARTED = ("placements", "employment")
# The page lists this many organisations (the largest); the CSV lists them all. Two thousand rows
# make a page of 750 kB that no one reads on a phone.
ORGANISATIONS_ON_PAGE = 100


def _filters():
    form = StatisticsFilterForm(request.args)
    form.find_organisation = lambda text: filter_organisation(text, current_user)
    filters = Filters()
    if form.validate():
        filters = Filters(
            period_from=form.period_from.data, period_to=form.period_to.data,
            placement_type=form.placement_type.data or "", sector=form.sector.data or "",
            organisation_id=form.organisation_id,
        )
    return form, filters


@bp.route("/")
@roles_required(Role.COORDINATOR, Role.UNION)
def index():
    form, filters = _filters()
    today = date.today()

    def prepare():
        tables = [report.largest_organisations(table, ORGANISATIONS_ON_PAGE) if table.id == "organisations"
                  else table for table in report.build(filters, current_user, today)]
        charts = {table.id: bar_chart(table, report.COLUMN_LABELS) for table in tables if table.id in CHARTED}
        return tables, charts, _cells(tables)

    # The same for everyone with this scope, filter and language until the data changes.
    tables, charts, cells = figure_cache.kept(
        "statistics-page", f"{report.cache_key(filters, current_user, today)}:{get_locale()}", prepare)
    chosen = db.session.get(Organisation, filters.organisation_id) if filters.organisation_id else None
    return render_template("stats/index.html", form=form, tables=tables, charts=charts, cells=cells,
                           chosen_organisation=chosen,
                           columns=report.COLUMNS, column_labels=report.COLUMN_LABELS,
                           query_string=request.query_string.decode())


def _cells(tables):
    """Each table's rows as (label, [(text, hidden)]) for the template: worked out here once, as the
    organisations table alone can have thousands of cells."""
    hidden_texts = {SMALL: hidden_label(SMALL), PROTECTED: hidden_label(PROTECTED)}
    return {
        table.id: [
            (label, [(hidden_texts[value], True) if is_hidden(value) else
                     (f"{value} %" if table.kind == "percent" else value, False)
                     for value in (values[column] for column in report.COLUMNS)])
            for label, values in table.rows
        ]
        for table in tables
    }


@bp.route("/export.csv")
@roles_required(Role.COORDINATOR, Role.UNION)
def export():
    form, filters = _filters()
    if form.errors:  # not the unfiltered figures under the name of a filter: the page says what to correct
        # Only the filters go back: any other name in the address (endpoint, _method...) would be
        # taken by url_for as its own argument.
        kept = {field.name: request.args.getlist(field.name) for field in form if field.name in request.args}
        return redirect(url_for("stats.index", **kept))
    tables = report.build(filters, current_user, date.today())
    output = io.StringIO()
    writer = csv.writer(output)
    writer.writerow([_("Table"), _("Row")] + [str(report.COLUMN_LABELS[column]) for column in report.COLUMNS])
    for table in tables:
        for label, values in table.rows:
            writer.writerow([safe_cell(str(table.title)), safe_cell(str(label))] +
                            [_csv_value(values[column], table.kind) for column in report.COLUMNS])
    return Response(
        "\ufeff" + output.getvalue(),  # a byte-order mark, so that spreadsheet programs read å, ä and ö right
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=praktik-statistik-{date.today().isoformat()}.csv",
                 "Cache-Control": "no-store"},  # figures about people: no copy in any cache
    )


def safe_cell(text):
    """Neutralise spreadsheet formulas: a cell starting with = + - @ (or a tab or return) gets a quote first."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv_value(value, kind):
    if is_hidden(value):
        return hidden_label(value)
    return f"{value} %" if kind == "percent" else str(value)
