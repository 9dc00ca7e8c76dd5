"""Import of the registry from Excel: recognition, validation, duplicates, all or nothing."""

from __future__ import annotations

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import Workbook

from nastavnik.factory import make_organization, make_person, make_user
from nastavnik.lib.xlsx import UploadRejected
from nastavnik.orgs.models import Organization
from nastavnik.people.importing import (
    ImportPreview,
    RegistryHasErrors,
    apply_registry,
    experience_start_from_years,
    read_registry,
)
from nastavnik.people.models import Employment, Gender, Person, Qualification

pytestmark = pytest.mark.django_db

ON = date(2025, 10, 1)


class Formula(str):
    """A cell to be written as a real formula (openpyxl, no cached value), not as text."""


def xlsx(*rows: list[Any]) -> bytes:
    """A workbook with one sheet of these rows. Text starting with «=» is written as text, as a user's
    spreadsheet would hold it; ``Formula("=…")`` writes a real formula."""
    workbook = Workbook()
    sheet = workbook.active
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(number, column, value)
            if isinstance(value, str) and value.startswith("=") and not isinstance(value, Formula):
                cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


HEADER = ["ФИО", "Пол", "Дата рождения", "Должность", "Категория", "Стаж", "E-mail"]


def registry(*rows: list[Any], header: list[str] = HEADER) -> bytes:
    return xlsx(header, *rows)


def code(n: int) -> str:
    """A number written in letters, for distinct names: 12 → «аабв»."""
    return "".join("абвгдежзик"[int(digit)] for digit in f"{n:04d}")


def good_row(n: int = 1, /, **changes: Any) -> list[Any]:
    row = {
        "ФИО": "Иванова Анна Петровна" if n == 1 else f"Иванова{code(n)} Анна Петровна",
        "Пол": "ж",
        "Дата рождения": "17.05.1990",
        "Должность": "учитель",
        "Категория": "первая",
        "Стаж": 5,
        "E-mail": f"anna{n}@example.ru",
    }
    row.update(changes)
    return list(row.values())


def messages(data: bytes, organization: Organization) -> list[str]:
    """Every message the import gives for the file; asserts that nothing at all was written."""
    before = Person.objects.count(), Employment.objects.count(), Person.history.count()
    try:
        preview = read_registry(data, organization=organization, on=ON)
    except UploadRejected as error:
        result = [str(error)]
    else:
        result = [str(problem) for problem in preview.errors + preview.duplicates]
        if preview.ok:
            apply_registry(preview, by=None)
        else:
            with pytest.raises(RegistryHasErrors):
                apply_registry(preview, by=None)
    assert (Person.objects.count(), Employment.objects.count(), Person.history.count()) == before
    return result


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def workbook_with_garbage_inside() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "это не XML")
    return buffer.getvalue()


