"""Ingestion as jobs on procrastinate's PostgreSQL queue, on the database of the store
(QUOTEBOT_DATABASE_URL): `quotebot add --queue` enqueues, `quotebot worker` processes on any host
run them with their engine. Each job records its outcome in the store (index/store/jobs.py), where
the enqueuer reads it beside procrastinate's status.

A failed add is not retried: a URL that cannot be read (refused, not an article, too large) will
not read better a second later, and the error is the useful outcome. A worker asked to stop
(SIGINT/SIGTERM) finishes the job it is running first, then exits (procrastinate's graceful
shutdown); a second signal kills it, and a job whose worker died stays `doing` with nothing of it
written, since the engine writes an article in one transaction."""
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


def make_app(database_url: str, engine: "Callable[[], Engine] | None" = None) -> "procrastinate.App":
    """procrastinate's App on the store's database with quotebot's tasks. `engine` gives the
    worker's engine; an enqueuer passes none (it only names the tasks)."""
    import procrastinate

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=database_url))

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


def run_worker(database_url: str, engine: "Callable[[], Engine]", concurrency: int = 1) -> None:
    """Run jobs until SIGINT/SIGTERM; the running job is finished first."""
    import asyncio

    require_database(database_url)
    results.ensure_queue_schema(database_url)
    app = make_app(database_url, engine)

    async def work() -> None:
        async with app.open_async():
            # One job at a time by default: the engine's embedding already uses the cores.
            await app.run_worker_async(queues=[QUEUE], concurrency=concurrency, install_signal_handlers=True)

    asyncio.run(work())
