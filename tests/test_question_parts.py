"""Questions of two parts: declined as a whole, each part is asked (strangers' "what is the
forecast for 2005 and when will the next figures come out" and "who brought the case against
him, police or the studios?" were declined, the forecast and who brought the case being there)."""
from __future__ import annotations

import pytest

from index.answer import NOT_FOUND
from index.engine import by_parts
from index.ingest import parse_text
from index.models import Answer, Quote
from index.models import Discussion
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
    # a clause, not a question of its own (a review's finds)
    ("what's the difference between what kiely said and what the boro manager said", []),
    ("what did Smith, who scored twice, say after the game", []),
    ("who was arrested and was charged with fraud", []),
    ("who is the new boss, and what did he say or do?", ["who is the new boss?", "what did he say or do?"]),
    # two questions one after the other (a stranger's was declined, the second answered alone)
    ("whats the actual flaw? how does the hack work", ["whats the actual flaw?", "how does the hack work?"]),
    ("who is the new boss? and what did he say?", ["who is the new boss?", "what did he say?"]),
    ("why? how?", []),
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
    found = by_parts(Answer(whole, False, (), NOT_FOUND, declined_in="Forecast"), ask_part)
    assert asked == ["when will the next figures come out?", "what is the forecast for 2005?"]
    assert found.answered and found.question == whole and found.read_as == "what is the forecast for 2005?"
    # ... saying the rest found no answer (a stranger read "Read as “is it on tv?”" as the kickoff
    # half of "what time is kickoff and is it on tv" silently dropped).
    from index.render import answer_markdown

    assert found.partial and answer_markdown(found).startswith(
        "Answering only “what is the forecast for 2005?”: the rest of the question found no answer")
    # Neither part answering: the whole's decline stands.
    asked.clear()
    assert by_parts(Answer("who won the final and when will they play again", False, (), NOT_FOUND,
                           declined_in="Forecast"), ask_part).message == NOT_FOUND
    assert asked == ["who won the final?", "when will they play again?"]
    # A doubted answer to a part is no answer to the whole (the whole was declined).
    unsure = by_parts(Answer(whole, False, (), NOT_FOUND, declined_in="Forecast"),
                      lambda part: Answer(part, True, (quote("Growth may halve."),), unsure=True))
    assert not unsure.answered and unsure.message == NOT_FOUND
    # An answer, a decline saying what the article lacks (a sum, someone's words, a name no
    # article holds), or one of every article, is never asked again by parts.
    answered = Answer(whole, True, (quote("Figures come out in May."),))
    assert by_parts(answered, ask_part) is answered
    for declined in (Answer(whole, False, (), NOT_FOUND, declined_in="Forecast", missing="money"),
                     Answer(whole, False, (), NOT_FOUND, declined_in="Forecast", unknown=("nvidia",)),
                     Answer(whole, False, (), NOT_FOUND)):  # every article asked: parts find any story
        asked.clear()
        assert by_parts(declined, ask_part) is declined and asked == []


def test_a_channels_article_answers_the_part_of_a_question_it_can(engine):
    # Through `Engine.ask`: the whole declined in the channel, its first part answered and read so.
    story = engine.add_article(parse_text(
        "# Mill closes\n\nWorkers heard the news at a meeting on Monday.\n\nThe paper mill in Northtown closed in "
        "March, with 300 jobs lost.\n\nThe owners said demand for newsprint had fallen for years.\n",
        source="mill.md", fmt="md")).article.id
    asked = "when did the paper mill close, and how much did the workers get for it?"
    found = engine.ask(asked, context=Discussion(story, chosen=True))
    assert found.answered and found.question == asked and found.read_as == "when did the paper mill close?"
    assert "closed in March" in found.quotes[0].text
    assert found.to_json()["read_as"] == found.read_as  # `ask --json` says how it was read
    assert found.quotes == engine.ask("when did the paper mill close?", context=Discussion(story, chosen=True)).quotes
    # Asked of every article while it is the only one indexed, so: one article asked (a stranger's
    # "whos he anyway, does he actually work in crypto?" of the launch article was declined).
    alone = engine.ask(asked)
    assert alone.answered and alone.read_as == "when did the paper mill close?", alone
    # Among several, the whole's decline stands (parts would find whichever story shares their words).
    engine.add_article(parse_text("# Bakery opens\n\nA bakery opened in Southtown on Friday, with 12 jobs and a queue "
                                  "round the block for its first loaves.\n", source="bakery.md", fmt="md"))
    assert not engine.ask(asked).answered
