"""The import pages: preview writes nothing, confirmation writes all, bad files get a clear message."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from nastavnik.accounts.models import AuditEvent, AuditKind
from nastavnik.people.models import Person
from nastavnik.people.tests.test_export import sheet_values
from nastavnik.tests.personas import PersonasTestCase


def xlsx(*rows: Sequence[object]) -> SimpleUploadedFile:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("реестр.xlsx", buffer.getvalue())


GOOD = (["Фамилия", "Имя", "Отчество", "Дата рождения"], ["Ёлкина", "Алёна", "Викторовна", "14.03.1998"])


class ImportPagesTest(PersonasTestCase):
    def upload(self, file: SimpleUploadedFile, organization: int | None = None):  # type: ignore[no-untyped-def]
        return self.client.post(
            reverse("people:registry-import"), {"organization": organization or self.school_a.pk, "file": file}
        )

    def test_the_preview_writes_nothing_and_confirmation_writes_everything(self) -> None:
        self.login("curator_a")
        before = Person.objects.count()
        response = self.upload(xlsx(*GOOD))
        self.assertContains(response, "Будет создано: <strong>1</strong>")
        self.assertEqual(Person.objects.count(), before)
        token = response.context["token"]
        response = self.client.post(reverse("people:registry-import-confirm"), {"token": token})
        self.assertRedirects(response, f"{reverse('people:person-list')}?organization={self.school_a.pk}")
        self.assertEqual(Person.objects.count(), before + 1)
        self.assertTrue(
            Person.objects.filter(last_name="Ёлкина", first_name="Алёна", organization=self.school_a).exists()
        )
        self.assertTrue(AuditEvent.objects.filter(kind=AuditKind.IMPORT, organization=self.school_a).exists())
        # The same token cannot be used twice.
        again = self.client.post(reverse("people:registry-import-confirm"), {"token": token}, follow=True)
        self.assertContains(again, "Загрузка устарела или уже выполнена")
        self.assertEqual(Person.objects.count(), before + 1)

    def test_errors_are_listed_with_row_and_column_and_nothing_can_be_confirmed(self) -> None:
        self.login("curator_a")
        response = self.upload(xlsx(GOOD[0], ["Петров", "Иван", "Ильич", "31.02.1990"]))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "строка 2, столбец «Дата рождения»", status_code=400)
        self.assertNotContains(response, "Подтвердить и записать", status_code=400)

    def test_a_file_that_is_not_xlsx_is_refused_in_russian(self) -> None:
        self.login("curator_a")
        response = self.upload(SimpleUploadedFile("реестр.xlsx", b"%PDF-1.4 not a spreadsheet"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("xlsx", response.context["error"].lower())

    def test_a_curator_cannot_import_into_another_school(self) -> None:
        self.login("curator_b")
        before = Person.objects.count()
        response = self.upload(xlsx(*GOOD), organization=self.school_a.pk)
        self.assertContains(response, "Выберите организацию", status_code=400)
        self.assertEqual(Person.objects.count(), before)

    def test_the_template_downloads_as_xlsx(self) -> None:
        self.login("curator_a")
        response = self.client.get(reverse("people:registry-template"))
        self.assertEqual(response.content[:2], b"PK")

    def test_the_export_holds_only_the_users_scope(self) -> None:
        def names(persona: str) -> list[object]:
            self.login(persona)
            return [row[0] for row in sheet_values(self.client.get(reverse("people:registry-export")).content)]

        self.assertNotIn("Ёлкина", names("curator_b"))
        school_a = names("curator_a")
        self.assertIn("Ёлкина", school_a)
        self.assertNotIn("Петров", school_a)
