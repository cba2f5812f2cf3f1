"""Coordinators match job-seekers to open slots (approved by the coordinator after the consultation), ranked by
fit with reasons."""
import random
import re
import threading
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.jobseekers.matching import Candidate, MatchRefused, candidate_slots, confirm_match, match_refusal
from portal.jobseekers.pool import SlotPool
from portal.jobseekers.ranking import tokens
from portal.models import Agreement, JobSeeker, Placement, Slot, SlotStatus, User
from tests.conftest import login, page


@pytest.fixture
def coordinator(client, demo):
    return login(client, "coordinator@example.com")


def jobseeker_id(app, name):
    with app.app_context():
        return db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == name))


def ranked_open_slots(jobseeker):
    """Every open slot ranked for the job-seeker, best first, with the reasons (as the matching page does)."""
    pool = SlotPool(candidate_slots(date.today()))
    return pool.best(jobseeker, date.today(), limit=len(pool))


def test_ranking_puts_the_fitting_slot_first_and_explains_why(app, demo, make_slot):
    make_slot(title="Elektrikerpraktik", occupation="Electrician", tasks="Install cables in new housing",
              goals=["Swedish electrical safety rules"], swedish_level="good")
    make_slot(title="Kafébiträde", occupation="Café assistant", tasks="Serve coffee", goals=["Serve customers"])
    with app.test_request_context(headers={"Accept-Language": "en"}):
        karim = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Karim Haddad"))
        ranked = ranked_open_slots(karim)
        assert ranked[0].slot.title == "Elektrikerpraktik"
        reasons = " ".join(str(reason.text) for reason in ranked[0].reasons)
        assert "Electrician" in reasons and "electrical" in reasons and "Swedish" in reasons
        assert ranked[0].score > ranked[-1].score


def test_language_and_accessibility_gaps_lower_the_score(app, demo, make_slot):
    make_slot(title="Kräver god svenska", swedish_level="fluent", hours_per_week=40, step_free_access=False)
    make_slot(title="Ingen svenska krävs", swedish_level="none", hours_per_week=20, step_free_access=True,
              part_time_possible=True)
    with app.test_request_context(headers={"Accept-Language": "en"}):
        amina = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Amina Hassan"))
        amina.needs_step_free_access = True
        ranked = {item.slot.title: item for item in ranked_open_slots(amina)}
        strict, easy = ranked["Kräver god svenska"], ranked["Ingen svenska krävs"]
        assert easy.score > strict.score
        assert any(reason.points < 0 and "Swedish" in str(reason.text) for reason in strict.reasons)
        assert any(reason.points < 0 and "step-free" in str(reason.text) for reason in strict.reasons)


def test_match_page_lists_open_approved_slots_with_reasons(app, coordinator, make_slot):
    make_slot(status=SlotStatus.AWAITING_REVIEW, title="Inte granskad")
    slot_id = make_slot(status=SlotStatus.APPROVED, title="Öppen plats", places=3)
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        organisation, period = slot.organisation.name, f"{slot.start_date.isoformat()} – {slot.end_date.isoformat()}"
    html = page(coordinator.get(f"/jobseekers/{jobseeker_id(app, 'Tesfay Gebremedhin')}"))
    text = html.get_text()
    assert "Öppen plats" in text and "Inte granskad" not in text
    card = next(card for card in html.select("ol.ranking li.card") if "Öppen plats" in card.h3.get_text())
    details = card.p.get_text(" ", strip=True)
    assert organisation in details and period in details and "3 of 3 free" in details and "Work placement" in details
    assert card.select("ul.reasons li")
    assert card.find("a", href=f"/slots/{slot_id}")


