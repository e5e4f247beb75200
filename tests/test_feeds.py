"""index.feeds: RSS and Atom feeds served by a loopback HTTP server become answerable articles,
conditional polls cost nothing, and every kind of bad feed is logged, skipped and backed off
without disturbing the others."""
from __future__ import annotations

import asyncio
import http.server
import logging
import threading
import time
from email.utils import formatdate
from html import escape

import pytest

from index.engine import GLOBAL, Engine, guild_collection
from index.errors import FeedError, FeedNotFound, IngestError, UnsafeURLError
from index import feeds as feeds_module
from index.feeds import FeedPoller, NewArticle

from .conftest import make_settings, pinned_engine
from .loopback_http import QuietHandler, endless, trickle

INTERVAL = 60.0

HARBOUR = [
    "The harbour bridge reopened on Monday after eighteen months of repairs that cost the port authority twelve million euros.",
    "Engineers replaced the rusted cables and the old wooden deck, and the bridge can now carry heavy lorries again.",
    "Fishermen welcomed the reopening because the detour through the industrial zone had added an hour to every trip.",
]
LIBRARY = [
    "The municipal library will open on Sundays from next month, the culture department announced on Thursday.",
    "Volunteers from the reading club offered to staff the lending desk so that the extra day costs the city nothing.",
    "The library also plans a weekly chess afternoon for pupils of the nearby primary schools.",
]
ORCHARD = [
    "Apple growers in the valley expect a record harvest after a mild spring without any late frost.",
    "The cooperative has hired forty seasonal pickers and rented two refrigerated warehouses for the surplus.",
    "Prices for cider apples are nevertheless expected to fall because every orchard in the region reports a big crop.",
]
OBSERVATORY = [
    "Astronomers at the hilltop observatory photographed a comet that will be visible to the naked eye in October.",
    "The comet was first spotted by an amateur stargazer who noticed a faint smudge near the constellation of Cassiopeia.",
    "The observatory will hold open evenings so that visitors can look at the comet through its large telescope.",
]


def page(title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title></head>"
            f"<body><nav><a href='/'>Home</a></nav><article><h1>{escape(title)}</h1>{body}</article>"
            f"<footer>Local Gazette</footer></body></html>").encode()


def rss(title: str, items: list[dict]) -> bytes:
    parts = []
    for item in items:
        link = f"<link>{escape(item['link'])}</link>" if item.get("link") else ""
        guid = f"<guid>{escape(item['guid'])}</guid>" if item.get("guid") else ""
        desc = f"<description>{escape(item['summary'])}</description>" if item.get("summary") else ""
        parts.append(f"<item><title>{escape(item['title'])}</title>{link}{guid}{desc}</item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{escape(title)}</title>'
            f"<link>http://example.test/</link><description>news</description>{''.join(parts)}</channel></rss>").encode()


def atom(title: str, entries: list[dict]) -> bytes:
    parts = []
    for entry in entries:
        content = escape("".join(f"<p>{escape(p)}</p>" for p in entry.get("content", [])))
        parts.append(
            f"<entry><title>{escape(entry['title'])}</title><link href=\"{escape(entry['link'])}\"/>"
            f"<id>{escape(entry.get('id', entry['link']))}</id><updated>2024-05-01T10:00:00Z</updated>"
            f"<author><name>Desk</name></author><content type=\"html\">{content}</content></entry>"
        )
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>{escape(title)}</title><id>urn:feed</id><updated>2024-05-01T10:00:00Z</updated>"
            f"{''.join(parts)}</feed>").encode()


class Route:
    def __init__(self, body: bytes = b"", status: int = 200, ctype: str = "application/rss+xml",
                 etag: str | None = None, last_modified: str | None = None, headers=(), delay: float = 0,
                 stream: int = 0, trickle: bool = False):
        self.body, self.status, self.ctype = body, status, ctype
        self.etag, self.last_modified, self.headers = etag, last_modified, list(headers)
        self.delay, self.stream = delay, stream
        self.trickle = trickle  # send the headers a byte at a time, for ever (until the server stops)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict]] = []
        self.times: list[tuple[str, float]] = []  # (path, time.monotonic()) of each request
        self.lock = threading.Lock()
        self.stopping = threading.Event()  # set on the way out: trickles end
        self.trickling = threading.Semaphore(0)  # released as each trickle starts
        super().__init__(("127.0.0.1", 0), Handler)

    def handle_error(self, request, client_address):
        pass

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def hits(self, path: str) -> list[dict]:
        with self.lock:
            return [h for p, h in self.requests if p == path]

    def hit_times(self, path: str) -> list[float]:
        with self.lock:
            return [t for p, t in self.times if p == path]


