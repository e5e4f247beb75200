"""The Store: one SQLite database (`quotebot.sqlite3`) holding articles, passages, sentences,
an embedding cache and a BM25 text index (FTS5). The in-memory FAISS indexes built from it are
index/store/vectors.py's `VectorIndex`; the tables of feeds, watched files and votes belong to the
repositories beside this module (feeds.py, watch.py, feedback.py).

SQLite is the source of truth and every write is one transaction, so a crash at any point
leaves the previous state, and a reader (WAL) sees the old or the new state, never a mix.
Vectors live in SQLite too (the embedding cache), which is what lets a FAISS index be rebuilt
or patched from it at any time without running the model; the `.faiss` files are only a
start-up cache, written atomically and checked against SQLite when loaded.

Damage is met with a clear error naming the file and the way out (`storage_error`): a corrupt
database points at `quotebot doctor`, a full disk says so and leaves no temporary file, and a
data dir this process may not write is opened read-only, so reading commands still work."""
from __future__ import annotations

import errno
import hashlib
import math
import os
import sqlite3
import threading
import time
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

import numpy as np

from ..errors import DatabaseCorrupt, DiskFull, ReadOnlyData, StorageError
from ..models import Article, ArticleInfo, Passage, Sentence
from ..vector_codec import TokenCodec, codec_for, pack_vector, sound_rows, unpack_vectors

DB_NAME = "quotebot.sqlite3"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta (key, value) VALUES ('generation', '0');
-- Names this database in the FAISS cache files' names, so a cache can never be read against
-- another database whose passage ids mean other passages.
INSERT OR IGNORE INTO meta (key, value) VALUES ('instance', lower(hex(randomblob(8))));
CREATE TABLE IF NOT EXISTS articles (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    url TEXT,
    author TEXT,
    published TEXT,
    publisher TEXT,
    source TEXT NOT NULL,
    text TEXT NOT NULL,
    added_at REAL NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS articles_source ON articles (collection, source);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    collection TEXT NOT NULL,
    article_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    paragraph INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    embed_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_article ON passages (collection, article_id);
-- Kept up to date by every write, so BM25's idf needs no COUNT(*) over all passages.
INSERT OR IGNORE INTO meta (key, value)
    SELECT 'passages', COUNT(*) FROM passages WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'passages');
