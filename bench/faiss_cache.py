"""What the checked FAISS start-up cache costs: save and load times of the checksummed cache
(and its spot check against SQLite) next to FAISS's own unchecked write_index/read_index, and
the time `quotebot doctor` takes to check the cache vector by vector.

    .venv/bin/python bench/faiss_cache.py [--passages 45000] [--dim 384]

Synthetic data: random unit vectors stored as passages of one collection (no model, no text),
45,000 passages by default, about a SciFact-sized corpus."""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from index import doctor  # noqa: E402
from index.store import Store, VectorIndex  # noqa: E402

MODEL = "bench"


def fill(store: Store, count: int, dim: int) -> None:
    vectors = np.random.default_rng(0).standard_normal((count, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    with store.transaction() as db:
        store.set_meta(db, "model", MODEL)
        db.executemany("INSERT INTO passages (id, collection, article_id, seq, paragraph, start, end, embed_key)"
                       " VALUES (?, 'global', 'a', ?, 0, 0, 0, ?)",
                       [(i + 1, i, f"{i:032x}") for i in range(count)])
        db.executemany("INSERT INTO embeddings (model, key, vector) VALUES (?, ?, ?)",
                       [(MODEL, f"{i:032x}", v.tobytes()) for i, v in enumerate(vectors)])
        db.execute("INSERT INTO articles (collection, id, title, source, text, added_at) "
                   "VALUES ('global', 'a', 'a', 'a', 'a', 0)")
        db.execute("UPDATE meta SET value = ? WHERE key = 'passages'", (count,))


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passages", type=int, default=45_000)
    parser.add_argument("--dim", type=int, default=384)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder)
        store = Store(data)
        fill(store, args.passages, args.dim)
        vectors = VectorIndex(store, MODEL, args.dim)
        index = vectors.load("global")
        plain = data / "plain.faiss"
        size = index.ntotal * args.dim * 4 / 2**20
        print(f"{index.ntotal} vectors of {args.dim} dimensions ({size:.0f} MiB)")
        print(f"save  unchecked (faiss.write_index)           {best_of(3, lambda: faiss.write_index(index, str(plain))):6.3f} s")
        print(f"save  checksummed, atomic, fsync'd            {best_of(3, vectors.save):6.3f} s")
        print(f"load  unchecked (faiss.read_index)            {best_of(3, lambda: faiss.read_index(str(plain))):6.3f} s")

        def load() -> None:
            fresh = VectorIndex(store, MODEL, args.dim)
            assert fresh._read_cache("global") is not None
        print(f"load  checksum + spot check against SQLite    {best_of(3, load):6.3f} s")
        print(f"build from SQLite (no cache)                  {best_of(3, lambda: vectors.build('global')):6.3f} s")
        print(f"doctor's full check (every vector vs SQLite)  {best_of(1, lambda: doctor.check(data)):6.3f} s")
        print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
        store.close()


if __name__ == "__main__":
    main()
