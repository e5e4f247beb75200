"""The Store on PostgreSQL (QUOTEBOT_DATABASE_URL), against a real server this session starts
(tests/postgres.py): the engine's add/ask/remove/replace contract on both backends, BM25 and
the vocabulary as SQLite's FTS5 gives them, two processes' Stores on one database, and an ask
during a write seeing the index before or after it, never a mix."""
from __future__ import annotations

import threading

import faiss
import pytest

from index.engine import GLOBAL, Engine, guild_collection
from index.errors import StorageError
from index.ingest import parse_text
from index.settings import Settings
from index.store import Store, open_store
from index.store.feeds import FeedRepository
from index.store.pg import MIGRATIONS, PgStore
from index.store.watch import WatchedFiles
from index.text import fts_match, stems, words

from . import postgres
from .conftest import LAUNCH_ARTICLE, make_settings, pinned_engine
# The engine's own contract tests, run again here on PostgreSQL (this module's `engine` fixture).
from .test_engine import (BAKERY, TRAMS, test_collections_are_isolated,  # noqa: F401
                          test_digest_quotes_the_latest_articles, test_find_article_by_title_or_id_prefix,
                          test_a_follow_up_with_no_subject_of_its_own_is_not_asked_of_every_other_article,
                          test_a_follow_up_naming_a_story_in_lowercase_is_still_asked_of_every_article,
                          test_chat_spellings_and_job_titles_do_not_move_a_question_to_another_story,
                          test_a_capitalised_word_still_names_another_story_even_one_chat_uses,
                          test_a_summary_quotes_no_disclaimer_and_no_byline,
                          test_a_file_edited_in_place_replaces_its_previous_version,
                          test_an_off_topic_question_gets_no_random_quote,
                          test_quotes_are_verbatim_substrings_cited_to_their_paragraph,
                          test_reindex_keeps_which_article_is_the_most_recent,
                          test_summary_is_in_article_order_and_cited, trams)
from .test_watch import BRIDGE, LIBRARY, ORCHARD

WAIT = 30  # seconds an event may take before the test fails rather than hangs


def open_engine(settings: Settings, embedder) -> Engine:
    engine = pinned_engine(settings, embedder)
    # QUOTEBOT_DATABASE_URL alone decides where the engine's store lives.
    assert isinstance(engine.store, PgStore) == bool(settings.database_url)
    return engine


@pytest.fixture
def engine(tmp_path, embedder, database_url):
    with open_engine(make_settings(tmp_path, database_url=database_url), embedder) as engine:
        yield engine


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, tmp_path):
    """Settings overrides for one backend."""
    if request.param == "sqlite":
        return {}
    return {"database_url": postgres.new_database(request.getfixturevalue("postgres_server"))}


def counts(engine: Engine) -> tuple[int, int, int, int]:
    """Passages, sentences, passages in the text index, vectors in FAISS."""
    db = engine.store.db
    lexical = ("SELECT COUNT(DISTINCT passage_id) FROM passage_terms" if engine.store.dialect == "postgresql"
               else "SELECT COUNT(*) FROM passage_fts")
    return (db.execute("SELECT COUNT(*) FROM passages").fetchone()[0],
            db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0],
            db.execute(lexical).fetchone()[0],
            engine.vectors.load(GLOBAL).ntotal)


# the engine's contract on both backends -------------------------------------------------------

def test_the_backend_is_the_one_asked_for(tmp_path, embedder, backend):
    with open_engine(make_settings(tmp_path, **backend), embedder) as engine:
        assert isinstance(engine.store, PgStore) == bool(backend)
        engine.add_article(trams())
    if backend:  # the articles are in the database, not in the data dir
        with open_store(tmp_path / "elsewhere", None, backend["database_url"]) as store:
            assert [a.title for a in store.article_infos([GLOBAL])] == ["Trams come back to Northtown"]


def test_adding_unchanged_content_again_is_a_no_op(tmp_path, embedder, backend):
    with open_engine(make_settings(tmp_path, **backend), embedder) as engine:
        first = engine.add_article(trams())
        calls, before = embedder.calls, counts(engine)
        again = engine.add_article(trams())
        assert (first.status, again.status) == ("added", "unchanged")
        assert embedder.calls == calls and counts(engine) == before


