"""How this set's 80 articles were drawn (run from the repository root; prints the draw):

    .venv/bin/python bench/readers-heldout3/draw.py [--bbc ../shared/eval/bbc] [--seed N] [--exclude DIR ...]

It reproduces the draw only while the reader sets it excludes stay as they are. `--exclude`: more
sets' article folders to leave out (a later set drawn the same way: bench/readers-heldout4 is
`--seed 20261204 --exclude bench/readers-heldout3/articles`)."""
import argparse
import glob
import hashlib
import math
import random
import re
from collections import defaultdict

SETS = ["../shared/eval/readers/articles", "bench/readers-train/articles", "bench/readers-heldout/articles",
        "bench/readers-heldout2/articles", "bench/readers-followups/articles"]
EXCLUDED = {"business/077", "sport/155", "entertainment/250", "politics/333"}
QUOTA = {"business": 20, "entertainment": 15, "politics": 15, "sport": 15, "tech": 15}
SAME_STORY = 0.35  # TF-IDF cosine
NEAR_COPY = 0.07  # share of 5-word shingles in one other file


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def shingles(text: str) -> set[str]:
    w = words(text)
    return {" ".join(w[i:i + 5]) for i in range(len(w) - 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbc", default="../shared/eval/bbc")
    parser.add_argument("--seed", type=int, default=20261203)
    parser.add_argument("--exclude", action="append", default=[])
    args = parser.parse_args()
    text = {f: open(f, encoding="utf-8", errors="replace").read() for f in sorted(glob.glob(args.bbc + "/*/*.txt"))}
    used = [open(f, encoding="utf-8", errors="replace").read() for d in SETS + args.exclude for f in glob.glob(d + "/*.txt")]
    used_hash = {hashlib.sha256(t.encode()).hexdigest() for t in used}
    sh = {f: shingles(t) for f, t in text.items()}
    holders = defaultdict(set)
    for f, s in sh.items():
        for x in s:
            holders[x].add(f)

    def near_copy(f: str) -> float:
        counts = defaultdict(int)
        for x in sh[f]:
            for g in holders[x] - {f}:
                counts[g] += 1
        return max((c / max(1, len(sh[f])) for c in counts.values()), default=0)

    df = defaultdict(int)
    for t in text.values():
        for w in set(words(t)):
            df[w] += 1

    def vector(t: str) -> dict[str, float]:
        c = defaultdict(int)
        for w in words(t):
            c[w] += 1
        v = {w: n * math.log(len(text) / (1 + df.get(w, 0))) for w, n in c.items() if len(w) > 2}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1
        return {w: x / norm for w, x in v.items()}

    def cosine(a: dict, b: dict) -> float:
        return sum(x * b.get(w, 0) for w, x in a.items())

    used_vectors = [vector(t) for t in used]
    headlines = defaultdict(int)
    for t in text.values():
        headlines[t.split("\n")[0].strip()] += 1
    pool = defaultdict(list)
    for f, t in text.items():
        category, number = f.split("/")[-2], f.split("/")[-1][:-4]
        if (250 <= len(words(t)) <= 650 and hashlib.sha256(t.encode()).hexdigest() not in used_hash
                and f"{category}/{number}" not in EXCLUDED and headlines[t.split("\n")[0].strip()] == 1):
            pool[category].append(f)
    rng = random.Random(args.seed)
    chosen: list[str] = []
    for category, quota in QUOTA.items():
        candidates = sorted(pool[category])
        rng.shuffle(candidates)
        got = 0
        for f in candidates:
            if got == quota:
                break
            if near_copy(f) > NEAR_COPY:
                continue
            v = vector(text[f])
            if max(cosine(v, u) for u in used_vectors) > SAME_STORY:
                continue
            if any(cosine(v, vector(text[g])) > SAME_STORY for g in chosen):
                continue
            chosen.append(f)
            got += 1
    # Dealt into five parts of 16 (4 business, 3 of each other category), numbered 00-79.
    parts: list[list[str]] = [[] for _ in range(5)]
    by_category = defaultdict(list)
    for f in chosen:
        by_category[f.split("/")[-2]].append(f)
    for files in by_category.values():
        for i, f in enumerate(files):
            parts[i % 5].append(f)
    number = 0
    for part in parts:
        for f in part:
            print(f"{number:02d}-{f.split('/')[-2]}-{f.split('/')[-1][:-4]}")
            number += 1


if __name__ == "__main__":
    main()
