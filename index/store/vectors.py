"""`VectorIndex`: the in-memory FAISS indexes (one per collection, ids = passage row ids),
built and patched from the Store's embedding cache and saved as checksummed start-up caches
(`faiss/*.faiss`). Holds no SQL: every vector it needs is read through the Store."""
from __future__ import annotations

import hashlib
import logging
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Iterable, Sequence

import faiss
import numpy as np

from .core import Store, atomic_write, storage_errors

log = logging.getLogger(__name__)

# A cache file is this magic, the SHA-256 of the rest, then FAISS's own serialisation: bit rot or
# a tampered file is caught before a single vector is trusted.
CACHE_MAGIC = b"quotebot-faiss-1\n"
_DIGEST = hashlib.sha256().digest_size
OLD_CACHE = "not written by this version of quotebot"
# Vectors compared with SQLite's at every cache load: cheap, and a cache written for another
# database (a backup restored beside a newer cache) cannot pass with matching ids alone.
CACHE_SPOT_CHECKS = 32


def _cache_rows(matrix: np.ndarray) -> int:
    """A cached passage's weight against the bound; an empty one still costs an entry."""
    return max(1, len(matrix))


# At most about 290 MiB of float32 at MiniLM's 384 dimensions (the process is ~1.3 GiB without
# it): all the sentences of a SciFact-sized corpus (45k) fit four times over, while a much
# larger corpus keeps its most asked-about passages and cannot grow the process without limit.
SENTENCE_CACHE_ROWS = 200_000


