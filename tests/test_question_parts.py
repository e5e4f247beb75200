"""Questions of two parts: declined as a whole, each part is asked (strangers' "what is the
forecast for 2005 and when will the next figures come out" and "who brought the case against
him, police or the studios?" were declined, the forecast and who brought the case being there)."""
from __future__ import annotations

import pytest

from index.answer import NOT_FOUND
from index.engine import by_parts
from index.models import Answer, Quote
from index.text import question_parts


@pytest.mark.parametrize("question, parts", [
    ("what is the forecast for 2005 and when will the next figures come out",
     ["what is the forecast for 2005?", "when will the next figures come out?"]),
    ("how long does it last, is there a deadline", ["how long does it last?", "is there a deadline?"]),
    ("who was gandulla and how did it go for him in brazil", ["who was gandulla?", "how did it go for him in brazil?"]),
    # a choice of answers tacked on is no question of its own
    ("who brought the case against him, police or the studios?", ["who brought the case against him?"]),
    ("when did it happen, was it monday or tuesday?", ["when did it happen?"]),
    ("what's Deutsche Bank's link to Yukos, do they owe them money or something?",
     ["what's Deutsche Bank's link to Yukos?", "do they owe them money or something?"]),
    # one question: "and" between things, a part too short to ask alone, no question at all
    ("what is the difference between blu-ray and hd-dvd", []),
    ("who won the match and the cup", []),
    ("what did he say and why", []),
    ("when did this happen, what match", []),
    ("did he win, or lose?", []),
    ("the ferry runs at noon and when it rains it stops", []),
])
def test_a_question_of_two_parts_is_read_as_its_parts(question, parts):
    assert question_parts(question) == parts


def quote(text: str) -> Quote:
    return Quote(text, "00000000000000aa", "Forecast", None, 1, 0.9, 0, len(text))


def test_a_declined_question_of_two_parts_is_answered_by_its_first_part_that_answers():
    asked = []

    def ask_part(part: str) -> Answer:
        asked.append(part)
        if part.startswith("what is the forecast"):
            return Answer(part, True, (quote("Growth is set to halve this year."),))
        return Answer(part, False, (), NOT_FOUND)

    whole = "when will the next figures come out and what is the forecast for 2005"
    found = by_parts(Answer(whole, False, (), NOT_FOUND), ask_part)
    assert asked == ["when will the next figures come out?", "what is the forecast for 2005?"]
    assert found.answered and found.question == whole and found.read_as == "what is the forecast for 2005?"
    # Neither part answering: the whole's decline stands.
    asked.clear()
    assert by_parts(Answer("who won the final and when will they play again", False, (), NOT_FOUND),
                    ask_part).message == NOT_FOUND
    assert asked == ["who won the final?", "when will they play again?"]
    # A doubted answer to a part is no answer to the whole (the whole was declined).
    unsure = by_parts(Answer(whole, False, (), NOT_FOUND),
                      lambda part: Answer(part, True, (quote("Growth may halve."),), unsure=True))
    assert not unsure.answered and unsure.message == NOT_FOUND
    # An answer, or a decline saying what the article lacks (a sum, someone's words, a name no
    # article holds), is never asked again by parts.
    answered = Answer(whole, True, (quote("Figures come out in May."),))
    assert by_parts(answered, ask_part) is answered
    for declined in (Answer(whole, False, (), NOT_FOUND, missing="money"),
                     Answer(whole, False, (), NOT_FOUND, unknown=("nvidia",))):
        asked.clear()
        assert by_parts(declined, ask_part) is declined and asked == []
