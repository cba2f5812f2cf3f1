"""Benchmark volume, second half: placements, how they ended, feedback, follow-ups, a few agreements."""
import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from dateutil.relativedelta import relativedelta
from sqlalchemy import bindparam, update

from portal.extensions import db
from portal.models import (
    Agreement,
    AgreementVersion,
    EmployerReport,
    EmploymentOffer,
    EndReason,
    FollowUp,
    GoalRating,
    JobSeeker,
    JobSeekerFeedback,
    Outcome,
    Placement,
    PlacementStatus,
    Role,
    SlotStatus,
    User,
)
from . import content as c
from .seed import DOMAIN, weighted

# Agreements for the load test are not rendered (that is timed on its own): this stands in for the PDF.
PLACEHOLDER_PDF = b"%PDF-1.7\n% benchmark placeholder: not rendered\n%%EOF\n"


@dataclass
class Made:
    id: int
    slot_id: int
    jobseeker_id: int
    status: str
    ended_on: Optional[date]
    start: date
    end: date
    organisation_id: int


def fate(s, start, end):
    """A placement's status, early end date and reason, given its slot's period."""
    rng, today = s.rng, s.today
    if start > today:
        return weighted(rng, {PlacementStatus.MATCHED: 70, PlacementStatus.ACTIVE: 30}), None, ""
    if end < today:
        status = weighted(rng, {PlacementStatus.ACTIVE: 80, PlacementStatus.ENDED: 13, PlacementStatus.CANCELLED: 5,
                                PlacementStatus.MATCHED: 2})
    else:
        status = weighted(rng, {PlacementStatus.ACTIVE: 85, PlacementStatus.ENDED: 8, PlacementStatus.MATCHED: 5,
                                PlacementStatus.CANCELLED: 2})
    latest = min(end - timedelta(days=1), today - timedelta(days=1))
    if status != PlacementStatus.ENDED:
        return status, None, ""
    if latest < start:
        return PlacementStatus.ACTIVE, None, ""
    reason = weighted(rng, {EndReason.GOT_JOB: 25, EndReason.STUDIES: 10, EndReason.ILLNESS: 20,
                            EndReason.NOT_WORKING: 20, EndReason.WORKPLACE: 10, EndReason.OTHER: 15})
    return status, start + timedelta(days=rng.randint(0, (latest - start).days)), reason


def seed_placements(s):
    """Spread the placements over the approved slots; the slots' places follow from them."""
    rng, today = s.rng, s.today
    consented = [slot_id for slot_id, value in s.slots.items() if value[0] == SlotStatus.APPROVED]
    weights = [rng.choice((1, 2, 3, 4, 6, 8)) * (0.4 if s.slots[slot_id][1] > today else 1.0) for slot_id in consented]
    per_slot = Counter(rng.choices(consented, weights=weights, k=s.volume.placements)) if consented else Counter()
    rows = []
    for slot_id in consented:
        _status, start, end, org_id, _goals = s.slots[slot_id]
        employer_id = s.organisations[org_id][2]
        people = rng.sample(range(1, s.jobseeker_count + 1), min(per_slot[slot_id], s.jobseeker_count))
        for person in people:
            status, ended_on, reason = fate(s, start, end)
            rows.append({
                "slot_id": slot_id, "jobseeker_id": person, "matched_by_id": rng.choice(s.coordinators),
                "matched_at": s.at(min(start - timedelta(days=rng.randint(5, 40)), today)), "status": status,
                "match_score": rng.randint(25, 95), "ended_on": ended_on, "end_reason": reason,
                "end_note": rng.choice(c.END_NOTES) if ended_on else "",
                "ended_by_id": (employer_id if rng.random() < 0.5 else rng.choice(s.coordinators)) if ended_on else None,
            })
        row = s.slot_rows[slot_id - 1]
        extra = rng.choice((0, 1, 1, 2, 3)) if end >= today else rng.choice((0, 0, 1))
        row["places_filled"], row["places"] = len(people), max(1, len(people) + extra)
    for row in s.slot_rows:
        if row["status"] != SlotStatus.APPROVED:
            row["places"] = rng.randint(1, 3)
    s.flush_slots()
    rows.sort(key=lambda row: row["matched_at"])  # ids in the order the matches were made
    made = []
    for placement_id, row in enumerate(rows, start=1):
        row["id"] = placement_id
        _status, start, end, org_id, _goals = s.slots[row["slot_id"]]
        made.append(Made(placement_id, row["slot_id"], row["jobseeker_id"], row["status"], row["ended_on"], start,
                         end, org_id))
    s.insert(Placement, rows)
    return made


