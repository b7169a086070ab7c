"""The readers on English phrasing beyond the seed article (issue 14): tables of
tests/test_readers.py.

Published on Monday 4 August 2014 at noon unless a row says otherwise. The rows were
written for this file: phrases of the kind a wire story carries, read as a careful
editor would.
"""

from datetime import date, datetime
from decimal import Decimal

LANGUAGE = "en"
MONDAY = datetime(2014, 8, 4, 12, 0)
D = date
N = Decimal
OPEN = None

# (phrase, start, end, precision)
DATE_ROWS = [
    # parts of the night
    ("during the night", D(2014, 8, 3), D(2014, 8, 4), "day"),
    ("overnight", D(2014, 8, 3), D(2014, 8, 4), "day"),
    ("in the night", D(2014, 8, 3), D(2014, 8, 4), "day"),
    ("in the small hours of Sunday", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("in the early hours of Saturday", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("late on Saturday night", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("overnight Sunday into Monday", D(2014, 8, 3), D(2014, 8, 4), "day"),
    ("on the night of Sunday to Monday", D(2014, 8, 3), D(2014, 8, 4), "day"),
    # days counted from another day
    ("the previous day", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("the day before", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("the next day", D(2014, 8, 5), D(2014, 8, 5), "day"),
    ("the following day", D(2014, 8, 5), D(2014, 8, 5), "day"),
    ("two days earlier", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("three days later", D(2014, 8, 7), D(2014, 8, 7), "day"),
    ("the day after Friday", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("two days before August 3", D(2014, 8, 1), D(2014, 8, 1), "day"),
    # a week or a fortnight ago is a day
    ("a week ago", D(2014, 7, 28), D(2014, 7, 28), "day"),
    ("one week ago", D(2014, 7, 28), D(2014, 7, 28), "day"),
    ("a fortnight ago", D(2014, 7, 21), D(2014, 7, 21), "day"),
    ("two weeks ago", D(2014, 7, 21), D(2014, 7, 21), "day"),
    # parts of last, this and next periods
    ("early last month", D(2014, 7, 1), D(2014, 7, 10), "day"),
    ("late last month", D(2014, 7, 21), D(2014, 7, 31), "day"),
    ("in the middle of last month", D(2014, 7, 11), D(2014, 7, 20), "day"),
    ("early next month", D(2014, 9, 1), D(2014, 9, 10), "day"),
    ("at the end of next month", D(2014, 9, 21), D(2014, 9, 30), "day"),
    ("early last week", D(2014, 7, 28), D(2014, 7, 29), "day"),
    ("late this week", D(2014, 8, 8), D(2014, 8, 10), "day"),
    ("early next year", D(2015, 1, 1), D(2015, 4, 30), "month"),
    ("late last year", D(2013, 9, 1), D(2013, 12, 31), "month"),
    ("early 2014", D(2014, 1, 1), D(2014, 4, 30), "month"),
    ("in mid-2013", D(2013, 5, 1), D(2013, 8, 31), "month"),
    # since the beginning of a period
    ("since the beginning of the month", D(2014, 8, 1), None, "day"),
    ("since the start of the year", D(2014, 1, 1), None, "month"),
    ("since the beginning of April", D(2014, 4, 1), None, "day"),
    ("since the end of June", D(2014, 6, 21), None, "day"),
    # seasons: three months each, winter named by its January
    ("last winter", D(2013, 12, 1), D(2014, 2, 28), "month"),
    ("this summer", D(2014, 6, 1), D(2014, 8, 31), "month"),
    ("last summer", D(2013, 6, 1), D(2013, 8, 31), "month"),
    ("next spring", D(2015, 3, 1), D(2015, 5, 31), "month"),
    ("last autumn", D(2013, 9, 1), D(2013, 11, 30), "month"),
    ("in the spring", D(2014, 3, 1), D(2014, 5, 31), "month"),
    ("winter 2014", D(2013, 12, 1), D(2014, 2, 28), "month"),
    ("next winter", D(2014, 12, 1), D(2015, 2, 28), "month"),
    # the future tense beyond "will start"
    ("is expected to vote on Friday", D(2014, 8, 8), D(2014, 8, 8), "day"),
    ("will meet on Thursday", D(2014, 8, 7), D(2014, 8, 7), "day"),
    ("are due to arrive on Wednesday", D(2014, 8, 6), D(2014, 8, 6), "day"),
    # "next Tuesday" on a Monday: the desk's rule is the first Tuesday after publication
    ("will be held next Tuesday", D(2014, 8, 5), D(2014, 8, 5), "day"),
    ("is set to begin on 1 September", D(2014, 9, 1), D(2014, 9, 1), "day"),
    ("plans to reopen in October", D(2014, 10, 1), D(2014, 10, 31), "month"),
    # a weekday with a date: the year the weekday fits; "this" weekday: this week's
    ("Wednesday, August 6", D(2014, 8, 6), D(2014, 8, 6), "day"),
    ("this Friday", D(2014, 8, 8), D(2014, 8, 8), "day"),
    ("this spring", D(2014, 3, 1), D(2014, 5, 31), "month"),
    ("this winter", D(2014, 12, 1), D(2015, 2, 28), "month"),
    ("at 10:00 local time", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("by noon", D(2014, 8, 4), D(2014, 8, 4), "day"),
]

# A later story: Friday 15 August 2014, 18:00 UTC (the English test story).
FRIDAY = datetime(2014, 8, 15, 18, 0)
FRIDAY_DATE_ROWS = [
    ("on Thursday", D(2014, 8, 14), D(2014, 8, 14), "day"),
    ("overnight", D(2014, 8, 14), D(2014, 8, 15), "day"),
    ("two days after leaving", None, None, None),  # an event, not a day: refused
    ("on Friday", D(2014, 8, 15), D(2014, 8, 15), "day"),
    ("the day before", D(2014, 8, 14), D(2014, 8, 14), "day"),
]

# (phrase, low, high, low_inclusive, high_inclusive, unit)
QUANTITY_ROWS = [
    # vague counts
    ("a few hundred protesters", N(200), N(500), True, True, "protesters"),
    ("several thousand people", N(3000), N(9000), True, True, "people"),
    ("a few dozen", N(24), N(60), True, True, ""),
    ("tens of thousands of refugees", N(20000), N(99999), True, True, "refugees"),
    # one, a single, none
    ("one soldier", N(1), N(1), True, True, "soldier"),
    ("a single drone", N(1), N(1), True, True, "drone"),
    ("no injuries", N(0), N(0), True, True, "injuries"),
    ("no casualties", N(0), N(0), True, True, "casualties"),
    ("nobody", N(0), N(0), True, True, ""),
    # abbreviations
    ("3.2m", N(3200000), N(3200000), True, True, ""),
    ("$4bn", N(4000000000), N(4000000000), True, True, "$"),
    ("2.5bn roubles", N(2500000000), N(2500000000), True, True, "roubles"),
    ("10k troops", N(10000), N(10000), True, True, "troops"),
    # verbs that bound a figure
    ("topped 500", N(500), OPEN, False, True, ""),
    ("exceeded 400 soldiers", N(400), OPEN, False, True, "soldiers"),
    ("surpassed 1,000", N(1000), OPEN, False, True, ""),
    ("nearing 2,000", N(1800), N(2000), True, False, ""),
    ("400-odd soldiers", N(360), N(440), True, True, "soldiers"),
    # neutral words before the figure
    ("killed 23 people", N(23), N(23), True, True, "people"),
    ("a total of 280 trucks", N(280), N(280), True, True, "trucks"),
    ("of them more than 180", N(180), OPEN, False, True, ""),
    ("the remaining 50 soldiers", N(50), N(50), True, True, "soldiers"),
    ("more than 400 soldiers in 2014", N(400), OPEN, False, True, "soldiers"),
    # totals of parts: a total, the parts kept
    ("120 adults and 30 children", N(150), N(150), True, True, "people"),
    ("283 passengers and 15 crew", N(298), N(298), True, True, "people"),
    ("12 tanks and 11 armoured vehicles", N(23), N(23), True, True,
     "tanks + armoured vehicles"),
    ("more than 100 adults and 30 children", N(130), OPEN, False, True, "people"),
    # two bounds make one interval
    ("at least 400 but fewer than 500", N(400), N(500), True, False, ""),
    ("as few as 5 trucks", OPEN, N(5), True, True, "trucks"),
    # the English test story
    ("about 280 trucks", N(252), N(308), True, True, "trucks"),
    ("nearly 2,000 tonnes of humanitarian aid", N(1800), N(2000), True, False,
     "tonnes"),
    ("23 armoured vehicles", N(23), N(23), True, True, "armoured vehicles"),
]

# (quote, level or None, cue or None)
CERTAINTY_ROWS = [
    ("It remains unclear how many trucks crossed at the border post.", "withheld",
     "It remains unclear how many"),
    ("The Red Cross could not say when an inspection would begin.", "withheld", "could not say"),
    ("It had not yet been told what the trucks contained.", "withheld",
     "had not yet been told"),
    ("Russia's Defence Ministry called the report a fantasy.", None, None),
    ("A Russian border official denied that any military vehicles had crossed.", None, None),
    ("The convoy was probably carrying fuel.", "hedged", "probably"),
    ("Officials declined to give a figure.", "withheld", "declined to give"),
]

# Phrases refused, each with the reason shown beside the field.
REFUSED_QUANTITIES = [
    ("hit 500", "“hit” is not a word I know for a bound"),
    ("breached 1,000", "“breached” is not a word I know for a bound"),
    ("near 500 soldiers", "“near” is not a word I know for a bound"),
    ("per 100 residents", "“per” is not a word I know for a bound"),
    ("not 400", "“not” is not a word I know for a bound"),
    ("eclipsed 2,000 tonnes", "“eclipsed” is not a word I know for a bound"),
    ("100 and 150", "Two figures joined by “and”"),
    ("between 150 and 100", "Low end (150) is above high end (100)."),
    ("500 more soldiers", "“more” after the figure makes it a difference"),
    ("400 fewer troops", "“fewer” after the figure makes it a difference"),
    ("hundreds if not thousands", "Two figures joined by “if”"),
    ("one in five", "Two figures joined by “in”"),
    ("400 or 500 soldiers", "Two figures joined by “or”"),
    ("half of the 400", "“half” is not a word I know for a bound"),
    ("at least 12 killed and 30 injured", "A second figure (“30”) after the first"),
]
REFUSED_DATES = [
    ("Monday or Tuesday", "“or” is not a word I know in a date."),
    ("plans to hold talks on Wednesday", "“talks” is not a word I know in a date."),
    ("03/08/2014", "Day and month could be either way round"),
    ("until Friday", "These words do not make a date I can read."),
    ("Thursday, August 6", "The weekday is not that date's"),
]
