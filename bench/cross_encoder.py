"""Could the bundled model, fine-tuned as a cross-encoder, tell answered questions from unanswered ones?

    .venv/bin/python bench/cross_encoder.py squad2 --fold 0        # about 40 minutes on 2 cores
    .venv/bin/python bench/cross_encoder.py readers                # about 30 minutes

A tried-and-not-shipped experiment (README, "Tried in the fifteenth session"), kept so its figures
can be reproduced. all-MiniLM-L6-v2 reads "question [SEP] sentence" and a linear head on its mean
token states is fitted (binary cross-entropy, AdamW, one epoch, batches of 32) to say whether the
sentence holds a gold answer. A question's score is its best sentence's: for SQuAD 2.0 over its
own paragraph, for the reader sets over its whole article (as asked in the channel discussing
it). Printed beside it: the same figures for the untouched model's cosine (question against each
sentence), the pipeline's plainest evidence.

  squad2   fitted on SQuAD 2.0 part A's articles of the other fold (every second article by title)
           and SQuAD v1.1 part A's 14 articles SQuAD 2.0 lacks; scored on this fold's articles.
  readers  fitted on all of SQuAD 2.0 part A, those 14 articles and bench/readers-train (each
           question's gold sentences and 3 others, the reader ones 3 times); scored on the reader
           sets it never saw. Embeddings and the two lowest layers stay as they are.
Nothing is written (no model is kept): figures only.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")

import numpy as np  # noqa: E402
import torch  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from transformers import AutoModel, AutoTokenizer  # noqa: E402

sys.path.insert(0, str(REPO))
from index.embed import resolve_model  # noqa: E402

SQUAD2 = "../shared/eval/squad2/dev-v2.0-part-a.json"
SQUAD = "../shared/eval/squad/squad-v1.1-dev-part-a.json"
READER_SETS = ("../shared/eval/readers", "bench/readers-heldout", "bench/readers-heldout2", "bench/readers-followups",
               "bench/launch-readers")
_SPLIT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", text.lower())).strip()


def _sentences(text: str, shortest: int) -> list[str]:
    return [s for para in text.split("\n") for s in _SPLIT.split(para) if s.strip() and len(s.split()) >= shortest]


def _labelled(article: str, question: str, sentences: list[str], answers: list[str] | None) -> dict:
    return dict(article=article, q=question, sents=sentences, answerable=answers is not None,
                labels=[int(answers is not None and any(_norm(a) in _norm(s) for a in answers)) for s in sentences])


def load_squad(path: str, shortest: int) -> list[dict]:
    out = []
    for article in json.load(open(path, encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            sentences = _sentences(paragraph["context"], shortest)
            for qa in paragraph["qas"]:
                answers = [a["text"] for a in qa["answers"]]
                impossible = qa.get("is_impossible", False) or not answers
                out.append(_labelled(article["title"], qa["question"], sentences, None if impossible else answers))
    return out


def load_readers(folder: str) -> list[dict]:
    out = []
    for line in open(f"{folder}/questions.jsonl", encoding="utf-8"):
        row = json.loads(line)
        text = open(f"{folder}/articles/{row['article']}.txt", encoding="utf-8").read()
        out.append(_labelled(folder + row["article"], row["q"], _sentences(text, 3), row["expect"]))
    return out


class CrossEncoder:
    def __init__(self, path: str, frozen_layers: int, max_length: int):
        self.tokenizer = AutoTokenizer.from_pretrained(path)
        self.model = AutoModel.from_pretrained(path)
        self.head = torch.nn.Linear(self.model.config.hidden_size, 1)
        self.max_length = max_length
        frozen = [self.model.embeddings] + list(self.model.encoder.layer[:frozen_layers]) if frozen_layers else []
        for module in frozen:
            for p in module.parameters():
                p.requires_grad = False

    def logits(self, questions, sentences):
        batch = self.tokenizer(list(questions), list(sentences), truncation="only_second", max_length=self.max_length,
                               padding=True, return_tensors="pt")
        states = self.model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return self.head((states * mask).sum(1) / mask.sum(1)).squeeze(-1)

    def fit(self, pairs, epochs: float, lr: float, batch: int = 32) -> None:
        params = [p for p in self.model.parameters() if p.requires_grad] + list(self.head.parameters())
        optimiser = torch.optim.AdamW(params, lr=lr, weight_decay=0.01)
        steps = int(len(pairs) / batch * epochs)
        schedule = torch.optim.lr_scheduler.LambdaLR(optimiser, lambda i: min(1, (i + 1) / 50) * max(0.0, 1 - i / steps))
        order: list[int] = []
        while len(order) < steps * batch:
            shuffled = list(range(len(pairs)))
            random.shuffle(shuffled)
            order += shuffled
        started = time.time()
        self.model.train()
        for step in range(steps):
            chosen = [pairs[j] for j in order[step * batch:(step + 1) * batch]]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                self.logits([c[0] for c in chosen], [c[1] for c in chosen]), torch.tensor([float(c[2]) for c in chosen]))
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            if step % 100 == 0:
                print(f"  step {step}/{steps}, loss {loss.item():.3f}, {time.time() - started:.0f} s", flush=True)
        self.model.eval()

    def scores(self, questions: list[dict]) -> list[np.ndarray]:
        with torch.no_grad():
            return [torch.sigmoid(self.logits([x["q"]] * len(x["sents"]), x["sents"])).numpy() for x in questions]


def bi_encoder_scores(path: str, questions: list[dict]) -> list[np.ndarray]:
    from sentence_transformers import SentenceTransformer
    model = SentenceTransformer(path, device="cpu")
    out = []
    for x in questions:
        vectors = model.encode([x["q"]] + x["sents"], normalize_embeddings=True)
        out.append(vectors[1:] @ vectors[0])
    return out


def report(name: str, questions: list[dict], scores: list[np.ndarray]) -> None:
    answerable = np.array([x["answerable"] for x in questions])
    best = np.array([s.max() for s in scores])
    right = [(x["labels"][int(np.argmax(s))], any(x["labels"][j] for j in np.argsort(-s)[:3]))
             for x, s in zip(questions, scores) if x["answerable"]]
    declined = " ".join(f"answering {share:.0%}: declines {np.mean(best[~answerable] < np.quantile(best[answerable], 1 - share)):.3f}"
                        for share in (0.9, 0.95))
    print(f"  {name}: AUC {roc_auc_score(answerable, best):.3f}, best sentence right {np.mean([r[0] for r in right]):.3f}, "
          f"within three {np.mean([r[1] for r in right]):.3f}; {declined}", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("setup", choices=("squad2", "readers"))
    parser.add_argument("--fold", type=int, default=0, choices=(0, 1), help="squad2: the fold of articles scored")
    parser.add_argument("--epochs", type=float, default=1.0)
    args = parser.parse_args(argv)
    os.chdir(REPO)
    torch.set_num_threads(os.cpu_count() or 1)
    torch.manual_seed(0)
    random.seed(0)
    path = resolve_model("all-MiniLM-L6-v2")
    if args.setup == "squad2":
        squad2 = load_squad(SQUAD2, 1)
        titles = sorted({x["article"] for x in squad2})
        scored_titles = set(titles[args.fold::2])
        others = [x for x in load_squad(SQUAD, 1) if x["article"] not in set(titles)]
        train = [x for x in squad2 if x["article"] not in scored_titles] + others
        pairs = [(x["q"], s, label) for x in train for s, label in zip(x["sents"], x["labels"])]
        tests = {f"SQuAD 2.0 part A, fold {args.fold} (its own paragraph)": [x for x in squad2 if x["article"] in scored_titles]}
        model, lr = CrossEncoder(path, 0, 128), 3e-5
    else:
        reader_train = load_readers("bench/readers-train")
        squad2 = load_squad(SQUAD2, 3)
        titles = {x["article"] for x in squad2}
        others = [x for x in load_squad(SQUAD, 3) if x["article"] not in titles]

        def pairs_of(questions, repeat=1):
            out = []
            for x in questions:
                positive = [s for s, label in zip(x["sents"], x["labels"]) if label]
                negative = [s for s, label in zip(x["sents"], x["labels"]) if not label]
                random.shuffle(negative)
                for _ in range(repeat):
                    out += [(x["q"], s, 1) for s in positive[:2]] + [(x["q"], s, 0) for s in negative[:3]]
            return out

        pairs = pairs_of(squad2) + pairs_of(others) + pairs_of(reader_train, 3)
        tests = {folder + " (its whole article)": load_readers(folder) for folder in READER_SETS}
        model, lr = CrossEncoder(path, 2, 96), 4e-5
    print(f"fitting on {len(pairs)} question-sentence pairs", flush=True)
    model.fit(pairs, args.epochs, lr)
    for name, questions in tests.items():
        print(name)
        report("cross-encoder", questions, model.scores(questions))
        report("bundled model's cosine", questions, bi_encoder_scores(path, questions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
