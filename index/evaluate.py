"""Answer-quality evaluation: reader questions, SQuAD-style question sets (v1.1 and 2.0) and
BEIR-style retrieval sets, several pipeline variants side by side in one run.

    python -m index.evaluate ../shared/eval/readers                     # reader questions
    python -m index.evaluate ../shared/eval/squad2/dev-v2.0-part-a.json  # SQuAD 2.0
    python -m index.evaluate ../shared/eval/squad/squad-v1.1-dev-part-a.json [--limit N] [--typos]
    python -m index.evaluate ../shared/eval/scifact [--variants dense bm25 hybrid] [--json]

The index is built once with the real Engine and embedder into `<data dir>/eval/<dataset>-<hash>`
(reused afterwards; re-chunked from the embedding cache when the chunking or passage text
changes, so only new texts run through the model). Each question is embedded once and the
vector is reused by every variant, which answers through `Engine.answer_embedded` (as
`Engine.ask` does, questions about an article itself included) with its own SearchTuning /
AnswerTuning.

A reader-questions folder holds `questions.jsonl` ({"article", "q", "expect": [strings] or
null}) and `articles/`; its articles are indexed among BBC distractors (`load_readers`).
Question metrics (top=3 quotes; a declined answerable question counts as a miss):
  passage@1/@3  the 1st quote (any of the first 3) lies inside the gold paragraph (SQuAD only)
  hit@1/@3      the 1st quote (any of the first 3) contains a gold answer / expected string
                (case-insensitive, whitespace-normalised)
  answered      share of the answerable questions not declined
  unanswerable declined   share of the questions the articles do not answer (SQuAD 2.0's
                is_impossible, reader questions with expect null) that were declined
  words/quote   mean length of the 1st quote (a quote may join two adjacent sentences)
  +typo rows    (--typos) the same questions with one letter of their longest word mistyped
Abstention (SQuAD v1.1 only): the first half of the articles (12 of part A's 24) is indexed in a
collection of its own and every question is asked of it: in-corpus questions should be
answered, the others declined.
BEIR metrics: nDCG@10 and recall@100 over articles ranked by their best passage.
"""
from __future__ import annotations

import argparse
import fcntl
import hashlib
import inspect
import json
import math
import os
import re
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from .answer import AnswerTuning
from .models import Article, Discussion
from .search import SearchTuning, search
from .text import plural

ALL = "eval-all"
HALF = "eval-half"
TOP = 3


# data -------------------------------------------------------------------------------------
@dataclass
class Question:
    id: str
    text: str
    answers: list[str]  # empty: the article does not answer it, the right reply declines
    article_id: str
    span: tuple[int, int] | None  # the gold paragraph's character range (None: not known)
    article_index: int  # position of its article in the file
    # A follow-up's earlier question (reader sets' "previous"): asked first when the set is asked
    # as follow-ups, its answer setting the context; in its channel the article is known anyway.
    previous: str | None = None

    @property
    def answerable(self) -> bool:
        return bool(self.answers)


@dataclass
class Dataset:
    name: str
    kind: str  # "squad" (SQuAD v1.1 or 2.0), "readers" or "beir"
    articles: list[Article]
    questions: list[Question] = field(default_factory=list)  # squad
    queries: dict[str, str] = field(default_factory=dict)  # beir: id -> text
    qrels: dict[str, dict[str, int]] = field(default_factory=dict)  # beir: query -> doc -> grade
    fingerprint: str = ""

    @property
    def half_split(self) -> bool:
        """Whether the abstention experiment applies: a SQuAD v1.1 set, every question
        answerable, whose first half of articles is indexed alone and asked everything."""
        return self.kind == "squad" and all(q.answerable for q in self.questions)


def _file_fingerprint(paths: Sequence[Path], code: str = "") -> str:
    """By content: a copied or re-extracted dataset (new mtimes) keeps its cached index.
    `code`: the source of what reads the files, when that decides the stored text."""
    digest = hashlib.sha256(code.encode())
    for path in sorted(paths):
        digest.update(path.name.encode() + b"\x00")
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()[:10]


