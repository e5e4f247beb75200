"""Speed and memory figures for the README, printed side by side (never asserted in tests).

    .venv/bin/python bench/speed.py            # everything (about 15 minutes on 2 cores)
    .venv/bin/python bench/speed.py --quick    # skips the 100k-passage scaling point
    .venv/bin/python bench/speed.py --launch-only  # the ask latency on the launch article only
    .venv/bin/python bench/speed.py --cold-only    # whole-process commands and query embedding only
    .venv/bin/python bench/speed.py --build-only   # index build side by side, stored bytes a sentence
    .venv/bin/python bench/speed.py --concurrency-only  # one asker's latency with and without the BM25
        # read-ahead, then one asker against eight, ONNX settings side by side
        # (--work DIR with either keeps their indexes: another checkout's bench asks the same ones)
    .venv/bin/python bench/speed.py --commands-only [--baseline DIR]  # model-free commands only,
        # beside the same commands of another checkout (e.g. a worktree of an older commit)

Figures: whole `quotebot` processes side by side (`python -c "import torch"`; `ask` on the
torch path, on ONNX Runtime and on ONNX int8, with peak RSS; `list`, `status`, `remove`, an
unchanged `add`); one query embedding on each runtime, with the int8 vectors' cosine to the
float ones; `ask` latency p50/p95 next to one bare query embedding (launch article, and all of
SQuAD part A); index build throughput; peak RSS; the time to add one article to indexes of
1k/10k/100k passages (flat = incremental); questions per second during a full reindex next to
the same without one. The machine's load average is printed with them: on a shared machine,
compare figures of one run only."""
from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from index.chunk import chunk  # noqa: E402
from index.embed import Embedder, HashingEmbedder, SentenceTransformerEmbedder, make_embedder, separately  # noqa: E402
from index import ingest  # noqa: E402
from index.engine import Engine, passage_embed_text  # noqa: E402
from index.evaluate import load_squad  # noqa: E402
from index.onnx_embed import OnnxEmbedder  # noqa: E402
from index.ask_pool import AskPool  # noqa: E402
from index.models import Article  # noqa: E402
from index.settings import DEFAULT_MODEL, Settings  # noqa: E402

