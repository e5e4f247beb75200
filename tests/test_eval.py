"""`quotebot eval` on tiny SQuAD and BEIR files, with the fake embedder (QUOTEBOT_MODEL=hashing)."""
from __future__ import annotations

import json
import threading

import pytest
from click.testing import CliRunner

from bot.cli import cli
from index import answer as answer_module
from index import evaluate

from .conftest import PINNED_WEIGHTS


@pytest.fixture(autouse=True)
def pinned_weights(monkeypatch):
    """The evaluation's variants read the shipped weights file: here, the tests' pinned copy,
    so a refit cannot change these figures."""
    monkeypatch.setattr(answer_module, "WEIGHTS_FILE", PINNED_WEIGHTS)
    answer_module._shipped_weights.cache_clear()
    answer_module._shipped_trees.cache_clear()
    yield
    monkeypatch.undo()
    answer_module._shipped_weights.cache_clear()
    answer_module._shipped_trees.cache_clear()

SQUAD = {"data": [
    {"title": "Harbour_bridge", "paragraphs": [
        {"context": "The harbour bridge reopened on Monday after two years of repairs. "
                    "The repairs cost twelve million euros, the council said.",
         "qas": [{"id": "q1", "question": "How much did the repairs of the harbour bridge cost?",
                  "answers": [{"text": "twelve million euros", "answer_start": 0}]}]},
        {"context": "Ferries carried commuters across the bay while the bridge was closed.",
         "qas": [{"id": "q2", "question": "What carried commuters across the bay?",
                  "answers": [{"text": "Ferries", "answer_start": 0}]}]},
    ]},
    {"title": "Orchard", "paragraphs": [
        {"context": "The orchard harvested a record four hundred tonnes of apples this autumn. "
                    "Pickers worked from dawn until dusk.",
         "qas": [{"id": "q3", "question": "How many tonnes of apples did the orchard harvest?",
                  "answers": [{"text": "four hundred tonnes", "answer_start": 0}]}]},
    ]},
]}


@pytest.fixture
def fake_model(monkeypatch):
    monkeypatch.setenv("QUOTEBOT_MODEL", "hashing:256")


def test_squad_variants_side_by_side_and_a_cached_second_run(tmp_path, fake_model):
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD))
    lines: list[str] = []
    variants = ["dense", "bm25", "hybrid:threshold=0.0", "hybrid:threshold=0.0,join=none"]
    report = evaluate.run(str(path), variants, out=lines.append, cache_root=tmp_path / "cache")
    results = report["results"]
    assert list(results) == variants
    for row in results.values():
        assert {"passage@1", "passage@3", "hit@1", "hit@3", "words/quote", "in-corpus answered"} <= set(row)
        assert all(0.0 <= row[k] <= 1.0 for k in ("passage@1", "hit@1", "hit@3", "answered"))
    # every question's words are in its own paragraph: nothing declined, every answer quoted
    assert results["hybrid:threshold=0.0"]["answered"] == 1.0
    assert results["hybrid:threshold=0.0"]["hit@3"] == 1.0
    assert results["hybrid:threshold=0.0"]["passage@1"] == 1.0
    assert any("indexing" in line for line in lines)

    again: list[str] = []
    evaluate.run(str(path), ["bm25"], out=again.append, cache_root=tmp_path / "cache")
    assert not any("indexing" in line for line in again)


def test_a_first_run_reads_the_question_tokens_as_every_later_run_does(tmp_path, fake_model):
    """They are cached as float16: a first run that answered from the float32 ones measured SQuAD
    2.0 on a clean clone one question off every later run."""
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD))
    dataset = evaluate.load(str(path))
    engine = evaluate.open_engine(dataset, tmp_path / "cache", out=lambda *_: None)
    try:
        texts = [q.text for q in dataset.questions]
        folder = engine.settings.data_dir
        first = evaluate.query_tokens(engine, texts, folder, out=lambda *_: None)
        cached = evaluate.query_tokens(engine, texts, folder, out=lambda *_: None)
    finally:
        engine.close()
    assert len(first) == len(cached) == len(texts)
    assert all(a.dtype == b.dtype and (a == b).all() for a, b in zip(first, cached))


