"""Word handling shared by BM25 queries and sentence scoring, the control-character filter
every article text passes at ingest, and the small text forms every front end prints (one-line
metadata, counts, durations)."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Sequence

_WORD = re.compile(r"\w+(?:[.,]\d+)*", re.UNICODE)

# Terminal escape sequences: CSI (colours, cursor moves), then OSC/DCS/SOS/PM/APC strings up to
# their terminator (OSC 0 retitles the terminal, OSC 52 writes the clipboard), then any other
# two-character escape. What is left of C0/C1 controls goes too (tab and newline stay; a form
# feed or vertical tab is a line break).
_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"
    r"|\x1b[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[ -~]?"
)
_CONTROLS = {c: None for c in [*range(0, 9), *range(14, 32), 0x7f, *range(0x80, 0xa0)]}
_CONTROLS.update({0x0b: "\n", 0x0c: "\n"})
_SPACES = re.compile(r"\s+")


def plural(n: int, word: str, many: str | None = None) -> str:
    """`1 article`, `2 articles` (`many` for a word whose plural is not word + s)."""
    return f"{n:,} {word if n == 1 else many or word + 's'}"


def without_controls(text: str) -> str:
    """`text` with terminal escape sequences and control characters removed, so an article or a
    server's words print as words on any terminal. Carriage returns are the caller's business
    (ingest turns them into newlines first)."""
    if text.isprintable():
        return text
    return _ESCAPE_SEQUENCE.sub("", text).translate(_CONTROLS)


# Full-width forms (an East Asian keyboard's "ｌａｃｒｏｉｘ") and the ideographic space.
_WIDE = re.compile("[\u3000\uff01-\uff5e]+")


def readable(text: str) -> str:
    """Typed text as characters: bytes that were not UTF-8 (a shell hands them on as lone
    surrogates, which the tokenizer refuses) as U+FFFD, terminal escape sequences and control
    characters dropped (hidden from the question's echo, they still changed its answer), and
    full-width letters, digits and punctuation as the ASCII they stand for (a stranger's
    "ｌａｃｒｏｉｘ" was a word no article mentions)."""
    if any("\ud800" <= c <= "\udfff" for c in text):
        text = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
    text = _WIDE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    return without_controls(text)


# What people say that asks nothing: a thank-you, a laugh, an ok. Answered with "Not in the
# indexed articles" and vote buttons, it would be noise in a channel.
_CHATTER = frozenset("""thanks thank thx ty tysm you u lol lmao lmfao rofl haha hahaha hehe ok okay k kk nice
    cool great awesome yes no yeah yep nope np sure wow gg oh ah hmm good bot cheers welcome
    hi hey hello hiya yo sup gm morning evening night everyone everybody all guys folks y'all yall peeps
    gn fam fren frens ser bro bruh wagmi ngmi gmi lfg ngl tbh fr frfr mid based lit dope""".split())
# A message opening with thanks, then only a remark on the bot or the help ("ok thx, this bot is
# kinda mid ngl", "thanks for nothing lol"): chat. Anything else after the thanks may ask
# something ("thanks! did they sign the deal").
_THANKS = re.compile(r"^\W*(?:(?:ok|okay|k|kk|oh|ah|lol)\W+)*(?:thanks|thank\s+you|thx|ty|tysm|cheers)\b(?P<rest>[^?]*)$",
                     re.IGNORECASE)
_REMARK = frozenset("""this that it bot is was kinda kind of sorta so very really pretty quite much a lot for the
    help nothing anyway again though tho mate man dude bro guys all you u ur your great good nice cool awesome
    mid meh helpful useful not bad fine ok okay""".split())


def is_chatter(text: str) -> bool:
    """Whether a message's text is only chat words, single letters, emoji or punctuation ("?",
    "thanks!", "x"; "2005?" asks something)."""
    folded = text.casefold()
    thanks = _THANKS.match(folded)
    if thanks and all(w in _CHATTER or w in _REMARK for w in re.findall(r"[^\W\d_]+", thanks["rest"])):
        return True
    return not any(c.isdigit() for c in folded) and all(
        word in _CHATTER or len(word) == 1 for word in re.findall(r"[^\W\d_]+", folded))


_BLANKS = frozenset("\u200b\u3164\u115f\u1160\uffa0\u2800")


def visible(text: str) -> str:
    """`text` without invisible format characters (direction marks, word joiners, a byte order
    mark) and with blanks that only look like characters (a zero-width space, the Hangul filler,
    the braille blank) as spaces: a question of only those is empty. The zero-width joiner and
    non-joiner stay: inside a Persian word or an emoji they are part of it."""
    if text.isprintable() and not _BLANKS.intersection(text):
        return text
    return "".join(" " if c in _BLANKS else c for c in text
                   if c in _BLANKS or c in "\u200c\u200d" or unicodedata.category(c) != "Cf")


def one_line(text) -> str:
    """`text` as one line: control characters dropped and every run of whitespace (newlines
    included) one space, so a title, a byline or a quote never breaks the line it is shown on."""
    return _SPACES.sub(" ", without_controls(str(text or ""))).strip()


def short_line(text, limit: int) -> str:
    """`text` as one line of visible characters (`one_line`, `visible`: no direction override
    turning "…\u202egnp.exe" into "…exe.png"), cut at a word before `limit` characters with "…".
    Text that is already such a line is returned as it is."""
    text = str(text or "")
    if len(text) <= limit and text.isprintable():
        return text
    line = one_line(visible(text))
    if len(line) <= limit:
        return line
    return (line[:limit].rsplit(" ", 1)[0] or line[:limit]).rstrip(" ,;:-") + "…"


def human_duration(seconds: float) -> str:
    """A duration as people say it: "40 s", "12 min", "3 h", "2 days"."""
    seconds = max(0.0, float(seconds))
    if seconds < 10:
        return f"{round(seconds, 1):g} s"
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    if seconds < 36 * 3600:
        hours = seconds / 3600
        return f"{hours:.0f} h" if hours >= 10 else f"{hours:.1f}".rstrip("0").rstrip(".") + " h"
    days = seconds / 86400
    return f"{days:.0f} day{'s' if round(days) != 1 else ''}"


def human_age(seconds: float | None) -> str:
    """How long ago something happened: "just now", "12 min ago", "3 days ago", "never"."""
    if seconds is None:
        return "never"
    if seconds < 10:
        return "just now"
    return f"{human_duration(seconds)} ago"

# Question words and glue that say nothing about which passage answers.
STOPWORDS = frozenset(
    """a an the and or but if of at by for with about against between into through during before
    after above below to from up down in out on off over under again further then once here there
    when where why how all any both each few more most other some such no nor not only own same so
    than too very s t can will just don should now is are was were be been being have has had
    having do does did doing i me my we our you your he him his she her it its they them their
    what which who whom whose this that these those am would could shall may might must also
    as until while""".split()
)


# Chat's spellings that name nothing, whatever a frequency list says of them: contractions typed
# without the apostrophe ("whos" reads as "who"), shorthand, and what is left of a contraction
# split at its apostrophe ("doesn't" is read as "doesn" and "t").
CHAT_SPELLINGS = frozenset("""whos whats wheres hows whens whys thats theres heres im ive youre theyre
    dont doesnt didnt isnt wasnt arent werent cant wont shouldnt wouldnt couldnt aint ur u r pls plz
    lol omg btw tbh idk ok okay yeah yep nope tldr tl dr
    ppl pple bc cuz coz abt tho thx ty kinda sorta gonna wanna gotta lemme dunno smth sth rn ngl imo imho fyi innit
    bloke blokes fella fellas geezer dude dudes
    doesn didn isn wasn aren weren hasn haven hadn couldn wouldn shouldn mustn needn ll ve re d m""".split())

# Chat's fillers, which name nothing a story could lack ("what is the dispute actually about": a
# stranger was told no article mentions “dispute”, “actually”).
CHAT_FILLERS = frozenset("actually really exactly basically literally even just anyway anyways though tho still "
                         "honestly seriously".split())

# A member, role or channel mention in a Discord message (<@id>, <@!id>, <@&id>, <#id>): who is
# addressed, never what is asked.
DISCORD_MENTION = re.compile(r"<(?:@[!&]?|#)\d+>")
_MASS_MENTION = re.compile(r"(?<![\w@])@(?:everyone|here)(?!\w)", re.IGNORECASE)
_MASKED_LINK = re.compile(r"\[([^\[\]]*)\]\(\s*<?[a-z][a-z0-9+.-]*://[^()\s]*>?\s*\)", re.IGNORECASE)
_LINK = re.compile(r"<?\b[a-z][a-z0-9+.-]*://\S+|\b(?:discord\.gg|discord(?:app)?\.com/invite)/\S+", re.IGNORECASE)
_PAIRED = [re.compile(rf"{re.escape(mark)}(.+?){re.escape(mark)}") for mark in ("**", "__", "~~", "||", "`")]
_EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")


def plain_question(text: str) -> str:
    """A question as its words: Discord's bold, strike-through, spoiler and code marks off, a
    masked link as its text, and links, invites and mentions dropped. Marks around the words would
    hide them from the search ("||who did hewitt beat||" was declined), and an invite would be
    echoed as the answer's title. Unpaired marks stay ("5*3", "it_was")."""
    # Read as words, a mention moved the answer: "<@123456789> who inducted u2" fell from 0.69 to 0.29.
    text = DISCORD_MENTION.sub(" ", _MASKED_LINK.sub(r"\1", text))
    # "@everyone" and "@here" too: "who said that @here" was searched as words, and "why?
    # @everyone" was no follow-up.
    return " ".join(without_marks(_MASS_MENTION.sub(" ", _LINK.sub(" ", text))).split())


def without_marks(text: str) -> str:
    """`text` without Markdown's (and Discord's) paired marks and with a masked link as its text:
    "cost **twelve** [million](…) pounds" as "cost twelve million pounds". Unpaired marks stay."""
    text = _MASKED_LINK.sub(r"\1", text)
    for pattern in _PAIRED:
        text = pattern.sub(r"\1", text)
    return _EMPHASIS.sub(r"\1", text)


# Chat filler that asks nothing: the model reading it moves a question's vector ("who inducted u2
# lol" had half the confidence of "who inducted u2"), so it reads the question without it.
_FILLER = re.compile(r"(?<![\w'’])(?:lol|lmao|lmfao|rofl|haha+|omg|pls|plz|please|thx|tbh|imo|imho|btw|ngl|idk)"
                     r"(?![\w'’])[\s,.!]*", re.IGNORECASE)
# A tail that asks nothing more ("did critics hate it or smth": a stranger's was declined, "did
# critics hate it" answered), and a closing "tho" after a question of its own ("what was number 1
# that week tho"); "why tho" stays a question ("why though?").
_OR_WHAT_TAIL = re.compile(r",?\s+or\s+(?:smth|sth|smthng|something|summat|sumthin|what|nah|whatever)(?=[\s?!.]*$)",
                           re.IGNORECASE)
# "can u tell me what he actually said": what is asked (a stranger's was declined, "what did he
# actually say" answered).
_ASKING_FOR = re.compile(r"^\s*(?:(?:can|could|would)\s+(?:you|u)\s+(?:please\s+|pls\s+)?(?:tell|show)\s+(?:me|us)|"
                         r"do\s+(?:you|u)\s+know|any\s+idea|i\s+wonder|tell\s+me)\s+"
                         r"(?=(?:what|who|where|when|why|how|which)\b)", re.IGNORECASE)
_THO_TAIL = re.compile(r",?(?<!\beven)\s+(?:tho|though)(?=[\s?!.]*$)", re.IGNORECASE)  # not "even though"
# "who threw it out in the first place?" asks who threw it out (a stranger's was declined at 0.13,
# "who threw it out?" answered at 0.82): closing a who or why question, the phrase only stresses
# it ("which team finished in the first place?", "how many were there to begin with?" ask more).
_FIRST_PLACE_TAIL = re.compile(r"^(?=\W*(?:(?:and|so|but|ok|okay|then|wait|hm+)[\s,]+)*(?:who|whom|whose|why|y)\b)"
                               r"(.*?),?\s+in\s+the\s+first\s+place(?=[\s?!.]*$)", re.IGNORECASE)


# "what's the walled garden thing": the "thing" asks nothing, and read as a word it cost the
# launch article's sentence more than half its confidence (0.49 → 0.20).
# Not after a word that needs it ("the other thing", "the main thing"): there it is what is asked.
_THING = re.compile(r"^((?:what|wat)(?:'s|’s|s|\s+is|\s+was)\s+(?:the|this|that)\s+"
                    r"(?:[$£€]?[\w'’.,-]+\s+)*?(?!(?:other|same|only|first|last|next|whole|main|big|small|little|new|old|"
                    r"right|wrong|best|worst|good|bad|real|important|key|entire|weird|funny|strange|crazy|whole|"
                    r"one|whole|latest)\s)[\w'’-]+)\s+(?:thing|thingy|stuff)(?=[\s?.!]*$)", re.IGNORECASE)


def without_filler(text: str) -> str:
    """`text` without chat filler ("lol", "pls", "tbh"…; in capitals it may be what is asked
    about: "what is LOL?"; "thing" closing "what's the X thing"), or as it was when nothing else
    is left."""
    kept = _FILLER.sub(lambda found: found.group() if found.group().rstrip(" ,.!").isupper() else " ", text)
    kept = _THING.sub(r"\1", kept)
    kept = _OR_WHAT_TAIL.sub("", _ASKING_FOR.sub("", kept))
    if len(words(_THO_TAIL.sub("", kept))) >= 3:
        kept = _THO_TAIL.sub("", kept)
    if len(words(_FIRST_PLACE_TAIL.sub(r"\1", kept))) >= 3:
        kept = _FIRST_PLACE_TAIL.sub(r"\1", kept)
    kept = re.sub(r"\s+(?=[?.!,])", "", " ".join(kept.split()))
    return kept if re.search(r"\w", kept) else text


