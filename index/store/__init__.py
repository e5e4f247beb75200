"""The persistence layer: every table quotebot keeps, and all of its SQL, lives in this package.

- core.py: `Store`, the index database (`quotebot.sqlite3`): meta, articles, passages,
  sentences, the embedding caches and the FTS5 text index; connections, transactions and the
  translation of storage failures into user-facing errors.
- vectors.py: `VectorIndex`, the in-memory FAISS indexes built from the Store's vectors.
"""
from .core import (
    DB_NAME,
    SCHEMA,
    PassageRow,
    SentenceRow,
    Store,
    atomic_write,
    connect_read_only,
    data_dir_writable,
    database_files,
    embed_key,
    storage_error,
    storage_errors,
)
from .vectors import CACHE_MAGIC, CACHE_SPOT_CHECKS, OLD_CACHE, SENTENCE_CACHE_ROWS, VectorIndex, read_cache

__all__ = [
    "CACHE_MAGIC", "CACHE_SPOT_CHECKS", "DB_NAME", "OLD_CACHE", "PassageRow", "SCHEMA", "SENTENCE_CACHE_ROWS",
    "SentenceRow", "Store", "VectorIndex", "atomic_write", "connect_read_only", "data_dir_writable",
    "database_files", "embed_key", "read_cache", "storage_error", "storage_errors",
]
