"""Where the "unsure" caution goes: for reader sets asked cold and in their channel (pooled), the
answers whose confidence (their best sentence's, `Answer.confidence`) is under each level, split into questions the articles
do not answer, wrong first quotes and right ones; and the level the shipped rule picks, the
highest at which at least half of the answers under it are to unanswerable questions
(`AnswerTuning.unsure_below` was set so on the fitting sets). Run from the repo root:

    .venv/bin/python bench/unsure.py ../shared/eval/readers bench/readers-train bench/readers-says [--eval DIR]

The sets' indexes are `quotebot eval`'s (built on first use, in the same place); the shipped
variant answers, with its own decline threshold."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index import evaluate  # noqa: E402
from index.answer import AnswerTuning  # noqa: E402
from index.models import Discussion  # noqa: E402

LEVELS = [round(0.30 + 0.02 * i, 2) for i in range(16)]


def first_quotes(folder: str, bbc: Path, cache: Path) -> list[tuple[float, str]]:
    """(the answer's confidence, "unanswerable" / "wrong" / "right") of every answered question,
    asked cold and in its channel."""
    dataset = evaluate.load(folder, bbc)
    engine = evaluate.open_engine(dataset, cache_root=cache, out=lambda *_: None)
    try:
        where = engine.settings.data_dir
        texts = [q.text for q in dataset.questions]
        vectors = evaluate.query_vectors(engine, texts, where, out=lambda *_: None)
        tokens = evaluate.query_tokens(engine, texts, where, out=lambda *_: None)
        variant = evaluate.default_variants()["hybrid"]
        half = len(dataset.articles) // 2
        found = []
        for question, vector, token in zip(dataset.questions, vectors, tokens):
            asking = variant.for_question(question, half, dataset.name)
            for context in (None, Discussion(question.article_id, chosen=True)):
                reply = evaluate._ask(engine, asking, question.text, vector, token, evaluate.ALL, context)
                if not reply.answered or not reply.quotes:
                    continue
                if not question.answerable:
                    kind = "unanswerable"
                else:
                    first = evaluate.normalise(reply.quotes[0].text)
                    kind = "right" if any(evaluate.normalise(a) in first for a in question.answers) else "wrong"
                found.append((reply.confidence, kind))
        return found
    finally:
        engine.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="reader-question folders (questions.jsonl and articles/)")
    parser.add_argument("--eval", default=str(REPO.parent / "shared" / "eval"),
                        help="the folder holding bbc/, the distractors")
    args = parser.parse_args(argv)
    from index.settings import Settings

    cache = Settings().data_dir / "eval"
    answers = [item for folder in args.sets for item in first_quotes(folder, Path(args.eval) / "bbc", cache)]
    right = sum(kind == "right" for _, kind in answers) or 1
    print(f"{len(answers)} answers (cold and in a channel); shipped level {AnswerTuning().unsure_below:.2f}, "
          f"decline threshold {AnswerTuning().threshold:.2f}")
    print(f"{'under':>6} {'answers':>8} {'share':>6} {'unanswerable':>13} {'wrong':>6} {'right':>6} {'right cautioned':>16}")
    picked = None
    for level in LEVELS:
        under = [kind for score, kind in answers if score < level]
        if not under:
            continue
        shares = {kind: under.count(kind) / len(under) for kind in ("unanswerable", "wrong", "right")}
        if shares["unanswerable"] >= 0.5:
            picked = level
        print(f"{level:6.2f} {len(under):8d} {len(under) / len(answers):6.3f} {shares['unanswerable']:13.2f} "
              f"{shares['wrong']:6.2f} {shares['right']:6.2f} {under.count('right') / right:16.3f}")
    print(f"highest level with at least half unanswerable: {picked}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
