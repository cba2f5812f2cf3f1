"""Demo data: a verified employer with two slots, an unverified one, one account per role, a few job-seekers.

Idempotent: records are looked up by a natural key (e-mail, organisation number, name)
before they are created.
"""
from datetime import date, timedelta

from sqlalchemy import select

from .accounts.users import new_user
from .extensions import db
from .models import JobSeeker, JobSeekerLanguage, Organisation, ReviewDecision, Role, Slot, SlotStatus, User
from .models.base import utcnow
from .models.slots import DecisionOutcome
from .slots import workflow
from .unions.scopes import set_scope

DEMO_PASSWORD = "praktik-demo-2026"
DEMO_ORGANISATION_NUMBER = "5566778899"  # valid Luhn numbers, not real companies
UNVERIFIED_ORGANISATION_NUMBER = "5590011226"

JOBSEEKERS = [
    {
        "full_name": "Amina Hassan",
        "gender": "woman",
        "birth_year": 1991,
        "education": "Upper secondary school (Somalia); SFI course C",
        "experience": "Three years in a family shop: till, stock, customers",
        "desired_occupation": "Shop assistant",
        "desired_development": "Practise Swedish with customers; learn Swedish retail routines",
        "adjustment_needs": "",
        "languages": [("Somali", "native"), ("English", "good"), ("Swedish", "basic")],
        "email": "jobseeker@example.com",
    },
    {
        "full_name": "Karim Haddad",
        "gender": "man",
        "birth_year": 1985,
        "education": "Vocational training as electrician (Syria)",
        "experience": "Ten years as electrician in housing construction",
        "desired_occupation": "Electrician",
        "desired_development": "Swedish electrical safety rules and vocabulary; a route to authorisation",
        "adjustment_needs": "",
        "languages": [("Arabic", "native"), ("Swedish", "good")],
    },
    {
        "full_name": "Olena Kovalenko",
        "gender": "woman",
        "birth_year": 1979,
        "education": "University degree in accounting (Ukraine)",
        "experience": "Accountant for fifteen years",
        "desired_occupation": "Accounting assistant",
        "desired_development": "Swedish bookkeeping software and tax rules",
        "adjustment_needs": "",
        "languages": [("Ukrainian", "native"), ("Russian", "fluent"), ("English", "good"), ("Swedish", "basic")],
    },
    {
        "full_name": "Sam Lindqvist",
        "gender": "other",
        "birth_year": 2001,
        "education": "Upper secondary school, restaurant programme",
        "experience": "Summer jobs in a café",
        "desired_occupation": "Cook",
        "desired_development": "Work training after a long sick leave; regular hours",
        "adjustment_needs": "Part time at first; a quiet place for breaks",
        "languages": [("Swedish", "native"), ("English", "good")],
    },
    {
        "full_name": "Tesfay Gebremedhin",
        "gender": "man",
        "birth_year": 1996,
        "education": "Nine years of school; forklift licence course",
        "experience": "Warehouse work in Eritrea and Sweden",
        "desired_occupation": "Warehouse worker",
        "desired_development": "Forklift practice and Swedish at work",
        "adjustment_needs": "",
        "languages": [("Tigrinya", "native"), ("Swedish", "basic"), ("English", "basic")],
    },
]