CREATE TABLE IF NOT EXISTS sentences (
    id INTEGER PRIMARY KEY,
    passage_id INTEGER NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    embed_key TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS sentences_passage ON sentences (passage_id);
CREATE TABLE IF NOT EXISTS embeddings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
-- Sentences' token vectors for late interaction, product-quantized or int8
-- (index/vector_codec.py). Sentence vectors in `embeddings` are int8 too; passages' float32.
CREATE TABLE IF NOT EXISTS token_embeddings (
    model TEXT NOT NULL,
    key TEXT NOT NULL,
    tokens BLOB NOT NULL,
    PRIMARY KEY (model, key)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE IF NOT EXISTS passage_fts USING fts5 (
    body, collection UNINDEXED, tokenize = 'porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE IF NOT EXISTS passage_vocab USING fts5vocab (passage_fts, 'row');
"""


def embed_key(text: str) -> str:
    """Cache key of a text to embed: equal texts are embedded once, whatever article holds them."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass(frozen=True)
class PassageRow:
    id: int
    collection: str
    article_id: str
    paragraph: int
    start: int
    end: int
    text: str
    title: str
    url: str | None


@dataclass(frozen=True)
class SentenceRow:
    passage_id: int
    start: int
    end: int
    text: str
    vector: np.ndarray | None
    tokens: np.ndarray | None = None  # L2-normalised token vectors, one row per token


# SQLite's primary result codes (the low byte of an error's sqlite_errorcode).
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_CANTOPEN, _SQLITE_NOTADB = 8, 10, 11, 13, 14, 26


def data_dir_writable(data_dir: Path, db_name: str = DB_NAME) -> bool:
    """Whether this process may write the database `db_name` in `data_dir`: the folder itself
    (SQLite creates its -wal and -shm files beside the database) and the database files present.
    access(2) answers for the real user, so it also sees a read-only mount, which stops root."""
    data_dir = Path(data_dir)
    existing = data_dir
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent  # a data dir not made yet: can it be?
    if not os.access(existing, os.W_OK | os.X_OK):
        return False
    return all(os.access(path, os.W_OK) for path in database_files(data_dir / db_name) if path.exists())


def database_files(path: Path) -> list[Path]:
    """The database and the journal files SQLite keeps beside it."""
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm")]


def storage_error(error: BaseException, path: Path) -> StorageError | None:
    """The user-facing error for a failure of the index's files, or None when `error` is not
    one (a constraint violated, a file being ingested...)."""
    path = Path(path)
    if isinstance(error, StorageError):
        return error
    if isinstance(error, sqlite3.DatabaseError):
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        detail = str(error)
        if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in detail or "not a database" in detail:
            return DatabaseCorrupt(path, detail)
        if code == _SQLITE_FULL or "disk is full" in detail:
            return DiskFull(path, detail)
        if code == _SQLITE_READONLY or "readonly database" in detail:
            return ReadOnlyData(path.parent)
        if code == _SQLITE_CANTOPEN:
            return StorageError(f"Cannot open the index database {path} ({detail}): check that the folder "
                                f"exists and that quotebot may read it.")
        if code == _SQLITE_IOERR:
            return StorageError(f"The disk failed while reading or writing {path} ({detail}).")
        return None
    if isinstance(error, OSError):
        where = Path(error.filename) if error.filename else path
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            return DiskFull(where, os.strerror(error.errno))
        if error.errno == errno.EROFS or (error.errno in (errno.EACCES, errno.EPERM)
                                          and path.parent in (where, *where.parents)):
            return ReadOnlyData(path.parent)
    return None


@contextmanager
def storage_errors(path: Path) -> Iterator[None]:
    """Turns a failure of the index's files into its user-facing error (others pass as they are)."""
    try:
        yield
    except (sqlite3.DatabaseError, OSError) as error:
        translated = storage_error(error, path)
        if translated is None or translated is error:
            raise
        raise translated from error


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that never writes, not even SQLite's -shm file. Reading a WAL database
    needs a -shm file, which a read-only folder cannot get: then the file is opened as
    immutable, which is sound because no -wal file holds commits the file lacks (checked)."""
    uri = Path(os.path.abspath(path)).as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=30, isolation_level=None)
    try:
        connection.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()
        connection.execute("PRAGMA busy_timeout = 30000")
        return connection
    except sqlite3.OperationalError as error:
        connection.close()
        code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF
        if code not in (_SQLITE_READONLY, _SQLITE_CANTOPEN) or not Path(path).exists():
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size:
        raise ReadOnlyData(Path(path).parent, f"{wal} holds recent changes that only a process allowed to "
                           f"write {Path(path).parent} can read back: run any quotebot command with write "
                           f"access once (or copy the folder somewhere writable).")
    return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, isolation_level=None)


class Store:
    """The index database. Threading contract, which every repository of this package follows:
    `db` is the calling thread's own connection (the bot answers in worker threads while another
    indexes), so reads need no lock; every write goes through `transaction()`, which holds
    `write_lock` (one writer in this process) inside BEGIN IMMEDIATE (one writer across
    processes); `snapshot()` gives several reads one state. `close()` closes the calling
    thread's connection only: a thread that ends calls it."""

    dialect = "sqlite"

    def __init__(self, data_dir: Path, read_only: bool | None = None):
        """`read_only` None: read-only exactly when this process may not write `data_dir`."""
        self.data_dir = Path(data_dir)
        self.path = self.data_dir / DB_NAME
        self.read_only = (not data_dir_writable(self.data_dir)) if read_only is None else read_only
        self._local = threading.local()
        self._vocabulary: tuple[int, dict[str, int]] | None = None
        self._unchanged: tuple[int, dict] = (-1, {})  # see `_memo`
        self._dims: dict[str, int] = {}
        self.write_lock = threading.RLock()
        if self.read_only and not self.path.exists():
            raise ReadOnlyData(self.data_dir, f"There is no index in {self.data_dir} yet, and this folder is "
                                              f"read-only here, so none can be made: point --data-dir (or "
                                              f"QUOTEBOT_DATA_DIR) at a folder quotebot may write.")
        with self.errors():
            if self.read_only:
                # Reads the schema: a damaged file fails here, at start-up, not mid-command.
                self.db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            else:
                self.data_dir.mkdir(parents=True, exist_ok=True)
                with self.write_lock:
                    self.db.executescript(SCHEMA)

    def errors(self):
        """`with store.errors():` turns failures of this store's files into user-facing errors."""
        return storage_errors(self.path)

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # connections -----------------------------------------------------------------------
    @property
    def db(self) -> sqlite3.Connection:
        """One connection per thread: the bot answers in worker threads while another indexes."""
        connection = getattr(self._local, "connection", None)
        if connection is None:
            if self.read_only:
                connection = connect_read_only(self.path)
            else:
                connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
                connection.execute("PRAGMA journal_mode = WAL")
                connection.execute("PRAGMA synchronous = NORMAL")
                connection.execute("PRAGMA busy_timeout = 30000")
            self._local.connection = connection
        return connection

    def require_writable(self) -> None:
        if self.read_only:
            raise ReadOnlyData(self.data_dir)

    @contextmanager
    def transaction(self, bump: bool = True) -> Iterator[sqlite3.Connection]:
        """One atomic write. `bump=False` is for bookkeeping that is not index content (feed
        and watched-file state): it leaves the generation (readers' cache key) alone."""
        self.require_writable()
        with self.write_lock, self.errors():
            db = self.db
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
                if bump:
                    db.execute("UPDATE meta SET value = value + 1 WHERE key = 'generation'")
                    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('written_at', ?)", (repr(time.time()),))
                db.execute("COMMIT")
            except BaseException:
                # SQLite may already have rolled back (a full disk does), leaving nothing to undo.
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise

    def notify_change(self, db) -> None:
        """Inside a transaction: tell the processes following changes (`follow_changes`) at
        commit, for bookkeeping that does not bump the generation. SQLite has no such
        messages: its readers look for themselves."""

    @contextmanager
    def snapshot(self) -> Iterator[sqlite3.Connection]:
        """Several reads that must see one state (WAL keeps it while the transaction is open)."""
        db = self.db
        if db.in_transaction:
            yield db
            return
        db.execute("BEGIN")
        try:
            with self._reading():
                yield db
        finally:
            db.execute("COMMIT")

    @contextmanager
    def _reading(self) -> Iterator[None]:
        """Marks this thread's read snapshot: its generation cannot change before it ends, so it is
        read once, and what only a write changes is kept per generation (`_memo`)."""
        self._local.reading = True
        try:
            yield
        finally:
            self._local.reading = False
            self._local.generation = None

    def _memo(self, table: str | tuple, limit: int = 0) -> dict | None:
        """Within a read snapshot, a dict for reads that only a write changes (IDFs, which words
        the articles hold), shared by the threads that read the same generation and emptied
        when it moves on; None elsewhere (a write transaction reads its own uncommitted rows)."""
        if not getattr(self._local, "reading", False):
            return None
        generation = self.generation()
        known, tables = self._unchanged
        if known != generation or len(tables) > _MEMO_TABLES:  # one a discussed article: bounded too
            tables = {}
            self._unchanged = (generation, tables)
        memo = tables.get(table)
        if memo is None or len(memo) > (limit or _MEMO_ENTRIES):
            memo = tables[table] = {}
        return memo

    def follow_changes(self, stop: threading.Event, on_change: Callable[[], None], poll: float = 1.0) -> None:
        """Call `on_change` after writes other processes commit, until `stop` is set. SQLite
        has no notifications: nothing to follow, so this returns at once (an ask sees another
        process's write through `generation` instead); PgStore listens."""

    def close(self) -> None:
        connection = getattr(self._local, "connection", None)
        if connection is not None:
            connection.close()
            self._local.connection = None

    # the repositories' tables (feeds.py, watch.py) --------------------------------------
    def create_tables(self, script: str) -> None:
        """Make a repository's missing tables (PgStore's migrations make them instead)."""
        with self.write_lock:
            self.db.executescript(script)

    def has_table(self, name: str) -> bool:
        return self.db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone() is not None

    # meta ---------------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, db: sqlite3.Connection, key: str, value: str) -> None:
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    def generation(self) -> int:
        """Grows with every committed write, from any process: tells a reader its caches are stale."""
        known = getattr(self._local, "generation", None)
        if known is not None:
            return known
        row = self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        generation = int(row[0]) if row else 0
        if getattr(self._local, "reading", False):
            self._local.generation = generation
        return generation

    # articles -----------------------------------------------------------------------------
    def article_infos(self, collections: Sequence[str]) -> list[ArticleInfo]:
        marks = ",".join("?" * len(collections))
        rows = self.db.execute(
            f"""SELECT a.id, a.collection, a.title, a.url, a.author, a.published, a.source,
                       a.publisher, a.added_at,
                       (SELECT COUNT(DISTINCT paragraph) FROM passages p
                         WHERE p.collection = a.collection AND p.article_id = a.id),
                       (SELECT COUNT(*) FROM passages p
                         WHERE p.collection = a.collection AND p.article_id = a.id)
                FROM articles a WHERE a.collection IN ({marks})
                ORDER BY a.added_at DESC, a.title""",
            list(collections),
        ).fetchall()
        return [ArticleInfo(*row) for row in rows]

    def article_count(self, collections: Sequence[str], limit: int) -> int:
        """How many articles the collections hold, counted no further than `limit`."""
        marks = ",".join("?" * len(collections))
        row = self.db.execute(f"""SELECT COUNT(*) FROM (SELECT 1 FROM articles WHERE collection IN ({marks})
                                  LIMIT ?) AS counted""", [*collections, limit]).fetchone()
        return int(row[0])

    def article_info(self, collection: str, article_id: str) -> ArticleInfo | None:
        """One article's listing entry (an index lookup, whatever the collection's size; once
        per generation in a read snapshot: a discussed article is looked up every question)."""
        known = self._memo("article_info")
        if known is None:
            return self._article_info(collection, article_id)
        key = (collection, article_id)
        if key not in known:
            known[key] = self._article_info(collection, article_id)
        return known[key]

    def _article_info(self, collection: str, article_id: str) -> ArticleInfo | None:
        row = self.db.execute(
            """SELECT a.id, a.collection, a.title, a.url, a.author, a.published, a.source,
                      a.publisher, a.added_at,
                      (SELECT COUNT(DISTINCT paragraph) FROM passages p
                        WHERE p.collection = a.collection AND p.article_id = a.id),
                      (SELECT COUNT(*) FROM passages p
                        WHERE p.collection = a.collection AND p.article_id = a.id)
               FROM articles a WHERE a.collection = ? AND a.id = ?""",
            (collection, article_id),
        ).fetchone()
        return ArticleInfo(*row) if row else None

    def article(self, collection: str, article_id: str) -> Article | None:
        row = self.db.execute(
            """SELECT id, title, text, url, author, published, source, publisher
               FROM articles WHERE collection = ? AND id = ?""",
            (collection, article_id),
        ).fetchone()
        return Article(*row) if row else None

    def article_ids_from_source(self, collection: str, source: str) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM articles WHERE collection = ? AND source = ?", (collection, source)
        ).fetchall()
        return [row[0] for row in rows]

    def article_text_matches(self, collection: str, article: Article) -> bool:
        row = self.db.execute(
            """SELECT text, title, url, author, published, publisher FROM articles
               WHERE collection = ? AND id = ?""",
            (collection, article.id),
        ).fetchone()
        return row is not None and tuple(row) == (
            article.text, article.title, article.url, article.author, article.published, article.publisher,
        )

    def sources_under(self, collection: str, prefix: str) -> set[str]:
        """The sources of the collection's articles that are paths starting with `prefix`."""
        rows = self.db.execute(
            "SELECT DISTINCT source FROM articles WHERE collection = ? AND source >= ? AND source < ?",
            (collection, *prefix_range(prefix)),
        )
        return {row[0] for row in rows}

    def relative_sources(self, collection: str) -> list[tuple[str, str]]:
        """(id, source) of the collection's articles whose source is a relative path (indexed
        before sources were stored as absolute paths)."""
        return [tuple(row) for row in self.db.execute(
            """SELECT id, source FROM articles WHERE collection = ? AND source != ''
               AND source NOT LIKE '%://%' AND substr(source, 1, 1) != ?""",
            (collection, os.sep),
        )]

    def set_sources(self, db: sqlite3.Connection, collection: str, sources: Iterable[tuple[str, str]]) -> None:
        """Within the caller's transaction: give articles, as (id, source) pairs, a new source."""
        db.executemany("UPDATE articles SET source = ? WHERE collection = ? AND id = ?",
                       [(source, collection, article_id) for article_id, source in sources])

    def collections(self) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT collection FROM articles ORDER BY collection")
        return [row[0] for row in rows]

    def counts(self) -> dict[str, tuple[int, int]]:
        """Articles and passages per collection."""
        rows = self.db.execute(
            """SELECT a.collection, COUNT(*),
                      (SELECT COUNT(*) FROM passages p WHERE p.collection = a.collection)
               FROM articles a GROUP BY a.collection"""
        )
        return {row[0]: (row[1], row[2]) for row in rows}

    # writes -------------------------------------------------------------------------------
    def _delete_article(self, db: sqlite3.Connection, collection: str, article_id: str) -> list[int]:
        ids = [row[0] for row in db.execute(
            "SELECT id FROM passages WHERE collection = ? AND article_id = ?", (collection, article_id)
        )]
        if ids:
            for batch in _batches(ids, 500):
                marks = ",".join("?" * len(batch))
                db.execute(f"DELETE FROM sentences WHERE passage_id IN ({marks})", batch)
                db.execute(f"DELETE FROM passage_fts WHERE rowid IN ({marks})", batch)
                db.execute(f"DELETE FROM passages WHERE id IN ({marks})", batch)
        db.execute("DELETE FROM articles WHERE collection = ? AND id = ?", (collection, article_id))
        if ids:
            db.execute("UPDATE meta SET value = value - ? WHERE key = 'passages'", (len(ids),))
        return ids

    def replace_article(
        self,
        db: sqlite3.Connection,
        collection: str,
        article: Article,
        passages: Sequence[Passage],
        passage_keys: Sequence[str],
        sentence_keys: Sequence[Sequence[str]],
        search_texts: Sequence[str],
        replaces: Iterable[str] = (),
        added_at: float | None = None,
    ) -> tuple[list[int], list[int]]:
        """Within the caller's transaction: drop the article (and any it replaces) and insert it.
        Returns the passage ids removed and added, for the vector index."""
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
        added: list[int] = []
        # Passage ids are never reused (the FAISS indexes of other processes and the start-up
        # cache know passages by id alone): they continue from a counter kept in meta.
        top = db.execute("SELECT MAX(id) FROM passages").fetchone()[0] or 0
        seq_row = db.execute("SELECT value FROM meta WHERE key = 'passage_seq'").fetchone()
        next_id = max(top + 1, int(seq_row[0]) if seq_row else 0)
        for seq, (passage, key, keys, body) in enumerate(
            zip(passages, passage_keys, sentence_keys, search_texts)
        ):
            passage_id = next_id
            next_id += 1
            db.execute(
                """INSERT INTO passages (id, collection, article_id, seq, paragraph, start, end, embed_key)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                (passage_id, collection, article.id, seq, passage.paragraph, passage.start, passage.end, key),
            )
            added.append(passage_id)
            db.executemany(
                "INSERT INTO sentences (passage_id, start, end, embed_key) VALUES (?, ?, ?, ?)",
                [(passage_id, s.start, s.end, k) for s, k in zip(passage.sentences, keys)],
            )
            db.execute(
                "INSERT INTO passage_fts (rowid, body, collection) VALUES (?, ?, ?)",
                (passage_id, body, collection),
            )
        db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES ('passage_seq', ?)", (str(next_id),))
        if added:
            db.execute("UPDATE meta SET value = value + ? WHERE key = 'passages'", (len(added),))
        return removed, added

    def remove_article(self, db: sqlite3.Connection, collection: str, article_id: str) -> list[int]:
        return self._delete_article(db, collection, article_id)

    # embedding cache ----------------------------------------------------------------------
    def cached_keys(self, model: str, keys: Iterable[str]) -> set[str]:
        return self._stored_keys("embeddings", model, keys)

    def tokened_keys(self, model: str, keys: Iterable[str]) -> set[str]:
        """Those of the keys whose token vectors are stored (sentences only have them)."""
        return self._stored_keys("token_embeddings", model, keys)

    def _stored_keys(self, table: str, model: str, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for batch in _batches(list(set(keys)), 500):
            marks = ",".join("?" * len(batch))
            found.update(row[0] for row in self.db.execute(
                f"SELECT key FROM {table} WHERE model = ? AND key IN ({marks})", [model, *batch]
            ))
        return found

    def put_vectors(self, db: sqlite3.Connection, model: str, keys: Sequence[str], vectors: np.ndarray,
                    packed: bool = False) -> None:
        """`packed`: stored as int8 (sentences: a quarter of the size); passages' stay float32,
        exactly what FAISS searches."""
        encode = pack_vector if packed else (lambda v: np.asarray(v, dtype=np.float32).tobytes())
        db.executemany(
            "INSERT OR IGNORE INTO embeddings (model, key, vector) VALUES (?, ?, ?)",
            [(model, key, encode(v)) for key, v in zip(keys, vectors)],
        )

    def put_tokens(self, db: sqlite3.Connection, model: str, keys: Sequence[str],
                   matrices: Sequence[np.ndarray], codec: TokenCodec) -> None:
        self.put_packed_tokens(db, model, keys, codec.pack_many(matrices))

    def put_packed_tokens(self, db: sqlite3.Connection, model: str, keys: Sequence[str], blobs: Sequence[bytes]) -> None:
        """Token vectors already packed by the model's TokenCodec."""
        db.executemany(
            "INSERT OR IGNORE INTO token_embeddings (model, key, tokens) VALUES (?, ?, ?)",
            list(zip([model] * len(keys), keys, blobs)),
        )

    def drop_other_models(self, db: sqlite3.Connection, model: str) -> None:
        db.execute("DELETE FROM embeddings WHERE model != ?", (model,))
        db.execute("DELETE FROM token_embeddings WHERE model != ?", (model,))

    def drop_unused_vectors(self, db: sqlite3.Connection, model: str) -> None:
        db.execute(
            """DELETE FROM embeddings WHERE model = ? AND key NOT IN
               (SELECT embed_key FROM passages UNION SELECT embed_key FROM sentences)""",
            (model,),
        )
        db.execute("DELETE FROM token_embeddings WHERE model = ? AND key NOT IN (SELECT embed_key FROM sentences)",
                   (model,))

    def vectors_of(self, model: str, ids: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Ids (of those found) and vectors of the given passages under a model."""
        found: list[int] = []
        blobs: list[bytes] = []
        for batch in _batches(list(ids), 500):
            marks = ",".join("?" * len(batch))
            for pid, blob in self.db.execute(
                f"""SELECT p.id, e.vector FROM passages p JOIN embeddings e
                    ON e.model = ? AND e.key = p.embed_key WHERE p.id IN ({marks})""",
                [model, *batch],
            ):
                found.append(pid)
                blobs.append(blob)
        return _as_matrix(found, blobs)

    def collection_vectors(self, model: str, collection: str) -> tuple[np.ndarray, np.ndarray]:
        rows = self.db.execute(
            """SELECT p.id, e.vector FROM passages p JOIN embeddings e
               ON e.model = ? AND e.key = p.embed_key WHERE p.collection = ? ORDER BY p.id""",
            (model, collection),
        ).fetchall()
        return _as_matrix([r[0] for r in rows], [r[1] for r in rows])

    def passage_ids(self, collection: str) -> np.ndarray:
        rows = self.db.execute("SELECT id FROM passages WHERE collection = ?", (collection,)).fetchall()
        return np.asarray([r[0] for r in rows], dtype=np.int64)

    # reads for search ---------------------------------------------------------------------
    def passages(self, ids: Sequence[int]) -> dict[int, PassageRow]:
        """The rows of those of the passages that exist (each read once per generation, in a
        read snapshot: the best passages of one article's questions are often the same)."""
        known = self._memo("passages", _MEMO_PASSAGES)
        if known is None:
            return self._passages(ids)
        new = [i for i in ids if i not in known]
        if new:
            known.update(self._passages(new))
        return {i: known[i] for i in ids if i in known}

    def _passages(self, ids: Sequence[int]) -> dict[int, PassageRow]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.db.execute(
            f"""SELECT p.id, p.collection, p.article_id, p.paragraph, p.start, p.end,
                       substr(a.text, p.start + 1, p.end - p.start), a.title, a.url
                FROM passages p JOIN articles a ON a.collection = p.collection AND a.id = p.article_id
                WHERE p.id IN ({marks})""",
            list(ids),
        ).fetchall()
        return {row[0]: PassageRow(*row) for row in rows}

    def dim(self, model: str) -> int | None:
        """The model's vector size, read off a stored passage vector (float32); None when
        nothing is stored yet."""
        known = self._dims.get(model)
        if known is None:
            row = self.db.execute("""SELECT length(e.vector) FROM passages p JOIN embeddings e
                                     ON e.model = ? AND e.key = p.embed_key LIMIT 1""", (model,)).fetchone()
            if row is None:
                return None
            known = self._dims[model] = int(row[0]) // 4
        return known

    def sentences(self, model: str, passages: Sequence[PassageRow], tokens: bool = True) -> list[SentenceRow]:
        """The sentences of the passages with their vectors (and token vectors, unless `tokens`
        is false); texts are cut from the passages' own text (no article text is read again)."""
        if not passages:
            return []
        by_id = {p.id: p for p in passages}
        rows = self._sentence_rows(model, list(by_id), tokens)
        result = []
        dim = self.dim(model) if rows else None
        present = [i for i, row in enumerate(rows) if row[3]] if dim else []
        # Decoded together: one call for all the candidates' tokens costs a tenth of one per sentence.
        vectors = dict(zip(present, sound_rows(unpack_vectors([rows[i][3] for i in present], dim)))) if present else {}
        tokened = [i for i in present if rows[i][4]]
        decoded = dict(zip(tokened, codec_for(model, dim).unpack_many([rows[i][4] for i in tokened], dim))) if tokened else {}
        for i, (pid, start, end, _, _) in enumerate(rows):
            passage = by_id[pid]
            text = passage.text[start - passage.start : end - passage.start]
            result.append(SentenceRow(pid, start, end, text, vectors.get(i), decoded.get(i)))
        return result

    def _sentence_rows(self, model: str, passage_ids: list[int], tokens: bool) -> list[tuple]:
        """(passage id, start, end, vector, tokens) of the passages' sentences, in text order."""
        marks = ",".join("?" * len(passage_ids))
        token_column, token_join = ("t.tokens", "LEFT JOIN token_embeddings t ON t.model = e.model AND t.key = s.embed_key"
                                    ) if tokens else ("NULL", "")
        return self.db.execute(
            f"""SELECT s.passage_id, s.start, s.end, e.vector, {token_column} FROM sentences s
                LEFT JOIN embeddings e ON e.model = ? AND e.key = s.embed_key {token_join}
                WHERE s.passage_id IN ({marks}) ORDER BY s.passage_id, s.start""",
            [model, *passage_ids],
        ).fetchall()

    def sentence_vectors(self, model: str, passage_ids: Sequence[int]) -> dict[int, np.ndarray]:
        """Each passage's sentence vectors under a model, one row per sentence in text order;
        passages with no embedded sentence are left out."""
        by_passage: dict[int, list[bytes]] = {}
        for batch in _batches(list(passage_ids), 500):
            marks = ",".join("?" * len(batch))
            for pid, blob in self.db.execute(
                f"""SELECT s.passage_id, e.vector FROM sentences s
                    JOIN embeddings e ON e.model = ? AND e.key = s.embed_key
                    WHERE s.passage_id IN ({marks}) ORDER BY s.passage_id, s.start""",
                [model, *batch],
            ):
                by_passage.setdefault(pid, []).append(blob)
        # One buffer per passage, so evicting one passage from a cache frees its memory.
        dim = self.dim(model) if by_passage else None
        return {pid: sound_rows(unpack_vectors(blobs, dim)) for pid, blobs in by_passage.items()}

    def stored_passages(self, article: Article, collection: str) -> list[Passage]:
        """The article's passages and sentences as they were chunked when it was added."""
        passages: list[Passage] = []
        rows = self.db.execute(
            """SELECT id, paragraph, start, end FROM passages
               WHERE collection = ? AND article_id = ? ORDER BY seq""",
            (collection, article.id),
        ).fetchall()
        for pid, paragraph, start, end in rows:
            sentences = tuple(Sentence(a, b) for a, b in self.db.execute(
                "SELECT start, end FROM sentences WHERE passage_id = ? ORDER BY start", (pid,)))
            passages.append(Passage(article.id, paragraph, start, end, article.text[start:end], sentences))
        return passages

    def article_passages(self, collection: str, article_id: str) -> list[PassageRow]:
        known = self._memo("article_passages")
        ids = known.get((collection, article_id)) if known is not None else None
        if ids is None:
            ids = tuple(row[0] for row in self.db.execute(
                "SELECT id FROM passages WHERE collection = ? AND article_id = ? ORDER BY seq",
                (collection, article_id),
            ))
            if known is not None:
                known[(collection, article_id)] = ids
        rows = self.passages(ids)
        return [rows[i] for i in ids if i in rows]

    def bm25(self, match: str, collections: Sequence[str], k: int, article_id: str | None = None) -> list[tuple[int, float, str]]:
        """Best passages (id, score, collection) by BM25 for an FTS5 match expression; higher
        score is better."""
        marks = ",".join("?" * len(collections))
        sql = f"""SELECT rowid, -bm25(passage_fts), collection FROM passage_fts
                  WHERE passage_fts MATCH ? AND collection IN ({marks})"""
        params: list = [match, *collections]
        if article_id is not None:
            sql += " AND rowid IN (SELECT id FROM passages WHERE article_id = ?)"
            params.append(article_id)
        sql += " ORDER BY bm25(passage_fts) LIMIT ?"
        params.append(k)
        return [(row[0], row[1], row[2]) for row in self.db.execute(sql, params)]

    def missing_words(self, words: Sequence[str], collections: Sequence[str], article_id: str | None = None) -> set[str]:
        """The words no passage of the collections (of that article, with `article_id`) holds.
        Per collection, unlike `idf`: a word another server's articles use says nothing about
        this server's. Each word is looked up once per generation (in a read snapshot)."""
        unique = list(dict.fromkeys(words))
        known = self._memo(("missing", tuple(collections), article_id))
        if known is None:
            return self._missing_words(unique, collections, article_id)
        new = [w for w in unique if w not in known]
        if new:
            found = self._missing_words(new, collections, article_id)
            known.update((w, w in found) for w in new)
        return {w for w in unique if known[w]}

    def _missing_words(self, words: Sequence[str], collections: Sequence[str], article_id: str | None) -> set[str]:
        """`missing_words` read from the database: an index lookup per word, whatever the
        articles' size."""
        marks = ",".join("?" * len(collections))
        sql = f"""SELECT 1 FROM passage_fts WHERE passage_fts MATCH ? AND collection IN ({marks})"""
        if article_id is not None:
            sql += " AND rowid IN (SELECT id FROM passages WHERE article_id = ?)"
        sql += " LIMIT 1"
        missing = set()
        for word in dict.fromkeys(words):
            phrase = word.replace('"', "").strip()
            params = ['"' + phrase + '"', *collections] + ([article_id] if article_id is not None else [])
            if phrase and self.db.execute(sql, params).fetchone() is None:
                missing.add(word)
        return missing

    def holds_any_term(self, terms: Sequence[str], collections: Sequence[str], article_id: str | None = None) -> bool:
        """Whether a passage of the collections (of that article, with `article_id`) holds one of
        these stemmed terms (`vocabulary`'s). A stemmed term is no word to look up: the stemmer's
        terms are not always its fixed points ("fiance", the term of "fiancee", stems to "fianc").
        Where every collection is asked, the vocabulary says exactly. Otherwise FTS5, which stems
        a query's prefixes too, is asked for each as a prefix: near, not exact (a term the stemmer
        cuts short, "ameli" to "am", matches more; one it changes, "analys", may match nothing)."""
        terms = [t for t in dict.fromkeys(terms) if t and t.isalnum()]
        if not terms or not collections:
            return False
        if article_id is None and set(collections) >= set(self.collections()):
            vocabulary = self.vocabulary()
            return any(t in vocabulary for t in terms)
        marks = ",".join("?" * len(collections))
        # One query for all of them; the article's passages read by the (collection, article_id)
        # index, not every passage.
        sql = f"""SELECT 1 FROM passage_fts WHERE passage_fts MATCH ? AND collection IN ({marks})"""
        params: list = [" OR ".join(f'"{t}"*' for t in terms), *collections]
        if article_id is not None:
            sql += f" AND rowid IN (SELECT id FROM passages WHERE collection IN ({marks}) AND article_id = ?)"
            params += [*collections, article_id]
        return self.db.execute(sql + " LIMIT 1", params).fetchone() is not None

    def vocabulary(self) -> dict[str, int]:
        """Every stemmed term of the indexed passages (all collections) -> how many passages
        hold it; read again only after a write (spelling correction looks words up in it)."""
        generation = self.generation()
        cached = self._vocabulary
        if cached is None or cached[0] != generation:
            cached = (generation, dict(self.db.execute("SELECT term, doc FROM passage_vocab")))
            self._vocabulary = cached
        return cached[1]

    def article_texts(self) -> Iterator[tuple[str, str]]:
        """(title, text) of every indexed article, all collections, read lazily."""
        yield from self.db.execute("SELECT title, text FROM articles")

    def max_idf(self) -> float:
        """The IDF of a term no passage holds: the largest `idf` gives on this index."""
        total = self._passage_count()
        return math.log(1 + (total + 0.5) / 0.5)

    def _passage_count(self) -> int:
        memo = self._memo("meta")
        if memo is None:
            return int(self.get_meta("passages", "0"))
        if "passages" not in memo:
            memo["passages"] = int(self.get_meta("passages", "0"))
        return memo["passages"]

    def idf(self, stemmed_terms: Sequence[str]) -> dict[str, float]:
        """BM25's inverse document frequency of each term over all indexed passages (each term
        read once per generation, in a read snapshot)."""
        if not stemmed_terms:
            return {}
        known = self._memo("idf")
        if known is None:
            return self._idf(stemmed_terms)
        new = [t for t in dict.fromkeys(stemmed_terms) if t not in known]
        if new:
            known.update(self._idf(new))
        return {term: known[term] for term in stemmed_terms}

    def _idf(self, stemmed_terms: Sequence[str]) -> dict[str, float]:
        total = self._passage_count()
        marks = ",".join("?" * len(stemmed_terms))
        found = dict(self.db.execute(
            f"SELECT term, doc FROM passage_vocab WHERE term IN ({marks})", list(stemmed_terms)
        ).fetchall())
        return {
            term: math.log(1 + (total - found.get(term, 0) + 0.5) / (found.get(term, 0) + 0.5))
            for term in stemmed_terms
        }

    def integrity_ok(self) -> bool:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def atomic_write(path: Path, chunks: Iterable[bytes | memoryview | np.ndarray]) -> None:
    """Replace `path` by the chunks' bytes, all or nothing: a crash leaves the old file, and a
    failure (a full disk above all) removes the temporary file before it is raised, as a
    StorageError when it is one."""
    path = Path(path)
    tmp = path.with_name(f"{path.name}.tmp{os.getpid()}")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            for chunk in chunks:
                view = memoryview(chunk).cast("B")
                while len(view):
                    view = view[os.write(fd, view[: 1 << 20]):]
            os.fsync(fd)  # a full disk may only show here (delayed allocation)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException as error:
        with suppress(OSError):
            os.unlink(tmp)
        translated = storage_error(error, path) if isinstance(error, OSError) else None
        if translated is not None:
            raise translated from error
        raise


def prefix_range(prefix: str) -> tuple[str, str]:
    """Bounds of the strings starting with `prefix` (a folder path ending in its separator), for
    a `>= ? AND < ?` range an index answers: the separator's successor ends the range."""
    return prefix, prefix[:-1] + chr(ord(prefix[-1]) + 1)


# Words or terms kept per generation in one table of `Store._memo` before it starts afresh: a
# generation may last for days of questions in a bot whose articles do not change.
_MEMO_ENTRIES = 100_000
_MEMO_TABLES = 64
_MEMO_PASSAGES = 5_000  # passage rows (with their text, ~1 KB each)


def _as_matrix(ids: list[int], blobs: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    if not ids:
        return np.zeros(0, dtype=np.int64), np.zeros((0, 0), dtype=np.float32)
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(ids), -1)
    return np.asarray(ids, dtype=np.int64), sound_rows(matrix)


def _batches(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
