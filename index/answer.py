"""Pick the sentences that answer a question from the best passages, or decline."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from .models import Answer, Quote
from .search import Hit
from .store import SentenceRow, Store
from .text import terms

NOT_FOUND = (
    "I couldn't find an answer to that in the indexed articles, so I won't guess. "
    "Try other words, or see which articles are indexed."
)


@dataclass(frozen=True)
class AnswerTuning:
    passages: int = 6  # best passages whose sentences compete
    sentence_weight: float = 1.0  # cosine of question and sentence
    passage_weight: float = 0.6  # cosine of question and the sentence's passage
    lexical_weight: float = 0.35  # share of the question's words (IDF-weighted) in the sentence
    fused_weight: float = 0.05  # the passage's fused retrieval score (z-scored)
    min_words: int = 4  # shorter sentences (headings, "For control.") are never quoted alone
    per_passage: int = 2
    # Declines when the best quote's confidence falls below this; see bench/quality.py --abstain.
    threshold: float = 0.62


@dataclass(frozen=True)
class ScoredSentence:
    row: SentenceRow
    hit: Hit
    score: float
    confidence: float


def _coverage(sentence_terms: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if t in sentence_terms) / total


def score_sentences(
    question: str,
    query_vector: np.ndarray,
    hits: Sequence[Hit],
    store: Store,
    model: str,
    tuning: AnswerTuning = AnswerTuning(),
) -> list[ScoredSentence]:
    hits = list(hits[: tuning.passages])
    if not hits:
        return []
    weights = store.idf(list(dict.fromkeys(terms(question))))
    rows = store.sentences(model, [h.passage.id for h in hits])
    by_passage = {h.passage.id: h for h in hits}
    scored: list[ScoredSentence] = []
    for row in rows:
        if len(row.text.split()) < tuning.min_words or row.vector is None:
            continue
        hit = by_passage[row.passage_id]
        cosine = float(row.vector @ query_vector)
        coverage = _coverage(set(terms(row.text)), weights)
        confidence = (
            tuning.sentence_weight * cosine
            + tuning.passage_weight * hit.dense
            + tuning.lexical_weight * coverage
        )
        scored.append(ScoredSentence(row, hit, confidence + tuning.fused_weight * hit.score, confidence))
    scored.sort(key=lambda s: -s.score)
    return scored


def answer(
    question: str,
    query_vector: np.ndarray,
    hits: Sequence[Hit],
    store: Store,
    model: str,
    *,
    top: int = 3,
    tuning: AnswerTuning = AnswerTuning(),
) -> Answer:
    scored = score_sentences(question, query_vector, hits, store, model, tuning)
    if not scored or scored[0].confidence < tuning.threshold:
        return Answer(question, False, (), NOT_FOUND)
    quotes: list[Quote] = []
    per_passage: dict[int, int] = {}
    for item in scored:
        if len(quotes) >= top:
            break
        pid = item.row.passage_id
        if per_passage.get(pid, 0) >= tuning.per_passage:
            continue
        if item is not scored[0] and item.confidence < tuning.threshold:
            break
        per_passage[pid] = per_passage.get(pid, 0) + 1
        passage = item.hit.passage
        quotes.append(Quote(
            text=item.row.text, article_id=passage.article_id, title=passage.title, url=passage.url,
            paragraph=passage.paragraph, score=round(item.confidence, 4),
            start=item.row.start, end=item.row.end,
        ))
    return Answer(question, True, tuple(quotes))

