"""Benchmark volume, generated: `flask --app portal seed-bench` (see bench/volume/cli.py).

Fills an empty database with organisations, their employers, union representatives and their
scopes, coordinators, job-seekers with languages, slots with learning goals, status history and
union statements, and placements over several years with early endings, final reports with goal
ratings, job-seekers' feedback and three-month follow-ups (bench/volume/outcomes.py).

Everything goes in with SQLAlchemy Core `insert()` executemany in batches, with ids chosen here
so that rows can refer to each other without reading anything back. Agreements are drafted only
for the job-seekers the load test logs in with, with a placeholder instead of a rendered PDF.
Every account has the password BENCH_PASSWORD, hashed once.
"""
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, insert, select, text

from portal.extensions import db
from portal.models import (
    JobSeeker,
    JobSeekerLanguage,
    LearningGoal,
    Organisation,
    Placement,
    PlacementFact,
    PlacementType,
    ReviewDecision,
    Role,
    Slot,
    SlotStatus,
    SlotStatusChange,
    UnionReview,
    UnionScope,
    User,
)
from portal.models.slots import ConsultationDecision, DecisionOutcome
from portal.organisations.numbers import luhn_check_digit
from portal.security import hash_password, new_session_token
from . import content as c

BATCH = 5000
BENCH_PASSWORD = "praktik-bench-2026"
DOMAIN = "bench.example"
YEARS_BACK = 4


class SeedError(ValueError):
    pass


@dataclass
class Volume:
    organisations: int = 2000
    slots: int = 20000
    placements: int = 100000
    jobseekers: int = 50000
    logins: int = 20  # accounts per role that the load test logs in with