class Handler(QuietHandler):
    def do_GET(self):
        server: Server = self.server  # type: ignore[assignment]
        path = self.path.split("?", 1)[0]
        with server.lock:
            server.requests.append((path, {k.lower(): v for k, v in self.headers.items()}))
            server.times.append((path, time.monotonic()))
        route = server.routes.get(path)
        if route is None:
            return self._send(404, b"not found", "text/plain")
        if route.delay:
            time.sleep(route.delay)
        if route.trickle:
            self.wfile.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n")
            self.wfile.flush()
            server.trickling.release()
            trickle(self.wfile, endless(b"X-Slow: "), 0.2, server.stopping)
            self.close_connection = True
            return
        if route.etag and self.headers.get("If-None-Match") == route.etag:
            return self._send(304, b"", None, [("ETag", route.etag)])
        if route.last_modified and self.headers.get("If-Modified-Since") == route.last_modified:
            return self._send(304, b"", None, [("Last-Modified", route.last_modified)])
        headers = list(route.headers)
        if route.etag:
            headers.append(("ETag", route.etag))
        if route.last_modified:
            headers.append(("Last-Modified", route.last_modified))
        if route.stream:
            self.send_response(200)
            self.send_header("Content-Type", route.ctype)
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                chunk = b"<item><title>x</title></item>" * 1000
                for _ in range(route.stream // len(chunk) + 1):
                    self.wfile.write(chunk)
            except OSError:
                pass
            self.close_connection = True
            return
        self._send(route.status, route.body, route.ctype, headers)


@pytest.fixture
def server():
    srv = Server()
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.stopping.set()
    srv.shutdown()
    srv.server_close()


@pytest.fixture
def make_engine(tmp_path, embedder):
    engines = []

    def make(**overrides) -> Engine:
        values = dict(allow_private_urls=True, feed_interval=INTERVAL, fetch_timeout=1.0,
                      max_download_bytes=200_000)
        values.update(overrides)
        engine = pinned_engine(make_settings(tmp_path, **values), embedder)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.close()


def quotes_of(engine: Engine, question: str, collections=(GLOBAL,)) -> list[str]:
    answer = engine.ask(question, collections)
    return [q.text for q in answer.quotes] if answer.answered else []


# --------------------------------------------------------------------------------------------
# the happy path
# --------------------------------------------------------------------------------------------


def test_rss_update_is_indexed_answered_and_repolled_conditionally(server, make_engine):
    server.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    server.routes["/library.html"] = Route(page("Library opens on Sundays", LIBRARY), ctype="text/html")
    items = [{"title": "Harbour bridge reopens", "link": server.url("/harbour.html"), "guid": "h1"}]
    server.routes["/feed.xml"] = Route(rss("Local Gazette", items), etag='"v1"')
    engine = make_engine()
    poller = FeedPoller(engine)
    guild = guild_collection(7)

    info = poller.add_feed(guild, server.url("/feed.xml"))
    assert info.title == "Local Gazette" and info.collection == guild and info.last_poll is None
    t0 = 1_000_000.0
    first = poller.poll_due(now=t0)
    assert [(n.article.title, n.initial) for n in first] == [("Harbour bridge reopens", True)]
    assert first[0].collection == guild and first[0].feed_title == "Local Gazette"
    brief = first[0].brief
    assert brief is not None and 1 <= len(brief.quotes) <= 2
    assert all(q.text in "\n\n".join(HARBOUR) for q in brief.quotes)

    # the feed gains an entry
    items = [{"title": "Library opens on Sundays", "link": server.url("/library.html"), "guid": "l1"}] + items
    server.routes["/feed.xml"] = Route(rss("Local Gazette", items), etag='"v2"')
    assert poller.poll_due(now=t0 + 1) == []  # not due yet: nothing fetched
    assert len(server.hits("/feed.xml")) == 2  # add_feed's check and the first poll
    second = poller.poll_due(now=t0 + INTERVAL + 1)
    assert [(n.article.title, n.initial) for n in second] == [("Library opens on Sundays", False)]
    assert server.hits("/feed.xml")[-1].get("if-none-match") == '"v1"'

    quotes = quotes_of(engine, "When will the municipal library open on Sundays?", [GLOBAL, guild])
    assert quotes and any("Sundays" in q and q in "\n".join(LIBRARY) for q in quotes)
    assert quotes_of(engine, "When will the municipal library open on Sundays?", [GLOBAL]) == []

    # polling again: a conditional request, a 304, nothing added or fetched
    page_hits = len(server.hits("/library.html"))
    before = engine.store.generation()
    assert poller.poll_due(now=t0 + 2 * INTERVAL + 2) == []
    last = server.hits("/feed.xml")[-1]
    assert last.get("if-none-match") == '"v2"'
    assert len(server.hits("/library.html")) == page_hits
    assert engine.store.generation() == before  # feed bookkeeping does not invalidate readers
    (feed,) = poller.feeds(guild)
    assert feed.ok and feed.last_result == "not modified" and feed.articles == 2
    assert feed.next_poll == pytest.approx(t0 + 3 * INTERVAL + 2)


def test_atom_feed_with_unreachable_page_uses_the_entry_content(server, make_engine):
    stamp = formatdate(1_700_000_000, usegmt=True)
    entries = [{"title": "Comet visible in October", "link": server.url("/gone/comet.html"),
                "content": OBSERVATORY}]
    server.routes["/atom.xml"] = Route(atom("Sky News", entries), ctype="application/atom+xml",
                                       last_modified=stamp)
    engine = make_engine()
    poller = FeedPoller(engine)
    poller.add_feed(GLOBAL, server.url("/atom.xml"))
    (new,) = poller.poll_due()
    assert new.article.title == "Comet visible in October"
    assert new.article.url == server.url("/gone/comet.html")
    quotes = quotes_of(engine, "When will the comet be visible to the naked eye?")
    assert quotes and "naked eye" in quotes[0] and quotes[0] in " ".join(OBSERVATORY)
    assert poller.poll_due(now=time.time() + INTERVAL + 1) == []
    assert server.hits("/atom.xml")[-1].get("if-modified-since") == stamp


def test_the_same_story_twice_is_indexed_once(server, make_engine):
    """Two feeds (or one feed under two links) carrying one text: deduplicated by content."""
    server.routes["/a/orchard.html"] = Route(page("Record apple harvest", ORCHARD), ctype="text/html")
    server.routes["/b/orchard.html"] = Route(page("Record apple harvest", ORCHARD), ctype="text/html")
    server.routes["/one.xml"] = Route(rss("One", [{"title": "Apples", "link": server.url("/a/orchard.html")}]))
    server.routes["/two.xml"] = Route(rss("Two", [{"title": "Apples", "link": server.url("/b/orchard.html")}]))
    engine = make_engine()
    poller = FeedPoller(engine)
    poller.add_feed(GLOBAL, server.url("/one.xml"))
    poller.add_feed(GLOBAL, server.url("/two.xml"))
    assert len(poller.poll_due()) == 1
    assert len(engine.articles()) == 1


def test_feed_management(server, make_engine):
    server.routes["/feed.xml"] = Route(rss("Gazette", [{"title": "x", "link": server.url("/x.html")}]))
    server.routes["/page.html"] = Route(
        b"<html><head><link rel='alternate' type='application/rss+xml' href='/feed.xml'></head>"
        b"<body><p>Welcome to our site.</p></body></html>", ctype="text/html")
    engine = make_engine()
    poller = FeedPoller(engine)
    one, two = guild_collection(1), guild_collection(2)
    poller.add_feed(one, server.url("/feed.xml"))
    assert poller.add_feed(one, server.url("/feed.xml/")).url == server.url("/feed.xml")  # idempotent
    assert [f.url for f in poller.feeds(one)] == [server.url("/feed.xml")]
    assert poller.feeds(two) == []
    with pytest.raises(FeedError) as e:
        poller.add_feed(one, server.url("/page.html"))
    assert "web page" in e.value.reason and server.url("/feed.xml") in e.value.reason
    with pytest.raises(IngestError) as e:
        poller.add_feed(one, server.url("/missing.xml"))
    assert "404" in e.value.reason
    with pytest.raises(FeedNotFound):
        poller.remove_feed(two, server.url("/feed.xml"))
    assert poller.remove_feed(one, server.url("/feed.xml")).url == server.url("/feed.xml")
    assert poller.feeds() == []
    assert feeds_module.status(engine)["feeds"] == []


def test_unsafe_feed_urls_are_refused_unless_allowed(server, make_engine):
    server.routes["/feed.xml"] = Route(rss("Gazette", []))
    engine = make_engine(allow_private_urls=False)
    poller = FeedPoller(engine)
    for url in (server.url("/feed.xml"), "http://10.0.0.1/feed.xml", "ftp://example.com/feed.xml",
                "file:///etc/passwd"):
        with pytest.raises(UnsafeURLError):
            poller.add_feed(GLOBAL, url)
    assert server.hits("/feed.xml") == []
    allowed = FeedPoller(make_engine(allow_private_urls=True))
    assert allowed.add_feed(GLOBAL, server.url("/feed.xml")).title == "Gazette"


def test_configured_feeds_follow_the_settings(server, make_engine):
    server.routes["/feed.xml"] = Route(rss("Gazette", []))
    engine = make_engine(feeds=[server.url("/feed.xml")])
    poller = FeedPoller(engine)
    (feed,) = poller.feeds()
    assert (feed.collection, feed.origin, feed.last_result) == (GLOBAL, "config", None)
    poller.poll_due()
    assert poller.feeds()[0].last_result == "no entries"
    poller.settings = make_settings(engine.settings.data_dir.parent, feeds=[])
    poller.sync_config()
    assert poller.feeds() == []


async def test_run_announces_new_articles_but_not_the_backlog(server, make_engine):
    server.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    server.routes["/library.html"] = Route(page("Library opens on Sundays", LIBRARY), ctype="text/html")
    server.routes["/feed.xml"] = Route(rss("Gazette", [{"title": "Harbour", "link": server.url("/harbour.html")}]))
    server.routes["/other.xml"] = Route(rss("Other", [{"title": "Library", "link": server.url("/library.html")}]))
    engine = make_engine(feed_interval=0.2)
    poller = FeedPoller(engine, collections=[GLOBAL])
    poller.add_feed(GLOBAL, server.url("/feed.xml"))
    guild = guild_collection(3)
    other_poller = FeedPoller(engine, collections=[guild])  # its announcements fail
    other_poller.add_feed(guild, server.url("/other.xml"))
    announced: list[NewArticle] = []
    got_one = asyncio.Event()

    async def on_new(item: NewArticle) -> None:
        announced.append(item)
        got_one.set()

    def failing(item):
        raise RuntimeError("discord is down")

    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop, on_new))
    other = asyncio.create_task(other_poller.run(stop, failing, announce_initial=True))
    for _ in range(300):  # the backlog is indexed, not announced (generous: CI machines are busy)
        await asyncio.sleep(0.05)
        if engine.articles():
            break
    assert [a.title for a in engine.articles()] == ["Harbour"]
    server.routes["/feed.xml"] = Route(rss("Gazette", [{"title": "Library", "link": server.url("/library.html")},
                                                       {"title": "Harbour", "link": server.url("/harbour.html")}]))
    await asyncio.wait_for(got_one.wait(), 15)
    for _ in range(200):  # a failing announcement does not stop the loop: it polls on
        if len(server.hits("/other.xml")) >= 3:
            break
        await asyncio.sleep(0.05)
    stop.set()
    await asyncio.wait_for(asyncio.gather(task, other), 10)
    assert [a.article.title for a in announced] == ["Library"]
    assert announced[0].brief is not None and announced[0].brief.quotes
    assert len(server.hits("/other.xml")) >= 3
    assert [a.title for a in engine.articles([guild])] == ["Library"]


