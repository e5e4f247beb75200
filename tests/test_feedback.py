"""The bot's answers and 👍/👎 votes (bot/feedback.py over index/store/feedback.py): the same
contract in feedback.sqlite3 and, with QUOTEBOT_DATABASE_URL, in the shared PostgreSQL database
(a real server this session starts, tests/postgres.py), where several processes record to, and
`quotebot feedback` exports, one set of votes."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import psycopg
import pytest

from bot.feedback import FILENAME, FeedbackStore
from index.errors import ReadOnlyData, StorageError
from index.models import Answer, Quote
from index.store.pg import MIGRATIONS, PgStore

from . import postgres
from .conftest import REPO

QUOTE = Quote("Drivers will pay a toll of three euros.", "harbour", "The harbour bridge reopens",
              "https://example.org/harbour", 2, 0.9)
ANSWER = Answer("What toll will drivers pay?", True, (QUOTE,))
UNANSWERED = Answer("Who won the cup?", False, ())

# Another bot process: records ANSWER under a given id and votes on it, in its own data dir.
OTHER_PROCESS = """
import os, sys
from bot.feedback import FeedbackStore
from index.models import Answer, Quote
data_dir, answer_id, *votes = sys.argv[1:]
store = FeedbackStore.in_dir(data_dir, os.environ["QUOTEBOT_DATABASE_URL"])
quote = Quote("Drivers will pay a toll of three euros.", "harbour", "The harbour bridge reopens", None, 2, 0.9)
store.record_answer(Answer("What toll will drivers pay?", True, (quote,)), guild_id=7, channel_id=8, user_id=9,
                    answer_id=answer_id)
for vote in votes:
    user, kind = vote.split(":")
    print(store.vote(answer_id, int(user), kind, 7), flush=True)
"""


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request):
    """None (SQLite in the data dir) or a fresh PostgreSQL database's URL."""
    if request.param == "sqlite":
        return None
    return postgres.new_database(request.getfixturevalue("postgres_server"))


def test_votes_are_one_per_user_per_answer_and_a_new_vote_replaces_the_old(tmp_path, database):
    store = FeedbackStore.in_dir(tmp_path / "data", database)
    first = store.record_answer(ANSWER, guild_id=10, channel_id=11, user_id=12)
    second = store.record_answer(UNANSWERED, guild_id=None, channel_id=13, user_id=12)
    assert first != second

    assert store.vote(first, 100, "up", 10) is None
    assert store.vote(first, 200, "up", 10) is None
    assert store.vote(first, 100, "down", 10) == "up"  # changed: the old vote is gone
    assert store.vote(second, 100, "down", None) is None
    assert store.vote("never-recorded", 300, "up", 10) is None
    with pytest.raises(ValueError):
        store.vote(first, 100, "sideways", 10)

    assert store.counts() == {"up": 2, "down": 2}
    rows = list(store.export())
    assert [(r["answer_id"], r["user_id"], r["vote"]) for r in rows] == [
        (first, "200", "up"), (first, "100", "down"), (second, "100", "down"), ("never-recorded", "300", "up")]
    changed = rows[1]
    assert changed["question"] == ANSWER.question and changed["answered"] is True
    assert changed["quotes"] == [QUOTE.to_json()]
    assert (changed["guild_id"], changed["channel_id"], changed["asked_by"]) == ("10", "11", "12")
    assert changed["voted_at"] >= changed["asked_at"]
    dm = rows[2]
    assert dm["answered"] is False and dm["quotes"] == [] and dm["guild_id"] is None
    unknown = rows[3]
    assert unknown["question"] is None and unknown["answered"] is None and unknown["asked_at"] is None

    # Where the votes live: beside the index only without a database.
    assert (tmp_path / "data" / FILENAME).exists() == (database is None)


