"""Certainty suggestions for quotes (no database)."""

import pytest

from claims.certainty import Suggestion, suggest_certainty

# (quote, level or None, cue or None)
CASES = [
    # the seed article's sentences
    ("Dmitrashkovsky said it was too early to confirm how many soldiers had crossed into Russia.",
     "withheld", "too early to confirm"),
    ("it was too early\u00a0to\u00a0confirm how many soldiers had crossed",  # non-breaking spaces
     "withheld", "too early to confirm"),
    ("We do not have such information. The Russians are capable of claiming anything they want,",
     "withheld", "We do not have such information"),
    ("Russia's Ministry of Defense could not be reached for comment.",
     "withheld", "could not be reached"),
    ("The Ukrainian military confirmed that part of a brigade had most likely crossed into "
     "Russian territory, although it disputed Russia's version of events and would not say how "
     "many soldiers had crossed the border.", "withheld", "would not say"),
    ("part of a brigade had most likely crossed into Russian territory", "hedged", "most likely"),
    ("438 Ukrainian soldiers had reached Russia on Monday", None, None),
    ("More than 400 Ukrainian soldiers have crossed the border into Russia and deserted the Kiev "
     "government", None, None),
    ("Ukraine confirmed the crossing but said the soldiers were forced into Russian territory "
     "by rebel fire.", None, None),
    ("By Monday afternoon, \"more than 180\" of them had been sent back to Ukraine", None, None),
    ("The drills will start Monday and last through Friday, air force chief Igor Klimov was "
     "reported as saying", None, None),
    ("a conflict that has claimed at least 1,129 civilian casualties, according to a U.N. "
     "estimate", None, None),
    ("a claim that the Russian government has repeatedly denied", None, None),
    # other newsroom quotes
    ("The spokesman declined to comment on the casualty figures.", "withheld",
     "declined to comment"),
    ("Officials declined to say how many had been detained.", "withheld", "declined to say"),
    ("The ministry refused to comment.", "withheld", "refused to comment"),
    ("Kiev did not confirm the number.", "withheld", "did not confirm"),
    ("There is no information about casualties yet.", "withheld", "no information"),
    ("We are unable to confirm these reports.", "withheld", "unable to confirm"),
    ("The police wouldn’t say how many were arrested.", "withheld", "wouldn’t say"),
    ("The convoy was probably headed for Luhansk.", "hedged", "probably"),
    ("The plane was possibly hit by a missile.", "hedged", "possibly"),
    ("Some soldiers may have crossed further north.", "hedged", "may have"),
    ("The rebels might withdraw.", "hedged", "might"),
    ("Ten civilians were reportedly killed.", "hedged", "reportedly"),
    ("It is believed that the brigade broke out in two groups.", "hedged", "It is believed"),
    ("The vehicle appears to have left the checkpoint.", "hedged", "appears to"),
    ("Unconfirmed reports put the figure at 500.", "hedged", "Unconfirmed"),
    ("The men allegedly crossed at night.", "hedged", "allegedly"),
    ("According to preliminary data, 12 people were wounded.", "hedged",
     "According to preliminary"),
    ("Most likely they ran out of ammunition, but we could not confirm it.", "withheld",
     "could not confirm"),
    ("The brigade was mighty and unbowed.", None, None),  # "mighty" is not "might"
    ("Malayev said 438 soldiers had crossed.", None, None),
    ("", None, None),
]


@pytest.mark.parametrize(("quote", "level", "cue"), CASES)
def test_suggest_certainty(quote, level, cue):
    found = suggest_certainty(quote)
    if level is None:
        assert found is None
    else:
        assert found == Suggestion(level, cue)


def test_withheld_beats_hedged_whatever_the_order():
    assert suggest_certainty("It would not say; most likely hundreds.").level == "withheld"
    assert suggest_certainty("Most likely hundreds; it would not say.").level == "withheld"


def test_cue_can_be_found_in_the_quote():
    quote = "Officials DECLINED TO COMMENT on Monday."
    found = suggest_certainty(quote)
    assert found is not None and found.cue in quote


# --- denial and reason cues (claims.suggestions weighs them) ----------------------------------


@pytest.mark.parametrize(
    ("text", "language", "cue"),
    [
        ("A Russian border official denied that any vehicles had crossed", "en", "denied"),
        ("Russia's Defence Ministry called the report a fantasy", "en", "a fantasy"),
        ("Russia does not provide the rebels with equipment", "en", "does not"),
        ("Министерство отрицает эти сведения", "ru", "отрицает"),
        ("Міністерство заперечує ці дані", "uk", "заперечує"),
        ("438 Ukrainian soldiers reached Russia on Monday", "en", None),
        ("не удалось связаться с министерством", "ru", None),  # withheld, not denied
    ],
)
def test_denial_cues(text, language, cue):
    from claims.certainty import denial_cue

    assert denial_cue(text, language) == cue


@pytest.mark.parametrize(
    ("text", "language", "cue"),
    [
        ("The soldiers were forced into Russian territory by rebel fire", "en", "forced"),
        ("the fire was caused by a drone strike", "en", "caused by"),
        ("подразделение было вынуждено отступить под обстрелом", "ru", "вынуждено"),
        ("були змушені відступити", "uk", "змушені"),
        ("438 Ukrainian soldiers reached Russia", "en", None),
    ],
)
def test_reason_cues(text, language, cue):
    from claims.certainty import cause_cue

    assert cause_cue(text, language) == cue