def test_two_evaluations_at_once_build_a_set_s_index_once(tmp_path, fake_model):
    # Two `quotebot eval` runs reaching one uncached set together: one builds, the other waits
    # and opens the built index (interleaved, they wrote an index that searched wrongly).
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD))
    dataset = evaluate.load(str(path))
    lines: list[str] = []
    passages: list[int] = []

    def evaluation() -> None:
        engine = evaluate.open_engine(dataset, tmp_path / "cache", lines.append)
        try:
            passages.append(engine.store.db.execute("SELECT COUNT(*) FROM passages").fetchone()[0])
        finally:
            engine.close()

    runs = [threading.Thread(target=evaluation) for _ in range(2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert sum("indexing" in line for line in lines) == 1
    assert len(passages) == 2 and passages[0] == passages[1] > 0


def test_beir_ndcg_of_a_perfect_ranking_is_one(tmp_path, fake_model):
    folder = tmp_path / "tiny-beir"
    folder.mkdir()
    docs = [("d1", "Harbour bridge", "The harbour bridge reopened after repairs costing twelve million euros."),
            ("d2", "Orchard", "The orchard harvested a record crop of apples this autumn."),
            ("d3", "Trams", "The council voted to expand the tram network with four new stops.")]
    (folder / "corpus.jsonl").write_text("".join(json.dumps({"_id": i, "title": t, "text": x}) + "\n" for i, t, x in docs))
    (folder / "queries-train.jsonl").write_text(json.dumps({"_id": "c1", "text": "orchard apple harvest record"}) + "\n")
    (folder / "qrels-train.tsv").write_text("query-id\tcorpus-id\tscore\nc1\td2\t1\n")
    report = evaluate.run(str(folder), ["bm25", "hybrid", "hybrid-single-sentences"], out=lambda line: None,
                          cache_root=tmp_path / "cache")
    assert report["results"]["bm25"]["nDCG@10"] == 1.0
    assert report["results"]["hybrid"]["recall@100"] == 1.0
    assert report["results"]["hybrid-single-sentences"] == report["results"]["hybrid"]  # same retrieval


def test_the_cli_prints_the_table_and_rejects_an_unknown_variant(tmp_path, fake_model, monkeypatch):
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD))
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", str(path), "--variant", "bm25", "--variant", "hybrid:join=none"])
    assert result.exit_code == 0, result.output
    assert "passage@1" in result.output and "hybrid:join=none" in result.output
    bad = runner.invoke(cli, ["eval", str(path), "--variant", "nonsense"])
    assert bad.exit_code != 0 and "nonsense" in bad.output


def test_a_variant_can_switch_a_yes_no_tuning_and_refuses_anything_else():
    from index.evaluate import _parse_variant, default_variants

    known = default_variants()
    assert _parse_variant("hybrid:join_typed=false", known).answer.join_typed is False
    assert _parse_variant("hybrid:join_typed=True", known).answer.join_typed is True
    with pytest.raises(ValueError):
        _parse_variant("hybrid:join_typed=maybe", known)


BRIDGE = ("Harbour bridge reopens\n\nThe harbour bridge reopened on Monday after two years of repairs. "
          "The repairs cost twelve million euros, the council said. Ferries carried commuters across the bay "
          "while the bridge was closed.\n")
BAKERY = ("Bakery wins bread prize\n\nThe family bakery on Mill Street won the national bread prize for its "
          "sourdough loaf. The jury praised the crust and the long fermentation of eighteen hours.\n")


