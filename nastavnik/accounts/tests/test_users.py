"""Users managed by the admin and by coordinators within their municipality."""

from __future__ import annotations

from django.urls import reverse

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.tests.personas import PersonasTestCase


class UserManagementTest(PersonasTestCase):
    def create(self, **role: object):  # type: ignore[no-untyped-def]
        data = {
            "username": "new_curator",
            "last_name": "Новикова",
            "first_name": "Ольга",
            "password1": "Длинный-пароль-2025",
            "password2": "Длинный-пароль-2025",
            **{f"role-{key}": value for key, value in role.items()},
        }
        return self.client.post(reverse("accounts:user-create"), data)

    def test_a_coordinator_creates_a_curator_of_a_school_in_the_municipality(self) -> None:
        self.login("coordinator")
        response = self.create(role="curator", organization=self.school_b.pk)
        user = User.objects.get(username="new_curator")
        self.assertRedirects(response, reverse("accounts:user-detail", args=[user.pk]))
        self.assertTrue(Membership.objects.filter(user=user, role=Role.CURATOR, organization=self.school_b).exists())

    def test_a_coordinator_cannot_grant_a_role_in_another_municipality_or_admin(self) -> None:
        self.login("coordinator")
        response = self.create(role="curator", organization=self.school_c.pk)
        self.assertIn("organization", response.context["role_form"].errors)
        response = self.create(role="admin")
        self.assertIn("role", response.context["role_form"].errors)
        self.assertFalse(User.objects.filter(username="new_curator").exists())

    def test_a_role_needs_the_right_level_of_scope(self) -> None:
        self.login("admin")
        response = self.create(role="curator", municipality=self.municipality.pk)
        self.assertContains(response, "выдаётся на уровне: организация")
        self.assertFalse(User.objects.filter(username="new_curator").exists())

    def test_a_coordinator_sees_only_the_users_of_the_municipality(self) -> None:
        self.login("coordinator")
        page = self.client.get(reverse("accounts:user-list")).content.decode()
        self.assertIn("curator_b", page)
        self.assertNotIn(">admin<", page)
        other = User.objects.create_user(username="far_away", password="x")
        Membership.objects.create(user=other, role=Role.CURATOR, organization=self.school_c)
        self.assertNotIn("far_away", self.client.get(reverse("accounts:user-list")).content.decode())
        self.assertEqual(self.client.get(reverse("accounts:user-detail", args=[other.pk])).status_code, 404)

    def test_the_same_role_on_the_same_scope_cannot_be_given_twice(self) -> None:
        self.login("coordinator")
        url = reverse("accounts:membership-create", args=[self.users["curator_b"].pk])
        data = {"role-role": "curator", "role-organization": self.school_b.pk}
        response = self.client.post(url, data, follow=True)
        self.assertContains(response, "Такая роль у пользователя уже есть")
        self.assertEqual(self.users["curator_b"].memberships.filter(role=Role.CURATOR).count(), 1)
