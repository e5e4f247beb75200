"""Split an article into passages (the citation unit) and sentences, keeping character offsets
into the article text so that every quote is an exact substring of its article.

The cost is linear in the text whatever its shape: pysbd takes time that grows faster than the
length of what it is given, so a long line (a whole article on one line, or hostile input) is
given to it in windows of a few KB, and no sentence is longer than a reader would read as one
quote (`SENTENCE_MAX_CHARS`)."""
from __future__ import annotations

import math
import re
from functools import lru_cache

from .models import Article, Passage, Sentence

# A line this short that does not end like a sentence reads as a heading (or a kicker such as
# "Opinion: ..."), so it joins the paragraph below instead of being cited on its own.
HEADING_MAX_WORDS = 10
# More short lines than this in a row are a list, not headings: a tennis draw's 64 seeds, one a
# line, were folded into the heading of its last line and never quotable ("where is david
# nalbandian from?" got "32 Iveta Benesova (Czech Republic)"). Two or three are a kicker, a
# byline and a date over a paragraph (and any number over the first); of the 2,225 BBC articles
# 25 have a longer run, every one a list (fixtures, match details, seeds).
HEADING_RUN = 3
# Paragraphs longer than this are split on sentence boundaries into several passages, all
# cited with the same paragraph number; the embedding model only reads ~256 word pieces.
PASSAGE_MAX_WORDS = 160
# The longest quote: a sentence longer than this (a run-on line with no full stop, or several
# sentences the splitter failed to separate) is cut, at sentence or clause punctuation when it
# has some, else between words. Real sentences almost never come near it (of the 43,649 in
# 5.8 MB of news and encyclopedia text, 6 did: long lists, or sentences pysbd failed to
# separate), and a 1,000-character quote still fits one Discord embed with room to spare.
SENTENCE_MAX_CHARS = 1000
# Lines up to this long are segmented whole, as they always were (news paragraphs stay far
# below it); longer ones in windows of SEGMENT_WINDOW characters, where pysbd costs about what
# it costs per character on an ordinary paragraph. A window must hold two sentences at the cap.
SEGMENT_WHOLE_MAX = 5000
SEGMENT_WINDOW = 2000
# Bump whenever chunk() would cut an article differently: `reindex` then re-chunks every
# article instead of reusing the stored passages. 2: sentences capped at SENTENCE_MAX_CHARS.
# 3: a closing quote mark pysbd put at the start of the next sentence goes back to its own.
# 4: a plain text's sentence broken across lines made whole; a quotation ending with a comma
# kept with its speaker. 5: a paragraph's last closing quote mark stays with its sentence.
# 6: every sentence over 400 characters holding a quotation mark read again with the marks
# masked (never released: it cost held-out reader questions). 7: only a sentence holding a stray
# mark (`_split_quoted_run`); indexes chunked by 6 are re-chunked by `reindex`. 8: a headline
# asking or exclaiming is a heading; a list item's sentence starts after its bullet. 9: a question
# or exclamation mark before a lowercase word ends no sentence (a title's: "…Christmas? has gone").
# 10: nor a full stop straight before a lowercase word (a domain's: "The .post and .travel domains").
# 11: more than HEADING_RUN short lines in a row after a paragraph are a list, each line a
# paragraph; a sentence pysbd kept whole is cut where a sentence ends outside every quotation.
# 12: no sentence opens with a comma, a semicolon or a colon (a title's "Are We There Yet?, slipped").
# 13: nor with a bracket after a name's exclamation mark ("POW! (Purveyors of Wonder) Entertainment").
CHUNKER_VERSION = "13"

_BLOCK = re.compile(r"[^\n]+(?:\n(?![ \t]*\n)[^\n]+)*")  # lines up to a blank line
_LINE = re.compile(r"[^\n]+")
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")
_WORD = re.compile(r"\w+")
# What opens a list's item: a bullet ("- A freeze on petrol duty", "• …") or a number ("1. Henry,
# 20 goals"). A bullet is no word of its item's sentence; a number is content and stays.
BULLET = r"[-*•▪–]"
NUMBERED = r"\d{1,3}[.)]"
_BULLET = re.compile(rf"[ \t]*{BULLET}[ \t]+(?=\S)")


