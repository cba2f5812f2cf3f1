"""The guide's development set: questions to tune the content's examples and keywords against.

tests/guide_dev.yaml holds questions written from what each topic is about (short and long, with
typos, Swedish without å/ä/ö, everyday words), half Swedish and half English, every topic covered.
Run with -s to see the figure and the misses.

A first round of tuning against this set (dev 80.5 -> 96.9 % top-1) lowered the held-out top-1
(tests/guide_heldout.yaml) from 88.1 to 84.5 % and let three questions on careful topics be
answered confidently with another topic: the examples and keywords it added were too general
("phone", "steps"). That round was undone; the floors below are the content as it is. Tune
against this set with few, specific words, and judge a change by the held-out figure.
"""
from pathlib import Path

import yaml

from portal.guide.content import knowledge_base
from portal.guide.retrieval import retriever

DATA = yaml.safe_load((Path(__file__).parent / "guide_dev.yaml").read_text())
TOP1_FLOOR = 0.80  # 80.5 % now
TOP3_FLOOR = 0.92  # 93.1 % now


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
