from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from nastavnik.accounts.models import User


class AuthedRequest(HttpRequest):
    """The request of a view behind ``login_required``: the user is a real User; htmx details are set."""

    user: User  # type: ignore[assignment]
    htmx: HtmxDetails
