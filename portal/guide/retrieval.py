"""Free-text questions to topics: TF-IDF over the topics' texts and example questions.

Two views of the text, each weighted by TF-IDF (the small `Tfidf` below, numpy only; it gives
the same scores as scikit-learn's TfidfVectorizer with sublinear_tf, about three times faster per
question, without its ~270 MB of dependencies):
- word stems: every word through both Snowball stemmers (Swedish and English), so that
  "sjukskriven", "sjukskrivning" and "sick", "sickness" meet their topic whatever the language;
- character n-grams of the words (3 to 5, Swedish letters folded to a/o), which catch compound
  words ("semestervikarie") and typos ("försäkrng", "salery").
A topic is scored by its best-matching example question, title, prompt or short answer, with
a smaller share from its whole text. The retriever is built once per process.
"""
import re
import threading
import unicodedata
from dataclasses import dataclass

import math
from collections import Counter

import numpy as np
import snowballstemmer

from .content import LANGUAGES, knowledge_base

# Below this score the guide says that it does not know (see tests/test_guide_accuracy.py).
CONFIDENCE_THRESHOLD = 0.18
SUGGESTIONS = 3
WORD_WEIGHT = 0.4  # the rest goes to character n-grams
WHOLE_TOPIC_WEIGHT = 0.3  # the rest goes to the best single example

# Words that say nothing about the topic, in both languages (after lower-casing).
STOPWORDS = frozenset(
    """
    a an and are as at be been but by can could did do does doing for from had has have how i if
    in into is it its me my of on or our ours should so than that the their them then there these
    they this to us was we were what when where which who whom why will with would you your
    about any anything get got there's it's we're i'm
    och att det som en ett är av för på med till den de har inte om vi jag du hen han hon man
    ni er era vår vårt våra oss dem deras sig sin sitt sina kan får ska skall måste vill kunna
    vad hur när var vem vilka vilken vilket varför hos eller men så också då sedan efter under
    över vid från ut upp in mot bara än nu här där något någon några alla allt mycket
    gäller gör göra blir bli vara varit finns hade ha
    praktikant praktikanten praktikanter praktikanterna deltagare deltagaren participant
    participants intern interns trainee trainees
    """.split()
)
_FOLD = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", "æ": "a", "ø": "o"})
_WORD = re.compile(r"[a-zåäöéüæø0-9]+")
_local = threading.local()


def _stemmers():
    # Snowball stemmer objects keep state while stemming: one pair per thread.
    stemmers = getattr(_local, "stemmers", None)
    if stemmers is None:
        stemmers = _local.stemmers = (snowballstemmer.stemmer("swedish"), snowballstemmer.stemmer("english"))
    return stemmers


def words(text):
    """The words of a text that carry meaning, lower-cased."""
    text = unicodedata.normalize("NFKC", text).lower()
    return [word for word in _WORD.findall(text) if word not in STOPWORDS]


def word_features(text):
    """Each word's Swedish and English stems (folded), for the word-level TF-IDF."""
    swedish, english = _stemmers()
    tokens = words(text)
    features = []
    for stem_sv, stem_en in zip(swedish.stemWords(tokens), english.stemWords(tokens)):
        features.append(stem_sv.translate(_FOLD))
        if stem_en != stem_sv:
            features.append(stem_en.translate(_FOLD))
    return features


def char_text(text):
    """The meaningful words, folded, for the character n-grams."""
    return " ".join(words(text)).translate(_FOLD)


def char_features(text, sizes=range(3, 6)):
    """Character n-grams of each word padded with a space either side (" lön " gives " lö",
    "lön", "ön ", ...); a word shorter than an n-gram counts once, whole."""
    features = []
    for word in char_text(text).split():
        padded = f" {word} "
        for size in sizes:
            if len(padded) <= size:
                features.append(padded)
                break
            features.extend(padded[i:i + size] for i in range(len(padded) - size + 1))
    return features


class Tfidf:
    """TF-IDF weights for one view of the text: log-scaled term counts times smoothed inverse
    document frequency, each vector of unit length. Terms not seen in fitting are ignored."""

    def __init__(self, analyzer, documents):
        self.analyzer = analyzer
        counted = [Counter(analyzer(text)) for text in documents]
        frequency = Counter(term for counts in counted for term in counts)
        self.index = {term: i for i, term in enumerate(sorted(frequency))}
        n = len(documents)
        self.idf = np.array([math.log((1 + n) / (1 + frequency[term])) + 1 for term in sorted(frequency)])

    def vector(self, text):
        """(term indices, weights) of one text."""
        counts = Counter(term for term in self.analyzer(text) if term in self.index)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        terms = np.fromiter((self.index[term] for term in counts), dtype=np.int64, count=len(counts))
        weights = (1 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))) * self.idf[terms]
        return terms, weights / np.linalg.norm(weights)


