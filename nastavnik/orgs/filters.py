"""The «organization» filter of list pages: a drop-down for a school or a municipality, a text box
for a region (a thousand options would make the page slow and the list unusable)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import QuerySet

from nastavnik.accounts.access import visible
from nastavnik.accounts.types import AuthedRequest
from nastavnik.lib.text import normalize
from nastavnik.orgs.models import Organization

MAX_OPTIONS = 100
QS = TypeVar("QS", bound=QuerySet[Any])


@dataclass(frozen=True)
class OrganizationFilter:
    value: str
    options: list[tuple[int, str]] | None  # None: too many organizations, filter by part of the name

    def apply(self, queryset: QS, path: str) -> QS:
        """Filter ``queryset`` whose organization is reached through ``path`` (e.g. "person__organization")."""
        if self.value.isdigit():
            return queryset.filter(**{f"{path}_id": int(self.value)})
        key = normalize(self.value)
        if key:
            return queryset.filter(**{f"{path}__search_key__substring": key})
        return queryset


def organization_filter(request: AuthedRequest) -> OrganizationFilter:
    organizations = visible(Organization.objects.all(), request.user).values_list("pk", "short_name")
    options = list(organizations[: MAX_OPTIONS + 1])
    return OrganizationFilter(
        value=request.GET.get("organization", "").strip(),
        options=options if len(options) <= MAX_OPTIONS else None,
    )
