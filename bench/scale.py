"""Large collections, side by side: exact FAISS search against the approximate index (IVF-SQ8) a
collection switches to past QUOTEBOT_ANN_THRESHOLD, at growing sizes.

    .venv/bin/python bench/scale.py [--sizes 10000,100000,1000000] [--queries 300]
                                    [--bbc ../shared/eval/bbc] [--work DIR] [--processes]

Per size it prints: query p95 (50 candidates, as a search asks FAISS), recall@10 of the
approximate index against exact search, build time (exact: read from SQLite; approximate: read,
train, add, calibrate), peak RSS of a process holding the index (read from its start-up cache),
and the cost of adding one article through the engine (real model; median of 5).

Data: the BBC News corpus chunked as quotebot chunks it (2,225 articles, ~11.5k passages),
embedded once with the configured model (cached beside --work). Past that size passages are
the same texts again under new ids, their vectors the real vector of the text plus Gaussian
noise (cosine ~0.9 to the original) so that no two are equal. Questions: BBC headlines, embedded
by the model as questions. Each measurement runs in its own process, so peak RSS is its own;
FAISS runs on one thread, as in the bot (training included).
The data dirs are kept in --work (default: a folder in the system temp dir), ~3 GB at 1M."""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

for _name, _value in (("HF_HUB_OFFLINE", "1"), ("TRANSFORMERS_OFFLINE", "1"), ("TOKENIZERS_PARALLELISM", "false")):
    os.environ.setdefault(_name, _value)

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COLLECTION = "global"
CANDIDATES = 50  # SearchTuning.candidates: what a search asks FAISS for
NOISE_COSINE = 0.9
EXACT = 10**12  # a threshold no collection reaches


def peak_rss_mib() -> float:
    """This process's peak RSS. Not getrusage's ru_maxrss: Linux carries that over from the
    parent across fork and exec, so a child would report the filling parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mib() -> float:
    import psutil

    return psutil.Process().memory_info().rss / 2**20


# data ------------------------------------------------------------------------------------------

def corpus(bbc: Path):
    """The BBC articles and their passages' embed texts, as quotebot chunks them."""
    from index.chunk import chunk
    from index.engine import passage_embed_text
    from index.ingest import read_file

    articles = [read_file(p) for p in sorted(bbc.rglob("*.txt"))]
    passages = [(a, p) for a in articles for p in chunk(a)]
    return articles, passages, [passage_embed_text(a.title, p.text) for a, p in passages]


def base_vectors(work: Path, bbc: Path) -> Path:
    """Real vectors of every BBC passage and headline, embedded once and kept in `work`."""
    from index.embed import embedder_for
    from index.settings import Settings

    settings = Settings(data_dir=work / "model-cache", _env_file=None)
    embedder = embedder_for(settings)
    path = work / f"bbc-{embedder.fingerprint.replace('/', '_')[:60]}.npz"
    if path.exists():
        return path
    articles, _, texts = corpus(bbc)
    started = time.perf_counter()
    print(f"embedding {len(texts)} BBC passages and {len(articles)} headlines with {embedder.fingerprint} "
          f"(once; kept in {path}) ...", flush=True)
    passages = embedder.embed(texts)
    queries = np.vstack([embedder.embed_query(a.title) for a in articles])
    np.savez(path, passages=passages, queries=queries, fingerprint=embedder.fingerprint)
    print(f"  {time.perf_counter() - started:.0f} s", flush=True)
    return path


def fill(data_dir: Path, size: int, vectors_file: Path, bbc: Path) -> None:
    """Grow the data dir's collection to `size` passages (texts in FTS, vectors in the cache)."""
    from index.engine import Engine
    from index.settings import Settings

    saved = np.load(vectors_file)
    base = saved["passages"].astype(np.float32)
    with Engine(Settings(data_dir=data_dir, _env_file=None, model_cache=vectors_file.parent / "model-cache")) as engine:
        engine.vectors  # records the model, chunker and sentence storage, as a first add would
        store, model = engine.store, engine.model
        have = int(store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0])
        if have >= size:
            return
        articles, passages, texts = corpus(bbc)
        rng = np.random.default_rng(size)
        sigma = np.sqrt((1 / NOISE_COSINE**2 - 1) / base.shape[1])
        print(f"filling {data_dir.name} from {have} to {size} passages ...", flush=True)
        started = time.perf_counter()
        batch = 20_000
        for start in range(have, size, batch):
            numbers = list(range(start, min(size, start + batch)))
            rows = [number % len(base) for number in numbers]
            vectors = base[rows]
            copies = np.asarray(numbers) >= len(base)
            if copies.any():
                noisy = vectors[copies] + sigma * rng.standard_normal((int(copies.sum()), base.shape[1]))
                vectors[copies] = noisy / np.linalg.norm(noisy, axis=1, keepdims=True)
            with store.transaction() as db:
                first = (db.execute("SELECT MAX(id) FROM passages").fetchone()[0] or 0) + 1
                new_articles = {}
                for number, row in zip(numbers, rows):
                    article, _ = passages[row]
                    new_articles.setdefault(f"{article.id}-{number // len(base)}", article)
                db.executemany(
                    "INSERT OR IGNORE INTO articles (collection, id, title, source, text, added_at) VALUES (?, ?, ?, ?, ?, 0)",
                    [(COLLECTION, aid, a.title, f"bench:{aid}", a.text) for aid, a in new_articles.items()])
                ids = list(range(first, first + len(numbers)))
                keys = [f"bench-{number}" for number in numbers]
                db.executemany(
                    "INSERT INTO passages (id, collection, article_id, seq, paragraph, start, end, embed_key)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(pid, COLLECTION, f"{passages[row][0].id}-{number // len(base)}", number, 0,
                      passages[row][1].start, passages[row][1].end, key)
                     for pid, number, row, key in zip(ids, numbers, rows, keys)])
                db.executemany("INSERT INTO passage_fts (rowid, body, collection) VALUES (?, ?, ?)",
                               [(pid, texts[row], COLLECTION) for pid, row in zip(ids, rows)])
                store.put_vectors(db, model, keys, vectors)
                db.execute("UPDATE meta SET value = value + ? WHERE key = 'passages'", (len(ids),))
                db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('passage_seq', ?)", (str(ids[-1] + 1),))
        print(f"  {time.perf_counter() - started:.0f} s", flush=True)