def _reader_folder(tmp_path):
    folder = tmp_path / "readers"
    (folder / "articles").mkdir(parents=True)
    (folder / "articles" / "00-news-001.txt").write_text(BRIDGE)
    bbc = tmp_path / "bbc" / "news"
    bbc.mkdir(parents=True)
    (bbc / "001.txt").write_text(BRIDGE)  # the question article itself: never a distractor
    (bbc / "002.txt").write_text(BAKERY)
    questions = [
        {"article": "00-news-001", "q": "how much did fixing the harbour bridge cost?", "expect": ["twelve million euros"]},
        {"article": "00-news-001", "q": "who is the mayor of the harbour town?", "expect": None},
    ]
    (folder / "questions.jsonl").write_text("".join(json.dumps(q) + "\n" for q in questions))
    return folder


def test_reader_questions_among_distractors(tmp_path, fake_model):
    folder = _reader_folder(tmp_path)
    dataset = evaluate.load(folder)
    assert dataset.kind == "readers"
    assert [a.id for a in dataset.articles] == ["00-news-001", "bbc-news-002"]  # 001 is the article itself
    assert [q.answerable for q in dataset.questions] == [True, False]
    report = evaluate.run(str(folder), ["hybrid:threshold=0.0", "hybrid:threshold=1.0"], out=lambda line: None,
                          cache_root=tmp_path / "cache")
    never, always = report["results"]["hybrid:threshold=0.0"], report["results"]["hybrid:threshold=1.0"]
    assert report["unanswerable"] == 1 and "passage@1" not in never  # reader questions name no paragraph
    assert never["hit@1"] == 1.0 and never["answered"] == 1.0 and never["unanswerable declined"] == 0.0
    assert always["answered"] == 0.0 and always["unanswerable declined"] == 1.0 and always["hit@1"] == 0.0


def test_a_reader_set_elsewhere_takes_its_distractors_from_the_corpus_named(tmp_path, fake_model):
    folder = _reader_folder(tmp_path)
    moved = tmp_path / "elsewhere" / "readers"
    folder.rename(moved.parent.mkdir() or moved)
    assert [a.id for a in evaluate.load(moved).articles] == ["00-news-001"]  # no bbc/ beside it
    assert [a.id for a in evaluate.load(moved, tmp_path / "bbc").articles] == ["00-news-001", "bbc-news-002"]
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "eval", str(moved), "--variant", "bm25",
                                      "--distractors", str(tmp_path / "bbc")])
    assert result.exit_code == 0, result.output
    assert "among distractors" in result.output


def test_squad2_unanswerable_questions_count_as_declines(tmp_path, fake_model):
    data = json.loads(json.dumps(SQUAD))
    data["data"][0]["paragraphs"][0]["qas"].append(
        {"id": "q4", "question": "Who designed the harbour bridge?", "answers": [], "is_impossible": True})
    path = tmp_path / "tiny-squad2.json"
    path.write_text(json.dumps(data))
    report = evaluate.run(str(path), ["hybrid:threshold=1.0"], out=lambda line: None, cache_root=tmp_path / "cache")
    row = report["results"]["hybrid:threshold=1.0"]
    assert report["unanswerable"] == 1 and report["abstention"] is None  # no half-index experiment on SQuAD 2.0
    assert row["unanswerable declined"] == 1.0 and row["answered"] == 0.0


def test_typos_change_one_letter_of_the_longest_word_the_same_way_every_run():
    question = evaluate.Question("q1", "How much did the repairs of the harbour bridge cost?", ["x"], "a", None, 0)
    first, again = evaluate.with_typos([question])[0], evaluate.with_typos([question])[0]
    assert first.text == again.text and first.text != question.text
    changed = [w for w, v in zip(question.text.split(), first.text.split()) if w != v]
    assert changed == ["repairs"] or changed == ["harbour"]  # one of the two longest words
    assert first.text[0] == "H"


def test_eval_with_typos_prints_both_rows(tmp_path, fake_model):
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD))
    report = evaluate.run(str(path), ["hybrid:threshold=0.0"], abstain=False, out=lambda line: None,
                          cache_root=tmp_path / "cache", typos=True)
    assert set(report["results"]) == {"hybrid:threshold=0.0", "hybrid:threshold=0.0 +typo"}


