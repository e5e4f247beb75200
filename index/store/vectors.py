"""`VectorIndex`: the in-memory FAISS indexes (one per collection, ids = passage row ids),
built and patched from the Store's embedding cache and saved as checksummed start-up caches
(`faiss/*.faiss`). Holds no SQL: every vector it needs is read through the Store.

A collection of fewer than `ann_threshold` passages is searched exactly (IndexFlatIP). Past it,
its index is rebuilt in a background thread as an approximate one, an inverted file of 8-bit
scalar-quantized vectors (IVF-SQ8: a quarter of the memory, a few percent of the lists scanned),
trained on the collection's own vectors, its nprobe calibrated on them for recall@10 >= 0.95;
the old index answers until the new one is swapped in under the lock, and the changes made
meanwhile are replayed onto it. HNSW was not used: FAISS cannot remove from it, and articles are
removed and replaced. Measured by bench/scale.py."""
from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
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

# A collection switches back to exact search only below half the threshold, so one that hovers
# around it is not rebuilt back and forth.
ANN_EXIT = 0.5
RECALL_TARGET = 0.95
# Calibration aims a little above the target: its queries are only stand-ins for questions.
RECALL_MARGIN = 0.02
CALIBRATION_QUERIES = 200
CALIBRATION_COSINE = 0.5
# FAISS wants at least 39 training points a list; more only trains slower (single-threaded in
# the bot, where the token codec sets FAISS to one thread).
TRAIN_POINTS_PER_LIST = 40
# Vectors read from the Store at a time while building: bounded memory whatever the collection.
BUILD_BATCH = 20_000
# 8-bit codes are within a step of 1/255 of each dimension's range of the vector; a cache
# written for another database differs by about the whole vector (norm ~1.4).
ANN_CACHE_TOLERANCE = 0.1


def ann_lists(passages: int) -> int:
    """Inverted lists for a collection: about 4 sqrt(n), a power of two (1M -> 4096), and no
    more than k-means can train from the collection (39 points a list)."""
    lists = 1 << round(math.log2(4 * math.sqrt(max(passages, 1))))
    while lists > 1 and lists * 39 > passages:
        lists //= 2
    return lists


def is_ann(index: faiss.Index) -> bool:
    return isinstance(index, faiss.IndexIVF)


def index_ids(index: faiss.Index) -> np.ndarray:
    """Every passage id an index holds."""
    if not index.ntotal:
        return np.zeros(0, dtype=np.int64)
    if not is_ann(index):
        return faiss.vector_to_array(index.id_map)
    lists = index.invlists
    return np.concatenate([faiss.rev_swig_ptr(lists.get_ids(i), lists.list_size(i)).copy()
                           for i in range(index.nlist) if lists.list_size(i)]).astype(np.int64)


