"""The guide's knowledge base: topics, the conversation and the quiz, read from content/guide/.

Staff edit the YAML files there without touching code. Each topic file holds one topic in
Swedish and English side by side; `_guide.yaml` says which topics are the key points and what
the guide says first; `_quiz.yaml` holds the comprehension questions. The files are read and
checked once per process (a restart picks up edits); `flask guide check` checks them at once.
"""
import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

LANGUAGES = ("sv", "en")
# What a topic rests on: shown next to its source, so that practice is never passed off as law.
BASES = ("law", "rules", "practice", "portal")
# Topics the guide must always have (issue 5); more may be added.
REQUIRED_TOPICS = (
    "no-wage", "benefit", "employer-costs", "replace-staff", "layoffs", "labour-dispute",
    "purpose", "supervisor", "duration", "hours", "insurance", "work-environment", "absence",
    "sick", "ending-early", "union-consultation", "after-placement-hiring", "tasks",
    "confidentiality", "language-placement", "work-training", "agreement", "feedback",
    "personal-data",
)
GUIDE_FILE = "_guide.yaml"
QUIZ_FILE = "_quiz.yaml"
DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent.parent / "content" / "guide"


class ContentError(ValueError):
    """A content file is missing something or contradicts another; the message says where."""


@dataclass(frozen=True)
class Topic:
    id: str
    basis: str
    title: dict
    prompt: dict
    short: dict
    explanation: dict
    source: dict
    questions: dict  # language -> tuple of example questions
    related: tuple = ()
    keywords: dict = field(default_factory=dict)  # language -> tuple of words people may use

    def text(self, name, lang):
        return getattr(self, name)[lang]


@dataclass(frozen=True)
class QuizChoice:
    id: str
    label: dict
    correct: bool = False


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    topic: str
    question: dict
    choices: tuple
    explanation: dict

    def choice(self, choice_id):
        return next((choice for choice in self.choices if choice.id == choice_id), None)


@dataclass(frozen=True)
class KnowledgeBase:
    topics: dict  # id -> Topic, in file-name order
    quiz: tuple
    core: tuple
    start: tuple
    welcome: dict
    unknown: dict
    contact: dict
    edition: str
    digest: str
    directory: Path = field(compare=False)
    careful: frozenset = frozenset()  # topics where the guide would rather say it is not sure
    careful_words: tuple = ()  # how words start that put a question on a careful topic's ground

    @property
    def version(self):
        """Identifies the content exactly: the edition staff set, and a hash of every file."""
        return f"{self.edition}:{self.digest[:16]}"

    def topic(self, topic_id):
        return self.topics.get(topic_id)

    def quiz_question(self, quiz_id):
        return next((question for question in self.quiz if question.id == quiz_id), None)


_cache = {}
_lock = threading.Lock()


def knowledge_base(directory=None):
    """The knowledge base in `directory` (default: content/guide), read once per process."""
    if directory is None:
        directory = _configured_directory()
    directory = Path(directory).resolve()
    kb = _cache.get(directory)
    if kb is None:
        with _lock:
            kb = _cache.get(directory)
            if kb is None:
                kb = _cache[directory] = load(directory)
    return kb


def _configured_directory():
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app.config.get("GUIDE_CONTENT_DIR") or DEFAULT_DIRECTORY
    return DEFAULT_DIRECTORY


def edition_of(version):
    """The edition part of a stored guide version ("2026-1:3fa2..." -> "2026-1")."""
    return (version or "").partition(":")[0]


def load(directory):
    """Read and check every content file; raise ContentError naming the file and the problem."""
    directory = Path(directory)
    digest = hashlib.sha256()
    raw = {}
    for path in sorted(directory.glob("*.yaml")):
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        try:
            raw[path.name] = yaml.safe_load(data)
        except yaml.YAMLError as error:
            raise ContentError(f"{path.name}: not valid YAML: {error}") from None
    if GUIDE_FILE not in raw:
        raise ContentError(f"{directory}: {GUIDE_FILE} is missing")
    topics = {}
    for name, data in raw.items():
        if name.startswith("_"):
            continue
        topic = _topic(name, data)
        if topic.id in topics:
            raise ContentError(f"{name}: the id {topic.id!r} is used twice")
        topics[topic.id] = topic
    missing = [topic_id for topic_id in REQUIRED_TOPICS if topic_id not in topics]
    if missing:
        raise ContentError(f"required topics missing: {', '.join(missing)}")
    for topic in topics.values():
        for related in topic.related:
            if related not in topics:
                raise ContentError(f"{topic.id}.yaml: related topic {related!r} does not exist")

    guide = raw[GUIDE_FILE] or {}
    core = tuple(_list(GUIDE_FILE, guide, "core"))
    start = tuple(_list(GUIDE_FILE, guide, "start"))
    careful = tuple(guide.get("careful") or ())
    for topic_id in core + start + careful:
        if topic_id not in topics:
            raise ContentError(f"{GUIDE_FILE}: topic {topic_id!r} does not exist")
    quiz = tuple(_quiz(raw.get(QUIZ_FILE) or {}, topics))
    return KnowledgeBase(
        topics=topics,
        quiz=quiz,
        core=core,
        start=start,
        welcome=_texts(GUIDE_FILE, guide, "welcome"),
        unknown=_texts(GUIDE_FILE, guide, "unknown"),
        contact=_texts(GUIDE_FILE, guide, "contact"),
        edition=_string(GUIDE_FILE, guide, "edition"),
        digest=digest.hexdigest(),
        directory=directory,
        careful=frozenset(careful),
        careful_words=tuple(str(word).lower() for word in guide.get("careful_words") or ()),
    )