def weighted(rng, weights):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class Seeder:
    def __init__(self, volume, today=None, seed=2026):
        self.volume = volume
        self.today = today or date.today()
        self.now = datetime.now(timezone.utc)
        self.rng = random.Random(seed)
        self.password_hash = hash_password(BENCH_PASSWORD)
        self.counts = {}

    # -- helpers -------------------------------------------------------------------------------
    def insert(self, model, rows):
        table = model.__table__
        for start in range(0, len(rows), BATCH):
            db.session.execute(insert(table), rows[start:start + BATCH])
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)

    def at(self, day):
        """A working-hours moment on `day`, in UTC, never in the future."""
        moment = datetime.combine(day, time(self.rng.randint(7, 15), self.rng.randint(0, 59)), tzinfo=timezone.utc)
        return min(moment, self.now - timedelta(minutes=self.rng.randint(1, 600)))

    def name(self, gender=None):
        gender = gender or self.rng.choice(("woman", "man"))
        return f"{self.rng.choice(c.GIVEN_NAMES[gender])} {self.rng.choice(c.SURNAMES)}"

    def user(self, user_id, email, role, full_name, organisation_id=None, created=None):
        return {
            "id": user_id, "email": email, "password_hash": self.password_hash, "role": role,
            "full_name": full_name, "session_token": new_session_token(), "organisation_id": organisation_id,
            "created_at": self.at(created or self.today - timedelta(days=YEARS_BACK * 366)),
        }

    # -- the whole run -------------------------------------------------------------------------
    def run(self):
        from .outcomes import seed_agreements, seed_outcomes, seed_placements

        for model in (User, Organisation, JobSeeker, Slot, Placement):
            if db.session.scalar(select(func.count()).select_from(model)):
                raise SeedError(f"the database is not empty ({model.__tablename__} has rows): seed an empty one")
        self.seed_staff()
        self.seed_organisations()
        self.seed_jobseekers()
        self.seed_slots()
        placements = seed_placements(self)
        seed_outcomes(self, placements)
        seed_agreements(self, placements)
        self.reset_sequences()
        db.session.commit()  # which writes the placement facts (portal/data_version.py sees the inserts above)
        self.counts["placement_facts"] = db.session.scalar(select(func.count()).select_from(PlacementFact))
        return self.counts

    def reset_sequences(self):
        """PostgreSQL: move each id sequence past the ids given here, so the app's own inserts work."""
        if db.engine.dialect.name != "postgresql":
            return
        for table in db.metadata.sorted_tables:
            if "id" in table.c and self.counts.get(table.name):
                db.session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), (SELECT max(id) FROM {table.name}))"
                ))

    # -- accounts, organisations, scopes -------------------------------------------------------
    def seed_staff(self):
        logins = max(1, self.volume.logins)
        rows = []
        self.coordinators = list(range(1, logins + 1))
        for number, user_id in enumerate(self.coordinators, start=1):
            rows.append(self.user(user_id, f"coordinator{number}@{DOMAIN}", Role.COORDINATOR, self.name()))
        first = len(rows) + 1
        self.unions = list(range(first, first + max(logins, len(c.SECTOR_WEIGHTS))))
        for number, user_id in enumerate(self.unions, start=1):
            rows.append(self.user(user_id, f"union{number}@{DOMAIN}", Role.UNION, self.name()))
        self.insert(User, rows)
        self.next_user_id = len(rows) + 1

    def seed_organisations(self):
        rng, rows, users = self.rng, [], []
        self.organisations = {}  # id -> (sector, address, employer user id, verified)
        for org_id in range(1, self.volume.organisations + 1):
            sector = weighted(rng, c.SECTOR_WEIGHTS)
            # The 40… range: group 4 is no Swedish legal form, so these numbers belong to nobody.
            digits = f"402{org_id:06d}"
            digits += str(luhn_check_digit(digits))
            trade = rng.choice(c.TRADES[sector])
            form = "" if sector == "public-administration" else " " + rng.choice(c.COMPANY_FORMS)
            postcode, city = rng.choice(c.CITIES)
            address = f"{rng.choice(c.STREETS)} {rng.randint(1, 99)}, {postcode} {city}"
            created = self.today - timedelta(days=rng.randint(120, YEARS_BACK * 366 + 200))
            verified = rng.random() < 0.95
            contact = self.name()
            employer_id = self.next_user_id
            self.next_user_id += 1
            rows.append({
                "id": org_id, "organisation_number": digits, "name": f"{rng.choice(c.PLACES)} {trade}{form}",
                "workplace_address": address, "sector": sector, "has_collective_agreement": rng.random() < 0.7,
                "contact_person": contact, "created_at": self.at(created),
                "verified_at": self.at(created + timedelta(days=rng.randint(1, 10))) if verified else None,
                "verified_by_id": rng.choice(self.coordinators) if verified else None,
                "guide_completed_at": self.at(created + timedelta(days=rng.randint(1, 20))) if verified else None,
                "guide_version": "bench" if verified else None,
            })
            users.append(self.user(employer_id, f"employer{org_id}@{DOMAIN}", Role.EMPLOYER, contact, org_id, created))
            self.organisations[org_id] = (sector, address, employer_id, verified)
        self.insert(Organisation, rows)
        self.insert(User, users)
        self.seed_scopes()

    def seed_scopes(self):
        """Each representative covers one sector (two per sector at least) and a couple of organisations."""
        sectors = list(c.SECTOR_WEIGHTS)
        self.union_sectors = {}
        rows, scope_id = [], 1
        for index, user_id in enumerate(self.unions):
            sector = sectors[index % len(sectors)]
            self.union_sectors.setdefault(sector, []).append(user_id)
            rows.append({"id": scope_id, "user_id": user_id, "organisation_id": None, "sector": sector})
            scope_id += 1
            for org_id in self.rng.sample(sorted(self.organisations), min(2, len(self.organisations))):
                rows.append({"id": scope_id, "user_id": user_id, "organisation_id": org_id, "sector": None})
                scope_id += 1
        self.insert(UnionScope, rows)

    # -- job-seekers ---------------------------------------------------------------------------
    def seed_jobseekers(self):
        rng, rows, languages = self.rng, [], []
        occupations = [entry[1] for entries in c.OCCUPATIONS.values() for entry in entries]
        occupations += ["Electrician", "Accounting assistant", "Cook", "Bus driver"]
        self.jobseeker_count = self.volume.jobseekers
        for person_id in range(1, self.jobseeker_count + 1):
            gender = weighted(rng, {"woman": 47, "man": 47, "other": 6})
            rows.append({
                "id": person_id, "full_name": self.name(gender if gender != "other" else "other"), "gender": gender,
                "birth_year": rng.randint(1960, self.today.year - 18), "education": rng.choice(c.EDUCATION),
                "experience": rng.choice(c.EXPERIENCE), "desired_occupation": rng.choice(occupations),
                "desired_development": rng.choice(c.DEVELOPMENT),
                "adjustment_needs": rng.choice(["", "", "", "", "Part time at first", "A quiet place for breaks"]),
                "needs_step_free_access": rng.random() < 0.05, "needs_part_time": rng.random() < 0.15,
                "user_id": None, "created_at": self.at(self.today - timedelta(days=rng.randint(30, YEARS_BACK * 366))),
            })
            swedish = weighted(rng, {"": 10, "basic": 35, "good": 30, "fluent": 15, "native": 10})
            spoken = rng.sample(c.OTHER_LANGUAGES, rng.randint(0, 2))
            if swedish:
                spoken.append("Swedish")
            for index, language in enumerate(spoken):
                level = swedish if language == "Swedish" else ("native" if index == 0 else rng.choice(("basic", "good")))
                languages.append({"id": len(languages) + 1, "jobseeker_id": person_id, "language": language,
                                  "level": level})
        self.jobseeker_names = [row["full_name"] for row in rows]
        self.insert(JobSeeker, rows)
        self.insert(JobSeekerLanguage, languages)

    # -- slots -----------------------------------------------------------------------------------
    def slot_status(self, start):
        if start > self.today:
            return weighted(self.rng, {SlotStatus.APPROVED: 60, SlotStatus.AWAITING_REVIEW: 15,
                                       SlotStatus.AWAITING_DECISION: 5, SlotStatus.DRAFT: 12, SlotStatus.REFUSED: 5,
                                       SlotStatus.WITHDRAWN: 3})
        return weighted(self.rng, {SlotStatus.APPROVED: 90, SlotStatus.WITHDRAWN: 4, SlotStatus.REFUSED: 3,
                                   SlotStatus.DRAFT: 3})

    def seed_slots(self):
        rng = self.rng
        verified = [org_id for org_id, value in self.organisations.items() if value[3]] or list(self.organisations)
        # A few organisations take many placements, most take a few (a long tail).
        popularity = [min(rng.paretovariate(1.5), 40.0) for _ in verified]
        first_day = self.today - timedelta(days=YEARS_BACK * 365)
        span = (self.today + timedelta(days=90) - first_day).days
        rows, goals, changes, reviews, decisions = [], [], [], [], []
        self.slots = {}  # id -> (status, start, end, organisation id, [goal ids])
        for slot_id, org_id in enumerate(rng.choices(verified, weights=popularity, k=self.volume.slots), start=1):
            sector, address, employer_id, _verified = self.organisations[org_id]
            title, occupation, tasks, goal_texts = rng.choice(c.OCCUPATIONS[sector])
            start = first_day + timedelta(days=rng.randint(0, span))
            end = start + timedelta(days=7 * rng.choice((4, 6, 8, 10, 12, 12, 13, 16, 20, 24)) - 1)
            status = self.slot_status(start)
            created = start - timedelta(days=rng.randint(20, 90))
            declared = status != SlotStatus.DRAFT
            row = {
                "id": slot_id, "organisation_id": org_id, "created_by_id": employer_id, "status": status,
                "placement_type": weighted(rng, {PlacementType.WORK_PLACEMENT: 55, PlacementType.WORK_TRAINING: 25,
                                                 PlacementType.LANGUAGE_PLACEMENT: 20}),
                "title": title, "occupation": occupation, "tasks": tasks, "places": 1, "places_filled": 0,
                "start_date": start, "end_date": end, "hours_per_week": rng.choice((20, 25, 30, 32, 35, 40, 40, 40)),
                "schedule": rng.choice(c.SCHEDULES), "workplace_address": address,
                "supervisor_name": self.name(), "supervisor_role": "Supervisor",
                "supervisor_phone": f"070-{rng.randint(100, 999)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                "supervisor_email": f"supervisor{slot_id}@{DOMAIN}",
                "swedish_level": weighted(rng, {"none": 30, "basic": 35, "good": 25, "fluent": 10}),
                "other_languages": rng.choice(("", "", "Arabic", "English", "Somali, Tigrinya", "Polish")),
                "step_free_access": rng.random() < 0.5, "part_time_possible": rng.random() < 0.4,
                "accessibility_notes": "",
                "declares_no_reemployment_rights": declared, "declares_no_labour_dispute": declared,
                "declares_not_replacing_staff": declared, "declares_supervisor_time": declared,
                "declared_at": self.at(created + timedelta(days=1)) if declared else None,
                "consultation_due_on": created + timedelta(days=4 + 7) if declared else None,
                "employer_response": "", "created_at": self.at(created), "updated_at": self.at(created + timedelta(days=2)),
            }
            rows.append(row)
            goal_ids = []
            for position, goal in enumerate(goal_texts):
                goal_ids.append(len(goals) + 1)
                goals.append({"id": len(goals) + 1, "slot_id": slot_id, "position": position, "text": goal})
            self.history(slot_id, status, employer_id, sector, created, changes, reviews, decisions)
            self.slots[slot_id] = (status, start, end, org_id, goal_ids)
        self.slot_rows = rows
        self.pending = [(LearningGoal, goals), (SlotStatusChange, changes), (UnionReview, reviews),
                        (ConsultationDecision, decisions)]

    def history(self, slot_id, status, employer_id, sector, created, changes, reviews, decisions):
        """The status changes that led to `status`: the union's statement when there is one, and the
        coordinator's decision after it (approved, or refused after an objection)."""
        steps = [(None, SlotStatus.DRAFT, employer_id, "")]
        if status != SlotStatus.DRAFT:
            steps.append((SlotStatus.DRAFT, SlotStatus.AWAITING_REVIEW, employer_id, ""))
        if status in (SlotStatus.AWAITING_DECISION, SlotStatus.APPROVED, SlotStatus.REFUSED, SlotStatus.WITHDRAWN):
            reviewer = self.rng.choice(self.union_sectors.get(sector) or self.unions)
            objected = status == SlotStatus.REFUSED or (status == SlotStatus.AWAITING_DECISION and self.rng.random() < 0.5)
            reason = self.rng.choice(c.OBJECTION_REASONS) if objected else ""
            steps.append((SlotStatus.AWAITING_REVIEW, SlotStatus.AWAITING_DECISION, reviewer, reason))
            review_id = len(reviews) + 1
            reviews.append({
                "id": review_id, "slot_id": slot_id, "reviewer_id": reviewer,
                "decision": ReviewDecision.OBJECT if objected else ReviewDecision.CONSENT, "reason": reason,
                "decided_at": self.at(created + timedelta(days=len(steps) + 3)), "slot_revision": 1,
            })
            if status != SlotStatus.AWAITING_DECISION:
                decided = SlotStatus.REFUSED if status == SlotStatus.REFUSED else SlotStatus.APPROVED
                coordinator = self.rng.choice(self.coordinators)
                why = "Agrees with the union's objection." if objected else "The union supports it; a supervisor with time."
                steps.append((SlotStatus.AWAITING_DECISION, decided, coordinator, why))
                decisions.append({
                    "id": len(decisions) + 1, "slot_id": slot_id, "slot_revision": 1,
                    "outcome": DecisionOutcome.REFUSE if objected else DecisionOutcome.APPROVE, "reason": why,
                    "decided_by_id": coordinator, "decided_at": self.at(created + timedelta(days=len(steps) * 3)),
                    "review_id": review_id, "consultation_due_on": created + timedelta(days=4 + 7),
                })
        if status == SlotStatus.WITHDRAWN:
            steps.append((SlotStatus.APPROVED, SlotStatus.WITHDRAWN, employer_id, ""))
        for day, (before, after, who, note) in enumerate(steps):
            changes.append({
                "id": len(changes) + 1, "slot_id": slot_id, "from_status": before, "to_status": after,
                "changed_by_id": who, "changed_at": self.at(created + timedelta(days=day * 3)), "note": note,
                "changed_terms": "",
            })

    def flush_slots(self):
        """Slots go in once the placements have set their places; then what refers to them."""
        self.insert(Slot, self.slot_rows)
        for model, rows in self.pending:
            self.insert(model, rows)