def seed_outcomes(s, placements):
    """Final reports with goal ratings, job-seekers' feedback and follow-ups for the ended placements."""
    rng, today = s.rng, s.today
    reports, ratings, feedback, follow_ups = [], [], [], []
    for p in placements:
        ended = p.status == PlacementStatus.ENDED or (p.status == PlacementStatus.ACTIVE and p.end < today)
        if not ended:
            continue
        end_day = p.ended_on or p.end
        if rng.random() < 0.75:
            submitted = rng.random() < 0.9
            offer = (EmploymentOffer.ELSEWHERE if p.ended_on and rng.random() < 0.5 else
                     weighted(rng, {EmploymentOffer.NONE: 70, EmploymentOffer.HOURLY: 10,
                                    EmploymentOffer.FIXED_TERM: 8, EmploymentOffer.PERMANENT: 4,
                                    EmploymentOffer.ELSEWHERE: 8}))
            report_id = len(reports) + 1
            reports.append({
                "id": report_id, "placement_id": p.id, "author_id": s.organisations[p.organisation_id][2],
                "attendance_percent": rng.choice((60, 75, 80, 85, 90, 95, 95, 100, 100)),
                "tasks_done": "The planned tasks, with support at first.", "went_well": rng.choice(c.WENT_WELL),
                "could_develop": rng.choice(c.COULD_DEVELOP), "employment_offered": offer if submitted else "",
                "would_take_again": rng.random() < 0.85 if submitted else None,
                "updated_at": s.at(end_day + timedelta(days=rng.randint(1, 40))),
                "submitted_at": s.at(end_day + timedelta(days=rng.randint(1, 40))) if submitted else None,
            })
            for goal_id in s.slots[p.slot_id][4]:
                ratings.append({"id": len(ratings) + 1, "report_id": report_id, "learning_goal_id": goal_id,
                                "rating": weighted(rng, {1: 5, 2: 20, 3: 45, 4: 30})})
        if rng.random() < 0.6:
            submitted = rng.random() < 0.85
            scale = {1: 3, 2: 7, 3: 25, 4: 40, 5: 25}
            feedback.append({
                "id": len(feedback) + 1, "placement_id": p.id, "supervision_rating": weighted(rng, scale),
                "learning_rating": weighted(rng, scale), "treatment_rating": weighted(rng, scale),
                "purpose_met": weighted(rng, {"yes": 55, "partly": 35, "no": 10}),
                "job_outcome": weighted(rng, {"none": 75, "offered": 15, "got-job": 10}),
                "learned": rng.choice(c.LEARNED), "free_text": rng.choice(c.FREE_TEXT),
                "updated_at": s.at(end_day + timedelta(days=rng.randint(1, 30))),
                "submitted_at": s.at(end_day + timedelta(days=rng.randint(1, 30))) if submitted else None,
            })
        due = end_day + relativedelta(months=3)
        if due <= today and rng.random() < 0.65:
            follow_ups.append({
                "id": len(follow_ups) + 1, "placement_id": p.id,
                "outcome": weighted(rng, {Outcome.IN_WORK: 30, Outcome.STUDIES: 12, Outcome.SEEKING: 45,
                                          Outcome.UNKNOWN: 13}),
                "recorded_by_id": rng.choice(s.coordinators),
                "recorded_at": s.at(due + timedelta(days=rng.randint(0, 30))),
            })
    s.insert(EmployerReport, reports)
    s.insert(GoalRating, ratings)
    s.insert(JobSeekerFeedback, feedback)
    s.insert(FollowUp, follow_ups)


def seed_agreements(s, placements):
    """Accounts for a few matched job-seekers, each with the agreement of their placement (not signed)."""
    from portal.agreements.drafting import terms_for
    from portal.agreements.events import EventKind, append_event, canonical_json

    chosen, seen = [], set()
    for p in reversed(placements):  # the newest matches first
        if p.status == PlacementStatus.MATCHED and p.jobseeker_id not in seen:
            chosen.append(p)
            seen.add(p.jobseeker_id)
            if len(chosen) == s.volume.logins:
                break
    users, links = [], []
    for number, p in enumerate(chosen, start=1):
        name = s.jobseeker_names[p.jobseeker_id - 1]
        users.append(s.user(s.next_user_id, f"jobseeker{number}@{DOMAIN}", Role.JOBSEEKER, name))
        links.append({"person": p.jobseeker_id, "account": s.next_user_id})
        s.next_user_id += 1
    s.insert(User, users)
    if links:
        table = JobSeeker.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("person")).values(user_id=bindparam("account")), links
        )
    coordinator = db.session.get(User, s.coordinators[0])
    for number, p in enumerate(chosen, start=1):
        placement = db.session.get(Placement, p.id)
        terms_json = canonical_json(terms_for(placement, coordinator))
        agreement = Agreement(reference=f"PA-BENCH-{number:04d}", placement=placement, created_by=coordinator)
        db.session.add(agreement)
        db.session.flush()
        version = AgreementVersion(
            agreement=agreement, number=1, language="sv", terms_json=terms_json,
            terms_sha256=hashlib.sha256(terms_json.encode()).hexdigest(), pdf=PLACEHOLDER_PDF,
            pdf_sha256=hashlib.sha256(PLACEHOLDER_PDF).hexdigest(), created_by=coordinator,
        )
        db.session.add(version)
        append_event(agreement, EventKind.DRAFTED, actor=coordinator, version=version,
                     details={"pdf_sha256": version.pdf_sha256, "terms_sha256": version.terms_sha256,
                              "language": "sv"})
    s.counts["agreements"] = len(chosen)
