"""Logging and editing claims (the claim, its relays and its questions in one transaction),
putting a claim on a question or taking it off (kept in the claim's history), and adding or
editing a document with its claims' quote anchors."""

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Lower

from factdesk.batches import ROW_BATCH

from .anchors import anchor_quote, relocate
from .models import Claim, ClaimRelay, Document, Question, Source
from .services import refresh_link_speakers
from .services_inbox import pairs_refresh

# Fields the claim form's cleaned data carries straight onto the claim.
CLAIM_FIELDS = [
    "statement",
    "quote",
    "speaker",
    "said_phrase",
    "said_start",
    "said_end",
    "said_precision",
    "about_phrase",
    "about_start",
    "about_end",
    "about_precision",
    "quantity_phrase",
    "quantity_low",
    "quantity_high",
    "quantity_low_inclusive",
    "quantity_high_inclusive",
    "quantity_unit",
    "certainty",
]


class StaleClaim(Exception):
    """Someone saved the claim after the editor's copy was loaded."""

    def __init__(self, current: Claim):
        super().__init__(f"Claim {current.pk} is at version {current.version}")
        self.current = current


def _apply(claim: Claim, data: dict) -> None:
    for name in CLAIM_FIELDS:
        setattr(claim, name, data[name])
    anchor = data.get("anchor")
    claim.quote_start = anchor.start if anchor else None
    claim.quote_prefix = anchor.prefix if anchor else ""
    claim.quote_suffix = anchor.suffix if anchor else ""


def _set_relays(claim: Claim, relays) -> None:
    current = [link.source_id for link in claim.relay_links.order_by("position")]
    if current == [source.pk for source in relays]:
        return
    claim.relay_links.all().delete()
    ClaimRelay.objects.bulk_create(
        ClaimRelay(claim=claim, source=source, position=position)
        for position, source in enumerate(relays, start=1)
    )


def source_made(source: Source | None) -> Source | None:
    """A source a picker chose: itself when it is on the desk, else made now (its name and
    kind reused when someone made it meanwhile). A picker's "Create" makes nothing, so that
    a form abandoned leaves no source behind: the save that uses it makes it."""
    if source is None or source.pk is not None:
        return source
    return Source.get_or_create_named(name=source.name, kind=source.kind)[0]


def _made_sources(data: dict) -> dict:
    """`data` with its speaker and relays made (source_made), each relay once."""
    relays = {}
    for relay in data.get("relays") or []:
        made = source_made(relay)
        relays.setdefault(made.pk, made)
    return {**data, "speaker": source_made(data["speaker"]), "relays": list(relays.values())}


@transaction.atomic
def claim_create(*, document: Document, data: dict, by) -> Claim:
    """Log a claim from a document, with its relays and questions (and the sources and the
    question its form named anew), or nothing at all."""
    data = _made_sources(data)
    claim = Claim(document=document, created_by=by)
    _apply(claim, data)
    claim._history_user = by
    claim.save()
    _set_relays(claim, data.get("relays") or [])
    questions = list(data.get("questions") or [])
    if data.get("new_question"):
        questions.append(question_named(text=data["new_question"], by=by))
    claim.questions.set(questions)
    pairs_refresh(claim=claim)
    return claim


def question_named(*, text: str, by) -> Question:
    """The question with this text (its case ignored), made by `by` when there is none, so
    that a question started from the claim form twice is one question."""
    found = Question.objects.alias(lower_text=Lower("text")).filter(
        lower_text=Lower(Value(text))
    ).order_by("pk").first()
    if found is not None:
        return found
    question = Question(text=text, created_by=by)
    question._history_user = by
    question.save()
    return question


