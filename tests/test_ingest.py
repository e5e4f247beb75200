"""index.ingest: files, folders and URLs into Articles, and every way that can fail.

Network tests only talk to a loopback HTTP server started here; resolver tricks go through
the `index.fetch._resolve` / `_address_refusal` seams so nothing leaves the machine.
"""
from __future__ import annotations

import http.server
import ipaddress
import random
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index import fetch, ingest
from index.chunk import chunk
from index.errors import IngestError, UnsafeURLError
from index.fetch import Fetched, check_url
from index.ingest import (
    article_id,
    fetch_url,
    is_url,
    load,
    normalize_url,
    parse_html,
    parse_text,
    read_file,
)

from .loopback_http import QuietHandler, serving

REPO = Path(__file__).resolve().parents[1]

PARA1 = (
    "The city council voted on Tuesday to expand the tram network, adding four new stops "
    "in the northern districts and promising that construction would begin next spring."
)
PARA2 = (
    "“We have waited a long time for this,” said Maria Lopez, who chairs the transport "
    "committee. Critics argued that the budget of 40 million euros was too optimistic."
)
BODY = f"{PARA1}\n\n{PARA2}\n"
# UTF-8 with one stray Windows-1252 byte (a pasted apostrophe) after "stops"
STRAY_UTF8 = ("Café culture – “naïve” readers\n" + BODY).encode().replace(b"four new stops", b"four new stops\x92")

ARTICLE_HTML = f"""<!doctype html>
<html><head>
<meta charset="utf-8">
<title>Council expands tram network | Daily Example</title>
<meta name="author" content="Jane Reporter">
<meta property="og:site_name" content="Daily Example">
<meta property="article:published_time" content="2024-03-05T10:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/about">About us</a></nav>
<article>
<h1>Council expands tram network</h1>
<p>{PARA1}</p>
<p>{PARA2}</p>
<p>Work on the first two stops is expected to take eighteen months, according to the plans published by the city.</p>
</article>
<footer>Copyright 2024 Daily Example. All rights reserved.</footer>
</body></html>"""


# --------------------------------------------------------------------------------------
# text and markdown
# --------------------------------------------------------------------------------------


def test_front_matter_is_parsed_and_kept_out_of_the_text():
    raw = (
        "---\n"
        'title: "Trams: the long wait"\n'
        "author: 'Jane O''Reporter'\n"
        "source: Daily Example\n"
        "published: 2024-03-05\n"
        "url: https://news.example.com/trams\n"
        "tags:\n  - transport\n"
        "---\n"
        "\n" + BODY
    )
    art = parse_text(raw, source="trams.md", fmt="md")
    assert art.title == "Trams: the long wait"
    assert art.author == "Jane O'Reporter"
    assert art.publisher == "Daily Example"
    assert art.published == "2024-03-05"
    assert art.url == "https://news.example.com/trams"
    assert art.source == "trams.md"
    assert art.text == BODY.rstrip()
    assert "---" not in art.text and "title:" not in art.text
    assert PARA2 in art.text  # quotes are exact substrings


def test_front_matter_without_title_falls_back_to_the_first_line():
    art = parse_text("---\nauthor: Someone\n---\nTram news\n" + BODY, source="x.txt")
    assert art.title == "Tram news"
    assert art.author == "Someone"
    assert art.text.startswith("Tram news\n")


def test_leading_horizontal_rule_is_not_front_matter():
    raw = "---\n" + PARA1 + "\n---\n" + PARA2
    art = parse_text(raw, source="x.md", fmt="md")
    assert art.text == PARA1 + "\n\n" + PARA2  # Markdown's rules are decoration, its text all there
    assert art.author is None


def test_markdown_first_heading_is_the_title_and_stays_in_the_text():
    raw = "Intro line before the heading.\n\n# Council expands *tram* network\n\n" + BODY
    art = parse_text(raw, source="x.md", fmt="md")
    assert art.title == "Council expands tram network"
    assert "\n\nCouncil expands tram network\n\n" in art.text
    art2 = parse_text("# Trams\n\n" + BODY, source="x.md", fmt="md")
    assert art2.title == "Trams"
    assert art2.text.startswith("Trams\n")


def test_markdown_is_quoted_as_a_reader_sees_it():
    """A stranger's Markdown article opened a quote with "**" and ran its list's items into one
    quote ("… Ice Age. - It has a score…"): quotes are the text as rendered, a list a paragraph of
    its own, each item a line (quoted apart; a short item alone would read as a heading)."""
    raw = ("# Connick Jr to lead *Broadway* show\n\n**Singer Harry Connick Jr is to star in a Broadway revival.**\n\n"
           "**He will play** the supervisor of a [pyjama factory](http://example.com/f) in `1954`.\n\n"
           "Key facts:\n\n- The book will be revised by Peter Ackerman.\n- It has a score by Richard Adler.\n"
           "> Connick appeared on Broadway in 1990.\n\n---\n\n![The star on stage](a.png)\n")
    art = parse_text(raw, source="x.md", fmt="md")
    assert art.title == "Connick Jr to lead Broadway show"
    assert art.text == (
        "Connick Jr to lead Broadway show\n\nSinger Harry Connick Jr is to star in a Broadway revival.\n\n"
        "He will play the supervisor of a pyjama factory in 1954.\n\nKey facts:\n\n"
        "The book will be revised by Peter Ackerman.\nIt has a score by Richard Adler.\n\n"
        "Connick appeared on Broadway in 1990.\n\nThe star on stage")
    quotable = [art.text[s.start:s.end] for p in chunk(art) for s in p.sentences]
    assert "It has a score by Richard Adler." in quotable and "The book will be revised by Peter Ackerman." in quotable
    # A short item is quotable too; a paragraph's wrapped lines are one sentence (a stranger's
    # hard-wrapped article was quoted "…can be bought at" without "extra cost"); a table's rows
    # are kept as written (GitHub's tables drop the cells past the header's: a review's find).
    raw = ("# Mac Mini\n\nA DVD burner, wireless and bluetooth technologies can be bought at\nextra cost, Apple said "
           "on Tuesday in London.\n\nInside:\n\n- a G4 processor\n- IAAF chief Lamine Diack\n\n"
           "| Team | Score |\n|---|---|\n| Italy | 17 |\n| Ireland | 28 |\n")
    art = parse_text(raw, source="mini.md", fmt="md")
    quotable = [art.text[s.start:s.end] for p in chunk(art) for s in p.sentences]
    assert quotable[:3] == ["A DVD burner, wireless and bluetooth technologies can be bought at extra cost, Apple said "
                            "on Tuesday in London.", "a G4 processor", "IAAF chief Lamine Diack"], quotable
    assert "| Team | Score |\n|---|---|\n| Italy | 17 |\n| Ireland | 28 |" in art.text
    # A short line over a paragraph is its heading, not wrapping.
    from index.markdown import markdown_to_text

    assert markdown_to_text("Intro.\n\nConstruction\nThe works will begin next spring.") == (
        "Intro.\n\nConstruction\nThe works will begin next spring.")
    # Nor is a crosshead over a sentence, nor a text of a paragraph a line under its title (the
    # launch article saved as .md: a review found its byline glued to its first paragraph).
    crosshead = "Intro.\n\nWhat happens next for the railway network in the region\nHe said it would all be fine."
    assert markdown_to_text(crosshead) == crosshead
    launch = (REPO / "bench" / "launch-readers" / "articles" / "launch.txt").read_text(encoding="utf-8")
    assert markdown_to_text(launch) == launch.strip("\n")
    # a text written a paragraph a line keeps its lines: Markdown would run them together
    lines = "Opinion: Jane Doe, *writer*\n" + PARA1 + "\n" + PARA2
    assert parse_text(lines, source="y.md", fmt="md").text == lines.replace("*", "")