def test_confirming_a_match_counts_a_place_down_and_a_full_slot_leaves_the_list(app, coordinator, make_slot):
    slot_id = make_slot(title="En enda plats", places=1)
    tesfay, amina = jobseeker_id(app, "Tesfay Gebremedhin"), jobseeker_id(app, "Amina Hassan")
    response = coordinator.post(f"/jobseekers/{tesfay}/match/{slot_id}", follow_redirects=True)
    assert "is matched to En enda plats" in page(response).get_text()
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert slot.places_filled == 1 and slot.places_left == 0
        placement = db.session.scalar(select(Placement).where(Placement.slot_id == slot_id))
        assert placement.jobseeker_id == tesfay and placement.matched_by.email == "coordinator@example.com"
        # The match drafts the placement agreement in the same transaction.
        agreement = db.session.scalar(select(Agreement).where(Agreement.placement_id == placement.id))
        assert agreement is not None and agreement.status == "awaiting-signatures"
    assert "En enda plats" not in page(coordinator.get(f"/jobseekers/{amina}")).get_text()
    refused = coordinator.post(f"/jobseekers/{amina}/match/{slot_id}", follow_redirects=True)
    assert "no places left" in page(refused).get_text()
    with app.app_context():
        assert db.session.scalar(select(func.count(Placement.id)).where(Placement.slot_id == slot_id)) == 1


def test_a_job_seeker_is_not_matched_twice_to_the_same_slot(app, coordinator, make_slot):
    slot_id = make_slot(places=3)
    tesfay = jobseeker_id(app, "Tesfay Gebremedhin")
    coordinator.post(f"/jobseekers/{tesfay}/match/{slot_id}")
    again = coordinator.post(f"/jobseekers/{tesfay}/match/{slot_id}", follow_redirects=True)
    assert "already matched" in page(again).get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).places_filled == 1


def test_slots_not_approved_cannot_be_matched(app, coordinator, make_slot):
    for status in (SlotStatus.DRAFT, SlotStatus.AWAITING_REVIEW, SlotStatus.AWAITING_DECISION, SlotStatus.REFUSED,
                   SlotStatus.WITHDRAWN):
        slot_id = make_slot(status=status)
        coordinator.post(f"/jobseekers/{jobseeker_id(app, 'Amina Hassan')}/match/{slot_id}")
        with app.app_context():
            assert db.session.get(Slot, slot_id).places_filled == 0


def ended_slot(make_slot, title="Redan slut"):
    """An approved slot with places left whose end date was yesterday."""
    end = date.today() - timedelta(days=1)
    return make_slot(title=title, places=2, start_date=end - timedelta(days=30), end_date=end)


def test_no_match_after_the_slots_end_date(app, demo, make_slot):
    """Issue 13, item 13: the rule, as a function and in confirm_match (its conditional UPDATE too)."""
    slot_id = ended_slot(make_slot)
    today = date.today()
    with app.app_context():
        slot = db.session.get(Slot, slot_id)
        assert match_refusal(slot, today) == "ended"
        assert match_refusal(slot, slot.end_date) is None  # the last day is still a day of the slot
        jobseeker = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Amina Hassan"))
        coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
        with pytest.raises(MatchRefused, match="ended"):
            confirm_match(jobseeker, slot, coordinator, today=today)
        assert db.session.get(Slot, slot_id).places_filled == 0
        assert db.session.scalar(select(func.count(Placement.id)).where(Placement.slot_id == slot_id)) == 0
        assert confirm_match(jobseeker, slot, coordinator, today=slot.end_date).slot_id == slot_id
        db.session.rollback()


def test_an_ended_slot_is_neither_offered_nor_matched_over_http(app, coordinator, make_slot):
    slot_id = ended_slot(make_slot)
    amina = jobseeker_id(app, "Amina Hassan")
    assert "Redan slut" not in page(coordinator.get(f"/jobseekers/{amina}")).get_text()
    refused = coordinator.post(f"/jobseekers/{amina}/match/{slot_id}", follow_redirects=True)
    assert "Redan slut ended on" in page(refused).get_text()
    with app.app_context():
        assert db.session.get(Slot, slot_id).places_filled == 0
        assert db.session.scalar(select(func.count(Placement.id)).where(Placement.slot_id == slot_id)) == 0