# --------------------------------------------------------------------------------------------
# bad sources
# --------------------------------------------------------------------------------------------


def test_bad_feeds_are_skipped_logged_and_backed_off(server, make_engine, caplog):
    caplog.set_level(logging.INFO, logger="index.feeds")
    s = server
    s.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    s.routes["/good.xml"] = Route(rss("Good", [{"title": "Harbour", "link": s.url("/harbour.html")}]))
    s.routes["/slow.xml"] = Route(rss("Slow", []), delay=1.5)
    s.routes["/loop.xml"] = Route(status=301, headers=[("Location", "/loop.xml")])
    s.routes["/html.xml"] = Route(page("A web page", LIBRARY), ctype="text/html")
    s.routes["/huge.xml"] = Route(stream=1_000_000)
    s.routes["/nolinks.xml"] = Route(rss("No links", [{"title": "a", "summary": " ".join(ORCHARD)},
                                                      {"title": "b", "summary": " ".join(LIBRARY)}]))
    bad = {
        "/missing.xml": "HTTP 404",
        "/slow.xml": "longer than the 0.5 s download deadline (QUOTEBOT_FETCH_TIMEOUT)",
        "/loop.xml": "too many redirects",
        "/html.xml": "web page",
        "/huge.xml": "size limit",
        "/nolinks.xml": "has a link",
    }
    unsafe = "ftp://127.0.0.1/feed.xml"
    engine = make_engine(fetch_timeout=0.5, feeds=[s.url(p) for p in bad] + [unsafe, s.url("/good.xml")])
    poller = FeedPoller(engine)
    t0 = time.time()
    added = poller.poll_due(now=t0)
    assert [n.article.title for n in added] == ["Harbour"]  # the good feed went through
    assert quotes_of(engine, "How much did the harbour bridge repairs cost?")

    feeds = {f.url: f for f in poller.feeds()}
    for path, reason in bad.items():
        feed = feeds[s.url(path)]
        assert feed.failures == 1 and not feed.ok, path
        assert feed.last_result.startswith("error:") and reason in feed.last_result, (path, feed.last_result)
        assert feed.next_poll == pytest.approx(t0 + 2 * INTERVAL), path  # backed off
        assert any(s.url(path) in r.getMessage() and r.levelno == logging.WARNING for r in caplog.records), path
    assert feeds[unsafe].failures == 1 and "only http and https" in feeds[unsafe].last_result
    assert feeds[s.url("/good.xml")].ok and feeds[s.url("/good.xml")].next_poll == pytest.approx(t0 + INTERVAL)

    # one interval later only the good feed is due; after the backoff the bad ones are retried
    # and back off further
    requests = len(s.requests)
    assert poller.poll_due(now=t0 + INTERVAL + 1) == []
    assert [p for p, _ in s.requests[requests:]] == ["/good.xml"]
    poller.poll_due(now=t0 + 2 * INTERVAL + 1)
    feed = {f.url: f for f in poller.feeds()}[s.url("/missing.xml")]
    assert feed.failures == 2 and feed.next_poll == pytest.approx(t0 + 2 * INTERVAL + 1 + 4 * INTERVAL)

    status = {f["url"]: f for f in feeds_module.status(engine)["feeds"]}
    assert status[s.url("/missing.xml")]["ok"] is False and "404" in status[s.url("/missing.xml")]["last_result"]
    assert status[s.url("/good.xml")]["ok"] is True


