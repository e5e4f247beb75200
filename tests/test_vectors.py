"""Large collections: past QUOTEBOT_ANN_THRESHOLD passages a collection's vector index becomes an
approximate one (IVF-SQ8) built in the background. Real Store, real FAISS, clustered random
vectors (no model), thresholds of a few thousand so each test runs in seconds."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from index.store import Store, VectorIndex

from .conftest import make_settings, pinned_engine

MODEL = "random"
DIM = 128
CLUSTERS = 40
GLOBAL = "global"
WAIT = 120  # seconds a rebuild of a few thousand vectors may take on a busy machine, at the very most


def clustered(count: int, seed: int, centres: np.ndarray | None = None) -> np.ndarray:
    """Unit vectors around a few dozen centres: neighbours exist, as in real text embeddings."""
    rng = np.random.default_rng(seed)
    if centres is None:
        centres = cluster_centres()
    points = centres[rng.integers(len(centres), size=count)] + 0.8 / np.sqrt(DIM) * rng.standard_normal((count, DIM))
    points = points.astype(np.float32)
    return points / np.linalg.norm(points, axis=1, keepdims=True)


def cluster_centres() -> np.ndarray:
    centres = np.random.default_rng(99).standard_normal((CLUSTERS, DIM)).astype(np.float32)
    return centres / np.linalg.norm(centres, axis=1, keepdims=True)


def add_passages(store: Store, vectors: np.ndarray, article: str, collection: str = GLOBAL) -> list[int]:
    """Insert passages with these vectors as one article (what the engine commits before it
    calls `VectorIndex.apply`); returns their ids."""
    with store.transaction() as db:
        if store.get_meta("model") is None:
            store.set_meta(db, "model", MODEL)
        first = (db.execute("SELECT MAX(id) FROM passages").fetchone()[0] or 0) + 1
        ids = list(range(first, first + len(vectors)))
        db.execute("INSERT INTO articles (collection, id, title, source, text, added_at) VALUES (?, ?, ?, '', '', 0)",
                   (collection, article, article))
        db.executemany("INSERT INTO passages (id, collection, article_id, seq, paragraph, start, end, embed_key)"
                       " VALUES (?, ?, ?, ?, 0, 0, 0, ?)",
                       [(pid, collection, article, seq, f"k{pid}") for seq, pid in enumerate(ids)])
        db.executemany("INSERT INTO embeddings (model, key, vector) VALUES (?, ?, ?)",
                       [(MODEL, f"k{pid}", v.tobytes()) for pid, v in zip(ids, vectors)])
    return ids


def remove_passages(store: Store, article: str, collection: str = GLOBAL) -> list[int]:
    with store.transaction() as db:
        return store.remove_article(db, collection, article)


def truth(store: Store, queries: np.ndarray, k: int = 10) -> list[set[int]]:
    ids, vectors = store.collection_vectors(MODEL, GLOBAL)
    return [set(ids[np.argsort(-(vectors @ q))[:k]].tolist()) for q in queries]


def recall(index: VectorIndex, queries: np.ndarray, expected: list[set[int]]) -> float:
    found = [{pid for pid, _ in index.search(GLOBAL, q, 10)} for q in queries]
    return float(np.mean([len(f & e) / len(e) for f, e in zip(found, expected)]))


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "data") as store:
        yield store


def switched(store: Store, threshold: int) -> VectorIndex:
    index = VectorIndex(store, MODEL, DIM, ann_threshold=threshold)
    index.load(GLOBAL)
    assert index.wait_rebuilt(WAIT)
    return index


def test_a_collection_past_the_threshold_is_searched_approximately_and_finds_what_exact_search_finds(store):
    add_passages(store, clustered(3000, 1), "a")
    index = VectorIndex(store, MODEL, DIM, ann_threshold=4000)
    assert index.info(GLOBAL).kind == "exact"
    added = add_passages(store, clustered(2000, 2), "b")
    index.apply(GLOBAL, [], added, clustered(2000, 2))
    assert index.wait_rebuilt(WAIT)
    info = index.info(GLOBAL)
    assert info.kind.startswith("IVF") and info.passages == 5000 and not info.rebuilding
    assert info.nprobe < int(info.kind[3:].split(",")[0])  # fewer lists scanned than there are

    queries = clustered(200, 3)  # not in the collection, from the same clusters
    assert recall(index, queries, truth(store, queries)) >= 0.95
    # The scores handed to the ranking are the stored vectors' exact ones, not the 8-bit codes'.
    pid, _ = index.search(GLOBAL, queries[0], 1)[0]
    stored = store.vectors_of(MODEL, [pid])[1][0]
    assert np.array_equal(index.reconstruct(GLOBAL, [pid])[pid], stored)


def test_one_articles_passages_are_found_even_where_the_probed_lists_do_not_reach(store):
    add_passages(store, clustered(5000, 1), "bulk")
    centres = cluster_centres()
    ids = add_passages(store, clustered(5, 4, centres[:1]), "one")
    index = switched(store, 1000)
    far = -centres[0]  # a question nowhere near the article
    import faiss

    found = index.search(GLOBAL, far, 50, faiss.IDSelectorBatch(np.asarray(ids, dtype=np.int64)))
    assert sorted(pid for pid, _ in found) == ids


def test_an_add_and_a_remove_during_the_background_rebuild_are_in_the_new_index(tmp_path):
    class Watched(Store):
        """The real store, telling the test which vectors the rebuild thread has read."""
        def __init__(self, *args):
            super().__init__(*args)
            self.rebuild_read: set[int] = set()
            self.read = threading.Condition()

        def vectors_of(self, model, ids):
            found = super().vectors_of(model, ids)
            if threading.current_thread().name.startswith("quotebot-rebuild"):
                with self.read:
                    self.rebuild_read.update(found[0].tolist())
                    self.read.notify_all()
            return found

    with Watched(tmp_path / "data") as store:
        add_passages(store, clustered(3000, 1), "a")
        doomed = add_passages(store, clustered(50, 5), "doomed")
        index = VectorIndex(store, MODEL, DIM, ann_threshold=4000)
        index.load(GLOBAL)
        with index.lock:  # the rebuild can read, not swap
            crossing = clustered(1000, 2)
            index.apply(GLOBAL, [], add_passages(store, crossing, "b"), crossing)
            assert index.info(GLOBAL).rebuilding
            everything = set(store.passage_ids(GLOBAL).tolist())
            with store.read:
                assert store.read.wait_for(lambda: everything <= store.rebuild_read, WAIT)
            # The rebuild has read every vector: what follows is not in what it read.
            late_vectors = clustered(20, 6)
            late = add_passages(store, late_vectors, "late")
            index.apply(GLOBAL, [], late, late_vectors)
            index.apply(GLOBAL, remove_passages(store, "doomed"), [], np.zeros((0, DIM), np.float32))
        assert index.wait_rebuilt(WAIT)
        assert index.info(GLOBAL).kind.startswith("IVF")
        for pid, vector in zip(late, late_vectors):
            assert index.search(GLOBAL, vector, 1)[0][0] == pid
        held = {pid for v in clustered(50, 5) for pid, _ in index.search(GLOBAL, v, 10)}
        assert not held & set(doomed)
        assert index.info(GLOBAL).passages == 3000 + 1000 + 20


def test_the_start_up_cache_holds_the_approximate_index(store):
    add_passages(store, clustered(5000, 1), "a")
    first = switched(store, 1000)
    queries = clustered(20, 3)
    before = [first.search(GLOBAL, q, 10) for q in queries]
    first.save()

    again = VectorIndex(store, MODEL, DIM, ann_threshold=1000)
    info = again.info(GLOBAL)
    assert info.kind == first.info(GLOBAL).kind and not info.rebuilding  # read, not retrained
    assert [again.search(GLOBAL, q, 10) for q in queries] == before


def test_a_damaged_approximate_cache_is_rebuilt_from_the_database(store, caplog):
    add_passages(store, clustered(5000, 1), "a")
    first = switched(store, 1000)
    first.save()
    path = first._cache_path(GLOBAL)
    content = bytearray(path.read_bytes())
    content[len(content) // 2] ^= 0xFF
    path.write_bytes(bytes(content))

    again = VectorIndex(store, MODEL, DIM, ann_threshold=1000)
    assert again.info(GLOBAL).kind == "exact"  # answers at once from the database, exactly
    assert "checksum" in caplog.text
    assert again.wait_rebuilt(WAIT) and again.info(GLOBAL).kind.startswith("IVF")
    queries = clustered(100, 3)
    assert recall(again, queries, truth(store, queries)) >= 0.95


def test_an_approximate_cache_of_another_database_is_not_trusted(tmp_path, caplog):
    with Store(tmp_path / "one") as one, Store(tmp_path / "two") as two:
        add_passages(one, clustered(5000, 1), "a")
        add_passages(two, clustered(5000, 7), "a")  # same ids, other vectors
        built = switched(one, 1000)
        built.save()
        other = VectorIndex(two, MODEL, DIM, ann_threshold=1000)
        other._cache_path(GLOBAL).parent.mkdir(parents=True, exist_ok=True)
        other._cache_path(GLOBAL).write_bytes(built._cache_path(GLOBAL).read_bytes())
        assert other.info(GLOBAL).kind == "exact"
        assert "vectors differ" in caplog.text
        vector = two.vectors_of(MODEL, [42])[1][0]
        assert other.search(GLOBAL, vector, 1)[0][0] == 42


def test_a_collection_that_shrinks_far_below_the_threshold_is_searched_exactly_again(store):
    add_passages(store, clustered(1400, 1), "keep")
    add_passages(store, clustered(4000, 2), "bulk")
    index = switched(store, 3000)
    assert index.info(GLOBAL).kind.startswith("IVF")
    index.apply(GLOBAL, remove_passages(store, "bulk"), [], np.zeros((0, DIM), np.float32))
    assert index.wait_rebuilt(WAIT)
    assert index.info(GLOBAL).kind == "exact" and index.info(GLOBAL).passages == 1400


def test_the_engine_answers_from_an_approximate_index_as_from_the_exact_one(tmp_path, embedder):
    texts = [f"# Report {i}\n\nThe {w} council met on day {i} to discuss the {w} harbour and its {i % 7} bridges. "
             f"Members of the public asked about the ferry timetable, the new car park and the {w} school."
             for i, w in enumerate(["river", "city", "port", "hill", "lake"] * 24)]
    from index.ingest import parse_text

    def answers(engine):
        return [(q.article_id, q.text) for q in engine.ask("When did the lake council discuss the harbour?").quotes]

    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        for i, text in enumerate(texts):
            engine.add_article(parse_text(text, source=f"r{i}.md", fmt="md"))
        exact = answers(engine)
        assert engine.vectors.info(GLOBAL).kind == "exact"
    with pinned_engine(make_settings(tmp_path, ann_threshold=50), embedder) as engine:  # the engine's own setting
        assert engine.vectors.info(GLOBAL).rebuilding  # started when the collection is loaded
        assert engine.vectors.wait_rebuilt(WAIT)
        assert engine.vectors.info(GLOBAL).kind.startswith("IVF")
        assert exact and answers(engine) == exact