def test_two_coordinators_matching_the_last_place_at_once_make_one_match(app, demo, make_slot):
    """Run in threads against the real database (SQLite file or PostgreSQL)."""
    slot_id = make_slot(places=1)
    names = ["Amina Hassan", "Karim Haddad"]
    outcomes = []
    barrier = threading.Barrier(len(names))

    def match(name):
        with app.app_context():
            coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
            jobseeker = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == name))
            slot = db.session.get(Slot, slot_id)
            barrier.wait()
            try:
                confirm_match(jobseeker, slot, coordinator)
                db.session.commit()
                outcomes.append("matched")
            except MatchRefused:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=match, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["matched", "refused"]
    with app.app_context():
        assert db.session.get(Slot, slot_id).places_filled == 1
        assert db.session.scalar(select(func.count(Placement.id)).where(Placement.slot_id == slot_id)) == 1


def test_coordinator_adds_a_job_seeker_record_and_keeps_input_on_errors(app, coordinator):
    bad = page(coordinator.post("/jobseekers/new", data={
        "full_name": "Lina Larsson", "gender": "woman", "birth_year": "19x0", "desired_occupation": "Cook",
        "languages-0-language": "Swedish", "languages-0-level": "native",
    }))
    assert "four digits" in bad.find(id="birth_year-error").get_text()
    assert "between" not in bad.find(id="birth_year-error").get_text()  # one message for one mistake
    assert len(bad.select(".error-summary a[href='#birth_year']")) == 1
    assert bad.find("input", attrs={"name": "full_name"})["value"] == "Lina Larsson"
    assert bad.find("input", attrs={"name": "languages-0-language"})["value"] == "Swedish"
    response = coordinator.post("/jobseekers/new", data={
        "full_name": "Lina Larsson", "gender": "woman", "birth_year": "1990", "desired_occupation": "Cook",
        "education": "Restaurant school", "languages-0-language": "Swedish", "languages-0-level": "native",
        "languages-1-language": "", "languages-1-level": "basic", "needs_part_time": "y",
    })
    assert response.status_code == 302
    with app.app_context():
        lina = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Lina Larsson"))
        assert [(spoken.language, spoken.level) for spoken in lina.languages] == [("Swedish", "native")]
        assert lina.needs_part_time and lina.swedish_level == "native"


def test_coordinator_edits_a_record(app, coordinator):
    amina = jobseeker_id(app, "Amina Hassan")
    form = page(coordinator.get(f"/jobseekers/{amina}/edit"))
    assert form.find("input", attrs={"name": "languages-0-language"})["value"] == "Somali"
    assert form.find("input", attrs={"name": "languages-3-language"}) is not None  # an empty row to add one
    data = {field["name"]: field.get("value", "") for field in form.find_all("input") if field.get("name")}
    data.update({"desired_occupation": "Cashier", "gender": "woman", "education": "SFI"})
    for select_field in form.find_all("select"):
        chosen = select_field.find("option", selected=True) or select_field.find("option")
        data[select_field["name"]] = chosen["value"]
    assert coordinator.post(f"/jobseekers/{amina}/edit", data=data).status_code == 302
    with app.app_context():
        assert db.session.get(JobSeeker, amina).desired_occupation == "Cashier"


def test_only_coordinators_reach_records_and_matching(app, client, auth, demo, make_slot):
    slot_id = make_slot()
    amina = jobseeker_id(app, "Amina Hassan")
    for email in ["employer@example.com", "union@example.com", "jobseeker@example.com"]:
        auth.login(email)
        for url in ["/jobseekers/", f"/jobseekers/{amina}", f"/jobseekers/{amina}/edit", "/jobseekers/new",
                    "/union-representatives/"]:
            assert client.get(url).status_code == 403, (email, url)
        assert client.post(f"/jobseekers/{amina}/match/{slot_id}").status_code == 403
        auth.logout()


