"""Turn sources (files, folders, http(s) URLs) into `Article`s.

Everything a quote may later be cut from is `Article.text`, so the text is kept as it was
written: only line endings are normalised to ``\\n``, a BOM is dropped, front matter is
removed, whole lines of page furniture (link teasers such as "Related: …", share/subscribe
buttons, image credits; see `furniture`) are dropped and surrounding blank lines are
trimmed. Every failure is an `IngestError` (or its subclass `UnsafeURLError`) whose message
names the source and says what went wrong.

URLs are downloaded by `index.fetch` (the guarded HTTP client) and parsed here.
"""
from __future__ import annotations

import codecs
import hashlib
import logging
import os
import re
from collections.abc import Callable, Collection
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import IngestError
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, URL_SCHEME_RE as _SCHEME_RE, fetch
from .fetch import format_size as _fmt_bytes
from .furniture import strip_furniture
from .models import Article

log = logging.getLogger(__name__)

MIN_WORDS = 20

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html", ".htm"}
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_SUFFIX_LIST = ", ".join(ARTICLE_SUFFIXES)

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}
_ARTICLE_TYPES = frozenset(_HTML_TYPES | _MARKDOWN_TYPES | {"text/plain"})

_WORD_RE = re.compile(r"\w+")
_WS_RE = re.compile(r"\s+")
_TRACKING_PARAMS = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid",
    "mc_cid", "mc_eid", "_ga", "_gl",
}


# --------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------


def is_url(source: str) -> bool:
    """True when `source` is written as a URL (``scheme://...``) rather than a path.

    Any scheme counts, so ``ftp://...`` or ``file://...`` go to `fetch_url`, which refuses
    them with a clear reason instead of a confusing "file not found".
    """
    return bool(_SCHEME_RE.match(source.strip()))


