"""👍/👎 votes on the bot's answers, kept in SQLite (`data_dir/feedback.sqlite3`) so answer
quality can be measured and tuned later (`quotebot feedback --json` exports them).

Every answer the bot sends is recorded with an id (the vote buttons' custom_ids carry it), the
question and the quotes it cited; a vote stores who voted, where and when. One vote per user per
answer: voting again replaces the vote. Calls are blocking (SQLite): the bot runs them off the
event loop."""
from __future__ import annotations

import json
import secrets
import sqlite3
import time
from contextlib import closing
from pathlib import Path
from typing import Iterator

from index.errors import ReadOnlyData
from index.models import Answer
from index.store import connect_read_only, data_dir_writable

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


def new_answer_id() -> str:
    return secrets.token_hex(8)


class FeedbackStore:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        # A data dir this process may only read still lists its votes (`quotebot feedback`).
        self.read_only = not data_dir_writable(self.path.parent, self.path.name)
        if self.read_only:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db:
            db.executescript(SCHEMA)

    @classmethod
    def in_dir(cls, data_dir: Path | str) -> "FeedbackStore":
        return cls(Path(data_dir) / FILENAME)

    def _connect(self) -> sqlite3.Connection:
        # A connection per call: the bot calls from worker threads; writes are tiny.
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

    def record_answer(self, answer: Answer, *, guild_id: int | None, channel_id: int | None,
                      user_id: int | None, answer_id: str | None = None) -> str:
        """Remember an answer the bot is about to send; returns its id for the vote buttons."""
        if self.read_only:
            raise ReadOnlyData(self.path.parent)
        answer_id = answer_id or new_answer_id()
        quotes = json.dumps([q.to_json() for q in answer.quotes], ensure_ascii=False)
        with closing(self._connect()) as db:
            db.execute(
                "INSERT OR REPLACE INTO answers (id, question, answered, quotes, guild_id, channel_id, user_id, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (answer_id, answer.question, int(answer.answered), quotes, guild_id, channel_id, user_id, time.time()),
            )
        return answer_id

    def vote(self, answer_id: str, user_id: int, vote: str, guild_id: int | None) -> str | None:
        """Store (or change) `user_id`'s vote on an answer; returns the vote it replaced, if any."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
        if self.read_only:
            raise ReadOnlyData(self.path.parent)
        with closing(self._connect()) as db:
            previous = db.execute("SELECT vote FROM votes WHERE answer_id = ? AND user_id = ?",
                                  (answer_id, user_id)).fetchone()
            db.execute(
                "INSERT INTO votes (answer_id, user_id, vote, guild_id, voted_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote,"
                " guild_id = excluded.guild_id, voted_at = excluded.voted_at",
                (answer_id, user_id, vote, guild_id, time.time()),
            )
        return previous[0] if previous else None

    def export(self) -> Iterator[dict]:
        """Every vote with its answer, oldest first: one JSON-able dict each."""
        with closing(self._connect()) as db:
            rows = db.execute(
                """SELECT v.answer_id, a.question, a.answered, a.quotes, v.vote, v.user_id, v.guild_id,
                          a.channel_id, a.user_id, a.created_at, v.voted_at
                   FROM votes v LEFT JOIN answers a ON a.id = v.answer_id
                   ORDER BY v.voted_at, v.answer_id, v.user_id"""
            ).fetchall()
        for (answer_id, question, answered, quotes, vote, user_id, guild_id, channel_id, asker_id,
             asked_at, voted_at) in rows:
            yield {
                "answer_id": answer_id,
                "question": question,
                "answered": None if answered is None else bool(answered),
                "quotes": json.loads(quotes) if quotes else [],
                "vote": vote,
                "user_id": str(user_id),
                "guild_id": None if guild_id is None else str(guild_id),
                "channel_id": None if channel_id is None else str(channel_id),
                "asked_by": None if asker_id is None else str(asker_id),
                "asked_at": asked_at,
                "voted_at": voted_at,
            }

    def counts(self) -> dict[str, int]:
        with closing(self._connect()) as db:
            rows = db.execute("SELECT vote, COUNT(*) FROM votes GROUP BY vote").fetchall()
        return {vote: 0 for vote in VOTES} | dict(rows)
