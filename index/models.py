"""Small frozen records passed between the pipeline stages. They carry data only: how an
answer or a summary reads (markdown, JSON with its text, a Discord embed) is the front ends'
business (`index.render`, `bot.render`), so this module imports nothing of the project."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    """One article as ingested: its full text is the reference every offset points into."""

    id: str
    title: str
    text: str
    url: str | None = None
    author: str | None = None
    published: str | None = None
    source: str = ""  # the path or URL it was read from, for messages
    publisher: str | None = None  # the publication, e.g. "Cointelegraph" (front matter `source`)


@dataclass(frozen=True)
class Sentence:
    start: int  # character offsets into Article.text
    end: int


@dataclass(frozen=True)
class Passage:
    """A citation unit: one paragraph as a reader counts it (or a piece of a long one)."""

    article_id: str
    paragraph: int  # 1-based, as a reader counts paragraphs
    start: int
    end: int
    text: str
    sentences: tuple[Sentence, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ArticleInfo:
    """An indexed article without its text: what listings and citations need."""

    id: str
    collection: str
    title: str
    url: str | None
    author: str | None
    published: str | None
    source: str
    publisher: str | None
    added_at: float
    paragraphs: int
    passages: int


@dataclass(frozen=True)
class Quote:
    text: str  # an exact substring of the article's text
    article_id: str
    title: str
    url: str | None
    paragraph: int
    score: float
    start: int = 0
    end: int = 0
    # ("he", "Robin Lovell-Badge"): whom the quote's only speaker, a he or she ('He said:
    # "…"'), is, as the article names them before it; shown beside the quote, never in it.
    said_by: tuple[str, str] | None = None

    def to_json(self) -> dict:
        found = {
            "text": self.text,
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "paragraph": self.paragraph,
            "score": round(float(self.score), 4),
        }
        if self.said_by is not None:
            found["said_by"] = {"pronoun": self.said_by[0], "name": self.said_by[1]}
        return found


@dataclass(frozen=True)
class AboutArticle:
    """Which article a question about the article itself ("who wrote this?") was answered
    from, with the details its front matter or page gave: the metadata answer when the text
    has no byline to quote, and the reader's way to see which article was picked."""

    # What was asked: "author", "publisher", "published", "url", "point", "conclusion", "criticism",
    # "people" or "disclaimer"; or "headline", for a match's score only its headline gives
    # ("Middlesbrough 2-2 Charlton"), shown as the article's citation.
    aspect: str
    article_id: str
    title: str
    url: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    # Picked as the most recently added of several articles: nothing said which ("who wrote
    # this?" asked where no article is being discussed). The answer says so.
    latest: bool = False

    @property
    def details(self) -> tuple[str, ...]:
        """Author, publisher and date as given (whitespace collapsed), those present only."""
        from .text import readable_date

        return tuple(" ".join(v.split()) for v in (self.author, self.publisher,
                                                   self.published and readable_date(self.published))
                     if v and v.strip())

    @property
    def shows_details(self) -> bool:
        """Whether the answer shows the details line: for the questions it answers. A
        point, a conclusion or a disclaimer is the article's own sentences, cited like any quote,
        unless the article was a guess (`latest`): then the line says which it is."""
        return self.latest or self.aspect not in ("point", "conclusion", "criticism", "people", "disclaimer")

    def to_json(self) -> dict:
        return {
            "aspect": self.aspect,
            "article_id": self.article_id,
            "title": self.title,
            "url": self.url,
            "author": self.author,
            "publisher": self.publisher,
            "published": self.published,
            "latest": self.latest,
        }


