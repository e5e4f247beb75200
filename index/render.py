"""Plain markdown forms of answers and summaries (the CLI, the console and `text` in JSON).
The records in `index.models` carry data only; how they read is decided here and in
`bot.render` (Discord)."""
from __future__ import annotations

import re
from typing import Callable, Sequence

from .models import AboutArticle, Answer, Quote, Summary
from .text import ENGLISH_NOTE, SEARCH_THEM_ALL, one_line, readable_date


# "@everyone", "@here" and <@id>/<@&id>/<#id> in an article's text or title would ping people
# wherever this markdown is pasted or forwarded (a webhook, a chat): a zero-width space after the
# "@"/"#" keeps them readable and inert. So does one inside an article's masked link ("[totally
# safe](https://evil.example/phish)" would show only its text) and its spoiler bars. The JSON
# `quotes` keep the verbatim text.
_MENTION = re.compile(r"@(everyone|here)\b|<([@#][!&]?)(\d+)>")
_MASKED_LINK = re.compile(r"\]\s*\(")
_SPOILER = re.compile(r"\|\|")


def no_mentions(text: str) -> str:
    """`text` with its mentions, masked links and spoilers inert (see above)."""
    text = _MENTION.sub(lambda m: f"@\u200b{m[1]}" if m[1] else f"<{m[2]}\u200b{m[3]}>", text)
    return _SPOILER.sub("|\u200b|", _MASKED_LINK.sub(lambda m: "]\u200b" + m.group()[1:], text))


def citation(numbers: Sequence[int], quote: Quote) -> str:
    where = f"{quote.title}, paragraph {quote.paragraph}"
    marks = " ".join(f"[{number}]" for number in numbers)
    return f"{marks} {where}" + (f" — <{quote.url}>" if quote.url else f" (id {quote.article_id})")


def by_paragraph(quotes: Sequence[Quote]) -> list[tuple[list[int], Quote]]:
    """Each quote's number (1, 2, 3… in order), grouped by the article paragraph they quote, in
    the order of first appearance: one citation line per paragraph, naming its quotes' numbers.
    Numbered by paragraph before (the thirtieth session), three quotes of one paragraph all read
    "[1]", which five strangers took for a mistake."""
    groups: dict[tuple[str, int], tuple[list[int], Quote]] = {}
    for number, quote in enumerate(quotes, 1):
        groups.setdefault((quote.article_id, quote.paragraph), ([], quote))[0].append(number)
    return list(groups.values())


def said_by_note(quote: Quote) -> str:
    """Whom a quote's he or she is (`Quote.said_by`), to go after its [n] marker: " — he:
    Robin Lovell-Badge"; "" for none. (Not in brackets: "[1] (" reads as a masked link.)"""
    return f" — {quote.said_by[0]}: {one_line(quote.said_by[1])}" if quote.said_by else ""


def numbered(quotes: Sequence[Quote]) -> tuple[list[str], list[str]]:
    """Quote lines with [n] markers (and whom a he or she is), and the citation lines (`by_paragraph`)."""
    # One line: a sentence running over the article's line breaks (a bulleted list) would leave
    # its later lines outside the block quote.
    lines = [f"> {one_line(quote.text)} [{number}]{said_by_note(quote)}" for number, quote in enumerate(quotes, 1)]
    return lines, [citation(numbers, quote) for numbers, quote in by_paragraph(quotes)]


def quotes_markdown(quotes: Sequence[Quote]) -> tuple[str, str]:
    """The block quotes (one per quote, so none run into the next) and the citation lines."""
    lines, citations = numbered(quotes)
    return "\n\n".join(lines), "\n".join(citations)


def about_line(about: AboutArticle) -> str:
    """The article's citation from its own details only: "title — author, publisher, date, <url>"."""
    parts = list(about.details) + ([f"<{about.url}>"] if about.url else [])
    title = " ".join(about.title.split()) or "Untitled"
    return f"{title} — {', '.join(parts)}" if parts else title


