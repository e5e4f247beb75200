"""Page furniture: the lines of a news page that are not the article.

Link teasers ("Related: …", "Read more: …", "Recently: …"), share and subscribe buttons,
"Advertisement", image captions and credits, copyright footers. Left in, they get quoted as
answers ("Recently: Deepseek – Wake-up call for responsible innovation…" answers nothing: it
is the title of another story). `strip_furniture` removes such lines from a text before it
becomes an `Article`, so every quote is still an exact substring of what is stored.

The classifier is deliberately conservative: a line is dropped only when the *whole* line is
furniture and it is short (`MAX_WORDS`); a content sentence that merely contains "related" or
"share" ("Shares of Vodafone rose 3%.", "Related parties must disclose…") never matches,
because every rule is anchored at the start of the line and most at its end too. Bylines
("Opinion: Zain Jaffer, co-founder of Vungle", "(Reporting by …)") and disclaimers are
content — readers ask who wrote a piece and on what terms — and are kept.
"""
from __future__ import annotations

import re

from .chunk import BULLET, NUMBERED

# Furniture is a label, a button or a one-line credit; a longer line is prose, whatever it
# starts with.
MAX_WORDS = 25
MAX_CHARS = 400

# Labels that introduce a link to another story. They are furniture followed by a separator
# and the linked title ("Related: …", "READ MORE | …", "See also – …"), or alone on their
# line ("See also").
_TEASER_LABELS = (
    r"related(?:\s+(?:articles?|stories|story|content|coverage|news|links?|reading|posts?|topics?|videos?))?",
    r"read\s+more", r"read\s+also", r"also\s+read", r"read\s+next", r"must\s+read",
    r"see\s+also", r"further\s+reading", r"recommended(?:\s+(?:for\s+you|reading|stories|articles|videos?))?",
    r"most\s+(?:read|popular|viewed|shared)", r"top\s+stories", r"editor['’]?s\s+picks?",
    r"in\s+case\s+you\s+missed\s+it", r"icymi",
    r"you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)",
)
# The same, but prose may follow them after a dash ("More from Brussels – officials said…"),
# so only punctuation separates a title from them.
_TEASER_LABELS_NO_DASH = (
    r"more\s+on\s+(?:this|that)(?:\s+(?:story|topic|subject))?", r"more\s+from\s+\S+(?:\s+\S+)?",
    r"don['’]?t\s+miss",
)
# Furniture only with a punctuation separator and a linked title after them ("Recently: …",
# "Watch: …"): alone on a line "Watch" or "More" may be a heading of the article, and
# "More – and more – people…" is prose.
_TEASER_LABELS_WITH_TITLE = (
    r"recently", r"more", r"watch", r"listen", r"trending", r"sponsored", r"also\s+on\s+\S+(?:\s+\S+)?",
)
_SEPARATOR = r"\s*(?:[:|»›>]+|\s[–—-])\s*"  # "Related: …", "Related | …", "Related » …", "Related – …"
_PUNCT_SEPARATOR = r"\s*[:|»›>]+\s*"
_END = r"\s*(?:[:.!|»›>→]+|\.\.\.|…)?\s*"  # "Read more", "Read more…", "Read more »"
# Where a broadcast goes out, or when ("… on BBC Radio Five Live's Sportsweek at 0900 GMT")
_BROADCAST = (r"(?:bbc|radio|programmes?|programs?|podcasts?|iplayer|world\s+service|five\s+live|sport\s+on\s+five|"
              r"website|online|tv|television|channel|\w+(?:\.\w+)*\.(?:co\.uk|com|org)|\d{4}\s+(?:gmt|bst))\b")
# ... said in one sentence: "Watch the full interview on Newsnight tonight. The BBC stands by…" is prose.
_ONE_SENTENCE = r"(?!.*[.!?]\s+[A-Z])"
_PHOTO_AGENCIES = r"(?:getty\s+images|shutterstock|alamy|ap\s+photo|istock(?:photo)?)"
_NEWS_AGENCIES = r"(?:reuters|afp|epa(?:-efe)?|bloomberg|anadolu)"
_NAME = r"[\w.'’-]+(?:\s+[\w.'’-]+){0,3}?"  # a photographer: up to four words

