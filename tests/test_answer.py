"""Which sentences become quotes: joined neighbours, paragraph variety, the threshold."""
from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from index.answer import FEATURES, AnswerTuning, ScoredSentence, choose_quotes, sentence_features
from index.engine import GLOBAL
from index.ingest import parse_text
from index.search import Hit, search
from index.store import PassageRow, SentenceRow

from .conftest import make_settings, pinned_engine

PARAGRAPHS = [
    ["The expedition left Montreal in June.", "Langlade was given 300 men for the raid.",
     "They reached the fort after a month."],
    ["The fort had been built two years earlier by traders.", "Its walls were made of oak."],
    ["A second column followed in the autumn of that year.", "It never arrived."],
]
TUNING = AnswerTuning(threshold=0.5, follow=0.8, join=1.0)


def candidates(scores: dict[tuple[int, int], float], confidence: float = 0.9,
               dated: frozenset[tuple[int, int]] = frozenset(),
               paragraphs: list[list[str]] = PARAGRAPHS, between: str = " ") -> list[ScoredSentence]:
    """Sentences of `paragraphs` (keyed by paragraph, sentence) with the given ranking scores;
    those in `dated` hold a date a when-question lacks; `between` what parts a paragraph's sentences."""
    scored = []
    offset = 0
    for number, sentences in enumerate(paragraphs):
        text = between.join(sentences)
        passage = PassageRow(number + 1, "global", "a1", number + 1, offset, offset + len(text), text, "Raid", None)
        hit = Hit(passage, 0.0, 0.5, 1.0, np.zeros(4, np.float32))
        position = offset
        for index, sentence in enumerate(sentences):
            row = SentenceRow(passage.id, position, position + len(sentence), sentence, np.zeros(4, np.float32))
            if (number, index) in scores:
                features = None
                if (number, index) in dated:
                    features = np.zeros(len(FEATURES))
                    features[FEATURES.index("type_date")] = 1.0
                scored.append(ScoredSentence(row, hit, scores[number, index], confidence, features, index))
            position += len(sentence) + len(between)
        offset += len(text) + 2
    return sorted(scored, key=lambda s: -s.score)


def texts(quotes):
    return [" ".join(s.row.text for s in span) for span in quotes]


def test_a_nearly_as_good_neighbour_joins_the_quote_in_article_order():
    quotes = choose_quotes(candidates({(0, 0): 5.0, (0, 1): 4.5, (1, 0): 1.0}), 3, TUNING)
    assert texts(quotes)[0] == "The expedition left Montreal in June. Langlade was given 300 men for the raid."


def test_a_lists_items_are_never_joined_into_one_quote():
    """A stranger got "…23 people who were not allowed to possess them • delivering 36 guns…"."""
    items = [["the sale of guns to 23 people who were not allowed to possess them",
              "delivering 36 guns to customers who acquired them for others"]]
    for between in ("\n• ", "\n- ", "\n2. "):
        quotes = choose_quotes(candidates({(0, 0): 5.0, (0, 1): 4.9}, paragraphs=items, between=between), 3, TUNING)
        assert texts(quotes) == [items[0][0], items[0][1]], between
    # Lines of a paragraph that are no list's items still join.
    quotes = choose_quotes(candidates({(0, 0): 5.0, (0, 1): 4.9}, paragraphs=items, between="\n"), 3, TUNING)
    assert len(quotes) == 1


def test_the_same_sentence_in_another_copy_of_the_story_is_quoted_once():
    # A stranger's answer showed one sentence as [1] and [2], from two copies of a story.
    copies = [["The chip was developed by IBM, Sony and Toshiba."], ["The chip was developed by IBM, Sony and Toshiba."],
              ["Developers expect prototypes in the spring."]]
    quotes = choose_quotes(candidates({(0, 0): 5.0, (1, 0): 5.0, (2, 0): 1.0}, paragraphs=copies), 3, TUNING)
    assert texts(quotes) == ["The chip was developed by IBM, Sony and Toshiba.", "Developers expect prototypes in the spring."]
    # Nor as a neighbour joined to another copy's next sentence, worded otherwise there.
    copies = [["The chip was developed by IBM, Sony and Toshiba.", "It will power the PlayStation."],
              ["The chip was developed by IBM, Sony and Toshiba.", "It will power the next PlayStation, they said."]]
    scores = {(0, 0): 5.0, (1, 0): 5.0, (0, 1): 1.0, (1, 1): 4.5}
    assert texts(choose_quotes(candidates(scores, paragraphs=copies), 3, TUNING))[:2] == [
        "The chip was developed by IBM, Sony and Toshiba.", "It will power the next PlayStation, they said."]


def test_a_disclaimer_is_never_a_quote():
    # Strangers' right answers came with "This article is for general informational purposes…"
    # as their third quote.
    paragraphs = [["Names like Tao and Virtuals have launched decentralized AI models."],
                  ["This article is for general informational purposes and is not intended as investment advice."],
                  ["AI16Z runs on Solana."]]
    quotes = choose_quotes(candidates({(0, 0): 5.0, (1, 0): 4.0, (2, 0): 3.0}, paragraphs=paragraphs), 3, TUNING)
    assert texts(quotes) == ["Names like Tao and Virtuals have launched decentralized AI models.", "AI16Z runs on Solana."]
    # Nor the first: best-scored for "what is vungle?", it answered nothing asked.
    quotes = choose_quotes(candidates({(1, 0): 5.0, (0, 0): 4.0, (2, 0): 3.0}, paragraphs=paragraphs), 3, TUNING)
    assert texts(quotes) == ["Names like Tao and Virtuals have launched decentralized AI models.", "AI16Z runs on Solana."]


def test_a_clearly_weaker_neighbour_stays_out():
    quotes = choose_quotes(candidates({(0, 1): 5.0, (0, 2): 2.0, (1, 0): 1.0}), 1, TUNING)
    assert texts(quotes) == ["Langlade was given 300 men for the raid."]
    single = AnswerTuning(threshold=0.5, join=None)
    assert texts(choose_quotes(candidates({(0, 0): 5.0, (0, 1): 4.9}), 1, single)) == ["The expedition left Montreal in June."]


def test_a_quote_lacking_what_was_asked_takes_in_the_neighbour_that_has_it():
    scores = {(0, 1): 5.0, (0, 0): 1.0, (1, 0): 0.5}  # far apart: no ordinary join
    chosen = "Langlade was given 300 men for the raid."
    joined = "The expedition left Montreal in June. " + chosen
    assert texts(choose_quotes(candidates(scores, dated={(0, 0)}), 1, TUNING)) == [joined]
    assert texts(choose_quotes(candidates(scores), 1, TUNING)) == [chosen]
    # the chosen sentence has a date of its own: nothing to add
    assert texts(choose_quotes(candidates(scores, dated={(0, 0), (0, 1)}), 1, TUNING)) == [chosen]
    assert texts(choose_quotes(candidates(scores, dated={(0, 0)}), 1, replace(TUNING, join_typed=False))) == [chosen]