def _topic(name, data):
    if not isinstance(data, dict):
        raise ContentError(f"{name}: expected a topic (id, title, short, ...)")
    topic_id = _string(name, data, "id")
    if name != f"{topic_id}.yaml":
        raise ContentError(f"{name}: the file name must be the topic id ({topic_id}.yaml)")
    basis = _string(name, data, "basis")
    if basis not in BASES:
        raise ContentError(f"{name}: basis must be one of {', '.join(BASES)}, not {basis!r}")
    questions = data.get("questions")
    if not isinstance(questions, dict) or any(
        not isinstance(questions.get(lang), list) or not questions[lang] for lang in LANGUAGES
    ):
        raise ContentError(f"{name}: questions needs a list of example questions for sv and en")
    return Topic(
        id=topic_id,
        basis=basis,
        title=_texts(name, data, "title"),
        prompt=_texts(name, data, "prompt"),
        short=_texts(name, data, "short"),
        explanation=_texts(name, data, "explanation"),
        source=_texts(name, data, "source"),
        questions={lang: tuple(str(q).strip() for q in questions[lang]) for lang in LANGUAGES},
        related=tuple(_list(name, data, "related", required=False)),
        keywords=_keywords(name, data),
    )


def _keywords(name, data):
    value = data.get("keywords") or {}
    if not isinstance(value, dict) or any(not isinstance(value.get(lang, []), list) for lang in LANGUAGES):
        raise ContentError(f"{name}: keywords needs a list of words for sv and en")
    return {lang: tuple(str(word).strip() for word in value.get(lang, [])) for lang in LANGUAGES}


def _quiz(data, topics):
    questions = data.get("questions") or []
    if not 3 <= len(questions) <= 5:
        raise ContentError(f"{QUIZ_FILE}: have three to five questions, not {len(questions)}")
    seen = set()
    for item in questions:
        quiz_id = _string(QUIZ_FILE, item, "id")
        where = f"{QUIZ_FILE} ({quiz_id})"
        if quiz_id in seen:
            raise ContentError(f"{where}: the id is used twice")
        seen.add(quiz_id)
        topic = _string(where, item, "topic")
        if topic not in topics:
            raise ContentError(f"{where}: topic {topic!r} does not exist")
        choices = tuple(
            QuizChoice(id=str(_string(where, choice, "id")), label=_texts(where, choice, "label"),
                       correct=bool(choice.get("correct")))
            for choice in item.get("choices") or []
        )
        if len(choices) < 2 or sum(choice.correct for choice in choices) != 1:
            raise ContentError(f"{where}: give at least two choices, exactly one with correct: true")
        yield QuizQuestion(
            id=quiz_id,
            topic=topic,
            question=_texts(where, item, "question"),
            choices=choices,
            explanation=_texts(where, item, "explanation"),
        )


def _string(where, data, key):
    value = data.get(key) if isinstance(data, dict) else None
    if value is None or not str(value).strip():
        raise ContentError(f"{where}: {key} is missing")
    return str(value).strip()


def _texts(where, data, key):
    value = data.get(key) if isinstance(data, dict) else None
    if not isinstance(value, dict) or any(not str(value.get(lang) or "").strip() for lang in LANGUAGES):
        raise ContentError(f"{where}: {key} needs a text in both sv and en")
    return {lang: str(value[lang]).strip() for lang in LANGUAGES}


def _list(where, data, key, required=True):
    value = data.get(key)
    if value is None and not required:
        return []
    if not isinstance(value, list) or (required and not value):
        raise ContentError(f"{where}: {key} must be a list")
    return [str(item) for item in value]
