"""The guide's pages: the conversation, a topic on its own page, and the staff list.

Without JavaScript every reply is a form post that renders the whole conversation again;
static/js/guide.js sends the same posts in the background and adds only what is new.
"""
from datetime import timedelta

from flask import abort, current_app, flash, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import get_locale, refresh
from flask_login import current_user
from markupsafe import Markup, escape

from .. import ratelimit
from ..access import public, roles_required
from ..extensions import db
from ..models import Role
from . import bp, conversation as steps, unanswered
from .content import knowledge_base
from .forms import AskForm, HandledForm, QuizForm
from .progress import guide_completed

BASIS_LABELS = {
    "law": _l("Law"),
    "rules": _l("Employment service rules"),
    "practice": _l("Practice, not law"),
    "portal": _l("How the portal works"),
}
QUICK_REPLIES = 3


@bp.route("/")
@public
def index():
    return _render_page(AskForm(formdata=None))


@bp.route("/ask", methods=["GET", "POST"])
@public
def ask():
    if request.method == "GET":  # e.g. the language switch on a page that answered a post
        return _render_page(AskForm(formdata=None))
    form = AskForm()
    _use_language(form.lang.data)
    kb = knowledge_base()
    wants_json = _wants_json()
    if not form.validate_on_submit():
        if wants_json:
            return jsonify(errors=form.errors), 400
        return _render_page(form)
    conversation = steps.current_conversation(kb)
    reply = None
    if form.topic.data:
        reply = steps.choose_topic(conversation, form.topic.data, kb)
    if reply is None and form.question.data:
        if not current_user.is_authenticated and not _within_question_limit():
            # Nothing answered and nothing kept: a script cannot fill the staff's list.
            message = _("You have asked many questions in a short time. Wait a few minutes and ask again.")
            if wants_json:
                return jsonify(errors={"question": [message]}), 429
            form.question.errors.append(message)
            return _render_page(form), 429
        reply = steps.ask(conversation, form.question.data, kb)
    if reply is None:  # an unknown quick reply: nothing to answer
        abort(400)
    db.session.commit()
    if wants_json:
        return jsonify(_json_reply(reply, kb))
    return _render_page(AskForm(formdata=None), conversation=conversation)


@bp.route("/quiz", methods=["GET", "POST"])
@public
def quiz():
    if request.method == "GET":
        return _render_page(AskForm(formdata=None))
    form = QuizForm()
    _use_language(form.lang.data)
    conversation = steps.current_conversation()
    if form.validate_on_submit() and steps.answer_quiz(conversation, form.quiz.data, form.choice.data) is not None:
        db.session.commit()
    return _render_page(AskForm(formdata=None), conversation=conversation)


@bp.route("/topics/<topic_id>")
@public
def topic(topic_id):
    kb = knowledge_base()
    found = kb.topic(topic_id)
    if found is None:
        abort(404)
    related = [kb.topic(related_id) for related_id in found.related]
    return render_template("guide/topic.html", topic=found, related=related, kb=kb, lang=_lang(),
                           basis_labels=BASIS_LABELS)


# What the guide's page on the kinds of placement shows of each programme file, in this order.
PROGRAMME_POINTS = (
    ("what", _l("What it is")),
    ("refers", _l("Who refers the participant")),
    ("period.limit", _l("Longest period")),
    ("hours.default", _l("Working hours")),
    ("hours.cap", _l("Most hours a week")),
    ("benefit", _l("The participant's money")),
    ("not_employment", _l("Not employment")),
    ("insurance.personal_injury", _l("Insurance")),
    ("host_compensation", _l("Payment to the workplace")),
    ("union_consultation", _l("The union's say (samråd)")),
)


@bp.route("/programmes")
@public
def programme_types():
    """The kinds of placement side by side, read from content/programmes/ (the same files the slot
    form, the slot rules and the agreement read), each point with its source and basis."""
    from .. import programmes

    return render_template("guide/programmes.html", programmes=programmes.programmes().values(),
                           points=PROGRAMME_POINTS, lang=_lang(), basis_labels=BASIS_LABELS, kb=knowledge_base())


