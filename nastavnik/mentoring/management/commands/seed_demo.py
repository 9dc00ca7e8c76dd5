"""Fill an empty database with fictional demonstration data (DESIGN §6: the scales of the benchmarks)."""

from __future__ import annotations

import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from nastavnik.accounts.management.commands.demo_logins import DEMO_PASSWORD, DEMO_USERNAMES
from nastavnik.accounts.models import User
from nastavnik.lib.db import refresh_statistics
from nastavnik.lib.text import plural
from nastavnik.mentoring.demo import SCALES, demo_create
from nastavnik.mentoring.demo_pairs import demo_pairs_create
from nastavnik.mentoring.signals import demo_pairs_created
from nastavnik.orgs.models import Organization


class Command(BaseCommand):
    help = (
        "Заполняет пустую базу вымышленными демонстрационными данными: регион, муниципалитеты, организации, "
        "педагоги с согласиями, банки наставников и наставляемых, учётная запись для каждой роли "
        f"(пароль {DEMO_PASSWORD}, только для демонстрации)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help="small — 5 организаций и 60 работников; municipality — 60 и 2 000; region — 1 000 и 30 000",
        )
        parser.add_argument("--seed", type=int, default=1, help="одно и то же число даёт одни и те же данные")
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            default=None,
            help="дата, от которой считаются возраст, стаж и даты согласий (ГГГГ-ММ-ДД), по умолчанию сегодня",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="ничего не делать, если в базе уже есть организации"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Organization.objects.exists():
            if options["if_empty"]:
                self.stdout.write("В базе уже есть организации, демонстрационные данные не загружались.")
                return
            raise CommandError("В базе уже есть организации. Демонстрационные данные загружаются только в пустую базу.")
        if User.objects.filter(username__in=DEMO_USERNAMES).exists():
            raise CommandError(
                "В базе уже есть пользователи с демонстрационными именами входа: " + ", ".join(DEMO_USERNAMES)
            )
        started = time.monotonic()
        today = options["today"] or timezone.localdate()
        summary = demo_create(scale=SCALES[options["scale"]], seed=options["seed"], today=today)
        people = {
            u.username: getattr(u, "person", None) for u in User.objects.filter(username__in=["mentor", "mentee"])
        }
        pairs = demo_pairs_create(
            seed=options["seed"],
            today=today,
            demo_mentor=people.get("mentor"),
            demo_mentee=people.get("mentee"),
        )
        added: dict[str, int] = {}
        for _, result in demo_pairs_created.send(sender=self.__class__, seed=options["seed"], today=today):
            if isinstance(result, dict):
                added.update(result)
        refresh_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                "Загружены демонстрационные данные: "
                f"{_count(summary.municipalities, 'муниципалитет', 'муниципалитета', 'муниципалитетов')}, "
                f"{_count(summary.organizations, 'организация', 'организации', 'организаций')}, "
                f"{_count(summary.people, 'работник', 'работника', 'работников')}, "
                f"{_count(summary.consents, 'согласие', 'согласия', 'согласий')}, "
                f"{_count(summary.mentors, 'наставник', 'наставника', 'наставников')}, "
                f"{_count(summary.mentees, 'наставляемый', 'наставляемых', 'наставляемых')}, "
                f"{_count(pairs, 'пара (группа)', 'пары (группы)', 'пар (групп)')} наставничества, "
                f"{_count(added.get('programs', 0), 'программа', 'программы', 'программ')} "
                f"с {_count(added.get('activities', 0), 'мероприятием', 'мероприятиями', 'мероприятиями')}."
            )
        )
        self.stdout.write(f"Учётные записи для входа: python manage.py demo_logins (пароль {DEMO_PASSWORD}).")
        if options["verbosity"] > 1:
            self.stdout.write(f"Заняло {time.monotonic() - started:.1f} с.")


def _count(number: int, one: str, few: str, many: str) -> str:
    return f"{number:,}".replace(",", "\u00a0") + " " + plural(number, one, few, many)
