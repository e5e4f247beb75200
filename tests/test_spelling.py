"""Question words meeting the index's words: typos, acronyms, and what must stay unseen. Real
SQLite store, fake embedder."""
from __future__ import annotations

from dataclasses import replace

import pytest

from index.engine import GLOBAL
from index.ingest import parse_text
from index.models import Discussion
from index import spelling
from index.spelling import Speller, names_by_initials, question_words

from .conftest import make_settings, pinned_engine

ARTICLE = """# Gazprom and Rosneft merger goes ahead without Yugansk
The merger of Gazprom and Rosneft is to go ahead, but will not include Yugansk, the chief
executive said. The Washington-based Economic Policy Institute called the deal controversial.
The Securities and Exchange Commission (SEC) declined to comment on the government's plans.
"""


def _add(engine, text=ARTICLE):
    _added(engine, text)


def _added(engine, text: str) -> str:
    """The id of the article `text` was indexed as."""
    return engine.add_article(parse_text(text, source=f"{hash(text)}.md", fmt="md"), GLOBAL).article.id


def test_typos_are_read_as_the_index_words_they_miss_by_a_letter(engine):
    _add(engine)
    words = question_words("Is the Gazprmo deal controveersial? What did the goverment say?", engine.store)
    assert words.read_as == {"gazprmo": ("gazprom",), "controveersial": ("controversial",),
                             "goverment": ("government",)}


def test_question_words_are_stemmed_as_the_index_stems_them(engine):
    """A question's "technology" was stemmed "technologi" where FTS5 indexes "technolog": looked up
    as a term no passage holds (the highest IDF), and "tecnology" could not be corrected to it."""
    from index.store.terms import fts5_terms_many
    from index.text import stems, terms

    sample = ["technology", "technologies", "possibly", "incredibly", "trekking", "is", "as", "pelé", "café",
              "_compute", "x" * 70 + "ability", "government", "running", "3.5"]
    indexed = fts5_terms_many(sample)
    assert stems(sample) == [exact[0] if len(exact) == 1 else word for word, exact in zip(sample, indexed)]
    assert terms("Technology possibly") == ["technolog", "possibl"]
    _add(engine, "# Chips\nThe technology firm said its new chips would ship next year to customers across Europe "
                 "and Asia, its chief executive said.\n")
    assert question_words("what new tecnology is it?", engine.store).read_as == {"tecnology": ("technology",)}


def test_a_slip_of_a_very_common_word_no_article_holds_is_read_as_it(engine):
    """A stranger's "does he adress censorship concerns?" was told no article mentions “adress”
    above the right quote; spelt right, no caution. Two letters swapped or a double letter typed
    once are read as a very common word, when one is; other slips, and words as near a rarer
    one, may be names ("nadal" is a letter from "naval", "gerrard" from "gerard")."""
    from index.answer import names_nowhere

    _add(engine, "# Censors\nThe state media will censor the new chatbot's answers, the regulator said on Monday "
                 "after the launch in Beijing.\n")
    words = question_words("does he adress censorship? is it a peice of news?", engine.store)
    assert words.read_as == {"adress": ("address",), "peice": ("piece",)}
    assert names_nowhere("does he adress censorship?", engine.store, [GLOBAL]) == []
    # ... and a double letter typed on the wrong consonant ("dissapear": a stranger's "why did growth
    # in japan just dissapear?" was declined as naming what no article mentions).
    assert question_words("did censorship dissapear?", engine.store).read_as == {"dissapear": ("disappear",)}
    assert names_nowhere("did censorship dissapear?", engine.store, [GLOBAL]) == []
    for question, name in (("is gerrard against censorship?", "gerrard"),  # "gerard" is rarer than the bar
                           ("what did holliday say about censorship?", "holliday"),  # a name where one stands
                           ("is the Holliday report on censorship out?", "holliday"),  # capitalised
                           ("will marnie fight censorship?", "marnie")):  # a name's letters swapped ("marine")
        assert question_words(question, engine.store).read_as == {}, question
        assert names_nowhere(question, engine.store, [GLOBAL]) == [name], question
    # ... nor another language's function word ("hatte" is no "hate": a review's find).
    assert engine.ask("Hatte Sony Gewinn?").other_language


def test_real_words_and_unknown_names_are_left_alone(engine):
    _add(engine)
    # "pipeline" is English though no article uses it; "Zyxwvut" is two edits from nothing.
    words = question_words("Will the pipeline reach Zyxwvut?", engine.store)
    assert words.read_as == {} and words.extra == ()


def test_a_british_or_american_spelling_finds_the_other_the_articles_use(engine):
    """A stranger's "why are ppl worried about ai being centralised" was told no article
    mentions "centralised": the launch article writes "centralized"."""
    _add(engine, "# Power in AI\nThe industry is centralized in a few firms, critics say. The colour of the "
                 "logo is red. Centralization has a cost.\n")
    words = question_words("Why is the industry so centralised? What color is the logo?", engine.store)
    assert words.read_as == {"centralised": ("centralized",), "color": ("colour",)}
    answer = engine.ask("why is ai so centralised?")
    assert answer.answered and answer.unknown == () and "centralized" in answer.quotes[0].text
    # The regular -is-/-iz- pairs the lists miss too ("centralisation").
    assert question_words("is centralisation bad?", engine.store).read_as == {"centralisation": ("centralization",)}
    # Either spelling the articles use themselves is read as typed.
    assert question_words("Is it centralized?", engine.store).read_as == {}


def test_an_acronym_reads_as_the_name_the_articles_spell_out_and_the_other_way_round(engine):
    _add(engine)
    words = question_words("What does the EPI think?", engine.store)
    assert words.read_as == {"epi": ("economic", "policy", "institute")}
    assert question_words("What did the Securities and Exchange Commission do?", engine.store).extra == ("sec",)