def load_squad(path: str | Path) -> Dataset:
    """One Article per SQuAD article: its paragraphs joined by a blank line, in order."""
    path = Path(path)
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    articles: list[Article] = []
    questions: list[Question] = []
    for index, item in enumerate(data):
        article_id = f"squad-{index:02d}"
        parts: list[str] = []
        offset = 0
        for paragraph in item["paragraphs"]:
            context = paragraph["context"]
            span = (offset, offset + len(context))
            for qa in paragraph["qas"]:
                # SQuAD 2.0's unanswerable questions (is_impossible) have no answers.
                answers = [] if qa.get("is_impossible") else list(dict.fromkeys(a["text"] for a in qa["answers"]))
                questions.append(Question(qa["id"], qa["question"], answers, article_id, span, index))
            parts.append(context)
            offset += len(context) + 2
        articles.append(Article(id=article_id, title=item["title"].replace("_", " "),
                                text="\n\n".join(parts), source=f"{path.name}#{index}"))
    return Dataset(path.stem, "squad", articles, questions, fingerprint=_file_fingerprint([path]))


def load_beir(folder: str | Path, split: str | None = None) -> Dataset:
    """One Article per corpus document (its title, and its text as the body; id = `_id`)."""
    folder = Path(folder)
    articles = []
    with open(folder / "corpus.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                doc = json.loads(line)
                articles.append(Article(id=str(doc["_id"]), title=doc.get("title") or "",
                                        text=doc["text"], source=f"{folder.name}/corpus.jsonl#{doc['_id']}"))
    qrel_files = sorted(folder.glob(f"qrels-{split}.tsv" if split else "qrels*.tsv"))
    query_files = sorted(folder.glob(f"queries-{split}.jsonl" if split else "queries*.jsonl"))
    qrels: dict[str, dict[str, int]] = {}
    for qrel_file in qrel_files:
        with open(qrel_file, encoding="utf-8") as handle:
            for number, line in enumerate(handle):
                parts = line.rstrip("\n").split("\t")
                if len(parts) < 3 or (number == 0 and not parts[2].lstrip("-").isdigit()):
                    continue
                if int(parts[2]) > 0:
                    qrels.setdefault(parts[0], {})[parts[1]] = int(parts[2])
    queries: dict[str, str] = {}
    for query_file in query_files:
        with open(query_file, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    query = json.loads(line)
                    if str(query["_id"]) in qrels:
                        queries[str(query["_id"])] = query["text"]
    fingerprint = _file_fingerprint([folder / "corpus.jsonl", *qrel_files, *query_files])
    return Dataset(folder.name, "beir", articles, queries=queries, qrels=qrels, fingerprint=fingerprint)


def load_readers(folder: str | Path, distractors: int = 170, bbc: str | Path | None = None) -> Dataset:
    """Reader questions (`questions.jsonl`: article, q, expect = strings a right quote holds, or
    null when the article does not say) on the articles of `articles/`, indexed among
    `distractors` BBC articles from `bbc` (default: `../bbc` beside the folder), picked evenly
    over the whole corpus in a fixed order, never one of the question articles. Articles are read
    with the real ingest (`ingest.read_file`), as `quotebot add` reads them."""
    from . import ingest

    folder = Path(folder)
    bbc = Path(bbc) if bbc is not None else folder.parent / "bbc"
    paths = sorted((folder / "articles").glob("*.txt"))
    articles = [replace(ingest.read_file(p), id=p.stem, source=f"readers/{p.name}") for p in paths]
    own = {"/".join(p.stem.split("-")[1:]) for p in paths}  # "00-business-245" -> "business/245"
    pool = [p for p in sorted(bbc.glob("*/*.txt")) if f"{p.parent.name}/{p.stem}" not in own]
    count = min(distractors, len(pool))
    step = len(pool) / count if count else 0
    chosen = [pool[int(i * step)] for i in range(count)]
    articles += [replace(ingest.read_file(p), id=f"bbc-{p.parent.name}-{p.stem}", source=f"bbc/{p.parent.name}/{p.name}")
                 for p in chosen]
    index_of = {a.id: i for i, a in enumerate(articles)}
    questions = []
    with open(folder / "questions.jsonl", encoding="utf-8") as handle:
        for number, line in enumerate(filter(str.strip, handle)):
            item = json.loads(line)
            questions.append(Question(f"r{number}", item["q"], list(item["expect"] or []), item["article"], None,
                                      index_of[item["article"]], item.get("previous")))
    fingerprint = _file_fingerprint([folder / "questions.jsonl", *paths, *chosen], _reading_code())
    return Dataset(folder.name, "readers", articles, questions, fingerprint=fingerprint)


def _reading_code() -> str:
    """What decides an article file's text (`ingest.read_file`): a change there is a new index."""
    from . import article_text, frontmatter, furniture, html, markdown

    return "".join(inspect.getsource(module) for module in (article_text, frontmatter, furniture, html, markdown))


def with_typos(questions: Sequence[Question]) -> list[Question]:
    """Each question with one one-letter typo (a letter dropped, doubled, swapped with the next,
    or replaced) in its longest word, chosen by a generator seeded with the question's id, so
    every run makes the same typos."""
    import random

    changed = []
    for question in questions:
        found = list(re.finditer(r"[A-Za-z]{4,}", question.text))
        if not found:
            changed.append(question)
            continue
        word = max(found, key=lambda m: len(m.group()))
        rng = random.Random(question.id)
        letters = list(word.group())
        at = rng.randrange(1, len(letters) - 1)  # a reader rarely mistypes a word's first letter
        kind = rng.choice(("drop", "double", "swap", "replace"))
        if kind == "drop":
            del letters[at]
        elif kind == "double":
            letters.insert(at, letters[at])
        elif kind == "swap":
            letters[at], letters[at + 1] = letters[at + 1], letters[at]
        else:
            letters[at] = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != letters[at].lower()])
        text = question.text[: word.start()] + "".join(letters) + question.text[word.end():]
        changed.append(replace(question, id=question.id + "~typo", text=text))
    return changed