@lru_cache(maxsize=1)
def _segmenter():
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def _sentences(line_text: str) -> list[str]:
    """pysbd's sentences of one line, as it found them (possibly altered). Its own
    Segmenter.segment() then looks each one up again with a regex built from it, scanning the
    text from its start: that costs more than the splitting itself, and the caller looks the
    sentences up anyway."""
    if not line_text:
        return []
    segmenter = _segmenter()
    return segmenter.processor(line_text).process()


def _is_heading(line: str) -> bool:
    text = line.strip()
    if _MD_HEADING.match(text):
        return True
    words = len(text.split())
    return 0 < words <= HEADING_MAX_WORDS and not text.endswith((".", "!", "?", '"', "”", "…"))


def _is_asking_headline(line: str, title: str) -> bool:
    """The article's headline as its first line, asking or exclaiming ("Will Tory tax cuts lift
    spirits?"): a stranger got it as the first quote for three questions about the cuts."""
    words = line.split()
    return (0 < len(words) <= 2 * HEADING_MAX_WORDS and line.rstrip().endswith(("?", "!"))
            and " ".join(words) == " ".join(title.split()))


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


def _merge_headings(text: str, spans: list[tuple[int, int]], title: str = "") -> list[tuple[int, int, int]]:
    """Join each heading (and a run of up to HEADING_RUN headings) to the paragraph that follows
    it: (start of the heading, start of the paragraph's own text, end). A longer run of short
    lines after a paragraph is a list (seeds, fixtures, a line-up), each line a paragraph of its
    own; before the first, a kicker, byline, outlet and date still head it."""
    merged: list[tuple[int, int, int]] = []
    pending: list[tuple[int, int]] = []
    for i, (start, end) in enumerate(spans):
        block = text[start:end]
        is_last = i == len(spans) - 1
        single_line = "\n" not in block
        if not is_last and single_line and (_is_heading(block) or _is_short_line(block)
                                            or (i == 0 and _is_asking_headline(block, title))):
            pending.append((start, end))
            continue
        if len(pending) > HEADING_RUN and merged:  # (before the first paragraph: front matter)
            merged += [(line_start, line_start, line_end) for line_start, line_end in pending]
            pending = []
        merged.append((pending[0][0] if pending else start, start, end))
        pending = []
    return merged


_SPACE = re.compile(r"\s")
_FULL_STOP = re.compile(r"[.!?。．！？]")
# Where an over-long sentence is best cut, best first: after a sentence's end the splitter
# missed, after a clause, else between words. Each is searched in a bounded range only.
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*(?=\s)")
_CLAUSE_END = re.compile(r"[,;:][\"'”’)\]]*(?=\s)|(?<=\S)(?=\s+[—–]\s)")


