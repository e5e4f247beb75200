"""Hybrid retrieval: FAISS dense similarity and BM25 (SQLite FTS5) fused by a weighted sum of
z-scored scores, with near-duplicate passages collapsed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import faiss
import numpy as np

from .store import PassageRow, Store, VectorIndex
from .text import fts_match

MODES = ("hybrid", "dense", "bm25")


@dataclass(frozen=True)
class SearchTuning:
    candidates: int = 50  # taken from each retriever before fusion
    dense_weight: float = 1.0
    lexical_weight: float = 0.6
    duplicate_cosine: float = 0.985  # passages this close are one passage said twice


@dataclass(frozen=True)
class Hit:
    passage: PassageRow
    score: float  # fused, z-scored: comparable within one question only
    dense: float  # cosine similarity of question and passage
    lexical: float  # BM25, 0 when the passage shares no word with the question
    vector: np.ndarray


def _zscore(values: np.ndarray) -> np.ndarray:
    spread = values.std()
    return (values - values.mean()) / spread if spread > 1e-9 else np.zeros_like(values)


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
) -> list[Hit]:
    """The k best passages of the collections (or of one article) for the question."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    collection_of: dict[int, str] = {}
    lexical: dict[int, float] = {}
    for collection in collections:
        selector = None
        if article_id is not None:
            ids = [p.id for p in store.article_passages(collection, article_id)]
            if not ids:
                continue
            selector = faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64))
        if mode != "bm25":
            for pid, _ in vectors.search(collection, query_vector, tuning.candidates, selector):
                collection_of[pid] = collection
    match = fts_match(question)
    if match and mode != "dense":
        for pid, score, collection in store.bm25(match, collections, tuning.candidates, article_id):
            lexical[pid] = score
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
    matrix = np.vstack([found[pid] for pid in candidate_ids])
    cosine = matrix @ query_vector.astype(np.float32)
    bm25 = np.asarray([lexical.get(pid, 0.0) for pid in candidate_ids], dtype=np.float32)

    if mode == "dense":
        fused = cosine.astype(np.float64)
    elif mode == "bm25":
        fused = bm25.astype(np.float64)
    else:
        fused = tuning.dense_weight * _zscore(cosine) + tuning.lexical_weight * _zscore(bm25)

    order = np.argsort(-fused, kind="stable")
    likeness = matrix[order] @ matrix[order].T  # one product for every pair, not one per pair
    kept: list[int] = []  # ranks in `order`, best first, near-duplicates dropped
    for rank in range(len(order)):
        if kept and likeness[rank, kept].max() >= tuning.duplicate_cosine:
            continue
        kept.append(rank)
        if len(kept) >= 2 * k:  # room for rows deleted since the vector search
            break
    kept = [int(order[rank]) for rank in kept]
    rows = store.passages([candidate_ids[i] for i in kept])
    hits = [Hit(rows[candidate_ids[i]], float(fused[i]), float(cosine[i]), float(bm25[i]), matrix[i])
            for i in kept if candidate_ids[i] in rows]
    return hits[:k]
