"""The real model, the real FAISS index, the launch article."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import REPO

pytestmark = pytest.mark.integration


def test_deepseek_budget_is_quoted_first(real_engine):
    answer = real_engine.ask("How much did DeepSeek spend to build its model?")
    assert answer.answered
    assert "$6 million" in answer.quotes[0].text
    assert answer.quotes[0].paragraph == 11


def test_off_topic_question_is_declined(real_engine):
    answer = real_engine.ask("What is the capital of Australia?")
    assert not answer.answered and not answer.quotes


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
