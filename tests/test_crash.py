"""Crash safety and consistency of the index.

A worker process (tests/crash_worker.py) indexing or reindexing is killed with SIGKILL at
chosen points; the engine opened afterwards must pass SQLite's integrity check, hold exactly
the last committed state (FAISS agreeing with SQLite), answer as before the interrupted work,
and, once the work is done again, hold the same index as an uninterrupted run. Also: questions
asked during a reindex, and the cost of adding one article not growing with the index."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import faiss
import numpy as np
import pytest

from index import ingest
from index.engine import GLOBAL, Engine, guild_collection
from index.ingest import parse_text
from index.settings import Settings

from .conftest import FAKE_THRESHOLD, REPO, pinned_engine
from .crash_worker import bulk_articles, write_bulk

MODEL = "hashing:256"
OTHER_MODEL = "hashing:128"
BULK = guild_collection(1)
BULK_COUNT = 30

BASE = [
    """# Harbour bridge reopens
The harbour bridge reopened on Monday after eighteen months of repairs that cost the port authority twelve million euros.

Engineers replaced the rusted cables and the old wooden deck, and the bridge can now carry heavy lorries again.

Fishermen welcomed the reopening because the detour through the industrial zone had added an hour to every trip.
""",
    """# Library opens on Sundays
The municipal library will open on Sundays from next month, the culture department announced on Thursday.

Volunteers from the reading club offered to staff the lending desk so that the extra day costs the city nothing.

The library also plans a weekly chess afternoon for pupils of the nearby primary schools.
""",
    """# Record apple harvest
Apple growers in the valley expect a record harvest after a mild spring without any late frost.

The cooperative has hired forty seasonal pickers and rented two refrigerated warehouses for the surplus.
""",
]


def _bulk_question() -> str:
    text = bulk_articles(BULK_COUNT)[5][1]
    return " ".join(text.split("\n\n")[2].split(".")[0].split()[:9]) + "?"


QUESTIONS = [
    "How much did the repairs of the harbour bridge cost?",
    "When will the municipal library open on Sundays?",
    "How many seasonal pickers did the cooperative hire?",
    _bulk_question(),
]


def settings(data_dir: Path, model: str = MODEL) -> Settings:
    return Settings(data_dir=data_dir, articles_dir=data_dir / "none", model=model,
                    answer_threshold=FAKE_THRESHOLD, _env_file=None)


def open_engine(data_dir: Path, model: str = MODEL) -> Engine:
    return pinned_engine(settings(data_dir, model))


def answers(engine: Engine) -> list[dict]:
    return [engine.ask(q, [GLOBAL, BULK]).to_json() for q in QUESTIONS]


def global_quotes(engine: Engine) -> list[list[tuple]]:
    return [[(q.text, q.article_id, q.paragraph) for q in engine.ask(question).quotes] for question in QUESTIONS[:3]]


def snapshot(engine: Engine) -> dict:
    """The index as content (no row ids): passages and sentences with their vectors, checked
    for agreement between SQLite, FTS and every collection's FAISS index on the way."""
    db = engine.store.db
    rows = db.execute(
        """SELECT p.id, p.collection, p.article_id, p.seq, p.paragraph, p.start, p.end,
                  substr(a.text, p.start + 1, p.end - p.start), e.vector
           FROM passages p JOIN articles a ON a.collection = p.collection AND a.id = p.article_id
           LEFT JOIN embeddings e ON e.model = ? AND e.key = p.embed_key""",
        (engine.model,),
    ).fetchall()
    key_of = {r[0]: (r[1], r[2], r[3]) for r in rows}
    passages = {(r[1], r[2], r[3]): (r[4], r[5], r[6], r[7], r[8]) for r in rows}
    assert all(v[4] is not None for v in passages.values()), "a passage without its vector"
    sentences = {
        (*key_of[pid], start, end, vector)
        for pid, start, end, vector in db.execute(
            """SELECT s.passage_id, s.start, s.end, e.vector FROM sentences s
               LEFT JOIN embeddings e ON e.model = ? AND e.key = s.embed_key""", (engine.model,))
    } if rows else set()
    orphans = db.execute("SELECT COUNT(*) FROM sentences WHERE passage_id NOT IN (SELECT id FROM passages)").fetchone()[0]
    assert orphans == 0
    fts = {r[0] for r in db.execute("SELECT rowid FROM passage_fts")}
    assert fts == set(key_of)
    assert int(engine.store.get_meta("passages")) == len(rows)
    in_faiss = {}
    for collection in engine.store.collections():
        index = engine.vectors.load(collection)
        ids = faiss.vector_to_array(index.id_map) if index.ntotal else np.zeros(0, dtype=np.int64)
        for pid in ids.tolist():
            in_faiss[key_of[pid]] = index.reconstruct(pid).astype(np.float32).tobytes()
    assert in_faiss == {k: v[4] for k, v in passages.items()}, "FAISS disagrees with SQLite"
    articles = {(c, i, t) for c, i, t in db.execute("SELECT collection, id, text FROM articles")}
    return {"articles": articles, "passages": passages, "sentences": sentences}


