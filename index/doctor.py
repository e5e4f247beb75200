"""`quotebot doctor`: check the index's files and rebuild what is intact.

The check never writes: SQLite's integrity check, the schema, the tables' agreement with each
other, and every FAISS start-up cache against the database's vectors. The repair never deletes
user data: a damaged database is moved aside (`quotebot.sqlite3.corrupt-<time>`, with its -wal),
the articles that still read (their full text is what everything else derives from) are added
again to a fresh database together with the stored vectors, feeds and watched-file state that
still read, and the FAISS caches are rebuilt. Only derived files are removed: damaged or orphan
caches and the temporary files of interrupted writes."""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import faiss
import numpy as np

from .embed import Embedder
from .errors import QuotebotError, ReadOnlyData
from .models import Article
from .settings import Settings
from .store import (
    DB_NAME, SCHEMA, Store, VectorIndex, connect_read_only, data_dir_writable, database_files, read_cache,
)
from .text import plural

# Tables derived from the articles (re-chunking and the search index rebuild them), or copied
# on their own terms (articles, vectors, meta); every other table is copied as it is.
_REBUILT = {"passages", "sentences", "passage_fts", "passage_vocab"}
_SPECIAL = {"articles", "embeddings", "token_embeddings", "meta", "sqlite_sequence"}
# Bookkeeping that points at articles: rows pointing at one that could not be saved are left
# out, so the watcher and the poller fetch those again instead of believing them indexed.
_ARTICLE_REFERENCES = {"watched_files", "feed_entries"}
_META_DERIVED = {"generation", "instance", "passages", "written_at", "model", "chunker", "sentence_storage"}
_INTEGRITY_MESSAGES = 20


@dataclass(frozen=True)
class Finding:
    ok: bool
    text: str


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    database_ok: bool  # opens, passes the integrity check, has the schema, tables agree

    @property
    def problems(self) -> list[str]:
        return [f.text for f in self.findings if not f.ok]

    @property
    def healthy(self) -> bool:
        return not self.problems


# checking -------------------------------------------------------------------------------------

def check(data_dir: Path, quick: bool = False) -> Report:
    """What is wrong with the index in `data_dir`, in plain words; reads only. `quick`: SQLite's
    quick_check (pages and records, not whether every index matches its table) instead of the
    full integrity check, which on a large database takes a while."""
    data_dir = Path(data_dir)
    path = data_dir / DB_NAME
    found: list[Finding] = []
    if not path.exists():
        found.append(Finding(True, f"No index in {data_dir} yet: nothing to check."))
        return Report(tuple(found), True)
    database_ok = _check_database(path, found, quick)
    if database_ok:
        _check_caches(data_dir, found)
    leftovers = _temporary_files(data_dir)
    if leftovers:
        found.append(Finding(False, f"{plural(len(leftovers), 'temporary file')} left by an interrupted write: "
                                    + ", ".join(p.name for p in leftovers) + "."))
    return Report(tuple(found), database_ok)


def _check_database(path: Path, found: list[Finding], quick: bool) -> bool:
    try:
        db = connect_read_only(path)
    except (sqlite3.DatabaseError, QuotebotError) as error:
        found.append(Finding(False, f"{path} cannot be opened as a database: {error}."))
        return False
    with closing(db):
        try:
            pragma = "quick_check" if quick else "integrity_check"
            messages = [row[0] for row in db.execute(f"PRAGMA {pragma}({_INTEGRITY_MESSAGES})")]
        except sqlite3.DatabaseError as error:
            found.append(Finding(False, f"{path} is damaged beyond SQLite's own check: {error}."))
            return False
        if messages != ["ok"]:
            found.append(Finding(False, f"{path} is damaged: SQLite's integrity check found "
                                        + ("at least " if len(messages) >= _INTEGRITY_MESSAGES else "")
                                        + f"{plural(len(messages), 'problem')}, e.g. {messages[0]}"))
            return False
        found.append(Finding(True, f"{path} passes SQLite's {'quick' if quick else 'integrity'} check."))
        missing = _missing_schema(db)
        if missing:
            found.append(Finding(False, "The database lacks part of quotebot's schema: " + ", ".join(missing) + "."))
            return False
        return _check_agreement(db, found)


def _missing_schema(db: sqlite3.Connection) -> list[str]:
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


