"""Split an article into passages (the citation unit) and sentences, keeping character offsets
into the article text so that every quote is an exact substring of its article."""
from __future__ import annotations

import re
from functools import lru_cache

from .models import Article, Passage, Sentence

# A line this short that does not end like a sentence reads as a heading (or a kicker such as
# "Opinion: ..."), so it joins the paragraph below instead of being cited on its own.
HEADING_MAX_WORDS = 10
# Paragraphs longer than this are split on sentence boundaries into several passages, all
# cited with the same paragraph number; the embedding model only reads ~256 word pieces.
PASSAGE_MAX_WORDS = 160
# Bump whenever chunk() would cut an article differently: `reindex` then re-chunks every
# article instead of reusing the stored passages.
CHUNKER_VERSION = "1"

_BLOCK = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")  # lines up to a blank line
_LINE = re.compile(r"[^\n]+")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_WORD = re.compile(r"\w+")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _is_heading(line: str) -> bool:
    text = line.strip()
    if _MD_HEADING.match(text):
        return True
    words = len(text.split())
    return 0 < words <= HEADING_MAX_WORDS and not text.endswith((".", "!", "?", '"', "”", "…"))


def _is_short_line(line: str) -> bool:
    return 0 < len(line.split()) <= HEADING_MAX_WORDS // 2


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the article's paragraphs. Blank lines separate paragraphs; when the text has no
    blank lines at all (one paragraph per line, as many plain-text articles are), lines do."""
    pattern = _BLOCK if re.search(r"\n[ \t]*\n", text) else _LINE
    spans = []
    for match in pattern.finditer(text):
        start, end = match.span()
        chunk = match.group()
        start += len(chunk) - len(chunk.lstrip())
        end -= len(chunk) - len(chunk.rstrip())
        if end > start:
            spans.append((start, end))
    return spans


def _merge_headings(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """Join each heading (and a run of headings) to the paragraph that follows it: (start of
    the heading, start of the paragraph's own text, end)."""
    merged: list[tuple[int, int, int]] = []
    pending: int | None = None
    for i, (start, end) in enumerate(spans):
        block = text[start:end]
        is_last = i == len(spans) - 1
        single_line = "\n" not in block
        if not is_last and single_line and (_is_heading(block) or _is_short_line(block)):
            pending = start if pending is None else pending
            continue
        merged.append((pending if pending is not None else start, start, end))
        pending = None
    return merged


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of text[start:end] as offsets into text. Lines inside the span (a heading
    joined to its paragraph) always end a sentence."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text, start, end):
        line_start = line.start()
        line_text = line.group()
        if _MD_HEADING.match(line_text):
            continue  # a markdown heading inside a block is a title, not a quotable sentence
        cursor = 0
        for piece in _segmenter().segment(line_text):
            piece = piece.strip()
            if not piece:
                continue
            found = line_text.find(piece, cursor)
            if found < 0:  # the segmenter altered the text; fall back to the rest of the line
                rest = line_text[cursor:]
                found = cursor + len(rest) - len(rest.lstrip())
                piece = rest.strip()
            if piece:
                sentences.append(Sentence(line_start + found, line_start + found + len(piece)))
                cursor = found + len(piece)
            if cursor >= len(line_text):
                break
        tail = line_text[cursor:]
        if tail.strip():
            lead = len(tail) - len(tail.lstrip())
            sentences.append(Sentence(line_start + cursor + lead, line_start + len(line_text.rstrip())))
    return sentences


def _word_count(text: str, sentence: Sentence) -> int:
    return len(_WORD.findall(text, sentence.start, sentence.end))


def chunk(article: Article) -> list[Passage]:
    """Passages of the article in reading order, numbered by paragraph from 1."""
    text = article.text
    passages: list[Passage] = []
    for number, (heading, start, end) in enumerate(_merge_headings(text, _paragraph_spans(text)), 1):
        # Headings are searched with their paragraph but never quoted: they answer nothing.
        sentences = split_sentences(text, start, end)
        if not sentences:
            continue
        group: list[Sentence] = []
        words = 0
        group_start = heading
        for sentence in sentences:
            count = _word_count(text, sentence)
            if group and words + count > PASSAGE_MAX_WORDS:
                passages.append(_passage(article, number, group_start, group))
                group, words, group_start = [], 0, sentence.start
            group.append(sentence)
            words += count
        passages.append(_passage(article, number, group_start, group))
    return passages


def _passage(article: Article, number: int, start: int, sentences: list[Sentence]) -> Passage:
    """A passage from `start` (a heading joined to the paragraph, or its first sentence)."""
    end = sentences[-1].end
    return Passage(article.id, number, start, end, article.text[start:end], tuple(sentences))