DEMO_SLOTS = [
    {
        # The union supported it and the coordinator approved it, with a reason: open for matching.
        "status": SlotStatus.APPROVED,
        "statement": (ReviewDecision.CONSENT, "Good supervision and clear tasks."),
        "decision": "A supervisor with time for the participant, and no sign of a vacancy being filled. The union "
                    "supports it.",
        "placement_type": "work-placement",
        "title": "Butiksbiträde i livsmedelsbutik",
        "occupation": "Shop assistant",
        "tasks": "Fill shelves, check best-before dates, help customers find goods, work at the till with a colleague.",
        "goals": ["Serve customers in Swedish", "Handle goods and stock routines", "Use the till system"],
        "places": 2,
        "hours_per_week": 30,
        "schedule": "Monday to Friday, 9.00–15.00",
        "swedish_level": "basic",
        "other_languages": "Arabic, Somali",
        "step_free_access": True,
        "part_time_possible": True,
    },
    {
        "status": SlotStatus.AWAITING_REVIEW,
        "placement_type": "work-training",
        "title": "Lagerarbete med truckkörning",
        "occupation": "Warehouse worker",
        "tasks": "Receive deliveries, pick orders, keep the warehouse tidy; forklift driving with the supervisor.",
        "goals": ["Pick and pack orders safely", "Practise forklift driving", "Follow safety routines"],
        "places": 1,
        "hours_per_week": 40,
        "schedule": "Monday to Friday, 7.00–16.00",
        "swedish_level": "basic",
        "other_languages": "",
        "step_free_access": False,
        "part_time_possible": False,
    },
    {
        # The union objected: the coordinator has still to decide (the objection stops nothing by itself).
        "status": SlotStatus.AWAITING_DECISION,
        "statement": (ReviewDecision.OBJECT, "The store took on no summer staff this year: weekend shifts at the till "
                                             "may be work for a paid extra."),
        "placement_type": "work-placement",
        "title": "Kassa och kundservice på helger",
        "occupation": "Cashier",
        "tasks": "Work at the till with a colleague, answer customers' questions, keep the checkout area tidy.",
        "goals": ["Handle payments at the till", "Give service in Swedish"],
        "places": 1,
        "hours_per_week": 30,
        "schedule": "Thursday to Sunday, 10.00–17.30",
        "swedish_level": "good",
        "other_languages": "",
        "step_free_access": True,
        "part_time_possible": False,
    },
]


def load_demo_data(with_agreement=True):
    """Create what is missing; return how many records were created.

    The signed demo agreement renders and signs a PDF three times; tests that do not need it skip it.
    """
    organisation, created = _organisations()
    users, new_users = _accounts(organisation)
    created += new_users + _jobseekers(users) + _slots(organisation, users)
    db.session.commit()
    # One placement agreement signed by all three parties (prints its reference).
    if with_agreement:
        from .agreements.demo import load_demo_agreement

        load_demo_agreement()
        # A flagged check-in and a placement certificate (issue 15, parts 6 and 10; prints the reference).
        load_demo_check_in_and_certificate()
        # An agreement changed once (version 2 signed by all three) and one the coordinator signed on
        # the job-seeker's behalf (issue 15, parts 3 and 4; prints their references).
        from .agreements.demo_changes import load_demo_changes

        load_demo_changes()
    _welcome_notices(users)
    return created


def _welcome_notices(users):
    """Every demo account has an unread notice to show: the steps above told some (a slot sent for
    consultation, a statement given); the others get a welcome."""
    from flask_babel import gettext as _
    from sqlalchemy import exists

    from . import notices
    from .models import Notice

    for user in users.values():
        if not db.session.scalar(select(exists().where(Notice.user_id == user.id, Notice.read_at.is_(None)))):
            notices.notify(user, notices.WELCOME, mail=False, subject=lambda: _("Welcome to Praktikportalen"),
                           body="", link_endpoint="dashboard.index")
    db.session.commit()


def _organisations():
    created = 0
    organisation = _organisation_by_number(DEMO_ORGANISATION_NUMBER)
    if organisation is None:
        organisation = Organisation(
            organisation_number=DEMO_ORGANISATION_NUMBER,
            name="Exempelbolaget AB",
            workplace_address="Storgatan 1, 111 22 Stockholm",
            sector="retail",
            has_collective_agreement=True,
            contact_person="Eva Exempel",
            verified_at=utcnow(),
            # The demo employer has been through the guide, so that slots can be offered at once.
            guide_completed_at=utcnow(),
            guide_version="demo",
        )
        db.session.add(organisation)
        created += 1
    if _organisation_by_number(UNVERIFIED_ORGANISATION_NUMBER) is None:
        # Registered but not yet verified: something for the demo coordinator to do.
        db.session.add(Organisation(
            organisation_number=UNVERIFIED_ORGANISATION_NUMBER,
            name="Norrlagret AB",
            workplace_address="Industrivägen 4, 903 30 Umeå",
            sector="transport",
            has_collective_agreement=False,
            contact_person="Nils Norr",
        ))
        created += 1
    return organisation, created


def _organisation_by_number(number):
    return db.session.scalar(select(Organisation).where(Organisation.organisation_number == number))


