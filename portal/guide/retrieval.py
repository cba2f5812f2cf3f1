"""Free-text questions to topics: TF-IDF over the topics' texts and example questions.

Two views of the text, each weighted by TF-IDF (the small `Tfidf` below, numpy only; it gives
the same scores as scikit-learn's TfidfVectorizer with sublinear_tf, about three times faster per
question, without its ~270 MB of dependencies):
- word stems: every word through both Snowball stemmers (Swedish and English), so that
  "sjukskriven", "sjukskrivning" and "sick", "sickness" meet their topic whatever the language;
- character n-grams of the words (3 to 5, Swedish letters folded to a/o), which catch compound
  words ("semestervikarie") and typos ("försäkrng", "salery").
A word the content never uses is first replaced by the closest word it does use, if one is close
enough ("forsäkring", "insurence"): the stems then meet, not only a few n-grams.
Inverse document frequency counts topics, not texts: a word in ten example questions of one topic
is what tells that topic apart, not a common word.
A topic is scored by its best-matching example question, title, prompt or short answer (and a
little by its second best, so one lucky phrase counts less than two good ones), with a share
from its whole text. The retriever is built once per process.

On the topics the content lists as `careful` (pay, insurance, replacing staff, the union's
say), a wrong answer misleads about money, cover or rights: when such a topic is the best and
another careful topic is close behind, or the question uses a careful word (`careful_words`) and
a careful topic is close behind another, the guide says it is not sure and offers the closest
topics instead of picking one (`Ranking.topic` is None).
"""
import math
import re
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass

import numpy as np
import snowballstemmer
from rapidfuzz import fuzz, process

from .content import LANGUAGES, knowledge_base

