"""Extractive summaries: the article's own sentences, chosen for coverage without repeating
themselves, in article order, each cited to its paragraph. The lead sentence always opens one:
a news story states its point first (the "lead" baseline is hard to beat on news), and a
summary without it reads as if the story's subject were missing."""
from __future__ import annotations

import re
from typing import Sequence

import numpy as np

from .about import content_sentences
from .models import ArticleInfo, Quote, Summary
from .store import SentenceRow, Store
from .standalone import introductions, quotable

REDUNDANCY = 0.7  # maximal marginal relevance: how much a sentence's likeness to those chosen costs


def _candidates(store: Store, model: str, info: ArticleInfo, keep_last: bool = False
                ) -> tuple[list[SentenceRow], dict[int, int], int | None, list[set[str]]]:
    """The sentences a summary may quote, their paragraphs, which of them is the lead, and the
    surnames each calls by title alone that a sentence before it names first (`standalone.introductions`,
    over all of the article's sentences: the one naming them may be no candidate itself).
    `keep_last`: the last sentence stays whatever it opens with (an opinion piece's verdict,
    "This is why the council must act now…")."""
    passages = store.article_passages(info.collection, info.id)
    paragraph_of = {p.id: p.paragraph for p in passages}
    rows = every = store.sentences(model, passages, tokens=False)
    article = store.article(info.collection, info.id)
    if article is not None:  # removed meanwhile: its rows, if any, are all there is
        rows = content_sentences(article, rows)  # no byline, label or disclaimer
    rows = quotable(rows, keep_last)
    needs = introductions(rows, every)
    if article is None or not rows:
        return rows, paragraph_of, None, needs
    return rows, paragraph_of, min(range(len(rows)), key=lambda i: rows[i].start), needs


def _select(rows: Sequence[SentenceRow], count: int, lead: int | None = None, closing: int | None = None,
            needs: Sequence[set[str]] | None = None) -> list[int]:
    """The lead (and `closing`), then central sentences (close to the article's mean meaning),
    each new one unlike those chosen, and none calling someone "Mr X" before a chosen one
    names them (`needs`, by default `standalone.introductions` of the rows themselves)."""
    if not rows:
        return []
    needs = needs if needs is not None else introductions(rows)
    matrix = np.vstack([r.vector for r in rows])
    centroid = matrix.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    relevance = matrix @ centroid
    # Earlier sentences of news articles carry the point; a gentle lead bonus.
    relevance = relevance + 0.05 * (1 - np.arange(len(rows)) / max(len(rows), 1))
    chosen: list[int] = [lead] if lead is not None and count > 0 else []
    if closing is not None and closing not in chosen and len(chosen) < count:
        chosen.append(closing)
    while len(chosen) < min(count, len(rows)):
        if chosen:
            likeness = (matrix @ matrix[chosen].T).max(axis=1)
        else:
            likeness = np.zeros(len(rows))
        value = relevance - REDUNDANCY * likeness
        value[chosen] = -np.inf
        named = {name for i in chosen for name in re.findall(r"\b[A-Z][\w'’-]+", rows[i].text)}
        value[[i for i, need in enumerate(needs) if not need <= named]] = -np.inf
        if np.isneginf(value).all():
            break
        chosen.append(int(np.argmax(value)))
    return sorted(chosen)


def summary_length(sentences: int) -> int:
    return int(min(7, max(3, round(sentences / 8))))


def _quote(row: SentenceRow, info: ArticleInfo, paragraph: int, score: float) -> Quote:
    return Quote(row.text, info.id, info.title, info.url, paragraph, score, row.start, row.end)


def summarize(store: Store, model: str, info: ArticleInfo, sentences: int | None = None) -> Summary:
    """In an opinion piece (`about.is_opinion`), its last sentence too: where a column states its
    verdict (a stranger's summary of the launch article left out "…it is still not yet seen
    whether it can really compete with the big technology" and ended on a hopeful line the piece
    goes on to qualify)."""
    from .about import is_opinion

    opinion = is_opinion(info, store)
    rows, paragraph_of, lead, needs = _candidates(store, model, info, keep_last=opinion)
    closing = max(range(len(rows)), key=lambda i: rows[i].start) if rows and opinion else None
    picked = _select(rows, sentences or summary_length(len(rows)), lead, closing, needs)
    quotes = tuple(_quote(rows[i], info, paragraph_of[rows[i].passage_id], 1.0) for i in picked)
    return Summary(info.title, quotes, info.id)


def digest(store: Store, model: str, collections: Sequence[str], articles: int = 5, per_article: int = 2) -> Summary:
    """One or two cited sentences from each of the most recently added articles; a sentence
    already quoted from another copy of the story is not quoted again (a new admin's digest gave
    one twice), and a copy saying nothing new gives its place to the next article."""
    quotes: list[Quote] = []
    told: set[str] = set()
    given = 0
    for info in store.article_infos(list(collections)):
        if given == articles:
            break
        rows, paragraph_of, lead, needs = _candidates(store, model, info)
        picked = _select(rows, per_article if len(rows) > 8 else 1, lead, needs=needs)
        new = [rows[i] for i in picked if " ".join(rows[i].text.split()) not in told]
        if not new:
            continue
        told |= {" ".join(row.text.split()) for row in new}
        quotes += [_quote(row, info, paragraph_of[row.passage_id], 1.0) for row in new]
        given += 1
    return Summary("Recently added articles", tuple(quotes), None)
