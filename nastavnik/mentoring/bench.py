"""The figures of DESIGN §6 measured on the current database (``manage.py bench``)."""

from __future__ import annotations

import io
import random
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

from nastavnik.accounts import access
from nastavnik.accounts.models import Membership, Role, User
from nastavnik.factory import letters
from nastavnik.mentoring.matching import MenteeFacts, MentorFacts, proposal_for, propose
from nastavnik.mentoring.models import Mentee, Mentor, Mentorship
from nastavnik.orgs.models import Municipality, Organization
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


def _own_pair_url(user: User) -> str | None:
    pair = access.visible(Mentorship.objects.open(), user).filter(program__isnull=False).order_by("pk").first()
    return pair.get_absolute_url() if pair else None


def _own_program_url(user: User) -> str | None:
    pair = access.visible(Mentorship.objects.open(), user).filter(program__isnull=False).order_by("pk").first()
    return reverse("programs:program-detail", args=[pair.program.pk]) if pair else None  # type: ignore[attr-defined]


def _url(name: str) -> Callable[[User], str | None]:
    return lambda user: reverse(name)


# label → (the page's address for the user, or None where it has none; its query parameters)
PAGES: dict[str, tuple[Callable[[User], str | None], dict[str, str]]] = {
    "главная": (_url("home"), {}),
    "реестр": (_url("people:person-list"), {}),
    "поиск «елкина»": (_url("people:person-list"), {"q": "елкина"}),
    "банк наставников": (_url("mentoring:mentor-list"), {}),
    "банк наставляемых": (_url("mentoring:mentee-list"), {}),
    "ожидают наставника": (_url("mentoring:mentee-waiting"), {}),
    "организации": (_url("orgs:organization-list"), {}),
    "доска пар": (_url("mentoring:mentorship-list"), {}),
    "доска пар, незавершённые": (_url("mentoring:mentorship-list"), {"status": "open"}),
    "доска пар, поиск «иван»": (_url("mentoring:mentorship-list"), {"q": "иван"}),
    "страница пары": (_own_pair_url, {}),
    "программа пары": (_own_program_url, {}),
    "подбор пар": (_url("mentoring:match"), {}),
}
ROLE_PAGES = {
    Role.ADMIN: [label for label in PAGES if label != "подбор пар"],  # the admin first chooses a municipality
    Role.COORDINATOR: list(PAGES),
    Role.CURATOR: list(PAGES),
    Role.MENTOR: ["главная", "доска пар", "страница пары", "программа пары"],
}


def page_figures(*, repeats: int) -> list[Figure]:
    figures: list[Figure] = []
    for role, labels in ROLE_PAGES.items():
        user = _user_with(role)
        if user is None:
            continue
        client = Client()
        client.force_login(user)
        for label in labels:
            url_of, params = PAGES[label]
            url = url_of(user)
            if url is None:
                continue
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


@dataclass(frozen=True)
class MatchingSize:
    mentees: int
    mentors: int
    organizations: int
    municipalities: int
    candidates: int | None  # each mentee's best so many mentors; None: every allowed pair


# DESIGN §6: a municipality of 500 waiting mentees and 800 mentors under 0.5 s; a region of 30,000
# mentees with candidate lists under 10 s (mentors in the municipality's proportion, 1,000 organizations).
MUNICIPALITY_SIZE = MatchingSize(mentees=500, mentors=800, organizations=60, municipalities=1, candidates=None)
REGION_SIZE = MatchingSize(mentees=30_000, mentors=48_000, organizations=1_000, municipalities=30, candidates=20)


def synthetic_facts(size: MatchingSize, *, seed: int = 1) -> tuple[list[MentorFacts], list[MenteeFacts]]:
    """Mentors and mentees of ``size`` built in memory, spread over organizations and municipalities like
    the demo's: 3–6 competencies of 24 difficulties, one or two of 15 subjects, a third ready for network
    mentoring, one or two places, some of them taken."""
    rng = random.Random(seed)
    municipality_of = [rng.randrange(size.municipalities) for _ in range(size.organizations)]
    difficulties = {pk: f"затруднение {pk}" for pk in range(24)}
    subjects = {pk: f"предмет {pk}" for pk in range(15)}
    mentors = []
    for j in range(size.mentors):
        organization = rng.randrange(size.organizations)
        capacity = rng.choice((1, 2, 2, 3))
        mentors.append(
            MentorFacts(
                id=j + 1,
                person_id=j + 1,
                name=f"Наставник {j}",
                organization_id=organization,
                network_ready=rng.random() < 0.3,
                competencies=frozenset(rng.sample(range(24), rng.randint(3, 6))),
                subjects=frozenset(rng.sample(range(15), rng.randint(1, 2))),
                experience=rng.randint(5, 35),
                free=rng.randint(0, capacity),
                capacity=capacity,
                municipality_id=municipality_of[organization],
                is_head=rng.random() < 0.02,
            )
        )
    mentees = []
    for i in range(size.mentees):
        organization = rng.randrange(size.organizations)
        mentees.append(
            MenteeFacts(
                id=i + 1,
                person_id=size.mentors + i + 1,
                name=f"Наставляемый {i}",
                organization_id=organization,
                difficulties={pk: difficulties[pk] for pk in rng.sample(range(24), rng.randint(1, 4))},
                subjects={pk: subjects[pk] for pk in rng.sample(range(15), 1)},
                experience=rng.randint(0, 3),
                municipality_id=municipality_of[organization],
                is_deputy=rng.random() < 0.03,
            )
        )
    return mentors, mentees


