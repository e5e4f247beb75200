"""What `quotebot doctor` (index/doctor.py) reads off an index database that may be damaged, and
the copy of what still reads into a fresh Store. Only the SQL lives here; the doctor decides
what to check, what to rebuild and what to tell the user.

Threading contract: the damaged database is read on a connection the caller opened with
`connect_read_only` and owns (one thread); writes to the fresh Store go through its
`transaction()` like every other write, on the calling thread's connection."""
from __future__ import annotations

import re
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from typing import Iterable, Iterator

import numpy as np

from ..vector_codec import unpack_vectors
from .core import SCHEMA, Store

# Tables derived from the articles (re-chunking and the search index rebuild them), or copied
# on their own terms (articles, vectors, meta); every other table is copied as it is.
REBUILT = {"passages", "sentences", "passage_fts", "passage_vocab"}
SPECIAL = {"articles", "embeddings", "token_embeddings", "meta", "sqlite_sequence"}
# Bookkeeping that points at articles: rows pointing at one that could not be saved are left
# out, so the watcher and the poller fetch those again instead of believing them indexed.
ARTICLE_REFERENCES = {"watched_files", "feed_entries"}
META_DERIVED = {"generation", "instance", "passages", "written_at", "model", "chunker", "sentence_storage"}
ARTICLE_COLUMNS = ["collection", "id", "title", "text", "url", "author", "published", "source", "publisher",
                   "added_at"]


# checking -------------------------------------------------------------------------------------

def integrity_messages(db: sqlite3.Connection, quick: bool, limit: int) -> list[str]:
    """SQLite's integrity check (or the quicker quick_check): ["ok"], or up to `limit` problems.
    Raises sqlite3.DatabaseError when the file is too damaged to be checked at all."""
    pragma = "quick_check" if quick else "integrity_check"
    return [row[0] for row in db.execute(f"PRAGMA {pragma}({int(limit)})")]


def missing_schema(db: sqlite3.Connection) -> list[str]:
    """The tables and columns of the Store's schema the database lacks ("table x", "column x.y")."""
    with closing(sqlite3.connect(":memory:")) as reference:
        reference.executescript(SCHEMA)
        tables = [name for (name,) in reference.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
            "AND name NOT LIKE 'passage_fts_%'")]
        wanted = {t: [c[1] for c in reference.execute(f"PRAGMA table_info({t})")] for t in tables}
    have = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = [f"table {t}" for t in ("passage_fts", "passage_vocab") if t not in have]
    for table, columns in wanted.items():
        if table not in have:
            missing.append(f"table {table}")
            continue
        present = {c[1] for c in db.execute(f"PRAGMA table_info({table})")}
        missing += [f"column {table}.{c}" for c in columns if c not in present]
    return missing


@dataclass(frozen=True)
class TableCounts:
    """What tells whether the tables agree with each other."""

    articles: int
    passages: int
    orphan_passages: int  # of no article
    empty_articles: int  # without a passage
    orphan_sentences: int  # of no passage
    search_rows: int  # passages in the text search index, one per passage when it agrees
    counted_passages: int | None  # meta's passage count (BM25's), None when missing
    unembedded_passages: int | None  # passages without a vector; None when no model is recorded
    unembedded_sentences: int | None = None  # sentences without a vector (PostgreSQL's check); None: not checked
    orphan_search_rows: int = 0  # text search entries of no passage


# How each backend's text search index counts its passages: FTS5 has one row a passage; the
# PostgreSQL store's passage_terms one row a term of a passage (index/store/pg.py).
SEARCH_ROWS = {"sqlite": "SELECT COUNT(*) FROM passage_fts",
               "postgresql": "SELECT COUNT(DISTINCT passage_id) FROM passage_terms"}
ORPHAN_SEARCH_ROWS = {"postgresql": """SELECT COUNT(DISTINCT passage_id) FROM passage_terms t WHERE NOT EXISTS
                                       (SELECT 1 FROM passages p WHERE p.id = t.passage_id)"""}


