"""Programme types as content: content/programmes/*.yaml, one file per placement type.

Each file says who refers, the longest period, the hours cap, the participant's benefit, the
insurance, whether the host may be paid, who consults the union and the agreement's terms, every
statement with its source and basis (content/programmes/README.md). The slot form, the slot
rules and the agreement read them from here. The files are read and checked once per process
(a restart picks up edits); a file that lacks a required key stops the app with the file's name,
so that a half-written type never reaches an agreement.
"""
import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULT_DIRECTORY = Path(__file__).resolve().parent.parent / "content" / "programmes"
LANGUAGES = ("sv", "en")
BASES = ("law", "rules", "practice", "portal")
ORGANISERS = ("employment-service", "municipality")
# The order of the slot form's choices (the files' own order is their Swedish file names).
ORDER = ("work-placement", "language-placement", "work-training", "reinforced-work-training", "municipal")

# Statements: a mapping with sv, en, source and basis.
STATEMENTS = (
    "what", "refers", "period.limit", "period.warn", "hours.default", "hours.part_time", "hours.cap",
    "benefit", "not_employment", "insurance.personal_injury", "host_compensation", "union_consultation",
)
VALUES = {
    "period.max_months": lambda v: isinstance(v, int) and v > 0,
    "period.warn_months": lambda v: isinstance(v, int) and v > 0,
    "hours.max_hours_per_week": lambda v: isinstance(v, int) and 0 < v <= 168,
    "host_compensation.paid": lambda v: v in ("never", "may", "unknown"),
    "insurance.state_programme_cover": lambda v: v in (True, False, "unknown"),
    "union_consultation.by": lambda v: v in ORGANISERS,
    "organiser": lambda v: v in ORGANISERS,
}


class ProgrammeFileError(ValueError):
    """A programme file lacks something or holds a wrong value; the message names the file."""


@dataclass(frozen=True)
class Programme:
    id: str
    data: dict
    file: str
    sha256: str = ""  # of the file's text: an agreement keeps it, so a corrected file is a change

    def name(self, language="sv"):
        return self.data["names"][_lang(language)]

    def text(self, dotted, language="sv"):
        """A statement's text in a language, e.g. text("period.limit", "en")."""
        return _get(self.data, dotted)[_lang(language)]

    def statement(self, dotted):
        return _get(self.data, dotted)

    @property
    def organiser(self):
        return self.data["organiser"]

    @property
    def by_employment_service(self):
        return self.organiser == "employment-service"

    @property
    def max_months(self):
        return self.data["period"]["max_months"]

    @property
    def warn_months(self):
        return self.data["period"]["warn_months"]

    @property
    def max_hours_per_week(self):
        return self.data["hours"]["max_hours_per_week"]

    @property
    def host_compensation(self):
        return self.data["host_compensation"]["paid"]

    @property
    def state_programme_cover(self):
        return self.data["insurance"]["state_programme_cover"]

    def agreement_terms(self, language="sv"):
        """The terms the agreement prints for this type: dicts with key, heading, text, source, basis."""
        language = _lang(language)
        return [
            {"key": term["key"], "heading": term["heading"][language], "text": term["text"][language],
             "source": term["source"], "basis": term["basis"]}
            for term in self.data["agreement_terms"]
        ]

    def summary(self, language="sv"):
        """What the slot form shows next to the type: (label key, text) in a plain order."""
        return [(key, self.text(key, language)) for key in ("refers", "period.limit", "benefit", "host_compensation")]


def _lang(language):
    language = str(language or "sv")[:2]
    return language if language in LANGUAGES else "sv"


def _get(data, dotted):
    node = data
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            raise KeyError(dotted)
        node = node[part]
    return node


