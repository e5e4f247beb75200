"""Terms exactly as the SQLite index's FTS5 table cuts and stems them: for the PostgreSQL store's
BM25 and vocabulary (pg.py), and for the words PyStemmer stems otherwise (text.py's `_porter`).
Thread-safe: one in-memory database per thread."""
from __future__ import annotations

import sqlite3
import threading
from typing import Sequence

# FTS5 itself cuts texts into terms (an in-memory table, one per thread, read back through
# fts5vocab): the same tokenizer and Porter stemmer as the SQLite index's, down to its quirks
# (words under three letters unstemmed, diacritics removed, "3.5" two terms).
_TOKENIZER = threading.local()
_FTS5_TABLES = """
CREATE VIRTUAL TABLE texts USING fts5 (body, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE text_terms USING fts5vocab (texts, 'instance');
"""


def fts5_terms_many(texts: Sequence[str]) -> list[list[str]]:
    """Each text's terms in order, as the SQLite index's FTS5 table holds them."""
    db = getattr(_TOKENIZER, "db", None)
    if db is None:
        db = _TOKENIZER.db = sqlite3.connect(":memory:", isolation_level=None)
        db.executescript(_FTS5_TABLES)
    found: list[list[str]] = [[] for _ in texts]
    db.execute("BEGIN")
    try:
        db.executemany("INSERT INTO texts (rowid, body) VALUES (?, ?)", [(i + 1, t) for i, t in enumerate(texts)])
        for doc, term in db.execute("SELECT doc, term FROM text_terms ORDER BY doc, offset"):
            found[doc - 1].append(term)
    finally:
        db.execute("ROLLBACK")  # the table stays empty for the next call
    return found