def load(path: str | Path, distractors: str | Path | None = None) -> Dataset:
    """A SQuAD v1.1/2.0 JSON file, a reader-questions folder (with questions.jsonl) or a BEIR
    folder. `distractors`: the BBC corpus a reader set's distractors come from (default:
    `bbc/` beside the set)."""
    path = Path(path)
    if path.is_dir():
        return load_readers(path, bbc=distractors) if (path / "questions.jsonl").exists() else load_beir(path)
    return load_squad(path)


# variants ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    name: str
    mode: str = "hybrid"
    search: SearchTuning = field(default_factory=SearchTuning)
    answer: AnswerTuning = field(default_factory=AnswerTuning)  # built when used, not at import
    # Cross-fitting: the questions of the first half of the articles are answered with the
    # first tuning, the others with the second (each with ranking weights fitted on the other half).
    answer_by_half: tuple[AnswerTuning, AnswerTuning] | None = None
    # ... and the questions of these (dataset, article)s with these tunings (reader questions,
    # SQuAD 2.0).
    answer_by_article: dict[tuple[str, str], AnswerTuning] | None = field(default=None, hash=False, compare=False)

    def for_question(self, question: "Question", half: int, dataset: str = "") -> "Variant":
        if self.answer_by_article and (dataset, question.article_id) in self.answer_by_article:
            return replace(self, answer=self.answer_by_article[(dataset, question.article_id)])
        if self.answer_by_half is None:
            return self
        return replace(self, answer=self.answer_by_half[question.article_index >= half])


def default_variants() -> dict[str, Variant]:
    from .answer import (HAND_SET_CONFIDENCE, HAND_SET_RANK, CONFIDENCE_FEATURES, HAND_SET_THRESHOLD,
                         FEATURES, WEIGHTS_FILE, read_weights, weight_vector)
    from .trees import TreeEnsemble

    FOLDS_FILE = WEIGHTS_FILE.with_name("answer_folds.json")

    # The sentence scoring before the learned weights: cosines + coverage, and a plain
    # threshold of 0.62 on that sum.
    earlier = AnswerTuning(rank_weights=tuple(weight_vector(HAND_SET_RANK, FEATURES)),
                           confidence_weights=tuple(weight_vector(HAND_SET_CONFIDENCE, CONFIDENCE_FEATURES)),
                           confidence_bias=0.0, confidence_trees=None, threshold=HAND_SET_THRESHOLD, join=None)
    variants = {
        "dense": Variant("dense", "dense"),
        "bm25": Variant("bm25", "bm25"),
        "hybrid": Variant("hybrid"),  # what ships: Engine.ask's defaults
        "hybrid-single-sentences": Variant("hybrid-single-sentences", answer=AnswerTuning(join=None)),
        "hybrid-earlier-scoring": Variant("hybrid-earlier-scoring", answer=earlier),
    }
    shipped = read_weights(str(WEIGHTS_FILE))
    if "logistic_threshold" in shipped:
        # The abstention model before the boosted trees (and before unseen_rarity), at its own
        # threshold: what the trees add.
        variants["hybrid-logistic-abstention"] = Variant("hybrid-logistic-abstention", answer=AnswerTuning(
            confidence_trees=None, threshold=float(shipped["logistic_threshold"])))
    folds = read_weights(str(FOLDS_FILE))
    if folds:
        # What was fitted on a question never answers it: each SQuAD half is ranked by weights
        # fitted on the other half, each fifth of the reader articles by a ranker and trees
        # fitted without them (bench/fit_answer.py writes them all; the threshold is the shipped one).
        halves = folds["squad_halves"]
        by_half = tuple(AnswerTuning(rank_weights=tuple(weight_vector(halves[half], FEATURES))) for half in ("1-12", "13-24"))
        by_article = {}
        for dataset, dataset_folds in folds.get("by_article", {}).items():
            for fold in dataset_folds:
                changes = {}
                if "weights" in fold:
                    changes["rank_weights"] = tuple(weight_vector(fold["weights"], FEATURES))
                if "trees" in fold:
                    changes["confidence_trees"] = TreeEnsemble.from_json(fold["trees"])
                tuning = AnswerTuning(**changes)
                by_article.update({(dataset, article): tuning for article in fold["articles"]})
        variants["hybrid-cross-fitted"] = Variant("hybrid-cross-fitted", answer_by_half=by_half,
                                                  answer_by_article=by_article or None)
    return variants


