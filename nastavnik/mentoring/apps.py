from __future__ import annotations

from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "nastavnik.mentoring"
    label = "mentoring"
    verbose_name = "Наставничество"

    def ready(self) -> None:
        from nastavnik.mentoring import services  # noqa: F401  (connects the left_banks receiver)
