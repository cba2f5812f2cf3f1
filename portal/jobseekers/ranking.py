"""Ranking open slots for a job-seeker, with the reasons shown to the coordinator.

The score starts from how well the slot fits what the person wants and knows (occupation,
education, experience, desired development), then adds or takes points for language,
accessibility and dates. Each part gives a reason in plain words, so the coordinator can
see why a slot ranks where it does and overrule it.
"""
import re
from dataclasses import dataclass, field
from datetime import timedelta
from functools import lru_cache
from types import SimpleNamespace

from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process

from ..models import LANGUAGE_LEVEL_LABELS, LANGUAGE_LEVELS, PlacementType

OCCUPATION_POINTS = 35
BACKGROUND_POINTS = 25
DEVELOPMENT_POINTS = 15
WORD_MATCH_THRESHOLD = 85  # rapidfuzz ratio for two words to count as the same (inflections, typos)

# Short, common words that say nothing about fit, in Swedish and English.
STOP_WORDS = {
    "and", "the", "with", "for", "from", "into", "work", "working", "years", "year", "learn", "more", "about",
    "och", "med", "för", "från", "arbete", "jobb", "inom", "samt", "till", "eller", "lära", "mer", "some",
    "this", "that", "their", "they", "have", "after", "school", "course", "practise", "practice", "swedish",
}


class Reason:
    """One part of the score. The text is made when it is read: most ranked slots are never shown."""

    __slots__ = ("points", "_text")

    def __init__(self, points, text):
        self.points, self._text = points, text

    @property
    def text(self):
        if callable(self._text):
            self._text = self._text()
        return self._text


@dataclass
class RankedSlot:
    slot: object
    score: int = 0
    reasons: list = field(default_factory=list)

    def add(self, points, text):
        """text: the reason, or a function that makes it (so that unread reasons cost nothing)."""
        self.score += points
        self.reasons.append(Reason(points, text))


def words(text):
    return set(tokens(text or "")[0])


@lru_cache(maxsize=20_000)
def tokens(text):
    """The words of a text (sorted), and the 5-letter beginnings of its longer words.

    Kept per text: a slot's texts are tokenised once per process, not once per job-seeker it is ranked for.
    """
    found = sorted({word for word in re.findall(r"[^\W\d_]{4,}", text.lower()) if word not in STOP_WORDS})
    return tuple(found), frozenset(word[:5] for word in found if len(word) >= 5)


def shared_words(left, right, matches=None):
    """Words of `left` that also occur in `right`, allowing for inflections and typos.

    matches: from word_matches(), which compared the words of `left` with every word `right` can
    hold, all at once; without it each word is compared here.
    """
    right_words, right_stems = tokens(right or "")
    found = []
    for word in tokens(left or "")[0]:
        if len(word) >= 5 and word[:5] in right_stems:
            found.append(word)
        elif matches is not None and word in matches:
            if not matches[word].isdisjoint(right_words):
                found.append(word)
        elif process.extractOne(word, right_words, scorer=fuzz.ratio, score_cutoff=WORD_MATCH_THRESHOLD) is not None:
            found.append(word)
    return found


def word_matches(person, slots=(), vocabulary=None):
    """{word of the person's texts: the words of the slots' texts alike enough to count as it}.

    One rapidfuzz cdist over the person's words and the slots' vocabulary (in C) instead of a
    comparison per word and slot: the same answers as shared_words without it. `vocabulary`: the
    slots' words made beforehand (pool.SlotPool keeps them).
    """
    left = sorted(set(tokens(background_text(person))[0]) | set(tokens(person.desired_development or "")[0]))
    if vocabulary is None:
        vocabulary = sorted({word for slot in slots for word in tokens(text_of_slot(slot))[0]})
    if not left or not vocabulary:
        return {}
    scores = process.cdist(left, vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MATCH_THRESHOLD)
    return {word: frozenset(vocabulary[index] for index in scores[row].nonzero()[0]) for row, word in enumerate(left)}


def _order(item):
    return -item.score, item.slot.start_date, item.slot.id


def rank_slots(jobseeker, slots, today):
    """The slots ranked best first, each with its reasons. (The matching page ranks every open slot
    at once with pool.SlotPool, which gives the same scores and order.)"""
    person = snapshot(jobseeker)  # read once, not once per slot
    person.matches = word_matches(person, slots)
    return sorted((score_slot(person, slot, today) for slot in slots), key=_order)


def snapshot(jobseeker):
    """What ranking reads of the job-seeker, as plain values."""
    return SimpleNamespace(
        desired_occupation=jobseeker.desired_occupation, education=jobseeker.education,
        experience=jobseeker.experience, desired_development=jobseeker.desired_development,
        swedish_level=jobseeker.swedish_level, needs_step_free_access=jobseeker.needs_step_free_access,
        needs_part_time=jobseeker.needs_part_time,
        languages=[SimpleNamespace(language=spoken.language) for spoken in jobseeker.languages],
    )


