"""An interactive session in the terminal: type a question, get the quoted, cited answer.

Everything from articles, users and the engine is printed as rich Text, never as a markup
string: a `[/x]` in a title, a quote or a typed reference shows as typed and cannot stop the
session."""
from __future__ import annotations

import re
import sys
from typing import Sequence

from rich.console import Console
from rich.markdown import Markdown
from rich.text import Text

from index.collections import GLOBAL
from index.engine import Engine
from index.errors import ArticleNotFound, QuotebotError
from index.models import Quote
from index.render import (about_label, about_line, citation, details_said, elsewhere_note, from_headline,
                          moved_from_note, numbered, read_as_note, said_by_note, shows_unsure, speaker_note,
                          unknown_note, unsure_note)
from index.text import ENGLISH_NOTE, REPEATS_NOTE, plural, without_controls

from .context import DiscussedArticles

# One paragraph per line: the terminal wraps them at its own width.
HELP = ("Type a question about the indexed articles and press Enter. A follow-up (\"who wrote it?\") is answered"
        " from the article the last answer quoted; \"and why?\" or \"when?\" asks that of the last question.\n"
        "Commands: :list (articles), :article <article> (ask about that one; :article alone: every article"
        " again), :summary [article] (cited summary"
        " of that article, else of the one being discussed: picked with :article or last quoted; else a digest),"
        " :show <n> (the whole paragraph quote [n] of the last answer comes from), :help, :quit (or :q, :exit)")
QUIT = (":quit", ":q", ":exit")
COMMANDS = (":help", ":list", ":article", ":summary", ":show", *QUIT)
SESSION = 0  # the console is one conversation: DiscussedArticles' one "channel"


# A word after a colon: what a command looks like (":)" or ":-(" is still a question).
_COMMAND = re.compile(r":[A-Za-z]\w*")
_LOOSE_COMMAND = re.compile(r"^:[\s:]*([A-Za-z]\w*)(?=\s|$)")

# CommonMark lets a backslash escape any ASCII punctuation.
_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def _literal_markdown(text: str) -> str:
    """`text` as markdown that shows exactly `text` (on one line)."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def render(console: Console, quotes, heading: str | None = None, empty: str = "") -> None:
    """Block quotes through rich's markdown, their text escaped so that an article's `**` or
    `[text](url)` shows as written; citations as plain lines, one per source."""
    if heading:
        console.print(Text(heading, style="bold"))
    if not quotes:
        console.print(Text(empty))
        return
    _, citations = numbered(quotes)
    marks = [f"[{number}]{said_by_note(quote)}" for number, quote in enumerate(quotes, 1)]
    if console.is_terminal:
        console.print(Markdown("\n\n".join(f"> {_literal_markdown(quote.text)} {_literal_markdown(mark)}"
                                            for quote, mark in zip(quotes, marks))))
    else:
        # Piped or saved: a quote a line, neither wrapped nor padded with spaces to the width (a
        # stranger's saved transcripts had every quote line padded to 78 columns, and a "[1]"
        # wrapped onto a line of its own).
        console.print()  # as rich's block quotes open
        console.print(Text("\n\n".join(f"▌ {' '.join(quote.text.split())} {mark}"
                                        for quote, mark in zip(quotes, marks))), soft_wrap=True)
    console.print(Text("\n".join(citations), style="dim"))


def _not_picked(console: Console, engine: Engine, discussed: DiscussedArticles, error: QuotebotError,
                collections: Sequence[str]) -> None:
    """Why `:article NAME` picked nothing, and what is asked now: the earlier pick, or every
    article. A stranger's next question, after a name that matched nothing, was answered from the
    article picked before as if it were the one just named; another's, after a name two titles
    share, went to every article without a word."""
    console.print(Text(without_controls(str(error)), style="red"))
    still = discussed.current(SESSION)
    title = None
    if still is not None and still.picked:
        try:
            title = engine.find_article(still.article_id, collections).title
        except QuotebotError:  # removed meanwhile
            title = None
    if title is not None:
        console.print(Text(f"Still asking about {title} (:article alone asks every article).", style="dim"))
    elif still is not None and not still.picked:  # the last answer's article: a follow-up goes to it first
        console.print(Text("Nothing is picked: a follow-up goes to the last answer's article first, then every "
                           "article.", style="dim"))
    else:
        console.print(Text("Nothing is picked: asking every article until you pick one.", style="dim"))


def _show(console: Console, engine: Engine, quotes: Sequence[Quote], number: str, collections: Sequence[str]) -> None:
    """`:show N`: the whole paragraph quote [N] of the last answer comes from, under its citation
    (strangers wanted to read a quote in its paragraph, and had no way to)."""
    if not quotes:
        console.print(Text("The last answer quoted nothing: :show N opens the whole paragraph that an answer's "
                           "quote [N] comes from.", style="red"))
        return
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= len(quotes):  # not "²"
        console.print(Text(f":show takes the number of a quote of the last answer, 1 to {len(quotes)}.", style="red"))
        return
    quote = quotes[int(number) - 1]
    paragraph = engine.paragraph(quote, collections)
    console.print(Text(citation([int(number)], quote), style="dim"))
    console.print(Text(without_controls(paragraph)), soft_wrap=not console.is_terminal)


def _stdin_is_terminal() -> bool:
    try:
        return sys.stdin.isatty()
    except (AttributeError, OSError, ValueError):  # replaced or closed stdin
        return False


def moved_note(quotes: Sequence[Quote], picked: str) -> str:
    """Over quotes found beyond the picked article (the question named what it never mentions):
    why, whose they are, and that the pick stands. Quotes of several articles are not headed by
    the first one's title (a new user read a picked-article quote under another story's name);
    the pick's name comes first, as the reader was asking about it (a later trial found "From 2
    articles (see the citations): the question names what … Still asking about …" hard to read)."""
    articles = list(dict.fromkeys((quote.article_id, quote.title) for quote in quotes))
    found = (f"these quotes are from “{articles[0][1]}”" if len(articles) == 1
             else "every article was asked: see each quote's citation")
    return (f"“{picked}”, the article picked, never mentions what this asks about, so {found}. It stays "
            f"picked (:article alone asks every article).")


