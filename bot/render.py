"""Everything the bot shows on Discord, as pure functions (no client needed, unit-testable).

Answers and summaries become embeds: the quotes as block quotes with [n] markers in the
description, the citations (title linked to the article, paragraph number) in fields. Text from
articles and users is escaped (markdown and mentions) so a quote can neither break the layout
nor ping anyone, and every Discord limit is respected. An answer or a summary is always one
message: over-long quotes are shortened (with an ellipsis and a link to the article for the
rest), the more the more quotes there are, and what still does not fit is left out and counted
in the footer. Other lists spill over into more embeds and messages (`message_groups`). Text is
only ever shortened at a word boundary, and then with an ellipsis.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence
from urllib.parse import quote as url_quote
from urllib.parse import urlsplit

import discord

from index.collections import GLOBAL, guild_collection
from index.models import AboutArticle, Answer, ArticleInfo, Quote, Summary
from index.render import (by_paragraph, details_said, elsewhere_note, from_headline, moved_from_note, quoted_names,
                          read_as_note, said_by_note, shows_unsure, speaker_note, unknown_note, unsure_note)
from index.render import no_mentions as index_no_mentions
from index.text import (ASKS_BACK_NOTHING, ASKS_BACK_UNASKED, ASKS_JUDGEMENT, ENGLISH_HINT, ENGLISH_NOTE, NAMES_NOBODY,
                        NOT_AHEAD, NOTHING_QUOTED, REPEATS_NOTE, NOTHING_QUOTED_LAST, PRONOUN_HINT, human_age, human_duration, missing_what,
                        one_line, plural, pronoun_hint_helps)

# Discord's limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
CONTENT_LIMIT = 2000
TITLE_LIMIT = 256
DESCRIPTION_LIMIT = 4096
FIELD_NAME_LIMIT = 256
FIELD_VALUE_LIMIT = 1024
FIELDS_LIMIT = 25
FOOTER_LIMIT = 2048
AUTHOR_LIMIT = 256
EMBED_TOTAL_LIMIT = 6000  # per message: the sum over all its embeds
EMBEDS_PER_MESSAGE = 10
CHOICES_LIMIT = 25
CHOICE_NAME_LIMIT = 100

ELLIPSIS = "…"
COLOUR = discord.Colour.blurple()
NOT_FOUND_COLOUR = discord.Colour.light_grey()

NOT_IN_DISCUSSED = (
    "**Not in “{title}”**, the article this channel is discussing: I only answer with verbatim "
    "quotes, and it doesn't answer that, so I won't guess.\n"
    "Name the story you mean, or pick one with `/ask question: article:`."
)
ONLY_ARTICLE_THEN = "Try other words: it is the only article I have."  # for NOT_IN_DISCUSSED's last line
NOT_IN_PICKED = (
    "**Not in “{title}”**, the article you picked: I only answer with verbatim quotes, and it "
    "doesn't seem to say that, so I won't guess.\n"
    "Try other words, or ask without picking an article."
)
NOT_GIVEN = (  # {then}: what to try, as for a decline in the channel's or the picked article
    "**Not in “{title}”**: it gives no {what} anywhere, and I only answer with verbatim quotes, "
    "so I won't guess.\n{then}"
)
NOT_IN_PICKED_ELSEWHERE = (  # {words}: the question's names that other articles hold (`Answer.elsewhere`)
    "**Not in “{title}”**, the article you picked: it never mentions {words}, which other articles do, and I "
    "only answer with verbatim quotes, so I won't guess from it.\n"
    "Ask without picking an article to search them all."
)
NOT_IN_DISCUSSED_ELSEWHERE = (  # ... in the article a channel discusses
    "**Not in “{title}”**, the article this channel is discussing: it never mentions {words}, which other articles "
    "do, and I only answer with verbatim quotes, so I won't guess from it.\n"
    "Name the story you mean, or pick one with `/ask question: article:`."
)
NOT_MENTIONED_IN = (  # {words}: what the question asked whether the article mentions (`Answer.unmentioned`)
    "**Not in “{title}”**: it never uses the word{s} {words}, and I only answer with verbatim quotes, so I "
    "won't guess. It may use other words for it.\n{then}"
)
NAMES_NOBODY_TEXT = (
    "**Who do you mean?** No story is being discussed in this channel yet, so he, she, it or they "
    "could be anyone in the articles I have. Name them, or pick the story with `/ask article:`."
)
ASKS_BACK_TEXT = (
    "**What about?** No story is being discussed in this channel yet, so “why?” or “when?” alone could be "
    "about anything in the articles I have. Ask the whole question."
)
ASKS_BACK_UNASKED_TEXT = (
    "**What about?** Nothing has been asked about the article yet, so “why?” or “when?” alone could "
    "be about anything in it. Ask the whole question."
)
NOTHING_QUOTED_LAST_TEXT = (
    "**Whose words?** The last answer quoted nothing. “Who said that?” asks whose words an answer's "
    "first quote gives, right after it."
)
ASKS_JUDGEMENT_TEXT = (
    "**That asks me to judge.** I only quote what the articles say, so whether it holds is yours to weigh. "
    "Ask what an article says about it (“what does it say about …?”, “what does the author argue?”)."
)
NOT_AHEAD_TEXT = (
    "**Nothing found about what is to come.** The closest sentences in the articles say nothing of what "
    "will happen, and I only answer with verbatim quotes, so I won't guess. Ask what the articles say about it."
)
NOTHING_QUOTED_TEXT = (
    "**Whose words?** No quote is being discussed here. Ask about the article first; then "
    "“who said that?” asks whose words the answer's first quote gives."
)
NOT_MENTIONED = (  # {words}: the question's names no article here mentions (`Answer.unknown`)
    "**No article here mentions {words}.** I only answer with verbatim quotes, so I won't guess.\n"
    "{advice}, or use `/articles` to see which articles I can quote from."
)
NOT_FOUND_TEXT = (
    "**Not in the indexed articles.** I only answer with verbatim quotes, and none of the "
    "articles I have answers that, so I won't guess.\n"
    "Try other words, or use `/articles` to see which articles I can quote from."
)
FOOTER_ANSWER = "Verbatim quotes from the indexed articles. Was this helpful? Vote below."
# Heads what the reader should know before trusting the quotes below it (`Answer.elsewhere`,
# `Answer.other_language`).
CAREFUL = "⚠️ **Careful:**"
FOOTER_DETAILS = "From the article's details (not quoted from its text). Was this helpful? Vote below."
FOOTER_HEADLINE = "From the article's headline. Was this helpful? Vote below."
GENERIC_ERROR = "Something went wrong; the error was logged."
ARTICLES_PER_PAGE = 10

# How an answer is laid out, tried in turn until it fits in one message: the longest quote
# shown, the longest title in a citation, the longest address linked (a longer one gives the
# article's id instead). Even the last one fits ten quotes from ten articles in one message.
@dataclass(frozen=True)
class _Layout:
    quote: int
    title: int
    url: int


LAYOUTS = (_Layout(1000, 150, 512), _Layout(600, 100, 300), _Layout(350, 80, 200), _Layout(200, 60, 120),
           _Layout(120, 40, 100))
REST_OF_QUOTE = "rest of the quote"

_ORDERED_LIST = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)


# text helpers -----------------------------------------------------------------------------
def escape(text: str) -> str:
    """Neutralise Discord markdown and mentions in text from an article or a user: `*_~|``,
    `>` quotes, `#` headings, `-`/`1.` lists, masked links, code fences, @everyone/@here and
    user/role mentions all show as typed."""
    text = discord.utils.escape_markdown(text or "")
    text = _ORDERED_LIST.sub(r"\1\\.", text)
    return no_mentions(text)


# Every message the bot sends pings no one, whatever an article or a user wrote in it (and a
# reply does not ping the author it replies to).
NO_MENTIONS = discord.AllowedMentions.none()


def no_mentions(text: str) -> str:
    """Mentions neutralised, for text Discord shows without markdown (footers)."""
    # escape_mentions only catches real-length ids; a role/user/channel mention of any length
    # must not render (or look like) a mention either: index.render's rule, as in the CLI's text.
    return index_no_mentions(discord.utils.escape_mentions(text or ""))


def truncate(text: str, limit: int) -> str:
    """`text` if it fits, else its longest word-boundary prefix that fits with an ellipsis
    (a single word longer than the limit is cut, also with an ellipsis)."""
    if len(text) <= limit:
        return text
    if limit <= len(ELLIPSIS):
        return ELLIPSIS[:limit]
    room = limit - len(ELLIPSIS)
    cut = text[: room + 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space >= room // 2:
        return text[:space].rstrip() + ELLIPSIS
    return text[:room] + ELLIPSIS


def content(text: str) -> str:
    """A plain message body within the 2000-character limit."""
    return truncate(text, CONTENT_LIMIT)


def _safe_url(url: str | None) -> str | None:
    """An http(s) URL usable inside a masked link: characters that would end the link or the
    markdown are percent-encoded; anything else (javascript:, file:...) gives no link."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    safe = url_quote(url.strip(), safe="/:?#[]@!$&'*+,;=%~-._")
    safe = safe.replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return safe if len(safe) <= 512 else None


