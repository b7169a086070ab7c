"""Who may do what beyond the permissions of a role: the rules that depend on the row."""

from __future__ import annotations

from .models import Claim, Document


def may_correct(user, logged: Claim | Document, permission: str) -> bool:
    """Whether `user` may edit a claim or a document: with `permission`, an editor the ones
    they logged, a reviewer (claims.change_any_claim) anyone's."""
    if not user.has_perm(permission):
        return False
    return logged.created_by_id == user.pk or user.has_perm("claims.change_any_claim")
