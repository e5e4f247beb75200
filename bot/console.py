"""An interactive session in the terminal: type a question, get the quoted, cited answer."""
from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.text import Text

from index.engine import GLOBAL, Engine
from index.errors import QuotebotError
from index.render import about_line, quotes_markdown

HELP = """Type a question about the indexed articles and press Enter.
Commands: :list (articles), :summary [article] (cited summary, or a digest), :help, :quit"""


def render(console: Console, quotes, heading: str | None = None, empty: str = "") -> None:
    """Block quotes through rich's markdown; citations as plain lines, one per source."""
    if heading:
        console.print(Text(heading, style="bold"))
    if not quotes:
        console.print(empty)
        return
    quoted, cited = quotes_markdown(quotes)
    console.print(Markdown(quoted))
    console.print(Text(cited, style="dim"))


def run_console(engine: Engine, collections=(GLOBAL,), console: Console | None = None, input_fn=input) -> None:
    console = console or Console()
    articles = engine.articles(collections)
    console.print(f"[bold]quotebot[/bold] — {len(articles)} article(s) indexed. {escape(HELP)}")
    while True:
        try:
            line = input_fn("\nquestion> ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if not line:
            continue
        if line in (":quit", ":q", ":exit"):
            return
        try:
            if line == ":help":
                console.print(escape(HELP))
            elif line == ":list":
                for info in engine.articles(collections):
                    console.print(escape(f"{info.id}  {info.title}  ({info.paragraphs} paragraphs)"))
            elif line.startswith(":summary"):
                ref = line[len(":summary"):].strip() or None
                summary = engine.summary(ref, collections)
                render(console, summary.quotes, summary.title, "Nothing to summarise yet.")
            else:
                with console.status("searching…"):
                    answer = engine.ask(line, collections)
                details = "From the article's details (not quoted from its text):"
                render(console, answer.quotes, empty=answer.message or details)
                if answer.about is not None and answer.about.shows_details:
                    console.print(Text(f"Article: {about_line(answer.about)}", style="dim"))
        except QuotebotError as error:
            console.print(f"[red]{error}[/red]")