def test_discord_ids_past_32_bits_are_kept_whole(tmp_path, database):
    store = FeedbackStore.in_dir(tmp_path / "data", database)
    snowflake = 1_234_567_890_123_456_789
    answer = store.record_answer(ANSWER, guild_id=snowflake, channel_id=snowflake + 1, user_id=snowflake + 2)
    store.vote(answer, snowflake + 3, "up", snowflake)
    [row] = store.export()
    assert (row["guild_id"], row["channel_id"], row["asked_by"], row["user_id"]) == tuple(
        str(snowflake + i) for i in range(4))


def test_two_stores_on_one_database_see_each_others_answers_and_votes(tmp_path, database_url):
    one = FeedbackStore.in_dir(tmp_path / "host-a", database_url)
    two = FeedbackStore.in_dir(tmp_path / "host-b", database_url)
    asked_on_one = one.record_answer(ANSWER, guild_id=1, channel_id=2, user_id=3)
    asked_on_two = two.record_answer(UNANSWERED, guild_id=1, channel_id=2, user_id=3)

    # Buttons of an answer one process sent are clicked on the other (another shard, a restart).
    assert two.vote(asked_on_one, 50, "up", 1) is None
    assert one.vote(asked_on_one, 50, "down", 1) == "up"
    assert one.vote(asked_on_two, 60, "up", 1) is None
    for store in (one, two):
        assert store.counts() == {"up": 1, "down": 1}
        exported = {(r["answer_id"], r["user_id"]): (r["vote"], r["question"]) for r in store.export()}
        assert exported == {(asked_on_one, "50"): ("down", ANSWER.question),
                            (asked_on_two, "60"): ("up", UNANSWERED.question)}
    assert not any(path.name == FILENAME for path in tmp_path.rglob("*"))


def quotebot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEBOT_")}
    return subprocess.run([sys.executable, "-m", "bot", *args], cwd=REPO, env=clean | env, capture_output=True,
                          text=True, timeout=120)


def test_quotebot_feedback_exports_the_votes_another_process_wrote(tmp_path, database_url):
    env = {"QUOTEBOT_DATABASE_URL": database_url}
    clean = {k: v for k, v in os.environ.items() if not k.startswith("QUOTEBOT_")}
    other = subprocess.run([sys.executable, "-c", OTHER_PROCESS, str(tmp_path / "other-host"), "feedbeef",
                            "41:up", "42:down", "41:down"],
                           cwd=REPO, env=clean | env, capture_output=True, text=True, timeout=120)
    assert other.returncode == 0, other.stderr
    assert other.stdout.split() == ["None", "None", "up"]  # the third vote replaced the first

    here = tmp_path / "this-host"  # no feedback.sqlite3 here: the votes come from the database
    exported = quotebot("--data-dir", str(here), "feedback", "--json", env=env)
    assert exported.returncode == 0, exported.stderr
    rows = [json.loads(line) for line in exported.stdout.splitlines()]
    assert sorted((r["user_id"], r["vote"]) for r in rows) == [("41", "down"), ("42", "down")]
    assert all(r["answer_id"] == "feedbeef" and r["question"] == "What toll will drivers pay?"
               and r["asked_by"] == "9" and r["quotes"][0]["text"] == QUOTE.text for r in rows)
    plain = quotebot("--data-dir", str(here), "feedback", env=env)
    assert plain.returncode == 0 and "0 up, 2 down" in plain.stdout, plain.stdout + plain.stderr

    # Without the URL the same command reads this host's (empty) file, as before.
    alone = quotebot("--data-dir", str(here), "feedback", env={})
    assert alone.returncode == 0 and "No feedback yet." in alone.stdout, alone.stdout + alone.stderr


