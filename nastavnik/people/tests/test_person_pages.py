"""Adding and changing a person through the pages: clear messages naming the field, nothing half-written."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from nastavnik.people import services
from nastavnik.people.models import Employment, Person
from nastavnik.tests.personas import PersonasTestCase

VALID = {
    "last_name": "Ёлкина",
    "first_name": "Алёна",
    "middle_name": "Викторовна",
    "gender": "female",
    "kind": "pedagogue",
    "qualification": "none",
    "birth_date": "1998-03-14",
    "experience_start": "2023-09-01",
}


class PersonPagesTest(PersonasTestCase):
    def test_a_curator_adds_a_teacher_with_a_first_workplace(self) -> None:
        self.login("curator_a")
        response = self.client.post(reverse("people:person-create"), {**VALID, "organization": self.school_a.pk})
        person = Person.objects.get(first_name="Алёна")
        self.assertRedirects(response, reverse("people:person-detail", args=[person.pk]))
        self.assertEqual(person.employments.get().organization, self.school_a)
        self.assertEqual(person.history.get().history_user, self.users["curator_a"])

    def test_bad_input_names_the_field_and_writes_nothing(self) -> None:
        self.login("curator_a")
        before = Person.objects.count()
        cases = {
            "last_name": ("Ёлкина2", "может содержать только буквы"),
            "birth_date": ("2099-01-01", "Дата рождения не может быть в будущем"),
            "experience_start": ("2000-01-01", "Начало стажа раньше 14-летия"),
            "email": ("не-почта", "адрес электронной почты"),
        }
        for field, (value, message) in cases.items():
            with self.subTest(field=field):
                data = {**VALID, "organization": self.school_a.pk, field: value}
                response = self.client.post(reverse("people:person-create"), data)
                self.assertEqual(response.status_code, 200)
                self.assertIn(field, response.context["form"].errors)
                self.assertContains(response, message)
        self.assertEqual(Person.objects.count(), before)

    def test_a_curator_cannot_add_a_teacher_to_another_school(self) -> None:
        self.login("curator_b")
        response = self.client.post(reverse("people:person-create"), {**VALID, "organization": self.school_a.pk})
        self.assertIn("organization", response.context["form"].errors)
        self.assertFalse(Person.objects.filter(first_name="Алёна").exists())

    def test_a_coordinator_moves_a_teacher_and_the_old_workplace_is_kept(self) -> None:
        person = services.person_create(
            fields={"last_name": "Ёлкина", "first_name": "Анна", "gender": "female", "organization": self.school_a},
            by=None,
        )
        self.login("coordinator")
        data = {**VALID, "first_name": "Анна", "organization": self.school_b.pk}
        self.client.post(reverse("people:person-update", args=[person.pk]), data)
        person.refresh_from_db()
        self.assertEqual(person.organization, self.school_b)
        places = list(Employment.objects.filter(person=person).order_by("pk").values_list("organization", "ended_on"))
        self.assertEqual(places, [(self.school_a.pk, timezone.localdate()), (self.school_b.pk, None)])
        self.assertEqual(person.history.first().organization_id, self.school_b.pk)

    def test_a_coordinator_links_an_account_so_the_teacher_sees_their_own_record(self) -> None:
        account = self.users["viewer"]
        self.login("coordinator")
        data = {**VALID, "first_name": "Анна", "organization": self.school_a.pk, "user": account.pk}
        self.client.post(reverse("people:person-update", args=[self.person_a.pk]), data)
        self.person_a.refresh_from_db()
        self.assertEqual(self.person_a.user, account)
        self.login("curator_a")
        form = self.client.get(reverse("people:person-update", args=[self.person_a.pk])).context["form"]
        self.assertNotIn("user", form.fields)  # only those who manage accounts link them
