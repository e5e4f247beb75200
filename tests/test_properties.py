"""Property-based tests over ingest: whatever a file, an upload, a page or a feed holds, reading
it never crashes. It gives an `Article` whose text the chunker can cut verbatim quotes from,
or an `IngestError` (a `QuotebotError`, shown to the user as is) that says what is wrong.

Inputs are random HTML, Markdown, front matter, RSS/Atom feeds and byte strings, built from
a small vocabulary (so that many of them are long enough to be articles) mixed with arbitrary
Unicode and markup characters (so that many are not).
"""
from __future__ import annotations

import os
import re
from html import escape, unescape
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index import ingest
from index.chunk import chunk
from index.errors import FeedError, IngestError, QuotebotError
from index.feeds import FeedPoller, _entry_content, _entry_link
from index.fetch import Fetched
from index.models import Article
from index.text import without_controls

from .conftest import make_settings, pinned_engine

# Modest on purpose: these run in the unit tier on every commit. QUOTEBOT_PROPERTY_EXAMPLES=2000
# searches harder (minutes).
FAST = settings(max_examples=int(os.environ.get("QUOTEBOT_PROPERTY_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

WORDS = (
    "the council voted on Tuesday to expand tram network adding four new stops in northern "
    "districts and promising that construction would begin next spring said Maria Lopez who "
    "chairs transport committee critics argued budget was too optimistic café naïve – “quoted” "
    "Dr. U.S. e.g. 3.5% 40 million euros 日本語 Городской"
).split()
MARKUP = "<>&;:/\\\"'=#*-_`[](){}!|~\t\n\r\x00\x0b\x0c\u2028\u2029\ufeff\ufffd"

# declared charsets, including names Python knows that are not text encodings
charset_name = st.sampled_from(["utf-8", "windows-1252", "iso-8859-1", "shift_jis", "utf-16", "utf-32", "rot13",
                                "base64", "hex", "zlib", "undefined", "unicode_escape", "utf-7", "idna",
                                "bogus", "", "utf-8; x", "punycode"])
word = st.sampled_from(WORDS)
noise = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(MARKUP), max_size=12)
sentence = st.lists(st.one_of(word, word, word, noise), min_size=1, max_size=30).map(" ".join)
paragraph = st.lists(sentence, min_size=1, max_size=4).map(lambda s: ". ".join(s) + ".")
plain_text = st.lists(st.one_of(paragraph, noise), min_size=0, max_size=6).map("\n\n".join)


def _check(read) -> Article | None:
    """Run one read: an Article with verbatim-cuttable text, or an IngestError with a message."""
    try:
        article = read()
    except IngestError as error:
        assert isinstance(error, QuotebotError)
        assert error.reason.strip() and str(error).strip()
        return None
    assert isinstance(article, Article)
    assert article.text.strip() and article.title.strip()
    assert "\r" not in article.text and not article.text.startswith("\ufeff")
    assert article.title.strip() not in ("---", "...", "***")
    for passage in chunk(article):
        assert passage.text == article.text[passage.start : passage.end]
        for s in passage.sentences:
            assert passage.start <= s.start < s.end <= passage.end
    return article


def _lines_are_verbatim(article: Article, raw: str, rejoined: bool = False) -> None:
    """parse_text keeps what it keeps as written: each line of the text is a line of the input
    (less terminal escapes and control characters, which never reach the index) or, with
    `rejoined` (plain text: `rejoin_broken_paragraphs`), input lines joined by a space or nothing."""
    source_lines = without_controls(raw.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")).split("\n")
    kept = set(source_lines) | {line.rstrip() for line in source_lines}  # the text's end is trimmed
    pieces = {line.strip() for line in source_lines if line.strip()}

    def joined(rest: str) -> bool:
        return any(rest == piece or (rest.startswith(piece) and joined(rest[len(piece):].removeprefix(" ")))
                   for piece in pieces if rest.startswith(piece))

    for line in article.text.split("\n"):
        assert line in kept or (rejoined and bool(line.strip()) and joined(line.strip()))


# --------------------------------------------------------------------------------------
# markdown, text and front matter
# --------------------------------------------------------------------------------------

md_line = st.one_of(
    sentence,
    sentence.map(lambda s: "# " + s),
    sentence.map(lambda s: "## " + s),
    sentence.map(lambda s: "- " + s),
    sentence.map(lambda s: "> " + s),
    st.sampled_from(["```", "~~~", "---", "***", "___", "", "   ", "<br>", "<!-- c -->", "Related: more"]),
    noise,
)
markdown = st.lists(md_line, min_size=0, max_size=25).map("\n".join)

fm_key = st.one_of(
    st.sampled_from(["title", "Title", "headline", "url", "link", "author", "by", "date", "published",
                     "source", "publisher", "tags", "charset", "encoding", "draft"]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
)
fm_value = st.one_of(
    sentence,
    sentence.map(lambda s: f'"{s}"'),
    sentence.map(lambda s: f"'{s}'"),
    st.sampled_from(['"unclosed', "'unclosed", ">", "|", "|-", "~", "null", "[a, b]", "[a, b", "{a: 1}", "{a",
                     "https://example.com/a", "not a url", "", '"a \\" b"', "a # comment", '"x" y', "- x"]),
    charset_name,
    noise,
)
fm_line = st.one_of(
    st.tuples(fm_key, st.sampled_from([": ", ":", " : ", ":\t"]), fm_value).map("".join),
    st.sampled_from(["  - item", "  continued", "# a comment", "", "- x", "---", "...", "no colon here"]),
    noise,
)
front_matter_doc = st.tuples(
    st.sampled_from(["---\n", "---\r\n", "\ufeff---\n", "--- \n", ""]),
    st.lists(fm_line, max_size=8).map("\n".join),
    st.sampled_from(["\n---\n", "\n...\n", "\n", "\n---", ""]),
    st.one_of(markdown, plain_text),
).map("".join)


@FAST
@given(raw=st.one_of(markdown, plain_text, front_matter_doc), fmt=st.sampled_from(["txt", "md"]))
def test_text_and_markdown_never_crash_and_keep_lines_verbatim(raw, fmt):
    article = _check(lambda: ingest.parse_text(raw, source="prop." + fmt, fmt=fmt))
    if article is None:
        return
    if fmt == "txt":
        _lines_are_verbatim(article, raw, rejoined=True)
    else:  # Markdown is read as rendered: marks go, its letters and digits stay in their order
        _letters_in_order(article.text, unescape(raw))


def _letters_in_order(text: str, raw: str) -> None:
    source = iter(re.findall(r"\w", raw))
    assert all(letter in source for letter in re.findall(r"\w", text))


@FAST
@given(raw=st.lists(st.one_of(paragraph, sentence, sentence.map(str.lower), noise,
                              st.sampled_from([". And so on.", ", he said", "the end", "- an item", "# Heading"])),
                    max_size=12).map("\n\n".join))
def test_rejoining_paragraphs_moves_no_word_and_keeps_every_character(raw):
    from index.article_text import rejoin_broken_paragraphs

    joined = rejoin_broken_paragraphs(raw)
    assert "".join(joined.split()) == "".join(raw.split())  # nothing lost, doubled or reordered
    assert joined.count("\n\n") <= raw.count("\n\n")


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------

TAGS = ["p", "div", "span", "article", "main", "section", "h1", "h2", "a", "b", "em", "br", "ul", "li",
        "table", "tr", "td", "blockquote", "pre", "code", "script", "style", "nav", "footer", "header",
        "figure", "img", "meta", "title", "head", "body", "html", "svg", "math", "template", "iframe",
        "noscript", "time", "aside", "form", "input", "select", "option", "textarea", "x-custom"]
attr = st.tuples(
    st.sampled_from(["class", "id", "href", "src", "content", "name", "property", "charset", "style", "lang", "x"]),
    st.one_of(sentence, noise, st.sampled_from(["article", "og:title", "author", "javascript:x"]), charset_name),
).map(lambda kv: f' {kv[0]}="{escape(kv[1])}"')


def _element(children):
    return st.tuples(st.sampled_from(TAGS), st.lists(attr, max_size=3).map("".join), children,
                     st.booleans()).map(lambda t: f"<{t[0]}{t[1]}>{t[2]}" + (f"</{t[0]}>" if t[3] else ""))


html_leaf = st.one_of(sentence.map(escape), paragraph, noise,
                      st.sampled_from(["&amp;", "&nbsp;", "&#0;", "&#x110000;", "&bogus;", "<!--", "-->",
                                       "<![CDATA[x]]>", "<?xml version='1.0'?>", "</p>", "<", ">", "&"]))
html_tree = st.recursive(html_leaf, lambda kids: _element(st.lists(kids, max_size=5).map("".join)), max_leaves=30)
html_doc = st.tuples(
    st.sampled_from(["", "<!doctype html>", "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0//EN'>",
                     "<?xml version='1.0' encoding='utf-8'?>", "\ufeff", "<html>"]),
    html_tree,
    st.sampled_from(["", "</html>", "</body></html>"]),
).map("".join)


@FAST
@given(html=html_doc)
def test_html_never_crashes(html):
    _check(lambda: ingest.parse_html(html, source="prop.html", url=None))


# --------------------------------------------------------------------------------------
# bytes: uploads and files
# --------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1", "cp1251", "shift_jis", "gb18030", "utf-8-sig"]
raw_bytes = st.one_of(
    st.binary(max_size=3000),
    st.tuples(st.one_of(plain_text, markdown, html_doc, front_matter_doc), st.sampled_from(ENCODINGS))
    .map(lambda t: t[0].encode(t[1], errors="replace")),
    # a page or file that declares its charset, with a byte that is not UTF-8
    st.tuples(charset_name, st.one_of(plain_text, html_tree), st.sampled_from([b"\xe9", b"\x92", b"\xff\xfe", b""]),
              st.booleans()).map(
        lambda t: (f'<html><head><meta charset="{t[0]}"></head><body><p>' if t[3] else f"---\ncharset: {t[0]}\n---\n")
        .encode() + t[1].encode() + t[2] + b" caf\xe9 " + t[1].encode()),
    # valid text with random bytes spliced in
    st.tuples(st.one_of(plain_text, html_doc), st.binary(min_size=1, max_size=8), st.integers(0, 5000))
    .map(lambda t: t[0].encode()[: t[2]] + t[1] + t[0].encode()[t[2]:]),
)
names = st.sampled_from(["a.txt", "a.md", "a.markdown", "a.html", "a.htm", "A.TXT", "noext", "a.pdf", ""])


@FAST
@given(data=raw_bytes, name=names)
def test_uploads_never_crash(data, name):
    _check(lambda: ingest.parse_upload(data, name, source="discord-attachment:1/" + name, max_bytes=1_000_000))


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("prop-files")


@FAST
@given(data=raw_bytes, suffix=st.sampled_from([".txt", ".md", ".html", ".htm"]))
def test_files_never_crash(scratch, data, suffix):
    path = scratch / ("file" + suffix)
    path.write_bytes(data)
    article = _check(lambda: ingest.read_file(path))
    if article is not None:
        assert article.source == ingest.file_source(path)


@FAST
@given(text=st.text(max_size=2000))
def test_any_unicode_text_never_crashes(text):
    _check(lambda: ingest.parse_text(text, source="prop.txt"))
    _check(lambda: ingest.parse_html(text, source="prop.html"))


# --------------------------------------------------------------------------------------
# RSS and Atom, read the way the feed poller reads them
# --------------------------------------------------------------------------------------

entry_content = st.one_of(sentence, paragraph, html_tree, noise)


def _cdata_or_escaped(text: str, how: str) -> str:
    if how == "cdata":
        return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"
    if how == "raw":  # what a careless generator emits: markup straight into the XML
        return text
    return escape(text)


rss_item = st.tuples(sentence, st.sampled_from(["https://news.example.com/a", "/relative", "", "ftp://x/y",
                                                "javascript:alert(1)", "https://news.example.com/a?utm_source=z"]),
                     entry_content, st.sampled_from(["cdata", "escaped", "raw"])).map(
    lambda t: f"<item><title>{escape(t[0])}</title><link>{escape(t[1])}</link>"
              f"<description>{_cdata_or_escaped(t[2], t[3])}</description><guid>{escape(t[0][:20])}</guid></item>")
atom_entry = st.tuples(sentence, st.sampled_from(["https://news.example.com/b", "b.html", ""]),
                       entry_content, st.sampled_from(["html", "xhtml", "text"])).map(
    lambda t: f"<entry><title>{escape(t[0])}</title><link href=\"{escape(t[1])}\"/><id>{escape(t[1])}</id>"
              f"<content type=\"{t[3]}\">{escape(t[2]) if t[3] != 'xhtml' else t[2]}</content></entry>")
feed_doc = st.one_of(
    st.lists(rss_item, max_size=4).map(
        lambda items: '<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title>'
                      + "".join(items) + "</channel></rss>"),
    st.lists(atom_entry, max_size=4).map(
        lambda entries: '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                        "<title>Feed</title>" + "".join(entries) + "</feed>"),
    html_doc,
    noise,
)


# HTTP charsets that make feedparser itself raise UnicodeError unless the poller drops them.
FEEDPARSER_CRASHES = {"undefined", "punycode"}


@pytest.fixture(scope="module")
def poller(tmp_path_factory, embedder_module):
    with pinned_engine(make_settings(tmp_path_factory.mktemp("prop-feeds")), embedder_module) as engine:
        yield FeedPoller(engine)


@pytest.fixture(scope="module")
def embedder_module():
    from index.embed import HashingEmbedder

    return HashingEmbedder()


@FAST
@given(doc=feed_doc, ctype=st.sampled_from([None, "application/rss+xml", "application/atom+xml", "text/html",
                                            "text/xml"]),
       splice=st.binary(max_size=4), charset=st.none() | charset_name)
def test_feed_documents_and_their_entries_never_crash(poller, doc, ctype, splice, charset):
    url = "https://feeds.example.com/feed"
    data = doc.encode("utf-8") + splice
    got = Fetched(url=url, status=200, content_type=ctype, charset=charset, data=data, headers={})
    try:
        parsed = poller._parse(url, got)
    except FeedError as error:
        assert error.reason.strip()
        return
    for entry in parsed.entries:
        link = _entry_link(entry, url)
        content = _entry_content(entry)
        if link is None or content is None:
            continue
        article = FeedPoller._parse_content(content, link)  # None: too short to index
        if article is not None:
            _check(lambda: article)


@FAST
@given(data=raw_bytes, ctype=st.sampled_from([None, "text/html", "text/plain", "text/markdown", "application/xhtml+xml"]),
       charset=st.none() | charset_name, path=st.sampled_from(["/a", "/a.md", "/a.txt", "/"]))
def test_downloaded_pages_never_crash(data, ctype, charset, path):
    url = "https://news.example.com" + path
    got = Fetched(url=url, status=200, content_type=ctype, charset=charset, data=data, headers={})
    article = _check(lambda: ingest.parse_fetched(got, source=url))
    if article is not None:
        assert article.url == url


@pytest.mark.parametrize("charset", sorted(FEEDPARSER_CRASHES))
def test_feed_served_with_a_codec_that_is_no_charset_is_still_read(poller, charset):
    url = "https://feeds.example.com/feed"
    doc = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title></channel></rss>'
    got = Fetched(url=url, status=200, content_type="application/rss+xml", charset=charset, data=doc, headers={})
    assert poller._parse(url, got).get("version") == "rss20"


def test_feed_with_an_impossible_character_reference_is_read_or_refused(poller):
    url = "https://feeds.example.com/feed"
    doc = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><item><title>A</title>'
           b"<link>https://news.example.com/a</link><description><p>Text<p>&#2000000;</description></item>"
           b"</channel></rss>")
    got = Fetched(url=url, status=200, content_type="application/rss+xml", charset=None, data=doc, headers={})
    try:
        poller._parse(url, got)
    except FeedError:
        pass
