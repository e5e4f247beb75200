"""Plain text and Markdown into an `Article`: front matter off, page furniture out, a title
from the front matter, the first ``# heading`` or the first line."""
from __future__ import annotations

import functools
import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from .article_text import (article_id, clean_url, is_url, normalise_newlines, rejoin_broken_paragraphs, require_words,
                           trim_blank_lines)
from .byline import byline_date, byline_name, byline_outlet
from .errors import IngestError
from .frontmatter import split_front_matter, split_header_block
from .furniture import strip_furniture
from .models import Article
from .text import without_controls

_WORD_RE = re.compile(r"\w+")
_WS_RE = re.compile(r"\s+")


# A character reference left in a copied text ("&#163;1.8m indecency fine", a stranger's BBC file,
# listed and cited so): read as its character, as a browser would. With its semicolon only: "AT&T",
# "R&D" stay.
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def _with_characters(text: str) -> str:
    from html import unescape
    from html.entities import html5

    # A name only whole ("&pound;"): unescape also reads a prefix ("&notice;" as "¬ice;").
    return _ENTITY.sub(lambda m: unescape(m.group()) if m.group()[1] == "#" else html5.get(m.group()[1:], m.group()),
                       text)


def parse_text(text: str, *, source: str, fmt: str = "txt", url: str | None = None, rejoin: bool = True,
               entities: bool = True) -> Article:
    """Plain text or Markdown, with optional front matter.

    Front matter is a leading ``---`` block of ``key: value`` lines (title, url, author,
    published/date, source/publisher), or a saved page's header block of such lines
    (`split_header_block`); it is removed from the text. Without a title there, the first
    ``# heading`` (Markdown) or the first non-empty line is the title, and that line stays in
    the text. Markdown is read as rendered (`markdown_to_text`). `url`, when given (the address
    it was fetched from), wins over a front matter url. Lines of page furniture (`furniture.is_furniture`: "Related: …",
    "Share this article", "Advertisement"…) are dropped from the text, and a plain text's
    sentences broken into paragraphs by a copy (`rejoin_broken_paragraphs`) are made whole
    (`rejoin=False`: a text made from HTML, whose paragraphs are the page's). Character
    references ("&#163;") are read as their characters (`entities=False`: a text made from HTML,
    already read so: its "&amp;lt;" is the text "&lt;").
    """
    if fmt not in ("txt", "md"):
        raise ValueError(f"fmt must be 'txt' or 'md', not {fmt!r}")
    text = without_controls(normalise_newlines(_with_characters(text) if entities else text))
    meta, body = split_front_matter(text, source)
    header = not meta
    if header:
        meta, body = split_header_block(body)
        header = bool(meta)
    body = trim_blank_lines(strip_furniture(body))
    if fmt == "txt" and rejoin:  # Markdown's and HTML's paragraphs are the author's
        body = rejoin_broken_paragraphs(body)
    if not body.strip():
        raise IngestError(source, "no article text found: there is no text" + (" after the front matter" if meta else ""))
    title = meta.get("title") or title_from_text(body, fmt) or title_from_source(source)
    if fmt == "md" and header:
        title = _clean_title(_markdown_inline(title))
    author, publisher, published = meta.get("author"), meta.get("publisher"), meta.get("published")
    byline = None
    if not meta.get("title") and (written := _opening_byline(body, fmt)) is not None:
        # A copy opening with its byline ("Opinion: Zain Jaffer, co-founder of Vungle") has no
        # headline: the byline was every citation's title. It stays in the text, quotable.
        title, author, byline = written[0], author or written[1], written[2]
    elif author is None and (under := _byline_after_title(body)) is not None:
        # "Headline / By Jane Smith, BBC News / …" or Markdown's "*By …*" under the heading: a
        # stranger's `list` named no author where "who wrote this?" quoted one.
        byline, author = under
        published = published or byline_date(byline)
    if byline is not None and not publisher:
        publisher = byline_outlet(byline)
    if fmt == "md":
        # A quote is what a reader sees: "**Singer and actor…" opened a stranger's quote with
        # its marks, and a list's items ran into one paragraph ("… Ice Age. - It has a score…").
        body = trim_blank_lines(markdown_to_text(body))
    require_words(body, source)
    article_url = url or clean_url(meta.get("url"))
    return Article(
        id=article_id(url=article_url, text=body),
        title=title,
        text=body,
        url=article_url,
        author=author,
        published=published,
        source=source,
        publisher=publisher,
    )


