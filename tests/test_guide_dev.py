"""The guide's development set: questions the content's examples and keywords are tuned against.

tests/guide_dev.yaml holds questions written from what each topic is about (short and long, with
typos, Swedish without å/ä/ö, everyday words), half Swedish and half English, every topic covered.
Tuning the content against them is expected; tests/guide_questions.yaml measures unseen questions.
Run with -s to see the figure and the misses.
"""
from pathlib import Path

import yaml

from portal.guide.content import knowledge_base
from portal.guide.retrieval import retriever

DATA = yaml.safe_load((Path(__file__).parent / "guide_dev.yaml").read_text())
TOP1_FLOOR = 0.95  # first 150 questions before tuning: 82.7 %; the next 74, written after the first round: 75.7 %;
# the last 38, written after the second: 86.8 %
TOP3_FLOOR = 0.98


def normalised(text):
    return " ".join(text.lower().replace("?", "").split())


def test_the_set_covers_every_topic_in_both_languages_and_is_not_the_examples():
    questions = DATA["questions"]
    assert len(questions) >= 120
    kb = knowledge_base()
    assert all(kb.topic(item["topic"]) for item in questions)
    for lang in ("sv", "en"):
        covered = {item["topic"] for item in questions if item["lang"] == lang}
        assert covered == set(kb.topics), f"{lang}: no question for {set(kb.topics) - covered}"
    examples = {normalised(q) for topic in kb.topics.values() for lang in ("sv", "en") for q in topic.questions[lang]}
    examples |= {normalised(topic.prompt[lang]) for topic in kb.topics.values() for lang in ("sv", "en")}
    reused = [item["q"] for item in questions if normalised(item["q"]) in examples]
    assert not reused, f"these are the topics' own example questions: {reused}"


def test_dev_accuracy():
    found = retriever()
    rows, misses = {"sv": [], "en": []}, []
    for item in DATA["questions"]:
        top3 = [topic for topic, _score in found.rank(item["q"], threshold=0).scores[:3]]
        rows[item["lang"]].append((top3[0] == item["topic"], item["topic"] in top3))
        if top3[0] != item["topic"]:
            misses.append(f"  {item['q']!r}: expected {item['topic']}, got {top3}")
    every = rows["sv"] + rows["en"]
    top1 = sum(r[0] for r in every) / len(every)
    top3 = sum(r[1] for r in every) / len(every)
    print(f"\nGuide dev set, {len(every)} questions: top-1 {top1:.1%}, top-3 {top3:.1%}")
    for lang, lang_rows in rows.items():
        print(f"  {lang}: top-1 {sum(r[0] for r in lang_rows) / len(lang_rows):.1%}")
    print("\n".join(misses))
    assert top1 >= TOP1_FLOOR
    assert top3 >= TOP3_FLOOR
