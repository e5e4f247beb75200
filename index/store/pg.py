"""`PgStore`: the Store on PostgreSQL (QUOTEBOT_DATABASE_URL), so that several processes on
several hosts answer from, and write to, one index.

A subclass of the SQLite `Store`, not a second implementation beside it: the statements that are
portable SQL (most reads) are inherited and run as they are, through `_Connection`, which gives a
psycopg connection sqlite3's calling convention (`?` placeholders, `execute` returning an
iterable cursor). Only what SQLite spells its own way is written again here: the schema, the
transactions, upserts, the columns named `end` (reserved in PostgreSQL) and the text index.

Transactions. Every write is one transaction holding a transaction-scoped advisory lock, so
writes from every process are serialized as SQLite's BEGIN IMMEDIATE serializes them; a
`snapshot()` is a REPEATABLE READ transaction, so an ask sees the index before or after a write,
never a mix.

Lexical search. FTS5 is SQLite's; here each passage's search text is cut into terms by FTS5's own
tokenizer (`search_terms`: an in-memory FTS5 table, so the terms are exactly the SQLite index's)
and stored as term frequencies and positions (`passage_terms`), with each passage's length and
each term's passage count (`terms`). `bm25` computes FTS5's formula (k1 = 1.2, b = 0.75, idf floored at
1e-6, statistics over every collection) in one SQL query over the question's terms; a quoted
word FTS5 cuts into several terms ("1,000", "3.5") is a phrase there, its terms adjacent, and is
matched here on the stored positions.

Schema: plain versioned SQL (`MIGRATIONS`), applied when a store is opened, in one transaction
under the same advisory lock, recorded in `schema_version`. Vectors are bytea in the codecs of
index/vector_codec.py, as in SQLite. The FAISS start-up caches stay in each process's data dir.
The bot's answers and votes are here too (migration 3; their SQL is index/store/feedback.py's
`PgFeedbackRepository`), so every bot process records to, and `quotebot feedback` exports, one set."""
from __future__ import annotations

import logging
import math
import re
import threading
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence
from urllib.parse import urlsplit, urlunsplit

import numpy as np
import psycopg
from psycopg.pq import TransactionStatus

from ..errors import ReadOnlyData, StorageError
from ..models import Article, Passage, Sentence
from ..vector_codec import pack_vector
from .core import DB_NAME, PassageRow, Store
from .terms import fts5_terms_many as search_terms_many

# pg_advisory_xact_lock's key for "one writer at a time" across every process on the database.
WRITE_LOCK_KEY = 0x71756F7465626F74  # "quotebot"
log = logging.getLogger(__name__)

# NOTIFY channel of committed writes: every process's FAISS cache follows them (`follow_changes`).
CHANGES_CHANNEL = "quotebot_changes"

# FTS5's bm25() defaults.
K1, B = 1.2, 0.75

