"""The engine facade the front ends use: add, remove, list, ask, summarise, reindex."""
from __future__ import annotations

import functools
import logging
import os
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Sequence

import numpy as np

from .chunk import CHUNKER_VERSION, chunk
from .embed import Embedder, PassageVectors, Span, embedder_for
from .errors import AmbiguousArticle, ArticleNotFound, IndexBusy, IngestError, InvalidQuestion, ReadOnlyData, StorageError
from .models import AboutArticle, Answer, Article, ArticleInfo, Discussion, Passage, Quote, Summary
from .store import PassageRow, SentenceRow, Store, embed_key, open_store
from .vector_codec import TokenCodec, codec_for
from .collections import GLOBAL, guild_collection  # noqa: F401  (engine.GLOBAL is what callers import)
from .settings import BUNDLED_ARTICLES, Settings, articles_folder

# The question-answering modules (about, answer, search: their regular expressions, the answer
# model's trees) are imported by the first question, not here: `quotebot list`, `status` and
# `remove` make an engine too, and a model-free command has one second for the whole process.
if TYPE_CHECKING:
    from . import about
    from .answer import AnswerTuning
    from .search import Hit, Lexical, SearchTuning
    from .store import VectorIndex

log = logging.getLogger(__name__)

# Bumped when what is stored per sentence changes (1: token vectors for late interaction;
# 2: sentence and token vectors read within their passage, stored compactly); an index written
# before is brought up to date once, by a reindex that embeds only what it lacks. The token
# codec's name is recorded beside it: a new codebook re-embeds too.
SENTENCE_STORAGE = "2"
MAX_QUESTION_CHARS = 1000
# Questions about who put an article out (about.detect's aspects), after which "he" or "she" is
# its author; after "what is it about?" or "what's the main point?" it is whom the story is about.
# A follow-up this short answered with the last answer's first quote says so (`Answer.repeats`).
REPEATS_NOTED_WORDS = 3  # "why?", "and where?", "how come?": five-word questions read it as jargon
_OF_THE_WRITER = frozenset({"author", "publisher", "published", "url"})
# "when did it come out?", asked of the article itself only after another question about it.
_IT_CAME_OUT = re.compile(r"\W*(?:(?:and|so|ok|okay|but)[\s,]+)?when\s+did\s+(?:it|that|this)\s+(?:come\s+out|appear|"
                          r"go\s+(?:up|online|live))\W*", re.IGNORECASE)
_WHEN_PUBLISHED = "when was it published?"
# Titles before a name, which any other speaker may share ("Mr").
_HONORIFICS = frozenset("mr mrs ms miss dr sir lord lady dame prof professor".split())
# What only a piece's author does in it: not "say", "claim" or "propose", which its people do too.
_ARGUES = re.compile(r"\b(?:conclude[sd]?|concluding|argue[sd]?|arguing|main\s+point|point\s+of\s+view)\b",
                     re.IGNORECASE)
# "whats his conclusion" (a stranger's was declined): the author's in an opinion piece only, as
# what he says about something is (`_SAYS_OF`); in a news story "his argument" is whom it quotes.
_STANCE_OF = re.compile(r"\b(?:conclusion|argument|bottom\s+line|thesis)\b", re.IGNORECASE)
# What he says *about* something (`about.said_about`): the author's, in an opinion piece only
# (`about.is_opinion`); in a news story with a byline, "she" is whom it quotes.
_SAYS_OF = re.compile(r"\b(?:say|said|write|wrote|think|believe|feel|reckon|make|take|view|opinion|stance|"
                      r"position|describe|see|portray|mention|discuss)\b.*\b(?:about|of|on|regarding)\b", re.IGNORECASE)
# However an article was read (front matter, a page's metadata, a feed entry), its title,
# author and publisher are shown as one line of visible characters, at most this long: a new
# operator's 5,000-character front matter title was shown whole, and a direction override
# spoofed a file name. A real paper's title runs to 300 (SciFact's longest).
TITLE_CHARS = 300
DETAIL_CHARS = 200
# A follow-up on the last answer's quote ("who said that?", "what does he mean?") after its
# article was removed.
_QUOTED_GONE = "The article the last answer quoted is no longer indexed."


def _names_speaker(sentence: str, reported: bool = False) -> bool:
    """Whether a quote names whose words it gives: by a verb of saying not only a pronoun's
    (`text.names_its_speaker`), or a speaker read from it ("Michael Howard said he would…",
    whose "said he" the other reads as a pronoun's). `reported`: or whose view it reports
    ("Ferguson believes…")."""
    from .text import names_its_speaker, speaker_named

    return names_its_speaker(sentence) or speaker_named(sentence, reported) is not None


# A speaker the sentence does not name ("…, a Home Office minister has said."): news leads keep
# the name for the sentence after.
_UNNAMED_SPEAKER = re.compile(r"(?:a|an|one|another|two|three|some|several)\s", re.IGNORECASE)
# "who said muslims are more likely to be stopped?", "which home office minister warned…?": asks
# whose words or view something is.
_ASKS_WHOSE = re.compile(
    r"\W*(?:(?:and|so|ok|okay|but)[\s,]+)?(?:(?:who|whom|whos)\s+|which\s+(?:[\w'’-]+\s+){1,4}?)"
    r"(?:(?:has|have|had|is|was|are|were|did|does)\s+)?(?:said|says|say|saying|warned|warns|warning|claimed|claims|"
    r"called|calls|calling|urged|urges|urging|told|argued|argues|believes|thinks|wants|criticised|criticized|"
    r"insisted|insists|admitted|suggested|accused|described|predicted|announced|revealed)\b", re.IGNORECASE)


def _unnamed_speaker(sentence: str) -> str | None:
    """Whose words `sentence` gives when it calls them only "a Home Office minister" (or "an
    official", "one analyst"): that, verbatim; else None."""
    from .text import speaker_named

    speaker = speaker_named(sentence, reported=True)
    return speaker if speaker is not None and _UNNAMED_SPEAKER.match(speaker) else None


# Verbs a sentence gives its speaker's words with ("…said he had witnessed…"), for
# `Engine._said_right_before`.
_SAYS_VERBS = ("said|says|told|tells|added|adds|explained|insisted|warned|admitted|argued|claimed|believes|believed|"
               "thinks|thought|stressed|suggested|predicted|acknowledged|conceded|confirmed|revealed|announced|replied")


