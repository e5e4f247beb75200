"""Questions about an article itself: who wrote it, where and when it was published, its link,
its main point, what it concludes.

The normal pipeline cannot answer these: "who wrote this?" shares no words with a byline, and
no sentence of an article says "this article concludes…". So they are recognised here, by
patterns tight enough that a question about something *inside* an article ("who wrote the
letter to the minister?", "when was the bill published?", "what did the committee
conclude?") is left to the normal pipeline: the subject must be the article itself (the
article, piece, story, post, op-ed…, this, it) or its author.

Answers stay verbatim: the author is a byline line of the text quoted by its offsets ("Opinion:
Zain Jaffer, co-founder of Vungle", "By Jane Doe"); without one, the article's own details
(front matter or page metadata: author, publisher, date, link) are shown as such, never
phrased as a quote; its point is the first sentences its summary picks (`summarize`); a conclusion is
its closing sentences and its most central ones.
When neither text nor details say, the answer declines and names the article.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import numpy as np

from .byline import KICKER as _KICKER, MARKUP as _MARKUP, NAME as _NAME
from .byline import BYLINE_MAX_WORDS, byline_outlet, is_name, line_is_byline
from .models import AboutArticle, Answer, Article, ArticleInfo, Quote
from .standalone import TITLED as _TITLED, introductions, quotable
from .store import PassageRow, SentenceRow, Store
from .text import DISCORD_MENTION, STOPWORDS, chat_question_word_read, words

ASPECTS = ("author", "publisher", "published", "url", "point", "conclusion", "criticism", "people", "disclaimer")

# question detection -------------------------------------------------------------------------
_NOUN = (r"(?:news\s+)?(?:article|piece|story|post|blog\s*post|op-?ed|opinion\s+piece|column|essay|"
         r"editorial|write-?up)")
# A word that may stand between "the" and the noun: "the DeepSeek article", "this crypto AI piece".
# Not a function word: "the letter about the story" is a letter, not a story.
_MODIFIER = r"(?!(?:the|a|an|to|of|about|on|in|for|with|and|or|by|from|at|that|this|which|who)\b)[\w'$.-]+"
# What may follow the noun to say which article: "the article about DeepSeek".
_TAIL = r"(?:about|on|regarding|concerning|covering|discussing|titled|called|named|that|which|with)"
_ARTICLE = (rf"(?:(?:the|this|that|your)\s+(?:(?P<mod>{_MODIFIER}(?:\s+{_MODIFIER}){{0,3}})\s+)?{_NOUN}"
            rf"(?:\s+(?P<tail>{_TAIL}\s+.+?))?|this|it|that)")
_OF_ARTICLE = rf"(?:\s+(?:of|for|in|behind)\s+{_ARTICLE})?"
# "Who is the journalist?" may ask about one in the story: those only with "of the article".
_WRITER = r"(?:author|writer|byline|reviewer)"
_ANY_WRITER = r"(?:author|writer|byline|reviewer|journalist|reporter|columnist)"
_AGENT = rf"(?:the\s+{_WRITER}|{_ARTICLE})"
# What the author does or did, as a reader asks it: "what company did the author co-found?"
_AUTHOR_FACT = (r"(?:work(?:s|ed)?(?:\s+(?:for|at|with))?|runs?|ran|owns?|leads?|co-?found(?:ed|s)?|found(?:ed|s)?|"
                r"start(?:ed|s)?|represents?|belongs?\s+to)")
_WAS = r"(?:\s+(?:is|was)|'s)"  # "what is", "what's"
_OUTLET = (r"(?:publication|outlet|media\s+outlet|news\s+outlet|newspaper|paper|magazine|site|website|"
           r"news\s*site|publisher|source|blog)")
_BARE_OUTLET = r"(?:publication|outlet|publisher|source)"  # "what's the paper?" may mean a paper in the story
_PUBLISHED = r"(?:published|posted|printed|released|run|featured|put\s+out|put\s+online)"
_GIST = r"(?:point|message|takeaway|take-away|gist|upshot)"
_STANCE = r"(?:conclusion|argument|thesis|claim|position|stance|view|opinion|take)"
_IT = rf"(?:it|this|that|(?:the|this)\s+{_NOUN})"  # what a bare "who disagrees with it?" means

# "what happened?", "so what happened here?", "what's going on?": no one and nothing named.
_WHAT_HAPPENED = (r"what(?:'s|\s+has|\s+is)?\s+(?:happened|happening|going\s+on)"
                  r"(?:\s+(?:here|there|in\s+(?:the|this|that)\s+(?:article|story|piece)))?")


_PATTERNS: dict[str, tuple[str, ...]] = {
    "author": (
        rf"who\s+(?:wrote|authored|penned|writes)\s+{_ARTICLE}",
        # "who wrote this one?", "whats this one about": the article, as "this" alone is (a
        # stranger's got paragraph 4). Not "that one", nor for other aspects ("how old is this
        # one?", "how did this one end?" ask of a thing in it: a review's finds).
        rf"who\s+(?:wrote|authored|penned|writes)\s+this\s+one",
        # A review is a news site's article too: a stranger's "who wrote the review" of a DVD review
        # got three of its paragraphs. Only who wrote it: "when was the review published?" may ask
        # of a government's review in the story (a review's find).
        r"who\s+(?:wrote|authored|penned|writes)\s+(?:the|this)\s+review",
        r"who\s+reviewed\s+this",
        rf"who{_WAS}\s+(?:the\s+)?{_WRITER}{_OF_ARTICLE}",
        rf"who{_WAS}\s+the\s+{_ANY_WRITER}\s+(?:of|for|behind)\s+{_ARTICLE}",
        rf"who\s+(?:the\s+)?{_WRITER}\s+(?:is|was)",  # "do you know who the author is"
        rf"who{_WAS}\s+{_ARTICLE}\s+(?:written\s+)?by",
        rf"(?:by\s+whom|who)\s+was\s+{_ARTICLE}\s+written(?:\s+by)?",
        rf"who\s+{_ARTICLE}\s+was\s+written\s+by",
        rf"(?:what|who){_WAS}\s+the\s+(?:name\s+of\s+the\s+{_WRITER}|{_WRITER}'s\s+name){_OF_ARTICLE}",
        rf"whose\s+{_NOUN}\s+is\s+(?:this|it|that)",
        rf"(?:the\s+)?{_WRITER}{_OF_ARTICLE}",
        rf"(?:written|authored)\s+by",  # "written by?"
        rf"(?:is\s+there\s+)?(?:an?|any)\s+{_WRITER}(?:\s+(?:named|listed|given))?",  # "any author?"
    ),
    "publisher": (
        rf"where\s+(?:was|is|has)\s+{_ARTICLE}\s+(?:been\s+)?{_PUBLISHED}",
        rf"where\s+{_ARTICLE}\s+was\s+{_PUBLISHED}",
        rf"where\s+(?:is|does)\s+{_ARTICLE}\s+(?:come\s+)?from",
        rf"where\s+did\s+{_ARTICLE}\s+(?:come\s+out|appear|run|get\s+{_PUBLISHED}|go\s+(?:up|online))",
        rf"(?:in\s+)?(?:which|what)\s+{_OUTLET}\s+(?:was|is)\s+{_ARTICLE}\s+(?:{_PUBLISHED}\s*)?(?:from|in|on)?",
        rf"(?:which|what)\s+{_OUTLET}\s+(?:published|ran|posted|printed|carried|released)\s+{_ARTICLE}",
        rf"who\s+(?:published|ran|posted|printed|carried|released)\s+{_ARTICLE}",
        rf"(?:what|which|who){_WAS}\s+the\s+(?:name\s+of\s+the\s+)?{_OUTLET}\s+(?:of|for|behind)\s+{_ARTICLE}",
        rf"(?:what|which|who){_WAS}\s+the\s+(?:name\s+of\s+the\s+)?{_BARE_OUTLET}",
        rf"(?:the\s+)?{_BARE_OUTLET}",  # "source?"
    ),
    "published": (
        rf"when\s+(?:was|is|has)\s+{_ARTICLE}\s+(?:been\s+)?(?:{_PUBLISHED}|written|dated|from)",
        rf"when\s+{_ARTICLE}\s+was\s+(?:{_PUBLISHED}|written)",
        # Not "when did it come out?": after "what is deepseek?" it is DeepSeek (a stranger was told
        # when the article was published), as a product's, an album's or a film's is.
        rf"when\s+did\s+(?!(?:it|that)\s+(?:come\s+out|appear)\b){_ARTICLE}\s+(?:come\s+out|appear|get\s+{_PUBLISHED}|"
        rf"go\s+(?:up|online))",
        rf"(?:what|which)\s+(?:date|day|year|month)\s+(?:was|is)\s+{_ARTICLE}\s+(?:{_PUBLISHED}|written|from)",
        rf"(?:what|which){_WAS}\s+the\s+(?:publication\s+|publishing\s+|release\s+)?date"
        rf"(?:\s+of\s+publication)?(?:\s+(?:of|on)\s+{_ARTICLE})?",
        # Not "how old is it?": after "which studio is also honoured?" it is the studio (a
        # stranger was told when the article was published).
        rf"how\s+old\s+is\s+(?!(?:it|that)\s*$){_ARTICLE}",
        # "publication date?", "date published?"; not a bare "date?" (a match's, a release's)
        r"(?:the\s+)?(?:publication|publishing)\s+date|date\s+(?:published|posted|written)",
    ),
    "url": (
        rf"(?:what|where){_WAS}\s+the\s+(?:link|url|web\s+address|source\s+link)"
        rf"(?:\s+(?:of|to|for)\s+{_ARTICLE})?",
        rf"(?:the\s+)?(?:link|url)(?:\s+(?:of|to|for)\s+{_ARTICLE})?",
        rf"(?:can\s+i\s+(?:have|get)|give\s+me|send\s+me|share|do\s+you\s+have|is\s+there)\s+(?:a|the)\s+"
        rf"(?:link|url)(?:\s+(?:of|to|for)\s+{_ARTICLE})?",
        rf"where\s+can\s+i\s+(?:read|find|see|get)\s+(?:{_ARTICLE}|the\s+(?:full|original|whole)\s+(?:{_NOUN}|text))"
        rf"(?:\s+(?:online|in\s+full))?",
    ),
    # Its main point: what a news story says first (the lead), then its most central sentences.
    "point": (
        rf"what{_WAS}\s+(?:the\s+)?(?:{_WRITER}'?s\s+|article'?s\s+|piece'?s\s+|story'?s\s+|its\s+)"
        rf"(?:(?:main|central|key|overall|core|primary|big)\s+)?{_GIST}",
        rf"what{_WAS}\s+the\s+(?:main|central|key|overall|core|primary|big)\s+{_GIST}{_OF_ARTICLE}",
        rf"what{_WAS}\s+the\s+(?:gist|takeaway|take-away){_OF_ARTICLE}",
        # "what was the message?" may be one in the story: only with the article named.
        rf"what{_WAS}\s+the\s+(?:message|upshot)\s+(?:of|in|behind)\s+(?:the|this|that)\s+{_NOUN}",
        rf"what{_WAS}\s+{_ARTICLE}\s+about",
        rf"what{_WAS}\s+this\s+one\s+about",
        # "what does the article say?"; not "it" or "that": after "what is the new plan?", "what
        # does it cover?" asks the plan's.
        rf"what\s+(?:does|did)\s+(?:(?:the|this)\s+{_NOUN}|this)\s+(?:say|talk\s+about|discuss|deal\s+with|cover)",
        rf"(?:the\s+)?(?:main\s+point|gist){_OF_ARTICLE}",
        # Chat's ways of asking for the gist: "tl;dr", "summarize this", "key points?"
        rf"(?:what{_WAS}\s+the\s+|any\s+)?tl\s*;?\s*dr{_OF_ARTICLE}",
        rf"(?:what{_WAS}\s+the\s+)?(?:main|central|key|big)\s+idea{_OF_ARTICLE}",
        rf"(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?(?:summari[sz]e|sum\s+up|recap)(?:\s+{_ARTICLE})?"
        rf"(?:\s+for\s+(?:me|us))?",
        rf"(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?(?:summari[sz]e|sum\s+up|recap|list)\s+(?:the\s+|its\s+)?"
        rf"(?:key|main|big)\s+(?:points|takeaways|take-aways|ideas){_OF_ARTICLE}",
        rf"(?:(?:can|could|would)\s+(?:you|u)\s+)?(?:please\s+)?sum\s+(?:it|this|that|(?:the|this)\s+{_NOUN})\s+up"
        rf"(?:\s+for\s+(?:me|us))?",
        rf"(?:(?:give|send)\s+(?:me|us)\s+)?(?:a|the)\s+(?:short\s+|quick\s+|brief\s+)?(?:summary|recap|tl\s*;?\s*dr){_OF_ARTICLE}",
        rf"(?:what{_WAS}\s+)?(?:the\s+)?(?:short\s+|quick\s+|brief\s+)?(?:summary|recap){_OF_ARTICLE}",
        rf"(?:what\s+are\s+)?(?:the\s+)?(?:key|main|big)\s+(?:points|takeaways|take-aways){_OF_ARTICLE}",
        rf"what{_WAS}\s+the\s+point\s+of\s+(?:the|this|that)\s+{_NOUN}",
        # "what happened?" of the story discussed: what it says first (a stranger's was declined
        # in a channel, the lead having just answered "tl;dr?"); never "what happened to X?".
        _WHAT_HAPPENED,
    ),
    # Where it ends up: its closing sentences, then its most central ones.
    "conclusion": (
        rf"what\s+(?:does|did)\s+{_AGENT}\s+(?:conclude|argue|claim|contend|propose|recommend|say\s+in\s+the\s+end)",
        rf"what\s+(?:does|did)\s+the\s+{_WRITER}\s+(?:think|believe|want|say)",
        rf"what\s+(?:does|did)\s+the\s+{_WRITER}\s+(?:think|believe|say)\s+(?:overall|in\s+the\s+end|on\s+the\s+whole)",
        # A reviewer's view of what is reviewed: "… think of it overall?", "… of the game?" (a
        # stranger's of a game review was declined); an author's of a book is the story's (J K
        # Rowling's of her book: a review's find).
        rf"what\s+(?:does|did)\s+the\s+reviewer\s+(?:think|say)\s+(?:of|about)\s+(?:it|this|that|(?:the|this)\s+"
        rf"(?:game|film|movie|book|album|show|play|series|record|gig|concert|product|device|phone))"
        rf"(?:\s+(?:overall|in\s+the\s+end|on\s+the\s+whole|all\s+in\s+all))?",
        rf"what{_WAS}\s+(?:the\s+)?reviewer'?s\s+(?:(?:final|overall)\s+)?verdict{_OF_ARTICLE}",
        rf"what{_WAS}\s+{_AGENT}\s+(?:concluding|arguing|claiming|saying|getting\s+at|trying\s+to\s+say)",
        rf"what{_WAS}\s+(?:the\s+)?(?:{_WRITER}'?s\s+|article'?s\s+|piece'?s\s+|story'?s\s+|its\s+)"
        rf"(?:(?:main|central|key|overall|core|primary|big|final)\s+)?{_STANCE}",
        rf"what{_WAS}\s+the\s+(?:main|central|key|overall|core|primary|big|final)\s+{_STANCE}{_OF_ARTICLE}",
        rf"what{_WAS}\s+the\s+final\s+{_GIST}{_OF_ARTICLE}",
        rf"what{_WAS}\s+(?:the\s+)?(?:{_WRITER}'?s\s+|article'?s\s+|piece'?s\s+|story'?s\s+|its\s+)final\s+{_GIST}",
        rf"what{_WAS}\s+the\s+(?:conclusion|argument|thesis|bottom\s+line){_OF_ARTICLE}",
        rf"how\s+(?:does|did)\s+{_ARTICLE}\s+(?:end|conclude|finish|wrap\s+up)",
        rf"what\s+(?:does|did)\s+the\s+(?:conclusion|ending|last\s+(?:paragraph|bit|part))\s+say",
        rf"(?:the\s+)?(?:conclusion|bottom\s+line){_OF_ARTICLE}",
    ),
    # Who disagrees: the sentences giving criticism or opposition (strangers' bare "who
    # disagrees?" was declined as a word no article holds, "what are the arguments against?"
    # quoted the closest sentences to "arguments"). Only asked bare, of it or the article: "who
    # opposes the bill?" names what, and is the normal pipeline's.
    "criticism": (
        rf"who\s+(?:disagrees|disagreed|objects|objected|dissents|dissented|(?:is|was|are|were)\s+(?:against|opposed|"
        rf"critical)(?:\s+(?:to|of))?(?:\s+{_IT})?|(?:opposes|opposed|criticises|criticised|criticizes|criticized)\s+{_IT}|"
        rf"(?:doesn't|does\s+not|didn't|did\s+not)\s+(?:agree|like\s+{_IT}))",
        # "who disagrees with them?": a stranger's was declined as a word no article holds
        rf"who\s+(?:disagrees|disagreed|objects|objected)\s+(?:with|to)\s+(?:him|her|them|{_IT})",
        rf"(?:does|did|do)\s+(?:anyone|anybody|someone|somebody)\s+(?:disagree|object|(?:oppose|criticise|criticize)"
        rf"\s+{_IT})",
        rf"(?:is|was|are|were)\s+(?:there\s+)?(?:anyone|anybody|someone|somebody)\s+(?:against|opposed|critical)"
        rf"(?:\s+(?:to|of))?(?:\s+{_IT})?",
        rf"what\s+(?:are|were)\s+the\s+(?:main\s+)?(?:arguments|case)\s+against(?:\s+{_IT})?",
        rf"what\s+(?:are|were)\s+the\s+(?:main\s+)?(?:objections|criticisms|counter-?arguments)(?:\s+(?:to|of)\s+{_IT})?",
        rf"what{_WAS}\s+the\s+(?:main\s+)?(?:case|argument)\s+against(?:\s+{_IT})?",
        rf"what{_WAS}\s+the\s+(?:criticism|counter-?argument|backlash)(?:\s+(?:to|of)\s+{_IT})?",
        rf"what\s+(?:do|did)\s+(?:the\s+)?(?:critics|detractors|sceptics|skeptics)\s+(?:say|think|argue)"
        rf"(?:\s+(?:about|of)\s+{_IT})?",
        # not "who were the opponents?": a match's
        rf"(?:who|what)\s+(?:are|were)\s+the\s+(?:critics|detractors|sceptics|skeptics)(?:\s+of\s+{_IT})?",
        # "any criticism?", "is there any opposition to it?" (a stranger's was declined as a
        # question of the text's words, over a story quoting analysts who queried the deal)
        rf"(?:(?:are|is|was|were)\s+there\s+|(?:has|have)\s+there\s+been\s+)?any\s+(?:critics|objections|criticisms?|"
        rf"detractors|opposition|pushback|push-back|backlash)"
        rf"(?:\s+(?:to|of|against|on|over)\s+{_IT})?",
        # "what's the other side of the argument?" (a stranger's was declined over a story quoting
        # a doubter: "Not everyone is convinced…")
        rf"what{_WAS}\s+the\s+other\s+side(?:\s+of\s+(?:the\s+)?(?:argument|story|debate|{_IT}))?",
        rf"(?:is\s+there|does\s+{_IT}\s+(?:give|have|show))\s+(?:another|the\s+other|any\s+other)\s+side"
        rf"(?:\s+(?:of|to)\s+(?:the\s+)?(?:argument|story|debate|{_IT}))?",
    ),
    # Who is in it: the sentences naming its people, companies and places, the most often named
    # first (a stranger's "who is involved?" of a story naming Demos, AOL and two researchers was
    # declined, of another quoted a sentence naming nobody first). Only asked bare, of it or the
    # article: "who is involved in the deal?" names what, and is the normal pipeline's.
    "people": (
        rf"(?:so\s+)?who(?:'s|\s+is|\s+are|\s+was|\s+were|s)\s+(?:all\s+)?involved(?:\s+(?:in|with)\s+{_IT})?",
        rf"(?:which|what)\s+(?:other\s+)?(?:people|persons|names|characters)\s+(?:are|were|is|get|got)\s+"
        rf"(?:involved|mentioned|named|quoted)(?:\s+in\s+{_IT})?",
        # "who else is mentioned?" (a stranger's was quoted three sentences on one man, unsure)
        # not "who was named?" (named captain) nor "who is quoted?" (whose words), without "else"
        rf"who(?:'s|\s+is|\s+are|\s+was|\s+were|s)\s+mentioned(?:\s+in\s+{_IT})?",
        rf"who\s+else(?:'s|\s+is|\s+are|\s+was|\s+were|s)\s+(?:mentioned|named|quoted)(?:\s+in\s+{_IT})?",
        # not "who else is in it?", a film's cast
        rf"who\s+else(?:'s|\s+is|\s+are|\s+was|\s+were|s)\s+(?:involved|in\s+(?:the|this)\s+{_NOUN})",
        rf"(?:is\s+)?any(?:one|body)\s+else\s+(?:involved|mentioned|named|quoted)(?:\s+in\s+{_IT})?",
        rf"who(?:'s|\s+is|\s+are|\s+were)\s+(?:the\s+)?(?:main\s+|key\s+|big\s+)?(?:people|players|characters|figures|"
        rf"names|parties)(?:\s+(?:involved|mentioned|named|quoted))?(?:\s+in\s+{_IT})?",
        rf"who\s+(?:does|did)\s+{_IT}\s+(?:mention|name|feature|quote|talk\s+about)",
        # not "who's in it?", a film's cast
        rf"who(?:'s|\s+is)\s+(?:in|mentioned\s+in|named\s+in)\s+(?:the|this)\s+{_NOUN}",
        rf"who(?:'s|\s+is)\s+{_IT}\s+about",
    ),
    # What kind of piece it is, which its label and disclaimer say: "is this financial advice?"
    "disclaimer": (
        rf"is\s+{_ARTICLE}\s+(?:meant\s+as\s+|supposed\s+to\s+be\s+)?(?:(?:financial|investment|legal|tax)\s+)?"
        rf"advice",
        rf"(?:is|was)\s+{_ARTICLE}\s+(?:just\s+)?(?:an?\s+)?(?:opinion(?:\s+piece)?|op-?ed|editorial|sponsored(?:\s+content)?|"
        rf"paid(?:\s+content)?|ad|advert(?:isement)?|advertorial|press\s+release|promotional)"
        rf"(?:\s+or\s+(?:actual\s+|real\s+|straight\s+|just\s+|plain\s+)?(?:news|reporting|journalism|"
        rf"an?\s+\w+(?:\s+\w+)?))?",
        rf"(?:what|where){_WAS}\s+the\s+disclaimer{_OF_ARTICLE}",
        rf"(?:is\s+there|does\s+{_ARTICLE}\s+have)\s+a\s+disclaimer",
        rf"(?:does|do)\s+{_ARTICLE}\s+(?:reflect|represent)\s+.+?\s+(?:views?|opinions?|position)",
        rf"(?:are|is)\s+(?:these|the)\s+(?:views|opinions)\s+(?:those\s+)?of\s+.+",
    ),
    # Who the author is, beyond the name: a byline often says ("Opinion: Zain Jaffer, co-founder
    # of Vungle"). Tried after the aspects; asked as "author" with `fact` (a name alone does not answer).
    "author_fact": (
        rf"(?:what|which)\s+(?:company|companies|firm|business|start-?up|organi[sz]ation|employer)\s+"
        rf"(?:does|did|is|was|has)\s+(?:the\s+)?{_WRITER}\s+{_AUTHOR_FACT}(?:\s+.+)?",
        rf"(?:does|did|is|was|has)\s+(?:the\s+)?{_WRITER}\s+(?:{_AUTHOR_FACT}|(?:a|the)\s+(?:co-?)?founder\s+of|"
        rf"(?:an?\s+)?(?:employee|ceo|executive|partner)\s+(?:of|at))\s+.+",
        rf"(?:what|where|who)\s+(?:does|did)\s+(?:the\s+)?{_WRITER}\s+(?:do|work(?:\s+(?:for|at))?)"
        rf"(?:\s+for\s+a\s+living)?",
        rf"(?:what|who){_WAS}\s+(?:the\s+)?{_WRITER}'s\s+(?:job|company|firm|background|occupation|profession|"
        rf"employer|bio|biography|credentials|career)",
        # "what does the author's company do?": the byline naming it is what the article says of
        # it (a stranger's was quoted the article's sentences on "common companies")
        rf"what\s+(?:does|did|do)\s+(?:the\s+)?{_WRITER}'s\s+(?:company|firm|business|start-?up|employer)\s+"
        rf"(?:do|make|sell|build|offer)",
    ),
}


@functools.cache
def _compiled(aspect: str) -> tuple[re.Pattern, ...]:
    """Compiled on the first question: compiling all of them took a tenth of a second or more
    of every command's start, `list` and `remove` included."""
    return tuple(re.compile(p, re.IGNORECASE) for p in _PATTERNS[aspect])