def table_counts(db, dialect: str = "sqlite") -> TableCounts:
    """`db`: a sqlite3 connection, or a PostgreSQL store's (`PgStore.db`, dialect "postgresql")."""
    def one(sql: str, *args) -> int:
        return db.execute(sql, args).fetchone()[0]

    model = db.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()
    counted = db.execute("SELECT value FROM meta WHERE key = 'passages'").fetchone()
    postgres = dialect == "postgresql"
    return TableCounts(
        articles=one("SELECT COUNT(*) FROM articles"),
        passages=one("SELECT COUNT(*) FROM passages"),
        orphan_passages=one("""SELECT COUNT(*) FROM passages p WHERE NOT EXISTS
                               (SELECT 1 FROM articles a WHERE a.collection = p.collection AND a.id = p.article_id)"""),
        empty_articles=one("""SELECT COUNT(*) FROM articles a WHERE NOT EXISTS
                              (SELECT 1 FROM passages p WHERE p.collection = a.collection AND p.article_id = a.id)"""),
        orphan_sentences=one("""SELECT COUNT(*) FROM sentences s WHERE NOT EXISTS
                                (SELECT 1 FROM passages p WHERE p.id = s.passage_id)"""),
        search_rows=one(SEARCH_ROWS[dialect]),
        counted_passages=None if counted is None else int(counted[0]),
        unembedded_passages=None if model is None else one(
            """SELECT COUNT(*) FROM passages p WHERE NOT EXISTS
               (SELECT 1 FROM embeddings e WHERE e.model = ? AND e.key = p.embed_key)""", model[0]),
        unembedded_sentences=None if model is None or not postgres else one(
            """SELECT COUNT(*) FROM sentences s WHERE NOT EXISTS
               (SELECT 1 FROM embeddings e WHERE e.model = ? AND e.key = s.embed_key)""", model[0]),
        orphan_search_rows=one(ORPHAN_SEARCH_ROWS[dialect]) if dialect in ORPHAN_SEARCH_ROWS else 0,
    )


# The model's vectors are unit length (sentence-transformers' Normalize, pooling.unit_rows; an
# empty text's is all zero); int8 storage moves a sentence's length by about 0.01. Damage inside
# a row's bytes passes SQLite's integrity check but gives lengths far from 1, or inf and NaN.
UNIT_TOLERANCE = 0.05
_VECTOR_BATCH = 2000


@dataclass(frozen=True)
class DamagedArticle:
    collection: str
    id: str
    title: str
    keys: frozenset[str]  # the embed keys of its passages and sentences whose vector is damaged


def damaged_vectors(db) -> list[DamagedArticle]:
    """The articles with a passage or sentence whose stored vector under the index's model is
    not a finite unit vector (none: []). `db`: a sqlite3 connection or a PostgreSQL store's,
    read in batches whatever the index's size."""
    model = db.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()
    if model is None:
        return []
    first = db.execute("""SELECT length(e.vector) FROM passages p JOIN embeddings e
                          ON e.model = ? AND e.key = p.embed_key LIMIT 1""", (model[0],)).fetchone()
    if first is None:
        return []
    dim = int(first[0]) // 4
    cursor = db.execute(
        """SELECT p.collection, p.article_id, e.key, e.vector FROM passages p
             JOIN embeddings e ON e.model = ? AND e.key = p.embed_key
           UNION ALL
           SELECT p.collection, p.article_id, e.key, e.vector FROM sentences s
             JOIN passages p ON p.id = s.passage_id
             JOIN embeddings e ON e.model = ? AND e.key = s.embed_key""", (model[0], model[0]))
    damaged: dict[tuple[str, str], set[str]] = {}
    while rows := cursor.fetchmany(_VECTOR_BATCH):
        readable, bad = [], []
        for row in rows:  # a length neither float32 nor int8 of this dim is damage too
            (readable if len(row[3]) in (4 * dim, 4 + dim) else bad).append(row)
        if readable:
            with np.errstate(all="ignore"):  # inf and NaN are what is looked for here
                matrix = unpack_vectors([bytes(row[3]) for row in readable], dim).astype(np.float64)
                lengths = np.sqrt(np.einsum("ij,ij->i", matrix, matrix))
            wrong = ~np.isfinite(lengths) | ((lengths != 0) & (np.abs(lengths - 1) > UNIT_TOLERANCE))
            bad += [row for row, no in zip(readable, wrong) if no]
        for collection, article_id, key, _ in bad:
            damaged.setdefault((collection, article_id), set()).add(key)
    found = []
    for (collection, article_id), keys in sorted(damaged.items()):
        row = db.execute("SELECT title FROM articles WHERE collection = ? AND id = ?",
                         (collection, article_id)).fetchone()
        found.append(DamagedArticle(collection, article_id, row[0] if row else article_id, frozenset(keys)))
    return found


