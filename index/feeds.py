"""Keeping collections up to date from RSS and Atom feeds.

Feeds live in the index database (their tables and SQL: index/store/feeds.py): the global
collection's come from `QUOTEBOT_FEEDS`, each guild's are added and removed at run time
(`FeedPoller.add_feed` / `remove_feed`).
A poll fetches the feed itself through the guarded HTTP client (`fetch.fetch`: the same URL
refusal rules, redirects re-checked hop by hop, size cap, deadline), conditionally
(ETag / Last-Modified, so an unchanged feed is a 304 and nothing else), and indexes each
entry it has not seen: the linked page's main text, or the entry's own content when the page
cannot be read. Entries are remembered per collection by link (and guid), and by content, so
a feed that repeats itself or two feeds carrying one story add it once.

A feed that fails (404, timeout, redirect loop, an HTML page instead of a feed, over the size
cap, entries without links, a refused address) is logged, marked in `last_result`, and tried
again later with exponential backoff; it never stops the other feeds.

Feeds are polled concurrently, each in its own worker thread (at most `FEED_WORKERS` at once,
`FEED_WORKERS_PER_COLLECTION` of one collection), every download bounded by the download
deadline (QUOTEBOT_FETCH_TIMEOUT) and each poll by QUOTEBOT_FEED_POLL_BUDGET: a feed that
trickles its answer holds up one worker, and no other collection's feed, for one deadline. What a poll does not reach in its budget (a feed's remaining entries,
or due feeds while every worker is busy) stays due and is polled next, never dropped. The
network runs in parallel; writes to the index are serialized (`_index_lock`).
"""
from __future__ import annotations

import asyncio
import collections
import html as html_lib
import inspect
import logging
import re
import threading
import time
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterable
from urllib.parse import urljoin

from . import fetch, ingest
from .collections import GLOBAL
from .engine import Engine
from .errors import FeedError, FeedNotFound, IngestError
from .models import Article, ArticleInfo, Summary
from .settings import Settings
from .store import Store
from .store.feeds import FeedInfo, FeedRepository
from .text import human_duration, one_line

log = logging.getLogger(__name__)

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
               "application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1")
MAX_ENTRIES_PER_POLL = 50  # the newest ones; a feed's first poll is a backlog
MAX_FEEDS_PER_COLLECTION = 25
MAX_BACKOFF = 24 * 3600.0
# Feeds fetched at once. The workers wait on the network, not the CPU, so there are many;
# one collection (one server's /feeds, or QUOTEBOT_FEEDS) gets a few of them, so feeds that
# trickle on purpose hold up their own collection's polls, never another's.
FEED_WORKERS = 24
FEED_WORKERS_PER_COLLECTION = 3

