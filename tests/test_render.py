"""bot/render.py without a client: Discord's limits, escaping, citations, pages."""
from __future__ import annotations

import re
from dataclasses import replace

import discord

from bot import render
from bot.app import matching_choices
from index.models import Answer, ArticleInfo, Quote, Summary
from index.render import answer_markdown, numbered
from index.text import ASKS_BACK_NOTHING


def quote(text: str, i: int = 0, *, title: str | None = None, url: str | None = "https://news.example/a",
          paragraph: int | None = None) -> Quote:
    return Quote(text, f"{i:016x}", title or f"Article {i}", url, paragraph or i + 1, 0.9)


def info(i: int, title: str | None = None, **kw) -> ArticleInfo:
    values = dict(id=f"{i:016x}", collection="global", title=title or f"Article number {i}",
                  url=f"https://news.example/{i}", author=None, published="2025-01-02", source=f"/a/{i}.md",
                  publisher="Example News", added_at=1_700_000_000.0 + i, paragraphs=5, passages=5)
    values.update(kw)
    return ArticleInfo(**values)


def assert_within_limits(embeds: list[discord.Embed]) -> None:
    for embed in embeds:
        assert render.check_embed(embed) == [], embed.to_dict()
    for group in render.message_groups(embeds):
        assert 1 <= len(group) <= render.EMBEDS_PER_MESSAGE
        assert sum(len(e) for e in group) <= render.EMBED_TOTAL_LIMIT


def all_text(embeds: list[discord.Embed]) -> str:
    out = []
    for embed in embeds:
        out += [embed.title or "", embed.description or ""]
        out += [f"{f.name}\n{f.value}" for f in embed.fields]
        out.append(embed.footer.text or "")
    return "\n".join(out)


def test_a_simple_answer():
    answer = Answer("How much?", True, (quote("It cost 40 million euros.", 0, title="Trams"),
                                        quote("Paid by the region.", 0, title="Trams"),
                                        quote("Another one.", 1, title="Bakery", url=None)))
    [embed] = render.answer_embeds(answer)
    assert embed.title == "How much?"
    # One number a quote, in order; one source line a paragraph, naming its quotes' numbers (by
    # paragraph, the first two were both "[1]", which five strangers took for a mistake).
    assert embed.description == ("> It cost 40 million euros. **[1]**\n\n> Paid by the region. **[2]**\n\n"
                                 "> Another one. **[3]**")
    assert embed.fields[0].name == "Sources"
    assert embed.fields[0].value == ("**[1]** **[2]** [Trams](<https://news.example/a>) — paragraph 1\n"
                                     f"**[3]** Bakery — paragraph 2 (id `{1:016x}`)")
    lines, citations = numbered(answer.quotes)
    assert [line[-3:] for line in lines] == ["[1]", "[2]", "[3]"]
    assert citations == ["[1] [2] Trams, paragraph 1 — <https://news.example/a>", f"[3] Bakery, paragraph 2 (id {1:016x})"]
    assert "Vote" in embed.footer.text


def test_whom_a_quotes_he_or_she_is_goes_beside_it_escaped_never_in_it():
    said = replace(quote('He said: "It is very worrying."', 0, title="Fears"), said_by=("he", "Dr *Ann* @everyone"))
    [embed] = render.answer_embeds(Answer("why?", True, (said,)))
    assert embed.description == '> He said: "It is very worrying." **[1]** *— he: Dr \\*Ann\\* @\u200beveryone*'
    assert answer_markdown(Answer("why?", True, (said,))).startswith(
        '> He said: "It is very worrying." [1] — he: Dr *Ann* @\u200beveryone\n')


