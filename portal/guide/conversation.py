"""A conversation with the guide: where it is kept, and each step the user can take.

A logged-in user's conversation is kept in the database (it survives a reload and a new
session); an anonymous visitor's lives in the session cookie, shortened to the latest
messages. Either way only references are stored (topic and quiz ids), never the guide's
words, so the conversation reads in whichever language the page is in.
"""
from dataclasses import dataclass, field

from flask import session
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import GuideMessage, Role
from . import progress as progress_rules
from .content import knowledge_base
from .retrieval import rank
from .unanswered import MAX_LENGTH, record, redact

SESSION_KEY = "guide"
SESSION_MAX_ENTRIES = 16
SESSION_MAX_TEXT = 300


@dataclass
class Entry:
    key: str
    kind: str  # question, choice, answer, unknown, quiz, finished
    ref: str | None = None
    text: str | None = None
    choice: str | None = None
    correct: bool | None = None
    suggestions: tuple = field(default_factory=tuple)
    edition: str | None = None


class DatabaseConversation:
    def __init__(self, user, kb=None):
        self.user = user
        self.kb = kb or knowledge_base()
        self._entries = None

    def entries(self):
        if self._entries is None:
            rows = db.session.scalars(
                select(GuideMessage).where(GuideMessage.user_id == self.user.id).order_by(GuideMessage.id)
            ).all()
            self._entries = [self._entry(row) for row in rows]
        return self._entries

    @staticmethod
    def _entry(row):
        return Entry(
            key=str(row.id), kind=row.kind, ref=row.ref, text=row.text, choice=row.choice,
            correct=row.correct, suggestions=tuple((row.suggestions or "").split()), edition=row.edition,
        )

    def add(self, kind, **values):
        entries = self.entries()  # read before the new row is flushed, so that it is not listed twice
        suggestions = values.pop("suggestions", ())
        row = GuideMessage(
            user_id=self.user.id, kind=kind, suggestions=" ".join(suggestions) or None, edition=self.kb.edition, **values
        )
        db.session.add(row)
        db.session.flush()
        entry = self._entry(row)
        entries.append(entry)
        return entry

    def current(self):
        """The entries written under the guide's current edition (they count for progress)."""
        return [entry for entry in self.entries() if entry.edition == self.kb.edition]

    def seen_topics(self):
        return {entry.ref for entry in self.current() if entry.kind == "answer"}

    def quiz_results(self):
        return {entry.ref: entry.correct for entry in self.current() if entry.kind == "quiz"}


class SessionConversation:
    """The latest messages in the session; topics seen and quiz answers kept apart, in full."""

    def __init__(self, kb=None):
        self.kb = kb or knowledge_base()
        state = session.get(SESSION_KEY)
        if not isinstance(state, dict) or state.get("edition") != self.kb.edition:
            state = {"edition": self.kb.edition, "n": 0, "log": [], "seen": [], "quiz": {}}
        self.state = state

    def entries(self):
        return [Entry(**{**item, "suggestions": tuple(item.get("suggestions", ()))}) for item in self.state["log"]]

    def add(self, kind, **values):
        self.state["n"] += 1
        if values.get("text"):
            values["text"] = values["text"][:SESSION_MAX_TEXT]
        item = {"key": f"s{self.state['n']}", "kind": kind, **values}
        if "suggestions" in item:
            item["suggestions"] = list(item["suggestions"])
        self.state["log"] = (self.state["log"] + [item])[-SESSION_MAX_ENTRIES:]
        if kind == "answer" and values.get("ref") not in self.state["seen"]:
            self.state["seen"].append(values["ref"])
        if kind == "quiz":
            self.state["quiz"][values["ref"]] = values["correct"]
        session[SESSION_KEY] = self.state
        session.modified = True
        return Entry(**{**item, "suggestions": tuple(item.get("suggestions", ()))})

    def current(self):
        return self.entries()

    def seen_topics(self):
        return set(self.state["seen"])

    def quiz_results(self):
        return dict(self.state["quiz"])


def current_conversation(kb=None):
    if current_user.is_authenticated:
        return DatabaseConversation(current_user, kb)
    return SessionConversation(kb)


def current_progress(conversation, kb=None):
    return progress_rules.progress(conversation.seen_topics(), conversation.quiz_results(), kb)


# --- What the user can do. Each step adds entries; the caller commits. ---

@dataclass(frozen=True)
class Reply:
    """The guide's reply to one step, for the JSON answer."""

    topic: str | None
    confidence: float
    suggestions: list


def ask(conversation, question, kb=None):
    """A free-text question: answer with the best topic, or say so and record the question."""
    kb = kb or knowledge_base()
    text = redact(question.strip())[:MAX_LENGTH]
    conversation.add("question", text=text)
    ranking = rank(question, kb)
    if ranking.topic is None:
        conversation.add("unknown", suggestions=ranking.suggestions)
        record(question, _language(), closest_topic=ranking.suggestions[0] if ranking.suggestions else None)
    else:
        conversation.add("answer", ref=ranking.topic)
    _check_finished(conversation, kb)
    return Reply(ranking.topic, ranking.confidence, ranking.suggestions)


def choose_topic(conversation, topic_id, kb=None):
    """A quick reply: the user picked a topic."""
    kb = kb or knowledge_base()
    topic = kb.topic(topic_id)
    if topic is None:
        return None
    conversation.add("choice", ref=topic.id)
    conversation.add("answer", ref=topic.id)
    _check_finished(conversation, kb)
    return Reply(topic.id, 1.0, [topic.id, *topic.related][:3])


def answer_quiz(conversation, quiz_id, choice_id, kb=None):
    """An answer to a comprehension question; returns whether it was right (None if invalid)."""
    kb = kb or knowledge_base()
    question = kb.quiz_question(quiz_id)
    choice = question.choice(choice_id) if question else None
    if choice is None:
        return None
    conversation.add("quiz", ref=question.id, choice=choice.id, correct=choice.correct)
    _check_finished(conversation, kb)
    return choice.correct


def _check_finished(conversation, kb):
    """Once everything is done, say so; for an employer, record it on the organisation."""
    if not current_progress(conversation, kb).finished:
        return
    if not any(entry.kind == "finished" for entry in conversation.current()):
        conversation.add("finished")
    if current_user.is_authenticated and current_user.role == Role.EMPLOYER:
        organisation = current_user.organisation
        if organisation is not None and not progress_rules.guide_completed(organisation):
            progress_rules.mark_completed(organisation, kb)


def _language():
    from flask_babel import get_locale

    return str(get_locale())
