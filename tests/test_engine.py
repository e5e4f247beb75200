"""The engine end to end with the fake embedder: what a user of `add`/`ask`/`summary` sees."""
from __future__ import annotations

from dataclasses import replace

import faiss
import pytest

from index.answer import names_elsewhere
from index.engine import GLOBAL, Engine, guild_collection
from index.errors import AmbiguousArticle, ArticleNotFound, InvalidQuestion
from index.ingest import parse_text
from index.models import Article, Discussion, Quote
from index.render import answer_markdown, summary_markdown
from index.text import ASKS_BACK_NOTHING, ASKS_BACK_UNASKED, NAMES_NOBODY, NOTHING_QUOTED, PRONOUN_HINT, says_pronoun

from .conftest import LAUNCH_ARTICLE, make_settings, pinned_engine

TRAMS = """---
title: Trams come back to Northtown
author: Ana Field
url: https://news.example/trams
---
The city council voted on Tuesday to expand the tram network, adding four new stops in the northern districts.

Construction
The works will begin next spring and cost 40 million euros, paid by the regional government.

Residents of the old harbour asked for a stop near the fish market, but the council refused it.
"""

BAKERY = """# A bakery wins the national bread prize
The family bakery on Mill Street won the national bread prize for its sourdough loaf.

The jury praised the crust and the long fermentation of eighteen hours.
"""


def trams(text: str = TRAMS) -> Article:
    return parse_text(text, source="trams.md", fmt="md")


def counts(engine: Engine) -> tuple[int, int, int, int]:
    db = engine.store.db
    return (
        db.execute("SELECT COUNT(*) FROM passages").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM sentences").fetchone()[0],
        db.execute("SELECT COUNT(*) FROM passage_fts").fetchone()[0],
        engine.vectors.load(GLOBAL).ntotal,
    )


def test_quotes_are_verbatim_substrings_cited_to_their_paragraph(engine):
    article = trams()
    engine.add_article(article)
    answer = engine.ask("How much will the construction works cost?")
    assert answer.answered
    first = answer.quotes[0]
    assert "40 million euros" in first.text
    assert article.text[first.start:first.end] == first.text
    assert first.paragraph == 2  # the "Construction" heading joins the paragraph it heads
    assert first.title == "Trams come back to Northtown"
    assert first.url == "https://news.example/trams"
    assert "[1] Trams come back to Northtown, paragraph 2" in answer_markdown(answer)


def test_every_sentence_of_the_launch_article_is_an_exact_substring(engine):
    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(article)
    rows = engine.store.db.execute("SELECT start, end FROM sentences").fetchall()
    assert len(rows) > 40
    for start, end in rows:
        sentence = article.text[start:end]
        assert sentence == sentence.strip() and sentence
    summary = engine.summary(article.id)
    for quote in summary.quotes:
        assert quote.text in article.text


def test_adding_unchanged_content_again_is_a_no_op(engine, embedder):
    first = engine.add_article(trams())
    calls, before = embedder.calls, counts(engine)
    again = engine.add_article(trams())
    assert (first.status, again.status) == ("added", "unchanged")
    assert embedder.calls == calls
    assert counts(engine) == before
    assert len(engine.articles()) == 1


def test_changed_content_replaces_the_old_version_without_orphans(engine, embedder):
    engine.add_article(trams())
    calls, before = embedder.calls, counts(engine)
    edited = trams(TRAMS.replace("fish market", "lighthouse"))
    result = engine.add_article(edited)
    assert result.status == "updated"
    # only the changed paragraph's passage and sentence are embedded again
    assert embedder.calls - calls == 2
    passages, sentences, fts, vectors = counts(engine)
    assert passages == fts == vectors == 3
    assert counts(engine) == before
    ids = set(faiss.vector_to_array(engine.vectors.load(GLOBAL).id_map))
    assert ids == {r[0] for r in engine.store.db.execute("SELECT id FROM passages")}
    quotes = engine.ask("Which stop near the lighthouse did residents ask for?").quotes
    assert quotes and "lighthouse" in quotes[0].text
    assert not any("fish market" in q.text for q in quotes)


def test_a_file_edited_in_place_replaces_its_previous_version(engine):
    """Without a URL the id comes from the content, so the source path ties versions together."""
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    engine.add_article(parse_text(BAKERY.replace("eighteen", "twenty"), source="bakery.md", fmt="md"))
    assert len(engine.articles()) == 1
    assert "twenty" in engine.ask("How long is the fermentation of the bread?").quotes[0].text


def test_a_crash_in_the_middle_of_a_write_leaves_the_previous_state(engine, monkeypatch):
    engine.add_article(trams())
    before = counts(engine), engine.ask("What will the works cost?").to_json()

    def crash(db, *args, **kwargs):
        db.execute("DELETE FROM passages")  # half of the work done...
        raise RuntimeError("power cut")  # ...then the process dies

    monkeypatch.setattr(engine.store, "replace_article", crash)
    with pytest.raises(RuntimeError):
        engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    monkeypatch.undo()
    assert (counts(engine), engine.ask("What will the works cost?").to_json()) == before
    assert [a.title for a in engine.articles()] == ["Trams come back to Northtown"]
    assert engine.store.integrity_ok()


def test_state_survives_a_restart(tmp_path, embedder):
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        engine.add_article(trams())
        expected = engine.ask("What will the works cost?").to_json()
    with pinned_engine(make_settings(tmp_path), embedder) as engine:
        assert engine.ask("What will the works cost?").to_json() == expected


def test_an_engine_that_only_writes_keeps_no_vector_index_and_answering_engines_see_its_writes(tmp_path, embedder):
    """A `quotebot worker`: it embeds and writes, and never builds a FAISS index it would never search."""
    settings = make_settings(tmp_path)
    with pinned_engine(settings, embedder) as bot:
        assert not bot.ask("What will the works cost?").answered
        with pinned_engine(settings, embedder, searches=False) as worker:
            worker.add_article(trams())
            bakery = worker.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article
            # The bot, open all along, sees each write at its next question.
            assert bot.ask("Which bakery won the bread prize for sourdough?").quotes[0].article_id == bakery.id
            worker.remove(bakery.id)
            assert worker.reindex() == 3
        assert bot.ask("What will the works cost?").quotes[0].article_id == trams().id
        assert all(q.article_id != bakery.id for q in bot.ask("Which bakery won the bread prize for sourdough?").quotes)
    alone = make_settings(tmp_path / "worker-only")
    with pinned_engine(alone, embedder, searches=False) as worker:
        worker.add_article(trams())
        worker.reindex()
    assert not list(alone.data_dir.rglob("*.faiss"))  # nothing built, nothing cached
    with pinned_engine(alone, embedder) as bot:
        assert bot.ask("What will the works cost?").quotes[0].article_id == trams().id


def test_remove_takes_the_vectors_and_quotes_with_it(engine):
    engine.add_article(trams())
    bakery = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article
    engine.remove(bakery.id)
    assert counts(engine)[3] == counts(engine)[0] == 3
    answer = engine.ask("Which bakery won the bread prize for sourdough?")
    assert all(q.article_id != bakery.id for q in answer.quotes)
    with pytest.raises(ArticleNotFound):
        engine.remove(bakery.id)


def test_an_off_topic_question_gets_no_random_quote(engine):
    engine.add_article(trams())
    answer = engine.ask("Who painted the Mona Lisa?")
    assert not answer.answered
    assert answer.quotes == ()
    assert "No indexed article mentions “mona”, “lisa”" in answer_markdown(answer)  # so no other words will do
    # So is a name in parts joined by an apostrophe (a stranger was told no article mentions “driscoll”).
    assert "“o'driscoll”" in answer_markdown(engine.ask("did brian o'driscoll paint the mona lisa?"))
    # A hyphenated word is named as typed (a stranger was told no article mentions “sin”, “binned”).
    binned = engine.ask("was the tram driver sin-binned?")
    assert binned.unknown == ("sin-binned",) and "Try other words" in answer_markdown(binned)
    answer = engine.ask("Who painted the picture?")
    assert not answer.answered and answer.quotes == ()
    assert "couldn't find" in answer_markdown(answer)


def test_empty_and_overlong_questions_are_refused(engine):
    with pytest.raises(InvalidQuestion):
        engine.ask("   ")
    for invisible in ("\u200b", "\u200b \u2060\u2066", "\u3164", "\u2800\u2800"):  # blanks only: nothing asked
        with pytest.raises(InvalidQuestion):
            engine.ask(invisible)
    with pytest.raises(InvalidQuestion):
        engine.ask("why " * 400)
    # A link alone is no question, and is not called empty (a new admin's pasted link was).
    for link in ("https://news.bbc.co.uk/1/hi/entertainment/4175000.stm", "<https://example.com/a>"):
        with pytest.raises(InvalidQuestion, match="only a link"):
            engine.ask(link)
    # Asking nothing in words: a new operator's "?", "😀", "thanks!" and "x" were quoted at.
    # So a crypto channel's "gm fam" (quoted at with "No indexed article mentions “gm”"), and a
    # thank-you that goes on without asking anything.
    for nothing in ("?", ":", "😀", "thanks!", "x", "lol ok", "hey everyone", "good morning all!", "gm fam",
                    "wagmi ser", "ok thx, this bot is kinda mid ngl"):
        with pytest.raises(InvalidQuestion, match="asks nothing"):
            engine.ask(nothing)
    assert engine.ask("2005?").question == "2005?"  # a year asks something
    for asking in ("thanks, when will the works begin", "thanks! and the cost?", "who is based in the north?",
                   "thanks! did they sign the deal", "thank you. summarize it"):
        assert engine.ask(asking).question == asking


def test_bytes_that_are_not_utf8_and_terminal_codes_in_a_question_are_no_crash_and_no_other_answer(engine):
    """`quotebot ask "$(printf 'what did deepseek \xff spend?')"` crashed in the tokenizer (the
    shell passes the byte on as a lone surrogate), and escape codes hidden from the echo changed
    the answer."""
    engine.add_article(trams())
    plain = engine.ask("When will the tram works begin?")
    assert plain.answered
    broken = engine.ask("When will the tram works \udcff begin?")
    assert broken.answered and broken.question == "When will the tram works \ufffd begin?"
    coloured = engine.ask("When will the \x1b[31mtram\x1b[0m works begin?\x00")
    assert coloured.question == "When will the tram works begin?"
    assert [q.text for q in coloured.quotes] == [q.text for q in plain.quotes]


def test_a_title_author_and_publisher_are_one_short_line_of_visible_characters(engine):
    """A new operator's front matter gave a 5,000-character title, and one with a direction
    override that showed "…\u202egnp.exe" as "…exe.png"."""
    text = ("---\ntitle: Harmless title \u202egnp.exe\u202c " + "very long " * 500 + "\nauthor: Ana\u200f Field"
            "\nsource: The Northtown\u202e Post\n---\n" + TRAMS.split("---\n", 2)[2])
    info = engine.add_article(parse_text(text, source="spoof.md", fmt="md")).article
    assert len(info.title) <= 300 and info.title.startswith("Harmless title gnp.exe very long") and info.title.endswith("…")
    assert info.title.isprintable() and "\u202e" not in info.title
    assert (info.author, info.publisher) == ("Ana Field", "The Northtown Post")
    # A title that is already one such line is kept as it is.
    assert engine.add_article(trams()).article.title == "Trams come back to Northtown"


def test_collections_are_isolated(engine):
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"), guild_collection(1))
    question = "Which bakery won the bread prize for sourdough?"
    assert engine.ask(question, [GLOBAL, guild_collection(1)]).answered
    assert not engine.ask(question, [GLOBAL, guild_collection(2)]).answered


def test_summary_is_in_article_order_and_cited(engine):
    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(article)
    summary = engine.summary(article.id)
    assert 3 <= len(summary.quotes) <= 7
    starts = [q.start for q in summary.quotes]
    assert starts == sorted(starts)
    assert len({q.text for q in summary.quotes}) == len(summary.quotes)
    for quote in summary.quotes:
        paragraph_rows = engine.store.article_passages(GLOBAL, article.id)
        assert any(p.paragraph == quote.paragraph and quote.text in p.text for p in paragraph_rows)
    assert summary_markdown(summary).count("> ") == len(summary.quotes)


MARKET = """# Harbour fish market reopens
By Jane Doe

The fish market on the old harbour reopened on Saturday after two years of repairs and a long wait.

The traders said the new roof keeps the stalls dry in the winter storms that hit the coast.

This article is for general informational purposes and is not intended as investment advice.
"""


def test_a_summary_quotes_no_disclaimer_and_no_byline(engine):
    market = engine.add_article(parse_text(MARKET, source="market.md", fmt="md")).article.id
    texts = [q.text for q in engine.summary(market).quotes]
    assert texts[0].startswith("The fish market on the old harbour reopened")
    assert len(texts) >= 2 and not any("informational purposes" in t or "Jane Doe" in t for t in texts)


def test_a_summary_and_the_digest_open_with_the_lead_sentence_not_the_byline(engine):
    launch = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(launch)
    lead = "Artificial intelligence is the latest frontier in the battle of centralization versus decentralization."
    summary = engine.summary(launch.id)
    assert summary.quotes[0].text == lead
    assert not any("informational purposes" in q.text or "Opinion:" in q.text for q in summary.quotes)
    # The only article indexed (a new install's): `summary` alone is its own summary, not a
    # two-sentence digest (a new user thought summaries thin).
    only = engine.summary()
    assert only.quotes == summary.quotes and only.article_id == launch.id
    engine.add_article(trams())
    digest = engine.summary()
    assert [q.text for q in digest.quotes if q.article_id == launch.id][0] == lead
    assert not any(q.text.startswith("Opinion:") for q in digest.quotes)


def test_an_opinion_pieces_summary_ends_with_its_verdict_and_a_news_storys_need_not(engine):
    """A stranger's summary of the launch article left out its closing "…not yet seen whether it
    can really compete with the big technology" and ended on a hopeful line it qualifies."""
    launch = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(launch)
    verdict = "it is still not yet seen whether it can really compete with the big technology."
    summary = engine.summary(launch.id)
    assert summary.quotes[-1].text.endswith(verdict) and 3 <= len(summary.quotes) <= 7
    assert not any("informational purposes" in q.text for q in summary.quotes)
    # A news story (no kicker, no views disclaimer) keeps the lead and its central sentences.
    story = LAUNCH_ARTICLE.read_text().replace("Opinion:", "By").replace("The views, thoughts and opinions "
                                                                          "expressed here", "These words")
    news = parse_text(story, source="news.md", fmt="md")
    engine.add_article(news)
    assert not engine.summary(news.id).quotes[-1].text.endswith(verdict)
    # A verdict opening on "It" stays the verdict (a review found it dropped for the council's excuse).
    column = LAUNCH_ARTICLE.read_text().replace(
        "Fully distributed AI is still in its early stages, and it is still not yet seen",
        "It is too early to call it, and it is still not yet seen")
    assert column != LAUNCH_ARTICLE.read_text()
    opinion = parse_text(column, source="column.md", fmt="md")
    engine.add_article(opinion)
    assert engine.summary(opinion.id).quotes[-1].text.endswith(verdict)


TUNNEL = """# Tunnel players in clear
The Football Association will not bring charges over the tunnel incident before the Arsenal game.

"I didn't threaten anybody, they are big enough players to handle themselves," said Vieira. "I had a talk with Roy Keane and that's it and nothing more happened in the tunnel."

He said the players would move on from the tunnel incident quickly now.
"""


def test_a_summary_quotes_no_words_whose_speaker_only_the_sentence_before_names(engine):
    tunnel = engine.add_article(parse_text(TUNNEL, source="tunnel.md", fmt="md")).article.id
    texts = [q.text for q in engine.summary(tunnel).quotes]
    # Three sentences would be quoted of four; two of them say whose words only after the one before.
    assert texts[0].startswith("The Football Association will not bring charges")
    assert texts[1].startswith('"I didn\'t threaten anybody') and texts[1].endswith("said Vieira.")
    assert len(texts) == 2, texts


def test_a_summary_quotes_no_sentence_leaning_on_the_one_before(engine):
    """A stranger's summary of a cup final had, second, "First of all Boukar Makaji scored in the
    89th minute…", which reads as nothing on its own."""
    story = ("# Hearts of Oak win the cup\nHearts of Oak beat Cotonsport 3-2 to win the Confederation Cup on Sunday "
             "in front of a full stadium in Accra.\n\nCotonsport led for most of the game after two goals from their "
             "striker in the first half.\n\nFirst of all Boukar Makaji scored in the 89th minute and then the "
             "winner came in injury time.\n\nHowever, the visiting coach said his side had been the better team "
             "over the whole ninety minutes.\n\nIt was the club's first continental trophy for more than ten "
             "years.\n\nIn the second half, they struggled to keep the ball against a tiring side.\n\n"
             "Kofi Mensah, their captain, said the win was the best moment of his whole career.\n\n"
             "That win gave the club its first continental trophy since it was founded in Accra.\n\n"
             "On top of that, the club earned a place in next season's African Super Cup against the "
             "champions.\n\nThe two men have now won the cup twice each with different clubs in Ghana.\n\n"
             "Both the mayor and the governor of Accra came to the stadium to watch the final whistle.\n\n"
             "Both sides will meet again in the league at the end of the month in Accra.\n\n"
             "The second leg of the final will be played in Kumasi two weeks "
             "later on the eleventh of December.\n\nCoach Mensah added that the second goal had come from a "
             "corner his players practised all week.\n\nThe federation added a third match against the "
             "winners of the Nigerian cup to the club's calendar in March.\n")
    article = engine.add_article(parse_text(story, source="cup.md", fmt="md")).article.id
    texts = [q.text for q in engine.summary(article).quotes]
    assert texts[0].startswith("Hearts of Oak beat Cotonsport")
    # ... nor "It was…" (strangers' summaries quoted "It can result in…", "It" never introduced),
    # nor "That win…" ("That defeat was then followed by…": which?).
    assert not any(t.startswith(("First of all", "However", "It ", "On top of that", "That win")) for t in texts), texts
    # Whatever the length (every sentence it may quote), nor "In the second half, they…" (a
    # stranger's summary had "In the UK, they have all been passed U…").
    every = [q.text for q in engine.brief(article, sentences=20).quotes]
    # Nor "The two men…" or "Both sides…" (a stranger's summary of the Baftas: "The two actors have
    # repeated their success…", which two?).
    assert len(every) >= 3 and not any(t.startswith(("First of all", "However", "It ", "On top of that", "That win",
                                                     "In the second half", "The two men", "Both sides"))
                                       for t in every), every
    # Nor "Coach Mensah added that the second goal…" (a stranger's summary: "Mr Kinnock added that
    # the second factor…", the first never given), nor "… added that Labour…" (a review's find).
    assert not any(t.startswith("Coach Mensah added") for t in every), every
    from index.standalone import LEANS_BACK

    assert LEANS_BACK.match("Mr Kinnock added that Labour would win the seat.")
    assert LEANS_BACK.match("US President George Bush added that it was fine.")
    # ... while "Both the mayor and the governor…" names whom it speaks of (a review's find), and
    # "The federation added a third match…" adds a thing, not words.
    assert any(t.startswith("Both the mayor") for t in every), every
    assert any(t.startswith("The federation added") for t in every), every
    # A name's apposition names them: it stands alone (a review's find).
    assert any(t.startswith("Kofi Mensah, their captain") for t in every), every


def test_a_digest_quotes_a_sentence_once_though_two_copies_of_the_story_hold_it(engine):
    """A new admin's digest quoted "Tony Blair is urging European leaders…" twice, from a story
    and its edited copy; the copy gives its place to the next article."""
    lead = "The harbour bridge reopened on Monday after two years of repairs that cost the city twelve million pounds."
    engine.add_article(parse_text(TRAMS, source="trams.md", fmt="md"))  # the oldest
    for name, rest in (("bridge", "Engineers replaced the steel cables."), ("copy", "Engineers replaced every cable."),
                       ("market", None)):
        text = (f"# Fish market\nThe fish market on the old harbour opened again on Saturday with forty stalls "
                f"selling the morning catch.\n" if rest is None else f"# Bridge {name}\n{lead}\n\n{rest}\n")
        engine.add_article(parse_text(text, source=f"{name}.md", fmt="md"))
    from index.summarize import digest

    quotes = digest(engine.store, engine.model, [GLOBAL], articles=3).quotes
    texts = [q.text for q in quotes]
    assert len(texts) == len(set(texts)) and texts.count(lead) == 1, texts
    assert [q.title for q in quotes][:2] == ["Fish market", "Bridge copy"] and quotes[-1].title.startswith("Trams")


def test_a_summary_calls_no_one_mr_x_before_a_quoted_sentence_names_them():
    """A stranger's summary of a party split quoted "Mr Knapman rejected the idea…" and never
    said who Knapman was: the article named him in full only further up."""
    import numpy as np

    from index.store import SentenceRow
    from index.summarize import _select

    texts = ["Robert Kilroy-Silk has quit the party.", "The party leader Roger Knapman said he would not miss him.",
             "Mr Knapman rejected the idea that the party was going nowhere.",
             "Mr Kilroy-Silk said he was ashamed of the party.", "Its members meet in the spring."]
    axes = np.eye(5, dtype=np.float32)
    # The "Mr Knapman" sentence is the most central: each other one shares its direction.
    vectors = [axes[0] + axes[2], axes[1], axes[2] * 3 + axes[0] + axes[1] + axes[3] + axes[4], axes[3] + axes[2],
               axes[4]]
    rows = [SentenceRow(1, 100 * i, 100 * i + 50, text, vector / np.linalg.norm(vector))
            for i, (text, vector) in enumerate(zip(texts, vectors))]
    picked = [texts[i] for i in _select(rows, 2, lead=0)]
    assert picked[0] == texts[0] and texts[2] not in picked, picked
    # Quoted with the sentence naming him in full, it may be; "Mr Kilroy-Silk" after a lead
    # naming him always may.
    assert texts[2] in [texts[i] for i in _select(rows, 5, lead=0)]
    assert _select([rows[0], rows[3]], 2, lead=0) == [0, 1]
    # Named first in a sentence no summary quotes ("However, …" leans on the one before it): the
    # "Mr Knapman" sentence still needs it (a review's find).
    from index.standalone import introductions

    however = SentenceRow(1, 150, 190, "However, the leader Roger Knapman said he would not miss him.", axes[1])
    assert introductions([rows[2]], [however, rows[2]]) == [{"Knapman"}]
    assert introductions([rows[2]], [rows[2]]) == [set()]
    # "Mr Knapman's plan…" calls him so too (a possessive was read as another name, "Knapman's").
    his = SentenceRow(1, 200, 240, "Mr Knapman's plan was to stand again next year.", axes[1])
    assert introductions([his], [however, his]) == [{"Knapman"}]


@pytest.mark.parametrize("sentence, elsewhere", [
    ('"I had a talk with Roy Keane and that\'s it.', True),  # runs on from '…," said Vieira.'
    ('Patrick Vieira has apparently threatened some of our players."', True),
    ("“They just played better than us and deserved to win.”", True),
    ("He said the deal would close in May.", True),
    ('"We are turning the corner on long waits," she said.', True),  # she: named before it
    ('"We are turning the corner," said Ms Hutt, adding that she was pleased.', False),
    ('"I didn\'t threaten anybody," said Vieira.', False),
    ("“We will appeal,” the club announced.", False),
    ('"We will appeal," the lawyers for the club vowed.', False),  # the quotation ends inside it
    ('"Frozen" became the year\'s top film.', False),  # a quoted title, no speech
    ('Critics called the decision "reckless."', False),
    ('The so-called "digital divide" widened.', False),
])
def test_whose_words_a_sentence_gives_is_said_before_it(sentence, elsewhere):
    from index.text import speaker_elsewhere

    assert speaker_elsewhere(sentence) is elsewhere


@pytest.mark.parametrize("quote, named", [
    ('"Companies cannot bribe," said Christopher Wray.', True),
    ('Mr Hill said the deal would close. He added: "We are happy."', True),  # joined with who
    ("According to the report, sales fell.", True),
    ('"We will be back," he said.', False),
    ('He added: "We are happy."', False),
    ("Sales fell.", False),
])
def test_whether_a_quote_names_whose_words_it_gives(quote, named):
    from index.text import names_its_speaker

    assert names_its_speaker(quote) is named


@pytest.mark.parametrize("quote, speaker", [
    ('AC Milan defender Jaap Stam says Manchester United "know they made a mistake" by selling him.',
     "AC Milan defender Jaap Stam"),
    ('"I had a talk with Roy Keane and that\'s it," said Arsenal captain Patrick Vieira.',
     "Arsenal captain Patrick Vieira"),
    ('"We are defending our sovereignty," Mr Alvarez said.', "Mr Alvarez"),
    ("But Ms Cooper, who now runs her own consulting business, told a jury in New York that auditors approved it.",
     "Ms Cooper"),
    ("Liam Fox, Tory co-chairman, said the return of Mr Campbell was a sign of new tactics.", "Liam Fox"),
    ("The prosecution's star witness, former financial chief Scott Sullivan, has said that Mr Ebbers ordered it.",
     "the prosecution's star witness"),  # a determiner read within a line
    ("Michael Howard said he would not back the plans.", "Michael Howard"),  # "said he" is not his pronoun
    ("Mr Smith, 45, said the firm would recover.", "Mr Smith"),
    ("In a statement, Sony said it was pleased.", "Sony"),
    ("The new technology will be welcomed by film studios, analysts said.", "analysts"),
    ("The law lords said the detention was unlawful.", "the law lords"),
    ("The amount of spam was still growing, said Mr Stanley, but he did not think it would end e-mail.", "Mr Stanley"),
    ("Conte's statements, the suit added, were false.", "the suit"),
    ("According to the Financial Times' China correspondent, the rules highlight the sensitivities.",
     "the Financial Times' China correspondent"),
    ("Or so says Home Secretary Charles Clarke.", "Home Secretary Charles Clarke"),
    ('"It\'s a disgrace," said a spokesman for the Football Association.', "a spokesman for the Football Association"),
    # No one: a pronoun, a verb of saying used otherwise, words that hold a verb of their own.
    ('"We are turning the corner," she said.', None),
    ("The claims were rejected by the court.", None),
    ("The most difficult is to ascertain whether an individual is who they say they are.", None),
    ("Its brands, well-known in Italy, have continued to perform strongly.", None),
    ("At home he said many people were turning to the Liberal Democrats.", None),
    # Whoever the determiner before the verb opens, not a name before it: a stranger was told
    # "Said by: Howl's Moving Castle"; "its distributor" says no one by name.
    ("Miyazaki's latest film, Howl's Moving Castle, is to be released in 50 countries, its distributor has said.",
     None),
    ("Shares in Pernod, the French drinks firm, rose on Monday, the company's chairman said.",
     "the company's chairman"),
    # An opening word is no one: a stranger's "who said that?" was told "Said by: Here".
    ('"Here, Mr McConnell was talking to 100 teenagers and every word he said was put out on a webcast.', None),
    # "told" names who heard it, not who spoke.
    ("A spokesman for the WSIS, which is meeting in Geneva, told the BBC News website.", "a spokesman for the WSIS"),
    ("Sales fell.", None),
    # After quoted speech and its full stop: a stranger was told "Said by: . Rinaldi".
    ('He called it "a disgrace". Rinaldi told BBC Sport: "Nobody has called me.', "Rinaldi"),
    # When, before the subject: a stranger's "who said that?" was told no one.
    ("Last month Wenger said he was hopeful Edu would sign a new deal.", "Wenger"),
    ("In 2003 Mr Brown said he would not raise the duty.", "Mr Brown"),
    # A title's colon inside a clause about the subject starts nothing: a stranger's "what else did
    # he say?" was read as the words of "Phantom Menace".
    ("The Oscar-nominated actor, whose films include Schindler's List, Michael Collins and Star Wars: The Phantom "
     'Menace, said: "The Lyric is too important.', "the Oscar-nominated actor"),
    ("The firm, which makes Star Wars: Battlefront, said it would grow.", "the firm"),
    ("In a statement, which was released on Monday, Sony said it would grow.", "Sony"),
    # ... only a title's colon running to the verb, and never a semicolon (a review's finds)
    ("Shares in the firm, which fell 5% on Monday, recovered; analyst John Smith said it was fine.",
     "analyst John Smith"),
    ("The company, which employs 500 people, faces a bleak future: chief executive John Smith said so.",
     "chief executive John Smith"),
    ("The report, which was commissioned by ministers, Trade and Industry Secretary Patricia Hewitt said, showed "
     "growth.", "Trade and Industry Secretary Patricia Hewitt"),
    ("The company, which employs 500 people, faces a bleak future: John Smith said so.", "John Smith"),
    # A prize claimed is no claim made (a stranger's "what did jake white say" got the award first).
    ("Jake White claimed the coaching award while his side took the team award.", None),
    ("Jake White claimed the award was deserved.", "Jake White"),
    ("Smith claimed the gold medal was unfairly awarded.", "Smith"),  # a review's find
    # A sentence adverb is no one (a stranger's "what did analysts think about it" was declined).
    ("Nevertheless, some analysts say that unemployment could increase.", "some analysts"),
    ("However, Mr Smith said it was fine.", "Mr Smith"),
    ("Nevertheless Mr Smith said the plan would go ahead.", "Mr Smith"),
    ("Overall winner Chris Hoy said he was delighted.", "Overall winner Chris Hoy"),  # a review's finds
])
def test_whose_words_a_quote_gives_as_it_names_them(quote, speaker):
    from index.text import speaker_named

    assert speaker_named(quote) == speaker


def test_digest_quotes_the_latest_articles(engine):
    engine.add_article(trams())
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    digest = engine.summary()
    titles = {q.title for q in digest.quotes}
    assert titles == {"Trams come back to Northtown", "A bakery wins the national bread prize"}


def test_find_article_by_title_or_id_prefix(engine):
    info = engine.add_article(trams()).article
    assert engine.find_article("trams come").id == info.id
    assert engine.find_article(info.id[:6]).id == info.id
    assert engine.find_article(info.id[:8].upper()).id == info.id  # typed in capitals, as a new operator did
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("nothing like this")
    assert raised.value.suggestions == [] and "article list" in str(raised.value)


def test_a_misspelt_article_name_is_answered_with_the_titles_it_nearly_matches(engine):
    trams_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("Nortown")  # "Northtown", one letter dropped
    assert [id_ for id_, _ in raised.value.suggestions] == [trams_id]
    assert "did you mean" in str(raised.value) and "Trams come back to Northtown" in str(raised.value)
    with pytest.raises(ArticleNotFound) as raised:  # offered, never picked: nothing removed
        engine.remove(engine.find_article("Nortown").id)
    assert len(engine.articles()) == 2
    with pytest.raises(ArticleNotFound) as raised:  # an unrelated word is not outvoted by an exact one
        engine.find_article("bakery smyth")
    assert raised.value.suggestions == []
    # A title's function words are no near match: a stranger's `:article Howl` was offered "Be
    # careful how you code".
    engine.add_article(parse_text("# Be careful how you code\n" + TRAMS.split("\n", 1)[1], source="code.md", fmt="md"))
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("Howl")
    assert raised.value.suggestions == []


def test_an_article_name_no_title_holds_is_answered_with_the_articles_mentioning_it(engine):
    """A stranger's `:article botin`, a name the story's text uses but not its title, was refused
    with no suggestion: the articles whose text uses it are offered (never picked)."""
    trial = engine.add_article(parse_text("# Santander chief to face trial\nEmilio Botin, the chairman of the bank, "
                                          "went on trial in Madrid on Wednesday over payments to two former "
                                          "executives.\n", source="santander.md", fmt="md")).article
    engine.add_article(trams())
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("botin")
    assert raised.value.suggestions == [(trial.id, trial.title)] and raised.value.mentioned
    assert "it is mentioned in the text of" in str(raised.value) and "Santander chief to face trial" in str(raised.value)
    with pytest.raises(ArticleNotFound) as raised:  # removing it by that name is still refused
        engine.remove(engine.find_article("botin", strict=True).id)
    assert len(engine.articles()) == 2
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("zubrowka")
    assert raised.value.suggestions == []
    # A name's words apart in another story are no mention of it: "george michael" is the story
    # writing it, not the one with "George W Bush" and "Michael Moore" (a stranger was offered both).
    singer = engine.add_article(parse_text("# Film signals retirement\nThe singer George Michael says a new film about "
                                           "his life marks the end of his career as a pop star.\n", source="film.md",
                                           fmt="md")).article
    engine.add_article(parse_text("# Surprise win for anti-Bush film\nMichael Moore's film about George W Bush won the "
                                  "top prize at the awards on Sunday night in Los Angeles.\n", source="moore.md",
                                  fmt="md"))
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("george michael")
    assert raised.value.suggestions == [(singer.id, singer.title)]


def test_a_name_typed_as_words_of_one_title_picks_it_over_titles_holding_it_inside_a_word(engine):
    stan = engine.add_article(parse_text("# Stan Lee opens a comics museum\nThe writer Stan Lee opened a large museum of"
                                         " comics and drawings in his home town on Friday evening.\n", source="stan.md", fmt="md"))
    talks = engine.add_article(parse_text("# India-Pakistan talks resume\nDiplomats from India and Pakistan met in the capital"
                                          " Delhi on Monday to resume the peace talks they broke off last year.\n", source="talks.md", fmt="md"))
    assert engine.find_article("stan").id == stan.article.id  # was: "'stan' matches 2 articles"
    assert engine.find_article("Stan Lee").id == stan.article.id
    assert engine.find_article("pakistan").id == talks.article.id
    assert engine.find_article("kista").id == talks.article.id  # a part of a word still picks the one it fits
    # To remove one, a name that is also part of another title is no name at all: a stranger's
    # `remove "lib dem"` deleted "Top Tories on Lib Dem 'hit list'" with "Lib Dems unveil…" there.
    with pytest.raises(AmbiguousArticle) as raised:
        engine.find_article("stan", strict=True)
    assert {id_ for id_, _ in raised.value.matches} == {stan.article.id, talks.article.id}
    assert engine.find_article("Stan Lee", strict=True).id == stan.article.id
    assert engine.find_article("pakistan", strict=True).id == talks.article.id
    # Nor is a function word or a short part of a word (a stranger's `remove the` deleted the
    # one title holding "the" inside "Brother").
    for name in ("the", "an", "kist", "akist"):  # "akist": 5 letters, but inside a word (`remove rdier`)
        with pytest.raises(ArticleNotFound) as raised:
            engine.find_article(name, strict=True)
        assert "too common a word or too short a part of a title" in str(raised.value)
    assert "India-Pakistan talks resume" in str(raised.value)  # the titles it is part of
    assert engine.find_article("pakis", strict=True).id == talks.article.id  # 5 letters beginning a word
    notes = engine.add_article(parse_text("# Museum notes\nThe museum will open a second gallery of comic art next "
                                          "spring, its director said on Friday evening.\n", source="/srv/news/notes.md", fmt="md"))
    assert engine.find_article("notes.md", strict=True).id == notes.article.id  # its file's name, from anywhere
    # ... or that name without its extension (a stranger's `:article 000_91c43fc9d8721e85` was refused)
    coded = engine.add_article(parse_text("# Gallery plans\nThe gallery of comic art will open next spring, the "
                                          "museum's director said on Friday at the town hall.\n",
                                          source="/srv/news/000_91c43fc9.md", fmt="md"))
    assert engine.find_article("000_91c43fc9").id == coded.article.id
    engine.remove(coded.article.id)
    engine.remove(notes.article.id)
    who = engine.add_article(parse_text("# The Who\nThe band played its first concert in ten years at the town hall on"
                                        " Saturday night, to a crowd of two thousand.\n", source="who.md", fmt="md"))
    assert engine.find_article("The Who", strict=True).id == who.article.id  # an exact title still names it
    engine.remove(who.article.id)
    assert engine.find_article("kist").id == talks.article.id  # picked to ask, not to remove
    assert len(engine.articles()) == 2


def test_a_name_typed_as_title_words_in_any_order_or_without_an_apostrophe_picks_its_article(engine):
    """Strangers' `:article moya davis`, `:article parmalat apology` and `:article mcdonalds` were
    refused (each fitted one title), and their conversations went on against every article."""
    moya = engine.add_article(parse_text("# Moya emotional after Davis Cup win\nCarlos Moya said he had dreamed of the "
                                         "day for years after Spain won the final in Seville.\n", source="moya.md",
                                         fmt="md")).article
    burgers = engine.add_article(parse_text("# McDonald's boss Bell dies aged 44\nCharlie Bell, the chief executive "
                                            "of the burger chain, has died of cancer at the age of 44.\n",
                                            source="bell.md", fmt="md")).article
    assert engine.find_article("moya davis").id == moya.id
    # ... a possessive typed without its "'s", a quoted word without its marks
    standoff = engine.add_article(parse_text("# 'Standoff' on Deutsche's LSE bid\nDeutsche Boerse and the London "
                                             "Stock Exchange remain at odds over the bid, shareholders said on "
                                             "Monday after a meeting.\n", source="standoff.md", fmt="md")).article
    assert engine.find_article("standoff on deutsche").id == standoff.id
    assert engine.find_article("davis moya").id == moya.id
    assert engine.find_article("mcdonalds").id == burgers.id
    assert engine.find_article("mcdonalds bell").id == burgers.id
    with pytest.raises(ArticleNotFound):  # a word of neither title: no pick
        engine.find_article("moya bell")
    with pytest.raises(ArticleNotFound):  # to remove, a name is typed as the title has it
        engine.find_article("moya davis", strict=True)


def test_an_article_is_named_by_its_own_url_and_a_too_short_name_is_called_so(engine):
    dated = parse_text("---\ntitle: Harbour market reopens\nurl: https://example.com/harbour\n---\nThe fish market on "
                       "the harbour reopened on Monday, a month after the storm flooded its stalls and cold rooms.\n",
                       source="harbour.md", fmt="md")
    harbour = engine.add_article(dated).article
    assert engine.find_article("https://example.com/harbour/").id == harbour.id
    assert engine.find_article("HTTPS://Example.com/harbour?utm_source=x", strict=True).id == harbour.id
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("US")
    assert "too short" in str(raised.value)
    # Two characters that are a whole word of one title pick it ("U2": a stranger's `:article
    # U2` was refused as too short), never to remove it.
    band = engine.add_article(parse_text("# U2 break ticket records\nU2 sold more than 150,000 tickets for their "
                                         "two Dublin concerts within 50 minutes of the box office opening.\n",
                                         source="u2.md", fmt="md")).article
    assert engine.find_article("U2").id == band.id and engine.find_article("u2").id == band.id
    with pytest.raises(ArticleNotFound):
        engine.find_article("U2", strict=True)
    # Not a function word, nor two lowercase letters: `:article no` picked any title holding "No".
    engine.add_article(parse_text("# No change at the harbour office\nThe harbour office will keep its opening hours "
                                  "for another year, the council said on Monday after a meeting.\n",
                                  source="office.md", fmt="md"))
    for name in ("no", "at"):
        with pytest.raises(ArticleNotFound):
            engine.find_article(name)
    with pytest.raises(ArticleNotFound) as raised:
        engine.find_article("https://example.com/elsewhere")
    assert "the file or URL it was added from" in str(raised.value)


def test_find_article_refuses_empty_short_and_ambiguous_names(engine):
    trams_id = engine.add_article(trams()).article.id
    bakery_id = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    more = ("# More trams come to Southtown\nThe city ordered ten new trams for its southern line, and the"
            " first of them will carry passengers from the station to the harbour next spring.\n")
    more_id = engine.add_article(parse_text(more, source="more.md", fmt="md")).article.id
    for ref in ("", "   ", "o", "a "):  # `remove ""` or `remove 0` deleted an article before
        with pytest.raises(ArticleNotFound):
            engine.find_article(ref)
    with pytest.raises(AmbiguousArticle) as raised:
        engine.find_article("trams come")
    assert {id_ for id_, _ in raised.value.matches} == {trams_id, more_id}
    assert "2 articles" in str(raised.value) and "Give more of the title or the id" in str(raised.value)
    twin = engine.add_article(parse_text(BAKERY.replace("sourdough loaf", "rye loaf"), source="twin.md", fmt="md"))
    with pytest.raises(AmbiguousArticle) as raised:  # more of the title cannot tell these apart
        engine.find_article("A bakery wins the national bread prize")
    assert "They share that title: give the id." in str(raised.value)
    engine.remove(twin.article.id)
    assert engine.find_article("Bread").id == bakery_id  # a part that fits one is enough
    assert engine.find_article("  trams   COME back ").id == trams_id
    assert len(engine.articles()) == 3  # nothing was removed by any of that


def test_a_different_model_means_a_re_embed_not_mixed_vectors(tmp_path):
    from index.embed import HashingEmbedder

    with pinned_engine(make_settings(tmp_path), HashingEmbedder(seed="one")) as engine:
        engine.add_article(trams())
    other = HashingEmbedder(seed="two")
    with pinned_engine(make_settings(tmp_path), other) as engine:
        answer = engine.ask("What will the works cost?")
        assert answer.answered and "40 million" in answer.quotes[0].text
        assert other.calls >= 6  # every passage and sentence went through the new model
        models = {r[0] for r in engine.store.db.execute("SELECT DISTINCT model FROM embeddings")}
        assert models == {other.fingerprint}
        assert engine.store.get_meta("model") == other.fingerprint


def test_reindex_reuses_stored_passages_until_the_chunker_changes(engine, monkeypatch):
    from index import chunk as chunking
    from index import engine as engine_module

    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(article)
    before = engine.articles()[0].passages
    answer = engine.ask("What does the Bitcoin White Paper describe?").to_json()
    # A chunker that cuts passages shorter, without a new version: the stored cut is kept.
    monkeypatch.setattr(chunking, "PASSAGE_MAX_WORDS", 20)
    assert engine.reindex() == before
    assert engine.ask("What does the Bitcoin White Paper describe?").to_json() == answer
    # With its version bumped, reindex re-chunks every article.
    monkeypatch.setattr(engine_module, "CHUNKER_VERSION", "test-2")
    assert engine.reindex() > before
    assert engine.articles()[0].passages > before
    assert engine.store.get_meta("chunker") == "test-2"


def test_reindex_keeps_which_article_is_the_most_recent(engine):
    engine.add_article(trams())
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    listed = [a.title for a in engine.articles()]
    assert listed == ["A bakery wins the national bread prize", "Trams come back to Northtown"]
    assert engine.ask("who wrote this?").about.title == listed[0]
    engine.reindex()
    assert [a.title for a in engine.articles()] == listed
    assert engine.ask("who wrote this?").about.title == listed[0]


def test_an_index_from_before_passage_read_sentences_is_brought_up_to_date_once(tmp_path):
    from index.embed import HashingEmbedder

    with pinned_engine(make_settings(tmp_path), HashingEmbedder()) as engine:
        engine.add_article(trams())
        sentences = engine.store.db.execute("SELECT COUNT(DISTINCT embed_key) FROM sentences").fetchone()[0]
        with engine.store.transaction() as db:  # what an index written by the previous version holds
            db.execute("DELETE FROM token_embeddings")
            db.execute("UPDATE meta SET value = '1' WHERE key = 'sentence_storage'")
    upgrading = HashingEmbedder()
    with pinned_engine(make_settings(tmp_path), upgrading) as engine:
        answer = engine.ask("What will the works cost?")
        assert answer.answered and "40 million" in answer.quotes[0].text
        assert upgrading.calls > 0
        stored = engine.store.db.execute("SELECT COUNT(*) FROM token_embeddings").fetchone()[0]
        assert stored == sentences
        assert engine.store.get_meta("sentence_storage") == engine.sentence_storage
    again = HashingEmbedder()
    with pinned_engine(make_settings(tmp_path), again) as engine:
        assert engine.ask("What will the works cost?").quotes == answer.quotes
        assert again.calls == 0


def _holding_answers(monkeypatch, held_question: str):
    """Makes the scoring step of `held_question` wait until released (the other questions go
    through): a slow question, without sleeps."""
    import threading

    import index.answer as answer_module  # the engine imports `answer` from it at each question

    entered, release = threading.Event(), threading.Event()
    real = answer_module.answer

    def answer(question, *args, **kwargs):
        if question == held_question:
            entered.set()
            assert release.wait(30), "never released"
        return real(question, *args, **kwargs)

    monkeypatch.setattr(answer_module, "answer", answer)
    return entered, release


def _in_thread(call):
    import threading

    box: dict = {}
    thread = threading.Thread(target=lambda: box.setdefault("value", call()), daemon=True)
    thread.start()
    return thread, box


def test_a_question_being_scored_does_not_hold_up_another_question(tmp_path, monkeypatch):
    from index.embed import HashingEmbedder

    with pinned_engine(make_settings(tmp_path), HashingEmbedder()) as engine:
        engine.add_article(trams())
        engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
        entered, release = _holding_answers(monkeypatch, "What will the works cost?")
        slow, slow_box = _in_thread(lambda: engine.ask("What will the works cost?"))
        assert entered.wait(30)
        # the slow question holds no lock while it is scored: this one is answered meanwhile
        fast, fast_box = _in_thread(lambda: engine.ask("What did the jury praise?"))
        fast.join(30)
        finished_first = not fast.is_alive()
        release.set()
        slow.join(30)
        assert finished_first, "the second question waited for the first one's scoring"
        assert "crust" in fast_box["value"].quotes[0].text
        assert "40 million" in slow_box["value"].quotes[0].text


def test_an_article_removed_while_a_question_is_scored_still_gives_that_question_whole_quotes(tmp_path, monkeypatch):
    from index.embed import HashingEmbedder

    with pinned_engine(make_settings(tmp_path), HashingEmbedder()) as engine:
        engine.add_article(trams())
        entered, release = _holding_answers(monkeypatch, "What will the works cost?")
        slow, box = _in_thread(lambda: engine.ask("What will the works cost?"))
        assert entered.wait(30)
        engine.remove(trams().id)  # commits while the question's search results are being scored
        release.set()
        slow.join(30)
        answer = box["value"]
        # the question reads the state its search saw: the quote and its citation are whole
        assert answer.answered and "40 million" in answer.quotes[0].text
        assert answer.quotes[0].title == "Trams come back to Northtown"
        assert not engine.ask("What will the works cost?").answered


STADIUM = """# The stadium gets a new roof
The football club will rebuild the roof of its stadium, the club's chairman said.

The works will begin in autumn and cost 12 million pounds, paid by the club itself.
"""


def test_the_article_being_discussed_answers_a_question_that_names_no_article(engine):
    tram_id = engine.add_article(trams()).article.id
    stadium = engine.add_article(parse_text(STADIUM, source="stadium.md", fmt="md")).article.id
    question = "How much will the works cost?"
    about_stadium = engine.ask(question, context=Discussion(stadium))
    about_trams = engine.ask(question, context=Discussion(tram_id))
    assert about_stadium.answered and about_trams.answered
    assert about_stadium.quotes[0].article_id == stadium and "12 million pounds" in about_stadium.quotes[0].text
    assert about_trams.quotes[0].article_id == tram_id and "40 million euros" in about_trams.quotes[0].text


def test_a_question_naming_another_story_leaves_the_article_being_discussed(engine):
    engine.add_article(trams())
    stadium = engine.add_article(parse_text(STADIUM, source="stadium.md", fmt="md")).article.id
    answer = engine.ask("How much will the Northtown tram works cost?", context=Discussion(stadium))
    assert answer.answered
    assert answer.quotes[0].article_id != stadium and "40 million euros" in answer.quotes[0].text


def test_a_question_leaning_on_the_chosen_article_stays_with_it_whatever_names_it_holds(engine):
    from bot.render import answer_embeds

    tram_id = engine.add_article(trams()).article.id
    stadium = engine.add_article(parse_text(STADIUM, source="stadium.md", fmt="md")).article.id
    # "about it" is the stadium's roof: the tram story's Northtown answers nothing about it, so the
    # channel's article declines, naming what it never mentions.
    for picked in (False, True):
        answer = engine.ask("What did the Northtown council say about it?",
                            context=Discussion(stadium, chosen=True, picked=picked))
        assert not answer.answered and answer.declined_in == "The stadium gets a new roof", picked
        assert answer.elsewhere == ("northtown",)
        assert "never mentions “northtown”" in answer.message
        assert ("Ask without picking an article" in answer.message) is picked
        shown = answer_embeds(answer, picked=picked)[0].description  # on Discord
        assert "never mentions “northtown”" in shown
        assert ("the article you picked" in shown) is picked and ("this channel is discussing" in shown) is not picked
    # Without a word leaning on it, the question is about the other story (the reader moved on).
    moved = engine.ask("What did the Northtown council vote on?", context=Discussion(stadium, chosen=True))
    assert moved.answered and moved.quotes[0].article_id == tram_id
    # "his", "her plans" and a clause's "that" are the named one's own (a review's finds): the
    # question moves.
    for question in ("What did the Northtown council say about his plans?",
                     "What did the Northtown council say about her plans?",
                     "Did the Northtown council say that the works cost too much?"):
        moved = engine.ask(question, context=Discussion(stadium, chosen=True))
        assert moved.declined_in is None and moved.elsewhere == (), question
    # Asked of the chosen story and answered there, the caution names what it never mentions, with
    # advice fitting a channel.
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)
    answered = engine.ask("how much will it cost the Northtown club?", context=Discussion(stadium, chosen=True))
    assert answered.answered and answered.quotes[0].article_id == stadium and answered.elsewhere == ("northtown",)
    shown = answer_embeds(answered, picked=False)[0].description
    assert "never mentions “northtown”" in shown and "Name the story you mean" in shown
    assert "Ask without picking" not in shown
    # Declined for the words of someone it never names, whom another story quotes: it says so the
    # same way.
    engine.add_article(parse_text(FERRY, source="ferry.md", fmt="md"))
    declined = engine.ask("what did Ortega say about it?", context=Discussion(stadium, chosen=True))
    assert not declined.answered and declined.elsewhere == ("ortega",)
    assert "never mentions “ortega”, which other articles do" in declined.message


def test_what_happens_next_quotes_what_the_article_says_is_to_come(engine):
    tram_id = engine.add_article(trams()).article.id
    bakery = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    for question in ("what happens next?", "so what's next for them?", "what now?", "what’s going to happen next?"):
        answer = engine.ask(question, context=Discussion(tram_id, chosen=True))
        assert answer.answered and not answer.unsure, question
        assert "will begin next spring" in answer.quotes[0].text
        assert all("refused" not in quote.text for quote in answer.quotes)
    # A story telling nothing to come says so, naming no figure it lacks; a name "Will", a face and
    # what happens now are no such telling or asking.
    declined = engine.ask("what happens next?", context=Discussion(bakery, chosen=True))
    assert not declined.answered and declined.missing == "ahead"
    assert "gives no word of what is to come" in declined.message
    judge = engine.add_article(parse_text(BAKERY.replace("The jury praised", "Juror Will Hutton, with a smile on his face, "
                                                         "praised"), source="judge.md", fmt="md")).article.id
    assert engine.ask("what happens next?", context=Discussion(judge, chosen=True)).missing == "ahead"
    assert engine.ask("what is happening now?", context=Discussion(judge, chosen=True)).missing != "ahead"
    # What someone faces is what is to come (a review's find).
    faces = engine.add_article(parse_text(BAKERY.replace("The jury praised", "The baker faces a tax inquiry, though the "
                                                         "jury praised"), source="faces.md", fmt="md")).article.id
    assert "faces a tax inquiry" in engine.ask("what happens next?", context=Discussion(faces, chosen=True)).quotes[0].text
    # "due to" a cause is nothing to come; "due to open" is (a review's find: the launch article's "…at a
    # disadvantage due to slow progression" was quoted for "what happens next?").
    for said, ahead in (("Sales fell due to the rain", False), ("A second shop is due to open", True),
                        ("Sales rose, due in part to the prize", False)):
        told = engine.add_article(parse_text(BAKERY.replace("The jury praised", f"{said}, and the jury praised"),
                                             source=f"{said[:12]}.md", fmt="md")).article.id
        answer = engine.ask("what happens next?", context=Discussion(told, chosen=True))
        assert ("due to open" in answer.quotes[0].text) if ahead else answer.missing == "ahead", said


def test_what_happens_next_of_the_only_article_indexed_is_asked_of_it(engine):
    """With one article indexed, "what happens next?" is asked of it, though it uses none of its
    words (a review's find: the launch article declined it cold and answered it picked)."""
    opening = BAKERY.replace("The jury praised", "A second shop is due to open, and the jury praised")
    engine.add_article(parse_text(opening, source="shop.md", fmt="md"))
    assert "due to open" in engine.ask("what happens next?").quotes[0].text


def test_a_question_in_another_language_is_told_the_bot_reads_english(engine):
    from index.text import ENGLISH_HINT

    tram_id = engine.add_article(trams()).article.id
    # "wie alt war charlie bell?": every word but "wie" (German "how") is also English ("alt", "war")
    # or a name; "…in paris…": "in" is German too.
    for question in ("combien coûtent les nouveaux trams ?", "¿cuánto cuestan los tranvías?", "电车多少钱?",
                     "wie alt war charlie bell?", "wer hat das konzert in paris gespielt?",
                     "Was sagt der Bürgermeister über die Trams?"):
        for answer in (engine.ask(question), engine.ask(question, context=Discussion(tram_id, chosen=True))):
            assert not answer.answered and answer.other_language, question
            assert ENGLISH_HINT in answer.message and ENGLISH_HINT in answer_markdown(answer)
    # Its words are no names of other stories: "el" (of "El Salvador" elsewhere) does not take the
    # question away from the article picked, whose decline it is.
    engine.add_article(parse_text("# Coffee\n\nFarms in El Salvador export more coffee than ever this year. Growers in El Salvador "
                                  "plant it on the hills of the west, where the farms are small and old.\n",
                                  source="coffee.md", fmt="md"))
    for picked in (engine.ask("¿por qué se fue el director?", context=Discussion(tram_id, picked=True)),
                   engine.ask("¿por qué se fue el director?", article_id=tram_id)):
        assert not picked.answered and picked.other_language and not picked.elsewhere
        assert picked.declined_in == "Trams come back to Northtown"
    # English, however terse, mistyped or off the articles' topics, is not told so.
    for question in ("tram budget?", "whos teh mayor", "weather tomorrow", "What is the capital of Australia?", "tl;dr",
                     "tldr pls", "war tram budget?", "die hard sequel?", "tram in 2026?", "was it approved",
                     "what did the mayr say"):
        answer = engine.ask(question)
        assert not answer.other_language and ENGLISH_HINT not in answer_markdown(answer), question


def test_a_follow_up_that_only_asks_back_is_answered_as_the_last_question_with_its_question_word(engine):
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    after = Discussion(tram_id, asked="How much will the construction works cost?")
    answer = engine.ask("and when?", context=after)
    assert answer.read_as == "when? — How much will the construction works cost?" and answer.question == "and when?"
    assert answer.answered and "next spring" in answer.quotes[0].text
    # Said as the question it follows, not the splice ("when? — How much…" reads as nonsense).
    assert answer_markdown(answer).startswith("Read as a follow-up to “How much will the construction works cost?”")
    # Where nothing was asked before, or the question says what it asks, it is read as typed.
    for alone in (engine.ask("and when?", context=Discussion(tram_id)),
                  engine.ask("how much did the bakery win?", context=after)):
        assert alone.read_as is None and "Read with" not in answer_markdown(alone)


def test_discord_marks_and_links_pasted_into_a_question_are_read_as_its_words(engine):
    """The console and the command line read a question as Discord does: a masked link's address
    is not words of the question ("never mentions “bbc”, “uk”" was said of a pasted link)."""
    tram_id = engine.add_article(trams()).article.id
    plain = engine.ask("how much will the Northtown tram works cost?", article_id=tram_id)
    pasted = engine.ask("**how much** will the [Northtown tram](https://www.bbc.co.uk/news/business-123) works "
                        "||cost||? https://example.org/x", article_id=tram_id)
    assert plain.answered and pasted.answered and not pasted.elsewhere
    assert [q.text for q in pasted.quotes] == [q.text for q in plain.quotes]
    assert pasted.question == "how much will the Northtown tram works cost?"
    with pytest.raises(InvalidQuestion):
        engine.ask("https://www.bbc.co.uk/news/business-123")


def test_quotes_found_for_a_question_in_another_language_say_the_bot_reads_english(engine):
    from index.text import ENGLISH_NOTE

    tram_id = engine.add_article(trams()).article.id
    # German around the article's own words: they find the sentence, but the rest is not read.
    question = "Northtown tram Baubeginn spring, wieviel euros?"
    for answer in (engine.ask(question), engine.ask(question, context=Discussion(tram_id, chosen=True))):
        assert answer.answered and answer.other_language
        assert "next spring" in answer.quotes[0].text
        assert answer_markdown(answer).startswith(ENGLISH_NOTE)
    # The same words in English are answered with no such caution.
    english = engine.ask("When does the Northtown tram construction begin, and how many euros?")
    assert english.answered and not english.other_language and ENGLISH_NOTE not in answer_markdown(english)


def test_an_article_being_discussed_that_does_not_say(engine):
    engine.add_article(trams())
    bakery = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    question = "When will construction of the new tram stops begin?"
    # Chosen (announced, added, picked there): it is the answer that it does not say, and which.
    declined = engine.ask(question, context=Discussion(bakery, chosen=True))
    assert not declined.answered and declined.declined_in == "A bakery wins the national bread prize"
    assert "“A bakery wins the national bread prize”, the article being discussed" in answer_markdown(declined)
    # Picked by the asker (`ask --article`): the decline names it too, not "the indexed articles".
    picked = engine.ask(question, article_id=bakery)
    assert not picked.answered and picked.declined_in == "A bakery wins the national bread prize"
    assert "“A bakery wins the national bread prize” doesn't seem to say that" in answer_markdown(picked)
    assert "Name the story you mean" not in answer_markdown(picked)  # the asker just named it
    assert "Name the story you mean" in answer_markdown(declined)
    assert "instead of he, she, it or they" not in answer_markdown(declined)  # names its subject
    # Leaning on he/she/it/they, the decline says naming who or what is meant often helps.
    vague = engine.ask("When will they begin building them?", context=Discussion(bakery, chosen=True))
    assert not vague.answered and "their name instead of he, she, it or they" in answer_markdown(vague)
    # Only quoted by the last answer (perhaps the wrong story): every article is asked next,
    # and the answer says its quotes are not from the story being discussed.
    answer = engine.ask(question, context=Discussion(bakery, chosen=False))
    assert answer.answered and answer.quotes[0].article_id != bakery and answer.declined_in is None
    assert answer.moved_from == "A bakery wins the national bread prize"
    assert answer_markdown(answer).startswith("From other articles than “A bakery wins the national bread prize”, "
                                              "which the last answer quoted.")
    # Naming what only the other story holds, the reader moved on knowingly: no such line.
    named = engine.ask("When will construction of the Northtown tram stops begin?",
                       context=Discussion(bakery, chosen=False))
    assert named.answered and named.quotes[0].article_id != bakery and named.moved_from is None
    # Quoted from the story being discussed, or asked with nothing discussed: no such line.
    assert engine.ask("Which loaf won the prize?", context=Discussion(bakery, chosen=False)).moved_from is None
    assert engine.ask(question).moved_from is None
    # An unknown or removed article is no context at all.
    assert engine.ask(question, context=Discussion("gone")) == engine.ask(question)


def test_a_question_using_none_of_the_discussed_articles_words_is_not_answered_from_it(engine):
    """"What is the weather tomorrow?" where a bread prize is discussed: however well its best
    sentence scores (threshold 0 quotes every best sentence), the story cannot be what it asks."""
    bakery = quoting_every_best(engine, BAKERY, "bakery.md")
    engine.add_article(trams())
    question = "What is the weather tomorrow?"
    assert engine.ask(question, article_id=bakery).answered  # picked by the asker: asked whatever the words
    assert engine.ask(question, context=Discussion(bakery, chosen=True, picked=True)).answered  # and so in the console
    chosen = engine.ask(question, context=Discussion(bakery, chosen=True))
    assert not chosen.answered and chosen.declined_in == "A bakery wins the national bread prize"
    assert "the article being discussed, doesn't answer that" in answer_markdown(chosen)
    # Only quoted by the last answer: asked of every article, as if nothing were discussed.
    quoted = engine.ask(question, context=Discussion(bakery, chosen=False))
    assert quoted.quotes == engine.ask(question).quotes and quoted.declined_in is None
    # One word of the story, or "they" / "this" pointing back at it, keeps the question there.
    # So does a one-word question, which may name only the kind of answer ("what was the score?").
    # ... and so does pointing at what the story is about ("when will the changes come in?" of a
    # story on a shake-up that never writes "changes": a stranger's was declined).
    for kept in ("What did the jury think of the weather?", "What is the weather like in this town?",
                 "What did they say about tomorrow?", "What was the weather?", "when will the changes come in?"):
        answer = engine.ask(kept, context=Discussion(bakery, chosen=True))
        assert answer.answered and answer.quotes[0].article_id == bakery, kept


SIGNING = ("# Leeds sign the Norwich striker\n\nLeeds have signed the striker from Norwich on a three-year deal. "
           "He paid tribute to the Norwich fans on Friday.\n\nThe manager said the club would pay close attention "
           "to his fitness after a long injury.\n")


def signing_with(engine, told: str, source: str, fmt: str = "md") -> str:
    """The signing story with `told` closing its lead paragraph, added: its article id."""
    return engine.add_article(parse_text(SIGNING.replace("on Friday.", f"on Friday. {told}"), source=source,
                                         fmt=fmt)).article.id


def quoting_every_best(engine, text: str, source: str) -> str:
    """The engine answering with every best sentence (threshold 0), so that only a rule declines,
    with this one story added: its id."""
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)
    return engine.add_article(parse_text(text, source=source, fmt="md")).article.id


def asked_of_story(engine, question: str, text: str, source: str):
    """`question` asked of this one story, only a rule declining (`quoting_every_best`)."""
    return engine.ask(question, article_id=quoting_every_best(engine, text, source))


def declines_as_no_words(engine, question: str, text: str, source: str) -> None:
    """`question` of this one story (only a rule declining) is declined as the story giving no
    words of the one it asks about."""
    answer = asked_of_story(engine, question, text, source)
    assert not answer.answered and answer.missing == "words", answer


def test_a_question_for_a_sum_gets_first_the_best_sentence_holding_one(engine):
    """A stranger's "how much is the rebate?" got an official's "two and a half times more than
    France" first and the "£3bn rebate" second."""
    story = quoting_every_best(engine, "# Rebate row\n\nThe rebate row went on in Brussels on Friday.\n\nAn "
                                       "official asked how much the rebate is said the UK pays two and a half times "
                                       "more than France.\n\nThe £3bn deal was struck in 1984.\n", "rebate.md")
    answer = engine.ask("how much is the rebate?", article_id=story)
    assert answer.answered and "£3bn" in answer.quotes[0].text, answer
    # A question for any figure, not a sum, is left to the ranking.
    from index.answer import _FIRST_UNITS, number_unit

    assert number_unit("how much is the rebate?") in _FIRST_UNITS
    assert number_unit("how many people does the rebate help?") not in _FIRST_UNITS
    # Not someone's words about their age, nor a thing's age, which a year gives (a review's finds).
    club = quoting_every_best(engine, "# Club celebrates\n\nThe club was founded in 1890 by miners, and the club is "
                                      "proud of how old it is.\n\nChairman John Smith, 45, said his age was no "
                                      "problem.\n", "club.md")
    for question in ("how old is the club?", "what did john smith say about his age?"):
        shipped = engine.ask(question, article_id=club).quotes
        engine.answer_tuning = replace(engine.answer_tuning, unit_first=False)
        assert engine.ask(question, article_id=club).quotes == shipped, question
        engine.answer_tuning = replace(engine.answer_tuning, unit_first=True)


def test_a_question_for_a_sum_gets_first_the_sum_its_verb_stands_beside(engine):
    """A stranger's "how much did they pay for it?" of an auction story got first "…claims the oil
    giant owes more than $27bn in taxes", not "Baikal paid 260.75bn roubles…"."""
    story = quoting_every_best(engine, "# Oil unit sold at auction\n\nThe auction in Moscow lasted ten minutes.\n\n"
                                       "Baikal paid 260.75bn roubles ($9.37bn) for the oil unit on Sunday.\n\n"
                                       "The government claims the oil firm owes more than $27bn in taxes and fines, "
                                       "and the firm said the buyer may refuse to pay for it in the end.\n\n"
                                       "They will have to pay for it within fourteen days, lawyers said.\n", "oil.md")
    firsts = []
    for beside in (True, False):
        engine.answer_tuning = replace(engine.answer_tuning, unit_beside=beside)
        firsts.append(engine.ask("how much did they pay for it?", article_id=story).quotes[0].text)
    assert "260.75bn" in firsts[0] and "260.75bn" not in firsts[1], firsts
    # The verb beside the sum is the question's: "how much did they owe?" keeps the taxes first.
    engine.answer_tuning = replace(engine.answer_tuning, unit_beside=True)
    assert "$27bn" in engine.ask("how much did they owe?", article_id=story).quotes[0].text


def test_the_lead_giving_the_age_asked_stays_first_in_a_channel(engine):
    """A stranger's "how old was he?" got a paragraph on the actor's funerals first and "…found
    dead at the age of 87" second: the lead, which the reader was taken to have read."""
    story = quoting_every_best(engine, "# Actor dies\n\nUS actor Ossie Davis has been found dead at the age of "
                                       "87.\n\nDavis was a featured speaker at the funerals of Martin Luther King "
                                       "and was old friends with him.\n", "actor.md")
    first_only_with(engine, "lead_kept_for_unit", "how old was ossie davis?", Discussion(story, chosen=True), "87")


def first_only_with(engine, setting: str, question: str, context: Discussion, text: str) -> None:
    """`text` is in the first quote of `question` asked in `context`, and not with the
    `AnswerTuning` flag `setting` off."""
    assert text in engine.ask(question, context=context).quotes[0].text, question
    engine.answer_tuning = replace(engine.answer_tuning, **{setting: False})
    try:
        assert text not in engine.ask(question, context=context).quotes[0].text, question
    finally:
        engine.answer_tuning = replace(engine.answer_tuning, **{setting: True})


def test_a_when_clause_keeps_the_question_asking_for_an_age(engine):
    """A stranger's "how old was she when she died" was read as asking for a date: a sentence
    saying she "died on Saturday" came first, the lead's "aged 55" second."""
    story = quoting_every_best(engine, "# Actress dies\n\nActress Anna Keaveney has died of lung cancer aged "
                                       "55.\n\nKeaveney, who played Marie Jackson when the soap began in 1982, died "
                                       "on Saturday. Born in Runcorn, she also starred in numerous films.\n",
                                       "actress.md")
    for question in ("how old was she when she died", "how old was she when she passed away?"):
        assert "aged 55" in engine.ask(question, article_id=story).quotes[0].text, question
    # A second question after "and" still asks when.
    from index.answer import question_type
    assert question_type("who signed it and when?") == "date"
    assert question_type("where was blair when he said it?") == "place"
    # ... and a yes-or-no question holding one asks no date (a stranger's right answer to "will
    # camilla become queen when charles is king?" was cautioned as giving none); "did he say when
    # it opens?" still asks when.
    assert question_type("will camilla become queen when charles is king?") is None
    assert question_type("did he say when it opens?") == "date"
    # ... nor is a relative "who" the question's asking word, nor a second question after a stop
    # (a review's finds).
    assert question_type("what did the minister who resigned say when he left?") == "date"
    assert question_type("who won? when was it") == "date"


def test_the_lead_giving_the_date_asked_stays_first_in_a_channel(engine):
    """Strangers' "when is the final being played" got a sentence saying no date first and the
    lead's "…in the final of the SAP Open in San Jose on Sunday" second."""
    story = quoting_every_best(engine, "# Roddick into final\n\nAndy Roddick will play Cyril Saulnier in the final "
                                       "of the open in San Jose on Sunday.\n\nSaulnier will move into the top 50 "
                                       "for the first time after the final, in which he faces the top seed.\n",
                                       "final.md")
    channel = Discussion(story, chosen=True)
    assert "Sunday" in engine.ask("when is the final being played?", context=channel).quotes[0].text
    engine.answer_tuning = replace(engine.answer_tuning, lead_kept_for_date=False)
    assert "Sunday" not in engine.ask("when is the final being played?", context=channel).quotes[0].text
    engine.answer_tuning = replace(engine.answer_tuning, lead_kept_for_date=True)
    # Not where the lead says no date but the question's own, nor for what happened when.
    assert "Sunday" not in engine.ask("when on sunday is the final played?", context=channel).quotes[0].text
    from index.answer import _date_given

    assert _date_given("what happened when the final began?") is None


def test_a_subject_put_before_the_question_word_is_the_questions_own(engine):
    """A stranger's "oil prices how low did they go", after an answer from a story on donations,
    was declined as leaning on that story ("they"), never asked of the oil story."""
    donations = engine.add_article(parse_text("# Debate needed on donations cap\nA report suggests a cap on "
                                              "donations to political parties, cutting national spending limits "
                                              "from £20m to £15m.\n", source="cap.md", fmt="md")).article.id
    oil = engine.add_article(parse_text("# Oil prices reach three-month low\nOil prices fell to three-month lows on "
                                        "Thursday, with London Brent crude closing at $40.15 a barrel.\n",
                                        source="oil.md", fmt="md")).article.id
    after = Discussion(donations, chosen=False, asked="what cap on donations does the report suggest")
    answer = engine.ask("oil prices how low did they go", context=after)
    assert answer.answered and answer.quotes[0].article_id == oil, answer
    # Chat's openers and a yes-or-no question's verb are no subject: still asked of the story (a review's finds).
    for leaning in ("wow how low did they go", "did they explain why?", "guys why did they go lower"):
        kept = engine.ask(leaning, context=after)
        assert not kept.quotes or kept.quotes[0].article_id == donations, leaning
    # Chat's opening words are no subject: "ok so how low did they go" still leans on the story.
    from index.answer import _FRONTED

    assert _FRONTED.match("ok so how low did they go") is None and _FRONTED.match("how low did they go") is None


def test_who_the_two_men_are_is_not_answered_with_the_other_two(engine):
    """A stranger's "who are the two men?" got first "…the other two men released from the Cuba
    detention camp - Richard Belmar and Moazzam Begg…", and "who are the three councillors?" a
    sentence on "three other Birmingham councillors"."""
    story = quoting_every_best(engine, "# Passport ban\n\nA letter sent to Martin Mubanga and Feroz Abbasi said "
                                       "their passports would not be issued.\n\nIt is not known whether the other "
                                       "two men released from the camp, Richard Belmar and Moazzam Begg, are the "
                                       "two men who got letters.\n", "passports.md")
    engine.answer_tuning = replace(engine.answer_tuning, others_after=False)
    assert "Belmar" in engine.ask("who are the two men released?", article_id=story).quotes[0].text
    engine.answer_tuning = replace(engine.answer_tuning, others_after=True)
    answer = engine.ask("who are the two men released?", article_id=story)
    assert answer.answered and "Mubanga" in answer.quotes[0].text, answer
    # Asked about the others, they are the answer.
    assert "Belmar" in engine.ask("who are the other two men released?", article_id=story).quotes[0].text
    # A sentence naming them and saying others are elsewhere still names them (a review's find).
    from index.answer import _WHO_ARE_THE

    named = quoting_every_best(engine, "# Crash\n\nThe victims were named as Ann Hill and Bob Reid; two other "
                                       "victims remain in hospital in the town.\n\nThe victims had been travelling "
                                       "home from the coast, police said.\n", "crash.md")
    assert "Ann Hill" in engine.ask("who are the victims?", article_id=named).quotes[0].text
    assert _WHO_ARE_THE.match("who are the men in the photo?") is None


def test_who_holds_a_role_gets_first_the_sentence_naming_them(engine):
    """Strangers' "who's the chancellor" got "Shadow chancellor Oliver Letwin said…" first, and
    "who is bmw's chief executive" a sentence on its sales: a sentence naming whoever holds the role
    goes first, not a shadow or a former one's."""
    text = ("# Budget row deepens\n\nThe budget row deepened on Monday as the figures were revised.\n\n"
            "Shadow chancellor Oliver Letwin said the chancellor's timing was convenient.\n\n"
            "The revised figures were published by the statistics office on Monday.\n\n"
            "The figures were welcomed by Chancellor Gordon Brown, who spoke in Leeds.\n")
    story = quoting_every_best(engine, text, "budget.md")
    engine.answer_tuning = replace(engine.answer_tuning, holder_first=False)
    shipped = [engine.ask(q, article_id=story).quotes[0].text
               for q in ("who's the chancellor", "who is the chancellor?")]
    assert any("Letwin" in first for first in shipped), shipped
    engine.answer_tuning = replace(engine.answer_tuning, holder_first=True)
    for question in ("who's the chancellor", "who is the chancellor?", "so who is the chancellor now"):
        assert "Gordon Brown" in engine.ask(question, article_id=story).quotes[0].text, question
    # Asked for the shadow or a former one, that is the one.
    assert "Letwin" in engine.ask("who is the shadow chancellor?", article_id=story).quotes[0].text
    former = quoting_every_best(engine, text.replace("Shadow chancellor", "Former Tory chancellor"), "former.md")
    assert "Letwin" in engine.ask("who is the ex chancellor?", article_id=former).quotes[0].text
    # A firm's boss by any of the names news gives one, and a role after the name.
    firm = ("# Carmaker sales rise\n\nSales at the carmaker rose by 8% last year, the carmaker's results showed.\n\n"
            "Its sales in the US rose faster than its sales in Europe, the carmaker said.\n\n"
            "The results were presented by chief executive Helmut Panke in Munich.\n")
    cars = quoting_every_best(engine, firm, "cars.md")
    for question in ("who is the carmaker's boss?", "who is the boss of the carmaker", "who's its chief executive"):
        assert "Helmut Panke" in engine.ask(question, article_id=cars).quotes[0].text, question
    after = quoting_every_best(
        engine, firm.replace("chief executive Helmut Panke", "Helmut Panke, its chief executive,"), "cars2.md")
    assert "Helmut Panke" in engine.ask("who is the carmaker's boss?", article_id=after).quotes[0].text
    # ... and asked by what the holder does (a stranger's "who runs media labs europe" got the
    # Labs' spending, not "…, said Simon Jones, the Labs' managing director").
    labs = quoting_every_best(engine, "# Labs to shut down\n\nThe research labs are to shut down, their board said.\n\n"
                                      "The labs spent 8.16 million euros in 2003 and raised 2.56 million euros.\n\n"
                                      "\"In the end, it was too deep a recession,\" said Simon Jones, the Labs' "
                                      "managing director.\n", "labs.md")
    # Chat's "these days" is no part of the body's name (a stranger's "who's running wembley these
    # days?" got a sentence on its profits).
    for question in ("who runs the labs?", "whos in charge of the labs now", "who is running the labs",
                     "who's running the labs these days?", "who runs the labs nowadays", "who runs the labs right now"):
        assert "Simon Jones" in engine.ask(question, article_id=labs).quotes[0].text, question
    # Not the past, an event ("who headed the winner?", "who led the attack?"), nor a race run; nor a
    # role alone that names no body asked ("Chairman Bruce Buck said…" for "who runs the labs": a
    # review's finds).
    from index.answer import _RUNS_ASKED

    for question in ("who headed the winner?", "who led the attack?", "who ran against bush?", "who runs in the race",
                     "who runs against him"):
        assert _RUNS_ASKED.match(question) is None, question
    for question in ("who's running wembley these days?", "who runs wembley nowadays", "who runs wembley right now"):
        assert _RUNS_ASKED.match(question)["at"] == "wembley", question
    club = quoting_every_best(engine, "# Labs to shut down\n\nThe research labs are to shut down, their board said.\n\n"
                                      "The labs spent 8.16 million euros in 2003.\n\nChairman Bruce Buck said the club "
                                      "had been sold.\n", "club.md")
    assert "Bruce Buck" not in engine.ask("who runs the labs?", article_id=club).quotes[0].text
    # Not a question about the role's holder.
    from index.answer import _HOLDER_ASKED, _HOLDER_FORMS, _NOT_THE_ONE_ASKED, _role_holders

    for question in ("who is the coach playing on saturday?", "who is the coach's son?",
                     "who is the president's chief of staff?", "who is the coach of the year?"):
        assert _HOLDER_ASKED.match(question) is None, question
    assert _HOLDER_ASKED.match("who's the manager at united these days?")["at"] == "united"
    for question in ("who is the president at present?", "who is the manager at the moment?"):
        assert _HOLDER_ASKED.match(question)["at"] is None, question
    # ... chat's "rn" and "atm" too, as words of their own: "who runs bayern" is Bayern's boss
    from index.answer import _RUNS_ASKED

    assert _HOLDER_ASKED.match("who's the scotland coach rn")["role"] == "coach"
    assert _RUNS_ASKED.match("who runs bayern")["at"] == "bayern"
    assert _RUNS_ASKED.match("who runs bayern atm")["at"] == "bayern"
    # Nor someone else in the role (a review's finds): another side's, a former, shadow or vice one,
    # another ministry's, or the role as a verb.
    def holders(text: str, role: str, *before: str) -> list[str]:
        return _role_holders(text, _HOLDER_FORMS.get(role, role), list(before), _NOT_THE_ONE_ASKED, strict=True)

    assert holders("Matt Williams, Scotland's coach, praised them.", "coach", "wales") == []
    assert holders("Mike Ruddock, the Wales coach, praised them.", "coach", "wales") == ["Mike Ruddock"]
    assert holders("Kenneth Clarke, the former chancellor, said so.", "chancellor") == []
    assert holders("The move by ex-chancellor Kenneth Clarke surprised many.", "chancellor") == []
    assert holders("Conservative shadow home secretary David Davis was worried.", "secretary", "home") == []
    assert holders("Vice-president Dick Cheney said so.", "president") == []
    assert holders("Earlier, health minister John Reid said so.", "minister", "finance") == []
    assert holders("He turned down an offer to coach Real Madrid last year.", "coach") == []
    assert holders("Chief Constable Mike Todd said so.", "boss") == []
    # ... nor the next item of a list, nor another body's (a SQuAD question's finds)
    assert holders("Edward Sapir, and the founder of McKinsey & Co., James O. McKinsey.", "founder", "modern") == []
    assert holders("Jean-Rene Fourtou, chief executive of Vivendi, said so.", "boss", "bmw") == []
    assert holders("Bill Ford, chairman and chief executive of Ford, said so.", "boss", "ford") == ["Bill Ford"]


def test_who_someone_named_is_gets_first_the_sentence_saying_what_they_are(engine):
    """A stranger's "who is mary robinson" got her words on a ruling ("…, Mary Robinson has
    said.") before the sentence after it saying who she is ("The former UN commissioner…")."""
    text = ("# Act on ruling, UK urged\n\nThe government must act quickly on the ruling that detention without trial "
            "is unlawful, Mary Robinson has said.\n\nThe former UN commissioner for human rights told the Today "
            "programme the response would be watched.\n\nRobinson said the ruling was in line with opinion, and "
            "Robinson praised the ruling of the Law Lords.\n")
    story = quoting_every_best(engine, text, "robinson.md")
    engine.answer_tuning = replace(engine.answer_tuning, describe_first=False)
    assert "former UN commissioner" not in engine.ask("who is mary robinson?", article_id=story).quotes[0].text
    engine.answer_tuning = replace(engine.answer_tuning, describe_first=True)
    for question in ("who is mary robinson?", "who's robinson", "so who was mary robinson"):
        answer = engine.ask(question, article_id=story)
        assert "former UN commissioner" in answer.quotes[0].text, (question, answer.quotes[0].text)
    # ... or a role before the name, or after it.
    for told in ("Former Irish president Mary Robinson spoke on Monday.", "Robinson, a former Irish president, spoke "
                 "on Monday.", "Robinson is a former Irish president who spoke on Monday.",
                 # (a stranger's "who is jimi hendrix exactly?" got a sale of his band's single first)
                 "Robinson, widely considered the best Irish president, spoke on Monday."):
        other = quoting_every_best(engine, text.replace("The former UN commissioner for human rights told the Today "
                                                        "programme the response would be watched.", told),
                                   f"{told[:12]}.md")
        assert "Irish president" in engine.ask("who is mary robinson?", article_id=other).quotes[0].text, told
    # ... or what the sentence after calls the source it names (a stranger's "who is screen daily?"
    # got the lead, "…, Screen Daily has said.", first).
    weekly = quoting_every_best(engine, "# Film output falls\n\nThe number of films made in the UK fell 40% in 2004, "
                                "Screen Daily has said.\n\nTwenty-seven films were made last year, according to the "
                                "trade weekly.\n", "weekly.md")
    assert "trade weekly" in engine.ask("who is screen daily?", article_id=weekly).quotes[0].text
    # ... not one closing a sentence that only names them (a review's find).
    seized = quoting_every_best(engine, "# Hostage killed\n\nKen Bigley was seized in Baghdad in September.\n\n"
                                "Ken Bigley was killed by his captors, according to the television station.\n\n"
                                "Mr Bigley, an engineer from Liverpool, had worked in the Gulf.\n", "seized.md")
    assert "engineer" in engine.ask("who is ken bigley?", article_id=seized).quotes[0].text
    # Not a role asked for a name, nor someone else described.
    assert "former UN commissioner" not in engine.ask("who is in charge?", article_id=story).quotes[0].text
    from index.answer import _WHO_IS_NAMED

    assert _WHO_IS_NAMED.match("who is the home secretary?") is None and _WHO_IS_NAMED.match("who's he?") is None
    assert _WHO_IS_NAMED.match("who is playing for them?") is None
    assert _WHO_IS_NAMED.match("who is replacing ferguson?") is None  # a review's find
    assert _WHO_IS_NAMED.match("who is suing microsoft?") is None


def test_who_someone_named_is_asked_in_a_channel_gets_the_lead_saying_it(engine):
    """A stranger's "who is brad gilbert anyway", asked in the story's channel, got Roddick's words
    naming him first and the lead's "coach Brad Gilbert" second: the reader asks though the lead
    said it, and the rest of the story only names him."""
    story = quoting_every_best(engine, "# Roddick splits from coach\n\nAndy Roddick has ended his association with "
                                       "coach Brad Gilbert after 18 months.\n\n\"The decision to not re-hire Brad "
                                       "Gilbert is based on what is best for my game,\" said Roddick.\n\nGilbert "
                                       "said he had enjoyed the time.\n", "gilbert.md")
    channel = Discussion(story, chosen=True)
    for question in ("who is brad gilbert anyway", "who's gilbert?"):
        first_only_with(engine, "lead_kept_for_description", question, channel, "coach Brad Gilbert")
    # So for "who is the <role>?" whom the lead alone names (a stranger's "who is the lib dem leader
    # again" got a Lib Dem's words first, the lead's "Lib Dem leader Charles Kennedy" second).
    party = quoting_every_best(engine, "# Kennedy attacks Blair\n\nLib Dem leader Charles Kennedy has said voters "
                                       "do not trust Tony Blair.\n\n\"We don't hear that argument any longer,\" "
                                       "he told Lib Dem members in the speech.\n", "kennedy.md")
    first_only_with(engine, "lead_kept_for_description", "who is the lib dem leader again",
                    Discussion(party, chosen=True), "leader Charles Kennedy")
    # Whose they are says who they are too ("Ethiopia's Tirunesh Dibaba"), and "is already a…".
    from index.answer import _describing

    assert _describing("dibaba")("Ethiopia's Tirunesh Dibaba set a new world record.")
    assert _describing("henson")("Gavin Henson is already a Welsh legend.")
    assert not _describing("glazer")("Mr Glazer's two sons lead the bid.")


def test_who_made_a_study_gets_first_the_sentence_naming_its_maker(engine):
    """Readers' "who wrote the report?", "who carried out the poll?" got a sentence of what the
    report found ("The report's figures surpass…", "The poll comes after…") before the one
    naming its maker ("adults quizzed by ICM for BBC News 24")."""
    story = quoting_every_best(engine, "# Trust poll\n\nVoters do not trust politicians, a poll suggests.\n\n"
                                       "The survey showed the survey results on trust, and the survey asked about "
                                       "the survey.\n\nSome 87% of the 1,000 adults quizzed by ICM for BBC News "
                                       "said politicians did not deliver.\n", "trust.md")
    engine.answer_tuning = replace(engine.answer_tuning, maker_first=False)
    assert "ICM" not in engine.ask("who did the survey?", article_id=story).quotes[0].text
    engine.answer_tuning = replace(engine.answer_tuning, maker_first=True)
    for question in ("who did the survey?", "who carried out this survey", "which firm did the survey?"):
        answer = engine.ask(question, article_id=story)
        assert answer.answered and "quizzed by ICM" in answer.quotes[0].text, (question, answer)
    # What the study says or whom it asked is another question, left to the ranking.
    from index.answer import _MADE_BY, _MAKER_ASKED, _MAKER_NAMED

    for other in ("who did the survey blame?", "who did the poll ask?", "who did they test?", "who wrote it?",
                  "who did well in the tests?", "who did the poll put ahead?", "who did the inquiry clear?",
                  "who did the study of 500 people find was at risk?"):
        assert _MAKER_ASKED.search(other) is None, other
    # Sentences naming a maker plainly, or by the study's name ...
    for plain in ("A survey carried out by PC Pro magazine looked at 100 printers.", "YouGov polled 1,981 voters.",
                  "The report by Ms Hodge was published on Monday.",
                  "More than half of those asked in a poll for mobile firm Intervoice said so.",
                  "The poll of 22,953 people was conducted by the international polling firm GlobeScan.",
                  "Figures from industry monitor, the Mobile Data Association, show a rise."):
        assert _MADE_BY.search(plain), plain
    for named in ('"It is closing," the World Bank report said.', "It will grow, according to analysts In-Stat/MDR."):
        assert _MAKER_NAMED.search(named) and not _MADE_BY.search(named), named
    # ... and sentences naming none: a date, the people asked, what a study was a triumph for.
    for none in ("A report from January showed a fall.", "Those surveyed in three countries were split.",
                 "His success in the poll was a triumph for British rock.", "The test of printers for PCs found it.",
                 # ... what a study found or did, news reports, tests taken, someone's own doing (a review's finds)
                 "The survey found that support for Labour had fallen.", "The index rose sharply, led by BP.",
                 "Reports from Baghdad said the road was shut.", "Chambers did not test positive.",
                 "He did the research himself."):
        assert not _MADE_BY.search(none), none


def test_what_something_is_called_gets_first_the_sentence_naming_it(engine):
    """Strangers' "whats the scheme called" got the lead's "an international scheme" first and the
    scheme's name third; "whats his album called" a sentence about the album's title."""
    story = quoting_every_best(engine, "# Vaccine pledge\n\nBritain pledged money to vaccines on Monday.\n\n"
                                       "The scheme called for by charities will pay out, and the scheme pleased "
                                       "the scheme's backers.\n\nOfficials said on Monday that the scheme is "
                                       "named the International Finance Facility.\n", "vaccine.md")
    for question in ("whats the scheme called", "what is the name of the scheme?"):
        answer = engine.ask(question, article_id=story)
        assert answer.answered and "named the International" in answer.quotes[0].text, (question, answer)
    engine.answer_tuning = replace(engine.answer_tuning, name_first=False)
    assert "named the International" not in engine.ask("whats the scheme called", article_id=story).quotes[0].text
    engine.answer_tuning = replace(engine.answer_tuning, name_first=True)
    # Other questions are left to the ranking.
    from index.answer import _gives_name, _name_asked

    assert _name_asked("what's it called?") is None and _name_asked("who called the police?") is None
    # ... nor other senses of "called" and "named" (a review's finds)
    assert _name_asked("what was the ambassador called in for?") is None
    assert _name_asked("what is the brewery named after?") is None
    assert _name_asked("whats the new kanye west album called") == "album"
    assert _name_asked("what is the company called, again?") == "company"
    # The thing a relative clause follows, not the clause's last word (a stranger's "what is the body
    # that oversees the net called" got "a protocol called TCP/IP").
    assert _name_asked("what is the body that oversees the net called") == "body"
    assert _gives_name("His next album The College Dropout sold well.", "album")
    assert _gives_name("A Windows virus called Bofra is spreading.", "virus")
    for text in ("The scheme, Mr Brown said, was new.", "The scheme called for by charities got money.",
                 "Critics said the scheme Mr Brown unveiled would help.", "He called Tony Blair a liar.",
                 "The scheme Labour promised is late.", "Mr Brown's UK scheme will pay out."):
        assert not _gives_name(text, "scheme"), text
    # A work's title straight after it, owned or with an article, not a day, a verb or an adjective.
    assert _gives_name("Channel 4's new reality show, The Farm, drew 2m viewers.", "show")
    for text in ("The film Monday opened in cinemas.", "Polls show Labour ahead.", "Fans show Arsenal no love."):
        assert not _gives_name(text, "film" if "film" in text else "show"), text
    assert _name_asked("what's the film he's in called?") is None
    assert _name_asked("what is the new show going to be called?") is None
    # A coined name right before the word ("the Sativex drug": a stranger's "whats the drug called"
    # got a sentence on its use first); not a party, a nation or a dictionary word.
    assert _gives_name("Canadian authorities said the Sativex drug will be considered.", "drug")
    assert _gives_name("The Sativex drug works.", "drug", "The firm expects approval for Sativex.")
    # ... not a maker the story has speak or make things (a review's finds)
    assert not _gives_name("Shares rose on the Novartis drug.", "drug", "Novartis said sales rose.")
    assert not _gives_name("It is the Nasa probe.", "probe", "The probe was built by Nasa.")
    for text in ("He said the Labour scheme was bad.", "They said the British drug worked.",
                 "She said the Paris scheme failed.", "They saw the New scheme."):
        assert not _gives_name(text, "drug" if "drug" in text else "scheme"), text


MATCH = ("# Rovers come back to beat United\n\nRovers came from behind to reach the cup quarter-finals on a "
         "cold night at the park.\n\nThe home side were trailing 1-0 at half-time after a header from the United "
         "captain.\n\nThe manager said his players had scored the goals their football deserved, and praised the "
         "fans for staying loud.\n\nRovers won 3-1 with two late goals from their young striker.\n")


def test_the_score_asked_of_a_match_report_is_the_full_time_one(engine):
    # A stranger's "whats the score?" in a match's channel got a sentence about scoring goals
    # first, and the half-time score third, while "beat Olympiakos 3-1" was not quoted at all.
    match = quoting_every_best(engine, MATCH, "match.md")
    for question in ("whats the score?", "what was the final score"):
        answer = engine.ask(question, context=Discussion(match, chosen=True))
        assert "won 3-1" in answer.quotes[0].text, (question, answer.quotes)
    half_time = engine.ask("what was the half-time score?", context=Discussion(match, chosen=True))
    assert "trailing 1-0 at half-time" in half_time.quotes[0].text
    # Not a lead on the way, another match's or an old one; the lead holding the score may be
    # first (a review's finds).
    report = quoting_every_best(engine, "# Wales beat Italy in Rome\n\nWales beat Italy 38-8 in Rome on Saturday to stay "
                                        "top of the table.\n\nWales raced to a 33-8 lead before the hour as the home "
                                        "side tired.\n\nIn the other game France beat Scotland 16-9 in Paris, and in 2003 "
                                        "Wales lost 30-22 in Rome.\n", "rome.md")
    assert "38-8" in engine.ask("what was the score in rome?", context=Discussion(report, chosen=True)).quotes[0].text
    # A report giving only who scored when gives that; a story giving no score says so.
    scorers = engine.add_article(parse_text(MATCH.replace("Rovers won 3-1 with", "Smith 52, Jones 80 pen, Jones 88.\n\n"
                                                          "They were helped by"), source="scorers.md", fmt="md")).article.id
    assert "Jones 80 pen" in engine.ask("whats the score?", context=Discussion(scorers, chosen=True)).quotes[0].text
    declined = engine.ask("what was the score?", context=Discussion(engine.add_article(
        parse_text(SIGNING, source="signing.md", fmt="md")).article.id, chosen=True))
    assert not declined.answered and declined.missing == "score" and "gives no score anywhere" in declined.message
    # A match reported in words gives its result, in no figures: not declined so (a review's find).
    words_only = quoting_every_best(engine, "# Rangers seal derby win\n\nGoals from Gregory Vignal and Nacho Novo gave "
                                            "Rangers a scrappy victory over Celtic at Ibrox on Sunday.\n", "derby.md")
    assert "Goals from Gregory Vignal" in engine.ask("what was the score?", context=Discussion(
        words_only, chosen=True)).quotes[0].text
    # Not a story that lost subscribers, nor a year or "previous" beside this match's score (a
    # second review's finds).
    profits = quoting_every_best(engine, "# Profits rise at the cable firm\n\nIt lost 464,000 subscribers in the "
                                         "year, but profits rose by a tenth to 1.2bn dollars.\n", "profits.md")
    assert engine.ask("what was the score?", context=Discussion(profits, chosen=True)).missing == "score"
    tennis = quoting_every_best(engine, "# Farina Elia wins in Paris\n\nIn the first round Martinez beat Asagoe 6-4 6-4 "
                                        "on the outside courts.\n\nFarina Elia, who had lost all nine of her previous "
                                        "meetings with Schnyder, won 7-5 7-6 in the final.\n", "tennis.md")
    assert "7-5 7-6" in engine.ask("what was the score in the final?", context=Discussion(
        tennis, chosen=True)).quotes[0].text


def test_a_score_only_the_headline_gives_is_answered_with_the_headline(engine):
    # A stranger's "what was the score?" of "Middlesbrough 2-2 Charlton", whose text gives no
    # score, got three sentences about saves and scoring chances.
    text = ("# Rovers 2-2 United\n\nA late header earned Rovers a battling draw with United at the park.\n\n"
            "The home side were trailing 1-0 at half-time after a header from the United captain.\n\n"
            "The manager said his players could have scored five or six goals on the night.\n")
    match = quoting_every_best(engine, text, "draw.md")
    for question in ("what was the score?", "whats the final score"):
        answer = engine.ask(question, context=Discussion(match, chosen=True))
        assert answer.answered and not answer.quotes and answer.about.aspect == "headline", (question, answer)
        assert answer.about.title == "Rovers 2-2 United" and answer.about.article_id == match
        assert answer_markdown(answer).startswith("The score is in its headline: Rovers 2-2 United.")
    # Asked of every article, naming the match; and the half-time score is never the headline's.
    assert engine.ask("what was the score in the rovers game?").about.title == "Rovers 2-2 United"
    half_time = engine.ask("what was the half-time score?", context=Discussion(match, chosen=True))
    assert "trailing 1-0 at half-time" in half_time.quotes[0].text
    # Nor another match's, one the question names and the article never does, or last season's
    # (a review's finds: "what was the score against arsenal?" got "Middlesbrough 2-2 Charlton").
    for other in ("what was the score against stenhousemuir?", "what was the score in the game last season?"):
        assert engine.ask(other, context=Discussion(match, chosen=True)).about is None, other
    # A text giving the final score is quoted, as any answer: the headline only when it alone does.
    full = quoting_every_best(engine, text.replace("# Rovers 2-2 United", "# Rovers 3-1 Athletic").replace(
        "battling draw with United", "3-1 win over Athletic"), "win.md")
    assert "3-1 win" in engine.ask("what was the score?", context=Discussion(full, chosen=True)).quotes[0].text
    # ... but a score of another match in the text is not this one's (a stranger's "what was the
    # score?" under "Ireland 19-13 England" got the 2003 "42-6 victors").
    earlier = quoting_every_best(engine, text.replace("# Rovers 2-2 United", "# Rovers 19-13 Athletic").replace(
        "battling draw with United", "win over Athletic, who were 42-6 victors here in 2003,"), "earlier.md")
    assert engine.ask("what was the score?", context=Discussion(earlier, chosen=True)).about.title == (
        "Rovers 19-13 Athletic")
    # A line of one side's scorers, or a score on the way ("after we'd gone 2-0 down"), is not
    # the final score: the headline is (a stranger's got Keegan's "gone 2-0 down" first).
    lines = quoting_every_best(engine, "# City 1-2 United\n\nUnited won the derby at the stadium.\n\n"
                                       "The City manager said: \"We came back after we'd gone 2-0 down.\"\n\n"
                                       "Goals: Smith 52, Jones 80.\n", "derby.md")
    assert engine.ask("what was the score?", context=Discussion(lines, chosen=True)).about.title == "City 1-2 United"


def test_a_report_whose_scorers_lines_share_a_passage_gives_a_score(engine):
    # A stranger's "what was the score?" of a 2-2 report (scorers' lines "Henry 2, 29." and
    # "Terry 17, Gudjohnsen 46." among its short closing paragraphs) was told it gives no score.
    report = ("# Chelsea hold Arsenal\n\nA gripping game between Arsenal and Chelsea ended with the honours even at "
              "Highbury after a late save from the keeper.\n\nAlmunia, Lauren, Toure, Campbell, Cole.\n\nCole.\n\n"
              "Henry 2, 29.\n\nCech, Ferreira, Carvalho, Terry, Gallas.\n\nTerry 17, Gudjohnsen 46.\n")
    story = quoting_every_best(engine, report, "hold.md")
    answer = engine.ask("what was the score?", context=Discussion(story, chosen=True))
    assert answer.answered and answer.missing is None, answer


def test_a_sum_of_money_the_article_never_gives_is_declined_there(engine):
    # However well a sentence matches (here every best sentence is quoted, threshold 0), a
    # question asked of one story for a sum it never gives is declined: it does not say.
    signing = quoting_every_best(engine, SIGNING, "signing.md")
    question = "How much did Leeds pay for the Norwich striker?"
    declined = engine.ask(question, article_id=signing)
    assert not declined.answered and declined.declined_in == "Leeds sign the Norwich striker"
    assert declined.missing == "money" and "gives no sum of money anywhere" in declined.message
    # So with every article asked, of the best hit's article (a stranger's cold "how much does
    # halo 2 cost?" was quoted at): the plain decline, the other articles not being read for it.
    engine.add_article(parse_text("# Library hours\n\nThe town library will open on Sundays from March, the council "
                                  "said on Monday, after a long campaign by its readers.\n", source="library.md",
                                  fmt="md"))
    asked = "how much was paid for the striker who signed a three-year deal?"
    cold = engine.ask(asked)
    assert not cold.answered and cold.missing == "money" and cold.declined_in is None, cold
    engine.answer_tuning = replace(engine.answer_tuning, decline_missing_cold=False)
    assert engine.ask(asked).answered  # left to the model, as before
    engine.answer_tuning = replace(engine.answer_tuning, decline_missing_cold=True)
    # Not when another of the best hits' stories gives a sum (the best may be the wrong story: a
    # review's find).
    fee = engine.add_article(parse_text("# Striker fee agreed\n\nLeeds paid two million pounds for the striker who "
                                        "signed a three-year deal on Friday, the club said.\n", source="fee.md",
                                        fmt="md")).article.id
    assert any(q.article_id == fee for q in engine.ask(asked).quotes)
    engine.remove(fee)
    # The decline says what the story lacks, and does not advise naming "him": that would not help.
    vague = engine.ask("how much did they pay him?", context=Discussion(signing, chosen=True))
    assert not vague.answered and vague.missing == "money" and PRONOUN_HINT not in vague.message
    assert "the article being discussed, gives no sum of money" in vague.message
    # An offer asked as "offering" (a stranger's "how much were pompey offering him" was quoted
    # his years at Coventry).
    assert engine.ask("how much were leeds offering him?", article_id=signing).missing == "money"
    # Other questions about it are answered as before, a number of years among them.
    assert engine.ask("How long is the striker's deal?", article_id=signing).answered
    # The same story giving the fee, or saying he came for free, answers.
    # So do "not charging" and "initially free" (strangers asking what software costs were told
    # no sum was given).
    for told, source in (("Leeds paid £4.5m for him.", "paid.md"), ("He joined Leeds for free.", "free.md"),
                         ("Leeds are not charging a fee for the loan.", "charging.md"),
                         ("The move was initially free, the club said.", "initially.md"),
                         # a teen number, a Markdown link or emphasis in the sum (tests' bridges were declined)
                         ("Leeds paid fifteen million euros for him.", "teens.md"),
                         # a sum in words (a stranger's "how much did he put into the label?" was
                         # told none was given of "spent thousands of pounds")
                         ("Leeds spent thousands of pounds on him.", "thousands.md"),
                         # a cost in so many words (a stranger's "how much would it cost them if
                         # they lose?" was told none was given of "It would cost millions…")
                         ("Keeping him would cost millions, the club said.", "millions.md"),
                         # ... or says the sum was kept back (a stranger's "how much did the prince
                         # pay?" got other sums first)
                         ("Financial details of the deal were not disclosed.", "undisclosed.md"),
                         ("How much Leeds paid for him was not revealed.", "howmuch.md"),
                         # (a stranger's "how much did they pay for it" of "for an unspecified sum")
                         ("Leeds signed him for an unspecified sum.", "unspecified.md"),
                         # (a Markdown file is read as rendered; a text file keeps the marks as written)
                         ("Leeds paid **two** [million](https://e.example) pounds for him.", "markup.txt")):
        story = signing_with(engine, told, source, fmt="txt" if source.endswith(".txt") else "md")
        answer = engine.ask(question, article_id=story)
        assert answer.answered and any(told[:-1] in quote.text for quote in answer.quotes), told
    # "not charging the driver" is no price (a review's find): still the plain "no sum" decline;
    # nor "cost thousands of jobs" (a second review's).
    police = signing_with(engine, "Police said they were not charging the driver.", "police.md")
    assert engine.ask(question, article_id=police).missing == "money"
    # ... nor "an unspecified amount of time" (a review's find).
    held = signing_with(engine, "He was held for an unspecified amount of time.", "held.md")
    assert engine.ask(question, article_id=held).missing == "money"
    # A sum kept back is what a deal cost, not what someone lost or earned (a stranger's "how
    # much money was lacroix losing" was quoted "…bought by the Falic Group for an unspecified sum").
    unspecified = signing_with(engine, "Leeds signed him for an unspecified sum.", "kept.md")
    assert engine.ask("how much money were leeds losing?", article_id=unspecified).missing == "money"
    # ... but what a sale made or a deal earns may be the sum kept back (a review's finds).
    for asked in ("how much did leeds pay for the striker?", "how much did norwich make from selling him?",
                  "how much will the striker earn?"):
        assert engine.ask(asked, article_id=unspecified).answered, asked
    # "offering" asks a sum only of who offers, not of a thing offered (a review's find).
    from index.answer import number_unit

    assert number_unit("how much storage is google offering?") is None
    jobs = signing_with(engine, "Unions warned the move could cost thousands of jobs.", "jobs.md")
    assert engine.ask(question, article_id=jobs).missing == "money"
    # A change asked "how much" may be a share: not a sum of money.
    assert engine.ask("How much did the striker's wages rise?", article_id=signing).answered
    # A sum asked for by name, not "how much" (a stranger's "whats the transfer fee for weir" was
    # quoted a story giving no sum): the same decline; not a change in one ("the pay gap").
    for asked in ("whats the transfer fee for the striker", "what is his salary at Leeds?"):
        assert engine.ask(asked, article_id=signing).missing == "money", asked
    from index.answer import number_unit

    # a stranger's "how much is apple suing them for?" was quoted a story giving no sum
    assert number_unit("how much is apple suing them for?") == "money"
    assert number_unit("how much did sue gray know about the parties?") is None  # a review's find
    # ... and "how much was his bail set at?" (quoted other men "freed on bail", no sum); not what
    # may be a term or a share (a review's finds)
    assert number_unit("how much was his bail set at?") == "money"
    # A share is no sum: "Thirty per cent said…" (a stranger's "how much did the nanny's visa cost"
    # was quoted from a story giving no sum but shares).
    poll = quoting_every_best(engine, "# Blair damaged by row\n\nThirty per cent said the affair showed he could not "
                                      "be trusted, and 43 per cent thought he had done a good job.\n", "poll.md")
    assert engine.ask("how much did the nanny's visa cost", article_id=poll).missing == "money"
    for asked in ("how much jail time does he face now he is on bail?", "how much did prosecutors demand?",
                  "how much did the union ask for?"):
        assert number_unit(asked) is None, asked
    for asked in ("what is the pay gap at Leeds?", "what was the human cost of the injury to the striker?"):
        assert engine.ask(asked, article_id=signing).missing is None, asked
    for asked in ("what was the record fee for the striker?", "whats his average salary", "what is the minimum wage",
                  "whats the striker's salary?"):
        assert engine.ask(asked, article_id=signing).missing == "money", asked
    # "has won" after a figure is no sum in won (a stranger's "how much does half life 2 cost?" was
    # quoted its awards); "2.5 trillion won" is one.
    game = quoting_every_best(engine, "# Half-Life 2 sweeps Baftas\n\nPC shooter Half-Life 2 has won six Bafta "
                                      "awards, and Burnout 3 won the racing prize.\n", "game.md")
    assert engine.ask("how much does half life 2 cost?", article_id=game).missing == "money"
    korea = quoting_every_best(engine, "# Korean deal\n\nThe firm paid 2.5 trillion won for the new Seoul plant by the river, the "
                                       "company said on Friday.\n", "korea.md")
    assert engine.ask("how much did the firm pay for the plant?", article_id=korea).missing is None


TAKEOVER = ("# Pernod talk lifts Domecq shares\n\nShares in Allied Domecq rose on talk of a bid by Pernod Ricard. "
            "Pernod said it was seeking acquisitions but would not comment on specifics.\n\nThe board of Domecq "
            "meets next week. Pernod's chairman Tom Wilson \"welcomed the interest\" in a note to staff.\n")


def test_the_words_of_someone_the_article_names_but_never_quotes_are_declined_there(engine):
    # However well a sentence matches (threshold 0), asked of one story what someone said who
    # speaks nowhere in it, it does not say: declined, naming them.
    story = quoting_every_best(engine, TAKEOVER, "takeover.md")
    for question in ("has domecq said anything about the takeover talk?", "What did Allied Domecq say?"):
        declined = engine.ask(question, article_id=story)
        assert not declined.answered and declined.missing == "words", question
        assert "gives no words said or thought by “" in declined.message and "Domecq”" in declined.message
    in_channel = engine.ask("what does domecq think of it", context=Discussion(story, chosen=True))
    assert not in_channel.answered and "the article being discussed, gives no words said or thought by" in (
        in_channel.message)
    # Named as asked, its "of" kept and its words as the article writes them (a stranger was told
    # "“Bank England”").
    rates = quoting_every_best(engine, "# Rates may rise\n\nAnalysts expect the Bank of England to raise interest "
                               "rates next month. \"Inflation is creeping up,\" Jane Smith of Capital Economics said."
                               "\n\nThe Bank of England meets on Thursday.\n", "rates.md")
    declined = engine.ask("what did the bank of england say?", article_id=rates)
    assert not declined.answered and "“Bank of England”" in declined.message, declined.message
    # ... and the rest of a name it writes only in part as a name: "Jane Smith" typed "jane smith"
    # of its "Ms Smith" (a stranger was told "“tony Blair”").
    partly = quoting_every_best(engine, "# Rates on hold\n\nThe Bank kept rates on hold, Ms Smith noted in a "
                                "report.\n\nMs Smith was at the bank for ten years before.\n", "onhold.md")
    declined = engine.ask("what did jane smith say about rates?", article_id=partly)
    assert declined.missing == "words" and "“Jane Smith”" in declined.message, declined.message
    # ... and a possessive typed without its apostrophe as one ("italys coach": a stranger was
    # told "“Italys Coach”"), never an acronym's plural ("mps" is no "MP's").
    from index.answer import _as_the_article_writes

    assert _as_the_article_writes("italys", "Italy lost to Scotland on Saturday.", owning=True) == "Italy's"
    assert _as_the_article_writes("mps", "Labour MP Stephen Pound spoke.", owning=True) == "mps"
    # ... only before another word of the name: "what did the greens say?" is no "Green's" (a review's find)
    assert _as_the_article_writes("greens", "The Green Party spoke on Monday.") == "greens"
    # Those it gives words (said, a quotation) are answered; so is a role, which the speaking
    # sentence may name otherwise ("the board", "the ceo", "the PM").
    for question in ("what did pernod say?", "what did tom wilson say about the bid?", "what did the board say?",
                     "what did he say?", "what did the ceo say?", "what did the PM say?", "what did pernods boss say?"):
        answer = engine.ask(question, article_id=story)
        assert answer.missing != "words", question
    # A comment or a reply made is no one's words asked for ("when did he make the nazi comment"
    # was declined as giving "make the Nazi" none: a stranger's).
    for question in ("when did he make the domecq comment?", "when did tom wilson make his domecq reply?"):
        assert engine.ask(question, article_id=story).missing != "words", question
    # Words given as "she said" after a sentence naming her, in its paragraph or the one before,
    # are hers (a trial's Patti Smith was declined so).
    sequel = quoting_every_best(engine, "# Smith to host festival\n\nRock star Patti Smith will direct the "
                                        "festival in June.\n\nSmith has yet to decide the line-up. \"I want to "
                                        "touch on every art,\" she said.\n", "festival.md")
    assert engine.ask("what did patti smith say about the festival?", article_id=sequel).missing is None
    # So are words given by what the sentence before calls them instead of their name ("The world
    # indoor champion said:"; a stranger's "what did gardener say?" was told he gave none); not a
    # role's ("the coach said"), most often someone else's.
    for described, asked in (("The world indoor champion said", True), ("The coach said", False),
                             ("The American said", True)):
        sprint = quoting_every_best(engine, f"# Gardener wins\n\nJason Gardener won the 60m race in Birmingham.\n\n"
                                            f"Gardener clocked 6.56 seconds to equal the record. {described}: \"I "
                                            f"almost went home.\"\n", f"sprint-{asked}.md")
        found = engine.ask("what did gardener say?", article_id=sprint)
        assert (found.missing is None) is asked, described
    # Not a nationality after a sentence naming someone else too: it tells the two apart (a review's
    # find: "…beaten by Safin in Melbourne." then "…," said the Russian, credited to Roddick).
    beaten = quoting_every_best(engine, "# Gardener beaten\n\nJason Gardener lost the 60m race in Birmingham.\n\n"
                                        "Gardener was beaten by Kim Collins in the final. The American said: \"I "
                                        "almost went home.\"\n", "beaten.md")
    assert engine.ask("what did gardener say?", article_id=beaten).missing == "words"
    # Nor a "he" the sentence itself names first (a stranger's "what did dibaba say about breaking
    # the record?" was quoted "But … Kenenisa Bekele's record hopes were dashed when he miscounted…").
    record = quoting_every_best(engine, "# Dibaba sets record\n\nTirunesh Dibaba set a world record in Boston.\n\n"
                                        "Dibaba won in 14 minutes 32.93 seconds to erase the previous world indoor "
                                        "mark, set by another Ethiopian, Berhane Adera, in Stuttgart last year. But "
                                        "compatriot Kenenisa Bekele's record hopes were dashed when he miscounted his "
                                        "laps in the men's 3,000m. Ireland's Alistair Cragg won in 7:39.89. \"I didn't "
                                        "want to sit back,\" said Cragg.\n", "record.md")
    assert engine.ask("what did dibaba say about the record?", article_id=record).missing == "words"
    # Nor one named only in what someone else believes or says ("Philippe Sella believes coach Bernard
    # Laporte must recall…": a stranger's "what did laporte say…" was quoted it).
    recall = quoting_every_best(engine, "# Sella wants recall\n\nFormer France centre Philippe Sella believes coach "
                                        "Bernard Laporte must recall Frederic Michalak.\n\nFrance lost to Wales on "
                                        "Saturday. \"Michalak is the answer,\" said Sella.\n", "recall.md")
    assert engine.ask("what did laporte say about the recall?", article_id=recall).missing == "words"
    assert engine.ask("what did sella say about the recall?", article_id=recall).missing is None
    # A "But he…" keeps them the subject ("Wilkinson… kicked the winning drop-goal against Australia.
    # But he then missed… '…,' he said.": a stranger's "what did jonny say…" was declined).
    captain = quoting_every_best(engine, "# Wilkinson to lead England\n\nJonny Wilkinson has been named England "
                                         "captain.\n\nWilkinson, who has scored 817 points, kicked the winning drop-goal "
                                         "in England's 2003 Rugby World Cup triumph against Australia. But he then "
                                         "missed the 2004 Six Nations while recuperating from shoulder surgery. "
                                         "\"Today I have realised a dream,\" he said.\n", "captain.md")
    assert engine.ask("what did wilkinson say about the surgery?", article_id=captain).missing is None
    # Someone no article names at all, however spelled, is declined as so (not as given no words:
    # a review's find, "gives no words said or thought by “altman”" of the launch article).
    never = engine.ask("what did Ricard's rivals at Diageo say?", article_id=story)
    assert not never.answered and never.unknown == ("diageo",) and never.message.startswith(
        "No indexed article mentions “diageo”"), never
    assert engine.ask("what did Ricard's rivals at Diageo say?").missing is None  # cold: every story
    # So is a whole name it never writes, though its surname is an everyday word (a stranger's
    # "what did michael howard say about the budget?" of a story on Charles Kennedy's speech was
    # quoted Kennedy's words), where another story names him; the surname alone may be the
    # asker's name for someone it calls otherwise.
    speech = quoting_every_best(engine, "# Kennedy attacks budget\n\nThe budget failed to tackle the unfairness in "
                                        "the tax system, Charles Kennedy has said.\n\nMr Kennedy said the plan "
                                        "would not help pensioners.\n", "speech.md")
    engine.add_article(parse_text("# Tories plan cuts\n\nTory leader Michael Howard said his party would cut waste "
                                  "and taxes if it won the general election in May, and Michael Portillo agreed. The "
                                  "Labour Party said the sums did not add up.\n", source="tories.md", fmt="md"))
    howard = engine.ask("what did michael howard say about the budget?", article_id=speech)
    assert not howard.answered and howard.unquoted == "Michael Howard"
    assert engine.ask("what did howard say about the budget?", article_id=speech).missing is None
    assert engine.ask("what did charles kennedy say about the budget?", article_id=speech).answered
    # Not a body's or a party's name of everyday words (a review's finds).
    for asked in ("what did the labour party say about the budget?", "what did the home office say?"):
        assert engine.ask(asked, article_id=speech).unquoted is None, asked
    # A mistyped everyday word is that word, no name the story never writes (a stranger's "what
    # does the goverment say?" was told the story "gives no words said or thought by
    # “government”" where ministers spoke, while "government" spelt right was answered).
    budget = engine.add_article(parse_text("# Budget\n\nThe government said the budget would cut taxes for families "
                                           "next year, and that the plan would be set out to parliament by the "
                                           "chancellor in March.\n", source="budget.md", fmt="md")).article.id
    for asked in ("what did the government say?", "what did the goverment say?"):
        assert engine.ask(asked, article_id=budget).missing is None, asked
        # The takeover story names no government, minister or official at all: their words, as
        # asked either way, are no one it quotes.
        assert engine.ask(asked, article_id=story).unquoted == "government", asked
    # A name read as a word the articles write as no name is named as typed: a stranger's "has
    # wenger said anything?" was told the story gives no words of “winger”.
    engine.add_article(parse_text("# Cup win\n\nThe young winger scored twice as the side won the cup final, and "
                                  "the winger was named man of the match.\n", source="cup.md", fmt="md"))
    wenger = engine.ask("has wenger said anything about it?", article_id=story)
    assert not wenger.answered and wenger.unquoted == "wenger", wenger
    # Each story, the question asked of it alone, and whether it is declined as giving no words.
    for text, question, declined in (
            # A role capitalised in the story is no name ("Minister for Children … Margaret Hodge
            # said": a stranger's "what did the minister say?" was told she gave no words) ...
            ("Minister for Children, Young People and Families Margaret Hodge said new plans would make the "
             "allowances paid to foster carers fair.", "what did the minister say?", False),
            # ... but a role named and never speaking is still declined (a review's find).
            ("The government of Chancellor Gerhard Schroeder has put job creation at the heart of its plans for "
             "the coming year. Unemployment fell across the country in March.", "what did the chancellor say?", True),
            # Members of a body speak one by one, named or not (a stranger's "what did the labour mps
            # say?" was declined where they spoke as "one backbencher" and by name).
            ("Labour MPs fear losing their seats at the election. Stephen Pound echoed the message, saying the "
             "squabbling had to stop before the campaign.", "what did the labour mps say?", False),
            # "lib dems" is the Liberal Democrats (a stranger was told they gave "dems" no words).
            ("The Liberal Democrats have warned both parties against pandering to prejudice in the run-up to the "
             "general election. The Lib Dems' leader was away.", "what did the lib dems say?", False),
            # Not a body itself: a story quoting only its critics gives it no words (a review's find).
            ("The Government has been attacked over its plan to lift the ban on arms sales. Tory spokesman Michael "
             "Ancram said the plan was a disgrace and the Government should drop it.",
             "what did the government say?", True),
            # A firm speaks through those the story says are its people (a stranger's "what does
            # vodafone say about it?" was declined where its head of services spoke) ...
            ("Sellers could be cut off. But competition is fierce, said Jeremy Flynn, head of third party services "
             "at Vodafone. Vodafone has cut off ten sellers.", "what does vodafone say about it?", False),
            ("Sellers could be cut off. Vodafone chief executive Arun Sarin said on Monday that the rules would help "
             "every customer.", "what did vodafone say?", False),
            # ... a name asked within the longer one written (a stranger's "what did island def jam
            # say?" was declined) ...
            ('Jay-Z will run the label. Antonio "LA" Reid, chairman of The Island Def Jam Music Group, said: "No '
             'one is more credible."', "what did island def jam say?", False),
            # ... not one word of a longer name (a review's finds)
            ("The squad was named on Monday for the tour. It is a strong squad, said Roger Draper, chief executive of "
             "Sport England.", "what did england say about the squad?", True),
            ("Councils face a cash squeeze next year. Sir Jeremy Beecham, chairman of the Local Government "
             "Association, said the rise was unfair.", "what did the government say?", True),
            ("Sellers could be cut off. Vodafone's new chief executive Arun Sarin said on Monday that the rules "
             "would help every customer.", "what did vodafone say?", False),
            # ... not through someone else it only names beside them.
            ("Sellers could be cut off, said Jeremy Flynn of the Mobile Forum. Vodafone has cut off ten sellers "
             "this year.", "what does vodafone say about it?", True),
            # ... nor through one who was, nor another firm's boss named after it (a review's finds).
            ("Sellers could be cut off, said John Smith, former chief executive of Vodafone. Vodafone has cut off "
             "ten sellers this year.", "what does vodafone say about it?", True),
            ("BT will appeal to Ofcom and chief executive Ben Verwaayen is to lead the talks. The ruling was unfair, "
             "said Mr Verwaayen.", "what did ofcom say?", True),
            ("The regulator Ofcom met BT chief executive Ben Verwaayen on Monday. The ruling was unfair, said Mr "
             "Verwaayen.", "what did ofcom say?", True),
            ("Sellers could be cut off. The rules are fair, said Jane Doe, a partner at KPMG, on Monday in London.",
             "what did kpmg say?", False),
            # A body mistyped is the body: declined as it is spelt right (a stranger's "what did the
            # kenyan goverment think…?" was quoted a sentence on Mr Brown's aides).
            *((f"Mr Brown visited a school in Nairobi on Wednesday. {said}", f"what did the kenyan {body} think of "
               "his visit?", declined) for body in ("goverment", "govt", "government")
              for said, declined in (("Mr Brown's aides say he wants to find out more about the Kenyan Government's "
                                      "education policies.", True),
                                     ("The Kenyan Government said it welcomed the visit.", False))),
            # A "she" going on about her is still her ("Holmes will… She will also run…", then '…,' she
            # said: a stranger's "what did holmes say?" was declined), not past someone else.
            ('Holmes will make her first appearance in Glasgow. She will also run in Birmingham in February. "I am '
             'still competitive," she said.', "what did holmes say?", False),
            ('Holmes will make her first appearance in Glasgow. Organiser Jane Smith expects a full house. "It is a '
             'great day," she said.', "what did holmes say?", True),
            ("Holmes's coach Dave Arnold has backed her return to the track. He will travel with the team to Glasgow. "
             '"She is in the best shape of her life," he said.', "what did holmes say about glasgow?", True),
            # A name typed in parts joined, as written ("d'arcy": a stranger's was quoted a sentence
            # about him), "himself" no part of it.
            ("Gordon D'Arcy has been ruled out of the team. Coach Eddie O'Sullivan said the centre was unlucky.",
             "what did d'arcy himself say about missing out?", True),
            ('Gordon D\'Arcy has been ruled out of the team on Monday. "I am gutted," D\'Arcy said.',
             "what did d'arcy say about missing out?", False),
            ("Wal-Mart opened two new stores on Monday. Sales at its older stores fell 3% in a year.",
             "what did wal-mart say?", True),
            ("Abu Hamza has been charged with 16 offences under the law. He will appear in court on Tuesday in London.",
             "what did abu-hamza say?", True),
            ("Gordon D’Arcy has been ruled out of the team on Monday. Coach Eddie O’Sullivan said the centre was "
             "unlucky.", "what did d'arcy say?", True),
            # Someone named in what another reports is no speaker: after "that" ("Many investors believe
            # that…"), before a closing "he said" or "say reports", after "reports claim"; nor are hopes
            # had (strangers' "what did kerry / tony blair / federer say…?" were quoted so).
            ("Many investors believe that Mr Bush's policies are friendlier than those of his challenger, John "
             "Kerry. Mr Kerry conceded defeat on Wednesday, abandoning last-ditch hopes of carrying Ohio.",
             "what did kerry say when he conceded?", True),
            ("Mr Kerry conceded defeat on Wednesday in Boston. He said the count in Ohio had been fair and he would "
             "not challenge it.", "what did kerry say when he conceded?", False),
            ("Labour unveiled its new slogan on Monday. And Tony Blair would be in the very front line of that "
             "campaign, he said.", "what did tony blair say about the slogan?", True),
            ("Labour unveiled its new slogan on Monday. Tony Blair would be in the very front line of that "
             "campaign, his spokesman said.", "what did tony blair say about the slogan?", False),
            ("Tony Roche has turned down the chance to coach the world number one, his agent said. Some reports "
             "claim Roger Federer first wanted Darren Cahill.", "what did federer say about roche?", True),
            # ... though what reports say of someone may be asked as theirs (a stranger's "what did roche
            # say about the offer?" wanted it), and "say no to" asks why, not for words.
            ("Tony Roche has turned down an approach from Roger Federer to be his coach, say reports. He has a hip "
             "complaint.", "what did roche say about the offer?", False),
            ("Tony Roche has turned down an approach from Roger Federer to be his coach, his agent said. He has a "
             "hip complaint.", "why did roche say no to federer?", False),
            # An epithet of theirs after "England's": the one named before ("what did wilkinson say?");
            # not another side's captain (a review's find).
            ("Jonny Wilkinson looks set to miss the whole of the Six Nations. England's World Cup-winning fly-half "
             "said last week he was hoping to recover in time.", "what did wilkinson say?", False),
            ('Henry scored twice in the second half at Highbury. "We were second best all afternoon and deserved '
             'nothing," said Chelsea\'s captain.', "what did henry say?", True),
            # What a fear or a hope had, "to say that", and a clause the sentence's speaker closes are
            # no report hiding the speaker (a review's finds).
            ("Amid fears that interest rates could rise again, Bank of England governor Mervyn King said inflation "
             "was under control on Monday.", "what did mervyn king say about inflation?", False),
            ("It was too early to say that the recovery was secure in every region, said Bank of England governor "
             "Mervyn King.", "what did mervyn king say?", False),
            ("When John Smith took over as manager in 2002, he said he would win the league title within three "
             "years.", "what did john smith say when he took over?", False),
            # A firm's officer "for" it speaks for it, as one "of" it does; a plural of people within a
            # longer name is that body's ("spokesman for organisers MCD Promoters"); whoever backs a
            # thing ("the hd-dvd people") may be named as a story likes (three strangers' declines).
            ('Blu-ray won new backers on Thursday. "The requirement demands more," said Michael Heilmann, chief '
             "technology officer for Vivendi Universal.", "what did vivendi say about blu-ray?", False),
            ("Blu-ray won new backers on Thursday. The deal is fair, said John Smith, a director of a law firm acting "
             "for Vivendi.", "what did vivendi say about blu-ray?", True),
            ('Forest lost again on Saturday. "We were poor," said Stuart Pearce, the City manager who played for '
             "Forest.", "what did forest say about the defeat?", True),
            ('Tickets sold out in an hour on Friday. "Nothing like it has been seen," said Justin Green, spokesman '
             "for organisers MCD Promoters.", "what did the promoters say?", False),
            ("Blu-ray won new backers on Thursday. The benefits of HD-DVD are obvious, said Jim Cardwell of Warner "
             "Home Video, an HD-DVD backer.", "what did the hd-dvd people think?", False),
            ("Blu-ray won new backers on Thursday. HD-DVD is backed by Toshiba and NEC, and its discs hold 30GB.",
             "what did hd-dvd say?", True),
            # What others believe of someone is no word of theirs (a stranger's "what did capriati say
            # about pulling out" was quoted "She is believed to have picked up the injury…").
            ("Capriati is a two-time champion in Melbourne. She is believed to have picked up the injury in "
             "November.", "what did capriati say about pulling out?", True),
            ("Capriati is a two-time champion in Melbourne. She said she had picked up the injury in November.",
             "what did capriati say about pulling out?", False),
            # A firm named as what its product is speaks no words there (a stranger's "what did microsoft
            # say about firefox" was quoted what security groups warned of "the Microsoft program").
            ("Firefox is winning users from Internet Explorer this year. In June two security groups warned people "
             "to avoid the Microsoft program.", "what did microsoft say about firefox?", True),
            ('Firefox is winning users from Internet Explorer this year. "We welcome the competition," the Microsoft '
             "spokesman said.", "what did microsoft think of firefox?", False),
            # Campaigners are advocates too (a stranger's "what do privacy campaigners think about it"
            # was told the story gives "campaigners" no words) ...
            ("Firms can now watch their staff at work all day. But privacy advocates are concerned by the invasive "
             "nature of such software.", "what do privacy campaigners think about it?", False),
            # ... a profile's subject speaks under the first name it calls him by (a stranger's "what did
            # costin say about his recovery?") ...
            ('Jamie Costin was badly hurt in a crash in Athens last year. Jamie had to wear a body cast for months. '
             'Jamie knew he would miss the Games. "It was the hardest time of my life," he said.',
             "what did costin say about his recovery?", False),
            # ... and a report's subject gives no words in it (a stranger's "what did mci say…?").
            ("Verizon has won a takeover battle for US phone firm MCI with a bid worth $6.8bn (£3.6bn), reports say.",
             "what did mci say about the verizon deal?", True),
            # A second review's finds: a firm's website or games spokesman is its voice; what reports say
            # of a sentence's subject stays theirs, "reports" in a list are no reports; campaigners speak
            # under any name; a first name shared in the family is no one's in particular.
            ("Users were warned of a flaw in the browser on Monday. A statement on the Microsoft website said the "
             "flaw had been fixed.", "what did microsoft say about the flaw?", False),
            ("Tony Roche has turned down an approach from Roger Federer to be his coach, reports say. He has a hip "
             "complaint.", "what did roche think about the offer?", False),
            ("The inquiry into the death will report next month. The BBC said it had handed the inquiry thousands of "
             "e-mails, reports and witness statements.", "what did the bbc say about the inquiry?", False),
            ("The plans for identity cards were published on Monday. Campaign group No2ID said the plans would "
             "create a surveillance state.", "what did the campaigners say about id cards?", False),
            ('Jamie Costin was badly hurt in Athens last year. His wife Sarah Costin stayed with him. Sarah said: "It '
             'was the hardest time of our lives."', "what did jamie costin say about his recovery?", True),
            # Downing Street speaks through the prime minister (a stranger's was declined).
            ("Downing Street was under pressure over the rift. The prime minister told journalists there was a "
             "complete unity of purpose between the two men.", "what did downing street say about the rift?", False),
            # What a register or study shows of someone, and shows they put on, are no words of theirs
            # (a stranger's "what did hague say about his earnings" was quoted both) ...
            ("The register shows former Tory leader William Hague earning up to £820,000. Mr Hague's work included "
             "two one-man shows.", "what did hague say about his earnings?", True),
            # ... but what they find is theirs.
            ("The register was published on Monday. Mr Hague shows no sign of regret, and his spokesman said the "
             "fees were declared.", "what did hague say about the fees?", False),
            # A "he" after what he is still goes on about him (a stranger's "what did kinnock say…?" was
            # declined) ...
            ('Lord Kinnock was until recently an EU commissioner. A former critic of the House of Lords, he has said '
             'he will use it to push reform. "I accepted the invitation for practical reasons," he said.',
             "what did kinnock say about becoming a peer?", False),
            # ... not after a sentence naming someone else, whom such a sentence introduces (a review's finds).
            ('Michael Howard has named Tim Collins as shadow education secretary. A former Conservative '
             'vice-chairman, he has long argued for more discipline. "Teachers must be free to teach," he said.',
             "what did howard say?", True),
            ('Neil Kinnock was joined on the red benches by Lord Smith of Finsbury. A former culture secretary, he '
             'spoke first. "The cuts will hurt the regions most," he said.', "what did kinnock say?", True),
            # ... nor past a sentence whose "he" is someone else.
            ('Lord Kinnock was until recently an EU commissioner. A former aide, Jim Smith says he will miss him. "I '
             'accepted the job for practical reasons," he said.', "what did kinnock say about becoming a peer?", True),
            # A body speaks through its superintendent (a stranger's "what did la fenice say…?" was declined),
            # markets' analysts as observers or strategists (strangers' "what do analysts think…?" were).
            ('Viotti was director of La Fenice. Giampaolo Vianello, superintendent of the Fenice Theatre Foundation, '
             'said: "I am filled with sadness."', "what did la fenice say about his death?", False),
            ("Nasdaq plans to raise $100m from the sale. Some observers see this as a step closer to a full listing.",
             "what do analysts think of the listing?", False),
            # Someone named after a list, or before a dashed aside, or after a long title, is the one
            # speaking; a day before a surname is no other first name (a review's finds on BBC stories).
            ('After beating Amy Winehouse, Jamelia, Natasha Bedingfield and PJ Harvey to the best British female '
             'prize, Joss Stone said: "I do not know what to say."', "what did joss stone say?", False),
            ("Fund manager Florian Hamm - Borussia Dortmund's largest investor - said he would only invest more money "
             "if he got a greater say.", "what did florian hamm say?", False),
            ("Transport and General Workers' Union general secretary Tony Woodley repeated his view on Friday. He "
             "said investment in new models was needed.", "what did tony woodley say?", False),
            ('Rock singer Pete Doherty was bailed. On Monday Doherty played at the Garage. Doherty appealed to fans '
             'to calm down, saying: "A few people are getting hurt."', "what did pete doherty say?", False),
            # A person's role speaks through whoever the story says holds it (strangers' "what did the egypt coach
            # think…?", "…the scotland coach…", "…the guitarist…" were quoted others), or as the role itself.
            ("Mido was axed by former coach Marco Tardelli. Mido is available if coach Hassan Shehata picks him.",
             "what did the egypt coach think of his apology?", True),
            ('Mido is available if coach Hassan Shehata picks him. "He is welcome back," Shehata said on Monday.',
             "what did the egypt coach think of his apology?", False),
            ('Mido is available for the game on Friday. "He is welcome back," said the national team coach.',
             "what did the egypt coach think of his apology?", False),
            # ... nor when the holder speaks under another name or as "he" after being named, or is written
            # after the role's title, past a former or an assistant one (a review's finds).
            ('It was a proud day for Arsenal manager Arsene Wenger, ten years after he replaced former manager Bruce '
             'Rioch. "We have come a long way," Wenger said.', "what did the manager say?", False),
            ('The squad was named by England coach Andy Robinson, with assistant coach Phil Larder. "We are ready," '
             'Robinson said.', "what did the coach say?", False),
            ('Wasps won easily after coach Shaun Edwards left out three players. "It was a great win," said Warren '
             'Gatland, the Wasps coach.', "what did the wasps coach say?", False),
            ('Mido served a ban imposed by coach Hassan Shehata. "He must apologise first," he told reporters in '
             'Cairo.', "what did the coach say?", False),
            ('Pleased manager Arsene Wenger watched his side win at Highbury on Saturday. "We were superb," the '
             'Frenchman told reporters.',
             "what did the manager say?", False),
            ("UK finance minister Gordon Brown hosted the talks. Palaniappan Chidambaram, India's finance minister, "
             "argued that the funds need to change.", "what did the minister say?", False),
            # ... not another side's ("London Irish coach Gary Gold"), nor a group's ("tabloids Us Weekly").
            ("Wasps beat London Irish 33-13 on Saturday. London Irish coach Gary Gold was not at the ground.",
             "what did the wasps coach say after the game?", False),
            ('Spears named the tabloids Us Weekly and Star. Us magazine was unrepentant, saying: "She sold her '
             'own pictures."', "what did the tabloids say back to her?", False),
            # A party speaks through no one the story calls another party's (a stranger's "what did labour say
            # about the plan?" was quoted Michael Howard).
            ("The Tories would cut the number of MPs, Tory leader Michael Howard has said. Mr Howard said both parties "
             "planned to cut the civil service, Labour by 80,000.", "what did labour say about the plan?", True),
            ("Labour would cut the number of quangos, Labour leader Tony Blair has said. Mr Blair said both parties "
             "planned to cut the civil service, the Tories by 80,000.", "what did labour say about the plan?", False),
            # ... and what the party's people say of another party is theirs (the training set's "how did labour
            # respond" of "Chancellor Gordon Brown said the Lib Dem figures did not add up").
            ("Lib Dem leader Charles Kennedy set out his tax plans. Mr Kennedy said trust in taxes was breaking down. "
             "And Chancellor Gordon Brown said the Lib Dem figures did not add up.", "how did labour respond?", False),
            ("Lib Dem leader Charles Kennedy set out his tax plans on Monday. Tory MP John Smith spoke after him. Mr "
             "Smith said Labour had failed on tax.", "how did labour respond?", True),
            # A lawyer is a role a story names so (a stranger's "what does sizzla's lawyer say about it"
            # was quoted the tour's cancellation, of a story naming none) ...
            ("Reggae star Sizzla has been jailed in Jamaica for swearing on stage. His UK tour was cancelled last "
             "November after protests by campaigners.", "what does sizzla's lawyer say about it", True),
            # ... or by another of its names.
            ("Reggae star Sizzla has been jailed in Jamaica for swearing on stage. His solicitor said the singer "
             "would appeal against the sentence.", "what did his lawyer say?", False),
            ("Jackson's defence team said the star was confident he would be cleared of all the charges.",
             "what did jacksons lawyers say", False),
            # Scientists are experts: a sentence opening "Scientists…" names no one of that name (a
            # stranger's "what do the scientists say…" was told the story gives them no words) ...
            ("Scientists are working on longer lasting laptop batteries. New chemical mixes could boost their power, "
             "say industry experts.", "what do the scientists say about the batteries", False),
            # ... and a story with no expert of any kind gives them none.
            ("The laptop maker cut its prices on Monday in London. Its chief executive said that sales would rise "
             "this year.",
             "what do scientists say about the batteries?", True),
            # Figures revealed by a body are no party's words (a stranger's "what does labour say about
            # being outspent" was quoted the lead over "Labour's campaign cost £1.7m…, according to
            # figures revealed by the Electoral Commission").
            ("UKIP outspent Labour in the European elections. Labour's campaign cost £1.7m, according to figures "
             "revealed by the Electoral Commission on Wednesday. But a UKIP spokesman said the others had spent "
             "more.", "what does labour say about being outspent", True),
            # ... but someone named after a poll speaks, and a sign after an opening "according to" is
            # theirs (a review's finds).
            ("Labour is ahead in the latest poll of voters. The poll comes after Foreign Secretary Jack Straw "
             "predicted that Labour would win back the trust of voters.", "what does labour say about trust?", False),
            ("Chancellor Gordon Brown is furious about the leaks. According to aides he told the cabinet: "
             "\"We will not be pushed around.\"", "what did gordon brown say to the cabinet?", False),
            # What "he said" reports ends where someone else says ("…and Mr Smith said…": a review's find).
            ("The pay talks at the plant broke down on Monday. He said the talks had failed and Mr Smith said they "
             "would resume next week.", "what did smith say?", False)):
        told = quoting_every_best(engine, f"# Who said it\n\n{text}\n", f"{question}.md")
        answer = engine.ask(question, article_id=told)
        assert (answer.missing == "words") is declined, question
        # as the story writes it
        assert not any(typed in answer.message for typed in ("goverment", "govt", "himself", "“Arcy")), answer.message
    # ... but a story giving no one's words gives none of a camp's either (a review's find).
    report = quoting_every_best(engine, "# Win in Cardiff\n\nEngland beat Wales 2-0 in Cardiff on Saturday night. The "
                                        "win leaves England top of the group after four games.\n", "report.md")
    assert engine.ask("what did the england camp say after the match?", article_id=report).missing == "words"
    # A short name a letter from an everyday word is still a name ("hain" is no typo of "main").
    hain = engine.ask("what did hain say?", article_id=story)
    assert not hain.answered and hain.unknown == ("hain",), hain
    # A name a letter from one the story writes is that one, however the spelling reads it (a
    # stranger's "what did kim colins say?" was told the story gives "colins" no words: "colins"
    # read as the plural of another story's "Colin").
    engine.add_article(parse_text("# Coach\n\nColin Jackson will coach the team this winter.\n\nThe hurdler "
                                  "said he was looking forward to working with them.\n", source="colin.md", fmt="md"))
    sprint = quoting_every_best(engine, "# Sprinter backs return\n\nWorld champion Kim Collins says the banned "
                                        "sprinter should be allowed back to compete at the Olympics in Beijing.\n",
                                "collins.md")
    assert engine.ask("what did kim colins say?", article_id=sprint).missing != "words"
    assert engine.ask("has domecq said anything about the takeover talk?").missing is None  # cold: every story
    # Named only inside someone else's quotation, a name gives no words either (a stranger's
    # "what did tony blair say about howard?" got Howard's words about "Mr Blair" as Blair's),
    # however the asker adds a first name the story leaves out.
    cuts = quoting_every_best(engine, "# Tory tax cuts\n\nMichael Howard set out his tax cuts on Monday. \"Voters "
                                      "have a choice between Mr Blair, who will tax more, and us,\" he said.\n\nMr "
                                      "Howard said the savings would come from the civil service.\n", "cuts.md")
    for question in ("what did tony blair say about howard?", "what did blair say?"):
        declined = engine.ask(question, article_id=cuts)
        assert not declined.answered and declined.missing == "words", question
    assert engine.ask("what did michael howard say about tax?", article_id=cuts).missing is None
    said_so = quoting_every_best(engine, "# Tory tax cuts\n\nMr Blair said on Monday that the sums did not add "
                                         "up, and Michael Howard disagreed with him at once.\n", "said.md")
    assert engine.ask("what did tony blair say about howard?", article_id=said_so).missing is None


def test_asked_by_first_name_the_words_said_by_surname_are_theirs(engine):
    """A stranger's "what did kelly say after the race?" of a story naming "Kelly Holmes" and
    quoting '"…knowledge," said Holmes. "It was…' was declined as asking the words of someone it
    never quotes; the closing mark before "said Holmes" was read as opening a quotation."""
    race = quoting_every_best(engine, "# Holmes wins in Glasgow\n\nBritain's Kelly Holmes won the 1500m on "
                                      "Saturday.\n\n\"It was nice to get round. I felt good and relaxed,\" said "
                                      "Holmes. \"The crowd was amazing.\n", "race.md")
    answer = engine.ask("what did kelly say after the race?", article_id=race)
    assert answer.answered and answer.missing is None
    assert "said Holmes" in answer.quotes[0].text
    # A first name the story gives no one's words by stays declined.
    assert engine.ask("what did britain say after the race?", article_id=race).missing == "words"


def test_a_surname_two_people_share_gives_the_words_of_whom_the_story_last_named_in_full(engine):
    """A stranger's "what did simon cowell say?" of a story on Tony Cowell, "the brother of
    Simon Cowell", got Tony's '…," said Cowell' first: the story gives Simon no words."""
    idol = quoting_every_best(engine, "# Lit Idol begins search\n\nThe search has begun with the help of the "
                                      "brother of Simon Cowell.\n\nWriter Tony Cowell is among the judges. \"I'm "
                                      "not going to be the Mr Nasty of books,\" said Cowell, 54.\n", "idol.md")
    simon = engine.ask("what did simon cowell say?", article_id=idol)
    assert not simon.answered and simon.missing == "words", simon
    tony = engine.ask("what did tony cowell say?", article_id=idol)
    assert tony.answered and "said Cowell" in tony.quotes[0].text, tony
    # Once the story names him in full again, the bare surname is his.
    later = quoting_every_best(engine, "# Judges named\n\nWriter Tony Cowell is among the judges. \"It's very "
                                       "hard to find an agent,\" said Cowell.\n\nSimon Cowell sent a message. "
                                       "\"Good luck to every writer,\" said Cowell.\n", "judges.md")
    simon = engine.ask("what did simon cowell say?", article_id=later)
    assert simon.answered and "Good luck" in simon.quotes[0].text, simon
    tony = engine.ask("what did tony cowell say?", article_id=later)
    assert tony.answered and "find an agent" in tony.quotes[0].text, tony


def test_a_shared_surname_is_borne_by_the_first_name_last_written_with_it():
    from index.answer import borne_by, full_name_asked

    text = ("The brother of Simon Cowell helps. Writer Tony Cowell judges. \"No,\" said Cowell. Mr Cowell agreed. "
            "Simon Cowell wrote in. Cowell said yes.")
    sentences = ["The brother of Simon Cowell helps.", "Writer Tony Cowell judges.", '"No," said Cowell.',
                 "Mr Cowell agreed.", "Simon Cowell wrote in.", "Cowell said yes.", "Nobody else."]
    assert full_name_asked("what did simon cowell say?", text) == ("simon", "cowell")
    assert borne_by("simon", "cowell", sentences, text) == [True, False, False, False, True, True, None]
    # A sentence opening with a full name is that one's, whoever else it names, and so is the
    # surname after it; an opening word is no first name; an initial stands between (a review's finds).
    text = ("Simon Cowell said his brother Tony Cowell was gifted. Writer Tony Cowell, the brother of pop mogul "
            "Simon Cowell, said he was proud. Meanwhile Cowell told reporters.")
    assert borne_by("simon", "cowell", ["Simon Cowell said his brother Tony Cowell was gifted.",
                                        "Writer Tony Cowell, the brother of pop mogul Simon Cowell, said he was proud.",
                                        "Meanwhile Cowell told reporters."], text) == [True, False, False]
    # ... and an owner is not the one named ("Simon Cowell's brother Tony Cowell said…").
    owned = "Simon Cowell's brother Tony Cowell said the book was a labour of love. Cowell said more."
    assert borne_by("simon", "cowell", ["Simon Cowell's brother Tony Cowell said the book was a labour of love.",
                                        "Cowell said more."], owned + " Simon Cowell praised it.") == [False, False]
    bush = 'First lady Laura Bush was there. "We must work together," George W Bush said. Bush said more.'
    assert full_name_asked("what did george w bush say?", bush) == ("george", "bush")
    assert borne_by("george", "bush", ["First lady Laura Bush was there.", '"We must work together," George W '
                                       "Bush said.", "Bush said more."], bush) == [False, True, True]
    # A surname only one person bears, or a name the story never writes in full, is left alone.
    assert full_name_asked("what did kelly holmes say?", "Kelly Holmes won. Holmes said so.") is None
    assert full_name_asked("what did simon cowell say?", "Writer Tony Cowell judges. Cowell said so.") is None
    assert full_name_asked("what did mr cowell say?", text) is None


def test_a_closing_mark_opens_no_quotation():
    from index.answer import speaks, surnames_of
    from index.text import QUOTED_SPEECH, speaker_named

    text = 'I just relaxed and ran," said Holmes. "It was all about the crowd.'
    assert QUOTED_SPEECH.sub(" ", text) == text and speaks(text, "holmes", outside_quotes=True)
    assert QUOTED_SPEECH.sub("", '"Laporte was right," said Sella. He said "no".') == " said Sella. He said ."
    assert QUOTED_SPEECH.sub("", 'He told BBC Radio 4:"Jones is right."') == "He told BBC Radio 4:"
    assert surnames_of("kelly", "Britain's Kelly Holmes won. Kelly Holmes's time. Holmes said so.") == {"holmes"}
    assert surnames_of("kelly", "Kelly Said she would run, it said.") == set()  # lowercase as often
    # A surname two people share is neither's alone: '…," said Cowell' of Tony Cowell, brother of
    # Simon Cowell (a stranger's "what did simon say…?" was quoted Tony's words).
    brothers = "Writer Tony Cowell is a judge, with the help of the brother of Simon Cowell. Cowell said so."
    assert surnames_of("simon", brothers) == set()
    assert surnames_of("kelly", "Dame Kelly Holmes won. But Holmes said so. Mrs Holmes agreed.") == {"holmes"}
    # ... but not a word opening a sentence, nor the same first name shortened (a review's finds).
    assert surnames_of("dougie", "Dougie Walker won. Sprinter Walker said so.") == {"walker"}
    assert surnames_of("steven", "Steven Gerrard scored, and captain Steve Gerrard said so.") == {"gerrard"}
    assert surnames_of("kelly", "Grace Kelly won.") == set()
    # "continued" gives words before a colon too: a stranger's "what else did he say?" after
    # 'Pound continued: "If she…"' was told these were Jones's.
    assert speaker_named('Pound continued: "If she has taken drugs, Jones should be banned."') == "Pound"
    assert speaker_named("Its brands have continued to perform.") is None
    # Remarks or claims after "over", "the", "his"… are nouns: no one speaks ("Mr Flight landed in
    # trouble over remarks on Tory tax" named "Mr Flight landed in trouble over" as its speaker).
    assert speaker_named("Mr Flight landed in trouble over remarks on Tory tax and spending plans.") is None
    assert speaker_named("Critics point to his remarks about tax.") is None
    assert speaker_named("Smith remarks that the plan is flawed.") == "Smith"
    assert speaker_named("Jones claims the deal is off.") == "Jones"


INJURY = ("# Gallas doubt for England\n\nWilliam Gallas limped off against Norwich on Saturday with a knee "
          "injury.\n\nGallas has deputised at left-back before, after Babayaro left for Newcastle.\n")


def test_a_question_about_what_is_to_come_needs_a_quote_that_looks_ahead(engine):
    # Every best sentence quoted (threshold 0): "will he…?" answered by a past fact is no answer.
    story = quoting_every_best(engine, INJURY, "injury.md")
    for question in ("will gallas be fit for the england game?", "is gallas gonna play at left-back again?"):
        declined = engine.ask(question, article_id=story)
        assert not declined.answered, question
        # Asked anywhere, the decline says why (a stranger saw "couldn't find an answer" at 0.63).
        from index.text import NOT_AHEAD

        assert engine.ask(question).message == NOT_AHEAD, question
    # What the story says of what is to come answers; so does a question not about the future.
    ahead = engine.add_article(parse_text(INJURY.replace("before,", "before, and is expected to miss the England "
                                                         "game,"), source="ahead.md", fmt="md")).article.id
    answer = engine.ask("will gallas be fit for the england game?", article_id=ahead)
    assert answer.answered and "expected to miss" in answer.quotes[0].text
    assert engine.ask("has gallas played at left-back before?", article_id=story).answered
    # So does one saying what someone sets out to do (a stranger's "is the fired blogger going to
    # sue?" was declined with "she was initiating legal action against the airline" first).
    suing = engine.add_article(parse_text(INJURY.replace("before,", "before, and his club is initiating legal "
                                                         "action over the tackle,"), source="suing.md", fmt="md")).article.id
    answer = engine.ask("is gallas's club going to take legal action?", article_id=suing)
    assert answer.answered and "initiating legal action" in answer.quotes[0].text
    # ... or means to ("…and wished to retain him": a stranger's "will lacroix stay on?" was declined).
    keen = engine.add_article(parse_text(INJURY.replace("before,", "before, and his club wished to keep him at "
                                                        "left-back for the England game,"), source="keen.md",
                                         fmt="md")).article.id
    assert engine.ask("will gallas stay at left-back for the england game?", article_id=keen).answered
    # ... or what someone may do to them (a stranger's "will he get suspended over it?" was declined
    # with "It has the power to suspend or bar Mr Livingstone" first).
    power = engine.add_article(parse_text(INJURY.replace("before,", "before, and the FA has the power to ban him "
                                                         "from the England game,"), source="power.md",
                                          fmt="md")).article.id
    assert engine.ask("will gallas be banned from the england game?", article_id=power).answered
    from index.answer import looks_ahead  # ... not power handed to someone (a review's finds)

    # A new date set looks ahead (a stranger's "will rem reschedule the glasgow gig?" was told nothing
    # spoke of what is to come, over "Tuesday's gig has been rescheduled for 15 June").
    assert looks_ahead("Tuesday's gig has been rescheduled for 15 June.")
    assert looks_ahead("The match was postponed because of the snow.")
    # So does what is arranged (a stranger's "is colin farrell gonna be on scrubs?" was declined
    # over "Actor Colin Farrell is to make his debut on US television in medical sitcom Scrubs"),
    # and what may come of it ("doing research into the possibilities we have": "is lufthansa
    # going to sue?"); not who is to blame, nor a condition (a review's find).
    arranged = engine.add_article(parse_text(INJURY.replace("before,", "before, and he is to play at left-back in "
                                                            "the England game,"), source="arranged.md",
                                             fmt="md")).article.id
    assert engine.ask("is gallas gonna play at left-back in the england game?", article_id=arranged).answered
    assert looks_ahead('"We are doing research into the possibilities we have," a spokesman said.')
    assert not any(looks_ahead(text) for text in (
        "The minister said no one is to blame for the crash.",
        "Victory is vital if they are to rescue their season.", "Victory is vital if Leicester are to rescue their "
        "season.", "Smith's job at the club was to look after the youth team.", "That is to say, nothing."))
    assert not any(looks_ahead(text) for text in (
        "The storm restored power to homes.", "The act handed sweeping new powers to the police."))
    # What is fixed for a day looks ahead (a stranger's "will the winners be revealed before the
    # oscars?" was declined over "The awards are held on 26 February, the day before the Oscars.");
    # not what was, nor one held on charges.
    assert looks_ahead("The awards are held on 26 February, the day before the Oscars.")
    assert looks_ahead("The final is played on Sunday in Cardiff.")
    assert not any(looks_ahead(text) for text in (
        "The awards were held on 26 February.", "He is held on charges of fraud.", "They are released on bail.",
        "The match is shown on 12 screens."))
    # Not what someone had wanted (a review's find: "she had wanted to run" answered "will she run?").
    wanted = engine.add_article(parse_text(INJURY.replace("before,", "before, and had wanted to play at left-back in "
                                                          "the England game,"), source="wanted.md",
                                           fmt="md")).article.id
    assert not engine.ask("will gallas play at left-back in the england game?", article_id=wanted).answered
    # A choice still to make answers ("has made no decision on whether to appeal": a stranger's "is
    # she going to appeal?" was told nothing spoke of what is to come); a decision made, for oneself, does not.
    for told, answered in (("has made no decision on whether to play at left-back", True),
                           ("has yet to decide if he will play at left-back", True),
                           # a decision made about it answers (a stranger's "will the law itself be
                           # changed?" was declined over "a decision by ministers not to change the law")
                           ("the manager has decided not to play him at left-back", True),
                           ("a decision by the manager not to play him at left-back followed", True),
                           # not a refusal to comment, nor what a decision led to (a review's finds)
                           ("a spokesman refused to comment on left-back", False),
                           ("the decision led to protests at left-back", False),
                           ("was left to decide for himself where to play at left-back", False),
                           ("it is unclear whether or not he played at left-back", False)):
        story = engine.add_article(parse_text(INJURY.replace("before,", f"before, and {told},"), source=f"{told[:12]}.md",
                                              fmt="md")).article.id
        assert engine.ask("will gallas play at left-back in the england game?", article_id=story).answered is answered, told


def test_an_age_the_article_never_gives_is_declined_there(engine):
    signing = quoting_every_best(engine, SIGNING, "signing.md")
    for question in ("How old is the Norwich striker?", "how old is he?", "how old is he now?"):
        declined = engine.ask(question, article_id=signing)
        assert not declined.answered and declined.declined_in == "Leeds sign the Norwich striker", question
    # Of a name or a thing, an age may be given as a year ("founded in 1919"): that answers it.
    opened = engine.add_article(parse_text(SIGNING.replace("on Friday.", "on Friday, at the ground that opened in 1890."),
                                           source="opened.md", fmt="md")).article.id
    assert engine.ask("How old is the ground?", article_id=opened).answered
    assert engine.ask("How old is Norwich?", article_id=opened).answered
    assert not engine.ask("How old is he?", article_id=opened).answered  # of him, a year is no age
    # Nor of one the story calls by a title (a stranger's "how old is gordon brown?" was cautioned
    # over a Budget story's "1230 GMT").
    titled = engine.add_article(parse_text(SIGNING.replace("The manager said", "Manager Bill Brown opened the ground "
                                                           "in 1990. Mr Brown said"), source="titled.md",
                                           fmt="md")).article.id
    for question in ("how old is bill brown?", "how old is bill brown now?", "how old is mr brown these days?"):
        assert not engine.ask(question, article_id=titled).answered, question
    assert engine.ask("how old is the ground?", article_id=titled).answered
    # ... or by a role before the full name (a stranger's "how old is strachan" was quoted his
    # years at Coventry, "from 1996 to 2001").
    role = engine.add_article(parse_text(SIGNING.replace("The manager said", "Former Southampton manager Gordon "
                                                         "Strachan led Coventry from 1996 to 2001. He said"),
                                         source="role.md", fmt="md")).article.id
    assert not engine.ask("how old is strachan?", article_id=role).answered
    assert engine.ask("how old is southampton?", article_id=role).answered
    from index.answer import _a_person_in

    # Not a place's or a firm's ("Arsenal's Emirates Stadium", "The company said": a review's finds).
    assert not _a_person_in("stadium", "Arsenal's Emirates Stadium opened in 2006.")
    assert not _a_person_in("company", "The company said profits rose.")
    # ... or the one a full name is of, speaking by the surname ("said Jones"), or a club's player
    # ("Aston Villa's Thomas Hitzlsperger"), or a player asked by trade (strangers' "how old is
    # jones / hitzlsperger / the bassist" were quoted sentences with years in them).
    for told, question in (("Prop Adam Jones signed in 2001. The scrum will hold, said Jones.", "how old is jones?"),
                           ("Aston Villa's Thomas Hitzlsperger signed in 2001.", "how old is hitzlsperger?"),
                           ("Bassist Mark McClelland joined the band in 1994.", "how old is the bassist?"),
                           ("Chief executive Martin Sorrell founded the firm in 1985.", "how old is the ceo?"),
                           # (a stranger's "how old is the artist?" was quoted him with a date)
                           ("Sculptor Richard Wentworth made the piece in 1999.", "how old is the artist?"),
                           # (and "how old is the finance minister / the scotland captain?")
                           ("Finance Minister Palaniappan Chidambaram took office in 2004.",
                            "how old is the finance minister?"),
                           # ... or a full name then called by the surname alone (a stranger's "how old is
                           # clint eastwood?" was quoted a year)
                           ("Clint Eastwood made the film in 2004, with Eastwood tipped to win.",
                            "how old is clint eastwood?")):
        other = engine.add_article(parse_text(SIGNING.replace("The manager said", f"{told} The manager said"),
                                              source=f"{question[11:16]}.md", fmt="md")).article.id
        assert engine.ask(question, article_id=other).missing == "age", question
    # ... not a club, a race or a product the story says began in a year ("Villa" alone is the
    # club; the last two a review's finds), nor a product a person's word names ("the game boy").
    for told, question in (("Aston Villa were formed in 1874, and Villa want him too.", "how old is aston villa?"),
                           ("The Grand National, first run in 1839, is on Saturday. The National is long.",
                            "how old is the grand national?"),
                           ("Crystal Palace have played at Selhurst Park since 1924. Palace want him.",
                            "how old is crystal palace?"),
                           ("Nintendo's Game Boy was launched in 1989.", "how old is the game boy?")):
        club = engine.add_article(parse_text(SIGNING.replace("The manager said", f"{told} The manager said"),
                                             source=f"{told[:8]}-club.md", fmt="md")).article.id
        assert engine.ask(question, article_id=club).answered, question
    # A threshold ("what age…", "how old do you have to be…") is often a bare number: left to the model.
    assert engine.ask("how old is the current retirement age?", article_id=signing).missing is None  # (a stranger's)
    assert engine.ask("how old was the striker who lied about his age?", article_id=signing).missing == "age"
    assert engine.ask("What age did he sign at?", article_id=signing).answered
    assert engine.ask("How old do you have to be to sign?", article_id=signing).answered
    # The story giving his age, however it writes it, answers.
    for told in ("The striker, 24, scored twice.", "Smith (24) scored twice.", "He was born in 1981 in Leeds.",
                 "The 24-year-old scored twice.", "He said, now 24, he was ready.", "He turned 24 on Monday.",
                 "It was his 24th birthday.", "The teenager scored twice.", "He is 24."):
        story = signing_with(engine, told, f"{len(told)}-{told[:5]}.md")
        assert engine.ask("How old is he?", article_id=story).answered, told
    # Another person's age by name is not theirs (a stranger's "how old is tim henman?" was quoted
    # "the 17-year-old Murray").
    others = signing_with(engine, "Tim Henman said the 17-year-old Murray would be there, with Lucy Smith (36) and "
                                  "Andy Murray's coach. Smith said so.", "others.md")
    answer = engine.ask("how old is tim henman?", article_id=others)
    assert answer.missing == "age" and "gives no age of “Tim Henman”" in answer.message, answer.message
    for question in ("how old is andy murray?", "how old is lucy smith?"):
        assert engine.ask(question, article_id=others).answered, question
    # ... but an age written with no name, or beside no name of a person, may be theirs; and a role
    # asked is often the one a story named once with their age (a review's finds).
    for told, question in (("Tim Henman praised him. The 17-year-old Murray won, and the 30-year-old said it was fine.",
                            "how old is tim henman?"),
                           ("Thierry Henry said he was happy. The 28-year-old joined Arsenal in 1999.",
                            "how old is thierry henry?"),
                           ("Gordon Brown said he would act. The Chancellor, 54, spoke in Leeds.",
                            "how old is gordon brown?"),
                           ("Madonna, 47, has released an album. The singer said she was proud of it.",
                            "how old is the singer?"),
                           ("Matt Dawson will stay. The 31-year-old World Cup winning scrum-half won the World Cup.",
                            "how old is matt dawson?")):
        story = signing_with(engine, told, f"{told[:9]}.md")
        assert engine.ask(question, article_id=story).answered, told
    # ... and a thing's anniversary its age (a stranger's "how old are these awards?" of "Three 50th
    # Anniversary Special Awards…" was declined), not a person's (a review's find).
    awards = signing_with(engine, "The awards mark their 50th Anniversary. Tony Blair said he would mark the 60th "
                                  "anniversary of D-Day.", "awards.md")
    assert engine.ask("how old are these awards?", article_id=awards).answered
    assert engine.ask("how old is tony blair?", article_id=awards).missing == "age"


def test_asked_in_a_channel_discussing_it_the_lead_the_reader_has_read_is_not_the_first_quote(engine):
    signing = quoting_every_best(engine, SIGNING, "signing.md")
    question = "Why have Leeds signed the striker from Norwich?"
    cold = engine.ask(question)
    assert cold.quotes[0].paragraph == 1  # the lead restates the question best
    for asked in (engine.ask(question, context=Discussion(signing)),
                  engine.ask(question, context=Discussion(signing, chosen=True))):
        assert [q.paragraph for q in asked.quotes][:2] == [2, 1]  # still quoted, after what it did not say
    # Picked by name (`ask --article`, /ask's article option), the asker may know it only by its
    # title: its lead is no news to skip (a trial's "what ranking is serena now?" got Molik's
    # ranking first and the lead's answer second).
    assert engine.ask(question, article_id=signing).quotes[0].paragraph == 1
    engine.answer_tuning = replace(engine.answer_tuning, lead_after=False)
    assert engine.ask(question, context=Discussion(signing, chosen=True)).quotes[0].paragraph == 1


def test_a_follow_up_with_no_subject_of_its_own_is_not_asked_of_every_other_article(engine):
    engine.add_article(trams())
    bakery = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    question = "When will they begin?"
    assert engine.ask("When will the works begin?").answered  # the tram works' start, its everyday words
    # After an answer quoted the bakery story, "they" is the bakery's people: the bakery story
    # does not say, and no other story is asked.
    answer = engine.ask(question, context=Discussion(bakery, chosen=False))
    assert not answer.answered and answer.declined_in == "A bakery wins the national bread prize"
    assert "“A bakery wins the national bread prize”, the article being discussed" in answer_markdown(answer)
    # Naming its subject, the question is asked of every article again.
    named = engine.ask("When will the tram works begin?", context=Discussion(bakery, chosen=False))
    assert named.answered and "next spring" in named.quotes[0].text
    # "that" with one everyday word ("is that a lot?") asks nothing another story could answer,
    # however well its word matches one: declined in the story just quoted.
    assert engine.ask("what about those stops?").answered  # cold, the tram network's "four new stops"
    answer = engine.ask("what about those stops?", context=Discussion(bakery, chosen=False))
    assert not answer.answered and answer.declined_in == "A bakery wins the national bread prize"
    # "when was that?" with nothing asked there yet asks what about.
    assert engine.ask("when was that?", context=Discussion(bakery, chosen=False)).message == ASKS_BACK_UNASKED
    # "is there…?" points at nothing: asked of every article as before.
    assert engine.ask("is there a tram stop?", context=Discussion(bakery, chosen=False)).quotes[0].article_id != bakery
    # With more words it may name the story meant, and every article is asked as before.
    assert engine.ask("what about those new tram stops?",
                      context=Discussion(bakery, chosen=False)).quotes[0].article_id != bakery


def test_asked_of_one_article_a_name_no_article_mentions_is_declined_as_asked_anywhere(engine):
    """A stranger's "what happens to khodorkovsky now?" was declined cold and got three quotes
    matching "what happens… now" of the Yukos story picked."""
    trams_id = engine.add_article(trams()).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)  # quoted, whatever the fake model says
    for asked in ({"article_id": trams_id}, {"context": Discussion(trams_id, chosen=True)}):
        declined = engine.ask("When will the Zubrowka tram works begin?", **asked)
        assert not declined.answered and declined.unknown == ("zubrowka",), asked
        assert declined.message.startswith("No indexed article mentions “zubrowka”, so I won't guess"), asked
        # An everyday word no article uses is a reader's own: quoted, with the caution.
        everyday = engine.ask("When will the tram works begin, at the furthest?", **asked)
        assert everyday.answered and everyday.unknown == ("furthest",), asked
    # A figure, or a name two letters from one the index writes, is no such name: the quotes may
    # well give the real one ("kyiv" of "Kiev"; a review's finds).
    kiev = engine.add_article(parse_text("# Fans travel\nAbout 45,000 fans travelled from Kiev to watch the final, "
                                         "which cost the city 340 million euros to stage.\n", source="kiev.md",
                                         fmt="md")).article.id
    for asked in ("did 50,000 fans travel to the final?", "did fans travel from kyiv to the final?",
                  "did the final cost 500 million euros?"):
        assert engine.ask(asked, article_id=kiev).answered, asked
    # Not a short name two letters from a short word the articles capitalise ("rfu" of "Ray"; a
    # stranger's "does the rfu agree with the plan?" was quoted of a story on the WRU's plan).
    ray = engine.add_article(parse_text("# Plan backed\nThe WRU plan to end the row over the season was backed by "
                                        "Ray Gravell and by the clubs in Wales on Monday.\n", source="ray.md", fmt="md")).article.id
    declined = engine.ask("does the rfu agree with the plan?", article_id=ray)
    assert not declined.answered and "rfu" in declined.unknown, declined
    # ... nor an everyday short form, or chat's word for one the story writes (its quotes may well
    # answer: "how many shares were sold in the ipo?", "how much is the mom suing for?").
    suing = engine.add_article(parse_text("# Mother sues\nThe mother of the actress is suing the club for $1m, and its "
                                          "shares sold at $10 in the flotation in May last year.\n", source="suing.md",
                                          fmt="md")).article.id
    for asked in ("how much is the mom suing for?", "how many shares were sold in the ipo?"):
        assert engine.ask(asked, article_id=suing).answered, asked
    # Asked anywhere, or as a follow-up of the last answer's article, as before.
    assert engine.ask("When will the Zubrowka tram works begin?").answered
    assert engine.ask("When will the Zubrowka tram works begin?", context=Discussion(trams_id, chosen=False)).answered
    engine.answer_tuning = replace(engine.answer_tuning, decline_nowhere=False)
    assert engine.ask("When will the Zubrowka tram works begin?", article_id=trams_id).answered


def test_what_the_article_says_about_something_no_article_mentions_is_declined(engine):
    """A stranger's "what does the article say about nvidia" (read as "what about nvidia?") got
    three quotes "matching the question's other words", of which it had none; an English word
    ("nvidia" is one to the spelling list), so the rule for names asked of one article missed it."""
    trams_id = engine.add_article(trams()).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)  # quoted, whatever the fake model says
    # Asked with no article picked, as the stranger did (one picked declines any name no article
    # mentions: `test_asked_of_one_article_a_name_no_article_mentions_is_declined_as_asked_anywhere`).
    for asked in ({}, {"context": Discussion(trams_id, chosen=False)}):
        declined = engine.ask("what does the article say about nvidia?", **asked)
        assert not declined.answered and declined.unknown == ("nvidia",) and not declined.quotes, asked
        assert declined.message.startswith("No indexed article mentions “nvidia”, so I won't guess"), asked
        # Something it does mention beside it: quoted, with the caution, as before.
        both = engine.ask("what does the article say about nvidia and the tram works?", **asked)
        assert both.answered and both.unknown == ("nvidia",), asked


def test_quotes_for_a_question_naming_what_no_article_mentions_say_so(engine):
    engine.add_article(trams())
    answer = engine.ask("When will the Zubrowka tram works begin?")
    assert answer.answered and "next spring" in answer.quotes[0].text and answer.unknown == ("zubrowka",)
    assert answer_markdown(answer).startswith("No indexed article mentions “zubrowka”: these quotes match the "
                                              "question's other words")
    assert engine.ask("When will the tram works begin?").unknown == ()
    # Everyday words in a row that no article holds name something it never mentions, however
    # common each is ("daniel craig" typed in lowercase); one such word alone is a paraphrase.
    named = engine.ask("when will daniel craig expand the tram network?")
    assert named.unknown == ("daniel", "craig")
    # The question's own asking is no name ("does it mention nvidia": a stranger was told no
    # article mentions “mention”).
    from index.answer import names_nowhere

    assert names_nowhere("does he mention daniel craig", engine.store, [GLOBAL], runs=True) == ["daniel", "craig"]
    # Nor is chat's filler ("what is the dispute actually about": a stranger was told no article
    # mentions “dispute”, “actually”).
    assert names_nowhere("what is the dispute actually about", engine.store, [GLOBAL], runs=True) == []
    # Nor chat's "bloke" (a stranger's "who's the bloke who said that" was told no article mentions it).
    assert names_nowhere("who's the bloke who voted", engine.store, [GLOBAL], runs=True) == []
    # An ordinal in figures is the articles' word ("4th" of "fourth": a stranger was told no
    # article mentions it); one they never write still counts.
    engine.add_article(parse_text("# Cup draw\nLeeds will play Chelsea in the fourth round of the cup next month, "
                                  "the draw on Sunday decided after a long wait.\n", source="draw.md", fmt="md"))
    assert names_nowhere("who do leeds play in the 4th round?", engine.store, [GLOBAL], runs=True) == []
    assert names_nowhere("who do leeds play in the 7th round?", engine.store, [GLOBAL]) == ["7th"]
    assert engine.ask("when will the tram works begin, roughly?").unknown == ()
    # What "how" asks for names nothing: a stranger's "how many gpus…" named "many".
    counted = engine.ask("how many zubrowka stops will the tram network add?")
    assert counted.answered and counted.unknown == ("zubrowka",)
    # A figure typed with its unit, as an article writes it, is no word it lacks (a stranger's
    # "is 1.5m a lot for monsanto" was told no article mentions "1.5").
    engine.add_article(parse_text("# Seed firm fined $1.5m\nThe seed firm was fined $1.5m for bribing an official "
                                  "to avoid environmental studies of its cotton.\n", source="seed.md", fmt="md"))
    assert engine.ask("was the seed firm fined 1.5m for bribing an official?").unknown == ()
    assert engine.ask("was the seed firm fined 2.5m for bribing an official?").unknown == ("2.5",)
    # A word a letter off one the quotes write is no word no article mentions: "nisan", an English
    # word the spelling leaves alone, above quotes about Nissan (a stranger's).
    engine.add_article(parse_text("# Nissan names new boss\nNissan has named a lifetime employee to run its "
                                  "operations after Carlos Ghosn takes charge at Renault next month.\n",
                                  source="nissan.md", fmt="md"))
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)  # quoted, whatever the fake model says
    typed = engine.ask("what did ghosn achieve at nisan?")
    assert typed.answered and "Nissan" in typed.quotes[0].text and "nisan" not in typed.unknown
    engine.add_article(parse_text("# Rates held again\nThe Bank of England held interest rates at 4.75% for a sixth "
                                  "month in a row on Thursday, as the economy slowed.\n", source="rates.md", fmt="md"))
    held = engine.ask("how many months in a row has the boe held rates?")
    assert held.answered and "Bank of England" in held.quotes[0].text and "boe" not in held.unknown
    # A figure a digit off the quotes' is still one no article gives (a review's find).
    engine.add_article(parse_text("# Umbro shares up\nShares in the sportswear firm Umbro rose 1.76% on Monday "
                                  "after it signed a new kit deal with the England team.\n", source="umbro.md", fmt="md"))
    assert "1.26" in engine.ask("were shares in umbro up 1.26% on monday?").unknown
    # A figure the question compares with is the asker's yardstick, not one an article must give (a
    # stranger was told no article mentions "200m" above the quote giving "$230m").
    for compared in ("was the seed firm fined more than $1m?", "was the seed firm fined over $2m?",
                     "were shares in umbro up less than 2% on monday?", "did umbro shares rise by at least 1.5%?"):
        assert names_nowhere(compared, engine.store, [GLOBAL], runs=True) == [], compared
    assert names_nowhere("was the seed firm fined 2.5m?", engine.store, [GLOBAL], runs=True) == ["2.5"]


def test_why_alone_where_nothing_is_discussed_asks_what_about(engine):
    """A new user's "why?" after a declined question got quotes that happened to say "why"."""
    tram_id = engine.add_article(trams()).article.id
    for question in ("why?", "and when?", "how many?"):
        answer = engine.ask(question)
        assert not answer.answered and answer.message == ASKS_BACK_NOTHING, question
        assert "Nothing is being discussed here yet" in answer_markdown(answer)
    # Where a story is being discussed but nothing was asked of it yet (a channel's first
    # question, or after a decline: a third new user's "why?" got "Why is this important?"), it
    # asks what about, saying so; after a question, it is read with that question.
    unasked = engine.ask("why?", context=Discussion(tram_id))
    assert not unasked.answered and unasked.message == ASKS_BACK_UNASKED
    assert "Nothing has been asked of the article yet" in answer_markdown(unasked)
    asked = engine.ask("when?", context=Discussion(tram_id, asked="will the works begin?"))
    assert asked.message not in (ASKS_BACK_NOTHING, ASKS_BACK_UNASKED) and asked.follows == "will the works begin?"
    # "how old is this?" asks the latest article's date.
    dated = engine.ask("how old is this?")
    assert dated.message != ASKS_BACK_NOTHING and dated.about is not None
    # "how old is it?" after "which studio is also honoured?" asked about the studio.
    from index import about

    assert about.detect("how old is it?") is None and about.detect("how old is that?") is None
    assert about.detect("how old is the article?").aspect == "published"


def test_what_he_means_by_that_is_what_the_article_goes_on_to_say(engine):
    """A new user's "what does he mean by that?" after an answer was searched as words: "This
    means that…" from another paragraph, and the disclaimer."""
    article = trams()
    tram_id = engine.add_article(article).article.id
    vote = engine.ask("when did the council vote on the trams?")
    assert "voted on Tuesday" in vote.quotes[0].text
    context = Discussion(tram_id, asked="when did the council vote on the trams?", quoted=vote.quotes[0])
    for question in ("what does he mean by that?", "what does that mean?", "explain", "tell me more", "so what's that mean",
                     "why does that matter?", "so what?", "why is that important?"):  # a stranger's was declined
        answer = engine.ask(question, context=context)
        assert answer.answered and answer.read_as.startswith("what the article goes on to say after ‘The city "), question
        [goes_on] = answer.quotes  # the next sentence, "Construction" a heading, not a sentence said
        assert goes_on.text == "The works will begin next spring and cost 40 million euros, paid by the regional government."
        assert goes_on.text == article.text[goes_on.start:goes_on.end] and goes_on.paragraph == 2
    # "more" after that goes on after it, and at the end it says there is no more.
    after = engine.ask("more", context=replace(context, quoted=goes_on))
    assert after.quotes[0].text.startswith("Residents of the old harbour")
    end = engine.ask("more", context=replace(context, quoted=after.quotes[0]))
    assert not end.answered and "says nothing more after that quote" in end.message
    # With nothing quoted, "explain" is asked as any question.
    assert engine.ask("explain", context=Discussion(tram_id)).read_as is None


def test_who_said_that_with_nothing_quoted_asks_whose_words(engine):
    """A new user's "who said that?" after a decline was searched as words."""
    from index.text import NOTHING_QUOTED_LAST

    tram_id = engine.add_article(trams()).article.id
    for context in (None, Discussion(tram_id)):
        answer = engine.ask("who said that?", context=context)
        assert not answer.answered and answer.message == NOTHING_QUOTED
        assert answer_markdown(answer).startswith("Whose words? No quote is being discussed here")
    # After a decline, it says the last answer quoted nothing (not "ask about the article first",
    # which a stranger read after five answers as the bot forgetting them).
    after = engine.ask("who said that?", context=Discussion(tram_id, asked="who founded it?"))
    assert not after.answered and after.message == NOTHING_QUOTED_LAST
    assert answer_markdown(after).startswith("Whose words? The last answer quoted nothing")


def test_a_question_asking_the_bot_to_judge_is_declined_saying_so(engine):
    """A stranger's "is he right?" of an opinion piece was told the article doesn't answer that
    and to name whoever "he" is: quotes cannot judge, and the decline says so. A question naming
    what to look for, or asking the article's view of something, is still answered."""
    from index.text import ASKS_JUDGEMENT

    tram_id = engine.add_article(trams()).article.id
    vote = engine.ask("when did the council vote on the trams?")
    context = Discussion(tram_id, asked="when did the council vote on the trams?", quoted=vote.quotes[0])
    for question in ("is he right?", "do you agree?", "Is the author right about that?", "is that true?",
                     "so are they wrong?", "what do u think of that", "your opinion?", "is she right tho",
                     "do u agree with the analysts"):
        for asked_in in (None, context):
            answer = engine.ask(question, context=asked_in)
            assert not answer.answered and answer.message == ASKS_JUDGEMENT and not answer.quotes, question
        assert answer_markdown(answer).startswith("That asks me to judge, and I only quote what the articles say")
    for question in ("is the council right about the cost of the trams?", "what do you think about the trams?"):
        assert engine.ask(question).message != ASKS_JUDGEMENT, question


def test_and_someone_else_after_a_question_asks_it_of_them(engine):
    """A stranger's "and sotherton?" after "how far did she jump?" got Sotherton's shot put."""
    story = engine.add_article(parse_text(
        "# Johnson edges out Sotherton\nJade Johnson won the long jump title with a best of 6.50m in her last "
        "jump.\n\nKelly Sotherton led the event with her first leap of 6.43m, a personal best.\n\nIn the shot "
        "put, Sotherton finished fifth after producing two throws of 13.77m.\n", source="jump.md", fmt="md")).article.id
    context = Discussion(story, chosen=True, asked="how far did she jump?")
    answer = engine.ask("and sotherton?", context=context)
    assert answer.read_as == "how far did sotherton jump?" and answer.follows == "how far did she jump?"
    assert answer.answered and any(q.text.startswith("Kelly Sotherton led the event") for q in answer.quotes)


def test_he_she_or_they_asked_where_nothing_is_discussed_asks_who_is_meant(engine):
    """Cold, "how old is he?" would quote whoever some article describes (a second new user got
    three ages from three stories): it asks who is meant instead."""
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    engine.add_article(parse_text("# A park for the old town\nWork on the new park in the old town will begin "
                                  "in May, the mayor said on Friday at the town hall.\n", source="park.md", fmt="md"))
    for question in ("When will they begin?", "how old is he?", "what did she say?", "what else did he say?"):
        answer = engine.ask(question)
        assert not answer.answered and answer.message == NAMES_NOBODY, question
        assert "Who or what do you mean?" in answer_markdown(answer)
    # Where a story is being discussed, or with the story named, it is answered.
    assert engine.ask("When will they begin?", context=Discussion(tram_id)).answered
    assert engine.ask("When will they begin the tram works?").answered
    # So is a word only one story uses ("harbour": the trams'), and anything asked of one story.
    assert engine.ask("what did they say about the harbour?").answered
    # An "it" that stands for nothing (the weather, the time) names no one to ask about: no
    # "who do you mean?", and a decline gives no advice to name them.
    for question in ("is it going to rain tomorrow?", "what time is it?"):
        answer = engine.ask(question)
        assert answer.message != NAMES_NOBODY and PRONOUN_HINT not in (answer.message or ""), question
        declined = engine.ask(question, context=Discussion(tram_id))
        assert not declined.answered and PRONOUN_HINT not in declined.message, question
    assert PRONOUN_HINT in engine.ask("is it true that she owns a dog?", context=Discussion(tram_id)).message
    # Asking for a name: advice to use the name would go round in a circle.
    named = engine.ask("what's her name?", context=Discussion(tram_id))
    assert not named.answered and PRONOUN_HINT not in named.message
    # Nor where the question names them itself, before the pronoun (a stranger's "what about mac
    # and linux, are they safe" was advised to name them).
    for question in ("what happens to the bakers involved, will they go to jail?",
                     "what about the pilots and the cabin crew, are they safe",
                     "who's jack straw, like what's his job?", "whos the mayor, what's his name again"):
        declined = engine.ask(question, context=Discussion(tram_id))
        assert not declined.answered and PRONOUN_HINT not in declined.message, question
    # Nor where its only pronoun is the named subject's own ("what did collins say about her
    # ban?" was advised to name her); one standing for someone else still gets the advice.
    for question in ("what did the bakers say about their pay rise?", "what does the council think of itself?"):
        declined = engine.ask(question, context=Discussion(tram_id))
        assert not declined.answered and PRONOUN_HINT not in declined.message, question
    for question in ("why did the bakers sack him?", "did the bakers let her go?",  # whom it is done to
                     "who's next, will he play?"):  # "who's next" names no one (a review's find)
        elsewhere = engine.ask(question, context=Discussion(tram_id))
        assert not elsewhere.answered and PRONOUN_HINT in elsewhere.message, question
    # An "it" that means a thing still counts.
    for question in ("How is it going to be funded?", "What time is it open until?", "Is it likely to pass?",
                     "Does it light up at night?", "How bright is its light?", "is it free?"):
        assert says_pronoun(question), question


def test_he_she_or_they_asked_of_a_one_article_index_is_about_its_people(engine):
    engine.add_article(trams())
    for question in ("When will they begin?", "what did they refuse?"):
        answer = engine.ask(question)
        assert answer.message != NAMES_NOBODY and answer.answered, question


BRIDGE = """# A bridge for the river
The mayor of London opened the new bridge over the river on Friday, two years late.
"""


def test_a_follow_up_naming_a_story_in_lowercase_is_still_asked_of_every_article(engine):
    engine.add_article(parse_text(BRIDGE, source="bridge.md", fmt="md"))
    bakery = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    after_bakery = Discussion(bakery, chosen=False)
    # "london" is everyday English to the spelling list, but the bridge story writes it as a
    # name: typed in lowercase, it still names another story.
    named = engine.ask("when did they open the bridge in london?", context=after_bakery)
    assert named.answered and "on Friday" in named.quotes[0].text
    # "open" is written in lowercase wherever it is used: no subject of its own.
    bare = engine.ask("when did they open it?", context=after_bakery)
    assert not bare.answered and bare.declined_in == "A bakery wins the national bread prize"


FIRM = """# A new chief for the ferry firm
The ferry company named a new CEO on Monday. Who takes over the routes is not yet known.
"""


def test_chat_spellings_and_job_titles_do_not_move_a_question_to_another_story(engine):
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(FIRM, source="firm.md", fmt="md"))  # holds "who" and "CEO"
    discussed = Discussion(tram_id)
    # "whos" reads as "who", which the tram story lacks and the ferry story holds: no name.
    author = engine.ask("whos the author", context=discussed)
    assert author.about is not None and author.about.article_id == tram_id
    assert "Ana Field" in answer_markdown(author)
    # Not a question about the article itself: "whos" alone does not move it either.
    whos = engine.ask("whos paying for the new stops", context=discussed)
    assert all(q.article_id == tram_id for q in whos.quotes) and (whos.answered or whos.declined_in)
    # "ceo" is in no frequency list, yet names no story: asked of the tram story alone.
    chief = engine.ask("who is the ceo", context=discussed)
    assert not chief.answered and chief.declined_in == "Trams come back to Northtown"


CARDS = """# ID cards plan goes ahead
The home secretary said the ID cards bill would return to parliament in the spring.
"""


def test_a_capitalised_word_still_names_another_story_even_one_chat_uses(engine):
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(CARDS, source="cards.md", fmt="md"))
    answer = engine.ask("what did they say about ID cards?", context=Discussion(tram_id))
    assert answer.answered and "return to parliament" in answer.quotes[0].text


def test_a_discussed_article_removed_while_the_question_is_asked_is_no_context(engine, monkeypatch):
    from index import about

    tram = engine.add_article(trams()).article
    gone = engine.store.article_info(GLOBAL, tram.id)
    engine.remove(tram.id)
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    looked_up = about.pick_article
    # The context was looked up just before another thread removed its article.
    monkeypatch.setattr(about, "pick_article", lambda store, collections, **kw: gone
                        if kw.get("article_id") == tram.id else looked_up(store, collections, **kw))
    answer = engine.ask("who wrote this?", context=Discussion(tram.id))
    assert answer.about is not None and answer.about.title == "A bakery wins the national bread prize"


def test_who_wrote_this_means_the_article_being_discussed(engine):
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))  # the latest added
    answer = engine.ask("Who wrote this?", context=Discussion(tram_id))
    assert "Ana Field" in answer_markdown(answer)


FERRY = """# The ferry changes hands
The ferry company doesn't know who takes over the island routes from Captain Ortega next year. It isn't
saying when the new timetable will be published either, the deckhands say. J&J has bid for the routes,
and Mary O'Connell runs the harbour office.
"""


def test_only_a_name_moves_a_question_to_another_story_not_a_contraction_or_a_rare_lowercase_word(engine):
    from index.answer import names_elsewhere

    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(FERRY, source="ferry.md", fmt="md"))
    with engine.store.snapshot():
        # "doesn't" is read as "doesn" and "t", and only the ferry story writes it.
        assert names_elsewhere("why doesn't the council pay for the stops?", engine.store, [GLOBAL], tram_id) == []
        assert names_elsewhere("why isn't Ortega staying?", engine.store, [GLOBAL], tram_id) == ["ortega"]
        assert names_elsewhere("why isn't ortega staying?", engine.store, [GLOBAL], tram_id) == ["ortega"]
        # A name with an apostrophe is read as its words, and still a name.
        assert names_elsewhere("what did O'Connell say about the stops?", engine.store, [GLOBAL], tram_id) == [
            "connell"]
        # Uncommon, but written in lowercase where it is used: a reader's word, not a name.
        assert names_elsewhere("will the deckhands get the new stops?", engine.store, [GLOBAL], tram_id) == []


def test_an_everyday_thing_written_in_capitals_names_no_other_story(engine):
    """A stranger's "what tv shows was she in?" of an actress's obituary (it says "television")
    was asked of every article, for "TV" in a pop mogul's story, and the channel moved there."""
    from index.spelling import question_words

    obituary = engine.add_article(parse_text(
        "# Actress dies at 71\nThe actress, known for her film roles, died in Hove on Saturday. She also carved "
        "out a career on television, in the comedy Bless This House.\n", source="obituary.md", fmt="md")).article.id
    engine.add_article(parse_text("# Mogul sells company\nThe pop mogul put together a band who had their own TV "
                                  "show as well as a music career.\n", source="mogul.md", fmt="md"))
    for question in ("what tv shows was she in?", "what TV shows was she in?"):
        with engine.store.snapshot():
            assert names_elsewhere(question, engine.store, [GLOBAL], obituary) == [], question
            assert "television" in question_words(question, engine.store).extra  # searched besides
        answer = engine.ask(question, context=Discussion(obituary, chosen=True, asked="who was she?"))
        assert all(quote.article_id == obituary for quote in answer.quotes) and not answer.elsewhere, question
    # A country's capitals neither (a stranger's "is it in the uk" of a story on a US service was
    # asked of every article, for a film story saying "UK").
    engine.add_article(parse_text("# Cinema goes digital\nAccess to specialised film is restricted across the UK, "
                                  "the film council said in its yearly report on Monday.\n", source="film.md", fmt="md"))
    with engine.store.snapshot():
        assert names_elsewhere("was she famous in the uk?", engine.store, [GLOBAL], obituary) == []


def test_an_everyday_word_the_articles_only_ever_write_as_a_name_names_another_story(engine):
    from index.answer import names_elsewhere

    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text("# Oil climbs\nThe price of Brent crude rose to 50 dollars a barrel on Monday, Stuff "
                                  "reported. Traders told Stuff that Brent could climb further if the cold "
                                  "weather lasts.\n",
                                  source="oil.md", fmt="md"))
    question = "how much did brent cost?"
    with engine.store.snapshot():
        # "brent" is everyday English by count, but here it is only ever a name.
        assert names_elsewhere(question, engine.store, [GLOBAL], tram_id, famous=True) == ["brent"]
        # In a channel it stays a reader's word (README: there it cost declines).
        assert names_elsewhere(question, engine.store, [GLOBAL], tram_id) == []
    # Asked of the tram story in words it shares: its quotes carry the caution.
    cautioned = engine.ask("when will the works begin, and will brent pay for them?", article_id=tram_id)
    assert cautioned.answered and "begin next spring" in cautioned.quotes[0].text
    assert cautioned.elsewhere == ("brent",) and "never mentions “brent”" in answer_markdown(cautioned)
    engine.add_article(parse_text("# Geese return\nA flock of brent geese landed on the estuary this week, and "
                                  "birdwatchers counted more than two hundred of them on the mudflats.\n",
                                  source="geese.md", fmt="md"))
    with engine.store.snapshot():
        # Written in lowercase somewhere too: an everyday word a reader may use.
        assert names_elsewhere(question, engine.store, [GLOBAL], tram_id, famous=True) == []
        # The commonest words are a reader's words, however the articles write them.
        assert names_elsewhere("how much did stuff cost?", engine.store, [GLOBAL], tram_id, famous=True) == []
        assert names_elsewhere("how much did Stuff say?", engine.store, [GLOBAL], tram_id) == ["stuff"]


def test_a_question_about_another_story_asked_of_one_article_is_declined_naming_what_it_lacks(engine):
    tram_id = engine.add_article(trams()).article.id
    ferry_id = engine.add_article(parse_text(FERRY, source="ferry.md", fmt="md")).article.id
    answer = engine.ask("who is Ortega?", article_id=tram_id)
    assert not answer.answered and answer.elsewhere == ("ortega",)
    assert answer.declined_in == "Trams come back to Northtown"
    assert answer.message.startswith("“Trams come back to Northtown” never mentions “ortega”, which other articles do")
    # Asked of every article, or of the ferry story, the ferry story answers it.
    for asked in (engine.ask("who is Ortega?"), engine.ask("who is Ortega?", article_id=ferry_id)):
        assert asked.answered and "Captain Ortega" in asked.quotes[0].text
    # A single letter names nothing ("J&J" is read as "j" and "j").
    assert engine.ask("who are J&J and Ortega?", article_id=tram_id).elsewhere == ("ortega",)
    # One word of the question that the tram story uses keeps the question its own; answered
    # from it, the answer says that it never mentions Ortega.
    kept = engine.ask("when will the works begin, and did Ortega approve them?", article_id=tram_id)
    assert kept.answered and "begin next spring" in kept.quotes[0].text and kept.elsewhere == ("ortega",)
    assert ("“Trams come back to Northtown” never mentions “ortega”, which other articles do: these quotes may "
            "not be about what you asked") in answer_markdown(kept)
    plain = engine.ask("when will the works begin?", article_id=tram_id)
    assert plain.answered and plain.elsewhere == () and "never mentions" not in answer_markdown(plain)
    # Nor is a question about the article itself caught: any article answers it.
    assert engine.ask("who wrote the Ortega piece?", article_id=tram_id).elsewhere == ()


def test_the_words_of_someone_the_picked_article_never_mentions_are_declined(engine):
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(FERRY, source="ferry.md", fmt="md"))
    # The tram story shares "works" with the question, but none of its sentences can be Ortega's
    # words: declined as a question about another story, naming him.
    for question in ("what did Ortega say about the works?", "has ortega said anything about the new stops?"):
        answer = engine.ask(question, article_id=tram_id)
        assert not answer.answered and answer.elsewhere == ("ortega",), question
        assert answer.message.startswith("“Trams come back to Northtown” never mentions “ortega”, which other "
                                         "articles do")
    # Whose words are asked decides, not whom the question is about: the council's are quoted,
    # with the caution.
    council = engine.ask("what did the council say about Ortega's stop near the fish market?", article_id=tram_id)
    assert council.answered and "fish market" in council.quotes[0].text and council.elsewhere == ("ortega",)


def test_with_one_article_indexed_a_question_asked_anywhere_is_asked_of_it(engine):
    """The bot ships with one article: a question asked where none is discussed is answered as one
    asked of it (its hits all come from it), so "what did residents say?" is told the article gives
    them no words rather than quoted what they asked for."""
    story = engine.add_article(trams()).article.id
    cold = engine.ask("What did the residents say?")
    assert not cold.answered and cold.missing == "words", cold
    assert cold == replace(engine.ask("What did the residents say?", article_id=story), question=cold.question)
    # Nor when it never names them: that it mentions no one so called (a review's find: "what did sam
    # altman say?" was told the launch article gives "altman" no words).
    assert "No indexed article mentions “sam”, “altman”" in engine.ask("What did Sam Altman say?").message
    # So asked of it picked (`ask --article`, `:article`), as asked of a picked one among many.
    picked = engine.ask("What did Sam Altman say?", article_id=story)
    assert not picked.answered, picked
    assert picked.message.startswith("No indexed article mentions “sam”, “altman”"), picked
    # Asked again of every article after the last answer's article declined: the only one is named.
    quoted = engine.ask("How much will the construction works cost?").quotes[0]
    again = engine.ask("What did the residents say?", context=Discussion(story, quoted=quoted))
    assert not again.answered and again.declined_in == "Trams come back to Northtown", again
    # Among two, every article asked: no one article's rules.
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    assert engine.ask("What did the residents say?").missing != "words"


def test_someone_only_named_beside_an_according_to_gives_no_words(engine):
    # A stranger's "what did gm's boss rick wagoner say" was quoted the sentence naming the
    # meeting, whose "according to" is the news agency's.
    story = quoting_every_best(engine, "# GM in crunch talks\n\nThe meeting between Fiat boss Sergio Marchionne and "
                                       "GM's Rick Wagoner is due to take place in Zurich, according to the Reuters news "
                                       "agency. Mr Marchionne said GM's argument \"has no legs\".\n\nThe firm's "
                                       "manager was not at the talks.\n", "gm.md")
    for question, who in (("what did gm's boss rick wagoner say", "GM's boss Rick Wagoner"),
                          ("what did wagoner say?", "Wagoner")):
        answer = engine.ask(question, article_id=story)
        assert not answer.answered and answer.unquoted == who, question
    assert engine.ask("what did marchionne say?", article_id=story).answered
    # Named as asked, its possessive kept (a stranger was told of "“Forest s manager”").
    assert engine.ask("what did the firm's fans say?", article_id=story).unquoted == "firm's fans"
    # Words said according to the one asked about are theirs ("Dr." no end of it).
    told = quoting_every_best(engine, "# Talks\n\nThe talks failed on Friday, according to Dr. Rick Wagoner, who runs "
                                      "the American car maker and met the Fiat board in Zurich this week.\n", "told.md")
    assert engine.ask("what did wagoner say?", article_id=told).answered
    # ... and so are those according to a source named after what it is (a stranger's "what does
    # ofcom say about broadband growth?" was told the story gives Ofcom no words).
    watchdog = quoting_every_best(engine, "# Broadband grows\n\nAccording to figures gathered by the industry "
                                          "watchdog, Ofcom, the UK has now overtaken Germany in broadband users.\n",
                                  "ofcom.md")
    assert engine.ask("what does ofcom say about broadband growth?", article_id=watchdog).answered
    # ... not the subject after the source's name (a review's find).
    agency = quoting_every_best(engine, "# Auction\n\nAccording to Tass news agency, Gazprom did not make a single "
                                        "bid, leaving the field to a little-known group.\n", "tass.md")
    assert not engine.ask("what does gazprom say about the auction?", article_id=agency).answered


def test_a_story_quoting_no_one_gives_no_ones_words(engine):
    # "what did the irish coach say after the match?" was quoted a tackle from a match report told
    # in narration only, whose "the pressure told", "replied with a try" and "claimed" are play.
    report = quoting_every_best(engine, "# Ireland 17-12 South Africa\n\nIreland claimed a deserved victory at "
                                        "Lansdowne Road. The pressure told as South Africa replied with a penalty.\n\n"
                                        "O'Gara scored all of Ireland's points and the coach watched on.\n", "match.md")
    for question, who in (("what did the irish coach say after the match?", "Irish coach"),
                          ("what did o'gara say?", "O'Gara")):
        answer = engine.ask(question, article_id=report)
        assert not answer.answered and answer.missing == "words", question
        assert answer.unquoted.casefold() == who.casefold(), answer.unquoted
    # One line of speech anywhere, and the coach's words are read for as before.
    assert asked_of_story(engine, "what did the irish coach say after the match?", "# Ireland 17-12 South Africa\n\n"
                          "Ireland claimed a deserved victory at Lansdowne Road.\n\n\"We were patient,\" said the "
                          "Ireland coach.\n", "said.md").answered
    # A report states its findings in no one's words.
    assert asked_of_story(engine, "what did the survey say?", "# Fewer people smoke\n\nThe survey found that smoking "
                          "fell by a third in ten years across the country, most of all among the young and the old.\n",
                          "survey.md").answered
    # Reported speech is speech ("confirmed in midweek that…": a review's find).
    assert asked_of_story(engine, "what did carroll say?", "# Carroll to join Leeds\n\nThe keeper Roy Carroll "
                          "confirmed in midweek that he would join the club at the end of the season.\n",
                          "told.md").answered


def test_an_epithet_keeps_whose_words_follow(engine):
    # A stranger's "what did federer say after the match" was told the story gives him no words,
    # above '"I definitely had a slow start…," he said.' after "Federer was not unduly worried…"
    # and "The world number one was forced to go the distance…".
    story = quoting_every_best(engine, "# Federer forced to dig deep\n\nTop seed Roger Federer saved two match "
                                       "points to win in Dubai.\n\nFederer was not unduly worried despite being taken "
                                       "to three sets. The world number one was forced to go the distance against "
                                       "Ivan Ljubicic last week. \"I definitely had a slow start again,\" he said.\n",
                               "dubai.md")
    assert engine.ask("what did federer say after the match", article_id=story).answered
    # Another player's description in between is no epithet of his: still declined.
    declines_as_no_words(engine, "what did federer say after the match", "# Federer forced to dig deep\n\nTop seed "
                         "Roger Federer saved two match points to win in Dubai.\n\nFederer was not unduly worried "
                         "despite being taken to three sets. The Russian beat Rainer Schuettler in two sets. \"I "
                         "definitely had a good day,\" he said.\n", "russian.md")
    # An epithet opening their sentence keeps a "But she…" after it theirs (a stranger's "what did
    # holmes say about her win" was told the story gives her no words).
    # The event the lead names is no one else ("…at the Norwich Union Birmingham Indoor Grand Prix"),
    # and her words so given go first, before another athlete's.
    holmes = quoting_every_best(engine, "# Holmes back on form\n\nDouble Olympic champion Kelly Holmes comfortably "
                                        "won the 1,000m at the Norwich Union Birmingham Indoor Grand Prix.\n\nThe "
                                        "34-year-old, running only her second race of the season, won in two "
                                        "minutes, 35.39 seconds. But she is still undecided about competing in "
                                        "Madrid. \"I'll make my mind up at the last minute,\" she said.\n\n\"I was "
                                        "quite surprised to win the long jump,\" said Johnson.\n", "holmes.md")
    first_quotes_hold(engine, holmes, ("what did holmes say about her win", "what did kelly holmes say"), "she said")
    # ... not one after a sentence naming another, whom the epithet may be ("…responding to
    # Michael Howard. The 63-year-old Tory leader…": a review's find).
    declines_as_no_words(engine, "what did gordon brown say", "# Brown attacks Tory plans\n\nChancellor Gordon "
                         "Brown has attacked Tory plans.\n\nMr Brown was responding to Michael Howard. The "
                         "63-year-old Tory leader, speaking in Kent, set out his tax plans. But he also attacked "
                         "Labour. \"They have failed,\" he said.\n", "howard.md")


def first_quotes_hold(engine, story: str, questions: tuple[str, ...], text: str) -> None:
    """Each of `questions`, asked of `story`, is answered with `text` in its first quote."""
    for question in questions:
        found = engine.ask(question, article_id=story)
        assert found.answered and text in found.quotes[0].text, (question, found.quotes[:1])


def test_words_of_an_office_holder_the_story_never_names_may_be_the_ones_asked(engine):
    # A stranger's "has tony blair said anything about it" was told the story gives Blair no
    # words, above "Later the prime minister said: '…'" of a story calling him "Mr Blair" elsewhere.
    story = quoting_every_best(engine, "# Boris opposes apology\n\nKen Livingstone should not apologise, Boris "
                                       "Johnson has insisted.\n\nMr Johnson said Tony Blair's intervention was an "
                                       "attempt to reassure voters, and Mr Blair should butt out. Later the prime "
                                       "minister said: \"Yes, he should apologise,\" to Community Support "
                                       "Officers.\n", "apology.md")
    first_quotes_hold(engine, story, ("has tony blair said anything about it", "what did blair say?"),
                      "the prime minister said")
    # Not a group the story writes capitalised: no one's office is theirs.
    from index.answer import _names_a_person

    text = engine.store.article("global", story).text
    assert _names_a_person(["blair"], text) and _names_a_person(["tony", "blair"], text)
    assert not _names_a_person(["police", "officers"], text) and not _names_a_person(["officers"], text)
    # An office the story gives its holder's name ("Prime Minister Tony Blair") is his, not another's.
    # Nor another state's office, nor one asked about someone the story gives another role (a review's
    # finds: Bush's words given to Blair, the prime minister's to the Tory leader).
    for question, text in (
            ("what did howard say?", "Prime Minister Tony Blair intervened. Mr Johnson said Michael Howard was wrong. "
                                     "Later the prime minister said: \"Yes, he should apologise.\""),
            ("what did blair say?", "Mr Blair met Mr Bush in Washington. Mr Blair did not speak to reporters after the "
                                    "talks. \"Our alliance is strong,\" the US president said."),
            ("what did howard say?", "Tory leader Michael Howard has visited a school. Mr Howard toured classrooms. "
                                     "Later the prime minister said: \"Schools are better.\"")):
        declines_as_no_words(engine, question, f"# Talks\n\nKen Livingstone should not apologise.\n\n{text}\n",
                             f"{text[:10]}.md")


def test_a_passive_saying_verb_gives_no_one_words(engine):
    # A stranger's "what has kate moss said about it?" was quoted "The singer, who has been linked
    # to supermodel Kate Moss, was arrested after police were called…".
    story = quoting_every_best(engine, "# Singer misses bail deadline\n\nThe singer, who has been linked to "
                                       "supermodel Kate Moss, was arrested after police were called to a hotel.\n\n"
                                       "\"We will appeal,\" his lawyer said outside the court on Friday.\n",
                               "bail.md")
    declined = engine.ask("what has kate moss said about it", article_id=story)
    assert not declined.answered and declined.unquoted == "Kate Moss", declined
    # Said in the active voice, the same sentence is hers.
    assert asked_of_story(engine, "what has kate moss said about it", "# Singer misses bail deadline\n\nThe singer, "
                          "who has been linked to supermodel Kate Moss, was arrested; Moss said she was shocked by the "
                          "news.\n", "active.md").answered


def test_one_asked_speaking_in_someone_elses_sentence_gives_words(engine):
    # A stranger's "what did clarence house say about it" was told the story gives it no words: a
    # missing full stop had joined its statement to Mr Howard's sentence.
    story = quoting_every_best(engine, "# Tory leader urges Harry apology\n\nMr Howard said many people would be "
                                       "offended by the prince's actions Clarence House has issued a statement saying "
                                       "the prince has apologised.\n\nThe party was held in Wiltshire.\n", "harry.md")
    answer = engine.ask("what did clarence house say about it", article_id=story)
    assert answer.answered and "issued a statement" in answer.quotes[0].text, answer
    # Only named in it, the one asked gives no words there.
    declines_as_no_words(engine, "what did clarence house say about it", "# Tory leader urges Harry apology\n\nMr "
                         "Howard said many people would be offended, and the palace at Clarence House was closed.\n\n"
                         "The party was held in Wiltshire.\n", "named.md")
    # What the speaker says someone did is not that one's words (a review's find).
    declines_as_no_words(engine, "what did blair say about the legal advice?", "# Howard attacks Blair over war\n\n"
                         "Michael Howard said Mr Blair had told voters nothing about the legal advice on the war.\n\n"
                         "The election is on 5 May.\n", "reported.md")


def test_someone_only_named_in_what_another_says_gives_no_words(engine):
    # A stranger's "what does blair think about it?" got Kennedy's words first, as Blair's: "he
    # said Mr Blair had…" read as Blair saying, and a headline ending "…of Blair" over a paragraph
    # opening "Lib Dem leader…" read as a "Blair Lib" whose words "Lib Dem leader Charles Kennedy
    # has said…" gave.
    story = quoting_every_best(engine, "# Kennedy questions trust of Blair\n\nLib Dem leader Charles Kennedy has said "
                                       "voters now have a \"fundamental lack of trust\" of Tony Blair as prime minister."
                                       "\n\nHe said backing his party was not a wasted vote, adding that with the Lib Dems "
                                       "\"what you see is what you get\".\n\nBut he said Mr Blair had lost the trust of "
                                       "the British people.\n", "trust.md")
    for question in ("what does blair think about it?", "what did blair say?"):
        answer = engine.ask(question, article_id=story)
        assert not answer.answered and answer.unquoted == "Blair", (question, answer)
    # Kennedy's they are.
    assert engine.ask("what did kennedy say?", article_id=story).answered
    # A name on one line is one, whatever space joins it (pasted text writes "Karen\u00a0Brady").
    from index.answer import surnames_of

    assert surnames_of("karen", "Chief executive Karen\u00a0Brady met the board. Brady said it would study "
                                "the bid.") == {"brady"}


def test_the_words_of_one_asked_about_it_all_come_first(engine):
    # A stranger's "what did jake white think about it all" was declined, and "what did jake white
    # say" got "Jake White claimed the coaching award…" before his words.
    story = quoting_every_best(engine, "# South Africa sweep top awards\n\nJake White claimed the coaching award "
                                       "while his side held off France to take the team award.\n\nWhite paid tribute "
                                       "to Burger. \"Schalk's emergence has meant a lot to South African rugby,\" said "
                                       "White.\n", "awards.md")
    for question in ("what did jake white think about it all", "what did jake white say", "what did white say of "
                     "all this"):
        answer = engine.ask(question, article_id=story)
        assert answer.answered and "Schalk's emergence" in answer.quotes[0].text, question


def test_a_bodys_head_named_as_such_speaks_for_it_first(engine):
    # A stranger's "what did the ioc say about the probe?" got "IOC president Jacques Rogge has set
    # up a disciplinary body…" first, above "But Rogge said it was too early to speculate…".
    story = quoting_every_best(engine, "# Jones doping probe begins\n\nAn investigation into doping claims has "
                                       "been opened by the International Olympic Committee.\n\nIOC president Jacques "
                                       "Rogge has set up a disciplinary body to look into the claims about the probe. "
                                       "The medals could be lost. But Rogge said it was too early to speculate about "
                                       "the probe.\n", "ioc.md")
    answer = engine.ask("what did the ioc say about the probe?", article_id=story)
    assert answer.answered and "Rogge said it was too early" in answer.quotes[0].text, answer


def test_a_country_speaks_through_what_the_story_calls_its_own(engine):
    # A stranger's "what did denmark say?" was told the story gives Denmark no words, above "…,"
    # Hans Arne Kristiansen, a spokesman for the Danish Dairy Board, told the BBC.
    story = quoting_every_best(engine, "# Feta battle reaches court\n\nDenmark and Germany are challenging the "
                                       "ruling on the name of the cheese.\n\n\"It is a generic name,\" Hans Arne "
                                       "Kristiansen, a spokesman for the Danish Dairy Board, told the BBC.\n",
                               "feta.md")
    for question in ("what did denmark say?", "what did the danes say?"):
        answer = engine.ask(question, article_id=story)
        assert answer.answered and "Kristiansen" in answer.quotes[0].text, question
    declined = engine.ask("what did germany say?", article_id=story)
    assert not declined.answered and declined.unquoted == "Germany"
    # A nation the story names only in passing gives no words (a stranger's "what did the saudis
    # say?" was quoted the lead naming a "Saudi billionaire investor"), named as a nation.
    savoy = quoting_every_best(engine, "# Saudi investor buys the Savoy\n\nThe Savoy has been sold to a group led "
                                       "by Saudi billionaire investor Prince Alwaleed.\n\nThe seller said it was "
                                       "pleased with the price.\n", "savoy.md")
    declined = engine.ask("what did the saudis say?", article_id=savoy)
    assert not declined.answered and declined.unquoted == "Saudis"
    # Only those speaking for it: not one of its people, nor another country's (reviews' finds:
    # "French actor Gerard Depardieu", "West Indian opener Chris Gayle" for India, "Dutch DJ Tiesto"
    # for Jools Holland).
    for text, question in (("French actor Gerard Depardieu told reporters he would stay.", "what did france say?"),
                           ("West Indian opener Chris Gayle said the pitch was poor.", "what did india say?"),
                           ("Dutch DJ Tiesto said the festival would go ahead.", "what did jools holland say?")):
        story = quoting_every_best(engine, f"# The talks\n\nThe talks went on in a hotel in Geneva.\n\n{text}\n",
                                   f"{hash(text)}.md")
        assert not engine.ask(question, article_id=story).answered, question
    # ... while its government does ("Russian authorities", "the French foreign ministry").
    ministry = quoting_every_best(engine, "# The talks\n\nThe talks went on in a hotel in Geneva.\n\nThe French "
                                          "foreign ministry said the talks had gone well.\n", "ministry.md")
    assert engine.ask("what did france say?", article_id=ministry).answered
    # What someone says of a country is not the country's words (a stranger's "what did russia
    # say?" got Yukos's "It has claimed that Russia imposed the huge tax bill…" first).
    yukos = quoting_every_best(engine, "# Yukos in court\n\nThe oil firm is fighting in a Houston court.\n\nYukos "
                                       "has claimed that Russia imposed the huge tax bill to destroy the firm.\n",
                               "yukos.md")
    declined = engine.ask("what did russia say?", article_id=yukos)
    assert not declined.answered and declined.unquoted == "Russia"
    assert engine.ask("what did yukos say?", article_id=yukos).answered
    # ... while the speaker of a clause after it speaks, and a speech's own "said that" is no
    # report ('"We have always said that…," he said.': a review's finds).
    for text, question in (("The report said that Sony was to blame, but Sony said it had done nothing wrong.",
                            "what did sony say?"),
                           ("Asked whether he thought that the deal would survive, Mr Smith said it would.",
                            "what did smith say?"),
                           ("Manager John Smith was delighted. \"We have always said that we would win the "
                            "league,\" he said.", "what did smith say?")):
        story = quoting_every_best(engine, f"# The row\n\nThe row went on all week in the city.\n\n{text}\n",
                                   f"{hash(text)}.md")
        assert engine.ask(question, article_id=story).answered, question
    # ... and what is reported goes on past a figure's point, "not yet", a list and a dash (a
    # review's finds: "…rose 2.5% as Smith cut costs" had made Smith the speaker).
    for text in ("The company said that profits rose 2.5% as Smith cut costs sharply.",
                 "The company said that it had not yet heard from Smith about the plan.",
                 "The company said that its backers included Shell, Smith and Total."):
        story = quoting_every_best(engine, f"# The row\n\nThe row went on all week in the city.\n\n{text}\n",
                                   f"{hash(text)}.md")
        assert not engine.ask("what did smith say?", article_id=story).answered, text
    # A nation speaks through its seat of government and its leaders, named as its own ("The
    # Kremlin said…", "Russian President Vladimir Putin… Mr Putin said…"; a review's finds); a
    # firm of its is no voice of it ("Swiss bank UBS said…").
    for text, question, answered in (("Russian gas supplies fell in January. The Kremlin said the cut was brief.",
                                      "what did russia say?", True),
                                     ("Russian President Vladimir Putin met German leaders. Mr Putin said the gas "
                                      "would keep flowing.", "what did russia say?", True),
                                     ("Swiss bank UBS said its profits rose in the year.", "what did switzerland say?",
                                      False),
                                     # ... as whom a sentence names as speaking, whole: not "Moscow-based US lawyer
                                     # Jamie Firestone", "Real Madrid", "Stewart Downing" (a review's finds)
                                     ("\"It will fail,\" said Moscow-based US lawyer Jamie Firestone.",
                                      "what did russia say?", False),
                                     ("Real Madrid said the fee for the striker was agreed.", "what did spain say?",
                                      False),
                                     ("Downing Street said the talks had gone well.", "what did britain say?", True),
                                     ("Stewart Downing said he was fit to play.", "what did britain say?", False),
                                     # ... nor what someone reports of its government
                                     ("Yukos has claimed that the Russian government imposed the tax bill.",
                                      "what did russia say?", False),
                                     # ... while its own name's body speaks (a review's find)
                                     ("Spain's foreign minister has said the talks went well.",
                                      "what did spain say?", True)):
        story = quoting_every_best(engine, f"# Gas and banks\n\nTalks on Russian gas, Spanish football and British "
                                           f"trade went on in Geneva this week.\n\n{text}\n", f"{hash(text)}.md")
        assert engine.ask(question, article_id=story).answered == answered, question


def test_one_accused_by_the_speaker_gives_no_words(engine):
    # A stranger's "how did blair respond to kennedy" got Kennedy's "He accused Mr Blair's
    # government of…" first, as words of Blair's.
    story = quoting_every_best(engine, "# Kennedy calls for Iraq exit plans\n\nTony Blair should set out an exit "
                                       "strategy from Iraq, Lib Dem leader Charles Kennedy has said.\n\nHe accused Mr "
                                       "Blair's government of \"being less than straightforward\" over its plans. \"The "
                                       "prime minister should make a statement,\" Mr Kennedy said.\n", "iraq.md")
    for question in ("how did blair respond to kennedy", "what did blair say?"):
        declined = engine.ask(question, article_id=story)
        assert not declined.answered and declined.unquoted == "Blair", question
    assert engine.ask("what did kennedy say?", article_id=story).answered
    # Blair's own accusation gives his words.
    his = quoting_every_best(engine, "# Blair hits back\n\nMr Blair accused Mr Kennedy of \"playing politics\" over "
                                     "Iraq on a day when both men spoke to party members about the war.\n", "back.md")
    assert engine.ask("how did blair respond to kennedy", article_id=his).answered
    # Nor the doer of a passive ("dismissed by Tony Blair as…": a review's find).
    passive = quoting_every_best(engine, "# Plan rejected\n\nThe Lib Dem plan was dismissed by Tony Blair as "
                                         "\"dangerous nonsense\" on a visit to troops in Basra.\n", "passive.md")
    assert engine.ask("what did blair say?", article_id=passive).answered


def test_someones_agent_speaking_gives_no_words_of_theirs(engine):
    # A stranger's "what did adriano say?" got "Adriano's agent Gilmar Rinaldi has insisted…".
    story = quoting_every_best(engine, "# Striker stays put\n\nAdriano's agent Gilmar Rinaldi has insisted that he has "
                                       "had no contact with Chelsea over the striker.\n\nThe club's spokesman said the "
                                       "matter was closed.\n", "agent.md")
    declined = engine.ask("what did adriano say?", article_id=story)
    assert not declined.answered and declined.unquoted == "Adriano"
    assert engine.ask("what did rinaldi say?", article_id=story).answered
    # One who speaks for the owner gives the owner's words ("Plaid Cymru's spokesman", "the club's").
    assert engine.ask("what did the club say?", article_id=story).answered


def test_a_nickname_of_someone_the_article_quotes_is_not_called_unnamed(engine):
    # A stranger's "what did fergie say after the match?" was told the report gives "fergie" no
    # words; with the name it was answered.
    story = quoting_every_best(engine, "# United win the derby\n\nUnited won the derby at the stadium on Sunday.\n\n"
                                       "Manchester United boss Sir Alex Ferguson said: \"We were deserved winners.\"\n",
                                       "derby.md")
    for question in ("what did fergie say?", "what did fergie say after the match?"):
        answer = engine.ask(question, context=Discussion(story, chosen=True))
        assert answer.missing is None and not answer.unknown, (question, answer)
    # Nor one no list knows, that begins as a name the article writes ("shearsy" of Shearer).
    from index.answer import _begins_as_a_name

    text = "Newcastle won on Sunday. Captain Alan Shearer said they were the better side."
    assert _begins_as_a_name("shearsy", text) and not _begins_as_a_name("lennie", text)
    assert not _begins_as_a_name("newcastle", text)  # only opening a sentence: no name of it


def test_a_group_or_body_the_article_quotes_under_another_name_is_not_declined(engine):
    # A stranger's "what are analysts saying?" (the story: "Analysts attributed the falls to…") and
    # "what did the standards board say?" ("The local government watchdog also said…") were told the
    # story gives them no words.
    story = quoting_every_best(engine, "# Jeeves shares slide\n\nShares in Ask Jeeves fell by a fifth on Wednesday. "
                                       "Analysts attributed the falls to excessive expectations fuelled by Google.\n\n"
                                       "An investigation by the Standards Board is under way. The local government "
                                       "watchdog also said the allegation related to a failure to respect others.\n",
                               "jeeves.md")
    for question in ("what are analysts saying?", "what did the analysts say?", "what did the standards board say?"):
        answer = engine.ask(question, article_id=story)
        assert answer.missing != "words" and answer.answered, question
    # Another body's words are not theirs, however it is called (a review's finds): "the club" is
    # no Football Association, "the council" no Home Office; a commissioner or a sergeant no police.
    other = quoting_every_best(engine, "# Plans sent\n\nPlans were sent to the Home Office and the Football "
                                       "Association last week. The district council said it would fight them, and "
                                       "the club said Robben would be fit.\n\nEU Trade Commissioner Peter Mandelson "
                                       "agreed a deal after Sergeant Steven Roberts died.\n", "plans.md")
    for question in ("what did the Home Office say?", "what did the football association say?",
                     "what did the police say about the deal?"):
        assert engine.ask(question, article_id=other).missing == "words", question


def test_the_words_of_a_group_are_quoted_under_any_of_its_names_however_unsure(engine):
    # A stranger's "what did the opposition parties say?" of a story quoting "Plaid Cymru health
    # spokesman" and "Conservative health spokesman" was declined at 0.12.
    story = engine.add_article(parse_text(
        "# Waiting time target is cut\n\nNo patient will wait more than a year for an appointment by March, the "
        "health minister said on Tuesday.\n\nRhodri Thomas, Plaid Cymru health spokesman, said: \"It is the same "
        "target she set in 1999.\"\n\nThe figures showed the waiting list had fallen by a tenth.\n",
        source="nhs.md", fmt="md")).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.99)  # the trees sure of nothing
    for question in ("what did the opposition parties say?", "what did the opposition say?"):
        answer = engine.ask(question, article_id=story)
        assert answer.answered and "Plaid Cymru health spokesman" in answer.quotes[0].text, question
    assert engine.ask("what did the unions say?", article_id=story).missing == "words"
    # Described by a role right before the name, after a comma (a stranger's "what did the
    # opposition say?" was declined over "The Tory finance spokesman, Brian Monteith MSP, said…");
    # the Tories under their other name too.
    tax = engine.add_article(parse_text(
        "# Council tax to rise\n\nCouncil tax will rise by four per cent next year, the councils said on "
        "Monday.\n\nThe Tory finance spokesman, Brian Monteith MSP, said: \"It is a form of disguise.\"\n",
        source="tax.md", fmt="md")).article.id
    for question in ("what did the opposition say?", "what did the conservatives say?"):
        answer = engine.ask(question, article_id=tax)
        assert answer.answered and "Brian Monteith" in answer.quotes[0].text, question
    # A party named as one, capitalised: "Labour chairman Ian McCartney said" is a party's words,
    # "the Federal Labour Agency said" none (a review's finds).
    rows = engine.add_article(parse_text(
        "# Race row\n\nThe commission said the campaign was fair to every group in the country.\n\nThe German "
        "Federal Labour Agency said the jobless figures were wrong.\n\nLabour chairman Ian McCartney said the party "
        "would fight on.\n", source="rows.md", fmt="md")).article.id
    answer = engine.ask("what did the parties say?", article_id=rows)
    assert answer.answered and "Ian McCartney" in answer.quotes[0].text
    # The US Democrats are no Lib Dems: "lib dems" clips the name a story writes out, "Liberal
    # Democrat", not "Democrats" alone (a review's find).
    us = engine.add_article(parse_text("# Budget fight\n\nBut Democrats have accused the president of hiding the cost "
                                       "of the war from the voters this year.\n", source="us.md", fmt="md")).article.id
    assert engine.ask("what did the lib dems say?", article_id=us).missing == "words"
    # A spokesman or an official is anyone's: not the government's words; nor are everyday words
    # (a review's finds: "Mr Green", a "20-yard" drive, a "third-party" seller).
    club = engine.add_article(parse_text("# Fans happy\n\nThe club's spokesman said the fans were happy with the new "
                                         "stand, which opened on Saturday after two years of building work. Mr Green "
                                         "said third-party sellers were to blame.\n\nGerrard scored with a 20-yard "
                                         "drive. He added: \"It was a great night for us.\"\n",
                                         source="club.md", fmt="md")).article.id
    for question in ("what did the government say?", "what did the opposition say?", "what did the parties say?",
                     "what did the police say?"):
        assert not engine.ask(question, article_id=club).answered, question
    # A party is never declined for going unnamed: a story may name its people only.
    assert engine.ask("what did the opposition say?", article_id=club).missing != "words"
    # Nor one it names, whose people speak under their own names (a stranger's "how did labour
    # respond?" was told the story gives Labour no words).
    pledge = engine.add_article(parse_text(
        "# Pledge row\n\nLabour has broken its pledge on immigration, the Tories have claimed.\n\nMr Clarke "
        "dismissed the latest attack. \"This is simply a scurrilous attempt to score cheap points,\" he said.\n\n"
        "Mr Clarke said the UK would welcome genuine economic migrants.\n",
        source="pledge.md", fmt="md")).article.id
    for question in ("how did labour respond?", "what did the tories say?"):
        assert engine.ask(question, article_id=pledge).missing != "words", question
    # ... but not through people the story gives another party (a review's find: Letwin's attack
    # on Labour was quoted as Labour's words).
    attack = engine.add_article(parse_text(
        "# Tories step up tax attack\n\nThe Conservatives have stepped up their attack on Labour's tax record.\n\n"
        "Shadow chancellor Oliver Letwin said families had paid for the waste.\n\nLiberal Democrat leader Charles "
        "Kennedy said both parties were wrong.\n", source="attack.md", fmt="md")).article.id
    assert engine.ask("what did labour say?", article_id=attack).missing == "words"
    engine.answer_tuning = replace(engine.answer_tuning, speaker_first=False)
    assert not engine.ask("what did the opposition say?", article_id=story).answered


def test_a_bodys_initials_are_the_name_the_story_writes_out(engine):
    # A stranger's "what did the fa say?" of a story writing "the Football Association" was moved to
    # another story's "FA"; a person's initials are no one's ("FA" is no "Frank Arnesen").
    from index.answer import names_elsewhere

    fracas = engine.add_article(parse_text("# Tunnel fracas\nFollowing the game, the Football Association said it "
                                           "would look into events in the tunnel after the match on Sunday.\n",
                                           source="fracas.md", fmt="md")).article.id
    arnesen = engine.add_article(parse_text("# Arnesen denies rift\nFrank Arnesen denied a rift with the coach after "
                                            "the club lost on Saturday, and said the board backed him.\n",
                                            source="arnesen.md", fmt="md")).article.id
    engine.add_article(parse_text("# Chelsea fined\nThe FA fined Chelsea 300,000 pounds for their part in the tapping "
                                  "up affair, the governing body said on Friday.\n", source="fine.md", fmt="md"))
    defence = engine.add_article(parse_text("# Bases to close\nOn Monday the Ministry of Defence said six bases would "
                                            "close, and the Bank of England said rates would stay where they are.\n",
                                            source="bases.md", fmt="md")).article.id
    engine.add_article(parse_text("# MoD cuts\nThe MoD is to close six bases, and the BoE is to hold rates, the papers "
                                  "reported on Sunday after a long week of leaks from Whitehall.\n", source="mod.md",
                                  fmt="md"))
    with engine.store.snapshot():
        assert names_elsewhere("what did the MoD and the BoE say?", engine.store, [GLOBAL], defence) == []
        assert names_elsewhere("what did the FA say?", engine.store, [GLOBAL], fracas) == []
        assert names_elsewhere("how much did the FA fine Chelsea?", engine.store, [GLOBAL], arnesen) == ["chelsea", "fa"]
    # So is an acronym the story writes out in lowercase words (a stranger's "which isp was the
    # worst?" of a story on "internet service providers" was moved to another story's "ISP AOL").
    survey = engine.add_article(parse_text("# Britons fed up\nA third of broadband users are fed up with their "
                                           "internet service providers, a survey said on Monday.\n",
                                           source="survey.md", fmt="md")).article.id
    engine.add_article(parse_text("# Net calls\nGiant ISP AOL announced on Tuesday that it would launch a phone "
                                  "service for some of its members within the month.\n", source="calls.md", fmt="md"))
    with engine.store.snapshot():
        assert names_elsewhere("which isp was the worst?", engine.store, [GLOBAL], survey) == []
        assert names_elsewhere("which isp was the worst?", engine.store, [GLOBAL], fracas) == ["isp"]


def test_asked_of_every_article_the_words_of_someone_no_best_article_quotes_are_declined(engine):
    # A stranger's cold "what did bt say about the free net calls" got quotes from a story naming
    # no BT; here Ortega is named by the ferry story alone, which the question's words do not find.
    engine.add_article(trams())
    for town in ("Southtown", "Easttown"):  # more stories the question's words find first
        engine.add_article(parse_text(f"# Trams for {town}\nThe city council voted to expand the tram network in "
                                      f"{town}, adding new stops in the northern districts of the city. The tram works "
                                      f"will begin next year.\n", source=f"{town}.md", fmt="md"))
    engine.add_article(parse_text(FERRY, source="ferry.md", fmt="md"))
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)
    asked = "what did ortega say about the tram works and the new stops in the northern districts of the city?"
    cold = engine.ask(asked)
    assert not cold.answered and cold.missing == "words" and cold.declined_in is None
    engine.answer_tuning = replace(engine.answer_tuning, decline_unquoted_cold=False)
    assert engine.ask(asked).answered  # left to the trees, as before
    engine.answer_tuning = replace(engine.answer_tuning, decline_unquoted_cold=True)
    # Someone no article names at all: the decline that says so, not this one.
    assert engine.ask("what did sunak say about the island routes?").missing is None
    # Nor a title, a body the story calls by its initials written out, or a union by its name
    # (a review's finds: each answered with the rule off).
    engine.add_article(parse_text("# Vote\nThe Foreign Minister and the FA chief met the ASLEF and TUC leaders on "
                                  "the island on Friday, and said nothing afterwards about it.\n", source="vote.md",
                                  fmt="md"))
    for question, text in (("what did the minister say about the licence fee review?",
                            "Culture Secretary Tessa Jowell said the licence fee review would report in the spring."),
                           ("what did the fa say about the tunnel fracas events?",
                            "The Football Association said it would look into the tunnel fracas events."),
                           ("what did the union say about the tube drivers pay deal?",
                            "Aslef said the tube drivers pay deal was a good one for its members.")):
        topic = question.split(" about ")[1].rstrip("?")
        for n in (1, 2):  # other stories the question's words find, naming no one
            engine.add_article(parse_text(f"# Report {n}\n\nThe {topic} was in the news again this week, {n} day "
                                          f"after the {topic} was first talked about in the papers.\n",
                                          source=f"{hash(text)}-{n}.md", fmt="md"))
        engine.add_article(parse_text(f"# Said\n\n{text} It was a long week for all of them in the end.\n",
                                      source=f"{hash(text)}.md", fmt="md"))
        answer = engine.ask(question)
        assert answer.answered and any(text[:20] in quote.text for quote in answer.quotes), question


def test_the_words_of_a_role_the_article_calls_by_no_name_are_declined(engine):
    tram_id = engine.add_article(trams()).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)  # only a rule declines
    # No union, TUC or police officer in the tram story (a stranger's "what are the unions saying?"
    # got others' words). A person's role is never declined so: a story may name them only.
    for question, who in (("what are the unions saying about the new stops?", "unions"),
                          ("what's the union saying about the stops?", "union"),
                          ("what did the police say about the tram works?", "police")):
        answer = engine.ask(question, context=Discussion(tram_id, chosen=True))
        assert not answer.answered and answer.unquoted == who, question
        assert f"gives no words said or thought by “{who}”" in answer.message
    # A role it writes under another of its names is asked as before: "the regional government" pays.
    # Whose words "the crowd at berlin" asks are the crowd's, not Berlin's (a stranger's was declined
    # as asking for Berlin's words).
    festival = engine.add_article(parse_text(
        "# Berlin applauds film\n\nThe film was given a rousing reception by spectators at the Berlin Film Festival "
        "on Saturday.\n\nBerlin has hosted the festival every year since 1951.\n", source="berlin.md", fmt="md"))
    assert engine.ask("what did the crowd at berlin think of it?", article_id=festival.article.id).missing != "words"
    for question in ("what did the govt say about the works?", "what is the government saying about the tram works?",
                     "what did the council say about the stops?", "what did the england coach think about the tram network?"):
        assert engine.ask(question, context=Discussion(tram_id, chosen=True)).answered, question
    # A film's critics quoted as its pundits (a stranger's "what did the critics say about…?" was
    # told the story gives critics no words).
    film = engine.add_article(parse_text(
        "# Boxing drama tipped\n\nThe boxing drama has become the favourite to win best picture on Sunday. "
        "\"It is the dark horse, and voters love it,\" said awards pundit Tom Neil.\n", source="film.md", fmt="md"))
    answer = engine.ask("what did the critics say about the boxing drama?",
                        context=Discussion(film.article.id, chosen=True))
    assert answer.answered and "awards pundit" in answer.quotes[0].text
    # The role as asked, written so ("according to federal regulators": a stranger was told the
    # story never names the role).
    recall = engine.add_article(parse_text(
        "# GM recalls cars\n\nGM is recalling 200,000 vehicles on safety grounds, according to federal "
        "regulators.\n\nThe brakes could fail.\n", source="recall.md", fmt="md"))
    assert engine.ask("what did the federal regulators say about the brakes?",
                      context=Discussion(recall.article.id, chosen=True)).missing != "words"


def test_a_view_voiced_gives_words(engine):
    # A stranger's "what does the english fa think about it" (of "The English FA has expressed
    # doubt as to whether…") was told the story gives it no words.
    assert asked_of_story(engine, "what does the english fa think about it", "# Home internationals may return\n\n"
                          "The plan is to be proposed at the next meeting.\n\nThe English FA has expressed doubt as to "
                          "whether the fixtures could be fitted in at the end of each season.\n", "fa.md").answered
    # ... and so does a view a name claims (a stranger's "what does yukos say about the sale" was
    # told the story gives Yukos no words), not claims someone else looks into.
    assert asked_of_story(engine, "what does yukos say about the sale", "# Yukos unit sold\n\nThe oil unit was sold at "
                          "auction on Sunday.\n\nYukos claims that it is being punished for the political ambitions "
                          "of its founder.\n", "yukos.md").answered
    assert not asked_of_story(engine, "what does vivendi say about the bond sale", "# Vivendi inquiry\n\nThe regulator "
                              "is investigating claims that Vivendi knew of a bid at the time of the bond sale.\n",
                              "vivendi.md").answered
    from index.answer import _GIVES_WORDS  # ... nor a win, nor the noun after a name (a review's finds)

    assert not any(_GIVES_WORDS.search(text) for text in (
        "Federer claims Dubai crown.", "Following claims that US forces were there, the talks ended.",
        "Campbell's claims that he was fouled were rejected."))


def test_a_decline_names_what_no_article_mentions(engine):
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(FERRY, source="ferry.md", fmt="md"))
    for asked in ({}, {"article_id": tram_id}):  # anywhere, and of a picked article
        answer = engine.ask("What did he say about Nvidia's chips?", **asked)
        assert not answer.answered and answer.unknown == ("nvidia",), asked
        assert answer.message.startswith("No indexed article mentions “nvidia”, so I won't guess. Check the spelling")
        assert "he, she, it or they" not in answer.message  # naming whoever "he" is would not help
    # Nor a figure's short unit a longer one begins ("10k" of "10km"), nor a fragment of two letters
    # ("op" of "co-op"): strangers were told no article mentions them.
    engine.add_article(parse_text("# Fun run\nThe marathon champion will make his debut in the mass participation "
                                  "10km race through the city centre on Sunday, the organisers said.\n",
                                  source="run.md", fmt="md"))
    assert "10k" not in engine.ask("is it a 10k?").unknown
    assert "op" not in engine.ask("does the game have co-op?").unknown
    # An everyday word spelt right: no advice to check its spelling.
    everyday = engine.ask("what did the trawlers do?")
    assert everyday.unknown == ("trawlers",) and not everyday.answered
    assert "Check the spelling" not in everyday.message and "Try other words" in everyday.message
    # Chat's shorthand is no such word either: "check the spelling" of "ppl" would be no help.
    for chatty in ("how many ppl want the nvidia chips tho", "did ppl like it bc of the chips",
                   "who won nvidia vs the chips"):  # "vs": a stranger was told no article mentions it
        answer = engine.ask(chatty)
        assert not any(word in answer.unknown for word in ("ppl", "tho", "bc", "vs")), chatty
        assert "“ppl”" not in answer_markdown(answer)
    # A name another article holds is no such word: the picked article's own decline says so.
    declined = engine.ask("What did Ortega say about the chips?", article_id=tram_id)
    assert not declined.answered and declined.unknown == ()
    assert declined.message.startswith("“Trams come back to Northtown” never mentions “ortega”, which other articles do")


def test_chat_filler_does_not_change_the_answer(engine):
    engine.add_article(trams())
    plain = engine.ask("When will the tram works begin?")
    assert plain.answered
    for chatty in ("lol when will the tram works begin?", "When will the tram works begin pls?",
                   "tbh, when will the tram works begin? haha"):
        answer = engine.ask(chatty)
        assert [(q.text, q.score) for q in answer.quotes] == [(q.text, q.score) for q in plain.quotes], chatty
        assert answer.question == chatty  # shown as asked


def test_a_contraction_typed_without_its_apostrophe_is_read_as_the_contraction(engine):
    """A stranger's "whats the students name" was declined at 0.04, read as no question for a
    name, where "what's the students name" was answered at 0.35."""
    from index.answer import question_type
    from index.text import with_apostrophes

    assert with_apostrophes("whats the plan? Whos he, dont they care, cant he play, Im sure theyre fine") == (
        "what's the plan? Who's he, don't they care, can't he play, I'm sure they're fine")
    # Words that are words stay: "were" (not "we're"), "its", "wont", "lets".
    assert with_apostrophes("were its owners sure it wont fail? lets see") == "were its owners sure it wont fail? lets see"
    assert question_type(engine.asked_text("whats the students name")) == question_type("what's the students name")
    engine.add_article(trams())
    typed, proper = engine.ask("when doesnt the tram run?"), engine.ask("when doesn't the tram run?")
    assert [(q.text, q.score) for q in typed.quotes] == [(q.text, q.score) for q in proper.quotes]
    assert typed.question == "when doesnt the tram run?"  # shown as asked
    assert with_apostrophes("when wouldve he turned 60") == "when would've he turned 60"
    # Never a name or what chat's words only look like (a review's finds): Jony Ive, IM, Y
    # Combinator, Wen Jiabao, 300 bc, a u-turn, the r number; capitals stay capitals.
    for kept in ("What did Jony Ive say?", "what did he say about IM?", "Y Combinator funded who?",
                 "Wen Jiabao said what?", "who ruled in 300 bc?", "was it a u turn?"):
        assert engine.asked_text(kept) == kept, kept
    assert engine.asked_text("whats the r number") == "what's the r number"
    assert engine.asked_text("DONT they care") == "DON'T they care"
    assert engine.asked_text("wats the name") == "what's the name"  # the question word first, then its apostrophe
    # "itll" (a stranger was told no article mentions "itll"); not "hell", "shell", "well"
    assert engine.asked_text("why does he think itll be rough? theyll see") == (
        "why does he think it'll be rough? they'll see")
    assert engine.asked_text("well, is the shell firm in hell") == "well, is the shell firm in hell"
    # "what's his name?" asks who he is (a stranger's, right after an answer naming the chief
    # executive, was declined where "who is he" was answered); a thing's name is still its name.
    assert engine.asked_text("whats his name") == "who is he"
    assert engine.asked_text("and what was her full name?") == "and who was she?"
    assert engine.asked_text("what were their names") == "who were they"
    assert engine.asked_text("what's its name?") == "what's its name?"
    assert engine.asked_text("what's his real name?") == "what's his real name?"  # not who he is (a review's find)
    # ... and someone's name by what they are (a stranger's "whats the name of the person taking over?"
    # was declined at 0.09 where "who is replacing her?" was answered); a thing's name stays.
    assert engine.asked_text("whats the mp's name?") == "who is the mp?"
    assert engine.asked_text("what's the name of the person taking over?") == "who is the person taking over?"
    assert engine.asked_text("what were the players' names") == "who were the players"
    assert engine.asked_text("what's the name of the album?") == "what's the name of the album?"
    for thing in ("whats the name of the film the actor starred in", "what's the band's name",
                  "whats the name of the one they released", "whats the name of the host city"):
        assert engine.asked_text(thing) == thing.replace("whats", "what's"), thing  # things (a review's finds)
    assert engine.asked_text("what's his name got to do with it?") == "what's his name got to do with it?"
    # Chat's shorthand too ("where r the championships held" was declined), never in a name.
    from index.text import chat_words_read

    assert chat_words_read("how many ppl r gonna go? did u2 play R&B in the u.s. tho") == (
        "how many people are going to go? did u2 play R&B in the u.s. though")
    # Strangers' "does yahoo have one 2" and "2day" were declined or warned of as words no article holds.
    assert chat_words_read("does yahoo have one 2") == "does yahoo have one too"
    assert chat_words_read("how many no 1s did they have") == "how many number ones did they have"
    assert chat_words_read("who disagrees w that") == "who disagrees with that"
    assert chat_words_read("no 1 knows") == "no 1 knows"
    assert chat_words_read("was it b4 the wknd? who came w/ him 2day") == (
        "was it before the weekend? who came with him today")
    assert chat_words_read("is he going to jail rn? w/o bail?") == "is he going to jail right now? without bail?"
    for kept in ("is she an rn", "how many rn jobs were cut"):  # a registered nurse (a review's find)
        assert chat_words_read(kept) == kept
    # A stranger's "who is his main rival atm" was declined at 0.03; a cash machine stays one.
    assert chat_words_read("who is his main rival atm") == "who is his main rival right now"
    for kept in ("where is the nearest atm?", "is there an atm", "how many atm machines are there", "what is atm?",
                 "is there any atm?"):
        assert chat_words_read(kept) == kept
    for kept in ("how many goals in game 2", "what did B4 say", "is part 2 out", "what is the r number",
                 "where does the b4 road go", "how much is a 2day pass", "what happened to them 2"):
        assert chat_words_read(kept) == kept
    typed, proper = engine.ask("when r the trams back?"), engine.ask("when are the trams back?")
    assert [(q.text, q.score) for q in typed.quotes] == [(q.text, q.score) for q in proper.quotes]


def test_chat_filler_is_left_out_of_what_is_read_unless_it_is_what_is_asked():
    from index.text import without_filler

    assert without_filler("who wrote it pls?") == "who wrote it?"
    assert without_filler("haha, who won? lol") == "who won?"
    assert without_filler("Lollipop sales?") == "Lollipop sales?"  # a word, not filler
    assert without_filler("what is LOL?") == "what is LOL?"  # in capitals it may be what is asked about
    assert without_filler("lol") == "lol"  # nothing else to read
    # A tail asking nothing more: a stranger's "did critics hate it or smth" was declined, the
    # question without it answered; a closing "tho" after a question of its own too, not "why tho".
    assert without_filler("did critics hate it or smth") == "did critics hate it"
    assert without_filler("is he legit or what?") == "is he legit?"
    assert without_filler("what was number 1 that week tho") == "what was number 1 that week"
    assert without_filler("idk, who won?") == "who won?"
    assert without_filler("why tho") == "why tho"
    assert without_filler("did he say it even though") == "did he say it even though"
    # "in the first place" only stresses the question (a stranger's "who threw it out in the first
    # place?" was declined at 0.13, "who threw it out?" answered at 0.82).
    assert without_filler("who threw it out in the first place?") == "who threw it out?"
    assert without_filler("and who threw it out in the first place?") == "and who threw it out?"
    assert without_filler("whose idea was it in the first place") == "whose idea was it"
    assert without_filler("why did they sue, in the first place") == "why did they sue"
    assert without_filler("why in the first place") == "why in the first place"
    # ... not where it asks what came first (a review's finds)
    assert without_filler("which team finished in the first place?") == "which team finished in the first place?"
    assert without_filler("how many were there to begin with?") == "how many were there to begin with?"
    # "can u tell me what he actually said": what is asked (a stranger's was declined).
    assert without_filler("can u tell me what he actually said") == "what he actually said"
    assert without_filler("can you tell me if he won") == "can you tell me if he won"
    # "thing" closing "what's the X thing" asks nothing (a new user's walled-garden question lost
    # more than half its confidence to it); "what is this thing?" keeps it: nothing else names it.
    assert without_filler("what's the walled garden thing") == "what's the walled garden"
    assert without_filler("whats the stargate thing?") == "whats the stargate?"
    assert without_filler("whats the $500 billion thing") == "whats the $500 billion"  # a stranger's was declined
    for kept in ("what is this thing?", "how did the thing go?", "what is the other thing?", "what is the main thing",
                 "what were the other things?", "what is the family business?"):
        assert without_filler(kept) == kept


def test_who_said_that_of_a_long_paragraph_looks_before_its_passage(engine):
    """A long paragraph is read in several passages: a stranger's "who said that?" after "…, he
    said, life was likely to be confusing…" was told the quote doesn't say whose words they are,
    "Mr Fogg said…" sitting in the passage before it."""
    filler = " ".join(f"The alliance will also look at format number {n} for music and video files." for n in range(14))
    story = ("# Format wars\n\nFour firms are building a common copy protection system.\n\nMr Fogg said consumers "
             f"had to be very careful when buying digital content. {filler} Although initiatives could help, he said, "
             "life was likely to be confusing for consumers for some time.\n")
    article = engine.add_article(parse_text(story, source="formats.md", fmt="md")).article.id
    text = "Although initiatives could help, he said, life was likely to be confusing for consumers for some time."
    passages = [p for p in engine.store.article_passages("global", article) if p.paragraph == 2]
    assert len(passages) > 1  # the case at hand: the speaker's sentence in another passage of the paragraph
    passage = next(p for p in passages if text in p.text)
    assert "Mr Fogg" not in passage.text
    start = passage.start + passage.text.index(text)
    quote = Quote(text, article, "Format wars", None, passage.paragraph, 0.9, start, start + len(text))
    answer = engine.ask("who said that?", context=Discussion(article, chosen=True, asked="why?", quoted=quote))
    assert answer.answered and answer.speaker == "Mr Fogg", answer


def test_who_said_that_of_a_one_sentence_paragraph_looks_to_the_paragraph_before(engine):
    """A stranger's "who said that?" after "Already, he said, there have been four incidents…",
    a paragraph of its own after one ending "Mr Thiemann said research … showed…", was told the
    quote doesn't say whose words they are."""
    story = ("# Concerns over Windows ATMs\n\nCash machine networks could soon be more open to viruses, a security "
             "firm has warned.\n\nTodd Thiemann, spokesman for Trend Micro, said the move was not without risks. Mr "
             "Thiemann said research showed that 70% of new cash machines were Windows based.\n\nAlready, he said, "
             "there have been four incidents in which cash machines have been unavailable for hours.\n")
    article = engine.add_article(parse_text(story, source="atms.md", fmt="md")).article.id
    text = "Already, he said, there have been four incidents in which cash machines have been unavailable for hours."
    passage = next(p for p in engine.store.article_passages("global", article) if text in p.text)
    quote = Quote(text, article, "Concerns over Windows ATMs", None, passage.paragraph, 0.9,
                  passage.start + passage.text.index(text), passage.start + passage.text.index(text) + len(text))
    answer = engine.ask("who said that?", context=Discussion(article, chosen=True, asked="how many?", quoted=quote))
    assert answer.answered and answer.speaker == "Mr Thiemann"
    assert answer.quotes[0].text.startswith("Mr Thiemann said research") and answer.quotes[1] == quote


def test_a_quote_whose_words_only_he_or_she_says_names_whom_the_article_calls_so_right_before(engine):
    """Strangers read 'He said: "If someone as senior as Ruth Kelly…"' as anyone's words: the
    answer names him beside the quote, never in it. Not where someone else comes between, as
    "Lord Janner branded it…" does before his 'He added: …' after Kennedy's words."""
    story = quoting_every_best(engine, (
        "# Research fears over views\n\nScientists fear the new minister's views could hamper stem cell research.\n\n"
        "Professor Robin Lovell-Badge, of the institute, said he had seen the confusion in the US.\n\nHe said: "
        "\"If someone as senior as the minister is against stem cell research it is very worrying.\"\n\n"
        "Charles Kennedy said the prince should apologise in person. Former MP Lord Janner branded the costume "
        "\"stupid and evil\". He added: \"I would send him in the army as fast as possible.\"\n"), "fears.md")
    answer = engine.ask("why is it very worrying for stem cell research?", article_id=story)
    said = next(q for q in answer.quotes if q.text.startswith("He said:"))
    assert said.said_by == ("he", "Professor Robin Lovell-Badge"), answer
    shown = answer_markdown(replace(answer, quotes=(said,)))
    assert "very worrying.\" [1] — he: Professor Robin Lovell-Badge" in shown
    assert said.to_json()["said_by"] == {"pronoun": "he", "name": "Professor Robin Lovell-Badge"}
    added = _lead_quote(engine, story, "He added: \"I would send him in the army as fast as possible.\"")
    assert engine._attributed(replace(answer, quotes=(added,)), ["global"]).quotes[0].said_by is None
    # Nor a "he" inside someone's words, someone else named or told something in the sentence
    # before, an owner's "'s", nor someone spoken of as the other sex (a review's finds).
    for before, after in (
            ("John Prescott said the housing plan was sound and would be built.",
             "\"He told me the housing plan would work,\" Mr Blair said."),
            ("John Smith's lawyer said his client had been at home all evening.",
             "He told the court: \"My client did nothing wrong.\""),
            ("Detective Inspector Jane Roberts said Mr Smith had been arrested on Monday.",
             "He told officers he was innocent of every charge."),
            ("Judge Peter Kelly told John Smith he would serve ten years in prison.",
             "He said he would appeal against the sentence."),
            ("Ann Brown said her son had been bullied at school for months.",
             "He told her: \"I can't go back there.\""),
            ("Detective Inspector Jane Roberts said John Smith, 34, had been arrested at his home on Monday.",
             "He told officers he had swerved to avoid a deer."),
            ("Judge Peter Kelly told Smith he would serve ten years in prison for the crash.",
             "He said he would appeal against the sentence."),
            ("Scotland Yard said a 34-year-old man had been arrested in Leeds on Friday.",
             "He told officers he had acted alone."),
            ("His lawyer, Tom Reed, said his client denied all the charges against him.",
             "He told the court he was innocent."),
            ("Paul Stretford, the striker's agent, said the player was happy at the club.",
             "He told the BBC: \"I want to stay.\""),
            ("Chief Constable Sara Thornton said the officer had been suspended on full pay.",
             "He admitted the offence at a hearing."),
            ("Mr Smith said: \"I went to meet my son Peter at the station on Friday.",
             "He told me he had been bullied."),
            # a third review's: a sentence only opening with a name, anyone described, "said he" of
            # a sentence speaking of someone else, a she speaking of "him"
            ("Beckham is expected to miss Saturday's match with a rib injury.", "\"We will not risk him,\" he said."),
            ("Manager Jose Mourinho said the 22-year-old had asked to leave the club.",
             "He told the club he wanted to play regular football."),
            ("Detective Sergeant Paul Jones said the pensioner had been attacked in his home.",
             "He told officers two men had forced their way in."),
            ("Coach Andy Robinson said the Frenchman had been outstanding all season.",
             "He told reporters he was proud to have played."),
            ("Judge Peter Kelly said he accepted the defendant was genuinely remorseful.",
             "He told the court he had never meant to cause harm."),
            ("Rangers boss Alex McLeish said he had spoken to the striker after the game.",
             "He told him he wanted to leave in January."),
            ("Ann Brown said she had feared for him for months before the move.",
             "He told her: \"I can't go back there.\""),
            ("Prosecutor Sarah Whitehouse said the gunman had planned the raid for weeks.",
             "He told police he had acted alone.")):
        told = quoting_every_best(engine, f"# Court case\n\n{before} {after}\n", f"{hash(before)}.md")
        quote = _lead_quote(engine, told, after)
        assert engine._attributed(replace(answer, quotes=(quote,)), ["global"]).quotes[0].said_by is None, before
    # Whose words "who said that?" names already: no note beside them too.
    who = engine.ask("who said that?", context=Discussion(story, chosen=True, asked="why?", quoted=said))
    assert who.speaker and all(q.said_by is None for q in who.quotes), who


STOPS = ("# Muslim police stops 'more likely'\n\nUK Muslims should accept that people of Islamic appearance are more "
         "likely to be stopped and searched by police, a Home Office minister has said.\n\nHazel Blears said innocent "
         "people would be targeted in the hunt for extremists. She told a Commons inquiry.\n\n"
         "Campaigners called the figures on police searches of Asian people irresponsible.\n")


def _lead_quote(engine, article: str, text: str) -> Quote:
    passage = next(p for p in engine.store.article_passages("global", article) if text in p.text)
    begins = passage.start + passage.text.index(text)
    return Quote(text, article, passage.title, None, passage.paragraph, 0.9, begins, begins + len(text))


def test_a_lead_calling_its_speaker_a_minister_is_followed_by_the_sentence_naming_her(engine):
    """A stranger's "which home office minister said muslims are more likely to be stopped?" got
    the lead ("…, a Home Office minister has said.") and nothing naming Hazel Blears, whom the
    next paragraph names; "who said that?" after it answered "Said by: a Home Office minister"."""
    article = quoting_every_best(engine, STOPS, "stops.md")
    lead = _lead_quote(engine, article, "UK Muslims should accept that people of Islamic appearance are more likely to "
                                        "be stopped and searched by police, a Home Office minister has said.")
    who = engine.ask("who said that?", context=Discussion(article, chosen=True, asked="what?", quoted=lead))
    assert who.answered and who.quotes[0] == lead
    assert who.quotes[1].text.startswith("Hazel Blears said") and who.quotes[1].paragraph == lead.paragraph + 1
    assert who.speaker == "a Home Office minister; the article names Hazel Blears next"
    # Only a name: not "Officials" (a review's find).
    officials = quoting_every_best(engine, STOPS.replace("Hazel Blears said", "Officials said"), "officials.md")
    lead_there = _lead_quote(engine, officials, lead.text)
    said = engine.ask("who said that?", context=Discussion(officials, chosen=True, asked="what?", quoted=lead_there))
    assert said.quotes == (lead_there,) and said.speaker == "a Home Office minister"
    for question in ("which home office minister said uk muslims should accept that people of islamic appearance "
                     "are more likely to be stopped and searched?",
                     "who said uk muslims should accept that people of islamic appearance are more likely to be "
                     "stopped and searched by police?"):
        answer = engine.ask(question, article_id=article)
        texts = [q.text for q in answer.quotes]
        assert texts[0] == lead.text and texts[1].startswith("Hazel Blears said"), (question, texts)
        assert len(texts) == 3 and len(set(texts)) == 3
    # A question asking no one's words, or a lead that names its speaker, is answered as searched.
    plain = quoting_every_best(engine, STOPS.replace("a Home Office minister has said", "the home secretary has said"),
                               "named.md")
    for question, asked in (("are muslims more likely to be stopped and searched?", article),
                            ("who said muslims should accept being stopped and searched?", plain)):
        searched = engine.answer_embedded(question, None, None, ("global",), 3, article_id=asked)
        answer = engine.ask(question, article_id=asked)
        assert [q.text for q in answer.quotes] == [q.text for q in searched.quotes], question


def test_who_said_that_after_an_answer_is_whose_words_its_first_quote_gives(engine):
    """A new user's "who said that?" was searched as words: unrelated sentences."""
    tram_id = engine.add_article(trams()).article.id
    launch = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(launch)
    speech = Quote('"The trams will be back by spring," said the mayor.', tram_id, "Trams come back to Northtown",
                   None, 2, 0.9)
    answer = engine.ask("who said that?", context=Discussion(tram_id, chosen=False, asked="when?", quoted=speech))
    assert answer.answered and answer.quotes == (speech,) and answer.read_as is not None
    # Named above the quote, in the article's words (a stranger read the quote again as naming nobody).
    assert answer.speaker == "the mayor" and "Said by: the mayor\n" in answer_markdown(answer)
    # However the sentence says it (a stranger's Laporte "simply observed: …" was "not said").
    observed = replace(speech, text='The mayor, Ana Field, simply observed: "The trams will be back by spring."')
    answer = engine.ask("who said that?", context=Discussion(tram_id, chosen=False, asked="when?", quoted=observed))
    assert answer.answered and answer.quotes == (observed,) and answer.speaker == "Ana Field"
    # "X said he…": the pronoun is not who speaks.
    said_he = replace(speech, text="Mayor Ana Field said he would be back by spring.")
    answer = engine.ask("who said that?", context=Discussion(tram_id, chosen=False, asked="when?", quoted=said_he))
    assert answer.answered and answer.quotes == (said_he,) and answer.speaker == "Mayor Ana Field"
    # The article's own words, of a piece naming its author: its byline.
    passage = next(p for p in engine.store.article_passages("global", launch.id) if p.paragraph == 3)
    own = Quote(passage.text.split(". ")[0] + ".", launch.id, launch.title, None, 3, 0.9)
    for question in ("who said that?", "and who says that", "whose words are those?", "says who?"):
        answer = engine.ask(question, context=Discussion(launch.id, chosen=False, asked="why?", quoted=own))
        assert answer.answered and answer.quotes[0].text == "Opinion: Zain Jaffer, co-founder of Vungle", question
    # The own words of a story naming no author: that it names none.
    bakery = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    plain = Quote("The bread won.", bakery, "A bakery wins the national bread prize", None, 1, 0.9)
    declined = engine.ask("who said that?", context=Discussion(bakery, chosen=False, asked="when?", quoted=plain))
    assert not declined.answered and "doesn't say who wrote it" in answer_markdown(declined)
    assert answer_markdown(declined).startswith("No one is quoted there") and "the article's own words" in declined.message
    # Words said by "he": the quote does not say who, and the article's author did not say them.
    he_said = Quote('"We will be back by spring," he said.', launch.id, launch.title, None, 3, 0.9)
    unsaid = engine.ask("who said that?", context=Discussion(launch.id, chosen=False, asked="when?", quoted=he_said))
    assert not unsaid.answered and "doesn't say whose words they are" in answer_markdown(unsaid)
    # Words the quote does not attribute, after a sentence of its paragraph that says who speaks:
    # that sentence first, then the quote (a stranger was told the quote "doesn't say").
    review = engine.add_article(parse_text(
        "# Venezuela reviews deals\n\nVenezuela is to review all foreign investment in its mining industries.\n\n"
        '"We are defending our national sovereignty," Mr Alvarez said. "Everything has to be reviewed."\n',
        source="review.md", fmt="md")).article.id
    unattributed = Quote('"Everything has to be reviewed."', review, "Venezuela reviews deals", None, 2, 0.9)
    found = engine.ask("who said that?", context=Discussion(review, chosen=False, asked="what?", quoted=unattributed))
    assert found.answered and [q.text for q in found.quotes] == [
        '"We are defending our national sovereignty," Mr Alvarez said.', '"Everything has to be reviewed."']
    assert found.read_as == "who said ‘Everything has to be reviewed.’?" and found.speaker == "Mr Alvarez"
    def said_that(title: str, lead: str, paragraph: str, quoted: str, source: str):
        return asked_after_quote(engine, "who said that?", title, lead, paragraph, quoted, source)

    # Words said by "she" right after a sentence opening with a name the story uses (a stranger's
    # '"It is a big moment in my career…," she said.' was "doesn't say whose words they are").
    lead = "Teenager Sania Mirza won the Hyderabad Open on Sunday in front of her home crowd."
    paragraph = ('Mirza, ranked 134 in the world, sank to her knees after the final point. "It is a big moment in my '
                 'career," she said.')
    hers, found = said_that("Mirza wins at home", lead, paragraph, '"It is a big moment in my career," she said.',
                            "tennis.md")
    assert found.answered and found.speaker == "Mirza" and found.quotes[-1] == hers
    joined, found = said_that("Mirza wins at home", lead, paragraph, paragraph, "tennis.md")
    assert found.answered and found.quotes == (joined,) and found.speaker == "Mirza"
    # A quote reporting its own subject's view, after a sentence giving others' words: the
    # subject's (a stranger's was said to be the "opponents'" of the sentence before).
    kennedy = 'On Sunday, Lib Dem leader Charles Kennedy repeated his call for a "pause" in considering the legislation.'
    his, found = said_that("ID cards", "The government wants identity cards for everyone by 2010, ministers said.",
                           f"But opponents say that similar schemes have not prevented attacks. {kennedy}", kennedy,
                           "ids.md")
    assert found.answered and found.quotes == (his,) and found.speaker == "Lib Dem leader Charles Kennedy"
    # A name inside the quotation marks is whom the words are about, not who says them; and a
    # sentence a she goes on with is hers, whoever its subject is (a review's two findings).
    _, found = said_that("Williams out", "Serena Williams lost to Maria Sharapova in the final on Saturday.",
                         'Williams was beaten in straight sets by the younger player. "Federer taught her everything,"'
                         ' she said.', '"Federer taught her everything," she said.', "tennis2.md")
    assert found.answered and found.speaker == "Williams"
    _, found = said_that("Harbour delay", "The harbour will stay shut for another year, the council said on Monday.",
                         "Mayor Jane Holt said the harbour would reopen next year. Critics welcomed the delay to the "
                         "plan, she added.", "Critics welcomed the delay to the plan, she added.", "harbour2.md")
    assert found.answered and found.speaker == "Mayor Jane Holt"
    # Back over his words before it to the sentence naming him (a stranger's '"The Lions thing is
    # all speculation…" He added: …' after '"I honestly don't…," he told BBC Sport.' was "doesn't say").
    rumoured = ("O'Connell is rumoured to be among the front-runners, but says he is focused on Sunday. "
                '"I honestly don\'t think about these reports," he told BBC Sport. "The Lions thing is all '
                'speculation." He added: "I just ignore it."')
    _, found = said_that("O'Connell rejects rumours", "Paul O'Connell has dismissed reports linking him to the job.",
                         rumoured, '"The Lions thing is all speculation." He added: "I just ignore it."', "lock.md")
    assert found.answered and found.speaker == "O'Connell" and found.quotes[0].text.startswith("O'Connell is rumoured")
    # "…, saying:" names its subject, not what it did (a stranger was told the quote doesn't say).
    arrived = 'As he arrived at court, Mr Botin greeted the waiting media, saying: "I have full faith in justice."'
    _, found = said_that("Banker on trial", "The bank's chairman went on trial in Madrid on Wednesday.", arrived, arrived,
                         "botin.md")
    assert found.answered and found.speaker == "Mr Botin"
    # A sentence opening with an everyday word names no one.
    _, found = said_that("Crowds at the final", "The final drew a record crowd to the stadium on Sunday afternoon.",
                         'However, tickets were hard to find in the week before the match. "It was the best day of my'
                         ' life," she said.', '"It was the best day of my life," she said.', "crowd.md")
    assert not found.answered
    # "Who wrote this?" asks who wrote the article, not whose words the quote gives.
    wrote = engine.ask("who wrote this?", context=Discussion(tram_id, chosen=False, asked="when?", quoted=speech))
    assert wrote.about is not None and wrote.about.aspect == "author" and wrote.quotes != (speech,)
    # Nothing quoted before: asked as typed.
    assert engine.ask("who said that?", context=Discussion(tram_id, chosen=False, asked="when?")).read_as is None


def test_what_did_someone_say_is_answered_with_their_words_however_unsure_the_trees_are(engine):
    # A stranger's "what did alan briggs say" was declined at 0.268 against a 0.270 threshold
    # though the story quotes him; "what did priya shah say" got her words under "may not say".
    harbour = engine.add_article(parse_text(
        "# Harbour market reopens\n\nThe fish market on the harbour reopened on Monday, a month after the storm "
        "flooded its stalls, and the council paid for new cold rooms.\n\n"
        '"We lost a fortnight of trade, but the town came together," said market manager Alan Briggs.\n',
        source="harbour.md", fmt="md")).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.99, unsure_below=0.995)
    found = engine.ask("what did alan briggs say?")
    assert found.answered and "said market manager Alan Briggs" in found.quotes[0].text and not found.unsure
    assert found.confidence < 0.99  # the trees' doubt is still what --json shows
    # Not a word the articles write in lowercase ("the council" says something in every story),
    # and not his words about something in particular, which they may not give.
    assert not engine.ask("what did the council say?").answered
    assert not engine.ask("what did alan briggs say about the cold rooms?").answered
    # Asked of his story, his words on its own thing by one word are his words on it (a stranger's
    # "what does karen brady think about the offer?" was declined at 0.269, her words in the lead).
    about = "what did alan briggs think about the reopening?"
    found = engine.ask(about, article_id=harbour)
    assert found.answered and "said market manager Alan Briggs" in found.quotes[0].text, found
    # So is "has he said anything (about it)?" (a stranger's "has keys said anything about it?" was
    # declined at 0.2697 against 0.270 over "Keys said she was 'very excited'…").
    for asked in ("has alan briggs said anything about it?", "did alan briggs say anything?", "has briggs commented?"):
        found = engine.ask(asked)
        assert found.answered and "said market manager Alan Briggs" in found.quotes[0].text, asked
    # A name whose last word is an everyday one, far from the verb (a stranger's "what did
    # geoffrey guy say?" was declined).
    engine.add_article(parse_text(
        "# Drug approved\n\nThe spray could be on sale in Canada within months, the first such drug approved.\n\n"
        '"We are delighted to receive this notice," said GW Pharma executive chairman Dr Geoffrey Guy.\n',
        source="drug.md", fmt="md"))
    found = engine.ask("what did geoffrey guy say?")
    assert found.answered and "We are delighted" in found.quotes[0].text and not found.unsure
    # Asked of every story, words on a thing may be about anything: the trees decide.
    assert not engine.ask(about).answered
    # Someone named only beside whoever speaks ("adviser to President Vladimir Putin") gives no
    # words: two strangers' "what did putin say" got Andrei Illarionov's first.
    oil = engine.add_article(parse_text(
        "# Oil firm auctioned\n\nThe oil unit was sold at auction to a little-known firm on Sunday.\n\n"
        '"We used to see street hustlers do this kind of thing," Andrei Illarionov - then economic adviser to '
        'President Vladimir Putin - told a press conference.\n', source="oil.md", fmt="md")).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0, unsure_below=0.0)
    putin = engine.ask("what did putin say?", article_id=oil)
    # Named as the article writes it (a stranger was told of no words "said by “ons”").
    assert not putin.answered and putin.missing == "words" and putin.unquoted == "Putin"
    assert engine.ask("what did illarionov say?", article_id=oil).quotes[0].text.startswith('"We used to see')
    # A news agency quoting him, or reporting what he said, gives his words (a review found the first
    # version declining these).
    relaying = (("Sanctions answered", "Russia said it would answer the new sanctions, officials in Moscow said.",
                 'Interfax quoted Putin as saying: "We will respond to these sanctions firmly."', "respond to these"),
                ("Gas deal off", "The gas deal between the two countries collapsed on Friday after months of talks.",
                 "According to Reuters, Putin said the gas deal was off until the debts were paid.", "deal was off"))
    for number, (title, lead, relayed, words_said) in enumerate(relaying):
        story = engine.add_article(parse_text(f"# {title}\n\n{lead}\n\n{relayed}\n", source=f"relayed{number}.md",
                                              fmt="md")).article.id
        found = engine.ask("what did putin say?", article_id=story)
        assert found.answered and words_said in found.quotes[0].text, title
    # A party asked by its plural is the adjective before its spokesman ("what did the
    # conservatives say?" of "Conservative shadow foreign secretary Michael Ancram said…").
    story = engine.add_article(parse_text("# Arms ban row\n\nThe move to lift the arms ban was condemned by the "
                                          "Conservatives on Monday.\n\nConservative shadow foreign secretary Michael Ancram said the move "
                                          'would be "profoundly wrong".\n', source="arms.md", fmt="md")).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.99)  # their words answer, whatever the trees say
    found = engine.ask("what did the conservatives say?", article_id=story)
    assert found.answered and "profoundly wrong" in found.quotes[0].text
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)
    # Someone speaking for a party or a firm gives its words (a stranger's "what did plaid cymru
    # say?" was told the story gives it no words).
    for title, lead, spokesman, party, words_said in (
            ("Waiting target cut", "No patient will wait more than a year for an appointment by March.",
             'Rhodri Glyn Thomas, Plaid Cymru health spokesman said: "It is exactly the same target as in 1999."',
             "plaid cymru", "same target"),
            ("Jobs go at Oracle", "Oracle is cutting about 5,000 jobs after its takeover of Peoplesoft.",
             '"We will keep most of the technical staff," Oracle\'s chief executive Larry Ellison said.',
             "oracle", "technical staff")):
        story = engine.add_article(parse_text(f"# {title}\n\n{lead}\n\n{spokesman}\n", source=f"{party}.md",
                                              fmt="md")).article.id
        found = engine.ask(f"what did {party} say?", article_id=story)
        assert found.answered and any(words_said in q.text for q in found.quotes), title


def test_a_question_naming_its_story_is_asked_of_that_story(engine):
    """A stranger's cold "in the lufthansa story, what did the US embassy say?" was answered from
    another story, and "in the oil price story, …" from one of several look-alikes."""
    tram_id = engine.add_article(trams()).article.id
    bakery_id = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    tram_text = engine.store.article("global", tram_id).text
    word = next(w for w in ("works", "tram", "line") if w in tram_text.casefold())
    question = f"what does it say about the {word}?"
    for asked in (f"in the bakery story, {question}", f"{question[:-1]} in the bakery story?"):
        found = engine.ask(asked)
        assert found.question == asked
        assert all(q.article_id == bakery_id for q in found.quotes), asked
    # A name fitting no title is no story asked: read as the question's words; nor is a report
    # in the news ("what did the US say in the Iraq report?" is no story's name).
    assert "zebra" in engine.ask(f"in the zebra story, {question}").unknown
    assert engine._in_story("what does it say in the bakery report?", [GLOBAL]) is None
    assert engine._in_story("what does it say about bread in the bakery piece?", [GLOBAL]) == (
        (bakery_id,), "what does it say about bread?")
    # A name fitting two titles: the one of them that answers.
    second = engine.add_article(parse_text("# The bakery closes for the summer\nThe bakery on the corner will close for "
                                           "August while the ovens are replaced, its owner said on Friday.\n",
                                           source="bakery2.md", fmt="md")).article.id
    found = engine.ask("in the bakery story, when will the ovens be replaced?")
    assert found.answered and found.quotes[0].article_id == second
    engine.remove(second)
    # "the trams article: …", "according to the trams story, …" and "what does the trams story say
    # about …?" too (strangers' were asked of every article, and a bath rugby story answered).
    for asked in (f"the trams article: {question}", f"according to the trams story, {question}",
                  f"what does the trams story say about the {word}?"):
        found = engine.ask(asked, context=Discussion(bakery_id, chosen=True))
        assert all(q.article_id == tram_id for q in found.quotes), asked
        assert found.quotes or found.declined_in == "Trams come back to Northtown", asked
    # Its "it" is that story's, not the last question's subject (a stranger's "in the mac mini
    # story, when does it go on sale?" was read as the iPod shuffle's).
    after = Discussion(bakery_id, chosen=True, asked="what is the bread prize?")
    assert engine.ask(f"in the trams story, when does it open?", context=after).read_as is None


def test_asked_whether_a_named_story_mentions_something_that_story_is_asked(engine):
    # A stranger's "does the skype story mention virgin trains?", asked while another story was
    # discussed, was told that story never uses the words; asked cold, "does the kidman story
    # mention skype?" got the Skype story's quotes, which read as yes.
    tram_id = engine.add_article(trams()).article.id
    bakery_id = engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md")).article.id
    tram_text = engine.store.article("global", tram_id).text
    word = next(w for w in ("works", "tram", "line") if w in tram_text.casefold())
    here = Discussion(bakery_id, chosen=True)
    found = engine.ask(f"does the trams story mention the {word}?", context=here)
    assert found.answered and all(q.article_id == tram_id for q in found.quotes)
    lacking = engine.ask("does the bakery story mention the tram?")
    assert not lacking.answered and "never uses" in lacking.message and "bread prize" in lacking.message


def test_asked_whether_someone_in_the_story_mentions_what_it_never_names_is_declined(engine):
    # A stranger's "does he mention iraq at all", of a story on Blair naming Iran (and a
    # distractor naming Iraq), was quoted the Iran sentence confidently.
    tram_id = engine.add_article(trams()).article.id
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))
    here = Discussion(tram_id, chosen=True)
    for question in ("does he mention mill street at all?", "did they say anything about mill street"):
        found = engine.ask(question, context=here)
        assert not found.answered and "never uses" in found.message and "mill street" in found.message, question
        assert not engine.ask(question, article_id=tram_id).answered, question
    # Only a name: what they speak of may be in other words (a review's find).
    for question in ("does he mention the bread prize at all?", "does he talk about why the works ran late?"):
        assert "never uses" not in (engine.ask(question, context=here).message or ""), question
    tram_text = engine.store.article("global", tram_id).text
    word = next(w for w in ("works", "tram", "line") if w in tram_text.casefold())
    assert "never uses" not in (engine.ask(f"does he mention the {word}?", context=here).message or "")


def test_a_question_to_an_empty_index_is_told_nothing_is_indexed(engine):
    # A stranger's first question, before adding anything, was told to check its spelling.
    answer = engine.ask("what is deepseek?")
    assert not answer.answered and "No articles are indexed yet" in answer.message and answer.unknown == ()
    assert "spelling" not in answer_markdown(answer)


def test_full_width_letters_are_read_as_the_letters_they_stand_for(engine):
    engine.add_article(trams())
    wide = engine.ask("Ｈｏｗ ｍｕｃｈ ｗｉｌｌ ｔｈｅ ｗｏｒｋｓ ｃｏｓｔ？")
    assert wide.answered and wide.quotes == engine.ask("How much will the works cost?").quotes


def test_an_acronym_of_a_name_the_articles_write_out_is_no_word_they_never_mention(engine):
    # A stranger's "how much was the imf loan" was told no article mentions "imf", of a story
    # saying "International Monetary Fund".
    engine.add_article(parse_text("# Turkey loan\n\nTurkey agreed a new loan of $10bn with the International "
                                  "Monetary Fund on Tuesday, the central bank said in a statement.\n",
                                  source="loan.md", fmt="md"))
    assert "imf" not in engine.ask("how much was the imf loan?").unknown
    assert "zzq" in engine.ask("how much was the zzq loan?").unknown  # an unknown word still is
    # Nor the capitals of a name with one inside a word (a stranger's "when does the psp launch"
    # was told no article mentions "psp", of a story on Sony's "PlayStation Portable").
    engine.add_article(parse_text("# Handheld race\n\nSony will enter the market later this year with its "
                                  "PlayStation Portable, while rivals wait to see how well it sells.\n",
                                  source="psp.md", fmt="md"))
    assert "psp" not in engine.ask("when does the psp launch?").unknown
    from index.spelling import question_words

    assert question_words("when does the psp launch?", engine.store).read_as == {"psp": ("playstation", "portable")}
    # Camel case only: an acronym's capitals are no name's ("US Army" is no "USA": a review's find).
    engine.add_article(parse_text("# Troops\n\nThe US Army said on Monday that it would send more troops to the "
                                  "region this year, and more next year.\n", source="army.md", fmt="md"))
    assert question_words("what did the USA say about it?", engine.store).read_as == {}


def test_a_mass_mention_in_a_question_is_no_word_of_it(engine):
    # A stranger's "who said that @here" was searched as words, and "why? @everyone" was no
    # follow-up; "@everyone wat did the judge say…" was declined, answered without it.
    tram_id = engine.add_article(trams()).article.id
    plain = engine.ask("How much will the works cost?")
    assert engine.ask("@everyone How much will the works cost? @here").quotes == plain.quotes
    shown = plain.quotes[0]
    said = engine.ask("who said that @here", context=Discussion(tram_id, chosen=False, asked="cost?", quoted=shown))
    assert said.read_as is not None and "@here" not in said.question


def test_asked_whether_an_article_mentions_something_a_quote_naming_it_is_no_unsure_answer(engine):
    # A stranger's "does the hobbit story mention sony" got "the articles may not say" above a
    # quote naming Sony: the answer to "does it mention" is that quote.
    engine.add_article(trams())
    engine.answer_tuning = replace(engine.answer_tuning, unsure_below=1.0)  # every answer doubted
    mention = engine.ask("does the article mention the works?")
    assert mention.answered and "works" in mention.quotes[0].text.casefold() and not mention.unsure
    assert engine.ask("How much will the works cost?").unsure


def test_later_quotes_from_another_story_share_the_questions_words_with_the_first(engine):
    # A stranger's "how many users does deepseek have?" got a Skype story's "now has 28 million
    # users" third, under the DeepSeek story's quotes: another company's number.
    bot = quoting_every_best(engine, "# Zenbot opens its chat model\n\nThe start-up Zenbot released its chat "
                                     "model on Monday.\n\nZenbot says the chat model has found many users in its "
                                     "first six weeks, its founders said.\n", "zenbot.md")
    phone = engine.add_article(parse_text("# Net calls grow\n\nThe calling service now has 28 million users around "
                                          "the world, and its paid service has 940,000 users.\n", source="calls.md",
                                          fmt="md")).article.id
    answer = engine.ask("how many users does zenbot have?")
    assert answer.answered and answer.quotes[0].article_id == bot
    assert all(quote.article_id != phone for quote in answer.quotes)
    # Without the rule the other story's users were quoted (it holds "users", the rarer word).
    engine.answer_tuning = replace(engine.answer_tuning, other_articles_share=0.0)
    assert any(quote.article_id == phone for quote in engine.ask("how many users does zenbot have?").quotes)


def test_a_decade_says_when(engine):
    """"In the 1890s" answers a when-question: a decade was no date to the kind-of-word check, so
    the right quote came with "may not say"."""
    engine.add_article(parse_text("# Harbour trams\n\nThe harbour trams first ran in the 1890s.\n\n"
                                  "Riders still like the blue carriages, which the council repainted for the "
                                  "summer.\n", source="harbour.md", fmt="md"))
    engine.answer_tuning = replace(engine.answer_tuning, unsure_below=0.0, threshold=0.0)
    found = engine.ask("When did the harbour trams first run?", top=1)
    assert found.answered and "1890s" in found.quotes[0].text and not found.unsure


def test_an_answer_holding_no_word_of_the_kind_asked_says_it_is_unsure(engine):
    """A stranger's "who is the ceo of deepseek?" got three confident sentences naming no one:
    answer-type evidence says such quotes may not answer, however confident the trees are."""
    from index.answer import AnswerTuning

    engine.add_article(trams())
    engine.add_article(parse_text(BAKERY, source="bakery.md", fmt="md"))  # every article asked, as among many
    engine.answer_tuning = replace(engine.answer_tuning, unsure_below=0.0, threshold=0.0)
    # One quote, without a date (with three, another quote's "on Tuesday" might be the answer).
    undated = engine.ask("When did residents ask for a stop near the fish market?", top=1)
    assert undated.answered and "fish market" in undated.quotes[0].text and undated.unsure
    assert "may not say" in answer_markdown(undated)
    # ... saying why: none gives a date, not a low confidence (strangers read "with low confidence"
    # above a confidence of 0.84 as contradicting it); in the JSON too.
    assert undated.unsure_kind == "date" and undated.to_json()["unsure_kind"] == "date"
    assert "none of these sentences gives a date" in answer_markdown(undated)
    assert "low confidence" not in answer_markdown(undated)
    # A "when" of a clause asks no date (a stranger's "what did imelda staunton say when she got her
    # award?" was called unsure over her words); "did they say when…?" does.
    said = engine.ask("What did residents say when they asked for a stop near the fish market?", top=1)
    assert said.answered and not said.unsure
    assert engine.ask("Did residents say when they asked for a stop near the fish market?", top=1).unsure
    assert engine.ask("What was the date when residents asked for a stop near the fish market?", top=1).unsure
    priced = engine.ask("How much will the works cost?", top=1)
    assert priced.answered and "40 million euros" in priced.quotes[0].text and not priced.unsure
    engine.answer_tuning = replace(engine.answer_tuning, unsure_untyped=False)
    assert not engine.ask("When did residents ask for a stop near the fish market?", top=1).unsure
    assert AnswerTuning().unsure_untyped


def test_an_answer_the_confidence_model_doubts_says_so_above_its_quotes(engine):
    # Strangers read confident-looking quotes for questions the articles never answer.
    from index.answer import AnswerTuning
    from index.render import unsure_note

    engine.add_article(trams())
    question = "How much will the works cost?"
    sure = engine.ask(question)
    assert sure.answered and "40 million euros" in sure.quotes[0].text
    level = sure.confidence  # the best sentence's, which decided to answer
    engine.answer_tuning = replace(engine.answer_tuning, unsure_below=level + 0.001)
    doubted = engine.ask(question)
    assert doubted.unsure and doubted.quotes == sure.quotes
    text = answer_markdown(doubted)
    assert text.index(unsure_note(doubted)) < text.index("40 million euros")
    assert unsure_note(doubted).startswith("The article may not say")  # the only article indexed
    assert "with low confidence" in unsure_note(doubted) and doubted.unsure_kind is None
    engine.answer_tuning = replace(engine.answer_tuning, unsure_below=level)
    assert not engine.ask(question).unsure and "may not say" not in answer_markdown(engine.ask(question))
    # Shipped, the caution shows only on answers, so only above the threshold.
    assert AnswerTuning().unsure_below > AnswerTuning().threshold


@pytest.mark.parametrize("sentence, speaker", [
    ("Sir Alex Ferguson has called on the Football Association to punish Thierry Henry.", "Sir Alex Ferguson"),
    ("Ferguson believes Henry deliberately caught Heinze on the head.", "Ferguson"),
    ("The plan calls for four new stops.", None),  # a thing, not someone's view
    ('On Sunday, Lib Dem leader Charles Kennedy repeated his call for a "pause".', "Lib Dem leader Charles Kennedy"),
    ("Scientists repeated the experiment three times.", None),  # done again, not said again
    ("Arsenal renewed their interest in the striker on Monday.", None),
    ("The works will begin next spring.", None),
])
def test_whose_view_a_sentence_reports(sentence, speaker):
    from index.text import speaker_named

    assert speaker_named(sentence, reported=True) == speaker
    assert speaker_named(sentence) is None  # no words said


RUN_ON = """# Council defends its asylum plans
Charities said the plans would put lives at risk. "These policies will not provide a safe haven," said Hannah Ward of the Refugee Council. "If people turn up asking for help they will be turned away. The policy means there is no safe haven. "We need good decisions."

The mayor, Ana Field, praised the plans as fair. She said the council would review them in a year.

Ana Field added that the new office would open in May.
"""


def test_who_said_that_after_a_reported_view_and_what_else_did_she_say(engine):
    """A stranger's "who said that?" after "Sir Alex Ferguson has called on the FA to…" was told
    the article's own words had no byline; "what else did she say?" was declined or answered with
    other people's words."""
    article = engine.add_article(parse_text(RUN_ON, source="asylum.md", fmt="md")).article.id
    title = "Council defends its asylum plans"
    view = Quote("The mayor, Ana Field, praised the plans as fair.", article, title, None, 2, 0.9)
    answer = engine.ask("who said that?", context=Discussion(article, chosen=False, asked="what?", quoted=view))
    assert answer.answered and answer.quotes == (view,) and answer.speaker == "Ana Field"
    assert "view" in answer.read_as
    # Her speech goes on after the quote, unattributed: those sentences, said to be hers.
    said = Quote('"These policies will not provide a safe haven," said Hannah Ward of the Refugee Council.',
                 article, title, None, 1, 0.9)
    more = engine.ask("what else did she say?", context=Discussion(article, chosen=False, asked="what?", quoted=said))
    assert more.answered and more.speaker == "Hannah Ward of the Refugee Council"
    assert more.quotes[0].text.startswith('"If people turn up') and more.quotes[0].text.endswith('"We need good decisions."')
    assert "Said by: Hannah Ward of the Refugee Council" in answer_markdown(more)
    # As chat types it too (a stranger's "wat else did he say" was searched as words).
    chat = engine.ask("wat else did she say", context=Discussion(article, chosen=False, asked="what?", quoted=said))
    assert chat.quotes == more.quotes and chat.speaker == more.speaker
    # "She said…" after it is hers too.
    hers = engine.ask("what else did she say?", context=Discussion(article, chosen=False, asked="what?", quoted=view))
    assert hers.quotes[0].text == "She said the council would review them in a year."
    # Nothing goes on after the quote: asked with her name (not "she": anyone).
    last = Quote("Ana Field added that the new office would open in May.", article, title, None, 3, 0.9)
    asked = engine.ask("what else did she say?", context=Discussion(article, chosen=False, asked="what?", quoted=last))
    assert asked.read_as == "what else did Ana Field say?"
    assert last not in asked.quotes
    chat = engine.ask("wat else did she say?", context=Discussion(article, chosen=False, asked="what?", quoted=last))
    assert chat.read_as == "what else did Ana Field say?"  # not "wat else…", which read as the bot's typo


def asked_after_quote(engine, question: str, title: str, lead: str, paragraph: str, quoted: str, source: str):
    """`question` asked after an answer quoting `quoted` of the second paragraph of a story of
    two paragraphs, added first: (that quote, the answer)."""
    article = engine.add_article(parse_text(f"# {title}\n\n{lead}\n\n{paragraph}\n", source=source,
                                            fmt="md")).article.id
    quote = Quote(quoted, article, title, None, 2, 0.9)
    return quote, engine.ask(question, context=Discussion(article, chosen=False, asked="what?", quoted=quote))


def test_what_else_did_he_say_after_all_his_words_says_there_are_no_more(engine):
    """A stranger's "what else did he say?" after every word the article gives Toshihiko Horiuchi
    got Hitachi's and Sony's, under "Read as “what else did Toshihiko Horiuchi say?”"."""
    lead = "Hitachi said the robot was the quickest-moving robot yet, and Sony said its own robot could dance."
    paragraph = ('Explaining why the robot used wheels, Toshihiko Horiuchi of the laboratory said: "We aimed to '
                 'create a robot that could live with people."')
    quote, answer = asked_after_quote(engine, "what else did he say?", "Robot unveiled", lead, paragraph, paragraph,
                                      "robot.md")
    assert not answer.answered and not answer.quotes
    assert answer.message == "The article quotes no more words of Toshihiko Horiuchi than the last answer's quote gave."
    # With more of his words further on, those.
    more = paragraph + ' Hitachi said the robot would go on sale in 2007. "It will work in offices," Horiuchi added.'
    _, answer = asked_after_quote(engine, "what else did he say?", "Robot on sale", lead, more, paragraph, "robot2.md")
    assert answer.answered and any("Horiuchi added" in q.text for q in answer.quotes)
    # His next words said by "he" a paragraph on may be his: not "no more words" (a review found
    # the first version declining them).
    added = ("Robot at work", lead, "Toshihiko Horiuchi of the laboratory said the robot would live with people.\n\n"
             '"It will work in offices and in hospitals from next year," he added.',
             "Toshihiko Horiuchi of the laboratory said the robot would live with people.", "robot3.md")
    _, answer = asked_after_quote(engine, "what else did he say?", *added)
    assert "no more words" not in answer.message
    # More of his words anywhere in the article are quoted, though the search put others first
    # (two strangers were told it "quotes no more words of Michael Howard" over a "He added, on
    # BBC Radio 4's Today programme: …" two paragraphs on).
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)
    far = ("Robot tour", lead, paragraph + "\n\nThe factory in Osaka employs two hundred people on three shifts a day."
           "\n\nToshihiko Horiuchi later showed visitors round the laboratory. He added, on the radio: \"We want "
           "to sell it abroad next year.\"", paragraph, "robot4.md")
    _, answer = asked_after_quote(engine, "what else did he say?", *far)
    assert answer.answered and any("sell it abroad" in q.text for q in answer.quotes), answer
    # Not words a "he" says whom the sentence before names as someone else (a review's find: a Sony
    # engineer's were quoted as Horiuchi's).
    other = ("Robot doubts", lead, paragraph + "\n\nSony engineer Kenji Sato was not convinced by the design. "
             "\"Wheels are a mistake for a home robot,\" he said.", paragraph, "robot5.md")
    quote, _ = asked_after_quote(engine, "what else did he say?", *other)
    assert not any("Wheels are a mistake" in q.text
                   for q in engine._more_of("Toshihiko Horiuchi", quote, (quote,), [GLOBAL], 5))


def test_a_picked_articles_lead_is_not_put_second(engine):
    """The lead goes second where the channel's article was posted (its link preview showed it),
    not for one picked by name: a stranger's `:article china continues` then "how fast did china
    grow" got the lead's 9.5% second, where `ask --article` put it first."""
    growth = engine.add_article(parse_text(
        "# China continues rapid growth\n\nHow fast the economy did grow: the economy grew by a breakneck 9.5% "
        "during 2004, faster than the government had wanted.\n\nChina raised rates by 0.27 percentage points to "
        "5.8% in October, its first rise in nine years, to slow the economy.\n\nExports rose in every quarter of "
        "the year, the statistics office said.\n", source="china.md", fmt="md")).article.id
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0, unsure_below=0.0)
    question = "how fast did the economy grow?"
    asked = engine.ask(question, article_id=growth)
    assert asked.quotes[0].paragraph == 1  # the lead answers it best
    picked = engine.ask(question, context=Discussion(growth, chosen=True, picked=True))
    assert picked.quotes == asked.quotes
    posted = engine.ask(question, context=Discussion(growth, chosen=True))
    assert posted.quotes[0].paragraph != 1 and posted.quotes[1] == asked.quotes[0]


def test_what_else_did_he_say_with_nothing_quoted_asks_what_he_said(engine):
    """A stranger's "what else did he say?" after a decline, in a story quoting one man at length,
    was declined: with no quote to go on from, it asks what he said."""
    tram_id = engine.add_article(trams()).article.id
    answer = engine.ask("what else did he say?", context=Discussion(tram_id, asked="how old is he?"))
    assert answer.read_as == "what did he say?"
    assert answer.quotes == engine.ask("what did he say?", context=Discussion(tram_id, asked="how old is he?")).quotes
    # After a decline of someone's words, he is still that someone: a stranger's "what else did he
    # say?" after "what did clint eastwood say…?" was answered with a pundit's words.
    for asked in ("what did clint eastwood say about the trams?", "what did clint eastwood say about sonny parker?"):
        assert not engine.ask(asked, context=Discussion(tram_id, chosen=True)).answered
        answer = engine.ask("what else did he say?", context=Discussion(tram_id, chosen=True, asked=asked))
        assert answer.read_as == "what did clint eastwood say?" and not answer.answered, asked
    # Not a body's: "he" is no "the unions".
    answer = engine.ask("what else did he say?", context=Discussion(tram_id, asked="what did the unions say?"))
    assert answer.read_as == "what did he say?"
    # Nor hers, where the article calls her "Ms": a stranger's "what else did he say?" after a
    # declined question about a woman was read as her words.
    mayor = engine.add_article(trams(TRAMS.replace("The city council voted", "Ms Ruth Keller, the mayor, said "
                                                   "the city council had voted").replace("trams.md", "x"))).article.id
    for pronoun, read in (("he", "what did he say?"), ("she", "what did ruth keller say?")):
        answer = engine.ask(f"what else did {pronoun} say?",
                            context=Discussion(mayor, chosen=True, asked="what did ruth keller say about parking?"))
        assert answer.read_as == read, pronoun
    # Not where another Keller is named: "Ms Keller" need not be Tom Keller (a review's find).
    couple = engine.add_article(trams(TRAMS.replace("The city council voted", "Ms Ruth Keller, the mayor, and her "
                                                    "husband Tom Keller said the city council had voted"))).article.id
    answer = engine.ask("what else did he say?",
                        context=Discussion(couple, chosen=True, asked="what did tom keller say about parking?"))
    assert answer.read_as == "what did tom keller say?"


def test_it_after_what_something_is_is_read_as_that_something(engine):
    """A stranger's "how much did it cost" after "wat's deepseek" was declined at 0.07; named, it
    was answered at 0.60: the answer says how it was read."""
    tram_id = engine.add_article(trams()).article.id
    context = Discussion(tram_id, chosen=True, asked="what is the tram network?")
    answer = engine.ask("how much will it cost?", context=context)
    assert answer.read_as == "how much will the tram network cost?"
    assert answer.quotes == engine.ask("how much will the tram network cost?", context=context).quotes
    # ... and a question later, the subject kept by the channel.
    later = replace(context, asked="how much will the tram network cost?", subject="what is the tram network?")
    assert engine.ask("when will it open?", context=later).read_as == "when will the tram network open?"
    # Not past a last question naming what the pronoun may stand for instead (a stranger's "why
    # arent they doing enough?" after "what does icstis want the phone companies to do?" was
    # read with "whats rogue dialling?", asked before it); "it" there is still the network.
    workers = replace(later, asked="what do the unions want the council to do?", subject="who are the tram drivers?")
    assert engine.reading("why are they angry?", context=workers)[1] is None
    assert engine.reading("why are they angry?", context=replace(workers, asked="what did Ofsted say?"))[1] == (
        "why are the tram drivers angry?")
    network = replace(later, asked="what do the unions want the council to do?")
    assert engine.reading("when will it open?", context=network)[1] == "when will the tram network open?"
    # A bare "that" is the last question's subject only ("how big is that?"; a review read it as
    # one asked two questions before).
    assert engine.reading("how big is that?", context=context)[1] == "how big is the tram network?"
    assert engine.reading("how big is that?", context=later)[1] is None
    # ... nor when the last question names the subject itself again (a review's find).
    again = replace(workers, asked="why are the tram drivers striking?")
    assert engine.reading("what do they want?", context=again)[1] == "what do the tram drivers want?"


def test_what_about_her_after_someones_words_asks_about_her(engine):
    """A stranger's eight "and what about him/her?", each right after "what did <someone> say?",
    were all read as whom "who is …?" had asked about before; "what did he say?" there still is."""
    story = engine.add_article(parse_text("# Stars at the final\n\nSir Paul McCartney sang at the final on Sunday. "
                                          "Janet Jackson had sung there a year before.\n", source="stars.md",
                                          fmt="md")).article.id
    context = Discussion(story, chosen=True, asked="what did janet jackson say?", subject="who is paul mccartney?")
    assert engine.reading("and what about her?", context=context)[1] == "and what about janet jackson?"
    assert engine.reading("what did he say?", context=context)[1] == "what did paul mccartney say?"
    # Asked what someone said about someone else, the one named last (a stranger's "and what about
    # him?" after "what did mike ruddock say about sonny parker?" meant Parker).
    about = replace(context, asked="what did paul mccartney say about janet jackson?")
    assert engine.reading("and what about her?", context=about)[1] == "and what about janet jackson?"
    # Not one named by role ("the coach"), whom no "her" stands for as a name.
    by_role = replace(context, asked="what did the coach say?")
    assert engine.reading("and what about her?", context=by_role)[1] == "and what about paul mccartney?"


def test_an_answer_opening_with_the_last_answers_first_quote_says_so(engine):
    """Strangers' "why?" and "where?", answered with the quotes just shown, read as ignored."""
    tram_id = engine.add_article(trams()).article.id
    first = engine.ask("how much will the tram works cost?", article_id=tram_id)
    assert first.answered and not first.repeats
    context = Discussion(tram_id, chosen=True, asked=first.question, quoted=first.quotes[0])
    again = engine.ask("how much?", context=context)
    assert again.quotes[0] == first.quotes[0] and again.repeats and again.to_json()["repeats"]
    other = Discussion(tram_id, chosen=True, asked=first.question, quoted=replace(first.quotes[0], start=0, end=5))
    assert not engine.ask("how much?", context=other).repeats
    # A question of its own opening with the same lead is no follow-up ignored: strangers read the
    # note above such answers as clutter.
    long = engine.ask("how much will the tram works cost?", context=context)
    assert long.quotes[0] == first.quotes[0] and not long.repeats


def test_a_sum_asked_in_the_other_currency_the_last_quote_gives_is_that_quote(engine):
    """A stranger's "how much is that in dollars?", straight after "£960m ($1.8bn)" was quoted,
    was declined: no sentence matches "dollars"."""
    story = engine.add_article(parse_text("# Vaccine pledge\nChancellor Gordon Brown has offered £960m ($1.8bn) over "
                                          "15 years to an international vaccine scheme.\n\nCharities welcomed the "
                                          "pledge but asked other rich countries to pay more.\n",
                                          source="vaccine.md", fmt="md")).article.id
    first = engine.ask("how much did brown offer?", article_id=story)
    assert first.answered and "$1.8bn" in first.quotes[0].text
    context = Discussion(story, chosen=True, asked=first.question, quoted=first.quotes[0])
    for question in ("how much is that in dollars?", "whats that in US dollars", "and in pounds?"):
        answer = engine.ask(question, context=context)
        assert answer.answered and answer.quotes == (first.quotes[0],) and answer.repeats, question
    # A currency the quote does not give, or another question: asked as any question.
    from index.text import gives_in_currency

    assert not gives_in_currency("how much is that in euros?", first.quotes[0].text)
    assert not gives_in_currency("how much is the pledge in dollars over ten years?", first.quotes[0].text)
    assert gives_in_currency("how much is that in euros?", "It cost 497m euros (£343m).")
    assert gives_in_currency("how much is that in dollars?", "It cost 1.8 billion dollars.")


def test_and_why_after_an_answer_giving_no_reason_is_not_that_quote_again(engine):
    """Strangers' "and why?" got the last answer's first quote again, eight times in eight, under
    "the same first quote": a fact asked about is seldom its own reason."""
    story = quoting_every_best(engine, "# Mill to close\n\nWorkers heard the news at a meeting on Monday.\n\n"
                                       "The paper mill in Northtown will close in March, with 300 jobs lost.\n\n"
                                       "The owners said falling demand for newsprint had made the mill unprofitable.\n",
                               "mill.md")
    first = engine.ask("when will the paper mill in northtown close?", context=Discussion(story, chosen=True))
    assert first.quotes[0].text.startswith("The paper mill")
    context = Discussion(story, chosen=True, asked=first.question, quoted=first.quotes[0], shown=first.quotes)
    why = engine.ask("and why?", context=context)
    assert why.read_as is not None and why.quotes and why.quotes[0].text != first.quotes[0].text, why.quotes
    # One giving a reason already ("because…") may well be the answer again.
    cause = replace(first.quotes[0], text="The paper mill in Northtown will close because of the cost of power.")
    assert engine.ask("and why?", context=replace(context, quoted=cause)).quotes[0].text == first.quotes[0].text


def test_how_so_after_an_answer_is_more_than_its_quotes_again(engine):
    # Two strangers' "how so?" got the last answer's three quotes again, under "the same first quote".
    story = quoting_every_best(engine, "# Big tech and AI\n\nBig tech firms dominate the AI market.\n\nThey own "
                                       "the largest data centres.\n\nTheir models are trained on data no start-up "
                                       "can buy.\n\nStart-ups rent computing power from the same firms, which sets "
                                       "their prices.\n", "bigtech.md")
    first = engine.ask("what about big tech?", context=Discussion(story, chosen=True), top=2)
    context = Discussion(story, chosen=True, asked=first.question, quoted=first.quotes[0], shown=first.quotes)
    more = engine.ask("how so?", context=context, top=2)
    assert more.quotes and not {q.text for q in more.quotes} & {q.text for q in first.quotes}, more.quotes


def test_he_after_who_did_something_is_whom_the_answer_named(engine):
    """A stranger's "what did he say about the cuts?" after "who runs Oracle?" (answered with
    Larry Ellison's statement) was answered with no word of his."""
    title, lead = "Jobs go at Oracle", "Oracle is cutting about 5,000 jobs after its takeover of Peoplesoft last week."
    paragraph = ('"We will keep most of the technical staff," Oracle\'s chief executive Larry Ellison said. He said the '
                 'cuts would be over within ten days.')
    article = engine.add_article(parse_text(f"# {title}\n\n{lead}\n\n{paragraph}\n", source="oracle.md",
                                            fmt="md")).article.id
    quote = Quote(paragraph.split(" He said")[0], article, title, None, 2, 0.9)
    context = Discussion(article, chosen=True, asked="who runs Oracle?", quoted=quote)
    answer = engine.ask("what did he say about the cuts?", context=context)
    assert answer.read_as == "what did Larry Ellison say about the cuts?"
    # Not after "who said that?" (the speaker is the answer, and "he" may be another), nor when
    # the question named him already, nor after a who-question whose quote names several.
    for asked in ("who said that?", "who did Larry Ellison thank?"):
        assert engine.ask("what did he say about the cuts?", context=replace(context, asked=asked)).read_as is None, asked
    lineup = Quote("Newcastle: Given, Carr, Bramble. Subs Not Used: Harper, Ambrose.", article, title, None, 2, 0.9)
    assert engine.ask("what did he say after the game?",
                      context=replace(context, asked="who scored for Newcastle?", quoted=lineup)).read_as is None
    several = Quote("Larry Ellison and Safra Catz run the firm together.", article, title, None, 2, 0.9)
    assert engine.ask("what did he say about the cuts?",
                      context=replace(context, asked="who leads it?", quoted=several)).read_as is None
    # A speaker whose description does not answer the question ("who scored?" answered with a
    # coach's praise) is not whom "he" means; a sentence naming one, without words said, is.
    praise = Quote('"He was brilliant today," said coach Arsene Wenger.', article, title, None, 2, 0.9)
    assert engine.ask("how old is he?", context=replace(context, asked="who scored?", quoted=praise)).read_as is None
    # Whom a passive's "by" names answers "who criticised him?", and "they" stands for it (a
    # stranger's "what did they say?" after "He has been criticised by the SNP…" got his defenders).
    criticised = Quote("He has been criticised by the SNP for encouraging young people to get drunk.", article, title,
                       None, 2, 0.9)
    assert engine.ask("what did they say?", context=replace(context, asked="who criticised him?", quoted=criticised)
                      ).read_as == "what did the SNP say?"
    scored = Quote("Thierry Henry scored twice in the second half.", article, title, None, 2, 0.9)
    assert engine.ask("how old is he?", context=replace(context, asked="who scored?",
                                                        quoted=scored)).read_as == "how old is Thierry Henry?"
    # Not when the question before said "he" too: "who did he beat?" leaves him who he was (a
    # stranger's "what did he say about grass?" after it was read as the beaten Pete Sampras's).
    beaten = Quote("Safin shocked Pete Sampras in the final.", article, title, None, 2, 0.9)
    assert engine.ask("what did he say about grass?", context=replace(
        context, asked="who did he beat in the final?", quoted=beaten)).read_as is None
    assert engine.ask("what did he say about grass?", context=replace(
        context, asked="who did safin beat in the final?", quoted=beaten)).read_as == "what did Pete Sampras say about grass?"
    # Whom a possessive names, without its "'s"; and not for a "she" where the quote's one is a
    # "he" (a stranger's "is she running at the world indoors next" after "who came 2nd" was read
    # as "is Jason Gardener's running…").
    fifth = Quote("Jason Gardener's unbeaten run came to an end as he came fifth in Birmingham.", article, title, None,
                  2, 0.9)
    after = replace(context, asked="who came 2nd", quoted=fifth)
    assert engine.ask("is he running at the world indoors next", context=after).read_as == (
        "is Jason Gardener running at the world indoors next")
    assert engine.ask("is she running at the world indoors next", context=after).read_as is None
    # A possessive of the question before is no "he" of it (a review's find).
    broke = Quote("Thierry Henry broke his leg in the second half.", article, title, None, 2, 0.9)
    assert engine.ask("how old is he?", context=replace(context, asked="who broke his leg?", quoted=broke)
                      ).read_as == "how old is Thierry Henry?"


def test_she_is_the_one_woman_the_story_calls_ms(engine):
    """A stranger's "what did she say?" after "who announced it?" (its quote naming no one) got a
    Plaid spokesman's words about her first, where the story's only "Ms" is Jane Hutt."""
    story = ("# Waiting times cut\n\nWelsh Health Minister Jane Hutt said no patient would wait more than a year "
             "for an appointment.\n\nThe announcement came as new figures showed a drop. Ms Hutt said the "
             "figures were excellent. Mr Thomas, a Plaid Cymru spokesman, said she had set the same target in "
             "1999 and called for Ms Hutt's removal.\n")
    article = engine.add_article(parse_text(story, source="waits.md", fmt="md")).article.id
    quote = Quote("The announcement came as new figures showed a drop.", article, "Waiting times cut", None, 2, 0.9)
    context = Discussion(article, chosen=True, asked="who announced it?", quoted=quote)
    assert engine.ask("what did she say?", context=context).read_as == "what did Jane Hutt say?"
    # Only a follow-up asking her words: other questions were answered worse read so.
    assert engine.ask("what did she say?", context=replace(context, asked=None)).read_as is None
    assert engine.ask("why did she cut the target?", context=context).read_as is None
    # "He" of a story with one "Mr" is him; with two, or a "Mr" and a "Mrs" of one name, no one.
    assert engine.ask("what did he say?", context=context).read_as == "what did Mr Thomas say?"
    two = engine.add_article(parse_text(story.replace("Mr Thomas, a", "Mr Thomas and Mr Jones, a"), source="two.md",
                                        fmt="md")).article.id
    assert engine.ask("what did he say?", context=replace(context, article_id=two)).read_as is None


def test_what_else_did_they_say_after_a_group_quoted_by_someone_else_asks_the_group(engine):
    """A stranger's "what else did they say?" after "what did the ugandan authorities say?" (its
    first quote the banned playwright's) was read as "what else did Ms Ensler say?"."""
    story = ("# Uganda bans play\n\nUganda's media council has banned the Vagina Monologues. \"It is a "
             "wonderful play,\" said writer Eve Ensler.\n\nThe council said the production could go ahead if "
             "the organisers removed the offending parts.\n")
    article = quoting_every_best(engine, story, "uganda.md")
    quote = Quote('"It is a wonderful play," said writer Eve Ensler.', article, "Uganda bans play", None, 1, 0.9)
    context = Discussion(article, chosen=True, asked="what did the ugandan authorities say?", quoted=quote)
    assert engine.ask("what else did they say?", context=context).read_as == (
        "what else did the ugandan authorities say?")
    # Their own words quoted first: more of them, as before; and "she" is whoever she is, the
    # quote's speaker (a review's find: it was read as the authorities).
    mine = engine.ask("what else did she say?", context=replace(context, asked="what did eve ensler say?"))
    assert "Ensler" in (mine.read_as or "") + (mine.speaker or "")
    hers = engine.ask("what else did she say?", context=context)
    assert "Ensler" in (hers.read_as or "") + (hers.speaker or "") + hers.message


def test_what_exactly_did_he_say_asks_his_words_as_plainly_as_what_did_he_say(engine):
    """A stranger's "what exactly did they say?" after a quote reporting someone's words was searched
    as typed, and "exactly" matched nothing: the story's last sentence came first."""
    story = ("# Terror bill\n\nCharles Clarke said the changes to the terror bill would be enough for the "
             "Commons.\n\nMr Clarke said control orders were needed to protect the public.\n\n\"We will not give "
             "in to terror,\" Mr Clarke told MPs on Monday.\n\nThe bill now faces opposition in the Lords, where "
             "peers want a sunset clause.\n")
    article = quoting_every_best(engine, story, "bill.md")
    quote = Quote("Charles Clarke said the changes to the terror bill would be enough for the Commons.", article,
                  "Terror bill", None, 1, 0.9)
    context = Discussion(article, chosen=True, asked="what did the home secretary say about the bill?", quoted=quote)
    plain = engine.ask("what did he say?", context=context)
    assert plain.read_as == "what did Charles Clarke say?"
    for question in ("what exactly did he say?", "what did he actually say?", "what were his exact words?",
                     "so what did he say exactly?"):
        answer = engine.ask(question, context=context)
        assert answer.question == question
        assert answer.read_as == plain.read_as, question
        assert [q.text for q in answer.quotes] == [q.text for q in plain.quotes], question
    # "what were the exact words?" names no one: the last quote's speaker's (a review's find).
    assert engine.ask("what were the exact words?", context=context).read_as == "what did Charles Clarke say?"
    # Not before anything was asked, and not another question that says "exactly".
    assert engine.ask("what exactly did he say?", context=replace(context, asked=None)).read_as is None
    assert engine.ask("what exactly did he say about lords?", context=context).read_as in (
        None, "what exactly did Charles Clarke say about lords?")


def test_what_else_quotes_none_of_the_last_answers_quotes_again(engine):
    """A stranger's "what else did he say?" after "what did charles clarke say?" got the two Clarke
    sentences just shown as its first two quotes."""
    story = ("# Terror bill\n\nCharles Clarke said the changes to the terror bill would be enough for the "
             "Commons.\n\nMr Clarke said control orders were needed to protect the public.\n\nMr Clarke said "
             "he had no desire to make further concessions on the bill.\n\nThe bill now faces opposition "
             "from peers in the Lords.\n")
    article = quoting_every_best(engine, story, "terror.md")
    first = engine.ask("what did charles clarke say?", context=Discussion(article, chosen=True), top=2)
    assert len(first.quotes) == 2
    context = Discussion(article, chosen=True, asked="what did charles clarke say?", quoted=first.quotes[0],
                         shown=first.quotes)
    more = engine.ask("what else did he say?", context=context)
    assert more.quotes and not {q.text for q in more.quotes} & {q.text for q in first.quotes}, more.quotes
    assert any("no desire" in q.text or "control orders" in q.text for q in more.quotes)


def test_what_else_did_she_say_after_a_mans_words_asks_whom_is_meant(engine):
    # A stranger's "what else did she say?", meaning a woman quoted earlier, got more of Damian
    # Hockney's words (the last quote's), read as "what else did Damian Hockney say".
    story = ("Party row", "Petrina Holdsworth said the party had taken legal advice on the vote.",
             '"We will fight on," said UKIP spokesman Damian Hockney. He added that his members were angry.',
             '"We will fight on," said UKIP spokesman Damian Hockney.', "party.md")
    _, asked = asked_after_quote(engine, "what else did she say?", *story)
    assert not asked.answered and "UKIP spokesman Damian Hockney" in asked.message and "whom do you mean" in asked.message
    _, more = asked_after_quote(engine, "what else did he say?", *story)
    assert more.answered and more.speaker is not None and "Hockney" in more.speaker
    # Whose words a "she added" sentence gives is read as for "who said that?": not its subject's.
    _, asked = asked_after_quote(
        engine, "what else did she say?", "Harbour delay", "The harbour will stay shut another year, the council said.",
        "Mayor Jane Holt said the harbour would reopen next year. Critics welcomed the delay to the plan, she added.",
        "Critics welcomed the delay to the plan, she added.", "harbour3.md")
    assert asked.read_as == "what else did Mayor Jane Holt say?"  # not "…did Critics say?"


def test_saying_or_adding_names_a_capitalised_subject_only_before_words_said():
    from index.text import speaker_named

    assert speaker_named('Mr Botin greeted the waiting media, saying: "I have full faith in justice."') == "Mr Botin"
    assert speaker_named("Mr Smith hit back, saying that the plan works.") == "Mr Smith"
    # Not a clause whose subject capitals cannot mark off, nor a participle giving no words.
    assert speaker_named("The council met on Tuesday, saying the trams would return by May.") is None
    assert speaker_named("Ford shares rose 5% on Monday, adding to gains.") is None


@pytest.mark.parametrize("speaker, name", [
    ("club chairman Ana Field", "Ana Field"),
    ("Hannah Ward of the Refugee Council", "Hannah Ward"),
    ("Cara Diemont of IT firm Dimension Data", "Cara Diemont"),
    ("a spokesman for Sony", "a spokesman for Sony"),
    ("the law lords", "the law lords"),
    ("Mr Tanzi's statement", "Mr Tanzi"),  # a stranger's was read as "what else did Mr Tanzi's say"
    # a capital inside a description names no one ("what else did Olympic say?" was a stranger's)
    ("the double Olympic champion", "the double Olympic champion"),
    ("the Arsenal manager", "the Arsenal manager"),
    # a number opening a name ("what else did Cent say?" was a stranger's)
    ("US rap star 50 Cent", "50 Cent"),
    ("the 2004 champion", "the 2004 champion"),
])
def test_what_else_did_she_say_is_asked_with_the_speakers_name(speaker, name):
    from index.text import speaker_name

    assert speaker_name(speaker) == name


def test_how_long_is_she_banned_quotes_how_long(engine):
    """A stranger's "how long is she banned for?" was quoted the race's date, not the sentence
    saying until when: a ban's length is asked for, and "until the end of the year" gives it."""
    text = """# Sprinter banned after missed tests
The athletics federation has banned sprinter Mia Lund after she missed three drug tests in a row.

Lund will miss the European indoor race on 12 March in Madrid, her coach confirmed on Monday.

She is banned until the end of the year, the federation said, and may appeal against it.
"""
    article_id = engine.add_article(parse_text(text, source="ban.md", fmt="md")).article.id
    for question in ("how long is she banned for?", "how long is lund banned?"):
        answer = engine.ask(question, context=Discussion(article_id, chosen=True))
        assert "until the end of the year" in answer.quotes[0].text, question


def test_what_a_short_form_stands_for_is_the_sentence_spelling_it_out_or_a_decline(engine):
    """A stranger's "what does 3g actually stand for" got three sentences using "3G" and none
    saying "third generation (3G)"; "what does cebit stand for" was quoted confidently of a story
    that never spells it out."""
    from index.answer import spells_out, stands_for_asked

    gig = quoting_every_best(engine, (
        "# Mobile gig aims to rock 3G\n\nA band will play a gig for 3G phones on Thursday.\n\nNow you could be at a "
        "live gig on your mobile, via the latest third generation (3G) video phones.\n\nPeople with 3G phones can "
        "already download clips, and 3G lets people send video much faster.\n"), "gig.md")
    for asked in ("what does 3g actually stand for", "whats 3G short for?", "what does the acronym 3g mean?"):
        answer = engine.ask(asked, article_id=gig)
        assert answer.answered and "third generation (3G)" in answer.quotes[0].text, (asked, answer)
    fair = quoting_every_best(engine, "# Cebit opens\n\nCebit, the world's largest hi-tech fair, has opened its "
                                      "doors in Hanover.\n\nCeBIT is used by many to unveil new products.\n", "fair.md")
    declined = engine.ask("what does cebit stand for?", article_id=fair)
    assert not declined.answered and declined.missing == "spelt", declined
    assert "gives no full form of “Cebit” anywhere" in declined.message  # as the article writes it
    assert engine.ask("what is cebit?", article_id=fair).answered  # no short form asked
    # A stance, not a short form: a name or word as the articles write it (a review's find).
    speech = quoting_every_best(engine, "# Corbyn sets out vision\n\nJeremy Corbyn said Labour stands for fairness "
                                        "and would tax the rich to pay for schools.\n", "vision.md")
    assert engine.ask("what does corbyn stand for?", article_id=speech).missing is None
    assert engine.ask("what does the CeBIT stand for?", article_id=fair).missing == "spelt"  # "the" asked too
    assert stands_for_asked("what does “ukip” stand for") == "ukip"
    assert spells_out("The UK Independence Party outspent Labour.", "ukip")
    assert spells_out("The Food and Drug Administration (FDA) panel met.", "fda")
    assert spells_out("the FDA (Food and Drug Administration) met.", "fda")
    assert not spells_out("The FDA met, and a panel, short for a committee, ruled.", "fda")
    assert spells_out("Non-fungible tokens (NFTs) soared.", "nft")
    assert spells_out("3G, or third-generation, phones", "3g")
    assert spells_out("Artificial intelligence, or AI, is everywhere.", "ai")
    # More of the ways news spells one out, and what is no spelling out (a second review's finds).
    for text, short in (("the boom in NFTs, or non-fungible tokens.", "nft"), ("Marks and Spencer said.", "M&S"),
                        ("Asbos - anti-social behaviour orders - are used.", "asbo"),
                        ("the G8 (Group of Eight) met", "g8"),
                        ("MRSA (methicillin-resistant Staphylococcus aureus) spread.", "mrsa")):
        assert spells_out(text, short), text
    for text, short in (("Michael Portillo said the decision was wrong.", "mp"),
                        ("AI (which nobody likes) is here.", "ai"),
                        ("Ukip, or at least its leader, said so.", "ukip")):
        assert not spells_out(text, short), text
    assert stands_for_asked("what does it stand for?") is None  # "it", not "IT"
    # Spelt out, a short form BBC style writes as a word ("Nato") is put first too; never declined as one.
    alliance = quoting_every_best(engine, "# Nato meets\n\nNato ministers met in Brussels on Thursday.\n\nThe North "
                                          "Atlantic Treaty Organisation was founded in 1949 by twelve countries.\n",
                                  "nato.md")
    spelt = engine.ask("what does nato stand for?", article_id=alliance)
    assert "North Atlantic Treaty Organisation" in spelt.quotes[0].text
    # Never declined where its words are there however written, nor for a brand's name (a third
    # review's finds: "what does AI stand for?" of the launch article's "Artificial intelligence
    # is the latest frontier…").
    crypto = quoting_every_best(engine, "# Crypto AI and DeepSeek\n\nArtificial intelligence is the latest frontier "
                                        "for DeepSeek, and the Royal Society for the Prevention of Cruelty to Animals "
                                        "said nothing of it.\n", "crypto.md")
    for asked in ("what does AI stand for?", "what does DeepSeek stand for?", "what does the RSPCA stand for?"):
        assert engine.ask(asked, article_id=crypto).missing != "spelt", asked
    assert not spells_out("Sir Alex Ferguson said the team was tired.", "saf")


def test_a_short_form_spelt_out_answers_however_unsure_and_one_spelt_out_nowhere_is_declined_anywhere(engine):
    """A stranger's "what does riaa stand for" was declined at 0.17 though the story says "…by the
    Recording Industry Association of America"; "whats an mp3 short for" was quoted where "what
    does mp3 stand for?" was declined; "what does IBM stand for" asked of every article got three
    sentences using "IBM" where its story declined."""
    from index.answer import spells_out, stands_for_asked, written_out_loosely

    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.99)  # only a rule answers
    suits = engine.add_article(parse_text(
        "# Music suits filed\n\nA student who linked to MP3 files must pay damages.\n\nIn the US, 717 more lawsuits "
        "were filed this week by the Recording Industry Association of America.\n\nThe suits cite people sharing "
        "music on peer-to-peer services such as KaZaa.\n", source="suits.md", fmt="md")).article.id
    for asked, spelt in (("what does riaa stand for", "Recording Industry"),
                         ("what does p2p stand for", "peer-to-peer")):
        answer = engine.ask(asked, article_id=suits)
        assert answer.answered and spelt in answer.quotes[0].text and not answer.unsure, (asked, answer)
        assert len(answer.quotes) == 1  # the others as unsure as the trees say: not shown uncautioned
    assert engine.ask("whats an mp3 short for", article_id=suits).missing == "spelt"
    engine.add_article(parse_text("# IBM frees patents\n\nComputer giant IBM is to free 500 of its software patents "
                                  "for use by the open source community.\n", source="ibm.md", fmt="md"))
    cold = engine.ask("what does IBM stand for")
    assert not cold.answered and cold.missing == "spelt", cold
    assert not written_out_loosely("A guy tipped a bucket by the court on Friday.", "bbc")
    # What is no full form, however its initials fall (a fourth review's finds), and what is.
    for text, short in (("The BNP stands for election in 50 seats.", "bnp"), ("Alex Salmond (SNP) held Banff.", "snp"),
                        ("She became an MP, or more precisely a peer.", "mp"), ("the EU, or even the UN", "eu"),
                        ("The local MP (Mark Prisk) said so.", "mp"), ("It was a three-day event.", "3d")):
        assert not spells_out(text, short), text
    for text, short in (("The Ultra low-latency Transport Layer (uTL) ran.", "uTL"),  # a lowercase word passed over
                        ("It led to loop gravity (or LQG), which", "LQG"), ("the PSF or Parti Social Fort won", "PSF"),
                        ("The Ministry of Defence (MoD) said.", "MoD"), ("Transport for London, or TfL, said.", "tfl"),
                        ("the Department for Education and Skills (DfES) said", "dfes"), ("back-to-back deals", "b2b")):
        assert spells_out(text, short), text
    assert stands_for_asked("what does the UK stand for on Iraq?") is None  # a stance
    assert written_out_loosely("the Department for Environment, Food and Rural Affairs said", "defra")
    assert written_out_loosely("many internet service providers blocked it", "isp")


def test_a_why_questions_lead_giving_no_reason_goes_after_a_quote_giving_one(engine):
    """A stranger's "why was harinordoquy dropped?" of a picked story got the lead saying only that
    he was dropped, and the reason second."""
    dropped = quoting_every_best(engine, "# Striker dropped\n\nThe striker has been dropped from the squad for "
                                         "Saturday's match against the champions.\n\nHe was left out because of a "
                                         "poor display in training, the coach told reporters.\n", "dropped.md")
    question = "why was the striker dropped from the squad?"
    assert [q.paragraph for q in engine.ask(question, article_id=dropped).quotes] == [2, 1]
    assert [q.paragraph for q in engine.ask(question).quotes] == [2, 1]  # cold too: nobody has read it
    engine.answer_tuning = replace(engine.answer_tuning, cause_first=False)
    assert [q.paragraph for q in engine.ask(question, article_id=dropped).quotes] == [1, 2]
    engine.answer_tuning = replace(engine.answer_tuning, cause_first=True)
    # A lead that gives one stays first (a review's "…, mainly due to the weakness of the dollar").
    injured = quoting_every_best(engine, "# Winger dropped\n\nThe winger has been dropped from the squad because of "
                                         "a knee injury, the club said on Friday.\n\nThe coach said he hoped the "
                                         "winger would be fit again because the team needed him.\n", "injured.md")
    assert engine.ask("why was the winger dropped from the squad?", article_id=injured).quotes[0].paragraph == 1
    # Asked of every article, never another story's quote before the best one's lead.
    engine.add_article(parse_text("# Keeper dropped\n\nThe keeper has lost his place at the club after a poor run "
                                  "of games this season.\n\nThe forward was also dropped from the squad for the cup "
                                  "tie because of a row, the club said.\n", source="keeper.md", fmt="md"))
    alone = quoting_every_best(engine, "# Forward dropped\n\nThe forward has been dropped from the squad for the "
                                       "cup tie on Saturday against the champions, the manager said.\n", "alone.md")
    cold = engine.ask("why was the forward dropped from the squad for the cup tie on saturday against the "
                      "champions?").quotes
    assert cold[0].article_id == alone and cold[0].paragraph == 1, [(q.title, q.paragraph) for q in cold]


def test_a_team_sheet_is_quoted_only_for_a_question_asking_a_side(engine):
    """Strangers got a match report's team sheet ("Meldrum, McNamee, Bahoken (Stanic 45), …") as a
    second or third quote about 60 times in their sets, never one answering, and once, at 0.86, as
    the answer to "who do hearts play in the semis?"."""
    sheet = ("Meldrum, McNamee, Bahoken (Stanic 45), Deloumeaux, Strong, Dair, Easton, Mark Wilson (Vincze 45), "
             "Lilley.")
    story = quoting_every_best(engine, "# Hearts 2-1 Livingston\n\nHearts beat Livingston in the Scottish Cup "
                                       "quarter-final with two early goals.\n\nEaston headed in a goal for "
                                       f"Livingston after an hour.\n\n{sheet}\n", "hearts.md")
    for question in ("who do hearts play in the semis?", "did easton play well?", "what did meldrum do?"):
        found = engine.ask(question, article_id=story, top=3)
        assert found.answered and all(sheet not in q.text for q in found.quotes), (question, found.quotes)
    assert any(sheet in q.text for q in engine.ask("who was in the livingston side?", article_id=story, top=3).quotes)
    engine.answer_tuning = replace(engine.answer_tuning, team_sheets=True)
    assert any(sheet in q.text for q in engine.ask("what did meldrum do?", article_id=story, top=3).quotes)
    # Only a bare list of names: a sentence naming several does something.
    from index.answer import TEAM_SHEET

    assert TEAM_SHEET.fullmatch("Sony, Philips, Matsushita, Samsung, Apple and Dell have joined the group.") is None
    assert TEAM_SHEET.fullmatch(": Sheahan, Horan, O'Callaghan, Miller, G Easterby, Humphreys, Duffy.")
    assert TEAM_SHEET.fullmatch("Wales: G Thomas; H Luscombe, T Shanklin, G Henson, S Williams, S Jones.")
    # Asked for a side or any list, in chat's words too (a review's finds), it is quoted.
    from index.answer import asks_for_a_side

    for question in ("who's playing for livingston?", "who played for them", "who did they pick?",
                     "which bands are playing?", "who is headlining?", "who is captaining scotland?"):
        assert asks_for_a_side(question), question
