"""The `quotebot` command line as a user runs it (fake embedder via QUOTEBOT_MODEL=hashing)."""
from __future__ import annotations

import io
import json
import re
import shutil
from dataclasses import replace

import pytest
from click.testing import CliRunner
from rich.console import Console

from bot.cli import cli
from bot.console import run_console
from index.settings import Settings

from .conftest import FAKE_THRESHOLD, REPO, pinned_engine
from .loopback_http import QuietHandler, serving


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no stray .env; data lands in the test's folder
    monkeypatch.setenv("QUOTEBOT_MODEL", "hashing:256")
    monkeypatch.setenv("QUOTEBOT_ANSWER_THRESHOLD", str(FAKE_THRESHOLD))
    monkeypatch.setenv("QUOTEBOT_ARTICLES_DIR", str(REPO / "articles"))
    runner = CliRunner()

    def invoke(*args, input=None):
        # The engine the command would open for itself (the same settings, read from the
        # environment at this moment), answering from the pinned weights: the CLI uses an engine
        # it is given.
        with pinned_engine(Settings(data_dir=tmp_path / "data")) as engine:
            return runner.invoke(cli, ["--data-dir", str(tmp_path / "data"), *args], input=input,
                                 obj={"engine": engine})

    return invoke


ARTICLE = """# Harbour bridge reopens
The harbour bridge reopened on Monday after two years of repairs that cost 12 million pounds.

Engineers replaced the steel cables and repainted the towers in their original green.
"""


def test_verbose_says_which_article_was_asked_and_why_an_answer_was_declined(run, caplog):
    import logging

    try:
        run("-v", "ask", "--json", "who wrote this?")
        run("-v", "ask", "--json", "What colour is the moon's cheese?")
    finally:
        logging.getLogger("index").setLevel(logging.NOTSET)  # -v set it for the process
    said = [r.getMessage() for r in caplog.records if r.name.startswith("index.")]
    assert "a question about an article itself (author)" in said
    assert any("against the threshold" in m and m.endswith(": declined") for m in said), said


def test_a_global_option_after_the_command_says_where_it_goes(run):
    # A stranger typed `ask "…" -v` and read "No such option" as there being no verbose mode.
    misplaced = run("ask", "who wrote this?", "-v")
    assert misplaced.exit_code == 2
    assert "-v is an option of quotebot itself: put it before the command (quotebot -v ask …)" in misplaced.output
    assert "(quotebot --data-dir DIR list …)" in run("list", "--data-dir", "x").output
    assert "option of quotebot itself" not in run("list", "--nonsense").output  # only quotebot's own


def test_first_use_indexes_the_bundled_launch_article(run):
    result = run("list")
    assert result.exit_code == 0, result.output
    assert "Crypto AI, decentralisation and DeepSeek" in result.output
    assert "Zain Jaffer" in result.output


def test_add_to_a_log_reports_progress_in_plain_lines(run, tmp_path, monkeypatch):
    from bot import cli as cli_module

    monkeypatch.setattr(cli_module, "PLAIN_PROGRESS_EVERY", 0.0)  # a line at every step, not every 30 s
    path = tmp_path / "long.md"
    path.write_text("# A long report\n\n" + "\n\n".join(
        f"Paragraph {n} says the council met on day {n} to discuss the budget for the harbour." for n in range(40)))
    added = run("add", str(path))
    assert added.exit_code == 0, added.output
    lines = [line for line in added.stderr.splitlines() if line.startswith("Embedding A long report: ")]
    assert lines and all("\x1b" not in line for line in lines)  # plain text in a log, no bar
    done = [int(line.rsplit(": ", 1)[1].split("/")[0].replace(",", "")) for line in lines]
    assert done == sorted(done) and done[-1] < int(lines[-1].rsplit("/", 1)[1].replace(",", ""))


def test_an_edited_copy_is_named_as_such_and_removed_by_its_file(run, tmp_path):
    original, copy = tmp_path / "bridge.md", tmp_path / "copy" / "bridge.md"
    original.write_text(ARTICLE)
    copy.parent.mkdir()
    copy.write_text(ARTICLE.replace("cost", "cost twice"))
    first = run("add", str(original))
    first_id = first.stdout.split()[1]
    added = run("add", str(copy))
    assert added.exit_code == 0, added.output
    copy_id = added.stdout.split()[1]
    assert copy_id != first_id
    assert f"Note: {first_id} (from {original}) has this title too; both are indexed." in " ".join(added.stderr.split())
    # The command it suggests acts on the data dir named, not on ./data (a stranger's find).
    assert f"`quotebot --data-dir {tmp_path / 'data'} remove {first_id}` removes that one" in "".join(
        added.stderr.split("\n"))
    listed = [json.loads(line) for line in run("list", "--json").stdout.splitlines()]
    assert {item["id"]: item["source"] for item in listed if item["id"] in (first_id, copy_id)} == {
        first_id: str(original), copy_id: str(copy)}
    assert "give the id" in run("remove", "Harbour bridge reopens").output  # one title, two articles
    removed = run("remove", str(copy))  # the file it was added from names it
    assert removed.exit_code == 0 and removed.stdout.split()[:2] == ["removed", copy_id]
    assert "Note:" not in run("add", str(original)).stderr  # unchanged: nothing new to tell apart