def _link_text(title: str, limit: int = 150) -> str:
    """A title as the text of a masked link: escaped, brackets neutralised, kept short."""
    text = truncate(one_line(title) or "Untitled", limit)
    return escape(text.replace("[", "(").replace("]", ")"))


# embeds ------------------------------------------------------------------------------------
def embed_size(embed: discord.Embed) -> int:
    """What Discord counts towards the 6000-character limit."""
    return len(embed)


def check_embed(embed: discord.Embed) -> list[str]:
    """Limits `embed` breaks (empty when it is fine); used by the tests."""
    problems = []
    data = embed.to_dict()
    if len(data.get("title") or "") > TITLE_LIMIT:
        problems.append("title")
    if len(data.get("description") or "") > DESCRIPTION_LIMIT:
        problems.append("description")
    fields = data.get("fields") or []
    if len(fields) > FIELDS_LIMIT:
        problems.append("fields")
    for f in fields:
        if not 1 <= len(f.get("name") or "") <= FIELD_NAME_LIMIT:
            problems.append("field name")
        if not 1 <= len(f.get("value") or "") <= FIELD_VALUE_LIMIT:
            problems.append("field value")
    if len((data.get("footer") or {}).get("text") or "") > FOOTER_LIMIT:
        problems.append("footer")
    if len((data.get("author") or {}).get("name") or "") > AUTHOR_LIMIT:
        problems.append("author")
    if embed_size(embed) > EMBED_TOTAL_LIMIT:
        problems.append("total")
    return problems


