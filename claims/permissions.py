"""Who may do what: the one place the pages (claims/views/) and the JSON API (api/) ask.

A role's permissions are Django permissions (accounts/roles.py); `require` refuses a
user without one. The rules that depend on the row are here too: who may correct a
claim or a document (`may_correct`), who may remove a link (`link_removable_by`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from .models import Claim, ClaimLink, Document

CORRECT_REFUSED = {
    "claims.change_claim": "Only the editor who logged this claim, or a reviewer, can edit it.",
    "claims.change_document": "Only the editor who added it, or a reviewer, can edit it.",
}


def require(user, *permissions: str) -> None:
    """Refuse (PermissionDenied) a user without every one of `permissions`."""
    if not user.has_perms(permissions):
        raise PermissionDenied


def may_correct(user, logged: Claim | Document, permission: str) -> bool:
    """Whether `user` may edit a claim or a document: with `permission`, an editor the ones
    they logged, a reviewer (claims.change_any_claim) anyone's."""
    if not user.has_perm(permission):
        return False
    return logged.created_by_id == user.pk or user.has_perm("claims.change_any_claim")


def require_correct(user, logged: Claim | Document, permission: str) -> None:
    """Refuse (PermissionDenied, saying who may) a user who may not correct `logged`."""
    if not may_correct(user, logged, permission):
        raise PermissionDenied(CORRECT_REFUSED[permission])


def link_removable_by(link: ClaimLink, user) -> bool:
    """Reviewers remove any link; an editor removes only an open link they proposed."""
    if user.has_perm("claims.delete_claimlink"):
        return True
    return (
        user.has_perm("claims.add_claimlink")
        and link.proposed_by_id == user.pk
        and link.status == ClaimLink.Status.OPEN
    )
