from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from nastavnik.accounts.models import Role
from nastavnik.factory import make_municipality, make_organization, make_user


def demo_logins() -> str:
    out = StringIO()
    call_command("demo_logins", stdout=out)
    return out.getvalue()


class DemoLoginsTests(TestCase):
    def test_it_lists_the_demo_logins_with_role_and_scope(self) -> None:
        municipality = make_municipality(name="Городской округ Светлоозёрск")
        school = make_organization(municipality=municipality, short_name="МБОУ «СОШ № 1»")
        make_user(Role.CURATOR, school, username="curator", last_name="Маркова", first_name="Анна")
        make_user(Role.COORDINATOR, municipality, username="coordinator")
        make_user(Role.ADMIN, username="admin")
        make_user(Role.CURATOR, school, username="ivanova")

        output = demo_logins()

        lines = output.splitlines()
        curator = next(line for line in lines if line.startswith("curator "))
        self.assertIn("Маркова Анна", curator)
        self.assertIn("куратор", curator)
        self.assertIn("МБОУ «СОШ № 1»", curator)
        coordinator = next(line for line in lines if line.startswith("coordinator "))
        self.assertIn("Городской округ Светлоозёрск", coordinator)
        admin = next(line for line in lines if line.startswith("admin "))
        self.assertIn("вся система", admin)
        self.assertLess(output.index("admin "), output.index("coordinator "))
        self.assertNotIn("ivanova", output)
        self.assertIn("nastavnik-demo", output)
        self.assertIn("http://127.0.0.1:8000/", output)

    def test_a_demo_login_without_roles_says_so(self) -> None:
        make_user(username="viewer")
        self.assertIn("нет ролей", demo_logins())

    def test_without_demo_logins_it_says_how_to_create_them(self) -> None:
        make_user(Role.ADMIN, username="ivanov")
        self.assertIn("seed_demo", demo_logins())
