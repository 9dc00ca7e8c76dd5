from __future__ import annotations

from django.apps import AppConfig


class MentoringConfig(AppConfig):
    name = "nastavnik.mentoring"
    label = "mentoring"
    verbose_name = "Наставничество"
