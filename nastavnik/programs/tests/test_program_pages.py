"""The pages of a program: the plan by blocks, marks with evidence, the signatures, versions, templates."""

from __future__ import annotations

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nastavnik.accounts.models import Role
from nastavnik.factory import (
    make_activity,
    make_consent,
    make_mentee,
    make_mentor,
    make_mentorship,
    make_person,
    make_program,
    make_user,
)
from nastavnik.mentoring.models import Difficulty, Mentorship
from nastavnik.programs.models import Activity, ActivityStatus, Program, ProgramStatus, ProgramTemplate
from nastavnik.tests.personas import PersonasTestCase

TODAY = timezone.localdate()


class ProgramPagesTest(PersonasTestCase):
    program: Program
    other_pair: Mentorship
    difficulties: list[Difficulty]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.add_programs()

    @classmethod
    def add_programs(cls) -> None:
        """The personas' pair gets a program from the default template; another mentor of school A
        has a pair of their own, without a program."""
        cls.difficulties = list(Difficulty.objects.all()[:2])
        cls.mentee_a.difficulties.set(cls.difficulties)
        cls.program = make_program(cls.mentorship_a)
        cls.program.difficulties.set(cls.difficulties)
        cls.users["other_mentor"] = make_user(Role.MENTOR, cls.school_a, username="other_mentor")
        person = make_person(organization=cls.school_a, user=cls.users["other_mentor"])
        make_consent(person)
        mentee = make_person(organization=cls.school_a)
        make_consent(mentee)
        cls.other_pair = make_mentorship(
            mentors=[make_mentor(person)], mentees=[make_mentee(mentee, requested_on=TODAY)], started_on=TODAY
        )

    def detail(self) -> str:
        response = self.client.get(reverse("programs:program-detail", args=[self.program.pk]))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def set_activities(self, count: int) -> None:
        Activity.objects.filter(program=self.program).delete()
        blocks = [b["code"] for b in self.program.blocks if b["code"] != "IV"]
        difficulty = self.difficulties[0]
        for i in range(count):
            make_activity(
                self.program,
                block=blocks[i % len(blocks)],
                deadline=TODAY + timedelta(days=i - 2),
                difficulty=difficulty,
                status=ActivityStatus.DONE if i % 3 == 0 else ActivityStatus.PLANNED,
            )

    def test_the_program_page_makes_the_same_queries_for_5_and_50_activities(self) -> None:
        self.login("curator_a")
        self.set_activities(5)
        self.program.versions.create(number=1, snapshot={"agreed": ["Иванов", "01.02.2025 10:00"]})
        with self.assertNumQueries(11):
            self.detail()
        self.set_activities(50)
        with self.assertNumQueries(11):
            page = self.detail()
        self.assertIn("Выполнено 17 из 50 мероприятий", page)

    def test_the_mentor_page_makes_as_few_queries(self) -> None:
        self.login("mentor")
        self.set_activities(5)
        with CaptureQueriesContext(connection) as few:
            self.detail()
        self.set_activities(50)
        with CaptureQueriesContext(connection) as many:
            self.detail()
        self.assertEqual(len(few), len(many))

    def test_the_plan_is_grouped_by_blocks_and_overdue_activities_stand_out(self) -> None:
        self.login("psychologist")
        Activity.objects.filter(program=self.program, block="III").delete()  # a block left out
        first = self.program.activities.get(block="I")
        Activity.objects.filter(pk=first.pk).update(deadline=TODAY - timedelta(days=1))
        page = self.detail()
        self.assertIn("Блок I. Изучение уровня профессиональных компетенций", page)
        self.assertIn("Блок IV. Сопровождение деятельности педагога", page)
        self.assertIn("<td>4.4.</td>", page)
        self.assertNotIn("Блок III.", page)
        self.assertIn(f'<tr class="table-danger" id="activity-{first.pk}">', page)
        self.assertIn("просрочено: 1", page)
        self.assertIn("Выполнено 0 из 8 мероприятий", page)
        self.assertIn("ближайший срок", page)
        self.assertNotIn("Отметить", page)  # a psychologist reads
        self.assertIn("Отдельные блоки работ могут не реализовываться", page)

    def test_the_mentor_marks_an_activity_done_with_a_file(self) -> None:
        self.login("mentor")
        activity = self.program.activities.first()
        assert activity is not None
        response = self.client.post(
            reverse("programs:activity-mark", args=[activity.pk]),
            {
                "done": "1",
                "done_on": TODAY.isoformat(),
                "actual_result": "Проведена диагностика затруднений",
                "evidence_note": "Карта затруднений",
                "evidence_file": SimpleUploadedFile("karta.pdf", b"%PDF-1.4 karta"),
            },
        )
        self.assertRedirects(response, reverse("programs:program-detail", args=[self.program.pk]))
        activity.refresh_from_db()
        self.assertEqual((activity.status, activity.done_on), (ActivityStatus.DONE, TODAY))
        self.login("mentee")
        download = self.client.get(reverse("programs:activity-evidence", args=[activity.pk]))
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4 karta")  # type: ignore[attr-defined]

    def test_a_file_of_another_type_comes_back_with_the_reason(self) -> None:
        self.login("mentee")
        activity = self.program.activities.first()
        assert activity is not None
        response = self.client.post(
            reverse("programs:activity-mark", args=[activity.pk]),
            {"done": "1", "actual_result": "Да", "evidence_file": SimpleUploadedFile("a.exe", b"MZ\x90\x00")},
        )
        self.assertContains(response, "Подтверждающий файл — PDF, PNG, JPEG")
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, ActivityStatus.PLANNED)

    def test_another_mentor_gets_404_and_nothing_changes(self) -> None:
        self.login("other_mentor")
        activity = self.program.activities.first()
        assert activity is not None
        self.assertEqual(self.client.get(reverse("programs:program-detail", args=[self.program.pk])).status_code, 404)
        response = self.client.post(
            reverse("programs:activity-mark", args=[activity.pk]), {"done": "1", "actual_result": "Сделано"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Activity.objects.get(pk=activity.pk).status, ActivityStatus.PLANNED)

    def test_the_mentee_reads_and_marks_but_does_not_edit_the_plan(self) -> None:
        self.login("mentee")
        page = self.detail()
        self.assertIn("Отметить", page)
        self.assertNotIn("Изменить программу", page)
        self.assertEqual(self.client.get(reverse("programs:program-update", args=[self.program.pk])).status_code, 403)

    def test_the_signatures_through_the_pages(self) -> None:
        url = reverse("programs:program-detail", args=[self.program.pk])
        self.login("mentor")
        self.assertIn("Подписать и направить на согласование", self.detail())
        self.assertRedirects(self.client.post(reverse("programs:program-submit", args=[self.program.pk])), url)
        self.login("curator_a")
        self.client.post(reverse("programs:program-agree", args=[self.program.pk]))
        self.assertEqual(Program.objects.get(pk=self.program.pk).status, ProgramStatus.SUBMITTED)
        self.login("head")
        self.assertIn(">Согласовать</button>", self.detail())
        self.client.post(reverse("programs:program-agree", args=[self.program.pk]))
        self.login("mentee")
        self.client.post(reverse("programs:program-acknowledge", args=[self.program.pk]))
        program = Program.objects.get(pk=self.program.pk)
        self.assertEqual(program.status, ProgramStatus.ACKNOWLEDGED)
        page = self.detail()
        for user in (program.submitted_by, program.agreed_by, program.acknowledged_by):
            self.assertIn(f"{user}, {TODAY:%d.%m.%Y}", page)

    def test_a_change_after_agreement_is_kept_as_a_version_on_the_page(self) -> None:
        Program.objects.filter(pk=self.program.pk).update(status=ProgramStatus.AGREED)
        self.login("mentor")
        response = self.client.post(
            reverse("programs:program-update", args=[self.program.pk]),
            {
                "goal": "Преодоление затруднений в оценивании",
                "difficulties": [d.pk for d in self.difficulties],
                "starts_on": self.program.starts_on.isoformat(),
                "ends_on": self.program.ends_on.isoformat(),
                "interaction": "individual",
                "mode": "remote",
            },
            follow=True,
        )
        self.assertContains(response, "согласованный текст сохранён как версия 1")
        self.assertContains(response, "Версия 1: согласована")
        program = Program.objects.get(pk=self.program.pk)
        self.assertEqual((program.version, program.status, program.mode), (2, ProgramStatus.DRAFT, "remote"))

    def test_a_period_over_a_year_comes_back_with_the_field_named(self) -> None:
        self.login("curator_a")
        response = self.client.post(
            reverse("programs:program-update", args=[self.program.pk]),
            {
                "starts_on": self.program.starts_on.isoformat(),
                "ends_on": (self.program.starts_on + timedelta(days=400)).isoformat(),
                "interaction": "individual",
                "mode": "mixed",
            },
        )
        self.assertContains(response, "Период реализации программы — не больше 1 года.")
        self.assertEqual(Program.objects.get(pk=self.program.pk).ends_on, self.program.ends_on)

    def test_a_program_is_made_for_a_pair_from_a_template(self) -> None:
        self.login("other_mentor")
        url = reverse("programs:program-create", args=[self.other_pair.pk])
        self.assertContains(self.client.get(url), "Примерная персонализированная программа наставничества")
        response = self.client.post(
            url,
            {
                "template": ProgramTemplate.objects.get(is_default=True).pk,
                "starts_on": TODAY.isoformat(),
                "ends_on": (TODAY + timedelta(days=200)).isoformat(),
            },
        )
        program = Program.objects.get(mentorship=self.other_pair)
        self.assertRedirects(response, reverse("programs:program-detail", args=[program.pk]))
        self.assertEqual(program.activities.count(), 9)
        self.assertRedirects(self.client.get(url), reverse("programs:program-detail", args=[program.pk]))

    def test_the_coordinator_copies_and_edits_a_template(self) -> None:
        self.login("coordinator")
        default = ProgramTemplate.objects.get(is_default=True)
        response = self.client.post(reverse("programs:template-create"), {"source": default.pk})
        template = ProgramTemplate.objects.get(municipality=self.municipality)
        self.assertRedirects(response, reverse("programs:template-update", args=[template.pk]))
        self.assertContains(self.client.get(reverse("programs:template-list")), "(копия)")
        data = {
            "name": "Программа адаптации молодого педагога",
            "is_default": "on",
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "0",
            "sections-0-code": "I",
            "sections-0-title": "Адаптация",
            "sections-0-activities": "Знакомство с коллективом\nИзучение локальных актов",
            "sections-1-code": "II",
            "sections-1-title": "Уроки",
        }
        self.assertRedirects(
            self.client.post(reverse("programs:template-update", args=[template.pk]), data),
            reverse("programs:template-list"),
        )
        template.refresh_from_db()
        self.assertTrue(template.is_default)
        self.assertEqual([s.code for s in template.sections.all()], ["I", "II"])
        # The municipality's default is offered first when a program is made for its pair.
        self.login("curator_a")
        page = self.client.get(reverse("programs:program-create", args=[self.other_pair.pk])).content.decode()
        self.assertIn(f'<option value="{template.pk}" selected>', page)
        # The shipped template belongs to the admin.
        self.login("coordinator")
        response = self.client.get(reverse("programs:template-update", args=[default.pk]))
        self.assertEqual(response.status_code, 404)
