"""How long the guide takes to answer, in-process, with the whole knowledge base loaded.

    .venv/bin/python bench/guide_bench.py [--rounds 20]

Times two things over the accuracy test set (tests/guide_questions.yaml), both languages:
- retrieval: ranking one question against every topic (what a free-text answer costs);
- request: POST /guide/ask with Accept: application/json through Flask's test client, for an
  anonymous visitor (session conversation, unanswered questions written to SQLite in memory).
Prints the median and p95 in milliseconds. Building the retriever (once per process) is
timed separately and not counted in the answers.
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from portal import create_app  # noqa: E402
from portal.extensions import db  # noqa: E402
from portal.guide.content import knowledge_base  # noqa: E402
from portal.guide.retrieval import Retriever, retriever  # noqa: E402


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report(name, seconds):
    ms = [s * 1000 for s in seconds]
    print(f"{name:<10} n={len(ms):>5}  median {statistics.median(ms):6.2f} ms  p95 {percentile(ms, 0.95):6.2f} ms"
          f"  max {max(ms):6.2f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="times through the question set")
    args = parser.parse_args()
    data = yaml.safe_load((ROOT / "tests" / "guide_questions.yaml").read_text())
    questions = [(item["q"], item["lang"]) for key in ("questions", "off_topic", "holdout") for item in data[key]]

    start = time.perf_counter()
    kb = knowledge_base()
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    Retriever(kb)
    built = time.perf_counter() - start
    print(f"knowledge base: {len(kb.topics)} topics, {sum(len(t.questions['sv']) + len(t.questions['en']) for t in kb.topics.values())}"
          f" example questions; read in {loaded * 1000:.0f} ms, retriever built in {built * 1000:.0f} ms")

    found = retriever(kb)
    for question, _lang in questions:  # warm up
        found.rank(question)
    timings = []
    for _round in range(args.rounds):
        for question, _lang in questions:
            start = time.perf_counter()
            found.rank(question)
            timings.append(time.perf_counter() - start)
    report("retrieval", timings)

    # The questions all come from one address: the limit on anonymous questions (30 per 10 minutes)
    # would answer 429 from the 31st on. Its cost, one counter upsert per question, is still measured.
    app = create_app({"TESTING": True, "SECRET_KEY": "bench", "SQLALCHEMY_DATABASE_URI": "sqlite://",
                      "WTF_CSRF_ENABLED": False, "GUIDE_QUESTIONS_PER_ADDRESS": 10**9})
    with app.app_context():
        db.create_all()
        client = app.test_client()
        timings = []
        for round_number in range(max(1, args.rounds // 4)):
            for question, lang in questions:
                start = time.perf_counter()
                response = client.post("/guide/ask", data={"question": question, "lang": lang},
                                       headers={"Accept": "application/json"})
                timings.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
        report("request", timings)


if __name__ == "__main__":
    main()
