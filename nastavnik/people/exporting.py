"""Export of the registry to Excel and the template to fill (DESIGN §4.4).

The export has the template's columns first, so an exported file loads back as updates with no errors;
the columns after them (organization, age, experience, «молодой педагог» on a date) are for reading and
the importer recognises and skips them. Querysets come scoped by the caller; an export is two queries
whatever its size (the date of the consent is a subquery of the first).

The template's «Справка» also lists the optional columns other apps register with the importer (the
bank columns of mentoring): they are not in the template, a school adds them when it needs them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery

from nastavnik.lib.xlsx import write_xlsx
from nastavnik.orgs.models import Municipality
from nastavnik.people import importing
from nastavnik.people.models import Consent, ConsentKind, Gender, Person, Qualification

REGISTRY_HEADERS = [
    "Фамилия",
    "Имя",
    "Отчество",
    "Пол",
    "Дата рождения",
    "Должность",
    "Предметы",
    "Квалификационная категория",
    "Дата начала педагогического стажа",
    "Образование",
    "Электронная почта",
    "Телефон",
    importing.CONSENT_HEADER,
]

EXAMPLE_ROW = [
    "Иванова",
    "Анна",
    "Петровна",
    Gender.FEMALE.label,
    date(1990, 5, 17),
    "учитель",
    "Математика, информатика",
    Qualification.FIRST.label,
    date(2015, 9, 1),
    "высшее, педагогическое",
    "ivanova@example.ru",
    "+7 900 123-45-67",
    date(2025, 9, 1),
]

HELP_HEADERS = ["Столбец", "Что писать", "Пример"]
HELP_ROWS = [
    ["Фамилия", "Обязательно.", "Иванова"],
    ["Имя", "Обязательно.", "Анна"],
    ["Отчество", "Если есть.", "Петровна"],
    [
        "Пол",
        "«м» или «ж» (можно «мужской», «женский»). Если не заполнен, пол определяется по отчеству "
        "(…вич, …оглы — мужской; …вна, …кызы — женский).",
        "ж",
    ],
    [
        "Дата рождения",
        "ДД.ММ.ГГГГ или дата Excel. Не в будущем, возраст от 14 до 100 лет. По ФИО и дате рождения "
        "работник находится в реестре при повторной загрузке.",
        "17.05.1990",
    ],
    ["Должность", "Как в штатном расписании.", "учитель"],
    ["Предметы", "Через запятую или точку с запятой; новые предметы добавятся в справочник.", "Математика, физика"],
    [
        "Квалификационная категория",
        "без категории, первая, высшая, педагог-методист или педагог-наставник. Пусто и «соответствие "
        "занимаемой должности» — без категории.",
        "первая",
    ],
    [
        "Дата начала педагогического стажа",
        "ДД.ММ.ГГГГ. Не в будущем и не раньше 14 лет. Вместо неё можно дать столбец «Стаж» в полных годах: "
        "тогда началом стажа считается 1 сентября соответствующего учебного года.",
        "01.09.2015",
    ],
    ["Образование", "Уровень и профиль, свободным текстом.", "высшее, педагогическое"],
    ["Электронная почта", "Адрес; по нему работник тоже находится при повторной загрузке.", "ivanova@example.ru"],
    ["Телефон", "Любой удобный вид.", "+7 900 123-45-67"],
    [
        importing.CONSENT_HEADER,
        "Дата подписанного согласия на обработку персональных данных, ДД.ММ.ГГГГ, не в будущем. Записывается "
        "как согласие на бумаге, если у работника ещё нет согласия, действующего на эту дату. Подходят и "
        "заголовки «Дата согласия на обработку персональных данных», «Согласие (дата)». Согласие, которое "
        "было отозвано позже указанной даты, не восстанавливается: новое записывается в карточке работника.",
        "01.09.2025",
    ],
    ["", "", ""],
    [
        "Заголовки",
        "Порядок столбцов любой. Подходят и свои заголовки: «ФИО» или «Ф.И.О. педагога» одним столбцом, "
        "«Д.р.», «Категория», «Стаж», «E-mail», «Эл. почта»… Регистр, «ё» и знаки препинания не важны. "
        "Строка заголовков ищется в первых 10 строках листа; читается первый лист.",
        "",
    ],
    [
        "Проверка",
        "Сначала система показывает, кто будет добавлен и обновлён, и все ошибки со строкой и столбцом. "
        "Файл с ошибками не записывается совсем; запись — целиком или никак.",
        "",
    ],
    [
        "Повторная загрузка",
        "Работник, уже записанный в реестре организации (то же ФИО и дата рождения или та же почта), "
        "обновляется, а не добавляется второй раз. Пустая ячейка не стирает записанное значение. "
        "Работник другой организации не переносится: об этом будет сообщение.",
        "",
    ],
]


OPTIONAL_NOTE = [
    "Необязательные столбцы",
    "Их можно добавить в таблицу, чтобы сразу внести работников в банки. Для банка нужно согласие на "
    "обработку ПДн: уже записанное в системе или дата в столбце «" + importing.CONSENT_HEADER + "».",
    "",
]


def help_rows() -> list[list[str]]:
    """The «Справка»: the template's columns, the optional columns registered by other apps, the rules."""
    optional = [list(column.help) for column in importing.extra_columns() if column.help[0]]
    rules = HELP_ROWS[len(REGISTRY_HEADERS) :]
    return [
        *HELP_ROWS[: len(REGISTRY_HEADERS)],
        *([["", "", ""], OPTIONAL_NOTE, *optional] if optional else []),
        *rules,
    ]