_FEED_LINK_RE = re.compile(r"<link\b[^>]*>", re.I)
_ATTR_RE = re.compile(r"""(\w+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_TAG_RE = re.compile(r"<[^>]+>")
_BLOCK_END_RE = re.compile(r"</(?:p|div|li|h[1-6]|blockquote)\s*>|<br\s*/?>", re.I)


@dataclass(frozen=True)
class NewArticle:
    """An article a poll added: what an announcement needs."""

    collection: str
    article: ArticleInfo
    feed_url: str
    feed_title: str | None
    initial: bool  # from the feed's first successful poll: a backlog rather than news
    brief: Summary | None  # a two-sentence cited digest (Engine.brief)


# listings -------------------------------------------------------------------------------------


def list_feeds(store: Store, collection: str | None = None) -> list[FeedInfo]:
    return FeedRepository(store).feeds(collection)


def status(engine) -> dict:
    """What `quotebot status` and Discord's /status show: the engine's status with every feed
    and its last poll (the engine knows nothing of feeds; this module knows the engine)."""
    return {**engine.status(), "feeds": feed_status(engine.store, engine.settings.feeds)}


def feed_status(store: Store, configured: Iterable[str] = ()) -> list[dict]:
    """Every feed as a JSON-able dict, with configured feeds no poller has registered yet shown
    as not polled."""
    infos = list_feeds(store)
    known = {(i.collection, i.url) for i in infos}
    result = [i.to_json() for i in infos]
    for url in _configured(configured):
        if (GLOBAL, url) not in known:
            result.append(FeedInfo(GLOBAL, url, None, "config", 0.0, None, None, "not polled yet",
                                   0, 0.0, 0).to_json())
    return result


def _configured(urls: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(u.strip() for u in urls if u and u.strip()))


# helpers -----------------------------------------------------------------------------------


def _feed_text(value: Any) -> str | None:
    """A feed's title, an entry's title or author: feeds may carry markup and entities there."""
    if not value:
        return None
    return one_line(html_lib.unescape(_TAG_RE.sub(" ", str(value)))) or None


def _feed_link_hint(data: bytes, base: str) -> str:
    """For an HTML page: where its feed is, when it says so (<link rel=alternate type=rss>)."""
    head = data[:200_000].decode("utf-8", "replace")
    for tag in _FEED_LINK_RE.findall(head):
        attrs = {m.group(1).lower(): next(g for g in m.groups()[1:] if g is not None)
                 for m in _ATTR_RE.finditer(tag)}
        kind = attrs.get("type", "").lower()
        if "alternate" in attrs.get("rel", "").lower() and kind in (
            "application/rss+xml", "application/atom+xml", "application/feed+json",
        ) and attrs.get("href"):
            return f" (the page names its feed: {urljoin(base, attrs['href'])})"
    return ""


def _html_to_text(fragment: str) -> str:
    text = _BLOCK_END_RE.sub("\n\n", fragment)
    text = html_lib.unescape(_TAG_RE.sub("", text))
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paragraphs if p)


def _entry_link(entry, base: str) -> str | None:
    link = entry.get("link")
    if not link:
        for item in entry.get("links") or ():
            if item.get("href") and item.get("rel", "alternate") == "alternate":
                link = item["href"]
                break
    if not link:
        return None
    link = urljoin(base, str(link).strip())
    return link if re.match(r"^https?://", link, re.I) else None


def _entry_content(entry) -> str | None:
    for item in entry.get("content") or ():
        if item.get("value", "").strip():
            return item["value"]
    summary = entry.get("summary") or entry.get("description")
    return summary if summary and summary.strip() else None


# the poller --------------------------------------------------------------------------------


class _Budget:
    """What bounds one feed's poll: a moment to stop starting new downloads by, and the
    poller's stop flag (set: write nothing more)."""

    def __init__(self, seconds: float, stopped: threading.Event):
        self.end = time.monotonic() + seconds
        self.stopped = stopped

    def out_of_time(self) -> bool:
        return self.stopped.is_set() or time.monotonic() >= self.end


class _Job:
    """One feed being polled in a worker thread."""

    def __init__(self, key: tuple[str, str]):
        self.key = key
        self.added: list[NewArticle] = []
        self.done = threading.Event()


class FeedPoller:
    """Polls the feeds that are due and indexes their new entries.

    Thread-safe: polls run in daemon worker threads (a feed is never polled twice at once),
    `poll_due` and the async `run` loop start them, `stop` abandons them, and `add_feed` /
    `remove_feed` / `feeds` may be called from anywhere.
    `collections`, when given, limits polling to those collections' feeds (`quotebot watch`
    polls only the global ones, leaving the guilds' to the bot); `owns`, when given, to the
    collections it accepts (a sharded bot process polls only its own servers' feeds)."""

    def __init__(self, engine: Engine, settings: Settings | None = None, *,
                 max_entries: int = MAX_ENTRIES_PER_POLL, collections: Iterable[str] | None = None,
                 owns: Callable[[str], bool] | None = None):
        self.engine = engine
        self.settings = settings or engine.settings
        self.store = engine.store
        self.repository = FeedRepository(self.store)
        self.max_entries = max_entries
        self.collections = None if collections is None else list(collections)
        self.owns = owns
        self._index_lock = threading.Lock()  # one feed entry at a time goes into the index
        self._jobs_lock = threading.Condition()  # guards _in_flight; notified when a poll ends
        self._in_flight: dict[tuple[str, str], _Job] = {}
        self._stopped = threading.Event()  # replaced by a fresh one when `run` starts again
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self.repository.create()
        self.sync_config()

    @property
    def interval(self) -> float:
        return float(self.settings.feed_interval)

    # feeds ----------------------------------------------------------------------------------
    def sync_config(self) -> None:
        """Make the global collection's configured feeds (QUOTEBOT_FEEDS) match the settings:
        new ones are due at once, ones no longer configured are dropped. No network."""
        self.repository.sync_configured(GLOBAL, _configured(self.settings.feeds), time.time())

    def feeds(self, collection: str | None = None) -> list[FeedInfo]:
        """The feeds of one collection (e.g. guild_collection(id)), or of all."""
        return self.repository.feeds(collection)

    def feed(self, collection: str, url: str) -> FeedInfo | None:
        key = ingest.normalize_url(url)
        for info in self.feeds(collection):
            if info.url == url.strip() or ingest.normalize_url(info.url) == key:
                return info
        return None

    def add_feed(self, collection: str, url: str) -> FeedInfo:
        """Follow a feed in a collection. Refuses unsafe addresses (`UnsafeURLError`), and
        anything that does not answer with an RSS or Atom feed (`IngestError`/`FeedError`);
        the feed is fetched once here to check. Its entries are indexed by the next poll,
        which is due at once. Adding a feed already followed returns it unchanged."""
        url = (url or "").strip()
        if not url:
            raise FeedError(repr(url), "no feed URL given")
        fetch.check_url(url, allow_private_urls=self.settings.allow_private_urls,
                        allowed_hosts=self.settings.allowed_hosts, timeout=self.settings.fetch_timeout)
        existing = self.feed(collection, url)
        if existing is not None:
            return existing
        if len(self.feeds(collection)) >= MAX_FEEDS_PER_COLLECTION:
            raise FeedError(url, f"this server already follows {MAX_FEEDS_PER_COLLECTION} feeds; remove one first")
        got = self._fetch(url, {})
        parsed = self._parse(url, got)
        self.repository.add(collection, url, _feed_text(parsed.feed.get("title")), time.time())
        log.info("following feed %s in %s", url, collection)
        self.wake()
        info = self.feed(collection, url)
        assert info is not None
        return info

    def remove_feed(self, collection: str, url: str) -> FeedInfo:
        """Stop following a feed (raises FeedNotFound). Articles already indexed from it stay."""
        info = self.feed(collection, url)
        if info is None:
            raise FeedNotFound(collection, url.strip())
        self.repository.remove(collection, info.url)
        log.info("no longer following feed %s in %s", info.url, collection)
        return info

    # polling --------------------------------------------------------------------------------
    def poll_due(self, now: float | None = None,
                 on_new: Callable[[NewArticle], Any] | None = None) -> list[NewArticle]:
        """Poll every feed whose time has come, concurrently (`FEED_WORKERS` at a time), wait
        for them and return the articles added. `on_new`, when given, gets each feed's new
        articles as soon as that feed is done (in its worker thread). Feeds not started
        within the poll budget (QUOTEBOT_FEED_POLL_BUDGET) stay due for the next round; a
        feed started stops reading entries at its own budget, so the wait is bounded by the
        budget plus one download deadline. `stop` ends the wait at once. Never raises for a
        feed's failure: that is logged and recorded, and the feed backs off."""
        now = time.time() if now is None else now
        stopped = self._restart()
        end = time.monotonic() + self.budget
        pending = collections.deque(self._due(now))
        jobs: list[_Job] = []
        with self._jobs_lock:
            while pending and not stopped.is_set() and time.monotonic() < end:
                pending = collections.deque(key for key in pending if key not in self._in_flight)  # `run`'s
                startable = next((key for key in pending if self._has_worker(key[0])), None)
                if startable is None:  # no worker free for any of them: wait for one to finish
                    self._jobs_lock.wait(max(0.0, end - time.monotonic()))
                    continue
                pending.remove(startable)
                jobs.append(self._start(*startable, now=now, on_new=on_new))
        for job in jobs:
            job.done.wait()  # bounded: see above; `stop` sets it too
        if pending and not stopped.is_set():
            # the budget in the unit of the setting it names, as the user would write it there
            log.warning("%d due feed%s not reached within the %.0f s poll budget (QUOTEBOT_FEED_POLL_BUDGET); "
                        "polled next round", len(pending), "s" if len(pending) != 1 else "", self.budget)
        return [item for job in jobs if job.done.is_set() for item in job.added]

    def _restart(self) -> threading.Event:
        """The stop flag for new polls: a fresh one once `stop` has been called (polls
        abandoned then keep theirs)."""
        with self._jobs_lock:
            if self._stopped.is_set():
                self._stopped = threading.Event()
            return self._stopped

    @property
    def budget(self) -> float:
        return float(self.settings.feed_poll_budget)

    def _due(self, now: float) -> list[tuple[str, str]]:
        self.sync_config()
        return [(c, u) for c, u in self.repository.due(now)
                if (self.collections is None or c in self.collections) and (self.owns is None or self.owns(c))]

    def start_due(self, on_new: Callable[[NewArticle], Any] | None = None, now: float | None = None) -> bool:
        """Start polling the due feeds that are not being polled, as many as there are free
        workers, without waiting for them; True when due feeds are left waiting for a worker."""
        now = time.time() if now is None else now
        due = self._due(now)
        waiting = False
        with self._jobs_lock:
            for collection, url in due:
                if self._stopped.is_set():
                    break
                if (collection, url) in self._in_flight:
                    continue
                if not self._has_worker(collection):
                    waiting = True
                    continue
                self._start(collection, url, now=now, on_new=on_new)
        return waiting

    def _has_worker(self, collection: str) -> bool:
        """Whether a worker is free for a feed of `collection`. The caller holds `_jobs_lock`."""
        return len(self._in_flight) < FEED_WORKERS and \
            sum(c == collection for c, _ in self._in_flight) < FEED_WORKERS_PER_COLLECTION

    def _start(self, collection: str, url: str, *, now: float,
               on_new: Callable[[NewArticle], Any] | None) -> _Job:
        """Poll one feed in a new worker thread. The caller holds `_jobs_lock` and has seen
        `_has_worker`."""
        key = (collection, url)
        job = self._in_flight[key] = _Job(key)
        budget = _Budget(self.budget, self._stopped)

        def work() -> None:
            try:
                job.added = self._poll(collection, url, now, budget)
                for item in job.added if on_new is not None and not budget.stopped.is_set() else ():
                    try:
                        on_new(item)
                    except Exception:
                        log.exception("handing on %s failed", item.article.id)
            finally:
                self.store.close()  # this thread's SQLite connection: the thread ends here
                with self._jobs_lock:
                    self._in_flight.pop(key, None)
                    self._jobs_lock.notify_all()
                job.done.set()
                self.wake()  # a worker is free: a running `run` loop may start another feed

        # A daemon thread: a download stuck until its deadline never holds up shutdown.
        threading.Thread(target=work, name="quotebot-feed", daemon=True).start()
        return job

    def stop(self) -> None:
        """Abandon the polls in progress, from any thread: they write nothing more and are
        left to end with their current download; `poll_due` returns at once."""
        with self._jobs_lock:
            self._stopped.set()
            for job in self._in_flight.values():
                job.done.set()
            self._jobs_lock.notify_all()

    def seconds_until_due(self, now: float | None = None) -> float | None:
        """Seconds until the next feed that is not being polled is due (None: no feeds)."""
        with self._jobs_lock:
            busy = set(self._in_flight)
        times = [t for c, u, t in self.repository.next_polls()
                 if (self.collections is None or c in self.collections) and (c, u) not in busy]
        if not times:
            return None
        return max(0.0, min(times) - (time.time() if now is None else now))

    def backoff(self, failures: int) -> float:
        """Seconds until a feed that failed `failures` times in a row is tried again."""
        return min(self.interval * 2 ** min(failures, 30), max(MAX_BACKOFF, self.interval))

    def _fetch(self, url: str, headers: dict[str, str]) -> fetch.Fetched:
        return fetch.fetch(
            url, allow_private_urls=self.settings.allow_private_urls, allowed_hosts=self.settings.allowed_hosts,
            timeout=self.settings.fetch_timeout, max_bytes=self.settings.max_download_bytes, headers=headers,
            accept=FEED_ACCEPT,
        )

    def _parse(self, url: str, got: fetch.Fetched):
        import feedparser

        if not got.data.strip():
            raise FeedError(url, "the server sent an empty document, not a feed")
        headers = {"content-location": got.url}
        if got.content_type:
            # A label that names no text encoding ("undefined", "punycode") makes feedparser
            # raise; without it feedparser falls back to the document's own declaration.
            charset = ingest.text_codec(got.charset)
            headers["content-type"] = got.content_type + (f"; charset={charset}" if charset else "")
        try:
            parsed = feedparser.parse(got.data, response_headers=headers)
        except (ValueError, UnicodeError) as error:  # e.g. a character reference past U+10FFFF
            raise FeedError(url, f"the feed could not be parsed ({type(error).__name__}: {error})") from None
        if parsed.entries or parsed.get("version"):
            return parsed
        head = got.data[:2048].lstrip().lower()
        if got.content_type in ("text/html", "application/xhtml+xml") or head.startswith(b"<!doctype html") \
                or b"<html" in head:
            raise FeedError(url, "the address is a web page (HTML), not an RSS or Atom feed"
                            + _feed_link_hint(got.data, got.url))
        problem = parsed.get("bozo_exception")
        raise FeedError(url, "the address does not hold an RSS or Atom feed"
                        + (f" ({problem})" if problem else ""))

    def _poll(self, collection: str, url: str, now: float, budget: _Budget) -> list[NewArticle]:
        state = self.repository.poll_state(collection, url)
        if state is None:
            return []
        failures, title = state.failures, state.title
        try:
            headers = {}
            if state.etag:
                headers["If-None-Match"] = state.etag
            if state.last_modified:
                headers["If-Modified-Since"] = state.last_modified
            got = self._fetch(url, headers)
            if budget.stopped.is_set():
                return []
            if got.status == 304:
                self._record(collection, url, now, "not modified", ok=True)
                log.debug("feed %s: not modified", url)
                return []
            parsed = self._parse(url, got)
            title = _feed_text(parsed.feed.get("title")) or title
            added, message, complete = self._entries(collection, url, title, parsed, got.url, now, budget,
                                                     initial=state.last_ok is None)
            if budget.stopped.is_set():
                return added
            if complete:
                self._record(collection, url, now, message, ok=True, title=title,
                             validators=(got.headers.get("etag"), got.headers.get("last-modified")))
            else:  # due again after one budget (not at once: a feed that trickles on purpose
                # would take its collection's workers round after round), the old validators
                # kept so the feed is read again
                message += "; the other entries on the next poll (poll budget used up)"
                self._record(collection, url, now, message, ok=True, title=title,
                             delay=min(self.interval, self.budget))
            if added or "skipped" in message:
                log.info("feed %s (%s): %s", url, collection, message)
            return added
        except IngestError as error:
            if budget.stopped.is_set():  # shutting down: nothing more is written
                return []
            reason = error.reason
        except Exception as error:  # a bug or a surprise must not stop the other feeds
            log.exception("feed %s (%s): unexpected failure", url, collection)
            reason = f"{type(error).__name__}: {error}"
        failures += 1
        delay = self.backoff(failures)
        self._record(collection, url, now, f"error: {reason}", ok=False, failures=failures, delay=delay)
        log.warning("feed %s (%s) skipped: %s; failure %d, next try in %s",
                    url, collection, reason, failures, human_duration(delay))
        return []

    def _record(self, collection: str, url: str, now: float, result: str, *, ok: bool,
                failures: int = 0, delay: float | None = None, title: str | None = None,
                validators: tuple[str | None, str | None] | None = None) -> None:
        """Store a poll's outcome; `validators` (ETag, Last-Modified) replace the stored ones
        when given (a 304 keeps them); `delay` replaces the interval before the next poll."""
        next_poll = now + (self.interval if delay is None else delay)
        if ok:
            self.repository.record_success(collection, url, now, result, next_poll, title, validators)
        else:
            self.repository.record_failure(collection, url, now, result, failures, next_poll)

    def _entries(self, collection: str, feed_url: str, feed_title: str | None, parsed, base: str,
                 now: float, budget: _Budget, initial: bool) -> tuple[list[NewArticle], str, bool]:
        """Index the feed's new entries: (articles added, a summary, whether every entry was
        seen to; False when the poll budget ran out, or the poller stopped, first)."""
        entries = list(parsed.entries)
        if not entries:
            return [], "no entries", True
        added: list[NewArticle] = []
        without_link = repeated = known = unreadable = same_text = 0
        complete = True
        this_poll: set[str] = set()
        # Feeds list the newest first: take the newest, index them oldest first.
        for entry in reversed(entries[: self.max_entries]):
            if budget.out_of_time():
                complete = False
                break
            link = _entry_link(entry, base)
            if link is None:
                without_link += 1
                log.info("feed %s: an entry without a link (%r) is skipped", feed_url,
                         _feed_text(entry.get("title")) or "untitled")
                continue
            key = ingest.normalize_url(link)
            guid = str(entry.get("id") or "").strip() or None
            if key in this_poll:
                repeated += 1
                continue
            this_poll.add(key)
            if self.repository.seen(collection, key, guid):
                known += 1
                continue
            article = self._read_entry(entry, link, feed_title)  # the network: not under the lock
            if budget.stopped.is_set():  # shutting down: the entry is read again next time
                complete = False
                break
            with self._index_lock:
                # another feed of the collection may have taken the entry or its text meanwhile
                if self.repository.seen(collection, key, guid):
                    known += 1
                    continue
                if article is None:
                    unreadable += 1
                    self.repository.remember_entry(collection, key, feed_url, guid, None, None, now)
                    continue
                content_id = ingest.article_id(url=None, text=article.text)
                twin = self.repository.article_with_text(collection, content_id)
                if twin is not None:
                    same_text += 1
                    self.repository.remember_entry(collection, key, feed_url, guid, twin, content_id, now)
                    continue
                result = self.engine.add_article(article, collection)
                self.repository.remember_entry(collection, key, feed_url, guid, result.article.id, content_id, now)
            if result.status == "added":
                try:
                    brief = self.engine.brief(result.article.id, collection, sentences=2)
                except Exception:  # the announcement loses its digest, the article stays
                    log.exception("feed %s: no digest for %s", feed_url, result.article.id)
                    brief = None
                added.append(NewArticle(collection, result.article, feed_url, feed_title, initial, brief))
                log.info("feed %s: added %s %r", feed_url, result.article.id, result.article.title)
        if complete and without_link == len(entries[: self.max_entries]):
            raise FeedError(feed_url, f"none of its {without_link} entries has a link to an article")
        parts = [f"{len(added)} new article{'s' if len(added) != 1 else ''}"]
        skipped = [(without_link, "without a link"), (repeated, "repeated in the feed"),
                   (unreadable, "unreadable"), (same_text, "with the text of another entry")]
        parts += [f"{n} skipped {why}" for n, why in skipped if n]
        if repeated:
            log.warning("feed %s repeats %d of its entries; each is indexed once", feed_url, repeated)
        return added, ", ".join(parts), complete

    def _read_entry(self, entry, link: str, feed_title: str | None) -> Article | None:
        """The linked page's main text, else the entry's own content; None when neither reads."""
        try:
            article = ingest.fetch_url(
                link, allow_private_urls=self.settings.allow_private_urls, allowed_hosts=self.settings.allowed_hosts,
                timeout=self.settings.fetch_timeout, max_bytes=self.settings.max_download_bytes,
            )
            from_page = True
        except IngestError as error:
            content = _entry_content(entry)
            if not content:
                log.warning("feed entry %s: the page cannot be read (%s) and the feed carries no text",
                            link, error.reason)
                return None
            article = self._parse_content(content, link)
            if article is None:
                log.warning("feed entry %s: the page cannot be read (%s) and the feed's text is too short",
                            link, error.reason)
                return None
            log.info("feed entry %s: the page cannot be read (%s); indexed the feed's own text",
                     link, error.reason)
            from_page = False
        title = _feed_text(entry.get("title"))
        return replace(
            article,
            title=title or article.title,
            author=article.author or _feed_text(entry.get("author")),
            published=article.published or _feed_text(entry.get("published") or entry.get("updated")),
            publisher=article.publisher or feed_title,
            source=link,
            url=article.url if from_page else link,
        )

    @staticmethod
    def _parse_content(content: str, link: str) -> Article | None:
        if "<" in content:
            try:
                return ingest.parse_html(f"<html><body><article>{content}</article></body></html>",
                                         source=link, url=link)
            except IngestError:
                pass
        try:
            return ingest.parse_text(_html_to_text(content), source=link, fmt="txt", url=link, rejoin=False, entities=False)
        except IngestError:
            return None

    # polls run by the workers (QUOTEBOT_QUEUE_FEEDS) -------------------------------------------
    def record_news(self, added: Iterable[NewArticle]) -> int:
        """What a worker's poll added, left in the store for the bots to announce (a feed's
        first backlog is not news, as in `run`); how many."""
        news = [(n.collection, n.article.id, n.feed_url, n.feed_title) for n in added if not n.initial]
        self.repository.record_news(news, time.time())
        return len(news)

    def take_news(self, owns: Callable[[str], bool] | None = None) -> list[NewArticle]:
        """The articles polls in other processes added that this process announces (those of
        the collections it `owns`), each claimed so that no other process announces it too,
        with its two-sentence digest. An article removed meanwhile is skipped."""
        taken = []
        for item in self.repository.pending_news():
            if owns is not None and not owns(item.collection):
                continue
            if not self.repository.take_news(item.id, time.time()):
                continue
            info = self.store.article_info(item.collection, item.article_id)
            if info is None:
                continue
            try:
                brief = self.engine.brief(item.article_id, item.collection, sentences=2)
            except Exception:  # the announcement loses its digest, the article stays
                log.exception("no digest for %s", item.article_id)
                brief = None
            taken.append(NewArticle(item.collection, info, item.feed_url, item.feed_title, False, brief))
        return taken

    # running --------------------------------------------------------------------------------
    def wake(self) -> None:
        """Make a running `run` loop poll now (after add_feed); safe from any thread."""
        loop, event = self._loop, self._wake
        if loop is not None and event is not None and not loop.is_closed():
            loop.call_soon_threadsafe(event.set)

    async def run(self, stop_event: asyncio.Event,
                  on_new: Callable[[NewArticle], Any] | None = None, *,
                  announce_initial: bool = False) -> None:
        """Poll due feeds until `stop_event` is set. `on_new(NewArticle)` (sync or async) is
        called for each article added, as soon as its feed's poll is done, except a feed's
        first backlog unless `announce_initial`; its failures are logged and do not stop the
        loop. A feed stuck on a slow server holds one worker, never the loop; setting
        `stop_event` ends the loop at once and abandons the polls in progress (`stop`)."""
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._wake = asyncio.Event()
        self._restart()
        news: asyncio.Queue[NewArticle] = asyncio.Queue()

        def deliver(item: NewArticle) -> None:  # from a worker thread
            try:
                loop.call_soon_threadsafe(news.put_nowait, item)
            except RuntimeError:  # the loop is gone (shut down mid-poll): nobody to tell
                pass

        try:
            while not stop_event.is_set():
                self._wake.clear()
                try:
                    busy = await asyncio.to_thread(self.start_due, deliver)  # no network: quick
                except Exception:
                    log.exception("feed poll failed")
                    busy = False
                until = None if busy else self.seconds_until_due()  # busy: a finishing poll wakes us
                delay = self.interval if until is None else min(until, self.interval)
                delay = max(delay, min(0.5, self.interval))
                if not await self._announce_until(delay, news, stop_event, on_new, announce_initial):
                    break
        finally:
            self.stop()
            self._loop = self._wake = None

    async def _announce_until(self, delay: float, news: asyncio.Queue, stop_event: asyncio.Event,
                              on_new, announce_initial: bool) -> bool:
        """Hand on new articles as they come, for `delay` seconds or until woken (a poll ended,
        a feed was added): True, or until `stop_event` is set: False."""
        assert self._wake is not None
        getter = asyncio.ensure_future(news.get())
        until = time.monotonic() + delay
        try:
            while True:
                others = [asyncio.ensure_future(stop_event.wait()), asyncio.ensure_future(self._wake.wait())]
                try:
                    await asyncio.wait([getter, *others], timeout=max(0.0, until - time.monotonic()),
                                       return_when=asyncio.FIRST_COMPLETED)
                finally:
                    for waiter in others:
                        waiter.cancel()
                if stop_event.is_set():
                    return False
                if not getter.done():
                    return True
                await self._hand_on(getter.result(), on_new, announce_initial)
                getter = asyncio.ensure_future(news.get())
        finally:
            getter.cancel()

    @staticmethod
    async def _hand_on(item: NewArticle, on_new, announce_initial: bool) -> None:
        if on_new is None or (item.initial and not announce_initial):
            return
        try:
            result = on_new(item)
            if inspect.isawaitable(result):
                await result
        except Exception:
            log.exception("announcing %s failed", item.article.id)


__all__ = [
    "FeedInfo", "FeedPoller", "NewArticle", "feed_status", "list_feeds",
]
