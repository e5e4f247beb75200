"""Question words matched to the index's vocabulary. By edit distance: a typo ("Gazprmo",
"controveersial") or the article's own misspelling of a name ("Cointregraph") should find the
word the articles use, in lexical search and in every "a word no article holds" signal. And
acronyms: "EPI" in a question finds the "Economic Policy Institute" an article spells out, and
"Securities and Exchange Commission" finds an article's "SEC".

Only a word that is neither in the index nor a known English word is corrected (symspellpy's
bundled English frequency list says what is known), so a real word the articles never use stays
unseen: that is what lets a question about something they never mention be declined. The
nearest index term (optimal string alignment distance, rapidfuzz) at distance 1, or 2 for long
words, wins; ties go to the term more passages hold."""
from __future__ import annotations

import re
import threading
import weakref
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Callable, Iterable, Mapping, Sequence

from .text import CHAT_FILLERS, CHAT_SPELLINGS, STOPWORDS, stem, stems

MIN_LENGTH = 4  # shorter words have too many neighbours one edit away
# Occurrences in symspellpy's English frequency list above which an unseen question word is
# everyday English rather than a name or a term.
COMMON_WORD = 1_000_000
LONG_WORD = 8  # from this length two edits are allowed
# rapidfuzz ratio (0-100) from which a title is offered for a name that matches none (`near_titles`):
# one letter dropped, doubled or swapped in a 6-letter word scores 83 to 92, most unrelated words
# under 60 (but "warning" and "earnings" 80: only ever offered, never picked). A long name is
# read for its first few words: the lookup runs per title, on every miss.
NEAR_TITLE = 80
NEAR_WORD = 60
NEAR_WORDS = 6
_ALPHA = re.compile(r"^[^\W\d_]+$")

# Suffixes tried to turn a stemmed index term back into a word the stemmer maps to it, so the
# correction can be searched (FTS5 stems query words; a stem is not always its own stem).
_SUFFIXES = ("", "e", "s", "es", "ed", "ing", "y", "ion", "al", "ate", "ize", "ise", "ity", "ment", "ness", "er")


@lru_cache(maxsize=1)
def english_words() -> dict[str, int]:
    """symspellpy's English frequency dictionary: 82,765 words and their corpus counts."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt").read_text(encoding="utf-8")
    counts = {}
    for line in text.splitlines():
        word, _, count = line.partition(" ")
        if word:
            counts[word] = int(count or 0)
    return counts


# Languages a community member may well ask in; a word of theirs the question holds is read
# as a sign of them only when it is no English word.
_OTHER_LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")


@lru_cache(maxsize=1)
def _function_words_elsewhere() -> frozenset[str]:
    """Stopwords ISO's function words of `_OTHER_LANGUAGES`."""
    import stopwordsiso

    return frozenset(w for language in _OTHER_LANGUAGES for w in stopwordsiso.stopwords(language))


@lru_cache(maxsize=1)
def _other_function_words() -> frozenset[str]:
    """Those of three letters or more that are not English words ("wie", "wer", "combien"; not
    "war", "die" or "son")."""
    english = english_words()
    return frozenset(w for w in _function_words_elsewhere() if len(w) > 2 and w.isalpha() and w not in english)


@lru_cache(maxsize=1)
def _english_stems() -> dict[str, str]:
    words = list(english_words())
    return dict(zip(words, stems(words)))


def searchable(term: str) -> str:
    """A word whose stem is `term` (the term itself when no simple suffix gives one back)."""
    for suffix in _SUFFIXES:
        if stem(term + suffix) == term:
            return term + suffix
    return term


@dataclass(frozen=True)
class Correction:
    word: str  # as the question has it (casefolded)
    term: str  # the index's stemmed term it was matched to
    search: str  # the word it was read as (FTS5 stems it to `term`)


class Speller:
    """Corrections against one vocabulary (stemmed term -> passages holding it). A typo is
    compared with whole words, not stems ("goverment" is one edit from "government" but also
    from the stem "over"): English words whose stem the index holds, and a word rebuilt from
    each index term for the names no dictionary has."""

    def __init__(self, vocabulary: Mapping[str, int]):
        self.vocabulary = vocabulary
        english = english_words()
        surfaces = {word: term for word, term in _english_stems().items() if term in vocabulary}
        covered = set(surfaces.values())
        for term in vocabulary:
            if term not in covered:
                surfaces.setdefault(searchable(term), term)
        self._surfaces = surfaces
        self._by_length: dict[int, list[str]] = {}
        for word in surfaces:
            self._by_length.setdefault(len(word), []).append(word)
        self._frequency = {w: english.get(w, 0) for w in surfaces}

    def correct(self, words: Sequence[str]) -> dict[str, Correction]:
        """Corrections for the words that need one (casefolded words in, unknown ones out)."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found: dict[str, Correction] = {}
        for word in unknown(words, self.vocabulary):
            limit = 2 if len(word) >= LONG_WORD else 1
            near = [w for size in range(len(word) - limit, len(word) + limit + 1) for w in self._by_length.get(size, ())]
            matches = process.extract(word, near, scorer=OSA.distance, score_cutoff=limit, limit=50)
            if not matches:
                matches = self._sounding_alike(word)
            if not matches:
                continue
            # Nearest first; then a word starting with the same letter (typos rarely hit the
            # first), then the commoner word, then the one more passages hold.
            best = min(matches, key=lambda m: (m[1], m[0][0] != word[0], -self._frequency[m[0]],
                                               -self.vocabulary[self._surfaces[m[0]]], m[0]))[0]
            found[word] = Correction(word, self._surfaces[best], best)
        return found

    def within_two(self, word: str) -> list[Correction]:
        """The index's words two edits or fewer from `word`, beginning with its letter (typos
        rarely hit the first), nearest first, then those sounding alike: the choices a phrase may
        decide between."""
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        near = [w for size in range(len(word) - 2, len(word) + 3) for w in self._by_length.get(size, ())
                if w[:1] == word[:1]]
        found = process.extract(word, near, scorer=OSA.distance, score_cutoff=2, limit=None)
        # Among as near, those with its consonants first ("howie" for "howey", before "hope").
        skeleton = _consonants(word)
        found.sort(key=lambda m: (m[1], _consonants(m[0]) != skeleton, m[0]))
        return [Correction(word, self._surfaces[w], w) for w, _, _ in found]

    def _sounding_alike(self, word: str) -> list[tuple[str, int, int]]:
        """A short word's match two edits away that sounds the same (Metaphone) and begins with the
        same letter, when it is the only one: "howey" for the launch article's "Howie", which
        strangers typed as the real Howey Test is spelt and were told to check their spelling."""
        import jellyfish
        from rapidfuzz.distance import OSA

        if len(word) >= LONG_WORD:  # two edits are allowed there already
            return []
        sound, skeleton = jellyfish.metaphone(word), _consonants(word)
        # Only a name no English word list has ("howie", not "snake" for "sunak" nor "Kenya" for
        # "kanye"), with the same consonants ("ellen" is not "elon").
        english = english_words()
        near = [w for size in range(len(word) - 2, len(word) + 3) for w in self._by_length.get(size, ())
                if w[:1] == word[:1] and w not in english and _consonants(w) == skeleton
                and OSA.distance(word, w, score_cutoff=2) <= 2]
        alike = [w for w in near if jellyfish.metaphone(w) == sound]
        return [(alike[0], 2, 0)] if len(alike) == 1 else []


def _consonants(word: str) -> str:
    """A word's consonants in order ("y" a vowel): "howey" and "howie" both "hw"."""
    return re.sub(r"[aeiouy]", "", word)


def spelt_as_english(words: Sequence[str]) -> bool:
    """Whether every one of `words` is an English word as typed (no spelling to check); a
    hyphenated one ("sin-binned"), each of its parts."""
    english = english_words()
    return bool(words) and all(part in english for w in words for part in w.casefold().split("-"))


def unknown(words: Sequence[str], vocabulary: Mapping[str, int]) -> list[str]:
    """The words worth correcting: long enough, alphabetic, neither English nor in the index."""
    known = english_words()
    return [w for w in dict.fromkeys(words) if len(w) >= MIN_LENGTH and w not in STOPWORDS and _ALPHA.match(w)
            and w not in known and stem(w) not in vocabulary]


# What is built from a store's vocabulary, kept per store: (the vocabulary it was built from,
# what was built). Per store, not one for the process, as a process with two stores asked in
# turns (bench/speed.py's two engines, a test's) built both again at every turn: 7 ms a question
# on the launch article.
_spellers: "weakref.WeakKeyDictionary[object, tuple[Mapping[str, int], Speller]]" = weakref.WeakKeyDictionary()
_name_tables: "weakref.WeakKeyDictionary[object, tuple[Mapping[str, int], tuple[dict, set]]]" = (
    weakref.WeakKeyDictionary())
