"""Page furniture (link teasers, share/subscribe buttons, credits) is dropped on every ingest
path — files, uploads, HTML, fetched pages, feed entries — and content is never dropped."""
from __future__ import annotations

import pytest

from index import furniture, ingest
from index.chunk import chunk
from index.feeds import FeedPoller
from index.furniture import is_furniture, strip_furniture
from index.ingest import fetch_url, load, parse_html, parse_text, parse_upload, read_file

from .conftest import LAUNCH_ARTICLE
from .loopback_http import QuietHandler, serving
from .test_ingest import PARA1, PARA2

TEASER = "Recently: Deepseek – Wake-up call for responsible innovation and risk management"
BYLINE = "Opinion: Zain Jaffer, co-founder of Vungle"

PARA3 = "Work on the first two stops is expected to take eighteen months, according to the city."


def _launch_body() -> list[str]:
    """The launch article's lines after its front matter, as written in the file."""
    raw = LAUNCH_ARTICLE.read_text(encoding="utf-8")
    return raw.split("---\n", 2)[2].rstrip("\n").split("\n")


# --------------------------------------------------------------------------------------
# the launch article
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("reader", [read_file, lambda path: load(str(path))[0]], ids=["read_file", "load"])
def test_launch_article_loses_its_teaser_and_keeps_everything_else(reader):
    lines = _launch_body()
    assert TEASER in lines  # the file itself still has it
    art = reader(LAUNCH_ARTICLE)
    assert TEASER not in art.text and "Recently:" not in art.text
    # every other line, byline (twice) and disclaimer included, is kept verbatim and in order
    assert art.text == "\n".join(line for line in lines if line != TEASER)
    assert art.text.startswith(BYLINE + "\nArtificial intelligence")
    assert art.text.count(BYLINE) == 2
    assert art.text.split("\n")[-1].startswith("This article is for general informational purposes")
    # paragraphs are still one per line: the teaser's paragraph is gone, nothing merged
    paragraphs = {p.paragraph for p in chunk(art)}
    assert paragraphs == set(range(1, max(paragraphs) + 1))
    assert not any("Wake-up call" in p.text for p in chunk(art))


def test_only_the_teaser_line_of_the_launch_article_is_furniture():
    assert [line for line in _launch_body() if is_furniture(line)] == [TEASER]


# --------------------------------------------------------------------------------------
# the classifier
# --------------------------------------------------------------------------------------

FURNITURE = [
    TEASER,
    "Related: Council approves new bus lanes",
    "RELATED: Council approves new bus lanes",
    "Related articles",
    "Related Stories:",
    "Read more: Why the tram budget keeps growing",
    "READ MORE: Why the tram budget keeps growing",
    "READ MORE Why the tram budget keeps growing",
    "Read more",
    "Read more…",
    "Read more about the tram plans here.",
    "Read the full story on our website",
    "Recommended: Ten things to know about trams",
    "Recommended for you",
    "See also: Tram history",
    "See also",
    "Also read: The city's first tram, 1895",
    "Read also | Trams in Europe",
    "More: Council approves new bus lanes",
    "More on this story",
    "More from Cointelegraph",
    "Watch: Mayor opens the new line",
    "WATCH | Mayor opens the new line",
    "Listen: The transport podcast",
    "You may also like",
    "Most read",
    "Don't miss: The best tram rides",
    "Share this article",
    "Share",
    "Share on Facebook",
    "Share on Twitter",
    "Share | Tweet | Email",
    "Facebook | Twitter | Email",
    "Facebook  Twitter  Email  Print",  # a pasted share bar: the buttons' labels, spaces between
    "Share this story: Facebook | Twitter | Email",
    "Fishermen sit beside wrecked boats on the coast of Sri Lanka (Image: AP)",  # a caption ending in its credit
    "Platon Lebedev has been on trial since June. Photo: Reuters",
    # a saved page's skip link, navigation bar and image placeholder (a stranger's paste was titled
    # "Skip to content", its summary opening with the bar)
    "Skip to content",
    "Skip to main content",
    "Home | News | Business | Markets | Economy",
    "News | Sport | Weather | Travel | Culture",
    "[Image: Platon Lebedev in the defendants' cage at the Meshchansky court, Moscow]",
    "Subscribe to our newsletter",
    "Subscribe now for unlimited access",
    "Sign up for our daily newsletter",
    "Sign up to get breaking news alerts",
    "Follow us on Twitter",
    "Follow Cointelegraph on X",
    "Follow @dailyexample",
    "Join our Telegram channel",
    "Click here to read the full report",
    "Advertisement",
    "- Advertisement -",
    "Story continues below advertisement",
    "Continue reading the main story",
    "Image caption The new tram at its first stop",
    "Image copyright Getty Images",
    "Media caption The mayor explains the plan",
    "Photo: Jane Doe",
    "Getty Images",
    "AFP via Getty Images",
    "AP Photo/Evan Vucci",
    "Kim Hong-Ji/Reuters",
    "Copyright © 2025 Daily Example",
    "© 2025 Daily Example. All rights reserved.",
    "Copyright 2024 Daily Example Ltd.",
    "All rights reserved.",
    # markdown markup around furniture is furniture too
    "**Read more:** [Why the tram budget keeps growing](https://news.example.com/trams)",
    "*Related: [Bus lanes](https://news.example.com/bus)*",
    "- Related: Council approves new bus lanes",
    "## Related articles",
    "> Share this article",
    # a reader poll's widget (a stranger got one quoted first for "why did greer walk out?")
    "VOTE   Was the mayor right to resign?   Yes  No   Results are indicative and may not reflect public opinion",
    "Results are indicative and may not reflect public opinion",
    # a broadcast's promotion closing a story (a stranger's summary of a BBC story ended with one)
    "Listen to the full interview on Sport on Five and the BBC Sport website from 1900 GMT.",
    "- Listen to the full interview with Garry Richardson on BBC Radio Five Live's Sportsweek at 0900 GMT on Sunday.",
    "Watch the full interview on BBC iPlayer",
    "You can hear more on this story on the BBC World Service's Go Digital programme.",
    "You can see more of his pictures on the programme's website.",
    "You can watch the full interview on BBC Two's Newsnight at 2230 GMT.",
    "You can hear the full interview on Radio 4's Today programme.",
    "Listen to the full interview on BBC Radio 5 Live at 10.30am on Sunday.",
    "Watch the full interview at bbc.co.uk/sport.",
]