def message_groups(embeds: Sequence[discord.Embed]) -> list[list[discord.Embed]]:
    """Pack embeds into messages: at most 10 per message and 6000 characters in total."""
    groups: list[list[discord.Embed]] = []
    size = 0
    for embed in embeds:
        n = embed_size(embed)
        if not groups or len(groups[-1]) >= EMBEDS_PER_MESSAGE or size + n > EMBED_TOTAL_LIMIT:
            groups.append([])
            size = 0
        groups[-1].append(embed)
        size += n
    return groups


@dataclass(frozen=True)
class _Cited:
    blocks: list[str]  # block-quote paragraphs, each ≤ DESCRIPTION_LIMIT
    sources: list[str]  # citation lines, each ≤ FIELD_VALUE_LIMIT


def citation_line(numbers: Sequence[int], quote: Quote, layout: _Layout = LAYOUTS[0]) -> str:
    where = f"paragraph {quote.paragraph}"
    marks = " ".join(f"**[{number}]**" for number in numbers)
    url = _safe_url(quote.url)
    if url and len(url) <= layout.url:
        line = f"{marks} [{_link_text(quote.title, layout.title)}](<{url}>) — {where}"
    else:
        line = f"{marks} {_link_text(quote.title, layout.title)} — {where} (id `{quote.article_id}`)"
    return truncate(line, FIELD_VALUE_LIMIT)


def _cite(quotes: Iterable[Quote], layout: _Layout = LAYOUTS[0]) -> _Cited:
    """Quote blocks with [n] markers (one number per quote) and the citation lines they point
    to, one per article paragraph (`index.render.by_paragraph`). A quote longer than the layout
    allows is shortened at a word with an ellipsis, and links to its article for the rest."""
    quotes = list(quotes)
    blocks: list[str] = []
    sources = [citation_line(numbers, quote, layout) for numbers, quote in by_paragraph(quotes)]
    for number, quote in enumerate(quotes, 1):
        marker = f" **[{number}]**" + (f" *{escape(said_by_note(quote).strip())}*" if quote.said_by else "")
        text = one_line(quote.text)
        shown = truncate(text, layout.quote)  # cut before escaping: never inside an escape
        if shown != text:
            url = _safe_url(quote.url)
            marker += f" ([{REST_OF_QUOTE}](<{url}>))" if url and len(url) <= layout.url else " (shortened)"
        blocks.append("> " + truncate(escape(shown), DESCRIPTION_LIMIT - len("> ") - len(marker)) + marker)
    return _Cited(blocks, sources)


def _source_fields(sources: Sequence[str]) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    value = ""
    for line in sources:
        if value and len(value) + 1 + len(line) > FIELD_VALUE_LIMIT:
            fields.append(("Sources" if not fields else "Sources (continued)", value))
            value = ""
        value = f"{value}\n{line}" if value else line
    if value:
        fields.append(("Sources" if not fields else "Sources (continued)", value))
    return fields


def _one_message(title: str, quotes: Sequence[Quote], footer: str, colour: discord.Colour,
                 extra: Sequence[tuple[str, str]] = (), lead: str | None = None) -> list[discord.Embed]:
    """The quotes as embeds that go in one message: with the roomiest layout that fits, else
    with the tightest and as many quotes as fit (the footer says how many were left out).
    `lead`: a paragraph above the quotes."""
    for layout in LAYOUTS:
        embeds = _cited_embeds(title, _cite(quotes, layout), footer, colour, extra, lead)
        if len(message_groups(embeds)) == 1:
            return embeds
    for shown in range(len(quotes) - 1, 0, -1):
        left_out = len(quotes) - shown
        note = f"{left_out} more quote{'s' if left_out != 1 else ''} left out to fit in one message. "
        embeds = _cited_embeds(title, _cite(quotes[:shown], LAYOUTS[-1]), note + footer, colour, extra, lead)
        if len(message_groups(embeds)) == 1:
            return embeds
    return embeds[:1]  # unreachable with one quote of the tightest layout; never two messages


