from __future__ import annotations

from django.apps import AppConfig


class LibConfig(AppConfig):
    name = "nastavnik.lib"
    label = "lib"
    verbose_name = "Общие помощники"

    def ready(self) -> None:
        from nastavnik.lib import lookups  # noqa: F401  (registers field__substring)