_kept_lock = threading.Lock()  # a weak dictionary is not safe to change from two threads


def correct(words: Sequence[str], store) -> dict[str, Correction]:
    """Corrections of the question words that need one. The Speller is built once per
    vocabulary (Store.vocabulary returns the same object until the index changes), and only
    when some word needs it: most questions have none."""
    if not unknown(words, store.vocabulary()):
        return {}
    return _speller(store).correct(words)


def _kept(table: weakref.WeakKeyDictionary, store, build: Callable[[Mapping[str, int]], object]):
    """What `build` makes of the store's vocabulary, built once per vocabulary (Store.vocabulary
    returns the same object until the index changes) and kept in `table` as a pair with it:
    another thread may replace it meanwhile."""
    vocabulary = store.vocabulary()
    with _kept_lock:
        known = table.get(store)
    if known is None or known[0] is not vocabulary:
        known = (vocabulary, build(vocabulary))
        with _kept_lock:
            table[store] = known
    return known[1]


def _speller(store) -> Speller:
    """The Speller of the store's vocabulary."""
    return _kept(_spellers, store, Speller)


def index_words_near(word: str, store) -> list[str]:
    """The index's words two letters or fewer from `word` (casefolded), beginning as it does
    ("kiev" for "kyiv", "yukos" for "yuaks")."""
    return [found.search for found in _speller(store).within_two(word)]


