"""Generated documents: contexts from the data (no rendering), renderers on hand-built contexts opened
with python-docx, the registry entry, numbers and versions, PDF through LibreOffice."""

from __future__ import annotations

import io
import threading
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.utils import timezone
from docx import Document as read_docx

from nastavnik.documents.generation import contexts, samples
from nastavnik.documents.generation.render import TEMPLATE_KINDS, render
from nastavnik.documents.generation.services import (
    document_generate,
    document_regenerate,
    make_docx,
    pairs_order_generate,
)
from nastavnik.documents.models import Document, DocumentKind, DocumentTemplate
from nastavnik.factory import (
    make_activity,
    make_consent,
    make_mentee,
    make_mentor,
    make_mentorship,
    make_organization,
    make_person,
    make_program,
)
from nastavnik.lib.pdf import docx_to_pdf, soffice
from nastavnik.mentoring.models import Mentorship
from nastavnik.orgs.models import Organization
from nastavnik.people.models import Gender
from nastavnik.programs.models import Program

ON = date(2025, 10, 1)
TODAY = timezone.localdate()
PERIOD = f"на период с {TODAY:%d.%m.%Y} по 31.05.{TODAY.year + 1}"


def text_of(content: bytes) -> str:
    document = read_docx(io.BytesIO(content))
    return "\n".join(p.text for p in document.paragraphs)


def make_pair(
    school, mentor_name: tuple[str, str, str], mentee_names: list[tuple[str, str, str]], gender=Gender.FEMALE
):
    mentor_person = make_person(
        organization=school,
        last_name=mentor_name[0],
        first_name=mentor_name[1],
        middle_name=mentor_name[2],
        gender=gender,
        position="учитель математики",
    )
    make_consent(mentor_person)
    mentees = []
    for last, first, middle in mentee_names:
        person = make_person(organization=school, last_name=last, first_name=first, middle_name=middle)
        make_consent(person)
        mentees.append(make_mentee(person))
    pair = make_mentorship(mentors=[make_mentor(mentor_person, capacity=5)], mentees=mentees, started_on=TODAY)
    pair.participants.update(duties_consent_on=date(2024, 9, 15))
    return pair


