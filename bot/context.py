"""The article each channel is discussing, so "who did the report?" asked there is answered from
it (`Engine.ask(context=...)`). A channel's article is the last one the bot announced or added
there, picked with `/ask article:`, or quoted first in its last answer; it is forgotten after
QUOTEBOT_CONTEXT_MINUTES without any of these. Threads are channels of their own."""
from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from dataclasses import replace
from typing import Callable, Sequence

from index.models import Answer, Discussion, Quote
from index.text import ASKS_JUDGEMENT, WHO_SAID, asks_what_is, capitalised_words

# Channels remembered at most (least recently used forgotten first): a bot in thousands of
# servers must not grow without bound, and a channel quiet for long has moved on anyway.
MAX_CHANNELS = 10_000


def _still_about(subject: str | None, asked: str) -> bool:
    """Whether what "it" or "he" stood for still does after `asked`: not once a question names
    someone or something else with a capital (a stranger's "how long could he go to prison for?"
    after "what does Ebbers say?" was read with "who is the associate testifying?", two back);
    and a "what about X?" for the one question after it only (in a lowercase chat nothing else
    ends it: a stranger's "which countries are they going to?", two questions after "what about
    john deacon", was read as about him, not the band)."""
    return (subject is not None and not capitalised_words(asked) - capitalised_words(subject)
            and not _MOVES_ON.match(asked) and not _MOVES_ON.match(subject))


# "what about deepseek?", "and the unions?": the talk moves to something else.
_MOVES_ON = re.compile(r"^\s*(?:(?:and|so|ok|okay)[\s,]+)?(?:(?:what|how|wat)\s+about|and)\b", re.IGNORECASE)


class DiscussedArticles:
    """Thread-safe: noted from the event loop and the question workers alike."""

    def __init__(self, minutes: float, *, capacity: int = MAX_CHANNELS, clock: Callable[[], float] = time.monotonic):
        self.seconds = minutes * 60
        self.capacity = capacity
        self.clock = clock
        self._lock = threading.Lock()
        self._by_channel: OrderedDict[int, tuple[Discussion, float]] = OrderedDict()

    def note(self, channel_id: int | None, article_id: str | None, *, chosen: bool = True,
             picked: bool = False, asked: str | None = None, quoted: Quote | None = None,
             subject: str | None = None, shown: Sequence[Quote] = ()) -> None:
        """`chosen`: announced or picked there (see `Discussion`); an `/add` is a hint (`chosen=False`).
        `picked`: by the asker themselves (the console's `:article`). `asked`: the question an
        answer from it just answered; `quoted`: that answer's first quote; `subject`: the last
        question asking what or who something of it is; `shown`: every quote of that answer."""
        if channel_id is None or article_id is None or self.seconds <= 0:
            return
        with self._lock:
            discussion = Discussion(article_id, chosen, chosen and picked, asked, quoted, subject,
                                    tuple(shown) if quoted is not None else ())
            self._by_channel[channel_id] = (discussion, self.clock())
            self._by_channel.move_to_end(channel_id)
            while len(self._by_channel) > self.capacity:
                self._by_channel.popitem(last=False)

    def note_answer(self, channel_id: int | None, answer: Answer) -> None:
        """An answer moves the channel on to the article it quotes first (or tells about); one
        from the channel's chosen article keeps it chosen. An article the asker picked
        themselves (`picked`, the console's `:article`) stays until they pick another: an answer
        from another story, to a question naming what the pick never mentions, does not drop it.
        Nor does a guess: quotes from another story for a question that named nothing of it and
        something no article mentions ("what does he say about nvidia?" matching "he said"); the
        question before it stays the one a bare "and why?" follows. With nothing discussed,
        such an answer's article becomes the channel's as any answer's does (no story to keep)."""
        if answer.moved_from and answer.unknown or answer.message == ASKS_JUDGEMENT:
            # A judgement asked ("is he right?") asks nothing of the article: the quote and the
            # question discussed stay, so "what else did he say?" after it still follows them.
            return
        if answer.about is not None:
            article_id = answer.about.article_id
        elif answer.answered and answer.quotes:
            article_id = answer.quotes[0].article_id
        else:
            # A decline keeps the channel's story, but it is the last question asked there, and
            # quoted nothing: strangers' "who said that?" after one named the speaker of a quote
            # shown before it, and "and why?" after three was read with the question before them.
            with self._lock:
                found = self._by_channel.get(channel_id)
                if found is not None:
                    asked = answer.read_as or answer.question
                    self._by_channel[channel_id] = (replace(found[0], asked=asked, quoted=None, shown=()), found[1])
            return
        asked = answer.read_as or answer.question
        quoted = answer.quotes[0] if answer.quotes else None
        shown = answer.quotes
        now = self.current(channel_id)
        # "what about nvidia?" of articles none of which mentions it sets nothing "it" stands for: a
        # stranger's "what does big tech have to do with it?" four questions on was read with nvidia.
        new_subject = asks_what_is(asked) and not answer.unknown
        if now is not None and WHO_SAID.fullmatch(answer.question):
            # "who said that?" asked of the last answer: "and when?" next still asks of the
            # question before it.
            asked, quoted, shown = now.asked, now.quoted, now.shown
        if now is not None and now.picked and now.article_id != article_id:
            # Still the pick; its clock restarts.
            self.note(channel_id, now.article_id, picked=True, asked=asked, quoted=quoted, shown=shown,
                      subject=asked if new_subject else now.subject if _still_about(now.subject, asked) else None)
            return
        same = now is not None and now.article_id == article_id
        # "what is the Mac mini?" stays what "it" stands for while the talk stays on its story
        # (a stranger's "when will it go on sale?" two questions on was asked of nothing).
        subject = asked if new_subject else now.subject if same and _still_about(now.subject, asked) else None
        self.note(channel_id, article_id, chosen=same and now.chosen, picked=same and now.picked, asked=asked,
                  quoted=quoted, subject=subject, shown=shown)

    def drop(self, channel_id: int | None) -> None:
        """The channel discusses nothing any more (the console's `:article` alone)."""
        with self._lock:
            self._by_channel.pop(channel_id, None)

    def current(self, channel_id: int | None) -> Discussion | None:
        if channel_id is None:
            return None
        with self._lock:
            found = self._by_channel.get(channel_id)
            if found is None:
                return None
            discussion, at = found
            if self.clock() - at > self.seconds:
                del self._by_channel[channel_id]
                return None
            return discussion

    def forget(self, article_id: str) -> None:
        """A removed article is no channel's any more."""
        with self._lock:
            for channel_id in [c for c, (d, _) in self._by_channel.items() if d.article_id == article_id]:
                del self._by_channel[channel_id]