def test_a_quote_giving_someones_words_takes_in_no_other_speakers_sentence():
    # A stranger's "what did neeson say about the lyric theatre" got 'Lyric chairman David
    # Johnston has said…' joined before Mr Neeson's words, and read the quote as Johnston's.
    speech = [["Lyric chairman David Johnston has said that rebuilding the theatre is the only answer.",
               "Mr Neeson said that the idea was to get a bunch of donors in one room.",
               "The dinner was held in New York."]]
    scores = {(0, 1): 5.0, (0, 0): 4.8, (0, 2): 0.5}  # the chairman's sentence nearly as good

    def neesons(sentence: ScoredSentence) -> bool:
        return "Neeson" in sentence.row.text

    asked = texts(choose_quotes(candidates(scores, paragraphs=speech), 1, TUNING, theirs=neesons))
    assert asked == [speech[0][1]]
    # Any other question, or the rule off: the nearly-as-good neighbour joins as before.
    joined = " ".join(speech[0][:2])
    assert texts(choose_quotes(candidates(scores, paragraphs=speech), 1, TUNING)) == [joined]
    assert texts(choose_quotes(candidates(scores, paragraphs=speech), 1, replace(TUNING, join_one_speaker=False),
                               theirs=neesons)) == [joined]
    # A neighbour naming no speaker, or giving theirs too, still joins.
    plain = [[speech[0][2], speech[0][1]]]
    assert texts(choose_quotes(candidates({(0, 1): 5.0, (0, 0): 4.8}, paragraphs=plain), 1, TUNING,
                               theirs=neesons)) == [" ".join(plain[0])]
    both = [["Mr Neeson said the theatre was dilapidated.", speech[0][1]]]
    assert texts(choose_quotes(candidates({(0, 1): 5.0, (0, 0): 4.8}, paragraphs=both), 1, TUNING,
                               theirs=neesons)) == [" ".join(both[0])]
    # Nor one whose speaker the chosen sentence names another way: "the scotland coach"'s words
    # are Kirwan's, whom the question's reading may not know by name.
    coach = [["Their coach John Kirwan has warned his side about the errors.",
              '"We can\'t make any mistakes," Kirwan said.']]
    assert texts(choose_quotes(candidates({(0, 0): 5.0, (0, 1): 4.8}, paragraphs=coach), 1, TUNING,
                               theirs=lambda s: "coach" in s.row.text)) == [" ".join(coach[0])]
    # A review's finds: another speaker "said he…", someone's spokesman, an opponent the chosen
    # sentence names as the one answered.
    from index.answer import _another_speaker

    for other, chosen in (("Lyric chairman David Johnston said he hoped to rebuild it.", "Mr Neeson said it was old."),
                          ("Mr Howard's spokesman said the figures were wrong.", "Mr Blair said they were right."),
                          ("Michael Howard said the prime minister had lied.", "But Mr Blair said Mr Howard was wrong.")):
        assert _another_speaker(other, chosen, before=True), other
    assert not _another_speaker("Jack Straw, the Foreign Secretary, said talks would go on.",
                                "Mr Straw added that he was hopeful.", before=True)
    # Nor the sentence before naming whom the chosen one's "he" is.
    expert = [["Malcolm Seagrave, security expert at Energis, said most attacks were small.",
               "Bigger attacks were rarely seen, he said."]]
    assert texts(choose_quotes(candidates({(0, 1): 5.0, (0, 0): 4.8}, paragraphs=expert), 1, TUNING,
                               theirs=lambda s: "he said" in s.row.text)) == [" ".join(expert[0])]


def test_a_quote_opening_with_he_or_they_takes_in_the_sentence_saying_who():
    speech = [["Xstrata's chief Mick Davis said the offer was fair.", '"He added: \'While we will review it, we '
               'expect no change.\'"', "Shares rose."], ["WMC's chief said the bid undervalued the firm."]]
    scores = {(0, 1): 5.0, (0, 0): 1.0, (1, 0): 0.5}  # far apart: no ordinary join
    joined = texts(choose_quotes(candidates(scores, paragraphs=speech), 2, TUNING))
    assert joined[0] == " ".join(speech[0][:2])  # whose words these are, not WMC's chief's
    alone = texts(choose_quotes(candidates(scores, paragraphs=speech), 2, replace(TUNING, join_speaker=False)))
    assert alone[0] == speech[0][1]
    # So does one opening with "It": which thing "it" is (a trial's "It has a catalogue of
    # around 60,000 songs." was Wippit's, under a question about Napster's).
    rival = [["Napster costs $15 a month.", "Rival Wippit charges less.", "It has a catalogue of 60,000 songs."]]
    catalogue = texts(choose_quotes(candidates({(0, 2): 5.0, (0, 1): 0.5, (0, 0): 1.0}, paragraphs=rival), 1, TUNING))
    assert catalogue == ["Rival Wippit charges less. It has a catalogue of 60,000 songs."]
    assert texts(choose_quotes(candidates({(0, 2): 5.0, (0, 1): 0.5, (0, 0): 1.0}, paragraphs=rival), 1,
                               replace(TUNING, join_it=False))) == [rival[0][2]]
    # And one opening with "the" and a word standing for what was named before it (a stranger's
    # quote opening "The group is…" never said which group); not "the government", named by
    # nothing before, nor a name opening with "the" ("The Bank of England…": a review's find).
    group = [["Greenpeace met the minister.", "The group is also suing.", "The Bank of England held rates."]]
    for at, joined in ((1, "Greenpeace met the minister. The group is also suing."),
                       (2, "The Bank of England held rates.")):
        scores = {(0, at): 5.0, (0, 0): 0.5 if at == 1 else 1.0, (0, 3 - at): 0.5}
        assert texts(choose_quotes(candidates(scores, paragraphs=group), 1, TUNING)) == [joined]
    # ... nor "Such a move would…", "This is likely…" (strangers' quotes opening so never said
    # what move, what "this" was); "This year…" names its own time.
    for opening, joins in (("The US firm wants a ban.", True), ("The other is Wipro.", True),
                           ("The World Bank said so.", False), ("The group stage starts.", False),
                           ("Such a move would help Maserati.", True), ("This is likely to be a response.", True),
                           ("This year sales fell.", False)):
        story = [["Infosys met the minister.", opening]]
        quote = texts(choose_quotes(candidates({(0, 1): 5.0, (0, 0): 0.5}, paragraphs=story), 1, TUNING))
        assert quote == [" ".join(story[0]) if joins else opening], opening
    assert texts(choose_quotes(candidates({(0, 1): 5.0, (0, 0): 0.5, (0, 2): 0.5}, paragraphs=group), 1,
                               replace(TUNING, join_the=False))) == [group[0][1]]
    # So do words said by "she" ('"…," she said.') and a sentence only saying whose words came
    # before ("Or so says…"): a stranger's "who said 'we are turning the corner'?" got the quote
    # without the minister's name, "what did charles clarke say?" the attribution alone.
    hutt = [["Ms Hutt said long waits had been cut.", '"We are turning the corner on long waits," she said.'],
            ["There is a mortal danger aimed at the heart of Britain.", "Or so says Home Secretary Charles Clarke."]]
    for said in ((0, 1), (1, 1)):
        scores = {said: 5.0, (said[0], 0): 0.5, (1 - said[0], 0): 1.0}  # far apart: no ordinary join
        quote = texts(choose_quotes(candidates(scores, paragraphs=hutt), 1, TUNING))
        assert quote == [" ".join(hutt[said[0]])], said
        assert texts(choose_quotes(candidates(scores, paragraphs=hutt), 1, replace(TUNING, join_said=False))) == [
            hutt[said[0]][1]]
    # So does one beginning inside a quotation opened before it (a stranger read the stray mark
    # of 'abused - and with it Britain's generosity." Earlier this week…' as garbled).
    abused = [['"Our asylum system is being abused.', 'And with it Britain\'s generosity." Earlier this week he spoke.'],
              ["The party spoke of quotas."]]
    scores = {(0, 1): 5.0, (0, 0): 0.5, (1, 0): 1.0}  # far apart: no ordinary join
    assert texts(choose_quotes(candidates(scores, paragraphs=abused), 1, TUNING)) == [" ".join(abused[0])]
    assert texts(choose_quotes(candidates(scores, paragraphs=abused), 1, replace(TUNING, join_quotation=False))) == [
        abused[0][1]]
    # ... and one opening a quotation takes in the rest of it, up to the sentence closing it
    # (strangers read 'But Rinaldi said: "I cannot give you a price…' as a quote cut short);
    # not when another quotation opens first, nor past QUOTATION_REACH sentences.
    opening = 'But Rinaldi said: "I cannot give you a price for him.'
    for rest, joined in ((['It would be negotiated."', "Inter said nothing."], True),
                         (["It would take time.", 'It would be negotiated."'], True),
                         (['"If they want to, fine.', 'It would be negotiated."'], False),
                         (["It would take time.", "Talks go on.", 'It would be negotiated."'], False)):
        said = [["Inter want a fee for the striker.", opening, *rest], ["Talks went on for weeks."]]
        scores = {(0, 1): 5.0, (0, 0): 0.1, (1, 0): 1.0, **{(0, 2 + i): 0.1 for i in range(len(rest))}}
        closed = [opening, *rest[:rest.index(next(r for r in rest if r.endswith('negotiated."'))) + 1]]
        quote = texts(choose_quotes(candidates(scores, paragraphs=said), 1, TUNING))
        assert quote == ([" ".join(closed)] if joined else [opening]), rest
        assert texts(choose_quotes(candidates(scores, paragraphs=said), 1, replace(TUNING, join_quotation=False))) == [
            opening]
    # So does a quotation re-opened at a new sentence, never closed before it (the BBC's way of
    # running one over several: a stranger's quote stopped at '…"I'm not at all German-bashing.').
    reopened = ['Mr Nattrass said: "The EU benefits Germany but not Britain. "I\'m not at all German-bashing.',
                'It\'s the truth."', 'A UKIP spokesman said nothing.']
    said = [["UKIP spoke.", *reopened], ["Talks went on for weeks."]]
    scores = {(0, 1): 5.0, (0, 0): 0.1, (1, 0): 1.0, (0, 2): 0.1, (0, 3): 0.1}
    assert texts(choose_quotes(candidates(scores, paragraphs=said), 1, TUNING)) == [" ".join(reopened[:2])]
    # The first sentence of its paragraph has none before it to take in.
    first = [["They reached the fort after a month.", "It stood empty."]]
    assert texts(choose_quotes(candidates({(0, 0): 5.0, (0, 1): 1.0}, paragraphs=first), 1, TUNING)) == [first[0][0]]


