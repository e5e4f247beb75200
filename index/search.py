"""Hybrid retrieval: the union of FAISS's and BM25's (SQLite FTS5) best passages, ranked by a
weighted sum of three scores, each z-scored over those candidates:

    dense_weight * z(cosine of question and passage)
    + lexical_weight * z(BM25)
    + sentence_weight * z(best cosine of question and one of the passage's sentences)

The third lifts a passage holding one sentence that says what was asked above one that is only
about it on average (SciFact nDCG@10 0.740 -> 0.751, with lexical_weight raised 0.6 -> 1.0).
It uses the sentence vectors kept in memory by `VectorIndex.sentence_vectors`; a passage
without any scores its passage cosine there. Near-duplicate passages are collapsed, and
passage rows are read from SQLite for the winners only."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

import numpy as np

from .store import PassageRow, Store

if TYPE_CHECKING:  # imports FAISS: only where an index is searched
    from .store import VectorIndex
from .spelling import question_words
from .text import fts_match

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class SearchTuning:
    candidates: int = 50  # taken from each retriever before fusion
    dense_weight: float = 1.0
    lexical_weight: float = 1.0
    sentence_weight: float = 0.6  # 0 skips the sentence vectors altogether
    duplicate_cosine: float = 0.985  # passages this close are one passage said twice


@dataclass(frozen=True)
class Lexical:
    """BM25's best passages for a question, read at one state of the store (its generation):
    read while the question is embedded (Engine.answer_embedded), they stand in for the
    search's own reading only if no write has come between."""
    generation: int
    hits: tuple[tuple[int, float, str], ...]  # (passage id, BM25, collection), best first


def lexical(question: str, store: Store, collections: Sequence[str], k: int,
            article_id: str | None = None) -> Lexical:
    """`search`'s lexical half, which needs no query vector: in a read snapshot of its own."""
    with store.snapshot():
        return Lexical(store.generation(), _bm25(question, store, collections, k, article_id))


def _bm25(question: str, store: Store, collections: Sequence[str], k: int,
          article_id: str | None) -> tuple[tuple[int, float, str], ...]:
    match = fts_match(question, question_words(question, store).search_words)
    return tuple(store.bm25(match, collections, k, article_id)) if match else ()


@dataclass(frozen=True)
class Hit:
    passage: PassageRow
    score: float  # fused, z-scored: comparable within one question only
    dense: float  # cosine similarity of question and passage
    lexical: float  # BM25, 0 when the passage shares no word with the question
    vector: np.ndarray


def _zscore(values: np.ndarray) -> np.ndarray:
    """(values - values.mean()) / values.std(), zeros when they are all alike. The ufuncs those
    methods run, in the same order and precision (the sums in the values' own type, each divided
    by the count in float64 and rounded back), without their Python wrappers."""
    count = np.intp(len(values))
    kind = values.dtype.type
    deviation = values - kind(np.add.reduce(values) / count)
    spread = kind(np.sqrt(kind(np.add.reduce(deviation * deviation) / count)))
    return deviation / spread if spread > 1e-9 else np.zeros_like(values)


def _best_sentence_cosine(
    vectors: VectorIndex, passage_ids: list[int], query_vector: np.ndarray, passage_cosine: np.ndarray
) -> np.ndarray:
    """Per passage, the cosine of its sentence closest to the question (its passage cosine when
    it has no sentence vectors)."""
    best = passage_cosine.copy()
    sentences = vectors.sentence_vectors(passage_ids)
    have = [i for i, pid in enumerate(passage_ids) if pid in sentences]
    if not have:
        return best
    matrices = [sentences[passage_ids[i]] for i in have]
    scores = np.concatenate(matrices) @ query_vector  # one product for all candidates' sentences
    starts = np.cumsum([0] + [len(m) for m in matrices[:-1]])
    best[have] = np.maximum.reduceat(scores, starts)
    return best


def search(
    question: str,
    query_vector: np.ndarray,
    *,
    store: Store,
    vectors: VectorIndex,
    collections: Sequence[str],
    k: int = 10,
    article_id: str | None = None,
    mode: str = "hybrid",
    tuning: SearchTuning = SearchTuning(),
    read_ahead: Lexical | None = None,
) -> list[Hit]:
    """The k best passages of the collections (or of one article) for the question.
    `read_ahead`: `lexical(...)` of the same question, collections, article and
    tuning.candidates, used when the store is still at its generation (else read again)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    collection_of: dict[int, str] = {}
    lexical_score: dict[int, float] = {}
    for collection in collections:
        selector = None
        if article_id is not None:
            ids = [p.id for p in store.article_passages(collection, article_id)]
            if not ids:
                continue
            import faiss  # loaded by the VectorIndex searched below anyway

            selector = faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64))
        if mode != "bm25":
            for pid, _ in vectors.search(collection, query_vector, tuning.candidates, selector):
                collection_of[pid] = collection
    if mode != "dense":
        if read_ahead is not None and read_ahead.generation == store.generation():
            found_lexically = read_ahead.hits
        else:
            found_lexically = _bm25(question, store, collections, tuning.candidates, article_id)
        for pid, score, collection in found_lexically:
            lexical_score[pid] = score
            collection_of.setdefault(pid, collection)
    if not collection_of:
        return []

    # Fusion needs only ids and vectors (in memory); passage rows are read for the winners only.
    by_collection: dict[str, list[int]] = {}
    for pid, collection in collection_of.items():
        by_collection.setdefault(collection, []).append(pid)
    found: dict[int, np.ndarray] = {}
    for collection, ids in by_collection.items():
        found.update(vectors.reconstruct(collection, ids))
    candidate_ids = [pid for pid in collection_of if pid in found]
    if not candidate_ids:
        return []
    query_vector = np.asarray(query_vector, dtype=np.float32)
    matrix = np.array([found[pid] for pid in candidate_ids])
    cosine = matrix @ query_vector
    bm25 = np.asarray([lexical_score.get(pid, 0.0) for pid in candidate_ids], dtype=np.float32)

    if mode == "dense":
        fused = cosine.astype(np.float64)
    elif mode == "bm25":
        fused = bm25.astype(np.float64)
    else:
        fused = tuning.dense_weight * _zscore(cosine) + tuning.lexical_weight * _zscore(bm25)
        if tuning.sentence_weight:
            sentence = _best_sentence_cosine(vectors, candidate_ids, query_vector, cosine)
            fused = fused + tuning.sentence_weight * _zscore(sentence)

    order = np.argsort(-fused, kind="stable")
    likeness = matrix[order] @ matrix[order].T  # one product for every pair, not one per pair
    # Only a passage this close to a better one may be dropped: the others need no look.
    suspect = np.tril(likeness >= tuning.duplicate_cosine, -1).any(axis=1).tolist()
    kept: list[int] = []  # ranks in `order`, best first, near-duplicates dropped
    for rank in range(len(order)):
        if suspect[rank] and kept and likeness[rank, kept].max() >= tuning.duplicate_cosine:
            continue
        kept.append(rank)
        if len(kept) >= 2 * k:  # room for rows deleted since the vector search
            break
    kept = [int(order[rank]) for rank in kept]
    rows = store.passages([candidate_ids[i] for i in kept])
    scores, cosines, lexicals = fused[kept].tolist(), cosine[kept].tolist(), bm25[kept].tolist()  # Python floats
    hits = [Hit(rows[candidate_ids[i]], scores[at], cosines[at], lexicals[at], matrix[i])
            for at, i in enumerate(kept) if candidate_ids[i] in rows]
    return hits[:k]