def load(
    source: str,
    *,
    allow_private_urls: bool = False,
    allowed_hosts: Collection[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: Callable[[IngestError], None] | None = None,
) -> list[Article]:
    """Read a file, a folder (recursively) or an http(s) URL into articles.

    In a folder, a file that cannot be read is skipped: its `IngestError` goes to
    `on_error` (or is logged as a warning) and the rest still load. A folder with no
    article files, or where none could be read, raises.
    """
    text = (source or "").strip()
    if not text:
        raise IngestError(repr(source), "no source given: expected a file, a folder or a URL")
    if is_url(text):
        return [
            fetch_url(text, allow_private_urls=allow_private_urls, allowed_hosts=allowed_hosts, timeout=timeout,
                      max_bytes=max_bytes)
        ]
    path = Path(text).expanduser()
    if path.is_dir():
        return _load_folder(path, max_bytes=max_bytes, on_error=on_error)
    return [read_file(path, max_bytes=max_bytes)]


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one .txt, .md, .markdown, .html or .htm file."""
    path = Path(path)
    source = str(path)
    try:
        st = path.stat()
    except FileNotFoundError:
        hint = ""
        if re.match(r"^(www\.)?[\w-]+(\.[\w-]+)+/", source):
            hint = f" (for a web page, give the full URL: https://{source})"
        raise IngestError(source, f"file not found{hint}") from None
    except PermissionError:
        raise IngestError(source, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise IngestError(source, f"cannot read the file: {exc.strerror or exc}") from None
    if path.is_dir():
        raise IngestError(source, "is a folder, not a file")
    if not path.is_file():
        raise IngestError(source, "is not a regular file")
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES and suffix not in HTML_SUFFIXES:
        kind = f"unsupported file type '{suffix}'" if suffix else "unsupported file type (no extension)"
        raise IngestError(source, f"{kind}: quotebot reads {_SUFFIX_LIST} files")
    if st.st_size > max_bytes:
        raise IngestError(
            source, f"the file is {_fmt_bytes(st.st_size)}, over the {_fmt_bytes(max_bytes)} size limit"
        )
    if st.st_size == 0:
        raise IngestError(source, "the file is empty")
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise IngestError(source, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise IngestError(source, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew since stat
        raise IngestError(source, f"the file is over the {_fmt_bytes(max_bytes)} size limit")
    text = _decode(data, source, what="file")
    if not text.strip():
        raise IngestError(source, "the file is empty (only whitespace)")
    if suffix in HTML_SUFFIXES:
        article = parse_html(text, source=source)
    else:
        article = parse_text(text, source=source, fmt=TEXT_SUFFIXES[suffix])
    # Errors name the path as given; the stored source is the one form every reader compares.
    return replace(article, source=file_source(path))


def parse_upload(data: bytes, filename: str, *, source: str | None = None,
                 max_bytes: int | None = None) -> Article:
    """An uploaded file (e.g. a Discord attachment) as an article: its bytes and its name.

    Read like `read_file` reads a file: the type comes from the name's suffix (.txt, .md,
    .markdown, .html, .htm; anything else is refused), the bytes are decoded the same way
    (a BOM, UTF-8, an HTML page's declared charset, Windows-1252; binary or undecodable data
    is refused) and parsed by the same parsers. Every failure is an `IngestError` naming
    `filename`. `source` is what the article's source becomes (default: `filename`): give
    each upload its own, so two uploads that share a file name stay two articles.
    """
    name = filename or "upload"
    suffix = PurePosixPath(name.replace("\\", "/")).suffix.lower()
    if suffix not in TEXT_SUFFIXES and suffix not in HTML_SUFFIXES:
        kind = f"unsupported file type '{suffix}'" if suffix else "unsupported file type (no extension)"
        raise IngestError(name, f"{kind}: quotebot reads {_SUFFIX_LIST} files")
    if max_bytes is not None and len(data) > max_bytes:
        raise IngestError(
            name, f"the file is {_fmt_bytes(len(data))}, over the {_fmt_bytes(max_bytes)} size limit"
        )
    if not data:
        raise IngestError(name, "the file is empty")
    html = suffix in HTML_SUFFIXES
    text = _decode(data, name, what="file", sniff_html=html)
    if not text.strip():
        raise IngestError(name, "the file is empty (only whitespace)")
    if html:
        article = parse_html(text, source=name)
    else:
        article = parse_text(text, source=name, fmt=TEXT_SUFFIXES[suffix])
    return replace(article, source=source or name)


def file_source(path: str | os.PathLike) -> str:
    """The `Article.source` of a file: its absolute, normalised path (symlinks are kept, so a
    file linked into a watched folder stays under it). The watcher and `Engine.remove_source`
    compare sources in this form."""
    return os.path.abspath(os.path.expanduser(os.fspath(path)))


def parse_text(text: str, *, source: str, fmt: str = "txt", url: str | None = None) -> Article:
    """Plain text or Markdown, with optional front matter.

    Front matter is a leading ``---`` block of ``key: value`` lines (title, url, author,
    published/date, source/publisher); it is removed from the text. Without a title there,
    the first ``# heading`` (Markdown) or the first non-empty line is the title, and that
    line stays in the text. `url`, when given (the address it was fetched from), wins over
    a front matter url. Lines of page furniture (`furniture.is_furniture`: "Related: …",
    "Share this article", "Advertisement"…) are dropped from the text.
    """
    if fmt not in ("txt", "md"):
        raise ValueError(f"fmt must be 'txt' or 'md', not {fmt!r}")
    text = _normalise_newlines(text)
    meta, body = _split_front_matter(text)
    body = _trim_blank_lines(strip_furniture(body))
    if not body.strip():
        raise IngestError(source, "no article text found: there is no text" + (" after the front matter" if meta else ""))
    _require_words(body, source)
    title = meta.get("title") or _title_from_text(body, fmt) or _title_from_source(source)
    article_url = url or _clean_url(meta.get("url"))
    return Article(
        id=article_id(url=article_url, text=body),
        title=title,
        text=body,
        url=article_url,
        author=meta.get("author"),
        published=meta.get("published"),
        source=source,
        publisher=meta.get("publisher"),
    )


def parse_html(html: str, *, source: str, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page, via trafilatura.

    Each block (paragraph, heading, list, table, quoted paragraph) becomes one paragraph of
    the text, separated by a blank line; a ``<br>`` inside a paragraph stays a single newline.
    Lines of page furniture that trafilatura kept ("Related: …", "Share this article") are
    dropped, as in `parse_text`.
    """
    import trafilatura

    if isinstance(html, bytes):
        html = _decode(html, source, what="page", sniff_html=True)
    html = _normalise_newlines(html)
    if not html.strip():
        raise IngestError(source, "no article text found: the page is empty")
    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            # only dates the page states (meta tags, <time>, URL), never a guess from
            # text such as a "Copyright 2024" footer
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml raise a variety of parser errors
        raise IngestError(source, f"could not parse the HTML ({type(exc).__name__}: {exc})") from None
    if doc is None:
        raise IngestError(source, "no article text found in the page")
    text = _trim_blank_lines(strip_furniture(_html_blocks_text(doc)))
    if not text.strip():
        raise IngestError(source, "no article text found in the page")
    _require_words(text, source, where=" in the page")
    title = _one_line(_doc_get(doc, "title")) or _title_from_text(text, "txt") or _title_from_source(source)
    article_url = url or _clean_url(_doc_get(doc, "url"))
    return Article(
        id=article_id(url=article_url, text=text),
        title=title,
        text=text,
        url=article_url,
        author=_one_line(_doc_get(doc, "author")),
        published=_one_line(_doc_get(doc, "date")),
        source=source,
        publisher=_one_line(_doc_get(doc, "sitename")),
    )