def _accounts(organisation):
    accounts = [
        ("employer@example.com", Role.EMPLOYER, "Eva Exempel", organisation),
        ("union@example.com", Role.UNION, "Ulf Facklig", None),
        ("jobseeker@example.com", Role.JOBSEEKER, "Amina Hassan", None),
        ("coordinator@example.com", Role.COORDINATOR, "Cecilia Handläggare", None),
    ]
    users, created = {}, 0
    for email, role, name, org in accounts:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = new_user(email=email, password=DEMO_PASSWORD, role=role, full_name=name, organisation=org)
            if role == Role.UNION:
                set_scope(user, sectors=["retail"])  # covers Exempelbolaget AB's sector
            created += 1
        users[email] = user
    return users, created


def _jobseekers(users):
    created = 0
    for record in JOBSEEKERS:
        if db.session.scalar(select(JobSeeker.id).where(JobSeeker.full_name == record["full_name"])):
            continue
        fields = {key: value for key, value in record.items() if key not in ("languages", "email")}
        jobseeker = JobSeeker(**fields)
        jobseeker.languages = [JobSeekerLanguage(language=lang, level=level) for lang, level in record["languages"]]
        if "email" in record:
            jobseeker.user = users[record["email"]]
        db.session.add(jobseeker)
        created += 1
    return created


def _slots(organisation, users):
    """Demo slots: one the coordinator approved after the union's statement (open for matching), one in
    consultation, and one the union objected to, waiting for the coordinator's decision."""
    created = 0
    employer, union = users["employer@example.com"], users["union@example.com"]
    coordinator = users["coordinator@example.com"]
    start = date.today() + timedelta(days=14)
    for record in DEMO_SLOTS:
        exists = db.session.scalar(
            select(Slot.id).where(Slot.organisation_id == organisation.id, Slot.title == record["title"])
        )
        if exists:
            continue
        values = {key: value for key, value in record.items() if key not in ("status", "goals", "statement", "decision")}
        values.update(
            start_date=start, end_date=start + timedelta(weeks=12), workplace_address=organisation.workplace_address,
            supervisor_name="Sara Handledare", supervisor_role="Store manager", supervisor_phone="08-123 456 78",
            supervisor_email="sara@exempelbolaget.example", declares_no_reemployment_rights=True,
            declares_no_labour_dispute=True, declares_not_replacing_staff=True, declares_supervisor_time=True,
        )
        slot = workflow.create_slot(organisation, employer, values, record["goals"])
        workflow.submit_for_review(slot, employer)
        if "statement" in record:
            workflow.record_review(slot, union, *record["statement"])
        if "decision" in record:
            workflow.decide(slot, coordinator, DecisionOutcome.APPROVE, record["decision"])
        created += 1
    return created


# --- Demo statistics -------------------------------------------------------------------------------
# Two earlier rounds at Exempelbolaget AB that ran and were followed up, so that the follow-up
# statistics show figures: with the demo's few placements every cell would read "fewer than 5".
# Loaded by `flask demo-data` (and so `make run`), not by the tests' demo fixture.
STATISTICS_ROUNDS = [
    # (title, occupation, months before today that it ended)
    ("Butiksbiträde, vårens omgång", "Butiksbiträde", 5),
    ("Lagerarbetare, höstens omgång", "Lagerarbetare", 4),
]
STATISTICS_PEOPLE = (
    [("woman", name) for name in ("Sara Ali", "Lina Berg", "Fatima Noor", "Maria Lund", "Hawa Ahmed", "Elin Sjö",
                                   "Nour Haddad", "Ida Falk", "Yasmin Omar", "Karin Ek", "Leyla Demir", "Anna Holm")]
    + [("man", name) for name in ("Omar Said", "Erik Nyström", "Ali Hussein", "Johan Vik", "Mohamed Jama", "Per Ström",
                                   "Ahmad Karimi", "Nils Dahl", "Yusuf Abdi", "Lars Björk", "Samir Khalil")]
    + [("other", name) for name in ("Alex Lind", "Kim Nord", "Robin Ås", "Sam Rahimi", "Charlie Eng", "Noa Wik")]
)


# -- a flagged check-in and a placement certificate (issue 15, parts 6 and 10) ------------------------
DEMO_CHECK_IN_SLOT = "Lagerbiträde (halvvägs)"
DEMO_CERTIFICATE_SLOT = "Kassabiträde (avslutad)"