def test_a_quote_running_over_the_articles_line_breaks_stays_one_block_quote():
    """A stranger's plain `ask` showed a bulleted sentence's second line outside the quote."""
    answer = Answer("Who enforces it?", True, (quote("- It will be enforced by officers\n - Fines up to £2,500", 0,
                                                     title="Smoking ban"),))
    quoted = answer_markdown(answer).split("\n\n")[0]
    assert quoted == "> - It will be enforced by officers - Fines up to £2,500 [1]"


def test_not_answered_points_to_articles():
    [embed] = render.answer_embeds(Answer("Who painted it?", False, (), "nothing"))
    assert "not in the indexed articles" in embed.description.casefold()
    assert "`/articles`" in embed.description
    assert render.ENGLISH_HINT not in embed.description
    # Asked in another language (anywhere, or in a channel's article): the decline says it reads English.
    for declined in (Answer("qui l'a peint ?", False, (), "nothing", other_language=True),
                     Answer("qui l'a peint ?", False, (), "nothing", declined_in="Trams", other_language=True)):
        [embed] = render.answer_embeds(declined)
        assert render.ENGLISH_HINT in embed.description


def test_an_answer_repeating_the_last_first_quote_says_so_above_the_quotes():
    from index.text import REPEATS_NOTE

    answer = Answer("why?", True, (quote("It cost 40 million euros.", 0, title="Trams"),), repeats=True)
    [embed] = render.answer_embeds(answer)
    assert REPEATS_NOTE in embed.description
    assert embed.description.index(REPEATS_NOTE) < embed.description.index("40 million")
    [plain] = render.answer_embeds(replace(answer, repeats=False))
    assert REPEATS_NOTE not in (plain.description or "")


def test_a_question_about_what_is_to_come_declined_says_so():
    from index.text import NOT_AHEAD

    [embed] = render.answer_embeds(Answer("will the police enforce the ban?", False, (), NOT_AHEAD))
    assert embed.description.startswith("**Nothing found about what is to come.**")
    assert "not in the indexed articles" not in embed.description.casefold()


def test_a_decline_about_another_story_names_the_words_the_picked_article_lacks():
    declined = Answer("who is **@everyone**?", False, (), "never mentions", declined_in="Trams *2*",
                      elsewhere=("@everyone", "ortega"))
    [embed] = render.answer_embeds(declined, picked=True)
    assert embed.description.startswith("**Not in “Trams \\*2\\*”**, the article you picked: it never mentions ")
    assert "“ortega”, which other articles do" in embed.description
    assert "Ask without picking an article" in embed.description
    assert "@everyone" not in embed.description.replace("@\u200beveryone", "")  # escaped, never a ping
    assert render.PRONOUN_HINT not in embed.description


def test_a_decline_names_the_words_no_article_mentions():
    for declined in (Answer("what about **@everyone** and nvidia?", False, (), "no article", unknown=("@everyone", "nvidia")),
                     Answer("what did he say of nvidia?", False, (), "no article", declined_in="Trams",
                            unknown=("nvidia",))):
        [embed] = render.answer_embeds(declined, picked=True)
        assert embed.description.startswith("**No article here mentions ")
        assert "“nvidia”.** I only answer with verbatim quotes" in embed.description
        assert "Check the spelling" in embed.description and render.PRONOUN_HINT not in embed.description
        assert "@everyone" not in embed.description.replace("@\u200beveryone", "")  # escaped, never a ping
    # An everyday word spelt right gets no advice to check its spelling (a stranger's "who disagrees?").
    [embed] = render.answer_embeds(Answer("who disagrees?", False, (), "no article", unknown=("disagrees",)))
    assert "Try other words" in embed.description and "Check the spelling" not in embed.description


def careful_note(embeds: list[discord.Embed]) -> str | None:
    """The caution heading the first embed's description, above the quotes, if any."""
    first = embeds[0].description or ""
    if not first.startswith(render.CAREFUL):
        assert render.CAREFUL not in all_text(embeds)  # nowhere else either
        return None
    note = first[len(render.CAREFUL) + 1:].split("\n\n")[0]
    assert first.index(note) < first.index("**[1]**")  # above the first quote
    return note