def fetch_url(
    url: str,
    *,
    allow_private_urls: bool = False,
    allowed_hosts: Collection[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Article:
    """Download an http(s) page or text file and parse it.

    `timeout` bounds the whole fetch (DNS, connects, redirects, headers and the body), not
    each read; `allowed_hosts` may resolve to private addresses (see `index.fetch`).
    """
    source = url.strip()
    got = fetch(source, allow_private_urls=allow_private_urls, allowed_hosts=allowed_hosts, timeout=timeout,
                max_bytes=max_bytes, content_types=_ARTICLE_TYPES)
    if got.status != 200:
        raise IngestError(source, f"unexpected HTTP status {got.status}")
    ctype, charset, data, current = got.content_type, got.charset, got.data, got.url
    if ctype is None:  # no Content-Type: sniff
        head = data[:1024].lstrip().lower()
        ctype = "text/html" if head.startswith(b"<") or b"<html" in head else "text/plain"
    if not data.strip():
        raise IngestError(source, "no article text found: the server sent an empty page")

    if ctype in _HTML_TYPES:
        text = _decode(data, source, what="page", declared=charset, sniff_html=True)
        return parse_html(text, source=source, url=current)
    text = _decode(data, source, what="page", declared=charset)
    suffix = PurePosixPath(urlsplit(current).path).suffix.lower()
    fmt = "md" if ctype in _MARKDOWN_TYPES or suffix in (".md", ".markdown") else "txt"
    return parse_text(text, source=source, fmt=fmt, url=current)


def article_id(*, url: str | None, text: str) -> str:
    """16 hex chars of sha256: of the normalised URL when there is one, else of the
    normalised content (whitespace collapsed, stripped, casefolded)."""
    if url:
        key = "url:" + normalize_url(url)
    else:
        key = "text:" + _WS_RE.sub(" ", _normalise_newlines(text)).strip().casefold()
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def normalize_url(url: str) -> str:
    """Lowercase scheme and host, drop the fragment, the default port, a trailing slash and
    tracking parameters (utm_*, fbclid, gclid, ...). Other query parameters keep their order."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port is not None and not (scheme == "http" and port == 80) and not (scheme == "https" and port == 443):
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    netloc = f"{userinfo}@{host}" if userinfo else host
    path = parts.path.rstrip("/")
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in _TRACKING_PARAMS
    ]
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


# --------------------------------------------------------------------------------------
# folders
# --------------------------------------------------------------------------------------


def _article_files(root: Path) -> list[Path]:
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            if os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES:
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def _load_folder(root: Path, *, max_bytes: int, on_error: Callable[[IngestError], None] | None) -> list[Article]:
    files = _article_files(root)
    if not files:
        raise IngestError(str(root), f"the folder has no article files ({_SUFFIX_LIST})")
    articles: list[Article] = []
    errors: list[IngestError] = []
    for path in files:
        try:
            articles.append(read_file(path, max_bytes=max_bytes))
        except IngestError as exc:
            errors.append(exc)
            if on_error is not None:
                on_error(exc)
            else:
                log.warning("skipped %s", exc)
    if not articles:
        raise IngestError(
            str(root), f"none of its {len(files)} article files could be read (first problem: {errors[0]})"
        )
    return articles


# --------------------------------------------------------------------------------------
# text helpers
# --------------------------------------------------------------------------------------


def _normalise_newlines(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _trim_blank_lines(text: str) -> str:
    """Drop leading whitespace-only lines and trailing whitespace; nothing inside changes."""
    text = re.sub(r"\A(?:[ \t\f\v]*\n)+", "", text)
    return text.rstrip()


def _require_words(text: str, source: str, where: str = "") -> None:
    words = len(_WORD_RE.findall(text))
    if words < MIN_WORDS:
        raise IngestError(
            source,
            f"no article text found{where}: only {words} word{'s' if words != 1 else ''} "
            f"(an article needs at least {MIN_WORDS})",
        )


_FM_KEY_RE = re.compile(r"^([A-Za-z_][\w\-]*)[ \t]*:(?:[ \t]+(.*?))?[ \t]*$")
_FM_KEYS = {
    "title": "title", "headline": "title",
    "url": "url", "link": "url", "canonical_url": "url",
    "author": "author", "authors": "author", "by": "author",
    "published": "published", "date": "published",
    "source": "publisher", "publisher": "publisher", "publication": "publisher",
}


def _split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """({key: value}, body) for a leading ``---`` block, else ({}, text) unchanged."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return {}, text
    meta: dict[str, str] = {}
    for i in range(1, len(lines)):
        line = lines[i]
        stripped = line.strip()
        if stripped in ("---", "...") and not line[:1].isspace():
            return meta, "\n".join(lines[i + 1:])
        if not stripped or stripped.startswith("#"):
            continue
        if line[:1].isspace() or stripped.startswith("- "):
            continue  # continuation or list item of a key quotebot does not read
        m = _FM_KEY_RE.match(line)
        if not m:
            return {}, text  # not front matter after all (e.g. a leading horizontal rule)
        key = _FM_KEYS.get(m.group(1).lower())
        value = _fm_value(m.group(2) or "")
        if key and value and key not in meta:
            meta[key] = value
    return {}, text  # no closing line: treat it all as text


def _fm_value(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == '"':
        inner = raw[1:-1]
        return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), inner).strip()
    if len(raw) >= 2 and raw[0] == raw[-1] == "'":
        return raw[1:-1].replace("''", "'").strip()
    raw = re.split(r"\s+#", raw, maxsplit=1)[0]  # an unquoted value may carry a comment
    if raw in ("~", "null", "Null", "NULL"):
        return ""
    return raw.strip()


_MD_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_MD_FENCE_RE = re.compile(r"^ {0,3}(```|~~~)")


def _title_from_text(text: str, fmt: str) -> str | None:
    lines = text.split("\n")
    if fmt == "md":
        in_fence = False
        for line in lines:
            if _MD_FENCE_RE.match(line):
                in_fence = not in_fence
                continue
            if not in_fence:
                m = _MD_HEADING_RE.match(line)
                if m and len(m.group(1)) == 1:
                    return _clean_title(m.group(2))
    for line in lines:
        if line.strip():
            return _clean_title(line)
    return None


def _clean_title(line: str, limit: int = 150) -> str:
    title = line.strip()
    m = _MD_HEADING_RE.match(title)
    if m:
        title = m.group(2)
    title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)  # [text](link) -> text
    title = re.sub(r"(\*\*|__|`)", "", title).strip()
    title = _WS_RE.sub(" ", title)
    if len(title) > limit:
        cut = title[:limit].rsplit(" ", 1)[0] or title[:limit]
        title = cut.rstrip(" ,;:-") + "…"
    return title


