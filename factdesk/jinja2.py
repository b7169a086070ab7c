"""The Jinja2 environment of the app's pages, and the one way views render them.

Pages are Jinja2 templates in templates/ (Django's own Jinja2 backend); the
Django admin keeps Django templates. A page template holds its htmx fragments
as blocks, and the view picks which to render: `render(request, "claims/x.html",
context, block="rows")` for an htmx request, the whole page otherwise.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template import engines
from django.template.backends.utils import csrf_input_lazy, csrf_token_lazy
from django.templatetags.static import static
from django_htmx.jinja import htmx_script
from jinja2 import Environment
from jinja2_fragments import render_block

from claims.paths import url


def environment(**options) -> Environment:
    env = Environment(**options)
    env.globals.update(url=url, static=static, htmx_script=htmx_script, querystring=querystring)
    # A source's badge and a claim's chain of them are drawn on every row of most pages,
    # the same few thousand sources again and again: their markup, the macros of
    # claims/macros.html, is remembered per value shown (a changed grade or name is
    # another value, so nothing drawn is stale).
    env.globals.update(
        badge=remembered(env, "claims/macros.html", "badge"),
        chain=remembered(env, "claims/macros.html", "chain"),
    )
    return env


def remembered(env: Environment, template: str, macro: str, size: int = 50_000) -> Callable:
    """The macro `macro` of `template`, its output remembered per argument (a list is
    taken as the tuple of its items). Templates edited while the server runs (DEBUG,
    auto_reload) are drawn anew each time."""

    def draw(value):
        return getattr(env.get_template(template).module, macro)(value)

    if env.auto_reload:
        return draw
    cached = functools.lru_cache(maxsize=size)(draw)
    return lambda value: cached(tuple(value) if isinstance(value, list) else value)


def querystring(query: QueryDict, **changes) -> str:
    """Django's {% querystring %}: the query with these keys set (None removes one),
    as "?a=1&b=2"."""
    params = query.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return f"?{params.urlencode()}"


def render(
    request: HttpRequest,
    template_name: str,
    context: dict | None = None,
    *,
    block: str | None = None,
    status: int | None = None,
    headers: dict | None = None,
) -> HttpResponse:
    """The page, or only its `block` (an htmx fragment), as a response."""
    template = engines["jinja2"].get_template(template_name)
    if block is None:
        content = template.render(context, request)
    else:
        content = render_fragment(template, block, context, request)
    return HttpResponse(content, status=status, headers=headers)


def render_fragment(template, block: str, context: dict | None, request: HttpRequest) -> str:
    """One block of a template, with the context a whole page would have."""
    context = dict(context or {})
    context["request"] = request
    # The same request values as Django's Jinja2 backend gives a whole page.
    context["csrf_input"] = csrf_input_lazy(request)
    context["csrf_token"] = csrf_token_lazy(request)
    for processor in template.backend.template_context_processors:
        context.update(processor(request))
    return render_block(template.template.environment, template.template.name, block, context)
