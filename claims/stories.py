"""The desk's test stories (``../shared/data/desk-wire-*.txt``) as documents.

Each story file starts with a line saying what it is, then its header, one
``Label: value`` a line, in the story's own language, then a blank line and
the body::

    Заголовок: Свыше 400 украинских военных перешли границу России
    Издание: Desk Wire (тестовое агентство)
    Опубликовано: понедельник, 4 августа 2014, 12:30 (Москва, UTC+4)
    Язык: ru

The publication time keeps its UTC offset ("(UTC)", "UTC+4", "UTC+3"): its
day is read with the desk's date reader in the story's language, so that
"4 августа 2014" and "Friday 15 August 2014" are read by one set of rules.
``read_story`` parses a file's text; ``story_document`` puts it on the desk
(idempotent: a second load updates the same document).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

from .dates import read_when
from .languages import known

STORY_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
STORY_GLOB = "desk-wire-*.txt"

_LABELS = {
    "title": ("title", "заголовок"),
    "publisher": ("publisher", "издание", "видання"),
    "published": ("published", "опубликовано", "опубліковано"),
    "language": ("language", "язык", "мова"),
}
_FIELD = {label: name for name, labels in _LABELS.items() for label in labels}
_HEADER = re.compile(r"^\s*(?P<label>[^\W\d_]+)\s*:\s*(?P<value>.+?)\s*$")
_CLOCK = re.compile(r"\b(?P<h>\d{1,2}):(?P<m>\d{2})\b")
_OFFSET = re.compile(r"\b(?:UTC|GMT)\s*(?P<sign>[+\-−])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?")


class StoryError(ValueError):
    """A story file whose header cannot be read; the message says which line."""


@dataclass(frozen=True)
class Story:
    title: str
    publisher: str
    published: datetime  # aware, in the story's own offset
    language: str
    body: str


def story_paths(folder: Path = STORY_DIR) -> list[Path]:
    """The test stories in ``folder``, by name; none when the folder is absent."""
    return sorted(folder.glob(STORY_GLOB)) if folder.is_dir() else []


def read_story(text: str) -> Story:
    """A story file's header and body."""
    fields: dict[str, str] = {}
    lines = text.replace("\r\n", "\n").split("\n")
    body_from = len(lines)
    for number, line in enumerate(lines):
        m = _HEADER.match(line)
        name = _FIELD.get(m.group("label").lower()) if m else None
        if name:
            fields[name] = m.group("value")
        elif fields and not line.strip():
            body_from = number + 1
            break
    missing = [name for name in _LABELS if name not in fields]
    if missing:
        raise StoryError(f"The story's header has no {', '.join(missing)}.")
    language = known(fields["language"])
    return Story(
        title=fields["title"],
        publisher=fields["publisher"],
        published=parse_published(fields["published"], language),
        language=language,
        body="\n".join(lines[body_from:]).strip() + "\n",
    )


def parse_published(value: str, language: str) -> datetime:
    """"понедельник, 4 августа 2014, 12:30 (Москва, UTC+4)" -> 2014-08-04 12:30+04:00."""
    clock = _CLOCK.search(value)
    if clock is None:
        raise StoryError(f"No time of day in “{value}”.")
    offset = _OFFSET.search(value)
    zone = UTC
    if offset:
        sign = -1 if offset.group("sign") in "-−" else 1
        delta = timedelta(hours=int(offset.group("h")), minutes=int(offset.group("m") or 0))
        zone = timezone(sign * delta)
    day_text = value[: clock.start()].strip(" ,")
    when = read_when(day_text, date(2000, 1, 1), language=language)
    if when is None or when.end != when.start:
        raise StoryError(f"No single day in “{value}”.")
    return datetime.combine(
        when.start, time(int(clock.group("h")), int(clock.group("m"))), tzinfo=zone
    )


def story_document(story: Story, *, by=None):
    """The story as a document, its publisher an outlet; loading it again updates it."""
    from .models import Document, Source

    publisher, _ = Source.objects.get_or_create(name=story.publisher, kind=Source.Kind.OUTLET)
    document, _ = Document.objects.update_or_create(
        title=story.title,
        publisher=publisher,
        defaults={
            "published_at": story.published,
            "language": story.language,
            "body": story.body,
        },
        create_defaults={
            "published_at": story.published,
            "language": story.language,
            "body": story.body,
            "created_by": by,
        },
    )
    return document
