"""A sentence-transformers model (Transformer + mean pooling, like the bundled
all-MiniLM-L6-v2) run by ONNX Runtime, tokenized by `tokenizers`: answering a question imports
neither torch nor transformers. The ONNX graph is exported once from the model's own weights
(that one time needs torch) and cached on disk; nothing is downloaded."""
from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import tempfile
import threading
import warnings
from pathlib import Path
from typing import Sequence

import numpy as np

from .pooling import MERGE_PADDING, TOKENS_PER_BATCH, PassageVectors, Progress, Span, gather, late_chunk, unit_rows

log = logging.getLogger(__name__)

# Part of the cached file's name: a change to how the graph is exported or quantized must not
# reuse a file written by the old recipe.
EXPORT_VERSION = 1
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def onnx_compatible(model_dir: Path) -> bool:
    """Whether the model is one this module reproduces exactly: a BERT encoder whose sentence
    vector is the mean of its token vectors (optionally normalised), nothing after it."""
    try:
        modules = json.loads((model_dir / "modules.json").read_text())
        config = json.loads((model_dir / "config.json").read_text())
    except (OSError, ValueError):
        return False
    if not (model_dir / "tokenizer.json").is_file() or config.get("model_type") != "bert":
        return False
    kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
    if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
        return False
    if modules[0].get("path", "") != "":
        return False
    pooling = _read_json(model_dir / modules[1].get("path", "") / "config.json")
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v]
    return modes == ["pooling_mode_mean_tokens"]


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def max_length(model_dir: Path) -> int:
    """The word-piece limit sentence-transformers truncates at: its own setting, else the
    tokenizer's, never past the position embeddings."""
    config = _read_json(model_dir / "config.json")
    limit = config.get("max_position_embeddings", 512)
    declared = _read_json(model_dir / "sentence_bert_config.json").get("max_seq_length")
    if declared is None:
        declared = _read_json(model_dir / "tokenizer_config.json").get("model_max_length", limit)
    return int(min(declared, limit))


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _atomic_target(target: Path) -> Path:
    return target.with_name(f"{target.name}.tmp{os.getpid()}-{threading.get_ident()}")


def _in_child(step: str, source: Path, target: Path, timeout: float = 900) -> None:
    """Export or quantize in a child process: torch (300 MB and seconds to import) and onnx are
    never loaded into the process that goes on answering, which matters for the bot's
    footprint."""
    environment = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    try:
        subprocess.run([sys.executable, "-m", "index.onnx_embed", step, str(source), str(target)],
                       check=True, capture_output=True, text=True, env=environment, timeout=timeout,
                       cwd=Path(__file__).resolve().parents[1])
    except subprocess.CalledProcessError as error:
        raise RuntimeError(f"{step} of {source} to ONNX failed: {error.stderr[-2000:]}") from None


def export(model_dir: Path, target: Path) -> None:
    _in_child("export", model_dir, target)


def quantize(source: Path, target: Path) -> None:
    _in_child("quantize", source, target)