CONTENT = [
    BYLINE,
    "Subs not used: Carson | Booked: Kelly | Att: 30,000",
    "| Team | Score | Tries |",
    "He showed the court a photo: the fort in flames.",
    "Shares of Vodafone rose 3%.",
    "Share prices fell sharply on Monday after the announcement.",
    "Shareholders will vote on the merger next month.",
    "Related parties must disclose their interests to the board.",
    "Related to this, the council also cut bus fares.",
    "Relatedly, the mayor resigned.",
    "Recently, the council voted to expand the tram network.",
    "Recently the company has struggled to hire engineers.",
    "More than 100 people attended the meeting.",
    "More – and more – people are moving to the northern districts.",
    "More from Brussels – officials said the deal was close.",
    "AP/NORC poll finds most Americans worry about AI",
    "More",
    "Watch",
    "Watch this space, the minister said.",
    "Watchdogs warned about the risks.",
    "Read more carefully, the contract says something else.",
    "Readers can subscribe to several newsletters.",
    "Subscribers rose to 2 million last year.",
    "The company said it would share data with regulators.",
    "Follow the money, investigators said.",
    "Follow-up talks on Twitter's moderation policy were held on Friday.",
    "Sign up rates rose by 12% in the first quarter.",
    "Getty Images reported a 10% rise in revenue.",
    "Reuters",
    "(Reporting by Jane Doe; Editing by John Smith)",
    "Copyright law changed in 2019.",
    "(c) the buyer shall pay the price in full.",
    "Advertisement spending rose 4% in 2024, the report said.",
    "Photographers from Getty Images and Reuters covered the launch.",
    "See the appendix for the full figures.",
    "Image recognition is one of the oldest uses of AI.",
    "Cost Factor",
    "Please enter DeepSeek.",
    "What’s ahead?",
    "Vote counting went on into the night? Yes, no one left before dawn.",
    "Polls closed at ten.",
    "Listen to the full story of how the deal was done, he urged the committee.",
    "You can hear more anger in the town than at any time since the strike, residents say.",
    "You can see more people on the streets than a year ago.",
    # ... nor prose naming a broadcaster (a review's finds)
    "You can see more people watching TV on their phones than ever before, Ofcom said.",
    "You can hear more music on the radio in Scotland than anywhere else, the survey found.",
    "You can see more clearly now why the BBC wanted to sell the radio stations.",
    "You can watch more football on TV this season than ever before.",
    "Watch the full episode and you will see why fans are angry, he said.",
    "Hear the whole debate in Parliament and you realise how divided MPs are.",
    "You can see more of the damage from the air than on TV, the pilot said.",
    "Watch the whole debate on television and you will see why voters are angry.",
    "Hear the full debate in Parliament, where MPs attacked the radioactive waste plans.",
    "Listen to the full interview with the radiologist who found the fault.",
    "Watch the full interview on Newsnight tonight. The BBC stands by its report.",
    # a line too long to be a button, however few its spaces (a review's find: quadratic before)
    "Watch the full interview on " + "a." * 3000,
    # a long line is prose, whatever it starts with
    "Related: " + " ".join(["the council said that the tram project would go ahead"] * 3),
]


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_recognised(line):
    assert is_furniture(line)