SQUAD = REPO.parent / "shared" / "eval" / "squad" / "squad-v1.1-dev-part-a.json"
LAUNCH_QUESTIONS = [
    "How much did DeepSeek spend to build its model?",
    "What does the Bitcoin white paper describe?",
    "Why are decentralized AI teams at a disadvantage?",
    "Which APIs do some crypto AI teams use?",
    "What is the capital of Australia?",
    "What concerns does DeepSeek raise about China?",
    "Who wrote this article?",
    "What is Openai's Stargate initiative?",
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(values: list[float]) -> str:
    return f"p50 {percentile(values, 0.5) * 1000:6.1f} ms   p95 {percentile(values, 0.95) * 1000:6.1f} ms"


def engine_at(folder: Path, embedder, articles_dir: Path | None = None) -> Engine:
    settings = Settings(data_dir=folder, articles_dir=articles_dir or folder / "none", _env_file=None)
    return Engine(settings, embedder)


def latency(engine: Engine, questions: list[str], rounds: int) -> tuple[list[float], list[float], list[float]]:
    """Bare query embedding, the same embedding with the token vectors late interaction reads
    (what `ask` runs), and the full `ask`, interleaved so all three see the same machine load,
    in a shuffled order per question (whichever runs first after the others pays for the caches
    they evicted)."""
    steps = [engine.embedder.embed_query, engine.embedder.embed_query_with_tokens, engine.ask]
    times: list[list[float]] = [[], [], []]
    order = random.Random(11)
    for _ in range(rounds):
        for question in questions:
            for step in order.sample(range(3), 3):
                start = time.perf_counter()
                steps[step](question)
                times[step].append(time.perf_counter() - start)
    return times[0], times[1], times[2]


def print_latency(bare: list[float], with_tokens: list[float], full: list[float]) -> None:
    print(f"bare query embedding   {ms(bare)}")
    print(f"  ... with token vectors {ms(with_tokens)}")
    print(f"ask (whole pipeline)   {ms(full)}   p95 ratio {percentile(full, .95) / percentile(bare, .95):.2f}x")


def section(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def before_and_shipped(model: Embedder) -> dict[str, tuple[Embedder, bool]]:
    """The question path before a question's BM25 passages were read while it is embedded,
    and as shipped: (embedder, read BM25 ahead)."""
    return {"before: BM25 after the embedding": (model, False), "shipped: BM25 during the embedding": (model, True)}


def bench_launch(model: Embedder, work: Path, rounds: int = 10) -> None:
    section("ask latency, launch article (in-process, warm model), before and shipped in turns")
    engines = {}
    for name, (embedder, ahead) in before_and_shipped(model).items():
        engines[name] = engine_at(work / "launch", embedder, REPO / "articles")
        engines[name].ensure_bundled()
        engines[name].read_lexical_ahead = ahead
        latency(engines[name], LAUNCH_QUESTIONS, 1)  # warm-up
    times = {name: ([], [], []) for name in engines}
    for turn in range(rounds):
        for name in engines if turn % 2 == 0 else list(engines)[::-1]:
            for kept, found in zip(times[name], latency(engines[name], LAUNCH_QUESTIONS, 1)):
                kept.extend(found)
    for name, engine in engines.items():
        print(name)
        print_latency(*times[name])
        engine.close()


def bench_squad(model: Embedder, work: Path) -> Engine:
    section("index build and ask latency, SQuAD part A (24 articles)")
    dataset = load_squad(SQUAD)
    engine = engine_at(work / "squad", model)
    start = time.perf_counter()
    passages = sum(engine.add_article(a).article.passages for a in dataset.articles)
    elapsed = time.perf_counter() - start
    texts = engine.store.db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
    print(f"built {passages} passages ({texts} passage+sentence vectors) in {elapsed:.1f} s: "
          f"{passages / elapsed:.1f} passages/s, {texts / elapsed:.1f} texts/s")
    engine.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    tokens = engine.store.db.execute("SELECT SUM(LENGTH(tokens)), COUNT(*) FROM token_embeddings").fetchone()
    print(f"database {engine.store.path.stat().st_size / 2**20:.1f} MiB, of which sentences' token vectors "
          f"{tokens[0] / 2**20:.1f} MiB ({tokens[1]} sentences, {tokens[0] / max(tokens[1], 1) / 1024:.1f} KiB each)")
    questions = [q.text for q in random.Random(7).sample(dataset.questions, 200)]
    latency(engine, questions[:10], 1)
    print_latency(*latency(engine, questions, 1))
    return engine


class SentenceBySentence:
    """The pipeline before one pass per passage: the passage, then each of its sentences, run
    through the model separately (sentence vectors that know nothing of their passage)."""

    def __init__(self, inner: Embedder):
        self.inner = inner

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def embed_passages(self, texts, spans, progress=None):
        return separately(self.inner, texts, spans, progress)


def stored_bytes_per_sentence(engine: Engine, old_format: bool = False) -> float:
    """Sentence vector + token vectors + sentence text, averaged over the stored sentences;
    `old_format`: what the same sentences took before (float32 vector, int8 tokens)."""
    db = engine.store.db
    sentences, text = db.execute("SELECT COUNT(*), SUM(end - start) FROM sentences").fetchone()
    vectors, tokens = db.execute(
        """SELECT SUM(LENGTH(e.vector)), SUM(LENGTH(t.tokens)) FROM sentences s
           JOIN embeddings e ON e.model = ? AND e.key = s.embed_key
           JOIN token_embeddings t ON t.model = e.model AND t.key = s.embed_key""", (engine.model,)).fetchone()
    if old_format:
        dim = engine.embedder.dim
        blobs = db.execute("""SELECT t.tokens FROM sentences s JOIN token_embeddings t
                              ON t.model = ? AND t.key = s.embed_key""", (engine.model,)).fetchall()
        counted = sum(len(m) for m in engine.token_codec.unpack_many([b for (b,) in blobs], dim))
        vectors, tokens = sentences * 4 * dim, counted * (4 + dim)
    return (vectors + tokens + text) / sentences


def bench_build(work: Path, torch_model: Embedder, onnx_model: Embedder) -> None:
    section("index build from nothing, SQuAD part A (24 articles) added article by article, side by side")
    dataset = load_squad(SQUAD)
    rows = []
    variants = [("before: torch, passage and each sentence separately", SentenceBySentence(torch_model)),
                ("ONNX, passage and each sentence separately", SentenceBySentence(onnx_model))]
    if isinstance(onnx_model, OnnxEmbedder):
        # as shipped until 2026-12-02: an article's windows 32 at a time, padded to the longest
        padded = OnnxEmbedder(onnx_model.path, onnx_model.fingerprint, onnx_model.cache_dirs, dim=onnx_model.dim,
                              tokens_per_batch=10**9, merge_padding=10**9)
        padded.embed_query("warm up")
        variants.append(("ONNX, one pass per passage, 32 windows padded", padded))
    variants.append(("shipped: ONNX, one pass, ~512-token batches", onnx_model))
    for label, model in variants:
        engine = engine_at(work / f"build-{len(rows)}", model)
        start = time.perf_counter()
        # As `quotebot add` does: article by article, each chunked once and embedded in
        # length-sorted batches of its own passages (and, before, sentences).
        passages = sum(engine.add_article(a).article.passages for a in dataset.articles)
        elapsed = time.perf_counter() - start
        sentences = engine.store.db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0]
        rows.append((label, passages, sentences, elapsed, engine))
    base = (rows[0][1] + rows[0][2]) / rows[0][3]
    for label, passages, sentences, elapsed, engine in rows:
        rate = (passages + sentences) / elapsed
        print(f"{label:55s} {elapsed:6.1f} s  {passages / elapsed:5.1f} passages/s  {rate:6.1f} texts/s "
              f"(passages + sentences)  {rate / base:.2f}x")
    print(f"({load_average()} after the last build)")
    shipped = rows[-1][4]
    print(f"stored bytes a sentence (vector + token vectors + text): before {stored_bytes_per_sentence(shipped, True) / 1024:.2f} KiB, "
          f"now {stored_bytes_per_sentence(shipped) / 1024:.2f} KiB")
    shipped.store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"database {shipped.store.path.stat().st_size / 2**20:.1f} MiB")
    for *_, engine in rows:
        engine.close()