# Politeness and framing around the question itself: "ok so, can you tell me who wrote this?"
_LEAD = re.compile(
    r"^(?:(?:hey|hi|hello|yo|oh|ah|ok|okay|so|and|but|also|anyway|anyways|wait|lol|lmao|btw|hm+|wow|quick\s+question|"
    r"please|pls|"
    r"um+|then)\b[,:!.]?\s*)*"
    r"(?:(?:can|could|would)\s+you\s+(?:please\s+)?(?:tell|show|give)\s+me\s+|(?:give|show|send)\s+(?:me|us)\s+|"
    r"do\s+you\s+know\s+|"
    r"(?:i\s+)?(?:want|would\s+like|'d\s+like)\s+to\s+know\s+|tell\s+me\s+|i\s+wonder\s+|any\s+idea\s+)?",
    re.IGNORECASE)
_TRAIL = re.compile(r"(?:[,\s]+(?:please|pls|then|again|exactly|actually|anyway|anyways|in\s+the\s+end|at\s+the\s+end|"
                    r"overall|here|tho|though|lol|lmao|haha))*[\s?!.…]*$", re.IGNORECASE)
# A second question joined to the first ("who's the author and what's their background?"): the
# first is the one recognised.
_SECOND = re.compile(r"\s*(?:,\s*)?\b(?:and|&|,\s*like)\s+(?=(?:what|who|where|when|how|why|which)\b).*$",
                     re.IGNORECASE)
