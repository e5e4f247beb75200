"""The persistence layer: every table quotebot keeps, and all of its SQL, lives in this package.

- pg.py: `PgStore`, the same Store on PostgreSQL (QUOTEBOT_DATABASE_URL); `open_store` picks.
- core.py: `Store`, the index database (`quotebot.sqlite3`): meta, articles, passages,
  sentences, the embedding caches and the FTS5 text index; connections, transactions and the
  translation of storage failures into user-facing errors.
- vectors.py: `VectorIndex`, the in-memory FAISS indexes built from the Store's vectors.
- feeds.py (`FeedRepository`), watch.py (`WatchedFiles`): the feed poller's and the folder
  watcher's tables, in the Store's database, on its connections and its write lock.
- jobs.py: the ingestion queue's tables on PostgreSQL: procrastinate's schema, applied once, and
  `job_results`, each job's outcome (index/jobs.py runs the jobs).
- feedback.py (`FeedbackRepository`, `PgFeedbackRepository`): the bot's answers and votes, in a file of
  their own (feedback.sqlite3) or in the PostgreSQL database (its migration 3), a connection per call.
- terms.py: texts cut into terms exactly as the FTS5 index does (an in-memory FTS5 table).
- integrity.py: what `quotebot doctor` reads off a database that may be damaged, and the copy
  of what still reads into a fresh one.

Each module states its threading contract. Feature modules (index/feeds.py, index/watch.py,
bot/feedback.py, index/doctor.py) call these and hold no SQL of their own:
tests/test_sql_ownership.py fails on SQL anywhere else in index/ or bot/."""
from .core import (
    DB_NAME,
    SCHEMA,
    PassageRow,
    SentenceRow,
    Store,
    atomic_write,
    connect_read_only,
    data_dir_writable,
    database_files,
    embed_key,
    storage_error,
    storage_errors,
)

# vectors.py imports FAISS (a quarter of a second): read on first use, so commands that never
# search (`list`, `status`, an unchanged `add`) do not pay for it.
_VECTORS = ("CACHE_MAGIC", "CACHE_SPOT_CHECKS", "OLD_CACHE", "SENTENCE_CACHE_ROWS", "VectorIndex", "differing_vectors",
            "read_cache")


def __getattr__(name: str):
    if name in _VECTORS:
        from . import vectors

        return getattr(vectors, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")




def open_store(data_dir, read_only: bool | None = None, database_url: str | None = None) -> Store:
    """The index's Store: on the PostgreSQL database at `database_url` (QUOTEBOT_DATABASE_URL),
    or the SQLite file in `data_dir` when there is none. psycopg is imported only then."""
    if not database_url:
        return Store(data_dir, read_only)
    from .pg import PgStore

    return PgStore(data_dir, database_url, read_only)


__all__ = [
    "CACHE_MAGIC", "CACHE_SPOT_CHECKS", "DB_NAME", "OLD_CACHE", "PassageRow", "SCHEMA", "SENTENCE_CACHE_ROWS",
    "SentenceRow", "Store", "VectorIndex", "atomic_write", "connect_read_only", "data_dir_writable",
    "database_files", "differing_vectors", "embed_key", "open_store", "read_cache", "storage_error", "storage_errors",
]
