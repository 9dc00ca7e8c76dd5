from __future__ import annotations

from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "nastavnik.mentoring"
    label = "mentoring"
    verbose_name = "Наставничество"

    def ready(self) -> None:
        from nastavnik.mentoring import importing, services  # noqa: F401  (connect the left_banks receiver)

        importing.register()  # the bank columns of the registry file, and the registry_applied receiver
