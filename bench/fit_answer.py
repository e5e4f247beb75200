"""Refit `index/answer_weights.json`: the sentence ranker and the abstention model.

    .venv/bin/python bench/fit_answer.py [--squad PATH] [--squad2 PATH] [--readers DIR ...] [--keep-rank] [--dry-run]

`--keep-rank` keeps the shipped ranker (and the cross-fitted ones of `answer_folds.json`) and refits only the
abstention models on its best sentences: a refit that leaves the quotes' order as it is (the fifty-second
session's try with `bench/readers-strangers`; docs/experiments.md).

Data and splits:
  readers     the reader-question sets fitted on (`--readers`, repeatable): by default the shared
              `readers/` set (30 articles, 146 questions) and `bench/readers-train/` (64 articles,
              361 questions, written for fitting), each with its articles among 170 BBC
              distractors. The held-out sets (`bench/readers-heldout*`, `readers-followups`,
              `launch-readers`) are never read here (a few of their articles are
              among the 170 distractors, unlabelled: the pool leaves out only a set's own).
  rank        softmax over each question's candidate sentences, fitted on SQuAD v1.1 dev part A
              articles 1-12 (all 24 indexed together, as in the evaluation) and the answerable
              reader questions, each asked of all its set's articles and again of its own
              alone (where `lead_in_article` tells the two apart), which together weigh
              READER_SHARE of the SQuAD questions;
              target: sentences holding a gold answer (weight 0.7) or lying in the gold
              paragraph, or for reader questions in the question's article (0.3). Printed: its
              figures on SQuAD 13-24, which it never saw, and the reader questions cross-fitted
              by article (5 folds, each set's articles dealt into them in turn).
  confidence  gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, written
              out node by node for index/trees.py) on the best sentence's features, fitted
              on these sources: SQuAD part A with articles 13-24 indexed alone and every
              question asked (label: the question's article is indexed), SQuAD 2.0 part A
              with its 10 articles indexed, asked of all of them and asked of its own article
              only (label: not is_impossible), those three weighing the same; every
              OFF_TOPIC_EVERY-th SQuAD question asked of the next article alone (label: no;
              weighing OFF_TOPIC_SHARE of one of those three: off topic where one article is
              discussed); and each reader
              set asked of all its articles and of its own article only (label: the article
              answers it; each question weighs READER_TREE_WEIGHT SQuAD questions). "Of its own
              article only" is how Engine.ask answers where that article is being discussed
              (its `context`). Also a logistic regression on fewer features (`quotebot eval`'s
              hybrid-logistic-abstention variant).
  threshold   the confidence that answers ANSWERED of the answerable questions, averaged over
              the sources, read from probabilities cross-validated by article
              (in-sample ones flatter the trees). logistic_threshold: the same for the
              logistic regression.
  folds       index/answer_folds.json, for `quotebot eval`'s hybrid-cross-fitted variant: the
              ranker fitted on each SQuAD half, the ranker without each fifth of the reader
              articles, the trees without each fifth of the reader or SQuAD 2.0 articles.
Candidate features are cached beside each evaluation index (keyed by the code computing them),
so a refit after changing only this script takes a minute. Needs scipy and scikit-learn,
which sentence-transformers installs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import GroupKFold, cross_val_predict  # noqa: E402

from index import evaluate  # noqa: E402
from index.answer import (CONFIDENCE_FEATURES, FEATURES, WEIGHTS_FILE, AnswerTuning, Candidates,  # noqa: E402
                          read_weights, weight_vector, confidence_inputs, sentence_features)
from index.search import search  # noqa: E402
from index.trees import TreeEnsemble, sklearn_trees_json  # noqa: E402

# The abstention model reads few features: with all of them it leans on quirks of the fitting
# articles (negative weights on coverage, say) and travels less well to other articles.
CONFIDENCE_INPUTS = ("sentence_cosine", "passage_cosine", "coverage", "rare_coverage", "passage_coverage",
                     "rank_score", "margin", "best_dense", "question_terms")
# The trees also read how well the question's tokens match the best sentence's (answered 0.981 ->
# 0.987 at the same declines, cross-validated on the fitting setup).
TREE_INPUTS = CONFIDENCE_INPUTS + ("unseen_rarity", "late_match", "late_weakest", "kind_missing", "with_title",
                                   "article_score", "passage_rare", "passage_missing", "sentence_missing",
                                   "with_previous", "with_next", "one_article")
REST = "eval-rest"  # articles 13-24: the abstention model's fitting setup
ANSWER_SHARE = 0.7  # of the ranking target; the rest is "lies in the gold paragraph"
L2 = 1e-3
# The reader questions' total weight in the ranker, against SQuAD 1-12's (with them weighing as much,
# SQuAD part A hit@3 fell 0.926 -> 0.919).
READER_SHARE = 0.5
READER_FOLDS = 5
TREE_SETTINGS = dict(learning_rate=0.05, max_iter=200, max_leaf_nodes=15, min_samples_leaf=40, early_stopping=False,
                     random_state=0)
FOLDS_FILE = WEIGHTS_FILE.with_name("answer_folds.json")
# The threshold answers this share of the answerable questions (cross-validated, each source
# counting the same): the rest of the probability range is spent declining.
ANSWERED = 0.92
# Each reader question's weight in the trees, in SQuAD questions: the 507 of both sets weigh in all
# about what the shared set's 146 did at 5 (at 5 each the trees answered "What is the capital of
# Australia?" on the launch article alone).
READER_TREE_WEIGHT = 1.5
OFF_TOPIC_EVERY = 5  # every fifth SQuAD question is also asked of another article (off topic there)
OFF_TOPIC = "SQuAD, asked of another article"
# Its weight, in SQuAD sources (chosen on the fit before the twelfth session's last fixes; the
# README has the final fit's figures): at 1 it taught the trees to decline in an article so readily that
# the reader questions asked of their own were answered less (cross-validated: answered 0.882,
# declined 0.283); at 0.25 answered 0.871, declined 0.321, and asked of every article 0.860 /
# 0.415 (at 1: 0.849 / 0.302); at 0 nothing teaches it.
OFF_TOPIC_SHARE = 0.25
DEFAULT_READERS = ("../shared/eval/readers", "bench/readers-train")


def candidates(engine, question, vector, tokens, collection: str, tuning: AnswerTuning, in_article: bool = False,
               elsewhere: str | None = None):
    """A question's candidate sentences with two targets: holds a gold answer; lies in the gold
    paragraph (or, for reader questions, which name no paragraph, in the question's article).
    `in_article`: asked of its own article only, as where that article is being discussed;
    `elsewhere`: of that other article only, as in a channel discussing another story."""
    article_id = elsewhere or (question.article_id if in_article else None)
    hits = search(question.text, vector, store=engine.store, vectors=engine.vectors, collections=[collection],
                  k=tuning.passages, article_id=article_id, tuning=engine.search_tuning)
    found = sentence_features(question.text, vector, hits, engine.store, engine.model, tuning, [collection],
                              tokens, one_article=article_id is not None)
    answers = [evaluate.normalise(a) for a in question.answers]
    holds = np.array([any(a in evaluate.normalise(r.text) for a in answers) for r in found.rows], bool)
    inside = np.array([h.passage.article_id == question.article_id and (
        question.span is None or question.span[0] <= r.start and r.end <= question.span[1])
        for r, h in zip(found.rows, found.hits)], bool)
    # Only the feature rows are kept: thousands of questions' sentences with their token
    # vectors would not fit in memory.
    return replace(found, rows=[None] * len(found.rows), hits=[], positions=[]), holds, inside


def fit_rank(groups, weights=None) -> np.ndarray:
    """Weights maximising the softmax probability of the target sentences, question by question
    (`weights`: how much each question counts, default 1)."""
    data = []
    for (found, holds, inside), weight in zip(groups, weights if weights is not None else [1.0] * len(groups)):
        for target, share in ((holds, ANSWER_SHARE), (inside, 1 - ANSWER_SHARE)):
            if len(found.rows) and target.any():
                data.append((found.features, target.astype(np.float64), share * weight))
    total_weight = sum(share for _, _, share in data)

    def loss(weights):
        total, gradient = 0.0, np.zeros_like(weights)
        for features, target, share in data:
            scores = features @ weights
            scores -= scores.max()
            p = np.exp(scores)
            p /= p.sum()
            on_target = (p * target).sum()
            total -= share * np.log(on_target + 1e-12)
            gradient -= share * (features.T @ (p * target / on_target - p))
        return total / total_weight + L2 * weights @ weights, gradient / total_weight + 2 * L2 * weights

    return minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x


def fit_trees(inputs: np.ndarray, labels: np.ndarray, weights: np.ndarray, groups: np.ndarray
              ) -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    """The boosted trees, and probabilities cross-validated by article (no article's questions
    are scored by trees that saw it) for choosing the threshold."""
    model = HistGradientBoostingClassifier(**TREE_SETTINGS)
    held_out = cross_val_predict(model, inputs, labels, groups=groups, cv=GroupKFold(5), method="predict_proba",
                                 params={"sample_weight": weights})[:, 1]
    return model.fit(inputs, labels, sample_weight=weights), held_out


def top_quote_figures(groups, weights) -> dict[str, float]:
    hit = inside = 0
    for found, holds, inside_gold in groups:
        if len(found.rows):
            best = int(np.argmax(found.features @ weights))
            hit += holds[best]
            inside += inside_gold[best]
    return {"hit@1 (best sentence)": hit / len(groups), "passage@1": inside / len(groups)}


@lru_cache(maxsize=1)  # read at the first use: a file edited during a run does not relabel its cache
def _code_digest() -> str:
    """What decides the candidates' features: a refit after a change elsewhere reuses them."""
    digest = hashlib.sha256()
    index = REPO / "index"
    names = ["answer.py", "search.py", "spelling.py", "text.py", "vector_codec.py", "pooling.py"]
    files = [index / n for n in names] + sorted(index.glob("store*.py")) + sorted(index.glob("store/*.py"))
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _questions(engine, dataset, questions, collection, tuning, in_article: bool = False,
               elsewhere: dict[str, str] | None = None):
    """Every question's candidates (features and targets), cached on disk beside the index by
    the code that computes them, so refitting the models alone takes seconds. `elsewhere`: each
    question asked of the article this maps its own to."""
    folder = Path(engine.settings.data_dir)
    texts = [q.text for q in questions]
    where = "-in-article" if in_article else ""
    if elsewhere is not None:
        where = "-elsewhere-" + hashlib.sha256(json.dumps(sorted(elsewhere.items())).encode()).hexdigest()[:8]
    cache = folder / f"candidates-{collection}{where}-{evaluate.questions_digest(engine, texts)}-{_code_digest()}.npz"
    if cache.exists():
        with np.load(cache) as stored:
            offsets = stored["offsets"]
            parts = zip(np.split(stored["features"], offsets), np.split(stored["holds"], offsets),
                        np.split(stored["inside"], offsets), stored["question"])
            return [(Candidates([None] * len(f), [], [], f, tuple(q)), h, i) for f, h, i, q in parts]
    found = _compute(engine, dataset, questions, collection, tuning, in_article, elsewhere)
    np.savez(cache, features=np.concatenate([f.features for f, _, _ in found]),
             holds=np.concatenate([h for _, h, _ in found]), inside=np.concatenate([i for _, _, i in found]),
             offsets=np.cumsum([len(f.features) for f, _, _ in found])[:-1],
             question=np.array([f.question for f, _, _ in found], dtype=np.float64).reshape(len(found), -1))
    return found


def _compute(engine, dataset, questions, collection, tuning, in_article: bool = False,
             elsewhere: dict[str, str] | None = None):
    folder = engine.settings.data_dir
    texts = [q.text for q in questions]
    vectors = evaluate.query_vectors(engine, texts, folder)
    tokens = evaluate.query_tokens(engine, texts, folder)
    found = []
    started = time.time()
    for number, (q, v, t) in enumerate(zip(questions, vectors, tokens), 1):
        found.append(candidates(engine, q, v, t, collection, tuning, in_article,
                                elsewhere[q.article_id] if elsewhere is not None else None))
        if number % 1000 == 0 or number == len(questions):
            print(f"  {dataset.name}/{collection}: {number}/{len(questions)} questions ({time.time() - started:.0f} s)")
    return found


def best_rows(groups, rank) -> np.ndarray:
    """CONFIDENCE_FEATURES of each question's best sentence under the ranker."""
    rows = []
    for found, _, _ in groups:
        if len(found.rows):
            scores = found.features @ rank
            rows.append(confidence_inputs(found, scores)[int(np.argmax(scores))])
        else:  # nothing retrieved at all: as unanswerable as it gets
            rows.append(np.full(len(CONFIDENCE_FEATURES), -3.0))
    return np.asarray(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--squad", default="../shared/eval/squad/squad-v1.1-dev-part-a.json")
    parser.add_argument("--squad2", default="../shared/eval/squad2/dev-v2.0-part-a.json")
    parser.add_argument("--readers", action="append", default=None,
                        help="a reader-question folder (repeatable; default: the shared set and bench/readers-train)")
    parser.add_argument("--distractors", default="../shared/eval/bbc", help="the BBC corpus of their distractors")
    parser.add_argument("--dry-run", action="store_true", help="print the weights, do not write them")
    parser.add_argument("--keep-rank", action="store_true",
                        help="keep the shipped ranker (and its cross-fitted ones); refit only the abstention models")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    tuning = AnswerTuning()
    squad = evaluate.load(args.squad)
    engine = evaluate.open_engine(squad)
    half = len(squad.articles) // 2
    for article in squad.articles[half:]:
        engine.add_article(article, REST)  # embeddings are cached: only the first run takes time
    reader_sets = [evaluate.load(folder, args.distractors) for folder in args.readers or DEFAULT_READERS]
    reader_engines = [evaluate.open_engine(readers) for readers in reader_sets]
    squad2 = evaluate.load(args.squad2)
    squad2_engine = evaluate.open_engine(squad2)

    print("ranking: candidates of every question, all articles indexed")
    groups = _questions(engine, squad, squad.questions, evaluate.ALL, tuning)
    first = [g for g, q in zip(groups, squad.questions) if q.article_index < half]
    second = [g for g, q in zip(groups, squad.questions) if q.article_index >= half]
    # Every reader set's articles dealt into READER_FOLDS folds in turn, set by set, as SQuAD
    # 2.0's are below (sets may reuse file names: an article is its set's name and its own).
    set_articles = {readers.name: sorted({q.article_id for q in readers.questions}) for readers in reader_sets}
    fold_of = {(name, a): i % READER_FOLDS for name, articles in set_articles.items() for i, a in enumerate(articles)}
    # Each answerable reader question twice: asked of every article, and of its own alone (as in
    # the channel discussing it), where the ranker learns what a reader who has seen the
    # headline and first paragraph asks for (`lead_in_article`).
    reader_groups, reader_fold, in_article_group = [], [], []
    for readers, reader_engine in zip(reader_sets, reader_engines):
        answerable = [q for q in readers.questions if q.answerable]
        for in_article in (False, True):
            reader_groups += _questions(reader_engine, readers, answerable, evaluate.ALL, tuning, in_article)
            reader_fold += [fold_of[(readers.name, q.article_id)] for q in answerable]
            in_article_group += [in_article] * len(answerable)
    reader_fold = np.array(reader_fold)
    # Reader questions are few but they are how users ask: together they weigh READER_SHARE of
    # the SQuAD questions the ranker is fitted on.
    reader_weight = READER_SHARE * len(first) / max(len(reader_groups), 1)

    def fit(squad_groups, reader_subset):
        chosen = [reader_groups[i] for i in reader_subset]
        return fit_rank(squad_groups + chosen, [1.0] * len(squad_groups) + [reader_weight] * len(chosen))

    shipped = read_weights(str(WEIGHTS_FILE))
    shipped_folds = json.loads(FOLDS_FILE.read_text(encoding="utf-8")) if FOLDS_FILE.exists() else None
    rank = (weight_vector(shipped["rank"]["weights"], FEATURES) if args.keep_rank
            else fit(first, range(len(reader_groups))))
    print("  SQuAD 1-12 + readers, scored on SQuAD 13-24:", top_quote_figures(second, rank))
    for where, wanted in (("asked of every article", False), ("asked of their own", True)):
        print(f"  ... on the readers it was fitted on, {where}:",
              top_quote_figures([g for g, a in zip(reader_groups, in_article_group) if a == wanted], rank))
    before = weight_vector(shipped.get("rank", {}).get("weights", {}), FEATURES)
    print("  the previous ranker on the readers:", top_quote_figures(reader_groups, before))
    # Cross-fitting: each half of SQuAD scored by weights fitted on the other half (plus every
    # reader), each fifth of the reader articles by weights fitted without it.
    other_rank = (weight_vector(shipped_folds["squad_halves"]["1-12"], FEATURES) if args.keep_rank
                  else fit(second, range(len(reader_groups))))
    print("  SQuAD 13-24 + readers, scored on SQuAD 1-12:", top_quote_figures(first, other_rank))
    reader_folds = {readers.name: [] for readers in reader_sets}
    hits = 0.0
    for fold in range(READER_FOLDS):
        kept = [i for i in range(len(reader_groups)) if reader_fold[i] != fold]
        weights_fold = {n: round(float(w), 4) for n, w in zip(
            FEATURES, rank if args.keep_rank else fit(first, kept))}
        held = [reader_groups[i] for i in range(len(reader_groups)) if reader_fold[i] == fold]
        hits += top_quote_figures(held, weight_vector(weights_fold, FEATURES))["hit@1 (best sentence)"] * len(held)
        for name, folds_of_set in reader_folds.items():
            folds_of_set.append({"articles": set_articles[name][fold::READER_FOLDS], "weights": weights_fold})
    print(f"  readers, cross-fitted by article ({READER_FOLDS} folds): best-sentence hit@1 {hits / len(reader_groups):.3f}")

    print("confidence: SQuAD 13-24 indexed and every question asked; SQuAD 2.0 and the readers as evaluated")
    sources = []
    rest_groups = _questions(engine, squad, squad.questions, REST, tuning)
    sources.append(("SQuAD, off-corpus", best_rows(rest_groups, rank),
                    np.array([q.article_index >= half for q in squad.questions]),
                    np.array([f"squad-{q.article_id}" for q in squad.questions])))
    squad2_answerable = np.array([q.answerable for q in squad2.questions])
    squad2_articles_of = np.array([f"squad2-{q.article_id}" for q in squad2.questions])
    for where, in_article in (("", False), (", in its article", True)):
        # In its article: asked where that article is discussed (Engine.ask's context), the
        # search reads only it, and declining means telling a plausible question it leaves
        # unanswered from one it answers in other words.
        squad2_groups = _questions(squad2_engine, squad2, squad2.questions, evaluate.ALL, tuning, in_article)
        sources.append((f"SQuAD 2.0{where}", best_rows(squad2_groups, rank), squad2_answerable, squad2_articles_of))
    # Off the topic of the one article asked (a channel discussing one story, asked about
    # another, or about the weather): every fifth SQuAD question asked of the next article
    # alone. Without them nothing taught the trees that such a question has no answer there,
    # and in a channel discussing the launch article "What is the capital of Australia?" was
    # answered.
    squad_articles = sorted({q.article_id for q in squad.questions})
    next_article = {a: squad_articles[(i + 1) % len(squad_articles)] for i, a in enumerate(squad_articles)}
    off_topic = squad.questions[::OFF_TOPIC_EVERY]
    off_groups = _questions(engine, squad, off_topic, evaluate.ALL, tuning, elsewhere=next_article)
    sources.append((OFF_TOPIC, best_rows(off_groups, rank), np.zeros(len(off_topic), bool),
                    np.array([f"squad-{q.article_id}" for q in off_topic])))
    # The SQuAD sources weigh the same in the fit, whatever their size; a reader question
    # weighs READER_TREE_WEIGHT SQuAD questions (weighing all 146 as much as a SQuAD source
    # lets the trees learn them by heart: cross-validated, that fits no better).
    # The off-topic source weighs OFF_TOPIC_SHARE of one of the others.
    squad_rows = sum(len(y) for name, _, y, _ in sources if name != OFF_TOPIC)
    one_source = squad_rows / (len(sources) - 1)
    sample_weights = [np.full(len(y), (OFF_TOPIC_SHARE if name == OFF_TOPIC else 1.0) * one_source / len(y))
                      for name, _, y, _ in sources]
    for readers, reader_engine in zip(reader_sets, reader_engines):
        reader_answerable = np.array([q.answerable for q in readers.questions])
        reader_articles_of = np.array([f"{readers.name}/{q.article_id}" for q in readers.questions])
        for where, in_article in (("", False), (", in its article", True)):
            all_reader_groups = _questions(reader_engine, readers, readers.questions, evaluate.ALL, tuning, in_article)
            sources.append((f"{readers.name}{where}", best_rows(all_reader_groups, rank), reader_answerable,
                            reader_articles_of))
            sample_weights.append(np.full(len(readers.questions), READER_TREE_WEIGHT))
    sample_weights = np.concatenate(sample_weights)
    rows = np.vstack([r for _, r, _, _ in sources])
    labels = np.concatenate([y for _, _, y, _ in sources])
    groups_cv = np.concatenate([g for _, _, _, g in sources])
    source_of = np.concatenate([np.full(len(y), i) for i, (_, _, y, _) in enumerate(sources)])

    used = [CONFIDENCE_FEATURES.index(name) for name in CONFIDENCE_INPUTS]
    model = LogisticRegression(C=1.0, max_iter=5000).fit(rows[:, used], labels, sample_weight=sample_weights)
    probability = model.predict_proba(rows[:, used])[:, 1]
    logistic_threshold = _threshold(probability, labels, source_of, len(sources))
    tree_used = [CONFIDENCE_FEATURES.index(name) for name in TREE_INPUTS]
    trees, held_out = fit_trees(rows[:, tree_used], labels, sample_weights, groups_cv)
    threshold = _threshold(held_out, labels, source_of, len(sources))
    for name, probs, cut in (("logistic", probability, logistic_threshold), ("trees (cross-validated)", held_out, threshold)):
        print(f"  {name}: threshold {cut:.3f}")
        for i, (source, _, y, _) in enumerate(sources):
            mine = source_of == i
            answered = f"answered {np.mean(probs[mine & labels] >= cut):.3f} of the answerable, " if y.any() else ""
            print(f"    {source}: {answered}declined {np.mean(probs[mine & ~labels] < cut):.3f} of the others")
    exported = sklearn_trees_json(trees, TREE_INPUTS)
    drift = np.abs(TreeEnsemble.from_json(exported).log_odds(rows[:, tree_used])
                   - trees.decision_function(rows[:, tree_used])).max()
    print(f"  trees as written agree with scikit-learn to {drift:.1e} (log-odds)")
    if drift > 1e-4:
        raise SystemExit("the written trees do not reproduce the fitted model")

    weights = {
        "about": ("Weights of index/answer.py, written by bench/fit_answer.py (see its docstring). rank: "
                  "softmax ranking fitted on SQuAD v1.1 dev part A articles 1-12 and the reader questions' "
                  "answerable ones (asked of all their articles and of their own). confidence: logistic regression and boosted trees (probabilities; the "
                  "trees ship) fitted on SQuAD part A with articles 13-24 indexed and all questions asked and "
                  "SQuAD 2.0 part A (its unanswerable questions; asked of all its articles and of each question's "
                  "own), weighing the same, every "
                  f"{OFF_TOPIC_EVERY}th SQuAD question asked of another article alone (none answered; weighing "
                  f"{OFF_TOPIC_SHARE} of one of those), and the reader questions of "
                  f"{', '.join(r.name for r in reader_sets)} (each as {READER_TREE_WEIGHT} SQuAD ones; asked of all "
                  f"their articles and of each question's own). threshold: answers {ANSWERED:.0%} of the answerable questions "
                  "(trees: cross-validated by article); logistic_threshold: the same for the logistic regression."),
        "rank": {"weights": {n: round(float(w), 4) for n, w in zip(FEATURES, rank)}, "bias": 0.0},
        "confidence": {"weights": {n: round(float(w), 4) for n, w in zip(CONFIDENCE_INPUTS, model.coef_[0])},
                       "bias": round(float(model.intercept_[0]), 4), "logistic": True, "trees": "@TREES@"},
        "threshold": round(threshold, 3),
        "logistic_threshold": round(logistic_threshold, 3),
    }
    # Readable weights, one line per number; the trees (thousands of numbers) on one line.
    text = json.dumps(weights, indent=1).replace('"@TREES@"', json.dumps(exported, separators=(",", ":"))) + "\n"
    # Cross-fitted models for `quotebot eval`'s hybrid-cross-fitted variant: each SQuAD half
    # ranked by weights fitted without it, each fifth of the reader articles ranked by a ranker
    # fitted without them, each fifth of the SQuAD 2.0 articles judged by trees fitted without
    # them (the threshold stays the shipped one).
    squad2_articles = sorted({q.article_id for q in squad2.questions})
    squad2_folds = [{"articles": squad2_articles[fold::READER_FOLDS]} for fold in range(READER_FOLDS)]
    held_keys = [[f"squad2-{a}" for a in fold["articles"]] for fold in squad2_folds]
    held_keys += [[f"{name}/{a}" for name, articles in set_articles.items() for a in articles[fold::READER_FOLDS]]
                  for fold in range(READER_FOLDS)]
    fold_trees = []
    for keys in held_keys:
        held = np.isin(groups_cv, keys)
        fitted = HistGradientBoostingClassifier(**TREE_SETTINGS).fit(
            rows[~held][:, tree_used], labels[~held], sample_weight=sample_weights[~held])
        fold_trees.append(sklearn_trees_json(fitted, TREE_INPUTS))
    for fold, trees_json in zip(squad2_folds, fold_trees):
        fold["trees"] = trees_json
    for folds_of_set in reader_folds.values():
        for fold, trees_json in zip(folds_of_set, fold_trees[READER_FOLDS:]):
            fold["trees"] = trees_json
    folds = {"about": "Cross-fitted models of bench/fit_answer.py, read by index/evaluate.py only.",
             "squad_halves": {"1-12": {n: round(float(w), 4) for n, w in zip(FEATURES, other_rank)},
                              "13-24": {n: round(float(w), 4) for n, w in zip(FEATURES, rank)}},
             "by_article": {**reader_folds, squad2.name: squad2_folds}}
    if args.dry_run:
        print(text[:4000])
    else:
        WEIGHTS_FILE.write_text(text, encoding="utf-8")
        FOLDS_FILE.write_text(json.dumps(folds, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.relative_to(REPO)} and {FOLDS_FILE.relative_to(REPO)}")
    for opened in (engine, *reader_engines, squad2_engine):
        opened.close()
    return 0


def _threshold(probability: np.ndarray, labels: np.ndarray, source_of: np.ndarray, sources: int) -> float:
    """The confidence at which ANSWERED of the answerable questions are answered, each source
    counting the same."""
    candidates = np.unique(np.round(probability, 4))
    answering = [i for i in range(sources) if ((source_of == i) & labels).any()]  # not the off-topic ones
    answered = np.array([np.mean([np.mean(probability[(source_of == i) & labels] >= cut) for i in answering])
                         for cut in candidates])
    return float(candidates[answered >= ANSWERED].max())


if __name__ == "__main__":
    raise SystemExit(main())