# measurements, each in a process of its own -----------------------------------------------------

def child(kind: str, data_dir: Path, vectors_file: Path, out: Path) -> dict:
    import faiss

    from index.store import Store, VectorIndex

    # As in the bot: its token codec sets FAISS to one thread at the first question, and with
    # OpenMP's threads waiting on a busy machine one query took 10x longer.
    faiss.omp_set_num_threads(1)

    queries = np.load(vectors_file)["queries"].astype(np.float32)
    model = str(np.load(vectors_file)["fingerprint"])
    result: dict = {}
    with Store(data_dir) as store:
        dim = queries.shape[1]
        if kind in ("exact", "ann-build"):
            for stale in (data_dir / "faiss").glob("*.faiss"):
                stale.unlink()  # built from the database, not read from a cache
        if kind in ("exact", "ann-cached"):
            vectors = VectorIndex(store, model, dim, ann_threshold=EXACT if kind == "exact" else 1)
            before = rss_mib()
            started = time.perf_counter()
            info = vectors.info(COLLECTION)
            result["load_s"] = time.perf_counter() - started
            assert info.kind.startswith("IVF") == (kind != "exact") and not info.rebuilding, info
            result["index_mib"] = rss_mib() - before
            result["kind"], result["nprobe"] = info.kind, info.nprobe
            times, found = [], []
            for query in queries:
                started = time.perf_counter()
                hits = vectors.search(COLLECTION, query, CANDIDATES)
                times.append(time.perf_counter() - started)
                found.append([pid for pid, _ in hits[:10]])
            result["p50_ms"] = 1000 * float(np.percentile(times, 50))
            result["p95_ms"] = 1000 * float(np.percentile(times, 95))
            result["top10"] = found
            if kind == "ann-cached":
                exact = json.loads((out.parent / "exact.json").read_text())["top10"]
                result["recall"] = tie_aware_recall(store, model, queries, found, exact)
        elif kind == "ann-build":
            vectors = VectorIndex(store, model, dim, ann_threshold=1)
            started = time.perf_counter()
            vectors.load(COLLECTION)
            result["exact_first_s"] = time.perf_counter() - started
            assert vectors.wait_rebuilt(3 * 3600)
            result["build_s"] = vectors.last_rebuild_seconds
            started = time.perf_counter()
            vectors.save()
            result["save_s"] = time.perf_counter() - started
        elif kind == "add":
            if len(store.passage_ids(COLLECTION)) < int(os.environ["QUOTEBOT_ANN_THRESHOLD"]):
                for stale in (data_dir / "faiss").glob("*.faiss"):
                    stale.unlink()  # the approximate cache: this size is searched exactly
            result.update(add_cost(data_dir))
    result["peak_mib"] = peak_rss_mib()
    out.write_text(json.dumps(result))
    return result


def tie_aware_recall(store, model, queries, found, exact) -> float:
    """Share of the exact top 10 the approximate search returns, counting a passage whose
    vector scores as high as the exact 10th (BBC repeats a few stories word for word) as found."""
    recalls = []
    for query, got, want in zip(queries, found, exact):
        ids, vectors = store.vectors_of(model, sorted(set(got) | set(want)))
        score = dict(zip(ids.tolist(), (vectors @ query).tolist()))
        bar = min(score[pid] for pid in want) - 1e-6
        recalls.append(min(10, sum(1 for pid in got if score.get(pid, -2) >= bar)) / len(want))
    return float(np.mean(recalls))


