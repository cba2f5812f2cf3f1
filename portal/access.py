"""Who may see what: a decorator per view, and one helper for per-object scope.

Every view declares its roles with @roles_required(...) or @public; a test walks the URL map
and fails when a view has neither.
"""
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from .models import Role

PUBLIC = "public"


def roles_required(*roles):
    for role in roles:
        Role(role)  # a typo in a role name fails at import time, not silently

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        wrapper.allowed_roles = frozenset(roles)
        return wrapper

    return decorator


def any_logged_in_user(view):
    return roles_required(*Role)(view)


def public(view):
    view.allowed_roles = PUBLIC
    return view


def ensure(allowed):
    """Stop with 403 unless the current user may see the object (one place for scope checks)."""
    if not allowed:
        abort(403)