def test_list_pages_use_a_fixed_number_of_queries(app, client, auth, demo, make_slot):
    """1,000 slots: the employer's list, the union queue and the matching page query no more than with 1."""
    from sqlalchemy import event

    from portal import figure_cache

    def queries_for(url):
        statements = []

        def count(*args):
            statements.append(1)

        with app.app_context():
            engine = db.engine
            figure_cache.forget_all()  # each page read afresh: the same queries before and after
        event.listen(engine, "before_cursor_execute", count)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", count)
        return len(statements)

    amina = jobseeker_id(app, "Amina Hassan")
    pages = {
        "employer@example.com": ["/slots/", "/dashboard/"],
        "union@example.com": ["/reviews/"],
        "coordinator@example.com": [f"/jobseekers/{amina}", "/jobseekers/"],
    }
    make_slot(status=SlotStatus.APPROVED)
    make_slot(status=SlotStatus.AWAITING_REVIEW)
    before = {}
    for email, urls in pages.items():
        auth.login(email)
        before.update({url: queries_for(url) for url in urls})
        auth.logout()
    _bulk_slots(app, 1000)
    for email, urls in pages.items():
        auth.login(email)
        for url in urls:
            assert queries_for(url) == before[url], url
        auth.logout()


def _bulk_slots(app, count):
    from portal.models import LearningGoal, Organisation, SlotStatusChange, UnionReview

    with app.app_context():
        organisation = db.session.scalar(select(Organisation).where(Organisation.organisation_number == "5566778899"))
        employer = organisation.users[0]
        union = db.session.scalar(select(User).where(User.email == "union@example.com"))
        start = date.today() + timedelta(days=5)
        for index in range(count):
            status = SlotStatus.APPROVED if index % 2 else SlotStatus.AWAITING_REVIEW
            slot = Slot(
                organisation=organisation, created_by=employer, status=status, placement_type="work-placement",
                title=f"Plats {index}", occupation="Shop assistant", tasks="Serve customers", places=2,
                places_filled=0, start_date=start, end_date=start + timedelta(days=30), hours_per_week=30,
                schedule="Mon–Fri", workplace_address="Storgatan 1", supervisor_name="S", supervisor_role="R",
                supervisor_phone="08-1234567", supervisor_email="s@example.com", swedish_level="basic",
                learning_goals=[LearningGoal(position=0, text="Serve customers")],
                status_changes=[SlotStatusChange(from_status=None, to_status=status, changed_by=employer)],
            )
            if status == SlotStatus.APPROVED:
                slot.reviews = [UnionReview(reviewer=union, decision="consent")]
            db.session.add(slot)
        db.session.commit()


def test_the_list_comes_a_page_at_a_time_and_can_be_searched(app, client, auth, demo, monkeypatch):
    from portal import listing
    from portal.models import JobSeeker

    monkeypatch.setattr(listing, "PER_PAGE", 2)
    with app.app_context():
        for number, occupation in enumerate(["Baker", "Gardener", "Cook 100%", "Baker"]):
            db.session.add(JobSeeker(full_name=f"Zeta {number}", gender="woman", birth_year=1990,
                                     desired_occupation=occupation))
        db.session.commit()
        everyone = db.session.query(JobSeeker).count()
    client.get("/?lang=en")
    auth.login("coordinator@example.com")
    html = page(client.get("/jobseekers/"))
    assert len(html.find("tbody").find_all("tr")) == 2
    assert f"of {everyone} job-seekers" in html.get_text()
    last = page(client.get(f"/jobseekers/?page={(everyone + 1) // 2}"))
    assert last.find("a", rel="prev") and not last.find("a", rel="next")
    past_the_end = client.get("/jobseekers/?page=999&q=zeta")
    assert past_the_end.status_code == 302 and past_the_end.location.endswith("/jobseekers/?page=2&q=zeta")

    found = page(client.get("/jobseekers/?q=baker"))
    names = [row.find("a").get_text() for row in found.find("tbody").find_all("tr")]
    assert names == ["Zeta 0", "Zeta 3"]
    assert found.find(id="q")["value"] == "baker"  # what was typed stays in the box
    # % is searched for as itself, not as a wildcard.
    assert [row.find("a").get_text() for row in page(client.get("/jobseekers/?q=100%25")).find("tbody").find_all("tr")] == ["Zeta 2"]
    assert "No job-seeker's name" in page(client.get("/jobseekers/?q=nobody+at+all")).get_text()
    too_long = page(client.get("/jobseekers/?q=" + "x" * 101))
    assert "at most 100 characters" in too_long.find(id="q-error").get_text()


