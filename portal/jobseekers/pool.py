"""Open slots scored for one job-seeker, all at once, best first with the reasons.

The parts of the score are declared in score.py; here they are added up for every open slot
together (numpy arrays, made once per data version by matching.open_pool), and the best few
are given their reasons. Scoring one slot (the score a match records) is a pool of one.
"""
import numpy as np

from . import ranking
from .ranking import RankedSlot, Reason
from .score import HIGHEST, LOWEST, PARTS


class SlotPool:
    """The open slots (matching.Candidate, or Slot) as each part of the score reads them."""

    def __init__(self, candidates):
        self.candidates = candidates
        self.ids = np.array([slot.id for slot in candidates], dtype=np.int64)
        self.positions = {slot.id: position for position, slot in enumerate(candidates)}
        self.starts = np.array([slot.start_date.toordinal() for slot in candidates], dtype=np.int64)
        self.columns = [part.prepare(candidates) for part in PARTS]
        # Every word of the slots' texts (a slot's goals and tasks are part of its text), for ranking.word_matches.
        self.vocabulary = sorted({word for slot in candidates for word in ranking.tokens(ranking.text_of_slot(slot))[0]})

    def __len__(self):
        return len(self.candidates)

    def best(self, jobseeker, today, limit, leave_out=()):
        """The `limit` best slots for the job-seeker, as ranking.RankedSlot with their reasons, best
        first (by score, then the earlier start, then id); the slots with an id in `leave_out` are
        not considered."""
        person = self.person(jobseeker)
        parts = self.parts(person, today)
        scores = self._total(parts)
        considered = np.ones(len(self), dtype=bool)
        considered[[self.positions[slot_id] for slot_id in leave_out if slot_id in self.positions]] = False
        order = np.lexsort((self.ids, self.starts, -scores))
        picked = order[considered[order]][:limit]
        return [self._ranked(index, int(scores[index]), parts, person, today) for index in picked]

    def person(self, jobseeker):
        """What the score reads of the job-seeker (ranking.snapshot), with their words matched to the slots'."""
        person = ranking.snapshot(jobseeker)
        person.matches = ranking.word_matches(person, vocabulary=self.vocabulary)
        return person

    def parts(self, person, today):
        """Each part's (points, case) for every slot, in PARTS' order."""
        return [part.score(columns, person, today) for part, columns in zip(PARTS, self.columns)]

    def scores(self, person, today):
        """Every slot's score for the person (from self.person)."""
        return self._total(self.parts(person, today))

    def _total(self, parts):
        return np.clip(sum(points for points, _case in parts), LOWEST, HIGHEST)

    def _ranked(self, index, score, parts, person, today):
        slot = self.candidates[index]
        ranked = RankedSlot(slot=slot, score=score)
        for part, (points, case) in zip(PARTS, parts):
            text = part.reason(int(case[index]), slot, person, today)
            if text is not None:
                ranked.reasons.append(Reason(int(points[index]), text))
        return ranked


def score_slot(jobseeker, slot, today):
    """One slot's score for the job-seeker, with its reasons."""
    return SlotPool([slot]).best(jobseeker, today, limit=1)[0]
