"""The readers on Russian phrasing (issue 14), as a table per reader.

Published on Monday 4 August 2014 (the Russian test story: 12:30, UTC+4). The rows
were written for this file, in the wording of Russian agency copy, with the desk's
rules: a bare weekday is the publication day or the one before, a month without a year
the latest one not after publication, "с апреля" an open range.
"""

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from claims.certainty import suggest_certainty
from claims.dates import read_when
from claims.dates import why_unreadable as why_unreadable_when
from claims.quantities import read_quantity, why_unreadable

LANGUAGE = "ru"
MONDAY = datetime(2014, 8, 4, 12, 30, tzinfo=timezone(timedelta(hours=4)))
D = date
N = Decimal
OPEN = None

# (phrase, start, end, precision)
DATE_ROWS = [
    # weekdays, in their cases
    ("в понедельник", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("понедельник", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("во вторник", D(2014, 7, 29), D(2014, 7, 29), "day"),
    ("в пятницу", D(2014, 8, 1), D(2014, 8, 1), "day"),
    ("в воскресенье вечером", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("в субботу утром", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("в прошлый понедельник", D(2014, 7, 28), D(2014, 7, 28), "day"),
    ("в следующий понедельник", D(2014, 8, 11), D(2014, 8, 11), "day"),
    ("в ночь на воскресенье", D(2014, 8, 3), D(2014, 8, 3), "day"),
    # ranges and open ranges
    ("с понедельника по пятницу", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("начнутся в понедельник и продлятся до пятницы", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("с апреля", D(2014, 4, 1), None, "month"),
    ("с начала апреля", D(2014, 4, 1), None, "day"),
    ("с начала месяца", D(2014, 8, 1), None, "day"),
    ("с понедельника", D(2014, 8, 4), None, "day"),
    ("с 4 по 8 августа", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("с апреля по июнь", D(2014, 4, 1), D(2014, 6, 30), "month"),
    # days around publication
    ("сегодня", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("вчера", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("позавчера", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("завтра", D(2014, 8, 5), D(2014, 8, 5), "day"),
    ("накануне", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("прошлой ночью", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("сегодня утром", D(2014, 8, 4), D(2014, 8, 4), "day"),
    # N days, weeks ago
    ("три дня назад", D(2014, 8, 1), D(2014, 8, 1), "day"),
    ("5 дней назад", D(2014, 7, 30), D(2014, 7, 30), "day"),
    ("два дня назад", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("неделю назад", D(2014, 7, 28), D(2014, 7, 28), "day"),
    ("месяц назад", D(2014, 7, 1), D(2014, 7, 31), "month"),
    # weeks, months, years
    ("на прошлой неделе", D(2014, 7, 28), D(2014, 8, 3), "day"),
    ("на этой неделе", D(2014, 8, 4), D(2014, 8, 10), "day"),
    ("на следующей неделе", D(2014, 8, 11), D(2014, 8, 17), "day"),
    ("в прошлом месяце", D(2014, 7, 1), D(2014, 7, 31), "month"),
    ("в прошлом году", D(2013, 1, 1), D(2013, 12, 31), "year"),
    ("в 2013 году", D(2013, 1, 1), D(2013, 12, 31), "year"),
    ("в минувшие выходные", D(2014, 8, 2), D(2014, 8, 3), "day"),
    # months without a year, declined
    ("в апреле", D(2014, 4, 1), D(2014, 4, 30), "month"),
    ("в сентябре", D(2013, 9, 1), D(2013, 9, 30), "month"),
    ("4 августа", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("3 августа 2014 года", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("в начале августа", D(2014, 8, 1), D(2014, 8, 10), "day"),
    ("в конце прошлого месяца", D(2014, 7, 21), D(2014, 7, 31), "day"),
    ("в середине июля", D(2014, 7, 11), D(2014, 7, 20), "day"),
    ("прошлой зимой", D(2013, 12, 1), D(2014, 2, 28), "month"),
    ("04.08.2014", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("1-3 августа", D(2014, 8, 1), D(2014, 8, 3), "day"),
    ("в среду, 6 августа", D(2014, 8, 6), D(2014, 8, 6), "day"),
    ("в эту пятницу", D(2014, 8, 8), D(2014, 8, 8), "day"),
    ("в 10:00 по московскому времени", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("весной", D(2014, 3, 1), D(2014, 5, 31), "month"),
    ("этим летом", D(2014, 6, 1), D(2014, 8, 31), "month"),
    ("в начале недели", D(2014, 8, 4), D(2014, 8, 5), "day"),
    ("в конце года", D(2014, 9, 1), D(2014, 12, 31), "month"),
]

# (phrase, low, high, low_inclusive, high_inclusive, unit)
QUANTITY_ROWS = [
    ("свыше 400 украинских военнослужащих", N(400), OPEN, False, True,
     "украинский военнослужащий"),
    ("438 военных", N(438), N(438), True, True, "военный"),
    ("из них более 180", N(180), OPEN, False, True, ""),
    ("по меньшей мере 1129 мирных жителей", N(1129), OPEN, True, True, "мирный житель"),
    ("более 400", N(400), OPEN, False, True, ""),
    ("больше 100 самолетов и вертолетов", N(100), OPEN, False, True, "самолет и вертолет"),
    ("не менее 20 танков", N(20), OPEN, True, True, "танк"),
    ("по крайней мере 12 человек", N(12), OPEN, True, True, "человек"),
    ("около 280 грузовиков", N(252), N(308), True, True, "грузовик"),
    ("почти 2000 тонн", N(1800), N(2000), True, False, "тонна"),
    ("до 50 человек", OPEN, N(50), True, True, "человек"),
    ("менее 50 человек", OPEN, N(50), True, False, "человек"),
    ("не более 10", OPEN, N(10), True, True, ""),
    ("от 100 до 150 человек", N(100), N(150), True, True, "человек"),
    ("сотни военных", N(200), N(999), True, True, "военный"),
    ("десятки тысяч беженцев", N(20000), N(99999), True, True, "беженец"),
    ("несколько сотен человек", N(300), N(900), True, True, "человек"),
    ("тысячи беженцев", N(2000), N(9999), True, True, "беженец"),
    ("четыреста тридцать восемь военнослужащих", N(438), N(438), True, True,
     "военнослужащий"),
    ("четырехсот военнослужащих", N(400), N(400), True, True, "военнослужащий"),
    ("двух тысяч человек", N(2000), N(2000), True, True, "человек"),
    ("2,5 тыс. человек", N(2500), N(2500), True, True, "человек"),
    ("1 129 погибших", N(1129), N(1129), True, True, "погибший"),
    ("3,2 млн рублей", N(3200000), N(3200000), True, True, "рубль"),
    ("превысило 400", N(400), OPEN, False, True, ""),
    ("перевалило за 1000", N(1000), OPEN, False, True, ""),
    ("120 взрослых и 30 детей", N(150), N(150), True, True, "человек"),
    ("ни одного военного", N(0), N(0), True, True, "военный"),
    ("вышли 438 военных", N(438), N(438), True, True, "военный"),
    ("десяток бойцов", N(9), N(11), True, True, "боец"),
    ("полторы тысячи беженцев", N(1500), N(1500), True, True, "беженец"),
    ("около сотни", N(90), N(110), True, True, ""),
    ("более тысячи человек", N(1000), OPEN, False, True, "человек"),
    ("несколько десятков человек", N(30), N(90), True, True, "человек"),
    ("двое бойцов", N(2), N(2), True, True, "боец"),
]

# (quote, level or None, cue or None)
CERTAINTY_ROWS = [
    ("Пресс-центр АТО заявил, что пока рано говорить о том, сколько бойцов пересекли "
     "границу", "withheld", "пока рано говорить"),
    ("Министерство обороны России на запрос не ответило.", "withheld",
     "на запрос не ответило"),
    ("Представитель ведомства не сообщил, сколько военных перешли границу.", "withheld",
     "не сообщил, сколько"),
    ("Связаться с пресс-службой не удалось.", "withheld",
     "Связаться с пресс-службой не удалось"),
    ("Нам не удалось связаться с командованием.", "withheld", "не удалось связаться"),
    ("В штабе отказались от комментариев.", "withheld", "отказались от комментариев"),
    ("Часть бригады, вероятно, перешла границу.", "hedged", "вероятно"),
    ("Скорее всего, военные отступили под обстрелом.", "hedged", "Скорее всего"),
    ("По предварительным данным, погибли 12 человек.", "hedged", "По предварительным данным"),
    ("На территорию России вышли 438 военных.", None, None),
    ("Свыше 400 украинских военнослужащих перешли российскую границу.", None, None),
]

REFUSED_QUANTITIES = [
    ("по 100 человек", "“по” is not a word I know for a bound"),
    ("за 400", "“за” is not a word I know for a bound"),
    ("не 400", "“не” is not a word I know for a bound"),
    ("1,129", "a comma is a decimal point"),
    ("100 и 150", "Two figures joined by “и”"),
    ("400 или 500 военных", "Two figures joined by “или”"),
]
REFUSED_DATES = [
    ("по понедельникам", "These words do not make a date I can read."),
    ("учения в понедельник", "“учения” is not a word I know in a date."),
    ("до пятницы", "These words do not make a date I can read."),
    ("в четверг, 6 августа", "The weekday is not that date's"),
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


def test_a_russian_total_lists_its_parts():
    found = read_quantity("283 пассажира и 15 членов экипажа", LANGUAGE)
    assert (found.low, found.high, found.unit) == (N(298), N(298), "человек")
    assert found.describe() == "298 человек: 283 пассажир + 15 член экипажа"


def test_an_english_reading_word_is_not_read_in_a_russian_phrase():
    # The readers put Russian words into their English reading words; English typed into a
    # Russian document is then read as English would be, which is what an editor expects.
    assert read_quantity("more than 400", LANGUAGE).low == N(400)
