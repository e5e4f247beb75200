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
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .errors import IngestError
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, URL_SCHEME_RE as _SCHEME_RE, Fetched, fetch
from .fetch import format_size as _fmt_bytes
from .furniture import strip_furniture
from .models import Article
from .text import without_controls

log = logging.getLogger(__name__)

MIN_WORDS = 20
# trafilatura's cost grows faster than linearly with a page's blocks: 30,000 take ~6 s, 125,000
# tiny paragraphs (1 MB) ~90 s. A news article has hundreds; a page with more is not one.
MAX_HTML_BLOCKS = 30_000
_HTML_BLOCK_RE = re.compile(r"<(?:p|div|li|t[dhr]|h[1-6]|blockquote|pre|d[dt]|section|article)[\s>/]", re.I)

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
    """Read a file, a folder (recursively) or an http(s) URL into a list of articles: all of
    `iter_load` at once. Callers that index as they go should use `iter_load`."""
    return list(iter_load(source, allow_private_urls=allow_private_urls, allowed_hosts=allowed_hosts,
                          timeout=timeout, max_bytes=max_bytes, on_error=on_error))


def iter_load(
    source: str,
    *,
    allow_private_urls: bool = False,
    allowed_hosts: Collection[str] = (),
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: Callable[[IngestError], None] | None = None,
) -> Iterator[Article]:
    """Read a file, a folder (recursively) or an http(s) URL, one article at a time.

    What can go wrong with the source as a whole (not found, a folder with no article files
    or none that can be read, a URL that fails) raises here, on the call, before a single
    article is handed out. A folder's files are then read one by one as the iterator is
    consumed, so only one article is in memory at a time; a file that cannot be read is
    skipped, its `IngestError` going to `on_error` (or logged as a warning) when its turn
    comes, and the rest still come.
    """
    text = (source or "").strip()
    if not text:
        raise IngestError(repr(source), "no source given: expected a file, a folder or a URL")
    if is_url(text):
        return iter([
            fetch_url(text, allow_private_urls=allow_private_urls, allowed_hosts=allowed_hosts, timeout=timeout,
                      max_bytes=max_bytes)
        ])
    path = Path(text).expanduser()
    if path.is_dir():
        return _stream_folder(path, max_bytes=max_bytes, on_error=on_error)
    return iter([read_file(path, max_bytes=max_bytes)])


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
    if suffix in HTML_SUFFIXES or looks_like_html(text):  # a saved page named .txt is still a page
        article = parse_html(text, source=source)
    else:
        article = parse_text(text, source=source, fmt=TEXT_SUFFIXES[suffix])
    # Errors name the path as given; the stored source is the one form every reader compares.
    return replace(article, source=file_source(path))