# acronyms ---------------------------------------------------------------------------------
_ACRONYM = re.compile(r"^[A-Z]{2,6}$")
_SMALL = {"of", "for", "and", "the", "on", "in", "&", "de", "du", "la"}
# Runs of capitalised words, small words allowed inside: "Economic Policy Institute",
# "Securities and Exchange Commission".
_NAME = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|for|and|the|on|in|&|de|du|la)\s+)*[A-Z][\w'’-]*)+")


_IDENTIFIER = re.compile(r"[A-Z\d]")


def _spelled_out(name: str) -> bool:
    """A name an acronym may stand for: two or more real words ("Vitamin D" is not one)."""
    parts = [w for w in name.split() if w.casefold() not in _SMALL]
    return len(parts) >= 2 and all(len(w) > 1 and w.isalpha() for w in parts)


def initials(name: str) -> str:
    return "".join(word[0] for word in name.split() if word.casefold() not in _SMALL).casefold()


def initials_in(text: str, bodies: bool = False) -> set[str]:
    """Every acronym the text's multi-word capitalised names could be written as (casefolded,
    2-6 letters): their words' initials ("Securities and Exchange Commission": "sec"), and their
    capitals, inside a word too ("PlayStation Portable": "psp" as well as "pp").

    `bodies`: only those a body's name goes by: initials of a run of capitalised words ending in a
    body's word ("Football Association": "fa", in "On Sunday the Football Association said" too),
    of a body's word and what it is of ("Ministry of Defence": "mod"), and of any run of three
    words or more; not a person's ("FA" is no "Frank Arnesen")."""
    found = set()
    for match in _NAME.finditer(text):
        whole = match.group().split()
        for i in range(1, len(whole) - 1):
            if whole[i].casefold() in _SMALL and (not bodies or _BODY_NAME.fullmatch(whole[i - 1])):
                # "BoE" of "Bank of England", "DoH" of "Department of Health" (a stranger's "boe"
                # was called a word no article mentions)
                found.add("".join(w[0] for w in whole[i - 1 : i + 2]).casefold())
        words = [w for w in whole if w.casefold() not in _SMALL]
        for a in range(len(words)):
            for b in range(a + 1, min(len(words), a + 6)):  # an acronym has at most 6 letters
                stretch = words[a : b + 1]
                if bodies and not (_BODY_NAME.fullmatch(stretch[-1]) or len(stretch) >= 3):
                    continue
                keys = [initials(" ".join(stretch))]
                if not bodies:
                    keys.append("".join(c for w in stretch for c in w if c.isupper()))
                found.update(key.casefold() for key in keys if 2 <= len(key) <= 6)
    return found


@lru_cache(maxsize=4)  # one question reads an article's several times
def names_abbreviated(text: str) -> frozenset[str]:
    """The short forms (casefolded) the text's bodies' names go by: the initials of a run of
    capitalised words ending in a body's word or of three words or more ("fda" of "Food and Drug
    Administration"), or its capitals where a word has one inside it ("ukip" of "The UK
    Independence Party", "psp" of "PlayStation Portable"); never a run with a title in it or
    one of two words whose capitals are only their initials ("Sir Alex Ferguson" is no "SAF",
    "Michael Portillo" no "MP", "John McCarthy" no "JMC": reviews' finds)."""
    found: set[str] = set()
    for match in _NAME.finditer(text):
        words = [w for w in match.group().split() if w.casefold() not in _SMALL]
        if len(words) > _LONGEST_NAME:
            continue  # a capitalised list, no name (and no reason to try its every stretch)
        for a in range(len(words)):
            for b in range(a + 1, min(len(words), a + 6)):
                stretch = words[a : b + 1]
                if any(w.casefold().rstrip(".") in _PERSON_TITLES for w in stretch):
                    continue
                if _BODY_NAME.fullmatch(stretch[-1]) or len(stretch) >= 3:
                    found.add(initials(" ".join(stretch)))
                inside = [w for w in stretch
                          if any(c.isupper() for c in re.sub(r"^(?:Mc|Mac|O['’]|De|Di|La|Le)", "", w)[1:])]
                capitals = "".join(c for w in stretch for c in w if c.isupper())
                if inside and 3 <= len(capitals) <= 6:
                    found.add(capitals.casefold())
    return frozenset(key for key in found if 2 <= len(key) <= 6)


_LONGEST_NAME = 40  # words of a run of capitalised words read as a body's name

# Titles and roles a person's name may carry, never a body's ("Chief Prosecutor Simon Clements").
_PERSON_TITLES = frozenset("""mr mrs ms miss dr sir lord lady dame prof professor judge chief prosecutor minister
    secretary president chairman chairwoman director manager coach captain inspector detective sergeant constable
    king queen prince princess duke duchess saint st""".split())


def spelled_out_in(acronym: str, text: str) -> bool:
    """Whether `text` writes out `acronym` (3 or 4 letters) in words of any case, one word of
    three letters or more for each of its letters: "isp" of "internet service providers" (a
    stranger's "which isp was the worst?" of a story saying so was moved to another story)."""
    if not 3 <= len(acronym) <= 4 or not acronym.isalpha() or english_words().get(acronym, 0) >= COMMON_WORD:
        return False  # "bush", "sony" are words or names of their own
    run = r"[ \t]+".join(rf"{re.escape(letter)}[^\W\d_]{{2,}}" for letter in acronym)
    # Words of a name, not a run of any words (reviews' finds): one line, whole words (no
    # "well-thought-out"), all written alike (not "Italian bank Mediobanca" for "ibm"), no
    # function word ("has been badly criticised" is no "bbc"), no word of saying.
    for match in re.finditer(rf"(?=(?<![\w-])({run})(?![\w-]))", text, re.IGNORECASE):
        found = match.group(1).split()
        # Looked back a little only (a whole article's text copied for every candidate was a
        # review's slow case).
        preceding = text[max(0, match.start() - 200):match.start()].rstrip()
        opens = not preceding or preceding[-1] in ".!?\"“"
        if len({w[0].isupper() for w in found[1 if opens else 0:]}) == 1 and not any(
                w.casefold() in STOPWORDS or w.casefold() in _NOT_IN_NAMES for w in found):
            return True
    return False


_NOT_IN_NAMES = frozenset("said says say told asked added new other badly".split())


# The words that end a body's name (or begin "X of Y"): its initials are what it goes by ("FA" of
# "Football Association"), where a person's are no one's.
_BODY_NAME = re.compile(r"(?:Association|Authority|Board|Commission|Council|Union|Federation|Bank|Agency|Office|"
                        r"Organi[sz]ation|Institute|Party|Service|Department|Ministry|League|Committee|Corporation|"
                        r"Company|Group|Society|Trust|Fund|Court|Tribunal|Foundation|Corp|Inc|Forum|Network|Exchange|"
                        r"Nations|States|Kingdom|Congress|Parliament|Assembly|Executive|Club|Academy)")


def names_by_initials(texts: Iterable[str]) -> dict[str, str]:
    """Initials (casefolded) -> the most frequent multi-word name with them in the texts."""
    return {key: _commonest(found) for key, found in name_counts(texts).items()}


def _commonest(found: Mapping[str, int]) -> str:
    return max(found, key=lambda n: (found[n], n))


def name_counts(texts: Iterable[str]) -> dict[str, dict[str, int]]:
    """Initials (casefolded) -> every multi-word name with them in the texts, and how often; a
    name written in camel case under its capitals too ("psp" of "PlayStation Portable": a stranger
    was told no article mentions "psp")."""
    counts: dict[str, dict[str, int]] = {}
    for text in texts:
        for match in _NAME.finditer(text):
            words = match.group().split()
            # Every stretch of the run from one capitalised word to another: "The
            # Washington-based Economic Policy Institute" holds "Economic Policy Institute".
            starts = [i for i, w in enumerate(words) if w.casefold() not in _SMALL]
            for a in starts:
                for b in starts:
                    if b <= a:
                        continue
                    name = " ".join(words[a : b + 1])
                    for key in {initials(name), _camel_capitals(words[a : b + 1]) or ""}:
                        if 2 <= len(key) <= 6:
                            found = counts.setdefault(key, {})
                            found[name] = found.get(name, 0) + 1
    return counts


def _camel_capitals(words: Sequence[str]) -> str | None:
    """The capitals (casefolded, three or more) of a name with a capital right after a small
    letter inside one of its words ("PlayStation Portable": "psp"); not an acronym's ("US Army" is
    no "usa"), a joined name's ("Jean-Pierre", "D'Arcy") nor "McDonald"'s; else None."""
    inside = [w for w in words if re.search(r"[a-z][A-Z]", re.sub(r"^(?:Mc|Mac)", "", w))]
    capitals = "".join(c for w in words for c in w if c.isupper())
    return capitals.casefold() if inside and len(capitals) >= 3 else None


def _read_names(store) -> tuple[dict[str, dict[str, int]], set[str]]:
    """Both name tables of the articles (the names by initials, the rests of the O' names), from
    one read of their texts, once per index change."""
    def build(_vocabulary) -> tuple[dict[str, dict[str, int]], set[str]]:
        texts = [title + "\n" + text for title, text in store.article_texts()]
        return name_counts(texts), {m.group(1).casefold() for text in texts for m in _O_NAME.finditer(text)}

    return _kept(_name_tables, store, build)


def _names(store) -> dict[str, dict[str, int]]:
    return _read_names(store)[0]


def _o_names(store) -> set[str]:
    """The rests of the O' names the articles write ("connor" of "O'Connor"), casefolded."""
    return _read_names(store)[1]


_O_NAME = re.compile(r"\bO['’]([A-Z][a-z]+)")


def abbreviates_a_name(word: str, store) -> bool:
    """Whether `word` (casefolded, 3 letters or more) is the initials of a name of two words or
    more the articles write ("imf": "International Monetary Fund"), in any collection. Not read
    as that name (the articles' capitalised runs spell almost any three letters), but no word
    "no article mentions"."""
    return len(word) >= 3 and word in _names(store)


CLIPPED = 2  # letters at least one of the two words lacks of the name's word it begins


def _clipped_name(first: str, second: str, names: Mapping[str, Mapping[str, int]]) -> tuple[str, str] | None:
    """The two-word name that two question words begin, one of them clipped ("lib dems":
    "Liberal Democrats", not the articles' "Lib Dems" itself; "grand slams" clips nothing of
    "Grand Slam"), the commonest if several do."""
    fits = {}
    for name, count in names.get(first[0] + second[0], {}).items():
        parts = [w.casefold() for w in name.split() if w.casefold() not in _SMALL]
        if (len(parts) == 2 and parts[0].isalpha() and parts[1].isalpha()
                and all(part.startswith(typed.removesuffix("s") if i else typed)
                        for i, (typed, part) in enumerate(zip((first, second), parts)))
                and any(len(part) >= len(typed.removesuffix("s")) + CLIPPED for typed, part in zip((first, second), parts))):
            fits[name] = count
    if not fits:
        return None
    parts = [w.casefold() for w in _commonest(fits).split() if w.casefold() not in _SMALL]
    return parts[0], parts[1]


@dataclass(frozen=True)
class QuestionWords:
    """How a question's words meet the index: `read_as` maps a (casefolded) question word to
    the index words it stands for; `extra` are index words the question implies besides."""
    read_as: dict[str, tuple[str, ...]]
    extra: tuple[str, ...]
    corrected: dict[str, str] = field(default_factory=dict)  # typo -> the index's word, a subset of read_as
    asks: str | None = None  # the question word a mistyped first word is read as ("wich": "which")
    clipped: dict[str, str] = field(default_factory=dict)  # chat's clipping -> the name's word ("dems": "democrat")
    # words of a name two capitals were read as that is no body's ("BT": "bushtucker", "trial"): a guess
    guessed: tuple[str, ...] = ()

    @property
    def search_words(self) -> list[str]:
        return [w for words in self.read_as.values() for w in words] + list(self.extra)


_QUESTIONS_KEPT = 32  # a question asks for its words a few times within a second or so
# (the vocabulary the answers go with, question -> QuestionWords), replaced as a whole, so a
# thread always reads a table together with the vocabulary it belongs to.
_questions: tuple = (None, {})


_LETTERS = re.compile(r"[^\W\d_]+")


def may_be_another_language(question: str) -> bool:
    """`in_another_language`'s first test, which needs no index: the question has words and none
    of them is one of English's function words. Most questions fail it, and need no lock."""
    return bool(_words_if_no_english_function_word(question))


def _words_if_no_english_function_word(question: str) -> list[str]:
    """The question's words, or none when one is English's alone: a function word another
    language shares ("in", "was", "die" of "wer hat das konzert in paris gespielt?") says
    nothing of which language it is."""
    found = [w.casefold() for w in _LETTERS.findall(question)]
    shared = None
    for w in found:
        if len(w) > 1 and (w in STOPWORDS or w in CHAT_SPELLINGS):
            shared = shared or _function_words_elsewhere()
            if w not in shared:
                return []
    return found


def in_another_language(question: str, store) -> bool:
    """Whether the question reads as written in another language than English: it has none of
    English's function words ("what", "is", "the"… of two letters or more, or chat's "whats"),
    and words that are neither English, nor the index's, nor a typo of one of those: one with a
    letter outside ASCII ("écrit", "cuánto", "钱"), one that is a function word of another
    language ("wie" of "wie alt war charlie bell?", whose other words English also has), or
    two ("combien", "ausgegeben"). Names the articles use are the index's words, so "deepseek
    budget?" reads as English."""
    found = _words_if_no_english_function_word(question)
    if not found:
        return False
    english, vocabulary = english_words(), store.vocabulary()
    known = question_words(question, store).read_as
    unknown = [w for w in found if w not in english and stem(w) not in vocabulary and w not in known]
    return (len(unknown) >= 2 or any(not w.isascii() for w in unknown)
            or any(w in _other_function_words() for w in unknown))


def question_words(question: str, store) -> QuestionWords:
    """Typos corrected, unknown acronyms spelled out, spelled-out names abbreviated. Kept for
    the vocabulary's life: one question asks for them up to four times (as the model reads it,
    the lexical search, the features, a discussed article's check)."""
    global _questions
    vocabulary = store.vocabulary()
    known, table = _questions
    if known is vocabulary:
        found = table.get(question)
        if found is not None:
            return found
    found = _question_words(question, store, vocabulary)
    if known is not vocabulary or len(table) >= _QUESTIONS_KEPT:
        known, table = _questions = (vocabulary, {})
    table[question] = found
    return found


def _question_words(question: str, store, vocabulary) -> QuestionWords:
    tokens = re.findall(r"\w+", question)
    read_as: dict[str, tuple[str, ...]] = {}
    guessed: list[str] = []

    def spell_out(acronyms: Sequence[str]) -> None:
        names = _names(store) if acronyms else {}
        for token in acronyms:
            found = names.get(token.casefold(), {})
            bodies = {name: count for name, count in found.items() if _BODY_NAME.fullmatch(name.split()[-1])}
            if found:
                name = _commonest(bodies or found)
                read_as[token.casefold()] = tuple(w.casefold() for w in re.findall(r"\w+", name)
                                                  if w.casefold() not in STOPWORDS)
                if len(token) == 2 and not bodies:
                    # Two capitals begin a great many names: "BA" may well be the articles'
                    # "British Airways", but "BT" was another story's "Bushtucker Trial" (a
                    # stranger's "what does BT think?" was told the story discussed never
                    # mentions "bushtucker"). Searched so, but named so nowhere (`guessed`).
                    guessed.extend(read_as[token.casefold()])

    # Capitals only, though chat writes acronyms in lowercase ("imf"): the articles' capitalised
    # runs spell almost any three letters ("abt": "Analyst Bill Thompson"), and chat's shorthand
    # would be read as those names.
    spell_out([t for t in tokens if _ACRONYM.match(t) and stem(t.casefold()) not in vocabulary])
    # Chat clips names ("lib dems" for "Liberal Democrats"): two words, not both English, begin
    # the two words of a name. Where one of them is neither English nor the index's, the name
    # replaces them (before typos: "dems" is also one letter from "dams"); where the articles
    # also write the clipped form ("Lib Dems"), the name's words are searched besides.
    english = english_words()
    corrected: dict[str, str] = {}
    implied: list[str] = []
    clipped: dict[str, str] = {}
    for first, second in zip(tokens, tokens[1:]):
        first, second = first.casefold(), second.casefold()
        if (first in read_as or second in read_as or min(len(first), len(second)) < 3
                or not (first + second).isalpha() or first in STOPWORDS or second in STOPWORDS
                or (first in english and second in english)):  # "for england" is no clipping
            continue
        found = _clipped_name(first, second, _names(store))
        if found is None:
            continue
        clipped.update((typed, word) for typed, word in zip((first, second), found) if word != typed)
        if unknown([first, second], vocabulary):
            for typed, word in zip((first, second), found):
                read_as[typed] = (word,)
                corrected[typed] = word
        else:
            implied += [word for typed, word in zip((first, second), found) if word != typed]
    # A word with capitals past its first letter ("NADE", "aPKCz") is an identifier, not a typo.
    folded = [t.casefold() for t in tokens if t.casefold() not in read_as and not _IDENTIFIER.search(t[1:])]
    asks = None
    if folded and folded[0] == tokens[0].casefold():  # a question's first word is where it says what it asks
        for word, asks in _question_word_typos(folded[:1], vocabulary).items():
            read_as[word] = (asks,)
            corrected[word] = asks
            folded = folded[1:]

    def read(fixes: Mapping[str, str]) -> None:
        """Each typed word as the one word it is read as (each step below sees the steps before)."""
        for word, fix in fixes.items():
            read_as[word] = (fix,)
            corrected[word] = fix

    read(_figures_as_written([t.casefold() for t in tokens if t.casefold() not in read_as], store))
    read(_function_word_typos(folded, vocabulary))
    read(_doubled_letters(folded, read_as, vocabulary))
    read(_short_words_in_phrases(tokens, read_as, vocabulary, store))
    read(_rare_words_in_phrases(tokens, read_as, vocabulary, store))
    spell_out(_lowercase_acronyms(tokens, read_as, vocabulary, store))
    read(_chat_abbreviations(folded, read_as, vocabulary))
    read(_other_spellings(folded, vocabulary))
    folded = [w for w in folded if w not in read_as]
    fixes = correct(folded, store)
    fixes.update(_fixed_by_phrase(tokens, fixes, vocabulary, store))
    for word, fix in fixes.items():
        read_as[word] = (fix.search,)
        corrected[word] = fix.search
    read(_everyday_typos([w for w in folded if w not in read_as], vocabulary, question))
    for word in unknown([w for w in folded if w not in read_as], vocabulary):
        parts = _split_as_written(word, store, vocabulary) or _apostrophe_name(word, store)
        if parts is not None:
            read_as[word] = parts
            corrected[word] = " ".join(parts)
    extra = tuple(dict.fromkeys([key for match in _NAME.finditer(question) if _spelled_out(match.group())
                                 and (key := initials(match.group())) in vocabulary and key not in STOPWORDS]
                                + implied + _written_out([t.casefold() for t in tokens], vocabulary)))
    return QuestionWords(read_as, extra, corrected, asks, clipped, tuple(guessed))


def writes_clipped_name(question: str, text: str, store) -> bool:
    """Whether `text` writes out, as a phrase, the name the question clips ("lib dems": "Liberal
    Democrat"; not "Democrats" alone, the US party: a review's find)."""
    clipped = question_words(question, store).clipped
    parts = [clipped[word] for word in dict.fromkeys(t.casefold() for t in re.findall(r"[\w'’]+", question))
             if word in clipped]
    return bool(parts) and re.search(r"\b" + r"\s+".join(map(re.escape, parts)), text, re.IGNORECASE) is not None


# Chat's clipped words for a word the articles write out ("man utd", "downing st", "this yr").
# Read so only where the index lacks the clipping and holds the word: "St" of "St Albans" stays.
CHAT_ABBREVIATIONS = {"utd": "united", "yr": "year", "yrs": "years", "govt": "government", "gov": "government",
                      "st": "street", "mgr": "manager", "mins": "minutes", "dept": "department",
                      "intl": "international", "natl": "national", "uni": "university", "pres": "president",
                      "econ": "economy", "biz": "business", "tech": "technology", "champs": "champions",
                      "devs": "developers", "dev": "developer", "pens": "penalties", "pen": "penalty",
                      "execs": "executives", "exec": "executive"}


# Everyday things written as capitals, which name no one story ("what tv shows was she in?" of
# an actress's obituary saying "television" was asked of every article, and quoted a pop
# mogul's "TV show"), with the words an article may write them out in, searched besides. Not
# "ai"'s: searched for "artificial intelligence" too, the launch article's one sentence writing
# it out came into the quotes of most of its reader questions (the launch set lost a first quote).
EVERYDAY_ACRONYMS: dict[str, tuple[str, ...]] = {
    "tv": ("television",), "ai": (), "pc": ("computer",), "pcs": ("computers",),
    "pm": ("prime", "minister"), "hq": ("headquarters",), "dvd": (), "dvds": (), "cd": (), "cds": (), "mp": (),
    "mps": (), "gdp": (), "ipo": (), "vip": (), "dj": (), "sms": (), "gps": (), "atm": (), "suv": (), "phd": (),
    "iq": (), "hr": (), "uk": (), "usa": (), "eu": (), "un": (), "p2p": ("peer",)}


# Other names of one thing that a reader and a story use interchangeably: a stranger's "why do
# the Tories object?" of a story saying only "Conservatives" was moved to another story that says
# "Tories". Searched besides, and a story holding the other name does not lack the one asked.
ALIASES: dict[str, tuple[str, ...]] = {
    # Readers say Britain where BBC News writes UK (a stranger's "what does the report conclude about
    # britain overall?" was declined of a story saying only "The UK's…"); not back: "uk" searched as
    # "britain" too made the stories lacking that word look as if they lacked what was asked (it
    # declined an answerable "how much is it in the uk", and four unanswerable ones for that alone).
    "britain": ("uk",),
    "tories": ("conservatives", "tory"), "tory": ("conservative",), "conservatives": ("tories", "tory"),
    "conservative": ("tory",), "keeper": ("goalkeeper",), "keepers": ("goalkeepers",),
    "goalie": ("goalkeeper",), "ref": ("referee",), "refs": ("referees",),
    # a stranger's "which bookie is offering that" was told no article mentions "bookie"
    "bookie": ("bookmaker",), "bookies": ("bookmakers",),
    # a stranger's "what did the lib dems say?" was told a story quoting the Liberal Democrats
    # gave "dems" no words
    "dems": ("democrats",), "libdems": ("democrats",),
    # Clubs' nicknames, the club's name searched besides (a stranger's "what was the score spurs v
    # forest" was told the Tottenham story never mentions "spurs"). One way only: a story saying
    # "oil price spurs inflation" is no Tottenham story (a review's find); not "saints", "foxes",
    # "blades" or "villans", nor a country's team ("wallabies": any story naming Australia).
    "spurs": ("tottenham",), "gunners": ("arsenal",), "toffees": ("everton",), "magpies": ("newcastle",),
    "hammers": ("ham",), "boro": ("middlesbrough",), "canaries": ("norwich",), "gers": ("rangers",),
    "pompey": ("portsmouth",),
    # People's nicknames news itself uses (a stranger's "what did fergie say after the match?" was
    # told no article mentions "fergie", of a report quoting Sir Alex Ferguson).
    "fergie": ("ferguson",), "becks": ("beckham",)}
# Chat's everyday words for what news writes out: a story writing one is no story lacking the other
# (a stranger's "is there anything about adverts on the blogs?" was told the story never uses
# "adverts", of its "banner ads"; "mums" of "mothers"). Not searched besides, as `ALIASES` are:
# "advertising" searched for "ads" made a story about search adverts answer what it never says.
OTHER_WORDS: dict[str, tuple[str, ...]] = {
    "ads": ("adverts", "advertisements", "advertising"), "adverts": ("ads", "advertisements", "advertising"),
    "advertisements": ("ads", "adverts"), "advertising": ("ads", "adverts"), "advert": ("advertisement", "ad"),
    "advertisement": ("advert", "ad"), "mums": ("mothers",), "mum": ("mother",), "mothers": ("mums",),
    "mother": ("mum",), "moms": ("mothers", "mums"), "mom": ("mother", "mum"),
    "dads": ("fathers",), "dad": ("father",), "fathers": ("dads",), "father": ("dad",),
    # a stranger's "has the brit been charged?" was told a story on "a Briton", "the British
    # teenager" never mentions "brit"
    "brit": ("briton", "british"), "brits": ("britons", "british"),
    # a stranger's "what do the telecom companies think about it" was told a story on "the big
    # telcos" never mentions "telecom"
    "telecom": ("telco", "telcos", "telecoms"), "telecoms": ("telco", "telcos", "telecom"),
    "telco": ("telecom", "telecoms"), "telcos": ("telecom", "telecoms")}


# A country and what news calls its people and things ("the Danish Dairy Board" speaks for
# Denmark: a stranger's "what did denmark say?" was told the story gives Denmark no words). Both
# ways; single words only.
_NATIONS = {
    "denmark": ("danish", "dane", "danes"), "france": ("french",), "germany": ("german", "germans"),
    "greece": ("greek", "greeks"), "spain": ("spanish", "spaniards"), "britain": ("british", "britons"),
    "netherlands": ("dutch", "holland"), "china": ("chinese",), "japan": ("japanese",),
    "italy": ("italian", "italians"), "russia": ("russian", "russians"), "america": ("american", "americans"),
    "ireland": ("irish",), "scotland": ("scottish", "scots"), "wales": ("welsh",), "england": ("english",),
    "sweden": ("swedish", "swedes"), "norway": ("norwegian", "norwegians"), "finland": ("finnish",),
    "poland": ("polish",), "portugal": ("portuguese",), "belgium": ("belgian", "belgians"),
    "switzerland": ("swiss",), "austria": ("austrian", "austrians"), "turkey": ("turkish",),
    "israel": ("israeli", "israelis"), "iran": ("iranian", "iranians"), "iraq": ("iraqi", "iraqis"),
    "india": ("indian", "indians"), "pakistan": ("pakistani", "pakistanis"),
    "australia": ("australian", "australians"), "canada": ("canadian", "canadians"),
    "mexico": ("mexican", "mexicans"), "brazil": ("brazilian", "brazilians"),
    "argentina": ("argentine", "argentinian", "argentinians"), "korea": ("korean", "koreans"),
    "ukraine": ("ukrainian", "ukrainians"), "egypt": ("egyptian", "egyptians"),
    "nigeria": ("nigerian", "nigerians"), "kenya": ("kenyan", "kenyans"),
    "zimbabwe": ("zimbabwean", "zimbabweans"), "hungary": ("hungarian", "hungarians"),
    "romania": ("romanian", "romanians"), "syria": ("syrian", "syrians"), "afghanistan": ("afghan", "afghans"),
    "cuba": ("cuban", "cubans"), "thailand": ("thai",), "vietnam": ("vietnamese",),
    "indonesia": ("indonesian", "indonesians"), "philippines": ("filipino", "filipinos"),
    "czech": ("czechs",), "serbia": ("serbian", "serbs"), "croatia": ("croatian", "croats"),
    "lebanon": ("lebanese",), "palestine": ("palestinian", "palestinians"), "saudi": ("saudis",),
}


# Where a nation's government sits, which news writes for it ("Moscow said…", "the Kremlin",
# "Downing Street"): its words are the nation's, where that is the whole of whom a sentence names
# as speaking (a review's finds).
_SEATS = {
    "russia": ("moscow", "kremlin"), "france": ("paris", "elysee"), "germany": ("berlin",), "china": ("beijing",),
    "iran": ("tehran",), "iraq": ("baghdad",), "saudi": ("riyadh",), "denmark": ("copenhagen",),
    "britain": ("london", "downing street", "whitehall"), "england": ("london",),
    "america": ("washington", "white house"),
    "japan": ("tokyo",), "italy": ("rome",), "spain": ("madrid",), "greece": ("athens",), "israel": ("jerusalem",),
    "india": ("delhi",), "pakistan": ("islamabad",), "ukraine": ("kiev", "kyiv"), "poland": ("warsaw",),
    "netherlands": ("hague",), "belgium": ("brussels",), "ireland": ("dublin",), "scotland": ("holyrood",),
    "turkey": ("ankara",), "egypt": ("cairo",), "syria": ("damascus",), "korea": ("seoul", "pyongyang"),
    "afghanistan": ("kabul",), "canada": ("ottawa",), "australia": ("canberra",), "cuba": ("havana",),
}


def seats_of(country: str) -> tuple[str, ...]:
    """The words for where `country`'s government sits (`_SEATS`): "moscow", "kremlin" of "russia"."""
    return _SEATS.get(country, ())


@lru_cache(maxsize=1)
def _nations_both_ways() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for country, people in _NATIONS.items():
        nation = (country, *people)
        for word in nation:
            found[word] = tuple(dict.fromkeys([*found.get(word, ()), *(w for w in nation if w != word)]))
    return found


def country_of(word: str) -> str | None:
    """The country a nation's word names ("denmark" of "danes" and of "denmark"), or None."""
    return word if word in _NATIONS else next((country for country in nation_words(word) if country in _NATIONS), None)


def nation_words(word: str) -> tuple[str, ...]:
    """The other words of `word`'s nation (`_NATIONS`): "danish" of "denmark", "denmark" and
    "danish" of "danes"."""
    return _nations_both_ways().get(word, ())


def aliases_of(word: str) -> tuple[str, ...]:
    """`word`'s other names (`ALIASES`, and what chat's abbreviation stands for: "man utd" of a
    story saying "Manchester United" was moved to one titled "…Man Utd tie"; casefolded word in)."""
    return ALIASES.get(word, ()) + ((CHAT_ABBREVIATIONS[word],) if word in CHAT_ABBREVIATIONS else ())


def _written_out(words: Sequence[str], vocabulary) -> list[str]:
    """The words the index holds that `EVERYDAY_ACRONYMS` among `words` are written out in, and
    their other names (`ALIASES`)."""
    return [full for word in dict.fromkeys(words) for full in (*EVERYDAY_ACRONYMS.get(word, ()), *ALIASES.get(word, ()))
            if stem(full) in vocabulary]


def _chat_abbreviations(words: Sequence[str], read_as: Mapping[str, tuple[str, ...]], vocabulary) -> dict[str, str]:
    """`CHAT_ABBREVIATIONS` the index lacks, where it holds the word (a stranger's "how did downing
    st respond" was declined, and "man utd" named as a word no article mentions)."""
    return {word: CHAT_ABBREVIATIONS[word] for word in dict.fromkeys(words)
            if word in CHAT_ABBREVIATIONS and word not in read_as and stem(word) not in vocabulary
            and stem(CHAT_ABBREVIATIONS[word]) in vocabulary}


def _doubled_letters(words: Sequence[str], read_as: Mapping[str, tuple[str, ...]], vocabulary) -> dict[str, str]:
    """Words too short for `correct` (under MIN_LENGTH letters) that the index lacks, neither
    English nor stopwords, and that are one English word the index holds with a letter doubled
    ("bil" for "bill": a stranger's "what is the gambling bil" was read as the initials of the
    British and Irish Lions, another story's)."""
    english = english_words()
    found = {}
    for word in dict.fromkeys(words):
        if (len(word) >= MIN_LENGTH or len(word) < 3 or not word.isalpha() or word in read_as or word in STOPWORDS
                or word in english or word in CHAT_SPELLINGS or stem(word) in vocabulary):
            continue
        # a consonant only: "sed" is chat's "said", not "seed"
        doubled = {word[:i] + word[i] + word[i:] for i in range(len(word)) if word[i] not in "aeiouy"}
        held = [w for w in doubled if w in english and stem(w) in vocabulary]
        if len(held) == 1:
            found[word] = held[0]
    return found


# How common an English word must be for a slip typed on the way to it ("adress", "peice") to
# be read as it when no article holds either: many names are a letter from a rarer word
# ("gerrard" of "gerard", "millan" of "milan"). Of the BBC corpus's 4,299 capitalised words no
# English list holds, three are such a slip from a word this common, each written once
# ("winer", "monye", "bleus").
_EVERYDAY_TYPO_COUNT = 15 * COMMON_WORD
_EVERYDAY_TYPO_LETTERS = 5  # a shorter slip reads as too many words ("form", "from")


def _everyday_typos(words: Sequence[str], vocabulary, question: str) -> dict[str, str]:
    """Words of five letters or more that neither the index nor English has, and that are one
    very common English word typed with two vowels swapped or a doubled consonant typed once
    ("peice", "becuase", "adress"), when that is the only one: a stranger's "does
    he adress censorship concerns?" was told no article mentions “adress” above the right quote,
    and "is this an opinion peice…?" was declined, both right when spelt right. Other slips make
    a name from a word as often ("nadal", "naval"; "marnie", "marine"; a consonant typed twice:
    "andersson", "holliday", "liffe"), and so may these where a name stands: never a word the
    question capitalises past its first, nor one right after "did", "has"… ("what did haris
    say?"), nor another language's function word ("hatte", "comme": reviews' finds)."""
    english = english_words()
    tokens = re.findall(r"\w+", question)
    capitalised = {t.casefold() for t in tokens[1:] if t[:1].isupper()}
    subjects = {m.group(1).casefold() for m in _AFTER_AUXILIARY.finditer(question)}
    found = {}
    for word in dict.fromkeys(words):
        if (len(word) < _EVERYDAY_TYPO_LETTERS or word not in unknown([word], vocabulary) or word in capitalised
                or word in subjects or word in _other_function_words()):
            continue
        swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2:] for i in range(len(word) - 1)
                   if word[i] != word[i + 1] and word[i] in _VOWELS and word[i + 1] in _VOWELS}
        doubled = {word[:i] + word[i] + word[i:] for i in range(len(word)) if word[i] not in _VOWELS}
        # ... or the doubling typed on the wrong consonant ("dissapear", "tommorow": a stranger's
        # "why did growth in japan just dissapear?" was declined as naming what no article mentions),
        # a slip that made no English word of a common one of the BBC corpus's 4,024 capitalised
        # words no English list holds: any common word then
        moved = {single[:j] + single[j] + single[j:] for i in range(len(word) - 1)
                 if word[i] == word[i + 1] and word[i] not in _VOWELS
                 for single in (word[:i] + word[i + 1:],) for j in range(len(single))
                 if single[j] not in _VOWELS and j not in (i - 1, i)}
        near = ([w for w in swapped | doubled if english.get(w, 0) >= _EVERYDAY_TYPO_COUNT]
                + [w for w in moved if english.get(w, 0) >= COMMON_WORD])
        if len(near) == 1:
            found[word] = near[0]
    return found


