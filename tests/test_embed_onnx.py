"""The bundled model on ONNX Runtime against the same model on sentence-transformers, and
`quotebot` as a user runs it: questions answered without torch, commands that need no model
loading none."""
from __future__ import annotations

import threading

import numpy as np
import pytest

from index.embed import SentenceTransformerEmbedder, make_embedder
from index.onnx_embed import OnnxEmbedder
from index.settings import DEFAULT_MODEL

from .conftest import LAUNCH_ARTICLE
from .test_embed import run_probe

pytestmark = pytest.mark.integration

QUESTION = "How much did DeepSeek spend to build its model?"


@pytest.fixture(scope="module")
def onnx_cache(tmp_path_factory):
    return tmp_path_factory.mktemp("onnx-cache")


@pytest.fixture(scope="module")
def onnx_embedder(onnx_cache) -> OnnxEmbedder:
    embedder = make_embedder(DEFAULT_MODEL, cache_dirs=[onnx_cache])
    assert isinstance(embedder, OnnxEmbedder)
    return embedder


def texts() -> list[str]:
    article = LAUNCH_ARTICLE.read_text(encoding="utf-8")
    return [
        QUESTION,
        "DeepSeek",
        "  Whitespace   around\tand inside  ",
        article[:3000],  # past the 256 word pieces both truncate at
        *[line for line in article.splitlines() if len(line) > 60][:20],
    ]


def test_onnx_vectors_are_the_sentence_transformers_vectors(onnx_embedder, real_embedder):
    assert isinstance(real_embedder, SentenceTransformerEmbedder)
    assert onnx_embedder.fingerprint == real_embedder.fingerprint
    batch = texts()
    expected, expected_tokens = real_embedder.embed_with_tokens(batch)
    vectors, tokens = onnx_embedder.embed_with_tokens(batch)
    assert (vectors * expected).sum(axis=1).min() >= 0.999
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    for mine, theirs in zip(tokens, expected_tokens):
        assert mine.shape == theirs.shape  # same word pieces kept, [CLS] and [SEP] left out
        assert (mine * theirs).sum(axis=1).min() >= 0.999
    assert (onnx_embedder.embed(batch) * expected).sum(axis=1).min() >= 0.999
    vector, query_tokens = onnx_embedder.embed_query_with_tokens(QUESTION)
    assert float(vector @ real_embedder.embed_query(QUESTION)) >= 0.999
    assert np.allclose(vector, onnx_embedder.embed_query(QUESTION), atol=1e-6)
    assert np.allclose(query_tokens, tokens[0], atol=1e-4)  # alone or in a padded batch