class VectorIndex:
    """One FAISS inner-product index per collection, ids = passage row ids. Rebuilt or patched
    from the SQLite embedding cache; saved as a start-up cache with an atomic replace.

    Also keeps the sentence vectors of recently searched passages in memory (least recently
    used dropped first, `sentence_cache_rows` sentences at most): reading them from SQLite for
    every question costs ~20 ms at 50 candidates a retriever, as much as embedding the question.
    Filled lazily, so start-up reads nothing more. Keyed by passage id alone, which is sound
    because ids are never reused and a passage's sentences never change.

    Threading contract: every method holds `lock` (FAISS indexes and the cache are shared by
    all threads); the vectors it reads come through the Store, on the calling thread's
    connection. It writes no SQL."""

    def __init__(self, store: Store, model: str, dim: int, sentence_cache_rows: int = SENTENCE_CACHE_ROWS):
        self.store = store
        self.model = model
        self.dim = dim
        self.lock = threading.RLock()
        self._indexes: dict[str, faiss.IndexIDMap2] = {}
        self.cache_dir = store.data_dir / "faiss"
        self.sentence_cache_rows = sentence_cache_rows
        # Passages without embedded sentences are remembered too (as 0-row matrices), so they are
        # not looked up again on every question that finds them.
        self._sentences: OrderedDict[int, np.ndarray] = OrderedDict()
        self._sentence_rows = 0

    def _cache_path(self, collection: str) -> Path:
        instance = self.store.get_meta("instance", "")
        safe = hashlib.sha256(f"{self.model}|{collection}|{instance}".encode()).hexdigest()[:20]
        return self.cache_dir / f"{safe}.faiss"

    def _new(self) -> faiss.IndexIDMap2:
        return faiss.IndexIDMap2(faiss.IndexFlatIP(self.dim))

    def load(self, collection: str) -> faiss.IndexIDMap2:
        """The collection's index, made to match SQLite exactly (missing ids added, stale removed)."""
        with self.lock:
            index = self._indexes.get(collection)
            if index is None:
                index = self._read_cache(collection) or self._new()
                self._indexes[collection] = index
                self._reconcile(collection, index)
            return index

    def _read_cache(self, collection: str) -> faiss.IndexIDMap2 | None:
        """The saved index if its checksum holds and its vectors agree with SQLite's; None (the
        index is then built from SQLite) otherwise."""
        path = self._cache_path(collection)
        try:
            content = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            log.warning("cannot read the FAISS cache %s (%s): rebuilding it from the database", path, error)
            return None
        index, problem = read_cache(content, self.dim)
        if problem is None and not self._agrees_with_store(index):
            problem = "vectors differ from the database's"
        if problem is not None:
            # A cache from before the checksums is expected once after an upgrade: no alarm.
            level = logging.INFO if problem == OLD_CACHE else logging.WARNING
            log.log(level, "FAISS cache %s: %s; rebuilding it from the database", path, problem)
            return None
        return index

    def _agrees_with_store(self, index: faiss.IndexIDMap2) -> bool:
        if not index.ntotal:
            return True
        ids = faiss.vector_to_array(index.id_map)
        sample = ids[np.linspace(0, len(ids) - 1, min(CACHE_SPOT_CHECKS, len(ids))).astype(int)]
        found, vectors = self.store.vectors_of(self.model, sample.tolist())
        # Ids SQLite no longer has are removed by the reconciliation that follows.
        return all(np.array_equal(index.reconstruct(int(pid)), vector) for pid, vector in zip(found, vectors))

    def _reconcile(self, collection: str, index: faiss.IndexIDMap2) -> None:
        have = faiss.vector_to_array(index.id_map) if index.ntotal else np.zeros(0, dtype=np.int64)
        want = self.store.passage_ids(collection)
        stale = np.setdiff1d(have, want)
        missing = np.setdiff1d(want, have)
        if len(stale):
            index.remove_ids(faiss.IDSelectorBatch(stale))
            self._forget_sentences(stale.tolist())
        if len(missing):
            ids, vectors = self.store.vectors_of(self.model, missing.tolist())
            if len(ids):
                index.add_with_ids(vectors, ids)

    def refresh(self) -> None:
        """Patch every loaded index to SQLite's state, after another process wrote."""
        with self.lock:
            for collection, index in self._indexes.items():
                self._reconcile(collection, index)

    def apply(self, collection: str, removed: Sequence[int], added_ids: Sequence[int], added: np.ndarray) -> None:
        with self.lock:
            self._forget_sentences(removed)
            if collection not in self._indexes:
                self.load(collection)  # loading reconciles with SQLite, which already has the change
                return
            index = self._indexes[collection]
            if len(removed):
                index.remove_ids(faiss.IDSelectorBatch(np.asarray(removed, dtype=np.int64)))
            if len(added_ids):
                index.add_with_ids(np.ascontiguousarray(added, dtype=np.float32), np.asarray(added_ids, dtype=np.int64))

    def search(self, collection: str, vector: np.ndarray, k: int, selector=None) -> list[tuple[int, float]]:
        with self.lock:
            index = self.load(collection)
            if index.ntotal == 0:
                return []
            params = faiss.SearchParameters(sel=selector) if selector is not None else None
            scores, ids = index.search(vector.reshape(1, -1).astype(np.float32), min(k, index.ntotal), params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def reconstruct(self, collection: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored vectors of the given passages (those the index holds), from memory."""
        found: dict[int, np.ndarray] = {}
        with self.lock:
            index = self.load(collection)
            for pid in ids:
                try:
                    found[int(pid)] = index.reconstruct(int(pid))
                except RuntimeError:  # not in this index
                    pass
        return found

    def sentence_vectors(self, passage_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Sentence vectors of the given passages (a matrix each, rows in text order; passages
        without any are left out): from memory, the misses read from SQLite in one go."""
        found: dict[int, np.ndarray] = {}
        with self.lock:
            missing: list[int] = []
            for pid in map(int, passage_ids):
                matrix = self._sentences.get(pid)
                if matrix is None:
                    missing.append(pid)
                    continue
                self._sentences.move_to_end(pid)
                if len(matrix):
                    found[pid] = matrix
            if missing:
                # Read under the lock: a removal applied meanwhile could otherwise be cached back.
                loaded = self.store.sentence_vectors(self.model, missing)
                nothing = np.zeros((0, self.dim), dtype=np.float32)
                for pid in missing:
                    matrix = loaded.get(pid, nothing)
                    if len(matrix):
                        found[pid] = matrix
                    self._remember_sentences(pid, matrix)
            while self._sentences and self._sentence_rows > self.sentence_cache_rows:
                _, evicted = self._sentences.popitem(last=False)
                self._sentence_rows -= _cache_rows(evicted)
        return found

    def _remember_sentences(self, pid: int, matrix: np.ndarray) -> None:
        previous = self._sentences.pop(pid, None)
        if previous is not None:
            self._sentence_rows -= _cache_rows(previous)
        self._sentences[pid] = matrix
        self._sentence_rows += _cache_rows(matrix)

    def _forget_sentences(self, passage_ids: Iterable[int]) -> None:
        for pid in passage_ids:
            matrix = self._sentences.pop(int(pid), None)
            if matrix is not None:
                self._sentence_rows -= _cache_rows(matrix)

    def replace_all(self, indexes: dict[str, faiss.IndexIDMap2]) -> None:
        """Swap in freshly built indexes (a reindex) in one step."""
        with self.lock:
            self._indexes = dict(indexes)
            # A reindex gives every passage a new id: the cached ones will never be asked for again.
            self._sentences.clear()
            self._sentence_rows = 0

    def build(self, collection: str) -> faiss.IndexIDMap2:
        index = self._new()
        ids, vectors = self.store.collection_vectors(self.model, collection)
        if len(ids):
            index.add_with_ids(vectors, ids)
        return index

    def save(self) -> None:
        """Write every loaded index as a start-up cache (nothing when the store is read-only); a
        crash mid-write leaves the old file, a failure leaves no temporary file (DiskFull...)."""
        if self.store.read_only:
            return
        with self.lock, storage_errors(self.cache_dir):
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            for collection, index in self._indexes.items():
                data = faiss.serialize_index(index)
                atomic_write(self._cache_path(collection), [CACHE_MAGIC, hashlib.sha256(data).digest(), data])


def read_cache(content: bytes, dim: int) -> tuple[faiss.IndexIDMap2 | None, str | None]:
    """A FAISS cache file's index, or None and what is wrong with the file."""
    if not content.startswith(CACHE_MAGIC):
        return None, OLD_CACHE
    body = memoryview(content)[len(CACHE_MAGIC):]
    if len(body) < _DIGEST or hashlib.sha256(body[_DIGEST:]).digest() != bytes(body[:_DIGEST]):
        return None, "its checksum does not match (damaged or changed on disk)"
    try:
        index = faiss.deserialize_index(np.frombuffer(content, dtype=np.uint8, offset=len(CACHE_MAGIC) + _DIGEST))
    except Exception as error:  # noqa: BLE001 - FAISS's own format check
        return None, f"unreadable ({error})"
    if not (isinstance(index, faiss.IndexIDMap2) and index.d == dim):
        return None, "not an index of this model"
    return index, None
