"""index.watch: the articles folder mirrored into the global collection, by reconciliation
passes (what changed while nothing ran) and by the real watchfiles watcher."""
from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path

import pytest

from index import feeds, ingest
from index.engine import GLOBAL, Engine
from index.ingest import parse_text
from index.watch import FolderWatcher, SyncResult, articles_folder, is_article_name

from .conftest import make_settings, pinned_engine

BRIDGE = """# Harbour bridge reopens
The harbour bridge reopened on Monday after eighteen months of repairs that cost the port authority twelve million euros.

Engineers replaced the rusted cables and the old wooden deck, and the bridge can now carry heavy lorries again.
"""
LIBRARY = """# Library opens on Sundays
The municipal library will open on Sundays from next month, the culture department announced on Thursday.

Volunteers from the reading club offered to staff the lending desk so that the extra day costs the city nothing.
"""
ORCHARD = """# Record apple harvest
Apple growers in the valley expect a record harvest after a mild spring without any late frost.

The cooperative has hired forty seasonal pickers and rented two refrigerated warehouses for the surplus.
"""
FERRY = """# Ferry timetable changes
The island ferry will leave every forty minutes from the first of May, the shipping company said.
"""

BRIDGE_Q = "How much did the repairs of the harbour bridge cost?"
LIBRARY_Q = "When will the municipal library open on Sundays?"
ORCHARD_Q = "Why do apple growers expect a record harvest?"