def test_changed_content_replaces_the_old_version_without_orphans(tmp_path, embedder, backend):
    with open_engine(make_settings(tmp_path, **backend), embedder) as engine:
        engine.add_article(trams())
        before = counts(engine)
        assert engine.add_article(trams(TRAMS.replace("fish market", "lighthouse"))).status == "updated"
        assert counts(engine) == before and before[0] == before[2] == before[3] == 3
        ids = set(faiss.vector_to_array(engine.vectors.load(GLOBAL).id_map))
        assert ids == {r[0] for r in engine.store.db.execute("SELECT id FROM passages")}
        quotes = engine.ask("Which stop near the lighthouse did residents ask for?").quotes
        assert quotes and "lighthouse" in quotes[0].text
        assert not any("fish market" in q.text for q in quotes)
        assert engine.store.missing_words(["fish", "lighthouse"], [GLOBAL]) == {"fish"}


def test_a_crash_in_the_middle_of_a_write_leaves_the_previous_state(tmp_path, embedder, backend, monkeypatch):
    with open_engine(make_settings(tmp_path, **backend), embedder) as engine:
        engine.add_article(trams())
        before = counts(engine), engine.ask("What will the works cost?").to_json(), engine.store.vocabulary()

        def crash(db, *args, **kwargs):
            db.execute("DELETE FROM passages")  # half of the work done...
            raise RuntimeError("power cut")  # ...then the process dies

        monkeypatch.setattr(engine.store, "replace_article", crash)
        with pytest.raises(RuntimeError):
            engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
        monkeypatch.undo()
        assert (counts(engine), engine.ask("What will the works cost?").to_json(), engine.store.vocabulary()) == before
        assert [a.title for a in engine.articles()] == ["Trams come back to Northtown"]


def test_remove_takes_the_passages_vectors_and_words_with_it(tmp_path, embedder, backend):
    with open_engine(make_settings(tmp_path, **backend), embedder) as engine:
        engine.add_article(trams())
        bakery = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article
        assert "sourdough" in engine.store.vocabulary()
        engine.remove(bakery.id)
        assert counts(engine)[3] == counts(engine)[0] == counts(engine)[2] == 3
        assert "sourdough" not in engine.store.vocabulary()
        assert engine.store.missing_words(["sourdough"], [GLOBAL]) == {"sourdough"}
        answer = engine.ask("Which bakery won the bread prize for sourdough?")
        assert all(q.article_id != bakery.id for q in answer.quotes)


def test_state_survives_a_restart(tmp_path, embedder, backend):
    settings = make_settings(tmp_path, **backend)
    with open_engine(settings, embedder) as engine:
        engine.add_article(trams())
        expected = engine.ask("What will the works cost?").to_json()
    with open_engine(settings, embedder) as engine:
        assert engine.ask("What will the works cost?").to_json() == expected


def test_the_feed_and_watcher_tables_keep_one_row_per_key(tmp_path, backend):
    store = open_store(tmp_path / "data", None, backend.get("database_url"))
    feeds = FeedRepository(store)
    feeds.create()
    feeds.add("g", "https://news.example/feed", "News", 1.0)
    feeds.add("g", "https://news.example/feed", "Other title", 2.0)  # already followed: nothing changes
    feeds.remember_entry("g", "https://news.example/a", "https://news.example/feed", "guid-a", None, None, 3.0)
    feeds.remember_entry("g", "https://news.example/a", "https://news.example/feed", "guid-a", "art1", "c1", 4.0)
    [info] = feeds.feeds("g")
    assert (info.title, info.added_at, info.articles) == ("News", 1.0, 1)
    assert feeds.seen("g", "other-key", "guid-a") and feeds.article_with_text("g", "c1") == "art1"
    watched = WatchedFiles(store, "g")
    watched.create()
    watched.remember("/docs/a.md", 1, 10, None, "unreadable")
    watched.remember("/docs/a.md", 2, 20, "art1", None)
    assert {p: (w.mtime_ns, w.size, w.article_id) for p, w in watched.under("/docs/").items()} == {
        "/docs/a.md": (2, 20, "art1")}
    store.close()


# lexical search as FTS5 gives it ---------------------------------------------------------------

# FTS5 cuts "1,000" and "3.5" into two terms each, a phrase whose terms must be adjacent: here
# "3" and "5" also stand apart, and "1" and "000" in the other order.
NUMBERS = """# The council buys a truck
The council paid 1,000 euros for a 3.5 tonne truck, the third of 3 trucks bought since 2000.

Each of the 5 older trucks cost 000 1 euros less, the 3 mechanics said, and 5 000 kilometres later.
"""


