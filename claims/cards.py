"""What the reviewer pages show, as presenters: link cards with what the user may do on
each, the new-link form's values, the link suggestions' rows, the compare page's columns,
pairing and picker rows, the review queue's count, and the question pages' rows and cards.

Each presenter carries its labels, URLs and formatted times; the macros of
templates/claims/review_macros.html draw them. What a user may do is read once per
request (LinkPowers) and set on each card as flags.
"""

from __future__ import annotations

from dataclasses import dataclass
from operator import attrgetter
from typing import ClassVar

from django.forms.utils import pretty_name

from .badges import Badge, badge_columns, badge_in, relays_by_claim, source_badge
from .compare import Verdict, compare
from .compiled import CompiledRows
from .forms.review import LinkForm
from .models import Claim, ClaimLink, Question
from .numberline import Drawing, date_line, number_line
from .paths import url, url_pattern
from .ratings import Rating, claim_rating
from .when import shown_day, shown_span, shown_time

CONTEXT_CHARS = 160
QUESTION_PAGE_SIZE = 30

KIND_LABELS = dict(ClaimLink.Kind.choices)
NATURE_LABELS = dict(ClaimLink.Nature.choices)
LINK_STATUS_LABELS = dict(ClaimLink.Status.choices)
OUTCOME_LABELS = dict(ClaimLink.Outcome.choices)
CLAIM_STATUS_LABELS = dict(Claim.Status.choices)
CERTAINTY_LABELS = dict(Claim.Certainty.choices)


# --- Dates ----------------------------------------------------------------------------------


def day(value) -> str:
    """A day as the desk shows every date (claims.when): "4 Aug 2014"."""
    return shown_day(value).text


def minute(value) -> str:
    """A moment as the desk shows it: "4 Aug 2014, 09:30"."""
    return shown_time(value).text


def second(value) -> str:
    """A moment to the second (changes a minute apart): "4 Aug 2014, 09:30:05"."""
    return shown_time(value, seconds=True).text


# --- What a user may do on links ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkPowers:
    """A user's permissions on links, asked once per request."""

    user_pk: int | None = None
    may_resolve: bool = False
    may_delete: bool = False
    may_add: bool = False


def link_powers(user) -> LinkPowers:
    if user is None or not user.is_authenticated:
        return LinkPowers()
    return LinkPowers(
        user_pk=user.pk,
        may_resolve=user.has_perm("claims.resolve_claimlink"),
        may_delete=user.has_perm("claims.delete_claimlink"),
        may_add=user.has_perm("claims.add_claimlink"),
    )


# --- Link cards ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkClaim:
    """One side of a link, as its card shows it."""

    pk: int
    statement: str
    status: str
    status_label: str
    speaker_name: str
    url: str


@dataclass(frozen=True, slots=True)
class LinkCard:
    """A link between two claims with the controls the user may use."""

    pk: int
    kind: str
    kind_label: str
    nature: str
    nature_label: str  # lower case, as the card shows it
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    note: str
    rationale: str
    version: int
    proposed_by_id: int | None
    first: LinkClaim
    second: LinkClaim
    created_at: object
    proposed_on: str
    resolved_on: str
    url: str
    compare_url: str
    resolve_url: str
    reopen_url: str
    remove_url: str
    may_resolve: bool
    may_reopen: bool
    may_remove: bool

    outcomes: ClassVar = tuple((str(value), str(label)) for value, label in
                               ClaimLink.Outcome.choices)

    @property
    def first_id(self) -> int:
        return self.first.pk

    @property
    def second_id(self) -> int:
        return self.second.pk


def _side(pk: int, statement: str, status: str, speaker_name: str) -> LinkClaim:
    return LinkClaim(
        pk=pk, statement=statement, status=status,
        status_label=CLAIM_STATUS_LABELS.get(status, status), speaker_name=speaker_name,
        url=url_pattern("claims:claim-detail").format(pk),
    )


