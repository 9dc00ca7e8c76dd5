"""Links to many objects of one kind, for list pages."""

from __future__ import annotations

from functools import lru_cache

from django.urls import reverse

_MARK = 987654321


@lru_cache(maxsize=64)
def _around(name: str) -> tuple[str, str]:
    before, _, after = reverse(name, args=[_MARK]).partition(str(_MARK))
    return before, after


def detail_url(name: str, pk: int) -> str:
    """``reverse(name, args=[pk])`` for a URL whose only argument is the pk, resolved once per name.

    A list of 50 rows spent about 10 ms in ``{% url %}``; this is a string join.
    """
    before, after = _around(name)
    return f"{before}{pk}{after}"