def test_a_feed_that_repeats_its_entries_adds_each_once(server, make_engine, caplog):
    caplog.set_level(logging.INFO, logger="index.feeds")
    s = server
    s.routes["/orchard.html"] = Route(page("Record apple harvest", ORCHARD), ctype="text/html")
    item = {"title": "Apples", "link": s.url("/orchard.html"), "guid": "apples"}
    same_guid = {"title": "Apples again", "link": s.url("/orchard.html?utm_source=feed"), "guid": "apples"}
    s.routes["/repeat.xml"] = Route(rss("Repeats", [item, item, same_guid]))  # no ETag: always 200
    engine = make_engine()
    poller = FeedPoller(engine)
    poller.add_feed(GLOBAL, s.url("/repeat.xml"))
    assert len(poller.poll_due(now=1.0)) == 1
    assert len(poller.poll_due(now=2 + INTERVAL)) == 0
    assert len(engine.articles()) == 1
    assert len(s.hits("/orchard.html")) == 1
    feed = poller.feeds()[0]
    assert feed.ok and feed.last_result.startswith("0 new articles")
    assert any("repeats" in r.getMessage() for r in caplog.records)


def test_entries_without_links_are_skipped_but_the_others_indexed(server, make_engine):
    s = server
    s.routes["/library.html"] = Route(page("Library opens on Sundays", LIBRARY), ctype="text/html")
    s.routes["/mixed.xml"] = Route(rss("Mixed", [{"title": "no link", "summary": " ".join(ORCHARD)},
                                                 {"title": "Library", "link": s.url("/library.html")}]))
    engine = make_engine()
    poller = FeedPoller(engine)
    poller.add_feed(GLOBAL, s.url("/mixed.xml"))
    assert [n.article.title for n in poller.poll_due()] == ["Library"]
    feed = poller.feeds()[0]
    assert feed.ok and "1 skipped without a link" in feed.last_result