_VOWELS = frozenset("aeiouy")
# The word after an auxiliary, where a question names whom or what it asks about ("what did
# holliday say?", "has marnie quit?").
_AFTER_AUXILIARY = re.compile(r"\b(?:did|does|do|has|have|had|is|was|are|were|will|would|can|could)\s+(\w+)",
                              re.IGNORECASE)


def _short_words_in_phrases(tokens: Sequence[str], read_as: Mapping[str, tuple[str, ...]], vocabulary,
                            store) -> dict[str, str]:
    """Three-letter words the index lacks (too short for `correct`: each has dozens of English
    words one edit away) that are one edit from exactly one English word the articles write
    beside the question's next or last word, as a phrase: a stranger's "what did cherie say
    about guantanamo bey" was told no article mentions "bey", of a story saying "Guantanamo
    Bay" three times. Neither word of the phrase a stopword, so a short word beside "the" finds
    nothing; the phrase is looked up in the index, never guessed."""
    from rapidfuzz.distance import OSA

    english = english_words()
    found: dict[str, str] = {}
    words = [t.casefold() for t in tokens]
    for i, word in enumerate(words):
        # Not an everyday word: SQuAD 2.0's unanswerable "what is also called the nut force?" is
        # no typo of its article's "net force".
        if (len(word) != 3 or not word.isalpha() or word in read_as or word in found or word in STOPWORDS
                or word in CHAT_SPELLINGS or word in CHAT_ABBREVIATIONS or stem(word) in vocabulary
                or english.get(word, 0) >= COMMON_WORD):
            continue
        fix = _one_in_a_phrase(words, i, vocabulary, store, lambda: [
            w for w in _short_english() if OSA.distance(word, w, score_cutoff=1) <= 1 and stem(w) in vocabulary])
        if fix is not None:
            found[word] = fix
    return found


