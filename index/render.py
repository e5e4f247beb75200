"""Plain markdown forms of answers and summaries (the CLI, the console and `text` in JSON)."""
from __future__ import annotations

from typing import Sequence

from .models import Answer, Quote, Summary


def citation(number: int, quote: Quote) -> str:
    where = f"{quote.title}, paragraph {quote.paragraph}"
    return f"[{number}] {where}" + (f" — <{quote.url}>" if quote.url else f" (id {quote.article_id})")


def numbered(quotes: Sequence[Quote]) -> tuple[list[str], list[str]]:
    """Quote lines with [n] markers, and the citation lines; one number per distinct paragraph."""
    numbers: dict[tuple[str, int], int] = {}
    lines, citations = [], []
    for quote in quotes:
        key = (quote.article_id, quote.paragraph)
        if key not in numbers:
            numbers[key] = len(numbers) + 1
            citations.append(citation(numbers[key], quote))
        lines.append(f"> {quote.text} [{numbers[key]}]")
    return lines, citations


def answer_markdown(answer: Answer) -> str:
    if not answer.answered:
        return answer.message
    lines, citations = numbered(answer.quotes)
    return "\n".join(lines) + "\n\n" + "\n".join(citations)


def summary_markdown(summary: Summary) -> str:
    if not summary.quotes:
        return f"**{summary.title}**\n\nNothing to summarise yet."
    lines, citations = numbered(summary.quotes)
    return f"**{summary.title}**\n\n" + "\n".join(lines) + "\n\n" + "\n".join(citations)