def _check_agreement(db: sqlite3.Connection, found: list[Finding]) -> bool:
    one = lambda sql, *args: db.execute(sql, args).fetchone()[0]  # noqa: E731
    articles, passages = one("SELECT COUNT(*) FROM articles"), one("SELECT COUNT(*) FROM passages")
    model = db.execute("SELECT value FROM meta WHERE key = 'model'").fetchone()
    problems = []
    orphans = one("""SELECT COUNT(*) FROM passages p WHERE NOT EXISTS
                     (SELECT 1 FROM articles a WHERE a.collection = p.collection AND a.id = p.article_id)""")
    if orphans:
        problems.append(f"{plural(orphans, 'passage')} {'belongs' if orphans == 1 else 'belong'} to no article")
    empty = one("""SELECT COUNT(*) FROM articles a WHERE NOT EXISTS
                   (SELECT 1 FROM passages p WHERE p.collection = a.collection AND p.article_id = a.id)""")
    if empty:
        problems.append(f"{plural(empty, 'article')} {'has' if empty == 1 else 'have'} no passage (cannot be found by any question)")
    if one("SELECT COUNT(*) FROM sentences WHERE passage_id NOT IN (SELECT id FROM passages)"):
        problems.append("some sentences belong to no passage")
    if one("SELECT COUNT(*) FROM passage_fts") != passages:
        problems.append("the text search index does not match the passages")
    counted = db.execute("SELECT value FROM meta WHERE key = 'passages'").fetchone()
    if counted is None or int(counted[0]) != passages:
        problems.append("the stored passage count is wrong (it weighs every text search)")
    if model is not None:
        unembedded = one("""SELECT COUNT(*) FROM passages p WHERE NOT EXISTS
                            (SELECT 1 FROM embeddings e WHERE e.model = ? AND e.key = p.embed_key)""", model[0])
        if unembedded:
            problems.append(f"{plural(unembedded, 'passage')} {'has' if unembedded == 1 else 'have'} no vector")
    for problem in problems:
        found.append(Finding(False, f"The database's tables disagree: {problem}."))
    if not problems:
        found.append(Finding(True, f"The database holds {plural(articles, 'article')} and {plural(passages, 'passage')}, "
                                   f"and its tables agree."))
    return not problems


def _vector_index(store: Store) -> VectorIndex | None:
    model = store.get_meta("model")
    dim = store.dim(model) if model is not None else None
    return None if dim is None else VectorIndex(store, model, dim)


def _check_caches(data_dir: Path, found: list[Finding]) -> None:
    cache_dir = data_dir / "faiss"
    with Store(data_dir, read_only=True) as store:
        vectors = _vector_index(store)
        expected = {vectors._cache_path(c): c for c in store.collections()} if vectors else {}
        for path, collection in expected.items():
            if not path.exists():
                found.append(Finding(True, f"No FAISS cache for {collection} yet: built from the database at start."))
                continue
            problem = _cache_mismatch(vectors, collection, path)
            found.append(Finding(problem is None, f"FAISS cache of {collection} ({path.name}): "
                                                  + (problem or "matches the database") + "."))
    others = sorted(p for p in cache_dir.glob("*.faiss") if p not in expected) if cache_dir.is_dir() else []
    if others:
        found.append(Finding(True, f"{plural(len(others), 'FAISS cache file')} of no collection of this database "
                                   f"(another model, or a replaced database): unused."))


def _cache_mismatch(vectors: VectorIndex, collection: str, path: Path) -> str | None:
    index, problem = read_cache(path.read_bytes(), vectors.dim)
    if problem is not None:
        return problem
    ids = faiss.vector_to_array(index.id_map) if index.ntotal else np.zeros(0, dtype=np.int64)
    cached = faiss.downcast_index(index.index).reconstruct_n(0, index.ntotal) if index.ntotal else None
    want_ids, want = vectors.store.collection_vectors(vectors.model, collection)
    row_of = {int(pid): row for row, pid in enumerate(want_ids.tolist())}
    differing = sum(1 for row, pid in enumerate(ids.tolist())
                    if pid in row_of and not np.array_equal(cached[row], want[row_of[pid]]))
    if differing:
        return f"{differing} of its vectors differ from the database's"
    # Ids added or removed since the cache was saved are patched from the database at every start.
    return None


def _temporary_files(data_dir: Path) -> list[Path]:
    cache_dir = data_dir / "faiss"
    return sorted(p for p in cache_dir.glob("*.faiss.tmp*")) if cache_dir.is_dir() else []


# repairing ------------------------------------------------------------------------------------

def repair(settings: Settings, embedder: Embedder | None = None, say: Callable[[str], None] = lambda _: None,
           now: Callable[[], float] = time.time) -> Report:
    """Rebuild what `check` finds broken from what is intact; returns the check made afterwards.
    `embedder` embeds the texts whose vectors could not be saved (default: the configured model)."""
    data_dir = Path(settings.data_dir)
    if not data_dir_writable(data_dir):
        raise ReadOnlyData(data_dir, f"{data_dir} is read-only here: `quotebot doctor` can check it, but "
                                     f"--repair needs write access to it.")
    report = check(data_dir)
    for leftover in _temporary_files(data_dir):
        leftover.unlink(missing_ok=True)
        say(f"Removed {leftover.name}, left by an interrupted write.")
    if not report.database_ok:
        _rebuild_database(settings, embedder, say, now)
    _rebuild_caches(data_dir, say)
    return check(data_dir)


def _rebuild_caches(data_dir: Path, say: Callable[[str], None]) -> None:
    """Every collection's FAISS cache written afresh from the database; caches of nothing removed."""
    cache_dir = data_dir / "faiss"
    if not (data_dir / DB_NAME).exists():
        return
    with Store(data_dir) as store:
        vectors = _vector_index(store)
        keep = set()
        if vectors is not None:
            for collection in store.collections():
                vectors._indexes[collection] = vectors.build(collection)
                keep.add(vectors._cache_path(collection))
            vectors.save()
            say(f"Rebuilt the FAISS cache of {plural(len(keep), 'collection')} from the database.")
    for path in (cache_dir.glob("*.faiss") if cache_dir.is_dir() else []):
        if path not in keep:
            path.unlink(missing_ok=True)
            say(f"Removed {path.name}, a FAISS cache of no collection of this database.")


def _rebuild_database(settings: Settings, embedder: Embedder | None, say: Callable[[str], None],
                      now: Callable[[], float]) -> None:
    """Build a fresh database beside the damaged one from what of it reads, then swap: until
    the swap the damaged file stays where it is, so an interrupted repair can simply be rerun."""
    from .engine import Engine

    data_dir = Path(settings.data_dir)
    path = data_dir / DB_NAME
    work = data_dir / f".doctor-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    try:
        saved = 0
        try:
            old = connect_read_only(path)
            tables = {name: sql for name, sql in old.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'")}
        except (sqlite3.DatabaseError, QuotebotError) as error:
            say(f"Nothing could be read from the damaged database ({error}): starting an empty index.")
            Store(work).close()
        else:
            with closing(old), Engine(settings.model_copy(update={"data_dir": work}), embedder) as engine:
                saved = _salvage(old, tables, engine, say)
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime(now()))
        aside = path.with_name(f"{path.name}.corrupt-{stamp}")
        serial = 1
        while any(f.exists() for f in database_files(aside)):  # never overwrite an earlier one
            serial += 1
            aside = path.with_name(f"{path.name}.corrupt-{stamp}-{serial}")
        for file, moved in zip(database_files(path), database_files(aside)):
            if file.exists():
                os.replace(file, moved)  # the -wal keeps its pairing with the file, so both read together
        for file, target in zip(database_files(work / DB_NAME), database_files(path)):
            if file.exists():
                os.replace(file, target)
        say(f"Moved the damaged database aside to {aside.name} (kept: delete it once satisfied) and put "
            f"in its place a rebuilt one holding {plural(saved, 'article')}.")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _salvage(old: sqlite3.Connection, tables: dict[str, str], engine, say: Callable[[str], None]) -> int:
    """Copy into `engine`'s fresh store what of the damaged database reads; returns the articles saved."""
    store = engine.store
    copied = 0
    for table in ("embeddings", "token_embeddings"):
        if table in tables:
            copied += _copy_vectors(old, store, table, engine.model)
    say(f"Saved {plural(copied, 'stored vector')}; texts whose vectors were lost are embedded again.")
    saved: dict[tuple[str, str], float] = {}
    if "articles" in tables:
        for row in _readable_rows(old, "articles", ["collection", "id", "title", "text", "url", "author",
                                                     "published", "source", "publisher", "added_at"]):
            collection, article_id, title, text, url, author, published, source, publisher, added_at = row
            try:
                engine.add_article(Article(article_id, title, text, url, author, published, source or "",
                                           publisher), collection)
            except QuotebotError as error:
                say(f"Could not add back {article_id}: {error}")
                continue
            saved[(collection, article_id)] = added_at
    with store.transaction() as db:
        for (collection, article_id), added_at in saved.items():  # the listing's order as before
            db.execute("UPDATE articles SET added_at = ? WHERE collection = ? AND id = ?",
                       (added_at, collection, article_id))
        if "meta" in tables:
            for key, value in _readable_rows(old, "meta", ["key", "value"]):
                if key not in _META_DERIVED:
                    db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
        for table, sql in tables.items():
            if table in _REBUILT | _SPECIAL or table.startswith(("passage_fts", "sqlite_")) or not sql:
                continue
            if sql.upper().startswith("CREATE VIRTUAL"):
                say(f"Left out the virtual table {table}.")
                continue
            rows = _copy_table(old, db, table, sql, saved if table in _ARTICLE_REFERENCES else None)
            say(f"Saved {plural(rows, 'row')} of {table}.")
    say(f"Added back {plural(len(saved), 'article')} from their stored text.")
    return len(saved)


def _copy_vectors(old: sqlite3.Connection, store: Store, table: str, model: str) -> int:
    column = "vector" if table == "embeddings" else "tokens"
    count = 0
    batch: list[tuple] = []
    for key, blob in _readable_rows(old, table, ["key", column], where=("model", model), key_column="key"):
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
    for row in (_rows_until_damage(old, table, columns) if rowless else _readable_rows(old, table, columns)):
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


def _readable_rows(db: sqlite3.Connection, table: str, columns: list[str], *, where: tuple[str, str] | None = None,
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