def test_second_opinions_are_shown_however_unsure_but_only_a_likely_one_goes_before_the_lead():
    from index.answer import QuoteSpan, _lead_after

    scored = candidates({(0, 1): 5.0, (1, 0): 3.0, (2, 0): 1.0}, paragraphs=PARAGRAPHS)
    scored = [scored[0], replace(scored[1], known=0.2), replace(scored[2], known=0.1)]
    # The first quote is confident (0.9 against 0.5): the next two follow it, unsure as they are.
    assert texts(choose_quotes(scored, 3, TUNING)) == [
        "Langlade was given 300 men for the raid.", "The fort had been built two years earlier by traders.",
        "A second column followed in the autumn of that year."]
    # With `second_opinions` as high as `follow` (before the fourteenth session): the first alone.
    assert len(choose_quotes(scored, 3, replace(TUNING, second_opinions=0.8))) == 1
    # Asked of one article, the lead (paragraph 1) yields its place only to a likely quote.
    spans = choose_quotes(scored, 3, TUNING)
    assert _lead_after(spans, 0.5 * 0.8) == spans
    likely = [spans[0], QuoteSpan([replace(spans[1][0], known=0.45)], replace(spans[1][0], known=0.45)), spans[2]]
    assert _lead_after(likely, 0.5 * 0.8) == [likely[1], likely[0], likely[2]]