def test_two_capitals_spelled_out_as_no_bodys_name_name_no_other_story(engine):
    """A stranger's "what does BT think about this?" of a story on free net calls was read as
    another story's "Bushtucker Trial", and declined as never mentioning "bushtucker"; "BA" of
    the articles' "British Airways" is still read so (a review's find)."""
    _add(engine, "# Jungle show\nThe actress walked out before her fifth so-called Bushtucker Trial. The Football "
                 "Association fined the club for the second time this season, the league said.\n")
    _add(engine, "# Airline cuts\nBritish Airways is to cut 600 jobs at its London offices, the airline said on "
                 "Monday, as fuel costs rise.\n")
    calls = engine.add_article(parse_text("# Hotspot users gain free net calls\nWireless provider Broadreach and "
                                          "Skype are rolling out a service at 350 hotspots around the UK this week.\n",
                                          source="calls.md", fmt="md")).article.id
    assert question_words("what did the FA say?", engine.store).read_as == {"fa": ("football", "association")}
    assert question_words("what did BA say?", engine.store).read_as == {"ba": ("british", "airways")}
    guess = question_words("what does BT think about this?", engine.store)
    assert guess.read_as == {"bt": ("bushtucker", "trial")} and guess.guessed == ("bushtucker", "trial")
    answer = engine.ask("what does BT think about this?", context=Discussion(calls, chosen=True))
    assert "bushtucker" not in (answer.message or "").casefold() and not answer.elsewhere


def test_chats_lowercase_acronym_reads_as_the_name_the_articles_spell_out(engine):
    """A stranger's "what does the sec say about crypto" was declined while "SEC" was answered."""
    _add(engine)
    assert question_words("what does the epi think?", engine.store).read_as == {"epi": ("economic", "policy", "institute")}
    # Chat's shorthand and English words stay as typed ("sec" only after "the").
    assert question_words("tbh what did the institute say", engine.store).read_as == {}
    assert question_words("wait a sec", engine.store).read_as == {}


def test_a_short_word_missing_a_doubled_letter_is_the_word_not_initials(engine):
    """A stranger's "what is the gambling bil even" was read as the initials of another story's
    British and Irish Lions, and the question moved there."""
    _add(engine, "# Gambling\nThe Gambling Bill was debated by MPs on Monday, and ministers said the bill would "
                 "protect children from the harm that large casinos could do.\n")
    _add(engine, "# Tour\nThe British and Irish Lions will tour New Zealand next summer, their coach said on "
                 "Tuesday after the squad was named in London.\n")
    assert question_words("what is the gambling bil even", engine.store).read_as == {"bil": ("bill",)}
    assert engine.ask("what is the gambling bil even?").quotes[0].title == "Gambling"
    # A vowel doubled is no such reading: "sed" is chat's "said", not "seed".
    _add(engine, "# Seed bank\nThe seed bank in the hills stores seed from every farm in the valley, the minister "
                 "said on Friday after a visit with the farmers and their families.\n")
    assert "sed" not in question_words("what did the minister sed", engine.store).read_as


def test_a_short_typo_is_the_word_the_articles_write_beside_the_next_or_last_word(engine):
    """A stranger's "what did cherie say about guantanamo bey" was told no article mentions
    "bey", of a story saying "Guantanamo Bay"."""
    _add(engine, "# Speech\nCherie Blair said the ruling on the Britons held at Guantanamo Bay was a victory for the "
                 "rule of law, in a speech to law students in Massachusetts.\n")
    _add(engine, "# Bets\nThe bookmakers said a bet on the favourite was the best value of the week, and the odds "
                 "would shorten before the race.\n")
    assert question_words("what did cherie say about guantanamo bey", engine.store).read_as == {"bey": ("bay",)}
    answer = engine.ask("what did cherie say about guantanamo bey")
    assert answer.quotes[0].title == "Speech" and "bey" not in (answer.message or "")
    # With no phrase of the articles beside it, a three-letter word stays as typed: "bey" is one
    # letter from "bay", "bet" and "key" alike.
    assert "bey" not in question_words("what is a bey", engine.store).read_as
    assert "bey" not in question_words("what did the bey say", engine.store).read_as
    # Nor an everyday word: "bat" of "guantanamo bat" is a word in its own right.
    assert "bat" not in question_words("what about guantanamo bat", engine.store).read_as


def test_an_emoji_in_an_article_breaks_no_question(engine):
    """A new user's index holding an article with "🤷" in its text made every question with a
    typo or in another language end in a traceback (FTS5 keeps the emoji as a term of its own)."""
    _add(engine, "# Launch day\nThe rocket 🤷 lifted off from the coast on Friday morning, and the crew said the "
                 "flight had gone to plan after a delay of two days.\n")
    assert engine.ask("when did the rokcet lift off").quotes[0].title == "Launch day"
    foreign = engine.ask("¿Cuándo despegó el cohete?")
    assert foreign.other_language or "English" in (foreign.message or ""), foreign
    engine.ask("what about 🤷")  # a question of the emoji alone is read too


def test_chats_clipped_words_read_as_the_words_the_articles_write(engine):
    """Strangers' "how did downing st respond" was declined, and "man utd" named as a word no
    article mentions."""
    _add(engine, "# Reply\nDowning Street said the report was fair and balanced, and Manchester United agreed "
                 "with it this year, their manager told reporters after the game.\n")
    assert question_words("how did downing st respond to man utd this yr", engine.store).read_as == {
        "st": ("street",), "utd": ("united",), "yr": ("year",)}
    # Where the articles write the clipping themselves, it stays as typed.
    _add(engine, "# Saints\nSt Albans won the county cup on Saturday, beating their rivals by two goals to one in "
                 "front of a large home crowd.\n")
    assert "st" not in question_words("did st albans win", engine.store).read_as
    # "devs" of a story writing "developers" (a stranger was told no article mentions "devs").
    _add(engine, "# Tools\nDevelopers will agree that the new tools save them a lot of time, the survey of software firms "
                 "found this spring.\n")
    assert question_words("what should devs do", engine.store).read_as == {"devs": ("developers",)}
    # "how many execs were arrested" of a story writing "executives": a stranger was told no
    # article mentions "execs" above the answer.
    _add(engine, "# Arrests\nThree executives of the dairy firm were arrested on Monday, the police said after "
                 "the raid on its offices.\n")
    assert question_words("how many execs were arrested", engine.store).read_as == {"execs": ("executives",)}