def _parse_variant(spec: str, known: dict[str, Variant]) -> Variant:
    """`hybrid:lexical_weight=1.0,passages=8`: a known variant with some tuning changed
    (SearchTuning or AnswerTuning fields)."""
    base_name, _, changes = spec.partition(":")
    base = known[base_name]
    search_changes, answer_changes = {}, {}

    def typed(current, value: str):
        if value.casefold() == "none":
            return None
        if isinstance(current, bool):  # bool("false") is True
            if value.casefold() not in ("true", "false"):
                raise ValueError(f"{value!r} is not true or false")
            return value.casefold() == "true"
        return type(current)(value) if current is not None else float(value)

    for change in filter(None, changes.split(",")):
        key, _, value = change.partition("=")
        if key in SearchTuning.__dataclass_fields__:
            search_changes[key] = typed(getattr(base.search, key), value)
        elif key in AnswerTuning.__dataclass_fields__:
            answer_changes[key] = typed(getattr(base.answer, key), value)
        else:
            raise ValueError(f"{key!r} is no SearchTuning or AnswerTuning field")
    by_half = base.answer_by_half and tuple(replace(t, **answer_changes) for t in base.answer_by_half)
    by_article = base.answer_by_article and {a: replace(t, **answer_changes) for a, t in base.answer_by_article.items()}
    return replace(base, name=spec, search=replace(base.search, **search_changes),
                   answer=replace(base.answer, **answer_changes), answer_by_half=by_half, answer_by_article=by_article)


# index ------------------------------------------------------------------------------------
def _code_fingerprint() -> str:
    """What decides the stored passages: chunking and the passage text the model reads."""
    from . import chunk as chunk_module
    from . import engine as engine_module

    source = inspect.getsource(chunk_module) + inspect.getsource(engine_module.passage_embed_text)
    return hashlib.sha256(source.encode()).hexdigest()[:12]


def _embed_ahead(engine, articles: Sequence[Article], out: Callable) -> None:
    """Fill the engine's embedding cache for all articles at once (`Engine.embed_ahead`: one
    article at a time would pad its short passages to its longest)."""
    started = time.time()
    last = [0.0]

    def progress(done: int, total: int) -> None:
        if time.time() - last[0] > 10 or done == total:
            last[0] = time.time()
            out(f"  embedded {done}/{total} passages ({done / max(time.time() - started, 1e-6):.1f}/s)")

    engine.embed_ahead(articles, progress)