class PairsOrderTest(TestCase):
    school: Organization
    pair: Mentorship
    group: Mentorship

    @classmethod
    def setUpTestData(cls) -> None:
        cls.school = make_organization(head_name="Дереча Наталья Евгеньевна", short_name="МБОУ «СОШ № 1»")
        cls.pair = make_pair(
            cls.school, ("Кравченко", "Наталья", "Григорьевна"), [("Супрун", "Ольга", "Александровна")]
        )
        cls.group = make_pair(
            cls.school,
            ("Белых", "Иван", "Петрович"),
            [("Вячистая", "Анна", "Сергеевна"), ("Дереча", "Пётр", "Ильич")],
            gender=Gender.MALE,
        )
        from nastavnik.people.models import Person

        Person.objects.filter(last_name="Дереча").update(gender=Gender.MALE)

    def context(self) -> contexts.PairsOrderContext:
        pairs = contexts.pairs_with_participants([self.pair.pk, self.group.pk])
        return contexts.PairsOrderContext.from_mentorships(pairs, organization=self.school, number="7-ОД", on=ON)

    def test_a_pair_is_fixed_with_the_mentor_in_instrumental_and_the_mentee_in_accusative(self) -> None:
        line = self.context().pairs[0]
        self.assertEqual(
            line.text,
            "Закрепить за наставником Кравченко Натальей Григорьевной (учитель математики) молодого специалиста "
            f"Супрун Ольгу Александровну (учитель) {PERIOD} "
            "(письменное согласие наставника от 15.09.2024, наставляемого от 15.09.2024).",
        )

    def test_a_group_names_its_mentor_and_the_mentees_in_accusative(self) -> None:
        line = self.context().pairs[1]
        self.assertTrue(line.is_group)
        self.assertTrue(
            line.text.startswith("Назначить наставником Белых Ивана Петровича (учитель математики), закрепив за ним")
        )
        self.assertIn("молодого специалиста Вячистую Анну Сергеевну (учитель)", line.text)
        self.assertIn("молодого специалиста Деречу Петра Ильича (учитель)", line.text)
        self.assertIn("письменное согласие наставника от 15.09.2024, наставляемых от 15.09.2024, 15.09.2024", line.text)

    def test_the_order_has_its_header_points_and_who_is_acquainted(self) -> None:
        context = self.context()
        self.assertEqual(context.header.title, "О закреплении наставнических пар (групп)")
        self.assertEqual(context.header.signatory_name, "Н. Е. Дереча")
        self.assertEqual([p.number for p in context.points], ["1.", "1.1.", "1.2.", "2.", "3.", "4."])
        self.assertIn("статья 351.8 Трудового кодекса", context.preamble)
        self.assertIn("Н. Г. Кравченко", context.acquainted)

    def test_the_order_registers_numbers_and_writes_its_number_on_the_pairs(self) -> None:
        document = pairs_order_generate(mentorships=[self.pair, self.group], on=ON, by=None)
        self.assertEqual(document.number, "1-ОД")
        self.assertEqual(document.kind, DocumentKind.ORDER_PAIRS)
        self.pair.refresh_from_db()
        self.assertEqual((self.pair.order_number, self.pair.order_date), ("1-ОД", ON))
        body = text_of(document.versions.get().file.read())
        self.assertIn("Закрепить за наставником Кравченко Натальей Григорьевной", body)
        self.assertIn("№ 1-ОД", body)
        self.assertIn("приказываю:", body)
        second = document_generate(kind=DocumentKind.ORDER_MODEL, organization=self.school, ids=[], on=ON, by=None)
        self.assertEqual(second.number, "2-ОД")

    def test_a_pair_without_written_consent_is_refused_and_nothing_is_written(self) -> None:
        self.pair.participants.filter(role="mentee").update(duties_consent_on=None)
        with self.assertRaisesMessage(ValidationError, "Супрун О. А."):
            pairs_order_generate(mentorships=[self.pair], on=ON, by=None)
        self.assertFalse(Document.objects.exists())
        self.assertEqual(Mentorship.objects.get(pk=self.pair.pk).order_number, "")

    def test_regenerating_makes_a_new_version_from_the_changed_data(self) -> None:
        document = pairs_order_generate(mentorships=[self.pair], on=ON, by=None)
        from nastavnik.people.models import Person

        Person.objects.filter(last_name="Супрун").update(declension={"accusative": "Супрун Олю Александровну"})
        version = document_regenerate(document=document, by=None)
        self.assertEqual(version.number, 2)
        self.assertIn("Супрун Олю Александровну", text_of(version.file.read()))

    def test_a_municipality_template_replaces_the_shipped_one(self) -> None:
        from django.core.files.base import ContentFile
        from docx import Document as new_docx

        own = new_docx()
        own.add_paragraph("Наш приказ № {{ header.number }}")
        buffer = io.BytesIO()
        own.save(buffer)
        template = DocumentTemplate(municipality=self.school.municipality, kind=DocumentKind.ORDER_MODEL)
        template.file.save("own.docx", ContentFile(buffer.getvalue()), save=True)
        content = make_docx(DocumentKind.ORDER_MODEL, self.school, [], number="9-ОД", on=ON)
        self.assertEqual(text_of(content).strip(), "Наш приказ № 9-ОД")


class ProgramDocumentTest(TestCase):
    school: Organization
    pair: Mentorship
    program: Program

    @classmethod
    def setUpTestData(cls) -> None:
        cls.school = make_organization(head_name="Дереча Наталья Евгеньевна")
        cls.pair = make_pair(
            cls.school, ("Кравченко", "Наталья", "Григорьевна"), [("Супрун", "Ольга", "Александровна")]
        )
        cls.program = make_program(cls.pair, goal="Преодоление затруднений")
        make_activity(cls.program, content="Посещение урока с анализом", block="4.4")

    def test_the_context_follows_the_plan_of_the_template(self) -> None:
        context = contexts.ProgramContext.from_program(self.program)
        self.assertEqual(context.mentor, "учитель математики, Кравченко Наталья Григорьевна")
        self.assertEqual(context.goal, "Преодоление затруднений")
        blocks = [row.content for row in context.rows if row.is_block]
        self.assertTrue(blocks[0].startswith("Блок I. "))
        self.assertIn("4.4.", [row.number for row in context.rows if row.is_block])
        four_four = [row.number for row in context.rows].index("4.4.")
        activity = next(row for row in context.rows[four_four + 1 :] if row.content == "Посещение урока с анализом")
        self.assertFalse(activity.is_block)
        self.assertEqual(context.mentor_signature.date, contexts.DATE_BLANK)
        self.assertEqual(context.acknowledged_signature.name, "Супрун Ольга Александровна")

    def test_the_rendered_program_has_the_plan_table_of_appendix_2(self) -> None:
        content = render(DocumentKind.PROGRAM, contexts.ProgramContext.from_program(self.program), None)
        document = read_docx(io.BytesIO(content))
        table = document.tables[0]
        self.assertEqual(
            [cell.text for cell in table.rows[0].cells],
            [
                "№ п/п",
                "Блоки работ * и планируемые мероприятия **",
                "Срок исполнения",
                "Планируемый результат",
                "Формат (очный/ дистанционный)",
            ],
        )
        self.assertIn("Посещение урока с анализом", [row.cells[1].text for row in table.rows])
        body = text_of(content)
        for line in ("Пояснительная записка", "План мероприятий", "Наставник: ", "Согласовано: ", "Ознакомлен: "):
            self.assertIn(line, body)