# A front matter's or page's timestamp ("2005-02-07T09:41:00Z"), shown as a reader writes it.
_TIMESTAMP = re.compile(r"(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?\s*(Z|[+-]00:?00|[+-]\d{2}:?\d{2})?")


def readable_date(value: str) -> str:
    """`value` with an ISO timestamp shown as "2005-02-07 09:41 UTC" (a stranger saw
    "Published 2005-02-07T09:41:00Z."); any other date as given."""
    found = _TIMESTAMP.fullmatch(value.strip())
    if found is None:
        return value
    day, clock, zone = found.groups()
    if zone in (None, ""):
        return f"{day} {clock}"
    return f"{day} {clock} " + ("UTC" if zone == "Z" or zone.replace(":", "")[1:] == "0000" else zone)


_PRONOUN = re.compile(r"\b(?:he|she|it|they|them|him|his|her|hers|its|their|theirs)\b", re.IGNORECASE)
# Said when one article declines such a question: naming the person or thing is what most often
# gets an answer ("how old is he?" declined, "how old is scrushy?" answered).
PRONOUN_HINT = "If you meant someone or something in it, their name instead of he, she, it or they often helps."
# What a decline says the article asked gives none of (`Answer.missing`).
MISSING_KINDS = {"money": "sum of money", "age": "age", "score": "score", "words": "words of the one asked about",
                 "ahead": "word of what is to come", "spelt": "full form of the short form asked about"}


def missing_what(missing: str, unquoted: str | None = None) -> str:
    """What a decline says the article gives none of (`Answer.missing`; for "words", whose:
    `Answer.unquoted`, as the front end shows it)."""
    if missing == "words" and unquoted:
        return f"words said or thought by “{unquoted}”"
    if missing == "age" and unquoted:
        return f"age of “{unquoted}”"
    if missing == "spelt" and unquoted:
        return f"full form of “{unquoted}”"
    return MISSING_KINDS[missing]
# Said when a question in another language is declined (`spelling.in_another_language`).
ENGLISH_HINT = "I read questions in English only: asking in English may get an answer."
# Under quotes found for a question in another language (a name it shares with the articles).
ENGLISH_NOTE = ("This question reads as written in another language than English, and I read English only: "
                "these quotes may not answer it. Asking in English may get a better answer.")
# A question leaning on he/she/it/they asked where no story is being discussed (`answer.names_nobody`).
# "why?", "how many?" where nothing is being discussed: it asks one more thing of nothing.
ASKS_BACK_NOTHING = ("What about? Nothing is being discussed here yet, so “why?” or “when?” alone could be about "
                     "anything in the indexed articles: ask the whole question.")
# What a decline in the article being discussed suggests; with one article indexed there is no
# other story to name (a new user of the launch article alone was told to name one).
NAME_THE_STORY = "Name the story you mean, or ask about another article."
UNPICK = "Try asking without picking an article."
SEARCH_THEM_ALL = "Ask without picking an article to search them all."  # after what a pick never mentions
OTHER_WORDS_OR_UNPICK = "Try other words, or ask without picking an article."
ONLY_ARTICLE_TRY = "Try other words: it is the only article indexed."
ASKS_BACK_UNASKED = ("What about? Nothing has been asked of the article yet, so “why?” or “when?” alone could "
                     "be about anything in it: ask the whole question.")
NOTHING_INDEXED = "No articles are indexed yet, so there is nothing to quote: add an article first."
NOTHING_QUOTED = ("Whose words? No quote is being discussed here: ask about the article first; then “who said "
                  "that?” asks whose words the answer's first quote gives.")
# ... after a decline (a stranger read "ask about the article first" after five answers as the
# bot forgetting them).
NOTHING_QUOTED_LAST = ("Whose words? The last answer quoted nothing: “who said that?” asks whose words an answer's "
                       "first quote gives, right after it.")
# Above an answer whose first quote is the last answer's first (`Answer.repeats`).
REPEATS_NOTE = "The same first quote as the last answer's: it is also the article's closest sentence to this question."
# A yes-or-no question about what is to come declined because its closest sentence speaks of
# nothing ahead (a stranger saw "couldn't find an answer" over a confident-looking reason, 0.63).
NOT_AHEAD = ("The closest sentences found say nothing of what is to come, so I won't guess whether it will "
             "happen. Try asking what the articles say about it.")
NAMES_NOBODY = ("Who or what do you mean? Nothing is being discussed here yet, so he, she, it or they could "
                "be anyone in the indexed articles: name them, or pick the article.")


# "It" that stands for nothing: the weather, the time, "is it true that…". Such a question does
# not lean on a person or thing, so it neither gets the pronoun hint nor reads as naming nobody.
# Narrow on purpose: "is it likely to pass?", "does it light up?", "how is it going to be
# funded?" and "what time is it open?" mean a thing.
_WEATHER = r"(?:rain\w*|snow\w*|hail\w*|sunny|cloudy|foggy|windy|stormy|cold|hot|warm|freezing)"
_DUMMY_IT = re.compile(
    r"\b(?:is|was|will)\s+it\s+(?:be\s+|going\s+to\s+(?:be\s+)?)?(?:" + _WEATHER + r"|true|possible)\b"
    r"|\bit(?:'s|\u2019s|\s+is|\s+was|\s+will\s+be)?\s+(?:going\s+to\s+(?:be\s+)?)?" + _WEATHER + r"\b"
    r"|\bwhat\s+(?:time|day|date)\s+is\s+it\s*\??\s*$|\bhow(?:'s|\u2019s|\s+is|\s+was)\s+it\s+going\s*\??\s*$"
    # "how much would it cost the police to enforce a lower limit?": what is done costs, someone
    # named between (a stranger's was read with "the current drink drive limit"); not "how long will
    # it take to build?" or "how much does it cost to run each year?", where it is the thing.
    r"|\bit\s+(?:costs?|costing|takes?|took|taking)\s+(?:[\w'’]+\s+){1,3}?to\s+[\w'’]+\s+[\w'’]"
    # "how much does it cost to adapt a car?", "how long will it take to build the stadium?": a
    # thing the verb acts on follows (a stranger's was read with "the new organisation"); not
    # "…to run a year?".
    r"|\bit\s+(?:costs?|costing|takes?|took|taking)\s+to\s+[\w'’]+\s+(?:a|an|the|this|that|these|those|his|her|"
    r"their|its|my|your|our)\s+(?!(?:year|month|week|day|season)\b)[\w'’]",
    re.IGNORECASE)


_ASKS_NAME = re.compile(r"\bnames?\b|\bcalled\b", re.IGNORECASE)
# ... nor who he is ("what's her name?" is read so: `name_read_as_who`)
_ASKS_WHO_IT_IS = re.compile(r"^\s*(?:(?:so|and|ok|okay)[\s,]+)?who(?:['’]s|\s+is|\s+was|\s+are|\s+were)\s+"
                             r"(?:he|she|they)\s*[?!.]*\s*$", re.IGNORECASE)


def pronoun_hint_helps(question: str) -> bool:
    """Whether a decline should add PRONOUN_HINT: the question leans on he/she/it/they, and does
    not ask for the name itself ("what's her name?": naming her is what the asker cannot do)."""
    if not says_pronoun(question) or _ASKS_NAME.search(question) or _ASKS_WHO_IT_IS.match(question):
        return False
    text = without_dummy_it(question)
    pronoun = _PRONOUN.search(text)
    # "what about mac and linux, are they safe?": the question names them itself.
    if pronoun and _named_in_a_clause_before(text, pronoun.start()):
        return False
    # "what did collins say about her ban?": every pronoun is a possessive or a "herself" after
    # the subject the question names, so it stands for that subject (strangers were told to name
    # someone they had named). "why did chelsea sell him?" still gets it: "him" is someone else.
    pronouns = list(_PRONOUN.finditer(text))
    return not (pronouns and all(_owned(text, found.start()) for found in pronouns)
                and _names_someone(text[:pronouns[0].start()]))


# A possessive pronoun before what it owns ("their new album"), or a reflexive one; "her" only after
# a preposition ("about her ban"), as after a verb it is whom it is done to ("did the coach let her
# go?": a review's find).
_OWNED = re.compile(r"(?:his|its|their|her)\s+(?!(?:to|for|about|of|at|in|on|with|from|by|and|or|if|when|that|"
                    r"this|after|before|over|up|down|out|off|back|again|now|then|yet|so)\b)[^\W\d_]|"
                    r"(?:him|her|it|them)sel(?:f|ves)\b", re.IGNORECASE)
_BEFORE_HERS = re.compile(r"\b(?:about|of|on|for|with|to|from|in|at|over|after|by)\s+$", re.IGNORECASE)


def _owned(text: str, at: int) -> bool:
    """Whether the pronoun at `at` owns what follows (`_OWNED`), "her" only after a preposition."""
    return bool(_OWNED.match(text, at)) and (text[at:at + 4].casefold() != "her " or
                                             bool(_BEFORE_HERS.search(text[:at])))


# The only words a follow-up that points back at the last question holds: "and why?", "who
# else?", "how much?", "so when was that?". Never he, she, it or they: "how old is he?" asks a
# question of its own.
_ASKING_BACK = frozenset("""who whom whose what when where why how and so but ok okay then also well else much many
    long old far often exactly again instead really too though tho that this is was are were s for by""".split())
_OPENING = re.compile(r"^(?:(?:and|so|but|ok|okay|then|also|well|hmm+|by)\b[\s,.!]*)+", re.IGNORECASE)
# The question word (with "'s", and "much"/"many"... after "how") that opens a question.
_OPENING_WH = re.compile(r"^\s*(?:who|whom|whose|what|which|when|where|why|how(?:\s+(?:much|many|long|old|far|often))?)"
                         r"(?:'s|’s|s)?\b\s*", re.IGNORECASE)
# Question words that ask for a thing or someone, which can stand where another such one stood
# ("how much?" after "what did chelsea pay for him?").
_ASKS_A_THING = re.compile(r"(?:what|which|who|whom|how\s+(?:much|many))", re.IGNORECASE)
# What an earlier question goes on with after its question word when another can take its place:
# a verb of its own ("who sold stam?", "when did he leave?"), not a noun ("how many staff…",
# "which theatre…", "what club…").
_AUXILIARY = re.compile(r"(?:did|does|do|is|was|are|were|has|have|had|will|would|can|could|should|may|might|must)\b",
                        re.IGNORECASE)


# A question asking the bot to judge, not what an article says: "is he right?", "do you agree?",
# "is that true?". Quotes cannot answer it; a decline saying why, not "the article doesn't answer
# that" with a hint to name whoever "he" is (a stranger's "is he right?" of an opinion piece got
# both). Whole questions only: "what do you think about deepseek?" asks for the article's view of
# it, and "is he right about the costs?" names what to look for.
_JUDGED = r"(?:he|she|they|it|that|this|i|we|you|u|the\s+(?:author|writer|columnist|article|piece|story|report))"
_JUDGEMENT = re.compile(
    r"(?:(?:and|so|but|ok|well|hmm+)\b[\s,]*)*(?:"
    r"(?:is|are|was|were|am)\s+" + _JUDGED + r"\s+(?:really\s+|actually\s+|even\s+)?"
    r"(?:right|correct|wrong|true|fair|accurate|biased|reliable|credible|trustworthy)(?:\s+(?:about\s+(?:that|this|it)|then))?"
    r"|(?:do|would)\s+(?:you|u|ya)\s+(?:agree|disagree)(?:\s+(?:with|that)\s+.+)?"
    r"|(?:do|would)\s+(?:you|u|ya)\s+believe\s+(?:it|that|this|him|her|them)"
    r"|what\s+do\s+(?:you|u|ya)\s+(?:think|reckon)(?:\s+(?:of|about)\s+(?:that|this|it|him|her|them))?"
    r"|(?:what(?:'s|\u2019s|s|\s+is)\s+)?your\s+(?:opinion|view|take|verdict)"
    r")(?:\s+(?:tho|though|then|really|or\s+not|or\s+what))?\s*[?!.]*\s*",
    re.IGNORECASE)
ASKS_JUDGEMENT = ("That asks me to judge, and I only quote what the articles say: whether it holds is yours to "
                  "weigh. Ask what an article says about it (“what does it say about …?”, “what does the author "
                  "argue?”).")


def asks_for_judgement(question: str) -> bool:
    """Whether a question only asks the bot's judgement ("is he right?", "do you agree?")."""
    return _JUDGEMENT.fullmatch(question.strip()) is not None


# "what is deepseek?", "who is villa's chairman?", "who are the bravery?": a question asking what
# or who something is, whose something a follow-up's pronoun then stands for (`with_subject`).
_WHAT_IS = re.compile(r"^\s*(?:(?:so|and|ok|okay)[\s,]+)?(?P<wh>what|wat|who)(?P<be>'s|’s|s|\s+is|\s+are)\s+"
                      r"(?P<x>(?!(?:it|this|that|he|she|they|there|going|happening)\b)[\w'’&.-]+(?:\s+[\w'’&.-]+){0,6}?)"
                      r"\s*[?!.]*\s*$", re.IGNORECASE)
_WHAT_ABOUT = re.compile(r"^\s*(?:(?:and|so|ok|okay)[\s,]+)?(?:what|wat|how)\s+about\s+"
                         r"(?P<x>(?!(?:it|this|that|he|she|they|him|her|them|there)\b)[\w'’&.-]+(?:\s+[\w'’&.-]+){0,5}?)"
                         r"\s*[?!.]*\s*$", re.IGNORECASE)
# "it" as the article ("does it say who pays?", "what does it say about openai?", "according to
# it"), which the something asked about before is not.
_THE_ARTICLE_IT = re.compile(r"\b(?:does|did|do)\s+it\s+(?:say|mention|talk|cover|discuss|explain|tell|describe|"
                             r"list|name|claim|suggest|argue|state)\b|\baccording\s+to\s+it\b|\b(?:in|from)\s+it\b|"
                             r"\bit\s+(?:says|said|mentions|mentioned|claims|argues|states)\b", re.IGNORECASE)