def _rare_words_in_phrases(tokens: Sequence[str], read_as: Mapping[str, tuple[str, ...]], vocabulary,
                           store) -> dict[str, str]:
    """Uncommon English words the index lacks (which `correct` leaves alone as spelt right) that
    are one edit from exactly one word the articles write beside the question's next or last word,
    as a phrase: a stranger's "is micheal howards seat at risk" was declined as naming what no
    article mentions, "micheal" being a name in the word list, of a story on Michael Howard."""
    from rapidfuzz.distance import OSA

    english = english_words()
    found: dict[str, str] = {}
    words = [t.casefold() for t in tokens]
    for i, word in enumerate(words):
        if (len(word) < MIN_LENGTH or not word.isalpha() or word in read_as or word in found or word in STOPWORDS
                or word not in english or stem(word) in vocabulary):
            continue
        # A common word too ("gardner", a surname in the word list), where the phrase is a name
        # the articles write: a stranger's "who came second to jason gardner?" of a story on
        # "Jason Gardener" was declined.
        # Only for a rarer name, as a rare name is misspelt as a common one ("gardner" of
        # "Gardener"); a rarer word typed is meant ("richard johnston" is no "Richard Johnson": a
        # review's find).
        common = english[word] >= COMMON_WORD
        fix = _one_in_a_phrase(words, i, vocabulary, store, lambda: [
            c.search for c in _speller(store).within_two(word)[:PHRASE_CHOICES]
            if OSA.distance(word, c.search, score_cutoff=1) <= 1
            and not (common and english.get(c.search, 0) >= english[word])], named=common)
        if fix is not None:
            found[word] = fix
    return found