def _cited_embeds(title: str, cited: _Cited, footer: str, colour: discord.Colour,
                  extra: Sequence[tuple[str, str]] = (), lead: str | None = None) -> list[discord.Embed]:
    """Title on the first embed, `lead` and the quote blocks packed into descriptions, then the
    source fields and any `extra` fields, the footer on the last embed; each embed within every
    limit."""
    title = truncate(one_line(title), TITLE_LIMIT)
    footer = truncate(footer, FOOTER_LIMIT)
    reserve = len(footer)  # the footer may land on any embed: keep room for it everywhere
    embeds: list[discord.Embed] = [discord.Embed(title=title or None, colour=colour)]

    def new() -> discord.Embed:
        embeds.append(discord.Embed(colour=colour))
        return embeds[-1]

    current = embeds[0]
    for block in [lead, *cited.blocks] if lead else cited.blocks:
        description = current.description or ""
        joined = f"{description}\n\n{block}" if description else block
        if len(joined) > DESCRIPTION_LIMIT or embed_size(current) - len(description) + len(joined) + reserve > EMBED_TOTAL_LIMIT:
            current = new()
            joined = block
        current.description = joined
    for name, value in [*_source_fields(cited.sources), *extra]:
        if len(current.fields) >= FIELDS_LIMIT or embed_size(current) + len(name) + len(value) + reserve > EMBED_TOTAL_LIMIT:
            current = new()
        current.add_field(name=name, value=value, inline=False)
    if footer:
        embeds[-1].set_footer(text=footer)
    return embeds


def about_details(about: AboutArticle) -> str:
    """The article's citation from its own details, for Discord: the title (linked when it has
    a web address), then author · publisher · date and the address. Every part comes from the
    article's source, so it is escaped like a quote; within one field's limit."""
    url = _safe_url(about.url)
    title = _link_text(about.title)
    line = f"**[{title}](<{url}>)**" if url else f"**{title}**"
    parts = [escape(truncate(one_line(part), 200)) for part in about.details]
    if url and len(line) + len(" · ".join(parts)) + len(url) + 8 <= FIELD_VALUE_LIMIT:
        parts.append(f"<{url}>")  # shown in full, or not at all: a cut address would mislead
    return truncate(line + (" — " + " · ".join(parts) if parts else ""), FIELD_VALUE_LIMIT)


LATEST_NOTE = "*The most recently added article: nothing said which. Pick another with `/ask article:`.*"


