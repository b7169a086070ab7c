"""Small tags that build the desk's most repeated bits of HTML in Python.

A 25-row list used to `{% include "claims/_source.html" %}` once per source
in every attribution chain, a form per row on the review queue and the source
page, and Django's widget templates once per <option>: each is a template
render. These build the same HTML in Python, every value escaped (the local
format_html escapes exactly as Django's conditional_escape), and were checked
against the templates' output on the benchmark desk.
"""

from __future__ import annotations

import functools
import unicodedata
from html import escape as escape_text

from django import template
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString

register = template.Library()


def _escape(value) -> str:
    """django.utils.html.conditional_escape without its lazy-string wrapper."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return escape_text(str(value))


def format_html(format_string: str, *args) -> SafeString:
    """django.utils.html.format_html (same escaping), a few times faster: each badge or
    card calls it a dozen times, and a list page shows hundreds of them."""
    return SafeString(format_string.format(*(_escape(a) for a in args)))


def format_html_join(sep: str, format_string: str, args_generator) -> SafeString:
    return SafeString(sep.join(format_html(format_string, *args) for args in args_generator))


@functools.cache
def choice_labels(field) -> dict:
    """A model field's value -> its label (what get_<name>_display() shows), made once."""
    return {value: str(label) for value, label in field.flatchoices}


def _display(instance, name: str):
    """instance.get_<name>_display(), from a table made once per field: Django makes a
    hashable copy of the field's choices on every call (the labels are plain strings)."""
    value = getattr(instance, name)
    return choice_labels(instance._meta.get_field(name)).get(value, value)


def _label(model, name: str, value):
    """What get_<name>_display() shows for `value` of the model's field `name`."""
    return choice_labels(model._meta.get_field(name)).get(value, value)


_PLACEHOLDER = 2_147_483_647
_url_patterns: dict[tuple[str, str], str] = {}
_plain_urls: dict[tuple[str, str], str] = {}