def test_bm25_ranks_and_scores_as_sqlites_fts5(tmp_path, embedder, postgres_server):
    texts = [TRAMS, BAKERY, BRIDGE, LIBRARY, ORCHARD, LAUNCH_ARTICLE.read_text(), NUMBERS]
    stores = {}
    for name, url in (("sqlite", None), ("postgresql", postgres.new_database(postgres_server))):
        engine = open_engine(make_settings(tmp_path / name, database_url=url), embedder)
        for i, text in enumerate(texts):
            engine.add_article(parse_text(text, source=f"{i}.md", fmt="md"), GLOBAL if i % 2 else guild_collection(1))
        stores[name] = engine
    sqlite, pg = stores["sqlite"].store, stores["postgresql"].store
    questions = ["How much will the construction works cost?", "Which bakery won the bread prize?",
                 "When was the bridge repaired and who paid?", "What does the Bitcoin white paper describe?",
                 "Who said that the works begin in spring?", "apples orchard harvest frost running runs",
                 "Who paid 1,000 euros for the 3.5 tonne truck?", "Were 5 000 trucks bought in 2000?"]
    for question in questions:
        match = fts_match(question)
        for collections in ([GLOBAL], [GLOBAL, guild_collection(1)]):
            want = sqlite.bm25(match, collections, 10)
            got = pg.bm25(match, collections, 10)
            assert [row[0] for row in got] == [row[0] for row in want], question
            assert [row[1] for row in got] == pytest.approx([row[1] for row in want], rel=1e-6), question
        best = sqlite.bm25(match, [GLOBAL, guild_collection(1)], 1)[0][0]
        article = sqlite.passages([best])[best].article_id  # the same id on both: ids come from the text
        want = sqlite.bm25(match, [GLOBAL, guild_collection(1)], 5, article)
        got = pg.bm25(match, [GLOBAL, guild_collection(1)], 5, article)
        assert [(i, c) for i, _, c in got] == [(i, c) for i, _, c in want]
        assert [s for _, s, _ in got] == pytest.approx([s for _, s, _ in want], rel=1e-6)
    terms = sorted(set(stems(words(" ".join(questions)))) | {"nosuchword"})
    assert pg.idf(terms) == pytest.approx(sqlite.idf(terms))
    assert pg.max_idf() == pytest.approx(sqlite.max_idf())
    vocabulary = sqlite.vocabulary()
    assert {t: n for t, n in pg.vocabulary().items() if t in vocabulary} == vocabulary
    probe = ["bakery", "sourdough", "bridge", "nosuchword", "Bitcoin", "1,000", "3.5", "5.3", "000,1"]
    for collections in ([GLOBAL], [guild_collection(1)]):
        assert pg.missing_words(probe, collections) == sqlite.missing_words(probe, collections)
    for article in sqlite.article_infos([GLOBAL, guild_collection(1)]):
        assert (pg.missing_words(probe, [article.collection], article.id)
                == sqlite.missing_words(probe, [article.collection], article.id)), article.title
    for engine in stores.values():
        engine.close()


# several processes on one database ----------------------------------------------------------

def test_two_stores_on_one_database_see_each_others_adds_and_removes(tmp_path, embedder, database_url):
    # Two engines with their own data dirs (FAISS caches): two bot processes on two hosts.
    one = open_engine(make_settings(tmp_path / "one", database_url=database_url), embedder)
    two = open_engine(make_settings(tmp_path / "two", database_url=database_url), embedder)
    question = "Which bakery won the bread prize for sourdough?"
    assert not two.ask(question).answered
    bakery = one.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article
    answer = two.ask(question)
    assert answer.answered and answer.quotes[0].article_id == bakery.id
    two.remove(bakery.id)
    assert not one.ask(question).answered
    assert one.articles() == two.articles() == []
    one.close()
    two.close()


