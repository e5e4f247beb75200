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

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .models import Answer, Quote
from .search import Hit
from .store import SentenceRow, Store
from .spelling import english_words, question_words
from .text import STOPWORDS, terms, words
from .errors import WeightsMissing
from .trees import TreeEnsemble

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
    "type_date",  # a "when" question, and the sentence holds a year, month or number it lacks
    "type_number",  # a "how many/much" question, and the sentence holds a number it lacks
    "type_place",  # a "where" question, and the sentence holds a capitalised word it lacks
    "type_name",  # a "who" question, and the sentence holds a capitalised word it lacks
    "type_reason",  # a "why" question, and the sentence gives a cause ("because", "blamed")
    "type_definition",  # a "what is X / what does X mean" question, and the sentence defines
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
)
_KINDS = ("date", "number", "place", "name", "reason", "definition")
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


@lru_cache(maxsize=1)
def _shipped_weights() -> dict:
    """The shipped answer model; its absence or damage is an error, not a silent fallback."""
    try:
        data = json.loads(WEIGHTS_FILE.read_text(encoding="utf-8"))
    except OSError as error:
        raise WeightsMissing(WEIGHTS_FILE, error.strerror or type(error).__name__) from None
    except ValueError as error:
        raise WeightsMissing(WEIGHTS_FILE, f"not valid JSON: {error}") from None
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
        raise WeightsMissing(WEIGHTS_FILE, f"incomplete or damaged: {error}") from None
    return data


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
    passages: int = 8  # best passages whose sentences compete
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
    # Ranking weights (FEATURES order) and the confidence model: boosted trees when
    # answer_weights.json has them, else a logistic regression (CONFIDENCE_FEATURES order).
    rank_weights: tuple[float, ...] = field(default_factory=lambda: _shipped("rank")[0])
    confidence_trees: TreeEnsemble | None = field(default_factory=_shipped_trees)
    confidence_weights: tuple[float, ...] = field(default_factory=lambda: _shipped("confidence")[0])
    confidence_bias: float = field(default_factory=lambda: _shipped("confidence")[1])
    # Declines when the best quote's confidence falls below this; QUOTEBOT_ANSWER_THRESHOLD
    # overrides it. Further quotes need `follow` times it.
    threshold: float = field(default_factory=_default_threshold)
    follow: float = 0.8

    @classmethod
    def from_file(cls, path: Path | str, **overrides) -> "AnswerTuning":
        """The tuning a weights file (the format bench/fit_answer.py writes) gives, e.g. a copy
        pinned by the tests so that refitting the shipped file cannot change their quotes."""
        data = json.loads(Path(path).read_text(encoding="utf-8"))
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
    confidence: float
    features: np.ndarray | None = None
    position: int = 0  # its index among all its passage's sentences (adjacency)


# question analysis --------------------------------------------------------------------------
_MONTHS = ("january february march april may june july august september october november "
           "december").split()
_NUMBER_WORDS = frozenset("""one two three four five six seven eight nine ten eleven twelve
    thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty
    seventy eighty ninety hundred thousand million billion trillion dozen dozens hundreds
    thousands millions billions half quarter percent""".split())
_YEAR = re.compile(r"^(1\d{3}|20\d{2})s?$")
_DIGIT = re.compile(r"\d")
_CAPITAL = re.compile(r"\b[A-Z][\w'’-]*")
# How a sentence says what something is: "X is a ...", "X, a ...", "Latin for", "known as".
_DEFINES = re.compile(r"\b(is|are|was|were) (a|an|the|one of)\b|, (a|an|the) |\b(means|meaning|refers? to|known as|"
                      r"called|stands? for|short for|\w+ for \"|defined as)\b", re.I)
# Words that give a cause or a motive: what a "why" question asks for.
_CAUSE = re.compile(r"\b(because|due to|owing to|thanks to|as a result|result(ed|s)? (of|from)|blam(e|ed|es|ing)|"
                    r"caus(e|ed|es|ing)|led to|leading to|in order to|so that|reasons?|driven by|"
                    r"fears? (of|that)|concerns? (about|over|that)|worried|wants? to|aims? to|hopes? to)\b", re.I)