def parse_upload(data: bytes, filename: str, *, source: str | None = None,
                 max_bytes: int | None = None) -> Article:
    """An uploaded file (e.g. a Discord attachment) as an article: its bytes and its name.

    Read like `read_file` reads a file: the suffix of the name must be .txt, .md, .markdown,
    .html or .htm (anything else is refused), the bytes are decoded the same way (`_decode`:
    a BOM, UTF-8, a declared charset, detection; data that is not text is refused), and
    the content is parsed as HTML when the name says so or the content is clearly an HTML
    document (`looks_like_html`), else as text or Markdown. Every failure is an `IngestError` naming
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
    text = _decode(data, name, what="file")
    if not text.strip():
        raise IngestError(name, "the file is empty (only whitespace)")
    if suffix in HTML_SUFFIXES or looks_like_html(text):
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
    text = without_controls(_normalise_newlines(text))
    meta, body = _split_front_matter(text, source)
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
        html = _decode(html, source, what="page")
    html = _normalise_newlines(html)
    if not html.strip():
        raise IngestError(source, "no article text found: the page is empty")
    blocks = len(_HTML_BLOCK_RE.findall(html))
    if blocks > MAX_HTML_BLOCKS:
        raise IngestError(source, f"the page has {blocks:,} paragraphs, cells and other blocks, more than the "
                                  f"{MAX_HTML_BLOCKS:,} of any one article (quotebot reads one article per page)")
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
    # after extraction: entities such as &#27; only become control characters here
    text = _trim_blank_lines(strip_furniture(without_controls(_html_blocks_text(doc))))
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
    return parse_fetched(got, source=source)


def parse_fetched(got: Fetched, *, source: str) -> Article:
    """The article in a downloaded response: decoded by its declared charset or by detection,
    parsed as HTML when the Content-Type or the content says so, else as text or Markdown.
    The article's url is the address after redirects; errors name `source`."""
    if got.status != 200:
        raise IngestError(source, f"unexpected HTTP status {got.status}")
    ctype, charset, data, current = got.content_type, got.charset, got.data, got.url
    if not data.strip():
        raise IngestError(source, "no article text found: the server sent an empty page")
    text = _decode(data, source, what="page", declared=charset)
    # The content decides over a missing or wrong Content-Type: an HTML page served as
    # text/plain or Markdown is still a page (without a type, a leading tag is enough).
    untyped_markup = ctype is None and text.lstrip("\ufeff \t\r\n").startswith("<")
    if ctype in _HTML_TYPES or untyped_markup or looks_like_html(text):
        return parse_html(text, source=source, url=current)
    suffix = PurePosixPath(urlsplit(current).path).suffix.lower()
    fmt = "md" if ctype in _MARKDOWN_TYPES or suffix in (".md", ".markdown") else "txt"
    return parse_text(text, source=source, fmt=fmt, url=current)


_HTML_START_RE = re.compile(
    r"\A(?:\s|<\?xml[^>]*>|<!--.*?-->)*<(?:!doctype\s+html|html[\s>]|head[\s>]|body[\s>])", re.I | re.S)
_HTML_TAG_RE = re.compile(
    r"</?(?:a|abbr|article|aside|b|blockquote|body|br|caption|code|div|dl|dd|dt|em|figcaption|figure|footer|"
    r"h[1-6]|head|header|hr|html|i|img|li|link|main|meta|nav|ol|p|pre|script|section|small|span|strong|style|"
    r"sub|sup|table|tbody|td|th|thead|time|title|tr|u|ul)\b[^<>]*>", re.I)
_SNIFF_CHARS = 65536
# A document that opens with a tag and averages a tag every 100 characters is markup, not
# an article about markup (which mentions a few tags in running prose).
_MIN_TAGS = 8
_TAGS_PER_KB = 10


def looks_like_html(text: str) -> bool:
    """True when `text` is clearly an HTML document or fragment, whatever its name or
    Content-Type says: it opens with a doctype, <html>, <head> or <body>, or it opens with
    a tag and is dense with HTML tags. Plain text that mentions a few tags stays text."""
    head = text[:_SNIFF_CHARS]
    if _HTML_START_RE.match(head):
        return True
    if not head.lstrip("\ufeff \t\r\n").startswith("<"):
        return False
    tags = len(_HTML_TAG_RE.findall(head))
    return tags >= _MIN_TAGS and tags * 1000 >= _TAGS_PER_KB * len(head)


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


def _stream_folder(root: Path, *, max_bytes: int,
                   on_error: Callable[[IngestError], None] | None) -> Iterator[Article]:
    files = _article_files(root)
    if not files:
        raise IngestError(str(root), f"the folder has no article files ({_SUFFIX_LIST})")
    report = on_error if on_error is not None else (lambda exc: log.warning("skipped %s", exc))
    # Read up to the first article now, so that a folder where nothing can be read fails
    # before the caller has indexed anything; the rest is read lazily.
    first_problem: IngestError | None = None
    for i, path in enumerate(files):
        try:
            first = read_file(path, max_bytes=max_bytes)
        except IngestError as exc:
            first_problem = first_problem or exc
            report(exc)
            continue
        return _rest_of_folder(first, files[i + 1:], max_bytes=max_bytes, report=report)
    raise IngestError(
        str(root), f"none of its {len(files)} article files could be read (first problem: {first_problem})"
    )