MIGRATIONS: list[tuple[int, str]] = [
    (1, """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta (key, value) VALUES ('generation', '0'), ('passages', '0'), ('tokens', '0'),
    ('instance', substr(md5(random()::text || clock_timestamp()::text), 1, 16));
CREATE TABLE articles (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    author TEXT,
    published TEXT,
    publisher TEXT,
    source TEXT NOT NULL,
    text TEXT NOT NULL,
    added_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX articles_source ON articles (collection, source);
CREATE TABLE passages (
    id BIGINT PRIMARY KEY,
    collection TEXT NOT NULL,
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    embed_key TEXT NOT NULL,
    length INTEGER NOT NULL  -- terms in its search text: BM25's document length
);
CREATE INDEX passages_article ON passages (collection, article_id);
CREATE INDEX passages_key ON passages (embed_key);
CREATE TABLE sentences (
    id BIGSERIAL PRIMARY KEY,
    passage_id BIGINT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    embed_key TEXT NOT NULL
);
CREATE INDEX sentences_passage ON sentences (passage_id);
CREATE INDEX sentences_key ON sentences (embed_key);
CREATE TABLE embeddings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    vector BYTEA NOT NULL,
    PRIMARY KEY (model, key)
);
CREATE TABLE token_embeddings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    tokens BYTEA NOT NULL,
    PRIMARY KEY (model, key)
);
CREATE TABLE passage_terms (
    term TEXT NOT NULL,
    collection TEXT NOT NULL,
    passage_id BIGINT NOT NULL,
    tf INTEGER NOT NULL,
    positions INTEGER[] NOT NULL,  -- where the term stands in the text: phrases ("1,000" is two terms)
    PRIMARY KEY (term, collection, passage_id)
);
CREATE INDEX passage_terms_passage ON passage_terms (passage_id);
CREATE TABLE terms (term TEXT PRIMARY KEY, docs BIGINT NOT NULL);
CREATE TABLE feeds (
    collection TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT,
    origin TEXT NOT NULL DEFAULT 'user',
    added_at DOUBLE PRECISION NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_poll DOUBLE PRECISION,
    last_ok DOUBLE PRECISION,
    last_result TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    next_poll DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (collection, url)
);
CREATE INDEX feeds_due ON feeds (next_poll);
CREATE TABLE feed_entries (
    collection TEXT NOT NULL,
    key TEXT NOT NULL,
    feed_url TEXT NOT NULL,
    guid TEXT,
    article_id TEXT,
    content_id TEXT,
    seen_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (collection, key)
);
CREATE INDEX feed_entries_guid ON feed_entries (collection, guid);
CREATE INDEX feed_entries_content ON feed_entries (collection, content_id);
CREATE INDEX feed_entries_feed ON feed_entries (collection, feed_url);
CREATE TABLE watched_files (
    collection TEXT NOT NULL,
    path TEXT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    size BIGINT NOT NULL,
    article_id TEXT,
    error TEXT,
    PRIMARY KEY (collection, path)
);
"""),
    # Feed polls run by the workers (QUOTEBOT_QUEUE_FEEDS): what they added, for the bots to announce.
    (2, """
CREATE TABLE feed_news (
    id BIGSERIAL PRIMARY KEY,
    collection TEXT NOT NULL,
    article_id TEXT NOT NULL,
    feed_url TEXT NOT NULL,
    feed_title TEXT,
    added_at DOUBLE PRECISION NOT NULL,
    announced_at DOUBLE PRECISION
);
CREATE INDEX feed_news_pending ON feed_news (announced_at);
"""),
    # The bot's answers and the votes on them (index/store/feedback.py), shared by every bot process.
    (3, """
CREATE TABLE answers (
    id TEXT PRIMARY KEY,
    question TEXT NOT NULL,
    answered BOOLEAN NOT NULL,
    quotes TEXT NOT NULL,
    guild_id BIGINT,
    channel_id BIGINT,
    user_id BIGINT,
    created_at DOUBLE PRECISION NOT NULL
);
CREATE TABLE votes (
    answer_id TEXT NOT NULL,
    user_id BIGINT NOT NULL,
    vote TEXT NOT NULL CHECK (vote IN ('up', 'down')),
    guild_id BIGINT,
    voted_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (answer_id, user_id)
);
CREATE INDEX votes_voted_at ON votes (voted_at);
"""),
]


def search_terms(text: str) -> list[str]:
    """A text's terms in order, as the SQLite index's FTS5 table holds them (`terms.fts5_terms_many`:
    so BM25, the vocabulary and the missing words are those of the SQLite backend)."""
    return search_terms_many([text])[0]


def _match_phrases(match: str) -> list[tuple[str, ...]]:
    """The phrases of an FTS5 match expression as index/text.py's fts_match writes it
    (`"word" OR "word"`): each quoted word's terms, repeats kept (FTS5 scores each phrase, so two
    words of one stem count twice there too); words with no term left out."""
    quoted = re.findall(r'"([^"]*)"', match)
    return [tuple(terms) for terms in search_terms_many(quoted) if terms] if quoted else []


def _plain(value):
    # FAISS hands out numpy integers; psycopg adapts Python's own.
    return value.item() if isinstance(value, np.generic) else value


