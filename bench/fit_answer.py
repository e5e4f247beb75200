"""Refit `index/answer_weights.json`: the sentence ranker and the abstention model.

    .venv/bin/python bench/fit_answer.py [--squad PATH] [--dry-run]

Data and splits (SQuAD v1.1 dev part A, 24 articles in file order):
  rank        softmax over each question's candidate sentences (all 24 articles indexed
              together, as in the evaluation), fitted on the questions of articles 1-12 only;
              target: sentences holding a gold answer (weight 0.7) or lying in the gold
              paragraph (0.3). Printed: its figures on articles 13-24, which it never saw.
  confidence  gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier, written
              out node by node for index/trees.py) on the best sentence's features, fitted
              with articles 13-24 indexed alone and every question asked (label: the
              question's article is indexed). The evaluation's abstention check indexes
              articles 1-12 instead, so it scores the model on a setup it was not fitted on.
              Also a logistic regression on the same features but unseen_rarity (the model
              before the trees; `quotebot eval`'s hybrid-logistic-abstention variant).
  threshold   the confidence that declines 95% of the not-indexed questions of that same
              fitting setup (articles 13-24 indexed), read from 5-fold cross-validated
              probabilities (in-sample ones flatter the trees). logistic_threshold: the same
              for the logistic regression.
  rank_folds  the ranker fitted on each half, for `quotebot eval`'s hybrid-cross-fitted
              variant, which answers every question with weights fitted on the other half.
Needs scipy and scikit-learn, which sentence-transformers installs.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
from scipy.optimize import minimize  # noqa: E402
from sklearn.ensemble import HistGradientBoostingClassifier  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import cross_val_predict  # noqa: E402

from index import evaluate  # noqa: E402
from index.answer import (CONFIDENCE_FEATURES, FEATURES, WEIGHTS_FILE, AnswerTuning,  # noqa: E402
                          confidence_inputs, sentence_features)
from index.search import search  # noqa: E402
from index.trees import TreeEnsemble, sklearn_trees_json  # noqa: E402

# The abstention model reads few features: with all of them it leans on quirks of the fitting
# articles (negative weights on coverage, say) and travels less well to other articles.
CONFIDENCE_INPUTS = ("sentence_cosine", "passage_cosine", "coverage", "rare_coverage", "passage_coverage",
                     "rank_score", "margin", "best_dense", "question_terms")
# The trees also read how well the question's tokens match the best sentence's (answered 0.981 ->
# 0.987 at the same declines, cross-validated on the fitting setup).
TREE_INPUTS = CONFIDENCE_INPUTS + ("unseen_rarity", "late_match", "late_weakest")
REST = "eval-rest"  # articles 13-24: the abstention model's fitting setup
ANSWER_SHARE = 0.7  # of the ranking target; the rest is "lies in the gold paragraph"
L2 = 1e-3
DECLINE = 0.95


def candidates(engine, question, vector, tokens, collection: str, tuning: AnswerTuning):
    hits = search(question.text, vector, store=engine.store, vectors=engine.vectors, collections=[collection],
                  k=tuning.passages, tuning=engine.search_tuning)
    found = sentence_features(question.text, vector, hits, engine.store, engine.model, tuning, [collection],
                              tokens)
    answers = [evaluate._norm(a) for a in question.answers]
    holds = np.array([any(a in evaluate._norm(r.text) for a in answers) for r in found.rows], bool)
    inside = np.array([h.passage.article_id == question.article_id and question.span[0] <= r.start
                       and r.end <= question.span[1] for r, h in zip(found.rows, found.hits)], bool)
    return found, holds, inside


def fit_rank(groups) -> np.ndarray:
    """Weights maximising the softmax probability of the target sentences, question by question."""
    data = []
    for found, holds, inside in groups:
        for target, share in ((holds, ANSWER_SHARE), (inside, 1 - ANSWER_SHARE)):
            if len(found.rows) and target.any():
                data.append((found.features, target.astype(np.float64), share))

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
        return total / len(data) + L2 * weights @ weights, gradient / len(data) + 2 * L2 * weights

    return minimize(loss, np.zeros(len(FEATURES)), jac=True, method="L-BFGS-B").x


def fit_trees(inputs: np.ndarray, labels: np.ndarray) -> tuple[HistGradientBoostingClassifier, np.ndarray]:
    """The boosted trees, and cross-validated probabilities for choosing the threshold."""
    model = HistGradientBoostingClassifier(learning_rate=0.05, max_iter=200, max_leaf_nodes=15,
                                           min_samples_leaf=40, early_stopping=False, random_state=0)
    held_out = cross_val_predict(model, inputs, labels, cv=5, method="predict_proba")[:, 1]
    return model.fit(inputs, labels), held_out


def top_quote_figures(groups, weights) -> dict[str, float]:
    hit = inside = 0
    for found, holds, inside_gold in groups:
        if len(found.rows):
            best = int(np.argmax(found.features @ weights))
            hit += holds[best]
            inside += inside_gold[best]
    return {"hit@1 (best sentence)": hit / len(groups), "passage@1": inside / len(groups)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--squad", default="../shared/eval/squad/squad-v1.1-dev-part-a.json")
    parser.add_argument("--dry-run", action="store_true", help="print the weights, do not write them")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    dataset = evaluate.load(args.squad)
    engine = evaluate.open_engine(dataset)
    half = len(dataset.articles) // 2
    for article in dataset.articles[half:]:
        engine.add_article(article, REST)  # embeddings are cached: only the first run takes time
    texts = [q.text for q in dataset.questions]
    vectors = evaluate.query_vectors(engine, texts, engine.settings.data_dir)
    tokens = evaluate.query_tokens(engine, texts, engine.settings.data_dir)
    tuning = AnswerTuning()

    print("ranking: candidates of every question, all articles indexed")
    groups = [candidates(engine, q, v, t, evaluate.ALL, tuning) for q, v, t in zip(dataset.questions, vectors, tokens)]
    fitted = [g for g, q in zip(groups, dataset.questions) if q.article_index < half]
    held_out = [g for g, q in zip(groups, dataset.questions) if q.article_index >= half]
    rank = fit_rank(fitted)
    print("  fitted on articles 1-12:", top_quote_figures(fitted, rank))
    print("  held out, articles 13-24:", top_quote_figures(held_out, rank))
    # The other fold, for the evaluation's cross-fitted variant (each half scored by weights
    # fitted on the other half); the product ships `rank`.
    other_rank = fit_rank(held_out)
    print("  fitted on 13-24, scored on 1-12:", top_quote_figures(fitted, other_rank))

    print("confidence: articles 13-24 indexed, every question asked")
    rows, labels = [], []
    for question, vector, question_tokens in zip(dataset.questions, vectors, tokens):
        found, _, _ = candidates(engine, question, vector, question_tokens, REST, tuning)
        labels.append(question.article_index >= half)
        if len(found.rows):
            scores = found.features @ rank
            rows.append(confidence_inputs(found, scores)[int(np.argmax(scores))])
        else:  # nothing retrieved at all: as unanswerable as it gets
            rows.append(np.full(len(CONFIDENCE_FEATURES), -3.0))
    rows, labels = np.asarray(rows), np.asarray(labels)
    used = [CONFIDENCE_FEATURES.index(name) for name in CONFIDENCE_INPUTS]
    model = LogisticRegression(C=1.0, max_iter=5000).fit(rows[:, used], labels)
    probability = model.predict_proba(rows[:, used])[:, 1]
    logistic_threshold = float(np.quantile(probability[~labels], DECLINE))
    print(f"  logistic: threshold {logistic_threshold:.3f}: answered {np.mean(probability[labels] >= logistic_threshold):.3f}"
          f" of the indexed articles' questions, declined {np.mean(probability[~labels] < logistic_threshold):.3f} of the others")
    tree_used = [CONFIDENCE_FEATURES.index(name) for name in TREE_INPUTS]
    trees, held_out = fit_trees(rows[:, tree_used], labels)
    threshold = float(np.quantile(held_out[~labels], DECLINE))
    print(f"  trees (cross-validated): threshold {threshold:.3f}: answered {np.mean(held_out[labels] >= threshold):.3f}"
          f" of the indexed articles' questions, declined {np.mean(held_out[~labels] < threshold):.3f} of the others")
    exported = sklearn_trees_json(trees, TREE_INPUTS)
    drift = np.abs(TreeEnsemble.from_json(exported).log_odds(rows[:, tree_used])
                   - trees.decision_function(rows[:, tree_used])).max()
    print(f"  trees as written agree with scikit-learn to {drift:.1e} (log-odds)")
    if drift > 1e-4:
        raise SystemExit("the written trees do not reproduce the fitted model")

    weights = {
        "about": ("Weights of index/answer.py, written by bench/fit_answer.py (see its docstring). rank: "
                  "softmax ranking fitted on SQuAD v1.1 dev part A articles 1-12. confidence: logistic "
                  "regression and boosted trees (probabilities; the trees ship) fitted with articles 13-24 "
                  f"indexed and all questions asked. threshold: declines {DECLINE:.0%} of the not-indexed "
                  "questions of that setup (trees: cross-validated); logistic_threshold: the same for the "
                  "logistic regression."),
        "rank": {"weights": {n: round(float(w), 4) for n, w in zip(FEATURES, rank)}, "bias": 0.0},
        "rank_folds": {"1-12": {n: round(float(w), 4) for n, w in zip(FEATURES, rank)},
                       "13-24": {n: round(float(w), 4) for n, w in zip(FEATURES, other_rank)}},
        "confidence": {"weights": {n: round(float(w), 4) for n, w in zip(CONFIDENCE_INPUTS, model.coef_[0])},
                       "bias": round(float(model.intercept_[0]), 4), "logistic": True, "trees": "@TREES@"},
        "threshold": round(threshold, 3),
        "logistic_threshold": round(logistic_threshold, 3),
    }
    # Readable weights, one line per number; the trees (thousands of numbers) on one line.
    text = json.dumps(weights, indent=1).replace('"@TREES@"', json.dumps(exported, separators=(",", ":"))) + "\n"
    if args.dry_run:
        print(text[:4000])
    else:
        WEIGHTS_FILE.write_text(text, encoding="utf-8")
        print(f"wrote {WEIGHTS_FILE.relative_to(REPO)}")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
