"""Pick the sentences that answer a question from the best passages, or decline.

Every sentence of the best passages is described by a handful of cheap features (its cosine
with the question, its passage's cosine and retrieval score, lexical evidence: IDF-weighted
coverage, phrase (bigram) matches, the neighbouring sentences' coverage, whether it holds a
word of the kind the question asks for that the question itself lacks, and late interaction:
how well each question token finds its match among the sentence's token vectors). A linear
model ranks the sentences; boosted trees over the best one's features (plus how rare the rarest question
word is that the searched collections never use) say how likely the articles hold the answer at
all: that is the confidence the threshold compares. A quote is the chosen
sentence, joined by an adjacent one the ranker scores nearly as well. The weights live in
`answer_weights.json`, written by `bench/fit_answer.py` (which says what they were fitted on);
no sentence is embedded at question time, its vector and token vectors were stored at index
time.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import json
import logging
import math
import re
import threading
import weakref
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Collection, Iterator, Mapping, Sequence

import numpy as np

from .about import bylines, closing_bio, is_disclaimer
from .chunk import BULLET, NUMBERED
from .models import AboutArticle, Answer, Quote
from .search import Hit
from .store import PassageRow, SentenceRow, Store
from .spelling import (ALIASES, COMMON_WORD, EVERYDAY_ACRONYMS, OTHER_WORDS, abbreviates_a_name, aliases_of,
                       country_of, english_words, figure_written_otherwise, initials_in, names_abbreviated,
                       nation_words, question_words, seats_of, spelled_out_in, writes_clipped_name)
from .text import (CHAT_FILLERS, CHAT_SPELLINGS, CLAIMED_A_PRIZE, NO_NAMES, NOT_AHEAD, OPENS_WITH_SOMEONE,
                   PRONOUN_SAYS, QUOTED_SPEECH, SAID_BY_PRONOUN, STOPWORDS, WHEN_WORDS, fts_match,
                   leans_on_something, says_pronoun, speaker_named, stem, stems, terms, without_marks, words)
from .errors import WeightsMissing
from .trees import TreeEnsemble

log = logging.getLogger(__name__)

NOT_FOUND = (
    "I couldn't find an answer to that in the indexed articles, so I won't guess. "
    "Try other words, or see which articles are indexed."
)

FEATURES = (
    "sentence_cosine",  # question . sentence vector
    "passage_cosine",  # question . passage vector
    "passage_fused",  # the passage's fused (z-scored) retrieval score
    "coverage",  # IDF-weighted share of the question's words in the sentence
    "passage_coverage",  # the same over the whole passage (with its title)
    "phrase",  # share of the question's word pairs found as pairs in the sentence
    "context",  # best coverage of the sentence before or after it in the passage
    "type_date",  # a "when" question, and the sentence holds a year, month, day or "last week" it lacks
    "type_number",  # a "how many/much" question, and the sentence holds a number it lacks
    "type_place",  # a "where" question, and the sentence holds a capitalised word it lacks
    "type_name",  # a "who" question, and the sentence holds a capitalised word it lacks
    "type_reason",  # a "why" question, and the sentence gives a cause ("because", "blamed")
    "type_definition",  # a "what is X / what does X mean" question, and the sentence defines
    "type_list",  # a "which films are… / what kinds of… / who else" question, and the sentence lists
    "novelty",  # share of the sentence's words the question lacks (restating scores low)
    "passage_rank",  # 1 / (1 + rank of the passage among the hits)
    "rare_coverage",  # share of the question's rarest word weights present in the sentence
    "passage_rare",  # the same over the whole passage (with its title)
    "length",  # log of the sentence's word count
    "previous_coverage",  # coverage of the quotable sentence before it in the passage
    "next_coverage",  # ... and of the one after it
    "with_previous",  # coverage of it and the sentence before together (the question's words
    "with_next",  # are often in one sentence, the answer in the next)
    # Late interaction over the model's token vectors (stored per sentence at index time, the
    # question's come with its embedding): each question token's best match in the sentence.
    # Paraphrase-aware where coverage needs the same stem, and local where the sentence vector
    # averages everything.
    "late_match",  # mean over question tokens of their best match
    "late_weakest",  # the mean of the weaker half: every part of the question is there
    "late_unmatched",  # share of the sentence's tokens no question token matches (> 0.5)
    "passage_late",  # late_match over all the passage's sentences
    # The article as a whole: readers ask about an article after its headline, so the answer
    # often sits in a paragraph that shares few words with the question, in the article whose
    # headline and best paragraphs do.
    "article_score",  # the best fused score of the article's passages among the hits
    "article_rank",  # 1 / (1 + rank of the article by that score)
    "with_title",  # coverage of the sentence and its headline together ("he" named there)
    "lead",  # 1 / paragraph number: news puts the point first
    "expanded",  # the passage was not among the best hits, only its article was
    # What the question names that the quote lacks: a question about the article's own people
    # and things that it never answers ("who founded it?" when no founder is named) still
    # names one of them that the best passage does not hold.
    "passage_missing",  # IDF (/ the index's largest) of the rarest question term absent from the passage
    "sentence_missing",  # ... absent from the sentence and its neighbours
    # Asked of one article (in the channel discussing it), `lead` again, 0 otherwise: there the
    # reader has seen the headline and first paragraph, and asks what they do not say.
    "lead_in_article",
)
_KINDS = ("date", "number", "place", "name", "reason", "definition", "list")
_KIND_COLUMNS = [FEATURES.index(f"type_{kind}") for kind in _KINDS]
# The confidence model also reads the sentence's ranking score and its margin over the best
# other sentence (negative for all but the best).
# It also reads the best passage cosine among the hits, how many distinct terms the question
# has (short questions match anything a little), and the IDF of the rarest question word that
# no passage of the searched collections holds (0 when all are there): a question about what
# these articles never mention names something they lack. Not raw BM25: its scale moves with
# the size of the whole index, and with it every confidence.
# And whether the question was asked of one article (picked, or the one a channel discusses):
# there every candidate is from the right story, and a loose match means the story does not say.
CONFIDENCE_FEATURES = FEATURES + ("rank_score", "margin", "best_dense", "question_terms", "unseen_rarity",
                                  "kind_missing", "one_article")
WEIGHTS_FILE = Path(__file__).with_name("answer_weights.json")

# The hand-set scoring before the fitted model: `quotebot eval`'s comparison row only.
HAND_SET_RANK = {"sentence_cosine": 1.0, "passage_cosine": 0.6, "coverage": 0.35, "passage_fused": 0.05}
HAND_SET_CONFIDENCE = {"sentence_cosine": 1.0, "passage_cosine": 0.6, "coverage": 0.35}
HAND_SET_THRESHOLD = 0.65  # = a sum of 0.62 through the logistic function


@lru_cache(maxsize=4)
def read_weights(path: str) -> dict:
    """A weights file as written by bench/fit_answer.py, or {} when there is none (the
    evaluation's optional folds file)."""
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def checked_weights(path: Path | str) -> dict:
    """A weights file (the format bench/fit_answer.py writes), checked: its absence or damage is
    WeightsMissing, never a silent fallback to other weights."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise WeightsMissing(path, error.strerror or type(error).__name__) from None
    except ValueError as error:
        raise WeightsMissing(path, f"not valid JSON: {error}") from None
    try:
        for kind, names in (("rank", FEATURES), ("confidence", CONFIDENCE_FEATURES)):
            weights = data[kind]["weights"]
            unknown = set(weights) - set(names)
            if unknown:
                raise ValueError(f"{kind} weights for unknown features {sorted(unknown)}")
            [float(v) for v in weights.values()]
        float(data["threshold"])
        if "trees" in data["confidence"]:
            TreeEnsemble.from_json(data["confidence"]["trees"])
    except (KeyError, TypeError, ValueError) as error:
        raise WeightsMissing(path, f"incomplete or damaged: {error}") from None
    return data


@lru_cache(maxsize=1)
def _shipped_weights() -> dict:
    return checked_weights(WEIGHTS_FILE)


def weight_vector(weights: dict[str, float], names: Sequence[str]) -> np.ndarray:
    return np.asarray([float(weights.get(name, 0.0)) for name in names], dtype=np.float64)


def _shipped(kind: str) -> tuple[tuple[float, ...], float]:
    names = FEATURES if kind == "rank" else CONFIDENCE_FEATURES
    data = _shipped_weights()[kind]
    return tuple(weight_vector(data["weights"], names)), float(data.get("bias", 0.0))


@lru_cache(maxsize=1)  # read once: every AnswerTuning() shares the (never mutated) arrays
def _shipped_trees() -> TreeEnsemble | None:
    data = _shipped_weights()["confidence"]
    return TreeEnsemble.from_json(data["trees"]) if "trees" in data else None


def _default_threshold() -> float:
    return float(_shipped_weights()["threshold"])


@dataclass(frozen=True)
class AnswerTuning:
    # Best passages whose sentences compete (asked of one article, all of its passages do). 8
    # until the thirteenth session: 12 put the right article's sentence among them for more
    # reader questions asked cold (README, "What was fitted on what"); 16 did no better there.
    passages: int = 12
    # ... with every passage of the best `articles` articles (by their best passage's score).
    # Measured and off: 2 changed no reader or launch figure by more than one question and
    # cost a third of the pipeline's time (README, "What the readers work added").
    articles: int = 0
    min_words: int = 4  # shorter sentences (headings, "For control.") are never quoted alone
    per_passage: int = 2  # the first two quotes may share a paragraph; later ones cite new ones
    # A quote takes in the next or previous sentence of its paragraph when the ranker scores
    # that one nearly as well (within `join`): the question's words are often in one sentence
    # and the answer in the next ("... Langlade. Langlade was given 300 men"), and the reader
    # needs both. None quotes single sentences only.
    join: float | None = 1.0
    join_max_words: int = 80
    # A when/how-many/where/who question whose chosen sentence holds no date, number or name
    # it lacks takes in an adjacent sentence that does, however the ranker scores it: the
    # reader asked for that word.
    join_typed: bool = True
    # A quote opening with he, she or they ("He added: 'While we will review…'") takes in the
    # sentence before it in its paragraph, which says who (within join_max_words): alone it
    # reads as the words of whoever the reader asked about.
    join_speaker: bool = True
    # ... and so does one opening with it or its ("It has a catalogue of 60,000 songs."), or with
    # "this" or "that" going on with a verb ("This is likely to be in response to spammers…"):
    # alone it reads as the thing the reader asked about.
    join_it: bool = True
    # ... and so does one opening with "the" and a word that stands for something named before it
    # ("The group is also…", "The 29-year-old said…", "The deal values…", "Such a move would…"):
    # alone it reads as whatever the reader asked about (a stranger's quote opening "The group is"
    # never said which).
    join_the: bool = True
    # ... and so does one whose words are said by he, she or they ('"We are turning the corner…,"
    # she said.'), or that only says whose words came before ("Or so says Home Secretary Charles
    # Clarke."): a stranger's "who said 'we are turning the corner'?" got the quote without Ms
    # Hutt's name. No reader-set or SQuAD figure moved but words a quote (up to +0.5).
    join_said: bool = True
    # ... and so does one that begins inside a quotation, its first quotation mark closing one
    # opened before it ('Our asylum system is being abused - and with it Britain's generosity."
    # Earlier this week…'): a stranger read its stray mark and half a speech as garbled. One
    # ending inside a quotation it opens takes in the next sentence when that one closes it.
    join_quotation: bool = True
    # A question asking someone's words ("what did neeson say about the theatre?"): a sentence
    # giving theirs takes in no neighbour naming another speaker, however the ranker scores it (a
    # stranger read 'Lyric chairman David Johnston has said… Mr Neeson said…' as Johnston's).
    join_one_speaker: bool = True
    # A bare list of names, a match report's team sheet ("Cech, Ferreira, Carvalho, Terry, …"), is
    # quoted only for a question asking a side, its captain or any list (`asks_for_a_side`): strangers got
    # one as a second or third quote about 60 times in their sets, never one answering, and once,
    # at 0.86, as the answer to "who do hearts play in the semis?". Dropped from the candidates
    # before anything is decided, as a closing bio line is (`_without_closing_bio`).
    team_sheets: bool = False
    # Asked of one article (picked, or the one a channel discusses), a question asking for a
    # sum of money ("how much did they pay?") that the article never gives is declined, however
    # well a sentence about paying matches: that is the story not saying. Which kinds
    # (`number_unit`), "+"-separated. An age asked of "the bridge" or "it" may be answered
    # "opened in 1890": there a year counts too (`_AGE_OF_SOMEONE`).
    decline_missing: str = "money+age+score"
    # ... and so, with every article asked, when none of the articles of the best sentences
    # (COLD_MISSING_HITS) gives that kind (README: measured on the fitting reader set, then on
    # the held-out ones).
    decline_missing_cold: bool = True
    # ... and a question asking what someone the article names said or thinks ("has domecq said
    # anything?"), when no sentence of it holds that name with words said or a quotation mark:
    # the story gives that one no words (`_gives_no_words`).
    decline_unquoted: bool = True
    # ... and so, with every article asked, when none of the articles of the best sentences
    # (COLD_MISSING_HITS) names that one at all, while another article does (a stranger's cold
    # "what did samsung say about domestic demand" was quoted a story naming no Samsung).
    decline_unquoted_cold: bool = True
    # Asked of one article, a quote from its first paragraph is never the first of several
    # (`_lead_after`): the reader has read it.
    lead_after: bool = True
    # ... unless the question asks for a sum, an age, a share or a span of time (`_FIRST_UNITS`)
    # that the lead gives and the quote after it does not: a stranger's "how old was he?" got a
    # paragraph on the actor's funerals first, "…found dead at the age of 87" second.
    lead_kept_for_unit: bool = True
    # ... and so for a when-question, the lead giving a date (not the question's) before a quote
    # giving none: strangers' "when is the final being played", "what day is the visit" got a
    # sentence with no date first and the lead's "…in the final of the SAP Open on Sunday" second
    # (`_date_given`).
    lead_kept_for_date: bool = True
    # ... and for "who is X?", the lead saying what X is ("…split from coach Brad Gilbert") when no
    # other sentence does, first: a stranger's "who is brad gilbert anyway" got Roddick's words
    # naming him first, the lead second (`_describer_first`, `_description_given`).
    lead_kept_for_description: bool = True
    # Where the lead may come first (not read: an article picked by name, or none asked), a
    # why-question's quote from the lead that gives no sign of a reason goes after the next quote
    # from the same article giving one (`_cause_first`): strangers' "why was harinordoquy
    # dropped?" got the lead saying he was dropped, the reason second.
    cause_first: bool = True
    # A question for someone's words gets first the best sentence giving them (`_speaker_first`),
    # rather than one that only names them.
    speaker_first: bool = True
    # A yes-or-no question about what is to come ("will he be fit?") is declined when its first
    # quote speaks of nothing ahead or possible (`_LOOKS_AHEAD`): a past fact is no answer.
    # (Putting such a sentence first instead answered nearly every one: "could" is everywhere.)
    decline_unforeseen: bool = True
    # Asked of one article, "what was the score?" gets first the best sentence holding one (a
    # full-time one unless half-time is asked: `_score_first`), rather than one about the scoring.
    score_first: bool = True
    # A question for a sum, a share, a span of time or the age of a he, she or they (`asked_unit`)
    # gets first the best sentence of the best one's article holding one (`_unit_first`): a
    # stranger's "how much is the rebate?" got an official's "two and a half times more than
    # France" before the "£3bn rebate".
    unit_first: bool = True
    # Among those, first the best holding every word of the question, one of them beside the
    # figure ("how much did they pay for it?": "Baikal paid 260.75bn roubles", not "owes more than
    # $27bn in taxes" scored above it; `_beside_asked`).
    unit_beside: bool = True
    # "what's the album called?", "what's the name of the scheme?": the best sentence of the best
    # one's article that gives a name for it ("album The College Dropout", "a virus called Bofra")
    # first, when the best gives none (`_name_first`): strangers' got the lead saying "an
    # international scheme" before the scheme's name.
    name_first: bool = True
    # "what does 3g stand for?": the best sentence spelling it out ("third generation (3G)", "The
    # UK Independence Party") first; asked of one article that spells it out nowhere, declined
    # (`_spelt_first`; a stranger's got three sentences using "3G" and "Cebit" quoted confidently).
    spelt_out: bool = True
    # Asked of one article, quotes for a question naming what no article mentions, a name and no
    # English word ("what happens to khodorkovsky now?"), are declined (`Engine.nowhere_noted`).
    decline_nowhere: bool = True
    # "who are the two men?": a sentence naming "the other two men" (or "three other councillors")
    # says they are not the ones asked, so the best one not saying so goes first (`_others_after`:
    # strangers' got the other two named, confidently).
    others_after: bool = True
    # "who did the survey?", "who wrote the report?": the best sentence of the best one's article
    # naming who made the study ("a poll for mobile firm Intervoice", "Produced by Jupiter
    # Research the analysis…") first, when the best names none (`_maker_first`): readers' got a
    # sentence of what the report found.
    maker_first: bool = True
    # "who is mary robinson?": the best sentence of the best one's article saying what the one named
    # is ("The former UN commissioner for human rights and Irish president told…" after the sentence
    # naming her, "former Irish president Mary Robinson", "Robinson, the former…") first, when the
    # best says none (`_describer_first`): a stranger's got her words on the ruling first.
    describe_first: bool = True
    # "who's the chancellor?", "who is the wales coach?": the best sentence of the best one's article
    # naming whoever holds the role ("Chancellor Gordon Brown", "Wales coach Mike Ruddock"; not a shadow
    # or a former one) first, when the best names none (`_holder_first`).
    holder_first: bool = True
    # Ranking weights (FEATURES order) and the confidence model: boosted trees when
    # answer_weights.json has them, else a logistic regression (CONFIDENCE_FEATURES order).
    rank_weights: tuple[float, ...] = field(default_factory=lambda: _shipped("rank")[0])
    confidence_trees: TreeEnsemble | None = field(default_factory=_shipped_trees)
    confidence_weights: tuple[float, ...] = field(default_factory=lambda: _shipped("confidence")[0])
    confidence_bias: float = field(default_factory=lambda: _shipped("confidence")[1])
    # Declines when the best quote's confidence falls below this; QUOTEBOT_ANSWER_THRESHOLD
    # overrides it. A quote standing in for the best (one that only echoed the question), or put
    # before the lead (`lead_after`), needs `follow` times it.
    threshold: float = field(default_factory=_default_threshold)
    follow: float = 0.8
    # ... and the second and third quotes `second_opinions` times it: 0 since the fourteenth
    # session (was `follow`'s 0.8). Once the first quote is confident enough, the next-best
    # sentences are worth showing however unsure the trees are of them: the right one was among
    # them more often, on every reader set in a channel and on SQuAD (README, "Reader questions").
    second_opinions: float = 0.0
    # A later quote from another article than the first's needs its paragraph or headline to
    # hold one of the question's rarest words (the `passage_rare` feature): "how old is dougray
    # scott?" got the age of a rugby player ("The 31-year-old former Dublin milkman") third, and
    # "has enrico bondi been arrested?" a James Bond story. Requiring every question word the
    # first quote's paragraph holds instead lost 11 right quotes within three of 861 on the
    # held-out reader sets asked cold; this one lost 1.
    other_articles_rare: bool = True
    # ... and its paragraph or headline must hold this share of the question's words that the
    # first quote's paragraph holds: "who won the australian open?" got Qantas's "The Australian
    # newspaper" third, "how many users does deepseek have?" a Skype story's users (where "users"
    # is rarer than "deepseek"). On the held-out reader sets asked cold, 2 right quotes within
    # three fewer of 861 (all of them: 11), `$EVAL/readers` one more; 29 quotes from other
    # stories were replaced on the fitting sets.
    other_articles_share: float = 0.5
    # An answer whose confidence (its best sentence's) is under this says it is unsure, above the
    # quotes ("the articles may not say"): strangers read confident-looking quotes for questions
    # the articles never answer. The highest level at which, on the fitting reader sets
    # (`$EVAL/readers`, `bench/readers-train`, `bench/readers-says`; cold and in a channel
    # pooled), at least half of the answers under it were to questions the articles do not
    # answer: there 0.52 were, 0.33 more had a wrong first quote, 0.15 a right one (4% of the
    # right first quotes get the caution; `bench/unsure.py`). Above the threshold, or it would
    # never show.
    unsure_below: float = 0.40
    # ... and so does one to a when / how many / where / who question none of whose quotes holds
    # a date, number, place or name of the kind asked (the question's answer-type evidence: a
    # stranger's "who is the ceo of deepseek?" got three confident sentences naming no one).
    unsure_untyped: bool = True

    @classmethod
    def from_file(cls, path: Path | str, **overrides) -> "AnswerTuning":
        """The tuning a weights file (the format bench/fit_answer.py writes) gives, e.g. a copy
        pinned by the tests so that refitting the shipped file cannot change their quotes."""
        data = checked_weights(path)
        rank, confidence = data["rank"], data["confidence"]
        values = dict(
            rank_weights=tuple(weight_vector(rank["weights"], FEATURES)),
            confidence_trees=TreeEnsemble.from_json(confidence["trees"]) if "trees" in confidence else None,
            confidence_weights=tuple(weight_vector(confidence["weights"], CONFIDENCE_FEATURES)),
            confidence_bias=float(confidence.get("bias", 0.0)),
            threshold=float(data.get("threshold", HAND_SET_THRESHOLD)),
        )
        values.update(overrides)
        return cls(**values)


@dataclass(frozen=True)
class ScoredSentence:
    row: SentenceRow
    hit: Hit
    score: float
    known: float | _Confidences  # its confidence, or where it is found when first read (`rank`)
    features: np.ndarray | None = None
    position: int = 0  # its index among all its passage's sentences (adjacency)
    rank: int = 0  # its place among the question's candidates, best score first

    @property
    def confidence(self) -> float:
        known = self.known
        return known if isinstance(known, float) else known[self.rank]


class _Confidences:
    """One question's candidates' confidences, in score order, the trees walked only when one
    is first read. Choosing the quotes reads the best few and their neighbours: the best
    `first` are walked together and the rest only if one of them is read, which spares most
    of a question's tree walks (one walk is a few numpy calls per tree level over every row).
    A row's confidence is the same float whichever rows are walked with it: each is the sum of
    its own trees' leaves."""

    def __init__(self, inputs: np.ndarray, tuning: AnswerTuning, first: int = 8):
        self._inputs, self._tuning, self._first = inputs, tuning, first
        self._known: list[float] = []

    def __getitem__(self, rank: int) -> float:
        if rank >= len(self._known):
            end = self._first if rank < self._first else len(self._inputs)
            self._known += confidence(self._inputs[len(self._known) : end], self._tuning).tolist()
        return self._known[rank]


# question analysis --------------------------------------------------------------------------
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand million billion trillion dozen dozens hundreds
    thousands millions billions half quarter percent""".split())
# A word giving a year or a decade ("2004", "1990s"); _YEAR below finds years in running text.
_YEAR_WORD = re.compile(r"^(1\d{3}|20\d{2})s?$")
# What says when, besides a year: a month ("may" only capitalised: the verb is everywhere), a
# weekday, a day or a time of day, or a time said relative to now ("last week", "ago"). Any other
# number is an amount: "$6 million" does not say when.
_COUNT = r"(\d+|a few|a couple of|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|few|several|couple of)"
_WHEN = re.compile(
    r"\b(january|february|march|april|june|july|august|september|october|november|december|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|yesterday|tomorrow|tonight|ago|"
    r"decades?|century|centuries|\d{1,2}(st|nd|rd|th)|\d{1,2}(:\d\d)? ?[ap]\.?m\.?|\d{1,2}:\d\d)\b|"
    r"\b(last|next|this|previous|following|coming|past|same|that|earlier|later) "
    r"(year|week|month|season|summer|winter|spring|autumn|weekend|night|morning|afternoon|evening|decade)\b|"
    r"\b(years?|months?|weeks?|days?|hours?|decades?) (earlier|later|before|after|previously)\b|"
    # A span counted from now: "in the next two to three months", "within six weeks", "over the
    # past three years", "in the coming months".
    rf"\b(last|next|past|coming|following|previous|within|in) (the )?({_COUNT}( (to|or) {_COUNT})? )?"
    r"(years|months|weeks|days|decades|seasons)\b",
    re.I)
_MAY = re.compile(r"\bMay\b")
_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"\b[A-Z][\w'’-]*")
# How a sentence says what something is: "X is a ...", "X, a ...", "Latin for", "known as".
_DEFINES = re.compile(r"\b(is|are|was|were) (a|an|the|one of)\b|, (a|an|the) |\b(means|meaning|refers? to|known as|"
                      r"called|stands? for|short for|\w+ for \"|defined as)\b", re.I)
# An enumeration: "sofas, chairs, pictures, beds and memorabilia", or three short items with
# commas alone ("Names like Tao, Virtuals (Base), AI16Z (Solana) have launched…").
_ENUMERATES = re.compile(r"[^\W_][^,;:.?!]{0,40}, [^\W_][^,;:.?!]{0,40},? (and|or) [^\W_]|"
                         r"[^\W_][\w'’()-]*( [\w'’()-]+){0,2}, (?!(which|who|whom|whose|that|where|when|while|"
                         r"although|though|but|and|or|as|if|because|so|the|a|an|it|he|she|they|we)\b)"
                         r"[^\W_][\w'’()-]*( [\w'’()-]+){0,2}, [^\W_]", re.I)
# Words that give a cause or a motive: what a "why" question asks for.
_CAUSE = re.compile(r"\b(because|due to|owing to|thanks to|as a result|result(ed|s)? (of|from)|blam(e|ed|es|ing)|"
                    r"caus(e|ed|es|ing)|led to|leading to|in order to|so that|reasons?|driven by|"
                    r"fears? (of|that)|concerns? (about|over|that)|worried|wants? to|aims? to|hopes? to)\b", re.I)


# ... and, for whether a quote may already give the reason asked for next, the looser signs of
# one ("…tumbled on the back of jobs data", "after", "amid", "over": a review's find).
_REASON_SIGN = re.compile(r"\b(?:after|amid|following|over|on the back of|in the wake of|since|means?|meant|"
                          r"sent|prompt(?:ed|s|ing)?|spark(?:ed|s|ing)?|trigger(?:ed|s|ing)?|fuel(?:l?ed|s|l?ing)?)\b",
                          re.IGNORECASE)


def gives_a_cause(text: str) -> bool:
    """Whether `text` may give a reason for something (`_CAUSE`: "because", "due to", "led to"…,
    or a looser sign of one: "after", "amid", "on the back of"…)."""
    return _CAUSE.search(text) is not None or _REASON_SIGN.search(text) is not None


# "what's the score with the smoking ban?" asks what is going on; not "…on Sunday", "…on
# aggregate", "…over the two legs", "…with ten minutes left" (a review's finds).
_SCORE_IDIOM = (r"(?! (?:with|on|about|over|regarding) (?!aggregate|the night|the day|the two legs|\d|\w+ minutes|"
                r"(?:mon|tues|wednes|thurs|fri|satur|sun)day))")

_TYPE_PATTERNS = (
    ("date", re.compile(r"\b(when|what (year|years|date|day|month|century|decade|time|period|era)|"
                        r"which (year|years|date|day|month|century|decade)|how long ago|since when)\b")),
    ("number", re.compile(r"\b(how (many|much|long|far|old|large|big|tall|high|wide|often|fast|deep|heavy)|"
                          r"what('?s| is| was| were)? (the )?(final |half-time |full-time )?(score|scoreline)"
                          rf"{_SCORE_IDIOM}|"
                          r"what (percentage|percent|proportion|number|amount|fraction|size|age|"
                          r"population|temperature|speed|distance|cost|price)|"
                          r"(which|what) (rank|ranking))\b")),
    ("place", re.compile(r"\b(where|what (country|city|state|town|place|region|county|continent|nation|"
                         r"island|river|location|area)|which (country|city|state|town|place|region|"
                         r"county|continent|nation|island|river))\b")),
    ("reason", re.compile(r"\b(why|how come|for what reason|what (is|was|are|were) the reasons?|"
                          r"what('s| is| was) (behind|causing|the cause)|what (caused|causes|led to))\b")),
    # Several things asked for: "which films are getting the buzz?", "what kinds of gifts…",
    # "who else is in the house?" (a plural noun right after which/what, then its verb).
    ("list", re.compile(r"\b(what|which) (kinds?|sorts?|types?) of\b|\b(who|what) else\b|"
                        r"^((so|and|but) )?(what|which) (?!(is|was|has|does|this|his|its|us)\b)([a-z-]+ ){0,2}"
                        r"[a-z-]{3,}(?<!s)s (are|were|do|does|did|has|have|will|would|can|could)\b")),
    ("name", re.compile(r"\b(who|whom|whose|what (is the name|was the name|name|team|company|"
                        r"organization|person|group|man|woman|king|president|leader)|which (team|company|"
                        r"organization|person|group|man|woman|king|president|leader|party))\b")),
    ("definition", re.compile(r"^(so |and )?what('s| is| are| was| were) (a |an |the )?(?!(he|she|it|they|this|that)\b)"
                              r"[\w'-]+( [\w'-]+){0,2}\??$|"
                              r"\b(what does [\w' -]{1,40} (mean|stand for)|meaning of)\b")),
)


_TYPED_KINDS = frozenset({"date", "number", "place", "name"})  # kinds a single word answers (`unsure_untyped`)


# "how old was she when she died?", "where was blair when he said it?": a "when" opening a
# clause after the question's own asking word, not a second question ("who signed it and when?",
# "who does federer play next, and when?").
_CLAUSE_WHEN = re.compile(r"(?<!\band )(?<!\bor )(?<![,?.!;&/])(?<![,?.!;&/] )\bwhen\b(?!\W*$)")
# ... and that asking word opening the question ("what did the minister who resigned say when he
# left?" asks nothing of "who": a review's find).
_OPENING_ASK = re.compile(r"\W*(?:(?:so|and|but|ok|okay)\W+)?")
# ... but "did he say when it opens?", "do we know when…" ask when.
_ASKED_WHEN = re.compile(r"\b(?:say|said|says|tell|told|know|knows|known|reveal|revealed|announce|announced|mention|"
                         r"mentioned|explain|explained|indicate|indicated|specify|specified|confirm|confirmed|"
                         r"decide|decided|give|gave|given|set|clear|idea|word)\s+(?:us\s+|yet\s+|exactly\s+)?$")
_YES_NO_OPENING = re.compile(r"(?:is|are|was|were|am|do|does|did|will|would|can|could|should|shall|has|have|had|"
                             r"may|might|must|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|won't|wouldn't|"
                             r"can't|couldn't|hasn't|haven't)\b")


def question_type(question: str) -> str | None:
    """What kind of word answers the question: 'date', 'number', 'place', 'name' or None."""
    text = " ".join(question.casefold().split())
    for kind, pattern in _TYPE_PATTERNS:
        found = pattern.search(text)
        if found is None:
            continue
        if kind == "date" and found.group() == "when" and _CLAUSE_WHEN.match(text, found.start()):
            # a strangers' "how old was she when she died?" was quoted a sentence with a date
            # and none with her age; the kind asked before the clause is the question's.
            opening = _OPENING_ASK.match(text).end()
            if (found.start() > opening and _YES_NO_OPENING.match(text, opening)
                    and not _ASKED_WHEN.search(text[:found.start()])):
                # "will camilla become queen when charles is king?" asks yes or no (a stranger's
                # right answer was cautioned as giving no date)
                continue
            earlier = [(other.start(), other_kind) for other_kind, other_pattern in _TYPE_PATTERNS
                       if other_kind != "date" and (other := other_pattern.search(text[:found.start()]))
                       and other.start() <= opening]
            if earlier:
                return min(earlier)[1]
        return kind
    return None


# Which number a "number" question asks for, where it says: any figure is no answer to "how
# old is he?" or "how much did they pay?" ("130,000 tickets" is not a price). Only words that
# leave no doubt: "how much did sales rise?" may want a share or a sum, "how much weight did he
# lose?" neither, "how long is the bridge?" a length; those stay any number.
_MONEY_WORDS = (r"cost|costs|costing|pay|paid|paying|pays|spend|spent|spending|worth|price|prices|priced|charge|"
                r"charged|charging|fee|fees|money|earn|earned|earns|earning|salary|wage|wages|fine|fined|"
                r"invest|invested|investment|bid|offer|offered|valued|cash|budget|funding|compensation|"
                r"debt|debts|owe|owed|owes|bill|bonus|bonuses|payout|profit|profits|revenue|turnover|tax|taxes|"
                r"tickets?|damages|settlement|award|awarded|prize|loan|loans|grant|grants|ransom|rent|subsidy|"
                r"subsidies|donation|donations|donated|sponsorship|rebate|rebates|refund|refunds|levy|levies|"
                r"pension|pensions|fare|fares|dividend|dividends|royalties|premium|premiums|allowance|allowances")
# "How much more will it cost?" may be answered "twice as much" or "20% more", "how much did
# profits fall?" "20%": a change, not a sum.
_NOT_MONEY = re.compile(r"\bhow much (time|weight|longer|further|of|more|less|cheaper|higher|lower|bigger|smaller)\b|"
                        r"\bspend(ing)? (time|the night|the day)\b|\b(rise|rises|rose|risen|rising|fall|falls|fell|"
                        r"fallen|falling|grow|grows|grew|grown|growing|increase|increased|increases|decrease|"
                        r"decreased|drop|drops|dropped|jump|jumped|climb|climbed|slump|slumped|shrink|shrank|"
                        r"shrunk|go up|gone up|went up|go down|gone down|went down|cut|boost|boosted|change|changed)\b")
_UNIT_PATTERNS = (
    ("age", re.compile(r"\bhow old\b|\bwhat age\b|\b(his|her|their) age\b")),
    # "what was the score?", not "how many goals did he score?"
    # ... not "what's the score with the smoking ban?" (what is going on: a review's find)
    ("score", re.compile(rf"\b(the|final|half-time|full-time) score\b{_SCORE_IDIOM}|\bscoreline\b")),
    ("percent", re.compile(r"\bwhat (percentage|percent|proportion|share|fraction)\b")),
    ("duration", re.compile(r"\bhow long (did|does|do|has|have|had|will|would|can|could|should|must|until|till|"
                            r"before|are|were)\b|\bhow long'?s (it|he|she|that|this) (been|going|gonna|taking|lasting)\b|"
                            r"\bhow long\b.*\b(last|lasts|lasted|take|takes|took|run|runs|ran|stay|stayed|serve|"
                            r"served|wait|waited|been)\b|"
                            # "how long is she banned for?", "how long is the ban?" (a stranger's was
                            # quoted the race's date); not "how long is the bridge?"
                            # (after whom or what, not after "the": "the planned tunnel" is a length; a
                            # review's find)
                            r"\bhow long( is|'s| was| are| were) (?!(?:the|a|an|his|her|their|its|this|that|my|"
                            r"our|your) )[\w'-]+( [\w'-]+){0,2}? (\w{3,}ed|out|away|gone|off|shut)\b|"
                            r"\bhow long( is|'s| was| are| were) (the|his|her|their|its|this|that) [\w'-]+( [\w'-]+)? "
                            r"(\w{3,}ed|out|away|gone|off|shut)\b|"
                            r"\bhow long( is|'s| was) (the|his|her|their|its) ([\w-]+ )?(ban|sentence|suspension|"
                            r"contract|deal|delay|wait|lease|term|strike|closure|loan|lay-?off|absence|spell|stint)\b")),
    ("money", re.compile(rf"\bhow much\b.*\b({_MONEY_WORDS})\b|"
                         # "how much were pompey offering him" (a stranger's was quoted his years at
                         # Coventry); not "how much storage is google offering" (a review's find)
                         r"\bhow much (is|are|was|were|did|does|do|will|would|has|have|had) ([\w'-]+ ){1,3}?"
                         r"(offering|offer|offers|bidding|bid)\b|\bhow much (is|was|are|were|does|did|do|will|would) "
                         rf"(it|they|that|this|he|she)( \w+)? (cost|pay|worth|go for|sell for|fetch)\b|"
                         r"\bwhat (is|was|are|were|'s)? ?(the )?(cost|price|fee|bill|salary|budget)\b|"
                         r"\bwhat (did|does|will|would) (it|they|that|this|he|she)( \w+)? (cost|pay)\b|"
                         # "how much did he make from selling the shares?" (a stranger's was quoted a
                         # story giving no sum); not "how much difference did it make?", nor what is
                         # gained or lost (points, seats, a share: a review's find)
                         r"\bhow much (did|does|do|will|would|has|have|had|could|can) ([\w'-]+ ){1,3}?"
                         r"(make|made|making|raise|raised|raising|sell for|sold for)\b|"
                         # "how much was his bail set at?" (a stranger's was quoted other men "freed on
                         # bail"); not "how much jail time does he face now he is on bail?"
                         r"\bhow much (is|was|were|are|will|would) (his|her|their|the) bail\b|"
                         # "how much is apple suing them for?" (a stranger's was quoted a story giving
                         # no sum); not "how much did sue gray know?" (a review's find)
                         r"\bhow much (is|are|was|were|did|does|do|will|would|has|have) ([\w'-]+ ){1,3}?"
                         r"(suing|sue|sued|seeking|claiming)( [\w'-]+){0,3} for\b")),
)


# "whats the transfer fee for weir?", "what is his salary?": a sum asked for in so many words,
# though not as "how much" (a stranger's was quoted a story giving no sum at all).
_WHAT_SUM = re.compile(
    r"\bwhat(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were|\s+will\s+be|\s+would\s+be)?\s+(?:the\s+|his\s+|her\s+|their\s+|"
    # one word of its kind ("the transfer fee"), not a cost that is no sum ("the human cost of the
    # floods": a review's find)
    r"its\s+)?(?:(?!(?:human|social|environmental|political|emotional|real|personal|true|moral|hidden|health|"
    r"psychological|physical)\b)[\w'’-]+\s+)?(?:cost|price|fee|salary|wages?|pay|prize\s+money|price\s+tag)\b"
    # not a change or a dispute over one ("what's the pay gap?" may be a share)
    r"(?!-|\s+(?:rises?|gap|cuts?|freeze|deals?|increases?|disputes?|talks|wars?|cutting|savings?|index|"
    r"inflation|of\s+living|structure|policy|policies))", re.IGNORECASE)


# "How old is she / is the bridge?", unlike "what age can they retire?" or "how old do you have
# to be…" (a threshold, often a bare number). Asked of he/she/they, only an age answers; of a
# name or a thing ("Leeds", "their ground", "it": the words do not say which), a year may too
# ("founded in 1919").
_HOW_OLD = re.compile(r"\bhow old (is|was|are|were|'s|will|would)\b")
# A role after up to two words of whose it is ("the finance minister", "the scotland captain");
# a person's kin or plight only straight after "the" ("the game boy" is a product's: a review's find).
_AGE_OF_SOMEONE = re.compile(r"\bhow old (is|was|are|were|'s|will|would) (?:(he|she|they|him|her|them)\b|"
                             r"the (?:(?:[\w'-]+\s+){0,2}?(?:minister|secretary|chancellor|leader|referee|governor|"
                             r"mayor|bassist|guitarist|drummer|singer|vocalist|keyboardist|frontman|striker|player|"
                             r"actor|actress|boss|manager|coach|captain|chairman|director|presenter|winner|champion|"
                             r"star|ceo|chief\s+executive|founder|owner|president|artist|sculptor|painter|musician|"
                             r"author|writer|designer|rapper|comedian|novelist|boxer|golfer|athlete|sprinter|jockey)|"
                             r"victim|suspect|defendant|man|woman|boy|girl|mother|father|son|daughter|wife|husband|"
                             r"child|baby|kid)(?:\s+now)?\W*$)")
# "how old is gordon brown": whose age, the words up to the question's end.
_HOW_OLD_IS = re.compile(r"\bhow old (?:is|was|are|were|'s|will|would) (?:the |a |an )?([\w' .-]+?)\W*$")
_HONORIFICS = r"(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Prof|Professor)\.?"
# A capitalised word that is no first name: a determiner ("The company said", "The Chancellor").
_NO_DETERMINER = r"(?!(?:The|A|An|This|That|Its|Their|His|Her|Our)\b)"


def _whose_age(text: str) -> tuple[re.Match | None, list[str]]:
    """For "how old is X?" (`text` casefolded), the match of X (`_HOW_OLD_IS`) and its words that
    may name someone: no function word, no figure."""
    whose = _HOW_OLD_IS.search(text)
    return whose, [] if whose is None else [w for w in words(whose.group(1)) if w not in STOPWORDS and w.isalpha()]


def _a_person_asked(named: Sequence[str], rows: Sequence[PassageRow]) -> bool:
    """Whether the article of `rows` writes the name asked (`named`, its words) as a person's:
    one of its words (`_a_person_in`), or a full name then called by the surname alone
    (`_called_by_surname`)."""
    return (any(_a_person_in(name, row.text) for name in named for row in rows)
            or len(named) == 2 and _called_by_surname(*named, "\n\n".join(row.text for row in rows)))


def _a_person_in(name: str, text: str) -> bool:
    """Whether `text` writes `name` (one word: "brown" of "how old is gordon brown now?") as a
    person's, whose age a year does not give: after a title ("Mr Brown"), after a role before the
    full name ("Former Southampton manager Gordon Strachan": a stranger's "how old is strachan" was
    quoted his years at Coventry), after a club's possessive, or in full and then speaking."""
    if re.search(rf"\b{_HONORIFICS}\s+{re.escape(name)}\b", text, re.IGNORECASE):
        return True
    # As a name: capitalised, after a first name that is no determiner ("The company said" is no
    # one's; a review's find)
    written = re.escape(name[:1].upper() + name[1:]) + r"\b"
    full = rf"\b{_NO_DETERMINER}[A-Z][\w'’-]+\s+{written}"
    if re.search(rf"\b(?i:{_PERSON_NOUN.pattern}|{_STAFF_ROLE}|coach|minister)\s+{full}", text):
        return True
    said = r"(?:said|says|told|added|insisted|admitted)"
    speaks = re.search(rf"\b{said}\s+{written}|{written}\s+{said}\b", text)
    # A full name whose surname speaks ("said Jones"), or a club's player ("Aston Villa's Thomas
    # Hitzlsperger"), but no everyday word there ("Arsenal's Emirates Stadium", "Paris's Eiffel
    # Tower" are no one's)
    everyday = english_words().get(name.casefold(), 0) >= COMMON_WORD
    return bool(re.search(full, text) and speaks or not everyday and re.search(rf"[A-Z][\w-]*['’]s\s+{full}", text))


def _called_by_surname(first: str, surname: str, text: str) -> bool:
    """Whether `text` writes "First Surname" (casefolded: "clint", "eastwood") as a full name and
    then calls them by the surname alone, as news calls a person ("Clint Eastwood…", then "with
    Eastwood also tipped…": a stranger's "how old is clint eastwood?" was quoted a year). Not where
    it writes the first word in lowercase ("Ask Jeeves" of "ask"), nor where it says when something
    was founded, formed or built, whose year a club or firm called so may be asking ("Aston Villa…
    formed in 1874", then "Villa")."""
    if re.search(rf"(?<![\w'’-]){re.escape(first)}\b", text) or _FOUNDED.search(text):
        return False
    first, surname = (re.escape(word[:1].upper() + word[1:]) for word in (first, surname))
    return bool(re.search(rf"(?<![\w'’-]){first}\s+{surname}\b", text)) and any(
        not re.search(r"[A-Z][\w'’.-]*\s+$", text[:alone.start()])
        for alone in re.finditer(rf"(?<![\w'’-]){surname}\b", text))


# When a thing began: "founded in 1919", "first run in 1839", "released in November 2004", "have played
# at Selhurst Park since 1924" (the last three a review's finds).
_FOUNDED = re.compile(r"\b(?:founded|formed|established|set up|launched|created|built|opened|started|released|"
                      r"first\s+[a-z]+|since|dates?\s+(?:back\s+)?(?:to|from))\b[^.;]{0,40}?\b(?:1[0-9]|20)\d\d\b",
                      re.IGNORECASE)


def asked_unit(question: str) -> str | None:
    """Which number the question asks for (`number_unit`), if it asks for a number at all."""
    return number_unit(question) if question_type(question) == "number" else None


def number_unit(question: str) -> str | None:
    """For a question asking for a number: 'age', 'score', 'percent', 'duration', 'money' or
    None (any figure)."""
    text = " ".join(question.casefold().replace("’", "'").split())
    for unit, pattern in _UNIT_PATTERNS:
        if pattern.search(text) and not (unit == "money" and _NOT_MONEY.search(text)):
            return unit
    return None


@dataclass
class _Question:
    terms: list[str]
    weights: dict[str, float]
    pairs: set[tuple[str, str]]
    kind: str | None
    asked: set[str]  # the question's words, folded, unstemmed
    rare: dict[str, float]  # the rarest half of the question's terms
    unseen_rarity: float  # IDF of the rarest question word the collections never use (or 0), / max IDF
    scale: float = 1.0  # the index's largest IDF
    unit: str | None = None  # for a number question, which number (`number_unit`)

    @property
    def candidates(self) -> str | None:
        """The `_KIND_CANDIDATES` entry saying which of a sentence's words answer it."""
        return self.unit or self.kind

    @classmethod
    def of(cls, question: str, store: Store, collections: Sequence[str]) -> "_Question":
        asked = words(question)
        # A mistyped word counts as the index word it is one or two edits from, an acronym as
        # the name it abbreviates.
        matched = question_words(question, store)
        read = [w for word in asked for w in matched.read_as.get(word, (word,))] + list(matched.extra)
        found = list(terms(" ".join(read)))
        weights = store.idf(list(dict.fromkeys(found)))
        ranked = sorted(weights.items(), key=lambda item: -item[1])
        rare = dict(ranked[: max(1, math.ceil(len(ranked) / 2))]) if ranked else {}
        content = [w for w in dict.fromkeys(read) if w not in STOPWORDS]
        unseen = store.missing_words(content, collections) if collections else set()
        # An everyday word the articles happen not to use ("flogging", "bust") is a reader's
        # paraphrase; a name or a rare term they lack ("Nvidia", "CEO") is what they never
        # mention. Only the latter says the question is about something else.
        telling = _telling(unseen, {w.casefold() for w in _CAPITAL.findall(question[1:])})
        # As a share of the largest IDF this index can give (a term no passage holds): the raw
        # IDF grows with the number of passages, and a threshold learned on one corpus size
        # would mean nothing on a one-article index.
        scale = store.max_idf()
        unseen_rarity = max((weights.get(term, 0.0) for word in telling for term in terms(word)), default=0.0) / scale
        # A mistyped question word says the kind too ("wich unions…" asks as "which" does); not a
        # word the corrector only guessed at ("wher" is one letter from "when" and "where").
        kind, read_question = question_type(question), question
        if kind is None and matched.asks is not None:
            read_question = re.sub(r"^\W*\w+", matched.asks, question, count=1)
            kind = question_type(read_question)
        return cls(found, weights, set(zip(found, found[1:])), kind,
                   set(words(question)), rare, unseen_rarity, scale, asked_unit(read_question))


# Up to this many occurrences, an everyday word the articles only ever write capitalised is read
# as a name (`_always_a_name`): famous names sit between the two lines ("springsteen" 1.3 million,
# "blair" 9.5 million); the commonest words have a name sense as well ("guy" 45 million: "Guy
# Ritchie"; "stuff" 81 million: a magazine), and are a reader's words.
FAMOUS_NAME = 10_000_000
UNMATCHED = 0.5  # token cosine below which a sentence token is "not about the question"


# Job titles name nothing either ("ceo": the article says "chief executive"), however written.
_JOB_TITLES = frozenset("ceo cfo cto coo".split())


def _chat_word(word: str, named: set[str]) -> bool:
    """Whether `word` names nothing: a job title, or a chat spelling the asker did not capitalise
    (a capitalised word is read as a name, as any other: "ID cards")."""
    return word in _JOB_TITLES or (word in CHAT_SPELLINGS and word not in named)


def _content_words(question: str, store: Store) -> tuple[list[str], set[str]]:
    """The question's words as read after spelling correction, content words only and no chat
    spelling or job title (`_chat_word`), and the words it capitalises."""
    matched = question_words(question, store)
    read = [w for word in words(question) for w in matched.read_as.get(word, (word,))]
    # As words are read: "O'Connell" names "connell" (the words split at the apostrophe).
    named = {part for token in _CAPITAL.findall(question[1:]) for part in words(token)}
    return [w for w in dict.fromkeys(read) if terms(w) and not _chat_word(w, named)], named


def content_words(text: str, store: Store) -> list[str]:
    """`text`'s content words as the index reads them (`_content_words`)."""
    return _content_words(text, store)[0]


def _telling(content: Sequence[str], named: set[str]) -> list[str]:
    """Those of a question's content words that name something: uncommon words and the words
    it capitalises (everyday English is a reader's paraphrase)."""
    english = english_words()
    return [w for w in content if english.get(w, 0) < COMMON_WORD or w in named]


def near_a_name_held(word: str, store: Store, collections: Sequence[str]) -> bool:
    """Whether the articles write as a name a word two letters or fewer from `word` ("Kiev" for
    "kyiv", "Yukos" for "yuaks"): the articles' name misspelt, maybe, rather than one they never
    mention ("modi" is two letters from "made", no name; a review's find). For a word of three
    letters or fewer, one letter, and never a name shorter than three: two from "rfu" are "ray"
    and "raw", and a picked rugby story's "does the rfu agree with the plan?" was quoted, not
    declined as naming what no article does."""
    from rapidfuzz.distance import OSA

    from .spelling import index_words_near

    reach = 1 if len(word) <= 3 else 2
    return any(len(near) >= 3 and OSA.distance(word, near) <= reach and _written_as_name(near, store, collections)
               for near in index_words_near(word, store)[:8])


def names_something(question: str, store: Store) -> bool:
    """Whether the question names anything: a name or an uncommon word (`_telling`), as read
    after spelling correction ("who scored first?" names nothing)."""
    content, named = _content_words(question, store)
    return bool(_telling(content, named))


def names_held(question: str, store: Store, collections: Sequence[str]) -> list[str]:
    """The question's names and uncommon words (`_telling`, as read after spelling correction)
    that an article of the collections holds, in the question's order: "crypto" of "does the
    author own any crypto?", which says which article's author is meant."""
    content, named = _content_words(question, store)
    telling = [w for w in _telling(content, named) if len(w) > 1]
    missing = store.missing_words(telling, collections) if telling else set()
    return [w for w in telling if w not in missing]


# "chelsea vs barcelona": what joins two names, never one ("No indexed article mentions “vs”"
# told a stranger nothing). Only for what a caution or decline names: read as a word the
# articles lack, it also moves a channel's follow-up to every article, which the trees were
# fitted with (making it chat shorthand cost a held-out follow-up).
_MATCH_UPS = frozenset({"vs", "versus"})


_HOW_WHAT = frozenset("much many long old far often".split())  # "how much", "how many"…
_ORDINALS = ("zeroth first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_ASKING_VERBS = frozenset("mention mentions mentioned say says said talk talks talking think thinks discuss discusses "
                          "cover covers".split())


_COMPARED_FIGURE = re.compile(
    r"\b(?:(?:more|less|fewer|greater|bigger|higher|lower|smaller|larger|longer|shorter|older|younger)\s+than"
    r"|over|under|above|below|beyond|at\s+(?:least|most)|exceed(?:s|ed|ing)?|upwards\s+of|up\s+to|nearly|almost)"
    r"\s+[$£€¥]?(\d\w*(?:[.,]\d\w*)*)")


def names_nowhere(question: str, store: Store, collections: Sequence[str], runs: bool = False) -> list[str]:
    """The question's names and uncommon words (`_telling`, as read after spelling correction)
    that no article of the collections holds, in the question's order. `runs`: and two or more
    everyday words in a row that none holds, for the caution over quotes: a stranger's lowercase
    "has daniel craig been offered the role?" was quoted other actors with no caution, while
    "tiananmen" was named (not for a decline, which says to check the spelling: "what is the
    weather tomorrow?" is declined as not what the article discussed says)."""
    content, named = _content_words(question, store)
    content = [w for w in content if w not in _MATCH_UPS]
    telling = [w for w in _telling(content, named) if len(w) > 1]
    looked_up = content if runs else telling
    missing = store.missing_words(looked_up, collections) if looked_up else set()
    # A figure the question compares with ("was it more than $200m?", "over 5,000 fans?") is the
    # asker's yardstick, not a figure the article must hold (a stranger was told no article
    # mentions "200m" above the quote giving "$230m").
    missing -= {w for token in _COMPARED_FIGURE.findall(question.casefold()) for w in words(token)}
    in_runs: set[str] = set()
    if runs and len(missing) > 1:
        matched = question_words(question, store)
        read = [w for word in words(question) for w in matched.read_as.get(word, (word,)) if w not in CHAT_FILLERS]
        in_runs = {w for a, b in zip(read, read[1:]) if a in missing and b in missing and a != b
                   for w in (a, b) if len(w) > 2 and w.isalpha()}
        # What "how" asks for names nothing: "how many gpus…" named "many" beside "gpus"; nor does
        # the question's own asking ("does it mention nvidia": a stranger was told no article
        # mentions “mention”).
        in_runs -= {b for a, b in zip(read, read[1:]) if a == "how" and b in _HOW_WHAT}
        in_runs -= _ASKING_VERBS
    # A figure is read apart from its unit ("1.5m" as "1.5" and "m"), which the index keeps
    # together: held as typed, it is no word the articles lack (a stranger's "is 1.5m a lot for
    # monsanto" was told no article mentions "1.5", under a headline saying "$1.5m").
    typed = {w: token for token in re.findall(r"\w+(?:[.,]\w+)*", question.casefold()) if re.search(r"\d", token)
             for w in words(token) if w in missing}
    missing -= {w for w, token in typed.items() if token not in store.missing_words([token], collections)}
    # A figure typed without its commas, or with them, held written the other way: "1000m" of
    # "1,000m", "25000" of "25,000" and back (a stranger was told no article mentions "1000m" of
    # the race a story calls the "1,000m"; news writes "1500m" too).
    missing -= {w for w in missing if (other := figure_written_otherwise(w)) is not None
                and not store.missing_words([other], collections)}
    # A figure typed without its slash or dash: "911" of "9/11", "247" of "24/7" (a stranger was
    # told no article mentions "911" over the story on Fahrenheit 9/11).
    missing -= {w for w in missing if w.isdigit() and 2 <= len(w) <= 6
                and any(not store.missing_words([f"{w[:i]} {w[i:]}"], collections) for i in range(1, len(w)))}
    # Held under another name of it ("bookmakers" for "bookie", "peer-to-peer" for "p2p": a
    # stranger was told no article mentions "p2p" over the story about peer-to-peer piracy).
    missing -= held_by_another_name(missing, store, collections)
    # An ordinal in figures, as the articles write it in words ("4th" of "fourth round": a
    # stranger was told no article mentions "4th").
    spelt = {w: _ORDINALS[int(w[:-2])] for w in missing if re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)", w)
             and int(w[:-2]) < len(_ORDINALS)}
    if spelt:
        missing -= {w for w, word in spelt.items() if not store.missing_words([word], collections)}
    # Read last, for the few words left: they scan the index's whole vocabulary and texts.
    # Not two letters or fewer: "op" of "co-op" is no word anyone typed (a stranger was told no
    # article mentions “op”).
    found = [w for w in content if w in missing and (w in telling or w in in_runs) and len(w) > 2
             and not starts_a_word_held(w, store, collections) and not abbreviates_a_name(w, store)]
    return _hyphenated_whole(found, question)


# A word the question types in parts joined by a hyphen ("sin-binned"), or by an apostrophe, not a
# possessive one ("o'driscoll", not "blair's").
HYPHENATED = r"\w+(?:-\w+)+"
APOSTROPHISED = r"\w+(?:['’](?!s\b)\w+)+"


def _hyphenated_whole(found: list[str], question: str, joined: str = HYPHENATED) -> list[str]:
    """`found` with the parts of a hyphenated word the question typed named as that word, which
    no article holds either when a part of it is among them ("sin-binned", where a stranger was
    told no article mentions “sin”, “binned”); `joined`: the pattern of such a word."""
    for token in re.findall(joined, question.casefold()):
        parts = [part for part in words(token) if part in found]
        if parts and token not in found:
            at = found.index(parts[0])
            found = [w for w in found if w not in parts]
            found.insert(at, token)
    return found


def held_by_another_name(asked: Collection[str], store: Store, collections: Sequence[str],
                          article_id: str | None = None) -> set[str]:
    """Those of `asked` whose other name (`aliases_of`, `OTHER_WORDS`, what an everyday acronym
    is written out as: "peer" of "p2p", another form: "sue" of "suing", the word hyphenated:
    "bail-out" of "bailout") the articles of the collections (that article, with `article_id`) hold."""
    other_names = {w: (*EVERYDAY_ACRONYMS.get(w, ()), *aliases_of(w), *OTHER_WORDS.get(w, ()), *_other_forms(w))
                   for w in asked}
    others = sorted({other for names in other_names.values() for other in names})
    held = set(others) - store.missing_words(others, collections, article_id=article_id) if others else set()
    found = {w for w, names in other_names.items() if not held.isdisjoint(names)}
    return found | _hyphenated_in_articles([w for w in asked if w not in found], store, collections, article_id)


def _other_forms(word: str) -> tuple[str, ...]:
    """The English words `word` is another form of, by one regular ending taken off or put on
    ("sue" of "suing" and "sued", "suing" of "sue", "refugee" of "refugees", "tax" of "taxes",
    "run" of "running"): a stranger was told no article mentions “suing” over a story saying
    "could not sue the firms", which the stemmer keeps apart. The base of an "-ed", "-ing" or
    "-es" word ends in "e" when that is a word ("hated" is "hate", "loses" "lose"), "-ying" is
    "-ie" ("dying"); a doubled consonant is undone only where English doubles one to add an
    ending ("running", "stopped"; not "telling", "pressed"); no "-ed" off a short "-eed" ("seed",
    "need"), nor an "s" off "-ss" or "-us". Only common words of the English list that are no
    function words."""
    if not word.isalpha() or len(word) < 3:
        return ()
    english = english_words()

    def common(form: str) -> bool:
        return english.get(form, 0) >= _COMMON_FORM

    forms = set()
    if word.endswith("ying") and common(word[:-4] + "ie"):
        forms.add(word[:-4] + "ie")
    else:
        for end in ("ing", "ed"):
            if not word.endswith(end) or len(word) <= len(end) + 1 or (end == "ed" and word.endswith("eed")
                                                                      and len(word) < 6):
                continue
            base = word[: -len(end)]
            doubled = re.fullmatch(r"(.*[aeiou]([bdgmnprt]))\2", base)  # "running", "stopped"
            forms.add(base + "e" if common(base + "e") else doubled.group(1) if doubled else base)
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("es") and common(word[:-1]):
        forms.add(word[:-1])  # "loses", "closes"
    elif re.search(r"(?:s|x|z|ch|sh)es$", word):
        forms.add(word[:-2])  # "taxes", "buses"
    elif word.endswith("s") and not re.search(r"(?:ss|us|is)$", word) and len(word) > 3:
        forms.add(word[:-1])
    if not english.get(word) and (agent := re.fullmatch(r"(\w{4,}?)ers", word)) and not english.get(agent[1] + "er"):
        forms.add(agent[1])  # chat's "first teamers" of "first team": no English word ("centers", "webbers")
    if word.endswith("e"):
        forms.update((word + "d", word + "s", word[:-1] + "ing"))  # "sue": "sued", "sues", "suing"
    else:
        forms.add(word + ("es" if re.search(r"(?:s|x|z|ch|sh)$", word) else "s"))
    return tuple(sorted(f for f in forms if f != word and common(f) and f not in STOPWORDS))


_COMMON_FORM = 300_000  # a count in the English list's corpus: "fiance" has 643,815, "jame" 163,057


def _hyphenated_in_articles(asked: Sequence[str], store: Store, collections: Sequence[str],
                            article_id: str | None = None) -> set[str]:
    """Those of `asked` (five letters or more) that an article writes hyphenated, as two English
    words ("bail-out" of "bailout": a stranger was told no article mentions “bailout” above a
    quote saying "bail-out"). The index reads a hyphen as a space, so the phrase's passages are
    read for the hyphen itself: "a new port" is no "newport". Only for a word still missing, and
    for the first eight such words of a question (each split is a search)."""
    english = english_words()
    held = set()
    for word in [w for w in asked if len(w) >= 5 and w.isalpha()][:8]:
        for at in range(2, len(word) - 1):
            first, second = word[:at], word[at:]
            if english.get(first, 0) < _COMMON_FORM or english.get(second, 0) < _COMMON_FORM:
                continue
            found = store.bm25(f'"{first} {second}"', collections, 10, article_id=article_id)
            rows = store.passages([passage_id for passage_id, _, _ in found]) if found else {}
            # "overstate" of "over-stated" too (a stranger was told no article mentions it)
            hyphenated = re.compile(rf"\b{first}-{second}(?:s|es|d|ed|ing)?\b", re.IGNORECASE)
            if any(hyphenated.search(row.text) for row in rows.values()):
                held.add(word)
                break
    return held


def starts_a_word_held(word: str, store: Store, collections: Sequence[str], article_id: str | None = None,
                       least: int = 5) -> bool:
    """Whether `word` (of `least` letters or more) begins a longer word the articles hold (of
    that article, with `article_id`): "censor" of "censorship", which the stemmer keeps apart. A
    new user's "does deepseek censor answers?" got "No indexed article mentions “censor”" over a
    right quote about censorship. Only asked of a word already missing."""
    if written_numbered(word, store, collections, article_id):
        return True
    begins = min(word, stem(word), key=len)  # "censors" is "censor" too
    # A figure's short unit counts from three characters: "10k" of "10km" (a stranger was told no
    # article mentions "10k" above the quote saying "the 10km race").
    if len(begins) < (3 if re.search(r"\d", begins) else least):
        return False
    # Every collection's terms (a few hundred at most share a five-letter beginning). Looked up as
    # terms, not words: "fiance", the stemmed "fiancee", read as a word is stemmed again to
    # "fianc" and missed (a stranger was told no article mentions "fiance").
    return store.holds_any_term(_terms_starting(store, begins)[:512], collections, article_id=article_id)


def written_numbered(word: str, store: Store, collections: Sequence[str], article_id: str | None = None) -> bool:
    """Whether the articles (that article, with `article_id`) write `word` with a number after
    it: "itv" of "ITV1's", "bbc" of "BBC2" (a stranger was told a story opening on "ITV1's
    Saturday morning show" never mentions "itv")."""
    if not word.isalpha() or len(word) < 3:  # not "mp" of "MP3"
        return False
    numbered = [term for term in _terms_starting(store, word) if term[len(word):].isdigit()][:512]
    return bool(numbered) and store.holds_any_term(numbered, collections, article_id=article_id)


_BY_BEGINNING: "weakref.WeakKeyDictionary[Store, tuple[dict[str, int], list[str], list[int]]]" = (
    weakref.WeakKeyDictionary())
_BY_BEGINNING_LOCK = threading.Lock()


def _terms_starting(store: Store, begins: str) -> list[str]:
    """The index's terms longer than `begins` that start with it, in the vocabulary's own order.
    Looked up in the vocabulary sorted once per generation: scanning it word by word took 2.3 ms
    a question on SQuAD part A's index, a quarter of the time of a warm `ask`."""
    vocabulary = store.vocabulary()
    with _BY_BEGINNING_LOCK:
        cached = _BY_BEGINNING.get(store)
    if cached is None or cached[0] is not vocabulary:
        terms = list(vocabulary)
        order = sorted(range(len(terms)), key=terms.__getitem__)
        cached = (vocabulary, [terms[i] for i in order], order)
        with _BY_BEGINNING_LOCK:
            _BY_BEGINNING[store] = cached
    _, terms, order = cached
    at = bisect.bisect_right(terms, begins)  # past `begins` itself
    end = bisect.bisect_left(terms, begins + "\U0010ffff", lo=at)
    return [terms[i] for i in sorted(range(at, end), key=order.__getitem__)]


def _held_only_elsewhere(asked: Sequence[str], store: Store, collections: Sequence[str], article_id: str) -> list[str]:
    """Those of `asked` that the article lacks and another article of the collections holds."""
    lacking = store.missing_words(asked, collections, article_id=article_id) if asked else set()
    return sorted(lacking - store.missing_words(sorted(lacking), collections)) if lacking else []


# Chat's subject put before the question word: "oil prices how low did they go", "savage bid what
# did brady say".
_FRONTED = re.compile(r"^\W*(?P<topic>(?!(?:so|and|but|ok|okay|lol|hey|wait|also|then|well|hmm+|yeah|yes|no)\b)"
                      r"(?:[\w'’-]+\s+){1,4}?)(?:who|whom|whose|what|whats|what's|when|where|why|how|which)\b",
                      re.IGNORECASE)


def leans_on_context(question: str, store: Store, collections: Sequence[str], article_id: str) -> bool:
    """Whether the question has no subject of its own, asked where `article_id` is discussed:
    it says he/she/it/they (or this/that with at most one content word) and names nothing,
    neither a name or uncommon word ("who holds it now?", "how old was he?") nor an everyday word
    that the article lacks and other articles write as a name ("how much of google do they own?":
    "Google" elsewhere). Asked of every article, such a question matches whatever shares its
    everyday words."""
    content, named = _content_words(question, store)
    fronted = _FRONTED.match(question)
    if fronted is not None:
        # "oil prices how low did they go": chat puts the subject first (a stranger's was declined
        # as leaning on the donations story discussed): one the article lacks is its own subject.
        # Only words naming something another story holds, none of them the story's: no chat opener
        # ("wow how low…", "guys why…"), no "did they explain why?" (a review's finds).
        topic = words(fronted["topic"])
        if (all(w not in STOPWORDS and w not in CHAT_FILLERS and w.isalpha() for w in topic)
                and len(store.missing_words(topic, collections, article_id=article_id)) == len(topic)
                and not store.missing_words(topic, collections)
                and (len(topic) > 1 or _telling(topic, named))):
            return False
    # "is that a lot?", "when was that?": this/that with at most one everyday word asks nothing
    # any other story could answer (with more words, it often names the story meant).
    if not says_pronoun(question) and not (len(content) <= 1 and leans_on_something(question)):
        return False
    if _telling(content, named):
        return False
    return not any(_written_as_name(word, store, collections)
                   for word in _held_only_elsewhere(content, store, collections, article_id))


def names_nobody(question: str, store: Store, collections: Sequence[str]) -> bool:
    """Whether the question leans on he/she/it/they and says next to nothing else, among several
    articles: at most one content word, an everyday one that no article writes as a name and
    not one article alone uses ("how old is he?", "what did she say?"). Asked where no story is
    being discussed, any answer would be about whoever some article happens to describe. (With
    two everyday words, "why is he selling all his stuff?", the story is often found: measured,
    README *Follow-ups*.)"""
    if not says_pronoun(question) or store.article_count(collections, 2) < 2:
        return False  # of one story, he or they can only be its people
    content, named = _content_words(question, store)
    content = [word for word in content if word != "else"]  # "what else did he say?" asks no more
    if len(content) > 1 or _telling(content, named):
        return False
    # One story using the word ("when will they strike?" with one strike story) is the one meant.
    return not any(_written_as_name(word, store, collections) or _articles_using(word, store, collections) == 1
                   for word in content)


def _articles_using(word: str, store: Store, collections: Sequence[str], passages: int = 50) -> int:
    """How many articles the passages using `word` most come from (at most `passages` read)."""
    match = fts_match(word)
    if match is None:
        return 0
    ids = [passage_id for passage_id, _, _ in store.bm25(match, collections, passages)]
    return len({(row.collection, row.article_id) for row in store.passages(ids).values()})


def _written_as_name(word: str, store: Store, collections: Sequence[str], passages: int = 8) -> bool:
    """Whether the passages using `word` (or words: "geoffrey guy", whose "guy" alone is an
    everyday word) most write it capitalised inside a sentence ("Google", "Chelsea"): a name,
    which people in a chat type in lowercase."""
    upper, lower = _cases(word, store, collections, passages)
    return upper > lower


def _written(word: str, joint: str = r"\s+") -> re.Pattern:
    """`word` (or words, `joint` between them: any space) as a text writes it, in any case
    ("Google's" counts, "Googled" does not)."""
    return re.compile(r"(?<![\w'’-])" + joint.join(map(re.escape, word.split())) + r"(?!\w)", re.IGNORECASE)


def _cases(word: str, store: Store, collections: Sequence[str], passages: int) -> tuple[int, int]:
    """How often the passages using `word` (or words, as a phrase) most write it capitalised,
    each of its words, and otherwise, inside a sentence."""
    parts = word.split()
    if len(parts) > 1 and not all(part.isalpha() for part in parts):
        return 0, 0
    match = fts_match(word) if len(parts) == 1 else f'"{word}"'
    if match is None:
        return 0, 0
    ids = [passage_id for passage_id, _, _ in store.bm25(match, collections, passages)]
    pattern = _written(word)
    upper = lower = 0
    for row in store.passages(ids).values():
        for found in pattern.finditer(row.text):
            before = row.text[: found.start()].rstrip(" \t\"'“‘([")
            if not before or before[-1] in ".!?:\n-–—•*":
                continue  # a sentence's (or a list item's) first word is capitalised anyway
            if all(part[:1].isupper() for part in found.group().split()):
                upper += 1
            else:
                lower += 1
    return upper, lower


def names_elsewhere(question: str, store: Store, collections: Sequence[str], article_id: str,
                    famous: bool = False) -> list[str]:
    """The names in the question that the article lacks and other articles of the collections
    hold ("Federer", "yukos"), as read after spelling correction: words the question capitalises
    or the articles holding them write as a name. Asked where that article is being discussed,
    such a name means the question has moved to another story. Everyday words ("flogging",
    "bust") are a reader's paraphrase, and so is an uncommon word the articles write in
    lowercase: a misspelling ("goverment", "definately"), a rare word ("downloaders", "axing");
    a word no article holds says nothing about which one is meant. `famous`: an everyday word
    by count that the articles only ever write as a name counts too (`_always_a_name`), for an
    article the asker picked themselves; in a channel it moved unanswerable questions to other
    stories, costing declines (README, *Tried in the fifteenth session*)."""
    guessed = question_words(question, store).guessed  # "BT" read as another story's "Bushtucker Trial"
    names = [name for name in _names_held_elsewhere(*_content_words(question, store), store, collections, article_id,
                                                    famous) if name not in EVERYDAY_ACRONYMS and name not in guessed]
    clipped = question_words(question, store).clipped if names else {}
    if clipped:
        # Chat's clipping of a name the article writes out ("lib dems" of its "Liberal Democrat"):
        # other articles writing "Lib Dems" do not make it another story's (a stranger's was
        # asked of every article).
        spelled = sorted(set(clipped.values()))
        held = set(spelled) - store.missing_words(spelled, collections, article_id=article_id)
        names = [name for name in names if clipped.get(name) not in held]
    # "Tories" of a story saying "Conservatives" (a stranger's was asked of every article); "itv"
    # of its "ITV1".
    held = held_by_another_name(names, store, collections, article_id)
    names = [name for name in names if name not in held and not written_numbered(name, store, collections, article_id)]
    if names:
        # "FA" of a story writing "the Football Association" out (a stranger's "what did the fa
        # say?" was moved to another story); a body's initials only: "FA" is no "Frank Arnesen".
        text = " ".join(f"{p.title} {p.text}" for c in collections for p in store.article_passages(c, article_id))
        short = initials_in(text, bodies=True)
        names = [name for name in names if name not in short and not spelled_out_in(name, text)]
    return names


def _names_held_elsewhere(content: Sequence[str], named: set[str], store: Store, collections: Sequence[str],
                          article_id: str, famous: bool = False) -> list[str]:
    telling = _telling(content, named)
    names = _as_names(_held_only_elsewhere(telling, store, collections, article_id), named, store, collections)
    if not famous:
        return names
    # A word everyday by count but not among the commonest that the articles only ever write as
    # a name ("what did springsteen say?") names someone too.
    english = english_words()
    everyday = [w for w in content if w not in telling and len(w) > 1 and english.get(w, 0) < FAMOUS_NAME]
    return names + [w for w in _held_only_elsewhere(everyday, store, collections, article_id)
                    if _always_a_name(w, store, collections)]


def _as_names(held: Sequence[str], named: set[str], store: Store, collections: Sequence[str]) -> list[str]:
    """Those of `held` that name something: capitalised in the question or written as a name
    where the articles use them; never a single letter ("j&j" is read as "j" and "j")."""
    return [w for w in held if len(w) > 1 and (w in named or _written_as_name(w, store, collections))]


def _always_a_name(word: str, store: Store, collections: Sequence[str]) -> bool:
    """Whether the articles write `word` capitalised every time inside a sentence, at least
    twice among the passages using it most: a famous name that web text uses so often it is an
    everyday word by count ("springsteen", "blair"), never a word with an everyday sense too ("top",
    "white": "Top Gear", "White House", but "the top" as well)."""
    upper, lower = _cases(word, store, collections, 20)
    return upper >= 2 and lower == 0


def uses_none_of_its_words(question: str, store: Store, collections: Sequence[str], article_id: str,
                           least: int = 1) -> bool:
    """Whether the article holds none of the question's content words, of which it has at
    least `least`. Asked of that one article, a question that also names what only other
    articles mention (`names_elsewhere`: "what is Tiger?") is about another story, and whatever
    the article says is no answer. One word of the question that the article does use ("who did
    he beat in the final in Melbourne?", "final") keeps it a question about the article (on the
    reader sets no answerable question asked of its own article is caught: README *Follow-ups*)."""
    content, _ = _content_words(question, store)
    return len(content) >= max(1, least) and (
        len(store.missing_words(content, collections, article_id=article_id)) == len(content))


def _mean(values: np.ndarray, axis: int) -> np.ndarray:
    """values.mean(axis): the sum in the values' own type, divided in place by the count (a
    numpy integer, so in float64 and rounded back), as ndarray.mean does, without its wrapper."""
    total = np.add.reduce(values, axis=axis)
    return np.true_divide(total, np.intp(values.shape[axis]), out=total, casting="unsafe")


def _late_interaction(query_tokens: np.ndarray | None, passages: Sequence["_PassageFacts"]
                      ) -> tuple[np.ndarray, list[float]]:
    """Per sentence of the passages (all of them, in order) late_match, late_weakest and
    late_unmatched (one row each), and each passage's late_match. A sentence without tokens
    (an index mid-upgrade) matches nothing.

    One product per passage, as its tokens are stored together, then every reduction over all
    passages at once. Each gives the floats a passage alone would: a mean over the question's
    tokens adds them one by one for a passage of several sentences, but pairwise for one of a
    single sentence (numpy sums a lone column as a contiguous run), so those are redone so."""
    late = np.zeros((sum(len(f.rows) for f in passages), 3))
    whole = [0.0] * len(passages)
    with_tokens = [p for p, f in enumerate(passages) if f.tokens is not None]
    if query_tokens is None or not len(query_tokens) or not with_tokens:
        return late, whole
    similarity = np.concatenate([query_tokens @ passages[p].tokens.T for p in with_tokens], axis=1)
    present = np.concatenate([f.has_tokens for f in passages]).nonzero()[0]
    lengths = np.concatenate([passages[p].token_lengths for p in with_tokens])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    best = np.maximum.reduceat(similarity, starts, axis=1)  # question tokens x sentences
    weaker_half = np.sort(best, axis=0)[: max(1, len(query_tokens) // 2)]
    match, weakest = _mean(best, 0), _mean(weaker_half, 0)
    counts = [len(passages[p].token_present) for p in with_tokens]
    column = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)  # each passage's first
    single = [at for at, count in zip(column.tolist(), counts) if count == 1]
    if single:  # each column a contiguous row: summed as a lone column alone would be
        match[single] = _mean(np.ascontiguousarray(best[:, single].T), 1)
        weakest[single] = _mean(np.ascontiguousarray(weaker_half[:, single].T), 1)
    late[present, 0] = match
    late[present, 1] = weakest
    late[present, 2] = np.add.reduceat(similarity.max(axis=0) < UNMATCHED, starts) / lengths
    by_passage = _mean(np.ascontiguousarray(np.maximum.reduceat(best, column, axis=1).T), 1)
    for p, value in zip(with_tokens, by_passage.tolist()):
        whole[p] = value
    return late, whole


# what scoring needs of a passage that no question changes ----------------------------------
def _dates(text: str) -> tuple[str, ...]:
    date = [w for w in words(text) if _YEAR_WORD.match(w)]
    date += [match.group(match.lastindex or 0).casefold() for match in _WHEN.finditer(text)]
    if _MAY.search(text):
        date.append("may")
    return tuple(date)


def _numbers(text: str) -> tuple[str, ...]:
    return tuple(w for w in words(text) if _DIGIT.search(w) or w in _NUMBER_WORDS)


def _capitals(text: str) -> tuple[str, ...]:
    capital: list[str] = []
    for i, token in enumerate(_CAPITAL.findall(text)):
        folded = token.casefold()
        if folded in STOPWORDS or (i == 0 and text.lstrip().startswith(token)):
            continue  # a sentence's first word is capitalised anyway
        capital.append(folded)
    return tuple(capital)


# What each of those kinds looks like in a sentence. A bare number is read only where no digit,
# comma or point comes before it: a hostile run of "1,1,1,…" would otherwise be retried from
# every position (quadratic).
_AMOUNT = r"(?<![\d,.])\d[\d,.]*"
# Not "per cent" ("Thirty per cent said…" was a sum, so a stranger's "how much did the nanny's visa
# cost" was quoted a story giving no sum).
_CURRENCY = (r"dollars?|pounds?|quid|euros?|yen|pence|p|(?<!per )cents?|yuan|rupees?|rupiah|francs?|roubles?|rubles?|"
             r"kronor|krona|kroner|pesos?|rand|dinars?|riyals?|shekels?")
# "Entry is free" answers "how much does entry cost?" too, and so do "initially free" and "not
# charging for the service" (strangers' "how much does the software cost?" were told no sum was given).
_MONEY = re.compile(rf"[£$€¥₹]\s?\d[\d,.]*\s?(m|bn|k|million|billion|trillion)?\b|"
                    rf"{_AMOUNT}\s?(m|bn|million|billion|trillion)? ?(\w+ )?({_CURRENCY})\b|"
                    # won only as a sum's unit ("2.5 trillion won", "1,000 won"), not "Half-Life 2 has won"
                    # (a stranger's "how much does half life 2 cost?" was quoted its awards)
                    rf"{_AMOUNT}\s?(m|bn|million|billion|trillion) ?((south )?korean )?won\b|"
                    rf"(?<![\d,.])\d{{1,3}}(,\d{{3}})+ ((south )?korean )?won\b|"
                    rf"\b({_COUNT}|hundreds of|tens of|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|"
                    rf"nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
                    rf"a hundred) ((hundred|thousand|million|billion|trillion) )?(\w+ )?({_CURRENCY})\b|"
                    # "thousands of pounds", "tens of millions of euros" (a stranger's "how much money did
                    # he put into the label?" was told the story gave no sum)
                    rf"\b(hundreds|thousands|millions|billions)( of (millions|billions))? of ({_CURRENCY})\b|"
                    # "It would cost millions if we…" answers "how much would it cost them?" (a
                    # stranger was told the story gives no sum)
                    r"\b(cost|costs|costing|cost us|cost them|cost it|cost him|cost her)( tens of| hundreds of)? "
                    # not "cost thousands of jobs", "cost thousands their jobs"
                    r"(thousands|millions|billions|a fortune)\b(?!\s+(?:of|their|his|her|our|jobs|lives|people)\b)|"
                    # ... and a sum the story says it was not told ("Financial details of the deal…
                    # were not disclosed": a stranger's "how much did the prince pay?" got other sums)
                    # (not "the player, whose name was not disclosed": a review's find)
                    # ("How much Ask Jeeves paid for Bloglines was not revealed": a stranger's was declined)
                    r"\b(financial details|terms|price|fee|sum|value|amount|cost|how much)\b"
                    r"(?:(?!\bwhose\b)[^.;]){0,80}?"
                    r"\b(was|were|has|have|had|is|are) (not|never) (been |yet been )?(disclosed|revealed|released|"
                    r"made public)\b|"
                    # "for an unspecified sum" (a stranger's "how much did they pay for it" was declined)
                    r"\b(undisclosed|unspecified|unrevealed|confidential) (fee|sum|amount|price|figure)\b(?!\s+of\b|-)|"
                    r"\b(did not|didn't|declined to|refused to|would not|wouldn't) (disclose|reveal|say) (the )?"
                    r"(financial|terms|price|fee|sum|value|amount|cost|"
                    r"how much(?! (?:longer|time|more|further|of)\b))\b|"
                    rf"\b(us\$|usd|gbp|eur|chf|inr|rs\.?)\s?\d[\d,.]*|"
                    r"\b(for free|free of charge|(is|are|was|were|be|been|remains?|stays?|initially|completely|"
                    r"totally|entirely|still|currently) free|free (to|for) (use|download|users|customers|"
                    r"everyone|anyone)|no charge|without charge|at no (extra )?cost|"
                    r"(not|never|no longer|won't|will not|isn't|is not|wasn't|was not) (be )?charging (for|users|"
                    r"customers|people|anything|a fee|fees)|"
                    r"(costs?|costing|pay|paid|pays|paying) nothing)\b", re.I)
# "West, 26, began…", "said Jones, now 34.": news gives an age in commas after the name; "John
# Smith (26)", "the 24 year old", "he is 34", "turned 30", "born in 1986" and "his 60th
# birthday" give one too. Loose on purpose: a figure misread as an age ("Labour (412)") only
# keeps a "how old" question from being declined (`_article_lacks_asked`).
_AGE = re.compile(r"\b(\d{1,3}|\w+)[- ]years?[- ]olds?\b|\baged? \d{1,3}\b|\bage of \d{1,3}\b|"
                  r"(?<=[^\W\d_]) \((\d{1,3})\)|\bteenagers?\b|\b\d{1,3}(st|nd|rd|th) birthday\b|"
                  r"\bturn(s|ed|ing)? \d{1,3}\b|\b(he|she|who)('s| is| was) \d{1,3}\b|"
                  r"\bborn\b[^.;]{0,40}\b(1[89]|20)\d\d\b|"
                  r"\bin (his|her|their) (early |mid-|late )?(\d0s|teens|twenties|thirties|forties|fifties|sixties|"
                  r"seventies|eighties|nineties)\b|(?<=[^\W\d_]), (now )?(\d{1,3})(?=[,.;:)]|$)", re.I)
_YEAR = re.compile(r"\b(1[0-9]|20)\d\d\b")
# What gives a thing's age: a year ("founded in 1919"), or an anniversary ("Three 50th Anniversary Special
# Awards": a stranger's "how old are these awards?" was declined); not a person's ("the 60th anniversary of
# D-Day" is no age of Tony Blair's: a review's find).
_THING_AGE = re.compile(rf"{_YEAR.pattern}|\b\d{{1,3}}(?:st|nd|rd|th) anniversary\b", re.IGNORECASE)
# A score: not a range of figures ("10-15%", "1,050-1,125", "0.7-0.8%"), of days ("5-6 March") or
# a model ("737-800", "ATR 72-500"); both sides at most 200 (a review's finds).
_SCORE = re.compile(r"(?<![\w.£$€-])(\d{1,3})[-–](\d{1,3})(?![\w%-]|\.\d|,\d{3})(?!\s*(?:per ?cent|%|(?:Jan(?:uary)?|"
                    r"Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|"
                    r"Nov(?:ember)?|Dec(?:ember)?)\b))|\b(?i:goalless|scoreless) (?i:draw)\b")
# A sentence reporting a match's result in words.
_RESULT = re.compile(r"\b(?:beat|beats|beaten|defeated|victory over|victories over|win over|won against|drew with|"
                     r"draw with|drawn with|lost to|goals? from|tries from|scrappy victory|comfortable victory)\b",
                     re.IGNORECASE)
# A match report's line of who scored when, all some reports give ("Bramble 35 og, Mellor 38, Baros
# 61.", "Henry 2, 29."): the whole sentence, minutes rising (not "PlayStation 3, Xbox 2").
_SCORERS = re.compile(r"\s*(?:(?:Goals?|Scorers?|Tries)?\s*:\s*)?[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? \d{1,3}"
                      r"(?: (?:pen|og))?(?:, (?:[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)? )?\d{1,3}(?: (?:pen|og))?)+\.?\s*")


def _scores(text: str) -> tuple[str, ...]:
    """The scores `text` gives (`_SCORE`), and each of its lines that is a line of scorers (a
    passage holds several of a report's short paragraphs: "Cole.\n\nHenry 2, 29.\n\nCech…",
    which a stranger's "what was the score?" was told gives no score)."""
    found = tuple(m.group(0) for m in _SCORE.finditer(text) if not m.group(1) or (
        max(map(int, m.group(1, 2))) <= 200
        # "1,050-1,125" is a range of thousands; "1-6,4-6" two sets
        and not (len(m.group(1)) == 3 and re.search(r"\d,$", text[:m.start()]))))
    for line in text.split("\n"):
        if _SCORERS.fullmatch(line):
            minutes = [int(n) for n in re.findall(r"\d+", line)]
            if minutes == sorted(minutes) and max(minutes) <= 130:
                found += (line.strip(),)
    return tuple(" ".join(words(score)) for score in found)
_PERCENT = re.compile(rf"{_AMOUNT}\s?(%|per ?cent\b)|\b(half|a third|a quarter|two-thirds|three-quarters|majority|"
                      r"minority)\b", re.I)
_DURATION = re.compile(rf"\b({_COUNT}|{_AMOUNT}|almost|nearly|about|more than|less than|under|over|twenty|thirty|"
                       r"forty|fifty|[a-z]+-and-a-half) (more )?(years?|months?|weeks?|days?|hours?|minutes?|seconds?|"
                       r"seasons?|decades?)\b|"
                       r"\b(half an hour|an hour|a year|a month|a week|a day|a decade|overnight)\b|"
                       r"\b\w+-(year|month|week|day|hour|minute|season|decade)s?(?![\w-])|"
                       # an end rather than a length: "banned until the end of the year"
                       r"\b(until|till|through) (the (end|start) of )?(the |this |next )?(year|season|month|summer|"
                       r"winter|spring|autumn|january|february|march|april|may|june|july|august|september|october|"
                       r"november|december|(19|20)\d\d)\b", re.I)


def _matches(pattern: re.Pattern) -> Callable[[str], tuple[str, ...]]:
    # Each match as its words, so that one the question itself says ("more than the £4.5m fee")
    # does not count as new (`_holds_kind`).
    return lambda text: tuple(" ".join(words(m.group(0))) for m in pattern.finditer(text))


# Per kind of question, the sentence's words that answer it unless the question has them itself
# (a sentence holds the kind of word asked for when one of them is not among the question's
# words); for "why", "what is" and a list, whether it gives a cause, a definition or a list at all.
_KIND_CANDIDATES = {
    "date": _dates,
    "number": _numbers,
    "place": _capitals,
    "name": _capitals,
    "reason": lambda text: bool(_CAUSE.search(text)),
    "definition": lambda text: bool(_DEFINES.search(text)),
    "list": lambda text: bool(_ENUMERATES.search(text)),
    # which number a number question wants, where it says (`number_unit`)
    "money": _matches(_MONEY),
    "age": _matches(_AGE),
    "score": _scores,
    "percent": _matches(_PERCENT),
    "duration": _matches(_DURATION),
    "year": _matches(_THING_AGE),  # what may give the age of a thing (`_article_lacks_asked`)
}


def _holds_kind(found: tuple[str, ...] | bool, asked: set[str]) -> bool:
    """Whether the sentence holds a word of the kind the question asks for that the question
    lacks (a year for "when"...), from its candidates of that kind (`_KIND_CANDIDATES`)."""
    if isinstance(found, bool):
        return found
    # A candidate of several words ("last week", "4.5 m") is the question's own if it has them all.
    return any(word not in asked if " " not in word else not asked.issuperset(word.split()) for word in found)


_PAIR = 1 << 32  # a pair of term ids (a, b) is a * _PAIR + b


@dataclass(frozen=True, eq=False)
class _PassageFacts:
    """One passage's sentences as read from the store, and what the features need of them that
    no question changes: their terms (as ids of `_SentenceCache.term_ids`), pairs of
    consecutive terms, kind-of-word candidates, and their token vectors in one matrix."""
    rows: tuple[SentenceRow, ...]
    term_ids: np.ndarray  # every sentence's terms in order, concatenated
    pair_ids: np.ndarray  # every sentence's consecutive term pairs
    term_count: np.ndarray  # terms a sentence has (repeats counted)
    pair_count: np.ndarray
    length: np.ndarray  # log(1 + term_count)
    word_count: np.ndarray  # whitespace-separated words (min_words)
    has_vector: np.ndarray  # which sentences have a vector
    passage_terms: frozenset[str]  # the terms of the passage with its title
    title_terms: frozenset[str]  # ... of its title
    tokens: np.ndarray | None  # token vectors of the sentences that have any, stacked
    token_present: np.ndarray  # which sentences those are
    has_tokens: np.ndarray  # ... as a mask
    token_lengths: np.ndarray
    size: int  # bytes held, for the cache's bound
    # Each sentence's candidates of a kind, found when a question first asks for that kind: most
    # questions ask for none, and the regular expressions cost more than all the other facts.
    _typed: dict[str, tuple] = field(default_factory=dict)

    def typed(self, kind: str) -> tuple:
        found = self._typed.get(kind)
        if found is None:  # two threads may both find it: the same tuple either way
            find = _KIND_CANDIDATES[kind]
            found = self._typed[kind] = tuple(find(row.text) for row in self.rows)
        return found

    @classmethod
    def of(cls, passage: PassageRow, rows: Sequence[SentenceRow], term_ids: dict[str, int]) -> "_PassageFacts":
        def ids(found: Sequence[str]) -> list[int]:
            return [term_ids.setdefault(t, len(term_ids)) for t in found]

        sentence_terms = [ids(terms(row.text)) for row in rows]
        pairs = [[a * _PAIR + b for a, b in zip(found, found[1:])] for found in sentence_terms]
        count = np.asarray([len(found) for found in sentence_terms], dtype=np.int64)
        present = [i for i, row in enumerate(rows) if row.tokens is not None and len(row.tokens)]
        tokens = np.concatenate([rows[i].tokens for i in present]) if present else None
        lengths = np.array([len(rows[i].tokens) for i in present])
        return cls(
            rows=tuple(rows),
            term_ids=np.asarray([t for found in sentence_terms for t in found], dtype=np.int64),
            pair_ids=np.asarray([p for found in pairs for p in found], dtype=np.int64),
            term_count=count,
            pair_count=np.asarray([len(p) for p in pairs], dtype=np.int64),
            length=np.asarray([math.log(1 + n) for n in count.tolist()], dtype=np.float64),
            word_count=np.asarray([len(row.text.split()) for row in rows], dtype=np.int64),
            has_vector=np.asarray([row.vector is not None for row in rows], dtype=bool),
            passage_terms=frozenset(terms(passage.title + " " + passage.text)),
            title_terms=frozenset(terms(passage.title)),
            tokens=tokens,
            token_present=np.asarray(present, dtype=np.int64),
            has_tokens=np.bincount(np.asarray(present, dtype=np.int64), minlength=len(rows)).astype(bool),
            token_lengths=lengths,
            size=sum(r.vector.nbytes for r in rows if r.vector is not None) + (tokens.nbytes if tokens is not None else 0)
            + 200 * len(rows) + 1000,
        )


class _SentenceCache:
    """The `_PassageFacts` of recently scored passages (least recently used dropped first,
    `limit` bytes at most), per store: decoding a question's ~1,500 token vectors and reading
    its ~50 sentences cost more than all its features. Keyed by model and passage id alone,
    which is sound because passage ids are never reused and a passage's sentences never
    change (as `VectorIndex.sentence_vectors` relies on)."""

    def __init__(self, limit: int):
        self.limit = limit
        self.lock = threading.Lock()
        self.term_ids: dict[str, int] = {}
        self._facts: OrderedDict[tuple[str, int], _PassageFacts] = OrderedDict()
        self._size = 0
        self._article_kinds: OrderedDict[tuple, tuple] = OrderedDict()

    def article_kind(self, store: Store, passage: PassageRow, kind: str) -> tuple:
        """Every candidate of a kind (`_KIND_CANDIDATES`) in the headline and paragraphs of the
        passage's article; keyed by its passages' ids, which are never reused, so an article
        changed or removed is never read stale."""
        paragraphs = store.article_passages(passage.collection, passage.article_id)
        key = (kind, *(p.id for p in paragraphs))
        with self.lock:
            known = self._article_kinds.get(key)
            if known is not None:
                self._article_kinds.move_to_end(key)
                return known
        find = _KIND_CANDIDATES[kind]
        # A Markdown paragraph as read ("cost **twelve** [million](…) pounds" gives a sum).
        found = tuple(find(without_marks(text)) for text in [passage.title, *(p.text for p in paragraphs)])
        with self.lock:
            self._article_kinds[key] = found
            while len(self._article_kinds) > ARTICLES_KINDS_CACHED:
                self._article_kinds.popitem(last=False)
        return found

    def facts(self, store: Store, model: str, passages: Sequence[PassageRow]
              ) -> tuple[dict[str, int], dict[int, _PassageFacts]]:
        """The passages' facts (read from the store for those not cached) and the term ids
        they are written in."""
        found: dict[int, _PassageFacts] = {}
        with self.lock:
            for passage in passages:
                known = self._facts.get((model, passage.id))
                if known is not None:
                    self._facts.move_to_end((model, passage.id))
                    found[passage.id] = known
            if len(found) == len(passages):
                return self.term_ids, found
        missing = [p for p in passages if p.id not in found]
        grouped: dict[int, list[SentenceRow]] = {p.id: [] for p in missing}
        for row in store.sentences(model, missing):  # read and decoded outside the lock
            grouped[row.passage_id].append(row)
        with self.lock:
            if len(self.term_ids) > _MAX_TERM_IDS:  # a long-lived process meeting ever new words
                self.term_ids = {}
                self._facts.clear()
                self._size = 0
                grouped.update((p.id, list(found.pop(p.id).rows)) for p in passages if p.id in found)
                missing = list(passages)
            for passage in missing:
                facts = _PassageFacts.of(passage, grouped[passage.id], self.term_ids)
                found[passage.id] = facts
                previous = self._facts.pop((model, passage.id), None)
                self._size += facts.size - (previous.size if previous is not None else 0)
                self._facts[(model, passage.id)] = facts
            while self._facts and self._size > self.limit:
                _, evicted = self._facts.popitem(last=False)
                self._size -= evicted.size
            return self.term_ids, found


ARTICLES_KINDS_CACHED = 256  # (article, kind) pairs: a few candidates a paragraph each
SENTENCE_CACHE_BYTES = 32 * 2**20  # ~170 passages (~190 KiB each, mostly token vectors): the bot stays under 400 MB
_MAX_TERM_IDS = 2_000_000
_caches: "weakref.WeakKeyDictionary[Store, _SentenceCache]" = weakref.WeakKeyDictionary()
_caches_lock = threading.Lock()


def _sentence_cache(store: Store) -> _SentenceCache:
    with _caches_lock:
        cache = _caches.get(store)
        if cache is None:
            cache = _caches[store] = _SentenceCache(SENTENCE_CACHE_BYTES)
        return cache


def _weighted(present: np.ndarray, weights: Sequence[tuple[int, float]], total: float) -> np.ndarray:
    """The weighted share of the question's terms each of many term sets holds (coverage):
    `present` (... x question terms) says which of them each set holds; `weights` are
    (column, weight) in the question's order, added one by one as a sum over one set would."""
    if not total:
        return np.zeros(present.shape[:-1])
    sums = np.zeros(present.shape[:-1])
    for column, weight in weights:
        sums = sums + np.where(present[..., column], weight, 0.0)
    return sums / total


def _absent_max(present: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Per term set (`present`: ... x question terms), the largest weight of a question term
    it lacks (0 when it lacks none)."""
    if not weights.size:
        return np.zeros(present.shape[:-1])
    largest = np.where(present, -np.inf, weights).max(axis=-1)
    return np.where(np.isneginf(largest), 0.0, largest)


def _holding(ids: np.ndarray, owner: np.ndarray, wanted: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(count x len(wanted)): whether each owner holds each wanted id; and how many of its
    ids (repeats counted) are wanted ones."""
    holds = np.zeros((count, len(wanted)), dtype=bool)
    if not len(ids) or not len(wanted):
        return holds, np.zeros(count, dtype=np.int64)
    at, column = np.nonzero(ids[:, None] == wanted[None, :])
    holds[owner[at], column] = True
    return holds, np.bincount(owner[at], minlength=count)


# scoring ----------------------------------------------------------------------------------
@dataclass
class Candidates:
    """The quotable sentences of the best passages, with a feature row each (columns: FEATURES)."""
    rows: list[SentenceRow]
    hits: list[Hit]  # each sentence's passage
    positions: list[int]  # each sentence's index among all its passage's sentences
    features: np.ndarray
    # best_dense, question_terms, unseen_rarity, kind_missing, one_article
    question: tuple[float, ...] = (0.0, 0.0, 0.0, 0.0, 0.0)


_COLUMN = {name: i for i, name in enumerate(FEATURES)}


def sentence_features(question: str, query_vector: np.ndarray, hits: Sequence[Hit], store: Store,
                      model: str, tuning: AnswerTuning | None = None,
                      collections: Sequence[str] | None = None,
                      query_tokens: np.ndarray | None = None, one_article: bool = False) -> Candidates:
    """`collections`: those searched (default: the hits'), where unseen_rarity looks for words.
    `query_tokens`: the question's token vectors (without them the late_* features are 0).
    `one_article`: the hits come from a search of one article only.

    Every feature is computed for all candidates at once from their passages' cached facts,
    adding the same floats in the same order as one sentence at a time would."""
    tuning = tuning or AnswerTuning()
    hits = list(hits[: tuning.passages])
    if not hits:
        return Candidates([], [], [], np.zeros((0, len(FEATURES))))
    if collections is None:
        collections = sorted({h.passage.collection for h in hits})
    info = _Question.of(question, store, collections)
    article_best: dict[tuple[str, str], float] = {}
    for h in hits:
        key = (h.passage.collection, h.passage.article_id)
        article_best[key] = max(article_best.get(key, -np.inf), h.score)
    article_order = sorted(article_best, key=lambda key: -article_best[key])
    article_rank = {key: i for i, key in enumerate(article_order)}
    best_hits = len(hits)
    hits += _article_passages(hits, article_order[: tuning.articles], query_vector, store, model)
    expanded = {h.passage.id for h in hits[best_hits:]}
    rank = {h.passage.id: i for i, h in enumerate(hits)}
    by_passage = {h.passage.id: h for h in hits}
    term_table, known = _sentence_cache(store).facts(store, model, [h.passage for h in hits])
    # In passage id order, as the store reads sentences; passages without any are left out.
    passages = [known[pid] for pid in sorted(known) if known[pid].rows]
    pids = [pid for pid in sorted(known) if known[pid].rows]
    if not passages:
        return _candidates([], [], [], [], hits, info, one_article)

    # The question's terms as the cache's ids (a term no cached passage has matches nothing).
    question_terms = list(info.weights)
    question_ids = np.asarray([term_table.get(t, -1) for t in question_terms], dtype=np.int64)
    column_of = {t: i for i, t in enumerate(question_terms)}
    weights = [(column_of[t], w) for t, w in info.weights.items()]
    rare = [(column_of[t], w) for t, w in info.rare.items()]
    total, rare_total = sum(info.weights.values()), sum(info.rare.values())
    weight_row = np.asarray([info.weights[t] for t in question_terms], dtype=np.float64)
    pair_ids = np.asarray(sorted({term_table[a] * _PAIR + term_table[b] for a, b in info.pairs
                                  if a in term_table and b in term_table}), dtype=np.int64)

    # Every sentence of every passage (n in all): which question terms and pairs it holds.
    sizes = [len(f.rows) for f in passages]
    first = np.asarray([0, *itertools.accumulate(sizes)][:-1], dtype=np.int64)
    n = int(sum(sizes))
    every = np.arange(n)
    term_count = np.concatenate([f.term_count for f in passages])
    holds, matched = _holding(np.concatenate([f.term_ids for f in passages]), np.repeat(every, term_count),
                              question_ids, n)
    pair_hits = _holding(np.concatenate([f.pair_ids for f in passages]),
                         np.repeat(every, np.concatenate([f.pair_count for f in passages])), pair_ids, n)[0].sum(axis=1)
    passage_holds = np.asarray([[t in f.passage_terms for t in question_terms] for f in passages],
                               dtype=bool).reshape(len(passages), len(question_terms))
    title_holds = np.asarray([[t in f.title_terms for t in question_terms] for f in passages],
                             dtype=bool).reshape(len(passages), len(question_terms))

    # Which sentences may be quoted, and each one's quotable neighbours in its passage.
    owner = np.repeat(np.arange(len(passages)), sizes)
    position = every - first[owner]
    has_vector = np.concatenate([f.has_vector for f in passages])
    word_count = np.concatenate([f.word_count for f in passages])
    kept = (has_vector & (word_count >= tuning.min_words)).nonzero()[0]
    if not len(kept):
        return _candidates([], [], [], [], hits, info, one_article)
    where = owner[kept]
    same_before = where[1:] == where[:-1]  # kept sentence i + 1 and i share a passage
    here = holds[kept]
    before = np.zeros_like(here)
    before[1:] = here[:-1] & same_before[:, None]
    after = np.zeros_like(here)
    after[:-1] = here[1:] & same_before[:, None]
    # Every coverage at once (each row's sum the same floats as alone): each sentence's, each
    # kept one's with its neighbours and title, each passage's.
    sets = np.concatenate([holds, before, after, here | before, here | after, here | title_holds[where],
                           passage_holds])
    found = _weighted(sets, weights, total)
    coverages, passage_coverage = found[:n], found[n + 5 * len(kept):]
    previous_coverage, next_coverage, with_previous, with_next, with_title = found[n : n + 5 * len(kept)].reshape(5, -1)
    found = _weighted(np.concatenate([here, passage_holds]), rare, rare_total)
    rare_coverage, passage_rare = found[: len(kept)], found[len(kept):]
    found = _absent_max(np.concatenate([passage_holds, here | before | after]), weight_row) / info.scale
    passage_missing, sentence_missing = found[: len(passages)], found[len(passages):]
    # The best coverage of the sentence before or after it among all its passage's sentences.
    last = first + np.asarray(sizes) - 1
    earlier = np.where(position[kept] > 0, coverages[np.maximum(kept - 1, 0)], -np.inf)
    later = np.where(kept < last[where], coverages[np.minimum(kept + 1, n - 1)], -np.inf)
    context = np.maximum(earlier, later)
    context = np.where(np.isneginf(context), 0.0, context)

    count = term_count[kept]
    novel = count - matched[kept]
    late, passage_late = _late_interaction(query_tokens, passages)
    late = late[kept]
    rows = [row for f in passages for row in f.rows]
    kept_rows = [rows[i] for i in kept.tolist()]
    kept_hits = [by_passage[pids[p]] for p in where.tolist()]
    per_passage = [(h.dense, h.score, 1.0 / (1 + rank[h.passage.id]),
                    article_best[(h.passage.collection, h.passage.article_id)],
                    1.0 / (1 + article_rank[(h.passage.collection, h.passage.article_id)]),
                    1.0 / h.passage.paragraph, float(h.passage.id in expanded), whole)
                   for h, whole in zip((by_passage[pid] for pid in pids), passage_late)]
    passage_values = np.asarray(per_passage, dtype=np.float64)[where]

    typed_kind = np.zeros(len(kept))
    if info.kind is not None:
        typed = [t for f in passages for t in f.typed(info.candidates)]
        typed_kind[:] = [_holds_kind(typed[i], info.asked) for i in kept.tolist()]
    values = {
        "sentence_cosine": [float(row.vector @ query_vector) for row in kept_rows],
        "passage_cosine": passage_values[:, 0],
        "passage_fused": passage_values[:, 1],
        "coverage": coverages[kept],
        "passage_coverage": passage_coverage[where],
        "phrase": pair_hits[kept] / len(info.pairs) if info.pairs else 0.0,
        "context": context,
        **{f"type_{kind}": typed_kind if info.kind == kind else 0.0 for kind in _KINDS},
        "novelty": np.where(count > 0, novel / np.maximum(count, 1), 0.0),
        "passage_rank": passage_values[:, 2],
        "rare_coverage": rare_coverage,
        "passage_rare": passage_rare[where],
        "length": np.concatenate([f.length for f in passages])[kept],
        "previous_coverage": previous_coverage,
        "next_coverage": next_coverage,
        "with_previous": with_previous,
        "with_next": with_next,
        "late_match": late[:, 0], "late_weakest": late[:, 1], "late_unmatched": late[:, 2],
        "passage_late": passage_values[:, 7],
        "article_score": passage_values[:, 3],
        "article_rank": passage_values[:, 4],
        "with_title": with_title,
        "lead": passage_values[:, 5],
        "expanded": passage_values[:, 6],
        "passage_missing": passage_missing[where],
        "sentence_missing": sentence_missing,
        "lead_in_article": passage_values[:, 5] if one_article else 0.0,
    }
    if len(values) != len(FEATURES):  # a name missing or unknown: the fitted weights would misread it
        raise AssertionError(f"feature names {sorted(set(values) ^ set(FEATURES))} do not match FEATURES")
    matrix = np.empty((len(kept), len(FEATURES)), dtype=np.float64)
    for name, column in values.items():
        matrix[:, _COLUMN[name]] = column
    return _candidates(kept_rows, kept_hits, position[kept].tolist(), matrix, hits, info, one_article)


def _candidates(rows: list[SentenceRow], hits_of_rows: list[Hit], positions: list[int], matrix,
                hits: Sequence[Hit], info: _Question, one_article: bool) -> Candidates:
    matrix = np.asarray(matrix, dtype=np.float64).reshape(-1, len(FEATURES))
    # A when/how-many/where/who question none of whose candidates holds that kind of word
    # names an answer these articles lack. Not a list: one is often told an item a sentence.
    kind_missing = float(info.kind not in (None, "list") and not matrix[:, _KIND_COLUMNS].any())
    return Candidates(rows, hits_of_rows, positions, matrix,
                      (max(h.dense for h in hits), float(len(info.weights)), info.unseen_rarity, kind_missing,
                       float(one_article)))


def _article_passages(hits: list[Hit], articles: Sequence[tuple[str, str]], query_vector: np.ndarray,
                      store: Store, model: str, whole: int = 30) -> list[Hit]:
    """The passages of these articles that are not among the hits, as hits scored below every
    real one (their cosine is real: it is a feature). An article of more than `whole` passages
    (an encyclopaedia entry rather than a news story) gives only its first three and the
    neighbours of its hits."""
    have = {h.passage.id for h in hits}
    rows = []
    for collection, article_id in articles:
        passages = store.article_passages(collection, article_id)
        if len(passages) > whole:
            hit_at = {i for i, p in enumerate(passages) if p.id in have}
            near = {0, 1, 2} | {i + step for i in hit_at for step in (-1, 1)}
            passages = [p for i, p in enumerate(passages) if i in near]
        rows += [p for p in passages if p.id not in have]
    if not rows:
        return []
    ids, matrix = store.vectors_of(model, [p.id for p in rows])
    vector_of = dict(zip(ids.tolist(), matrix))
    floor = min(h.score for h in hits) - 0.5
    return [Hit(p, floor, float(vector_of[p.id] @ query_vector), 0.0, vector_of[p.id])
            for p in rows if p.id in vector_of]


def confidence_inputs(found: Candidates, scores: np.ndarray) -> np.ndarray:
    """CONFIDENCE_FEATURES of each candidate sentence."""
    features = found.features
    if not len(scores):
        return np.zeros((0, len(CONFIDENCE_FEATURES)))
    order = np.argsort(-scores, kind="stable")
    best = scores[order[0]]
    second = scores[order[1]] if len(order) > 1 else best - 1.0
    margin = scores - best
    margin[order[0]] = best - second
    width = features.shape[1]
    inputs = np.empty((len(scores), width + 2 + len(found.question)))
    inputs[:, :width] = features
    inputs[:, width] = scores
    inputs[:, width + 1] = margin
    inputs[:, width + 2:] = found.question
    return inputs


def confidence(inputs: np.ndarray, tuning: AnswerTuning) -> np.ndarray:
    """A probability that the articles hold the answer, per row of CONFIDENCE_FEATURES."""
    if tuning.confidence_trees is not None:
        trees = tuning.confidence_trees
        log_odds = trees.log_odds(inputs[:, trees.columns(CONFIDENCE_FEATURES)])
    else:
        log_odds = inputs @ np.asarray(tuning.confidence_weights, dtype=np.float64) + tuning.confidence_bias
    return 1.0 / (1.0 + np.exp(-log_odds))


def score_sentences(
    question: str,
    query_vector: np.ndarray,
    hits: Sequence[Hit],
    store: Store,
    model: str,
    tuning: AnswerTuning | None = None,
    collections: Sequence[str] | None = None,
    query_tokens: np.ndarray | None = None,
    one_article: bool = False,
) -> list[ScoredSentence]:
    found = sentence_features(question, query_vector, hits, store, model, tuning, collections, query_tokens,
                              one_article)
    if not found.rows:
        return []
    scores = found.features @ np.asarray(tuning.rank_weights, dtype=np.float64)
    order = np.argsort(-scores, kind="stable").tolist()
    confidences = _Confidences(confidence_inputs(found, scores)[order], tuning)
    listed = scores.tolist()
    return [ScoredSentence(found.rows[i], found.hits[i], listed[i], confidences, found.features[i],
                           found.positions[i], rank) for rank, i in enumerate(order)]


# A sentence that ends by asking or announcing (a question, a colon), quotes and brackets aside.
_ANNOUNCES = re.compile(r"[?:][\"'”’)\]]*\s*$")
# A short line that only announces what follows ("Here's a guide to the plan:"; a stranger got it
# as a quote): nothing without the next sentence.
_ONLY_ANNOUNCES = re.compile(r"\s*(?:\S+\s+){0,7}\S+:\s*")


def _echoes_question(sentence: ScoredSentence) -> bool:
    """Whether every word of the sentence is one the question has (its `novelty` is nil)."""
    return sentence.features is not None and sentence.features[_COLUMN["novelty"]] == 0


def _holds_asked_kind(sentence: ScoredSentence) -> bool:
    """Whether it holds a word of the kind the question asks for (a year for "when"...)."""
    return sentence.features is not None and bool(sentence.features[_KIND_COLUMNS].any())


def _shares_words(question: str, store: Store, model: str, share: float
                  ) -> Callable[[ScoredSentence, ScoredSentence], bool]:
    """Whether a sentence's paragraph (with its headline) holds at least `share` of the
    question's words (as read after spelling correction) that another sentence's paragraph
    holds. Read only when a quote from another story is considered (never asked of one article),
    from the passages' cached terms (`_PassageFacts.passage_terms`: scoring read them already)."""
    asked: set[str] = set()
    held: dict[int, set[str]] = {}

    def of(sentence: ScoredSentence) -> set[str]:
        if not held:
            matched = question_words(question, store)
            asked.update(terms(" ".join(w for word in words(question) for w in matched.read_as.get(word, (word,)))))
        passage = sentence.hit.passage
        if passage.id not in held:
            _, facts = _sentence_cache(store).facts(store, model, [passage])
            held[passage.id] = asked & facts[passage.id].passage_terms
        return held[passage.id]

    return lambda item, first: len(of(first) & of(item)) >= share * len(of(first))


CLOSING_BIO_LOOKED = 10  # of the best sentences, how many are read for a closing line about the writer


def _without_closing_bio(scored: list[ScoredSentence], question: str, store: Store) -> list[ScoredSentence]:
    """`scored` without the line closing an article that says who wrote it ("Clark Boyd is
    technology correspondent for The World…": a stranger's "who made it?" of a report on a new
    TV set got it first), unless the question names them: it is about the writer, not the story
    (who wrote it is answered from bylines before this). Only among the best few: the others are
    never quoted."""
    asked = set(words(question))
    dropped = set()
    for i, item in enumerate(scored[:CLOSING_BIO_LOOKED]):
        bio = closing_bio(item.row.text)
        if bio is None or not asked.isdisjoint(words(bio[0])):
            continue
        # Only the line `about.bylines` reads as who wrote it: the text's last, naming someone
        # the story is not about ("Dan Brown is the author of…" closing a story on him is its own).
        article = store.article(item.hit.passage.collection, item.hit.passage.article_id)
        if article is not None and any(b.start <= item.row.start and item.row.end <= b.end for b in bylines(article)):
            dropped.add(i)
    return [item for i, item in enumerate(scored) if i not in dropped] if dropped else scored


def _same_article(one: ScoredSentence, other: ScoredSentence) -> bool:
    a, b = one.hit.passage, other.hit.passage
    return (a.collection, a.article_id) == (b.collection, b.article_id)


def _holds_rare(sentence: ScoredSentence) -> bool:
    """Whether its paragraph or headline holds one of the question's rarest words."""
    return sentence.features is None or bool(sentence.features[_COLUMN["passage_rare"]] > 0)


# "Or so says Home Secretary Charles Clarke.": whose words the sentence before gives, and no more.
_ONLY_SAYS_WHO = re.compile(r"\W*(?:or\s+)?(?:so|thus|that'?s\s+what|that\s+is\s+what)\s+(?:\w+\s+)?(?:says?|said|"
                            r"claims?|claimed|argues?|argued|thinks?|believes?|insists?|insisted)\b", re.IGNORECASE)
# ... and "This is likely…", "That means…": a sentence's "this" standing for what the one before says.
_OPENS_WITH_IT = re.compile(r"[\"'“‘(\[]*(?:it|its|(?:this|that)(?=\s+(?:is|was|has|had|would|could|will|may|might|"
                            r"means|meant|comes|came|follows|followed|leads|led|marks|marked)\b))\b", re.IGNORECASE)
# Words news uses for a body, a person or an event it has just named: "the firm", "the
# 29-year-old", "the deal", "the US firm", "the other", in lowercase. Only as a sentence's
# subject, going on with a verb, an adverb, a relative clause or an owner's "'s" ("The group
# is…", "The group wants…", "The firm's boss…", "The deal, worth…"): not "The Bank of England",
# "The World Bank", "The group stage", "The Chancellor, Gordon Brown,", which name what they are.
# Not "the government" or "the police" either.
_THE_ONE_NOUNS = (
    r"firms?|compan(?:y|ies)|groups?|clubs?|teams?|side|band|banks?|airlines?|carrier|network|studio|label|chain|"
    r"retailer|giant|operator|manufacturer|maker|carmaker|broadcaster|watchdog|regulator|agency|organisation|"
    r"organization|charity|body|council|union|party|couple|pair|duo|trio|two|three|star|singer|actor|actress|"
    r"players?|striker|midfielder|defender|winger|keeper|goalkeeper|coach|manager|boss|minister|executive|"
    r"businessman|frenchman|briton|scot|welshman|irishman|american|australian|german|italian|spaniard|dutchman|"
    r"russian|brazilian|argentine|deals?|move|plans?|decision|report|study|survey|scheme|proposals?|bill|ruling|"
    r"offer|bid|takeover|merger|case|film|album|book|show|series|game|device|product|service|system|software|"
    r"programme|program|project|campaign|measures?|changes?|defeat|win|victory|result|scandal|row|dispute|incident")
_OPENS_WITH_THE_ONE = re.compile(
    rf"[\"'“‘(\[]*(?:(?:the|this|that|these|those|such(?:\s+an?)?)\s+"
    rf"(?:\d+-year-old|(?:(?:(?-i:[A-Z][\w.-]*)|two|three|four|five)\s+)?"
    # in lowercase: "The World Bank", "The Labour Party", "The Star" are names
    rf"(?-i:{_THE_ONE_NOUNS}))|the\s+(?-i:other|latter|former))"
    r"(?=['’]s?\s|,\s+(?-i:[a-z])|\s+(?:is|was|are|were|has|had|have|said|says|will|would|could|can|may|might|must|"
    r"should|also|now|still|then|already|later|recently|previously|currently|first|last|both|all|each|together|"
    r"did|does|do|which|who|"
    r"whose|told|added|insisted|announced|declined|refused|admitted|denied|claimed|warned|won|lost|made|took|"
    r"became|began|went|came|wants|values|employs|makes|says|plans|hopes|expects|faces|needs|owns|runs|sells|"
    r"uses|believes|claims|denies|insists|argues|admits|warns|rejects|accepts|agrees|remains|continues|includes|"
    r"comes|goes|gets|takes|gives|holds|keeps|say|want|plan|hope|expect|face|need|own|believe|claim|deny|insist|"
    r"argue|admit|warn|agree|remain|continue|\w+ed)\b)", re.IGNORECASE)
# The first quotation mark of a sentence, when it closes one: a curly close, or a straight mark
# straight after a word or punctuation (an opening one follows a space or opens the sentence).
_FIRST_MARK = re.compile(r"[\"“”]")


def _begins_inside_quotation(text: str) -> bool:
    """Whether a sentence begins inside a quotation opened before it (`join_quotation`)."""
    first = _FIRST_MARK.search(text)
    if first is None:
        return False
    if first.group() == "”":
        return True
    return first.group() == '"' and first.start() > 0 and not text[first.start() - 1].isspace() \
        and text[first.start() - 1] not in "([—–-" and text[:first.start()].strip() != ""


def _ends_inside_quotation(text: str) -> bool:
    """Whether a sentence ends inside a quotation it opens, closed only in a sentence after it
    ('But Rinaldi said: "I cannot give you a price that Inter would accept for Adriano.')."""
    marks = list(_FIRST_MARK.finditer(text))
    if not marks:
        return False
    last = marks[-1]
    if last.group() == "“":
        return True
    after = text[last.end():last.end() + 1]
    # A straight mark opens where a space (or the sentence's start) is before it and a word after:
    # also a quotation re-opened at a new sentence and never closed first, as the BBC runs one over
    # several ('…: "The fact is… Britain. "I'm not at all German-bashing.': a stranger's quote
    # stopped there, before 'It's the truth."').
    before = text[last.start() - 1:last.start()]
    return (last.group() == '"' and after != "" and not after.isspace()
            and (before == "" or before.isspace() or before in "([—–-"))


QUOTATION_REACH = 2  # sentences after one opening a quotation that may close it


def _rest_of_quotation(opening: ScoredSentence, by_place: dict, used: set) -> list[ScoredSentence]:
    """The sentences after `opening` up to the one closing the quotation it opens (no other mark
    between), within QUOTATION_REACH of its paragraph; [] when none closes it there."""
    rest = []
    for step in range(1, QUOTATION_REACH + 1):
        place = (opening.row.passage_id, opening.position + step)
        after = by_place.get(place)
        if after is None or place in used:
            return []
        rest.append(after)
        if _begins_inside_quotation(after.row.text):
            return rest
        if _FIRST_MARK.search(after.row.text):
            return []  # another quotation opens: not where this one ends
    return []


class QuoteSpan(list):
    """A quote's sentences in article order, and the one it was chosen for (`chosen`): its
    confidence is the quote's, a neighbour joined for context lending it nothing; except where a
    quote may go before the lead (`_lead_after`), which reads the best of its sentences' (reading
    only the chosen one's cost two first quotes held out: docs/experiments.md)."""

    def __init__(self, sentences: Sequence[ScoredSentence], chosen: ScoredSentence):
        super().__init__(sentences)
        self.chosen = chosen


def choose_quotes(scored: Sequence[ScoredSentence], top: int, tuning: AnswerTuning,
                  best: float | None = None,
                  shares_words: Callable[[ScoredSentence, ScoredSentence], bool] | None = None,
                  theirs: Callable[[ScoredSentence], bool] | None = None) -> list[QuoteSpan]:
    """The quotes, best first, each one sentence or two adjacent ones of a paragraph (in
    article order). The first two may come from one paragraph; every later one cites a
    paragraph not quoted yet, so a third quote is a second opinion rather than more of the same.
    `best`: the confidence that decides whether to answer at all, when the first sentence was
    put first for another reason than its score (`_speaker_first`); default its own.
    `shares_words(later, first)`: whether a later quote from another story than the first's
    shares enough of the question's words with it (`_shares_words`); default: any does.
    `theirs`: for a question asking someone's words, whether a sentence gives them
    (`_their_words`): a sentence giving theirs is not joined by a neighbour naming another speaker."""
    if not scored or (scored[0].confidence if best is None else best) < tuning.threshold:
        return []
    by_place = {(s.row.passage_id, s.position): s for s in scored}
    used: set[tuple[int, int]] = set()
    quoted: list[int] = []  # passage id of each quote so far
    quotes: list[QuoteSpan] = []
    shown: set[str] = set()  # the quotes' sentences' texts
    for item in scored:
        if len(quotes) >= top:
            break
        pid = item.row.passage_id
        place = (pid, item.position)
        if place in used or quoted.count(pid) >= tuning.per_passage:
            continue
        if len(quotes) >= 2 and pid in quoted:
            continue
        if item.row.text in shown:
            continue  # the same sentence in another copy of the story: a stranger got it twice, [1] and [2]
        if is_disclaimer(item.row.text):
            # "This article is for general informational purposes…" padded strangers' third quotes
            # and answered "what is vungle?": it says nothing of what is asked (asked about the
            # article itself, "is this financial advice?", it is quoted by `about`).
            continue
        floor = tuning.threshold * (tuning.second_opinions if quotes else tuning.follow)
        if (quotes or item is not scored[0]) and item.confidence < floor:
            continue  # a second opinion, or standing in for a best sentence that was no answer
        if quotes and not _same_article(item, quotes[0][0]) and (
                (tuning.other_articles_rare and not _holds_rare(item))
                or (shares_words is not None and not shares_words(item, quotes[0][0]))):
            continue  # another story's sentence sharing only some of the question's everyday words
        span = [item]
        if tuning.join is not None:
            neighbours = [by_place.get((pid, item.position + step)) for step in (-1, 1)]
            fitting = [n for n in neighbours if n is not None and (pid, n.position) not in used
                       and len(n.row.text.split()) + len(item.row.text.split()) <= tuning.join_max_words
                       and not _items_apart(item, n)]
            if theirs is not None and tuning.join_one_speaker and theirs(item):
                fitting = [n for n in fitting if theirs(n) or not _another_speaker(
                    n.row.text, item.row.text, before=n.position < item.position)]
            close = [n for n in fitting if n.score >= item.score - tuning.join]
            if not close and tuning.join_typed and not _holds_asked_kind(item):
                close = [n for n in fitting if _holds_asked_kind(n)]
            if _ANNOUNCES.search(item.row.text):
                # "Why is this important?" or "…the following:" says little by itself: what it
                # announces is the next sentence, whatever the ranker thinks of it. With none in
                # its paragraph, a question that only echoes the reader's words is no answer; one
                # that says more ("…raises the question: are they really decentralized?") is
                # the article's stance.
                after = [n for n in fitting if n.position == item.position + 1]
                if not after and (_echoes_question(item) or _ONLY_ANNOUNCES.fullmatch(item.row.text)):
                    continue
                close = after or close
            if close:
                span = sorted([item, max(close, key=lambda n: n.score)], key=lambda s: s.position)
            if ((tuning.join_speaker and OPENS_WITH_SOMEONE.match(span[0].row.text))
                    or (tuning.join_it and _OPENS_WITH_IT.match(span[0].row.text))
                    or (tuning.join_the and _OPENS_WITH_THE_ONE.match(span[0].row.text))
                    or (tuning.join_said and (SAID_BY_PRONOUN.search(span[0].row.text)
                                              or _ONLY_SAYS_WHO.match(span[0].row.text)))
                    or (tuning.join_quotation and _begins_inside_quotation(span[0].row.text))):
                before = by_place.get((pid, span[0].position - 1))
                if (before is not None and (pid, before.position) not in used
                        and sum(len(s.row.text.split()) for s in [before, *span]) <= tuning.join_max_words):
                    span = [before, *span]
            if tuning.join_quotation and _ends_inside_quotation(span[-1].row.text):
                # ... and one that opens a quotation the next sentence closes takes that one in
                # (strangers read 'But Rinaldi said: "I cannot give you a price…' with its stray
                # mark as a quote cut short).
                rest = _rest_of_quotation(span[-1], by_place, used)
                if rest and sum(len(s.row.text.split()) for s in [*span, *rest]) <= tuning.join_max_words:
                    span = [*span, *rest]
        # Nor a neighbour joined to it that an earlier quote shows (another copy's).
        span = [s for s in span if s is item or s.row.text not in shown]
        shown.update(s.row.text for s in span)
        used.update((pid, s.position) for s in span)
        quoted.append(pid)
        quotes.append(QuoteSpan(span, item))
    return quotes


def _another_speaker(sentence: str, beside: str, before: bool) -> bool:
    """Whether `sentence` gives the words of someone other than whoever speaks in `beside`
    (`join_one_speaker`): 'Lyric chairman David Johnston said he hoped…' beside "Mr Neeson said…",
    "Mr Howard's spokesman said…" beside "Mr Blair said…", "Michael Howard said…" beside "But Mr
    Blair said Mr Howard was wrong"; not '"…," Kirwan said.' beside "Their coach John Kirwan has
    warned…", nor, `before` a sentence naming no speaker but a he or she saying its words, "Malcolm
    Seagrave, security expert at Energis, said…", which names who that is (the first versions'
    misses, found on the strangers' set and by a review)."""
    who = _named_speaker(sentence)
    if who is None:
        return False
    own = _named_speaker(beside)
    if before and own is None and PRONOUN_SAYS.search(beside):
        return False
    surname = _surname(who)
    if surname is None:  # a description, or someone's ("Mr Howard's spokesman")
        return True
    if own is not None:
        return _surname(own) != surname
    return re.search(rf"\b{re.escape(surname)}\b", beside.replace("’", "'"), re.IGNORECASE) is None


def _named_speaker(sentence: str) -> str | None:
    """`speaker_named`, with the name before a description it gives instead ("Jack Straw, the
    Foreign Secretary, said…": "the Foreign Secretary", read as "Jack Straw")."""
    who = speaker_named(sentence)
    if who is not None and who[:1].islower() and (
            opening := re.match(r"\s*((?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*),", sentence)) is not None:
        return opening.group(1)
    return who


_SPEAKERS_TITLES = frozenset("mr mrs ms miss dr sir lord lady dame prof professor rev".split())


def _surname(who: str) -> str | None:
    """The last capitalised word of a speaker as `speaker_named` names them, titles, a description
    after a comma and a body after "of" aside ("Jack Straw, the Foreign Secretary": straw; "Hannah
    Ward of the Refugee Council": ward), casefolded; None for one named only by a description or as
    someone's ("Mr Howard's spokesman")."""
    name = re.split(r",|\s+of\s+|\s+at\s+", who.replace("’", "'"), maxsplit=1)[0]
    capitals = re.findall(r"\b[A-Z][\w'.-]*", name)
    if any(word.endswith("'s") for word in capitals):
        return None
    names = [word for word in capitals if word.casefold().rstrip(".") not in _SPEAKERS_TITLES]
    return names[-1].casefold() if names else None


# A bare list of six names or more, each perhaps with a club or a substitute in brackets: a match
# report's team sheet ("Gordon, Webster, Simmons (MacFarlane 64), …"), a squad, a tournament's
# pool, perhaps after its side's name and a colon, perhaps split by semicolons ("Wales: G Thomas;
# H Luscombe, …"). All 137 such sentences of the BBC corpus are one of those.
_SHEET_WORD = r"(?:[A-Z][\w'’.-]*|(?:de|van|der|da|di|le|la|du|von|dos|del)\b)"
_SHEET_ITEM = rf"(?:{_SHEET_WORD}(?:\s+{_SHEET_WORD}){{0,3}}(?:\s*\([^()]{{1,40}}\))?)"
TEAM_SHEET = re.compile(rf"\s*(?:{_SHEET_WORD}(?:\s+{_SHEET_WORD}){{0,3}}\s*)?:?\s*"
                        rf"{_SHEET_ITEM}(?:\s*[,;]\s*{_SHEET_ITEM}){{5,}}(?:\s*,?\s*and\s+{_SHEET_ITEM})?\s*[.;]?\s*")
# A question a bare list of names answers: a side ("what's italy's starting lineup", "who's in the
# squad", "who played for ireland?", "who did robinson pick?"), its captain, whom a sheet marks
# ("G Bulloch (capt)": a stranger's "who is captaining scotland?"), or any list ("which bands are
# playing?", "who else is headlining?", "what countries are in the group?"): only these see one.
_ASKS_FOR_A_SIDE = re.compile(
    r"\b(?:line[- ]?ups?|lined\s+up|squads?|starting|started|team\s*sheets?|sides?|teams?|players|picked|pick|"
    r"selected|select|named|dropped|left\s+out|subs?|substitutes?|bench|replacements|xv|xi|eleven|pool|groups?|"
    r"in\s+goal|played\s+for|plays\s+for|playing\s+for|headlin\w*|bill|bands|acts|artists|capt\w*|skipper\w*|"
    r"which\s+\w+s|what\s+(?:other\s+)?\w+s\s+(?:are|were|have|had|will|did|do)|who\s+else|"
    r"who(?:\s*['’]s|s)?\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:in|playing|on|starting|at))\b", re.IGNORECASE)


def asks_for_a_side(question: str) -> bool:
    """Whether a question asks for a side, its captain or any list, which a bare list of names may
    answer (`team_sheets`)."""
    return _ASKS_FOR_A_SIDE.search(question) is not None


# A list's next item: a line break, then a bullet or a number.
_NEXT_ITEM = re.compile(rf"\n[ \t]*(?:{BULLET}|{NUMBERED})[ \t]")


def _items_apart(one: ScoredSentence, other: ScoredSentence) -> bool:
    """Whether two adjacent sentences are items of a list, never quoted as one (a stranger got
    "…23 people who were not allowed to possess them • delivering 36 guns…")."""
    first, second = sorted((one, other), key=lambda s: s.position)
    passage = first.hit.passage
    between = (first.row.end - passage.start, second.row.start - passage.start)
    return _NEXT_ITEM.search(passage.text, *between) is not None


COLD_MISSING_HITS = 3  # best sentences whose articles a question asked of every article may be answered from


def _article_lacks_asked(question: str, passage: PassageRow, store: Store, tuning: AnswerTuning) -> str | None:
    """Whether the question asks for a kind of number in `tuning.decline_missing` and no
    paragraph of the passage's article holds one that the question does not itself say (for the
    age of something other than a person, nor a year): that kind ("money", "age"), else None."""
    unit = asked_unit(question) or ("money" if _WHAT_SUM.search(question) else None)
    if unit is None or unit not in (tuning.decline_missing or "").split("+"):
        return None
    kinds = [unit]
    if unit == "age":
        text = " ".join(question.casefold().replace("’", "'").split())
        if not _HOW_OLD.search(text):
            return None  # "what age can they retire?" asks for a threshold: "from 60 to 65"
        whose, named = _whose_age(text)
        if whose is not None and re.fullmatch(r"(?:the\s+)?(?:[a-z]+\s+){0,2}?(?:age|limit)", whose.group(1).strip()):
            # "how old is the current retirement age?" asks one too: "past 65" (a stranger's); not
            # "…the footballer who lied about his age?" (a review's find)
            return None
        if not _AGE_OF_SOMEONE.search(text):
            rows = store.article_passages(passage.collection, passage.article_id) if named else []
            if not _a_person_asked(named, rows):
                # "how old is the bridge / is Leeds?": "founded in 1919" answers. Not of one the article
                # calls "Mr Brown" (a stranger's "how old is gordon brown?" was cautioned, not declined).
                kinds.append("year")
    asked = set(words(question))
    cache = _sentence_cache(store)
    told = _told_only(unit, question)
    if any(_holds_kind(told(found), asked) for kind in kinds for found in cache.article_kind(store, passage, kind)):
        return None
    if unit == "score" and any(_RESULT.search(row.text) for row in store.article_passages(passage.collection,
                                                                                           passage.article_id)):
        # A match reported in words ("Goals from Vignal and Novo gave Rangers a scrappy victory"):
        # its result is there, if in no figures (a review's find).
        return None
    log.debug("a question asking for %s, and %r gives none: declined", unit, passage.title)
    return unit


def _age_of_someone_else(question: str, passage: PassageRow, store: Store, tuning: AnswerTuning) -> str | None:
    """For "how old is tim henman?" (a person by name, `_a_person_in`), the name as asked ("Tim
    Henman"), when every age the passage's article gives is another person's by name ("the
    17-year-old Murray", "Vladimir Girin, 15,"; `_age_holders`): their ages do not answer it (a
    stranger's was quoted "the 17-year-old Murray"). None when an age may be theirs or is given
    with no name. Not a role ("how old is the singer?" of "Madonna, 47, …. The singer said…": a
    story names a person once with their age and then by what they are; a review's find)."""
    if "age" not in (tuning.decline_missing or "").split("+") or asked_unit(question) != "age":
        return None
    text = " ".join(question.casefold().replace("’", "'").split())
    whose, named = _whose_age(text)
    if whose is None or _AGE_OF_SOMEONE.search(text) or re.match(r"how old \S+ (?:the|a|an) ", whose.group(0)):
        return None  # a role, which a story may name once with the age and then by what they are
    rows = store.article_passages(passage.collection, passage.article_id) if named else []
    if not named or not _a_person_asked(named, rows):
        return None
    article = "\n\n".join(row.text for row in rows)
    holders = [holder for row in rows for holder in _age_holders(row.text, article)]
    if not holders or any(holder is None or set(words(holder)) & set(named) for holder in holders):
        return None
    log.debug("a person's age asked, and %r gives only others' by name: declined", passage.title)
    return " ".join(word.capitalize() for word in whose.group(1).split())


# Whose an age is, written beside it: a name straight after "N-year-old" ("the 17-year-old Murray";
# not "The 28-year-old joined Arsenal", "The 42-year-old Chelsea manager": a review's finds), or right
# before the age in commas or brackets ("Girin, 15,", "Lucy (36)", "Hendrix, aged 27,").
_NAME = r"(?:[A-Z][\w'’.-]*\s+){0,3}[A-Z][\w'’-]*"


def _age_holders(text: str, article: str) -> list[str | None]:
    """Each age in `text` (`_AGE`): the name of the person whose it is, when written beside it
    and a person's name in `article` (`_a_full_name`); else None (an age that may be anyone's:
    "The 24-year-old said", "he is 34", "born in 1981", "The Chancellor, 54,")."""
    found: list[str | None] = []
    for age in _AGE.finditer(text):
        holder = None
        if re.search(r"year[- ]old", age.group(), re.IGNORECASE):
            after = re.match(rf"\s+({_NAME})\b(?![\w'’-]|\s+{_DESCRIBING_ROLE}\b)", text[age.end():])
            holder = after.group(1) if after is not None else None
        elif re.match(r",|\s*\(", age.group()):  # "Girin, 15,", "Lucy (36)"
            before = re.search(rf"({_NAME})\s*$", text[:age.start()])
            holder = before.group(1) if before is not None else None
        elif re.match(r"aged\b", age.group(), re.IGNORECASE):  # "Hendrix, aged 27,"
            before = re.search(rf"({_NAME}),\s*$", text[:age.start()])
            holder = before.group(1) if before is not None else None
        found.append(holder if holder is not None and _a_full_name(holder, article) else None)
    return found


def _a_full_name(name: str, article: str) -> bool:
    """Whether `name` ("Vladimir Girin", "Murray") is a person's as `article` writes it: its
    surname after a title or speaking ("Mr Girin", "said Girin", "Girin told…"), or a surname alone
    written after a first name elsewhere ("Andy Murray"); not "The 31-year-old World Cup winning
    scrum-half", never after a determiner ("The Chancellor"), nor a nationality ("the 34-year-old
    American")."""
    parts = name.split()
    if any(nation_words(p.casefold()) or p.casefold() in _NOT_A_HOLDER for p in parts):
        return False
    surname = re.escape(parts[-1])
    said = r"(?:said|says|told|tells|added|adds|insisted|admitted)"
    if re.search(rf"\b(?:{_HONORIFICS}\s+{surname}\b|{said}\s+{surname}\b|{surname}\s+{said}\b)", article):
        return True
    return len(parts) == 1 and bool(re.search(rf"\b{_NO_DETERMINER}[A-Z][a-z]+\s+{surname}\b", article))


# Not a name, though capitalised there: a determiner or pronoun, or a nationality nation words may miss.
_NOT_A_HOLDER = frozenset("the a an he she it they his her their this that who which briton britons scot scots "
                          "welshman englishman irishman scotsman frenchman dutchman spaniard dane swede finn pole "
                          "swiss kiwi aussie londoner".split())


# "what did X say / think", "has X said anything", "how did X respond": X is the span asked about.
_WORDS_OF = re.compile(
    r"\b(?:did|does|do|has|have|had)\s+(?P<who>[\w' .&-]+?)\s+(?:actually\s+|exactly\s+|even\s+|ever\s+|really\s+|"
    r"just\s+)?(?:say|said|says|think|thinks|thought|respond|responded|comment|commented|reply|replied|tell|told|"
    r"make\s+of|reckon)\b(?!\s+(?:no|yes)\s+to\b)", re.IGNORECASE)  # "why did roche say no to federer?" asks why
# Only "what did X say?" ("has X said anything about it?": a stranger's was declined at 0.2697
# against 0.270 over "Keys said she was 'very excited'…"): X's words, whatever they are about,
# are the answer.
_ONLY_WORDS_OF = re.compile(
    r"\W*(?:(?:so|and|ok|okay|but)[\s,]+)?(?:"
    r"(?:what|wat)\s+(?:else\s+)?(?:did|does|do|has|had)\s+[\w' .&-]+?\s+"
    r"(?:actually\s+|really\s+|just\s+)?(?:say|said|says|think|thought)"
    # "about it all", "of all this": no more asked than "about it" (a stranger's "what did jake
    # white think about it all" was declined at 0.254 against 0.270, his words in the story)
    r"(?:\s+(?:then|there|here|exactly|(?:about|of)\s+(?:(?:it|this|that)(?:\s+all)?|all\s+(?:this|that))"
    # the story's own thing, by one word ("what does karen brady think about the offer?" was
    # declined at 0.269 against 0.270, her words on the bid in the lead), asked of one story
    r"|(?P<topic>(?:about|of|on)\s+(?:the|this|that|his|her|their|its)\s+[a-z]+)))?"
    r"|(?:has|have|had|did)\s+[\w' .&-]+?\s+(?:said|say|commented|comment|responded|respond|replied|reply)"
    r"(?:\s+(?:anything|something))?(?:\s+(?:about|on)\s+(?:(?:it|this|that)(?:\s+all)?|all\s+(?:this|that)))?"
    r")\W*",
    re.IGNORECASE)
# People a place holds, whom "the crowd at berlin" asks of, not of the place.
_CROWDS = frozenset("crowd crowds fans spectators audience audiences people ppl residents locals voters workers staff "
                    "employees viewers supporters students parents passengers shoppers protesters visitors".split())
_SOMEONE = frozenset("he she they it we you u i them him her anyone anybody someone somebody people ppl everyone "
                     "everybody anything something himself herself themselves itself".split())
# A sentence giving someone words: a quotation mark, or a verb of saying, thinking or finding.
_GIVES_WORDS = re.compile(
    r"[\"“”]|\b(?:said|says|say|saying|told|tells|tell|added|adds|insisted|insists|admitted|admits|claimed|warned|"
    r"warns|warn|explained|argued|argues|wrote|writes|stated|commented|according|believes|believed|believe|thinks|"
    r"think|feels|hopes|hoped|expects|expected|spokesman|spokeswoman|spokesperson|statement|remarked|replied|"
    r"responded|denied|denies|confirmed|announced|revealed|urged|accused|criticised|welcomed|praised|signalled|"
    r"dismissed|called|found|finds|shows|showed|suggests|suggested|concluded|concludes|reported|recommends|"
    r"recommended|predicted|estimates|estimated|"
    # a view voiced ("The English FA has expressed doubt as to whether…": a stranger's "what does
    # the english fa think about it" was told the story gives it no words)
    r"expressed|expresses|voiced|voices|"
    # a view given as a cause ("Analysts attributed the falls to…": a stranger's "what are analysts
    # saying?" was told they give no words)
    r"attributed|attributes|blamed|blames|"
    # what a name claims ("Yukos claims that it is being punished…": a stranger's "what does yukos
    # say about the sale" was told the story gives Yukos no words); not the noun ("AMF is
    # investigating claims that…", "Following claims that…", "Campbell's claims": a retrial's and a
    # review's finds), nor a win ("Federer claims Dubai crown")
    r"(?<![\w'’-])(?!(?:the|these|those|such|his|her|their|its|our|following|despite|amid|after|over|new|fresh|"
    r"further|earlier)\b)(?-i:[A-Z])[\w'’-]*(?<!['’]s)\s+claims\s+that)\b", re.IGNORECASE)

# Speech itself: quotation marks or a verb only words take. A story with none of it gives no one's
# words; most of `_GIVES_WORDS`' verbs tell a match or a market too ("the pressure told", "added a
# penalty", "replied with a try", "claimed a deserved victory", "shares added 1.7%").
_SPEECH_ANYWHERE = re.compile(
    r"[\"“”‘]|\b(?:said|says|saying|according\s+to|spokes(?:man|woman|person)|statement|insisted|admitted|believes|"
    r"thinks|argues|argued|writes|wrote|interview|announced|announces|urged|urges|revealed|reveals|explained|"
    r"explains|stated|cautioned|remarked|replied\s+that|"
    r"(?:claim|claims|claimed|claiming|warned|warns|confirmed|confirms|denied|denies|added|told|suggested|predicted)"
    r"(?:\s+[\w'’]+){0,4}?\s+that)\b",
    re.IGNORECASE)


# "what are the unions saying?", "what is the govt thinking?": the same, asked so (a stranger's
# was quoted a story naming no union).
_WORDS_OF_NOW = re.compile(r"\b(?:what|wat)(?:'s|s|\s+(?:are|is|were|was|r))\s+(?P<who>[\w' .&-]+?)\s+"
                           r"(?:saying|thinking|claiming|arguing)\b", re.IGNORECASE)


def _asked_of(question: str) -> re.Match | None:
    """The match naming whom a question asks the words or thoughts of (its group "who")."""
    question = question.replace("’", "'")
    found = _WORDS_OF.search(question)
    if found is not None and found.group().split()[-1].casefold() in _ALSO_NOUNS and _DETERMINED.search(found["who"]):
        # "when did he make the nazi comment" asks when he made a comment, not the words of "he
        # make the nazi" (a stranger's was declined as giving that no words).
        found = None
    return found or _WORDS_OF_NOW.search(question)


# Verbs of `_WORDS_OF` that are nouns too, and a determiner inside whom it would name: "the nazi
# comment", "his reply".
_ALSO_NOUNS = frozenset({"comment", "reply"})
_DETERMINED = re.compile(r"\S\s+(?:the|a|an|his|her|their|its|this|that|these|those|my|your|our)\b", re.IGNORECASE)


def asked_of_span(question: str) -> tuple[int, int] | None:
    """Where a question names whom it asks the words or thoughts of ("what did zain jaffer say
    about big tech" → the span of "zain jaffer"), None when it asks no one's."""
    asked = _asked_of(question)
    return None if asked is None else asked.span("who")


def words_asked_of(question: str) -> list[str]:
    """The words naming whom a question asks the words or thoughts of ("what did the celtic
    manager think" → ["celtic", "manager"]), without function words and he/she/anyone; [] when
    it asks no one's."""
    asked = _asked_of(question)
    if asked is None:
        return []
    # "the crowd at berlin", "the fans in madrid": the crowd, the fans (a stranger's was declined
    # as asking the words of Berlin); not "ricard's rivals at diageo", who are Diageo.
    who = asked.group("who")
    at = re.search(r"\s+(?:at|in|from)\s+", who)
    if at is not None and (before := words(who[:at.start()])) and before[-1] in _CROWDS:
        who = who[:at.start()]
    return [w for w in words(who) if w not in STOPWORDS and w not in _SOMEONE]


def person_asked_of(question: str) -> str | None:
    """The name of the one whose words `question` asks for, as typed ("janet jackson" of "what
    did janet jackson say?"), or of whom it asks them about ("…say about sonny parker?"): a
    later "and what about her?" stands for the last one named. None for a pronoun, a role or a
    body ("the chelsea boss", "the unions", "labour mps"): no name."""
    asked = _asked_of(question)
    if asked is None:
        return None
    # The last one it names: "what did mike ruddock say about sonny parker?" names Parker last,
    # whom "and what about him?" next asks about (a stranger's was read as Ruddock).
    about = re.match(r"\s+about\s+([\w' .&-]+?)\W*$", question.replace("’", "'")[asked.end():], re.IGNORECASE)
    for who in ([about.group(1)] if about else []) + [asked.group("who")]:
        who = " ".join(who.split()).strip(" .")
        while who.split() and who.split()[0].casefold().strip(".") in _TITLES | {"mr", "mrs", "ms", "dr", "sir"} \
                and len(who.split()) > 1:
            who = who.split(maxsplit=1)[1]  # "coach graham henry": Graham Henry
        named = words(who)
        if not named or not named[0].isalpha() or named[0] in STOPWORDS or named[0] in _SOMEONE:
            continue
        if any(w in _SOMEONE or w in _TITLES or w in _MEMBERS or _role(w) in _ROLE_WORDS or _role(w) in _PARTY_WORDS
               for w in named):
            continue
        return who
    return None


def _as_named(word: str) -> set[str]:
    """The words a party or a group asked about by `word` goes by in a story: its singular and its
    other names ("conservatives": "Conservative shadow foreign secretary Michael Ancram said…",
    "tories": "Tory shadow work and pensions secretary"; strangers were told the story gives them no
    words)."""
    found = {word, *aliases_of(word)}
    return found | {w[:-1] for w in found if w.endswith("s") and len(w) > 4 and not w.endswith("ss")}


# Where a government sits, which speaks for it.
_SEATS_OF_GOVERNMENT = frozenset({("downing", "street"), ("white", "house")})


def _nation_asked(question: str) -> tuple[str, ...]:
    """The other words of the nation a question asks the words of, named by one word alone
    ("denmark", "the danes", "the saudis": `spelling.nation_words`); () for any other ("north
    korea", "jools holland", "the turkey farmers")."""
    who = words_asked_of(question)
    return nation_words(who[0]) if len(who) == 1 else ()


# Who speaks for a nation, after its people's word ("the Danish Dairy Board", "Russian
# authorities", "the French foreign minister", "the German Federal Labour Agency"); not one of its
# people ("French actor Gerard Depardieu", "Chinese dissident Wei Jingsheng"), a firm, a union or
# a news agency ("Swiss bank UBS", "the German union IG Metall", "Japanese news agency Kyodo"), nor
# another country's ("South Korean", "West Indian", "Latin American": reviews' finds).
_NATION_BODY = (r"(?:government|ministry|minister|officials?|authorities|embassy|ambassador|board|council|federation|"
                r"association|spokes(?:man|woman|person)|president|premier|chancellor|diplomats?|negotiators?|"
                r"delegation|parliament|police|army|military|regulators?|central\s+bank|prosecutors?|court|"
                r"foreign\s+office|(?<!news\s)agency)")
_COMPASS = (r"(?<![Nn]orth )(?<![Ss]outh )(?<![Ee]ast )(?<![Ww]est )(?<![Nn]orthern )(?<![Ss]outhern )"
            r"(?<![Ll]atin )")
# Who leads a nation, named after its people's word ("Russian President Vladimir Putin", "German
# Chancellor Gerhard Schroeder", "American President George W Bush"); not a former one ("the
# former Dutch prime minister Wim Kok"), nor "English Premier League leaders Chelsea" (a review's finds).
_NATION_LEADER = (r"(?:president|prime\s+minister|premier(?!\s+league)|chancellor|leader|foreign\s+minister|"
                  r"foreign\s+secretary|king|queen|ambassador|finance\s+minister)")
# A leader's name as written: capitalised words and initials on one line, not in capitals throughout.
_LEADER_NAME = r"(?-i:((?:[A-Z](?:[a-z][\w'’-]*|\.)?[ \t]+){0,3}[A-Z][a-z][\w'’-]*))"


@lru_cache(maxsize=256)
def _nation_body(forms: tuple[str, ...]) -> re.Pattern:
    people = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"{_COMPASS}\b(?:{people})(?:['’]s)?\s+(?:[A-Za-z-]+\s+){{0,2}}?(?P<body>{_NATION_BODY})\b",
                      re.IGNORECASE)


@lru_cache(maxsize=256)
def _nation_leader(forms: tuple[str, ...]) -> re.Pattern:
    people = "|".join(re.escape(form) for form in forms)
    return re.compile(rf"(?<!former )(?<!ex-){_COMPASS}\b(?:{people})\s+{_NATION_LEADER}[ \t]+{_LEADER_NAME}"
                      r"(?![\w'’-])", re.IGNORECASE)


def _nation_leaders(text: str, forms: tuple[str, ...]) -> frozenset[str]:
    """The surnames of those an article's `text` names as the nation's leaders ("putin" of
    "Russian President Vladimir Putin")."""
    found = set()
    for match in _nation_leader(forms).finditer(text):
        name = [re.sub(r"['’]s$", "", w).casefold() for w in match.group(1).split() if w.casefold() not in STOPWORDS]
        if name:
            # the last word, and the first of two: "Chinese President Hu Jintao" is "Mr Hu"
            found.update({name[-1], name[0]} if len(name) == 2 else {name[-1]})
    return frozenset(found)


def _nation_voice(text: str, forms: tuple[str, ...], country: str | None, leaders: Collection[str]) -> bool:
    """Whether a sentence gives the words of one speaking for the nation `forms` names, outside
    quotation marks and what it reports: one after its people's word ("…," Hans Arne
    Kristiansen, a spokesman for the Danish Dairy Board, told the BBC.); or, as whom the sentence
    names as speaking, its seat of government ("The Kremlin said…", "Moscow", "Downing Street":
    `spelling.seats_of`; not "Moscow-based US lawyer…", "Real Madrid said", "The Beijing News
    said") or one of `leaders` ("Mr Putin said…")."""
    outside = _without_reported(QUOTED_SPEECH.sub(" ", text))
    # ... its own name too ("Indonesia's government has confirmed…": a review's find)
    bodies = _nation_body((*forms, country) if country and country not in forms else forms)
    if any(speaks(outside, words(found.group("body"))[-1]) for found in bodies.finditer(outside)):
        return True
    speaker = speaker_named(text)
    if speaker is None:
        return False
    named = [w for w in words(speaker) if w not in _TITLES and w not in ("the", "mr", "mrs", "ms", "dr", "sir")]
    return bool(named) and (" ".join(named) in seats_of(country or "") or (len(named) <= 3 and named[-1] in leaders))


def _gives_no_words(question: str, passage: PassageRow, store: Store, model: str) -> str | None:
    """For a question asking what someone said or thinks, whom the passage's article names (each
    word of it written capitalised there more often than not: "domecq", "channel 4"; never a
    role such as "the coach", which the speaking sentence may name otherwise; a first name it
    lacks is no other story's: "tony blair" of one calling him "Mr Blair"): that name, when no
    sentence of the article holds its last word, outside the quotation marks of words said by
    someone else, together with words said (`_GIVES_WORDS`), nor
    gives a he, she or they words right after a sentence opening with that name ("Smith has yet
    to decide… '…,' she said."); or its last word, when that is a name the article never writes at
    all (`_never_named`).
    Otherwise None."""
    who = words_asked_of(question)
    if tuple(who[-2:]) in _SEATS_OF_GOVERNMENT:
        # "what did downing street say?" is answered by the prime minister's words (a stranger's
        # was declined where Mr Blair spoke): the government's, by any of its names.
        who = ["government"]
    head = next((w for w in reversed(who) if not w.isdigit()), None)
    if head is None:
        return None
    nation = _nation_asked(question)
    paragraphs = store.article_passages(passage.collection, passage.article_id)
    text = " ".join(p.text for p in paragraphs)
    if (_one_speaking(head, nation) and not _THOUGHT.search(_asked_of(question).group(0))
            and not _SPEECH_ANYWHERE.search(text)):
        # A story giving no one's words at all (a match report told in narration only) gives
        # none of whoever is asked, named or not ("what did the irish coach say after the
        # match?" was quoted a tackle). Not what a body, a group or a nation "says" by what it
        # does ("…but the council refused it"), nor what a report or a study finds, nor what
        # someone thinks, which a reception may show ("a rousing reception by spectators").
        log.debug("a question for the words of %r, and %r gives no one's words: declined", head, passage.title)
        return _as_asked(question, text, question_words(question, store).corrected)
    if head in _MANY_NAMED or re.search(r"\b(?:people|ppl|guys|folks|camp|lot)\W*$", _asked_of(question).group("who"),
                                        re.IGNORECASE):
        # "the hd-dvd people", "the blu-ray camp": whoever backs it, whom a story names as it likes
        # ("Jim Cardwell of Warner Home Video, an HD-DVD backer": a stranger was told the story
        # gives HD DVD no words); unless it gives no one's at all (above: a review's find).
        return None
    if _never_named(head, question, text, passage, store):
        log.debug("a question for the words of %r, whom %r never names: declined", head, passage.title)
        # Named as the spelling reads it ("diagoe": Diageo), not as an everyday word ("hain" is
        # no "main": a review's find), nor as a word the articles write as no name ("wenger" was
        # told of the words of “winger”: a stranger's find); as typed then.
        read = question_words(question, store).corrected.get(head, head)
        if read != head and not _written_as_name(read, store, [passage.collection]):
            read = head
        if english_words().get(read, 0) < COMMON_WORD:
            return read
        # An everyday surname (`_never_named`): the whole name asked, "Michael Howard".
        return " ".join(w.capitalize() for w in words_asked_of(question) if not w.isdigit()) or head
    if head in _MEMBERS:
        return None
    if _role_never_written(head, f"{passage.title} {text}"):
        log.debug("a question for the words of %r, a role %r never names: declined", head, passage.title)
        return _as_asked(question, text, question_words(question, store).corrected)  # "goverment" as meant
    if _role(head) in _PEOPLE:
        return None  # written there: such people's words come under many names ("Analysts" opening a sentence)
    party = head in _PARTY_NAMES or _role(head) in _PARTY_WORDS
    nouns = {word for word in who if _BODY.fullmatch(word)}
    if nouns and any(_said_by_a_body(p.text, nouns) for p in paragraphs):
        # A body the story then calls by what it is ("the Standards Board" … "The local government
        # watchdog also said…": a stranger's "what did the standards board say?" was declined).
        return None
    def rows_of() -> list[SentenceRow]:
        """Its sentences as scoring reads them: asked of one article, they are cached already."""
        _, facts = _sentence_cache(store).facts(store, model, paragraphs)
        return [row for paragraph in paragraphs if paragraph.id in facts for row in facts[paragraph.id].rows]

    # A name of parts joined as typed ("d'arcy", "wal-mart"), found whole: its parts alone are
    # not written so ("Arcy" of "D'Arcy"; a stranger's "what did d'arcy say…?" was quoted anyway).
    joined = {part: whole for whole in re.findall(r"\w+(?:['’-]\w+)+", _asked_of(question).group("who"))
              if not re.search(r"['’]s$", whole, re.IGNORECASE) for part in words(whole)}
    for word in who:
        # A title or role beside the name ("gm's boss rick wagoner") is no word of it: written in
        # lowercase, it had kept a stranger's question for the words of someone only named.
        if word.isdigit() or (word != head and (word in _TITLES or _role(word) in _ROLE_WORDS)):
            continue
        # ... a nation by any of its words ("saudis" of "Saudi billionaire investor…"), a body as
        # spelt right ("goverment", "govt": a stranger's "what did the kenyan goverment think…?"
        # was quoted a sentence on Mr Brown's aides, where "government" was declined)
        if word in joined:  # "Abu Hamza", "D’Arcy" and "Walmart" are "abu-hamza", "d'arcy" and "wal-mart"
            found = _written(" ".join(words(joined[word])), joint=r"[\s'’-]?").findall(text)
        else:
            found = [w for form in dict.fromkeys((word, _role(word), *nation)) for w in _written(form).findall(text)]
        if not found and word != head:
            continue  # "tony blair" of a story calling him "Mr Blair"
        if (found and word == head and sum(w[0].isupper() for w in found) * 2 <= len(found)
                and re.fullmatch(_DESCRIBING_ROLE, head)):
            # A person's role the story writes ("coach Hassan Shehata"): whoever holds it (not a group's,
            # "tabloids Us Weekly, In Touch and Star": a retrial's find)
            return _role_holders_silent(question, who, text, rows_of(), passage, store, model)
        if not found or sum(w[0].isupper() for w in found) * 2 <= len(found):
            return None  # not in the article (another story's), or not a name there
    rows = rows_of()
    # "kelly": '…," said Holmes.' is hers; "goverment": the government's, as spelt right
    named = _as_named(head) | _as_named(_role(head)) | surnames_of(head, text) | first_names_of(head, text)
    if nation:
        country = country_of(head)
        named.add(country)  # "what did the danes say?": "Denmark said…"
        leaders = _nation_leaders(text, nation)
        if any(_nation_voice(row.text, nation, country, leaders) for row in rows):
            return None  # "…, a spokesman for the Danish Dairy Board, told the BBC.", "The Kremlin said…"
    if party:
        # A party the story names speaks through its people, whom it may name only ("Mr Clarke
        # said he had made clear…": a stranger's "how did labour respond?" was told the story
        # gives Labour no words); not through those it calls another party's ("Shadow chancellor
        # Oliver Letwin said…": a review's find).
        others = _ALL_PARTY_WORDS - named - {head}
        # ... nor through one the story calls another party's ("Tory leader Michael Howard", then "Mr Howard
        # said…": a stranger's "what did labour say about the plan?" was quoted him)
        rivals = _people_of(text, others)
        for row in rows:
            said_by = speaker_named(row.text)
            if (said_by is not None and said_by.casefold() not in _SOMEONE and _GIVES_WORDS.search(row.text)
                    and others.isdisjoint(words(said_by)) and rivals.isdisjoint(words(said_by)[-1:])
                    # no one at all: "…, according to figures revealed by the Electoral Commission" (a
                    # stranger's "what does labour say about being outspent" was quoted the lead); but
                    # someone named last is ("The poll comes after Foreign Secretary Jack Straw
                    # predicted…": a review's find)
                    and not _findings(said_by)):
                return None  # what they say of another party is theirs ("Chancellor Gordon Brown said the Lib Dem…")
    # A firm or body speaks through the people the story says are of it ("…, said Jeremy Flynn,
    # head of third party services at Vodafone": a stranger's "what does vodafone say about it?"
    # was told Vodafone gives no words).
    staff = _people_of(text, named | ({" ".join(w for w in who if not w.isdigit())} if len(who) > 1 else set()))
    if staff and any((said_by := speaker_named(row.text)) is not None and words(said_by)[-1:] and
                     words(said_by)[-1] in staff and _GIVES_WORDS.search(row.text) for row in rows):
        return None
    full = full_name_asked(question, text)
    # A surname two people share gives the words of whom the story last named in full.
    theirs = borne_by(*full, [row.text for row in rows], text) if full is not None else [None] * len(rows)
    if next(_rows_giving_words(rows, named, theirs), None) is not None:
        return None  # "…," she said. after "Smith has yet to decide…": hers
    if _names_a_person(who, text) and not _describing(who[-1])(text) and _office_holder_speaks(rows, text):
        log.debug("a question for the words of %r, and %r gives those of an office holder it never names",
                  " ".join(who), passage.title)
        return None
    log.debug("a question for the words of %r, to whom %r gives none: declined", " ".join(who), passage.title)
    # A body as the article writes it ("Kenyan Government", not "Kenyan goverment")
    return _as_asked(question, text, {w: _role(w) for w in who if _role(w) != w and not _written(w).search(text)
                                      and _written(_role(w)).search(text)})


def _rows_giving_words(rows: Sequence[SentenceRow], named: set[str], bearers: Sequence[bool | None]
                       ) -> Iterator[SentenceRow]:
    """The rows (an article's sentences in order) giving the words of the one `named` (the forms of
    their name): naming them as speaking, or a he, she or one described speaking right after a
    sentence they are the subject of (`_gives_no_words`); `bearers`: per row, whether a surname two
    people share is theirs there (`borne_by`), False skipping it."""
    subject = alone = False  # the sentence before opens with their name; names no one else
    carried = None  # the "he" or "she" that kept them the subject, which a later "he said" must be
    own = False  # the sentence before opens with them as its subject ("Holmes will…", not "Holmes's coach…")
    before = ""  # that sentence
    for row, bearer in zip(rows, bearers):
        if bearer is False:
            subject = False
            continue
        held = words(row.text)
        speaker = words(_without_reported(_OWNED_THING.sub(" ", QUOTED_SPEECH.sub(" ", row.text))))
        opens = not named.isdisjoint(held[:_SUBJECT_WORDS]) or not named.isdisjoint(words(" ".join(_opening(row.text))))
        # A "he" or "she" right after a sentence they are the subject of (below)
        pronoun = _PRONOUN_SUBJECT.match(row.text) if subject and own and not opens else None
        if pronoun is not None and _CONJUNCTION.sub("", row.text[:pronoun.start(1)]).strip() and _names_another(
                before, named):
            pronoun = None  # "…has named Tim Collins as… A former vice-chairman, he…" is Collins
        # "…," Illarionov, adviser to President Putin, told…: not Putin's. Nor is what they are, said of that "he"
        # or "she" ("A former critic of the House of Lords, he has said…").
        said_by = speaker_named(row.text)
        someone_else = (said_by is not None and named.isdisjoint(_speaker_words(said_by)) and not _described(said_by)
                        and _someone_elses(row.text, said_by, named) and not _titled_as(row.text, said_by, named)
                        and not (pronoun is not None and said_by.casefold() in row.text[:pronoun.start(1)].casefold())
                        ) or (said_by is None and _reported_by_another(row.text, named))
        if _gives_words_by(row.text, named) and not someone_else and (
                _named_not_aimed_at(speaker, named) or (subject and _speaks_as_pronoun(row.text)
                                                        and _pronoun_not_anothers(row.text, named)
                                                        and (not _nationality(said_by) or alone)
                                                        and (carried is None or speaks(row.text, carried, True)))):
            yield row  # "…," she said. after "Smith has yet to decide…": hers
        # Not a sentence giving someone else's words ("Tony Blair should set out…, Charles Kennedy
        # has said." before "He accused Mr Blair's government…").
        # A sentence opening with an epithet of theirs ("The world number one was forced…", "The
        # 25-year-old…") keeps them the subject: a stranger's "what did federer say after the
        # match?" was told the story gives him no words, above '"I definitely had a slow start…,"
        # he said.' two sentences after "Federer was not unduly worried…".
        # ... and so does a "he" or "she" right after a sentence they are the subject of, who must
        # then be the one speaking ("Holmes's coach Dave Arnold… He will travel…" is his)
        carried = pronoun.group(1).casefold() if pronoun else None if opens else carried
        subject = (opens or (subject and bool(_EPITHET.match(row.text) or pronoun))) and not someone_else
        alone = _named_alone(row.text, named)
        # ... as the subject of their own sentence, so the next "But she…" goes on about them: a
        # stranger's "what did holmes say about her win" was told the story gives her no words,
        # over "The 34-year-old, running only her second…. But she is still undecided…. '…,' she said."
        # Not when the sentence before names another ("Mr Brown was responding to Michael Howard.
        # The 63-year-old Tory leader…" is Howard: a review's find).
        own = (opens and _opens_with(row.text, named)) or (subject and own and bool(_EPITHET.match(row.text))
                                                           and not _names_another(before, named, titled=True))
        before = row.text


# Offices of state one person holds, whom a story may call by the office alone ("Later the prime
# minister said: …" of a story naming "Mr Blair" only elsewhere). Not a side's or a firm's ("the
# coach said" after a sentence on a player is most often the coach's own words).
_OFFICES = frozenset("minister chancellor president premier secretary mayor governor king queen pope".split())


def _names_a_person(who: Sequence[str], text: str) -> bool:
    """Whether the words asked (`words_asked_of`) name a person as `text` writes them: their last
    after a title ("Mr Blair") or the whole name as asked ("Tony Blair"); not a group the text
    writes capitalised ("police officers" of "Community Support Officers")."""
    if not who:
        return False
    last = re.escape(who[-1])
    whole = r"\s+".join(map(re.escape, who))
    return bool(re.search(rf"\b(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame)\.?\s+(?i:{last})\b", text)
                or (len(who) > 1 and re.search(rf"\b(?i:{whole})\b", text)))


def _office_holder_speaks(rows: Sequence[SentenceRow], text: str) -> bool:
    """Whether a sentence gives the words of someone called only by their office ("the prime
    minister said", "…, the chancellor told reporters"), an office the story never writes beside a
    name ("Prime Minister Tony Blair", "Mr Brown, the chancellor"): the one asked may hold it (a
    stranger's "has tony blair said anything about it" was told the story gives him no words)."""
    for row in rows:
        said_by = speaker_named(row.text)
        held = words(said_by) if said_by is not None else []
        # The office alone, or a state's own ("the home secretary"); not another state's or body's
        # ("the US president", "the club president": a review's finds, Bush's words given to Blair).
        if (len(held) < 2 or held[0] != "the" or held[-1] not in _OFFICES or not _OF_STATE.issuperset(held[1:-1])
                or not _GIVES_WORDS.search(row.text)):
            continue
        office = r"\s+".join(map(re.escape, held[1:]))
        name = r"(?-i:[A-Z][\w'’-]+)"
        person = r"(?-i:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|[A-Z][\w'’-]+)\s+[A-Z][\w'’-]+)"
        if not re.search(rf"\b{office}\s+{name}|{person},\s+(?:the\s+)?(?:[\w-]+\s+){{0,2}}{office}\b", text,
                         re.IGNORECASE):
            return True
    return False


_OF_STATE = frozenset({"prime", "home", "foreign", "deputy"})


# A body named as asked ("the standards board", "the football association"), and a sentence giving
# the words of a body called by what it is ("the watchdog said", "the local government watchdog
# also said", "the club confirmed").
_BODY = re.compile(r"\b(?:board|commission|council|association|authority|agency|office|union|federation|committee|"
                   r"department|ministry|institute|bank|service|league|trust|organi[sz]ation|corporation|company|"
                   r"group|club|body|watchdog|regulator|court|tribunal|panel|foundation|society)\b", re.IGNORECASE)
_SAID_BY = (r"\s+(?:also\s+|has\s+|had\s+|later\s+|then\s+)?(?:said|says|told|added|warned|claimed|insisted|stated|"
            r"confirmed|announced|argued|believes|denied|admitted|explained|accused|ruled|found|concluded)\b")


def _said_by_a_body(text: str, nouns: set[str]) -> bool:
    """Whether `text` gives words of a body called by what it is: its own noun as asked ("the
    board said" of "the standards board") or a word for any such body ("the local government
    watchdog also said"); not "the club said" of "the Football Association" (a review's find)."""
    called = "|".join(sorted({"watchdog", "body", "regulator", "organisation", "organization", *nouns}))
    return bool(re.search(rf"\b(?:the|its)\s+(?:[\w-]+\s+){{0,3}}(?:{called}){_SAID_BY}", text, re.IGNORECASE))


def _named_not_aimed_at(found: list[str], named: set[str]) -> bool:
    """Whether the words `found` (a sentence's, outside its quotation marks) hold one of `named`
    other than as whom an accusation or call is aimed at ("He accused Mr Blair's government of…",
    `_AIMED_SPEECH`, gives no words of Blair's)."""
    def aimed_at(i: int) -> bool:
        # "…was dismissed by Tony Blair as…": the passive's doer speaks (a review's find).
        return any(found[j] in _AIMED_SPEECH and "by" not in found[j + 1:i] for j in range(max(i - 3, 0), i))

    return any(word in named and not aimed_at(i) for i, word in enumerate(found))


# What is said after "said that", "claimed that"… up to the clause's end: who is named there is
# talked about, not speaking ("Yukos has claimed that Russia imposed the huge tax bill…": a
# stranger's "what did russia say?" got it first). The clause ends at a comma before a joining
# word, "but", ";", a full stop, or a comma or dash before a name and a verb of saying, whose
# speaker still speaks ("The report said that Sony was to blame, but Sony said…", "Asked whether
# he thought that the deal would survive, Mr Blair said…"); not at a figure's point, "not yet" or
# a list ("…rose 2.5% as Smith cut costs", "…included Shell, Total and…": reviews' finds).
_SAYING_NEXT = (r"(?-i:[A-Z][\w'’-]*)(?:\s+(?-i:[A-Z][\w'’-]*)){0,3}\s+"
                r"(?:said|says|told|insisted|added|replied|argued)\b")
_REPORTED = re.compile(r"\b(?:(?:said|says|claimed|claims|insisted|insists|argued|argues|warned|warns|added|adds|"
                       r"believes|believed|thinks|thought|stated|denied|denies|admitted|admits|"
                       # "Many investors believe that… John Kerry.": the investors' thought, not Kerry's; not
                       # "to say that…" nor a fear or hope had ("Amid fears that…": a review's finds)
                       r"(?<!\bto\s)(?:believe|think|say|claim|insist|argue|warn))\s+that|"
                       # "But he said Mr Blair had lost the trust…", "Charles Kennedy has said voters… of
                       # Tony Blair": whom the one saying reports on, without a "that", the verb's
                       # subject a pronoun or the verb's tense the perfect (a stranger's "what does blair
                       # think about it?" got Kennedy's words); not '…," said Mr King', nor "Mr Howard said
                       # many people… Clarence House has issued a statement", a full stop missing
                       r"(?:(?<=\bhe\s)|(?<=\bshe\s)|(?<=\bthey\s)|(?<=\bhas\s)|(?<=\bhave\s))(?:said|claimed|insisted|"
                       r"argued|warned|added|believed|thought|says|claims|insists|argues|warns|adds|believes|thinks)"
                       r"(?!\s+that\b)(?=\s+\w)|"
                       # "Some reports claim Federer initially wanted…": the reports', not Federer's
                       r"(?:reports|sources|rumours|rumors)\s+(?:claim|claims|claimed|say|says|said|suggest|suggests|"
                       r"suggested)|"
                       # "The register shows former Tory leader William Hague earning…": the register's
                       # finding, not Hague's words (a stranger's "what did hague say about his earnings"
                       # was quoted it)
                       r"(?:register|report|study|survey|figures|data|research|poll|records|documents|accounts|"
                       r"analysis|statistics|review|audit|inquiry|investigation)\s+(?:shows?|showed|shown|reveals?|"
                       r"revealed|suggests?|suggested|found|finds?|indicates?|indicated))\b"
                       r"[^;:]*?(?=,\s*(?:but|and|although|though|while|whereas)\b|"
                       # ... nor past a comma before someone saying ("…, Bank of England governor Mervyn King
                       # said", "…, said Mr King")
                       r",\s*(?:[\w'’-]+\s+){0,6}?(?:said|says|told|insisted|added|replied|argued)\b|"
                       # ... nor past "and" someone saying, no comma ("He said the talks had failed and
                       # Mr Smith said…": a review's find)
                       r"\s+(?:and|while|whereas)\s+(?:[\w'’-]+\s+){1,4}?(?:said|says|told|insisted|added|replied|"
                       r"argued)\b|"
                       r"(?<!\s)\s+(?:but|although|whereas)\b|"
                       rf"(?:,|(?<!\s)\s+[-–—])\s*{_SAYING_NEXT}|[;:]|\.(?:\s|$)|$)", re.IGNORECASE)


# Words reported, then a pronoun saying them, closing the sentence: "And Tony Blair would be in the
# very front line of that campaign, he said." (a stranger's "what did tony blair say…?" was quoted
# it); not ", he said he had no plans…", which says what he said after (a review's find). Not a role
# ("The Kremlin will respond, a spokesman said."), whose words are often the body's, nor reports
# ("Roche has turned down the offer, say reports": a stranger's "what did roche say about the
# offer?" wanted them).
_SAID_LAST = re.compile(r"^.*,\s*(?=(?:he|she|they)\s+(?:said|says|added|adds|claimed|claims|insisted|insists|"
                        r"warned|warns|argued|argues|told)(?:\s+(?!(?:he|she|they|it|that|this|there|we|i)\b)"
                        r"[\w'’.-]+){0,5}\W*$)", re.IGNORECASE | re.DOTALL)
# "Verizon has won a takeover battle for US phone firm MCI…, reports say.": what reports say of the
# sentence's subject stays theirs to ask ("Tony Roche has turned down…, reports say"), whom else it
# names gives no words there (a stranger's "what did mci say" was quoted it).
_REPORTS_LAST = re.compile(r",\s*(?:(?:press|media|news)\s+)?(?:reports|sources)\s+(?:say|said|says|suggest|suggests|"
                           r"suggested|claim|claims|claimed)\W*$", re.IGNORECASE)


def _without_reported(text: str) -> str:
    """`text` (outside quotation marks: a speech's own "we always said that…" is no report) with
    what it reports after "said that"… left out, the verb kept (`_REPORTED`), and what it reports
    before a closing ", he said" (`_SAID_LAST`)."""
    closing = _REPORTS_LAST.search(text)
    if closing is not None:
        text = " ".join(text[:closing.start()].split()[:_SUBJECT_WORDS]) + text[closing.start():]
    # What closes the sentence first: a report cut short ("…, he said he would win…" to "…, he
    # said") is no closing one hiding whoever the sentence named before it.
    return _REPORTED.sub(lambda found: found.group().split()[0], _SAID_LAST.sub("", text))


_PERSON = r"[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2}"
# What someone is who speaks for whoever they are of: a firm's or a body's, a person's too
# ("Holmes's spokesman").
_SPEAKING_ROLE = (r"(?:head|chief|executive|director|boss|spokes(?:man|woman|person)|chair(?:man|woman)?|president|"
                  r"ceo|founder|co-founder|leader)")
# What someone is at a firm or body, whose words are then its own.
_STAFF_ROLE = (rf"(?:{_SPEAKING_ROLE}|vice-president|officer|manager|secretary|analyst|economist|superintendent|"
               r"controller|administrator|governor|commissioner|curator|editor|(?i:mp|msp|mep))")
# What may describe the role ("new chief executive", "retail boss", "managing director").
_ROLE_PREFIX = (r"(?:new|outgoing|incoming|acting|interim|retail|managing|deputy|joint|senior|global|group|finance|"
                r"financial|operating|technical|marketing|commercial|sales)")
# What may stand between a firm's name and a role: its country or unit ("Vodafone UK boss").
_UNIT = r"(?:UK|US|USA|Europe|Asia|Group|International|Holdings)"
# Words that may stand between a firm's name and the role of one of its people ("Vodafone's
# chief executive", "Vodafone UK boss"): no function word ("Ofcom and chief executive…" is
# someone else's), and no one who was ("former chief executive").
_STAFF_WORD = r"(?!(?:former|ex|then|previous|past|and|or|but|with|to|as)\b)[\w'’&-]+"


def _role_holders_silent(question: str, who: list[str], text: str, rows: Sequence[SentenceRow], passage: PassageRow,
                         store: Store, model: str) -> str | None:
    """For "what did the egypt coach think…?", the role as asked ("Egypt coach"), when the story
    names whoever holds it ("coach Hassan Shehata", "Hassan Shehata, Egypt's coach,"; with what the
    question puts before the role if it writes that, "egypt"; not a former or assistant one) and
    gives none of them words (`_gives_no_words`), nor any to someone it calls by the role ("…," said
    the national team coach), nor a "he", "she" or one described ("the Frenchman said") right after a
    sentence naming one of them ("…imposed by coach Hassan Shehata. '…,' he told reporters").
    Otherwise None: the trees decide."""
    head, before = who[-1], [w for w in who[:-1] if not w.isdigit()]
    holders = _role_holders(text, re.escape(head), before)
    if not holders:
        return None
    surnames = {holder.split()[-1].casefold() for holder in holders}
    last_named = False  # the sentence before names one of them
    for row in rows:
        said_by = speaker_named(row.text)
        if _GIVES_WORDS.search(row.text) and ((said_by is not None and head in words(said_by))
                                              or (last_named and _speaks_as_pronoun(row.text))):
            return None
        last_named = not surnames.isdisjoint(words(row.text))
    for holder in dict.fromkeys(holders):
        if _gives_no_words(f"what did {holder} say?", passage, store, model) is None:
            return None
    return _as_asked(question, text)


def _role_holders(text: str, role: str, before: Sequence[str] = (), unlike: frozenset[str] | None = None,
                  strict: bool = False) -> list[str]:
    """Whom `text` names as holding `role` (a pattern, read in any case): "the egypt coach" (`before`:
    ["egypt"]) is one the story calls so, or one called by the role alone ("if coach Hassan Shehata
    chose him"), not another side's ("London Irish coach Gary Gold") nor one the word before the role
    makes someone else (`unlike`, by default a former or an assistant one: a review's finds); or
    one the role follows ("Palaniappan Chidambaram, India's finance minister,").

    `strict` (`_holder_first`, which puts the sentence first; a review's finds): the word before
    is read for the qualified form too ("shadow home secretary David Davis"), and with a hyphen
    ("ex-chancellor Kenneth Clarke"); the role alone only after a function word ("said chairman and
    chief executive Bill Ford", not "health minister John Reid" for the finance minister), never
    as a verb ("an offer to coach Real Madrid"); after the name only as the last words of what is
    said of them, none of them `unlike` nor a name the question does not give ("Matt Williams,
    Scotland's coach," is no Wales coach; "…against Vivendi Universal, its boss and another top
    executive" names no boss)."""
    unlike = _NOT_THE_HOLDER if unlike is None else unlike
    role = rf"(?i:{role})"
    qualified = rf"(?i:{' '.join(map(re.escape, before))})\s+{role}" if before else None
    name = r"((?:[A-Z][\w'’-]+\s+){1,2}[A-Z][\w'’-]+)"  # two or three names, or a title and a name

    def word_before(at: int) -> re.Match | None:
        return re.search(r"([^\W\d_][\w'’]*)(-?)(\W*)$", text[:at])

    def said_of_another(last: re.Match | None) -> bool:
        return last is not None and not re.search(r"[.!?\"“”]", last.group(3)) and (
            last.group(1).casefold() in unlike or last.group(1).casefold() in _AS_A_VERB)

    if not strict:
        holders = re.findall(rf"\b{qualified}\s+{name}", text) if qualified else []
    else:
        holders = [found.group(1) for found in re.finditer(rf"\b{qualified}\s+{name}", text)
                   if not said_of_another(word_before(found.start()))] if qualified else []
    for found in re.finditer(rf"\b{role}\s+{name}", text):
        if strict:
            last = word_before(found.start())
            if last is None or re.search(r"[.!?\"“”]", last.group(3)) or (
                    not last.group(2) and last.group(1).casefold() in _BEFORE_A_TITLE
                    and not said_of_another(last)):
                holders.append(found.group(1))
            continue
        last = re.search(r"([^\W\d_][\w'’-]*)(\W*)$", text[:found.start()])
        if last is not None and last.group(1).casefold() in unlike:
            continue
        if last is None or last.group(1)[0].islower() or re.search(r"[.!?\"“”]", last.group(2)):
            holders.append(found.group(1))
    if not strict:
        holders += re.findall(rf"{name},\s+(?:the\s+|an?\s+|[A-Z][\w'’-]*\s+)*(?:[a-z-]+\s+){{0,2}}{role}\b", text)
        return holders
    given = set(before)
    for found in re.finditer(rf"{name},\s+(?P<said>(?:the\s+|an?\s+|[A-Z][\w'’-]*\s+)*(?:[a-z-]+\s+){{0,2}}){role}\b"
                             r"(?=\s*(?:[,.;:)]|$|\s(?:of|at|for|in)\s))", text):
        said = re.findall(r"[^\W\d_][\w'’]*", found.group("said"))
        # ... and of whom the question asks, when it says: "Mike Ruddock, the Wales coach,", "Saul
        # Alinsky, founder of modern community organizing" (not "…Edward Sapir, and the founder of
        # McKinsey & Co.": an "and" starts another item, a SQuAD find)
        of = re.match(r"\s+(?:of|at|for|in)\s+(.{0,60})", text[found.end():])
        if not any(w.casefold() in unlike for w in said) and not (said and said[0].casefold() in _ANOTHER_ITEM) and all(
                w[0].islower() or re.sub(r"['’]s?$", "", w).casefold() in given for w in said) and (
                not given or of is None or not given.isdisjoint(words(of.group(1)))):
            holders.append(found.group(1))
    return holders


# What opens another item of a list, not what is said of the name before it.
_ANOTHER_ITEM = frozenset("and or but nor while whereas with".split())
# A role word used as a verb after these: "an offer to coach Real Madrid", "will head British Airways".
_AS_A_VERB = frozenset("to will would could can should must may might shall".split())
# What may come right before a role alone that names its holder: a function word or a verb of
# saying ("said chairman and chief executive Bill Ford", "by coach Mike Ruddock").
_BEFORE_A_TITLE = STOPWORDS | frozenset("said says told tells added adds according new current".split())


_NOT_THE_HOLDER = frozenset("former ex then assistant deputy interim caretaker acting".split())


def _people_of(text: str, named: set[str]) -> set[str]:
    """The surnames (casefolded) of those `text` calls one of `named`'s staff (a firm's, a
    body's): "Jeremy Flynn, head of third party services at Vodafone", "Vodafone chief executive
    Arun Sarin", "Antonio "LA" Reid, chairman of The Island Def Jam Music Group" (a name of two
    words or more, "island def jam", within the name written); not "Adriano's agent Gilmar
    Rinaldi", "Britain's Kelly Holmes", a former chief executive, nor one acting for it ("a partner
    at the law firm acting for Vodafone")."""
    found: set[str] = set()
    for name in named:
        if len(name) < 2 or name in STOPWORDS:
            continue
        body = rf"(?i:{re.escape(name)})\b"
        # A name of two words or more within a longer one ("island def jam" of "The Island Def Jam Music
        # Group"), or a plural of people ("promoters" of "spokesman for organisers MCD Promoters": a
        # stranger's "what did the promoters say" was told the story gives them no words); not one
        # word else ("bank" of "Deutsche Bank", "england" of "Sport England").
        plural = name.endswith("s") and english_words().get(name[:-1], 0) >= _COMMON_FORM
        within = (r"(?:[A-Z][\w'’&.-]*\s+){0,3}?" if " " in name else
                  r"(?:[a-z]+s\s+)?[A-Z][\w'’&.-]*\s+(?:[A-Z][\w'’&.-]*\s+){0,2}?" if plural else "")
        # "… officer for Vivendi Universal" speaks for it as "… of" does, "for" straight after the role;
        # not "the City manager who played for Forest" (a review's find)
        for match in re.finditer(rf"(?P<who>{_PERSON})\s*,\s*(?:the\s+|an?\s+|its\s+)?"
                                 rf"(?:(?:(?:{_STAFF_WORD}\s+){{0,2}}?{_STAFF_ROLE}(?:\s+{_STAFF_WORD}){{0,4}}?|"
                                 rf"partner(?=\s+at\b))\s+(?:at|of)|(?:{_STAFF_WORD}\s+){{0,2}}?{_STAFF_ROLE}\s+for)"
                                 rf"\s+(?:[Tt]he\s+)?{within}{body}", text):
            found.add(match["who"].split()[-1].casefold())
        # "Vodafone's chief executive…", "Vodafone UK boss…"; not "Holmes's manager…", someone's own,
        # nor "Ofcom met BT chief executive…" (a review's find)
        for match in re.finditer(rf"\b{body}(?:['’]s(?:\s+(?:{_UNIT}|{_ROLE_PREFIX})){{0,2}}\s+{_SPEAKING_ROLE}|"
                                 rf"(?:\s+(?:{_UNIT}|{_ROLE_PREFIX})){{0,2}}\s+{_STAFF_ROLE})"
                                 rf"(?:\s+(?!(?:former|ex|and|or)\b)[a-z][\w-]*){{0,2}}\s+(?P<who>{_PERSON})", text):
            if len(match["who"].split()) >= 2:
                found.add(match["who"].split()[-1].casefold())
    return found


# Verbs of saying that say nothing here: a passive ("police were called", "was found dead", "is
# expected to", "it was reported") or a name given ("a company called Ontrack"); a stranger's "what
# has kate moss said about it?" was quoted "The singer, who has been linked to supermodel Kate Moss,
# was arrested after police were called…".
_NOT_SAYING = re.compile(r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s+(?:\w+ly\s+)?(?:called|found|expected|"
                         r"reported|shown)\b|\bcalled\s+(?:(?-i:[A-Z0-9])|(?:in|into|up|off|out|at)\b)|"
                         # what others believe of someone: "She is believed to have picked up the injury…" (a
                         # stranger's "what did capriati say about pulling out" was quoted it)
                         r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(?:believed|thought|understood|said|"
                         r"rumou?red|feared|alleged|known)\s+to\b|"
                         # hopes had, not voiced: "Mr Kerry conceded defeat…, abandoning last-ditch hopes…" (a
                         # stranger's "what did kerry say when he conceded" was quoted it)
                         r"\b(?:the|his|her|their|its|our|any|all|no|some|faint|slim|high|last-ditch|title|promotion|"
                         r"medal|play-off|playoff)\s+hopes?\b|"
                         # shows put on, not findings: "…included two one-man shows" (a stranger's "what did
                         # hague say about his earnings" was quoted it)
                         r"\b(?:the|his|her|their|its|our|two|three|four|five|several|many|tv|chat|game|talk|road|"
                         r"stage|live|\w+-(?:man|woman))\s+shows\b|"
                         + CLAIMED_A_PRIZE.pattern, re.IGNORECASE)


# A firm named as what its product is ("…warned people to avoid the Microsoft program": a stranger's
# "what did microsoft say about firefox" was quoted it as Microsoft's words): no one speaking.
_OWNED_THING = re.compile(r"\b(?:the|a|an|its|their|his|her)\s+(?:[A-Z][\w&'’.-]*\s+){1,3}(?=(?:program|programs|"
                          r"programme|programmes|software|browser|browsers|product|products|system|systems|phone|"
                          r"phones|handset|handsets|console|consoles|brand|brands|shares|stock|chip|chips|device|"
                          # not its own voice: "the Microsoft website said", "a Sony games spokesman" (a review's finds)
                          r"devices)\b(?!\s+(?:said|says|told|spokes\w*|executive|chief|boss|division|unit|team|"
                          r"statement|maker|makers)\b))")


# What a body is, named before its name ("industry watchdog, Ofcom,").
_A_SOURCE = (r"(?:watchdog|regulator|agency|office|body|group|firm|company|analysts?|researchers?|consultancy|"
             r"organi[sz]ation|association|institute|think[- ]tank|newspaper|daily|broadcaster|ministry|department|"
             r"union|federation|council|commission|authority|bank|lobby)")
# Whom an "according to" names: up to its comma, or a body's name after what it is (`_gives_words_by`).
_ACCORDING_TO = re.compile(r"\baccording\s+to\s+([^,;]*?\b" + _A_SOURCE
                           + r",\s*(?-i:(?:[A-Z][\w'’&.-]*\s+){0,3}[A-Z][\w'’&.-]*)(?=,)|[^,;]*)", re.IGNORECASE)
# An "according to" closing its sentence.
_CLOSING_ACCORDING = re.compile(r",\s*according\s+to\s+[^,;:\"“”]*[.!?]?\s*$", re.IGNORECASE)


def _findings(speaker: str) -> bool:
    """Whether a sentence's speaker (`speaker_named`) is figures, a report or a study rather than
    anyone (`_FINDINGS`), as its first words say, unless it ends in a name other than a body's."""
    named_last = re.search(r"\b[A-Z][\w'’-]+\s+([A-Z][\w'’-]+)$", speaker)
    return (not _FINDINGS.isdisjoint(words(speaker)[:2])
            and not (named_last is not None and not _BODY.fullmatch(named_last.group(1))))


def _gives_words_by(text: str, named: set[str]) -> bool:
    """Whether a sentence gives words (`_GIVES_WORDS`) that may be those of `named`: not when its
    only sign is "according to" someone else ("…GM's Rick Wagoner is due to take place at 1330 GMT
    in Zurich, according to the Reuters news agency" gives no words of Wagoner's, which a
    stranger's "what did wagoner say" was quoted)."""
    # A sign inside a closing "according to" is its source's ("…, according to figures revealed by
    # the Electoral Commission.": a stranger's "what does labour say about being outspent" was
    # quoted "Labour's campaign cost £1.7m…"); not one opening the sentence ("According to aides he
    # told the cabinet: …": a review's find).
    signs = [match.group().casefold()
             for match in _GIVES_WORDS.finditer(_CLOSING_ACCORDING.sub(" according ", _NOT_SAYING.sub(" ", text)))]
    if not signs:
        return False
    if any(sign != "according" for sign in signs):
        return True
    # ... with the name of the body it names after it ("According to figures gathered by industry
    # watchdog, Ofcom, the growth means…": a stranger was told the story gives Ofcom no words); a
    # name alone before the comma, after a body, not a thing ("According to a new book, Brown's
    # Britain, Mr Blair…"), nor the subject ("According to Tass news agency, Gazprom did not…": a
    # review's finds)
    return any(not named.isdisjoint(words(after)) for after in _ACCORDING_TO.findall(text))


def _as_asked(question: str, text: str, corrected: Mapping[str, str] | None = None) -> str:
    """Whom a question asks the words of, as the article writes them: a stranger was told it
    "gives no words said by “ons”" (ONS); and as asked, the "of" of "the bank of england" kept (a
    stranger was told "“Bank England”"); `corrected`: mistyped words as read."""
    asked = [(corrected or {}).get(w, w) for w in words(_asked_of(question).group("who"))]
    while asked and (asked[0] in STOPWORDS or asked[0] in _SOMEONE):
        asked = asked[1:]
    while asked and asked[-1] in _SOMEONE:  # "d'arcy himself"
        asked = asked[:-1]
    shown = [word if word in STOPWORDS else _as_the_article_writes(word, text, owning=at < len(asked) - 1)
             for at, word in enumerate(asked)]
    for at in range(len(shown) - 2, -1, -1):
        # The first name of one the article writes only in part, right before the part it writes:
        # "Tony Blair" of its "Mr Blair", not "tony Blair" (a stranger's find); never a title or
        # role ("gm boss Rick Wagoner", "Forest's manager": a review's finds).
        word = shown[at]
        if (shown[at + 1][:1].isupper() and word.isalpha() and word.islower() and word not in STOPWORDS
                and word not in _TITLES and _role(word) not in _ROLE_WORDS and word not in _SOMEONE
                and not _written(word).search(text)):
            shown[at] = word.capitalize()
    shown_as = " ".join(shown)
    who = _asked_of(question).group("who")
    for first, then in zip(shown, shown[1:]):
        # One name in two parts: "O'Gara", as the article writes its apostrophe (not "O gara").
        parts = rf"(?<![\w'’]){re.escape(first)}(['’]){re.escape(then)}(?!\w)"
        if then != "s" and re.search(parts, who, re.IGNORECASE):
            written = re.search(parts, text, re.IGNORECASE)  # as the article writes it: "D'Arcy"
            shown_as = shown_as.replace(f"{first} {then}", written.group(0) if written else f"{first}'{then}", 1)
    return re.sub(r"(\w) s\b", r"\1's", shown_as)  # "Forest's manager", not "Forest s manager" (a stranger's find)


def _titled_as(text: str, speaker: str, named: set[str]) -> bool:
    """Whether `text` gives `speaker` a title asked about just before their name ("Minister for
    Children, Young People and Families Margaret Hodge said…" for "the minister": a stranger's
    "what did the minister say?" was told she gave no words)."""
    at = text.find(speaker)
    if at < 0:
        return False
    before = words(text[:at])[-TITLE_REACH:]
    return any(w in _TITLES and w in named for w in before)


TITLE_REACH = 8  # words before a speaker's name that may be their title
# A speaker's description right before their name, ending in a role ("The Tory finance
# spokesman, Brian Monteith MSP, said…"; not "…criticised the Tories, Brown said").
_DESCRIBED = re.compile(r"((?:[\w'’-]+\s+){0,4}(?:spokesman|spokeswoman|spokesperson|leader|minister|secretary|"
                        r"chairman|chairwoman|mp|msp|am|mep|councillor|candidate|member|chief|head|president|boss|"
                        r"official|officer|representative|director|manager|coach|captain))\s*,?\s*$", re.IGNORECASE)


def _described_as(text: str, speaker: str, named: set[str]) -> bool:
    """Whether `text` describes `speaker` right before their name by a role naming one of
    `named` ("Tory finance spokesman" of the opposition's names)."""
    at = text.find(speaker)
    found = _DESCRIBED.search(text[:at]) if at > 0 else None
    return found is not None and not named.isdisjoint(words(found.group(1)))


def _as_the_article_writes(word: str, text: str, owning: bool = False) -> str:
    """`word` as `text` most often writes it capitalised ("ONS" of "ons"), else as it is.
    `owning`: a word before another of a name, which may be a possessive typed without its
    apostrophe ("italys coach")."""
    written = Counter(found for found in _written(word).findall(text) if found[:1].isupper())
    if not written and nation_words(word):
        return word.capitalize()  # "Saudis", though the story writes only "Saudi"
    if owning and not written and len(word) > 3 and word.endswith("s"):
        # A possessive typed without its apostrophe: "italys coach" of the story's "Italy" (a
        # stranger was told the story gives no words of “Italys Coach”).
        owner = Counter(found for found in _written(word[:-1]).findall(text) if found[:1].isupper()
                        and not found.isupper())  # "mps" are MPs, not an "MP's"
        if owner:
            return owner.most_common(1)[0][0] + "'s"
    return written.most_common(1)[0][0] if written else word


# A name in quotation marks (`text.QUOTED_SPEECH`) is talked about, not speaking ('"…a clear
# choice between Mr Blair who will waste more…," he said' gives Howard's words).
# A verb or noun giving someone's words; within `_SPEECH_REACH` words of their name it makes a
# sentence theirs ("Carpenter said that…", "said Jose Mourinho, whose…", "Mr Snow's comments").
_SPEECH = frozenset(
    "said says say saying told tells added adds insisted insists admitted admits claimed claims warned warns "
    "explained explains argued argues wrote writes stated states commented comments comment according believes "
    "believed thinks thought feels felt hopes hoped replied replies responded responds denied denies confirmed "
    "announced revealed urged urges accuse accuses accused criticised criticized welcomed praised dismissed called "
    "calls statement reckons quoted".split())
_SPEECH_REACH = 4
# Verbs whose object is whom the words are about, not who says them: "He accused Mr Blair's
# government…" gives no word of Blair's (a stranger's "how did blair respond to kennedy?" got
# Kennedy's accusation first, as Blair's words).
_AIMED_SPEECH = frozenset("accuse accuses accused criticised criticized welcomed praised dismissed urged urges called "
                          "calls".split())


def speaks(text: str, name: str, outside_quotes: bool = False, owners: bool = True) -> bool:
    """Whether `text` gives the words of `name` (one lowercase word of it, the last): the name
    within `_SPEECH_REACH` words of a verb of saying or thinking. `outside_quotes`: a name inside
    quotation marks is talked about, not speaking. `owners`: a verb after the name owning someone
    else counts too ("Mr Flight's allies saying…"), as it does for whether a story gives them any
    words; not for which sentence gives theirs first (a stranger's "what has flight said about all
    this?" got his allies' words first, "Mr Flight says he will not stand down…" not at all). Their
    comments and their spokesman's words are theirs either way."""
    text = CLAIMED_A_PRIZE.sub(" ", text)  # a prize won, no words
    found = words(_without_reported(QUOTED_SPEECH.sub(" ", text)) if outside_quotes else text)
    places = [i for i, word in enumerate(found) if word == name]
    if not places:
        return False
    named = _capitalised(text)

    def owning(i: int) -> bool:
        return (not owners and i + 2 < len(found) and found[i + 1] == "s" and found[i + 2] not in _SPEECH
                and re.match(_SPEAKS_FOR, "'s " + " ".join(found[i + 2:i + 5]), re.IGNORECASE) is None)

    return any(found[j] in _SPEECH and not (j < i and found[j] in _AIMED_SPEECH and "by" not in found[j + 1:i])
               and not (j < i and _said_by_another(found, j, name, named)) and not (j > i and owning(i))
               for i in places for j in range(max(i - _SPEECH_REACH, 0), min(i + _SPEECH_REACH + 1, len(found))))


def _capitalised(text: str) -> set[str]:
    """The words `text` writes with a capital, casefolded, but for its first (a sentence's opening
    word is capitalised whatever it is)."""
    return {w.casefold() for w in re.findall(r"(?<=\S\s)[A-Z][\w'’-]*", text)}


def _reported_by_another(text: str, named: set[str]) -> bool:
    """Whether `text` names them only in what someone else is said to say or think, the verb's
    subject another's name right before it: "Former France centre Philippe Sella believes coach
    Bernard Laporte must recall Michalak" (a stranger's "what did laporte say…" was quoted it)."""
    found = words(_without_reported(QUOTED_SPEECH.sub(" ", text)))
    places = [i for i, word in enumerate(found) if word in named]
    if not places:
        return False
    verbs = [j for j, word in enumerate(found) if word in _SPEECH]
    return (bool(verbs) and verbs[0] < places[0] and _said_by_another(found, verbs[0], found[places[0]], _capitalised(text))
            and not any(speaks(text, found[i], outside_quotes=True) for i in places))


def _said_by_another(found: Sequence[str], verb: int, name: str, named: set[str]) -> bool:
    """Whether the verb of saying at `verb`, before the name asked, has a subject of its own
    right before it, someone else's name or a he, she or they: "Philippe Sella believes coach
    Bernard Laporte must recall Michalak" and "He said Laporte had erred" give no words of
    Laporte's (a stranger's "what did laporte say about bringing him back" got the first). Not
    "according to", whose subject is what is said."""
    if verb == 0 or found[verb] == "according":
        return False
    before = found[verb - 1]
    # A name opening the sentence is no capital of a name alone ("Wenger believes Vieira will stay").
    opening_name = verb == 1 and before.isalpha() and english_words().get(before, 0) < COMMON_WORD
    return before != name and (before in named or opening_name or before in ("he", "she", "they", "i", "we"))


def _first_fitting(scored: Sequence[ScoredSentence], fits: Callable[[ScoredSentence], bool], floor: float,
                   lead_read: bool) -> Sequence[ScoredSentence]:
    """The best-scored sentence that `fits` put first when the best does not fit, if its
    confidence reaches `floor` (whether to answer at all stays the best sentence's to decide).
    `lead_read`: a sentence of the first paragraph, which the reader has read, is never moved up."""
    if len(scored) < 2 or fits(scored[0]):
        return scored
    for i, item in enumerate(scored):
        if i and fits(item) and not (lead_read and item.hit.passage.paragraph == 1) and item.confidence >= floor:
            return [item, *scored[:i], *scored[i + 1:]]
    return scored


# A score said to be the half-time one, or one on the way: "trailing 1-0 at half-time", "cut the gap
# to 18-12", "with the score at 1-1", "a 33-8 lead", "a chance to make it 2-0". The final one is
# asked unless the question says otherwise.
_SCORE_ON_THE_WAY = re.compile(r"\b(?:half[- ]?time|the break|the interval|ahead|behind|trailing|led|leading|lead|"
                               r"advantage|gap|score at|at\s+\d{1,3}[-–]\d{1,3}|first half|first leg|make it|made it|"
                               r"makes it|making it|\d{1,3}[-–]\d{1,3}\s+(?:down|up))\b", re.IGNORECASE)
_ASKS_ON_THE_WAY = re.compile(r"\b(?:half[- ]?time|the break|the interval|first half|first leg)\b", re.IGNORECASE)
# Another match's score, or an old one: "In the other Group B game…", "in 2003 England were 42-6
# victors".
_SCORE_ELSEWHERE = re.compile(r"\b(?:(?:the other|another) (?:game|match|tie|group|semi-final|quarter-final)|"
                              r"ago|last (?:week|month|season|year|time)|in (?:19|20)\d\d)\b", re.IGNORECASE)


def _holding_score(scored: Sequence[ScoredSentence], question: str) -> tuple[list[ScoredSentence], bool]:
    """The candidates holding a score that the question does not say: those giving the score at
    the time asked (full-time unless half-time is: `_SCORE_ON_THE_WAY`) of this match (not
    `_SCORE_ELSEWHERE`) where there are any, else the nearest to it; and whether they are the
    ones giving it."""
    asked = set(words(question))
    holding = [s for s in scored if _holds_kind(_KIND_CANDIDATES["score"](s.row.text), asked)]
    if _ASKS_ON_THE_WAY.search(question):
        at_the_time = [s for s in holding if _ASKS_ON_THE_WAY.search(s.row.text)]
    else:
        at_the_time = [s for s in holding if not _SCORE_ON_THE_WAY.search(s.row.text)]
    this_match = [s for s in at_the_time if not _SCORE_ELSEWHERE.search(s.row.text)]
    return this_match or at_the_time or holding, bool(this_match)


def _score_first(scored: Sequence[ScoredSentence], question: str) -> Sequence[ScoredSentence]:
    """The best sentence holding the score asked (`_holding_score`) put first. The lead too:
    asking for the score, the reader has not found it there."""
    holding, _ = _holding_score(scored, question)
    if not holding:
        return scored
    chosen = {id(s) for s in holding}
    return _first_fitting(scored, lambda s: id(s) in chosen, 0.0, lead_read=False)


_FIRST_UNITS = ("money", "age", "percent", "duration")
_UNIT_NAMES = {"money": "a sum of money", "age": "an age", "percent": "a share", "duration": "a span of time"}

# "what's the album called?", "whats his new show called again", "what is the name of the
# scheme?", "what was the law firm called": the thing whose name is asked (its last word). Only
# with "called" closing the question: "what was the ambassador called in for?", "what is the
# brewery named after?" ask other things (a review's finds).
_CALLED_ASKED = re.compile(
    r"\bwhat(?:'s|’s|s|\s+is|\s+was|\s+are|\s+were|\s+will\s+be)?\s+(?:(?:the|his|her|their|its|this|that)\s+)"
    r"(?:[\w'’-]+\s+){0,4}?(?P<thing>[a-z][\w-]+)\s+(?:called|named|titled|gonna\s+be\s+called)"
    r"(?:,?\s+(?:again|now|exactly|then|anyway))?\s*[?!.…]*\s*$|"
    r"\bwhat(?:'s|’s|s|\s+is|\s+was)?\s+the\s+(?:name|title)\s+of\s+(?:the|his|her|their|its|this|that)\s+"
    r"(?:[\w'’-]+\s+){0,4}?(?P<named>[a-z][\w-]+)(?:,?\s+(?:again|now|exactly|then|anyway))?\s*[?!.…]*\s*$",
    re.IGNORECASE)
_NAME_WORD = (r"[\"“'‘]?(?:(?:The|A|An)\s+[A-Z]|"
              r"(?!(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady|Dame|Prof|The|A|An|This|That|It|He|She|They|We|I|Monday|"
              r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)[A-Z])")
_CALLING = r"(?:called|named|dubbed|titled|entitled|known\s+as|christened)\s+(?:the\s+)?"
# Works news names by writing the title straight after the word ("album The College Dropout",
# "the film Closer"); anything else only by calling it so ("a scheme called…"): "the UK firm",
# "the scheme Labour promised" are no names (a review's finds).
_WORKS = frozenset("""album albums song ep film movie documentary show series programme program sitcom drama soap
    book novel memoir biography musical opera""".split())
_NO_THING = frozenset("be been being going gonna him her them it its in on at by for to up out".split())
# The work's word with an owner or article before it ("his completed solo album The College
# Dropout", "the film Closer"): "Polls show Labour ahead", "United play Arsenal" are verbs.
_OWNED_WORK = r"\b(?:the|a|an|his|her|their|its|new|latest|debut|next|hit)\s+(?:[\w'’-]+\s+){0,3}?"


def _name_asked(question: str) -> str | None:
    """The thing a "what's X called?" question asks the name of ("album"), else None (also when
    the word before "called" is no thing: "what's the film he's in called?", "…going to be called?")."""
    found = _CALLED_ASKED.search(" ".join(question.split()))
    if found is None:
        return None
    thing = (found["thing"] or found["named"]).casefold()
    # "what is the body that oversees the net called?": the body, not the net (a stranger's got "a
    # protocol called TCP/IP")
    related = re.search(r"\b(?:the|his|her|their|its|this|that)\s+(?P<head>[a-z][\w-]*)\s+(?:that|which|who|whose)\s",
                        found.group(0), re.IGNORECASE)
    if related is not None:
        thing = related["head"].casefold()
    return None if thing in STOPWORDS or thing in _NO_THING else thing


def _gives_name(text: str, thing: str, article: str = "") -> bool:
    """Whether a sentence gives a name for `thing`: "a virus called Bofra", "the new program,
    called IE 7", or for a work the title straight after the word ("his album The College
    Dropout", "the reality show, The Farm,"; not a title's "Mr" nor a day); or a coined word
    right before it that `article` (the sentence's article) never writes as a maker or a body
    ("Novartis said", "by Nasa", "from Tesco")."""
    word = rf"\b{re.escape(thing)}s?\b"
    if re.search(rf"{word}[^.;:]{{0,40}}?\b{_CALLING}(?-i:{_NAME_WORD})", text, re.IGNORECASE):
        return True
    titled = rf"{_OWNED_WORK}{word}(?:\s+(?-i:{_NAME_WORD})|,\s+(?-i:(?:The|A|An)\s+[A-Z]))"
    if thing in _WORKS and re.search(titled, text, re.IGNORECASE) is not None:
        return True
    # ... or a coined name right before it ("the Sativex drug": a stranger's "whats the drug called"
    # got a sentence on the drug's use first), a word no English list or nation has ("the UK firm",
    # "the New scheme", "the Labour plan", and a maker's name, "the Novartis drug", "the Nasa probe":
    # a review's finds).
    return any(name.casefold() not in english_words() and not nation_words(name.casefold())
               and not re.search(rf"\b(?-i:{name})\s+(?:said|says|told|announced|added|reported|spokes\w+)\b|"
                                 rf"\b(?:at|by|from)\s+(?-i:{name})\b", f"{text} {article}")
               for name in re.findall(rf"(?:^|(?<=\s))the\s+((?-i:[A-Z][a-z]{{3,}}))\s+{word}", text, re.IGNORECASE))


# "what does 3g stand for?", "what's ukip short for?", "what does the FDA stand for?", "what does the
# acronym FDA mean?": the short form asked about.
_STANDS_FOR = re.compile(
    r"^\W*(?:(?:so|and|ok|okay|but)\W+)?what(?:\s+(?:does|do|did)|['’]?s|\s+is)\s+"
    r"(?:(?:the|an?)\s+)?(?:(?:acronym|abbreviation|initials|letters)\s+)?"
    r"[\"“'‘]?(?P<short>[\w&.-]+)[\"”'’]?\s+"
    r"(?:actually\s+|even\s+|really\s+)?(?:stands?\s+for|short\s+for|an?\s+(?:acronym|abbreviation)\s+for)"
    r"(?:\s+(?:exactly|again|then|anyway|anyways))?\W*$"  # not "…stand for on Iraq?": a stance
    r"|^\W*what\s+(?:does|do|did)\s+(?:the\s+)?(?:acronym|abbreviation|initials|letters)\s+"
    r"[\"“'‘]?(?P<meant>[\w&.-]+)[\"”'’]?\s+mean\W*$",
    re.IGNORECASE)


def stands_for_asked(question: str) -> str | None:
    """The word a "what does X stand for?" question asks the full form of ("3g"), else None (and
    for a function word typed in lowercase: "what does it stand for?" asks of "it", not "IT").
    Whether it is a short form at all ("what does corbyn stand for?" asks a stance) is for
    `short_form_written` and `spells_out` to say."""
    found = _STANDS_FOR.search(" ".join(question.split()))
    if found is None:
        return None
    short = (found["short"] or found["meant"]).strip(".-")
    if short.islower() and short in STOPWORDS:
        return None
    return short if 2 <= len(short) <= 10 else None


def short_form_written(short: str, text: str) -> bool:
    """Whether `short` is a short form: typed or written in `text` as one, six letters at most,
    half of them capitals or more (two at least), or with a figure ("UKIP", "CeBIT", "3G"); not a
    name or word ("Corbyn", "Labour": what they stand for is a stance), nor a brand's
    "DeepSeek" (reviews' finds)."""
    def short_form(written: str) -> bool:
        letters = [c for c in written if c.isalpha()]
        capitals = sum(c.isupper() for c in letters)
        return len(letters) <= 6 and (capitals >= max(2, len(letters) / 2) or re.search(r"[\d&]", written) is not None)

    return short_form(short) or any(short_form(m.group()) for m in _short_form_in(short).finditer(text))


def _short_form_in(short: str) -> re.Pattern:
    """`short` as a text writes it, in any case, a word of its own (not inside "UKIP-backed")."""
    return re.compile(rf"(?<![\w-]){re.escape(short)}(?![\w-])", re.IGNORECASE)


_SHORT_FORM_SMALL = frozenset("of for and the on in to a an at by with & de du la".split())
# Words that qualify what comes after ", or", no full form's ("the EU, or even the UN").
_QUALIFIERS = frozenset("even just only rather more most possibly perhaps maybe much also still else least "
                        "indeed instead".split())


# What a figure of a short form may stand for begins with: "3G" is "third generation", "G8" "group
# of eight".
_FIGURE_INITIALS = {"1": "of", "2": "ts", "3": "t", "4": "f", "5": "f", "6": "s", "7": "s", "8": "e", "9": "n"}


def _abbreviates(phrase: str, short: str, last: bool = False) -> bool:
    """Whether the first (`last`: the last) words of `phrase`, split at hyphens too, have
    `short`'s signs (its figures' number words, its plural's "s" aside) as their initials, a
    small word skipped unless its letter is one ("non-fungible tokens": "NFTs",
    "third-generation": "3G", "Food and Drug Administration": "FDA", "Ministry of Defence": "MoD",
    "Department for Education and Skills": "DfES"); not "which nobody likes" for "AI", nor
    words that only qualify ("more precisely" for "MP": a review's find)."""
    written = re.findall(r"[A-Za-z]|\d+", short)
    if len(written) > 2 and short.endswith("s") and short[:-1].isupper():
        written = written[:-1]  # "NFTs"
    signs = [sign.casefold() for sign in written]
    # A capital of a short form written with small letters too ("vBNS") may pass over a lowercase
    # word of its full form ("Very high-speed Backbone Network Service").
    capitals = [sign.isupper() and short != short.upper() for sign in written]
    words = [w for w in re.split(r"[\s-]+", phrase) if w]
    if not signs or not words:
        return False
    for begin in (range(max(0, len(words) - 2 * len(signs)), len(words)) if last else (0,)):
        if _initials_match(words[begin:], signs, capitals, whole=last):
            return True
    return False


def _initials_match(words: Sequence[str], signs: Sequence[str], capitals: Sequence[bool], whole: bool) -> bool:
    """Whether `words` open (`whole`: are, all of them) with words whose initials are `signs`, a
    small word skipped where it is no sign's (and a lowercase word before a sign that is a
    capital: `capitals`); never a function word or an "-ly" word as a sign's."""
    at = 0
    for count, word in enumerate(words):
        if at == len(signs):
            return not whole
        folded = word.casefold()
        sign = signs[at]
        begins = _FIGURE_INITIALS.get(sign[0], "") if sign.isdigit() else sign
        fits = folded == sign or folded[0] in begins
        if fits and (folded not in STOPWORDS or word[:1].isupper() or folded in _SHORT_FORM_SMALL) and (
                not folded.endswith("ly") and folded not in _QUALIFIERS):
            at += 1
        elif not (folded in _SHORT_FORM_SMALL and not (count == 0 and whole)
                  or at and capitals[at] and word[:1].islower()):
            return False
    return at == len(signs)


def written_out_loosely(text: str, short: str) -> bool:
    """Whether `text` writes `short`'s full form out without saying so: capitalised words, small
    words and commas allowed between, whose initials are its signs ("Department for Environment,
    Food and Rural Affairs" of "DEFRA", "Group of Twenty" of "G20"); or words of any one case, one
    for each letter (`spelling.spelled_out_in`: "internet service providers" of "ISP"). Enough
    that a decline saying the article spells it out nowhere would be wrong (reviews' and
    strangers' finds)."""
    signs = re.findall(r"[a-z]|\d+", short.casefold())
    if not signs:
        return False
    small = r"(?:of|for|and|the|on|in|to|a|an|at|by|with|&)"
    parts = []
    for sign in signs:
        if not sign.isdigit():
            parts.append(rf"{sign.upper()}[\w'’-]*")
        else:  # the figure, or a number word ("Group of Twenty", "Group of 20")
            begins = _FIGURE_INITIALS.get(sign[0], "").upper()
            parts.append(rf"(?:[{begins}][a-z'’-]*|{sign})" if begins else sign)
    joined = rf"(?:[\s,]+{small}\b)*[\s,]+".join(parts)
    if re.search(rf"(?<![\w'’-]){joined}(?![\w'’-])", text):
        return True
    letters = "".join(signs)
    return letters.isalpha() and spelled_out_in(letters, text)


def spells_out(text: str, short: str) -> bool:
    """Whether `text` gives `short`'s full form (its plural's too), read as the short form's
    initials (`_abbreviates`): the words right before it in brackets ("third generation (3G)",
    "Ministry of Defence (MoD)"; not "Alex Salmond (SNP)"), in brackets or between dashes after
    it ("FDA (Food and Drug Administration)", "Asbos - anti-social behaviour orders -"; not a
    person's name: "The MP (Mark Prisk)"), either side of ", or" ("NFTs, or non-fungible
    tokens.", "artificial intelligence, or AI,"; not "an MP, or more precisely"), after "X stands
    for" as written ("UKIP stands for UK Independence Party"; not "the BNP stands for election"),
    a word joined by "-to-" for a figure 2 ("peer-to-peer" of "P2P"), or a body's name whose
    initials or capitals it is ("The UK Independence Party" of "UKIP"; not "Michael Portillo" of
    "MP", "Sir Alex Ferguson" of "SAF")."""
    typed = re.escape(short)
    plural = r"(?:s|['’]s)?"
    letters = re.sub(r"[^a-z]", "", short.casefold())
    for bracket in re.finditer(rf"\(\s*(or\s+)?{typed}{plural}\s*\)", text, re.IGNORECASE):
        # Words before it in its sentence (looked back a little only: a long text without full
        # stops, a list, is no place to search backwards from every bracket).
        before = re.split(r"[.!?]\s", text[max(0, bracket.start() - 200):bracket.start()])[-1].rstrip(" ,")
        if _abbreviates(before, short, last=True):
            return True
        # "quantum electrodynamics (or QED)": named so, whatever its initials, by a word of its
        # first letter among the last few.
        if bracket.group(1) and any(w[:1].casefold() == short[:1].casefold() for w in before.split()[-4:]):
            return True
    for after in re.finditer(rf"(?<![\w-]){typed}{plural}\s*(?:\(([^()]{{3,120}})\)|"
                             rf"\s[-–—]\s+([^.]{{3,120}}?)\s+[-–—](?:\s|$)|,?\s+or\s+([^,.;()]{{3,120}}))",
                             text, re.IGNORECASE):
        full = next(g for g in after.groups() if g)
        if _abbreviates(full, short) and not _a_persons_name(full, text):
            return True
    for before in re.finditer(rf"((?<![\w'’-])[A-Za-z][\w'’-]*(?:\s+[A-Za-z][\w'’-]*){{0,7}}),\s+or\s+"
                              rf"{typed}{plural}\b", text, re.IGNORECASE):
        if _abbreviates(before.group(1), short, last=True):
            return True
    written = _as_written([short], text) or short
    for stands in re.finditer(rf"(?<![\w-]){re.escape(written)}\W{{0,3}}(?:which\s+|that\s+)?"
                              rf"(?:stands|stood|is\s+short|short)\s+for\s+([^.;()]{{3,120}})", text):
        if _abbreviates(stands.group(1), short):
            return True
    signs = re.findall(r"[a-z]|\d+", short.casefold())
    if len(signs) == 3 and signs[1] == "2" and re.search(
            rf"\b{signs[0]}[a-z]+-to-{signs[2]}[a-z]+\b", text, re.IGNORECASE):
        return True  # "peer-to-peer" of "P2P", "business-to-business" of "B2B"
    if "&" in short and len(letters) == 2:  # "M&S": "Marks and Spencer"
        return re.search(rf"\b{letters[0]}\w+\s+(?:and|&)\s+{letters[1]}\w+", text, re.IGNORECASE) is not None
    return short.isalpha() and letters in names_abbreviated(text)


def _a_persons_name(words: str, text: str) -> bool:
    """Whether `words` are a person's first name and surname ("Mark Prisk"), the first never
    written in lowercase in `text`, with no body's word."""
    named = words.split()
    return (len(named) == 2 and all(w[:1].isupper() for w in named) and not _BODY.search(words)
            and _first_name_before(named[0], text))


def _as_written(shorts: Sequence[str], text: str) -> str | None:
    """The first of `shorts` as `text` writes it ("IBM" for the asker's "ibm")."""
    for typed in shorts:
        found = _short_form_in(typed).search(text)
        if found is not None:
            return found.group()
    return None


def _declinable_short_form(short: str) -> bool:
    """Whether an article spelling `short` out nowhere may be said not to: three signs or more, or
    a figure ("CeBIT", "3G"); two letters ("AI", "PM") may be written out any way at all."""
    return len(re.findall(r"[A-Za-z]|\d+", short)) >= 3 or re.search(r"\d", short) is not None


def _spelt_first(scored: Sequence[ScoredSentence], shorts: Sequence[str], floor: float) -> Sequence[ScoredSentence]:
    """For "what does X stand for?", the best sentence spelling X (or how the spelling reads it:
    `shorts`) out (`spells_out`) first, when the best does not, the lead included (the reader
    who read it asked all the same)."""
    return _first_fitting(scored, lambda s: any(spells_out(s.row.text, short) for short in shorts), floor, False)


def _rule_ordered(enabled: bool, rule: Callable[..., Sequence[ScoredSentence]], scored: Sequence[ScoredSentence],
                  question: str, floor: float, lead_read: bool, why: str) -> Sequence[ScoredSentence]:
    """`scored` as an ordering `rule` (`_name_first`, `_maker_first`…) puts it, when `enabled`,
    logged with `why` when it moves a sentence first."""
    ordered = rule(scored, question, floor, lead_read) if enabled else scored
    if ordered is not scored:
        log.debug("%s (paragraph %d) put first", why, ordered[0].hit.passage.paragraph)
    return ordered


def _name_first(scored: Sequence[ScoredSentence], question: str, floor: float,
                lead_read: bool) -> Sequence[ScoredSentence]:
    """For "what's X called?", the best sentence of the best one's article giving a name for X
    (`_gives_name`) put first, when the best gives none (`_first_fitting`)."""
    thing = _name_asked(question) if len(scored) > 1 else None
    if thing is None:
        return scored
    article = scored[0].hit.passage.article_id
    every = " ".join(s.row.text for s in scored if s.hit.passage.article_id == article)
    return _first_fitting(scored, lambda s: s.hit.passage.article_id == article
                          and _gives_name(s.row.text, thing, every), floor, lead_read)


# What a finding comes from: a poll, a survey, a study, a report, research…
_STUDY = (r"(?:polls?|polling|surveys?|stud(?:y|ies)|reports?|research|tests?|analys[ie]s|reviews?|audits?|census|"
          r"index|rankings?|figures|statistics|stats|data|findings|estimates?|forecasts?|investigations?|"
          r"experiments?|inquiry|questionnaire)")
# A question's chat opening: "so who…", "and what…", "ok how…".
_CHAT_OPENER = r"^\W*(?:(?:so|and|but|ok|okay)\W+)?"
# "who did the survey?", "who's behind this research?", "which firm carried out the poll for the
# bbc?": the study ending the question, or what it was on or for; not "who did the report blame?",
# "who did the poll put ahead?", "who did the study of 500 people find…" nor "who did they test?".
_MAKER_ASKED = re.compile(
    _CHAT_OPENER + r"(?:who|which\s+(?:firm|company|group|organi[sz]ation|body|agency|pollsters?|"
    r"magazine|paper|newspaper|university|researchers?|institute|outfit))(?:['’]s|\s+is|\s+was|\s+are|\s+were)?\s+"
    r"(?:(?:actually|exactly|even|really)\s+)?(?:did|does|do|ran|runs|run|running|conducted|conducts|conducting|"
    r"carried\s+out|carries\s+out|carrying\s+out|commissioned|commissions|wrote|writes|written|produced|produces|"
    r"published|publishes|compiled|compiles|made|makes|organi[sz]ed|behind|put\s+out|puts\s+out|released|releases|"
    r"paid\s+for|funded)\s+(?:the|this|that|these|those|its|their|his|her|a|an)\s+(?:[\w'’-]+\s+){0,2}?" + _STUDY +
    r"(?:\s+(?:on|about|into|for|of|in)\b(?![^?]*\b(?:say|says|said|find|finds|found|show|shows|suggest|suggests|"
    r"claim|claims|put|puts|rate|rates|rank|ranks|blame|blames|name|names|favour|favor|clear|clears|accuse|accuses|"
    r"follow|follows|interview|ask|asks|asked|pick|picks|back|backs)\b)[^?]*)?\W*$", re.IGNORECASE)
# A maker's name: capitalised, not a month or a day ("a report from January", "published on
# Thursday by…"; "the Sunday Times" is one), a word opening a sentence ("Those surveyed…", "He did
# the research himself") or a plural of capitals ("printers for PCs").
_MAKER = (r"(?!(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|"
          r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b(?!\s+(?-i:[A-Z]))|(?:Those|These|The|People|Most|"
          r"Many|Some|All|Half|Nearly|Almost|About|Among|Of|In|It|They|We|He|She|I)(?![\w&/'’-])|(?-i:[A-Z]{2,}s\b))"
          r"(?-i:[A-Z])")
# What may stand before a maker's name: the, and what it is ("mobile firm Intervoice", "the
# international polling firm GlobeScan", "industry monitor, the Mobile Data Association").
_MAKER_IS = (r"(?:(?:the|a|an)\s+)?(?:(?:[a-z][\w-]*\s+){0,3}?(?:firm|company|group|magazine|newspaper|paper|agency|"
             r"monitor|body|watchdog|organi[sz]ation|consultancy|consultants|analysts?|pollsters?|researchers?|"
             r"institute|think[- ]tank|charity|university|association|council|centre|center|website|broadcaster|"
             r"union)\s*,?\s+(?:the\s+)?)?")
# A few words after a study, in one clause, none a verb but of its making ("The poll of 22,953
# people was conducted by…", not "…poll was a triumph for British rock", "The survey found that
# support for Labour…", "The index rose sharply, led by BP").
_STUDY_GAP = (r"(?:\s+(?!(?:was|were|is|are|has|have|had|will|would|be|been)\s+(?!(?:conducted|carried|commissioned|"
              r"produced|compiled|published|undertaken|done|run|paid|funded)\b))"
              r"(?!(?:finds?|found|finding|show|shows|showed|shown|showing|says?|said|suggest|suggests|suggested|"
              r"reveal|reveals|revealed|conclude|concludes|concluded|claims?|claimed|estimates?|estimated|predicts?|"
              r"predicted|puts?|rose|rises?|fell|falls?|led|leads?|gave|gives|backed|backs|named|names|rated|rates|"
              r"ranked|ranks|blamed|blames|warned|warns|urged|urges|calls?|called|praised|criticised|criticized|"
              r"reports?|reported)\b)(?:[^\s.;:?!,]|(?<=\d)[.,](?=\d))+){0,6}?")
# A maker named plainly: a study "by", "for" or "from" someone ("a poll for mobile firm Intervoice",
# "The report by the US Pew Research Center"); people "polled" or "quizzed" by someone ("quizzed
# by ICM", "YouGov polled…", "CommunicateResearch interviewed 401 people"); someone who "carried
# out" a study ("Polling company Mori carried out both surveys", "Produced by Jupiter Research
# the analysis…").
_MADE_BY = re.compile(
    rf"(?:\b(?:the|a|an|its|their|this|that|new|latest|recent|separate|annual|last|second|first|both)\s+"
    rf"(?:[\w'’-]+\s+){{0,2}}?|(?:^|[.!?]\s+)(?=(?-i:Figures|Research|Data|Statistics)\b))"
    rf"{_STUDY}{_STUDY_GAP}\s+(?:by|for|from)\s+{_MAKER_IS}{_MAKER}|"
    rf"\b(?:polled|surveyed|questioned|quizzed|interviewed)\s+(?:by|for)\s+{_MAKER_IS}{_MAKER}|"
    rf"{_MAKER}[\w&/.-]*\s+(?:polled|surveyed|(?:interviewed|questioned)\s+(?:(?:more than|over|about|some)\s+)?\d)|"
    rf"\b(?:carried out|conducted|commissioned|produced|compiled|published|undertaken)\s+by\s+{_MAKER_IS}{_MAKER}"
    rf"(?=.*\b{_STUDY}\b)|"
    rf"{_MAKER}[\w&/.-]*\s+(?:carried out|conducted|commissioned|produced|compiled|published|ran|did)\s+"
    rf"(?:the|a|an|both|its|their|this|that|these|those)\s+(?:[\w-]+\s+){{0,2}}?{_STUDY}\b", re.IGNORECASE)
# Less plainly: the study called by its maker's name ("the World Bank report said", "a YouGov
# poll"), or a firm of researchers named as a source ("according to market analysts In-Stat/MDR",
# "Web tracking company Envisional said…").
_MAKER_NAMED = re.compile(
    rf"\b(?:the|a|an|its|this|new|latest)\s+(?:{_MAKER}[\w&/.!'’-]*\s+){{1,4}}{_STUDY}\b|"
    rf"{_MAKER}[\w&/.-]*['’]s\s+(?:[\w-]+\s+){{0,2}}?{_STUDY}\b|"
    rf"\b(?:firm|company|group|organi[sz]ation|agency|consultancy|consultants|analysts?|pollsters?|monitor|"
    rf"researchers|institute|think[- ]tank)\s*,?\s+(?:the\s+)?{_MAKER}", re.IGNORECASE)


def _maker_first(scored: Sequence[ScoredSentence], question: str, floor: float,
                 lead_read: bool) -> Sequence[ScoredSentence]:
    """For "who did the survey?", the best sentence of the best one's article plainly naming who
    made a study (`_MADE_BY`) put first, when the best does not (`_first_fitting`); else, when the
    best names no maker at all, the best naming one less plainly (`_MAKER_NAMED`)."""
    if len(scored) < 2 or not _MAKER_ASKED.search(question):
        return scored
    article = scored[0].hit.passage.article_id

    def naming(pattern: re.Pattern) -> Callable[[ScoredSentence], bool]:
        return lambda s: s.hit.passage.article_id == article and bool(pattern.search(s.row.text))

    ordered = _first_fitting(scored, naming(_MADE_BY), floor, lead_read)
    if ordered is not scored or _MADE_BY.search(scored[0].row.text):
        return ordered
    return _first_fitting(scored, naming(_MAKER_NAMED), floor, lead_read)


# "what did imelda staunton say when she got her award?", "how did he react when…": a "when" of a
# clause after a verb of saying or doing, not the question's own asking (a stranger's right answer,
# at 0.60, was called unsure for holding no date). Not "what was the date when…", "did they say
# when…" (a review's finds).
_WHEN_SUBORDINATE = re.compile(_CHAT_OPENER + r"(?:what|how)\s+"
                               r"(?:did|does|do|will|would|has|have)\s+(?:[\w'’-]+\s+){1,4}?"
                               r"(?:say|said|do|react|respond|feel|think|tell|reply)\s+"
                               r"(?:(?:about\s+)?(?:it|that|this|them|him|her)\s+)?when\b", re.IGNORECASE)


def _when_subordinate(question: str) -> bool:
    """Whether the question's only date word is a "when" of a clause ("…say when she got it?")."""
    return question_type(question) == "date" and _WHEN_SUBORDINATE.match(question) is not None


# "who are the two men?", "who's the new boss?": whom a noun names, its head last.
# Not "who are the men in the photo?" (its last word no head).
_WHO_ARE_THE = re.compile(r"^\s*(?:(?:so|and|ok|okay)[\s,]+)?who(?:['’]s|\s+is|\s+are|\s+was|\s+were|\s+r)\s+"
                          r"(?:the|these|those)\s+(?:(?!(?:in|of|at|on|for|from|with|behind|by|to|over|under)\b)"
                          r"[\w'’-]+\s+){0,3}?(?P<head>[^\W\d_]{3,})\s*[?!.]*\s*$", re.IGNORECASE)


def _others_after(scored: Sequence[ScoredSentence], question: str, floor: float,
                  lead_read: bool) -> Sequence[ScoredSentence]:
    """For "who are the two men?", the best sentence of the best one's article not naming "other"
    men put first, when the best does ("the other two men released…", "three other Birmingham
    councillors"): those are not the ones asked (`_first_fitting`)."""
    asked = _WHO_ARE_THE.match(question) if len(scored) > 1 else None
    if asked is None or re.search(r"\b(?:other|others|else)\b", question, re.IGNORECASE):
        return scored
    head = re.escape(asked["head"])
    others = re.compile(rf"\b(?:other|another)\s+(?:[\w'’-]+\s+){{0,2}}{head}\b", re.IGNORECASE)

    def only_others(text: str) -> bool:
        # "The victims were named as Ann Hill and Bob Reid; two other victims remain in hospital"
        # names them all the same (a review's find).
        return len(others.findall(text)) >= len(re.findall(rf"\b{head}\b", text, re.IGNORECASE)) > 0

    if not only_others(scored[0].row.text):
        return scored
    article = scored[0].hit.passage.article_id
    return _first_fitting(scored, lambda s: s.hit.passage.article_id == article and not only_others(s.row.text),
                          floor, lead_read)


def _unit_first(scored: Sequence[ScoredSentence], question: str, floor: float,
                lead_read: bool, beside: bool = True) -> Sequence[ScoredSentence]:
    """For a question asking a sum, an age, a share or a span of time (`_FIRST_UNITS`), the best
    sentence of the best one's article holding one the question lacks put first, when the best
    holds none (`_first_fitting`); `beside`: before any other, one holding every word of the
    question with one of them beside the figure (`_beside_asked`)."""
    unit = asked_unit(question) if len(scored) > 1 else None
    if unit not in _FIRST_UNITS or words_asked_of(question) or (unit == "age" and not _AGE_OF_SOMEONE.search(
            " ".join(question.casefold().split()))):
        # Not someone's words ("what did wenger say about his age?"), nor the age of a thing,
        # which a year gives ("how old is the bridge?": a review's finds).
        return scored
    holds = _holds_unit(unit, question)
    article = scored[0].hit.passage.article_id
    if beside:
        near = _beside_asked(unit, question)
        ordered = _first_fitting(scored, lambda s: (s.hit.passage.article_id == article and holds(s.row.text)
                                                    and near(s.row.text)), floor, lead_read)
        if ordered is not scored:
            return ordered
    return _first_fitting(scored, lambda s: s.hit.passage.article_id == article and holds(s.row.text), floor,
                          lead_read)


# Past forms stemming does not join to the verb a question for a figure asks with ("how much
# did they pay?" of "Baikal paid…", "how much did it grow?" of "grew 0.1%").
_PAST_FORMS = {"pay": ("paid",), "buy": ("bought",), "sell": ("sold",), "spend": ("spent",), "win": ("won",),
               "make": ("made",), "get": ("got",), "give": ("gave", "given"), "bring": ("brought",),
               "lose": ("lost",), "take": ("took", "taken"), "grow": ("grew", "grown"), "rise": ("rose", "risen"),
               "fall": ("fell", "fallen"), "run": ("ran",), "hold": ("held",), "lend": ("lent",),
               "steal": ("stole", "stolen"), "sink": ("sank", "sunk"), "draw": ("drew", "drawn")}
_FIGURE_PATTERNS = {"money": _MONEY, "age": _AGE, "percent": _PERCENT, "duration": _DURATION}


def _beside_asked(unit: str, question: str) -> Callable[[str], bool]:
    """Whether a sentence holds every content word of the question (a past form too:
    `_PAST_FORMS`) and a figure of the unit asked with one of them among the four words before it
    or the two after it ("paid 260.75bn roubles", "sold for $9bn", "£40m was spent"; not "it has
    paid $1bn for…" of another buyer for "how much did fosters pay for it?", which names no
    Fosters)."""
    asked = [w for w in words(question) if w not in STOPWORDS and w not in ("much", "many", "long", "old")]
    forms = [set(stems([w, *_PAST_FORMS.get(w, ())])) for w in asked]
    wanted = set().union(*forms)
    pattern = _FIGURE_PATTERNS[unit]

    def near(text: str) -> bool:
        held = set(stems(words(text)))
        if not all(held & each for each in forms):
            return False
        for found in pattern.finditer(text):
            around = words(text[:found.start()])[-4:] + words(text[found.end():])[:2]
            if wanted.intersection(stems(around)):
                return True
        return False

    return near


def _holds_unit(unit: str, question: str) -> Callable[[str], bool]:
    """Whether a sentence holds a figure of the unit asked (`_KIND_CANDIDATES`) that the question lacks."""
    asked = set(words(question))
    told = _told_only(unit, question)
    return lambda text: _holds_kind(told(_figures(unit, text)), asked)


# A sum the story says it was not told, or no sum at all ("for an unspecified sum", "were not
# disclosed", "free to use"): the answer to what a deal, a thing or a profit came to, not to what
# someone lost or owes (a stranger's "how much money was lacroix losing" was quoted "…bought by
# the Falic Group for an unspecified sum"). Not what someone made or earned: "how much did
# everton make from selling rooney?" is answered by "for an undisclosed fee" (a review's find).
_NO_FIGURE = re.compile(r"\b(?:undisclosed|unspecified|unrevealed|confidential|disclosed?|revealed?|released|public|"
                        r"say|free|charge|charging|nothing)\b")
_TAKINGS = re.compile(r"\b(?:los(?:e|es|ing|t)|loss(?:es)?|debts?|owe[sd]?|owing)\b", re.IGNORECASE)


def _told_only(unit: str, question: str) -> Callable[[tuple], tuple]:
    """A filter of a sentence's candidates of `unit` (`_KIND_CANDIDATES`): for a question asking
    a sum lost or owed, only the sums told (`_NO_FIGURE`, `_TAKINGS`); else all."""
    if unit != "money" or not _TAKINGS.search(question):
        return lambda found: found
    return lambda found: found if isinstance(found, bool) else tuple(c for c in found if not _NO_FIGURE.search(c))


@lru_cache(maxsize=20_000)
def _figures(unit: str, text: str) -> tuple[str, ...]:
    """A sentence's figures of a unit (`_KIND_CANDIDATES`). Cached: the money pattern costs tens
    of microseconds a sentence, and `_unit_first` reads the same article's sentences question after
    question (1.6 ms of a launch-article question for a sum, asked of the article alone)."""
    return _KIND_CANDIDATES[unit](text)


# Words asking for a score that a match report need not use ("what was the final score in the game?").
_SCORE_ASKING = frozenset("whats score scores scoreline final finally game games match matches result end full time "
                          "fulltime half exactly tie fixture derby v vs versus get got".split())


def _score_in_headline(scored: Sequence[ScoredSentence], question: str, one_article: bool, store: Store) -> bool:
    """Whether the final score asked for is in the best sentence's article's headline alone: a
    match report headed "Middlesbrough 2-2 Charlton" whose text gives no score of the match at
    full time in figures (a stranger's "what was the score?" there got three sentences giving
    none; a line of scorers gives one side's goals, not the score).
    Headlines are no passage's text, so the answer shows it as the article's citation
    (`AboutArticle` "headline"). Asked of every article, only one whose headline the question
    names ("…in the middlesbrough game?")."""
    if not scored or _ASKS_ON_THE_WAY.search(question) or _SCORE_ELSEWHERE.search(question):
        return False  # the half-time score is never a headline's, nor last season's
    passage = scored[0].hit.passage
    headline = passage.title
    if not _scores(headline) or _SCORE_ELSEWHERE.search(headline):
        return False
    shared = set(words(question)) & set(words(headline))
    if not one_article and not any(w not in STOPWORDS and not w.isdigit() for w in shared):
        return False
    # Nor a match the question names and the article never does ("…against arsenal?" of
    # "Middlesbrough 2-2 Charlton": a review's find): a name the articles write, or an uncommon
    # word none holds; not "yesterday", "on saturday" or "lads" (a second review's finds).
    collections = [passage.collection]
    named = [w for w in words(question) if w not in STOPWORDS and w not in _SCORE_ASKING and w not in WHEN_WORDS
             and not w.isdigit() and w not in words(headline)]
    lacking = store.missing_words(named, collections, article_id=passage.article_id) if named else set()
    held_nowhere = store.missing_words(sorted(lacking), collections) if lacking else set()
    for word in lacking:
        aliases = aliases_of(word)
        if aliases and set(aliases) - store.missing_words(list(aliases), collections, article_id=passage.article_id):
            continue  # "boro" of its "Middlesbrough"
        if (_written_as_name(word, store, collections)
                or (word in held_nowhere and english_words().get(word, 0) < COMMON_WORD)):
            return False
    # A line of who scored when ("Goals: Bowyer 35, Dyer 69.") gives one side's goals, not the score.
    holding, final = _holding_score([s for s in scored if s.hit.passage.article_id == passage.article_id], question)
    if not (final and any(_SCORE.search(s.row.text) for s in holding)):
        return True
    # Scores of the text that are none of the headline's are another match's ("…when England were
    # rampant 42-6 victors in claiming the Grand Slam" under "Ireland 19-13 England": a stranger's
    # "what was the score?" got the 2003 one).
    return _score_pairs(headline).isdisjoint(pair for s in holding for pair in _score_pairs(s.row.text))


def _score_pairs(text: str) -> set[tuple[int, int]]:
    """The scores `text` gives in figures, each as its two numbers in order ("19-13" as (13, 19))."""
    return {tuple(sorted(map(int, m.group(1, 2)))) for m in _SCORE.finditer(text) if m.group(1)}


# Where a sentence names its subject: "Smith has…", "Mr Smith said…", "Rock star Patti Smith…".
_SUBJECT_WORDS = 4
# A sentence's subject named by what they are, not who: "The world number one", "The 25-year-old",
# "The Swiss star", "The top seed", "The former champion" (never "The Russian", who may be another).
_EPITHET = re.compile(r"\W*The\s+(?:\d+-year-old|world\s+number\s+\w+|(?:(?-i:[A-Z])[a-z]+\s+|(?:[a-z-]+\s+){0,2})"
                      r"(?:star|striker|midfielder|defender|keeper|goalkeeper|winger|forward|captain|champion|seed|"
                      r"veteran|international|singer|actor|actress|rapper|musician|director|chancellor|minister|"
                      r"leader|chief|executive|boss|manager|coach|player|tycoon|billionaire|entrepreneur))\b")


# A sentence whose subject is "he" or "she" goes on about the last one's ("Holmes will make her
# first appearance… She will also run in Birmingham… '…,' she said.": a stranger's "what did holmes
# say?" was told the story gives her no words); the "he" or "she" then speaking is the same.
# ... after what they are, too ("A former critic of the House of Lords, he has said…": a stranger's "what did
# kinnock say…?" was told the story gives Kinnock no words, above '"I accepted…," he said').
# ... after a conjunction too ("But he then missed the whole 2004 Six Nations…" keeps Wilkinson the
# subject, whose '"…," he said.' follows: a stranger's "what did jonny say about getting the armband"
# was declined).
_OPENING_CONJUNCTION = r"(?:But|And|Yet|So|Now|Then|However|Still|Since\s+then|After\s+that)\s*,?\s+"
_PRONOUN_SUBJECT = re.compile(rf"\W*(?:{_OPENING_CONJUNCTION})?(?:An?\s+[^,.;:\"“”()]{{1,60}},\s+)?([Hh]e|[Ss]he)\s+"
                              r"(?!said\b|says\b|told\b|added\b)")
_CONJUNCTION = re.compile(rf"^\W*{_OPENING_CONJUNCTION}")


# Someone named by a title and a name or by two names ("Lord Smith", "Tim Collins").
_SOMEONE_NAMED = re.compile(r"\b[A-Z][a-z]+\s+[A-Z][a-z][\w'’-]*")


def _names_another(text: str, named: set[str], titled: bool = False) -> bool:
    """Whether `text` names someone besides `named` by a title and a name or by two names ("Michael
    Howard has named Tim Collins as…"; not "The Conservative…", "Lord Kinnock" of "kinnock").
    `titled`: not words of a title right before one of `named` ("Double Olympic champion Kelly
    Holmes"), nor a place's or an event's ("at the Norwich Union Birmingham Indoor Grand Prix",
    "in New York")."""
    return any(len(parts := [w for w in words(found.group()) if w not in STOPWORDS]) >= 2 and named.isdisjoint(parts)
               and not (titled and (not named.isdisjoint(words(text[found.end():])[:3])
                                    or re.search(r"\b(?:the|a|an|in|at|on)\s+$", text[:found.start()],
                                                 re.IGNORECASE)))
               for found in (_NAME_RUN if titled else _SOMEONE_NAMED).finditer(text))


# Capitalised words in a row, whole ("Norwich Union Birmingham Indoor Grand Prix").
_NAME_RUN = re.compile(r"\b[A-Z][a-z]+(?:\s+[A-Z][a-z][\w'’-]*)+")


# Lowercase words a subject's title may hold before the name ("Transport & General Worker's Union general
# secretary Tony Woodley", "And Blues boss Jose Mourinho", "Conservative shadow home secretary David Davis").
_TITLE_WORDS = frozenset("and but & of the a an former ex then new acting interim deputy assistant vice chief "
                         "executive general shadow home foreign senior veteran team national fund world".split())


def _opening(text: str) -> list[str]:
    """The words opening `text` as its subject may: its first `_SUBJECT_WORDS`, or more while they
    are capitalised, a title's or a role's ("…union general secretary Tony Woodley repeated…": a
    review found "what did tony woodley say?" declined over '"He said…"' after it)."""
    tokens = re.findall(r"[\w'’&-]+", text)
    run = 0
    while run < min(len(tokens), _TITLE_RUN) and (tokens[run][:1].isupper() or tokens[run].casefold() in _TITLES
                                                   or tokens[run] in _TITLE_WORDS
                                                   or re.fullmatch(_DESCRIBING_ROLE, tokens[run])):
        run += 1
    return tokens[:max(_SUBJECT_WORDS, run)]


_TITLE_RUN = 12  # words a subject's title and name may run to


def _opens_with(text: str, named: set[str]) -> bool:
    """Whether `text` opens with one of `named` as its subject, within its first words and not as
    someone's ("Holmes will…", "Kelly Holmes will…"; not "Holmes's coach Dave Arnold…")."""
    opening = _opening(text)
    at = next((i for i, token in enumerate(opening) if re.sub(r"['’]s$", "", token).casefold() in named), None)
    return at is not None and not re.search(r"['’]s$", opening[at])


def _speaks_as_pronoun(text: str) -> bool:
    """Whether `text` gives the words of a he, she or they ("…," she said.), or of a person
    described, not named ("The world indoor champion said: '…'", "…, said the 22-year-old"): news
    calls whom the sentence before names so (a stranger's "what did gardener say?" was told the
    story gives Gardener no words)."""
    # Not a pronoun in what someone reports ("Manuel Millan says that he is the hip-hop leader…":
    # a review's find), nor inside quotation marks.
    if any(speaks(text, pronoun, outside_quotes=True) for pronoun in ("he", "she", "they")):
        return True
    return _described(speaker_named(text))


def _pronoun_not_anothers(text: str, named: set[str]) -> bool:
    """Whether no one but `named` is named in `text` before its he, she or they (quotations
    aside): "But compatriot Kenenisa Bekele's record hopes were dashed when he miscounted his laps"
    after "Dibaba won…" is Bekele's, no words of hers (a stranger's "what did dibaba say about
    breaking the record?" got it first)."""
    plain = QUOTED_SPEECH.sub(" ", text)
    pronoun = re.search(r"\b(?:he|she|they)\b", plain, re.IGNORECASE)
    if pronoun is None:
        return True
    # Someone named as the clause's subject or its owner ("compatriot Kenenisa Bekele's hopes"), not
    # whom or what it speaks to or of ("Speaking to BBC Radio Five Live, she said", "Asked about
    # Bekele's failure, she said", "In an interview with The Times": a review's finds).
    for found in _SOMEONE_BEFORE.finditer(plain[:pronoun.start()]):
        if found.start() and not found.group("after") and not set(words(found.group("name"))) & named:
            return False
    return True


# A person's whole name owning something ("Kenenisa Bekele's hopes"; not one word, "England's
# World Cup-winning fly-half" is the one named before: a test's case), with the preposition or verb
# of asking before it, when there is one.
_SOMEONE_BEFORE = re.compile(
    r"(?P<after>\b(?:to|with|about|at|in|on|of|from|for|by|against|than|told|asked|telling|asking|thanked|"
    r"thanking)\s+(?:the\s+)?)?"
    r"(?P<name>[A-Z][a-z][\w-]*(?:\s+[A-Z][\w-]+){1,2}['’]s\b)")


def _named_alone(text: str, named: set[str]) -> bool:
    """Whether `text` names no one but `named`: every other capitalised word after its first is
    a place or time after "in", "at", "of", "on" or "from" ("Roddick was left frustrated… on the
    slow clay of Seville's Olympic Stadium"). A nationality tells two people apart: after "Roddick
    was beaten by Safin in Melbourne.", "…," said the Russian is Safin's (a review's find)."""
    tokens = re.findall(r"[\w'’-]+", text)
    for at in range(1, len(tokens)):
        token = tokens[at]
        if not token[:1].isupper() or token.casefold() in named or words(token)[:1] and words(token)[0] in named:
            continue
        before = tokens[at - 1]
        if before[:1].isupper() or before.casefold() in ("in", "at", "of", "on", "from", "the"):
            continue  # a chain of capitals ("Seville's Olympic Stadium") or a place
        return False
    return True


def _nationality(speaker: str | None) -> bool:
    """Whether whose words a sentence gives is named by nationality ("the American")."""
    return speaker is not None and speaker.startswith("the ") and _DEMONYM.fullmatch(speaker[4:]) is not None


def _described(speaker: str | None) -> bool:
    """Whether whose words a sentence gives is a person described, not named ("the 22-year-old",
    "the world indoor champion", "England's World Cup-winning fly-half"), or by nationality ("…,"
    said the American: a stranger's "what did roddick say" was told the story gives Roddick no
    words)."""
    if speaker is None:
        return False
    # "England's World Cup-winning fly-half said…" after "Jonny Wilkinson looks set…": a nation's,
    # not "Chelsea's captain", another side's (a review's find)
    owned = re.fullmatch(rf"([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)?)['’]s\s+(?:[\w-]+\s+){{0,4}}?"
                         rf"(?:{_PERSON_NOUN.pattern})", speaker)
    if owned is not None and nation_words(owned.group(1).casefold()):
        return True
    if not speaker.startswith("the "):
        return False
    return _nationality(speaker) or (not re.search(r"[A-Z]", speaker)
                                     and _PERSON_NOUN.fullmatch(speaker.split()[-1]) is not None)


# A nationality news calls whom the sentence before names ("the American", "the Spaniard", "the Scot");
# listed, as words ending so are often none ("the Taliban", "the Guardian", "the Chairman", the papers
# "The Scotsman"; "the Chinese" a government: reviews' finds).
_DEMONYM = re.compile(
    r"American|Briton|Englishman|Scot|Welshman|Irishman|Spaniard|Frenchman|Frenchwoman|German|Italian|Swiss|"
    r"Dutchman|Belgian|Austrian|Swede|Dane|Norwegian|Finn|Icelander|Russian|Ukrainian|Belarusian|Pole|Czech|Slovak|"
    r"Hungarian|Romanian|Bulgarian|Serb|Croat|Slovenian|Bosnian|Greek|Cypriot|Turk|Portuguese|Argentine|Argentinian|"
    r"Brazilian|Chilean|Colombian|Uruguayan|Peruvian|Venezuelan|Ecuadorian|Mexican|Canadian|Jamaican|Australian|"
    r"Aussie|Kiwi|South\s+African|Zimbabwean|Kenyan|Ethiopian|Moroccan|Algerian|Tunisian|Egyptian|Nigerian|Ghanaian|"
    r"Cameroonian|Ivorian|Senegalese|Korean|South\s+Korean|Indian|Pakistani|Sri\s+Lankan|Thai|"
    r"Israeli|Iranian|Georgian|Latvian|Lithuanian|Estonian|Englishwoman|Irishwoman|Welshwoman|Serbian|"
    r"Croatian|Slovene|Cuban|New\s+Zealander|Bolivian|Paraguayan|Filipino|Indonesian|Malaysian|Vietnamese|"
    r"Saudi|Iraqi|Afghan|Syrian|Lebanese|Jordanian|Qatari|Emirati|Macedonian|Albanian|Montenegrin|Moldovan|Armenian|"
    r"Azerbaijani|Kazakh|Uzbek|Dominican|Trinidadian|Barbadian|Ugandan|Tanzanian|Zambian|Malian|Angolan|Congolese|"
    r"Liberian|Tongan|Fijian|Samoan")


# The last word of a description news gives whom the sentence before names, in place of the name:
# what they are ("the 22-year-old", "the world indoor champion"), not a role ("the coach said",
# "the minister said"), which is most often someone else's, nor a body ("the bank said").
_PERSON_NOUN = re.compile(
    r"\d+-year-old|champion|star|striker|winger|midfielder|defender|forward|goalkeeper|keeper|player|veteran|"
    r"youngster|teenager|athlete|sprinter|runner|driver|rider|boxer|golfer|batsman|bowler|winner|medallist|"
    r"holder|singer|actor|actress|rapper|musician|comedian|novelist|frontman|drummer|guitarist|entrepreneur|"
    r"tycoon|billionaire|film-maker|filmmaker|fly-half|scrum-half|flanker|full-back")


# "who is mary robinson?", "who's zajec", "who was gandulla": what the one named is. Not a role
# asked for a name ("who is the ceo?", "who's in charge"), nor "who is he?", whom the last answer
# may have named.
_WHO_IS_NAMED = re.compile(
    _CHAT_OPENER + r"who(?:\s+is|\s+was|['’]s|s)\s+(?:this\s+|that\s+)?"
    # not "who is replacing ferguson?", "who is suing microsoft?" (a review's finds)
    r"(?P<name>(?![\w'’-]{2,}(?:ing|ed)\b)(?!(?:the|a|an|he|she|it|they|him|her|them|this|that|these|those|his|its|"
    r"their|our|your|my|going|behind|in|on|at|for|to|with|doing|running|leading|responsible|now|still|playing|"
    r"in\s+charge|new|next|actually|really|there|here|gonna|being|getting|winning|saying|said|making|paying)\b)"
    r"[\w'’.-]+(?:\s+[\w'’.-]+){0,2}?)\s*(?:now|then|again|exactly|anyway)?\W*$", re.IGNORECASE)
# What says what someone is: a role or trade right before the name (after up to two capitalised
# words: "former Irish president Mary Robinson"), or right after it ("Robinson, the former…",
# "Zajec, 48, …", "Robinson is a…").
_DESCRIBING_ROLE = (rf"(?i:{_PERSON_NOUN.pattern}|{_STAFF_ROLE}|commissioner|minister|secretary|president|leader|"
                    r"founder|author|writer|novelist|director|producer|presenter|host|coach|chairman|professor|"
                    r"expert|lawyer|judge|mp|campaigner|activist|official|governor|mayor|senator|ambassador|"
                    r"captain|chef|designer|artist|model|journalist|editor|inventor)")
_WHAT_SOMEONE_IS = (r"(?:\s*(?:\([^)]*\)\s*)?,\s+(?:\d{1,3},\s+)?(?:the|a|an|who|whose|former|ex-|now|then|"
                    rf"currently|{_DESCRIBING_ROLE}|"
                    # "Hendrix, widely considered one of the best guitarists of his era, died…" (a stranger's
                    # "who is jimi hendrix exactly?" got a sale of his band's single first)
                    r"(?:(?:widely|generally|often|best|better|once|long)\s+)?(?:considered|regarded|known|seen|"
                    r"described|hailed|dubbed|nicknamed|famous|famed|credited))\b|"
                    r"\s+(?:is|was|has\s+been|had\s+been|became|becomes)\s+"
                    r"(?:also\s+|now\s+|currently\s+|still\s+|already\s+)?(?:a|an|the|one|former)\b)")


def _as_a_name(word: str) -> str:
    """A pattern for `word` written as a name, capitalised, possessive or not ("Robinson's")."""
    return rf"(?<![\w'’-])(?-i:{re.escape(word[:1].upper() + word[1:])})(?:['’]s)?(?![\w'’-])"


_NOT_AN_OWNER = (r"(?:It|That|There|Here|What|Who|He|She|Let|Where|How|When|Today|Yesterday|Tonight|Monday|"
                 r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July|"
                 r"August|September|October|November|December|Year|Week|Season)")


def _describing(word: str) -> Callable[[str], bool]:
    """Whether a sentence says what the one named `word` (the last word of their name) is: a role
    or trade right before the name ("coach Brad Gilbert"), or what follows it ("Robinson, the
    former…", "Zajec, 48, …", "Robinson is a…")."""
    name = _as_a_name(word)
    # ... or whose they are ("Ethiopia's Tirunesh Dibaba", "Chelsea's Damien Duff"; not a
    # contraction, "It's Brad Gilbert who…", nor a day's, "Tuesday's Brown speech": a review's finds)
    before = re.compile(rf"(?:\b{_DESCRIBING_ROLE}|(?-i:\b(?!{_NOT_AN_OWNER}['’]s)[A-Z][\w.-]*)['’]s)\s+"
                        rf"(?:[A-Z][\w'’.-]*\s+){{0,2}}{name}")
    after = re.compile(name + _WHAT_SOMEONE_IS, re.IGNORECASE)
    return lambda text: bool(before.search(text) or after.search(text))


def _description_given(question: str) -> Callable[[QuoteSpan], bool] | None:
    """For "who is X?" (`_WHO_IS_NAMED`), whether a quote says what X is (`_describing`); None for
    any other question."""
    last = _named_last(_WHO_IS_NAMED.match(question))
    if last is None:
        return None
    describes = _describing(last)
    return lambda span: any(describes(s.row.text) for s in span)


def _named_last(asked: re.Match | None) -> str | None:
    """The last word of the name a "who is X?" (`_WHO_IS_NAMED`) asks about; None for no such
    question, or a function word or figure there."""
    last = words(asked.group("name"))[-1:] if asked is not None else []
    return None if not last or last[0] in STOPWORDS or last[0].isdigit() else last[0]


def _describer_first(scored: Sequence[ScoredSentence], question: str, floor: float,
                     lead_read: bool, lead_describing: bool = False) -> Sequence[ScoredSentence]:
    """For "who is X?" (X a name the best one's article writes capitalised), the best sentence of
    that article saying what X is (`_WHAT_SOMEONE_IS`, `_DESCRIBING_ROLE` before the name, or an
    epithet opening the sentence after one naming X: "The former UN commissioner… told…") put
    first, when the best says none (`_first_fitting`). `lead_describing`: where the lead is read,
    a sentence of it saying so when no other does (`AnswerTuning.lead_kept_for_description`)."""
    asked = _WHO_IS_NAMED.match(question) if len(scored) > 1 else None
    last = _named_last(asked)
    if last is None:
        return scored
    article = scored[0].hit.passage.article_id
    name = _as_a_name(last)
    every = " ".join(s.row.text for s in scored if s.hit.passage.article_id == article)
    if not all(re.search(rf"(?<![\w'’-])(?-i:{re.escape(w[:1].upper() + w[1:])})", every)
               for w in words(asked.group("name"))):
        return scored  # not a name there, every word capitalised ("who is playing?")
    describes = _describing(last)
    # Each paragraph's sentences in order: the one before a paragraph's first is the last of the one
    # before it ("…, Mary Robinson has said." ending the lead, "The former UN commissioner…" next).
    paragraphs: dict[int, dict[int, str]] = {}
    for s in scored:
        if s.hit.passage.article_id == article:
            paragraphs.setdefault(s.hit.passage.paragraph, {})[s.position] = s.row.text

    def says_what(item: ScoredSentence) -> bool:
        text = item.row.text
        if item.hit.passage.article_id != article:
            return False
        if describes(text):
            return True
        here, at = paragraphs.get(item.hit.passage.paragraph, {}), item.position
        earlier = paragraphs.get(item.hit.passage.paragraph - 1, {})
        previous = here.get(at - 1) if at else (earlier[max(earlier)] if earlier else None)
        if previous is None or not re.search(name, previous):
            return False
        # ... or closing it, after one closing with X as its source: "…, according to the trade
        # weekly." after "…, Screen Daily has said." (a stranger's "who is screen daily?" got the lead
        # first); not after one only naming X ("Ken Bigley was killed…, according to the television
        # station": a review's find)
        return bool(_EPITHET.match(text) or re.match(r"\W*The\s+former\s", text)) or bool(
            re.search(r"\baccording\s+to\s+the\s+(?:[a-z-]+\s+){0,2}[a-z-]+\W*$", text)
            and re.search(rf"(?:{name}\s+(?:has\s+|had\s+)?(?:said|says|reported|reports|claimed|claims)|"
                          rf"\b(?:said|says|reported|reports)\s+{name}|according\s+to\s+{name})\W*$", previous))

    # The lead alone saying what X is ("…split from coach Brad Gilbert"): the reader asks who X is
    # all the same, and the rest of the story only names them.
    return _first_fitting_or_lead(scored, says_what, floor, lead_read, lead_describing)


def _first_fitting_or_lead(scored: Sequence[ScoredSentence], fits: Callable[[ScoredSentence], bool], floor: float,
                           lead_read: bool, lead_too: bool) -> Sequence[ScoredSentence]:
    """`_first_fitting`; and with `lead_too`, where the lead is read and no other sentence fits,
    its best one that does (`AnswerTuning.lead_kept_for_description`)."""
    ordered = _first_fitting(scored, fits, floor, lead_read)
    if ordered is scored and lead_read and lead_too and not fits(scored[0]):
        ordered = _first_fitting(scored, lambda s: s.hit.passage.paragraph == 1 and fits(s), floor, False)
    return ordered


# Chat's "now" at the end of a question: "who's running wembley these days?" (a stranger's read
# "wembley these days" as the firm, and got no name first), "who's the scotland coach rn".
_NOWADAYS = r"these\s+days|nowadays|at\s+the\s+moment|at\s+the\s+minute|right\s+now|at\s+present|rn|atm"
# "who is the wales coach?", "who's bmw's chief executive", "who is the boss of next?": a role
# asked for by whoever holds it (not "who is the coach playing?", "who is the coach's son?").
_HOLDER_ASKED = re.compile(
    _CHAT_OPENER + r"who(?:\s+is|\s+was|['’]s|s)\s+(?:the|their|his|her|its|(?P<of>[\w.&-]+)['’]s?)\s+"
    r"(?P<before>(?:[\w.&-]+(?:['’]s?)?\s+){0,2}?)"
    r"(?P<role>chief\s+exec(?:utive)?|ceo|boss|head|chief|chair(?:man|woman)?|"
    r"coach|manager|president|chancellor|(?:prime\s+)?minister|secretary|leader|captain|director|founder|owner|"
    r"governor|mayor|editor|lawyer|judge|commissioner|spokes(?:man|woman|person))"
    # not "chief of staff", "coach of the year", "leader at half time" (a review's finds)
    r"(?!\s+(?:of|at|for)\s+(?:the\s+)?(?:staff|year|month|season|match|week|day|tournament|series|half|"
    r"break|top|game)\b)"
    # ... and "at the moment", "at present" are chat's now, no body's name (a review's find)
    r"(?:\s+(?!at\s+(?:the\s+moment|present|the\s+minute)\b)(?:of|at|for)\s+(?:the\s+)?"
    r"(?P<at>[\w.&'’-]+(?:\s+[\w.&'’-]+){0,2}?))?"
    r"(?:\s+(?:now|then|again|exactly|anyway|currently|" + _NOWADAYS + r"))?\W*$", re.IGNORECASE)
# ... or asked by what they do: "who runs media labs europe?" (a stranger's got the Labs' spending,
# not "…said Simon Jones, the Labs' managing director"), "who manages chelsea", "who leads the party".
_RUNS_ASKED = re.compile(
    _CHAT_OPENER + r"who(?:\s+(?:is|was)\s+|['’]s\s+|s\s+|\s+)"
    r"(?P<does>runs|heads|leads|manages|coaches|running|heading|leading|managing|coaching|in\s+charge\s+(?:of|at))\s+"
    # Not the past ("who headed the winner?", "who led the attack?", "who ran against bush?": events,
    # a review's finds), nor a race run ("who runs in the 100m").
    r"(?!(?:in|on|at|for|to|from|with|by|after|away|out|off|up|down|against|past|around|round|into)\b)(?:the\s+)?"
    # (a word of its own: "who runs bayern?" is not "baye" "rn", a review's find)
    r"(?P<at>[\w.&'’-]+(?:\s+[\w.&'’-]+){0,3}?)(?:\s+(?:now|then|exactly|anyway|currently|" + _NOWADAYS + r"))?\W*$",
    re.IGNORECASE)
# What a story may call the one asked for: a firm's boss is its chief executive or chairman, a
# side's coach its manager.
_CHIEF_EXECUTIVE = r"chief\s+executive(?:\s+officer)?|ceo|boss"
# Not "chief" or "head" alone: "Chief Constable Mike Todd", "Head Coach Andy Robinson" (a review's finds).
_FIRMS_HEAD = rf"{_CHIEF_EXECUTIVE}|chairman|chairwoman|managing\s+director|president"
_HOLDER_FORMS = {"boss": _FIRMS_HEAD, "head": _FIRMS_HEAD, "chief": _FIRMS_HEAD, "ceo": _CHIEF_EXECUTIVE,
                 "chief exec": _CHIEF_EXECUTIVE, "chief executive": _CHIEF_EXECUTIVE,
                 **dict.fromkeys(("chair", "chairman", "chairwoman"), r"chair(?:man|woman)?"),
                 **dict.fromkeys(("coach", "manager"), r"coach|manager|boss")}
# ... and not a shadow one: "Conservative shadow home secretary David Davis" is no home secretary.
_NOT_THE_ONE_ASKED = _NOT_THE_HOLDER | {"shadow", "vice"}
# Which one of them a question asks for ("who was the then chancellor?", "the next coach"): not
# whoever holds it now, which is all the rule tells.
_WHICH_HOLDER = frozenset("then previous next new old outgoing incoming future late last first second third fourth "
                          "fifth sixth seventh eighth ninth tenth final founding original".split())


def _holder_first(scored: Sequence[ScoredSentence], question: str, floor: float,
                  lead_read: bool, lead_naming: bool = False) -> Sequence[ScoredSentence]:
    """For "who is the <role>?", the best sentence of the best one's article naming whoever holds
    it (`_role_holders`: "Wales coach Mike Ruddock", "Bill Ford, chairman and chief executive") put
    first, when the best names none (`_first_fitting`): strangers' got "Shadow chancellor Oliver
    Letwin said…" for "who's the chancellor", and a sentence on BMW's sales for "who is bmw's chief
    executive". `lead_naming`: where the lead is read, a sentence of it naming them when no other
    does (`AnswerTuning.lead_kept_for_description`)."""
    names_holder = _names_holder(scored, question) if len(scored) > 1 else None
    if names_holder is None:
        return scored
    # The lead alone naming them ("Lib Dem leader Charles Kennedy has said…"): asked all the same,
    # as "who is X?" is (`_describer_first`).
    return _first_fitting_or_lead(scored, names_holder, floor, lead_read, lead_naming)


def _names_holder(scored: Sequence[ScoredSentence], question: str) -> Callable[[ScoredSentence], bool] | None:
    """For "who is the <role>?" or "who runs X?", whether a sentence of the best one's article
    names whoever holds it (`_holder_first`); None for any other question."""
    typed = " ".join(question.split())
    asked = _HOLDER_ASKED.match(typed)
    runs = _RUNS_ASKED.match(typed) if asked is None else None
    if runs is not None and not re.search(r"\d", runs["at"]):  # not "who runs the 100m"
        does = runs["does"].casefold()
        forms = (_HOLDER_FORMS["coach"] if does.startswith(("manag", "coach"))
                 else rf"{_FIRMS_HEAD}|leader" if does.startswith("lead") else _FIRMS_HEAD)
        whose, at = [], runs["at"]
    elif asked is None or not _WHICH_HOLDER.isdisjoint(words(asked["before"])) or re.search(
            r"\bthen\W*$|\b\d+(?:st|nd|rd|th)\b", question, re.IGNORECASE):
        return None  # "the then / next chancellor", "the chancellor then"; not "the boss of next"
    else:
        role = " ".join(asked["role"].casefold().split())
        forms = _HOLDER_FORMS.get(role, re.escape(role).replace(r"\ ", r"\s+"))
        # Whose: "bmw's", "the wales coach", "the boss of next"; a shadow or former one only when asked.
        whose = [w for w in words(" ".join(filter(None, (asked["of"], asked["before"])))) if w not in STOPWORDS]
        at = asked["at"]
    such = [w for w in whose if w in _NOT_THE_ONE_ASKED]
    if such:  # "the ex minister" of "Former immigration minister Barbara Roche"
        said = {r"former|ex-?" if w in ("ex", "former") else re.escape(w) for w in such}
        forms = rf"(?:{'|'.join(sorted(said))})\s+(?:[a-z-]+\s+){{0,2}}?(?:{forms})"
    before = [w for w in whose if w not in _NOT_THE_ONE_ASKED] or [w for w in words(at or "")
                                                                     if w not in STOPWORDS]
    article = scored[0].hit.passage.article_id

    def names_holder(item: ScoredSentence) -> bool:
        # Asked by what they do, the sentence names what they run too: a role alone ("Chairman Bruce
        # Buck said…") may be another body's (a review's find).
        return item.hit.passage.article_id == article and bool(
            _role_holders(item.row.text, forms, before, _NOT_THE_ONE_ASKED, strict=True)) and (
            runs is None or not before or not set(before).isdisjoint(words(re.sub(r"['’]s?\b", " ", item.row.text))))

    return names_holder


def _speaker_first(scored: Sequence[ScoredSentence], question: str, floor: float, lead_read: bool,
                   read_as: dict[str, tuple[str, ...]] | None = None) -> Sequence[ScoredSentence]:
    """For a question asking what someone said or thinks ("what does john carpenter say about
    her?"), the best sentence giving that one's words (`speaks`, or "He added:" after a sentence
    naming them) first (`_first_fitting`): "Directed by John Carpenter, it made $60m" names him
    but answers nothing he said, while "Carpenter said that working with Hill was…" does.
    `read_as`: the question's words as spelling correction reads them ("goverment"). Only from
    the best sentence's article: the question asks about something besides their words, which
    their words in another story are not about (a stranger's cold "what did michael howard say
    about a tv debate?" got his words on council tax first)."""
    return _speaker_first_by(scored, _their_words(scored, question, read_as), question, floor, lead_read)


def _speaker_first_by(scored: Sequence[ScoredSentence], theirs: Callable[[ScoredSentence], bool] | None,
                      question: str, floor: float, lead_read: bool) -> Sequence[ScoredSentence]:
    """`_speaker_first` with whose words a candidate gives already read (`_their_words`), which
    `answer` reads once for this and for the quotes' joins (`join_one_speaker`)."""
    if theirs is None or len(scored) < 2:
        return scored
    article = scored[0].hit.passage.article_id
    fits = _or_said_otherwise(scored, theirs, question)
    return _first_fitting(scored, lambda s: s.hit.passage.article_id == article and fits(s), floor, lead_read)


def _or_said_otherwise(scored: Sequence[ScoredSentence], theirs: Callable[[ScoredSentence], bool], question: str
                      ) -> Callable[[ScoredSentence], bool]:
    """`theirs`; or, when no candidate of the best one's article fits it and the question asks for
    a name's words, whether a candidate of that article gives them as the decline reads them
    (`_rows_giving_words`: a "But she…" carried on from their sentence), and failing that, for a
    person (`_names_a_person`), whether it gives the words of an office holder the article never
    names (`_office_holder_speaks`), who may be the one asked: "Later the prime minister said: …"
    for "what did blair say?" of a story calling him "Mr Blair" elsewhere (a stranger's was quoted
    others' words about him)."""
    article = scored[0].hit.passage.article_id
    own = sorted((s for s in scored if s.hit.passage.article_id == article), key=lambda s: s.row.start)
    known: dict[int, bool] = {}  # `theirs` of each candidate, read once

    def theirs_once(item: ScoredSentence) -> bool:
        if id(item) not in known:
            known[id(item)] = theirs(item)
        return known[id(item)]

    if any(theirs_once(s) for s in own):
        return theirs_once
    text = " ".join(s.row.text for s in own)
    who = [w for w in words_asked_of(question) if not w.isdigit()]
    head = who[-1] if who else ""
    if not head.isalpha() or not re.search(_as_a_name(head), text) or re.search(rf"\b{head}\b", text):
        return theirs_once  # a name, written only capitalised
    # Words a "But she…" or an epithet carries on from a sentence they are the subject of, as the
    # decline reads them (a stranger's "what did holmes say about her win" got another athlete's
    # words first, Holmes's '"…," she said.' after "The 34-year-old… But she…" not first).
    named = _as_named(head) | surnames_of(head, text) | first_names_of(head, text)
    full = full_name_asked(question, text)
    rows = [s.row for s in own]
    bearers = borne_by(*full, [row.text for row in rows], text) if full is not None else [None] * len(rows)
    chain = {id(row) for row in _rows_giving_words(rows, named, bearers)}
    if chain:
        return lambda s: id(s.row) in chain
    if not _names_a_person(who, text) or _describing(head)(text):
        return theirs_once  # not a person, or one the story gives another role ("Tory leader Michael Howard")
    holders = {id(s) for s in own if _office_holder_speaks([s.row], text)}
    return lambda s: id(s) in holders


# Words one source passes on from another ("Interfax quoted Putin as saying", "According to
# Reuters, Putin said"): the sentence's named speaker need not be whose words they are.
_RELAYED = re.compile(r"\baccording\s+to\b|\bquoted\b|\bcited\b", re.IGNORECASE)


# Someone speaking for a party, a firm or a team ("Rhodri Glyn Thomas, Plaid Cymru health
# spokesman, said", "Oracle's chief executive Larry Ellison said"): the words are theirs too.
_SPEAKS_FOR = (r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:spokes(?:man|woman|person|people)|leader|chief|chairman|"
               r"chairwoman|boss|head|president|secretary|minister|director|executive|officials?|"
               r"representatives?|manager|coach|captain|sources?)\b")


# One of those asked speaking in the same sentence as someone else ("Mr Howard… said many people
# would be offended Clarence House has issued a statement saying the prince has apologised": a
# stranger's "what did clarence house say about it" was told the story gives it no words).
# A statement only: "Michael Howard said Mr Blair had told voters nothing…" gives no words of
# Blair's (a review's find).
_SPEAKS_ITSELF = r"(?:\s+(?:also|has|have|had|later|then))?\s+(?:issued|released|put\s+out)\s+an?\s+statement\b"


_OWNER = re.compile(r"\b([\w-]+)['’]s\s+(?=[a-z])")


def _speaker_words(speaker: str) -> list[str]:
    """The words of a speaker's name (`speaker_named`) without an owner whose someone else it
    names: "Adriano's agent Gilmar Rinaldi" is Rinaldi, not Adriano (a stranger's "what did
    adriano say?" got the agent's words); not one the speaker speaks for (`_SPEAKS_FOR`: "Plaid
    Cymru's health spokesman")."""
    return words(_OWNER.sub(lambda m: m.group(0) if re.match(_SPEAKS_FOR, speaker[m.end(1):], re.IGNORECASE)
                            else " ", speaker))


def _someone_elses(text: str, speaker: str, names: Collection[str] = ()) -> bool:
    """Whether `text`, naming `speaker` (a name: a capital in it) as whose words it gives, gives
    only theirs: not words it relays from someone else (`_RELAYED`), nor those of one of `names`
    (lowercase words) that the speaker speaks for (`_SPEAKS_FOR`: a stranger's "what did Plaid
    Cymru say?" was told the story gives it no words)."""
    if not re.search(r"\b[A-Z]", speaker) or _RELAYED.search(text):
        return False
    return not any(re.search(rf"\b{re.escape(name)}(?:{_SPEAKS_FOR}|{_SPEAKS_ITSELF})", text, re.IGNORECASE)
                   for name in names)


def _their_words(scored: Sequence[ScoredSentence], question: str, read_as: dict[str, tuple[str, ...]] | None,
                 parties: bool = False) -> Callable[[ScoredSentence], bool] | None:
    """Whether a candidate gives the words of whom `question` asks the words of (`_speaker_first`);
    None when it asks no one's. `parties`: any party's, named as one (`_PARTY_NAMED`)."""
    head = next((w for w in reversed(words_asked_of(question)) if not w.isdigit()), None)
    if head is None:
        return None
    names = _as_named(head) | set((read_as or {}).get(head, ())) | set(aliases_of(head))  # "tories": "Conservatives"
    nation = _nation_asked(question)
    # A first name: the surname the candidates write after it speaks for them too ("Holmes").
    candidates = "\n".join(s.row.text for s in scored)
    names |= surnames_of(head, candidates)
    # A body's or firm's people the candidates name as such speak for it ("IOC president Jacques
    # Rogge" … "But Rogge said it was too early…": a stranger's "what did the ioc say about the
    # probe?" got the body he set up first), as a decline reads them (`_people_of`).
    names |= _people_of(candidates, names)
    leaders = _nation_leaders(candidates, nation) if nation else frozenset()
    country = country_of(head) if nation else None
    by_place = {(s.row.passage_id, s.position): s for s in scored}
    # A passage's first sentence follows the last of the passage before it in the same paragraph
    # ("Roddick was left frustrated…" / '"It's just tough…," said the American.' fell either side).
    by_end = {(s.hit.passage.collection, s.hit.passage.article_id, s.row.end): s for s in scored}

    def previous(item: ScoredSentence) -> ScoredSentence | None:
        found = by_place.get((item.row.passage_id, item.position - 1))
        if found is None and item.position == 0:
            found = next((by_end[key] for gap in (1, 0, 2) if (key := (
                item.hit.passage.collection, item.hit.passage.article_id, item.row.start - gap)) in by_end), None)
        return found

    others: set[int] = set()  # candidates writing a shared surname someone else bears
    if (full := full_name_asked(question, candidates)) is not None:
        for article in {s.hit.passage.article_id for s in scored}:
            ordered = sorted((s for s in scored if s.hit.passage.article_id == article),
                             key=lambda s: (s.hit.passage.paragraph, s.position))
            others |= {id(s) for s, bearer in zip(ordered, borne_by(*full, [s.row.text for s in ordered], candidates))
                       if bearer is False}

    def theirs(item: ScoredSentence) -> bool:
        if id(item) in others:
            return False
        # '…," said GW Pharma executive chairman Dr Geoffrey Guy.': the name further from the
        # verb than `speaks` looks, in the phrase naming the speaker.
        speaker = speaker_named(item.row.text)
        if speaker is not None and (not names.isdisjoint(_speaker_words(speaker))
                                    or _titled_as(item.row.text, speaker, names)
                                    or _described_as(item.row.text, speaker, names)):
            return True
        if parties and speaker is not None and _PARTY_NAMED.search(speaker):
            return True
        if nation and _nation_voice(item.row.text, nation, country, leaders):
            return True
        # Someone else named as the speaker: '"…," Andrei Illarionov - then economic adviser to
        # President Vladimir Putin - told a press conference.' is not Putin's (two strangers'
        # "what did putin say?" got it first). Unless relayed: "Interfax quoted Putin as saying",
        # "According to Reuters, Putin said…" give his words.
        if speaker is not None and not _described(speaker) and _someone_elses(item.row.text, speaker, names):
            return False
        # Not a name inside the quotation marks: '"Laporte was right," said Sella.' is Sella's
        # words about Laporte (a stranger's "what did laporte say?" got such a sentence first).
        if any(speaks(item.row.text, name, outside_quotes=True, owners=False) for name in names):
            return True
        before = previous(item)
        if before is None or id(before) in others:
            return False
        held = words(before.row.text)
        # "He added: '…'" is the words of whoever the sentence before it names; "'…,' she said."
        # those of whom the sentence before it opens with ("Smith has yet to decide…").
        opening = OPENS_WITH_SOMEONE.match(item.row.text)
        if opening is not None and not names.isdisjoint(held) and speaks(item.row.text, words(opening.group())[0]):
            return True
        return (not names.isdisjoint(held[:_SUBJECT_WORDS]) and _speaks_as_pronoun(item.row.text)
                and (not _nationality(speaker) or _named_alone(before.row.text, names))
                and _pronoun_not_anothers(item.row.text, names))

    return theirs


# Titles that the sentence giving the words may replace by the name ("the minister": "Mr Blair
# said"), however the articles capitalise them.
_TITLES = frozenset("minister president chancellor secretary chairman chairwoman chair spokesman spokeswoman "
                    "spokesperson manager coach boss chief director judge captain leader mayor governor king "
                    "queen prince princess pope premier senator official officials commissioner ambassador "
                    "general inspector professor doctor sheriff mp msp mep".split())
# Members of a body, who speak one by one, named or not ("one hugely-disgruntled backbencher",
# "Paul Flynn said"): never declined as giving no words (a stranger's "what did the labour mps
# say?" was so). Not a body itself ("the Government"): a story may quote only its critics.
_MEMBERS = frozenset("mps msps meps peers ministers backbenchers councillors members officials delegates".split())


# Bodies and groups whose words a reader asks for, with every word a story may call them by: a
# story writing none of these gives them no words ("what are the unions saying?" of a story naming
# no union got a minister's words). Not a person's role ("the manager", "the TUC boss", "the PM")
# nor a party, which a story may leave at "Jose Mourinho said", "Brendan Barber, general
# secretary…", "Mr Howard said" (a review's finds); a word not here is never declined so.
_ROLE_WORDS: dict[str, frozenset[str]] = {role: frozenset(named.split()) for role, named in {
    "government": "government governments govt minister ministers ministry department secretary officials official "
                  "spokesman spokeswoman downing whitehall cabinet administration kremlin premier president chancellor "
                  "treasury authorities state home foreign",
    "regulator": "regulator watchdog authority commission ofcom oftel oft ofgem ofwat ofsted fsa sec icstis",
    "union": "union unions tuc unison amicus gmb rmt pcs bma nut nasuwt aslef unite cwu fbu nuj rcn ucu bectu",
    "fans": "fans fan supporters supporter crowd",
    "police": "police detective detectives det supt constable constabulary superintendent yard",
    "experts": "expert experts analyst analysts economist economists professor prof scientist scientists specialist "
               "specialists researcher researchers consultant pundit pundits commentator commentators",
    # A market's watchers by any of their names ("a Morgan Stanley strategist", "traders expect…", "Some
    # observers see…": strangers' "what do analysts think…?" were told the story gives analysts no words).
    "analysts": "analyst analysts expert experts economist economists broker brokers pundit pundits commentator "
                "commentators strategist strategists observer observers trader traders",
    "economists": "economist economists analyst analysts expert experts strategist strategists",
    # A film's critics are its pundits and columnists too ("said awards pundit Tom O'Neil": a
    # stranger's "what did the critics say about million dollar baby?" was declined).
    "critics": "critic critics criticised criticized criticism opponents campaigners reviewers reviewer pundit pundits "
               "commentator commentators columnist columnists",
    "players": "player players squad team",
    "cast": "cast star stars actor actors actress actresses",
    "producers": "producer producers makers studio",
    "band": "band group singer frontman guitarist drummer members",
    "teachers": "teacher teachers union unions heads headteachers",
    "businesses": "business businesses employer employers firms companies cbi chambers industry",
    "investors": "investors investor shareholders shares market markets analysts",
    "doctors": "doctor doctors gp gps bma medical surgeon surgeons consultant consultants",
    # a stranger's "what does sizzla's lawyer say about it" was quoted the tour's cancellation, of a
    # story naming no lawyer
    "lawyers": "lawyer lawyers solicitor solicitors attorney attorneys barrister barristers counsel qc defence "
               "defense legal representative representatives",
}.items()}
# A party named in a speaker's description, capitalised ("Labour chairman Ian McCartney", "a
# Scottish National Party spokesman"; not "the German Federal Labour Agency").
_PARTY_NAMED = re.compile(r"\bLabour\b(?! (?:Agency|Office|Organi[sz]ation|Minister|Ministry|Department|Market|Force|"
                          r"Court|Relations|Day))|\b[A-Z][\w'’-]+ Party\b")
# Groups whose words a sentence gives under a member's name ("Plaid Cymru health spokesman said"):
# quoted so (`_group_speakers`), never declined for lacking those names, as a story may name a
# party's people only ("Michael Howard said"; the thirty-third session's review took them out).
_PARTY_WORDS: dict[str, frozenset[str]] = {role: frozenset(named.split()) for role, named in {
    # Not "party", "labour", "green" or "liberal", which are everyday words and names ("third-party
    # inks", "the Federal Labour Agency", "Mr Green"), nor a side a story's country may be ruled
    # by: a review's finds.
    "opposition": "opposition tory tories conservative conservatives lib dem dems democrat democrats plaid snp ukip "
                  "shadow",
    "parties": "tory tories conservative conservatives lib dem dems democrat democrats plaid snp ukip republican "
               "republicans",
    "tories": "tory tories conservative conservatives shadow",
    "democrats": "lib dem dems democrat democrats",
}.items()}
# Parties asked of by a name that is also an everyday word, so not among those above.
_PARTY_NAMES = frozenset({"labour"})
# Every word a story names a party's people by ("Tory co-chairman", "Liberal Democrat leader").
_ALL_PARTY_WORDS = frozenset({"labour", "liberal", "green", "greens", *(w for named in _PARTY_WORDS.values()
                                                                         for w in named)}) - {"opposition", "parties"}
# Of those, words any body's people are called by ("the club's spokesman said", "a company
# official", "the bank's president"): not that one body's speaker.
_ANYONES = frozenset("spokesman spokeswoman official officials secretary state home foreign department authority "
                     "authorities president premier chairman team squad group members market markets shares industry "
                     "medical consultant consultants star stars studio makers businesses business heads "
                     # everyday words in a body's name ("a 20-yard drive", "Stewart Downing", "winning
                     # more supporters": a review's finds)
                     "yard downing supporter supporters crowd".split())
# Of those, groups of people, never a body's own name: whatever the story's capitals ("Analysts
# attributed the falls to…"), not read as a name one of its sentences must give words to.
_PEOPLE = frozenset("experts analysts economists critics fans players investors teachers doctors businesses".split())
# Groups a story names as it likes ("privacy advocates are concerned…", "Campaign group No2ID said",
# "Demonstrators said…"): never declined as giving no words (a stranger's "what do privacy
# campaigners think about it" was told the story gives "campaigners" none).
_MANY_NAMED = frozenset("campaigners campaigner activists activist advocates protesters protestors demonstrators "
                        "organisers organizers".split())
# Other forms of those roles' names as asked (plurals, chat's clippings, a common misspelling).
_ROLE_FORMS = {"unions": "union", "governments": "government", "goverment": "government", "govt": "government",
               "gov": "government", "fan": "fans", "supporters": "fans", "expert": "experts", "analyst": "analysts",
               "economist": "economists", "critic": "critics", "player": "players", "producer": "producers",
               "teacher": "teachers", "business": "businesses", "employer": "businesses", "employers": "businesses",
               "investor": "investors", "doctor": "doctors", "regulators": "regulator", "party": "parties",
               "tory": "tories", "conservative": "tories", "conservatives": "tories", "dems": "democrats",
               "democrat": "democrats", "lawyer": "lawyers", "solicitor": "lawyers", "attorney": "lawyers",
               # Those who know the field, as a story's "industry experts" ("Scientists are working
               # on…" opening a sentence had read "scientists" as a name the story gives no words; not
               # "specialist", as often a kind of school or shop).
               "scientist": "experts", "scientists": "experts"}


def _role(word: str) -> str:
    """The body or group `word` names as `_ROLE_WORDS` keys it ("unions": "union"), else `word`."""
    return _ROLE_FORMS.get(word, word)


def _group_speakers(word: str) -> tuple[str, ...]:
    """The words a sentence may name a body or group's speaker by, when `word` names one
    (`_ROLE_WORDS`, `_PARTY_WORDS`), without those any body's people are called by (`_ANYONES`)."""
    role = _role(word)
    return tuple(sorted((_ROLE_WORDS.get(role) or _PARTY_WORDS.get(role) or frozenset()) - _ANYONES))


def _role_never_written(head: str, text: str) -> bool:
    """Whether `head` is a body or group (`_ROLE_WORDS`) that `text` calls by none of its names."""
    called = _ROLE_WORDS.get(_role(head))
    # ... nor by the word asked itself ("according to federal regulators" of "what did the federal
    # regulators say…": a stranger was told the story never names the role)
    return called is not None and (called | {head, _role(head)}).isdisjoint(words(text))


def surnames_of(first: str, text: str) -> set[str]:
    """The names `text` writes straight after `first` (casefolded) written as a name, each of
    them written capitalised there more often than not: "holmes" of "Kelly Holmes", whom the
    story then quotes as '…," said Holmes.' (a stranger's "what did kelly say after the race?"
    was declined as asking the words of someone it never quotes). On one line: a headline ending
    "…of Blair" over a paragraph opening "Lib Dem leader…" names no "Blair Lib"."""
    after = re.findall(r"(?<![\w'’-])" + re.escape(first[:1].upper() + first[1:]) + r"[^\S\r\n]+([A-Z][a-z][\w'’-]*)",
                       text)
    found = set()
    for name in {w.removesuffix("'s").removesuffix("’s") for w in after}:
        written = _written(name).findall(text)
        if (name.casefold() not in _TITLES and sum(w[0].isupper() for w in written) * 2 > len(written)
                and not shared_surname(name, first, text)):
            found.add(name.casefold())
    return found


_HONORIFIC_WORDS = frozenset("mr mrs ms miss dr sir lord lady dame prof rev st".split())


def first_names_of(surname: str, text: str) -> set[str]:
    """The first name (casefolded) `text` writes straight before `surname`, an uncommon word, and
    then opens sentences with, as a profile calls its subject ("Jamie Costin…", then "Jamie knew…",
    "Jamie had…", '"…," he said.': a stranger's "what did costin say about his recovery" was told
    the story gives Costin no words). Only one first name before that surname (not "his wife Sarah
    Costin"), never written in lowercase there, and opening two sentences or more (not "Grant aid
    for the club…", nor "One worker, Tony, 45, said": a review's finds)."""
    if english_words().get(surname, 0) >= COMMON_WORD:
        return set()  # "united", "council", "blair": no profile's surname alone
    before = {w for w in re.findall(rf"(?<![\w'’-])([A-Z][a-z][\w'’-]*)[^\S\r\n]+(?i:{re.escape(surname)})\b", text)
              if w.casefold() not in _HONORIFIC_WORDS and w.casefold() not in _TITLES
              and w.casefold() not in STOPWORDS}
    if len(before) != 1:
        return set()
    first = next(iter(before))
    opening = re.findall(rf"(?:^|[.!?][\"”’']?\s+){re.escape(first)}(?:['’]s)?\s+[a-z]", text)
    others = re.findall(rf"(?<![\w'’-]){re.escape(first)}[^\S\r\n]+([A-Z][a-z][\w'’-]*)", text)  # on one line
    if (len(opening) >= 2 and not re.search(rf"(?<![\w'’-]){re.escape(first.casefold())}\b", text)
            and all(re.sub(r"['’]s$", "", other).casefold() == surname for other in others)):
        return {first.casefold()}
    return set()


def shared_surname(surname: str, first: str, text: str) -> bool:
    """Whether `text` gives `surname` to someone with another first name too ("Tony Cowell"
    beside "Simon Cowell": '…," said Cowell.' may be either; a stranger's "what did simon say…?"
    was quoted his brother's words): a capitalised word before it that is never written in
    lowercase there, no title and no function word."""
    # Inside a sentence, after a lowercase word or a comma: not "Sprinter Walker" or "Without
    # Charles" opening one, nor "Labour's Cunningham" (a second review's finds).
    before = re.findall(rf"(?<=[a-z,;]\s)([A-Z][a-z][\w-]*)\s+(?i:{re.escape(surname)})\b", text)
    return any(word.casefold()[:_SAME_NAME] != first.casefold()[:_SAME_NAME]  # "Steve" and "Steven" Gerrard
               and _first_name_before(word, text) for word in set(before))


_SAME_NAME = 3  # letters two first names share when they are one person's ("Dave", "David")


def _first_name_before(word: str, text: str) -> bool:
    """Whether `word`, written before a surname, is a first name: no title, honorific or
    function word, and never written in lowercase in `text`."""
    folded = word.casefold()
    return (folded not in _TITLES and folded not in STOPWORDS and folded not in _HONORIFIC_WORDS
            # nor a day or month ("On Monday Doherty…": a review found "what did pete doherty say?"
            # declined, "Monday" read as another Doherty's first name)
            and folded not in NO_NAMES and all(w[0].isupper() for w in _written(word).findall(text)))


def full_name_asked(question: str, text: str) -> tuple[str, str] | None:
    """(first name, surname) when `question` asks the words of someone by a full name that
    `text` writes, and `text` gives that surname to someone with another first name too
    (`shared_surname`: "what did simon cowell say?" of a story on Tony Cowell, "brother of
    Simon Cowell"); else None."""
    who = [w for w in words_asked_of(question) if not w.isdigit()]
    # "george w bush": the first name before an initial
    names = who[:-1] if len(who) < 3 or len(who[-2]) > 1 else who[:-2]
    if not names or len(names[-1]) < 2 or not names[-1].isalpha() or names[-1] in _TITLES or names[-1] in _HONORIFIC_WORDS:
        return None
    first, surname = names[-1], who[-1]
    written = re.search(rf"(?<![\w'’-])(?i:{re.escape(first)})\s+(?:[A-Z]\.?\s+)?(?i:{re.escape(surname)})\b", text)
    if written is None or not written.group()[:1].isupper() or not shared_surname(surname, first, text):
        return None
    return first, surname


def borne_by(first: str, surname: str, sentences: Sequence[str], text: str) -> list[bool | None]:
    """Per sentence, in reading order: whether the surname it writes is the one `first` bears:
    the full name opening the sentence, else the last it writes, else the one last written
    before it ('…," said Cowell' after "Writer Tony Cowell is…" is Tony's, not Simon's). None for
    a sentence not writing the surname; False where no first name came before it (either's).
    `text`: the whole article, where a first name is never lowercase."""
    written = rf"{re.escape(surname[:1].upper())}(?i:{re.escape(surname[1:])})\b"
    full = re.compile(rf"(?<![\w'’-])([A-Z][a-z][\w'’-]*)\s+(?:[A-Z]\.?\s+)?(?={written})")
    alone = re.compile(rf"(?<![\w'’-]){written}")
    # The first names the story gives the surname inside a sentence ("Writer Tony Cowell", "the
    # brother of Simon Cowell"), and the one asked: not "Meanwhile Cowell told…" (a review's find).
    firsts = {w.casefold()[:_SAME_NAME] for w in set(re.findall(
        rf"(?<=[a-z,;]\s)([A-Z][a-z][\w'’-]*)\s+(?:[A-Z]\.?\s+)?{written}", text)) if _first_name_before(w, text)}
    firsts.add(first.casefold()[:_SAME_NAME])
    bearer: str | None = None
    found: list[bool | None] = []
    for sentence in sentences:
        uses = list(alone.finditer(sentence))
        if not uses:
            found.append(None)
            continue
        # Not an owner ("Simon Cowell's brother Tony Cowell said…": a review's find).
        named = [m for m in full.finditer(sentence[:uses[-1].end()]) if m.group(1).casefold()[:_SAME_NAME] in firsts
                 and not re.match(rf"{written}['’]s\b", sentence[m.end():])]
        if named and len(sentence[:named[0].start()].split()) <= 2:
            # A sentence opening with the full name is about that one, whoever else it names
            # ("Writer Tony Cowell, the brother of pop mogul Simon Cowell, said…"), and so is the
            # surname after it (a review's find).
            bearer = named[0].group(1)
        elif named:
            bearer = named[-1].group(1)
        found.append(bearer is not None and bearer.casefold()[:_SAME_NAME] == first.casefold()[:_SAME_NAME])
    return found


def _never_named(head: str, question: str, text: str, passage: PassageRow, store: Store) -> bool:
    """Whether `head`, the last word of whom a question asks the words of, is a name (an
    uncommon word of four letters or more, no title, job title or chat spelling: "wenger", not
    "coach", "minister", "PM" or "ceo", which the article may call by name) that the passage's
    article never writes however the question's spelling is corrected, nor begins a word of, nor
    abbreviates ("EPI" for its "Economic Policy Institute")."""
    if len(head) < 4 or not head.isalpha() or _chat_word(head, set()) or head in _TITLES:
        return False
    spelling = question_words(question, store)
    read = spelling.read_as.get(head, (head,))
    collections = [passage.collection]
    asked = {head, *read, *(other for other, names in ALIASES.items() if head in names),  # "spurs" of "tottenham"
             *_nation_asked(question)}  # "danes" of its "Danish"
    if head in spelling.clipped and writes_clipped_name(question, text, store):
        return False  # "lib dems" of a story's "Liberal Democrat" (a stranger's was declined)
    if not asked <= store.missing_words(list(asked), collections, article_id=passage.article_id):
        return False  # the article writes it, or what the question's spelling reads it as
    if any(starts_a_word_held(w, store, collections, passage.article_id) for w in asked) or head in initials_in(text):
        return False
    if len(head) >= _TYPO_NAME and _a_letter_from_a_name(head, text):
        return False  # "colins" of its "Kim Collins" (read as "Colin"'s plural, it was never corrected)
    if len(head) >= _TYPO_NAME and _begins_as_a_name(head, text):
        return False  # "fergie" of its "Sir Alex Ferguson" (a stranger was told it gives him no words)
    # Not an everyday word: "kennedy" may be the asker's name for someone the article calls
    # otherwise (read as a name by capitals or by the articles, it declined a held-out answerable
    # question for each unanswerable one); nor a long word one edit from one: "goverment", read
    # as "government", is not someone the story never names (a stranger's was declined so, where
    # ministers speak, while "government" spelt right was answered). A short one is a name as
    # often ("hain", "hoon" are a letter from "main", "soon": a review's find).
    typo_of_everyday = len(head) >= TYPO_OF_EVERYDAY and any(english_words().get(w, 0) >= COMMON_WORD for w in read)
    if english_words().get(head, 0) < COMMON_WORD and not typo_of_everyday:
        return True
    # An everyday surname with a first name before it, neither written in the article ("michael
    # howard" of a story on Charles Kennedy's speech: a stranger's was quoted Kennedy's words):
    # a whole name the article never writes is someone else.
    given = [w for w in words_asked_of(question)[:-1] if w.isalpha() and len(w) >= 3 and w not in _TITLES
             and _role(w) not in _ROLE_WORDS and w not in _MEMBERS]
    # (A correction of either that the article holds was ruled out above, for the surname.) A
    # person's name, as other stories write it, each word a name more often than not: not
    # "opposition parties", "the labour party", "the home office" (a review's finds), bodies that
    # speak through their people.
    return (bool(given) and given == words_asked_of(question)[:-1]
            and not _BODY.fullmatch(head) and _role(head) not in _ROLE_WORDS and head not in _PARTY_NAMES
            and _role(head) not in _PARTY_WORDS
            and set(given) <= store.missing_words(given, collections, article_id=passage.article_id)
            and not any(starts_a_word_held(w, store, collections, passage.article_id) for w in given)
            and _written_as_name(" ".join([*given, head]), store, collections)
            and all(_written_as_name(w, store, collections) for w in given))


TYPO_OF_EVERYDAY = 6  # letters a word needs for an everyday word one edit away to be what it means
_TYPO_NAME = 5  # letters a name needs for one a letter away in the article to be the one meant


NICKNAME_PREFIX = 4  # letters a chat name shares with the start of the name it stands for ("fergie")


def _begins_as_a_name(word: str, text: str) -> bool:
    """Whether `text` writes a name (capitalised, not opening a sentence only) beginning as
    `word` does, other than `word`: a nickname of it, "fergie" of "Ferguson", "becks" of "Beckham"."""
    start = word[:NICKNAME_PREFIX]
    return any(name != word and name.startswith(start)
               for name in {w.casefold() for w in re.findall(r"(?<=[\w,;:]\s)[A-Z][\w'’-]+", text)})


def _a_letter_from_a_name(word: str, text: str) -> bool:
    """Whether `text` writes a name (capitalised, not opening a sentence only) one edit from `word`."""
    from rapidfuzz.distance import OSA

    return any(OSA.distance(word, name, score_cutoff=1) <= 1
               for name in {w.casefold() for w in re.findall(r"(?<=[\w,;:]\s)[A-Z][\w'’-]+", text)}
               if abs(len(name) - len(word)) <= 1)


# "will he be fit for england?", "is the fed gonna raise rates?": a yes-or-no question about
# what is to come (not "when will…?", which the date type serves).
_ASKS_AHEAD = re.compile(
    r"^\W*(?:will|won't|wont)\b|^\W*(?:is|are|am|r|isn't|aren't)\b.*\b(?:going\s+to|gonna)\b", re.IGNORECASE)
# A sentence that speaks of what is to come, or of what may be: a modal, a plan, an expectation,
# a time ahead.
_LOOKS_AHEAD = re.compile(
    r"\b(?:will|would|won't|wouldn't|shall|could|couldn't|may|might|can|cannot|can't|should|must|going\s+to|"
    r"gonna|plans?|planned|planning|expects?|expected|expecting|expectation|set\s+to|due|likely|unlikely|hopes?|"
    r"hoped|hoping|intends?|intended|aims?|next|future|soon|later|upcoming|(?:re)?scheduled|postponed|considering|"
    r"considers?|"
    r"proposed?|proposals?|possible|possibly|possibilit(?:y|ies)|prospects?|forecasts?|predicts?|predicted|outlook|"
    r"ruled\s+out|"
    r"doubt|doubtful|tomorrow|ahead|remains?|continue|continues|intention|"
    # What someone sets out to do ("she was initiating legal action": a stranger's "is the fired
    # blogger going to sue?" was declined with it first).
    r"initiat\w*|launching|preparing|seeking|threat(?:en|ens|ened|ening)|vow(?:s|ed)?|pledg\w*|promis(?:e|es|ed)|"
    r"promising\s+to|"
    # what someone means to do ("…held talks with the designer, and wished to retain him": a
    # stranger's "will lacroix stay on?" was told nothing spoke of what is to come)
    r"(?<!\bhad\s)wish(?:es|ed)?\s+to|wants?\s+to|keen\s+to|"
    # what someone may do to them ("It has the power to suspend or bar Mr Livingstone": a
    # stranger's "will he get suspended over it?" was declined with it first)
    r"(?:has|have|had|given|gives|giving|with)\s+(?:the\s+)?(?:[a-z]+\s+)?powers?\s+to\s+"
    r"(?!(?:the|a|an|its|their|his|her|this|that|these|those)\b)[a-z]+|"
    # a choice still to make ("has made no decision on whether to appeal": a stranger's "is she
    # going to appeal?" was told nothing spoke of what is to come)
    # ("to decide for themselves" is no such choice: it answered "will the government give them
    # the powers?" of a bill)
    r"whether\s+to|yet\s+to\s+(?:decide|make|announce|say)|"
    # a decision about it made ("follows a recent decision by ministers not to change the law": a
    # stranger's "will the law itself be changed?" was told nothing spoke of what is to come)
    r"decid(?:ed|es)\s+(?:not\s+)?to|decision\s+(?:by\s+(?:[\w'’-]+\s+){1,3}?)?(?:not\s+)?to\s+(?!comment\b)\w+|"
    r"no\s+(?:[\w-]+\s+)?change\s+(?:was|is|would\s+be)\s+(?:necessary|needed|required)|"
    # what is arranged ("Actor Colin Farrell is to make his debut on US television in medical
    # sitcom Scrubs": a stranger's "is colin farrell gonna be on scrubs?" was told nothing spoke of
    # what is to come); not "was to" ("Smith's job was to look after the youth team": a review's
    # find), who "is to blame", "that is to say", nor a condition ("victory is vital if they are to
    # rescue the season" answered "will robinson keep the captaincy?"; `_CONDITION` below)
    r"(?:is|are|am)\s+(?:also\s+|now\s+|still\s+)?to\s+(?!blame\b|say\b)[a-z]+|"
    # what is fixed for a day ("The awards are held on 26 February, the day before the Oscars.": a
    # stranger's "will the winners be revealed before the oscars?" was told nothing spoke of it)
    r"(?:is|are)\s+(?:being\s+)?(?:held|staged|played|shown|broadcast|screened|released|published|announced|"
    r"unveiled|revealed)\s+on\s+(?:\d{1,2}\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"january|february|march|april|may|june|july|august|september|october|november|december)\b)\b|\w'll\b",
    re.IGNORECASE)


# A condition on what is to come, which says nothing will ("if Leicester are to rescue their season").
_CONDITION = re.compile(r"\bif\s+(?:[\w'’-]+\s+){1,3}?(?:is|are|am)\s+(?:also\s+|now\s+|still\s+)?to\s+[a-z]+\b",
                        re.IGNORECASE)


def looks_ahead(text: str) -> bool:
    """Whether `text` speaks of what is to come or may be (`_LOOKS_AHEAD`), outside a condition."""
    return bool(_LOOKS_AHEAD.search(_CONDITION.sub(" ", text)))


# "what happens next?", "what now for them?": asked of the article discussed, its sentences about
# what is to come are the answer (a stranger's was declined at 0.096 beside "Ms Kelly is expected
# to announce her plans on the issue in the next fortnight").
_WHAT_NEXT = re.compile(
    r"\W*(?:(?:so|and|ok|okay|but|then)[\s,]+)?(?:"
    r"(?:what|wat)(?:'s|\s+is)?\s+(?:happens|will\s+happen|(?:is\s+)?going\s+to\s+happen|gonna\s+happen|"
    r"comes)\s+(?:next|now)|(?:what|wat)(?:'s|\s+is)?\s+happening\s+next|(?:what|wat)(?:'s|s|\s+is)\s+next"
    r"|what\s+(?:now|next)"
    r"|(?:what|wat)(?:'s|\s+is|\s+are)\s+the\s+next\s+steps?)"
    r"(?:\s+(?:for|with|to)(?:\s+[\w'&.-]+){1,4})?\s*[?!.…]*\s*", re.IGNORECASE)


def asks_what_next(question: str) -> bool:
    """Whether the question asks what happens next, naming nothing else (`_WHAT_NEXT`; a phone's
    curly apostrophe too)."""
    return bool(_WHAT_NEXT.fullmatch(question.replace("’", "'")))


# A plan or an expectation, and a time soon, which both of the patterns below read.
# "due to start", not a cause: "due to slow progression", "due to rule changes", "due in part to"
# (reviews' finds).
_PLANNED = (r"set\s+to|due\s+(?:to\s+(?:be|start|begin|open|reopen|close|end|finish|complete|conclude|take|go|come|"
            r"meet|launch|unveil|release|debut|premiere|air|expire|return|resume|face|play|appear|report|announce|"
            r"publish|issue|arrive|leave|hold|host|stage|sign|join|vote|retire|make|run|visit|give|hear|decide|stand|"
            r"testify|speak|attend|undergo|serve|deliver|present|receive|submit|reach|become|get|move|fly|travel)\b|"
            r"in(?!\s+(?:large\s+|no\s+small\s+)?part\b)|on|at|next)|expected\s+to|expects?\s+to|plans?\s+to|"
            r"planning|intends?\s+to|aims?\s+to|scheduled")
_SOON = (r"(?:later|by\s+the\s+end\s+of)\s+this\s+(?:week|month|year)|in\s+the\s+coming\s+(?:days|weeks|months|years)|"
         r"tomorrow|from\s+next")
_NEXT_WHEN = (r"week|month|year|season|spring|summer|autumn|winter|fortnight|round|stage|steps?|match|game|meeting|"
              r"monday|tuesday|wednesday|thursday|friday|saturday|sunday")


# A sentence telling what is to come: a future, a plan, an expectation, a time ahead; not what may
# be ("could", "may": a sentence saying what something can do tells no next step), nor a review's
# "you will" (what a game is like, not what happens next).
_TELLS_WHAT_NEXT = re.compile(
    # ("Will Hutton" is no future; nor is "a smile on her face")
    rf"\b(?<!\byou\s)(?:(?-i:will|would|won't|wouldn't|shall)|(?:is|are|was|were)\s+to|{_PLANNED}|planned|going\s+to|"
    r"gonna|hopes?\s+to|(?<!\bher\s)(?<!\bhis\s)(?<!\bits\s)(?<!\bthe\s)(?<!\btheir\s)(?<!\ba\s)faces(?!\s+of\b)|"
    r"(?:could|will|would|may|might|to)\s+face(?!\s+(?:of|to\s+face)\b)|facing\s+(?:\w+ing|a|an|the|charges?|trial|"
    r"deportation|jail|prison|possible|up\s+to)\b|"
    rf"next\s+(?:{_NEXT_WHEN}|general\s+election|election|phase|move|time)|{_SOON})\b|\b(?!you'll)\w+'ll\b",
    re.IGNORECASE)
# Of those, a sentence naming a plan, an expectation or a time ahead tells what happens next more
# surely than a bare "will" ("what gaming will be like with the device" came before "…saving the
# official unveiling … for the E3 show in May and the device could be on shop shelves by November").
_TELLS_WHEN_NEXT = re.compile(
    rf"\b(?:(?:is|are)\s+to|{_PLANNED}|next\s+(?:{_NEXT_WHEN})|{_SOON}|by\s+(?:january|february|march|april|may|june|"
    r"july|august|september|october|november|december|the\s+end\s+of)|will\s+(?:be\s+)?(?:held|launched|released|"
    r"unveiled|announced|published|decided|heard|sentenced|tried|open|opens|start|begin|go\s+on\s+sale|meet|vote|"
    r"decide|announce|appeal))\b",
    re.IGNORECASE)


def _lead_after(spans: list[QuoteSpan], floor: float, gives: Callable[[QuoteSpan], bool] | None = None,
                same_article: bool = False, fits: Callable[[QuoteSpan], bool] | None = None) -> list[QuoteSpan]:
    """The quotes with the first one from outside the first paragraph put first, when the best
    was from it and that one's confidence reaches `floor` (a second opinion the trees hardly
    believe is not put before it). Asked of the article a channel discusses, the reader has read
    the headline and lead (the link's preview shows them), and asks what they did not say: the lead restating the
    question's words was right as a first quote 4 times of 50 in the fitting sets' rows, the
    quote after it 20 times (`AnswerTuning.lead_after`). `gives`: whether a quote gives the unit or
    the date asked for (`AnswerTuning.lead_kept_for_unit`, `lead_kept_for_date`): the lead giving it
    stays before one that does not.
    `same_article`: only a quote from the lead's article goes before it (asked of every article, the
    next quote may be another story's); `fits`: only a quote it holds true of."""
    if len(spans) < 2 or spans[0][0].hit.passage.paragraph != 1:
        return spans
    article = spans[0][0].hit.passage.article_id
    later = next((i for i, span in enumerate(spans) if span[0].hit.passage.paragraph != 1
                  and max(s.confidence for s in span) >= floor
                  and (not same_article or span[0].hit.passage.article_id == article)
                  and (fits is None or fits(span))), None)
    if later is None or (gives is not None and gives(spans[0]) and not gives(spans[later])):
        return spans
    return [spans[later], *spans[:later], *spans[later + 1:]]


def _cause_first(spans: list[QuoteSpan], floor: float) -> list[QuoteSpan]:
    """The quotes with the first one from the rest of the lead's article that gives a reason
    (`_CAUSE`: "because", "due to", "led to"…) put first (`_lead_after`), when the first is from the
    first paragraph and gives no sign of one (`gives_a_cause`: not even "after", "amid"). A lead
    restates what a why-question asks about ("Number eight Imanol Harinordoquy has been dropped from
    France's squad…"): re-asked of a picked story, the strangers' questions (3,547 of 76 trials and
    the two fitting sets') got 13 more first quotes right this way and lost one. Moving the lead
    down for every why-question won more there (29 / 3), but a review's questions written from a
    headline alone lost 27 right first quotes to it over 55 (why, where, which, how), leads such as
    "…, mainly due to the weakness of the dollar" among them: whoever has not read the lead asks
    what it says."""
    if not spans or any(gives_a_cause(s.row.text) for s in spans[0]):
        return spans
    return _lead_after(spans, floor, same_article=True, fits=lambda span: any(_CAUSE.search(s.row.text) for s in span))


def _unit_given(question: str) -> Callable[[QuoteSpan], bool] | None:
    """Whether a quote gives the sum, age, share or span of time the question asks for
    (`_FIRST_UNITS`), or None when it asks for none of them."""
    unit = asked_unit(question)
    if unit not in _FIRST_UNITS:
        return None
    holds = _holds_unit(unit, question)
    return lambda span: any(holds(s.row.text) for s in span)


# A question asking when: not "what happened when he arrived?" (a review's find).
_ASKS_WHEN = re.compile(_CHAT_OPENER + r"(?:when|what\s+(?:time|day|date|year|month)|which\s+(?:day|date|year|month)|"
                        r"how\s+soon)\b", re.IGNORECASE)


def _date_given(question: str) -> Callable[[QuoteSpan], bool] | None:
    """Whether a quote says when (`_dates`: a year, a month, a day, "last week"…), besides what
    the question says, for a when-question; None for any other question."""
    if not _ASKS_WHEN.match(question) or number_unit(question) is not None:  # "how long…": a span
        return None
    typed = set(_dates(question))
    return lambda span: any(set(_dates(s.row.text)) - typed for s in span)


_THE_TEXT = frozenset("text article story piece report author writer passage paper book column essay".split())
_THOUGHT = re.compile(r"\b(?:think|thinks|thought|thinking|make\s+of|reckon)\b", re.IGNORECASE)


def _one_speaking(head: str, nation: Sequence[str]) -> bool:
    """Whether `head`, the last word naming whom a question asks the words of, is someone who
    speaks only in words: a person by name or role ("o'gara", "the coach"), not a body, group,
    party or nation, which say things by what they do, nor the text, a report or a study."""
    return not (head in _THE_TEXT or head in _FINDINGS or head in nation or head in _MEMBERS or head in _PARTY_NAMES
                or _BODY.fullmatch(head) or _role(head) in _ROLE_WORDS or _role(head) in _PARTY_WORDS)


# What states findings rather than anyone's words ("what does the survey say?").
_FINDINGS = frozenset("study studies survey surveys research report reports figures data poll polls findings results "
                      "evidence statistics stats review analysis".split())
_COLD_BODIES = frozenset({"union", "police", "government"})


def _article_text(passage: PassageRow, scored: Sequence[ScoredSentence], store: Store) -> str:
    """The headline and text of the passage's article, its scored passages included."""
    same = {s.hit.passage.id: s.hit.passage for s in scored if (s.hit.passage.collection, s.hit.passage.article_id)
            == (passage.collection, passage.article_id)}
    same.update((p.id, p) for p in store.article_passages(passage.collection, passage.article_id))
    return " ".join(f"{p.title} {p.text}" for p in same.values())


def _best_articles(scored: Sequence[ScoredSentence]) -> list[PassageRow]:
    """A passage of each article among the best sentences (COLD_MISSING_HITS), best first."""
    first: dict[tuple[str, str], PassageRow] = {}
    for item in scored[:COLD_MISSING_HITS]:
        first.setdefault((item.hit.passage.collection, item.hit.passage.article_id), item.hit.passage)
    return list(first.values())


def answer(
    question: str,
    query_vector: np.ndarray,
    hits: Sequence[Hit],
    store: Store,
    model: str,
    *,
    top: int = 3,
    tuning: AnswerTuning | None = None,
    collections: Sequence[str] | None = None,
    query_tokens: np.ndarray | None = None,
    one_article: bool = False,
    lead_read: bool | None = None,
) -> Answer:
    """`collections`: those searched (default: the ones the hits come from). `query_tokens`:
    the question's token vectors (`Embedder.embed_query_with_tokens`). `one_article`: the
    hits come from a search of one article only. `lead_read`: the asker has read that
    article's lead (it is the one their channel discusses, its link's preview shows the lead;
    default `one_article`), so it is not the first quote (`AnswerTuning.lead_after`)."""
    lead_read = one_article if lead_read is None else lead_read and one_article
    tuning = tuning or AnswerTuning()
    missing = _article_lacks_asked(question, hits[0].passage, store, tuning) if one_article and hits else None
    if missing is not None:
        return Answer(question, False, (), NOT_FOUND, missing=missing)
    elsewhere = _age_of_someone_else(question, hits[0].passage, store, tuning) if one_article and hits else None
    if elsewhere is not None:
        return Answer(question, False, (), NOT_FOUND, missing="age", unquoted=elsewhere)
    short = stands_for_asked(question) if tuning.spelt_out and hits else None
    # As typed, or as the spelling reads it ("ukpi" of the articles' "UKIP"); a short form as
    # the asker or the articles write it.
    shorts: tuple[str, ...] = ()
    spelt: dict[str, bool] = {}
    if short is not None:
        text = _article_text(hits[0].passage, (), store) if one_article else " ".join(h.passage.text for h in hits)
        typed_forms = {short, *question_words(question, store).read_as.get(short.casefold(), ())}
        # Its singular too, a plural's "s" after capitals ("what do NFTs stand for?" of
        # "non-fungible token (NFT)"; not "GPS").
        typed_forms |= {form[:-1] for form in typed_forms if len(form) > 2 and form[-1] == "s" and (
            form[:-1].isupper() or re.search(rf"(?<![\w-]){re.escape(form[:-1].upper())}s\b", text))}
        spelt = {typed: spells_out(text, typed) for typed in typed_forms}  # read once each
        # Put first where spelt out whatever its case ("Nato" as BBC style writes it), declined
        # only as a short form of three signs or a figure ("AI" may be written out any way).
        shorts = tuple(sorted(typed for typed in typed_forms if short_form_written(typed, text) or spelt[typed]))
    if (shorts and one_article and not any(spelt.get(typed) for typed in shorts)
            and any(_declinable_short_form(typed) for typed in shorts)
            and not any(written_out_loosely(text, typed) for typed in shorts)):
        log.debug("what %r stands for, asked of %r, which spells it out nowhere: declined", short,
                  hits[0].passage.title)
        return Answer(question, False, (), NOT_FOUND, missing="spelt", unquoted=_as_written(shorts, text) or short)
    unquoted = (_gives_no_words(question, hits[0].passage, store, model)
                if one_article and hits and tuning.decline_unquoted else None)
    if unquoted is not None:
        return Answer(question, False, (), NOT_FOUND, missing="words", unquoted=unquoted)
    scored = score_sentences(question, query_vector, hits, store, model, tuning, collections, query_tokens,
                             one_article)
    scored = _without_closing_bio(scored, question, store)
    if not tuning.team_sheets and not asks_for_a_side(question):
        scored = [item for item in scored if not TEAM_SHEET.fullmatch(item.row.text)]
    if scored and not one_article and tuning.decline_missing_cold:
        # Every article asked: only when none of the articles of the best sentences gives one
        # (the best may be the wrong story's; a review's find: a second story on the player
        # gave the fee).
        found = {_article_lacks_asked(question, passage, store, tuning) for passage in _best_articles(scored)}
        if len(found) == 1 and None not in found:
            return Answer(question, False, (), NOT_FOUND, missing=found.pop())
    if scored and shorts and not one_article and any(_declinable_short_form(typed) for typed in shorts):
        # Every article asked: declined when none of the best sentences' articles spells it out,
        # as asked of one (a stranger's "what does IBM stand for", declined of its story, was
        # quoted three sentences using "IBM" asked of every article).
        texts = [_article_text(passage, scored, store) for passage in _best_articles(scored)]
        texts += [hit.passage.text for hit in hits]  # any passage found that spells it out
        if not any(spells_out(whole, typed) or written_out_loosely(whole, typed)
                   for whole in texts for typed in shorts):
            log.debug("what %r stands for, every article asked: none of the best ones spells it out: declined", short)
            return Answer(question, False, (), NOT_FOUND, missing="spelt",
                          unquoted=next(filter(None, (_as_written(shorts, whole) for whole in texts)), short))
    asked_of = [w for w in words_asked_of(question) if not w.isdigit()]
    searched = collections or sorted({h.passage.collection for h in hits})
    if (scored and not one_article and tuning.decline_unquoted_cold and asked_of
            and asked_of[-1] not in store.missing_words(asked_of[-1:], searched)):
        # Not someone no article names at all: that decline says so ("no indexed article
        # mentions “sunak”"), which is more use than this one. Only someone none of those
        # articles names at all: whether one that names them gives their words is read too
        # loosely for every article ("Dalton's original atomic hypothesis assumed…" answers "what
        # did Dalton think…?" in SQuAD).
        head = asked_of[-1]
        role = _role(head)
        called = _ROLE_WORDS.get(role) or _as_named(head)
        # An uncommon name ("samsung", "mukesh"), or a union, the police or the government under
        # their many names; not a title ("the minister": "Culture Secretary Tessa Jowell said"),
        # an everyday word in a name ("downing street": "No 10 said"), people anyone may be
        # ("critics": "Such individuals claim…"), nor the text itself ("what does the text say…").
        someone = role in _COLD_BODIES or (
            head not in _THE_TEXT and head not in _TITLES and english_words().get(head, 0) < COMMON_WORD
            and _written_as_name(head, store, searched))
        texts = (_article_text(passage, scored, store) for passage in _best_articles(scored))
        if someone and not any(called & set(words(text)) or head in initials_in(text, bodies=True) for text in texts):
            log.debug("every article asked, and none of the best sentences' articles names %r: declined", head)
            return Answer(question, False, (), NOT_FOUND, missing="words", unquoted=head)
    best = scored[0].confidence if scored else None
    asks_score = tuning.score_first and asked_unit(question) == "score"
    score_asked = one_article and asks_score
    if scored and asks_score and _score_in_headline(scored, question, one_article, store):
        passage = scored[0].hit.passage
        info = store.article_info(passage.collection, passage.article_id)
        log.debug("the score asked for is in the headline of %r alone: answered with it", passage.title)
        return Answer(question, True, (), about=AboutArticle(
            "headline", passage.article_id, passage.title, passage.url, info and info.author, info and info.publisher,
            info and info.published), confidence=round(best, 4) if best is not None else None)
    ahead = tuning.decline_unforeseen and bool(_ASKS_AHEAD.search(question))
    deciding = best
    tells_next = one_article and bool(scored) and asks_what_next(question)
    if tells_next:
        # Its sentences telling what is to come, however unsure the trees are of a question
        # with no words of the story; none: the story does not say.
        when = {id(s) for s in scored if _TELLS_WHEN_NEXT.search(s.row.text)}
        scored = [s for s in scored if id(s) in when or _TELLS_WHAT_NEXT.search(s.row.text)]
        scored.sort(key=lambda s: id(s) not in when)  # stable: the best first within each
        if not scored:
            log.debug("what happens next, asked of an article telling nothing to come: declined")
            return Answer(question, False, (), NOT_FOUND, missing="ahead", confidence=round(best, 4))
        # Quoted whatever the trees' doubt, which stays the answer's confidence as reported.
        best, deciding = scored[0].confidence, max(scored[0].confidence, tuning.threshold)
        log.debug("what happens next, asked of one article: its %d sentences telling what is to come, however "
                  "unsure", len(scored))
    theirs = None
    their_reading = None  # `_their_words` as `_speaker_first` read it, kept for the quotes' joins
    words_of = _ONLY_WORDS_OF.fullmatch(question)
    if best is not None and tuning.speaker_first and words_of and (one_article or not words_of.group("topic")):
        # "what did alan briggs say?" is answered wherever a sentence gives his words, however
        # unsure the trees are of it (a stranger's was declined at 0.268 against 0.270), and
        # without the unsure caution. A name only ("the council" of another story says
        # something everywhere), written so where the searched articles use it.
        who = [w for w in words_asked_of(question) if not w.isdigit()]
        head = who[-1] if who else None
        searched = collections or list(dict.fromkeys(h.passage.collection for h in hits))
        if head is not None and (_written_as_name(head, store, searched)
                                 or any(_written_as_name(alias, store, searched) for alias in aliases_of(head))
                                 or (len(who) >= 2 and _written_as_name(" ".join(who[-2:]), store, searched))):
            theirs = _their_words(scored, question, question_words(question, store).read_as)
        elif head is not None and one_article and (speakers := _group_speakers(head)):
            # "what did the opposition parties say?" (a stranger's was declined at 0.12): the
            # words of a body or group under any of its names ("Plaid Cymru health spokesman
            # said…"), in the story asked; every article asked, they are anyone's.
            theirs = _their_words(scored, question, {head: speakers}, parties=_role(head) == "parties")
    if shorts and best is not None and best < tuning.threshold:
        # "what does riaa stand for": the sentence spelling it out answers, however unsure the
        # trees are of it (a stranger's was declined at 0.17, "…filed this week by the Recording
        # Industry Association of America." in the story).
        found = next((s for s in scored if any(spells_out(s.row.text, typed) for typed in shorts)), None)
        if found is not None:
            # That sentence alone: the others are as unsure as the trees say (a review's find:
            # another story's sentence came third, with no caution).
            log.debug("what %r stands for: a sentence spells it out (paragraph %d): answered with it alone", short,
                      found.hit.passage.paragraph)
            scored, top = [found], 1
            deciding = tuning.threshold
    if theirs is not None and best < tuning.threshold:
        found = next((s for s in scored if theirs(s)), None)
        if found is not None:
            log.debug("a question for someone's words, which a sentence gives (paragraph %d): answered with it",
                      found.hit.passage.paragraph)
            scored = [found, *(s for s in scored if s is not found)]
            deciding = tuning.threshold
    if best is not None and best >= tuning.threshold:
        floor, keep_lead_down = tuning.threshold * tuning.follow, lead_read and tuning.lead_after
        if theirs is not None and not theirs(scored[0]) and not words_of.group("topic"):
            # Only their words asked for: the best sentence giving them first, however unsure
            # the trees are of it ("what else did Freddy Shepherd say?" got Bellamy's first). Not
            # when asked about the story's thing ("about the decision"): there the trees' best
            # stays first (moving it cost two strangers' right first quotes for the two gained).
            ordered = _first_fitting(scored, _or_said_otherwise(scored, theirs, question), 0.0, keep_lead_down)
            if ordered is not scored:
                log.debug("only someone's words asked for: the best sentence giving them (paragraph %d) put first",
                          ordered[0].hit.passage.paragraph)
            scored = ordered
        elif tuning.speaker_first:
            # Read as asked, not as the group's speakers the branch above may have read them.
            their_reading = _their_words(scored, question, question_words(question, store).read_as)
            ordered = _speaker_first_by(scored, their_reading, question, floor, keep_lead_down)
            if ordered is not scored:
                log.debug("a question for someone's words: the best sentence giving them (paragraph %d) put first",
                          ordered[0].hit.passage.paragraph)
            scored = ordered
        if tuning.unit_first and not score_asked:
            ordered = _unit_first(scored, question, floor, keep_lead_down, tuning.unit_beside)
            if ordered is not scored:
                log.debug("a question for %s: the best sentence holding one (paragraph %d) put first",
                          _UNIT_NAMES.get(number_unit(question), "a figure"), ordered[0].hit.passage.paragraph)
            scored = ordered
        if shorts:
            ordered = _spelt_first(scored, shorts, floor)
            if ordered is not scored:
                log.debug("what %r stands for: the best sentence spelling it out (paragraph %d) put first", short,
                          ordered[0].hit.passage.paragraph)
            scored = ordered
        for enabled, rule, why in (
                (tuning.name_first, _name_first, "what something is called: the best sentence naming it"),
                (tuning.maker_first, _maker_first, "who made a study: the best sentence naming its maker"),
                (tuning.describe_first, functools.partial(_describer_first,
                                                          lead_describing=tuning.lead_kept_for_description),
                 "who someone named is: the best sentence saying it"),
                (tuning.holder_first, functools.partial(_holder_first, lead_naming=tuning.lead_kept_for_description),
                 "who holds a role: the best sentence naming them"),
                (tuning.others_after, _others_after, "who is asked, and the best sentence is about others of them: "
                                                     "the best one that is not")):
            scored = _rule_ordered(enabled, rule, scored, question, floor, keep_lead_down, why)
        if score_asked:
            ordered = _score_first(scored, question)
            if ordered is not scored:
                log.debug("a question for the score: the best sentence holding one (paragraph %d) put first",
                          ordered[0].hit.passage.paragraph)
            scored = ordered
    speaks = theirs  # whose words: a quote giving them joins no other speaker's sentence (`join_one_speaker`)
    if (speaks is None and tuning.join_one_speaker and tuning.speaker_first and scored and asked_of
            and _written_as_name(asked_of[-1], store, searched)):
        # Someone named, not a kind of people ("what did analysts say?"): who else is one of them
        # the sentences cannot tell (a first version dropped an analyst's words, named elsewhere).
        speaks = their_reading if their_reading is not None else _their_words(
            scored, question, question_words(question, store).read_as)
    spans = choose_quotes(scored, top, tuning, best=deciding, theirs=speaks,
                          shares_words=_shares_words(question, store, model, tuning.other_articles_share))
    if tuning.cause_first and not (lead_read and tuning.lead_after) and question_type(question) == "reason":
        ordered = _cause_first(spans, tuning.threshold * tuning.follow)
        if ordered is not spans:
            log.debug("why, and the lead gives no reason: paragraph %d's quote giving one put first",
                      ordered[0][0].hit.passage.paragraph)
        spans = ordered
    if lead_read and tuning.lead_after and not score_asked and not (shorts and spans and any(
            spells_out(spans[0].chosen.row.text, typed) for typed in shorts)):
        gives = _unit_given(question) if tuning.lead_kept_for_unit else None
        if gives is None and tuning.lead_kept_for_date:
            gives = _date_given(question)
        if gives is None and tuning.lead_kept_for_description:
            gives = _description_given(question)
            names_holder = _names_holder(scored, question) if gives is None and scored else None
            if names_holder is not None:
                gives = lambda span: any(names_holder(s) for s in span)  # noqa: E731
        ordered = _lead_after(spans, tuning.threshold * tuning.follow, gives)
        if ordered is not spans and log.isEnabledFor(logging.DEBUG):
            first = ordered[0]
            log.debug("the best sentence is in the lead, which the reader has read: quoted second, after paragraph "
                      "%d's (confidence %.3f)", first[0].hit.passage.paragraph, max(s.confidence for s in first))
        spans = ordered
    if log.isEnabledFor(logging.DEBUG):  # `quotebot -v`: why this answer, or why none
        if scored:
            top_ranked = min(scored, key=lambda s: s.rank)
            log.debug("%d sentences of %d passages scored%s; the best (%r, paragraph %d) has confidence %.3f "
                      "against the threshold %.3f: %s", len(scored), len(hits), " (one article)" if one_article else "",
                      top_ranked.hit.passage.title, top_ranked.hit.passage.paragraph, best, tuning.threshold,
                      # Lifted by a rule above (what is to come, someone's words): a stranger read
                      # "0.191 against the threshold 0.270: answered" as contradicting itself.
                      ("answered all the same, by the rule above" if best is not None and best < tuning.threshold
                       else "answered") if spans else "declined")
        else:
            log.debug("no sentence to score among %d passages: declined", len(hits))
    confident = None if best is None else round(best, 4)
    if not spans:
        return Answer(question, False, (), NOT_FOUND, confidence=confident)
    if ahead and not looks_ahead(" ".join(s.row.text for s in spans[0])):
        log.debug("a question about what is to come, and the first quote speaks of none: declined")
        return Answer(question, False, (), NOT_AHEAD, confidence=confident)
    quotes: list[Quote] = []
    gives_theirs = theirs is not None and theirs(spans[0].chosen)
    spells_it = bool(shorts) and any(spells_out(spans[0].chosen.row.text, typed) for typed in shorts)
    for span in spans:
        passage = span[0].hit.passage
        start, end = span[0].row.start, span[-1].row.end
        # A quote's confidence is its chosen sentence's, not a joined neighbour's: the trees
        # read a sentence as the question's best, so a neighbour's figure says nothing of this answer.
        chosen = span.chosen
        quotes.append(Quote(
            text=passage.text[start - passage.start : end - passage.start], article_id=passage.article_id,
            title=passage.title, url=passage.url, paragraph=passage.paragraph,
            score=round(chosen.confidence, 4), start=start, end=end,
        ))
    # Unsure as the answer was decided: by the best sentence's confidence, whichever quote
    # goes first (the one giving someone's words, or the lead moved second); or when no quote
    # holds the kind of word asked for; not when the words asked for were found, nor what is to
    # come when that was asked, nor a short form's full form.
    kind = question_type(question)
    untyped = (tuning.unsure_untyped and kind in _TYPED_KINDS and not _when_subordinate(question)
               and not any(_holds_asked_kind(s) for span in spans for s in span))
    unsure = (confident < tuning.unsure_below or untyped) and not gives_theirs and not tells_next and not spells_it
    return Answer(question, True, tuple(quotes), unsure=unsure, confidence=confident,
                  unsure_kind=kind if unsure and confident >= tuning.unsure_below else None)
