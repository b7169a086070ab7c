"""The test stories of ../shared/data loaded as documents, and every figure, date and
certainty in them read in the document's language, as DOMAIN.md says."""

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from claims.certainty import suggest_certainty
from claims.dates import read_when
from claims.forms.documents import reading_time
from claims.models import Document
from claims.quantities import read_quantity, why_unreadable
from claims.stories import StoryError, read_story, story_document
from tests.conftest import SHARED_DATA

N = Decimal
OPEN = None

STORIES = {
    "desk-wire-en-2014-08-15.txt": (
        "Aid convoy halts at the border as the sides dispute what crossed",
        "Desk Wire (a test outlet)",
        datetime(2014, 8, 15, 18, 0, tzinfo=UTC),
        "en",
    ),
    "desk-wire-ru-2014-08-04.txt": (
        "Свыше 400 украинских военных перешли границу России",
        "Desk Wire (тестовое агентство)",
        datetime(2014, 8, 4, 12, 30, tzinfo=timezone(timedelta(hours=4))),
        "ru",
    ),
    "desk-wire-uk-2014-08-04.txt": (
        "Частина 72-ї бригади відійшла на територію Росії",
        "Desk Wire (тестова агенція)",
        datetime(2014, 8, 4, 14, 0, tzinfo=timezone(timedelta(hours=3))),
        "uk",
    ),
}

# (story, phrase as printed, date start, end, precision); None: refused (not a day)
DATES = [
    ("en", "on Thursday", "2014-08-14", "2014-08-14", "day"),
    ("en", "said on Friday", "2014-08-15", "2014-08-15", "day"),
    ("en", "overnight", "2014-08-14", "2014-08-15", "day"),
    ("en", "two days after leaving the Moscow region", None, None, None),
    ("ru", "В понедельник", "2014-08-04", "2014-08-04", "day"),
    ("ru", "к обеду", "2014-08-04", "2014-08-04", "day"),
    ("ru", "С начала апреля", "2014-04-01", None, "day"),
    ("uk", "У понеділок", "2014-08-04", "2014-08-04", "day"),
    ("uk", "Від квітня", "2014-04-01", None, "month"),
]
# (story, phrase as printed, low, high, low_inclusive, high_inclusive, unit); None: refused
FIGURES = [
    ("en", "about 280 trucks", N(252), N(308), True, True, "trucks"),
    ("en", "nearly 2,000 tonnes of humanitarian aid", N(1800), N(2000), True, False, "tonnes"),
    ("en", "23 armoured vehicles", N(23), N(23), True, True, "armoured vehicles"),
    ("ru", "свыше 400 украинских военнослужащих", N(400), OPEN, False, True,
     "украинский военнослужащий"),
    ("ru", "438 военных", N(438), N(438), True, True, "военный"),
    ("ru", "более 180", N(180), OPEN, False, True, ""),
    ("ru", "по меньшей мере 1129 мирных жителей", N(1129), OPEN, True, True, "мирный житель"),
    ("uk", "понад чотириста українських військових", N(400), OPEN, False, True,
     "український військовий"),
    ("uk", "щонайменше 1129 цивільних", N(1129), OPEN, True, True, "цивільний"),
    ("uk", "чотири години", N(4), N(4), True, True, "година"),
    ("uk", "72-ї бригади", None, None, None, None, None),  # an ordinal, not a figure
]
# (story, quote as printed, level or None)
CERTAINTY = [
    ("en", "could not say when an inspection would begin", "withheld"),
    ("en", "had not yet been told what the trucks contained", "withheld"),
    ("en", "A Russian border official denied that any military vehicles had crossed the border.",
     None),
    ("en", "Russia's Defence Ministry called the report a fantasy.", None),
    ("en", "said on Friday that 23 armoured vehicles had crossed into Ukraine overnight", None),
    ("ru", "пока рано говорить о том, сколько бойцов пересекли границу", "withheld"),
    ("ru", "Министерство обороны России на запрос не ответило.", "withheld"),
    ("ru", "на территорию России вышли 438 военных", None),
    ("uk", "зарано підтверджувати, скільки військових перетнули кордон", "withheld"),
    ("uk", "Російська сторона стверджує, що кордон перейшли понад чотириста українських "
     "військових.", None),
]


def story_text(name: str) -> str:
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"the test story is not at {path} (../shared/data is absent)")
    return path.read_text(encoding="utf-8")


def file_of(language: str) -> str:
    return next(name for name, header in STORIES.items() if header[3] == language)


@pytest.fixture
def documents(db) -> dict[str, Document]:
    return {
        header[3]: story_document(read_story(story_text(name))) for name, header in STORIES.items()
    }


@pytest.mark.parametrize("name", STORIES)
def test_a_story_loads_as_a_document_with_its_header(db, name):
    document = story_document(read_story(story_text(name)))
    title, publisher, published, language = STORIES[name]
    document.refresh_from_db()
    assert (document.title, document.publisher.name, document.language) == (
        title, publisher, language
    )
    assert document.published_at == published
    assert document.body.startswith(("A Russian convoy", "В понедельник", "У понеділок"))
    assert story_document(read_story(story_text(name))).pk == document.pk  # loaded once


def test_a_header_without_its_language_is_refused():
    with pytest.raises(StoryError, match="language"):
        read_story("Title: T\nPublisher: P\nPublished: Monday 4 August 2014, 12:00 (UTC)\n\nBody")


@pytest.mark.parametrize(("language", "phrase", "start", "end", "precision"), DATES)
def test_every_date_of_the_stories(documents, language, phrase, start, end, precision):
    document = documents[language]
    assert phrase.lower() in document.body.lower()
    when = read_when(phrase, reading_time(document), language=document.language)
    if start is None:
        assert when is None
        return
    assert (str(when.start), str(when.end) if when.end else None, when.precision) == (
        start, end, precision
    )


@pytest.mark.parametrize(
    ("language", "phrase", "low", "high", "low_inc", "high_inc", "unit"), FIGURES
)
def test_every_figure_of_the_stories(documents, language, phrase, low, high, low_inc, high_inc,
                                     unit):
    document = documents[language]
    assert phrase in document.body
    found = read_quantity(phrase, document.language)
    if low is None and high is None:
        assert found is None and why_unreadable(phrase, document.language)
        return
    assert (found.low, found.high, found.low_inclusive, found.high_inclusive, found.unit) == (
        low, high, low_inc, high_inc, unit
    )


@pytest.mark.parametrize(("language", "quote", "level"), CERTAINTY)
def test_every_certainty_of_the_stories(documents, language, quote, level):
    document = documents[language]
    assert quote in document.body
    found = suggest_certainty(quote, document.language)
    assert (found.level if found else None) == level


@pytest.mark.parametrize("language", ["en", "ru", "uk"])
def test_the_language_detector_suggests_each_story_s_language(language):
    from claims.languages import detect_language

    assert detect_language(read_story(story_text(file_of(language))).body) == language
