"""What the data is. One module per area; import models from here."""
from .accounts import LoginAttempt, Role, User
from .jobseekers import Gender, JobSeeker, JobSeekerLanguage
from .organisations import SECTORS, Organisation

__all__ = [
    "Gender",
    "JobSeeker",
    "JobSeekerLanguage",
    "LoginAttempt",
    "Organisation",
    "Role",
    "SECTORS",
    "User",
]