def cpu_seconds() -> float:
    """This process's CPU time and its children's (the question worker processes), so far."""
    import psutil

    spent = time.process_time()
    for child in psutil.Process().children(recursive=True):
        try:
            times = child.cpu_times()
        except psutil.NoSuchProcess:
            continue
        spent += times.user + times.system
    return spent


def calls_per_second(call, questions: list[str], threads: int, seconds: float) -> tuple[float, float]:
    """`call(question)` from `threads` threads at once for `seconds`: calls a second, and the
    CPU milliseconds a call (all threads, ONNX Runtime's included, and the question worker
    processes')."""
    done = [0] * threads
    stop = threading.Event()

    def loop(slot: int) -> None:
        i = slot
        while not stop.is_set():
            call(questions[i % len(questions)])
            done[slot] += 1
            i += threads

    workers = [threading.Thread(target=loop, args=(slot,)) for slot in range(threads)]
    start, cpu = time.perf_counter(), cpu_seconds()
    for worker in workers:
        worker.start()
    stop.wait(seconds)
    stop.set()
    for worker in workers:
        worker.join()
    return sum(done) / (time.perf_counter() - start), (cpu_seconds() - cpu) * 1000 / max(1, sum(done))


def asking_rate(engine: Engine | AskPool, questions: list[str], askers: int, seconds: float) -> tuple[float, float]:
    """Questions per second with `askers` threads asking at once, and CPU ms a question."""
    return calls_per_second(engine.ask, questions, askers, seconds)


def ask_pool(engine: Engine, processes: int = 2) -> AskPool:
    """QUOTEBOT_ASK_PROCESSES=`processes` over `engine`'s index, its workers started and warm."""
    pool = AskPool(engine, processes)
    pool.warm()
    return pool