_TYPE_PATTERNS = (
    ("date", re.compile(r"\b(when|what (year|years|date|day|month|century|decade|time|period|era)|"
                        r"which (year|years|date|day|month|century|decade)|how long ago|since when)\b")),
    ("number", re.compile(r"\b(how (many|much|long|far|old|large|big|tall|high|wide|often|fast|deep|heavy)|"
                          r"what (percentage|percent|proportion|number|amount|fraction|size|age|"
                          r"population|temperature|speed|distance|cost|price)|"
                          r"(which|what) (rank|ranking))\b")),
    ("place", re.compile(r"\b(where|what (country|city|state|town|place|region|county|continent|nation|"
                         r"island|river|location|area)|which (country|city|state|town|place|region|"
                         r"county|continent|nation|island|river))\b")),
    ("reason", re.compile(r"\b(why|how come|for what reason|what (is|was|are|were) the reasons?|"
                          r"what('s| is| was) (behind|causing|the cause)|what (caused|causes|led to))\b")),
    ("name", re.compile(r"\b(who|whom|whose|what (is the name|was the name|name|team|company|"
                        r"organization|person|group|man|woman|king|president|leader)|which (team|company|"
                        r"organization|person|group|man|woman|king|president|leader|party))\b")),
    ("definition", re.compile(r"^(so |and )?what('s| is| are| was| were) (a |an |the )?(?!(he|she|it|they|this|that)\b)"
                              r"[\w'-]+( [\w'-]+){0,2}\??$|"
                              r"\b(what does [\w' -]{1,40} (mean|stand for)|meaning of)\b")),
)


def question_type(question: str) -> str | None:
    """What kind of word answers the question: 'date', 'number', 'place', 'name' or None."""
    text = " ".join(question.casefold().split())
    for kind, pattern in _TYPE_PATTERNS:
        if pattern.search(text):
            return kind
    return None


def _typed_words(text: str, kind: str | None, asked: set[str]) -> bool:
    """Whether the text holds a word of the kind asked for that the question lacks."""
    if kind is None:
        return False
    if kind == "reason":
        return bool(_CAUSE.search(text))
    if kind == "definition":
        return bool(_DEFINES.search(text))
    if kind in ("date", "number"):
        for word in words(text):
            if word in asked:
                continue
            if kind == "date" and (_YEAR.match(word) or word in _MONTHS or word in ("century", "centuries")):
                return True
            if _DIGIT.search(word) or word in _NUMBER_WORDS:
                return True
        return False
    tokens = _CAPITAL.findall(text)
    for i, token in enumerate(tokens):
        folded = token.casefold()
        if folded in asked or folded in STOPWORDS:
            continue
        if i == 0 and text.lstrip().startswith(token):
            continue  # a sentence's first word is capitalised anyway
        return True
    return False


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
        named = {w.casefold() for w in _CAPITAL.findall(question[1:])}
        english = english_words()
        telling = [w for w in unseen if english.get(w, 0) < COMMON_WORD or w in named]
        # As a share of the largest IDF this index can give (a term no passage holds): the raw
        # IDF grows with the number of passages, and a threshold learned on one corpus size
        # would mean nothing on a one-article index.
        scale = store.max_idf()
        unseen_rarity = max((weights.get(term, 0.0) for word in telling for term in terms(word)), default=0.0) / scale
        return cls(found, weights, set(zip(found, found[1:])), question_type(question),
                   set(words(question)), rare, unseen_rarity, scale)


# Occurrences in symspellpy's English frequency list above which an unseen question word is
# everyday English rather than a name or a term.
COMMON_WORD = 1_000_000
UNMATCHED = 0.5  # token cosine below which a sentence token is "not about the question"


def names_elsewhere(question: str, store: Store, collections: Sequence[str], article_id: str) -> list[str]:
    """The question's words that the article lacks and other articles of the collections hold:
    names and uncommon words ("Federer", "Yukos"), as read after spelling correction. Asked where
    that article is being discussed, such a word means the question has moved to another story;
    everyday words ("flogging", "bust") are a reader's paraphrase, and a word no article holds
    says nothing about which one is meant."""
    matched = question_words(question, store)
    read = [w for word in words(question) for w in matched.read_as.get(word, (word,))]
    named = {w.casefold() for w in _CAPITAL.findall(question[1:])}
    english = english_words()
    telling = [w for w in dict.fromkeys(read)
               if terms(w) and (english.get(w, 0) < COMMON_WORD or w in named)]
    if not telling:
        return []
    lacking = store.missing_words(telling, collections, article_id=article_id)
    return sorted(lacking - store.missing_words(sorted(lacking), collections)) if lacking else []


