"""A sharded bot: QUOTEBOT_SHARD_COUNT / QUOTEBOT_SHARD_IDS, and several bots (one a shard)
over one loopback Discord (tests/fake_discord), which sends each shard only its servers' events
as Discord does. The bots share one data dir, as processes on one host share the SQLite store:
a server's articles and feeds work whichever shard the server is on."""
from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

import discord
import pytest
import pytest_asyncio
from click.testing import CliRunner
from discord.ext import commands

from bot.app import QuoteBot, ShardedQuoteBot, create_bot, shard_of
from bot.cli import cli
from index.collections import GLOBAL, guild_collection
from index.embed import HashingEmbedder
from index.engine import Engine
from index.errors import InvalidSettings
from index.feeds import FeedPoller
from index.settings import load_settings
from index.store import DB_NAME

from .bot_processes import BotProcesses, bot_env
from .conftest import make_settings, pin_tuning
from .fake_discord import CB_DEFERRED_MESSAGE, FLAG_EPHEMERAL, FakeDiscord, fake_discord  # noqa: F401
from .test_bot import BAKERY, BAKERY_QUESTION, BAKERY_QUOTE, TRAMS, TRAMS_QUESTION, TRAMS_QUOTE, article, assert_fake_clean, embed_text
from .test_feeds import Route, page, rss, server  # noqa: F401  (fixture)

HARBOUR = """# The harbour bridge reopens
The harbour bridge reopened on Monday after two years of repairs to its rusted steel cables.

Drivers will pay a toll of three euros until the repair loans are paid back.
"""
HARBOUR_QUESTION = "What toll will drivers pay on the harbour bridge?"
HARBOUR_QUOTE = "Drivers will pay a toll of three euros until the repair loans are paid back."