def test_asked_for_someones_words_the_quote_giving_them_comes_first():
    from index.answer import _speaker_first, speaks

    assert speaks("Carpenter said that working with Hill was a joy.", "carpenter")
    assert speaks('"We think it\'s a big injury," said Jose Mourinho, whose team meet Barcelona.', "mourinho")
    assert speaks("Mr Snow's comments may have helped the dollar.", "snow")
    # Their allies' words are not theirs, for which sentence gives theirs first (a stranger's "what
    # has flight said about all this?" got "…Mr Flight's allies saying…" first); their comments and
    # their spokesman's are; whether they say anything at all, any of these counts.
    allies = "The news comes despite Mr Flight's allies saying they had enough support."
    assert speaks(allies, "flight") and not speaks(allies, "flight", owners=False)
    assert speaks("Mr Snow's comments may have helped the dollar.", "snow", owners=False)
    assert speaks("Mr Blair's spokesman said the plan was fine.", "blair", owners=False)
    assert not speaks("Directed by John Carpenter, it made over $60m worldwide.", "carpenter")
    # Whom someone else's verb of saying or thinking is about: no words of theirs (a stranger's "what
    # did laporte say about bringing him back" got "…Sella believes coach Bernard Laporte must recall…").
    assert not speaks("Former centre Philippe Sella believes coach Bernard Laporte must recall him.", "laporte")
    assert not speaks("Wenger believes Vieira will stay.", "vieira")
    assert not speaks("He said Laporte had erred.", "laporte")
    assert speaks('"I am happy," said France coach Bernard Laporte.', "laporte")
    assert speaks("The plan, according to Laporte, is sound.", "laporte")
    # A saying verb far from the name is someone else's.
    assert not speaks("Carpenter cast Hill in the film, and years later the studio said it lost money.",
                      "carpenter")
    film = [["The film opened in 1978.", "Directed by John Carpenter, it made over $60m worldwide."],
            ["Carpenter cast Hill again in 1996.", "He said working with Hill was one of the greatest joys of his life."],
            ["Hill later produced the remake."]]
    scored = candidates({(0, 1): 5.0, (1, 0): 0.1, (1, 1): 4.0, (2, 0): 3.0}, paragraphs=film)
    asked = "what does john carpenter say about her"
    assert texts(choose_quotes(scored, 3, TUNING))[0].startswith("Directed by")
    # "He said…" is his, by the sentence before it in its paragraph (which the quote takes in).
    ordered = _speaker_first(scored, asked, 0.4, lead_read=False)
    assert texts(choose_quotes(ordered, 3, TUNING, best=scored[0].confidence))[0].startswith("Carpenter cast Hill again in 1996. He said")
    # "'…,' she said." right after a sentence opening with the name is hers.
    festival = [["Rock star Patti Smith will direct the festival."],
                ["Smith has yet to decide the line-up.", '"I want every art there," she said.']]
    hers = candidates({(0, 0): 5.0, (1, 0): 0.1, (1, 1): 4.0}, paragraphs=festival)
    assert _speaker_first(hers, "what did patti smith say", 0.4, lead_read=False)[0].row.text.startswith('"I want')
    # ... and so are "The 22-year-old said…" and "…, said the world indoor champion." (not a role's:
    # "the coach said" after a sentence on a player is most often the coach's own words).
    for described, theirs in (("said the world indoor champion", True), ("said the 22-year-old", True),
                              ("said the coach", False), ("said the bank", False)):
        race = [["Jason Gardener won the 60m in Birmingham."],
                ["Gardener clocked 6.56 seconds to equal the record.", f'"I almost went home," {described}.']]
        his = candidates({(0, 0): 5.0, (1, 0): 0.1, (1, 1): 4.0}, paragraphs=race)
        first = _speaker_first(his, "what did gardener say", 0.4, lead_read=False)[0].row.text
        assert first.startswith('"I almost') is theirs, described
    # ... and by nationality ("…," said the American: a stranger's "what did roddick say" was told
    # the story gives Roddick no words), also where the words open the next passage.
    for race in ([["Jason Gardener won the 60m in Birmingham."],
                  ["Gardener clocked 6.56 seconds to equal the record.", '"I almost went home," said the Briton.']],
                 [["Jason Gardener won the 60m in Birmingham."], ["Gardener clocked 6.56 seconds to equal the record."],
                  ['"I almost went home," said the Briton.']]):
        at = (len(race) - 1, len(race[-1]) - 1)
        his = candidates({(0, 0): 5.0, (1, 0): 0.1, at: 4.0}, paragraphs=race)
        assert _speaker_first(his, "what did gardener say", 0.4, lead_read=False)[0].row.text.startswith('"I almost')
    # Not when the sentence before names someone else, whom a nationality tells apart ("…beaten by
    # Safin in Melbourne." then "…," said the Russian: a review's find).
    race = [["Jason Gardener won the 60m in Birmingham."],
            ["Gardener was beaten by Kim Collins in Paris.", '"I almost went home," said the Briton.']]
    his = candidates({(0, 0): 5.0, (1, 0): 0.1, (1, 1): 4.0}, paragraphs=race)
    assert not _speaker_first(his, "what did gardener say", 0.4, lead_read=False)[0].row.text.startswith('"I almost')
    # Nor a he who is someone the sentence names first ("But Kenenisa Bekele's hopes were dashed
    # when he miscounted", after "Dibaba won…": a stranger's "what did dibaba say?" got it first).
    race = [["Tirunesh Dibaba won the 5,000m in Boston."],
            ["Dibaba won in 14 minutes 32.93 seconds.",
             "But compatriot Kenenisa Bekele's record hopes were dashed when he miscounted his laps."]]
    hers = candidates({(0, 0): 5.0, (1, 0): 0.1, (1, 1): 4.0}, paragraphs=race)
    assert not _speaker_first(hers, "what did dibaba say", 0.4, lead_read=False)[0].row.text.startswith("But")
    # ... not whom or what she speaks to or of (a review's finds)
    for speaking in ("Speaking later, she said the record had been her aim all winter.",
                     "Speaking to BBC Radio Five Live, she said the record had been her aim.",
                     "Asked about Bekele's failure, she said the record had been her aim."):
        race[1][1] = speaking
        hers = candidates({(0, 0): 5.0, (1, 0): 0.1, (1, 1): 4.0}, paragraphs=race)
        assert _speaker_first(hers, "what did dibaba say", 0.4, lead_read=False)[0].row.text == speaking
    # Not a body whose name ends as a nationality might ("said the Taliban", "said the Guardian").
    for body in ("the Taliban", "the Guardian"):
        race = [["Jason Gardener won the 60m in Birmingham."],
                ["Gardener clocked 6.56 seconds to equal the record.", f'"We will never go home," said {body}.']]
        his = candidates({(0, 0): 5.0, (1, 0): 0.1, (1, 1): 4.0}, paragraphs=race)
        first = _speaker_first(his, "what did gardener say", 0.4, lead_read=False)[0].row.text
        assert not first.startswith('"We'), body
    # Words about them inside someone else's quotation are not theirs (a stranger's "what did
    # laporte say?" got Sella's words about Laporte first).
    about_him = [['"Laporte was right," said Sella.'],
                 ["Laporte said the side would learn from the defeat."]]
    his = candidates({(0, 0): 5.0, (1, 0): 4.0}, paragraphs=about_him)
    assert _speaker_first(his, "what did laporte say", 0.4, lead_read=False)[0].row.text.startswith("Laporte said")
    # A mistyped name is read as spelling correction reads it.
    typo = "what does john carpentr say about her"
    assert _speaker_first(scored, typo, 0.4, lead_read=False) == scored
    assert _speaker_first(scored, typo, 0.4, lead_read=False, read_as={"carpentr": ("carpenter",)}) == ordered
    # Not for other questions, not for an unlikely sentence, and not for the lead the reader has read.
    assert _speaker_first(scored, "how much did the film make", 0.4, lead_read=False) == scored
    assert _speaker_first(scored, asked, 0.95, lead_read=False) == scored
    lead = candidates({(0, 1): 0.1, (1, 1): 5.0, (0, 0): 0.2}, paragraphs=[film[1], film[0]])
    assert _speaker_first(lead, asked, 0.4, lead_read=True) == lead
    assert _speaker_first(lead, asked, 0.4, lead_read=False)[0].row.text.startswith("He said")
    # Put first, it is quoted however its own confidence compares with the threshold, which the
    # best sentence's decides: an unsure answer is still declined.
    unsure = [replace(s, known=0.45) for s in ordered]
    assert texts(choose_quotes(unsure, 3, TUNING, best=0.9))[0].startswith("Carpenter cast Hill again in 1996. He said")
    assert choose_quotes(unsure, 3, TUNING, best=0.3) == []


def test_a_sentence_that_asks_or_announces_brings_the_next_one_that_answers_it():
    asking = [["Why is this important?", "Open models cut the cost of building on them.",
               "Many teams agree."],
              ["Three projects stand out:", "Tao, Virtuals and Eliza lead the field."]]
    scores = {(0, 0): 5.0, (0, 1): 1.0, (0, 2): 3.0, (1, 0): 4.0, (1, 1): 0.5}
    quotes = texts(choose_quotes(candidates(scores, paragraphs=asking), 2, TUNING))
    assert quotes == ["Why is this important? Open models cut the cost of building on them.",
                      "Three projects stand out: Tao, Virtuals and Eliza lead the field."]
    # A question with nothing after it that only echoes the reader's words is no answer; one
    # that says more is the article's stance, and stays.
    alone = [["Why is this important?"], ["Open models cut the cost of building on them."]]
    echo = candidates({(0, 0): 5.0, (1, 0): 4.0}, paragraphs=alone)
    echo[0] = replace(echo[0], features=np.zeros(len(FEATURES)))  # novelty 0: nothing the question lacks
    assert texts(choose_quotes(echo, 1, TUNING)) == ["Open models cut the cost of building on them."]
    weak = [echo[0], replace(echo[1], known=0.1)]  # what stands in for it must be likely enough
    assert choose_quotes(weak, 1, TUNING) == []
    says_more = np.zeros(len(FEATURES))
    says_more[FEATURES.index("novelty")] = 0.5
    saying = replace(echo[0], features=says_more)
    assert texts(choose_quotes([saying, echo[1]], 1, TUNING)) == ["Why is this important?"]
    plain = [["Why this matters is clear.", "Open models cut the cost of building on them.", "Many teams agree."]]
    assert texts(choose_quotes(candidates({(0, 0): 5.0, (0, 1): 1.0}, paragraphs=plain), 1, TUNING)) == [
        "Why this matters is clear."]


def test_only_adjacent_sentences_are_joined():
    quotes = choose_quotes(candidates({(0, 0): 5.0, (0, 2): 4.9}), 1, TUNING)
    assert texts(quotes) == ["The expedition left Montreal in June."]


def test_the_third_quote_cites_a_paragraph_not_quoted_yet():
    scores = {(0, 0): 9.0, (0, 2): 8.0, (1, 0): 2.0, (2, 0): 1.0}
    quotes = choose_quotes(candidates(scores), 3, AnswerTuning(threshold=0.5, join=None))
    assert [span[0].row.passage_id for span in quotes] == [1, 1, 2]
    assert texts(quotes)[2] == "The fort had been built two years earlier by traders."