def _calibration_queries(sample: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Stand-ins for questions: collection vectors moved to a cosine of ~0.5 from where they
    were. Measured on BBC News at 100k passages, their recall by nprobe follows that of real
    headlines asked as questions, a little below it; the passages' own vectors, or vectors
    moved less (0.7), were easier than headlines and chose an nprobe with 0.954 recall."""
    chosen = sample[rng.choice(len(sample), min(len(sample), CALIBRATION_QUERIES), replace=False)]
    sigma = math.sqrt((1 / CALIBRATION_COSINE**2 - 1) / sample.shape[1])
    moved = chosen + sigma * rng.standard_normal(chosen.shape).astype(np.float32)
    return moved / np.linalg.norm(moved, axis=1, keepdims=True)


def _remove(index: faiss.Index, ids: Sequence[int] | np.ndarray) -> None:
    ids = np.asarray(ids, dtype=np.int64)
    if len(ids):
        # An IVF's id hashtable can only remove an explicit array of ids.
        index.remove_ids(faiss.IDSelectorArray(ids) if is_ann(index) else faiss.IDSelectorBatch(ids))


@dataclass
class _Rebuild:
    """A background rebuild of one collection's index, and what changed while it ran."""
    done: threading.Event = field(default_factory=threading.Event)
    removed: set[int] = field(default_factory=set)
    added: dict[int, np.ndarray] = field(default_factory=dict)


@dataclass(frozen=True)
class IndexInfo:
    kind: str  # "exact" or "IVF<lists>,SQ8"
    passages: int
    nprobe: int | None
    rebuilding: bool


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
    connection. It writes no SQL. A background rebuild reads the Store on its own thread
    without the lock and takes it only to swap its index in; every change made meanwhile goes
    through `_remove`/`_add`, which note it for the replay."""

    def __init__(self, store: Store, model: str, dim: int, sentence_cache_rows: int = SENTENCE_CACHE_ROWS,
                 ann_threshold: int | None = None):
        """`ann_threshold` None: QUOTEBOT_ANN_THRESHOLD (the engine passes its settings' own)."""
        if ann_threshold is None:
            from ..settings import Settings

            ann_threshold = Settings().ann_threshold
        self.ann_threshold = ann_threshold
        self._rebuilds: dict[str, _Rebuild] = {}
        self.last_rebuild_seconds: float | None = None
        self.store = store
        self.model = model
        self.dim = dim
        self.lock = threading.RLock()
        self._indexes: dict[str, faiss.Index] = {}
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

    def load(self, collection: str) -> faiss.Index:
        """The collection's index, made to match SQLite exactly (missing ids added, stale removed)."""
        with self.lock:
            index = self._indexes.get(collection)
            if index is None:
                index = self._read_cache(collection) or self._new()
                self._indexes[collection] = index
                self._reconcile(collection, index)
                self._rebuild_if_due(collection)
            return index

    def info(self, collection: str) -> IndexInfo:
        with self.lock:
            index = self.load(collection)
            kind = f"IVF{index.nlist},SQ8" if is_ann(index) else "exact"
            return IndexInfo(kind, index.ntotal, index.nprobe if is_ann(index) else None,
                             collection in self._rebuilds)

    def wait_rebuilt(self, timeout: float) -> bool:
        """Wait for the background rebuilds running now; False if one still runs at `timeout`."""
        deadline = time.monotonic() + timeout
        with self.lock:
            running = [job.done for job in self._rebuilds.values()]
        return all(done.wait(max(0.0, deadline - time.monotonic())) for done in running)

    # background rebuilds ---------------------------------------------------------------------
    def _rebuild_if_due(self, collection: str) -> None:
        """Start a rebuild when the collection crossed the threshold (either way), or grew so
        much that its IVF has a quarter of the lists it should (lists grow with sqrt(n))."""
        index = self._indexes[collection]
        if collection in self._rebuilds:
            due = False
        elif is_ann(index):
            due = (index.ntotal < self.ann_threshold * ANN_EXIT
                   or ann_lists(index.ntotal) >= 4 * index.nlist)
        else:
            due = index.ntotal >= self.ann_threshold
        if not due:
            return
        job = self._rebuilds[collection] = _Rebuild()
        threading.Thread(target=self._rebuild, args=(collection, job), daemon=True,
                         name=f"quotebot-rebuild-{collection}").start()

    def _rebuild(self, collection: str, job: _Rebuild) -> None:
        started = time.perf_counter()
        try:
            built = self._build_for_size(collection)
            with self.lock:
                if self._rebuilds.get(collection) is not job:
                    return  # a reindex replaced every index meanwhile: this one is stale
                # Changes applied during the build may or may not be in what it read: removing
                # every changed id, then adding the live ones back, is right either way.
                _remove(built, sorted(job.removed | set(job.added)))
                live = [pid for pid in job.added if pid not in job.removed]
                if live:
                    built.add_with_ids(np.vstack([job.added[pid] for pid in live]), np.asarray(live, dtype=np.int64))
                self._indexes[collection] = built
                self.last_rebuild_seconds = time.perf_counter() - started
                log.info("collection %s: %s index of %d passages built in %.1f s", collection,
                         f"IVF{built.nlist},SQ8" if is_ann(built) else "exact", built.ntotal, self.last_rebuild_seconds)
        except Exception:  # noqa: BLE001 - the exact index goes on answering; logged for the operator
            log.exception("rebuilding the vector index of %s failed; the current one is kept", collection)
        finally:
            with self.lock:
                if self._rebuilds.get(collection) is job:
                    del self._rebuilds[collection]
            job.done.set()
            self.store.close()  # this thread's connection

    def _build_for_size(self, collection: str) -> faiss.Index:
        ids = self.store.passage_ids(collection)
        if len(ids) < self.ann_threshold:
            return self.build(collection)
        return self.build_ann(collection, ids)

    def build_ann(self, collection: str, ids: np.ndarray | None = None) -> faiss.IndexIVF:
        """An IVF-SQ8 index of the collection, trained on a sample of its own vectors, nprobe
        twice the smallest power of two that finds 0.95 (+margin) of the exact top 10 of
        calibration queries. Reads the Store in batches: memory stays the codes plus one batch."""
        ids = self.store.passage_ids(collection) if ids is None else ids
        rng = np.random.default_rng(len(ids))
        lists = ann_lists(len(ids))
        sample_ids = rng.choice(ids, min(len(ids), lists * TRAIN_POINTS_PER_LIST), replace=False)
        _, sample = self.store.vectors_of(self.model, np.sort(sample_ids).tolist())
        index = faiss.IndexIVFScalarQuantizer(faiss.IndexFlatIP(self.dim), self.dim, lists,
                                              faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT)
        index.cp.seed = 1234
        index.train(sample)
        index.set_direct_map_type(faiss.DirectMap.Hashtable)  # reconstruct and remove by id
        queries = _calibration_queries(sample, rng)
        k = 10
        best_scores = np.full((len(queries), k), -np.inf, dtype=np.float32)
        best_ids = np.full((len(queries), k), -1, dtype=np.int64)
        for start in range(0, len(ids), BUILD_BATCH):
            found, vectors = self.store.vectors_of(self.model, ids[start:start + BUILD_BATCH].tolist())
            if not len(found):
                continue
            index.add_with_ids(vectors, found)
            # The exact top 10 of the calibration queries, kept up to date batch by batch.
            scores = queries @ vectors.T
            merged_scores = np.hstack([best_scores, scores])
            merged_ids = np.hstack([best_ids, np.broadcast_to(found, scores.shape)])
            top = np.argpartition(-merged_scores, k - 1, axis=1)[:, :k]
            best_scores = np.take_along_axis(merged_scores, top, 1)
            best_ids = np.take_along_axis(merged_ids, top, 1)
        index.nprobe = lists
        for nprobe in (1 << p for p in range(int(math.log2(lists)) + 1)):
            _, got = index.search(queries, k, params=faiss.SearchParametersIVF(nprobe=nprobe))
            recall = np.mean([len(set(g) & set(t)) / k for g, t in zip(got, best_ids)])
            if recall >= RECALL_TARGET + RECALL_MARGIN:
                # Doubled, as stand-ins are only stand-ins: on BBC News at 1M passages the
                # undoubled nprobe (2 of 4096 lists) found 0.958 of headlines' exact top 10.
                # Twice the lists still scans a fraction of a percent of the codes.
                index.nprobe = min(lists, 2 * nprobe)
                break
        return index

    def _read_cache(self, collection: str) -> faiss.Index | None:
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

    def _agrees_with_store(self, index: faiss.Index) -> bool:
        if not index.ntotal:
            return True
        ids = index_ids(index)
        sample = ids[np.linspace(0, len(ids) - 1, min(CACHE_SPOT_CHECKS, len(ids))).astype(int)]
        found, vectors = self.store.vectors_of(self.model, sample.tolist())
        # Ids SQLite no longer has are removed by the reconciliation that follows.
        return differing_vectors(index, found, vectors) == 0

    def _reconcile(self, collection: str, index: faiss.Index) -> None:
        have = index_ids(index)
        want = self.store.passage_ids(collection)
        stale = np.setdiff1d(have, want)
        missing = np.setdiff1d(want, have)
        if len(stale):
            self._remove(collection, index, stale)
            self._forget_sentences(stale.tolist())
        if len(missing):
            ids, vectors = self.store.vectors_of(self.model, missing.tolist())
            self._add(collection, index, ids, vectors)

    def _remove(self, collection: str, index: faiss.Index, ids: Sequence[int] | np.ndarray) -> None:
        """Every change goes through here or `_add`, so a rebuild running can replay it."""
        _remove(index, ids)
        job = self._rebuilds.get(collection)
        if job is not None:
            job.removed.update(int(pid) for pid in ids)

    def _add(self, collection: str, index: faiss.Index, ids: np.ndarray, vectors: np.ndarray) -> None:
        if not len(ids):
            return
        index.add_with_ids(vectors, ids)
        job = self._rebuilds.get(collection)
        if job is not None:
            job.added.update((int(pid), vector) for pid, vector in zip(ids, vectors))

    def refresh(self) -> None:
        """Patch every loaded index to SQLite's state, after another process wrote."""
        with self.lock:
            for collection, index in list(self._indexes.items()):
                self._reconcile(collection, index)
                self._rebuild_if_due(collection)

    def apply(self, collection: str, removed: Sequence[int], added_ids: Sequence[int], added: np.ndarray) -> None:
        with self.lock:
            self._forget_sentences(removed)
            if collection not in self._indexes:
                self.load(collection)  # loading reconciles with SQLite, which already has the change
                return
            index = self._indexes[collection]
            self._remove(collection, index, removed)
            self._add(collection, index, np.asarray(added_ids, dtype=np.int64),
                      np.ascontiguousarray(added, dtype=np.float32))
            self._rebuild_if_due(collection)

    def search(self, collection: str, vector: np.ndarray, k: int, selector=None) -> list[tuple[int, float]]:
        with self.lock:
            index = self.load(collection)
            if index.ntotal == 0:
                return []
            if is_ann(index):
                # A selection (one article's passages) may lie in lists nprobe does not reach:
                # it is searched in every list, which costs a membership test a code.
                params = faiss.SearchParametersIVF(sel=selector, nprobe=index.nlist if selector else index.nprobe)
            else:
                params = faiss.SearchParameters(sel=selector) if selector is not None else None
            scores, ids = index.search(vector.reshape(1, -1).astype(np.float32), min(k, index.ntotal), params=params)
        return [(i, s) for i, s in zip(ids[0].tolist(), scores[0].tolist()) if i >= 0]

    def reconstruct(self, collection: str, ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Stored vectors of the given passages (those the index holds): from memory, or for an
        approximate index from the Store, so that scores are exact, not from 8-bit codes."""
        found: dict[int, np.ndarray] = {}
        with self.lock:
            index = self.load(collection)
            keys = np.asarray([int(pid) for pid in ids], dtype=np.int64)
            try:
                # One call for a question's ~75 candidates: one call each held the GIL 10 times longer.
                found = dict(zip(keys.tolist(), index.reconstruct_batch(keys))) if len(keys) else {}
            except RuntimeError:  # one is not in this index (removed since): each alone, skipping it
                for pid in keys.tolist():
                    try:
                        found[pid] = index.reconstruct(pid)
                    except RuntimeError:
                        pass
            if is_ann(index) and found:
                read, vectors = self.store.vectors_of(self.model, list(found))
                found = dict(zip(read.tolist(), vectors))
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

    def replace_all(self, indexes: dict[str, faiss.Index]) -> None:
        """Swap in freshly built indexes (a reindex) in one step; large collections are then
        rebuilt as approximate ones in the background."""
        with self.lock:
            self._indexes = dict(indexes)
            self._rebuilds.clear()  # rebuilds running read the old passages: theirs are dropped
            # A reindex gives every passage a new id: the cached ones will never be asked for again.
            self._sentences.clear()
            self._sentence_rows = 0
            for collection in self._indexes:
                self._rebuild_if_due(collection)

    def build(self, collection: str) -> faiss.IndexIDMap2:
        """The collection's exact index, read from the Store in batches."""
        index = self._new()
        ids = self.store.passage_ids(collection)
        for start in range(0, len(ids), BUILD_BATCH):
            found, vectors = self.store.vectors_of(self.model, ids[start:start + BUILD_BATCH].tolist())
            if len(found):
                index.add_with_ids(vectors, found)
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


def differing_vectors(index: faiss.Index, ids: Sequence[int], vectors: np.ndarray) -> int:
    """How many of the given passages' vectors the index holds differently (missing ids count
    as agreeing): exact indexes must hold them bit for bit, 8-bit ones within the quantisation."""
    differing = 0
    for pid, vector in zip(ids, vectors):
        try:
            held = index.reconstruct(int(pid))
        except RuntimeError:
            continue
        if not (np.linalg.norm(held - vector) <= ANN_CACHE_TOLERANCE if is_ann(index) else np.array_equal(held, vector)):
            differing += 1
    return differing


def read_cache(content: bytes, dim: int) -> tuple[faiss.Index | None, str | None]:
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
    if not (isinstance(index, (faiss.IndexIDMap2, faiss.IndexIVFScalarQuantizer)) and index.d == dim):
        return None, "not an index of this model"
    if is_ann(index) and index.direct_map.type != faiss.DirectMap.Hashtable:
        return None, "not an index quotebot wrote"
    return index, None