def _one_in_a_phrase(words: Sequence[str], i: int, vocabulary, store, choices: Callable[[], list[str]],
                     named: bool = False) -> str | None:
    """The one of `choices()` (read only when `words[i]` has a neighbour that may decide) that
    the articles write beside the question's next or last word as a phrase (`named`: written as
    a name, each word capitalised); None when none or several do."""
    beside = _phrase_neighbours(words, i, vocabulary)
    near = choices() if beside else []
    collections = store.collections() if near else []
    held = {w for w in near for other, before in beside
            if _phrase_held(*((other, w) if before else (w, other)), store, collections, named)}
    return held.pop() if len(held) == 1 else None


def _phrase_neighbours(words: Sequence[str], i: int, vocabulary) -> list[tuple[str, bool]]:
    """The words beside `words[i]` that may decide a phrase with it, each with whether it comes
    before: indexed words of four letters or more, no function word and no verb of saying."""
    return [(words[j], j < i) for j in (i - 1, i + 1) if 0 <= j < len(words) and len(words[j]) >= MIN_LENGTH
            and words[j].isalpha() and words[j] not in STOPWORDS and words[j] not in _SAYING_VERBS
            and stem(words[j]) in vocabulary]


def _phrase_held(first: str, second: str, store, collections: Sequence[str], named: bool = False) -> bool:
    """Whether a passage of the collections holds the two words side by side (`named`: as a
    name, each capitalised, in one of the first few such passages)."""
    if not named:
        return bool(store.bm25(f'"{first} {second}"', collections, 1))
    found = store.bm25(f'"{first} {second}"', collections, _NAMED_PHRASE_PASSAGES)
    written = re.compile(rf"\b{re.escape(first.capitalize())}\s+{re.escape(second.capitalize())}\b")
    return any(written.search(row.text) for row in store.passages([rowid for rowid, _, _ in found]).values())


_NAMED_PHRASE_PASSAGES = 5


PHRASE_CHOICES = 8  # the nearest words a phrase may decide between (each is a lookup)
# Not a neighbour deciding a phrase: "said" makes one with any speaker's name ("humman said" is no
# "Hayman said", a second review found).
_SAYING_VERBS = frozenset("said says told tells added adds claimed claims stated states".split())