def test_no_quote_when_the_best_one_is_below_the_threshold():
    assert choose_quotes(candidates({(0, 0): 5.0}, confidence=0.3), 3, TUNING) == []


def test_a_quotes_confidence_is_its_own_sentences_not_a_joined_neighbours(engine, monkeypatch):
    # A stranger's "what did the council say?" got three quotes all scored 0.4647 and no caution,
    # while `-v` gave the best sentence 0.303: the trees read each sentence as the question's
    # best, so a neighbour joined to the first quote lent it a confidence it never had.
    import index.answer as answer_module

    ordered = candidates({(0, 0): 5.0, (0, 1): 4.5, (1, 0): 1.0})
    ordered = [replace(s, known=known, rank=rank) for rank, (s, known) in enumerate(zip(ordered, (0.6, 0.95, 0.3)))]
    monkeypatch.setattr(answer_module, "score_sentences", lambda *args, **kwargs: ordered)
    tuning = replace(TUNING, unsure_below=0.7, speaker_first=False, unsure_untyped=False)  # its confidence alone
    found = answer_module.answer("Who led the raid?", np.zeros(4, np.float32), [ordered[0].hit], engine.store,
                                 engine.model, tuning=tuning)
    assert [q.text for q in found.quotes][0] == ("The expedition left Montreal in June. "
                                                   "Langlade was given 300 men for the raid.")
    assert found.quotes[0].score == 0.6 and found.confidence == 0.6 and found.unsure
    assert not answer_module.answer("Who led the raid?", np.zeros(4, np.float32), [ordered[0].hit], engine.store,
                                    engine.model, tuning=replace(tuning, unsure_below=0.6)).unsure


def test_only_someones_words_asked_for_their_words_go_first_however_unsure(engine, monkeypatch):
    # A stranger's "what else did Freddy Shepherd say?" got Bellamy's words first: the sentence
    # giving Shepherd's was under the confidence floor that moves a speaker's sentence up.
    import index.answer as answer_module

    engine.add_article(parse_text("# Market\n\nThe fish market reopened on Monday after the storm, and traders "
                                  'were back at their stalls. "We lost a fortnight," said manager Alan Briggs.\n',
                                  source="market.md", fmt="md"))
    paragraphs = [["The market reopened on Monday after a month.", "Traders cheered the mayor."],
                  ['"We lost a fortnight," said manager Alan Briggs.']]
    ordered = candidates({(0, 0): 5.0, (0, 1): 4.0, (1, 0): 1.0}, paragraphs=paragraphs)
    ordered = [replace(s, known=known, rank=rank) for rank, (s, known) in enumerate(zip(ordered, (0.9, 0.5, 0.1)))]
    monkeypatch.setattr(answer_module, "score_sentences", lambda *args, **kwargs: ordered)
    tuning = replace(TUNING, unsure_below=0.95)
    for question in ("what did alan briggs say?", "what else did Alan Briggs say"):
        found = answer_module.answer(question, np.zeros(4, np.float32), [ordered[0].hit], engine.store,
                                     engine.model, tuning=tuning)
        assert "said manager Alan Briggs" in found.quotes[0].text and not found.unsure, question
    # Joined to a better-ranked neighbour, the quote is still the words asked for: its own
    # confidence, no caution (a review found the neighbour's lent to it).
    beside = [["The market reopened on Monday after a month.", '"We lost a fortnight," said manager Alan Briggs.']]
    joined = candidates({(0, 0): 5.0, (0, 1): 1.0}, paragraphs=beside)
    joined = [replace(s, known=known, rank=rank) for rank, (s, known) in enumerate(zip(joined, (0.4, 0.1)))]
    monkeypatch.setattr(answer_module, "score_sentences", lambda *args, **kwargs: joined)
    found = answer_module.answer("what did alan briggs say?", np.zeros(4, np.float32), [joined[0].hit], engine.store,
                                 engine.model, tuning=replace(tuning, join=10.0))
    assert found.quotes[0].text == " ".join(beside[0]) and found.quotes[0].score == 0.1 and not found.unsure
    monkeypatch.setattr(answer_module, "score_sentences", lambda *args, **kwargs: ordered)
    # Asked about something in particular, the ranker's order stands.
    found = answer_module.answer("what did alan briggs say about the mayor?", np.zeros(4, np.float32),
                                 [ordered[0].hit], engine.store, engine.model, tuning=tuning)
    assert found.quotes[0].text.startswith("The market reopened")


def test_words_the_searched_collections_never_use_count_against_the_answer(engine):
    engine.add_article(parse_text("# Raid\n\nLanglade was given 300 men for the raid on the fort. They left "
                                  "Montreal in June and reached the fort after a month of hard travel.\n",
                                  source="raid.md", fmt="md"))
    engine.add_article(parse_text("# Networks\n\nInternet2 retired the Abilene network in 2007. Its new network "
                                  "runs at one hundred gigabits a second between the member universities.\n",
                                  source="net.md", fmt="md"), "guild-1")
    assert engine.store.missing_words(["langlade", "abilene"], [GLOBAL]) == {"abilene"}
    assert engine.store.missing_words(["langlade", "abilene"], [GLOBAL, "guild-1"]) == set()

    question = "When was the Abilene network retired?"
    vector = engine.embedder.embed_query(question)

    def unseen_rarity(collections):
        hits = search(question, vector, store=engine.store, vectors=engine.vectors, collections=collections, k=8)
        return sentence_features(question, vector, hits, engine.store, engine.model, collections=collections).question[2]

    assert unseen_rarity([GLOBAL]) > 0  # the raid article is all this collection has
    assert unseen_rarity([GLOBAL, "guild-1"]) == 0


def test_late_interaction_matches_each_question_word_against_each_sentence(engine):
    engine.add_article(parse_text("# Raid\n\nThe expedition left Montreal in June. Langlade was given 300 men "
                                  "for the raid. They reached the fort after a month.\n", source="raid.md", fmt="md"))
    question = "How many men was Langlade given?"
    vector, tokens = engine.embedder.embed_query_with_tokens(question)
    hits = search(question, vector, store=engine.store, vectors=engine.vectors, collections=[GLOBAL], k=8)
    late = [FEATURES.index(name) for name in ("late_match", "late_weakest", "late_unmatched", "passage_late")]

    found = sentence_features(question, vector, hits, engine.store, engine.model, query_tokens=tokens)
    match = {row.text: features[late] for row, features in zip(found.rows, found.features)}
    langlade, left = match["Langlade was given 300 men for the raid."], match["The expedition left Montreal in June."]
    assert langlade[0] > left[0] and langlade[1] > left[1]  # more of the question's words are there
    assert langlade[2] < left[2]  # and fewer of its words are about something else
    assert langlade[3] == left[3] >= langlade[0]  # the passage holds every sentence's matches

    without = sentence_features(question, vector, hits, engine.store, engine.model)
    assert not without.features[:, late[:2]].any()  # no question tokens, no late evidence


def _with_weights_file(monkeypatch, tmp_path, content: str | None):
    import index.answer as answer_module

    path = tmp_path / "answer_weights.json"
    if content is not None:
        path.write_text(content)
    monkeypatch.setattr(answer_module, "WEIGHTS_FILE", path)
    answer_module._shipped_weights.cache_clear()
    answer_module._shipped_trees.cache_clear()
    return answer_module