def load_demo_check_in_and_certificate(quiet=False):
    """A running placement whose check-in found tasks other than those agreed (flagged on the
    coordinator's and the union's dashboards), and a placement of the demo job-seeker that ended, with
    the employer's final report and the certificate she accepted (signed; prints its reference).
    Safe to run again: nothing is created twice."""
    from .certificates import issuing
    from .models import CheckIn, EmployerReport, GoalRating, Placement, PlacementStatus

    organisation = _organisation_by_number("5566778899")
    employer, union, coordinator, seeker = (db.session.scalar(select(User).where(User.email == email)) for email in (
        "employer@example.com", "union@example.com", "coordinator@example.com", "jobseeker@example.com"))
    today = date.today()

    def placement(title, person, start, end, tasks, goals):
        slot = db.session.scalar(select(Slot).where(Slot.organisation_id == organisation.id, Slot.title == title))
        if slot is None:
            values = {
                "placement_type": "work-placement", "title": title, "occupation": "Shop assistant", "tasks": tasks,
                "places": 1, "start_date": start, "end_date": end, "hours_per_week": 30,
                "schedule": "Monday to Friday, 9-15", "workplace_address": organisation.workplace_address,
                "supervisor_name": "Sara Handledare", "supervisor_role": "Store manager",
                "supervisor_phone": "08-123 456 78", "supervisor_email": "sara@exempelbolaget.example",
                "swedish_level": "basic", "declares_no_reemployment_rights": True, "declares_no_labour_dispute": True,
                "declares_not_replacing_staff": True, "declares_supervisor_time": True,
            }
            slot = workflow.create_slot(organisation, employer, values, goals)
            workflow.submit_for_review(slot, employer)
            workflow.record_review(slot, union, ReviewDecision.CONSENT, "Good supervision and clear tasks.")
            workflow.decide(slot, coordinator, DecisionOutcome.APPROVE, "The union supports it.")
            slot.places_filled = 1
            db.session.add(Placement(slot=slot, jobseeker=person, matched_by=coordinator, status=PlacementStatus.ACTIVE))
            db.session.flush()
        return db.session.scalar(select(Placement).where(Placement.slot_id == slot.id))

    karim = db.session.scalar(select(JobSeeker).where(JobSeeker.full_name == "Karim Haddad"))
    running = placement(DEMO_CHECK_IN_SLOT, karim, today - timedelta(weeks=3), today + timedelta(weeks=3),
                        "Receive goods, fill shelves, help customers.", ["Handle goods and stock routines"])
    if db.session.scalar(select(CheckIn.id).where(CheckIn.placement_id == running.id)) is None:
        db.session.add(CheckIn(
            placement=running, held_on=today - timedelta(days=1), recorded_by=coordinator, attendance="full",
            tasks_as_agreed=False, supervisor_present=True, replaces_staff=False,
            participant_view="I mostly cover the evening shifts alone in the stockroom.",
            note="Tasks differ from the agreement: talk to the employer and the union."))
    ended = placement(DEMO_CERTIFICATE_SLOT, seeker.jobseeker, today - timedelta(weeks=10), today - timedelta(days=5),
                      "Work at the till, serve customers, fill shelves.",
                      ["Serve customers in Swedish", "Use the till system"])
    if issuing.submitted_report(ended) is None:
        report = EmployerReport(placement_id=ended.id, author_id=employer.id, attendance_percent=95,
                                tasks_done="Worked at the till with a colleague, served customers and filled shelves.",
                                went_well="Always on time, friendly with customers.",
                                could_develop="Swedish on the telephone.", employment_offered="hourly",
                                would_take_again=True,
                                certificate_reference="Amina was reliable, learned the till quickly and was kind "
                                                      "to our customers. We recommend her warmly.",
                                submitted_at=utcnow())
        report.goal_ratings = [GoalRating(learning_goal_id=goal.id, rating=4) for goal in ended.slot.learning_goals]
        db.session.add(report)
    db.session.commit()
    certificate, _new = issuing.issue(ended, seeker, "sv")
    if not quiet:
        print(f"Demo check-in flagged (tasks differ): placement {running.id}, {DEMO_CHECK_IN_SLOT}")
        print(f"Demo placement certificate: {certificate.reference}")
    return certificate