# The labels of a share bar's buttons ("Share | Tweet | Email").
_SHARE_BUTTON = (r"(?:share|tweet|email|e-mail|print|copy\s+link|facebook|twitter|x|linkedin|whatsapp|reddit"
                 r"|pinterest|telegram|flipboard|comments?)")

# Whole-line patterns, tried on a line after `_normalise` (markdown markup, list bullets and
# quote markers removed). Each is anchored at the start; those without `$` only match lines
# whose opening words can only be furniture.
FURNITURE_RULES: tuple[re.Pattern[str], ...] = (
    # link teasers: a label, then a separator and the other story's title
    re.compile(rf"^(?:{'|'.join(_TEASER_LABELS)}){_SEPARATOR}\S", re.I),
    re.compile(rf"^(?:{'|'.join(_TEASER_LABELS_NO_DASH + _TEASER_LABELS_WITH_TITLE)}){_PUNCT_SEPARATOR}\S", re.I),
    # "Read more about it here", "Read the full story on …": always a link out
    re.compile(r"^read\s+more\s+(?:about|on|at|here|from|in\s+our)\b", re.I),
    re.compile(r"^read\s+the\s+full\s+(?:story|article)\b", re.I),
    # the same labels alone on their line
    re.compile(rf"^(?:{'|'.join(_TEASER_LABELS + _TEASER_LABELS_NO_DASH)}){_END}$", re.I),
    # an all-caps label run into the title without a separator ("READ MORE Deepseek …")
    re.compile(r"^(?:READ MORE|ALSO READ|READ ALSO|SEE ALSO|READ NEXT|MUST READ|MORE ON THIS)\s+\S"),
    # share buttons: "Share this article", "Share on Facebook", "Share | Tweet | Email"
    re.compile(r"^share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|video))?"
               r"(?:\s+(?:on|via|to|with)\s+\S+(?:\s+\S+)?)?" + _END + "$", re.I),
    # "Share this story: Facebook | Twitter | Email"
    re.compile(rf"^share(?:\s+(?:this|the))?(?:\s+(?:article|story|post|page|video))?\s*[:|]\s*{_SHARE_BUTTON}"
               rf"(?:(?:\s*[|/·•,]\s*|\s+){_SHARE_BUTTON})*\s*$", re.I),
    # "Facebook | Twitter | Email", "Facebook  Twitter  Email"
    re.compile(rf"^{_SHARE_BUTTON}(?:(?:\s*[|/·•,]\s*|\s+){_SHARE_BUTTON})+\s*$", re.I),
    re.compile(r"^(?:print|email)\s+(?:this\s+)?(?:article|story|page)\s*$", re.I),
    # a reader poll's widget: "VOTE Was X right to leave? Yes No Results are indicative…"
    re.compile(r"^(?:vote|poll|quick\s+poll|have\s+your\s+say)\b.*\?\s*yes\s+no\b", re.I),
    re.compile(r"^results\s+are\s+indicative\b", re.I),
    # subscribe / sign up / newsletter / follow / join / download-the-app calls to action
    re.compile(r"^subscribe\b", re.I),
    re.compile(r"^sign\s+up\b.*\b(?:newsletters?|alerts?|briefings?|e-?mails?|updates|digest|inbox)\b", re.I),
    re.compile(r"^(?:get|receive)\s+(?:our|the)\b.*\bnewsletters?\b", re.I),
    re.compile(r"^follow\s+(?:us|@\w+|\S+(?:\s+\S+){0,2}\s+on\s+(?:twitter|x|facebook|instagram|linkedin|tiktok"
               r"|youtube|threads|bluesky|mastodon|telegram|whatsapp|google\s+news))\b", re.I),
    re.compile(r"^join\s+(?:us|our)\b.*\b(?:telegram|whatsapp|discord|facebook|newsletter|community|channel)\b", re.I),
    re.compile(r"^download\s+(?:the|our)\s+(?:\S+\s+)?app\b", re.I),
    re.compile(r"^(?:click|tap)\s+here\b", re.I),
    re.compile(r"^listen\s+to\s+(?:this|the)\s+(?:article|story)\b", re.I),
    # a broadcast's promotion closing a story ("Listen to the full interview on Sport on Five…",
    # "You can hear more on this story on the BBC World Service's Go Digital programme"): a
    # stranger's summary of a BBC story ended with one
    re.compile(rf"^{_ONE_SENTENCE}(?!.*\b(?:said|says|and\s+you|you\s+will|why)\b)(?:you\s+can\s+)?"
               rf"(?:listen\s+to|watch|hear|see)"
               rf"\s+(?:the\s+)?(?:full|whole|complete)\s+(?:interview|programme|program|episode|podcast|show|"
               rf"conversation|debate|discussion|documentary)\s+(?:on|at|with|from|in)\b.*\b{_BROADCAST}", re.I),
    re.compile(rf"^{_ONE_SENTENCE}(?!.*\b(?:said|says|and\s+you|you\s+will|why)\b)you\s+can\s+"
               rf"(?:hear|listen\s+to|watch|see)\s+"
               rf"more\s+(?:on|about|from|of)\b.*\b(?:on|in)\s+(?:the\s+)?{_BROADCAST}", re.I),
    # advertising slots and "continue reading" breaks
    re.compile(r"^[-–—\s]*(?:advertisement|advertising|ad|sponsored(?:\s+content)?|paid\s+content"
               r"|(?:story|article)\s+continues\s+below(?:\s+(?:this\s+)?(?:advertisement|ad))?"
               r"|continue\s+reading(?:\s+(?:below|the\s+(?:main\s+)?(?:story|article)))?"
               r"|scroll\s+to\s+continue(?:\s+with\s+content)?)[-–—\s.:]*$", re.I),
    # a saved page's skip link and navigation bar ("Skip to content", "Home | News | Business |
    # Markets"): a stranger's paste was titled "Skip to content", its summary opened with the bar
    re.compile(r"^skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|main|article|menu|search)"
               + _END + "$", re.I),
    re.compile(r"^(?:home|menu)(?:\s*[|›>»·•/]\s*[\w&'’ -]{1,30}){2,}$", re.I),
    re.compile(r"^[A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*)?(?:\s*\|\s*[A-Z][\w&'’-]*(?:\s[A-Z][\w&'’-]*)?){3,}$"),
    # an image's placeholder ("[Image: Platon Lebedev in the defendants' cage…]")
    re.compile(r"^\[(?:image|photo|picture|video|graphic|illustration)s?\s*:[^\[\]]{0,300}\]$", re.I),
    # image and video captions, credits ("Image caption …", "Photo: …", "AFP via Getty Images")
    re.compile(r"^(?:image|media|video|photo)\s+(?:caption|copyright|source|credit)\b", re.I),
    # a caption ending in its credit ("Fishermen sit beside wrecked boats… (Image: AP)")
    re.compile(r"\((?:image|photo|picture|pic|photograph|credit|video)s?\s*:\s*[^()]{1,60}\)\s*$", re.I),
    # "… on trial since June. Photo: Reuters"
    re.compile(r"\.\s+(?:photo|picture|image)s?\s*(?:credit\s*)?:\s*[\w&'’ ./-]{1,40}$", re.I),
    re.compile(r"^(?:photo|image|picture|illustration|video)s?(?:\s+(?:credit|source))?\s*[:|]\s*\S", re.I),
    re.compile(r"^(?:photo|image|picture|illustration)s?\s+(?:by|courtesy(?:\s+of)?)\s+\S", re.I),
    re.compile(rf"^(?:{_NAME}\s*(?:/|\s+via\s+|\s+for\s+))?{_PHOTO_AGENCIES}(?:\s*/\s*{_NAME})?\.?$", re.I),
    # a news agency is a credit only beside a photographer's name ("Reuters" alone may be
    # the byline, which stays)
    re.compile(rf"^(?:{_NAME}\s*/\s*{_NEWS_AGENCIES}|{_NEWS_AGENCIES}\s*/\s*{_NAME})\.?$", re.I),
    # copyright footers ("Copyright © 2025 …", "© Reuters", "… All rights reserved."); not
    # "(c)", which also numbers clauses
    re.compile(r"^(?:copyright\s*)?©", re.I),
    re.compile(r"^copyright\s+\d{4}\b", re.I),
    re.compile(r"\ball\s+rights\s+reserved\.?\s*$", re.I),
)

