"""Token vectors to the vectors the index stores: a text's mean-pooled vector, and late
chunking (a passage read once, each sentence's vectors pooled from its own tokens in that
reading). Shared by every embedder; needs only numpy."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

Progress = Callable[[int], None]  # called with the number of texts just embedded
Span = tuple[int, int]  # a sentence as character offsets into its passage's text


@dataclass(frozen=True)
class PassageVectors:
    """One passage read once by the model ("late chunking"): its own vector, and each of its
    sentences' vector and token vectors taken from that same reading, so a sentence carries
    what its passage says around it (the "he" a pronoun question means, the headline)."""

    vector: np.ndarray  # the passage's, as `embed` gives it
    sentences: np.ndarray  # one unit row per sentence: the mean of its tokens' vectors
    tokens: list[np.ndarray]  # per sentence, its tokens' unit vectors


def gather(texts: Sequence[str], batches, encode, dim: int, progress: Progress | None = None
           ) -> tuple[np.ndarray, list[np.ndarray]]:
    """`encode` (texts → vectors and per-text token vectors) run over `batches` of positions
    into `texts` (batched by length, so out of order), each result put back at its text's
    position; `progress` hears of each batch done."""
    vectors = np.zeros((len(texts), dim), dtype=np.float32)
    tokens: list[np.ndarray] = [np.zeros((0, dim), np.float32)] * len(texts)
    for batch in batches:
        batch_vectors, batch_tokens = encode([texts[i] for i in batch])
        vectors[batch] = batch_vectors
        for i, matrix in zip(batch, batch_tokens):
            tokens[i] = matrix
        if progress:
            progress(len(batch))
    return vectors, tokens


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def unit_rows(matrix: np.ndarray) -> np.ndarray:
    """Each row scaled to length 1 (all-zero rows left as they are), as contiguous float32."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.where(norms > 0, norms, 1.0), dtype=np.float32)


def separately(embedder, texts: Sequence[str], spans: Sequence[Sequence[Span]],
               progress: Progress | None = None) -> list[PassageVectors]:
    """`embed_passages` for a model read without token offsets: each sentence embedded on its
    own, beside its passage (two passes, and no passage context in the sentence)."""
    sentence_texts = [text[a:b] for text, text_spans in zip(texts, spans) for a, b in text_spans]
    step = (lambda count: None) if progress is None else progress
    vectors = embedder.embed(list(texts))
    sentence_vectors, tokens = embedder.embed_with_tokens(sentence_texts) if sentence_texts else (
        np.zeros((0, embedder.dim), np.float32), [])
    step(len(texts))
    found, first = [], 0
    for vector, text_spans in zip(vectors, spans):
        last = first + len(text_spans)
        found.append(PassageVectors(vector, sentence_vectors[first:last], list(tokens[first:last])))
        first = last
    return found


# Word pieces (padding included) the model reads in one call while indexing. Measured on this
# project's 2-core CPU (all-MiniLM-L6-v2, ONNX Runtime): a token costs about a third less in
# calls of 300-600 word pieces than in calls of 5,000, whose activations no longer fit the
# caches, where 32 windows of an article padded to the longest were also a quarter padding.
TOKENS_PER_BATCH = 512
# Padding a window may add to a batch rather than start a new one: a call of its own costs
# about what the model spends on a dozen or two word pieces.
MERGE_PADDING = 16


def token_batches(lengths: Sequence[int], batch_size: int, tokens_per_batch: int = TOKENS_PER_BATCH,
                  merge_padding: int = MERGE_PADDING) -> list[list[int]]:
    """Positions into `lengths` (each a text's word pieces as the model reads it) in batches of
    like length: sorted, and cut wherever the batch padded to its longest would pass
    `tokens_per_batch` word pieces or `batch_size` texts (a text longer than that goes alone),
    or where the next text would pad the batch by more than `merge_padding` word pieces."""
    batches: list[list[int]] = []
    batch: list[int] = []
    for i in sorted(range(len(lengths)), key=lengths.__getitem__):
        # sorted, so `i` is the batch's longest: the batch then reads (size + 1) × its length
        if batch and ((len(batch) + 1) * lengths[i] > tokens_per_batch or len(batch) >= batch_size
                      or len(batch) * (lengths[i] - lengths[batch[-1]]) > merge_padding):
            batches.append(batch)
            batch = []
        batch.append(i)
    if batch:
        batches.append(batch)
    return batches