@pytest.mark.parametrize("line", CONTENT)
def test_content_that_looks_like_furniture_is_kept(line):
    assert not is_furniture(line)


def test_rules_are_compiled_regexes():
    assert furniture.FURNITURE_RULES and all(hasattr(rule, "search") for rule in furniture.FURNITURE_RULES)


@pytest.mark.parametrize("line", CONTENT)
def test_content_lines_survive_parse_text(line):
    art = parse_text(f"{PARA1}\n{line}\n{PARA2}", source="x.txt")
    assert art.text == f"{PARA1}\n{line}\n{PARA2}"


@pytest.mark.parametrize("line", FURNITURE)
def test_furniture_lines_are_dropped_by_parse_text(line):
    art = parse_text(f"{PARA1}\n{line}\n{PARA2}", source="x.md", fmt="md")
    assert art.text == f"{PARA1}\n{PARA2}"


# --------------------------------------------------------------------------------------
# paragraph structure
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    # a furniture paragraph between two paragraphs: one blank line stays between them
    ("A one.\n\nRelated: x\n\nB two.", "A one.\n\nB two."),
    # first and last
    ("Share this article\n\nA one.\n\nB two.\n\nAdvertisement\n", "A one.\n\nB two.\n"),
    # a run of furniture paragraphs
    ("A one.\n\nShare this article\n\nRelated: x\n\nSee also\n\nB two.", "A one.\n\nB two."),
    # inside a paragraph (a <br> line): the rest of the paragraph stays one block
    ("A one.\nRead more: x\nA two.\n\nB two.", "A one.\nA two.\n\nB two."),
    ("A one.\n\nRead more: x\nB one.\nB two.", "A one.\n\nB one.\nB two."),
    # blank lines the author wrote elsewhere are left as they are
    ("A one.\n\n\nB two.\n\nRelated: x\n\nC three.", "A one.\n\n\nB two.\n\nC three."),
    ("A one.\n\n\nRelated: x\n\n\nB two.", "A one.\n\n\nB two."),
    # one paragraph per line
    ("A one.\nRelated: x\nB two.", "A one.\nB two."),
    # the linked titles under a teaser label alone on its line go with it (a stranger's pasted footer
    # was quoted for "will blogs shape the next election?"), up to the first line of prose
    ("A one.\n\nRelated stories\nBlogs 'to shape' next general election campaign\nMPs told to get to grips\n\nB two.",
     "A one.\n\nB two."),
    ("A one.\n\nRead more\nWill trams return?\nThe council said on Monday it would act.\nC.", 
     "A one.\n\nThe council said on Monday it would act.\nC."),
    # a numbered item may end in a quote mark (a stranger's "5. House prices 'to fall this year'" stayed)
    ("A one.\n\nMost Read\n\n4. Ebbers denies WorldCom fraud\n5. House prices 'to fall this year'\n\nB two.",
     "A one.\n\nB two."),
    # ... also after one blank line under the label ("Most Read" then a numbered list: a stranger's
    # pasted list was quoted as the news that Ebbers denies fraud), but not after the list's end
    ("A one.\n\nMost Read\n\n1. Yukos unit buyer faces loan claim\n2. Ebbers denies WorldCom fraud\n\nShort heading\n\nB.",
     "A one.\n\nShort heading\n\nB."),
    # in a text of one paragraph a line, the lines under a label are its paragraphs (a review's find:
    # a subheading "What happens next?" was dropped)
    ("A one.\nRead more\nCouncil approves tram budget\nWhat happens next?\nB two.",
     "A one.\nCouncil approves tram budget\nWhat happens next?\nB two."),
    # nor is a line ending like speech a linked title
    ("A one.\n\nRelated stories\n\"We are delighted\"\n\nB two.", "A one.\n\n\"We are delighted\"\n\nB two."),
    # a title-like line under a labelled teaser ("Related: x") is the article's
    ("A one.\n\nRelated: x\nThe new stops\n\nB two.", "A one.\n\nThe new stops\n\nB two."),
    # nothing to drop: unchanged, byte for byte
    ("A one.\n\n  indented\n\n\nB two.\n", "A one.\n\n  indented\n\n\nB two.\n"),
])
def test_strip_furniture_keeps_paragraph_structure(raw, expected):
    assert strip_furniture(raw) == expected