# Words opening a clause whose he or she is the main clause's someone.
# ... and "how", "why", "where", "that" opening a clause ("what did henin say about how she played": a
# stranger's was read as "…how dementieva played", the question before having asked who Dementieva is)
_SUBORDINATING = frozenset("when after before because if while as since until once whether though although how why "
                           "where that".split())
# What may follow "her" as an object ("what did they tell her about…"), not a noun she owns.
_NOT_A_NOUN = frozenset("about to for with at in on by from and or but so if when after before".split())
# The pronouns standing for it: for a what, "it"; for a who, he or she, or they when plural.
_STANDS_FOR = {"what": r"it", "who": r"he|she|him|her", "they": r"they|them"}
# Parties and bodies a reader names in lowercase, which "he" or "she" never stands for.
_GROUPS = frozenset("labour tories tory conservatives government govt gov police union unions company firm council "
                    "club party parties fans team board bank ministry committee opposition democrats dems republicans "
                    "greens snp ukip plaid".split())
# Nouns ending in -ing, which no one is doing: "what is henmans world ranking?" asks a thing (a
# stranger's "has he ever won…" next was read as "has henmans world ever won…").
_ING_NOUNS = frozenset("ranking rankings earnings wedding weddings bombing bombings housing clothing morning "
                       "evening thing things king string spring wing ceiling savings findings rating ratings "
                       "recordings bookings warnings buildings".split())


# What "what's …?" asks that is no thing a later "it" could be ("what's up?", "what's the reason?").
_NO_SUBJECT = frozenset("up new wrong right next reason reasons matter problem problems issue issues point catch "
                        "difference story news article piece gist deal idea answer question case situation "
                        "latest score verdict price cost name names codename nickname title".split())
# ("name": "when will it be on sale?" after "whats the name of the student" was read as "when
# will the name of the student be on sale"; a stranger's "it" was the student's invention.)
# Words closing a question that are no part of its something ("what is deepseek anyway?").
# ... and chat's "rn", "atm" (a stranger's "what club does he play for" after "who's the scotland coach
# rn" was read as "what club does the scotland coach rn play for")
_CLOSING_WORDS = re.compile(r"(?:\s+(?:anyway|exactly|again|then|now|tho|though|really|even|actually|rn|atm|currently|"
                            r"nowadays))+$", re.IGNORECASE)


# What "what's X?" asks when X ends in these is no thing a pronoun could stand for: its name,
# what it is about ("whats her name", "what's the row about?"; a stranger's follow-up was read as
# "which airline was her name"). What it is called, named or like is stripped first (_ASKED_OF_IT).
_NOT_A_THING = frozenset("name names title about for to from with of on at by in into doing saying worth against over "
                          "without".split())
# Words standing for what was said before, themselves no subject ("what about the others?",
# "everyone else"); and words that do so before no noun ("the other two").
_STANDS_FOR_OTHERS = frozenset("others rest remainder ones everyone everybody everything anyone".split())
_OTHER_OF = frozenset("other former latter same".split())
_NO_NOUN_AFTER = frozenset("one ones two three four five six else too as well also then of in from at on".split())
_POSSESSIVES = frozenset("her his their its my your our ur".split())
_OF_WORDS = frozenset("for of with about behind in on to at from".split())
_SAYING = frozenset("saying claiming arguing suggesting thinking warning telling".split())
# What "what's X …?" asks of X, not part of it: what it is called, based on or like.
# Not "about": "when was it painted?" after "what's the export wrangle about?" asks of the painting.
_ASKED_OF_IT = re.compile(r"\s+(?:called|named|based\s+on|like|made\s+of|made\s+from)$", re.IGNORECASE)
_DETERMINERS = frozenset("the a an this that these those".split())
_ENDS_IN_PRONOUN = re.compile(r"\s+(?:he|she|they|we|you)$")
# People, never "it" ("the simpsons", "the winter olympics", "bill gates" may be: not here).
_PEOPLE_PLURAL = frozenset("""people persons folk folks men women children kids staff police fans players voters workers
    residents customers users parents students pupils teachers officials ministers mps critics experts analysts
    consumers families pensioners patients doctors nurses investors shareholders members supporters protesters
    viewers readers listeners citizens migrants refugees victims survivors passengers employees farmers
    owners""".split())
_ENDS_IN_PLACE = re.compile(r"\s+(?:there|here)$", re.IGNORECASE)


def _a_title(found: Sequence[str]) -> bool:
    """Whether words are a title as written ("Inside Out", "Into the Wild"): each capitalised but
    the small words, and not all in capitals ("IN CHARGE AT BATH")."""
    return (not " ".join(found).isupper()
            and all(w[:1].isupper() or w.casefold() in ("the", "a", "an", "of", "and", "in", "on", "at", "to", "for")
                    for w in found))


_PREPOSITIONS = frozenset("in at on behind to for from with by of about under over into against without inside "
                          "outside near beyond after before".split())
_RELATIVES = frozenset("that thats that's who whos who's which".split())


_TO_COME = frozenset({"gonna", "gunna", "to"})


def _subject_of(question: str | None) -> tuple[re.Match, str, str | None] | None:
    """(the match, the something asked about, the pronouns standing for it when not as its
    question word says) of a question asking what or who something is."""
    asked = _WHAT_IS.match(question or "")
    if asked is None:
        about = _WHAT_ABOUT.match(question or "")
        # "what about deepseek?": the talk moves to it, and a pronoun next may stand for it ("when
        # was it founded?": a stranger's was read with the question two before).
        if about is None or _subject_of(f"what is {about['x']}?") is None:
            return None
        # A party or a body is no he or she ("is he going to resign?" after "what about labour?"
        # was a stranger's "is labour going to resign?").
        head = about["x"].split()[-1].casefold().strip(".")
        # ... and people are no "it" ("how much would it cost to get everyone online?" after "what
        # does it say about older people?" was a stranger's "how much would older people cost…").
        stands_for = ("they|them" if head in _PEOPLE_PLURAL else
                      "it|they|them" if head in _GROUPS else "he|she|him|her|it|they|them")
        return about, _subject_of(f"what is {about['x']}?")[1], stands_for
    # "what's the joy division film based on?", "whats the film called?": the film is the thing
    # (a later "who wrote it?" asks who wrote the film).
    # "whats the film called and who made it": the film (a stranger's next "why did it win?" was read
    # as "why did the film called and who made it win?").
    first = re.split(r"\s*(?:,|\band\b|\bor\b)\s*(?:who|what|when|where|why|how|which)\b", asked["x"], maxsplit=1,
                     flags=re.IGNORECASE)[0]
    closed = _CLOSING_WORDS.sub("", first).strip(" .")
    subject = _ASKED_OF_IT.sub("", closed)
    if subject != closed:
        # "who is the whistleblower they called?": a clause's "they called", not what it is called
        # (a stranger's next "he" was read as "the whistleblower they"); not "World War I".
        subject = _ENDS_IN_PRONOUN.sub("", subject)
    # "who's the current mp there?": the MP ("there" is no part of whoever it is: a stranger's next
    # "he" was read as "the current mp there").
    place = _ENDS_IN_PLACE.search(subject)
    if place is not None and subject[:place.start()].split()[-1:] != [] and (
            subject[:place.start()].split()[-1].casefold() not in _PREPOSITIONS):  # "the man over there" stays
        subject = subject[:place.start()]
    found = subject.split()
    # "who is making the film?" asks no one's name; "what is Boeing?" does; "who's in charge at
    # bath?", "who is behind the attack?" ask who stands somewhere, no thing (a stranger's next
    # "how old is he?" was read as "how old is in charge at bath?").
    if not found or (found[0].casefold().endswith("ing") and len(found) > 1) or (
            found[0].casefold() in _PREPOSITIONS and not _a_title(found)) or (  # "Inside Out" is a film
            # "who's gonna be the tory candidate?", "who is set to replace him?": whoever is to come,
            # no one named (a stranger's next "is he going to run as an independent?" was read as
            # "is gonna be the tory candidate there instead going to run…").
            found[0].casefold() in _TO_COME or len(found) > 1 and found[1].casefold() == "to"):
        return None
    folded = [w.casefold().strip(".") for w in found]
    if folded[-1] in _NOT_A_THING or _POSSESSIVES.intersection(folded):
        return None
    # "what's the problem for crypto ai teams?", "what's the price of gold?": its head asks no thing
    # (a stranger's "when was it founded?" two questions on was read as "…the problem for crypto ai
    # teams founded").
    at = next((i for i, w in enumerate(folded) if w not in _DETERMINERS), None)
    if at is not None and (folded[at] in _STANDS_FOR_OTHERS or (
            # "other", "former" before no noun: "the other two", "the other ones"; "the former
            # england captain" is someone (reviews' finds)
            folded[at] in _OTHER_OF and all(w in _NO_NOUN_AFTER or w.isdigit() for w in folded[at + 1:]))):
        # "what about the others?": they are whoever came before, no subject to read a "they"
        # next as (a stranger's "how many people did they ask?" was read as "…did the others ask?").
        return None
    if at is not None and folded[at] in _NO_SUBJECT and at + 1 < len(folded) and folded[at + 1] in _OF_WORDS:
        return None  # not "what is the new iPod?", "who is the next Tory leader?"
    # "what is Howard proposing?", "who is the associate testifying?": a verb going on, not a thing
    # ("the ruling" is one: after a determiner). Whoever does it is what he or she stands for
    # next (and "it", of saying or thinking: "why does it think that?" after "what is ofcom saying
    # about regulating the internet?"); "it" after "what is Howard proposing?" is the proposal.
    # Not after a function word: "the man accused of spamming" is a man.
    verb = next((i for i, (before, w) in enumerate(zip(folded, folded[1:]), 1)
                 if w.endswith("ing") and len(w) > 4 and before not in _DETERMINERS and before not in STOPWORDS
                 and w not in _ING_NOUNS), None)
    if verb is not None:
        # "who is the owner thats suing?": the owner ("the owner thats" was read into the next question).
        while verb > 1 and folded[verb - 1].replace("’", "'") in _RELATIVES:
            verb -= 1
        agent = " ".join(found[:verb])
        if all(w in STOPWORDS or w in _DETERMINERS for w in folded[:verb]):
            return None
        return asked, agent, _STANDS_FOR["who"] + "|they|them" + ("|it" if folded[verb] in _SAYING else "")
    if all(word.casefold() in STOPWORDS or word.casefold() in _NO_SUBJECT for word in found):
        return None
    return asked, subject, None


def _names_someone(text: str) -> bool:
    """Whether a question's `text` names the subject of its verb: a word capitalised after its
    first, or a word after its auxiliary ("how old was marley", "what did the council say", "who's
    jack straw"; not "what happened", where the question word is the subject)."""
    found = re.findall(r"[^\W\d_]+", text)
    return (any(w[:1].isupper() for w in found[1:]) or _AUXILIARY_SUBJECT.search(text) is not None
            or _WHOS_SUBJECT.search(text) is not None)


_AUXILIARY_SUBJECT = re.compile(r"\b(?:is|was|are|were|did|does|do|has|have|had|will|would|can|could)\s+"
                                r"(?:(?:the|a|an)\s+)?(?!(?:he|she|it|they|there|this|that|you|u|i|we|not)\b)[^\W\d_]{2,}",
                                re.IGNORECASE)
# "who's" names whom it asks about as "who is" does (a stranger's "who's jack straw, like what's his
# job?" was told to name whoever "his" is); not "who's next", "who's playing", "who's to blame",
# nor any "what's" ("what's happening, will he…?": a review's finds).
_WHOS_SUBJECT = re.compile(r"\bwho['’]?s\s+(?:(?:the|a|an)\s+)?(?!(?:he|she|it|they|there|this|that|you|u|i|we|not|next|"
                           r"to|gonna|gunna|in|on|up|out|been|got|left|behind|responsible|involved|coming|going)\b)"
                           r"(?![^\W\d_]+(?:ing|ed)\b)[^\W\d_]{2,}", re.IGNORECASE)


def capitalised_words(text: str) -> set[str]:
    """The words of `text` after its first that are written with a capital ("Ebbers" in "what
    does Ebbers say?"), casefolded; never "I"."""
    found = re.findall(r"[\w'’-]+", text)[1:]
    return {w.casefold() for w in found if w[:1].isupper() and w.casefold() not in NO_NAMES
            and not (w.isupper() and len(w) <= 3)}  # not "UK", "TV"


# Capitalised, yet no one's name: "I", "I'm", the months and days.
NO_NAMES = frozenset("i i'm i’m i've i’ve i'd i'll january february march april may june july august september "
                     "october november december monday tuesday wednesday thursday friday saturday sunday".split())


def what_about(question: str | None) -> str | None:
    """The something of "what about X?" (as `about.said_about` reads "what does the article say
    about X?"), None for any other question."""
    found = _WHAT_ABOUT.match(question or "")
    return None if found is None else found["x"]


def asks_what_is(question: str | None) -> bool:
    """Whether `question` asks what or who something is ("what is the Mac mini?"), which a later
    pronoun may stand for (`with_subject`)."""
    return _subject_of(question) is not None


# A bare "that" closing a question after "is" or "was": the thing talked about ("how big is
# that?"), not what was said ("what did he say about that?", "why is that?" asks a reason).
# Only a size, an amount or an age: "how true is that?", "how legal is that?" ask of what was said
# (a review's find).
_BARE_THAT = re.compile(r"^\W*(?:how\s+(?:big|much|many|old|large|long|tall|expensive|costly|far|fast|deep|high|heavy|"
                        r"wide|small|popular|common|new)|who|what|where)\s+(?:is|was|'s|’s)\s+(that)\s*[?!.]*\s*$",
                        re.IGNORECASE)


def bare_that(question: str) -> bool:
    """Whether `question` asks of a bare "that" as `with_subject` reads it ("how big is that?"):
    the last question's subject only, never an older one's."""
    return _BARE_THAT.search(question) is not None and not _PRONOUN.search(question)