def _card(powers: LinkPowers, *, pk, kind, nature, note, status, outcome, rationale,
          proposed_by_id, created_at, resolved_at, version, first, second) -> LinkCard:
    contradiction = kind == ClaimLink.Kind.CONTRADICTS
    return LinkCard(
        pk=pk, kind=kind, kind_label=KIND_LABELS.get(kind, kind), nature=nature,
        nature_label=str(NATURE_LABELS.get(nature, nature)).lower(), status=status,
        status_label=LINK_STATUS_LABELS.get(status, status), outcome=outcome,
        outcome_label=OUTCOME_LABELS.get(outcome, outcome), note=note, rationale=rationale,
        version=version, proposed_by_id=proposed_by_id, first=first, second=second,
        created_at=created_at, proposed_on=minute(created_at),
        resolved_on=minute(resolved_at) if resolved_at else "",
        url=url_pattern("claims:link-detail").format(pk),
        compare_url=f"{url('claims:compare')}?a={first.pk}&b={second.pk}",
        resolve_url=url_pattern("claims:link-resolve").format(pk),
        reopen_url=url_pattern("claims:link-reopen").format(pk),
        remove_url=url_pattern("claims:link-remove").format(pk),
        may_resolve=powers.may_resolve and contradiction and status == ClaimLink.Status.OPEN,
        may_reopen=powers.may_resolve and contradiction and status == ClaimLink.Status.RESOLVED,
        may_remove=powers.may_delete or (
            powers.may_add and powers.user_pk is not None and proposed_by_id == powers.user_pk
            and status == ClaimLink.Status.OPEN
        ),
    )


def card_of_row(row, powers: LinkPowers) -> LinkCard:
    """The card of a named row of ClaimLink.objects.card_rows()."""
    return _card(
        powers, pk=row.pk, kind=row.kind, nature=row.nature, note=row.note, status=row.status,
        outcome=row.outcome, rationale=row.rationale, proposed_by_id=row.proposed_by_id,
        created_at=row.created_at, resolved_at=row.resolved_at, version=row.version,
        first=_side(row.first_id, row.first__statement, row.first__status,
                    row.first__speaker__name),
        second=_side(row.second_id, row.second__statement, row.second__status,
                     row.second__speaker__name),
    )


def card_of_link(link: ClaimLink, powers: LinkPowers, first=None, second=None) -> LinkCard:
    """The card of a ClaimLink whose claims (or the `first` and `second` given) have their
    speakers loaded."""
    first, second = first or link.first, second or link.second
    return _card(
        powers, pk=link.pk, kind=link.kind, nature=link.nature, note=link.note,
        status=link.status, outcome=link.outcome, rationale=link.rationale,
        proposed_by_id=link.proposed_by_id, created_at=link.created_at,
        resolved_at=link.resolved_at, version=link.version,
        first=_side(first.pk, first.statement, first.status, first.speaker.name),
        second=_side(second.pk, second.statement, second.status, second.speaker.name),
    )


def link_cards(links, powers: LinkPowers) -> list[LinkCard]:
    """These links (a query, ordered) as cards: one query, no model instances."""
    return [card_of_row(row, powers) for row in links.card_rows()]


# Compiled once per connection: building the query cost more CPU than running it
# (claims/compiled.py; the claim page and its links panel, measured with profile_pages).
_CLAIM_LINKS = CompiledRows(lambda pk: ClaimLink.objects.of_claim(pk).card_rows())


def claim_link_cards(claim: Claim, user=None) -> list[LinkCard]:
    """A claim's links, oldest first, as its panel shows them (here and on the claim page),
    with the controls `user` may use (none without a user)."""
    powers = link_powers(user)
    return [card_of_row(row, powers) for row in _CLAIM_LINKS.rows(claim.pk)]


def queue_count_text(total: int | None, cached: bool) -> str:
    """What the review queue says of its size: the desk's open contradictions (counted at
    most once a minute when `cached`), or, with filters (total None), no number."""
    if total is None:
        return "Open contradictions matching the filters"
    plural = "" if total == 1 else "s"
    text = f"{total} open contradiction{plural} on the desk"
    return text + (" (counted at most once a minute)" if cached else "")


class CardsByIds:
    """Links to show as cards, sliced on the links table alone: a page's ids are picked by a
    subquery that reads no claim and no speaker, even for the rows an OFFSET skips, and
    only that page's links are joined to their claims. Slicing is all slice_page asks.
    On the benchmark desk the queue's query takes about 1 ms instead of 3."""

    def __init__(self, links, powers: LinkPowers, *order: str):
        self.links, self.powers, self.order = links, powers, order

    def __getitem__(self, part: slice) -> list[LinkCard]:
        ids = self.links.order_by(*self.order).values("pk")[part]
        return link_cards(ClaimLink.objects.filter(pk__in=ids).order_by(*self.order),
                          self.powers)


