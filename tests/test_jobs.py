"""Ingestion jobs on procrastinate's queue in the PostgreSQL database: `quotebot add --queue`
enqueues, a real `quotebot worker` process runs them, and another engine on the database answers
from what it added."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from bot.cli import cli
from index.collections import GLOBAL
from index.embed import HashingEmbedder
from index.store import jobs as queue

from .conftest import REPO, make_settings, pinned_engine
from .loopback_http import QuietHandler, serving

PARAGRAPH = ("The harbour bridge reopened on Monday after eighteen months of repairs that cost the "
             "port authority twelve million euros, and heavy lorries may cross it again.")
PAGE = (f"<!doctype html><html><head><title>Harbour bridge reopens</title></head><body><article>"
        f"<h1>Harbour bridge reopens</h1><p>{PARAGRAPH}</p><p>{PARAGRAPH}</p></article></body></html>").encode()
QUESTION = "How much did the harbour bridge repairs cost?"
DEADLINE = 60  # seconds for a job on the hashing embedder: it takes well under one


class _Handler(QuietHandler):
    def do_GET(self):
        if self.path == "/page.html":
            return self._send(200, PAGE, "text/html; charset=utf-8")
        if self.path == "/held.html":
            # The worker is now mid-job; the page comes when the test releases it.
            self.server.held.set()
            self.server.release.wait(DEADLINE)
            return self._send(200, PAGE, "text/html; charset=utf-8")
        return self._send(404, b"no such page")


@pytest.fixture
def server():
    with serving(_Handler) as url:
        yield url


@pytest.fixture(autouse=True)
def _server_events(monkeypatch):
    """The held page's events, on the server class the loopback server is built from."""
    import http.server

    held, release = threading.Event(), threading.Event()
    monkeypatch.setattr(http.server.ThreadingHTTPServer, "held", held, raising=False)
    monkeypatch.setattr(http.server.ThreadingHTTPServer, "release", release, raising=False)
    yield
    release.set()


def _env(tmp_path, database_url: str, name: str) -> dict[str, str]:
    return {**os.environ, "QUOTEBOT_DATABASE_URL": database_url, "QUOTEBOT_MODEL": "hashing",
            "QUOTEBOT_DATA_DIR": str(tmp_path / name), "QUOTEBOT_ARTICLES_DIR": str(tmp_path / "no-articles"),
            "QUOTEBOT_ALLOW_PRIVATE_URLS": "true", "HF_HUB_OFFLINE": "1"}


def _enqueue(monkeypatch, tmp_path, database_url: str, url: str) -> int:
    monkeypatch.chdir(tmp_path)  # no .env of the checkout
    monkeypatch.setenv("QUOTEBOT_DATABASE_URL", database_url)
    result = CliRunner().invoke(cli, ["add", "--queue", url], obj={})
    assert result.exit_code == 0, result.output
    words = result.output.split()
    assert words[:2] == ["queued", "job"] and url in result.output
    return int(words[2])


class Worker:
    """`quotebot worker` as a process, its stderr read as it comes."""

    def __init__(self, env: dict[str, str], *args: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "worker", *args], cwd=REPO, env=env,
                                     stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self._changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            with self._changed:
                self.lines.append(line)
                self._changed.notify_all()

    def wait_for_line(self, text: str) -> None:
        with self._changed:
            assert self._changed.wait_for(lambda: any(text in line for line in self.lines), DEADLINE), self.lines

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(DEADLINE)


@pytest.fixture
def worker_env(tmp_path, database_url):
    return _env(tmp_path, database_url, "worker")


def _finished(database_url: str, job_id: int, worker: Worker) -> queue.JobState:
    """The job once procrastinate calls it finished (polled: its status is a row)."""
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        state = queue.job_state(database_url, job_id)
        if state is not None and state.status in ("succeeded", "failed", "aborted", "cancelled"):
            return state
        assert worker.proc.poll() is None, "".join(worker.lines)
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} still {state} after {DEADLINE} s: {''.join(worker.lines)}")


def _answer(tmp_path, database_url: str):
    settings = make_settings(tmp_path / "reader", database_url=database_url, model="hashing")
    with pinned_engine(settings, HashingEmbedder()) as engine:
        return engine.articles([GLOBAL]), engine.ask(QUESTION)


def test_a_queued_add_is_run_by_the_worker_and_answered_by_another_engine(monkeypatch, tmp_path, database_url,
                                                                           server, worker_env):
    bad = _enqueue(monkeypatch, tmp_path, database_url, server + "/missing.html")
    good = _enqueue(monkeypatch, tmp_path, database_url, server + "/page.html")
    worker = Worker(worker_env)
    try:
        failed, done = _finished(database_url, bad, worker), _finished(database_url, good, worker)
    finally:
        assert worker.stop() == 0, "".join(worker.lines)
    # A URL that fails ends the job `failed` with the reason; the worker goes on with the next.
    assert failed.status == "failed" and failed.ok is False and "404" in failed.outcome
    assert done.status == "succeeded" and done.ok is True and done.outcome.startswith("added ")

    articles, answer = _answer(tmp_path, database_url)
    assert [a.title for a in articles] == ["Harbour bridge reopens"]
    assert any("twelve million euros" in q.text for q in answer.quotes)

    result = CliRunner().invoke(cli, ["jobs"], obj={})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == ["jobs", "0", "queued,", "0", "running,", "1", "done,", "1", "failed"]
    assert "404" in result.output and "added" in result.output

    # A worker on another host could not read this machine's files: only URLs are queued.
    local = CliRunner().invoke(cli, ["add", "--queue", str(REPO / "articles")], obj={})
    assert local.exit_code == 2 and "URLs only" in local.output

    # The same URL again: the worker's answer is "unchanged", nothing written twice; and a reindex.
    again = _enqueue(monkeypatch, tmp_path, database_url, server + "/page.html")
    queued = CliRunner().invoke(cli, ["jobs", "--reindex"], obj={})
    assert queued.exit_code == 0 and queued.output.startswith("queued    job "), queued.output
    reindex = int(queued.output.split()[2])
    worker = Worker(worker_env)
    try:
        assert _finished(database_url, again, worker).outcome.startswith("unchanged ")
        assert _finished(database_url, reindex, worker).outcome == "reindexed 1 passage"
    finally:
        assert worker.stop() == 0
    assert [a.title for a in _answer(tmp_path, database_url)[0]] == ["Harbour bridge reopens"]


