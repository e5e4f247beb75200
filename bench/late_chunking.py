"""Late chunking, measured: does a sentence read in its passage's context (its vector pooled
from the model's token vectors of the whole "title + passage" text) match a reader's question
better than the sentence read alone (what the index stores)?

    .venv/bin/python bench/late_chunking.py [--readers ../shared/eval/readers]

For every answerable reader question (its articles indexed among the distractors, as
`quotebot eval` does) the candidate sentences of the shipped pipeline are ranked four ways, and
the share of questions whose best-ranked sentence holds an expected answer is printed:
sentence cosine alone, contextual cosine alone, the shipped ranker, and the shipped ranker
plus the contextual cosine. Nothing here changes the product; it says whether storing a
contextual vector per sentence would pay (see the README's quality section).
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
from index.answer import AnswerTuning, sentence_features  # noqa: E402
from index.engine import passage_embed_text  # noqa: E402
from index.search import search  # noqa: E402


def contextual_vectors(engine, collection: str, batch: int = 16) -> dict[tuple[int, int], np.ndarray]:
    """(passage id, sentence start) -> the mean of the sentence's token vectors in one pass over
    its passage with the title in front (the model reads at most 256 word pieces: a sentence
    past them gets none)."""
    import torch

    from index.embed import SentenceTransformerEmbedder

    # The torch model's own modules: the engine's embedder may be the ONNX one (same vectors).
    model = SentenceTransformerEmbedder(engine.settings.model).model
    tokenizer, transformer = model.tokenizer, model[0].auto_model
    store = engine.store
    passages = store.db.execute(
        """SELECT p.id, p.start, p.end, a.title, a.text FROM passages p
           JOIN articles a ON a.collection = p.collection AND a.id = p.article_id WHERE p.collection = ?""",
        (collection,)).fetchall()
    sentences: dict[int, list[tuple[int, int]]] = {}
    for pid, start, end in store.db.execute(
            "SELECT s.passage_id, s.start, s.end FROM sentences s JOIN passages p ON p.id = s.passage_id "
            "WHERE p.collection = ?", (collection,)):
        sentences.setdefault(pid, []).append((start, end))
    passages.sort(key=lambda row: row[2] - row[1])
    found: dict[tuple[int, int], np.ndarray] = {}
    with torch.no_grad():
        for first in range(0, len(passages), batch):
            rows = passages[first : first + batch]
            texts, shifts = [], []
            for _, start, end, title, text in rows:
                full = passage_embed_text(title, text[start:end])
                texts.append(full)
                shifts.append(len(full) - (end - start) - start)  # article offset -> offset in `full`
            encoded = tokenizer(texts, return_offsets_mapping=True, padding=True, truncation=True,
                                max_length=256, return_tensors="pt")
            offsets = encoded.pop("offset_mapping").numpy()
            hidden = transformer(**encoded).last_hidden_state.numpy()
            for j, (pid, *_rest) in enumerate(rows):
                for start, end in sentences.get(pid, []):
                    inside = ((offsets[j, :, 0] >= start + shifts[j]) & (offsets[j, :, 1] <= end + shifts[j])
                              & (offsets[j, :, 1] > offsets[j, :, 0]))
                    if inside.any():
                        vector = hidden[j][inside].mean(axis=0)
                        found[(pid, start)] = vector / np.linalg.norm(vector)
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--readers", default="../shared/eval/readers")
    args = parser.parse_args(argv)
    os.chdir(REPO)
    dataset = evaluate.load(args.readers)
    engine = evaluate.open_engine(dataset)
    started = time.time()
    context = contextual_vectors(engine, evaluate.ALL)
    print(f"contextual vectors of {len(context)} sentences in {time.time() - started:.0f} s")
    questions = [q for q in dataset.questions if q.answerable]
    texts = [q.text for q in questions]
    vectors = evaluate.query_vectors(engine, texts, engine.settings.data_dir)
    tokens = evaluate.query_tokens(engine, texts, engine.settings.data_dir)
    tuning = AnswerTuning()
    weights = np.asarray(tuning.rank_weights)
    totals: dict[str, float] = {}
    for question, vector, question_tokens in zip(questions, vectors, tokens):
        hits = search(question.text, vector, store=engine.store, vectors=engine.vectors,
                      collections=[evaluate.ALL], k=tuning.passages, tuning=engine.search_tuning)
        found = sentence_features(question.text, vector, hits, engine.store, engine.model, tuning,
                                  [evaluate.ALL], question_tokens)
        if not found.rows:
            continue
        answers = [evaluate._norm(a) for a in question.answers]
        holds = np.array([any(a in evaluate._norm(r.text) for a in answers) for r in found.rows])
        own = found.features[:, 0]
        contextual = np.array([float(context[(r.passage_id, r.start)] @ vector) if (r.passage_id, r.start) in context
                               else own[i] for i, r in enumerate(found.rows)])
        ranker = found.features @ weights
        for name, scores in (("sentence cosine alone", own), ("contextual cosine alone", contextual),
                             ("shipped ranker", ranker), ("shipped ranker + 2 x contextual cosine", ranker + 2 * contextual)):
            totals[name] = totals.get(name, 0.0) + float(holds[int(np.argmax(scores))])
    print(f"best sentence holds an expected answer ({len(questions)} answerable reader questions):")
    for name, total in totals.items():
        print(f"  {name:42s} {total / len(questions):.3f}")
    engine.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
