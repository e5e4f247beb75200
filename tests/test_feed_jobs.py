"""Feed polls as jobs (QUOTEBOT_QUEUE_FEEDS): `quotebot worker` processes poll the feeds as a
procrastinate periodic task, each feed once per QUOTEBOT_FEED_INTERVAL however many workers
run, and the bot, which no longer polls, announces what they indexed. Real worker processes, a
real throwaway PostgreSQL, a loopback HTTP feed and the real discord.py client against the
loopback Discord."""
from __future__ import annotations

import logging

import pytest

from index.collections import GLOBAL
from index.errors import InvalidSettings
from index.store import jobs as queue

from .fake_discord import fake_discord  # noqa: F401  (fixture)
from .test_bot import embed_text, harness  # noqa: F401  (fixture)
from .test_bot_shards import settings_from
from .test_feeds import Route, page, rss, server  # noqa: F401  (fixture)
from .test_jobs import DEADLINE, Worker, _env

INTERVAL = 2  # seconds between two polls of a feed (QUOTEBOT_FEED_INTERVAL), also the workers' tick
ONE = ("Ferry timetable changes", ["The island ferry will sail every two hours from the first of May, "
                                   "the harbour office said on Friday."])
TWO = ("Lighthouse restored", ["The old lighthouse on the north cape shines again after volunteers "
                               "restored its lamp and painted the tower white."])


def test_queued_feeds_need_the_database():
    with pytest.raises(InvalidSettings) as error:
        settings_from({"QUOTEBOT_QUEUE_FEEDS": "true"})
    assert "QUOTEBOT_QUEUE_FEEDS needs QUOTEBOT_DATABASE_URL" in str(error.value)
    assert settings_from({"QUOTEBOT_QUEUE_FEEDS": "true", "QUOTEBOT_DATABASE_URL": "postgresql://h/db"}).queue_feeds


def _serve_feed(server, *entries) -> None:  # noqa: F811
    for slug, (title, paragraphs) in entries:
        server.routes[f"/{slug}.html"] = Route(page(title, paragraphs), ctype="text/html")
    # newest first, as feeds list them
    server.routes["/feed.xml"] = Route(rss("Island Gazette", [
        {"title": title, "link": server.url(f"/{slug}.html"), "guid": slug} for slug, (title, _) in reversed(entries)]))


async def test_two_workers_poll_a_feed_once_per_interval_and_the_bot_announces_what_they_added(
        harness, fake_discord, server, tmp_path, database_url, caplog):  # noqa: F811
    caplog.set_level(logging.INFO, logger="index.feeds")
    fake = fake_discord
    feed = server.url("/feed.xml")
    _serve_feed(server, ("one", ONE))
    announce = fake.channel
    feeds = {"QUOTEBOT_QUEUE_FEEDS": "true", "QUOTEBOT_FEED_INTERVAL": str(INTERVAL), "QUOTEBOT_FEEDS": feed}
    engine = harness.engine(database_url=database_url, queue_feeds=True, feeds=[feed], feed_interval=INTERVAL,
                            announce_channel=announce.id, allow_private_urls=True)
    await harness.start(engine)
    workers = [Worker({**_env(tmp_path, database_url, f"worker{n}"), **feeds}) for n in (1, 2)]
    try:
        # The first poll indexes the feed's backlog (not announced: it is not news)...
        await fake.wait_until(lambda: [a for a in engine.articles([GLOBAL]) if a.title == ONE[0]],
                              DEADLINE, "the backlog indexed by a worker")
        # ...a later entry is news: a worker indexes it, the bot announces it in its channel.
        _serve_feed(server, ("one", ONE), ("two", TWO))
        posted = await fake.wait_channel_message(announce, predicate=lambda m: TWO[0] in embed_text(m),
                                                 timeout=DEADLINE)
        assert "lighthouse" in embed_text(posted).lower()
        # a worker indexed it (its log says so); the bot polled nothing
        assert any("added" in line and TWO[0] in line for w in workers for line in w.lines)
        assert not [r for r in caplog.records if r.name == "index.feeds" and "added" in r.getMessage()]
        # A few more periods: the feed is read once per interval, not once per worker.
        await fake.wait_until(lambda: len(server.hit_times("/feed.xml")) >= 5, 6 * INTERVAL + DEADLINE,
                              "more polls of the feed")
    finally:
        for worker in workers:
            assert worker.stop() == 0, "".join(worker.lines)
    times = server.hit_times("/feed.xml")
    gaps = [later - earlier for earlier, later in zip(times, times[1:])]
    assert min(gaps) > INTERVAL - 0.5, gaps  # two workers at one tick would read it twice at once
    # each entry read and indexed once, announced once; the backlog never
    assert len(server.hits("/one.html")) == 1 and len(server.hits("/two.html")) == 1
    messages = [m for m in fake.channel_messages(announce) if TWO[0] in str(m.json) or ONE[0] in str(m.json)]
    assert len(messages) == 1 and TWO[0] in str(messages[0].json)
    assert [a.title for a in engine.articles([GLOBAL])] == [TWO[0], ONE[0]]
    polls = [j for j in queue.recent_jobs(database_url, ["quotebot.poll_feeds"], limit=1000)]
    assert polls and all(j.status in ("succeeded", "todo", "doing") for j in polls), polls