def test_add_ask_summary_remove(run, tmp_path):
    path = tmp_path / "bridge.md"
    path.write_text(ARTICLE)
    added = run("add", str(path))
    assert added.exit_code == 0, added.output
    # `summary ""` says how to name one, and that leaving it out gives a digest.
    empty = run("summary", "")
    assert empty.exit_code == 2 and "leave ARTICLE out for a digest" in empty.output
    assert "added" in added.output and "Harbour bridge reopens" in added.output
    assert "unchanged" in run("add", str(path)).output

    asked = run("ask", "--json", "How much did the repairs of the harbour bridge cost?")
    payload = json.loads(asked.stdout)
    assert set(payload) == {"question", "answered", "quotes", "text", "about", "speaker", "unsure", "unsure_kind",
                            "confidence", "repeats", "read_as", "follows", "partial", "unknown"}
    assert payload["read_as"] is None and payload["unknown"] == []  # read as typed, every name known
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


def test_stdin_questions_keep_their_lines_even_blank_ones(run):
    """A script pairs output line n with input line n: a blank line gets its error object."""
    result = run("ask", "--json", "-", input="On what budget did Deepseek build the model?\n\n   \nWho wrote it?\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 4
    assert "$6 million" in lines[0]["quotes"][0]["text"]
    assert "empty" in lines[1]["error"] and "empty" in lines[2]["error"]
    assert lines[3]["question"] == "Who wrote it?" and lines[3]["answered"]


def test_stdin_questions_without_json_each_show_their_question_above_the_answer(run):
    result = run("ask", "-", input="On what budget did Deepseek build the model?\n\nWho wrote it?\n")
    assert result.exit_code == 0
    first, second = result.stdout.split("Q: Who wrote it?")
    assert first.startswith("Q: On what budget did Deepseek build the model?") and "$6 million" in first
    assert "Zain Jaffer" in second and "$6 million" not in second


def test_a_folder_with_an_unreadable_file_adds_the_rest_and_says_what_it_skipped(run, tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a-bridge.md").write_text(ARTICLE)
    (folder / "b-stub.md").write_text("# Stub\nToo short to be an article.\n")
    result = run("add", str(folder))
    assert result.exit_code == 1  # a script learns that not everything was added
    assert "Skipped:" in result.output and "b-stub.md" in result.output and "words" in result.output
    assert "2 articles: 1 added, 1 not added" in result.output  # a closing count, whatever the folder's size
    listed = [line for line in run("list").output.splitlines() if "Harbour bridge reopens" in line]
    # Each with the file it came from: strangers matched ids to files by headline.
    assert len(listed) == 1 and "a-bridge.md)" in listed[0], listed


def test_a_folder_names_the_files_it_does_not_read_and_still_succeeds(run, tmp_path):
    folder = tmp_path / "news"
    (folder / "scans").mkdir(parents=True)
    (folder / "a-bridge.md").write_text(ARTICLE)
    (folder / "report.docx").write_bytes(b"PK\x03\x04 not text")
    (folder / "scans" / "page1.pdf").write_bytes(b"%PDF-1.4")
    (folder / ".DS_Store").write_bytes(b"\x00")  # hidden files are nobody's articles
    result = run("add", str(folder))
    assert result.exit_code == 0, result.output  # everything that is an article was added
    assert "Not read: 2 files" in result.output
    assert "report.docx" in result.output and "page1.pdf" in result.output and "DS_Store" not in result.output
    assert "Not read" not in run("add", str(folder / "a-bridge.md")).output


def test_a_copy_of_an_indexed_file_is_named_as_the_article_already_there(run, tmp_path):
    (tmp_path / "bridge.md").write_text(ARTICLE)
    (tmp_path / "copy.md").write_text(ARTICLE)
    assert run("add", str(tmp_path / "bridge.md")).exit_code == 0
    again = run("add", str(tmp_path / "bridge.md")).output
    assert again.startswith("unchanged") and "already indexed from" not in again
    copied = run("add", str(tmp_path / "copy.md")).output
    assert copied.startswith("unchanged") and f"already indexed from {tmp_path / 'bridge.md'}" in copied
    # So is the same text with other details (a page saved as text lacks its publisher): a
    # stranger's page and its copy replaced each other's source and details at every `add`.
    (tmp_path / "signed.md").write_text("---\nauthor: Jane Reporter\n---\n" + ARTICLE)
    signed = run("add", str(tmp_path / "signed.md")).output
    assert signed.startswith("unchanged") and f"already indexed from {tmp_path / 'bridge.md'}" in signed
    assert "this copy's author not used: `quotebot --data-dir " in signed  # said, with the way to use it
    listed = run("list", "--json").output
    assert "Jane Reporter" not in listed and str(tmp_path / "bridge.md") in listed


def test_remove_refuses_an_empty_or_ambiguous_name(run, tmp_path):
    for name in ("one.md", "two.md"):
        (tmp_path / name).write_text(ARTICLE.replace("Harbour bridge reopens", f"Harbour bridge {name[:3]}"))
        assert run("add", str(tmp_path / name)).exit_code == 0
    for ref in ("", "0", "harbour bridge"):
        refused = run("remove", ref)
        assert refused.exit_code == 1, refused.output
    assert "matches 2 articles" in run("remove", "harbour").output
    assert run("list").output.count("Harbour bridge") == 2  # nothing removed on a guess
    assert run("remove", "bridge two").exit_code == 0
    assert run("list").output.count("Harbour bridge") == 1


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


def test_markup_in_a_path_prints_literally_and_the_next_source_is_still_added(run, tmp_path):
    real = tmp_path / "bridge.md"
    real.write_text(ARTICLE)
    result = run("add", str(tmp_path / "[/x]oops.txt"), str(real))
    assert result.exit_code == 1  # one source failed...
    assert "[/x]oops.txt" in result.output and "MarkupError" not in result.output
    assert "added" in result.output and "Harbour bridge reopens" in result.output  # ...the next was added
    assert "Harbour bridge reopens" in run("list").output
    shown = run("add", str(tmp_path / "[bold blink]x :thumbs_up: y.md"))
    assert shown.exit_code == 1 and "[bold blink]x :thumbs_up: y.md" in shown.output


def test_markup_in_a_title_does_not_stop_the_add(run, tmp_path):
    path = tmp_path / "bridge.md"
    path.write_text(ARTICLE.replace("# Harbour bridge reopens", "# [/x] Harbour [bold]bridge[/bold] reopens"))
    result = run("add", str(path))
    assert result.exit_code == 0, result.output
    assert "[/x] Harbour [bold]bridge[/bold] reopens" in result.output


class ReasonHandler(QuietHandler):
    def do_GET(self):
        self.send_response(404, "[/x] Gone [bold blink]")
        self.send_header("Content-Length", "0")
        self.end_headers()


def test_markup_in_a_servers_reason_phrase_prints_literally(run, tmp_path, monkeypatch):
    monkeypatch.setenv("QUOTEBOT_ALLOW_PRIVATE_URLS", "1")
    real = tmp_path / "bridge.md"
    real.write_text(ARTICLE)
    with serving(ReasonHandler) as base:
        result = run("add", f"{base}/article", str(real))
    assert result.exit_code == 1
    assert "404 [/x] Gone [bold blink]" in result.output
    assert "Harbour bridge reopens" in result.output


def test_markup_typed_in_the_console_prints_literally_and_the_console_goes_on(run):
    typed = ":summary [/x]\n:summary [bold blink]nothing\nOn what budget did Deepseek build the model?\n:quit\n"
    result = run("console", input=typed)
    assert result.exit_code == 0, result.output
    assert "'[/x]'" in result.output and "'[bold blink]nothing'" in result.output
    assert "Crypto AI, decentralisation and DeepSeek, paragraph 10" in result.output  # still answering


def test_the_console_shows_quotes_and_titles_exactly_as_written(engine, tmp_path):
    path = tmp_path / "odd.txt"
    path.write_text("# The [/x] odd [bold blink]bridge :thumbs_up:\n\n"
                    "The repairs cost **twelve** [million](https://e.example) pounds [/x] in the end, "
                    "the engineer said.\n")
    engine.add(str(path))
    out = io.StringIO()
    typed = iter(["How much did the repairs cost in the end?", ":list", ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed))
    shown = out.getvalue()
    assert "The repairs cost **twelve** [million](https://e.example) pounds [/x] in the end" in shown
    assert "The [/x] odd [bold blink]bridge :thumbs_up:, paragraph 1" in shown  # the citation
    assert "The [/x] odd [bold blink]bridge :thumbs_up:  (1 paragraph)" in shown  # :list


def test_counts_of_one_read_in_the_singular(run, tmp_path, monkeypatch):
    path = tmp_path / "short.md"
    path.write_text("# Short note\nThe ferry to the island runs at noon every weekday this summer, and at ten "
                    "on Saturdays and Sundays, the harbour office said on Monday.\n")
    # An empty folder stands in for the bundled articles: the data dir holds this article alone.
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("QUOTEBOT_ARTICLES_DIR", str(tmp_path / "empty"))
    added = run("add", str(path))
    assert added.exit_code == 0, added.output
    assert "(1 paragraph)" in added.output
    status = run("status")
    assert status.exit_code == 0, status.output
    assert "1 article," in status.output and "1 passage;" in status.output
    assert "1 articles" not in status.output and "1 passages" not in status.output
    assert "(1 paragraph, short.md)" in run("list").output


def test_first_use_names_the_folder_it_indexes(run, tmp_path, monkeypatch):
    """A stranger ran `add` beside an `articles/` folder of their own and was told "indexing the
    bundled articles" while that folder was indexed."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "ferry.md").write_text(
        "# Ferry\nThe ferry to the island runs at noon every weekday this summer, and at ten on Saturdays "
        "and Sundays, the harbour office said on Monday.\n")
    monkeypatch.delenv("QUOTEBOT_ARTICLES_DIR")  # the default: ./articles where there is one
    listed = run("list")
    # rich wraps a long path anywhere: compared without the line breaks
    assert (f"First use of this data dir: indexing {tmp_path / 'articles'}, the working directory's articles "
            "folder, which this data dir keeps indexed from now on (QUOTEBOT_ARTICLES_DIR sets another)"
            ).replace(" ", "") in "".join(listed.output.split())
    assert "bundled" not in listed.output and "Ferry" in listed.output
    # Remembered: run from anywhere else, the data dir's folder is still that one (strangers'
    # `status` from another directory named the bundled folder); the setting still overrides it.
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert f"articles dir {tmp_path / 'articles'} (" in run("status").stdout
    monkeypatch.setenv("QUOTEBOT_ARTICLES_DIR", str(elsewhere))
    assert f"articles dir {elsewhere} (" in run("status").stdout
    # Moved away, it is still the one named, and said to be missing (not swapped for another).
    monkeypatch.delenv("QUOTEBOT_ARTICLES_DIR")
    (tmp_path / "articles").rename(tmp_path / "news")
    assert f"articles dir {tmp_path / 'articles'} (missing, " in run("status").stdout


def test_a_first_add_beside_an_articles_folder_indexes_only_what_it_names(run, tmp_path, monkeypatch):
    """Every stranger of two rounds who ran `add` beside an `articles/` folder was surprised that a
    folder they had not named was indexed too: only what `add` names is, and the note says how to
    add the folder; named, or inside a folder named, it is indexed as before."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "ferry.md").write_text(
        "# Ferry\nThe ferry to the island runs at noon every weekday this summer, and at ten on Saturdays "
        "and Sundays, the harbour office said on Monday.\n")
    mine = tmp_path / "mine.md"
    mine.write_text(ARTICLE)
    monkeypatch.delenv("QUOTEBOT_ARTICLES_DIR")  # the default: ./articles where there is one
    added = run("add", str(mine))
    assert added.exit_code == 0, added.output
    assert "only what you add is indexed, not the working directory's articles folder" in " ".join(added.output.split())
    listed = run("list").output
    assert "Harbour bridge reopens" in listed and "Ferry" not in listed
    assert "added" in run("add", "articles").output and "Ferry" in run("list").output
    # Named itself, or a folder holding it, on first use: indexed with it.
    for named in ("articles", "."):
        shutil.rmtree(tmp_path / "data")  # a new data dir each time
        first = run("add", named)
        assert "only what you add" not in first.output, named
        # and nothing is said of it: sixteen strangers read every note as a side effect unasked
        assert "First use" not in first.output, named
        assert f"articles dir {tmp_path / 'articles'} (" in run("status").stdout, named
        assert first.exit_code == 0, first.output
        assert "Ferry" in run("list").output, named


def test_a_first_add_of_ones_own_articles_leaves_the_launch_article_out_for_good(run, tmp_path, monkeypatch):
    """Three strangers who added 40 articles to a new data dir asked why `list` showed 41: the
    bundled launch article had been indexed unasked. The folder's watcher (the bot's, `quotebot
    watch`) leaves it out too, and a seeded launch article once removed stays removed."""
    from index.watch import FolderWatcher

    monkeypatch.delenv("QUOTEBOT_ARTICLES_DIR")  # no ./articles here: the folder is the bundled one
    path = tmp_path / "bridge.md"
    path.write_text(ARTICLE)
    added = run("add", str(path))
    assert added.exit_code == 0, added.output
    assert "only what you add is indexed (not the bundled launch article" in " ".join(added.stderr.split())
    listed = run("list").stdout
    assert "Harbour bridge reopens" in listed and "DeepSeek" not in listed

    def watched(data) -> list[str]:
        with pinned_engine(Settings(data_dir=data)) as engine:
            FolderWatcher(engine, engine.articles_folder(), settle=0).sync()
            return [info.title for info in engine.articles()]

    assert watched(tmp_path / "data") == ["Harbour bridge reopens"]
    # Another data dir's first use (`list`) indexes the launch article; removed, the watcher
    # does not bring it back.
    other = tmp_path / "other"
    monkeypatch.chdir(tmp_path)
    with pinned_engine(Settings(data_dir=other)) as engine:
        seeded = engine.ensure_bundled()
        assert [r.article.title for r in seeded] == ["Crypto AI, decentralisation and DeepSeek"]
        engine.remove(seeded[0].article.id)
    assert watched(other) == []


def test_a_first_add_of_the_articles_folder_lists_them_as_added(run, tmp_path, monkeypatch):
    """A stranger's first `add articles background` on a new data dir listed every file of
    `articles/` as "unchanged": the first-use step had just indexed the folder of that name."""
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "ferry.md").write_text(
        "# Ferry\nThe ferry to the island runs at noon every weekday this summer, and at ten on Saturdays "
        "and Sundays, the harbour office said on Monday.\n")
    monkeypatch.delenv("QUOTEBOT_ARTICLES_DIR")
    first = run("add", "articles")
    assert first.exit_code == 0, first.output
    assert re.search(r"^added +\w+ +Ferry", first.stdout, re.M) and "unchanged" not in first.stdout
    assert re.search(r"^unchanged +\w+ +Ferry", run("add", "articles").stdout, re.M)