# Below this score the guide says that it does not know (see tests/test_guide_accuracy.py).
CONFIDENCE_THRESHOLD = 0.18
SUGGESTIONS = 3
WORD_WEIGHT = 0.4  # the rest goes to character n-grams
WHOLE_TOPIC_WEIGHT = 0.4  # the rest goes to the best examples
SECOND_UNIT_WEIGHT = 0.3  # the second-best example's share, added to the best's
# A word the content does not use is replaced by the closest one it does if they are this similar
# (rapidfuzz's ratio, 0-100); words shorter than TYPO_MIN_LENGTH are left alone (too many near misses).
TYPO_SIMILARITY = 85
TYPO_MIN_LENGTH = 5
# A careful topic is the answer only if it reaches CAREFUL_THRESHOLD and no other careful topic
# scores CAREFUL_PAIR_MARGIN of it or more (insurance and injury, the union's consultation and its
# statement are told apart only with a clear gap); otherwise the guide offers the closest topics.
CAREFUL_THRESHOLD = 0.18
CAREFUL_PAIR_MARGIN = 0.8
# A question with a careful word (content/guide/_guide.yaml, careful_words) whose best topic is
# not careful is answered only if the best careful topic scores below this share of the best.
CAREFUL_WORDS_SHARE = 0.5
# ... unless the best topic scores this much or more: the question then clearly is on it (its own
# example questions, e.g. "Ska vi betala sjuklön?" on illness, score well above).
CAREFUL_WORDS_SURE = 0.4

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

    def __init__(self, analyzer, documents, groups=None):
        """`groups[i]` says whose document i is: the document frequency then counts groups (one
        for each topic), so that terms repeated within a group are not taken as common."""
        self.analyzer = analyzer
        groups = range(len(documents)) if groups is None else groups
        seen = {}
        for group, text in zip(groups, documents):
            seen.setdefault(group, set()).update(analyzer(text))
        frequency = Counter(term for terms in seen.values() for term in terms)
        terms = sorted(frequency)
        self.index = {term: i for i, term in enumerate(terms)}
        n = len(seen)
        self.idf = np.array([math.log((1 + n) / (1 + frequency[term])) + 1 for term in terms])

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
        self.careful = frozenset(getattr(kb, "careful", ()))
        self.careful_words = tuple(getattr(kb, "careful_words", ()))
        self.vocabulary = sorted({word for text in units + whole for word in words(text)})
        self._known = frozenset(self.vocabulary)
        groups = [*owners, *range(len(whole))]
        self.views = (
            (Tfidf(self._word_features, units + whole, groups), WORD_WEIGHT),
            (Tfidf(char_features, units + whole, groups), 1 - WORD_WEIGHT),
        )
        self.unit_postings = [Postings([view.vector(text) for text in units], len(view.index)) for view, _w in self.views]
        self.whole_postings = [Postings([view.vector(text) for text in whole], len(view.index)) for view, _w in self.views]
        # Units are grouped by topic, in order: the start of each topic's run of units.
        self.starts = np.flatnonzero(np.r_[True, self.owners[1:] != self.owners[:-1]])
        self.ends = np.r_[self.starts[1:], len(self.owners)]

    def corrected(self, word):
        """The word, or the content's closest word if the word is unknown and probably a typo."""
        if word in self._known or len(word) < TYPO_MIN_LENGTH or word.isdigit():
            return word
        match = process.extractOne(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_SIMILARITY)
        return match[0] if match else word

    def _word_features(self, text):
        return word_features(" ".join(self.corrected(word) for word in words(text)))

    def scores(self, question):
        """A score in [0, 1] for each topic, in knowledge-base order."""
        unit_scores = np.zeros(len(self.owners))
        whole = np.zeros(len(self.topic_ids))
        for (view, weight), units, wholes in zip(self.views, self.unit_postings, self.whole_postings):
            terms, weights = view.vector(question)
            unit_scores += weight ** 2 * units.scores(terms, weights)
            whole += weight ** 2 * wholes.scores(terms, weights)
        best_unit = np.maximum.reduceat(unit_scores, self.starts)
        second_unit = np.array([
            np.partition(unit_scores[start:end], -2)[-2] if end - start > 1 else 0.0
            for start, end in zip(self.starts, self.ends)
        ])
        examples = best_unit + SECOND_UNIT_WEIGHT * second_unit
        return (1 - WHOLE_TOPIC_WEIGHT) * examples + WHOLE_TOPIC_WEIGHT * whole

    def rank(self, question, threshold=CONFIDENCE_THRESHOLD):
        """The best topic if the guide is sure enough of it, else None with the closest topics.

        `threshold=0` ranks without refusing (for measuring); the careful-topic rule applies
        only with a threshold."""
        scores = self.scores(question)
        order = np.argsort(-scores, kind="stable")
        ranked = [(self.topic_ids[i], float(scores[i])) for i in order]
        best_id, best = ranked[0]
        topic = best_id if best >= threshold else None
        suggestions = [topic_id for topic_id, score in ranked[:SUGGESTIONS] if score > 0]
        best_careful = next((score for topic_id, score in ranked if topic_id in self.careful), 0.0)
        on_careful_ground = (best_id not in self.careful and best < CAREFUL_WORDS_SURE
                             and best_careful >= CAREFUL_WORDS_SHARE * best and self._on_careful_ground(question))
        if on_careful_ground:
            # Offer the closest careful topics beside the best one, whatever their rank.
            careful = [topic_id for topic_id, score in ranked if topic_id in self.careful and score > 0]
            suggestions = list(dict.fromkeys([*suggestions[:1], *careful[:SUGGESTIONS - 1], *suggestions]))
            suggestions = suggestions[:SUGGESTIONS + 1]
        if topic is not None and threshold > 0 and (self._unsure(ranked) or on_careful_ground):
            topic = None
        return Ranking(topic=topic, confidence=round(best, 3), suggestions=suggestions, scores=ranked)

    def _on_careful_ground(self, question):
        return any(word.startswith(self.careful_words) for word in words(question)) if self.careful_words else False

    def _unsure(self, ranked):
        """The best topic is careful and the ranking does not settle it."""
        best_id, best = ranked[0]
        if best_id not in self.careful:
            return False
        rival = any(topic_id in self.careful and score >= CAREFUL_PAIR_MARGIN * best
                    for topic_id, score in ranked[1:SUGGESTIONS])
        return best < CAREFUL_THRESHOLD or rival


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