@dataclass(frozen=True)
class Discussion:
    """The article being discussed where a question is asked (a channel's, a console session's):
    `Engine.ask(context=...)` answers from it first."""

    article_id: str
    # Picked or announced there (True), or only quoted by the last answer or added (False). When
    # a chosen article does not answer, that is the answer ("it doesn't say"); the article of
    # the last answer may have been the wrong story, so every article is asked next.
    chosen: bool = True
    # Picked by the asker themselves (the console's `:article`), not by the channel's last
    # announcement: a decline then says "ask without picking", not "name the story you mean".
    picked: bool = False
    # The question the last answer there answered (as read): a follow-up that asks only "and
    # why?" or "how much?" is read with it (`text.with_previous`).
    asked: str | None = None
    # That answer's first quote: "who said that?" asks whose words it gives (`Engine.ask`).
    quoted: Quote | None = None
    # The last question there asking what or who something of this article is ("what is the Mac
    # mini?"): a later "it" or "he" stands for that something (`text.with_subject`), not only
    # right after it.
    subject: str | None = None
    # Every quote of that answer (`quoted` its first): "what else did he say?" quotes none of
    # them again.
    shown: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    quotes: tuple[Quote, ...]
    message: str = ""  # why nothing was quoted, when not answered
    # Set for a question about the article itself; an answer from the article's details
    # alone (no byline in its text) is answered with no quotes.
    about: AboutArticle | None = None
    # Declined: the title of the article being discussed, which alone was asked and does not say.
    declined_in: str | None = None
    # The question reads as written in another language than English (the model and the
    # spelling are English, `spelling.in_another_language`): a decline says so, and quotes found
    # all the same carry a caution (`text.ENGLISH_NOTE`).
    other_language: bool = False
    # Declined because the one article asked gives no figure of the kind the question asks
    # for ("money", "age": `AnswerTuning.decline_missing`), or no words of the one whose words
    # it asks for ("words"): the decline says so.
    missing: str | None = None
    # With `missing` "words": whom the question asked the words of, whom the article names but
    # gives no words (`AnswerTuning.decline_unquoted`).
    unquoted: str | None = None
    # Asked of one article, the names the question gives that only other articles mention, as
    # read: declined when the article uses none of the question's words ("what is Tiger?",
    # `answer.uses_none_of_its_words`), else answered with a caution (`render.elsewhere_note`).
    elsewhere: tuple[str, ...] = ()
    # Declined: asked whether the one article mentions something ("does it mention kraft?",
    # `Engine.unmentioned`), the words of it that the article never uses.
    unmentioned: tuple[str, ...] = ()
    # Declined in the article discussed, which is the only one indexed: no other story to name.
    alone: bool = False
    # A follow-up that names nothing ("and why?"), as read with the question answered before it
    # where it was asked ("why sold stam?"); None when read as typed.
    read_as: str | None = None
    # ... and that question before it, which the front ends name ("Read as a follow-up to “who
    # came up with the plan?”"): spliced, "why came up with the plan?" reads as nonsense.
    follows: str | None = None
    # `read_as` is the one part of a question of two that found an answer, the whole having been
    # declined (`engine.by_parts`): the front ends say the rest found none (a stranger read
    # "Read as “is it on tv?”" as the kickoff half silently dropped).
    partial: bool = False
    # The question's names and uncommon words that no article searched mentions at all
    # ("nvidia"). Declined: the decline says so, rather than "try other words"; answered (the
    # other words found something): the front ends caution that the quotes may not answer it.
    unknown: tuple[str, ...] = ()
    # Asked where another article is being discussed (not picked by the asker) and quoted first
    # from another article: the discussed one's title, which the front ends name above the quotes
    # (in a channel they would read as about it: `render.moved_from_note`); and whether it was
    # chosen there (announced, added, picked earlier) rather than only quoted by the last answer.
    moved_from: str | None = None
    moved_from_chosen: bool = False
    # "Who said that?": whose words the quotes give, as the article names them, verbatim
    # (`text.speaker_named`: "AC Milan defender Jaap Stam"); the front ends say it above them.
    speaker: str | None = None
    # Answered, but the confidence is low (`AnswerTuning.unsure_below`): the
    # front ends say above the quotes that the articles may not say (`render.UNSURE_NOTE`).
    unsure: bool = False
    # ... or, when the confidence is not low, because no quote holds a word of the kind the question
    # asks ("date", "number", "place", "name": `AnswerTuning.unsure_untyped`): the caution says that
    # instead (strangers read "with low confidence" above a confidence of 0.84 as contradicting it).
    unsure_kind: str | None = None
    # The best sentence's confidence, which the threshold and `unsure_below` compare (None when
    # no sentence was scored: a question about the article itself, a decline before searching).
    confidence: float | None = None
    # The first quote is the one the last answer opened with (a follow-up's "why?" answered
    # by the same sentence): the front ends say so, or it reads as the question ignored.
    repeats: bool = False

    def to_json(self) -> dict:
        """The answer's data; `index.render.answer_json` adds its markdown `text`."""
        return {
            "question": self.question,
            "answered": self.answered,
            "quotes": [q.to_json() for q in self.quotes],
            "about": None if self.about is None else self.about.to_json(),
            "speaker": self.speaker,
            "unsure": self.unsure,
            "unsure_kind": self.unsure_kind if self.unsure else None,
            "confidence": self.confidence,
            "repeats": self.repeats,
            # How the question was read when not as typed: a follow-up with the question before
            # it, or the part of a two-part question that was answered; the names no article
            # mentions (a decline says so; answered, the quotes may not answer it).
            "read_as": self.read_as,
            "follows": self.follows,
            "partial": self.partial,
            "unknown": list(self.unknown),
        }


@dataclass(frozen=True)
class Summary:
    title: str  # the article's title, or a heading for a digest
    quotes: tuple[Quote, ...]
    article_id: str | None = None  # None for a digest of several articles

    def to_json(self) -> dict:
        """The summary's data; `index.render.summary_json` adds its markdown `text`."""
        return {
            "title": self.title,
            "article_id": self.article_id,
            "quotes": [q.to_json() for q in self.quotes],
        }