def _title_from_source(source: str) -> str:
    name = PurePosixPath(urlsplit(source).path if is_url(source) else source.replace("\\", "/")).stem
    return name.replace("-", " ").replace("_", " ").strip() or source


def _one_line(value) -> str | None:
    if value is None:
        return None
    text = _WS_RE.sub(" ", str(value)).strip()
    return text or None


def _clean_url(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value if re.match(r"^https?://", value, re.I) else None


def _doc_get(doc, name: str):
    if isinstance(doc, dict):
        return doc.get(name)
    return getattr(doc, name, None)


_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "code", "div", "item"}


def _html_blocks_text(doc) -> str:
    """trafilatura's main text with blocks separated by blank lines."""
    body = _doc_get(doc, "body")
    try:
        from trafilatura.xml import xmltotxt
    except ImportError:  # pragma: no cover - older/newer trafilatura layout
        xmltotxt = None
    if body is not None and xmltotxt is not None:
        blocks: list[str] = []

        def walk(element) -> None:
            for child in element:
                tag = child.tag if isinstance(child.tag, str) else ""
                is_container = (
                    tag in ("quote", "div")
                    and len(child)
                    and not (child.text or "").strip()
                    and all(isinstance(g.tag, str) and g.tag in _BLOCK_TAGS and not (g.tail or "").strip() for g in child)
                )
                if is_container:
                    walk(child)
                    continue
                block = xmltotxt(child, False).strip()
                if block:
                    blocks.append(block)

        walk(body)
        if blocks:
            return "\n\n".join(blocks)
    text = _doc_get(doc, "text") or ""
    return "\n\n".join(line.strip() for line in _normalise_newlines(text).split("\n") if line.strip())