def _late_interaction(query_tokens: np.ndarray | None, sentence_tokens: Sequence[np.ndarray | None]
                      ) -> tuple[np.ndarray, float]:
    """Per sentence late_match, late_weakest and late_unmatched (one row each), and the
    passage's late_match; one product for the whole passage. A sentence without tokens (an
    index mid-upgrade) matches nothing."""
    late = np.zeros((len(sentence_tokens), 3))
    present = [i for i, t in enumerate(sentence_tokens) if t is not None and len(t)]
    if query_tokens is None or not len(query_tokens) or not present:
        return late, 0.0
    lengths = np.array([len(sentence_tokens[i]) for i in present])
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    similarity = query_tokens @ np.concatenate([sentence_tokens[i] for i in present]).T
    best = np.maximum.reduceat(similarity, starts, axis=1)  # question tokens x sentences
    weaker_half = np.sort(best, axis=0)[: max(1, len(query_tokens) // 2)]
    late[present, 0] = best.mean(axis=0)
    late[present, 1] = weaker_half.mean(axis=0)
    late[present, 2] = np.add.reduceat(similarity.max(axis=0) < UNMATCHED, starts) / lengths
    return late, float(best.max(axis=1).mean())


def _missing(present: set[str], weights: dict[str, float]) -> float:
    return max((w for t, w in weights.items() if t not in present), default=0.0)


def _coverage(present: set[str], weights: dict[str, float]) -> float:
    total = sum(weights.values())
    if not total:
        return 0.0
    return sum(w for t, w in weights.items() if t in present) / total


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


def sentence_features(question: str, query_vector: np.ndarray, hits: Sequence[Hit], store: Store,
                      model: str, tuning: AnswerTuning | None = None,
                      collections: Sequence[str] | None = None,
                      query_tokens: np.ndarray | None = None, one_article: bool = False) -> Candidates:
    """`collections`: those searched (default: the hits'), where unseen_rarity looks for words.
    `query_tokens`: the question's token vectors (without them the late_* features are 0).
    `one_article`: the hits come from a search of one article only."""
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
    rows = store.sentences(model, [h.passage for h in hits])
    rank = {h.passage.id: i for i, h in enumerate(hits)}
    by_passage = {h.passage.id: h for h in hits}
    title_terms = {h.passage.title: set(terms(h.passage.title)) for h in hits}
    grouped: dict[int, list[SentenceRow]] = {}
    for row in rows:
        grouped.setdefault(row.passage_id, []).append(row)
    passage_terms = {
        pid: set(terms(by_passage[pid].passage.title + " " + by_passage[pid].passage.text)) for pid in grouped
    }
    kept_rows: list[SentenceRow] = []
    kept_hits: list[Hit] = []
    positions: list[int] = []
    features: list[list[float]] = []
    for pid, sentences in grouped.items():
        hit = by_passage[pid]
        sentence_terms = [terms(s.text) for s in sentences]
        coverages = [_coverage(set(t), info.weights) for t in sentence_terms]
        passage_coverage = _coverage(passage_terms[pid], info.weights)
        passage_rare = _coverage(passage_terms[pid], info.rare)
        late, passage_late = _late_interaction(query_tokens, [row.tokens for row in sentences])
        quotable: list[tuple[SentenceRow, set[str], dict[str, float], int]] = []
        for i, row in enumerate(sentences):
            if row.vector is None or len(row.text.split()) < tuning.min_words:
                continue
            found = sentence_terms[i]
            present = set(found)
            neighbours = [coverages[j] for j in (i - 1, i + 1) if 0 <= j < len(sentences)]
            novel = [t for t in found if t not in info.weights]
            typed = _typed_words(row.text, info.kind, info.asked)
            quotable.append((row, present, {
                "sentence_cosine": float(row.vector @ query_vector),
                "passage_cosine": hit.dense,
                "passage_fused": hit.score,
                "coverage": coverages[i],
                "passage_coverage": passage_coverage,
                "phrase": len(info.pairs & set(zip(found, found[1:]))) / len(info.pairs) if info.pairs else 0.0,
                "context": max(neighbours, default=0.0),
                **{f"type_{kind}": float(info.kind == kind and typed) for kind in _KINDS},
                "novelty": len(novel) / len(found) if found else 0.0,
                "passage_rank": 1.0 / (1 + rank[pid]),
                "rare_coverage": _coverage(present, info.rare),
                "passage_rare": passage_rare,
                "length": math.log(1 + len(found)),
            }, i))
        for i, (row, present, values, position) in enumerate(quotable):
            before = quotable[i - 1][1] if i > 0 else set()
            after = quotable[i + 1][1] if i + 1 < len(quotable) else set()
            key = (hit.passage.collection, hit.passage.article_id)
            around = present | before | after
            late_match, late_weakest, late_unmatched = late[position]
            values.update({
                "previous_coverage": _coverage(before, info.weights),
                "next_coverage": _coverage(after, info.weights),
                "with_previous": _coverage(present | before, info.weights),
                "with_next": _coverage(present | after, info.weights),
                "late_match": late_match, "late_weakest": late_weakest, "late_unmatched": late_unmatched,
                "passage_late": passage_late,
                "article_score": article_best[key],
                "article_rank": 1.0 / (1 + article_rank[key]),
                "with_title": _coverage(present | title_terms[hit.passage.title], info.weights),
                "lead": 1.0 / hit.passage.paragraph,
                "expanded": float(pid in expanded),
                "passage_missing": _missing(passage_terms[pid], info.weights) / info.scale,
                "sentence_missing": _missing(around, info.weights) / info.scale,
            })
            if len(values) != len(FEATURES):  # a name missing or unknown: the fitted weights would misread it
                raise AssertionError(f"feature names {sorted(set(values) ^ set(FEATURES))} do not match FEATURES")
            features.append([values[name] for name in FEATURES])
            kept_rows.append(row)
            kept_hits.append(hit)
            positions.append(position)
    matrix = np.asarray(features, dtype=np.float64).reshape(-1, len(FEATURES))
    # A when/how-many/where/who question none of whose candidates holds that kind of word
    # names an answer these articles lack.
    kind_missing = float(info.kind is not None and not matrix[:, _KIND_COLUMNS].any())
    return Candidates(kept_rows, kept_hits, positions, matrix,
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
    question = np.tile(np.asarray(found.question, dtype=np.float64), (len(scores), 1))
    return np.hstack([features, scores[:, None], margin[:, None], question])


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
    confidences = confidence(confidence_inputs(found, scores), tuning)
    scored = [ScoredSentence(row, hit, float(s), float(c), f, position) for row, hit, s, c, f, position
              in zip(found.rows, found.hits, scores, confidences, found.features, found.positions)]
    scored.sort(key=lambda s: -s.score)
    return scored


def _holds_asked_kind(sentence: ScoredSentence) -> bool:
    """Whether it holds a word of the kind the question asks for (a year for "when"...)."""
    return sentence.features is not None and bool(sentence.features[_KIND_COLUMNS].any())


def choose_quotes(scored: Sequence[ScoredSentence], top: int, tuning: AnswerTuning) -> list[list[ScoredSentence]]:
    """The quotes, best first, each one sentence or two adjacent ones of a paragraph (in
    article order). The first two may come from one paragraph; every later one cites a
    paragraph not quoted yet, so a third quote is a second opinion rather than more of the same."""
    if not scored or scored[0].confidence < tuning.threshold:
        return []
    by_place = {(s.row.passage_id, s.position): s for s in scored}
    used: set[tuple[int, int]] = set()
    quoted: list[int] = []  # passage id of each quote so far
    quotes: list[list[ScoredSentence]] = []
    for item in scored:
        if len(quotes) >= top:
            break
        pid = item.row.passage_id
        place = (pid, item.position)
        if place in used or quoted.count(pid) >= tuning.per_passage:
            continue
        if len(quotes) >= 2 and pid in quoted:
            continue
        if quotes and item.confidence < tuning.threshold * tuning.follow:
            continue
        span = [item]
        if tuning.join is not None:
            neighbours = [by_place.get((pid, item.position + step)) for step in (-1, 1)]
            fitting = [n for n in neighbours if n is not None and (pid, n.position) not in used
                       and len(n.row.text.split()) + len(item.row.text.split()) <= tuning.join_max_words]
            close = [n for n in fitting if n.score >= item.score - tuning.join]
            if not close and tuning.join_typed and not _holds_asked_kind(item):
                close = [n for n in fitting if _holds_asked_kind(n)]
            if close:
                span = sorted([item, max(close, key=lambda n: n.score)], key=lambda s: s.position)
        used.update((pid, s.position) for s in span)
        quoted.append(pid)
        quotes.append(span)
    return quotes


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
) -> Answer:
    """`collections`: those searched (default: the ones the hits come from). `query_tokens`:
    the question's token vectors (`Embedder.embed_query_with_tokens`). `one_article`: the
    hits come from a search of one article only."""
    tuning = tuning or AnswerTuning()
    scored = score_sentences(question, query_vector, hits, store, model, tuning, collections, query_tokens,
                             one_article)
    spans = choose_quotes(scored, top, tuning)
    if not spans:
        return Answer(question, False, (), NOT_FOUND)
    quotes: list[Quote] = []
    for span in spans:
        passage = span[0].hit.passage
        start, end = span[0].row.start, span[-1].row.end
        quotes.append(Quote(
            text=passage.text[start - passage.start : end - passage.start], article_id=passage.article_id,
            title=passage.title, url=passage.url, paragraph=passage.paragraph,
            score=round(max(s.confidence for s in span), 4), start=start, end=end,
        ))
    return Answer(question, True, tuple(quotes))
