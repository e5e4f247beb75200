"""Fit `index/token_codebook.npz`: the product quantizer that stores sentences' token vectors
in 64 bytes a token (index/vector_codec.py) for the bundled model.

    .venv/bin/python bench/fit_codebook.py [--squad PATH] [--samples 200000]

Fitted on the token vectors of SQuAD v1.1 dev part A's passages (Wikipedia), read as the index
reads them (each passage once, title in front, late chunking), with FAISS's ProductQuantizer:
64 parts of 6 dimensions, 256 centroids each. Then printed, on the reader set's BBC articles
(never fitted on): how far the late-interaction match of the reader questions' tokens moves
(mean |difference| and correlation of each question's best-token-match mean over sentences),
against plain int8 tokens. Needs faiss (a dependency) and the bundled model; takes a few minutes.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402

from index import evaluate  # noqa: E402
from index.chunk import chunk  # noqa: E402
from index.embed import make_embedder  # noqa: E402
from index.engine import passage_embed_text  # noqa: E402
from index.settings import DEFAULT_MODEL  # noqa: E402
from index.vector_codec import CODEBOOK_FILE, INT8_TOKENS, TokenCodec  # noqa: E402

PARTS = 64


def token_vectors(embedder, articles, limit: int | None = None) -> list[np.ndarray]:
    """Per sentence of the articles' passages, its token vectors read within the passage."""
    texts, spans = [], []
    for article in articles:
        for passage in chunk(article):
            text = passage_embed_text(article.title, passage.text)
            shift = len(text) - len(passage.text) - passage.start
            texts.append(text)
            spans.append([(s.start + shift, s.end + shift) for s in passage.sentences])
    if limit:
        texts, spans = texts[:limit], spans[:limit]
    found = embedder.embed_passages(texts, spans)
    return [m for passage in found for m in passage.tokens if len(m)]


def fidelity(codec: TokenCodec, sentences: list[np.ndarray], questions: list[np.ndarray]) -> tuple[float, float]:
    """Mean |difference| and correlation of question-token best matches, codec against exact."""
    exact, packed = [], []
    restored = [codec.unpack(codec.pack(m), m.shape[1]) for m in sentences]
    for q in questions:
        exact += [float((q @ m.T).max(axis=1).mean()) for m in sentences]
        packed += [float((q @ m.T).max(axis=1).mean()) for m in restored]
    exact_a, packed_a = np.array(exact), np.array(packed)
    return float(np.abs(exact_a - packed_a).mean()), float(np.corrcoef(exact_a, packed_a)[0, 1])


def main(argv=None) -> int:
    import faiss

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--squad", default="../shared/eval/squad/squad-v1.1-dev-part-a.json")
    parser.add_argument("--readers", default="../shared/eval/readers")
    parser.add_argument("--samples", type=int, default=200_000)
    parser.add_argument("--out", default=str(CODEBOOK_FILE))
    args = parser.parse_args(argv)
    embedder = make_embedder(DEFAULT_MODEL, cache_dirs=[REPO / "data" / "models"])
    started = time.time()
    fitting = np.concatenate(token_vectors(embedder, evaluate.load(args.squad).articles))
    print(f"{len(fitting)} token vectors of SQuAD part A in {time.time() - started:.0f} s")
    rng = np.random.default_rng(0)
    sample = fitting[rng.permutation(len(fitting))[: args.samples]]
    quantizer = faiss.ProductQuantizer(sample.shape[1], PARTS, 8)
    started = time.time()
    quantizer.train(np.ascontiguousarray(sample, dtype=np.float32))
    centroids = faiss.vector_to_array(quantizer.centroids).reshape(PARTS, 256, -1).astype(np.float32)
    print(f"trained in {time.time() - started:.0f} s")
    np.savez(args.out, model=embedder.fingerprint, centroids=centroids,
             fitted_on=f"SQuAD v1.1 dev part A passages, {len(sample)} token vectors")
    print(f"wrote {args.out}")

    readers = evaluate.load(args.readers)
    wanted = {q.article_id for q in readers.questions}
    own = [a for a in readers.articles if a.id in wanted]
    held_out = token_vectors(embedder, own)
    sentences = [held_out[i] for i in rng.permutation(len(held_out))[:300]]
    _, question_tokens = embedder.embed_with_tokens([q.text for q in readers.questions[:100]])
    codec = TokenCodec(f"pq{PARTS}", centroids)
    mean_tokens = np.mean([len(m) for m in held_out])
    print(f"held out: 100 reader questions x 300 sentences of their BBC articles ({mean_tokens:.1f} tokens a sentence)")
    for name, candidate, size in (("int8 (before)", INT8_TOKENS, 4 + sentences[0].shape[1]), (f"PQ {PARTS}", codec, PARTS)):
        moved, correlation = fidelity(candidate, sentences, question_tokens)
        print(f"  {name:14s} {size:4d} bytes a token ({size * mean_tokens / 1024:.2f} KiB a sentence): "
              f"mean |change| of the late match {moved:.4f}, correlation {correlation:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