def synthetic_matching_figure(label: str, size: MatchingSize, target: float) -> Figure:
    mentors, mentees = synthetic_facts(size)
    start = time.perf_counter()
    proposal = propose(mentors, mentees, candidates=size.candidates)
    seconds = time.perf_counter() - start
    lists = "все допустимые пары" if size.candidates is None else f"списки по {size.candidates} кандидатов"
    name = (
        f"подбор пар, {label} в памяти: {size.mentees} наставляемых × {size.mentors} наставников, "
        f"{lists}, {len(proposal.pairs)} пар"
    )
    return Figure(name, round(seconds, 2), "с", target)


def matching_figures() -> list[Figure]:
    """Proposals for the municipality of the database with the most waiting mentees (reading the facts,
    the settings and the psychologist's notes included), then a municipality and a region in memory."""
    return [
        *_database_matching_figures(),
        synthetic_matching_figure("муниципалитет", MUNICIPALITY_SIZE, 0.5),
        synthetic_matching_figure("регион", REGION_SIZE, 10),
    ]


def _database_matching_figures() -> list[Figure]:
    busiest = (
        Mentee.objects.waiting()
        .values("person__organization__municipality")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        return []
    municipality = Municipality.objects.get(pk=busiest["person__organization__municipality"])
    on = timezone.localdate()
    start = time.perf_counter()
    proposal = proposal_for(
        mentees=Mentee.objects.waiting().filter(person__organization__municipality=municipality),
        mentors=Mentor.objects.in_bank().filter(person__organization__municipality=municipality),
        municipality=municipality,
        on=on,
    )
    seconds = time.perf_counter() - start
    mentees = len(proposal.pairs) + len(proposal.unmatched)
    name = f"подбор пар: {mentees} наставляемых муниципалитета, {len(proposal.pairs)} пар"
    return [Figure(name, round(seconds, 2), "с", 0.5 if mentees <= 500 else None)]


def docx_figures(*, repeats: int = 5) -> list[Figure]:
    """DESIGN §6: one DOCX under 200 ms; the order fixing 50 pairs under 500 ms (with its data read,
    names declined and the template filled; the registry write is not part of it)."""
    from nastavnik.documents.generation import contexts
    from nastavnik.documents.generation.render import render
    from nastavnik.documents.models import DocumentKind
    from nastavnik.programs.models import Program

    figures: list[Figure] = []
    program = Program.objects.order_by("pk").first()
    if program is not None:

        def one_program() -> object:
            fresh = Program.objects.select_related("mentorship__organization__municipality").get(pk=program.pk)
            context = contexts.ProgramContext.from_program(fresh)
            return render(DocumentKind.PROGRAM, context, fresh.mentorship.organization.municipality)

        one_program()  # warm up: the template read, the declension tables
        seconds = sorted(timed(one_program) for _ in range(repeats))[repeats // 2]
        figures.append(Figure("DOCX: персонализированная программа, медиана", round(seconds * 1000, 1), "мс", 200))
    organization = Organization.objects.annotate(pairs=Count("mentorships")).order_by("-pairs", "pk").first()
    pks = list(Mentorship.objects.order_by("pk").values_list("pk", flat=True)[:50])
    if organization is not None and pks:

        def pairs_order() -> object:
            pairs = contexts.pairs_with_participants(pks)
            context = contexts.PairsOrderContext.from_mentorships(
                pairs, organization=organization, number="1-ОД", on=timezone.localdate()
            )
            return render(DocumentKind.ORDER_PAIRS, context, organization.municipality)

        pairs_order()
        seconds = sorted(timed(pairs_order) for _ in range(repeats))[repeats // 2]
        figures.append(
            Figure(f"DOCX: приказ о закреплении пар ({len(pks)}), медиана", round(seconds * 1000, 1), "мс", 500)
        )
    return figures
