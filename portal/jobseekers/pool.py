"""Every open slot scored for one job-seeker at once, for the matching page.

ranking.py says what the score is, one slot at a time, with a reason for each part. Going
through a few thousand open slots that way cost ~30 ms a page. Here the same parts are computed
for all open slots together, as columns (numpy arrays) kept per data version: only the best few
are then scored again by ranking.score_slot for the reasons shown, and a test proves the two
give the same scores and order.
"""
from collections import defaultdict

import numpy as np
from rapidfuzz import fuzz, process

from ..models import LANGUAGE_LEVELS, PlacementType
from . import ranking
from .ranking import BACKGROUND_POINTS, DEVELOPMENT_POINTS, OCCUPATION_POINTS, goals_and_tasks, text_of_slot


class SlotPool:
    """The open slots (matching.Candidate) as columns, made once per data version."""

    def __init__(self, candidates):
        self.candidates = candidates
        self.ids = np.array([slot.id for slot in candidates], dtype=np.int64)
        self.positions = {slot.id: position for position, slot in enumerate(candidates)}
        self.occupations = [slot.occupation.lower() for slot in candidates]
        self.titles = [slot.title.lower() for slot in candidates]
        self.swedish_needed = np.array([LANGUAGE_LEVELS.index(slot.swedish_level) for slot in candidates], dtype=np.int64)
        self.language_placement = np.array(
            [slot.placement_type == PlacementType.LANGUAGE_PLACEMENT for slot in candidates], dtype=bool)
        self.step_free = np.array([bool(slot.step_free_access) for slot in candidates], dtype=bool)
        self.part_time_ok = np.array(
            [bool(slot.part_time_possible) or slot.hours_per_week <= 30 for slot in candidates], dtype=bool)
        self.starts = np.array([slot.start_date.toordinal() for slot in candidates], dtype=np.int64)
        self.welcoming = _index(candidates, lambda slot: ranking.welcomed_languages(slot.other_languages or ""))
        self.text_words = _index(candidates, lambda slot: ranking.tokens(text_of_slot(slot))[0])
        self.text_stems = _index(candidates, lambda slot: ranking.tokens(text_of_slot(slot))[1])
        self.goal_words = _index(candidates, lambda slot: ranking.tokens(goals_and_tasks(slot))[0])
        self.goal_stems = _index(candidates, lambda slot: ranking.tokens(goals_and_tasks(slot))[1])
        self.vocabulary = sorted(self.text_words)  # a slot's goals and tasks are part of its text

    def __len__(self):
        return len(self.candidates)

    def best(self, jobseeker, today, limit, leave_out=()):
        """The `limit` best slots for the job-seeker, as ranking.RankedSlot with their reasons, best
        first; the slots with an id in `leave_out` are not considered."""
        person = ranking.snapshot(jobseeker)
        person.matches = ranking.word_matches(person, vocabulary=self.vocabulary)
        scores = self.scores(person, today)
        considered = np.ones(len(self), dtype=bool)
        considered[[self.positions[slot_id] for slot_id in leave_out if slot_id in self.positions]] = False
        order = np.lexsort((self.ids, self.starts, -scores))  # as ranking orders: score, start, id
        picked = order[considered[order]][:limit]
        return [ranking.score_slot(person, self.candidates[index], today) for index in picked]

    def scores(self, person, today):
        """Every slot's score for the person (a ranking.snapshot), part by part as ranking.py gives it."""
        score = self._occupation(person) + self._language(person) + self._other_languages(person)
        if person.needs_step_free_access:
            score += np.where(self.step_free, 5, -30)
        if person.needs_part_time:
            score += np.where(self.part_time_ok, 5, -20)
        start, soon = today.toordinal(), today.toordinal() + 60
        score += np.where(self.starts < start, -5, np.where(self.starts <= soon, 5, 0))
        background = self._words_found(ranking.background_text(person), self.text_words, self.text_stems, person)
        score += np.minimum(BACKGROUND_POINTS, 7 * background)
        development = self._words_found(person.desired_development, self.goal_words, self.goal_stems, person)
        score += np.minimum(DEVELOPMENT_POINTS, 5 * development)
        return np.clip(score, 0, 100)

    def _occupation(self, person):
        if not person.desired_occupation or not len(self):
            return np.zeros(len(self), dtype=np.int64)
        wanted = [person.desired_occupation.lower()]
        similarity = np.maximum(
            process.cdist(wanted, self.occupations, scorer=fuzz.token_set_ratio, dtype=np.float64)[0],
            process.cdist(wanted, self.titles, scorer=fuzz.token_set_ratio, dtype=np.float64)[0],
        )
        # np.round rounds halves to even, as Python's round() does in ranking._occupation.
        return np.where(similarity >= 50, np.round(OCCUPATION_POINTS * similarity / 100), 0).astype(np.int64)

    def _language(self, person):
        has = LANGUAGE_LEVELS.index(person.swedish_level)
        per_level = np.where(self.language_placement, 5, 15)
        return np.where((self.swedish_needed == 0) | (has >= self.swedish_needed), 10,
                        -per_level * (self.swedish_needed - has))

    def _other_languages(self, person):
        welcomed = np.zeros(len(self), dtype=bool)
        for spoken in person.languages:
            welcomed[self.welcoming.get(spoken.language.lower(), [])] = True
        return np.where(welcomed, 5, 0)

    def _words_found(self, text, words, stems, person):
        """How many of the text's words each slot shares (ranking.shared_words, counted for all slots)."""
        found = np.zeros(len(self), dtype=np.int64)
        for word in ranking.tokens(text or "")[0]:
            has = np.zeros(len(self), dtype=bool)
            if len(word) >= 5:
                has[stems.get(word[:5], [])] = True
            for alike in person.matches.get(word, ()):
                has[words.get(alike, [])] = True
            found += has
        return found


def _index(candidates, keys_of):
    """{key: the positions of the slots that have it}, for a function giving each slot's keys."""
    positions = defaultdict(list)
    for position, slot in enumerate(candidates):
        for key in keys_of(slot):
            positions[key].append(position)
    return {key: np.array(found, dtype=np.int64) for key, found in positions.items()}