def with_subject(question: str, previous: str) -> str | None:
    """`question` with its one pronoun read as what `previous` asked what or who it is ("how much
    did it cost?" after "wat's deepseek?" as "how much did deepseek cost?": a stranger's was
    declined, the same question with the name answered); None when `previous` asks no such thing,
    or `question` has no such pronoun or more than one. Not possessives ("his", "its"): "what is
    his job?" would need the name's possessive."""
    found = _subject_of(previous)
    if found is None or _DUMMY_IT.search(question) or _THE_ARTICLE_IT.search(question):
        return None
    if bare_that(question):
        that = _BARE_THAT.search(question)
        # "how big is that?" after "what about openai's stargate?" asks its size, as "how big is
        # it?" does (a stranger's "that" got another paragraph's crypto projects).
        return with_subject(f"{question[:that.start(1)]}it{question[that.end(1):]}", previous)
    asked, subject, stands_for = found
    if stands_for is None:
        wh = "what" if asked["wh"].casefold() in ("what", "wat") else "who"
        stands_for = _STANDS_FOR["they" if asked["be"].strip().casefold() == "are" else wh]
    pattern = re.compile(rf"\b(?:{stands_for})\b", re.IGNORECASE)
    found = list(pattern.finditer(question))
    if len(found) != 1 or len(_PRONOUN.findall(question)) != 1:
        return None
    after = re.match(r"\s*([\w'’-]+)", question[found[0].end():])
    if found[0].group().casefold() == "her" and after and after.group(1).casefold() not in _NOT_A_NOUN:
        return None  # "what is her job?": a possessive ("what is Lisa Su job?")
    before = re.search(r"([\w'’-]+)\s*$", question[:found[0].start()])
    if (before and before.group(1).casefold() in _SUBORDINATING and found[0].group().casefold() != "it"
            and _names_someone(question[:before.start()])):
        # "how old was marley when he died?": he is whom the question names before, not the
        # last question's (a stranger's was read as "…when rob partridge died"); not "what
        # happened after he resigned?", which names no one.
        return None
    if not _stands_for(found[0].group(), subject):
        # "what is the mother suing him for?" after "whos the actress he's accused of killing?"
        # (a stranger's was read as "…suing the actress he's accused of killing for?").
        return None
    if _named_in_a_clause_before(question, found[0].start()):
        # "how much is the reconstruction drive worth and who is paying for it?": it is what the
        # question's own first clause names (a stranger's was read with the last question's).
        return None
    return question[:found[0].start()] + subject + question[found[0].end():]


# Nouns for one woman or one man: which of "she" and "he" can stand for a phrase they head.
_FEMALE = frozenset("""actress mother mum mom wife daughter sister girl woman lady queen princess duchess countess
    grandmother granddaughter aunt niece widow bride girlfriend chairwoman spokeswoman businesswoman sportswoman
    policewoman congresswoman waitress heroine""".split())
_MALE = frozenset("""father dad son brother boy man husband king prince duke grandfather grandson uncle nephew
    widower groom boyfriend chairman spokesman businessman sportsman policeman congressman""".split())
# Before a name ("Ms Clarkson", "mr spector", "Queen Elizabeth"); "MS" in capitals is no one's title.
_TITLED = {"ms": "she", "mrs": "she", "miss": "she", "dame": "she", "lady": "she", "queen": "she", "princess": "she",
           "duchess": "she", "mr": "he", "sir": "he", "lord": "he", "king": "he", "prince": "he", "duke": "he"}
# A title that is a word, a band or a word of a name too ("Queen guitarist Brian May"): a title
# only before a capitalised name.
_ROYAL = frozenset("queen princess duchess king prince duke".split())


def _titles(title: str, name: str) -> bool:
    """Whether `title` stands before `name` as someone's title ("Ms Clarkson", "Queen Elizabeth")."""
    folded = title.casefold()
    return (folded in _TITLED and not title.isupper()
            and (folded not in _ROYAL or (name[:1].isupper() and name.casefold() not in _FEMALE | _MALE)))


_OWNERS = frozenset("his her their its my your our".split())
# Where a noun phrase's head has come: a preposition, a relative word, or a pronoun opening a
# clause ("the actress he's accused of killing", "the lawyer for the mother").
_AFTER_HEAD = re.compile(r"\s+(?:of|for|to|in|at|with|from|by|on|about|who|whom|whose|that|which|he|she|they|it|i|you|"
                         r"we)\b", re.IGNORECASE)


def _sex_of(phrase: str) -> str | None:
    """"she" or "he" for a phrase headed by a word for a woman or a man ("the mother of the
    actress", "the boy's mother"), or opening with a title before a name ("Ms Clarkson"); None for
    any other ("the lawyer for the mother", "Lady Gaga's manager", "the MS patient")."""
    text = re.sub(r"^\W*(?:(?:the|a|an|this|that|his|her|their|its)\s+)+", "", phrase.strip(), flags=re.IGNORECASE)
    stop = _AFTER_HEAD.search(text)
    text = text[: stop.start()] if stop else text
    # An owner heads nothing: "the boy's mother" is the mother, "Lady Gaga's manager" no one's sex.
    owners = list(re.finditer(r"['’]s?\s+", text))
    text = text[owners[-1].end():] if owners else text
    head = re.findall(r"[\w-]+", text)
    if len(head) >= 2 and _titles(head[0], head[1]) and (head[0].casefold() not in _ROYAL or len(head) == 2
                                                         or head[2][:1].isupper()):
        return _TITLED[head[0].casefold()]
    return _sex_of_word(head[-1]) if head else None


def _sex_of_word(word: str) -> str | None:
    """"she" or "he" for a word for a woman or a man, a hyphened one by its part that says so
    ("ex-wife", "mother-in-law")."""
    for part in dict.fromkeys((lambda parts: (parts[0], parts[-1]))(word.casefold().split("-"))):
        if part in _FEMALE or part in _MALE:  # "mother-of-two", "mother-in-law", "ex-wife"
            return "she" if part in _FEMALE else "he"
    return None


def _stands_for(pronoun: str, phrase: str) -> bool:
    """Whether "he" or "she" (any form) may stand for `phrase`: not for a phrase headed by a word
    for the other sex, nor one saying that pronoun itself ("the actress he's accused of killing"
    is no "him"). Any other pronoun may."""
    pronoun = pronoun.casefold()
    for own, other in ((_HE, "she"), (_SHE, "he")):
        if own.fullmatch(pronoun):
            return not any(own.fullmatch(w) for w in words(phrase)) and _sex_of(phrase) != other
    return True


# What a "they" may stand for: a plural noun after "the" ("the phone companies"; not "the
# crisis", "the news"), or a body.
_PLURAL_AFTER_THE = re.compile(
    r"\b(?:the|these|those)\s+(?:[^\W\d_]+\s+){0,2}?(?:(?!(?:news|gas|series|species|means|politics|economics|"
    r"physics|bus|lens|chaos|status|virus|bonus|census|campus|canvas|atlas|alias|thesis|basis|crisis|analysis|"
    r"emphasis|diagnosis|tennis|dennis|paris|lewis|james|jones|davies|williams|wales|brussels|athens|texas|christmas|"
    r"iris|mercedes|times|philippines|netherlands|bahamas|maldives|seychelles)\b)"
    r"[^\W\d_]{2,}(?<![su])s|people|police|staff|children|men|women|media|public)\b", re.IGNORECASE)


def names_what_it_stands_for(question: str, last: str, subject: str | None = None) -> bool:
    """Whether the last question names what the question's one he, she or they may stand for,
    other than `subject` (what an earlier question asked about, whose words it may repeat): "the
    mother" for "she", "the phone companies" for "they" (strangers' follow-ups were read with
    what "whos the actress he's accused of killing?" and "whats rogue dialling?" asked, two
    questions back). Not "the residents" again after "who are the residents?"."""
    found = _PRONOUN.findall(question)
    if len(found) != 1:
        return False
    pronoun = found[0].casefold()
    if subject is not None:
        asked = _subject_of(subject)
        own = [w for w in words(asked[1] if asked else subject) if w not in STOPWORDS]
        said = words(last)
        # "the tram drivers" again, or "the drivers", not "the bus drivers"
        if own and (set(own) <= set(said) or any(w == own[-1] and at and said[at - 1] in _DETERMINERS
                                                 for at, w in enumerate(said))):
            return False
    if _HE.fullmatch(pronoun) or _SHE.fullmatch(pronoun):
        sex = "he" if _HE.fullmatch(pronoun) else "she"
        tokens = re.findall(r"[\w'’-]+", last)
        for at, token in enumerate(tokens):
            folded, after = token.casefold(), tokens[at + 1] if at + 1 < len(tokens) else None
            if after is not None and _titles(token, after) and _TITLED[folded] == sex:
                return True  # "ms clarkson", "Queen Elizabeth"
            # A word for a woman or a man after a determiner or an owner ("is the mother angry?",
            # "his ex-wife", "the actress's mother"), not one opening a name ("the Man Utd manager").
            before = [t.casefold() for t in tokens[max(0, at - 2):at]]
            if (_sex_of_word(token) == sex and (after is None or not after[:1].isupper())
                    and any(t in _DETERMINERS or t in _OWNERS or re.search(r"['’]s?$", t) for t in before)):
                return True
        return False
    if pronoun in ("they", "them", "their", "theirs"):
        return _PLURAL_AFTER_THE.search(last) is not None
    return False


def _named_in_a_clause_before(question: str, at: int) -> bool:
    """Whether a clause of `question` ending before `at` (at "and", a comma, a semicolon or a
    question mark) names what a pronoun at `at` may stand for: a subject after its auxiliary, a
    capitalised word, or a thing after "the" ("what happens to the executives involved, will
    they go to jail?")."""
    breaks = list(re.finditer(r"\band\b|[,;?]", question[:at]))
    if not breaks:
        return False
    clause = question[:breaks[-1].start()]
    # An opening phrase naming nothing the pronoun could be: "according to the article, how much
    # does it cost?", "by the way, how old is he?" (a review's finds).
    if _OPENING_PHRASE.fullmatch(clause):
        return False
    return _names_someone(clause) or re.search(r"\b(?:the|these|those|about)\s+[^\W\d_]{3,}", clause, re.IGNORECASE) is not None


_OPENING_PHRASE = re.compile(
    r"\W*(?:(?:and|so|ok|okay|but|well)\W+)*(?:according\s+to\s+(?:the|this|that)\s+(?:article|story|piece|report)|"
    r"(?:in|from)\s+(?:the|this|that)\s+(?:article|story|piece|report)|by\s+the\s+way|in\s+the\s+end|"
    r"in\s+the\s+meantime|at\s+the\s+moment|at\s+the\s+end\s+of\s+the\s+day|on\s+the\s+other\s+hand|"
    r"for\s+the\s+record|in\s+that\s+case|then|now|also|anyway)\W*", re.IGNORECASE)


# Where a question asks a second one ("what is the forecast for 2005 and when will the next
# figures come out", "how long does it last, is there a deadline"): "and", "but", a comma or a
# question mark (a stranger's "whats the actual flaw? how does the hack work" was declined) before
# a question word or an auxiliary opening a question.
_SECOND_QUESTION = re.compile(
    r"(?:\s*,\s*(?:and\s+|but\s+)?|\s+(?:and|but)\s+|\?\s*(?:and\s+|but\s+)?)"
    r"(?=(?:what|whats|what's|who|whos|who's|when|whens|when's|where|wheres|where's|why|how|which|is|are|was|were|"
    r"did|does|do|will|would|can|could|has|have|had)\b)",
    re.IGNORECASE)
# ... or a choice of answers after a comma ("who brought the case against him, police or the
# studios?"), no question of its own.
_CHOICE_TAIL = re.compile(r"\s*,\s*(?:was\s+it\s+|is\s+it\s+)?(?!\s*(?:(?:and|but|or)\s+)?(?:what|who|when|where|"
                          r"why|how|which|is|are|was|were|did|does|do|will|would|can|could|has|have|had)\b)"
                          r"[\w'’ -]+?\s+or\s+[\w'’ -]+?[?!.\s]*$", re.IGNORECASE)
PART_LEAST_WORDS = 3  # a part shorter than this ("and why") is no question of its own


def question_parts(question: str) -> list[str]:
    """The questions a question of two parts asks, in order (see `_SECOND_QUESTION`), or the
    question without a choice of answers tacked on (`_CHOICE_TAIL`); [] when it is one question.
    Each part is asked when the whole is declined (`Engine.ask`)."""
    if not _OPENING_WH.match(question) and not re.match(r"\s*(?:is|are|was|were|did|does|do|will|can|has|have)\b",
                                                       question, re.IGNORECASE):
        return []
    tail = _CHOICE_TAIL.search(question)
    if tail is not None and len(words(question[:tail.start()])) >= PART_LEAST_WORDS:
        return [question[:tail.start()].strip() + "?"]
    parts = [part.strip(" ,") for part in _SECOND_QUESTION.split(question)]
    if len(parts) < 2 or any(len(words(part)) < PART_LEAST_WORDS or _NO_QUESTION.match(part) for part in parts):
        return []
    return [part if part.endswith("?") else part + "?" for part in parts]


# A part that is no question of its own: a question word opening a clause ("…between what kiely
# said and what the boro manager said"), a clause of the question before ("what did Smith, who
# scored twice, say…", "who was arrested and was charged…"): a review's finds.
_NO_QUESTION = re.compile(
    r"\s*(?:(?:what|who|when|where|why|how|which)\s+(?:the|a|an|his|her|their|its|my|our|your|this|that|these|those|"
    r"he|she|they|it|we|i|you)\b|(?:who|which|when|where)\b[^?]*,\s*\w+|(?:was|were|is|are|will|would|can|could|has|"
    r"have|had)\s+(?!(?:the|a|an|he|she|it|they|there|we|i|you|this|that|his|her|their|its)\b)\w+ed\b)",
    re.IGNORECASE)