def fast_url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for a URL whose only argument is an integer id.

    The URL is reversed once per name (and script prefix) with a placeholder
    and then filled in: reverse() costs tens of microseconds a call.
    """
    return url_pattern(name).format(int(pk))


def url_pattern(name: str) -> str:
    """The URL of `name` with "{}" for its integer id (fast_url's), for the current prefix."""
    key = (name, get_script_prefix())
    pattern = _url_patterns.get(key)
    if pattern is None:
        pattern = reverse(name, args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
        _url_patterns[key] = pattern
    return pattern


def fast_url_name(name: str) -> str:
    """reverse(name) for a URL without arguments, reversed once per name and script prefix."""
    key = (name, get_script_prefix())
    url = _plain_urls.get(key)
    if url is None:
        url = _plain_urls[key] = reverse(name)
    return url


# Badges already built, keyed by everything a badge shows: a source whose name, grade or
# track record changes has a new key, so no entry is ever stale. Bounded; per process.
_badges: dict[tuple, SafeString] = {}
BADGES_KEPT = 20_000


def source_badge_html(source) -> SafeString:
    """A source wherever it appears: its name (a link to its page), its grade and,
    on hover, its track record. Stored fields only: no query. Built once per process
    for what it shows (the busiest sources appear on most pages)."""
    return badge_html(source.pk, source.name, source.kind, source.reliability,
                      source.track_upheld, source.track_resolved)


def badge_html(pk, name, kind, reliability, upheld, resolved, prefix=None) -> SafeString:
    """source_badge_html from a source's pk and stored values (models.BADGE_FIELDS, in
    that order), as a list read as plain rows has them: no Source instance needed.
    `prefix`: get_script_prefix(), when the caller has read it already."""
    key = (pk, kind, name, reliability, upheld, resolved, prefix or get_script_prefix())
    html = _badges.get(key)
    if html is not None:
        return html
    from ..models import Source, track_record

    record = track_record(reliability, upheld, resolved)
    html = format_html(
        '<span class="source source-{}"><a class="source-name" href="{}">{}</a> '
        '<abbr class="grade grade-{}" title="Reliability {}; track record {}%: {}">{}</abbr>'
        "</span>",
        kind,
        fast_url("claims:source-detail", pk),
        name,
        reliability,
        _label(Source, "reliability", reliability),
        record.percent,
        record.explanation,
        reliability,
    )
    if len(_badges) >= BADGES_KEPT:
        _badges.clear()
    _badges[key] = html
    return html


@register.filter
def source_badge(source) -> SafeString:
    """{{ source|source_badge }}: the same HTML as claims/_source.html."""
    return source_badge_html(source)


@register.filter
def attribution(claim) -> SafeString:
    """{{ claim|attribution }}: speaker, then each relay, as badges joined by ", via "."""
    return format_html_join(
        ", via ", "{}", ((source_badge_html(s),) for s in claim.attribution_chain())
    )


@register.filter
def urlpk(pk, name: str) -> str:
    """{{ link.pk|urlpk:"claims:link-detail" }}: {% url name pk %} for an integer id,
    without a reverse() per row."""
    return fast_url(name, pk)


@register.filter(expects_localtime=True)
def ymd(value) -> str:
    """{{ value|ymd }}: what {{ value|date:"Y-m-d" }} shows (a datetime in the current time
    zone), without the date filter's format machinery: about 50 µs a call, 30 a page."""
    try:
        return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
    except AttributeError:  # None, "" or not a date: the date filter shows nothing either
        return ""


def _local(value, fmt: str) -> str:
    """{{ value|date:fmt }} in the current time zone and language, remembered per
    (value, format, zone, language): the date filter costs about 35 µs a call."""
    from django.utils.timezone import get_current_timezone_name
    from django.utils.translation import get_language

    return _local_in(value, fmt, get_current_timezone_name(), get_language())


@functools.lru_cache(maxsize=20_000)
def _local_in(value, fmt: str, zone: str, language: str) -> str:
    from django.template.defaultfilters import date
    from django.utils.timezone import template_localtime

    return date(template_localtime(value), fmt)


def _errors(field) -> SafeString:
    if not field.errors:
        return SafeString("")
    items = format_html_join("", "<li>{}</li>", ((e,) for e in field.errors))
    return format_html('<ul class="errorlist">{}</ul>', items)


def _minute(value) -> str:
    """What {{ value|date:"Y-m-d H:i" }} shows (in the current time zone), without the
    date filter's format parser: each link card shows one or two."""
    from django.utils.timezone import template_localtime

    d = template_localtime(value)
    return f"{ymd(d)} {d.hour:02d}:{d.minute:02d}"


def _outcome_options(form) -> str:
    """The resolve form's outcomes, the one sent back (if any) chosen."""
    from ..models import ClaimLink

    chosen = form["outcome"].value() if form else None
    return "".join(
        f'<option value="{_escape(value)}"{" selected" if form and chosen == value else ""}>'
        f"{_escape(label)}</option>"
        for value, label in ClaimLink.Outcome.choices
    )


_blank_outcome_options = functools.cache(lambda: _outcome_options(None))


def _link_card_urls() -> dict[str, str]:
    """The URL patterns a link card fills in, read once per render rather than five times
    a card (each read asks for the script prefix)."""
    urls = {name: url_pattern(f"claims:{name}")
            for name in ("link-detail", "claim-detail", "link-resolve", "link-reopen",
                         "link-remove")}
    urls["compare"] = fast_url_name("claims:compare")
    return urls


@register.simple_tag(takes_context=True)
def link_card(context, link) -> SafeString:
    """One link between two claims with the controls the user may use (claims/link_item.html).

    Built in Python: the review queue shows 25 of these, and as a template each cost
    about as much as the rest of the page. Context: user, perms, csrf_token; optional
    resolve_form, error, stale, lost_rationale (after a refused resolve). Reads of the
    link: its own fields, and of each claim its statement, status and speaker's name; a
    ClaimLink or any row with those attributes (review.LinkCard)."""
    from ..models import Claim, ClaimLink

    user = context.get("user")
    has_perm = _may(context)
    csrf = _csrf_input(context)
    urls = _once_per_render(context, "desk:link_card_urls", None, _link_card_urls)
    pk = int(link.pk)

    def shown(name: str) -> str:
        """What get_<name>_display() shows of the link, escaped."""
        return _escape(_label(ClaimLink, name, getattr(link, name)))

    parts = [
        f'<article id="link-{pk}" class="link-item link-{_escape(link.kind)} '
        f'link-status-{_escape(link.status)}" aria-label="Link {pk}">\n'
        '  <p class="link-head">\n'
        f'    <a href="{urls["link-detail"].format(pk)}">Link #{pk}</a>:\n'
        f'    <strong class="link-kind">{shown("kind")}</strong>'
    ]
    if link.nature:
        parts.append(
            f' <span class="link-nature">({shown("nature").lower()})</span>'
        )
    parts.append(f'\n    · <span class="link-status">{shown("status")}</span>')
    if link.outcome:
        parts.append(
            f' · <span class="link-outcome">{shown("outcome")}</span>'
        )
    parts.append(
        f'\n    · <a href="{urls["compare"]}?a={int(link.first_id)}'
        f'&amp;b={int(link.second_id)}">compare</a>\n  </p>\n  <ol class="link-claims">\n'
    )
    for css, ordinal, claim in (("link-first", "1st", link.first),
                                ("link-second", "2nd", link.second)):
        status = _escape(claim.status)
        parts.append(
            f'    <li class="{css}"><span class="ordinal">{ordinal}</span> '
            f'<a href="{urls["claim-detail"].format(int(claim.pk))}">'
            f"{_escape(claim.statement)}</a>\n"
            f'      <span class="speaker">({_escape(claim.speaker.name)})</span>\n'
            f'      <span class="claim-status status-{status}" data-claim="{int(claim.pk)}">'
            f"{_escape(_label(Claim, 'status', claim.status))}</span></li>\n"
        )
    parts.append("  </ol>\n")
    if link.note:
        parts.append(f'  <p class="link-note">{_escape(link.note)}</p>\n')
    resolved = f"; resolved on {_minute(link.resolved_at)}" if link.resolved_at else ""
    parts.append(
        f'  <p class="link-meta">Proposed on {_minute(link.created_at)}{resolved}.</p>\n'
    )
    if link.rationale:
        parts.append(
            '  <p class="link-rationale"><span class="label">Rationale:</span> '
            f"{_escape(link.rationale)}</p>\n"
        )
    stale, error = context.get("stale"), context.get("error")
    if stale:
        parts.append(f'  <p class="error stale" role="alert">{_escape(stale)}</p>')
        if context.get("lost_rationale"):
            parts.append('<p class="lost">Your rationale, not saved: '
                         f'<q>{_escape(context.get("lost_rationale"))}</q></p>')
        parts.append("\n")
    if error:
        parts.append(f'  <p class="error" role="alert">{_escape(error)}</p>\n')
    parts.append('  <div class="link-controls">\n')
    if has_perm("claims.resolve_claimlink") and link.kind == "contradicts":
        if link.status == "open":
            form = context.get("resolve_form")
            typed = form["rationale"].value() if form else None
            url = urls["link-resolve"].format(pk)
            parts.append(
                f'    <form class="resolve-form" method="post" action="{url}" hx-post="{url}" '
                f'hx-target="#link-{pk}" hx-swap="outerHTML">\n      {csrf}\n'
                f'      <input type="hidden" name="version" value="{int(link.version)}">\n'
                f'      <label for="outcome-{pk}">Outcome</label>\n'
                f'      <select id="outcome-{pk}" name="outcome" required>\n'
                '        <option value="">Choose an outcome</option>\n'
                f"        {_outcome_options(form) if form else _blank_outcome_options()}\n"
                f'      </select>\n      {_errors(form["outcome"]) if form else ""}\n'
                f'      <label for="rationale-{pk}">Rationale</label>\n'
                f'      <textarea id="rationale-{pk}" name="rationale" rows="2" required>'
                f'{"" if typed is None else _escape(typed)}</textarea>\n'
                f'      {_errors(form["rationale"]) if form else ""}\n'
                '      <button type="submit">Resolve</button>\n    </form>\n'
            )
        elif link.status == "resolved":
            url = urls["link-reopen"].format(pk)
            parts.append(
                f'    <form class="reopen-form" method="post" action="{url}" hx-post="{url}" '
                f'hx-target="#link-{pk}" hx-swap="outerHTML">\n      {csrf}\n'
                f'      <input type="hidden" name="version" value="{int(link.version)}">\n'
                '      <button type="submit" class="secondary">Reopen</button>\n    </form>\n'
            )
    if has_perm("claims.delete_claimlink") or (
        has_perm("claims.add_claimlink") and user is not None
        and link.proposed_by_id == user.pk and link.status == "open"
    ):
        url = urls["link-remove"].format(pk)
        parts.append(
            f'    <form class="remove-form" method="post" action="{url}" hx-post="{url}" '
            f'hx-target="#link-{pk}" hx-swap="outerHTML" hx-confirm="Remove this link?">\n'
            f"      {csrf}\n"
            '      <button type="submit" class="secondary">Remove link</button>\n'
            "    </form>\n"
        )
    parts.append("  </div>\n</article>")
    return SafeString("".join(parts))


def _options(choices, chosen: str) -> str:
    """The <option>s of a select as Django's select widget renders them."""
    return "".join(
        f'\n  <option value="{_escape(str(value))}"{" selected" if str(value) == chosen else ""}>'
        f"{_escape(label)}</option>\n"
        for value, label in choices
    )


# The <option>s of new_link_form's selects, by select and chosen value: LinkForm's choices
# are fixed, and the suggestions show ten forms with the same few.
_link_options: dict[tuple[str, str], str] = {}


@register.simple_tag(takes_context=True)
def new_link_form(context, initial: dict, auto_id: str, next: str = "") -> SafeString:  # noqa: A002
    """An unbound LinkForm(initial=initial, auto_id=auto_id), as claims/link_form.html#form
    renders it (labels, choices and attributes read from LinkForm's fields).

    Built in Python: the link suggestions show one form per suggestion, and making and
    rendering ten forms cost more than the rest of the fragment. A form sent back with
    errors is rendered by the template."""
    fields, labels, note_attrs = _link_form_parts()
    ids = _escape(auto_id)  # escaping leaves "%s" as it is: ids % name is the escaped id

    def value(name: str) -> str:
        given = initial.get(name, fields[name].initial)
        return "" if given is None else str(given)

    def label(name: str) -> str:
        return f'<label for="{ids % name}">{labels[name]}:</label>'

    def select(name: str) -> str:
        chosen = value(name)
        options = _link_options.get((name, chosen))
        if options is None:
            options = _options(fields[name].choices, chosen)
            if len(_link_options) < 100:  # the choices' values; nothing typed reaches here
                _link_options[name, chosen] = options
        return f'<select name="{name}" id="{ids % name}">{options}\n</select>'

    url = fast_url_name("claims:link-create")
    hidden = "".join(
        f'<input type="hidden" name="{name}" value="{_escape(value(name))}" id="{ids % name}">'
        for name in ("first", "second")
    )
    return SafeString(
        f'\n<form class="link-form" method="post" action="{url}" hx-post="{url}" '
        'hx-target="this" hx-swap="outerHTML">\n'
        f"  {_csrf_input(context)}\n"
        f"  {hidden}\n"
        f'  <input type="hidden" name="auto_id" value="{ids}">\n'
        + (f'  <input type="hidden" name="next" value="{_escape(next)}">' if next else "  ")
        + "\n  \n  \n  \n"
        '  <div class="link-fields">\n'
        f'    <div class="field">{label("kind")} {select("kind")}</div>\n'
        f'    <div class="field">{label("nature")} {select("nature")}</div>\n'
        f'    <div class="field field-note">{label("note")} <textarea name="note"'
        f'{note_attrs} id="{ids % "note"}">\n{_escape(value("note"))}</textarea></div>\n'
        "  </div>\n"
        '  <button type="submit">Link</button>\n'
        "</form>\n"
    )


@functools.cache
def _link_form_parts() -> tuple[dict, dict[str, str], str]:
    """What every new_link_form shows alike, read from LinkForm's fields once: the fields,
    each label's text escaped, and the note's attributes but its id (which comes last)."""
    from django.forms.utils import pretty_name

    from ..forms.review import LinkForm

    fields = LinkForm.base_fields
    labels = {name: _escape(field.label or pretty_name(name)) for name, field in fields.items()}
    note = {name: value for name, value in fields["note"].widget.attrs.items() if name != "id"}
    return fields, labels, _attrs(note)


CREDIBILITY_OPTIONS = [
    (1, "1: confirmed by independent sources"),
    (2, "2: probably true"),
    (3, "3: possibly true"),
    (4, "4: doubtful"),
    (5, "5: improbable"),
    (6, "6: truth cannot be judged"),
]
_MISSING = object()


def _credibility_options(current) -> str:
    """The credibility <option>s, `current` chosen (a blank "–" first when none is)."""
    options = "\n      ".join(
        f'<option value="{value}"{" selected" if current == value else ""}>'
        f"{_escape(label)}</option>"
        for value, label in CREDIBILITY_OPTIONS
    )
    return options if current else '<option value="" selected>–</option>\n      ' + options


# The same for every control on a page, so built once per process for each choice.
_CREDIBILITY_OPTIONS = {current: _credibility_options(current) for current in (None, *range(1, 7))}


def _once_per_render(context, key: str, source, make):
    """make(), once per template render for the same `source` (the user, the CSRF token):
    the same for every row of one response, and never kept beyond it."""
    cache = getattr(context, "render_context", None)
    if cache is None:
        return make()
    kept = cache.get(key)
    if kept is None or kept[0] is not source:
        kept = cache[key] = (source, make())
    return kept[1]


def _may(context):
    """user.has_perm for the context's user, each permission asked once per render: a page
    of cards asks the same two or three for every card."""
    user = context.get("user")
    answers = _once_per_render(context, "desk:perms", user, dict)

    def may(perm: str) -> bool:
        if perm not in answers:
            answers[perm] = user is not None and user.has_perm(perm)
        return answers[perm]

    return may


def _csrf_input(context) -> str:
    from django.template.defaulttags import CsrfTokenNode

    return _once_per_render(
        context, "desk:csrf_input", context.get("csrf_token"),
        lambda: CsrfTokenNode().render(context),
    )


class _Grading:
    """What every credibility control of one render shares: whether the user may grade,
    and for a form the page to return to, the error and choice to show, the CSRF input."""

    __slots__ = ("can_grade", "next", "error", "chosen", "csrf_input")

    def __init__(self, can_grade: bool, next="", error="", chosen=None, csrf_input=""):  # noqa: A002
        self.can_grade, self.next, self.error = can_grade, next, error
        self.chosen, self.csrf_input = chosen, csrf_input


def _grading(context, next=_MISSING) -> _Grading:  # noqa: A002
    """The _Grading of `context` (credibility_html's reading of it, once for many rows)."""
    user = context.get("user")
    can_grade = _once_per_render(
        context, "desk:grade_claim", user,
        lambda: user is not None and user.has_perm("claims.grade_claim"),
    )
    if not can_grade:
        return _Grading(False)
    if next is _MISSING:
        next = context.get("next")
    if not next:
        request = context.get("request")
        next = request.get_full_path() if request is not None else ""
    return _Grading(True, next, context.get("error"), context.get("chosen"), _csrf_input(context))


def _credibility_span(grading: _Grading, pk, statement, credibility, version, reliability) -> str:
    """credibility_html from a claim's values and its speaker's grade (`version` is read
    only for a form)."""
    from ..models import Claim

    pk = int(pk)
    display = _label(Claim, "credibility", credibility) if credibility else "not graded yet"
    rating = f"{reliability}{credibility or '-'}"
    parts = [
        f'<span class="credibility" id="credibility-{pk}">\n'
        '  <abbr class="rating" title="Source reliability '
        f'{_escape(reliability)}, claim credibility {_escape(display)}">'
        f"{_escape(rating)}</abbr>\n"
    ]
    if grading.can_grade:
        error = grading.error
        current = grading.chosen or credibility
        url = fast_url("claims:claim-credibility", pk)
        invalid = (
            f' aria-invalid="true" aria-describedby="credibility-error-{pk}"' if error else ""
        )
        try:
            options = _CREDIBILITY_OPTIONS[current]
        except (KeyError, TypeError):
            options = _credibility_options(current)
        parts.append(
            f'  <form class="credibility-form" method="post" action="{url}"\n'
            f'        hx-post="{url}" hx-target="#credibility-{pk}" hx-swap="outerHTML">\n'
            f"    {grading.csrf_input}\n"
            f'    <input type="hidden" name="version" value="{_escape(version)}">\n'
            f'    <input type="hidden" name="next" value="{_escape(grading.next)}">\n'
            f'    <label class="visually-hidden" for="credibility-select-{pk}">'
            f"Credibility of “{_escape(statement)}”</label>\n"
            f'    <select name="credibility" id="credibility-select-{pk}"{invalid}>\n'
            f"      {options}\n    </select>\n"
            '    <button type="submit" class="secondary">Grade</button>\n  </form>\n'
        )
        if error:
            parts.append(
                f'  <span class="error" id="credibility-error-{pk}" role="alert">'
                f"{_escape(error)}</span>\n"
            )
    parts.append("</span>")
    return "".join(parts)


def credibility_html(context, claim, next=_MISSING) -> SafeString:  # noqa: A002
    """credibility_control's HTML (see there)."""
    grading = _grading(context, next)
    return SafeString(_credibility_span(
        grading, claim.pk, claim.statement, claim.credibility,
        claim.version if grading.can_grade else None, claim.speaker.reliability,
    ))


@register.simple_tag(takes_context=True)
def credibility_control(context, claim, next=_MISSING) -> SafeString:  # noqa: A002
    """A claim's Admiralty rating ("B2") and, for reviewers (claims.grade_claim), the
    control to change its number (claims/claim_credibility.html). Built in Python: the
    source page shows one per claim row. Context: user, csrf_token, request; optional
    next, chosen, error."""
    return credibility_html(context, claim, next)


def source_claim_row(row, grading: _Grading, claim_url: str, prefix: str) -> str:
    """One row of a source page's claims: statement, rating (with the grading control for
    reviewers), attribution chain, document; from a SourceClaimRow's plain values
    (claims/views/sources.py). `claim_url` is url_pattern("claims:claim-detail")."""
    speaker = row.speaker
    chain = ", via ".join(
        badge_html(*source, prefix=prefix) for source in (speaker, *row.relays)
    )
    credibility = _credibility_span(
        grading, row.pk, row.statement, row.credibility, row.version, speaker.reliability
    )
    return (
        "<tr>\n"
        f'      <td><a href="{_escape(claim_url.format(int(row.pk)))}">'
        f"{_escape(row.statement)}</a></td>\n"
        f"      <td>{credibility}</td>\n"
        f'      <td class="chain">{chain}</td>\n'
        f"      <td>{_escape(row.document_title)}</td>\n"
        "    </tr>"
    )


@register.simple_tag(takes_context=True)
def source_claim_rows(context, rows) -> SafeString:
    """{% source_claim_rows claims.object_list %}: the rows of a source page's claims
    (claims/source_claim_rows.html), spaced as the template's loop spaced them. Built in
    Python: what every row shares (the user's permission, the page to return to, the CSRF
    input, the URL prefix) is read once, not once a row."""
    if not rows:
        return SafeString("")
    grading = _grading(context, None)
    claim_url, prefix = url_pattern("claims:claim-detail"), get_script_prefix()
    return SafeString("".join(
        f"\n    {source_claim_row(row, grading, claim_url, prefix)}\n    " for row in rows
    ))


def _attrs(attrs: dict) -> str:
    """Django's widgets/attrs.html."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_escape(name)}" if value is True else
                   f' {_escape(name)}="{_escape(str(value))}"')
    return "".join(out)


def _input(widget: dict) -> str:
    """Django's widgets/input.html."""
    value = "" if widget["value"] is None else f' value="{_escape(str(widget["value"]))}"'
    return (f'<input type="{_escape(widget["type"])}" name="{_escape(widget["name"])}"'
            f'{value}{_attrs(widget["attrs"])}>')


INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in ("input", "text", "hidden", "number", "email", "url", "search", "tel",
                 "password", "date", "time", "datetime", "color")
}


@register.filter
def option_tag(option) -> SafeString:
    """{{ option|option_tag }}: what {{ option.tag }} renders for one choice of a
    CheckboxSelectMultiple or RadioSelect (Django's input.html and attrs.html), without
    two template renders per choice: the claim form lists dozens of questions."""
    return SafeString(_input(option.data))


@register.filter
def fast_field(field) -> SafeString:
    """{{ form.x|fast_field }}: what {{ form.x }} renders, built in Python for inputs,
    selects and textareas (Django renders a template per <option>); any other widget is
    rendered by Django as usual. The link suggestions show a form per suggestion."""
    widget = field.field.widget
    name = widget.template_name
    if field.field.show_hidden_initial or field.field.localize or not (
        name in INPUT_TEMPLATES
        or name in ("django/forms/widgets/select.html", "django/forms/widgets/textarea.html")
    ):
        return SafeString(str(field))
    attrs = field.build_widget_attrs({}, widget)
    if field.auto_id and "id" not in widget.attrs:
        attrs.setdefault("id", field.auto_id)
    data = widget.get_context(field.html_name, field.value(), attrs)["widget"]
    if name in INPUT_TEMPLATES:
        return SafeString(_input(data))
    if name == "django/forms/widgets/textarea.html":
        value = _escape(data["value"]) if data["value"] else ""
        return SafeString(
            f'<textarea name="{_escape(data["name"])}"{_attrs(data["attrs"])}>\n{value}</textarea>'
        )
    parts = [f'<select name="{_escape(data["name"])}"{_attrs(data["attrs"])}>']
    for group_name, group_choices, _index in data["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_escape(group_name)}">')
        for option in group_choices:
            parts.append(
                f'\n  <option value="{_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f'{_escape(option["label"])}</option>\n'  # the option template's own newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return SafeString("".join(parts))


def _truncated(text: str, length: int) -> str:
    """{{ text|truncatechars:length }}: a text no longer than `length` characters comes
    back as it is (NFC-normalised, as the filter does), without its lazy-string work."""
    normal = unicodedata.normalize("NFC", text)
    if len(normal) <= length:
        return normal
    from django.template.defaultfilters import truncatechars

    return truncatechars(text, length)


@register.simple_tag
def claim_rows(rows) -> SafeString:
    """The rows of the claim list (claims/claim_list.html), spaced as the template's loop
    spaced them: statement, attribution chain, rating, when it was said, status, document.
    Built in Python from the plain values of ClaimRows (claims/views/claim_pages.py),
    every value escaped; the URL prefix, time zone and language are read once a page."""
    from django.utils.timezone import get_current_timezone_name
    from django.utils.translation import get_language

    from ..models import Claim

    prefix, zone, language = get_script_prefix(), get_current_timezone_name(), get_language()
    claim_url, document_url = url_pattern("claims:claim-detail"), url_pattern(
        "claims:document-detail"
    )
    statuses = choice_labels(Claim._meta.get_field("status"))
    html = []
    for row in rows:
        if row.said_start:
            said = _escape(_local_in(row.said_start, "j M Y", zone, language))
            if row.said_end and row.said_end != row.said_start:
                said += "–" + _escape(_local_in(row.said_end, "j M Y", zone, language))
        else:
            said = _escape(row.said_phrase or "—")
        chain = ", via ".join(
            badge_html(*source, prefix=prefix) for source in (row.speaker, *row.relays)
        )
        rating = f"{row.speaker.reliability}{row.credibility or '-'}"
        html.append(
            '\n      <tr class="claim-row">\n'
            f'        <td><a href="{_escape(claim_url.format(int(row.pk)))}">'
            f"{_escape(row.statement)}</a></td>\n"
            f"        <td>{chain}</td>\n"
            f'        <td><span class="rating" title="Admiralty rating">{_escape(rating)}</span>'
            "</td>\n"
            f"        <td>{said}</td>\n"
            f"        <td>{_escape(statuses.get(row.status, row.status))}</td>\n"
            f'        <td><a href="{_escape(document_url.format(int(row.document_id)))}">'
            f"{_escape(_truncated(row.document_title, 60))}</a></td>\n"
            "      </tr>\n      "
        )
    return SafeString("".join(html))


def _question_claim_urls() -> tuple[str, str, str]:
    """The script prefix, the claim URL pattern and the compare URL, read once per render
    of a question's cards."""
    return get_script_prefix(), url_pattern("claims:claim-detail"), fast_url_name("claims:compare")


def _chain(claim, prefix: str) -> str:
    """What {{ claim|attribution }} shows, for a prefix read already."""
    return ", via ".join(
        badge_html(s.pk, s.name, s.kind, s.reliability, s.track_upheld, s.track_resolved,
                   prefix=prefix)
        for s in claim.attribution_chain()
    )


@register.simple_tag(takes_context=True)
def question_claim(context, claim, question) -> SafeString:
    """One claim's card on a question page (claims/question_detail.html): statement,
    attribution chain, figure, certainty, when said, status and rating, and for editors
    (claims.change_claim) the form that takes it off the question. Built in Python: the
    page shows 30, and as a template they cost more than the rest of the page."""
    prefix, claim_url, compare_url = _once_per_render(
        context, "desk:question_claim_urls", None, _question_claim_urls
    )
    status = _escape(claim.status)
    figure = ""
    if claim.has_quantity:
        figure = ("<div><dt>Figure</dt><dd>"
                  f"{_escape(claim.quantity_phrase or 'given')}</dd></div>")
    said = ymd(claim.said_start) or "unknown"
    html = (
        f'<article class="question-claim status-{status}">\n'
        f'      <h2 class="statement"><a href="{_escape(claim_url.format(int(claim.pk)))}">'
        f"{_escape(claim.statement)}</a></h2>\n"
        f'      <p class="chain">{_chain(claim, prefix)}</p>\n'
        '      <dl class="claim-facts">\n'
        f"        {figure}\n"
        f"        <div><dt>Certainty</dt><dd>{_escape(_display(claim, 'certainty'))}</dd></div>\n"
        f"        <div><dt>Said</dt><dd>{_escape(said)}</dd></div>\n"
        f'        <div><dt>Status</dt><dd><span class="claim-status status-{status}">'
        f"{_escape(_display(claim, 'status'))}</span> · {_escape(claim.rating)}</dd></div>\n"
        "      </dl>\n"
        f'      <p><a href="{compare_url}?a={int(claim.pk)}">Compare</a></p>\n'
    )
    if _may(context)("claims.change_claim"):
        url = fast_url("claims:question-unassign", question.pk)
        html += (
            f'      <form method="post" action="{url}" hx-post="{url}" '
            'hx-target="#question-board" hx-swap="outerHTML">\n'
            f'        {_csrf_input(context)}<input type="hidden" name="claim" '
            f'value="{int(claim.pk)}">\n'
            '        <button type="submit" class="secondary">Take off this question</button>\n'
            "      </form>\n"
        )
    return SafeString(html + "    </article>")


@register.filter
def fast_label(field) -> SafeString:
    """{{ form.x|fast_label }}: what {{ form.x.label_tag }} renders (a <label for> with the
    form's label suffix), without a template render; unusual forms fall back to Django."""
    form = field.form
    if getattr(form, "required_css_class", None) or getattr(form, "error_css_class", None):
        return SafeString(field.label_tag())
    contents = field.label
    suffix = field.field.label_suffix
    if suffix is None:
        suffix = form.label_suffix
    if suffix and contents and contents[-1] not in ":?.!":
        contents = f"{_escape(contents)}{_escape(suffix)}"
    else:
        contents = _escape(contents)
    widget = field.field.widget
    id_ = widget.attrs.get("id") or field.auto_id
    if not id_:
        return SafeString(contents)
    for_ = widget.id_for_label(id_)
    attrs = f' for="{_escape(for_)}"' if for_ else ""
    return SafeString(f"<label{attrs}>{contents}</label>")


@register.simple_tag(takes_context=True)
def suggestion_rows(context, rows, claim_pk) -> SafeString:
    """{% suggestion_rows rows claim.pk %}: the <li>s of the link suggestions
    (claims/link_suggestions.html), spaced as the template's loop spaced them: the verdict,
    the statement, its speaker, why it is suggested, what the comparison says, a link to
    compare the two and, for a row with a form (claims.views.review.claim_suggestions), a
    new_link_form. Built in Python: as a template the ten rows cost about 1.5 ms."""
    claim_pk = int(claim_pk)
    claim_url = fast_url("claims:claim-detail", claim_pk)
    compare_url = f"{_escape(fast_url_name('claims:compare'))}?a={claim_pk}&amp;b="
    html = []
    for row in rows:
        suggestion, form = row["suggestion"], row["form"]
        verdict, claim = suggestion.verdict, suggestion.claim
        pk = int(claim.pk)
        link_form = (
            new_link_form(context, form["initial"], form["auto_id"], claim_url) if form else ""
        )
        html.append(
            f'\n    <li class="suggestion flag-{_escape(verdict.flag)}" data-claim="{pk}">\n'
            '      <p class="suggestion-head">'
            f'<span class="flag">{_escape(verdict.label)}</span>\n'
            f'        <span class="statement">{_escape(claim.statement)}</span>\n'
            f'        <span class="speaker">({_escape(claim.speaker.name)})</span>\n'
            f'        <span class="why">{", ".join(map(_escape, suggestion.reasons))}</span>'
            "</p>\n"
            f'      <p class="detail">{_escape(verdict.detail)} '
            f'<a href="{compare_url}{pk}">Compare side by side</a></p>\n'
            f"      {link_form}\n    </li>\n    "
        )
    return SafeString("".join(html))
