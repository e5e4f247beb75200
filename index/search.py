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
    dense: dict[int, tuple[str, float]] = {}
    lexical: dict[int, float] = {}
    for collection in collections:
        selector = None
        if article_id is not None:
            ids = [p.id for p in store.article_passages(collection, article_id)]
            if not ids:
                continue
            selector = faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64))
        if mode != "bm25":
            for pid, score in vectors.search(collection, query_vector, tuning.candidates, selector):
                dense[pid] = (collection, score)
    match = fts_match(question)
    if match and mode != "dense":
        lexical = dict(store.bm25(match, collections, tuning.candidates, article_id))

    candidate_ids = list(dict.fromkeys([*dense, *lexical]))
    rows = store.passages(candidate_ids)
    # SQLite is the reference: a passage deleted since the vector search is dropped here.
    found_ids, found_vectors = store.vectors_of(vectors.model, [p for p in candidate_ids if p in rows])
    if not len(found_ids):
        return []
    order = {pid: i for i, pid in enumerate(found_ids.tolist())}
    candidate_ids = [pid for pid in candidate_ids if pid in order]
    matrix = found_vectors[[order[pid] for pid in candidate_ids]]
    cosine = matrix @ query_vector.astype(np.float32)
    bm25 = np.asarray([lexical.get(pid, 0.0) for pid in candidate_ids], dtype=np.float32)

    if mode == "dense":
        fused = cosine.astype(np.float64)
    elif mode == "bm25":
        fused = bm25.astype(np.float64)
    else:
        fused = tuning.dense_weight * _zscore(cosine) + tuning.lexical_weight * _zscore(bm25)

    hits: list[Hit] = []
    kept: list[np.ndarray] = []
    for i in np.argsort(-fused, kind="stable"):
        vector = matrix[i]
        if any(float(vector @ other) >= tuning.duplicate_cosine for other in kept):
            continue
        kept.append(vector)
        pid = candidate_ids[i]
        hits.append(Hit(rows[pid], float(fused[i]), float(cosine[i]), float(bm25[i]), vector))
        if len(hits) >= k:
            break
    return hits
