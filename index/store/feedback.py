"""The bot's answers and the 👍/👎 votes on them: `answers` and `votes`, in a database of their
own beside the index (`feedback.sqlite3`), so votes survive a rebuilt index; or, with
QUOTEBOT_DATABASE_URL, in the shared PostgreSQL database (`PgFeedbackRepository`, tables made by
index/store/pg.py's migration 3), so every bot process on every host records to one set and
`quotebot feedback` exports all of it. A host's feedback.sqlite3 from before is copied into the
database whenever the repository is opened there (`open_feedback`): rows the database already has
are kept as they are, so a vote changed since is not turned back and a copy is never doubled.

Threading contract: every call opens its own connection and closes it before returning (the
bot calls from worker threads; writes are tiny), so there is no lock and no connection shared
between threads; SQLite's WAL and busy timeout order writers, across threads and processes.
A data dir this process may only read is opened read-only (a write raises `ReadOnlyData`), and
reads from one with no feedback file yet find nothing. The tables are made when the repository
is opened on a writable data dir, so an older file gains what it lacks in place."""
from __future__ import annotations

import sqlite3
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import logging

from ..errors import ReadOnlyData
from .core import connect_read_only, data_dir_writable

log = logging.getLogger(__name__)

FILENAME = "feedback.sqlite3"
VOTES = ("up", "down")

SCHEMA = """
CREATE TABLE IF NOT EXISTS answers (
    id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    answered INTEGER NOT NULL,
    quotes TEXT NOT NULL,           -- JSON list of the cited quotes (Quote.to_json)
    guild_id INTEGER,               -- NULL in DMs
    channel_id INTEGER,
    user_id INTEGER,                -- who asked
    created_at REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS votes (
    answer_id TEXT NOT NULL,
    user_id INTEGER NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    guild_id INTEGER,
    voted_at REAL NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
"""

ANSWER_COLUMNS = ("id", "question", "answered", "quotes", "guild_id", "channel_id", "user_id", "created_at")
VOTE_COLUMNS = ("answer_id", "user_id", "vote", "guild_id", "voted_at")


@dataclass(frozen=True)
class VoteRecord:
    """A vote joined with the answer it is on; the answer's fields are None when that answer
    was never recorded."""

    answer_id: str
    question: str | None
    answered: int | None
    quotes: str | None  # JSON list of the cited quotes
    vote: str
    user_id: int
    guild_id: int | None
    channel_id: int | None
    asked_by: int | None
    asked_at: float | None
    voted_at: float