def _rest_of_folder(first: Article, files: list[Path], *, max_bytes: int,
                    report: Callable[[IngestError], None]) -> Iterator[Article]:
    yield first
    for path in files:
        try:
            article = read_file(path, max_bytes=max_bytes)
        except IngestError as exc:
            report(exc)
            continue
        yield article


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


def _split_front_matter(text: str, source: str) -> tuple[dict[str, str], str]:
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
            inner = re.sub(r'\\(.)', lambda e: {"n": "\n", "t": "\t"}.get(e.group(1), e.group(1)), inner)
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


_MD_HEADING_RE = re.compile(r"^ {0,3}(#{1,6})[ \t]+(\S.*)$")


def _md_heading(line: str) -> tuple[int, str] | None:
    """(level, text) of an ATX heading ("## Text ##"), else None. The closing #s are cut
    with string methods: a regex doing it backtracks quadratically on long runs of spaces."""
    m = _MD_HEADING_RE.match(line)
    if m is None:
        return None
    text = m.group(2).rstrip(" \t")
    body = text.rstrip("#")
    if body != text and (not body or body[-1] in " \t"):
        text = body.rstrip(" \t")
    return (len(m.group(1)), text) if text else None
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
                heading = _md_heading(line)
                if heading and heading[0] == 1:
                    return _clean_title(heading[1])
    for line in lines:
        # a rule (---, ***) or a line of symbols is decoration, never a title
        if _WORD_RE.search(line):
            return _clean_title(line)
    return None


def _clean_title(line: str, limit: int = 150) -> str:
    title = line.strip()[: limit * 8]  # a title is short: the regexes below never see a megabyte
    heading = _md_heading(title)
    if heading:
        title = heading[1]
    title = re.sub(r"!?\[([^\[\]]*)\]\([^()]*\)", r"\1", title)  # [text](link) -> text
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
    text = _WS_RE.sub(" ", without_controls(str(value))).strip()
    return text or None


