"""Pages of generated documents: the pairing order from the chosen pairs, the municipality's own
templates (a broken one refused with the problem named), and the render_document command."""

from __future__ import annotations

import io
import tempfile
from pathlib import Path

from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from docx import Document as new_docx

from nastavnik.documents.generation.render import shipped_template
from nastavnik.documents.models import Document, DocumentTemplate
from nastavnik.tests.personas import PersonasTestCase


def docx_with(text: str) -> bytes:
    document = new_docx()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def upload(content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("shablon.docx", content)


class PairsOrderPageTest(PersonasTestCase):
    def test_the_curator_makes_the_order_for_the_chosen_pairs(self) -> None:
        self.mentorship_a.participants.update(duties_consent_on=self.mentorship_a.started_on)
        self.login("curator_a")
        page = self.client.get(reverse("documents:generate-pairs-order"))
        self.assertContains(page, f'value="{self.mentorship_a.pk}"')
        response = self.client.post(reverse("documents:generate-pairs-order"), {"pairs": [self.mentorship_a.pk]})
        document = Document.objects.get()
        self.assertRedirects(response, reverse("documents:document-detail", args=[document.pk]))
        self.mentorship_a.refresh_from_db()
        self.assertEqual(self.mentorship_a.order_number, document.number)

    def test_a_pair_without_consent_cannot_be_chosen(self) -> None:
        self.login("curator_a")
        page = self.client.get(reverse("documents:generate-pairs-order"))
        self.assertContains(page, "нет согласия: Кравченко Н. Г., Супрун О. А.")
        response = self.client.post(reverse("documents:generate-pairs-order"), {"pairs": [self.mentorship_a.pk]})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Document.objects.exists())

    def test_the_program_downloads_as_docx(self) -> None:
        from nastavnik.factory import make_program

        program = make_program(self.mentorship_a)
        self.login("mentor")
        response = self.client.get(reverse("documents:program-docx", args=[program.pk]))
        self.assertEqual(response.status_code, 200)
        text = "\n".join(p.text for p in new_docx(io.BytesIO(response.content)).paragraphs)
        self.assertIn("Кравченко Наталья Григорьевна", text)

    def test_the_pages_link_the_documents(self) -> None:
        from nastavnik.factory import make_program

        program = make_program(self.mentorship_a)
        self.login("curator_a")
        page = self.client.get(reverse("programs:program-detail", args=[program.pk]))
        self.assertContains(page, reverse("documents:program-docx", args=[program.pk]))
        page = self.client.get(reverse("mentoring:mentor-detail", args=[self.mentor_a.pk]))
        self.assertContains(page, reverse("documents:certificate", args=[self.mentor_a.pk]))
        page = self.client.get(reverse("mentoring:mentorship-list"))
        self.assertContains(page, reverse("documents:generate-pairs-order"))


class OrganizationOrderPageTest(PersonasTestCase):
    def test_the_head_makes_the_order_on_the_curator(self) -> None:
        self.login("head")
        data = {"organization": self.school_a.pk, "kind": "order_curator"}
        response = self.client.post(reverse("documents:generate-order"), data)
        document = Document.objects.get()
        self.assertRedirects(response, reverse("documents:document-detail", args=[document.pk]))
        self.assertEqual((document.kind, document.number), ("order_curator", "1-ОД"))
        text = "\n".join(p.text for p in new_docx(document.versions.get().file.open("rb")).paragraphs)
        self.assertIn("О назначении куратора", text)

    def test_an_order_on_programs_without_programs_is_not_made(self) -> None:
        self.login("curator_a")
        data = {"organization": self.school_a.pk, "kind": "order_completion"}
        response = self.client.post(reverse("documents:generate-order"), data)
        self.assertContains(response, "В организации нет завершённых программ: приказ не нужен.")
        self.assertFalse(Document.objects.exists())


class TemplateUploadTest(PersonasTestCase):
    def post(self, kind: str, content: bytes) -> list[str]:
        self.login("coordinator")
        url = reverse("documents:template-upload", args=[kind])
        response = self.client.post(url, {"municipality": self.municipality.pk, "file": upload(content)})
        return [str(m) for m in get_messages(response.wsgi_request)]

    def test_a_template_with_a_bad_tag_is_refused_and_the_shipped_one_stays(self) -> None:
        messages = self.post("order_pairs", docx_with("Приказ № {{ header.number }"))
        self.assertIn("не принят, действует поставляемый. Ошибка в теге шаблона", messages[0])
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_a_template_with_an_unknown_variable_is_refused_naming_it(self) -> None:
        messages = self.post("order_pairs", docx_with("Приказ № {{ header.nomer }}"))
        self.assertIn("переменная «nomer»", messages[0])
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_a_file_that_is_not_docx_is_refused(self) -> None:
        messages = self.post("program", b"%PDF-1.4 not a docx")
        self.assertIn("Файл не открывается как документ DOCX.", messages[0])

    def test_a_good_template_is_kept_and_delete_goes_back_to_the_shipped_one(self) -> None:
        messages = self.post("order_pairs", docx_with("Наш приказ № {{ header.number }}"))
        self.assertIn("загружен и действует", messages[0])
        template = DocumentTemplate.objects.get(municipality=self.municipality, kind="order_pairs")
        page = self.client.get(reverse("documents:template-list"))
        self.assertContains(page, "шаблон муниципалитета от")
        self.client.post(reverse("documents:template-delete", args=[template.pk]))
        self.assertFalse(DocumentTemplate.objects.exists())

    def test_the_shipped_template_downloads(self) -> None:
        self.login("coordinator")
        response = self.client.get(reverse("documents:template-download", args=["program"]))
        self.assertEqual(b"".join(response.streaming_content), shipped_template("program").read_bytes())  # type: ignore[attr-defined]


class RenderDocumentCommandTest(PersonasTestCase):
    def test_it_writes_an_order_and_a_consent_form(self) -> None:
        with tempfile.TemporaryDirectory() as folder:
            order = Path(folder) / "order.docx"
            call_command(
                "render_document", "order_pairs", str(self.school_a.pk), "-o", str(order), stdout=io.StringIO()
            )
            text = "\n".join(p.text for p in new_docx(str(order)).paragraphs)
            self.assertIn("Закрепить за наставником Кравченко Натальей Григорьевной", text)
            consent = Path(folder) / "consent.docx"
            call_command(
                "render_document", "consent_processing", str(self.person_a.pk), "-o", str(consent), stdout=io.StringIO()
            )
            self.assertIn("Ёлкина Анна", "\n".join(p.text for p in new_docx(str(consent)).paragraphs))