def test_quotes_from_a_picked_article_that_never_mentions_the_name_asked_about_carry_a_caution():
    answer = Answer("did @everyone win?", True, (quote("He won in four sets.", 0, title="Henman *wins*"),),
                    elsewhere=("@everyone", "federer"))
    embeds = render.answer_embeds(answer, picked=True)
    note = careful_note(embeds)
    assert note.startswith("“Henman \\*wins\\*” never mentions ") and "“federer”, which other articles do" in note
    assert "@everyone" not in note.replace("@\u200beveryone", "")  # escaped, never a ping
    assert_within_limits(embeds)
    # Without such names, no caution.
    assert careful_note(render.answer_embeds(replace(answer, elsewhere=()), picked=True)) is None


def test_quotes_from_other_articles_than_the_one_being_discussed_say_so_above_them():
    answer = Answer("was anyone fined?", True, (quote("Monsanto agreed to pay a $1.5m fine.", 0, title="Monsanto"),),
                    moved_from="@everyone at *Highbury*", moved_from_chosen=True)
    embeds = render.answer_embeds(answer)
    note = careful_note(embeds)
    assert note.startswith("Not from “") and "the article being discussed: these quotes are from other articles" in note
    assert "\\*Highbury\\*" in note and "@everyone" not in note.replace("@\u200beveryone", "")  # escaped, never a ping
    assert_within_limits(embeds)
    markdown = answer_markdown(answer)
    assert markdown.startswith("Not from “") and markdown.index("other articles") < markdown.index("> Monsanto")
    assert "@everyone" not in markdown.replace("@\u200beveryone", "")
    # Quoted from the article discussed (or nothing discussed), no such line.
    assert careful_note(render.answer_embeds(replace(answer, moved_from=None))) is None
    assert "Not from" not in answer_markdown(replace(answer, moved_from=None))
    # Only quoted by the last answer, that article is named as such; and a quote of it among
    # the others is not said to be another article's.
    last = replace(answer, moved_from="Highbury", moved_from_chosen=False)
    assert careful_note(render.answer_embeds(last)) == "From other articles than “Highbury”, which the last answer quoted."
    mixed = replace(answer, moved_from="Highbury", quotes=answer.quotes + (quote("Keane spoke.", 1, title="Highbury"),))
    assert careful_note(render.answer_embeds(mixed)) == (
        "Not all from “Highbury”, the article being discussed: check each quote's citation.")


def test_quotes_for_a_question_naming_what_no_article_mentions_carry_a_caution_escaped():
    answer = Answer("how many staff in @everyone?", True, (quote("It has 100,000 staff.", 0, title="ABN Amro"),),
                    unknown=("*rotterdam*", "@everyone"))
    embeds = render.answer_embeds(answer)
    note = careful_note(embeds)
    assert note.startswith("No indexed article mentions “\\*rotterdam\\*”") and "may not answer it" in note
    assert "@everyone" not in note.replace("@\u200beveryone", "")  # escaped, never a ping
    assert_within_limits(embeds)
    assert careful_note(render.answer_embeds(replace(answer, unknown=()))) is None


def test_why_alone_where_nothing_is_discussed_is_declined_asking_what_about():
    embeds = render.answer_embeds(Answer("why?", False, (), ASKS_BACK_NOTHING))
    assert embeds[0].description == render.ASKS_BACK_TEXT