def run_console(engine: Engine, collections=(GLOBAL,), console: Console | None = None, input_fn=input,
                echo: bool | None = None) -> None:
    """`echo` (default: when stdin is not a terminal) prints each line read after the prompt:
    piped questions show in the transcript, as the terminal shows typed ones."""
    console = console or Console()
    if not console.is_terminal:  # piped or saved: lines as long as they are, not wrapped with trailing spaces
        console.soft_wrap = True
    if echo is None:
        echo = not _stdin_is_terminal()
    articles = engine.articles(collections)
    discussed = DiscussedArticles(engine.settings.context_minutes)
    console.print(Text.assemble(("quotebot", "bold"), f" — {plural(len(articles), 'article')} indexed. {HELP}"))
    shown: Sequence[Quote] = ()  # the last answer's or summary's quotes, which `:show N` opens
    while True:
        try:
            line = input_fn("\nquestion> ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if echo:
            console.print(Text(without_controls(line)))
        if not line:
            continue
        # ": quit" and ":LIST" are the commands, as typed in haste; ":)" stays a question.
        loose = _LOOSE_COMMAND.match(line)
        if loose is not None and ":" + loose.group(1).casefold() in COMMANDS:  # ": who said that?" is a question
            line = ":" + loose.group(1).casefold() + line[loose.end():]
        command, _, rest = line.partition(" ")
        rest = rest.strip()
        if command in QUIT:
            return
        try:
            if _COMMAND.fullmatch(command) and command not in COMMANDS:
                # A mistyped command asked as a question would get a quote for ":bogus".
                console.print(Text(f"Unknown command {without_controls(command)}; :help lists them.", style="red"))
            elif command in (":help", ":list") and rest:
                console.print(Text(f"{command} takes nothing after it; :help lists the commands.", style="red"))
            elif command == ":help":
                console.print(Text(HELP))
            elif command == ":list":
                for info in engine.articles(collections):
                    console.print(Text(f"{info.id}  {info.title}  ({plural(info.paragraphs, 'paragraph')})"))
            elif command == ":article" and not rest:
                discussed.drop(SESSION)
                console.print(Text("Asking every article.", style="dim"))
            elif command == ":article":
                try:
                    info = engine.find_article(rest, collections)
                    mentioning = False
                except ArticleNotFound as error:
                    # A name no title holds and only one article's text does ("zain jaffer" of the
                    # launch article, whose title is its first sentence): that article, said so.
                    # A stranger's `:article Zain Jaffer` was told which article mentions him, and
                    # the questions after it went to every article.
                    if not (error.mentioned and len(error.suggestions) == 1):
                        _not_picked(console, engine, discussed, error, collections)
                        continue
                    info, mentioning = engine.find_article(error.suggestions[0][0], collections), True
                except QuotebotError as error:
                    _not_picked(console, engine, discussed, error, collections)
                    continue
                discussed.note(SESSION, info.id, picked=True)
                if mentioning:
                    console.print(Text(f"No title holds “{without_controls(rest)}”; asking about {info.title} "
                                       f"({info.id}), the one article whose text mentions it.", style="dim"))
                else:
                    console.print(Text(f"Asking about {info.title} ({info.id}).", style="dim"))
            elif command == ":show":
                _show(console, engine, shown, rest, collections)
            elif command == ":summary":
                discussing = discussed.current(SESSION)
                # Without a name: the article being discussed, picked with :article or quoted by
                # the last answer (two strangers, after asking about one story, got a digest of
                # the latest five); :article alone ends that, and a digest follows.
                ref = rest or (discussing.article_id if discussing is not None else None)
                summary = engine.summary(ref, collections)
                render(console, summary.quotes, summary.title, "Nothing to summarise yet.")
                shown = summary.quotes
                # Not past a pick, which stands until another `:article`.
                moved = discussing is None or not discussing.picked and discussing.article_id != summary.article_id
                if summary.article_id is not None and moved:
                    # The story summarised is the one talked about next: a stranger's "when was it
                    # published?" after `:summary parry` was answered of the latest article added.
                    discussed.note(SESSION, summary.article_id)
            else:
                asked_of = discussed.current(SESSION)
                shown = ()  # until it answers: `:show` never opens an older answer's quote
                with console.status("searching…"):
                    answer = engine.ask(line, collections, context=asked_of)
                discussed.note_answer(SESSION, answer)
                said = details_said(answer.about) if answer.about is not None else None
                details = (f"{said}." if from_headline(answer.about) else
                           f"From the article's details (not quoted from its text): {said}." if said else
                           "From the article's details (not quoted from its text):")
                if answer.read_as:
                    console.print(Text(read_as_note(answer.read_as, answer.follows, answer.partial), style="dim"))
                # Cautions first: they say how far to trust the quotes below them.
                if answer.elsewhere and answer.quotes:
                    console.print(Text(elsewhere_note(answer), style="yellow"))
                if answer.other_language and answer.quotes:
                    console.print(Text(ENGLISH_NOTE, style="yellow"))
                if answer.moved_from and answer.quotes:  # not the article being discussed: said first
                    console.print(Text(moved_from_note(answer), style="yellow"))
                if answer.unknown and answer.quotes:  # what it asks about is in no article
                    console.print(Text(unknown_note(answer), style="yellow"))
                if shows_unsure(answer):  # the confidence model doubts the first quote answers it
                    console.print(Text(unsure_note(answer), style="yellow"))
                if answer.repeats:  # the last answer's first quote again: not the question ignored
                    console.print(Text(REPEATS_NOTE, style="dim"))
                if answer.speaker and answer.quotes:  # "who said that?"
                    console.print(Text(speaker_note(without_controls(answer.speaker)), style="bold"))
                if asked_of is not None and asked_of.picked and answer.quotes \
                        and answer.quotes[0].article_id != asked_of.article_id:
                    # The question named what the picked article never mentions: say whose
                    # quotes these are, and that the pick stands, before they are read as its.
                    try:
                        title = engine.find_article(asked_of.article_id, collections).title
                    except QuotebotError:  # removed meanwhile: nothing picked any more
                        title = None
                    if title is not None:
                        console.print(Text(moved_note(answer.quotes, title), style="yellow"))
                render(console, answer.quotes, empty=answer.message or details)
                shown = answer.quotes
                if answer.about is not None and answer.about.shows_details:
                    console.print(Text(f"{about_label(answer.about)}: {about_line(answer.about)}", style="dim"))
        except QuotebotError as error:
            console.print(Text(without_controls(str(error)), style="red"))
