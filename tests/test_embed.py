"""Which embedder a setting gives, and that commands needing no model never load one (checked
in a fresh process: what a user's `quotebot list` imports). No model is run here."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from index.embed import SentenceTransformerEmbedder, embedder_for, make_embedder, resolve_model
from index.onnx_embed import OnnxEmbedder, max_length, onnx_compatible
from index.settings import DEFAULT_MODEL, Settings

from .conftest import REPO

# What loading the model brings in; numpy and faiss are cheap and always there.
HEAVY = {"torch", "transformers", "sentence_transformers", "onnxruntime", "onnx", "tokenizers"}

# Runs `quotebot ARGS` like the console script does and writes every module it imported (full
# names) to a file, whatever the exit status.
PROBE = """
import json, runpy, sys
out = sys.argv.pop(1)
sys.argv[0] = "quotebot"
try:
    runpy.run_module("bot", run_name="__main__", alter_sys=True)
finally:
    with open(out, "w") as f:
        json.dump(sorted(sys.modules), f)
"""


def top_level(out: Path) -> set[str]:
    """The top-level packages among the modules PROBE wrote."""
    return {name.split(".")[0] for name in json.loads(out.read_text())}


def run_probe(tmp_path: Path, *args: str, env: dict | None = None, stdin: str | None = None):
    """The command's result and the heavy modules it imported."""
    out = tmp_path / "modules.json"
    inherited = {name: value for name, value in os.environ.items() if name != "QUOTEBOT_MODEL"}
    environment = {**inherited, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false",
                   "QUOTEBOT_ARTICLES_DIR": str(tmp_path / "no-articles"), **(env or {})}
    result = subprocess.run([sys.executable, "-c", PROBE, str(out), "--data-dir", str(tmp_path / "data"), *args],
                            capture_output=True, text=True, env=environment, cwd=tmp_path, input=stdin,
                            timeout=120)
    return result, HEAVY & top_level(out)


@pytest.mark.parametrize("command", [["list"], ["status"], ["feedback"], ["--help"], ["ask", "--help"]])
def test_commands_that_need_no_model_import_none_of_it(tmp_path, command):
    result, heavy = run_probe(tmp_path, *command)
    assert result.returncode == 0, result.stderr
    assert heavy == set()


def test_opening_the_index_learns_the_vector_size_without_loading_a_model(tmp_path):
    # `remove` and an unchanged `add` open the vector index, which needs its size: that once
    # loaded torch and the model (6 s) for a number the model's files declare.
    code = """
import json, sys
from pathlib import Path
from index.engine import Engine
from index.embed import SentenceTransformerEmbedder
from index.settings import Settings
settings = Settings(data_dir=Path(sys.argv[1]), articles_dir=Path(sys.argv[1]) / "none", _env_file=None)
engine = Engine(settings)
sizes = [engine.vectors.dim, SentenceTransformerEmbedder().dim]
engine.close()
print(json.dumps({"sizes": sizes, "modules": sorted({m.split(".")[0] for m in sys.modules})}))
"""
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "data")], capture_output=True,
                            text=True, cwd=REPO, timeout=120, env={**os.environ, "HF_HUB_OFFLINE": "1"})
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["sizes"] == [384, 384]
    assert HEAVY & set(report["modules"]) == set()


def test_the_bundled_model_runs_on_onnx_runtime_with_the_fingerprint_of_its_torch_path(tmp_path):
    onnx = embedder_for(Settings(data_dir=tmp_path / "data", _env_file=None))
    torch_path = embedder_for(Settings(data_dir=tmp_path / "data", embed_runtime="torch", _env_file=None))
    assert isinstance(onnx, OnnxEmbedder) and isinstance(torch_path, SentenceTransformerEmbedder)
    # Same vectors, same fingerprint: an index built before ONNX is not re-embedded.
    assert onnx.fingerprint == torch_path.fingerprint
    assert onnx.cache_dirs[0] == tmp_path / "data" / "models"
    # int8 vectors are close, not equal: switching must re-embed rather than mix the two.
    int8 = embedder_for(Settings(data_dir=tmp_path / "data", embed_int8=True, _env_file=None))
    assert int8.fingerprint != onnx.fingerprint and int8.dim == onnx.dim == 384