def test_an_ask_during_a_write_sees_the_index_before_or_after_it(tmp_path, embedder, database_url):
    writer = open_engine(make_settings(tmp_path / "writer", database_url=database_url), embedder)
    reader = open_engine(make_settings(tmp_path / "reader", database_url=database_url), embedder)
    writer.add_article(trams())
    question = "Which stop near the fish market did residents ask for?"
    before = reader.ask(question).to_json()
    assert "fish market" in before["quotes"][0]["text"]
    written, release = threading.Event(), threading.Event()
    replace = writer.store.replace_article

    def replace_then_wait(*args, **kwargs):
        result = replace(*args, **kwargs)
        written.set()  # the new version is written, not committed
        assert release.wait(WAIT)
        return result

    writer.store.replace_article = replace_then_wait
    failures = []

    def edit():
        try:
            writer.add_article(trams(TRAMS.replace("fish market", "lighthouse")))
        except BaseException as error:  # reported by the main thread
            failures.append(error)

    thread = threading.Thread(target=edit)
    thread.start()
    try:
        assert written.wait(WAIT)
        assert reader.ask(question).to_json() == before
        assert reader.store.missing_words(["lighthouse"], [GLOBAL]) == {"lighthouse"}
    finally:
        release.set()
        thread.join(WAIT)
    assert not failures and not thread.is_alive()
    after = reader.ask("Which stop near the lighthouse did residents ask for?")
    assert after.answered and "lighthouse" in after.quotes[0].text
    assert not any("fish market" in q.text for q in after.quotes)
    writer.close()
    reader.close()


def test_writes_from_two_stores_are_serialized_and_lose_nothing(tmp_path, database_url):
    first, second = (open_store(tmp_path / name, None, database_url) for name in ("a", "b"))
    inside, release = threading.Event(), threading.Event()

    def hold():
        with first.transaction() as db:
            first.set_meta(db, "holder", "first")
            inside.set()
            assert release.wait(WAIT)

    thread = threading.Thread(target=hold)
    thread.start()
    assert inside.wait(WAIT)
    generation = second.generation()
    blocked = threading.Event()

    def write_second():
        with second.transaction() as db:
            blocked.set()
            second.set_meta(db, "holder", second.get_meta("holder") + "+second")

    waiting = threading.Thread(target=write_second)
    waiting.start()
    assert not blocked.wait(0.5)  # the advisory lock holds the second writer until the first commits
    release.set()
    thread.join(WAIT)
    waiting.join(WAIT)
    assert blocked.is_set() and second.get_meta("holder") == "first+second"
    assert first.generation() == generation + 2
    first.close()
    second.close()


# schema and errors --------------------------------------------------------------------------

def test_the_schema_is_made_once_and_a_newer_one_is_refused(tmp_path, database_url):
    store = open_store(tmp_path, None, database_url)
    newest = MIGRATIONS[-1][0]
    assert store.schema_version() == newest
    store.close()
    again = open_store(tmp_path, None, database_url)  # a second process: nothing applied twice
    assert again.schema_version() == newest and again.generation() == 0
    with again.transaction(bump=False) as db:
        db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, 0)", (newest + 1,))
    again.close()
    with pytest.raises(StorageError, match="newer than this quotebot knows"):
        open_store(tmp_path, None, database_url)


def test_an_unreachable_database_is_a_clear_error_without_the_password(tmp_path):
    url = f"postgresql://quotebot:s3cret@/quotebot?host={tmp_path}&port=1&connect_timeout=5"
    with pytest.raises(StorageError) as raised:
        open_store(tmp_path / "data", None, url)
    assert "QUOTEBOT_DATABASE_URL" in str(raised.value) and "s3cret" not in str(raised.value)


def test_only_a_postgresql_url_is_accepted(tmp_path):
    with pytest.raises(ValueError, match="postgresql://"):
        Settings(data_dir=tmp_path, database_url="mysql://x@y/z", _env_file=None)
    assert type(open_store(tmp_path / "data")) is Store


KILLED_WRITER = """
import sys, time
from index.embed import HashingEmbedder
from index.ingest import parse_text
from tests.conftest import make_settings
from tests.test_pg_store import BAKERY, open_engine
from pathlib import Path

engine = open_engine(make_settings(Path(sys.argv[1]), database_url=sys.argv[2]), HashingEmbedder())
replace = engine.store.replace_article

def replace_then_hang(*args, **kwargs):
    result = replace(*args, **kwargs)
    print("written", flush=True)  # inside the transaction, holding the write lock
    time.sleep(600)
    return result

engine.store.replace_article = replace_then_hang
engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
"""


def test_a_writer_killed_mid_write_leaves_the_previous_state_and_the_lock_free(tmp_path, embedder, database_url):
    import signal
    import subprocess
    import sys

    from .conftest import REPO

    with open_engine(make_settings(tmp_path / "reader", database_url=database_url), embedder) as engine:
        engine.add_article(trams())
        before = engine.articles(), engine.ask("What will the works cost?").to_json()
        worker = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(tmp_path / "writer"), database_url],
                                  cwd=REPO, stdout=subprocess.PIPE, text=True)
        try:
            assert worker.stdout.readline().strip() == "written"
            worker.send_signal(signal.SIGKILL)
            worker.wait(WAIT)
        finally:
            worker.kill()
        assert (engine.articles(), engine.ask("What will the works cost?").to_json()) == before
        # The server ended the dead writer's transaction and its lock with it: this write goes through.
        done = threading.Event()
        thread = threading.Thread(target=lambda: (engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")),
                                                  done.set()))
        thread.start()
        assert done.wait(WAIT), "the write lock of the killed writer was never released"
        thread.join(WAIT)
        assert engine.ask("Which bakery won the bread prize for sourdough?").answered