@dataclass(frozen=True, slots=True)
class Refusal:
    """What a card shows after a refused resolve or reopen: the error, or the link changed
    meanwhile (stale) and the rationale that was not saved, and the resolve form's values
    and errors sent back."""

    error: str = ""
    stale: str = ""
    lost_rationale: str = ""
    outcome: str | None = None
    rationale: str | None = None
    outcome_errors: tuple[str, ...] = ()
    rationale_errors: tuple[str, ...] = ()


NO_REFUSAL = Refusal()


def refusal(form=None, *, error: str = "", stale: str = "", lost_rationale: str = "") -> Refusal:
    """The Refusal of a ResolveForm sent back (if any) and these messages."""
    if form is None:
        return Refusal(error=error, stale=stale, lost_rationale=lost_rationale)
    return Refusal(
        error=error, stale=stale, lost_rationale=lost_rationale,
        outcome=form["outcome"].value(), rationale=form["rationale"].value(),
        outcome_errors=tuple(form["outcome"].errors),
        rationale_errors=tuple(form["rationale"].errors),
    )


@dataclass(frozen=True, slots=True)
class HistoryRow:
    when: str
    who: str
    status_label: str
    outcome_label: str
    rationale: str


@dataclass(frozen=True, slots=True)
class LinkPage:
    """A link's own page: its card, who proposed and resolved it, and its history."""

    card: LinkCard
    proposed_by: str
    resolved_by: str
    history: tuple[HistoryRow, ...]


def link_page(link: ClaimLink, powers: LinkPowers) -> LinkPage:
    """The page of a link read by ClaimLink.objects.for_action(): one query more, for the
    last 50 changes."""
    history = link.history.select_related("history_user").order_by("-history_date", "-pk")
    return LinkPage(
        card=card_of_link(link, powers),
        proposed_by=link.proposed_by.get_username() if link.proposed_by else "someone",
        resolved_by=link.resolved_by.get_username() if link.resolved_by else "",
        history=tuple(
            HistoryRow(
                when=second(h.history_date),
                who=(h.history_user.get_username() if h.history_user else "") or "—",
                status_label=LINK_STATUS_LABELS.get(h.status, h.status),
                outcome_label=OUTCOME_LABELS.get(h.outcome, h.outcome) or "—",
                rationale=h.rationale,
            )
            for h in history[:50]
        ),
    )


# --- The new-link form -------------------------------------------------------------------


def _choices(name: str) -> tuple[tuple[str, str], ...]:
    return tuple((str(value), str(label)) for value, label in LinkForm.base_fields[name].choices)


def _label(name: str) -> str:
    field = LinkForm.base_fields[name]
    return str(field.label or pretty_name(name))


@dataclass(frozen=True, slots=True)
class NewLinkForm:
    """An unbound LinkForm's values, for the macro new_link_form: LinkForm's labels,
    choices and note attributes are read once per process."""

    first: int
    second: int
    kind: str
    nature: str
    auto_id: str  # "id_s12_%s": the ids of the fields, sent back with the form
    next: str = ""

    kinds: ClassVar = _choices("kind")
    natures: ClassVar = _choices("nature")
    labels: ClassVar = {name: _label(name) for name in ("kind", "nature", "note")}
    note_attrs: ClassVar = tuple(
        (name, str(value)) for name, value in LinkForm.base_fields["note"].widget.attrs.items()
        if name != "id"
    )

    def id(self, name: str) -> str:
        return self.auto_id % name


def new_link_form(first: int, second: int, verdict, auto_id: str, next: str = "") -> NewLinkForm:  # noqa: A002
    """The form to link two claims, with the kind and nature the verdict suggests."""
    return NewLinkForm(
        first=first, second=second, kind=verdict.suggested_kind or ClaimLink.Kind.CONTRADICTS,
        nature=verdict.suggested_nature or "", auto_id=auto_id, next=next,
    )


