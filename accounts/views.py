"""A user's own page of API tokens: make one (shown once), see them, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from claims.ids import parse_id
from factdesk.jinja2 import render

from .forms import TokenForm
from .tokens import token_create, token_revoke, tokens_of


@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """Anyone logged in manages their own tokens: a token does what its user may, no more."""
    form = TokenForm(request.POST or None)
    created = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            _, created = token_create(user=request.user, name=form.cleaned_data["name"])
            form = TokenForm()
        else:
            status = 400
    context = {"form": form, "created": created, "tokens": tokens_of(request.user)}
    # The new token is in this response only: it must not be kept by a cache on the way.
    headers = {"Cache-Control": "no-store"}
    return render(request, "accounts/tokens.html", context, status=status, headers=headers)


@login_required
@require_POST
def token_revoke_view(request: HttpRequest) -> HttpResponse:
    pk = parse_id(request.POST.get("token"))
    if pk is not None and token_revoke(user=request.user, pk=pk):
        messages.success(request, "Token revoked: it no longer opens the API.")
    else:
        messages.error(request, "No such token of yours is in use.")
    return redirect("accounts:tokens")