def test_status_names_the_folders_a_relative_setting_means(run, tmp_path, monkeypatch):
    (tmp_path / "mine").mkdir()
    monkeypatch.setenv("QUOTEBOT_ARTICLES_DIR", "mine")  # relative: to where the bot is started (tmp_path)
    status = run("status", "--json")
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["articles_dir"] == str(tmp_path / "mine")
    assert f"articles dir {tmp_path / 'mine'} (" in run("status").stdout


def test_status_names_the_articles_folder_first_use_reads_not_a_missing_one(run, tmp_path, monkeypatch):
    # A stranger ran from a folder without `articles/`: the bundled folder was indexed, but
    # `status` named ./articles, which did not exist.
    from index.settings import BUNDLED_ARTICLES

    monkeypatch.delenv("QUOTEBOT_ARTICLES_DIR")
    assert f"articles dir {BUNDLED_ARTICLES} (" in run("status").stdout
    assert "Crypto AI, decentralisation and DeepSeek" in run("list").stdout
    # The bundled folder is not remembered (it moves with the install): a folder of one's own,
    # where one runs it, is the one read.
    (tmp_path / "articles").mkdir()
    assert f"articles dir {tmp_path / 'articles'} (" in run("status").stdout


def test_piped_console_input_is_echoed_after_the_prompt(run):
    result = run("console", input="How much did DeepSeek spend to build its model?\n:quit\n")
    assert result.exit_code == 0, result.output
    assert "question> How much did DeepSeek spend to build its model?\n" in result.output


