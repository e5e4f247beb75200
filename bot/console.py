"""An interactive session in the terminal: type a question, get the quoted, cited answer."""
from __future__ import annotations

from rich.console import Console
from rich.markdown import Markdown

from index.engine import GLOBAL, Engine
from index.errors import QuotebotError

HELP = """Type a question about the indexed articles and press Enter.
Commands: :list (articles), :summary [article] (cited summary, or a digest), :help, :quit"""


def render(console: Console, markdown: str) -> None:
    console.print(Markdown(markdown))


def run_console(engine: Engine, collections=(GLOBAL,), console: Console | None = None, input_fn=input) -> None:
    console = console or Console()
    articles = engine.articles(collections)
    console.print(f"[bold]quotebot[/bold] — {len(articles)} article(s) indexed. {HELP}")
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
                console.print(HELP)
            elif line == ":list":
                for info in engine.articles(collections):
                    console.print(f"{info.id}  {info.title}  ({info.paragraphs} paragraphs)")
            elif line.startswith(":summary"):
                ref = line[len(":summary"):].strip() or None
                render(console, engine.summary(ref, collections).text)
            else:
                with console.status("searching…"):
                    answer = engine.ask(line, collections)
                render(console, answer.text)
        except QuotebotError as error:
            console.print(f"[red]{error}[/red]")