# settings --------------------------------------------------------------------------------------
def settings_from(env: dict[str, str]):
    """The settings as a process started with `env` reads them (no .env file)."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("QUOTEBOT_")]:
            patch.delenv(name)
        for name, value in env.items():
            patch.setenv(name, value)
        return load_settings(_env_file=None)


def test_shard_ids_read_as_lists_and_ranges():
    assert settings_from({"QUOTEBOT_SHARD_COUNT": "4", "QUOTEBOT_SHARD_IDS": "0,1"}).shard_ids == [0, 1]
    assert settings_from({"QUOTEBOT_SHARD_COUNT": "8", "QUOTEBOT_SHARD_IDS": "2-4"}).shard_ids == [2, 3, 4]
    assert settings_from({"QUOTEBOT_SHARD_COUNT": "8", "QUOTEBOT_SHARD_IDS": "6, 0-1 6"}).shard_ids == [0, 1, 6]
    assert settings_from({"QUOTEBOT_SHARD_COUNT": "3", "QUOTEBOT_SHARD_IDS": "[2]"}).shard_ids == [2]
    every = settings_from({"QUOTEBOT_SHARD_COUNT": "3"})
    assert every.shard_count == 3 and every.shard_ids is None  # every shard in this process
    plain = settings_from({"QUOTEBOT_SHARD_IDS": ""})  # the blank line of .env.example
    assert plain.shard_count is None and plain.shard_ids is None


@pytest.mark.parametrize("env, says", [
    ({"QUOTEBOT_SHARD_IDS": "0,1"}, "QUOTEBOT_SHARD_IDS is set but QUOTEBOT_SHARD_COUNT is not"),
    ({"QUOTEBOT_SHARD_COUNT": "2", "QUOTEBOT_SHARD_IDS": "0-2"}, "holds 2, not a shard of 2"),
    ({"QUOTEBOT_SHARD_COUNT": "2", "QUOTEBOT_SHARD_IDS": "2"}, "the shard ids run from 0 to 1"),
    ({"QUOTEBOT_SHARD_COUNT": "0"}, "QUOTEBOT_SHARD_COUNT: Input should be greater than or equal to 1"),
    ({"QUOTEBOT_SHARD_COUNT": "4", "QUOTEBOT_SHARD_IDS": "3-1"}, "the range 3-1 runs backwards"),
    ({"QUOTEBOT_SHARD_COUNT": "4", "QUOTEBOT_SHARD_IDS": "one"}, "'one' is neither a shard id nor a range"),
    ({"QUOTEBOT_SHARD_COUNT": "4", "QUOTEBOT_SHARD_IDS": "-1"}, "'-1' is neither a shard id nor a range"),
    ({"QUOTEBOT_SHARD_COUNT": "4", "QUOTEBOT_SHARD_IDS": "0-99999999"}, "holds more than 65536 shards"),
])
def test_bad_shard_settings_are_refused_with_the_reason(env, says):
    with pytest.raises(InvalidSettings) as error:
        settings_from(env)
    assert says in str(error.value)


def test_quotebot_run_refuses_shard_ids_without_a_count_before_touching_anything(tmp_path):
    data = tmp_path / "data"
    env = {"QUOTEBOT_SHARD_IDS": "0,1", "QUOTEBOT_SHARD_COUNT": None, "DISCORD_TOKEN": "a-token"}
    result = CliRunner().invoke(cli, ["--data-dir", str(data), "run"], env=env, obj={})
    assert result.exit_code == 1
    assert result.output.startswith("Error: Invalid setting: QUOTEBOT_SHARD_IDS is set but QUOTEBOT_SHARD_COUNT is not")
    assert "Traceback" not in result.output and not data.exists()


def test_the_settings_pick_the_bot(tmp_path):
    engine = Engine(make_settings(tmp_path), HashingEmbedder())
    with engine:
        plain = create_bot(engine, engine.settings)
        assert not isinstance(plain, commands.AutoShardedBot)  # as before sharding: one connection
        sharded = create_bot(engine, make_settings(tmp_path, shard_count=4, shard_ids="1-2"))
        assert isinstance(sharded, ShardedQuoteBot) and sharded.shard_count == 4 and sharded.shard_ids == [1, 2]
        with pytest.raises(TypeError):
            QuoteBot(engine, make_settings(tmp_path, shard_count=2))


# feeds -----------------------------------------------------------------------------------------
def guild_on(shard: int, count: int, n: int = 7) -> int:
    """A server id whose events Discord sends to `shard` of `count`."""
    guild_id = (n * count + shard) << 22
    assert shard_of(guild_id, count) == shard
    return guild_id


def test_each_process_polls_its_own_servers_feeds_and_shard_zero_the_shared_ones(server, tmp_path):  # noqa: F811
    zero, one = guild_on(0, 2), guild_on(1, 2)
    for name, title, text in (("shared", "Harbour", HARBOUR), ("zero", "Trams", TRAMS), ("one", "Bakery", BAKERY)):
        paragraphs = [line for line in text.split("\n") if line.endswith(".") and ":" not in line]
        server.routes[f"/{name}.html"] = Route(page(title, paragraphs), ctype="text/html")
        server.routes[f"/{name}.xml"] = Route(rss(title, [{"title": title, "link": server.url(f"/{name}.html"), "guid": name}]))
    common = dict(allow_private_urls=True, fetch_timeout=2.0, feeds=[server.url("/shared.xml")], ask_cooldown=0, watch=False)
    engines, pollers = [], []
    try:
        for shard in (0, 1):
            engine = pin_tuning(Engine(make_settings(tmp_path, shard_count=2, shard_ids=[shard], **common), HashingEmbedder()))
            engines.append(engine)
            bot = create_bot(engine, engine.settings)
            pollers.append(FeedPoller(engine, engine.settings, owns=bot.owns_collection))
        pollers[0].add_feed(guild_collection(zero), server.url("/zero.xml"))
        pollers[1].add_feed(guild_collection(one), server.url("/one.xml"))

        polled = [sorted(new.collection for new in poller.poll_due()) for poller in pollers]
        assert polled == [sorted([GLOBAL, guild_collection(zero)]), [guild_collection(one)]]
        for feed in ("shared", "zero", "one"):  # each feed read by one process (the second read of
            # zero and one is add_feed's check, made by the process the server's /feeds ran in)
            assert len(server.hits(f"/{feed}.xml")) == (1 if feed == "shared" else 2), feed
        # one store: what either process polled is there for both
        for engine in engines:
            assert engine.ask(HARBOUR_QUESTION, [GLOBAL]).answered
            assert [a.title for a in engine.articles([guild_collection(one)])] == ["Bakery"]
    finally:
        for poller in pollers:
            poller.stop()
        for engine in engines:
            engine.close()


# two bots over one Discord ---------------------------------------------------------------------
class Shards:
    """Sharded bots over one fake Discord and one data dir; each notes the servers whose
    interactions and messages reached it."""

    def __init__(self, fake: FakeDiscord, tmp_path: Path):
        self.fake, self.tmp_path = fake, tmp_path
        self.stack = contextlib.AsyncExitStack()
        self.engines: list[Engine] = []

    async def start(self, shard_ids, count: int = 2, **overrides) -> QuoteBot:
        overrides = {"ask_cooldown": 0, "watch": False, "allow_private_urls": True, **overrides}
        engine = pin_tuning(Engine(make_settings(self.tmp_path, shard_count=count, shard_ids=shard_ids, **overrides),
                                   HashingEmbedder()))
        self.engines.append(engine)
        bot = create_bot(engine, engine.settings, updates=False, guild_ready_timeout=0.1)
        bot.seen = []  # (what, guild id) of every interaction and message this bot received

        async def on_interaction(interaction: discord.Interaction) -> None:
            bot.seen.append(("interaction", interaction.guild_id))

        async def on_message(message: discord.Message) -> None:
            bot.seen.append(("message", message.guild.id if message.guild else None))

        bot.add_listener(on_interaction)
        bot.add_listener(on_message)
        await self.stack.enter_async_context(self.fake.running(bot))
        return bot

    async def close(self) -> None:
        await self.stack.aclose()
        for engine in self.engines:
            engine.close()


@pytest_asyncio.fixture
async def shards(fake_discord: FakeDiscord, tmp_path):
    s = Shards(fake_discord, tmp_path)
    try:
        yield s
    finally:
        await s.close()
    assert_fake_clean(fake_discord)


async def test_two_shard_bots_each_answer_only_their_servers_from_one_store(shards, fake_discord):
    fake = fake_discord
    zero, one = fake.add_guild("Zero", shard=(0, 2)), fake.add_guild("One", shard=(1, 2))
    with Engine(make_settings(shards.tmp_path), HashingEmbedder()) as seeding:
        seeding.add_article(article(TRAMS), GLOBAL)

    # The process of shard 1 starts first: it leaves the commands to shard 0's.
    second = await shards.start([1])
    assert {g.id for g in second.guilds} == {one.id, *([fake.guild.id] if shard_of(fake.guild.id, 2) else [])}
    assert not fake.find_requests(kind="command_sync")
    first = await shards.start([0])
    assert zero.id in {g.id for g in first.guilds} and one.id not in {g.id for g in first.guilds}
    await fake.wait_for_request(kind="command_sync")
    assert sorted(i["shard"] for i in fake.identifies) == [[0, 2], [1, 2]]

    # A question in a server of shard 1 is answered, by shard 1's bot only.
    itx = await fake.slash("ask", {"question": TRAMS_QUESTION}, guild=one, member="plain")
    assert (await fake.wait_callback(itx))["type"] == CB_DEFERRED_MESSAGE
    assert f"> {TRAMS_QUOTE} **[1]**" in (await fake.wait_reply(itx))["embeds"][0]["description"]
    asked = await fake.send_message(TRAMS_QUESTION, guild=one, mention_bot=True)
    reply = await fake.wait_channel_message(one.text_channels[0])
    assert reply["message_reference"]["message_id"] == int(asked["id"]) and TRAMS_QUOTE in embed_text(reply)
    itx = await fake.slash("ask", {"question": TRAMS_QUESTION}, guild=zero, member="plain")
    assert TRAMS_QUOTE in embed_text(await fake.wait_reply(itx))
    # Discord sends direct messages to shard 0: its bot answers them.
    dm = fake.dm_channel(fake.add_user("reader"))
    await fake.send_message(TRAMS_QUESTION, channel=dm)
    assert TRAMS_QUOTE in embed_text(await fake.wait_channel_message(dm))
    assert second.seen == [("interaction", one.id), ("message", one.id)]
    assert first.seen == [("interaction", zero.id), ("message", None)]

    # A server's own articles, added through its shard's bot, are its own on every shard.
    url = fake.serve_file("bakery.html", "<html><head><title>Bread prize</title></head><body><article><h1>Bread prize</h1>"
                          + "".join(f"<p>{p}</p>" for p in BAKERY.split("\n")[1:] if p) + "</article></body></html>")
    added = await fake.slash("add", {"url": url}, guild=one, member="admin")
    await fake.wait_edit_original(added, predicate=lambda b: "Added" in (b.get("content") or ""))
    assert [i.title for i in first.engine.articles([guild_collection(one.id)])] == ["Bread prize"]
    mine = await fake.wait_reply(await fake.slash("ask", {"question": BAKERY_QUESTION}, guild=one))
    assert BAKERY_QUOTE in embed_text(mine)
    theirs = await fake.wait_reply(await fake.slash("ask", {"question": BAKERY_QUESTION}, guild=zero))
    assert BAKERY_QUOTE not in embed_text(theirs)

    # An article added by another process (here the CLI's engine) is answered in shard 1's server
    # (in #news: #general is discussing the bread prize just added there).
    with Engine(make_settings(shards.tmp_path), HashingEmbedder()) as cli_engine:
        cli_engine.add_article(article(HARBOUR, "harbour.md"), GLOBAL)
    later = await fake.wait_reply(await fake.slash("ask", {"question": HARBOUR_QUESTION}, guild=one,
                                                   channel=one.channel("news")))
    assert HARBOUR_QUOTE in embed_text(later)

    # /status tells an admin which shard the server is on and what this process runs.
    status = await fake.wait_reply(await fake.slash("status", guild=one),
                                   predicate=lambda m: bool(m.get("embeds")))
    assert status["flags"] & FLAG_EPHEMERAL
    assert "This server is on shard 1 of 2; this process runs shard 1." in status["embeds"][0]["description"]
    assert not [d for d in fake.deliveries if d[2] == one.id and d[1] != (1, 2)]
    assert not [d for d in fake.deliveries if d[2] == zero.id and d[1] != (0, 2)]


# two processes -----------------------------------------------------------------------------------
def _titles(data_dir: Path) -> list[str]:
    """The shared articles' titles, read straight from the SQLite file (read-only)."""
    db = data_dir / DB_NAME
    if not db.exists():
        return []
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
        return [title for (title,) in conn.execute("SELECT title FROM articles WHERE collection = ?", (GLOBAL,))]


