"""Questions about the launch article itself, with the real model and index."""
from __future__ import annotations

import pytest

from index.chunk import chunk
from index.render import answer_markdown

pytestmark = pytest.mark.integration

BYLINE = "Opinion: Zain Jaffer, co-founder of Vungle"


def launch(engine):
    [info] = engine.articles()
    return engine.store.article(info.collection, info.id)


@pytest.mark.parametrize("question", ["Who wrote this?", "who is the author?",
                                      "Who wrote the article about DeepSeek?"])
def test_who_wrote_the_launch_article_quotes_its_byline(real_engine, question):
    answer = real_engine.ask(question)
    assert answer.answered
    [quote] = answer.quotes
    assert quote.text == BYLINE == launch(real_engine).text[quote.start:quote.end]
    assert quote.paragraph == 1
    assert quote.title == "Crypto AI, decentralisation and DeepSeek"


@pytest.mark.parametrize("question", ["Where was it published?", "When was it published?"])
def test_where_and_when_give_the_articles_citation_line(real_engine, question):
    answer = real_engine.ask(question)
    assert answer.answered and not answer.quotes
    assert "Crypto AI, decentralisation and DeepSeek — Zain Jaffer, Cointelegraph, 2025-02" in answer_markdown(answer)
    assert (answer.about.publisher, answer.about.published) == ("Cointelegraph", "2025-02")


@pytest.mark.parametrize("question", ["What does the author conclude?", "What's the main argument?"])
def test_what_it_concludes_quotes_its_closing_paragraphs(real_engine, question):
    article = launch(real_engine)
    answer = real_engine.ask(question)
    assert answer.answered and len(answer.quotes) == 3
    paragraphs = sorted({p.paragraph for p in chunk(article)})
    closing = answer.quotes[0]
    # The last paragraph is the disclaimer under the repeated byline; the one before closes.
    assert closing.paragraph == paragraphs[-2]
    assert closing.text.startswith("The battle for AI decentralization is not over.")
    assert "whether it can really compete with the big technology" in closing.text
    for quote in answer.quotes:
        assert quote.text == article.text[quote.start:quote.end]
        assert "informational purposes" not in quote.text and BYLINE not in quote.text


def test_a_content_question_is_still_answered_from_the_text(real_engine):
    answer = real_engine.ask("How much did DeepSeek spend to build its model?")
    assert answer.about is None and "$6 million" in answer.quotes[0].text


@pytest.mark.parametrize("question, said", [
    ("what does he say about the walled garden?", "another walled garden controlled by companies like Google"),
    ("what does the writer say about crypto teams using openai apis?", "some crypto AI teams have adopted"),
    ("what does the article say about censorship?", "resistant to censorship"),
])
def test_what_the_author_says_about_something_quotes_where_the_article_says_it(real_engine, question, said):
    """Asked so by new users, these were declined: "author", "article" and "say" led the model to
    bylines and speech (the walled-garden sentence's confidence was 0.04)."""
    answer = real_engine.ask(question)
    assert answer.answered and answer.read_as.startswith("what about ")
    assert said in answer.quotes[0].text


def test_asked_whether_it_mentions_what_it_never_does_the_launch_article_says_no(real_engine):
    answer = real_engine.ask("does the article mention anthropic or claude?")
    assert not answer.answered and answer.unmentioned == ("anthropic", "claude")
    assert real_engine.ask("does it mention the bitcoin white paper?").answered


def test_who_wrote_it_of_a_book_review_with_no_byline_names_the_books_writer(real_engine):
    from index.ingest import parse_text

    review = parse_text(
        "# Fantasy book wins Hollywood deal\nA British author has had the film rights to her children's "
        "novel snapped up by Ridley Scott's company.\n\nWolf Brother is the first of six planned books by "
        "Michelle Paver, set in the Stone Age.\n\n\"Michelle Paver lives and breathes the worlds she writes "
        "about,\" said a spokesman for the author.\n", source="review.md", fmt="md")
    real_engine.add_article(review)
    answer = real_engine.ask("who wrote it?", article_id=review.id)
    assert answer.answered and "Michelle Paver" in answer.quotes[0].text
    # The launch article has a byline: "it" is the article, as before.
    launch_id = next(info.id for info in real_engine.articles() if info.id != review.id)
    assert real_engine.ask("who wrote it?", article_id=launch_id).quotes[0].text == BYLINE