class Postings:
    """Texts' vectors by term (an inverted index), to score a query against all texts at once."""

    def __init__(self, vectors, size):
        terms = np.concatenate([t for t, _w in vectors]) if vectors else np.zeros(0, dtype=np.int64)
        weights = np.concatenate([w for _t, w in vectors]) if vectors else np.zeros(0)
        texts = np.repeat(np.arange(len(vectors)), [len(t) for t, _w in vectors])
        order = np.argsort(terms, kind="stable")
        self.texts, self.weights = texts[order], weights[order]
        self.bounds = np.searchsorted(terms[order], np.arange(size + 1))
        self.count = len(vectors)

    def scores(self, terms, weights):
        """The dot product of a query vector with each text's vector."""
        starts, ends = self.bounds[terms], self.bounds[terms + 1]
        lengths = ends - starts
        if not lengths.sum():
            return np.zeros(self.count)
        positions = np.concatenate([np.arange(a, b) for a, b in zip(starts, ends)])
        return np.bincount(self.texts[positions], weights=self.weights[positions] * np.repeat(weights, lengths),
                           minlength=self.count)


@dataclass(frozen=True)
class Ranking:
    """What the guide makes of a question: the best topic (or None), its score, the closest topics."""

    topic: str | None
    confidence: float
    suggestions: list  # topic ids, best first
    scores: list  # (topic id, score), best first


class Retriever:
    def __init__(self, kb):
        self.kb = kb
        self.topic_ids = list(kb.topics)
        units, owners, whole = [], [], []
        for index, topic in enumerate(kb.topics.values()):
            for lang in LANGUAGES:
                texts = [topic.title[lang], topic.prompt[lang], topic.short[lang], *topic.questions[lang]]
                texts.extend(topic.keywords.get(lang, ()))
                units.extend(texts)
                owners.extend([index] * len(texts))
            whole.append(" ".join(
                " ".join((topic.title[lang], topic.short[lang], topic.explanation[lang],
                          *topic.questions[lang], *topic.keywords.get(lang, ())))
                for lang in LANGUAGES
            ))
        self.owners = np.array(owners)
        self.views = (
            (Tfidf(word_features, units + whole), WORD_WEIGHT),
            (Tfidf(char_features, units + whole), 1 - WORD_WEIGHT),
        )
        self.unit_postings = [Postings([view.vector(text) for text in units], len(view.index)) for view, _w in self.views]
        self.whole_postings = [Postings([view.vector(text) for text in whole], len(view.index)) for view, _w in self.views]
        # Units are grouped by topic, in order: the start of each topic's run of units.
        self.starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])

    def scores(self, question):
        """A score in [0, 1] for each topic, in knowledge-base order."""
        unit_scores = np.zeros(len(self.owners))
        whole = np.zeros(len(self.topic_ids))
        for (view, weight), units, wholes in zip(self.views, self.unit_postings, self.whole_postings):
            terms, weights = view.vector(question)
            unit_scores += weight ** 2 * units.scores(terms, weights)
            whole += weight ** 2 * wholes.scores(terms, weights)
        best_unit = np.maximum.reduceat(unit_scores, self.starts)
        return (1 - WHOLE_TOPIC_WEIGHT) * best_unit + WHOLE_TOPIC_WEIGHT * whole

    def rank(self, question, threshold=CONFIDENCE_THRESHOLD):
        scores = self.scores(question)
        order = np.argsort(-scores, kind="stable")
        ranked = [(self.topic_ids[i], float(scores[i])) for i in order]
        best_id, best = ranked[0]
        topic = best_id if best >= threshold else None
        return Ranking(
            topic=topic,
            confidence=round(best, 3),
            suggestions=[topic_id for topic_id, score in ranked[:SUGGESTIONS] if score > 0],
            scores=ranked,
        )


_retrievers = {}
_lock = threading.Lock()


def retriever(kb=None):
    """The retriever for a knowledge base, built once per process."""
    kb = kb or knowledge_base()
    found = _retrievers.get(kb.directory)
    if found is None or found.kb is not kb:
        with _lock:
            found = _retrievers.get(kb.directory)
            if found is None or found.kb is not kb:
                found = _retrievers[kb.directory] = Retriever(kb)
    return found


def rank(question, kb=None):
    return retriever(kb).rank(question)