def _content_lines(body: str) -> list[str]:
    return [line.strip() for line in body.split("\n") if _WORD_RE.search(line)]


def _byline_after_title(body: str) -> tuple[str, str] | None:
    """(the line, the name) of a byline right under the title line ("By Jane Smith, BBC News")."""
    lines = _content_lines(body)
    name = byline_name(lines[1]) if len(lines) > 2 else None
    return (lines[1], name) if name is not None else None


def _opening_byline(body: str, fmt: str) -> tuple[str, str, str] | None:
    """(title, name, the byline line) for a text whose first line is a byline and that has no
    heading: the title is the next line when it reads as a headline (short, no closing stop),
    else that line's first sentence."""
    lines = _content_lines(body)
    if len(lines) < 2 or (fmt == "md" and _md_heading(lines[0])):
        return None
    name = byline_name(lines[0])
    if name is None:
        return None
    following = lines[1]
    if fmt == "md" and (heading := _md_heading(following)):
        return _clean_title(_markdown_inline(heading[1])), name, lines[0]
    if len(following.split()) > HEADLINE_WORDS or following.endswith((".", "!", "?", "”", '"')):
        from .chunk import split_sentences  # pysbd's: "Mr. Smith went to Washington." is one sentence

        first = split_sentences(following, 0, len(following))
        following = (following[first[0].start:first[0].end] if first else following).strip().rstrip(".")
    return _clean_title(following), name, lines[0]


@functools.lru_cache(maxsize=1)
def _markdown_parser():
    import logging

    from markdown_it import MarkdownIt

    # It logs every block rule it tries at DEBUG: a verbose bot's log would be nothing else.
    logging.getLogger("markdown_it").setLevel(logging.INFO)
    return MarkdownIt("commonmark")


# Inline tokens whose content is what a reader reads; emphasis, links' marks and formatting tags
# are not.
_READ_INLINE = frozenset({"text", "text_special", "code_inline", "image"})
# Inline HTML a renderer shows as formatting; anything else in angle brackets ("<letters at
# example dot com>", "<Reuters>") is the author's text.
_FORMATTING_TAG = re.compile(r"</?(?:a|abbr|b|big|br|cite|code|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|"
                             r"strike|strong|sub|sup|time|tt|u|var|wbr)\b[^<>]*/?>|<!--.*?-->", re.IGNORECASE | re.DOTALL)


def _inline_text(children, wrapped: bool = False) -> str:
    """The inline tokens' text. `wrapped`: the text parts its paragraphs with blank lines, so a
    paragraph whose lines read as the author's wrapping (short lines, most ending mid-sentence) has
    them joined by spaces after each line ending mid-sentence (a stranger's hard-wrapped article
    was quoted a line at a time). Otherwise a line stays a line: in a text without blank lines each
    line is a paragraph, and so is each line of a text written a paragraph a line under its title
    ("Opinion: …, co-founder of Vungle" / "Artificial intelligence is…"); a short line over a
    paragraph ("Construction" / "The works will begin…") and a table's row stay lines too."""
    lines: list[list[str]] = [[]]
    breaks: list[str] = []  # the token type ending each line but the last
    for token in children or ():
        if token.type in ("softbreak", "hardbreak"):
            breaks.append(token.type)
            lines.append([])
        elif token.type in _READ_INLINE or (token.type == "html_inline"
                                            and not _FORMATTING_TAG.fullmatch(token.content)):
            lines[-1].append(token.content)
    texts = ["".join(parts) for parts in lines]
    if not breaks:
        return texts[0]
    ends_mid_sentence = [text.rstrip()[-1:] not in _SENTENCE_ENDS for text in texts[:-1]]
    rewrapped = (wrapped and all(len(text) <= _WRAPPED_MAX for text in texts[:-1])
                 and 2 * sum(ends_mid_sentence) >= len(ends_mid_sentence))
    out = [texts[0]]
    for kind, mid, before, text in zip(breaks, ends_mid_sentence, texts, texts[1:]):
        # A capital after the break may open a sentence under a crosshead ("What happens next for
        # the railway" / "He said…"): joined only in a paragraph of three lines or more.
        joined = (rewrapped and kind == "softbreak" and mid and len(before) >= _WRAPPED_MIN
                  and not text.lstrip().startswith("|") and not before.rstrip().endswith("|")
                  and (len(texts) > 2 or not text.lstrip()[:1].isupper()))
        out.append(" " if joined else "\n")
        out.append(text)
    return "".join(out)


