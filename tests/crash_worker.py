"""A process for tests/test_crash.py to kill with SIGKILL in the middle of its work.

    python -m tests.crash_worker DATA_DIR add FOLDER COLLECTION [hold | pause=N]   # index FOLDER's files one by one
    python -m tests.crash_worker DATA_DIR reindex                 # reindex everything

The model comes from QUOTEBOT_MODEL (e.g. hashing:256). It prints a line as each step starts
and ends (flushed), so the test can kill it at chosen points. With `hold` it waits to be killed
after its work instead of closing the engine (which saves the FAISS start-up cache). With
`pause=N` it waits to be killed once the Nth file (from 0) is embedded and before it is stored,
so that kill lands exactly there however fast or slow the machine is."""
from __future__ import annotations

import random
import sys
import time
from pathlib import Path

SYLLABLES = ["ka", "lo", "mi", "ner", "tu", "vos", "pra", "del", "sin", "gor", "bel", "fa", "rum", "te",
             "qui", "zan", "ho", "lep", "mar", "dus", "yo", "wen", "cri", "ob"]


def bulk_articles(count: int, seed: int = 7) -> list[tuple[str, str]]:
    """`count` (file name, markdown) pairs of made-up news in a made-up vocabulary: every
    article distinct, deterministic, and sharing no words with the English test articles."""
    rng = random.Random(seed)
    vocabulary = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(900)})
    articles = []
    for i in range(count):
        words = rng.sample(vocabulary, 60)
        paragraphs = []
        for _ in range(4):
            sentences = []
            for _ in range(3):
                sentence = [rng.choice(words) for _ in range(rng.randint(9, 14))]
                sentences.append(" ".join(sentence).capitalize() + ".")
            paragraphs.append(" ".join(sentences))
        title = f"Report {i:03d} {words[0]} {words[1]}"
        articles.append((f"report-{i:03d}.md", f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n"))
    return articles


def write_bulk(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in bulk_articles(count):
        path = folder / name
        path.write_text(text)
        paths.append(path)
    return paths


def main(argv: list[str]) -> None:
    from index import ingest
    from index.engine import Engine
    from index.settings import Settings

    data_dir, mode, *rest = argv
    engine = Engine(Settings(data_dir=Path(data_dir), articles_dir=Path(data_dir) / "none", _env_file=None))
    print("ready", flush=True)
    if mode == "add":
        folder, collection = Path(rest[0]), rest[1]
        pause = int(rest[2].removeprefix("pause=")) if rest[2:3] and rest[2].startswith("pause=") else None
        for n, path in enumerate(sorted(folder.iterdir())):
            article = ingest.read_file(path)
            print("start", article.id, flush=True)

            def embedded(done: int, total: int, n=n, article_id=article.id) -> None:
                if done == total:  # every vector made, nothing of this article written yet
                    print("embedded", article_id, flush=True)
                    if n == pause:
                        time.sleep(60)

            engine.add_article(article, collection, progress=embedded)
            print("committed", article.id, flush=True)
        if rest[2:] == ["hold"]:
            print("holding", flush=True)
            time.sleep(60)
    elif mode == "reindex":
        passages = engine.reindex(lambda done, total: print("progress", done, total, flush=True))
        print("reindexed", passages, flush=True)
    else:
        raise SystemExit(f"unknown mode {mode}")
    engine.close()
    print("done", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