def test_a_mistyped_name_still_finds_its_article_and_is_answered(engine):
    _add(engine)
    _add(engine, "# Bakery news\nThe family bakery on Mill Street won the national bread prize for its "
                 "sourdough loaf. The jury praised the crust and the long fermentation of eighteen hours.\n")
    answer = engine.ask("Will the Gazprmo merger include Yugansk?")
    assert answer.answered
    assert "will not include Yugansk" in answer.quotes[0].text


def test_the_model_reads_the_question_with_its_typos_corrected_and_nothing_else_changed(engine):
    from index.spelling import as_read

    _add(engine)
    assert (as_read("Is the Gazprmo deal controveersial? What did the EPI say?", engine.store)
            == "Is the Gazprom deal controversial? What did the EPI say?")  # an acronym stays as typed
    assert as_read("Will the pipeline reach Zyxwvut?", engine.store) == "Will the pipeline reach Zyxwvut?"


def test_a_name_misspelt_into_its_own_stem_is_read_by_the_model_as_written(engine):
    """A stranger's "radcliff extra time, why" was declined at 0.16 (0.61 spelt right): the index
    matches "radcliff" by its stem, so nothing corrected it, and the model read "rad ##cliff"."""
    from index.spelling import as_read

    _add(engine, "# Radcliffe yet to answer GB call\nPaula Radcliffe has been granted extra time to decide whether "
                 "to compete in the World Cross-Country Championships. Radcliffe must decide by Tuesday.\n")
    assert as_read("radcliff extra time, why", engine.store) == "radcliffe extra time, why"
    assert as_read("Radcliff extra time?", engine.store) == "Radcliffe extra time?"
    # Written as typed, an English word, or the plural of the written form: as typed.
    assert as_read("radcliffe extra time, why", engine.store) == "radcliffe extra time, why"
    assert as_read("the radcliffes", engine.store) == "the radcliffes"
    assert as_read("did she decide?", engine.store) == "did she decide?"
    # Once any article writes it as typed, it is that article's word (a review's find).
    _add(engine, "# Storm damage\nA tornado hit the small Kentucky town of Radcliff on Sunday, and the "
                 "town's mayor said dozens of homes had lost their roofs in the storm.\n")
    assert as_read("what happened in radcliff?", engine.store) == "what happened in radcliff?"


def test_ask_embeds_the_corrected_question(engine, monkeypatch):
    _add(engine)
    read: list[str] = []
    embed = engine.embedder.embed_query_with_tokens
    monkeypatch.setattr(engine.embedder, "embed_query_with_tokens", lambda text: read.append(text) or embed(text))
    typed = engine.ask("Will the Gazprmo merger include Yugansk?")
    spelled = engine.ask("Will the Gazprom merger include Yugansk?")
    assert read == ["Will the Gazprom merger include Yugansk?"] * 2
    assert typed.quotes == spelled.quotes


def test_ties_go_to_the_commoner_word_with_the_same_first_letter():
    speller = Speller({"warn": 3, "want": 5, "govern": 2, "over": 40})
    assert speller.correct(["goverment"])["goverment"].search == "government"
    assert set(speller.correct(["pipeline"])) == set()


def test_names_by_initials_takes_every_stretch_of_a_capitalised_run():
    names = names_by_initials(["The Washington-based Economic Policy Institute said so.",
                               "The European Central Bank raised rates."])
    assert names["epi"] == "Economic Policy Institute"
    assert names["ecb"] == "European Central Bank"


def test_a_typo_is_read_anew_once_the_articles_change(engine):
    _add(engine, "# Bakery news\nThe family bakery on Mill Street won the national bread prize for its "
                 "sourdough loaf. The jury praised the crust and the long fermentation of eighteen hours.\n")
    question = "Did Gazprmo merge with Rosneft?"
    assert question_words(question, engine.store).read_as == {}  # no article has a word near it
    _add(engine)
    assert question_words(question, engine.store).read_as == {"gazprmo": ("gazprom",)}


def test_two_indexes_in_one_process_each_keep_their_own_speller(tmp_path, embedder, monkeypatch):
    """A process with two stores (a benchmark or an evaluation with variants side by side) built
    the speller and the name tables again at every turn between them (7 ms a question on the
    launch article, as much as the rest of a question's work): each store keeps its own."""

    built = []
    monkeypatch.setattr(spelling.Speller, "__init__", lambda self, vocabulary, _init=spelling.Speller.__init__: (
        built.append(vocabulary), _init(self, vocabulary))[1])
    with pinned_engine(make_settings(tmp_path / "one"), embedder) as one, \
            pinned_engine(make_settings(tmp_path / "two"), embedder) as two:
        _add(one)
        _add(two, WHITE_PAPER)
        for _ in range(3):
            assert question_words("Is the Gazprmo deal controveersial?", one.store).read_as == {
                "gazprmo": ("gazprom",), "controveersial": ("controversial",)}
            assert question_words("who signed it with a pseudonymm?", two.store).read_as == {
                "pseudonymm": ("pseudonym",)}
        assert len(built) == 2


WHITE_PAPER = """# Bitcoin at sixteen
The Bitcoin White Paper described a peer-to-peer electronic cash system without any bank. Its
author signed it with a pseudonym. Deep reforms were promised, and investors seek certainty.
"""