def big_file_with_one_bad_row_at_the_end() -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["ФИО", "Дата рождения"])
    for n in range(9_999):
        sheet.append([f"Иванова{code(n)} Анна Петровна", date(1980 + n % 20, 1 + n % 12, 1 + n % 28)])
    sheet.append(["Петрова Анна Ивановна", "32.13.1990"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def far_away_cell() -> bytes:
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(good_row())
    workbook.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    """100 KB that inflate to 101 MB, over the default XLSX_MAX_UNPACKED_BYTES of 100 MB."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            for _ in range(101):
                part.write(b" " * 1024 * 1024)
    return buffer.getvalue()


def person_elsewhere() -> bytes:
    make_person(last_name="Сидорова", first_name="Мария", middle_name="Ивановна", birth_date=date(1985, 3, 2))
    return registry(good_row(ФИО="Сидорова Мария Ивановна", **{"Дата рождения": "02.03.1985"}))


def email_elsewhere() -> bytes:
    make_person(email="Anna1@Example.ru")
    return registry(good_row())


# Each case: a file (or a function making it, which may add people elsewhere first) and a message it must
# produce. Every one of them writes nothing.
MALFORMED: list[tuple[str, bytes | Callable[[], bytes], str]] = [
    ("empty-bytes", b"", "Файл пустой."),
    ("png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "Файл не является таблицей Excel (.xlsx)."),
    ("docx", docx_bytes(), "Это документ Word, а нужна таблица Excel (.xlsx)."),
    ("xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512, "Файл в старом формате Excel (.xls)"),
    ("broken-zip", registry(good_row())[:400], "Файл повреждён"),
    ("garbage-workbook", workbook_with_garbage_inside, "Файл повреждён"),
    ("zip-bomb", zip_bomb, "Файл слишком большой в распакованном виде (больше 100 МБ)"),
    ("far-away-cell", far_away_cell, "Лист слишком большой"),
    ("no-rows", xlsx(), "В файле нет данных: лист пустой."),
    ("header-only", registry(), "В файле нет строк с данными под строкой заголовков."),
    ("no-header", xlsx(["Список"], ["Иванова Анна", "учитель"]), "Не найдена строка заголовков"),
    (
        "no-fio-column",
        xlsx(["Должность", "Дата рождения", "Примечание"], ["учитель", "17.05.1990", ""]),
        "Нет обязательного столбца «ФИО» (или отдельных столбцов «Фамилия», «Имя», «Отчество»). "
        "Найдены столбцы: «Должность», «Дата рождения», «Примечание».",
    ),
    (
        "surname-without-name",
        xlsx(["Фамилия", "Отчество"], ["Иванова", "Петровна"]),
        "Нет обязательного столбца «Имя» (рядом со столбцом «Фамилия»)",
    ),
    (
        "impossible-date",
        registry(good_row(**{"Дата рождения": "31.02.1990"})),
        "строка 2, столбец «Дата рождения»: неверная дата «31.02.1990» — нужна дата в виде ДД.ММ.ГГГГ, "
        "например 01.09.2015",
    ),
    (
        "year-instead-of-date",
        registry(good_row(**{"Дата рождения": 1990})),
        "строка 2, столбец «Дата рождения»: «1990» похоже на год, а нужна полная дата в виде ДД.ММ.ГГГГ",
    ),
    (
        "small-number-as-date",
        xlsx(["ФИО", "Пол", "Дата начала стажа"], ["Иванова Анна", "ж", 5]),
        "строка 2, столбец «Дата начала стажа»: неверная дата «5» — нужна дата в виде ДД.ММ.ГГГГ",
    ),
    (
        "date-as-words",
        registry(good_row(), good_row(2, **{"Дата рождения": "весной"})),
        "строка 3, столбец «Дата рождения»: неверная дата «весной» — нужна дата в виде ДД.ММ.ГГГГ, например 01.09.2015",
    ),
    (
        "future-birth-date",
        registry(good_row(**{"Дата рождения": "12.03.2031"})),
        "строка 2, столбец «Дата рождения»: дата рождения в будущем (12.03.2031)",
    ),
    (
        "too-young",
        registry(good_row(**{"Дата рождения": date(2015, 1, 1), "Стаж": ""})),
        "строка 2, столбец «Дата рождения»: возраст меньше 14 лет (дата рождения 01.01.2015)",
    ),
    (
        "too-old",
        registry(good_row(**{"Дата рождения": "01.01.1900"})),
        "строка 2, столбец «Дата рождения»: возраст больше 100 лет (дата рождения 01.01.1900)",
    ),
    (
        "experience-in-future",
        xlsx(["ФИО", "Пол", "Дата рождения", "Дата начала стажа"], ["Иванова Анна", "ж", "17.05.1990", "01.09.2026"]),
        "строка 2, столбец «Дата начала стажа»: дата начала стажа в будущем (01.09.2026)",
    ),
    (
        "experience-before-14",
        registry(good_row(Стаж=30)),
        "строка 2, столбец «Стаж»: стаж начинается раньше 14 лет (стаж 30 лет, дата рождения 17.05.1990)",
    ),
    (
        "negative-experience",
        registry(good_row(Стаж=-3)),
        "строка 2, столбец «Стаж»: стаж не может быть отрицательным (-3)",
    ),
    ("experience-over-70", registry(good_row(Стаж="75 лет")), "строка 2, столбец «Стаж»: стаж больше 70 лет (75)"),
    (
        "experience-not-a-number",
        registry(good_row(Стаж="много")),
        "строка 2, столбец «Стаж»: стаж должен быть числом полных лет («много»)",
    ),
    (
        "bad-email",
        registry(good_row(**{"E-mail": "anna@"})),
        "строка 2, столбец «E-mail»: неверный адрес электронной почты «anna@»",
    ),
    (
        "unknown-category",
        registry(good_row(Категория="вторая")),
        "строка 2, столбец «Категория»: неизвестная квалификационная категория «вторая» — допустимы «без категории», "
        "«первая», «высшая», «педагог-методист», «педагог-наставник»",
    ),
    (
        "unknown-gender",
        registry(good_row(Пол="x")),
        "строка 2, столбец «Пол»: непонятное значение пола «x»: укажите «м» или «ж»",
    ),
    (
        "gender-unknowable",
        xlsx(["ФИО", "Дата рождения"], ["Ким Ли", "01.01.1990"]),
        "строка 2, столбец «Пол»: по отчеству пол не определить: добавьте столбец «Пол» и укажите «м» или «ж»",
    ),
    (
        "one-word-name",
        registry(good_row(ФИО="Иванова")),
        "строка 2, столбец «ФИО»: в ФИО нужны хотя бы фамилия и имя («Иванова»)",
    ),
    ("empty-name", registry(good_row(ФИО="   ")), "строка 2, столбец «ФИО»: не заполнено ФИО"),
    (
        "formula-text-in-name",
        registry(good_row(ФИО='=HYPERLINK("http://evil.example","Иванова")')),
        "строка 2, столбец «ФИО»: ФИО может содержать только буквы, пробелы, дефисы и апострофы («=HYPERLINK(",
    ),
    (
        "real-formula-in-name",
        registry(good_row(ФИО=Formula('=CONCATENATE("Иванова ","Анна")'))),
        "строка 2, столбец «ФИО»: не заполнено ФИО",
    ),
    ("digits-in-name", registry(good_row(ФИО="Иванова2 Анна")), "строка 2, столбец «ФИО»: ФИО может содержать только"),
    (
        "position-too-long",
        registry(good_row(Должность="у" * 201)),
        "строка 2, столбец «Должность»: слишком длинное значение: 201 символ, можно не больше 200",
    ),
    (
        "subject-too-long",
        xlsx(["ФИО", "Пол", "Предметы"], ["Иванова Анна", "ж", "Физика, " + "я" * 201]),
        "строка 2, столбец «Предметы»: слишком длинное название предмета «яяя",
    ),
    (
        "email-too-long",
        registry(good_row(**{"E-mail": "a" * 250 + "@example.ru"})),
        "строка 2, столбец «E-mail»: неверный адрес электронной почты «aaa",
    ),
    (
        "ten-thousand-rows-one-bad-at-the-end",
        big_file_with_one_bad_row_at_the_end,
        "строка 10001, столбец «Дата рождения»: неверная дата «32.13.1990»",
    ),
    (
        "person-of-another-organization",
        person_elsewhere,
        "строка 2, столбец «ФИО»: Сидорова Мария Ивановна (02.03.1985) уже есть в реестре другой организации — "
        "строка не будет загружена; перевод в другую организацию делается в карточке работника",
    ),
    (
        "email-of-another-organization",
        email_elsewhere,
        "строка 2, столбец «E-mail»: адрес anna1@example.ru уже записан у работника другой организации — "
        "строка не будет загружена",
    ),
]


@pytest.mark.parametrize(("name", "data", "expected"), MALFORMED, ids=[case[0] for case in MALFORMED])
def test_a_malformed_file_gets_one_clear_message_and_writes_nothing(name, data, expected):
    organization = make_organization()
    found = messages(data() if callable(data) else data, organization)
    assert len(found) == 1 and found[0].startswith(expected), found


def test_every_error_of_a_row_is_reported_at_once():
    found = messages(registry(good_row(**{"Дата рождения": "вчера", "E-mail": "x@", "Стаж": -1})), make_organization())
    assert [message.split(":")[0] for message in found] == [
        "строка 2, столбец «Дата рождения»",
        "строка 2, столбец «Стаж»",
        "строка 2, столбец «E-mail»",
    ]


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("ФИО", "ФИО"),
        ("Ф.И.О.", "ФИО"),
        ("Ф. И. О. педагога", "ФИО"),
        ("Фамилия, имя, отчество", "ФИО"),
        ("ФАМИЛИЯ ИМЯ ОТЧЕСТВО (полностью)", "ФИО"),
        ("Фамилия", "фамилия"),
        ("  имя ", "имя"),
        ("Отчество (при наличии)", "отчество"),
        ("Пол (м/ж)", "пол"),
        ("Дата рождения", "дата рождения"),
        ("Д.р.", "дата рождения"),
        ("Дата рожд.", "дата рождения"),
        ("Должность", "должность"),
        ("Предмет(ы)", "предметы"),
        ("Преподаваемые предметы", "предметы"),
        ("Категория", "квалификационная категория"),
        ("Квалификационная категория", "квалификационная категория"),
        ("Стаж", "стаж, лет"),
        ("Педагогический стаж (лет)", "стаж, лет"),
        ("Дата начала стажа", "дата начала педагогического стажа"),
        ("Педагогический стаж с", "дата начала педагогического стажа"),
        ("Образование", "образование"),
        ("E-mail", "электронная почта"),
        ("Эл. почта", "электронная почта"),
        ("Электронная почта", "электронная почта"),
        ("Телефон", "телефон"),
        ("Тел.", "телефон"),
    ],
)
def test_usual_headers_are_recognised(header, label):
    preview = read_registry(xlsx([header], ["x"]), organization=make_organization(), on=ON)
    assert preview.recognized == {" ".join(header.split()): label}
    assert preview.unrecognized_columns == []


@pytest.mark.parametrize("header", ["Дата регистрации", "Общий стаж", "Примечание", "Почтовый адрес"])
def test_other_headers_are_reported_as_unrecognised(header):
    preview = read_registry(xlsx(["ФИО", header], ["Иванова Анна", "x"]), organization=make_organization(), on=ON)
    assert preview.unrecognized_columns == [header]


def test_a_second_column_with_the_same_meaning_is_reported_and_not_read():
    data = xlsx(["ФИО", "Пол", "Ф.И.О."], ["Иванова Анна", "ж", "Петрова Мария"])
    preview = read_registry(data, organization=make_organization(), on=ON)
    assert preview.unrecognized_columns == ["Ф.И.О. (повторный столбец: читается «ФИО»)"]
    assert [row.full_name for row in preview.to_create] == ["Иванова Анна"]


def test_rows_with_only_a_row_number_are_not_people():
    data = xlsx(
        ["№ п/п", "ФИО", "Пол", "Примечание"], [1, "Иванова Анна", "ж", ""], [2, "", "", ""], [3, None, None, "x"]
    )
    preview = read_registry(data, organization=make_organization(), on=ON)
    assert preview.ok and preview.total_rows == 1 and preview.unrecognized_columns == ["Примечание"]


def test_the_first_visible_sheet_is_read():
    workbook = Workbook()
    workbook.active.title = "Служебный"
    workbook.active.append(["ФИО"])
    workbook.active.append(["Скрытая Строка"])
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("Реестр").append(["ФИО", "Пол"])
    workbook["Реестр"].append(["Иванова Анна", "ж"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = read_registry(buffer.getvalue(), organization=make_organization(), on=ON)
    assert [row.full_name for row in preview.to_create] == ["Иванова Анна"]


# --- a clean file -----------------------------------------------------------------------------------------


def mixed_headers_file() -> bytes:
    return xlsx(
        ["Список педагогических работников МБОУ «Школа № 1»"],
        [],
        [
            "№ п/п",
            " Ф.И.О.  педагога ",
            "Пол",
            "Д.р.",
            "Должность",
            "Преподаваемые предметы",
            "Кв. категория",
            "Стаж",
            "Образование",
            "Эл. почта",
            "Телефон",
            "Общий стаж",
        ],
        [1, "  Ёлкина   Анна  Петровна ", "", "17.05.1990", "учитель", "математика; физика", "высшая категория", 8,
         "высшее", "Elkina@Example.ru", 79001234567, 10],
        [2, "СИДОРОВ ПЁТР ИВАНОВИЧ", "м", date(1985, 3, 2), "учитель физики", "Физика", "1 категория", "12 лет",
         "", "", "", ""],
        [3, "Алиев Рашид Мамед оглы", "", "1980-01-02", "педагог-психолог", "", "соответствие занимаемой должности",
         "", "", "", "", ""],
        [4, "Ким Ли", "Ж.", 32874, "", "", "", "", "", "", "", ""],
        [5, "Иванова-Петрова Мария Сергеевна", "женский", datetime(1995, 9, 1, 0, 0), "учитель", "астрономия",
         "", 0, "", "", "", ""],
    )  # fmt: skip


def test_a_file_with_usual_header_variants_imports_with_correct_values():
    organization = make_organization()
    user = make_user()
    preview = read_registry(mixed_headers_file(), organization=organization, on=ON)
    assert preview.ok, preview.errors
    assert preview.unrecognized_columns == ["Общий стаж"]
    assert preview.recognized["Д.р."] == "дата рождения"
    assert preview.recognized["Ф.И.О. педагога"] == "ФИО"
    assert len(preview.to_create) == 5
    assert str(preview.to_create[0]) == "строка 4: Ёлкина Анна Петровна, 17.05.1990"

    result = apply_registry(preview, by=user)

    assert (result.created, result.updated, result.unchanged) == (5, 0, 0)
    people = {p.last_name: p for p in Person.objects.filter(organization=organization)}
    assert set(people) == {"Ёлкина", "Сидоров", "Алиев", "Ким", "Иванова-Петрова"}
    elkina = people["Ёлкина"]
    assert (elkina.first_name, elkina.middle_name, elkina.gender) == ("Анна", "Петровна", Gender.FEMALE)
    assert elkina.birth_date == date(1990, 5, 17)
    assert elkina.qualification == Qualification.HIGHEST
    assert elkina.experience_start == date(2017, 9, 1) and elkina.experience_years(ON) == 8
    assert (elkina.email, elkina.phone, elkina.education) == ("elkina@example.ru", "79001234567", "высшее")
    assert sorted(s.name for s in elkina.subjects.all()) == ["Математика", "Физика"]
    assert elkina.search_key == "елкина анна петровна"
    assert Person.objects.search("елкина").get() == elkina
    sidorov = people["Сидоров"]
    assert (sidorov.first_name, sidorov.middle_name, sidorov.gender) == ("Пётр", "Иванович", Gender.MALE)
    assert sidorov.birth_date == date(1985, 3, 2) and sidorov.qualification == Qualification.FIRST
    assert sidorov.experience_start == date(2013, 9, 1)
    aliev = people["Алиев"]
    assert (aliev.middle_name, aliev.gender, aliev.birth_date) == ("Мамед оглы", Gender.MALE, date(1980, 1, 2))
    assert aliev.qualification == Qualification.NONE and aliev.experience_start is None
    kim = people["Ким"]
    assert (kim.first_name, kim.middle_name, kim.gender, kim.birth_date) == ("Ли", "", Gender.FEMALE, date(1990, 1, 1))
    ivanova = people["Иванова-Петрова"]
    assert ivanova.birth_date == date(1995, 9, 1) and ivanova.experience_start == date(2025, 9, 1)
    assert [s.name for s in ivanova.subjects.all()] == ["Астрономия"]
    assert Employment.objects.filter(person__organization=organization, organization=organization).count() == 5
    assert Employment.objects.get(person=elkina).position == "учитель"
    history = elkina.history.get()
    assert (history.history_type, history.history_user, history.last_name) == ("+", user, "Ёлкина")
    assert history.history_change_reason == "загрузка реестра из Excel"
    assert sorted(link.subject.name for link in history.subjects.all()) == ["Математика", "Физика"]


def test_separate_name_columns_and_a_start_date_of_experience():
    organization = make_organization()
    data = xlsx(
        ["Фамилия", "Имя", "Отчество (при наличии)", "Дата рождения", "Педагогический стаж с", "Электронная почта",
         "Квалификационная категория"],
        ["Петров", "Иван", "Ильич", "02.01.1980", "1.9.2005", "", "Педагог-наставник"],
        ["Смирнова", "Ольга", "", "03.03.1991", date(2015, 9, 1), "olga@example.ru", "без категории"],
    )  # fmt: skip
    preview = read_registry(data, organization=organization, on=ON)
    assert preview.errors == [preview.errors[0]] and preview.errors[0].message.startswith(
        "по отчеству пол не определить"
    )
    assert preview.errors[0].row == 3
    data = xlsx(
        ["Фамилия", "Имя", "Отчество (при наличии)", "Пол", "Дата рождения", "Педагогический стаж с",
         "Квалификационная категория"],
        ["Петров", "Иван", "Ильич", "", "02.01.1980", "1.9.2005", "Педагог-наставник"],
        ["Смирнова", "Ольга", "", "ж", "03.03.1991", date(2015, 9, 1), "без категории"],
    )  # fmt: skip
    preview = read_registry(data, organization=organization, on=ON)
    assert preview.ok, preview.errors
    apply_registry(preview, by=None)
    petrov = Person.objects.get(last_name="Петров")
    assert (petrov.middle_name, petrov.gender, petrov.qualification) == ("Ильич", Gender.MALE, Qualification.MENTOR)
    assert petrov.experience_start == date(2005, 9, 1)
    smirnova = Person.objects.get(last_name="Смирнова")
    assert (smirnova.gender, smirnova.middle_name, smirnova.experience_start) == (Gender.FEMALE, "", date(2015, 9, 1))


@pytest.mark.parametrize(
    ("on", "years", "start"),
    [
        (date(2025, 10, 1), 3, date(2022, 9, 1)),
        (date(2025, 8, 31), 3, date(2021, 9, 1)),
        (date(2025, 9, 1), 0, date(2025, 9, 1)),
    ],
)
def test_experience_in_years_starts_on_the_first_of_september(on, years, start):
    assert experience_start_from_years(years, on) == start
    assert make_person(experience_start=start).experience_years(on) == years


def test_progress_is_reported_every_500_rows():
    rows = [good_row(1, ФИО=f"Иванова{code(n)} Анна", **{"E-mail": ""}) for n in range(1_200)]
    calls: list[tuple[int, int]] = []
    read_registry(registry(*rows), organization=make_organization(), on=ON, progress=lambda *a: calls.append(a))
    assert calls == [(500, 1200), (1000, 1200), (1200, 1200)]


def test_a_preview_writes_nothing_and_a_preview_with_errors_cannot_be_applied():
    organization = make_organization()
    preview = read_registry(registry(good_row(), good_row(2, Стаж=-1)), organization=organization, on=ON)
    assert len(preview.to_create) == 1 and not preview.ok
    assert Person.objects.count() == 0
    with pytest.raises(RegistryHasErrors):
        apply_registry(preview, by=None)
    assert Person.objects.count() == 0


def test_a_failure_inside_the_write_leaves_nothing(monkeypatch):
    organization = make_organization()
    preview = read_registry(registry(good_row(), good_row(2)), organization=organization, on=ON)

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("диск переполнен")

    monkeypatch.setattr("nastavnik.people.importing._history", broken)
    with pytest.raises(RuntimeError):
        apply_registry(preview, by=None)
    assert Person.objects.count() == 0 and Employment.objects.count() == 0


# --- updates and duplicates --------------------------------------------------------------------------------


def test_reimporting_the_same_file_updates_instead_of_doubling():
    organization = make_organization()
    data = mixed_headers_file()
    apply_registry(read_registry(data, organization=organization, on=ON), by=None)
    preview = read_registry(data, organization=organization, on=ON)
    assert (len(preview.to_create), len(preview.to_update), len(preview.to_change)) == (0, 5, 0)
    result = apply_registry(preview, by=None)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert Person.objects.filter(organization=organization).count() == 5
    assert Employment.objects.count() == 5


def test_a_changed_row_updates_the_person_and_records_history():
    organization = make_organization()
    user = make_user()
    apply_registry(read_registry(registry(good_row(), good_row(2)), organization=organization, on=ON), by=None)
    anna = Person.objects.get(email="anna1@example.ru")
    changed = registry(good_row(Должность="заместитель директора", Категория="высшая", Стаж=""), good_row(2))
    preview = read_registry(changed, organization=organization, on=ON)
    assert [row.changes for row in preview.to_update] == [["position", "qualification"], []]
    result = apply_registry(preview, by=user)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 1)
    anna.refresh_from_db()
    assert (anna.position, anna.qualification) == ("заместитель директора", Qualification.HIGHEST)
    assert anna.experience_start == date(2020, 9, 1)  # the empty «Стаж» cell erased nothing
    latest = anna.history.first()
    assert (latest.history_type, latest.history_user, latest.position) == ("~", user, "заместитель директора")
    assert Employment.objects.filter(person=anna).count() == 1


def test_a_person_is_found_by_email_when_the_name_changed():
    organization = make_organization()
    person = make_person(organization=organization, last_name="Иванова", email="Anna1@example.ru")
    preview = read_registry(registry(good_row(ФИО="Смирнова Анна Петровна")), organization=organization, on=ON)
    assert [row.person_id for row in preview.to_update] == [person.pk]
    apply_registry(preview, by=None)
    person.refresh_from_db()
    assert person.full_name == "Смирнова Анна Петровна" and person.search_key == "смирнова анна петровна"


def test_subjects_are_replaced_only_when_the_cell_says_otherwise():
    organization = make_organization()
    header = ["ФИО", "Пол", "Дата рождения", "Предметы"]
    apply_registry(
        read_registry(registry(["Иванова Анна", "ж", "01.01.1990", "Физика, химия"], header=header),
                      organization=organization, on=ON), by=None)  # fmt: skip
    person = Person.objects.get()
    for cell, expected, changes in [
        ("химия; ФИЗИКА", ["Физика", "Химия"], []),
        ("", ["Физика", "Химия"], []),
        ("Биология", ["Биология"], ["subjects"]),
    ]:
        preview = read_registry(
            registry(["Иванова Анна", "ж", "01.01.1990", cell], header=header), organization=organization, on=ON
        )
        assert preview.to_update[0].changes == changes
        apply_registry(preview, by=None)
        assert sorted(s.name for s in person.subjects.all()) == expected
    assert sorted(link.subject.name for link in person.history.first().subjects.all()) == ["Биология"]


def test_duplicates_inside_the_file_are_reported_once_and_loaded_once():
    organization = make_organization()
    data = registry(
        good_row(),
        good_row(2),
        good_row(ФИО="ИВАНОВА АННА ПЕТРОВНА", **{"E-mail": "anna1@example.ru"}),
        good_row(3, **{"E-mail": "ANNA2@example.ru"}),
    )
    preview = read_registry(data, organization=organization, on=ON)
    assert [str(d) for d in preview.duplicates] == [
        "строка 4: повторяет строку 2 (то же ФИО и дата рождения) — строка не будет загружена",
        "строка 5, столбец «E-mail»: адрес anna2@example.ru уже указан в строке 3 — строка не будет загружена",
    ]
    result = apply_registry(preview, by=None)
    assert result.created == 2 and Person.objects.count() == 2


def test_a_person_of_another_organization_is_neither_created_nor_moved():
    other = make_person(last_name="Иванова", first_name="Анна", middle_name="Петровна", birth_date=date(1990, 5, 17))
    organization = make_organization()
    preview = read_registry(registry(good_row(), good_row(2)), organization=organization, on=ON)
    assert len(preview.duplicates) == 1 and preview.duplicates[0].row == 2
    apply_registry(preview, by=None)
    other.refresh_from_db()
    assert other.organization_id != organization.pk
    assert Person.objects.filter(organization=organization).count() == 1


def test_an_email_of_another_person_of_the_organization_is_a_conflict():
    organization = make_organization()
    make_person(organization=organization, last_name="Иванова", first_name="Анна", middle_name="Петровна",
                birth_date=date(1990, 5, 17))  # fmt: skip
    make_person(organization=organization, last_name="Петрова", email="anna1@example.ru")
    preview = read_registry(registry(good_row()), organization=organization, on=ON)
    assert [str(d) for d in preview.duplicates] == [
        "строка 2, столбец «E-mail»: адрес anna1@example.ru в реестре записан у другого работника "
        f"({Person.objects.get(email='anna1@example.ru').full_name}) — строка не будет загружена"
    ]
    assert preview.to_update == [] and preview.to_create == []


def test_deleted_people_are_not_matched():
    organization = make_organization()
    make_person(organization=organization, last_name="Иванова", first_name="Анна", middle_name="Петровна",
                birth_date=date(1990, 5, 17), deleted_at=timezone.now())  # fmt: skip
    preview = read_registry(registry(good_row()), organization=organization, on=ON)
    assert len(preview.to_create) == 1 and preview.to_update == []


# --- the management command ---------------------------------------------------------------------------------


def write(tmp_path: Path, data: bytes) -> str:
    path = tmp_path / "реестр.xlsx"
    path.write_bytes(data)
    return str(path)


def test_the_command_checks_without_writing_on_dry_run(tmp_path, capsys):
    organization = make_organization()
    call_command("import_registry", write(tmp_path, registry(good_row(), good_row(2))), organization=organization.pk,
                 dry_run=True)  # fmt: skip
    assert "Будет создано: 2, обновлено: 0, без изменений: 0." in capsys.readouterr().out
    assert Person.objects.count() == 0


def test_the_command_imports_and_says_how_many(tmp_path, capsys):
    organization = make_organization()
    path = write(tmp_path, registry(good_row(), good_row(2)))
    call_command("import_registry", path, organization=organization.pk)
    assert "Создано: 2, обновлено: 0, без изменений: 0." in capsys.readouterr().out
    assert Person.objects.filter(organization=organization).count() == 2
    call_command("import_registry", path, organization=organization.pk)
    assert "Создано: 0, обновлено: 0, без изменений: 2." in capsys.readouterr().out


def test_the_command_prints_every_error_and_writes_nothing(tmp_path, capsys):
    organization = make_organization()
    path = write(tmp_path, registry(good_row(), good_row(2, **{"Дата рождения": "12.03.2031"}), good_row(3, Стаж=-2)))
    with pytest.raises(CommandError, match="Файл не загружен, ничего не записано: 2 ошибки.") as raised:
        call_command("import_registry", path, organization=organization.pk)
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert "строка 3, столбец «Дата рождения»: дата рождения в будущем (12.03.2031)" in err
    assert "строка 4, столбец «Стаж»: стаж не может быть отрицательным (-2)" in err
    assert Person.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "organization_id", "message"),
    [
        (b"not a workbook", None, "Файл не является таблицей Excel"),
        (None, 999_999, "Организация с id 999999 не найдена."),
    ],
)
def test_the_command_refuses_a_bad_file_or_organization(tmp_path, data, organization_id, message):
    organization = make_organization()
    path = write(tmp_path, data or registry(good_row()))
    with pytest.raises(CommandError, match=message):
        call_command("import_registry", path, organization=organization_id or organization.pk)
    assert Person.objects.count() == 0


# --- killed in the middle -----------------------------------------------------------------------------------


def run_manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def count_people(database: Path) -> int:
    with sqlite3.connect(database) as connection:
        return connection.execute("SELECT COUNT(*) FROM people_person").fetchone()[0]


ROWS = 6_000


def write_lock_is_held(database: Path) -> bool:
    connection = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    else:
        connection.execute("ROLLBACK")
        return False
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_midway_leaves_the_database_unchanged(tmp_path):
    """A real process, a real file database, SIGKILL while the rows are being written, then a clean rerun.

    «Inside the write» is observed, not guessed: after the command says «Запись в базу…» the test waits
    until SQLite's write-ahead log has grown by a megabyte (uncommitted rows spilled to disk), checks that
    the import still holds the write lock (its transaction is open), and kills it.
    """
    database = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DJANGO_SETTINGS_MODULE": "nastavnik.settings_test"}
    setup = (
        "import django; django.setup()\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "from nastavnik.factory import make_organization, make_person\n"
        "o = make_organization()\n"
        "[make_person(organization=o) for _ in range(3)]\n"
        "print(o.pk)\n"
    )
    done = subprocess.run([sys.executable, "-c", setup], cwd=settings.BASE_DIR, env=env, capture_output=True,
                          text=True, timeout=120, check=True)  # fmt: skip
    organization_id = done.stdout.split()[-1]
    before = count_people(database)
    assert before == 3

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["ФИО", "Пол", "Дата рождения", "Предметы"])
    for n in range(ROWS):
        sheet.append([f"Иванова{code(n)} Анна Петровна", "ж", date(1970 + n % 30, 1 + n % 12, 1 + n % 28), "Физика"])
    path = tmp_path / "big.xlsx"
    workbook.save(path)

    wal = Path(f"{database}-wal")
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_registry", str(path), "--organization", organization_id],
        cwd=settings.BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line.startswith("Запись в базу"), line + process.stderr.read()  # type: ignore[union-attr]
        start = wal.stat().st_size if wal.exists() else 0
        deadline = time.monotonic() + 30
        while (wal.stat().st_size if wal.exists() else 0) < start + 1_000_000:
            assert process.poll() is None, "the import finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        assert write_lock_is_held(database), "the import committed before it could be killed"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == -signal.SIGKILL

    assert count_people(database) == before

    rerun = run_manage(env, "import_registry", str(path), "--organization", organization_id)
    assert rerun.returncode == 0, rerun.stderr
    assert f"Создано: {ROWS}, обновлено: 0" in rerun.stdout
    assert count_people(database) == before + ROWS


def test_preview_is_a_plain_dataclass_the_view_can_read():
    preview = read_registry(registry(good_row()), organization=make_organization(), on=ON)
    assert isinstance(preview, ImportPreview)
    assert preview.ok and preview.total_rows == 1 and preview.to_create[0].row == 2
