"""What chunking costs per MB of text, by the shape of the text, before and after the linear
chunker (issue 12): printed side by side, never asserted in tests.

    .venv/bin/python bench/ingest_cost.py              # 10 KB to 5 MB, old beside new, then Engine.add
    .venv/bin/python bench/ingest_cost.py --max-kb 1000 --no-engine

Shapes: (a) ordinary paragraphs (BBC News articles from ../shared/eval/bbc when present, else
the launch article over and over), (b) the same text as one paragraph on one line, (c) that
line without punctuation, (d) one line dense with abbreviations (pysbd's costliest text).
"old" is what chunking did before: pysbd's Segmenter.segment over each whole line; it is run
only while the size about to be run is predicted (from the last one, as if quadratic) to stay
under --old-budget seconds. "new" is index.chunk.chunk, passages and all. The last part adds
300 KB of (a) and of (b) to a fresh Engine with the fake HashingEmbedder: the whole add, not
only the chunking.
"""
from __future__ import annotations

import argparse
import math
import random
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from index.chunk import chunk  # noqa: E402
from index.embed import HashingEmbedder  # noqa: E402
from index.engine import GLOBAL, Engine  # noqa: E402
from index.models import Article  # noqa: E402
from index.settings import Settings  # noqa: E402

BBC = REPO.parent / "shared" / "eval" / "bbc"
LAUNCH = REPO / "articles" / "deepseek-crypto-ai.md"
SIZES_KB = [10, 30, 100, 300, 1000, 5000]
SHAPES = ["ordinary", "one paragraph", "no punctuation", "abbreviations"]
ABBREVIATED = ["Mr. J. R. Smith", "Dr. A. Jones", "Gen. E. Lee", "St. Louis, Mo.", "No. 5", "U.S. Dept.",
               "approx. 3 p.m.", "Jan. 4", "e.g. Prof. K. Li", "vs. Sgt. B. Ode", "etc."]
WORDS = "the council said on monday that repairs to the harbour bridge would cost more than planned".split()


def ordinary_text(size: int) -> str:
    """`size` characters of real paragraphs, blank lines between them, cut at a paragraph."""
    if BBC.is_dir():
        sources = sorted(BBC.glob("*/*.txt"))
        read = lambda path: path.read_text(encoding="utf-8", errors="replace")  # noqa: E731
    else:
        sources = [LAUNCH]
        read = lambda path: path.read_text(encoding="utf-8").split("---", 2)[2]  # noqa: E731
    paragraphs: list[str] = []
    total = 0
    while total < size:
        for path in sources:
            for paragraph in read(path).split("\n"):
                if paragraph.strip():
                    paragraphs.append(paragraph.strip())
                    total += len(paragraph) + 2
            if total >= size:
                break
    return "\n\n".join(paragraphs)[:size].rsplit("\n\n", 1)[0]


def shaped(shape: str, size: int) -> str:
    if shape == "ordinary":
        return ordinary_text(size)
    if shape == "one paragraph":
        return " ".join(ordinary_text(size + size // 10).split())[:size]
    if shape == "no punctuation":
        return " ".join(re.sub(r"[^\w\s]", " ", ordinary_text(size + size // 5)).split())[:size]
    rng = random.Random(size)
    return " ".join(rng.choice(ABBREVIATED) + " " + rng.choice(WORDS) for _ in range(size // 16 + 1))[:size]


def old_chunking(text: str) -> int:
    """The sentence splitting chunk() did before (the whole of its cost): pysbd over each whole
    line, each sentence found back in the line. Returns the number of sentences."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    count = 0
    for line in text.split("\n"):
        cursor = 0
        for piece in segmenter.segment(line):
            piece = piece.strip()
            found = line.find(piece, cursor) if piece else -1
            if found >= 0:
                cursor = found + len(piece)
                count += 1
    return count


def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def predict(runs: list[tuple[int, float]], size: int) -> float:
    """Seconds the old chunking would take at `size`, from the growth seen over the last two
    sizes run (as if quadratic after only one)."""
    if not runs:
        return 0.0
    (size2, spent2), exponent = runs[-1], 2.0
    if len(runs) >= 2 and runs[-2][1] > 0 and spent2 > 0:
        size1, spent1 = runs[-2]
        exponent = min(2.5, max(1.0, math.log(spent2 / spent1) / math.log(size2 / size1)))
    return spent2 * (size / size2) ** exponent


def chunking_table(sizes_kb: list[int], old_budget: float) -> None:
    print("Chunking cost, seconds per MB of text (old: pysbd over whole lines; new: index.chunk)")
    header = f"{'size':>8} " + " ".join(f"{shape + ' old':>20} {shape + ' new':>20}" for shape in SHAPES)
    print(header)
    chunk(Article("warm-up", "Warm-up", shaped("abbreviations", 20_000)))  # pysbd compiles its patterns once
    runs: dict[str, list[tuple[int, float]]] = {shape: [] for shape in SHAPES}
    for kb in sizes_kb:
        size = kb * 1000
        cells = []
        for shape in SHAPES:
            text = shaped(shape, size)
            predicted = predict(runs[shape], size)
            if predicted > old_budget:
                old = f"(~{predicted:,.0f} s: skipped)"
            else:
                spent = seconds(old_chunking, text)
                runs[shape].append((size, spent))
                old = f"{spent / size * 1e6:.1f}"
            new = seconds(lambda t: chunk(Article("bench", "Bench", t)), text)
            cells.append(f"{old:>20} {new / size * 1e6:>20.1f}")
        print(f"{kb:>6}KB " + " ".join(cells), flush=True)


def engine_add(size_kb: int) -> None:
    print(f"\nEngine.add_article of {size_kb} KB with the HashingEmbedder (chunk, embed, store, index)")
    results = {}
    for shape in ("ordinary", "one paragraph"):
        text = shaped(shape, size_kb * 1000)
        with tempfile.TemporaryDirectory() as folder:
            settings = Settings(data_dir=Path(folder) / "data", articles_dir=Path(folder) / "none", _env_file=None)
            with Engine(settings, HashingEmbedder()) as engine:
                engine.add_article(Article("warm-up", "Warm-up", "A first article. It warms the engine up."), GLOBAL)
                spent = seconds(engine.add_article, Article("bench", "Bench", text), GLOBAL)
        results[shape] = spent
        print(f"  {shape:<14} {spent:6.1f} s")
    print(f"  one paragraph / ordinary = {results['one paragraph'] / results['ordinary']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-kb", type=int, default=5000, help="Largest size, in KB (default 5000).")
    parser.add_argument("--old-budget", type=float, default=60.0,
                        help="Skip an old run predicted to take longer than this many seconds.")
    parser.add_argument("--engine-kb", type=int, default=300, help="Size of the Engine.add comparison.")
    parser.add_argument("--no-engine", action="store_true", help="Skip the Engine.add comparison.")
    args = parser.parse_args()
    print(f"ordinary text from {'BBC News (../shared/eval/bbc)' if BBC.is_dir() else 'the launch article'}\n")
    chunking_table([kb for kb in SIZES_KB if kb <= args.max_kb], args.old_budget)
    if not args.no_engine:
        engine_add(args.engine_kb)


if __name__ == "__main__":
    main()
