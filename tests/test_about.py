"""Questions about an article itself ("who wrote this?", "when was it published?", "what does
the author conclude?"): which questions are recognised, which article they are about, and the
answers a user sees (with the fake embedder)."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest

from index.about import AboutQuestion, bylines, detect, is_disclaimer, said_about
from index.byline import byline_outlet
from index.chunk import chunk
from index.engine import GLOBAL, Engine, guild_collection
from index.errors import ArticleNotFound
from index.ingest import parse_text
from index.models import Article, Discussion, Quote
from index.render import answer_json, answer_markdown

from bot import render as discord_render

from .conftest import LAUNCH_ARTICLE
from .test_cli import run  # noqa: F401  (fixture)


# which questions are about the article itself ------------------------------------------------
@pytest.mark.parametrize("question, aspect, topic", [
    ("Who wrote this?", "author", None),
    ("who wrote it", "author", None),
    # a review is the article (a stranger's "who wrote the review" of a DVD review got its paragraphs)
    ("who wrote the review", "author", None),
    ("whos the reviewer", "author", None),
    ("who reviewed this", "author", None),
    ("who is the author?", "author", None),
    ("Who's the author of this article?", "author", None),
    ("Who is this by?", "author", None),
    ("who was it written by?", "author", None),
    ("By whom was this piece written?", "author", None),
    ("what's the author's name?", "author", None),
    ("who is the journalist behind this story?", "author", None),
    ("Can you tell me who wrote this piece, please?", "author", None),
    ("who's the author anyway", "author", None),  # a stranger's was searched for
    ("anyway, who wrote it?", "author", None),
    ("do you know who the author is?", "author", None),
    ("Who wrote the op-ed?", "author", None),
    ("who wrote the latest article?", "author", None),
    ("who wrote the article about DeepSeek?", "author", "DeepSeek"),
    ("Who wrote the DeepSeek article?", "author", "DeepSeek"),
    ("Who’s the author of the story on the tram network?", "author", "the tram network"),
    ("where was it published?", "publisher", None),
    ("where did it appear?", "publisher", None),
    ("where did this article run", "publisher", None),
    ("Where was this article published?", "publisher", None),
    ("Which publication ran this story?", "publisher", None),
    ("what site is this from?", "publisher", None),
    ("What outlet published the op-ed?", "publisher", None),
    ("what's the source?", "publisher", None),
    ("who published this?", "publisher", None),
    ("when was it published?", "published", None),
    ("When was this article written?", "published", None),
    ("what date was this published?", "published", None),
    ("what is the publication date?", "published", None),
    ("when did the story come out?", "published", None),
    ("what's the link?", "url", None),
    ("link to the article?", "url", None),
    ("where can I read the full article?", "url", None),
    ("what does the author conclude?", "conclusion", None),
    # of what the piece is about, overall (a stranger's of a game review was declined)
    ("what did the reviewer think of it overall", "conclusion", None),
    ("what did the reviewer think of the game?", "conclusion", None),
    ("what's the reviewer's verdict?", "conclusion", None),
    ("give me the key points", "point", None),
    ("what does the article say?", "point", None),
    ("what does this story talk about", "point", None),
    ("Summarize the main takeaways", "point", None),
    ("show me a summary", "point", None),
    ("what's the main argument?", "conclusion", None),
    ("What is the main point of the piece?", "point", None),
    ("whats the gist of the story", "point", None),
    ("what's the takeaway?", "point", None),
    ("what's the article's main message?", "point", None),
    ("what's the bottom line?", "conclusion", None),
    ("tl;dr?", "point", None),
    ("tldr of this article", "point", None),
    ("can you summarise the article", "point", None),
    ("can you sum it up for me", "point", None),
    ("summary pls", "point", None),
    ("what are the key points", "point", None),
    ("give me a quick summary of the deepseek article", "point", "deepseek"),
    ("source?", "publisher", None),
    ("publication date?", "published", None),
    ("date published?", "published", None),
    ("what's the tl;dr", "point", None),
    ("can u summarize this", "point", None),
    ("main idea?", "point", None),
    ("who wrote this lol", "author", None),
    ("written by?", "author", None),
    ("whats the authors opinion", "conclusion", None),
    ("what's the author's take?", "conclusion", None),
    ("what is the article's final point?", "conclusion", None),
    ("what's its final message", "conclusion", None),
    ("what's the message of the article?", "point", None),
    ("lol who wrote this", "author", None),
    ("wait who wrote that", "author", None),
    ("any author?", "author", None),
    ("what did the conclusion say", "conclusion", None),
    ("what is the article's conclusion?", "conclusion", None),
    ("what is the author arguing?", "conclusion", None),
    ("How does the article end?", "conclusion", None),
    ("what is this article about?", "point", None),
    ("What does the article about DeepSeek conclude?", "conclusion", "DeepSeek"),
    # chat spellings, trailing words and a second question joined on
    ("whos the author and what's their background?", "author", None),
    ("so what does the author conclude in the end?", "conclusion", None),
    ("whats the main argument here", "conclusion", None),
    ("who is the author, like whats his background", "author", None),
    # ... or asked back after a comma (strangers got quotes of the story, and a decline for "bbc")
    ("who wrote this, is it a columnist?", "author", None),
    ("who wrote the article, was it a bbc reporter", "author", None),
    ("where was this published, was it the times?", "publisher", None),
    # a chat message's mentions address someone; they are not part of the question
    ("who wrote this? @everyone", "author", None),
    ("<@123456> who wrote this?", "author", None),
    ("<@!42> <@&7> where was it published?", "publisher", None),
    ("hey @quotebot who wrote the mac mini article?", "author", "mac mini"),
    # who disagrees: the article's criticism and opposition (strangers' "who disagrees?" was declined)
    ("who disagrees?", "criticism", None),
    ("what are the arguments against?", "criticism", None),
    ("what do critics say about it", "criticism", None),
    ("is anyone against it?", "criticism", None),
    ("what's the criticism?", "criticism", None),
    ("who disagrees with them", "criticism", None),
    ("any criticism?", "criticism", None),  # a stranger's was asked as the text's words, and declined
    ("is there any opposition to it?", "criticism", None),
    ("has there been any criticism?", "criticism", None),
    # who is in it: the sentences naming its people (a stranger's "who is involved?" was declined)
    ("who is involved?", "people", None),
    ("so whos involved", "people", None),
    ("who are the main people in this story?", "people", None),
    ("who does the article mention?", "people", None),
    ("which people are named in the article?", "people", None),
    # ... and who else (a stranger's "who else is mentioned?" got three sentences on one man)
    ("who else is mentioned?", "people", None),
    ("anyone else named", "people", None),
    ("who else is in the story?", "people", None),
    ("is this financial advice?", "disclaimer", None),
    ("is this an opinion piece or actual news", "disclaimer", None),
    # ... misspelt (a stranger's was declined; spelt right, answered)
    ("is this an opinion peice or actual reporting?", "disclaimer", None),
    ("is this an opinon piece?", "disclaimer", None),
    ("is this an opinion piece or just news?", "disclaimer", None),  # a stranger's was declined
    ("what's the disclaimer?", "disclaimer", None),
    ("Is this article sponsored?", "disclaimer", None),
])
def test_questions_about_the_article_itself_are_recognised(question, aspect, topic):
    found = detect(question)
    assert found is not None, question
    assert (found.aspect, found.topic) == (aspect, topic)
    assert not found.fact


@pytest.mark.parametrize("question", [
    "what company did the author cofound?",
    "Which firm does the author work for?",
    "does the author work at vungle",
    "is the author a co-founder of Vungle?",
    "what does the author do?",
    "where does the author work?",
    "what's the author's background?",
    "what does the author's company do?",  # a stranger's got the article's "common companies"
])
def test_questions_about_who_the_author_is_want_more_than_a_name(question):
    assert detect(question) == AboutQuestion("author", fact=True)


@pytest.mark.parametrize("question", [
    # about something inside an article: the normal pipeline answers these
    "who did the report?",
    "when did it come out?",  # after "what is deepseek?", DeepSeek (a stranger got the article's date)
    "who wrote the letter to the minister?",
    "who reviewed the evidence?",
    "who reviewed it?",  # after "what is the new policy?", the policy
    "when was the review published?",  # a government's review in the story, say
    "what is the conclusion of the review?",
    "who criticised the review?",
    "Who wrote the letter about the story?",
    "when was the bill published?",
    "where was the study published?",
    "who published the report?",
    "what did the committee conclude?",
    "who is involved in the deal?",  # names what: the pipeline's
    "who's in it?",  # a film's cast
    "who else is in it?",
    "who was named?",  # named captain, say
    "who is quoted?",  # whose words
    "which companies are involved?",  # the names it lists, not the most named people
    "what is the committee's conclusion?",
    "what is the main argument of the committee?",
    "who is the journalist?",
    "what's the paper?",
    "what is the address?",
    "what does the author think about China?",
    "what does the article say about prices?",
    "when did the company publish its results?",
    "Who is Zain Jaffer?",  # a name: the engine asks whether it is the found article's author
    "what company does the author say will win?",
    "is the minister's plan good advice?",
    "is DeepSeek an opinion leader?",
    "does the author think prices will fall?",
    "How much did DeepSeek spend to build its model?",
    "Who wrote the article in the Lancet that the minister cited?",
    "summarize the bill",
    "what happened to the miners?",
    "what's the point of the bill?",
    "what is the summary of the report?",
    "what is the source of the data?",
    "what date did the meeting happen?",
    "what is the opinion of the committee?",
    "what's the verdict?",
    "what did the reviewer think of the graphics?",  # a topic: what the piece says of it
    "what did the author say about the book?",  # a novelist's, in a story about her (a review's find)
    "what did the author think of the book?",
    "what was its verdict?",  # a jury's, in a court story
    "what was the message?",
    "what's the message behind it",
    "what was the upshot?",
    "release date?",
    "date?",
    "and then what happened?",
    "what happened in the end?",
    "what happened next?",
    "how much did it cost, was it a lot?",  # asked back after a comma, of no question about the article
    "what did the release say, was it about prices?",
    "summary, did they win?",  # asked back about the story, not who or where (a review's find)
    "who wrote this, did they interview anyone?",
    "what's the main point, is it that prices will fall?",
])
def test_questions_about_what_an_article_says_are_left_to_the_pipeline(question):
    assert detect(question) is None


# bylines and disclaimers ---------------------------------------------------------------------
@pytest.mark.parametrize("line", [
    "By Jane Doe",
    "BY JANE DOE | Reuters",
    "Written by Jane Doe and John Roe",
    "By The Associated Press",
    "*By Jane Doe*",
    "Opinion: Zain Jaffer, co-founder of Vungle",
    "Jane Doe, BBC News",
    "Jane Doe | Staff Writer",
])
def test_byline_lines_are_found_without_front_matter(line):
    text = f"{line}\nThe council voted on Tuesday to expand the tram network across the city."
    [span] = bylines(Article("a", "Trams", text))
    assert text[span.start:span.end] == line.strip("*")


@pytest.mark.parametrize("line", [
    "By Tuesday the council had voted to expand the network.",
    "Opinion: Crypto Needs Rules",
    "New York, Monday",
    "Paris, France",
    "Cost Factor",
    "What Deepseek Means To Crypto AI",
])
def test_headings_and_sentences_are_not_bylines(line):
    text = f"{line}\nThe council voted on Tuesday to expand the tram network across the city."
    assert bylines(Article("a", "Trams", text)) == []


def test_a_columns_closing_line_saying_who_wrote_it_is_a_byline():
    """A new user's "who wrote this?" of a BBC column was told it has no byline: its last line is
    "Bill Thompson is a regular commentator on the BBC World Service programme Go Digital."."""
    bio = "Bill Thompson is a regular commentator on the BBC World Service programme Go Digital."
    text = f"The council voted on Tuesday to expand the tram network across the city.\n\n{bio}"
    [span] = bylines(Article("a", "Trams", text))
    assert text[span.start:span.end] == bio
    # Only as the text's last line, and only of a named writer.
    assert bylines(Article("a", "Trams", f"{bio}\n\nThe council voted on Tuesday to expand the network.")) == []
    for line in ("The mayor is a regular commentator on local radio.", "Bill Thompson is a regular at the pub."):
        assert bylines(Article("a", "Trams", f"The council voted on Tuesday.\n\n{line}")) == []


def test_a_reports_closing_line_without_an_article_is_a_byline_too():
    """Eight BBC reports end "Clark Boyd is technology correspondent for The World, a BBC World
    Service and WGBH-Boston co-production" (no "a"): a closing line saying who wrote it all the same."""
    bio = "Clark Boyd is technology correspondent for The World, a BBC World Service and WGBH-Boston co-production"
    text = f"The council voted on Tuesday to expand the tram network across the city.\n\n{bio}"
    [span] = bylines(Article("a", "Trams", text))
    assert text[span.start:span.end] == bio


