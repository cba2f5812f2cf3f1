"""Follow-up statistics: the gender split, suppression of small groups, filters, CSV and access."""
import csv
import io
from datetime import date

from sqlalchemy import select

from portal.extensions import db
from portal.models import Placement, User
from portal.stats import queries, report
from portal.stats.queries import Filters
from portal.stats import routes as stats_routes
from portal.stats.routes import safe_cell
from portal.stats.suppression import PROTECTED, SMALL, share, suppress_column, suppress_row
from tests.conftest import login, page, register_other_employer, table


def test_small_cells_are_hidden():
    assert suppress_row({"woman": 7, "man": 12, "other": 0, "total": 19}) == {
        "woman": PROTECTED, "man": 12, "other": SMALL, "total": 19}


def test_a_hidden_cell_cannot_be_worked_out_by_subtraction():
    row = suppress_row({"woman": 3, "man": 20, "other": 9, "total": 32})
    # Hiding only "woman" would leave 32 - 20 - 9 = 3: the smallest other cell is hidden too.
    assert row == {"woman": SMALL, "man": 20, "other": PROTECTED, "total": 32}
    assert suppress_row({"woman": 3, "man": 1, "other": 0, "total": 4}) == {
        "woman": SMALL, "man": SMALL, "other": SMALL, "total": SMALL}


def test_column_suppression_down_a_table():
    rows = [{"total": value if value >= 5 else SMALL} for value in (6, 2, 9)] + [{"total": 17}]
    suppress_column(rows, "total")
    assert [row["total"] for row in rows] == [PROTECTED, SMALL, 9, 17]


def test_shares_need_five_with_and_five_without():
    assert share(10, 20) == 50
    assert share(3, 20) == SMALL and share(17, 20) == SMALL and share(2, 4) == SMALL


def test_neutralises_spreadsheet_formulas():
    assert safe_cell("=HYPERLINK(\"x\")") == "'=HYPERLINK(\"x\")"
    assert safe_cell("+1") == "'+1" and safe_cell("-1") == "'-1" and safe_cell("@SUM") == "'@SUM"
    assert safe_cell("Bageriet AB") == "Bageriet AB"


def test_statistics_split_by_gender_match_a_hand_count(client, auth, many_placements):
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    html = page(client.get("/stats/"))
    placements = table(html, "placements")
    # 1 "other" is too few; the 5 men are hidden too, or 12 - 6 - 5 would give the 1 away.
    assert placements["Started"] == ["6", "hidden", "fewer than 5", "12"]
    assert placements["Ended"] == ["6", "hidden", "fewer than 5", "12"]
    assert placements["Ended early"] == ["fewer than 5", "fewer than 5", "fewer than 5", "fewer than 5"]
    employment = table(html, "employment")
    offered = employment["Offered employment at the placement (share of final reports)"]
    assert offered[0] == "fewer than 5"  # 5 of 5 women: no group without the outcome to hide among
    in_work = employment["In work or studies three months after (share of follow-ups)"]
    assert in_work == ["fewer than 5", "fewer than 5", "fewer than 5", "55 %"]  # 6 of 11
    chart = html.find(class_="bar-chart", attrs={"role": "img"})
    assert chart["aria-label"].startswith("Placements.")  # named by its table's title
    assert [row.get_text(" ", strip=True) for row in chart.select(".bar-group")[0].select(".bar-row")] == [
        "Women 6", "Men hidden", "Other or not stated fewer than 5"]


def test_reasons_for_ending_early_are_counted_in_the_one_pass(app, many_placements):
    """The reasons come from the same pass as every other count; a reason the portal does not know
    (written by an older version, or by hand) counts as "other", as does none."""
    with app.test_request_context():
        ended = db.session.scalars(select(Placement).where(Placement.status == "ended").order_by(Placement.id)).all()
        ended[1].end_reason, ended[2].end_reason = "illness", "moved-away"
        db.session.commit()
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        totals, _organisations = report.figures(Filters(), coordinator, date.today())
    assert totals["woman"]["ended_early"] == 3
    assert queries.early_endings_by_reason(totals) == [("got-job", "woman", 1), ("illness", "woman", 1),
                                                        ("other", "woman", 1)]