def score_slot(jobseeker, slot, today):
    ranked = RankedSlot(slot=slot)
    _occupation(ranked, jobseeker, slot)
    _background(ranked, jobseeker, slot)
    _development(ranked, jobseeker, slot)
    _language(ranked, jobseeker, slot)
    _other_languages(ranked, jobseeker, slot)
    _accessibility(ranked, jobseeker, slot)
    _dates(ranked, slot, today)
    ranked.score = max(0, min(100, ranked.score))
    return ranked


def _occupation(ranked, jobseeker, slot):
    if not jobseeker.desired_occupation:
        return
    similarity = max(
        fuzz.token_set_ratio(jobseeker.desired_occupation.lower(), slot.occupation.lower()),
        fuzz.token_set_ratio(jobseeker.desired_occupation.lower(), slot.title.lower()),
    )
    points = round(OCCUPATION_POINTS * similarity / 100) if similarity >= 50 else 0
    if points:
        ranked.add(points, lambda: _l("Wants to work as “%(wanted)s”; the slot is for “%(occupation)s” (%(similarity)d %% alike)",
                              wanted=jobseeker.desired_occupation, occupation=slot.occupation,
                              similarity=round(similarity)))
    else:
        ranked.add(0, lambda: _l("Wants to work as “%(wanted)s”, a different occupation from “%(occupation)s”",
                         wanted=jobseeker.desired_occupation, occupation=slot.occupation))


def text_of_slot(slot):
    """Everything the slot says about the work (kept on a Candidate, made here for an ORM slot)."""
    return getattr(slot, "text", None) or " ".join(
        [slot.title, slot.occupation, slot.tasks, *(goal.text for goal in slot.learning_goals)])


def goals_and_tasks(slot):
    """The learning goals and the tasks (kept on a Candidate, made here for an ORM slot)."""
    return getattr(slot, "goals_text", None) or (" ".join(goal.text for goal in slot.learning_goals) + " " + slot.tasks)


def background_text(jobseeker):
    return f"{jobseeker.education} {jobseeker.experience}"


def _background(ranked, jobseeker, slot):
    found = shared_words(background_text(jobseeker), text_of_slot(slot), getattr(jobseeker, "matches", None))
    if found:
        points = min(BACKGROUND_POINTS, 7 * len(found))
        ranked.add(points, lambda: _l("Education and experience match the tasks: %(words)s", words=", ".join(found[:6])))


def _development(ranked, jobseeker, slot):
    goals = goals_and_tasks(slot)
    found = shared_words(jobseeker.desired_development, goals, getattr(jobseeker, "matches", None))
    if found:
        points = min(DEVELOPMENT_POINTS, 5 * len(found))
        ranked.add(points, lambda: _l("What they want to learn matches the learning goals: %(words)s",
                              words=", ".join(found[:6])))


def _language(ranked, jobseeker, slot):
    required = LANGUAGE_LEVELS.index(slot.swedish_level)
    has = LANGUAGE_LEVELS.index(jobseeker.swedish_level)
    if required == 0:
        ranked.add(10, lambda: _l("No Swedish required"))
        return
    level = jobseeker.swedish_level

    def text():
        return _l("Swedish: the slot needs “%(needed)s”, the person has “%(has)s”",
                  needed=LANGUAGE_LEVEL_LABELS[slot.swedish_level],
                  has=LANGUAGE_LEVEL_LABELS[level] if has else _l("none recorded"))

    if has >= required:
        ranked.add(10, text)
    else:
        # A language placement is meant for people still learning Swedish: a gap matters less there.
        per_level = 5 if slot.placement_type == PlacementType.LANGUAGE_PLACEMENT else 15
        ranked.add(-per_level * (required - has), text)


def _other_languages(ranked, jobseeker, slot):
    welcomed = welcomed_languages(slot.other_languages or "")
    spoken = [spoken.language for spoken in jobseeker.languages if spoken.language.lower() in welcomed]
    if spoken:
        ranked.add(5, lambda: _l("Speaks %(languages)s, which the workplace welcomes", languages=", ".join(spoken)))


@lru_cache(maxsize=4096)
def welcomed_languages(other_languages):
    return frozenset(name.strip().lower() for name in re.split(r"[,;/]| and | och ", other_languages) if name.strip())


def _accessibility(ranked, jobseeker, slot):
    if jobseeker.needs_step_free_access:
        if slot.step_free_access:
            ranked.add(5, lambda: _l("Needs step-free access, and the workplace has it"))
        else:
            ranked.add(-30, lambda: _l("Needs step-free access, which the workplace does not state"))
    if jobseeker.needs_part_time:
        if slot.part_time_possible or slot.hours_per_week <= 30:
            ranked.add(5, lambda: _l("Needs part time, and the slot allows it"))
        else:
            ranked.add(-20, lambda: _l("Needs part time, but the slot is %(hours)d hours a week", hours=slot.hours_per_week))


def _dates(ranked, slot, today):
    if slot.start_date < today:
        ranked.add(-5, lambda: _l("Already started on %(date)s", date=slot.start_date.isoformat()))
    elif slot.start_date <= today + timedelta(days=60):
        ranked.add(5, lambda: _l("Starts soon, on %(date)s", date=slot.start_date.isoformat()))
    else:
        ranked.add(0, lambda: _l("Starts on %(date)s", date=slot.start_date.isoformat()))