def redacted(url: str) -> str:
    """The URL without its password, to be shown in errors and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{netloc[-1]}"))


@contextmanager
def database_errors(database_url: str) -> Iterator[None]:
    """A lost or refused connection as the user-facing StorageError, naming the database."""
    try:
        yield
    except psycopg.OperationalError as error:
        raise StorageError(f"Cannot use the PostgreSQL database {redacted(database_url)} "
                           f"(QUOTEBOT_DATABASE_URL): {str(error).strip()}") from error


def migrate(db: "_Connection", database_url: str) -> None:
    """Bring the database's schema to the newest of `MIGRATIONS`, in one transaction under the
    write lock, so two processes starting together apply each migration once."""
    db.execute("BEGIN")
    try:
        db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK_KEY,))
        db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at DOUBLE PRECISION NOT NULL)")
        current = db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]
        newest = MIGRATIONS[-1][0]
        if current > newest:
            raise StorageError(f"The PostgreSQL database {redacted(database_url)} has schema version "
                               f"{current}, newer than this quotebot knows ({newest}): upgrade quotebot.")
        for version, script in MIGRATIONS:
            if version > current:
                db.executescript(script)
                db.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                           (version, time.time()))
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise


class _Connection:
    """A psycopg connection with sqlite3's calling convention, for the statements the SQLite
    Store and its repositories write in portable SQL."""

    def __init__(self, connection: psycopg.Connection):
        self.connection = connection

    @staticmethod
    def _sql(sql: str, params) -> str:
        return sql.replace("%", "%%").replace("?", "%s") if params is not None else sql

    def execute(self, sql: str, params: Sequence | None = None) -> psycopg.Cursor:
        if params is not None:
            params = [_plain(p) for p in params]
        return self.connection.execute(self._sql(sql, params), params)

    def executemany(self, sql: str, rows: Iterable[Sequence]) -> None:
        rows = [[_plain(p) for p in row] for row in rows]
        if rows:
            with self.connection.cursor() as cursor:
                cursor.executemany(self._sql(sql, rows[0]), rows)

    def executescript(self, script: str) -> None:
        self.connection.execute(script)

    @property
    def in_transaction(self) -> bool:
        return self.connection.info.transaction_status != TransactionStatus.IDLE

    def close(self) -> None:
        self.connection.close()


class PgStore(Store):
    """The Store on a PostgreSQL database. Threading contract as the Store's: one connection per
    thread; writes hold `write_lock` (this process) and the advisory lock (every process)."""

    dialect = "postgresql"

    def __init__(self, data_dir: Path, database_url: str, read_only: bool | None = None):
        self.data_dir = Path(data_dir)  # still holds the FAISS start-up caches
        self.database_url = database_url
        self.path = self.data_dir / DB_NAME  # named by SQLite-only messages; nothing is written there
        self.read_only = bool(read_only)
        self._local = threading.local()
        self._vocabulary = None
        self._unchanged: tuple[int, dict] = (-1, {})
        self._dims: dict[str, int] = {}
        self.write_lock = threading.RLock()
        with self.errors():
            if not self.read_only:
                self._migrate()

    def __repr__(self) -> str:
        return f"PgStore({redacted(self.database_url)!r})"

    def errors(self):
        return database_errors(self.database_url)

    def _migrate(self) -> None:
        with self.write_lock:
            migrate(self.db, self.database_url)

    def schema_version(self) -> int:
        return self.db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version").fetchone()[0]

    # connections -----------------------------------------------------------------------
    @property
    def db(self) -> _Connection:
        connection = getattr(self._local, "connection", None)
        if connection is None or connection.connection.closed:
            with self.errors():
                connection = _Connection(psycopg.connect(self.database_url, autocommit=True,
                                                         application_name="quotebot"))
            self._local.connection = connection
        return connection

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyData(self.data_dir, "This quotebot opened the PostgreSQL index read-only.")

    @contextmanager
    def transaction(self, bump: bool = True) -> Iterator[_Connection]:
        self.require_writable()
        with self.write_lock, self.errors():
            db = self.db
            db.execute("BEGIN")
            try:
                # READ COMMITTED: once the lock is held, every statement sees the previous writer's commit.
                db.execute("SELECT pg_advisory_xact_lock(?)", (WRITE_LOCK_KEY,))
                yield db
                if bump:
                    db.execute("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'generation'")
                    self.set_meta(db, "written_at", repr(time.time()))
                    # Delivered at COMMIT, to every process LISTENing (`follow_changes`).
                    db.execute(f"NOTIFY {CHANGES_CHANNEL}")
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def notify_change(self, db: _Connection) -> None:
        db.execute(f"NOTIFY {CHANGES_CHANNEL}")

    @contextmanager
    def snapshot(self) -> Iterator[_Connection]:
        """Several reads that must see one state: a REPEATABLE READ transaction."""
        db = self.db
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try:
            with self._reading():
                yield db
        finally:
            if db.in_transaction:
                db.execute("COMMIT")

    def follow_changes(self, stop: threading.Event, on_change: Callable[[], None], poll: float = 1.0) -> None:
        """Call `on_change` after every write any process commits, until `stop` is set (checked
        every `poll` seconds). On a connection of its own; a lost connection is reopened, and
        `on_change` is called then too, since a write may have been missed meanwhile."""
        while not stop.is_set():
            try:
                with psycopg.connect(self.database_url, autocommit=True, application_name="quotebot-listen") as listener:
                    listener.execute(f"LISTEN {CHANGES_CHANNEL}")
                    on_change()
                    while not stop.is_set():
                        if any(True for _ in listener.notifies(timeout=poll)):
                            on_change()
            except psycopg.OperationalError as error:
                log.warning("lost the change notifications of %s (%s); reconnecting", redacted(self.database_url),
                            str(error).strip())
                stop.wait(poll)

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # repositories' tables (made by the migrations here) ---------------------------------
    def create_tables(self, script: str) -> None:
        pass

    def has_table(self, name: str) -> bool:
        return self.db.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]

    # meta ---------------------------------------------------------------------------------
    def set_meta(self, db: _Connection, key: str, value: str) -> None:
        db.execute("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                   (key, value))

    def _add_meta(self, db: _Connection, key: str, delta: int) -> None:
        db.execute("""INSERT INTO meta (key, value) VALUES (?, ?)
                      ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + EXCLUDED.value::bigint)::text""",
                   (key, str(delta)))

    # writes -------------------------------------------------------------------------------
    def _delete_article(self, db: _Connection, collection: str, article_id: str) -> list[int]:
        rows = db.execute("SELECT id, length FROM passages WHERE collection = ? AND article_id = ?",
                          (collection, article_id)).fetchall()
        ids = [row[0] for row in rows]
        if ids:
            db.execute("""UPDATE terms t SET docs = t.docs - gone.n FROM
                          (SELECT term, COUNT(*) AS n FROM passage_terms WHERE passage_id = ANY(?) GROUP BY term) gone
                          WHERE t.term = gone.term""", (ids,))
            db.execute("DELETE FROM terms WHERE docs <= 0")
            db.execute("DELETE FROM passage_terms WHERE passage_id = ANY(?)", (ids,))
            db.execute("DELETE FROM sentences WHERE passage_id = ANY(?)", (ids,))
            db.execute("DELETE FROM passages WHERE id = ANY(?)", (ids,))
            self._add_meta(db, "passages", -len(ids))
            self._add_meta(db, "tokens", -sum(row[1] for row in rows))
        db.execute("DELETE FROM articles WHERE collection = ? AND id = ?", (collection, article_id))
        return ids

    def replace_article(
        self,
        db: _Connection,
        collection: str,
        article: Article,
        passages: Sequence[Passage],
        passage_keys: Sequence[str],
        sentence_keys: Sequence[Sequence[str]],
        search_texts: Sequence[str],
        replaces: Iterable[str] = (),
        added_at: float | None = None,
    ) -> tuple[list[int], list[int]]:
        removed: list[int] = []
        for old_id in {article.id, *replaces}:
            removed += self._delete_article(db, collection, old_id)
        db.execute(
            """INSERT INTO articles (collection, id, title, url, author, published, publisher,
                                     source, text, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (collection, article.id, article.title, article.url, article.author, article.published,
             article.publisher, article.source, article.text,
             time.time() if added_at is None else added_at),
        )
        # Passage ids are never reused (other processes' FAISS indexes know passages by id alone).
        top = db.execute("SELECT MAX(id) FROM passages").fetchone()[0] or 0
        next_id = max(top + 1, int(self.get_meta("passage_seq", "0")))
        added: list[int] = []
        passage_rows, sentence_rows, term_rows = [], [], []
        docs: Counter[str] = Counter()
        tokens = 0
        cut = search_terms_many(list(search_texts))
        for seq, (passage, key, keys, body_terms) in enumerate(zip(passages, passage_keys, sentence_keys, cut)):
            passage_id = next_id
            next_id += 1
            counts = Counter(body_terms)
            length = sum(counts.values())
            tokens += length
            docs.update(counts.keys())
            passage_rows.append((passage_id, collection, article.id, seq, passage.paragraph, passage.start,
                                 passage.end, key, length))
            sentence_rows += [(passage_id, s.start, s.end, k) for s, k in zip(passage.sentences, keys)]
            positions: dict[str, list[int]] = {}
            for position, term in enumerate(body_terms):
                positions.setdefault(term, []).append(position)
            term_rows += [(term, collection, passage_id, len(at), at) for term, at in positions.items()]
            added.append(passage_id)
        db.executemany("""INSERT INTO passages (id, collection, article_id, seq, paragraph, start, "end", embed_key, length)
                          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", passage_rows)
        db.executemany("""INSERT INTO sentences (passage_id, start, "end", embed_key) VALUES (?, ?, ?, ?)""",
                       sentence_rows)
        db.executemany("INSERT INTO passage_terms (term, collection, passage_id, tf, positions) VALUES (?, ?, ?, ?, ?)", term_rows)
        if docs:
            db.execute("""INSERT INTO terms (term, docs) SELECT * FROM unnest(?::text[], ?::bigint[])
                          ON CONFLICT (term) DO UPDATE SET docs = terms.docs + EXCLUDED.docs""",
                       (list(docs.keys()), list(docs.values())))
        self.set_meta(db, "passage_seq", str(next_id))
        if added:
            self._add_meta(db, "passages", len(added))
            self._add_meta(db, "tokens", tokens)
        return removed, added

    # embedding cache ----------------------------------------------------------------------
    def put_vectors(self, db: _Connection, model: str, keys: Sequence[str], vectors: np.ndarray,
                    packed: bool = False) -> None:
        encode = pack_vector if packed else (lambda v: np.asarray(v, dtype=np.float32).tobytes())
        db.executemany("INSERT INTO embeddings (model, key, vector) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       [(model, key, encode(v)) for key, v in zip(keys, vectors)])

    def put_packed_tokens(self, db: _Connection, model: str, keys: Sequence[str], blobs: Sequence[bytes]) -> None:
        db.executemany("INSERT INTO token_embeddings (model, key, tokens) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                       list(zip([model] * len(keys), keys, blobs)))

    def drop_unused_vectors(self, db: _Connection, model: str) -> None:
        db.execute("""DELETE FROM embeddings e WHERE e.model = ?
                      AND NOT EXISTS (SELECT 1 FROM passages p WHERE p.embed_key = e.key)
                      AND NOT EXISTS (SELECT 1 FROM sentences s WHERE s.embed_key = e.key)""", (model,))
        db.execute("""DELETE FROM token_embeddings t WHERE t.model = ?
                      AND NOT EXISTS (SELECT 1 FROM sentences s WHERE s.embed_key = t.key)""", (model,))

    # reads --------------------------------------------------------------------------------
    def _passages(self, ids: Sequence[int]) -> dict[int, PassageRow]:
        if not len(ids):
            return {}
        rows = self.db.execute(
            """SELECT p.id, p.collection, p.article_id, p.paragraph, p.start, p."end",
                      substr(a.text, p.start + 1, p."end" - p.start), a.title, a.url
               FROM passages p JOIN articles a ON a.collection = p.collection AND a.id = p.article_id
               WHERE p.id = ANY(?)""",
            ([_plain(i) for i in ids],),
        ).fetchall()
        return {row[0]: PassageRow(*row) for row in rows}

    def _sentence_rows(self, model: str, passage_ids: list[int], tokens: bool) -> list[tuple]:
        token_column, token_join = ("t.tokens", "LEFT JOIN token_embeddings t ON t.model = e.model AND t.key = s.embed_key"
                                    ) if tokens else ("NULL", "")
        return self.db.execute(
            f"""SELECT s.passage_id, s.start, s."end", e.vector, {token_column} FROM sentences s
                LEFT JOIN embeddings e ON e.model = ? AND e.key = s.embed_key {token_join}
                WHERE s.passage_id = ANY(?) ORDER BY s.passage_id, s.start""",
            (model, passage_ids),
        ).fetchall()

    def stored_passages(self, article: Article, collection: str) -> list[Passage]:
        passages: list[Passage] = []
        rows = self.db.execute(
            """SELECT id, paragraph, start, "end" FROM passages
               WHERE collection = ? AND article_id = ? ORDER BY seq""",
            (collection, article.id),
        ).fetchall()
        for pid, paragraph, start, end in rows:
            sentences = tuple(Sentence(a, b) for a, b in self.db.execute(
                """SELECT start, "end" FROM sentences WHERE passage_id = ? ORDER BY start""", (pid,)))
            passages.append(Passage(article.id, paragraph, start, end, article.text[start:end], sentences))
        return passages

    # lexical search -----------------------------------------------------------------------
    def _bm25_idf(self, docs: int, total: int) -> float:
        idf = math.log((total - docs + 0.5) / (docs + 0.5))
        return idf if idf > 0 else 1e-6  # FTS5's floor: a term in most passages still counts a little

    def _bm25_part(self, idf: float, tf: int, length: int, avgdl: float) -> float:
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * length / avgdl))

    def _phrase_hits(self, db: _Connection, phrase: Sequence[str], collections: Sequence[str] | None = None,
                     article_id: str | None = None) -> dict[int, tuple[int, int, str, str]]:
        """Passage id -> (times the phrase occurs, length, collection, article id) of the passages
        holding the phrase's terms one after another (of the collections, or of all; of one
        article, with `article_id`)."""
        sql = """SELECT t.passage_id, t.term, t.positions, p.length, p.collection, p.article_id
                 FROM passage_terms t JOIN passages p ON p.id = t.passage_id WHERE t.term = ANY(?)"""
        params: list = [list(set(phrase))]
        if collections is not None:
            sql += " AND t.collection = ANY(?)"
            params.append(list(collections))
        if article_id is not None:
            sql += " AND p.article_id = ?"
            params.append(article_id)
        positions: dict[int, dict[str, set[int]]] = {}
        about: dict[int, tuple[int, str, str]] = {}
        for pid, term, at, length, collection, article in db.execute(sql, params):
            positions.setdefault(pid, {})[term] = set(at)
            about[pid] = (length, collection, article)
        hits = {}
        for pid, held in positions.items():
            if len(held) < len(set(phrase)):
                continue
            count = sum(all(start + j in held[term] for j, term in enumerate(phrase)) for start in held[phrase[0]])
            if count:
                hits[pid] = (count, *about[pid])
        return hits

    def bm25(self, match: str, collections: Sequence[str], k: int, article_id: str | None = None) -> list[tuple[int, float, str]]:
        phrases = _match_phrases(match)
        if not phrases or not collections:
            return []
        with self.snapshot() as db:
            stats = dict(db.execute("SELECT key, value FROM meta WHERE key IN ('passages', 'tokens')").fetchall())
            total = int(stats.get("passages", 0))
            if not total:
                return []
            avgdl = max(int(stats.get("tokens", 0)), 1) / total
            singles = Counter(p[0] for p in phrases if len(p) == 1)
            docs = dict(db.execute("SELECT term, docs FROM terms WHERE term = ANY(?)", (list(singles),)).fetchall())
            present = [t for t in singles if docs.get(t)]
            idf = [self._bm25_idf(docs[t], total) * singles[t] for t in present]
            # A phrase's idf counts the passages holding it in every collection, as FTS5's does.
            extra: Counter[int] = Counter()
            for phrase in (p for p in phrases if len(p) > 1):
                hits = self._phrase_hits(db, phrase)
                phrase_idf = self._bm25_idf(len(hits), total)
                for pid, (tf, length, collection, article) in hits.items():
                    if collection in collections and article_id in (None, article):
                        extra[pid] += self._bm25_part(phrase_idf, tf, length, avgdl)
            if not present and not extra:
                return []
            sql = f"""WITH parts (id, score) AS (
                          SELECT t.passage_id, q.idf * t.tf * {K1 + 1} / (t.tf + {K1} * ({1 - B} + {B} * p.length / ?::float8))
                          FROM unnest(?::text[], ?::float8[]) AS q(term, idf)
                          JOIN passage_terms t ON t.term = q.term AND t.collection = ANY(?)
                          JOIN passages p ON p.id = t.passage_id
                          UNION ALL SELECT * FROM unnest(?::bigint[], ?::float8[]))
                      SELECT p.id, SUM(parts.score) AS score, p.collection
                      FROM parts JOIN passages p ON p.id = parts.id"""
            params: list = [avgdl, present, idf, list(collections), list(extra), list(extra.values())]
            if article_id is not None:
                sql += " WHERE p.article_id = ?"
                params.append(article_id)
            sql += " GROUP BY p.id, p.collection ORDER BY score DESC, p.id LIMIT ?"
            params.append(k)
            return [(row[0], float(row[1]), row[2]) for row in db.execute(sql, params)]

    def _missing_words(self, words: Sequence[str], collections: Sequence[str], article_id: str | None) -> set[str]:
        """The words no passage of the collections (of that article, with `article_id`) holds;
        a word FTS5 cuts into several terms counts as a phrase, its terms one after another."""
        unique = list(dict.fromkeys(words))
        if not unique or not collections:
            return set(unique)
        phrases = dict(zip(unique, search_terms_many([w.replace('"', "") for w in unique])))
        singles = list({p[0] for p in phrases.values() if len(p) == 1})
        # One round trip for the one-term words; EXISTS stops at a term's first passage.
        sql = """SELECT q.term FROM unnest(?::text[]) AS q(term) WHERE EXISTS
                 (SELECT 1 FROM passage_terms t WHERE t.term = q.term AND t.collection = ANY(?)"""
        params: list = [singles, list(collections)]
        if article_id is not None:
            sql += " AND t.passage_id IN (SELECT id FROM passages WHERE article_id = ?)"
            params.append(article_id)
        held = {row[0] for row in self.db.execute(sql + ")", params)} if singles else set()
        return {word for word, phrase in phrases.items()
                if not phrase or (phrase[0] not in held if len(phrase) == 1
                                  else not self._phrase_hits(self.db, phrase, collections, article_id))}

    def holds_any_term(self, terms: Sequence[str], collections: Sequence[str], article_id: str | None = None) -> bool:
        # The terms as stored: no tokenizer between, no collation to trust.
        terms = list(dict.fromkeys(t for t in terms if t))
        if not terms or not collections:
            return False
        sql = "SELECT 1 FROM passage_terms t WHERE t.term = ANY(?) AND t.collection = ANY(?)"
        params: list = [terms, list(collections)]
        if article_id is not None:
            sql += " AND t.passage_id IN (SELECT id FROM passages WHERE article_id = ?)"
            params.append(article_id)
        return self.db.execute(sql + " LIMIT 1", params).fetchone() is not None

    def vocabulary(self) -> dict[str, int]:
        generation = self.generation()
        cached = self._vocabulary
        if cached is None or cached[0] != generation:
            cached = (generation, dict(self.db.execute("SELECT term, docs FROM terms").fetchall()))
            self._vocabulary = cached
        return cached[1]

    def _idf(self, stemmed_terms: Sequence[str]) -> dict[str, float]:
        total = self._passage_count()
        found = dict(self.db.execute("SELECT term, docs FROM terms WHERE term = ANY(?)",
                                     (list(stemmed_terms),)).fetchall())
        return {
            term: math.log(1 + (total - found.get(term, 0) + 0.5) / (found.get(term, 0) + 0.5))
            for term in stemmed_terms
        }

    def integrity_ok(self) -> bool:
        return self.db.execute("SELECT 1").fetchone()[0] == 1


__all__ = ["MIGRATIONS", "PgStore", "WRITE_LOCK_KEY", "database_errors", "migrate", "redacted", "search_terms"]