_WRAPPED_MIN = 40  # characters: a shorter line before a break is a heading, not wrapping
_WRAPPED_MAX = 120  # a longer line is a paragraph of its own, not a wrapped one
_SENTENCE_ENDS = frozenset('.!?:;"”’\')…|')


def _markdown_inline(line: str) -> str:
    """One line's inline Markdown as read: "Council expands *tram* network" is a title without its
    stars."""
    tokens = _markdown_parser().parseInline(line)
    return _inline_text(tokens[0].children) if tokens else line


_LINK_DEFINITION = re.compile(r" {0,3}\[[^\[\]]{1,999}\]:")  # "[ref]: http://…", which a renderer hides
# The tokens whose lines a reader reads (a heading's with its "===" underline, a fence's with its
# marks, a rule's): a line of words under none of them was lost by the parser.
_HOLDS_TEXT = frozenset({"inline", "heading_open", "fence", "code_block", "html_block", "hr"})


def markdown_to_text(body: str) -> str:
    """Markdown as a reader sees it: no heading, bullet or quote marks, no emphasis, links as their
    text, images as their alt text, code as written, rules dropped; an ordered list keeps its
    numbers ("1. Henry, 20 goals", and "2005. That was the year…"), which are content; a table
    is left as written (GitHub's tables drop the cells past the header's).

    In a text that parts its paragraphs with blank lines, a paragraph's wrapped lines are joined
    (`_inline_text`), a heading is a paragraph of its own (the chunker joins it to what follows),
    and a list is a paragraph of its own, an item a line (the chunker quotes each line apart: a
    short item alone would read as a heading, never quoted). A text without blank lines keeps its
    lines: each is a paragraph. Text without Markdown comes back unchanged, and so does a text the
    parser would lose lines of (nesting past its limit): no word is ever dropped."""
    try:
        tokens = _markdown_parser().parse(body)
    except RecursionError:
        return body
    wrapped = re.search(r"\n[ \t]*\n", body) is not None
    lines = body.split("\n")
    covered = bytearray(len(lines))
    blocks: list[tuple[int, int, str, str]] = []  # first line, end line, text, kind
    depth = 0
    heading = False
    number = ""  # an ordered list item's number, for its first block
    for token in tokens:
        if token.map is not None and token.type in _HOLDS_TEXT:
            covered[token.map[0]:token.map[1]] = b"\x01" * (token.map[1] - token.map[0])
        kind = token.type
        if kind in ("heading_open", "heading_close"):
            heading = kind == "heading_open"
        elif kind in ("list_item_open", "list_item_close"):
            depth += 1 if kind == "list_item_open" else -1
            number = f"{token.info}{token.markup} " if kind == "list_item_open" and token.info else ""
        elif token.map is not None and kind in ("inline", "fence", "code_block", "html_block"):
            text = _inline_text(token.children, wrapped) if kind == "inline" else token.content.rstrip("\n")
            if text.strip():
                part = "heading" if heading else "item" if depth > 0 else "paragraph"
                blocks.append((token.map[0], token.map[1], number + text, part))
                number = ""
    if any(not seen and _WORD_RE.search(line) and not _LINK_DEFINITION.match(line)
           for line, seen in zip(lines, covered)):
        return body  # text past the parser's nesting limit: kept as written
    out: list[str] = []
    for i, (start, _, text, part) in enumerate(blocks):
        if i:
            before = blocks[i - 1]
            apart = start > before[1] or (wrapped and (part != before[3] or part in ("heading", "paragraph")))
            out.append("\n\n" if apart else "\n")
        out.append(text)
    return "".join(out)


HEADLINE_WORDS = 16  # a line of more is a paragraph, not a headline


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


def title_from_text(text: str, fmt: str) -> str | None:
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
                    return _clean_title(_markdown_inline(heading[1]))
    for line in lines:
        # a rule (---, ***) or a line of symbols is decoration, never a title
        if _WORD_RE.search(line):
            return _clean_title(_markdown_inline(line) if fmt == "md" else line)
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


def title_from_source(source: str) -> str:
    name = PurePosixPath(urlsplit(source).path if is_url(source) else source.replace("\\", "/")).stem
    return name.replace("-", " ").replace("_", " ").strip() or source