def test_an_entry_whose_page_and_text_are_unreadable_is_skipped(server, make_engine):
    s = server
    s.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    s.routes["/f.xml"] = Route(rss("F", [{"title": "Short", "link": s.url("/nothing.html"), "summary": "Too short."},
                                         {"title": "Harbour", "link": s.url("/harbour.html")}]))
    engine = make_engine()
    poller = FeedPoller(engine)
    poller.add_feed(GLOBAL, s.url("/f.xml"))
    assert [n.article.title for n in poller.poll_due()] == ["Harbour"]
    assert "1 skipped unreadable" in poller.feeds()[0].last_result
    poller.poll_due(now=time.time() + INTERVAL + 1)
    assert len(s.hits("/nothing.html")) == 1  # not retried on every poll


# --------------------------------------------------------------------------------------------
# slow feeds
# --------------------------------------------------------------------------------------------


def test_a_trickling_feed_delays_no_other_feed_and_stop_does_not_wait_for_it(server, make_engine):
    """The trickler comes first in the polling order and never finishes (its deadline is a
    minute away): the other feed's article is indexed and handed on meanwhile, and `stop`
    ends the poll at once, writing nothing for the abandoned feed."""
    s = server
    s.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    s.routes["/a-trickle.xml"] = Route(trickle=True)
    s.routes["/b-good.xml"] = Route(rss("Good", [{"title": "Harbour", "link": s.url("/harbour.html")}]))
    engine = make_engine(fetch_timeout=60.0, feeds=[s.url("/a-trickle.xml"), s.url("/b-good.xml")])
    poller = FeedPoller(engine)
    handed_on: list[NewArticle] = []
    arrived = threading.Event()

    def on_new(item: NewArticle) -> None:
        handed_on.append(item)
        arrived.set()

    polling = threading.Thread(target=poller.poll_due, kwargs={"on_new": on_new}, daemon=True)
    polling.start()
    assert s.trickling.acquire(timeout=20), "the trickling feed was never requested"
    assert arrived.wait(20), "the good feed's article was not handed on while the other feed trickled"
    assert [n.article.title for n in handed_on] == ["Harbour"]
    assert quotes_of(engine, "How much did the harbour bridge repairs cost?")
    assert polling.is_alive()  # still waiting for the trickler

    poller.stop()
    polling.join(5)
    assert not polling.is_alive()
    feeds = {f.url: f for f in poller.feeds()}
    assert feeds[s.url("/b-good.xml")].ok and feeds[s.url("/b-good.xml")].last_result == "1 new article"
    assert feeds[s.url("/a-trickle.xml")].last_poll is None  # abandoned, not failed: due again


