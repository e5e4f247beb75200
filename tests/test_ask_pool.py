"""Questions answered in worker processes (QUOTEBOT_ASK_PROCESSES): the same answers and the same
errors as the engine's own, articles added later answered too, and a worker that dies costs no
question."""
from __future__ import annotations

import os
import pickle
import signal

import psutil
import pytest

from index import errors
from index.ask_pool import AskPool
from index.collections import GLOBAL
from index.errors import ArticleNotFound, InvalidQuestion
from index.ingest import parse_text
from index.models import Discussion

from .conftest import FAKE_THRESHOLD, PINNED_WEIGHTS, make_settings, pinned_engine

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
    pool = AskPool(settings, 2, engine)
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
    for process in killed:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    answer = pool.ask(QUESTIONS[0])  # from this process's engine, while the workers start again
    assert answer == engine.ask(QUESTIONS[0])
    assert pool.ask(QUESTIONS[1]) == engine.ask(QUESTIONS[1])  # from a new worker
    started = pool.worker_pids()
    assert started and not {process.pid for process in killed} & set(started)


def test_every_user_facing_error_survives_the_trip_between_processes():
    made = [errors.IngestError("feed.xml", "no entries"), errors.FeedNotFound("global", "https://x.example/feed"),
            ArticleNotFound("trams", [("abc123", "Trams come back")]), errors.AmbiguousArticle("t", [("a", "T1")]),
            errors.DatabaseCorrupt("/data/q.sqlite3", "malformed"), errors.ReadOnlyData("/data"),
            errors.DiskFull("/data", "no space"), errors.WeightsMissing("/w.json", "gone"),
            errors.ModelUnavailable("m", "offline"), InvalidQuestion("empty")]
    for error in made:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error) and str(back) == str(error) and vars(back) == vars(error)