def test_quotes_found_for_a_question_in_another_language_carry_a_caution():
    answer = Answer("Warum hat der Rat abgelehnt?", True, (quote("The council refused it.", 0, title="Trams"),),
                    other_language=True)
    embeds = render.answer_embeds(answer)
    assert careful_note(embeds) == render.ENGLISH_NOTE
    assert_within_limits(embeds)
    # Both cautions at once share the one paragraph, the picked article's first.
    note = careful_note(render.answer_embeds(replace(answer, elsewhere=("federer",)), picked=True))
    assert "never mentions “federer”" in note.splitlines()[0] and note.splitlines()[1] == render.ENGLISH_NOTE
    # The markdown (CLI) says it above the quotes; an English question's answer does not.
    assert answer_markdown(answer).startswith(render.ENGLISH_NOTE + "\n\n> The council refused it.")
    assert render.ENGLISH_NOTE not in answer_markdown(replace(answer, other_language=False))


def assert_one_message(embeds: list[discord.Embed]) -> None:
    assert_within_limits(embeds)
    assert len(render.message_groups(embeds)) == 1


def quote_blocks(embeds: list[discord.Embed]) -> list[str]:
    return [block for e in embeds for block in (e.description or "").split("\n\n") if block]


def test_a_100000_character_quote_is_one_message_shortened_with_a_link_to_the_rest():
    # What an unpunctuated line used to become: one quote, 50 embeds in 50 messages.
    text = " ".join(f"word{i}" for i in range(12_000))  # ~100,000 characters
    embeds = render.answer_embeds(Answer("Q?", True, (quote(text, url="https://news.example/long"),)))
    assert_one_message(embeds)
    [block] = quote_blocks(embeds)
    shown, rest = block.split(render.ELLIPSIS)
    assert shown.startswith("> word0 word1 ") and text.startswith(shown[2:])
    assert text[len(shown) - 2] == " "  # cut between words
    assert rest == " **[1]** ([rest of the quote](<https://news.example/long>))"
    assert embeds[-1].fields and embeds[-1].footer.text


def test_a_shortened_quote_without_an_address_says_so():
    embeds = render.answer_embeds(Answer("Q?", True, (quote("word " * 3000, url=None),)))
    assert_one_message(embeds)
    assert quote_blocks(embeds)[0].endswith(render.ELLIPSIS + " **[1]** (shortened)")


def test_ten_long_quotes_from_ten_articles_fit_one_message_with_every_citation():
    quotes = tuple(quote("A sentence that goes on and on. " * 30, i, title="T" * 300 + f" {i}",
                         url=f"https://news.example/{'x' * 400}/{i}") for i in range(10))
    embeds = render.answer_embeds(Answer("Q" * 500, True, quotes))
    assert_one_message(embeds)
    text = all_text(embeds)
    for n in range(1, 11):
        assert text.count(f"**[{n}]**") >= 2  # marker and citation
    assert len(quote_blocks(embeds)) == 10
    assert len(embeds[0].title) <= render.TITLE_LIMIT and embeds[0].title.endswith(render.ELLIPSIS)


def test_short_quotes_are_never_shortened():
    quotes = tuple(quote(f"Sentence number {i} is short but not tiny, about eighty characters or so.", i)
                   for i in range(10))
    embeds = render.answer_embeds(Answer("Q?", True, quotes))
    assert_one_message(embeds)
    assert render.ELLIPSIS not in all_text(embeds)


def test_sixty_long_quotes_still_make_one_message_and_count_what_is_left_out():
    quotes = tuple(quote("A sentence that goes on and on. " * 40, i, title="T" * 300 + f" {i}",
                         url=f"https://news.example/{'x' * 400}/{i}") for i in range(60))
    for embeds in (render.answer_embeds(Answer("Q" * 500, True, quotes)),
                   render.summary_embeds(Summary("Recently added articles", quotes, None))):
        assert_one_message(embeds)
        shown = len(quote_blocks(embeds))
        assert 10 <= shown < 60
        assert f"{60 - shown} more quotes left out" in embeds[-1].footer.text


def test_one_giant_word_is_cut_with_an_ellipsis():
    giant = "x" * 10_000
    embeds = render.answer_embeds(Answer("Q?", True, (quote(giant),)))
    assert_one_message(embeds)
    assert quote_blocks(embeds)[0].startswith("> xxx") and render.ELLIPSIS in quote_blocks(embeds)[0]