# ... or, for who put it out and where, asking back after a comma whether it was someone or somewhere
# ("who wrote this, is it a columnist?", "who wrote the article, was it a bbc reporter": strangers got
# quotes of the story, and a decline for "bbc"); not "summary, did they win?" (a review's find).
_ASKED_BACK = re.compile(r"\s*,\s*(?:is|was)\s+(?:it|he|she|this|that)\s+(?:a|an|the|by|from|in|on)\b.*$",
                         re.IGNORECASE)
_ASKED_BACK_OF = ("author", "publisher")
# Mentions in a chat message ("<@123> who wrote this?", "who wrote this @everyone"): who is
# addressed, never what is asked.
_MENTION = re.compile(rf"{DISCORD_MENTION.pattern}|(?<![\w@])@[\w.-]+")
# Chat spellings of "who's", "what's", "where's" without the apostrophe.
_CONTRACTED = re.compile(r"\b(who|what|where|when)s\b", re.IGNORECASE)
# Words of a modifier or tail that say nothing about which article: "the latest article",
# "the whole piece".
_GENERIC = frozenset("""latest last recent new newest first original whole full entire same above linked
    current following previous indexed one opinion news own""".split())


@dataclass(frozen=True)
class AboutQuestion:
    aspect: str  # one of ASPECTS
    topic: str | None = None  # what the question says the article is about, when it says
    fact: bool = False  # "author": asks what the author does, not only who (a bare name does not answer)


def _plain(question: str) -> str:
    """The question as chat means it, mentions out ("wats" is "what's")."""
    # Chat's "wats the main point of the napster story" (a stranger's was declined).
    text = chat_question_word_read(question.replace("’", "'").replace("‘", "'"))
    return _CONTRACTED.sub(r"\1's", " ".join(_MENTION.sub(" ", text).split()))


def _core(question: str) -> str:
    text = _plain(question)
    text = _SECOND.sub("", text[_LEAD.match(text).end():])
    return text[: _TRAIL.search(text).start()]


# As typed: "and then what happened?", "what happened in the end?" ask what came after.
_BARE_HAPPENED = re.compile(rf"\W*(?:(?:so|and|ok|okay|but|hey|wait|lol|hm+)\W+)*{_WHAT_HAPPENED}\W*", re.IGNORECASE)


def asks_what_happened(question: str) -> bool:
    """Whether the question is a bare "what happened?" ("what's going on here?"): of several
    stories where none is discussed it names none, and is searched as words."""
    return _BARE_HAPPENED.fullmatch(question.replace("’", "'")) is not None


# A question is read for this several times on its way (the engine's follow-up rules, then the
# answer), and the reading is ~85 patterns: once a text is enough (frozen results, pure function).
@functools.lru_cache(maxsize=1024)
def detect(question: str) -> AboutQuestion | None:
    """The aspect of the article a question asks about, or None for a question about what the
    article says (left to the normal pipeline). A misspelt word of such questions ("who's the
    auther?") is read as the word (`_about_spellings`)."""
    text = _core(question)
    if not text or len(text) > 200:
        return None
    found = _detect(text)
    if found is None:
        # Of two words as near, either may be meant: "writen" is "written" ("when was this
        # writen?"), "writter" "writer" ("who is the writter?"). The commoner first.
        for fixed in _about_spellings(text):
            found = _detect(fixed) if fixed != text else None
            if found is not None:
                break
    if found is None and (back := _ASKED_BACK.search(text)) is not None:
        first = detect(text[:back.start()])
        found = first if first is not None and first.aspect in _ASKED_BACK_OF else None
    if found is not None and re.fullmatch(_WHAT_HAPPENED, text) and not asks_what_happened(question):
        return None  # "and then what happened?": what came after the last answer
    return found


# The words questions about an article itself are made of, which a typo should not hide: the
# index's own spelling correction cannot, as the articles seldom use them.
_ABOUT_WORDS = ("author", "writer", "written", "byline", "article", "published", "publisher", "publication", "conclude",
                "conclusion", "disclaimer", "summarize", "summary",
                # "is this an opinion peice or actual reporting?" (a stranger's was declined)
                "piece", "opinion", "story", "editorial", "advice", "sponsored")


def _about_spelling(text: str) -> str:
    """`text` read as `_about_spellings`' first reading."""
    return _about_spellings(text)[0]


def _about_spellings(text: str) -> list[str]:
    """`text` with each word that is no English word and one edit from one of `_ABOUT_WORDS`
    (two from one of 7 letters or more: "artical" is "article") read as that word: the nearest,
    the commoner of two as near; then, only when two were as near, the text with the rarer."""
    from rapidfuzz.distance import OSA

    from .spelling import english_words, typed_function_words

    english = english_words()
    # "wen was it publised?", "whats teh main point?": the words around the aspect's too.
    function_words = typed_function_words(text, {})
    tied = False

    def fix(match: re.Match, commoner: bool = True) -> str:
        nonlocal tied
        word = match.group()
        if word.casefold() in function_words:
            return function_words[word.casefold()]
        if len(word) < 5 or word.casefold() in english:
            return word
        # The nearest ("publsher" is one edit from "publisher", two from "published"); a swap
        # of two letters ("auhtor") is one edit.
        near = sorted((d, -english.get(target, 0), target) for target in _ABOUT_WORDS
                      if (d := OSA.distance(word.casefold(), target)) <= (1 if len(target) < 7 else 2))
        if not near:
            return word
        as_near = [target for d, _, target in near if d == near[0][0]]
        tied = tied or len(as_near) > 1
        return as_near[0] if commoner else as_near[-1]

    readings = [re.sub(r"[^\W\d_]+", fix, text)]
    if tied:
        readings.append(re.sub(r"[^\W\d_]+", lambda match: fix(match, commoner=False), text))
    return readings


# Said of a song, a film or a report as often as of an article: about the article itself only
# when the question says article (story, piece…): a stranger's "when was it released?" after
# questions about a single was told the article has no publication date.
_ALSO_OF_OTHER_THINGS = re.compile(r"\b(?:released|release|run|ran|featured|carried)\b")
_SAYS_ARTICLE = re.compile(rf"\b{_NOUN}\b")


def _detect(text: str) -> AboutQuestion | None:
    for aspect in ASPECTS:
        for pattern in _compiled(aspect):
            match = pattern.fullmatch(text)
            if match:
                if (aspect in ("published", "publisher") and _ALSO_OF_OTHER_THINGS.search(text)
                        and not _SAYS_ARTICLE.search(text)):
                    return None
                return AboutQuestion(aspect, _topic(match))
    if any(pattern.fullmatch(text) for pattern in _compiled("author_fact")):
        return AboutQuestion("author", fact=True)
    return None


# "who wrote petrol duties frozen?", "when was berlin applauds hotel rwanda published?": an
# article named by its headline's words, no "article" or "story" said (or too many words before
# it for `_ARTICLE`). Asked so only when those words are most of one title (`Engine`): "who wrote
# harry potter?" asks what the text says.
_BY_TITLE = {
    "author": (r"who\s+(?:wrote|authored|penned|writes)\s+(?P<title>.+)",
               r"who(?:'s|\s+is|\s+was)\s+the\s+(?:author|writer)\s+of\s+(?P<title>.+)"),
    "published": (r"when\s+(?:was|is)\s+(?P<title>.+?)\s+(?:published|written|posted)",),
    "publisher": (r"where\s+(?:was|is)\s+(?P<title>.+?)\s+published",),
}
_AS_TITLED = re.compile(rf"^(?:the|this|that)\s+|[\s,]+{_NOUN}$", re.IGNORECASE)
# Works whose writer "who wrote …?" asks, as a headline may name them ("New Harry Potter tops book
# chart"): "who wrote the new harry potter book?" asks who wrote the book (a review's find).
_WORKS = frozenset("book books novel novels song songs single singles album albums report reports letter letters "
                   "manifesto play plays film films movie movies show shows series poem poems script code lyrics "
                   "memoir memoirs biography autobiography column blog speech law bill".split())


def by_title(question: str) -> AboutQuestion | None:
    """Who wrote, or when or where appeared, the article the question names by its headline's
    words ("who wrote beastie boys win sampling battle?"): the aspect, with those words as its
    topic; None for any other question. Whether the words are most of a title is the caller's
    to tell. None too when they name a work (`_WORKS`), whose writer it may ask."""
    text = _core(question)
    if len(text) > 200:
        return None
    for aspect, patterns in _BY_TITLE.items():
        for pattern in patterns:
            match = re.fullmatch(pattern, text, re.IGNORECASE)
            if match:
                title = match.group("title").strip(" \"'“”‘’")
                while (shorter := _AS_TITLED.sub("", title)) != title:
                    title = shorter
                return AboutQuestion(aspect, title) if title and _WORKS.isdisjoint(words(title)) else None
    return None