def test_a_word_written_as_one_finds_the_two_the_article_writes_apart(engine):
    from index.spelling import as_read

    _add(engine, WHITE_PAPER)
    assert question_words("what did the whitepaper describe?", engine.store).read_as == {"whitepaper": ("white", "paper")}
    assert as_read("what did the whitepaper describe?", engine.store) == "what did the white paper describe?"
    answer = engine.ask("what did the whitepaper describe?")
    assert answer.answered and "peer-to-peer electronic cash" in answer.quotes[0].text
    # "deep" and "seek" are both there, never together: a name the article lacks stays unseen.
    assert question_words("who founded deepseek?", engine.store).read_as == {}


def test_a_name_typed_as_it_sounds_is_the_name_the_article_writes(engine):
    """Strangers typed the launch article's "Howie Test" as the real Howey Test is spelt, and were
    told to check their spelling."""
    from index.spelling import as_read

    _add(engine, "# Crypto and the law\nDecentralisation directly opposes the Securities and Exchange Commission's "
                 "Howie Test. This defines investment contracts as relying on the efforts of others.\n")
    assert as_read("whats the howey test", engine.store) == "whats the howie test"  # as written, not "howi"
    answer = engine.ask("whats the howey test")
    assert "howey" not in answer.unknown and "Howie Test" in answer.quotes[0].text
    # Two letters off and sounding otherwise is no such name ("hovel" is not "howie"), nor is an
    # English word, nor one with other consonants (a review found "who is kanye?" answered from a
    # story on Kenya, "what did sunak say?" with a snake, "who is elon?" with Ellen Simonetti).
    assert "hovey" in engine.ask("whats the hovey test").unknown
    _add(engine, "# Snake and muggers\nAn MP was attacked by muggers in Kenya, and a snake was found in the "
                 "luggage of Ellen Simonetti on her flight home, the airline said on Friday.\n")
    for question, name in (("who is kanye?", "kanye"), ("what did sunak say?", "sunak"), ("who is elon?", "elon")):
        assert name in engine.ask(question).unknown, question
    # A word one edit nearer that another story holds ("Howe") makes no phrase with "test": the
    # phrase the articles write decides (a stranger's was declined, read as "howe test").
    _add(engine, "# Howe remembered\nThe former chancellor Geoffrey Howe was remembered on Monday by colleagues "
                 "who served with him in the cabinet for many years.\n")
    assert as_read("whats the howey test", engine.store) == "whats the howie test"
    assert as_read("what did howey say", engine.store) == "what did howe say"  # no phrase to decide: the nearest


def test_an_o_name_typed_as_one_word_is_the_name_the_article_writes(engine):
    """A stranger's four questions about "johnny oconner" were each told no article mentions
    "oconner", of a story about Johnny O'Connor."""
    from index.spelling import as_read

    _add(engine, "# Flanker gets his chance\nJohnny O'Connor will make his debut for Ireland on Saturday. "
                 "O'Connor, who turned 25 on Wednesday, replaces Denis Leamy.\n")
    for typed in ("oconnor", "oconner"):
        assert question_words(f"how old is johnny {typed}?", engine.store).read_as == {typed: ("o", "connor")}
        answer = engine.ask(f"how old is {typed}?")
        assert typed not in answer.unknown and "turned 25" in answer.quotes[0].text
    assert as_read("when does oconner play?", engine.store) == "when does o connor play?"
    # No O' name of the articles is one edit away: a word no article mentions.
    assert "obrien" in engine.ask("how old is obrien?").unknown


PARTIES = """# Parties set out their immigration plans
The Liberal Democrats have called for a Europe-wide policy on immigration. The National Health
Service would need more staff, the International Monetary Fund warned in its yearly review.
Labour said the plans of the Conservatives would not work. Former England captain Andrew
Howard backed them, and the Grand Slam winners agreed. Analyst Bill Thompson said pay would rise.
"""


def test_a_club_asked_by_name_speaks_by_its_nickname(engine):
    # "what did tottenham say?" of a story calling the club "Spurs" throughout was told it gives
    # Tottenham no words.
    _add(engine, "# Jol stays\nSpurs said on Friday that Martin Jol would stay as their coach next season, whatever "
                 "the offers from Ajax.\n")
    story = next(info.id for info in engine.articles() if info.title == "Jol stays")
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)
    answer = engine.ask("what did tottenham say?", article_id=story)
    assert answer.missing is None and answer.answered and "Spurs said" in answer.quotes[0].text
    # ... and no word of it is one no article mentions (asked of the story, that was declined).
    assert answer.unknown == ()


def test_a_clubs_nickname_finds_the_story_naming_the_club(engine):
    # A stranger's "what was the score spurs v forest" was told the story never mentions "spurs".
    _add(engine, "# Jol hails Cup win\nTottenham beat Nottingham Forest 3-0 in the FA Cup on Saturday, with Robbie "
                 "Keane scoring the second goal.\n")
    _add(engine, "# Spurs sign a keeper\nSpurs have signed a young goalkeeper from Ajax on a four-year deal, the club "
                 "said on Friday.\n")
    story = next(info.id for info in engine.articles() if info.title == "Jol hails Cup win")
    engine.answer_tuning = replace(engine.answer_tuning, threshold=0.0)  # the fake embedder's scores are no test
    answer = engine.ask("what was the score spurs v forest", context=Discussion(story, chosen=True))
    # Asked of the Tottenham story, not moved to the one writing "Spurs".
    assert answer.answered and answer.quotes[0].article_id == story and "3-0" in answer.quotes[0].text
    assert answer.elsewhere == () and answer.moved_from is None


