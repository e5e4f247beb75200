"""The Discord bot end to end: the real discord.py client (QuoteBot) against the loopback fake
of Discord (tests/fake_discord/), with the deterministic hashing embedder.

Every test checks on the way out that the bot broke no Discord limit (`fake.rejected`), called
no unknown route, and sent every message with mentions disabled."""
from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import re
import threading
import time

import discord
import numpy as np
import discord.gateway
import discord.http
import pytest
import pytest_asyncio
from click.testing import CliRunner

from bot import app as bot_app
from bot import render
from bot.app import QuoteBot, intents_for
from bot.cli import cli
from index.embed import HashingEmbedder
from index.engine import GLOBAL, Engine, guild_collection
from index.ingest import parse_text
from index.models import Answer, Article, Quote
from .conftest import PINNED_WEIGHTS, REPO, make_settings, pin_tuning, pinned_engine
from .fake_discord import (  # noqa: F401  (fixture)
    CB_DEFERRED_MESSAGE,
    CB_MESSAGE,
    CB_UPDATE,
    FLAG_EPHEMERAL,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    FakeDiscord,
    FakeInteraction,
    fake_discord,
)

TRAMS = """---
title: Trams come back to Northtown
author: Ana Field
url: https://news.example/trams
publisher: Northtown Post
---
The city council voted on Tuesday to expand the tram network, adding four new stops in the northern districts.

Construction
The works will begin next spring and cost 40 million euros, paid by the regional government.

Residents of the old harbour asked for a stop near the fish market, but the council refused it.
"""
TRAMS_QUESTION = "How much will the construction works cost?"
TRAMS_QUOTE = "The works will begin next spring and cost 40 million euros, paid by the regional government."

BAKERY = """# A bakery wins the national bread prize
The family bakery on Mill Street won the national bread prize for its sourdough loaf.

The jury praised the crust and the long fermentation of eighteen hours.
"""
BAKERY_QUESTION = "Which bakery won the bread prize for sourdough?"
BAKERY_QUOTE = "The family bakery on Mill Street won the national bread prize for its sourdough loaf."

OFF_TOPIC = "Who painted the picture?"

MESSAGE_KINDS = {"followup", "edit_original", "channel_message", "edit_message", "edit_followup"}


def article(text: str, source: str = "test.md") -> Article:
    return parse_text(text, source=source, fmt="md")


def message_requests(fake: FakeDiscord):
    """Every request by which the bot created or edited a message."""
    return [r for r in fake.requests if r.kind in MESSAGE_KINDS
            or (r.kind == "interaction_callback" and (r.json or {}).get("type") in (CB_MESSAGE, CB_UPDATE))]


def message_body(request) -> dict:
    body = request.json or {}
    return body.get("data", {}) if request.kind == "interaction_callback" else body


def assert_fake_clean(fake: FakeDiscord) -> None:
    """What every bot test ends with: the fake refused no request, met no unknown route, and
    nothing the bot sent could ping anyone."""
    assert not fake.rejected, [(r.path, r.response) for r in fake.rejected]
    assert not fake.unhandled, fake.unhandled
    assert_no_pings(fake)


def assert_no_pings(fake: FakeDiscord) -> None:
    sent = message_requests(fake)
    for request in sent:
        assert message_body(request).get("allowed_mentions") == {"parse": []}, request


def all_text(message: dict) -> str:
    return json.dumps({"content": message.get("content"), "embeds": message.get("embeds")}, ensure_ascii=False)


def embed_text(message: dict) -> str:
    parts = []
    for embed in message.get("embeds") or []:
        parts += [embed.get("title") or "", embed.get("description") or "",
                  (embed.get("footer") or {}).get("text") or ""]
        parts += [f"{f['name']}\n{f['value']}" for f in embed.get("fields") or []]
    return "\n".join(parts)


async def add_upload(fake: FakeDiscord, name: str, body: str, **where) -> dict:
    """An admin's `/add file:` of an upload, waited on until its private reply says it was added."""
    upload = fake.make_attachment(name, body, "text/markdown")
    itx = await fake.slash("add", {"file": upload}, member="admin", **where)
    return await fake.wait_edit_original(itx, predicate=lambda b: "Added" in (b.get("content") or ""))


def button_ids(fake: FakeDiscord, message: dict) -> dict[str, str]:
    """label or emoji → custom_id of the buttons on a stored message."""
    out = {}
    for row in fake.message(message["id"]).get("components") or []:
        for c in row.get("components") or []:
            out[c.get("label") or (c.get("emoji") or {}).get("name")] = c["custom_id"]
    return out


class SlowEmbedder(HashingEmbedder):
    """The hashing embedder, slowed down like a model on a busy CPU (per batch of texts)."""

    def __init__(self, delay: float = 0.3, batch: int = 8):
        super().__init__()
        self.delay, self.batch = delay, batch

    def embed(self, texts, progress=None):
        chunks = []
        for start in range(0, len(texts), self.batch):
            time.sleep(self.delay)
            chunks.append(super().embed(texts[start:start + self.batch], progress))
        return super().embed([]) if not chunks else np.vstack(chunks)


class GatedEmbedder(HashingEmbedder):
    """The hashing embedder, but each question waits for the test to let it through (`gate`):
    a burst of questions stays in progress for as long as the test needs."""

    def __init__(self):
        super().__init__()
        self.gate = threading.Semaphore(0)

    def embed_query_with_tokens(self, text):
        if not self.gate.acquire(timeout=30):  # never hang the suite when a test fails
            raise TimeoutError("the test never let this question through")
        return super().embed_query_with_tokens(text)