def bench_concurrency(engine: Engine, questions: list[str], seconds: float = 20.0) -> None:
    section("questions per second: one asker against eight at once (SQuAD part A index), "
            "in one process (default), then with QUOTEBOT_ASK_PROCESSES=2 (ONNX only)")
    pool = ask_pool(engine) if isinstance(engine.embedder, OnnxEmbedder) else None
    for name, asker in (("one process", engine), ("2 ask processes", pool)):
        if asker is None:
            continue
        rates = {}
        for askers in (1, 8):
            rates[askers], cpu = asking_rate(asker, questions, askers, seconds / 2)
            print(f"{name:16} {askers} asker{'s' if askers > 1 else ' '}  {rates[askers]:6.1f} questions/s  "
                  f"{cpu:5.1f} CPU ms a question")
        print(f"{name:16} 8 askers / 1 asker: {rates[8] / rates[1]:.2f}x  ({load_average()})")
    if pool is not None:
        pool.close()


def embedding_rate(embedder, questions: list[str], threads: int, seconds: float) -> float:
    """Bare query embeddings a second from `threads` threads at once: ONNX Runtime runs
    without the GIL, so eight threads outrun one only when the machine has a core to spare (a
    check of the machine, printed beside the askers)."""
    return calls_per_second(embedder.embed_query_with_tokens, questions, threads, seconds)[0]


def bench_read_ahead(engine: Engine, questions: list[str], rounds: int) -> None:
    """One asker on the SQuAD index, BM25 read after the embedding (before) and during it
    (shipped), with the bare query embedding, interleaved question by question in a shuffled
    order, so all three see the same machine load."""
    section("ask latency, SQuAD part A (one asker), before and shipped interleaved question by question")

    def ask(ahead: bool):
        def run(question: str) -> None:
            engine.read_lexical_ahead = ahead
            engine.ask(question)
        return run

    steps = {"bare query embedding": engine.embedder.embed_query,
             "before: BM25 after the embedding": ask(False), "shipped: BM25 during the embedding": ask(True)}
    times: dict[str, list[float]] = {name: [] for name in steps}
    order = random.Random(13)
    for step in steps.values():  # warm-up
        for question in questions[:10]:
            step(question)
    for _ in range(rounds):
        for question in questions:
            for name in order.sample(list(steps), len(steps)):
                start = time.perf_counter()
                steps[name](question)
                times[name].append(time.perf_counter() - start)
    engine.read_lexical_ahead = True
    bare = times.pop("bare query embedding")
    print(f"{len(questions)} questions x {rounds} ({load_average()})")
    print(f"{'bare query embedding':36} {ms(bare)}")
    for name, found in times.items():
        print(f"{name:36} {ms(found)}   p95 ratio {percentile(found, .95) / percentile(bare, .95):.2f}x")


