"""The bot with QUOTEBOT_QUEUE_ADDS: `/add url:` is queued for a `quotebot worker` process on the
shared PostgreSQL database, and the reply follows the job to its end. The real discord.py client
against the loopback Discord, a real worker process and a real throwaway PostgreSQL."""
from __future__ import annotations

from .fake_discord import FakeDiscord, fake_discord  # noqa: F401  (fixture)
from .test_bot import Harness, embed_text, harness  # noqa: F401  (fixture)
from .test_jobs import DEADLINE, QUESTION, Worker, _server_events, server, worker_env  # noqa: F401  (fixtures)


async def test_a_queued_add_is_indexed_by_a_worker_and_answered_by_the_bot(harness, fake_discord, database_url,
                                                                           server, worker_env):
    fake = fake_discord
    engine = harness.engine(database_url=database_url, queue_adds=True, allow_private_urls=True)
    await harness.start(engine)
    worker = Worker(worker_env)
    try:
        added = await fake.slash("add", {"url": server + "/page.html"}, member="admin")
        done = await fake.wait_edit_original(added, predicate=lambda b: "done" in (b.get("content") or ""),
                                             timeout=DEADLINE)
        assert "Job " in done["content"] and "added" in done["content"] and "Harbour bridge reopens" in done["content"]
        # Indexed by the worker, into this server's articles: the bot answers from them.
        reply = await fake.wait_reply(await fake.slash("ask", {"question": QUESTION}, member="plain"))
        assert "twelve million euros" in embed_text(reply)

        missing = await fake.slash("add", {"url": server + "/missing.html"}, member="admin")
        failed = await fake.wait_edit_original(missing, predicate=lambda b: "failed" in (b.get("content") or ""),
                                               timeout=DEADLINE)
        assert "404" in failed["content"]
    finally:
        assert worker.stop() == 0
