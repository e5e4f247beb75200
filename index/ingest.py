"""Turn sources (files, folders, http(s) URLs, uploads) into `Article`s: the orchestration.

Everything a quote may later be cut from is `Article.text`, so the text is kept as it was
written: only line endings are normalised to ``\\n``, a BOM is dropped, front matter is
removed, whole lines of page furniture (link teasers such as "Related: …", share/subscribe
buttons, image credits; see `furniture`) are dropped and surrounding blank lines are
trimmed. Every failure is an `IngestError` (or its subclass `UnsafeURLError`) whose message
names the source and says what went wrong.

The work is cut along its seams: `index.fetch` downloads (the guarded HTTP client),
`index.decode` turns bytes into text, `index.html` and `index.markdown` (with
`index.frontmatter`) parse a page or a text into an `Article`, and `index.article_text`
holds what they share (ids, URL forms, text clean-up). This module picks the parser for a
file, a folder, an upload or a download, and re-exports the names callers use.
"""
from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .article_text import MIN_WORDS, article_id, is_url, normalize_url
from .decode import decode, text_codec
from .errors import IngestError
from .fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, Fetched, fetch
from .fetch import format_size as _fmt_bytes
from .html import MAX_HTML_BLOCKS, html_blocks_text, looks_like_html, parse_html
from .markdown import parse_text
from .models import Article

log = logging.getLogger(__name__)

# The old private names, for callers and tests written before the split.
_decode = decode
_html_blocks_text = html_blocks_text

TEXT_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
HTML_SUFFIXES = {".html", ".htm"}
ARTICLE_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_SUFFIX_LIST = ", ".join(ARTICLE_SUFFIXES)

_HTML_TYPES = {"text/html", "application/xhtml+xml"}
_MARKDOWN_TYPES = {"text/markdown", "text/x-markdown"}
_ARTICLE_TYPES = frozenset(_HTML_TYPES | _MARKDOWN_TYPES | {"text/plain"})


# --------------------------------------------------------------------------------------
# public API
# --------------------------------------------------------------------------------------


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
            " (QUOTEBOT_MAX_DOWNLOAD_BYTES)")
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
        raise IngestError(source, f"the file is over the {_fmt_bytes(max_bytes)} size limit (QUOTEBOT_MAX_DOWNLOAD_BYTES)")
    text = decode(data, source, what="file")
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
    .html or .htm (anything else is refused), the bytes are decoded the same way (`decode`:
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
    text = decode(data, name, what="file")
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
    text = decode(data, source, what="page", declared=charset)
    # The content decides over a missing or wrong Content-Type: an HTML page served as
    # text/plain or Markdown is still a page (without a type, a leading tag is enough).
    untyped_markup = ctype is None and text.lstrip("\ufeff \t\r\n").startswith("<")
    if ctype in _HTML_TYPES or untyped_markup or looks_like_html(text):
        return parse_html(text, source=source, url=current)
    suffix = PurePosixPath(urlsplit(current).path).suffix.lower()
    fmt = "md" if ctype in _MARKDOWN_TYPES or suffix in (".md", ".markdown") else "txt"
    return parse_text(text, source=source, fmt=fmt, url=current)


# --------------------------------------------------------------------------------------
# folders
# --------------------------------------------------------------------------------------


def _folder_files(root: Path, articles: bool = True) -> list[Path]:
    """A folder's article files (or, `articles=False`, its other files), hidden ones left out."""
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if name.startswith("."):
                continue
            if (os.path.splitext(name)[1].lower() in ARTICLE_SUFFIXES) == articles:
                found.append(Path(dirpath) / name)
    return sorted(found, key=lambda p: p.relative_to(root).parts)


def article_files(root: Path) -> list[Path]:
    """The article files `add` of the folder `root` reads: no hidden ones, no links out of it."""
    return [path for path in _folder_files(root) if not links_out_of(path, root)]


def other_files(source: str) -> list[Path]:
    """The files of a folder source that are not articles by their name (a .pdf, a .docx): `add`
    names them rather than passing over them in silence. Empty for a file or a URL."""
    path = Path(source.strip()).expanduser() if source and not is_url(source.strip()) else None
    return _folder_files(path, articles=False) if path is not None and path.is_dir() else []


def links_out_of(path: Path | str, root: Path | str) -> bool:
    """Whether `path`, found in the folder `root`, is a symbolic link to a file outside it (a
    folder's `notes.txt` linking to /etc/passwd): a folder's articles are its own files, never
    what a link in it reaches elsewhere on the machine."""
    if not os.path.islink(path):
        return False
    target, inside = os.path.realpath(path), os.path.realpath(root)
    return os.path.commonpath([target, inside]) != inside


def _stream_folder(root: Path, *, max_bytes: int,
                   on_error: Callable[[IngestError], None] | None) -> Iterator[Article]:
    files = _folder_files(root)
    if not files:
        raise IngestError(str(root), f"the folder has no article files ({_SUFFIX_LIST})")
    report = on_error if on_error is not None else (lambda exc: log.warning("skipped %s", exc))
    outside = [path for path in files if links_out_of(path, root)]
    for path in outside:
        report(IngestError(str(path), "a link to a file outside the folder; not read"))
    files = [path for path in files if path not in outside]
    if not files:
        raise IngestError(str(root), "the folder's article files are all links to files outside it")
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


__all__ = [
    "ARTICLE_SUFFIXES", "HTML_SUFFIXES", "MAX_HTML_BLOCKS", "MIN_WORDS", "TEXT_SUFFIXES", "Article", "Fetched",
    "IngestError", "article_id", "decode", "fetch_url", "file_source", "is_url", "iter_load", "links_out_of", "load",
    "looks_like_html", "normalize_url", "parse_fetched", "parse_html", "parse_text", "parse_upload",
    "read_file", "text_codec",
]