def _export_here(model_dir: Path, target: Path) -> None:
    """Trace the transformer (token vectors out; pooling is done in numpy) with dynamic batch
    and sequence axes. Written beside `target` and renamed, so a reader never sees half a file."""
    import torch
    from transformers import AutoModel

    # Eager attention traces to plain MatMul/Softmax, which ONNX Runtime fuses; the traced
    # example has padding so the attention mask is part of the graph, not folded away.
    model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager")
    model.eval()

    class Hidden(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    ids = torch.tensor([[101, 7592, 2088, 102], [101, 7592, 102, 0]])
    mask = (ids != 0).long()
    tmp = _atomic_target(target)
    try:
        # The tracer's warnings (legacy exporter, Python booleans taken as constants) concern
        # code paths this model's inputs never take; a user would only see noise.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            torch.onnx.export(
                Hidden(model), (ids, mask, torch.zeros_like(ids)), str(tmp), input_names=list(_INPUTS),
                output_names=["last_hidden_state"], opset_version=17, dynamo=False,
                dynamic_axes={name: {0: "batch", 1: "sequence"} for name in (*_INPUTS, "last_hidden_state")},
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _quantize_here(source: Path, target: Path) -> None:
    """8-bit weights (the word-embedding table too: a quarter of the size), activations quantized
    on the fly, so no calibration data is needed. Per-channel unsigned weights kept the
    bundled model's vectors closest (cosine 0.993 on average to the float ones, against 0.956
    for the per-tensor signed default; bench/speed.py prints it)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = _atomic_target(target)
    logging.getLogger().setLevel(logging.ERROR)  # its advice to pre-process: nothing a user can act on
    try:
        quantize_dynamic(str(source), str(tmp), per_channel=True, weight_type=QuantType.QUInt8)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


class OnnxEmbedder:
    """Same vectors as `SentenceTransformerEmbedder` for the same model (cosine ≥ 0.999), so it
    shares its fingerprint; the int8 variant's vectors differ and so does its fingerprint.
    Loads on first use; one session serves concurrent calls (ONNX Runtime's `run` is
    thread-safe, and the tokenizer is only read after it is set up).

    `threads`: ONNX Runtime's intra-op threads (default: one per core). `spinning`: whether
    those threads spin while waiting for work, ONNX Runtime's default. Off here: a question's
    embedding is a few milliseconds between stretches of Python (search, scoring), during which
    a spinning thread held a core doing nothing, the core the scoring of other questions and
    the rest of the process needed. Measured (`bench/speed.py --concurrency-only`): the CPU
    time a question costs halved, for the same vectors."""

    def __init__(self, model_dir: str | Path, fingerprint: str, cache_dirs: Sequence[Path],
                 int8: bool = False, batch_size: int = 32, dim: int | None = None,
                 threads: int | None = None, spinning: bool = False,
                 tokens_per_batch: int = TOKENS_PER_BATCH, merge_padding: int = MERGE_PADDING):
        self.path = Path(model_dir)
        self.threads = threads or _cores()
        self.spinning = spinning
        self.int8 = int8
        self.batch_size = batch_size
        self.tokens_per_batch = tokens_per_batch  # how indexing batches passages: see pooling
        self.merge_padding = merge_padding
        self.cache_dirs = [Path(d) for d in cache_dirs]
        self._fingerprint = f"{fingerprint}:int8" if int8 else fingerprint
        self._dim = dim or int(_read_json(self.path / "config.json")["hidden_size"])
        self._max_length = max_length(self.path)
        self._lock = threading.Lock()
        self._session = None
        self._tokenizer = None
        self._whole = None  # a tokenizer that never truncates, for late chunking

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def dim(self) -> int:
        return self._dim

    # loading ---------------------------------------------------------------------------------
    def _file_name(self, int8: bool) -> str:
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in self._fingerprint.removesuffix(":int8"))
        return f"{safe}.v{EXPORT_VERSION}{'.int8' if int8 else ''}.onnx"

    def model_file(self, scratch: Path) -> Path:
        """The cached graph, exported (and quantized) now when no cache directory has it:
        the first writable directory gets it; with none writable, `scratch` (for this run)."""
        name = self._file_name(self.int8)
        for folder in self.cache_dirs:
            if (folder / name).is_file():
                return folder / name
        for folder in self.cache_dirs:
            try:
                folder.mkdir(parents=True, exist_ok=True)
                if os.access(folder, os.W_OK):  # else a 10-second export would fail at its end
                    return self._build(folder)
            except OSError as error:
                log.info("cannot write the ONNX model to %s: %s", folder, error)
        log.warning("no writable folder for the ONNX model among %s: exporting it for this run only",
                    ", ".join(map(str, self.cache_dirs)))
        return self._build(scratch)

    def _build(self, folder: Path) -> Path:
        target = folder / self._file_name(self.int8)
        plain = next((d / self._file_name(False) for d in self.cache_dirs
                      if (d / self._file_name(False)).is_file()), folder / self._file_name(False))
        if not plain.is_file():
            log.info("exporting %s to ONNX (once): %s", self.path.name, plain)
            export(self.path, plain)
        if self.int8:
            quantize(plain, target)
        return target

    def load(self) -> None:
        """Export if needed and open the session: done by the first embedding, or ahead of
        time (indexing does it, so a later `ask` never needs torch)."""
        with self._lock:
            if self._session is not None:
                return
            import onnxruntime as ort
            from tokenizers import Tokenizer

            tokenizer = Tokenizer.from_file(str(self.path / "tokenizer.json"))
            # tokenizer.json carries a fixed 128-token padding and truncation that
            # sentence-transformers overrides; padding is done per batch below.
            tokenizer.no_padding()
            tokenizer.enable_truncation(self._max_length)
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            if not self.spinning:
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            options.log_severity_level = 3
            # The session holds the graph in memory: a scratch export may go once it is open.
            with tempfile.TemporaryDirectory(prefix="quotebot-onnx-") as scratch:
                session = ort.InferenceSession(str(self.model_file(Path(scratch))), options,
                                               providers=["CPUExecutionProvider"])
            # The session is what other threads test, without the lock, to know it is loaded: it
            # is set last, so a thread that sees it sees the tokenizer too.
            self._tokenizer = tokenizer
            self._session = session

    def prefetch(self) -> threading.Thread:
        """Open the session in the background (ONNX Runtime builds it without the GIL) while
        the caller opens the index; join the thread before exiting."""

        def load() -> None:
            try:
                self.load()
            except Exception:  # the embedding that needs it loads again and raises
                log.debug("loading the ONNX model ahead failed", exc_info=True)

        thread = threading.Thread(target=load, name="onnx-load", daemon=True)
        thread.start()
        return thread

    # embedding -------------------------------------------------------------------------------
    def _run(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Token vectors (batch × longest × dim) and the attention mask of one batch."""
        if self._session is None:
            self.load()
        encodings = self._tokenizer.encode_batch([t.strip() for t in texts])
        longest = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), longest), dtype=np.int64)
        mask = np.zeros((len(texts), longest), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        return self._hidden(ids, mask), mask

    def _hidden(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """The model's token vectors for padded ids (batch × length × dim)."""
        return self._session.run(None, {"input_ids": ids, "attention_mask": mask,
                                        "token_type_ids": np.zeros_like(ids)})[0]

    def _batches(self, texts: Sequence[str]):
        """Positions in batches of similar length, which pad less."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            yield order[start : start + self.batch_size]

    def _encode(self, texts: Sequence[str], tokens: bool) -> tuple[np.ndarray, list[np.ndarray]]:
        hidden, mask = self._run(texts)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        vectors = unit_rows(pooled)
        kept: list[np.ndarray] = []
        if tokens:
            for row, length in enumerate(mask.sum(axis=1)):
                rows = hidden[row, :length]
                kept.append(unit_rows(rows[1:-1] if length > 2 else rows))  # without [CLS], [SEP]
        return vectors, kept

    def embed_with_tokens(self, texts: Sequence[str], progress=None) -> tuple[np.ndarray, list[np.ndarray]]:
        return gather(texts, self._batches(texts), lambda batch: self._encode(batch, True), self._dim, progress)

    def embed(self, texts: Sequence[str], progress=None) -> np.ndarray:
        vectors = np.zeros((len(texts), self._dim), dtype=np.float32)
        for batch in self._batches(texts):
            vectors[batch] = self._encode([texts[i] for i in batch], False)[0]
            if progress:
                progress(len(batch))
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return np.ascontiguousarray(self._encode([text], False)[0][0])

    def embed_query_with_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        vectors, tokens = self._encode([text], True)
        return np.ascontiguousarray(vectors[0]), tokens[0]

    def embed_passages(self, texts: Sequence[str], spans: Sequence[Sequence[Span]],
                       progress: Progress | None = None) -> list[PassageVectors]:
        if self._session is None:
            self.load()
        with self._lock:
            if self._whole is None:
                from tokenizers import Tokenizer

                whole = Tokenizer.from_file(str(self.path / "tokenizer.json"))
                whole.no_padding()
                whole.no_truncation()
                self._whole = whole
        encodings = self._whole.encode_batch(list(texts), add_special_tokens=False)
        specials = self._whole.encode("").ids  # [CLS] and [SEP]
        return late_chunk([(e.ids, e.offsets) for e in encodings], spans, self._hidden, (specials[0], specials[-1]),
                          self._max_length, self._dim, self.batch_size, progress, self.tokens_per_batch,
                          self.merge_padding)


if __name__ == "__main__":
    {"export": _export_here, "quantize": _quantize_here}[sys.argv[1]](Path(sys.argv[2]), Path(sys.argv[3]))