# --- Link suggestions ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    pk: int
    flag: str
    label: str
    statement: str
    speaker_name: str
    why: str
    detail: str
    proposal: str  # the kind the suggestion proposes, in words: "Contradicts (certainty)"
    compare_url: str
    form: NewLinkForm | None
    dismiss_url: str  # "" for those who may not dismiss it


_KIND_LABELS = dict(ClaimLink.Kind.choices)
_NATURE_LABELS = dict(ClaimLink.Nature.choices)


def proposal_words(verdict: Verdict) -> str:
    """The kind a verdict proposes, in words ("Supports", "Contradicts (causal)")."""
    kind = verdict.suggested_kind or ClaimLink.Kind.CONTRADICTS
    words = _KIND_LABELS[kind]
    if verdict.suggested_nature:
        words += f" ({_NATURE_LABELS[verdict.suggested_nature].lower()})"
    return words


def suggestion_rows(claim_pk: int, suggestions, *, may_link: bool) -> list[SuggestionRow]:
    """The rows of a claim's suggested competitors; a link form and a dismiss button on each
    when may_link."""
    compare_url = f"{url('claims:compare')}?a={claim_pk}&b="
    claim_url = url_pattern("claims:claim-detail").format(claim_pk)
    dismiss_url = url_pattern("claims:suggestion-dismiss").format(claim_pk) if may_link else ""
    rows = []
    for suggestion in suggestions:
        verdict, other = suggestion.verdict, suggestion.claim
        form = None
        if may_link:
            form = new_link_form(claim_pk, other.pk, verdict, f"id_s{other.pk}_%s", claim_url)
        rows.append(SuggestionRow(
            pk=other.pk, flag=verdict.flag, label=verdict.label, statement=other.statement,
            speaker_name=other.speaker.name, why=", ".join(suggestion.reasons),
            detail=verdict.detail, proposal=proposal_words(verdict),
            compare_url=f"{compare_url}{other.pk}", form=form, dismiss_url=dismiss_url,
        ))
    return rows


@dataclass(frozen=True, slots=True)
class DismissedRow:
    """A claim dismissed as not competing with the claim, and how to take that back."""

    pk: int
    statement: str
    url: str
    dismissed_by: str
    dismissed_on: str


@dataclass(frozen=True, slots=True)
class Dismissed:
    """The claim's dismissed pairs: how many, the latest few, and where to restore one
    ("" for those who may not)."""

    count: int
    rows: list[DismissedRow]
    restore_url: str


def dismissed_pairs(claim_pk: int, rows, count: int, *, may_link: bool) -> Dismissed:
    """The claim's dismissed pairs (rows of suggestions.dismissed_of) as the list shows."""
    claim_url = url_pattern("claims:claim-detail")
    return Dismissed(
        count=count,
        rows=[
            DismissedRow(
                pk=row.other, statement=row.statement, url=claim_url.format(row.other),
                dismissed_by=row.dismissed_by__username or "someone no longer on the desk",
                dismissed_on=day(row.created_at),
            )
            for row in rows
        ],
        restore_url=url_pattern("claims:suggestion-restore").format(claim_pk) if may_link else "",
    )


# --- The compare page ----------------------------------------------------------------------


def quote_in_context(claim: Claim, chars: int = CONTEXT_CHARS) -> tuple[str, str, str]:
    """The claim's quote with some of its document's text either side."""
    body = claim.document.body
    start = claim.quote_start
    if body and start is not None and body[start : start + len(claim.quote)] == claim.quote:
        end = start + len(claim.quote)
        before = body[max(0, start - chars) : start]
        after = body[end : end + chars]
        return ("…" + before if start > chars else before), claim.quote, (
            after + "…" if end + chars < len(body) else after
        )
    return claim.quote_prefix, claim.quote, claim.quote_suffix


@dataclass(frozen=True, slots=True)
class CompareColumn:
    """One claim as a column of the compare page shows it."""

    pk: int
    statement: str
    url: str
    before: str
    quote: str
    after: str
    document_title: str
    published_on: str
    chain: tuple[Badge, ...]
    said: str
    said_phrase: str
    about: str
    about_phrase: str
    quantity: str
    certainty: str
    certainty_label: str
    rating: Rating
    status: str
    status_label: str