# After "who wrote it?", "he" is the author: "what does he conclude?" asks the article's conclusion.
_SUBJECT = re.compile(r"\b(?:he|she|they)\b", re.IGNORECASE)
_POSSESSIVE = re.compile(r"\b(?:his|their)\b", re.IGNORECASE)
_THEY_AUXILIARY = re.compile(r"\b(do|are|were|have)\s+they\b", re.IGNORECASE)  # "what do they argue?"
_SINGULAR = {"do": "does", "are": "is", "were": "was", "have": "has"}
_HER = re.compile(r"\bher\b", re.IGNORECASE)  # "her" is whose only in some questions: tried last


def as_of_the_author(question: str) -> str | None:
    """The question with he/she/they read as the author and his/their/her as the author's, when
    so read it asks about the article itself (`detect`: "what does the author conclude?") or what
    the author says about something (`said_about`); else None."""
    read = _THEY_AUXILIARY.sub(lambda match: f"{_SINGULAR[match[1].casefold()]} the author", question)
    read = _POSSESSIVE.sub("the author's", _SUBJECT.sub("the author", read))
    for candidate in (read, _HER.sub("the author's", read)):
        if candidate != question and (detect(candidate) is not None or said_about(candidate) is not None):
            return candidate
    return None


def with_the_author(question: str) -> str | None:
    """The question with he or she (him, his, her) read as the author ("why doesn't he trust
    them?" → "why doesn't the author trust them?"), whatever it asks; None when it says neither
    (they may be the story's people)."""
    read = _HIS.sub("the author's", _HE_SHE.sub("the author", question))
    # "her" is whose before what a writer has ("her view", "her mind"), else whom ("agree with
    # her", "tell her that", "made her change": reviews' finds).
    read = _HER_OF.sub("the author's ", read)
    read = _HER.sub("the author", read)
    read = _SELF.sub("the author", read)
    return read if read != question else None


_HE_SHE = re.compile(r"\b(?:he|she|him)\b", re.IGNORECASE)
_HIS = re.compile(r"\bhis\b", re.IGNORECASE)
_HER_OF = re.compile(r"\bher\s+(?=(?:own\s+)?(?:view|views|point|points|argument|arguments|opinion|opinions|stance|"
                     r"position|take|conclusion|conclusions|mind|thoughts|thinking|idea|ideas|advice|message|case|"
                     r"problem|worry|worries|concern|concerns|solution|answer|reason|reasons|main|big|real|job|work|"
                     r"background|name|company|firm|book|column|piece|article|article's|piece's|verdict|thesis|"
                     r"complaint|criticism|beef|issue|issues|plan|proposal|suggestion|recommendation|bottom)\b)",
                     re.IGNORECASE)
_SELF = re.compile(r"\b(?:himself|herself)\b", re.IGNORECASE)


# "What does the article say about the walled garden?": what the piece or its author says about
# a topic is what the article says about it. Asked so, the words "article", "author" and "say"
# led the model and the decline trees to speech and bylines: the launch article's walled-garden
# sentence had a confidence of 0.04 against 0.50 for "what about the walled garden?".
_SAY = r"(?:say|said|write|wrote|think|believe|feel|reckon|claim|suggest|argue|tell\s+(?:me|us)|have\s+to\s+say)"
_ON = r"(?:about|abt|bout|of|on|regarding|concerning|re)"
_VIEW = r"(?:take|view|views|opinion|position|stance|verdict|angle|thoughts)"
# Not "the reporter" or "the journalist": a story's people may be those.
_SAYER = r"(?:author|writer|columnist)"
_SAYS_ABOUT = (
    rf"(?:what|wat|wht)(?:\s+(?:does|did|do)|'s)\s+(?:the\s+{_SAYER}|{_ARTICLE})\s+(?:actually\s+|really\s+)?"
    rf"(?:{_SAY}\s+{_ON}|make\s+of)\s+(?P<y>.+)",
    rf"what{_WAS}\s+(?:the\s+{_SAYER}'?s|(?:the\s+)?(?:article|piece|story|post|column)'?s|its)\s+"
    rf"(?:{_VIEW})\s+(?:on|about|of|regarding)\s+(?P<y>.+)",
    rf"how\s+(?:does|did)\s+(?:the\s+{_SAYER}|{_ARTICLE})\s+(?:describe|see|view|portray|explain|"
    rf"characteri[sz]e|present|feel\s+about|talk\s+about)\s+(?P<y>.+)",
    # Not "does it cover/address X?": "it" is as often a scheme or a law in the story as the article;
    # nor "does it name the victim?", which asks for a name, not whether the word is used.
    rf"(?P<mention>(?:does|did)\s+(?:the\s+{_SAYER}|{_ARTICLE}))\s+(?:mention|discuss|(?:talk|go)\s+into|"
    rf"(?:talk|write)\s+about|touch\s+on|comment\s+on|bring\s+up|say\s+(?:anything|something|much)\s+{_ON})\s+"
    rf"(?P<y>.+)",
    # "does the article name any companies?" (which ones: see `_ANY`)
    rf"(?:does|did)\s+(?:the\s+{_SAYER}|{_ARTICLE})\s+(?:name|list)\s+(?P<y>(?:any|some|other|several|many)\s+.+)",
    rf"(?P<mention>(?:is\s+there\s+)?anything)\s+(?:in\s+(?:there|here|{_ARTICLE})\s+)?(?:about|on)\s+(?P<y>.+)",
    # "who does the article say will be captain?", "how many jobs does it say were cut?"
    rf"(?P<wh>(?:who|whom|what|when|where|why|which|how)(?:\s+[\w'-]+){{0,2}}?)\s+(?:does|did)\s+"
    rf"(?:the\s+{_SAYER}|{_ARTICLE})\s+(?:say|think|reckon|suggest)\s+(?P<q>.+)",
    # "does the article say deepseek is open source?" as "deepseek is open source?": the framing
    # cost the launch article's sentence a fifth of its confidence (0.83 → 0.63).
    rf"(?:does|did)\s+(?:the\s+{_SAYER}|{_ARTICLE})\s+(?:say|think|claim|suggest|believe|argue|reckon|imply|"
    rf"state)\s+(?:that\s+|if\s+|whether\s+)?(?P<q>.+)",
    # "according to the article, how much did deepseek spend?", "… according to the author"
    rf"(?:according\s+to|per|going\s+by|based\s+on)\s+(?:the\s+{_SAYER}|{_ARTICLE})\s*[,:]?\s+(?P<q>.+)",
    rf"(?:in|from)\s+(?:the|this)\s+{_NOUN}\s*[,:]\s*(?P<q>.+)",
    rf"(?P<q>.+?)[,;]?\s+(?:according\s+to|per|going\s+by)\s+(?:the\s+{_SAYER}|{_ARTICLE})",
    # "what are the walled gardens he means", "… according to him": the framing cost a stranger's
    # launch-article question nearly all its confidence (0.49 → 0.10, 0.07), and a decline.
    rf"(?P<q>(?:who|whom|what|wat|when|where|why|which|how)\b.+?)[,;]?\s+according\s+to\s+(?:him|her|them)",
    rf"(?P<q>(?:who|whom|what|wat|when|where|why|which|how)\b.+?)(?<!\bdoes)(?<!\bdid)(?<!\bdo)(?<!\bis)(?<!\bwas)"
    rf"(?<!\bare)\s+(?:that\s+|which\s+)?(?:he|she|they)\s+(?:means?|meant|mentions?|mentioned|"
    rf"(?:is\s+|are\s+)?talk(?:s|ing)?\s+about|refers?\s+to|(?:is\s+|are\s+)?referring\s+to)",
    rf"(?P<q>(?:who|whom|what|when|where|why|which|how)\b.+?)\s+(?:in|from)\s+(?:the|this)\s+{_NOUN}",
    # "what projects does the article name?" as "what projects are named?"
    rf"(?P<wh>(?:what|which|wat)(?:\s+[\w'-]+){{1,3}}?)\s+(?:does|did)\s+(?:the\s+{_SAYER}|{_ARTICLE})\s+"
    rf"(?P<named>name|mention|list|cite|quote|discuss)",
    # "what was she working on, does the story say?"
    rf"(?P<q>(?:who|whom|what|when|where|why|which|how|is|are|was|were|did|does|do|has|have|will|can)\b.+?)"
    rf"[,;]?\s+(?:does|did)\s+(?:the\s+{_SAYER}|{_ARTICLE})\s+say(?:\s+so)?",
)
_ANY = re.compile(r"(?:any|some|other|several|many|a\s+few)\s+(?P<kind>.+)", re.IGNORECASE)
# What is no topic of the article's: how far it goes ("does it go into detail?") or the article
# itself and who wrote it ("does it mention the author?", "…about her?" read as "the author's").
_NOT_TOPIC = frozenset("""detail details depth specifics length much more everything anything author authors
    author's writer writers writer's reporter journalist byline date publisher source headline title link url
    article story piece""".split())
_PLURAL = frozenset("people police staff children men women media data cattle fans".split())


def _is_plural(noun_phrase: str) -> bool:
    last = noun_phrase.split()[-1].casefold()
    return last.endswith("s") or last in _PLURAL
# Reported questions: "what does it say about why the deal fell through?" asks "why the deal fell through?"
_REPORTED = re.compile(r"(?:why|how|when|where|who|what|which)\b", re.IGNORECASE)


# A word every one of `_SAYS_ABOUT` needs: most questions are passed over by this search alone
# (`ask` reads every question so, twice).
_SAYS_WORD = re.compile(r"\b(?:say|said|write|wrote|think|believe|feel|reckon|tell|make|take|views?|opinion|"
                        r"position|stance|verdict|angle|thoughts|describe|see|portray|explain|characteri[sz]e|"
                        r"present|mention|name|discuss|talk|go|touch|comment|bring|anything|claim|suggest|"
                        r"argue|imply|state|according|per|based|list|cite|quote|means?|meant|mentions?|talking|"
                        r"refers?|referring)\b|"
                        rf"\b(?:in|from)\s+(?:the|this)\s+{_NOUN}", re.IGNORECASE)


# "does he mention iraq at all?", "did they say anything about the cost?": whether the story's
# people speak of something. Of a story that never uses its words no sentence shows them doing
# so (a stranger's was quoted the story's "…inside Iran", confidently).
_SOMEONE_MENTIONS = re.compile(
    rf"(?:does|did|do)\s+(?:he|she|they)\s+(?:ever\s+|even\s+|actually\s+)?(?:mention|talk\s+about|"
    rf"speak\s+about|bring\s+up|discuss|comment\s+on|touch\s+on|refer\s+to|"
    rf"say\s+(?:anything|something|much|a\s+word)\s+{_ON})\s+(?P<y>.+)", re.IGNORECASE)


def someone_mentions(question: str) -> str | None:
    """For "does he / she / do they mention X?" (or talk about, say anything about X), X as
    typed; None for any other question, and when X is no topic ("…mention it?")."""
    match = _SOMEONE_MENTIONS.fullmatch(_core(question))
    if match is None:
        return None
    topic = match.group("y").strip(" \"'“”‘’,")
    if _REPORTED.match(topic) or re.match(r"(?:that|if|whether|anything|something|else)\b", topic, re.IGNORECASE):
        return None  # "does he talk about why he quit?" asks what he says, in any words (a review's find)
    content = [w for w in words(topic) if w not in STOPWORDS and w not in _GENERIC]
    return topic if content and not all(w in _NOT_TOPIC for w in content) else None


