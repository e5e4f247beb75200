"""Front matter: the leading ``---`` block of ``key: value`` lines an article file may carry
(title, url, author, published/date, source/publisher). Parsed strictly: a malformed block is
an `IngestError` naming its line, never metadata leaking into the text or a wrong title."""
from __future__ import annotations

import re

from .byline import byline_outlet
from .errors import IngestError

_WS_RE = re.compile(r"\s+")


# Front matter is the YAML subset article files use: one `key: value` per line, values plain,
# quoted, block scalars (| or >), lists ([a, b] or "- a" lines) or nested blocks quotebot
# skips. It opens with `---` on line 1 followed at once by a key (comment lines may come
# first); a leading `---` followed by anything else (a blank line, prose, a Markdown heading
# and prose) is a horizontal rule and stays text.
_FM_OPEN_RE = re.compile(r"^[A-Za-z_][\w.\-]*[ \t]*:")
_FM_KEY_START_REFUSED = set("#?,[]{}&*!|>%@`:")
_COMMENT_RE = re.compile(r"(?<=[ \t])#")  # YAML: a comment needs a space before its #
_FM_BLOCK_RE = re.compile(r"^[|>][+-]?[1-9]?[+-]?(?:[ \t]+#.*)?$")
_FM_NULLS = {"~", "null", "Null", "NULL"}
_FM_KEYS = {
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "canonical_url": "url",
    "author": "author", "authors": "author", "by": "author",
    "published": "published", "date": "published",
    "source": "publisher", "publisher": "publisher", "publication": "publisher",
}
_RULE_HINT = "a horizontal rule on the first line needs a blank line after it"


# A saved page's header block ("Title: …" / "By: …" / "Published: …" lines above the text, no
# `---`): read as front matter. A stranger was told an article with "Published: 24 January 2005"
# on its third line "has no publication date", and its title was "Title: IBM puts cash…".
_HEADER_KEYS = {
    "title": "title", "headline": "title",
    "by": "author", "author": "author", "authors": "author", "written by": "author", "byline": "author",
    "published": "published", "published on": "published", "date": "published", "posted": "published",
    "source": "publisher", "publisher": "publisher", "publication": "publisher",
    "url": "url", "link": "url",
    "section": "", "category": "", "tags": "", "updated": "", "last updated": "",
}
_HEADER_LINE_RE = re.compile(r"[ \t]*([A-Za-z][A-Za-z ]{0,14}?)[ \t]*:[ \t]+(\S.*)")
_HEADER_MAX_LINES = 10


def split_header_block(text: str) -> tuple[dict[str, str], str]:
    """({key: value}, body) when the text opens with a block of two or more `Key: value` lines,
    every one a key articles carry (title, by/author, published/date, source, url, section…) and
    one of them a title or a writer; else ({}, text) unchanged. The writer is the name before a
    role or outlet ("Tom Walsh, Technology reporter"), every one of "Authors: …"."""
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return {}, text
    meta: dict[str, str] = {}
    multiple = False  # "Authors: Jane Smith, John Doe"
    end = first
    while end < len(lines) and lines[end].strip() and end - first <= _HEADER_MAX_LINES:
        match = _HEADER_LINE_RE.fullmatch(lines[end][:2000])
        key = _WS_RE.sub(" ", match.group(1)).strip().lower() if match else ""
        field = _HEADER_KEYS.get(key)
        if field is None:
            return {}, text
        if field and field not in meta:
            meta[field] = match.group(2).strip()
            multiple = multiple or key == "authors"
        end += 1
    # A title or a writer: "Source: Office for National Statistics / Date: 2004 figures" over a
    # table is the table's.
    if end - first < 2 or end - first > _HEADER_MAX_LINES or not meta.keys() & {"title", "author"}:
        return {}, text
    if "author" in meta:
        written = re.sub(r"(?i)^by\s*:?\s+", "", meta["author"])
        # "Tom Walsh, Technology reporter, BBC News": the writer, then a role and an outlet (every
        # writer of "Jane Smith and John Doe" kept, as front matter keeps them)
        meta["author"] = written if multiple else re.split(r"\s*[,|·•–—]\s*", written)[0] or written
        if "publisher" not in meta and (outlet := byline_outlet("By " + written)):
            meta["publisher"] = outlet
    return meta, "\n".join(lines[end:])


def split_front_matter(text: str, source: str) -> tuple[dict[str, str], str]:
    """({key: value}, body) for a leading front matter block, else ({}, text) unchanged.

    A block that is opened but never closed, or holds a line that is not `key: value`, an
    unclosed quote or bracket, a stray list item or a key given twice, raises an
    `IngestError` naming the line: guessing would put the metadata into the article's text
    or a wrong title on it."""
    lines = text.split("\n")
    if len(lines) < 2 or lines[0].rstrip() != "---":
        return {}, text
    first = next((line for line in lines[1:] if not line.startswith("#")), "")
    if not _FM_OPEN_RE.match(first):
        return {}, text
    close = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if close is None:
        raise IngestError(source, f"front matter opened on line 1 is never closed with --- ({_RULE_HINT})")
    meta: dict[str, str] = {}
    seen: dict[str, int] = {}
    entry: tuple[str, str, int, list[str]] | None = None  # key, inline value, line number, lines below

    def finish() -> None:
        if entry is None:
            return
        key, inline, number, below = entry
        value = _fm_value(inline, below, key, number, source)
        field = _FM_KEYS.get(key.lower())
        if field and value and field not in meta:
            meta[field] = value

    for i in range(1, close):
        line, number = lines[i], i + 1
        stripped = line.strip()
        if not stripped or (stripped.startswith("#") and not line[:1].isspace()):
            if entry is not None and stripped == "":
                entry[3].append("")
            continue
        if line[:1].isspace() or stripped == "-" or stripped.startswith("- "):
            if entry is None:
                raise IngestError(source, f"front matter line {number} is indented or a list item (- …) "
                                          f"but follows no key: {_shown(line)}")
            if not line[:1].isspace() and entry[1].strip():
                raise IngestError(source, f"front matter line {number} is a list item (- …), but `{entry[0]}` "
                                          f"on line {entry[2]} already has a value")
            entry[3].append(line)
            continue
        parsed = _fm_key(line)
        if isinstance(parsed, str):
            raise IngestError(source, f"front matter line {number} is not `key: value`{parsed}: {_shown(line)}")
        finish()
        key, inline = parsed
        if key in seen:
            raise IngestError(source, f"front matter line {number} gives `{key}` twice (also on line {seen[key]})")
        seen[key] = number
        entry = (key, inline, number, [])
    finish()
    return meta, "\n".join(lines[close + 1:])