def test_chat_clips_names(engine):
    from index.spelling import as_read

    _add(engine, PARTIES)
    assert question_words("what do the lib dems want", engine.store).read_as == {"lib": ("liberal",),
                                                                                 "dems": ("democrats",)}
    assert as_read("what do the lib dems want", engine.store) == "what do the liberal democrats want"
    answer = engine.ask("what do the lib dems want?")
    assert answer.answered and "Europe-wide policy" in answer.quotes[0].text
    # Where another article writes the clipped form itself, the name's words are searched besides.
    _add(engine, "# Vote\nThe Lib Dems won two seats in the county, and their leader thanked the voters who "
                 "turned out in the rain on Thursday.\n")
    found = question_words("what do the lib dems want", engine.store)
    assert found.read_as == {} and found.extra == ("liberal", "democrats")
    # Everyday words that happen to begin a name's words clip nothing, and chat's shorthand is not
    # read as the initials of whatever the articles capitalise ("abt": Analyst Bill Thompson).
    for question in ("how many caps did he win for england?", "and how many will they sell?",
                     "how many grand slams has he won?", "what did they say abt pay"):
        found = question_words(question, engine.store)
        assert found.read_as == {} and found.extra == (), question
    # An acronym no English word or chat spelling is read as the name (twenty-sixth session).
    assert question_words("what does the imf say", engine.store).read_as == {"imf": ("international", "monetary",
                                                                                     "fund")}


def test_a_clipped_name_the_article_writes_out_is_no_other_storys(engine):
    """A stranger's "wat did the lib dems think" of a story quoting a "Liberal Democrat" was asked
    of every article: others write "Lib Dems", and the picked story was judged not to hold it."""
    from index.answer import names_elsewhere

    story = engine.add_article(parse_text("# Butler report\nLiberal Democrat deputy leader Menzies Campbell "
                                          "said the report raised serious questions about the war and the way "
                                          "the case for it had been made.\n", source="butler.md", fmt="md")).article.id
    _add(engine, "# Vote\nThe Lib Dems won two seats in the county, and their leader thanked the voters who "
                 "turned out in the rain on Thursday.\n")
    assert question_words("wat did the lib dems think", engine.store).clipped == {"lib": "liberal", "dems": "democrat"}
    assert names_elsewhere("wat did the lib dems think", engine.store, [GLOBAL], story) == []
    assert engine.ask("wat did the lib dems think", article_id=story).elsewhere == ()
    # Nor a name the story never writes, whose words it gives none of (a stranger's "what do the lib
    # dems think?" was told the story gives "dems" no words), nor, as a follow-up, words it never
    # uses (a stranger's "and the lib dems?" was told so).
    assert engine.ask("what do the lib dems think?", article_id=story).missing != "words"
    followed = engine.ask("and the lib dems?", context=Discussion(story, chosen=True))
    assert not followed.unmentioned, followed.message
    # A name only the other story holds, not a clipping of one this story writes, is still its.
    assert names_elsewhere("what did the Vote story say about Thursday", engine.store, [GLOBAL], story) != []