def test_a_missing_or_damaged_weights_file_is_a_clear_error_not_hand_set_weights(monkeypatch, tmp_path):
    import json

    import pytest

    import index.answer as answer_module
    from index.errors import WeightsMissing

    shipped = json.loads(answer_module.WEIGHTS_FILE.read_text())
    try:
        for content, reason in ((None, "No such file"), ('{"rank": ', "not valid JSON"),
                                (json.dumps({**shipped, "threshold": None}), "incomplete or damaged"),
                                (json.dumps({"rank": shipped["rank"]}), "incomplete or damaged")):
            _with_weights_file(monkeypatch, tmp_path, content)
            with pytest.raises(WeightsMissing) as raised:
                AnswerTuning()
            assert reason in str(raised.value) and "answer_weights.json" in str(raised.value)
            assert "bench/fit_answer.py" in str(raised.value)
        _with_weights_file(monkeypatch, tmp_path, json.dumps(shipped))
        assert AnswerTuning().threshold == shipped["threshold"]
    finally:
        monkeypatch.undo()
        answer_module._shipped_weights.cache_clear()
        answer_module._shipped_trees.cache_clear()


def test_an_operator_chosen_weights_file_is_used_and_a_bad_one_is_a_clear_error(tmp_path, embedder):
    import json

    import pytest

    from index.engine import Engine
    from index.errors import WeightsMissing

    from .conftest import PINNED_WEIGHTS, make_settings

    pinned = json.loads(PINNED_WEIGHTS.read_text())
    other = {**pinned, "threshold": 0.42}
    (tmp_path / "refit.json").write_text(json.dumps(other))
    with Engine(make_settings(tmp_path, answer_threshold=None, answer_weights=tmp_path / "refit.json"), embedder) as engine:
        assert engine.answer_tuning.threshold == 0.42
        assert engine.answer_tuning.rank_weights == AnswerTuning.from_file(PINNED_WEIGHTS).rank_weights
    with Engine(make_settings(tmp_path, answer_weights=tmp_path / "refit.json"), embedder) as engine:
        assert engine.answer_tuning.threshold == 0.1  # QUOTEBOT_ANSWER_THRESHOLD still wins
    (tmp_path / "broken.json").write_text('{"rank": ')
    with Engine(make_settings(tmp_path, answer_weights=tmp_path / "broken.json"), embedder) as engine:
        with pytest.raises(WeightsMissing, match="broken.json.*not valid JSON"):
            engine.answer_tuning


