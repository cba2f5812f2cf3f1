"""How far someone has come in the guide, and whether an employer's organisation completed it.

`guide_completed(organisation)` is the rule the slots code asks before a slot is submitted.
"""
from dataclasses import dataclass

from ..models.base import utcnow
from .content import knowledge_base


def guide_completed(organisation) -> bool:
    """True when someone at the organisation has completed the guide.

    The guide records its version as "edition:hash" (see content.KnowledgeBase.version).
    Completion counts while the edition is the current one: staff raise the edition in
    content/guide/_guide.yaml when the key points change, and employers go through the guide
    again. A version in another form (demo data, set by hand) is taken as it is.
    """
    if organisation is None or organisation.guide_completed_at is None:
        return False
    edition, separator, _digest = (organisation.guide_version or "").partition(":")
    return not separator or edition == knowledge_base().edition


def mark_completed(organisation, kb=None):
    """Record on the organisation that the guide's current content was completed now."""
    kb = kb or knowledge_base()
    organisation.guide_completed_at = utcnow()
    organisation.guide_version = kb.version


@dataclass(frozen=True)
class Progress:
    core: tuple  # (topic id, seen) for each key point, in order
    quiz: tuple  # (quiz question, True/False/None) in order: right, wrong, not answered
    pending_quiz: object  # the quiz question to ask next, or None

    @property
    def core_seen(self):
        return sum(seen for _topic, seen in self.core)

    @property
    def core_done(self):
        return all(seen for _topic, seen in self.core)

    @property
    def next_core(self):
        return next((topic for topic, seen in self.core if not seen), None)

    @property
    def quiz_right(self):
        return sum(result is True for _question, result in self.quiz)

    @property
    def finished(self):
        return self.core_done and all(result is True for _question, result in self.quiz)

    def quiz_number(self, question):
        return next(i for i, (q, _result) in enumerate(self.quiz, start=1) if q.id == question.id)

    def is_retry(self, question):
        """Whether the question was answered wrongly and is asked again: it is not "question 1 of 5" twice."""
        return any(q.id == question.id and result is False for q, result in self.quiz)

    @property
    def quiz_wrong(self):
        """How many questions are still to be answered right, after a wrong answer."""
        return sum(result is False for _question, result in self.quiz)


def progress(seen_topics, quiz_results, kb=None):
    """Progress from the topics seen and the latest answer to each quiz question (id -> right?).

    The quiz opens once every key point has been seen. Questions are asked in order; a
    question answered wrongly is asked again after the others.
    """
    kb = kb or knowledge_base()
    core = tuple((topic, topic in seen_topics) for topic in kb.core)
    quiz = tuple((question, quiz_results.get(question.id)) for question in kb.quiz)
    pending = None
    if all(seen for _topic, seen in core):
        pending = next((q for q, result in quiz if result is None), None) or next(
            (q for q, result in quiz if result is False), None
        )
    return Progress(core=core, quiz=quiz, pending_quiz=pending)