def write(path: Path, text: str, age: float = 5.0) -> Path:
    """Write a file whose modification time is `age` seconds in the past (settled)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def quotes(engine: Engine, question: str) -> list[str]:
    answer = engine.ask(question)
    return [q.text for q in answer.quotes] if answer.answered else []


def titles(result: SyncResult) -> dict[str, list[str]]:
    return {k: sorted(i.title for i in getattr(result, k)) for k in ("added", "updated", "removed")}


@pytest.fixture
def folder(tmp_path) -> Path:
    path = tmp_path / "articles"
    path.mkdir()
    return path


def test_sync_reconciles_what_changed_while_nothing_ran(tmp_path, folder, embedder, monkeypatch):
    a = write(folder / "bridge.md", BRIDGE)
    write(folder / "library.md", LIBRARY)
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        result = FolderWatcher(engine, folder).sync()
        assert titles(result)["added"] == ["Harbour bridge reopens", "Library opens on Sundays"]
        assert {i.source for i in engine.articles()} == {str(folder / "bridge.md"), str(folder / "library.md")}
        assert any("twelve million" in q for q in quotes(engine, BRIDGE_Q))

    # while nothing runs: one file edited, one deleted, one added, one untouched
    write(a, BRIDGE.replace("twelve million", "fifteen million"))
    (folder / "library.md").unlink()
    write(folder / "sub" / "orchard.md", ORCHARD)
    reads = []
    real_read = ingest.read_file
    monkeypatch.setattr(ingest, "read_file", lambda path, **kw: reads.append(Path(path).name) or real_read(path, **kw))
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        result = FolderWatcher(engine, folder).sync()
        assert titles(result) == {"added": ["Record apple harvest"], "updated": ["Harbour bridge reopens"],
                                  "removed": ["Library opens on Sundays"]}
        assert sorted(reads) == ["bridge.md", "orchard.md"]  # the unchanged file is not read again
        assert len(engine.articles()) == 2
        bridge = quotes(engine, BRIDGE_Q)
        assert any("fifteen million" in q for q in bridge) and not any("twelve" in q for q in bridge)
        assert quotes(engine, LIBRARY_Q) == []
        assert quotes(engine, ORCHARD_Q)
        again = FolderWatcher(engine, folder).sync()
        assert not again.changed and reads == ["bridge.md", "orchard.md"]


def test_hidden_temporary_and_other_files_are_ignored(tmp_path, folder, embedder):
    for name in (".bridge.md", "bridge.md~", "bridge.md.tmp", "~$bridge.md", ".drafts/bridge.md",
                 "bridge.md.part", "bridge.pdf", "notes"):
        write(folder / name, BRIDGE)
    assert not any(is_article_name(n) for n in (".a.md", "a.md~", "a.md.swp", "a.tmp", "~a.md", "a.pdf"))
    assert all(is_article_name(n) for n in ("a.md", "a.TXT", "a.markdown", "a.html", "a.htm"))
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        result = FolderWatcher(engine, folder).sync()
        assert not result.changed and not result.failed
        assert engine.articles() == []


def test_a_link_to_a_file_outside_the_folder_is_not_watched(tmp_path, folder, embedder):
    outside = write(tmp_path / "elsewhere" / "bridge.md", BRIDGE)
    (folder / "bridge.md").symlink_to(outside)
    write(folder / "library.md", LIBRARY)
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        result = FolderWatcher(engine, folder).sync()
        assert titles(result)["added"] == ["Library opens on Sundays"] and not result.failed
        assert quotes(engine, BRIDGE_Q) == []


def test_a_file_still_being_written_waits_until_it_settles(tmp_path, folder, embedder, monkeypatch):
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        watcher = FolderWatcher(engine, folder, settle=0.3)
        path = folder / "library.md"
        path.write_text(LIBRARY[: len(LIBRARY) // 2])  # just written: too fresh to read
        result = watcher.sync([path])
        assert result.pending == [str(path)] and engine.articles() == []

        # written to while it is being read: not indexed, read again later
        write(path, LIBRARY)
        real_read = ingest.read_file

        def read_while_written(p, **kw):
            article = real_read(p, **kw)
            with open(p, "a") as handle:
                handle.write("\nOne more sentence arrives while the file is being read by the watcher.\n")
            return article

        monkeypatch.setattr(ingest, "read_file", read_while_written)
        result = watcher.sync([])  # the pending file is looked at again
        assert result.pending == [str(path)] and engine.articles() == []
        monkeypatch.undo()
        os.utime(path, (time.time() - 1,) * 2)  # as if left alone for longer than `settle`
        result = watcher.sync([])
        assert titles(result)["added"] == ["Library opens on Sundays"]
        (info,) = engine.articles()
        assert engine.store.article(GLOBAL, info.id).text.endswith("by the watcher.")


def test_a_file_that_stops_being_an_article_takes_its_old_version_with_it(tmp_path, folder, embedder):
    path = write(folder / "bridge.md", BRIDGE)
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        watcher = FolderWatcher(engine, folder, settle=0)
        watcher.sync()
        write(path, "Too short to be an article.", age=3)
        result = watcher.sync([path])
        assert titles(result)["removed"] == ["Harbour bridge reopens"]
        assert result.failed and "no article text" in result.failed[0][1]
        assert engine.articles() == []
        assert not watcher.sync().changed  # an unreadable, unchanged file is not retried
        write(path, BRIDGE, age=1)
        assert titles(watcher.sync([path]))["added"] == ["Harbour bridge reopens"]


def test_deleting_one_of_two_copies_keeps_the_article(tmp_path, folder, embedder):
    write(folder / "a.md", BRIDGE)
    write(folder / "b.md", BRIDGE)
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        watcher = FolderWatcher(engine, folder, settle=0)
        watcher.sync()
        assert len(engine.articles()) == 1
        holder = Path(engine.articles()[0].source)
        holder.unlink()
        watcher.sync([holder])
        (info,) = engine.articles()
        assert info.source != str(holder) and Path(info.source).exists()
        assert quotes(engine, BRIDGE_Q)


def test_articles_indexed_with_relative_paths_are_adopted(tmp_path, folder, embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(folder / "bridge.md", BRIDGE)
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        # as an older version stored it: the path as the user typed it
        engine.add_article(parse_text(BRIDGE, source="articles/bridge.md", fmt="md"))
        watcher = FolderWatcher(engine, "articles", settle=0)
        assert not watcher.sync().changed
        assert engine.articles()[0].source == str(folder / "bridge.md")
        (folder / "bridge.md").unlink()
        assert titles(watcher.sync())["removed"] == ["Harbour bridge reopens"]


def test_a_missing_folder_changes_nothing(tmp_path, folder, embedder):
    write(folder / "bridge.md", BRIDGE)
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        FolderWatcher(engine, folder).sync()
        folder.rename(tmp_path / "elsewhere")  # an unmounted drive must not empty the index
        assert not FolderWatcher(engine, folder).sync().changed
        assert len(engine.articles()) == 1


def test_articles_folder_falls_back_to_the_bundled_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert articles_folder(make_settings(tmp_path, articles_dir=Path("articles"))).name == "articles"
    assert articles_folder(make_settings(tmp_path, articles_dir=tmp_path / "x")) == tmp_path / "x"


async def eventually(check, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        await asyncio.sleep(0.05)


async def test_the_watcher_follows_drops_edits_and_deletes(tmp_path, folder, embedder):
    write(folder / "orchard.md", ORCHARD)  # there before the watcher starts
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        watcher = FolderWatcher(engine, folder, settle=0.2, debounce_ms=50, tick_ms=100)
        passes: list[SyncResult] = []
        stop = asyncio.Event()
        task = asyncio.create_task(watcher.run(stop, on_change=passes.append))
        started = time.monotonic()
        await eventually(lambda: bool(engine.articles()))

        path = folder / "bridge.md"
        path.write_text(BRIDGE)
        await eventually(lambda: bool(quotes(engine, BRIDGE_Q)))
        assert any("twelve million" in q for q in quotes(engine, BRIDGE_Q))

        path.write_text(BRIDGE.replace("twelve million", "fifteen million"))
        await eventually(lambda: any("fifteen" in q for q in quotes(engine, BRIDGE_Q)))
        assert not any("twelve" in q for q in quotes(engine, BRIDGE_Q))

        # a file written in two goes is read once, whole
        slow = folder / "library.md"
        with open(slow, "w") as handle:
            handle.write(LIBRARY[:60])
            handle.flush()
            await asyncio.sleep(0.12)
            handle.write(LIBRARY[60:])
        def library_versions():
            return [i for p in passes for i in p.added + p.updated if i.title.startswith("Library")]

        # the pass is reported after its commit, so wait for the report, not for the quotes
        await eventually(lambda: bool(library_versions()))
        assert quotes(engine, LIBRARY_Q)
        versions = library_versions()
        assert len(versions) == 1 and versions[0].paragraphs == 2

        path.unlink()
        await eventually(lambda: not any("bridge" in q for q in quotes(engine, BRIDGE_Q)))
        assert sorted(a.title for a in engine.articles()) == ["Library opens on Sundays", "Record apple harvest"]

        (folder / ".scratch.md").write_text(BRIDGE)  # hidden: never indexed
        # a file dropped after it is indexed: by then the watcher has seen the hidden one
        write(folder / "ferry.md", FERRY)
        await eventually(lambda: any(i.title == "Ferry timetable changes" for p in passes for i in p.added))
        assert not any("bridge" in q for q in quotes(engine, BRIDGE_Q))
        stop.set()
        await asyncio.wait_for(task, 3)
        assert time.monotonic() - started < 10


def test_the_thread_runner_starts_and_stops(tmp_path, folder, embedder):
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        watcher = FolderWatcher(engine, folder, settle=0.1, debounce_ms=50, tick_ms=100)
        watcher.start()
        try:
            (folder / "orchard.md").write_text(ORCHARD)
            deadline = time.monotonic() + 20
            while not engine.articles():
                assert time.monotonic() < deadline
                time.sleep(0.05)
        finally:
            started = time.monotonic()
            watcher.stop()
            assert time.monotonic() - started < 2
        assert watcher._thread is None


def test_remove_source_accepts_any_form_of_the_path(tmp_path, folder, embedder, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(folder / "bridge.md", BRIDGE)
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        engine.add("articles/bridge.md")
        assert engine.articles()[0].source == str(folder / "bridge.md")
        assert [i.title for i in engine.remove_source("./articles/../articles/bridge.md")] == ["Harbour bridge reopens"]


def test_status_reports_counts_age_model_and_feeds(tmp_path, folder, embedder, monkeypatch):
    import json

    from click.testing import CliRunner

    from bot.cli import cli

    write(folder / "bridge.md", BRIDGE)
    with pinned_engine(make_settings(tmp_path, feeds=["https://feeds.example/rss"]), embedder) as engine:
        FolderWatcher(engine, folder).sync()
        status = feeds.status(engine)
    assert status["collections"] == {GLOBAL: {"articles": 1, "passages": status["passages"]}}
    assert status["articles"] == 1 and status["passages"] >= 2
    assert 0 <= status["index_age"] < 60 and status["written_at"] <= time.time()
    assert status["fingerprint"] == embedder.fingerprint
    assert status["feeds"][0]["url"] == "https://feeds.example/rss"
    assert status["feeds"][0]["last_result"] == "not polled yet"

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("QUOTEBOT_MODEL", embedder.fingerprint.rsplit(":", 1)[0])
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "status", "--json"], obj={})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["articles"] == 1
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "status"], obj={})
    assert result.exit_code == 0 and "1 article," in result.output