def test_dropping_a_paragraph_renumbers_the_following_ones_by_one():
    body = f"{PARA1}\n\nRelated: Council approves new bus lanes\n\n{PARA2}\n\n{PARA3}"
    art = parse_text(body, source="x.txt")
    assert art.text == f"{PARA1}\n\n{PARA2}\n\n{PARA3}"
    assert [(p.paragraph, p.text) for p in chunk(art)] == [(1, PARA1), (2, PARA2), (3, PARA3)]


def test_a_text_of_only_furniture_is_refused():
    with pytest.raises(ingest.IngestError) as e:
        parse_text("Share this article\nSubscribe to our newsletter\nAdvertisement\n" * 5, source="x.txt")
    assert "no article text" in str(e.value)


# --------------------------------------------------------------------------------------
# HTML, uploads, fetched pages, feed entries
# --------------------------------------------------------------------------------------

PAGE = f"""<!doctype html>
<html><head><meta charset="utf-8"><title>Council expands tram network</title></head><body>
<article>
<h1>Council expands tram network</h1>
<p>{PARA1}</p>
<p>Related: <a href="/bus">Council approves new bus lanes</a></p>
<p>{PARA2}</p>
<p>Share this article</p>
<p>{PARA3}</p>
</article>
</body></html>"""


def test_html_related_and_share_paragraphs_are_dropped():
    import trafilatura

    raw = ingest._html_blocks_text(trafilatura.bare_extraction(PAGE, with_metadata=True))
    assert "Related: Council approves new bus lanes" in raw and "Share this article" in raw  # trafilatura keeps them
    art = parse_html(PAGE, source="page.html")
    assert art.text == f"Council expands tram network\n\n{PARA1}\n\n{PARA2}\n\n{PARA3}"


def test_html_fallback_text_is_cleaned_too(monkeypatch):
    import trafilatura

    text = f"{PARA1}\nRead more: Council approves new bus lanes\n{PARA2}\nAdvertisement\n{PARA3}"
    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: {"body": None, "text": text})
    art = parse_html("<html><body><p>x</p></body></html>", source="page.html")
    assert art.text == f"{PARA1}\n\n{PARA2}\n\n{PARA3}"


@pytest.mark.parametrize("name, data", [
    ("story.md", f"---\ntitle: Trams\n---\n{PARA1}\n\n**Read more:** [Bus lanes](https://x.example/bus)\n\n{PARA2}\n\n{PARA3}"),
    ("story.html", PAGE.replace("<h1>Council expands tram network</h1>", "")),
])
def test_uploads_are_cleaned(name, data):
    art = parse_upload(data.encode("utf-8"), name)
    assert art.text == f"{PARA1}\n\n{PARA2}\n\n{PARA3}"


def test_read_file_html_and_txt_are_cleaned(tmp_path):
    (tmp_path / "a.txt").write_text(f"Trams\n{PARA1}\nSee also: Bus lanes\n{PARA2}\n", encoding="utf-8")
    (tmp_path / "b.htm").write_text(PAGE, encoding="utf-8")
    a, b = load(str(tmp_path))
    assert a.text == f"Trams\n{PARA1}\n{PARA2}"
    assert "Related:" not in b.text and "Share this" not in b.text and PARA3 in b.text


class _Handler(QuietHandler):
    def do_GET(self):
        if self.path == "/page.html":
            self._send(200, PAGE.encode(), "text/html; charset=utf-8")
        else:
            self._send(200, f"Trams\n\n{PARA1}\n\nREAD MORE: Bus lanes\n\n{PARA2}".encode(), "text/plain")


@pytest.fixture()
def server():
    with serving(_Handler) as url:
        yield url


def test_fetched_pages_are_cleaned(server):
    page = fetch_url(server + "/page.html", allow_private_urls=True)
    assert page.text == f"Council expands tram network\n\n{PARA1}\n\n{PARA2}\n\n{PARA3}"
    plain = fetch_url(server + "/story.txt", allow_private_urls=True)
    assert plain.text == f"Trams\n\n{PARA1}\n\n{PARA2}"


@pytest.mark.parametrize("content", [
    # an entry's HTML content (parsed as HTML)
    f"<p>{PARA1}</p><p>Related: <a href='/bus'>Bus lanes</a></p><p>{PARA2}</p><p>Share this article</p>",
    # an entry's summary without markup (read as plain text)
    f"{PARA1}\n\nRelated: Bus lanes\n\n{PARA2}\n\nShare this article",
])
def test_feed_entry_content_is_cleaned(content):
    art = FeedPoller._parse_content(content, "https://news.example.com/trams")
    assert art is not None
    assert art.text == f"{PARA1}\n\n{PARA2}"