TUNNEL = """# The old tunnel reopens
The old tunnel under the river reopened after repairs, the county said.

The repairs cost 3 million pounds and took nine months.
"""


def test_a_console_follow_up_is_answered_from_the_article_of_the_last_answer(engine, tmp_path):
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL)):
        (tmp_path / name).write_text(text)
        engine.add(str(tmp_path / name))
    cost = "How much did the repairs cost?"
    assert "3 million pounds" in engine.ask(cost).quotes[0].text  # asked cold, the tunnel's words match best
    out = io.StringIO()
    typed = iter(["Which towers were repainted green?", cost, ":article tunnel", cost, ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    after = out.getvalue().split(cost + "\n")
    # After an answer about the bridge, the follow-up is about the bridge; once the tunnel is
    # picked, about the tunnel.
    assert "12 million pounds" in after[1].split(":article")[0]
    assert "Asking about The old tunnel reopens" in after[1]
    assert "3 million pounds" in after[2] and "12 million" not in after[2]


SPEECH = """# Club keeps its coach
The club kept its coach for another season, its chairman said.

"We never thought of anyone else," said club chairman Ana Field. "He built this team."

Ms Field added that the coach would get a new contract. "He has our full trust," she said.

The coach said he was happy to stay and that the squad would improve.
"""


def test_console_who_said_that_names_the_speaker_and_what_else_shows_another_quote(engine, tmp_path):
    (tmp_path / "club.md").write_text(SPEECH)
    engine.add(str(tmp_path / "club.md"))
    out = io.StringIO()
    asked = "what did club chairman ana field say about anyone else?"
    typed = iter([asked, "who said that?", "what else did she say?", ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    first, rest = out.getvalue().split(asked + "\n")[1].split("who said that?\n")
    who, more = rest.split("what else did she say?\n")
    shown = next(line for line in first.splitlines() if "▌" in line).strip("▌ ").rsplit(" [", 1)[0]
    assert "Said by: club chairman Ana Field" in who and shown in who
    # "what else": the quote just shown is not shown again, other words of hers are.
    assert "▌" in more and shown not in more


def test_console_quotes_piped_to_a_file_carry_no_padding(engine, tmp_path):
    # A stranger's saved transcripts had every quote line padded with spaces to the full width.
    (tmp_path / "club.md").write_text(SPEECH)
    engine.add(str(tmp_path / "club.md"))
    out = io.StringIO()
    typed = iter(["what did club chairman ana field say about anyone else?", ":quit"])
    run_console(engine, console=Console(file=out, width=60), input_fn=lambda prompt: next(typed), echo=True)
    quoted = [line for line in out.getvalue().splitlines() if line.startswith("▌")]
    # A quote a line, whatever the console's width, its marker on it; no line padded.
    assert quoted[0] == '▌ "We never thought of anyone else," said club chairman Ana Field. [1]'
    assert all(line == line.rstrip() for line in out.getvalue().splitlines())


def test_ask_about_one_article(run, tmp_path):
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL)):
        (tmp_path / name).write_text(text)
        assert run("add", str(tmp_path / name)).exit_code == 0
    question = "How much did the repairs cost?"
    assert "3 million pounds" in json.loads(run("ask", "--json", question).stdout)["quotes"][0]["text"]
    picked = json.loads(run("ask", "--json", "--article", "Harbour bridge", question).stdout)
    assert picked["quotes"] and all(q["title"] == "Harbour bridge reopens" for q in picked["quotes"])
    missing = run("ask", "--article", "no such article", question)
    assert missing.exit_code != 0 and "Error:" in missing.output


def test_console_summary_summarises_the_picked_article_and_an_unknown_command_is_not_asked(engine, tmp_path):
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL)):
        (tmp_path / name).write_text(text)
        engine.add(str(tmp_path / name))
    out = io.StringIO()
    typed = iter([":summary", ":article tunnel", ":summary", ":bogus", ":articles tunnel", "::list", ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    shown, doubled = out.getvalue().split("::list\n")
    # "::list" is the command typed in haste (a new user's was answered with quotes about lists).
    assert "Harbour bridge reopens  (" in doubled and ">" not in doubled
    digest, picked = shown.split(":article tunnel\n")
    assert "Harbour bridge reopens" in digest.split(":summary\n", 1)[1]  # nothing picked: a digest
    summary, rest = picked.split(":bogus\n")
    assert "3 million pounds" in summary and "Harbour bridge" not in summary.split(":summary\n", 1)[1]
    unknown, typo = rest.split(":articles tunnel\n")
    assert "Unknown command :bogus; :help lists them" in unknown and "paragraph" not in unknown
    assert "Unknown command :articles; :help lists them" in typo


def _console_on_bridge_and_tunnel(engine, tmp_path, lines: list[str]) -> str:
    """What the console shows for `lines` typed (then :quit), with the bridge and tunnel stories added."""
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL)):
        (tmp_path / name).write_text(text)
        engine.add(str(tmp_path / name))
    out = io.StringIO()
    typed = iter([*lines, ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    return out.getvalue()


def test_console_summary_after_a_question_summarises_the_story_discussed(engine, tmp_path):
    # Two strangers asked about one story, typed :summary and got a digest of the latest five.
    shown = _console_on_bridge_and_tunnel(engine, tmp_path, ["How much did the tunnel cost?", ":summary", ":article",
                                                             ":summary"])
    after_question, after_reset = shown.split(":article\n")
    summary = after_question.split(":summary\n")[1]
    assert "3 million pounds" in summary and "Harbour bridge" not in summary
    assert "Harbour bridge reopens" in after_reset.split(":summary\n")[1]  # asking every article again: a digest


def test_console_question_after_a_named_summary_is_about_the_story_summarised(engine, tmp_path):
    # A stranger's "when was it published?" after `:summary parry` was answered of the article
    # added last, another story.
    shown = _console_on_bridge_and_tunnel(engine, tmp_path, [":summary harbour bridge",
                                                             "How much did the repairs cost?", "when was it published?"])
    cost, published = shown.split("How much did the repairs cost?\n")[1].split("when was it published?\n")
    assert "12 million pounds" in cost and "3 million" not in cost
    assert "Harbour bridge reopens" in published and "tunnel" not in published


def test_console_show_opens_the_whole_paragraph_a_quote_comes_from(engine, tmp_path):
    """Strangers wanted to read a quote in its paragraph; `:show 1` was an unknown command."""
    paragraph = ("Tickets will cost 4 pounds, the operator said on Monday. The first boat leaves at 7am from the east "
                 "pier, and the timetable is online.")
    (tmp_path / "ferry.md").write_text(f"# Ferry returns\nThe ferry service returns in May, the council said.\n\n"
                                       f"{paragraph}\n")
    engine.add(str(tmp_path / "ferry.md"))
    out = io.StringIO()
    typed = iter([":show 1", "How much will the ferry tickets cost?", ":show 1", ":show 9", ":show one", ":show ²",
                  ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    before, after = out.getvalue().split("How much will the ferry tickets cost?\n")
    assert "The last answer quoted nothing" in before.split(":show 1\n")[1]
    shown, wrong, words = after.split(":show 1\n")[1].split(":show 9\n")[0], *after.split(":show 9\n")[1].split(
        ":show one\n")
    assert "[1] Ferry returns, paragraph 2" in shown and paragraph in shown
    assert ":show takes the number of a quote of the last answer, 1 to" in wrong
    assert words.count(":show takes the number") == 2  # "²" too: a digit to Python, no number (a review's find)


def test_console_commands_typed_in_haste_are_still_commands(engine, tmp_path):
    # A stranger's ": quit" was answered with three quotes, ":ARTICLE lacroix" was an unknown
    # command and ":list extra" listed the articles as if nothing followed.
    (tmp_path / "tunnel.md").write_text(TUNNEL)
    engine.add(str(tmp_path / "tunnel.md"))
    out = io.StringIO()
    typed = iter([":ARTICLE tunnel", ":list extra", ": who paid for the repairs?", ": quit", "never asked"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    shown = out.getvalue()
    assert "Asking about" in shown.split(":ARTICLE tunnel\n")[1].split(":list extra")[0]
    assert ":list takes nothing after it" in shown.split(":list extra\n")[1]
    assert "Unknown command" not in shown.split(": who paid for the repairs?\n")[1].split(": quit")[0]
    assert shown.rstrip().endswith(": quit") and "never asked" not in shown


def test_ask_about_a_picked_article_that_does_not_say_says_so_plainly(run, tmp_path):
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL)):
        (tmp_path / name).write_text(text)
        assert run("add", str(tmp_path / name)).exit_code == 0
    declined = run("ask", "--article", "tunnel", "Which towers by the river were repainted green?")
    assert declined.exit_code == 0, declined.output
    assert "“The old tunnel reopens” doesn't seem to say that" in declined.output
    assert "Try other words" in declined.output and "Name the story you mean" not in declined.output


def test_ask_as_in_a_channel_follows_the_conversation_and_moves_to_the_story_a_name_picks(run, tmp_path):
    """`ask --channel`: what the bot answers in a Discord channel where it announced the article
    (strangers' trials asked with `--article`, a pick, and read its answers as a channel's)."""
    ferry = ("# The ferry changes hands\nThe ferry company does not know who takes over the island routes from "
             "Captain Ortega next year, and it is not saying when the timetable will be published.\n")
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL), ("ferry.md", ferry)):
        (tmp_path / name).write_text(text)
        assert run("add", str(tmp_path / name)).exit_code == 0
    questions = "How much did the repairs cost?\nand how long?\nWhich towers were repainted green?\nwho is Ortega?\n"
    result = run("ask", "--json", "--channel", "tunnel", "-", input=questions)
    assert result.exit_code == 0, result.output
    cost, how_long, towers, ortega = (json.loads(line) for line in result.stdout.splitlines())
    # The channel's story is asked first, though the bridge story's lead gives a sum for repairs too.
    assert cost["quotes"][0]["title"] == "The old tunnel reopens" and "3 million" in cost["quotes"][0]["text"]
    # "and how long?" follows the question before it, in the same story.
    assert how_long["follows"] == "How much did the repairs cost?" and "nine months" in how_long["quotes"][0]["text"]
    # The channel's story not answering is the answer there, said as the bot says it.
    assert not towers["answered"] and "the article being discussed, doesn't answer that" in towers["text"]
    # A name only another story holds is asked of every story, as in the channel; picked with
    # --article, the tunnel story declines it, saying it never mentions the name.
    assert ortega["answered"] and ortega["quotes"][0]["title"] == "The ferry changes hands"
    assert "never mentions “ortega”" in run("ask", "--article", "tunnel", "who is Ortega?").output
    both = run("ask", "--article", "tunnel", "--channel", "tunnel", "When did it reopen?")
    assert both.exit_code == 2 and "not both" in both.output


def test_a_question_about_another_story_asked_of_a_picked_article_says_which_names_it_lacks(run, tmp_path):
    # The tunnel story uses none of the question's words, and the ferry story names Ortega: the
    # tunnel's closest sentence would be no answer, so the decline says what to do instead.
    ferry = ("# The ferry changes hands\nThe ferry company does not know who takes over the island routes from "
             "Captain Ortega next year, and it is not saying when the timetable will be published.\n")
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL), ("ferry.md", ferry)):
        (tmp_path / name).write_text(text)
        assert run("add", str(tmp_path / name)).exit_code == 0
    declined = run("ask", "--article", "tunnel", "who is Ortega?")
    assert declined.exit_code == 0, declined.output
    assert "“The old tunnel reopens” never mentions “ortega”, which other articles do" in declined.output
    assert "Ask without picking an article" in declined.output
    answered = json.loads(run("ask", "--json", "who is Ortega?").stdout)
    assert answered["quotes"][0]["title"] == "The ferry changes hands"
    # Words the other stories use but do not write as names are a reader's own words, not
    # another story's subject: the plain decline.
    plain = run("ask", "--article", "tunnel", "Which towers were repainted green?")
    assert "never mentions" not in plain.output and "doesn't seem to say that" in plain.output, plain.output
    # One word the tunnel story uses ("repairs") keeps the question its own.
    kept = run("ask", "--article", "tunnel", "Did Ortega pay for the repairs?")
    assert "never mentions" not in kept.output, kept.output