def add_cost(data_dir: Path) -> dict:
    """Seconds to add one new article through the engine (model, SQLite, FAISS), median of 5
    after one untimed add, and the part of it spent updating the vector index."""
    from index.engine import Engine
    from index.ingest import read_file
    from index.models import Article
    from index.settings import Settings

    bbc = Path(os.environ["SCALE_BBC"])
    files = sorted(bbc.rglob("*.txt"))[-6:]
    with Engine(Settings(data_dir=data_dir, _env_file=None, model_cache=data_dir.parent.parent / "model-cache")) as engine:
        vectors = engine.vectors
        original = vectors.apply
        spent: list[float] = []

        def timed_apply(*args, **kwargs):
            started = time.perf_counter()
            original(*args, **kwargs)
            spent.append(time.perf_counter() - started)

        vectors.apply = timed_apply
        totals, added = [], []
        for number, path in enumerate(files):
            article = read_file(path)
            # A title never seen: every passage is embedded, none comes from the embedding cache.
            title = f"{article.title} ({time.time_ns()})"
            article = Article(f"new-{number}-{article.id}", title, article.text, source=f"bench-new:{number}")
            started = time.perf_counter()
            engine.add_article(article)
            totals.append(time.perf_counter() - started)
            added.append(article.id)
        info = vectors.info(COLLECTION)
        for article_id in added:
            engine.remove(article_id)
    return {"add_s": float(np.median(totals[1:])), "apply_ms": 1000 * float(np.median(spent[1:len(files)])),
            "add_kind": info.kind}


def measure(kind: str, data_dir: Path, vectors_file: Path, out: Path, threshold: int | None = None) -> dict:
    env = dict(os.environ)
    if threshold is not None:
        env["QUOTEBOT_ANN_THRESHOLD"] = str(threshold)
    subprocess.run([sys.executable, __file__, "--child", kind, "--data", str(data_dir),
                    "--vectors", str(vectors_file), "--out", str(out)], check=True, env=env)
    return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="passages, comma-separated, growing")
    parser.add_argument("--queries", type=int, default=300, help="BBC headlines asked at each size")
    parser.add_argument("--bbc", type=Path, default=ROOT.parent / "shared" / "eval" / "bbc")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "quotebot-scale")
    parser.add_argument("--processes", action="store_true", help="also the multi-process section")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--vectors", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.data, args.vectors, args.out)
        return

    sizes = sorted(int(s) for s in args.sizes.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    os.environ["SCALE_BBC"] = str(args.bbc)
    vectors_file = base_vectors(args.work, args.bbc)
    saved = np.load(vectors_file)
    if args.queries < len(saved["queries"]):
        pick = np.random.default_rng(0).choice(len(saved["queries"]), args.queries, replace=False)
        trimmed = args.work / f"{vectors_file.stem}-q{args.queries}.npz"
        np.savez(trimmed, passages=saved["passages"], queries=saved["queries"][np.sort(pick)],
                 fingerprint=saved["fingerprint"])
        vectors_file = trimmed

    from index.settings import Settings

    threshold = Settings(_env_file=None).ann_threshold
    rows = []
    for size in sizes:
        data_dir = args.work / "data" / str(size)  # kept: a later run measures it without filling again
        fill(data_dir, size, vectors_file, args.bbc)
        out = args.work / "results" / str(size)
        out.mkdir(parents=True, exist_ok=True)
        print(f"measuring {size} passages ...", flush=True)
        exact = measure("exact", data_dir, vectors_file, out / "exact.json")
        # Without a start-up cache: the exact index first, then the approximate one in the background.
        built = measure("ann-build", data_dir, vectors_file, out / "build.json")
        ann = measure("ann-cached", data_dir, vectors_file, out / "ann.json")
        added = measure("add", data_dir, vectors_file, out / "add.json", threshold)
        rows.append((size, exact, built, ann, added))
        report(rows, threshold)
    if args.processes:
        print("\nprocesses: two processes on one PostgreSQL database are measured by bench/processes.py (the delay "
              "from an add in one to an answer from the other); a worker is not built yet")


def report(rows, threshold: int) -> None:
    print(f"\npassages   | query p95 ms        | recall@10 | index RSS MiB  | peak RSS MiB          | build s       "
          f"| add one article (QUOTEBOT_ANN_THRESHOLD={threshold})")
    print("           | exact   ANN (nprobe)| of ANN    | exact    ANN   | exact  ANN   ANN     | exact  ANN    "
          "| engine s  index ms  index")
    print("           |                     |           |                | no cache build cache | no cache      |")
    for size, exact, built, ann, added in rows:
        print(f"{size:>10,} | {exact['p95_ms']:6.2f} {ann['p95_ms']:6.2f} ({ann['nprobe']:>4}) | "
              f"{ann['recall']:9.3f} | {exact['index_mib']:6.0f} {ann['index_mib']:6.0f} | "
              f"{exact['peak_mib']:5.0f} {built['peak_mib']:5.0f} {ann['peak_mib']:6.0f} | "
              f"{built['exact_first_s']:6.1f} {built['build_s']:6.1f} | "
              f"{added['add_s']:7.3f} {added['apply_ms']:9.2f}  {added['add_kind']}", flush=True)
    print(f"           (ANN index: {rows[-1][3]['kind']}; p50 exact {rows[-1][1]['p50_ms']:.2f} ms, "
          f"ANN {rows[-1][3]['p50_ms']:.2f} ms at the largest size)")


if __name__ == "__main__":
    main()
