"""Personal API tokens: made, listed, revoked, and read back from a request's header.

A token is `fd_` and 32 random bytes in URL-safe base64 (secrets.token_urlsafe). The
desk keeps its SHA-256 digest and its first characters (the prefix shown on the tokens
page), never the token: the user sees it once, when it is made. A token acts as its
user, so it carries the user's role as it is at each request, never more.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from .models import ApiToken

TOKEN_PREFIX = "fd_"
SHOWN_CHARACTERS = 10  # of a token, on the tokens page: "fd_" and seven more


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`: the stored row and the token itself (shown once)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(
        user=user, name=name, prefix=token[:SHOWN_CHARACTERS], digest=digest_of(token)
    )
    return row, token


def token_revoke(*, user, pk: int) -> bool:
    """Revoke one of `user`'s own tokens; False when it has none such still in use."""
    return bool(
        ApiToken.objects.filter(pk=pk, user=user, revoked_at__isnull=True).update(
            revoked_at=timezone.now()
        )
    )


def user_of_token(token: str) -> tuple[str, object] | None:
    """(the token's digest, its active user) for a token in use, else None: in one query."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest_of(token), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    return None if row is None else (row.digest, row.user)


@dataclass(frozen=True, slots=True)
class TokenRow:
    """A token as its user's tokens page lists it."""

    pk: int
    name: str
    prefix: str
    created: str
    revoked: str  # when, or "" for a token in use


def _shown(when: datetime | None) -> str:
    return timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else ""


def tokens_of(user) -> list[TokenRow]:
    rows = ApiToken.objects.filter(user=user).values_list(
        "pk", "name", "prefix", "created_at", "revoked_at", named=True
    )
    return [
        TokenRow(pk=row.pk, name=row.name, prefix=row.prefix, created=_shown(row.created_at),
                 revoked=_shown(row.revoked_at))
        for row in rows
    ]
