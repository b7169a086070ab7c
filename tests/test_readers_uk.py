"""The readers on Ukrainian phrasing (issue 14), as a table per reader.

Published on Monday 4 August 2014 (the Ukrainian test story: 14:00, UTC+3). The rows
were written for this file, in the wording of Ukrainian agency copy, with the desk's rules.
"""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from claims.certainty import suggest_certainty
from claims.dates import read_when
from claims.dates import why_unreadable as why_unreadable_when
from claims.quantities import read_quantity, why_unreadable

LANGUAGE = "uk"
MONDAY = datetime(2014, 8, 4, 14, 0, tzinfo=timezone(timedelta(hours=3)))
D = date
N = Decimal
OPEN = None

# (phrase, start, end, precision)
DATE_ROWS = [
    ("у понеділок", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("в неділю", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("у п'ятницю", D(2014, 8, 1), D(2014, 8, 1), "day"),
    ("у п’ятницю ввечері", D(2014, 8, 1), D(2014, 8, 1), "day"),
    ("минулого понеділка", D(2014, 7, 28), D(2014, 7, 28), "day"),
    ("від понеділка до п'ятниці", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("з понеділка по п'ятницю", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("з квітня", D(2014, 4, 1), None, "month"),
    ("від квітня", D(2014, 4, 1), None, "month"),
    ("з початку квітня", D(2014, 4, 1), None, "day"),
    ("вчора", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("учора ввечері", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("напередодні", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("три дні тому", D(2014, 8, 1), D(2014, 8, 1), "day"),
    ("минулого тижня", D(2014, 7, 28), D(2014, 8, 3), "day"),
    ("наступного тижня", D(2014, 8, 11), D(2014, 8, 17), "day"),
    ("минулого місяця", D(2014, 7, 1), D(2014, 7, 31), "month"),
    ("торік", D(2013, 1, 1), D(2013, 12, 31), "year"),
    ("4 серпня", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("у квітні", D(2014, 4, 1), D(2014, 4, 30), "month"),
    ("наприкінці липня", D(2014, 7, 21), D(2014, 7, 31), "day"),
    ("минулої зими", D(2013, 12, 1), D(2014, 2, 28), "month"),
    ("4-го серпня", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("у середу", D(2014, 7, 30), D(2014, 7, 30), "day"),
    ("наступної п'ятниці", D(2014, 8, 8), D(2014, 8, 8), "day"),
    ("цього тижня", D(2014, 8, 4), D(2014, 8, 10), "day"),
    ("на початку серпня", D(2014, 8, 1), D(2014, 8, 10), "day"),
    ("в середині липня", D(2014, 7, 11), D(2014, 7, 20), "day"),
]

# (phrase, low, high, low_inclusive, high_inclusive, unit)
QUANTITY_ROWS = [
    ("понад чотириста українських військових", N(400), OPEN, False, True,
     "український військовий"),
    ("щонайменше 1129 цивільних", N(1129), OPEN, True, True, "цивільний"),
    ("близько 280 вантажівок", N(252), N(308), True, True, "вантажівка"),
    ("майже дві тисячі тонн", N(1800), N(2000), True, False, "тонна"),
    ("сотні військових", N(200), N(999), True, True, "військовий"),
    ("більше 100 літаків", N(100), OPEN, False, True, "літак"),
    ("не менше 20 танків", N(20), OPEN, True, True, "танк"),
    ("принаймні 12 людей", N(12), OPEN, True, True, "людина"),
    ("від 100 до 150 осіб", N(100), N(150), True, True, "особа"),
    ("до 50 осіб", OPEN, N(50), True, True, "особа"),
    ("менше 50 осіб", OPEN, N(50), True, False, "особа"),
    ("кілька сотень людей", N(300), N(900), True, True, "людина"),
    ("чотирьохсот військових", N(400), N(400), True, True, "військовий"),
    ("438 військових", N(438), N(438), True, True, "військовий"),
    ("десятки тисяч біженців", N(20000), N(99999), True, True, "біженець"),
    ("перевищило 400", N(400), OPEN, False, True, ""),
    ("кількасот військових", N(300), N(900), True, True, "військовий"),
    ("двоє бійців", N(2), N(2), True, True, "боєць"),
    ("понад тисячу людей", N(1000), OPEN, False, True, "людина"),
    ("близько сотні", N(90), N(110), True, True, ""),
]

# (quote, level or None, cue or None)
CERTAINTY_ROWS = [
    ("Речник АТО заявив, що зарано підтверджувати, скільки військових перетнули кордон.",
     "withheld", "зарано підтверджувати"),
    ("У міністерстві не повідомили, скільки бійців відступило.", "withheld",
     "не повідомили, скільки"),
    ("Зв'язатися з речником не вдалося.", "withheld", "Зв'язатися з речником не вдалося"),
    ("Командування відмовилося від коментарів.", "withheld", "відмовилося від коментарів"),
    ("Частина бригади, ймовірно, відійшла на територію Росії.", "hedged", "ймовірно"),
    ("Найімовірніше, бійці відступили під обстрілом.", "hedged", "Найімовірніше"),
    ("Російська сторона стверджує, що кордон перейшли понад чотириста військових.", None, None),
]

REFUSED_QUANTITIES = [
    ("по 100 осіб", "“по” is not a word I know for a bound"),
    ("не 400", "“не” is not a word I know for a bound"),
    ("1,129", "a comma is a decimal point"),
]
REFUSED_DATES = [
    ("навчання у понеділок", "“навчання” is not a word I know in a date."),
    ("до п'ятниці", "These words do not make a date I can read."),
]


@pytest.mark.parametrize(("phrase", "start", "end", "precision"), DATE_ROWS)
def test_dates(phrase, start, end, precision):
    when = read_when(phrase, MONDAY, language=LANGUAGE)
    assert when is not None, why_unreadable_when(phrase, MONDAY, language=LANGUAGE)
    assert (when.start, when.end, when.precision) == (start, end, precision)


@pytest.mark.parametrize(("phrase", "low", "high", "low_inc", "high_inc", "unit"), QUANTITY_ROWS)
def test_quantities(phrase, low, high, low_inc, high_inc, unit):
    found = read_quantity(phrase, LANGUAGE)
    assert found is not None, why_unreadable(phrase, LANGUAGE)
    assert (found.low, found.high, found.low_inclusive, found.high_inclusive, found.unit) == (
        low, high, low_inc, high_inc, unit
    )


@pytest.mark.parametrize(("quote", "level", "cue"), CERTAINTY_ROWS)
def test_certainty(quote, level, cue):
    found = suggest_certainty(quote, LANGUAGE)
    assert (found.level if found else None) == level
    if cue:
        assert found.cue == cue


@pytest.mark.parametrize(("phrase", "reason"), REFUSED_QUANTITIES)
def test_quantities_refused_with_a_reason(phrase, reason):
    assert read_quantity(phrase, LANGUAGE) is None
    assert reason in why_unreadable(phrase, LANGUAGE)


@pytest.mark.parametrize(("phrase", "reason"), REFUSED_DATES)
def test_dates_refused_with_a_reason(phrase, reason):
    assert read_when(phrase, MONDAY, language=LANGUAGE) is None
    assert reason in why_unreadable_when(phrase, MONDAY, language=LANGUAGE)
