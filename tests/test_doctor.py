"""`quotebot doctor`: checks the index and, with --repair, rebuilds it from what is intact."""
from __future__ import annotations

import sqlite3
import warnings
from pathlib import Path

import numpy as np
import pytest

from index import doctor
from index.embed import HashingEmbedder
from index.engine import GLOBAL, Engine
from index.text import plural
from index.store import DB_NAME
from index.watch import FolderWatcher

from .conftest import pin_tuning
from .crash_worker import bulk_articles, write_bulk
from .test_store import (  # noqa: F401 - fixtures
    QUESTION, build, read_only_dir, run, scramble_page, settings,
)
from .test_store import open_engine as open_store_engine


def open_engine(tmp_path: Path, **kwargs) -> Engine:
    return pin_tuning(open_store_engine(tmp_path, **kwargs))


def rows_that_read(path: Path, table: str, column: str) -> set:
    """The values of `column` whose row can be read on its own: what a repair can save."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    found = set()
    for rowid in range(1, 500):
        try:
            found |= {row[0] for row in db.execute(f"SELECT {column} FROM {table} WHERE rowid = ?", (rowid,))}
        except sqlite3.DatabaseError:
            pass
    db.close()
    return found


def quotes(engine: Engine, questions: list[str]) -> list[list[tuple]]:
    return [[(q.text, q.article_id, q.paragraph) for q in engine.ask(question).quotes] for question in questions]


def bulk_question(i: int) -> str:
    return " ".join(bulk_articles(12)[i][1].split("\n\n")[2].split(".")[0].split()[:9]) + "?"


def test_a_healthy_index_passes(tmp_path, run):
    build(tmp_path)
    result = run("doctor")
    assert result.exit_code == 0, result.output
    assert "PROBLEM" not in result.output
    assert "integrity check" in result.output and "2 articles" in result.output
    assert "FAISS cache of global" in result.output and "matches the database" in result.output


def test_a_damaged_page_of_articles_is_reported_then_repaired_from_the_rows_that_read(tmp_path, run):
    data = build(tmp_path, extra=12)
    path = data / DB_NAME
    with open_engine(tmp_path) as engine:
        before = {i.id: i for i in engine.articles()}
        order = [i.id for i in engine.articles()]
    scramble_page(path, "articles")
    damaged = path.read_bytes()
    readable = rows_that_read(path, "articles", "id")
    assert 0 < len(readable) < len(before)

    checked = run("doctor")
    assert checked.exit_code == 1
    assert "PROBLEM" in checked.output and str(path) in checked.output and "doctor --repair" in checked.output

    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert f"Added back {plural(len(readable), 'article')}" in repaired.output
    (aside,) = data.glob(f"{DB_NAME}.corrupt-*[0-9]")
    assert aside.read_bytes() == damaged  # the damaged file is kept as it was
    with open_engine(tmp_path) as engine:
        after = engine.articles()
        assert {i.id for i in after} == readable
        assert [i.id for i in after] == [i for i in order if i in readable]  # listed in the same order
        assert all(i.title == before[i.id].title and i.paragraphs == before[i.id].paragraphs for i in after)
        if any(i.title.startswith("Harbour") for i in after):
            assert "twelve million euros" in engine.ask(QUESTION).quotes[0].text
    assert run("doctor").exit_code == 0


def test_a_damaged_derived_table_is_rebuilt_from_the_articles_with_the_same_answers_and_no_model_time(tmp_path, run):
    data = build(tmp_path, extra=12)
    questions = [QUESTION, bulk_question(3), bulk_question(9)]
    with open_engine(tmp_path) as engine:
        expected = quotes(engine, questions)
        titles = sorted(i.title for i in engine.articles())
    scramble_page(data / DB_NAME, "passage_fts_content")
    assert run("doctor").exit_code == 1
    embedder = HashingEmbedder()
    report = doctor.repair(settings(tmp_path), embedder)
    assert report.healthy, report.problems
    assert embedder.calls == 0  # every vector was saved: nothing embedded again
    with open_engine(tmp_path) as engine:
        assert sorted(i.title for i in engine.articles()) == titles
        assert quotes(engine, questions) == expected


def test_a_file_that_is_not_a_database_is_kept_aside_and_replaced_by_an_empty_index(tmp_path, run):
    data = build(tmp_path)
    (data / DB_NAME).write_bytes(b"not a database " * 500)
    assert run("list").exit_code == 1
    checked = run("doctor")
    assert checked.exit_code == 1 and "cannot be opened as a database" in checked.output
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "Nothing could be read" in repaired.output
    (aside,) = data.glob(f"{DB_NAME}.corrupt-*[0-9]")
    assert aside.read_bytes() == b"not a database " * 500
    listed = run("list")
    assert listed.exit_code == 0 and "No articles indexed" in listed.output


def test_a_tampered_faiss_cache_and_a_leftover_temporary_file_are_found_and_fixed(tmp_path, run):
    data = build(tmp_path, extra=3)
    (cache,) = (data / "faiss").glob("*.faiss")
    with open_engine(tmp_path) as engine:
        _, vectors = engine.store.collection_vectors(engine.model, GLOBAL)
    content = cache.read_bytes()
    at = content.find(vectors[0].tobytes())
    cache.write_bytes(content[:at] + (-vectors[0]).tobytes() + content[at + vectors[0].nbytes:])
    (data / "faiss" / f"{cache.name}.tmp4242").write_bytes(b"")  # a write killed half way
    checked = run("doctor")
    assert checked.exit_code == 1
    assert "checksum does not match" in checked.output and "temporary file" in checked.output
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert sorted(p.name for p in (data / "faiss").iterdir()) == [cache.name]
    assert "matches the database" in run("doctor").output


def test_doctor_checks_a_read_only_data_dir_and_repair_says_it_needs_write_access(tmp_path, run, read_only_dir):
    data = build(tmp_path)
    read_only_dir(data)
    checked = run("doctor")
    assert checked.exit_code == 0, checked.output
    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 1 and "read-only" in repaired.output and str(data) in repaired.output


def test_after_a_repair_the_folder_watcher_brings_back_the_articles_that_were_lost(tmp_path):
    folder = tmp_path / "articles"
    write_bulk(folder, 12)
    with open_engine(tmp_path) as engine:
        first = FolderWatcher(engine, folder, settle=0).sync()
        assert len(first.added) == 12
        engine.ask(bulk_question(1))
    path = tmp_path / "data" / DB_NAME
    scramble_page(path, "articles")
    readable = rows_that_read(path, "articles", "id")
    assert doctor.repair(settings(tmp_path), HashingEmbedder()).healthy
    with open_engine(tmp_path) as engine:
        assert {i.id for i in engine.articles()} == readable
        again = FolderWatcher(engine, folder, settle=0).sync()
        # Only the lost ones are read again: the watcher's record of the others was saved.
        assert {i.id for i in again.added} == {i.id for i in first.added} - readable
        assert not again.updated and not again.removed
        assert len(engine.articles()) == 12


def test_a_repair_keeps_the_damaged_file_when_nothing_can_be_rebuilt_in_its_place(tmp_path, monkeypatch):
    data = build(tmp_path, extra=3)
    scramble_page(data / DB_NAME, "articles")
    damaged = (data / DB_NAME).read_bytes()

    def broken_add(self, article, collection=GLOBAL, progress=None):
        raise MemoryError("out of memory half way through")

    monkeypatch.setattr(Engine, "add_article", broken_add)
    with pytest.raises(MemoryError):
        doctor.repair(settings(tmp_path), HashingEmbedder())
    assert (data / DB_NAME).read_bytes() == damaged  # still in place: the repair can simply be rerun
    assert not list(data.glob("*.corrupt-*")) and not list(data.glob(".doctor-*"))


# PostgreSQL ------------------------------------------------------------------------------------
def build_pg(tmp_path: Path, database_url: str) -> Path:
    """The two articles in a PostgreSQL database, with this data dir's FAISS cache of them."""
    from index.ingest import parse_text

    from .test_store import BRIDGE, LIBRARY, settings as store_settings

    with pin_tuning(Engine(store_settings(tmp_path, database_url=database_url), HashingEmbedder())) as engine:
        engine.add_article(parse_text(BRIDGE, source="bridge.md", fmt="md"))
        engine.add_article(parse_text(LIBRARY, source="library.md", fmt="md"))
        engine.ask(QUESTION)  # loads the index, so closing saves the FAISS cache
    return tmp_path / "data"