@transaction.atomic
def claim_update(*, claim: Claim, data: dict, version: int, by) -> Claim:
    """Save an edit made on `version` of the claim; raise StaleClaim if it moved on since.

    The version is claimed with one conditional UPDATE, so of two concurrent
    saves of the same version exactly one goes through.
    """
    moved = Claim.objects.filter(pk=claim.pk, version=version).update(
        version=F("version") + 1
    )
    if not moved:
        raise StaleClaim(Claim.objects.select_related("speaker").get(pk=claim.pk))
    data = _made_sources(data)
    speaker_before = claim.speaker_id
    _apply(claim, data)
    claim.version = version + 1
    claim._history_user = by
    claim.save()
    if claim.speaker_id != speaker_before:
        refresh_link_speakers(claim_ids=[claim.pk])
    _set_relays(claim, data.get("relays") or [])
    if {q.pk for q in claim.questions.all()} != {q.pk for q in data.get("questions") or []}:
        claim.questions.set(data.get("questions") or [])
    pairs_refresh(claim=claim)
    return claim


@transaction.atomic
def question_claim_add(*, question: Question, claim: Claim, by) -> bool:
    """Put `claim` on `question`; False when it was on it already. The claim's history keeps
    who did it and which question (its change reason), whoever logged the claim."""
    return _question_membership(question=question, claim=claim, by=by, on=True)


@transaction.atomic
def question_claim_remove(*, question: Question, claim: Claim, by) -> bool:
    """Take `claim` off `question`; False when it was not on it. Kept as question_claim_add."""
    return _question_membership(question=question, claim=claim, by=by, on=False)


def _question_membership(*, question: Question, claim: Claim, by, on: bool) -> bool:
    Claim.objects.select_for_update().filter(pk=claim.pk).first()  # one change at a time
    if claim.questions.filter(pk=question.pk).exists() == on:
        return False
    # django-simple-history records the claim when its questions change: with these, that
    # record says who and what, where it said "changed" and nothing more.
    claim._history_user = by
    claim._change_reason = (
        f"Put on the question “{question.text}”" if on
        else f"Taken off the question “{question.text}”"
    )
    if on:
        claim.questions.add(question)
    else:
        claim.questions.remove(question)
    return True


class DuplicateUrl(Exception):
    """Another document took this URL between the form's check and the save (two identical
    "add document" submissions at once): the database refused the second
    (document_url_unique)."""


def _save_document(document: Document) -> None:
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        taken = Document.objects.filter(url=document.url).exclude(pk=document.pk)
        if document.url and taken.exists():
            raise DuplicateUrl(Document.URL_TAKEN) from None
        raise


@transaction.atomic
def document_add(*, document: Document, by) -> Document:
    """Add `document` (made by the form, not yet saved) as logged by `by`, with the publisher
    its form named anew; raise DuplicateUrl when another document has its URL by now (and
    nothing is made)."""
    document.created_by = by
    document.publisher = source_made(document.publisher)
    _save_document(document)
    return document


class StaleDocument(Exception):
    """Someone saved the document after the editor's copy was loaded."""

    def __init__(self, current: Document):
        super().__init__(f"Document {current.pk} was saved at {current.updated_at}")
        self.current = current


@transaction.atomic
def document_update(*, document: Document, loaded_at) -> int:
    """Save `document` (the edit applied, not yet saved) unless its row was saved after
    `loaded_at`, when StaleDocument is raised (DuplicateUrl when another document has taken
    its new URL meanwhile); with a new body, re-anchor every claim's
    quote in it. Returns how many quotes that were anchored are no longer found.

    The row stays locked from the check to the write, so of two saves of the same
    copy exactly one goes through.
    """
    current = Document.objects.select_for_update().get(pk=document.pk)
    if current.updated_at != loaded_at:
        raise StaleDocument(current)
    document.publisher = source_made(document.publisher)
    _save_document(document)
    if document.body == current.body:
        return 0
    fields = ["quote_start", "quote_prefix", "quote_suffix"]
    claims = list(document.claims.exclude(quote="").only("quote", *fields))
    lost = 0
    for claim in claims:
        start = relocate(
            document.body, claim.quote, claim.quote_prefix, claim.quote_suffix, claim.quote_start
        )
        anchor = anchor_quote(document.body, claim.quote, near=start) if start is not None else None
        lost += claim.quote_start is not None and anchor is None
        claim.quote_start = anchor.start if anchor else None
        claim.quote_prefix = anchor.prefix if anchor else ""
        claim.quote_suffix = anchor.suffix if anchor else ""
    Claim.objects.bulk_update(claims, fields, batch_size=ROW_BATCH)
    return lost