@functools.cache
def _says_about() -> tuple[re.Pattern, ...]:
    return tuple(re.compile(p, re.IGNORECASE) for p in _SAYS_ABOUT)


@dataclass(frozen=True)
class SaidAbout:
    question: str  # the question answered instead
    topic: str | None  # what it asks about; None for a question it reports ("who will be captain?")
    mention: bool = False  # asks whether the article mentions the topic at all ("does it mention kraft?")
    story: str | None = None  # the words naming the article asked ("the skype story": "skype")


@functools.lru_cache(maxsize=256)
def said_about(question: str) -> SaidAbout | None:
    """For a question asking what the article or its author says about something ("what does
    the article say about censorship?", "what's the author's take on bitcoin?", "does it mention
    nvidia?"), the question to answer instead: "what about censorship?"; a question it reports
    as itself ("…about why the deal fell through" as "why the deal fell through?", "who does the
    article say will be captain?" as "who will be captain?"). None for any other question, and
    when the something is no topic ("what does it say about him?"). He and she are the caller's
    to read (`as_of_the_author`): in a news story they are its people."""
    if not _SAYS_WORD.search(question):
        return None
    text = _core(question)
    if not text or len(text) > 200:
        return None
    # "does the artical mention ethereum?" as "article" (a stranger's was declined, spelt right
    # answered); the topic as typed ("…mention the artic" is no "article": a review's find).
    typed, fixed = text, _about_spelling(text)
    for pattern, text in ((p, t) for t in dict.fromkeys((typed, fixed)) for p in _says_about()):
        match = pattern.fullmatch(text)
        if match is None:
            continue
        if text is not typed and match.groupdict().get("y") is not None:
            match = _Typed(match, typed)
        if detect(question) is not None:  # "what does the author think?": its conclusion
            return None
        found = match.groupdict()
        if found.get("named"):
            wh = found["wh"]
            verb = found["named"].casefold()
            participle = verb + ("d" if verb.endswith("e") else "ed")
            return SaidAbout(f"{wh} {'are' if _is_plural(wh) else 'is'} {participle}?", None)
        topic = found.get("y")
        asked = topic if topic is not None else " ".join(p for p in (found.get("wh"), found["q"]) if p)
        asked = asked.strip(" \"'“”‘’,")
        content = [w for w in words(asked) if w not in STOPWORDS and w not in _GENERIC]
        if not content or (topic is not None and all(w in _NOT_TOPIC for w in content)):
            return None
        if topic is None or _REPORTED.match(asked):
            return SaidAbout(f"{asked}?", None, story=found.get("mod"))
        kind = _ANY.match(asked)
        if kind is not None:
            # "does the article name any companies?" asks which, not whether it uses the word.
            return SaidAbout(f"what {kind['kind']} {'are' if _is_plural(kind['kind']) else 'is'} mentioned?", None)
        return SaidAbout(f"what about {asked}?", asked, found.get("mention") is not None, found.get("mod"))
    return None


class _Typed:
    """A match over a spelling-fixed question whose topic reads as typed: `_about_spelling`
    replaces words one for one, so the topic's words are the typed text's at the same places."""

    def __init__(self, match: re.Match, typed: str):
        self._match = match
        start, end = match.span("y")
        tokens = list(re.finditer(r"[^\W\d_]+", match.string))
        first = sum(1 for t in tokens if t.end() <= start)
        count = sum(1 for t in tokens if t.start() >= start and t.end() <= end)
        originals = list(re.finditer(r"[^\W\d_]+", typed))[first:first + count]
        self._topic = typed[originals[0].start():originals[-1].end()] if originals else match.group("y")

    def groupdict(self) -> dict:
        return {**self._match.groupdict(), "y": self._topic}


def alternatives(topic: str) -> list[str]:
    """"entry fees or ticket prices" → ["entry fees", "ticket prices"]: any of them mentioned is."""
    return [part for part in re.split(r"\s*(?:\band/or\b|\bor\b|/)\s*", topic) if part.strip()]


# "Who wrote it?" with "it" or "that" rather than the article named: of a piece with no byline
# that reviews a book or a song, it may well ask who wrote that (`may_ask_about_its_subject`).
_WROTE_IT = re.compile(rf"who\s+(?:wrote|authored|penned|writes)\s+(?:it|that|this\s+one)|"
                       rf"(?:by\s+whom|who)\s+was\s+(?:it|that)\s+written(?:\s+by)?|"
                       rf"who{_WAS}\s+(?:it|that)\s+(?:written\s+)?by")


# A sentence that says who wrote something: only such a one answers "who wrote it?" in its stead.
_SAYS_WHO_WROTE = re.compile(r"\b(?:wr[io]te|written|writers?|writes|writing|authors?|authored|penned|co-wrote|"
                             r"(?:book|novel|memoir|biography|play|poem|song|lyrics|script|screenplay)s?\s+by)\b",
                             re.IGNORECASE)


def says_who_wrote(text: str) -> bool:
    """Whether a quote speaks of writing ("written by", "the author", "a book by"): the only
    kind that answers "who wrote it?" of a piece with no byline (`may_ask_about_its_subject`)."""
    return bool(_SAYS_WHO_WROTE.search(text))


def may_ask_about_its_subject(question: str) -> bool:
    """Whether an author question says only "it" or "that" ("who wrote it?"), not "this" or the
    article ("who wrote the article?"): asked of an article with no byline, the book or song it
    is about may be meant, and a sentence naming who wrote that answers."""
    return bool(_WROTE_IT.fullmatch(_core(question)))


# "Who is Zain Jaffer?": a person, by name. When the article the search finds is by that
# person, its byline answers (Engine.answer_embedded checks the name against its author).
# "who co-founded vungle?", "who is the ceo of vungle?": a byline saying the writer's role
# ("Opinion: Zain Jaffer, co-founder of Vungle") answers it (a stranger's was declined cold: the
# byline is no sentence the search scores).
_WHOSE_ROLE = re.compile(
    r"who\s+(?P<verb>co-?founded|founded|started|set\s+up|runs|ran|leads|led|heads|headed|owns|owned)\s+(?P<org>.+)"
    r"|who(?:'s|\s+is|\s+was)\s+(?:the\s+)?(?P<role>co-?founder|founder|ceo|chief\s+executive|boss|head|owner|"
    r"chair(?:man)?)\s+(?:of|at)\s+(?P<at>.+)"
    # ... and the other way round, the firm asked of the person: "what company did zain jaffer
    # co-found?", "what is zain jaffer co-founder of?" (a stranger's were declined, while "who is
    # zain jaffer?" was given the byline)
    r"|(?:what|which)\s+(?:company|firm|business|startup|start-up)\s+(?:did|does|has)\s+(?P<who>.+?)\s+"
    r"(?P<does>co-?found(?:ed)?|found(?:ed)?|start(?:ed)?|set\s+up|run|ran|lead|led|head(?:ed)?|own(?:ed)?)"
    r"|what\s+(?:is|was)\s+(?P<of>.+?)\s+(?:the\s+|a\s+)?(?P<title>co-?founder|founder|ceo|chief\s+executive|boss|"
    r"head|owner|chair(?:man)?)\s+of", re.IGNORECASE)
# The byline's words that say the role asked: a co-founder founded it, a chief executive runs it.
_FOUNDER = r"(?:co-?)?founder"
_HEAD = r"ceo|chief\s+executive|head|chair(?:man|woman)?|president|(?:managing\s+)?director|boss"
_ROLE_SAID = {"founded": _FOUNDER, "started": _FOUNDER, "set": _FOUNDER, "founder": _FOUNDER,
              "runs": _HEAD, "ran": _HEAD, "leads": _HEAD, "led": _HEAD, "heads": _HEAD, "headed": _HEAD,
              "ceo": r"ceo|chief\s+executive", "chief": r"ceo|chief\s+executive", "boss": _HEAD, "head": _HEAD,
              "chair": r"chair(?:man|woman)?", "chairman": r"chair(?:man|woman)?",
              "owns": r"owner", "owned": r"owner", "owner": r"owner",
              "found": _FOUNDER, "start": _FOUNDER, "run": _HEAD, "lead": _HEAD, "own": r"owner"}


def role_asked_of(question: str) -> tuple[str, list[str]] | None:
    """(the byline's words that say the role asked, as a pattern; the words naming the firm or
    body, or the person) of "who co-founded vungle?", "who is the ceo of vungle?", "what company
    did zain jaffer co-found?"; else None."""
    match = _WHOSE_ROLE.fullmatch(_core(question))
    if match is None:
        return None
    role = next(g for g in (match.group("verb"), match.group("role"), match.group("does"), match.group("title")) if g)
    role = role.casefold().replace("co-", "").replace("co", "", 1)
    said = _ROLE_SAID.get(role.split()[0]) or _ROLE_SAID.get(role)
    named = [w for w in words(next(g for g in (match.group("org"), match.group("at"), match.group("who"),
                                                match.group("of")) if g)) if w not in STOPWORDS]
    return (said, named) if said and named else None


def byline_with(article: Article, role: str, named: Sequence[str]) -> Span | None:
    """The first byline line saying more than the writer's name that gives the role (a pattern)
    and every word of `named`."""
    for span in bylines(article):
        line = article.text[span.start:span.end]
        if (_says_more_than_the_name(line) and set(named) <= set(words(line))
                and re.search(rf"\b(?:{role})\b", line, re.IGNORECASE)):
            return span
    return None


_WHO_IS = re.compile(r"who(?:'s|\s+is|\s+was)\s+(?P<name>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3})",
                     re.IGNORECASE)


def who_is(question: str) -> str | None:
    """The name in "who is NAME?" (two to four words, none a function word), else None."""
    match = _WHO_IS.fullmatch(_core(question))
    if match is None:
        return None
    name = match["name"]
    parts = name.casefold().split()
    if len(parts) < 2 or any(p in STOPWORDS for p in parts):  # "who is the author", "who is he"
        return None
    return name


# A disclaimer that the views are the author's: what an opinion piece says of itself.
_OPINION = re.compile(r"\b(?:views|opinions|thoughts)\b.{0,60}\bexpressed\b|\bexpressed\b.{0,60}\b(?:authors?|writers?)\b",
                      re.IGNORECASE)


def is_opinion(info: ArticleInfo, store: Store) -> bool:
    """Whether the article is an opinion piece: a kicker byline ("Opinion: Zain Jaffer, …") or a
    disclaimer that its views are its author's. In one, "what does he say about X?" asks the
    author's view; in a news story with a byline, "she" is whom the story quotes."""
    article = store.article(info.collection, info.id)
    if article is None:
        return False
    spans = bylines(article)
    return (any(_KICKER.fullmatch(article.text[b.start:b.end]) for b in spans)
            or bool(_OPINION.search(article.text))
            # "Bill Thompson is a regular commentator on…" closing a column (a stranger's "so
            # what does he think we should do?" of one was declined)
            or any((bio := closing_bio(article.text[b.start:b.end])) is not None and bio[1] in _COLUMNIST
                   for b in spans[-1:]))


def has_author(info: ArticleInfo, store: Store) -> bool:
    """Whether the article names its author: in its details, or in a byline of its text."""
    if info.author:
        return True
    article = store.article(info.collection, info.id)
    return article is not None and bool(bylines(article))


def is_author(name: str, info: ArticleInfo, store: Store) -> bool:
    """Whether `name` is the article's author, by its details or its byline ("Zain Jaffer" of
    "Zain Jaffer"; not "Jaffer" alone, a name that short is anyone's)."""
    asked = set(name.casefold().split())
    if info.author and asked <= set(words(info.author)):
        return True
    article = store.article(info.collection, info.id)
    return article is not None and any(asked <= set(words(article.text[b.start:b.end])) for b in bylines(article))


