"""Byline lines: whether a line says who wrote an article ("By Jane Doe", "Opinion: Zain Jaffer,
co-founder of Vungle", "Jane Doe | Staff Writer"), the writer's name in it and the outlet it names.
Read at ingest (a text opening with its byline, or with one under its headline) and by the answers
about an article itself (`about`): plain regular expressions, so that reading a file imports nothing
of answering."""
from __future__ import annotations

import re
from typing import Sequence

BYLINE_MAX_WORDS = 15
MARKUP = " \t*_#>|"  # emphasis, heading and quote marks around a line: not part of the quote
_NAME_WORD = r"[A-Z][\w'’.-]*"
_PARTICLE = r"(?:van|von|de|der|den|da|di|del|du|la|le|bin|ibn|al|el|st\.?)"
NAME = rf"{_NAME_WORD}(?:\s+(?:{_PARTICLE}\s+)?{_NAME_WORD}){{1,3}}"
_AFTER_NAME = r"(?:\s*(?:,|\band\b|&|\||·|•|–|—|-|/|\()\s*.*)?"
# "By Jane Doe", "Written by Jane Doe and John Roe", "BY JANE DOE | Reuters", "By The Associated Press"
# ("By BBC News staff | 30 December 2004": a desk's byline, a stranger's paste)
BY_LINE = re.compile(rf"(?i:(?:written|words|story|text|reporting|report|analysis|commentary|photos?)\s+)?"
                      rf"(?i:by)\s*:?\s+(?:The\s+)?(?P<name>{NAME}(?:\s+(?i:staff|reporters|team|desk))?){_AFTER_NAME}")
# "Opinion: Zain Jaffer, co-founder of Vungle": a kicker, the name, then who the writer is.
# Without the comma part, "Opinion: Crypto Needs Rules" (a headline) would pass for a name.
KICKER = re.compile(rf"(?i:opinion|analysis|commentary|column|guest\s+(?:post|column|essay)|editorial|"
                     rf"perspective|viewpoint|essay)\s*[:|–—-]\s*(?P<name>{NAME})\s*,\s*\S.*")
# "Jane Doe, BBC News", "Jane Doe | Staff Writer": a name, then a role or an outlet.
NAME_ROLE = re.compile(rf"(?P<name>{NAME})\s*[,|·–—-]\s*(?P<rest>.+)")
_ROLE = re.compile(r"\b(?:reporter|correspondent|writer|editor|columnist|contributor|journalist|news|staff|"
                   r"author|analyst)\b", re.IGNORECASE)
_NOT_NAMES = frozenset("""the a an this that these those why how what when where who which our my your its
    their his her in on at for to of and or but is are was were will new""".split())


def is_name(name: str) -> bool:
    first, *rest = name.split()
    return first.casefold() not in _NOT_NAMES and all(w.casefold() not in _NOT_NAMES for w in rest)


def line_is_byline(line: str, names: Sequence[str], publisher: str | None) -> bool:
    folded = " ".join(line.split()).casefold()
    if any(name in folded for name in names) and not line.endswith((".", "!", "?")):
        return True  # a short line naming the author from the details
    match = BY_LINE.fullmatch(line) or KICKER.fullmatch(line)
    if match and is_name(match.group("name")):
        return True
    match = NAME_ROLE.fullmatch(line)
    if match and is_name(match.group("name")) and not line.endswith((".", "!", "?")):
        rest = match.group("rest")
        return bool(_ROLE.search(rest) or (publisher and publisher.casefold() in rest.casefold()))
    return False


def byline_name(line: str) -> str | None:
    """The writer's name when `line` alone is a byline ("Opinion: Zain Jaffer, co-founder of
    Vungle", "By Jane Doe"), else None."""
    line = line.strip(MARKUP)
    if not line or len(line.split()) > BYLINE_MAX_WORDS or not line_is_byline(line, (), None):
        return None
    match = BY_LINE.fullmatch(line) or KICKER.fullmatch(line) or NAME_ROLE.fullmatch(line)
    return match.group("name") if match else None


# What names an outlet in a byline's tail ("By Jane Smith, BBC News", "…, Political correspondent,
# BBC News website"): a word of news outlets' names, or an agency's or broadcaster's ("AFP"). Not a place
# ("Jane Smith, Washington", "…, LONDON") nor a role or title ("co-founder of Vungle", "MP").
_OUTLET_WORD = re.compile(r"\b(?:News|Times|Post|Press|Guardian|Telegraph|Journal|Herald|Mail|Reuters|Bloomberg|"
                          r"Associated|Agency|Magazine|Gazette|Tribune|Chronicle|Observer|Independent|Express|Mirror|"
                          r"Wire|Daily|Weekly|Online|Media|Radio|Television|TV|Network|Standard|Economist|Insider|"
                          r"Cointelegraph|TechCrunch|BBC|CNN|AP|AFP|ABC|NBC|CBS|NPR|ITV|RTE|UPI|NHK|DPA|ANSA|PA)\b|"
                          r"\.(?:com|net|org|co\.uk)\b")
_OUTLET_SMALL = frozenset("of the and & website online web site".split())


def names_an_outlet(text: str) -> bool:
    """Whether `text` holds a word of news outlets' names ("BBC NEWS", "The Guardian")."""
    return _OUTLET_WORD.search(text) is not None or _OUTLET_WORD.search(text.title()) is not None


# A date a byline gives after its name ("By BBC News staff | 30 December 2004").
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
BYLINE_DATE = re.compile(rf"\b(?:\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})\b",
                         re.IGNORECASE)


def byline_date(line: str) -> str | None:
    """The date a byline line gives after the writer's name, as written, else None."""
    match = BY_LINE.fullmatch(line.strip(MARKUP)) or NAME_ROLE.fullmatch(line.strip(MARKUP))
    found = BYLINE_DATE.search(line, match.end("name")) if match else None
    return found.group() if found else None


def byline_outlet(line: str) -> str | None:
    """The outlet a byline line names after the writer ("BBC News" of "By Jane Smith, BBC News",
    "BBC News website" of "By Nick Assinder, Political correspondent, BBC News website"), else None."""
    line = line.strip(MARKUP)
    match = BY_LINE.fullmatch(line) or KICKER.fullmatch(line) or NAME_ROLE.fullmatch(line)
    if match is None:
        return None
    for part in re.split(r"\s*[,|·•–—/]\s*", line[match.end("name"):]):
        found = part.strip(" .()")
        tokens = found.split()
        if (0 < len(tokens) <= 5 and tokens[0][:1].isupper() and _OUTLET_WORD.search(found)
                and all(t[:1].isupper() or t.casefold() in _OUTLET_SMALL for t in tokens)
                and not _ROLE_WORDS.search(found)):
            return found
    return None


_ROLE_WORDS = re.compile(r"\b(?:reporter|correspondent|writer|editor|columnist|contributor|journalist|staff|author|"
                         r"analyst|founder|co-founder|ceo|chief|director|professor|head|partner|manager|president|"
                         r"chairman|secretary|minister|fellow|expert|economist|researcher|consultant)\b", re.IGNORECASE)
