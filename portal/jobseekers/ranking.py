"""Ranking open slots for a job-seeker, with the reasons shown to the coordinator.

The score starts from how well the slot fits what the person wants and knows (occupation,
education, experience, desired development), then adds or takes points for language,
accessibility and dates. Each part gives a reason in plain words, so the coordinator can
see why a slot ranks where it does and overrule it.
"""
import re
from dataclasses import dataclass, field
from datetime import timedelta

from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz

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


@dataclass
class Reason:
    text: str
    points: int


@dataclass
class RankedSlot:
    slot: object
    score: int = 0
    reasons: list = field(default_factory=list)

    def add(self, points, text):
        self.score += points
        self.reasons.append(Reason(text=text, points=points))


def words(text):
    return {word for word in re.findall(r"[^\W\d_]{4,}", (text or "").lower()) if word not in STOP_WORDS}


def shared_words(left, right):
    """Words of `left` that also occur in `right`, allowing for inflections and typos."""
    right_words = words(right)
    found = []
    for word in sorted(words(left)):
        if any(fuzz.ratio(word, other) >= WORD_MATCH_THRESHOLD or (len(word) >= 5 and other.startswith(word[:5]))
               for other in right_words):
            found.append(word)
    return found


def rank_slots(jobseeker, slots, today):
    ranked = [score_slot(jobseeker, slot, today) for slot in slots]
    ranked.sort(key=lambda item: (-item.score, item.slot.start_date, item.slot.id))
    return ranked


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
        ranked.add(points, _l("Wants to work as “%(wanted)s”; the slot is for “%(occupation)s” (%(similarity)d %% alike)",
                              wanted=jobseeker.desired_occupation, occupation=slot.occupation,
                              similarity=round(similarity)))
    else:
        ranked.add(0, _l("Wants to work as “%(wanted)s”, a different occupation from “%(occupation)s”",
                         wanted=jobseeker.desired_occupation, occupation=slot.occupation))


def _slot_text(slot):
    return " ".join([slot.title, slot.occupation, slot.tasks, *(goal.text for goal in slot.learning_goals)])


def _background(ranked, jobseeker, slot):
    found = shared_words(f"{jobseeker.education} {jobseeker.experience}", _slot_text(slot))
    if found:
        points = min(BACKGROUND_POINTS, 7 * len(found))
        ranked.add(points, _l("Education and experience match the tasks: %(words)s", words=", ".join(found[:6])))


def _development(ranked, jobseeker, slot):
    goals = " ".join(goal.text for goal in slot.learning_goals) + " " + slot.tasks
    found = shared_words(jobseeker.desired_development, goals)
    if found:
        points = min(DEVELOPMENT_POINTS, 5 * len(found))
        ranked.add(points, _l("What they want to learn matches the learning goals: %(words)s",
                              words=", ".join(found[:6])))


def _language(ranked, jobseeker, slot):
    required = LANGUAGE_LEVELS.index(slot.swedish_level)
    has = LANGUAGE_LEVELS.index(jobseeker.swedish_level)
    if required == 0:
        ranked.add(10, _l("No Swedish required"))
        return
    text = _l("Swedish: the slot needs “%(needed)s”, the person has “%(has)s”",
              needed=LANGUAGE_LEVEL_LABELS[slot.swedish_level],
              has=LANGUAGE_LEVEL_LABELS[jobseeker.swedish_level] if has else _l("none recorded"))
    if has >= required:
        ranked.add(10, text)
    else:
        # A language placement is meant for people still learning Swedish: a gap matters less there.
        per_level = 5 if slot.placement_type == PlacementType.LANGUAGE_PLACEMENT else 15
        ranked.add(-per_level * (required - has), text)


def _other_languages(ranked, jobseeker, slot):
    welcomed = {name.strip().lower() for name in re.split(r"[,;/]| and | och ", slot.other_languages or "") if name.strip()}
    spoken = [spoken.language for spoken in jobseeker.languages if spoken.language.lower() in welcomed]
    if spoken:
        ranked.add(5, _l("Speaks %(languages)s, which the workplace welcomes", languages=", ".join(spoken)))


def _accessibility(ranked, jobseeker, slot):
    if jobseeker.needs_step_free_access:
        if slot.step_free_access:
            ranked.add(5, _l("Needs step-free access, and the workplace has it"))
        else:
            ranked.add(-30, _l("Needs step-free access, which the workplace does not state"))
    if jobseeker.needs_part_time:
        if slot.part_time_possible or slot.hours_per_week <= 30:
            ranked.add(5, _l("Needs part time, and the slot allows it"))
        else:
            ranked.add(-20, _l("Needs part time, but the slot is %(hours)d hours a week", hours=slot.hours_per_week))


def _dates(ranked, slot, today):
    if slot.start_date < today:
        ranked.add(-5, _l("Already started on %(date)s", date=slot.start_date.isoformat()))
    elif slot.start_date <= today + timedelta(days=60):
        ranked.add(5, _l("Starts soon, on %(date)s", date=slot.start_date.isoformat()))
    else:
        ranked.add(0, _l("Starts on %(date)s", date=slot.start_date.isoformat()))