def open_engine(dataset: Dataset, cache_root: str | Path = "data/eval", out: Callable = print):
    """The engine over the dataset's index, built (or brought up to date) on first use."""
    folder = Path(cache_root) / f"{dataset.name}-{dataset.fingerprint}"
    folder.mkdir(parents=True, exist_ok=True)
    # Two evaluations building one set's index at once interleave their writes, and the vector
    # cache one saves does not match the passages the other wrote: SciFact measured 0.65 instead
    # of 0.74 that way. The second waits for the first, then finds the index built.
    with open(folder / "building.lock", "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return _open_built(dataset, folder, out)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _open_built(dataset: Dataset, folder: Path, out: Callable):
    from .engine import Engine
    from .settings import Settings

    settings = Settings(data_dir=folder, articles_dir=folder / "no-articles")
    engine = Engine(settings)
    code = _code_fingerprint()
    store = engine.store
    half = dataset.articles[: len(dataset.articles) // 2] if dataset.half_split else []
    if store.get_meta("eval-complete") is None:
        total = len(dataset.articles) + len(half)
        out(f"indexing {plural(len(dataset.articles), 'article')} into {folder}")
        _embed_ahead(engine, dataset.articles, out)
        started = time.time()
        last = 0.0
        embedded = 0
        jobs = [(a, ALL) for a in dataset.articles] + [(a, HALF) for a in half]
        for number, (article, collection) in enumerate(jobs, 1):
            embedded += engine.add_article(article, collection).embedded
            if time.time() - last > 5 or number == total:
                last = time.time()
                rate = embedded / max(last - started, 1e-6)
                out(f"  {number}/{total} articles indexed, {embedded} passages embedded ({rate:.0f}/s)")
        with store.transaction() as db:
            store.set_meta(db, "eval-code", code)
            store.set_meta(db, "eval-complete", "1")
        engine.vectors.save()
    elif store.get_meta("eval-code") != code:
        out("chunking or passage text changed: re-chunking (only new texts are embedded)")
        engine.reindex()
        with store.transaction() as db:
            store.set_meta(db, "eval-code", code)
    return engine


def questions_digest(engine, texts: Sequence[str]) -> str:
    """Names the on-disk caches of these questions' embeddings under the engine's model."""
    return hashlib.sha256(("\x00".join(texts) + engine.model).encode()).hexdigest()[:16]


def query_vectors(engine, texts: Sequence[str], folder: Path, out: Callable = print) -> np.ndarray:
    """Every question embedded once, as `ask` reads it (typos corrected; cached on disk by
    that text and model)."""
    texts = [engine.model_text(t) for t in texts]
    path = folder / f"queries-{questions_digest(engine, texts)}.npy"
    if path.exists():
        return np.load(path)
    out(f"embedding {plural(len(texts), 'question')}")
    started = time.time()
    vectors = engine.embedder.embed(list(texts))
    out(f"  {len(texts) / max(time.time() - started, 1e-6):.0f} questions/s")
    np.save(path, vectors)
    return vectors


def query_tokens(engine, texts: Sequence[str], folder: Path, out: Callable = print) -> list[np.ndarray]:
    """Every question's token vectors (late interaction), cached on disk like its vector."""
    texts = [engine.model_text(t) for t in texts]
    path = folder / f"query-tokens-{questions_digest(engine, texts)}.npz"
    if path.exists():
        with np.load(path) as stored:
            return np.split(stored["tokens"].astype(np.float32), stored["offsets"])
    out(f"embedding the tokens of {plural(len(texts), 'question')}")
    _, tokens = engine.embedder.embed_with_tokens(list(texts))
    offsets = np.cumsum([len(t) for t in tokens])[:-1]
    stored = np.concatenate(tokens).astype(np.float16)
    np.savez(path, tokens=stored, offsets=offsets)
    # As a later run reads them back: a first run had answered from the float32 vectors, and SQuAD
    # 2.0 read 0.124 declined on a clean clone against 0.125 on every run after it.
    return np.split(stored.astype(np.float32), offsets)


# metrics ----------------------------------------------------------------------------------
def normalise(text: str) -> str:
    return " ".join(text.casefold().split())


def _ask(engine, variant: Variant, question: str, vector: np.ndarray, tokens: np.ndarray, collection: str,
         context: Discussion | None = None):
    """As `Engine.ask` answers (questions about an article itself included, read as `ask` reads
    them), with the variant's tunings and the question's precomputed vectors (a question read
    otherwise, "what does the article say about X?" as "what about X?", is embedded as read)."""
    from .engine import by_parts

    whole = _ask_whole(engine, variant, question, vector, tokens, collection, context)
    return by_parts(whole, lambda part: _ask_whole(engine, variant, part, None, None, collection, context),
                    engine.declined_alone(whole, [collection]))


def _ask_whole(engine, variant: Variant, question: str, vector: np.ndarray | None, tokens: np.ndarray | None,
               collection: str, context: Discussion | None):
    declined = engine.unmentioned(question, [collection], None, context)
    if declined is not None:
        return declined
    asked = question
    read, _, _ = engine.reading(question, [collection], None, context)
    if read != question:
        question, vector, tokens = read, None, None
    found = engine.answer_embedded(question, vector, tokens, [collection], TOP, mode=variant.mode,
                                   search_tuning=variant.search, answer_tuning=variant.answer, context=context)
    if not found.answered and found.about is None:
        found = engine.mentioned(asked, asked, [collection], None, context) or found
    if found.answered and found.quotes and found.about is None:
        found = engine.nowhere_noted(found, question, [collection], None, context, variant.answer)
    if not found.answered and found.about is None and found.missing is None and not found.elsewhere:
        # As `ask` says a name no article holds: such a decline is never asked by parts.
        unknown = engine.named_nowhere(question, [collection])
        if unknown:
            found = replace(found, unknown=unknown)
    return found


# Where a reader question is asked (`quotebot eval` on a reader set asks each three ways):
COLD = None  # anywhere, nothing known about what is being discussed
IN_CHANNEL = "in its channel"  # where its article was posted: the channel's article is known
FOLLOW_UP = "as follow-ups"  # one article's questions in a row, each in the context of the previous answer


def eval_questions(engine, dataset: Dataset, variants: dict[str, Variant], vectors: np.ndarray,
                   tokens: Sequence[np.ndarray], questions: list[Question], abstain: bool, out: Callable,
                   asked_where: str | None = COLD) -> dict:
    """Quote figures over the answerable questions (a declined one counts as a miss), the share
    of unanswerable ones declined when the set has any, and the abstention experiment (SQuAD
    v1.1 only: articles 1-12 indexed alone, every question asked). `asked_where`: COLD,
    IN_CHANNEL (the context is the question's own article, as in the channel the bot announced
    it in or where it was added) or FOLLOW_UP (the context is the article of the last answer to
    an earlier question on the same article, none for the first: nothing is given away)."""
    results: dict[str, dict] = {}
    half_count = len(dataset.articles) // 2
    spans = all(q.span is not None for q in questions)
    unanswerable = sum(not q.answerable for q in questions)
    for name, variant in variants.items():
        started = time.time()
        p1 = p3 = h1 = h3 = answered = declined_unanswerable = replies = unsure = unsure_wrong = 0
        first_quote_words: list[int] = []
        in_total = in_answered = out_total = out_declined = 0
        last_answer: dict[str, str] = {}  # question's article -> the article its last answer quoted
        for question, vector, question_tokens in zip(questions, vectors, tokens):
            asking = variant.for_question(question, half_count, dataset.name)
            first = None
            if question.previous is not None and asked_where == FOLLOW_UP:
                # A follow-up proper ("how old was he?" after "how did Ian Curtis die?"): its
                # earlier question is asked first, cold, and its answer sets the context as a
                # channel's last answer would: its article, the question as read and its first
                # quote ("and why?", "what else did he say?", "how much did it cost?" read with
                # them). (In its channel the article is known anyway.)
                first = _ask(engine, asking, question.previous, None, None, ALL)
                if first.answered and first.quotes:
                    last_answer[question.article_id] = first.quotes[0].article_id
            context = None
            if asked_where == IN_CHANNEL:
                context = Discussion(question.article_id, chosen=True)
            elif asked_where == FOLLOW_UP and question.article_id in last_answer:
                context = Discussion(last_answer[question.article_id], chosen=False)
                if first is not None:
                    context = replace(context, asked=first.read_as or question.previous,
                                      quoted=first.quotes[0] if first.answered and first.quotes else None)
            reply = _ask(engine, asking, question.text, vector, question_tokens, ALL, context)
            if reply.answered and reply.quotes:
                last_answer[question.article_id] = reply.quotes[0].article_id
            quotes = reply.quotes[:TOP]
            if quotes:
                first_quote_words.append(len(quotes[0].text.split()))
            answers = [normalise(a) for a in question.answers] if question.answerable else []
            contains = [any(a in normalise(q.text) for a in answers) for q in quotes]
            if reply.answered and quotes:  # how often the unsure caution shows, and how often rightly
                replies += 1
                unsure += reply.unsure
                unsure_wrong += reply.unsure and not contains[0]
            if not question.answerable:
                declined_unanswerable += not reply.answered
                continue
            answered += reply.answered
            h1 += bool(contains[:1] and contains[0])
            h3 += any(contains)
            if spans:
                inside = [q.article_id == question.article_id and question.span[0] <= q.start
                          and q.end <= question.span[1] for q in quotes]
                p1 += bool(inside[:1] and inside[0])
                p3 += any(inside)
            if abstain:
                reply = _ask(engine, asking, question.text, vector, question_tokens, HALF)
                if question.article_index < half_count:
                    in_total += 1
                    in_answered += reply.answered
                else:
                    out_total += 1
                    out_declined += not reply.answered
        n = max(len(questions) - unanswerable, 1)
        row = {"passage@1": p1 / n, "passage@3": p3 / n} if spans else {}
        row.update({"hit@1": h1 / n, "hit@3": h3 / n, "answered": answered / n})
        if unanswerable:
            row["unanswerable declined"] = declined_unanswerable / unanswerable
        row["words/quote"] = float(np.mean(first_quote_words or [0]))
        if unanswerable:  # reader sets and SQuAD 2.0: of the answers, shown as unsure; of those, not right
            row["unsure"] = unsure / max(replies, 1)
            row["unsure, not right"] = unsure_wrong / max(unsure, 1)
        if abstain:
            row["in-corpus answered"] = in_answered / max(in_total, 1)
            row["out-of-corpus declined"] = out_declined / max(out_total, 1)
        row["ms/question"] = 1000 * (time.time() - started) / max(len(questions), 1) / (2 if abstain else 1)
        results[name] = row  # shown once, in the table
    return results


def _dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def eval_beir(engine, dataset: Dataset, variants: dict[str, Variant], vectors: np.ndarray,
              ids: list[str], out: Callable, depth: int = 200) -> dict:
    results: dict[str, dict] = {}
    retrieval_of: dict[tuple, str] = {}  # variants that differ only in quote choice rank alike
    for name, variant in variants.items():
        same = retrieval_of.setdefault((variant.mode, variant.search), name)
        if same != name:
            results[name] = results[same]
            continue
        started = time.time()
        ndcg = recall = 0.0
        tuning = replace(variant.search, candidates=max(variant.search.candidates, depth))
        for qid, vector in zip(ids, vectors):
            hits = search(dataset.queries[qid], vector, store=engine.store, vectors=engine.vectors,
                          collections=[ALL], k=depth, mode=variant.mode, tuning=tuning)
            ranked = list(dict.fromkeys(h.passage.article_id for h in hits))
            relevant = dataset.qrels[qid]
            gains = [relevant.get(doc, 0) for doc in ranked[:10]]
            ideal = _dcg(sorted(relevant.values(), reverse=True)[:10])
            ndcg += _dcg(gains) / ideal if ideal else 0.0
            recall += len(set(ranked[:100]) & set(relevant)) / len(relevant)
        n = max(len(ids), 1)
        row = {"nDCG@10": ndcg / n, "recall@100": recall / n, "ms/query": 1000 * (time.time() - started) / n}
        results[name] = row  # shown once, in the table
    return results


def format_table(title: str, results: dict[str, dict]) -> str:
    if not results:
        return title
    # Every figure any variant has, in first-seen order: the typo rows and the cross-fitted
    # ones have no abstention columns, and their cells stay blank.
    columns = list(dict.fromkeys(c for row in results.values() for c in row))
    width = max(len(n) for n in results) + 2
    header = "variant".ljust(width) + "".join(c.rjust(max(len(c), 7) + 2) for c in columns)
    lines = [title, header, "-" * len(header)]

    def cell(row: dict, column: str) -> str:
        if column not in row:
            return ""
        return f"{row[column]:.1f}" if column.startswith(("ms/", "words/")) else f"{row[column]:.3f}"

    for name, row in results.items():
        cells = "".join(cell(row, c).rjust(max(len(c), 7) + 2) for c in columns)
        lines.append(name.ljust(width) + cells)
    return "\n".join(lines)


# entry points -----------------------------------------------------------------------------
def run(dataset_path: str, variants=None, limit: int | None = None, abstain: bool = True,
        out: Callable = print, cache_root: str | Path = "data/eval", typos: bool = False,
        distractors: str | Path | None = None) -> dict:
    """Evaluate the variants (names from default_variants(), Variant objects, or a dict of
    them; None = all defaults) on a SQuAD JSON file, a reader-questions folder or a BEIR
    folder. `typos`: also ask every question with a typo (`with_typos`), side by side.
    Returns the figures."""
    started = time.time()
    dataset = load(dataset_path, distractors)
    known = default_variants()
    if variants is None:
        chosen = known
    elif isinstance(variants, dict):
        chosen = dict(variants)
    else:
        chosen = {}
        for item in variants:
            if isinstance(item, Variant):
                chosen[item.name] = item
            elif item in known:
                chosen[item] = known[item]
            elif ":" in item and item.split(":", 1)[0] in known:
                chosen[item] = _parse_variant(item, known)
            else:
                raise ValueError(f"unknown variant {item!r}; known: {', '.join(known)}")
    engine = open_engine(dataset, cache_root, out)
    folder = Path(engine.settings.data_dir)
    try:
        report: dict = {"dataset": dataset.name, "path": str(dataset_path), "kind": dataset.kind,
                        "articles": len(dataset.articles)}
        if dataset.kind in ("squad", "readers"):
            questions = dataset.questions
            if limit:
                # An even spread over all articles rather than the first N questions.
                step = max(len(questions) / limit, 1.0)
                questions = [questions[int(i * step)] for i in range(min(limit, len(questions)))]
            abstain = abstain and dataset.half_split
            report["questions"] = len(questions)
            report["unanswerable"] = sum(not q.answerable for q in questions)
            half = len(dataset.articles) // 2
            report["abstention"] = (f"articles 1-{half} of {len(dataset.articles)} indexed, all questions asked"
                                    if abstain else None)
            out(f"{dataset.name}: {plural(len(dataset.articles), 'article')}, {plural(len(questions), 'question')}"
                f" ({report['unanswerable']} not answered by the articles)")
            rounds = [("", questions, COLD)] + ([(" +typo", with_typos(questions), COLD)] if typos else [])
            if dataset.kind == "readers":
                rounds += [(f" {where}", questions, where) for where in (IN_CHANNEL, FOLLOW_UP)]
            report["results"] = {}
            for suffix, asked, where in rounds:
                # As `Engine.ask` takes a question's words (chat's filler off, apostrophes in).
                asked = [replace(q, text=engine.asked_text(q.text),
                                 previous=None if q.previous is None else engine.asked_text(q.previous)) for q in asked]
                texts = [q.text for q in asked]
                vectors = query_vectors(engine, texts, folder, out)
                tokens = query_tokens(engine, texts, folder, out)
                found = eval_questions(engine, dataset, chosen, vectors, tokens, asked, abstain and not suffix, out,
                                       where)
                report["results"].update({name + suffix: row for name, row in found.items()})
            title = f"{dataset.name} ({plural(len(questions), 'question')}, top={TOP})"
            if dataset.kind == "readers":
                own = len({q.article_id for q in dataset.questions})
                among = ", the questions' own among distractors" if len(dataset.articles) > own else ""
                title += (f"; {plural(len(dataset.articles), 'article')} indexed{among};"
                          f" {IN_CHANNEL}: asked where the article was posted, {FOLLOW_UP}: after the previous answer")
            if abstain:
                title += f"; abstention: articles 1-{half} indexed, all asked"
            if typos:
                title += "; +typo: one letter of each question's longest word mistyped"
        else:
            ids = sorted(dataset.queries, key=lambda q: (len(q), q))
            if limit:
                ids = ids[:limit]
            vectors = query_vectors(engine, [dataset.queries[i] for i in ids], folder, out)
            report["queries"] = len(ids)
            out(f"{dataset.name}: {plural(len(dataset.articles), 'document')}, {plural(len(ids), 'query', 'queries')}")
            report["results"] = eval_beir(engine, dataset, chosen, vectors, ids, out)
            title = f"{dataset.name} ({plural(len(ids), 'query', 'queries')} over {plural(len(dataset.articles), 'document')})"
        report["seconds"] = round(time.time() - started, 1)
        out(format_table(title, report["results"]))
        return report
    finally:
        engine.close()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m index.evaluate", description=__doc__.split("\n\n")[0])
    parser.add_argument("path", help="a SQuAD v1.1/2.0 JSON file, a reader-questions folder or a BEIR folder")
    parser.add_argument("--limit", type=int, default=None, help="evaluate only N questions")
    parser.add_argument("--variants", nargs="+", default=None, help=f"of: {', '.join(default_variants())}; or NAME:field=value,... to change a tuning")
    parser.add_argument("--no-abstain", action="store_true", help="skip the abstention experiment")
    parser.add_argument("--typos", action="store_true", help="also ask each question with a typo in its longest word")
    parser.add_argument("--cache", default=None, help="where indexes are built (default <data dir>/eval: "
                        "QUOTEBOT_DATA_DIR, else ./data)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--distractors", default=None,
                        help="the BBC corpus a reader set's distractors come from (default: bbc/ beside the set)")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    quiet = (lambda *a, **k: print(*a, file=sys.stderr, **k)) if args.json else print
    if args.cache is None:
        from .settings import Settings

        args.cache = Settings().data_dir / "eval"
    report = run(args.path, args.variants, args.limit, not args.no_abstain, out=quiet, cache_root=args.cache,
                 typos=args.typos, distractors=args.distractors)
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