def _fm_key(line: str) -> tuple[str, str] | str:
    """(key, inline value) of a `key: value` line, else a hint (maybe "") of what is wrong.
    Plain string work, no regular expression: a hostile line may be megabytes long."""
    if line[:1] in ("\"", "'"):
        close = line.find(line[0], 1)
        if close < 0:
            return ""
        key, rest = line[1:close], line[close + 1:].lstrip(" \t")
        if not rest.startswith(":"):
            return ""
        after = rest[1:]
    else:
        colon = line.find(":")
        key = line[:colon].rstrip(" \t") if colon > 0 else ""
        if not key or key[0] in _FM_KEY_START_REFUSED:
            return ""
        after = line[colon + 1:]
    if after and after[0] not in " \t":
        return " (put a space after the colon)"
    return key, after.strip(" \t")


def _strip_comment(value: str) -> str:
    m = _COMMENT_RE.search(value)
    return (value[: m.start()] if m else value).strip()


# YAML's double-quoted escapes: \xXX, \uXXXX, \UXXXXXXXX by code point, the rest by letter
# (a stranger's "\u202egnp.exe" title was kept as "u202egnp.exe"). An unknown one is its letter.
_YAML_ESCAPE = re.compile(r"\\(?:x([0-9A-Fa-f]{2})|u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))", re.S)
_YAML_LETTERS = {"0": "\0", "a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
                 "e": "\x1b", "N": "\x85", "_": "\xa0", "L": "\u2028", "P": "\u2029"}


def _unescaped(match: re.Match) -> str:
    code = match.group(1) or match.group(2) or match.group(3)
    if code is not None:
        point = int(code, 16)
        return chr(point) if point <= 0x10FFFF and not 0xD800 <= point <= 0xDFFF else "\ufffd"
    return _YAML_LETTERS.get(match.group(4), match.group(4))


def _fm_value(inline: str, below: list[str], key: str, number: int, source: str) -> str:
    """One front matter value as a single line of text ("" for null or a nested block)."""
    def fail(problem: str) -> IngestError:
        return IngestError(source, f"front matter line {number}: the value of `{key}` {problem}")

    while below and not below[-1].strip():
        below.pop()
    rest = [part.strip() for part in below]
    if inline[:1] in ("\"", "'"):
        # a quoted value may run on over indented lines; YAML folds them with spaces
        joined = " ".join([inline] + [part for part in rest if part])
        quote = joined[0]
        if quote == '"':
            m = re.match(r'"((?:[^"\\]|\\.)*)"', joined)
        else:
            m = re.match(r"'((?:[^']|'')*)'", joined)
        if m is None:
            raise fail(f"opens a quote ({quote}) that is never closed")
        after = joined[m.end():].strip()
        if after and not after.startswith("#"):
            raise fail(f"has text after its closing quote: {_shown(after)}")
        inner = m.group(1)
        if quote == '"':
            inner = _YAML_ESCAPE.sub(_unescaped, inner)
        else:
            inner = inner.replace("''", "'")
        return _WS_RE.sub(" ", inner).strip()
    if _FM_BLOCK_RE.match(inline):  # | or >: the indented lines below are the value
        return _WS_RE.sub(" ", " ".join(part for part in rest if part)).strip()
    if inline[:1] in ("[", "{"):
        closing = "]" if inline[0] == "[" else "}"
        joined = _strip_comment(" ".join([inline] + [part for part in rest if part]))
        if not joined.endswith(closing):
            raise fail(f"opens {inline[0]} that is never closed with {closing}")
        if closing == "}":
            return ""  # a mapping: nothing quotebot reads
        items = [item.strip().strip("\"'").strip() for item in joined[1:-1].split(",")]
        return ", ".join(item for item in items if item)
    if not inline:
        items = [part[1:].strip().strip("\"'").strip() for part in rest if part.startswith("-")]
        if items and len(items) == len([part for part in rest if part]):
            return ", ".join(item for item in items if item)  # a list of "- item" lines
        return ""  # nothing, or a nested block quotebot does not read
    value = _strip_comment(inline)  # a plain value may carry a comment
    if value in _FM_NULLS:
        return ""
    return _WS_RE.sub(" ", " ".join([value] + [part for part in rest if part])).strip()


def _shown(line: str, limit: int = 60) -> str:
    line = line.strip()
    return repr(line if len(line) <= limit else line[: limit - 1] + "…")