def _fixed_by_phrase(tokens: Sequence[str], fixes: Mapping[str, Correction], vocabulary, store) -> dict[str, Correction]:
    """Corrections that the articles' phrases decide: where the nearest word makes no phrase
    with the question's next or last word and exactly one other word two edits or fewer away
    does, that one ("howey test" is the launch article's "Howie Test", not "howe", one letter
    nearer, that another story holds: a stranger's question was declined so)."""
    words = [t.casefold() for t in tokens]
    found: dict[str, Correction] = {}
    for word, fix in fixes.items():
        if word not in words:
            continue
        i = words.index(word)
        beside = _phrase_neighbours(words, i, vocabulary)
        if not beside:
            continue
        collections = store.collections()

        def makes_a_phrase(candidate: Correction) -> bool:
            return any(_phrase_held(*((other, candidate.search) if before else (candidate.search, other)), store,
                                    collections) for other, before in beside)

        if makes_a_phrase(fix):
            continue
        # No function word: one makes a phrase with almost anything ("avod repeats" → "and").
        choices = [c for c in _speller(store).within_two(word) if c.search != fix.search
                   and c.search not in STOPWORDS][:PHRASE_CHOICES]
        held = [c for c in choices if makes_a_phrase(c)]
        if len({c.term for c in held}) == 1:
            found[word] = held[0]
    return found


@lru_cache(maxsize=1)
def _short_english() -> tuple[str, ...]:
    """English words of two to four letters, no stopwords: a three-letter typo's neighbours."""
    return tuple(w for w in english_words() if 2 <= len(w) <= 4 and w.isalpha() and w not in STOPWORDS)


def _lowercase_acronyms(tokens: Sequence[str], read_as: Mapping[str, tuple[str, ...]], vocabulary, store) -> list[str]:
    """Chat's lowercase acronyms the index lacks, of 3 to 5 letters, that are the initials of a
    name the articles write out ("imf", "the sec" for "Securities and Exchange Commission": a
    stranger's "what does the sec say about crypto" was declined while "SEC" was answered): no
    English word unless after "the" ("sec" is also "second"), nor chat's shorthand ("abt", "tbh"),
    which the articles' capitalised runs would spell ("Analyst Bill Thompson")."""
    english = english_words()
    found = []
    for before, token in zip(["", *tokens], tokens):
        word = token.casefold()
        if (token != word or not 3 <= len(word) <= 5 or not word.isalpha() or word in read_as or word in STOPWORDS
                or word in CHAT_SPELLINGS or stem(word) in vocabulary
                or (word in english and before.casefold() != "the")):
            continue
        if word in _names(store):
            found.append(token)
    return found


# The words that say what a question asks, which chat mistypes ("wich", "waht", "wen"): the
# index holds none of them (they are stopwords), so no correction against it finds them.
QUESTION_WORDS = ("what", "which", "where", "when", "who", "whose", "why", "how", "does", "did", "were")


# How much commoner than an English word the question word one edit from it must be for a
# question's first word to be read as it: "wen" (1.8 million in symspellpy's counts) is "when"
# (650 million) there, "hoe" is "how"; "were" and "where" are both common, and stay as typed.
COMMONER = 100


def _question_word_typos(words: Sequence[str], vocabulary: Mapping[str, int]) -> dict[str, str]:
    """Words one edit from exactly one question word, neither the index's nor chat's, and no
    English word unless a rare one (`COMMONER`): "wich" is also one edit from the index's "with",
    but as a question's first word it is "which"; a stranger's "wen was it publised?"."""
    from rapidfuzz.distance import OSA

    english = english_words()
    found = {}
    for word in dict.fromkeys(words):
        if (len(word) < 2 or not word.isalpha() or word in STOPWORDS or word in CHAT_SPELLINGS
                or stem(word) in vocabulary):
            continue
        if len(word) == 2:
            # Two letters only as one question word with a letter left out: chat's "hw" is "how"
            # (a stranger's 13 "hw …" questions were each told no article mentions "hw"); "wh" is
            # who or why, and stays.
            near = [q for q in QUESTION_WORDS if _drops_a_letter(word, q)]
            if len(near) == 1 and word not in english:
                found[word] = near[0]
            continue
        near = [q for q in QUESTION_WORDS if OSA.distance(word, q, score_cutoff=1) <= 1]
        if len(near) > 1:
            # A dropped letter is the commonest slip: "whn" is "when" (not "who", a letter changed).
            near = [q for q in near if _drops_a_letter(word, q)] or near
        if len(near) == 1 and (word not in english or english.get(near[0], 0) >= COMMONER * english[word]):
            found[word] = near[0]
    return found


def _drops_a_letter(typed: str, word: str) -> bool:
    """Whether `typed` is `word` with one letter left out."""
    return len(typed) + 1 == len(word) and any(word[:i] + word[i + 1:] == typed for i in range(len(word)))


def typed_function_words(text: str, vocabulary: Mapping[str, int]) -> dict[str, str]:
    """The question word its first word mistypes and the function words its others do
    (`_question_word_typos`, `_function_word_typos`), each casefolded typo to its word."""
    words = [w.casefold() for w in re.findall(r"\w+", text)]
    return {**_question_word_typos(words[:1], vocabulary), **_function_word_typos(words[1:], vocabulary)}


# Chat's spellings of function words that are no typo of them ("who wrote dis": a stranger's
# question about the article itself got three unrelated quotes), read as the word where the
# index does not hold them.
CHAT_FUNCTION_WORDS = {"dis": "this", "dat": "that", "da": "the", "dey": "they", "dem": "them", "wiv": "with",
                       "bein": "being"}  # not "bout": "who won the bout?"


@lru_cache(maxsize=1)
def _mistypable_words() -> tuple[str, ...]:
    """What `_function_word_typos` reads a slip as: function words of three letters or more but the
    question words, and chat's fillers of five or more."""
    return tuple(sorted({w for w in STOPWORDS if len(w) >= 3 and w not in QUESTION_WORDS}
                        | {w for w in CHAT_FILLERS if len(w) >= 5}))


def _function_word_typos(words: Sequence[str], vocabulary: Mapping[str, int]) -> dict[str, str]:
    """Words that are no English word, nor the index's or chat's, one edit (a transposition
    counts as one) from an English function word of three letters or more beginning with the
    same letter: "teh", "adn", "taht", "thier". The index holds no function word, so no
    correction against it finds them, and they were read as words no article mentions (a
    stranger's "whats teh main point…" was declined for "teh"). So are chat's fillers of five
    letters or more (`CHAT_FILLERS`), which name no one either: a stranger's "whats the film
    acutally about" was declined as naming what no article mentions. The commonest such word when
    several are one edit away; the same first letter keeps an acronym ("imf") from becoming "if".
    Question words are left to `_question_word_typos` ("hwo" is how or who)."""
    from rapidfuzz.distance import OSA

    english = english_words()
    found = {}
    for word in dict.fromkeys(words):
        if word in CHAT_FUNCTION_WORDS and stem(word) not in vocabulary:
            found[word] = CHAT_FUNCTION_WORDS[word]
            continue
        if (len(word) < 3 or not word.isalpha() or word in english or word in STOPWORDS or word in CHAT_SPELLINGS
                or stem(word) in vocabulary):
            continue
        near = [w for w in _mistypable_words() if w[0] == word[0] and OSA.distance(word, w, score_cutoff=1) <= 1]
        # A filler only when it is the one common word a slip away: "replly" is "reply", "alyways"
        # "always", "smill" "small" (a review's finds).
        near = [w for w in near if w not in CHAT_FILLERS or not _another_common_word_near(word, w, english)]
        if near:
            found[word] = max(near, key=lambda w: (english.get(w, 0), w))
    return found


