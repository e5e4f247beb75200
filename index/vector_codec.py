"""How sentences' vectors are stored compactly. A sentence vector is int8 with one float32
scale (388 bytes instead of 1,536 for 384 dimensions; its cosines move by about 0.001). A
sentence's token vectors (about 31 a sentence) are product-quantized when a codebook fitted
for the model ships beside this module (`token_codebook.npz`, fitted by bench/fit_codebook.py):
64 one-byte codes a token instead of 388 bytes of int8, so the late-interaction matches move
by about 0.008 on average; for any other model they stay int8 with a scale per token.

Every token blob starts with a format byte, so a blob says how to read it. (An index written
before these formats is re-embedded once when opened: engine.SENTENCE_STORAGE.)"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .pooling import unit_rows

CODEBOOK_FILE = Path(__file__).with_name("token_codebook.npz")
_INT8, _PQ = 1, 2
# Tokens encoded per matrix product: their scores against every centroid (64 KiB a token) stay
# in the cache; 64 took a third of the time of one part at a time over a whole batch.
_ENCODE_ROWS = 64


# sentence vectors ---------------------------------------------------------------------------
def pack_vector(vector: np.ndarray) -> bytes:
    """A float32 scale, then the int8 values: a one-row token matrix's int8 form."""
    return _pack_int8(np.asarray(vector, dtype=np.float32)[None])


def unpack_vectors(blobs: list[bytes], dim: int) -> np.ndarray:
    """Rows of stored vectors: float32 as written for passages, or `pack_vector`'s int8 form
    (sentences), told apart by length."""
    if not blobs:
        return np.zeros((0, dim), dtype=np.float32)
    if all(len(b) == 4 * dim for b in blobs):
        return np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(blobs), dim)
    # A scale damaged on disk may overflow to inf: no warning for the user, sound_rows drops the row.
    with np.errstate(over="ignore", invalid="ignore"):
        if all(len(b) == 4 + dim for b in blobs):  # every one packed: read them in one go
            raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), 4 + dim)
            scales = raw[:, :4].copy().view(np.float32)
            return raw[:, 4:].view(np.int8).astype(np.float32) * scales
        rows = np.empty((len(blobs), dim), dtype=np.float32)
        for i, blob in enumerate(blobs):
            if len(blob) == 4 * dim:
                rows[i] = np.frombuffer(blob, dtype=np.float32)
            else:
                rows[i] = _unpack_int8(blob, dim)[0]
        return rows


def sound_rows(matrix: np.ndarray) -> np.ndarray:
    """The rows as stored, save any damaged on disk (not finite, or far longer than the unit
    vectors the model writes) set to zero: such a row then matches nothing instead of making
    every score it meets overflow. `quotebot doctor` finds and re-embeds them."""
    with np.errstate(all="ignore"):  # a damaged row's square may overflow: it is then inf
        lengths = np.einsum("ij,ij->i", matrix, matrix)
    damaged = ~(lengths <= 4.0)  # NaN compares false
    if not damaged.any():
        return matrix
    matrix = matrix.copy()
    matrix[damaged] = 0.0
    return matrix


# token vectors ------------------------------------------------------------------------------
def _pack_int8(matrix: np.ndarray) -> bytes:
    scales = np.abs(matrix).max(axis=1) / 127 if len(matrix) else np.zeros(0, np.float32)
    scales = np.where(scales > 0, scales, 1.0).astype(np.float32)
    return scales.tobytes() + np.round(matrix / scales[:, None]).astype(np.int8).tobytes()


def _unpack_int8(blob: bytes | memoryview, dim: int) -> np.ndarray:
    count = len(blob) // (4 + dim)
    scales = np.frombuffer(blob, dtype=np.float32, count=count)
    values = np.frombuffer(blob, dtype=np.int8, offset=4 * count).reshape(count, dim)
    return values.astype(np.float32) * scales[:, None]