def asks_only_back(question: str) -> bool:
    """Whether a question names nothing and only asks one more thing of the last one: "and
    why?", "when?", "how much?", "who else?" (at most six words, a question word, and none but
    those `_ASKING_BACK` allows)."""
    found = words(question)
    return (0 < len(found) <= 6 and bool(_OPENING_WH.match(_OPENING.sub("", question.strip())))
            and all(w in _ASKING_BACK for w in found))


_BOTH_READ = re.compile(r"^(?:[^?—]{1,40}\?\s+—\s+)+")  # "how long else? — ", "why's? — "…


def asked_first(previous: str) -> str:
    """The question a follow-up read with both it and its own word was about ("how much did
    they spend?" of "when? — how much did they spend?"); any other question as it is."""
    return _BOTH_READ.sub("", previous.strip())


# Chat's question words ("wat is botin accused of?"): a stranger's "why?" after one was searched
# as the word, since nothing read the question before it as a question.
# Not before a capitalised word: "Y Combinator", "Wen Jiabao" are names.
_CHAT_WH = re.compile(r"^\s*(?:(?:and|so|but|ok|okay|then|also|well)\b[\s,.!]*)*\b(wat|wut|wot|wht|wats|wuts|wots|wen|wher|"
                      r"y)\b(?!\s+(?-i:[A-Z]))", re.IGNORECASE)
_CHAT_WH_READ = {"wat": "what", "wut": "what", "wot": "what", "wht": "what", "wats": "whats", "wuts": "whats",
                 "wots": "whats", "wen": "when", "wher": "where", "y": "why"}


def _chat_wh(match: re.Match) -> str:
    return match.group()[: match.start(1) - match.start()] + _CHAT_WH_READ[match.group(1).casefold()]


# Contractions chat writes without the apostrophe ("whats the students name"): the model reads
# "whats" as word pieces of nothing, and a stranger's question was declined at 0.04 that
# "what's the students name" answered at 0.35.
_BARE_CONTRACTION = re.compile(
    r"\b(?:(what|who|where|how|when|why|that|there|here)(s)|(do|does|did|is|was|are|were|ca|could|would|should|"
    r"has|have|had)n(t)|(?-i:(i)(m|ve)|(I)(m))|(you|they)(re|ve)|(we|would|could|should|must|might)(ve)|"
    # "why does he think itll be rough?" (a stranger was told no article mentions "itll"); never
    # "hell", "shell", "well"
    r"(it|they|you|that|there|who)(ll))\b",
    re.IGNORECASE)  # never "were", nor "Ive" or "IM" (Jony Ive, instant messaging)


def _contracted(match: re.Match) -> str:
    head, tail = [g for g in match.groups() if g is not None]
    read = f"{head}n't" if tail.casefold() == "t" else f"{head}'{tail}"
    return read.upper() if match.group().isupper() and len(match.group()) > 2 else read


def with_apostrophes(text: str) -> str:
    """`text` with chat's bare contractions written out with their apostrophe ("whats" as
    "what's", "dont" as "don't", "im" as "i'm"); the rest as it is."""
    return _BARE_CONTRACTION.sub(_contracted, text)


# Chat's shorthand for everyday words, lowercase only and never inside a name or an abbreviation
# ("R&B", "U.S.", "u2"): the model reads "how many ppl r affected" as word pieces of nothing (a
# stranger's "where r the championships held" was declined).
# Not "300 bc", "a u turn", "the r number".
_CHAT_WORD = re.compile(r"(?<![\w.&'’/-])(?<!\d\s)(?<!\ba\s)(?<!\bthe\s)(?<!\ban\s)"
                        r"(r|u|ur|urself|ppl|pple|abt|bc|cuz|coz|tho|gonna|wanna|fav|fave)(?![\w.&'’/-])"
                        # no letter alone: "the wknd" is the weekend
                        r"|(?<![\w.&'’/-])(smth|smthng|wknd|2moro|2morrow|tmrw|2nite|yday|thru|w/o|w/(?=\s)|"
                        r"(?<!\ba\s)(?<!\bthe\s)(?<!\ban\s)"
                        r"(?:sth|2day|b4|rn(?=\s*(?:[?!.…]|$|,|\s(?:or|and|tho|lol)\b))|"
                        # a cash machine after what names or counts one, or what asks about it: "the
                        # nearest atm", "is there any atm?", "what is atm?" (a review's finds)
                        r"(?<!\bnearest\s)(?<!\bcash\s)(?<!\bany\s)(?<!\beach\s)(?<!\bits\s)(?<!\bfrom\s)"
                        r"(?<!\bwhich\s)(?<!\bis\s)(?<!\bno\s)(?<!\bone\s)(?<!\bevery\s)(?<!\bbank\s)"
                        r"(?<!\bthis\s)(?<!\bthat\s)(?<!\bwhat\s)"
                        r"atm(?=\s*(?:[?!.…]|$|,|\s(?:or|and|tho|lol)\b))))"
                        # not "the b4 road", "a 2day pass", "is she an rn", "how many rn jobs", "the nearest
                        # atm"; "who is his main rival atm" (a stranger's, declined at 0.03) is "right now"
                        r"(?![\w.&'’/-])")
# "how many no 1s did they have": number ones (a stranger was told no article mentions "1s"); "no.
# 1" with its point is number one ("no 1 knows" is no one). "who disagrees w that": with.
_NUMBER_ONE = re.compile(r"\bno\.?\s?1s\b|\bno\.\s?1\b", re.IGNORECASE)
_WITH = re.compile(r"(?<![\w.&'’/-])w(?=\s+(?:that|this|it|him|her|them|the|a|an|his|their|my|me|us|you|u)\b)")
# "does yahoo have one 2": "too" closing a question after what has it too ("game 2" stays).
_TOO = re.compile(r"\b(one|it|that|this)\s+2(?=[\s?!.]*$)")  # not "what happened to them 2"
_CHAT_WORD_READ = {"r": "are", "u": "you", "ur": "your", "urself": "yourself", "ppl": "people", "pple": "people",
                   "abt": "about", "bc": "because", "cuz": "because", "coz": "because", "tho": "though",
                   "gonna": "going to", "wanna": "want to", "fav": "favourite", "fave": "favourite",
                   "smth": "something", "sth": "something", "smthng": "something", "wknd": "weekend",
                   "2day": "today", "2moro": "tomorrow", "2morrow": "tomorrow", "tmrw": "tomorrow", "2nite": "tonight",
                   "b4": "before", "yday": "yesterday", "thru": "through", "w/": "with", "w/o": "without",
                   "rn": "right now", "atm": "right now"}


# Figures as chat types them and news writes them otherwise (a stranger's "is it really 1.4k
# more for new mums?" was told no article mentions "1.4", of a story saying "£1,400"; "thru '05"
# missed "into 2005"; "march 24th" was cautioned over "from 24 March"): a decimal in thousands, a
# year's last two digits after an apostrophe, a day's ordinal beside its month.
_THOUSANDS = re.compile(r"(?<![\w.,])(?P<sign>[£$€]?)(?P<n>\d+\.\d+|(?<=[£$€])\d+)k\b", re.IGNORECASE)
_SHORT_YEAR = re.compile(r"(?<![\w'’])['’](?P<yy>\d\d)\b")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DAY_ORDINAL = re.compile(rf"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)(?:\s+of)?(?=\s+{_MONTH}\b)|"
                          rf"\b(?P<month>{_MONTH}\s+)(?P<after>[0-3]?\d)(?:st|nd|rd|th)\b"
                          r"(?!\s+(?:place|round|time|half|leg|test|game|match|year|day|quarter|term|set|goal|minute))",
                          re.IGNORECASE)


def _in_thousands(match: re.Match) -> str:
    value = round(float(match["n"]) * 1000)
    return f"{match['sign']}{value:,}"


def figures_read(text: str) -> str:
    """`text` with figures chat shortens written as news writes them: "1.4k" as "1,400", "£10k"
    as "£10,000" (not a bare "10k", a race as often as a sum), "'05" as "2005", "march 24th" as
    "march 24". A figure typed without its commas stays so ("25000", "1500m"): news writes both,
    and `answer.names_nowhere` holds either."""
    text = _THOUSANDS.sub(_in_thousands, text)
    text = _SHORT_YEAR.sub(lambda m: ("20" if int(m["yy"]) <= 30 else "19") + m["yy"], text)
    return _DAY_ORDINAL.sub(lambda m: m["day"] or m["month"] + m["after"], text)


def chat_words_read(text: str) -> str:
    """`text` with chat's shorthand for everyday words written out ("r" as "are", "ppl" as
    "people") and its figures as news writes them (`figures_read`); the rest as it is."""
    text = figures_read(text)
    text = _CHAT_WORD.sub(lambda m: _CHAT_WORD_READ[m.group(1) or m.group(2)], text)
    text = _NUMBER_ONE.sub(lambda m: "number ones" if m.group().casefold().endswith("s") else "number one", text)
    return _WITH.sub("with", _TOO.sub(r"\1 too", text))


# "what's his name?" asks who he is: a stranger's, right after an answer naming the chief executive,
# was declined (0.25) where "who is he" got the sentence naming him first.
_HIS_NAME = re.compile(r"^(?P<lead>\s*(?:(?:so|and|ok|okay)[\s,]+)?)what(?P<be>['’]s|\s+is|\s+was|\s+are|\s+were)\s+"
                       r"(?P<whose>his|her|their)\s+(?:full\s+)?names?(?P<end>\s*[?!.]*\s*)$", re.IGNORECASE)
_WHO_FOR = {"his": "he", "her": "she", "their": "they"}


# ... and "whats the mp's name?", "what's the name of the person taking over?" who the MP, the
# person is (a stranger's was declined at 0.09 where "who is replacing her?" was answered): someone.
_PERSON_NOUN = (r"(?:person|man|woman|guy|bloke|lady|girl|boy|player|players|mp|mps|minister|boss|chief|ceo|"
                r"chairman|chairwoman|manager|coach|singer|actor|actress|director|judge|lawyer|owner|winner|driver|"
                r"captain|leader|president|spokesman|spokeswoman|officer|doctor|drummer|guitarist|bassist|presenter|"
                r"founder|victim|suspect|agent|referee|goalkeeper|striker|defender|midfielder|rapper|pilot|soldier|"
                r"teacher|student|chef|designer|author|writer|reporter|journalist|candidate|mayor|governor|senator|"
                r"brother|sister|father|mother|son|daughter|wife|husband|girlfriend|boyfriend)")
# One word at most before it, saying which ("the new boss", "the former mp"); after it, only whom it
# is by what they do ("the person taking over", "the man who bought it"): "the film the actor
# starred in" asks a film's name (a review's find).
_WHICH_ONE = r"(?:(?:new|old|former|current|late|first|second|third|last|next|young|chief|head|lead)\s+)?"
_NAME_OF_SOMEONE = re.compile(
    rf"^(?P<lead>\s*(?:(?:so|and|ok|okay)[\s,]+)?)what(?P<be>['’]s|\s+is|\s+was|\s+are|\s+were)\s+(?:"
    rf"the\s+(?P<owner>{_WHICH_ONE}{_PERSON_NOUN}s?)['’]s?\s+(?:full\s+)?names?|"
    rf"the\s+(?:full\s+)?names?\s+of\s+the\s+(?P<of>{_WHICH_ONE}{_PERSON_NOUN}"
    rf"(?:\s+(?:who|that)\s+[\w'’ -]+|\s+[a-z]+ing(?:\s+[\w'’-]+){{0,3}})?))"
    rf"(?P<end>\s*[?!.]*\s*)$", re.IGNORECASE)


def name_read_as_who(text: str) -> str:
    """"what's his name?" as "who is he?", "what were their names?" as "who were they?", "whats
    the mp's name?" as "who is the mp?"; any other question as it is."""
    someone = _NAME_OF_SOMEONE.match(text)
    if someone is not None:
        who = (someone["owner"] or someone["of"]).strip()
        plural = someone["be"].strip().casefold() in ("are", "were")
        return f"{someone['lead']}who {_be(someone['be'], plural)} the {who}{someone['end']}"
    found = _HIS_NAME.match(text)
    if found is None:
        return text
    pronoun = _WHO_FOR[found["whose"].casefold()]
    return f"{found['lead']}who {_be(found['be'], pronoun == 'they')} {pronoun}{found['end']}"


def _be(typed: str, plural: bool) -> str:
    """"is", "are", "was" or "were", in the tense `typed` ("'s", "is", "was"…) says."""
    past = typed.strip().casefold() in ("was", "were")
    return ("were" if past else "are") if plural else ("was" if past else "is")


def chat_question_word_read(text: str) -> str:
    """`text` with chat's question word opening it read as the word ("wat else did he say" is
    "what else did he say"); otherwise as it is."""
    return _CHAT_WH.sub(_chat_wh, text)


# A passive with its subject, ending the question ("was he fined", "were the staff paid"): "how
# much" asked how much, not the verb's object, so "why" can take its place ("why was he fined?";
# a stranger's "why?" after "how much was he fined?" was read as both and got the same quotes
# again). Not "were killed in the blast" (no subject left), "is it expected to cost" (its object
# asked), nor after "what" ("what was he given?", "what is botin accused of?").
_PASSIVE = re.compile(r"(?:was|were|is|are)\s+(?:[\w'’-]+\s+){1,3}?(?:\w+ed|paid|sold|bought|given|taken|made|"
                      r"held|cut|lost|won|spent|sent|built|shown|seen|found|brought|caught|kept|owed|hit)\s*$",
                      re.IGNORECASE)


