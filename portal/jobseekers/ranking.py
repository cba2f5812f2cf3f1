"""The words and the reasons of the match score (the score itself: score.py; all slots at once: pool.py).

What a text's words are, which words two texts share (allowing for inflections and typos), what
the score reads of a job-seeker, and a ranked slot with its reasons.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

from rapidfuzz import fuzz, process

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


@lru_cache(maxsize=20_000)
def tokens(text):
    """The words of a text (sorted), and the 5-letter beginnings of its longer words.

    Kept per text: a slot's texts are tokenised once per process, not once per job-seeker it is ranked for.
    """
    found = sorted({word for word in re.findall(r"[^\W\d_]{4,}", text.lower()) if word not in STOP_WORDS})
    return tuple(found), frozenset(word[:5] for word in found if len(word) >= 5)


def shared_words(left, right, matches):
    """Words of `left` that also occur in `right`, allowing for inflections and typos: the same
    5-letter beginning, or a word that word_matches() found alike (`matches`)."""
    right_words, right_stems = tokens(right or "")
    return [word for word in tokens(left or "")[0]
            if (len(word) >= 5 and word[:5] in right_stems) or not matches.get(word, frozenset()).isdisjoint(right_words)]


def word_matches(person, vocabulary):
    """{word of the person's texts: the words of `vocabulary` (the slots' words, sorted) alike enough
    to count as it}, for shared_words.

    One rapidfuzz cdist over the person's words and the slots' vocabulary (in C) instead of a
    comparison per word and slot.
    """
    left = sorted(set(tokens(background_text(person))[0]) | set(tokens(person.desired_development or "")[0]))
    if not left or not vocabulary:
        return {}
    scores = process.cdist(left, vocabulary, scorer=fuzz.ratio, score_cutoff=WORD_MATCH_THRESHOLD)
    return {word: frozenset(vocabulary[index] for index in scores[row].nonzero()[0]) for row, word in enumerate(left)}


def snapshot(jobseeker):
    """What the score reads of the job-seeker, as plain values."""
    return SimpleNamespace(
        desired_occupation=jobseeker.desired_occupation, education=jobseeker.education,
        experience=jobseeker.experience, desired_development=jobseeker.desired_development,
        swedish_level=jobseeker.swedish_level, needs_step_free_access=jobseeker.needs_step_free_access,
        needs_part_time=jobseeker.needs_part_time,
        languages=[SimpleNamespace(language=spoken.language) for spoken in jobseeker.languages],
    )


def text_of_slot(slot):
    """Everything the slot says about the work (kept on a Candidate, made here for an ORM slot)."""
    return getattr(slot, "text", None) or " ".join(
        [slot.title, slot.occupation, slot.tasks, *(goal.text for goal in slot.learning_goals)])


def goals_and_tasks(slot):
    """The learning goals and the tasks (kept on a Candidate, made here for an ORM slot)."""
    return getattr(slot, "goals_text", None) or (" ".join(goal.text for goal in slot.learning_goals) + " " + slot.tasks)


def background_text(jobseeker):
    return f"{jobseeker.education} {jobseeker.experience}"


@lru_cache(maxsize=4096)
def welcomed_languages(other_languages):
    return frozenset(name.strip().lower() for name in re.split(r"[,;/]| and | och ", other_languages) if name.strip())