def test_the_runtime_is_chosen_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTEBOT_EMBED_RUNTIME", "torch")
    assert isinstance(embedder_for(Settings(data_dir=tmp_path, _env_file=None)), SentenceTransformerEmbedder)
    monkeypatch.setenv("QUOTEBOT_EMBED_RUNTIME", "tensorflow")
    with pytest.raises(ValueError):
        Settings(data_dir=tmp_path, _env_file=None)


def test_onnx_truncates_where_sentence_transformers_does():
    assert max_length(Path(resolve_model(DEFAULT_MODEL))) == 256  # tokenizer.json says 128


def test_a_model_onnx_would_not_reproduce_stays_on_sentence_transformers(tmp_path):
    # A user's model with a Dense layer after pooling: the ONNX path pools only.
    bundled = Path(resolve_model(DEFAULT_MODEL))
    model = tmp_path / "my-model"
    shutil.copytree(bundled, model, ignore=shutil.ignore_patterns("*.safetensors"))
    assert onnx_compatible(model)
    modules = json.loads((model / "modules.json").read_text())
    modules.insert(2, {"idx": 2, "name": "2", "path": "2_Dense", "type": "sentence_transformers.models.Dense"})
    (model / "modules.json").write_text(json.dumps(modules))
    assert not onnx_compatible(model)
    embedder = make_embedder(str(model))
    assert isinstance(embedder, SentenceTransformerEmbedder)
    assert embedder.fingerprint.startswith("st:my-model:")
    # A model named by hub id (not on disk) is left to sentence-transformers too.
    assert isinstance(make_embedder("someone/some-model"), SentenceTransformerEmbedder)


@pytest.mark.integration
def test_loading_the_torch_model_draws_no_progress_bar_when_output_is_not_a_terminal(tmp_path):
    # transformers' "Loading weights: 100%|…" landed in logs and after the console's prompt.
    result, heavy = run_probe(tmp_path, "ask", "What did DeepSeek spend?",
                              env={"QUOTEBOT_EMBED_RUNTIME": "torch", "QUOTEBOT_ARTICLES_DIR": str(REPO / "articles")})
    assert result.returncode == 0, result.stderr
    assert "torch" in heavy  # the model was loaded
    assert "Loading weights" not in result.stderr and "it/s" not in result.stderr


@pytest.mark.integration
def test_a_model_that_is_not_on_this_machine_is_a_clear_error_and_the_index_is_kept(tmp_path):
    """`QUOTEBOT_MODEL=no-such-model-xyz quotebot ask …` printed a 111-line traceback after
    warning it was re-embedding the index."""
    env = {"QUOTEBOT_ARTICLES_DIR": str(REPO / "articles")}
    first, _ = run_probe(tmp_path, "ask", "What did DeepSeek spend?", env=env)
    assert first.returncode == 0, first.stderr
    result, _ = run_probe(tmp_path, "ask", "What did DeepSeek spend?", env={**env, "QUOTEBOT_MODEL": "no-such-model-xyz"})
    assert result.returncode == 1 and "Traceback" not in result.stderr + result.stdout
    assert "The embedding model 'no-such-model-xyz' cannot be loaded" in result.stderr + result.stdout
    assert "re-embedding" not in result.stderr
    again, _ = run_probe(tmp_path, "ask", "What did DeepSeek spend?", env=env)
    assert again.returncode == 0 and "$6 million" in again.stdout


# late chunking: one pass per passage ----------------------------------------------------------
def _word_encoding(text: str):
    """A word-level stand-in for a tokenizer: each word's id is its length, with its offsets."""
    import re

    found = list(re.finditer(r"\S+", text))
    return [len(m.group()) for m in found], [(m.start(), m.end()) for m in found]


def _recording_run(windows: list):
    """A stand-in model whose token vector says which window read it and the token's id, so
    the test can see where each sentence was read."""
    import numpy as np

    def run(ids, mask):
        out = np.zeros((*ids.shape, 4), dtype=np.float32)
        for row in range(len(ids)):
            windows.append([int(i) for i in ids[row][mask[row] == 1]])
            out[row, :, 0] = len(windows)  # the window's number
            out[row, :, 1] = ids[row]
            out[row, :, 2] = 1.0
        return out

    return run