@dataclass(frozen=True, eq=False)
class TokenCodec:
    """Packs sentences' unit token vectors into bytes and back (as unit rows). Many at once:
    a question reads some 1,500 tokens of its candidates, an indexing batch thousands."""

    name: str  # recorded with the index: a different codec means re-embedding the sentences
    centroids: np.ndarray | None = None  # (codes per token, 256, dimensions per code)

    def pack(self, matrix: np.ndarray) -> bytes:
        return self.pack_many([matrix])[0]

    def unpack(self, blob: bytes, dim: int) -> np.ndarray:
        return self.unpack_many([blob], dim)[0]

    def pack_many(self, matrices: Sequence[np.ndarray]) -> list[bytes]:
        matrices = [np.asarray(m, dtype=np.float32) for m in matrices]
        if self.centroids is None:
            return [bytes([_INT8]) + _pack_int8(m) for m in matrices]
        if not matrices:
            return []
        parts, _, width = self.centroids.shape
        tokens = np.concatenate(matrices) if any(len(m) for m in matrices) else np.zeros((0, parts * width), np.float32)
        codes = np.empty((len(tokens), parts), dtype=np.uint8)
        scorer = self._scorer
        for start in range(0, len(tokens), _ENCODE_ROWS):
            # per part, the centroid c nearest x is the one maximising x·c - |c|²/2 (|x|² is
            # the same for all): one matrix product of [x, 1] over every part at once
            block = tokens[start : start + _ENCODE_ROWS].reshape(-1, parts, width).transpose(1, 0, 2)
            block = np.concatenate([block, np.ones((parts, block.shape[1], 1), np.float32)], axis=2)
            codes[start : start + _ENCODE_ROWS] = np.matmul(block, scorer).argmax(axis=2).T
        ends = np.cumsum([len(m) for m in matrices])
        return [bytes([_PQ]) + c.tobytes() for c in np.split(codes, ends[:-1])]

    @cached_property
    def _scorer(self) -> np.ndarray:
        """Per part, its centroids as columns with -|c|²/2 below them: (parts, width + 1, 256)."""
        half_squared = -0.5 * (self.centroids ** 2).sum(axis=2, keepdims=True)
        return np.ascontiguousarray(np.concatenate([self.centroids, half_squared], axis=2).transpose(0, 2, 1),
                                    dtype=np.float32)

    def unpack_many(self, blobs: Sequence[bytes], dim: int) -> list[np.ndarray]:
        found: list[np.ndarray | None] = [None] * len(blobs)
        quantized: list[int] = []
        for i, blob in enumerate(blobs):
            kind = blob[0]
            if kind == _INT8:
                found[i] = _unpack_int8(memoryview(blob)[1:], dim)
            elif kind == _PQ and self.centroids is not None:
                quantized.append(i)
            else:
                raise ValueError(f"token vectors stored in format {kind}, which codec {self.name} cannot read")
        if quantized:
            parts = self.centroids.shape[0]
            codes = [np.frombuffer(blobs[i], dtype=np.uint8, offset=1).reshape(-1, parts) for i in quantized]
            every = np.concatenate(codes)
            rows = unit_rows(self._decoder().decode(every)) if len(every) else np.zeros((0, dim), np.float32)
            for i, part in zip(quantized, np.split(rows, np.cumsum([len(c) for c in codes])[:-1])):
                found[i] = part
        return found  # type: ignore[return-value]

    def _decoder(self):
        """FAISS's decoder for these centroids: a tenth of numpy's time for a question's tokens."""
        decoder = self.__dict__.get("_faiss")
        if decoder is None:
            import faiss

            # Its OpenMP threads spin while they wait: on a busy 2-core host that made one
            # question's decode ten times slower than a single thread.
            faiss.omp_set_num_threads(1)
            parts, _, width = self.centroids.shape
            decoder = faiss.ProductQuantizer(parts * width, parts, 8)
            faiss.copy_array_to_vector(np.ascontiguousarray(self.centroids, dtype=np.float32).ravel(),
                                       decoder.centroids)
            object.__setattr__(self, "_faiss", decoder)
        return decoder


INT8_TOKENS = TokenCodec("int8")


@lru_cache(maxsize=8)
def codec_for(model: str, dim: int, path: Path = CODEBOOK_FILE) -> TokenCodec:
    """The product quantizer fitted for this model when one ships, else int8 tokens."""
    try:
        with np.load(path, allow_pickle=False) as stored:
            fitted_for, centroids = str(stored["model"]), stored["centroids"].astype(np.float32)
    except (OSError, KeyError, ValueError):
        return INT8_TOKENS
    if fitted_for != model or centroids.ndim != 3 or centroids.shape[0] * centroids.shape[2] != dim:
        return INT8_TOKENS
    digest = hashlib.sha256(centroids.tobytes()).hexdigest()[:12]
    return TokenCodec(f"pq{centroids.shape[0]}-{digest}", centroids)
