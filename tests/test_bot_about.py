"""Questions about an article itself on Discord: the embeds (pure functions) and `/ask` end to end
with the real discord.py client against tests/fake_discord/ and the hashing embedder."""
from __future__ import annotations

import asyncio

import pytest

from bot import render
from index.engine import GLOBAL
from index.models import AboutArticle, Answer, Quote

from .conftest import REPO
from .fake_discord import fake_discord  # noqa: F401  (fixture)
from .test_bot import article, embed_text, harness  # noqa: F401  (fixture)
from .test_render import all_text, assert_within_limits


def about(aspect: str = "author", **kw) -> AboutArticle:
    values = dict(article_id="00000000000000aa", title="Trams come back to Northtown",
                  url="https://news.example/trams", author="Ana Field", publisher="Northtown Post",
                  published="2025-03-04")
    values.update(kw)
    return AboutArticle(aspect, **values)


def test_an_answer_from_the_articles_details_shows_them_and_says_where_they_come_from():
    [embed] = render.answer_embeds(Answer("Who wrote this?", True, (), about=about()))
    assert embed.title == "Who wrote this?"
    assert embed.description == ("Written by Ana Field.\n"  # said in words above the details line
                                 "**[Trams come back to Northtown](<https://news.example/trams>)** — "
                                 "Ana Field · Northtown Post · 2025-03-04 · <https://news.example/trams>")
    assert "not quoted from its text" in embed.footer.text


def test_a_score_only_the_headline_gives_is_shown_as_the_headline_not_as_details():
    headline = about("headline", title="Rovers 2-2 <@123> United", url=None, author=None, publisher=None,
                     published=None)
    [embed] = render.answer_embeds(Answer("what was the score?", True, (), about=headline))
    assert embed.description.startswith("The score is in its headline: Rovers 2-2")
    assert "<@123>" not in all_text([embed]).replace("\\", "")  # escaped: an article's text never pings
    assert "From the article's headline" in embed.footer.text and "not quoted" not in embed.footer.text


def test_a_byline_answer_quotes_it_and_names_the_article():
    byline = Quote("By Ana Field", "00000000000000aa", "Trams come back to Northtown", "https://news.example/trams",
                   1, 1.0, 0, 12)
    embeds = render.answer_embeds(Answer("Who wrote this?", True, (byline,), about=about()))
    assert embeds[0].description == "> By Ana Field **[1]**"
    fields = {f.name: f.value for f in embeds[0].fields}
    assert "paragraph 1" in fields["Sources"]
    assert "Ana Field · Northtown Post" in fields["Article"]
    assert_within_limits(embeds)


def test_a_conclusion_is_cited_like_any_answer_without_the_details_line():
    closing = Quote("The battle is not over.", "00000000000000aa", "Trams", None, 14, 0.7, 10, 33)
    embeds = render.answer_embeds(Answer("What does the author conclude?", True, (closing,),
                                         about=about("conclusion")))
    assert "> The battle is not over. **[1]**" in embeds[0].description
    assert [f.name for f in embeds[0].fields] == ["Sources"]


def test_an_article_picked_as_the_latest_of_several_says_so_whatever_the_answer():
    lead = Quote("The council voted to expand the tram network.", "00000000000000aa", "Trams", None, 1, 1.0, 0, 46)
    quoted = render.answer_embeds(Answer("whats the main point", True, (lead,), about=about("point", latest=True)))
    fields = {f.name: f.value for f in quoted[0].fields}
    assert "Trams come back to Northtown" in fields["Article"] and render.LATEST_NOTE in fields["Article"]
    # From the details alone ("who wrote this?" without a byline), and declined: said too.
    [details] = render.answer_embeds(Answer("Who wrote this?", True, (), about=about(latest=True)))
    assert render.LATEST_NOTE in details.description
    [declined] = render.answer_embeds(Answer("whats the point", False, (), "“Trams” has no sentences that state its point.",
                                             about("point", latest=True)))
    assert render.LATEST_NOTE in declined.description and "Trams come back to Northtown" in declined.description
    # Picked, or the only article: no such note.
    [plain] = render.answer_embeds(Answer("Who wrote this?", True, (), about=about()))
    assert render.LATEST_NOTE not in plain.description
    for embeds in (quoted, [details], [declined]):
        assert_within_limits(embeds)