def _segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """pysbd's sentences of the line text[start:end], as (start, end) offsets into text; what
    it leaves out or alters is kept as the line's last sentence, so no text is lost."""
    line_text = text[start:end]
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _sentences(line_text):
        piece = piece.strip()
        if not piece:
            continue
        found = line_text.find(piece, cursor)
        if found < 0:  # the segmenter altered the text; fall back to the rest of the line
            rest = line_text[cursor:]
            found = cursor + len(rest) - len(rest.lstrip())
            piece = rest.strip()
        if piece:
            spans.append((start + found, start + found + len(piece)))
            cursor = found + len(piece)
        if cursor >= len(line_text):
            break
    tail = line_text[cursor:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        spans.append((start + cursor + lead, start + len(line_text.rstrip())))
    return _closing_quotes_back(text, spans)


_CLOSING = "\"”’'"


def _closing_quotes_back(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """pysbd ends `…will come." Forest manager said…` before the closing quote mark, so the
    next sentence would be quoted as `" Forest manager…`; and `…protect the rebate."` at a
    paragraph's end leaves the mark a sentence of its own. A quote mark followed by a space, or
    by nothing, opens nothing: it goes back to the sentence it closes."""
    fixed: list[tuple[int, int]] = []
    for begin, end in spans:
        if fixed and text[begin] in _CLOSING and (begin + 1 == end or text[begin + 1].isspace()) \
                and not text[fixed[-1][1]:begin].strip():
            fixed[-1] = (fixed[-1][0], begin + 1)
            rest = text[begin + 1:end]
            begin = begin + 1 + len(rest) - len(rest.lstrip())
        if begin < end:
            fixed.append((begin, end))
    return _attributions_on(text, fixed)


_OPEN_QUOTE_ENDING = re.compile(r",\s*[\"”’']?\s*$")
# A word in lowercase throughout: not "iPod" or "eBay", which open sentences ("…the Walkman? iPod
# sales soared": a review's find).
_LOWERCASE_WORD = re.compile(r"[a-z][a-z'’-]*\b")


def _attributions_on(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """A quotation that ends with a comma ends no sentence: `…the industry, " Eric Abensur,
    chief executive, told the BBC.` was cut after the quote mark, and the speaker quoted alone.
    Nor does a title's question or exclamation mark before a lowercase word: "…the Band Aid song
    Do They Know It's Christmas? has gone straight in at number one" (a stranger's "which song
    went to number one?" was quoted the second half alone). Nor a full stop straight before a
    lowercase word, or opening a word ("files ending .M3U"): a name's dot ("The .post and .travel
    net domains", "end in .com, .net"), which pysbd cut into "The ." and "post and ." (a stranger
    got "travel net domains have been…"). Nor any mark before a comma, a semicolon or a colon,
    which opens no sentence ("Ice Cube's road-trip comedy Are We There Yet?, slipped to second
    place": a stranger got a quote opening ", slipped"). Nor a name's mark before a bracket, nor a
    bracket closing no sentence: "a new company entitled POW! (Purveyors of Wonder) Entertainment,
    which…" was cut in three (a stranger got a quote opening "Entertainment, which")."""
    joined: list[tuple[int, int]] = []
    bracketed = None  # the span just joined when it was a bracket after a name's mark
    for begin, end in spans:
        if joined and (_OPEN_QUOTE_ENDING.search(text, joined[-1][0], joined[-1][1])
                       or (text[joined[-1][1] - 1] in "?!" and _LOWERCASE_WORD.match(text, begin))
                       or (text[begin] in ",;:" and text[begin + 1:begin + 2].isspace())  # not ":-)"
                       or _names_mark_bracket(text, joined[-1], begin)
                       or (joined[-1] == bracketed and text[joined[-1][1] - 2:joined[-1][1] - 1] not in ".!?")
                       or (text[joined[-1][1] - 1] == "." and begin == joined[-1][1]
                           and (_LOWERCASE_WORD.match(text, begin)
                                or text[begin].isalnum() and text[joined[-1][1] - 2:joined[-1][1] - 1].isspace()))) \
                and not text[joined[-1][1]:begin].strip():
            joined[-1] = (joined[-1][0], end)
            # "…POW! (Purveyors of Wonder)" may go on: the bracket closed no sentence. (Any bracket
            # joined on counts; only one after a name's mark opens a span here.)
            bracketed = joined[-1] if text[begin] == "(" and text[end - 1] == ")" else None
        else:
            joined.append((begin, end))
            bracketed = None
    return joined


# A name's own exclamation mark: after a word in capitals, not the span's first ("entitled POW!",
# "OK! magazine"), or Yahoo's. Not "Why now?", "…the end for Microsoft? (See our analysis)", "Wow!"
# (reviews' finds).
_NAMES_MARK = re.compile(r"\S\s+(?:(?-i:[A-Z][A-Z0-9&.-]+)|Yahoo)!$")


def _names_mark_bracket(text: str, before: tuple[int, int], begin: int) -> bool:
    """Whether the span at `begin` opens a bracket right after a name's ! ending `before`."""
    return text[begin] == "(" and _NAMES_MARK.search(text, before[0], before[1]) is not None


def _window_end(text: str, start: int, limit: int) -> int:
    """Where a window from `start` ends: at the last whitespace before `limit` (so no word is
    cut), or at `limit` itself when the window's second half holds none."""
    space = _last_match(_SPACE, text, start + (limit - start) // 2, limit)
    return space - 1 if space is not None else limit


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentences of one line. A long line goes to pysbd one window at a time: a window's last
    sentence may run on past its end, so the next window starts at that sentence. A window
    whose sentences all end in its first half holds an over-long sentence, which the cap cuts
    anyway: it is cut at the window's end. So each window moves on by at least half its size
    and the work stays linear in the line's length."""
    if end - start <= SEGMENT_WHOLE_MAX:
        return _segment(text, start, end)
    spans: list[tuple[int, int]] = []
    position = start
    while position < end:
        while position < end and text[position].isspace():
            position += 1
        if end - position <= SEGMENT_WINDOW:
            spans += _segment(text, position, end)
            break
        cut = _window_end(text, position, position + SEGMENT_WINDOW)
        if not _FULL_STOP.search(text, position, cut):
            # pysbd ends sentences at these marks only: without one the window is the middle
            # of a run-on sentence, left to the cap (hostile text costs nothing to split).
            spans.append((position, cut))
            position = cut
            continue
        window = _segment(text, position, cut)
        if len(window) >= 2 and window[-1][0] - position >= SEGMENT_WINDOW // 2:
            spans += window[:-1]
            position = window[-1][0]
        else:
            spans += window
            position = cut
    return spans


def _last_match(pattern: re.Pattern, text: str, low: int, high: int) -> int | None:
    """End of the last match of `pattern` within text[low:high]."""
    last = None
    for match in pattern.finditer(text, low, high):
        last = match.end()
    return last if last is not None and last > low else None


def _nearest_match(pattern: re.Pattern, text: str, low: int, high: int, target: int) -> int | None:
    """End of the match of `pattern` within text[low:high] that ends nearest `target`."""
    ends = [match.end() for match in pattern.finditer(text, low, high)]
    return min(ends, key=lambda end: abs(end - target)) if ends else None


def _capped(text: str, start: int, end: int) -> list[Sentence]:
    """The sentence text[start:end] as it is, or, when it is longer than SENTENCE_MAX_CHARS,
    cut into pieces of about equal length within the cap, each stripped of whitespace."""
    pieces: list[Sentence] = []
    while end - start > SENTENCE_MAX_CHARS:
        ideal = math.ceil((end - start) / math.ceil((end - start) / SENTENCE_MAX_CHARS))
        low, high = start + ideal // 2, start + min(SENTENCE_MAX_CHARS, ideal + SENTENCE_MAX_CHARS // 5)
        target = start + ideal
        cut = (_nearest_match(_SENTENCE_END, text, low, high, target)
               or _nearest_match(_CLAUSE_END, text, low, high, target)
               or _nearest_match(_SPACE, text, low, high + 1, target))
        if cut is None:  # one enormous "word": nothing to cut at but its characters
            cut = target
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        pieces.append(Sentence(start, piece_end))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        pieces.append(Sentence(start, end))
    return pieces


_MARK = re.compile(r"[\"“”]")
# A straight mark with a space on either side opens and closes nothing ('…his plan was " a
# worrying issue…'): pysbd pairs the marks around it wrongly and keeps whole sentences inside
# what it takes for a quotation; a stranger got eight sentences as one quote, three answers
# running. 13 of the BBC corpus's 38,435 sentences hold one. (Reading every sentence over 400
# characters with a mark so, 137 of them, split well-formed long quotations too, and cost 7 of
# 861 held-out reader questions their right quote within three: not kept.)
_STRAY_MARK = re.compile(r'(?<=\s)"(?=\s)')


def _split_quoted_run(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] as pysbd splits it with its quotation marks masked, when it holds a stray
    mark (`_STRAY_MARK`, `CHUNKER_VERSION` 7); each mark goes with the sentence it opens or
    closes. Otherwise cut so only where it ends a sentence outside every quotation (`_quoted_at`,
    chunker 11), else the span as it is."""
    if not _FULL_STOP.search(text, start, end):
        return [(start, end)]  # (no full stop: a run-on line's window, left to the cap as before)
    if _STRAY_MARK.search(text, start, end):
        return _masked_split(text, start, end)
    if not _INNER_END.search(text, start, end) or not _MARK.search(text, start, end):
        return [(start, end)]
    pieces = _masked_split(text, start, end)
    if len(pieces) == 1:
        return pieces
    quoted = _quoted_at(text, start, end)
    kept = [pieces[0]]
    for begin, finish in pieces[1:]:
        # A quotation's own sentences stay one, with its speaker; so does '…lose?" he asked.'
        if quoted[kept[-1][1] - start] or _LOWERCASE_WORD.match(text, begin):
            kept[-1] = (kept[-1][0], finish)
        else:
            kept.append((begin, finish))
    return kept


# A sentence's end inside a span pysbd gave as one sentence: a full stop, question or
# exclamation mark (and a closing mark) before a space and a capital (or an opening mark).
_INNER_END = re.compile(r"[.!?][\"”]?\s+[\"“]?[A-Z]")


def _quoted_at(text: str, start: int, end: int) -> list[bool]:
    """For each character of text[start:end] (and the end), whether it lies inside a quotation.
    A straight mark after a space (or the start) and before a word opens one, also while one is
    open: a quotation running over several sentences opens again at each ('…Adriano. "Parma
    and…'). pysbd pairs such marks as it meets them, so the narrative after the quotation read
    as quoted, and four sentences of two speakers came as one quote (a stranger's "what did
    mourinho say?" was declined as giving no words of his). A mark after a word closes one. Inside
    a quotation, a mark opening mid-sentence nests ('"He called me a "loser". That hurt."'):
    its close leaves the outer one open."""
    depth = 0
    state: list[bool] = []
    for i in range(start, end):
        char = text[i]
        before = text[i - 1] if i > start else " "
        after = text[i + 1] if i + 1 < end else " "
        if char == "“" or (char == '"' and (before.isspace() or before in "([—–-:,") and not after.isspace()):
            state.append(depth > 0)
            reopens = depth > 0 and re.search(r"[.!?…,:]\s*$", text[max(start, i - 3):i]) is not None
            depth = depth if reopens else depth + 1
            continue
        if char == "”" or (char == '"' and not before.isspace()):
            depth = max(0, depth - 1)
        state.append(depth > 0)
    state.append(depth > 0)
    return state


def _masked_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """text[start:end] as pysbd splits it with its quotation marks masked; each mark goes with
    the sentence it opens or closes."""
    masked = _MARK.sub(" ", text[start:end])
    spans: list[tuple[int, int]] = []
    cursor = 0
    for piece in _sentences(masked):
        piece = piece.strip()
        if not piece:
            continue
        found = masked.find(piece, cursor)
        if found < 0:  # pysbd altered the text: keep the run whole
            return [(start, end)]
        begin, finish = found, found + len(piece)
        if begin > cursor and text[start + begin - 1] in "\"“":
            begin -= 1  # an opening mark before it
        if finish < end - start and text[start + finish] in "\"”" and (
                finish + 1 == end - start or text[start + finish + 1].isspace()):
            finish += 1  # a closing mark after it
        spans.append((start + begin, start + finish))
        cursor = finish
    tail = masked[cursor:]
    if tail.strip():
        lead = len(tail) - len(tail.lstrip())
        spans.append((start + cursor + lead, end))
    return _attributions_on(text, spans) if len(spans) > 1 else [(start, end)]


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of text[start:end] as offsets into text, none longer than SENTENCE_MAX_CHARS.
    Lines inside the span (a heading joined to its paragraph) always end a sentence."""
    sentences: list[Sentence] = []
    for line in _LINE.finditer(text, start, end):
        if _MD_HEADING.match(line.group()):
            continue  # a markdown heading inside a block is a title, not a quotable sentence
        bullet = _BULLET.match(text, line.start(), line.end())
        for sentence_start, sentence_end in _line_sentences(text, bullet.end() if bullet else line.start(), line.end()):
            for run_start, run_end in _split_quoted_run(text, sentence_start, sentence_end):
                sentences += _capped(text, run_start, run_end)
    return sentences


def _word_count(text: str, sentence: Sentence) -> int:
    return len(_WORD.findall(text, sentence.start, sentence.end))


def chunk(article: Article) -> list[Passage]:
    """Passages of the article in reading order, numbered by paragraph from 1."""
    text = article.text
    passages: list[Passage] = []
    for number, (heading, start, end) in enumerate(_merge_headings(text, _paragraph_spans(text), article.title), 1):
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
