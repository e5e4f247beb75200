"""Reader questions asked in a channel discussing another story: how often the bot quotes the
story being discussed (the wrong article) rather than declining or moving on. Each question of a
reader set is asked where the seventh article after its own (its set's articles in id order,
most often another story of the same BBC section) is the channel's chosen article, as
`Engine.ask(context=...)` answers in a channel; run from the repo root:

    .venv/bin/python bench/off_topic.py bench/readers-heldout3 bench/readers-heldout4 [--eval DIR] [--cache DIR]

Printed per set: declined there (right: that story does not say); quoted the story discussed,
split by whether the question names something of its own (a name or an uncommon word: wrong) or
nothing ("when was the game?", "what was the score?": in a channel that story is what the asker
means, so quoting it is right, though the question was written about another); moved on to
every article because the question names what only other stories mention
(`answer.names_elsewhere`) and quoted its own article or another one; and answered as a
question about an article itself. The sets' indexes are `quotebot eval`'s (built on first use, in the
same place)."""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

from index import answer, evaluate  # noqa: E402
from index.models import Discussion  # noqa: E402

OFFSET = 7  # the story discussed: this many articles after the question's own


def outcome(answer, discussed: str, own: str, names_something: bool) -> str:
    if answer.about is not None:
        return "about the article"
    if not answer.answered or not answer.quotes:
        return "declined"
    first = answer.quotes[0].article_id
    if first == discussed:
        return QUOTED_NAMING if names_something else QUOTED_BARE
    return "moved on, quoted its own" if first == own else "moved on, quoted another"


QUOTED_NAMING = "quoted the story discussed, naming something of its own"
QUOTED_BARE = "quoted the story discussed, naming nothing"
OUTCOMES = ("declined", QUOTED_NAMING, QUOTED_BARE, "moved on, quoted its own", "moved on, quoted another",
            "about the article")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", help="reader-question folders (questions.jsonl and articles/)")
    parser.add_argument("--eval", default=str(REPO.parent / "shared" / "eval"),
                        help="the folder holding bbc/, the distractors")
    parser.add_argument("--cache", default=None,
                        help="where the indexes are (default <data dir>/eval, as `quotebot eval`'s)")
    args = parser.parse_args(argv)
    if args.cache is None:
        from index.settings import Settings

        args.cache = Settings().data_dir / "eval"
    variant = evaluate.default_variants()["hybrid"]
    for folder in args.sets:
        dataset = evaluate.load(folder, Path(args.eval) / "bbc")
        engine = evaluate.open_engine(dataset, cache_root=args.cache)
        cache = engine.settings.data_dir
        texts = [q.text for q in dataset.questions]
        vectors = evaluate.query_vectors(engine, texts, cache)
        tokens = evaluate.query_tokens(engine, texts, cache)
        articles = sorted({q.article_id for q in dataset.questions})
        half = len(dataset.articles) // 2
        counts: Counter[str] = Counter()
        for question, vector, token in zip(dataset.questions, vectors, tokens):
            discussed = articles[(articles.index(question.article_id) + OFFSET) % len(articles)]
            asking = variant.for_question(question, half, dataset.name)
            found = evaluate._ask(engine, asking, question.text, vector, token, evaluate.ALL,
                                  Discussion(discussed, chosen=True))
            # A question naming nothing ("when was the game?", "what was the score?") is, in a
            # channel, about the story discussed: quoting it is what the channel means.
            named = answer.names_something(question.text, engine.store)
            counts[outcome(found, discussed, question.article_id, named)] += 1
        total = len(dataset.questions)
        print(f"{dataset.name}: {total} questions, each asked where another story is discussed")
        for name in OUTCOMES:
            print(f"  {name:56} {counts[name]:5}  {counts[name] / total:.3f}")
        engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