def test_txt_first_non_empty_line_is_the_title_and_stays_in_the_text():
    art = parse_text("\n\n  \nCouncil expands tram network\n" + BODY, source="news.txt")
    assert art.title == "Council expands tram network"
    assert art.text.startswith("Council expands tram network\n" + PARA1)


def test_a_text_opening_with_its_byline_takes_its_title_from_what_follows():
    """A stranger added the launch article's plain copy, which opens "Opinion: Zain Jaffer,
    co-founder of Vungle": every citation called it that, and `:article deepseek` found nothing."""
    launch = (Path(__file__).resolve().parents[1] / "articles" / "deepseek-crypto-ai.md").read_text(encoding="utf-8")
    plain = launch.split("---\n", 2)[2]  # as copied from the page: no front matter
    art = parse_text(plain, source="000_91c43fc9d8721e85.txt")
    assert art.title == "Artificial intelligence is the latest frontier in the battle of centralization versus decentralization"
    assert art.author == "Zain Jaffer" and art.text.startswith("Opinion: Zain Jaffer, co-founder of Vungle\n")
    art = parse_text("By Jane Doe\nCouncil expands tram network\n" + BODY, source="news.txt")
    assert (art.title, art.author) == ("Council expands tram network", "Jane Doe")
    # The first sentence is pysbd's: "Mr." ends none.
    art = parse_text("By Jane Doe\nMr. Smith went to Washington on Monday to meet the president about the new "
                     "trade deal. He said it went well.\n" + BODY, source="news.txt")
    assert art.title == "Mr. Smith went to Washington on Monday to meet the president about the new trade deal"
    # A headline first is the title, as before; front matter's author is kept.
    assert parse_text("Council expands tram network\nBy Jane Doe\n" + BODY, source="news.txt").title == (
        "Council expands tram network")
    art = parse_text("---\nauthor: J. Doe\n---\nBy Jane Doe\nCouncil expands tram network\n" + BODY, source="n.txt")
    assert (art.title, art.author) == ("Council expands tram network", "J. Doe")


def test_a_byline_under_the_headline_gives_the_author_and_its_outlet_the_publisher():
    """A stranger's `list` named no author for "Headline / By Laura Kemp, …, BBC News" or a Markdown
    heading over "*By Samuel Bekele, BBC News, Addis Ababa*", while "who wrote this?" quoted one."""
    art = parse_text("Yukos loses US court battle\n\nBy Laura Kemp, Business reporter, BBC News\n\n" + BODY,
                     source="yukos.txt")
    assert (art.title, art.author, art.publisher) == ("Yukos loses US court battle", "Laura Kemp", "BBC News")
    art = parse_text("# Ethiopia crops\n\n*By Samuel Bekele, BBC News, Addis Ababa*\n\n" + BODY, source="e.md", fmt="md")
    assert (art.title, art.author, art.publisher) == ("Ethiopia crops", "Samuel Bekele", "BBC News")
    # A desk's byline with its date (a stranger's paste: "who wrote this?" was told it had no byline)
    art = parse_text("Giant waves damage S Asia economy\n\nBy BBC News staff | 30 December 2004\n\n" + BODY,
                     source="waves.txt")
    assert (art.author, art.published) == ("BBC News staff", "30 December 2004")
    art = parse_text("By Jane Smith, BBC News\nCouncil expands tram network\n" + BODY, source="news.txt")
    assert (art.author, art.publisher) == ("Jane Smith", "BBC News")
    # Front matter wins; a byline naming no outlet gives none; a first paragraph is no byline.
    art = parse_text("---\npublisher: Daily Example\n---\nBy Jane Smith, BBC News\nCouncil expands tram network\n"
                     + BODY, source="n.txt")
    assert art.publisher == "Daily Example"
    assert parse_text("Council expands tram network\nBy Jane Doe\n" + BODY, source="n.txt").publisher is None
    assert parse_text("Council expands tram network\n" + BODY, source="n.txt").author is None


@pytest.mark.parametrize("raw, kept", [
    # past the parser's nesting limit it would drop the rest: the text is kept as written
    ("".join("  " * i + f"- level {i}\n" for i in range(10)) + "\nThe mayor said it would cost £200m.\n",
     "The mayor said it would cost £200m."),
    ("- - - - - - - - - - Transport chief quote here.\n\nThe mayor said so.", "Transport chief quote here."),
    ("> " * 25 + "quoted words\n\nafter", "quoted words"),
    # what only looks like markup is the author's: a year opening a line, an ordered list's ranks,
    # words in angle brackets
    ("2005. That was the year it all changed.", "2005. That was the year it all changed."),
    ("Top scorers:\n\n1. Henry, 20 goals\n2. Eto'o, 18 goals", "2. Eto'o, 18 goals"),
    ("Write to us at <letters at example dot com> with <b>your</b> views.",
     "Write to us at <letters at example dot com> with your views."),
])
def test_markdown_read_as_rendered_never_loses_words(raw, kept):
    """A review's finds: nested lists, a line of list markers and a deep quote lost the rest of an
    article; a year, an ordered list's numbers and bracketed words were dropped."""
    from index.markdown import markdown_to_text

    assert kept in markdown_to_text(raw)


def test_a_saved_pages_header_block_is_its_details_not_its_text():
    """A stranger's "Title: … / By: … / Published: 24 January 2005, 14:02 GMT" lines were the
    article's title ("Title: IBM puts cash…"), its paragraph 1 and a summary point, and "when was it
    published?" was told there was no date."""
    raw = ("Title: IBM puts cash behind Linux push\nBy: Tom Walsh, Technology reporter, BBC News\n"
           "Published: 24 January 2005, 14:02 GMT\nSection: Technology\n\n" + BODY)
    art = parse_text(raw, source="ibm.txt")
    assert (art.title, art.author, art.publisher, art.published) == (
        "IBM puts cash behind Linux push", "Tom Walsh", "BBC News", "24 January 2005, 14:02 GMT")
    assert art.text == BODY.strip()
    assert [p.paragraph for p in chunk(art)][0] == 1 and chunk(art)[0].text == PARA1
    # Front matter wins; a first paragraph of prose with a colon, an unknown key or one line alone is text.
    for text in ("Note: the council met on Tuesday.\nDate: unknown\n\n" + BODY,
                 "Title: Trams\n\n" + BODY, "Title: Trams\nMood: upbeat\n\n" + BODY):
        assert parse_text(text, source="n.txt").text.startswith(text.split("\n")[0]), text
    assert parse_text("---\ntitle: Front\n---\nTitle: Inner\nBy: Jane Doe\n\n" + BODY, source="n.md",
                      fmt="md").title == "Front"
    # Every writer kept, as front matter keeps them; a Markdown title read as rendered; a first
    # block naming neither title nor writer ("Source: … / Date: …" over a table) stays text.
    for header, author in (("By: Jane Smith and John Doe", "Jane Smith and John Doe"),
                           ("Authors: Jane Smith, John Doe", "Jane Smith, John Doe"), ("By: By Jane Smith", "Jane Smith")):
        assert parse_text(f"Title: Trams\n{header}\n\n" + BODY, source="n.txt").author == author, header
    assert parse_text("Title: Council expands *tram* network\nBy: Jane Doe\n\n" + BODY, source="n.md",
                      fmt="md").title == "Council expands tram network"
    table = "Source: Office for National Statistics\nDate: 2004 figures\n\n" + BODY
    assert parse_text(table, source="n.txt").text.startswith("Source: Office for National Statistics")


