from __future__ import annotations

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "nastavnik.accounts"
    label = "accounts"
    verbose_name = "Пользователи и роли"

    def ready(self) -> None:
        from nastavnik.accounts import signals  # noqa: F401