def with_previous(question: str, previous: str) -> str | None:
    """A follow-up that only asks back (`asks_only_back`) read with the question before it: its
    own question word put in place of the earlier one's ("and why?" after "who sold stam?" is
    "why sold stam?"; "when was that?" after "did fergie respond?", "when did fergie respond?").
    None when the earlier one does not go on with a verb once its question word is taken away
    ("how many staff do they have?", "which theatre is it?"): spliced, that reads as nonsense."""
    opened = chat_question_word_read(_OPENING.sub("", question.strip()))
    previous = chat_question_word_read(previous.strip())
    if re.fullmatch(r"what\s+else\s*[?!.]*", opened, re.IGNORECASE):
        # "what else?" asks the last question again, for more than its answer showed (a stranger's
        # was searched as the words "what else" and got unrelated quotes).
        return asked_first(_OPENING.sub("", previous.strip())).rstrip(" ?!.…") + "?"
    own = _OPENING_WH.match(opened)
    if own is None:
        return None
    asked = "why" if re.match(r"what\s+for\b", opened, re.IGNORECASE) else " ".join(own.group().split())
    asked += " else" if "else" in words(question) else ""
    # The earlier one itself read with the one before it ("when? — how much did they spend?"):
    # the question both were about, not "why? — when? — how much…", which a stranger got.
    earlier = asked_first(_OPENING.sub("", previous.strip()))
    theirs = _OPENING_WH.match(earlier)
    rest = earlier[theirs.end():] if theirs else earlier
    rest = re.sub(r"^else\b\s*", "", rest, flags=re.IGNORECASE).rstrip(" ?!.…")
    leads_with_who = theirs is not None and theirs.group().strip().casefold().startswith("who")
    if not rest or not (_AUXILIARY.match(rest) or (leads_with_who and "'" not in theirs.group())):
        if rest and theirs is not None and asked in ("why", "when", "where", "how"):
            # "why?" after "which country will approve the drug?": both read (a stranger's bare
            # "why?" was searched as the word and got a sentence that says nothing of why).
            return f"{asked}? — {earlier.rstrip(' ?!.…')}?"
        return None
    if (theirs is not None and _AUXILIARY.match(rest) and _ASKS_A_THING.fullmatch(theirs.group().strip())
            and not _ASKS_A_THING.fullmatch(asked.removesuffix(" else"))
            and not (_PASSIVE.match(rest) and theirs.group().strip().casefold() in ("how much", "how many"))):
        # The earlier word asked for the verb's object ("what did kennedy say about blair?"): "why"
        # in its place leaves the verb without one ("why did kennedy say about blair?"), so both
        # are read, as asked.
        return f"{asked}? — {earlier.rstrip(' ?!.…')}?"
    return f"{asked} {rest}?"


# "and sotherton?", "and the ipad?": the last question asked again of someone or something else.
# Not "what about X?", which makes X what the next question's pronoun stands for (`_subject_of`).
_AND_ANOTHER = re.compile(r"^\s*and[\s,]+(?!(?:what|how)\s+about\b)"
                          r"(?P<x>[\w'’&.-]+(?:\s+[\w'’&.-]+){0,3}?)\s*[?!.]*\s*$", re.IGNORECASE)
_PERSONAL = frozenset("he she him her".split())
# Words of a time, which "and …?" asks the last question of rather than naming someone.
WHEN_WORDS = frozenset("last next this that yesterday today tomorrow tonight now then later earlier before after "
                        "year years month months week weeks day days season seasons time weekend morning evening "
                        "night january february march april may june july august september october november "
                        "december monday tuesday wednesday thursday friday saturday sunday".split())
_THING_PRONOUNS = frozenset("it they them".split())


def other_named(question: str) -> str | None:
    """What a follow-up "and X?" names, when X is a plain name or thing: not "and in 2005?", "and
    last year?", "and who won?", "and for the poor?", "and him?" (a review's finds: read as "how
    many did in 2005 sell?"); but "and Will Smith?", "and Theresa May?", "and the iPhone 15?" (a
    second review's). None for any other question."""
    found = _AND_ANOTHER.match(question)
    if found is None:
        return None
    other = found["x"].strip(" .")
    said = words(other)
    named = [w for w in said if w not in STOPWORDS and w not in _ASKING_BACK]
    capitalised = other[:1].isupper()
    if (not named or _PRONOUN.search(other) or said[0] in _ASKING_BACK
            or (said[0] in STOPWORDS and said[0] not in _DETERMINERS and not capitalised)
            or all(w in WHEN_WORDS or w.isdigit() or w in STOPWORDS for w in said)):
        return None
    return other


def with_other(question: str, previous: str) -> str | None:
    """"and sotherton?" after "how far did she jump?" read as "how far did sotherton jump?": the
    last question's one pronoun (or, as read, its one name) replaced by what the follow-up names
    (a stranger's was searched as the name alone and got Sotherton's shot put). "He" or "she"
    only for a name ("and the pensions?" after "what did he say about the cuts?" asks no one's
    words); None when the follow-up is no such question, names nothing ("and then?", "and
    him?"), or the last question has neither one pronoun nor one name."""
    other = other_named(question)
    if other is None:
        return None
    named = [w for w in words(other) if w not in STOPWORDS and w not in _ASKING_BACK]
    if set(named) & set(words(previous)):
        # "and quiksilver shares?" after "how much would quiksilver pay for it?" asks another
        # thing of the same one: no swap ("…pay for quiksilver shares?" was a stranger's reading).
        return None
    earlier = asked_first(_OPENING.sub("", previous.strip()))
    if _THE_ARTICLE_IT.search(earlier) or _DUMMY_IT.search(earlier):
        return None
    pronouns = list(_PRONOUN.finditer(earlier))
    at = None
    if not pronouns and other.split()[0].casefold() not in _DETERMINERS:
        # The last question as read, its pronoun already a name ("how far did Jade Johnson
        # jump?"): that name, where it is the only one.
        names = list(re.finditer(r"(?<=\s)[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*", earlier))
        # Not a name after "the" ("the Mac mini": "and ipad?" would leave "the ipad mini").
        at = (names[0] if len(names) == 1 and names[0].group().casefold() not in NO_NAMES
              and not re.search(r"\b(?:the|a|an)\s+$", earlier[:names[0].start()], re.IGNORECASE) else None)
    elif len(pronouns) == 1 and pronouns[0].group().casefold() in _PERSONAL | _THING_PRONOUNS:
        if not (pronouns[0].group().casefold() in _PERSONAL and other.split()[0].casefold() in _DETERMINERS):
            at = pronouns[0]
    if at is None:
        return None
    return (earlier[:at.start()] + other + earlier[at.end():]).rstrip(" ?!.…") + "?"


# A sentence that opens with a pronoun for someone named before it (quotes and brackets aside).
OPENS_WITH_SOMEONE = re.compile(r"[\"'“‘(\[]*(?:he|she|they|his|her|their)\b", re.IGNORECASE)
# Quoted speech, and the words that say whose it is within the sentence ("…," said Vieira).
_QUOTE_MARKS = re.compile(r"[\"“”]")
# A sentence opening or closing with a quotation mark.
OPENS_QUOTE = re.compile(r"^\s*[\"“]")
CLOSES_QUOTE = re.compile(r"[\"”]\s*$")
# Verbs giving someone's words ('…," said Vieira; "Laporte simply observed: …", which a stranger's
# "who said that?" was told did not say).
_SAYING = (r"said|says|say|added|adds|told|tells|explained|insisted|admitted|warned|claimed|stated|wrote|writes|"
           r"argued|noted|replied|concluded|announced|tweeted|posted|conceded|commented|continued|stressed|"
           r"suggested|revealed|confirmed|denied|joked|recalled|predicted|promised|urged|declared|observed|"
           r"remarked|quipped|acknowledged|complained|maintained|hailed|responded|reflected|agreed|explains|"
           r"insists|admits|warns|claims|argues|notes|replies|observes|remarks|adding|saying")
_SAYS_WHO = re.compile(rf"\b(?:{_SAYING}|according|asked|asks)\b", re.IGNORECASE)


# "who said that?", "whose words are those?", "says who?": whose words the last quote gives.
WHO_SAID = re.compile(
    r"\s*(?:(?:and|so|but|ok|okay|wait)[\s,]+)?(?:"
    r"(?:who|whom)\s+(?:said|says|claims|claimed|thinks|argues|argued)\s+(?:that|this|it|so)"
    r"|who(?:'s|\s+is|\s+was)\s+(?:saying|claiming|arguing)\s+(?:that|this|it)"
    r"|whose\s+(?:words|quote|opinion|view|claim|line)\s+(?:is|are|was|were)\s+(?:that|this|those|these)"
    r"|says\s+who)\s*[?!.…]*\s*", re.IGNORECASE)


# "what exactly did he say?", "what did she actually say?", "what were their exact words?": asks
# the words of whoever "he" is as plainly as "what did he say?" does (a stranger's, after a quote
# reporting them, was searched as typed and got the story's last sentence first). Read so by
# `plainly_asked_words`.
_EXACT_WORDS = re.compile(
    r"\s*(?:(?:and|so|ok|okay|but)[\s,]+)?(?:"
    r"(?:what|wat)\s+(?:exactly\s+|actually\s+|precisely\s+|really\s+)?(?:did|does)\s+(he|she|they)\s+"
    r"(?:exactly\s+|actually\s+|precisely\s+|really\s+)?(?:say|said)(?:\s+exactly|\s+precisely)?"
    r"|(?:what|wat)\s+(?:were|are)\s+(?:(his|her|their)\s+(?:exact|actual|own)\s+words"
    r"|the\s+(?:exact|actual)\s+words)"
    r")\s*[?!.…]*\s*", re.IGNORECASE)
_PRONOUN_OF = {"his": "he", "her": "she", "their": "they"}


def plainly_asked_words(question: str) -> str | None:
    """"what did he say?" for "what exactly did he say?" or "what were his exact words?" (and
    "what did they say?" for "what were the exact words?"); None for any other question, or one
    asked plainly already."""
    found = _EXACT_WORDS.fullmatch(question)
    if found is None:
        return None
    pronoun = (found.group(1) or _PRONOUN_OF.get((found.group(2) or "").lower()) or "they").lower()
    plain = f"what did {pronoun} say?"
    return None if plain == question.strip().lower() else plain


# "what else did she say?", "anything else he said?": more words of whoever the last quote gives
# the words of (`Engine.reading`, `Engine._more_words`); the pronoun is the second group.
ELSE_SAID = re.compile(r"^(\s*(?:(?:and|so|ok|okay|but)[\s,]+)?(?:what|wat|wht|anything)\s+else\s+(?:did|does|has|had|do|have)?\s*)"
                       r"(he|she|they)(\s+(?:say|said|tell|told|add|added|think|thinks|claim|claimed|reveal|want)\b.*)$",
                       re.IGNORECASE)


# "what does he mean by that?", "what does that mean?", "explain", "tell me more" after an answer:
# asks what the article goes on to say after its first quote (`Engine._goes_on`).
GOES_ON = re.compile(
    r"\s*(?:(?:and|so|but|ok|okay|wait|hmm+|huh)[\s,]+)?(?:"
    r"(?:what|wat)\s+(?:does|did|do)\s+(?:he|she|they|it|the\s+(?:author|writer|article|piece|story))\s+mean"
    r"(?:\s+by\s+(?:that|this|it))?"
    r"|(?:what|wat)(?:'s|\s+does|\s+is)\s+(?:that|this)\s+(?:supposed\s+to\s+)?mean"
    r"|meaning|(?:(?:can|could)\s+(?:you|u)\s+)?(?:explain|elaborate)(?:\s+(?:that|this|more|further|on\s+that))?"
    r"|(?:tell\s+(?:me|us)\s+)?more(?:\s+(?:on|about)\s+(?:that|this))?|go\s+on|keep\s+going"
    # "why does that matter?" after a figure: what the article goes on to make of it (a stranger's
    # was declined in the launch article, which says next what the $6 million budget means).
    r"|why\s+(?:does|would|should)\s+(?:that|this)\s+matter|why\s+(?:is|'s)\s+(?:that|this)\s+(?:important|significant|"
    r"a\s+big\s+deal)|so\s+what|(?:what(?:'s|\s+is)\s+)?the\s+significance(?:\s+of\s+(?:that|this))?"
    r")(?:[\s,]+(?:please|pls|plz))?\s*[?!.…]*\s*", re.IGNORECASE)


# "how much is that in dollars?", "whats that in euros", "and in pounds?": the sum the last quote
# gave, in another currency, which BBC stories give beside it ("£960m ($1.8bn)").
IN_CURRENCY = re.compile(
    r"\s*(?:(?:and|so|but|ok|okay|wait)[\s,]+)?"
    r"(?:(?:how\s+much\s+(?:is|was|'s|would\s+be)|(?:what|wat)(?:'s|s|\s+is|\s+was))"
    r"\s+(?:that|it|this)(?:\s+(?:worth|exactly))?\s+)?in\s+(?:us\s+|american\s+)?(?P<currency>dollars?|usd|\$|bucks|"
    r"pounds?|sterling|gbp|quid|euros?|eur)(?:\s+(?:please|pls|then))?\s*[?!.…]*\s*", re.IGNORECASE)
_SUM_IN_WORDS = r"\d[\d,.]*\s*(?:m|bn|k|million|billion|trillion|thousand)?\s*"  # "1.8 billion dollars", "497m euros"
_CURRENCY_WRITTEN = {
    "dollar": rf"\$\s?\d|{_SUM_IN_WORDS}(?:dollars?|usd)\b|\busd\s?\d",
    "pound": rf"£\s?\d|{_SUM_IN_WORDS}(?:pounds?|gbp)\b|\bgbp\s?\d",
    "euro": rf"€\s?\d|{_SUM_IN_WORDS}(?:euros?|eur)\b|\beur\s?\d",
}
_CURRENCY_ASKED = {"dollars": "dollar", "dollar": "dollar", "usd": "dollar", "$": "dollar", "bucks": "dollar",
                   "pounds": "pound", "pound": "pound", "sterling": "pound", "gbp": "pound", "quid": "pound",
                   "euros": "euro", "euro": "euro", "eur": "euro"}


def gives_in_currency(question: str, text: str) -> bool:
    """Whether `question` asks a sum in another currency (`IN_CURRENCY`) that `text` gives in it."""
    asked = IN_CURRENCY.fullmatch(question)
    if asked is None:
        return False
    currency = _CURRENCY_ASKED[asked["currency"].casefold()]
    return re.search(_CURRENCY_WRITTEN[currency], text, re.IGNORECASE) is not None


