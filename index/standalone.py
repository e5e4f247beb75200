"""Sentences that read on their own, quoted without the one before them: what a summary and an
answer about an article's point may quote."""
from __future__ import annotations

import re
from typing import Sequence

from .store import SentenceRow
from .text import speaker_elsewhere

MIN_WORDS = 6
# A sentence opening on the one before it.
LEANS_BACK = re.compile(r"\W*(?:first\s+of\s+all|however|but|and|also|meanwhile|moreover|furthermore|besides|"
                        r"nevertheless|instead|still|yet|so|then|thus|therefore|he|she|they|his|her|their)(?=[\s,])|"
                        # strangers' summaries: "It can result in people being bombarded…" (what?),
                        # "Ever since, he says, Africa has been important to him", "On top of that, …".
                        # Not inside an opening quotation mark: '"It is a disgrace…," said Mary Jones.'
                        # is hers; nor "This year…", "One person was…", which stand alone.
                        r"\s*(?:it|its|ever\s+since|since\s+then|as\s+a\s+result|in\s+addition|similarly|likewise|"
                        r"otherwise|on\s+top\s+of\s+that|by\s+contrast|in\s+contrast|even\s+so)(?=[\s,])|"
                        # "That defeat was then followed by…" (which?), "These plans…"; not "This year…".
                        r"\s*(?:this|that|these|those)\s+(?!(?:year|years|week|weeks|month|months|weekend|season|"
                        r"summer|winter|spring|autumn|morning|afternoon|evening|night|time|term|decade|century|days|"
                        r"christmas|easter|who|which|whose)\b)"
                        r"[^\W\d_]|"
                        # "The two actors have repeated their success…" (a stranger's summary: which two?),
                        # "The pair…", "Both men…"; not "Both Smith and Jones…", which names them.
                        # "The two were arrested…", "The two, who…", "Both have denied…", "The pair's
                        # families…"; not "The two biggest banks in Britain…", "The two main parties…",
                        # "The two per cent rise…", "Both the BBC and ITV…", "Both of Britain's…",
                        # "Both houses of Parliament…", "The pair of shoes sold…" (reviews' finds).
                        r"\s*(?:the\s+(?-i:two|three|four|five)(?=,|\s+(?!(?:biggest|largest|smallest|oldest|newest|"
                        r"youngest|best|worst|highest|lowest|richest|poorest|strongest|weakest|longest|shortest|"
                        r"fastest|greatest|latest|closest|most|least|main|major|top|leading|key|per|million|billion|"
                        r"thousand|hundred|dozen)\b))|"
                        r"the\s+(?-i:pair|duo|trio|couple)(?:['’]s)?(?!\s+of\b)(?=[\s,])|"
                        r"both(?=,|\s+(?:of\s+(?:them|us|these|those|the)\b|the\s+(?!(?:\S+\s+){0,3}?and\b)|"
                        r"(?!(?:the|a|an|of|main|major|houses|in|at|on|for)\b)(?-i:[a-z])))|"
                        r"the\s+latter['’]s\b|"
                        r"the\s+(?:former|latter)(?=\s*,|\s+(?:is|was|has|had|said|says|will|would)\b))|"
                        # "Mr Kinnock added that the second factor…" (a stranger's summary: the first
                        # was never given), "Gordon Brown went on to say…": more of what came before;
                        # not "Microsoft added new features…", "Apple added that feature…", "Fighting
                        # continued, with…", "Smith went on to add two goals…" (a review's finds).
                        r"\s*(?-i:(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Lord|Lady)\.?\s+)?[A-Z][\w'’-]*"
                        r"(?:\s+[A-Z][\w'’-]*){0,3})\s+"
                        r"(?:(?:added|adds)(?=\s*(?::|,|that\s+(?:(?:the|a|an|he|she|it|they|we|i|you|there|this|"
                        r"his|her|its|their|our|mr|mrs|ms|dr)\b|(?-i:[A-Z]))))|"
                        r"(?:added|adds|continued|continues)(?=\s*[:,]\s*[\"“])|"
                        r"(?:went|goes)\s+on\s+to\s+(?:say|add\s+that)\b)|"
                        # ... or after a short opening phrase: "In the UK, they have all been passed…",
                        # "Asked about the plan, he said…"; not a name's apposition, "Mary Jones, his
                        # wife, said…", which names her.
                        r"(?!\s*(?-i:[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}),\s*(?:his|her|their|its)\s)"
                        r"\s*[^\W\d_][^,.;:!?\"“”]{0,30},\s*(?:he|she|they|it|his|her|their|its)\s",
                        re.IGNORECASE)


def quotable(rows: Sequence[SentenceRow], keep_last: bool = False) -> list[SentenceRow]:
    """The sentences that read on their own, the first (the lead) and with `keep_last` the last
    always among them: none under MIN_WORDS words; none whose speaker only the one before it
    names, which quoted alone reads as nobody's words, or the wrong person's ("I had a talk with
    Roy Keane and that's it.", said Vieira); none opening on the sentence before it ("First of
    all Boukar Makaji scored…", "However, …", "He added…": a stranger's summary read oddly with
    one second). Where a rule would leave none, it is not applied."""
    rows = [r for r in rows if r.vector is not None and len(r.text.split()) >= MIN_WORDS]
    rows = [r for r in rows if not speaker_elsewhere(r.text)] or rows
    first = min((r.start for r in rows), default=None)
    last = max((r.start for r in rows), default=None) if keep_last else None
    return [r for r in rows if r.start in (first, last) or not LEANS_BACK.match(r.text)] or rows


# Someone called by title and surname alone ("Mr Knapman rejected the idea…"), as news does
# after naming them in full.
TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? ([A-Z][\w-]*(?:['’](?!s\b)[\w-]+)*)")  # "Mr Straw's": Straw


def introductions(rows: Sequence[SentenceRow], every: Sequence[SentenceRow] | None = None) -> list[set[str]]:
    """For each of `rows`, the surnames it calls by title alone that an earlier sentence of
    `every` (the article's, by default `rows`) names first: it reads out of context unless a
    quoted sentence names them too (a stranger's summary's "Mr Knapman rejected the idea…" never
    said who he was)."""
    first: dict[str, int] = {}
    for row in sorted(every if every is not None else rows, key=lambda r: r.start):
        for name in set(re.findall(r"\b[A-Z][\w'’-]+", row.text)):
            first.setdefault(name, row.start)
    return [{name for name in TITLED.findall(row.text) if first.get(name, row.start) < row.start} for row in rows]