def forget_vectors(db, keys: Iterable[str]) -> None:
    """Within the caller's transaction: drop these keys' stored vectors under the index's
    model, so that they are embedded again."""
    model = db.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()[0]
    keys = sorted(keys)
    for start in range(0, len(keys), 500):
        batch = keys[start : start + 500]
        marks = ",".join("?" * len(batch))
        for table in ("embeddings", "token_embeddings"):
            db.execute(f"DELETE FROM {table} WHERE model = ? AND key IN ({marks})", (model, *batch))


def pg_tables(migrations) -> list[str]:
    """The tables these PostgreSQL migrations (index/store/pg.py's MIGRATIONS) make."""
    return [name for _, script in migrations for name in re.findall(r"CREATE TABLE (\w+)", script)]


# salvaging ------------------------------------------------------------------------------------

def table_definitions(db: sqlite3.Connection) -> dict[str, str]:
    """Every table of the database and the SQL that made it."""
    return {name: sql for name, sql in db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")}


def readable_articles(db: sqlite3.Connection) -> Iterator[tuple]:
    """The articles that still read, as rows of `ARTICLE_COLUMNS`."""
    return readable_rows(db, "articles", ARTICLE_COLUMNS)


def copy_vectors(old: sqlite3.Connection, store: Store, table: str, model: str) -> int:
    """The stored vectors of `model` (table `embeddings` or `token_embeddings`) that still read,
    copied into `store` a thousand at a time; returns how many."""
    column = "vector" if table == "embeddings" else "tokens"
    count = 0
    batch: list[tuple] = []
    for key, blob in readable_rows(old, table, ["key", column], where=("model", model), key_column="key"):
        batch.append((model, key, blob))
        if len(batch) >= 1000:
            count += _insert_vectors(store, table, column, batch)
            batch = []
    return count + _insert_vectors(store, table, column, batch)


def _insert_vectors(store: Store, table: str, column: str, rows: list[tuple]) -> int:
    if rows:
        with store.transaction(bump=False) as db:
            db.executemany(f"INSERT OR IGNORE INTO {table} (model, key, {column}) VALUES (?, ?, ?)", rows)
    return len(rows)


def restore_rows(old: sqlite3.Connection, store: Store, tables: dict[str, str],
                 saved: dict[tuple[str, str], float]) -> list[tuple[str, int | None]]:
    """In one transaction of `store`: the saved articles (collection, id) get back their
    `added_at`, meta's settings that are not derived are copied, and every other table that
    still reads is copied as it is (made as it was made in `old`), leaving out rows that
    point at an article not saved. Returns (table, rows copied) for each such table, rows
    None for a virtual table, which is left out."""
    copied: list[tuple[str, int | None]] = []
    with store.transaction() as db:
        for (collection, article_id), added_at in saved.items():  # the listing's order as before
            db.execute("UPDATE articles SET added_at = ? WHERE collection = ? AND id = ?",
                       (added_at, collection, article_id))
        if "meta" in tables:
            for key, value in readable_rows(old, "meta", ["key", "value"]):
                if key not in META_DERIVED:
                    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        for table, sql in tables.items():
            if table in REBUILT | SPECIAL or table.startswith(("passage_fts", "sqlite_")) or not sql:
                continue
            if sql.upper().startswith("CREATE VIRTUAL"):
                copied.append((table, None))
                continue
            copied.append((table, _copy_table(old, db, table, sql, saved if table in ARTICLE_REFERENCES else None)))
    return copied


def _copy_table(old: sqlite3.Connection, db: sqlite3.Connection, table: str, sql: str,
                saved: dict[tuple[str, str], float] | None) -> int:
    db.execute(sql)
    for (index_sql,) in old.execute("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                    "AND sql IS NOT NULL", (table,)):
        db.execute(index_sql)
    columns = [c[1] for c in old.execute(f'PRAGMA table_info("{table}")')]
    marks = ",".join("?" * len(columns))
    names = ", ".join(f'"{c}"' for c in columns)
    count = 0
    rowless = "WITHOUT ROWID" in " ".join(sql.upper().split())
    for row in (_rows_until_damage(old, table, columns) if rowless else readable_rows(old, table, columns)):
        if saved is not None:
            values = dict(zip(columns, row))
            if values.get("article_id") is not None and (values.get("collection"), values["article_id"]) not in saved:
                continue
        db.execute(f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', row)
        count += 1
    return count


# reading around damage ------------------------------------------------------------------------

def _rows_until_damage(db: sqlite3.Connection, table: str, columns: list[str]) -> Iterator[tuple]:
    names = ", ".join(f'"{c}"' for c in columns)
    try:
        yield from db.execute(f'SELECT {names} FROM "{table}"')
    except sqlite3.DatabaseError:
        return


_ROWIDS = (-(2 ** 63), 2 ** 63 - 1)
_HEX_KEYS = (0, 16 ** 32 - 1)  # embed_key: 32 hex digits


def readable_rows(db: sqlite3.Connection, table: str, columns: list[str], *, where: tuple[str, str] | None = None,
                   key_column: str | None = None) -> Iterator[tuple]:
    """The rows of `table` that still read, in key order, read a batch at a time. A batch that
    fails is retried smaller down to one row; a row that fails is skipped together with the
    damaged page it lies on, by finding the first key past it whose row reads (doubling the jump,
    then bisecting): a damaged page costs about a hundred index seeks, not the rest of the table.
    Keys are rowids, or `key_column`'s 32-hex-digit values for a table without rowids."""
    key = key_column or "rowid"
    lowest, highest = _HEX_KEYS if key_column else _ROWIDS
    encode = (lambda n: f"{n:032x}") if key_column else (lambda n: n)  # noqa: E731
    decode = (lambda k: int(k, 16)) if key_column else int  # noqa: E731
    conditions = ([f'"{where[0]}" = ?'] if where else []) + [f"{key} >= ?"]
    sql = (f'SELECT {key}, ' + ", ".join(f'"{c}"' for c in columns) + f' FROM "{table}" WHERE '
           + " AND ".join(conditions) + f" ORDER BY {key} LIMIT ?")

    def fetch(position: int, count: int) -> list[tuple]:
        return db.execute(sql, ([where[1]] if where else []) + [encode(position), count]).fetchall()

    def reads(position: int) -> bool:
        try:
            fetch(position, 1)
            return True
        except sqlite3.DatabaseError:
            return False

    position, batch = lowest, 256
    while True:
        try:
            rows = fetch(position, batch)
        except sqlite3.DatabaseError:
            if batch > 1:
                batch = max(1, batch // 16)
                continue
            step = 1
            while position + step <= highest and not reads(position + step):
                step *= 2
            if position + step > highest:
                return
            low, high = position + step // 2, position + step  # the first key that reads is in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (low, middle) if reads(middle) else (middle, high)
            position, batch = high, 256
            continue
        for row in rows:
            yield row[1:]
        if len(rows) < batch:
            return
        try:
            position = decode(rows[-1][0]) + 1
        except (TypeError, ValueError):  # a key not of the expected form: no way to go on past it
            return
        batch = 256
