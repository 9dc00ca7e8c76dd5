"""Exports of the registry and the banks: safe to open, complete, and loadable back."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from nastavnik.accounts.models import AuditEvent, AuditKind
from nastavnik.factory import make_consent, make_mentee, make_mentor, make_organization, make_person
from nastavnik.mentoring.exporting import MENTEE_HEADERS, MENTOR_HEADERS, export_mentees, export_mentors
from nastavnik.mentoring.models import Difficulty, Mentee, Mentor
from nastavnik.people.exporting import REGISTRY_HEADERS, export_registry, registry_headers, registry_template
from nastavnik.people.importing import apply_registry, read_registry
from nastavnik.people.models import Gender, Person, Qualification, Subject

pytestmark = pytest.mark.django_db

ON = date(2025, 10, 1)


def sheet_values(data: bytes, index: int = 0) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(data)).worksheets[index]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def formulas(data: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(data))
    return [cell.coordinate for sheet in workbook for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def people_of(organization):  # type: ignore[no-untyped-def]
    return Person.objects.alive().filter(organization=organization).order_by("search_key", "pk")


def test_the_export_has_the_template_columns_and_the_values():
    organization = make_organization()
    person = make_person(
        organization=organization,
        last_name="Ёлкина",
        first_name="Анна",
        middle_name="Петровна",
        birth_date=date(1990, 5, 17),
        experience_start=date(2022, 9, 1),
        qualification=Qualification.HIGHEST,
        education="высшее",
        email="elkina@example.ru",
        phone="+7 900 123-45-67",
    )
    person.subjects.set(Subject.objects.filter(name__in=["Математика", "Физика"]))
    rows = sheet_values(export_registry(people_of(organization), on=ON))
    assert rows[0] == registry_headers(ON)
    assert rows[0][: len(REGISTRY_HEADERS)] == REGISTRY_HEADERS
    assert rows[1] == [
        "Ёлкина",
        "Анна",
        "Петровна",
        "женский",
        datetime(1990, 5, 17),
        "учитель",
        "Математика, Физика",
        "высшая",
        datetime(2022, 9, 1),
        "высшее",
        "elkina@example.ru",
        "+7 900 123-45-67",
        None,  # no consent to processing
        organization.short_name,
        35,
        3,
        "нет",
    ]


def test_the_export_contains_no_formula_even_when_the_data_looks_like_one():
    organization = make_organization()
    make_person(
        organization=organization,
        last_name='=HYPERLINK("http://evil.example","жми")',
        position="=1+2",
        education="@SUM(A1)",
        phone="-5",
    )
    data = export_registry(people_of(organization), on=ON)
    assert formulas(data) == []
    row = sheet_values(data)[1]
    assert (row[0], row[5], row[9], row[11]) == ('=HYPERLINK("http://evil.example","жми")', "=1+2", "@SUM(A1)", "-5")


def test_an_export_imports_back_as_updates_without_errors():
    organization = make_organization()
    make_person(organization=organization, last_name="Петров", first_name="Иван", middle_name="Ильич",
                gender=Gender.MALE, qualification=Qualification.METHODIST)  # fmt: skip
    make_person(organization=organization, last_name="Ким", first_name="Ли", middle_name="", birth_date=None,
                experience_start=None, position="")  # fmt: skip
    make_person(organization=organization, last_name="Ёлкина", email="anna@example.ru", position="=1+2").subjects.set(
        Subject.objects.filter(name="Химия")
    )
    make_person(organization=make_organization())  # another organization's person is not exported
    data = export_registry(people_of(organization), on=ON)

    preview = read_registry(data, organization=organization, on=ON)

    assert preview.errors == [] and preview.duplicates == [] and preview.unrecognized_columns == []
    assert (len(preview.to_create), len(preview.to_update), len(preview.to_change)) == (0, 3, 0)
    result = apply_registry(preview, by=None)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert Person.objects.filter(position="=1+2").count() == 1


def test_the_export_is_two_queries_whatever_its_size(django_assert_num_queries):
    organization = make_organization()
    for _ in range(30):
        make_person(organization=organization).subjects.set(Subject.objects.all()[:2])
    with django_assert_num_queries(2):
        data = export_registry(people_of(organization), on=ON)
    assert len(sheet_values(data)) == 31


def test_the_template_has_an_example_row_and_a_help_sheet_and_imports_cleanly():
    data = registry_template()
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Реестр", "Справка"]
    rows = sheet_values(data)
    assert rows[0] == REGISTRY_HEADERS and len(rows) == 2
    help_rows = sheet_values(data, 1)
    assert help_rows[0] == ["Столбец", "Что писать", "Пример"]
    assert {row[0] for row in help_rows} >= set(REGISTRY_HEADERS)
    assert formulas(data) == []
    preview = read_registry(data, organization=make_organization(), on=ON)
    assert preview.ok and preview.unrecognized_columns == [] and len(preview.to_create) == 1
    assert str(preview.to_create[0]) == "строка 2: Иванова Анна Петровна, 17.05.1990"


def test_the_export_command_writes_the_file_and_logs_the_export(tmp_path: Path, capsys):
    organization = make_organization()
    make_person(organization=organization)
    make_person(organization=organization)
    path = tmp_path / "реестр.xlsx"
    call_command("export_registry", organization=organization.pk, output=str(path))
    assert f"Выгружено: 2 работника в файл {path}." in capsys.readouterr().out
    assert len(sheet_values(path.read_bytes())) == 3
    event = AuditEvent.objects.get(kind=AuditKind.EXPORT)
    assert event.organization == organization and "2 записи" in event.details


# --- the banks -------------------------------------------------------------------------------------------


def test_the_mentor_bank_export(django_assert_num_queries):
    organization = make_organization()
    person = make_person(organization=organization, last_name="=cmd|' /C calc'!A0", position="учитель")
    make_consent(person)
    mentor = make_mentor(person, capacity=3, network_ready=True, achievements="Победитель конкурса\nвторой строкой")
    mentor.subjects.set(Subject.objects.filter(name="Физика"))
    mentor.competencies.set([Difficulty.objects.create(code="x", group="г", name="Работа с родителями")])
    make_mentor()
    with django_assert_num_queries(3):
        data = export_mentors(Mentor.objects.filter(person__organization=organization))
    rows = sheet_values(data)
    assert rows[0] == MENTOR_HEADERS and len(rows) == 2
    assert rows[1][:9] == [
        person.full_name,
        organization.short_name,
        "учитель",
        "Физика",
        "Работа с родителями",
        "в банке",
        "не выдвигался",
        3,
        "да",
    ]
    assert rows[1][9] == "Победитель конкурса\nвторой строкой"
    assert isinstance(rows[1][11], datetime)
    assert formulas(data) == []


def test_the_mentee_bank_export(django_assert_num_queries):
    organization = make_organization()
    person = make_person(organization=organization, position="@SUM(1)")
    make_consent(person)
    mentee = make_mentee(person, request="=1+2 не знаю, как вести журнал", requested_on=date(2025, 9, 10))
    mentee.difficulties.set([Difficulty.objects.create(code="y", group="г", name="Электронный журнал")])
    with django_assert_num_queries(2):
        data = export_mentees(Mentee.objects.all())
    rows = sheet_values(data)
    assert rows[0] == MENTEE_HEADERS
    assert rows[1][:8] == [
        person.full_name,
        organization.short_name,
        "@SUM(1)",
        "молодой (начинающий) педагог",
        "=1+2 не знаю, как вести журнал",
        "Электронный журнал",
        datetime(2025, 9, 10),
        "ожидает наставника",
    ]
    assert formulas(data) == []
