"""Print the demo logins created by ``seed_demo``: who is who and where, to try every role."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Prefetch

from nastavnik.accounts.models import Membership, User

# One login per role (seed_demo creates them). The password is for demonstration only: never use it on a
# server with real personal data.
DEMO_USERNAMES = (
    "admin",
    "region",
    "coordinator",
    "head",
    "curator",
    "curator2",
    "psychologist",
    "mentor",
    "mentee",
    "viewer",
)
DEMO_PASSWORD = "nastavnik-demo"
DEMO_URL = "http://127.0.0.1:8000/"


def demo_login_rows() -> list[tuple[str, str, str, str]]:
    """(login, full name, role, scope) for every demo user's role, in the order of DEMO_USERNAMES."""
    memberships = Membership.objects.select_related("region", "municipality", "organization").order_by("role", "pk")
    users = {
        user.username: user
        for user in User.objects.filter(username__in=DEMO_USERNAMES).prefetch_related(
            Prefetch("memberships", queryset=memberships)
        )
    }
    rows: list[tuple[str, str, str, str]] = []
    for username in DEMO_USERNAMES:
        user = users.get(username)
        if user is None:
            continue
        found = list(user.memberships.all())
        if not found:
            rows.append((username, user.full_name, "нет ролей", "—"))
        for membership in found:
            rows.append((username, user.full_name, membership.get_role_display(), membership.scope_name))
    return rows


class Command(BaseCommand):
    help = "Выводит демонстрационные учётные записи (созданные командой seed_demo): роль, область доступа, пароль."

    def handle(self, *args: Any, **options: Any) -> None:
        rows = demo_login_rows()
        if not rows:
            self.stdout.write("Демонстрационных учётных записей нет. Загрузите данные: python manage.py seed_demo")
            return
        header = ("Имя входа", "ФИО", "Роль", "Область доступа")
        widths = [max(len(row[column]) for row in [header, *rows]) for column in range(len(header))]
        self.stdout.write(f"Демонстрационные учётные записи, адрес {DEMO_URL}")
        self.stdout.write(f"Пароль у всех: {DEMO_PASSWORD} (только для демонстрации, не для реальных данных)")
        self.stdout.write("")
        for row in [header, *rows]:
            self.stdout.write("  ".join(value.ljust(width) for value, width in zip(row, widths, strict=True)).rstrip())