class Harness:
    def __init__(self, fake: FakeDiscord, tmp_path):
        self.fake = fake
        self.tmp_path = tmp_path
        self.stacks: list[contextlib.AsyncExitStack] = []
        self.engines: list[Engine] = []

    def engine(self, embedder=None, *, shipped_weights: bool = False, **overrides) -> Engine:
        """An engine on the hashing embedder and the pinned weights, or (`shipped_weights`) on
        index/answer_weights.json, for a test judging the shipped answers with the real model."""
        overrides.setdefault("ask_cooldown", 0)
        overrides.setdefault("watch", False)
        engine = Engine(make_settings(self.tmp_path, **overrides), embedder or HashingEmbedder())
        if not shipped_weights:
            pin_tuning(engine)
        self.engines.append(engine)
        return engine

    async def start(self, engine: Engine | None = None, *, articles=(), updates: bool = True,
                    **overrides) -> QuoteBot:
        engine = engine or self.engine(**overrides)
        for collection, item in articles:
            engine.add_article(item, collection)
        bot = QuoteBot(engine, engine.settings, updates=updates, guild_ready_timeout=0.1)
        stack = contextlib.AsyncExitStack()
        await stack.enter_async_context(self.fake.running(bot))
        self.stacks.append(stack)
        bot.stop_stack = stack
        return bot

    async def stop(self, bot: QuoteBot) -> None:
        await bot.stop_stack.aclose()

    async def close(self) -> None:
        for stack in reversed(self.stacks):
            await stack.aclose()
        for engine in self.engines:
            engine.close()


@pytest_asyncio.fixture
async def harness(fake_discord: FakeDiscord, tmp_path):
    h = Harness(fake_discord, tmp_path)
    try:
        yield h
    finally:
        await h.close()
    assert_fake_clean(fake_discord)


# commands ----------------------------------------------------------------------------------
async def test_commands_are_synced_with_descriptions_and_admin_permissions(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start()
    put = await fake.wait_for_request(kind="command_sync")
    assert put.path == f"/applications/{fake.application_id}/commands"  # global without a dev guild
    commands = {c["name"]: c for c in put.json}
    assert set(commands) == {"ask", "summary", "articles", "add", "remove", "reindex", "help", "feeds", "status"}
    for command in commands.values():
        assert 1 <= len(command["description"]) <= 100
        for option in command.get("options") or []:
            assert option["description"] and option["description"] != "…", (command["name"], option)
    for name in ("add", "remove", "reindex", "feeds", "status"):
        assert int(commands[name]["default_member_permissions"]) == 32  # Manage Server
        assert commands[name]["contexts"] == [0]  # servers only
    assert commands["ask"]["default_member_permissions"] is None
    assert commands["ask"]["options"][0]["max_length"] == 1000
    assert commands["summary"]["options"][0]["autocomplete"] is True
    assert commands["remove"]["options"][0]["autocomplete"] is True
    # Least intents: no message content without question channels, no members, no presences.
    intents = fake.identifies[0]["intents"]
    assert intents & INTENT_GUILD_MESSAGES and not intents & INTENT_MESSAGE_CONTENT
    assert intents == intents_for(bot.settings).value
    assert not intents & (1 << 1 | 1 << 8)
    assert bot.allowed_mentions.to_dict() == {"parse": []}


async def test_dev_guild_gets_the_commands_at_once(harness, fake_discord):
    fake = fake_discord
    await harness.start(dev_guild_id=fake.guild.id)
    put = await fake.wait_for_request(kind="command_sync")
    assert put.path == f"/applications/{fake.application_id}/guilds/{fake.guild.id}/commands"
    assert {c["name"] for c in put.json} >= {"ask", "add"}


async def test_ask_answers_with_verbatim_cited_quotes_and_vote_buttons(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    itx = await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain")
    assert (await fake.wait_callback(itx))["type"] == CB_DEFERRED_MESSAGE
    reply = await fake.wait_reply(itx)
    embed = reply["embeds"][0]
    assert embed["title"] == TRAMS_QUESTION
    assert f"> {TRAMS_QUOTE} **[1]**" in embed["description"]
    sources = embed["fields"][0]
    assert sources["name"] == "Sources"
    assert "**[1]** [Trams come back to Northtown](<https://news.example/trams>) — paragraph 2" in sources["value"]
    assert not reply["flags"] & FLAG_EPHEMERAL
    votes = button_ids(fake, reply)
    assert re.fullmatch(r"qb:vote:up:[0-9a-f]{16}", votes["👍"])
    assert votes["👎"] == votes["👍"].replace(":up:", ":down:")


async def test_ask_without_an_answer_says_so_and_points_to_articles(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    itx = await fake.slash("ask", {"question": OFF_TOPIC})
    reply = await fake.wait_reply(itx)
    text = embed_text(reply)
    assert "not in the indexed articles" in text.casefold()
    assert "`/articles`" in text
    # Naming what no article mentions, the decline says so: no other words would help.
    itx = await fake.slash("ask", {"question": "Who painted the Mona Lisa?"})
    text = embed_text(await fake.wait_reply(itx))
    assert "No article here mentions “mona”, “lisa”.** I only answer with verbatim quotes" in text
    assert "40 million" not in text


async def test_summary_of_one_article_and_digest(harness, fake_discord):
    fake = fake_discord
    trams = article(TRAMS)
    await harness.start(articles=[(GLOBAL, trams), (GLOBAL, article(BAKERY, "bakery.md"))])
    one = await fake.wait_reply(await fake.slash("summary", {"article": trams.id}))
    embed = one["embeds"][0]
    assert embed["title"] == "Summary: Trams come back to Northtown"
    assert "> The city council voted on Tuesday" in embed["description"]
    assert "[Trams come back to Northtown](<https://news.example/trams>)" in embed["fields"][0]["value"]
    assert "Bakery" not in embed_text(one)

    digest = await fake.wait_reply(await fake.slash("summary"))
    text = embed_text(digest)
    assert digest["embeds"][0]["title"] == "Recently added articles"
    assert "Trams come back to Northtown" in text and "A bakery wins the national bread prize" in text

    missing = await fake.wait_reply(await fake.slash("summary", {"article": "no such thing"}))
    assert missing["flags"] & FLAG_EPHEMERAL and "/articles" in missing["content"]


async def test_a_question_after_a_summary_is_about_the_story_summarised(harness, fake_discord):
    # A stranger's "when was it published?" after a summary of one story was answered of the
    # article added last.
    fake = fake_discord
    trams = article(TRAMS)
    bot = await harness.start(articles=[(GLOBAL, trams), (GLOBAL, article(BAKERY, "bakery.md"))])
    await fake.wait_reply(await fake.slash("summary", {"article": trams.id}))
    reply = await fake.wait_reply(await fake.slash("ask", {"question": "who wrote it?"}))
    text = embed_text(reply)
    assert "Ana Field" in text and "bakery" not in text.casefold()
    # A summary of the story discussed already keeps its last question (a review's find: it was
    # dropped, and "it" next no longer stood for what was asked).
    await fake.wait_reply(await fake.slash("ask", {"question": TRAMS_QUESTION}))
    asked = bot.discussed.current(fake.channel.id).asked
    await fake.wait_reply(await fake.slash("summary", {"article": trams.id}))
    assert asked and bot.discussed.current(fake.channel.id).asked == asked


async def test_autocomplete_offers_matching_titles(harness, fake_discord):
    fake = fake_discord
    long_title = "A " + "very " * 40 + "long title"
    extra = [article(f"# {long_title} number {i}\nParagraph {i} about the weather in spring and in autumn.",
                     f"long{i}.md") for i in range(30)]
    await harness.start(articles=[(GLOBAL, article(TRAMS)), (GLOBAL, article(BAKERY, "b.md"))]
                        + [(GLOBAL, a) for a in extra])
    choices = await fake.wait_autocomplete(await fake.autocomplete("summary", "article", "tram"))
    assert choices == [{"name": "Trams come back to Northtown", "value": article(TRAMS).id}]
    everything = await fake.wait_autocomplete(await fake.autocomplete("summary", "article", ""))
    assert len(everything) == 25 and all(len(c["name"]) <= 100 for c in everything)
    assert any(c["name"].endswith("…") for c in everything)


async def test_articles_pages_with_buttons_only_for_the_invoker(harness, fake_discord):
    fake = fake_discord
    items = [article(f"# Story number {i:02d}\nThe story number {i} tells about a quiet village by the sea, "
                     "where the fishermen mend their nets every morning before the boats go out.",
                     f"s{i}.md") for i in range(13)]
    await harness.start(articles=[(GLOBAL, a) for a in items])
    itx = await fake.slash("articles", member="admin")
    reply = await fake.wait_reply(itx)
    page1 = reply["embeds"][0]
    assert page1["footer"]["text"] == "Page 1 of 2" and len(page1["fields"]) == 10
    assert "13 articles" in page1["description"]
    assert all("id `" in f["value"] and "added <t:" in f["value"] for f in page1["fields"])
    buttons = button_ids(fake, reply)

    stranger = await fake.click(buttons["Next"], reply, member="plain")
    refused = await fake.wait_callback(stranger)
    assert refused["type"] == CB_MESSAGE and refused.data["flags"] & FLAG_EPHEMERAL
    assert "/articles" in refused.data["content"]

    click = await fake.click(buttons["Next"], reply, member="admin")
    turned = await fake.wait_callback(click)
    assert turned["type"] == CB_UPDATE
    page2 = fake.original_message(itx)["embeds"][0]
    assert page2["footer"]["text"] == "Page 2 of 2" and len(page2["fields"]) == 3
    assert {f["name"] for f in page1["fields"]}.isdisjoint(f["name"] for f in page2["fields"])
    nav = {c["label"]: c for c in fake.original_message(itx)["components"][0]["components"]}
    assert nav["Next"].get("disabled") and not nav["Previous"].get("disabled")


async def dm_slash(fake: FakeDiscord, name: str, options=None, *, user=None):
    """A slash command used in the bot's DMs (the fake only builds server interactions)."""
    user = user or fake.plain.user
    data = fake._command_data(name, options, fake.guild)
    data.pop("guild_id", None)
    dm = fake.dm_channel(user)
    iid, token = fake._snowflake(), f"itx-dm-{fake._snowflake()}"
    payload = {
        "id": str(iid), "application_id": str(fake.application_id), "type": 2, "token": token, "version": 1,
        "channel_id": str(dm.id), "channel": dm.to_dict(), "user": user.to_dict(), "app_permissions": "0",
        "locale": "en-US", "entitlements": [], "authorizing_integration_owners": {"1": str(user.id)},
        "context": 1, "attachment_size_limit": 10 * 1024 * 1024, "data": data,
    }
    itx = FakeInteraction(iid, token, 2, payload, None, dm.id, user.id)
    fake.interactions[token] = itx
    await fake.dispatch("INTERACTION_CREATE", payload)
    return itx


async def test_slash_commands_in_direct_messages(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS)), (guild_collection(fake.guild.id), article(BAKERY))])
    trams = await fake.wait_reply(await dm_slash(fake, "ask", {"question": TRAMS_QUESTION}))
    assert TRAMS_QUOTE in embed_text(trams)
    bakery = await fake.wait_reply(await dm_slash(fake, "ask", {"question": BAKERY_QUESTION}))
    assert BAKERY_QUOTE not in embed_text(bakery)  # a server's articles stay in the server
    refused = await fake.wait_callback(await dm_slash(fake, "add", {"url": "https://news.example/x"}))
    assert refused.data["flags"] & FLAG_EPHEMERAL and "only works in a server" in refused.data["content"]