def test_a_console_decline_in_the_picked_article_says_to_unpick_and_article_alone_unpicks(engine, tmp_path):
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL)):
        (tmp_path / name).write_text(text)
        engine.add(str(tmp_path / name))
    question = "Which mayor complained about the river delays?"
    out = io.StringIO()
    typed = iter([":article tunnel", question, ":article", question, ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    picked, unpicked = out.getvalue().split(":article\n")
    # The asker picked the tunnel story themselves: "name the story you mean" would be no help.
    assert "“The old tunnel reopens” doesn't seem to say that" in picked
    assert "ask without picking an article" in picked and "Name the story you mean" not in picked
    assert "Asking every article." in unpicked and "The old tunnel reopens" not in unpicked


def test_a_console_pick_that_matches_nothing_says_the_earlier_pick_stands(engine, tmp_path):
    """A stranger's `:article kelly holms` matched nothing while another story was picked, and
    the next question was answered from that story as if it were Kelly Holmes's."""
    shown = _console_on_bridge_and_tunnel(engine, tmp_path, [":article tunnel", ":article zebra crossing", ":article",
                                                             ":article zebra crossing"])
    picked, unpicked = shown.split(":article\n")
    assert "No indexed article matches 'zebra crossing'" in picked
    assert "Still asking about The old tunnel reopens" in picked
    assert "No indexed article matches 'zebra crossing'" in unpicked and "Still asking" not in unpicked
    # With nothing picked before, it says every article is asked (a stranger's `:article band aid`
    # matched two titles, and the questions after it drifted from story to story unannounced).
    assert "Nothing is picked: asking every article until you pick one." in unpicked


def test_a_console_pick_of_a_name_only_one_articles_text_holds_picks_that_article(engine, tmp_path):
    """A stranger's `:article Zain Jaffer` of the launch article (its title is its first sentence)
    was told which article mentions him, and the questions after it went to every article."""
    shown = _console_on_bridge_and_tunnel(engine, tmp_path, [":article steel cables", "what was replaced?",
                                                             ":article repairs"])
    assert "No title holds “steel cables”; asking about Harbour bridge reopens" in shown
    assert "the one article whose text mentions it" in shown
    # A name both articles' texts hold picks neither: the pick stands.
    assert "Still asking about Harbour bridge reopens" in shown.split(":article repairs\n")[1]


def test_a_console_pick_stands_after_a_question_about_another_story_and_says_so(engine, tmp_path):
    ferry = ("# The ferry changes hands\nThe ferry company does not know who takes over the island routes from "
             "Captain Ortega next year, and it is not saying when the timetable will be published.\n")
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL), ("ferry.md", ferry)):
        (tmp_path / name).write_text(text)
        engine.add(str(tmp_path / name))
    out = io.StringIO()
    typed = iter([":article tunnel", "Who takes over from Ortega?", "How much did the repairs cost?",
                  "Which football club did Ortega coach in Brazil?", ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    elsewhere, after = out.getvalue().split("How much did the repairs cost?\n")
    after, unanswered = after.split("Which football club did Ortega coach in Brazil?\n")
    # The question names Ortega, whom only the ferry story mentions: answered from it, and said
    # so (the bridge story's sentences, which share none of its rarest words, are not quoted).
    assert "Captain Ortega" in elsewhere and "Harbour bridge reopens" not in elsewhere
    assert ("“The old tunnel reopens”, the article picked, never mentions what this asks about, so these "
            "quotes are from “The ferry changes hands”. It stays picked") in elsewhere
    assert elsewhere.index("the article picked") < elsewhere.index("Captain Ortega")  # said before the quotes
    # The pick stands: the next question is the tunnel's, not the ferry's or the bridge's.
    assert "3 million pounds" in after and "12 million" not in after
    # Asked of every article for its name, and none answers: the decline says why the pick was left.
    assert ("“The old tunnel reopens” never mentions “ortega”, which other articles do, so every article was asked, "
            "and none of them answers it") in unanswered



def test_quotes_found_beyond_the_picked_article_are_not_all_put_under_the_first_ones_title():
    from bot.console import moved_note
    from index.models import Quote

    ferry = Quote("Captain Ortega retires.", "f1", "The ferry changes hands", None, 1, 0.6, 0, 23)
    bridge = Quote("The bridge reopens.", "b1", "The bridge is repaired", None, 2, 0.4, 0, 19)
    assert moved_note([ferry, replace(ferry, paragraph=2)], "The old tunnel reopens").startswith(
        "“The old tunnel reopens”, the article picked, never mentions what this asks about, so these quotes are "
        "from “The ferry changes hands”.")
    mixed = moved_note([ferry, bridge], "The old tunnel reopens")
    assert "see each quote's citation" in mixed and "The ferry changes hands" not in mixed


def test_the_console_says_when_quotes_come_from_another_article_than_the_last_answers(engine, tmp_path):
    for name, text in (("bridge.md", ARTICLE), ("tunnel.md", TUNNEL)):
        (tmp_path / name).write_text(text)
        engine.add(str(tmp_path / name))
    out = io.StringIO()
    typed = iter(["When did the harbour bridge reopen?", "How much did the tunnel repairs under the river cost?",
                  "How much did the tunnel repairs cost?", ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    first, moved, stayed = out.getvalue().split("?\n")[1:4]
    assert "From other articles than" not in first
    note = "“Harbour bridge reopens”, which the last answer quoted"
    assert note in moved and moved.index(note) < moved.index("3 million pounds")
    assert "3 million pounds" in stayed and "which the last answer quoted" not in stayed  # the tunnel's now


def test_the_console_cautions_quotes_found_for_a_question_in_another_language(engine, tmp_path):
    from index.text import ENGLISH_NOTE

    (tmp_path / "bridge.md").write_text(ARTICLE)
    engine.add(str(tmp_path / "bridge.md"))
    out = io.StringIO()
    typed = iter(["harbour bridge Reparaturen, wieviel million pounds?", "How much did the bridge repairs cost?", ":quit"])
    run_console(engine, console=Console(file=out, width=300), input_fn=lambda prompt: next(typed), echo=True)
    german, english = out.getvalue().split("How much did the bridge repairs cost?\n")
    assert "12 million pounds" in german and ENGLISH_NOTE in german
    assert "12 million pounds" in english and ENGLISH_NOTE not in english


@pytest.mark.parametrize("value, says", [("nan", "finite number"), ("inf", "finite number"),
                                         ("-1", "greater than or equal to 0"), ("2", "less than or equal to 1")])
def test_an_answer_threshold_outside_0_to_1_is_refused(tmp_path, value, says):
    """A hostile operator's QUOTEBOT_ANSWER_THRESHOLD=nan made the bot answer everything ("0.044
    against the threshold nan: answered"), and 2 decline everything, without a word."""
    result = CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "data"), "status"],
                                env={"QUOTEBOT_ANSWER_THRESHOLD": value}, obj={})
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.startswith("Error: Invalid setting: QUOTEBOT_ANSWER_THRESHOLD") and says in result.output
