"""What the data is. One module per area; import models from here."""
from .accounts import LoginAttempt, Role, User
from .agreements import (
    AGREEMENT_STATUS_LABELS,
    SIGNER_ROLE_LABELS,
    Agreement,
    AgreementEvent,
    AgreementSignature,
    AgreementStatus,
    AgreementVersion,
    SignerRole,
    VersionStatus,
)
from .guide import GuideMessage, UnansweredQuestion
from .jobseekers import Gender, JobSeeker, JobSeekerLanguage
from .organisations import SECTORS, Organisation
from .placements import Placement, PlacementStatus
from .slots import (
    LANGUAGE_LEVEL_LABELS,
    LANGUAGE_LEVELS,
    PLACEMENT_TYPE_LABELS,
    SLOT_STATUS_LABELS,
    LearningGoal,
    PlacementType,
    ReviewDecision,
    Slot,
    SlotStatus,
    SlotStatusChange,
    UnionReview,
    UnionScope,
)

__all__ = [
    "AGREEMENT_STATUS_LABELS",
    "Agreement",
    "AgreementEvent",
    "AgreementSignature",
    "AgreementStatus",
    "AgreementVersion",
    "SIGNER_ROLE_LABELS",
    "SignerRole",
    "VersionStatus",
    "LANGUAGE_LEVELS",
    "LANGUAGE_LEVEL_LABELS",
    "LearningGoal",
    "PLACEMENT_TYPE_LABELS",
    "Placement",
    "PlacementStatus",
    "PlacementType",
    "ReviewDecision",
    "SLOT_STATUS_LABELS",
    "Slot",
    "SlotStatus",
    "SlotStatusChange",
    "UnionReview",
    "UnionScope",
    "GuideMessage",
    "UnansweredQuestion",
    "Gender",
    "JobSeeker",
    "JobSeekerLanguage",
    "LoginAttempt",
    "Organisation",
    "Role",
    "SECTORS",
    "User",
]