# '…," he said.': words said, by someone only a pronoun names.
_SAID_BY_A_PRONOUN = re.compile(rf"\b(?:he|she|they|it|we|i)\s+(?:simply\s+|also\s+|then\s+|later\s+)?(?:{_SAYING})\b|"
                                rf"\b(?:{_SAYING})\s+(?:he|she|they)\b", re.IGNORECASE)


def gives_words(sentence: str) -> bool:
    """Whether a quote gives someone's words: a verb of saying or a quotation mark."""
    return bool(_SAYS_WHO.search(sentence) or _QUOTE_MARKS.search(sentence))


def no_one_elses(sentence: str) -> bool:
    """Whether a quote of an opinion piece that names no speaker reads as its author's own: no
    he, she or they saying it ("it can say" is no one speaking; "…, he said" is someone). Its
    quotation marks are a column's terms ('…relying on “common companies”'), not speech."""
    return not PRONOUN_SAYS.search(sentence)


def names_its_speaker(sentence: str) -> bool:
    """Whether a quote says whose words it gives ("…," said Vieira.; "according to the
    report"); not when only a pronoun says who ('…," he said.'), unless a sentence joined before
    it names them ("Mr Hill said… He added: '…'")."""
    return not OPENS_WITH_SOMEONE.match(sentence) and bool(_SAYS_WHO.search(_SAID_BY_A_PRONOUN.sub(" ", sentence)))


# Words within quotation marks: masked (same length) by `speaker_named` so that the saying verbs
# and commas inside are not read as the sentence's own; a name inside is talked about, not
# speaking (`answer.speaks`).
# A straight mark opens one only at the start or after a space or bracket, before a word: from
# the closing mark of '…knowledge," said Holmes. "It was…' to the next opening one is no quotation.
QUOTED_SPEECH = re.compile(r'(?:^|(?<=[\s(\[—–:-]))"(?=\S)[^"]*"|“[^“”]*”')
_SAYS_OUTSIDE = re.compile(rf"\b(?:{_SAYING})\b", re.IGNORECASE)
# A prize won, no words ("Jake White claimed the coaching award…" came first for a stranger's
# "what did jake white say", his words second).
CLAIMED_A_PRIZE = re.compile(r"\bclaim(?:s|ed|ing)?\s+(?:the|a|an|his|her|their|its)\s+(?:[\w-]+\s+){0,2}?(?:award|"
                             r"title|prize|trophy|crown|cup|medal|gold|silver|bronze|victory|win|honours?|points?)\b"
                             # ... where the clause ends ("claimed the award was rigged", "claimed the cup
                             # final had been fixed" are claims made: a review's finds)
                             r"(?=\s*(?:[,.;:!?)]|$)|\s+(?:for|in|at|on|with|after|while|and|but|by|against|as|"
                             r"from|of|this|last|ahead|despite)\b)", re.IGNORECASE)
# Reporting someone's view without their words ("Sir Alex Ferguson has called on the FA to punish
# Henry", "Ferguson believes Henry caught Heinze deliberately"): whose view "who said that?" asks.
_REPORTS = re.compile(r"\b(?:called|calls|urged|urges|believes|believed|thinks|thought|wants|wanted|accused|accuses|"
                      r"criticised|criticized|criticises|demanded|demands|blamed|blames|praised|praises|condemned|"
                      r"dismissed|rejected|rejects|defended|defends|attacked|slammed|slams|vowed|vows|pledged|"
                      r"apologised|apologized|welcomed|welcomes|insisted|hit\s+out|called\s+for|"
                      # a call or a claim made again, not an experiment repeated or an interest renewed
                      r"(?:repeated|repeats|reiterated|reiterates|renewed|renews)\s+(?:(?:his|her|their|its|the)\s+)?"
                      r"(?:call|calls|claim|claims|demand|demands|warning|warnings|criticism|appeal|plea|threat|"
                      r"opposition|support|view|views))\b", re.IGNORECASE)
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+", re.IGNORECASE)
# Where the words naming a speaker after the verb end ('…," said Mr Blair, who…').
_PHRASE_ENDS = re.compile(r"[,.;:!?\"“”()]| - |$")
# Opening a subject without being part of it ("But Ms Cooper…"), and the words between a subject
# and its verb ("Mr Sullivan has also said…").
_LEADING = frozenset("but however and or so yet meanwhile now also still instead later earlier then nevertheless "
                     "nonetheless moreover furthermore indeed consequently therefore thus hence likewise similarly "
                     "additionally finally".split())
_TRAILING = frozenset("has had have also then later simply previously once again instead".split())
# A clause after the subject ("Ms Cooper, who now runs…, told…"), an age ("Mr Smith, 45,"), a
# body ("Anne Borthwick, of Campaign for Borders Rail,").
_ASIDE = re.compile(r"(?:who|whom|whose|which|where|aged|now|then|currently|himself|herself|of|from|one\s+of)\b|\d+$",
                    re.IGNORECASE)
# Words that open a sentence, capitalised, without naming anyone ("In a statement, Sony said…").
_OPENERS = frozenset("""in on at after before during speaking earlier last this later writing asked meanwhile elsewhere
    today yesterday since while when as with for from by under despite although if instead now then currently
    within across throughout following amid among about around over until separately having what who why how
    where which here""".split())
# A subject holds no verb of its own ("The most difficult is to ascertain whether an individual is
# who they say they are") and no pronoun ("At home he said").
_VERBAL = frozenset("""is are was were be been being can could would will should may might must to do does did not
    has had have he she it they we i you her his its their which who whose that""".split())
_NO_SPEAKER = frozenset("this that these those there the a an its his her their".split())
_DETERMINED = frozenset("the a an its his her their".split())  # opening a speaker's noun phrase
_RELATIVE = re.compile(r",\s+(?:who|whom|whose|which)\b", re.IGNORECASE)  # a clause about the subject
_TITLE_CHARS = 80  # a title after a colon, up to the verb of saying: no longer (and no scan of a long text)
_NOT_A_SUBJECT = (_OPENERS | _NO_SPEAKER) - {"the", "a", "an"}  # as a subject's first word
_SPEAKER_WORDS = 12
# Verbs of saying whose object is someone else ("…, told the BBC News website"): what follows
# them never names the speaker.
_SAID_TO = frozenset("told tells urged promised warned warns hailed denied announced revealed posted tweeted".split())
# Verbs that give words only straight after them ('…," he continued.'): "Its brands… have
# continued to perform", "The US firm agreed to pay" say nothing.
_SAID_AFTER_SPEECH = frozenset("continued continues agreed maintained reflected responded".split())


# When, opening a sentence before its subject: "Last month Wenger said he was hopeful…" (a
# stranger's "who said that?" got the quote again, naming no one).
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WHEN_FIRST = re.compile(
    rf"^(?:(?:[Ll]ast|[Tt]his|[Ee]arlier\s+this|[Ll]ater\s+that|[Ee]arlier\s+that)\s+"
    rf"(?:week|month|year|season|weekend|summer|spring|autumn|winter|night|{_DAYS})|[Oo]n\s+{_DAYS}"
    rf"|[Ii]n\s+(?:\d{{4}}|January|February|March|April|May|June|July|August|September|October|November|December))"
    rf",?\s+(?=[A-Z])")


def _speaker_phrase(phrase: str) -> str | None:
    """`phrase` as whose words a sentence gives, or None when it reads as no one: a pronoun, a
    determiner alone, an opening word ("Currently"), words holding a verb, too many words for a
    name and its role."""
    found = _WHEN_FIRST.sub("", phrase.strip(" ,;:—–-\"“”'‘’")).split()
    while found and found[0].casefold() in _LEADING:
        found = found[1:]
    while found and found[-1].casefold() in _TRAILING:
        found = found[:-1]
    if not found or len(found) > _SPEAKER_WORDS or all(w.casefold() in _NO_SPEAKER for w in found):
        return None
    if found[0].casefold() in _NOT_A_SUBJECT or any(w.casefold() in _VERBAL for w in found):
        return None
    if len(found) > 4 and not any(w[:1].isupper() for w in found[1:]):
        return None  # "The software then assigns one of 88 piano (notes)": a clause, not a name
    if found[0] in ("The", "A", "An"):  # read within a line: "Said by: the law lords"
        found = [found[0].casefold(), *found[1:]]
    return " ".join(found).strip(" ,")


def _named_after(sentence: str, masked: str, at: int) -> str | None:
    """The speaker named from `at` to the phrase's end ('said Arsenal captain Patrick Vieira.')."""
    ends = _PHRASE_ENDS.search(masked, at)
    named = _speaker_phrase(sentence[at:ends.start()])
    if named is None or re.match(r"(?:that|to|by|in|on|at|of)\b", named, re.IGNORECASE) or _AUXILIARY.match(named):
        return None
    return named


def _named_before(sentence: str, before: str, aside: bool) -> str | None:
    """The subject before a verb of saying (`before` is the sentence up to it, quotes masked):
    from the sentence's start or the end of quoted speech, asides left out; of several parts
    between commas the last when it opens with a capital ("In a statement, Sony"), else the
    first that does ("David Frost, director general of the BCC,"), else the last ("The
    prosecution's star witness, former WorldCom financial chief Scott Sullivan,"). `aside`: the
    verb is set off by commas ("Conte's statements, the suit added, were…"): the last part."""
    # From the end of quoted speech and of its full stop ('…"a disgrace". Rinaldi told…' was
    # "Said by: . Rinaldi"), or of a sentence left in the span ("…this season. And Mourinho said").
    starts, titled = 0, False
    for boundary in re.finditer(r"[\"”][.!?]?\s*|[:;]\s*|(?<=[a-z]{4})[.!?]\s+(?=[A-Z])", before):
        if (boundary.group()[0] == ":" and len(before) - boundary.end() <= _TITLE_CHARS
                and all(w[:1].isupper() for w in before[boundary.end():].split())
                and (clause := _RELATIVE.search(before, starts, boundary.start())) is not None
                # the clause still open there: every comma in it parts names of a list
                and all(after[:1].isupper() for after in re.findall(r",\s+(\S)", before[clause.end():boundary.start()]))):
            # A title's colon inside a clause about the subject, a title running to the verb ("The
            # Oscar-nominated actor, whose films include … Star Wars: The Phantom Menace, said:" was
            # "Said by: the Phantom Menace", and "what else did he say?" read as its words).
            titled = True
            continue
        starts = boundary.end()
    subject = sentence[starts:len(before)].split()
    while subject and subject[-1].casefold().strip(",") in _TRAILING:
        subject = subject[:-1]
    # An aside between dashes right before the verb is about the subject ("Fund manager Florian Hamm -
    # Borussia Dortmund's largest investor - said…": a review found Hamm given no words).
    subject = re.sub(r"\s[-–]\s[^-–]+\s[-–]$", "", " ".join(subject)).split()
    parts = [p.strip() for p in re.split(r",\s| - ", " ".join(subject)) if p.strip(" ,")]
    relative = next((i for i, p in enumerate(parts) if i and _RELATIVE.match(", " + p)), None) if titled else None
    if relative is not None:
        # The clause's list runs on over commas to its "and": "…, whose films include Schindler's
        # List, Michael Collins and Star Wars…" names no speaker after "whose".
        ends = [i for i in range(relative + 1, len(parts)) if re.search(r"\s(?:and|or)\s", parts[i])]
        if ends:
            parts = parts[:relative] + parts[ends[-1] + 1:]
    parts = [p for i, p in enumerate(parts) if not (i and _ASIDE.match(p))]
    if not parts:
        return None
    if aside:
        return _speaker_phrase(parts[-1])
    last = parts[-1].split()
    if (len(parts) > 1 and len(last) > 1 and last[0].casefold() in _DETERMINED
            and not any(w.casefold() in _VERBAL for w in last[1:])):
        # "…, Howl's Moving Castle, is to be released…, its distributor has said.": whoever the
        # determiner opens, right before the verb (a stranger was told "Said by: Howl's Moving
        # Castle"); no one when only "its" or "his" says whose.
        return _speaker_phrase(parts[-1])
    capitalised = [p for p in parts if p[:1].isupper() and p.split()[0].casefold() not in _OPENERS]
    # A name alone ("Liam Fox, Tory co-chairman,"; "His assistant, Alice Marchak,") before a role.
    names = [p for p in capitalised if all(w[:1].isupper() for w in p.split())]
    if len(parts) > 1 and parts[-1] in names and parts[-2] not in names:
        # ... the one right before the verb, after what is not a name ("After beating Amy Winehouse,
        # Jamelia, Natasha Bedingfield and PJ Harvey to the prize, Joss Stone said:" is Joss Stone's: a
        # review found her given no words); not "Gordon Brown, Chancellor, said".
        names = [parts[-1], *names]
    tried = names + ([parts[-1]] if parts[-1] in capitalised else []) + capitalised + [parts[-1]]
    return next((named for named in map(_speaker_phrase, tried) if named is not None), None)


# What a he, she or they does in giving words ("she said", "he added").
_PRONOUN_VERBS = r"(?:said|says|added|adds|told|explained|insisted|continued|went\s+on|warned|admitted|argued)\b"
_PRONOUN_SAYING = rf"(?:he|she|they)\s+{_PRONOUN_VERBS}"
# The same of a he or she only, which of the two captured ("He told the court: …").
HE_OR_SHE_SAYS = re.compile(rf"\b(he|she)\s+{_PRONOUN_VERBS}", re.IGNORECASE)
# '"…," she said.': quoted words whose speaker the sentence only calls he, she or they.
SAID_BY_PRONOUN = re.compile(rf"[,.!?…]\s*[\"”’']\s*{_PRONOUN_SAYING}", re.IGNORECASE)
# Capitalised words opening a sentence, up to a comma or a lowercase word: its subject, if a name.
# Not inside quotation marks: '"Federer taught her everything," she said.' names Federer, not who speaks.
_OPENING_NAME = re.compile(r"\(?((?:[A-Z][\w'’.-]*\s+){0,4}[A-Z][\w'’-]*)(?=,|\s+[a-z(])")
# A he, she or they who says the sentence's words, quoted or not ("…, she added."): they are
# whose words these are, not the sentence's subject.
PRONOUN_SAYS = re.compile(rf"\b{_PRONOUN_SAYING}", re.IGNORECASE)