def test_a_short_line_naming_the_front_matter_author_is_a_byline():
    text = "Ana Field in Northtown\nThe council voted on Tuesday to expand the tram network.\nAna Field lives there."
    spans = bylines(Article("a", "Trams", text, author="Ana Field"))
    assert [text[s.start:s.end] for s in spans] == ["Ana Field in Northtown"]  # not the sentence


@pytest.mark.parametrize("sentence, disclaimer", [
    ("This article is for general informational purposes and is not intended to be considered legal or "
     "investment advice.", True),
    ("The views, thoughts and opinions expressed here are the author's alone and do not necessarily reflect "
     "the views of Cointelegraph.", True),
    ("© 2025 Northtown Post. All rights reserved.", True),
    ("Sign up for our newsletter to get the news every morning.", True),
    ("Investors should not rely on a single provider of AI models.", False),
    ("This is not financial advice.", True),
    ("The Tories say ministers must publish the legal advice on the war.", False),
    ("The battle for AI decentralization is not over.", False),
])
def test_disclaimers_are_told_from_content(sentence, disclaimer):
    assert is_disclaimer(sentence) is disclaimer


# answers ----------------------------------------------------------------------------------
TRAMS = """---
title: Trams come back to Northtown
author: Ana Field
url: https://news.example/trams
publisher: Northtown Post
published: 2025-03-04
---
The city council voted on Tuesday to expand the tram network, adding four new stops in the northern districts.

Construction
The works will begin next spring and cost 40 million euros, paid by the regional government.

Residents of the old harbour asked for a stop near the fish market, but the council refused it.
"""

BYLINED = """# Harbour fish market reopens
By Jane Doe

The fish market on the old harbour reopened on Saturday after two years of repairs.

The traders said the new roof keeps the stalls dry in winter storms.

In the end, the repairs show that the harbour can still draw crowds when the city invests in it. The market should now be the model for the other quays.

This article is for general informational purposes and is not intended as investment advice.
"""

PLAIN = """# A bakery wins the national bread prize
The family bakery on Mill Street won the national bread prize for its sourdough loaf.

The jury praised the crust and the long fermentation of eighteen hours.
"""

OPINION = """# Quays need more than paint
Opinion: Jane Doe, chair of the Harbour Society

The quays were repaired last year, but the city still treats them as a car park rather than a place to walk.

The views expressed here are the author's own.
"""

MINISTER = """# Harbour letter
The mayor wrote the letter to the minister on Monday, asking for money to dredge the harbour.

The minister has not answered the letter yet.
"""


def add(engine: Engine, text: str, source: str, collection: str = GLOBAL) -> Article:
    article = parse_text(text, source=source, fmt="md")
    engine.add_article(article, collection)
    return article


def paragraph_of(article: Article, offset: int) -> int:
    """The paragraph chunk() gives the text at `offset` (a byline folded into the paragraph it
    heads counts as that paragraph)."""
    return next(p.paragraph for p in chunk(article) if p.start <= offset < p.end)


def test_who_wrote_it_quotes_the_byline_verbatim_with_its_paragraph(engine):
    article = add(engine, BYLINED, "market.md")
    answer = engine.ask("Who wrote this?")
    assert answer.answered
    [quote] = answer.quotes
    assert quote.text == "By Jane Doe" == article.text[quote.start:quote.end]
    assert quote.paragraph == paragraph_of(article, quote.start)
    assert quote.title == "Harbour fish market reopens"
    assert "> By Jane Doe [1]" in answer_markdown(answer)
    assert "[1] Harbour fish market reopens, paragraph" in answer_markdown(answer)


def test_the_launch_articles_byline_is_quoted_from_its_first_line(engine):
    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(article)
    answer = engine.ask("who is the author?")
    [quote] = answer.quotes
    assert quote.text == "Opinion: Zain Jaffer, co-founder of Vungle"
    assert (quote.start, quote.paragraph) == (0, 1)  # the kicker line heads the first paragraph
    assert "Article: Crypto AI, decentralisation and DeepSeek — Zain Jaffer, Cointelegraph, 2025-02" in answer_markdown(answer)


@pytest.mark.parametrize("question", ["Who is Zain Jaffer?", "what company did the author co-found?",
                                      "does the author work at Vungle?", "does the author run a company?",
                                      # a stranger's was declined cold: the byline is no sentence searched
                                      "who co-founded vungle", "who is the founder of Vungle?",
                                      # ... nor were these (thirtieth session)
                                      "what company did zain jaffer co-found", "what is zain jaffer co-founder of?",
                                      "what company has zain jaffer co-founded?"])
