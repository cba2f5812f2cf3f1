"""How well the guide finds the right topic for questions it has not seen.

The questions are in tests/guide_questions.yaml: paraphrases (half Swedish, half English, some
with typos), none of them one of the topics' own example questions, plus off-topic questions
the guide should not pretend to answer. Run with -s to see the figures.
"""
from pathlib import Path

import pytest
import yaml

from portal.guide.content import knowledge_base
from portal.guide.retrieval import CONFIDENCE_THRESHOLD, retriever

DATA = yaml.safe_load((Path(__file__).parent / "guide_questions.yaml").read_text())
TOP1_FLOOR = 0.85  # aim: 0.90
TOP3_FLOOR = 0.95
OFF_TOPIC_REFUSED_FLOOR = 0.75


def normalised(text):
    return " ".join(text.lower().replace("?", "").split())


def test_the_set_is_large_balanced_and_unseen():
    questions = DATA["questions"]
    assert len(questions) >= 60
    by_lang = {lang: sum(item["lang"] == lang for item in questions) for lang in ("sv", "en")}
    assert by_lang["sv"] == by_lang["en"]
    kb = knowledge_base()
    examples = {normalised(q) for topic in kb.topics.values() for lang in ("sv", "en") for q in topic.questions[lang]}
    examples |= {normalised(topic.prompt[lang]) for topic in kb.topics.values() for lang in ("sv", "en")}
    reused = [item["q"] for item in questions if normalised(item["q"]) in examples]
    assert not reused, f"these are the topics' own example questions: {reused}"
    assert all(kb.topic(item["topic"]) for item in questions + DATA["holdout"])
    reused = [item["q"] for item in DATA["holdout"] if normalised(item["q"]) in examples]
    assert not reused


def test_topic_accuracy():
    found = retriever()
    results = {"sv": [], "en": []}
    misses = []
    for item in DATA["questions"]:
        ranking = found.rank(item["q"], threshold=0)
        top3 = [topic for topic, _score in ranking.scores[:3]]
        results[item["lang"]].append((top3[0] == item["topic"], item["topic"] in top3,
                                      ranking.confidence >= CONFIDENCE_THRESHOLD and top3[0] == item["topic"]))
        if top3[0] != item["topic"]:
            misses.append(f"  {item['q']!r}: expected {item['topic']}, got {top3}")
    every = results["sv"] + results["en"]
    top1 = sum(r[0] for r in every) / len(every)
    top3 = sum(r[1] for r in every) / len(every)
    answered = sum(r[2] for r in every) / len(every)
    print(f"\nGuide accuracy on {len(every)} questions: top-1 {top1:.1%}, top-3 {top3:.1%}, "
          f"answered right above the threshold {answered:.1%}")
    for lang, rows in results.items():
        print(f"  {lang}: top-1 {sum(r[0] for r in rows) / len(rows):.1%}, top-3 {sum(r[1] for r in rows) / len(rows):.1%}")
    print("\n".join(misses))
    assert top1 >= TOP1_FLOOR
    assert top3 >= TOP3_FLOOR


def test_off_topic_questions_get_no_answer():
    found = retriever()
    refused = [found.rank(item["q"]).topic is None for item in DATA["off_topic"]]
    print(f"\nOff-topic questions refused: {sum(refused)} of {len(refused)}")
    assert sum(refused) / len(refused) >= OFF_TOPIC_REFUSED_FLOOR


def test_holdout_accuracy():
    """Questions written after tuning: reported, with a floor well below the aim."""
    found = retriever()
    rows = []
    for item in DATA["holdout"]:
        top3 = [topic for topic, _score in found.rank(item["q"], threshold=0).scores[:3]]
        rows.append((top3[0] == item["topic"], item["topic"] in top3))
    top1 = sum(r[0] for r in rows) / len(rows)
    top3 = sum(r[1] for r in rows) / len(rows)
    print(f"\nHold-out ({len(rows)} questions written after tuning): top-1 {top1:.1%}, top-3 {top3:.1%}")
    assert top1 >= 0.5 and top3 >= 0.75


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_topic_finds_itself_from_its_own_examples(lang):
    """A check on the content: a topic's own example questions should lead to it (or, on a
    careful topic, to "not sure" with it among the closest topics)."""
    kb = knowledge_base()
    found = retriever()
    wrong = []
    for topic in kb.topics.values():
        for q in topic.questions[lang]:
            ranking = found.rank(q)
            if ranking.topic != topic.id and (ranking.topic is not None or topic.id not in ranking.suggestions):
                wrong.append((topic.id, q, ranking.topic))
    assert len(wrong) <= 3, wrong