def test_late_chunking_reads_each_sentence_within_its_passage_and_a_long_one_in_a_further_window():
    import numpy as np

    from index.embed import late_chunk

    text = "Title\none two three. four five six seven. eight nine ten eleven twelve."
    spans = [(6, 20), (21, 41), (42, len(text))]
    windows: list = []
    # room for 8 content tokens (10 with [CLS] and [SEP]): the third sentence does not fit
    found = late_chunk([_word_encoding(text)], [spans], _recording_run(windows), (101, 102), 10, 4)
    assert len(windows) == 2
    whole, further = sorted(windows, key=len, reverse=True)
    assert whole[0] == 101 and whole[-1] == 102 and len(whole) == 10
    assert further[1:-1] == [5, 4, 3, 6, 7]  # "eight nine ten eleven twelve." read from its start
    first_window, second_window = windows.index(whole) + 1, windows.index(further) + 1
    passage = found[0]
    assert [len(t) for t in passage.tokens] == [3, 4, 5]  # "Title" belongs to no sentence

    def unit(vector):
        vector = np.asarray(vector, dtype=float)
        return vector / np.linalg.norm(vector)

    # a sentence's vector is the mean of its own tokens' vectors, read in the window holding it whole
    assert np.allclose(passage.sentences[0], unit([first_window, np.mean([3, 3, 6]), 1, 0]))
    assert np.allclose(passage.sentences[2], unit([second_window, np.mean([5, 4, 3, 6, 7]), 1, 0]))
    # the passage vector is what the model's own truncation reads: the first window, specials included
    assert np.allclose(passage.vector, unit(np.mean([[first_window, i, 1, 0] for i in whole], axis=0)))


def test_late_chunking_reports_progress_per_passage():
    from index.embed import late_chunk

    texts = ["a b. c d.", "e f g.", "h."]
    spans = [[(0, 4), (5, 9)], [(0, 6)], [(0, 2)]]
    done: list[int] = []
    late_chunk([_word_encoding(t) for t in texts], spans, _recording_run([]), (101, 102), 16, 4,
               batch_size=2, progress=done.append)
    assert sum(done) == 3


@pytest.mark.parametrize("command", [["list"], ["status"], ["--help"]])
def test_commands_that_search_nothing_do_not_load_faiss_either(tmp_path, command):
    # FAISS is a quarter of a second to import on this machine: a third of `list`'s budget.
    out = tmp_path / "modules.json"
    environment = {**os.environ, "QUOTEBOT_ARTICLES_DIR": str(tmp_path / "no-articles")}
    result = subprocess.run([sys.executable, "-c", PROBE, str(out), "--data-dir", str(tmp_path / "data"), *command],
                            capture_output=True, text=True, env=environment, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "faiss" not in top_level(out)


def test_late_chunking_reads_passages_in_small_batches_of_like_length_that_pad_little():
    import numpy as np

    from index.embed import late_chunk

    # an article's passages of 40 to 159 words, in no order: padded to the longest of 32 at a
    # time, the model read a quarter padding; it is the model's time that indexing spends
    words = [40 + (i * 37) % 120 for i in range(48)]
    texts = [" ".join(["word."] * n) for n in words]
    spans = [[(0, len(t))] for t in texts]
    calls: list[tuple[int, int, int]] = []  # per call: rows, padded length, tokens really read

    def run(ids, mask):
        calls.append((*ids.shape, int(mask.sum())))
        out = np.zeros((*ids.shape, 4), dtype=np.float32)
        out[..., 0] = ids
        out[..., 1] = 1.0
        return out

    found = late_chunk([_word_encoding(t) for t in texts], spans, run, (101, 102), 256, 4)
    read = sum(real for _, _, real in calls)
    assert read == sum(n + 2 for n in words)  # every passage once, with [CLS] and [SEP]
    assert sum(rows * length for rows, length, _ in calls) <= 1.05 * read
    assert all(rows * length <= 512 or rows == 1 for rows, length, _ in calls)
    # how the passages were batched changes no vector
    calls.clear()
    one_by_one = late_chunk([_word_encoding(t) for t in texts], spans, run, (101, 102), 256, 4, batch_size=1)
    assert len(calls) == len(texts)
    for a, b in zip(found, one_by_one):
        assert np.array_equal(a.vector, b.vector) and np.array_equal(a.sentences, b.sentences)
        assert all(np.array_equal(x, y) for x, y in zip(a.tokens, b.tokens))