def test_who_the_author_is_is_answered_by_a_byline_that_says(engine, question):
    add(engine, TRAMS, "trams.md")
    # The launch article is the latest: "the author" means its author, "Zain Jaffer" names it.
    engine.add_article(parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md"))
    answer = engine.ask(question)
    assert [q.text for q in answer.quotes] == ["Opinion: Zain Jaffer, co-founder of Vungle"]


def test_a_byline_answers_only_the_role_it_gives():
    from index.about import byline_with, role_asked_of

    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    assert byline_with(article, *role_asked_of("who co-founded vungle?")) is not None
    # "co-founder" says nothing of who runs it or who founded something else.
    for question in ("who is the ceo of vungle?", "who runs vungle", "who founded deepseek?",
                     "which firm does zain jaffer run?"):
        assert byline_with(article, *role_asked_of(question)) is None, question
    assert role_asked_of("who is vungle?") is None


@pytest.mark.parametrize("question, aspect", [("who's the auther", "author"), ("when was it publised?", "published"),
                                              ("is there a disclamer?", "disclaimer"), ("who is the writter", "author"),
                                              ("who is the publsher", "publisher"), ("who is the auhtor", "author"),
                                              ("wen was the article publised", "published"),
                                              ("whats teh main point", "point"), ("who wrote dis", "author"),
                                              ("wats the main point of the napster story", "point"),
                                              ("who wrote this artical", "author"),
                                              # as near "writer" as "written" (a stranger's got quotes)
                                              ("when was this writen?", "published")])
def test_a_typo_in_a_question_about_the_article_itself_is_read_as_the_word(question, aspect):
    """A new user's "who's the auther" got the disclaimer's "the authors alone", no byline."""
    assert detect(question).aspect == aspect


@pytest.mark.parametrize("question, aspect", [("whats this one about", "point"), ("who wrote this one?", "author"),
                                              # of a thing in it, as with "it" (a review's finds)
                                              ("how old is that one?", None), ("how did that one end?", None),
                                              ("when did that one come out?", None), ("how old is this one?", None)])
def test_this_one_is_the_article(question, aspect):
    """A stranger's "whats this one about" got paragraph 4 quoted; "whats this about" gets the lead."""
    asked = detect(question)
    assert (asked and asked.aspect) == aspect


def test_a_typo_of_article_still_asks_what_it_says_about_something():
    """A stranger's "does the artical mention ethereum" was declined; spelt right, answered."""
    from index.about import said_about

    assert said_about("does the artical mention ethereum") == said_about("does the article mention ethereum")
    assert said_about("does the artical mention ethereum").topic == "ethereum"
    # The topic as typed: "the artic" is no "article" (a review's find).
    assert said_about("does the artical mention the artic").topic == "the artic"


@pytest.mark.parametrize("question, of_article", [("when was it released?", "when was the article released?"),
                                                  ("who released it?", "who released the story?"),
                                                  ("what is the release date?", None)])
def test_released_or_run_of_it_is_not_asked_of_the_article(question, of_article):
    # A stranger's "when was it released?" about a single was told the article has no date.
    assert detect(question) is None
    if of_article is not None:  # saying "article" or "story", it is
        assert detect(of_article) is not None


@pytest.mark.parametrize("question", ["what did the auditor say?", "who writes the rules?", "what is the weather?",
                                      "who is the autumn?", "what did the authority publish?", "who is the qutoher?"])
def test_words_near_those_of_questions_about_an_article_are_left_alone(question):
    assert detect(question) is None


def test_should_i_buy_is_answered_by_a_disclaimer_that_says_it_is_no_investment_advice(engine):
    """A crypto community's "should i buy TAO?" of the launch article got a generic decline."""
    engine.add_article(parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md"))
    for question in ("should i buy TAO?", "is bitcoin a good investment?", "what coin should i buy", "should we sell",
                     "which crypto ai coins should i buy"):
        answer = engine.ask(question)
        assert answer.answered and "investment advice" in answer.quotes[0].text, question
        assert answer.read_as == "is this investment advice?" and answer.question == question
    for question in ("should i read this?", "is the investment in AI paying off?", "are these investments risky?",
                     "can you buy TAO on coinbase?", "is TAO a bet on decentralised AI?"):
        assert engine.ask(question).read_as is None, question  # asks no advice
    # An article without such a disclaimer is asked as usual.
    add(engine, PLAIN, "bakery.md")
    bakery = Discussion(engine.find_article("bakery").id)
    assert engine.ask("should i buy their bread?", context=bakery).read_as is None


def test_a_byline_does_not_answer_a_yes_or_no_question_about_what_it_never_names(engine):
    """A new user's "does the author own any crypto?" got the byline, as if it said so."""
    engine.add_article(parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md"))
    for question in ("does the author own any crypto?", "does the author own bitcoin?", "so does the author own any crypto?"):
        answer = engine.ask(question)
        assert not answer.answered and answer.about is not None, question
        assert "doesn't say that about its author" in answer_markdown(answer)


def test_a_name_alone_does_not_say_who_the_author_is(engine):
    add(engine, BYLINED, "market.md")  # "By Jane Doe"
    for question in ("Who is Jane Doe?", "what does the author do?"):
        answer = engine.ask(question)
        assert not answer.answered, question
        assert "“Harbour fish market reopens” doesn't say more about its author than a name" in answer_markdown(answer)
    # Someone else by name: the normal pipeline, which finds nothing on him here.
    assert "author" not in answer_markdown(engine.ask("who is Peter Smith?"))


def test_is_this_advice_gets_the_label_and_the_disclaimer_verbatim(engine):
    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(article)
    answer = engine.ask("is this financial advice?")
    texts = [q.text for q in answer.quotes]
    # The disclaimer says whether it is advice; the label hints, second.
    assert texts[0].startswith("This article is for general informational purposes")
    assert "Opinion: Zain Jaffer, co-founder of Vungle" in texts
    assert [q.text for q in engine.ask("is this an opinion piece?").quotes][0] == "Opinion: Zain Jaffer, co-founder of Vungle"
    assert all(article.text[q.start:q.end] == q.text for q in answer.quotes)
    assert "Article:" not in answer_markdown(answer)  # its own sentences, cited: no details line
    add(engine, PLAIN, "bakery.md")
    declined = engine.ask("is this an opinion piece?")
    assert not declined.answered and "“A bakery wins the national bread prize” has no disclaimer" in answer_markdown(declined)


def test_without_a_byline_the_front_matter_answers_and_is_shown_as_details_not_a_quote(engine):
    add(engine, TRAMS, "trams.md")
    answer = engine.ask("Who wrote this?")
    assert answer.answered and answer.quotes == ()
    assert answer.about.author == "Ana Field"
    line = ("Article: Trams come back to Northtown — Ana Field, Northtown Post, 2025-03-04, "
            "<https://news.example/trams>")
    assert line in answer_markdown(answer)
    assert "not quoted from its text" in answer_markdown(answer)
    data = answer_json(answer)
    assert {"question", "answered", "quotes", "text"} <= set(data)
    assert data["about"]["author"] == "Ana Field" and data["about"]["aspect"] == "author"


def test_an_article_that_does_not_say_who_wrote_it_is_declined_by_name(engine):
    add(engine, PLAIN, "bakery.md")
    answer = engine.ask("Who wrote this?")
    assert not answer.answered and not answer.quotes
    assert "The article doesn't say who wrote it" in answer_markdown(answer)
    assert "A bakery wins the national bread prize" in answer_markdown(answer)
    assert answer.about.title == "A bakery wins the national bread prize"


@pytest.mark.parametrize("question, said", [("where was it published?", "Published by Northtown Post."),
                                            ("when was it published?", "Published 2025-03-04."),
                                            ("what's the link?", "Its link: <https://news.example/trams>.")])
def test_publisher_date_and_link_come_from_the_articles_details(engine, question, said):
    add(engine, TRAMS, "trams.md")
    answer = engine.ask(question)
    assert answer.answered and not answer.quotes
    assert "Northtown Post, 2025-03-04, <https://news.example/trams>" in answer_markdown(answer)
    # Said in words above the line: a stranger read the bare line as no answer.
    assert answer_markdown(answer).startswith(said)
    [embed] = discord_render.answer_embeds(answer)
    assert embed.description.startswith(said)


def test_where_it_was_published_quotes_a_byline_naming_the_outlet(engine):
    """A stranger's "where was it published" was told no publisher was named, two turns after
    "By Jane Smith, BBC News" had been quoted as who wrote it."""
    article = add(engine, BYLINED.replace("By Jane Doe", "By Jane Doe, Harbour News"), "market.md")
    answer = engine.ask("where was it published?", context=Discussion(article.id, chosen=True))
    assert answer.answered and [q.text for q in answer.quotes] == ["By Jane Doe, Harbour News"]
    # A byline naming a role or a place names no outlet.
    for line in ("Opinion: Zain Jaffer, co-founder of Vungle", "By Jane Doe", "By Jane Doe, Washington",
                 "Jane Doe | Staff Writer", "By Jane Doe, LONDON", "By Jane Doe, UK", "By Jane Doe, MP"):
        assert byline_outlet(line) is None, line
    assert byline_outlet("By Nick Assinder, Political correspondent, BBC News website") == "BBC News website"


def test_a_timestamp_is_shown_as_a_reader_writes_it(engine):
    """A stranger saw "Published 2005-02-07T09:41:00Z." from a front matter's date."""
    add(engine, TRAMS.replace("published: 2025-03-04", "published: 2025-03-04T09:41:00Z"), "trams.md")
    shown = answer_markdown(engine.ask("when was it published?"))
    assert shown.startswith("Published 2025-03-04 09:41 UTC.") and "T09:41" not in shown


@pytest.mark.parametrize("question, missing", [
    ("where was it published?", "doesn't say where it was published"),
    ("when was it published?", "doesn't say when it was published"),
    ("what's the link?", "no link"),
])
def test_publisher_date_and_link_are_declined_when_nothing_gives_them(engine, question, missing):
    add(engine, PLAIN, "bakery.md")
    answer = engine.ask(question)
    assert not answer.answered
    assert missing in answer_markdown(answer) and "A bakery wins the national bread prize" in answer_markdown(answer)


def test_the_conclusion_is_the_closing_paragraph_without_its_disclaimer(engine):
    article = add(engine, BYLINED, "market.md")
    answer = engine.ask("What does the author conclude?", top=2)
    assert answer.answered and 1 <= len(answer.quotes) <= 2
    closing = answer.quotes[0]
    assert closing.text == article.text[closing.start:closing.end]
    assert closing.text.startswith("In the end, the repairs show")
    assert closing.text.endswith("the model for the other quays.")
    assert closing.paragraph == paragraph_of(article, closing.start)
    for quote in answer.quotes:
        assert "informational purposes" not in quote.text and "Jane Doe" not in quote.text
        assert quote.text == article.text[quote.start:quote.end]


def test_after_who_wrote_it_he_is_the_author(engine):
    add(engine, BYLINED, "market.md")
    article_id = engine.ask("who wrote it?").quotes[0].article_id
    after = Discussion(article_id, chosen=False, asked="who wrote it?")
    for question in ("what does he conclude?", "what does she argue", "what is their main point?",
                     "what do they conclude?", "what is her main point?"):
        answer = engine.ask(question, context=after)
        assert answer.answered and answer.about is not None, question
        assert answer.read_as is not None and "the author" in answer.read_as
        assert answer_markdown(answer).startswith("Read as “what ")
    assert engine.ask("what does he conclude?", context=after).quotes == engine.ask("What does the author conclude?").quotes
    # So after "where was it published?", which kept the talk on the article itself.
    published = Discussion(article_id, chosen=False, asked="where was it published?")
    assert engine.ask("what does he argue?", context=published).read_as == "what does the author argue?"
    # ... and "when did it come out?" asks when the article did (a stranger's was declined there,
    # the date shown a line above); after another question, "it" is what that asked about.
    for question in ("when did it come out?", "and when did it appear"):
        answer = engine.ask(question, context=published)
        assert answer.read_as == "when was it published?" and answer.about is not None, question
    assert engine.ask("when did it come out?", context=Discussion(article_id, asked="what is the fund?")).about is None
    # Not after what the article is about or its main point: "she" is then whom it is about.
    for prior in ("what is this article about?", "what's the main point?", "summarize it"):
        assert engine.ask("what did she say?", context=Discussion(article_id, asked=prior)).read_as is None, prior
    # After another question, "he" is whoever it was about; a question about the article is read as typed.
    assert engine.ask("what does he conclude?", context=Discussion(article_id, asked="who repaired the quays?")).read_as is None
    assert engine.ask("who is the author?", context=after).read_as is None


def test_what_he_concludes_of_a_piece_with_an_author_is_the_authors_conclusion(engine):
    """A new user's "what does he conclude?" of the launch article, asked cold or after "what's
    the main point?", was declined with "their name instead of he … often helps"."""
    add(engine, BYLINED, "market.md")
    for question in ("what does he conclude?", "what does she argue", "whats her main point?"):
        answer = engine.ask(question)  # the only article indexed
        assert answer.answered and answer.about is not None and "the author" in answer.read_as, question
    # "his argument" in a news story is whom it quotes (a review's find), not the byline's.
    assert engine.ask("what is his argument?").read_as is None
    after_point = Discussion(engine.find_article("fish market").id, asked="what's the main point?")
    assert engine.ask("what does she conclude?", context=after_point).read_as == "what does the author conclude?"
    # "say", "claim" or "propose" is its people's too; and a story without an author has only them.
    for question in ("what did she say?", "what did he propose?", "what did they claim?"):
        assert engine.ask(question).read_as is None, question
    add(engine, PLAIN, "bakery.md")
    bakery = Discussion(engine.find_article("bakery").id)
    assert engine.ask("what does he conclude?", context=bakery).read_as is None
    assert engine.ask("what does he conclude?").read_as is None  # which of two? not guessed


COLUMN = """# Quays need more than paint
Opinion: Jane Doe, chair of the Harbour Society

The quays were repaired last year, but the city still treats them as a “car park” rather than a place to walk.

Parking brings the council two million euros a year from the quays. The harbour master said he would not close them.

In the end, the quays should belong to the people who walk on them. The city must close them to cars.

The views expressed here are the author's own.
"""


def test_in_an_opinion_piece_he_after_its_own_words_is_the_author(engine):
    """A stranger's "what does he conclude?" after "how much did deepseek spend?" was declined
    (it was answered as a first question), and "what else did he say?" after the launch
    article's own words was asked with "he" and declined."""
    article = add(engine, COLUMN, "column.md")
    bakery = add(engine, PLAIN, "bakery.md")
    title = "Quays need more than paint"
    at = article.text.index("Parking brings")
    parking = Quote("Parking brings the council two million euros a year from the quays.", article.id, title, None,
                    3, 0.9, at, at + 68)
    after = Discussion(article.id, chosen=False, asked="how much does parking bring in?", quoted=parking)
    concludes = engine.ask("what does he conclude?", context=after)
    assert concludes.answered and concludes.read_as == "what does the author conclude?"
    assert concludes.quotes == engine.ask("what does the author conclude?", article_id=article.id).quotes
    # So is "whats his conclusion" (a stranger's was declined of the launch article).
    for question in ("whats his conclusion", "what's her main argument?"):
        stance = engine.ask(question, context=after)
        assert stance.answered and "the author's" in stance.read_as and stance.about.aspect == "conclusion", question
    more = engine.ask("what else did she say?", context=after)
    assert more.answered and "the author goes on" in more.read_as
    # Her own words: not the harbour master's, which the article goes on with first.
    assert [q.text for q in more.quotes] == ["In the end, the quays should belong to the people who walk on them. "
                                             "The city must close them to cars."]
    # After someone else's words, "he" is them; in a news story, whoever it was about.
    at = article.text.index("The harbour master")
    master = Quote("The harbour master said he would not close them.", article.id, title, None, 3, 0.9, at, at + 49)
    assert engine.ask("what does he conclude?", context=replace(after, quoted=master)).read_as is None
    at = bakery.text.index("The jury")
    jury = Quote("The jury praised the crust and the long fermentation of eighteen hours.", bakery.id, bakery.title,
                 None, 2, 0.9, at, at + 71)
    news = Discussion(bakery.id, chosen=False, asked="what did the jury like?", quoted=jury)
    assert engine.ask("what does he conclude?", context=news).read_as is None
    assert "goes on" not in (engine.ask("what else did he say?", context=news).read_as or "")
    # Its terms in quotation marks are the author's words too: "who said that?" names the author.
    at = article.text.index("The quays were")
    terms = Quote(article.text[at:article.text.index("place to walk.") + 14], article.id, title, None, 2, 0.9, at,
                  article.text.index("place to walk.") + 14)
    assert "“car park”" in terms.text
    who = engine.ask("who said that?", context=replace(after, quoted=terms))
    assert who.answered and who.read_as == "who wrote the article?" and "Jane Doe" in who.quotes[0].text
    # After a decline (nothing quoted), "he" is the author too.
    declined = Discussion(article.id, chosen=False, asked="how much is a ticket?")
    assert engine.ask("what does he conclude?", context=declined).read_as == "what does the author conclude?"
    assert engine.ask("what does he conclude?", context=replace(news, quoted=None)).read_as is None


def test_who_is_he_of_an_opinion_piece_calling_no_one_he_is_its_author(engine):
    """A stranger's "who is he?" and "what does he do?" after the launch article's main argument
    got three loose quotes, and "where does he work?" a hint to name whoever "he" is: the piece
    calls no one "he", so he is its author, and the byline says who."""
    article = add(engine, OPINION, "quays.md")
    column = add(engine, COLUMN.replace("Quays need more than paint", "Quays again"), "column.md")
    bakery = add(engine, PLAIN, "bakery.md")
    for article_id, asked in ((article.id, "what's the main argument?"), (article.id, "how much is a ticket?")):
        for question in ("who is she?", "what does she do?", "where does she work?", "who is he"):
            answer = engine.ask(question, context=Discussion(article_id, asked=asked))
            assert answer.answered and answer.read_as.startswith(("who is the author", "what does the author",
                                                                   "where does the author")), question
            assert answer.quotes[0].text == "Opinion: Jane Doe, chair of the Harbour Society", question
    # A piece calling someone "he" (its harbour master), or a news story: "he" may be anyone.
    for article_id in (column.id, bakery.id):
        answer = engine.ask("who is he?", context=Discussion(article_id, asked="what's the main argument?"))
        assert answer.read_as is None or "author" not in answer.read_as
    # There no one but its author is "she".
    assert engine.ask("who is she?", context=Discussion(column.id)).read_as == "who is the author?"


def test_the_main_point_opens_with_the_lead_not_the_byline_nor_the_closing(engine):
    article = add(engine, BYLINED, "market.md")
    answer = engine.ask("what's the main point?", top=2)
    assert answer.answered and answer.about.aspect == "point" and len(answer.quotes) == 2
    lead = answer.quotes[0]
    assert lead.text == "The fish market on the old harbour reopened on Saturday after two years of repairs."
    assert lead.text == article.text[lead.start:lead.end] and lead.paragraph == paragraph_of(article, lead.start)
    assert all("Jane Doe" not in q.text and "informational purposes" not in q.text for q in answer.quotes)


def test_the_launch_articles_gist_is_its_first_sentence_after_the_byline(engine):
    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(article)
    answer = engine.ask("whats the gist", top=3)
    assert answer.quotes[0].text.startswith("Artificial intelligence is the latest frontier")
    assert [q.start for q in answer.quotes] == sorted({q.start for q in answer.quotes})


def test_the_main_argument_gives_at_most_top_quotes_each_verbatim(engine):
    article = parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md")
    engine.add_article(article)
    answer = engine.ask("what's the main argument?", top=3)
    assert len(answer.quotes) == 3
    assert answer.quotes[0].text.startswith("The battle for AI decentralization is not over.")
    assert len({q.start for q in answer.quotes}) == 3
    for quote in answer.quotes:
        assert quote.text == article.text[quote.start:quote.end]
        assert "Cointregraph" not in quote.text and "Opinion:" not in quote.text


def test_without_a_topic_the_most_recently_added_article_is_the_one_and_it_is_named(engine):
    add(engine, BYLINED, "market.md")
    add(engine, TRAMS, "trams.md")
    answer = engine.ask("when was it published?")
    assert answer.about.title == "Trams come back to Northtown"
    assert "Trams come back to Northtown" in answer_markdown(answer)


def test_the_point_of_the_latest_of_several_articles_says_it_was_the_latest_and_names_it(engine):
    add(engine, BYLINED, "market.md")
    answer = engine.ask("whats the main point")
    assert not answer.about.latest and "Article" not in answer_markdown(answer)  # the only article
    add(engine, TRAMS, "trams.md")
    answer = engine.ask("whats the main point")
    assert answer.about.latest and answer.quotes[0].text.startswith("The city council voted on Tuesday")
    assert "Article (the most recently added" in answer_markdown(answer)
    assert "Trams come back to Northtown" in answer_markdown(answer)
    market = engine.find_article("fish market")
    picked = engine.ask("whats the main point", article_id=market.id)
    assert not picked.about.latest and "Article" not in answer_markdown(picked)
    assert picked.quotes[0].text.startswith("The fish market on the old harbour")


def test_who_is_involved_quotes_the_sentences_introducing_its_most_named_people(engine):
    """A stranger's "who is involved?" was declined where a story named Demos, AOL and two
    researchers, and of another story quoted first a sentence naming nobody."""
    article = add(engine, "# Ban on arms sales\nMoves to lift the ban on arms sales have been condemned by rights "
                          "groups. Foreign Secretary Jack Straw said a new code would be more effective than the ban. "
                          "Mr Straw said the decision was not yet made. The ban was imposed on the country in 1989 "
                          "after the crackdown. Shadow foreign secretary Michael Ancram said the move was wrong. "
                          "Mr Ancram said the government was giving in to pressure. Mr Straw's trip is one of "
                          "regular meetings with ministers.\n", "arms.md")
    answer = engine.ask("who is involved?", context=Discussion(article.id, chosen=True))
    assert answer.answered and answer.about.aspect == "people"
    texts = [q.text for q in answer.quotes]
    # Both men, introduced by their full names, the one named most first; never "Mr Straw…" alone.
    assert texts[:2] == ["Foreign Secretary Jack Straw said a new code would be more effective than the ban.",
                         "Shadow foreign secretary Michael Ancram said the move was wrong."]
    assert all(q.text == article.text[q.start:q.end] for q in answer.quotes)
    assert "Article" not in answer_markdown(answer)  # the article's own sentences: no details line
    # "who else is mentioned?" right after asks past the quotes just shown (a stranger got the
    # same three sentences again): this story names no one else, and says so.
    shown = Discussion(article.id, chosen=True, asked="who is involved?", quoted=answer.quotes[0], shown=answer.quotes)
    nobody_else = engine.ask("who else is mentioned?", context=shown)
    assert not nobody_else.answered and "names no one else" in nobody_else.message
    # A sentence calling someone "Mr X" before a quote names X waits its turn; it does not end the
    # answer ("…names no one" was said of a story naming four ministers: a review's find). A name
    # opening its sentence counts ("Dibaba won…"), and so do short capitals ("AOL").
    visit = add(engine, "# Minister meets leaders\nThe talks on the new security law began on Tuesday afternoon in "
                        "central London. But Home Secretary David Blunkett said the talks would go on all week. Mr "
                        "Blunkett met Tony Blair, Gordon Brown and John Prescott in Downing Street for an hour. Police "
                        "chiefs from Kent and Essex also attended the talks in Whitehall.\n", "visit.md")
    met = engine.ask("who is involved?", context=Discussion(visit.id, chosen=True))
    assert met.answered and met.quotes[0].text.startswith("Police chiefs")
    assert not any(q.text.startswith("Mr Blunkett") for q in met.quotes)  # "But Home Secretary…" leans back
    after = Discussion(visit.id, chosen=True, asked="who is involved?", quoted=met.quotes[0], shown=met.quotes[:1])
    others = engine.ask("anyone else named?", context=after)
    assert others.answered and met.quotes[0].text not in {q.text for q in others.quotes}, others.quotes
    from index.about import _names

    assert _names("Dibaba won the race for AOL on TV.", set()) == {"dibaba", "aol"}
    # A team sheet names the most people, and says nothing (a stranger's "who is involved?" of a
    # match report got three).
    match = add(engine, "# Hearts beat Livingston\nLee Miller scored inside the opening minute as Hearts beat "
                        "Livingston at Tynecastle. Livingston: Meldrum, McNamee, Bahoken, Deloumeaux, Strong, Dair, "
                        "Easton. Hearts: Gordon, Neilson, Webster, Pressley, Kizys, Miller, McAllister.\n",
                "hearts.md")
    involved = engine.ask("who is involved?", context=Discussion(match.id, chosen=True))
    assert involved.quotes[0].text.startswith("Lee Miller scored")
    assert not any(q.text.startswith(("Livingston:", "Hearts:")) for q in involved.quotes)
    # A short sentence naming people is a sentence (a review's find: "…names no one" was said).
    short = add(engine, "# Chelsea win\nChelsea boss Jose Mourinho praised Arjen Robben. The weather was cold all day "
                        "and the crowd was small at the ground.\n", "chelsea.md")
    assert engine.ask("who is involved?", context=Discussion(short.id, chosen=True)).quotes[0].text.startswith(
        "Chelsea boss Jose Mourinho")
    nobody = add(engine, "# Rain all week\nIt will rain every day this week, with strong winds on the coast and "
                         "cold nights inland.\n", "rain.md")
    declined = engine.ask("who is involved?", context=Discussion(nobody.id, chosen=True))
    assert not declined.answered and "names no one" in declined.message and "Rain all week" in declined.message


def test_who_disagrees_quotes_the_criticism_and_a_story_with_none_says_so(engine):
    """Strangers' "who disagrees?" was declined as a word no article holds, and "what are the
    arguments against?" quoted whatever was closest to "arguments"."""
    article = add(engine, TRAMS.replace("but the council refused it.", "but the council refused it. Shop owners "
                                        "criticised the plan, saying the works would close the market street for a year."),
                  "trams.md")
    for question in ("who disagrees?", "what are the arguments against?"):
        answer = engine.ask(question, context=Discussion(article.id, chosen=True))
        assert answer.answered and answer.about.aspect == "criticism", question
        first = answer.quotes[0]
        assert first.text.startswith("Shop owners criticised the plan") and first.text == article.text[first.start:first.end]
        assert "Article" not in answer_markdown(answer)  # the article's own sentences: no details line
    # "and the shop owners?" after it asks what they say (a stranger's "and the tories?" was
    # asked as it stood, and declined).
    after = engine.ask("and the shop owners?", context=Discussion(article.id, chosen=True, asked="who disagrees?"))
    assert after.read_as == "what did the shop owners say?" and after.answered
    assert after.quotes[0].text.startswith("Shop owners criticised the plan")
    # A story giving no one against anything declines, naming it, rather than quote its "but".
    market = add(engine, BYLINED, "market.md")
    declined = engine.ask("who disagrees?", context=Discussion(market.id, chosen=True))
    assert not declined.answered and "gives no one disagreeing" in declined.message
    assert "Harbour fish market reopens" in declined.message
    # Asked of what it names, it is the pipeline's question; so is it cold among several stories.
    assert detect("who opposes the tram plan?") is None
    assert engine.ask("who disagrees?").about is None
    # A cyber attack, a bomb blast, a court dismissing a case: no one disagreeing (a stranger's
    # "who disagrees?" of a story on cyber crime was quoted its expert).
    attacks = add(engine, "# Worms on the rise\nThe number of attacks on home computers rose sharply last year, "
                          "experts said. Mr Hogan said worm writers were more interested in recruiting PCs. "
                          "A judge dismissed the case against one of the writers, who was accused of fraud.\n",
                  "worms.md")
    assert not engine.ask("who disagrees?", context=Discussion(attacks.id, chosen=True)).answered
    # Dismissing a plan "as desperate" is (a stranger was told no one disagreed); a court
    # dismissing a case is not.
    dismissed = add(engine, "# Maternity pay rise\nLabour plans to raise maternity pay from next April, the "
                            "minister said. The Tories dismissed the plan as \"desperate\", while the Liberal "
                            "Democrats said it was misdirected.\n", "maternity.md")
    found = engine.ask("who disagrees?", context=Discussion(dismissed.id, chosen=True))
    assert found.answered and found.quotes[0].text.startswith("The Tories dismissed")
    # ... but not a board dismissing its chief "as losses mounted", nor a film that is a parody.
    board = add(engine, "# Film firm results\nThe board dismissed its chief executive as losses mounted, the firm "
                        "said. Scary Movie 4, a parody of recent horror hits, took $40m in its first weekend.\n",
                "board2.md")
    assert not engine.ask("who disagrees?", context=Discussion(board.id, chosen=True)).answered
    # "what's the other side of the argument?" asks the same, and "not everyone is convinced" is a
    # doubter's (a stranger's was declined over a story quoting one).
    mini = add(engine, "# Car maker to invest\nThe car maker will invest £100m in its factory, the firm said. Not "
                       "everyone is convinced that the boom can continue.\n", "mini.md")
    for question in ("what's the other side of the argument?", "is there another side to the story?"):
        other = engine.ask(question, context=Discussion(mini.id, chosen=True))
        assert other.about.aspect == "criticism" and other.quotes[0].text.startswith("Not everyone is convinced")
    # "and the cost?" after it asks no one's words.
    assert engine.ask("and the cost?", context=Discussion(dismissed.id, chosen=True, asked="who disagrees?")
                      ).read_as != "what did the cost say?"
    # Someone accusing is (a stranger was told no one disagreed where "Yukos accused Gazprom of…").
    auction = add(engine, "# Oil unit sold\nThe oil unit was sold at auction on Sunday to a little-known firm for "
                          "$9.4bn. Yukos accused Gazprom of illegally taking part in the auction.\n", "auction.md")
    accused = engine.ask("who disagrees with him", context=Discussion(auction.id, chosen=True))
    assert accused.answered and accused.quotes[0].text.startswith("Yukos accused Gazprom")
    # Praise is no one disagreeing, nor is the rubbish the council collects (a review's finds);
    # a rebuttal comes after the critics it answers; scores are cosines, as the other answers'.
    praised = add(engine, "# Weekly bins\nThe council will collect rubbish every week from April, the leader said "
                          "on Monday. The opposition leader said she welcomed the change and would support it. "
                          "Residents called it a long-awaited improvement.\n", "bins.md")
    assert not engine.ask("who disagrees?", context=Discussion(praised.id, chosen=True)).answered
    budget = add(engine, "# Budget day\nThe chancellor set out his Budget on Wednesday with help for pensioners. "
                         "Mr Brown rejected the accusation, saying borrowing was under control. The Conservatives "
                         "called it a \"vote now, pay later\" Budget.\n", "budget.md")
    critics = engine.ask("who disagrees?", context=Discussion(budget.id, chosen=True))
    assert critics.quotes[0].text.startswith("The Conservatives called it")
    assert all(-1.0 <= q.score <= 1.0 for q in critics.quotes)
    # So is the charge made, with no word of opposing (a stranger's "who is against it" was told
    # no one disagreed with a plan two parties say the executive is shirking).
    casinos = add(engine, "# Casino decision\nMinisters will decide whether to allow super-casinos next month. But "
                          "the nationalists and the Tories believe the executive is shirking its responsibility.\n",
                  "casinos.md")
    shirking = engine.ask("who is against it", context=Discussion(casinos.id, chosen=True))
    assert shirking.answered and shirking.quotes[0].text.startswith("But the nationalists and the Tories")
    # ... and "come under fire", "disapproval" (a stranger was told no one disagreed with a
    # campaign that had come under fire).
    spam = add(engine, "# Campaign frozen\nThe anti-spam campaign was put on hold on Friday. The campaign has come "
                       "under fire from some corners of the web, and many groups said it set a bad example.\n",
               "spam.md")
    fired = engine.ask("who disagrees?", context=Discussion(spam.id, chosen=True))
    assert fired.answered and fired.quotes[0].text.startswith("The campaign has come under fire")
    # ... and doubting the price paid, or charging someone with doing too little (strangers'
    # "any criticism?" were told no one disagreed with a bank's takeover, or with phone companies).
    for said in ("Some analysts also queried whether the bank had overpaid for the lender.",
                 "Phone companies are not doing enough to warn customers, the regulator says."):
        deal = add(engine, f"# Bank deal sealed\nThe bank will buy the lender for $3.3bn, it said on Monday. {said}\n",
                   "deal.md")
        queried = engine.ask("any criticism?", context=Discussion(deal.id, chosen=True))
        assert queried.answered and queried.quotes[0].text == said, said
    # Not a pledge or thanks (a review's finds).
    pledge = add(engine, "# Knife crime plan\nThe minister set out a plan to cut knife crime on Monday. \"We should "
                         "be doing more to tackle knife crime,\" she said. Adults should do more exercise, she added. \"I would be "
                         "remiss not to thank the police.\"\n",
                 "pledge.md")
    assert not engine.ask("any criticism?", context=Discussion(pledge.id, chosen=True)).answered
    # "Who were the opponents?" of a match asks who they played.
    assert detect("who were the opponents?") is None and detect("what is the opposition?") is None


def test_a_topic_picks_the_article_it_names(engine):
    add(engine, BYLINED, "market.md")
    add(engine, TRAMS, "trams.md")  # the latest: a question without a topic would pick it
    answer = engine.ask("who wrote the article about the fish market?")
    assert [q.text for q in answer.quotes] == ["By Jane Doe"]
    assert answer.quotes[0].title == "Harbour fish market reopens"


def test_what_happened_of_the_story_discussed_is_its_point(engine):
    """A stranger's "what happened?" was declined in a channel whose story's lead had just answered
    "tl;dr?". Asked where several stories are indexed and none is discussed, it names none: its
    words are searched, not the most recently added story told."""
    trams = add(engine, TRAMS, "trams.md")
    for question in ("what happened?", "so what happened here?", "what's going on?"):
        assert detect(question) == AboutQuestion("point"), question
        answer = engine.ask(question, context=Discussion(trams.id, chosen=True))
        assert answer.answered and answer.about is not None and answer.about.article_id == trams.id, question
    add(engine, BYLINED, "market.md")
    assert engine.ask("what happened?").about is None


def test_who_is_the_author_named_only_in_the_details_is_asked_of_the_text(engine):
    """A page's author from its metadata, the text saying who they are: a stranger's "who is bill
    thompson?" was declined over "Bill Thompson is a regular commentator…"."""
    column = add(engine, TRAMS.replace("Ana Field", "Bill Thompson") + "\nBill Thompson is a regular commentator on "
                 "the Northtown Post's transport programme.\n", "column.md")
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)  # quoted, whatever the fake model says
    answer = engine.ask("who is bill thompson?", context=Discussion(column.id, chosen=True))
    assert answer.answered and any(q.text.startswith("Bill Thompson is a regular commentator") for q in answer.quotes)


def test_a_topic_picks_its_article_over_the_one_last_quoted(engine):
    """A stranger's console, after an answer from one story, asked "who wrote the piece about trusted
    computers?" and was given that story's byline."""
    market = add(engine, BYLINED, "market.md")
    trams = add(engine, TRAMS, "trams.md")
    answer = engine.ask("who wrote the article about the fish market?", context=Discussion(trams.id, chosen=False))
    assert [q.text for q in answer.quotes] == ["By Jane Doe"] and answer.quotes[0].article_id == market.id
    # Asked of a chosen article, that one is asked.
    chosen = engine.ask("who wrote the article about the fish market?", context=Discussion(trams.id, chosen=True))
    assert all(q.article_id == trams.id for q in chosen.quotes)


def test_a_name_in_a_question_about_the_author_picks_the_article_holding_it(engine):
    # A stranger's "does the author own any crypto?", asked where no article is discussed, was
    # answered about the most recently added of several articles, a BBC story on DVD formats.
    add(engine, OPINION, "quays.md")
    add(engine, TRAMS, "trams.md")  # the latest
    answer = engine.ask("does the author work for the Harbour Society?")
    assert answer.about.title == "Quays need more than paint" and not answer.about.latest
    assert engine.ask("does the author own a car?").about.title == "Trams come back to Northtown"  # no name: latest
    assert engine.ask("who wrote this?").about.latest


def test_a_topic_no_article_mentions_is_declined(engine):
    add(engine, TRAMS, "trams.md")
    answer = engine.ask("who wrote the article about volcanoes?")
    assert not answer.answered
    assert "No indexed article is about “volcanoes”" in answer_markdown(answer)


def test_the_article_asked_about_wins(engine):
    market = add(engine, BYLINED, "market.md")
    add(engine, TRAMS, "trams.md")
    answer = engine.ask("who wrote this?", article_id=market.id)
    assert [q.text for q in answer.quotes] == ["By Jane Doe"]
    with pytest.raises(ArticleNotFound):
        engine.ask("who wrote this?", article_id="0" * 16)


def test_another_servers_article_is_never_the_one(engine):
    add(engine, TRAMS, "trams.md")
    add(engine, BYLINED, "market.md", guild_collection(1))  # added later, in another server
    assert engine.ask("who wrote this?").about.title == "Trams come back to Northtown"
    assert engine.ask("who wrote this?", [guild_collection(1), GLOBAL]).quotes[0].text == "By Jane Doe"


def test_a_question_about_something_in_the_article_still_gets_its_quote(engine):
    add(engine, MINISTER, "letter.md")
    answer = engine.ask("who wrote the letter to the minister?")
    assert answer.answered and answer.about is None
    assert answer.quotes[0].text.startswith("The mayor wrote the letter to the minister")


def test_with_no_articles_an_about_question_is_not_in_the_articles(engine):
    answer = engine.ask("who wrote this?")
    assert not answer.answered and answer.about is None


# the command line and the console --------------------------------------------------------------
def test_quotebot_ask_json_carries_the_byline_and_the_article(run):
    result = run("ask", "who wrote this?", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output.splitlines()[-1])  # after the first-use notice
    assert data["answered"] and data["quotes"][0]["text"] == "Opinion: Zain Jaffer, co-founder of Vungle"
    assert data["quotes"][0]["paragraph"] == 1
    assert data["about"]["title"] == "Crypto AI, decentralisation and DeepSeek"
    assert data["about"]["publisher"] == "Cointelegraph"


def test_the_console_shows_the_details_line_for_when_it_was_published(run, monkeypatch):
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("QUOTEBOT_DISCORD_TOKEN", raising=False)
    result = run("console", input="When was it published?\n:quit\n")
    assert result.exit_code == 0, result.output
    assert "not quoted from its text" in result.output
    assert "Cointelegraph, 2025-02" in " ".join(result.output.split())


REVIEW = """# A fantasy novel for children wins the Whitbread prize
Michelle Paver wrote the novel Wolf Brother, which won the children's book prize on Tuesday evening.

The judges praised its Stone Age setting and the wolf cub at the heart of the story, and the film
rights have already been sold.
"""


def test_who_wrote_it_of_a_review_with_no_byline_quotes_who_wrote_the_book(engine):
    # "It" may be the book: with no byline to give, a sentence naming its writer answers.
    article_id = add(engine, REVIEW, "review.md").id
    answer = engine.ask("who wrote it?", article_id=article_id)
    assert answer.answered and "Michelle Paver wrote the novel" in answer.quotes[0].text
    # The article itself, named as such, still has no byline: that is the answer.
    declined = engine.ask("who wrote this article?", article_id=article_id)
    assert not declined.answered and "The article doesn't say who wrote it" in answer_markdown(declined)
    # A piece with a byline answers "who wrote it?" with its byline, as before.
    add(engine, TRAMS, "trams.md")
    assert engine.ask("who wrote it?", article_id=engine.find_article("trams").id).about.author == "Ana Field"


def test_two_details_asked_at_once_are_both_answered_or_both_declined(engine):
    # Two strangers' "who wrote this and when was it published?" of a story with neither was told
    # only that it has no byline; the "when" half went unanswered.
    review = add(engine, REVIEW, "review.md").id
    for question in ("who wrote this and when was it published?", "who wrote this article and when",
                     "when was this published, and who wrote it?"):
        declined = answer_markdown(engine.ask(question, article_id=review))
        assert "has no byline" in declined and "no publication date" in declined, question
    # One of them given: the first's answer or decline, as of one, the details line showing the date.
    dated = add(engine, "---\ntitle: Dated story\npublished: 2005-02-07\n---\nThe council met on Monday to "
                        "discuss the new tram stops, their cost to the city and when the first trams will run "
                        "again.\n", "dated.md").id
    shown = answer_markdown(engine.ask("who wrote this and when was it published?", article_id=dated))
    assert "has no byline" in shown and "2005-02-07" in shown and "Nor does it say" not in shown
    answer = engine.ask("when was it published and who wrote it?", article_id=dated)
    assert answer.answered and "Published 2005-02-07" in answer_markdown(answer)
    # A question of one detail and something else is the detail alone, as before.
    alone = answer_markdown(engine.ask("who wrote this and what is it about?", article_id=review))
    assert "has no byline" in alone and "publication date" not in alone


@pytest.mark.parametrize("text, says", [
    ("The film is based on a book by Curtis's widow Deborah.", True),
    ('"Michelle Paver lives and breathes the worlds she writes about," said a spokesman for the author.', True),
    ("The song, co-written by the band's bassist, topped the chart.", True),
    ("The film is to be directed by Dutch-born Anton Corbijn.", False),
    ("It will be produced by a US production company.", False),
])
def test_only_a_sentence_about_writing_answers_who_wrote_it_in_the_articles_stead(text, says):
    from index.about import says_who_wrote

    assert says_who_wrote(text) is says


# what the article says about something -------------------------------------------------------
@pytest.mark.parametrize("question, read_as, mention", [
    ("what does the article say about the walled garden?", "what about the walled garden?", False),
    ("What does it say about DeepSeek’s costs", "what about DeepSeek's costs?", False),
    ("what does the author think of bitcoin?", "what about bitcoin?", False),
    ("whats the author's take on crypto", "what about crypto?", False),
    ("what is the article's view on censorship?", "what about censorship?", False),
    ("how does the story describe the ballot counting?", "what about the ballot counting?", False),
    ("whats the piece say about schroeder", "what about schroeder?", False),
    ("hey what does the article say about bitcoin lol", "what about bitcoin?", False),
    ("does the article mention nvidia?", "what about nvidia?", True),
    ("does it say anything about china?", "what about china?", True),
    ("anything in there about the SEC?", "what about the SEC?", True),
    ("what does the article say about why the deal collapsed?", "why the deal collapsed?", None),
    ("who does the article say will be captain now?", "who will be captain now?", None),
    ("what was she working on when she died, does the story say?", "what was she working on when she died?", None),
    ("what does the article claim about deepseek's budget?", "what about deepseek's budget?", False),
    # The article as a frame around a question of its own: the question alone.
    ("according to the article, how much did deepseek spend?", "how much did deepseek spend?", None),
    ("how much did deepseek spend according to the author?", "how much did deepseek spend?", None),
    ("in the article, who are the crypto advocates worried about?", "who are the crypto advocates worried about?", None),
    ("per the article, when did deepseek launch?", "when did deepseek launch?", None),
    ("does the article say deepseek is open source?", "deepseek is open source?", None),
    ("does the author think whether deepseek is a silver bullet", "deepseek is a silver bullet?", None),
    ("what projects are mentioned in the article?", "what projects are mentioned?", None),
    ("what projects does the article name?", "what projects are named?", None),
    ("which company does it mention", "which company is mentioned?", None),
    ("wat does it say abt decentralisation", "what about decentralisation?", False),
    # "…he means", "…according to him" frame a question of its own (a stranger's launch-article
    # questions fell from 0.49 to 0.10 and 0.07 and were declined).
    ("what are the walled gardens he means", "what are the walled gardens?", None),
    ("what should devs do according to him", "what should devs do?", None),
    ("what is the catch he is talking about?", "what is the catch?", None),
])
def test_what_the_article_says_about_something_is_read_as_the_something(question, read_as, mention):
    asked = said_about(question)
    assert asked is not None and asked.question == read_as
    assert asked.mention is bool(mention) and (asked.topic is None) is (mention is None)


@pytest.mark.parametrize("question", [
    "does it go into detail?",  # how far it goes, not a topic
    "does it mention the author?",  # the article itself
    "does it name the victim?",  # asks for a name
    "what did he say about her?",
    "what does the director say about next year's exhibitions",  # a story's people say things too
    "what did he say about it",
    "what does he say about the walled garden?",  # "he" is the caller's to read
    "what does the report say about prices?",  # a report in the story, often
    "what does it say about him?",  # no topic
    "what does it say?",
    "what is the article about?",  # about the article itself
    "what does the author conclude?",
    "what does the author think?",
    "how does it end?",
    "does the article say so?",
    "according to him, what happened?",
    "how much did it cost in the end?",
])
def test_other_questions_are_not_read_as_what_the_article_says_about_something(question):
    assert said_about(question) is None


def test_what_the_article_says_about_something_quotes_it_read_as_what_about_it(engine):
    """A new user's "what does he say about the walled garden?" of the launch article was
    declined: "article", "author" and "say" led the search to bylines and speech."""
    add(engine, BYLINED, "market.md")
    add(engine, PLAIN, "bakery.md")
    market = Discussion(engine.find_article("fish market").id, chosen=True)
    answer = engine.ask("what does the article say about the new roof?", context=market)
    assert answer.answered and answer.read_as == "what about the new roof?"
    assert "new roof keeps the stalls dry" in answer.quotes[0].text
    assert answer_markdown(answer).startswith("Read as “what about the new roof?”")
    assert answer.question == "what does the article say about the new roof?"
    # "she" of an opinion piece, asked first, is its author; of a news story, with a byline or
    # not, whom the story quotes, left as typed.
    add(engine, OPINION, "column.md")
    column = Discussion(engine.find_article("Quays").id, chosen=True)
    assert engine.ask("what does she say about the quays?", context=column).read_as == "what about the quays?"
    assert engine.ask("what does she say about the roof?", context=market).read_as is None
    bakery = Discussion(engine.find_article("bakery").id, chosen=True)
    assert engine.ask("what does he say about the crust?", context=bakery).read_as is None
    # The author by name, of her own piece: all its words are hers (a trial's "what did zain
    # jaffer say about big tech?" was declined as the words of someone it never quotes).
    for question in ("what did jane doe say about the quays?", "what does Jane Doe think of the quays?"):
        named = engine.ask(question, context=column)
        assert named.read_as == "what about the quays?" and named.missing is None, question
    assert engine.ask("what did john doe say about the quays?", context=column).read_as is None
    # The article as a frame around a question: answered as the question alone.
    framed = engine.ask("according to the article, what keeps the stalls dry?", context=market)
    assert framed.read_as == "what keeps the stalls dry?"
    assert framed.quotes == engine.ask("what keeps the stalls dry?", context=market).quotes


def test_asked_whether_the_article_mentions_what_it_never_does_it_says_so(engine):
    add(engine, BYLINED, "market.md")
    add(engine, PLAIN, "bakery.md")
    market = Discussion(engine.find_article("fish market").id, chosen=True)
    answer = engine.ask("does the article mention the lighthouse?", context=market)
    assert not answer.answered and answer.unmentioned == ("lighthouse",)
    assert answer.declined_in == "Harbour fish market reopens"
    assert "never uses the word “lighthouse”" in answer.message and "may use other words" in answer.message
    # A word of it missing is enough to say no: the market's traders are not its jury.
    assert engine.ask("does it mention the jury?", context=market).unmentioned == ("jury",)
    # Either of two things it mentions, and words it writes otherwise ("traders"), are mentioned.
    for question in ("does it mention the lighthouse or the roof?", "anything in there about the trader?"):
        assert engine.ask(question, context=market).answered, question
    # An acronym of a name it writes out is no word it lacks, typed in lowercase too ("psp" of
    # "PlayStation Portable": a new user was told "never mentions “psp”"); nor is a kind of
    # thing asked with "any": "does the article name any companies?" asks which.
    add(engine, "# Handheld wars\nSony will enter the market later this year with its PlayStation Portable, "
                "which plays films and music as well as games, the Securities and Exchange Commission heard.\n",
        "handheld.md")
    handheld = Discussion(engine.find_article("Handheld wars").id, chosen=True)
    for question in ("does it mention the psp?", "does it mention the SEC?"):
        assert engine.ask(question, context=handheld).unmentioned == (), question
    anything = engine.ask("does the article name any companies?", context=handheld)
    assert anything.unmentioned == () and anything.read_as == "what companies are mentioned?"
    # Asked what it says about something, the trees judge its quotes: a word of it the article
    # lacks may be a paraphrase ("EU compensation": "European Commission compensation").
    assert engine.ask("what does the article say about the roof budget?", context=market).unmentioned == ()
    # A word that begins one the article holds is no word it lacks ("censors", "censor" of
    # "censorship", which the stemmer keeps apart); nor does the caution over quotes name it.
    add(engine, "# Film board at work\nThe censorship board met on Monday in the old town hall and voted to "
                "ban two films from the festival, after a long and heated debate.\n", "board.md")
    board = Discussion(engine.find_article("Film board at work").id, chosen=True)
    assert engine.ask("does it mention the censors?", context=board).unmentioned == ()
    assert engine.ask("does it mention the lighthouse?", context=board).unmentioned == ("lighthouse",)
    assert "censor" not in engine.ask("did the board censor films?", context=board).unknown
    # Which article? With several and none discussed, the search decides.
    assert engine.ask("does the article mention the lighthouse?").unmentioned == ()
    # Of the one asked, the decline names it without "the article being discussed".
    picked = engine.ask("does it mention the lighthouse?", article_id=market.article_id)
    assert picked.unmentioned == ("lighthouse",) and "being discussed" not in picked.message
    # A follow-up "and X?" of the article chosen asks about X: one it never names is declined so,
    # named as asked (a stranger's "and man utd?" was quoted a story's lines on Campbell); one it
    # names, and the article of the last answer alone (not chosen), are asked as before.
    after = replace(market, asked="who runs the fish market?")
    followed = engine.ask("and the galway trawlers?", context=after)
    assert not followed.answered and followed.unmentioned == ("the galway trawlers",)
    assert engine.ask("and the traders?", context=after).unmentioned == ()
    assert engine.ask("and the lighthouse?", context=replace(after, chosen=False)).unmentioned == ()
    # Not an everyday thing, which asks the last question of whatever the article calls it ("and
    # the cost?"), nor a word of it the article holds ("and the old lighthouse?"), nor one
    # starting a name it writes ("and fergie?" of "Ferguson"): a review's finds.
    ferguson = add(engine, "# Fish market\nThe fish market run by Alex Ferguson on the old harbour opened again on "
                           "Saturday with forty stalls selling the morning catch.\n", "ferguson.md")
    run_by = Discussion(ferguson.id, chosen=True, asked="who opened it?")
    for question in ("and the cost?", "and the old lighthouse?", "and fergie?"):
        assert engine.ask(question, context=run_by).unmentioned == (), question


def test_asked_whether_the_article_mentions_what_it_does_the_sentences_using_it_are_quoted(engine):
    # However unsure the trees are of "what about the SEC?" (here nothing passes them), the
    # article does mention it: where it does is the answer, not "I couldn't find an answer".
    add(engine, BYLINED, "market.md")
    add(engine, "# Handheld wars\nSony will enter the market later this year with its PlayStation Portable, "
                "which plays films and music as well as games.\n\nThe Securities and Exchange Commission heard "
                "the case on Monday.\n", "handheld.md")
    engine.answer_tuning = replace(engine.answer_tuning, threshold=1.0)
    handheld = Discussion(engine.find_article("Handheld wars").id, chosen=True)
    shown = engine.ask("does it mention the SEC?", context=handheld)
    assert shown.answered and [q.text for q in shown.quotes] == [
        "The Securities and Exchange Commission heard the case on Monday."]
    assert shown.quotes[0].paragraph == 2 and shown.read_as == "where the article mentions securities exchange commission"
    market = Discussion(engine.find_article("fish market").id, chosen=True)
    either = engine.ask("does it mention the lighthouse or the roof?", context=market)
    assert either.answered and all("roof" in q.text for q in either.quotes)
    # Not for other questions, nor for an article that never uses the words.
    assert not engine.ask("what does the roof cost?", context=market).answered
    assert engine.ask("does it mention the lighthouse?", context=market).unmentioned == ("lighthouse",)


def test_a_decline_in_the_only_article_indexed_names_no_other_story(engine):
    """A new user of the launch article alone was told "Name the story you mean, or ask about
    another article"."""
    add(engine, BYLINED, "market.md")
    market = Discussion(engine.find_article("fish market").id, chosen=True)
    for declined in (engine.ask("is the mayor happy about it?", context=market),
                     engine.ask("is the mayor happy about it?", article_id=market.article_id)):
        assert not declined.answered and declined.alone
        assert "Try other words: it is the only article indexed." in declined.message
    add(engine, PLAIN, "bakery.md")
    declined = engine.ask("is the mayor happy about it?", context=market)
    assert not declined.alone and "Name the story you mean" in declined.message


def test_the_evaluation_reads_what_the_article_says_as_ask_does(engine):
    from index import evaluate

    add(engine, BYLINED, "market.md")
    market = Discussion(engine.find_article("fish market").id, chosen=True)
    variant = evaluate.default_variants()["hybrid"]
    for question in ("what does the article say about the new roof?", "does it mention the lighthouse?"):
        asked = evaluate._ask(engine, variant, question, None, None, GLOBAL, market)
        direct = engine.ask(question, context=market)
        first = [q.text for q in asked.quotes[:1]], [q.text for q in direct.quotes[:1]]
        assert (asked.answered, first[0], asked.unmentioned) == (direct.answered, first[1], direct.unmentioned), question


def test_what_it_is_about_quotes_no_sentence_leaning_on_the_one_before(engine):
    """A stranger's "what's this about?" got "'There is no anti-American mood,' he said.", whose
    speaker only the sentence before it names."""
    story = add(engine, "# Berlin hails European cinema\nOrganisers of the Berlin film festival have hailed a "
                        "bumper year for European films in competition this year.\n\nThe festival director "
                        "Dieter Kosslick said American studios were still welcome in Berlin this year. \"There is "
                        "no anti-American mood,\" he said.\n\nTwenty-one films are competing for the Golden Bear, "
                        "and some 350 films will be screened across the city during the festival.\n", "berlin.md")
    answer = engine.ask("whats this about", context=Discussion(story.id, chosen=True))
    assert answer.about is not None and answer.quotes
    assert not any(q.text.startswith('"There is no anti-American mood') for q in answer.quotes), answer.quotes
    assert answer.quotes[0].text.startswith("Organisers of the Berlin film festival")


def test_an_article_named_by_its_headlines_words_is_the_one_asked_about(engine):
    # A stranger's "who wrote petrol duties frozen?" got that story's lead quoted as the answer.
    add(engine, PLAIN, "bakery.md")
    add(engine, TRAMS, "trams.md")
    engine.add_article(parse_text(LAUNCH_ARTICLE.read_text(), source=str(LAUNCH_ARTICLE), fmt="md"))
    plain = engine.ask("who wrote bakery wins national bread prize?")
    assert not plain.answered and plain.about.title == "A bakery wins the national bread prize"
    assert "The article doesn't say who wrote it" in answer_markdown(plain)
    launch = engine.ask("who wrote the crypto ai, decentralisation and deepseek piece?")
    assert [q.text for q in launch.quotes] == ["Opinion: Zain Jaffer, co-founder of Vungle"]
    dated = engine.ask("when was trams come back to northtown published?")
    assert dated.answered and "Published 2025-03-04." in answer_markdown(dated)
    # Words of a title, but not most of it: what the text says of whoever wrote them.
    assert engine.ask("who wrote the national bread rules?").about is None
    assert engine.ask("who wrote deepseek?").about is None
    # Nor a work a headline names, whose writer the text may give (a review's finds: "who wrote
    # the new harry potter book?" of "New Harry Potter tops book chart").
    add(engine, "# New Harry Potter tops book chart\nJK Rowling's sixth book went straight to the top of the chart "
                "this week, ahead of every other title in the shops.\n", "hp.md")
    assert engine.ask("who wrote the new harry potter book?").about is None


def test_a_closing_line_about_the_writer_answers_only_questions_naming_them(engine):
    """A stranger's "who made it?" of a report on a new TV set got its closing line "Clark Boyd is
    technology correspondent for The World…" first: it says who wrote the report, not who made
    anything. Asked about him by name, it is still quoted."""
    report = add(engine, "# TV aids India\n\nProfessor Raj Reddy built a cheap television that is also a "
                 "computer and a telephone.\n\nTrials of the set start in Andhra Pradesh next year.\n\nClark Boyd "
                 "is technology correspondent for The World, a radio co-production\n", "tv.md")
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)  # quoted, whatever the fake model says
    for question in ("who made it?", "who is the technology correspondent for the world?"):
        answer = engine.ask(question, context=Discussion(report.id, chosen=True))
        assert not any(q.text.startswith("Clark Boyd") for q in answer.quotes), question
    answer = engine.ask("who is clark boyd?", context=Discussion(report.id, chosen=True))
    assert answer.quotes[0].text.startswith("Clark Boyd")
    # A story's own last sentence about someone it names is no byline (a review's find: "who wrote
    # the da vinci code?" lost it).
    novel = add(engine, "# Thriller sales soar\n\nSales of the thriller rose again this week, its publisher said on "
                "Monday.\n\nBrown is said to be writing a sequel set in Washington.\n\nDan Brown is the author of "
                "The Da Vinci Code, which has sold 25 million copies.\n", "novel.md")
    assert bylines(engine.store.article(GLOBAL, novel.id)) == []
    answer = engine.ask("who wrote the da vinci code?", context=Discussion(novel.id, chosen=True))
    assert any(q.text.startswith("Dan Brown is the author") for q in answer.quotes)


def test_he_in_a_column_calling_no_one_he_is_its_author(engine):
    """A stranger's "why doesnt he trust them?" and "so what does he think we should do?" of Bill
    Thompson's column (it calls no one "he"; its last line "Bill Thompson is a regular commentator
    on…") were declined: he is the author. Not in a report whose writer is a correspondent, nor
    where the column calls someone "he"."""
    body = ("# What price trusted PCs?\n\nYou can now buy trusted computers, but can we really trust the PC "
            "vendors?\n\nThe chips give record companies control over what we can do with music we bought.\n\n"
            "We need to keep trusted computing under the control of the users.\n\n")
    column = add(engine, body + "Bill Thompson is a regular commentator on the BBC World Service programme Go "
                 "Digital.\n", "column.md")
    context = Discussion(column.id, chosen=True, asked="what is a trusted computer?")
    for question, read in (("why doesnt he trust them?", "why doesn't the author trust them?"),
                           ("so what does he think we should do?", "so what does the author think we should do?")):
        assert engine.ask(question, context=context).read_as == read, question
    # "her" is whose before a noun, else whom (a review's find: "agree with the author's?").
    from index.about import with_the_author
    assert with_the_author("does anyone agree with her?") == "does anyone agree with the author?"
    assert with_the_author("has she changed her mind?") == "has the author changed the author's mind?"
    assert with_the_author("did anyone answer her back?") == "did anyone answer the author back?"
    for question, read in (("did the vendors tell her that?", "did the vendors tell the author that?"),
                           ("what made her change her mind?", "what made the author change the author's mind?")):
        assert with_the_author(question) == read, question
    report = add(engine, body + "Clark Boyd is technology correspondent for The World.\n", "report.md")
    assert engine.ask("why doesnt he trust them?", context=replace(context, article_id=report.id)).read_as is None
    quoting = add(engine, body.replace("We need", "He said we need") + "Bill Thompson is a regular commentator on "
                  "the BBC World Service programme Go Digital.\n", "quoting.md")
    assert engine.ask("why doesnt he trust them?", context=replace(context, article_id=quoting.id)).read_as is None