def test_doctor_checks_the_postgresql_database_and_says_so(tmp_path, run, monkeypatch, database_url):
    import psycopg

    monkeypatch.setenv("QUOTEBOT_DATABASE_URL", database_url)
    build_pg(tmp_path, database_url)
    healthy = run("doctor")
    assert healthy.exit_code == 0, healthy.output
    assert "PROBLEM" not in healthy.output and "SQLite" not in healthy.output
    assert "Checked the PostgreSQL database" in healthy.output and "schema version" in healthy.output
    assert "2 articles" in healthy.output and "tables agree" in healthy.output
    assert "FAISS cache of global" in healthy.output and "matches the database" in healthy.output

    # Damage written behind quotebot's back: a passage's search terms and a sentence's vector lost.
    with psycopg.connect(database_url) as connection:
        passage = connection.execute("SELECT MIN(id) FROM passages").fetchone()[0]
        connection.execute("DELETE FROM passage_terms WHERE passage_id = %s", (passage,))
        connection.execute("DELETE FROM embeddings WHERE key = (SELECT embed_key FROM sentences "
                           "WHERE embed_key NOT IN (SELECT embed_key FROM passages) ORDER BY id LIMIT 1)")
    damaged = run("doctor")
    assert damaged.exit_code == 1, damaged.output
    assert "PROBLEM   The database's tables disagree: the text search index does not match the passages." \
        in damaged.output
    assert "1 sentence has no vector" in damaged.output

    # The repair rebuilds SQLite files: on PostgreSQL it says what to do instead, and touches nothing.
    refused = run("doctor", "--repair")
    assert refused.exit_code == 1 and " ".join(refused.output.split()).startswith(
        f"Error: `quotebot --data-dir {tmp_path / 'data'} doctor --repair` rebuilds the SQLite")
    assert "Traceback" not in refused.output
    assert not (tmp_path / "data" / DB_NAME).exists()


