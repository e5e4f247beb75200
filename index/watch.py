"""Keeping a collection (the global one) in step with the articles folder.

`FolderWatcher.sync()` is one reconciliation pass: every article file in the folder (the
files `quotebot add FOLDER` would read: .txt .md .markdown .html .htm, hidden files and
folders skipped) is compared with what was indexed from it, by size and modification time
remembered in the index database (`watched_files`, index/store/watch.py), so a restart only
reads the files that changed while nothing was running; an article whose source file is gone
is removed. `run()` (async) and `start()`/`stop()` (a thread, for the CLI) do a first pass,
then follow the folder with watchfiles and pass the changed paths to `sync`.

A file is read only once it has settled: its modification time at least `settle` seconds old
and its size and time the same before and after the read. A file still being written is left
pending and looked at again on the next tick. Editor and download leftovers (hidden files,
`~` backups, .tmp/.part/.swp files) never reach the index, being of no article type.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from . import ingest
from .collections import GLOBAL
from .engine import Engine
from .errors import ArticleNotFound, IngestError
from .models import ArticleInfo
from .settings import articles_folder  # re-exported: the folder to watch
from .store.watch import WatchedFiles

log = logging.getLogger(__name__)

_TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".swx",
                  ".bak", ".orig", ".lock")


def is_article_name(name: str) -> bool:
    """A file name the watcher reads (not hidden, not a temp or backup file, an article type)."""
    if not name or name.startswith((".", "~")) or name.endswith("~"):
        return False
    lower = name.lower()
    return lower.endswith(ingest.ARTICLE_SUFFIXES) and not lower.endswith(_TEMP_SUFFIXES)


@dataclass
class SyncResult:
    added: list[ArticleInfo] = field(default_factory=list)
    updated: list[ArticleInfo] = field(default_factory=list)
    removed: list[ArticleInfo] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    pending: list[str] = field(default_factory=list)  # still being written: looked at again later

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def describe(self) -> str:
        parts = [f"{len(items)} {what}" for items, what in (
            (self.added, "added"), (self.updated, "updated"), (self.removed, "removed"),
            (self.failed, "unreadable"), (self.pending, "pending"),
        ) if items]
        return ", ".join(parts) or "no change"


class FolderWatcher:
    """Mirrors the article files of `folder` into `collection` of `engine`.

    `settle`: seconds a file must have been left alone before it is read. `debounce_ms`,
    `tick_ms`: how watchfiles groups events, and how often pending files are looked at again.
    """

    def __init__(self, engine: Engine, folder: str | os.PathLike, collection: str = GLOBAL, *,
                 settle: float = 1.0, debounce_ms: int = 400, tick_ms: int | None = None,
                 force_polling: bool | None = None):
        self.engine = engine
        self.store = engine.store
        self.collection = collection
        self.files = WatchedFiles(self.store, collection)
        self.folder = Path(ingest.file_source(folder))
        self.settle = settle
        self.debounce_ms = debounce_ms
        self.tick_ms = tick_ms or max(100, int(settle * 500))
        self.force_polling = force_polling
        self._lock = threading.Lock()  # one sync at a time
        self._pending: set[str] = set()
        self._thread: threading.Thread | None = None
        self._thread_stop: threading.Event | None = None
        self.files.create()

    # paths ----------------------------------------------------------------------------------
    @property
    def _prefix(self) -> str:
        return str(self.folder).rstrip(os.sep) + os.sep

    def _inside(self, path: str) -> bool:
        return path.startswith(self._prefix)

    def _watched(self, path: str) -> bool:
        """Inside the folder, in no hidden subfolder, with an article file's name."""
        if not self._inside(path):
            return False
        parts = path[len(self._prefix):].split(os.sep)
        return (not any(p.startswith(".") for p in parts[:-1]) and is_article_name(parts[-1])
                and not ingest.links_out_of(path, self.folder))

    def _files(self) -> dict[str, os.stat_result]:
        found: dict[str, os.stat_result] = {}
        for dirpath, dirnames, filenames in os.walk(self.folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                path = os.path.join(dirpath, name)
                if self._watched(path):
                    stat = _stat(path)
                    if stat is not None:
                        found[path] = stat
        return found

    def _event_filter(self, change, path: str) -> bool:
        """Which watchfiles events matter: article files, and anything that may be a folder."""
        path = ingest.file_source(path)
        if not self._inside(path):
            return path == str(self.folder)
        parts = path[len(self._prefix):].split(os.sep)
        if any(p.startswith(".") for p in parts):
            return False
        return is_article_name(parts[-1]) or os.path.isdir(path) or "." not in parts[-1]

    # state ----------------------------------------------------------------------------------
    def _known(self) -> dict[str, tuple[int, int, str | None]]:
        return {path: (f.mtime_ns, f.size, f.article_id) for path, f in self.files.under(self._prefix).items()}

    def _stored_sources(self) -> set[str]:
        return self.store.sources_under(self.collection, self._prefix)

    def _adopt_relative_sources(self) -> None:
        """Articles indexed before sources were stored as absolute paths: give those under the
        folder their absolute path, so they are recognised (and removed with their file)."""
        moves = [(article_id, ingest.file_source(source))
                 for article_id, source in self.store.relative_sources(self.collection)
                 if not os.path.isabs(source) and self._inside(ingest.file_source(source))]
        if moves:
            with self.store.transaction() as db:
                self.store.set_sources(db, self.collection, moves)

    def _remember(self, path: str, stat: os.stat_result, article_id: str | None, error: str | None) -> None:
        self.files.remember(path, stat.st_mtime_ns, stat.st_size, article_id, error)

    def _forget(self, path: str) -> None:
        self.files.forget(path)

    # syncing --------------------------------------------------------------------------------
    def sync(self, paths: Iterable[str | os.PathLike] | None = None) -> SyncResult:
        """Reconcile the collection with the folder (or only with `paths` and the files still
        pending) and return what changed. A missing folder changes nothing."""
        with self._lock:
            result = SyncResult()
            if not self.folder.is_dir():
                log.warning("the articles folder %s does not exist; nothing synced", self.folder)
                return result
            wanted = None if paths is None else {ingest.file_source(p) for p in paths}
            if wanted is not None and any(not self._watched(p) or os.path.isdir(p) for p in wanted):
                wanted = None  # a folder moved, or something unexpected: look at everything
            known = self._known()
            if wanted is None:
                self._adopt_relative_sources()
                present = self._files()
                candidates = set(present) | set(known) | self._stored_sources() | self._pending
            else:
                candidates = wanted | self._pending
                present = {p: s for p in candidates if self._watched(p) and (s := _stat(p)) is not None}
            self._pending = set()
            recheck: set[str] = set()
            now = time.time()
            for path in sorted(candidates):
                stat = present.get(path)
                if stat is None or not self._watched(path):
                    removed = self._remove(path, result)
                    if path in known:
                        self._forget(path)
                    recheck |= self._holders(removed, exclude=path)
                    continue
                record = known.get(path)
                if record is not None and record[:2] == (stat.st_mtime_ns, stat.st_size):
                    continue  # unchanged since it was last read (or deliberately removed)
                self._read(path, stat, now, result)
            for path in sorted(recheck - set(result.pending)):
                # another copy of a removed article's text: it holds the article now
                stat = _stat(path)
                if stat is not None:
                    self._read(path, stat, now, result)
            self._pending = set(result.pending)
            return result

    def _read(self, path: str, stat: os.stat_result, now: float, result: SyncResult) -> None:
        if now - stat.st_mtime < self.settle:
            result.pending.append(path)
            return
        try:
            article = ingest.read_file(Path(path), max_bytes=self.engine.settings.max_download_bytes)
        except IngestError as error:
            if _changed(path, stat):
                result.pending.append(path)
                return
            # The file no longer holds a readable article: its old version goes with it.
            self._remove(path, result)
            result.failed.append((path, error.reason))
            self._remember(path, stat, None, error.reason)
            log.warning("articles folder: %s not indexed: %s", path, error.reason)
            return
        if _changed(path, stat):  # written to while it was read: read it again once settled
            result.pending.append(path)
            return
        added = self.engine.add_article(article, self.collection)
        if added.status == "added":
            result.added.append(added.article)
        elif added.status == "updated":
            result.updated.append(added.article)
        self._remember(path, stat, added.article.id, None)

    def _remove(self, path: str, result: SyncResult) -> set[str]:
        removed: set[str] = set()
        for article_id in self.store.article_ids_from_source(self.collection, path):
            try:
                result.removed.append(self.engine.remove(article_id, self.collection))
                removed.add(article_id)
            except ArticleNotFound:  # removed meanwhile by someone else
                pass
        return removed

    def _holders(self, article_ids: set[str], exclude: str) -> set[str]:
        return {path for path in self.files.holding(article_ids, exclude) if self._watched(path)}

    # running --------------------------------------------------------------------------------
    def _handle(self, changes: set[tuple[Any, str]]) -> SyncResult | None:
        if not changes and not self._pending:
            return None
        paths = {ingest.file_source(p) for _, p in changes}
        if str(self.folder) in paths or any(not self._watched(p) or os.path.isdir(p) for p in paths):
            return self.sync()
        return self.sync(paths)

    def _report(self, result: SyncResult | None) -> None:
        if result is None:
            return
        for info in result.added:
            log.info("articles folder: added %s %r (%s)", info.id, info.title, info.source)
        for info in result.updated:
            log.info("articles folder: updated %s %r (%s)", info.id, info.title, info.source)
        for info in result.removed:
            log.info("articles folder: removed %s %r (%s)", info.id, info.title, info.source)

    async def run(self, stop_event: asyncio.Event | threading.Event | None = None,
                  on_change: Callable[[SyncResult], Any] | None = None) -> None:
        """Sync once, then follow the folder until `stop_event` is set. `on_change(result)`
        (sync or async) is called after each pass that changed the collection."""
        import watchfiles

        stop_event = stop_event or asyncio.Event()
        if not self.folder.is_dir():
            log.warning("the articles folder %s does not exist; not watching it", self.folder)
            return

        async def report(result: SyncResult | None) -> None:
            self._report(result)
            if on_change is not None and result is not None and (result.changed or result.failed):
                try:
                    value = on_change(result)
                    if inspect.isawaitable(value):
                        await value
                except Exception:
                    log.exception("articles folder: on_change failed")

        await report(await asyncio.to_thread(self.sync))
        log.info("watching %s", self.folder)
        armed = False
        async for changes in watchfiles.awatch(
            self.folder, watch_filter=self._event_filter, stop_event=stop_event,
            debounce=self.debounce_ms, step=50, rust_timeout=self.tick_ms, yield_on_timeout=True,
            force_polling=self.force_polling,
        ):
            if stop_event.is_set():
                break
            try:
                if not armed:
                    # watchfiles starts watching only once this loop asks it for changes: a file
                    # dropped between the first sync and then raised no event, so look at
                    # everything once more (the changes yielded now are among it)
                    armed = True
                    await report(await asyncio.to_thread(self.sync))
                    continue
                await report(await asyncio.to_thread(self._handle, changes))
            except Exception:  # a bad moment (disk error, database busy): try again next tick
                log.exception("articles folder: sync failed")

    def run_forever(self, stop_event: threading.Event) -> None:
        """`run` for a thread of its own: sync, then follow until `stop_event` is set. The
        same loop as `run`, on an event loop of this thread (watchfiles and `run` only ask
        the event `is_set()`, which a `threading.Event` answers)."""
        asyncio.run(self.run(stop_event))

    def start(self) -> None:
        """Watch in a background thread until `stop()`."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._thread_stop = threading.Event()
        self._thread = threading.Thread(target=self.run_forever, args=(self._thread_stop,),
                                        name="quotebot-watch", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        if self._thread_stop is not None:
            self._thread_stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
        self._thread = self._thread_stop = None


def _stat(path: str) -> os.stat_result | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    import stat as stat_module

    return stat if stat_module.S_ISREG(stat.st_mode) else None


def _changed(path: str, before: os.stat_result) -> bool:
    after = _stat(path)
    return after is None or (after.st_mtime_ns, after.st_size) != (before.st_mtime_ns, before.st_size)


__all__ = ["FolderWatcher", "SyncResult", "articles_folder", "is_article_name"]
