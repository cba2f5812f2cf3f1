from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import listing, ratelimit
from ..access import public, roles_required
from ..accounts.throttle import normalise_email
from ..accounts.users import new_user
from ..extensions import db
from ..forms import EmptyForm
from ..models import Organisation, Role, User
from ..models.base import utcnow
from ..notices import steps
from ..security import burn_password_check, new_session_token
from . import bp, registration
from .forms import EmployerRegistrationForm, OrganisationSearchForm


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    """Every complete registration gets the same answer, "check your e-mail", whether or not the
    address has an account: what happened is said in a mail to that address (registration.py)."""
    form = EmployerRegistrationForm()
    if form.validate_on_submit():
        config = current_app.config
        # Counted before anything else: each registration may send a mail.
        if not ratelimit.hit("register-address", request.remote_addr, config["REGISTRATIONS_PER_ADDRESS"],
                             timedelta(minutes=config["REGISTRATIONS_WINDOW_MINUTES"])):
            form.form_errors.append(_("You have tried to register many times in a short time. Wait a while and try again."))
        elif _organisation_exists(form.organisation_number.normalised):
            form.organisation_number.errors.append(
                _("This organisation is already registered. Ask its contact person, or the employment service, for an account.")
            )
        elif _register(form):
            return render_template("organisations/check_email.html", email=normalise_email(form.email.data))
    return render_template("organisations/register.html", form=form)


def _register(form):
    """Make the organisation and its account awaiting confirmation, or tell the address it has an
    account; False when the organisation was registered a moment ago by someone else."""
    existing = _user_with_email(form.email.data)
    if existing is None:
        organisation = Organisation(
            organisation_number=form.organisation_number.normalised,
            name=form.name.data,
            workplace_address=form.workplace_address.data,
            sector=form.sector.data,
            has_collective_agreement=form.has_collective_agreement.data == "yes",
            contact_person=form.contact_person.data,
        )
        db.session.add(organisation)
        user = new_user(email=form.email.data, password=form.password.data, role=Role.EMPLOYER,
                        full_name=form.contact_person.data, organisation=organisation)
        user.awaiting_confirmation = True
        db.session.flush()
        registration.ask_to_confirm(user)
        try:
            db.session.commit()
            return True
        except IntegrityError:
            # The same organisation or e-mail registered a moment ago.
            db.session.rollback()
            if _organisation_exists(form.organisation_number.normalised):
                form.organisation_number.errors.append(_("This organisation was registered a moment ago."))
                return False
            existing = _user_with_email(form.email.data)
            if existing is None:
                raise
    else:
        # As long as hashing the new account's password takes, so that the time does not tell either.
        burn_password_check(form.password.data)
    registration.tell_address_taken(existing)
    db.session.commit()
    return True


def _user_with_email(email):
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@bp.route("/register/confirm/<token>", methods=["GET", "POST"])
@public
def confirm(token):
    """The link in the registration mail: a button confirms the address and logs in.

    A button rather than the link alone, so that a mail program that opens links to look at them
    does not confirm the account.
    """
    user = registration.awaiting_user(token)
    form = EmptyForm()
    if user is not None and form.validate_on_submit():
        user.awaiting_confirmation = False
        user.session_token = new_session_token()  # the link works once
        db.session.commit()
        login_user(user)
        flash(
            _("Your organisation is registered. A coordinator will verify it before you can offer placements."),
            "success",
        )
        return redirect(url_for("dashboard.index"))
    return render_template("organisations/confirm.html", user=user, form=form)


@bp.route("/")
@roles_required(Role.COORDINATOR)
def index():
    """Organisations waiting for verification first, then the newest; a page at a time, narrowed by
    the search box (name, or the organisation number with or without its dash)."""
    search_form = OrganisationSearchForm(request.args)
    search = search_form.q.data if search_form.validate() else ""
    query = select(Organisation).order_by(
        Organisation.verified_at.is_not(None), Organisation.created_at.desc(), Organisation.id.desc())
    if search:
        matches = [listing.contains(Organisation.name, search)]
        digits = search.replace("-", "").replace(" ", "")
        if digits.isdigit():
            matches.append(Organisation.organisation_number.contains(digits, autoescape=True))
        query = query.where(or_(*matches))
    organisations, past_the_end = listing.one_page(query, "organisations.index", search)
    waiting = db.session.scalar(select(func.count(Organisation.id)).where(Organisation.verified_at.is_(None)))
    return past_the_end or render_template("organisations/index.html", organisations=organisations, form=EmptyForm(),
                                           search_form=search_form, search=search, waiting=waiting)


@bp.route("/<int:organisation_id>/verify", methods=["POST"])
@roles_required(Role.COORDINATOR)
def verify(organisation_id):
    organisation = db.get_or_404(Organisation, organisation_id)
    if EmptyForm().validate_on_submit() and not organisation.is_verified:
        organisation.verified_at = utcnow()
        organisation.verified_by = current_user
        steps.organisation_verified(organisation)
        db.session.commit()
        flash(_("%(name)s is verified.", name=organisation.name), "success")
    return redirect(url_for("organisations.index", q=request.args.get("q") or None))  # the same search


def _organisation_exists(number):
    return db.session.scalar(select(Organisation.id).where(Organisation.organisation_number == number)) is not None