def _topic(match: re.Match) -> str | None:
    groups = match.groupdict()
    parts = [groups.get("mod") or "", re.sub(rf"^{_TAIL}\s+", "", groups.get("tail") or "", flags=re.I)]
    found = " ".join(p for p in parts if p).strip(" \"'“”‘’")
    content = [w for w in words(found) if w not in STOPWORDS and w not in _GENERIC]
    return found if content else None


def topic_words(topic: str) -> list[str]:
    return [w for w in dict.fromkeys(words(topic)) if w not in STOPWORDS and w not in _GENERIC]


# bylines and disclaimers ------------------------------------------------------------------
_LINE = re.compile(r"[^\n]+")
# A column's closing line saying who wrote it: "Bill Thompson is a regular commentator on the
# BBC World Service programme Go Digital." (ten BBC columns end so). Only the text's last line.
# Or with no article: "Clark Boyd is technology correspondent for The World, a BBC World
# Service and WGBH-Boston co-production" (eight BBC reports end so).
_BIO_LINE = re.compile(rf"(?P<name>{_NAME})\s+is\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){{0,4}}?"
                       r"(?P<role>commentator|columnist|writer|journalist|correspondent|editor|author|analyst|"
                       r"contributor|blogger|reporter)\b[^\n]*")
# A closing line naming one of these makes the piece a column, its author's view.
_COLUMNIST = frozenset("commentator columnist contributor blogger".split())
BIO_MAX_WORDS = 30

_DISCLAIMER = re.compile(
    r"for\s+(?:general\s+)?information(?:al)?\s+purposes|"
    r"\bnot\s+(?:be\s+)?(?:intended|meant|considered|construed)\b.{0,60}\badvice\b|"
    r"\bnot\s+(?:\w+\s+){0,3}(?:legal|investment|financial|tax)\s+advice\b|"  # not news about "legal advice"
    r"\bdo(?:es)?\s+not\s+(?:necessarily\s+)?(?:reflect|represent)\b|"
    r"\b(?:views|opinions)\b.{0,40}\bexpressed\s+(?:here|in\s+this)|"
    r"\ball\s+rights\s+reserved\b|^\s*(?:©|\(c\)\s|copyright\b)|"
    r"\b(?:subscribe|sign\s+up)\s+(?:to|for)\s+(?:our|the)\b|"
    r"^\s*this\s+(?:article|story|post|piece)\s+(?:was|has\s+been)\s+(?:updated|corrected|amended|"
    r"produced|originally|first)\b|"
    r"\b(?:contact|email|reach)\s+(?:the\s+author|us|him|her|me)\s+at\b|"
    r"\bfollow\s+(?:us|me|him|her|the\s+author)\s+on\b",
    re.IGNORECASE)


def is_disclaimer(sentence: str) -> bool:
    """Boilerplate that carries no position of the article: disclaimers, rights, sign-ups."""
    return bool(_DISCLAIMER.search(sentence))


@dataclass(frozen=True)
class Span:
    start: int
    end: int


def _author_names(author: str | None) -> list[str]:
    if not author:
        return []
    names = re.split(r"\s*(?:,|;|&|\band\b)\s*", author)
    return [" ".join(n.split()).casefold() for n in names if len(n.split()) >= 2 or len(n.strip()) >= 4]


def bylines(article: Article) -> list[Span]:
    """Lines of the text that say who wrote it, in text order, as offsets without markup."""
    names = _author_names(article.author)
    found: list[Span] = []
    lines = list(_LINE.finditer(article.text))
    last = max((i for i, line in enumerate(lines) if line.group().strip(_MARKUP)), default=-1)
    for i, line in enumerate(lines):
        raw = line.group()
        inner = raw.strip(_MARKUP)
        if not inner:
            continue
        if len(inner.split()) <= BYLINE_MAX_WORDS and line_is_byline(inner, names, article.publisher) or (
                i == last and i > 0 and _is_closing_bio(inner, [line.group() for line in lines[:i]])):
            start = line.start() + raw.index(inner)
            found.append(Span(start, start + len(inner)))
    return found


def _is_closing_bio(line: str, before: Sequence[str]) -> bool:
    """Whether the text's last line, after the lines `before` it, says who wrote it: a writer
    the story itself never names, but in its headline or its first paragraph ("…, asks technology
    analyst Bill Thompson."); "Dan Brown is the author of The Da Vinci Code…" closing a story
    about him is the story's (a review's find)."""
    bio = closing_bio(line)
    if bio is None:
        return False
    surname = bio[0].split()[-1]
    body = [text for text in before if text.strip(_MARKUP)][2:]
    return not any(re.search(rf"\b{re.escape(surname)}\b", text) for text in body)


def closing_bio(line: str) -> tuple[str, str] | None:
    """The name and the role ("commentator") of a line saying who wrote the piece, as columns and
    reports end ("Bill Thompson is a regular commentator on the BBC World Service programme Go
    Digital."); None for any other line. Whether it is the text's last line is the caller's to say."""
    if len(line.split()) > BIO_MAX_WORDS:
        return None
    match = _BIO_LINE.fullmatch(line.strip())
    if match is None or not is_name(match.group("name")):
        return None
    return match.group("name"), match.group("role").casefold()


def _paragraph_of(passages: Sequence[PassageRow], offset: int) -> PassageRow | None:
    """The passage citing a text offset: the one holding it (a heading or kicker line belongs to
    the paragraph it heads), else the next one."""
    for passage in passages:
        if passage.start <= offset < passage.end:
            return passage
    later = [p for p in passages if p.start >= offset]
    return later[0] if later else (passages[-1] if passages else None)


# conclusions ------------------------------------------------------------------------------
CLOSING_MAX_WORDS = 80  # the closing quote: the last content paragraph, or its end, up to this
MIN_WORDS = 5
LATE_BONUS = 0.1  # conclusions come last: a gentle bonus for sentences late in the article
REDUNDANCY = 0.7  # as in summarize: how much a sentence's likeness to those chosen costs


def _mean_direction(rows: Sequence[SentenceRow]) -> np.ndarray | None:
    """The unit mean of the rows' sentence vectors (the article's mean meaning), None without any."""
    vectors = [r.vector for r in rows if r.vector is not None]
    if not vectors:
        return None
    centroid = np.vstack(vectors).mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    return centroid


def _overlaps(row: SentenceRow, spans: Sequence[Span]) -> bool:
    return any(row.start < s.end and s.start < row.end for s in spans)


def _content_rows(rows: Sequence[SentenceRow], spans: Sequence[Span], author: str | None) -> list[SentenceRow]:
    """Sentences that can carry the article's position: not a byline, disclaimer or author bio,
    not a fragment."""
    names = _author_names(author)
    kept = []
    for row in rows:
        folded = row.text.casefold()
        bio = any(folded.startswith(n + " is ") or folded.startswith(n + " was ") for n in names)
        if len(row.text.split()) >= MIN_WORDS and not is_disclaimer(row.text) and not bio and not _overlaps(row, spans):
            kept.append(row)
    return kept


def _closing(rows: Sequence[SentenceRow], content: Sequence[SentenceRow]) -> list[SentenceRow]:
    """The trailing run of content sentences of the last passage that has any, from its end
    backwards while within CLOSING_MAX_WORDS (at least one sentence)."""
    if not content:
        return []
    last = max(content, key=lambda r: r.start).passage_id
    keep = {id(r) for r in content}
    run: list[SentenceRow] = []
    count = 0
    for row in sorted((r for r in rows if r.passage_id == last), key=lambda r: r.start, reverse=True):
        if id(row) not in keep:
            if run:
                break
            continue
        size = len(row.text.split())
        if run and count + size > CLOSING_MAX_WORDS:
            break
        run.insert(0, row)
        count += size
    return run


def _central(content: Sequence[SentenceRow], taken: Sequence[SentenceRow], count: int,
             late: bool = True) -> list[SentenceRow]:
    """Sentences close to the article's mean meaning, later ones slightly preferred (earlier
    ones when not `late`), each unlike those already chosen (maximal marginal relevance, as in
    summarize)."""
    pool = [r for r in content if r.vector is not None and all(r is not t for t in taken)]
    if count <= 0 or not pool:
        return []
    matrix = np.vstack([r.vector for r in content if r.vector is not None])
    centroid = matrix.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    vectors = np.vstack([r.vector for r in pool])
    order = {id(r): i for i, r in enumerate(sorted(content, key=lambda r: r.start))}
    position = np.asarray([order[id(r)] for r in pool], dtype=np.float64) / max(len(content) - 1, 1)
    relevance = vectors @ centroid + LATE_BONUS * (position if late else 1 - position)
    chosen_vectors = [t.vector for t in taken if t.vector is not None]
    chosen: list[int] = []
    while len(chosen) < min(count, len(pool)):
        value = relevance.copy()
        if chosen_vectors:
            value -= REDUNDANCY * (vectors @ np.vstack(chosen_vectors).T).max(axis=1)
        value[chosen] = -np.inf
        best = int(np.argmax(value))
        chosen.append(best)
        chosen_vectors.append(vectors[best])
    return sorted((pool[i] for i in chosen), key=lambda r: r.start)


# answering ------------------------------------------------------------------------------------
_AUTHOR_FACT_DECLINE = "“{title}” doesn't say more about its author than a name, so I won't guess."
_AUTHOR_NOT_SAID = "“{title}” doesn't say that about its author, so I won't guess."
# "does the author own any crypto?": asked yes or no, a byline answers only what it names.
_YES_NO = re.compile(r"\s*(?:does|did|is|was|has|have|do)\b", re.IGNORECASE)
# Words of such a question that name no object: the writer and what a byline's role does.
_OF_ANY_AUTHOR = frozenset(
    "author authors writer byline journalist reporter columnist work works worked run runs ran own owns lead leads "
    "found founded founds start started starts represent represents belong belongs employee ceo executive partner "
    "founder co cofounder company companies firm business startup start-up".split())


def _byline_answers(question: str, byline: str) -> bool:
    """Whether a byline saying who the author is answers a question about them: any wh-question
    ("what company does the author run?"); a yes/no one only when the byline names what it asks
    about ("does the author work for Vungle?", not "does the author own any crypto?")."""
    if not _YES_NO.match(_core(question)):
        return True
    asked = {w for w in words(question) if w not in STOPWORDS and w not in _OF_ANY_AUTHOR}
    return not asked or bool(asked & set(words(byline)))
# A byline that says more than a name sets a role or an outlet off with a comma or a bar:
# "Opinion: Zain Jaffer, co-founder of Vungle", "Jane Doe | Staff Writer"; not "By Jane Doe".
_BYLINE_ROLE = re.compile(r"[,|/–—]\s*[^\W\d_]")


def _says_more_than_the_name(byline: str) -> bool:
    return _BYLINE_ROLE.search(byline) is not None


def pick_article(store: Store, collections: Sequence[str], *, article_id: str | None = None,
                 best_article: tuple[str, str] | None = None) -> ArticleInfo | None:
    """Which article a question about "the article" means (see `picked_article`)."""
    return picked_article(store, collections, article_id=article_id, best_article=best_article)[0]


def picked_article(store: Store, collections: Sequence[str], *, article_id: str | None = None,
                   best_article: tuple[str, str] | None = None) -> tuple[ArticleInfo | None, bool]:
    """Which article a question about "the article" means: the one asked about (`article_id`),
    else the one the question's best search hit comes from (`best_article`: collection and id),
    else the only article of the collections, else the most recently added one; and whether it
    was that last guess (nothing said which of several), which the answer then says."""
    if article_id is not None:
        for collection in collections:
            info = store.article_info(collection, article_id)
            if info is not None:
                return info, False
        return None, False
    if best_article is not None:
        return store.article_info(*best_article), False
    infos = store.article_infos(list(collections))  # most recently added first
    return (infos[0] if infos else None), len(infos) > 1


