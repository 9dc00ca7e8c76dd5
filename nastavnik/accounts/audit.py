"""Writing the log of security events: logins, refusals, exports, imports, consent changes."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nastavnik.accounts.models import AuditEvent
from nastavnik.orgs.models import Organization


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit(
    request: HttpRequest | None,
    kind: str,
    *,
    details: str = "",
    organization: Organization | None = None,
    user: Any = None,
    username: str = "",
) -> AuditEvent:
    actor = user if user is not None else getattr(request, "user", None)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        kind=kind,
        user=actor,
        username=username or (getattr(actor, "username", "") if actor else ""),
        ip=client_ip(request),
        path=(request.get_full_path()[:500] if request is not None else ""),
        organization=organization,
        municipality_id=organization.municipality_id if organization else None,
        details=details[:1000],
    )