def _clean_url(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    return value if re.match(r"^https?://", value, re.I) and value.isprintable() else None


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
_XML_ENCODING_RE = re.compile(rb"""^\s*<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""", re.I)
_FM_CHARSET_RE = re.compile(rb"^(?:charset|encoding)[ \t]*:[ \t]*[\"']?([A-Za-z0-9_.:\-]+)", re.I | re.M)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),  # before UTF-16: same prefix
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Codecs Python can look up that are not a way of writing text (or would turn any bytes into
# something): a declaration naming one is ignored.
_NOT_CHARSETS = {"undefined", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "utf-7", "mbcs", "oem"}
# Labels that mean Windows-1252 on the web (WHATWG): servers say latin-1 and send smart quotes.
_MEANS_CP1252 = {"latin_1", "iso8859_1", "ascii"}
# charset-normalizer gives a bigger mess score to the right Western encoding than to a Baltic or
# Central European one now and then on short French or English text; a Windows-1252 reading
# that is about as clean and at least as coherent wins that tie (the web's legacy default).
_CP1252_MARGIN = 0.1
# Python codec names of the multi-byte (CJK) charsets, whose text can hold valid UTF-8
# sequences by chance; every other declared charset is 8-bit.
_MULTIBYTE_TAGS = ("gb", "big5", "hz", "jis", "euc", "cp932", "cp936", "cp949", "cp950", "johab", "iso2022", "utf")
_STRAY_RE = re.compile("[\udc80-\udcff]")  # what surrogateescape makes of a byte that is not UTF-8
_STRAY_RUN_RE = re.compile("[\udc80-\udcff]+")


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


def text_codec(name: str | None) -> str | None:
    """Python's name for a declared charset, or None when it names no text encoding."""
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name.replace("-", "_") in _NOT_CHARSETS:
        return None
    return info.name


def _declared_charsets(data: bytes, declared: str | None) -> list[str]:
    """What the content says it is written in: the HTTP charset, then an XML declaration or
    an HTML <meta>, then a front matter ``charset:``/``encoding:`` line."""
    head = data[:8192]
    found = [declared]
    m = _XML_ENCODING_RE.match(head)
    found.append(m.group(1).decode("ascii") if m else None)
    m = _META_CHARSET_RE.search(head)
    found.append(m.group(1).decode("ascii") if m else None)
    if head.startswith(b"---"):
        block = head.split(b"\n---", 1)[0] if b"\n---" in head else b""
        m = _FM_CHARSET_RE.search(block)
        found.append(m.group(1).decode("ascii") if m else None)
    names: list[str] = []
    for name in found:
        enc = text_codec(name)
        if enc is None:
            continue
        # Windows-1252 first: what a "latin-1" page really holds in 0x80-0x9F.
        for candidate in (("cp1252", enc) if enc.replace("-", "_") in _MEANS_CP1252 else (enc,)):
            if candidate not in names:
                names.append(candidate)
    return names


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes (a pasted Windows-1252 quote, a cut-off last character),
    each run of them shown as U+FFFD; None when the bytes are not mostly UTF-8.

    Legacy 8-bit text almost never holds a valid multi-byte UTF-8 sequence by chance, so
    text that has at least as many valid ones as stray bytes is UTF-8 that was damaged."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = len(_STRAY_RE.findall(text))
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - stray
    if not valid or stray > valid:
        return None
    return _STRAY_RUN_RE.sub("\ufffd", text)


def _detect(data: bytes) -> str | None:
    """charset-normalizer's reading of legacy-encoded bytes, or None when no encoding
    gives plausible text."""
    from charset_normalizer import from_bytes

    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        return None
    if "cp1252" not in best.could_be_from_charset:
        for match in matches:
            if "cp1252" in match.could_be_from_charset:
                if match.chaos <= best.chaos + _CP1252_MARGIN and match.coherence >= best.coherence:
                    best = match
                break
    return str(best)


def _decode(data: bytes, source: str, *, what: str, declared: str | None = None) -> str:
    """Decode bytes by what they say and what they look like, never turning binary data
    into garbage text.

    Order: a BOM; valid UTF-8 (legacy text is practically never valid UTF-8 by accident,
    while servers that say "latin-1" about UTF-8 are common); the declared charset (HTTP
    header, XML declaration, HTML <meta>, front matter) when it decodes, except that UTF-8
    with a few stray bytes beats a declared 8-bit charset (for the same reason); UTF-8 with
    stray bytes (as U+FFFD); charset-normalizer's detection. Binary data, and bytes no
    encoding reads as plausible text, are refused with what they look like.
    """
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(enc)
            except UnicodeDecodeError:
                raise IngestError(source, f"the {what} starts with a {enc.upper()} mark but is not valid {enc.upper()} text") from None
    declared_names = _declared_charsets(data, declared)
    wide = [enc for enc in declared_names if enc.startswith(("utf-16", "utf-32"))]
    # UTF-16/32 text is full of NUL bytes, so it is tried before the binary check; without
    # NULs a "utf-16" label is a page saved as UTF-8 under a wrong <meta> (browsers agree).
    if b"\x00" in data:
        for enc in wide:
            try:
                return data.decode(enc)
            except UnicodeDecodeError:
                pass
    kind = _binary_kind(data)
    if kind is not None:
        noun = "file" if what == "file" else "content"
        raise IngestError(source, f"the {noun} is {kind}, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    for enc in declared_names:
        if enc == "utf-8" or enc in wide:
            continue
        if mostly_utf8 is not None and not any(tag in enc for tag in _MULTIBYTE_TAGS):
            return mostly_utf8  # an 8-bit charset would "decode" it, into mojibake
        try:
            return data.decode(enc)
        except (UnicodeError, LookupError):
            pass
    text = mostly_utf8 if mostly_utf8 is not None else _detect(data)
    if text is None:
        noun = "file" if what == "file" else "content"
        raise IngestError(
            source,
            f"the {noun} is not text: it is not UTF-8 and no text encoding reads it as words "
            "(binary data, or a damaged file?); save text as UTF-8",
        )
    return text