def test_sigterm_mid_job_lets_the_job_finish_then_the_worker_exits(monkeypatch, tmp_path, database_url, server,
                                                                   worker_env):
    import http.server

    job = _enqueue(monkeypatch, tmp_path, database_url, server + "/held.html")
    worker = Worker(worker_env)
    try:
        assert http.server.ThreadingHTTPServer.held.wait(DEADLINE), "".join(worker.lines)
        assert queue.job_state(database_url, job).status == "doing"
        worker.proc.send_signal(signal.SIGTERM)
        worker.wait_for_line("Stop requested")
        http.server.ThreadingHTTPServer.release.set()
        assert worker.proc.wait(DEADLINE) == 0, "".join(worker.lines)
    finally:
        if worker.proc.poll() is None:
            worker.proc.kill()
    state = queue.job_state(database_url, job)
    assert state.status == "succeeded" and state.outcome.startswith("added "), state
    articles, answer = _answer(tmp_path, database_url)
    assert len(articles) == 1 and any("twelve million euros" in q.text for q in answer.quotes)


@pytest.mark.integration  # a worker process killed mid-work
def test_the_job_of_a_killed_worker_is_run_again_by_another(monkeypatch, tmp_path, database_url, server, worker_env):
    import http.server

    job = _enqueue(monkeypatch, tmp_path, database_url, server + "/held.html")
    first = Worker(worker_env, "--stalled-after", "2")
    try:
        assert http.server.ThreadingHTTPServer.held.wait(DEADLINE), "".join(first.lines)
        first.proc.kill()
        first.proc.wait(DEADLINE)
    finally:
        if first.proc.poll() is None:
            first.proc.kill()
    assert queue.job_state(database_url, job).status == "doing"  # nothing else will finish it
    http.server.ThreadingHTTPServer.release.set()
    second = Worker(_env(tmp_path, database_url, "second"), "--stalled-after", "2")
    try:
        state = _finished(database_url, job, second)
    finally:
        assert second.stop() == 0, "".join(second.lines)
    assert state.status == "succeeded" and state.outcome.startswith("added ") and state.attempts == 2, state
    articles, answer = _answer(tmp_path, database_url)
    assert len(articles) == 1 and any("twelve million euros" in q.text for q in answer.quotes)


def test_the_worker_and_the_queue_refuse_without_a_database(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("QUOTEBOT_DATABASE_URL", raising=False)
    monkeypatch.setenv("QUOTEBOT_DATA_DIR", str(tmp_path / "data"))
    for args in (["worker"], ["add", "--queue", "https://example.com/a"], ["jobs"]):
        result = CliRunner().invoke(cli, args, obj={})
        assert result.exit_code == 1 and "Error: " in result.output and "QUOTEBOT_DATABASE_URL" in result.output, args
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_finished_jobs_older_than_the_retention_are_deleted_by_a_worker(monkeypatch, tmp_path, database_url, server,
                                                                      worker_env):
    import psycopg

    old_done = _enqueue(monkeypatch, tmp_path, database_url, server + "/page.html")
    old_failed = _enqueue(monkeypatch, tmp_path, database_url, server + "/missing.html")
    recent = _enqueue(monkeypatch, tmp_path, database_url, server + "/page.html")
    worker = Worker(worker_env)
    try:
        for job in (old_done, old_failed, recent):
            _finished(database_url, job, worker)
    finally:
        assert worker.stop() == 0, "".join(worker.lines)
    # Two of them finished eight days ago (their events moved back; the retention is 7 days).
    with psycopg.connect(database_url) as connection:
        connection.execute("UPDATE procrastinate_events SET at = at - INTERVAL '192 hours' WHERE job_id = ANY(%s)",
                           ([old_done, old_failed],))
    worker = Worker({**worker_env, "QUOTEBOT_JOB_RETENTION_HOURS": "168"})
    try:
        deadline = time.monotonic() + DEADLINE
        while queue.job_state(database_url, old_done) or queue.job_state(database_url, old_failed):
            assert time.monotonic() < deadline and worker.proc.poll() is None, "".join(worker.lines)
            time.sleep(0.05)
    finally:
        assert worker.stop() == 0, "".join(worker.lines)
    kept = queue.job_state(database_url, recent)
    assert kept is not None and kept.status == "succeeded" and kept.outcome.startswith("unchanged ")
    listed = CliRunner().invoke(cli, ["jobs"], obj={})
    assert listed.output.splitlines()[0].split() == ["jobs", "0", "queued,", "0", "running,", "1", "done,", "0", "failed"]
    # The old failure went with its outcome (its URL, not "404": the test server's port may hold those digits).
    assert "missing.html" not in listed.output
    with psycopg.connect(database_url) as connection:
        assert connection.execute("SELECT job_id FROM job_results ORDER BY job_id").fetchall() == [(recent,)]
