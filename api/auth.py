"""Who calls the API: a personal token (`Authorization: Bearer <token>`, accounts.tokens)
or, for the docs page in a browser, the desk's session with its CSRF check on unsafe
methods. Either way the request's user is the token's or the session's, so what it may
do is that user's permissions (claims.permissions), and history records that user.

Requests with a token are throttled per token: a fixed window of API_RATE_WINDOW
seconds in Django's cache, at most API_RATE requests in each.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth
from ninja.throttling import BaseThrottle

from accounts.tokens import user_of_token


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str):
        found = user_of_token(token)
        if found is None:
            return None
        request.api_token, request.user = found
        return request.user


class DeskSession(SessionAuth):
    """The desk's own session (the docs page's "try it out"); CSRF applies to writes."""

    def authenticate(self, request: HttpRequest, key):
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


class TokenThrottle(BaseThrottle):
    """At most API_RATE requests a token in each window of API_RATE_WINDOW seconds."""

    def allow_request(self, request: HttpRequest) -> bool:
        # By the token's digest, never reused (an id is, after a rollback or a restore).
        token = getattr(request, "api_token", None)
        if token is None:
            return True  # a session: the browser's pages have no rate either
        window = settings.API_RATE_WINDOW
        now = time.time()
        key = f"api-rate:{token}:{int(now // window)}"
        cache.add(key, 0, timeout=window + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add and incr
            cache.add(key, 1, timeout=window + 1)
            count = 1
        return count <= settings.API_RATE

    def wait(self) -> float:
        """Seconds until the window ends: every token's windows start together."""
        window = settings.API_RATE_WINDOW
        return window - time.time() % window


AUTH = [TokenAuth(), DeskSession(csrf=True)]
