from __future__ import annotations

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "nastavnik.orgs"
    label = "orgs"
    verbose_name = "Организации"
