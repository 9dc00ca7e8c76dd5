"""The document registry: the list with its filters and a fixed number of queries, a document's page,
uploads checked by content and size, downloads through the access checks, the public flag."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nastavnik.documents import review
from nastavnik.documents.forms import DOCUMENT_MAX_BYTES
from nastavnik.documents.models import Document, DocumentVersion
from nastavnik.documents.tests.test_review import make_document
from nastavnik.tests.personas import PersonasTestCase


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload_data(school_pk: int, file: SimpleUploadedFile, **overrides: object) -> dict[str, object]:
    return {
        "organization": school_pk,
        "kind": "regulation",
        "title": "Положение о системе наставничества",
        "number": "",
        "date": "2025-01-10",
        "file": file,
        **overrides,
    }


class RegistryListTest(PersonasTestCase):
    def list_queries(self, count: int) -> int:
        for n in range(count - Document.objects.filter(organization=self.school_a).count()):
            document = make_document(self.school_a, kind="protocol", title=f"Протокол № {n}")
            review.document_submit(document=document, by=self.users["curator_a"])
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("documents:document-list"))
        self.assertEqual(len(response.context["page_obj"]), count)
        return len(queries)

    def test_the_number_of_queries_does_not_grow_with_the_documents(self) -> None:
        self.login("coordinator")
        five = self.list_queries(5)
        fifty = self.list_queries(50)
        self.assertLessEqual(five, 12)
        self.assertEqual(five, fifty)

    def test_it_filters_by_kind_status_and_organization(self) -> None:
        regulation = make_document(self.school_a)
        roadmap = make_document(self.school_b, kind="roadmap", title="Дорожная карта")
        review.document_submit(document=roadmap, by=self.users["curator_b"])
        self.login("coordinator")
        url = reverse("documents:document-list")

        def found(**query: str | int) -> list[int]:
            return [d.pk for d in self.client.get(url, query).context["page_obj"]]

        self.assertEqual(found(kind="regulation"), [regulation.pk])
        self.assertEqual(found(status="submitted"), [roadmap.pk])
        self.assertEqual(found(status="none"), [regulation.pk])
        self.assertEqual(found(organization=self.school_b.pk), [roadmap.pk])
        self.assertContains(self.client.get(url), "Найдено: 2 документа")

    def test_a_school_sees_only_its_own_documents(self) -> None:
        make_document(self.school_a)
        theirs = make_document(self.school_b, title="Положение СОШ № 2")
        self.login("curator_b")
        response = self.client.get(reverse("documents:document-list"))
        self.assertEqual([d.pk for d in response.context["page_obj"]], [theirs.pk])


class UploadTest(PersonasTestCase):
    def test_the_curator_uploads_a_docx_without_a_number(self) -> None:
        self.login("curator_a")
        file = SimpleUploadedFile("Положение.docx", docx_bytes())
        response = self.client.post(reverse("documents:document-upload"), upload_data(self.school_a.pk, file))
        document = Document.objects.get()
        self.assertRedirects(response, document.get_absolute_url())
        self.assertEqual(
            (document.number, document.organization, document.created_by), ("", self.school_a, self.users["curator_a"])
        )
        self.assertFalse(document.versions.get().generated)

    def test_a_file_of_another_type_is_refused_whatever_its_name_and_nothing_is_written(self) -> None:
        self.login("curator_a")
        for name, content in [("Положение.docx", b"MZ\x90\x00 not a document"), ("Положение.pdf", b"PK\x03\x04broken")]:
            with self.subTest(name=name):
                file = SimpleUploadedFile(name, content)
                response = self.client.post(reverse("documents:document-upload"), upload_data(self.school_a.pk, file))
                self.assertContains(response, "Загрузите документ в формате DOCX или PDF.")
        self.assertFalse(Document.objects.exists())
        self.assertFalse(DocumentVersion.objects.exists())

    def test_a_file_over_20_mb_is_refused(self) -> None:
        self.login("curator_a")
        file = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * DOCUMENT_MAX_BYTES)
        response = self.client.post(reverse("documents:document-upload"), upload_data(self.school_a.pk, file))
        self.assertContains(response, "Файл больше 20 МБ.")
        self.assertFalse(Document.objects.exists())

    def test_a_number_taken_in_the_organization_is_refused(self) -> None:
        self.login("curator_a")
        first = upload_data(self.school_a.pk, SimpleUploadedFile("a.pdf", b"%PDF-1.4"), number="12-ОД")
        self.client.post(reverse("documents:document-upload"), first)
        again = upload_data(self.school_a.pk, SimpleUploadedFile("b.pdf", b"%PDF-1.4"), number="12-ОД")
        response = self.client.post(reverse("documents:document-upload"), again)
        self.assertContains(response, "Документ с таким номером уже есть в реестре организации.")
        self.assertEqual(Document.objects.count(), 1)

    def test_a_number_taken_at_the_same_moment_is_a_message_on_the_form(self) -> None:
        self.login("curator_a")
        data = upload_data(self.school_a.pk, SimpleUploadedFile("a.pdf", b"%PDF-1.4"), number="12-ОД")
        with mock.patch("nastavnik.documents.views.services.document_register", side_effect=IntegrityError):
            response = self.client.post(reverse("documents:document-upload"), data)
        self.assertContains(response, "Документ с таким номером уже есть в реестре организации.")

    def test_a_curator_cannot_upload_for_another_school(self) -> None:
        self.login("curator_b")
        file = SimpleUploadedFile("a.pdf", b"%PDF-1.4")
        response = self.client.post(reverse("documents:document-upload"), upload_data(self.school_a.pk, file))
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Document.objects.exists())

    def test_a_new_version_and_a_scan_of_a_wrong_type_are_refused(self) -> None:
        document = make_document(self.school_a)
        self.login("curator_a")
        response = self.client.post(
            reverse("documents:document-version-upload", args=[document.pk]),
            {"file": SimpleUploadedFile("v2.docx", b"GIF89a")},
            follow=True,
        )
        self.assertContains(response, "Загрузите документ в формате DOCX или PDF.")
        response = self.client.post(
            reverse("documents:document-scan-upload", args=[document.pk]),
            {"scan": SimpleUploadedFile("scan.pdf", b"GIF89a")},
            follow=True,
        )
        self.assertContains(response, "Загрузите скан в формате PDF, PNG или JPEG.")
        self.assertEqual(document.versions.count(), 1)
        self.assertFalse(document.versions.get().scan)

    def test_the_scan_sits_next_to_the_latest_version_and_downloads_with_its_name(self) -> None:
        document = make_document(self.school_a)
        self.login("curator_a")
        self.client.post(
            reverse("documents:document-version-upload", args=[document.pk]),
            {"file": SimpleUploadedFile("v2.pdf", b"%PDF-1.4 v2")},
        )
        self.client.post(
            reverse("documents:document-scan-upload", args=[document.pk]),
            {"scan": SimpleUploadedFile("skan.png", b"\x89PNG\r\n\x1a\n data")},
        )
        latest = document.versions.order_by("-number").first()
        assert latest is not None
        self.assertEqual(latest.number, 2)
        self.assertTrue(latest.scan)
        response = self.client.get(reverse("documents:document-scan", args=[document.pk, latest.pk]))
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn("skan", response["Content-Disposition"])
        self.assertEqual(b"".join(response.streaming_content), b"\x89PNG\r\n\x1a\n data")  # type: ignore[attr-defined]


class DetailTest(PersonasTestCase):
    def test_the_page_shows_versions_and_history_in_fixed_queries(self) -> None:
        document = make_document(self.school_a)
        review.document_submit(document=document, by=self.users["curator_a"])
        review.document_return(document=document, by=self.users["coordinator"], remarks="Уточнить сроки")
        self.login("head")
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(reverse("documents:document-detail", args=[document.pk]))
        self.assertLessEqual(len(queries), 12)
        self.assertContains(response, "Уточнить сроки")
        self.assertContains(
            response, reverse("documents:document-file", args=[document.pk, document.versions.get().pk])
        )
        self.assertNotContains(response, "Согласовать")

    def test_a_file_of_another_school_is_not_found(self) -> None:
        document = make_document(self.school_a)
        self.login("curator_b")
        response = self.client.get(reverse("documents:document-file", args=[document.pk, document.versions.get().pk]))
        self.assertEqual(response.status_code, 404)

    def test_the_file_downloads_with_its_name(self) -> None:
        document = make_document(self.school_a)
        self.login("psychologist")
        response = self.client.get(reverse("documents:document-file", args=[document.pk, document.versions.get().pk]))
        self.assertIn('attachment; filename="polozhenie', response["Content-Disposition"])

    def test_the_public_flag_is_toggled(self) -> None:
        document = make_document(self.school_a)
        self.login("curator_a")
        self.client.post(reverse("documents:document-public", args=[document.pk]))
        document.refresh_from_db()
        self.assertTrue(document.is_public)
        self.client.post(reverse("documents:document-public", args=[document.pk]))
        document.refresh_from_db()
        self.assertFalse(document.is_public)

    def test_a_date_is_required(self) -> None:
        self.login("curator_a")
        data = upload_data(self.school_a.pk, SimpleUploadedFile("a.pdf", b"%PDF-1.4"), date="")
        response = self.client.post(reverse("documents:document-upload"), data)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Document.objects.exists())