def test_a_word_the_articles_hold_by_another_name_is_no_word_they_lack(engine):
    """Strangers were told no article mentions "p2p" over the story on peer-to-peer piracy, and
    "bookie" over one quoting bookmakers."""
    from index.answer import names_elsewhere, names_nowhere

    _add(engine, "# Pirates convicted\nThe first convictions for piracy over peer-to-peer networks were handed down "
                 "on Tuesday, and the bookmakers said the odds of more were short.\n")
    assert names_nowhere("who got convicted for p2p piracy", engine.store, [GLOBAL]) == []
    assert names_nowhere("which bookie is offering that", engine.store, [GLOBAL]) == []
    assert names_nowhere("which zorblax is offering that", engine.store, [GLOBAL]) == ["zorblax"]
    # ... nor a name they write only with its number, nor chat's "brit" of "Briton" or "British" (a
    # stranger was told a story on "ITV1's" show and "a Briton" never mentions "itv", "brit").
    tv = _added(engine, "# Presenter quits\nThe presenter has resigned as host of ITV1's Saturday morning show, and "
                      "a Briton will stand in.\n")
    assert names_nowhere("was she pushed out by itv", engine.store, [GLOBAL]) == []
    assert names_nowhere("is the brit taking over", engine.store, [GLOBAL]) == []
    assert names_nowhere("was it on bbc", engine.store, [GLOBAL]) == ["bbc"]
    _add(engine, "# Late draw\nPortsmouth claimed a draw at Anfield on Saturday, and the Liverpool manager refused "
                 "to blame his goalkeeper for it.\n")
    assert names_nowhere("liverpool drew with pompey, was it the keeper's fault", engine.store, [GLOBAL]) == []
    _add(engine, "# Channel news\nThe ITV network and the BBC said on Monday that the brits would be shown live "
                 "on both channels later this year.\n")
    assert names_elsewhere("was she pushed out by ITV?", engine.store, [GLOBAL], tv) == []
    assert names_elsewhere("is it on the BBC too?", engine.store, [GLOBAL], tv) == ["bbc"]
    # ... nor a figure typed without its slash ("911" of "9/11").
    _add(engine, "# Film award\nFahrenheit 9/11 won the people's choice award for best film on Sunday night, "
                 "its director said after the ceremony in Los Angeles.\n")
    assert names_nowhere("is fahrenheit 911 up for an oscar", engine.store, [GLOBAL]) == []
    # ... nor a word the articles write in two ("bailout" of "bail-out": a stranger was told no
    # article mentions it above a quote saying it).
    _add(engine, "# Lender rescued\nThe card firm avoided bankruptcy thanks to a $4.5bn bail-out in January, "
                 "which gave its creditors control.\n")
    assert names_nowhere("how much is the bailout", engine.store, [GLOBAL]) == []
    assert names_nowhere("how much is the outbail", engine.store, [GLOBAL]) == ["outbail"]
    # ... with an ending ("overstate" of "over-stated": a stranger was told no article mentions it)
    _add(engine, "# Oil firm fined\nThe oil firm over-stated its reserves by a fifth, the regulator said on Monday "
                 "after a long inquiry.\n")
    assert names_nowhere("how much did they overstate the reserves by", engine.store, [GLOBAL], runs=True) == []
    # Written apart is not hyphenated: "a new port" is no Newport (a review's find).
    from index.answer import _hyphenated_in_articles

    _add(engine, "# Port plan\nWork on a new port at Felixstowe will start in spring, the harbour board said on "
                 "Monday after the vote.\n")
    assert _hyphenated_in_articles({"newport", "bailout"}, engine.store, [GLOBAL]) == {"bailout"}
    # ... nor another form of a word they hold, which the stemmer keeps apart ("suing" of "sue",
    # "fiance" of "fiancee": strangers were told no article mentions them above right quotes).
    _add(engine, "# Singer to wed\nThe singer is to marry her fiancee in June, and the court ruled the state could not "
                 "sue the firms.\n")
    assert names_nowhere("who is the singers fiance", engine.store, [GLOBAL], runs=True) == []
    assert names_nowhere("was the state suing the firms", engine.store, [GLOBAL], runs=True) == []
    assert names_nowhere("was the state zorbling the firms", engine.store, [GLOBAL], runs=True) == ["zorbling"]
    # Chat's agent noun of a word held, itself no English word ("first teamers" of "first team":
    # a stranger was told no article mentions "teamers"); an English one stays ("bankers").
    _add(engine, "# Cup tie\nThe manager rested his first team for the cup tie, and the bank paid for the new "
                 "stand.\n")
    assert names_nowhere("why did he rest the first teamers", engine.store, [GLOBAL], runs=True) == []
    assert names_nowhere("what did the bankers say", engine.store, [GLOBAL], runs=True) == ["bankers"]
    # Regular endings only, and common words (a review's finds: "ward" of "war", "rat" of "rates").
    from index.answer import _other_forms

    assert _other_forms("suing") == ("sue",) and _other_forms("hated") == ("hate",)
    assert _other_forms("centers") == ("center",) and _other_forms("webber") == ()  # not "cent", "webb"
    assert _other_forms("refugees") == ("refugee",) and _other_forms("taxes") == ("tax",)
    assert "ward" not in _other_forms("war") and "rat" not in _other_forms("rates") and _other_forms("james") == ()
    assert "princes" not in _other_forms("princess") and "the" not in _other_forms("thing")
    assert _other_forms("seed") == ("seeds",) and _other_forms("telling") == ("tell",)
    assert _other_forms("loses") == ("lose",) and _other_forms("dying") == ("die",)
    # "does it mention the bailout?" of the story writing "bail-out" does (a review's find).
    lender = engine.find_article("Lender rescued").id
    assert not engine.ask("does it mention the bailout?", article_id=lender).unmentioned


def test_another_name_of_one_thing_the_article_uses_is_no_other_storys(engine):
    """A stranger's "why do the Tories object?" of a story saying only "Conservatives" was asked
    of every article, and quoted a story about UKIP that says "Tories"."""
    from index.answer import names_elsewhere

    story = engine.add_article(parse_text("# House arrests opposed\nThe Conservatives have expressed serious "
                                          "misgivings about the plans for house arrest, which ministers say the terror threat "
                                          "demands.\n", source="arrests.md",
                                          fmt="md")).article.id
    _add(engine, "# UKIP rises\nIt is not just about shifting the Tories, the party's new recruit said on Friday "
                 "in a speech to supporters.\n")
    assert names_elsewhere("why do the Tories object?", engine.store, [GLOBAL], story) == []
    assert "conservatives" in question_words("why do the Tories object?", engine.store).extra
    assert engine.ask("why do the Tories object?", article_id=story).elsewhere == ()
    assert names_elsewhere("why did UKIP grow?", engine.store, [GLOBAL], story) == ["ukip"]
    # Readers say Britain where BBC News writes UK (a stranger's "what does the report conclude
    # about britain overall?" was declined of a story saying only "the UK").
    digital = _added(engine, "# Digital nation\nThe UK's take-up of digital television and broadband has made it "
                             "the fourth most digitally advanced country in Europe, a report says.\n")
    _add(engine, "# Wet summer\nBritain had its wettest summer for a decade, and forecasters said on Monday the "
                 "autumn would be no drier.\n")
    assert names_elsewhere("where does Britain rank in Europe?", engine.store, [GLOBAL], digital) == []
    assert "uk" in question_words("where does britain rank in europe?", engine.store).extra
    # Nor chat's abbreviation of a word it writes out ("man utd" of "Manchester United", while
    # another story's title says "Man Utd").
    club = engine.add_article(parse_text("# Glazer bid\nManchester United's board said on Monday it would not back "
                                         "the new offer for the club from the American tycoon.\n",
                                         source="club.md", fmt="md")).article.id
    _add(engine, "# Bees handed potential Man Utd tie\nBrentford were delighted to be drawn at home, their "
                 "manager said after the draw on Sunday afternoon.\n")
    assert names_elsewhere("whos the man utd coach", engine.store, [GLOBAL], club) == []


def _Question_kind(question: str, engine) -> str | None:
    from index.answer import _Question

    return _Question.of(question, engine.store, [GLOBAL]).kind


