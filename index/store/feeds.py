"""The feed poller's tables, in the index database: `feeds` (each collection's feeds, their
poll state and back-off) and `feed_entries` (the entries already seen, by link, guid and text).

Threading contract (the Store's): reads run on the calling thread's connection (`store.db`) and
take no lock; every write is one `store.transaction(bump=False)` (the write lock, BEGIN
IMMEDIATE), left out of the generation because feed bookkeeping is not index content. The poller
calls these from its worker threads at once; each worker closes its connection when it ends.
The tables are made by `create()` (the poller, when it starts), so an older database gains them
in place; reading before that finds no feeds. The statements are portable SQL (upserts as ON
CONFLICT): they run on PostgreSQL too (index/store/pg.py, whose migrations make the tables)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from .core import Store

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    collection TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    origin TEXT NOT NULL DEFAULT 'user',  -- 'config' (QUOTEBOT_FEEDS) or 'user' (added at run time)
    added_at REAL NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_poll REAL,
    last_ok REAL,
    last_result TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll REAL NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, url)
);
CREATE INDEX IF NOT EXISTS feeds_due ON feeds (next_poll);
CREATE TABLE IF NOT EXISTS feed_entries (
    collection TEXT NOT NULL,
    key TEXT NOT NULL,  -- the entry's normalised link
    feed_url TEXT NOT NULL,
    guid TEXT,
    article_id TEXT,  -- what it was indexed as; NULL when nothing could be read
    content_id TEXT,  -- the id of its text alone: the same story under another link
    seen_at REAL NOT NULL,
    PRIMARY KEY (collection, key)
);
CREATE INDEX IF NOT EXISTS feed_entries_guid ON feed_entries (collection, guid);
CREATE INDEX IF NOT EXISTS feed_entries_content ON feed_entries (collection, content_id);
CREATE INDEX IF NOT EXISTS feed_entries_feed ON feed_entries (collection, feed_url);
CREATE TABLE IF NOT EXISTS feed_news (
    id INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    article_id TEXT NOT NULL,
    feed_url TEXT NOT NULL,
    feed_title TEXT,
    added_at REAL NOT NULL,
    announced_at REAL  -- NULL until a bot process took it to announce
);
CREATE INDEX IF NOT EXISTS feed_news_pending ON feed_news (announced_at);
"""
# How long an article a worker's poll added waits for a bot to announce it: past that it is old
# news (no bot ran, or none serves its server), deleted unannounced.
NEWS_KEPT = 24 * 3600.0


@dataclass(frozen=True)
class FeedInfo:
    collection: str
    url: str
    title: str | None
    origin: str  # "config" (QUOTEBOT_FEEDS) or "user"
    added_at: float
    last_poll: float | None  # epoch seconds
    last_ok: float | None  # last successful poll (None: never polled successfully)
    last_result: str | None  # "3 new articles", "not modified", "error: the server answered HTTP 404"
    failures: int  # consecutive failed polls (0 when the last one worked)
    next_poll: float
    articles: int  # entries indexed from this feed so far

    @property
    def ok(self) -> bool:
        return self.failures == 0

    def to_json(self) -> dict:
        return {
            "collection": self.collection, "url": self.url, "title": self.title, "origin": self.origin,
            "added_at": self.added_at, "last_poll": self.last_poll, "last_ok": self.last_ok,
            "last_result": self.last_result, "failures": self.failures, "ok": self.ok,
            "next_poll": self.next_poll, "articles": self.articles,
        }


@dataclass(frozen=True)
class PollState:
    """What a poll of one feed starts from."""

    etag: str | None
    last_modified: str | None
    last_ok: float | None
    failures: int
    title: str | None


@dataclass(frozen=True)
class FeedNews:
    """An article a feed poll in another process (a `quotebot worker`) added, for a bot to announce."""

    id: int
    collection: str
    article_id: str
    feed_url: str
    feed_title: str | None


_FEED_COLUMNS = ("collection", "url", "title", "origin", "added_at", "last_poll", "last_ok", "last_result",
                 "failures", "next_poll")