def restricted(snap: dict, keep: set[tuple[str, str]]) -> dict:
    return {
        "articles": {a for a in snap["articles"] if a[:2] in keep},
        "passages": {k: v for k, v in snap["passages"].items() if k[:2] in keep},
        "sentences": {s for s in snap["sentences"] if s[:2] in keep},
    }


def run_worker(data_dir: Path, args: list[str], model: str, *, kill_when=None):
    """Run the worker; SIGKILL it when `kill_when(lines)` holds. Returns its output lines (as
    word lists) and exit status."""
    env = {**os.environ, "QUOTEBOT_MODEL": model, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "tests.crash_worker", str(data_dir), *args],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    lines: list[list[str]] = []
    try:
        for line in proc.stdout:
            if not line.strip() or not line.endswith("\n"):
                continue  # blank, or cut short by the kill
            lines.append(line.split())
            if kill_when is not None and kill_when(lines):
                os.kill(proc.pid, signal.SIGKILL)
                break
        # printed before it died; a last line cut short by the kill is not a report
        lines += [line.split() for line in proc.stdout if line.strip() and line.endswith("\n")]
    finally:
        if proc.poll() is None and kill_when is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
    return lines, proc.returncode


def run_workers(data_dirs: list[Path], args: list[list[str]], model: str, kills: list[dict]):
    """Several workers at once (each in its own data dir), to keep the test short."""
    with ThreadPoolExecutor(len(kills)) as pool:
        return list(pool.map(lambda job: run_worker(job[0], job[1], model, **job[2]), zip(data_dirs, args, kills)))


def add_base(engine: Engine) -> None:
    for i, text in enumerate(BASE):
        engine.add_article(parse_text(text, source=f"base-{i}.md", fmt="md"))


def copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Reference states built without interruption: the base articles alone; base + bulk."""
    root = tmp_path_factory.mktemp("crash")
    folder = root / "bulk"
    write_bulk(folder, BULK_COUNT)
    base = root / "base"
    with open_engine(base) as engine:
        add_base(engine)
        base_quotes = global_quotes(engine)
    full = copy(base, root / "full")
    with open_engine(full) as engine:
        for path in sorted(folder.iterdir()):
            engine.add_article(ingest.read_file(path), BULK)
        full_snapshot, full_answers = snapshot(engine), answers(engine)
    assert all(a["answered"] for a in full_answers)
    return {
        "root": root, "folder": folder, "base": base, "full": full, "base_quotes": base_quotes,
        "full_snapshot": full_snapshot, "full_answers": full_answers,
    }


@pytest.fixture(scope="module")
def reindexed(world):
    """The reference state base + bulk reindexed with another model (only the reindex kills
    need it)."""
    other = copy(world["full"], world["root"] / "other")
    with open_engine(other, OTHER_MODEL) as engine:
        engine.reindex()
        return {"other_snapshot": snapshot(engine), "other_answers": answers(engine)}


@pytest.mark.integration  # a worker process killed mid-work
def test_sigkill_during_an_ingest(world):
    order = [ingest.read_file(p).id for p in sorted(world["folder"].iterdir())]
    paused = 2 * BULK_COUNT // 3  # the worker waits for the kill between embedding this one and storing it
    add = ["add", str(world["folder"]), BULK]
    kills = [
        dict(kill_when=lambda lines: lines[-1][0] == "start"),  # in the first article's ingest
        dict(kill_when=lambda lines: sum(l[0] == "committed" for l in lines) == BULK_COUNT // 2),
        dict(kill_when=lambda lines: lines[-1] == ["embedded", order[paused]]),
    ]
    dirs = [copy(world["base"], world["root"] / f"ingest-{n}") for n in range(len(kills))]
    runs = run_workers(dirs, [add, add, add + [f"pause={paused}"]], MODEL, kills)
    for n, (data, (lines, status)) in enumerate(zip(dirs, runs)):
        assert status == -signal.SIGKILL, lines
        committed = [l[1] for l in lines if l[0] == "committed"]
        started = [l[1] for l in lines if l[0] == "start"]
        with open_engine(data) as engine:
            assert engine.store.integrity_ok()
            have = {i.id for i in engine.articles([BULK])}
            # exactly a prefix of the work: everything reported committed, at most the one
            # in flight besides, and nothing half-written
            assert set(committed) <= have <= set(started)
            assert have == set(order[: len(have)])
            if n == len(kills) - 1:  # killed with its vectors made but not stored: none of it
                assert have == set(order[:paused]) and committed == order[:paused]
            keep = {(GLOBAL, a[1]) for a in world["full_snapshot"]["articles"] if a[0] == GLOBAL}
            keep |= {(BULK, i) for i in have}
            assert snapshot(engine) == restricted(world["full_snapshot"], keep)
            assert global_quotes(engine) == world["base_quotes"]
            if n == len(kills) - 1:  # do the work again: same as the uninterrupted run
                results = [engine.add_article(ingest.read_file(p), BULK) for p in sorted(world["folder"].iterdir())]
                assert {r.status for r in results[: len(have)]} <= {"unchanged"}
                assert snapshot(engine) == world["full_snapshot"]
                assert answers(engine) == world["full_answers"]


@pytest.mark.integration  # a worker process killed mid-work
def test_sigkill_during_a_reindex(world, reindexed):
    """To another model (texts re-embedded in batches, then one swap) and with the same one
    (everything from the cache: the swap alone)."""
    kills = [
        dict(kill_when=lambda lines: lines[-1][0] == "progress"),  # embedding
        dict(kill_when=lambda lines: lines[-1][0] == "progress" and lines[-1][1] == lines[-1][2]),  # swapping
        dict(kill_when=lambda lines: lines[-1][0] == "progress"),  # same model: swapping
    ]
    models = [OTHER_MODEL, OTHER_MODEL, MODEL]
    dirs = [copy(world["full"], world["root"] / f"reindex-{n}") for n in range(len(kills))]
    with ThreadPoolExecutor(len(kills)) as pool:
        runs = list(pool.map(lambda job: run_worker(job[0], ["reindex"], job[1], **job[2]), zip(dirs, models, kills)))
    for n, (data, model, (lines, status)) in enumerate(zip(dirs, models, runs)):
        assert status == -signal.SIGKILL and ["reindexed"] not in [l[:1] for l in lines], lines
        with open_engine(data) as engine:
            assert engine.store.integrity_ok()
            if engine.store.get_meta("model") != engine.model:
                # killed in the instant after the swap's commit: the new index, complete
                assert n > 0, "the reindex cannot have committed before embedding"
                with open_engine(data, OTHER_MODEL) as other:
                    assert answers(other) == reindexed["other_answers"]
                    assert snapshot(other) == reindexed["other_snapshot"]
                continue
            assert answers(engine) == world["full_answers"]
            assert snapshot(engine) == world["full_snapshot"]
            if model == MODEL:
                engine.reindex()
                assert snapshot(engine) == world["full_snapshot"]
        if n == 0:  # do the work again: same as the uninterrupted run
            with open_engine(data, OTHER_MODEL) as engine:
                engine.reindex()
                assert snapshot(engine) == reindexed["other_snapshot"]
                assert answers(engine) == reindexed["other_answers"]


@pytest.mark.integration  # a worker process killed mid-work
def test_a_restart_after_sigkill_does_not_trust_a_stale_faiss_cache(world, tmp_path):
    """The FAISS files are only a start-up cache, written at close: a killed process leaves an
    older one, which the next start must patch to SQLite's state. An edited article's new
    passages must not take the ids of its old ones, or the old vectors would pass for them."""
    folder = copy(world["folder"], tmp_path / "bulk")
    for path in sorted(folder.iterdir())[5:]:
        path.unlink()
    data = copy(world["base"], tmp_path / "data")
    with open_engine(data) as engine:
        for path in sorted(folder.iterdir()):
            engine.add_article(ingest.read_file(path), BULK)
        answers(engine)  # loads every collection's index: saved as the cache at close
    newest = sorted(folder.iterdir())[-1]  # its passages have the highest ids
    newest.write_text(newest.read_text().replace(".", " indeed.", 3))
    lines, status = run_worker(data, ["add", str(folder), BULK, "hold"], MODEL,
                               kill_when=lambda lines: lines[-1] == ["holding"])
    assert status == -signal.SIGKILL and sum(l[0] == "committed" for l in lines) == 5
    with open_engine(data) as engine:
        snapshot(engine)  # FAISS agrees with SQLite, vector for vector
        assert any("indeed" in a[2] for a in snapshot(engine)["articles"])


def same_answer(got: dict, expected: dict) -> bool:
    """The same quotes in the same order. Their confidence may move in the last digits: a
    reindex gives passages new ids, and ids break ties between equal BM25 scores at the edge of
    the candidate list, which shifts the z-scores a little."""
    def quotes(answer):
        return [{k: v for k, v in q.items() if k != "score"} for q in answer["quotes"]]

    return (quotes(got) == quotes(expected) and got["answered"] == expected["answered"]
            and all(abs(a["score"] - b["score"]) < 0.05 for a, b in zip(got["quotes"], expected["quotes"])))


def test_questions_during_a_reindex_get_consistent_answers(world):
    data = copy(world["full"], world["root"] / "busy")
    with open_engine(data) as engine:
        expected = answers(engine)
        stop = threading.Event()
        problems: list[str] = []
        asked = [0]

        def ask_forever(offset: int) -> None:
            i = offset
            while not stop.is_set():
                question = QUESTIONS[i % len(QUESTIONS)]
                try:
                    got = engine.ask(question, [GLOBAL, BULK]).to_json()
                    if not same_answer(got, expected[i % len(QUESTIONS)]):
                        problems.append(f"different answer to {question!r}: {got}")
                except Exception as error:  # noqa: BLE001 - any failure is the finding
                    problems.append(f"{type(error).__name__}: {error}")
                asked[0] += 1
                i += 1

        threads = [threading.Thread(target=ask_forever, args=(k,)) for k in range(2)]
        for thread in threads:
            thread.start()
        try:
            # Reindexes back to back until enough questions overlapped them (a reindex that
            # reuses the stored passages takes well under a second).
            rounds = 0
            while rounds < 2 or (asked[0] <= 20 and rounds < 200):
                engine.reindex()
                rounds += 1
        finally:
            stop.set()
            for thread in threads:
                thread.join()
        assert problems == []
        assert asked[0] > 10
        assert all(same_answer(a, b) for a, b in zip(answers(engine), expected))


def test_adding_an_article_costs_the_same_in_a_small_and_a_large_index(world, tmp_path):
    """Counted in SQLite virtual machine steps (deterministic, unlike time): nothing on the
    add path scans the collection. FAISS is patched, never reconciled."""
    extra = [parse_text(text, source=name, fmt="md") for name, text in bulk_articles(BULK_COUNT + 4, seed=11)[-4:]]

    def cost(data: Path) -> int:
        with open_engine(data) as engine:
            engine.ask(QUESTIONS[0], [GLOBAL, BULK])  # load the indexes
            steps = [0]

            def count() -> int:
                steps[0] += 1
                return 0

            reconciles = []
            real = engine.vectors._reconcile
            engine.vectors._reconcile = lambda *a: reconciles.append(a) or real(*a)
            engine.store.db.set_progress_handler(count, 1)
            for article in extra:
                assert engine.add_article(article, BULK).status == "added"
            engine.store.db.set_progress_handler(None, 0)
            assert reconciles == []
            return steps[0]

    small = tmp_path / "small"
    with open_engine(small) as engine:
        add_base(engine)
        engine.add_article(parse_text(bulk_articles(1)[0][1], source="one.md", fmt="md"), BULK)
    large = copy(world["full"], tmp_path / "large")
    small_cost, large_cost = cost(small), cost(large)
    assert large_cost <= small_cost * 1.25, (small_cost, large_cost)