class RenderersTest(TestCase):
    def test_every_shipped_template_renders_its_sample(self) -> None:
        for kind in TEMPLATE_KINDS:
            with self.subTest(kind=kind):
                body = text_of(render(kind, samples.sample(kind), None))
                self.assertNotIn("{{", body)
                self.assertNotIn("{%", body)

    def test_an_order_has_the_official_layout(self) -> None:
        body = text_of(render(DocumentKind.ORDER_PAIRS, samples.pairs_order(), None)).splitlines()
        self.assertEqual(body[1], "ПРИКАЗ")
        self.assertIn("№ 45-ОД", body[2])
        self.assertEqual(body[3], "О закреплении наставнических пар (групп)")
        self.assertTrue(body[4].endswith("приказываю:"))
        self.assertTrue(body[6].startswith("1.1. Закрепить за наставником Кравченко Натальей Григорьевной"))
        self.assertIn("С приказом ознакомлены:", body)

    def test_the_certificate_lists_the_pairs(self) -> None:
        content = render(DocumentKind.CERTIFICATE, samples.certificate(), None)
        document = read_docx(io.BytesIO(content))
        self.assertIn(
            "Дана Кравченко Наталье Григорьевне, учитель математики, в том, что осуществляла", text_of(content)
        )
        self.assertEqual(document.tables[0].rows[1].cells[1].text, "Супрун Ольга Александровна")

    @pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed")
    def test_a_docx_converts_to_pdf(self) -> None:
        pdf = docx_to_pdf(render(DocumentKind.ORDER_PAIRS, samples.pairs_order(), None))
        assert pdf is not None
        self.assertTrue(pdf.startswith(b"%PDF"))


class CertificateContextTest(TestCase):
    def test_it_counts_the_pairs_and_completed_programs_of_the_mentor(self) -> None:
        school = make_organization()
        pair = make_pair(school, ("Кравченко", "Наталья", "Григорьевна"), [("Супрун", "Ольга", "Александровна")])
        make_program(pair, status="completed", outcome="Затруднения преодолены")
        mentor = pair.participants.get(role="mentor").person.mentor
        context = contexts.CertificateContext.from_mentor(mentor, on=ON)
        self.assertEqual(context.mentor_dative, "Кравченко Наталье Григорьевне")
        self.assertEqual((context.pairs_count, context.programs_completed), (1, 1))
        self.assertEqual(context.rows[0].outcome, "Затруднения преодолены")
        self.assertEqual(context.verb, "осуществляла")


@pytest.mark.skipif(connection.vendor == "sqlite", reason="the in-memory test database locks tables instead of waiting")
@pytest.mark.django_db(transaction=True)
def test_orders_made_at_the_same_time_get_different_numbers():
    school = make_organization()
    numbers: list[str] = []
    start = threading.Barrier(6)

    def run() -> None:
        try:
            start.wait()
            document = document_generate(kind=DocumentKind.ORDER_MODEL, organization=school, ids=[], on=ON, by=None)
            numbers.append(document.number)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(numbers) == sorted(f"{n}-ОД" for n in range(1, 7))


class BenchTest(TestCase):
    def test_the_bench_measures_one_program_and_an_order_of_the_pairs(self) -> None:
        from nastavnik.mentoring.bench import docx_figures

        school = make_organization()
        pair = make_pair(school, ("Кравченко", "Наталья", "Григорьевна"), [("Супрун", "Ольга", "Александровна")])
        make_program(pair)
        figures = {figure.name: figure for figure in docx_figures(repeats=1)}
        self.assertGreater(figures["DOCX: персонализированная программа, медиана"].value, 0)
        self.assertEqual(figures["DOCX: приказ о закреплении пар (1), медиана"].target, 500)
