"""Importing sources and claims from CSV: a preview first, then all or nothing.

The columns are those the CSV downloads write (claims.csv_export); columns an import
does not read (ids, counts, a claim's credibility and status, which reviewers and the
desk's links set) are ignored, so a downloaded file imports as it is.

`import_sources` and `import_claims` run the whole file inside one transaction, row
by row, through the rules of the desk's own pages: a claim row is cleaned by the
claim form (claims.forms.documents.ClaimForm: the quote found in the document's
body, dates and numbers read from their phrases unless the file gives them), a new
document by the document form, a new source's name as the source picker checks it.
Each row says what it does ("new", "already on the desk") or why it cannot be
imported. A preview (`write=False`) and an import with any refused row roll the
whole transaction back, so nothing is written until every row can be.

Nothing is made twice: a source is found by its name and kind
(Source.get_or_create_named), a document by its URL, a claim by its document and
its quote (the quote key, claims.anchors.quote_key; a claim without a quote by its
document, speaker and statement), a question by its text.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.db import transaction
from django.http import QueryDict

from .anchors import quote_key
from .forms.documents import ClaimForm, DocumentForm
from .models import Claim, Document, Question, Reliability, Source
from .pickers import source_name_error
from .services_claims import claim_create

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_ROWS = 5_000
SOURCE_COLUMNS = ("name", "kind")
CLAIM_COLUMNS = ("statement", "speaker", "speaker_kind", "document_url")
CLAIM_FIELDS = (
    "quote", "said_phrase", "said_start", "said_end", "said_precision", "about_phrase",
    "about_start", "about_end", "about_precision", "quantity_phrase", "quantity_low",
    "quantity_high", "quantity_unit", "certainty",
)
RELAY = re.compile(r"^(?P<name>.+?)\s*\((?P<kind>person|organization|outlet)\)$")
IMPORT_REASON = "Imported from CSV."


class ImportRefused(Exception):
    """The file as a whole cannot be read (not CSV, missing columns, too many rows)."""


@dataclass(slots=True)
class ImportRow:
    """One row of the file: its line, what it shows, what it does or why it cannot."""

    line: int
    shown: tuple[str, ...]  # the row's key cells, as the preview lists them
    action: str = ""  # "new", "already on the desk"
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ImportResult:
    rows: list[ImportRow]
    written: bool  # whether the rows were kept (False for a preview or any refusal)

    @property
    def refused(self) -> int:
        return sum(1 for row in self.rows if row.errors)

    @property
    def added(self) -> int:
        return sum(1 for row in self.rows if row.action == "new" and not row.errors)

    @property
    def existing(self) -> int:
        return sum(1 for row in self.rows if row.action == "already on the desk")


class _RollBack(Exception):
    pass


def plain(value: str) -> str:
    """A cell as the desk keeps it: the apostrophe the export put before a formula-like
    text taken off again."""
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def read_rows(text: str, required: tuple[str, ...]) -> list[dict[str, str]]:
    """The file's rows as dicts of plain cells; ImportRefused when it cannot be used."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    reader = csv.DictReader(io.StringIO(text))
    try:
        header = reader.fieldnames or []
        missing = [name for name in required if name not in header]
        if missing:
            raise ImportRefused(
                "The file has no column " + ", ".join(f"“{m}”" for m in missing)
                + ". The first line must name the columns, as a CSV download does."
            )
        rows = []
        for row in reader:
            if len(rows) == MAX_ROWS:
                raise ImportRefused(f"A file may hold at most {MAX_ROWS:,} rows.")
            rows.append({key: plain(value or "") for key, value in row.items() if key})
    except csv.Error as error:
        raise ImportRefused(f"This is not a CSV file the desk can read ({error}).") from None
    return rows


def _run(work, write: bool) -> ImportResult:
    """`work()`'s rows, kept only when `write` and no row was refused."""
    rows: list[ImportRow] = []
    try:
        with transaction.atomic():
            rows = work()
            if not write or any(row.errors for row in rows):
                raise _RollBack
    except _RollBack:
        return ImportResult(rows=rows, written=False)
    return ImportResult(rows=rows, written=True)


def _source(name: str, kind: str, what: str, errors: list[str]) -> Source | None:
    """The source of this name and kind, made if new; None (and why) if it cannot be."""
    name = " ".join(name.split())
    if kind not in Source.Kind.values:
        errors.append(f"{what}: the kind must be person, organization or outlet, not “{kind}”.")
        return None
    problem = source_name_error(name)
    if problem:
        errors.append(f"{what}: {problem}")
        return None
    return Source.get_or_create_named(name=name, kind=kind)[0]


# --- sources ---------------------------------------------------------------------------


def grades_in(text: str) -> bool:
    """Whether a sources file sets grades (only admins import those)."""
    return any(row.get("reliability", "").strip() for row in read_rows(text, SOURCE_COLUMNS))