@dataclass(frozen=True)
class _Window:
    text: int  # which text
    first: int  # its content tokens [first, last) are read, between [CLS] and [SEP]
    last: int


def late_chunk(encodings: Sequence[tuple[Sequence[int], Sequence[Span]]], spans: Sequence[Sequence[Span]],
               run: Callable[[np.ndarray, np.ndarray], np.ndarray], specials: tuple[int, int],
               max_length: int, dim: int, batch_size: int = 32,
               progress: Progress | None = None, tokens_per_batch: int = TOKENS_PER_BATCH,
               merge_padding: int = MERGE_PADDING) -> list[PassageVectors]:
    """Late chunking over texts already tokenized without truncation: `encodings` gives per
    text its content token ids (no [CLS]/[SEP]) and their character offsets; `run(ids, mask)`
    gives the model's token vectors (batch × length × dim). The passage vector is the mean
    over the first `max_length` word pieces, exactly what the model's own truncation reads. A
    sentence past them is read in a further window that starts at it (most passages need one
    window: 160 words and a title fit in 256 word pieces)."""
    room = max_length - 2
    cls, sep = specials
    ranges: list[list[Span]] = []  # per text, per sentence: its content tokens [a, b)
    windows: list[_Window] = []
    opening: set[int] = set()  # each text's first window: progress counts texts by them
    for t, ((ids, offsets), text_spans) in enumerate(zip(encodings, spans)):
        starts = np.array([o[0] for o in offsets], dtype=np.int64)
        ends = np.array([o[1] for o in offsets], dtype=np.int64)
        own = []
        for a, b in text_spans:
            inside = np.flatnonzero((starts >= a) & (ends <= b) & (ends > starts))
            own.append((int(inside[0]), int(inside[-1]) + 1) if len(inside) else (0, 0))
        ranges.append(own)
        opening.add(len(windows))
        windows.append(_Window(t, 0, min(len(ids), room)))
        covered = windows[-1].last
        for a, b in sorted(own):
            if b > covered and b > a:  # not (wholly) read yet: a window starting at it
                windows.append(_Window(t, a, min(len(ids), a + room)))
                covered = windows[-1].last
    hidden: dict[int, np.ndarray] = {}  # window position -> its token vectors, [CLS] first
    for batch in token_batches([w.last - w.first + 2 for w in windows], batch_size, tokens_per_batch,
                               merge_padding):
        longest = max(windows[w].last - windows[w].first for w in batch) + 2
        ids = np.zeros((len(batch), longest), dtype=np.int64)
        mask = np.zeros((len(batch), longest), dtype=np.int64)
        for row, w in enumerate(batch):
            window = windows[w]
            content = list(encodings[window.text][0][window.first : window.last])
            ids[row, : len(content) + 2] = [cls, *content, sep]
            mask[row, : len(content) + 2] = 1
        out = run(ids, mask)
        for row, w in enumerate(batch):
            hidden[w] = np.asarray(out[row, : int(mask[row].sum())], dtype=np.float32)
        if progress:
            progress(len(opening.intersection(batch)))
    found: list[PassageVectors] = []
    by_text: dict[int, list[int]] = {}
    for w, window in enumerate(windows):
        by_text.setdefault(window.text, []).append(w)
    for t, own in enumerate(ranges):
        mine = by_text[t]
        vector = _unit(hidden[mine[0]].mean(axis=0)).astype(np.float32)
        sentence_vectors = np.zeros((len(own), dim), dtype=np.float32)
        tokens: list[np.ndarray] = []
        for i, (a, b) in enumerate(own):
            # the first window that reads the sentence whole (or, for one longer than a
            # window, the one starting at it)
            w = next((w for w in mine if windows[w].first <= a and b <= windows[w].last), None)
            if w is None:
                w = next((w for w in mine if windows[w].first == a), mine[0])
            first, last = windows[w].first, windows[w].last
            rows = hidden[w][1 + max(a, first) - first : 1 + min(b, last) - first]
            if not len(rows):
                tokens.append(np.zeros((0, dim), np.float32))
                continue
            sentence_vectors[i] = _unit(rows.mean(axis=0))
            tokens.append(unit_rows(rows))
        found.append(PassageVectors(vector, sentence_vectors, tokens))
    return found