def load_demo_statistics(today=None):
    """Ended placements with final reports, participants' feedback and follow-ups, across genders.

    Idempotent like the rest (a round's slot is looked up by its title). Every fourth placement
    ended early; most answered; three of four are in work or studies at the follow-up. Returns how
    many placements were created.
    """
    from .models import (EmployerReport, EndReason, FollowUp, JobSeekerFeedback, Outcome, Placement,
                         PlacementStatus)

    today = today or date.today()
    organisation = _organisation_by_number(DEMO_ORGANISATION_NUMBER)
    employer = db.session.scalar(select(User).where(User.email == "employer@example.com"))
    union = db.session.scalar(select(User).where(User.email == "union@example.com"))
    coordinator = db.session.scalar(select(User).where(User.email == "coordinator@example.com"))
    if None in (organisation, employer, union, coordinator):
        raise RuntimeError("load the demo data first (load_demo_data)")
    created = 0
    people = iter(enumerate(STATISTICS_PEOPLE))
    per_round = -(-len(STATISTICS_PEOPLE) // len(STATISTICS_ROUNDS))
    for title, occupation, months_ago in STATISTICS_ROUNDS:
        if db.session.scalar(select(Slot.id).where(Slot.organisation_id == organisation.id, Slot.title == title)):
            continue
        end = today - timedelta(days=30 * months_ago)
        start = end - timedelta(weeks=12)
        values = {
            "placement_type": "work-placement", "title": title, "occupation": occupation,
            "tasks": "Arbetsuppgifter som i yrket, med handledare.", "places": per_round, "start_date": start,
            "end_date": end, "hours_per_week": 30, "schedule": "Måndag–fredag 9–15",
            "workplace_address": organisation.workplace_address, "supervisor_name": "Sara Handledare",
            "supervisor_role": "Store manager", "supervisor_phone": "08-123 456 78",
            "supervisor_email": "sara@exempelbolaget.example", "swedish_level": "basic",
            "declares_no_reemployment_rights": True, "declares_no_labour_dispute": True,
            "declares_not_replacing_staff": True, "declares_supervisor_time": True,
        }
        slot = workflow.create_slot(organisation, employer, values, ["Arbeta självständigt", "Tala svenska med kunder"])
        workflow.submit_for_review(slot, employer)
        workflow.record_review(slot, union, ReviewDecision.CONSENT, "")
        workflow.decide(slot, coordinator, DecisionOutcome.APPROVE, "Facket tillstyrkte; inga hinder.")
        for _ in range(per_round):
            number, (gender, name) = next(people, (None, (None, None)))
            if number is None:
                break
            person = JobSeeker(full_name=name, gender=gender, birth_year=1975 + number % 25,
                               desired_occupation=occupation)
            person.languages = [JobSeekerLanguage(language="Svenska", level="good")]
            early = number % 4 == 3
            placement = Placement(slot=slot, jobseeker=person, matched_by=coordinator, status=PlacementStatus.ACTIVE)
            if early:
                placement.status = PlacementStatus.ENDED
                placement.ended_on = end - timedelta(days=20 + number)
                placement.end_reason = (EndReason.GOT_JOB, EndReason.ILLNESS, EndReason.STUDIES)[number % 3]
                placement.ended_by = coordinator
            db.session.add(placement)
            slot.places_filled += 1
            submitted = utcnow() - timedelta(days=30 * months_ago - 7)
            if number % 7 != 6:  # most employers answered
                db.session.add(EmployerReport(
                    placement=placement, author=employer, attendance_percent=80 + number % 20,
                    tasks_done="Det som stod i överenskommelsen.", went_well="Punktlig och nyfiken.",
                    could_develop="Mer svenska i kassan.",
                    employment_offered=("hourly", "none", "fixed-term", "none", "permanent")[number % 5],
                    would_take_again=True, submitted_at=submitted,
                ))
            if number % 5 != 4:  # most participants answered
                db.session.add(JobSeekerFeedback(
                    placement=placement, supervision_rating=3 + number % 3, learning_rating=2 + number % 4,
                    treatment_rating=4 + number % 2, purpose_met=("yes", "partly", "yes")[number % 3],
                    job_outcome=("none", "offered", "got-job")[number % 3], submitted_at=submitted,
                ))
            db.session.add(FollowUp(
                placement=placement, recorded_by=coordinator, recorded_at=submitted + timedelta(days=95),
                outcome=(Outcome.IN_WORK, Outcome.STUDIES, Outcome.IN_WORK, Outcome.SEEKING)[number % 4],
            ))
            created += 1
    db.session.commit()
    return created