def test_eval_caches_under_the_data_dir_given_not_the_working_folder(tmp_path, fake_model, monkeypatch):
    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    runner = CliRunner()
    result = runner.invoke(cli, ["--data-dir", str(tmp_path / "given"), "eval", str(path), "--variant", "bm25"])
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "given" / "eval").iterdir())
    monkeypatch.setenv("QUOTEBOT_DATA_DIR", str(tmp_path / "from-env"))
    result = runner.invoke(cli, ["eval", str(path), "--variant", "bm25"])
    assert result.exit_code == 0, result.output
    assert any((tmp_path / "from-env" / "eval").iterdir())
    assert not (work / "data").exists()


def test_with_a_limit_only_the_questions_asked_are_embedded_and_each_variant_shows_once(tmp_path, fake_model):
    import re

    path = tmp_path / "tiny-squad.json"
    path.write_text(json.dumps(SQUAD))
    lines: list[str] = []
    report = evaluate.run(str(path), ["bm25", "dense"], limit=1, out=lines.append, cache_root=tmp_path / "cache")
    shown = "\n".join(lines)
    assert report["questions"] == 1
    assert re.search(r"^embedding 1 question$", shown, re.M), shown
    for name in ("bm25", "dense"):
        assert len(re.findall(rf"^\s*{name}\b", shown, re.M)) == 1, shown  # its row of the table


def test_the_table_leaves_blank_the_figures_a_variant_does_not_have():
    from index.evaluate import format_table

    table = format_table("t", {"hybrid": {"hit@1": 0.5, "in-corpus answered": 0.9},
                               "hybrid+typo": {"hit@1": 0.4}})
    header, _, first, second = table.splitlines()[1:]
    assert "in-corpus answered" in header and "0.900" in first
    assert "0.400" in second and len(second.rstrip()) < len(first.rstrip())


TUNNEL = ("How much did the repairs cost?\n\nHow much did the repairs cost? The repairs cost nine million pounds. "
          "How much did the repairs cost the town? Repairs cost more than planned.\n")


def test_reader_questions_are_also_asked_where_their_article_is_being_discussed(tmp_path, fake_model):
    folder = _reader_folder(tmp_path)
    (tmp_path / "bbc" / "news" / "003.txt").write_text(TUNNEL)
    (folder / "questions.jsonl").write_text(json.dumps(
        {"article": "00-news-001", "q": "how much did the repairs cost?", "expect": ["twelve million euros"]}) + "\n")
    report = evaluate.run(str(folder), ["hybrid:threshold=0.0"], out=lambda line: None, cache_root=tmp_path / "cache")
    results = report["results"]
    # Asked cold, the question names nothing that tells the bridge from the tunnel.
    assert results["hybrid:threshold=0.0"]["hit@1"] == 0.0
    assert results["hybrid:threshold=0.0 in its channel"]["hit@1"] == 1.0
    # The first question of a conversation has no context: it is asked cold.
    assert results["hybrid:threshold=0.0 as follow-ups"]["hit@1"] == 0.0


def test_a_follow_up_is_asked_after_its_earlier_question_whose_answer_sets_the_context(tmp_path, fake_model):
    folder = _reader_folder(tmp_path)
    (tmp_path / "bbc" / "news" / "003.txt").write_text(TUNNEL)
    (folder / "questions.jsonl").write_text(json.dumps(
        {"article": "00-news-001", "previous": "when did the harbour bridge reopen after its repairs?",
         "q": "how much did the repairs cost?", "expect": ["twelve million euros"]}) + "\n")
    assert evaluate.load(folder).questions[0].previous.startswith("when did the harbour bridge")
    report = evaluate.run(str(folder), ["hybrid:threshold=0.0"], out=lambda line: None, cache_root=tmp_path / "cache")
    results = report["results"]
    assert results["hybrid:threshold=0.0"]["hit@1"] == 0.0  # alone it could be the tunnel's
    # The earlier question's answer quoted the bridge article: the follow-up is asked there.
    assert results["hybrid:threshold=0.0 as follow-ups"]["hit@1"] == 1.0
