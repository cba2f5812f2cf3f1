"""Top-1 accuracy on questions held out from tuning (issue 14): tests/guide_heldout.yaml.

The set was written before the topics' example questions were changed and is never copied into
a topic (checked below), so the figure says how the guide does on questions nobody tuned for.
A question whose expected topic does not exist counts as a miss. Run with -s to see the figure.
Measured with the content before issue 14: top-1 20.2 % (17 of 84; 17 of the 24 whose topic
existed then). After the new topics and corrections: 78.6 % top-1, 96.4 % top-3. After the
retrieval's general changes (inverse document frequency over topics, the second-best example,
typo correction against the content's words; chosen on tests/guide_questions.yaml): 88.1 % top-1,
96.4 % top-3.
"""
from pathlib import Path

import yaml

from portal.guide.content import knowledge_base
from portal.guide.retrieval import retriever

DATA = yaml.safe_load((Path(__file__).parent / "guide_heldout.yaml").read_text())
HELDOUT_FLOOR = 0.85  # measured 88.1 % (aim: 0.95); not tuned on this set


def normalised(text):
    return " ".join(text.lower().replace("?", "").split())


def test_the_held_out_set_is_large_balanced_and_unseen():
    questions = DATA["questions"]
    assert len(questions) >= 80
    assert sum(item["lang"] == "sv" for item in questions) == sum(item["lang"] == "en" for item in questions)
    kb = knowledge_base()
    examples = {normalised(q) for topic in kb.topics.values() for lang in ("sv", "en") for q in topic.questions[lang]}
    examples |= {normalised(topic.prompt[lang]) for topic in kb.topics.values() for lang in ("sv", "en")}
    reused = [item["q"] for item in questions if normalised(item["q"]) in examples]
    assert not reused, f"held-out questions copied into topics: {reused}"
    missing = sorted({item["topic"] for item in questions} - set(kb.topics))
    assert not missing, f"held-out questions expect topics that do not exist: {missing}"


def test_held_out_top1():
    found = retriever()
    rows, misses = [], []
    for item in DATA["questions"]:
        top = [topic for topic, _score in found.rank(item["q"], threshold=0).scores[:3]]
        rows.append((item["lang"], top[0] == item["topic"], item["topic"] in top))
        if top[0] != item["topic"]:
            misses.append(f"  {item['q']!r}: expected {item['topic']}, got {top}")
    top1 = sum(r[1] for r in rows) / len(rows)
    top3 = sum(r[2] for r in rows) / len(rows)
    print(f"\nHeld-out ({len(rows)} questions): top-1 {top1:.1%}, top-3 {top3:.1%}")
    for lang in ("sv", "en"):
        mine = [r for r in rows if r[0] == lang]
        print(f"  {lang}: top-1 {sum(r[1] for r in mine) / len(mine):.1%}")
    print("\n".join(misses))
    assert top1 >= HELDOUT_FLOOR


def test_careful_topics_are_never_answered_wrongly_with_confidence():
    """Pay, insurance, replacing staff and the union's say (`careful` in _guide.yaml): for a
    held-out question on such a topic the guide answers with that topic or says it is not sure
    and offers it among the closest topics; it never states another topic."""
    kb = knowledge_base()
    found = retriever()
    asked = [item for item in DATA["questions"] if item["topic"] in kb.careful]
    assert len(asked) >= 15
    confident_wrong, not_offered = [], []
    for item in asked:
        ranking = found.rank(item["q"])
        if ranking.topic is not None and ranking.topic != item["topic"]:
            confident_wrong.append(f"  {item['q']!r}: expected {item['topic']}, answered {ranking.topic}")
        elif ranking.topic is None and item["topic"] not in ranking.suggestions:
            not_offered.append(f"  {item['q']!r}: expected {item['topic']}, offered {ranking.suggestions}")
    print(f"\nCareful topics: {len(asked)} held-out questions, {len(confident_wrong)} answered wrongly, "
          f"{len(not_offered)} 'not sure' without the topic among the closest")
    print("\n".join(not_offered))
    assert not confident_wrong, "\n".join(confident_wrong)
    # One question ("... klämde handen i maskinen ...") shares no word with the injury topic: the
    # guide says it is not sure but cannot offer the topic. Not fixed by copying its words in.
    assert len(not_offered) <= 1, "\n".join(not_offered)


def test_careful_topics_section_lists_real_topics_and_words():
    kb = knowledge_base()
    assert {"no-wage", "extra-payment", "benefit", "insurance", "replace-staff", "union-consultation",
            "union-statement"} <= kb.careful <= set(kb.topics)
    assert kb.careful_words
