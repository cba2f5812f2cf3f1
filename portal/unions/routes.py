"""Coordinators set which organisations and sectors each union representative covers."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from ..access import roles_required
from ..extensions import db
from ..models import SECTORS, Organisation, Role, UnionScope, User
from . import bp
from .forms import ScopeForm
from .scopes import set_scope


@bp.route("/")
@roles_required(Role.COORDINATOR)
def index():
    representatives = db.session.scalars(
        select(User)
        .where(User.role == Role.UNION)
        .options(selectinload(User.union_scopes).selectinload(UnionScope.organisation))
        .order_by(User.full_name)
    ).all()
    return render_template("unions/index.html", representatives=representatives, sectors=SECTORS)


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@roles_required(Role.COORDINATOR)
def scope(user_id):
    representative = db.get_or_404(User, user_id)
    if representative.role != Role.UNION:
        abort(404)
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    form = ScopeForm()
    form.organisations.choices = [
        SelectChoice(organisation.id, f"{organisation.name} ({organisation.formatted_number})")
        for organisation in organisations
    ]
    if request.method == "GET":
        form.sectors.data = [scope.sector for scope in representative.union_scopes if scope.sector]
        form.organisations.data = [scope.organisation_id for scope in representative.union_scopes if scope.organisation_id]
    if form.validate_on_submit():
        # Nothing ticked posts no values at all: the scope is then empty, not missing.
        chosen = [organisation for organisation in organisations if organisation.id in (form.organisations.data or [])]
        set_scope(representative, organisations=chosen, sectors=form.sectors.data or [])
        db.session.commit()
        flash(_("The scope of %(name)s is saved.", name=representative.full_name), "success")
        return redirect(url_for("unions.index"))
    return render_template("unions/scope.html", form=form, representative=representative)
