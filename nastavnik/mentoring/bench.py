"""The figures of DESIGN §6 measured on the current database (``manage.py bench``)."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from nastavnik.accounts.models import Membership, Role, User
from nastavnik.factory import letters
from nastavnik.orgs.models import Organization
from nastavnik.people import exporting, importing
from nastavnik.people.models import Person


@dataclass(frozen=True)
class Figure:
    name: str
    value: float
    unit: str
    target: float | None = None

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.value <= self.target


class Rollback(Exception):
    pass


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def _user_with(role: str) -> User | None:
    membership = Membership.objects.filter(role=role).select_related("user").order_by("pk").first()
    return membership.user if membership else None


def page_figures(*, repeats: int) -> list[Figure]:
    figures: list[Figure] = []
    pages = {
        "реестр": ("people:person-list", {}),
        "поиск «елкина»": ("people:person-list", {"q": "елкина"}),
        "банк наставников": ("mentoring:mentor-list", {}),
        "банк наставляемых": ("mentoring:mentee-list", {}),
        "ожидают наставника": ("mentoring:mentee-waiting", {}),
        "организации": ("orgs:organization-list", {}),
    }
    for role in (Role.ADMIN, Role.COORDINATOR, Role.CURATOR):
        user = _user_with(role)
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        for label, (name, params) in pages.items():
            url = reverse(name)
            client.get(url, params, secure=True)  # warm up
            samples = []
            for _ in range(repeats):
                start = time.perf_counter()
                response = client.get(url, params, secure=True)
                samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url, params, secure=True)
            figures.append(Figure(f"{role}: {label}, p95", round(p95(samples), 1), "мс", 50))
            figures.append(Figure(f"{role}: {label}, запросов к БД", len(queries), "шт.", 12))
    return figures


def registry_sheet(rows: int) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Реестр")
    sheet.append(["ФИО", "Пол", "Дата рождения", "Должность", "Категория", "Стаж", "Электронная почта"])
    for i in range(rows):
        sheet.append(
            [
                f"Замер{letters(i)}ова Анна Петровна",
                "ж",
                date(1955 + i % 30, 1 + i % 12, 1 + i % 28).strftime("%d.%m.%Y"),
                "учитель",
                "первая",
                i % 20,
                f"bench{i}@example.ru",
            ]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def import_export_figures(*, rows: int) -> list[Figure]:
    organization = Organization.objects.order_by("pk").first()
    if organization is None:
        return []
    data = registry_sheet(rows)
    result: dict[str, float] = {}
    try:
        with transaction.atomic():
            start = time.perf_counter()
            preview = importing.read_registry(data, organization=organization, on=timezone.localdate())
            result["read"] = time.perf_counter() - start
            assert preview.ok, preview.errors[:3]
            result["apply"] = timed(lambda: importing.apply_registry(preview, by=None))
            raise Rollback
    except Rollback:
        pass
    people = Person.objects.alive().select_related("organization").order_by("search_key")[:rows]
    count = min(rows, Person.objects.alive().count())
    export_seconds = timed(lambda: exporting.export_registry(people, on=timezone.localdate()))
    total = result["read"] + result["apply"]
    return [
        Figure(f"загрузка {rows} строк: проверка", round(result["read"], 2), "с"),
        Figure(f"загрузка {rows} строк: запись", round(result["apply"], 2), "с"),
        Figure(f"загрузка {rows} строк всего", round(total, 2), "с", 15 if rows >= 30_000 else None),
        Figure(f"выгрузка реестра, {count} строк", round(export_seconds, 2), "с", 5),
    ]


def matching_figures() -> list[Figure]:
    """Proposals for the municipality with the most waiting mentees (reading the facts included)."""
    from nastavnik.mentoring.matching import mentee_facts, mentor_facts, propose
    from nastavnik.mentoring.models import Mentee, Mentor

    busiest = (
        Mentee.objects.waiting()
        .values("person__organization__municipality")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        return []
    municipality = busiest["person__organization__municipality"]
    on = timezone.localdate()
    start = time.perf_counter()
    mentees = mentee_facts(Mentee.objects.waiting().filter(person__organization__municipality=municipality), on)
    mentors = mentor_facts(Mentor.objects.in_bank().filter(person__organization__municipality=municipality), on)
    proposal = propose(mentors, mentees)
    seconds = time.perf_counter() - start
    name = f"подбор пар: {len(mentees)} наставляемых × {len(mentors)} наставников, {len(proposal.pairs)} пар"
    return [Figure(name, round(seconds, 2), "с", 0.5 if len(mentees) <= 500 else None)]