def details_said(about: AboutArticle) -> str | None:
    """What the details answer, said in words before the details line ("Published by
    Cointelegraph"): a stranger read the bare line under "where was this published?" as no
    answer, and "what's the link?" as an empty reply. None for a detail missing."""
    said = {"author": ("Written by", about.author), "publisher": ("Published by", about.publisher),
            "published": ("Published", about.published and readable_date(about.published)),
            "url": ("Its link:", about.url and f"<{about.url}>"),
            "headline": ("The score is in its headline:", about.title)}.get(about.aspect)
    if said is None or not said[1] or not said[1].strip():
        return None
    return f"{said[0]} {' '.join(said[1].split())}"


def from_headline(about: AboutArticle | None) -> bool:
    """Whether an answer with no quote gives the article's headline, its own words (the other
    details are not its text)."""
    return about is not None and about.aspect == "headline"


def details_source(about: AboutArticle | None) -> str:
    """Where an answer with no quote comes from, after its details line."""
    return "" if from_headline(about) else " (from the article's details, not quoted from its text)"


def about_label(about: AboutArticle) -> str:
    """What the details line is headed with: which article, and when it was a guess, that it was."""
    if about.latest:
        return "Article (the most recently added; for another, name it: “who wrote the article about …?”)"
    return "Article"


def answer_markdown(answer: Answer) -> str:
    return no_mentions(_answer_markdown(answer))


def read_as_note(read_as: str, follows: str | None = None, partial: bool = False) -> str:
    """Says how a follow-up was read (`Answer.read_as`): one that only asked back ("and why?")
    as a follow-up to the question before it (`Answer.follows`), naming that one rather than
    the splice, which may read as nonsense ("why came up with the plan?"); `partial`: the one part
    of a question of two that found an answer (`Answer.partial`)."""
    if follows:
        return f"Read as a follow-up to “{follows}”"
    if partial:
        return f"Answering only “{read_as}”: the rest of the question found no answer"
    return f"Read as “{read_as}”"


# Over an answer the confidence model is unsure of (`Answer.unsure`: its best sentence's confidence is low).
UNSURE_NOTE = "The articles may not say: these are the closest sentences found, with low confidence."
UNSURE_NOTE_ONE = "The article may not say: these are the closest sentences found, with low confidence."


# When the quotes hold no word of the kind asked (`Answer.unsure_kind`), not low confidence.
UNSURE_KIND_NOTE = "{articles} may not say: none of these sentences gives {what}, though they are the closest found."
UNSURE_KINDS = {"date": "a date", "number": "a number", "place": "a place", "name": "a name"}


def unsure_note(answer: Answer) -> str:
    """UNSURE_NOTE, or UNSURE_NOTE_ONE when every quote is from one article (a stranger asking
    of the only article indexed read "the articles" as the bot not knowing what it had); for an
    answer unsure of the kind asked, which of them none gives (UNSURE_KIND_NOTE)."""
    one = len({quote.article_id for quote in answer.quotes}) == 1
    if answer.unsure_kind in UNSURE_KINDS:
        return UNSURE_KIND_NOTE.format(articles="The article" if one else "The articles",
                                       what=UNSURE_KINDS[answer.unsure_kind])
    return UNSURE_NOTE_ONE if one else UNSURE_NOTE


def shows_unsure(answer: Answer) -> bool:
    """Whether the unsure caution goes above the quotes: not beside a caution that already says
    they may not answer (a name no article or only other articles mention, another language)."""
    return (answer.unsure and bool(answer.quotes) and not answer.unknown and not answer.elsewhere
            and not answer.other_language)


def speaker_note(speaker: str) -> str:
    """Whose words a "who said that?" answer's quotes give (`Answer.speaker`), above them."""
    return f"Said by: {speaker}"


def unknown_note(answer: Answer, escape: Callable[[str], str] = lambda text: text) -> str:
    """The caution over quotes found for a question naming what no article mentions
    (`Answer.unknown`): its other words matched them, not what it asks about."""
    return (f"No indexed article mentions {quoted_names(answer.unknown, escape)}: these quotes match the "
            f"question's other words and may not answer it.")