@bp.route("/unanswered")
@roles_required(Role.COORDINATOR)
def unanswered_questions():
    kb = knowledge_base()
    return render_template("guide/unanswered.html", questions=unanswered.open_questions(), kb=kb, lang=_lang(),
                           form=HandledForm(formdata=None))


@bp.route("/unanswered/handled", methods=["POST"])
@roles_required(Role.COORDINATOR)
def mark_handled():
    form = HandledForm()
    if form.validate_on_submit() and unanswered.mark_handled(form.normalised.data):
        db.session.commit()
        flash(_("The question is marked as handled."), "success")
    return redirect(url_for("guide.unanswered_questions"))


@bp.app_template_global("guide_completed")
def guide_completed_global(organisation):
    return guide_completed(organisation)


@bp.app_template_filter("guide_paragraphs")
def guide_paragraphs(text):
    """Plain content text as HTML: blank lines separate paragraphs, lines starting "- " make a list."""
    html = []
    for block in text.strip().split("\n\n"):
        lines = [line.strip() for line in block.strip().splitlines() if line.strip()]
        if lines and all(line.startswith("- ") for line in lines):
            items = "".join(f"<li>{escape(line[2:])}</li>" for line in lines)
            html.append(f"<ul>{items}</ul>")
        elif lines:
            html.append(f"<p>{escape(' '.join(lines))}</p>")
    return Markup("".join(html))


def _render_page(form, conversation=None):
    kb = knowledge_base()
    conversation = conversation or steps.current_conversation(kb)
    progress = steps.current_progress(conversation, kb)
    entries = conversation.entries()
    return render_template(
        "guide/index.html",
        form=form,
        kb=kb,
        lang=_lang(),
        entries=entries,
        new_keys=_new_keys(entries),
        progress=progress,
        quick_replies=_quick_replies(entries, progress, kb),
        basis_labels=BASIS_LABELS,
        is_employer=current_user.is_authenticated and current_user.role == Role.EMPLOYER,
        organisation=current_user.organisation if current_user.is_authenticated else None,
    )


def _new_keys(entries):
    """After a post: the entries it added (the last exchange), so that the page can point at them."""
    return _last_exchange(entries) if request.method == "POST" else set()


def _last_exchange(entries):
    """The last thing the user said and what followed it."""
    for index in range(len(entries) - 1, -1, -1):
        if entries[index].kind in ("question", "choice", "quiz"):
            return {entry.key for entry in entries[index:]}
    return set()


def _quick_replies(entries, progress, kb):
    """Topics to offer as buttons: after an answer its related topics, after "I don't know" the closest."""
    last = next((entry for entry in reversed(entries) if entry.kind in ("answer", "unknown")), None)
    if last is None:
        candidates = list(kb.start)
    elif last.kind == "unknown":
        candidates = list(last.suggestions)
    else:
        candidates = list(kb.topic(last.ref).related) if kb.topic(last.ref) else []
    seen = {topic for topic, was_seen in progress.core if was_seen}
    candidates = [topic_id for topic_id in candidates if kb.topic(topic_id) and topic_id != progress.next_core]
    candidates.sort(key=lambda topic_id: topic_id in seen)  # key points not yet seen first
    return [kb.topic(topic_id) for topic_id in candidates[:QUICK_REPLIES]]


def _json_reply(reply, kb):
    lang = _lang()
    if reply.topic is None:
        answer = f"{kb.unknown[lang]} {kb.contact[lang]}"
    else:
        answer = kb.topic(reply.topic).short[lang]
    return {"topic": reply.topic, "answer": answer, "confidence": reply.confidence, "suggestions": reply.suggestions}


def _within_question_limit():
    """Count an anonymous question from this address (ratelimit commits: before anything is written)."""
    config = current_app.config
    return ratelimit.hit("guide-question", request.remote_addr, limit=config["GUIDE_QUESTIONS_PER_ADDRESS"],
                         window=timedelta(minutes=config["GUIDE_QUESTIONS_WINDOW_MINUTES"]))


def _wants_json():
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"


def _use_language(lang):
    """A post may say which language to answer in (the page's, or an API client's choice)."""
    if lang in current_app.config["LANGUAGES"] and lang != str(get_locale()):
        session["lang"] = lang
        refresh()


def _lang():
    lang = str(get_locale())
    return lang if lang in ("sv", "en") else "sv"
