"""The match score, declared once: its parts, their weights, how each is computed and what it says.

A slot's score for a job-seeker is the sum of the parts in PARTS, kept within 0–100. It starts from
how well the slot fits what the person wants and knows (occupation, education and experience,
what they want to learn), then adds or takes points for Swedish, other languages, accessibility,
hours and dates. Every part is computed here only, for all open slots at once (the columns of a
pool.SlotPool, numpy arrays: the matching page scores a few thousand slots per view); pool.py adds
the parts up and orders the slots, and asks each part for its reason, in plain words, on the few
slots shown, so the coordinator can see why a slot ranks where it does and overrule it.

To change the score, change a part here (its weights are its class attributes) or add one to PARTS.
Each part's `score` gives its points and its *case* (which of its rules applied; 0: it says nothing
about the slot), so that its reason follows the same rule as its points without stating it again.
"""
from collections import defaultdict
from datetime import timedelta

import numpy as np
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process

from ..models import LANGUAGE_LEVEL_LABELS, LANGUAGE_LEVELS, PlacementType
from .ranking import background_text, goals_and_tasks, shared_words, text_of_slot, tokens, welcomed_languages

LOWEST, HIGHEST = 0, 100  # the sum of the parts is kept within these
SILENT = 0  # the case of a part that says nothing about a slot


class Part:
    """One part of the score. `prepare` reads what the part needs of the slots once per pool."""

    def prepare(self, slots):
        raise NotImplementedError

    def score(self, columns, person, today):
        """(points, case): two int arrays with one value per slot."""
        raise NotImplementedError

    def reason(self, case, slot, person, today):
        """What the part says about one slot in its case, as a function making the text (most ranked
        slots are never shown, so the text is made when it is read), or None."""
        raise NotImplementedError


def _distinct(texts):
    """(the distinct texts, each slot's position among them): a part compares each text once."""
    distinct, where = np.unique(np.array(texts, dtype=object), return_inverse=True)
    return list(distinct), where


def _silent(count):
    return np.zeros(count, dtype=np.int64), np.zeros(count, dtype=np.int64)


class Occupation(Part):
    """The occupation they want against the slot's occupation and title (the more alike of the two)."""

    MOST = 35  # points for the same occupation, in proportion to how alike they are...
    ALIKE_FROM = 50  # ...from this rapidfuzz token_set_ratio on; below it, none
    ALIKE, DIFFERENT = 1, 2

    def prepare(self, slots):
        return _distinct([slot.occupation.lower() for slot in slots]), _distinct([slot.title.lower() for slot in slots])

    def score(self, columns, person, today):
        count = len(columns[0][1])
        if not person.desired_occupation or not count:
            return _silent(count)
        alike = self.similarity(person, *columns)
        # np.round rounds halves to even, as Python's round() does.
        points = np.where(alike >= self.ALIKE_FROM, np.round(self.MOST * alike / 100), 0).astype(np.int64)
        return points, np.where(points > 0, self.ALIKE, self.DIFFERENT)

    @staticmethod
    def similarity(person, occupations, titles):
        """How alike (0-100) the occupation wanted is to each slot's occupation and title: compared
        once per distinct text (occupations repeat: the bench's 14,303 open slots have 21)."""
        wanted = [person.desired_occupation.lower()]

        def alike(column):
            texts, where = column
            return process.cdist(wanted, texts, scorer=fuzz.token_set_ratio, dtype=np.float64)[0][where]

        return np.maximum(alike(occupations), alike(titles))

    def reason(self, case, slot, person, today):
        if case == self.ALIKE:
            return lambda: _l("Wants to work as “%(wanted)s”; the slot is for “%(occupation)s” (%(similarity)d %% alike)",
                              wanted=person.desired_occupation, occupation=slot.occupation,
                              similarity=round(self.similarity(person, *self.prepare([slot]))[0]))
        if case == self.DIFFERENT:
            return lambda: _l("Wants to work as “%(wanted)s”, a different occupation from “%(occupation)s”",
                              wanted=person.desired_occupation, occupation=slot.occupation)
        return None