def test_csv_has_every_table_with_the_same_suppression(client, auth, many_placements):
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    response = client.get("/stats/export.csv?sector=retail")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0] == ["Table", "Row", "Women", "Men", "Other or not stated", "Total"]
    assert ["Placements", "Started", "6", "hidden", "fewer than 5", "12"] in rows
    assert {row[0] for row in rows[1:]} >= {"Placements", "Organisations that take placements"}


def test_filters_narrow_the_figures(client, auth, many_placements):
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    html = page(client.get("/stats/?sector=education"))
    assert table(html, "placements")["Started"] == ["fewer than 5"] * 4
    html = page(client.get("/stats/?period_from=2026-01-01&period_to=2026-01-31&placement_type=work-placement"))
    assert table(html, "placements")["Started"][3] == "12"
    bad = page(client.get("/stats/?period_from=2026-05-01&period_to=2026-01-01"))
    assert "after its start" in bad.find(id="period_to-error").get_text()
    assert "correct the filter" in bad.get_text() and not bad.find("a", string="Download all tables as CSV")


def test_a_csv_asked_for_with_a_wrong_filter_sends_back_to_the_page_with_the_message(client, auth, many_placements):
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    response = client.get("/stats/export.csv?period_from=2026-13-01&sector=retail")
    assert response.status_code == 302 and response.mimetype != "text/csv"
    html = page(client.get(response.headers["Location"]))
    assert "Enter the date like 2026-01-01" in html.find(id="period_from-error").get_text()
    assert html.find(id="period_from")["value"] == "2026-13-01"  # what was typed is kept
    assert client.get("/stats/export.csv?sector=retail").mimetype == "text/csv"


def test_union_representatives_see_only_their_scope(app, client, auth, many_placements, make_slot):
    register_other_employer(app, sector="hospitality")
    client.get("/?lang=en")
    auth.login("union@example.com")  # covers retail, where all the placements above are
    assert table(page(client.get("/stats/")), "placements")["Started"][3] == "12"
    with app.app_context():
        from portal.unions.scopes import set_scope

        union = db.session.scalar(select(User).where(User.email == "union@example.com"))
        set_scope(union, sectors=["hospitality"])
        db.session.commit()
    html = page(client.get("/stats/"))
    assert table(html, "placements")["Started"][3] == "fewer than 5"
    outside = page(client.get("/stats/?organisation=Exempelbolaget+AB"))  # no longer in their scope
    assert "None of the organisations you see has this name" in outside.find(id="organisation-error").get_text()


def test_only_coordinators_and_union_representatives_see_statistics(client, auth, demo):
    for email in ["employer@example.com", "jobseeker@example.com"]:
        auth.login(email)
        assert client.get("/stats/").status_code == 403
        assert client.get("/stats/export.csv").status_code == 403
        auth.logout()


def test_the_page_lists_the_largest_organisations_and_the_csv_all():
    rows = [("Small AB", {"total": SMALL}), ("Big AB", {"total": 40}), ("Mid AB", {"total": 12}),
            ("Also small AB", {"total": SMALL})]
    organisations = report.Table("organisations", "Organisations", "count", rows=rows)
    shown = report.largest_organisations(organisations, 3)
    # By size; hidden totals last and by name, so that the order gives away nothing hidden.
    assert [name for name, _values in shown.rows] == ["Big AB", "Mid AB", "Also small AB"]
    assert shown.more == 1
    assert report.largest_organisations(organisations, 4) is organisations


def test_the_page_kept_for_one_language_is_not_shown_in_the_other(client, auth, many_placements):
    """The prepared tables and charts are kept per language (and scope, filter and data version)."""
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    assert table(page(client.get("/stats/")), "placements")["Started"] == ["6", "hidden", "fewer than 5", "12"]
    swedish = page(client.get("/stats/?lang=sv"))
    assert table(swedish, "placements")["Påbörjade"] == ["6", "dold", "färre än 5", "12"]
    assert "Started" not in swedish.get_text()
    assert table(page(client.get("/stats/?lang=en")), "placements")["Started"][0] == "6"