_DECLINE = {
    "author": "The article doesn't say who wrote it: “{title}” has no byline, and no author is given with it.",
    "publisher": ("The article doesn't say where it was published: “{title}” names no publisher "
                  "and has no web address."),
    "published": "The article doesn't say when it was published: “{title}” has no publication date.",
    "url": "The article has no link: “{title}” was added without a web address.",
    "point": "“{title}” has no sentences that state its point.",
    "conclusion": "“{title}” has no sentences that state a conclusion.",
    "criticism": "“{title}” gives no one disagreeing, criticising or opposing, so I won't guess.",
    "people": "“{title}” names no one: no person, company or place, so I won't guess who is involved.",
    "disclaimer": "“{title}” has no disclaimer or label saying what kind of piece it is (opinion, advice, sponsored).",
}


# The second of two details asked at once ("who wrote this and when was it published?"), when the
# article gives neither: said after the first's decline.
_NOR = {
    "author": "Nor does it say who wrote it: it has no byline, and no author is given with it.",
    "publisher": "Nor does it say where it was published: it names no publisher and has no web address.",
    "published": "Nor does it say when it was published: it has no publication date.",
    "url": "Nor does it have a link: it was added without a web address.",
}
# What a bare second question word asks after "who wrote this and …?": "…and when?", "…and where?".
_BARE_SECOND = {"when": "published", "where": "publisher"}


def second_detail(question: str, first: AboutQuestion) -> AboutQuestion | None:
    """The other detail of the article a question asks besides `first` ("who wrote this and when
    was it published?", "who wrote this and when"), when both are details (`_NOR`): two
    strangers' "when" halves went unanswered, the article giving no date."""
    if first.aspect not in _NOR or first.topic is not None:
        return None
    joined = _SECOND.search(_plain(question))
    if joined is None:
        return None
    part = re.sub(r"^\s*,?\s*(?:and|&|,\s*like)\s+", "", joined.group(), flags=re.IGNORECASE)
    bare = _BARE_SECOND.get(part[: _TRAIL.search(part).start()].casefold())
    other = AboutQuestion(bare) if bare is not None else detect(part)
    if other is None or other.aspect not in _NOR or other.aspect == first.aspect or other.topic is not None:
        return None
    return other


def answer_about(question: str, asked: AboutQuestion, info: ArticleInfo, store: Store, model: str,
                 top: int = 3, latest: bool = False, besides: Sequence[Quote] = (),
                 summary: Callable[[ArticleInfo, int], Sequence[Quote]] | None = None) -> Answer:
    """The answer to a question about the article `info` (see the module docstring); `latest`:
    it was picked as the most recently added of several articles, nothing saying which.
    `besides`: quotes already shown, whose people "who else is mentioned?" asks past.
    `summary`: the article's summary of so many sentences, which its point is (needed to answer
    "point": `summarize` reads this module's rules, so the caller passes it in). Of two
    details asked at once (`second_detail`) the article gives neither of, both declines; else the
    first's answer or decline, as of one, its details line showing every detail known."""
    found = _answer_about(question, asked, info, store, model, top, latest, besides, summary)
    other = None if found.answered else second_detail(question, asked)
    if other is None or _answer_about(question, other, info, store, model, top, latest, besides, summary).answered:
        return found
    return replace(found, message=f"{found.message} {_NOR[other.aspect]}")


def _answer_about(question: str, asked: AboutQuestion, info: ArticleInfo, store: Store, model: str,
                  top: int, latest: bool, besides: Sequence[Quote],
                  summary: Callable[[ArticleInfo, int], Sequence[Quote]] | None) -> Answer:
    article = store.article(info.collection, info.id)
    about = AboutArticle(asked.aspect, info.id, info.title, info.url, info.author, info.publisher, info.published,
                         latest)
    if article is None:  # removed since it was picked; the caller holds the snapshot, so rare
        return Answer(question, False, (), _DECLINE[asked.aspect].format(title=info.title), about)
    passages = store.article_passages(info.collection, info.id)

    def quote(start: int, end: int, passage: PassageRow, score: float) -> Quote:
        return Quote(article.text[start:end], info.id, info.title, info.url, passage.paragraph, score, start, end)

    if asked.aspect == "author":
        told = False  # a byline saying more than the name, which did not answer a yes/no question
        for span in bylines(article):
            passage = _paragraph_of(passages, span.start)
            byline = article.text[span.start:span.end]
            if passage is not None and (not asked.fact or _says_more_than_the_name(byline)):
                if asked.fact and not _byline_answers(question, byline):
                    told = True
                    continue
                return Answer(question, True, (quote(span.start, span.end, passage, 1.0),), about=about)
        if asked.fact:
            decline = _AUTHOR_NOT_SAID if told else _AUTHOR_FACT_DECLINE
            return Answer(question, False, (), decline.format(title=info.title), about)
        if info.author:
            return Answer(question, True, (), about=about)
    elif asked.aspect == "publisher":
        # A byline naming the outlet says it in the article's own words: a stranger's "where was it
        # published?" was told none was named two turns after "By Jane Smith, BBC News" was quoted.
        for span in bylines(article):
            passage = _paragraph_of(passages, span.start)
            if passage is not None and byline_outlet(article.text[span.start:span.end]):
                return Answer(question, True, (quote(span.start, span.end, passage, 1.0),), about=about)
        if info.publisher or info.url:
            return Answer(question, True, (), about=about)
    elif asked.aspect == "published":
        if info.published:
            return Answer(question, True, (), about=about)
    elif asked.aspect == "url":
        if info.url:
            return Answer(question, True, (), about=about)
    elif asked.aspect == "disclaimer":
        quotes = _disclaimers(article, info, passages, store, model, top, advice=bool(_ADVICE.search(question)))
        if quotes:
            return Answer(question, True, tuple(quotes), about=about)
    else:
        if asked.aspect == "point":
            if summary is None:
                raise ValueError("its point is its summary's first sentences: pass `summary`")
            # The sentences its summary picks first, as `quotebot summary` gives them (a
            # stranger's "summarise it" and `:summary` in one channel quoted different ones).
            quotes = list(summary(info, top))
        else:
            pick = {"conclusion": _conclusion, "criticism": _criticism,
                    "people": functools.partial(_people, besides=besides)}[asked.aspect]
            quotes = pick(article, info, passages, store, model, top)
        if quotes:
            return Answer(question, True, tuple(quotes), about=about)
    return Answer(question, False, (), _DECLINE[asked.aspect].format(title=info.title), about)


# Words that give a view against: criticism and opposition ("The Tories called it a 'vote now, pay
# later' Budget", "Critics say…"), and more weakly worry and doubt.
# Not "attack", "blast", "accused" or "dismissed": a cyber attack, a bomb blast, a defendant and a
# court's ruling are no one disagreeing (a stranger's "who disagrees?" of a story on cyber crime was
# quoted its expert).
_AGAINST = re.compile(
    r"\b(?:critic|critics|criticism\w*|critical|criticis\w*|criticiz\w*|oppos(?:e|es|ed|ing)|opposition\s+to|"
    r"opponents|objected|objects|objection\w*|condemn\w*|branded|slammed|slams|hit\s+out|disagree\w*|"
    r"reject(?:ed|s|ing)|sceptic\w*|skeptic\w*|denounc\w*|protest\w*|backlash|outrage\w*|angry|anger|lambast\w*|"
    # "Yukos accused Gazprom of…" (someone accusing), not "he was accused of fraud" (a defendant)
    r"(?<!\bwas\s)(?<!\bwere\s)(?<!\bbeen\s)(?<!\bbeing\s)(?<!\bis\s)(?<!\bare\s)(?<!\bbe\s)accus(?:ed|es|ing)|"
    r"derided|mocked|complain\w*|not\s+convinced|reservations|called\s+(?:it|the\s+\w+)\s+(?:a|an)\s+[\"“'‘]|"
    r"hit\s+back|rebuff\w*|rubbished|unconvinced|(?:do|does|did|would|will)\s+not\s+(?:support|back|agree)|"
    r"(?:don't|doesn't|didn't|won't|wouldn't)\s+(?:support|back|agree)|refus\w*\s+to\s+(?:back|support)|"
    # the words of a charge ("…believe the executive is shirking its responsibility": a stranger's
    # "who is against it" was told no one disagreed)
    r"shirk\w*|betray\w*|hypocri\w*|flawed|misguided|irresponsible|disgrace\w*|shambles|fiasco|farce|charade|"
    r"ill-(?:judged|conceived|thought)|"
    # "The campaign has come under fire…", "…met with disapproval from fathers' rights groups", "the
    # plans were 'inadequate'", "set a dangerous precedent" (a stranger was told no one disagreed)
    r"under\s+fire|disapprov\w*|inadequate|dangerous\s+precedent|"
    # "The Tories dismissed the plan as 'desperate', while the Liberal Democrats said it was
    # misdirected"; "read the riot act" (a stranger was told no one disagreed): not a court
    # dismissing a case, nor "dismissed its chief executive as losses mounted"
    r"dismiss(?:ed|es|ing)\s+(?:\w+\s+){0,4}?as(?=\s+(?:[\"“'‘]|(?:a|an|nothing|mere|merely|just|pure)\b))|"
    r"misdirected|riot\s+act|"
    # "Not everyone is convinced that the boom can continue." (a stranger's "what's the other side
    # of the argument?" was quoted the company's own words)
    r"not\s+(?:everyone|everybody|all)\s+(?:is|was|are|were)\s+(?:convinced|persuaded|happy|sure)|"
    r"not\s+(?:everyone|everybody)\s+agrees|"
    # doubting the deal ("Some analysts also queried whether Standard Chartered had overpaid": a
    # stranger's "any criticism?" was told no one disagreed), a charge of doing too little ("Phone
    # companies are not doing enough to warn customers", "the firms should be doing more")
    # (not a pledge: "we must do more", "I would be remiss not to thank the fans")
    r"(?:queried|questioned|query|queries|querying|questioning)\s+whether|not\s+doing\s+enough|"
    # more to do, not more of something ("adults should do more exercise")
    r"(?<!\bwe\s)(?<!\bi\s)(?:should\s+(?:be\s+doing|do|have\s+done)|needs\s+to\s+do|could\s+have\s+done)\s+more"
    r"(?=\s+to\b|\s*[.,;:!?\"”'’]|\s*$))\b",
    re.IGNORECASE)
_SAYS = re.compile(r"\b(?:said|says|say|told|argued|argues|called|calls|believes?)\b", re.IGNORECASE)
SAYS_WEIGHT = 0.2  # someone's words against it, not only a description of it
_DOUBT = re.compile(r"\b(?:concern\w*|fear\w*|warn\w*|against|question(?:ed|s|ing)|doubt\w*|worr\w*|however|"
                    r"but|illegal|unlawful|unfair)\b", re.IGNORECASE)
# Praise is no one disagreeing ("the opposition leader welcomed the change"), unless it goes on
# with a "but"; a rebuttal ("Mr Brown rejected the accusation") answers the critics, who come first.
_PRAISE = re.compile(r"\b(?:welcom\w*|prais\w*|applaud\w*|hail(?:ed|s)|back(?:ed|s)\s+the|support(?:ed|s)?\s+(?:it|the))\b",
                     re.IGNORECASE)
