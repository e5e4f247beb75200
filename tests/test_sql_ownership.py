"""Every table belongs to the store package (index/store/): no other module of index/ or bot/
holds SQL text or runs a statement itself. Feature modules (feeds, the folder watcher, the
bot's votes, the doctor) go through the store's repositories, whose threading contract is
stated where the SQL is.

Read with ast, so comments and prose do not count and an f-string's pieces do."""
from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
STORE = REPO / "index" / "store"

# Statements as they are written, upper case: prose in docstrings ("update the feed") is not SQL.
SQL = re.compile(
    r"\b(SELECT\s+\S[\s\S]*\bFROM\b|SELECT\s+(1|COUNT)\b|INSERT\s+(OR\s+[A-Z]+\s+)?INTO\b|UPDATE\s+\w+\s+SET\b"
    r"|DELETE\s+FROM\b|CREATE\s+(TABLE|INDEX|UNIQUE\s+INDEX|VIRTUAL\s+TABLE)\b|DROP\s+(TABLE|INDEX)\b"
    r"|ALTER\s+TABLE\b|PRAGMA\s+\w+|BEGIN(\s+IMMEDIATE)?$|COMMIT$|ROLLBACK$)"
)
RUNS_SQL = {"execute", "executemany", "executescript"}


def sql_found(source: str, filename: str = "<source>") -> list[tuple[int, str]]:
    """(line, what) for each SQL string literal and each statement run in `source`."""
    found = []
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            match = SQL.search(node.value.strip())
            if match:
                found.append((node.lineno, f"SQL text {' '.join(match.group(0).split())[:40]!r}"))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in RUNS_SQL:
            found.append((node.lineno, f"a call of .{node.func.attr}()"))
    return sorted(found)


def _modules_outside_the_store() -> list[Path]:
    paths = [p for package in ("index", "bot") for p in sorted((REPO / package).rglob("*.py"))]
    return [p for p in paths if STORE not in p.parents]


def test_no_sql_outside_the_store_package():
    offenders = [
        f"{path.relative_to(REPO)}:{line}: {what}"
        for path in _modules_outside_the_store()
        for line, what in sql_found(path.read_text(encoding="utf-8"), str(path))
    ]
    assert not offenders, ("SQL outside index/store/ (move it into a repository there):\n"
                           + "\n".join(offenders))


def test_the_store_package_exists_and_holds_the_sql():
    """The scan above is only meaningful while the SQL has a home it leaves out."""
    inside = [p for p in sorted(STORE.rglob("*.py"))]
    assert any(sql_found(p.read_text(encoding="utf-8")) for p in inside)


def test_the_scan_finds_statements_and_passes_prose():
    flagged = sql_found('''
db.execute("SELECT url FROM feeds WHERE collection = ?", (c,))
query = f"""UPDATE articles SET source = ? WHERE id IN ({marks})"""
SCHEMA = "CREATE TABLE IF NOT EXISTS votes (answer_id TEXT)"
rows = "INSERT OR REPLACE INTO watched_files (path) VALUES (?)"
''')
    assert [line for line, _ in flagged] == [2, 2, 3, 4, 5]
    assert sql_found('''
"""Update the feed, then select the entries to delete; insert a note (SELECT nothing)."""
log.info("DELETE pressed: %s", name)
''') == []
