"""The bot with QUOTEBOT_QUEUE_ADDS: `/add url:` is queued for a `quotebot worker` process on the
shared PostgreSQL database, and the reply follows the job to its end. The real discord.py client
against the loopback Discord, a real worker process and a real throwaway PostgreSQL."""
from __future__ import annotations

import re
import time

from index import jobs
from index.store import jobs as queue

from .bot_processes import BotProcesses, bot_env
from .fake_discord import FakeDiscord, fake_discord  # noqa: F401  (fixture)
from .fake_discord.state import Body
from .test_bot import BAKERY, BAKERY_QUESTION, BAKERY_QUOTE, TRAMS, TRAMS_QUESTION, TRAMS_QUOTE, Harness, embed_text, harness  # noqa: F401
from .test_bot_shards import HARBOUR, HARBOUR_QUESTION, HARBOUR_QUOTE
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


# the bar: two bot processes and a worker on one database --------------------------------
def web_page(text: str) -> str:
    """A markdown article of the tests as the HTML page a site would serve."""
    title = next(line.split(maxsplit=1)[1] for line in text.splitlines() if line.startswith(("# ", "title: ")))
    paragraphs = [line for line in text.splitlines() if line.endswith(".") and not line.startswith("#")]
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            + "".join(f"<p>{p}</p>" for p in paragraphs) + "</article></body></html>")


async def answered_by(bots: BotProcesses, guild, channel, question: str, quote: str, by: float) -> None:
    """Ask in `channel` until an answer quotes `quote`; fails unless one does by `by` (epoch s)."""
    fake = bots.fake
    while True:
        remaining = by - time.time()
        assert remaining > 0, f"no answer quoting {quote[:40]!r} in {guild.name} by the deadline"
        itx = await fake.slash("ask", {"question": question}, guild=guild, channel=channel, member="plain")
        reply = await bots.wait(lambda: fake.find_requests(lambda r: r.params.get("token") == itx.token, kind="followup"),
                                f"an answer in {guild.name}", remaining)
        if any(quote in str(r.json) for r in reply):
            return


async def test_adds_through_either_shard_run_by_a_worker_are_answered_within_5_s(fake_discord, tmp_path, database_url,
                                                                                 worker_env):
    """Shards 0 and 1 of 2 as two `quotebot run` processes and one `quotebot worker`, on one
    PostgreSQL, QUOTEBOT_QUEUE_ADDS on. A server's `/add url:` goes through its shard's process
    to the worker, and the server's shard answers from it within 5 s of the job's end (the
    issue's bar); what is queued for the shared articles is answered through both shards."""
    fake = fake_discord
    zero, one = fake.add_guild("Zero", shard=(0, 2)), fake.add_guild("One", shard=(1, 2))
    env = bot_env(fake, QUOTEBOT_DATABASE_URL=database_url, QUOTEBOT_QUEUE_ADDS="true",
                  QUOTEBOT_ALLOW_PRIVATE_URLS="true", QUOTEBOT_ARTICLES_DIR=str(tmp_path / "no-articles"))
    bots = BotProcesses(fake, tmp_path)
    worker = Worker(worker_env)
    try:
        for shard in (0, 1):
            await bots.start_shard(shard, 2, env)
        for guild, other, text, question, quote in ((zero, one, TRAMS, TRAMS_QUESTION, TRAMS_QUOTE),
                                                    (one, zero, BAKERY, BAKERY_QUESTION, BAKERY_QUOTE)):
            url = fake.serve_file(f"{guild.name}.html", web_page(text))
            added = await fake.slash("add", {"url": url}, guild=guild, member="admin")
            done = await bots.wait(lambda: [b for b in map(Body.of, fake.original_edits(added))
                                            if "done" in (b.get("content") or "")], f"{guild.name}'s job done", DEADLINE)
            job = queue.job_state(database_url, int(re.search(r"Job (\d+) done", done[0]["content"]).group(1)))
            assert job.status == "succeeded" and job.outcome.startswith("added "), job
            await answered_by(bots, guild, guild.channel("news"), question, quote, job.finished_at + 5)
            # and only there: a server's articles are its own, on whichever shard
            elsewhere = await fake.wait_reply(await fake.slash("ask", {"question": question}, guild=other,
                                                               channel=other.channel("news")))
            assert quote not in embed_text(elsewhere)

        # The shared articles (`quotebot add --queue`): the worker's add is answered through both shards.
        queued = jobs.enqueue_add(database_url, fake.serve_file("harbour.html", web_page(HARBOUR)))
        job = await bots.wait(lambda: (lambda s: s if s and s.finished_at else None)(queue.job_state(database_url, queued.job_id)),
                              "the shared add to finish", DEADLINE)
        assert job.ok, job
        for guild in (zero, one):
            await answered_by(bots, guild, guild.channel("general"), HARBOUR_QUESTION, HARBOUR_QUOTE, job.finished_at + 5)
        for event, shard, guild in fake.deliveries:  # each server's questions reached its own shard only
            if guild in (zero.id, one.id):
                assert shard == ((0, 2) if guild == zero.id else (1, 2)), (event, shard, guild)
    finally:
        await bots.close()
        assert worker.stop() == 0, "".join(worker.lines)