def test_doctor_on_an_empty_postgresql_database_finds_nothing_to_check(tmp_path, run, monkeypatch, database_url):
    monkeypatch.setenv("QUOTEBOT_DATABASE_URL", database_url)
    result = run("doctor")
    assert result.exit_code == 0 and "No index in the PostgreSQL database" in result.output, result.output


def damage_in_place(path: Path, blob: bytes, garbage: bytes) -> int:
    """Overwrite part of a stored value's bytes inside its row (a stretch of the value found
    once in the file, as the value may run over pages): the b-tree stays sound, so SQLite's
    integrity check passes."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    content = path.read_bytes()
    width = len(garbage)
    for start in range(0, len(blob) - width + 1, 4):
        piece = blob[start : start + width]
        if piece.strip(b"\0") and content.count(piece) == 1:
            at = content.find(piece)
            path.write_bytes(content[:at] + garbage + content[at + width:])
            return start
    raise AssertionError("no stretch of the value is found once in the file")


def damage_vectors(tmp_path: Path) -> str:
    """One passage vector and one sentence vector of the harbour bridge article scrambled in
    the database file, as a bad disk would; returns the article's title."""
    with open_engine(tmp_path) as engine:
        db = engine.store.db
        article_id, title = db.execute("SELECT id, title FROM articles WHERE title LIKE '%ridge%'").fetchone()
        passage, sentence = db.execute(
            """SELECT pe.vector, se.vector FROM passages p
                 JOIN embeddings pe ON pe.key = p.embed_key
                 JOIN sentences s ON s.passage_id = p.id JOIN embeddings se ON se.key = s.embed_key
               WHERE p.article_id = ? AND p.seq = 1 ORDER BY s.start LIMIT 1""", (article_id,)).fetchone()
    garbage = np.random.default_rng(7)
    path = tmp_path / "data" / DB_NAME
    damage_in_place(path, passage, np.full(16, 3e30, np.float32).tobytes())
    # The sentence vector's scale (its first 4 bytes) too: 127 times it is past float32's range.
    assert damage_in_place(path, sentence, np.float32(3e38).tobytes() + garbage.bytes(44)) == 0
    return title


def test_damaged_vectors_inside_rows_are_reported_and_embedded_again_by_the_repair(tmp_path, run):
    data = build(tmp_path, extra=3)
    questions = [QUESTION, bulk_question(1)]
    with open_engine(tmp_path) as engine:
        expected = quotes(engine, questions)
    title = damage_vectors(tmp_path)

    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        checked = run("doctor")
    assert not [w for w in warned if issubclass(w.category, RuntimeWarning)]  # numpy's, about the damage
    assert checked.exit_code == 1, checked.output
    assert "passes SQLite's integrity check" in checked.output  # the damage is inside rows
    problem = next(line for line in checked.output.splitlines() if "are damaged" in line)
    assert problem.startswith("PROBLEM") and "1 article" in problem and title in problem

    repaired = run("doctor", "--repair")
    assert repaired.exit_code == 0, repaired.output
    assert "Embedded again the damaged vectors of 1 article" in repaired.output and title in repaired.output
    assert not list(data.glob(f"{DB_NAME}.corrupt-*"))  # the database itself was sound: not rebuilt
    assert run("doctor").exit_code == 0
    with open_engine(tmp_path) as engine:
        assert quotes(engine, questions) == expected
        _, vectors = engine.store.collection_vectors(engine.model, GLOBAL)
        assert np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)


def test_damaged_vectors_print_no_numpy_warning_at_question_time(tmp_path):
    build(tmp_path, extra=3)
    damage_vectors(tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with open_engine(tmp_path) as engine:
            for question in (QUESTION, "When did the bridge reopen?", bulk_question(1)):
                engine.ask(question)
