"""Ranking with the sentence signal, and the in-memory sentence vectors it reads, with the fake
embedder (cosines are word overlaps)."""
from __future__ import annotations

import threading

import numpy as np

from index.engine import GLOBAL, Engine
from index.ingest import parse_text
from index.search import SearchTuning, lexical, search

from .conftest import make_settings, pinned_engine

QUESTION = "When did the council approve the harbour bridge?"

# One sentence answers the question; the rest of the paragraph is about something else.
FOCUSED = """# Weekly notes from the valley
Rain fell across the valley for most of the week. Farmers worried about their wheat and barley \
fields. The council approved the harbour bridge on Monday. The school choir sang at the spring \
festival.
"""

# Each sentence touches the question, none answers it: as a whole the closer match, and the
# stronger on BM25 too.
DIFFUSE = """# Town hall diary
The council met on Friday. Then talk turned to the harbour. A bridge came up. When would anyone \
approve it?
"""

FILLER = [
    """# A bakery wins the national bread prize
The family bakery on Mill Street won the national bread prize for its sourdough loaf.
The jury praised the crust and the long fermentation of eighteen hours.
""",
    """# Trams come back to Northtown
The council voted on Tuesday to expand the tram network, adding four new stops.
The works will begin next spring and cost forty million euros.
""",
    """# Museum reopens
The city museum reopened its doors after two years of renovation work.
Visitors queued for hours to see the restored paintings and the old maps.
""",
]


def add(engine: Engine, text: str, name: str) -> str:
    return engine.add_article(parse_text(text, source=f"{name}.md", fmt="md")).article.id


def ranked(engine: Engine, question: str, tuning: SearchTuning = SearchTuning()) -> list:
    query = engine.embedder.embed_query(question)
    return search(question, query, store=engine.store, vectors=engine.vectors, collections=[GLOBAL],
                  k=10, tuning=tuning)


def corpus(engine: Engine) -> tuple[str, str]:
    for number, text in enumerate(FILLER):
        add(engine, text, f"filler-{number}")
    return add(engine, FOCUSED, "focused"), add(engine, DIFFUSE, "diffuse")


def test_a_passage_with_one_answering_sentence_outranks_one_on_topic_only_on_average(engine):
    focused, diffuse = corpus(engine)
    without = ranked(engine, QUESTION, SearchTuning(sentence_weight=0.0))
    assert without[0].passage.article_id == diffuse  # the diffuse passage wins on its whole text
    hits = ranked(engine, QUESTION)
    assert hits[0].passage.article_id == focused
    assert "approved the harbour bridge on Monday" in hits[0].passage.text
    answer = engine.ask(QUESTION)
    assert answer.answered and "approved the harbour bridge on Monday" in answer.quotes[0].text


def test_sentence_vectors_are_read_from_sqlite_once_then_from_memory(engine, monkeypatch):
    corpus(engine)
    reads = []
    original = engine.store.sentence_vectors
    monkeypatch.setattr(engine.store, "sentence_vectors",
                        lambda model, ids: reads.append(list(ids)) or original(model, ids))
    first = ranked(engine, QUESTION)
    assert len(reads) == 1  # all the candidates' sentences in one read
    assert [(h.passage.id, h.score) for h in ranked(engine, QUESTION)] == [(h.passage.id, h.score) for h in first]
    assert len(reads) == 1


def test_removing_an_article_drops_its_cached_sentences(engine):
    focused, diffuse = corpus(engine)
    ranked(engine, QUESTION)  # fills the cache with every candidate's sentences
    removed = {p.id for p in engine.store.article_passages(GLOBAL, focused)}
    assert removed <= set(engine.vectors._sentences)
    engine.remove(focused)
    assert not removed & set(engine.vectors._sentences)
    hits = ranked(engine, QUESTION)
    assert hits and all(h.passage.article_id != focused for h in hits)
    assert not any("on Monday" in q.text for q in engine.ask(QUESTION).quotes)


def test_an_edited_article_is_ranked_by_its_new_sentences(engine):
    focused, _ = corpus(engine)
    ranked(engine, QUESTION)
    edited = FOCUSED.replace("The council approved the harbour bridge on Monday.", "The council closed early.")
    engine.add_article(parse_text(edited, source="focused.md", fmt="md"))
    hits = ranked(engine, QUESTION)
    assert hits[0].passage.article_id != focused
    assert not any("approved the harbour bridge" in h.passage.text for h in hits)


