from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "nastavnik.programs"
    label = "programs"
    verbose_name = "Персонализированные программы наставничества"