@pytest.fixture(params=["sqlite", "postgresql"])
def shared_store(request, tmp_path) -> dict[str, str]:
    """What the two processes share, as settings: one data dir (SQLite), or one PostgreSQL
    database with a data dir each, as on two hosts."""
    if request.param == "sqlite":
        return {"QUOTEBOT_DATA_DIR": str(tmp_path / "data")}
    return {"QUOTEBOT_DATABASE_URL": request.getfixturevalue("database_url")}


def _shared_titles(shared: dict[str, str], tmp_path: Path) -> list[str]:
    if "QUOTEBOT_DATABASE_URL" not in shared:
        return _titles(Path(shared["QUOTEBOT_DATA_DIR"]))
    from index.store import open_store

    with contextlib.closing(open_store(tmp_path / "reader", None, shared["QUOTEBOT_DATABASE_URL"])) as store:
        return [info.title for info in store.article_infos([GLOBAL])]


async def test_two_bot_processes_shards_0_and_1_of_2_answer_their_own_servers(fake_discord, tmp_path, shared_store):
    """`quotebot run` twice, QUOTEBOT_SHARD_IDS=0 and =1 of QUOTEBOT_SHARD_COUNT=2, on one data
    dir or on one PostgreSQL database."""
    fake = fake_discord
    zero, one = fake.add_guild("Zero", shard=(0, 2)), fake.add_guild("One", shard=(1, 2))
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "trams.md").write_text(TRAMS, encoding="utf-8")
    env = bot_env(fake, QUOTEBOT_ARTICLES_DIR=str(articles), QUOTEBOT_WATCH="true", **shared_store)
    bots = BotProcesses(fake, tmp_path)
    try:
        for shard in (0, 1):  # one at a time: the first indexes the articles folder into the empty store
            await bots.start_shard(shard, 2, env)
        await bots.answer(await fake.slash("ask", {"question": TRAMS_QUESTION}, guild=one, member="plain"), TRAMS_QUOTE)
        await bots.answer(await fake.slash("ask", {"question": TRAMS_QUESTION}, guild=zero, member="plain"), TRAMS_QUOTE)
        assert len(fake.find_requests(kind="command_sync")) == 1  # by shard 0's process only
        for event, shard, guild in fake.deliveries:
            if guild in (zero.id, one.id):
                assert shard == ((0, 2) if guild == zero.id else (1, 2)), (event, shard, guild)

        # An article that shard 0's process adds (its folder watcher: shard 1's does not watch) is
        # answered by shard 1's process within the issue's bar of 5 s.
        (articles / "harbour.md").write_text(HARBOUR, encoding="utf-8")
        await bots.wait(lambda: "The harbour bridge reopens" in _shared_titles(shared_store, tmp_path),
                        "shard 0's watcher to index the new file")
        await bots.answer(await fake.slash("ask", {"question": HARBOUR_QUESTION}, guild=one, member="plain"),
                          HARBOUR_QUOTE, timeout=5.0)
        logs = bots.logs()
        assert "watching" in logs[0] and "watching" not in logs[1]
    finally:
        await bots.close()