class FeedRepository:
    def __init__(self, store: Store):
        self.store = store

    def create(self) -> None:
        """Make the tables (and indexes) that are missing; an existing database keeps its rows."""
        self.store.create_tables(SCHEMA)

    def exists(self) -> bool:
        return self.store.has_table("feeds")

    # reads ------------------------------------------------------------------------------------
    def feeds(self, collection: str | None = None) -> list[FeedInfo]:
        """The feeds of one collection, or of all, with how many entries each has indexed."""
        if not self.exists():
            return []
        where, params = ("WHERE f.collection = ?", [collection]) if collection is not None else ("", [])
        rows = self.store.db.execute(
            f"""SELECT {', '.join('f.' + c for c in _FEED_COLUMNS)},
                       (SELECT COUNT(article_id) FROM feed_entries e
                         WHERE e.collection = f.collection AND e.feed_url = f.url)
                FROM feeds f {where} ORDER BY f.collection, f.added_at, f.url""",
            params,
        ).fetchall()
        return [FeedInfo(*row) for row in rows]

    def due(self, now: float) -> list[tuple[str, str]]:
        """(collection, url) of the feeds whose next poll is at or before `now`, soonest first."""
        return [(c, u) for c, u in self.store.db.execute(
            "SELECT collection, url FROM feeds WHERE next_poll <= ? ORDER BY next_poll, collection, url", (now,),
        )]

    def next_polls(self) -> list[tuple[str, str, float]]:
        """(collection, url, next_poll) of every feed."""
        return [tuple(row) for row in self.store.db.execute("SELECT collection, url, next_poll FROM feeds")]

    def poll_state(self, collection: str, url: str) -> PollState | None:
        row = self.store.db.execute(
            "SELECT etag, last_modified, last_ok, failures, title FROM feeds WHERE collection = ? AND url = ?",
            (collection, url),
        ).fetchone()
        return None if row is None else PollState(*row)

    def seen(self, collection: str, key: str, guid: str | None) -> bool:
        """Whether an entry of the collection was already seen, by its link's key or its guid."""
        db = self.store.db
        if db.execute("SELECT 1 FROM feed_entries WHERE collection = ? AND key = ?", (collection, key)).fetchone():
            return True
        return bool(guid) and db.execute(
            "SELECT 1 FROM feed_entries WHERE collection = ? AND guid = ?", (collection, guid)
        ).fetchone() is not None

    def article_with_text(self, collection: str, content_id: str) -> str | None:
        """The article an entry with this text (`content_id`) was indexed as, if any."""
        row = self.store.db.execute(
            "SELECT article_id FROM feed_entries WHERE collection = ? AND content_id = ? "
            "AND article_id IS NOT NULL",
            (collection, content_id),
        ).fetchone()
        return None if row is None else row[0]

    # writes -----------------------------------------------------------------------------------
    def sync_configured(self, collection: str, urls: Iterable[str], now: float) -> None:
        """In one transaction: the configured feeds (origin 'config') of `collection` become
        exactly `urls`; new ones are due at once, ones no longer listed go with their entries.
        Feeds a user added are left alone."""
        urls = list(urls)
        with self.store.transaction(bump=False) as db:
            rows = db.execute("SELECT url, origin FROM feeds WHERE collection = ?", (collection,)).fetchall()
            have = {url for url, _ in rows}
            for url in urls:
                if url not in have:
                    db.execute(
                        "INSERT INTO feeds (collection, url, origin, added_at, next_poll) VALUES (?, ?, 'config', ?, 0)",
                        (collection, url, now),
                    )
            for url, origin in rows:
                if origin == "config" and url not in urls:
                    self._delete(db, collection, url)

    def add(self, collection: str, url: str, title: str | None, now: float) -> None:
        """A feed a user follows, due at once (nothing when the collection already has it)."""
        with self.store.transaction(bump=False) as db:
            db.execute(
                """INSERT INTO feeds (collection, url, title, origin, added_at, next_poll)
                   VALUES (?, ?, ?, 'user', ?, 0) ON CONFLICT DO NOTHING""",
                (collection, url, title, now),
            )

    def remove(self, collection: str, url: str) -> None:
        """The feed and the entries seen from it (the articles indexed from them stay)."""
        with self.store.transaction(bump=False) as db:
            self._delete(db, collection, url)

    @staticmethod
    def _delete(db, collection: str, url: str) -> None:
        db.execute("DELETE FROM feeds WHERE collection = ? AND url = ?", (collection, url))
        db.execute("DELETE FROM feed_entries WHERE collection = ? AND feed_url = ?", (collection, url))

    def record_success(self, collection: str, url: str, now: float, result: str, next_poll: float,
                       title: str | None = None,
                       validators: tuple[str | None, str | None] | None = None) -> None:
        """A poll that worked: failures reset, `title` kept unless given, and the ETag and
        Last-Modified replaced when `validators` are given (a 304 keeps the stored ones)."""
        with self.store.transaction(bump=False) as db:
            db.execute(
                """UPDATE feeds SET last_poll = ?, last_ok = ?, last_result = ?, failures = 0,
                       next_poll = ?, title = COALESCE(?, title)
                   WHERE collection = ? AND url = ?""",
                (now, now, result, next_poll, title, collection, url),
            )
            if validators is not None:
                db.execute("UPDATE feeds SET etag = ?, last_modified = ? WHERE collection = ? AND url = ?",
                           (*validators, collection, url))

    def record_failure(self, collection: str, url: str, now: float, result: str, failures: int,
                       next_poll: float) -> None:
        with self.store.transaction(bump=False) as db:
            db.execute(
                """UPDATE feeds SET last_poll = ?, last_result = ?, failures = ?, next_poll = ?
                   WHERE collection = ? AND url = ?""",
                (now, result, failures, next_poll, collection, url),
            )

    def remember_entry(self, collection: str, key: str, feed_url: str, guid: str | None,
                       article_id: str | None, content_id: str | None, now: float) -> None:
        """An entry seen: indexed as `article_id`, or None when nothing of it could be read."""
        with self.store.transaction(bump=False) as db:
            db.execute(
                """INSERT INTO feed_entries
                   (collection, key, feed_url, guid, article_id, content_id, seen_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (collection, key) DO UPDATE SET feed_url = excluded.feed_url, guid = excluded.guid,
                       article_id = excluded.article_id, content_id = excluded.content_id,
                       seen_at = excluded.seen_at""",
                (collection, key, feed_url, guid, article_id, content_id, now),
            )

    # news for the bots (polls run by the workers: QUOTEBOT_QUEUE_FEEDS) ------------------------
    def record_news(self, news: Iterable[tuple[str, str, str, str | None]], now: float) -> None:
        """(collection, article id, feed URL, feed title) of articles a poll added, in one
        transaction; every process following the store's changes is told at commit."""
        news = list(news)
        if not news:
            return
        with self.store.transaction(bump=False) as db:
            db.executemany("INSERT INTO feed_news (collection, article_id, feed_url, feed_title, added_at) "
                           "VALUES (?, ?, ?, ?, ?)", [(*item, now) for item in news])
            self.store.notify_change(db)

    def pending_news(self) -> list[FeedNews]:
        """News no bot has taken yet, oldest first."""
        if not self.store.has_table("feed_news"):
            return []
        rows = self.store.db.execute("SELECT id, collection, article_id, feed_url, feed_title FROM feed_news "
                                     "WHERE announced_at IS NULL ORDER BY id").fetchall()
        return [FeedNews(*row) for row in rows]

    def take_news(self, news_id: int, now: float) -> bool:
        """Claim one piece of news for this process to announce: True for the one process that
        got it (a bot that restarts, or two misconfigured as one shard, never announce it twice).
        News older than NEWS_KEPT goes, announced or not."""
        with self.store.transaction(bump=False) as db:
            db.execute("DELETE FROM feed_news WHERE added_at < ?", (now - NEWS_KEPT,))
            return db.execute("UPDATE feed_news SET announced_at = ? WHERE id = ? AND announced_at IS NULL "
                              "RETURNING id", (now, news_id)).fetchone() is not None