def test_an_error_in_a_language_row_is_summarised_with_a_link_to_its_field(app, coordinator):
    bad = page(coordinator.post("/jobseekers/new?lang=en", data={
        "full_name": "Lina Larsson", "gender": "woman", "birth_year": "1990", "desired_occupation": "Cook",
        "languages-0-language": "Swedish", "languages-0-level": "native",
        "languages-1-language": "x" * 61, "languages-1-level": "basic",
    }))
    summary = bad.find(class_="error-summary")
    links = [link["href"] for link in summary.find_all("a")]
    assert links == ["#languages-1-language"]
    assert "{" not in summary.get_text()  # no nested error dictionaries
    assert bad.find("input", attrs={"name": "languages-1-language"})["value"] == "x" * 61


def expected_score(person, slot, today):
    """The score of one slot by the rules of DESIGN.md, in plain Python: the oracle for pool.py's
    arrays. Only the weights come from score.py (changing one changes both sides); every rule is
    stated here again, and words are compared one by one with rapidfuzz's extractOne, not with
    ranking.word_matches' cdist."""
    from rapidfuzz import fuzz, process

    from portal.jobseekers.ranking import WORD_MATCH_THRESHOLD
    from portal.jobseekers.score import (
        Background, Dates, Development, Occupation, OtherLanguages, PartTime, StepFreeAccess, Swedish)

    def shared(left, right):
        right_words, right_stems = tokens(right or "")
        return sum(1 for word in tokens(left or "")[0] if (len(word) >= 5 and word[:5] in right_stems) or
                   process.extractOne(word, right_words, scorer=fuzz.ratio, score_cutoff=WORD_MATCH_THRESHOLD))

    levels = ["none", "basic", "good", "fluent", "native"]
    total = 0
    if person.desired_occupation:
        alike = max(fuzz.token_set_ratio(person.desired_occupation.lower(), slot.occupation.lower()),
                    fuzz.token_set_ratio(person.desired_occupation.lower(), slot.title.lower()))
        total += round(Occupation.MOST * alike / 100) if alike >= Occupation.ALIKE_FROM else 0
    goals = " ".join(goal.text for goal in slot.learning_goals)
    total += min(Background.MOST, Background.PER_WORD * shared(f"{person.education} {person.experience}",
                                                                 f"{slot.title} {slot.occupation} {slot.tasks} {goals}"))
    total += min(Development.MOST, Development.PER_WORD * shared(person.desired_development, f"{goals} {slot.tasks}"))
    needed, has = levels.index(slot.swedish_level), levels.index(person.swedish_level)
    if needed == 0 or has >= needed:
        total += Swedish.ENOUGH
    elif slot.placement_type == "language-placement":
        total -= Swedish.SHORT_PER_LEVEL_LANGUAGE_PLACEMENT * (needed - has)
    else:
        total -= Swedish.SHORT_PER_LEVEL * (needed - has)
    welcomed = {name.strip().lower() for name in re.split(r"[,;/]| and | och ", slot.other_languages) if name.strip()}
    if any(spoken.language.lower() in welcomed for spoken in person.languages):
        total += OtherLanguages.WELCOMED
    if person.needs_step_free_access:
        total += StepFreeAccess.HAS if slot.step_free_access else StepFreeAccess.LACKS
    if person.needs_part_time:
        allowed = slot.part_time_possible or slot.hours_per_week <= PartTime.PART_TIME_HOURS
        total += PartTime.ALLOWS if allowed else PartTime.FULL_TIME
    if slot.start_date < today:
        total += Dates.STARTED
    elif slot.start_date <= today + timedelta(days=Dates.SOON_DAYS):
        total += Dates.SOON
    else:
        total += Dates.LATER
    return max(0, min(100, total))


