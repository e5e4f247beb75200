"""Keeping up to date from Discord: `/feeds`, `/status`, announcements of new feed articles and
the watched articles folder, with the real discord.py client (QuoteBot) against the loopback
fake of Discord (tests/fake_discord/), the hashing embedder, and feeds served by the fake's
own loopback file server (so `allow_private_urls=True` where a feed must be fetched).

As in tests/test_bot.py, every test checks on the way out that the bot broke no Discord limit,
called no unknown route and sent every message with mentions disabled."""
from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from html import escape

import pytest

from bot import render
from bot.app import QuoteBot
from bot.cogs.feeds import feed_choices, feed_key, find_feed, refusal_text
from index import ingest
from index.embed import HashingEmbedder
from index.engine import GLOBAL, Engine, guild_collection
from index.errors import FeedError, IngestError, UnsafeURLError
from index.feeds import FeedInfo, NewArticle
from index.models import ArticleInfo, Quote, Summary

from .conftest import make_settings, pinned_engine
from .fake_discord import (  # noqa: F401  (fixture)
    CB_MESSAGE,
    FLAG_EPHEMERAL,
    FakeDiscord,
    fake_discord,
)
# The bot harness (a bot per test against the fake, with the no-ping and Discord-limit checks).
from .test_bot import article, embed_text, harness  # noqa: F401,E402  (fixture)

HARBOUR = [
    "The harbour bridge reopened on Monday after eighteen months of repairs that cost the port authority twelve million euros.",
    "Engineers replaced the rusted cables and the old wooden deck, and the bridge can now carry heavy lorries again.",
    "Fishermen welcomed the reopening because the detour through the industrial zone had added an hour to every trip.",
]
HARBOUR_Q = "How much did the repairs of the harbour bridge cost?"
LIBRARY = [
    "The municipal library will open on Sundays from next month, the culture department announced on Thursday.",
    "Volunteers from the reading club offered to staff the lending desk so that the extra day costs the city nothing.",
    "The library also plans a weekly chess afternoon for pupils of the nearby primary schools.",
]
ORCHARD = """# Record apple harvest
Apple growers in the valley expect a record harvest after a mild spring without any late frost.

The cooperative has hired forty seasonal pickers and rented two refrigerated warehouses for the surplus.
"""
ORCHARD_Q = "Why do apple growers in the valley expect a record harvest?"
ORCHARD_QUOTE = "Apple growers in the valley expect a record harvest after a mild spring without any late frost."
BAKERY = """# A bakery wins the national bread prize
The family bakery on Mill Street won the national bread prize for its sourdough loaf.

The jury praised the crust and the long fermentation of eighteen hours.
"""


# helpers -----------------------------------------------------------------------------------
def page(title: str, paragraphs: list[str]) -> str:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
            f"<body><article><h1>{escape(title)}</h1>{body}</article></body></html>")