class SharedWords(Part):
    """Words of the person's text that the slot's text shares (ranking.shared_words: inflections and
    typos allowed), so many points a word up to a most."""

    PER_WORD = MOST = 0
    FOUND = 1

    def person_text(self, person):
        raise NotImplementedError

    def slot_text(self, slot):
        raise NotImplementedError

    def prepare(self, slots):
        """{word: positions of the slots whose text has it}, {5-letter beginning: positions}."""
        words, stems = defaultdict(list), defaultdict(list)
        for position, slot in enumerate(slots):
            slot_words, slot_stems = tokens(self.slot_text(slot))
            for word in slot_words:
                words[word].append(position)
            for stem in slot_stems:
                stems[stem].append(position)
        return len(slots), _arrays(words), _arrays(stems)

    def score(self, columns, person, today):
        count, words, stems = columns
        found = np.zeros(count, dtype=np.int64)
        for word in tokens(self.person_text(person) or "")[0]:  # as ranking.shared_words, for all slots
            has = np.zeros(count, dtype=bool)
            if len(word) >= 5:
                has[stems.get(word[:5], [])] = True
            for alike in person.matches.get(word, ()):
                has[words.get(alike, [])] = True
            found += has
        return np.minimum(self.MOST, self.PER_WORD * found), np.where(found > 0, self.FOUND, SILENT)

    def found(self, slot, person):
        return shared_words(self.person_text(person), self.slot_text(slot), person.matches)


class Background(SharedWords):
    """Their education and experience against everything the slot says about the work."""

    PER_WORD, MOST = 7, 25

    def person_text(self, person):
        return background_text(person)

    def slot_text(self, slot):
        return text_of_slot(slot)

    def reason(self, case, slot, person, today):
        if case == self.FOUND:
            return lambda: _l("Education and experience match the tasks: %(words)s",
                              words=", ".join(self.found(slot, person)[:6]))
        return None


class Development(SharedWords):
    """What they want to learn against the slot's learning goals and tasks."""

    PER_WORD, MOST = 5, 15

    def person_text(self, person):
        return person.desired_development

    def slot_text(self, slot):
        return goals_and_tasks(slot)

    def reason(self, case, slot, person, today):
        if case == self.FOUND:
            return lambda: _l("What they want to learn matches the learning goals: %(words)s",
                              words=", ".join(self.found(slot, person)[:6]))
        return None


class Swedish(Part):
    """The Swedish the slot needs against the level the person has."""

    ENOUGH = 10  # no Swedish needed, or as much as needed
    SHORT_PER_LEVEL = 15  # taken for each level short of what is needed...
    # ...and less in a language placement, which is meant for people still learning Swedish.
    SHORT_PER_LEVEL_LANGUAGE_PLACEMENT = 5
    NOT_NEEDED, HAS_ENOUGH, SHORT = 1, 2, 3

    def prepare(self, slots):
        needed = np.array([LANGUAGE_LEVELS.index(slot.swedish_level) for slot in slots], dtype=np.int64)
        per_level = np.array([self.SHORT_PER_LEVEL_LANGUAGE_PLACEMENT
                              if slot.placement_type == PlacementType.LANGUAGE_PLACEMENT else self.SHORT_PER_LEVEL
                              for slot in slots], dtype=np.int64)
        return needed, per_level

    def score(self, columns, person, today):
        needed, per_level = columns
        has = LANGUAGE_LEVELS.index(person.swedish_level)
        case = np.where(needed == 0, self.NOT_NEEDED, np.where(has >= needed, self.HAS_ENOUGH, self.SHORT))
        return np.where(case == self.SHORT, -per_level * (needed - has), self.ENOUGH), case

    def reason(self, case, slot, person, today):
        if case == self.NOT_NEEDED:
            return lambda: _l("No Swedish required")
        level = person.swedish_level
        return lambda: _l("Swedish: the slot needs “%(needed)s”, the person has “%(has)s”",
                          needed=LANGUAGE_LEVEL_LABELS[slot.swedish_level],
                          has=LANGUAGE_LEVEL_LABELS[level] if LANGUAGE_LEVELS.index(level) else _l("none recorded"))


