"""HTML pages into an `Article`: whether a text is a page at all (`looks_like_html`), and its
main text and metadata by trafilatura (`parse_html`)."""
from __future__ import annotations

import re
from html import unescape

from .article_text import (
    article_id, clean_url, normalise_newlines, require_words, trim_blank_lines,
)
from .byline import names_an_outlet
from .decode import decode
from .errors import IngestError
from .furniture import strip_furniture
from .markdown import title_from_source, title_from_text
from .models import Article
from .text import one_line, without_controls

# trafilatura's cost grows faster than linearly with a page's blocks: 30,000 take ~6 s, 125,000
# tiny paragraphs (1 MB) ~90 s. A news article has hundreds; a page with more is not one.
MAX_HTML_BLOCKS = 30_000
_HTML_BLOCK_RE = re.compile(r"<(?:p|div|li|t[dhr]|h[1-6]|blockquote|pre|d[dt]|section|article)[\s>/]", re.I)

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


def parse_html(html: str, *, source: str, url: str | None = None) -> Article:
    """Main text and metadata of an HTML page, via trafilatura.

    Each block (paragraph, heading, list, table, quoted paragraph) becomes one paragraph of
    the text, separated by a blank line; a ``<br>`` inside a paragraph stays a single newline.
    Lines of page furniture that trafilatura kept ("Related: …", "Share this article") are
    dropped, as in `parse_text`.
    """
    import trafilatura

    if isinstance(html, bytes):
        html = decode(html, source, what="page")
    html = normalise_newlines(html)
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
    text = trim_blank_lines(strip_furniture(without_controls(html_blocks_text(doc))))
    if not text.strip():
        raise IngestError(source, "no article text found in the page")
    require_words(text, source, where=" in the page")
    title = _meta(doc, "title") or title_from_text(text, "txt") or title_from_source(source)
    article_url = url or clean_url(_doc_get(doc, "url"))
    return Article(
        id=article_id(url=article_url, text=text),
        title=title,
        text=text,
        url=article_url,
        author=_author(doc),
        published=_meta(doc, "date"),
        source=source,
        publisher=_meta(doc, "sitename") or site_from_title(html, title),
    )


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_TITLE_PARTS = re.compile(r"\s+[|–—:-]\s+|\s*\|\s*")


def site_from_title(html: str, title: str) -> str | None:
    """The site a page's <title> names beside the article's title, at the other end ("BBC NEWS" of
    "BBC NEWS | Politics | Labour seeks to quell feud talk"), when no site name is given otherwise:
    a stranger's page was said to name no publisher."""
    found = _TITLE_TAG.search(html[:20_000])
    if found is None:
        return None
    parts = [one_line(p) for p in _TITLE_PARTS.split(one_line(unescape(found.group(1))) or "")]
    parts = [p for p in parts if p]
    folded = " ".join(title.split()).casefold()
    if len(parts) < 2 or not any(p.casefold() == folded for p in parts):
        return None
    site = parts[-1] if parts[0].casefold() == folded else parts[0]
    # A section ("Politics", "Analysis") is no site.
    if site.casefold() == folded or len(site.split()) > 5 or not names_an_outlet(site):
        return None
    if site.isupper():  # "BBC NEWS" as the site writes its name elsewhere: "BBC News"
        site = " ".join(_SMALL.get(w, w if len(w) <= 3 else w.capitalize()) for w in site.split())
    return site


_SMALL = {"THE": "The", "OF": "of", "AND": "and"}


def _meta(doc, name: str) -> str | None:
    """One metadata field trafilatura found, as one line, or None."""
    return one_line(_doc_get(doc, name)) or None


def _author(doc) -> str | None:
    """The page's author, without the separator a byline put before its date ("By Bill Thompson
    · 10 February 2005" gave trafilatura "Bill Thompson ·", shown as "Bill Thompson ·, Tech News")."""
    return (_meta(doc, "author") or "").rstrip(" \t·•|,;:/–—-") or None


def _doc_get(doc, name: str):
    if isinstance(doc, dict):
        return doc.get(name)
    return getattr(doc, name, None)


_BLOCK_TAGS = {"p", "head", "list", "quote", "table", "code", "div", "item"}


def html_blocks_text(doc) -> str:
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
    return "\n\n".join(line.strip() for line in normalise_newlines(text).split("\n") if line.strip())
