"""The `quotebot` command line as a user runs it (fake embedder via QUOTEBOT_MODEL=hashing)."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from bot.cli import cli

from .conftest import FAKE_THRESHOLD, REPO


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray .env; data lands in the test's folder
    monkeypatch.setenv("QUOTEBOT_MODEL", "hashing:256")
    monkeypatch.setenv("QUOTEBOT_ANSWER_THRESHOLD", str(FAKE_THRESHOLD))
    monkeypatch.setenv("QUOTEBOT_ARTICLES_DIR", str(REPO / "articles"))
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], input=input, obj={})

    return invoke


ARTICLE = """# Harbour bridge reopens
The harbour bridge reopened on Monday after two years of repairs that cost 12 million pounds.

Engineers replaced the steel cables and repainted the towers in their original green.
"""


def test_first_use_indexes_the_bundled_launch_article(run):
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "Crypto AI, decentralisation and DeepSeek" in result.output
    assert "Zain Jaffer" in result.output


def test_add_ask_summary_remove(run, tmp_path):
    path = tmp_path / "bridge.md"
    path.write_text(ARTICLE)
    added = run("add", str(path))
    assert added.exit_code == 0, added.output
    assert "added" in added.output and "Harbour bridge reopens" in added.output
    assert "unchanged" in run("add", str(path)).output

    asked = run("ask", "--json", "How much did the repairs of the harbour bridge cost?")
    payload = json.loads(asked.stdout)
    assert set(payload) == {"question", "answered", "quotes", "text", "about"}
    assert payload["about"] is None  # set only for questions about an article itself
    assert payload["answered"]
    quote = payload["quotes"][0]
    assert set(quote) == {"text", "article_id", "title", "url", "paragraph", "score"}
    assert "12 million pounds" in quote["text"] and quote["paragraph"] == 1

    plain = run("ask", "--top", "1", "How much did the repairs of the harbour bridge cost?")
    assert plain.output.count("> ") == 1 and "[1] Harbour bridge reopens, paragraph 1" in plain.output

    summary = json.loads(run("summary", "--json", "harbour bridge").stdout)
    assert summary["title"] == "Harbour bridge reopens" and summary["quotes"]

    removed = run("remove", quote["article_id"])
    assert removed.exit_code == 0 and "Harbour bridge reopens" in removed.output
    assert "Harbour bridge" not in run("list").output


def test_ask_reads_questions_from_stdin_one_json_object_per_line(run):
    questions = "On what budget did Deepseek build the model?\nWho painted the Mona Lisa?\n"
    result = run("ask", "--json", "-", input=questions)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == questions.splitlines()
    assert lines[0]["answered"] and "$6 million" in lines[0]["quotes"][0]["text"]
    assert lines[1]["answered"] is False and lines[1]["quotes"] == []


def test_bad_input_gets_a_clear_error_and_adds_nothing(run, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = run("add", str(empty))
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "empty" in result.output.lower()
    missing = run("add", str(tmp_path / "nope.md"))
    assert missing.exit_code == 1 and "nope.md" in missing.output
    refused = run("add", "http://127.0.0.1:9/article")
    assert refused.exit_code == 1 and "127.0.0.1" in refused.output
    assert len(run("list", "--json").stdout.splitlines()) == 1  # only the launch article
    unknown = run("remove", "no-such-article")
    assert unknown.exit_code == 1 and "no-such-article" in unknown.output
    assert run("ask", "   ").exit_code == 1


def test_reindex_keeps_the_answers(run):
    question = "On what budget did Deepseek build the model?"
    before = json.loads(run("ask", "--json", question).stdout)
    result = run("reindex")
    assert result.exit_code == 0 and "reindexed" in result.output
    assert json.loads(run("ask", "--json", question).stdout) == before


def test_run_without_a_token_opens_the_console(run, monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("QUOTEBOT_DISCORD_TOKEN", raising=False)
    result = run("run", input="On what budget did Deepseek build the model?\n:quit\n")
    assert result.exit_code == 0, result.output
    assert "DISCORD_TOKEN" in result.output
    assert "Crypto AI, decentralisation and DeepSeek, paragraph 10" in result.output  # the $6 million line