def test_a_pages_author_loses_the_separator_before_its_date():
    """"By Bill Thompson · 10 February 2005" under a page's heading was listed as "Bill Thompson ·, Tech News"."""
    page = ("<html><head><title>What price trusted PCs? - Tech News</title></head><body><article>"
            "<h1>What price trusted PCs?</h1><p class=\"byline\">By Bill Thompson &middot; 10 February 2005</p>"
            + "".join(f"<p>{p}</p>" for p in (PARA1, PARA2)) + "</article></body></html>")
    assert ingest.parse_upload(page.encode(), "page.html").author == "Bill Thompson"


BROKEN_BY_A_COPY = (
    "Club to fight cup exit in court\n\n"
    "The club said on Friday it would go to court over its exit from the cup. "
    "\"We are being kept in the dark,\" the chairman told the\n\n"
    "Evening Herald\n\n"
    ". \"We want an explanation.\" The ruling means that the\n\n"
    "champions\n\n"
    "play the holders in the next round, the association said.\n\n"
    "Next steps\n\n"
    "The hearing is expected to take place next month, the association said on Friday.\n\n"
    "Tickets go on sale through\n\n"
    "- the club shop\n- its website\n\n"
    "eBay listings for the tie were removed on Thursday, the club confirmed to supporters.\n"
)


def test_a_sentence_a_copied_page_broke_into_paragraphs_is_whole_again():
    """A page's italics and links became paragraphs of their own in the copy ("told the",
    "Evening Herald", ". \"We want…\""); quoted as they were, a reader would get "told the"."""
    from index.chunk import chunk

    article = parse_text(BROKEN_BY_A_COPY, source="cup.txt")
    sentences = [article.text[s.start:s.end] for p in chunk(article) for s in p.sentences]
    assert "\"We are being kept in the dark,\" the chairman told the Evening Herald." in sentences
    assert "The ruling means that the champions play the holders in the next round, the association said." \
        in sentences
    # What ends a paragraph as written is kept apart: a heading, a list, the title, a paragraph
    # beginning with a name written in lowercase.
    assert article.title == "Club to fight cup exit in court"
    assert "\n\nNext steps\n\nThe hearing" in article.text
    assert "Tickets go on sale through\n\n- the club shop" in article.text
    assert "\n\neBay listings" in article.text
    # Markdown keeps its links and emphasis inline: its paragraphs are left as the author wrote them.
    assert "told the\n\nEvening Herald" in parse_text(BROKEN_BY_A_COPY, source="cup.md", fmt="md").text


def test_headings_and_short_lines_before_a_lowercase_word_stay_apart():
    from index.article_text import rejoin_broken_paragraphs

    for text in ("Budget day\n\nReaction\n\nvon der Leyen said the plan was a good start.",
                 "Transport plan\n\nWhat it promises\n\nmore buses\n\nlower fares\n\nnew trams",
                 "Results\n\nThe firm's results came out on Monday at 10:00\n\nRevenue rose by a tenth."):
        assert rejoin_broken_paragraphs(text) == text


def test_the_5_mb_worst_case_of_paragraphs_to_rejoin_finishes_with_nothing_lost():
    """Every paragraph joins the one before: rebuilt or rescanned at each join, this took hours."""
    from index.article_text import rejoin_broken_paragraphs

    text = "Title\n\nA sentence that is under way and goes on\n\n" + "and on\n\n" * 700_000 + "and stops."
    joined = rejoin_broken_paragraphs(text)
    assert joined.count("\n\n") == 1 and "".join(joined.split()) == "".join(text.split())
    lines = "Title\n\n" + "word\n\n" * 700_000  # nothing joins: short lines
    assert rejoin_broken_paragraphs(lines) == lines


def test_crlf_and_bom_are_normalised_but_text_is_otherwise_kept():
    raw = "\ufeffTitle line\r\n" + BODY.replace("\n", "\r\n")
    art = parse_text(raw, source="x.txt")
    assert "\r" not in art.text and "\ufeff" not in art.text
    assert art.text == "Title line\n" + BODY.rstrip()


def test_text_with_too_few_words_is_refused():
    with pytest.raises(IngestError) as e:
        parse_text("Just a short note.\nNothing more.", source="note.txt")
    assert e.value.source == "note.txt"
    assert "no article text" in str(e.value) and "note.txt" in str(e.value)


# --------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------


def test_character_references_in_a_text_file_read_as_their_characters():
    """A stranger's BBC file was listed and cited as "&#163;1.8m indecency fine for Viacom"."""
    art = parse_text("&#163;1.8m indecency fine for Viacom\n\nMedia giant Viacom has paid a &#163;1.8m fine to "
                     "settle complaints about AT&T and R&D shows &amp; more, a report from the regulator says.",
                     source="viacom.txt")
    assert art.title == "£1.8m indecency fine for Viacom"
    assert "paid a £1.8m fine" in art.text and "AT&T and R&D shows & more" in art.text
    # A name only whole: "&notice;" is no "&not" (a review's find).
    assert "Terms&notice; apply" in parse_text("Terms&notice; apply " + BODY, source="t.txt").text
    assert "&#" not in art.text and "\x1b" not in parse_text("Escape &#27; here " * 12, source="e.txt").text


def test_a_page_naming_its_site_only_in_its_title_has_that_publisher():
    """A stranger's page titled "BBC NEWS | Politics | Labour seeks…" was said to name no publisher."""
    page = (f"<html><head><title>BBC NEWS | Politics | Labour seeks to quell feud talk</title></head><body>"
            f"<h1>Labour seeks to quell feud talk</h1><p>{PARA1}</p><p>{PARA2}</p></body></html>")
    art = parse_html(page, source="feud.html")
    assert art.title == "Labour seeks to quell feud talk" and art.publisher == "BBC News"
    # Nor a section at the other end ("Politics"), which names no site (a review's find).
    section = page.replace("BBC NEWS | Politics | Labour seeks to quell feud talk",
                           "Labour seeks to quell feud talk | Politics")
    assert parse_html(section, source="feud.html").publisher is None
    # A title naming nothing else gives none.
    plain = page.replace("BBC NEWS | Politics | ", "")
    assert parse_html(plain, source="feud.html").publisher is None


def test_html_main_text_and_metadata_via_trafilatura():
    art = parse_html(ARTICLE_HTML, source="page.html")
    assert art.title == "Council expands tram network"
    assert art.author == "Jane Reporter"
    assert art.published == "2024-03-05"
    assert art.publisher == "Daily Example"
    assert PARA1 in art.text and PARA2 in art.text
    # paragraphs come out as separate blocks the chunker can see
    assert f"{PARA1}\n\n{PARA2}" in art.text
    assert "About us" not in art.text and "Copyright" not in art.text


def test_html_date_is_not_guessed_from_a_copyright_line():
    html = ARTICLE_HTML.replace('<meta property="article:published_time" content="2024-03-05T10:00:00Z">', "")
    assert parse_html(html, source="page.html").published is None