def bench_concurrency_variants(work: Path, model, rounds: int, seconds: float = 8.0) -> None:
    """One asker against eight, and one asker's latency beside one bare query embedding, for
    ways of running the model side by side on one SQuAD index, in turns (each variant goes
    first every other round) so they share the machine's load; medians of the rounds."""
    from index.onnx_embed import OnnxEmbedder

    dataset = load_squad(SQUAD)
    engine = engine_at(work / "squad", model)
    engine.embed_ahead(dataset.articles)
    for article in dataset.articles:
        engine.add_article(article)
    questions = [q.text for q in dataset.questions[:200]]
    bench_read_ahead(engine, questions, rounds)
    engine.close()
    section("questions per second: one asker against eight at once, model settings side by side (SQuAD part A)")
    if not isinstance(model, OnnxEmbedder):
        print(f"{type(model).__name__}: no ONNX Runtime settings to compare")
        variants = {"default": (model, True)}
    else:
        def onnx(**options) -> OnnxEmbedder:
            return OnnxEmbedder(model.path, model.fingerprint, model.cache_dirs, dim=model.dim, **options)

        # (embedder, BM25 read during the embedding)
        variants = {
            "before: 2 threads, spinning": (onnx(threads=2, spinning=True), False),
            "before: 2 threads, no spinning": (onnx(threads=2), False),
            "1 thread": (onnx(threads=1), False),
            "shipped: 2 threads, BM25 read ahead": (onnx(threads=2), True),
        }
    engines = {}
    for name, (embedder, ahead) in variants.items():
        engines[name] = engine_at(work / "squad", embedder)
        engines[name].read_lexical_ahead = ahead
    for each in engines.values():
        latency(each, questions[:10], 1)  # loads the session and warms the caches
    # Questions in worker processes, each with its own engine and model (one thread each, the
    # cores shared out). The workers build the settings' model, ONNX: beside a torch run they
    # would not compare like for like.
    pools = {}
    if isinstance(model, OnnxEmbedder):
        pools["QUOTEBOT_ASK_PROCESSES=2"] = ask_pool(engines[list(engines)[-1]])
    found: dict[str, dict[str, list]] = {name: {} for name in [*engines, *pools]}
    names = list(found)
    for turn in range(rounds):
        for name in names if turn % 2 == 0 else names[::-1]:
            each, seen = engines.get(name) or pools[name], found[name]
            for askers in (1, 8):
                seen.setdefault(askers, []).append(asking_rate(each, questions, askers, seconds))
            if name in pools:
                seen.setdefault("full", []).extend(timed(each.ask, questions[:40]))
                continue
            for threads in (1, 8):
                seen.setdefault(f"embed {threads}", []).append(embedding_rate(each.embedder, questions, threads, seconds / 2))
            bare, _, full = latency(each, questions[:40], 1)
            seen.setdefault("bare", []).extend(bare)
            seen.setdefault("full", []).extend(full)
    print(f"{rounds} rounds of {seconds:.0f} s a setting and asker count ({load_average()})")
    for name in names:
        seen = found[name]
        one, eight = (statistics.median(r[0] for r in seen[a]) for a in (1, 8))
        cpu1, cpu8 = (statistics.median(r[1] for r in seen[a]) for a in (1, 8))
        print(f"{name:34} 1 asker {one:6.1f} q/s ({cpu1:5.1f} CPU ms/q)  8 askers {eight:6.1f} q/s "
              f"({cpu8:5.1f} CPU ms/q)  {eight / one:.2f}x")
        if name in pools:
            print(f"{'':34} one asker: ask {ms(seen['full'])} (the question and its answer sent between processes)")
            continue
        alone, together = (statistics.median(seen[f"embed {t}"]) for t in (1, 8))
        print(f"{'':34} bare query embeddings alone: 1 thread {alone:6.1f}/s, 8 threads {together:6.1f}/s, "
              f"{together / alone:.2f}x (the machine's spare core, without the GIL)")
        print(f"{'':34} one asker: ask {ms(seen['full'])}; bare query embedding {ms(seen['bare'])}; "
              f"p95 ratio {percentile(seen['full'], .95) / percentile(seen['bare'], .95):.2f}x")
    for pool in pools.values():
        pool.close()
    for each in engines.values():
        each.close()


def timed(call, questions: list[str]) -> list[float]:
    """Seconds each `call(question)` took, one after another."""
    times = []
    for question in questions:
        start = time.perf_counter()
        call(question)
        times.append(time.perf_counter() - start)
    return times


def bench_reindex_qps(engine: Engine, questions: list[str]) -> None:
    section("questions per second during a full reindex (SQuAD part A)")

    def serve(stop: threading.Event, counter: list[int], errors: list[str]) -> None:
        i = 0
        while not stop.is_set():
            answer = engine.ask(questions[i % len(questions)])
            if answer.answered and not answer.quotes:
                errors.append(answer.question)
            counter[0] += 1
            i += 1

    for label, work in (("idle", lambda: time.sleep(8)), ("during reindex", engine.reindex)):
        stop, counter, errors = threading.Event(), [0], []
        thread = threading.Thread(target=serve, args=(stop, counter, errors))
        thread.start()
        start = time.perf_counter()
        work()
        elapsed = time.perf_counter() - start
        stop.set()
        thread.join()
        print(f"{label:15} {counter[0] / elapsed:6.1f} questions/s over {elapsed:.1f} s, {len(errors)} inconsistent")