def _speech_open(text: str) -> bool:
    """Whether `text` (its closed quotations blanked) leaves a quotation open: a straight or an
    opening mark with no closing one after it."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")


def _speech_blanked(text: str) -> str:
    """`text` with its quoted speech blanked, every character kept in place."""
    from .text import QUOTED_SPEECH

    return QUOTED_SPEECH.sub(lambda m: " " * len(m.group()), text)


def _a_person_named(name: str, text: str) -> bool:
    """Whether a speaker's name, as `speaker_name` shortens it, reads as someone's: described in
    lowercase by a person's word ("the home secretary", "a Juventus official"), or capitalised
    words with no body's word among them ("London's Evening Standard", "Scotland Yard", "Sussex
    Police", "Department" of "A Department for Work and Pensions spokeswoman" are not: a he or
    she is no body), one alone a surname `text` writes after a first name ("Davies" of "Lynn
    Davies")."""
    from .answer import _BODY, _first_name_before

    named = name.split()
    if not named:
        return False
    if name[:1].islower():
        head = re.split(r"\s+(?:of|for|at|from|in|with|to)\s+|,", name)[0].split()[-1].casefold()
        return head in _PERSON_WORDS
    if any(not w[:1].isupper() or re.search(r"['’]s$", w) for w in named) or _BODY.search(name) or any(
            w.casefold() in _NO_PERSON_WORDS for w in named):
        return False
    if len(named) > 1:
        return True
    # A few first names tried, each read over the whole text (an article of thousands of
    # "Foo Davies" is no reason to read it thousands of times).
    firsts = dict.fromkeys(re.findall(rf"(?<![\w'’-])([A-Z][a-z][\w'’-]*)\s+{re.escape(name)}\b", text))
    return any(_first_name_before(first, text) for first in list(firsts)[:5])


def _a_person_word(word: str) -> bool:
    """Whether `word` (casefolded) may name a person other than the speaker: a word for people
    (`_PEOPLE_WORDS`), or one ending as words for people do ("pensioner", "motorist", "gunman",
    "referee", "defendant", "Welshman": a review found no list long enough)."""
    return word in _PEOPLE_WORDS or (len(word) > 4 and re.search(
        r"(?:er|ers|or|ors|ist|ists|ian|ians|man|men|woman|women|ee|ees|ant|ants|ent|ents)$", word) is not None)


# A lowercase description's last word that makes it a person's ("a Juventus official").
_PERSON_WORDS = frozenset("""spokesman spokeswoman spokesperson official minister secretary manager coach chairman
    chairwoman chair chief director executive analyst economist expert lawyer solicitor barrister officer president
    leader boss editor correspondent reporter founder owner captain player singer actor actress presenter judge
    cleaner worker teacher doctor nurse farmer mother father son daughter wife husband sister stepsister brother
    friend fan resident student member mp campaigner activist organiser producer writer author star striker
    goalkeeper defender midfielder winger partner consultant adviser advisor source insider witness victim
    man woman boy girl""".split())
# Words for people a sentence may speak of besides its speaker ("said a 34-year-old man had been
# arrested"), whom a he or she after it may be.
_PEOPLE_WORDS = _PERSON_WORDS | frozenset("""patient defendant client driver pupil child children teenager suspect
    passenger people baby youngster pilot champion forward grandson granddaughter nephew niece fiance fiancee
    cousin uncle aunt colleague rival opponent team-mate teammate boyfriend girlfriend""".split())
# Capitalised words of a place, a team or an outlet, never of a person ("Scotland Yard",
# "Manchester United", "Downing Street").
_NO_PERSON_WORDS = frozenset("""police yard street united city town rovers athletic wanderers fc government
    firm ministry party times post news radio tv television herald guardian telegraph mail express sun mirror
    journal press reuters agency""".split())


# Titles of the other sex than a he's or a she's.
_OTHER_SEX_TITLES = {"he": ("Ms", "Mrs", "Miss", "Lady", "Dame"), "she": ("Mr", "Sir", "Lord")}


def _other_sex_named(pronoun: str, name: str) -> bool:
    """Whether `name` is titled as one sex ("Mr", "Ms"…) and `pronoun` is the other's."""
    title = name.split()[0].rstrip(".").casefold() if name.split() else ""
    return title in (t.casefold() for t in _OTHER_SEX_TITLES[pronoun])


def _other_sex(question: str, quote: str) -> bool:
    """Whether the question's he or she is not the quote's: "is she running…?" of a quote calling
    everyone it speaks of "he" ("…as he came fifth"), or the other way round."""
    from .text import personal_pronouns

    asked, said = personal_pronouns(question), personal_pronouns(quote)
    return len(asked) == 1 and len(said) == 1 and asked != said


def _shown_details(article: Article) -> Article:
    from .text import short_line

    title = short_line(article.title, TITLE_CHARS)
    author = short_line(article.author, DETAIL_CHARS) or None  # None stays None
    publisher = short_line(article.publisher, DETAIL_CHARS) or None
    if (title, author, publisher) == (article.title, article.author, article.publisher):
        return article
    return replace(article, title=title, author=author, publisher=publisher)


# Called as progress(done, total) while texts are embedded, so front ends can draw a bar.
Progress = Callable[[int, int], None]


def _counter(progress: Progress | None, total: int):
    if progress is None:
        return None
    done = 0
    progress(0, total)

    def step(count: int) -> None:
        nonlocal done
        done += count
        progress(done, total)

    return step


def _storage_errors(method):
    """A failure of the index's files (a damaged page met mid-query, a full disk at commit)
    reaches the front ends as the StorageError saying so, like every other user-facing error."""

    @functools.wraps(method)
    def wrapper(self: "Engine", *args, **kwargs):
        with self.store.errors():
            return method(self, *args, **kwargs)

    return wrapper


def passage_embed_text(title: str, passage: str) -> str:
    """What the model reads for a passage: its article's title gives a paragraph its topic."""
    return f"{title}\n{passage}" if title else passage


def sentence_embed_key(passage_text: str, span: Span) -> str:
    """A sentence's vectors are read within its passage (late chunking), so they are keyed by
    the passage text the model read and the sentence's place in it, not by its words alone."""
    return embed_key(f"{passage_text}\x1f{span[0]}:{span[1]}")


@dataclass(frozen=True)
class AddResult:
    article: ArticleInfo
    status: str  # "added", "updated" or "unchanged"
    embedded: int  # passages run through the model (0 when everything was cached)


@dataclass(frozen=True)
class _Job:
    """One passage for the model: the text it reads, and its sentences' places in that text."""

    key: str
    text: str
    spans: tuple[Span, ...]
    sentence_keys: tuple[str, ...]


@dataclass(frozen=True)
class _Prepared:
    article: Article
    passages: list[Passage]
    passage_keys: list[str]
    sentence_keys: list[list[str]]
    search_texts: list[str]
    jobs: tuple[_Job, ...]  # the passages the cache lacks some vector of


@dataclass(frozen=True)
class _Embedded:
    """What the model read, as it will be stored: the token vectors already packed (a float32
    token is 1.5 KiB, a packed one 64 bytes), so embedding a huge article holds a batch of
    float32 tokens at a time, not the whole article's."""

    jobs: Sequence[_Job]
    vectors: list[np.ndarray]  # per job, its passage's
    sentences: list[np.ndarray]  # per job, its sentences' (rows)
    tokens: list[bytes]  # per sentence of every job in order, its packed token vectors

    def put(self, store: Store, db, model: str) -> None:
        store.put_vectors(db, model, [j.key for j in self.jobs], np.array(self.vectors))
        keys = [k for j in self.jobs for k in j.sentence_keys]
        if keys:
            store.put_vectors(db, model, keys, np.concatenate(self.sentences), packed=True)
            store.put_packed_tokens(db, model, keys, self.tokens)


# Passages read by the model between two packings of their token vectors: bounds an add's
# float32 token vectors to about 256 × 150 tokens × 1.5 KiB ≈ 60 MB, whatever the article's size.
EMBED_BATCH = 256


def _vector_index(store: Store, model: str, dim: int, settings: Settings) -> "VectorIndex":
    """FAISS is imported here, when an index is first searched or written: `list`, `status`
    and an unchanged `add` never load it."""
    from .store.vectors import VectorIndex

    return VectorIndex(store, model, dim, ann_threshold=settings.ann_threshold)


@functools.lru_cache(maxsize=1)
def _one_blas_thread() -> None:
    """A question's matrix products are small (ten question tokens against a few hundred
    sentence tokens): BLAS threads cannot speed them up, and while they wait they spin on the
    cores the other questions (and the model) need. Measured on the SQuAD index under load: a
    question's scoring took 276 ms with two BLAS threads, 152 ms with one. Process-wide, set
    once by the first engine."""
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


# A question saying which story it asks: "in the lufthansa story, what…?", "…in the oil story?".
# Not "report": "what did the US say in the Iraq report?" asks of a report in the news.
_STORY_NAME = r"(?:the|that|this)\s+(?P<name>[\w'’$.&-]+(?:\s+[\w'’$.&-]+){0,4}?)\s+(?:story|article|piece)"
# ... "according to the radcliffe story, …", "the paula radcliffe article: where …?" too (strangers'
# were asked of every article).
_IN_STORY_FIRST = re.compile(rf"^\s*(?:in|from|according\s+to)\s+{_STORY_NAME}\s*[,:;–—-]?\s+(?P<rest>\S.*)$",
                             re.IGNORECASE)
_STORY_COLON = re.compile(rf"^\s*{_STORY_NAME}\s*[:;–—]\s+(?P<rest>\S.*)$", re.IGNORECASE)
_IN_STORY_LAST = re.compile(rf"^(?P<rest>\S.*)[\s,]+(?:in|from)\s+{_STORY_NAME}\s*(?P<end>[?!.]*)\s*$", re.IGNORECASE)


# What a story is about, pointed at as already known ("when will the changes come in?" of a story on
# a police shake-up that never writes "changes": a stranger's was declined as about another story).
_THE_STORYS = re.compile(r"\b(?:the|these|those)\s+(?:new\s+|proposed\s+|planned\s+)?(?:changes?|plans?|proposals?|"
                         r"reforms?|measures|rules|deal|move|moves|decision|scheme|shake-?up|overhaul|announcement|"
                         r"idea|ideas|policy|policies)\b", re.IGNORECASE)


def _naming_its_story(question: str) -> re.Match | None:
    """The match naming the story a question asks, first, before a colon, or last (groups "name",
    "rest" and, last, "end"); None when it names none."""
    return _IN_STORY_FIRST.match(question) or _STORY_COLON.match(question) or _IN_STORY_LAST.match(question)


STORIES_NAMED = 3  # a story's name fitting more says too little to ask those alone
# A headline's verb of saying ("…, Brown says"), which a reader naming the story leaves out.
_HEADLINE_SAYS = frozenset("says say said claims warns insists admits".split())


# "…criticised by the SNP", "…was sued by Yukos": who did it, after a passive's verb in -ed.
_BY_AGENT = re.compile(r"\b\w+ed\s+by\s+((?:the\s+)?[A-Z][\w'’&-]*(?:\s+[A-Z][\w'’&-]*){0,3})")


# A follow-up asking only why ("and why?", "why tho"): the reason for the last answer (`Engine._ask_whole`).
_BARE_WHY = re.compile(r"\W*(?:(?:and|so|but|ok|okay)[\s,]+)?(?:why|y|how\s+come)"
                       r"(?:\s+(?:tho|though|is\s+that|was\s+that))?\W*", re.IGNORECASE)
# "how so?": more than the last answer said (two strangers' got its three quotes again, under
# "the same first quote").
_HOW_SO = re.compile(r"\W*(?:(?:and|so|but|ok|okay)[\s,]+)?how\s+so\W*", re.IGNORECASE)
# "and what about her?": about whom the last question asked the words of by name (`Engine.reading`).
_ABOUT_THEM = re.compile(r"\W*(?:(?:and|so|ok|okay|but)[\s,]+)?(?:what|wat|how)\s+about\s+(?:him|her|them)\W*",
                         re.IGNORECASE)


def by_parts(found: Answer, ask_part: Callable[[str], Answer], alone: bool = False) -> Answer:
    """`found`, or, when one article asked declines a question of two parts for want of an answer
    (not for a figure, a name or words the article lacks, which it says), the answer to its first
    part that answers without doubt (`text.question_parts`), read as that part: strangers' "what
    is the forecast for 2005 and when will the next figures come out" and "who brought the case
    against him, police or the studios?" were declined, the forecast and who brought it being
    there. `alone`: asked of every article, and one article is indexed (a stranger's "whos he
    anyway, does he actually work in crypto?" of the launch article was declined)."""
    from .text import question_parts

    # Only asked of one article (a channel's, a pick, the only one): asked of every article, parts
    # found whichever story shares their words (a review's finds; the held-out sets' cold rows lost
    # six unanswerable questions' declines for three more first quotes).
    if (found.answered or found.about is not None or found.missing is not None or found.unknown or found.elsewhere
            or found.unmentioned or found.other_language or found.declined_in is None and not alone):
        return found
    for part in question_parts(found.question):
        answer = ask_part(part)
        # Not a doubted one (`Answer.unsure`): the whole was declined, and a reader asking two
        # things rarely asks the half the article merely touches.
        if answer.answered and not answer.unsure:
            log.debug("declined as a whole; its part %r answers", part)
            # A part read as a follow-up ("why was that?") keeps what it follows.
            return replace(answer, question=found.question, read_as=answer.read_as or part,
                           follows=answer.follows if answer.read_as else None, partial=True)
    return found


def _shown_already(quote: Quote, shown: Sequence[Quote]) -> bool:
    """Whether `quote` shares a sentence with one of `shown` (the last answer's quotes)."""
    return any(quote.article_id == other.article_id and (
        quote.text in other.text or other.text in quote.text or quote.start < other.end and other.start < quote.end)
        for other in shown)


def _not_in_quotes(unknown: Sequence[str], quotes: Sequence[Quote]) -> tuple[str, ...]:
    """Of the words no article mentions, those the quotes do not write one letter off, nor
    abbreviate: "nisan", an English word the spelling leaves alone, is the "Nissan" of every quote,
    "boe" their "Bank of England" (strangers were told no article mentions them above quotes
    about Nissan and the Bank)."""
    from rapidfuzz.distance import OSA

    from .spelling import initials_in

    # Names only, as the quotes capitalise them, and letters only: a figure one digit off ("1.26%"
    # of a story's "1.76%") is what the caution is for (a review's find).
    written = {w.casefold() for quote in quotes for w in re.findall(r"\b[A-Z][a-z]{3,}\b", quote.text)}
    abbreviated = set().union(*(initials_in(quote.text) for quote in quotes)) if unknown else set()
    return tuple(u for u in unknown if u not in abbreviated
                 and not (len(u) >= 4 and u.isalpha() and any(OSA.distance(u, w) <= 1 for w in written)))


def _other_names_someone(question: str) -> bool:
    """Whether a follow-up "and X?" names someone: X capitalised, a word of it no everyday word
    ("tories", "snp"), or a word for people ("the shop owners")."""
    from .spelling import COMMON_WORD, english_words
    from .text import STOPWORDS, other_named, words

    other = other_named(question)
    if other is None:
        return False
    named = [w for w in words(other) if w not in STOPWORDS]
    return (re.search(r"\b[A-Z]", other) is not None or any(english_words().get(w, 0) < COMMON_WORD for w in named)
            or bool(named) and named[-1].endswith(_PEOPLE_ENDINGS))


# How words for people and bodies end: "owners", "critics", "unions", "charities"; not "the cost".
_PEOPLE_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents", "ics", "ies", "ions")


def _subject_pronouns(question: str) -> set[str]:
    """The he and she a question says as a subject (not "his" of "who broke his leg?")."""
    return set(re.findall(r"\b(?:he|she)\b", question.casefold()))


# He, she, it, him, them or a closing "her" pointing back at the story discussed, or this/that
# after a preposition ("what did mourinho say about him?", "how does it compare to the nintendo
# ds?", "what did souness say about that?"); not they/their, his/its, nor "that" opening a clause.
_LEANS_ON_IT = re.compile(r"\b(?:he|she|it|him|them)\b|\b(?:about|of|on|for|with|to|after|by|at|in)\s+(?:this|that)\b"
                          r"|\bher\b(?=\s*(?:[?!.,…]|$))", re.IGNORECASE)
# "what did she say?", "what has he said about it?": a follow-up asking someone's words alone.
_ASKS_WORDS_OF = re.compile(r"\W*(?:(?:and|so|ok|okay|but)[\s,]+)?(?:what|wat)\s+(?:did|does|has|had)\s+(?:he|she)\s+"
                            r"(?:say|said|says|think|thought)(?:\s+(?:about|of|on)\s+[\w' -]+)?\W*", re.IGNORECASE)

# "who runs Oracle?", "who made the offer?": a question for whoever did something.
_WHO_DID = re.compile(r"^\s*(?:(?:and|so|ok|okay)[\s,]+)?(?:who|whos)\s+(?!(?:is|are|was|were|'s|’s|s)\b)\w+",
                      re.IGNORECASE)


class Engine:
    # Whether a question's BM25 passages are read while it is embedded (_read_lexical_ahead);
    # off, one after the other, as bench/speed.py compares.
    read_lexical_ahead = True

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None,
                 read_only: bool | None = None, searches: bool = True):
        """`read_only` None: read-only exactly when the data dir may not be written (Store).
        `searches` False: an engine that only writes (a `quotebot worker`) keeps no vector
        index: its adds, removes and reindexes write the database, and the processes that
        answer patch their own indexes from it."""
        _one_blas_thread()
        self.settings = settings or Settings()
        self.store = open_store(self.settings.data_dir, read_only, self.settings.database_url)
        self.embedder = embedder or embedder_for(self.settings)
        # Held for the short moments that must see SQLite and FAISS agree: a commit plus its
        # FAISS update, or a search's FAISS lookup plus its SQLite reads.
        self._state = threading.RLock()
        self._reindexing = threading.Lock()
        self._vectors: "VectorIndex | None" = None
        self._searches = searches
        self._seen_generation = -1
        self._lexical_reader: ThreadPoolExecutor | None = None  # see _read_lexical_ahead
        self._lexical_lock = threading.Lock()

    # setup ----------------------------------------------------------------------------------
    @functools.cached_property
    def search_tuning(self) -> "SearchTuning":
        from .search import SearchTuning

        return SearchTuning()

    @functools.cached_property
    def answer_tuning(self) -> "AnswerTuning":
        """Made on first use (reading the answer model's 200 trees costs tens of milliseconds
        that only questions need); a missing or damaged weights file is WeightsMissing then.
        Assigning it (a pinned tuning) replaces it."""
        from .answer import AnswerTuning

        threshold = {} if self.settings.answer_threshold is None else {"threshold": self.settings.answer_threshold}
        if self.settings.answer_weights is not None:
            return AnswerTuning.from_file(self.settings.answer_weights, **threshold)
        return AnswerTuning(**threshold)

    @property
    def model(self) -> str:
        return self.embedder.fingerprint

    @property
    def token_codec(self) -> TokenCodec:
        return codec_for(self.model, self.embedder.dim)

    @property
    def sentence_storage(self) -> str:
        return f"{SENTENCE_STORAGE}:{self.token_codec.name}"

    @property
    def vectors(self) -> "VectorIndex":
        with self._state:
            if self._vectors is None:
                stored = self.store.get_meta("model")
                if stored is None and self.store.read_only:
                    pass  # nothing indexed yet: an empty index, nothing to record
                elif stored is None:
                    with self.store.transaction() as db:
                        self.store.set_meta(db, "model", self.model)
                        self.store.set_meta(db, "chunker", CHUNKER_VERSION)
                        self.store.set_meta(db, "sentence_storage", self.sentence_storage)
                elif stored != self.model or self.store.get_meta("sentence_storage") != self.sentence_storage:
                    if self.store.read_only:
                        raise ReadOnlyData(self.store.data_dir, (
                            f"The index in {self.store.data_dir} was built with {stored} and must be re-embedded "
                            f"for {self.model}, but the folder is read-only here. Use the model it was built "
                            f"with (QUOTEBOT_MODEL), or give quotebot write access to the folder."
                        ) if stored != self.model else (
                            f"The index in {self.store.data_dir} was written by an older quotebot and needs a "
                            f"one-time upgrade, but the folder is read-only here: run any command once with "
                            f"write access to it."))
                    dim = self.embedder.dim  # a model that cannot be loaded says so before any re-embedding
                    if stored != self.model:
                        log.warning("embedding model changed (%s -> %s): re-embedding", stored, self.model)
                    else:
                        log.warning("index written by an older quotebot: re-reading its sentences within their passages")
                    self._vectors = _vector_index(self.store, self.model, dim, self.settings)
                    self.reindex()
                    return self._vectors
                self._vectors = _vector_index(self.store, self.model, self.embedder.dim, self.settings)
                self._seen_generation = self.store.generation()
            return self._vectors

    @_storage_errors
    def ensure_bundled(self, index: bool = True) -> list[AddResult]:
        """On first use of an empty data dir, index the articles folder's articles into the
        global collection (once: removing them later is respected, by the folder's watcher too,
        which finds their files already read). `index` False: none indexed, the folder's files
        remembered as left out, so the watcher leaves them out too (a first `add` of one's own
        articles, which the bundled launch article would only get in the way of: strangers asked
        why `list` showed 41 articles where they had added 40). Nothing on a read-only store."""
        if self.store.read_only or self.store.get_meta("bundled") is not None:
            return []
        results: list[AddResult] = []
        read: dict[str, str | None] = {}  # each file of the folder: the article indexed from it
        folder = self.articles_folder()
        if folder.is_dir() and any(folder.iterdir()):
            from . import ingest  # here, not at import: `list` or `ask` read no sources

            if index:
                for article in ingest.load(str(folder)):
                    results.append(self.add_article(article, GLOBAL))
                    read[article.source] = results[-1].article.id
            else:
                read = {ingest.file_source(path): None for path in ingest.article_files(folder)}
        from .ingest import file_source
        from .store.watch import WatchedFiles

        files = WatchedFiles(self.store, GLOBAL)
        files.create()
        for path, article_id in read.items():
            try:
                stat = os.stat(path)
            except OSError:
                continue  # gone meanwhile: the watcher finds it so too
            files.remember(path, stat.st_mtime_ns, stat.st_size, article_id, None)
        with self.store.transaction() as db:
            self.store.set_meta(db, "bundled", "1")
            if folder.resolve() != BUNDLED_ARTICLES:
                # As the watcher writes its files' sources (a folder reached through a symlink stays
                # so); not the bundled folder, which moves with the install (a new checkout, an image).
                self.store.set_meta(db, "articles_dir", file_source(folder))
        return results

    def articles_folder(self) -> Path:
        """The articles folder first use indexes and the bot watches: QUOTEBOT_ARTICLES_DIR when
        set; else the one this data dir's first use indexed, wherever the command runs (strangers'
        `status` run from another directory named the bundled folder, their `./articles` being
        the one indexed); else `settings.articles_folder`'s."""
        if "articles_dir" not in self.settings.model_fields_set:
            remembered = self.store.get_meta("articles_dir")
            if remembered:
                # Even moved or deleted: `status` says it is missing, and the watcher that it
                # watches nothing, rather than another folder being followed unsaid.
                return Path(remembered)
        return articles_folder(self.settings)

    def close(self) -> None:
        try:
            self._save_cache()
        finally:
            with self._lexical_lock:
                reader, self._lexical_reader = self._lexical_reader, None
            if reader is not None:  # its thread's own connection is closed by that thread
                reader.submit(self.store.close).result()
                reader.shutdown()
            self.store.close()

    def _read_lexical_ahead(self, question: str, collections: Sequence[str], k: int,
                            article_id: str | None) -> "Future[Lexical]":
        """The question's BM25 passages, read on a thread of their own while the caller embeds
        the question: SQLite (and ONNX Runtime) run without the GIL, so the two overlap (see
        bench/speed.py). One thread: a question that finds it busy reads for itself."""
        from .search import lexical

        with self._lexical_lock:
            if self._lexical_reader is None:
                self._lexical_reader = ThreadPoolExecutor(1, thread_name_prefix="quotebot-lexical")
            return self._lexical_reader.submit(lexical, question, self.store, collections, k, article_id)

    def _save_cache(self) -> None:
        """Save the FAISS start-up cache. Only a cache: when it cannot be written (a full disk)
        the index is safe in SQLite and the next start rebuilds it, so this warns and goes on."""
        if self._vectors is None:
            return
        try:
            self._vectors.save()
        except StorageError as error:
            log.warning("FAISS start-up cache not saved (the next start rebuilds it from the database): %s", error)

    def _refresh_if_stale(self) -> None:
        """Another process (`quotebot add` while the bot runs) may have written."""
        generation = self.store.generation()
        if generation != self._seen_generation:
            self.vectors.refresh()
            self._seen_generation = generation

    def follow_changes(self, stop: threading.Event, on_refresh: Callable[[], None] | None = None) -> None:
        """Until `stop` is set: patch this process's FAISS indexes as soon as any process
        commits a write (a shared PostgreSQL store notifies; SQLite returns at once, and each
        question checks instead), so the next question does not pay for the catching up.
        `on_refresh` is called after each look. Blocks: run it on a thread of its own."""

        def changed() -> None:
            try:
                with self._state, self.store.errors():
                    self._refresh_if_stale()
            except StorageError as error:  # the next question checks again
                log.warning("could not catch up with a change: %s", error)
            if on_refresh is not None:
                on_refresh()

        self.store.follow_changes(stop, changed)

    # writing --------------------------------------------------------------------------------
    def load_sources(self, source: str,
                     on_error: Callable[[IngestError], None] | None = None) -> Iterator[Article]:
        """The articles of a path or URL, one at a time (`ingest.iter_load`): a source that
        cannot be read at all raises here; a folder's files are read as the iterator is
        consumed, each unreadable one going to `on_error` (default: a logged warning)."""
        from . import ingest

        return ingest.iter_load(
            source,
            allow_private_urls=self.settings.allow_private_urls,
            allowed_hosts=self.settings.allowed_hosts,
            timeout=self.settings.fetch_timeout,
            max_bytes=self.settings.max_download_bytes,
            on_error=on_error,
        )

    def add(self, source: str, collection: str = GLOBAL, progress: Progress | None = None,
            on_error: Callable[[IngestError], None] | None = None) -> list[AddResult]:
        """Read a path or URL and index its articles, each as soon as it is read. A source
        that cannot be read at all raises IngestError before anything is written; in a
        folder, an unreadable file goes to `on_error` and the others are still added."""
        return [self.add_article(a, collection, progress) for a in self.load_sources(source, on_error)]

    def _prepare(self, article: Article, passages: list[Passage] | None = None) -> _Prepared:
        passages = chunk(article) if passages is None else passages
        search_texts = [passage_embed_text(article.title, p.text) for p in passages]
        passage_keys = [embed_key(t) for t in search_texts]
        spans: list[tuple[Span, ...]] = []
        for passage, text in zip(passages, search_texts):
            shift = len(text) - len(passage.text) - passage.start  # article offset -> offset in `text`
            spans.append(tuple((s.start + shift, s.end + shift) for s in passage.sentences))
        sentence_keys = [[sentence_embed_key(t, span) for span in own] for t, own in zip(search_texts, spans)]
        every = [k for keys in sentence_keys for k in keys]
        cached = self.store.cached_keys(self.model, passage_keys + every)
        tokened = self.store.tokened_keys(self.model, every)
        jobs = tuple(
            _Job(key, text, own, tuple(keys))
            for key, text, own, keys in zip(passage_keys, search_texts, spans, sentence_keys)
            if key not in cached or any(k not in cached or k not in tokened for k in keys)
        )
        return _Prepared(article, passages, passage_keys, sentence_keys, search_texts, jobs)

    def _embed(self, jobs: Sequence[_Job], progress: Callable[[int], None] | None = None) -> _Embedded:
        codec = self.token_codec
        vectors: list[np.ndarray] = []
        sentences: list[np.ndarray] = []
        tokens: list[bytes] = []
        for start in range(0, len(jobs), EMBED_BATCH):
            part = jobs[start : start + EMBED_BATCH]
            found: list[PassageVectors] = self.embedder.embed_passages([j.text for j in part], [j.spans for j in part],
                                                                       progress)
            vectors += [f.vector for f in found]
            sentences += [f.sentences for f in found]
            tokens += codec.pack_many([m for f in found for m in f.tokens])
        return _Embedded(jobs, vectors, sentences, tokens)

    def embed_ahead(self, articles: Sequence[Article], progress: Progress | None = None) -> int:
        """Fill the embedding cache for many articles at once (adding them afterwards embeds
        nothing): passages sorted by length so a batch pads little. Returns the passages embedded."""
        return self._embed_all([self._prepare(article) for article in articles], progress)

    def _embed_all(self, prepared: Sequence[_Prepared], progress: Progress | None = None, batch: int = 256) -> int:
        """Committed batch by batch: an interrupted run loses nothing and resumes where it stopped."""
        jobs: dict[str, _Job] = {}
        for item in prepared:
            for job in item.jobs:
                jobs.setdefault(job.key, job)
        ordered = sorted(jobs.values(), key=lambda j: len(j.text))
        step = _counter(progress, len(ordered))
        for start in range(0, len(ordered), batch):
            embedded = self._embed(ordered[start : start + batch], step)
            with self.store.transaction() as db:
                embedded.put(self.store, db, self.model)
        return len(ordered)

    @_storage_errors
    def add_article(self, article: Article, collection: str = GLOBAL, progress: Progress | None = None) -> AddResult:
        """Index one article; unchanged content is a no-op, changed content replaces the old
        version (same id, or same source file) in one transaction."""
        article = _shown_details(article)
        if self.store.article_text_matches(collection, article) or self._copy_of_indexed(collection, article):
            return AddResult(self._info(collection, article.id), "unchanged", 0)
        vectors = self.vectors if self._searches else None
        prepared = self._prepare(article)
        embedded = None
        if prepared.jobs:
            embedded = self._embed(prepared.jobs, _counter(progress, len(prepared.jobs)))
        replaces = [i for i in self.store.article_ids_from_source(collection, article.source)
                    if article.source and i != article.id]
        existed = self.store.article(collection, article.id) is not None or bool(replaces)
        with self._state:
            with self.store.transaction() as db:
                if embedded is not None:
                    embedded.put(self.store, db, self.model)
                removed, added = self.store.replace_article(
                    db, collection, article, prepared.passages, prepared.passage_keys,
                    prepared.sentence_keys, prepared.search_texts, replaces,
                )
            if vectors is not None:
                ids, matrix = self.store.vectors_of(self.model, added)
                vectors.apply(collection, removed, ids, matrix)
            self._seen_generation = self.store.generation()
        return AddResult(self._info(collection, article.id), "updated" if existed else "added", len(prepared.jobs))

    def _copy_of_indexed(self, collection: str, article: Article) -> bool:
        """Whether `article` is the text of one already indexed from another file or URL, with
        other details (an HTML page's copy saved as text lacks its publisher): the article stays
        as first indexed, as for an exact copy; a stranger's page and its text copy replaced each
        other's source and details at every `add`."""
        held = self.store.article(collection, article.id)
        return (held is not None and bool(held.source) and bool(article.source) and held.source != article.source
                and held.text == article.text)

    @_storage_errors
    def remove(self, article_id: str, collection: str = GLOBAL) -> ArticleInfo:
        info = self._info(collection, article_id)
        with self._state:
            with self.store.transaction() as db:
                removed = self.store.remove_article(db, collection, article_id)
            # A process that has not loaded the vector index (`quotebot remove`, a worker) leaves
            # it to the next one that does: loading reconciles with SQLite, as after any other
            # process's write, and passage ids are never reused. Loading FAISS here to patch and
            # save it was a third of `remove`'s time.
            if self._vectors is not None:
                self._vectors.apply(collection, removed, [], np.zeros((0, self._vectors.dim), np.float32))
            self._seen_generation = self.store.generation()
        return info

    @_storage_errors
    def remove_source(self, source: str, collection: str = GLOBAL) -> list[ArticleInfo]:
        """Remove whatever was read from a path (a deleted file in the watched folder) or URL.
        A path may be given in any form: file sources are stored as `ingest.file_source`."""
        from . import ingest

        if source and not ingest.is_url(source):
            source = ingest.file_source(source)
        return [self.remove(i, collection) for i in self.store.article_ids_from_source(collection, source)]

    @_storage_errors
    def reindex(self, progress: Progress | None = None) -> int:
        """Rebuild the vector indexes beside the live ones, then swap them in at once; questions
        are answered from the old index until then. Articles are re-chunked only when the
        chunker changed since they were stored, and texts already embedded by this model come
        from the cache, so only a model change costs model time. Returns the passages indexed."""
        if not self._reindexing.acquire(blocking=False):
            raise IndexBusy("A reindex is already running.")
        try:
            # Each article keeps its added_at: "most recent" (the listing's order, "who wrote
            # this?") is about when it was added, not when the index was last rebuilt.
            targets = [(c, info.id, info.added_at) for c in self.store.collections()
                       for info in self.store.article_infos([c])]
            # Re-chunking (sentence splitting) is the slow, CPU-bound part: skip it when the
            # stored passages came from this very chunker.
            rechunk = self.store.get_meta("chunker") != CHUNKER_VERSION
            prepared: list[tuple[str, _Prepared, float]] = []
            for collection, article_id, added_at in targets:
                article = self.store.article(collection, article_id)
                if article is not None:
                    stored = None if rechunk else self.store.stored_passages(article, collection)
                    prepared.append((collection, self._prepare(article, stored), added_at))
            self._embed_all([item for _, item, _ in prepared], progress)
            with self._state:
                with self.store.transaction() as db:
                    for collection, item, added_at in prepared:
                        self.store.replace_article(
                            db, collection, item.article, item.passages, item.passage_keys,
                            item.sentence_keys, item.search_texts, added_at=added_at,
                        )
                    self.store.set_meta(db, "model", self.model)
                    self.store.set_meta(db, "chunker", CHUNKER_VERSION)
                    self.store.set_meta(db, "sentence_storage", self.sentence_storage)
                    self.store.drop_other_models(db, self.model)
                    self.store.drop_unused_vectors(db, self.model)
                if self._searches:
                    fresh = _vector_index(self.store, self.model, self.embedder.dim, self.settings)
                    built = {c: fresh.build(c) for c in self.store.collections()}
                    if self._vectors is None:
                        self._vectors = fresh
                    self._vectors.replace_all(built)
                    self._save_cache()
                self._seen_generation = self.store.generation()
            return sum(len(item.passages) for _, item, _ in prepared)
        finally:
            self._reindexing.release()

    # reading --------------------------------------------------------------------------------
    def _info(self, collection: str, article_id: str) -> ArticleInfo:
        info = self.store.article_info(collection, article_id)
        if info is None:
            raise ArticleNotFound(article_id)
        return info

    @_storage_errors
    def articles(self, collections: Sequence[str] = (GLOBAL,)) -> list[ArticleInfo]:
        return self.store.article_infos(list(collections))

    @_storage_errors
    def find_article(self, ref: str, collections: Sequence[str] = (GLOBAL,), *, strict: bool = False) -> ArticleInfo:
        """The one article `ref` names: its id, the file or URL it was added from (or its own URL,
        from front matter or the page), an id prefix (4+ characters), its title, whole words of
        its title, or a part of its title (3+ characters), tried in that order. A name that fits
        several articles at the first level that fits any is refused (AmbiguousArticle), as is an
        empty one. `strict` (to remove one): a name typed as whole words of one title that is
        also a part of others' is refused too ("lib dem" with "Lib Dems unveil…" indexed beside
        "Top Tories on Lib Dem 'hit list'"): `remove` must never delete a guess."""
        from .article_text import normalize_url
        from .text import STOPWORDS

        typed, ref = ref.strip(), " ".join(ref.split())
        if not ref:
            raise ArticleNotFound(ref)
        folded = ref.casefold()
        # To remove one, "the", "and" or "of the" name no title by its words (an exact title
        # such as "The Who" still names its article).
        loose = not (strict and all(w in STOPWORDS for w in re.findall(r"\w+", folded)))
        infos = self.articles(collections)
        # A file's source as `ingest.file_source` writes it (not imported: `remove` reads no files).
        source = os.path.abspath(os.path.expanduser(typed))
        url = normalize_url(typed) if "://" in typed else None
        whole_words = re.compile(rf"(?<!\w){re.escape(folded)}(?!\w)")

        def title(info: ArticleInfo) -> str:
            return " ".join(info.title.split()).casefold()

        # To remove one, a part inside a word must say more than a common word would: a
        # stranger's `remove the` deleted "…Big Brother", the only title holding "the" that way.
        shortest_part = 5 if strict else 3

        def inside_title(info: ArticleInfo) -> bool:
            return loose and len(ref) >= 3 and folded in title(info)

        # ... and begin a word: `remove rdier` deleted "Bombardier chief…".
        word_start = re.compile(rf"(?<!\w){re.escape(folded)}")

        def part_of_title(info: ArticleInfo) -> bool:
            return (len(ref) >= shortest_part and inside_title(info)
                    and (not strict or word_start.search(title(info)) is not None))

        def title_words(info: ArticleInfo) -> bool:
            # Two characters as a whole word of a title to pick one ("U2": a stranger's `:article
            # U2` was refused as too short); never to remove one.
            # A digit or capitals, no function word: `:article no` or `:article it` picked any one
            # title holding the word (a review's find).
            long_enough = len(ref) >= 3 or (len(ref) == 2 and not strict and ref.isalnum() and folded not in STOPWORDS
                                            and (any(c.isdigit() for c in ref) or ref.isupper()))
            return loose and long_enough and whole_words.search(title(info)) is not None

        def file_stem(info: ArticleInfo) -> str | None:
            """Its file's name without the extension, to ask by (never to remove by)."""
            if strict or "/" in typed or info.source is None or "://" in info.source:
                return None
            return os.path.splitext(os.path.basename(info.source))[0]

        # Chat names a story by words of its title in any order, an apostrophe left out: "moya
        # davis" of "Moya emotional after Davis Cup win", "mcdonalds" of "McDonald's…" (strangers'
        # `:article` refused 5 of 9 such names, then the conversation searched every article).
        typed_words = set(re.findall(r"\w+", folded.replace("'", "").replace("’", "")))

        def any_order(info: ArticleInfo) -> bool:
            # "deutsche" of "…Deutsche's LSE bid" too (a stranger's `:article Standoff on Deutsche`
            # of "'Standoff' on Deutsche's LSE bid" matched nothing).
            held = (set(re.findall(r"\w+", title(info).replace("'", "").replace("’", "")))
                    | set(re.findall(r"\w+", re.sub(r"['’]s\b", "", title(info)))))
            return (not strict and any(len(w) >= 3 and w not in STOPWORDS for w in typed_words)
                    and typed_words <= held)

        for test in (
            lambda i: i.id == ref or i.id.casefold() == folded,
            lambda i: i.source in (typed, source),  # two copies of one story share a title, not a file
            # Its file's name alone, typed elsewhere than its folder ("politics-325.txt").
            lambda i: "/" not in typed and i.source is not None and os.path.basename(i.source) == typed,
            lambda i: url is not None and i.url is not None and normalize_url(i.url) == url,
            lambda i: len(ref) >= 4 and i.id.casefold().startswith(folded),  # "DBA06F2A" as listed, or typed so
            lambda i: title(i) == folded,
            # "stan" for the Stan Lee story, not also "India-Pakistan talks" (a stranger's trial):
            # a name is typed as words of the title before any part of a word counts.
            title_words,
            any_order,
            part_of_title,
            # Its file's name without the extension, as a listing of names shows it
            # ("000_91c43fc9d8721e85": a stranger's `:article` of it was refused); after the
            # titles, which name a story before a file called "bakery.md" does.
            lambda i: file_stem(i) == typed,
            lambda i: (file_stem(i) or "").casefold() == folded,
        ):
            found = {i.id: i for i in infos if test(i)}  # one article in several collections is one
            if strict and test is title_words and len(found) == 1:
                found = {i.id: i for i in infos if inside_title(i)}
            if len(found) == 1:
                return next(iter(found.values()))
            if found:
                raise AmbiguousArticle(ref, [(i.id, i.title) for i in found.values()])
        from .spelling import near_titles

        if strict:
            # Refused for being a common word or a short piece of a title, not for matching
            # nothing: say so, with the titles it is part of (a stranger's `remove bomb` was told
            # no article matches, of "Bombardier chief to leave company").
            partial = [(i.id, i.title) for i in infos if len(ref) >= 3 and folded in title(i)]
            if partial or not loose:
                raise ArticleNotFound(ref, partial[:3], vague=True)
        near = near_titles(folded, {i.id: i.title for i in infos})
        # No title near it: the stories whose text uses it, a name in a story but not its title
        # (a stranger's `:article botin` of "Santander chief to face trial" was refused with no
        # suggestion). Offered, never picked.
        if near:
            raise ArticleNotFound(ref, near)
        raise ArticleNotFound(ref, self._mentioning(folded, collections, {i.id: i for i in infos}), mentioned=True)

    def _mentioning(self, name: str, collections: Sequence[str], infos: dict[str, ArticleInfo],
                    limit: int = 3) -> list[tuple[str, str]]:
        """Up to `limit` articles (id, title) whose text holds `name` as a phrase, else every word
        of it (three letters or more, no function words), those where BM25 scores it best first."""
        from .text import STOPWORDS, words

        asked = [w for w in words(name) if len(w) >= 3 and w not in STOPWORDS]
        if not asked:
            return []
        match = " ".join('"' + w.replace('"', "") + '"' for w in asked)
        # As a phrase first: "george michael" is the story writing his name, not the one with
        # "George W Bush" and "Michael Moore" (a stranger was offered both).
        phrase = '"' + " ".join(w.replace('"', "") for w in words(name)) + '"'
        with self._state, self.store.snapshot():
            hits = (self.store.bm25(phrase, list(collections), 30) if len(asked) > 1 else []) \
                or self.store.bm25(match, list(collections), 30)
            rows = self.store.passages([passage_id for passage_id, _, _ in hits])
        found: list[tuple[str, str]] = []
        for passage_id, _, _ in hits:
            row = rows.get(passage_id)
            if row is not None and row.article_id in infos and all(i != row.article_id for i, _ in found):
                found.append((row.article_id, infos[row.article_id].title))
        return found[:limit]

    @_storage_errors
    def ask(
        self,
        question: str,
        collections: Sequence[str] = (GLOBAL,),
        top: int | None = None,
        article_id: str | None = None,
        mode: str = "hybrid",
        context: Discussion | None = None,
    ) -> Answer:
        """`article_id`: answer from that article only. `context`: the article being discussed
        where the question is asked (a channel's): answered from it first (see answer_embedded).
        A question of two parts declined as a whole is asked part by part (`by_parts`)."""
        whole = self._ask_whole(question, collections, top, article_id, mode, context)
        return self._attributed(by_parts(whole, lambda part: self._ask_whole(part, collections, top, article_id, mode,
                                                                             context),
                                         self.declined_alone(whole, collections, article_id)), collections)

    def declined_alone(self, found: Answer, collections: Sequence[str], article_id: str | None = None) -> bool:
        """Whether `found` was declined asked of every article while one is indexed (`by_parts`)."""
        return (not found.answered and found.declined_in is None and article_id is None
                and self._only_article(collections) is not None)

    def _attributed(self, found: Answer, collections: Sequence[str]) -> Answer:
        """`found` with each quote whose words only a he or she says ('He said: "If someone as
        senior as Ruth Kelly…"') naming whom the article calls so right before it, as "who said
        that?" reads it (`Quote.said_by`): strangers read such quotes as anyone's. Not where the
        answer says whose words its quotes give (`Answer.speaker`), nor where the quote names a
        speaker itself ('"He told me it would work," Mr Blair said.'); not "they" (a team, a
        firm, a crowd: rarely the one named before)."""
        from .text import HE_OR_SHE_SAYS, speaker_named

        if found.speaker and any(q.said_by for q in found.quotes):  # a quote the last answer noted so
            return replace(found, quotes=tuple(replace(q, said_by=None) for q in found.quotes))
        if not found.answered or found.speaker or not any(HE_OR_SHE_SAYS.search(q.text) for q in found.quotes):
            return found
        quotes = []
        for quote in found.quotes:
            # Outside quotation marks: "He told me…" inside someone's words is theirs to tell, and
            # so is one after a mark opening words that go on past the sentence ('"I said to Harry…,
            # and he told me…': a check over five strangers' corpora found it credited).
            said = HE_OR_SHE_SAYS.search(_speech_blanked(quote.text))
            if said is not None and _speech_open(_speech_blanked(quote.text)[:said.start()]):
                said = None
            name = (self._said_right_before(quote, said.start(), said.group(1).casefold(), collections)
                    if said is not None and speaker_named(quote.text) is None else None)
            quotes.append(replace(quote, said_by=(said.group(1).casefold(), name)) if name else quote)
        return replace(found, quotes=tuple(quotes))

    def _said_right_before(self, quote: Quote, said_at: int, pronoun: str, collections: Sequence[str]) -> str | None:
        """The name (short: "Robin Lovell-Badge") of whoever the sentence before `quote` gives
        words of (`_speaker_before`, a sentence naming a speaker: not one only opening with a
        name, "Beckham is expected to miss Saturday's match." before '"We will not risk him," he
        said.'), when the quote names no one before its he or she at `said_at` (its quoted
        words aside), no quotation is left open from before it, nothing but sentences opening
        with that he or she stand between, and the speaker's sentence says nothing but their
        words ('…," said Dr Nielsen.', 'DJ Pete Mitchell said: "…"') or what they said of that
        same he or she ("Professor Robin Lovell-Badge … said he had witnessed the confused
        situation in the US…") with no one else in it: no capitalised name, no person described
        ("said the 22-year-old had asked to leave", "said the defendant…"), no he or she of the
        other sex. Any of those may be the quote's he or she (three code reviews' finds: "Former
        Labour MP Lord Janner… branded it "stupid"." before his 'He added: …'; "Detective
        Inspector Jane Roberts said John Smith, 34, had been arrested." before "He told
        officers…"; "Ann Brown said she had feared for him." before "He told her…")."""
        from . import about
        from .text import speaker_name

        if re.search(r"[A-Z]", _speech_blanked(quote.text)[:said_at]):
            return None
        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=quote.article_id)
                before = None if info is None else self._speaker_before(quote, info.collection)
                article = None if info is None else self.store.article(info.collection, quote.article_id)
        if before is None or before[0] is None or not before[1] or article is None:
            return None
        if not _names_speaker(before[0].text, reported=True):
            return None  # a sentence only opening with a name, whose he may be anyone's
        if _speech_open(_speech_blanked(article.text[before[0].start:quote.start])):
            return None  # words of theirs going on past the sentence: "…my son Peter. He told me…"
        between = _speech_blanked(article.text[before[0].end:quote.start])
        for sentence in re.split(r"(?<=[.!?])\s+", between.strip()):
            if sentence and not re.fullmatch(rf"(?i:{pronoun})\b[^A-Z]*", sentence):
                return None
        speaker = before[1]
        sentence = _speech_blanked(before[0].text)
        at = sentence.find(_speech_blanked(speaker))
        if at < 0:
            return None
        # The sentence without its speaker and the description set off by commas after them
        # ("Graham Cluley, senior consultant at security firm Sophos, told…").
        after = sentence[at + len(speaker):]
        inverted = re.search(rf"\b(?:{_SAYS_VERBS})\s*$", sentence[:at], re.IGNORECASE)  # '…," said Ben Wood, …'
        rest = sentence[:at] + " " + re.sub(r"^\s*,[^,]*(?:,|$)" if inverted else r"^\s*,[^,]*,", " ", after)
        said = re.findall(r"[a-z'’-]+", rest.casefold())
        of_themselves = re.search(rf"\b(?:{_SAYS_VERBS})\s+(?:that\s+)?{pronoun}\b", rest, re.IGNORECASE)
        pronouns = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
        other = pronouns - ({"he", "him", "his", "himself"} if pronoun == "he" else {"she", "her", "hers", "herself"})
        if (re.search(r"\w['’]s\s+\w", speaker) or re.search(r"(?<=[\w,;:]\s)[A-Z][a-z]", rest)
                or other & set(said) or not of_themselves and pronouns & set(said)
                or any(_a_person_word(word) for word in said) or re.search(r"\b\d+-year-old\b", rest)):
            return None
        name = speaker_name(speaker)
        if not _a_person_named(name, article.text) or _other_sex_named(pronoun, name):
            return None
        # Titled as the other sex elsewhere ("Ms Whitehouse" of "Prosecutor Sarah Whitehouse").
        surname = name.split()[-1]
        if re.search(rf"\b(?:{'|'.join(_OTHER_SEX_TITLES[pronoun])})\.?\s+{re.escape(surname)}\b", article.text):
            return None
        return name

    def _ask_whole(self, question: str, collections: Sequence[str], top: int | None, article_id: str | None,
                   mode: str, context: Discussion | None) -> Answer:
        """`ask` of the question as a whole."""
        from .answer import gives_a_cause
        from .text import (ASKS_BACK_NOTHING, ASKS_BACK_UNASKED, ASKS_JUDGEMENT, ELSE_SAID, ENGLISH_HINT, GOES_ON,
                           NAMES_NOBODY, NOTHING_INDEXED, NOTHING_QUOTED, NOTHING_QUOTED_LAST, WHO_SAID,
                           asks_for_judgement, asks_only_back, gives_in_currency, is_chatter, plain_question, readable,
                           speaker_name, visible, without_filler, words)

        # As its words wherever it was typed: Discord's marks pasted into the console or the
        # command line, a masked link's address read as words ("never mentions “bbc”, “uk”").
        typed, question = question, plain_question(visible(readable(question)))
        if not question and re.search(r"(?:https?://|www\.)\S", typed, re.IGNORECASE):
            # A stranger's pasted link was told "it was empty".
            raise InvalidQuestion("That is only a link: ask a question in words. To index the article it links to, "
                                  "add the link.")
        if not question:
            raise InvalidQuestion("Ask a question: it was empty.")
        if is_chatter(question):  # "?", "thanks!", "x" were answered with quotes
            raise InvalidQuestion("That asks nothing the articles could answer: ask a question in words.")
        if len(question) > MAX_QUESTION_CHARS:
            raise InvalidQuestion(f"That question is {len(question)} characters; keep it under {MAX_QUESTION_CHARS}.")
        said, question = question, self.asked_text(question)
        from . import about

        if WHO_SAID.fullmatch(question):
            if context is not None and context.quoted is not None:
                return self._who_said(said, context.quoted, collections)
            # Nothing quoted yet (a first question, or after a decline): searched as words, it
            # matched any sentence saying "said".
            return Answer(said, False, (), NOTHING_QUOTED_LAST if context is not None and context.asked
                          else NOTHING_QUOTED)
        if GOES_ON.fullmatch(question) and context is not None and context.quoted is not None:
            return self._goes_on(said, context.quoted, collections)
        if context is not None and context.quoted is not None and gives_in_currency(question, context.quoted.text):
            # "how much is that in dollars?" after "£960m ($1.8bn)" was quoted: that quote (a
            # stranger's was declined, the article giving no sentence on dollars alone).
            return Answer(said, True, (context.quoted,), confidence=context.quoted.score, repeats=True)
        speaker = None  # whose words the last quote gives, asked "what else did she say?"
        if (context is not None and context.quoted is not None and ELSE_SAID.match(question)
                and self._asked_before(question, context, collections) is None):
            speaker = self._speaker_of(context.quoted, collections, short=False)
            someone_else = self._someone_else(said, question, context.quoted, speaker, collections)
            if someone_else is not None:
                return someone_else
            more = self._more_words(said, context.quoted, speaker, collections)
            if more is not None:
                return more
            if speaker is None and self._authors_own_words(context.quoted, collections):
                # An opinion piece's own words (its byline, its argument) are its author's: more of
                # them is what it goes on to say. A stranger's "what else did he say?" after "who
                # said that?" named the author was asked with "he", and declined.
                return self._goes_on(said, context.quoted, collections, authors=True)
        if asks_for_judgement(question):
            return Answer(said, False, (), ASKS_JUDGEMENT)
        advised = self._advice(said, question, collections, article_id or (context and context.article_id))
        if advised is not None:
            return advised
        if (context is None or not context.asked) and asks_only_back(question) and about.detect(question) is None:
            # Nothing discussed, or nothing asked of the article discussed yet (a channel's first
            # question, or after a decline): "why?" would be answered by whichever sentence says "why".
            return Answer(said, False, (), ASKS_BACK_NOTHING if context is None and article_id is None
                          else ASKS_BACK_UNASKED)
        if article_id is None:
            # "does the skype story mention virgin trains?" asks that story, wherever it is asked
            # (a stranger's was checked against the story being discussed, and said no).
            article_id = self._story_named(question, collections)
        if article_id is None:
            # "in the lufthansa story, what did the US embassy say?" asks that story what follows
            # (a stranger's was answered from another story): only when the name picks one.
            named = self._in_story(question, collections)
            if named is not None:
                # Its "it" is the named story's, not whatever the talk there was about (a
                # stranger's "in the mac mini story, when does it go on sale?" was read as the
                # iPod shuffle's): read without the conversation.
                stories, question, context = *named, None
                log.debug("asked of the stories its name picks, %s: %r", stories, question)
                if len(stories) == 1:
                    article_id = stories[0]
                else:
                    # "the lufthansa story" of two: the one answering best ("Lufthansa may sue…",
                    # not "Lufthansa flies back to profit").
                    found = [self.ask(question, collections, top, story, mode, context) for story in stories]
                    best = max(found, key=lambda a: (a.answered, a.confidence or 0.0))
                    return replace(best, question=said)
        declined = self.unmentioned(question, collections, article_id, context)
        if declined is not None:
            return replace(self._alone(declined, collections), question=said)
        asked = question
        question, read_as, follows = self.reading(question, collections, article_id, context)
        if self._reindexing.locked() and self.store.get_meta("model") != self.model:
            raise IndexBusy("The articles are being re-embedded with a new model; ask again in a moment.")
        # Read as another language, its words are no names of other stories ("el" of "¿por qué se
        # fue el director?" is "El Salvador"'s): it stays with the article it was asked of.
        foreign = self._other_language(question)
        elsewhere: tuple[str, ...] = ()
        if article_id is not None and not foreign:
            title, elsewhere, another_story = self._named_elsewhere(question, collections, article_id)
            if another_story:
                log.debug("asked of one article that uses none of its words; %s only elsewhere: declined", elsewhere)
                return Answer(said, False, (), self._elsewhere_message(title, elsewhere), declined_in=title,
                              elsewhere=elsewhere)
        # Embedded in answer_embedded, and only when needed: a question about an article itself
        # that names none needs no search.
        # "what else did she say?": not the quote just shown again (a stranger got it first).
        # Every quote the last answer showed, not only its first (a stranger's "what else did he
        # say?" got the two Clarke sentences just shown again).
        shown_before = ((context.shown or (context.quoted,)) if context is not None and context.quoted is not None
                        and "else" in words(asked) else ())
        if (context is not None and context.quoted is not None and follows is not None and _BARE_WHY.fullmatch(asked)
                and not gives_a_cause(context.quoted.text)):
            # "and why?" asks the reason for what the last first quote said, which that quote
            # gives no sign of giving ("because", "due to", "led to"…): strangers got it first
            # again, under "the same first quote", eight times in eight.
            shown_before = (context.quoted,)
        elif context is not None and context.quoted is not None and follows is not None and _HOW_SO.fullmatch(asked):
            shown_before = context.shown or (context.quoted,)
        top = top or self.settings.top
        found = self.answer_embedded(question, None, None, collections, top + len(shown_before),
                                     article_id=article_id, mode=mode, context=context, stay=foreign)
        if shown_before and found.about is None:
            others = tuple(q for q in found.quotes if not _shown_already(q, shown_before))
            found = replace(found, quotes=(others or found.quotes)[:top])
            named = None if speaker is None else speaker_name(speaker)  # found above for "what else…?"
            # Someone named ("the chemicals-and-crops firm" may be "Monsanto" further on).
            if (named is not None and re.search(r"\b[A-Z]", named) and found.answered
                    and not self._quotes_words_of(others, named, collections)):
                log.debug("no other quote gives words of %s: %s", named, [q.text for q in others])
                # The article's other sentences giving theirs, wherever they are ('He added, on BBC
                # Radio 4's Today programme: "…"': two strangers were told it quotes no more of
                # Michael Howard's words).
                more = self._more_of(named, context.quoted, shown_before, collections, top)
                if more:
                    return Answer(said, True, more, read_as=read_as, speaker=named)
                # "what else did Toshihiko Horiuchi say?" after all his words: a stranger got
                # Hitachi's and Sony's under "Read as … Horiuchi".
                return Answer(said, False, (), f"The article quotes no more words of {named} than the last "
                                               f"answer's quote gave.", read_as=read_as, speaker=named)
        if not found.answered and found.about is None:
            shown = self.mentioned(said, asked, collections, article_id, context)
            if shown is not None:
                return shown
        if elsewhere and found.answered and found.about is None and found.quotes:
            # Answered from the article asked, though the question names what only other
            # articles mention ("did federer win?" of the Henman story, which shares "win"):
            # the answer stands, with those names, which the front ends show as a caution.
            found = replace(found, elsewhere=elsewhere)
        only = (self._only_article(collections) if article_id is None and not found.answered
                and found.missing is not None and found.declined_in is None else None)
        # Read once, and only for a decline saying what the article lacks.
        nowhere = (self.named_nowhere(question, collections) if only is not None or (
            article_id is not None and not found.answered and found.missing is not None
            and found.declined_in is None) else None)
        if nowhere:
            # "what did sam altman say?": that no article mentions him, as among many (below), not
            # that it gives him no words (a review's find); so of a picked article too (another's).
            found, only = replace(found, missing=None, unquoted=None), None
        if ((article_id is not None or only is not None) and not found.answered and found.about is None
                and found.declined_in is None):
            # Asked of one article: the decline names it, as in a channel discussing it. So does
            # one saying what the only article indexed lacks ("… gives no words said or thought by
            # “Residents” anywhere").
            title = self._title_of(collections, article_id or only) or article_id or only
            found = replace(found, declined_in=title,
                            message=self._declined_message(title, question, picked=True, missing=found.missing,
                                                           unquoted=found.unquoted))
        if (not found.answered and found.about is None and found.missing is None and not found.elsewhere
                and found.message != NAMES_NOBODY and not foreign):
            unknown = nowhere if nowhere is not None else self.named_nowhere(question, collections)
            if unknown:  # "try other words" would not help: no article has the word
                found = replace(found, unknown=unknown, message=self._nowhere_message(unknown, question))
        if not found.answered and found.about is None and found.message != NAMES_NOBODY and foreign:
            found = replace(found, other_language=True, message=f"{found.message} {ENGLISH_HINT}")
        elif found.answered and found.quotes and foreign:
            # Quoted all the same (a name it shares with the articles finds them), though the
            # model and the spelling read English: the front ends say the quotes may miss.
            found = replace(found, other_language=True)
        if (context is not None and not context.picked and article_id is None and found.answered
                and found.about is None and found.quotes and found.quotes[0].article_id != context.article_id):
            # "was anyone fined?" about a match, quoted from a fraud story: said above the quotes.
            # Not when the last answer's article (no article announced) lacks what the question
            # names ("how much did virgin blue shares fall?" after a Monsanto answer): the reader
            # moved on, and knows it. An announced one is the channel's story, for every reader.
            from .answer import names_elsewhere

            title = self._title_of(collections, context.article_id)
            if title is not None:  # else removed meanwhile: nothing is being discussed
                named = []
                if not context.chosen:
                    with self._state:
                        self._refresh_if_stale()
                        with self.store.snapshot():
                            named = names_elsewhere(question, self.store, collections, context.article_id)
                if not named:
                    found = replace(found, moved_from=title, moved_from_chosen=context.chosen)
        if found.answered and found.quotes and found.about is None and not found.unknown and not foreign:
            found = self.nowhere_noted(found, question, collections, article_id, context)
        if found.unsure and found.quotes and found.about is None and self._quote_mentions(asked, found.quotes[0]):
            # "does the hobbit story mention sony?" answered by a quote naming Sony says yes,
            # however unsure the trees are of it as an answer to "what about sony?".
            found = replace(found, unsure=False)
        if (found.answered and found.about is not None and found.about.aspect == "people" and context is not None
                and context.quoted is not None and "else" in words(asked)):
            found = self._people_besides(found, context.shown or (context.quoted,), collections, top)
        if found.answered and found.quotes and found.about is None and _ASKS_WHOSE.match(asked):
            found = self._named_after(found, collections, top)
        if read_as is not None:
            found = replace(found, read_as=read_as, follows=follows)
        found = self._alone(found, collections)
        if not found.answered and found.about is None:
            with self._state, self.store.snapshot():
                empty = not self.store.article_count(list(collections), 1)
            if empty:  # not "check the spelling" of words no article could hold
                found = replace(found, message=NOTHING_INDEXED, unknown=())
        if (context is not None and context.quoted is not None and found.answered and found.quotes
                and found.quotes[0].article_id == context.quoted.article_id
                and found.quotes[0].start == context.quoted.start and found.quotes[0].end == context.quoted.end
                and found.about is None and not found.unsure and not found.unknown
                and len(words(said)) <= REPEATS_NOTED_WORDS):
            # Strangers' "why?" and "where?", answered with the quotes just shown, read as ignored.
            # Only there: said above every repeated lead ("what's the main point?" after "what's
            # this about?") or a doubtful answer, strangers read it as clutter or as confidence.
            found = replace(found, repeats=True)
        return found if said == question else replace(found, question=said)

    def _in_story(self, question: str, collections: Sequence[str]) -> tuple[tuple[str, ...], str] | None:
        """(the articles, the question without its naming) for a question that says which story it
        asks ("in the lufthansa story, what did the US embassy say?", "what was the record high in
        the oil story?"): the one `find_article` picks by that name, or the few it fits
        (`STORIES_NAMED` at most); else None."""
        from .text import STOPWORDS, words

        found = _naming_its_story(question)
        if found is None:
            return None
        rest = found["rest"] + (found.groupdict().get("end") or "")
        try:
            matches = [(info.id, info.title) for info in (self.find_article(found["name"], collections),)]
        except AmbiguousArticle as several:
            matches = several.matches
        except ArticleNotFound:
            return None
        # Whole words of the title only ("the election piece" is not "…'pre-election budget'" by a
        # part of a word, as `find_article` allows for picking by hand).
        named = {w for w in words(found["name"]) if w not in STOPWORDS}
        matches = [(id_, title) for id_, title in matches if named and named <= set(words(title.replace("-", " ")))]
        if not matches or len(matches) > STORIES_NAMED:
            return None
        return tuple(id_ for id_, _ in matches), rest

    def _story_named(self, question: str, collections: Sequence[str]) -> str | None:
        """The article a question asking whether a story mentions something, or what it says about
        something, names ("the skype story": the one `find_article` picks by "skype"; a stranger's
        "what does the childrens tsar story say about the commissioner's salary?" was asked of
        every article), or None (no story named, or the name picks none or several)."""
        from . import about

        asked = about.said_about(question)
        if asked is None or not asked.story:
            return None
        try:
            return self.find_article(asked.story, collections).id
        except (ArticleNotFound, AmbiguousArticle):
            return None

    def _quote_mentions(self, question: str, quote: Quote) -> bool:
        """Whether `question` asks whether an article mentions something ("does it mention X?")
        and `quote` uses every word of X (of one of its alternatives), as the index reads them."""
        from . import about
        from .text import stem, terms

        asked = about.said_about(question)
        if asked is None or not asked.mention:
            return False
        held = set(terms(quote.text))
        with self._state, self.store.snapshot():
            alternatives = self._topic_words(asked.topic)
        return any(content and all(stem(w) in held for w in content) for content in alternatives)

    def _only_article(self, collections: Sequence[str]) -> str | None:
        """The id of the one article the collections hold; None when they hold none or several."""
        with self._state, self.store.snapshot():
            if self.store.article_count(list(collections), 2) != 1:
                return None
            infos = self.store.article_infos(list(collections))
        return infos[0].id if len(infos) == 1 else None

    def _alone(self, found: Answer, collections: Sequence[str]) -> Answer:
        """A decline in the article discussed or picked, when it is the only one indexed: no
        other story to name, nor to ask without picking (`Answer.alone`)."""
        from .text import NAME_THE_STORY, ONLY_ARTICLE_TRY, OTHER_WORDS_OR_UNPICK, UNPICK

        if found.answered or found.declined_in is None:
            return found
        with self._state, self.store.snapshot():
            if self.store.article_count(list(collections), 2) != 1:
                return found
        message = found.message
        for other in (NAME_THE_STORY, UNPICK, OTHER_WORDS_OR_UNPICK):
            message = message.replace(other, ONLY_ARTICLE_TRY)
        return replace(found, alone=True, message=message)

    def reading(self, question: str, collections: Sequence[str] = (GLOBAL,), article_id: str | None = None,
                context: Discussion | None = None) -> tuple[str, str | None, str | None]:
        """How `ask` reads a question before answering it: the question answered, what the
        answer says it was read as (None: as asked), and the earlier question a follow-up was
        read with (None: none). `quotebot eval` reads its questions so too."""
        from . import about
        from .answer import asked_of_span, person_asked_of
        from .text import (ELSE_SAID, asked_first, asks_only_back, bare_that, chat_question_word_read,
                           names_what_it_stands_for, other_named, plainly_asked_words, with_other, with_previous,
                           with_subject)

        # A question naming the story it asks ("in the mac mini story, when does it go on sale?")
        # is read as typed: its "it" is that story's, not the last question's (a stranger's was read
        # as "when does the ipod shuffle go on sale?").
        if _naming_its_story(question) is not None:
            return question, None, None
        if (said := about.said_about(question)) is not None and said.story:
            return said.question, said.question, None
        plainly = plainly_asked_words(question) if context is not None and context.asked else None
        if plainly is not None:
            if context.quoted is not None and not re.search(r"\b(?:he|she|they|his|her|their)\b", question, re.IGNORECASE):
                # "what were the exact words?": of whoever the last quote gives the words of.
                speaker = self._speaker_of(context.quoted, collections)
                if speaker is not None:
                    named = f"what did {speaker} say?"
                    return named, named, None
            return self.reading(plainly, collections, article_id, context)
        # "what else did she say?" after a quote of Hannah Ward's asks for more of hers: searched
        # with "she", a stranger's was declined, or answered with other people's words.
        if context is not None and context.quoted is not None and ELSE_SAID.match(question):
            # Whom the last question asked the words of, when its answer quoted someone else first
            # (a stranger's "what else did they say?" after "what did the ugandan authorities
            # say?" was read as the words of the playwright they had banned); else the quote's.
            speaker = (self._asked_before(question, context, collections)
                       or self._speaker_of(context.quoted, collections))
            if speaker is not None:
                # As written out: "Read as “wat else did Ms Cooper say”" read as a typo of ours.
                named = ELSE_SAID.sub(lambda m: chat_question_word_read(m.group(1)) + speaker + m.group(3), question,
                                      count=1)
                log.debug("more words of the last quote's speaker, read as %r", named)
                return named, named, None
        # With no quote discussed (after a decline), "what else did he say?" asks what he said: a
        # stranger's was declined in a story about one man, which quotes him at length.
        unquoted = None
        if context is not None and context.quoted is None and (said_else := ELSE_SAID.match(question)):
            # After a decline of "what did clint eastwood say…?", he is Clint Eastwood still (a
            # stranger's "what else did he say?" was answered with a pundit's words).
            # Whose words it asked ("mourinho" of "what did mourinho say about vieira?"), if a
            # person's (no "the unions").
            span = asked_of_span(context.asked) if context.asked and said_else.group(2).casefold() != "they" else None
            person = None if span is None else person_asked_of(f"what did {context.asked[span[0]:span[1]]} say?")
            if person is not None and self._called_otherwise(person, said_else.group(2), collections,
                                                             article_id or context.article_id):
                # "what else did he say?" after a decline of "what did serena williams say?" is
                # not of her (a stranger's was read as her words).
                person = None
            if person is not None:
                question = said_else.group(1) + person + said_else.group(3)
            question = unquoted = re.sub(r"\s+else\b", "", question, count=1, flags=re.IGNORECASE)
        # "and why?" after "who sold stam?" asks why he was sold: read with the question answered
        # before it there ("why sold stam?"), which the answer says.
        if context is not None and context.asked and asks_only_back(question):
            spliced = with_previous(question, context.asked)
            if spliced is not None:
                log.debug("a follow-up that only asks back, read with the last question: %r", spliced)
                return spliced, spliced, asked_first(context.asked)
        # "and sotherton?" after "how far did she jump?" asks how far Sotherton jumped (`with_other`).
        # Not after a question about the article itself: "and the date?" after "who wrote it?"
        # would be "who wrote the date?" (a review's find).
        prior = about.detect(context.asked) if context is not None and context.asked else None
        other = with_other(question, context.asked) if context is not None and context.asked and prior is None else None
        if other is None and prior is not None and prior.aspect == "criticism" and _other_names_someone(question):
            # "and the tories?" after "who disagrees?" asks what they say (a stranger's, asked as
            # it stood, was declined where Lord Strathclyde, "Tory leader in the Lords", objects);
            # not "and the cost?" (a review's find: read as "what did the cost say?").
            other = f"what did {other_named(question)} say?"
        if other is not None:
            log.debug("the last question asked of what a follow-up names: %r", other)
            return other, other, asked_first(context.asked)
        if (context is not None and context.asked and _IT_CAME_OUT.fullmatch(question)
                and (prior := about.detect(context.asked)) is not None and prior.topic is None
                and prior.aspect in _OF_THE_WRITER):
            # After "where was it published?", "when did it come out?" asks when the article did
            # (a stranger's was declined); after "what is deepseek?", when DeepSeek did.
            return _WHEN_PUBLISHED, _WHEN_PUBLISHED, None
        of_author = None
        if context is not None and context.asked:
            # After "who wrote it?", "what does he conclude?" asks what the author concludes; so
            # after "where was it published?", which kept the talk on who put the article out.
            # Not after "what is it about?": then "she" is whom the story is about.
            prior = about.detect(context.asked)
            if (prior is not None and prior.topic is None and prior.aspect in _OF_THE_WRITER
                    and about.detect(question) is None):
                of_author = about.as_of_the_author(question)
        argues = _ARGUES.search(question) is not None
        if (of_author is None and (argues or _SAYS_OF.search(question) or _STANCE_OF.search(question))
                and about.detect(question) is None
                and (context is None or not context.asked or about.detect(context.asked) is not None
                     # In an opinion piece, after its own words (no one else's) or a decline, he or
                     # she is its author: a stranger's "what does he conclude?" after "how much did
                     # deepseek spend?" was declined, though it was answered as a first question.
                     or self._authors_turn(context, collections, article_id))):
            # "what does he conclude?" of a piece with an author, or "what does he say about
            # bitcoin?" of an opinion piece, first or after another question about the piece
            # ("what's the main point?"): its author's. Only of the one discussed, picked, or the
            # only one indexed; after "who repaired the quays?", "he" is whoever that was.
            candidate = about.as_of_the_author(question)
            if candidate is not None and self._has_author(collections, article_id or (context and context.article_id),
                                                          opinion=not argues):
                of_author = candidate
        if of_author is None and about.detect(question) is None:
            # "what did zain jaffer say about big tech?" of his own piece asks what it says.
            of_author = self._of_author_named(question, collections, article_id or (context and context.article_id))
        if of_author is None and context is not None and about.detect(question) is None:
            # "who is he?", "what does he do?" of an opinion piece that calls no one "he": its
            # author (a stranger's got three loose quotes, then a hint to name whoever "he" is).
            candidate = about.as_of_the_author(question)
            asked = None if candidate is None else about.detect(candidate)
            if (asked is not None and asked.aspect == "author"
                    and self._only_author_called(question, collections, article_id or context.article_id)):
                of_author = candidate
            elif (candidate is None and (read := about.with_the_author(question)) is not None
                  and not (context.asked and person_asked_of(context.asked))
                  and self._only_author_called(question, collections, article_id or context.article_id)):
                # Whatever else he is asked, in a column that calls no one "he", he is its author
                # (a stranger's "why doesnt he trust them?" and "so what does he think we should
                # do?" of Bill Thompson's column were declined; asked of "the author", answered).
                of_author = read
        if of_author is not None:
            log.debug("of the article's author, read as %r", of_author)
            question = of_author
        subject = None
        if of_author is None and context is not None and about.detect(question) is None:
            # "how much did it cost?" after "wat's deepseek?" asks DeepSeek's cost (`text.with_subject`),
            # and so does "when will it go on sale?" a question later.
            # "and what about her?" after "what did janet jackson say?" asks about her, the last
            # one named, not whom "who is paul mccartney?" asked about before (a stranger's were
            # read so eight times in eight). Only so asked: "what did he say?" there is more often
            # about the one before (a review's find; the article's pronouns near a name are no
            # guide where two people share its sentences).
            person = person_asked_of(context.asked) if context.asked and _ABOUT_THEM.fullmatch(question) else None
            # An earlier question's subject not past a last question naming what the pronoun may
            # stand for ("the mother" for "she").
            older = (None if context.subject == context.asked or (
                context.asked and names_what_it_stands_for(question, context.asked, context.subject)) else context.subject)
            if bare_that(question):
                older = None  # "how big is that?" is of the last question only (a review's find)
            subject = next((read for earlier in (context.asked, person and f"who is {person}?", older)
                            if earlier and about.detect(earlier) is None
                            and (read := with_subject(question, earlier)) is not None), None)
            if (subject is None and context.asked and context.quoted is not None
                    and not _subject_pronouns(question) & _subject_pronouns(context.asked)):
                # "what did he say about the cuts?" after "who runs Oracle?": he is whom the last
                # answer named (a stranger's was answered with no word of Larry Ellison's). Not
                # after "who did he beat in the final?": he is still whoever he was there (a
                # stranger's "what did he say about grass?" was read as Pete Sampras's).
                name = self._named_by_answer(context.asked, context.quoted, collections)
                if name is not None and _other_sex(question, context.quoted.text):
                    # "is she running…?" after a quote of Gardener's "as he came fifth": not him.
                    name = None
                # A party or a body ("the SNP") is "they" as often as "it".
                subject = None if name is None else (with_subject(question, f"who is {name}?")
                                                     or with_subject(question, f"who are {name}?"))
            if subject is None and context.asked and _ASKS_WORDS_OF.fullmatch(question):
                # A follow-up "what did she say?" where the story calls one woman "Ms Hutt" and no
                # other (a stranger's got a Plaid spokesman's words about her first). Only asking
                # her words: read so, other questions ("why did he quit?") were answered worse
                # (docs/experiments.md).
                name = self._only_one_called(question, collections, context.article_id)
                subject = None if name is None else with_subject(question, f"who is {name}?")
            if subject is not None:
                log.debug("its pronoun read as what the last question asked about: %r", subject)
                question = subject
        views = about.said_about(question)
        if views is not None:
            log.debug("what the article says about something, read as %r", views.question)
            return views.question, views.question, None
        return question, of_author or unquoted or subject, None

    def unmentioned(self, question: str, collections: Sequence[str] = (GLOBAL,), article_id: str | None = None,
                    context: Discussion | None = None) -> Answer | None:
        """"does the article mention shane williams?" asks whether it does: of the article asked,
        discussed or the only one indexed, a decline naming the words it never uses (of each
        alternative: "entry fees or ticket prices"), as read after spelling correction; None
        when it uses them all, or when nothing says which article. Read as "what about shane
        williams?", the trees quoted the article's Williams: its other words matched. So is a
        follow-up "and man utd?" asked of an article chosen (picked, announced or asked)."""
        from . import about
        from .answer import _written_as_name, held_by_another_name, starts_a_word_held
        from .spelling import initials_in, nation_words, question_words, writes_clipped_name
        from .text import other_named

        asked = about.said_about(question)
        topic = asked.topic if asked is not None and asked.mention else None
        followed = someone = None
        if topic is None and (article_id is not None or context is not None):
            topic = someone = about.someone_mentions(question)
        if topic is None and (article_id is not None or context is not None and context.chosen):
            # "and man utd?" of a story that never names them asks nothing it can answer (a
            # stranger's, after "and arsenal?", was quoted the story's lines on Campbell).
            topic = followed = other_named(question)
        if topic is None:
            return None
        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info, guessed = about.picked_article(self.store, collections,
                                                     article_id=article_id or (context and context.article_id))
                if info is None or guessed:
                    return None
                lacking = []
                abbreviated = None  # the article's names by their initials, read once if needed
                for content in self._topic_words(topic):
                    if not content:
                        continue
                    missing = {w for w in self.store.missing_words(content, collections, article_id=info.id)
                               if not starts_a_word_held(w, self.store, collections, info.id)}
                    # Held under another name ("adverts" of its "banner ads": a stranger was told
                    # the story never uses the word).
                    missing -= held_by_another_name(missing, self.store, collections, info.id)
                    if missing and any(len(w) <= 6 and w.isalpha() for w in missing):
                        # "psp" for the article's "PlayStation Portable", however it is typed:
                        # a wrong "never uses" is worse than leaving it to the trees.
                        if abbreviated is None:
                            article = self.store.article(info.collection, info.id)
                            abbreviated = initials_in(article.text) if article is not None else set()
                        missing = {w for w in missing if w not in abbreviated}
                    clipped = question_words(question, self.store).clipped if missing else {}
                    if any(w in clipped for w in missing):
                        # Chat's clipping of a name the article writes out ("and the lib dems?" of
                        # its "Liberal Democrat": a stranger was told it never uses those words).
                        article = self.store.article(info.collection, info.id)
                        if article is not None and writes_clipped_name(question, article.text, self.store):
                            missing = {w for w in missing if w not in clipped}
                    if not missing:
                        return None
                    if followed is not None and not self._names_only_elsewhere(content, missing, info):
                        return None
                    if someone is not None and not all(nation_words(w) or _written_as_name(w, self.store, collections)
                                                       for w in missing):
                        # What they speak of may be in other words ("does he talk about his kids?"
                        # of "…more time with his children"): only a name they never use (a
                        # review's find).
                        return None
                    lacking.append(" ".join(w for w in content if w in missing))
        if not lacking:
            return None
        if followed is not None:  # named as asked: "man utd", not the one word of it missing
            lacking = [" ".join(followed.split())]
        title = " ".join(info.title.split()) or "Untitled"
        log.debug("asked whether %r mentions %r, which it never does: declined", title, topic)
        return Answer(question, False, (), self._unmentioned_message(title, lacking, picked=context is None
                                                                     or context.picked),
                      declined_in=title, unmentioned=tuple(lacking))

    def _names_only_elsewhere(self, content: Sequence[str], missing: set[str], info: ArticleInfo) -> bool:
        """Whether a follow-up "and X?" (`content`: X's words, `missing`: those the article lacks)
        names what the article never does: every word of X missing, one of them no everyday word
        ("man utd"), and none the start of a name the article writes ("fergie" of "Ferguson"); not
        "and the cost?", which asks the last question's cost of whatever the article calls it (a
        review's find), nor "and man united?" of "Manchester United"."""
        from .spelling import COMMON_WORD, english_words

        if set(content) - missing or all(english_words().get(w, 0) >= COMMON_WORD for w in missing):
            return False
        article = self.store.article(info.collection, info.id)
        names = {w.casefold() for w in re.findall(r"\b[A-Z][\w'’-]+", article.text)} if article is not None else set()
        return not any(len(w) >= 4 and any(n.startswith(w[:4]) for n in names) for w in missing)

    def _topic_words(self, topic: str) -> list[list[str]]:
        """The content words of each alternative of a topic asked about ("entry fees or ticket
        prices"), as the index reads them (spelling corrected, acronyms spelled out); in a read
        snapshot."""
        from . import about
        from .answer import content_words

        return [[w for w in content_words(alternative, self.store) if len(w) > 1]
                for alternative in about.alternatives(topic)]

    MENTIONS_SHOWN = 2  # sentences quoted where an article uses the words asked about

    def mentioned(self, said: str, question: str, collections: Sequence[str] = (GLOBAL,),
                  article_id: str | None = None, context: Discussion | None = None) -> Answer | None:
        """"does it mention the SEC?" of an article (asked, discussed or the only one) that does,
        when the answer declined: the first sentences using the words asked about (as read after
        spelling correction, acronyms spelled out as the articles write them: "Securities and
        Exchange Commission"), verbatim and cited. Asked whether it mentions something, "I
        couldn't find an answer" over an article that names it was wrong (a new user's trial of
        the launch article). None for other questions, or when no sentence uses them all."""
        from . import about
        from .text import terms

        asked = about.said_about(question)
        if asked is None or not asked.mention:
            return None
        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info, guessed = about.picked_article(self.store, collections,
                                                     article_id=article_id or (context and context.article_id))
                article = None if info is None or guessed else self.store.article(info.collection, info.id)
                if info is None or article is None:
                    return None
                passages = self.store.article_passages(info.collection, info.id)
                rows = about.content_sentences(article, self.store.sentences(self.model, passages, tokens=False))
                wanted = self._topic_words(asked.topic)
        paragraph = {p.id: p.paragraph for p in passages}
        for content in wanted:
            stems = {term for word in content for term in terms(word)}
            using = [row for row in rows if stems and stems <= set(terms(row.text))][: self.MENTIONS_SHOWN]
            if using:
                quotes = tuple(Quote(article.text[row.start:row.end], info.id, info.title, info.url,
                                     paragraph[row.passage_id], 1.0, row.start, row.end) for row in using)
                return Answer(said, True, quotes, read_as=f"where the article mentions {' '.join(content)}")
        return None

    @staticmethod
    def _unmentioned_message(title: str, words: Sequence[str], picked: bool) -> str:
        from .render import quoted_names

        # What was checked, said as such: the words, not whether it speaks of the thing otherwise.
        where = "" if picked else ", the article being discussed,"
        plural = "s" if len(words) > 1 or " " in words[0] else ""
        return (f"“{title}”{where} never uses the word{plural} {quoted_names(words)}, so I won't guess what it says "
                f"about that. It may use other words for it: try them.")

    def _named_elsewhere(self, question: str, collections: Sequence[str], article_id: str
                         ) -> tuple[str, tuple[str, ...], bool]:
        """Asked of one article: its title, the names of the question that only other articles
        mention (`answer.names_elsewhere`), and whether the question is about another story: it
        names those and uses none of the article's words ("what is Tiger?"), or asks the words of
        one of them ("what did mourinho think?"), and is not about the article itself ("who
        wrote it?"). An unknown article is left to the search, which
        says so (ArticleNotFound)."""
        from . import about
        from .answer import names_elsewhere, uses_none_of_its_words, words_asked_of

        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=article_id)
                if info is None:
                    return article_id, (), False
                names = tuple(names_elsewhere(question, self.store, collections, article_id, famous=True))
                # "what did mourinho think?" of a story that never mentions him: whatever it
                # quotes, those are not his words, however many of the question's other words
                # it uses.
                another_story = bool(names) and about.detect(question) is None and (
                    bool(set(words_asked_of(question)) & set(names))
                    or uses_none_of_its_words(question, self.store, collections, article_id))
        return info.title, names, another_story

    def _other_language(self, question: str) -> bool:
        from .spelling import in_another_language, may_be_another_language

        if not may_be_another_language(question):  # asked of every answer: most end here, unlocked
            return False
        with self._state, self.store.snapshot():
            return in_another_language(question, self.store)

    def named_nowhere(self, question: str, collections: Sequence[str], runs: bool = False) -> tuple[str, ...]:
        """The question's names and uncommon words no article of `collections` holds
        (`answer.names_nowhere`), as a decline names them (`quotebot eval` too)."""
        from .answer import names_nowhere

        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                return tuple(names_nowhere(question, self.store, collections, runs))

    def nowhere_noted(self, found: Answer, question: str, collections: Sequence[str], article_id: str | None,
                      context: Discussion | None, tuning: AnswerTuning | None = None) -> Answer:
        """`found` (answered, quoting) with the question's names and uncommon words no article
        holds that its quotes lack ("how many staff does abn amro have in rotterdam?": the quotes
        match its other words), which the front ends say above them. Asked of one article (picked,
        or the channel's), one of them a name ("what happens to khodorkovsky now?"): declined as
        asked anywhere (a stranger got that decline cold, and three quotes matching "what
        happens… now" of the story picked). An everyday word ("furthest") stays a caution, a
        reader's own word whose sense the quotes may well give, and so do a figure and a near miss
        of a name the articles write (`AnswerTuning.decline_nowhere`)."""
        from .answer import near_a_name_held
        from .spelling import ALIASES, EVERYDAY_ACRONYMS, english_words
        from .text import STOPWORDS, what_about, words

        unknown = _not_in_quotes(self.named_nowhere(question, collections, runs=True), found.quotes)
        # A club asked by the name whose nickname the quotes write ("tottenham" of "Spurs said…").
        quoted = {w for quote in found.quotes for w in words(quote.text)}
        unknown = tuple(u for u in unknown if not any(u in names and nickname in quoted
                                                      for nickname, names in ALIASES.items()))
        if not unknown:
            return found
        topic = what_about(question)
        if (topic is not None and set(asked := [w for w in words(topic) if w not in STOPWORDS]) <= set(unknown)
                and asked and not self._other_language(question)):
            # "what does the article say about nvidia?", read as "what about nvidia?": the quotes
            # match no word of what it asks about (a stranger got three of them under the caution,
            # and "what happened to nvidia stock…" declined).
            log.debug("asked only about %s, which no article mentions: declined", asked)
            return replace(found, answered=False, quotes=(), unknown=unknown, unsure=False,
                           message=self._nowhere_message(unknown, question))
        one = article_id is not None or (context is not None and context.chosen)
        if one and (tuning or self.answer_tuning).decline_nowhere:
            english = english_words()
            with self._state, self.store.snapshot():
                # A name: letters only, no English word, and no name the articles write two letters
                # from it ("kyiv" of "Kiev", "yuaks" of "Yukos" are theirs, misspelt); never a
                # figure ("did 50,000 fans attend?" of "45,000" is answered by the real one).
                names = [u for u in unknown if u.isalpha() and u not in english and u not in EVERYDAY_ACRONYMS
                         and not near_a_name_held(u, self.store, collections)]
            if names and not self._other_language(question):
                log.debug("asked of one article, naming %s, which no article mentions: declined", names)
                return replace(found, answered=False, quotes=(), unknown=unknown, unsure=False,
                               message=self._nowhere_message(unknown, question))
        return replace(found, unknown=unknown)

    @staticmethod
    def _nowhere_message(words: Sequence[str], question: str = "") -> str:
        from .answer import APOSTROPHISED, _hyphenated_whole
        from .render import quoted_names

        from .spelling import spelt_as_english

        # A name in parts as typed whole: "o'driscoll", not "driscoll" (a stranger's find).
        words = _hyphenated_whole(list(words), question, APOSTROPHISED)
        # An everyday word spelt right ("who disagrees?") gets no advice to check its spelling; a
        # name may be spelt right too ("jal", "nasa": strangers read the advice as calling it a typo).
        advice = "Try other words" if spelt_as_english(words) else "Check the spelling or try other words"
        return f"No indexed article mentions {quoted_names(words)}, so I won't guess. {advice}, or see which articles are indexed."

    def _who_said(self, question: str, quote: Quote, collections: Sequence[str]) -> Answer:
        """"Who said that?" after an answer: whose words its first quote gives. That quote again
        when it names its speaker ("…," said Vieira.), with the speaker as it names them
        (`Answer.speaker`: a stranger read the bare quote again as naming nobody); when it is
        the article's own words (no words said, no quotation marks), who wrote the article: its
        byline or details, or that it names no author; else (words said by "he") the nearest
        sentence before it naming whose words they are, or a decline saying the quote does not say who."""
        from . import about
        from .text import PRONOUN_SAYS, gives_words, no_one_elses, speaker_named

        # Said as the question it answers, naming the quote: "whose words the last answer's first
        # quote gives" read to a stranger as the bot's jargon.
        asked = f"who said ‘{self._opening(quote)}’?"
        if _names_speaker(quote.text):
            unnamed = _unnamed_speaker(quote.text)
            if unnamed is not None:
                # "…, a Home Office minister has said.": whom the article names next, shown, not
                # taken to be them (a stranger was told only "Said by: a Home Office minister").
                named = self._named_next_of(quote, collections)
                if named is not None:
                    return Answer(question, True, (quote, named[0]), read_as=asked,
                                  speaker=f"{unnamed}; the article names {named[1]} next")
            return Answer(question, True, (quote,), read_as=asked, speaker=speaker_named(quote.text))
        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=quote.article_id)
                if info is None:  # removed since
                    return Answer(question, False, (), _QUOTED_GONE)
                title = " ".join(info.title.split()) or "Untitled"
                # Unless a he or she says it ("Critics welcomed the delay, she added."): then whose
                # words they are is for the sentences before to say.
                reported = None if PRONOUN_SAYS.search(quote.text) else speaker_named(quote.text, reported=True)
                if reported is not None:
                    # "Sir Alex Ferguson has called on the FA to punish Henry": a stranger was told
                    # these were the article's own words, with no byline. Before the sentences
                    # before it: "Lib Dem leader Charles Kennedy repeated his call for a 'pause'"
                    # was said to be the words of the "opponents" the sentence before quoted.
                    return Answer(question, True, (quote,), read_as=f"whose view is ‘{self._opening(quote)}’?",
                                  speaker=reported)
                said_by = self._speaker_before(quote, info.collection) if gives_words(quote.text) else None
                if said_by is not None and said_by[0] is None:  # it opens with their name
                    return Answer(question, True, (quote,), read_as=asked, speaker=said_by[1])
                if said_by is not None:  # the nearest sentence before it that says who is speaking, first
                    return Answer(question, True, (said_by[0], quote), read_as=asked, speaker=said_by[1])
                # In an opinion piece, words that no one named, nor a he or she, says are its
                # author's (a stranger's "who said that?" after '…relying on “common companies”'
                # was told the quote does not say).
                if gives_words(quote.text) and not (no_one_elses(quote.text) and about.is_opinion(info, self.store)):
                    # The article's details say which one, on every front end.
                    details = AboutArticle("author", info.id, info.title, info.url, info.author, info.publisher,
                                           info.published)
                    return Answer(question, False, (), f"The last answer's first quote doesn't say whose words they "
                                                       f"are, so I won't guess: see “{title}” around it.", about=details)
                found = about.answer_about("who wrote it?", about.AboutQuestion("author"), info, self.store,
                                           self.model, top=1)
        # The article's own words: who wrote it is who says them (the decline, if none is named,
        # is the article's "doesn't say who wrote it", with its details). Said first: a stranger
        # read "no byline" alone as the bot not knowing what was asked.
        if not found.answered:
            # Not "Read as “who wrote the article?”" above it: two strangers read that as their
            # "who said that?" misread.
            return replace(found, question=question, message=f"No one is quoted there: the last answer's first quote "
                                                              f"is the article's own words. {found.message}")
        return replace(found, question=question, read_as="who wrote the article?")

    def _someone_else(self, said: str, question: str, quote: Quote, speaker: str | None,
                      collections: Sequence[str]) -> Answer | None:
        """"What else did she say?" when the last quote's words are a man's (`speaker`, as
        `_speaker_of` reads them; or "he" and a woman's), as the article tells
        (`text.pronoun_of`): a decline asking whom is meant, not more of his words (a stranger's
        got Damian Hockney's, meaning Petrina Holdsworth). None when the pronoun fits, or
        nothing says."""
        from . import about
        from .text import ELSE_SAID, pronoun_of

        asked = ELSE_SAID.match(question).group(2).casefold()
        if asked not in ("he", "she") or speaker is None:
            return None
        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=quote.article_id)
                article = None if info is None else self.store.article(info.collection, info.id)
        if article is None or pronoun_of(speaker, article.text) in (None, asked):
            return None
        return Answer(said, False, (), f"The last answer's first quote gives the words of {speaker}, not a “{asked}”: "
                                       f"whom do you mean? Ask with their name (“what else did … say?”).")

    def _named_by_answer(self, asked: str, quote: Quote, collections: Sequence[str]) -> str | None:
        """Whom the quote answering "who <did something>?" names (not "who is…?", whose something
        `text.with_subject` reads, nor "who said that?"): a quote giving someone's words, its
        speaker where how it names them meets the question; any other, the one name of two words
        or more it gives that the question lacks. None when it names no one, or several."""
        from .spelling import _NAME
        from .text import STOPWORDS, WHO_SAID, speaker_name, words

        if not _WHO_DID.match(asked) or WHO_SAID.fullmatch(asked):
            return None
        asked_words = set(words(asked)) - STOPWORDS
        described = self._speaker_of(quote, collections, short=False)
        if described is not None:
            # Its speaker, when how the quote names them answers the question ("Oracle's chief
            # executive Larry Ellison" for "who runs Oracle?"); not "coach Arsene Wenger" praising
            # whoever "who scored?" asks for.
            name = speaker_name(described)
            if (len(name.split()) >= 2 and asked_words.isdisjoint(words(name))
                    and not asked_words.isdisjoint(words(described))):
                return name
            return None
        # A passive's doer answers "who criticised him?": "He has been criticised by the SNP".
        agents = {m.group(1) for m in _BY_AGENT.finditer(quote.text) if asked_words.isdisjoint(words(m.group(1)))}
        if len(agents) == 1:
            return agents.pop()
        # Names only: no function word inside ("Subs Not Used:" of a line-up is none).
        # Not "Jason Gardener's" of "Jason Gardener's unbeaten run came to an end" (a stranger's
        # "is she running…" was read as "is Jason Gardener's running…").
        names = [re.sub(r"['’]s?$", "", name) for m in _NAME.finditer(quote.text)
                 if not quote.text[m.end():].lstrip().startswith(":")
                 for name in re.split(r"\s+(?:and|&)\s+", m.group())
                 if len(name.split()) >= 2 and asked_words.isdisjoint(words(name))
                 and not any(w.casefold() in STOPWORDS for w in name.split())]
        return names[0] if len(set(names)) == 1 else None

    def _speaker_of(self, quote: Quote, collections: Sequence[str], short: bool = True) -> str | None:
        """Who speaks in `quote`, as the quote or the nearest sentence before it naming the
        speaker says (`_who_said`); `short`: by name where it gives one ("Ana Field" of "club
        chairman Ana Field"). None when neither names anyone."""
        from . import about
        from .text import PRONOUN_SAYS, speaker_name, speaker_named

        # As `_who_said` reads it: a view its subject holds only when no he or she says it.
        speaker = speaker_named(quote.text, reported=PRONOUN_SAYS.search(quote.text) is None)
        if speaker is None:
            with self._state:
                self._refresh_if_stale()
                with self.store.snapshot():
                    info = about.pick_article(self.store, collections, article_id=quote.article_id)
                    said_by = None if info is None else self._speaker_before(quote, info.collection)
            speaker = None if said_by is None else said_by[1]
        return speaker if speaker is None or not short else speaker_name(speaker)

    def _names_as_speaker(self, quote: Quote, speaker: str, collections: Sequence[str]) -> bool:
        """Whether `quote` gives `speaker`'s words by name: theirs beside a verb of saying, or the
        sentences before it name them as whose words they are; not a bare '"…," he said.', which
        may be anyone's (a review's find: a Sony engineer's words were quoted as Horiuchi's)."""
        from . import about
        from .answer import speaks
        from .text import PRONOUN_SAYS, SAID_BY_PRONOUN, STOPWORDS, words

        name = set(words(speaker)) - STOPWORDS - _HONORIFICS  # not every "Mr …" said
        if any(speaks(quote.text, word, outside_quotes=True) for word in name):
            return True
        said_by = self._speaker_of(quote, collections)
        if said_by is not None:
            return not name.isdisjoint(words(said_by))
        if not (SAID_BY_PRONOUN.search(quote.text) or PRONOUN_SAYS.search(quote.text)):
            return False
        # '"…," he added.' right after a sentence opening with their name ("Toshihiko Horiuchi
        # later showed visitors round…").
        with self._state, self.store.snapshot():
            info = about.pick_article(self.store, collections, article_id=quote.article_id)
            found = None if info is None else self._around(quote, info.collection)
        before = found[1][-1].text if found is not None and found[1] else ""
        return not name.isdisjoint(words(before)[:self.SUBJECT_WORDS])

    def _quotes_words_of(self, quotes: Sequence[Quote], speaker: str, collections: Sequence[str]) -> bool:
        """Whether one of `quotes` gives words of `speaker` (a name, as `_speaker_of` reads it),
        as it or the sentences before it say (`_speaker_of`)."""
        from .text import PRONOUN_SAYS, SAID_BY_PRONOUN

        # A quote joining sentences may give theirs after another's ('Hitachi said… "It will
        # work," Horiuchi added.'): any sentence naming them beside a verb of saying counts. So
        # may words a he or she says that nothing before them attributes ('"…," he added.' a
        # paragraph on): not no more words of theirs.
        return any(SAID_BY_PRONOUN.search(quote.text) or PRONOUN_SAYS.search(quote.text)
                   or self._names_as_speaker(quote, speaker, collections) for quote in quotes)

    def _speaker_before(self, quote: Quote, collection: str) -> tuple[Quote | None, str | None] | None:
        """Whose words `quote` (of an article of `collection`) gives when it does not say: the
        nearest sentence before it in its paragraph that names them ('"We are defending our
        sovereignty…," Mr Alvarez said.' before '"Everything has to be reviewed."'), as a quote,
        and the speaker it names; for words said by "she" (…," she said.), the name the sentence
        before opens with ("Mirza, ranked 134 in the world, sunk to her knees…"), or that the
        quote itself opens with (no quote then). None when nothing names anyone (the quote may
        be anyone's). In a read snapshot."""
        from .text import SAID_BY_PRONOUN, speaker_named, subject_named

        found = self._around(quote, collection)
        if found is None:
            return None
        passage, before, _ = found

        def quoted(row: SentenceRow) -> Quote:
            return Quote(text=row.text, article_id=quote.article_id, title=passage.title, url=passage.url,
                         paragraph=passage.paragraph, score=quote.score, start=row.start, end=row.end)

        for row in reversed(before):
            if _names_speaker(row.text, reported=True):
                return quoted(row), speaker_named(row.text, reported=True)
        if not before and re.search(r"\b(?:he|she|they)\s+(?:said|says|added|told)\b", quote.text, re.IGNORECASE):
            # A paragraph of the one sentence ("Already, he said, there have been four
            # incidents…"): his words go on from the paragraph before, which names him ("Mr
            # Thiemann said research by the TowerGroup showed…"; a stranger's "who said that?" was
            # told the quote doesn't say).
            earlier = next((p for p in self.store.article_passages(collection, quote.article_id)
                            if p.paragraph == quote.paragraph - 1), None)
            rows = [] if earlier is None else self.store.sentences(self.model, [earlier], tokens=False)
            if rows and _names_speaker(rows[-1].text, reported=True):
                last = rows[-1]
                return (Quote(text=last.text, article_id=quote.article_id, title=earlier.title, url=earlier.url,
                              paragraph=earlier.paragraph, score=quote.score, start=last.start, end=last.end),
                        speaker_named(last.text, reported=True))
        if not SAID_BY_PRONOUN.search(quote.text):
            return None
        article = self.store.article(collection, quote.article_id)
        text = "" if article is None else article.text
        named = subject_named(quote.text, text)
        if named is not None:
            return None, named
        # Back over the sentences before it giving the same he's or she's words ('"I honestly don't
        # think about these reports," he told BBC Sport.') to the one opening with a name
        # ("O'Connell is rumoured…"): a stranger's "who said that?" was told the quote doesn't say.
        for row in reversed(before):
            if (named := subject_named(row.text, text)) is not None:
                return quoted(row), named
            if not SAID_BY_PRONOUN.search(row.text):
                break
        return None

    @classmethod
    def _opening(cls, quote: Quote) -> str:
        """A quote's first words, to name it in the reading an answer shows."""
        said = quote.text.strip(" \"“”'‘’").split()
        return " ".join(said[:cls.QUOTE_OPENING_WORDS]) + ("…" if len(said) > cls.QUOTE_OPENING_WORDS else "")

    GOES_ON_COUNT = 2  # sentences quoted after the last answer's first quote
    QUOTE_OPENING_WORDS = 8  # of that quote, named in the reading the answer shows

    def _goes_on(self, question: str, quote: Quote, collections: Sequence[str], authors: bool = False) -> Answer:
        """"What does he mean by that?" (or "explain", "tell me more") after an answer: the
        sentences the article goes on with after its first quote, verbatim and cited, bylines
        and disclaimers skipped; a decline when it ends there. Searched as words, a new user's
        got "This means that…" from another paragraph and the disclaimer. `authors`: its
        author's own words only ("what else did he say?" of an opinion piece), not a sentence
        giving someone else's."""
        from . import about
        from .text import no_one_elses, speaker_named

        # Naming the quote it goes on from: after "who said that?", that is the quote asked about,
        # not the byline just shown (a stranger read "the last answer's first quote" as the byline).
        read_as = f"what the {'author' if authors else 'article'} goes on to say after ‘{self._opening(quote)}’"
        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=quote.article_id)
                article = None if info is None else self.store.article(info.collection, info.id)
                if info is None or article is None:  # removed since
                    return Answer(question, False, (), _QUOTED_GONE)
                passages = self.store.article_passages(info.collection, info.id)
                rows = about.content_sentences(article, self.store.sentences(self.model, passages, tokens=False))
        if authors:
            rows = [row for row in rows if no_one_elses(row.text) and speaker_named(row.text) is None]
        paragraph = {p.id: p.paragraph for p in passages}
        after = [row for row in rows if row.start >= quote.end][: self.GOES_ON_COUNT]
        if not after:
            title = " ".join(info.title.split()) or "Untitled"
            return Answer(question, False, (), f"“{title}” says nothing more after that quote: it ends there.",
                          read_as=read_as)
        # One quote, of one paragraph: "more" after it goes on after all of it (the next answer's
        # first quote is what a channel keeps).
        span = [row for row in after if row.passage_id == after[0].passage_id]
        return Answer(question, True, (Quote(article.text[span[0].start:span[-1].end], info.id, info.title, info.url,
                                             paragraph[span[0].passage_id], 1.0, span[0].start, span[-1].end),),
                      read_as=read_as)

    NAMED_NEXT_REACH = 2  # sentences after a quote that may name its unnamed speaker

    def _named_next(self, quote: Quote, collection: str) -> tuple[Quote, str] | None:
        """The sentence after `quote` (of an article of `collection`), in its paragraph or opening
        the next, that gives someone's words by name ("Hazel Blears said innocent Muslims would be
        targeted…" after "…, a Home Office minister has said."), as a quote, and the name; None
        when none of the next `NAMED_NEXT_REACH` sentences does. In a read snapshot."""
        from .text import speaker_named

        found = self._around(quote, collection)
        if found is None:
            return None
        passage, _, after = found
        rows = [(passage, row) for row in after]
        if len(rows) < self.NAMED_NEXT_REACH:
            following = next((p for p in self.store.article_passages(collection, quote.article_id)
                              if p.paragraph == passage.paragraph + 1), None)
            if following is not None:
                rows += [(following, row) for row in self.store.sentences(self.model, [following], tokens=False)]
        for where, row in rows[:self.NAMED_NEXT_REACH]:
            name = speaker_named(row.text, reported=True)
            capitalised = [w for w in (name or "").split() if w[:1].isupper()]
            # A name: two capitalised words ("Hazel Blears", "Mr Blunkett"), not "Officials" or
            # "Police" (a review's find), opening what names them.
            if len(capitalised) >= 2 and name.split()[0] == capitalised[0] \
                    and capitalised[0].casefold() not in ("the", "a", "an", "this", "its"):
                return (Quote(text=row.text, article_id=quote.article_id, title=where.title, url=where.url,
                              paragraph=where.paragraph, score=quote.score, start=row.start, end=row.end), name)
        return None

    def _named_next_of(self, quote: Quote, collections: Sequence[str]) -> tuple[Quote, str] | None:
        """`_named_next` of `quote`, in its article as it stands (None if removed since)."""
        from . import about

        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=quote.article_id)
                return None if info is None else self._named_next(quote, info.collection)

    def _named_after(self, found: Answer, collections: Sequence[str], top: int) -> Answer:
        """"who said muslims are more likely to be stopped?" answered by a lead that calls them "a
        Home Office minister": the next sentence naming its speaker second (`_named_next`; a
        stranger's "which home office minister said…?" got the lead and nothing naming her)."""
        first = found.quotes[0]
        named = self._named_next_of(first, collections) if _unnamed_speaker(first.text) is not None else None
        if named is None:
            return found
        # Shown already, further down ("Hazel Blears said… She told a Commons inquiry."): moved up.
        shown = next((q for q in found.quotes[1:] if q.article_id == first.article_id and q.start == named[0].start),
                     named[0])
        rest = tuple(q for q in found.quotes[1:] if q is not shown)
        return replace(found, quotes=(first, shown, *rest)[:max(top, 2)])

    def _around(self, quote: Quote, collection: str) -> tuple[PassageRow, list[SentenceRow], list[SentenceRow]] | None:
        """`quote`'s paragraph (of an article of `collection`) and its sentences before the quote
        and after it, in every passage of that paragraph (a long one is read in several: "Mr Fogg
        said…" sat in the passage before a stranger's quote, who was told it doesn't say whose
        words they are); None when the quote is no longer there. In a read snapshot."""
        paragraph = [p for p in self.store.article_passages(collection, quote.article_id)
                     if p.paragraph == quote.paragraph]
        passage = next((p for p in paragraph if quote.text in p.text), None)
        if passage is None:
            return None
        begins = passage.start + passage.text.index(quote.text)
        rows = sorted({(row.start, row.end): row for row in self.store.sentences(self.model, paragraph, tokens=False)
                       }.values(), key=lambda row: row.start)
        return (passage, [row for row in rows if row.end <= begins],
                [row for row in rows if row.start >= begins + len(quote.text)])

    MORE_WORDS_COUNT = 3  # sentences of a speech going on after the last answer's first quote
    SUBJECT_WORDS = 4  # words where a sentence names its subject ("Toshihiko Horiuchi later…")

    def _more_of(self, named: str, quote: Quote, shown: Sequence[Quote], collections: Sequence[str],
                 top: int) -> tuple[Quote, ...]:
        """The sentences of `quote`'s article giving `named`'s words by name (`_names_as_speaker`)
        that none of `shown` holds, in article order, at most `top`."""
        from . import about

        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=quote.article_id)
                if info is None:
                    return ()
                passages = self.store.article_passages(info.collection, info.id)
                rows = self.store.sentences(self.model, passages, tokens=False)
        by_id = {p.id: p for p in passages}
        found: list[Quote] = []
        for row in sorted(rows, key=lambda r: r.start):
            passage = by_id.get(row.passage_id)
            if passage is None:
                continue
            candidate = Quote(row.text, info.id, info.title, info.url, passage.paragraph, quote.score, row.start,
                              row.end)
            if (not _shown_already(candidate, shown) and len(row.text.split()) >= 4
                    and self._names_as_speaker(candidate, named, collections)):
                found.append(candidate)
                if len(found) == top:
                    break
        return tuple(found)

    def _asked_before(self, question: str, context: Discussion, collections: Sequence[str]) -> str | None:
        """Whom the question before asked the words of ("the ugandan authorities" of "what did the
        ugandan authorities say?"), as typed, for "what else did they say?" when the last answer's
        first quote gives someone else's words; None when it asked no one's, or the quote is theirs
        or no one's, or `question` says no "they"."""
        from .answer import asked_of_span, words_asked_of
        from .text import words

        if not context.asked or not words_asked_of(context.asked):
            return None
        if not re.search(r"\b(?:they|them)\b", question, re.IGNORECASE):
            return None  # "what else did she say?" asks of whoever "she" is (a review's find)
        start, end = asked_of_span(context.asked)
        named = " ".join(context.asked[start:end].split())
        speaker = self._speaker_of(context.quoted, collections, short=False) if context.quoted is not None else None
        if speaker is None or not set(words_asked_of(context.asked)).isdisjoint(words(speaker)):
            return None
        return named

    def _more_words(self, question: str, quote: Quote, speaker: str | None,
                    collections: Sequence[str]) -> Answer | None:
        """"What else did she say?" after a quote whose speech goes on in the sentences after it,
        unattributed ('…," said Hannah Ward of the Refugee Council. "If people turn up in the UK
        asking for help they will be turned away.'): those sentences, up to `MORE_WORDS_COUNT`,
        as one quote, with whose they are (`speaker`, as `_speaker_of` reads them). None when the
        next sentence is not such speech (then the question is asked with the speaker's name:
        `reading`)."""
        from . import about
        from .text import CLOSES_QUOTE, OPENS_QUOTE, speaker_elsewhere

        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info = about.pick_article(self.store, collections, article_id=quote.article_id)
                found = None if info is None else self._around(quote, info.collection)
        if found is None:
            return None
        passage, _, rows = found
        # Speech opens each sentence with a quotation mark, or runs on from one not closed (the
        # BBC's way: '"If people turn up… turned away. Michael Howard's policy… "When it comes to
        # costs… asylum seekers. So many of them…'), until someone is named saying something.
        speech = []
        for row in rows[: self.MORE_WORDS_COUNT]:
            runs_on = bool(speech) and not CLOSES_QUOTE.search(speech[-1].text)
            if not (OPENS_QUOTE.match(row.text) or runs_on or speaker_elsewhere(row.text)) \
                    or _names_speaker(row.text):
                break
            speech.append(row)
        if not speech:
            return None
        start, end = speech[0].start, speech[-1].end
        more = Quote(passage.text[start - passage.start:end - passage.start], quote.article_id, passage.title,
                     passage.url, passage.paragraph, quote.score, start, end)
        return Answer(question, True, (more,), read_as=f"what else did {speaker} say?" if speaker else
                      f"what the speaker goes on to say after ‘{self._opening(quote)}’", speaker=speaker)

    def _advice(self, said: str, question: str, collections: Sequence[str], article_id: str | None) -> Answer | None:
        """"Should i buy TAO?" of an article (the one asked, discussed, or the only one) whose
        disclaimer says it is no investment advice: that disclaimer, which answers it. None
        otherwise: the question is asked as any other."""
        from . import about

        if not about.asks_for_advice(question):  # most questions: no lock, no store
            return None
        with self._state:
            self._refresh_if_stale()
            with self.store.snapshot():
                info, guessed = about.picked_article(self.store, collections, article_id=article_id)
                if info is None or guessed:
                    return None
                found = about.advice_answer(question, info, self.store, self.model, top=self.settings.top)
        return None if found is None else replace(found, question=said, read_as="is this investment advice?")

    def _authors_turn(self, context: Discussion, collections: Sequence[str], article_id: str | None) -> bool:
        """Whether "he" or "she" asked where `context` is discussed is the author of an opinion
        piece: after its own words (`_authors_own_words`), or with no quote being discussed (after
        a decline, which names no one else)."""
        if context.quoted is None:
            return self._has_author(collections, article_id or context.article_id, opinion=True)
        return (self._speaker_of(context.quoted, collections) is None
                and self._authors_own_words(context.quoted, collections))

    def _authors_own_words(self, quote: Quote, collections: Sequence[str]) -> bool:
        """Whether `quote`, naming no speaker (`_speaker_of`), is its article's own words (no he or
        she saying it) in an opinion piece (`about.is_opinion`): its author's, as "he" or "she"
        asked after it means."""
        from .text import no_one_elses

        return no_one_elses(quote.text) and self._has_author(collections, quote.article_id, opinion=True)

    def _has_author(self, collections: Sequence[str], article_id: str | None, opinion: bool = False) -> bool:
        """Whether the article (None: the only one indexed) has an author: a byline or front
        matter's; with `opinion`, whether it is an opinion piece (`about.is_opinion`)."""
        from . import about

        with self._state, self.store.snapshot():
            info, guessed = about.picked_article(self.store, collections, article_id=article_id)
            if info is None or guessed:
                return False
            return about.is_opinion(info, self.store) if opinion else about.has_author(info, self.store)

    def _picked_article(self, collections: Sequence[str], article_id: str | None) -> Article | None:
        """The article asked, discussed, or the only one indexed (`about.pick_article`), read whole."""
        from . import about

        with self._state, self.store.snapshot():
            info = about.pick_article(self.store, collections, article_id=article_id)
            return self.store.article(info.collection, info.id) if info is not None else None

    def _only_one_called(self, question: str, collections: Sequence[str], article_id: str) -> str | None:
        """Whom the one he or she `question` says can only be: the one person the article calls
        by a title of theirs ("Ms Hutt"; "Mr" for he), by the name it first gives them in full
        ("Jane Hutt") if it does; None when the article calls no one so, or several."""
        from .text import STOPWORDS, personal_pronouns

        said = personal_pronouns(question)
        if len(said) != 1:
            return None
        titles = r"Mr" if said == {"he"} else r"Mrs|Ms|Miss"
        article = self._picked_article(collections, article_id)
        if article is None:
            return None
        called = set(re.findall(rf"\b(?:{titles})\.? ([A-Z][\w-]*(?:['’](?!s\b)[\w-]+)*)", article.text))
        if len(called) != 1:
            return None
        surname = called.pop()
        # The other title's people may share the surname (Mr and Mrs Smith): then it says nothing.
        others = r"Mrs|Ms|Miss" if said == {"he"} else r"Mr"
        if re.search(rf"\b(?:{others})\.? {re.escape(surname)}\b", article.text):
            return None
        first = next((m.group(1) for m in re.finditer(rf"\b([A-Z][\w'’-]+) {re.escape(surname)}\b", article.text)
                      if m.group(1).casefold() not in STOPWORDS | {"mr", "mrs", "ms", "miss", "dr", "sir"}), None)
        return f"{first} {surname}" if first else f"{'Mr' if said == {'he'} else 'Ms'} {surname}"

    def _called_otherwise(self, person: str, pronoun: str, collections: Sequence[str], article_id: str | None) -> bool:
        """Whether the article (the one asked, discussed, or the only one indexed) calls `person`
        by the other of he and she than `pronoun`."""
        from .answer import shared_surname
        from .text import pronoun_of

        if pronoun.casefold() not in ("he", "she"):
            return False
        article = self._picked_article(collections, article_id)
        # Only someone the article names in full, whose surname no one else there has: "Mrs
        # Blair" is no "she" for Tony Blair, nor Serena Williams for Rowan Williams (a review's finds).
        named = person.split()
        written = None if article is None or len(named) < 2 else re.search(
            rf"\b{re.escape(person)}\b", article.text, re.IGNORECASE)
        if written is None or shared_surname(named[-1], named[0], article.text):
            return False
        called = pronoun_of(written.group(0), article.text)
        return called is not None and called != pronoun.casefold()

    def _only_author_called(self, question: str, collections: Sequence[str], article_id: str | None) -> bool:
        """Whether the he or she `question` says can only be the author: the article (the one
        asked, discussed, or the only one indexed) is an opinion piece whose text calls no one so."""
        from . import about
        from .text import personal_pronouns

        said = personal_pronouns(question)
        if len(said) != 1:
            return False
        with self._state, self.store.snapshot():
            info, guessed = about.picked_article(self.store, collections, article_id=article_id)
            if info is None or guessed or not about.is_opinion(info, self.store):
                return False
            article = self.store.article(info.collection, info.id)
        return article is not None and not said & personal_pronouns(article.text)

    def _of_author_named(self, question: str, collections: Sequence[str], article_id: str | None) -> str | None:
        """A question for the words or thoughts of the article's author by name ("what did zain
        jaffer say about big tech?", "what does jaffer think of deepseek?") asked of it (the one
        picked, discussed, or the only one indexed), with "the author" for the name; else None.
        Read as the words of someone the piece never quotes, it was declined, though every word
        of it is his."""
        from . import about
        from .answer import asked_of_span
        from .text import words

        span = asked_of_span(question)
        if span is None:
            return None
        name = " ".join(words(question[span[0]:span[1]]))
        with self._state, self.store.snapshot():
            info, guessed = about.picked_article(self.store, collections, article_id=article_id)
            if not name or info is None or guessed or not about.is_author(name, info, self.store):
                return None
        return f"{question[:span[0]]}the author{question[span[1]:]}"

    def _title_of(self, collections: Sequence[str], article_id: str) -> str | None:
        """The article's title (a blank one as "Untitled"), None when it is not indexed."""
        from . import about

        with self._state, self.store.snapshot():
            info = about.pick_article(self.store, collections, article_id=article_id)
        return None if info is None else " ".join(info.title.split()) or "Untitled"

    @staticmethod
    def _declined_message(title: str, question: str, picked: bool = False, missing: str | None = None,
                          unquoted: str | None = None) -> str:
        """`picked`: the asker named the article, so "name the story you mean" would be no help.
        `missing`: the kind of figure asked for that the article gives none of (`Answer.missing`):
        said, and naming whoever "he" is would not help; for "words", `unquoted` is whose."""
        from .text import NAME_THE_STORY, OTHER_WORDS_OR_UNPICK, PRONOUN_HINT, UNPICK, missing_what, pronoun_hint_helps

        title = " ".join(title.split()) or "Untitled"
        if missing is not None:
            where = "" if picked else ", the article being discussed,"
            what = missing_what(missing, " ".join(unquoted.split()) if unquoted else None)
            return (f"“{title}”{where} gives no {what} anywhere, so it can't answer that; "
                    f"I won't guess. " + (UNPICK if picked else NAME_THE_STORY))
        hint = f" {PRONOUN_HINT}" if pronoun_hint_helps(question) else ""
        if picked:
            return (f"“{title}” doesn't seem to say that, so I won't guess. "
                    f"{OTHER_WORDS_OR_UNPICK}{hint}")
        return f"“{title}”, the article being discussed, doesn't answer that, so I won't guess. {NAME_THE_STORY}{hint}"

    @staticmethod
    def _never_mentions(title: str, words: Sequence[str]) -> str:
        """“title” never mentions “word”…, which other articles do (`Answer.elsewhere`)."""
        from .render import quoted_names

        title = " ".join(title.split()) or "Untitled"
        return f"“{title}” never mentions {quoted_names(words)}, which other articles do"

    @classmethod
    def _moved_message(cls, title: str, words: Sequence[str]) -> str:
        return (f"{cls._never_mentions(title, words)}, so every article was asked, and none of them answers it: "
                f"I won't guess. Try other words.")

    @classmethod
    def _elsewhere_message(cls, title: str, words: Sequence[str], picked: bool = True) -> str:
        """`picked`: the asker named the article; else it is the one a channel discusses."""
        from .text import NAME_THE_STORY, SEARCH_THEM_ALL

        return f"{cls._never_mentions(title, words)}, so I won't guess from it. " + (SEARCH_THEM_ALL if picked
                                                                                      else NAME_THE_STORY)

    @_storage_errors
    def answer_embedded(self, question: str, query: np.ndarray | None, query_tokens: np.ndarray | None,
                        collections: Sequence[str] = (GLOBAL,), top: int | None = None, *,
                        article_id: str | None = None, mode: str = "hybrid", search_tuning: SearchTuning | None = None,
                        answer_tuning: AnswerTuning | None = None, context: Discussion | None = None,
                        stay: bool = False, lead_read: bool = False) -> Answer:
        """`ask` for a question already embedded (the evaluation embeds all its questions at
        once); `query` may be None for a question about an article itself that names none
        (it needs no search), and is embedded here if it turns out to be needed.

        `context`: the article being discussed where the question is asked. Readers who have
        just seen a story ask "who did the report?" or "which club does he play for?", naming
        nothing that picks it out among hundreds. Unless the question names something the
        article lacks and other articles hold (`answer.names_elsewhere`: it has moved on to
        another story), it is asked of that article alone. When the article does not answer,
        a chosen one (picked, announced, added) declines, saying which article was asked;
        the article of the last answer hands the question to every article (it may have been
        the wrong story). An unknown or removed article is no context. `stay`: asked of the
        context's article whatever names it holds (a question in another language: "el" of
        "¿por qué se fue el director?" is no name of another story). `lead_read`: the asker has
        read `article_id`'s lead (the channel's article, whose link preview shows it; not one
        picked by name, which the asker may know only by its title): `answer.answer`'s."""
        from . import about
        from .answer import (answer, asks_what_next, leans_on_context, names_elsewhere, names_nobody,
                             uses_none_of_its_words)
        from .text import NAMES_NOBODY, leans_on_something, says_pronoun, without_dummy_it
        from .search import search

        top = top or self.settings.top
        search_tuning = search_tuning or self.search_tuning
        answer_tuning = answer_tuning or self.answer_tuning
        # "Who wrote this?", "when was it published?", "what does the author conclude?": about
        # the article itself, which no sentence's wording matches (index/about.py).
        asked = about.detect(question)
        if (asked is not None and (asked.aspect in ("criticism", "people") or about.asks_what_happened(question))
                and article_id is None and context is None):
            # "who disagrees?", "who is involved?", "what happened?" where nothing says which of
            # several stories: searched as words, not asked of the most recently added (it
            # declined a training question so, naming a story the asker never meant).
            with self._state, self.store.snapshot():
                several = self.store.article_count(list(collections), 2) > 1
            asked = None if several else asked
        if asked is None and article_id is None and (titled := about.by_title(question)) is not None:
            # "who wrote petrol duties frozen?": the article its headline's words name, asked of it
            # (a stranger's got that article's lead quoted as if it answered).
            with self._state:
                self._refresh_if_stale()
                with self.store.snapshot():
                    named = self._titled(titled.topic or "", collections)
                    if named is not None:
                        log.debug("a question about the article titled %r itself (%s)", named.title, titled.aspect)
                        return self._answer_about(question, replace(titled, topic=None), collections, top,
                                                  article_id=named.id)
        if context is not None and article_id is None:
            with self._state:
                self._refresh_if_stale()
                with self.store.snapshot():
                    info = about.pick_article(self.store, collections, article_id=context.article_id)
                    # "Who wrote this?" means the article being discussed, even when its answer
                    # is that the article does not say: such a question never moves on.
                    of_this = asked is not None and asked.topic is None
                    moved = (names_elsewhere(question, self.store, collections, info.id, famous=context.picked)
                             if info is not None and not of_this and not stay else [])
                    # "What is the weather tomorrow?" where a race is discussed: not one of its
                    # words in the article, and no he/it/this leaning on it, so the article
                    # cannot be what it asks about (the trees, reading its best sentence,
                    # answered such a question). One word is too little to tell: "what was the
                    # score?" of a match report giving "a 4-2 defeat" names the kind of answer,
                    # which the article need not. A pick is asked whatever the words: the asker
                    # chose it ("what's the price tag?" of a story saying "cost" is answered).
                    # Nor "what happens next?", which needs no word of the story.
                    unrelated = (info is not None and not moved and asked is None and not stay
                                 and not context.picked and not leans_on_something(question)
                                 and not asks_what_next(question) and not _THE_STORYS.search(question)
                                 and uses_none_of_its_words(question, self.store, collections, info.id, least=2))
            if info is not None:
                log.debug("asked where %r is being discussed (%s)%s", info.title,
                          "chosen" if context.chosen else "quoted by the last answer",
                          f": names {moved} it lacks, so every article is asked" if moved else
                          ": uses none of its words" if unrelated else "")
            if unrelated and context.chosen:
                # Its "no" is the answer, as when it is asked and declines: asking every article
                # instead quotes whichever shares the question's everyday words.
                return Answer(question, False, (), self._declined_message(info.title, question),
                              declined_in=info.title)
            leaning: tuple[str, ...] = ()  # names only other articles mention, asked of the chosen one all the same
            if info is not None and moved and context.chosen and _LEANS_ON_IT.search(without_dummy_it(question)):
                # "what did mourinho say about him?", "is it on the xbox too or just ps2?" where a
                # story is chosen: asked of it, however its names are another story's, with the
                # caution naming them; declined there when it does not answer. Every article's
                # answer was quoted from a story never touching him or it (a stranger's Robben
                # channel got Mourinho's words on another match as its answer). Not a "they"
                # saying something ("what did they say about ID cards?"), who may be anyone's, nor
                # "his" or "that" ("what did mourinho say about his players?", "did mourinho say
                # that…?": Mourinho's own, a review's finds).
                log.debug("names %s the chosen article lacks, and leans on it: asked of it", moved)
                leaning, moved = tuple(moved), []
            if info is not None and moved and context.picked:
                # Picked by the asker, left for every article because it names what the pick
                # never mentions: a decline there says why it was not asked of the pick.
                found = self.answer_embedded(question, query, query_tokens, collections, top, mode=mode,
                                             search_tuning=search_tuning, answer_tuning=answer_tuning)
                if found.answered or found.about is not None or found.message == NAMES_NOBODY:
                    return found
                return replace(found, elsewhere=tuple(moved), message=self._moved_message(info.title, moved))
            found = None
            # "Who wrote the piece about trusted computers?" says which article: the one its topic
            # finds among all, not the last answer's (a stranger's console named the IBM story's
            # author). A chosen article is still the one asked.
            by_topic = asked is not None and asked.topic is not None and not context.chosen
            if info is not None and not moved and not unrelated and not by_topic:
                if query is None and not of_this:
                    query, query_tokens = self.embedder.embed_query_with_tokens(self.model_text(question))
                try:
                    found = self.answer_embedded(question, query, query_tokens, collections, top, article_id=info.id,
                                                 mode=mode, search_tuning=search_tuning, answer_tuning=answer_tuning,
                                                 # Not one picked by name, known perhaps by its title
                                                 # alone: a stranger's `:article china continues` then
                                                 # "how fast did china grow" got its lead's 9.5% second.
                                                 lead_read=not context.picked)
                except ArticleNotFound:  # removed since it was looked up: no context after all
                    found = None
            if found is not None and leaning:
                if found.answered:
                    return replace(found, elsewhere=leaning)
                return replace(found, declined_in=info.title, elsewhere=leaning,
                               message=self._elsewhere_message(info.title, leaning, context.picked))
            if found is not None:
                if found.answered or of_this:
                    return found
                if context.chosen:  # its "no" is the answer
                    return replace(found, declined_in=info.title,
                                   message=self._declined_message(info.title, question, picked=context.picked,
                                                                  missing=found.missing,
                                                                  unquoted=found.unquoted))
                # So is the last answer's article's, to a question with no subject of its own
                # ("who holds it now?"), which every other article would only match by its
                # everyday words.
                with self._state:
                    self._refresh_if_stale()
                    with self.store.snapshot():
                        bare = leans_on_context(question, self.store, collections, info.id)
                log.debug("declined there; %s", "no subject of its own: not asked of other articles" if bare
                          else "asked of every article")
                if bare:
                    return replace(found, declined_in=info.title,
                                   message=self._declined_message(info.title, question, missing=found.missing,
                                                                  unquoted=found.unquoted))
        vectors = self.vectors
        if asked is None and article_id is None and context is None and says_pronoun(question):
            with self._state:  # only then: most questions need no look at the store here
                self._refresh_if_stale()
                with self.store.snapshot():
                    nobody = names_nobody(question, self.store, collections)
            if nobody:
                log.debug("asked where no story is discussed, and names nobody: declined")
                return Answer(question, False, (), NAMES_NOBODY)
        if asked is not None and asked.topic is None and article_id is None and context is None:
            # Nothing says which article, but a name or uncommon word of the question may ("does
            # the author own any crypto?": the most recently added of several was a BBC story on
            # DVD formats): the article of the best search hit, as for "the article about X".
            from .answer import names_held

            with self._state:
                self._refresh_if_stale()
                with self.store.snapshot():
                    several = self.store.article_count(list(collections), 2) > 1
                    named = names_held(question, self.store, collections) if several else []
            if named:
                asked = replace(asked, topic=" ".join(named))
        if asked is not None:
            log.debug("a question about an article itself (%s%s)", asked.aspect,
                      f", the article about {asked.topic!r}" if asked.topic else "")
        no_byline = None
        if asked is not None and (asked.topic is None or article_id is not None):
            # Which article needs no search: the one given, or the only / latest one.
            with self._state:
                self._refresh_if_stale()
                with self.store.snapshot():
                    found = self._answer_about(question, asked, collections, top, article_id=article_id)
            # "Who wrote it?" of a piece with no byline, the one article asked: its text may say
            # who wrote the book it reviews. That answer if its first quote speaks of writing ("a
            # book by", "the author"), else this decline.
            of_its_subject = (found is not None and article_id is not None and asked.aspect == "author"
                              and not found.answered and about.may_ask_about_its_subject(question))
            if found is not None and not of_its_subject:
                return found
            if of_its_subject:
                log.debug("no byline; %r may ask who wrote what the article is about: its text is asked", question)
                no_byline = found
        read_ahead = None
        if query is None:
            model_text = self.model_text(question)  # first: the lexical side reuses its spelling
            if mode != "dense" and self.read_lexical_ahead:
                read_ahead = self._read_lexical_ahead(question, collections, search_tuning.candidates, article_id)
            query, query_tokens = self.embedder.embed_query_with_tokens(model_text)
            if read_ahead is not None:  # not started yet: the search reads it itself
                read_ahead = None if read_ahead.cancel() else read_ahead.result()
        with ExitStack() as reading:
            # Only the search must see FAISS and SQLite agree (a write commits and patches FAISS
            # under the same lock). It opens this thread's read snapshot, which the scoring
            # below keeps reading outside the lock: other questions search and score meanwhile.
            with self._state:
                self._refresh_if_stale()
                reading.enter_context(self.store.snapshot())
                hits = search(question, query, store=self.store, vectors=vectors, collections=collections,
                              k=max(answer_tuning.passages, top), article_id=article_id, mode=mode,
                              tuning=search_tuning, read_ahead=read_ahead)
            if asked is not None and asked.topic is not None and article_id is None:
                found = self._answer_about(question, asked, collections, top, hits=hits)
                if found is not None:
                    return found
            name = about.who_is(question) if asked is None and hits else None
            role_of = about.role_asked_of(question) if asked is None and hits else None
            by_byline = None
            if name is not None or role_of is not None:
                def fits(info: ArticleInfo) -> bool:
                    if name is not None and about.is_author(name, info, self.store):
                        return True
                    article = self.store.article(info.collection, info.id) if role_of is not None else None
                    return article is not None and about.byline_with(article, *role_of) is not None

                by_byline = self._answer_by_byline(question, fits, hits, collections, top, article_id)
                if by_byline is not None and by_byline.answered:
                    return by_byline
            # With one article indexed its hits are all its own: asked as of it alone (the trees'
            # one_article, the rules for one article), as in a channel discussing it. Fitted on
            # the reader sets' articles each indexed alone (README, *What was fitted on what*).
            # Not a question using none of its words, but "what happens next?": a chosen channel
            # article declines those before the trees ("who won the election?" of the launch
            # article was answered, a review's find), so they are left to the trees as asked
            # among many.
            alone = article_id is not None or (
                bool(hits) and self.store.article_count(list(collections), 2) == 1
                and (asks_what_next(question) or not uses_none_of_its_words(
                    question, self.store, collections, hits[0].passage.article_id, least=2)))
            found = answer(question, query, hits, self.store, self.model, top=top, tuning=answer_tuning,
                           collections=collections, query_tokens=query_tokens, one_article=alone,
                           lead_read=lead_read)
            if by_byline is not None and not found.answered:
                # No byline in the text, and the text says nothing of them either: the decline
                # says the article gives only their name. (What the text says of them answers: a
                # stranger's "who is bill thompson?", a page's author from its details, was
                # declined over "Bill Thompson is a regular commentator on…".)
                return by_byline
            if no_byline is not None and not (found.answered and about.says_who_wrote(found.quotes[0].text)):
                return no_byline  # no quote about writing: "it" was the article after all
            return found

    @staticmethod
    def asked_text(question: str) -> str:
        """A question's words as every reading of it takes them: chat's filler off ("lol", "pls":
        "who inducted u2 lol" had half the confidence of "who inducted u2") and its bare
        contractions given their apostrophe (`text.with_apostrophes`: a stranger's "whats the
        students name" was declined at 0.04 and read as no question for a name, "what's the
        students name" answered at 0.35) and its shorthand written out (`text.chat_words_read`:
        "where r the championships held"). The answer shows the question as it was asked."""
        from .text import (chat_question_word_read, chat_words_read, name_read_as_who, plain_question, readable,
                           visible, with_apostrophes, without_filler)

        # The question word first: "wats" is "whats", and then "what's".
        return chat_words_read(name_read_as_who(with_apostrophes(chat_question_word_read(without_filler(
            plain_question(visible(readable(question))))))))

    def model_text(self, question: str) -> str:
        """The question as the model reads it: typos replaced by the index's words
        (spelling.as_read), so a misspelt word costs neither the lexical nor the dense match."""
        from . import spelling

        return spelling.as_read(question, self.store)

    def _titled(self, named: str, collections: Sequence[str]) -> ArticleInfo | None:
        """The one article whose headline `named` gives most of, in any order: every content word
        of it in the title, and at least three of them or the whole title's, and two thirds of the
        title's or more, its "says" aside ("petrol duties frozen" of "Petrol duties frozen, Brown
        says"; not "da vinci code" of "Da Vinci Code is 'lousy history'")."""
        from .text import STOPWORDS, words

        def content(text: str) -> set[str]:
            return {w for w in words(re.sub(r"['’]s\b", "", text)) if w not in STOPWORDS and w not in _HEADLINE_SAYS}

        typed = content(named)
        if not typed:
            return None
        found = {}
        for info in self.articles(collections):
            title = content(info.title)
            if typed <= title and (len(typed) >= 3 or typed == title) and 3 * len(typed) >= 2 * len(title):
                found[info.id] = info
        return next(iter(found.values())) if len(found) == 1 else None

    def _answer_about(self, question: str, asked: "about.AboutQuestion", collections: Sequence[str], top: int,
                      *, article_id: str | None = None, hits: Sequence[Hit] | None = None) -> Answer | None:
        """The answer to a question about an article itself, or None to let the normal pipeline
        answer (no article to tell about). A topic ("who wrote the article about DeepSeek?")
        picks the article of the best search hit, unless none of the collections' passages
        uses any of its words: then no article is about it, and the answer says so."""
        from . import about

        best = None
        if hits is not None:
            words = about.topic_words(asked.topic or "")
            if words and len(self.store.missing_words(words, collections)) == len(words):
                return Answer(question, False, (), f"No indexed article is about “{asked.topic}”.")
            if not hits:
                return None
            best = (hits[0].passage.collection, hits[0].passage.article_id)
        info, latest = about.picked_article(self.store, collections, article_id=article_id, best_article=best)
        if info is None:
            if article_id is not None:
                raise ArticleNotFound(article_id)
            return None
        log.debug("answered from %r (%s)", info.title, "asked of it" if article_id is not None else
                  "the best search hit's" if best is not None else
                  "the most recently added of several" if latest else "the only article")
        from . import summarize

        def summary(of: ArticleInfo, count: int) -> tuple[Quote, ...]:
            return summarize.summarize(self.store, self.model, of, count).quotes

        return about.answer_about(question, asked, info, self.store, self.model, top=top, latest=latest,
                                  summary=summary)

    def _people_besides(self, found: Answer, shown: Sequence[Quote], collections: Sequence[str],
                        top: int | None) -> Answer:
        """"Who else is mentioned?" answered past the people the quotes just shown name (a
        stranger's got the same three sentences as "who is involved?" had); when the article
        names no one else, it says so."""
        from . import about

        with self._state, self.store.snapshot():
            info = about.pick_article(self.store, collections, article_id=found.about.article_id)
            if info is None:
                return found
            others = about.answer_about(found.question, about.AboutQuestion("people"), info, self.store, self.model,
                                        top=top or self.settings.top, besides=shown)
        if others.answered:
            return others
        return replace(others, message=f"“{info.title}” names no one else: the quotes just shown name everyone "
                                       f"in it.")

    def _answer_by_byline(self, question: str, fits: Callable[[ArticleInfo], bool], hits: Sequence[Hit],
                          collections: Sequence[str], top: int, article_id: str | None) -> Answer | None:
        """The byline of the best hit's article, when `fits` says it answers: "who is Zain Jaffer?"
        of a piece by Zain Jaffer, "who co-founded Vungle?" of one whose byline says "co-founder of
        Vungle" (no sentence of the text matches such a question, the byline being page furniture
        to search). None otherwise."""
        from . import about

        best = (hits[0].passage.collection, hits[0].passage.article_id)
        info = about.pick_article(self.store, collections, article_id=article_id, best_article=best)
        if info is None or not fits(info):
            return None
        return about.answer_about(question, about.AboutQuestion("author", fact=True), info, self.store, self.model,
                                  top=top)

    @_storage_errors
    def paragraph(self, quote: Quote, collections: Sequence[str] = (GLOBAL,)) -> str:
        """The whole paragraph `quote` comes from, as its article writes it (the console's
        `:show`: strangers wanted to read a quote in its paragraph)."""
        with self._state, self.store.snapshot():
            info = next((i for i in (self.store.article_info(c, quote.article_id) for c in collections) if i), None)
            if info is None:
                raise ArticleNotFound(quote.article_id)
            rows = [row for row in self.store.article_passages(info.collection, info.id)
                    if row.paragraph == quote.paragraph]
            article = self.store.article(info.collection, info.id)
        if not rows or article is None:  # re-indexed meanwhile into other paragraphs
            raise ArticleNotFound(quote.article_id)
        return article.text[min(row.start for row in rows):max(row.end for row in rows)]

    @_storage_errors
    def summary(self, article: str | None = None, collections: Sequence[str] = (GLOBAL,)) -> Summary:
        from . import about, summarize

        if article is None:
            # Of the only article indexed (a new install's launch article), its own summary: a
            # digest of the latest articles gives each only two sentences.
            with self._state, self.store.snapshot():
                info, several = about.picked_article(self.store, collections)
            if info is None or several:
                return summarize.digest(self.store, self.model, collections)
        else:
            info = self.find_article(article, collections)
        return summarize.summarize(self.store, self.model, info)

    @_storage_errors
    def brief(self, article_id: str, collection: str = GLOBAL, sentences: int = 2) -> Summary:
        """A short cited digest of one article (its most central sentences), e.g. to announce it."""
        from . import summarize

        return summarize.summarize(self.store, self.model, self._info(collection, article_id), sentences)

    @_storage_errors
    def status(self) -> dict:
        """The index's part of `quotebot status` and Discord's /status (index.feeds.status adds
        the feeds'); plain JSON-able values."""
        import time

        counts = self.store.counts()
        written = self.store.get_meta("written_at")
        written_at = float(written) if written else None
        return {
            "model": self.settings.model,
            "fingerprint": self.store.get_meta("model"),
            "collections": {c: {"articles": a, "passages": p} for c, (a, p) in counts.items()},
            "articles": sum(a for a, _ in counts.values()),
            "passages": sum(p for _, p in counts.values()),
            "written_at": written_at,  # epoch seconds of the last committed index write
            "index_age": None if written_at is None else max(0.0, time.time() - written_at),
            "generation": self.store.generation(),
            # As the folders a process started here reads: a relative setting is relative to it.
            "data_dir": str(Path(self.settings.data_dir).resolve()),
            # The folder first use seeds from and the bot watches (`articles_folder`).
            "articles_dir": str(self.articles_folder().resolve()),
            "watch": self.settings.watch,
            "feed_interval": self.settings.feed_interval,
        }

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
