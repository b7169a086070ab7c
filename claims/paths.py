"""URLs of the desk's pages, each name reversed once per process and script prefix.

reverse() costs tens of microseconds a call, and a list page names a URL several
times a row. `url("claims:claim-detail", 12)` reverses the name once with a
placeholder and fills in the id afterwards; a URL without arguments is reversed
once. Templates call the same function (the Jinja2 global `url`).
"""

from __future__ import annotations

from django.urls import get_script_prefix, reverse

_PLACEHOLDER = 2_147_483_647
_patterns: dict[tuple[str, str], str] = {}
_plain: dict[tuple[str, str], str] = {}


def url(name: str, *args) -> str:
    """reverse(name, args=args): cached for no arguments or one integer id."""
    if not args:
        key = (name, get_script_prefix())
        found = _plain.get(key)
        if found is None:
            found = _plain[key] = reverse(name)
        return found
    if len(args) == 1 and isinstance(args[0], int):
        return url_pattern(name).format(args[0])
    return reverse(name, args=args)


def url_pattern(name: str) -> str:
    """The URL of `name` with "{}" where its integer id goes, for the current prefix."""
    key = (name, get_script_prefix())
    pattern = _patterns.get(key)
    if pattern is None:
        pattern = reverse(name, args=[_PLACEHOLDER]).replace(str(_PLACEHOLDER), "{}")
        _patterns[key] = pattern
    return pattern
