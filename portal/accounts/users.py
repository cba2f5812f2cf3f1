"""Creating accounts, for the registration form and the command line alike."""
from sqlalchemy import func, select

from ..extensions import db
from ..models import Role, User
from ..security import hash_password, new_session_token
from .throttle import normalise_email


class AccountError(ValueError):
    pass


def email_taken(email):
    return db.session.scalar(select(func.count(User.id)).where(User.email == normalise_email(email))) > 0


def new_user(*, email, password, role, full_name, organisation=None):
    """Build (but do not commit) a user; the caller commits with whatever else belongs to it."""
    role = Role(role)
    if email_taken(email):
        raise AccountError("email-taken")
    user = User(
        email=normalise_email(email),
        password_hash=hash_password(password),
        role=role.value,
        full_name=full_name,
        session_token=new_session_token(),
        organisation=organisation,
    )
    db.session.add(user)
    return user