def test_concurrent_questions_on_a_fresh_embedder_get_their_own_vectors(onnx_embedder, onnx_cache):
    questions = [line for line in texts()[4:12]]
    alone = [onnx_embedder.embed_query_with_tokens(q) for q in questions]
    fresh = make_embedder(DEFAULT_MODEL, cache_dirs=[onnx_cache])  # loads under the first callers
    results: dict[int, tuple] = {}
    start = threading.Barrier(len(questions))

    def ask(i: int) -> None:
        start.wait()
        for _ in range(3):
            results[i] = fresh.embed_query_with_tokens(questions[i])

    threads = [threading.Thread(target=ask, args=(i,)) for i in range(len(questions))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert len(results) == len(questions)
    for i, (vector, tokens) in results.items():
        assert np.allclose(vector, alone[i][0], atol=1e-5) and np.allclose(tokens, alone[i][1], atol=1e-5)


def test_the_thread_settings_change_no_vector(onnx_embedder):
    # The shipped session no longer spins between runs; one thread is what bench/speed.py
    # compares it with. Neither may change what a question or a passage is embedded as.
    batch = texts()
    expected, expected_tokens = onnx_embedder.embed_with_tokens(batch)
    assert not onnx_embedder.spinning and onnx_embedder.threads >= 1
    for options in ({"threads": 1}, {"threads": 2, "spinning": True}):
        other = OnnxEmbedder(onnx_embedder.path, onnx_embedder.fingerprint, onnx_embedder.cache_dirs,
                             dim=onnx_embedder.dim, **options)
        vectors, tokens = other.embed_with_tokens(batch)
        assert np.allclose(vectors, expected, atol=1e-5)
        assert all(np.allclose(mine, theirs, atol=1e-5) for mine, theirs in zip(tokens, expected_tokens))
        assert other.fingerprint == onnx_embedder.fingerprint


def test_indexing_in_small_batches_changes_no_passage_or_sentence_vector(onnx_embedder, onnx_cache):
    from index.chunk import chunk
    from index.engine import passage_embed_text
    from index.ingest import read_file

    article = read_file(LAUNCH_ARTICLE)
    passages = chunk(article)
    texts = [passage_embed_text(article.title, p.text) for p in passages]
    spans = []
    for passage, text in zip(passages, texts):
        shift = len(text) - len(passage.text) - passage.start
        spans.append([(s.start + shift, s.end + shift) for s in passage.sentences])
    # and the whole article as one passage: its later sentences are read in further windows
    texts.append(article.text)
    spans.append([(s.start, s.end) for p in passages for s in p.sentences])
    shipped = onnx_embedder.embed_passages(texts, spans)
    # the batching shipped before: 32 windows at a time, padded to the longest
    padded = OnnxEmbedder(onnx_embedder.path, onnx_embedder.fingerprint, [onnx_cache], dim=onnx_embedder.dim,
                          tokens_per_batch=10**9, merge_padding=10**9).embed_passages(texts, spans)
    assert len(shipped[-1].sentences) > 20
    for mine, theirs in zip(shipped, padded):
        assert np.allclose(mine.vector, theirs.vector, atol=1e-5)
        assert np.allclose(mine.sentences, theirs.sentences, atol=1e-5)
        assert all(np.allclose(a, b, atol=1e-5) for a, b in zip(mine.tokens, theirs.tokens))


def test_int8_vectors_stay_close_under_their_own_fingerprint(onnx_embedder, onnx_cache):
    int8 = make_embedder(DEFAULT_MODEL, int8=True, cache_dirs=[onnx_cache])
    assert int8.fingerprint == onnx_embedder.fingerprint + ":int8"
    batch = texts()
    cosines = (int8.embed(batch) * onnx_embedder.embed(batch)).sum(axis=1)
    assert cosines.mean() >= 0.98
    assert list((onnx_cache).glob("*.int8.onnx"))


def test_questions_are_answered_without_torch_and_other_commands_without_a_model(tmp_path):
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / LAUNCH_ARTICLE.name).write_text(LAUNCH_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    # An empty user cache of its own: a graph another run left in ~/.cache/quotebot would be used
    # instead of exported into the data dir.
    env = {"QUOTEBOT_ARTICLES_DIR": str(articles), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    # The first use indexes the article: the one time the ONNX graph is exported, by a child
    # process, so torch's memory is not kept by the one that goes on.
    built, heavy = run_probe(tmp_path, "add", str(articles), env=env)
    assert built.returncode == 0, built.stderr
    assert list((tmp_path / "data" / "models").glob("*.onnx"))
    assert heavy == {"onnxruntime", "tokenizers"}

    asked, heavy = run_probe(tmp_path, "ask", QUESTION, env=env)
    assert asked.returncode == 0, asked.stderr
    assert "$6 million" in asked.stdout
    assert heavy == {"onnxruntime", "tokenizers"}

    unchanged, heavy = run_probe(tmp_path, "add", str(articles), env=env)
    assert unchanged.returncode == 0 and "unchanged" in unchanged.stdout, unchanged.stderr
    assert heavy == set()

    # The torch path reads the same index (same fingerprint, nothing re-embedded).
    fallback, heavy = run_probe(tmp_path, "ask", QUESTION, env={**env, "QUOTEBOT_EMBED_RUNTIME": "torch"})
    assert fallback.returncode == 0, fallback.stderr
    assert "$6 million" in fallback.stdout and "torch" in heavy
    assert "re-embedding" not in fallback.stderr

    removed, heavy = run_probe(tmp_path, "remove", "DeepSeek", env=env)
    assert removed.returncode == 0 and "removed" in removed.stdout, removed.stderr
    assert heavy == set()