def _check(data, name):
    if not isinstance(data, dict):
        raise ProgrammeFileError(f"{name}: not a mapping")

    def fail(message):
        raise ProgrammeFileError(f"{name}: {message}")

    for key in ("id", "names", "agreement_terms", *VALUES, *STATEMENTS):
        try:
            _get(data, key)
        except KeyError:
            fail(f"missing key {key}")
    for key, good in VALUES.items():
        if not good(_get(data, key)):
            fail(f"{key} has a value the portal does not know: {_get(data, key)!r}")
    if data["period"]["warn_months"] > data["period"]["max_months"]:
        fail("period.warn_months is more than period.max_months")
    for language in LANGUAGES:
        if not data["names"].get(language):
            fail(f"names.{language} is missing")
    for key in STATEMENTS:
        statement = _get(data, key)
        for part in (*LANGUAGES, "source", "basis"):
            if not isinstance(statement, dict) or not statement.get(part):
                fail(f"{key}.{part} is missing")
        if statement["basis"] not in BASES:
            fail(f"{key}.basis must be one of {', '.join(BASES)}")
    terms = data["agreement_terms"]
    if not isinstance(terms, list) or not terms:
        fail("agreement_terms must be a list of terms")
    for index, term in enumerate(terms):
        for part in ("key", "heading", "text", "source", "basis"):
            if not term.get(part):
                fail(f"agreement_terms[{index}].{part} is missing")
        for part in ("heading", "text"):
            # Exactly sv and en, both text: an unquoted comma in a flow mapping ({sv: a, b, en: c})
            # silently makes a key "b" and cuts the text short.
            if not isinstance(term[part], dict) or set(term[part]) != set(LANGUAGES):
                fail(f"agreement_terms[{index}].{part} must hold sv and en only (quote a text with a comma)")
            for language in LANGUAGES:
                if not isinstance(term[part].get(language), str) or not term[part][language]:
                    fail(f"agreement_terms[{index}].{part}.{language} is missing")
        if term["basis"] not in BASES:
            fail(f"agreement_terms[{index}].basis must be one of {', '.join(BASES)}")


def load(directory=DEFAULT_DIRECTORY):
    """Every programme file in `directory`, checked: {id: Programme} in the form's order."""
    found = {}
    for path in sorted(Path(directory).glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise ProgrammeFileError(f"{path.name}: not valid YAML ({error})") from error
        _check(data, path.name)
        if data["id"] in found:
            raise ProgrammeFileError(f"{path.name}: id {data['id']!r} is also in {found[data['id']].file}")
        found[data["id"]] = Programme(
            id=data["id"], data=data, file=path.name, sha256=hashlib.sha256(path.read_bytes()).hexdigest()
        )
    if not found:
        raise ProgrammeFileError(f"{directory}: no programme files")
    rank = {id_: index for index, id_ in enumerate(ORDER)}
    return dict(sorted(found.items(), key=lambda item: (rank.get(item[0], len(ORDER)), item[0])))


_lock = threading.Lock()
_loaded = None


def programmes():
    """The programme types, read once per process."""
    global _loaded
    if _loaded is None:
        with _lock:
            if _loaded is None:
                _loaded = load()
    return _loaded


def get(programme_id):
    """The programme type with this id; KeyError for an unknown one."""
    return programmes()[programme_id]


def choices(language="sv"):
    """(id, name) for the slot form, in the form's order."""
    return [(programme.id, programme.name(language)) for programme in programmes().values()]


class ProgrammeName:
    """A type's name in the language of the request (Swedish outside one), read from its file
    when shown: so that lists, filters and statistics name the types as the files do."""

    __slots__ = ("programme_id",)

    def __init__(self, programme_id):
        self.programme_id = programme_id

    def __str__(self):
        return get(self.programme_id).name(_current_language())

    def __html__(self):
        from markupsafe import escape

        return str(escape(str(self)))

    def __repr__(self):
        return f"ProgrammeName({self.programme_id!r})"


def _current_language():
    from flask import has_app_context
    from flask_babel import get_locale

    if not has_app_context():
        return "sv"
    return _lang(get_locale())
