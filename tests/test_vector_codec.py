"""Compact storage of sentence and token vectors (index/vector_codec.py)."""
import numpy as np

from index.vector_codec import INT8_TOKENS, TokenCodec, codec_for, pack_vector, unpack_vectors


def _unit(matrix):
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_sentence_vectors_packed_as_int8_keep_their_cosines_and_read_beside_float32_ones():
    rng = np.random.default_rng(0)
    vectors = _unit(rng.normal(size=(20, 384))).astype(np.float32)
    blobs = [pack_vector(v) for v in vectors[:10]] + [v.tobytes() for v in vectors[10:]]
    assert len(blobs[0]) == 4 + 384  # a quarter of float32's 1,536 bytes
    restored = unpack_vectors(blobs, 384)
    assert np.abs(restored @ vectors.T - vectors @ vectors.T).max() < 0.005
    assert np.array_equal(restored[10:], vectors[10:])
    assert np.array_equal(unpack_vectors([pack_vector(np.zeros(384))], 384), np.zeros((1, 384)))


def test_int8_token_vectors_survive_storage_to_within_a_hundredth():
    rng = np.random.default_rng(0)
    tokens = _unit(rng.normal(size=(7, 384))).astype(np.float32)
    restored = INT8_TOKENS.unpack(INT8_TOKENS.pack(tokens), 384)
    assert restored.shape == tokens.shape
    assert np.abs(restored @ restored.T - tokens @ tokens.T).max() < 0.01
    assert INT8_TOKENS.unpack(INT8_TOKENS.pack(np.zeros((0, 384))), 384).shape == (0, 384)


def _codebook(data: np.ndarray, parts: int) -> np.ndarray:
    """256 centroids per part drawn from the data itself (a rough codebook, no k-means: enough
    to show how tokens are coded, and instant)."""
    rows = data[np.random.default_rng(2).choice(len(data), 256, replace=False)]
    return np.ascontiguousarray(rows.reshape(256, parts, -1).transpose(1, 0, 2), dtype=np.float32)


def test_product_quantized_tokens_take_a_byte_per_part_and_keep_token_matches_close(tmp_path):
    rng = np.random.default_rng(1)
    # token vectors with structure (a few hundred directions plus noise), as a model's are
    directions = _unit(rng.normal(size=(300, 64)))
    data = _unit(directions[rng.integers(0, 300, 2000)] + 0.3 * rng.normal(size=(2000, 64)) / 8)
    path = tmp_path / "codebook.npz"
    np.savez(path, model="st:test", centroids=_codebook(data, 16))
    codec = codec_for("st:test", 64, path)
    assert codec.name.startswith("pq16-")
    sentence = _unit(directions[rng.integers(0, 300, 30)] + 0.3 * rng.normal(size=(30, 64)) / 8).astype(np.float32)
    question = _unit(directions[rng.integers(0, 300, 8)]).astype(np.float32)
    blob = codec.pack(sentence)
    assert len(blob) == 1 + 30 * 16  # a format byte, then one code per part and token
    restored = codec.unpack(blob, 64)
    exact = (question @ sentence.T).max(axis=1).mean()
    assert abs((question @ restored.T).max(axis=1).mean() - exact) < 0.05
    assert codec.unpack(codec.pack(np.zeros((0, 64))), 64).shape == (0, 64)
    # an int8 blob stays readable whichever codec reads it
    assert codec.unpack(INT8_TOKENS.pack(sentence), 64).shape == (30, 64)


def test_a_codebook_is_used_only_for_the_model_it_was_fitted_for(tmp_path):
    path = tmp_path / "codebook.npz"
    np.savez(path, model="st:test", centroids=np.zeros((16, 256, 4), np.float32))
    assert codec_for("st:other", 64, path) is INT8_TOKENS
    assert codec_for("st:test", 32, path) is INT8_TOKENS  # another vector size
    assert codec_for("st:test", 64, tmp_path / "missing.npz") is INT8_TOKENS
    assert isinstance(codec_for("st:test", 64, path), TokenCodec)


def test_many_sentences_packed_and_read_together_match_one_at_a_time(tmp_path):
    rng = np.random.default_rng(3)
    data = _unit(rng.normal(size=(1000, 64))).astype(np.float32)
    path = tmp_path / "codebook.npz"
    np.savez(path, model="st:test", centroids=_codebook(data, 16))
    codec = codec_for("st:test", 64, path)
    sentences = [data[:5], data[5:5], data[5:30], data[30:31]]
    together = codec.pack_many(sentences)
    assert together == [codec.pack(m) for m in sentences]
    read = codec.unpack_many(together + [INT8_TOKENS.pack(data[:3])], 64)
    assert [len(m) for m in read] == [5, 0, 25, 1, 3]
    assert all(np.array_equal(a, codec.unpack(b, 64)) for a, b in zip(read, together))


def test_product_quantized_codes_are_each_part_s_nearest_centroid(tmp_path):
    rng = np.random.default_rng(4)
    data = _unit(rng.normal(size=(1000, 64))).astype(np.float32)
    path = tmp_path / "codebook.npz"
    centroids = _codebook(data, 16)
    np.savez(path, model="st:test", centroids=centroids)
    codec = codec_for("st:test", 64, path)
    # many sentences at once, more tokens than are coded in one go
    sentences = [data[i : i + 37] for i in range(0, 370, 37)]
    blobs = codec.pack_many(sentences)
    codes = np.concatenate([np.frombuffer(b, np.uint8, offset=1).reshape(-1, 16) for b in blobs])
    pieces = np.concatenate(sentences).reshape(-1, 16, 4)
    distances = ((pieces[:, :, None, :] - centroids[None]) ** 2).sum(axis=3)  # token, part, centroid
    assert np.array_equal(codes, distances.argmin(axis=2))