def test_a_long_organisations_table_says_where_the_rest_is(client, auth, many_placements, monkeypatch):
    monkeypatch.setattr(stats_routes, "ORGANISATIONS_ON_PAGE", 0)
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    section = page(client.get("/stats/")).find(id="table-organisations").find_parent("section")
    assert "The CSV download lists all 1." in section.get_text(" ", strip=True)


def test_the_organisation_filter_finds_a_name_or_number_and_says_what_is_wrong(app, client, auth, many_placements):
    from portal.demo import DEMO_ORGANISATION_NUMBER

    register_other_employer(app)  # hospitality: outside the demo union representative's scope (retail)
    number = f"{DEMO_ORGANISATION_NUMBER[:6]}-{DEMO_ORGANISATION_NUMBER[6:]}"
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    for typed in ("Exempelbolaget AB", "exempelbolaget ab", number, DEMO_ORGANISATION_NUMBER):
        html = page(client.get("/stats/", query_string={"organisation": typed}))
        assert html.find(id="organisation")["value"] == typed  # kept as typed
        assert table(html, "placements")["Started"][3] == "12", typed
        assert f"Exempelbolaget AB ({number})" in html.find(id="chosen-organisation").get_text()
    assert table(page(client.get("/stats/?organisation=2120000142")), "placements")["Started"][3] == "fewer than 5"
    wrong = {
        "12345": "Enter the organisation number as 10 digits, like 556677-8899",
        "556677-8890": "This organisation number is not valid: check the digits",
        "123456-7897": "None of the organisations you see has this organisation number",
        "Okänt Bolag": "None of the organisations you see has this name",
        "x" * 201: "Field cannot be longer than 200 characters",
    }
    for typed, message in wrong.items():
        bad = page(client.get("/stats/", query_string={"organisation": typed}))
        error = bad.find(id="organisation-error")
        assert error is not None and message in error.get_text(), (typed, bad.find(id="organisation").parent)
        assert bad.find(id="organisation")["value"] == typed
        assert bad.find(id="chosen-organisation") is None
        assert "None of the organisations" not in error.get_text() or "None" in message  # one message each

    auth.logout()
    auth.login("union@example.com")
    assert table(page(client.get("/stats/?organisation=Exempelbolaget+AB")), "placements")["Started"][3] == "12"
    outside = page(client.get("/stats/?organisation=Andra+Bolaget+AB"))  # exists, but not in their scope
    assert "None of the organisations you see has this name" in outside.find(id="organisation-error").get_text()


def test_the_statistics_page_does_not_list_every_organisation(app, client, auth, many_placements):
    """No list of every organisation in the filter: 20,000 of them made the page 1 MB."""
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    html = page(client.get("/stats/"))
    assert html.find(id="organisation").name == "input"
    assert not html.find("option", string="Exempelbolaget AB")


# --- Issue 16, item 7: readable charts, named row headings, demo figures ---

def test_the_demo_statistics_show_figures_in_readable_charts(app, client, demo):
    from portal.demo import load_demo_statistics

    with app.app_context():
        created = load_demo_statistics()
        assert created == 29 and load_demo_statistics() == 0  # nothing twice
    for lang, row_word, fewer in (("sv", "Rad", "färre än 5"), ("en", "Row", "fewer than 5")):
        html = page(login(app, "coordinator@example.com", lang=lang).get("/stats/"))
        placements = html.find(id="table-placements").find_parent("section")
        cells = [cell.get_text(strip=True) for cell in placements.select("tbody td")]
        assert cells[:4] == ["12", "11", "6", "29"]  # started: women, men, other, total
        assert sum(fewer in cell for cell in cells) < len(cells)
        headings = [th.get_text(strip=True) for th in html.select("thead th:first-child")]
        assert headings and row_word not in headings
        assert {"sv": "Skäl", "en": "Reason"}[lang] in headings
        # The charts' words are HTML text (the page's size), not SVG text that shrinks with the drawing.
        assert not html.select("svg text")
        chart = placements.select_one(".bar-chart")
        assert chart["role"] == "img" and chart["aria-label"].startswith(placements.h2.get_text(strip=True))
        assert [label.get_text(strip=True) for label in chart.select(".bar-label")][0] == {"sv": "Påbörjade",
                                                                                            "en": "Started"}[lang]
        assert chart.select(".bar-row .bar-value")[0].get_text(strip=True) == "12"