def test_a_mistyped_question_word_is_read_as_the_question_word(engine):
    from index.answer import question_type
    from index.spelling import as_read

    _add(engine, PARTIES)
    _add(engine, "# Strikes\nThe unions said they would strike with the drivers on Monday, and walk out with "
                 "the cleaners on Friday unless the company improves its pay offer.\n")
    question = "wich unions are threatening to strike?"
    assert question_words(question, engine.store).read_as == {"wich": ("which",)}  # not the index's "with"
    read = as_read(question, engine.store)
    assert read == "which unions are threatening to strike?"
    assert question_type(read) == "list" and question_type(question) is None
    # One edit from two question words ("hwo": how or who) says neither; an English word is
    # itself unless a hundred times rarer than the question word (a stranger's "wen was it…").
    assert question_words("hwo backed the plans?", engine.store).read_as == {}
    assert question_words("were the plans backed?", engine.store).read_as == {}
    assert question_words("wat did labour say?", engine.store).read_as == {"wat": ("what",)}
    assert as_read("wen will the unions strike?", engine.store) == "when will the unions strike?"
    # One edit from two, a letter left out of one of them is that one: a stranger's "whn did … die"
    # got "No indexed article mentions “whn”" (a letter changed, it would be "who").
    assert as_read("whn will the unions strike?", engine.store) == "when will the unions strike?"
    # A function word mistyped is that word, not a word no article mentions ("whats teh main
    # point" was declined for "teh"); an acronym is not one letter from "if".
    found = question_words("who backed teh plans adn why?", engine.store)
    assert found.read_as == {"teh": ("the",), "adn": ("and",)}
    assert "teh" not in engine.ask("wich unions backed teh strike?").unknown
    # ... and so is a filler: a stranger's "whats the film acutally about" was declined as naming
    # “acutally”, which no article mentions.
    assert question_words("what are the unions acutally asking?", engine.store).read_as == {"acutally": ("actually",)}
    assert engine.ask("what are the unions acutally asking for?").unknown == ()
    # ... only when no other common word is a slip away: "replly" may be "reply", "smill" "small"
    # (a review's finds), which the filler would hide.
    from index.spelling import _function_word_typos

    assert _function_word_typos(["replly", "smill", "alyways", "thougt", "acutally"], {}) == {"acutally": "actually"}
    assert "imf" not in question_words("what does the imf say", engine.store).corrected  # not "if"
    # Chat's two-letter "hw" is "how" (a stranger's 13 "hw …" questions were each told no article
    # mentions "hw"); "wh" is who or why, and stays as typed.
    assert as_read("hw many unions will strike?", engine.store) == "how many unions will strike?"
    assert _Question_kind("hw much is the pay offer?", engine) == "number"
    assert "hw" not in engine.ask("hw much is the pay offer?").unknown
    assert question_words("wh backed the plans?", engine.store).read_as == {}
    # ... and chat's "dis" and "dat" are "this" and "that" ("who wrote dis" was no question
    # about the article itself).
    assert question_words("who backed dis plan?", engine.store).read_as == {"dis": ("this",)}
    assert "bout" not in question_words("who won the bout?", engine.store).read_as  # a noun
    # A word the corrector only guesses is one ("hwo": how or who) does not say the kind; "wher"
    # is "where" with a letter left out (a letter changed, it would be "when").
    from index.answer import _Question

    _add(engine, "# Rally\nWhen the rally starts, where the marchers go and who speaks is up to the "
                 "organisers, the police said on Tuesday in a statement.\n")
    assert _Question.of("hwo will the rally be held?", engine.store, [GLOBAL]).kind is None
    assert _Question.of("wher will the rally be held?", engine.store, [GLOBAL]).kind == "place"
    assert _Question.of("wich unions are threatening to strike?", engine.store, [GLOBAL]).kind == "list"


def test_initials_of_a_name_count_its_small_word_too():
    """A stranger's "boe" was called a word no article mentions where quotes named the Bank of England."""
    from index.spelling import initials_in

    found = initials_in("The Bank of England held rates. The Securities and Exchange Commission agreed.")
    assert {"boe", "sec"} <= found and "of" not in found


def test_an_uncommon_english_word_the_index_lacks_is_read_by_the_phrase_it_makes(engine):
    """A stranger's "is micheal howards seat at risk" was declined: "micheal", a name in the word
    list, was left as typed, and no article mentions it."""
    from index.ingest import parse_text

    engine.add_article(parse_text("# Seat at risk\n\nMichael Howard's seat is at the top of the Liberal Democrats' "
                                  "list of targets at the general election, party officials said.\n",
                                  source="seat.md", fmt="md"))
    assert question_words("is micheal howards seat at risk", engine.store).read_as.get("micheal") == ("michael",)
    # Not without the phrase: "micheal" alone is left as typed.
    assert "micheal" not in question_words("what did micheal do", engine.store).read_as
    # A common one too ("gardner", a surname), where the phrase is a name the story writes: a
    # stranger's "who came second to jason gardner?" of "Jason Gardener" was declined.
    engine.add_article(parse_text("# Title defended\n\nJason Gardener won the 60m title in Sheffield, ahead of Mark "
                                  "Findlay, and the crowd praised how the head gardener trims the infield grass.\n",
                                  source="title.md", fmt="md"))
    assert question_words("who came second to jason gardner", engine.store).read_as.get("gardner") == ("gardener",)
    # Not a common word making a phrase only in lower case ("the head gardener").
    assert "gardner" not in question_words("how does the head gardner cut it", engine.store).read_as
    # Nor a name rarer than the one it is a letter from: "richard johnston" is meant (a review's find).
    engine.add_article(parse_text("# Late winner\n\nRichard Johnson scored a late winner for the visitors, a 30-yard "
                                  "strike that left the keeper rooted to the spot.\n", source="winner.md", fmt="md"))
    assert "johnston" not in question_words("who is richard johnston", engine.store).read_as


