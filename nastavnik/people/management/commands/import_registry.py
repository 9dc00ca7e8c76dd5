"""``manage.py import_registry PATH --organization ID [--dry-run]``: the registry from Excel, all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from nastavnik.accounts.audit import audit
from nastavnik.accounts.models import AuditKind
from nastavnik.lib.text import plural
from nastavnik.lib.xlsx import UploadRejected
from nastavnik.orgs.models import Organization
from nastavnik.people.importing import apply_registry, read_registry


class Command(BaseCommand):
    help = (
        "Загрузить реестр педагогических работников организации из файла Excel (.xlsx). "
        "Файл с ошибками не записывается совсем: ошибки выводятся построчно, код выхода 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="файл .xlsx")
        parser.add_argument("--organization", type=int, required=True, help="id организации, в которую загружать")
        parser.add_argument("--dry-run", action="store_true", help="только проверить файл и показать, что изменится")

    def handle(self, *args: Any, path: str, organization: int, dry_run: bool, **options: Any) -> None:
        target = Organization.objects.filter(pk=organization).first()
        if target is None:
            raise CommandError(f"Организация с id {organization} не найдена.")
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(f"Не удалось прочитать файл {path}: {error.strerror or error}.") from error

        def progress(done: int, total: int) -> None:
            if options["verbosity"] >= 2:
                self.stderr.write(f"Проверено строк: {done} из {total}")

        try:
            preview = read_registry(data, organization=target, progress=progress)
        except UploadRejected as error:
            raise CommandError(str(error)) from error
        for duplicate in preview.duplicates:
            self.stderr.write(f"Повтор: {duplicate}", self.style.WARNING)
        if not preview.ok:
            for row_error in preview.errors:
                self.stderr.write(str(row_error))
            count = len(preview.errors)
            raise CommandError(
                f"Файл не загружен, ничего не записано: {count} {plural(count, 'ошибка', 'ошибки', 'ошибок')}.",
                returncode=1,
            )
        changed = len(preview.to_change)
        unchanged = len(preview.to_update) - changed
        if dry_run:
            self.stdout.write(
                f"Будет создано: {len(preview.to_create)}, обновлено: {changed}, без изменений: {unchanged}. "
                "Проверка без записи (--dry-run)."
            )
            self._banks("Будет", preview.consents_to_record, preview.mentors_to_add, preview.mentees_to_add)
            return
        self.stdout.write("Запись в базу…")
        self.stdout.flush()
        result = apply_registry(preview, by=None)
        audit(
            None,
            AuditKind.IMPORT,
            details=(
                f"{Path(path).name} (import_registry): создано {result.created}, обновлено {result.updated}, "
                f"согласий {result.consents}, в банк наставников {result.mentors}, наставляемых {result.mentees}"
            ),
            organization=target,
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Создано: {result.created}, обновлено: {result.updated}, без изменений: {result.unchanged}."
            )
        )
        self._banks("", result.consents, result.mentors, result.mentees)

    def _banks(self, future: str, consents: int, mentors: int, mentees: int) -> None:
        """«Записано согласий на обработку ПДн: 2; внесено в банк наставников: 1 человек, …» when there are any."""
        if not (consents or mentors or mentees):
            return
        written = f"{future} записано".strip().capitalize()
        added = f"{future.lower()} внесено".strip()
        people = [(number, plural(number, "человек", "человека", "человек")) for number in (mentors, mentees)]
        self.stdout.write(
            f"{written} согласий на обработку персональных данных: {consents}; {added} в банк наставников: "
            f"{people[0][0]} {people[0][1]}, в банк наставляемых: {people[1][0]} {people[1][1]}."
        )
