"""The normalized search key a model keeps next to its names (lower case, ё→е: see ``text.normalize``)."""

from __future__ import annotations

from typing import Any

from nastavnik.lib.text import normalize


class SearchKeyMixin:
    """Fills ``search_key`` from ``search_text()`` on every save, also a save of some fields only."""

    search_key: str

    def search_text(self) -> str:
        raise NotImplementedError

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_key = normalize(self.search_text())
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_key" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_key"]
        super().save(*args, **kwargs)  # type: ignore[misc]
