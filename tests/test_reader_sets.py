"""The reader-question sets shipped in bench/ are sound: a broken label would make `quotebot eval`
and `bench/fit_answer.py` count right answers as wrong without any error."""
import json
from pathlib import Path

import pytest

from index import ingest
from index.evaluate import normalise

SETS = sorted(p.parent for p in (Path(__file__).resolve().parents[1] / "bench").glob("*/questions.jsonl"))


@pytest.mark.parametrize("folder", SETS, ids=[p.name for p in SETS])
def test_every_expected_answer_is_in_its_article_as_ingest_reads_it(folder):
    texts = {p.stem: normalise(ingest.read_file(p).text) for p in (folder / "articles").glob("*.txt")}
    questions = [json.loads(line) for line in (folder / "questions.jsonl").read_text(encoding="utf-8").splitlines()
                 if line.strip()]
    assert questions and texts
    for item in questions:
        assert item["article"] in texts, item
        assert item["q"].strip(), item
        expect = item["expect"]
        assert expect is None or (isinstance(expect, list) and expect), item
        for answer in expect or ():
            assert normalise(answer) in texts[item["article"]], (item["article"], answer)