def _another_common_word_near(word: str, but: str, english: Mapping[str, int]) -> bool:
    """Whether a common English word other than `but` is one edit (a transposition counts as one)
    from `word`."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    edits = ({a + b[1:] for a, b in splits if b} | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
             | {a + c + b[1:] for a, b in splits if b for c in letters} | {a + c + b for a, b in splits for c in letters})
    return any(english.get(edit, 0) >= COMMON_WORD for edit in edits - {but, word})


def _other_spellings(words: Sequence[str], vocabulary: Mapping[str, int]) -> dict[str, str]:
    """Words the index lacks whose British or American spelling it holds (breame's lists):
    "centralised" for an article's "centralized", "color" for "colour". Each is an English word,
    so no typo correction reads it, and a stranger's "why are ppl worried about ai being
    centralised" was told no article mentions "centralised"."""
    from breame.spelling import get_american_spelling, get_british_spelling

    found = {}
    for word in dict.fromkeys(words):
        if len(word) < MIN_LENGTH or not word.isalpha() or stem(word) in vocabulary:
            continue
        # The lists miss some of the regular -is-/-iz- pairs ("centralisation"): those by rule.
        ruled = [_IZE.sub(lambda m: m.group().replace("s", "z"), word),
                 _ISE.sub(lambda m: m.group().replace("z", "s"), word)]
        for other in (get_american_spelling(word), get_british_spelling(word), *ruled):
            if other != word and other.isalpha() and stem(other) in vocabulary:
                found[word] = other
                break
    return found


_IZE = re.compile(r"is(?=(?:e|es|ed|ing|ation|ations|er|ers)$)")
_ISE = re.compile(r"iz(?=(?:e|es|ed|ing|ation|ations|er|ers)$)")


MIN_PART = 3  # letters: shorter pieces ("a", "in") split anything


_FIGURE = re.compile(r"([1-9]\d{3,})([a-z]{0,3})")


def figure_written_otherwise(word: str) -> str | None:
    """"1,000m" for "1000m", "25000" for "25,000": a figure of thousands, unit and all, with its
    commas put in or taken out; None for any other word (nor one opening with a nought: "01234")."""
    found = re.fullmatch(r"([1-9]\d{0,2}(?:,\d{3})+|[1-9]\d{3,})([a-z]*)", word)
    if found is None:
        return None
    figure, unit = found.groups()
    return (figure.replace(",", "") if "," in figure else f"{int(figure):,}") + unit


def _figures_as_written(words: Sequence[str], store) -> dict[str, str]:
    """Figures of thousands typed without their commas, as the articles write them: "5000m" read
    "5,000m" where a story writes that (a stranger's "who won the 5000m" got the race's lead third);
    a figure the articles hold as typed ("2005", "1500m") is left alone, and so is one whose
    grouped form they do not hold as typed: no unit is added ("save 1000 pounds" is no "1,000m",
    a review's find)."""
    found = {}
    figures = [word for word in words if _FIGURE.fullmatch(word)]
    collections = store.collections() if figures else []
    for word in figures:
        grouped = figure_written_otherwise(word)
        if store.missing_words([word], collections) and not store.missing_words([grouped], collections):
            found[word] = grouped
    return found


def _split_as_written(word: str, store, vocabulary) -> tuple[str, str] | None:
    """Two index words the articles write apart that the question writes as one ("whitepaper"
    for "White Paper", "opensource"): only where the articles hold the two as a phrase, so a
    name none of them mentions ("deepseek" where "deep" and "seek" occur apart) stays unseen."""
    splits = [(word[:i], word[i:]) for i in range(MIN_PART, len(word) - MIN_PART + 1)]
    splits = [(a, b) for a, b in splits if stem(a) in vocabulary and stem(b) in vocabulary]
    collections = store.collections() if splits else []
    # The evenest split first: "whitepaper" is white + paper before whit + epaper.
    for left, right in sorted(splits, key=lambda pair: abs(len(pair[0]) - len(pair[1]))):
        if _phrase_held(left, right, store, collections):
            return left, right
    return None


def _apostrophe_name(word: str, store) -> tuple[str, str] | None:
    """An O' name typed as one word ("oconnor", "oconner" for "O'Connor", which the index holds
    as "o" and "connor"), as the articles write it, its rest as typed or one edit from it (a
    stranger's four questions about "johnny oconner" were each told no article mentions him)."""
    from rapidfuzz.distance import OSA

    if len(word) < 5 or not word.startswith("o") or not word.isalpha():
        return None
    rest = word[1:]
    near = sorted((OSA.distance(rest, name), name) for name in _o_names(store)
                  if OSA.distance(rest, name, score_cutoff=1) <= 1)
    if not near or (len(near) > 1 and near[0][0] == near[1][0]):
        return None
    return "o", near[0][1]


def _as_written(fix: str, store) -> str:
    """How the articles write the word a correction found (`fix`, a surface rebuilt from the
    index's stemmed term when no English word has it: "howi" for "Howie"), so the model reads the
    name, not its stem; `fix` itself when it is English or no passage shows it otherwise."""
    if fix in english_words():
        return fix
    term = stem(fix)
    found = store.bm25(f'"{term}"', store.collections(), 1)
    if not found:
        return fix
    passage = store.passages([found[0][0]]).get(found[0][0])
    written = next((w for w in re.findall(r"[^\W\d_]+", passage.text if passage else "") if stem(w.casefold()) == term),
                   None)
    return written.casefold() if written else fix


_written_seen: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_WRITTEN_SEEN = 4096
# A name more passages hold than this is left as typed: reading them all would cost a question
# too much, and fewer would not tell whether some article writes it as typed (a town "Radcliff"
# in one story beside "Radcliffe" in others).
_WRITTEN_LOOKED = 200


def _written_forms(term: str, word: str, store) -> set[str]:
    """The forms every passage holding the index term `term` writes it in (casefolded), among
    the words near `word` in length and opening; empty when none holds it or too many do."""
    count = store.vocabulary().get(term, 0)
    if not count or count > _WRITTEN_LOOKED:
        return set()
    found = store.bm25(f'"{term}"', store.collections(), count)
    passages = store.passages([row[0] for row in found]) if found else {}
    near = {w.casefold() for passage in passages.values() for w in _LETTERS.findall(passage.text)
            if abs(len(w) - len(word)) <= 1 and w[:2].casefold() == word[:2]}
    return {w for w, t in zip(sorted(near), stems(sorted(near))) if t == term}


def _written_near(word: str, store) -> str | None:
    """How the articles write a name the question misspells into its own stem ("radcliff" for
    "Radcliffe": the stemmer maps both to one term, so no correction reads it, while the model
    reads "rad ##cliff", and a stranger's "radcliff extra time, why" was declined at 0.16 against
    0.61 spelt right): the one form the articles write with its stem one edit from it, when the
    word is no English one and no article writes it as typed (the town of "Radcliff" in one story
    beside "Radcliffe" in others; `_WRITTEN_LOOKED`). Kept per word until the index changes."""
    from rapidfuzz.distance import OSA

    if len(word) < MIN_LENGTH + 1 or not _ALPHA.match(word) or word in english_words():
        return None
    seen = _kept(_written_seen, store, lambda _vocabulary: {})
    if word in seen:
        return seen[word]
    if len(seen) >= _WRITTEN_SEEN:  # the names asked until the index changes: bounded
        seen.clear()
    term = stem(word)
    forms = _written_forms(term, word, store)
    # Not the plural or singular of what they write ("coinfections", "diresidue"): another form of
    # the word, no misspelling, which the model reads as well.
    near = [form for form in forms if OSA.distance(word, form, score_cutoff=1) == 1
            and word != form + "s" and form != word + "s"]
    seen[word] = near[0] if word not in forms and len(near) == 1 else None
    return seen[word]


def as_read(question: str, store) -> str:
    """The question with its typos replaced by the words the index holds: what the model
    embeds. A typo moves the question's vector and token vectors ("buld" is read as two word
    pieces that mean nothing), and with them every cosine the ranker and the decline model
    read, though the word is corrected everywhere else (and a name misspelt into its own stem,
    `_written_near`, here only: every other step matches it by its stem already)."""
    corrected = {typed: _as_written(fix, store) if " " not in fix else fix
                 for typed, fix in question_words(question, store).corrected.items()}
    for typed in dict.fromkeys(w.casefold() for w in re.findall(r"\w+", question)):
        if typed not in corrected and (written := _written_near(typed, store)) is not None:
            corrected[typed] = written
    if not corrected:
        return question

    def replace(match: re.Match) -> str:
        typed = match.group()
        fix = corrected.get(typed.casefold())
        if fix is None:
            return typed
        return fix[:1].upper() + fix[1:] if typed[:1].isupper() else fix

    return re.sub(r"\w+", replace, question)


def near_titles(name: str, titles: Mapping[str, str], limit: int = 3) -> list[tuple[str, str]]:
    """The (id, title) of at most `limit` titles whose words nearly hold the name's ("deepsek",
    "nortown" for "…and DeepSeek", "…Northtown"), best first: each of the name's first
    NEAR_WORDS distinct words of 4 or more letters, stopwords aside, matched to its nearest title
    word (rapidfuzz's ratio); offered when the mean is at least NEAR_TITLE and no word is
    unrelated (under NEAR_WORD)."""
    from rapidfuzz import fuzz, process

    words = list(dict.fromkeys(w for w in re.findall(r"\w+", name.casefold())
                               if len(w) >= MIN_LENGTH and w not in STOPWORDS))[:NEAR_WORDS]
    if not words:
        return []
    scored = []
    for id_, title in titles.items():
        # Not its function words: "howl" is no "how" ("Be careful how you code" was offered for it)
        title_words = [w for w in re.findall(r"\w+", title.casefold()) if w not in STOPWORDS]
        if title_words:
            scores = [process.extractOne(w, title_words, scorer=fuzz.ratio)[1] for w in words]
            if min(scores) >= NEAR_WORD and sum(scores) / len(scores) >= NEAR_TITLE:
                scored.append((-sum(scores) / len(scores), id_))
    return [(id_, titles[id_]) for _, id_ in sorted(scored)[:limit]]