def test_markdown_in_quotes_cannot_break_the_layout():
    nasty = ("> not a quote\n# Heading\n- list ``` code fence ||spoiler|| **bold** __under__ ~~strike~~ "
             "`tick` [click](https://evil.example) 1. one \\ backslash")
    [embed] = render.answer_embeds(Answer("**Q** ||x||", True, (quote(nasty),)))
    description = embed.description
    assert description.startswith("> ") and "\n" not in description  # one block-quote line
    assert "```" not in description and "||" not in re.sub(r"\\\|", "", description)
    assert not re.search(r"(?<!\\)\*\*bold", description) and not re.search(r"(?<!\\)~~", description)
    assert "\\[click]\u200b(https://evil.example)" in description or "\\[click\\]" in description
    assert "\\> not a quote" in description
    assert embed.title == "\\*\\*Q\\*\\* \\|\\|x\\|\\|"


def test_mentions_are_neutralised_everywhere():
    text = "Hello @everyone and @here, <@&123>, <@123456789012345678> and <#42>."
    answer = Answer(f"@everyone {text}", True, (quote(text, title="@here <@&1> news"),))
    out = all_text(render.answer_embeds(answer))
    assert "@everyone" not in out and "@here" not in out
    assert not re.search(r"<[@#][!&]?\d+>", out)
    assert "@\u200beveryone" in out


def test_the_markdown_text_shows_an_articles_masked_links_and_spoilers_as_written():
    """A new operator's article held "[totally safe link](https://evil.example/phish)": in the
    `text` of `ask --json`, pasted or forwarded where markdown renders, only "totally safe link"
    would show. The JSON quotes keep the verbatim text."""
    hostile = "Visit [totally safe link](https://evil.example/phish) or ||a spoiler|| today."
    answer = Answer("where?", True, (quote(hostile, title="[Official notice] (https://evil.example/phish)"),))
    text = answer_markdown(answer)
    assert "](" not in text and "] (" not in text and "||" not in text
    assert "[totally safe link]\u200b(https://evil.example/phish)" in text and "|\u200b|a spoiler|\u200b|" in text
    assert answer.quotes[0].text == hostile


def test_article_and_user_text_never_pings_anyone_anywhere():
    hostile = "@everyone @here <@&123> <@!42> <#7> <@123456789012345678> **bold** [x](https://e.example)"
    quotes = (quote(hostile, 0, title=hostile), quote("x " * 2000 + hostile, 1, title=hostile))
    shown = [
        all_text(render.summary_embeds(Summary(hostile, quotes, "00"))),
        all_text(render.summary_embeds(Summary(hostile, quotes, None))),
        all_text(render.announcement_embeds(info(1, title=hostile), Summary(hostile, quotes, "01"), hostile)),
        all_text(render.announcement_embeds(info(1, title=hostile), None, hostile)),
        all_text([render.articles_page([info(i, title=hostile, publisher=hostile, published=hostile)
                                        for i in range(3)], 0)]),
        render.added_text([("added", info(1, title=hostile))]),
        render.progress_text(f"Reading {hostile}.txt"),
        render.progress_text(f"Embedding {hostile}", 3, 10),
    ]
    for text in shown:
        assert "@everyone" not in text and "@here" not in text, text
        assert not re.search(r"<[@#][!&]?\d+>", text), text


def test_titles_and_urls_in_citations_are_safe():
    line = render.citation_line([1], quote("x", title="A [bracketed] title", url="https://e.example/a b)(c"))
    assert line == "**[1]** [A (bracketed) title](<https://e.example/a%20b%29%28c>) — paragraph 1"
    assert "javascript" not in render.citation_line([1], quote("x", url="javascript:alert(1)"))


