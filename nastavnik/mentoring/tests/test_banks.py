"""The banks: consent required, «Ожидают наставника», the municipal bank, history of changes."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from nastavnik.factory import make_consent, make_mentee, make_person
from nastavnik.mentoring.models import Mentee, Mentor, MentorStatus, MunicipalStatus
from nastavnik.tests.personas import PersonasTestCase


class BankPagesTest(PersonasTestCase):
    def test_a_person_without_consent_is_refused_with_the_reason_on_the_form(self) -> None:
        self.login("curator_a")
        person = make_person(organization=self.school_a)
        response = self.client.post(
            reverse("mentoring:mentee-create"),
            {"person": person.pk, "category": "young", "requested_on": "2025-01-10", "status": "waiting"},
        )
        self.assertContains(response, "нет действующего согласия на обработку персональных данных")
        self.assertFalse(Mentee.objects.filter(person=person).exists())

    def test_a_curator_cannot_put_another_schools_teacher_into_a_bank(self) -> None:
        self.login("curator_b")
        response = self.client.post(
            reverse("mentoring:mentor-create"), {"person": self.person_a.pk, "status": "in_bank"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("person", response.context["form"].errors)
        self.assertFalse(Mentor.objects.filter(person=self.person_a).exists())

    def test_a_new_mentor_gets_the_municipality_capacity_by_default(self) -> None:
        self.login("curator_a")
        self.client.post(reverse("mentoring:mentor-create"), {"person": self.person_a.pk, "status": "in_bank"})
        self.assertEqual(Mentor.objects.get(person=self.person_a).capacity, self.municipality.default_mentor_capacity)

    def test_waiting_lists_mentees_without_a_pair_oldest_request_first(self) -> None:
        today = timezone.localdate()
        for days, name in ((3, "Новикова"), (300, "Старова"), (30, "Средина")):
            person = make_person(organization=self.school_a, last_name=name)
            make_consent(person)
            make_mentee(person, requested_on=today - timedelta(days=days))
        paired = make_person(organization=self.school_a, last_name="Парова")
        make_consent(paired)
        make_mentee(paired, status="paired")
        self.login("curator_a")
        page = self.client.get(reverse("mentoring:mentee-waiting")).content.decode()
        positions = [page.index(name) for name in ("Старова", "Средина", "Новикова")]
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn("Парова", page)
        self.assertIn("300 дней", page)

    def test_a_nomination_reaches_the_coordinator_who_admits_or_declines_with_a_reason(self) -> None:
        self.login("curator_a")
        self.client.post(reverse("mentoring:mentor-nominate", args=[self.mentor_a.pk]))
        self.mentor_a.refresh_from_db()
        self.assertEqual(self.mentor_a.municipal_status, MunicipalStatus.NOMINATED)

        self.login("coordinator")
        self.assertContains(self.client.get(reverse("mentoring:municipal-bank")), "Кравченко Наталья Григорьевна")
        response = self.client.post(
            reverse("mentoring:mentor-decide", args=[self.mentor_a.pk]), {"admit": "0"}, follow=True
        )
        self.assertContains(response, "Укажите причину отказа")
        self.mentor_a.refresh_from_db()
        self.assertEqual(self.mentor_a.municipal_status, MunicipalStatus.NOMINATED)

        self.client.post(
            reverse("mentoring:mentor-decide", args=[self.mentor_a.pk]), {"admit": "0", "reason": "нет опыта"}
        )
        self.mentor_a.refresh_from_db()
        self.assertEqual(self.mentor_a.municipal_status, MunicipalStatus.DECLINED)
        self.assertEqual(self.mentor_a.municipal_reason, "нет опыта")
        self.assertEqual(self.mentor_a.municipal_decided_by, self.users["coordinator"])

    def test_the_history_page_shows_who_changed_what(self) -> None:
        self.login("curator_a")
        self.client.post(
            reverse("mentoring:mentor-update", args=[self.mentor_a.pk]), {"capacity": 3, "status": "suspended"}
        )
        self.assertEqual(Mentor.objects.get(pk=self.mentor_a.pk).status, MentorStatus.SUSPENDED)
        self.login("coordinator")
        page = self.client.get(reverse("mentoring:person-history", args=[self.mentor_a.person_id])).content.decode()
        self.assertIn("Профиль наставника", page)
        self.assertIn("статус: в банке → приостановлен", page)
        self.assertIn("сколько наставляемых может вести: 2 → 3", page)
        self.assertIn(str(self.users["curator_a"]), page)

    def test_the_bank_export_holds_only_the_users_scope(self) -> None:
        from nastavnik.people.tests.test_export import sheet_values

        other = make_person(organization=self.school_b, last_name="Чужакова")
        make_consent(other, given_on=date(2024, 1, 1))
        make_mentee(other)
        self.login("curator_a")
        rows = sheet_values(self.client.get(reverse("mentoring:mentee-export")).content)
        text = " ".join(str(cell) for row in rows for cell in row)
        self.assertIn("Супрун", text)
        self.assertNotIn("Чужакова", text)


class DifficultiesTextTest(PersonasTestCase):
    def test_a_list_shows_the_difficulties_in_vocabulary_order_cut_to_the_limit(self) -> None:
        from nastavnik.mentoring.models import Difficulty, mark_difficulties

        chosen = list(Difficulty.objects.order_by("order", "name")[:6])
        self.mentee_a.difficulties.set(chosen)
        mentee = Mentee.objects.get(pk=self.mentee_a.pk)
        mark_difficulties([mentee], limit=1000)
        self.assertEqual(mentee.difficulties_text, "; ".join(d.name for d in chosen))  # type: ignore[attr-defined]
        mark_difficulties([mentee], limit=40)
        self.assertLessEqual(len(mentee.difficulties_text), 40)  # type: ignore[attr-defined]
        self.assertTrue(mentee.difficulties_text.endswith("…"))  # type: ignore[attr-defined]


class ProfileFormsTest(PersonasTestCase):
    def test_the_profile_pages_save_the_lists_of_difficulties_competencies_and_subjects(self) -> None:
        from nastavnik.mentoring.models import Difficulty
        from nastavnik.people.models import Subject

        difficulties = list(Difficulty.objects.order_by("order")[:2])
        maths = Subject.objects.get(name="Математика")
        self.login("curator_a")
        self.client.post(
            reverse("mentoring:mentee-update", args=[self.mentee_a.pk]),
            {
                "category": "young",
                "requested_on": "2025-01-10",
                "status": "waiting",
                "difficulties": [d.pk for d in difficulties],
            },
        )
        self.assertEqual(set(self.mentee_a.difficulties.all()), set(difficulties))
        self.client.post(
            reverse("mentoring:mentor-update", args=[self.mentor_a.pk]),
            {"status": "in_bank", "competencies": [difficulties[0].pk], "subjects": [maths.pk]},
        )
        self.assertEqual(list(self.mentor_a.competencies.all()), [difficulties[0]])
        self.assertEqual(list(self.mentor_a.subjects.all()), [maths])
        self.assertEqual(Mentor.objects.get(pk=self.mentor_a.pk).capacity, self.municipality.default_mentor_capacity)