def test_a_decline_in_the_channels_article_suggests_a_name_for_he_she_it_they():
    [vague] = render.answer_embeds(Answer("how old is he?", False, (), declined_in="Trams"))
    assert "Not in “Trams”" in vague.description and render.PRONOUN_HINT in vague.description
    [named] = render.answer_embeds(Answer("how old is the mayor?", False, (), declined_in="Trams"))
    assert render.PRONOUN_HINT not in named.description
    # Asking for the name itself: "use their name" would go round in a circle.
    [name] = render.answer_embeds(Answer("whats her name", False, (), declined_in="Trams"))
    assert "Not in “Trams”" in name.description and render.PRONOUN_HINT not in name.description
    # Declined because the story gives no age at all: said so, and naming "him" would not help.
    [ageless] = render.answer_embeds(Answer("how old is he?", False, (), declined_in="**Trams**", missing="age"))
    assert "gives no age anywhere" in ageless.description and "\\*\\*Trams\\*\\*" in ageless.description
    assert render.PRONOUN_HINT not in ageless.description


def test_an_article_that_does_not_say_gets_its_own_message_not_the_generic_one():
    answer = Answer("Who wrote this?", False, (), "The article doesn't say who wrote it: “Trams” has no byline.",
                    about(author=None, title="Trams"))
    [embed] = render.answer_embeds(answer)
    assert "The article doesn't say who wrote it" in embed.description
    assert "Not in the indexed articles" not in embed.description
    assert "Northtown Post · 2025-03-04" in embed.description


def test_details_are_escaped_never_ping_and_stay_within_limits():
    hostile = about(title="**Big** [click](https://evil.example) @everyone", author="@here <@&123> <@456>",
                    publisher="_Post_ " * 300, published="`2025`", url="javascript:alert(1)")
    [embed] = render.answer_embeds(Answer("who wrote this <@789>?", True, (), about=hostile))
    text = all_text([embed])
    assert "@everyone" not in text and "@here" not in text
    assert "<@&123>" not in text and "<@456>" not in text and "<@789>" not in text
    assert "](https://evil.example)" not in text and "javascript:" not in text
    assert "\\*\\*Big\\*\\*" in text and "\\`2025\\`" in text
    assert_within_limits([embed])
    long_url = about(url="https://news.example/" + "a" * 500, title="T" * 400, author="A " * 400)
    assert_within_limits(render.answer_embeds(Answer("q", True, (), about=long_url)))


BYLINED = """# Harbour fish market reopens
By Jane Doe

The fish market on the old harbour reopened on Saturday after two years of repairs.

The traders said the new roof keeps the stalls dry in winter storms.
"""

UNSIGNED = """---
title: Tram works begin
author: "@everyone"
publisher: Northtown Post
---
The works on the tram network began on Monday in the northern districts.

They will last two years and cost 40 million euros.
"""


async def test_ask_who_wrote_this_gets_the_byline_quoted_and_cited(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(BYLINED, "market.md"))])
    reply = await fake.wait_reply(await fake.slash("ask", {"question": "who wrote this?"}))
    embed = reply["embeds"][0]
    assert embed["title"] == "who wrote this?"
    assert embed["description"] == "> By Jane Doe **[1]**"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Harbour fish market reopens — paragraph 1" in fields["Sources"]
    assert "Harbour fish market reopens" in fields["Article"]


async def test_ask_when_only_the_details_say_who_wrote_it_shows_them_without_pinging(harness, fake_discord):
    fake = fake_discord
    await harness.start(articles=[(GLOBAL, article(UNSIGNED, "works.md"))])
    reply = await fake.wait_reply(await fake.slash("ask", {"question": "Who is the author?"}))
    text = embed_text(reply)
    assert "Tram works begin" in text and "Northtown Post" in text and "@\u200beveryone" in text
    assert "not quoted from its text" in text
    assert reply["mentions"] == [] and not reply["mention_everyone"]


@pytest.mark.integration
async def test_real_model_who_wrote_the_launch_article(harness, fake_discord, real_embedder):
    fake = fake_discord
    engine = harness.engine(real_embedder, articles_dir=REPO / "articles", answer_threshold=None,
                            shipped_weights=True)
    await asyncio.to_thread(engine.ensure_bundled)
    await harness.start(engine)
    reply = await fake.wait_reply(await fake.slash("ask", {"question": "Who wrote this?"}), timeout=60)
    embed = reply["embeds"][0]
    assert embed["description"] == "> Opinion: Zain Jaffer, co-founder of Vungle **[1]**"
    assert "Cointelegraph" in embed_text(reply)