def test_truncate_and_split_never_cut_a_word_silently():
    text = "alpha beta gamma delta epsilon"
    assert render.truncate(text, 100) == text
    assert render.truncate(text, 14) == "alpha beta…"
    assert render.truncate("x" * 50, 10) == "x" * 9 + "…"


def test_summaries():
    one = Summary("Trams", (quote("First.", 0), quote("Second.", 0, paragraph=3)), "00")
    [embed] = render.summary_embeds(one)
    assert embed.title == "Summary: Trams"
    assert embed.description == "> First. **[1]**\n\n> Second. **[2]**"
    [digest] = render.summary_embeds(Summary("Recently added articles", (quote("A.", 0),), None))
    assert digest.title == "Recently added articles"
    [empty] = render.summary_embeds(Summary("Recently added articles", (), None))
    assert "Nothing to summarise" in empty.description


def test_article_pages():
    infos = [info(i, title=("Long " * 100) if i == 3 else None, url=("https://x.example/" + "p" * 600) if i == 4 else f"https://news.example/{i}")
             for i in range(23)]
    assert render.page_count(23) == 3 and render.page_count(0) == 1
    first = render.articles_page(infos, 0)
    last = render.articles_page(infos, 2)
    assert render.check_embed(first) == [] and render.check_embed(last) == []
    assert len(first.fields) == 10 and len(last.fields) == 3
    assert first.footer.text == "Page 1 of 3" and last.footer.text == "Page 3 of 3"
    field = first.fields[0]
    assert field.name == "Article number 0"
    assert "Example News" in field.value and "added <t:1700000000:d>" in field.value and f"`{0:016x}`" in field.value
    assert render.articles_page(infos, 99).footer.text == "Page 3 of 3"
    assert "No articles" in render.articles_page([], 0).description
    # The worst case still fits in 6000 characters.
    huge = [info(i, title="T" * 300, publisher="P" * 300, published="D" * 300,
                 url="https://x.example/" + "p" * 480) for i in range(10)]
    assert render.check_embed(render.articles_page(huge, 0)) == []


def test_autocomplete_choices():
    infos = [info(i, title=f"Story {i} " + "about trams " * 20) for i in range(40)] + [info(99, title="Bakery prize")]
    choices = matching_choices(infos, "")
    assert len(choices) == 25 and all(len(c.name) <= 100 for c in choices)
    assert [c.name for c in matching_choices(infos, "bakery")] == ["Bakery prize"]
    assert [c.value for c in matching_choices(infos, f"{99:016x}")] == [f"{99:016x}"]
    assert [c.name for c in matching_choices(infos, "prize bakery")] == ["Bakery prize"]


def test_progress_and_added_texts():
    assert render.progress_text("Indexing", 5, 10).endswith("5/10 (50%)")
    assert render.progress_text("Fetching") == "⏳ Fetching…"
    text = render.added_text([("added", info(1, title="A *bold* @everyone title"))])
    assert "\\*bold\\*" in text and "@\u200beveryone" in text and "5 paragraphs" in text
    assert len(render.content("x " * 3000)) <= render.CONTENT_LIMIT


def test_help_mentions_every_command():
    text = all_text([render.help_embed([123])])
    for command in ("/ask", "/summary", "/articles", "/add", "/remove", "/reindex"):
        assert command in text
    assert "<#123>" in text


def test_an_error_shown_on_discord_keeps_a_file_name_and_reason_phrase_literal():
    from bot.app import user_message
    from index.errors import ArticleNotFound, IngestError

    error = IngestError("**loud**_file_.txt", "the server answered HTTP 404 <@&123> @everyone ~~gone~~")
    shown = user_message(error)
    assert "\\*\\*loud\\*\\*" in shown and "\\~\\~gone\\~\\~" in shown  # no bold, no strike-through
    assert "<@&123>" not in shown and "@everyone" not in shown  # no ping, even without allowed_mentions
    assert "\\*\\*x\\*\\*" in user_message(ArticleNotFound("**x**"))
    near = user_message(ArticleNotFound("trams", [("a" * 16, "**Trams** <@&5> back")]))
    assert "Did you mean “\\*\\*Trams\\*\\*" in near and "<@&5>" not in near
    mentioned = user_message(ArticleNotFound("botin", [("b" * 16, "Santander chief to face trial")], mentioned=True))
    assert "It is mentioned in the text of “Santander chief to face trial”" in mentioned and "Did you" not in mentioned


