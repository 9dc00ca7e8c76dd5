from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nastavnik.documents.generation.services import CONSENT_KINDS, default_ids, make_docx
from nastavnik.documents.models import ORDER_KINDS, DocumentKind
from nastavnik.lib.pdf import docx_to_pdf
from nastavnik.mentoring.models import Mentor
from nastavnik.orgs.models import Organization
from nastavnik.people.models import Person
from nastavnik.programs.models import Program

KINDS = [*ORDER_KINDS, DocumentKind.PROGRAM, DocumentKind.CERTIFICATE, *CONSENT_KINDS]


class Command(BaseCommand):
    help = (
        "Формирует документ в файл, не внося его в реестр. ID: организация для приказов (пары без приказа, "
        "согласованные или завершённые программы), программа для program, наставник для certificate, "
        "работник для согласий. Файл .pdf — через LibreOffice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=[str(kind) for kind in KINDS])
        parser.add_argument("id", type=int)
        parser.add_argument("-o", "--output", required=True, help="куда записать (.docx или .pdf)")

    def handle(self, *args: Any, **options: Any) -> None:
        kind, pk, output = options["kind"], options["id"], Path(options["output"])
        organization, ids = self._source(kind, pk)
        content = make_docx(kind, organization, ids, number="", on=timezone.localdate())
        if output.suffix.lower() == ".pdf":
            pdf = docx_to_pdf(content)
            if pdf is None:
                raise CommandError("PDF не получен: LibreOffice (soffice) не установлен или не справился.")
            content = pdf
        output.write_bytes(content)
        self.stdout.write(f"{output}: {len(content)} байт")

    def _source(self, kind: str, pk: int) -> tuple[Organization, list[int]]:
        try:
            if kind in ORDER_KINDS:
                organization = Organization.objects.select_related("municipality").get(pk=pk)
                return organization, default_ids(kind, organization)
            if kind == DocumentKind.PROGRAM:
                program = Program.objects.select_related("mentorship__organization__municipality").get(pk=pk)
                return program.mentorship.organization, [pk]
            if kind == DocumentKind.CERTIFICATE:
                mentor = Mentor.objects.select_related("person__organization__municipality").get(pk=pk)
                return mentor.person.organization, [pk]
            person = Person.objects.select_related("organization__municipality").get(pk=pk)
            return person.organization, [pk]
        except (Organization.DoesNotExist, Program.DoesNotExist, Mentor.DoesNotExist, Person.DoesNotExist) as error:
            raise CommandError(f"Нет записи № {pk} для документа «{kind}».") from error