class FeedbackRepository:
    """In `feedback.sqlite3` (`path`), beside the index."""

    def __init__(self, path: Path | str):
        self.path = Path(path)
        # A data dir this process may only read still lists its votes (`quotebot feedback`).
        self.read_only = not data_dir_writable(self.path.parent, self.path.name)
        if self.read_only:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.executescript(SCHEMA)

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            if not self.path.exists():  # no vote yet: an empty database to read from
                db = sqlite3.connect(":memory:", isolation_level=None)
                db.executescript(SCHEMA)
                return db
            return connect_read_only(self.path)
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA busy_timeout = 30000")
        return db

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyData(self.path.parent)

    def record_answer(self, answer_id: str, question: str, answered: bool, quotes_json: str, *,
                      guild_id: int | None, channel_id: int | None, user_id: int | None, now: float) -> None:
        self._require_writable()
        with closing(self._connect()) as db:
            db.execute(
                "INSERT OR REPLACE INTO answers (id, question, answered, quotes, guild_id, channel_id, user_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, question, int(answered), quotes_json, guild_id, channel_id, user_id, now),
            )

    def vote(self, answer_id: str, user_id: int, vote: str, guild_id: int | None, now: float) -> str | None:
        """Store (or change) a user's vote on an answer; returns the vote it replaced, if any."""
        self._require_writable()
        with closing(self._connect()) as db:
            previous = db.execute("SELECT vote FROM votes WHERE answer_id = ? AND user_id = ?",
                                  (answer_id, user_id)).fetchone()
            db.execute(
                "INSERT INTO votes (answer_id, user_id, vote, guild_id, voted_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote,"
                " guild_id = excluded.guild_id, voted_at = excluded.voted_at",
                (answer_id, user_id, vote, guild_id, now),
            )
        return previous[0] if previous else None

    def votes(self) -> list[VoteRecord]:
        """Every vote with its answer, oldest first."""
        with closing(self._connect()) as db:
            rows = db.execute(
                """SELECT v.answer_id, a.question, a.answered, a.quotes, v.vote, v.user_id, v.guild_id,
                          a.channel_id, a.user_id, a.created_at, v.voted_at
                   FROM votes v LEFT JOIN answers a ON a.id = v.answer_id
                   ORDER BY v.voted_at, v.answer_id, v.user_id"""
            ).fetchall()
        return [VoteRecord(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        """Votes of each kind, every kind present."""
        with closing(self._connect()) as db:
            rows = db.execute("SELECT vote, COUNT(*) FROM votes GROUP BY vote").fetchall()
        return {vote: 0 for vote in VOTES} | dict(rows)

    def all_rows(self) -> tuple[list[tuple], list[tuple]]:
        """Every answer and every vote as stored, in `ANSWER_COLUMNS` and `VOTE_COLUMNS` order."""
        with closing(self._connect()) as db:
            answers = db.execute(f"SELECT {', '.join(ANSWER_COLUMNS)} FROM answers").fetchall()
            votes = db.execute(f"SELECT {', '.join(VOTE_COLUMNS)} FROM votes").fetchall()
        return answers, votes


class PgFeedbackRepository:
    """The same repository in the PostgreSQL database at `database_url`. Same threading contract:
    a connection per call, in autocommit (each call is one statement). Read-only (`read_only`,
    as the index there was opened) means writes raise `ReadOnlyData` and nothing is migrated;
    reads from a database whose schema has no votes yet find nothing."""

    path = None  # nothing in the data dir

    def __init__(self, database_url: str, read_only: bool = False):
        from .pg import migrate, redacted

        self.database_url = database_url
        self.read_only = bool(read_only)
        self._shown = redacted(database_url)
        if not self.read_only:
            with self._connect() as db:
                migrate(db, database_url)

    def __repr__(self) -> str:
        return f"PgFeedbackRepository({self._shown!r})"

    @contextmanager
    def _connect(self) -> Iterator:
        import psycopg

        from .pg import _Connection, database_errors

        with database_errors(self.database_url):
            connection = psycopg.connect(self.database_url, autocommit=True, application_name="quotebot-feedback")
            try:
                yield _Connection(connection)
            finally:
                connection.close()

    def _require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyData(self._shown, "This quotebot opened the PostgreSQL database read-only.")

    def _has_votes(self, db) -> bool:
        return db.execute("SELECT to_regclass('votes') IS NOT NULL").fetchone()[0]

    def record_answer(self, answer_id: str, question: str, answered: bool, quotes_json: str, *,
                      guild_id: int | None, channel_id: int | None, user_id: int | None, now: float) -> None:
        self._require_writable()
        with self._connect() as db:
            db.execute(
                "INSERT INTO answers (id, question, answered, quotes, guild_id, channel_id, user_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET question = EXCLUDED.question,"
                " answered = EXCLUDED.answered, quotes = EXCLUDED.quotes, guild_id = EXCLUDED.guild_id,"
                " channel_id = EXCLUDED.channel_id, user_id = EXCLUDED.user_id, created_at = EXCLUDED.created_at",
                (answer_id, question, bool(answered), quotes_json, guild_id, channel_id, user_id, now),
            )

    def vote(self, answer_id: str, user_id: int, vote: str, guild_id: int | None, now: float) -> str | None:
        """Store (or change) a user's vote on an answer; returns the vote it replaced, if any."""
        self._require_writable()
        with self._connect() as db:
            # One statement: the CTE reads the row as it was before this upsert, so two bot
            # processes handling one user's clicks each learn the vote their own replaced.
            row = db.execute(
                "WITH previous AS (SELECT vote FROM votes WHERE answer_id = ? AND user_id = ?)"
                " INSERT INTO votes (answer_id, user_id, vote, guild_id, voted_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = EXCLUDED.vote,"
                " guild_id = EXCLUDED.guild_id, voted_at = EXCLUDED.voted_at"
                " RETURNING (SELECT vote FROM previous)",
                (answer_id, user_id, answer_id, user_id, vote, guild_id, now),
            ).fetchone()
        return row[0] if row else None

    def votes(self) -> list[VoteRecord]:
        """Every vote with its answer, oldest first (ties in SQLite's order: ids compared bytewise)."""
        with self._connect() as db:
            if not self._has_votes(db):
                return []
            rows = db.execute(
                """SELECT v.answer_id, a.question, a.answered::int, a.quotes, v.vote, v.user_id, v.guild_id,
                          a.channel_id, a.user_id, a.created_at, v.voted_at
                   FROM votes v LEFT JOIN answers a ON a.id = v.answer_id
                   ORDER BY v.voted_at, v.answer_id COLLATE "C", v.user_id"""
            ).fetchall()
        return [VoteRecord(*row) for row in rows]

    def import_rows(self, answers: list[tuple], votes: list[tuple]) -> int:
        """Add `FeedbackRepository.all_rows()` in one transaction, keeping any row already here;
        how many votes were new."""
        self._require_writable()
        added = 0
        with self._connect() as db:
            db.execute("BEGIN")
            try:
                for row in answers:
                    row = (*row[:2], bool(row[2]), *row[3:])
                    db.execute(f"INSERT INTO answers ({', '.join(ANSWER_COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                               " ON CONFLICT (id) DO NOTHING", row)
                for row in votes:
                    added += db.execute(f"INSERT INTO votes ({', '.join(VOTE_COLUMNS)}) VALUES (?, ?, ?, ?, ?)"
                                        " ON CONFLICT (answer_id, user_id) DO NOTHING", row).rowcount
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
        return added

    def counts(self) -> dict[str, int]:
        """Votes of each kind, every kind present."""
        with self._connect() as db:
            if not self._has_votes(db):
                return {vote: 0 for vote in VOTES}
            rows = db.execute("SELECT vote, COUNT(*) FROM votes GROUP BY vote").fetchall()
        return {vote: 0 for vote in VOTES} | dict(rows)


def open_feedback(data_dir: Path | str, database_url: str | None = None,
                  read_only: bool | None = None) -> FeedbackRepository | PgFeedbackRepository:
    """The feedback repository beside the index `open_store` opens: PostgreSQL's with a URL,
    else `data_dir`'s feedback.sqlite3 (read-only there exactly when the data dir is).
    psycopg is imported only in the first case. On PostgreSQL, the votes a feedback.sqlite3 in
    `data_dir` holds are copied in (a bot moving from SQLite keeps them)."""
    old = Path(data_dir) / FILENAME
    if not database_url:
        return FeedbackRepository(old)
    repository = PgFeedbackRepository(database_url, bool(read_only))
    if old.exists() and not repository.read_only:
        try:
            # Opened as the data dir allows, so a read-only one is read and left as it is.
            answers, votes = FeedbackRepository(old).all_rows()
        except sqlite3.Error as error:
            # Old votes are not worth a bot that will not start; the file is left as it is.
            log.warning("could not read the earlier votes in %s, so they were not copied to the database: %s",
                        old, error)
            return repository
        added = repository.import_rows(answers, votes)
        if added:
            log.info("copied %d earlier votes from %s into the database", added, old)
    return repository