def run_process(command: list[str], env: dict, cwd: Path | None = None) -> tuple[float, float, str]:
    """Wall seconds, peak RSS (MiB) of that one process, and its stdout. `python -m bot` runs
    the checkout at `cwd` (default: this one)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.PIPE, cwd=cwd or REPO)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        out.seek(0)
        stdout = out.read().decode(errors="replace")
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def load_average() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + f" on {os.cpu_count()} cores"


def bench_cold_start(work: Path, rounds: int) -> None:
    section("whole processes, index already built (launch article), median of "
            f"{rounds} runs ({load_average()})")
    articles = work / "cold-articles"
    articles.mkdir(exist_ok=True)
    for path in (REPO / "articles").iterdir():
        (articles / path.name).write_bytes(path.read_bytes())
    quotebot = [sys.executable, "-m", "bot"]
    base = {**os.environ, "QUOTEBOT_ARTICLES_DIR": str(articles)}
    base.pop("QUOTEBOT_MODEL", None)
    # As installed for a user, Python keeps its compiled modules: with this set (some shells
    # do), every command compiled the project's modules again, ~0.3 s each time.
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    envs = {
        "torch": {**base, "QUOTEBOT_EMBED_RUNTIME": "torch"},
        "onnx": {**base, "QUOTEBOT_EMBED_RUNTIME": "auto"},
        "onnx int8": {**base, "QUOTEBOT_EMBED_RUNTIME": "auto", "QUOTEBOT_EMBED_INT8": "true"},
    }
    data = {"torch": work / "cold", "onnx": work / "cold", "onnx int8": work / "cold-int8"}
    question = LAUNCH_QUESTIONS[0]
    for name in ("onnx", "onnx int8"):  # builds each index and exports each graph, untimed
        run_process(quotebot + ["--data-dir", str(data[name]), "add", str(articles)], envs[name])

    def measure(label: str, command: list[str], env: dict, before=None) -> tuple[float, float]:
        walls, peaks = [], []
        for _ in range(rounds):
            if before:
                before()
            wall, peak, _ = run_process(command, env)
            walls.append(wall)
            peaks.append(peak)
        wall, peak = statistics.median(walls), max(peaks)
        print(f"{label:34} {wall:6.2f} s   peak RSS {peak:5.0f} MiB", flush=True)
        return wall, peak

    torch_import, _ = measure('python -c "import torch"', [sys.executable, "-c", "import torch"], base)
    asks = {}
    for name in ("torch", "onnx", "onnx int8"):
        command = quotebot + ["--data-dir", str(data[name]), "ask", question]
        asks[name] = measure(f"quotebot ask ({name})", command, envs[name])
    for name, (wall, peak) in asks.items():
        print(f"  ask ({name}): {wall / torch_import:.2f}x import torch")
    model_free_commands(data["onnx"], articles, envs["onnx"], rounds)


def model_free_commands(data: Path, articles: Path, env: dict, rounds: int, baseline: Path | None = None) -> None:
    """`list`, `status`, an unchanged `add`, `--help` and `remove` as whole processes on the
    launch index in `data`; with `baseline`, the same commands of that checkout too, run
    alternately with this one's (in turns, each going first every other round) so both see the
    same machine load. Each checkout runs every command once untimed first: its compiled modules
    are then cached, as they are for a user."""
    quotebot = [sys.executable, "-m", "bot"]
    at = ["--data-dir", str(data)]
    commands = {
        "list": at + ["list"],
        "status": at + ["status"],
        "add (unchanged)": at + ["add", str(articles)],
        "--help": ["--help"],
        "remove": at + ["remove", "DeepSeek"],
    }
    checkouts = {"this checkout": REPO, **({f"baseline {baseline}": baseline} if baseline else {})}

    def add_back() -> None:
        _, _, listed = run_process(quotebot + at + ["list"], env)
        if "DeepSeek" not in listed:
            run_process(quotebot + at + ["add", str(articles)], env)

    times: dict[tuple[str, str], list[float]] = {}
    for name, args in commands.items():
        before = add_back if name == "remove" else (lambda: None)
        for where in checkouts.values():
            before()
            run_process(quotebot + args, env, cwd=where)  # untimed: writes the compiled modules
        for turn in range(rounds):
            order = list(checkouts.items())
            for label, where in order if turn % 2 == 0 else order[::-1]:
                before()
                wall, _, _ = run_process(quotebot + args, env, cwd=where)
                times.setdefault((name, label), []).append(wall)
    labels = list(checkouts)
    print(f"median of {rounds} runs each ({load_average()}); " + " | ".join(labels))
    for name in commands:
        walls = [statistics.median(times[name, label]) for label in labels]
        row = "   ".join(f"{w:6.2f} s" for w in walls)
        ratio = f"   {walls[0] / walls[1]:.2f}x" if len(walls) > 1 else ""
        print(f"quotebot {name:18} {row}{ratio}", flush=True)


def bench_commands(work: Path, rounds: int, baseline: Path | None) -> None:
    section("model-free commands, whole processes, launch-article index built")
    articles = work / "cold-articles"
    articles.mkdir(exist_ok=True)
    for path in (REPO / "articles").iterdir():
        (articles / path.name).write_bytes(path.read_bytes())
    env = {**os.environ, "QUOTEBOT_ARTICLES_DIR": str(articles), "QUOTEBOT_EMBED_RUNTIME": "auto"}
    env.pop("QUOTEBOT_MODEL", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed for a user: see bench_cold_start
    data = work / "cold"
    run_process([sys.executable, "-m", "bot", "--data-dir", str(data), "add", str(articles)], env)
    model_free_commands(data, articles, env, rounds, baseline)


def bench_query_embedding(work: Path, rounds: int) -> None:
    section(f"one query embedding with its token vectors (in-process, warm; {load_average()})")
    cache = [work / "models"]
    embedders = {
        "torch (sentence-transformers)": SentenceTransformerEmbedder(),
        "onnx": make_embedder(DEFAULT_MODEL, cache_dirs=cache),
        "onnx int8": make_embedder(DEFAULT_MODEL, int8=True, cache_dirs=cache),
    }
    for embedder in embedders.values():
        embedder.embed_query("warm up")
    questions = LAUNCH_QUESTIONS * rounds
    times: dict[str, list[float]] = {name: [] for name in embedders}
    order = random.Random(3)
    for question in questions:  # interleaved, so each sees the same machine load
        for name in order.sample(list(embedders), len(embedders)):
            start = time.perf_counter()
            embedders[name].embed_query_with_tokens(question)
            times[name].append(time.perf_counter() - start)
    for name, values in times.items():
        print(f"{name:30} {ms(values)}")
    article = next(ingest.iter_load(str(REPO / "articles")))
    passages = chunk(article)
    texts = LAUNCH_QUESTIONS + [passage_embed_text(article.title, p.text) for p in passages]
    texts += [article.text[s.start:s.end] for p in passages for s in p.sentences]
    reference = embedders["torch (sentence-transformers)"].embed(texts)
    for name in ("onnx", "onnx int8"):
        cosines = (embedders[name].embed(texts) * reference).sum(axis=1)
        print(f"{name} vs torch: cosine min {cosines.min():.4f}, mean {cosines.mean():.4f} over {len(texts)} "
              f"texts (the launch questions, the launch article's passages and sentences)")
    section(f"indexing the launch article's {len(texts) - len(LAUNCH_QUESTIONS)} passages and sentences, "
            f"vectors and token vectors, one pass per text as today ({load_average()})")
    for name, embedder in embedders.items():
        start = time.perf_counter()
        embedder.embed_with_tokens(texts[len(LAUNCH_QUESTIONS):])
        elapsed = time.perf_counter() - start
        print(f"{name:30} {elapsed:6.2f} s  {(len(texts) - len(LAUNCH_QUESTIONS)) / elapsed:6.1f} texts/s")


def synthetic_article(rng: random.Random, number: int, paragraphs: int = 20) -> Article:
    vocabulary = [f"w{i}" for i in range(5000)]
    body = "\n\n".join(
        " ".join(" ".join(rng.choices(vocabulary, k=12)).capitalize() + "." for _ in range(5))
        for _ in range(paragraphs)
    )
    return Article(id=f"synthetic-{number}", title=f"Synthetic article {number}", text=body,
                   source=f"synthetic-{number}")


def bench_incremental(model: Embedder, work: Path, sizes: list[int]) -> None:
    section("adding one article to a bigger and bigger index (flat = incremental)")
    print("(the index side is timed with the hashing embedder, which makes 100k passages "
          "affordable; the model's share is the same at every size and is timed apart)")
    rng = random.Random(1)
    engine = engine_at(work / "scale", HashingEmbedder(dim=model.dim))
    filled, number = 0, 0
    for size in sizes:
        start = time.perf_counter()
        while filled < size:
            filled += engine.add_article(synthetic_article(rng, number)).article.passages
            number += 1
        fill_time = time.perf_counter() - start
        times = []
        for _ in range(5):
            article = synthetic_article(rng, number)
            number += 1
            start = time.perf_counter()
            filled += engine.add_article(article).article.passages
            times.append(time.perf_counter() - start)
        print(f"{size:>7} passages (filled in {fill_time:6.1f} s): add one 20-paragraph article "
              f"median {statistics.median(times) * 1000:7.1f} ms")
    engine.close()
    article = synthetic_article(rng, number)
    passages = chunk(article)
    texts = [p.text for p in passages] + [article.text[s.start:s.end] for p in passages for s in p.sentences]
    start = time.perf_counter()
    model.embed(texts)
    print(f"the real model's share for such an article: {time.perf_counter() - start:.2f} s at any size")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="scaling points 1k and 10k only")
    parser.add_argument("--launch-only", action="store_true",
                        help="only the ask latency on the launch article beside the bare embedding")
    parser.add_argument("--cold-only", action="store_true",
                        help="only whole-process commands and the query embedding of each runtime")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each whole-process command")
    parser.add_argument("--commands-only", action="store_true",
                        help="only the model-free commands (list, status, unchanged add, --help, remove)")
    parser.add_argument("--baseline", type=Path, default=None, metavar="DIR",
                        help="with --commands-only: also time another checkout's commands, alternately")
    parser.add_argument("--concurrency-only", action="store_true",
                        help="only one asker against eight (SQuAD part A index)")
    parser.add_argument("--build-only", action="store_true",
                        help="only the index build side by side and the stored bytes a sentence")
    parser.add_argument("--work", type=Path, default=None, metavar="DIR",
                        help="with --launch-only or --concurrency-only: keep the indexes and the exported model in "
                             "DIR between runs (default: a temporary folder), so a second run, or another "
                             "checkout's, asks the same index without building it again")
    parser.add_argument("--torch", action="store_true",
                        help="in-process figures on the torch path (default: the default embedder, ONNX)")
    args = parser.parse_args()
    if args.work is not None and not (args.launch_only or args.concurrency_only):
        parser.error("--work goes with --launch-only or --concurrency-only (the other parts time building)")
    with tempfile.TemporaryDirectory() as folder:
        work = args.work or Path(folder)
        work.mkdir(parents=True, exist_ok=True)
        if args.commands_only:
            bench_commands(work, args.rounds, args.baseline)
            return
        if not (args.launch_only or args.concurrency_only or args.build_only):
            bench_cold_start(work, args.rounds)
            bench_query_embedding(work, 10)
            if args.cold_only:
                return
        model = SentenceTransformerEmbedder() if args.torch else make_embedder(DEFAULT_MODEL, cache_dirs=[work / "models"])
        start = time.perf_counter()
        model.embed_query("warm up")
        print(f"\nin-process figures with {type(model).__name__}; model load: {time.perf_counter() - start:.1f} s")
        if args.build_only:
            bench_build(work, SentenceTransformerEmbedder(), model)
            return
        if args.concurrency_only:
            bench_concurrency_variants(work, model, args.rounds)
            return
        bench_launch(model, work)
        if args.launch_only:
            return
        if not args.torch:
            bench_build(work, SentenceTransformerEmbedder(), model)
        engine = bench_squad(model, work)
        questions = [q.text for q in load_squad(SQUAD).questions[:100]]
        bench_concurrency(engine, questions)
        bench_reindex_qps(engine, questions)
        engine.close()
        bench_incremental(model, work, [1_000, 10_000] if args.quick else [1_000, 10_000, 100_000])
        print(f"\npeak RSS of this benchmark process: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