# --------------------------------------------------------------------------------------
# bytes -> text
# --------------------------------------------------------------------------------------

_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/OpenDocument file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office document"),
    (b"RIFF", "a RIFF media file"),
    (b"\x7fELF", "a program"),
)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13)) + b"\x7f"
_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.I)


def _binary_kind(data: bytes) -> str | None:
    """What a byte string is if it is not text, else None."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if b"\x00" in data:
        return "binary data (it contains NUL bytes)"
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls / len(sample) > 0.02:
        return "binary data (it is full of control characters)"
    return None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _decode(data: bytes, source: str, *, what: str, declared: str | None = None, sniff_html: bool = False) -> str:
    """Decode bytes without ever turning binary data into garbage text.

    Order: a BOM; UTF-8; the declared charset (HTTP header, then an HTML <meta>);
    Windows-1252 when it decodes cleanly and looks like Western text; for a page with a
    declared charset, that charset with replacement characters. Otherwise refuse.
    """
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom) and not data.startswith(codecs.BOM_UTF32_LE):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise IngestError(source, f"the {what} starts with a {enc.upper()} mark but is not valid {enc.upper()} text") from None
    kind = _binary_kind(data)
    if kind is not None:
        noun = "file" if what == "file" else "content"
        raise IngestError(source, f"the {noun} is {kind}, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    candidates = [_codec(declared)]
    if sniff_html:
        m = _META_CHARSET_RE.search(data[:8192])
        candidates.append(_codec(m.group(1).decode("ascii", "ignore")) if m else None)
    for enc in candidates:
        if enc and enc != "utf-8":
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        non_ascii = sum(1 for ch in text if ord(ch) > 127)
        if non_ascii <= 0.3 * max(1, len(text)):
            return text
    for enc in candidates:
        if enc:
            return data.decode(enc, errors="replace")
    raise IngestError(
        source,
        f"the {what} is not UTF-8 text and its encoding could not be recognised (save it as UTF-8)",
    )
