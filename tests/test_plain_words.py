"""Words in the right language and form (issue 16, item 6): language levels and roles translated,
times in Swedish time without "UTC", and a note where the employer's own text is not translated."""
from datetime import datetime, timezone

import pytest
from sqlalchemy import select, update

from portal.extensions import db
from portal.models import Notice, SlotStatusChange, User
from tests.agreement_helpers import sign_as
from tests.conftest import login, page


@pytest.mark.parametrize(("lang", "shown"), [("sv", "Somali (Modersmål)"), ("en", "Somali (Native)")])
def test_the_job_seekers_languages_are_shown_with_translated_levels(client, demo, lang, shown):
    login(client, "jobseeker@example.com", lang=lang)
    text = page(client.get("/dashboard/")).get_text(" ", strip=True)
    assert shown in text and "(native)" not in text


@pytest.mark.parametrize(("lang", "role"), [("sv", "(Arbetsförmedlingen)"), ("en", "(Employment service)")])
def test_the_audit_trail_names_roles_in_words(app, new_agreement, lang, role):
    reference = new_agreement()
    sign_as(app, "jobseeker", reference)
    html = page(login(app, "coordinator@example.com", lang=lang).get(f"/agreements/{reference}/audit"))
    rows = [row.get_text(" ", strip=True) for row in html.select("tbody tr")]
    assert any(role in row for row in rows), rows
    assert not any(f"({code})" in row for row in rows for code in ("employer", "jobseeker", "coordinator"))
    assert "UTC" not in html.get_text()


WINTER = datetime(2026, 12, 2, 1, 16, tzinfo=timezone.utc)  # 02:16 in Stockholm (CET, +1)
SUMMER = datetime(2026, 7, 1, 22, 30, tzinfo=timezone.utc)  # 00:30 on 2 July in Stockholm (CEST, +2)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_times_are_shown_in_swedish_time(app, client, demo, make_slot, lang):
    slot_id = make_slot()
    with app.app_context():
        employer = db.session.scalar(select(User).where(User.email == "employer@example.com"))
        db.session.add(Notice(user=employer, kind="statement-given", text="Beslut", text_en="Decision", created_at=WINTER))
        changes = db.session.scalars(select(SlotStatusChange.id).where(SlotStatusChange.slot_id == slot_id)).all()
        db.session.execute(update(SlotStatusChange).where(SlotStatusChange.id == changes[0]).values(changed_at=SUMMER))
        db.session.commit()
    login(client, "employer@example.com", lang=lang)
    notices = page(client.get("/notices/"))
    assert "2026-12-02 02:16" in notices.get_text() and "UTC" not in notices.get_text()
    history = page(client.get(f"/slots/{slot_id}")).get_text()
    assert "2026-07-02 00:30" in history and "UTC" not in history


def test_the_english_slot_page_says_the_employers_text_is_not_translated(client, demo, make_slot):
    slot_id = make_slot()
    login(client, "employer@example.com", lang="en")
    assert "not translated" in page(client.get(f"/slots/{slot_id}")).get_text()
    login(client, "employer@example.com", lang="sv")
    assert "översätts inte" not in page(client.get(f"/slots/{slot_id}")).get_text()
