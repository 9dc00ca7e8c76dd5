"""``manage.py export_registry --organization ID -o PATH``: the registry of an organization to Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nastavnik.accounts.audit import audit
from nastavnik.accounts.models import AuditKind
from nastavnik.lib.text import plural
from nastavnik.orgs.models import Organization
from nastavnik.people.exporting import export_registry
from nastavnik.people.models import Person


class Command(BaseCommand):
    help = (
        "Выгрузить реестр педагогических работников организации в файл Excel (.xlsx) "
        "в виде шаблона загрузки: файл можно исправить и загрузить обратно."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--organization", type=int, required=True, help="id организации")
        parser.add_argument("-o", "--output", required=True, help="куда записать файл .xlsx")

    def handle(self, *args: Any, organization: int, output: str, **options: Any) -> None:
        target = Organization.objects.filter(pk=organization).first()
        if target is None:
            raise CommandError(f"Организация с id {organization} не найдена.")
        people = Person.objects.alive().filter(organization=target).order_by("search_key", "pk")
        count = people.count()
        data = export_registry(people, on=timezone.localdate())
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise CommandError(f"Не удалось записать файл {output}: {error.strerror or error}.") from error
        audit(
            None,
            AuditKind.EXPORT,
            details=f"реестр педагогов (export_registry): {count} {plural(count, 'запись', 'записи', 'записей')}",
            organization=target,
        )
        word = plural(count, "работник", "работника", "работников")
        self.stdout.write(self.style.SUCCESS(f"Выгружено: {count} {word} в файл {output}."))