def import_sources(*, text: str, by, write: bool) -> ImportResult:
    """Sources from CSV (name, kind; description, affiliation and affiliation_kind,
    reliability optional): a preview unless `write`. A grade is set as the grading page
    sets it, with its history; the caller lets only admins import a file with grades."""
    records = read_rows(text, SOURCE_COLUMNS)

    def work() -> list[ImportRow]:
        rows = []
        for line, record in enumerate(records, start=2):
            name, kind = record["name"], record["kind"].strip().lower()
            row = ImportRow(line=line, shown=(name, kind, record.get("reliability", "")))
            rows.append(row)
            grade = record.get("reliability", "").strip().upper()
            if grade and grade not in Reliability.values:
                row.errors.append(f"The grade must be one of A to F, not “{grade}”.")
            found = Source.called(" ".join(name.split()), kind)
            source = found or _source(name, kind, "The source", row.errors)
            if source is None:
                continue
            row.action = "already on the desk" if found else "new"
            description = record.get("description", "").strip()
            if found is None and description:
                if len(description) > 300:
                    row.errors.append("A description is limited to 300 characters.")
                else:
                    source.description = description
                    source.save(update_fields=["description", "updated_at"])
            affiliation = record.get("affiliation", "").strip()
            if affiliation and source.affiliation_id is None:
                kind_of = record.get("affiliation_kind", "").strip().lower() or "organization"
                belongs = _source(affiliation, kind_of, "Its affiliation", row.errors)
                if belongs is not None and belongs.pk != source.pk:
                    source.affiliation = belongs
                    source.save(update_fields=["affiliation", "updated_at"])
            if grade in Reliability.values and not row.errors:
                source.set_reliability(grade, reason=IMPORT_REASON, by=by)
        return rows

    return _run(work, write)


# --- claims ----------------------------------------------------------------------------


def _document(record: dict, errors: list[str]) -> Document | None:
    """The claim's document by its URL, made from the row's document columns if new."""
    url = record["document_url"].strip()
    if not url:
        errors.append("The document’s URL is missing: claims are imported by document URL.")
        return None
    found = Document.objects.filter(url=url).first()
    if found is not None:
        return found
    data = {
        "url": url, "title": record.get("document_title", ""),
        "published_at": record.get("document_published_at", ""),
        "language": record.get("document_language", ""), "body": "",
    }
    publisher = record.get("document_publisher", "").strip()
    if publisher:
        outlet = _source(publisher, Source.Kind.OUTLET, "The publisher", errors)
        if outlet is None:
            return None
        data["publisher"] = str(outlet.pk)
    form = DocumentForm(data)
    if not form.is_valid():
        errors.extend(f"Document {form[name].label.lower()}: {message}"
                      for name, messages in form.errors.items() for message in messages)
        return None
    document = form.save(commit=False)
    document.save()
    return document


def _lines(cell: str) -> list[str]:
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _claim_data(record: dict, speaker: Source, errors: list[str], by) -> QueryDict:
    """The claim form's data from a row, as the claim page would post it."""
    data = QueryDict(mutable=True)
    data["statement"] = record["statement"]
    data["speaker"] = str(speaker.pk)
    for name in CLAIM_FIELDS:
        data[name] = record.get(name, "")
    for side in ("low", "high"):
        if record.get(f"quantity_{side}_inclusive", "yes").strip().lower() not in ("no", "false"):
            data[f"quantity_{side}_inclusive"] = "on"
    # The file gives the readings: a phrase left unread there is saved as typed.
    data["keep_unread"] = "on"
    relays = []
    for line in _lines(record.get("relays", "")):
        match = RELAY.match(line)
        if match is None:
            errors.append(f"A relay is written “name (kind)”, not “{line}”.")
            continue
        relay = _source(match["name"], match["kind"], "A relay", errors)
        if relay is not None:
            relays.append(str(relay.pk))
    data.setlist("relays", relays)
    questions = []
    for text in _lines(record.get("questions", "")):
        if len(text) > 300:
            errors.append("A question is limited to 300 characters.")
            continue
        question = Question.objects.filter(text=text).order_by("pk").first()
        questions.append(str((question or Question.objects.create(text=text, created_by=by)).pk))
    data.setlist("questions", questions)
    return data


def _same_claim(document: Document, speaker: Source, record: dict) -> bool:
    quote = record.get("quote", "")
    claims = Claim.objects.filter(document=document)
    if quote.strip():
        return claims.filter(quote_key=quote_key(quote)).exists()
    return claims.filter(quote="", speaker=speaker, statement=record["statement"]).exists()


def import_claims(*, text: str, by, write: bool) -> ImportResult:
    """Claims from CSV, each cleaned by the claim form: a preview unless `write`."""
    records = read_rows(text, CLAIM_COLUMNS)

    def work() -> list[ImportRow]:
        rows = []
        for line, record in enumerate(records, start=2):
            row = ImportRow(line=line, shown=(
                record["statement"], record["speaker"], record["document_url"]
            ))
            rows.append(row)
            speaker = _source(
                record["speaker"], record["speaker_kind"].strip().lower(), "The speaker",
                row.errors,
            )
            document = _document(record, row.errors)
            if speaker is None or document is None:
                continue
            if _same_claim(document, speaker, record):
                row.action = "already on the desk"
                continue
            data = _claim_data(record, speaker, row.errors, by)
            form = ClaimForm(data, document=document)
            if not form.is_valid():
                row.errors.extend(
                    message if name == "__all__" else f"{form[name].label}: {message}"
                    for name, messages in form.errors.items() for message in messages
                )
                continue
            if not row.errors:
                claim_create(document=document, data=form.cleaned_data, by=by)
                row.action = "new"
        return rows

    return _run(work, write)