def answer_embeds(answer: Answer, picked: bool = False) -> list[discord.Embed]:
    """An answer as embeds; several when the quotes don't fit in one (see `message_groups`).
    An answer about the article itself also shows the article's details (see `about_details`).
    `picked`: the asker named the article (`/ask article:`), so a decline does not ask them to."""
    title = answer.question or "Answer"
    about = answer.about
    details = about_details(about) if about is not None and about.shows_details else None
    if details and about.latest:  # nothing said which article: the latest of several was taken
        details = f"{truncate(details, FIELD_VALUE_LIMIT - len(LATEST_NOTE) - 1)}\n{LATEST_NOTE}"
    # A follow-up read with the question before it: say how, above all else (it is what was answered).
    read = None
    if answer.read_as:
        follows = truncate(one_line(answer.follows), 300) if answer.follows else None
        read = f"*{escape(read_as_note(truncate(one_line(answer.read_as), 300), follows, answer.partial))}*"
    if not answer.answered:
        description = {NAMES_NOBODY: NAMES_NOBODY_TEXT, ASKS_BACK_NOTHING: ASKS_BACK_TEXT,
                       ASKS_BACK_UNASKED: ASKS_BACK_UNASKED_TEXT, NOTHING_QUOTED: NOTHING_QUOTED_TEXT,
                       NOTHING_QUOTED_LAST: NOTHING_QUOTED_LAST_TEXT, ASKS_JUDGEMENT: ASKS_JUDGEMENT_TEXT,
                       NOT_AHEAD: NOT_AHEAD_TEXT,
                       }.get(answer.message, NOT_FOUND_TEXT)
        if answer.unknown:  # no article has the word: neither the picked one nor other words would help
            from index.spelling import spelt_as_english

            description = NOT_MENTIONED.format(
                words=quoted_names(answer.unknown, lambda word: escape(truncate(one_line(word), 60))),
                advice=("Try other words" if spelt_as_english(answer.unknown)
                        else "Check the spelling or try other words"))
        elif answer.declined_in is not None:  # the picked or the channel's article alone was asked
            title_text = escape(truncate(one_line(answer.declined_in), 200))
            # With one article indexed there is no other story to name, nor to ask without picking.
            discussed, chosen = ((NOT_IN_DISCUSSED, NOT_IN_PICKED) if not answer.alone else
                                 (f"{text.rsplit(chr(10), 1)[0]}\n{ONLY_ARTICLE_THEN}"
                                  for text in (NOT_IN_DISCUSSED, NOT_IN_PICKED)))
            if answer.elsewhere:  # about another story: naming whoever "he" is would not help either
                words = quoted_names(answer.elsewhere, lambda word: escape(truncate(one_line(word), 60)))
                description = (NOT_IN_PICKED_ELSEWHERE if picked else NOT_IN_DISCUSSED_ELSEWHERE).format(
                    title=title_text, words=words)
            elif answer.unmentioned:  # "does it mention kraft?": it does not
                then = (chosen if picked else discussed).rsplit("\n", 1)[1]
                words = quoted_names(answer.unmentioned, lambda word: escape(truncate(one_line(word), 60)))
                s = "s" if len(answer.unmentioned) > 1 or " " in answer.unmentioned[0] else ""
                description = NOT_MENTIONED_IN.format(title=title_text, words=words, then=then, s=s)
            elif answer.missing is not None:  # naming whoever "he" is would not help
                then = (chosen if picked else discussed).rsplit("\n", 1)[1]
                who = escape(truncate(one_line(answer.unquoted), 60)) if answer.unquoted else None
                description = NOT_GIVEN.format(title=title_text, what=missing_what(answer.missing, who), then=then)
            else:
                description = (chosen if picked else discussed).format(title=title_text)
                if pronoun_hint_helps(answer.question):
                    description += f"\n{PRONOUN_HINT}"
        if answer.other_language:
            description += f"\n{ENGLISH_HINT}"
        if about is not None:  # a question about an article that does not say: say which one
            description = escape(one_line(answer.message))
            if details:
                description += "\n\n" + details
        if read:
            description = f"{read}\n{description}"
        embed = discord.Embed(title=truncate(escape(one_line(title)), TITLE_LIMIT),
                              description=truncate(description, DESCRIPTION_LIMIT), colour=NOT_FOUND_COLOUR)
        return [embed]
    if not answer.quotes:
        if details is None:  # not an answer this renderer knows how to show
            return answer_embeds(Answer(answer.question, False, ()))
        said = details_said(about)
        description = f"{escape(truncate(one_line(said), 300))}.\n{details}" if said else details
        embed = discord.Embed(title=truncate(escape(one_line(title)), TITLE_LIMIT),
                              description=truncate(description, DESCRIPTION_LIMIT), colour=COLOUR)
        embed.set_footer(text=FOOTER_HEADLINE if from_headline(about) else FOOTER_DETAILS)
        return [embed]
    extra = [("Article", details)] if details else []
    careful = []
    if answer.elsewhere:  # a picked article that never mentions what the question names
        careful.append(elsewhere_note(answer, lambda text: escape(truncate(one_line(text), 200)), picked))
    if answer.moved_from:  # quotes from other articles than the one this channel is discussing
        careful.append(moved_from_note(answer, lambda text: escape(truncate(one_line(text), 200))))
    if answer.unknown:  # what the question asks about is in no article: its other words matched
        careful.append(unknown_note(answer, lambda word: escape(truncate(one_line(word), 60))))
    if shows_unsure(answer):  # the confidence model doubts the answer
        careful.append(unsure_note(answer))
    if answer.other_language:  # quotes found for a question the English model reads poorly
        careful.append(ENGLISH_NOTE)
    # Above the quotes, which it is about: in a field under the sources a reader never saw it.
    lead = f"{CAREFUL} " + "\n".join(careful) if careful else None
    if answer.speaker:  # "who said that?": the article's own words for who says them
        said = f"**{escape(speaker_note(truncate(one_line(answer.speaker), 200)))}**"
        lead = f"{said}\n{lead}" if lead else said
    if answer.repeats:  # the last answer's first quote again: not the question ignored
        lead = f"*{REPEATS_NOTE}*\n{lead}" if lead else f"*{REPEATS_NOTE}*"
    if read:
        lead = f"{read}\n{lead}" if lead else read
    return _one_message(escape(one_line(title)), answer.quotes, FOOTER_ANSWER, COLOUR, extra, lead)


def summary_embeds(summary: Summary) -> list[discord.Embed]:
    heading = summary.title if summary.article_id is None else f"Summary: {summary.title}"
    title = escape(one_line(heading))
    if not summary.quotes:
        return [discord.Embed(title=truncate(title, TITLE_LIMIT), colour=NOT_FOUND_COLOUR,
                              description="Nothing to summarise yet: no articles are indexed here. "
                                          "An admin can add some with `/add`.")]
    footer = "Verbatim sentences from the article." if summary.article_id else "Verbatim sentences from the most recently added articles."
    return _one_message(title, summary.quotes, footer, COLOUR)


# The source of an article uploaded with `/add file:` (admin.py): this prefix, the upload's
# id, "/", its file name.
UPLOAD_SOURCE = "discord-attachment:"