def test_html_url_argument_wins_and_sets_the_id():
    art = parse_html(ARTICLE_HTML, source="x", url="https://news.example.com/trams")
    assert art.url == "https://news.example.com/trams"
    assert art.id == article_id(url="https://news.example.com/trams", text="")


def test_html_without_main_content_is_refused():
    html = "<html><head><title>Menu</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"
    with pytest.raises(IngestError) as e:
        parse_html(html, source="menu.html")
    assert "menu.html" in str(e.value) and "no article text" in str(e.value)


# --------------------------------------------------------------------------------------
# files and folders
# --------------------------------------------------------------------------------------


def test_read_file_txt_md_html(tmp_path):
    (tmp_path / "a.txt").write_text("Tram news\n" + BODY, encoding="utf-8")
    (tmp_path / "b.md").write_text("---\ntitle: B\n---\n" + BODY, encoding="utf-8")
    (tmp_path / "c.htm").write_text(ARTICLE_HTML, encoding="utf-8")
    a, b, c = (read_file(tmp_path / n) for n in ("a.txt", "b.md", "c.htm"))
    assert (a.title, b.title, c.title) == ("Tram news", "B", "Council expands tram network")
    assert a.source == str(tmp_path / "a.txt")
    assert b.text == BODY.rstrip()


def test_folder_is_read_recursively_sorted_skipping_hidden_and_other_files(tmp_path):
    (tmp_path / "b.txt").write_text("B title\n" + BODY, encoding="utf-8")
    (tmp_path / "a.md").write_text("# A title\n" + BODY, encoding="utf-8")
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    (tmp_path / "sub" / "c.HTML").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "sub" / "deeper" / "d.markdown").write_text("# D title\n" + BODY, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.txt").write_text("E\n" + BODY, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("F\n" + BODY, encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4 ...")
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    arts = load(str(tmp_path))
    assert [a.title for a in arts] == ["A title", "B title", "Council expands tram network", "D title"]
    assert load(str(tmp_path)) == arts  # deterministic


def test_folder_skips_a_bad_file_and_reports_it(tmp_path):
    (tmp_path / "good.txt").write_text("Good\n" + BODY, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    seen: list[IngestError] = []
    arts = load(str(tmp_path), on_error=seen.append)
    assert [a.title for a in arts] == ["Good"]
    assert len(seen) == 1 and "empty.txt" in str(seen[0]) and "empty" in seen[0].reason


def test_folder_reads_no_file_a_link_reaches_outside_it(tmp_path):
    """A hostile operator's `add folder/` indexed /etc/passwd through a link named passwd.txt, and
    every server could then ask about it."""
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "creds.txt").write_text("Creds\nThe production database password is hunter2. " + BODY, encoding="utf-8")
    folder = tmp_path / "folder"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text("Good\n" + BODY, encoding="utf-8")
    (folder / "innocent.txt").symlink_to(secret / "creds.txt")
    (folder / "sub" / "again.txt").symlink_to(folder / "good.txt")  # inside the folder: read
    seen: list[IngestError] = []
    arts = load(str(folder), on_error=seen.append)
    assert [a.title for a in arts] == ["Good", "Good"]
    assert [Path(e.source).name for e in seen] == ["innocent.txt"] and "outside the folder" in seen[0].reason
    assert not any("hunter2" in a.text for a in arts)
    (folder / "good.txt").unlink()
    (folder / "sub" / "again.txt").unlink()
    with pytest.raises(IngestError, match="links to files outside it"):
        load(str(folder), on_error=lambda err: None)
    # Named on its own, a file is the operator's choice, link or not.
    assert load(str(folder / "innocent.txt"))[0].title == "Creds"


def test_folder_without_article_files_is_an_error(tmp_path):
    (tmp_path / "x.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.md").write_text(BODY, encoding="utf-8")
    with pytest.raises(IngestError) as e:
        load(str(tmp_path))
    assert str(tmp_path) in str(e.value) and "no article files" in str(e.value)


