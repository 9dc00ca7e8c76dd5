from __future__ import annotations

from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "nastavnik.programs"
    label = "programs"
    verbose_name = "Персонализированные программы наставничества"

    def ready(self) -> None:
        from nastavnik.programs import demo  # noqa: F401  (connect the demo_pairs_created receiver)