def test_an_uploaded_article_is_listed_as_an_uploaded_file():
    upload = info(1, url=None, publisher=None, source="discord-attachment:1234/bakery.md")
    (field,) = render.articles_page([upload], 0).fields
    assert field.value.startswith("uploaded file bakery.md · ")


def test_the_cli_markdown_pings_no_one_when_forwarded():
    """`quotebot ask`/`summary` print markdown (also the JSON's `text`) that people pipe into
    webhooks: an article's @everyone or <@id> must not ping there; the JSON quotes stay verbatim."""
    from index.render import answer_json, answer_markdown, summary_markdown

    evil = quote("Hello @everyone and @here, ask <@123456789012345678> or <@&42> in <#7>.", 0,
                 title="Ping @everyone")
    answer = Answer("who?", True, (evil,))
    for text in (answer_markdown(answer), summary_markdown(Summary("@here news", (evil,)))):
        assert not re.search(r"@(everyone|here)|<[@#][!&]?\d", text), text
        assert "everyone" in text and "123456789012345678" in text  # still readable
    assert answer_json(answer)["quotes"][0]["text"] == evil.text


def test_a_follow_up_read_with_the_question_before_it_says_so_first_and_escaped():
    answer = Answer("and why?", True, (quote("He was sold for a record fee.", 0),), read_as="why **sold** @everyone?")
    embeds = render.answer_embeds(answer)
    first = embeds[0].description
    assert first.startswith("*Read as “why \\*\\*sold\\*\\* @\u200beveryone?”*")
    assert first.index("Read as") < first.index("**[1]**")
    declined = render.answer_embeds(Answer("and why?", False, (), "nothing", read_as="why sold stam?",
                                           follows="who sold *stam*?"))
    # Named as the question it follows, escaped, rather than as the splice.
    assert declined[0].description.startswith("*Read as a follow-up to “who sold \\*stam\\*?”*")
    assert_within_limits(embeds + declined)


def test_a_decline_for_the_words_of_someone_the_article_never_quotes_names_them_escaped():
    answer = Answer("what did *domecq* say?", False, (), "nothing", declined_in="Pernod talk lifts Domecq shares",
                    missing="words", unquoted="do*mecq @everyone")
    for picked in (True, False):
        [embed] = render.answer_embeds(answer, picked=picked)
        assert "**Not in “Pernod talk lifts Domecq shares”**: it gives no words said or thought by " in embed.description
        assert "“do\\*mecq @\u200beveryone”" in embed.description
    # Any other kind still says what kind of figure it lacks.
    [money] = render.answer_embeds(replace(answer, missing="money", unquoted=None), picked=True)
    assert "it gives no sum of money anywhere" in money.description


def test_a_decline_for_what_the_article_never_mentions_names_it_escaped():
    answer = Answer("does it mention *kraft*?", False, (), "nothing", declined_in="McDonald's to sponsor MTV show",
                    unmentioned=("kra*ft @everyone",))
    for picked in (True, False):
        [embed] = render.answer_embeds(answer, picked=picked)
        assert ("**Not in “McDonald's to sponsor MTV show”**: it never uses the words “kra\\*ft @\u200beveryone”"
                in embed.description)
        assert ("Try other words, or ask without picking" in embed.description) is picked