def _answer_markdown(answer: Answer) -> str:
    read = f"{read_as_note(answer.read_as, answer.follows, answer.partial)}\n\n" if answer.read_as else ""
    if answer.speaker and answer.quotes:
        read += f"{speaker_note(answer.speaker)}\n\n"
    return read + _answer_body(answer)


def _answer_body(answer: Answer) -> str:
    about = answer.about
    details = f"{about_label(about)}: {about_line(about)}" if about is not None and about.shows_details else ""
    if not answer.answered:
        return f"{answer.message}\n{details}" if details else answer.message
    if not answer.quotes:  # answered from the article's details: its text has no line saying it
        said = details_said(about) if about is not None else None
        return (f"{said}.\n" if said else "") + f"{details}{details_source(about)}"
    quoted, cited = quotes_markdown(answer.quotes)
    cautions = [elsewhere_note(answer)] if answer.elsewhere else []
    if answer.moved_from:
        cautions.append(moved_from_note(answer))
    if answer.unknown:
        cautions.append(unknown_note(answer))
    if shows_unsure(answer):
        cautions.append(unsure_note(answer))
    if answer.other_language:
        cautions.append(ENGLISH_NOTE)
    # Above the quotes they are about, where they are read first.
    return "".join(f"{c}\n\n" for c in cautions) + f"{quoted}\n\n{cited}" + (f"\n{details}" if details else "")


def quoted_names(words: Sequence[str], escape: Callable[[str], str] = lambda text: text) -> str:
    """The names a picked article never mentions (`Answer.elsewhere`), for a sentence: “tiger”,
    “woods” (at most five, each `escape`d for the front end's markup)."""
    return ", ".join(f"“{escape(word)}”" for word in words[:5])


def elsewhere_note(answer: Answer, escape: Callable[[str], str] = lambda text: text, picked: bool = True) -> str:
    """The caution over quotes from a picked article (`picked`; else the one a channel discusses)
    whose question names what only other articles mention (`Answer.elsewhere`); `escape` each
    article- or user-given part for the front end's markup."""
    title = escape(" ".join(answer.quotes[0].title.split()) or "Untitled")
    then = SEARCH_THEM_ALL if picked else "Name the story you mean instead."
    return (f"“{title}” never mentions {quoted_names(answer.elsewhere, escape)}, which other articles do: these "
            f"quotes may not be about what you asked. {then}")


def moved_from_note(answer: Answer, escape: Callable[[str], str] = lambda text: text) -> str:
    """Over quotes from other articles than the one being discussed (`Answer.moved_from`): all
    of them, or the first and perhaps others (then each one's citation says whose it is)."""
    title = answer.moved_from or "Untitled"
    mixed = any(" ".join(quote.title.split()) == title for quote in answer.quotes)
    where = ", the article being discussed" if answer.moved_from_chosen else ", which the last answer quoted"
    if mixed:
        return f"Not all from “{escape(title)}”{where}: check each quote's citation."
    if answer.moved_from_chosen:
        return f"Not from “{escape(title)}”{where}: these quotes are from other articles."
    return f"From other articles than “{escape(title)}”{where}."


def summary_markdown(summary: Summary) -> str:
    if not summary.quotes:
        return no_mentions(f"**{summary.title}**\n\nNothing to summarise yet.")
    quoted, cited = quotes_markdown(summary.quotes)
    return no_mentions(f"**{summary.title}**\n\n{quoted}\n\n{cited}")


def answer_json(answer: Answer) -> dict:
    """The answer as the CLI's `--json` prints it: its data and its markdown `text`."""
    return {**answer.to_json(), "text": answer_markdown(answer)}


def summary_json(summary: Summary) -> dict:
    """The summary as the CLI's `--json` prints it: its data and its markdown `text`."""
    return {**summary.to_json(), "text": summary_markdown(summary)}