def registry_template() -> bytes:
    """The registry template: the columns, one example row and the «Справка» sheet explaining them."""
    return write_xlsx([("Реестр", REGISTRY_HEADERS, [EXAMPLE_ROW]), ("Справка", HELP_HEADERS, help_rows())])


def names_by_owner(links: QuerySet[Any], owner: str, name: str) -> dict[int, str]:
    """«Математика, физика» per owner id, from a through-table queryset, in one query."""
    names: dict[int, list[str]] = defaultdict(list)
    for owner_id, value in links.values_list(owner, name).order_by(owner, name):
        names[owner_id].append(value)
    return {owner_id: ", ".join(values) for owner_id, values in names.items()}


def registry_headers(on: date) -> list[str]:
    return [
        *REGISTRY_HEADERS,
        "Организация",
        f"Возраст на {on:%d.%m.%Y}",
        f"Стаж на {on:%d.%m.%Y}, лет",
        f"Молодой педагог на {on:%d.%m.%Y}",
    ]


_FIELDS = (
    "pk",
    "last_name",
    "first_name",
    "middle_name",
    "gender",
    "birth_date",
    "position",
    "qualification",
    "experience_start",
    "education",
    "email",
    "phone",
    "consent_on",
    "organization__short_name",
    "organization__municipality_id",
    "organization__municipality__young_rule",
    "organization__municipality__young_experience_years",
    "organization__municipality__young_age_years",
)


def registry_rows(queryset: QuerySet[Person], on: date) -> Iterator[list[Any]]:
    """The rows of the export in the order of ``registry_headers``.

    Rows are read as tuples (model instances cost 100 µs a row at 30,000 rows); age, experience and
    «молодой педагог» are still computed by the model's own methods, on one reused unsaved Person.
    """
    links = Person.subjects.through.objects.filter(person__in=queryset.values("pk"))
    subjects = names_by_owner(links, "person_id", "subject__name")
    genders = dict(Gender.choices)
    qualifications = dict(Qualification.choices)
    rules: dict[int, Municipality] = {}
    probe = Person()
    consents = Consent.objects.valid(on).filter(person=OuterRef("pk"), kind=ConsentKind.PROCESSING)
    queryset = queryset.annotate(consent_on=Subquery(consents.order_by("-given_on").values("given_on")[:1]))
    for row in queryset.values_list(*_FIELDS).iterator(chunk_size=2000):
        pk, last, first, middle, gender, birth, position, qualification, start, education, email, phone = row[:12]
        consent_on, short_name, municipality_id, *rule = row[12:]
        if municipality_id not in rules:
            rules[municipality_id] = Municipality(
                young_rule=rule[0], young_experience_years=rule[1], young_age_years=rule[2]
            )
        probe.birth_date, probe.experience_start = birth, start
        yield [
            last,
            first,
            middle,
            genders.get(gender, gender),
            birth,
            position,
            subjects.get(pk, ""),
            qualifications.get(qualification, qualification),
            start,
            education,
            email,
            phone,
            consent_on,
            short_name,
            probe.age(on),
            probe.experience_years(on),
            "да" if probe.is_young(on, rules[municipality_id]) else "нет",
        ]


def export_registry(queryset: QuerySet[Person], *, on: date) -> bytes:
    return write_xlsx([("Реестр", registry_headers(on), registry_rows(queryset, on))])
