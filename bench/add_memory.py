"""Peak memory of adding one large article with the real model, token vectors packed batch by
batch (what `quotebot add` does) beside packed once the whole article is read (before): printed
side by side, one fresh process per run so each peak is its own.

    .venv/bin/python bench/add_memory.py                 # 300 KB and 1 MB of BBC News text
    .venv/bin/python bench/add_memory.py --kb 100 --kb 2000

The article is BBC News articles (../shared/eval/bbc) joined until the size is reached, else the
launch article over and over; a fresh data dir each run, so every passage is embedded.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BBC = REPO.parent / "shared" / "eval" / "bbc"
LAUNCH = REPO / "articles" / "deepseek-crypto-ai.md"
VARIANTS = {"packed per batch of 256 passages (now)": 256, "packed once the whole article is read (before)": 10**9}


def article_text(kb: int) -> str:
    paths = sorted(BBC.glob("*/*.txt")) if BBC.is_dir() else []
    parts: list[str] = []
    size = 0
    i = 0
    while size < kb * 1000:
        text = paths[i % len(paths)].read_text(encoding="utf-8", errors="replace") if paths else LAUNCH.read_text()
        parts.append(text)
        size += len(text.encode())
        i += 1
    return "\n\n".join(parts)[: kb * 1000]


def child(kb: int, batch: int) -> None:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from index import engine as engine_module
    from index.models import Article
    from index.settings import Settings

    engine_module.EMBED_BATCH = batch
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(data_dir=Path(folder) / "data", articles_dir=Path(folder) / "none", _env_file=None)
        with engine_module.Engine(settings) as engine:
            engine.embedder.embed(["warm up"])  # the model's own memory is the same for both
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            text = article_text(kb)
            started = time.perf_counter()
            result = engine.add_article(Article(id="big", title="A large article", text=text, source="big.txt"))
            seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak_mb": peak, "model_mb": before, "seconds": seconds, "passages": result.embedded}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kb", type=int, action="append", help="article size in KB (repeatable)")
    parser.add_argument("--child", nargs=2, type=int, metavar=("KB", "BATCH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    sizes = args.kb or [300, 1000]
    print(f"{'article':>8}  {'variant':<48} {'passages':>8} {'seconds':>8} {'peak RSS MB':>12} {'of which model':>15}")
    for kb in sizes:
        for name, batch in VARIANTS.items():
            out = subprocess.run([sys.executable, __file__, "--child", str(kb), str(batch)], capture_output=True,
                                 text=True, check=True).stdout.strip().splitlines()[-1]
            row = json.loads(out)
            print(f"{kb:>6}KB  {name:<48} {row['passages']:>8} {row['seconds']:>8.1f} {row['peak_mb']:>12.0f}"
                  f" {row['model_mb']:>15.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