def test_who_said_that_names_the_speaker_above_the_quote_escaped_on_every_front_end():
    from index.render import answer_json

    said = quote('"We will be back," said club captain **Jo** @everyone.', 0)
    # The reading names the quote in its own words: escaped like it, never a ping.
    answer = Answer("who said that?", True, (said,), read_as="who said ‘We will be back,\" said club captain **Jo** "
                    "@everyone.’?", speaker="club captain **Jo** @everyone")
    [embed] = render.answer_embeds(answer)
    assert "Read as “who said ‘We will be back,\" said club captain \\*\\*Jo\\*\\* @\u200beveryone" in embed.description
    assert "**Said by: club captain \\*\\*Jo\\*\\* @\u200beveryone**" in embed.description
    assert embed.description.index("Said by") < embed.description.index("**[1]**")
    text = answer_markdown(answer)
    assert text.index("Said by: club captain") < text.rindex("We will be back")  # above the quote
    assert "@everyone" not in text and answer_json(answer)["speaker"] == "club captain **Jo** @everyone"


def test_an_unsure_answer_says_so_above_its_quotes_on_discord_unless_another_caution_says_it():
    from index.render import UNSURE_NOTE

    answer = Answer("how much are tickets?", True, (quote("Tickets for the final sold out in an hour.", 0),
                                                    quote("Fans queued all night.", 1)), unsure=True)
    [embed] = render.answer_embeds(answer)
    assert UNSURE_NOTE in embed.description and embed.description.index(UNSURE_NOTE) < embed.description.index("**[1]**")
    [named] = render.answer_embeds(replace(answer, unknown=("wembley",)))
    assert "may not say" not in named.description and "wembley" in named.description
    [sure] = render.answer_embeds(replace(answer, unsure=False))
    assert "may not say" not in sure.description
    # Quoted from one article, the caution says "the article" (a stranger asking of the only
    # article indexed read "the articles" as the bot not knowing what it had).
    one = replace(answer, quotes=(answer.quotes[0], quote("Fans queued all night.", 0, paragraph=4)))
    [embed] = render.answer_embeds(one)
    assert "The article may not say: these are the closest sentences" in embed.description
    assert answer_markdown(one).startswith("The article may not say") and UNSURE_NOTE not in answer_markdown(one)


def test_why_or_who_said_that_with_nothing_asked_or_quoted_say_so_on_discord():
    from index.text import ASKS_BACK_UNASKED, NOTHING_QUOTED

    [why] = render.answer_embeds(Answer("why?", False, (), ASKS_BACK_UNASKED))
    assert why.description.startswith("**What about?** Nothing has been asked about the article yet")
    [who] = render.answer_embeds(Answer("who said that?", False, (), NOTHING_QUOTED))
    assert who.description.startswith("**Whose words?** No quote is being discussed here")
    from index.text import NOTHING_QUOTED_LAST

    [last] = render.answer_embeds(Answer("who said that?", False, (), NOTHING_QUOTED_LAST))
    assert last.description.startswith("**Whose words?** The last answer quoted nothing")


def test_a_question_asking_the_bot_to_judge_says_so_on_discord():
    from index.text import ASKS_JUDGEMENT

    [embed] = render.answer_embeds(Answer("is he right?", False, (), ASKS_JUDGEMENT))
    assert embed.description.startswith("**That asks me to judge.** I only quote what the articles say")


def test_a_decline_in_the_only_article_indexed_names_no_other_story_to_ask():
    answer = Answer("is that true?", False, (), "nothing", declined_in="Crypto AI, decentralisation and DeepSeek",
                    alone=True)
    for picked in (True, False):
        [embed] = render.answer_embeds(answer, picked=picked)
        assert embed.description.endswith("Try other words: it is the only article I have.")
        assert "pick one" not in embed.description and "without picking" not in embed.description
    [unmentioned] = render.answer_embeds(replace(answer, unmentioned=("nvidia",)))
    assert unmentioned.description.endswith("Try other words: it is the only article I have.")