def test_trickling_feeds_of_one_collection_never_delay_another_collections_feed(server, make_engine):
    """More trickling feeds than the whole worker pool of the old poller, all in the global
    collection and first in the polling order: a server's own feed is still polled, indexed
    and handed on while they trickle."""
    from index.feeds import FEED_WORKERS_PER_COLLECTION

    s = server
    s.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    s.routes["/b-good.xml"] = Route(rss("Good", [{"title": "Harbour", "link": s.url("/harbour.html")}]))
    slow = [f"/a-trickle-{i}.xml" for i in range(FEED_WORKERS_PER_COLLECTION + 6)]
    for path in slow:
        s.routes[path] = Route(trickle=True)
    engine = make_engine(fetch_timeout=60.0, feeds=[s.url(p) for p in slow])
    poller = FeedPoller(engine)
    guild = guild_collection(42)
    poller.add_feed(guild, s.url("/b-good.xml"))
    arrived = threading.Event()
    handed_on: list[NewArticle] = []

    def on_new(item: NewArticle) -> None:
        handed_on.append(item)
        arrived.set()

    polling = threading.Thread(target=poller.poll_due, kwargs={"on_new": on_new}, daemon=True)
    polling.start()
    try:
        assert arrived.wait(20), "the server's feed waited behind the global collection's trickling feeds"
        assert [(n.collection, n.article.title) for n in handed_on] == [(guild, "Harbour")]
        assert len({path for path in slow if s.hits(path)}) == FEED_WORKERS_PER_COLLECTION
    finally:
        poller.stop()
        polling.join(5)
    assert not polling.is_alive()