def _said(claim) -> str:
    if not claim.said_start:
        return "unknown"
    return shown_span(claim.said_start, claim.said_end, claim.said_precision or "day").text


def _about(claim) -> str:
    if not claim.about_start:
        return "not given"
    return shown_span(claim.about_start, claim.about_end, claim.about_precision or "day",
                      open_end=True).text


def claims_to_compare():
    """Claims as the compare columns show them: speaker, document, relays."""
    return Claim.objects.select_related("speaker", "document").with_relays()


def compare_column(claim: Claim | None) -> CompareColumn | None:
    """The column of a claim read with its speaker, document and relays."""
    if claim is None:
        return None
    before, quote, after = quote_in_context(claim)
    quantity = "none"
    if claim.has_quantity:
        quantity = claim.quantity_phrase or "given"
        if claim.quantity_unit:
            quantity += f" ({claim.quantity_unit})"
    return CompareColumn(
        pk=claim.pk, statement=claim.statement, url=claim.get_absolute_url(),
        before=before, quote=quote, after=after, document_title=claim.document.title,
        published_on=day(claim.document.published_at),
        chain=tuple(source_badge(s) for s in claim.attribution_chain()),
        said=_said(claim), said_phrase=claim.said_phrase, about=_about(claim),
        about_phrase=claim.about_phrase, quantity=quantity, certainty=claim.certainty,
        certainty_label=CERTAINTY_LABELS.get(claim.certainty, claim.certainty),
        rating=claim_rating(claim), status=claim.status,
        status_label=CLAIM_STATUS_LABELS.get(claim.status, claim.status),
    )


def compare_url(a_pk: int | None, b_pk: int | None) -> str:
    params = [f"{key}={pk}" for key, pk in (("a", a_pk), ("b", b_pk)) if pk is not None]
    return url("claims:compare") + ("?" + "&".join(params) if params else "")


@dataclass(frozen=True, slots=True)
class Pairing:
    """How two picked claims relate, as the compare page's pairing shows it."""

    compare_url: str
    both_picked: bool
    verdict: Verdict | None = None
    scale: Drawing | None = None
    dates: Drawing | None = None
    link: LinkCard | None = None
    link_form: NewLinkForm | None = None


def pair_of(a: Claim | None, b: Claim | None, powers: LinkPowers) -> Pairing:
    """The pairing of two claims read by claims_to_compare (either may be missing): the
    verdict, the drawings, and their link's card or, for those who may link, the form."""
    here = compare_url(a and a.pk, b and b.pk)
    if a is None or b is None or a.pk == b.pk:
        return Pairing(compare_url=here, both_picked=a is not None and b is not None)
    # The link card reads of each claim what the columns have read already: the link alone
    # is fetched (at most one per pair), and its claims are the columns' own.
    link = ClaimLink.objects.of_pair(a.pk, b.pk).first()
    verdict = compare(a, b)
    card = form = None
    if link is not None:
        card = card_of_link(link, powers, *((a, b) if link.first_id == a.pk else (b, a)))
    elif powers.may_add:
        form = new_link_form(a.pk, b.pk, verdict, "id_pair_%s", here)
    return Pairing(
        compare_url=here, both_picked=True, verdict=verdict, link=card, link_form=form,
        scale=number_line([a, b], title="The two figures on one scale"),
        dates=date_line(
            [
                (c.speaker.name, c.about_phrase or "about", c.about_start, c.about_end, f"side-{s}")
                for s, c in (("a", a), ("b", b))
            ],
            title="The times the two claims are about",
        ),
    )


@dataclass(frozen=True, slots=True)
class PickerRow:
    """A claim the picker offers for one side, and the comparison it leads to."""

    url: str
    statement: str
    speaker_name: str
    flag: str = ""  # the verdict of a suggestion (none for a search result)
    label: str = ""


def picker_rows(side: str, a_pk: int | None, b_pk: int | None, claims, suggestions):
    """Rows for searched `claims`, or else for `suggestions` (claims.suggestions)."""
    found = [(claim, None) for claim in claims] or [(s.claim, s) for s in suggestions]
    rows = []
    for claim, suggestion in found:
        pair = (claim.pk, b_pk) if side == "a" else (a_pk, claim.pk)
        rows.append(PickerRow(
            url=compare_url(*pair), statement=claim.statement, speaker_name=claim.speaker.name,
            flag=suggestion.verdict.flag if suggestion else "",
            label=suggestion.verdict.label if suggestion else "",
        ))
    return rows


