"""The real model, the real FAISS index, the launch article."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from index.engine import GLOBAL
from index.models import Discussion

from .conftest import REPO

pytestmark = pytest.mark.integration


def test_deepseek_budget_is_quoted_first(real_engine):
    answer = real_engine.ask("How much did DeepSeek spend to build its model?")
    assert answer.answered
    assert "$6 million" in answer.quotes[0].text
    assert answer.quotes[0].paragraph == 10  # counted without the "Recently:" teaser line


@pytest.mark.parametrize("question", ["What is the capital of Australia?", "how do i bake sourdough bread",
                                      "what's the weather like tomorrow", "who wrote harry potter"])
def test_off_topic_question_is_declined(real_engine, question):
    # The launch article alone, as the bot ships: a word or two in common with it is no answer,
    # asked anywhere or in a channel discussing it (where only it is asked).
    answer = real_engine.ask(question)
    assert not answer.answered and not answer.quotes
    launch = real_engine.articles([GLOBAL])[0].id
    answer = real_engine.ask(question, context=Discussion(launch, chosen=True))
    assert not answer.answered and not answer.quotes and answer.declined_in is not None


@pytest.mark.parametrize("question, expected", [
    ("Which AI providers do some crypto AI teams use APIs from?", "Google Gemini"),
    ("What does the Bitcoin white paper describe?", "peer-to-peer"),
    ("What new dependence could DeepSeek bring?", "China"),
])
def test_other_questions_about_the_launch_article(real_engine, question, expected):
    answer = real_engine.ask(question)
    assert answer.answered and any(expected in q.text for q in answer.quotes)


def test_cli_answers_a_stream_of_questions_with_one_model_load(tmp_path):
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "QUOTEBOT_ARTICLES_DIR": str(REPO / "articles")}
    questions = "How much did DeepSeek spend to build its model?\nWhat is the capital of Australia?\n"
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--data-dir", str(tmp_path / "data"), "ask", "--json", "-"],
        input=questions, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    first, second = (json.loads(line) for line in result.stdout.splitlines())
    assert "$6 million" in first["quotes"][0]["text"]
    assert second["answered"] is False


def test_a_question_naming_what_the_article_never_mentions_is_declined(real_engine):
    # It shares "paper" and "describe" with the answer about Bitcoin's white paper; the
    # article never says "Ethereum" or "yellow", which is what the abstention model notices.
    assert not real_engine.ask("What does the Ethereum yellow paper describe?").answered
    assert real_engine.ask("What does the Bitcoin white paper describe?").answered


def test_a_typo_in_a_question_does_not_make_it_unanswerable(real_engine):
    answer = real_engine.ask("How much did Deepseek spend to buld its model?")
    assert answer.answered
    assert "$6 million" in answer.quotes[0].text


def test_the_model_gives_a_question_its_vector_and_token_vectors_in_one_pass(real_embedder):
    question = "How much did DeepSeek spend to build its model?"
    vector, tokens = real_embedder.embed_query_with_tokens(question)
    assert np.allclose(vector, real_embedder.embed_query(question), atol=1e-5)
    assert len(tokens) == len(real_embedder.model.tokenizer.tokenize(question))  # no [CLS], [SEP]
    assert np.allclose(np.linalg.norm(tokens, axis=1), 1.0, atol=1e-5)
    # In a batch, a short text's tokens are its own, not padding up to the longest text.
    _, batch = real_embedder.embed_with_tokens(["DeepSeek", question])
    alone = real_embedder.embed_query_with_tokens("DeepSeek")[1]
    assert batch[0].shape == alone.shape and np.allclose(batch[0], alone, atol=1e-4)
    assert np.allclose(batch[1], tokens, atol=1e-4)


def test_the_launch_articles_sentences_keep_their_token_vectors(real_engine):
    stored = real_engine.store.db.execute("SELECT COUNT(*) FROM token_embeddings").fetchone()[0]
    sentences = real_engine.store.db.execute("SELECT COUNT(DISTINCT embed_key) FROM sentences").fetchone()[0]
    assert stored == sentences > 30


def test_a_misspelled_name_finds_the_word_the_article_uses(real_engine):
    # "Deepsek" and "Opneai" are one edit from the article's "Deepseek" and "Openai".
    answer = real_engine.ask("How much did Deepsek spend compared with Opneai's Stargate?")
    assert answer.answered
    assert "$6 million" in answer.quotes[0].text or "$500 billion" in answer.quotes[0].text


def test_an_acronym_finds_the_name_the_article_spells_out(real_engine):
    # The article never writes "SEC"; it names the Securities and Exchange Commission.
    answer = real_engine.ask("What test of the SEC does decentralisation oppose?")
    assert answer.answered
    assert "Securities and Exchange Commission" in answer.quotes[0].text


def test_the_link_teaser_to_another_story_is_never_quoted(real_engine):
    answer = real_engine.ask("What was the wake-up call for responsible innovation and risk management?")
    assert all("Wake-up call" not in q.text for q in answer.quotes)
    article = real_engine.store.article("global", real_engine.articles()[0].id)
    assert "Recently:" not in article.text and article.text.startswith("Opinion: Zain Jaffer")


def test_a_line_that_only_announces_what_follows_is_no_quote(real_engine):
    """A stranger got "Here's a guide to the plan:" as a quote: it says nothing by itself."""
    from index.ingest import parse_text

    story = real_engine.add_article(parse_text(
        "# At a glance: Tory health checks\nThe UK's opposition Conservatives have unveiled plans to introduce health "
        "checks for immigrants if they win the General Election. Here's a guide to the plan:\n\nWho would be "
        "checked?\n\nPeople wanting to settle in the UK from outside the EU would have to prove they have an "
        "acceptable standard of health and are unlikely to be a danger to public health.\n", source="checks.md",
        fmt="md")).article.id
    answer = real_engine.ask("what health checks do the tories want for immigrants", article_id=story)
    assert answer.quotes and all(q.text != "Here's a guide to the plan:" for q in answer.quotes), answer.quotes