def test_another_process_removing_an_article_drops_its_cached_sentences(tmp_path, embedder):
    with pinned_engine(make_settings(tmp_path), embedder) as reader:
        focused, _ = corpus(reader)
        assert reader.ask(QUESTION).answered  # the reader's cache now holds the focused passage
        removed = {p.id for p in reader.store.article_passages(GLOBAL, focused)}
        with pinned_engine(make_settings(tmp_path), embedder) as writer:
            writer.remove(focused)
        answer = reader.ask(QUESTION)
        assert all(q.article_id != focused for q in answer.quotes)
        assert not removed & set(reader.vectors._sentences)


def test_a_reindex_empties_the_cache_of_sentences_under_old_ids(engine):
    corpus(engine)
    before = [(h.passage.text, round(h.score, 5)) for h in ranked(engine, QUESTION)]
    engine.reindex()
    live = {int(r[0]) for r in engine.store.db.execute("SELECT id FROM passages")}
    assert set(engine.vectors._sentences) <= live
    assert [(h.passage.text, round(h.score, 5)) for h in ranked(engine, QUESTION)] == before


def test_a_tiny_cache_gives_the_same_ranking(engine):
    corpus(engine)
    expected = [(h.passage.id, h.score) for h in ranked(engine, QUESTION)]
    engine.vectors.sentence_cache_rows = 2  # less than one passage's sentences
    for _ in range(2):
        assert [(h.passage.id, h.score) for h in ranked(engine, QUESTION)] == expected
        assert engine.vectors._sentence_rows <= 2
        assert sum(max(1, len(m)) for m in engine.vectors._sentences.values()) == engine.vectors._sentence_rows


def test_cached_sentence_vectors_match_sqlite_in_text_order(engine):
    focused, _ = corpus(engine)
    passages = engine.store.article_passages(GLOBAL, focused)
    cached = engine.vectors.sentence_vectors([p.id for p in passages])
    assert set(cached) == {p.id for p in passages}
    for passage in passages:
        rows = [r.vector for r in engine.store.sentences(engine.model, [passage])]
        assert np.array_equal(np.vstack(rows), cached[passage.id])


def described(hits) -> list[tuple]:
    return [(h.passage.id, h.score, h.dense, h.lexical) for h in hits]


def test_bm25_read_ahead_gives_the_hits_of_the_search_reading_it_itself(engine):
    corpus(engine)
    for question in (QUESTION, "Which bakery won the bread prize?", "tram stops next spring", "zzz qqq"):
        query = engine.embedder.embed_query(question)
        ahead = lexical(question, engine.store, [GLOBAL], SearchTuning().candidates)
        for mode in ("hybrid", "bm25"):
            alone = search(question, query, store=engine.store, vectors=engine.vectors, collections=[GLOBAL],
                           mode=mode)
            assert described(search(question, query, store=engine.store, vectors=engine.vectors,
                                    collections=[GLOBAL], mode=mode, read_ahead=ahead)) == described(alone)


STORM = """# Storm at sea
The lighthouse keeper rescued three fishermen during the storm that hit the northern coast on \
Sunday night, when their small boat lost its engine near the rocks below the old tower.
"""


def test_a_bm25_read_ahead_from_before_a_write_is_read_again(engine):
    # The question is embedded (and its BM25 passages read) while an article is added: the
    # search must not rank from the older read, which lacks the new article's words.
    corpus(engine)
    question = "Which lighthouse keeper rescued the fishermen?"
    ahead = lexical(question, engine.store, [GLOBAL], SearchTuning().candidates)
    added = add(engine, STORM, "storm")
    assert not any(pid in {p.id for p in engine.store.article_passages(GLOBAL, added)} for pid, _, _ in ahead.hits)
    hits = search(question, engine.embedder.embed_query(question), store=engine.store, vectors=engine.vectors,
                  collections=[GLOBAL], read_ahead=ahead)
    assert hits[0].passage.article_id == added and hits[0].lexical > 0


def test_asking_with_bm25_read_ahead_answers_as_reading_it_after_and_closes_its_thread(engine):
    corpus(engine)
    questions = [QUESTION, "Which bakery won the bread prize?", "How much will the tram works cost?",
                 "When did the museum reopen?"]
    ahead = [engine.ask(q) for q in questions]
    assert any(t.name.startswith("quotebot-lexical") for t in threading.enumerate())
    engine.read_lexical_ahead = False
    after = [engine.ask(q) for q in questions]
    assert ahead == after
    assert ahead[0].answered and "approved the harbour bridge on Monday" in ahead[0].quotes[0].text
    engine.close()
    assert not any(t.name.startswith("quotebot-lexical") for t in threading.enumerate())
