"""Small tags that build the desk's most repeated bits of HTML in Python.

A 25-row list used to `{% include "claims/_source.html" %}` once per source
in every attribution chain, a form per row on the review queue and the source
page, and Django's widget templates once per <option>: each is a template
render. These build the same HTML in Python, every value escaped (the local
format_html escapes exactly as Django's conditional_escape), and were checked
against the templates' output on the benchmark desk.
"""

from __future__ import annotations

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


_PLACEHOLDER = 2_147_483_647
_url_patterns: dict[tuple[str, str], str] = {}


def fast_url(name: str, pk: int) -> str:
    """reverse(name, args=[pk]) for a URL whose only argument is an integer id.

    The URL is reversed once per name (and script prefix) with a placeholder
    and then filled in: reverse() costs tens of microseconds a call.
    """
    key = (name, get_script_prefix())
    pattern = _url_patterns.get(key)
    if pattern is None:
        pattern = reverse(name, args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
        _url_patterns[key] = pattern
    return pattern.format(int(pk))


def source_badge_html(source) -> SafeString:
    """A source wherever it appears: its name (a link to its page), its grade and,
    on hover, its track record. Stored fields only: no query. Kept on the object
    (keyed by what it shows), so a source shown on many rows of one page is built once."""
    key = (source.pk, source.kind, source.name, source.reliability, source.track_upheld,
           source.track_resolved)
    cached = getattr(source, "_badge_html", None)
    if cached is not None and cached[0] == key:
        return cached[1]
    record = source.track_record
    html = format_html(
        '<span class="source source-{}"><a class="source-name" href="{}">{}</a> '
        '<abbr class="grade grade-{}" title="Reliability {}; track record {}%: {}">{}</abbr>'
        "</span>",
        source.kind,
        fast_url("claims:source-detail", source.pk),
        source.name,
        source.reliability,
        source.get_reliability_display(),
        record.percent,
        record.explanation,
        source.reliability,
    )
    source._badge_html = (key, html)
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


def _local(value, fmt: str) -> str:
    from django.template.defaultfilters import date
    from django.utils.timezone import template_localtime

    return date(template_localtime(value), fmt)


def _errors(field) -> SafeString:
    if not field.errors:
        return SafeString("")
    items = format_html_join("", "<li>{}</li>", ((e,) for e in field.errors))
    return format_html('<ul class="errorlist">{}</ul>', items)


@register.simple_tag(takes_context=True)
def link_card(context, link) -> SafeString:
    """One link between two claims with the controls the user may use (claims/link_item.html).

    Built in Python: the review queue shows 25 of these, and as a template each cost
    about as much as the rest of the page. Context: user, perms, csrf_token; optional
    resolve_form, error, stale, lost_rationale (after a refused resolve)."""
    from django.template.defaulttags import CsrfTokenNode

    user = context.get("user")
    has_perm = user.has_perm if user is not None else (lambda _perm: False)
    csrf = CsrfTokenNode().render(context)
    pk = link.pk
    parts = [
        format_html(
            '<article id="link-{}" class="link-item link-{} link-status-{}" aria-label="Link {}">\n'
            '  <p class="link-head">\n'
            '    <a href="{}">Link #{}</a>:\n'
            '    <strong class="link-kind">{}</strong>',
            pk, link.kind, link.status, pk, fast_url("claims:link-detail", pk), pk,
            link.get_kind_display(),
        )
    ]
    if link.nature:
        parts.append(format_html(' <span class="link-nature">({})</span>',
                                 str(link.get_nature_display()).lower()))
    parts.append(format_html('\n    · <span class="link-status">{}</span>',
                             link.get_status_display()))
    if link.outcome:
        parts.append(format_html(' · <span class="link-outcome">{}</span>',
                                 link.get_outcome_display()))
    parts.append(format_html(
        '\n    · <a href="{}?a={}&amp;b={}">compare</a>\n  </p>\n  <ol class="link-claims">\n',
        reverse("claims:compare"), link.first_id, link.second_id,
    ))
    for css, ordinal, claim in (("link-first", "1st", link.first),
                                ("link-second", "2nd", link.second)):
        parts.append(format_html(
            '    <li class="{}"><span class="ordinal">{}</span> <a href="{}">{}</a>\n'
            '      <span class="speaker">({})</span>\n'
            '      <span class="claim-status status-{}" data-claim="{}">{}</span></li>\n',
            css, ordinal, fast_url("claims:claim-detail", claim.pk), claim.statement,
            claim.speaker.name, claim.status, claim.pk, claim.get_status_display(),
        ))
    parts.append(SafeString("  </ol>\n"))
    if link.note:
        parts.append(format_html('  <p class="link-note">{}</p>\n', link.note))
    resolved = format_html("; resolved on {}", _local(link.resolved_at, "Y-m-d H:i")) \
        if link.resolved_at else ""
    parts.append(format_html('  <p class="link-meta">Proposed on {}{}.</p>\n',
                             _local(link.created_at, "Y-m-d H:i"), resolved))
    if link.rationale:
        parts.append(format_html(
            '  <p class="link-rationale"><span class="label">Rationale:</span> {}</p>\n',
            link.rationale))
    stale, error = context.get("stale"), context.get("error")
    if stale:
        parts.append(format_html('  <p class="error stale" role="alert">{}</p>', stale))
        if context.get("lost_rationale"):
            parts.append(format_html('<p class="lost">Your rationale, not saved: <q>{}</q></p>',
                                     context.get("lost_rationale")))
        parts.append(SafeString("\n"))
    if error:
        parts.append(format_html('  <p class="error" role="alert">{}</p>\n', error))
    parts.append(SafeString('  <div class="link-controls">\n'))
    if has_perm("claims.resolve_claimlink") and link.kind == "contradicts":
        if link.status == "open":
            form = context.get("resolve_form")
            chosen = form["outcome"].value() if form else None
            options = format_html_join(
                "", '<option value="{}"{}>{}</option>',
                ((value, SafeString(" selected") if form and chosen == value else "", label)
                 for value, label in link.Outcome.choices),
            )
            typed = form["rationale"].value() if form else None
            url = fast_url("claims:link-resolve", pk)
            parts.append(format_html(
                '    <form class="resolve-form" method="post" action="{}" hx-post="{}" '
                'hx-target="#link-{}" hx-swap="outerHTML">\n      {}\n'
                '      <input type="hidden" name="version" value="{}">\n'
                '      <label for="outcome-{}">Outcome</label>\n'
                '      <select id="outcome-{}" name="outcome" required>\n'
                '        <option value="">Choose an outcome</option>\n        {}\n'
                '      </select>\n      {}\n'
                '      <label for="rationale-{}">Rationale</label>\n'
                '      <textarea id="rationale-{}" name="rationale" rows="2" required>{}'
                '</textarea>\n'
                '      {}\n      <button type="submit">Resolve</button>\n    </form>\n',
                url, url, pk, csrf, link.version, pk, pk, options,
                _errors(form["outcome"]) if form else "", pk, pk,
                "" if typed is None else typed,
                _errors(form["rationale"]) if form else "",
            ))
        elif link.status == "resolved":
            url = fast_url("claims:link-reopen", pk)
            parts.append(format_html(
                '    <form class="reopen-form" method="post" action="{}" hx-post="{}" '
                'hx-target="#link-{}" hx-swap="outerHTML">\n      {}\n'
                '      <input type="hidden" name="version" value="{}">\n'
                '      <button type="submit" class="secondary">Reopen</button>\n    </form>\n',
                url, url, pk, csrf, link.version,
            ))
    if has_perm("claims.delete_claimlink") or (
        has_perm("claims.add_claimlink") and user is not None
        and link.proposed_by_id == user.pk and link.status == "open"
    ):
        url = fast_url("claims:link-remove", pk)
        parts.append(format_html(
            '    <form class="remove-form" method="post" action="{}" hx-post="{}" '
            'hx-target="#link-{}" hx-swap="outerHTML" hx-confirm="Remove this link?">\n'
            '      {}\n      <button type="submit" class="secondary">Remove link</button>\n'
            '    </form>\n',
            url, url, pk, csrf,
        ))
    parts.append(SafeString("  </div>\n</article>"))
    return SafeString("".join(parts))


CREDIBILITY_OPTIONS = [
    (1, "1: confirmed by independent sources"),
    (2, "2: probably true"),
    (3, "3: possibly true"),
    (4, "4: doubtful"),
    (5, "5: improbable"),
    (6, "6: truth cannot be judged"),
]
_MISSING = object()


@register.simple_tag(takes_context=True)
def credibility_control(context, claim, next=_MISSING) -> SafeString:  # noqa: A002
    """A claim's Admiralty rating ("B2") and, for reviewers (claims.grade_claim), the
    control to change its number (claims/claim_credibility.html). Built in Python: the
    source page shows one per claim row. Context: user, csrf_token, request; optional
    next, chosen, error."""
    from django.template.defaulttags import CsrfTokenNode

    pk = claim.pk
    display = claim.get_credibility_display() if claim.credibility else "not graded yet"
    parts = [format_html(
        '<span class="credibility" id="credibility-{}">\n'
        '  <abbr class="rating" title="Source reliability {}, claim credibility {}">{}</abbr>\n',
        pk, claim.speaker.reliability, display, claim.rating,
    )]
    user = context.get("user")
    if user is not None and user.has_perm("claims.grade_claim"):
        if next is _MISSING:
            next = context.get("next")
        if not next:
            request = context.get("request")
            next = request.get_full_path() if request is not None else ""
        error = context.get("error")
        current = context.get("chosen") or claim.credibility
        url = fast_url("claims:claim-credibility", pk)
        invalid = (
            format_html(' aria-invalid="true" aria-describedby="credibility-error-{}"', pk)
            if error else ""
        )
        options = format_html_join(
            "\n      ", '<option value="{}"{}>{}</option>',
            ((value, SafeString(" selected") if current == value else "", label)
             for value, label in CREDIBILITY_OPTIONS),
        )
        parts.append(format_html(
            '  <form class="credibility-form" method="post" action="{}"\n'
            '        hx-post="{}" hx-target="#credibility-{}" hx-swap="outerHTML">\n'
            '    {}\n'
            '    <input type="hidden" name="version" value="{}">\n'
            '    <input type="hidden" name="next" value="{}">\n'
            '    <label class="visually-hidden" for="credibility-select-{}">'
            'Credibility of “{}”</label>\n'
            '    <select name="credibility" id="credibility-select-{}"{}>\n'
            '      {}{}\n    </select>\n'
            '    <button type="submit" class="secondary">Grade</button>\n  </form>\n',
            url, url, pk, CsrfTokenNode().render(context), claim.version, next, pk,
            claim.statement, pk, invalid,
            SafeString('<option value="" selected>–</option>\n      ') if not current else "",
            options,
        ))
        if error:
            parts.append(format_html(
                '  <span class="error" id="credibility-error-{}" role="alert">{}</span>\n',
                pk, error,
            ))
    parts.append(SafeString("</span>"))
    return SafeString("".join(parts))




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


@register.simple_tag
def claim_row(claim) -> SafeString:
    """One row of the claim list (claims/claim_list.html): statement, attribution chain,
    rating, when it was said, status, document. Built in Python: the list shows 25."""
    from django.template.defaultfilters import truncatechars

    if claim.said_start:
        said = _escape(_local(claim.said_start, "j M Y"))
        if claim.said_end and claim.said_end != claim.said_start:
            said += "–" + _escape(_local(claim.said_end, "j M Y"))
    else:
        said = _escape(claim.said_phrase or "—")
    document = claim.document
    link = f'<a href="{_escape(claim.get_absolute_url())}">{_escape(claim.statement)}</a>'
    rating = f'<span class="rating" title="Admiralty rating">{_escape(claim.rating)}</span>'
    return SafeString(
        '<tr class="claim-row">\n'
        f"        <td>{link}</td>\n"
        f"        <td>{attribution(claim)}</td>\n"
        f"        <td>{rating}</td>\n"
        f"        <td>{said}</td>\n"
        f"        <td>{_escape(claim.get_status_display())}</td>\n"
        f'        <td><a href="{_escape(document.get_absolute_url())}">'
        f"{_escape(truncatechars(document.title, 60))}</a></td>\n"
        "      </tr>"
    )


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
