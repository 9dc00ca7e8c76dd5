from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from nastavnik.accounts.access import roles
from nastavnik.accounts.models import Role


class _Roles:
    """``{% if my_roles.curator %}``: read lazily, so a page that never asks makes no query."""

    def __init__(self, request: HttpRequest) -> None:
        self._request = request

    def __getattr__(self, name: str) -> bool:
        key = name.upper()
        return key in Role.__members__ and Role[key] in roles(self._request.user)


def access_context(request: HttpRequest) -> dict[str, Any]:
    return {"my_roles": _Roles(request)}