_REBUTS = re.compile(r"\b(?:reject\w*|dismiss\w*|denied|denies|rebuff\w*)\s+(?:the\s+|these\s+|such\s+)?"
                     r"(?:accusations?|claims?|criticisms?|charges?|suggestions?|allegations?)\b", re.IGNORECASE)
DOUBT_WEIGHT = 0.4  # a worry or a "but" beside outright criticism
CENTRAL_WEIGHT = 0.5  # then what the article is most about


def _criticism(article: Article, info: ArticleInfo, passages: Sequence[PassageRow], store: Store,
               model: str, top: int) -> list[Quote]:
    """The sentences giving criticism or opposition, the plainest first, then those about what
    the article is most about; none when no sentence gives any."""
    content = content_sentences(article, store.sentences(model, passages, tokens=False))
    centroid = _mean_direction(content)
    scored = []
    strong: set[int] = set()  # rows giving outright criticism
    for row in content:
        if _PRAISE.search(row.text) and not re.search(r"\bbut\b", row.text, re.IGNORECASE):
            continue
        outright = _AGAINST.search(row.text) is not None and not _REBUTS.search(row.text)
        against = 1.0 if outright else DOUBT_WEIGHT if _DOUBT.search(row.text) or _REBUTS.search(row.text) else 0.0
        if against:
            against += SAYS_WEIGHT if _SAYS.search(row.text) else 0.0
            central = 0.0 if centroid is None or row.vector is None else float(row.vector @ centroid)
            scored.append((against + CENTRAL_WEIGHT * central, central, row))
            if outright:
                strong.add(id(row))
    if not strong:
        return []  # worry, "but" and rebuttals alone are no one disagreeing
    by_id = {p.id: p for p in passages}
    best = sorted(scored, key=lambda found: (-found[0], found[2].start))[:top]
    # Scored as the other answers about the article are: a cosine to its mean meaning.
    return [Quote(article.text[r.start:r.end], info.id, info.title, info.url, by_id[r.passage_id].paragraph,
                  round(central, 4), r.start, r.end) for _, central, r in best]


# Capitalised, yet no one and nowhere: honorifics and words a sentence or a quotation opens on.
_NO_NAME = frozenset("mr mrs ms miss dr prof sir dame lord lady st rev i i'm i’m i've i’ve i'd i'll january february "
                     "march april may june july august september october november december monday tuesday "
                     "wednesday thursday friday saturday sunday".split())
# Short capitals that name no one: "TV", "CEO"; "BBC", "EU", "AOL" do.
_NO_ACRONYM = frozenset("tv pc ceo cfo mp mps gdp am pm ok id dvd cd pr ad".split())


def _names(text: str, lowercase: set[str]) -> set[str]:
    """The words of `text` written with a capital that name someone or something, casefolded:
    not one the article also writes in lowercase ("The", "We", "Police"), a function word, an
    honorific, a month or a day; its first word too ("Dibaba won…": a review's find), and short
    capitals ("BBC", "AOL"), not "TV"."""
    found = {re.sub(r"['’]s?$", "", w).casefold() for w in re.findall(r"[\w'’-]+", text) if w[:1].isupper()}
    return {w for w in found if w and w not in lowercase and w not in STOPWORDS and w not in _NO_NAME
            and w not in _NO_ACRONYM}


PERSON_WEIGHT = 3


def _team_sheet(text: str) -> bool:
    """Whether `text` is a list of names, not a sentence: three or more commas or semicolons and
    at most one lowercase word ("Livingston: Meldrum, McNamee, Bahoken (Stanic 45), …"); "Chelsea
    boss Jose Mourinho praised Arjen Robben." is a sentence."""
    lowercase = [w for w in re.findall(r"[^\W\d_]+", text) if w[0].islower()]
    return len(re.findall(r"[,;]", text)) >= 3 and len(lowercase) <= 1


def _people(article: Article, info: ArticleInfo, passages: Sequence[PassageRow], store: Store,
            model: str, top: int, besides: Sequence[Quote] = ()) -> list[Quote]:
    """The sentences naming the most of the article's people, companies and places, each name
    weighed by how many of its sentences name it (the story's main actors first), each next
    sentence for the names the ones before it did not give; only sentences that read on their
    own. None when no sentence names anyone. `besides`: quotes shown already, whose names count
    as given and which are not quoted again ("who else is mentioned?" after "who is involved?":
    a stranger got the same three sentences eight times in eight)."""
    every = store.sentences(model, passages, tokens=False)
    # Sentences, not lists of names: a match report's team sheet ("Meldrum, McNamee, Bahoken
    # (Stanic 45), Deloumeaux…") named the most people, and a stranger got three of them.
    content = [row for row in quotable(content_sentences(article, every)) if not _team_sheet(row.text)]
    # "Mr Straw denied…" says who only after a quote naming Jack Straw (as a summary's would).
    needs = introductions(content, every)
    lowercase = {w.casefold() for w in re.findall(r"[\w'’-]+", article.text) if w[:1].islower()}
    named = [_names(row.text, lowercase) for row in content]
    # A name is weighed by how many more sentences than one name it (a story's main actors
    # come back; a name said once is background), more for a person called "Mr X" somewhere: "who
    # is involved?" asks for people before the places and bodies they deal with.
    count: dict[str, int] = {}
    for names in named:
        for name in names:
            count[name] = count.get(name, 0) + 1
    titled = {name.casefold() for name in _TITLED.findall(article.text)}
    weight = {name: (n - 1) * (PERSON_WEIGHT if name in titled else 1) for name, n in count.items()}
    chosen: list[int] = []
    besides = [quote for quote in besides if quote.article_id == info.id]
    given: set[str] = {name for quote in besides for name in _names(quote.text, lowercase)}
    said: set[str] = {w for quote in besides for w in re.findall(r"\b[A-Z][\w'’-]+", quote.text)}
    shown = [(quote.start, quote.end) for quote in besides]
    chosen += [i for i, row in enumerate(content) if any(start <= row.start and row.end <= end for start, end in shown)]
    already = len(chosen)
    while len(chosen) - already < top:
        # Only sentences giving names not given yet, and none calling someone "Mr X" before a
        # chosen one names X in full.
        open_ = [i for i, names in enumerate(named) if i not in chosen and names - given and needs[i] <= said]
        if not open_:
            break
        best = max(open_, key=lambda i: (sum(weight[n] for n in named[i] - given), len(named[i] - given),
                                         -content[i].start))
        chosen.append(best)
        given |= named[best]
        said |= set(re.findall(r"\b[A-Z][\w'’-]+", content[best].text))
    by_id = {p.id: p for p in passages}
    return [Quote(article.text[r.start:r.end], info.id, info.title, info.url, by_id[r.passage_id].paragraph, 1.0,
                  r.start, r.end) for r in (content[i] for i in chosen[already:])]


# A kicker that labels the piece: "Opinion: Zain Jaffer, co-founder of Vungle", "Sponsored".
_LABEL = re.compile(r"(?:opinion|op-?ed|comment|analysis|sponsored|paid\s+(?:post|content)|advertisement|"
                    r"advertorial|press\s+release|promoted)\b", re.IGNORECASE)


_ADVICE = re.compile(r"\badvice\b", re.IGNORECASE)
# "should i buy TAO?", "is bitcoin a good investment?": asking for the advice a disclaimer
# says the article is not.
_BUY_OR_SELL = re.compile(
    r"(?:should|shall|would\s+you)\s+(?:i|we|u)\s+(?:still\s+|now\s+)?"
    r"(?:buy|sell|invest|hold|short|dump|get\s+(?:in|into)|ape\s+into|put\s+money\s+(?:in|into))\b.*"
    r"|(?:is|are)\s+\S+(?:\s+\S+)?\s+(?:a\s+)?(?:good|bad|smart|safe|wise)\s+(?:buy|investments?|bets?)"
    r"(?:\s+(?:right\s+)?now|\s+(?:in|for)\s+20\d\d)?"
    r"|(?:what|which)\s+(?:\w+\s+){0,3}?should\s+(?:i|we|u)\s+(?:buy|invest\s+in|sell|hold)\b.*"
    r"|(?:is\s+(?:it|this|now)\s+(?:a\s+good\s+time\s+)?(?:time\s+)?to\s+(?:buy|sell|invest))\b.*", re.IGNORECASE)


def asks_for_advice(question: str) -> bool:
    """Whether the question asks whether to buy or sell ("should i buy TAO?")."""
    return _BUY_OR_SELL.fullmatch(_core(question)) is not None


def advice_answer(question: str, info: ArticleInfo, store: Store, model: str, top: int = 3) -> Answer | None:
    """For a question asking whether to buy or sell ("should i buy TAO?"), the article's
    disclaimer that it is no investment advice, first, verbatim and cited; None when the question
    asks no such thing or the article has no such disclaimer (left to the normal pipeline)."""
    if not asks_for_advice(question):
        return None
    # Asked as "is this investment advice?", the disclaimer saying so comes first.
    found = answer_about("is this investment advice?", AboutQuestion("disclaimer"), info, store, model, top=top)
    if not found.quotes or not _ADVICE.search(found.quotes[0].text):
        return None
    return replace(found, question=question)


def _disclaimers(article: Article, info: ArticleInfo, passages: Sequence[PassageRow], store: Store,
                 model: str, top: int, advice: bool = False) -> list[Quote]:
    """The label line (a byline or kicker starting "Opinion", "Sponsored"…) and the disclaimer
    sentences, in text order, verbatim; the disclaimers first when `advice` was asked about
    ("is this financial advice?": "…not intended to be considered… investment advice" says so,
    "Opinion: …" only hints)."""
    by_id = {p.id: p for p in passages}
    found: dict[tuple[int, int], tuple[PassageRow, bool]] = {}  # span -> its paragraph, whether a label
    for span in bylines(article):
        passage = _paragraph_of(passages, span.start)
        if passage is not None and _LABEL.match(article.text[span.start:span.end]):
            found[(span.start, span.end)] = (passage, True)
            break  # a label repeated at the end says nothing more
    for row in store.sentences(model, passages, tokens=False):
        if is_disclaimer(row.text) and row.passage_id in by_id:
            found[(row.start, row.end)] = (by_id[row.passage_id], False)
    order = sorted(found, key=lambda span: (advice and found[span][1], span[0]))[:top]
    return [Quote(article.text[start:end], info.id, info.title, info.url, found[(start, end)][0].paragraph, 1.0,
                  start, end) for start, end in order]


def content_sentences(article: Article, rows: Sequence[SentenceRow]) -> list[SentenceRow]:
    """The rows that say something: not a byline, label, disclaimer or author bio, not a
    fragment. The first of them is the article's lead: a news story states its point first (the
    inverted pyramid), and a reader who asks for the gist, or reads a summary, expects it first."""
    return _content_rows(rows, bylines(article), article.author)


def _conclusion(article: Article, info: ArticleInfo, passages: Sequence[PassageRow], store: Store,
                model: str, top: int) -> list[Quote]:
    rows = store.sentences(model, passages, tokens=False)
    content = content_sentences(article, rows)
    closing = _closing(rows, content)
    if not closing:
        return []
    by_id = {p.id: p for p in passages}
    centroid = _mean_direction(content)

    def score(row: SentenceRow) -> float:
        return 1.0 if centroid is None or row.vector is None else round(float(row.vector @ centroid), 4)

    def quote(first: SentenceRow, last: SentenceRow) -> Quote:
        passage = by_id[first.passage_id]
        return Quote(article.text[first.start:last.end], info.id, info.title, info.url, passage.paragraph,
                     max(score(first), score(last)), first.start, last.end)

    quotes = [quote(closing[0], closing[-1])]
    quotes += [quote(row, row) for row in _central(content, closing, top - 1)]
    return quotes