def page_count(total: int, per_page: int = ARTICLES_PER_PAGE) -> int:
    return max(1, -(-total // per_page))


def _publisher(info: ArticleInfo) -> str:
    if info.publisher:
        return info.publisher
    if info.url:
        host = urlsplit(info.url).hostname or ""
        return host.removeprefix("www.")
    source = info.source or ""
    name = source.rsplit("/", 1)[-1]
    if source.startswith(UPLOAD_SOURCE):
        return f"uploaded file {name}".rstrip()
    return name or "—"


def articles_page(infos: Sequence[ArticleInfo], page: int, per_page: int = ARTICLES_PER_PAGE) -> discord.Embed:
    """Page `page` (0-based) of the article list: title (linked), source, date added, id."""
    pages = page_count(len(infos), per_page)
    page = min(max(page, 0), pages - 1)
    embed = discord.Embed(title="Indexed articles", colour=COLOUR)
    if not infos:
        embed.description = "No articles are indexed yet. An admin can add some with `/add`."
        return embed
    shown = infos[page * per_page : (page + 1) * per_page]
    embed.description = (f"{len(infos)} article{'s' if len(infos) != 1 else ''} I can quote from. "
                         "Ask with `/ask`, or get a summary with `/summary`.")
    # Each entry gets an equal share of what the 6000-character total leaves.
    budget = (EMBED_TOTAL_LIMIT - embed_size(embed) - 100) // max(1, len(shown))
    for info in shown:
        name = truncate(escape(one_line(info.title) or "Untitled"), min(200, budget // 3))
        details = [escape(truncate(one_line(_publisher(info)), 100))]
        if info.published:
            details.append(f"published {escape(truncate(one_line(info.published), 40))}")
        details.append(f"added <t:{int(info.added_at)}:d>")
        details.append(f"{info.paragraphs} paragraph{'s' if info.paragraphs != 1 else ''}")
        line = " · ".join(details) + f"\nid `{info.id}`"
        url = _safe_url(info.url)
        if url:
            line += f" · [link](<{url}>)"
        if url and len(line) + len(name) > budget:
            line = line.rsplit(" · [link]", 1)[0]
        embed.add_field(name=name, value=truncate(line, min(FIELD_VALUE_LIMIT, budget - len(name))), inline=False)
    embed.set_footer(text=f"Page {page + 1} of {pages}")
    return embed


def choice_name(info: ArticleInfo) -> str:
    """An autocomplete choice's label (≤ 100 characters)."""
    return truncate(one_line(info.title) or info.id, CHOICE_NAME_LIMIT)


def progress_text(stage: str, done: int | None = None, total: int | None = None) -> str:
    """A progress line; `stage` may name the user's file, so it is escaped."""
    stage = escape(truncate(one_line(stage), 300))
    if not total:
        return content(f"⏳ {stage}…")
    done = min(max(done or 0, 0), total)
    width = 20
    filled = round(width * done / total)
    bar = "█" * filled + "░" * (width - filled)
    return content(f"⏳ {stage}… `{bar}` {done}/{total} ({100 * done // total}%)")


def added_text(results: Sequence[tuple[str, ArticleInfo]]) -> str:
    """What `/add` says at the end: each article's title, paragraphs and id."""
    lines = []
    for status, info in results:
        verb = {"added": "Added", "updated": "Updated", "unchanged": "Already indexed (unchanged):"}.get(status, status)
        title = escape(truncate(one_line(info.title), 200))
        lines.append(f"✅ {verb} **{title}** — {info.paragraphs} paragraph{'s' if info.paragraphs != 1 else ''} "
                     f"(id `{info.id}`)")
    lines.append("Ask about it with `/ask`.")
    return content("\n".join(lines))


# keeping up to date: /feeds, /status, announcements ------------------------------------------
def feed_link(url: str, limit: int = 100) -> str:
    """A feed's address as a masked link whose text is the address (escaped, shortened to
    `limit`); just the escaped text when it is not an http(s) address."""
    url = one_line(str(url or ""))
    safe = _safe_url(url)
    text = escape(truncate(one_line(url), limit).replace("[", "(").replace("]", ")"))
    return f"[{text}](<{safe}>)" if safe else text


def feed_name(feed: dict, limit: int = FIELD_NAME_LIMIT) -> str:
    """A feed's title (or address when it has none), escaped, within `limit`."""
    return truncate(escape(one_line(feed.get("title") or "") or one_line(str(feed.get("url") or "")) or "Feed"), limit)


def feed_state(feed: dict) -> str:
    """The last poll of a feed: when, its result, and whether it is failing."""
    last_poll = feed.get("last_poll")
    result = escape(truncate(one_line(feed.get("last_result") or ""), 300))
    if not last_poll:
        return "⏳ not polled yet" + (f" ({result})" if result and result != "not polled yet" else "")
    when = f"<t:{int(last_poll)}:R>"
    failures = int(feed.get("failures") or 0)
    if failures:
        line = f"⚠️ failing ({failures} in a row) · last poll {when}: {result or 'error'}"
        if feed.get("next_poll"):
            line += f" · next try <t:{int(feed['next_poll'])}:R>"
        return line
    return f"✅ last poll {when}: {result or 'ok'}"


def feed_articles(feed: dict) -> str:
    return f"{plural(int(feed.get('articles') or 0), 'article')} indexed from it"


def feeds_embed(feeds: Sequence[dict], interval: float | None = None) -> discord.Embed:
    """`/feeds list`: each feed (as `FeedInfo.to_json()`) with its address, last poll result,
    failures and the number of articles indexed from it."""
    embed = discord.Embed(title="Feeds followed in this server", colour=COLOUR)
    every = f" every {human_duration(interval)}" if interval else ""
    if not feeds:
        embed.description = ("No feeds are followed here yet. Add an RSS or Atom feed with `/feeds add url:`; "
                             f"its new articles are indexed{every} and can then be asked about.")
        return embed
    embed.description = (f"{plural(len(feeds), 'feed')}, checked for new articles{every}. "
                         "Remove one with `/feeds remove`.")
    shown = list(feeds)[:FIELDS_LIMIT]
    budget = (EMBED_TOTAL_LIMIT - embed_size(embed) - 100) // max(1, len(shown))
    for feed in shown:
        name = feed_name(feed, min(FIELD_NAME_LIMIT, max(20, budget // 4)))
        room = min(FIELD_VALUE_LIMIT, budget - len(name))
        url, state, articles = str(feed.get("url") or ""), feed_state(feed), feed_articles(feed)
        link = feed_link(url, limit=max(20, min(200, room // 3)))
        if len(link) + len(articles) + 60 > room:  # no room for a link with its full address
            link = escape(truncate(one_line(url), max(20, room // 3)))
        state = truncate(state, max(20, room - len(link) - len(articles) - 2))  # the state gives way
        embed.add_field(name=name, value=truncate("\n".join([link, state, articles]), room), inline=False)
    return embed


def _pack_lines(embed: discord.Embed, name: str, lines: Sequence[str], *, reserve: int = 0) -> int:
    """Add `lines` to `embed` in fields called `name` (then "name (continued)"), as many lines
    per field as fit, keeping `reserve` characters free; returns how many lines were left out
    to stay within Discord's limits."""
    field_name, value = name, ""

    def fits(value_text: str) -> bool:
        return embed_size(embed) + len(field_name) + len(value_text) + reserve <= EMBED_TOTAL_LIMIT

    for index, line in enumerate(lines):
        line = truncate(line, FIELD_VALUE_LIMIT)
        joined = f"{value}\n{line}" if value else line
        if len(joined) <= FIELD_VALUE_LIMIT and fits(joined):
            value = joined
            continue
        if value:  # the current field is full: close it, go on in another
            embed.add_field(name=field_name, value=value, inline=False)
            field_name, value = f"{name} (continued)", ""
        if len(embed.fields) >= FIELDS_LIMIT or not fits(line):
            return len(lines) - index
        value = line
    if value:
        embed.add_field(name=field_name, value=value, inline=False)
    return 0


def _feed_status_line(feed: dict) -> str:
    return (f"**{feed_name(feed, 80)}** · {feed_link(feed.get('url'), 80)}\n{feed_state(feed)} · "
            f"{plural(int(feed.get('articles') or 0), 'article')} indexed")


def status_embed(status: dict, guild_id: int | None) -> discord.Embed:
    """`/status` for one server (from `Engine.status()`): this server's and the shared articles
    and passages, this server's feeds and the shared ones with their last poll, how old the
    index is, the model. Other servers' collections and feeds never appear."""
    collections = status.get("collections") or {}
    mine = guild_collection(guild_id) if guild_id else None
    embed = discord.Embed(title="quotebot status", colour=COLOUR)
    age = status.get("index_age")
    embed.description = ("Index last updated " + (human_age(age) if age is not None else "never: nothing indexed yet")
                         + ".")

    def counts(name: str | None) -> str:
        c = (collections.get(name) or {}) if name else {}
        return f"{plural(int(c.get('articles') or 0), 'article')} · {plural(int(c.get('passages') or 0), 'passage')}"

    if mine:
        embed.add_field(name="This server", value=counts(mine), inline=True)
    embed.add_field(name="Shared (every server)", value=counts(GLOBAL), inline=True)
    model = one_line(str(status.get("model") or "?")).replace("`", "'")
    fingerprint = one_line(str(status.get("fingerprint") or "")).replace("`", "'")
    model_text = f"`{truncate(model, 200)}`"
    if fingerprint and fingerprint != model:
        model_text += f"\nindex built with `{truncate(fingerprint, 200)}`"
    embed.add_field(name="Model", value=model_text, inline=False)
    updates = [f"Articles folder: {'watched' if status.get('watch') else 'not watched'}"]
    if status.get("feed_interval"):
        updates.append(f"feeds checked every {human_duration(status['feed_interval'])}")
    embed.add_field(name="Keeping up to date", value=" · ".join(updates), inline=False)

    feeds = status.get("feeds") or []
    groups = []
    if mine:
        groups.append(("Feeds of this server", [f for f in feeds if f.get("collection") == mine],
                       "None yet: add one with `/feeds add url:`."))
    groups.append(("Shared feeds", [f for f in feeds if f.get("collection") == GLOBAL], "None."))
    footer = "Feeds in full: /feeds list"
    left_out = 0
    for name, items, empty in groups:
        if not items:
            if embed_size(embed) + len(name) + len(empty) + len(footer) < EMBED_TOTAL_LIMIT and len(embed.fields) < FIELDS_LIMIT:
                embed.add_field(name=name, value=empty, inline=False)
            continue
        left_out += _pack_lines(embed, f"{name} ({len(items)})", [_feed_status_line(f) for f in items],
                                reserve=len(footer) + 40)  # room for "… and N more feeds."
    if left_out:
        footer = f"… and {left_out} more feed{'s' if left_out != 1 else ''}. " + footer
    embed.set_footer(text=truncate(footer, FOOTER_LIMIT))
    return embed


def announcement_embeds(info: ArticleInfo, brief: Summary | None, feed_title: str | None = None) -> list[discord.Embed]:
    """A new article from a feed: its title linked to the article, and its two-sentence cited
    digest (rendered like a summary)."""
    title = escape(one_line(info.title) or "Untitled")
    origin = (f"New from {no_mentions(truncate(one_line(feed_title), 100))}" if feed_title and one_line(feed_title)
              else "New article")
    if brief is None or not brief.quotes:
        embed = discord.Embed(title=truncate(title, TITLE_LIMIT), colour=COLOUR,
                              description="Ask about it with `/ask`, or summarise it with `/summary`.")
        embed.set_footer(text=truncate(origin, FOOTER_LIMIT))
        embeds = [embed]
    else:
        footer = f"{origin} · verbatim sentences from the article. Ask about it with /ask."
        embeds = _one_message(title, brief.quotes, footer, COLOUR)
    url = _safe_url(info.url)
    if url:
        embeds[0].url = url
    return embeds


def help_embed(question_channels: Sequence[int] = ()) -> discord.Embed:
    embed = discord.Embed(
        title="quotebot — answers with verbatim, cited quotes",
        colour=COLOUR,
        description=(
            "I answer questions about the indexed news articles **only with sentences quoted word "
            "for word** from them, each cited to its article and paragraph. When the articles "
            "don't answer a question, I say so instead of guessing."
        ),
    )
    asking = ("`/ask question [article]` — ask anything about the articles, or about one of them.\n"
              "Or mention me: `@quotebot who funded the project?` (I reply to your message).\n"
              "Follow-ups such as “who wrote it?” or “how much did they pay?” are answered from the "
              "article this channel was last talking about (announced, added, picked or quoted here); "
              "so are “tl;dr”, “what's the main point?”, “who wrote this?” and “is this advice?”. "
              "“And why?” or “when?” asks that of the last question answered here.")
    if question_channels:
        channels = " ".join(f"<#{c}>" for c in question_channels[:20])
        asking += f"\nIn {channels}, every message is a question (a thanks or a lol gets no reply)."
    embed.add_field(name="Ask", value=truncate(asking, FIELD_VALUE_LIMIT), inline=False)
    embed.add_field(name="Read", value=(
        "`/summary [article]` — a cited summary of one article (start typing its title), or of "
        "the latest articles.\n`/articles` — the articles I can quote from."), inline=False)
    embed.add_field(name="Manage (Manage Server permission)", value=(
        "`/add url:` or `/add file:` — index an article (web page, .txt, .md, .html).\n"
        "`/remove article` — remove an article added in this server.\n"
        "`/feeds add url:` · `/feeds remove` · `/feeds list` — follow RSS/Atom feeds: their new "
        "articles are indexed here automatically.\n"
        "`/status` — articles, feeds and their last check, index age, model.\n"
        "`/reindex` — rebuild the search index."), inline=False)
    embed.add_field(name="Feedback", value="Rate any answer with 👍 or 👎: it helps tune the answers.",
                    inline=False)
    embed.set_footer(text="Articles added in this server are only searched in this server.")
    return embed


def queued_add_text(job_id: int, state) -> str:
    """A queued /add's final reply: its job's outcome (index.store.jobs.JobState) as the worker
    recorded it, escaped (it holds the page's title or the server's reason)."""
    if state is None or state.status in ("todo", "doing"):
        where = "queued" if state is None or state.status == "todo" else "running"
        return (f"⏳ Job {job_id} is still {where}: it is indexed as soon as a `quotebot worker` gets to it "
                "(`quotebot jobs` shows it).")
    outcome = escape(truncate(one_line(state.outcome or state.status), 1500))
    if state.status == "succeeded" and state.ok:
        return content(f"✅ Job {job_id} done: {outcome}")
    return content(f"❌ Job {job_id} failed: {outcome}")


def cooldown_text(seconds: float, before: str = "your next question or summary") -> str:
    return f"You're asking quickly: wait {max(1, round(seconds))} s before {before}."