# --- Question pages --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionRow:
    """A question in the list."""

    pk: int
    text: str
    url: str
    claim_count: int
    created_on: str


def question_rows(questions) -> list[QuestionRow]:
    """Questions of Question.objects.for_list() as the list shows them."""
    pattern = url_pattern("claims:question-detail")
    return [
        QuestionRow(pk=q.pk, text=q.text, url=pattern.format(q.pk), claim_count=q.claim_count,
                    created_on=day(q.created_at))
        for q in questions
    ]


@dataclass(frozen=True, slots=True)
class QuestionCard:
    """A claim's card on a question page, and what its drawings read of it."""

    pk: int
    statement: str
    url: str
    compare_url: str
    chain: tuple[Badge, ...]
    figure: str  # empty when the claim gives no figure
    certainty_label: str
    said: str
    status: str
    status_label: str
    rating: str
    speaker_name: str
    said_phrase: str
    said_start: object
    said_end: object
    has_quantity: bool
    quantity_low: object
    quantity_high: object
    quantity_low_inclusive: bool
    quantity_high_inclusive: bool
    quantity_unit: str


# What a question card reads of a claim, besides its speaker's badge.
QUESTION_CARD_FIELDS = (
    "pk", "statement", "status", "credibility", "said_phrase", "said_start", "said_end",
    "said_precision", "quantity_phrase", "quantity_low", "quantity_high", "quantity_low_inclusive",
    "quantity_high_inclusive", "quantity_unit", "certainty",
)


def claims_on(question: Question):
    """The pks of the question's claims, as a subquery."""
    return Claim.objects.filter(questions=question).values("pk")


def question_cards(question: Question, start: int,
                   size: int = QUESTION_PAGE_SIZE) -> list[QuestionCard]:
    """A page of the question's claims from `start`, in their order there: two queries
    (the claims with their speakers, then their relays), none for relays of no claims."""
    rows = list(
        Claim.objects.filter(questions=question.pk)
        .order_by("said_start", "created_at", "pk")
        .values_list(*QUESTION_CARD_FIELDS, *badge_columns("speaker"), named=True)
        [start : start + size]
    )
    relays = relays_by_claim(row.pk for row in rows)
    claim_url = url_pattern("claims:claim-detail")
    compare = url("claims:compare")
    cards = []
    for row in rows:
        has_quantity = row.quantity_low is not None or row.quantity_high is not None
        cards.append(QuestionCard(
            pk=row.pk, statement=row.statement, url=claim_url.format(row.pk),
            compare_url=f"{compare}?a={row.pk}",
            chain=(badge_in(row, "speaker__"), *relays.get(row.pk, ())),
            figure=(row.quantity_phrase or "given") if has_quantity else "",
            certainty_label=CERTAINTY_LABELS.get(row.certainty, row.certainty),
            said=shown_span(row.said_start, row.said_end, row.said_precision or "day").text
            or "unknown", status=row.status,
            status_label=CLAIM_STATUS_LABELS.get(row.status, row.status),
            rating=f"{row.speaker__reliability}{row.credibility or '-'}",
            speaker_name=row.speaker__name, said_phrase=row.said_phrase,
            said_start=row.said_start, said_end=row.said_end, has_quantity=has_quantity,
            quantity_low=row.quantity_low, quantity_high=row.quantity_high,
            quantity_low_inclusive=row.quantity_low_inclusive,
            quantity_high_inclusive=row.quantity_high_inclusive,
            quantity_unit=row.quantity_unit,
        ))
    return cards



def question_drawings(cards: list[QuestionCard]) -> dict:
    """What a question page draws of its cards: their figures on one scale, when each was
    said, and the statements of those said at no known time."""
    return {
        "scale": number_line(cards, title="The figures given in answer",
                             label=attrgetter("speaker_name")),
        "timeline": date_line(
            [(c.speaker_name, c.said_phrase or "said", c.said_start, c.said_end, f"claim-{c.pk}")
             for c in cards],
            title="When each claim was made",
        ),
        "undated": [c.statement for c in cards if c.said_start is None],
    }
