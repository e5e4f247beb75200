"""Ingestion as jobs on procrastinate's PostgreSQL queue, on the database of the store
(QUOTEBOT_DATABASE_URL): `quotebot add --queue` enqueues, `quotebot worker` processes on any host
run them with their engine. Each job records its outcome in the store (index/store/jobs.py), where
the enqueuer reads it beside procrastinate's status.

A failed add is not retried: a URL that cannot be read (refused, not an article, too large) will
not read better a second later, and the error is the useful outcome. A worker asked to stop
(SIGINT/SIGTERM) finishes the job it is running first, then exits (procrastinate's graceful
shutdown); a second signal kills it. A job whose worker died (SIGKILL, a lost host) has nothing of
it written, since the engine writes an article in one transaction, and another worker runs it
again once the dead one has missed its heartbeats for `stalled_after` seconds.

With QUOTEBOT_QUEUE_FEEDS the workers poll the feeds: a procrastinate periodic task polls the
due feeds (each feed's own next poll time, in the store, says which) every `feed_tick` seconds.
procrastinate defers one job per tick however many workers run (its periodic defers are unique
in the database), its queueing lock keeps a second one from waiting behind a slow poll, and its
lock keeps two polls from running at once; what a poll adds is left in the store for the bot
processes to announce (FeedPoller.record_news / take_news).

Finished jobs are deleted after QUOTEBOT_JOB_RETENTION_HOURS by procrastinate's builtin
`remove_old_jobs`, run every hour and when a worker starts, with the outcomes recorded for them."""
from __future__ import annotations

import asyncio
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
    from .feeds import FeedPoller

log = logging.getLogger(__name__)

QUEUE = "ingest"
ADD_TASK = "quotebot.add"
REINDEX_TASK = "quotebot.reindex"
RETRY_STALLED_TASK = "quotebot.retry_stalled"
POLL_FEEDS_TASK = "quotebot.poll_feeds"
REMOVE_OLD_JOBS_TASK = "quotebot.remove_old_jobs"
RETENTION_HOURS = 168
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


def feed_tick(feed_interval: float) -> int:
    """Seconds between two looks for due feeds on the workers: a minute, or the feed interval
    when shorter (each feed still waits its interval between polls)."""
    return max(1, min(60, int(feed_interval)))


def _every(seconds: int) -> str:
    """A cron expression (with croniter's seconds field below a minute) firing every `seconds`."""
    return f"*/{max(1, seconds // 60)} * * * *" if seconds >= 60 else f"* * * * * */{seconds}"


def make_app(database_url: str, engine: "Callable[[], Engine] | None" = None,
             stalled_after: int = STALLED_AFTER, *, poll_feeds_every: int | None = None,
             retention_hours: int = RETENTION_HOURS) -> "procrastinate.App":
    """procrastinate's App on the store's database with quotebot's tasks. `engine` gives the
    worker's engine; an enqueuer passes none (it only names the tasks). `poll_feeds_every`
    (seconds) makes feed polls periodic (QUOTEBOT_QUEUE_FEEDS); `retention_hours` is how long
    finished jobs are kept."""
    import procrastinate
    from procrastinate import builtin_tasks

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=database_url))

    # procrastinate's recipe for jobs whose worker died (SIGKILL, a lost host): a periodic task
    # puts the `doing` jobs of workers silent for `stalled_after` seconds back in the queue.
    # Re-running an add is safe: the dead attempt wrote nothing, or all of the article.
    @app.periodic(cron=_every(stalled_after), periodic_id="retry-stalled")
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

    pollers: list[FeedPoller] = []  # the worker's one poller, made by its first poll

    # The queueing lock: at most one poll waits in the queue (a slow poll is not followed by a
    # backlog of ticks); the lock: one poll runs at a time across every worker, so no feed is
    # read twice at once. Which feeds are due is the store's (each feed's next poll time).
    @app.task(name=POLL_FEEDS_TASK, queue=QUEUE, queueing_lock=POLL_FEEDS_TASK, lock=POLL_FEEDS_TASK,
              pass_context=True)
    def poll_feeds(context, timestamp: int | None = None) -> str:
        from .feeds import FeedPoller

        if not pollers:
            pollers.append(FeedPoller(the_engine()))
        poller = pollers[0]
        added = poller.poll_due()
        told = poller.record_news(added)
        return f"{plural(len(added), 'new article')}, {told} to announce"

    if poll_feeds_every is not None:
        app.periodic(cron=_every(poll_feeds_every), periodic_id="poll-feeds")(poll_feeds)

    @app.periodic(cron="7 * * * *", periodic_id="remove-old-jobs")
    @app.task(name=REMOVE_OLD_JOBS_TASK, queue=QUEUE, queueing_lock=REMOVE_OLD_JOBS_TASK, pass_context=True)
    async def remove_old_jobs(context, timestamp: int | None = None) -> None:
        # Failed jobs too: their outcome is listed by `quotebot jobs` until then.
        await builtin_tasks.remove_old_jobs(context, max_hours=retention_hours, queue=QUEUE, remove_failed=True,
                                            remove_cancelled=True, remove_aborted=True)
        await asyncio.to_thread(results.forget_removed, database_url)

    return app


def enqueue_add(database_url: str, url: str, collection: str = GLOBAL) -> Enqueued:
    return _enqueue(database_url, ADD_TASK, url=url, collection=collection)


def enqueue_reindex(database_url: str) -> Enqueued:
    return _enqueue(database_url, REINDEX_TASK)


def enqueue_feed_poll(database_url: str) -> Enqueued | None:
    """A poll of the due feeds now (a feed was just followed), unless one is already waiting
    (None): that one will find the feed due."""
    from procrastinate.exceptions import AlreadyEnqueued

    try:
        return _enqueue(database_url, POLL_FEEDS_TASK)
    except AlreadyEnqueued:
        return None


def _enqueue(database_url: str, task: str, **kwargs) -> Enqueued:
    require_database(database_url)
    results.ensure_queue_schema(database_url)
    app = make_app(database_url)
    with app.open():
        return Enqueued(app.tasks[task].defer(**kwargs), task)


def run_worker(database_url: str, engine: "Callable[[], Engine]", stalled_after: int = STALLED_AFTER, *,
               poll_feeds_every: int | None = None, retention_hours: int = RETENTION_HOURS) -> None:
    """Run jobs until SIGINT/SIGTERM; the running job is finished first. With
    `poll_feeds_every` (seconds) the feeds are polled too."""
    from procrastinate.exceptions import AlreadyEnqueued

    require_database(database_url)
    results.ensure_queue_schema(database_url)
    app = make_app(database_url, engine, stalled_after, poll_feeds_every=poll_feeds_every,
                   retention_hours=retention_hours)

    async def work() -> None:
        async with app.open_async():
            # Old jobs go now too, not only at the next hourly tick: a worker started a few
            # times a day might never be running at one.
            try:
                await app.tasks[REMOVE_OLD_JOBS_TASK].defer_async()
            except AlreadyEnqueued:
                pass
            # One job at a time: the engine's embedding already uses the cores.
            await app.run_worker_async(queues=[QUEUE], concurrency=1, install_signal_handlers=True,
                                       update_heartbeat_interval=stalled_after / 4,
                                       stalled_worker_timeout=stalled_after)

    asyncio.run(work())