@pytest.mark.parametrize("typed, read", [
    ("is it really 1.4k more for new mums?", "is it really 1,400 more for new mums?"),
    ("was it £10k?", "was it £10,000?"),
    ("how long was the 10k race?", "how long was the 10k race?"),  # a race as often as a sum
    ("so the curbs carry on thru '05?", "so the curbs carry on thru 2005?"),
    ("so it goes on sale march 24th?", "so it goes on sale march 24?"),
    ("is the game on the 4th of june?", "is the game on the 4 june?"),
    ("did he finish in the 4th round?", "did he finish in the 4th round?"),
    ("was he in may 2nd place?", "was he in may 2nd place?"),
    # A figure without its commas stays so: news writes "£3000", "1500m" too (a review's find).
    ("did it cost £3000 or 25000?", "did it cost £3000 or 25000?"),
    ("whats her time in the 1000m", "whats her time in the 1000m"),
])
def test_figures_chat_shortens_are_read_as_news_writes_them(typed, read):
    from index.text import figures_read

    assert figures_read(typed) == read


def test_a_figure_and_a_word_written_otherwise_are_found(engine):
    # A stranger's "is it really 1.4k more for new mums?" was told no article mentions "1.4",
    # "mums", of a story saying "£1,400" and "mothers".
    story = engine.add_article(parse_text(
        "# Maternity pay to rise\n\nMaternity pay for new mothers is to rise by £1,400 from next April, the "
        "chancellor said.\n\nThe change will cost the government about £350m a year.\n",
        source="pay.md", fmt="md")).article.id
    answer = engine.ask("is it really 1.4k more for new mums?", article_id=story)
    assert answer.answered and answer.unknown == () and "£1,400" in answer.quotes[0].text
    # A stranger's "whats her time in the 1000m" was told no article mentions "1000m" (the 1,000m).
    race = engine.add_article(parse_text(
        "# Holmes back on form\n\nKelly Holmes comfortably won the 1,000m at the Birmingham Indoor Grand Prix on "
        "Friday night.\n\nShe won in two minutes, 35.39 seconds.\n", source="race.md", fmt="md")).article.id
    assert engine.ask("whats her time in the 1000m", article_id=race).unknown == ()
    assert engine.named_nowhere("whats her time in the 3000m", ["global"]) == ("3000m",)
    # The model and the search read such a figure as the story writes it: a stranger's "who won the
    # 5000m" got the race's lead third. Not with a unit the question lacks ("1000 pounds" is no
    # "1,000m": a review's find).
    record = engine.add_article(parse_text(
        "# Dibaba breaks record\n\nTirunesh Dibaba set a world record in winning the women's 5,000m in Boston.\n\n"
        "Kenenisa Bekele miscounted his laps in the men's 3,000m and was second.\n", source="record.md",
        fmt="md")).article.id
    assert engine.model_text("who won the 5000m") == "who won the 5,000m"
    assert engine.model_text("could he save 3000 pounds?") == "could he save 3000 pounds?"
    won = engine.ask("who won the womens 5000m?", article_id=record)
    assert won.answered and won.unknown == () and "5,000m" in won.quotes[0].text
    # A figure the articles hold as typed, or in no form, is read as typed.
    assert engine.model_text("did he win the 1500m in 2005?") == "did he win the 1500m in 2005?"
    # And back: a story writing "£3000" and "25000" holds "£3,000" and "25,000" (a review's find).
    engine.add_article(parse_text("# Prize fund\n\nThe winner of the race takes a £3000 prize, and 25000 people are "
                                  "expected to watch from the banks of the river.\n", source="prize.md", fmt="md"))
    for question in ("was the prize £3000?", "was the prize £3,000?", "will 25,000 people watch?",
                     "will 25000 people watch?"):
        assert engine.named_nowhere(question, ["global"]) == (), question


def test_whether_a_story_mentions_a_thing_it_writes_otherwise(engine):
    # A stranger's "is there anything about adverts on the blogs?" was told the story never uses
    # "adverts", of its "banner ads".
    story = engine.add_article(parse_text(
        "# Microsoft gets the blogging bug\n\nMicrosoft has launched its own blogging service.\n\nThe service "
        "will be supported by banner ads.\n", source="blogs.md", fmt="md")).article.id
    answer = engine.ask("is there anything about adverts on the blogs?", article_id=story)
    assert answer.unmentioned == () and "never uses" not in answer.message
    assert engine.ask("is there anything about prices on the blogs?", article_id=story).unmentioned == ("prices",)
    # "telecom" of a story writing only "telcos" (a stranger's "what do the telecom companies think
    # about it" was told no article mentions "telecom").
    telcos = engine.add_article(parse_text(
        "# TV's future down the phone line\n\nInternet TV is coming to the home.\n\nThe big telcos are keen to "
        "offer it.\n", source="iptv.md", fmt="md")).article.id
    telecom = engine.ask("what do the telecom companies think about it", article_id=telcos)
    assert "mentions “telecom”" not in telecom.message
    assert engine.named_nowhere("are telcos keen?", ["global"]) == ()
    assert engine.named_nowhere("what do the telecom companies think about it", ["global"]) == ()


def test_an_acronym_is_spelled_out_by_one_word_a_letter():
    from index.spelling import spelled_out_in

    assert spelled_out_in("isp", "fed up with their internet service providers")
    assert spelled_out_in("gdp", "Gross domestic product rose by 2%.")
    assert not spelled_out_in("isp", "internet providers")  # a letter short
    assert not spelled_out_in("isp", "it is perfect")  # words of two letters are no letter of one
    assert not spelled_out_in("tv", "the vote")  # two letters: too many runs spell them
    # A run of everyday words is no name (a review's finds), and a word is no acronym.
    for acronym, text in (("bbc", "Channel 4 has been badly criticised"), ("aol", "BT and other large ISPs"),
                          ("itv", "its television viewers"), ("bush", "but until some help"),
                          ("ibm", "Italian bank Mediobanca"), ("wto", "a well-thought-out plan"),
                          ("bcr", "barca return\n\nchelsea")):
        assert not spelled_out_in(acronym, text), acronym
