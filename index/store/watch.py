"""The folder watcher's table, in the index database: `watched_files`, the size and modification
time of each file it read, and what it was indexed as, so a restart reads only the files that
changed meanwhile.

Threading contract (the Store's): reads run on the calling thread's connection (`store.db`) and
take no lock; every write is one `store.transaction(bump=False)` (the write lock, BEGIN
IMMEDIATE), left out of the generation because it is bookkeeping, not index content. A watcher
runs one sync at a time, but the bot's other threads may read meanwhile. The table is made by
`create()` (the watcher, when it starts), so an older database gains it in place. Portable SQL:
it runs on PostgreSQL too (index/store/pg.py, whose migrations make the table)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .core import Store, prefix_range

SCHEMA = """
CREATE TABLE IF NOT EXISTS watched_files (
    collection TEXT NOT NULL,
    path TEXT NOT NULL,  -- ingest.file_source form, as in articles.source
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    article_id TEXT,  -- NULL when the file holds no readable article
    error TEXT,
    PRIMARY KEY (collection, path)
);
"""


@dataclass(frozen=True)
class WatchedFile:
    mtime_ns: int
    size: int
    article_id: str | None  # None: the file held no readable article


class WatchedFiles:
    """The watched files of one collection."""

    def __init__(self, store: Store, collection: str):
        self.store = store
        self.collection = collection

    def create(self) -> None:
        """Make the table when it is missing; an existing database keeps its rows."""
        self.store.create_tables(SCHEMA)

    def under(self, prefix: str) -> dict[str, WatchedFile]:
        """Every file remembered whose path starts with `prefix` (a folder and its separator)."""
        rows = self.store.db.execute(
            "SELECT path, mtime_ns, size, article_id FROM watched_files WHERE collection = ? AND path >= ? AND path < ?",
            (self.collection, *prefix_range(prefix)),
        )
        return {path: WatchedFile(mtime, size, article) for path, mtime, size, article in rows}

    def holding(self, article_ids: Iterable[str], exclude: str) -> set[str]:
        """The paths, other than `exclude`, whose file was indexed as one of `article_ids`."""
        article_ids = list(article_ids)
        if not article_ids:
            return set()
        marks = ",".join("?" * len(article_ids))
        rows = self.store.db.execute(
            f"SELECT path FROM watched_files WHERE collection = ? AND article_id IN ({marks}) AND path != ?",
            (self.collection, *article_ids, exclude),
        )
        return {row[0] for row in rows}

    def remember(self, path: str, mtime_ns: int, size: int, article_id: str | None, error: str | None) -> None:
        with self.store.transaction(bump=False) as db:
            db.execute(
                """INSERT INTO watched_files (collection, path, mtime_ns, size, article_id, error)
                   VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (collection, path) DO UPDATE SET mtime_ns = excluded.mtime_ns, size = excluded.size,
                       article_id = excluded.article_id, error = excluded.error""",
                (self.collection, path, mtime_ns, size, article_id, error),
            )

    def forget(self, path: str) -> None:
        with self.store.transaction(bump=False) as db:
            db.execute("DELETE FROM watched_files WHERE collection = ? AND path = ?", (self.collection, path))
