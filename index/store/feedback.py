"""The bot's answers and the 👍/👎 votes on them: `answers` and `votes`, in a database of their
own beside the index (`feedback.sqlite3`), so votes survive a rebuilt index.

Threading contract: every call opens its own connection and closes it before returning (the
bot calls from worker threads; writes are tiny), so there is no lock and no connection shared
between threads; SQLite's WAL and busy timeout order writers, across threads and processes.
A data dir this process may only read is opened read-only (a write raises `ReadOnlyData`), and
reads from one with no feedback file yet find nothing. The tables are made when the repository
is opened on a writable data dir, so an older file gains what it lacks in place."""
from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReadOnlyData
from .core import connect_read_only, data_dir_writable

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