def test_the_pool_scores_every_slot_as_the_rules_say(app):
    """The matching page scores all open slots at once (pool.SlotPool, score.PARTS): on random slots
    and people, every score equals expected_score's, the best come in its order (score, then the
    earlier start, then id), and each slot's reasons add up to its score."""
    rng = random.Random(11)
    words = ["butik", "butiksarbete", "kassa", "kunder", "customers", "serve", "service", "lager", "warehouse",
             "truck", "electrician", "elektriker", "kablar", "cables", "cooking", "kock", "restaurant", "kitchen",
             "barn", "förskola", "preschool", "cleaning", "städning", "drawings", "ritningar", "svetsare", "welding"]
    levels, kinds = ["none", "basic", "good", "fluent", "native"], ["work-placement", "language-placement", "work-training"]
    today = date.today()

    def text(count):
        return " ".join(rng.choice(words) + rng.choice(["", "s", "en", "er"]) for _ in range(count))

    slots = []
    for slot_id in range(1, 301):
        slot = Candidate(
            id=slot_id, title=text(2).title(), occupation=text(rng.randint(1, 2)), tasks=text(rng.randint(0, 8)),
            placement_type=rng.choice(kinds), swedish_level=rng.choice(levels),
            other_languages=rng.choice(["", "Arabic, English", "somali och tigrinja", "English/Dari"]),
            step_free_access=rng.random() < 0.5, part_time_possible=rng.random() < 0.3,
            hours_per_week=rng.choice([20, 30, 35, 40]), start_date=today + timedelta(days=rng.choice([rng.randint(-30, 120), -1, 0, 60, 61])),  # edges too
            end_date=today + timedelta(days=150), places=2, places_filled=0)
        slot.finish([(position, text(rng.randint(1, 4))) for position in range(rng.randint(0, 3))])
        slots.append(slot)
    pool = SlotPool(slots)
    with app.test_request_context():
        for _ in range(40):
            person = SimpleNamespace(
                desired_occupation=rng.choice(["", text(1), text(2)]), education=text(rng.randint(0, 4)),
                experience=text(rng.randint(0, 6)), desired_development=rng.choice([None, "", text(3)]),
                swedish_level=rng.choice(levels), needs_step_free_access=rng.random() < 0.3,
                needs_part_time=rng.random() < 0.3,
                languages=[SimpleNamespace(language=name) for name in rng.sample(["Arabic", "Somali", "Dari", "English"], 2)])
            expected = {slot.id: expected_score(person, slot, today) for slot in slots}
            assert list(pool.scores(pool.person(person), today)) == [expected[slot.id] for slot in slots]
            leave_out = {rng.randint(1, 300) for _ in range(3)}
            best = pool.best(person, today, limit=30, leave_out=leave_out)
            in_order = sorted((slot for slot in slots if slot.id not in leave_out),
                              key=lambda slot: (-expected[slot.id], slot.start_date, slot.id))[:30]
            assert [(item.slot.id, item.score) for item in best] == [(slot.id, expected[slot.id]) for slot in in_order]
            for item in best:
                assert item.score == max(0, min(100, sum(reason.points for reason in item.reasons)))
                assert all(str(reason.text) for reason in item.reasons)