def test_importing_the_engine_reads_no_weights_file():
    import subprocess
    import sys

    # An audit hook sees every file opened while the modules import: the answer model is read
    # when an engine is made, not when a module is imported.
    code = ("import sys; opened = []\n"
            "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
            "import index.engine, index.evaluate, index.answer\n"
            "print([p for p in opened if p.endswith('answer_weights.json')])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# The features of every candidate sentence, pinned on a small article where each one can be
# worked out by hand (stemmed content words; the hashing embedder's cosines are not pinned).
RAID = ("# Raid\n\nThe expedition left Montreal in June. Langlade was given 300 men for the raid. It worked. "
        "They reached the fort after a month.\n\n"
        "The fort had been built two years earlier by traders. Its walls were made of oak.\n")


def features_of(engine, question: str, article_id: str | None = None) -> dict[str, dict[str, float]]:
    """`article_id`: asked of that article alone, as in the channel discussing it."""
    vector, tokens = engine.embedder.embed_query_with_tokens(question)
    hits = search(question, vector, store=engine.store, vectors=engine.vectors, collections=[GLOBAL], k=8,
                  article_id=article_id)
    found = sentence_features(question, vector, hits, engine.store, engine.model, query_tokens=tokens,
                              one_article=article_id is not None)
    return {row.text: dict(zip(FEATURES, map(float, values))) for row, values in zip(found.rows, found.features)}


def test_each_candidate_is_described_by_the_question_words_it_and_its_neighbours_hold(engine):
    engine.add_article(parse_text(RAID, source="raid.md", fmt="md"))
    # Its content words (langlad, given, men, raid) are all in one sentence; its word pairs
    # (langlad given, given men, men raid) two of three in order there ("300" sits in between).
    found = features_of(engine, "Was Langlade given men for the raid?")
    assert "It worked." not in found  # under min_words: never a quote, still a neighbour
    first, answer, after = (found["The expedition left Montreal in June."],
                            found["Langlade was given 300 men for the raid."],
                            found["They reached the fort after a month."])
    built, walls = found["The fort had been built two years earlier by traders."], found["Its walls were made of oak."]
    assert (answer["coverage"], answer["rare_coverage"], answer["sentence_missing"]) == (1.0, 1.0, 0.0)
    assert answer["phrase"] == 2 / 3
    assert answer["novelty"] == 1 / 5  # "300" is the one word of its five the question lacks
    assert answer["length"] == math.log(6)
    for other in (first, after, built, walls):
        assert (other["coverage"], other["phrase"], other["novelty"]) == (0.0, 0.0, 1.0)
    # Neighbours: the quotable ones before and after it in its paragraph, and for "context"
    # any sentence next to it ("It worked." sits between the answer and the sentence after).
    assert (first["previous_coverage"], first["next_coverage"], first["with_next"], first["context"]) == (0, 1, 1, 1)
    assert (after["previous_coverage"], after["with_previous"], after["next_coverage"], after["context"]) == (1, 1, 0, 0)
    assert (answer["previous_coverage"], answer["next_coverage"], answer["context"]) == (0, 0, 0)
    assert (answer["with_previous"], answer["with_next"]) == (1, 1)
    assert built["next_coverage"] == walls["previous_coverage"] == 0
    # The first paragraph holds every question word, the second only the headline's "raid".
    for sentence in (first, answer, after):
        assert (sentence["passage_coverage"], sentence["passage_rare"], sentence["passage_missing"]) == (1, 1, 0)
        assert sentence["lead"] == 1.0
    for sentence in (built, walls):
        assert 0 < sentence["passage_coverage"] == sentence["with_title"] < 1
        assert sentence["passage_rare"] == 0
        assert 0 < sentence["passage_missing"] == sentence["sentence_missing"] <= 1
        assert sentence["lead"] == 0.5
    assert len({s["article_score"] for s in found.values()}) == 1  # one article


def test_the_kind_of_word_asked_for_counts_only_where_the_question_lacks_it(engine):
    engine.add_article(parse_text(RAID, source="raid.md", fmt="md"))

    def holding(question: str, kind: str) -> set[str]:
        return {text for text, values in features_of(engine, question).items() if values[f"type_{kind}"]}

    numbers = {"Langlade was given 300 men for the raid.", "The fort had been built two years earlier by traders."}
    assert holding("How many men was Langlade given?", "number") == numbers
    # A date is a month, a year, a day or a time relative to another ("two years earlier"); "300
    # men" is a number but says nothing about when.
    dated = {"The expedition left Montreal in June.", "The fort had been built two years earlier by traders."}
    assert holding("When did the expedition leave Montreal?", "date") == dated
    assert holding("When did the expedition leave in June?", "date") == dated - {  # June is asked already
        "The expedition left Montreal in June."}
    # A sentence's first word is capitalised anyway: only "Montreal" and "June" are names here.
    assert holding("Who built the fort?", "name") == {"The expedition left Montreal in June."}
    assert holding("Who built the fort?", "number") == set()  # only the kind asked for counts


MERGER = ("# Merger\n\nThe two oil firms will merge without the disputed unit. The deal should be completed in "
          "the next two to three months, the chairman said. Its value was put at twelve billion dollars. "
          "The match ended 3-0 in front of the board.\n")


def test_a_span_counted_from_now_says_when_and_a_score_is_a_number(engine):
    engine.add_article(parse_text(MERGER, source="merger.md", fmt="md"))

    def holding(question: str, kind: str) -> set[str]:
        return {text for text, values in features_of(engine, question).items() if values[f"type_{kind}"]}

    # "in the next two to three months" answers a when-question; "twelve billion dollars" does not.
    assert holding("When will the merger be completed?", "date") == {
        "The deal should be completed in the next two to three months, the chairman said."}
    # "what was the final score?" asks for a number, as "how many" does.
    assert "The match ended 3-0 in front of the board." in holding("what was the final score?", "number")


def test_asked_of_one_article_the_ranker_sees_which_paragraph_the_reader_has_read(engine):
    # In the channel discussing a story the reader has seen its headline and first paragraph;
    # `lead_in_article` lets the ranker weigh that apart from `lead`, which holds everywhere.
    article = engine.add_article(parse_text(MERGER + "\nThe board met in June.\n", source="merger.md", fmt="md"))
    question = "When will the merger be completed?"
    everywhere, in_article = features_of(engine, question), features_of(engine, question, article.article.id)
    assert {text: values["lead_in_article"] for text, values in everywhere.items()} == dict.fromkeys(everywhere, 0.0)
    assert {text: values["lead_in_article"] for text, values in in_article.items()} == {
        text: values["lead"] for text, values in in_article.items()}
    assert sorted({values["lead"] for values in in_article.values()}) == [0.5, 1.0]  # two paragraphs


TRANSFER = ("# Transfer\n\nThe striker, 26, signed a three-year deal on Friday. Leeds sold 130,000 tickets for the "
            "game. The club paid £4.5m for him, its debt rose 12% and the match lasted almost three hours.\n")


def test_a_question_saying_which_number_it_wants_counts_only_that_kind(engine):
    # "how old is he?" is not answered by any figure, "how much did they pay?" not by a ticket
    # count: the sentence must hold an age, a sum of money, a share or a span of time.
    engine.add_article(parse_text(TRANSFER, source="transfer.md", fmt="md"))

    def holding(question: str) -> set[str]:
        return {text for text, values in features_of(engine, question).items() if values["type_number"]}

    signed = "The striker, 26, signed a three-year deal on Friday."
    tickets = "Leeds sold 130,000 tickets for the game."
    paid = "The club paid £4.5m for him, its debt rose 12% and the match lasted almost three hours."
    assert holding("how many tickets were sold?") == {signed, tickets, paid}  # any figure
    assert holding("how old is the striker?") == {signed}
    assert holding("how much did they pay for him?") == {paid}
    assert holding("how much were the tickets?") == {paid}  # a price, not how many were sold
    assert holding("how much damages does the club want?") == {paid}
    assert holding("what percentage did the debt rise?") == {paid}
    assert holding("how long did the match last?") == {signed, paid}  # "three-year", "three hours"
    # Where the words leave the kind open, any figure still counts.
    for question in ("how many goals did he score?", "how much did sales rise?", "how long is the pitch?",
                     "how much weight did he lose?"):
        assert holding(question) == {signed, tickets, paid}, question
    # "How much more will it cost?" may be answered "twice as much": any figure too.
    assert holding("how much more will the tickets cost?") == {signed, tickets, paid}
    # A figure the question itself gives is no answer to it.
    assert holding("how much did they pay for him on top of the £4.5m?") == set()


def test_a_question_asking_for_several_things_prefers_a_sentence_that_lists_them(engine):
    from index.answer import question_type

    for question in ("what crypto AI projects does it mention?", "which films are getting the most buzz?",
                     "what kinds of gifts can you give a child?", "who else is in the house?"):
        assert question_type(question) == "list", question
    for question in ("what progress has been made?", "what is the main argument?", "who scored?"):
        assert question_type(question) != "list", question
    engine.add_article(parse_text(
        "# Crypto AI\n\nSeveral crypto AI projects are emerging this year. Names like Tao, Virtuals (Base), "
        "AI16Z (Solana) have launched models. The projects, which raised money, want investors.\n",
        source="crypto.md", fmt="md"))
    question = "what crypto AI projects does it mention?"
    listing = {text for text, values in features_of(engine, question).items() if values["type_list"]}
    assert listing == {"Names like Tao, Virtuals (Base), AI16Z (Solana) have launched models."}
    # The sentence the question's words pick takes in the list next to it.
    answer = engine.ask(question)
    assert answer.answered and "Names like Tao, Virtuals (Base), AI16Z" in answer.quotes[0].text


def test_a_passages_sentences_are_read_from_the_store_once_then_from_memory(engine, monkeypatch):
    engine.add_article(parse_text(RAID, source="raid.md", fmt="md"))
    reads = []
    original = engine.store.sentences
    monkeypatch.setattr(engine.store, "sentences",
                        lambda model, passages, *args, **kw: reads.append([p.id for p in passages])
                        or original(model, passages, *args, **kw))
    first = engine.ask("How many men was Langlade given?")
    assert first.answered and len(reads) == 1
    assert engine.ask("How many men was Langlade given?") == first
    assert engine.ask("Who built the fort?").quotes and len(reads) == 1  # the same passages


def test_an_edited_or_removed_article_is_never_quoted_from_memory(engine):
    engine.add_article(parse_text(RAID, source="raid.md", fmt="md"))
    assert "300 men" in engine.ask("How many men was Langlade given?").quotes[0].text
    edited = RAID.replace("Langlade was given 300 men", "Langlade was given 450 men")
    article = engine.add_article(parse_text(edited, source="raid.md", fmt="md")).article  # replaces it
    quotes = engine.ask("How many men was Langlade given?").quotes
    assert "450 men" in quotes[0].text and not any("300 men" in q.text for q in quotes)
    engine.remove(article.id)
    assert not any("300 men" in q.text or "450 men" in q.text for q in engine.ask("How many men was Langlade given?").quotes)


def test_a_tiny_sentence_cache_gives_the_same_answers(tmp_path, embedder, monkeypatch):
    import index.answer as answer_module

    questions = ["How many men was Langlade given?", "Who built the fort?", "When did the expedition leave?",
                 "What were the walls made of?"]
    answers = {}
    for name, limit in (("roomy", answer_module.SENTENCE_CACHE_BYTES), ("tiny", 1)):
        monkeypatch.setattr(answer_module, "SENTENCE_CACHE_BYTES", limit)  # read by an engine's first question
        with pinned_engine(make_settings(tmp_path / name), embedder) as each:
            each.add_article(parse_text(RAID, source="raid.md", fmt="md"))
            answers[name] = [each.ask(q) for q in questions + questions]
            cache = answer_module._sentence_cache(each.store)
            assert cache._size == sum(f.size for f in cache._facts.values()) <= limit
            assert bool(cache._facts) == (name == "roomy")  # nothing fits in one byte
    assert answers["tiny"] == answers["roomy"]
    assert any(a.answered for a in answers["tiny"])


def test_what_only_a_write_changes_is_read_once_a_generation(engine):
    """IDFs and which words the articles hold are kept for the store's generation (in a read
    snapshot, as a question reads them): asked again, no statement; after a write, read again."""
    raid = ("# Raid\n\nLanglade was given 300 men for the raid on the fort. They left Montreal in June and "
            "reached the fort after a month of hard travel.\n")
    raid_id = engine.add_article(parse_text(raid, source="raid.md", fmt="md")).article.id
    store = engine.store
    statements: list[str] = []
    store.db.set_trace_callback(statements.append)
    try:
        for _ in range(2):
            with store.snapshot():
                assert store.missing_words(["langlade", "abilene"], [GLOBAL]) == {"abilene"}
                before = store.idf(["langlad", "abilen"])
                assert store.max_idf() == math.log(1 + (1 + 0.5) / 0.5)
                assert store.article_info(GLOBAL, raid_id).title == "Raid"
                rows = store.article_passages(GLOBAL, raid_id)
                assert [r.text for r in store.passages([rows[0].id, 10**9]).values()] == [rows[0].text]
        assert sum(s.startswith("SELECT 1 FROM passage_fts") for s in statements) == 2  # once a word
        assert sum(s.startswith("SELECT term, doc FROM passage_vocab") for s in statements) == 1
        assert sum(s.startswith("SELECT id FROM passages WHERE collection") for s in statements) == 1
        assert sum(s.startswith("SELECT a.id, a.collection") for s in statements) == 1
        # The article's rows once; 10**9, which no passage has, each time.
        assert sum(s.startswith("SELECT p.id, p.collection") for s in statements) == 3
        engine.add_article(parse_text(raid.replace("Raid", "Network").replace("Langlade", "Abilene"),
                                      source="net.md", fmt="md"))
        with store.snapshot():
            assert store.missing_words(["langlade", "abilene"], [GLOBAL]) == set()
            assert store.idf(["langlad", "abilen"])["abilen"] < before["abilen"]
            assert store.max_idf() == math.log(1 + (2 + 0.5) / 0.5)
    finally:
        store.db.set_trace_callback(None)


def test_confidence_read_in_any_order_is_the_trees_verdict_on_every_candidate(engine):
    """Only the candidates a quote needs are walked through the trees, the best few first: the
    confidence shown must be the one all of them walked together give, whichever is read first."""
    from index.answer import confidence, confidence_inputs, score_sentences

    for number in range(6):
        engine.add_article(parse_text(
            f"# Raid {number}\n\n" + "\n\n".join(" ".join(p) for p in PARAGRAPHS) + f"\n\nColumn {number} left in May.\n",
            source=f"raid{number}.md", fmt="md"))
    question = "How many men was Langlade given?"
    vector, tokens = engine.embedder.embed_query_with_tokens(question)
    hits = search(question, vector, store=engine.store, vectors=engine.vectors, collections=[GLOBAL], k=8)
    tuning = AnswerTuning()
    found = sentence_features(question, vector, hits, engine.store, engine.model, tuning, query_tokens=tokens)
    scores = found.features @ np.asarray(tuning.rank_weights, dtype=np.float64)
    together = sorted(confidence(confidence_inputs(found, scores), tuning).tolist(), reverse=True)
    assert len(together) > 8  # more candidates than the first walk takes

    for read_first in (0, len(together) - 1):
        scored = score_sentences(question, vector, hits, engine.store, engine.model, tuning, query_tokens=tokens)
        first = scored[read_first].confidence
        assert sorted([s.confidence for s in scored], reverse=True) == together
        assert first == scored[read_first].confidence


def test_a_later_quote_from_another_story_needs_one_of_the_questions_rarest_words():
    # "how old is dougray scott?": the actor's story first, then a rugby story's "The 31-year-old
    # former Dublin milkman", which shares only the question's everyday words, was quoted third.
    scored = candidates({(0, 1): 5.0, (1, 0): 2.0})

    def elsewhere(article: str, text: str, score: float, rare: float) -> ScoredSentence:
        passage = PassageRow(hash(article) % 1000 + 10, "global", article, 1, 0, len(text), text, "Other", None)
        features = np.zeros(len(FEATURES))
        features[FEATURES.index("passage_rare")] = rare
        row = SentenceRow(passage.id, 0, len(text), text, np.zeros(4, np.float32))
        return ScoredSentence(row, Hit(passage, 0.0, 0.5, 1.0, np.zeros(4, np.float32)), score, 0.9, features, 0)

    everyday = elsewhere("b2", "The 31-year-old former Dublin milkman was given the captaincy.", 4.0, 0.0)
    naming = elsewhere("c3", "Langlade later led a raid of his own in the west.", 3.0, 0.5)
    scored = sorted([*scored, everyday, naming], key=lambda s: -s.score)
    quotes = texts(choose_quotes(scored, 3, TUNING))
    assert quotes[0] == "Langlade was given 300 men for the raid."
    assert everyday.row.text not in quotes and naming.row.text in quotes
    # Without the rule it was the second quote.
    assert texts(choose_quotes(scored, 3, replace(TUNING, other_articles_rare=False)))[1] == everyday.row.text
    # The first quote itself is whatever scores best, from whichever story.
    assert texts(choose_quotes(sorted(scored, key=lambda s: s is not everyday), 3, TUNING))[0] == everyday.row.text


def test_what_counts_as_a_score():
    """A review's finds: ranges of figures, days and models are no scores; a line of scorers is
    one only as the whole sentence, its minutes rising; "what's the score with X?" asks no score."""
    from index.answer import _scores, asked_unit

    for text in ("Chelsea won 2-1 at home.", "They drew 1-1.", "a 102-95 win", "a goalless draw",
                 "Bramble 35 og, Mellor 38, Baros 61.", "Henry 2, 29.", "She lost to Williams 1-6,4-6.",
                 "Goals: Bowyer 35, Dyer 69.", "They beat Lyon 3-1 Marseille said."):
        assert _scores(text), text
    for text in ("The championships take place on 5-6 March.", "Prices rose 10-15% this year.",
                 "Between 1,050-1,125 jobs will go.", "Growth of 0.7-0.8% is expected.",
                 "It ordered the ATR 72-500 and the 737-800.", "PlayStation 3, Xbox 2", "the 2004-05 season",
                 "He sold Windows 95, Office 97 and more to them.", "Windows 95."):
        assert not _scores(text), text
    assert asked_unit("what was the final score?") == asked_unit("whats the score") == "score"
    for question in ("what's the score with the smoking ban?", "what is the score on ID cards?"):
        assert asked_unit(question) != "score", question
    for question in ("what was the score on sunday?", "what was the score on aggregate?",
                     "what was the score with ten minutes left?"):
        assert asked_unit(question) == "score", question
    # A sum asked of what someone made, raised or lost (a stranger's "how much did he make from
    # selling the shares" was quoted a story giving no sum); not a difference made, or weight lost.
    for question in ("how much did he make from selling the shares", "how much will the sale raise?",
                     "how much did the film make?"):
        assert asked_unit(question) == "money", question
    for question in ("how much difference did it make", "how much weight did he lose", "how much did shares fall",
                     "how much did the ftse gain?", "how much did labour lose?"):
        assert asked_unit(question) != "money", question
    # Asked as a number too, not only as a score: "what's the score with…" is no number question.
    from index.answer import question_type
    assert question_type("whats the score with the smoking ban?") != "number"


def test_how_long_asks_a_length_of_time_only_of_something_lasting():
    """"how long is she banned / is the ban?" asks how long it lasts; "how long is the bridge?" a length."""
    from index.answer import asked_unit

    for question in ("how long is she banned for?", "how long was he jailed", "how long is the ban?",
                     "how long is the bridge closed?", "how long will the ban last?", "how long's the ban?",
                     "how long's she banned for?", "how long is his jail term?", "how long is he banned for doping?",
                     "how long is wenger banned from the touchline?", "how long was the flight delayed by?"):
        assert asked_unit(question) == "duration", question
    for question in ("how long is the bridge?", "how long is the runway at heathrow?", "how long is the red carpet",
                     "how long is the planned tunnel?", "how long is the new bed?", "how long is the queue for the shed",
                     "how long is the report for?"):
        assert asked_unit(question) != "duration", question