class OtherLanguages(Part):
    """A language they speak that the workplace welcomes (the slot's "other languages")."""

    WELCOMED = 5
    SPEAKS = 1

    def prepare(self, slots):
        welcoming = defaultdict(list)
        for position, slot in enumerate(slots):
            for language in welcomed_languages(slot.other_languages or ""):
                welcoming[language].append(position)
        return len(slots), _arrays(welcoming)

    def score(self, columns, person, today):
        count, welcoming = columns
        welcomed = np.zeros(count, dtype=bool)
        for spoken in person.languages:
            welcomed[welcoming.get(spoken.language.lower(), [])] = True
        return np.where(welcomed, self.WELCOMED, 0), np.where(welcomed, self.SPEAKS, SILENT)

    def reason(self, case, slot, person, today):
        if case != self.SPEAKS:
            return None
        welcomed = welcomed_languages(slot.other_languages or "")
        spoken = [spoken.language for spoken in person.languages if spoken.language.lower() in welcomed]
        return lambda: _l("Speaks %(languages)s, which the workplace welcomes", languages=", ".join(spoken))


class StepFreeAccess(Part):
    """For a person who needs step-free access: whether the workplace states it has it."""

    HAS, LACKS = 5, -30
    HAS_IT, DOES_NOT_STATE = 1, 2

    def prepare(self, slots):
        return np.array([bool(slot.step_free_access) for slot in slots], dtype=bool)

    def score(self, columns, person, today):
        if not person.needs_step_free_access:
            return _silent(len(columns))
        return np.where(columns, self.HAS, self.LACKS), np.where(columns, self.HAS_IT, self.DOES_NOT_STATE)

    def reason(self, case, slot, person, today):
        if case == self.HAS_IT:
            return lambda: _l("Needs step-free access, and the workplace has it")
        if case == self.DOES_NOT_STATE:
            return lambda: _l("Needs step-free access, which the workplace does not state")
        return None


class PartTime(Part):
    """For a person who needs part time: whether the slot allows it (or is short hours anyway)."""

    ALLOWS, FULL_TIME = 5, -20
    PART_TIME_HOURS = 30  # a slot of at most these hours a week is part time
    ALLOWED, NOT_ALLOWED = 1, 2

    def prepare(self, slots):
        return np.array([bool(slot.part_time_possible) or slot.hours_per_week <= self.PART_TIME_HOURS
                         for slot in slots], dtype=bool)

    def score(self, columns, person, today):
        if not person.needs_part_time:
            return _silent(len(columns))
        return np.where(columns, self.ALLOWS, self.FULL_TIME), np.where(columns, self.ALLOWED, self.NOT_ALLOWED)

    def reason(self, case, slot, person, today):
        if case == self.ALLOWED:
            return lambda: _l("Needs part time, and the slot allows it")
        if case == self.NOT_ALLOWED:
            return lambda: _l("Needs part time, but the slot is %(hours)d hours a week", hours=slot.hours_per_week)
        return None


class Dates(Part):
    """When the slot starts: already started, soon, or later."""

    STARTED, SOON, LATER = -5, 5, 0
    SOON_DAYS = 60  # a start within this many days is soon
    HAS_STARTED, STARTS_SOON, STARTS_LATER = 1, 2, 3

    def prepare(self, slots):
        return np.array([slot.start_date.toordinal() for slot in slots], dtype=np.int64)

    def score(self, columns, person, today):
        case = np.where(columns < today.toordinal(), self.HAS_STARTED,
                        np.where(columns <= (today + timedelta(days=self.SOON_DAYS)).toordinal(),
                                 self.STARTS_SOON, self.STARTS_LATER))
        points = np.select([case == self.HAS_STARTED, case == self.STARTS_SOON], [self.STARTED, self.SOON], self.LATER)
        return points, case

    def reason(self, case, slot, person, today):
        start = slot.start_date.isoformat()
        if case == self.HAS_STARTED:
            return lambda: _l("Already started on %(date)s", date=start)
        if case == self.STARTS_SOON:
            return lambda: _l("Starts soon, on %(date)s", date=start)
        return lambda: _l("Starts on %(date)s", date=start)


# The parts, in the order their reasons are shown.
PARTS = (Occupation(), Background(), Development(), Swedish(), OtherLanguages(), StepFreeAccess(), PartTime(), Dates())


def _arrays(positions):
    return {key: np.array(found, dtype=np.int64) for key, found in positions.items()}
