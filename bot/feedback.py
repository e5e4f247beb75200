"""👍/👎 votes on the bot's answers, kept in SQLite (`data_dir/feedback.sqlite3`) or, with
QUOTEBOT_DATABASE_URL, in that PostgreSQL database, shared by every bot process (tables and SQL
are index/store/feedback.py's), so answer quality can be measured and tuned later
(`quotebot feedback --json` exports them).

Every answer the bot sends is recorded with an id (the vote buttons' custom_ids carry it), the
question and the quotes it cited; a vote stores who voted, where and when. One vote per user per
answer: voting again replaces the vote. Calls are blocking (a database call each): the bot runs
them off the event loop."""
from __future__ import annotations

import json
import secrets
import time
from pathlib import Path
from typing import Iterator

from index.models import Answer
from index.store.feedback import FILENAME, VOTES, FeedbackRepository, PgFeedbackRepository, open_feedback

__all__ = ["FILENAME", "VOTES", "FeedbackStore", "new_answer_id"]


def new_answer_id() -> str:
    return secrets.token_hex(8)


class FeedbackStore:
    def __init__(self, path: Path | str | None = None, *,
                 repository: FeedbackRepository | PgFeedbackRepository | None = None):
        """On the SQLite file at `path`, or on `repository`."""
        if repository is None:
            if path is None:
                raise TypeError("FeedbackStore needs a path or a repository")
            repository = FeedbackRepository(path)
        self.repository = repository
        self.path = self.repository.path  # None on PostgreSQL
        self.read_only = self.repository.read_only

    @classmethod
    def in_dir(cls, data_dir: Path | str, database_url: str | None = None,
               read_only: bool | None = None) -> "FeedbackStore":
        """Beside the index: in the PostgreSQL database at `database_url` (QUOTEBOT_DATABASE_URL)
        when there is one, else in `data_dir`'s feedback.sqlite3."""
        return cls(repository=open_feedback(data_dir, database_url, read_only))

    def record_answer(self, answer: Answer, *, guild_id: int | None, channel_id: int | None,
                      user_id: int | None, answer_id: str | None = None) -> str:
        """Remember an answer the bot is about to send; returns its id for the vote buttons."""
        answer_id = answer_id or new_answer_id()
        quotes = json.dumps([q.to_json() for q in answer.quotes], ensure_ascii=False)
        self.repository.record_answer(answer_id, answer.question, answer.answered, quotes, guild_id=guild_id,
                                      channel_id=channel_id, user_id=user_id, now=time.time())
        return answer_id

    def vote(self, answer_id: str, user_id: int, vote: str, guild_id: int | None) -> str | None:
        """Store (or change) `user_id`'s vote on an answer; returns the vote it replaced, if any."""
        if vote not in VOTES:
            raise ValueError(f"vote must be one of {VOTES}, not {vote!r}")
        return self.repository.vote(answer_id, user_id, vote, guild_id, time.time())

    def export(self) -> Iterator[dict]:
        """Every vote with its answer, oldest first: one JSON-able dict each."""
        for row in self.repository.votes():
            yield {
                "answer_id": row.answer_id,
                "question": row.question,
                "answered": None if row.answered is None else bool(row.answered),
                "quotes": json.loads(row.quotes) if row.quotes else [],
                "vote": row.vote,
                "user_id": str(row.user_id),
                "guild_id": None if row.guild_id is None else str(row.guild_id),
                "channel_id": None if row.channel_id is None else str(row.channel_id),
                "asked_by": None if row.asked_by is None else str(row.asked_by),
                "asked_at": row.asked_at,
                "voted_at": row.voted_at,
            }

    def counts(self) -> dict[str, int]:
        return self.repository.counts()