def test_a_hosts_earlier_sqlite_votes_are_copied_into_the_database_once(tmp_path, database_url):
    host = tmp_path / "data"
    before = FeedbackStore.in_dir(host)  # the bot before QUOTEBOT_DATABASE_URL was set
    old = before.record_answer(ANSWER, guild_id=1, channel_id=2, user_id=3)
    before.vote(old, 70, "up", 1)
    before.vote("lost-answer", 71, "down", 1)
    elsewhere = FeedbackStore.in_dir(tmp_path / "other-host", database_url)
    elsewhere.vote(old, 72, "up", 1)

    shared = FeedbackStore.in_dir(host, database_url)
    assert {(r["user_id"], r["vote"], r["question"]) for r in shared.export()} == {
        ("70", "up", ANSWER.question), ("71", "down", None), ("72", "up", ANSWER.question)}
    [copied] = [r for r in shared.export() if r["user_id"] == "70"]
    assert copied["quotes"] == [QUOTE.to_json()] and copied["answered"] is True and copied["asked_by"] == "3"

    # A vote changed since is not turned back by opening again, and nothing is doubled.
    assert shared.vote(old, 70, "down", 1) == "up"
    again = FeedbackStore.in_dir(host, database_url)
    assert again.counts() == {"up": 1, "down": 2}
    assert sorted((r["user_id"], r["vote"]) for r in again.export()) == [("70", "down"), ("71", "down"), ("72", "up")]


def test_a_damaged_old_votes_file_does_not_stop_the_bot(tmp_path, database_url, caplog):
    (tmp_path / FILENAME).write_bytes(b"not a database" * 100)
    store = FeedbackStore.in_dir(tmp_path, database_url)
    store.vote(store.record_answer(ANSWER, guild_id=1, channel_id=2, user_id=3), 4, "up", 1)
    assert store.counts() == {"up": 1, "down": 0}
    assert any(FILENAME in r.getMessage() and "not copied" in r.getMessage() for r in caplog.records)
    assert (tmp_path / FILENAME).read_bytes() == b"not a database" * 100


def test_the_votes_tables_come_with_a_schema_migration(tmp_path, database_url):
    """A database an older quotebot made (migrations 1-2) gains the tables in place, recorded
    as a version, and keeps what it held."""
    with psycopg.connect(database_url, autocommit=True) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
        for version, script in MIGRATIONS[:2]:
            db.execute(script)
            db.execute("INSERT INTO schema_version VALUES (%s, 0)", (version,))
        db.execute("INSERT INTO feeds (collection, url, added_at) VALUES ('global', 'https://example.org/rss', 0)")

    # Read-only: nothing migrated, nothing to export, and a write is refused with the usual error.
    reader = FeedbackStore.in_dir(tmp_path / "data", database_url, read_only=True)
    assert list(reader.export()) == [] and reader.counts() == {"up": 0, "down": 0}
    with pytest.raises(ReadOnlyData):
        reader.record_answer(ANSWER, guild_id=1, channel_id=2, user_id=3)
    with pytest.raises(ReadOnlyData):
        reader.vote("x", 1, "up", None)

    store = FeedbackStore.in_dir(tmp_path / "data", database_url)
    store.vote(store.record_answer(ANSWER, guild_id=1, channel_id=2, user_id=3), 4, "up", 1)
    with PgStore(tmp_path / "data", database_url, read_only=True) as index_store:
        assert index_store.schema_version() == MIGRATIONS[-1][0] >= 3
        assert index_store.has_table("votes") and index_store.has_table("answers")
    assert reader.counts() == {"up": 1, "down": 0}  # and now the read-only one reads them
    with psycopg.connect(database_url) as db:
        assert db.execute("SELECT url FROM feeds").fetchall() == [("https://example.org/rss",)]


def test_an_unreachable_database_is_a_clear_error_without_the_password(tmp_path, postgres_server):
    url = postgres_server.replace("postgres@", "postgres:s3cret@").replace("/postgres?", "/no_such_db?")
    with pytest.raises(StorageError) as raised:
        FeedbackStore.in_dir(tmp_path, url)
    assert "QUOTEBOT_DATABASE_URL" in str(raised.value) and "s3cret" not in str(raised.value)
    result = quotebot("--data-dir", str(tmp_path), "feedback", env={"QUOTEBOT_DATABASE_URL": url})
    assert result.returncode == 1 and "Error:" in result.stderr and "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr
