"""`quotebot doctor`: check the index's files and rebuild what is intact.

On PostgreSQL (QUOTEBOT_DATABASE_URL) it checks the database's schema version and tables and
whether its tables agree (passages, sentences, vectors, the text search index), and this
process's FAISS caches against the database; the server keeps its own storage sound, so there
is no file to check page by page, and `--repair` (which rebuilds a SQLite file) is refused.

The check never writes: SQLite's integrity check, the schema, the tables' agreement with each
other, the stored vectors being unit vectors (damage inside a row passes SQLite's check), and
every FAISS start-up cache against the database's vectors. The repair never deletes
user data: a damaged database is moved aside (`quotebot.sqlite3.corrupt-<time>`, with its -wal),
the articles that still read (their full text is what everything else derives from) are added
again to a fresh database together with the stored vectors, feeds and watched-file state that
still read, articles whose stored vectors are damaged are embedded again from their text, and
the FAISS caches are rebuilt. Only derived files are removed: damaged or orphan
caches and the temporary files of interrupted writes.

The SQL it needs (the checks' reads, the salvage's copies) is index/store/integrity.py's."""
from __future__ import annotations

import os
import shutil
import sqlite3
import time
from contextlib import closing, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .embed import Embedder
from .errors import QuotebotError, ReadOnlyData, RepairUnavailable
from .models import Article
from .settings import Settings
from .store import (DB_NAME, Store, VectorIndex, connect_read_only, data_dir_writable, database_files,
                    differing_vectors, read_cache)
from .store import integrity
from .text import plural

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
            messages = integrity.integrity_messages(db, quick, _INTEGRITY_MESSAGES)
        except sqlite3.DatabaseError as error:
            found.append(Finding(False, f"{path} is damaged beyond SQLite's own check: {error}."))
            return False
        if messages != ["ok"]:
            found.append(Finding(False, f"{path} is damaged: SQLite's integrity check found "
                                        + ("at least " if len(messages) >= _INTEGRITY_MESSAGES else "")
                                        + f"{plural(len(messages), 'problem')}, e.g. {messages[0]}"))
            return False
        found.append(Finding(True, f"{path} passes SQLite's {'quick' if quick else 'integrity'} check."))
        missing = integrity.missing_schema(db)
        if missing:
            found.append(Finding(False, "The database lacks part of quotebot's schema: " + ", ".join(missing) + "."))
            return False
        agree = _check_agreement(db, found)
        if agree:
            _check_vectors(db, found)
        return agree


def check_postgres(settings: Settings) -> Report:
    """What is wrong with the index in the PostgreSQL database of QUOTEBOT_DATABASE_URL and
    with this process's FAISS caches of it (in the data dir); reads only."""
    from .store.pg import MIGRATIONS, PgStore, redacted

    assert settings.database_url
    where = f"the PostgreSQL database {redacted(settings.database_url)}"
    found: list[Finding] = []
    try:
        with PgStore(settings.data_dir, settings.database_url, read_only=True) as store, store.errors():
            if not store.has_table("schema_version"):
                found.append(Finding(True, f"No index in {where} yet: nothing to check."))
                return Report(tuple(found), True)
            version, newest = store.schema_version(), MIGRATIONS[-1][0]
            if version > newest:
                found.append(Finding(False, f"{where} has schema version {version}, newer than this quotebot "
                                            f"knows ({newest}): upgrade quotebot."))
                return Report(tuple(found), False)
            found.append(Finding(True, f"Checked {where} (schema version {version}"
                                       + (f"; {newest} is applied when a quotebot opens it to write)"
                                          if version < newest else ")") + "."))
            missing = [name for name in integrity.pg_tables(MIGRATIONS[:version]) if not store.has_table(name)]
            if missing:
                found.append(Finding(False, "The database lacks part of quotebot's schema: "
                                            + ", ".join(f"table {t}" for t in missing) + "."))
                return Report(tuple(found), False)
            with store.snapshot() as db:  # one state, whatever the writers do meanwhile
                database_ok = _check_agreement(db, found, "postgresql")
                if database_ok:
                    _check_vectors(db, found)
            if database_ok:
                _check_caches(Path(settings.data_dir), found, store)
    except QuotebotError as error:
        found.append(Finding(False, f"Could not check {where}: {error}"))
        return Report(tuple(found), False)
    return Report(tuple(found), database_ok)


def _check_agreement(db, found: list[Finding], dialect: str = "sqlite") -> bool:
    counts = integrity.table_counts(db, dialect)
    problems = []
    orphans = counts.orphan_passages
    if orphans:
        problems.append(f"{plural(orphans, 'passage')} {'belongs' if orphans == 1 else 'belong'} to no article")
    empty = counts.empty_articles
    if empty:
        problems.append(f"{plural(empty, 'article')} {'has' if empty == 1 else 'have'} no passage (cannot be found by any question)")
    if counts.orphan_sentences:
        problems.append("some sentences belong to no passage")
    if counts.search_rows != counts.passages or counts.orphan_search_rows:
        problems.append("the text search index does not match the passages")
    if counts.counted_passages != counts.passages:
        problems.append("the stored passage count is wrong (it weighs every text search)")
    unembedded = counts.unembedded_passages
    if unembedded:
        problems.append(f"{plural(unembedded, 'passage')} {'has' if unembedded == 1 else 'have'} no vector")
    if counts.unembedded_sentences:
        problems.append(f"{plural(counts.unembedded_sentences, 'sentence')} "
                        f"{'has' if counts.unembedded_sentences == 1 else 'have'} no vector")
    for problem in problems:
        found.append(Finding(False, f"The database's tables disagree: {problem}."))
    if not problems:
        found.append(Finding(True, f"The database holds {plural(counts.articles, 'article')} and "
                                   f"{plural(counts.passages, 'passage')}, and its tables agree."))
    return not problems


def _check_vectors(db, found: list[Finding]) -> None:
    """Whether every stored passage and sentence vector is a unit vector, as the model writes
    them: damage inside a row passes SQLite's check, and copied into FAISS it would make every
    question's scores overflow. The damaged articles are a problem, not the database: `--repair`
    embeds them again from their text (the database itself need not be rebuilt)."""
    damaged = integrity.damaged_vectors(db)
    if not damaged:
        found.append(Finding(True, "Every stored passage and sentence vector is a unit vector."))
        return
    titles = _titles(damaged)
    found.append(Finding(False, f"The stored vectors of {plural(len(damaged), 'article')} are damaged (not unit "
                                f"length): {titles}; --repair embeds {'it' if len(damaged) == 1 else 'them'} "
                                f"again from the stored text."))


def _titles(articles: list[integrity.DamagedArticle], shown: int = 5) -> str:
    names = ", ".join(f"“{a.title}” ({a.id[:8]})" for a in articles[:shown])
    return names + (f" and {len(articles) - shown} more" if len(articles) > shown else "")


def _vector_index(store: Store) -> VectorIndex | None:
    model = store.get_meta("model")
    dim = store.dim(model) if model is not None else None
    return None if dim is None else VectorIndex(store, model, dim)


def _check_caches(data_dir: Path, found: list[Finding], database: Store | None = None) -> None:
    """The FAISS caches in `data_dir` against `database` (default: the SQLite file there)."""
    cache_dir = data_dir / "faiss"
    with (Store(data_dir, read_only=True) if database is None else nullcontext(database)) as store:
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
    want_ids, want = vectors.store.collection_vectors(vectors.model, collection)
    differing = differing_vectors(index, want_ids, want)
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
    if settings.database_url:
        raise RepairUnavailable("`quotebot doctor --repair` rebuilds the SQLite index file; the index is in "
                                "PostgreSQL (QUOTEBOT_DATABASE_URL), whose server keeps its storage sound: restore "
                                "it from the server's backups. `quotebot reindex` rebuilds the vector index and "
                                "deleting the data dir's faiss/ folder makes every cache be built again.")
    if not data_dir_writable(data_dir):
        raise ReadOnlyData(data_dir, f"{data_dir} is read-only here: `quotebot doctor` can check it, but "
                                     f"--repair needs write access to it.")
    report = check(data_dir)
    for leftover in _temporary_files(data_dir):
        leftover.unlink(missing_ok=True)
        say(f"Removed {leftover.name}, left by an interrupted write.")
    if not report.database_ok:
        _rebuild_database(settings, embedder, say, now)
    _embed_damaged_again(settings, embedder, say)
    _rebuild_caches(data_dir, say)
    return check(data_dir)


def _embed_damaged_again(settings: Settings, embedder: Embedder | None, say: Callable[[str], None]) -> None:
    """The articles whose stored vectors are damaged embedded again from their text (their
    damaged vectors dropped first, as the cache would otherwise keep them), as `reindex` does:
    the FAISS caches rebuilt afterwards read only sound vectors."""
    from .engine import Engine

    path = Path(settings.data_dir) / DB_NAME
    if not path.exists():
        return
    with closing(connect_read_only(path)) as db:
        damaged = integrity.damaged_vectors(db)
    if not damaged:
        return
    with Engine(settings, embedder) as engine:
        with engine.store.transaction() as db:
            integrity.forget_vectors(db, set().union(*(a.keys for a in damaged)))
        engine.reindex()
    say(f"Embedded again the damaged vectors of {plural(len(damaged), 'article')} from the stored text: "
        f"{_titles(damaged)}.")


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
            tables = integrity.table_definitions(old)
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
            copied += integrity.copy_vectors(old, store, table, engine.model)
    say(f"Saved {plural(copied, 'stored vector')}; texts whose vectors were lost are embedded again.")
    saved: dict[tuple[str, str], float] = {}
    if "articles" in tables:
        for row in integrity.readable_articles(old):
            collection, article_id, title, text, url, author, published, source, publisher, added_at = row
            try:
                engine.add_article(Article(article_id, title, text, url, author, published, source or "",
                                           publisher), collection)
            except QuotebotError as error:
                say(f"Could not add back {article_id}: {error}")
                continue
            saved[(collection, article_id)] = added_at
    for table, rows in integrity.restore_rows(old, store, tables, saved):
        say(f"Left out the virtual table {table}." if rows is None else f"Saved {plural(rows, 'row')} of {table}.")
    say(f"Added back {plural(len(saved), 'article')} from their stored text.")
    return len(saved)