def rss(title: str, items: list[tuple[str, str]]) -> str:
    entries = "".join(f"<item><title>{escape(t)}</title><link>{escape(link)}</link><guid>{escape(link)}</guid></item>"
                      for t, link in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.test/</link><description>news</description>{entries}</channel></rss>")


def serve_feed(fake: FakeDiscord, path: str, title: str, items: list[tuple[str, str]]) -> str:
    return fake.serve_file(path, rss(title, items), "application/rss+xml")


def titles(engine: Engine, collection: str) -> list[str]:
    return sorted(i.title for i in engine.articles([collection]))


async def wait_for(check, timeout: float = 10.0, what: str = "a condition"):
    deadline = time.monotonic() + timeout
    while True:
        result = await asyncio.to_thread(check)
        if result:
            return result
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


def is_final(message: dict) -> bool:
    """A private reply that is no longer the "thinking…" placeholder."""
    return bool(message.get("content") or message.get("embeds"))


# /feeds ------------------------------------------------------------------------------------
async def test_feeds_add_list_then_its_articles_are_answered_in_this_server_only(harness, fake_discord):
    fake = fake_discord
    other = fake.add_guild("Other Guild")
    # An hour between polls: the one poll of this test is the one `/feeds add` starts at once, so
    # its "1 new article" stays the last poll's result (a second poll would say "0 new articles").
    bot = await harness.start(allow_private_urls=True, feed_interval=3600)
    mine = guild_collection(fake.guild.id)
    harbour = fake.serve_file("news/harbour.html", page("Harbour bridge reopens", HARBOUR))
    url = serve_feed(fake, "gazette/feed.xml", "Local Gazette", [("Harbour bridge reopens", harbour)])

    itx = await fake.slash("feeds add", {"url": url}, member="admin")
    added = await fake.wait_reply(itx, predicate=is_final)
    assert added["flags"] & FLAG_EPHEMERAL
    assert "Following **Local Gazette**" in added["content"] and url in added["content"]
    assert [f.url for f in bot.poller.feeds(mine)] == [url]
    assert bot.poller.feeds(guild_collection(other.id)) == []

    # The background poller, woken by the add (not an hour later), indexes the entry into this
    # server's collection, then records the poll.
    await wait_for(lambda: titles(bot.engine, mine) == ["Harbour bridge reopens"], 10, "the feed's article")
    assert bot.engine.articles([GLOBAL]) == []
    await wait_for(lambda: bot.poller.feeds(mine)[0].last_poll is not None, 5, "the poll's result")
    assert bot.poller.feeds(mine)[0].last_result == "1 new article"

    listing = await fake.wait_reply(await fake.slash("feeds list", member="admin"), predicate=is_final)
    assert listing["flags"] & FLAG_EPHEMERAL
    (embed,) = listing["embeds"]
    assert "checked for new articles every 60 min" in embed["description"]
    (field,) = embed["fields"]
    assert field["name"] == "Local Gazette"
    assert f"(<{url}>)" in field["value"] and "✅ last poll <t:" in field["value"]
    assert "1 new article" in field["value"] and "1 article indexed from it" in field["value"]

    here = await fake.wait_reply(await fake.slash("ask", {"question": HARBOUR_Q}, member="plain"))
    assert HARBOUR[0] in embed_text(here) and harbour in embed_text(here)
    there = await fake.wait_reply(await fake.slash("ask", {"question": HARBOUR_Q}, guild=other, member=other.plain))
    assert HARBOUR[0] not in embed_text(there) and "twelve million" not in json.dumps(there)

    # The other server sees none of this server's feeds, in suggestions or in its list.
    choices = await fake.wait_autocomplete(await fake.autocomplete("feeds remove", "feed", "gaz"))
    assert choices == [{"name": f"Local Gazette — {url}", "value": url}]
    theirs = await fake.wait_autocomplete(await fake.autocomplete("feeds remove", "feed", "", guild=other,
                                                                  member=other.admin))
    assert theirs == []
    their_list = await fake.wait_reply(await fake.slash("feeds list", guild=other, member=other.admin),
                                       predicate=is_final)
    assert url not in json.dumps(their_list) and "No feeds are followed here yet" in embed_text(their_list)

    # Unfollowing keeps what was indexed.
    removed = await fake.wait_reply(await fake.slash("feeds remove", {"feed": url}), predicate=is_final)
    assert "No longer following **Local Gazette**. The 1 article already indexed from it stays" in removed["content"]
    assert bot.poller.feeds(mine) == [] and titles(bot.engine, mine) == ["Harbour bridge reopens"]


async def test_feeds_are_for_admins_and_unsafe_addresses_are_refused(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(updates=False)  # allow_private_urls is off
    url = serve_feed(fake, "feed.xml", "Gazette", [("Harbour", fake.file_url("harbour.html"))])

    for name, options in (("feeds add", {"url": url}), ("feeds list", None), ("feeds remove", {"feed": url})):
        refused = await fake.wait_callback(await fake.slash(name, options, member="plain"))
        assert refused["type"] == CB_MESSAGE and refused.data["flags"] & FLAG_EPHEMERAL
        assert f"permission to use `/{name}`" in refused.data["content"] and "Manage Server" in refused.data["content"]

    for unsafe in (url, "http://10.0.0.1/feed.xml", "file:///etc/passwd"):
        reply = await fake.wait_reply(await fake.slash("feeds add", {"url": unsafe}, member="admin"), predicate=is_final)
        assert reply["flags"] & FLAG_EPHEMERAL
        assert "can't follow" in reply["content"] and "Only public web addresses" in reply["content"], reply["content"]
    assert fake.file_requests == [] and bot.poller.feeds() == []


async def test_feeds_remove_and_what_is_not_a_feed(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(updates=False, allow_private_urls=True, fetch_timeout=2.0)
    mine = guild_collection(fake.guild.id)
    long_path = "feeds/" + "very-long-section-name/" * 5 + "rss.xml"
    first = serve_feed(fake, "one.xml", "First Gazette", [("Harbour", fake.file_url("harbour.html"))])
    second = serve_feed(fake, long_path, "Second Gazette", [("Library", fake.file_url("library.html"))])
    assert len(second) > 100  # longer than an autocomplete value may be
    for url in (first, second):
        await fake.wait_reply(await fake.slash("feeds add", {"url": url}), predicate=is_final)
    assert [f.url for f in bot.poller.feeds(mine)] == [first, second]

    # Not feeds: a web page (with a hint where its feed is), a missing address.
    fake.serve_file("site.html", "<html><head><link rel='alternate' type='application/rss+xml' href='/files/one.xml'>"
                                 "</head><body><p>Welcome.</p></body></html>")
    html = await fake.wait_reply(await fake.slash("feeds add", {"url": fake.file_url("site.html")}), predicate=is_final)
    assert "is not a feed I can follow" in html["content"] and "web page" in html["content"]
    assert first in html["content"] and "RSS or Atom feed" in html["content"]
    missing = await fake.wait_reply(await fake.slash("feeds add", {"url": fake.file_url("nothing.xml")}),
                                    predicate=is_final)
    assert "couldn't read" in missing["content"] and "404" in missing["content"]
    assert "try `/feeds add` again" in missing["content"]
    assert len(bot.poller.feeds(mine)) == 2

    choices = await fake.wait_autocomplete(await fake.autocomplete("feeds remove", "feed", "second"))
    assert [c["value"] for c in choices] == [feed_key(second)] and choices[0]["value"].startswith("feed#")
    assert len(choices[0]["name"]) <= 100
    done = await fake.wait_reply(await fake.slash("feeds remove", {"feed": choices[0]["value"]}), predicate=is_final)
    assert done["flags"] & FLAG_EPHEMERAL and "No longer following **Second Gazette**" in done["content"]
    typed = await fake.wait_reply(await fake.slash("feeds remove", {"feed": first + "/"}), predicate=is_final)
    assert "No longer following **First Gazette**" in typed["content"]
    assert bot.poller.feeds(mine) == []
    unknown = await fake.wait_reply(await fake.slash("feeds remove", {"feed": first}), predicate=is_final)
    assert "follows no feed" in unknown["content"] and "/feeds list" in unknown["content"]


# /status -----------------------------------------------------------------------------------
async def test_status_shows_this_servers_articles_and_feeds_only(harness, fake_discord):
    fake = fake_discord
    other = fake.add_guild("Other Guild")
    mine, theirs = guild_collection(fake.guild.id), guild_collection(other.id)
    bot = await harness.start(updates=False, allow_private_urls=True, articles=[
        (mine, article(ORCHARD, "orchard.md")), (GLOBAL, article(BAKERY, "bakery.md")),
        (theirs, article(BAKERY, "bakery.md")), (theirs, article(ORCHARD, "o.md"))])
    harbour = fake.serve_file("harbour.html", page("Harbour bridge reopens", HARBOUR))
    url = serve_feed(fake, "feed.xml", "Local Gazette", [("Harbour bridge reopens", harbour)])
    secret = serve_feed(fake, "secret-feed.xml", "Their Secret Gazette", [("Harbour", harbour)])
    await asyncio.to_thread(bot.poller.add_feed, mine, url)
    await asyncio.to_thread(bot.poller.add_feed, theirs, secret)
    await asyncio.to_thread(bot.poller.poll_due)

    reply = await fake.wait_reply(await fake.slash("status", member="admin"), predicate=is_final)
    assert reply["flags"] & FLAG_EPHEMERAL
    (embed,) = reply["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert fields["This server"].startswith("2 articles")  # the orchard and the harbour from the feed
    assert fields["Shared (every server)"].startswith("1 article ·")
    assert "Local Gazette" in fields["Feeds of this server (1)"] and url in fields["Feeds of this server (1)"]
    assert "✅ last poll" in fields["Feeds of this server (1)"] and "1 new article" in fields["Feeds of this server (1)"]
    assert fields["Shared feeds"] == "None."
    assert "hashing" in fields["Model"] or bot.engine.settings.model in fields["Model"]
    assert embed["description"] in ("Index last updated just now.", "Index last updated 10 s ago.",
                                    "Index last updated 11 s ago.") or embed["description"].endswith(" s ago.")
    assert "Secret" not in json.dumps(reply) and secret not in json.dumps(reply)

    refused = await fake.wait_callback(await fake.slash("status", member="plain"))
    assert refused["type"] == CB_MESSAGE and refused.data["flags"] & FLAG_EPHEMERAL
    assert "Manage Server" in refused.data["content"]


# announcements -----------------------------------------------------------------------------
async def test_new_feed_articles_are_announced_in_the_announce_channel(harness, fake_discord):
    fake = fake_discord
    news = fake.guild.channel("news")
    other = fake.add_guild("Other Guild")
    bot = await harness.start(allow_private_urls=True, feed_interval=0.3, announce_channel=news.id)
    mine = guild_collection(fake.guild.id)
    harbour = fake.serve_file("harbour.html", page("Harbour bridge reopens", HARBOUR))
    library = fake.serve_file("library.html", page("Library opens on Sundays", LIBRARY))
    items = [("Harbour bridge reopens", harbour)]
    url = serve_feed(fake, "feed.xml", "Local Gazette", items)
    await fake.wait_reply(await fake.slash("feeds add", {"url": url}), predicate=is_final)
    await wait_for(lambda: titles(bot.engine, mine) == ["Harbour bridge reopens"], 10, "the first poll")

    serve_feed(fake, "feed.xml", "Local Gazette", [("Library opens on Sundays", library)] + items)
    posted = await fake.wait_channel_message(news, timeout=10)
    (embed,) = posted["embeds"]
    assert embed["title"] == "Library opens on Sundays" and embed["url"] == library
    quotes = [line[2:].rsplit(" **[", 1)[0] for line in embed["description"].split("\n\n")]
    assert 1 <= len(quotes) <= 2 and all(q.replace("\\", "") in LIBRARY for q in quotes)
    assert "[Library opens on Sundays](<" + library in embed["fields"][0]["value"]
    assert embed["footer"]["text"].startswith("New from Local Gazette")
    assert posted["allowed_mentions"] == {"parse": []}
    # two more polls began: the one that announced the library, and the one after, are over,
    # and neither announced the backlog (harbour)
    polled = fake.file_requests.count("files/feed.xml")
    await fake.wait_until(lambda: fake.file_requests.count("files/feed.xml") >= polled + 2, 10, "two more polls")
    assert len(fake.channel_messages()) == 1

    # Another server's article never goes to this server's channel; a global one does.
    info = bot.engine.articles([mine])[0]
    foreign = NewArticle(guild_collection(other.id), info, "http://x.test/feed", "Theirs", False, None)
    await bot.announce(foreign)
    shared = NewArticle(GLOBAL, info, "http://x.test/feed", "Wire", False, None)
    await bot.announce(shared)
    wire = await fake.wait_channel_message(news, index=1)
    assert wire["embeds"][0]["footer"]["text"] == "New from Wire"
    assert len(fake.channel_messages()) == 2


async def test_a_trickling_feed_delays_no_announcement_and_close_does_not_wait_for_it(harness, fake_discord):
    """Two feeds, the first (in polling order) trickling its answer a byte at a time with a
    minute of deadline left: the other's new article is indexed and announced meanwhile, and
    closing the bot returns within its stop timeout although a download is still stuck."""
    from bot.app import UPDATES_STOP_TIMEOUT

    from .test_feeds import Route, Server, page as feed_page, rss as feed_rss

    fake = fake_discord
    news = fake.guild.channel("news")
    server = Server()
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        server.routes["/harbour.html"] = Route(feed_page("Harbour bridge reopens", HARBOUR), ctype="text/html")
        server.routes["/library.html"] = Route(feed_page("Library opens on Sundays", LIBRARY), ctype="text/html")
        harbour = {"title": "Harbour bridge reopens", "link": server.url("/harbour.html")}
        server.routes["/a-trickle.xml"] = Route(trickle=True)
        server.routes["/b-good.xml"] = Route(feed_rss("Good news", [harbour]))
        bot = await harness.start(allow_private_urls=True, feed_interval=0.3, fetch_timeout=60.0,
                                  announce_channel=news.id,
                                  feeds=[server.url("/a-trickle.xml"), server.url("/b-good.xml")])
        assert await asyncio.to_thread(server.trickling.acquire, timeout=20), "the trickling feed was never requested"
        await wait_for(lambda: titles(bot.engine, GLOBAL) == ["Harbour bridge reopens"], 20, "the backlog")

        library = {"title": "Library opens on Sundays", "link": server.url("/library.html")}
        server.routes["/b-good.xml"] = Route(feed_rss("Good news", [library, harbour]))
        posted = await fake.wait_channel_message(news, timeout=20)
        assert posted["embeds"][0]["title"] == "Library opens on Sundays"
        trickler = bot.poller.feed(GLOBAL, server.url("/a-trickle.xml"))
        assert trickler is not None and trickler.last_poll is None  # still stuck on its first poll

        started = time.monotonic()
        await harness.stop(bot)
        assert time.monotonic() - started < UPDATES_STOP_TIMEOUT
    finally:
        server.stopping.set()
        server.shutdown()
        server.server_close()


async def test_nothing_is_announced_without_an_announce_channel(harness, fake_discord):
    fake = fake_discord
    bot = await harness.start(updates=False)
    info = article(BAKERY, "b.md")
    bot.engine.add_article(info, GLOBAL)
    await bot.announce(NewArticle(GLOBAL, bot.engine.articles()[0], "http://x.test/feed", None, False, None))
    assert fake.channel_messages() == []


# the watched folder --------------------------------------------------------------------------
async def test_a_file_dropped_in_the_watched_folder_is_answered_within_seconds(harness, fake_discord, tmp_path):
    fake = fake_discord
    folder = tmp_path / "watched"
    folder.mkdir()
    bot = await harness.start(watch=True, articles_dir=folder)
    assert bot.watcher is not None and bot.watcher.folder == folder
    empty = await fake.wait_reply(await fake.slash("ask", {"question": ORCHARD_Q}))
    assert ORCHARD_QUOTE not in embed_text(empty)

    started = time.monotonic()
    (folder / "orchard.md").write_text(ORCHARD)
    await wait_for(lambda: titles(bot.engine, GLOBAL) == ["Record apple harvest"], 8, "the watcher")
    reply = await fake.wait_reply(await fake.slash("ask", {"question": ORCHARD_Q}))
    assert ORCHARD_QUOTE in embed_text(reply)
    assert time.monotonic() - started < 8


async def test_close_stops_the_poller_and_the_watcher(fake_discord, tmp_path):
    folder = tmp_path / "watched"
    folder.mkdir()
    (folder / "orchard.md").write_text(ORCHARD)
    os.utime(folder / "orchard.md", (time.time() - 60,) * 2)  # settled: read on the first pass
    library = fake_discord.serve_file("library.html", page("Library opens on Sundays", LIBRARY))
    feed = serve_feed(fake_discord, "feed.xml", "Local Gazette", [("Library opens on Sundays", library)])
    engine = pinned_engine(make_settings(tmp_path, articles_dir=folder, feed_interval=900, feeds=[feed],
                                         allow_private_urls=True), HashingEmbedder())
    try:
        bot = QuoteBot(engine, engine.settings, guild_ready_timeout=0.1)
        async with fake_discord.running(bot):
            tasks = list(bot._updaters)
            assert {t.get_name() for t in tasks} == {"quotebot-feeds", "quotebot-watch"}
            # both at work: the watcher has read the folder and the poller the feed
            await wait_for(lambda: titles(engine, GLOBAL) == ["Library opens on Sundays", "Record apple harvest"],
                           10, "the first pass of both")
        assert all(t.done() and not t.cancelled() for t in tasks)  # stopped, not cancelled
    finally:
        engine.close()


# pure parts ----------------------------------------------------------------------------------
def feed_json(i: int, collection: str, **kw) -> dict:
    values = dict(collection=collection, url=f"https://news{i}.example/" + "section/" * 20 + "feed.xml",
                  title=f"Gazette number {i} " + "with a long name " * 10, origin="user", added_at=1.7e9,
                  last_poll=1.7e9 + 60, last_ok=1.7e9 + 60, last_result="2 new articles", failures=0, ok=True,
                  next_poll=1.7e9 + 960, articles=i)
    values.update(kw)
    return values


def test_status_embed_filters_other_servers_and_stays_within_limits():
    status = {
        "model": "all-MiniLM-L6-v2", "fingerprint": "st:all-MiniLM-L6-v2:abc123",
        "collections": {"guild:1": {"articles": 3, "passages": 12}, GLOBAL: {"articles": 1, "passages": 4},
                        "guild:2": {"articles": 99, "passages": 999}},
        "articles": 103, "passages": 1015, "written_at": 1.7e9, "index_age": 3 * 3600 + 5, "watch": True,
        "feed_interval": 900.0,
        "feeds": ([feed_json(i, "guild:1") for i in range(25)] + [feed_json(100 + i, GLOBAL) for i in range(10)]
                  + [feed_json(7, "guild:2", url="https://secret.example/feed", title="Secret feed")]),
    }
    embed = render.status_embed(status, 1)
    assert render.check_embed(embed) == []
    data = json.dumps(embed.to_dict())
    assert "Secret" not in data and "secret.example" not in data and "99 articles" not in data
    fields = {f.name: f.value for f in embed.fields}
    assert fields["This server"] == "3 articles · 12 passages"
    assert fields["Shared (every server)"] == "1 article · 4 passages"
    assert embed.description == "Index last updated 3 h ago."
    assert "`all-MiniLM-L6-v2`" in fields["Model"]
    assert "watched" in fields["Keeping up to date"] and "15 min" in fields["Keeping up to date"]
    assert "more feeds" in embed.footer.text and "/feeds list" in embed.footer.text

    failing = feed_json(1, "guild:1", failures=3, ok=False, last_result="error: the server answered HTTP 404")
    small = render.status_embed({**status, "feeds": [failing], "index_age": None}, 1)
    text = json.dumps(small.to_dict())
    assert "failing (3 in a row)" in text and "HTTP 404" in text and "next try <t:" in text
    assert "nothing indexed yet" in small.description
    assert {f.name: f.value for f in small.fields}["Shared feeds"] == "None."
    assert "more" not in small.footer.text


def test_feeds_embed_within_limits():
    feeds = [feed_json(i, "guild:1") for i in range(25)]
    embed = render.feeds_embed(feeds, 900)
    assert render.check_embed(embed) == [] and len(embed.fields) == 25
    for field in embed.fields:  # every field keeps its three lines; a link is never cut
        link, state, articles = field.value.split("\n")
        assert articles.endswith("indexed from it") and state.startswith("✅")
        assert link.count("[") == link.count("]") and link.count("(<") == link.count(">)")
    few = render.feeds_embed(feeds[:3], 900)
    assert all(f.value.startswith("[") and "(<https://news" in f.value for f in few.fields)
    empty = render.feeds_embed([], 900)
    assert "/feeds add" in empty.description and "15 min" in empty.description
    never = render.feeds_embed([feed_json(1, "guild:1", last_poll=None, last_result=None)])
    assert "not polled yet" in never.fields[0].value


def test_announcement_embeds():
    info = ArticleInfo("a" * 16, "guild:1", "Trams *return* to @everyone", "https://news.example/trams", None,
                       None, "x", None, 1.7e9, 3, 3)
    quotes = (Quote("The council voted to expand the tram network.", info.id, info.title, info.url, 1, 1.0),
              Quote("The works will cost 40 million euros.", info.id, info.title, info.url, 2, 1.0))
    (embed,) = render.announcement_embeds(info, Summary(info.title, quotes, info.id), "Northtown Post")
    assert embed.url == "https://news.example/trams"
    assert embed.title == render.escape("Trams *return* to @everyone") and "@everyone" not in embed.title
    assert "> The council voted to expand the tram network. **[1]**" in embed.description
    assert embed.footer.text.startswith("New from Northtown Post")
    (bare,) = render.announcement_embeds(info, None, None)
    assert bare.url == info.url and "/ask" in bare.description and bare.footer.text == "New article"
    unsafe = render.announcement_embeds(ArticleInfo(**{**info.__dict__, "url": "javascript:alert(1)"}), None)
    assert unsafe[0].url is None


def test_help_mentions_feeds_and_status():
    embed = render.help_embed([1, 2, 3])
    assert render.check_embed(embed) == []
    text = json.dumps(embed.to_dict(), ensure_ascii=False)
    for command in ("/feeds add", "/feeds remove", "/feeds list", "/status"):
        assert command in text


def test_human_age():
    assert render.human_age(None) == "never"
    assert render.human_age(3) == "just now"
    assert render.human_age(45) == "45 s ago"
    assert render.human_duration(0.5) == "0.5 s" and render.human_duration(900) == "15 min"
    assert render.human_age(12 * 60) == "12 min ago"
    assert render.human_age(5400) == "1.5 h ago"
    assert render.human_age(3 * 86400) == "3 days ago"


def test_feed_helpers():
    def info(url, title):
        return FeedInfo("guild:1", url, title, "user", 0.0, None, None, None, 0, 0.0, 0)

    long_url = "https://example.com/" + "x" * 120
    feeds = [info("https://a.example/feed.xml", "Alpha News"), info(long_url, None)]
    assert find_feed(feeds, "https://A.example/feed.xml/") is feeds[0]
    assert find_feed(feeds, "alpha news") is feeds[0]
    assert find_feed(feeds, feed_key(long_url)) is feeds[1]
    assert find_feed(feeds, "nothing") is None
    choices = feed_choices(feeds, "")
    assert [c.value for c in choices] == ["https://a.example/feed.xml", feed_key(long_url)]
    assert all(len(c.name) <= 100 and len(c.value) <= 100 for c in choices)
    assert [c.value for c in feed_choices(feeds, "alpha")] == ["https://a.example/feed.xml"]
    unsafe = refusal_text("http://10.0.0.1/f", UnsafeURLError("http://10.0.0.1/f", "10.0.0.1 is a private address"))
    assert "can't follow" in unsafe and "Only public" in unsafe
    full = refusal_text("https://a.example/x", FeedError("https://a.example/x", "this server already follows 25 feeds; remove one first"))
    assert "/feeds remove" in full
    gone = refusal_text("https://a.example/x", IngestError("https://a.example/x", "the server answered HTTP 404"))
    assert "404" in gone and "try `/feeds add` again" in gone


# ingest.parse_upload ----------------------------------------------------------------------------
def test_parse_upload_reads_text_markdown_and_html_and_refuses_the_rest():
    md = ingest.parse_upload(BAKERY.encode(), "bakery.md", source="discord-attachment:1/bakery.md")
    assert md.title == "A bakery wins the national bread prize" and md.source == "discord-attachment:1/bakery.md"
    txt = ingest.parse_upload(("\ufeff" + BAKERY).encode("utf-8"), "b.TXT")
    assert txt.source == "b.TXT" and txt.text.startswith("# A bakery")
    html = ingest.parse_upload(page("Harbour bridge reopens", HARBOUR).encode(), "harbour.htm", source="s")
    assert html.title == "Harbour bridge reopens" and HARBOUR[1] in html.text
    latin = ingest.parse_upload(("Café prices " + BAKERY).encode("cp1252"), "cafe.txt")
    assert latin.text.startswith("Café prices")
    for data, name, expected in (
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.png", "unsupported file type '.png'"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.txt", "a PNG image, not text"),
        (b"\x00\x01binary" * 50, "fake.md", "binary data"),
        (b"", "empty.md", "the file is empty"),
        (b"  \n\n ", "blank.txt", "only whitespace"),
        (b"word " * 10, "short.txt", "words"),
        (BAKERY.encode(), "noext", "no extension"),
    ):
        with pytest.raises(IngestError) as error:
            ingest.parse_upload(data, name, source="x")
        assert error.value.source == name and expected in error.value.reason, (name, error.value.reason)
    with pytest.raises(IngestError, match="size limit"):
        ingest.parse_upload(BAKERY.encode(), "big.md", max_bytes=10)
