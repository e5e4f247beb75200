"""Questions answered in worker processes (QUOTEBOT_ASK_PROCESSES): the same answers and the same
errors as the engine's own (the pool never answers in this process, so an answer is a worker's),
articles added later answered too, and a worker that dies costs no question."""
from __future__ import annotations

import contextlib
import os
import pickle
import signal
import subprocess
import sys

import psutil
import pytest

from index import errors
from index.ask_pool import AskPool
from index.collections import GLOBAL
from index.embed import HashingEmbedder
from index.errors import ArticleNotFound, IndexBusy, InvalidQuestion, InvalidSettings
from index.ingest import parse_text
from index.models import Discussion

from .conftest import FAKE_THRESHOLD, PINNED_WEIGHTS, REPO, make_settings, pinned_engine

TRAMS = parse_text("# Trams come back to Northtown\nNorthtown will reopen its tram line in May.\n\n"
                   "The council said the line cost 40 million pounds to rebuild.\n\n"
                   "Riders can buy tickets on the platform or with a phone app.\n", source="trams.md", fmt="md")
FERRY = parse_text("# Ferry strike ends\nThe ferry crews ended their strike on Tuesday after a pay deal.\n\n"
                   "Union leaders said the deal gave crews a five percent rise.\n", source="ferry.md", fmt="md")
QUESTIONS = ["How much did the tram line cost to rebuild?", "When will the tram line reopen?",
             "Where can riders buy tickets?", "What is the capital of Australia?"]


@pytest.fixture
def setup(tmp_path):
    # The workers build their engines from the settings alone: the hashing model by name, and
    # the unit tests' pinned weights and threshold, so their answers can equal the engine's.
    settings = make_settings(tmp_path, model="hashing:256", answer_weights=PINNED_WEIGHTS,
                             answer_threshold=FAKE_THRESHOLD)
    engine = pinned_engine(settings)
    engine.add_article(TRAMS)
    pool = AskPool(engine, 2)
    try:
        yield engine, pool
    finally:
        pool.close()
        engine.close()


def workers(pool: AskPool) -> list[psutil.Process]:
    pool.warm()
    return [psutil.Process(pid) for pid in pool.worker_pids()]


def test_the_workers_answer_as_the_engine_does(setup):
    engine, pool = setup
    for question in QUESTIONS:
        assert pool.ask(question) == engine.ask(question)
    trams = engine.articles()[0].id
    asked = dict(collections=(GLOBAL,), context=Discussion(trams, chosen=True))
    assert pool.ask("how much did it cost?", **asked) == engine.ask("how much did it cost?", **asked)
    answer = pool.ask("How much did the tram line cost to rebuild?", article_id=trams)
    assert answer.answered and "40 million pounds" in answer.quotes[0].text


def test_the_workers_run_in_other_processes(setup):
    _, pool = setup
    found = workers(pool)
    assert len(found) == 2 and all(process.pid != os.getpid() for process in found)


def test_a_refused_question_raises_the_engines_error(setup):
    engine, pool = setup
    with pytest.raises(InvalidQuestion) as raised:
        pool.ask("?")
    with pytest.raises(InvalidQuestion) as direct:
        engine.ask("?")
    assert str(raised.value) == str(direct.value)


def test_an_article_added_after_the_workers_started_is_answered(setup):
    engine, pool = setup
    pool.warm()
    question = "What rise did the ferry crews get?"
    assert not pool.ask(question).answered
    engine.add_article(FERRY)
    answer = pool.ask(question)
    assert answer.answered and "five percent" in answer.quotes[0].text


def test_a_worker_that_dies_costs_no_question(setup):
    engine, pool = setup
    killed = workers(pool)
    for process in killed:  # the first one's death ends the others
        with contextlib.suppress(psutil.NoSuchProcess):
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)
    assert pool.ask(QUESTIONS[0]) == engine.ask(QUESTIONS[0])  # asked again of new workers
    started = pool.worker_pids()
    assert started and not {process.pid for process in killed} & set(started)


def test_workers_that_cannot_open_their_engine_say_why_and_are_not_started_again(setup):
    engine, _ = setup
    # The caller's engine given a model of its own: its settings build another.
    pool = AskPool(pinned_engine(engine.settings.model_copy(update={"model": "hashing:128"}), HashingEmbedder()), 1)
    try:
        with pytest.raises(InvalidSettings, match="not the bot's"):
            pool.ask(QUESTIONS[0])
        first = pool.worker_pids()
        with pytest.raises(InvalidSettings):
            pool.ask(QUESTIONS[1])
        assert pool.worker_pids() == first
    finally:
        pool.close()


def test_a_closed_pool_refuses_questions_with_a_clear_error(setup):
    _, pool = setup
    pool.close()
    with pytest.raises(IndexBusy, match="Stopping"):
        pool.ask(QUESTIONS[0])


def test_every_user_facing_error_survives_the_trip_between_processes():
    made = [errors.IngestError("feed.xml", "no entries"), errors.FeedNotFound("global", "https://x.example/feed"),
            ArticleNotFound("trams", [("abc123", "Trams come back")]), errors.AmbiguousArticle("t", [("a", "T1")]),
            errors.DatabaseCorrupt("/data/q.sqlite3", "malformed"), errors.ReadOnlyData("/data"),
            errors.DiskFull("/data", "no space"), errors.WeightsMissing("/w.json", "gone"),
            errors.ModelUnavailable("m", "offline"), InvalidQuestion("empty")]
    for error in made:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error) and vars(back) == vars(error)


POOL_HOLDER = """
import sys
from index.ask_pool import AskPool
from tests.conftest import make_settings, pinned_engine
from pathlib import Path

if __name__ == "__main__":
    engine = pinned_engine(make_settings(Path(sys.argv[1]), model="hashing:256"))
    pool = AskPool(engine, 2)
    pool.warm()
    print(" ".join(map(str, pool.worker_pids())), flush=True)
    sys.stdin.read()  # held until the test kills this process
"""


def test_the_workers_end_when_the_process_that_started_them_is_killed(tmp_path):
    # A bot killed by SIGKILL (or a supervisor's SIGTERM, which discord.py does not handle) left
    # its workers running, each holding a model in memory (a review's find).
    script = tmp_path / "holder.py"
    script.write_text(POOL_HOLDER)
    holder = subprocess.Popen([sys.executable, str(script), str(tmp_path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    try:
        pids = [int(pid) for pid in holder.stdout.readline().split()]
        assert pids, "the pool started no worker"
        workers = [psutil.Process(pid) for pid in pids]
        holder.kill()
        holder.wait(timeout=10)
        _, alive = psutil.wait_procs(workers, timeout=30)
        assert not alive
    finally:
        holder.kill()