def test_feeds_not_reached_within_the_poll_budget_are_polled_next_round(server, make_engine, caplog):
    """Every worker of the collection is held by a trickling feed for longer than the poll
    budget: the last feed is not reached, stays due, and is polled by the next round."""
    from index.feeds import FEED_WORKERS_PER_COLLECTION

    caplog.set_level(logging.WARNING, logger="index.feeds")
    s = server
    s.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    slow = [f"/a-trickle-{i}.xml" for i in range(FEED_WORKERS_PER_COLLECTION)]
    for path in slow:
        s.routes[path] = Route(trickle=True)
    s.routes["/b-good.xml"] = Route(rss("Good", [{"title": "Harbour", "link": s.url("/harbour.html")}]))
    engine = make_engine(fetch_timeout=1.0, feed_poll_budget=0.5, feeds=[s.url(p) for p in slow + ["/b-good.xml"]])
    poller = FeedPoller(engine)
    assert poller.poll_due() == []
    assert s.hits("/b-good.xml") == []
    assert any("1 due feed not reached within the 0 s poll budget" in r.getMessage() for r in caplog.records)
    good = poller.feed(GLOBAL, s.url("/b-good.xml"))
    assert good.last_poll is None and poller.seconds_until_due() == 0

    engine.settings.feed_poll_budget = 30.0
    assert [n.article.title for n in poller.poll_due()] == ["Harbour"]
    feeds = {f.url: f for f in poller.feeds()}
    assert feeds[s.url("/b-good.xml")].ok
    assert all("download deadline" in feeds[s.url(p)].last_result for p in slow)  # failed at their deadline


def test_entries_left_when_the_poll_budget_runs_out_are_read_on_the_next_poll(server, make_engine):
    """The first entry's page trickles past the budget: the poll stops there, and the next poll
    (not a conditional 304: the feed's validators are kept back) reads the other entries."""
    s = server
    s.routes["/slow.html"] = Route(trickle=True)
    s.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    s.routes["/library.html"] = Route(page("Library opens on Sundays", LIBRARY), ctype="text/html")
    items = [{"title": "Library", "link": s.url("/library.html")}, {"title": "Harbour", "link": s.url("/harbour.html")},
             {"title": "Slow", "link": s.url("/slow.html")}]  # newest first: the slow one is read first
    s.routes["/feed.xml"] = Route(rss("Gazette", items), etag='"v1"')
    engine = make_engine(fetch_timeout=1.0, feed_poll_budget=0.5)
    poller = FeedPoller(engine)
    poller.add_feed(GLOBAL, s.url("/feed.xml"))
    t0 = time.time()
    assert poller.poll_due(now=t0) == []
    feed = poller.feeds()[0]
    assert feed.ok and "1 skipped unreadable" in feed.last_result and "next poll" in feed.last_result
    assert feed.next_poll == pytest.approx(t0 + 0.5)  # due again after one budget, not at once

    engine.settings.feed_poll_budget = 30.0
    again = poller.poll_due(now=t0 + 1)
    assert "if-none-match" not in s.hits("/feed.xml")[-1]
    assert sorted(n.article.title for n in again) == ["Harbour", "Library"]
    assert len(s.hits("/slow.html")) == 1  # the unreadable entry is not read again
    assert poller.poll_due(now=t0 + INTERVAL + 2) == []
    assert s.hits("/feed.xml")[-1]["if-none-match"] == '"v1"'  # complete now: conditional again


def test_polling_leaves_no_descriptors_behind(server, make_engine):
    """Each poll runs in a worker thread with its own SQLite connection: the connection is
    closed with the thread, so a bot polling for weeks does not run out of descriptors."""
    import psutil

    s = server
    s.routes["/harbour.html"] = Route(page("Harbour bridge reopens", HARBOUR), ctype="text/html")
    paths = [f"/f{i}.xml" for i in range(8)]
    for path in paths:
        s.routes[path] = Route(rss("F", [{"title": "Harbour", "link": s.url("/harbour.html")}]))
    engine = make_engine(feeds=[s.url(p) for p in paths])
    poller = FeedPoller(engine)
    t0 = time.time()
    poller.poll_due(now=t0)  # the first round opens what stays open (the index, the loop's connection)
    process = psutil.Process()
    before = process.num_fds()
    for k in range(1, 16):
        poller.poll_due(now=t0 + k * (INTERVAL + 1))
    assert len(s.hits(paths[0])) == 16
    assert process.num_fds() <= before + 2