def subject_named(sentence: str, article: str) -> str | None:
    """The name `sentence` opens with as its subject, verbatim ("Mirza" of "Mirza, ranked 134 in
    the world, sunk to her knees…"): capitalised words, the first no function word, the last one
    `article` also writes capitalised after a word inside a sentence ("Sania Mirza") and never in
    lowercase, so "However," or "Police" name no one. None otherwise."""
    match = _OPENING_NAME.match(sentence)
    if match is None:
        return None
    run = match.group(1)
    words = run.split()
    last = re.escape(words[-1])
    if (words[0].casefold() in STOPWORDS or re.search(rf"(?<!\w){last.lower()}(?!\w)", article)
            or not re.search(rf"[\w,]\s+{last}(?!\w)", article)):
        return None
    return run


def speaker_named(sentence: str, reported: bool = False) -> str | None:
    """Whose words a quote gives, as the sentence itself names them, verbatim: "AC Milan defender
    Jaap Stam" of 'AC Milan defender Jaap Stam says…'; "Arsenal captain Patrick Vieira" of
    '"…," said Arsenal captain Patrick Vieira.'; "the Financial Times' China correspondent" of
    "according to the Financial Times' China correspondent". Read around its verbs of saying
    outside quotation marks, in order. None when only a pronoun says who ('…," he said.') or
    the words read as no one. A stranger's "who said that?" got the quote again, naming nobody.
    `reported`: else whose view a sentence reports (`_REPORTS`: "Sir Alex Ferguson has called on
    the FA…"), a subject with a capital past its first word or a name ("The plan calls for" is no
    one's); read after its words, which come first."""
    masked = QUOTED_SPEECH.sub(lambda m: m.group()[0] + " " * (len(m.group()) - 2) + m.group()[-1], sentence)
    according = _ACCORDING_TO.search(masked)
    if according is not None and (named := _named_after(sentence, masked, according.end())) is not None:
        return named
    for verb in _SAYS_OUTSIDE.finditer(masked):
        if CLAIMED_A_PRIZE.match(masked, verb.start()):
            continue
        if verb.group().casefold() in _ALSO_PLURAL_NOUNS and _BEFORE_A_NOUN.search(masked[:verb.start()]):
            # "Mr Flight landed in trouble over remarks on Tory tax…" gives no one's words (its
            # "speaker" was "Mr Flight landed in trouble over": a stranger's "what has flight said
            # about all this?" got it first); nor do "the claims", "his notes".
            continue
        before = masked[:verb.start()]
        opening = before.split()
        inverts = verb.group().casefold() not in _SAID_TO
        if re.search(r"[\"”]\s*$", before) or opening and all(w.casefold() in _LEADING for w in opening):
            # Straight after speech, or after nothing but "Or so" ("Or so says Charles Clarke.").
            named = _named_after(sentence, masked, verb.end()) if inverts else None
        elif verb.group().casefold() in _SAID_AFTER_SPEECH and not re.match(r"\s*:", masked[verb.end():]):
            continue  # ('Pound continued: "If she…"' gives Pound's words: a stranger's read as Jones's)
        else:
            named = _named_before(sentence, before, aside=bool(re.match(r"\s*,", masked[verb.end():])))
            if named is not None and verb.group().casefold() in ("adding", "saying"):
                # "Mr Botin greeted the waiting media, saying: …": the subject, not what it did; none
                # when it opens otherwise ("The council met on Tuesday, saying…"), or when no words
                # follow ("Ford shares rose 5%, adding to gains").
                speech = re.match(r"\s*(?::|[\"“']|that\b)", masked[verb.end():])
                named = _participle_subject(named) if speech else None
            if named is None and inverts and re.search(r",\s*$", before):
                # "The amount of spam was still growing, said Mr Stanley, but…"
                named = _named_after(sentence, masked, verb.end())
        if named is not None:
            return named
    if reported:
        for verb in _REPORTS.finditer(masked):
            named = _named_before(sentence, masked[:verb.start()], aside=False)
            if named is not None and (any(w[:1].isupper() for w in named.split()[1:])
                                      or named.split()[0].casefold() not in _OPENERS | _NO_SPEAKER):
                return named
    return None


def _participle_subject(named: str) -> str | None:
    """The capitalised words opening `named`, without what they did before "…, saying:" ("Mr
    Botin" of "Mr Botin greeted the waiting media"); None when it opens otherwise: where the
    subject ends and what it did begins is not told by capitals ("the council met on Tuesday")."""
    found = named.split()
    run = next((i for i, word in enumerate(found) if not word[:1].isupper()), len(found))
    return " ".join(found[:run]) if run else None


# What a speaker's name belongs to after it ("Hannah Ward of the Refugee Council").
_OWNED_BY = frozenset("of for at from".split())


# Verbs of `_SAYING` that are plural nouns too, and what comes before such a noun.
_ALSO_PLURAL_NOUNS = frozenset({"remarks", "claims", "notes", "replies"})
_BEFORE_A_NOUN = re.compile(r"\b(?:the|a|an|his|her|their|its|our|my|your|these|those|such|over|on|about|of|with|for|"
                            r"by|to|from|after|amid|despite|following|against|new|recent|earlier|latest)\s+$",
                            re.IGNORECASE)


def speaker_name(speaker: str) -> str:
    """The name in a speaker's words (`speaker_named`): the last run of capitalised words before
    any "of", "for"… ("Ana Field" of "club chairman Ana Field"; "Hannah Ward" of "Hannah Ward of
    the Refugee Council" and "Cara Diemont" of "Cara Diemont of IT firm Dimension Data"), else
    the words whole ("a spokesman for Sony", "analysts")."""
    named = []
    # A number may open a name: "50 Cent" (a stranger's follow-up was read as "what else did Cent say?").
    for run in re.finditer(r"(?:^|(?<=\s))(?:\d+\s+(?=[A-Z]))?(?:[A-Z]\S*)(?:\s+[A-Z]\S*)*", speaker):
        if any(word.casefold() in _OWNED_BY for word in speaker[:run.start()].split()):
            break
        found = run.group().split()
        before = speaker[:run.start()].split()
        if found[0] == "The" or (found[0].isdigit() and before and before[-1][:1].isupper()):
            found = found[1:]  # (a number after a capital ends a name: not "4 News" of "Channel 4 News")
        if found:
            # "Mr Tanzi's statement said": the words are Mr Tanzi's (a stranger's follow-up was read
            # as "what else did Mr Tanzi's say").
            owns = re.search(r"['’]s$", found[-1]) is not None
            named.append((re.sub(r"['’]s$", "", " ".join(found)), run.end(), owns))
    if not named:
        return speaker
    name, end, owns = named[-1]
    after = speaker[end:].split()
    if after and not owns and after[0][:1].islower() and after[0].casefold() not in _OWNED_BY:
        # A capital inside a description: "the double Olympic champion", "the Arsenal manager"
        # name no one "Olympic" (a stranger's "what else did she say?" was read as "what else
        # did Olympic say?").
        return speaker
    return name


_TITLES = (("he", re.compile(r"\b(?:Mr|Mister|Sir|Lord|Baron)\b\.?")),
           ("she", re.compile(r"\b(?:Mrs|Ms|Miss|Lady|Dame|Baroness)\b\.?")))
_HE = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)
_SHE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)


def personal_pronouns(text: str) -> set[str]:
    """Which of "he" and "she" `text` says, by any of their forms (him, his, her…)."""
    return {pronoun for pronoun, pattern in (("he", _HE), ("she", _SHE)) if pattern.search(text)}
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def pronoun_of(speaker: str, article: str) -> str | None:
    """"he" or "she" for a speaker (`speaker_named`'s words) when the article says which: a
    title ("Mr", "Ms", "Sir", "Dame"…) in the speaker's words or beside the name in the text, or
    the sentences naming them and the one after each using only one of he/his/him and
    she/her/hers, at least twice. None when nothing says, or both are used (two people)."""
    name = speaker_name(speaker)
    last = name.split()[-1] if name.split() else ""
    for pronoun, titles in _TITLES:
        if titles.search(speaker) or (last and re.search(rf"{titles.pattern}\s+(?:\w+\s+)?{re.escape(last)}\b",
                                                          article)):
            return pronoun
    if not last:
        return None
    sentences = _SENTENCE_END.split(article)
    near = [" ".join(sentences[i:i + 2]) for i, text in enumerate(sentences) if re.search(rf"\b{re.escape(last)}\b",
                                                                                              text)]
    he = sum(len(_HE.findall(text)) for text in near)
    she = sum(len(_SHE.findall(text)) for text in near)
    if he >= 2 and not she:
        return "he"
    if she >= 2 and not he:
        return "she"
    return None



def speaker_elsewhere(sentence: str) -> bool:
    """Whether whose words or deeds a sentence gives is said only before it: it opens with
    he/she/they, its quoted words are said by he, she or they alone ('"…," she said.': a
    stranger's summary quoted one without her name), or it is quoted speech with no "said",
    "told", "according to" of its own: a
    quotation running on from the sentence before (one quote mark: "I had a talk with Roy
    Keane and that's it." after "…," said Vieira.) or quoted whole. A quoted title or phrase
    inside a sentence ("Frozen" became…, called it "reckless.") is no speech."""
    if OPENS_WITH_SOMEONE.match(sentence):
        return True
    marks = len(_QUOTE_MARKS.findall(sentence))
    if marks and _SAID_BY_A_PRONOUN.search(sentence) and not _SAYS_WHO.search(_SAID_BY_A_PRONOUN.sub(" ", sentence)):
        return True  # '"We are turning the corner," she said.': she is named before it
    opens, closes = bool(OPENS_QUOTE.search(sentence)), bool(CLOSES_QUOTE.search(sentence))
    speech = (opens or closes) and (marks % 2 == 1 or (opens and closes))
    return speech and not _SAYS_WHO.search(sentence)


_THIS = re.compile(r"\b(?:this|that|these|those)\b", re.IGNORECASE)


def leans_on_something(question: str) -> bool:
    """Whether the question points back at what is being discussed: he/she/it/they
    (`says_pronoun`) or this/that ("when could this happen?"). Not "there", most often "is there
    a…?", which points nowhere."""
    return says_pronoun(question) or bool(_THIS.search(question))


def without_dummy_it(question: str) -> str:
    """The question without a dummy "it" ("is it true that…", "is it going to rain?")."""
    return _DUMMY_IT.sub(" ", question)


def says_pronoun(question: str) -> bool:
    """Whether the question leans on he/she/it/they (a dummy "it", as in "is it going to rain?",
    does not count)."""
    return bool(_PRONOUN.search(without_dummy_it(question)))


@lru_cache(maxsize=1)
def _stemmer():
    import Stemmer

    # FTS5's porter tokenizer implements Porter's stemmer; this one gives the same stems for all
    # but a few hundred English words (`_porter` asks FTS5 itself for those: store/terms.py), and quickly.
    return Stemmer.Stemmer("porter")


# Where PyStemmer's Porter and FTS5's part: FTS5's "-logy" is "log" ("technology": "technolog",
# not "technologi"), its "-bly" "bl" ("possibly", "incredibly": "incred"), its "trekking" "trek";
# it leaves words under three letters as they are ("is", not "i") and very long ones unstemmed,
# strips diacritics and parts words at "_". A question's "technology" had been looked up as a term
# no passage holds (the highest IDF, and no typo of it corrected).
_ODD_STEM = re.compile(r"(?:logi|bli|([b-df-hj-km-np-rtv-xz])\1)$")


def _porter(found: list[str]) -> list[str]:
    """Stems of casefolded words as the FTS5 index holds them."""
    stemmed = _stemmer().stemWords(found)
    odd = [i for i, (word, term) in enumerate(zip(found, stemmed))
           if len(word) < 3 or len(word) > 60 or not word.isascii() or "_" in word or _ODD_STEM.search(term)]
    if odd:
        from .store.terms import fts5_terms_many

        for i, exact in zip(odd, fts5_terms_many([found[i] for i in odd])):
            if len(exact) == 1:  # "3.5" is two terms there: as it was
                stemmed[i] = exact[0]
    return stemmed


def words(text: str) -> list[str]:
    return [w.casefold() for w in _WORD.findall(text)]


def terms(text: str, *, keep_stopwords: bool = False) -> list[str]:
    """Stemmed content words of a text, in order."""
    return list(_terms(text, keep_stopwords))


@lru_cache(maxsize=200_000)
def _terms(text: str, keep_stopwords: bool) -> tuple[str, ...]:
    # Cached: the sentences of popular passages are scored again for question after question.
    found = [w for w in words(text) if keep_stopwords or w not in STOPWORDS]
    return tuple(_porter(found))


def stem(word: str) -> str:
    """The stemmed form of one casefolded word, as FTS5 indexes it; a term that is no word to
    `words` (an emoji, which FTS5 indexes as a term of its own) as it is: a new user's index
    holding "🤷" made every question with a typo end in a traceback."""
    found = _terms(word, True) if word else ()
    return found[0] if found else word


def stems(words: Sequence[str]) -> list[str]:
    """Stems of many casefolded words at once."""
    return _porter(list(words))


def fts_match(text: str, extra: Sequence[str] = ()) -> str | None:
    """An FTS5 query matching any content word of the text (and the `extra` words: spelling
    corrections); each word is quoted so that no user input is read as FTS5 syntax."""
    tokens = [w for w in dict.fromkeys([*words(text), *extra]) if w not in STOPWORDS]
    tokens = [t for t in tokens if not t.replace(",", "").replace(".", "").isdigit() or len(t) > 1]
    if not tokens:
        return None
    return " OR ".join('"' + t.replace('"', "") + '"' for t in tokens)