# A teaser label alone on its line heads a list of other stories' titles, one a line under it
# ("Related stories" / "Blogs 'to shape' next general election campaign" / …): a stranger's
# pasted footer was quoted as the answer to "will blogs shape the next election?".
_LIST_LABEL = re.compile(rf"^(?:{'|'.join(_TEASER_LABELS + _TEASER_LABELS_NO_DASH)}){_END}$", re.I)
_TITLE_WORDS = 16  # a linked title is a headline: a longer line is prose
_PROSE_END = (".", ":", ";", ",", "!", '"', "”", "’", "'")  # nor does it end like a sentence or speech


def _listed_title(line: str) -> bool:
    """Whether a line under a teaser label reads as another story's linked title: a numbered or
    bulleted one may end in a quote mark ("5. House prices 'to fall this year'")."""
    text = _normalise(line)
    if not 0 < len(text.split()) <= _TITLE_WORDS:
        return False
    return not text.endswith(_SENTENCE_END if _LIST_ITEM.match(line) else _PROSE_END)


_LIST_ITEM = re.compile(rf"\s*(?:{NUMBERED}|{BULLET})\s")
_SENTENCE_END = (".", ":", ";", ",")


# No brackets inside a link's text or address: with them, a line of "[" or "](" costs
# quadratic time (a hostile file of such lines would take hours).
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_LEAD = re.compile(r"^(?:\s*(?:#{1,6}\s|>|[-*+•·▸►]\s|\d+[.)]\s))+")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)")
_WS = re.compile(r"\s+")


