"""Demo data: one verified employer organisation, one account per role, and a few job-seekers.

Idempotent: records are looked up by a natural key (e-mail, organisation number, name)
before they are created.
"""
from sqlalchemy import select

from .accounts.users import new_user
from .extensions import db
from .models import JobSeeker, JobSeekerLanguage, Organisation, Role, User
from .models.base import utcnow

DEMO_PASSWORD = "praktik-demo-2026"
DEMO_ORGANISATION_NUMBER = "5566778899"  # a valid Luhn number, not a real company

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


def load_demo_data():
    """Create what is missing; return how many records were created."""
    created = 0
    organisation = db.session.scalar(
        select(Organisation).where(Organisation.organisation_number == DEMO_ORGANISATION_NUMBER)
    )
    if organisation is None:
        organisation = Organisation(
            organisation_number=DEMO_ORGANISATION_NUMBER,
            name="Exempelbolaget AB",
            workplace_address="Storgatan 1, 111 22 Stockholm",
            sector="retail",
            has_collective_agreement=True,
            contact_person="Eva Exempel",
            verified_at=utcnow(),
        )
        db.session.add(organisation)
        created += 1

    accounts = [
        ("employer@example.com", Role.EMPLOYER, "Eva Exempel", organisation),
        ("union@example.com", Role.UNION, "Ulf Facklig", None),
        ("jobseeker@example.com", Role.JOBSEEKER, "Amina Hassan", None),
        ("coordinator@example.com", Role.COORDINATOR, "Cecilia Handläggare", None),
    ]
    users = {}
    for email, role, name, org in accounts:
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = new_user(email=email, password=DEMO_PASSWORD, role=role, full_name=name, organisation=org)
            created += 1
        users[email] = user

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

    db.session.commit()
    return created