# admin ---------------------------------------------------------------------------------------
async def test_add_a_url_with_progress_then_ask_about_it(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(allow_private_urls=True)
    html = ("<html><head><title>Lighthouse keepers return</title></head><body><article>"
            "<h1>Lighthouse keepers return</h1>"
            "<p>The old lighthouse on Gull Point will have keepers again from June, the maritime office said.</p>"
            "<p>Two keepers will live in the cottage and guide the fishing boats through the winter storms.</p>"
            "<p>The office pays for the repairs of the lamp, which cost nine hundred thousand dollars.</p>"
            "</article></body></html>")
    url = fake.serve_file("news/lighthouse.html", html)
    itx = await fake.slash("add", {"url": url}, member="admin")
    cb = await fake.wait_callback(itx)
    assert cb["type"] == CB_DEFERRED_MESSAGE and cb.data["flags"] & FLAG_EPHEMERAL
    done = await fake.wait_edit_original(itx, predicate=lambda b: "Added" in (b.get("content") or ""))
    assert "**Lighthouse keepers return**" in done["content"] and "paragraph" in done["content"]
    assert fake.file_requests == ["files/news/lighthouse.html"]
    infos = bot.engine.articles([guild_collection(fake.guild.id)])
    assert [i.title for i in infos] == ["Lighthouse keepers return"]

    reply = await fake.wait_reply(await fake.slash("ask", {"question": "How much did the repairs of the lamp cost?"}))
    text = embed_text(reply)
    assert "nine hundred thousand dollars" in text and url in text


async def test_add_an_attachment_then_ask_about_it(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start()
    done = await add_upload(fake, "bakery.md", BAKERY)
    assert "A bakery wins the national bread prize" in done["content"]
    assert any(p.startswith("attachments/") for p in fake.file_requests)
    reply = await fake.wait_reply(await fake.slash("ask", {"question": BAKERY_QUESTION}))
    assert BAKERY_QUOTE in embed_text(reply)

    # Uploads that are not article files are refused with a reason, and nothing is added.
    for name, body, ctype in (("photo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
                              ("fake.txt", b"\x00\x01\x02binary" * 50, "text/plain")):
        bad = await fake.slash("add", {"file": fake.make_attachment(name, body, ctype)}, member="admin")
        refusal = await fake.wait_reply(bad, predicate=lambda m: "Added" not in m["content"] and m["content"])
        assert refusal["flags"] & FLAG_EPHEMERAL
        assert name in refusal["content"]
    assert len(bot.engine.articles([guild_collection(fake.guild.id)])) == 1


async def test_add_refuses_an_attachment_over_the_size_cap_without_downloading_it(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(max_download_bytes=100)
    itx = await fake.slash("add", {"file": fake.make_attachment("big.md", BAKERY * 3, "text/markdown")})
    reply = await fake.wait_reply(itx, predicate=lambda m: m["content"])
    assert "over the 100-byte limit" in reply["content"] and reply["flags"] & FLAG_EPHEMERAL
    assert fake.file_requests == [] and bot.engine.articles([guild_collection(fake.guild.id)]) == []


async def test_add_is_refused_to_members_without_manage_server(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(allow_private_urls=True)
    url = fake.serve_file("a.md", BAKERY, "text/markdown")
    itx = await fake.slash("add", {"url": url}, member="plain")
    cb = await fake.wait_callback(itx)
    assert cb["type"] == CB_MESSAGE and cb.data["flags"] & FLAG_EPHEMERAL
    assert "Manage Server" in cb.data["content"]
    assert fake.file_requests == [] and bot.engine.articles([guild_collection(fake.guild.id)]) == []
    removal = await fake.slash("reindex", member="plain")
    assert "Manage Server" in (await fake.wait_callback(removal)).data["content"]


async def test_add_refuses_local_paths_and_private_addresses(harness, fake_discord):
    fake = fake_discord
    await harness.start()  # allow_private_urls is off
    local = await fake.slash("add", {"url": str(REPO / "articles" / "deepseek-crypto-ai.md")})
    text = (await fake.wait_reply(local, predicate=lambda m: m["content"]))["content"]
    assert "not a web address" in text
    private = await fake.slash("add", {"url": fake.serve_file("x.md", BAKERY, "text/markdown")})
    text = (await fake.wait_reply(private, predicate=lambda m: m["content"] and "⏳" not in m["content"]))["content"]
    assert fake.file_requests == [] and "Added" not in text
    both = await fake.slash("add", member="admin")
    assert "one of them" in (await fake.wait_callback(both)).data["content"]


async def test_remove_only_this_servers_articles(harness, fake_discord):
    fake = fake_discord
    mine, shared = article(BAKERY, "bakery.md"), article(TRAMS)
    bot = await harness.start(articles=[(guild_collection(fake.guild.id), mine), (GLOBAL, shared)])
    choices = await fake.wait_autocomplete(await fake.autocomplete("remove", "article", ""))
    assert choices == [{"name": "A bakery wins the national bread prize", "value": mine.id}]

    refused = await fake.slash("remove", {"article": shared.id})
    text = (await fake.wait_reply(refused))["content"]
    assert "can't be removed" in text
    assert bot.engine.articles([GLOBAL])
    # A typo is answered with this server's titles it nearly matches, never the shared ones.
    typo = (await fake.wait_reply(await fake.slash("remove", {"article": "bakrey"})))["content"]
    assert "Did you mean “A bakery wins the national bread prize”" in typo
    typo = (await fake.wait_reply(await fake.slash("remove", {"article": "Nortown"})))["content"]
    assert "No indexed article matches" in typo and "Northtown" not in typo

    itx = await fake.slash("remove", {"article": mine.id})
    done = await fake.wait_reply(itx)
    assert done["flags"] & FLAG_EPHEMERAL and "Removed **A bakery wins the national bread prize**" in done["content"]
    assert bot.engine.articles([guild_collection(fake.guild.id)]) == []
    after = await fake.wait_reply(await fake.slash("ask", {"question": BAKERY_QUESTION}))
    assert BAKERY_QUOTE not in embed_text(after)


async def test_reindex(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    itx = await fake.slash("reindex")
    done = await fake.wait_edit_original(itx, predicate=lambda b: "Reindexed" in (b.get("content") or ""))
    assert "Reindexed 3 passages" in done["content"]


async def test_help(harness, fake_discord):
    fake = fake_discord
    await harness.start()
    reply = await fake.wait_reply(await fake.slash("help", member="plain"))
    assert reply["flags"] & FLAG_EPHEMERAL
    text = embed_text(reply)
    for command in ("/ask", "/summary", "/articles", "/add", "/remove", "/reindex"):
        assert command in text


# message questions ----------------------------------------------------------------------------
async def test_a_mention_is_a_question_answered_in_a_reply(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    sent = await fake.send_message(TRAMS_QUESTION, mention_bot=True, author="plain")
    body = await fake.wait_channel_message(fake.channel)
    assert body["message_reference"]["message_id"] == int(sent["id"])
    assert f"> {TRAMS_QUOTE} **[1]**" in body["embeds"][0]["description"]
    assert body["embeds"][0]["title"] == TRAMS_QUESTION  # the mention stripped
    assert body["allowed_mentions"] == {"parse": []}
    assert fake.find_requests(kind="typing")
    assert fake.custom_ids(fake.message(fake.channel_messages()[0].response["id"]))

    # A bare mention gets a hint; a message without a mention is not a question.
    await fake.send_message("", mention_bot=True, author="admin")
    hint = await fake.wait_channel_message(fake.channel, index=1)
    assert "/ask" in hint["content"]
    await fake.send_message(TRAMS_QUESTION, author="plain")
    # a question sent after it is answered: by then the bot has decided about the one before
    later = await fake.send_message(TRAMS_QUESTION, mention_bot=True, author="admin")
    body = await fake.wait_channel_message(fake.channel, index=2)
    assert body["message_reference"]["message_id"] == int(later["id"])
    assert len(fake.channel_messages()) == 3


async def test_every_message_in_a_question_channel_is_a_question(harness, fake_discord):
    fake = fake_discord
    news = fake.guild.channel("news")
    await harness.start(articles=[(GLOBAL, article(TRAMS))], ask_channels=[news.id])
    assert fake.identifies[0]["intents"] & INTENT_MESSAGE_CONTENT  # needed to read them
    await fake.send_message(TRAMS_QUESTION, channel="general", author="plain")
    sent = await fake.send_message(TRAMS_QUESTION, channel="news", author="plain")
    body = await fake.wait_channel_message(news)
    assert body["message_reference"]["message_id"] == int(sent["id"])
    assert TRAMS_QUOTE in body["embeds"][0]["description"]
    # Chat that asks nothing gets no reply: the next reply there answers the next question.
    for chatter in ("thanks!", "lol 😂", "ok cool, thank you", "👍"):
        await fake.send_message(chatter, channel="news", author="plain")
    # answered after the one in #general was sent, so that one was decided about first
    later = await fake.send_message(TRAMS_QUESTION, channel="news", author="admin")
    body = await fake.wait_channel_message(news, index=1)
    assert body["message_reference"]["message_id"] == int(later["id"])
    assert fake.channel_messages(fake.channel) == []


async def test_direct_messages_are_answered_from_the_global_articles_only(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS)), (guild_collection(fake.guild.id), article(BAKERY))])
    dm = fake.dm_channel(fake.plain.user)
    await fake.send_message(TRAMS_QUESTION, channel=dm)
    body = await fake.wait_channel_message(dm)
    assert TRAMS_QUOTE in body["embeds"][0]["description"]
    await fake.send_message(BAKERY_QUESTION, channel=dm)
    body = await fake.wait_channel_message(dm, index=1)
    assert BAKERY_QUOTE not in embed_text(body)


async def test_article_text_and_questions_never_ping_anyone(harness, fake_discord):
    fake = fake_discord
    uid = fake.plain.id
    notice = article(
        "# Town hall notice\n"
        f"The mayor told @everyone and @here at the town hall meeting that the new library opens on Friday, "
        f"and thanked <@&123> and <@{uid}> for the volunteer work.\n\n"
        "The library will hold forty thousand books on three floors.\n", "notice.md")
    await harness.start(articles=[(GLOBAL, notice)])
    question = f"@everyone <@{uid}> when does the new library open, said the mayor at the town hall meeting?"
    reply = await fake.wait_reply(await fake.slash("ask", {"question": question}))
    await fake.send_message(question, mention_bot=True, author="admin")
    body = (await fake.wait_channel_message(fake.channel)).record.response
    for message in (reply, body):
        text = embed_text(message)
        assert "the new library opens on Friday" in text
        assert "@\u200beveryone" in text and "@\u200bhere" in text
        assert "@everyone" not in text and "@here" not in text
        assert "<@&123>" not in text and f"<@{uid}>" not in text
        assert message["mentions"] == [] and not message["mention_everyone"]
    assert message_requests(fake)
    assert_no_pings(fake)


async def test_articles_added_in_one_server_are_never_cited_in_another(harness, fake_discord):
    fake = fake_discord
    other = fake.add_guild("Other Guild")
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    await add_upload(fake, "bakery.md", BAKERY)

    here = await fake.wait_reply(await fake.slash("ask", {"question": BAKERY_QUESTION}, member="plain"))
    assert BAKERY_QUOTE in embed_text(here)
    there = await fake.wait_reply(await fake.slash("ask", {"question": BAKERY_QUESTION}, guild=other, member=other.plain))
    assert BAKERY_QUOTE not in embed_text(there) and "mill street" not in all_text(there).casefold()
    shared = await fake.wait_reply(await fake.slash("ask", {"question": TRAMS_QUESTION}, guild=other, member=other.plain))
    assert TRAMS_QUOTE in embed_text(shared)  # the global articles are everyone's
    choices = await fake.wait_autocomplete(await fake.autocomplete("summary", "article", "", guild=other, member=other.plain))
    assert [c["name"] for c in choices] == ["Trams come back to Northtown"]
    listing = await fake.wait_reply(await fake.slash("articles", guild=other, member=other.plain))
    assert "bakery" not in all_text(listing).casefold()


async def test_question_cooldown_per_user(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))], ask_cooldown=30)
    first = await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain")
    assert TRAMS_QUOTE in embed_text(await fake.wait_reply(first))
    again = await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain")
    cb = await fake.wait_callback(again)
    assert cb["type"] == CB_MESSAGE and cb.data["flags"] & FLAG_EPHEMERAL
    assert re.search(r"wait (29|30) s", cb.data["content"])
    other = await fake.slash("ask", {"question": TRAMS_QUESTION}, member="admin")  # another user is free
    assert TRAMS_QUOTE in embed_text(await fake.wait_reply(other))
    # /summary posts publicly too: it shares the budget.
    summary = await fake.slash("summary", {}, member="plain")
    cb = await fake.wait_callback(summary)
    assert cb["type"] == CB_MESSAGE and cb.data["flags"] & FLAG_EPHEMERAL and "wait" in cb.data["content"]
    # /articles (which a decline suggests) has a budget of its own: a list now, not two in a row.
    listing = await fake.wait_reply(await fake.slash("articles", {}, member="plain"))
    assert "Northtown" in embed_text(listing)
    cb = await fake.wait_callback(await fake.slash("articles", {}, member="plain"))
    assert cb["type"] == CB_MESSAGE and cb.data["flags"] & FLAG_EPHEMERAL
    assert "before listing the articles again" in cb.data["content"]

    # Messages share the budget: one short notice, then silence until the cooldown is over.
    await fake.send_message(TRAMS_QUESTION, mention_bot=True, author="plain")
    notice = await fake.wait_channel_message(fake.channel)
    assert "wait" in notice["content"] and not notice.get("embeds")
    await fake.send_message(TRAMS_QUESTION, mention_bot=True, author="plain")
    # a bare mention sent after it gets its hint: by then the bot has decided about the question
    later = await fake.send_message("", mention_bot=True, author="admin")
    hint = await fake.wait_channel_message(fake.channel, index=1)
    assert hint["message_reference"]["message_id"] == int(later["id"]) and "/ask" in hint["content"]
    assert len(fake.channel_messages()) == 2


# feedback ----------------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", "postgresql"])
def votes_database(request):
    """Where the votes live: None (feedback.sqlite3 in the data dir) or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return None
    from . import postgres

    return postgres.new_database(request.getfixturevalue("postgres_server"))


async def test_votes_are_stored_changed_survive_a_restart_and_export(harness, fake_discord, tmp_path, monkeypatch,
                                                                    votes_database):
    fake = fake_discord
    engine = harness.engine(database_url=votes_database)
    engine.add_article(article(TRAMS), GLOBAL)
    bot = await harness.start(engine)
    reply = await fake.wait_reply(await fake.slash("ask", {"question": TRAMS_QUESTION}, member="admin"))
    votes = button_ids(fake, reply)

    up = await fake.click(votes["👍"], reply, member="plain")
    ack = await fake.wait_callback(up)
    assert ack["type"] == CB_MESSAGE and ack.data["flags"] & FLAG_EPHEMERAL
    assert ack.data["content"].startswith("Thanks for the feedback")

    # After a restart the old buttons still work; a second vote by the same user replaces the first.
    # On PostgreSQL the bot that comes back is another process's, on another host (data dir).
    await harness.stop(bot)
    if votes_database:
        engine = harness.engine(database_url=votes_database, data_dir=tmp_path / "other-host")
    await harness.start(engine)
    down = await fake.click(votes["👎"], reply, member="plain")
    assert "now 👎" in (await fake.wait_callback(down)).data["content"]
    admin_up = await fake.click(votes["👍"], reply, member="admin")
    assert (await fake.wait_callback(admin_up)).data["content"].startswith("Thanks")

    monkeypatch.chdir(tmp_path)
    if votes_database:  # exported from a third data dir: every vote comes from the database
        monkeypatch.setenv("QUOTEBOT_DATABASE_URL", votes_database)
    data_dir = str(tmp_path / "exporter" if votes_database else engine.settings.data_dir)
    result = CliRunner().invoke(cli, ["--data-dir", data_dir, "feedback", "--json"], obj={})
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert {(r["user_id"], r["vote"]) for r in rows} == {(str(fake.plain.id), "down"), (str(fake.admin.id), "up")}
    for row in rows:
        assert row["question"] == TRAMS_QUESTION and row["answered"] is True
        assert row["guild_id"] == str(fake.guild.id) and row["asked_by"] == str(fake.admin.id)
        assert TRAMS_QUOTE in [q["text"] for q in row["quotes"]]
        assert row["answer_id"] in votes["👍"] and row["voted_at"] >= row["asked_at"]
    plain = CliRunner().invoke(cli, ["--data-dir", data_dir, "feedback"], obj={})
    assert "1 up, 1 down" in plain.output


# responsiveness and errors ------------------------------------------------------------------------
async def test_interactions_are_acknowledged_at_once_while_a_long_add_runs(harness, fake_discord):
    fake = fake_discord
    engine = harness.engine(SlowEmbedder(delay=0.3, batch=8))
    engine.add_article(article(TRAMS), GLOBAL)
    await harness.start(engine)
    paragraphs = "\n\n".join(
        f"Section {i} of the harbour report covers dock number {i} and its cranes. "
        f"The dock {i} crew loaded {i * 7} ships during the month of May." for i in range(20))
    upload = fake.make_attachment("report.md", "# The harbour report\n" + paragraphs, "text/markdown")
    started = time.monotonic()
    add = await fake.slash("add", {"file": upload})
    await fake.wait_edit_original(add, predicate=lambda b: "Indexing" in (b.get("content") or ""))

    sent = time.monotonic()
    ask = await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain")
    callback = await fake.wait_callback(ask, timeout=3)
    assert callback.record.received_at - sent < 3.0
    answered = await fake.wait_reply(ask)
    assert TRAMS_QUOTE in embed_text(answered)
    help_itx = await fake.slash("help")
    assert (await fake.wait_callback(help_itx, timeout=3)).record.received_at - sent < 3.0

    done = await fake.wait_edit_original(add, predicate=lambda b: "Added" in (b.get("content") or ""), timeout=30)
    assert fake.followups(ask)[0].received_at < done.record.received_at  # answered while indexing
    took = done.record.received_at - started
    assert took > 1.5  # the add really was long
    edits = fake.original_edits(add)
    assert len(edits) <= took / 1.5 + 3  # throttled progress
    progress = [e.json["content"] for e in edits[:-1]]
    assert any(re.search(r"\d+/\d+", text) for text in progress)


async def test_a_burst_of_questions_is_acknowledged_and_answered_and_delays_no_other_interaction(
        harness, fake_discord):
    fake = fake_discord
    embedder = GatedEmbedder()
    await harness.start(harness.engine(embedder), articles=[(GLOBAL, article(TRAMS))])
    try:
        embedder.gate.release()
        earlier = await fake.wait_reply(await fake.slash("ask", {"question": TRAMS_QUESTION}))
        # More questions than any default thread pool has workers, all in progress at once.
        sent = time.monotonic()
        burst = await asyncio.gather(*(fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain")
                                       for _ in range(40)))
        for itx in burst:
            callback = await fake.wait_callback(itx)
            assert callback["type"] == CB_DEFERRED_MESSAGE
            assert callback.record.received_at - sent < 3.0  # Discord's acknowledgement deadline

        # Meanwhile other people type an article name and vote: answered within Discord's 3 s.
        typed = time.monotonic()
        choices = await fake.wait_autocomplete(await fake.autocomplete("summary", "article", "tram"), timeout=3)
        assert [c["name"] for c in choices] == ["Trams come back to Northtown"]
        assert time.monotonic() - typed < 3.0
        clicked = time.monotonic()
        vote = await fake.click(button_ids(fake, earlier)["👍"], earlier, member=fake.plain)
        assert (await fake.wait_callback(vote, timeout=3)).data["content"].startswith("Thanks")
        assert time.monotonic() - clicked < 3.0

        # A question whose answer is ready is answered at once, not after the whole burst.
        embedder.gate.release()
        await fake.wait_until(lambda: any(fake.followups(itx) for itx in burst), 10, "the first answer")
        assert sum(bool(fake.followups(itx)) for itx in burst) == 1

        embedder.gate.release(39)
        for itx in burst:
            reply = await fake.wait_reply(itx)
            assert TRAMS_QUOTE in embed_text(reply) and not reply["flags"] & FLAG_EPHEMERAL
            assert button_ids(fake, reply)["👍"].startswith("qb:vote:up:")
    finally:
        embedder.gate.release(1000)


async def test_questions_are_answered_in_worker_processes_when_asked_for(harness, fake_discord):
    """QUOTEBOT_ASK_PROCESSES: the workers build their engines from the settings alone (the
    hashing model by name, the pinned weights), answer the slash command and the channel's
    follow-up as the bot would, and stop with the bot."""
    import psutil

    fake = fake_discord
    bot = await harness.start(articles=[(GLOBAL, article(TRAMS))], ask_processes=2, model="hashing:256",
                              answer_weights=PINNED_WEIGHTS)
    await fake.wait_until(lambda: bot.ask_pool is not None, 60, "the question workers")  # the bot answers till then
    reply = await fake.wait_reply(await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain"))
    assert TRAMS_QUOTE in embed_text(reply) and not reply["flags"] & FLAG_EPHEMERAL
    pids = bot.ask_pool.worker_pids()
    assert len(pids) == 2 and all(psutil.Process(pid).ppid() == os.getpid() for pid in pids)
    refused = await fake.slash("ask", {"question": "?"}, member="plain")
    assert "ask a question in words" in all_text(await fake.wait_reply(refused))
    await harness.stop(bot)
    for pid in pids:
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


async def test_an_unexpected_error_is_logged_and_the_user_gets_a_generic_private_message(harness, fake_discord, caplog):
    fake = fake_discord
    bot = await harness.start(articles=[(GLOBAL, article(TRAMS))])

    def broken(*args, **kwargs):
        raise RuntimeError("secret-internal-detail at /srv/quotebot/db")

    bot.engine.ask = broken
    with caplog.at_level(logging.ERROR):
        itx = await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain")
        reply = await fake.wait_followup(itx)
    assert reply["content"] == render.GENERIC_ERROR and reply["flags"] & FLAG_EPHEMERAL
    assert fake.find_requests(kind="delete_original")  # the public "thinking…" went away
    assert "secret" not in json.dumps([r.json for r in fake.requests if r.json is not None])
    logged = [r for r in caplog.records if r.exc_info and "secret-internal-detail" in str(r.exc_info[1])]
    assert logged and logged[0].levelno == logging.ERROR

    # A mention question gets the same generic reply.
    await fake.send_message(TRAMS_QUESTION, mention_bot=True, author="plain")
    body = await fake.wait_channel_message(fake.channel)
    assert body["content"] == render.GENERIC_ERROR


async def test_engine_errors_are_shown_as_written(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    itx = await fake.slash("ask", {"question": "   "}, member="plain")
    reply = await fake.wait_followup(itx)
    assert reply["flags"] & FLAG_EPHEMERAL and "empty" in reply["content"]


async def test_a_very_long_answer_is_one_message_within_discord_limits(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(articles=[(GLOBAL, article(TRAMS))])
    words = ("The committee on harbour cranes reported that the cranes moved every container "
             "safely and @everyone agreed. ") * 60
    quotes = tuple(Quote(f"{i}: {words}", f"{i:016x}", f"Crane report {i} " + "with a long title " * 20,
                         f"https://news.example/cranes/{i}?page=(1)", i + 1, 0.9) for i in range(12))
    bot.engine.ask = lambda question, collections, **kw: Answer(question, True, quotes)
    itx = await fake.slash("ask", {"question": "What did the committee report?"})
    reply = await fake.wait_reply(itx)
    assert not fake.rejected  # within Discord's limits
    assert len(fake.followups(itx)) == 1  # one answer, not a wall of messages
    assert button_ids(fake, reply)["👍"].startswith("qb:vote:up:")
    text = embed_text(reply)
    shown = [i for i in range(12) if f"**[{i + 1}]**" in text]
    assert shown == list(range(len(shown))) and shown, "the best quotes first, cited in order"
    assert "Crane report 0 with" in text
    if len(shown) < 12:  # what did not fit is counted, not silently dropped
        assert f"{12 - len(shown)} more quote" in text
    assert "@everyone" not in text  # escaped: it pings nobody


# run_bot -------------------------------------------------------------------------------------------
async def test_run_bot_connects_to_the_configured_endpoints(fake_discord, tmp_path, monkeypatch):
    fake = fake_discord
    settings = make_settings(tmp_path, discord_token=fake.token, discord_api_base=fake.api_base,
                             discord_gateway_url=fake.gateway_url)
    engine = pinned_engine(settings, HashingEmbedder())
    bots: list[QuoteBot] = []

    class Recorded(QuoteBot):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, guild_ready_timeout=0.1, **kwargs)
            bots.append(self)

    monkeypatch.setattr(bot_app, "QuoteBot", Recorded)
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    levels = {name: logging.getLogger(name).level for name in bot_app.LOGGERS}
    thread = threading.Thread(target=bot_app.run_bot, args=(engine, settings), daemon=True)
    try:
        thread.start()
        await fake.wait_connected(timeout=10)
        assert fake.identifies[0]["token"] == fake.token
        assert discord.http.Route.BASE == fake.api_base
        await fake.wait_for_request(kind="command_sync")
        await fake.wait_until(lambda: bots and bots[0].is_ready(), 10, "bot ready")
        asyncio.run_coroutine_threadsafe(bots[0].close(), bots[0].loop).result(10)
        await asyncio.to_thread(thread.join, 10)
        assert not thread.is_alive()
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
        engine.close()


# the real model ----------------------------------------------------------------------------------
@pytest.mark.integration
async def test_real_model_answers_the_launch_question(harness, fake_discord, real_embedder):
    fake = fake_discord
    engine = harness.engine(real_embedder, articles_dir=REPO / "articles", answer_threshold=None,
                            shipped_weights=True)
    await asyncio.to_thread(engine.ensure_bundled)
    await harness.start(engine)
    itx = await fake.slash("ask", {"question": "How much did DeepSeek spend to build its model?"})
    reply = await fake.wait_reply(itx, timeout=60)
    assert "$6 million" in embed_text(reply)


STADIUM = """# The stadium gets a new roof
The football club will rebuild the roof of its stadium, the club's chairman said.

The works will begin in autumn and cost 12 million pounds, paid by the club itself.
"""
FOLLOW_UP = "How much will the works cost?"  # names neither story


async def test_a_follow_up_is_answered_from_the_article_its_channel_is_discussing(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS)), (GLOBAL, article(STADIUM, "stadium.md"))])
    news = fake.guild.channel("news")

    async def ask(question: str, channel, **options) -> str:
        """The first quote of the answer."""
        itx = await fake.slash("ask", {"question": question, **options}, member="plain", channel=channel)
        description = (await fake.wait_reply(itx))["embeds"][0]["description"]
        return description.split("**[1]**")[0]

    assert "four new stops" in await ask("Which stops will the new tram network add?", fake.channel)
    assert "rebuild the roof" in await ask("Who will rebuild the stadium roof?", news)
    # Each channel goes on with its own story.
    assert "40 million euros" in await ask(FOLLOW_UP, fake.channel)
    assert "12 million pounds" in await ask(FOLLOW_UP, news)
    # Picking an article answers from it and makes it the channel's.
    assert "12 million pounds" in await ask(FOLLOW_UP, fake.channel, article="The stadium")
    assert "12 million pounds" in await ask(FOLLOW_UP, fake.channel)
    # What the picked article does not say is declined, naming it.
    itx = await fake.slash("ask", {"question": OFF_TOPIC}, member="plain", channel=fake.channel)
    declined = embed_text(await fake.wait_reply(itx))
    assert "Not in “The stadium gets a new roof”**, the article this channel is discussing" in declined
    # Asked of an article the asker names, the decline does not ask them to name one.
    itx = await fake.slash("ask", {"question": OFF_TOPIC, "article": "The stadium"}, member="plain",
                           channel=fake.channel)
    declined = embed_text(await fake.wait_reply(itx))
    assert "Not in “The stadium gets a new roof”**, the article you picked" in declined
    assert "Try other words" in declined and "Name the story you mean" not in declined
    # Asked of a picked article, a question about what only the other story names is declined
    # saying so when it shares no word with the article, else answered with a caution.
    itx = await fake.slash("ask", {"question": "Who is Northtown's mayor?", "article": "The stadium"},
                           member="plain", channel=fake.channel)
    elsewhere = embed_text(await fake.wait_reply(itx))
    assert "the article you picked: it never mentions “northtown”, which other articles do" in elsewhere
    itx = await fake.slash("ask", {"question": "How much will the works in Northtown cost?", "article": "The stadium"},
                           member="plain", channel=fake.channel)
    careful = embed_text(await fake.wait_reply(itx))
    assert "12 million pounds" in careful
    assert careful.index("Careful:** “The stadium gets a new roof” never mentions “northtown”, which other articles "
                         "do") < careful.index("12 million pounds")  # above the quotes it is about
    # A question naming the other story leaves the channel's article for it, saying so above the quotes.
    moved = await ask("How much will the Northtown tram works cost?", fake.channel)
    assert "40 million euros" in moved, moved
    note = "“The stadium gets a new roof”, the article being discussed"
    assert "Careful:** Not " in moved and note in moved, moved
    assert moved.index(note) < moved.index("40 million euros")
    # Answered from the channel's own article, no such line.
    assert "Not from" not in await ask(FOLLOW_UP, news)
    # "and when?" there asks when of that question, and the answer says how it was read.
    when = await ask("and when?", fake.channel)
    assert when.startswith("*Read as a follow-up to “How much will the Northtown tram works cost?”*")
    assert "next spring" in when


async def test_an_article_added_privately_does_not_take_over_the_channel(harness, fake_discord):
    """An admin's /add is confirmed to the admin alone: the members asking in that channel never
    saw the article arrive, so a question it does not answer goes to every article."""
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    await add_upload(fake, "bakery.md", BAKERY)
    reply = await fake.wait_reply(await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain"))
    assert TRAMS_QUOTE in embed_text(reply)
    # What the added article answers, it still answers first.
    reply = await fake.wait_reply(await fake.slash("ask", {"question": BAKERY_QUESTION}, member="plain"))
    assert BAKERY_QUOTE in embed_text(reply)


async def test_he_or_she_asked_where_nothing_is_discussed_asks_who_is_meant(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS)), (GLOBAL, article(STADIUM, "stadium.md"))])
    reply = await fake.wait_reply(await fake.slash("ask", {"question": "when will they begin?"}, member="plain"))
    text = embed_text(reply)
    assert "Who do you mean?" in text and "/ask article:" in text and "Not in the indexed articles" not in text


async def test_discord_marks_and_links_around_a_question_are_not_part_of_it(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(TRAMS))])
    question = f"<@123456789> ||**{TRAMS_QUESTION}**|| <@&42> https://discord.gg/abcdef"
    reply = await fake.wait_reply(await fake.slash("ask", {"question": question}, member="plain"))
    assert TRAMS_QUOTE in embed_text(reply)
    assert reply["embeds"][0]["title"] == TRAMS_QUESTION  # no invite or mention echoed back, no marks
    # Only a link: nothing was asked.
    itx = await fake.slash("ask", {"question": "https://discord.gg/abcdef"}, member="admin")
    refusal = await fake.wait_reply(itx, predicate=lambda m: "empty" in (m.get("content") or ""))
    assert refusal["flags"] & FLAG_EPHEMERAL


async def test_with_context_minutes_0_a_channel_keeps_no_article(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(articles=[(GLOBAL, article(TRAMS))], context_minutes=0)
    itx = await fake.slash("ask", {"question": TRAMS_QUESTION}, member="plain")
    assert TRAMS_QUOTE in embed_text(await fake.wait_reply(itx))
    assert bot.discussed.current(fake.channel.id) is None  # QUOTEBOT_CONTEXT_MINUTES=0: never kept