def test_folder_where_no_file_can_be_read_is_an_error(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("too short", encoding="utf-8")
    with pytest.raises(IngestError) as e:
        load(str(tmp_path), on_error=lambda err: None)
    assert "none of its 2 article files" in str(e.value)


@pytest.mark.parametrize(
    "name, content, expected",
    [
        ("empty.txt", b"", "empty"),
        ("blank.md", b"  \n\n\t\n", "empty"),
        ("nul.txt", b"Title\n" + b"some words \x00\x01\x02 " * 30, "binary"),
        ("fake.txt", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n" * 5, "PDF"),
        ("short.txt", b"Hello there.\nOnly a few words.", "only 6 words"),
        ("nomain.html", b"<html><body><nav>Home | About</nav></body></html>", "no article text"),
        ("bad.pdf", b"%PDF-1.4 whatever", "unsupported file type '.pdf'"),
        ("README", b"Title\n" + BODY.encode(), "unsupported file type"),
    ],
)
def test_file_errors_name_the_file_and_the_reason(tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError) as e:
        load(str(path))
    assert e.value.source == str(path)
    assert str(path) in str(e.value)
    assert expected in e.value.reason


def test_a_short_note_copied_from_a_terminal_is_text_without_its_escape_sequences(tmp_path):
    # Four escape sequences in 200 bytes were 2% control bytes: refused as binary data.
    path = tmp_path / "note.txt"
    path.write_bytes(b"Festival note\n\nThe \x1b]0;HACKED\x07river festival in Someville drew \x1b[31mtwenty "
                     b"thousand\x1b[0m visitors this weekend, organisers said, and raised money for the local "
                     b"hospice and the lifeboat crew.\n")
    [article] = load(str(path))
    assert "drew twenty thousand visitors" in article.text
    assert "HACKED" not in article.text and "\x1b" not in article.text
    # An escape's string holds printable text only, a few hundred bytes at most: one opening
    # before kilobytes of control bytes does not make them text.
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\x1b]" + bytes(range(1, 8)) * 900 + b" some text")
    with pytest.raises(IngestError) as raised:
        load(str(binary))
    assert "binary" in raised.value.reason


def test_missing_file(tmp_path):
    missing = tmp_path / "nope.txt"
    with pytest.raises(IngestError) as e:
        load(str(missing))
    assert str(missing) in str(e.value) and "file not found" in str(e.value)


def test_missing_file_that_looks_like_a_web_address_gets_a_hint():
    with pytest.raises(IngestError) as e:
        load("www.example.com/news/article")
    assert "file not found" in e.value.reason and "https://www.example.com/news/article" in e.value.reason


def test_file_over_the_size_cap(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Title\n" + "word " * 3000, encoding="utf-8")
    with pytest.raises(IngestError) as e:
        load(str(path), max_bytes=10_000)
    assert str(path) in str(e.value) and "10 KB size limit" in e.value.reason


def test_windows_1252_file_is_decoded_not_garbled(tmp_path):
    path = tmp_path / "cafe.txt"
    path.write_bytes(("Café culture\n" + BODY.replace("“", '"').replace("”", '"') + " Déjà vu – naïve.").encode("cp1252"))
    art = read_file(path)
    assert art.title == "Café culture"
    assert "Déjà vu – naïve." in art.text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_unicode_text_saved_without_a_byte_order_mark_is_read(tmp_path, encoding):
    text = "Café owners’ plea\n\n" + BODY
    (tmp_path / "wide.txt").write_bytes(text.encode(encoding))  # NUL bytes throughout, no BOM
    (tmp_path / "plain.txt").write_bytes(text.encode("utf-8"))
    wide, plain = load(str(tmp_path / "wide.txt"))[0], load(str(tmp_path / "plain.txt"))[0]
    assert wide.title == plain.title == "Café owners’ plea" and wide.text == plain.text


def test_utf8_bom_file(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: With BOM\n---\n" + BODY.encode())
    art = read_file(path)
    assert art.title == "With BOM" and art.text == BODY.rstrip()


def test_launch_article_in_repo_has_front_matter_and_clean_body():
    art = read_file(REPO / "articles" / "deepseek-crypto-ai.md")
    assert art.title == "Crypto AI, decentralisation and DeepSeek"
    assert art.author == "Zain Jaffer"
    assert art.publisher == "Cointelegraph"
    assert art.published == "2025-02"
    assert art.url is None
    assert art.text.startswith("Opinion: Zain Jaffer, co-founder of Vungle\nArtificial intelligence")
    assert "title:" not in art.text and not art.text.startswith("---")


# --------------------------------------------------------------------------------------
# hostile and careless content (issue 12): decoding, front matter, sniffing, streaming
# --------------------------------------------------------------------------------------

TURKISH = (
    "Belediye meclisi salı günü tramvay ağının genişletilmesi için oy kullandı ve kuzey "
    "ilçelerinde dört yeni durak ekledi. Şişli ve Üsküdar arasında çalışmalar ilkbaharda başlayacak."
)


@pytest.mark.parametrize("reader", ["read_file", "parse_upload"])
def test_utf8_with_a_stray_byte_stays_utf8_not_mojibake(tmp_path, reader):
    path = tmp_path / "stray.txt"
    path.write_bytes(STRAY_UTF8)
    art = read_file(path) if reader == "read_file" else ingest.parse_upload(STRAY_UTF8, "stray.txt")
    assert art.title == "Café culture – “naïve” readers"
    assert "Ã" not in art.text and "â€" not in art.text
    # the stray byte is marked, everything around it is kept as written
    assert "adding four new stops\ufffd in the northern districts" in art.text
    assert PARA2 in art.text


def test_fetched_utf8_with_a_stray_byte_stays_utf8(server):
    art = fetch_url(server + "/stray-byte.txt", allow_private_urls=True)
    assert art.title == "Café culture – “naïve” readers" and "Ã" not in art.text


def test_a_latin1_file_is_not_read_as_a_dos_code_page(tmp_path):
    """A new admin's Latin-1 file was listed as "Cafķ owners in Z³rich fear EUR5m levy" (cp775)."""
    text = ("Café owners in Zürich fear EUR5m levy\n\nCafé owners in Zürich say a proposed levy of EUR5m - about "
            "£3.4m - would force dozens of small cafés to close, according to the city's hospitality association."
            "\n\nThe association's chairman, René Müller, said the levy was \"naïve\" and would hit family-run "
            "businesses hardest. \"We are not against paying our fair share, but this is too much,\" he said.\n\n"
            "The city council is expected to vote on the plan in March. Officials say the money would pay for "
            "cleaner streets around the old town.\n")
    path = tmp_path / "latin1-cafe.txt"
    path.write_bytes(text.encode("latin-1"))
    art = read_file(path)
    assert art.title == "Café owners in Zürich fear EUR5m levy" and "René Müller" in art.text


@pytest.mark.parametrize(
    "text, encoding",
    [
        ("Городской совет проголосовал во вторник за расширение трамвайной сети, добавив четыре "
         "новые остановки в северных районах. Строительство начнётся весной следующего года.", "cp1251"),
        ("Rada miasta przegłosowała we wtorek rozbudowę sieci tramwajowej, dodając cztery nowe "
         "przystanki w północnych dzielnicach. Budowa ruszy wiosną przyszłego roku, zażółć gęślą jaźń.", "cp1250"),
        ("市議会は火曜日、路面電車網の拡張を可決した。北部地区に新しい停留所を四つ追加する。" * 12, "shift_jis"),
        ("Le conseil municipal a voté mardi l’extension du réseau de tramway, ajoutant quatre "
         "nouveaux arrêts dans les quartiers du nord. « Déjà vu », dit une habitante naïve.", "cp1252"),
        # ... while Turkish legacy text stays Turkish (a review's find)
        ("Belediye meclisi salı günü tramvay ağının genişletilmesini onayladı ve kuzey mahallelerine dört yeni durak "
         "eklendi. İnşaat gelecek yılın ilkbaharında başlayacak ve iki yıl sürecek, dedi başkan.", "cp1254"),
    ],
    ids=["russian-cp1251", "polish-cp1250", "japanese-shift_jis", "french-cp1252", "turkish-cp1254"],
)
def test_legacy_encodings_are_detected(tmp_path, text, encoding):
    path = tmp_path / "legacy.txt"
    path.write_bytes(("Tram\n" + text).encode(encoding))
    art = read_file(path)
    assert art.text == "Tram\n" + text


def test_declared_charset_in_front_matter_or_meta_is_used(tmp_path):
    # Turkish in windows-1254 is ambiguous to detection (it reads as Central European);
    # what the file declares settles it.
    md = tmp_path / "tr.md"
    md.write_bytes(("---\ntitle: Tramvay\ncharset: windows-1254\n---\n" + TURKISH).encode("cp1254"))
    assert read_file(md).text == TURKISH
    page = f'<html><head><meta charset="windows-1254"><title>Tramvay</title></head><body><article><p>{TURKISH}</p></article></body></html>'
    art = ingest.parse_upload(page.encode("cp1254"), "tr.html")
    assert TURKISH in art.text


_CP1252_SYMBOLS = bytes(b for b in range(0x80, 0x100) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D))


def _random_bytes(seed: int, alphabet: bytes, n: int = 3000) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.choice(alphabet) for _ in range(n))


@pytest.mark.parametrize(
    "data, looks_like",
    [
        # letters with a symbol every fifth byte: Windows-1252 "decodes" it, to garbage
        (bytes(b if i % 5 else s for i, (b, s) in enumerate(zip(_random_bytes(7, b"etaoinshrdlu "),
                                                                _random_bytes(9, _CP1252_SYMBOLS)))), "not text"),
        (_random_bytes(8, bytes(range(0x80, 0x100))), "not text"),
        (b"Title\n" + b"\x1b[31mred\x1b[0m \x07\x08 " * 200, "control characters"),
        (b"GIF89a" + bytes(range(32, 127)) * 20, "GIF"),
    ],
    ids=["letters-and-high-bytes", "high-bytes", "control-bytes", "gif"],
)
def test_data_that_is_not_text_is_refused_with_what_it_looks_like(tmp_path, data, looks_like):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    for read in (lambda: read_file(path), lambda: ingest.parse_upload(data, "x.txt")):
        with pytest.raises(IngestError) as e:
            read()
        assert looks_like in e.value.reason


def test_unclosed_front_matter_is_an_error_naming_the_line():
    raw = "---\ntitle: Trams\nauthor: Jane Reporter\n\n" + BODY
    with pytest.raises(IngestError) as e:
        parse_text(raw, source="trams.md", fmt="md")
    assert e.value.source == "trams.md"
    assert "front matter opened on line 1 is never closed with ---" in e.value.reason


@pytest.mark.parametrize(
    "front, line, problem",
    [
        ("title: Trams\nthis line is not a key\n", 3, "not `key: value`"),
        ('title: "Trams: the long wait\n', 2, "quote"),
        ("author: 'Jane\n", 2, "quote"),
        ("title: Trams\ntitle: Buses\n", 3, "twice"),
        ("title: Trams\n- a stray item\n", 3, "list item"),
        ("title:Trams\n", 2, "space after the colon"),
        ("tags: [news, trams\n", 2, "never closed"),
    ],
)
def test_malformed_front_matter_is_an_error_naming_the_line(front, line, problem):
    raw = "---\n" + front + "---\n" + BODY
    with pytest.raises(IngestError) as e:
        parse_text(raw, source="x.md", fmt="md")
    assert f"front matter line {line}" in e.value.reason and problem in e.value.reason


def test_front_matter_block_scalar_title_is_read_whole():
    raw = "---\ntitle: >\n  Trams: the\n  long wait\nauthor: Jane\n---\n" + BODY
    art = parse_text(raw, source="x.md", fmt="md")
    assert (art.title, art.author, art.text) == ("Trams: the long wait", "Jane", BODY.rstrip())


def test_a_double_quoted_front_matter_value_reads_yamls_escapes():
    # A stranger's title "…\u202egnp.exe" was kept as "u202egnp.exe", its backslash dropped.
    raw = '---\ntitle: "Caf\\u00e9 \\x26 \\"bar\\" \\U0001F600 \\u202egnp.exe"\n---\n' + BODY
    art = parse_text(raw, source="x.md", fmt="md")
    assert art.title.startswith('Café & "bar" 😀') and "u202e" not in art.title


@pytest.mark.parametrize("fmt", ["txt", "md"])
@pytest.mark.parametrize("raw", [
    "---\n" + PARA1 + "\n---\n" + PARA2,  # rules around a paragraph
    "---\n\n" + PARA1 + "\n\n" + PARA2,  # one leading rule, never "closed"
    "***\n" + PARA1 + "\n\n" + PARA2,
    "---\n## " + PARA1 + "\n\n" + PARA2,  # a rule, then a heading (a YAML comment) and prose
])
def test_a_document_starting_with_a_rule_is_read_and_the_rule_is_never_the_title(raw, fmt):
    art = parse_text(raw, source="x." + fmt, fmt=fmt)
    if fmt == "txt":
        assert art.text == raw  # kept as written: the rule is the author's
    else:  # Markdown's rules and heading marks are decoration
        assert art.text == PARA1 + "\n\n" + PARA2
    assert art.title.startswith("The city council voted on Tuesday")


@pytest.mark.parametrize("name", ["page.txt", "page.md", "page.markdown"])
def test_html_in_a_text_file_or_upload_is_parsed_as_html(tmp_path, name):
    path = tmp_path / name
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    for art in (read_file(path), ingest.parse_upload(ARTICLE_HTML.encode(), name)):
        assert art.title == "Council expands tram network"
        assert f"{PARA1}\n\n{PARA2}" in art.text
        assert "<p>" not in art.text and "<meta" not in art.text


def test_html_fragment_dense_with_tags_is_parsed_as_html(tmp_path):
    fragment = f"<div class='story'>\n<h1>Trams</h1>\n<p>{PARA1}</p>\n<p>{PARA2}</p>\n<p><em>Filed</em> by <a href='/jane'>Jane</a></p></div>"
    path = tmp_path / "fragment.txt"
    path.write_text(fragment, encoding="utf-8")
    art = read_file(path)
    assert PARA1 in art.text and "<p>" not in art.text


@pytest.mark.parametrize("path", ["/html-as-text", "/html-as-markdown"])
def test_html_served_with_a_wrong_content_type_is_parsed_as_html(server, path):
    art = fetch_url(server + path, allow_private_urls=True)
    assert art.title == "Council expands tram network"
    assert f"{PARA1}\n\n{PARA2}" in art.text and "<p>" not in art.text


def test_plain_text_that_mentions_tags_stays_text(tmp_path):
    raw = ("Markup tips\nWrap a word in <b> and </b> to make it bold; an <html> element holds the "
           "page and <p> starts a paragraph. " + BODY)
    path = tmp_path / "tips.txt"
    path.write_text(raw, encoding="utf-8")
    art = read_file(path)
    assert art.text == raw.rstrip() and art.title == "Markup tips"


def _story(title: str) -> str:
    return f"{title}\n{BODY}"


def test_folder_articles_are_added_one_at_a_time_as_they_are_read(tmp_path, engine):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(_story("First story"), encoding="utf-8")
    (folder / "b.txt").write_text(_story("Second story as first written"), encoding="utf-8")
    calls = []

    def progress(done, total):
        # While the first article is embedded, the second file changes: read lazily, the
        # folder indexes what the file holds when its turn comes.
        if not calls:
            (folder / "b.txt").write_text(_story("Second story rewritten"), encoding="utf-8")
        calls.append((done, total))

    results = engine.add(str(folder), progress=progress)
    assert [r.article.title for r in results] == ["First story", "Second story rewritten"]
    assert calls  # progress still reported


def test_folder_stream_reports_a_bad_file_when_reached_and_goes_on(tmp_path):
    for name, content in (("a.txt", _story("A")), ("b.txt", ""), ("c.txt", _story("C"))):
        (tmp_path / name).write_text(content, encoding="utf-8")
    events: list[str] = []
    for article in ingest.iter_load(str(tmp_path), on_error=lambda err: events.append(f"error {Path(err.source).name}")):
        events.append(f"article {article.title}")
    assert events == ["article A", "error b.txt", "article C"]


def test_folder_stream_raises_before_yielding_when_nothing_can_be_read(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("too short", encoding="utf-8")
    seen: list[IngestError] = []
    with pytest.raises(IngestError) as e:
        ingest.iter_load(str(tmp_path), on_error=seen.append)  # raises on the call, not mid-stream
    assert "none of its 2 article files" in str(e.value) and len(seen) == 2


# --------------------------------------------------------------------------------------
# ids
# --------------------------------------------------------------------------------------


def test_same_content_gives_the_same_id(tmp_path):
    (tmp_path / "a.txt").write_text("Title\n" + BODY, encoding="utf-8")
    first = read_file(tmp_path / "a.txt")
    second = read_file(tmp_path / "a.txt")
    assert first.id == second.id and len(first.id) == 16
    int(first.id, 16)


def test_whitespace_and_case_do_not_change_the_content_id():
    a = article_id(url=None, text="Hello   world\n\nThis is it. ")
    b = article_id(url=None, text="  hello world this is it.")
    assert a == b
    assert a != article_id(url=None, text="Hello world, this is it.")


def test_url_id_is_normalised_and_ignores_text():
    base = article_id(url="https://news.example.com/a/b", text="one")
    for variant in (
        "HTTPS://News.Example.COM:443/a/b/",
        "https://news.example.com/a/b#comments",
        "https://news.example.com/a/b?utm_source=x&utm_medium=y",
        "https://news.example.com/a/b/?fbclid=123",
    ):
        assert article_id(url=variant, text="two") == base, variant
    assert article_id(url="https://news.example.com/a/b?page=2", text="one") != base
    assert article_id(url="https://news.example.com/A/b", text="one") != base  # paths are case-sensitive
    assert article_id(url="http://news.example.com/a/b", text="one") != base


def test_normalize_url():
    assert normalize_url("HTTP://Example.com:80/") == "http://example.com"
    assert normalize_url("https://example.com:8443/x/?b=2&utm_campaign=z&a=1#top") == "https://example.com:8443/x?b=2&a=1"


def test_is_url():
    assert is_url("https://example.com/a")
    assert is_url("  http://example.com")
    assert is_url("ftp://example.com/file")  # a URL, refused later by fetch_url
    assert not is_url("articles/news.md")
    assert not is_url("C:\\news\\a.txt")
    assert not is_url("www.example.com/a")


# --------------------------------------------------------------------------------------
# URL refusal
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url, expected",
    [
        ("ftp://example.com/article.txt", "only http and https"),
        ("file:///etc/passwd", "only http and https"),
        ("http://127.0.0.1/", "loopback"),
        ("http://localhost:8080/admin", "loopback"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://[::1]/", "loopback"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://224.0.0.1/", "multicast"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://100.64.0.1/", "not a public address"),
    ],
)
def test_unsafe_urls_are_refused(url, expected):
    with pytest.raises(UnsafeURLError) as e:
        check_url(url, allow_private_urls=False)
    assert expected in e.value.reason
    assert e.value.source == url
    with pytest.raises(UnsafeURLError) as e2:
        load(url)  # the front door refuses before any connection
    assert expected in e2.value.reason and url in str(e2.value)


def test_file_url_refusal_suggests_a_path():
    with pytest.raises(UnsafeURLError) as e:
        check_url("file:///tmp/a.txt", allow_private_urls=True)
    assert "give its path" in e.value.reason


def test_private_addresses_allowed_when_asked():
    check_url("http://127.0.0.1/", allow_private_urls=True)
    check_url("http://10.0.0.1/", allow_private_urls=True)


def _fake_resolver(table):
    def resolve(host, port):
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        out = []
        for addr in table[host]:
            family = socket.AF_INET6 if ":" in addr else socket.AF_INET
            out.append((family, socket.SOCK_STREAM, 6, "", (addr, port)))
        return out

    return resolve


def test_host_resolving_to_any_private_address_is_refused(monkeypatch):
    monkeypatch.setattr(
        fetch,
        "_resolve",
        _fake_resolver({"public.test": ["93.184.216.34"], "sneaky.test": ["93.184.216.34", "10.1.2.3"]}),
    )
    check_url("https://public.test/a", allow_private_urls=False)
    with pytest.raises(UnsafeURLError) as e:
        check_url("https://sneaky.test/a", allow_private_urls=False)
    assert "sneaky.test resolves to 10.1.2.3, a private address" in e.value.reason and "private" in e.value.reason


def test_unresolvable_host_is_a_plain_ingest_error(monkeypatch):
    monkeypatch.setattr(fetch, "_resolve", _fake_resolver({}))
    with pytest.raises(IngestError) as e:
        load("https://no-such-host.invalid/a")
    assert not isinstance(e.value, UnsafeURLError)
    assert "could not resolve" in e.value.reason and "no-such-host.invalid" in str(e.value)


# --------------------------------------------------------------------------------------
# fetching from a loopback server
# --------------------------------------------------------------------------------------


class _Handler(QuietHandler):
    seen_agents: list[str] = []

    def do_GET(self):
        _Handler.seen_agents.append(self.headers.get("User-Agent", ""))
        p = self.path
        if p == "/article.html":
            self._send(200, ARTICLE_HTML.encode(), "text/html; charset=utf-8")
        elif p == "/article.txt":
            self._send(200, ("Plain title\n" + BODY).encode(), "text/plain; charset=utf-8")
        elif p == "/notes.md":
            self._send(200, ("---\ntitle: Notes\n---\n# Heading\n" + BODY).encode(), "text/markdown")
        elif p == "/latin1.txt":
            text = "Café title\n" + BODY.replace("“", '"').replace("”", '"') + " Déjà vu."
            self._send(200, text.encode("latin-1"), "text/plain; charset=ISO-8859-1")
        elif p == "/untyped":
            self._send(200, ARTICLE_HTML.encode(), ctype=None)
        elif p == "/html-as-text":
            self._send(200, ARTICLE_HTML.encode(), "text/plain; charset=utf-8")
        elif p == "/html-as-markdown":
            self._send(200, ARTICLE_HTML.encode(), "text/markdown")
        elif p == "/stray-byte.txt":
            self._send(200, STRAY_UTF8, "text/plain")
        elif p == "/redirect":
            self._send(302, headers=[("Location", "/article.html")])
        elif p == "/loop":
            self._send(301, headers=[("Location", "/loop")])
        elif p == "/to-private":
            self._send(302, headers=[("Location", "http://10.0.0.1/secret")])
        elif p == "/to-ftp":
            self._send(307, headers=[("Location", "ftp://example.com/a.txt")])
        elif p == "/missing":
            self._send(404, b"not here")
        elif p == "/broken":
            self._send(500, b"oops")
        elif p == "/doc.pdf":
            self._send(200, b"%PDF-1.4 ...", "application/pdf")
        elif p == "/empty":
            self._send(200, b"", "text/html")
        elif p == "/binary.txt":
            self._send(200, b"\x00\x01\x02\x03" * 100, "text/plain")
        elif p == "/huge-declared":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(50_000_000))
            self.end_headers()
        elif p == "/huge-streamed":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Connection", "close")
            self.end_headers()
            try:
                for _ in range(100):
                    self.wfile.write(b"word " * 2000)
            except OSError:
                pass
            self.close_connection = True
        elif p == "/slow":
            time.sleep(1.5)
            try:
                self._send(200, ("Slow\n" + BODY).encode())
            except OSError:
                pass
        else:
            self._send(404, b"no route")


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # client went away: not interesting
        pass


@pytest.fixture(scope="module")
def server():
    with serving(_Handler, _Server) as url:
        yield url


def test_fetch_html_from_loopback_when_private_urls_are_allowed(server):
    _Handler.seen_agents.clear()
    art = fetch_url(server + "/article.html", allow_private_urls=True)
    assert art.title == "Council expands tram network"
    assert f"{PARA1}\n\n{PARA2}" in art.text
    assert art.url == server + "/article.html"
    assert art.source == server + "/article.html"
    assert art.publisher == "Daily Example"
    assert _Handler.seen_agents == ["quotebot/0.1"]


def test_fetch_text_and_markdown(server):
    txt = load(server + "/article.txt", allow_private_urls=True)[0]
    assert txt.title == "Plain title" and txt.text == "Plain title\n" + BODY.rstrip()
    md = fetch_url(server + "/notes.md", allow_private_urls=True)
    assert md.title == "Notes" and md.text.startswith("Heading\n")


def test_fetch_uses_declared_charset(server):
    art = fetch_url(server + "/latin1.txt", allow_private_urls=True)
    assert art.title == "Café title" and "Déjà vu." in art.text


def test_fetch_without_content_type_sniffs_html(server):
    art = fetch_url(server + "/untyped", allow_private_urls=True)
    assert art.title == "Council expands tram network"


def test_loopback_is_refused_by_default(server):
    with pytest.raises(UnsafeURLError) as e:
        fetch_url(server + "/article.html")
    assert "loopback" in e.value.reason


def test_redirect_is_followed_and_url_is_the_final_one(server):
    art = fetch_url(server + "/redirect", allow_private_urls=True)
    assert art.url == server + "/article.html"
    assert art.source == server + "/redirect"
    assert art.id == article_id(url=server + "/article.html", text="")


def _loopback_counts_as_public(monkeypatch):
    """Let 127.0.0.1 pass the address check (standing in for a public server) while every
    other address keeps its real verdict."""
    real = fetch._address_refusal

    def refusal(ip):
        return None if ip == ipaddress.ip_address("127.0.0.1") else real(ip)

    monkeypatch.setattr(fetch, "_address_refusal", refusal)


def test_redirect_to_a_private_address_is_refused(server, monkeypatch):
    _loopback_counts_as_public(monkeypatch)
    url = server + "/to-private"
    with pytest.raises(UnsafeURLError) as e:
        fetch_url(url, allow_private_urls=False)
    assert url in str(e.value)
    assert "redirects to http://10.0.0.1/secret" in e.value.reason and "private" in e.value.reason


def test_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(UnsafeURLError) as e:
        fetch_url(server + "/to-ftp", allow_private_urls=True)
    assert "ftp://example.com/a.txt" in e.value.reason and "only http and https" in e.value.reason


def test_too_many_redirects(server):
    with pytest.raises(IngestError) as e:
        fetch_url(server + "/loop", allow_private_urls=True)
    assert "too many redirects" in e.value.reason and "/loop" in str(e.value)


def test_dns_answer_changing_after_the_check_is_still_refused(server, monkeypatch):
    """DNS rebinding: the check sees a public address, the connect would get loopback."""
    port = int(server.rsplit(":", 1)[1])
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    monkeypatch.setattr(
        fetch, "_resolve", lambda host, p: _fake_resolver({host: next(answers)})(host, p)
    )
    _Handler.seen_agents.clear()
    with pytest.raises(UnsafeURLError) as e:
        fetch_url(f"http://rebind.test:{port}/article.html")
    assert "loopback" in e.value.reason
    assert _Handler.seen_agents == []  # never connected


@pytest.mark.parametrize("path, status", [("/missing", "404"), ("/broken", "500")])
def test_http_errors_carry_the_status(server, path, status):
    with pytest.raises(IngestError) as e:
        fetch_url(server + path, allow_private_urls=True)
    assert f"HTTP {status}" in e.value.reason and server + path in str(e.value)


def test_unsupported_content_type(server):
    with pytest.raises(IngestError) as e:
        fetch_url(server + "/doc.pdf", allow_private_urls=True)
    assert "unsupported content type application/pdf" in e.value.reason


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-streamed"])
def test_download_over_the_size_cap(server, path):
    with pytest.raises(IngestError) as e:
        fetch_url(server + path, allow_private_urls=True, max_bytes=100_000)
    assert "over the 100 KB size limit" in e.value.reason and path in str(e.value)


def test_empty_and_binary_responses(server):
    with pytest.raises(IngestError) as e:
        fetch_url(server + "/empty", allow_private_urls=True)
    assert "empty" in e.value.reason
    with pytest.raises(IngestError) as e:
        fetch_url(server + "/binary.txt", allow_private_urls=True)
    assert "binary" in e.value.reason


def test_timeout(server):
    started = time.monotonic()
    with pytest.raises(IngestError) as e:
        fetch_url(server + "/slow", allow_private_urls=True, timeout=0.3)
    assert "longer than the 0.3 s download deadline (QUOTEBOT_FETCH_TIMEOUT)" in e.value.reason and "/slow" in str(e.value)
    assert time.monotonic() - started < 1.2


def test_connection_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a"
    with pytest.raises(IngestError) as e:
        fetch_url(url, allow_private_urls=True, timeout=2)
    assert "connection refused" in e.value.reason and url in str(e.value)


# Lines a hostile file can hold that made a regular expression backtrack quadratically:
# 300 KB of each took minutes to hours to read before.
HOSTILE_LINES = {
    "front matter value with a run of spaces": "---\ntitle: a{spaces}b\n---\n",
    "heading with a run of spaces": "# a{spaces}b\n",
    "line of brackets": "{brackets}\n",
    "line of link starts": "{link_starts}\n",
}


def test_hostile_lines_are_read_in_linear_time(tmp_path):
    n = 300_000
    fill = {"spaces": " " * n, "brackets": "[" * n, "link_starts": "[a](" * (n // 4)}
    for i, shape in enumerate(HOSTILE_LINES.values()):
        (tmp_path / f"{i}.md").write_text(shape.format(**fill) + "Tram news\n" + BODY, encoding="utf-8")
    script = (
        "import sys; from index import ingest\n"
        "for path in sys.argv[1:]:\n"
        "    ingest.read_file(path)\n"
    )
    # a subprocess, so a regression is killed at the bound instead of hanging the suite
    subprocess.run([sys.executable, "-c", script, *sorted(str(p) for p in tmp_path.glob("*.md"))],
                   cwd=REPO, check=True, timeout=60)


def test_a_page_of_more_blocks_than_any_article_is_refused_quickly():
    # 1 MB of tiny paragraphs kept trafilatura busy for a minute and a half
    page = "<html><body><article>" + "<p>x</p>" * 125_000 + f"<p>{PARA1}</p></article></body></html>"
    with pytest.raises(IngestError) as e:
        ingest.parse_upload(page.encode(), "huge.html")
    assert "125,002 paragraphs" in e.value.reason and "30,000" in e.value.reason


def test_utf8_page_with_a_stray_byte_declared_latin1_stays_utf8():
    # servers default to "charset=ISO-8859-1"; an 8-bit charset would "decode" anything
    got = Fetched("https://news.example.com/a", 200, "text/plain", "ISO-8859-1", STRAY_UTF8, {})
    art = ingest.parse_fetched(got, source=got.url)
    assert art.title == "Café culture – “naïve” readers"


def test_utf8_page_under_a_wrong_utf16_meta_is_read_as_utf8():
    page = ARTICLE_HTML.replace('<meta charset="utf-8">', '<meta charset="utf-16">')
    # an even number of bytes, so UTF-16 would "decode" it all into CJK garbage
    data = page.encode() + (b"" if len(page.encode()) % 2 == 0 else b" ")
    art = ingest.parse_upload(data, "page.html")
    assert art.title == "Council expands tram network" and PARA1 in art.text


TERMINAL_TRICKS = "\x1b]0;PWNED\x07\x1b]52;c;cm0gLXJmIH4=\x07\x1b[31m"


def test_terminal_escape_sequences_never_reach_the_index(tmp_path):
    """An article's author could retitle a reader's terminal (OSC 0) or write its clipboard
    (OSC 52) through `list`, `ask` or the console: they are dropped at ingest, words kept."""
    path = tmp_path / "evil.md"
    path.write_text(f"# Evil {TERMINAL_TRICKS}title\n\nThe council {TERMINAL_TRICKS}voted to close the old "
                    "bridge for repairs next spring, after engineers found cracks in two of its arches.\n\n"
                    + "Traffic will be sent over the ring road while the work goes on, the council said. " * 6 + "\n")
    article = ingest.read_file(path)
    assert article.title == "Evil title"
    assert "The council voted to close the old bridge" in article.text
    assert not any(c in article.text + article.title for c in "\x1b\x07")

    page = (ARTICLE_HTML.replace("<title>Council", "<title>Council &#27;]0;PWNED&#7;")
            .replace("<h1>Council expands", "<h1>Council \x1b]52;c;cm0=\x07expands")
            .replace(PARA1, "\x1b]0;PWNED\x07" + PARA1))
    article = ingest.parse_html(page, source="https://news.example.com/evil")
    assert not any(c in article.text + article.title for c in "\x1b\x07")
    assert article.title.endswith("tram network") and PARA1 in article.text