def _normalise(line: str) -> str:
    """The line as a reader sees it: markdown links as their text, no heading, list or quote
    markers, no emphasis, single spaces."""
    text = _MD_LINK.sub(r"\1", line)
    text = _LEAD.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _WS.sub(" ", text).strip()


def is_furniture(line: str) -> bool:
    """True when the whole line is page furniture (a teaser, a button, a credit…)."""
    text = _normalise(line)
    # Short in characters too: a hostile "word" thousands of characters long would cost the rules
    # quadratic time (a review's find).
    if not text or len(text.split()) > MAX_WORDS or len(text) > MAX_CHARS:
        return False
    return any(rule.search(text) for rule in FURNITURE_RULES)


def strip_furniture(text: str) -> str:
    """`text` without its furniture lines; every other line is kept exactly as it was.

    The lines right under a teaser label alone on its line ("Related stories", "Most Read"), or
    after one blank line, that read as linked titles go with it. A dropped line that was a
    paragraph of its own takes one of its surrounding blank lines with it, so the paragraphs
    around it stay separated by what separated them before.
    """
    lines = text.split("\n")
    kept: list[str] = []
    dropped = False
    listing = False  # under a teaser label alone on its line
    under_label = False  # right under it: its list may come after a blank line
    # Only where blank lines part paragraphs: in a text of one paragraph a line, the lines under
    # a label are its paragraphs ("Read more" / a subheading "What happens next?" / …).
    lists = re.search(r"\n[ \t]*\n", text) is not None
    for line in lines:
        if line.strip() and (is_furniture(line) or (listing and _listed_title(line))):
            dropped = True
            under_label = lists and _LIST_LABEL.search(_normalise(line)) is not None
            listing = listing or under_label
            continue
        # "Most Read" / (a blank line) / "1. Yukos unit buyer faces loan claim" / …: a stranger's
        # pasted list was quoted as the news that Ebbers denies fraud
        if line.strip() or not under_label:
            listing = under_label = False
        if not line.strip():
            if dropped and (not kept or not kept[-1].strip()):
                continue  # the dropped paragraph's separator
        else:
            dropped = False
        kept.append(line)
    return "\n".join(kept)


__all__ = ["FURNITURE_RULES", "MAX_WORDS", "is_furniture", "strip_furniture"]