def test_a_write_in_one_process_reaches_the_others_vectors_before_anyone_asks(tmp_path, embedder, database_url):
    import queue

    one = open_engine(make_settings(tmp_path / "one", database_url=database_url), embedder)
    two = open_engine(make_settings(tmp_path / "two", database_url=database_url), embedder)
    stop = threading.Event()
    seen: queue.Queue[int] = queue.Queue()
    # Read on the listening thread, as it sees the index: without asking anything.
    follower = threading.Thread(target=two.follow_changes,
                                args=(stop, lambda: seen.put(two.vectors.load(GLOBAL).ntotal)), daemon=True)
    follower.start()
    try:
        assert seen.get(timeout=WAIT) == 0  # listening (and caught up) before the write
        one.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
        added = one.vectors.load(GLOBAL).ntotal
        while (found := seen.get(timeout=WAIT)) != added:
            assert found == 0, found
        assert two._seen_generation == one.store.generation()  # nothing left for a question to catch up on
    finally:
        stop.set()
        follower.join(WAIT)
        one.close()
        two.close()
    assert not follower.is_alive()


def test_doctor_finds_a_damaged_vector_in_the_database(tmp_path, embedder, database_url):
    from index import doctor

    settings = make_settings(tmp_path, database_url=database_url)
    with open_engine(settings, embedder) as engine:
        engine.add_article(trams())
        engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
        assert doctor.check_postgres(settings).healthy
        with engine.store.transaction() as db:  # a passage vector of the bakery article, garbled
            db.execute("""UPDATE embeddings SET vector = ? WHERE key = (SELECT p.embed_key FROM passages p
                          JOIN articles a ON a.id = p.article_id WHERE a.title LIKE 'A bakery%' LIMIT 1)""",
                       (bytes(range(256)) * 4 * (embedder.dim // 256),))
    (damaged,) = [p for p in doctor.check_postgres(settings).problems if "vectors of" in p]
    assert "1 article" in damaged and "A bakery wins" in damaged and "Northtown" not in damaged


def test_a_word_written_as_one_is_read_as_the_phrase_the_article_holds_on_both_backends(tmp_path, embedder, backend):
    from index.spelling import question_words

    text = ("# Bitcoin at sixteen\nThe Bitcoin White Paper described a peer-to-peer electronic cash system "
            "without any bank. Deep reforms were promised, and investors seek certainty.\n")
    with open_engine(make_settings(tmp_path, **backend), embedder) as engine:
        engine.add_article(parse_text(text, source="white.md", fmt="md"), GLOBAL)
        assert question_words("what did the whitepaper describe?", engine.store).read_as == {
            "whitepaper": ("white", "paper")}
        assert question_words("who founded deepseek?", engine.store).read_as == {}


def test_a_word_beginning_a_longer_one_is_held_on_both_backends(tmp_path, embedder, backend):
    """"fiance" of "fiancee", whose stemmed term ("fiance") reads as "fianc" if stemmed again: a
    stranger was told no article mentions "fiance" above a quote saying "fiancee"."""
    from index.answer import names_nowhere

    text = ("# Singer to wed\nThe singer is to marry her fiancee in June, her spokesman said on Monday, and the "
            "wedding will be held in Los Angeles.\n")
    with open_engine(make_settings(tmp_path, **backend), embedder) as engine:
        story = engine.add_article(parse_text(text, source="wed.md", fmt="md"), GLOBAL).article.id
        assert engine.store.holds_any_term(["fiance"], [GLOBAL])
        assert engine.store.holds_any_term(["zorbl", "fiance"], [GLOBAL], article_id=story)
        assert not engine.store.holds_any_term(["fiance"], [GLOBAL], article_id="no-such-article")
        assert not engine.store.holds_any_term(["fiance"], ["elsewhere"])
        assert not engine.store.holds_any_term(["zorbl"], [GLOBAL])
        assert names_nowhere("who is her fiance", engine.store, [GLOBAL], runs=True) == []
