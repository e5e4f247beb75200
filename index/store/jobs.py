"""The ingestion queue's tables on the PostgreSQL database (QUOTEBOT_DATABASE_URL): procrastinate's
own schema (its jobs, events and workers), applied once per database, and `job_results`, what
each of quotebot's jobs ended with (added/updated/unchanged per article, or the error), which
procrastinate does not keep.

Threading: every call opens and closes its own connection, so any thread or process may call
them; they are small and rare (one per job, one per `quotebot jobs`)."""
from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Sequence

import psycopg

# pg_advisory_xact_lock's key for "one process applies the queue's schema": two workers
# starting together would otherwise both see it missing and the second would fail.
SCHEMA_LOCK_KEY = 0x71756F7465716A62  # "quoteqjb"

RESULTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS job_results (
    job_id BIGINT PRIMARY KEY,
    ok BOOLEAN NOT NULL,
    outcome TEXT NOT NULL,
    finished_at DOUBLE PRECISION NOT NULL
)"""


@dataclass(frozen=True)
class JobState:
    id: int
    task: str
    args: dict
    status: str  # procrastinate's: todo, doing, succeeded, failed, cancelled, aborting, aborted
    attempts: int
    ok: bool | None  # None until the job recorded its outcome
    outcome: str | None
    finished_at: float | None  # epoch seconds the outcome was recorded


def ensure_queue_schema(database_url: str) -> bool:
    """Apply procrastinate's schema and the results table unless they are there; True when
    this call applied procrastinate's. Idempotent and safe to race: one transaction, under a lock."""
    from procrastinate.schema import SchemaManager

    with psycopg.connect(database_url) as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK_KEY,))
        present = connection.execute("SELECT to_regclass('procrastinate_jobs') IS NOT NULL").fetchone()[0]
        if not present:
            # procrastinate's full schema (not its migrations): what its own `schema --apply` runs.
            connection.execute(SchemaManager.get_schema())
        connection.execute(RESULTS_SCHEMA)
    return not present


def record_result(database_url: str, job_id: int, ok: bool, outcome: str) -> None:
    """What job `job_id` ended with; a retried job's last attempt wins."""
    with psycopg.connect(database_url) as connection:
        connection.execute(
            "INSERT INTO job_results (job_id, ok, outcome, finished_at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (job_id) DO UPDATE SET ok = EXCLUDED.ok, outcome = EXCLUDED.outcome, "
            "finished_at = EXCLUDED.finished_at",
            (job_id, ok, outcome, time.time()))


def forget_removed(database_url: str) -> int:
    """Delete the outcomes of jobs procrastinate no longer has (removed as old); how many."""
    with psycopg.connect(database_url) as connection:
        return connection.execute("DELETE FROM job_results r WHERE NOT EXISTS "
                                  "(SELECT 1 FROM procrastinate_jobs j WHERE j.id = r.job_id)").rowcount


def _state(row) -> JobState:
    job_id, task, args, status, attempts, ok, outcome, finished_at = row
    return JobState(job_id, task, args if isinstance(args, dict) else json.loads(args), status, attempts, ok, outcome,
                    finished_at)


_JOB_COLUMNS = ("SELECT j.id, j.task_name, j.args, j.status::text, j.attempts, r.ok, r.outcome, r.finished_at "
                "FROM procrastinate_jobs j LEFT JOIN job_results r ON r.job_id = j.id")


def job_state(database_url: str, job_id: int) -> JobState | None:
    with psycopg.connect(database_url) as connection:
        row = connection.execute(_JOB_COLUMNS + " WHERE j.id = %s", (job_id,)).fetchone()
    return None if row is None else _state(row)


def recent_jobs(database_url: str, tasks: Sequence[str], limit: int = 10) -> list[JobState]:
    """The latest jobs of these tasks, newest first."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(_JOB_COLUMNS + " WHERE j.task_name = ANY(%s) ORDER BY j.id DESC LIMIT %s",
                                  (list(tasks), limit)).fetchall()
    return [_state(row) for row in rows]


def status_counts(database_url: str, tasks: Sequence[str]) -> dict[str, int]:
    """Jobs of these tasks per procrastinate status."""
    with psycopg.connect(database_url) as connection:
        rows = connection.execute("SELECT status::text, COUNT(*) FROM procrastinate_jobs WHERE task_name = ANY(%s) "
                                  "GROUP BY status", (list(tasks),)).fetchall()
    return {status: count for status, count in rows}
