from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user
from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from .. import listing
from ..access import public, roles_required
from ..accounts.users import email_taken, new_user
from ..extensions import db
from ..forms import EmptyForm
from ..models import Organisation, Role
from ..models.base import utcnow
from . import bp
from .forms import EmployerRegistrationForm, OrganisationSearchForm


@bp.route("/register", methods=["GET", "POST"])
@public
def register():
    form = EmployerRegistrationForm()
    if form.validate_on_submit():
        number = form.organisation_number.normalised
        if _organisation_exists(number):
            form.organisation_number.errors.append(
                _("This organisation is already registered. Ask its contact person, or the employment service, for an account.")
            )
        if email_taken(form.email.data):
            form.email.errors.append(_("An account with this e-mail address already exists. Log in instead."))
        if not form.errors:
            organisation = Organisation(
                organisation_number=number,
                name=form.name.data,
                workplace_address=form.workplace_address.data,
                sector=form.sector.data,
                has_collective_agreement=form.has_collective_agreement.data == "yes",
                contact_person=form.contact_person.data,
            )
            db.session.add(organisation)
            user = new_user(
                email=form.email.data,
                password=form.password.data,
                role=Role.EMPLOYER,
                full_name=form.contact_person.data,
                organisation=organisation,
            )
            try:
                db.session.commit()
            except IntegrityError:
                # Someone registered the same organisation or e-mail a moment ago.
                db.session.rollback()
                form.form_errors.append(_("This organisation or e-mail address was registered a moment ago. Log in instead."))
            else:
                login_user(user)
                flash(
                    _("Your organisation is registered. A coordinator will verify it before you can offer placements."),
                    "success",
                )
                return redirect(url_for("dashboard.index"))
    return render_template("organisations/register.html", form=form)


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
        db.session.commit()
        flash(_("%(name)s is verified.", name=organisation.name), "success")
    return redirect(url_for("organisations.index", q=request.args.get("q") or None))  # the same search


def _organisation_exists(number):
    return db.session.scalar(select(Organisation.id).where(Organisation.organisation_number == number)) is not None
