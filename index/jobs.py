"""Ingestion as jobs on procrastinate's PostgreSQL queue, on the database of the store
(QUOTEBOT_DATABASE_URL): `quotebot add --queue` enqueues, `quotebot worker` processes on any host
run them with their engine. Each job records its outcome in the store (index/store/jobs.py), where
the enqueuer reads it beside procrastinate's status.

A failed add is not retried: a URL that cannot be read (refused, not an article, too large) will
not read better a second later, and the error is the useful outcome. A worker asked to stop
(SIGINT/SIGTERM) finishes the job it is running first, then exits (procrastinate's graceful
shutdown); a second signal kills it. A job whose worker died (SIGKILL, a lost host) has nothing of
it written, since the engine writes an article in one transaction, and another worker runs it
again once the dead one has missed its heartbeats for `stalled_after` seconds."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .collections import GLOBAL
from .errors import QuotebotError
from .store import jobs as results
from .text import plural

if TYPE_CHECKING:
    import procrastinate

    from .engine import Engine

log = logging.getLogger(__name__)

QUEUE = "ingest"
ADD_TASK = "quotebot.add"
REINDEX_TASK = "quotebot.reindex"
RETRY_STALLED_TASK = "quotebot.retry_stalled"
USER_TASKS = (ADD_TASK, REINDEX_TASK)  # what `quotebot jobs` shows; housekeeping is left out
# Seconds without a heartbeat after which a worker counts as dead and its job is run again.
STALLED_AFTER = 60
# procrastinate's statuses in the words `quotebot jobs` shows.
STATUS_WORDS = {"todo": "queued", "doing": "running", "succeeded": "done", "failed": "failed"}


class QueueUnavailable(QuotebotError):
    """The job queue needs the PostgreSQL store."""


@dataclass(frozen=True)
class Enqueued:
    job_id: int
    task: str


def require_database(database_url: str | None) -> str:
    if not database_url:
        raise QueueUnavailable("The job queue lives in the PostgreSQL database: set QUOTEBOT_DATABASE_URL "
                               "(postgresql://…) for the worker and for whoever enqueues.")
    return database_url


def make_app(database_url: str, engine: "Callable[[], Engine] | None" = None,
             stalled_after: int = STALLED_AFTER) -> "procrastinate.App":
    """procrastinate's App on the store's database with quotebot's tasks. `engine` gives the
    worker's engine; an enqueuer passes none (it only names the tasks)."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=database_url))

    # procrastinate's recipe for jobs whose worker died (SIGKILL, a lost host): a periodic task
    # puts the `doing` jobs of workers silent for `stalled_after` seconds back in the queue.
    # Re-running an add is safe: the dead attempt wrote nothing, or all of the article.
    every = "*/1 * * * *" if stalled_after >= 60 else f"* * * * * */{stalled_after}"

    @app.periodic(cron=every, periodic_id="retry-stalled")
    @app.task(name=RETRY_STALLED_TASK, queue=QUEUE, pass_context=True)
    async def retry_stalled(context, timestamp: int) -> None:
        for job in await app.job_manager.get_stalled_jobs(queue=QUEUE, seconds_since_heartbeat=stalled_after):
            if job.task_name in USER_TASKS:
                log.warning("retrying job %s (%s): its worker stopped answering", job.id, job.task_name)
                await app.job_manager.retry_job(job)

    def the_engine() -> "Engine":
        if engine is None:
            raise RuntimeError("this App only enqueues: run jobs with `quotebot worker`")
        return engine()

    def run(job_id: int, work: Callable[[], str]) -> str:
        try:
            outcome = work()
        except QuotebotError as error:
            results.record_result(database_url, job_id, False, str(error))
            raise
        except Exception as error:  # recorded for the enqueuer, then procrastinate marks it failed
            results.record_result(database_url, job_id, False, f"unexpected error: {type(error).__name__}: {error}")
            raise
        results.record_result(database_url, job_id, True, outcome)
        return outcome

    @app.task(name=ADD_TASK, queue=QUEUE, pass_context=True)
    def add(context, url: str, collection: str = GLOBAL) -> str:
        def work() -> str:
            eng = the_engine()
            lines = []
            for article in eng.load_sources(url):
                result = eng.add_article(article, collection)
                lines.append(f"{result.status} {result.article.id} {result.article.title}")
            return "; ".join(lines) or "no article"
        return run(context.job.id, work)

    @app.task(name=REINDEX_TASK, queue=QUEUE, pass_context=True)
    def reindex(context) -> str:
        return run(context.job.id, lambda: f"reindexed {plural(the_engine().reindex(), 'passage')}")

    return app


def enqueue_add(database_url: str, url: str, collection: str = GLOBAL) -> Enqueued:
    return _enqueue(database_url, ADD_TASK, url=url, collection=collection)


def enqueue_reindex(database_url: str) -> Enqueued:
    return _enqueue(database_url, REINDEX_TASK)


def _enqueue(database_url: str, task: str, **kwargs) -> Enqueued:
    require_database(database_url)
    results.ensure_queue_schema(database_url)
    app = make_app(database_url)
    with app.open():
        return Enqueued(app.tasks[task].defer(**kwargs), task)


def run_worker(database_url: str, engine: "Callable[[], Engine]", stalled_after: int = STALLED_AFTER) -> None:
    """Run jobs until SIGINT/SIGTERM; the running job is finished first."""
    import asyncio

    require_database(database_url)
    results.ensure_queue_schema(database_url)
    app = make_app(database_url, engine, stalled_after)

    async def work() -> None:
        async with app.open_async():
            # One job at a time: the engine's embedding already uses the cores.
            await app.run_worker_async(queues=[QUEUE], concurrency=1, install_signal_handlers=True,
                                       update_heartbeat_interval=stalled_after / 4,
                                       stalled_worker_timeout=stalled_after)

    asyncio.run(work())
